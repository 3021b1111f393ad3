"""Bind every SOP feature under features/ to its step definitions.

The steps live in tests/bdd/steps/ and are registered through ``pytest_plugins`` in the
root conftest.py; a scenario whose steps are missing fails here, so a new feature file
is a failing test until its steps exist.
"""

from pytest_bdd import scenarios

scenarios(".")
