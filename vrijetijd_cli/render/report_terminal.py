"""A report on the terminal: a rule per section, facts, tables; at most 100 columns wide.

Charts are left out here: their figures are in the tables next to them.
"""

from __future__ import annotations

import io
from pathlib import Path

from vrijetijd_cli.i18n import _
from vrijetijd_cli.render.report_document import document
from vrijetijd_cli.render.report_layout import NUMERIC, Document, Facts, Notes, Table, text

MAX_WIDTH = 100


def print_yearly(report: dict, output: Path | None = None) -> None:
    """The yearly report (from reports.yearly.build) on the terminal or into a text file."""
    print_document(document(report), output)


def print_document(doc: Document, output: Path | None = None) -> None:
    from rich.console import Console

    if output is None:
        width = min(Console().width, MAX_WIDTH)
        console = Console(markup=False, highlight=False, emoji=False, width=width)
        _print(console, doc)
        return
    buffer = io.StringIO()
    console = Console(file=buffer, markup=False, highlight=False, emoji=False, width=MAX_WIDTH,
                      no_color=True, color_system=None)
    _print(console, doc)
    from vrijetijd_cli.render.output import write

    write(buffer.getvalue(), output)


def _print(console, doc: Document) -> None:
    from rich.rule import Rule
    from rich.text import Text

    console.print(Text(doc.title, style="bold"))
    console.print(Text(doc.subtitle))
    for line in doc.meta:
        console.print(Text(line, style="italic"))
    for section in doc.sections:
        console.print()
        console.print(Rule(Text(section.title, style="bold"), align="left"))
        for block in section.blocks:
            renderable = _block(block)
            if renderable is not None:
                console.print(renderable)


def _block(block):
    from rich.text import Text

    if isinstance(block, Facts):
        return _facts(block)
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Notes):
        if not block.items:
            return _titled(block.title, Text(block.empty))
        lines = Text()
        marks = {"warning": "!", "info": "i", "plain": "·"}
        for index, (severity, message) in enumerate(block.items):
            lines.append(f"{marks.get(severity, 'i')} ", style="bold yellow" if severity == "warning" else "bold")
            lines.append(message)
            if index < len(block.items) - 1:
                lines.append("\n")
        return _titled(block.title, lines)
    return None  # charts: the tables carry the same figures


def _facts(block: Facts):
    from rich.table import Table as RichTable
    from rich.text import Text

    grid = RichTable(show_header=False, box=None, pad_edge=False, padding=(0, 2, 0, 0))
    grid.add_column(style="bold", overflow="fold", max_width=42)
    grid.add_column(overflow="fold")
    for name, value, kind in block.items:
        grid.add_row(Text(name), Text(text(value, kind)))
    return _titled(block.title, grid)


def _titled(title: str | None, renderable, note: str | None = None):
    """A title above and a note below; outside the table so a narrow table never wraps them."""
    from rich.console import Group
    from rich.text import Text

    parts = [renderable]
    if title:
        parts.insert(0, Text(title, style="bold"))
    if note:
        parts.append(Text(note, style="dim"))
    return Group(*parts)


def _table(block: Table):
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text

    table = RichTable(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    for col in block.columns:
        numeric = col.kind in NUMERIC
        table.add_column(col.header, justify="right" if numeric else "left", overflow="fold")
    for row in block.rows:
        table.add_row(*(Text(text(row.get(c.key), c.kind, row=row)) for c in block.columns))
    if not block.rows:
        table.add_row(*([Text(_("(geen)"))] + [Text("")] * (len(block.columns) - 1)))
    return _titled(block.title, table, block.note)
