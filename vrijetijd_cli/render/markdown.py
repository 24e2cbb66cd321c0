"""A record followed by Markdown text (meeting minutes), rendered in the terminal.

rich.markdown (and markdown-it behind it) costs start-up time, so it is imported only here,
only when a record with Markdown is shown as a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from vrijetijd_cli.render.output import Column, print_table, record_parts


def emit_with_markdown(
    record: dict,
    fields: Sequence[Column],
    title: str,
    sections: Sequence[tuple[str, Sequence[Column], Sequence[dict]]],
    markdown_title: str,
    markdown_text: str,
    empty_text: str,
    output: Path | None = None,
    wide: bool = False,
) -> None:
    """Fields label beside value, the sections as lists, then the Markdown rendered."""
    from rich.markdown import Markdown
    from rich.rule import Rule
    from rich.text import Text

    def draw(where) -> list:
        parts = record_parts(record, fields, title, sections, where, wide)
        # a rule of box characters on a screen; a file or a pipe gets the title alone
        parts.append(Text(markdown_title) if where.plain else Rule(markdown_title, align="left"))
        # Markdown, not console markup: '[bold]' typed in minutes stays literal text
        parts.append(Markdown(markdown_text, hyperlinks=False) if markdown_text else Text(empty_text))
        return parts

    print_table(draw, output)
