"""A record followed by Markdown text (meeting minutes), rendered in the terminal.

rich.markdown (and markdown-it behind it) costs start-up time, so it is imported only here,
only when a record with Markdown is shown as a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from vrijetijd_cli.i18n import _
from vrijetijd_cli.render.output import Column, cell, header_of, make_table, print_renderables


def emit_with_markdown(
    record: dict,
    fields: Sequence[Column],
    title: str,
    sections: Sequence[tuple[str, Sequence[Column], Sequence[dict]]],
    markdown_title: str,
    markdown_text: str,
    empty_text: str,
    output: Path | None = None,
) -> None:
    """Fields as a two-column grid, the sections as tables, then the Markdown rendered."""
    from rich.markdown import Markdown
    from rich.rule import Rule
    from rich.table import Table
    from rich.text import Text

    head = Table(title=title, show_header=False, box=None, title_justify="left", pad_edge=False)
    head.add_column(style="bold")
    head.add_column(overflow="fold")
    for column in fields:
        value = cell(record.get(column.key), column)
        head.add_row(Text(header_of(column)), Text(value))
    parts: list = [head]
    for section_title, columns, rows in sections:
        if rows:
            parts.append(make_table(rows, columns, section_title))
        else:
            parts.append(Text(_("{title}: (geen)").format(title=section_title)))
    parts.append(Rule(markdown_title, align="left"))
    # Markdown, not console markup: '[bold]' typed in minutes stays literal text
    parts.append(Markdown(markdown_text, hyperlinks=False) if markdown_text else Text(empty_text))
    print_renderables(parts, output)
