"""The yearly report's shared cost (reports/shared_cost.py): the split of the price per domain and
per organiser on a small network built through the services, to the cent; the public version hides
a small organiser so that nothing can be computed back; the section in every format.
Today is 2026-06-15 (conftest); the report is of the running year 2026."""

from datetime import date

import pytest

from tests.test_reports_disclosure import recovered_cells
from tests.test_services_participations import person
from vrijetijd_cli.render.report_document import document
from vrijetijd_cli.render.report_md import markdown
from vrijetijd_cli.reports import yearly
from vrijetijd_cli.services import activities, participations, partners, vouchers

DAY = date(2026, 3, 1)
AMOUNTS = ("participations", "price_cents", "participant_paid_cents", "organiser_carried_cents", "network_paid_cents")


def split(row: dict) -> tuple:
    return tuple(row[k] for k in AMOUNTS)


@pytest.fixture
def network(db, config):
    """Six people, each at the theatre (partner 1 carries 40 %) and the pool (no share); two of them
    at a concert whose organiser, written as text, carries 25 %; one theatre ticket paid by a voucher
    of 15,00, one free entry to the pool."""
    partners.edit(db, config.partner_kinds, 1, organiser_share="40")
    add = activities.add
    theatre = add(db, config, {"title": "Theater", "domain": "cultuur", "price": "20", "organiser_partner": "1"})
    concert = add(db, config, {"title": "Concert", "domain": "cultuur", "price": "16", "organiser": "CC Hasselt",
                               "organiser_share": "25%"})
    pool = add(db, config, {"title": "Zwembad", "domain": "sport", "price": "4,50"})
    people = [person(db, name=("Ann", f"Peeters{n}")) for n in range(6)]
    for n, pid in enumerate(people):
        participations.add(db, config, pid, theatre["id"], DAY)
        participations.add(db, config, pid, pool["id"], DAY)
        if n < 2:
            participations.add(db, config, pid, concert["id"], DAY)
    code = vouchers.issue(db, config, people[0], "15")[0]["code"]
    vouchers.redeem(db, config, code, theatre["id"], date(2026, 6, 15))
    participations.add(db, config, people[2], pool["id"], DAY, paid_via="gratis")
    return db


def test_the_split_in_total_per_domain_and_per_organiser(network, config):
    data = yearly.build(network, config, 2026)["shared_cost"]
    # theatre 7 × 20,00 (6 × 4,00 + 0 paid, 7 × 8,00 carried, 6 × 8,00 + 12,00 by the network);
    # concert 2 × 16,00 (3,20 / 4,00 / 8,80); pool 6 × 4,50 (0,90 / 0 / 3,60) and one free entry
    assert split(data) == (16, 19900, 3580, 6400, 9920)
    assert (data["persons"], data["shared_participations"], data["organiser_share_bp"]) == (16, 9, 3220)
    assert [(r["key"], *split(r), r["shared_participations"]) for r in data["by_domain"]] == [
        ("cultuur", 9, 17200, 3040, 6400, 7760, 9),
        ("jeugd", 0, 0, 0, 0, 0, 0),
        ("sport", 7, 2700, 540, 0, 2160, 0),
    ]
    assert [(r["key"], r["partner_id"], r["name"], *split(r), r["organiser_share_bp"])
            for r in data["by_organiser"]] == [
        ("partner:1", 1, "Cultuur-, jeugd- en sportdienst", 7, 14000, 2400, 5600, 6000, 4000),
        ("name:CC Hasselt", None, "CC Hasselt", 2, 3200, 640, 800, 1760, 2500),
        ("none", None, "", 7, 2700, 540, 0, 2160, 0),
    ]
    # the participation section shows the same people and money
    part = yearly.build(network, config, 2026)["participation"]
    assert (part["participations"], part["price_cents"], part["network_paid_cents"]) == (16, 19900, 9920)
    # the budget counts what the network paid, nothing of what the organisers carried
    assert yearly.build(network, config, 2026)["budget"]["participations_cents"] == 9920


def test_the_public_version_hides_the_small_organiser_and_nothing_can_be_computed_back(network, config):
    public = yearly.build(network, config, 2026, public=True)
    rows = {r["key"]: r for r in public["shared_cost"]["by_organiser"]}
    small = rows["name:CC Hasselt"]
    assert small["participations"] == "< 5"
    assert [small[k] for k in AMOUNTS[1:]] == ["×"] * 4
    assert small["organiser_share_bp"] is None
    assert rows["none"]["organiser_carried_cents"] == 0  # zero reveals nobody: never hidden
    # the totals of 16 participations stay shown; so the other organisers' rows hide what would give
    # the concert's figures away (the totals minus the theatre's and the pool's)
    assert split(public["shared_cost"]) == (16, 19900, 3580, 6400, 9920)
    assert rows["none"]["price_cents"] == "×" and rows["partner:1"]["organiser_carried_cents"] == "×"
    hidden = public["disclosure"]["hidden"]
    assert hidden["shared_cost.by_organiser[name:CC Hasselt].organiser_carried_cents"] == "primary"
    assert any(why == "complementary" and path.startswith("shared_cost.") for path, why in hidden.items())
    recovered, hidden_cells = recovered_cells(network, config, 2026)
    assert any(name.startswith("yearly:shared_cost.") for name in hidden_cells)
    assert recovered == {}


def test_the_section_in_markdown_and_a_year_without_shared_cost(network, db, config):
    text = markdown(document(yearly.build(network, config, 2026)))
    assert "## Solidaire kostendeling" in text
    assert "| Cultuur | € 172,00 | € 30,40 | € 64,00 | € 77,60 | 37,2% |" in text
    assert "| CC Hasselt | 2 | € 32,00 | € 6,40 | € 8,00 | € 17,60 |" in text
    assert "| (geen deel van een organisator) | 7 | € 27,00 | € 5,40 | € 0,00 | € 21,60 |" in text
    # 2025 has no participation: the section says so in a sentence
    quiet = markdown(document(yearly.build(db, config, 2025)))
    assert "Geen organisator droeg dit jaar een deel van de prijs" in quiet


def test_a_report_stored_before_shared_cost_shows_as_it_was(network, config):
    report = yearly.build(network, config, 2026)
    del report["shared_cost"]
    text = markdown(document(report))
    assert "Solidaire kostendeling" not in text and "wat de organisator droeg" not in text


def test_every_format_shows_the_split(network, config, tmp_path):
    from vrijetijd_cli.render.report_csv import write_folder
    from vrijetijd_cli.render.report_html import html
    from vrijetijd_cli.render.report_terminal import print_yearly

    report = yearly.build(network, config, 2026)
    page = html(document(report))
    assert "<h2>Solidaire kostendeling</h2>" in page and "CC Hasselt" in page and "€ 64,00" in page
    files = {f.name: f for f in write_folder(document(report), tmp_path / "csv")}
    table = files["06-solidaire-kostendeling.csv"].read_bytes().decode("utf-8-sig")
    assert "Organisator;Deelnames;Volle prijs;Deelnemers;Organisatoren;Netwerk\r\n" in table
    assert "Cultuur-, jeugd- en sportdienst;7;140,00;24,00;56,00;60,00\r\n" in table
    print_yearly(report, tmp_path / "rapport.txt")
    text = (tmp_path / "rapport.txt").read_text(encoding="utf-8")
    assert "Verdeling van de prijs per organisator" in text and "€ 56,00" in text
