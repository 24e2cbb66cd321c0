"""Lists and records on a real screen: rich tables fitted to 60, 80 and 120 columns, plain text for
files and pipes, columns left out by priority and said so on stderr."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TODAY
from vrijetijd_cli.i18n import N_
from vrijetijd_cli.render.output import Column, cell, emit_list, emit_record
from vrijetijd_cli.render.tables import NO_WRAP

ANSI = re.compile(r"\x1b\[[0-9;]*m")
BOX = set("│┃┏┓┗┛┡┩└┘━─┳┻╇┴╋┼")

COLUMNS = [
    Column("id", N_("Id"), "id"),
    Column("code", N_("Code"), "code"),
    Column("name", N_("Naam")),
    Column("date", N_("Datum"), "date"),
    Column("amount_cents", N_("Bedrag"), "money"),
    Column("note", N_("Opmerking"), priority=3),
    Column("source", N_("Bron"), priority=2),
]
ROWS = [
    {"id": 1234, "code": "53NQ-2S3M-4JSV", "name": "Marie-Louise Van den Broeck", "date": "2024-02-07",
     "amount_cents": 1944800, "note": "kwam met de hele familie naar de voorstelling in het cultuurcentrum",
     "source": "trekkingsrecht"},
    {"id": 7, "code": "AAAA-BBBB-CCCC", "name": "Jef", "date": "2026-06-15", "amount_cents": 500, "note": "",
     "source": "ander"},
]


@pytest.fixture
def screen(monkeypatch):
    """A terminal of a given width (rich reads TTY_COMPATIBLE and COLUMNS)."""

    def at(width: int) -> None:
        monkeypatch.setenv("TTY_COMPATIBLE", "1")
        monkeypatch.setenv("COLUMNS", str(width))

    return at


def plain(text: str) -> str:
    return ANSI.sub("", text)


def test_a_narrow_terminal_leaves_out_the_least_important_columns_and_says_so(capsys, screen):
    screen(80)
    emit_list(ROWS, COLUMNS, "table", None, title="Lijst")
    captured = capsys.readouterr()
    out = plain(captured.out)
    assert captured.err == "2 kolommen weggelaten: Opmerking, Bron — gebruik --wide of --format csv\n"
    assert "Opmerking" not in out and "trekkingsrecht" not in out
    assert all(len(line) <= 80 for line in out.splitlines())
    for value in ("1234", "53NQ-2S3M-4JSV", "07/02/2024", "€ 19.448,00", "15/06/2026", "€ 5,00"):
        assert value in out  # whole, on one line
    assert "┏" in out  # a screen gets a boxed table


def test_the_highest_priority_number_goes_first(capsys, screen):
    screen(100)
    emit_list(ROWS, COLUMNS, "table", None)
    err = capsys.readouterr().err
    assert err == "1 kolom weggelaten: Opmerking — gebruik --wide of --format csv\n"


def test_wide_shows_every_column(capsys, screen):
    screen(60)
    emit_list(ROWS, COLUMNS, "table", None, wide=True)
    captured = capsys.readouterr()
    assert captured.err == ""
    out = plain(captured.out)
    assert "Opmerking" in out and "trekkingsrecht" in out and "53NQ-2S3M-4JSV" in out


def test_below_fifty_columns_a_list_is_one_block_per_record(capsys, screen):
    screen(40)
    emit_list(ROWS, COLUMNS, "table", None, title="Lijst")
    captured = capsys.readouterr()
    out = plain(captured.out)
    assert captured.err == ""
    assert not BOX & set(out)
    lines = [line.rstrip() for line in out.splitlines()]
    assert lines[0] == "Lijst"
    assert lines[1] == "Id         1234"
    assert lines[2] == "Code       53NQ-2S3M-4JSV"
    assert "Datum      07/02/2024" in lines
    assert "Bedrag     € 19.448,00" in lines
    assert "" in lines and "Id         7" in lines  # the second record after a blank line


def test_free_text_wraps_at_words_and_long_words_are_shortened(capsys, screen):
    screen(60)
    rows = [{"id": 1, "code": "X", "name": "Zwembeurt voor volwassenen", "date": None, "amount_cents": 1,
             "note": "", "source": "Onuitspreekbaarheidsverklaringenwoord"}]
    emit_list(rows, [COLUMNS[0], COLUMNS[2], Column("source", N_("Bron"))], "table", None, wide=True)
    out = plain(capsys.readouterr().out)
    # a word longer than its column is shortened, never folded; text wraps at a space
    assert re.search(r"│ Onuitspreekbaarheids\w+… │", out)
    assert re.search(r"│ Zwembeurt voor +│", out) and re.search(r"│ volwassenen +│", out)


def test_a_pipe_gets_120_columns_of_plain_text(capsys):
    # tests run without a terminal, as a pipe does
    emit_list(ROWS, COLUMNS, "table", None, title="Lijst", footer="2 rijen")
    captured = capsys.readouterr()
    assert captured.err == ""  # 120 columns hold them all
    out = captured.out
    assert "\x1b[" not in out
    assert not BOX & set(out)
    lines = out.splitlines()
    assert lines[0].rstrip() == "Lijst"
    assert re.match(r"Id +Code +Naam +Datum +Bedrag +Opmerking +Bron$", lines[1])
    assert re.match(r"1234 +53NQ-2S3M-4JSV +Marie-Louise Van den Broeck +07/02/2024 +€ 19\.448,00 +kwam", lines[2])
    assert all(len(line) <= 120 for line in lines)
    assert lines[-1] == "2 rijen"


def test_a_file_gets_120_columns_of_plain_text_even_from_a_terminal(tmp_path, capsys, screen):
    screen(60)
    out = tmp_path / "lijst.txt"
    emit_record(ROWS[0], COLUMNS, "table", out, title="Record", sections=[("Lijst", COLUMNS, ROWS)])
    text = out.read_text(encoding="utf-8")
    assert capsys.readouterr().out == ""
    assert "\x1b[" not in text and not BOX & set(text)
    assert "Opmerking  kwam met de hele familie" in text
    assert max(len(line) for line in text.splitlines()) <= 120
    assert re.search(r"^1234 +53NQ-2S3M-4JSV +Marie-Louise Van den Broeck +07/02/2024", text, re.M)


def test_labels_of_a_list_are_words_not_codes(cli, db):
    cli("participant", "add", "--first-name", "Ann", "--last-name", "Peeters", "--birth-date", "12/03/1985")
    cli("participant", "status", "add", "--participant", "1", "--ground", "ocmw")
    result = cli("participant", "list")
    assert "OCMW-gerechtigd" in result.stdout and "ocmw" not in result.stdout


# --- the promise: on the demo database, no code, date, amount or id split over two lines ---

LISTS = {
    "voucher list": ("vrijetijd_cli.commands.voucher", "COLUMNS", ()),
    "participant list": ("vrijetijd_cli.commands.participant", "LIST_COLUMNS", ("--limit", "300")),
    "participation list": ("vrijetijd_cli.commands.participation", "COLUMNS", ("--year", "2025")),
    "referral list": ("vrijetijd_cli.commands.referral", "COLUMNS", ("--year", "2025")),
    "activity list": ("vrijetijd_cli.commands.activity", "LIST_COLUMNS", ()),
    "participant status list": ("vrijetijd_cli.commands.participant", None, ("--expiring", "90")),
}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    env = {**os.environ, "VRIJETIJD_TODAY": TODAY, "XDG_CACHE_HOME": str(folder / "cache"),
           "XDG_DATA_HOME": str(folder / "share"), "NO_COLOR": "1"}
    env.pop("VRIJETIJD_DB", None)
    env.pop("VRIJETIJD_CONFIG", None)
    subprocess.run([sys.executable, "-m", "vrijetijd_cli", "demo", "--no-report"], cwd=folder, env=env,
                   check=True, capture_output=True)
    # the demo keeps to data/demo.db in the current folder; the user's own database is not touched
    assert not (folder / "share").exists()
    return folder / "data" / "demo.db"


def _columns(command: str) -> list[Column]:
    import importlib

    module_name, name, _args = LISTS[command]
    module = importlib.import_module(module_name)
    if name:
        return getattr(module, name)
    status = module.STATUS_COLUMNS
    return status[:2] + [Column("first_name", "Voornaam"), Column("last_name", "Familienaam")] + status[2:]


def _table_cells(text: str) -> tuple[list[str], list[list[str]]]:
    """The headers and the body lines of a boxed table, each line split into its cells."""
    lines = text.splitlines()
    top = next(i for i, line in enumerate(lines) if line.startswith("┏"))
    rule = next(i for i, line in enumerate(lines) if line.startswith("┡"))
    header_rows = [[c.strip() for c in line.strip("┃").split("┃")] for line in lines[top + 1:rule]]
    headers = [" ".join(part for part in parts if part).replace("- ", "-") for parts in zip(*header_rows, strict=True)]
    body = [[c.strip() for c in line.strip("│").split("│")] for line in lines[rule + 1:] if line.startswith("│")]
    return headers, body


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("command", list(LISTS))
def test_demo_lists_never_split_a_code_date_amount_or_id(cli, demo_db, screen, width, command):
    from vrijetijd_cli.render.output import header_of

    args = [*command.split(), *LISTS[command][2]]
    data = cli("--db", demo_db, *args, "--format", "json")
    assert data.exit_code == 0, data.stderr
    rows = json.loads(data.stdout)
    assert rows, command
    screen(width)
    result = cli("--db", demo_db, *args)
    assert result.exit_code == 0, result.stderr
    out = plain(result.stdout)
    assert all(len(line) <= width for line in out.splitlines())
    columns = _columns(command)
    by_header = {header_of(c): c for c in columns}
    if "┏" not in out:  # one block per record: every value on the line of its label
        for row in rows:
            for column in columns:
                value = cell(row.get(column.key), column)
                if column.kind in NO_WRAP and value:
                    assert re.search(rf"^{re.escape(header_of(column))} +{re.escape(value)}\s*$", out, re.M)
        return
    headers, body = _table_cells(out)
    shown = [by_header[h] for h in headers]
    left_out = [header_of(c) for c in columns if c not in shown]
    if left_out:
        assert ", ".join(left_out) in result.stderr
    checked = 0
    for index, column in enumerate(shown):
        if column.kind not in NO_WRAP:
            continue
        # a value that never wraps fills one line of its row; the row's other lines leave it empty
        cells = [line[index] for line in body if line[index]]
        expected = [cell(row.get(column.key), column) for row in rows]
        assert cells == [value for value in expected if value], (command, width, header_of(column))
        checked += 1
    assert checked >= 2
