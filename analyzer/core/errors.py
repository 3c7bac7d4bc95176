"""One exception tree. A user error names the input (file, row, domain, rule) and what is wrong."""
from __future__ import annotations


class FootprintError(Exception):
    """Base of every error footprint raises on purpose."""

    exit_code = 1


class UsageError(FootprintError):
    """Unusable input or usage: exit code 2, one line on stderr."""

    exit_code = 2


class InvalidInput(UsageError):
    """A domain, URL or e-mail address that cannot be scanned."""

    def __init__(self, value: str, problem: str):
        self.value = value
        self.problem = problem
        super().__init__(f"{value!r}: {problem}")


class NoNetwork(UsageError):
    """The machine has no network at all: a fault of the machine, not of the organisation."""

    def __init__(self) -> None:
        super().__init__("no network connection")


class RuleError(UsageError):
    """A rule file that cannot be loaded: names the file, the rule and the problem."""


class ModelError(UsageError):
    """A classifier model that cannot be used (wrong version, features, structure, not trusted): exit 2."""


class StoreError(FootprintError):
    """The store cannot be opened or is of an unknown schema."""
