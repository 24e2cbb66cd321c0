"""`vrijetijd report …` through the command line: formats, outputs, bad input, exit codes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, table_counts, use_english

ROOT = Path(__file__).parents[1]


@pytest.fixture
def dataset(db):
    db.executescript((DATA / "report_dataset.sql").read_text(encoding="utf-8"))
    return db


def test_yearly_json_has_the_stable_keys_and_equals_plain_sql(cli, dataset):
    result = cli("report", "yearly", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert report["year"] == 2025
    assert (report["reach"]["participants"], report["reach"]["new_participants"]) == (8, 5)
    assert report["reach"]["by_ground"][1] == {
        "key": "ocmw", "label": "OCMW-gerechtigd / leefloon", "participants": 3, "new_participants": 2,
        "took_part": 3, "household_members": 8}
    assert report["meetings"]["held"] == 3 and report["meetings"]["minimum"] == 4
    assert [g["code"] for g in report["goals"]][:3] == ["SD1", "OD1.1", "A1.1.1"]
    # the same figures counted independently, row by row
    sql = dataset.execute
    assert report["referrals"]["total"] == sql("SELECT COUNT(*) FROM referrals WHERE date LIKE '2025-%'").fetchone()[0]
    assert sum(r["referrals"] for r in report["referrals"]["by_partner"]) == report["referrals"]["total"]
    assert report["participation"]["participations"] == sql(
        "SELECT COUNT(*) FROM participations WHERE date LIKE '2025-%'").fetchone()[0]
    spent = sql("SELECT (SELECT SUM(network_paid_cents) FROM participations WHERE budget_year = 2025)"
                " + (SELECT SUM(amount_cents) FROM expenses WHERE year = 2025)").fetchone()[0]
    available = sql("SELECT trekkingsrecht_cents + cofinancing_cents + other_cents FROM budgets WHERE year = 2025"
                    ).fetchone()[0]
    assert report["budget"]["spent_cents"] == spent
    assert report["budget"]["available_cents"] == available
    assert report["budget"]["remaining_cents"] == available - spent - 2500  # v2 still open and valid
    for money in ("available_cents", "spent_cents", "remaining_cents"):
        assert isinstance(report["budget"][money], int)


def test_yearly_table_on_stdout(cli, dataset):
    result = cli("report", "yearly", "--year", "2025")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout.startswith("Jaarrapport 2025\nLokaal netwerk vrijetijdsparticipatie Hasselt — Hasselt\n")
    assert "Trekkingsrecht   € 19.448,00" in result.stdout
    assert "Peeters" not in result.stdout


def test_yearly_markdown_and_html_into_files(cli, dataset, tmp_path):
    md = tmp_path / "uit" / "jaarrapport.md"
    result = cli("report", "yearly", "-f", "md", "-o", str(md))
    assert result.exit_code == 0 and result.stdout == ""
    expected = (DATA / "report_yearly_2025.md").read_text(encoding="utf-8")
    assert md.read_text(encoding="utf-8") == expected.replace("<DATUM>", "15/06/2026")
    page = tmp_path / "jaarrapport.html"
    assert cli("report", "yearly", "--format", "HTML", "--output", str(page)).exit_code == 0
    assert "<h2>Samenvatting</h2>" in page.read_text(encoding="utf-8")


def test_yearly_csv_into_a_folder_named_after_the_report(cli, dataset, isolated):
    result = cli("report", "yearly", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.strip() == "11 CSV-bestanden geschreven in jaarrapport-2025."
    files = sorted(p.name for p in (isolated / "jaarrapport-2025").iterdir())
    assert files[0] == "01-samenvatting.csv" and files[-1] == "11-hoe-de-cijfers-geteld-worden.csv"
    chosen = isolated / "csv"
    assert cli("report", "yearly", "-f", "csv", "-o", str(chosen)).exit_code == 0
    assert (chosen / "03-bereik.csv").read_bytes().startswith(b"\xef\xbb\xbfBereik\r\nGegeven;Waarde\r\n")


def test_a_folder_that_cannot_be_written_is_a_clear_error(cli, dataset, tmp_path):
    before = table_counts(dataset)
    blocker = tmp_path / "bestand"
    blocker.write_text("x")
    result = cli("report", "yearly", "-f", "csv", "-o", str(blocker / "map"))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Fout: uitvoermap '{blocker / 'map'}' kan niet geschreven worden: ")
    result = cli("report", "yearly", "-f", "html", "-o", str(blocker / "rapport.html"))
    assert result.exit_code == 1
    assert "kan niet geschreven worden" in result.stderr
    assert table_counts(dataset) == before


def test_a_future_year_is_refused(cli, dataset):
    before = table_counts(dataset)
    result = cli("report", "yearly", "--year", "2027")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "Fout: jaar: 2027 ligt in de toekomst (vandaag is 15/06/2026)\n"
    assert cli("report", "budget", "--year", "2030").exit_code == 1
    assert table_counts(dataset) == before


def test_a_year_without_data_says_so_and_gives_an_empty_report(cli, dataset):
    result = cli("report", "yearly", "--year", "2010", "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == "Er zijn geen gegevens voor 2010; het rapport is leeg.\n"
    report = json.loads(result.stdout)
    assert report["has_data"] is False and report["reach"]["participants"] == 0
    md = cli("report", "yearly", "--year", "2010", "--format", "md")
    assert md.exit_code == 0 and "Er zijn geen gegevens voor 2010" in md.stdout


def test_unknown_format_and_grouping_are_usage_errors(cli, dataset):
    result = cli("report", "yearly", "--format", "pdf")
    assert result.exit_code == 1
    assert result.stderr.startswith("Fout: --format: 'pdf' is onbekend; kies uit table, csv, json, md, html")
    by = cli("report", "referrals", "--by", "week")
    assert by.exit_code == 1
    assert by.stderr.startswith("Fout: --by: 'week' is onbekend; kies uit partner, month, ground")
    assert cli("report", "participants", "--by", "naam").exit_code == 1
    # the Dutch words of the help text are understood too
    assert json.loads(cli("report", "referrals", "--by", "maand", "-f", "json").stdout)["by"] == "month"


def test_public_json_hides_small_counts(cli, dataset):
    result = cli("report", "yearly", "--public", "-f", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["public"] is True
    assert report["reach"]["by_age"][0]["participants"] == "< 5"
    assert report["reach"]["participants"] == 8
    assert report["meetings"]["open_actions"] == []


def test_topic_reports_in_every_format(cli, dataset, tmp_path):
    budget = json.loads(cli("report", "budget", "-f", "json").stdout)
    assert budget["budget"]["spent_cents"] == 34950
    referrals = cli("report", "referrals", "--by", "month", "-f", "md")
    assert referrals.exit_code == 0
    assert "| feb | 1 | 0 | 0 | 1 | 0 | 0 | 1 | 100,0% |" in referrals.stdout  # r1: toegeleid
    meetings = tmp_path / "overleg.html"
    assert cli("report", "meetings", "-f", "html", "-o", str(meetings)).exit_code == 0
    assert "<h2>Overleg</h2>" in meetings.read_text(encoding="utf-8")
    ages = json.loads(cli("report", "participants", "--by", "age", "-f", "json").stdout)
    assert [r["participants"] for r in ages["rows"]] == [1, 1, 1, 2, 2, 1]
    table = cli("report", "participants", "--by", "postcode")
    assert table.exit_code == 0 and "3500" in table.stdout
    one = cli("report", "referrals", "-f", "csv", "-o", str(tmp_path / "t"))
    assert one.exit_code == 0
    assert one.stderr == f"1 CSV-bestand geschreven in {tmp_path / 't'}.\n"
    assert (tmp_path / "t" / "01-toeleiding.csv").exists()


def test_english_report(cli, dataset, config_path):
    use_english(config_path)
    result = cli("report", "yearly", "-f", "md")
    assert result.exit_code == 0
    assert result.stdout.startswith("# Annual report 2025\n")
    assert "## Summary" in result.stdout
    future = cli("report", "yearly", "--year", "2027")
    assert future.stderr == "Error: year: 2027 is in the future (today is 15/06/2026)\n"


def test_report_help_lists_the_reports(cli):
    result = cli("report", "--help")
    assert result.exit_code == 0
    for name in ("yearly", "budget", "referrals", "meetings", "participants"):
        assert name in result.stdout


def test_yearly_report_as_a_real_process(dataset, db_path, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100"}
    result = subprocess.run(
        [sys.executable, "-m", "vrijetijd_cli", "--db", str(db_path), "report", "yearly"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Jaarrapport 2025"
    assert max(len(line) for line in lines) <= 100


def test_close_a_year_then_a_late_edit_is_refused_until_it_is_reopened(cli, dataset):
    refused = cli("report", "close", "2025", input="n\n")
    assert refused.exit_code == 1 and "Niet afgesloten" in refused.stderr
    closed_now = cli("report", "close", "2025", "--yes")
    assert closed_now.exit_code == 0, closed_now.stderr
    shown = json.loads(cli("report", "yearly", "--year", "2025", "-f", "json").stdout)
    assert shown["closed"]["closed_at"].startswith("2026-06-15")
    late = cli("budget", "expense", "add", "--category", "vervoer", "--amount", "10", "--description", "bus",
               "--date", "20/12/2025")
    assert late.exit_code == 1 and "report reopen 2025" in late.stderr
    no_reason = cli("report", "reopen", "2025")
    assert no_reason.exit_code == 1 and "--reason" in no_reason.stderr
    assert cli("report", "reopen", "2025", "--reason", "uitgave vergeten").exit_code == 0
    assert cli("budget", "expense", "add", "--category", "vervoer", "--amount", "10", "--description", "bus",
               "--date", "20/12/2025").exit_code == 0
    current = json.loads(cli("report", "yearly", "--year", "2025", "-f", "json").stdout)
    assert "closed" not in current


def test_close_confirmed_on_the_terminal(cli, dataset):
    assert cli("report", "close", "2025", input="ja\n").exit_code == 0


@pytest.mark.parametrize(("args", "code", "names"), [
    (("report", "close", "2026", "--yes"), 1, "2026"),  # the current year
    (("report", "close", "0", "--yes"), 1, "'0'"),
    (("report", "close", "99999", "--yes"), 1, "'99999'"),
    (("report", "close", "2010", "--yes"), 1, "2010"),  # no data
    (("report", "reopen", "2024", "--reason", "x"), 1, "2024"),  # not closed
    (("report", "reopen", "٢٠٢٥", "--reason", "x"), 1, "٢٠٢٥"),
    (("report", "close"), 2, "JAAR"),
])
def test_bad_closing_requests_are_clear_errors_and_write_nothing(cli, dataset, args, code, names):
    before = table_counts(dataset)
    result = cli(*args)
    assert result.exit_code == code
    assert names in result.stderr
    assert table_counts(dataset) == before


def test_current_shows_the_differences_with_the_stored_report(cli, dataset):
    assert cli("report", "close", "2025", "--yes").exit_code == 0
    dataset.execute("UPDATE participants SET postcode = '3600' WHERE id = 1")
    data = json.loads(cli("report", "yearly", "--year", "2025", "--current", "-f", "json").stdout)
    assert {"path": "reach.living_in_municipality", "kind": "count", "stored": 6, "now": 5, "change": -1} \
        in data["differences"]


def test_html_on_a_terminal_is_refused_but_a_pipe_or_a_file_gets_it(cli, db, monkeypatch, tmp_path):
    before = table_counts(db)
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # stdout is a terminal, as rich sees it
    refused = cli("report", "yearly", "--year", "2025", "--format", "html")
    assert refused.exit_code == 1
    assert refused.stdout == ""
    assert refused.stderr == ("Fout: HTML is niet leesbaar op het scherm: schrijf het naar een bestand met"
                              " --output rapport.html en open dat in een browser\n")
    written = cli("report", "yearly", "--year", "2025", "--format", "html", "--output", tmp_path / "r.html")
    assert written.exit_code == 0, written.stderr
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    monkeypatch.setenv("TTY_COMPATIBLE", "0")  # a pipe
    piped = cli("report", "yearly", "--year", "2025", "--format", "html")
    assert piped.exit_code == 0 and piped.stdout.startswith("<!DOCTYPE html>")
    assert table_counts(db) == before
