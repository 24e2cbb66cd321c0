"""CSV for Excel in Belgium: ';', UTF-8 with BOM, decimal comma, formulas neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from vrijetijd_cli.formats import neutralise


def csv_text(header: list[str], rows: Iterable[list[str]], delimiter: str = ";") -> str:
    """CSV text (without BOM); every cell already a string; text cells neutralised by the caller."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(h) for h in header])
    writer.writerows(rows)
    return buffer.getvalue()
