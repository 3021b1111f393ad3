"""The error tree. The CLI maps each class to an exit code and prints one line."""

from __future__ import annotations


class PropsvcError(Exception):
    """Base of every error a user may see. ``str(err)`` is the one line shown."""

    exit_code = 1


class NotFound(PropsvcError):
    """The thing named does not exist (unknown ticket number, ...)."""


class RuleViolation(PropsvcError):
    """A domain refusal: the SOP rule ``rule`` forbids the action."""

    def __init__(self, rule: str, message: str) -> None:
        self.rule = rule
        self.message = message
        super().__init__(f"{rule}: {message}")


class Unauthenticated(PropsvcError):
    """No valid login, session or token (the desk server's 401)."""


class Forbidden(PropsvcError):
    """The acting role may not do this."""


class Conflict(PropsvcError):
    """Someone else changed the same record at the same moment."""


class InvalidInput(PropsvcError):
    """Malformed input: bad format, out of range, a time in the future."""

    exit_code = 2


class MissingInput(RuleViolation):
    """Input an SOP rule requires was not given (``C7: … give --note``): bad input, exit 2,
    still naming the rule."""

    exit_code = 2
