"""Bind every SOP feature under features/ (bdd_features_base_dir) to its step definitions.

The steps live in tests/bdd/steps/ and are registered through ``pytest_plugins`` in the
root conftest.py; a scenario whose steps are missing fails here.
"""

from pytest_bdd import scenarios

scenarios(".")
