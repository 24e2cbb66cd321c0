"""Plain-text tables for lists and records, drawn like rich's default table.

Daily commands print a table of a few rows; importing rich for that costs more start-up time
than the whole budget of such a command (docs/architecture.md, "Start-up"), so lists and records are drawn here.
Reports, Markdown and progress bars still use rich.
"""

from __future__ import annotations

import shutil
import unicodedata
from collections.abc import Sequence

ROOM = 3  # "│ " before and " " after every cell; plus one closing border


def cell_len(text: str) -> int:
    """Terminal cells `text` takes: wide East Asian characters count 2, combining marks 0."""
    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return width


def terminal_width() -> int:
    """$COLUMNS, else the terminal's width, else 80 (as rich does when output is piped)."""
    return max(shutil.get_terminal_size((80, 24)).columns, 20)


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap to `width` cells; words longer than a line are folded."""
    lines: list[str] = []
    for paragraph in text.split("\n") or [""]:
        if cell_len(paragraph) <= width:
            lines.append(paragraph)  # as it is, leading spaces (tree indentation) included
            continue
        line = ""
        for word in paragraph.split(" "):
            while cell_len(word) > width:
                room = width - cell_len(line) - (1 if line else 0)
                if room <= 0:
                    lines.append(line)
                    line, room = "", width
                head, word = _take(word, room)
                line = f"{line} {head}" if line else head
            candidate = f"{line} {word}" if line else word
            if cell_len(candidate) <= width:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def _take(word: str, room: int) -> tuple[str, str]:
    taken = 0
    for index, char in enumerate(word):
        taken += cell_len(char)
        if taken > room:
            return word[:index], word[index:]
    return word, ""


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - cell_len(text))
    return gap + text if right else text + gap


def _longest_word(header: str, cells: list[str]) -> int:
    """A text column is never narrower than its longest word (up to 16 cells): codes and dates stay whole."""
    header_word = max((cell_len(w) for w in header.split()), default=1)
    cell_word = max((cell_len(w) for text in cells for w in text.split()), default=1)
    return max(4, header_word, min(cell_word, 16))


def _fit(natural: list[int], minimum: list[int], available: int) -> list[int]:
    """Shrink the widest columns first until the table fits (never below a column's minimum)."""
    widths = list(natural)
    excess = sum(widths) - available
    while excess > 0:
        candidates = [i for i, w in enumerate(widths) if w > minimum[i]]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: widths[i])
        widths[widest] -= 1
        excess -= 1
    return widths


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    right: Sequence[bool] = (),
    title: str | None = None,
    width: int | None = None,
) -> str:
    """A boxed table (heavy header, light body) as text, fitted to `width` cells."""
    count = len(headers)
    right = list(right) or [False] * count
    natural = [
        max([cell_len(h) for h in headers[i].split("\n")] + [cell_len(r[i]) for r in rows]) for i in range(count)
    ]
    minimum = [natural[i] if right[i] else min(natural[i], _longest_word(headers[i], [r[i] for r in rows]))
               for i in range(count)]
    available = (width or terminal_width()) - ROOM * count - 1
    # first wrap at word boundaries; only a table that still does not fit folds words
    widths = _fit(_fit(natural, minimum, available), [min(4, n) for n in natural], available)
    out: list[str] = []
    if title:
        out.append(title)
    out.append("┏" + "┳".join("━" * (w + 2) for w in widths) + "┓")
    out.extend(_row(headers, widths, [False] * count, "┃"))
    out.append("┡" + "╇".join("━" * (w + 2) for w in widths) + "┩")
    for row in rows:
        out.extend(_row(row, widths, right, "│"))
    out.append("└" + "┴".join("─" * (w + 2) for w in widths) + "┘")
    return "\n".join(out) + "\n"


def _row(cells: Sequence[str], widths: list[int], right: Sequence[bool], bar: str) -> list[str]:
    wrapped = [wrap(text, width) for text, width in zip(cells, widths, strict=True)]
    height = max(len(lines) for lines in wrapped)
    lines = []
    for index in range(height):
        parts = [
            " " + _pad(cell_lines[index] if index < len(cell_lines) else "", width, align) + " "
            for cell_lines, width, align in zip(wrapped, widths, right, strict=True)
        ]
        lines.append(bar + bar.join(parts) + bar)
    return lines


def record(pairs: Sequence[tuple[str, str]], title: str | None = None, width: int | None = None) -> str:
    """Label and value side by side, without a box; long values wrap under themselves."""
    key_width = max((cell_len(k) for k, _ in pairs), default=0)
    value_width = max((width or terminal_width()) - key_width - 2, 10)
    out = [title] if title else []
    for key, value in pairs:
        lines = wrap(value, value_width)
        out.append(_pad(key, key_width, False) + "  " + lines[0])
        out.extend(" " * (key_width + 2) + line for line in lines[1:])
    return "\n".join(line.rstrip() for line in out) + "\n"
