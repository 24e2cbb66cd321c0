"""One name column split into first and last name: "PEETERS Ann", "Peeters, Ann", "Ann Peeters".

- A comma separates last name, first name.
- Words in capitals among words in mixed case are the last name ("PEETERS Ann", "Jan VAN DEN BROECK").
- Otherwise (all in capitals, or all mixed) the config's `name_order` decides: `first_last`
  ("Ann Peeters") or `last_first` ("Peeters Ann"); the import counts the rows split that way.
- Particles (Van den, De, Vander, Van, …) stay with the last name.

Names in capitals are written with a capital only at the start of each part ("PEETERS" ->
"Peeters", "D'HONDT" -> "D'Hondt").
"""

from __future__ import annotations

import re
from typing import NamedTuple

from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.i18n import _

ORDERS = ("first_last", "last_first")
PARTICLES = frozenset({
    "van", "vander", "vanden", "vande", "der", "den", "de", "del", "della", "di", "da", "du", "des", "la", "le",
    "t", "ter", "ten", "te", "het", "op", "in", "d", "von", "zu", "el", "al", "ben", "bin", "ibn", "abu", "mac",
})


class Split(NamedTuple):
    first: str
    last: str
    by_order: bool  # decided by name_order, not by the name itself


def _letters(word: str) -> str:
    return "".join(c for c in word if c.isalpha())


def _capitals(word: str) -> bool:
    letters = _letters(word)
    return len(letters) >= 2 and letters.isupper()


def _particle(word: str) -> bool:
    return _letters(word).casefold() in PARTICLES


def _capitalise(word: str) -> str:
    """'PEETERS' -> 'Peeters', "D'HONDT" -> "D'Hondt", 'EL-AMRANI' -> 'El-Amrani'."""
    if not _capitals(word):
        return word
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0)[0] + m.group(0)[1:].lower(), word)


def _tidy(words: list[str]) -> str:
    text = " ".join(_capitalise(w) for w in words)
    return text


def split_name(value: str, order: str = "first_last", field: str = "naam") -> Split:
    """Split a whole name; raises InvalidInput when there is no first and last name in it."""
    text = " ".join(value.split())
    if "," in text:
        last, _comma, first = text.partition(",")
        last, first = last.strip(), first.strip(" ,")
        if not _letters(last) or not _letters(first):
            raise _not_two(field, text)
        return Split(_tidy(first.split()), _tidy(last.split()), False)
    words = text.split()
    if len(words) < 2:
        raise _not_two(field, text)
    capitals = [_capitals(w) and not _particle(w) for w in words]
    mixed = [bool(_letters(w)) and not _capitals(w) and not _particle(w) for w in words]
    if any(capitals) and any(mixed):
        first_cap = capitals.index(True)
        last_cap = len(capitals) - 1 - capitals[::-1].index(True)
        start = first_cap
        while start > 0 and _particle(words[start - 1]):
            start -= 1
        if start == 0 and last_cap < len(words) - 1:  # "PEETERS Ann": last name first
            return Split(_tidy(words[last_cap + 1:]), _tidy(words[:last_cap + 1]), False)
        if last_cap == len(words) - 1 and start > 0:  # "Ann PEETERS", "Jan van den BROECK"
            return Split(_tidy(words[:start]), _tidy(words[start:]), False)
    return _by_order(words, order, field, text)


def _by_order(words: list[str], order: str, field: str, text: str) -> Split:
    if order == "last_first":
        end = 0
        while end < len(words) - 1 and _particle(words[end]):
            end += 1
        end += 1  # the name after the particles
        if end >= len(words):
            raise _not_two(field, text)
        return Split(_tidy(words[end:]), _tidy(words[:end]), True)
    start = len(words) - 1
    while start > 1 and _particle(words[start - 1]):
        start -= 1
    return Split(_tidy(words[:start]), _tidy(words[start:]), True)


def _not_two(field: str, text: str) -> InvalidInput:
    return InvalidInput(_("{field}: {value!r} heeft geen voornaam en familienaam").format(field=field, value=text))
