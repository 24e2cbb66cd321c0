"""Row rules of the imports: every problem of every row becomes a RowError; nothing stops early.

Shared by every import: RowError, the field-count check, text cleaning; the rules of a partner
list (name, kind, contact) and the similarity of match keys. The participant rules are in
participant_rows.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.i18n import _, ngettext
from vrijetijd_cli.importers.headers import HeaderMap
from vrijetijd_cli.parse import clean_text, normalize

PARTICIPANT_FIELDS = (
    "first_name", "last_name", "birth_date", "postcode", "household_size", "phone", "email",
    "ground", "domain", "note", "date",
)
PARTICIPANT_REQUIRED = ("first_name", "last_name", "birth_date")
PARTNER_FIELDS = ("name", "kind", "contact")
PARTNER_REQUIRED = ("name",)


@dataclass(frozen=True)
class RowError:
    """One problem: the file's line, the column as the file names it ('' for the whole row), and
    the reason, already in the user's language."""

    line: int
    column: str
    value: str
    reason: str

    def part(self) -> str:
        """The problem without its line: 'Geb. datum: '31/02/1990' bestaat niet als datum'."""
        return f"{self.column}: {self.reason}" if self.column else self.reason

    def text(self) -> str:
        """'regel 5: Geb. datum: '31/02/1990' bestaat niet als datum'."""
        return _("regel {line}: {problem}").format(line=self.line, problem=self.part())

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "value": self.value, "reason": self.reason,
                "text": self.text()}


def row_text(errors: Sequence[RowError]) -> str:
    """All problems of one row in one cell: 'regel 8: Geb. datum: … | Postcode: …'."""
    return _("regel {line}: {problem}").format(line=errors[0].line, problem=" | ".join(e.part() for e in errors))


def row_error(line: int, column: str, value: object, error: InvalidInput) -> RowError:
    """A parse error raised with field=column, without repeating the column."""
    return RowError(line, column, shown(value), reason(column, error))


def reason(column: str, error: InvalidInput) -> str:
    """The message of a parse error raised with field=column, without the column."""
    prefix = f"{column}: "
    return error.message[len(prefix):] if error.message.startswith(prefix) else error.message


def shown(value: object) -> str:
    """A cell as the user sees it: dates of an Excel file as dd/mm/jjjj."""
    return value.strftime("%d/%m/%Y") if isinstance(value, date) else str(value)


def width_error(line: int, cells: Sequence, width: int, excel: bool = False) -> RowError | None:
    """Too many or too few fields: the columns cannot be trusted, so nothing else is checked."""
    count = len(cells)
    if count == width:
        return None
    if count > width:
        extra = " | ".join(shown(c) for c in cells[width:])
        if excel:
            return RowError(line, "", extra, _("waarden rechts van de laatste kolom met een kop"))
        return RowError(
            line, "", extra,
            ngettext("{count} veld in plaats van {width}: te veel (een ';' of ',' in een waarde"
                     " zonder aanhalingstekens?)",
                     "{count} velden in plaats van {width}: te veel (een ';' of ',' in een waarde"
                     " zonder aanhalingstekens?)", count).format(count=count, width=width),
        )
    return RowError(
        line, "", "",
        ngettext("{count} veld in plaats van {width}: te weinig", "{count} velden in plaats van {width}: te weinig",
                 count).format(count=count, width=width),
    )


class _Row:
    """The cells of one row and the problems found so far (for the small partner lists)."""

    __slots__ = ("line", "cells", "errors", "headers")

    def __init__(self, line: int, cells: Sequence, headers: Sequence[str]):
        self.line, self.cells, self.headers = line, cells, headers
        self.errors: list[RowError] = []

    def fail(self, index: int, error: InvalidInput) -> None:
        self.errors.append(row_error(self.line, self.headers[index], self.cells[index], error))

    def problem(self, index: int, reason: str) -> None:
        self.errors.append(RowError(self.line, self.headers[index], shown(self.cells[index]), reason))

    def missing(self, index: int) -> None:
        self.problem(index, _("ontbreekt"))

    def text(self, index: int | None, max_length: int) -> str:
        if index is None:
            return ""
        text, error = clean_cell(self.cells[index], self.headers[index], max_length)
        if error is not None:
            self.fail(index, error)
        return text


def clean_cell(value: object, column: str, max_length: int) -> tuple[str, InvalidInput | None]:
    """parse.clean_text, with a fast path for the usual short printable text."""
    if not isinstance(value, str):
        value = shown(value)
    text = value.strip()
    if len(text) <= max_length and text.isprintable():
        return text, None
    try:
        return clean_text(value, column, max_length), None
    except InvalidInput as error:
        return "", error


@dataclass(frozen=True, slots=True)
class PartnerRow:
    line: int
    name: str
    kind: str | None  # None: keep the stored kind (or 'andere' for a new partner)
    contact: str | None  # None: keep the stored contact

    @property
    def key(self) -> str:
        return normalize(self.name)

    def names(self) -> dict:
        return {"name": self.name}


class PartnerRules:
    def __init__(self, kinds: Mapping[str, Mapping[str, str]], header_map: HeaderMap, excel: bool = False):
        self.excel = excel
        self.headers = header_map.headers
        self.width = len(header_map.headers)
        self.index = {f: header_map.columns.get(f) for f in PARTNER_FIELDS}
        self.kinds: dict[str, str] = {}
        for code, labels in kinds.items():
            for spelling in (code, *labels.values()):
                self.kinds.setdefault(normalize(spelling), code)
        self.choices = ", ".join(kinds)

    def check(self, line: int, cells: Sequence) -> tuple[PartnerRow | None, list[RowError]]:
        wrong_width = width_error(line, cells, self.width, self.excel)
        if wrong_width:
            return None, [wrong_width]
        row = _Row(line, cells, self.headers)
        at = self.index
        name = row.text(at["name"], 120)
        if not normalize(name) and not row.errors:
            row.missing(at["name"])
        kind_text = row.text(at["kind"], 120)
        kind = self.kinds.get(normalize(kind_text)) if kind_text else None
        if kind_text and kind is None:
            row.problem(at["kind"], _("soort {value!r} is onbekend; kies uit {choices}").format(
                value=kind_text, choices=self.choices))
        contact = row.text(at["contact"], 200) if at["contact"] is not None else None
        if row.errors:
            return None, row.errors
        return PartnerRow(line, name, kind, contact or None), []


def one_edit_apart(a: str, b: str) -> bool:
    """True when one insertion, deletion or substitution turns `a` into `b` (not when equal)."""
    if len(a) > len(b):
        a, b = b, a
    short, long_ = len(a), len(b)
    if long_ - short > 1 or a == b:
        return False
    half = short // 2
    # one edit leaves the first or the last half untouched: a cheap test before the exact one
    if half and a[:half] != b[:half] and a[-half:] != b[-half:]:
        return False
    i = 0
    while i < short and a[i] == b[i]:
        i += 1
    if short == long_:
        return a[i + 1:] == b[i + 1:]
    return a[i:] == b[i + 1:]


def similar_keys(key: str, swapped: str, other: str) -> str | None:
    """Why two match keys with the same birth date may be one person: 'swapped' first and last
    names, or a 'typo' (one edit apart); None otherwise. `swapped` is `key` with the names swapped.

    The shared birth date does not change the edit distance, so whole keys are compared, and
    most pairs are ruled out by their length alone.
    """
    if not -1 <= len(other) - len(key) <= 1 or other == key:
        return None
    if other == swapped:
        return "swapped"
    return "typo" if one_edit_apart(key, other) else None
