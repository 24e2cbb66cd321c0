"""Reading an .xlsx with openpyxl in read-only mode: the Excel half of `reader.open_table`.

openpyxl is imported only when an Excel file is opened: it costs start-up time.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.i18n import _
from vrijetijd_cli.importers.table import Dialect, Scan, Table, header_cells, is_blank


def _xlsx_cell(value: object) -> str | date:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if hasattr(value, "is_integer") and value.is_integer():
        return str(int(value))
    return str(value)


class XlsxTable(Table):
    def __init__(self, path: Path, scan: Scan, sheet: str | None):
        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        self.path, self.sha256, self.size = path, scan.sha256, scan.size
        name = str(path)
        try:
            self._book = load_workbook(path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, InvalidFileException, OSError, ValueError) as exc:
            raise InvalidInput(
                _("{name!r} is geen geldig Excel-bestand (.xlsx): {reason}").format(name=name, reason=exc)
            ) from None
        self._sheet = self._choose(sheet)
        self._total = self._sheet.max_row or 0
        self._sheet.reset_dimensions()  # some programs write wrong dimensions; read what is there
        self._done = 0
        self._rows = enumerate(self._sheet.iter_rows(values_only=True), 1)
        for number, values in self._rows:
            if not is_blank(list(values)):
                self.header_line = self._done = number
                self.headers = header_cells(list(values))
                break
        else:
            self.close()
            raise InvalidInput(_("{name!r}: blad {sheet!r} is leeg").format(name=name, sheet=self._sheet.title))
        self.dialect = Dialect("xlsx", sheet=self._sheet.title)

    def _choose(self, sheet: str | None):
        from vrijetijd_cli.parse import normalize

        names = self._book.sheetnames
        if sheet is None:
            return self._book.worksheets[0]
        found = [n for n in names if n == sheet] or [n for n in names if normalize(n) == normalize(sheet)]
        if not found:
            self.close()
            listed = ", ".join(repr(n) for n in names)
            raise InvalidInput(
                _("--sheet: blad {sheet!r} bestaat niet in {name!r} (bladen: {sheets})").format(
                    sheet=sheet, name=str(self.path), sheets=listed)
            )
        return self._book[found[0]]

    def rows(self) -> Iterator[tuple[int, list]]:
        width = len(self.headers)
        for number, values in self._rows:
            self._done = number
            cells = [_xlsx_cell(v) for v in values]
            if is_blank(cells):
                continue
            while len(cells) > width and cells[-1] == "":
                cells.pop()
            if len(cells) < width:
                cells.extend([""] * (width - len(cells)))
            yield number, cells

    def progress(self) -> tuple[int, int]:
        return self._done, max(self._total, self._done)

    def close(self) -> None:
        self._book.close()


