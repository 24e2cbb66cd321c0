"""Reading an .xlsx with openpyxl in read-only mode: the Excel half of `reader.open_table`.

Without `--sheet`, the first sheet with a recognisable header is read. A file that is not what it
claims (a broken zip, bad XML inside, a sheet that unpacks to gigabytes) is refused with one
clear message. openpyxl is imported only when an Excel file is opened: it costs start-up time.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from datetime import date, datetime, time
from itertools import islice
from pathlib import Path
from xml.etree.ElementTree import ParseError

from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.i18n import _
from vrijetijd_cli.importers.table import (
    CHUNK_ROWS,
    HEAD_ROWS,
    HEADER_SCORE,
    Chunk,
    Dialect,
    Scan,
    Score,
    Table,
    find_header,
    header_cells,
    is_blank,
    trim,
)

MAX_UNPACKED = 2 << 30  # bytes a workbook may unpack to
MAX_RATIO = 200  # a part that unpacks to more than this many times its size is a zip bomb
# what openpyxl raises on a damaged workbook: a broken zip, bad XML, a part that is missing or wrong
BROKEN = (zipfile.BadZipFile, zlib.error, KeyError, ValueError, TypeError, IndexError, AttributeError,
          ParseError, EOFError, OSError, NotImplementedError)


def _xlsx_cell(value: object) -> str | date:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (bool, time)):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if hasattr(value, "is_integer") and value.is_integer():
        return str(int(value))
    return str(value)


def _check_zip(path: Path) -> None:
    """Refuse a workbook that unpacks to far more than it holds, before openpyxl unpacks it."""
    name = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InvalidInput(
            _("{name!r} is geen geldig Excel-bestand (.xlsx): {reason}").format(name=name, reason=exc)) from None
    total = sum(p.file_size for p in parts)
    if total > MAX_UNPACKED or any(p.file_size > MAX_RATIO * max(p.compress_size, 1 << 16) for p in parts):
        raise InvalidInput(_("{name!r} is geen geldig Excel-bestand (.xlsx): het pakt uit tot {size} MB").format(
            name=name, size=total // 2**20))


class XlsxTable(Table):
    def __init__(self, path: Path, scan: Scan, sheet: str | None):
        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        self.path, self.sha256, self.size = path, scan.sha256, scan.size
        self._option = sheet
        _check_zip(path)
        try:
            self._book = load_workbook(path, read_only=True, data_only=True)
        except (*BROKEN, InvalidFileException) as exc:
            raise self._broken(exc) from None
        try:
            self._sheet = self._choose(sheet) if sheet is not None else self._book.worksheets[0]
            self._use(self._sheet, None, None)
        except BaseException:
            self.close()
            raise

    def _broken(self, exc: BaseException) -> InvalidInput:
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        return InvalidInput(_("{name!r} is geen geldig Excel-bestand (.xlsx): {reason}").format(
            name=str(self.path), reason=reason))

    def _head(self, sheet) -> tuple[list[tuple[int, list]], int]:
        """The first HEAD_ROWS non-empty rows of a sheet (row number, cells) and its row count."""
        head = []
        try:
            total = sheet.max_row or 0
            sheet.reset_dimensions()  # some programs write wrong dimensions; read what is there
            for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
                cells = [_xlsx_cell(v) for v in values]
                if not is_blank(cells):
                    head.append((number, cells))
                    if len(head) >= HEAD_ROWS:
                        break
        except BROKEN as exc:
            raise self._broken(exc) from None
        return head, max(total, head[-1][0] if head else 0)

    def _use(self, sheet, score: Score | None, header_row: int | None) -> int:
        head, self._total = self._head(sheet)
        if not head:
            raise InvalidInput(_("{name!r}: blad {sheet!r} is leeg").format(name=str(self.path), sheet=sheet.title))
        position, found = find_header(head, score, header_row, str(self.path))
        self._sheet = sheet
        self.header_line, cells = head[position]
        self.headers = header_cells(cells)
        self.skipped_above = position
        self.blank_rows = 0
        self._done = self.header_line
        self.dialect = Dialect("xlsx", sheet=sheet.title)
        return found

    def locate(self, score: Score | None, header_row: int | None = None) -> int:
        if self._option is not None or header_row is not None or score is None:
            return self._use(self._sheet, score, header_row)
        seen = []
        for sheet in self._book.worksheets:
            head, total = self._head(sheet)
            found = max((score(cells) for _line, cells in head), default=0)
            if found >= HEADER_SCORE:
                return self._use(sheet, score, None)
            seen.append((sheet.title, total, header_cells(head[0][1]) if head else []))
        if len(seen) == 1:
            return self._use(self._book.worksheets[0], score, None)
        listed = "; ".join(
            _("{sheet!r} ({rows} rijen, kolommen: {headers})").format(
                sheet=title, rows=rows, headers=", ".join(repr(h) for h in headers if h) or _("(geen)"))
            for title, rows, headers in seen)
        raise InvalidInput(_("{name!r}: geen blad met een herkenbare kopregel (bladen: {sheets}); kies er een met"
                             " --sheet en wijs kolommen toe met --map").format(name=str(self.path), sheets=listed))

    def _choose(self, sheet: str):
        from vrijetijd_cli.parse import normalize

        names = self._book.sheetnames
        found = [n for n in names if n == sheet] or [n for n in names if normalize(n) == normalize(sheet)]
        if not found:
            listed = ", ".join(repr(n) for n in names)
            raise InvalidInput(
                _("--sheet: blad {sheet!r} bestaat niet in {name!r} (bladen: {sheets})").format(
                    sheet=sheet, name=str(self.path), sheets=listed)
            )
        return self._book[found[0]]

    def chunks(self, size: int = CHUNK_ROWS) -> Iterator[Chunk]:
        width = len(self.headers)
        try:
            rows = islice(enumerate(self._sheet.iter_rows(values_only=True), 1), self.header_line, None)
            while True:
                part = list(islice(rows, size))
                if not part:
                    return
                lines, cells = [], []
                for number, values in part:
                    row = [_xlsx_cell(v) for v in values]
                    if is_blank(row):
                        self.blank_rows += 1
                        continue
                    if len(row) < width:
                        row.extend([""] * (width - len(row)))
                    lines.append(number)
                    cells.append(row)
                self._done = part[-1][0]
                if cells and max(map(len, cells)) > width:
                    trim(cells, width)
                if cells:
                    yield Chunk(lines, cells)
        except BROKEN as exc:
            raise self._broken(exc) from None

    def progress(self) -> tuple[int, int]:
        return self._done, max(self._total, self._done)

    def close(self) -> None:
        book = getattr(self, "_book", None)
        if book is not None:
            book.close()
