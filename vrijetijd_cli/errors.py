"""The one exception tree. Messages are complete sentences for the user (Dutch by default).

Every error carries the Dutch message and, where it differs, the English one; the root app
chooses by the configured language.
"""

from __future__ import annotations


class VrijetijdError(Exception):
    """A mistake in the data or the request: shown as 'Fout: ...' with exit code 1."""

    def __init__(self, message: str, message_en: str | None = None, details: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.message_en = message_en or message
        self.details = details or []

    def text(self, language: str = "nl") -> str:
        return self.message_en if language == "en" else self.message


class NotFound(VrijetijdError):
    """`what` (a noun in the user's language: `_("deelnemer")`) with `key` does not exist."""

    def __init__(self, what: str, key: object, what_en: str | None = None):
        if what_en is None:
            from vrijetijd_cli.i18n import _

            super().__init__(_("{what} {key!r} bestaat niet").format(what=what, key=key))
        else:  # the two-language form, while the modules move to the catalogue
            super().__init__(f"{what} {key!r} bestaat niet", f"{what_en or what} {key!r} does not exist")
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
