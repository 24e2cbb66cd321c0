"""The report summaries (schema_summaries.py): kept by triggers on every write, rebuilt, compared.

tests/conftest.py also compares them with a fresh computation after every test that uses the
`db` fixture; these tests pin down what the rows hold.
"""

import sqlite3

import pytest
from sqlite_utils import Database

from tests.conftest import DATA
from vrijetijd_cli import migrations
from vrijetijd_cli.services import summaries
from vrijetijd_cli.services.setup import initialise
from vrijetijd_cli.store import atomic, open_db

NOW = "2026-06-15T10:00:00"


@pytest.fixture
def person(db) -> int:
    db.execute(
        "INSERT INTO participants (id, first_name, last_name, birth_date, postcode, household_size, first_key,"
        " last_key, match_key, created_at) VALUES (1, 'Ann', 'Peeters', '1985-03-12', '3500', 3, 'ann',"
        " 'peeters', 'peeters|ann|1985-03-12', ?)", [NOW])
    db.execute("INSERT INTO activities (id, title, domain, price_cents, kansentarief_cents, created_at, updated_at)"
               " VALUES (1, 'Zwemmen', 'sport', 500, 100, ?, ?)", [NOW, NOW])
    return 1


def person_years(conn) -> list[tuple]:
    return [tuple(r) for r in conn.execute("SELECT * FROM person_years ORDER BY year")]


def grounds(conn) -> list[tuple]:
    return [tuple(r) for r in conn.execute("SELECT year, ground_code, n FROM person_year_grounds ORDER BY 1, 2")]


def add_status(conn, valid_from, valid_until, suspended_on=None, ground="ocmw") -> int:
    return conn.execute(
        "INSERT INTO statuses (participant_id, ground_code, valid_from, valid_until, suspended_on, created_at)"
        " VALUES (1, ?, ?, ?, ?, ?)", [ground, valid_from, valid_until, suspended_on, NOW]).lastrowid


def add_participation(conn, day, activity=1, persons=1, network=400) -> int:
    return conn.execute(
        "INSERT INTO participations (participant_id, activity_id, date, persons, price_cents,"
        " participant_paid_cents, network_paid_cents, paid_via, budget_year, created_at)"
        " VALUES (1, ?, ?, ?, 500, 100, ?, 'kansentarief', ?, ?)",
        [activity, day, persons, network, int(day[:4]), NOW]).lastrowid


def test_a_status_counts_for_every_year_it_overlaps_up_to_its_suspension(db, person):
    status = add_status(db, "2024-06-01", "2026-05-31")
    # year, participant, referrals, vouchers, statuses, participations, ground mask, domain mask
    assert person_years(db) == [(2024, 1, 0, 0, 1, 0, 1, 0), (2025, 1, 0, 0, 1, 0, 1, 0),
                                (2026, 1, 0, 0, 1, 0, 1, 0)]
    assert grounds(db) == [(2024, "ocmw", 1), (2025, "ocmw", 1), (2026, "ocmw", 1)]
    db.execute("UPDATE statuses SET suspended_on = '2025-03-01' WHERE id = ?", [status])
    assert person_years(db) == [(2024, 1, 0, 0, 1, 0, 1, 0), (2025, 1, 0, 0, 1, 0, 1, 0)]
    db.execute("UPDATE statuses SET ground_code = 'maatwerkbedrijf' WHERE id = ?", [status])
    assert grounds(db) == [(2024, "maatwerkbedrijf", 1), (2025, "maatwerkbedrijf", 1)]
    # the second ground ever used gets the second bit
    assert person_years(db) == [(2024, 1, 0, 0, 1, 0, 2, 0), (2025, 1, 0, 0, 1, 0, 2, 0)]
    assert [tuple(r) for r in db.execute("SELECT * FROM summary_bits ORDER BY bit")] == [
        ("ground", "ocmw", 0), ("ground", "maatwerkbedrijf", 1)]
    db.execute("DELETE FROM statuses WHERE id = ?", [status])
    assert person_years(db) == grounds(db) == []


def test_referrals_vouchers_and_participations_count_in_their_own_year(db, person):
    db.execute("INSERT INTO referrals (participant_id, partner_id, date, ground_code, created_at, updated_at)"
               " VALUES (1, 1, '2025-11-03', 'ocmw', ?, ?), (1, 2, '2025-12-01', NULL, ?, ?)", [NOW] * 4)
    db.execute("INSERT INTO vouchers (code, participant_id, value_cents, issued_on, valid_until, budget_year,"
               " created_at) VALUES ('VT-1', 1, 1000, '2026-01-05', '2026-12-31', 2026, ?)", [NOW])
    add_participation(db, "2026-02-14", persons=2)
    add_participation(db, "2026-03-01")
    assert person_years(db) == [(2025, 1, 2, 0, 0, 0, 1, 0), (2026, 1, 0, 1, 0, 2, 0, 1)]
    assert grounds(db) == [(2025, "ocmw", 1)]
    assert [tuple(r) for r in db.execute("SELECT * FROM person_year_domains")] == [(2026, 1, "sport", 2)]
    assert db.execute("SELECT date FROM person_last_participation WHERE participant_id = 1").fetchone()[0] \
        == "2026-03-01"
    # year, activity, paid via, funding, budget year, participations, persons, price, paid, network
    assert [tuple(r) for r in db.execute("SELECT * FROM participation_sums")] == [
        (2026, 1, "kansentarief", "trekkingsrecht", 2026, 2, 3, 1000, 200, 800)]
    assert [tuple(r) for r in db.execute("SELECT month, participations, persons FROM participation_month_sums"
                                         " ORDER BY month")] == [("2026-02", 1, 2), ("2026-03", 1, 1)]


def test_deleting_the_last_participation_falls_back_to_the_one_before(db, person):
    add_participation(db, "2026-02-14")
    latest = add_participation(db, "2026-03-01")
    db.execute("DELETE FROM participations WHERE id = ?", [latest])
    assert db.execute("SELECT date FROM person_last_participation").fetchone()[0] == "2026-02-14"
    assert [tuple(r) for r in db.execute("SELECT month FROM participation_month_sums")] == [("2026-02",)]


def test_an_activity_moved_to_another_domain_moves_its_participants(db, person):
    add_participation(db, "2026-02-14")
    add_participation(db, "2025-02-14")
    db.execute("UPDATE activities SET domain = 'cultuur' WHERE id = 1")
    assert [tuple(r) for r in db.execute("SELECT year, domain, n FROM person_year_domains ORDER BY year")] == [
        (2025, "cultuur", 1), (2026, "cultuur", 1)]
    # sport had bit 0, cultuur gets bit 1
    assert [r[-1] for r in person_years(db)] == [2, 2]


def test_differences_finds_a_hand_edit_and_rebuild_repairs_it(db, person):
    add_status(db, "2025-01-01", "2025-12-31")
    add_participation(db, "2025-05-01")
    with atomic(db):
        assert summaries.differences(db) == {}
    db.execute("DROP TRIGGER summary_participations_insert")
    add_participation(db, "2025-06-01")
    db.execute("DELETE FROM person_year_grounds")
    with atomic(db):
        assert summaries.differences(db) == {
            "person_years": 2, "person_year_grounds": 1, "person_year_domains": 2, "person_last_participation": 2,
            "participation_sums": 2, "participation_month_sums": 1}
        summaries.rebuild(db)
        assert summaries.differences(db) == {}


def test_deferred_drops_the_triggers_while_writing_and_rebuilds_once(db, person):
    triggers = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'"
    assert db.execute(triggers).fetchone()[0] == 19
    with atomic(db), summaries.deferred(db):
        add_participation(db, "2025-05-01")
        assert db.execute(triggers).fetchone()[0] == 0
        assert person_years(db) == []
    assert db.execute(triggers).fetchone()[0] == 19
    assert person_years(db) == [(2025, 1, 0, 0, 0, 1, 0, 1)]


def test_deferred_outside_a_transaction_is_refused(db):
    with pytest.raises(RuntimeError, match="needs a transaction"), summaries.deferred(db):
        pass


def test_migration_fills_the_summaries_of_an_existing_database(tmp_path, config):
    path = tmp_path / "oud.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    old = migrations.migration_set()
    old.apply(Database(conn), stop_before="m002_report_summaries")
    initialise(conn, config)
    conn.executescript((DATA / "report_dataset.sql").read_text(encoding="utf-8"))
    counts = {table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
              for table in ("participations", "statuses", "referrals")}
    conn.close()
    upgraded = open_db(path)
    try:
        assert upgraded.execute("SELECT COUNT(*) FROM person_years").fetchone()[0] > 0
        assert upgraded.execute("SELECT SUM(participations) FROM person_years").fetchone()[0] \
            == counts["participations"]
        with atomic(upgraded):
            assert summaries.differences(upgraded) == {}
    finally:
        upgraded.close()


def referral_sums(conn) -> list[tuple]:
    return [tuple(r) for r in conn.execute("SELECT * FROM referral_sums ORDER BY 1, 2, 3, 4, 5")]


def test_a_referral_led_to_taking_part_once_the_person_takes_part_on_or_after_its_date(db, person):
    db.execute("INSERT INTO referrals (participant_id, partner_id, date, ground_code, state, created_at,"
               " updated_at) VALUES (1, 5, '2025-11-03', 'ocmw', 'open', ?, ?)", [NOW, NOW])
    # year, partner, month, ground ('' for none), state, referrals, led
    assert referral_sums(db) == [(2025, 5, 11, "ocmw", "open", 1, 0)]
    add_participation(db, "2025-10-01")  # before the referral: does not count
    assert referral_sums(db) == [(2025, 5, 11, "ocmw", "open", 1, 0)]
    later = add_participation(db, "2026-01-15")
    assert referral_sums(db) == [(2025, 5, 11, "ocmw", "open", 1, 1)]
    db.execute("UPDATE referrals SET state = 'toegeleid', ground_code = NULL")
    assert referral_sums(db) == [(2025, 5, 11, "", "toegeleid", 1, 1)]
    db.execute("DELETE FROM participations WHERE id = ?", [later])
    assert referral_sums(db) == [(2025, 5, 11, "", "toegeleid", 1, 0)]
    db.execute("DELETE FROM referrals")
    assert referral_sums(db) == []


def test_extending_a_status_adds_only_the_new_year(db, person):
    status = add_status(db, "2025-01-01", "2025-12-31")
    db.execute("UPDATE statuses SET valid_until = '2026-12-31' WHERE id = ?", [status])
    assert person_years(db) == [(2025, 1, 0, 0, 1, 0, 1, 0), (2026, 1, 0, 0, 1, 0, 1, 0)]
    # suspended in its first year: the second year goes
    db.execute("UPDATE statuses SET suspended_on = '2025-07-01' WHERE id = ?", [status])
    assert person_years(db) == [(2025, 1, 0, 0, 1, 0, 1, 0)]
    db.execute("UPDATE statuses SET suspended_on = NULL WHERE id = ?", [status])
    assert grounds(db) == [(2025, "ocmw", 1), (2026, "ocmw", 1)]


def test_a_referral_changing_state_or_partner_moves_only_its_referral_sums(db, person):
    db.execute("INSERT INTO referrals (id, participant_id, partner_id, date, ground_code, state, created_at,"
               " updated_at) VALUES (1, 1, 5, '2025-11-03', 'ocmw', 'open', ?, ?)", [NOW, NOW])
    before = (person_years(db), grounds(db))
    db.execute("UPDATE referrals SET state = 'toegeleid', partner_id = 4 WHERE id = 1")
    assert (person_years(db), grounds(db)) == before
    assert referral_sums(db) == [(2025, 4, 11, "ocmw", "toegeleid", 1, 0)]


def test_rebuilding_gives_the_bits_again_to_the_codes_still_in_use(db, person):
    status = add_status(db, "2025-01-01", "2025-12-31")
    db.execute("UPDATE statuses SET ground_code = 'vluchteling' WHERE id = ?", [status])
    assert [tuple(r) for r in db.execute("SELECT code, bit FROM summary_bits ORDER BY bit")] == [
        ("ocmw", 0), ("vluchteling", 1)]
    summaries.repair(db)
    assert [tuple(r) for r in db.execute("SELECT code, bit FROM summary_bits")] == [("vluchteling", 0)]
    assert person_years(db) == [(2025, 1, 0, 0, 1, 0, 1, 0)]
