"""Closed years: the report frozen as handed over, late writes refused, reopening audited.

Today is 2026-06-15 (conftest); tests/data/report_dataset.sql has data for 2024 and 2025.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.conftest import DATA, table_counts
from vrijetijd_cli.errors import Conflict, DatabaseError, InvalidInput
from vrijetijd_cli.reports import closed, yearly
from vrijetijd_cli.services import (
    budget,
    closing,
    goals,
    meetings,
    participations,
    referrals,
    statuses,
    voucher_codes,
    vouchers,
)


@pytest.fixture
def dataset(db):
    db.executescript((DATA / "report_dataset.sql").read_text(encoding="utf-8"))
    # real voucher codes (the dataset's 'VB-n' are only names), so they can be typed
    for number in range(1, 8):
        db.execute("UPDATE vouchers SET code = ? WHERE id = ?", [code(number), number])
    return db


def code(number: int) -> str:
    return voucher_codes.from_number(number)


@pytest.fixture
def closed_2025(dataset, config):
    closing.close(dataset, config, 2025)
    return dataset


def test_close_stores_the_internal_and_the_public_report_with_a_checksum(closed_2025, config):
    row = closed.closure(closed_2025, 2025)
    stored = json.loads(row["document"])
    assert set(stored) == {"internal", "public"}
    assert stored["internal"]["reach"]["participants"] == 8
    assert stored["public"]["public"] is True
    assert row["checksum"] == closed.checksum(row["document"])
    audited = closed_2025.execute("SELECT entity, action FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert tuple(audited) == ("report_snapshot", "close")


def test_a_closed_year_shows_the_stored_report_whatever_changes_later(closed_2025, config):
    before = yearly.build(closed_2025, config, 2025)
    assert before["closed"]["closed_by"]
    # a change to a person (allowed across closed years) does not change the frozen report
    closed_2025.execute("UPDATE participants SET postcode = '3600' WHERE id = 1")
    after = yearly.build(closed_2025, config, 2025)
    assert after == before
    assert yearly.build(closed_2025, config, 2025, public=True)["public"] is True


def test_current_recomputes_and_lists_what_differs(closed_2025, config):
    closed_2025.execute("UPDATE participants SET postcode = '3600' WHERE id = 1")
    current = yearly.build(closed_2025, config, 2025, current=True)
    assert "closed" in current
    changed = {d["path"]: (d["stored"], d["now"], d["change"]) for d in current["differences"]}
    assert changed["reach.living_in_municipality"] == (6, 5, -1)
    assert changed["reach.by_postcode[3600].participants"] == (1, 2, 1)


def test_a_damaged_snapshot_is_refused(closed_2025, config):
    closed_2025.execute("UPDATE report_snapshots SET document = replace(document, '\"participants\":8',"
                        " '\"participants\":9')")
    with pytest.raises(DatabaseError, match="controlesom"):
        yearly.build(closed_2025, config, 2025)


@pytest.mark.parametrize(("year", "message"), [
    (2026, "alleen een voorbij jaar"),  # the current year
    (2027, "alleen een voorbij jaar"),
    (2010, "er zijn geen gegevens"),
])
def test_close_refuses_the_current_a_future_and_an_empty_year(dataset, config, year, message):
    before = table_counts(dataset)
    with pytest.raises(InvalidInput, match=message):
        closing.close(dataset, config, year)
    assert table_counts(dataset) == before


def test_close_twice_and_reopen_an_open_year_are_refused(closed_2025, config):
    with pytest.raises(Conflict, match="al afgesloten"):
        closing.close(closed_2025, config, 2025)
    with pytest.raises(Conflict, match="niet afgesloten"):
        closing.reopen(closed_2025, 2024, "vergissing")


def test_reopen_needs_a_reason_and_keeps_the_closure_as_history(closed_2025, config):
    for reason in (None, "", "   "):
        with pytest.raises(InvalidInput, match="--reason"):
            closing.reopen(closed_2025, 2025, reason)
    closing.reopen(closed_2025, 2025, "deelname van december vergeten")
    history = closing.closures(closed_2025)
    assert [(h["year"], h["reopen_reason"]) for h in history] == [(2025, "deelname van december vergeten")]
    assert "closed" not in yearly.build(closed_2025, config, 2025)
    closing.close(closed_2025, config, 2025)  # and it can be closed again
    assert len(closing.closures(closed_2025)) == 2


def test_every_write_into_a_closed_year_is_refused_and_writes_nothing(closed_2025, config):
    db = closed_2025
    before = table_counts(db)
    day = date(2025, 11, 3)
    attempts = [
        lambda: participations.add(db, config, 1, 1, day, without_status="late", over_cap="late"),
        lambda: budget.set_budget(db, config, 2025, "20000"),
        lambda: budget.add_expense(db, "vervoer", "12,50", "busticket", day),
        lambda: budget.add_expense(db, "vervoer", "12,50", "busticket", date(2026, 1, 5), 2025),
        lambda: referrals.add(db, config, "De Brug", day, participant_id=2),
        lambda: referrals.update(db, 1, note="later bijgeschreven"),
        lambda: statuses.add(db, config, 2, "ocmw", day),
        lambda: statuses.suspend(db, 3, "verhuisd", date(2025, 12, 1)),
        lambda: meetings.add(db, "2025-12-01", present="De Brug"),
        lambda: meetings.edit(db, 1, place="elders"),
        lambda: meetings.set_minutes(db, 1, "Nieuw verslag"),
        lambda: goals.evaluate(db, "SD1", 2025, "lopend"),
        lambda: vouchers.cancel(db, code(2), "vergissing"),
    ]
    for attempt in attempts:
        with pytest.raises(Conflict, match="2025 is afgesloten") as refused:
            attempt()
        assert "report reopen 2025" in refused.value.message
    assert table_counts(db) == before


def test_a_voucher_of_a_closed_year_stays_redeemable_and_is_carried_over(closed_2025, config, monkeypatch):
    # VB-2 (budget 2025, cofinanciering) redeemed in June 2026: booked on the open budget of 2026
    monkeypatch.setenv("VRIJETIJD_TODAY", "2026-06-15")
    closed_2025.execute("UPDATE activities SET active = 1")
    result = vouchers.redeem(closed_2025, config, code(2), 2, date(2026, 6, 10), without_status="geen statuut meer")
    assert result["participation"]["budget_year"] == 2026
    report_2026 = yearly.build(closed_2025, config, 2026)
    assert report_2026["budget"]["carried_over"] == {"vouchers": 1, "spent_cents": 500}
    # the closed report still shows it as committed when it was closed
    assert yearly.build(closed_2025, config, 2025)["budget"]["committed_cents"] == 2500


def test_expire_leaves_the_vouchers_of_a_closed_year(closed_2025, monkeypatch):
    monkeypatch.setenv("VRIJETIJD_TODAY", "2026-10-01")  # VB-2 and VB-5 of 2025 ran out; VB-7 of 2026 not
    result = vouchers.expire(closed_2025)
    assert result == {"expired": 0, "left_in_closed_years": 2}


def test_the_previous_year_compared_is_the_one_handed_over(dataset, config):
    closing.close(dataset, config, 2024)
    frozen = yearly.build(dataset, config, 2024)["comparison"]["figures"]
    dataset.execute("DELETE FROM participations WHERE id = 9")  # a 2024 participation, after closing
    figures = {f["key"]: f["previous"] for f in yearly.build(dataset, config, 2025)["comparison"]["figures"]}
    assert figures["participations"] == {f["key"]: f["current"] for f in frozen}["participations"] == 2


def test_a_redemption_early_next_year_counts_in_the_budget_year_of_the_voucher(dataset, config, monkeypatch):
    """People and participations count in the year of their date; money in its budget year."""
    monkeypatch.setenv("VRIJETIJD_TODAY", "2026-01-20")
    dataset.execute("UPDATE activities SET active = 1")
    result = vouchers.redeem(dataset, config, code(5), 2, date(2026, 1, 10), without_status="geen statuut meer")
    assert result["participation"]["budget_year"] == 2025
    monkeypatch.setenv("VRIJETIJD_TODAY", "2026-06-15")
    y2025, y2026 = yearly.build(dataset, config, 2025), yearly.build(dataset, config, 2026)
    # the money in 2025's budget, the participation (and its person taking part) in 2026
    assert y2025["budget"]["participations_cents"] == 4800 + 800 + 3000 + 6400 + 0 + 2000 + 400 + 500
    assert y2025["participation"]["participations"] == 7
    assert y2026["participation"]["by_paid_via"][1]["participations"] == 1
    assert y2026["budget"]["carried_over"] == {"vouchers": 0, "spent_cents": 0}
