"""Rendering the reports: Markdown against an expected file, CSV, terminal width, HTML, privacy."""

import json
import re
import shutil
import subprocess

import pytest

from tests.conftest import DATA
from vrijetijd_cli.render.report_csv import section_csv, write_folder
from vrijetijd_cli.render.report_document import document
from vrijetijd_cli.render.report_html import html
from vrijetijd_cli.render.report_layout import Col, Document, Section, Table
from vrijetijd_cli.render.report_md import markdown
from vrijetijd_cli.render.report_terminal import print_document, print_yearly
from vrijetijd_cli.reports import topics, yearly

EXPECTED_MD = DATA / "report_yearly_2025.md"
# every name of a person in tests/data/report_dataset.sql (notes and minutes mention two of them)
PEOPLE = ("Peeters", "Janssens", "El Amrani", "Claes", "Maes", "Haddad", "Wouters", "De Smet",
          "Willems", "Fatima", "Lotte", "Karim", "Sara", "Noah", "Anoniem")
SECTION_TITLES = ("Samenvatting", "Kerngegevens", "Bereik", "Toeleiding", "Deelname", "Budget", "Overleg",
                  "Doelstellingen en acties", "Hoe de cijfers geteld worden")


@pytest.fixture
def dataset(db):
    db.executescript((DATA / "report_dataset.sql").read_text(encoding="utf-8"))
    return db


@pytest.fixture
def report(dataset, config):
    return yearly.build(dataset, config)


def stable(text: str) -> str:
    """Replace what changes from day to day (the generation date) by a placeholder."""
    return re.sub(r"(Aangemaakt op|Generated on) \d\d/\d\d/\d{4}", r"\1 <DATUM>", text)


def test_markdown_equals_the_expected_file(report):
    assert stable(markdown(document(report))) == EXPECTED_MD.read_text(encoding="utf-8")


def test_markdown_escapes_text_users_typed():
    table = Table("t", "Titel", [Col("text", "Tekst"), Col("n", "Aantal", "int")],
                  [{"text": "a|b *vet* [link](x) <script>", "n": 1234}])
    doc = Document("yearly", 2025, "T", "S", [], [Section("s", "Sectie", [table])], "slug")
    text = markdown(doc)
    assert r"| a\|b \*vet\* \[link\](x) \<script> | 1.234 |" in text
    assert "| Tekst | Aantal |\n| --- | ---: |" in text


def test_csv_one_file_per_section_for_excel(report, tmp_path):
    files = write_folder(document(report), tmp_path / "csv")
    assert [f.name for f in files] == [
        "01-samenvatting.csv", "02-kerngegevens.csv", "03-bereik.csv", "04-toeleiding.csv", "05-deelname.csv",
        "06-solidaire-kostendeling.csv", "07-budget.csv", "08-overleg.csv",
        "09-drempels-en-signalen-van-de-doelgroep.csv", "10-doelstellingen-en-acties.csv",
        "11-hoe-de-cijfers-geteld-worden.csv"]
    shared = (tmp_path / "csv" / "06-solidaire-kostendeling.csv").read_bytes().decode("utf-8-sig")
    assert ("\r\nVerdeling van de prijs per domein\r\n"
            "Domein;Volle prijs;Deelnemers;Organisatoren;Netwerk;% organisatoren\r\n") in shared
    assert "Sport;20,00;2,00;10,00;8,00;50,0%\r\n" in shared
    budget = (tmp_path / "csv" / "07-budget.csv").read_bytes()
    assert budget.startswith(b"\xef\xbb\xbfBudget\r\nGegeven;Waarde\r\nBeschikbaar;24548,00\r\n")
    text = budget.decode("utf-8-sig")
    assert "\r\nBudget per bron\r\nBron;Beschikbaar;Besteed;Vastgelegd;Resterend;Gebruikt\r\n" in text
    assert "Trekkingsrecht;19448,00;236,00;0,00;19212,00;1,2%\r\n" in text
    comparison = (tmp_path / "csv" / "01-samenvatting.csv").read_bytes().decode("utf-8-sig")
    assert "Bereikte deelnemers;8;4;4;100,0%\r\n" in comparison  # no '+' sign: Excel reads a number
    assert "Budget gebruikt;1,5%;175,2%;-173,7;\r\n" in comparison  # percentage points, no share


def test_csv_neutralises_formulas():
    table = Table("t", "Titel", [Col("text", "Tekst"), Col("cents", "Bedrag", "money")],
                  [{"text": "=HYPERLINK(\"http://x\")", "cents": -150}])
    text = section_csv(Section("s", "Sectie", [table]))
    assert text == "Titel\r\nTekst;Bedrag\r\n\"'=HYPERLINK(\"\"http://x\"\")\";-1,50\r\n"


def test_csv_into_a_file_or_unwritable_folder_is_refused(report, tmp_path):
    from vrijetijd_cli.errors import InvalidInput

    blocker = tmp_path / "bestand.txt"
    blocker.write_text("x")
    with pytest.raises(InvalidInput, match="is een bestand, geen map"):
        write_folder(document(report), blocker)
    with pytest.raises(InvalidInput, match="kan niet geschreven worden"):
        write_folder(document(report), blocker / "sub")


def test_terminal_report_fits_100_columns(report, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")
    print_yearly(report)
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 100
    assert lines[0] == "Jaarrapport 2025"
    for title in SECTION_TITLES:
        assert any(line.startswith(title + " ─") for line in lines), title
    assert "! Het netwerk kwam 3 keer samen (0 nog gepland); het minimum is 4." in out


def test_terminal_report_into_a_file(report, tmp_path):
    target = tmp_path / "rapport.txt"
    print_document(document(report), target)
    text = target.read_text(encoding="utf-8")
    assert "\x1b[" not in text
    assert max(len(line) for line in text.splitlines()) <= 100
    assert "Trekkingsrecht  € 19.448,00  € 236,00" in text


def test_html_is_one_self_contained_printable_file(report):
    page = html(document(report))
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"nl\">")
    assert "@page { size: A4;" in page
    for forbidden in ("<script", "<link", "@import", "src=", "url("):
        assert forbidden not in page
    assert re.findall(r"https?://[^\"' ]+", page) == ["http://www.w3.org/2000/svg"] * 5
    assert page.count("<svg") == 5  # the budget on page 1, reach by ground, by domain, per month, budget
    for title in SECTION_TITLES:
        assert f"<h2>{title}</h2>" in page
    assert "<td class=\"num\">€ 19.448,00</td>" in page
    assert "<td>10/02/2025</td>" in page


def test_html_escapes_text():
    table = Table("t", "<b>Titel</b>", [Col("text", "Tekst")], [{"text": "<img src=x onerror=alert(1)>"}])
    doc = Document("yearly", 2025, "T & co", "S", ["meta"], [Section("s", "Sectie", [table])], "slug")
    page = html(doc)
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "<img" not in page
    assert "<caption>&lt;b&gt;Titel&lt;/b&gt;</caption>" in page


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(chromium() is None, reason="chromium is not installed (CI installs Debian's chromium)")
def test_html_renders_in_headless_chromium(report, tmp_path):
    page = tmp_path / "jaarrapport.html"
    page.write_text(html(document(report)), encoding="utf-8")
    result = subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    for title in SECTION_TITLES:
        assert f"<h2>{title}</h2>" in dom
    charts = re.findall(r"<svg[^>]*>(.*?)</svg>", dom, re.S)
    assert len(charts) == 5
    assert all(re.search(r'<rect [^>]*width="[1-9]', chart) for chart in charts)
    assert "Deelnames per maand" in dom and "Besteding tegenover het budget" in dom


def test_english_report(report):
    from vrijetijd_cli import i18n

    i18n.set_language("en")
    doc = document(report)
    assert doc.title == "Annual report 2025"
    text = markdown(doc)
    assert "## Key facts" in text and "- **Drawing right (trekkingsrecht):** €19,448.00" in text
    assert "| Participants reached | 8 | 4 | +4 | 100.0% |" in text


def test_findings_that_count_say_one_or_several():
    from vrijetijd_cli import i18n
    from vrijetijd_cli.render.report_layout import finding_text

    def expired(n):
        return {"code": "vouchers_expired", "severity": "info", "params": {"vouchers": n, "value_cents": 2000}}

    assert finding_text(expired(1)) == "Vervallen zonder gebruikt te worden: 1 waardebon, samen € 20,00."
    assert "3 waardebonnen" in finding_text(expired(3))
    assert "< 5 waardebonnen" in finding_text(expired("< 5"))  # a hidden small count
    i18n.set_language("en")
    assert finding_text(expired(1)) == "Expired unused: 1 voucher, together €20.00."
    assert "< 5 vouchers" in finding_text(expired("< 5"))


def test_public_report_shows_small_counts_as_less_than(dataset, config):
    text = markdown(document(yearly.build(dataset, config, public=True)))
    assert "Publieke versie — kleine aantallen verborgen." in text and "'< 5' staat voor 1 tot 4 personen" in text
    assert "| OCMW-gerechtigd / leefloon | < 5 | < 5 | < 5 | 8 |" in text
    assert "Openstaande acties" not in text


def test_no_names_of_people_in_any_format(report, dataset, config, tmp_path, capsys):
    outputs = [json.dumps(report, ensure_ascii=False), markdown(document(report)),
               html(document(report))]
    for file in write_folder(document(report), tmp_path / "csv"):
        outputs.append(file.read_text(encoding="utf-8-sig"))
    print_yearly(report)
    outputs.append(capsys.readouterr().out)
    for by in ("ground", "age", "postcode"):
        outputs.append(json.dumps(topics.participants_report(dataset, config, by=by)))
    outputs.append(json.dumps(topics.referrals_report(dataset, config)))
    for text in outputs:
        for name in PEOPLE:
            assert name not in text


def pdftotext() -> str | None:
    return shutil.which("pdftotext")


@pytest.mark.slow
@pytest.mark.skipif(chromium() is None or pdftotext() is None,
                    reason="chromium and pdftotext are not installed (CI installs Debian's chromium and poppler-utils)")
def test_the_printed_report_opens_with_the_summary_and_numbers_every_page(tmp_path):
    """Printed to PDF as a council member would: page 1 is the summary, every page is numbered."""
    from datetime import date

    from vrijetijd_cli.config import PACKAGED_CONFIG, load_config
    from vrijetijd_cli.services.demo import build_demo
    from vrijetijd_cli.store import open_db

    config = load_config(PACKAGED_CONFIG)
    build_demo(tmp_path / "demo.db", config, seed=7, participants=400, today=date(2026, 6, 15))
    conn = open_db(tmp_path / "demo.db")
    page = tmp_path / "jaarrapport.html"
    page.write_text(html(document(yearly.build(conn, config, 2025, current=True))), encoding="utf-8")
    conn.close()
    pdf = tmp_path / "jaarrapport.pdf"
    subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
         page.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    )
    pages = subprocess.run([pdftotext(), "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")[:-1]
    assert len(pages) >= 5
    first = " ".join(pages[0].split())
    assert "Samenvatting" in first and "Kerncijfers tegenover 2024" in first and "Aandachtspunten" in first
    assert "Bereikte deelnemers" in first and "Doelstellingen" in first
    for number, text in enumerate(pages, start=1):
        assert f"pagina {number} van {len(pages)}" in text, number
        assert "Lokaal netwerk vrijetijdsparticipatie Hasselt — Hasselt — 2025" in text
        # no section heading is the last thing on a page
        lines = [line.strip() for line in text.splitlines() if line.strip() and "pagina" not in line]
        assert lines[-1] not in SECTION_TITLES, (number, lines[-1])
