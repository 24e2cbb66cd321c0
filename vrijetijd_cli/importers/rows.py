"""What every import says about a row: RowError (line, column, value, reason), the field-count
check and text cleaning. Every problem of every row becomes a RowError; nothing stops early.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.i18n import _, ngettext
from vrijetijd_cli.parse import clean_text


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
