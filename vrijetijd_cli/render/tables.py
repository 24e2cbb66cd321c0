"""Lists and records drawn with rich, fitted to the screen (docs/architecture.md, "Output").

Codes, dates, amounts, ids, postcodes and states never wrap; free text wraps at words, and a word
longer than its column is shortened with '…'. Each list ranks its columns (`Column.priority`):
when the screen is too narrow, the least important go and the caller says which on stderr;
below BLOCK_BELOW cells a list becomes one block per record. Files and pipes get FILE_WIDTH
cells of plain text: no colour, no box characters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NamedTuple

FILE_WIDTH = 120
BLOCK_BELOW = 50
# a column of free text is not made narrower than this, its header's longest word or its longest
# word up to WORD_CAP cells (a longer word is shortened with '…')
TEXT_FLOOR = 10
WORD_CAP = 18
# kinds whose values never wrap: codes, dates, amounts, ids, numbers, states
NO_WRAP = frozenset({"code", "money", "date", "int", "id", "bool", "percent", "label"})
RIGHT = frozenset({"money", "int", "percent"})


class Screen(NamedTuple):
    """Where a table goes: its width, and whether it is plain text (a file or a pipe)."""

    console: Any  # rich's Console: rich is imported when a table is drawn
    width: int
    plain: bool


def screen(file: Any = None) -> Screen:
    """The terminal at its own width; a file or a pipe at FILE_WIDTH cells of plain text."""
    from rich.console import Console

    settings = {"markup": False, "highlight": False, "emoji": False}
    if file is None:
        console = Console(**settings)
        if console.is_terminal:
            return Screen(console, console.width, False)
    console = Console(file=file, width=FILE_WIDTH, force_terminal=False, no_color=True, **settings)
    return Screen(console, FILE_WIDTH, True)


def on_terminal() -> bool:
    """Whether stdout is a terminal, as rich sees it (TTY_COMPATIBLE=1 and =0 override)."""
    from rich.console import Console

    return Console().is_terminal


def pieces(header: str) -> list[str]:
    """Where a header may break: after a space or a hyphen ('Deelnemer-id' -> 'Deelnemer-', 'id')."""
    return [p for p in re.split(r"(?<=[ -])", header) if p.strip()]


def header_lines(header: str, width: int) -> str:
    """The header wrapped into `width` cells at its break points."""
    from rich.cells import cell_len

    lines: list[str] = []
    for piece in pieces(header):
        if lines and cell_len(lines[-1] + piece.rstrip()) <= width:
            lines[-1] += piece
        else:
            lines.append(piece)
    return "\n".join(line.rstrip() for line in lines)


class Layout(NamedTuple):
    shown: list[int]  # indexes of the columns shown, in their order
    widths: list[int]  # the width of each shown column
    dropped: list[int]  # indexes of the columns left out
    blocks: bool  # one block per record instead of a table


def overhead(count: int, plain: bool) -> int:
    """Cells a table spends besides its values: padding and borders (or the gaps of plain text)."""
    return 2 * (count - 1) if plain else 3 * count + 1


def layout(headers: Sequence[str], cells: Sequence[Sequence[str]], columns: Sequence[Any], width: int,
           plain: bool, wide: bool = False) -> Layout:
    """Which columns fit `width` and how wide each is; the least important go first.

    `columns` are render.output.Column: their kind (what never wraps) and priority count here."""
    from rich.cells import cell_len

    count = len(columns)
    natural, need = [], []
    for index, column in enumerate(columns):
        values = max((max(cell_len(line) for line in row[index].split("\n")) for row in cells), default=0)
        longest_word = max((cell_len(word) for row in cells for word in row[index].split()), default=0)
        head_word = max((cell_len(p.rstrip()) for p in pieces(headers[index])), default=1)
        natural.append(max(values, cell_len(headers[index]), 1))
        if column.kind in NO_WRAP:
            need.append(max(values, head_word, 1))
        else:
            need.append(min(natural[index], max(TEXT_FLOOR, head_word, min(longest_word, WORD_CAP))))
    shown = list(range(count))
    dropped: list[int] = []
    if not wide:
        if width < BLOCK_BELOW:
            return Layout(shown, [], [], True)
        # the highest priority number goes first; of equals, the rightmost
        candidates = sorted((i for i in shown if columns[i].priority > 1), key=lambda i: (-columns[i].priority, -i))
        while sum(need[i] for i in shown) + overhead(len(shown), plain) > width and candidates:
            dropped.append(candidates.pop(0))
            shown.remove(dropped[-1])
        if sum(need[i] for i in shown) + overhead(len(shown), plain) > width:
            return Layout(list(range(count)), [], [], True)
    widths = {i: natural[i] for i in shown}
    excess = sum(widths.values()) + overhead(len(shown), plain) - width
    # free text gives way, the widest column first, never below its floor
    while excess > 0:
        shrinkable = [i for i in shown if widths[i] > need[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1
        excess -= 1
    return Layout(shown, [widths[i] for i in shown], sorted(dropped), False)


def list_table(headers: Sequence[str], cells: Sequence[Sequence[str]], columns: Sequence[Any],
               title: str | None, where: Screen, wide: bool = False) -> tuple[list[Any], list[int]]:
    """The renderables of a list and the indexes of the columns left out."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    plan = layout(headers, cells, columns, where.width, where.plain, wide)
    if plan.blocks:
        return blocks(headers, cells, columns, title, where), []
    if where.plain:
        table = Table(box=None, pad_edge=False, show_edge=False, header_style="", title=title,
                      title_justify="left", title_style="")
    else:
        table = Table(box=box.HEAVY_HEAD, title=title, title_justify="left", title_style="bold")
    for index, width in zip(plan.shown, plan.widths, strict=True):
        column = columns[index]
        table.add_column(Text(header_lines(headers[index], width)), width=width,
                         justify="right" if column.kind in RIGHT else "left",
                         no_wrap=column.kind in NO_WRAP, overflow="ellipsis")
    for row in cells:
        table.add_row(*(Text(row[index]) for index in plan.shown))
    if wide:
        needed = sum(plan.widths) + overhead(len(plan.shown), where.plain)
        if needed > where.width:
            where.console.width = needed
    return [table], plan.dropped


def blocks(headers: Sequence[str], cells: Sequence[Sequence[str]], columns: Sequence[Any],
           title: str | None, where: Screen) -> list[Any]:
    """One block per record, label beside value, for a screen too narrow for a table."""
    from rich.text import Text

    parts: list[Any] = [Text(title, style="" if where.plain else "bold")] if title else []
    for number, row in enumerate(cells):
        if number:
            parts.append(Text(""))
        parts.append(record_grid(headers, row, columns, where))
    return parts


def record_grid(labels: Sequence[str], values: Sequence[str], columns: Sequence[Any], where: Screen) -> Any:
    """Label and value side by side, without a box; long values wrap under themselves."""
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="" if where.plain else "bold", no_wrap=True)
    grid.add_column(overflow="ellipsis")
    for label, value, column in zip(labels, values, columns, strict=True):
        grid.add_row(Text(label), Text(value, no_wrap=column.kind in NO_WRAP, overflow="ellipsis"))
    return grid
