"""`db check`: a sound database has no problems; each planted damage is found and named."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

import pytest

from tests.test_services_privacy import add_participation, add_person, add_voucher, populate
from vrijetijd_cli.services import checks, privacy


@pytest.fixture
def people(db) -> dict:
    return populate(db)


@contextmanager
def unguarded(conn: sqlite3.Connection):
    """Switch off the schema's guards to plant damage, as a hand edit or an old bug would."""
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA ignore_check_constraints = ON")
    try:
        yield conn
    finally:
        conn.execute("PRAGMA ignore_check_constraints = OFF")
        conn.execute("PRAGMA foreign_keys = ON")


def found(conn) -> set[tuple]:
    return {(p["check"], p["table"], p["row_id"]) for p in checks.run(conn)}


def test_sound_database_has_no_problems(db, people):
    assert checks.run(db) == []
    assert checks.run(db, full=True) == []


def test_sound_database_after_forget_and_purge(db, config, people):
    privacy.forget(db, people["ann"], "verzoek")
    privacy.purge(db, config)
    assert checks.run(db) == []


def test_reversed_status_dates(db, people):
    with unguarded(db):
        db.execute(
            "UPDATE statuses SET valid_from = '2026-01-01' WHERE participant_id = ?",
            [people["ann"]],
        )
    problems = checks.run(db)
    assert ("integrity", None, None, "CHECK constraint failed in statuses") in {
        (p["check"], p["table"], p["row_id"], p["detail"]) for p in problems
    }
    (dates,) = [p for p in problems if p["check"] == "dates_reversed"]
    assert dates == {
        "check": "dates_reversed",
        "table": "statuses",
        "row_id": 1,
        "detail": "valid_from=2026-01-01, valid_until=2025-12-31",
    }


def test_voucher_redeemed_twice(db, db_path, people):
    # the UNIQUE index on participations.voucher_id forbids it: take it out of the schema first
    db.execute("PRAGMA writable_schema = ON")
    db.execute(
        "UPDATE sqlite_master"
        " SET sql = replace(sql, 'voucher_id INTEGER UNIQUE', 'voucher_id INTEGER')"
        " WHERE name = 'participations'"
    )
    db.execute("DELETE FROM sqlite_master WHERE name = 'sqlite_autoindex_participations_1'")
    db.execute("PRAGMA writable_schema = OFF")
    db.close()
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    second = add_participation(
        conn,
        people["ann"],
        people["swim"],
        "2025-06-01",
        2500,
        0,
        2500,
        "voucher",
        people["voucher"],
    )
    problems = [p for p in checks.run(conn) if p["check"] == "voucher_redeemed_twice"]
    assert problems == [
        {
            "check": "voucher_redeemed_twice",
            "table": "participations",
            "row_id": people["voucher"],
            "detail": f"voucher_id={people['voucher']}, participations=1,{second}",
        }
    ]
    conn.close()


def test_redeemed_voucher_without_participation_and_the_reverse(db, people):
    lonely = add_voucher(
        db, people["ann"], code="ZZ22-ZZ22-Z2", state="redeemed", redeemed_on="2025-06-01"
    )
    db.execute(
        "UPDATE vouchers SET state = 'issued', redeemed_on = NULL WHERE id = ?", [people["voucher"]]
    )
    assert found(db) == {
        ("redeemed_voucher_without_participation", "vouchers", lonely),
        ("participation_on_unredeemed_voucher", "participations", 1),
    }


def test_participation_without_participant(db, people):
    with unguarded(db):
        orphan = add_participation(db, 999, people["swim"])
    assert found(db) == {
        ("foreign_key", "participations", orphan),
        ("participation_without_participant", "participations", orphan),
    }


def test_negative_amounts_and_payments_that_do_not_add_up(db, people):
    with unguarded(db):
        negative = add_participation(
            db, people["ann"], people["swim"], price=-500, participant_paid=0, network_paid=0
        )
    too_much = add_participation(
        db, people["ann"], people["swim"], price=1000, participant_paid=200, network_paid=900
    )
    too_little = add_participation(
        db, people["ann"], people["swim"], price=1000, participant_paid=200, network_paid=700
    )
    free = add_participation(
        db, people["ann"], people["swim"], price=0, participant_paid=0, network_paid=0,
        paid_via="gratis",
    )
    assert found(db) == {
        ("negative_amount", "participations", negative),
        ("payment_not_price", "participations", negative),
        ("payment_not_price", "participations", too_much),
        ("payment_not_price", "participations", too_little),
        ("integrity", None, None),
    }
    assert free not in {p["row_id"] for p in checks.run(db)}


def test_voucher_paid_without_voucher_overspent_or_of_someone_else(db, people):
    no_voucher = add_participation(db, people["ann"], people["swim"], paid_via="voucher")
    db.execute(
        "UPDATE participations SET network_paid_cents = 3000, price_cents = 3000"
        " WHERE voucher_id = ?",
        [people["voucher"]],
    )
    assert found(db) == {
        ("voucher_payment_mismatch", "participations", no_voucher),
        ("voucher_overspent", "participations", 1),
    }
    db.execute(
        "UPDATE vouchers SET participant_id = ? WHERE id = ?", [people["old"], people["voucher"]]
    )
    assert ("voucher_other_participant", "participations", 1) in found(db)


def test_unknown_states_and_goal_levels(db, people):
    with unguarded(db):
        db.execute("UPDATE referrals SET state = 'zoek' WHERE id = ?", [people["referral"]])
        db.execute(
            "INSERT INTO evaluations (goal_id, year, state, evaluated_at)"
            " VALUES (1, 2025, 'bijna', 'x')"
        )
    db.execute(
        "UPDATE goals SET parent_id = (SELECT id FROM goals WHERE code = 'SD1')"
        " WHERE code = 'A1.1.1'"
    )
    problems = {(p["check"], p["table"], p["detail"]) for p in checks.run(db)}
    assert ("unknown_state", "referrals", "state=zoek") in problems
    assert ("unknown_state", "evaluations", "state=bijna") in problems
    assert (
        "goal_parent_level",
        "goals",
        "code=A1.1.1, level=action, parent=SD1 (strategic)",
    ) in problems


def test_erasure_not_applied_is_a_problem(db, people):
    db.execute(
        "INSERT INTO erasures (participant_id, erased_at, reason) VALUES (?, '2026-01-01', 'x')",
        [people["ann"]],
    )
    half = add_person(db, "Half", "Gewist", "1990-01-01", anonymized_at="2026-01-01T10:00:00")
    assert found(db) == {
        ("erased_not_anonymised", "participants", people["ann"]),
        ("anonymised_with_personal_data", "participants", half),
    }


def test_many_problems_are_capped_per_check(db, people):
    with unguarded(db):
        db.executemany("UPDATE statuses SET valid_from = '2030-01-01' WHERE id = ?", [(1,)])
        db.executemany(
            "INSERT INTO statuses"
            " (participant_id, ground_code, valid_from, valid_until, created_at)"
            " VALUES (?, 'ocmw', '2030-01-01', '2020-01-01', 'x')",
            [(people["ann"],)] * (checks.MAX_PER_CHECK + 5),
        )
    reversed_dates = [p for p in checks.run(db) if p["check"] == "dates_reversed"]
    assert len(reversed_dates) == checks.MAX_PER_CHECK + 1
    assert reversed_dates[-1] == {
        "check": "dates_reversed",
        "table": "statuses",
        "row_id": None,
        "detail": f"> {checks.MAX_PER_CHECK}",
    }
