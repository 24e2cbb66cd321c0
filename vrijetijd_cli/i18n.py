"""Messages in the user's language: gettext with catalogues compiled by Babel.

Every text a user reads is written once, in Dutch, and wrapped in `_()` (or `ngettext()` for
plurals, `pgettext()` where one Dutch word needs two translations); `N_()` only marks a text
for extraction where it is defined (a column header at import time) and `_()` translates it
where it is shown; `NP_()` does the same for a text with a context. Dutch is the source
language: see docs/architecture.md, "Messages".

The language comes from the configuration (`language:`). It is chosen on the first message
of an invocation, by asking the session (which loads the config); until the config is known,
and when it cannot be read, messages are in Dutch. Typer's own words go through the standard
`gettext` functions under the domain TYPER_DOMAIN, bound to our catalogue of them.

VRIJETIJD_LOCALE_DIR points at another folder of catalogues (a translator trying a new
language without installing it); the packaged `locale/` folder is the default.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Callable
from pathlib import Path

DOMAIN = "vrijetijd"
TYPER_DOMAIN = "typer"
SOURCE_LANGUAGE = "nl"
PACKAGED_LOCALE_DIR = Path(__file__).with_name("locale")

_translation: _gettext.NullTranslations | None = None
_language: str | None = None
# asked for the language on the first message (context.Session registers itself)
language_source: Callable[[], str] | None = None


def locale_dir() -> Path:
    return Path(os.environ.get("VRIJETIJD_LOCALE_DIR") or PACKAGED_LOCALE_DIR)


def available(language: str) -> bool:
    """Whether `language` can be shown: the source language, or one with a compiled catalogue."""
    if language == SOURCE_LANGUAGE:
        return True
    return (locale_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()


def set_language(language: str) -> None:
    """Use `language` from now on, for our messages and for Typer's."""
    global _translation, _language
    _language = language
    _translation = _gettext.translation(DOMAIN, str(locale_dir()), languages=[language], fallback=True)
    # Typer calls gettext.gettext() with the global domain and the environment's language
    _gettext.bindtextdomain(TYPER_DOMAIN, str(locale_dir()))
    _gettext.textdomain(TYPER_DOMAIN)
    os.environ["LANGUAGE"] = language


def reset() -> None:
    """Forget the language (a new invocation, a new config): chosen again on the next message."""
    global _translation, _language
    _translation = None
    _language = None


def language() -> str:
    """The language messages are shown in."""
    _active()
    return _language or SOURCE_LANGUAGE


def _active() -> _gettext.NullTranslations:
    if _translation is None:
        # the source language while the config is read: its own errors must not ask for it again
        set_language(SOURCE_LANGUAGE)
        if language_source is not None:
            chosen = language_source()
            if chosen != SOURCE_LANGUAGE:
                set_language(chosen)
    return _translation  # type: ignore[return-value]


def _(message: str) -> str:
    """`message` (Dutch) in the user's language."""
    return _active().gettext(message) if message else message


def N_(message: str) -> str:
    """Mark `message` for the catalogue without translating it here; `_()` it where it is shown."""
    return message


def NP_(context: str, message: str) -> tuple[str, str]:
    """Mark `message` for the catalogue in the sense `context`; `pgettext(*marked)` shows it."""
    return context, message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, in the user's language."""
    return _active().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` in the sense given by `context` (one Dutch word, two meanings)."""
    return _active().pgettext(context, message)
