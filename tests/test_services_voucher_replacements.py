"""A redemption made by mistake: the code stays spent, the person gets a replacement voucher."""

from datetime import date

import pytest

from tests.conftest import table_counts
from tests.test_services_participations import activity, person
from tests.test_services_participations_corrections import close_year, money_2026, report_2026
from vrijetijd_cli.errors import Conflict, InvalidInput, NotFound
from vrijetijd_cli.services import voucher_codes, voucher_replacements, vouchers


@pytest.fixture
def used(db, config):
    pid = person(db)
    code = vouchers.issue(db, config, pid, "25", valid_until=date(2026, 12, 31))[0]["code"]
    vouchers.redeem(db, config, code, activity(db), persons=2)  # pays € 9,00
    return {"participant": pid, "code": code}


def test_replace_keeps_the_participation_and_gives_the_value_again(db, config, used):
    assert money_2026(db, config) == (900, 0)
    result = voucher_replacements.replace(db, used["code"].lower(), "  bon van de verkeerde persoon gebruikt ")
    new, old = result["new"], result["old"]
    assert {k: new[k] for k in ("participant_id", "value_cents", "valid_until", "budget_year", "state",
                                "replaces_code", "replacement_reason")} == {
        "participant_id": used["participant"], "value_cents": 2500, "valid_until": "2026-12-31", "budget_year": 2026,
        "state": "issued", "replaces_code": used["code"], "replacement_reason": "bon van de verkeerde persoon gebruikt"}
    # the old code stays redeemed, with its participation; it is not released
    assert (old["state"], old["participation_id"] is not None, old["released_on"], old["replaced_by_code"]) == (
        "redeemed", True, None, new["code"])
    assert money_2026(db, config) == (900, 2500)
    assert report_2026(db, config) == {"participations": 1, "network_paid_cents": 900, "spent_cents": 900,
                                       "committed_cents": 2500, "issued": 2, "redeemed": 1, "open": 1}
    history = vouchers.history(db, used["code"])["history"]
    assert [e["event"] for e in history] == ["issued", "redeemed", "replaced"]
    assert history[-1]["replaced_by"] == new["code"]
    assert vouchers.history(db, new["code"])["history"][0]["replaces"] == used["code"]


def test_replace_refusals_write_nothing(db, config, used):
    open_code = vouchers.issue(db, config, used["participant"], "10")[0]["code"]
    before = table_counts(db)
    with pytest.raises(Conflict) as caught:
        voucher_replacements.replace(db, open_code, "vergissing")
    assert caught.value.message == f"waardebon {open_code} is niet ingewisseld (uitgegeven); er valt niets te vervangen"
    with pytest.raises(InvalidInput) as caught:
        voucher_replacements.replace(db, used["code"], "  ")
    assert caught.value.message == "--reason: zeg waarom de waardebon vervangen wordt (dat wordt bewaard)"
    unknown = voucher_codes.from_number(424242)
    with pytest.raises(NotFound) as caught:
        voucher_replacements.replace(db, unknown, "vergissing")
    assert caught.value.message == f"waardebon {unknown!r} bestaat niet"
    assert table_counts(db) == before
    first = voucher_replacements.replace(db, used["code"], "vergissing")["new"]["code"]
    before = table_counts(db)
    with pytest.raises(Conflict) as caught:
        voucher_replacements.replace(db, used["code"], "nog eens")
    assert caught.value.message == f"waardebon {used['code']} is al vervangen door {first} op 15/06/2026"
    assert table_counts(db) == before


def test_replace_is_refused_when_its_budget_year_is_closed(db, config, used):
    db.execute("UPDATE vouchers SET budget_year = 2025, issued_on = '2025-12-01'")
    close_year(db, 2025)
    before = table_counts(db)
    with pytest.raises(Conflict, match="^vervangende waardebon: het jaar 2025 is afgesloten"):
        voucher_replacements.replace(db, used["code"], "vergissing")
    assert table_counts(db) == before


def test_no_replacement_for_a_person_who_was_forgotten(db, config, used):
    from vrijetijd_cli.services import privacy

    privacy.forget(db, used["participant"], "verzoek van de betrokkene")
    before = table_counts(db)
    with pytest.raises(Conflict) as caught:
        voucher_replacements.replace(db, used["code"], "vergissing")
    assert caught.value.message == (
        f"deelnemer {used['participant']} is geanonimiseerd; er komt geen vervangende bon voor {used['code']}")
    assert table_counts(db) == before
