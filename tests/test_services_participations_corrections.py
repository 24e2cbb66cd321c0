"""Correcting a participation (edit, delete): the budget, the vouchers and the yearly report follow,
and every refusal writes nothing. Today is 2026-06-15 (conftest)."""

from datetime import date

import pytest

from tests.conftest import table_counts
from tests.test_services_participations import activity, paid, person
from vrijetijd_cli.errors import Conflict, InvalidInput, NotFound
from vrijetijd_cli.reports import yearly
from vrijetijd_cli.services import budget, checks, participations, voucher_replacements, vouchers

TODAY = date(2026, 6, 15)


def close_year(db, year: int) -> None:
    """A closed year as the guard sees it (the stored document does not matter here)."""
    db.execute("INSERT INTO report_snapshots (year, closed_at, closed_by, document, checksum)"
               " VALUES (?, '2026-01-20T10:00:00', 'test', '{}', 'x')", [year])


def money_2026(db, config) -> tuple[int, int]:
    """(spent, committed) of budget year 2026."""
    shown = budget.show(db, config, 2026)
    return shown["spent_cents"], shown["committed_cents"]


def report_2026(db, config) -> dict:
    report = yearly.build(db, config, 2026)
    vouchers_ = report["participation"]["vouchers"]
    return {"participations": report["participation"]["participations"],
            "network_paid_cents": report["participation"]["network_paid_cents"],
            "spent_cents": report["budget"]["spent_cents"], "committed_cents": report["budget"]["committed_cents"],
            "issued": vouchers_["issued"]["vouchers"], "redeemed": vouchers_["redeemed"]["vouchers"],
            "open": vouchers_["open"]["vouchers"]}


@pytest.fixture
def redeemed(db, config):
    """Ann's € 25 voucher paid € 13,50 of a swim for three (participation 1)."""
    pid = person(db)
    act = activity(db)
    code = vouchers.issue(db, config, pid, "25")[0]["code"]
    result = vouchers.redeem(db, config, code, act, persons=3)
    return {"participant": pid, "activity": act, "code": code, "participation": result["participation"]["id"]}


def test_delete_gives_the_money_back_and_the_person_a_replacement_voucher(db, config, redeemed):
    assert money_2026(db, config) == (1350, 0)
    assert report_2026(db, config) == {"participations": 1, "network_paid_cents": 1350, "spent_cents": 1350,
                                       "committed_cents": 0, "issued": 1, "redeemed": 1, "open": 0}
    before = table_counts(db)
    plan = participations.deletion(db, redeemed["participation"])
    assert (plan["replacement"], plan["voucher"]["code"]) == (True, redeemed["code"])
    assert table_counts(db) == before  # the plan writes nothing

    result = participations.delete(db, redeemed["participation"])
    new, old = result["new_voucher"], vouchers.get(db, redeemed["code"])
    assert {k: new[k] for k in ("participant_id", "value_cents", "budget_year", "valid_until", "issued_on",
                                "state", "replaces_code", "funding_source")} == {
        "participant_id": redeemed["participant"], "value_cents": 2500, "budget_year": 2026,
        "valid_until": old["valid_until"], "issued_on": "2026-06-15", "state": "issued",
        "replaces_code": redeemed["code"], "funding_source": "trekkingsrecht"}
    assert new["code"] != old["code"]
    # the old code stays spent: never valid again
    assert (old["state"], old["released_on"], old["replaced_by_code"]) == ("redeemed", "2026-06-15", new["code"])
    with pytest.raises(Conflict, match="is al ingewisseld"):
        vouchers.redeem(db, config, redeemed["code"], redeemed["activity"])
    # the money is back; the new voucher is committed
    assert money_2026(db, config) == (0, 2500)
    assert report_2026(db, config) == {"participations": 0, "network_paid_cents": 0, "spent_cents": 0,
                                       "committed_cents": 2500, "issued": 2, "redeemed": 1, "open": 1}
    audited = db.execute("SELECT entity, action FROM audit_log ORDER BY id DESC LIMIT 3").fetchall()
    assert [tuple(r) for r in audited] == [("voucher", "replace"), ("voucher", "release"),
                                           ("participation", "delete")]
    assert checks.run(db) == []  # a released voucher without a participation is no problem
    # the replacement is an ordinary voucher
    again = vouchers.redeem(db, config, new["code"], redeemed["activity"])
    assert again["participation"]["network_paid_cents"] == 450


def test_delete_without_replacement(db, config, redeemed):
    result = participations.delete(db, redeemed["participation"], replacement=False)
    assert result["new_voucher"] is None
    assert vouchers.get(db, redeemed["code"])["replaced_by_code"] is None
    assert money_2026(db, config) == (0, 0)
    assert report_2026(db, config)["issued"] == 1
    assert checks.run(db) == []


def test_delete_of_a_kansentarief_participation(db, config):
    pid, act = person(db), activity(db)
    created = participations.add(db, config, pid, act, TODAY, persons=2)
    assert money_2026(db, config) == (720, 0)
    result = participations.delete(db, created["id"])
    assert (result["voucher"], result["new_voucher"]) == (None, None)
    assert money_2026(db, config) == (0, 0)
    with pytest.raises(NotFound) as caught:
        participations.get(db, created["id"])
    assert caught.value.message == f"deelname {created['id']} bestaat niet"


def test_delete_refusals_write_nothing(db, config, redeemed):
    before = table_counts(db)
    with pytest.raises(NotFound) as caught:
        participations.delete(db, 99)
    assert caught.value.message == "deelname 99 bestaat niet"
    # a voucher past its date: a replacement would be born expired
    db.execute("UPDATE vouchers SET issued_on = '2026-06-01', valid_until = '2026-06-14'")
    with pytest.raises(Conflict) as caught:
        participations.delete(db, redeemed["participation"])
    assert caught.value.message == (
        f"waardebon {redeemed['code']} was geldig tot 14/06/2026; een vervangende bon met dezelfde geldigheid zou"
        " al vervallen zijn; doe het zonder vervangende bon met --no-replacement")
    assert table_counts(db) == before
    db.execute("UPDATE vouchers SET valid_until = '2027-06-14'")
    close_year(db, 2026)
    before = table_counts(db)
    with pytest.raises(Conflict) as caught:
        participations.delete(db, redeemed["participation"])
    assert caught.value.message.startswith(
        f"deelname {redeemed['participation']}: het jaar 2026 is afgesloten (rapport overgemaakt op 20/01/2026)")
    assert table_counts(db) == before


def test_a_voucher_replaced_before_gets_no_second_replacement(db, config, redeemed):
    first = voucher_replacements.replace(db, redeemed["code"], "verkeerde persoon")
    result = participations.delete(db, redeemed["participation"])
    assert result["new_voucher"] is None
    assert db.execute("SELECT COUNT(*) FROM vouchers WHERE replaces_id IS NOT NULL").fetchone()[0] == 1
    assert vouchers.get(db, redeemed["code"])["replaced_by_code"] == first["new"]["code"]


# ---- edit ----

def test_edit_persons_computes_the_amounts_again_and_the_budget_follows(db, config):
    pid, act = person(db), activity(db)  # 4,50 full, 0,90 kansentarief
    created = participations.add(db, config, pid, act, TODAY, persons=3)
    changed = participations.edit(db, config, created["id"], persons=2)
    assert {k: changed[k] for k in ("persons", "price_cents", "participant_paid_cents", "network_paid_cents")} == {
        "persons": 2, "price_cents": 900, "participant_paid_cents": 180, "network_paid_cents": 720}
    assert changed["changed"] == ["persons", "price_cents", "participant_paid_cents", "network_paid_cents"]
    assert money_2026(db, config) == (720, 0)
    assert report_2026(db, config)["network_paid_cents"] == 720
    audited = db.execute("SELECT action, fields FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert tuple(audited) == ("edit", "network_paid_cents,participant_paid_cents,persons,price_cents")


def test_edit_price_and_date(db, config):
    pid, act = person(db), activity(db)
    created = participations.add(db, config, pid, act, TODAY)
    changed = participations.edit(db, config, created["id"], on=date(2026, 3, 2), price="3,00")
    assert (changed["date"], changed["price_cents"], changed["participant_paid_cents"],
            changed["network_paid_cents"]) == ("2026-03-02", 300, 90, 210)
    with pytest.raises(InvalidInput) as caught:
        participations.edit(db, config, created["id"], price="0,50")
    assert caught.value.message == (
        "--price: € 0,50 is minder dan wat de deelnemer betaalt (€ 0,90: het kansentarief × 1)")
    gratis = participations.edit(db, config, created["id"], paid_via="gratis")
    assert (gratis["price_cents"], gratis["network_paid_cents"], gratis["paid_via"]) == (0, 0, "gratis")
    assert money_2026(db, config) == (0, 0)


def test_edit_checks_the_status_again_for_a_new_date_and_the_cap_for_more_money(db, config):
    pid = person(db, valid_from="2026-03-01")
    act = activity(db)
    created = participations.add(db, config, pid, act, TODAY)
    before = table_counts(db)
    with pytest.raises(Conflict, match="geen actief statuut op 15/02/2026"):
        participations.edit(db, config, created["id"], on=date(2026, 2, 15))
    paid(db, pid, 14900)
    before = table_counts(db)
    with pytest.raises(Conflict, match="jaarplafond"):
        participations.edit(db, config, created["id"], persons=2)
    assert table_counts(db) == before
    moved = participations.edit(db, config, created["id"], on=date(2026, 2, 15), persons=2,
                                without_status="statuut liep nog", over_cap="akkoord netwerk")
    assert (moved["without_status_reason"], moved["over_cap_reason"]) == ("statuut liep nog", "akkoord netwerk")
    overrides = {r["key"]: r for r in yearly.build(db, config, 2026)["participation"]["overrides"]}
    assert (overrides["over_cap"]["participations"], overrides["over_cap"]["network_paid_cents"]) == (1, 720)
    assert overrides["without_status"]["participations"] == 1
    # a later edit that needs neither rule keeps what was recorded
    assert participations.edit(db, config, created["id"], persons=1)["over_cap_reason"] == "akkoord netwerk"


def test_edit_from_voucher_to_kansentarief_releases_the_voucher(db, config, redeemed):
    changed = participations.edit(db, config, redeemed["participation"], paid_via="kansentarief")
    assert (changed["paid_via"], changed["voucher_id"], changed["network_paid_cents"]) == ("kansentarief", None, 1080)
    assert changed["replacement"]["replaces_code"] == redeemed["code"]
    assert vouchers.get(db, redeemed["code"])["released_on"] == "2026-06-15"
    assert money_2026(db, config) == (1080, 2500)
    assert checks.run(db) == []


def test_edit_refusals_write_nothing(db, config, redeemed):
    other = participations.add(db, config, redeemed["participant"], redeemed["activity"], TODAY)
    before = table_counts(db)
    with pytest.raises(InvalidInput, match="'vrijetijd voucher redeem CODE'"):
        participations.edit(db, config, other["id"], paid_via="voucher")
    with pytest.raises(InvalidInput, match="ligt in de toekomst"):
        participations.edit(db, config, other["id"], on=date(2026, 7, 1))
    assert table_counts(db) == before
    close_year(db, 2025)
    before = table_counts(db)
    with pytest.raises(Conflict, match="het jaar 2025 is afgesloten"):
        participations.edit(db, config, redeemed["participation"], on=date(2025, 12, 20))
    with pytest.raises(NotFound, match="deelname 42 bestaat niet"):
        participations.edit(db, config, 42, persons=2)
    assert table_counts(db) == before


# ---- vouchers for a later day ----

def test_a_voucher_pays_in_advance_for_an_activity_later_and_counts_in_that_year(db, config):
    pid = person(db)
    camp = activity(db, title="Zomerkamp", price=9500, kansentarief=1900, start="2026-07-06", end="2026-07-10")
    show = activity(db, title="Nieuwjaarsshow", price=2000, kansentarief=400, start="2027-01-09")
    code = vouchers.issue(db, config, pid, "25")[0]["code"]
    result = vouchers.redeem(db, config, code, camp)
    assert (result["participation"]["date"], result["voucher"]["redeemed_on"]) == ("2026-07-06", "2026-06-15")
    later = vouchers.issue(db, config, pid, "20")[0]["code"]
    next_year = vouchers.redeem(db, config, later, show)
    # dated (and counted) in 2027; its money is spent on the voucher's budget year
    assert (next_year["participation"]["date"], next_year["participation"]["budget_year"]) == ("2027-01-09", 2026)
    report = yearly.build(db, config, 2026)
    assert report["participation"]["participations"] == 1
    assert report["budget"]["participations_cents"] == 2500 + 2000
    with pytest.raises(InvalidInput, match="ligt in de toekomst"):
        participations.add(db, config, pid, camp, date(2026, 7, 7))
