"""A report as CSV for Excel in Belgium: one file per section in a folder (docs/architecture.md, "Output").

Inside a file the blocks follow each other, separated by an empty line: a title line, the
header, the rows. ';' separated, UTF-8 with BOM, decimal comma, formulas neutralised.
"""

from __future__ import annotations

from pathlib import Path

from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.files import private_folder, write_whole
from vrijetijd_cli.i18n import _
from vrijetijd_cli.parse import normalize
from vrijetijd_cli.render.csv_out import csv_text, neutralise
from vrijetijd_cli.render.report_layout import Document, Facts, Notes, Section, Table, severity_name, text


def write_folder(doc: Document, folder: Path) -> list[Path]:
    """Write every section to `folder` (created when missing); returns the files written."""
    if folder.exists() and not folder.is_dir():
        raise InvalidInput(_("uitvoermap {folder!r} is een bestand, geen map").format(folder=str(folder)))
    try:
        private_folder(folder)
    except OSError as exc:
        raise _unwritable(folder, exc) from None
    written = []
    for index, section in enumerate(doc.sections, start=1):
        # the file is named after the section, in the reader's language: 01-samenvatting.csv
        path = folder / f"{index:02d}-{'-'.join(normalize(section.title).split())}.csv"
        write_whole(path, ("\ufeff" + section_csv(section)).encode("utf-8"))  # owner-only, whole or not at all
        written.append(path)
    return written


def _unwritable(folder: Path, exc: OSError) -> InvalidInput:
    return InvalidInput(_("uitvoermap {folder!r} kan niet geschreven worden: {reason}").format(
        folder=str(folder), reason=exc.strerror))


def section_csv(section: Section) -> str:
    """One section's blocks as CSV text (without BOM)."""
    parts = []
    for block in section.blocks:
        if isinstance(block, Facts):
            rows = [[neutralise(name), text(value, kind, for_csv=True)] for name, value, kind in block.items]
            title = block.title or section.title
            parts.append(_titled(title, [_("Gegeven"), _("Waarde")], rows))
        elif isinstance(block, Table):
            rows = [[text(row.get(c.key), c.kind, for_csv=True, row=row) for c in block.columns]
                    for row in block.rows]
            parts.append(_titled(block.title, [c.header for c in block.columns], rows))
        elif isinstance(block, Notes):
            rows = [[severity_name(severity), neutralise(message)] for severity, message in block.items]
            parts.append(_titled(block.title or section.title, [_("Soort"), _("Aandachtspunt")], rows))
    return "\r\n".join(parts)


def _titled(title: str, header: list[str], rows: list[list[str]]) -> str:
    return csv_text([title], []) + csv_text(header, rows)
