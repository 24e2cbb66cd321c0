"""`vrijetijd activity …` through the command line: exit codes, stdout and stderr apart."""

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests import conftest
from tests.conftest import DATA, ok, table_counts, use_english

ROOT = Path(__file__).parents[1]
TERMS = DATA / "activity_uitdatabank_event_with_terms.json"
UITPAS = DATA / "activity_uitdatabank_event_with_uitpas_prices.json"
SEARCH = DATA / "activity_uitdatabank_search.json"


def refused(cli, db, *args) -> str:
    """The error after what the reader detected (exit 1, nothing on stdout, nothing written)."""
    stderr = conftest.refused(cli, db, *args)
    assert "Fout: " in stderr
    return stderr[stderr.index("Fout: "):]


def test_add_and_show(cli, db):
    result = ok(cli("activity", "add", "--title", "Sportkamp 6-9 jaar", "--domain", "jeugd",
                    "--price", "95", "--from", "6/7/2026", "--to", "10/7/2026",
                    "--organiser-partner", "cultuur", "--place", "Sporthal", "--capacity", "40"))
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines[0].strip() == "1: Sportkamp 6-9 jaar"
    assert "Domein            Jeugd" in lines
    assert "Organisator       Cultuur-, jeugd- en sportdienst" in lines
    assert "Wanneer           van 06/07/2026 tot 10/07/2026" in lines
    assert "Volle prijs       € 95,00" in lines
    assert "Kansentarief      € 19,00" in lines
    shown = json.loads(ok(cli("activity", "show", "1", "--format", "json")).stdout)
    assert (shown["price_cents"], shown["kansentarief_cents"], shown["capacity"]) == (9500, 1900, 40)
    assert shown["participation_count"] == 0


def test_list_json_has_the_promised_keys(cli, db):
    ok(cli("activity", "import", str(TERMS)))
    ok(cli("activity", "import", str(UITPAS)))
    ok(cli("activity", "add", "--title", "Zwemmen", "--domain", "sport", "--price", "4,50"))
    rows = json.loads(ok(cli("activity", "list", "--format", "json")).stdout)
    assert [{k: r[k] for k in ("id", "title", "domain", "price_cents", "kansentarief_cents",
                               "external_id")} for r in rows] == [
        {"id": 1, "title": "Koran, kaliefen en kruistochten - De fundamenten van de islam",
         "domain": "cultuur", "price_cents": 0, "kansentarief_cents": 0,
         "external_id": "http://culudb-silex.dev:8080/event/d1f0e71d-a9a8-4069-81fb-530134502c58"},
        {"id": 2, "title": "Lessenreeks MURGA", "domain": "cultuur", "price_cents": 800,
         "kansentarief_cents": 150,
         "external_id": "http://culudb-silex.dev:8080/event/405a0c6a-c48f-4c5f-960c-df337237b9d6"},
        {"id": 3, "title": "Zwemmen", "domain": "sport", "price_cents": 450, "kansentarief_cents": 90,
         "external_id": None},
    ]
    filtered = json.loads(ok(cli("activity", "list", "--domain", "sport", "--format", "json")).stdout)
    assert [r["id"] for r in filtered] == [3]


def test_reimport_reports_unchanged(cli, db):
    first = ok(cli("activity", "import", str(UITPAS), "--format", "json"))
    assert json.loads(first.stdout)["new"] == 1
    again = ok(cli("activity", "import", str(UITPAS)))
    lines = [line.rstrip() for line in again.stdout.splitlines()]
    assert lines[0].strip() == "Import van activiteiten"
    assert "Nieuw              0" in lines
    assert "Ongewijzigd        1" in lines
    assert again.stderr == "Dit bestand werd al ingelezen op 15/06/2026 (import 1).\n"


def test_edit_and_deactivate(cli, db):
    ok(cli("activity", "add", "--title", "Zwemmen", "--domain", "sport", "--price", "4,50"))
    edited = ok(cli("activity", "edit", "1", "--price", "5", "--date", "20/06/2026"))
    assert "Wanneer           za 20/06/2026" in edited.stdout
    row = db.execute("SELECT price_cents, kansentarief_cents, calendar_type, start_date FROM activities"
                     ).fetchone()
    assert tuple(row) == (500, 100, "single", "2026-06-20")
    ok(cli("activity", "deactivate", "1"))
    stderr = refused(cli, db, "activity", "deactivate", "1")
    assert stderr == "Fout: activiteit 1 (Zwemmen) is al inactief\n"
    assert db.execute("SELECT active FROM activities").fetchone()[0] == 0
    assert refused(cli, db, "activity", "edit", "1", "--kansentarief", "6") == (
        "Fout: kansentarief: € 6,00 is hoger dan de volle prijs € 5,00\n")
    assert refused(cli, db, "activity", "show", "7") == "Fout: activiteit 7 bestaat niet\n"


def test_ids_and_limits_are_read_by_our_own_parser(cli, db):
    assert refused(cli, db, "activity", "show", "zeven").startswith("Fout: ID: 'zeven' is geen geldig id")
    assert refused(cli, db, "activity", "list", "--limit", "0").startswith("Fout: --limit: '0' moet een geheel getal")


def test_english_offer_and_messages(cli, db, config_path):
    use_english(config_path)
    added = ok(cli("activity", "add", "--title", "Swimming", "--domain", "sport", "--price", "4",
                   "--date", "20/06/2026"))
    lines = [line.rstrip() for line in added.stdout.splitlines()]
    assert any(line.startswith("When ") and line.endswith(" Sat 20/06/2026") for line in lines)
    assert any(line.startswith("Full price ") and line.endswith(" €4.00") for line in lines)
    assert any(line.startswith("Calendar ") and line.endswith(" single day") for line in lines)
    md = ok(cli("activity", "offer", "--format", "md")).stdout
    assert md.startswith("# Leisure at the kansentarief\n")
    assert "## Sport (1 activity)\n" in md
    assert "| **Swimming** | Sat 20/06/2026 |  | €4.00 | **€0.80** |" in md
    html = ok(cli("activity", "offer", "--format", "html")).stdout
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">\n')
    assert "With the kansentarief you pay only 20.0% of the normal price yourself." in html
    ok(cli("activity", "deactivate", "1"))
    again = cli("activity", "deactivate", "1")
    assert (again.exit_code, again.stderr) == (1, "Error: activity 1 (Swimming) is already inactive\n")
    bad = cli("activity", "import", str(DATA / "activity_uitdatabank_bad_events.json"))
    assert bad.exit_code == 1
    assert bad.stderr.startswith("Error: activity_uitdatabank_bad_events.json: 6 problems; nothing was imported\n"
                                 "  event 2: '@id' is missing (needed as external id)\n")
    assert "kansentarief €6.00 is higher than the base price €5.00\n" in bad.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--domain", "kunst"], "Fout: domein 'kunst' is onbekend; kies uit cultuur, jeugd, sport\n"),
        (["--price", "-5"], "Fout: prijs: '-5' is negatief\n"),
        (["--price", "vijf"], "Fout: prijs: 'vijf' is geen bedrag\n"),
        (["--kansentarief", "12"], "Fout: kansentarief: € 12,00 is hoger dan de volle prijs € 10,00\n"),
        (["--from", "10/07/2026", "--to", "06/07/2026"],
         "Fout: einddatum 06/07/2026 ligt voor begindatum 10/07/2026\n"),
        (["--date", "31/02/2026"], "Fout: datum: '31/02/2026' bestaat niet als datum\n"),
        (["--organiser-partner", "Rode Kruis"], "Fout: partner 'Rode Kruis' bestaat niet (gekende"),
    ],
)
def test_add_bad_input(cli, db, args, message):
    options = _override({"--title": "Concert", "--domain": "cultuur", "--price": "10"}, args)
    stderr = refused(cli, db, "activity", "add", *options)
    assert stderr.startswith(message)


def _override(defaults: dict, args: list[str]) -> list[str]:
    options = dict(defaults)
    options.update(zip(args[::2], args[1::2], strict=True))
    return [part for pair in options.items() for part in pair]


@pytest.mark.parametrize(
    ("file", "message"),
    [
        ("activity_uitdatabank_invalid.json",
         "Fout: activity_uitdatabank_invalid.json: ongeldige JSON op regel 7, kolom 3: Expecting ','"
         " delimiter\n"),
        ("activity_uitdatabank_not_events.json",
         "Fout: activity_uitdatabank_not_events.json: de JSON is geen UiTdatabank-evenement"),
        ("activity_uitdatabank_bad_events.json",
         "Fout: activity_uitdatabank_bad_events.json: 6 problemen; er is niets ingelezen\n"
         "  evenement 2: '@id' ontbreekt (nodig als extern id)\n"
         "  evenement 3 (https://io.uitdatabank.be/event/a3): 'name' ontbreekt of is leeg\n"),
        ("activity_offer_bad.csv",
         "Fout: activity_offer_bad.csv: 8 problemen in 7 rijen; er is niets ingelezen. Verbeter het"
         " bestand of lees de goede rijen in met --skip-invalid\n"
         "  regel 3: Titel: een activiteit heeft een titel nodig\n"),
        ("bestaat_niet.json", "Fout: bestand "),
    ],
)
def test_import_bad_files(cli, db, file, message):
    stderr = refused(cli, db, "activity", "import", str(DATA / file))
    assert stderr.replace(f"{DATA}/", "").startswith(message)  # a list is named as given, a JSON file by name


def test_import_bad_events_lists_prices_and_dates(cli, db):
    stderr = refused(cli, db, "activity", "import", str(DATA / "activity_uitdatabank_bad_events.json"))
    assert "  evenement 4 (https://io.uitdatabank.be/event/a4): priceInfo[0].price -5 is negatief\n" in stderr
    assert "priceInfo[0].price 'acht euro' is geen getal\n" in stderr
    assert "kansentarief € 6,00 is hoger dan het basistarief € 5,00\n" in stderr
    assert "einddatum 01/08/2026 ligt voor begindatum 10/08/2026\n" in stderr


def test_import_unknown_file_type(cli, db, tmp_path):
    odd = tmp_path / "aanbod.pdf"
    odd.write_bytes(b"%PDF-1.4")
    stderr = refused(cli, db, "activity", "import", str(odd))
    assert "bestandstype '.pdf' wordt niet ondersteund" in stderr


def test_import_csv_dry_run_then_for_real(cli, db):
    before = table_counts(db)
    dry = ok(cli("activity", "import", str(DATA / "activity_offer.csv"), "--dry-run", "--format", "json"))
    assert json.loads(dry.stdout)["new"] == 5
    assert "Proef: er is niets geschreven." in dry.stderr
    assert table_counts(db) == before
    real = ok(cli("activity", "import", str(DATA / "activity_offer.csv")))
    assert "activity_offer.csv: Windows-1252, scheidingsteken ';', 12 kolommen" in real.stderr
    assert db.execute("SELECT COUNT(*) FROM activities").fetchone()[0] == 5


class _Checker(HTMLParser):
    """Balanced tags, and everything a page could fetch from elsewhere."""

    VOID = {"meta", "br", "img", "link", "input", "hr", "col", "source"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("href", "src", "srcset", "action"):
                self.links.append(value)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack)
        self.stack.pop()


def test_offer_html_is_a_clean_self_contained_page(cli, db, tmp_path):
    ok(cli("activity", "import", str(SEARCH)))
    ok(cli("activity", "add", "--title", "Concert <live> & 'meer'", "--domain", "cultuur",
           "--price", "12,50", "--date", "20/06/2026", "--organiser", "Muziekodroom"))
    page = tmp_path / "aanbod.html"
    ok(cli("activity", "offer", "--format", "html", "--output", str(page)))
    html = page.read_text(encoding="utf-8")
    assert html.startswith('<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">')
    checker = _Checker()
    checker.feed(html)
    checker.close()
    assert checker.stack == []
    assert "script" not in checker.tags and "link" not in checker.tags and "img" not in checker.tags
    assert all(link.startswith("#") for link in checker.links)
    assert "url(" not in html and "@import" not in html and "http" not in html.split("<body>")[0]
    assert "<style>" in html and "@media print" in html
    assert "Concert &lt;live&gt; &amp; &#x27;meer&#x27;" in html
    full, pays = 'class="num" data-label="Gewone prijs"', 'class="num pay" data-label="U betaalt"'
    assert f"<td {full}>€ 12,50</td><td {pays}>€ 2,50</td>" in html
    assert f"<td {full}>€ 45,00</td><td {pays}>€ 9,00</td>" in html  # UiTPAS Regio Hasselt
    assert "za 20/06/2026" in html and "van 07/09/2026 tot 16/11/2026" in html
    assert "Met het kansentarief betaalt u zelf maar 20,0% van de gewone prijs." in html
    assert "<li>Verhoogde tegemoetkoming</li>" in html and "<li>De Brug Hasselt</li>" in html
    assert html.index('id="domein-cultuur"') < html.index('id="domein-jeugd"') < html.index(
        'id="domein-sport"')


def test_offer_markdown_and_csv(cli, db, tmp_path):
    ok(cli("activity", "add", "--title", "Zwemmen | baantjes", "--domain", "sport", "--price", "4"))
    md = ok(cli("activity", "offer", "--format", "md")).stdout
    assert md.startswith("# Vrije tijd met kansentarief\n")
    assert "## Sport (1 activiteit)\n" in md
    assert "| **Zwemmen \\| baantjes** | doorlopend |  | € 4,00 | **€ 0,80** |" in md
    out = tmp_path / "aanbod.csv"
    ok(cli("activity", "offer", "--format", "csv", "--output", str(out)))
    raw = out.read_bytes()
    assert raw.startswith("\ufeffDomein;Activiteit;Organisator;Wanneer;".encode())
    assert "Sport;Zwemmen | baantjes;;doorlopend;;;;4,00;0,80\r\n" in raw.decode("utf-8-sig")


def test_offer_when_there_is_nothing(cli, db):
    result = ok(cli("activity", "offer", "--domain", "jeugd"))
    assert "Er is geen aanbod voor deze keuze." in result.stdout
    stderr = refused(cli, db, "activity", "offer", "--domain", "kunst")
    assert stderr.startswith("Fout: domein 'kunst' is onbekend")


def test_every_activity_command_has_dutch_help(cli):
    for verb in ("add", "list", "show", "edit", "deactivate", "import", "offer"):
        result = cli("activity", verb, "--help")
        assert result.exit_code == 0
        assert result.stdout.startswith("Gebruik: ")
    assert "transparant aanbod" in cli("activity", "offer", "--help").stdout


def test_import_and_offer_as_a_real_process(tmp_path, db_path, config_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VRIJETIJD_DB": str(db_path),
           "VRIJETIJD_CONFIG": str(config_path)}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "vrijetijd_cli", *args], cwd=tmp_path, env=env,
                              capture_output=True, text=True, encoding="utf-8", check=False)

    assert run("init").returncode == 0
    imported = run("activity", "import", str(SEARCH), "--format", "json")
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["new"] == 3
    page = run("activity", "offer", "--format", "html")
    assert page.returncode == 0 and page.stdout.rstrip().endswith("</html>")
