"""The rejects file: rows written back in the dialect the partner sent (CSV or .xlsx)."""

from __future__ import annotations

import csv
import os
from pathlib import Path

from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.files import remove, temporary
from vrijetijd_cli.i18n import _
from vrijetijd_cli.importers.reader import PLAIN
from vrijetijd_cli.importers.table import Dialect


class TableWriter:
    """Rows written back in the dialect of a table (the rejects file): same delimiter and encoding
    for a CSV, an .xlsx for an .xlsx. Written to a temporary file, put in place by `commit()`."""

    def __init__(self, path: Path, dialect: Dialect, headers: list[str]):
        self.path = path
        self.dialect = dialect
        self.count = 0
        try:
            # personal data: an owner-only file of its own, renamed into place by commit()
            self._temp = temporary(path.parent, path.name, "tmp")
            if dialect.kind == "xlsx":
                from openpyxl import Workbook

                self._book = Workbook(write_only=True)
                self._sheet = self._book.create_sheet(dialect.sheet or "Blad1")
                self._sheet.append(headers)
            else:
                # characters the file's code page lacks (in our own messages) become '?'
                self._handle = self._temp.open(
                    "w", encoding=dialect.encoding, errors="replace", newline=""
                )
                if dialect.bom and dialect.encoding == "utf-8":
                    self._handle.write("\ufeff")
                self._csv = csv.writer(self._handle, delimiter=dialect.delimiter, lineterminator="\r\n")
                self._csv.writerow(headers)
        except OSError as exc:
            raise InvalidInput(
                _("bestand {name!r} kan niet geschreven worden: {reason}").format(name=str(path), reason=exc.strerror)
            ) from None

    def write(self, cells: list) -> None:
        self.count += 1
        if self.dialect.kind == "xlsx":
            from openpyxl.cell import WriteOnlyCell

            row = []
            for value in cells:
                cell = WriteOnlyCell(self._sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # a partner's '=…' stays text, never a live formula
                row.append(cell)
            self._sheet.append(row)
        else:
            from vrijetijd_cli.formats import neutralise

            if not self.dialect.encoding.startswith("utf"):
                cells = [c.translate(PLAIN) if isinstance(c, str) else c for c in cells]
            self._csv.writerow([neutralise(c) if isinstance(c, str) else c for c in cells])

    def commit(self) -> None:
        if self.dialect.kind == "xlsx":
            self._book.save(self._temp)
        else:
            self._handle.close()
        os.replace(self._temp, self.path)

    def discard(self) -> None:
        if self.dialect.kind != "xlsx":
            self._handle.close()
        remove(self._temp)
