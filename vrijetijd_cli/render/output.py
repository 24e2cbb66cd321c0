"""Render lists and records as table, CSV or JSON, to stdout or a file (docs/architecture.md, "Output").

Commands hand over plain rows (dicts with English keys, cents, ISO dates) and the columns to
show; this module does every formatting decision.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from vrijetijd_cli import formats as fmt
from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.i18n import _, ngettext, pgettext
from vrijetijd_cli.render.words import word


class Column(NamedTuple):
    key: str
    # the header, in Dutch, marked with N_() (or NP_() where one Dutch word has two translations)
    label: str | tuple[str, str]
    # text (wraps at words) | labels (a list of words, wraps) | and never wrapping:
    # code | money | date | int | id | bool | percent | label
    kind: str = "text"
    # kind 'label'/'labels': the words of the codes ({code: N_("word")}), or a config vocabulary's name
    labels: Mapping[str, str] | str = ""
    # 1: always shown; on a narrow screen the highest numbers are left out first (render/tables.py)
    priority: int = 1


def header_of(column: Column) -> str:
    """The column's header in the user's language."""
    return pgettext(*column.label) if isinstance(column.label, tuple) else _(column.label)


def cell(value: Any, column: Column, for_csv: bool = False) -> str:
    """One value as the user reads it."""
    if value is None or value == "" and column.kind != "text":
        return ""
    kind = column.kind
    if kind == "money":
        return fmt.money_csv(value) if for_csv else fmt.money(value)
    if kind == "date":
        return fmt.day(value)
    if kind == "int":
        return str(value) if for_csv else fmt.number(value)
    if kind == "id":
        return str(value)
    if kind == "percent":
        return fmt.percent_csv(value) if for_csv else fmt.percent(value)
    if kind == "bool":
        return _("ja") if value else _("nee")
    if kind == "label":
        return word(column.labels, value)
    if kind == "labels":  # a list of codes, or a text of codes separated by commas
        values = value if isinstance(value, (list, tuple)) else str(value).split(",")
        return ", ".join(word(column.labels, str(v).strip()) for v in values if str(v).strip())
    text = ", ".join(str(v) for v in value) if isinstance(value, (list, tuple)) else str(value)
    if not text.isprintable():  # text that bypassed clean_text (an OS user, a file name): no raw escape codes
        keep = "\n\t\r" if for_csv else "\n\t"  # a CSV cell keeps its CR for neutralise to see
        text = _without_control_codes(text, keep)
    if for_csv:
        from vrijetijd_cli.formats import neutralise

        return neutralise(text)
    return text


def _without_control_codes(text: str, keep: str) -> str:
    """No raw escape codes reach a terminal; the characters in `keep` stay."""
    return "".join(c for c in text if c in keep or " " <= c < "\x7f" or c > "\x9f")


def to_json(data: Any) -> str:
    import json  # lazily: most commands print no JSON

    return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"


def emit_list(
    rows: Sequence[dict],
    columns: Sequence[Column],
    output_format: str,
    output: Path | None,
    *,
    title: str | None = None,
    footer: str | None = None,
    json_rows: Callable[[dict], dict] | None = None,
    wide: bool = False,
) -> None:
    """A list of records in the chosen format; `footer` is shown under tables only; `wide` keeps
    every column however narrow the screen."""
    if output_format == "json":
        data = [json_rows(r) if json_rows else dict(r) for r in rows]
        write(to_json(data), output)
    elif output_format == "csv":
        header = [header_of(c) for c in columns]
        write_csv(header, ([cell(r.get(c.key), c, True) for c in columns] for r in rows), output)
    elif output_format == "table":
        from rich.text import Text

        def draw(where):
            parts = list_parts(rows, columns, title, where, wide)
            return parts + ([Text(footer)] if footer else [])

        print_table(draw, output)
    else:
        raise InvalidInput(_("onbekend formaat {format!r}").format(format=output_format))


def emit_record(
    record: dict,
    fields: Sequence[Column],
    output_format: str,
    output: Path | None,
    *,
    title: str = "",
    sections: Sequence[tuple[str, Sequence[Column], Sequence[dict]]] = (),
    json_data: dict | None = None,
    wide: bool = False,
) -> None:
    """One record with optional sub-lists (statuses, referrals…)."""
    if output_format == "json":
        write(to_json(json_data if json_data is not None else record), output)
    elif output_format == "csv":
        rows = [[header_of(c), cell(record.get(c.key), c, True)] for c in fields]
        write_csv([_("Veld"), _("Waarde")], rows, output)
    elif output_format == "table":
        print_table(lambda where: record_parts(record, fields, title, sections, where, wide), output)
    else:
        raise InvalidInput(_("onbekend formaat {format!r}").format(format=output_format))


def record_parts(record: dict, fields: Sequence[Column], title: str,
                 sections: Sequence[tuple[str, Sequence[Column], Sequence[dict]]], where, wide: bool = False) -> list:
    """A record as rich renderables: its fields label beside value, then each section as a list."""
    from rich.text import Text

    from vrijetijd_cli.render.tables import record_grid

    parts: list = [Text(title, style="" if where.plain else "bold")] if title else []
    parts.append(record_grid([header_of(c) for c in fields], [cell(record.get(c.key), c) for c in fields],
                             fields, where))
    for section_title, columns, rows in sections:
        if rows:
            parts.extend(list_parts(rows, columns, section_title, where, wide))
        else:
            parts.append(Text(_("{title}: (geen)").format(title=section_title)))
    return parts


def list_parts(rows: Sequence[dict], columns: Sequence[Column], title: str | None, where, wide: bool = False) -> list:
    """A list as rich renderables fitted to `where` (render/tables.py); the columns left out are
    named on stderr, so a pipe carries only the table."""
    from vrijetijd_cli.render.tables import list_table

    headers = [header_of(c) for c in columns]
    cells = [[cell(r.get(c.key), c) for c in columns] for r in rows]
    parts, dropped = list_table(headers, cells, columns, title, where, wide)
    if dropped:
        names = ", ".join(headers[i] for i in dropped)
        message(ngettext("{n} kolom weggelaten: {names} — gebruik --wide of --format csv",
                         "{n} kolommen weggelaten: {names} — gebruik --wide of --format csv",
                         len(dropped)).format(n=len(dropped), names=names))
    return parts


def print_table(draw: Callable[[Any], Sequence[Any]], output: Path | None) -> None:
    """Print what `draw(screen)` returns: to the terminal at its width, or to a pipe or a file as
    plain text at 120 cells without trailing spaces (render/tables.screen)."""
    import io

    from vrijetijd_cli.render.tables import screen

    if output is None:
        where = screen()
        if not where.plain:
            for part in draw(where):
                where.console.print(part)
            return
    buffer = io.StringIO()
    where = screen(buffer)
    for part in draw(where):
        where.console.print(part)
    text = "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())
    if output is None:
        sys.stdout.write(text)
    else:
        _write_file(output, text)


def make_table(rows: Sequence[dict], columns: Sequence[Column], title: str | None = None):
    """A list as a rich table that rich fits to any width (for documents with several tables)."""
    from rich.table import Table
    from rich.text import Text

    from vrijetijd_cli.render.tables import NO_WRAP, RIGHT

    table = Table(title=title, title_justify="left")
    for c in columns:
        table.add_column(header_of(c), justify="right" if c.kind in RIGHT else "left", no_wrap=c.kind in NO_WRAP,
                         overflow="ellipsis")
    for r in rows:
        table.add_row(*(Text(cell(r.get(c.key), c)) for c in columns))
    return table


def write_csv(header: list[str], rows, output: Path | None) -> None:
    from vrijetijd_cli.render.csv_out import csv_text

    text = csv_text(header, rows)
    if output is None:
        sys.stdout.write(text)
    else:
        _write_file(output, "\ufeff" + text, newline="")


def write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        _write_file(output, text)


def print_renderables(parts: Sequence[Any], output: Path | None) -> None:
    """Rich renderables (or plain strings, printed as text) to stdout or a file."""
    from rich.text import Text

    print_table(lambda where: [Text(p) if isinstance(p, str) else p for p in parts], output)


def _write_file(output: Path, text: str, newline: str | None = None) -> None:
    """Write a file whole (a temporary file, then a rename), owner-only, never through a symbolic
    link; then say what was written (files.write_whole)."""
    from vrijetijd_cli.files import write_whole

    if newline is None and os.linesep != "\n":
        text = text.replace("\n", os.linesep)
    data = text.encode("utf-8")
    write_whole(output, data)
    # every --output ends with a confirmation on stderr (docs/architecture.md, "Output")
    message(_("Geschreven naar {path}.").format(path=str(output)))


def message(text: str, style: str | None = None) -> None:
    """A message for the user on stderr (never markup)."""
    stream = sys.stderr
    if style is None or os.environ.get("NO_COLOR") or not stream.isatty():
        # plain text needs no rich, whose import is most of a short command's start-up
        stream.write(_without_control_codes(text, "\n\t") + "\n")
        return
    from rich.console import Console

    Console(stderr=True, markup=False, highlight=False, emoji=False).print(text, style=style, soft_wrap=True)


def confirm(question: str) -> bool:
    """Ask on the terminal; only a yes in the user's language (or 'y'/'yes') counts, and no answer
    (a pipe, an empty line) is a no."""
    sys.stderr.write(question + " " + _("[j/N]") + " ")
    sys.stderr.flush()
    answer = sys.stdin.readline().strip().casefold()
    return answer in {word.strip() for word in _("j,ja,y,yes").split(",")}
