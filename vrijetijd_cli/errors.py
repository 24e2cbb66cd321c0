"""The one exception tree. Each error carries one message for the user, already in the user's
language (written in Dutch in the code, translated through the catalogue when it is raised).
"""

from __future__ import annotations


class VrijetijdError(Exception):
    """A mistake in the data or the request: shown as 'Fout: ...' with exit code 1."""

    def __init__(self, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or []

    def __str__(self) -> str:
        return self.message


class NotFound(VrijetijdError):
    """`what` (a noun in the user's language: `_("deelnemer")`) with `key` does not exist."""

    def __init__(self, what: str, key: object):
        from vrijetijd_cli.i18n import _

        super().__init__(_("{what} {key!r} bestaat niet").format(what=what, key=key))
        self.key = key


class Ambiguous(VrijetijdError):
    """A name that matches more than one record; lists the candidates."""


class Conflict(VrijetijdError):
    """The request clashes with what is stored (duplicate, forbidden transition, redeemed…)."""


class InvalidInput(VrijetijdError):
    """A value that cannot be understood (date, amount, code, file)."""


class ConfigError(VrijetijdError):
    """config.yaml cannot be read or holds a wrong value."""


class DatabaseError(VrijetijdError):
    """The database cannot be opened, is not ours, or cannot be written."""


class ImportRejected(VrijetijdError):
    """An import with invalid rows; `details` lists every problem."""
