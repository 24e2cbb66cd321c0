"""What every table read from a partner's file offers, CSV or Excel alike: how it is written
(`Dialect`), what one pass over its bytes found (`Scan`), its header and its rows (`Table`).
importers/reader.py opens a CSV, importers/xlsx.py an Excel file; both build on this.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from vrijetijd_cli.i18n import _

DELIMITER_NAMES = {";": "';'", ",": "','", "\t": "tab", "|": "'|'"}


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


def is_blank(cells: list) -> bool:
    return not any(c.strip() if isinstance(c, str) else c is not None for c in cells)


def header_cells(cells: list) -> list[str]:
    headers = [str(c).strip() if c is not None else "" for c in cells]
    while headers and not headers[-1]:
        headers.pop()
    return headers


class Table(ABC):
    """An open file: `headers`, `dialect`, `sha256`, `header_line` and a streaming `rows()`."""

    path: Path
    dialect: Dialect
    headers: list[str]
    header_line: int
    sha256: str
    size: int

    @abstractmethod
    def rows(self) -> Iterator[tuple[int, list]]:
        """(line number, cells) of every non-empty row after the header.

        Trailing empty cells beyond the header's width are dropped, so `len(cells) !=
        len(headers)` means too many or too few fields.
        """

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
