"""Writes of a regional network: budgets per municipality and source, vouchers and expenses charged
to a municipality, partners of a municipality or the region; a local network never names one."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest

from tests.conftest import table_counts
from tests.test_region import REGIO
from tests.test_services_participations import activity, person
from vrijetijd_cli.config import load_config
from vrijetijd_cli.errors import Conflict, InvalidInput
from vrijetijd_cli.services import budget, closing, participations, partners, voucher_replacements, vouchers


@pytest.fixture
def regional(cli, config_path, db_path):
    """An initialised database of the regional example (examples/regio.yaml) and its config."""
    shutil.copyfile(REGIO, config_path)
    assert cli("init").exit_code == 0
    from vrijetijd_cli.store import open_db

    conn = open_db(db_path)
    yield conn, load_config(config_path)
    conn.close()


def living_in(db, postcode: str, **kwargs) -> int:
    participant = person(db, **kwargs)
    db.execute("UPDATE participants SET postcode = ? WHERE id = ?", [postcode, participant])
    return participant


def test_the_config_partners_belong_to_their_municipality(regional):
    db, _config = regional
    found = dict(db.execute("SELECT name, municipality FROM partners").fetchall())
    assert found["OCMW Molenzele"] == "13903" and found["De Schakel Kempenrand"] is None


def test_budgets_per_municipality_add_up_to_the_network(regional):
    db, config = regional
    heiderode = budget.set_budget(db, config, 2026, trekkingsrecht="11225", cofinancing="2863",
                                  municipality="Heiderode")
    assert {k: heiderode[k] for k in ("trekkingsrecht_cents", "cofinancing_cents", "other_cents", "municipality")} \
        == {"trekkingsrecht_cents": 1122500, "cofinancing_cents": 286300, "other_cents": 0,
            "municipality": "Heiderode"}
    budget.set_budget(db, config, 2026, trekkingsrecht="20581", municipality="13901")
    region = budget.set_budget(db, config, 2026, other="6000", municipality="regio")
    assert (region["municipality"], region["trekkingsrecht_cents"], region["other_cents"]) == ("regio", 0, 600000)
    # a second set keeps what it does not name
    again = budget.set_budget(db, config, 2026, other="100", municipality="heiderode")
    assert (again["trekkingsrecht_cents"], again["other_cents"]) == (1122500, 10000)
    network = budget.available(db, config, 2026)
    assert (network["trekkingsrecht_cents"], network["cofinancing_cents"], network["other_cents"]) == (
        1122500 + 2058100, 286300, 10000 + 600000)
    assert budget.show(db, config, 2026)["available_cents"] == 1122500 + 2058100 + 286300 + 610000
    rows = db.execute("SELECT municipality FROM budgets WHERE year = 2026 ORDER BY municipality").fetchall()
    assert [r[0] for r in rows] == ["", "13901", "13902"]
    audit = db.execute("SELECT entity_id, action, fields FROM audit_log WHERE entity = 'budget'").fetchall()
    assert [tuple(r) for r in audit][:2] == [("2026", "add", "cofinancing_cents,municipality,trekkingsrecht_cents"),
                                             ("2026", "add", "municipality,trekkingsrecht_cents")]


@pytest.mark.parametrize(("municipality", "message"), [
    (None, "--municipality: een regionaal netwerk heeft een budget per gemeente; noem de gemeente of 'regio'"
           " (kies uit Beekhoven, Heiderode, Molenzele, Kempelaar, regio)"),
    ("Genk", "--municipality: gemeente 'Genk' is onbekend; kies uit Beekhoven, Heiderode, Molenzele, Kempelaar,"
             " regio"),
])
def test_a_regional_budget_names_a_known_municipality(regional, municipality, message):
    db, config = regional
    before = table_counts(db)
    with pytest.raises(InvalidInput) as caught:
        budget.set_budget(db, config, 2026, trekkingsrecht="100", municipality=municipality)
    assert caught.value.message == message
    assert table_counts(db) == before


def test_a_closed_year_refuses_a_municipalitys_budget(regional):
    db, config = regional
    budget.set_budget(db, config, 2025, trekkingsrecht="100", municipality="Kempelaar")
    closing.close(db, config, 2025)
    before = table_counts(db)
    with pytest.raises(Conflict) as caught:
        budget.set_budget(db, config, 2025, trekkingsrecht="200", municipality="Molenzele")
    assert caught.value.message.startswith("budget 2025: het jaar 2025 is afgesloten")
    with pytest.raises(Conflict):
        budget.add_expense(db, "vervoer", "20", "bus", date(2025, 12, 20), municipality="Molenzele", config=config)
    assert table_counts(db) == before


def test_a_local_network_never_names_a_municipality(db, config):
    row = budget.set_budget(db, config, 2026, trekkingsrecht="19448")
    assert "municipality" not in row
    named = budget.set_budget(db, config, 2026, cofinancing="6000", municipality="hasselt")
    assert (named["trekkingsrecht_cents"], named["cofinancing_cents"]) == (1944800, 600000)
    assert [tuple(r) for r in db.execute("SELECT year, municipality FROM budgets")] == [(2026, "")]
    expense = budget.add_expense(db, "vervoer", "20", "bus", municipality="Hasselt", config=config)
    assert expense["municipality"] is None
    with pytest.raises(InvalidInput) as caught:
        budget.set_budget(db, config, 2026, trekkingsrecht="1", municipality="Genk")
    assert caught.value.message == "--municipality: gemeente 'Genk' is onbekend; kies uit Hasselt"


def test_expenses_are_the_regions_unless_charged_to_a_municipality(regional):
    db, config = regional
    region = budget.add_expense(db, "communicatie", "250", "Folders", date(2026, 3, 1), config=config)
    molenzele = budget.add_expense(db, "vervoer", "80", "Bus", date(2026, 3, 2), municipality="molenzele",
                                   config=config)
    assert (region["municipality"], molenzele["municipality"]) == (None, "13903")
    moved = budget.edit_expense(db, region["id"], municipality="Heiderode", config=config)
    assert (moved["municipality"], moved["changed"]) == ("13902", ["municipality"])
    back = budget.edit_expense(db, region["id"], municipality="regio", config=config)
    assert back["municipality"] is None
    before = table_counts(db)
    with pytest.raises(InvalidInput):
        budget.add_expense(db, "vervoer", "80", "Bus", municipality="Zoutleeuw", config=config)
    assert table_counts(db) == before


def test_a_voucher_is_charged_where_its_holder_lives(regional):
    db, config = regional
    heiderode = living_in(db, "2481")
    elsewhere = living_in(db, "3600", name=("Bob", "Maes"))
    own = vouchers.issue(db, config, heiderode, "20")[0]
    other = vouchers.issue(db, config, heiderode, "10", municipality="Beekhoven")[0]
    outside = vouchers.issue(db, config, elsewhere, "10")[0]
    region = vouchers.issue(db, config, heiderode, "10", municipality="regio")[0]
    assert [v["municipality"] for v in (own, other, outside, region)] == ["13902", "13901", None, None]
    # a replacement keeps the municipality of the voucher it replaces
    swim = activity(db)
    vouchers.redeem(db, config, other["code"], swim, on=date(2026, 6, 15))
    new = voucher_replacements.replace(db, other["code"], "bon van de zus")["new"]
    assert new["municipality"] == "13901"
    before = table_counts(db)
    with pytest.raises(InvalidInput) as caught:
        vouchers.issue(db, config, heiderode, "10", municipality="Tessenderlo")
    assert caught.value.message.startswith("--municipality: gemeente 'Tessenderlo' is onbekend")
    assert table_counts(db) == before


def test_a_partner_of_a_municipality_or_the_region(regional):
    db, config = regional
    kinds = config.partner_kinds
    club = partners.add(db, kinds, "Sportclub Heiderode", "vzw", municipality="heiderode",
                        municipalities=config.municipalities)
    igs = partners.add(db, kinds, "Bibliotheeknetwerk", "andere", municipalities=config.municipalities)
    assert (club["municipality"], igs["municipality"]) == ("13902", None)
    moved = partners.edit(db, kinds, club["id"], municipality="regio", municipalities=config.municipalities)
    assert moved["municipality"] is None
    before = table_counts(db)
    with pytest.raises(InvalidInput):
        partners.add(db, kinds, "Nog een club", "vzw", municipality="Genk", municipalities=config.municipalities)
    assert table_counts(db) == before


def test_the_cli_names_the_municipality(regional, cli):
    db, _config = regional
    result = cli("budget", "set", "--year", "2026", "--trekkingsrecht", "100", "--municipality", "Heiderode",
                 "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["municipality"] == "Heiderode"
    assert result.stderr == "Budget 2026 van Heiderode vastgelegd: € 100,00.\n"
    before = table_counts(db)
    refused = cli("budget", "set", "--year", "2026", "--trekkingsrecht", "100")
    assert (refused.exit_code, refused.stdout) == (1, "")
    assert refused.stderr.startswith("Fout: --municipality: een regionaal netwerk heeft een budget per gemeente")
    assert table_counts(db) == before
    added = cli("budget", "expense", "add", "--category", "vervoer", "--amount", "20", "--description", "bus",
                "--municipality", "kempelaar", "--format", "json")
    assert json.loads(added.stdout)["municipality"] == "13904"
    assert added.stderr.endswith("op het budget 2026 van Kempelaar.\n")
    holder = living_in(db, "2490")
    issued = cli("voucher", "issue", "--participant", holder, "--amount", "15", "--format", "json")
    assert json.loads(issued.stdout)[0]["municipality"] == "13903"
    assert issued.stderr.endswith("Ten laste van het budget van Molenzele.\n")
    partner = cli("partner", "add", "--name", "Jeugdhuis Molenzele", "--kind", "vzw", "--municipality", "molenzele")
    assert partner.exit_code == 0
    listed = json.loads(cli("partner", "list", "--format", "json").stdout)
    assert (listed[-1]["municipality"], listed[-1]["municipality_name"]) == ("13903", "Molenzele")


def test_participations_count_where_their_participant_lives(regional):
    """No write names a municipality for a participation: its money is charged to its voucher's
    municipality, else to where its participant lives (reports/municipalities.py)."""
    db, config = regional
    holder = living_in(db, "2470")
    row = participations.add(db, config, holder, activity(db), date(2026, 2, 1))
    assert set(row) >= {"id", "network_paid_cents"} and "municipality" not in row
