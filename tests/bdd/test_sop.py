"""Bind the repair SOP feature (features/报修管理.feature) to its step definitions.

The steps live in tests/bdd/steps/ and are registered through ``pytest_plugins`` in the
root conftest.py; a scenario whose steps are missing fails here. Other SOP families bind
their own features in their own modules (test_complaints_help.py, ...).
"""

from pytest_bdd import scenarios

scenarios("报修管理.feature")
