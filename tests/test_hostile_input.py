"""Hostile input (issue 8, item 6): rich markup, SQL fragments, spreadsheet formulas, control
characters and very long fields, typed on the command line or sent in a partner's list.

None may crash, inject or change another record: the database holds exactly what was meant
(control characters and leading blanks removed by parse.clean_text on input), tables print the
text literally, and every CSV export neutralises a cell that Excel would run as a formula.
"""

import csv
import io
import json
import re
import shutil
import sqlite3

import pytest

from tests.conftest import DATA, table_counts

MARKUP = "[bold red]Jan[/bold red]"
LINK = "[link=http://x.example/]klik[/link]"
SQL = "'); DROP TABLE participants;--"
ROBERT = "Robert'); --"
HYPERLINK = '=HYPERLINK("http://x.example","klik")'
PLUS, MINUS, AT = "+1+1", "-2+3", "@SUM(A1)"
TAB, CR = "\t=1+2", "\r=3+4"  # stored without the leading tab / CR, so as '=1+2' and '=3+4'
ESC, BELL = "\x1b[31mrood\x1b[0m", "bel\x07"
HTML = '<script>alert("x")</script> [bold]vet[/bold]'
FORMULAS = [HYPERLINK, PLUS, MINUS, AT, "=1+2", "=3+4"]  # as stored
PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# cells the tool computes itself: a negative amount is a number to Excel, not a formula
NUMBER = re.compile(r"-?\d+(,\d+)?%?")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

# (first name, last name, notes): one person per hostile kind; all born 01/02/1980
PEOPLE = [
    (MARKUP, SQL, LINK),
    (HYPERLINK, ROBERT, ESC + " " + BELL),
    (PLUS, MINUS, AT),
    (AT, TAB, CR),
    (CR, "Peeters", HYPERLINK),
]


def ok(result):
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def csv_cells(text: str) -> list[str]:
    rows = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";")
    return [cell for row in rows for cell in row]


def assert_neutralised(text: str, expected: list[str]) -> None:
    """No cell starts like a formula unless neutralised; each expected value is there, neutralised."""
    cells = csv_cells(text)
    for cell in cells:
        assert not cell.startswith(PREFIXES) or NUMBER.fullmatch(cell), cell
    for value in expected:
        assert any(cell.startswith("'" + value) for cell in cells), (value, cells)


def assert_literal(text: str) -> None:
    """What the terminal receives: no escape codes, bells or NULs, the markup as typed."""
    assert CONTROL.search(text) is None, repr(CONTROL.search(text))


def rows(conn: sqlite3.Connection, sql: str) -> list[tuple]:
    return [tuple(r) for r in conn.execute(sql)]


def snapshot(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    """Every row of every table, to prove that nothing else changed."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'audit_log'"
        )
    ]
    # in the order of all columns (the id first, where there is one)
    def order(name: str) -> str:
        width = len(conn.execute(f"PRAGMA table_info({name})").fetchall())
        return ", ".join(str(i) for i in range(1, width + 1))

    return {name: [tuple(r) for r in conn.execute(f"SELECT * FROM {name} ORDER BY {order(name)}")] for name in names}


@pytest.fixture
def hostile(cli, db, monkeypatch, tmp_path):
    """A network in which every free-text field holds hostile text, entered through the CLI."""
    monkeypatch.setenv("LOGNAME", AT)  # the OS user goes into the audit log as it is
    ok(cli("partner", "add", "--name", HYPERLINK, "--kind", "vzw", "--contact", PLUS))  # 8
    ok(cli("partner", "add", "--name", SQL, "--contact", MINUS))  # 9
    ok(cli("partner", "add", "--name", HTML))  # 10
    for first, last, notes in PEOPLE:
        ok(
            cli(
                "participant",
                "add",
                "--first-name",
                first,
                "--last-name",
                last,
                "--birth-date",
                "01/02/1980",
                "--notes",
                notes,
                "--phone",
                "+33 6 12 34 56 78",  # a foreign number stays international (and starts with +)
            )
        )
    ok(cli("participant", "status", "add", "--participant", "1", "--ground", "ocmw", "--checked-by", HYPERLINK))
    ok(cli("participant", "status", "add", "--participant", "2", "--ground", "ocmw", "--checked-by", "9"))
    ok(cli("referral", "add", "--partner", HYPERLINK, "--participant", "1", "--note", MINUS))
    ok(
        cli(
            "referral",
            "add",
            "--partner",
            "9",
            "--first-name",
            ROBERT,
            "--last-name",
            HYPERLINK,
            "--birth-date",
            "02/02/1980",
            "--note",
            AT,
        )
    )  # participant 6
    ok(cli("referral", "add", "--partner", "10", "--participant", "3"))
    ok(
        cli(
            "activity",
            "add",
            "--title",
            HYPERLINK,
            "--domain",
            "cultuur",
            "--price",
            "10",
            "--organiser",
            AT,
            "--place",
            PLUS,
            "--locality",
            MINUS,
            "--date",
            "15/06/2026",
            "--description",
            SQL,
        )
    )
    ok(
        cli(
            "activity",
            "add",
            "--title",
            MARKUP,
            "--domain",
            "sport",
            "--price",
            "5",
            "--organiser-partner",
            HYPERLINK,
            "--from",
            "01/06/2026",
            "--to",
            "30/06/2026",
        )
    )
    ok(cli("participation", "add", "--participant", "1", "--activity", "1"))
    ok(cli("participation", "add", "--participant", "3", "--activity", "2", "--over-cap", PLUS,
           "--without-status", PLUS))
    issued = ok(cli("voucher", "issue", "--participant", "2", "--amount", "10", "--count", "2", "-f", "json"))
    codes = [v["code"] for v in json.loads(issued.stdout)]
    ok(cli("voucher", "redeem", codes[0], "--activity", "1"))
    ok(cli("voucher", "cancel", codes[1], "--reason", HYPERLINK))
    ok(cli("budget", "expense", "add", "--category", "communicatie", "--amount", "12,50", "--description", AT))
    ok(cli("meeting", "add", "--date", "10/06/2026", "--present", "8,9,1", "--place", PLUS, "--agenda", MINUS))
    ok(cli("meeting", "action", "add", "1", "--text", HYPERLINK, "--owner", SQL))
    ok(cli("goal", "add", "--title", AT, "--level", "strategic", "--code", "SD9"))
    ok(cli("goal", "evaluate", "SD9", "--year", "2026", "--state", "lopend", "--comment", PLUS))
    listed = tmp_path / "=HYPERLINK(1)+lijst.csv"
    shutil.copyfile(DATA / "hostile_partner_list.csv", listed)
    ok(cli("import", "participants", listed, "--partner", SQL))  # participants 7..10
    return {"codes": codes}


def test_cli_input_is_stored_exactly_as_meant(hostile, db):
    # a leading tab is stripped like any blank; CR, ESC and the bell are control characters: dropped
    assert rows(db, "SELECT first_name, last_name, notes FROM participants WHERE id <= 5 ORDER BY id") == [
        (MARKUP, SQL, LINK),
        (HYPERLINK, ROBERT, "[31mrood[0m bel"),
        (PLUS, MINUS, AT),
        (AT, "=1+2", "=3+4"),
        ("=3+4", "Peeters", HYPERLINK),
    ]
    assert rows(db, "SELECT name, contact FROM partners WHERE id IN (8, 9) ORDER BY id") == [
        (HYPERLINK, PLUS),
        (SQL, MINUS),
    ]
    assert rows(db, "SELECT title, organiser_name, place, locality, description FROM activities WHERE id = 1") == [
        (HYPERLINK, AT, PLUS, MINUS, SQL)
    ]
    assert rows(db, "SELECT partner_id, note FROM referrals ORDER BY id LIMIT 2") == [(8, MINUS), (9, AT)]
    assert db.execute("SELECT text FROM meeting_actions").fetchone()[0] == HYPERLINK
    assert db.execute("SELECT os_user FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0] == AT
    # the SQL fragments did nothing: every table is there and every row was written once
    counts = table_counts(db)
    assert counts["participants"] == 10 and counts["partners"] == 10 and counts["referrals"] == 7


def test_partner_list_csv_and_xlsx_are_stored_exactly(hostile, cli, db, tmp_path):
    expected = [
        ("[bold]An[/bold]", "Robert'); DROP TABLE participants;--", HYPERLINK),
        ("+1+1", "@SUM(A1)", "-2+3"),
        ("[link=http://x.example/]klik[/link]", "=1+2", "[31mrood[0m en een bel"),
        ("Robert'); --", "=3+4", "gewone opmerking"),
    ]
    imported = (
        "SELECT p.first_name, p.last_name, r.note FROM referrals r JOIN participants p"
        " ON p.id = r.participant_id WHERE r.import_id = {} ORDER BY r.id"
    )
    assert rows(db, imported.format(1)) == expected
    before = snapshot(db)
    # the same list as an Excel file: the same people, matched, not added again
    listed = tmp_path / "lijst.xlsx"
    shutil.copyfile(DATA / "hostile_partner_list.xlsx", listed)
    ok(cli("import", "participants", listed, "--partner", "5"))
    assert rows(db, imported.format(2)) == expected
    after = snapshot(db)
    for table in set(before) - {"referrals", "imports"}:
        assert after[table] == before[table], table
    assert after["referrals"][: len(before["referrals"])] == before["referrals"]


def test_tables_print_typed_text_literally(hostile, cli):
    shown = ok(cli("participant", "show", "2"))
    assert_literal(shown.stdout)
    assert HYPERLINK in shown.stdout and "[31mrood[0m bel" in shown.stdout
    listed = ok(cli("participant", "list"))
    assert_literal(listed.stdout)
    assert "[bold red]Jan[/bold red]" in listed.stdout  # markup as typed, not made bold
    assert "'); DROP TABLE" in listed.stdout
    for args in (
        ("partner", "list"),
        ("referral", "list"),
        ("activity", "list"),
        ("activity", "show", "2"),
        ("voucher", "list"),
        ("participation", "list"),
        ("meeting", "show", "1"),
        ("meeting", "action", "list"),
        ("goal", "list", "--year", "2026"),
        ("audit", "list"),
        ("import", "list"),
        ("budget", "expense", "list"),
        ("activity", "offer"),
    ):
        result = ok(cli(*args))
        assert_literal(result.stdout)
        assert_literal(result.stderr)
    assert "[link=http://x.example/]klik[/link]" in ok(cli("participant", "show", "1")).stdout
    assert MARKUP in ok(cli("activity", "show", "2")).stdout


def test_messages_print_typed_text_literally(hostile, cli):
    # an error message quotes what was typed; the quote escapes control characters
    result = cli("partner", "show", f"{MARKUP}\x1b[2J\x07")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Fout: partner '[bold red]Jan[/bold red]\\x1b[2J\\x07' bestaat niet")
    assert_literal(result.stderr)
    redeemed = ok(cli("voucher", "issue", "--participant", "2", "--amount", "5", "-f", "json"))
    code = json.loads(redeemed.stdout)[0]["code"]
    result = ok(cli("voucher", "redeem", code, "--activity", "2"))
    assert f"ingewisseld voor {MARKUP}" in result.stderr


def test_every_csv_export_neutralises_formulas(hostile, cli, tmp_path):
    exports = {
        ("participant", "list"): [PLUS, AT, "=3+4", MINUS, "=1+2", HYPERLINK],
        ("participant", "show", "4"): [AT, "=1+2", "=3+4", "+33 6"],
        ("participant", "search", "01/02/1980"): [PLUS, AT, "=3+4", HYPERLINK],
        ("participant", "status", "list"): [HYPERLINK, PLUS, AT, "=1+2", "=3+4"],
        ("referral", "list"): [MINUS, AT, HYPERLINK],
        ("referral", "show", "2"): [AT, HYPERLINK],
        ("partner", "list"): [HYPERLINK, PLUS, MINUS],
        ("partner", "show", "8"): [HYPERLINK, PLUS],
        ("activity", "list"): [HYPERLINK, AT, PLUS],
        ("activity", "show", "1"): [HYPERLINK, AT, PLUS, MINUS],
        ("activity", "offer"): [HYPERLINK, AT],
        ("voucher", "list"): [HYPERLINK],
        ("voucher", "show", hostile["codes"][1]): [HYPERLINK],
        ("participation", "list"): [HYPERLINK],
        ("budget", "show"): [],
        ("budget", "expense", "list"): [AT],
        ("meeting", "list"): [PLUS],
        ("meeting", "show", "1"): [PLUS, MINUS],
        ("meeting", "action", "list"): [HYPERLINK],
        ("meeting", "attendance"): [HYPERLINK],
        ("goal", "list", "--year", "2026"): [AT, PLUS],
        ("goal", "show", "SD9"): [AT],
        ("audit", "list"): [AT],
        ("import", "list"): ["=HYPERLINK(1)+lijst.csv"],
        ("db", "check"): [],
    }
    for args, expected in exports.items():
        result = ok(cli(*args, "--format", "csv"))
        assert_neutralised(result.stdout, expected)
        # the same through --output: a file with a BOM for Excel
        out = tmp_path / "uit.csv"
        ok(cli(*args, "--format", "csv", "--output", out))
        raw = out.read_text(encoding="utf-8")
        assert raw.startswith("\ufeff"), args
        assert_neutralised(raw, expected)


def test_yearly_report_csv_folder_neutralises_formulas(hostile, cli, tmp_path):
    folder = tmp_path / "rapport"
    result = cli("report", "yearly", "--year", "2026", "--format", "csv", "--output", folder)
    ok(result)
    files = sorted(folder.glob("*.csv"))
    assert files
    text = "".join(f.read_text(encoding="utf-8-sig") for f in files)
    # partners are reported by name: the hostile one comes out neutralised
    assert_neutralised(text, [HYPERLINK])


def test_yearly_report_prints_names_literally(hostile, cli):
    result = ok(cli("report", "yearly", "--year", "2026"))
    assert_literal(result.stdout)
    assert "[bold]vet[/bold]" in result.stdout


def test_html_and_markdown_escape_names(hostile, cli):
    for args in (("activity", "offer", "--format", "html"), ("report", "yearly", "--year", "2026", "--format", "html")):
        page = ok(cli(*args)).stdout
        assert "&lt;script&gt;alert(" in page, args
        assert "<script" not in page, args
    for args in (("activity", "offer", "--format", "md"), ("report", "yearly", "--year", "2026", "--format", "md")):
        text = ok(cli(*args)).stdout
        assert "alert(" in text, args
        assert re.search(r"(?<!\\)<script", text) is None, args


def rejects_of(cli, tmp_path, name: str):
    source = tmp_path / name
    shutil.copyfile(DATA / name, source)
    rejects = tmp_path / f"afgewezen{source.suffix}"
    result = cli("import", "participants", source, "--partner", "5", "--skip-invalid", "--rejects", rejects)
    ok(result)
    assert "2 afgewezen rijen" in result.stderr
    return rejects


def test_rejects_csv_neutralises_formulas(cli, db, tmp_path):
    rejects = rejects_of(cli, tmp_path, "hostile_bad_rows.csv")
    text = rejects.read_text(encoding="utf-8-sig")
    assert_neutralised(text, [HYPERLINK, AT, MINUS])


def test_rejects_xlsx_holds_text_not_formulas(cli, db, tmp_path):
    from openpyxl import load_workbook

    rejects = rejects_of(cli, tmp_path, "hostile_bad_rows.xlsx")
    book = load_workbook(rejects)
    cells = [c for row in book.active.iter_rows() for c in row if c.value is not None]
    assert any(c.value == HYPERLINK for c in cells)
    assert [c.coordinate for c in cells if c.data_type == "f"] == []


def test_rejected_rows_never_reach_the_database(cli, db, tmp_path):
    before = table_counts(db)
    source = tmp_path / "hostile_bad_rows.csv"
    shutil.copyfile(DATA / "hostile_bad_rows.csv", source)
    result = cli("import", "participants", source, "--partner", "5")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "regel 3: Geb. datum: '31/02/1980' bestaat niet als datum" in result.stderr
    assert "regel 4: Opmerking: de tekst is te lang (12000 tekens, maximum 2000)" in result.stderr
    assert "x" * 100 not in result.stderr  # the long value is not echoed
    assert table_counts(db) == before
    ok(cli("import", "participants", source, "--partner", "5", "--skip-invalid", "--rejects", tmp_path / "r.csv"))
    assert rows(db, "SELECT first_name, last_name FROM participants") == [("Mia", "Claes")]


LONG = "Ö" * 10_500


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (
            ("participant", "add", "--first-name", LONG, "--last-name", "Peeters", "--birth-date", "1/1/1990"),
            "voornaam",
        ),
        (
            (
                "participant",
                "add",
                "--first-name",
                "An",
                "--last-name",
                "Peeters",
                "--birth-date",
                "1/1/1990",
                "--notes",
                LONG,
            ),
            "notities",
        ),
        (("participant", "edit", "1", "--notes", LONG), "notities"),
        (("referral", "add", "--partner", "5", "--participant", "1", "--note", LONG), "opmerking"),
        (("partner", "add", "--name", LONG), "naam"),
        (("partner", "edit", "5", "--contact", LONG), "contact"),
        (("activity", "add", "--title", LONG, "--domain", "sport", "--price", "5"), "titel"),
        (("budget", "expense", "add", "--category", "andere", "--amount", "5", "--description", LONG), "omschrijving"),
        (("meeting", "add", "--present", "1", "--agenda", LONG), "agenda"),
        (("goal", "add", "--title", LONG, "--level", "strategic"), "titel"),
        (("participant", "forget", "1", "--reason", LONG), "reden"),
    ],
)
def test_very_long_fields_are_refused_naming_the_field(cli, db, args, field):
    ok(cli("participant", "add", "--first-name", "Jan", "--last-name", "Peeters", "--birth-date", "1/1/1980"))
    before = snapshot(db)
    result = cli(*args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert re.match(rf"Fout: {field}: de tekst is te lang \(10\.?500 tekens, maximum [\d.]+\)\n$", result.stderr), (
        result.stderr
    )
    assert snapshot(db) == before


def test_very_long_minutes_and_search_terms_work(cli, db, tmp_path):
    minutes = "# Verslag\n\n" + ("Een lange alinea over [bold]het aanbod[/bold] en =SOM(A1). " * 400)
    assert len(minutes) > 10_000
    path = tmp_path / "verslag.md"
    path.write_text(minutes, encoding="utf-8")
    ok(cli("meeting", "add", "--present", "1,5", "--minutes-file", path))
    assert db.execute("SELECT minutes FROM meetings").fetchone()[0] == minutes.strip()
    shown = ok(cli("meeting", "show", "1"))
    assert "[bold]het aanbod[/bold]" in shown.stdout
    assert_literal(shown.stdout)
    for args in (
        ("participant", "search", LONG),
        ("participant", "list", "--text", LONG),
        ("activity", "list", "--text", LONG),
        ("partner", "show", LONG[:5000]),
    ):
        result = cli(*args)
        assert "Traceback" not in result.stderr
        assert result.exit_code in (0, 1), args


def test_control_characters_typed_or_in_a_file(cli, db, tmp_path):
    # NUL cannot be passed in argv of a real process; in-process it can
    ok(
        cli(
            "participant",
            "add",
            "--first-name",
            "N\x00ul",
            "--last-name",
            "Be\x07l\x1b[2J",
            "--birth-date",
            "1/1/1990",
            "--notes",
            "a\x1b]0;titel\x07b\x08c\x7fd",
        )
    )
    assert rows(db, "SELECT first_name, last_name, notes FROM participants") == [("Nul", "Bel[2J", "a]0;titelbcd")]
    listed = ok(cli("participant", "list", "--format", "csv"))
    assert_literal(listed.stdout.replace("\r\n", ""))
    minutes = tmp_path / "verslag.md"
    minutes.write_bytes(b"# Verslag\n\nrood: \x1b[31m!\x1b[0m \x07 einde\n")
    ok(cli("meeting", "add", "--present", "1", "--minutes-file", minutes))
    stored = db.execute("SELECT minutes FROM meetings").fetchone()[0]
    assert "\x1b" not in stored and "\x07" not in stored and "einde" in stored
    assert_literal(ok(cli("meeting", "show", "1")).stdout)
    binary = tmp_path / "nul.csv"
    binary.write_bytes(b"Naam;Voornaam;Geb. datum\r\nPeeters;J\x00an;1/1/1990\r\n")
    before = table_counts(db)
    result = cli("import", "participants", binary, "--partner", "5")
    assert result.exit_code == 1
    assert "is een binair bestand" in result.stderr
    assert table_counts(db) == before


def test_sql_fragments_find_only_their_own_record(hostile, cli, db):
    before = snapshot(db)
    found = json.loads(ok(cli("participant", "search", "robert", "--format", "json")).stdout)
    assert sorted(p["id"] for p in found) == [2, 6, 7, 10]
    listed = json.loads(ok(cli("participant", "list", "--text", "%", "--format", "json")).stdout)
    assert len(listed) == 10  # a LIKE wildcard is not a way to widen or break the query
    shown = json.loads(ok(cli("partner", "show", SQL, "--format", "json")).stdout)
    assert shown["id"] == 9
    # editing one hostile record changes that record only
    ok(cli("participant", "edit", "1", "--last-name", "x'; UPDATE participants SET notes = 'weg';--"))
    ok(cli("partner", "edit", SQL, "--contact", "'; DELETE FROM partners;--"))
    after = snapshot(db)
    changed = {t for t in before if before[t] != after[t]}
    assert changed == {"participants", "partners"}
    assert [r for r in after["participants"] if r[0] != 1] == [r for r in before["participants"] if r[0] != 1]
    assert [r for r in after["partners"] if r[0] != 9] == [r for r in before["partners"] if r[0] != 9]
    assert db.execute("SELECT last_name FROM participants WHERE id = 1").fetchone()[0] == (
        "x'; UPDATE participants SET notes = 'weg';--"
    )
    ok(cli("db", "check"))


def test_text_that_never_passed_clean_text_is_printed_without_escape_codes(cli, db, monkeypatch, tmp_path):
    # the OS user name and an imported file's name are stored as they come, not typed by the coordinator
    monkeypatch.setenv("LOGNAME", "\x1b[31mrood\x07")
    listed = tmp_path / "lijst\x1b[2J\x9b31m.csv"
    shutil.copyfile(DATA / "hostile_partner_list.csv", listed)
    ok(cli("import", "participants", listed, "--partner", "5"))
    assert (
        db.execute("SELECT os_user FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0] == "[31mrood"
    )  # cleaned when stored
    for args in (
        ("audit", "list"),
        ("import", "list"),
        ("audit", "list", "--format", "csv"),
        ("import", "list", "--format", "csv"),
    ):
        result = ok(cli(*args))
        assert_literal(result.stdout.replace("\r\n", "\n"))
        assert "\x9b" not in result.stdout
    cells = csv_cells(ok(cli("import", "list", "--format", "csv")).stdout)
    assert "lijst[2J31m.csv" in cells and "[31mrood" in cells
