"""What every table read from a partner's file offers, CSV or Excel alike: how it is written
(`Dialect`), what one pass over its bytes found (`Scan`), where its header is and its rows
(`Table`). importers/reader.py opens a CSV, importers/xlsx.py an Excel file; both build on this.

Finding the table in a sheet: title rows, a date line or a logo row may stand above the header.
The header is the first of the first `HEAD_ROWS` rows that names at least two known fields
(`locate`); `--header-row N` says which line it is.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.i18n import _

DELIMITER_NAMES = {";": "';'", ",": "','", "\t": "tab", "|": "'|'"}
HEAD_ROWS = 30  # rows searched for the header
CHUNK_ROWS = 8192  # rows handed over at once
# how many known fields a row must name to be the header
HEADER_SCORE = 2

Score = Callable[[Sequence], int]


@dataclass(frozen=True)
class Dialect:
    """How a file is written; the rejects file is written back the same way."""

    kind: str  # 'csv' or 'xlsx'
    delimiter: str = ""
    encoding: str = ""  # Python codec name: 'utf-8', 'cp1252', or what --encoding said
    bom: bool = False
    sheet: str = ""

    def describe(self) -> str:
        """'Windows-1252, scheidingsteken ';'' or 'Excel, blad 'Deelnemers'' for the user."""
        if self.kind == "xlsx":
            return _("Excel, blad {sheet!r}").format(sheet=self.sheet)
        name = {"utf-8": "UTF-8", "cp1252": "Windows-1252"}.get(self.encoding, self.encoding)
        delimiter = DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))
        if self.bom:
            return _("{encoding} met BOM, scheidingsteken {delimiter}").format(encoding=name, delimiter=delimiter)
        return _("{encoding}, scheidingsteken {delimiter}").format(encoding=name, delimiter=delimiter)


@dataclass
class Scan:
    size: int
    sha256: str
    head: bytes
    utf8: bool
    cp1252_problem: tuple[int, int] | None  # (line, byte) of a byte Windows-1252 does not define
    longest: tuple[int, int] = (0, 0)  # (bytes, line) of the longest line


@dataclass(frozen=True)
class Chunk:
    """Rows in file order with their line numbers; empty rows are left out (and counted)."""

    lines: Sequence[int]
    rows: list[list]


def is_blank(cells: Sequence) -> bool:
    return not any(c.strip() if isinstance(c, str) else c is not None for c in cells)


def header_cells(cells: Sequence) -> list[str]:
    headers = [str(c).strip() if c is not None else "" for c in cells]
    while headers and not headers[-1]:
        headers.pop()
    return headers


def find_header(head: Sequence[tuple[int, list]], score: Score | None, header_row: int | None,
                name: str) -> tuple[int, int]:
    """(position in `head`, score) of the header row: `header_row` if given, else the first row
    that names at least HEADER_SCORE fields, else the first row."""
    if header_row is not None:
        for position, (line, _cells) in enumerate(head):
            if line == header_row:
                return position, score(head[position][1]) if score else 0
        raise InvalidInput(_("--header-row: regel {line} van {name!r} is leeg of ligt voorbij de eerste {count}"
                             " rijen met gegevens").format(line=header_row, name=name, count=HEAD_ROWS))
    if score is not None:
        for position, (_line, cells) in enumerate(head):
            found = score(cells)
            if found >= HEADER_SCORE:
                return position, found
    return 0, 0


class Table(ABC):
    """An open file: `headers`, `header_line`, `dialect`, `sha256`, and its rows after the header.

    `blank_rows` counts the empty rows met so far (and `skipped_above` the rows above the header).
    """

    path: Path
    dialect: Dialect
    headers: list[str]
    header_line: int
    skipped_above: int = 0
    blank_rows: int = 0
    sha256: str
    size: int

    @abstractmethod
    def locate(self, score: Score | None, header_row: int | None = None) -> int:
        """Take the header where `score` (or `header_row`) says; returns the header's score."""

    @abstractmethod
    def chunks(self, size: int = CHUNK_ROWS) -> Iterator[Chunk]:
        """The rows after the header, in chunks.

        Trailing empty cells beyond the header's width are dropped, so `len(cells) !=
        len(headers)` means too many or too few fields.
        """

    def rows(self) -> Iterator[tuple[int, list]]:
        """(line number, cells) of every non-empty row after the header."""
        for chunk in self.chunks():
            yield from zip(chunk.lines, chunk.rows, strict=True)

    @abstractmethod
    def progress(self) -> tuple[int, int]:
        """(done, total) in some unit, for a progress bar."""

    @abstractmethod
    def close(self) -> None:
        """Release the file."""

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def trim(rows: list[list], width: int) -> None:
    """Empty cells beyond the header's width are no field of their own."""
    for cells in rows:
        while len(cells) > width and not (cells[-1].strip() if isinstance(cells[-1], str) else cells[-1]):
            cells.pop()
