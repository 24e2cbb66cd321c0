"""Finding a person's name in free text, the way people and file names write it.

A full-name form is the first and the last name together, in either order: "Zeynep Aksoy",
"Aksoy Zeynep", "AKSOY Zeynep", "Aksoy, Zeynep", "lijst-zeynep-aksoy.csv", "aksoy_zeynep" —
spaces, hyphens, underscores, dots or apostrophes between the parts and between the words of
a part, case and accents ignored ("Zeynep Aksöy" too). A form is found only as whole words:
"Annemie Peeters" holds no "Ann Peeters". The bare last name is searched the same way, to list
texts for review (people share last names, so those are never changed blindly).

Matching runs on a folded copy of the text (casefolded, accents off) that remembers, for every
folded character, where it came from, so a replacement keeps every other character as it was.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cached_property

from vrijetijd_cli.parse import normalize

PLACEHOLDER = "[Geanonimiseerd]"
FILE_PLACEHOLDER = "geanonimiseerd"  # in a file name: no brackets or spaces
# what may stand between the parts of a name, and between the words of one part
_SEP = r"[\s._'’\-]+"
_BEFORE = r"(?<![^\W_])"  # not inside a word ('_' separates, as in file names)
_AFTER = r"(?![^\W_])"
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> tuple[str, list[int] | None]:
    """(folded text, for each folded character the index of its original one; None when the
    folded text lines up with the original character for character)."""
    if text.isascii():
        return text.lower(), None
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        if char.isascii():
            folded = char.lower()
        else:
            decomposed = unicodedata.normalize("NFKD", char)
            folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
        out.append(folded)
        where.extend([index] * len(folded))
    return "".join(out), where


def _part(name: str) -> tuple[str, list[str]]:
    words = normalize(name).split()
    return _SEP.join(re.escape(w) for w in words), words


class Name:
    """One person's name forms, compiled once."""

    def __init__(self, first_name: str, last_name: str):
        self._first, self.first_words = _part(first_name)
        self._last, self.last_words = _part(last_name)
        self.usable = bool(self.first_words and self.last_words)

    # compiled only for a text that holds the name's words: a purge may name many thousands
    @cached_property
    def full(self) -> re.Pattern:
        first, last = self._first, self._last
        return re.compile(rf"{_BEFORE}(?:{first}{_SEP}{last}|{last}(?:{_SEP}|\s*,\s*){first}){_AFTER}")

    @cached_property
    def last(self) -> re.Pattern:
        return re.compile(rf"{_BEFORE}{self._last}{_AFTER}")

    @cached_property
    def first(self) -> re.Pattern:
        return re.compile(rf"{_BEFORE}{self._first}{_AFTER}")


def words_of(folded: str) -> set[str]:
    return set(_WORD.findall(folded))


class NameSet:
    """Many people's names (a retention purge may forget thousands), indexed by the first word of
    the last and of the first name, so a text is only matched against names whose words it holds;
    the bare last name is searched once per distinct last name."""

    def __init__(self, names: Iterable[Name]):
        self.full: dict[str, dict[str, list[Name]]] = {}
        self.last: dict[str, dict[tuple[str, ...], Name]] = {}
        for name in names:
            if name.usable:
                last, first = name.last_words[0], name.first_words[0]
                self.full.setdefault(last, {}).setdefault(first, []).append(name)
                self.last.setdefault(last, {}).setdefault(tuple(name.last_words), name)

    def with_full_name(self, words: set[str]) -> list[Name]:
        found: list[Name] = []
        for last in words & self.full.keys():
            by_first = self.full[last]
            for first in words & by_first.keys():
                found += by_first[first]
        return found

    def with_last_name(self, words: set[str]) -> list[Name]:
        return [name for last in words & self.last.keys() for name in self.last[last].values()]


def _as_set(names: Iterable[Name] | NameSet) -> NameSet:
    return names if isinstance(names, NameSet) else NameSet(names)


def replace_full(text: str, names: Iterable[Name] | NameSet, placeholder: str = PLACEHOLDER) -> tuple[str, int]:
    """`text` with every full-name form of these people replaced; and how many were."""
    folded, where = fold(text)
    words = words_of(folded)
    spans: list[tuple[int, int]] = []
    for name in _as_set(names).with_full_name(words):
        spans.extend(_original_span(m.start(), m.end(), where) for m in name.full.finditer(folded))
    return _put(text, spans, placeholder)


def replace_bare(text: str, name: Name, placeholder: str = PLACEHOLDER) -> tuple[str, int]:
    """`text` with the bare first and last name of one person replaced; only for a text about
    that person (other people share names)."""
    if not name.usable:
        return text, 0
    folded, where = fold(text)
    spans = [_original_span(m.start(), m.end(), where)
             for pattern in (name.first, name.last) for m in pattern.finditer(folded)]
    return _put(text, spans, placeholder)


def _put(text: str, spans: list[tuple[int, int]], placeholder: str) -> tuple[str, int]:
    """`text` with the placeholder in each span; and how many were replaced."""
    if not spans:
        return text, 0
    pieces, at, count = [], 0, 0
    for start, end in sorted(spans):
        if start < at:
            continue  # overlapping forms of two people: the first one replaced covers it
        pieces += [text[at:start], placeholder]
        at, count = end, count + 1
    pieces.append(text[at:])
    return "".join(pieces), count


def last_name_excerpt(text: str, names: Iterable[Name] | NameSet, width: int = 30) -> str | None:
    """A short excerpt around the first bare last name of these people in `text`, or None."""
    folded, where = fold(text)
    words = words_of(folded)
    for name in _as_set(names).with_last_name(words):
        match = name.last.search(folded)
        if match:
            start, end = _original_span(match.start(), match.end(), where)
            before = max(0, start - width)
            after = min(len(text), end + width)
            excerpt = " ".join(text[before:after].split())
            return ("…" if before else "") + excerpt + ("…" if after < len(text) else "")
    return None


def _original_span(start: int, end: int, where: list[int] | None) -> tuple[int, int]:
    if where is None:
        return start, end
    return where[start], where[end - 1] + 1
