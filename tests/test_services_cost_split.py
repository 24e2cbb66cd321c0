"""Shared cost (services/cost_split.py): the organiser share of activities and partners, the four
amounts of a participation that always add up, given or computed, and what the budget counts.
Today is 2026-06-15 (conftest)."""

from datetime import date

import pytest

from tests.conftest import table_counts
from tests.test_services_participations import activity, person
from tests.test_services_participations_corrections import close_year
from vrijetijd_cli.errors import Conflict, InvalidInput
from vrijetijd_cli.services import activities, budget, checks, participations, partners, vouchers

TODAY = date(2026, 6, 15)
SPLIT = ("price_cents", "participant_paid_cents", "organiser_carried_cents", "network_paid_cents")


def split(row: dict) -> tuple[int, int, int, int]:
    return tuple(row[k] for k in SPLIT)


def stored(db, participation_id: int) -> tuple:
    return tuple(db.execute(f"SELECT {', '.join(SPLIT)}, date, persons, paid_via FROM participations WHERE id = ?",
                            [participation_id]).fetchone())


def organised(db, partner_id: int, price=2000, kansentarief=400, share=None, title="Theater") -> int:
    """An activity organised by partner `partner_id`, with its own share (basis points) or none."""
    act = activity(db, title=title, price=price, kansentarief=kansentarief, domain="cultuur")
    db.execute("UPDATE activities SET organiser_partner_id = ?, organiser_share_bp = ? WHERE id = ?",
               [partner_id, share, act])
    return act


def set_partner_share(db, kinds, partner_id: int, share: str) -> None:
    partners.edit(db, kinds, partner_id, organiser_share=share)


# ---- the share: the activity's own wins over its organiser's ----

def test_the_organising_partner_share_applies_the_activity_share_wins(db, config):
    set_partner_share(db, config.partner_kinds, 1, "40")
    pid = person(db)
    follows = organised(db, 1)
    own = organised(db, 1, share=2500, title="Concert")
    none = organised(db, 1, share=0, title="Film")
    rows = [participations.add(db, config, pid, act, TODAY, persons=2) for act in (follows, own, none)]
    # price 2 × 20,00; the participant 2 × 4,00; the organiser 40 %, 25 % or 0 % of 40,00
    assert [split(r) for r in rows] == [(4000, 800, 1600, 1600), (4000, 800, 1000, 2200), (4000, 800, 0, 3200)]
    assert checks.run(db) == []


def test_the_share_is_rounded_half_up_once_and_never_more_than_the_participant_leaves(db, config):
    pid = person(db)
    odd = organised(db, 1, price=1005, kansentarief=201, share=3750)  # 37,5 % of 10,05 = 3,76875
    assert split(participations.add(db, config, pid, odd, TODAY)) == (1005, 201, 377, 427)
    # the kansentarief leaves 3,00 of 5,00; a share of 80 % would be 4,00: the organiser carries 3,00
    high = organised(db, 1, price=500, kansentarief=200, share=8000, title="Zwembad")
    assert split(participations.add(db, config, pid, high, TODAY)) == (500, 200, 300, 0)


def test_changing_a_share_rewrites_no_participation(db, config):
    set_partner_share(db, config.partner_kinds, 1, "40%")
    pid = person(db)
    act = organised(db, 1)
    first = participations.add(db, config, pid, act, TODAY)
    set_partner_share(db, config.partner_kinds, 1, "10")
    activities.edit(db, config, act, {"organiser_share": "50"})
    assert split(participations.get(db, first["id"])) == (2000, 400, 800, 800)
    assert split(participations.add(db, config, pid, act, TODAY)) == (2000, 400, 1000, 600)
    # '' removes the activity's own share: it follows its organiser again
    assert activities.edit(db, config, act, {"organiser_share": ""})["effective_organiser_share_bp"] == 1000
    assert split(participations.get(db, first["id"])) == (2000, 400, 800, 800)


@pytest.mark.parametrize("typed, points", [("40", 4000), ("40%", 4000), ("37,5", 3750), ("37.5 %", 3750),
                                           ("0", 0), ("100", 10000), ("0,5%", 50)])
def test_a_share_is_typed_as_a_percentage(db, config, typed, points):
    assert partners.edit(db, config.partner_kinds, 2, organiser_share=typed)["organiser_share_bp"] == points


@pytest.mark.parametrize("typed", ["101", "40,25", "-5", "veertig", "0,4", "40 procent"])
def test_a_bad_share_names_the_option_and_the_value_and_writes_nothing(db, config, typed):
    before = table_counts(db)
    with pytest.raises(InvalidInput) as error:
        activities.add(db, config, {"title": "X", "domain": "sport", "price": "5", "organiser_share": typed})
    assert error.value.message.startswith(f"--organiser-share: {typed!r} ")
    with pytest.raises(InvalidInput):
        partners.edit(db, config.partner_kinds, 2, organiser_share=typed)
    assert table_counts(db) == before
    assert db.execute("SELECT organiser_share_bp FROM partners WHERE id = 2").fetchone()[0] is None


# ---- the split given by the coordinator ----

def test_a_given_part_is_kept_and_the_network_takes_the_rest(db, config):
    pid = person(db)
    act = organised(db, 1, share=4000)
    given = participations.add(db, config, pid, act, TODAY, split={"organiser": "5", "participant": "2,50"})
    assert split(given) == (2000, 250, 500, 1250)
    network = participations.add(db, config, pid, act, TODAY, split={"network": "6"})
    assert split(network) == (2000, 600, 800, 600)  # the participant's part absorbs it
    all_four = participations.add(db, config, pid, act, TODAY, split={
        "price": "25", "participant": "5", "organiser": "10", "network": "10"})
    assert split(all_four) == (2500, 500, 1000, 1000)


@pytest.mark.parametrize("given, shown", [
    ({"participant": "5", "organiser": "8", "network": "8"},
     "de prijs € 20,00 is niet deelnemer € 5,00 + organisator € 8,00 + netwerk € 8,00 (samen € 21,00)"),
    ({"organiser": "18"},
     "de prijs € 20,00 is niet deelnemer € 4,00 + organisator € 18,00 + netwerk -€ 2,00 (samen € 20,00)"),
    ({"price": "10", "participant": "1", "organiser": "1", "network": "1"},
     "de prijs € 10,00 is niet deelnemer € 1,00 + organisator € 1,00 + netwerk € 1,00 (samen € 3,00)"),
])
def test_a_split_that_does_not_add_up_names_the_four_amounts_and_writes_nothing(db, config, given, shown):
    pid = person(db)
    act = organised(db, 1, share=4000)
    before = table_counts(db)
    with pytest.raises(InvalidInput) as error:
        participations.add(db, config, pid, act, TODAY, split=given)
    assert error.value.message.startswith(f"verdeling: {shown}")
    assert table_counts(db) == before


def test_a_bad_amount_names_its_option(db, config):
    pid = person(db)
    act = organised(db, 1)
    with pytest.raises(InvalidInput) as error:
        participations.add(db, config, pid, act, TODAY, split={"organiser": "-3"})
    assert error.value.message == "--organiser-carried: '-3' is negatief"


def test_gratis_has_no_amounts(db, config):
    pid = person(db)
    act = organised(db, 1, share=4000)
    free = participations.add(db, config, pid, act, TODAY, paid_via="gratis")
    assert split(free) == (0, 0, 0, 0)
    before = table_counts(db)
    with pytest.raises(InvalidInput) as error:
        participations.add(db, config, pid, act, TODAY, paid_via="gratis", split={"organiser": "20"})
    assert error.value.message.startswith("--organiser-carried: een gratis deelname heeft geen bedragen")
    assert table_counts(db) == before


# ---- vouchers: the organiser's share comes off first, the voucher pays the rest up to its value ----

@pytest.fixture
def voucher_of(db, config):
    def issue(pid: int, amount: str) -> str:
        return vouchers.issue(db, config, pid, amount)[0]["code"]
    return issue


def test_a_voucher_pays_what_the_organiser_does_not_carry(db, config, voucher_of):
    pid = person(db)
    act = organised(db, 1, share=4000)
    large = vouchers.redeem(db, config, voucher_of(pid, "25"), act, TODAY)["participation"]
    assert split(large) == (2000, 0, 800, 1200)  # the voucher pays 12,00 of its 25,00
    small = vouchers.redeem(db, config, voucher_of(pid, "10"), act, TODAY)["participation"]
    assert split(small) == (2000, 200, 800, 1000)
    given = vouchers.redeem(db, config, voucher_of(pid, "10"), act, TODAY, organiser_carried="15")["participation"]
    assert split(given) == (2000, 0, 1500, 500)
    assert budget.show(db, config, 2026)["participations_cents"] == 1200 + 1000 + 500
    assert checks.run(db) == []


def test_a_voucher_amount_above_what_is_left_is_refused(db, config, voucher_of):
    pid = person(db)
    act = organised(db, 1, share=4000)
    code = voucher_of(pid, "25")
    before = table_counts(db)
    with pytest.raises(InvalidInput) as error:
        vouchers.redeem(db, config, code, act, TODAY, amount="15")
    assert error.value.message == ("bedrag: € 15,00 is meer dan wat na het deel van de organisator overblijft"
                                   " (€ 12,00 van de prijs € 20,00)")
    with pytest.raises(InvalidInput) as error:
        participations.add(db, config, pid, act, TODAY, paid_via="voucher", voucher_code=code,
                           split={"participant": "1"})
    assert error.value.message.startswith("--paid: bij een waardebon betaalt de bon het deel van het netwerk")
    assert table_counts(db) == before
    assert vouchers.get(db, code)["state"] == "issued"


def test_no_voucher_is_spent_on_a_price_the_organiser_carries_whole(db, config, voucher_of):
    pid = person(db)
    act = organised(db, 1, share=10000)
    code = voucher_of(pid, "10")
    before = table_counts(db)
    with pytest.raises(Conflict) as error:
        vouchers.redeem(db, config, code, act, TODAY)
    assert error.value.message.startswith(f"de organisator draagt de hele prijs van activiteit {act} (Theater)")
    assert table_counts(db) == before
    assert vouchers.get(db, code)["state"] == "issued"


# ---- corrections keep the four amounts adding up ----

def test_edit_gives_a_part_and_the_network_takes_the_rest(db, config):
    pid = person(db)
    act = organised(db, 1)
    x = participations.add(db, config, pid, act, TODAY)
    assert split(x) == (2000, 400, 0, 1600)
    edited = participations.edit(db, config, x["id"], split={"organiser": "8"})
    assert split(edited) == (2000, 400, 800, 800)
    assert edited["changed"] == ["organiser_carried_cents", "network_paid_cents"]
    # new persons compute the amounts again, with the share as it is now
    activities.edit(db, config, act, {"organiser_share": "25"})
    assert split(participations.edit(db, config, x["id"], persons=2)) == (4000, 800, 1000, 2200)
    before = stored(db, x["id"])
    with pytest.raises(InvalidInput) as error:
        participations.edit(db, config, x["id"], split={"participant": "8", "organiser": "10", "network": "10"})
    assert "de prijs € 40,00 is niet deelnemer € 8,00 + organisator € 10,00 + netwerk € 10,00" in error.value.message
    assert stored(db, x["id"]) == before


def test_edit_of_a_voucher_participation_recomputes_what_the_voucher_pays(db, config, voucher_of):
    pid = person(db)
    act = organised(db, 1)
    x = vouchers.redeem(db, config, voucher_of(pid, "15"), act, TODAY)["participation"]
    assert split(x) == (2000, 500, 0, 1500)
    assert split(participations.edit(db, config, x["id"], split={"organiser": "8"})) == (2000, 0, 800, 1200)
    with pytest.raises(InvalidInput):
        participations.edit(db, config, x["id"], split={"network": "5"})


def test_a_split_of_a_closed_year_is_refused(db, config):
    pid = person(db)
    act = organised(db, 1, share=4000)
    x = participations.add(db, config, pid, act, date(2025, 6, 1), without_status="statuut van 2025 op papier")
    close_year(db, 2025)
    before = stored(db, x["id"])
    with pytest.raises(Conflict) as error:
        participations.edit(db, config, x["id"], split={"organiser": "2"})
    assert error.value.message.startswith(f"deelname {x['id']}: het jaar 2025 is afgesloten")
    assert stored(db, x["id"]) == before
    with pytest.raises(Conflict):
        participations.add(db, config, pid, act, date(2025, 7, 1), split={"organiser": "2"})
    # a new share for the activity changes no figure of the closed year: allowed
    activities.edit(db, config, act, {"organiser_share": "10"})
    assert stored(db, x["id"]) == before


# ---- the budget and the yearly cap count only what the network paid ----

def test_the_budget_and_the_cap_count_only_what_the_network_paid(db, config):
    pid = person(db)
    act = organised(db, 1, price=10000, kansentarief=2000, share=4000)
    x = participations.add(db, config, pid, act, TODAY)
    assert split(x) == (10000, 2000, 4000, 4000)
    shown = budget.show(db, config, 2026)
    assert (shown["spent_cents"], shown["participations_cents"]) == (4000, 4000)
    assert shown["by_domain"] == [{"domain": "cultuur", "participations": 1, "persons": 1, "spent_cents": 4000}]
    # the yearly cap (150,00) counts the network's 40,00 a time: three fit (with 80,00 a time two would not)
    for _ in range(2):
        participations.add(db, config, pid, act, TODAY)
    assert budget.show(db, config, 2026)["spent_cents"] == 12000
    with pytest.raises(Conflict) as error:
        participations.add(db, config, pid, act, TODAY)
    assert "al € 120,00 voor deelnemer" in error.value.message and "met € 40,00 erbij" in error.value.message
