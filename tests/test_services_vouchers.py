"""Vouchers: issue, redeem once, cancel, expire, and their history."""

import sqlite3
from datetime import date

import pytest

from tests.conftest import count, table_counts
from tests.test_services_participations import activity, paid, person
from vrijetijd_cli import i18n
from vrijetijd_cli.errors import Conflict, InvalidInput, NotFound
from vrijetijd_cli.services import voucher_codes, vouchers

TODAY = date(2026, 6, 15)


def issued(db, config, pid, amount="25", **kwargs) -> dict:
    return vouchers.issue(db, config, pid, amount, **kwargs)[0]


def test_issue_one_voucher_with_the_defaults(db, config):
    pid = person(db)
    voucher = issued(db, config, pid)
    assert voucher_codes.canonical(voucher["code"]) == voucher["code"]
    assert {k: voucher[k] for k in ("participant_id", "value_cents", "issued_on", "valid_until", "budget_year",
                                    "funding_source", "state", "redeemed_on")} == {
        "participant_id": pid, "value_cents": 2500, "issued_on": "2026-06-15", "valid_until": "2027-06-14",
        "budget_year": 2026, "funding_source": "trekkingsrecht", "state": "issued", "redeemed_on": None,
    }
    audit = db.execute("SELECT action, fields FROM audit_log WHERE entity = 'voucher'").fetchall()
    assert [tuple(r) for r in audit] == [
        ("issue", "budget_year,code,funding_source,issued_on,participant_id,valid_until,value_cents")
    ]


def test_issue_several_with_source_and_date(db, config):
    pid = person(db)
    batch = vouchers.issue(db, config, pid, "12,50", date(2026, 12, 31), "cofinanciering", 3)
    assert len({v["code"] for v in batch}) == 3
    assert {(v["value_cents"], v["valid_until"], v["funding_source"]) for v in batch} == {
        (1250, "2026-12-31", "cofinanciering")
    }


@pytest.mark.parametrize("amount,message", [
    ("0", "bedrag: het bedrag moet groter zijn dan nul"),
    ("-5", "bedrag: '-5' is negatief"),
    ("1,234", "bedrag: '1,234' is dubbelzinnig (schrijf bv. 1234,50 of 1.234,50)"),
    ("tien", "bedrag: 'tien' is geen bedrag"),
])
def test_issue_refuses_bad_amounts(db, config, amount, message):
    pid = person(db)
    before = table_counts(db)
    with pytest.raises(InvalidInput) as error:
        vouchers.issue(db, config, pid, amount)
    assert error.value.message == message
    assert table_counts(db) == before


def test_issue_refuses_a_person_without_status_a_past_date_and_a_bad_count(db, config):
    without = person(db, valid_from="2025-01-01", valid_until="2025-12-31")
    before = table_counts(db)
    with pytest.raises(Conflict) as error:
        vouchers.issue(db, config, without, "25")
    assert error.value.message == (
        f"deelnemer {without} heeft vandaag (15/06/2026) geen actief statuut; voeg eerst een statuut toe"
    )
    with pytest.raises(InvalidInput, match="geldig tot: 14/06/2026 ligt in het verleden"):
        vouchers.issue(db, config, person(db), "25", date(2026, 6, 14))
    with pytest.raises(InvalidInput, match="aantal: 0 moet tussen 1 en 500 liggen"):
        vouchers.issue(db, config, person(db), "25", count=0)
    with pytest.raises(NotFound, match="deelnemer 99 bestaat niet"):
        vouchers.issue(db, config, 99, "25")
    assert table_counts(db)["vouchers"] == before["vouchers"] == 0


def test_issue_respects_the_yearly_cap_with_open_vouchers(db, config):
    pid = person(db)
    paid(db, pid, 8000)
    issued(db, config, pid, "50")
    before = count(db, "vouchers")
    with pytest.raises(Conflict) as error:
        vouchers.issue(db, config, pid, "25")
    assert error.value.message == (
        f"jaarplafond: deelnemer {pid} kreeg in 2026 al € 80,00 en heeft € 50,00 aan openstaande waardebonnen;"
        " met 1 × € 25,00 wordt dat € 155,00, boven het plafond van € 150,00"
    )
    assert count(db, "vouchers") == before
    assert issued(db, config, pid, "20")["value_cents"] == 2000  # exactly 150,00


def test_redeem_price_above_value_participant_pays_the_rest(db, config):
    pid = person(db)
    voucher = issued(db, config, pid, "25")
    concert = activity(db, title="Concert", domain="cultuur", price=2800, kansentarief=560)
    result = vouchers.redeem(db, config, voucher["code"].lower().replace("-", ""), concert, persons=1)
    p = result["participation"]
    assert (p["price_cents"], p["network_paid_cents"], p["participant_paid_cents"]) == (2800, 2500, 300)
    assert (p["paid_via"], p["voucher_code"], p["budget_year"], p["funding_source"]) == (
        "voucher", voucher["code"], 2026, "trekkingsrecht")
    assert (result["voucher"]["state"], result["voucher"]["redeemed_on"]) == ("redeemed", "2026-06-15")
    assert [tuple(r) for r in db.execute(
        "SELECT entity, action FROM audit_log WHERE entity IN ('voucher', 'participation') AND action != 'issue'"
        " ORDER BY id")] == [
        ("voucher", "redeem"), ("participation", "add")]


def test_redeem_price_below_value_the_rest_lapses(db, config):
    pid = person(db)
    voucher = issued(db, config, pid, "25")
    swim = activity(db)
    p = vouchers.redeem(db, config, voucher["code"], swim, persons=3)["participation"]
    assert (p["price_cents"], p["network_paid_cents"], p["participant_paid_cents"], p["persons"]) == (1350, 1350, 0, 3)


def test_redeem_with_an_amount(db, config):
    pid = person(db)
    voucher = issued(db, config, pid, "25")
    concert = activity(db, title="Concert", price=2800)
    p = vouchers.redeem(db, config, voucher["code"], concert, amount="20")["participation"]
    assert (p["price_cents"], p["network_paid_cents"], p["participant_paid_cents"]) == (2800, 2000, 800)


@pytest.mark.parametrize("amount,message", [
    ("30", "bedrag: € 30,00 is meer dan de waarde van de waardebon (€ 25,00)"),
    ("0", "bedrag: het bedrag moet groter zijn dan nul"),
    ("-5", "bedrag: '-5' is negatief"),
    ("1,234", "bedrag: '1,234' is dubbelzinnig (schrijf bv. 1234,50 of 1.234,50)"),
    ("5", "bedrag: € 5,00 is meer dan de prijs van de deelname (€ 4,50)"),
])
def test_redeem_refuses_bad_amounts(db, config, amount, message):
    pid = person(db)
    voucher = issued(db, config, pid, "25")
    swim = activity(db)
    before = table_counts(db)
    with pytest.raises(InvalidInput) as error:
        vouchers.redeem(db, config, voucher["code"], swim, amount=amount)
    assert error.value.message == message
    assert table_counts(db) == before
    assert vouchers.get(db, voucher["code"])["state"] == "issued"


def test_redeem_twice_is_refused_with_date_and_activity(db, config):
    pid = person(db)
    voucher = issued(db, config, pid)
    swim = activity(db)
    vouchers.redeem(db, config, voucher["code"], swim, on=date(2026, 6, 15))
    before = table_counts(db)
    with pytest.raises(Conflict) as error:
        vouchers.redeem(db, config, voucher["code"], activity(db, title="Film"))
    assert error.value.message == (
        f"waardebon {voucher['code']} is al ingewisseld op 15/06/2026 voor 'Zwembad Kapermolen'"
    )
    i18n.set_language("en")
    with pytest.raises(Conflict) as error:
        vouchers.redeem(db, config, voucher["code"], swim)
    assert error.value.message == (
        f"voucher {voucher['code']} was already redeemed on 15/06/2026 for 'Zwembad Kapermolen'"
    )
    after = table_counts(db)
    assert after["participations"] == before["participations"] == 1
    assert after["activities"] == before["activities"] + 1  # only the test's new activity


def test_the_database_itself_refuses_a_second_participation_on_a_voucher(db, config):
    pid = person(db)
    voucher = issued(db, config, pid)
    vouchers.redeem(db, config, voucher["code"], activity(db))
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        db.execute(
            "INSERT INTO participations (participant_id, activity_id, date, price_cents, participant_paid_cents,"
            " network_paid_cents, paid_via, voucher_id, budget_year, created_at)"
            " VALUES (?, 1, '2026-06-15', 0, 0, 0, 'voucher', ?, 2026, 'x')",
            [pid, voucher["id"]],
        )


def test_redeem_cancelled_expired_and_out_of_date_vouchers(db, config):
    pid = person(db, valid_from="2025-01-01")
    swim = activity(db)
    cancelled = issued(db, config, pid, "10")
    vouchers.cancel(db, cancelled["code"], "dubbel uitgegeven")
    with pytest.raises(Conflict) as error:
        vouchers.redeem(db, config, cancelled["code"], swim)
    assert error.value.message == (
        f"waardebon {cancelled['code']} is geannuleerd op 15/06/2026 (reden: dubbel uitgegeven)"
    )
    old = issued(db, config, pid, "10")
    db.execute("UPDATE vouchers SET issued_on = '2025-01-10', valid_until = '2025-12-31' WHERE id = ?", [old["id"]])
    with pytest.raises(Conflict) as error:  # not yet marked expired: the date decides
        vouchers.redeem(db, config, old["code"], swim)
    assert error.value.message == f"waardebon {old['code']} is vervallen: hij was geldig tot 31/12/2025"
    assert vouchers.expire(db)["expired"] == 1
    with pytest.raises(Conflict, match="is vervallen: hij was geldig tot 31/12/2025"):
        vouchers.redeem(db, config, old["code"], swim)
    fresh = issued(db, config, pid, "10")
    with pytest.raises(Conflict, match="werd pas uitgegeven op 15/06/2026, na 14/06/2026"):
        vouchers.redeem(db, config, fresh["code"], swim, on=date(2026, 6, 14))
    assert count(db, "participations") == 0


def test_unknown_and_mistyped_codes(db, config):
    swim = activity(db)
    unknown = voucher_codes.from_number(777)
    with pytest.raises(NotFound) as error:
        vouchers.redeem(db, config, unknown, swim)
    assert error.value.message == f"waardebon {unknown!r} bestaat niet"
    mistyped = unknown[:-1] + ("2" if unknown[-1] != "2" else "3")
    with pytest.raises(InvalidInput) as error:
        vouchers.redeem(db, config, mistyped, swim)
    assert error.value.message == f"code {mistyped!r} is verkeerd getypt: het controleteken klopt niet"


def test_redeem_checks_status_and_cap_with_override(db, config):
    pid = person(db)
    voucher = issued(db, config, pid, "25")
    db.execute("UPDATE statuses SET valid_until = '2026-06-01' WHERE participant_id = ?", [pid])
    db.execute("UPDATE vouchers SET issued_on = '2026-05-01' WHERE id = ?", [voucher["id"]])
    swim = activity(db)
    with pytest.raises(Conflict, match="geen actief statuut op 15/06/2026"):
        vouchers.redeem(db, config, voucher["code"], swim)
    assert vouchers.get(db, voucher["code"])["state"] == "issued"
    assert vouchers.redeem(db, config, voucher["code"], swim, on=date(2026, 6, 1))["voucher"]["state"] == "redeemed"
    capped = person(db, name=("Bob", "Maes"))
    big = issued(db, config, capped, "25")
    paid(db, capped, 14000)
    with pytest.raises(Conflict, match="jaarplafond"):
        vouchers.redeem(db, config, big["code"], activity(db, title="Concert", price=2800))
    result = vouchers.redeem(db, config, big["code"], 3, over_cap="laatste keer, akkoord")
    assert result["participation"]["over_cap_reason"] == "laatste keer, akkoord"


def test_redeem_free_activity_or_voucher_of_someone_else(db, config):
    pid = person(db)
    voucher = issued(db, config, pid)
    with pytest.raises(Conflict, match=r"is gratis; er is geen waardebon nodig"):
        vouchers.redeem(db, config, voucher["code"], activity(db, price=0, kansentarief=0))
    from vrijetijd_cli.services import participations

    other = person(db, name=("Bob", "Maes"))
    with pytest.raises(Conflict, match=f"hoort bij deelnemer {pid}, niet bij {other}"):
        participations.add(db, config, other, activity(db), paid_via="voucher", voucher_code=voucher["code"])
    added = participations.add(db, config, pid, activity(db), paid_via="voucher", voucher_code=voucher["code"])
    assert added["voucher_code"] == voucher["code"]


def test_cancel_needs_a_reason_and_an_issued_voucher(db, config):
    pid = person(db)
    voucher = issued(db, config, pid)
    with pytest.raises(InvalidInput, match="reden: geef een reden voor de annulering"):
        vouchers.cancel(db, voucher["code"], "  ")
    cancelled = vouchers.cancel(db, voucher["code"].lower(), "verhuisd naar Genk")
    assert (cancelled["state"], cancelled["cancelled_on"], cancelled["cancel_reason"]) == (
        "cancelled", "2026-06-15", "verhuisd naar Genk")
    with pytest.raises(Conflict, match="is geannuleerd op 15/06/2026"):
        vouchers.cancel(db, voucher["code"], "nog eens")
    redeemed = issued(db, config, pid)
    vouchers.redeem(db, config, redeemed["code"], activity(db))
    with pytest.raises(Conflict, match="is al ingewisseld op 15/06/2026 voor 'Zwembad Kapermolen'"):
        vouchers.cancel(db, redeemed["code"], "te laat")


def test_expire_is_idempotent(db, config):
    pid = person(db)
    for _ in range(3):
        issued(db, config, pid, "10")
    db.execute("UPDATE vouchers SET issued_on = '2025-06-01', valid_until = '2026-06-14' WHERE id IN (1, 2)")
    assert vouchers.expire(db)["expired"] == 2
    assert vouchers.expire(db)["expired"] == 0
    rows = db.execute("SELECT id, state, expired_on FROM vouchers ORDER BY id").fetchall()
    assert [tuple(r) for r in rows] == [(1, "expired", "2026-06-15"), (2, "expired", "2026-06-15"), (3, "issued", None)]
    assert count(db, "audit_log WHERE action = 'expire'") == 2


def test_list_filters(db, config):
    ann, bob = person(db), person(db, name=("Bob", "Maes"))
    a1 = issued(db, config, ann, "10")
    issued(db, config, bob, "10")
    vouchers.cancel(db, a1["code"], "fout")
    db.execute("UPDATE vouchers SET budget_year = 2025 WHERE id = 2")
    assert [v["id"] for v in vouchers.list_vouchers(db)] == [1, 2]
    assert [v["id"] for v in vouchers.list_vouchers(db, state="geannuleerd")] == [1]
    assert [v["id"] for v in vouchers.list_vouchers(db, state="issued")] == [2]
    assert [v["id"] for v in vouchers.list_vouchers(db, participant_id=bob)] == [2]
    assert [v["id"] for v in vouchers.list_vouchers(db, year=2026)] == [1]
    with pytest.raises(InvalidInput, match="toestand: 'weg' is onbekend; kies uit uitgegeven, ingewisseld"):
        vouchers.list_vouchers(db, state="weg")


def test_history_has_every_event_and_the_audit_rows(db, config):
    pid = person(db)
    voucher = issued(db, config, pid, "25")
    vouchers.redeem(db, config, voucher["code"], activity(db), persons=2)
    story = vouchers.history(db, voucher["code"])
    assert story["history"] == [
        {"date": "2026-06-15", "event": "issued", "value_cents": 2500, "funding_source": "trekkingsrecht",
         "valid_until": "2027-06-14"},
        {"date": "2026-06-15", "event": "redeemed", "activity_id": 1, "activity": "Zwembad Kapermolen",
         "participation_id": 1, "paid_cents": 900},
    ]
    assert [a["action"] for a in story["audit"]] == ["issue", "redeem"]
    other = issued(db, config, pid, "10")
    vouchers.cancel(db, other["code"], "fout bedrag")
    assert vouchers.history(db, other["code"])["history"][-1] == {
        "date": "2026-06-15", "event": "cancelled", "reason": "fout bedrag"}
