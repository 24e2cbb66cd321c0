"""`vrijetijd budget show|set|expense add|expense list` through the CLI."""

import json
import re

import pytest

from tests.conftest import table_counts, use_english
from tests.test_services_participations import activity, person


def fill(cli, db):
    """2026: a participation, an open voucher and two expenses."""
    pid = person(db)
    activity(db)
    added = cli("participation", "add", "--participant", pid, "--activity", "1", "--household-members", "2")
    assert added.exit_code == 0
    assert cli("voucher", "issue", "--participant", pid, "--amount", "25").exit_code == 0
    assert cli("budget", "expense", "add", "--category", "communicatie", "--amount", "1.250,00",
               "--description", "Folders transparant aanbod", "--date", "02/03/2026").exit_code == 0
    assert cli("budget", "expense", "add", "--category", "vervoer", "--amount", "80,50",
               "--description", "Bus naar Bokrijk", "--source", "cofinanciering").exit_code == 0


def test_show_json_has_the_amounts_in_cents(cli, db):
    fill(cli, db)
    result = cli("budget", "show", "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert {k: data[k] for k in ("year", "available_cents", "spent_cents", "committed_cents", "remaining_cents",
                                 "used_bp", "forecast_cents", "warnings")} == {
        "year": 2026, "available_cents": 2444800, "spent_cents": 720 + 125000 + 8050, "committed_cents": 2500,
        "remaining_cents": 2444800 - 133770 - 2500, "used_bp": 560, "forecast_cents": 294133, "warnings": [],
    }
    assert [c["category"] for c in data["by_category"]] == ["communicatie", "vervoer"]
    assert data["by_domain"] == [{"domain": "sport", "participations": 1, "persons": 2, "spent_cents": 720}]


def test_show_table(cli, db):
    fill(cli, db)
    result = cli("budget", "show", "--year", "2026")
    assert result.exit_code == 0
    for pattern in (r"Budget 2026", r"Bedragen\s+standaard uit de config", r"Beschikbaar\s+€ 24\.448,00",
                    r"Uitgegeven\s+€ 1\.337,70", r"Vastgelegd \(open waardebonnen\)\s+€ 25,00",
                    r"Resterend\s+€ 23\.085,30", r"Gebruikt \(uitgegeven \+ vastgelegd\)\s+5,6%",
                    r"Prognose jaareinde\s+€ 2\.941,33", r"^trekkingsrecht +€ 19\.448,00 +€ 1\.257,20 ",
                    r"^Sport +1 +2 +€ 7,20$", r"^vervoer +1 +€ 80,50$"):
        assert re.search(pattern, result.stdout, re.M), pattern


def test_show_csv_is_flat(cli, db):
    fill(cli, db)
    lines = cli("budget", "show", "--format", "csv").stdout.splitlines()
    assert lines[0] == "Onderdeel;Post;Bedrag"
    assert "Totaal;Beschikbaar;24448,00" in lines
    assert "cofinanciering;Uitgegeven;80,50" in lines
    assert "Andere uitgaven per categorie;communicatie;1250,00" in lines


def test_warnings_go_to_stderr(cli, db):
    fill(cli, db)
    assert cli("budget", "set", "--year", "2026", "--trekkingsrecht", "1300", "--cofinancing", "0").exit_code == 0
    result = cli("budget", "show")
    assert result.exit_code == 0
    assert result.stderr == (
        "Waarschuwing: 104,8% van het budget 2026 is gebruikt (uitgegeven + vastgelegd), meer dan de drempel"
        " van 90,0%\n"
        "Waarschuwing: de verwachte uitgaven tegen het jaareinde (€ 2.941,33) zijn hoger dan het budget 2026"
        " (€ 1.300,00)\n"
    )
    assert re.search(r"Bedragen\s+ingesteld voor dit jaar", result.stdout)
    as_json = json.loads(cli("budget", "show", "--format", "json").stdout)
    assert as_json["warnings"] == ["above_warn_share", "forecast_over"]


def test_past_year_over_budget_says_spending_not_forecast(cli, db):
    cli("budget", "set", "--year", "2025", "--trekkingsrecht", "100", "--cofinancing", "0")
    cli("budget", "expense", "add", "--year", "2025", "--date", "10/10/2025", "--category", "werking",
        "--amount", "120", "--description", "Zaalhuur")
    result = cli("budget", "show", "--year", "2025")
    assert re.search(r"Uitgaven van het jaar\s+€ 120,00", result.stdout)
    assert "Waarschuwing: de uitgaven van 2025 (€ 120,00) zijn hoger dan het budget (€ 100,00)" in result.stderr


def test_set_and_expense_list(cli, db):
    result = cli("budget", "set", "--year", "2027", "--trekkingsrecht", "19.448,00", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {k: data[k] for k in ("year", "trekkingsrecht_cents", "cofinancing_cents", "other_cents", "from_config")} \
        == {"year": 2027, "trekkingsrecht_cents": 1944800, "cofinancing_cents": 500000, "other_cents": 0,
            "from_config": False}
    fill(cli, db)
    listed = cli("budget", "expense", "list", "--year", "2026")
    assert "2 uitgaven, samen € 1.330,50" in listed.stdout
    rows = json.loads(cli("budget", "expense", "list", "--category", "vervoer", "--format", "json").stdout)
    assert [(r["date"], r["amount_cents"], r["funding_source"], r["description"]) for r in rows] == [
        ("2026-06-15", 8050, "cofinanciering", "Bus naar Bokrijk")]


@pytest.mark.parametrize("args,message", [
    (["--category", "eten", "--amount", "10"], "categorie: 'eten' is onbekend; kies uit communicatie, vervoer,"
                                                " materiaal, werking, andere"),
    (["--category", "vervoer", "--amount", "0"], "bedrag: het bedrag moet groter zijn dan nul"),
    (["--category", "vervoer", "--amount", "-3"], "bedrag: '-3' is negatief"),
    (["--category", "vervoer", "--amount", "1,234"],
     "bedrag: '1,234' is dubbelzinnig (schrijf bv. 1234,50 of 1.234,50)"),
    (["--category", "vervoer", "--amount", "10", "--date", "2026-13-01"],
     "--date: '2026-13-01' bestaat niet als datum"),
])
def test_expense_add_bad_input(cli, db, args, message):
    before = table_counts(db)
    result = cli("budget", "expense", "add", *args, "--description", "Bus")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Fout: {message}\n")
    assert table_counts(db) == before


@pytest.mark.parametrize("args,message", [
    (["--year", "2026", "--trekkingsrecht", "-1"], "trekkingsrecht: '-1' is negatief"),
    (["--year", "2026", "--other", "1,234"], "ander: '1,234' is dubbelzinnig (schrijf bv. 1234,50 of 1.234,50)"),
    (["--year", "26"], "--year: '26' is geen geldig jaar (jjjj, van 1900 tot 2999)"),
    (["--year", "1999"], "jaar: 1999 moet tussen 2000 en 2100 liggen"),
])
def test_set_bad_input(cli, db, args, message):
    before = table_counts(db)
    result = cli("budget", "set", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Fout: {message}\n")
    assert table_counts(db) == before


def test_budget_in_english(cli, db, config_path):
    fill(cli, db)
    use_english(config_path)
    assert cli("budget", "set", "--year", "2026", "--trekkingsrecht", "1300", "--cofinancing", "0").exit_code == 0
    result = cli("budget", "show")
    assert result.exit_code == 0
    for pattern in (r"Budget 2026", r"Amounts\s+set for this year", r"Spent\s+€1,337\.70",
                    r"Committed \(open vouchers\)\s+€25\.00", r"^drawing right  ", r"^transport +1 +€80\.50$"):
        assert re.search(pattern, result.stdout, re.M), pattern
    assert result.stderr.startswith(
        "Warning: 104.8% of the 2026 budget is used (spent + committed), more than the threshold of 90.0%\n")
    lines = cli("budget", "show", "--format", "csv").stdout.splitlines()
    assert lines[0] == "Part;Item;Amount"
    assert "co-financing;Spent;80,50" in lines and "Other expenses by category;communication;1250,00" in lines
    assert "2 expenses, together €1,330.50" in cli("budget", "expense", "list").stdout
    refused = cli("budget", "expense", "add", "--category", "eten", "--amount", "10", "--description", "Bus")
    assert refused.stderr == (
        "Error: category: 'eten' is unknown; choose from communicatie, vervoer, materiaal, werking, andere\n")
