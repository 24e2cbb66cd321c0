import random
from collections import Counter
from datetime import date

import pytest

from vrijetijd_cli.config import load_config
from vrijetijd_cli.parse import match_key
from vrijetijd_cli.services.referrals import STATES
from vrijetijd_cli.store import atomic, open_db
from vrijetijd_cli.synthetic import Plan, people

TODAY = date(2026, 6, 15)


def _generate(conn, config, seed=7, participants=500) -> Plan:
    plan = Plan(seed=seed, participants=participants, today=TODAY)
    with atomic(conn):
        people.generate(conn, config, random.Random(seed), plan)
    return plan


def _dump(conn) -> dict[str, list[tuple]]:
    return {
        table: [tuple(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY id")]
        for table in ("participants", "statuses", "referrals")
    }


def _fresh(cli, path):
    assert cli("--db", path, "init").exit_code == 0
    return open_db(path)


@pytest.fixture
def generated(db, config):
    plan = _generate(db, config, participants=3000)
    return db, plan


def test_same_seed_same_data(cli, config, tmp_path):
    first, second = _fresh(cli, tmp_path / "a.db"), _fresh(cli, tmp_path / "b.db")
    _generate(first, config, seed=11)
    _generate(second, config, seed=11)
    assert _dump(first) == _dump(second)
    first.close()
    second.close()


def test_other_seed_other_data(cli, config, tmp_path):
    first, second = _fresh(cli, tmp_path / "a.db"), _fresh(cli, tmp_path / "b.db")
    _generate(first, config, seed=1)
    _generate(second, config, seed=2)
    assert _dump(first)["participants"] != _dump(second)["participants"]
    first.close()
    second.close()


def test_sizes(generated):
    conn, plan = generated
    counts = {
        t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in ("participants", "statuses", "referrals")
    }
    assert counts["participants"] == plan.participants
    # everyone has a first status and a first referral; some renew
    assert plan.participants <= counts["statuses"] < 4 * plan.participants
    assert plan.participants <= counts["referrals"] < 3 * plan.participants
    assert (
        conn.execute("SELECT COUNT(DISTINCT participant_id) FROM referrals").fetchone()[0]
        == plan.participants
    )
    assert (
        conn.execute("SELECT COUNT(DISTINCT participant_id) FROM statuses").fetchone()[0]
        == plan.participants
    )


def test_more_than_one_chunk(db, config):
    _generate(db, config, participants=5200)
    assert db.execute("SELECT COUNT(*), MIN(id), MAX(id) FROM participants").fetchone()[:] == (
        5200,
        1,
        5200,
    )


def test_ids_continue_after_existing_people(cli, db, config):
    assert (
        cli(
            "participant",
            "add",
            "--first-name",
            "Ann",
            "--last-name",
            "Peeters",
            "--birth-date",
            "12/03/1985",
        ).exit_code
        == 0
    )
    _generate(db, config, participants=10)
    assert [r[0] for r in db.execute("SELECT id FROM participants ORDER BY id")] == list(
        range(1, 12)
    )


def test_referential_integrity(generated):
    conn, _ = generated
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    inactive = conn.execute(
        "SELECT COUNT(*) FROM referrals r JOIN partners p ON p.id = r.partner_id WHERE p.active = 0"
    ).fetchone()[0]
    assert inactive == 0


def test_statuses_are_valid_periods_without_overlap(generated, config):
    conn, plan = generated
    rows = conn.execute(
        "SELECT participant_id, ground_code, valid_from, valid_until, suspended_on FROM statuses"
        " ORDER BY participant_id, ground_code, valid_from"
    ).fetchall()
    previous = None
    for pid, ground, start, until, suspended in rows:
        assert start <= until
        assert ground in config.grounds
        assert start <= plan.today.isoformat()
        if suspended:
            assert start <= suspended <= until
            assert suspended <= plan.today.isoformat()
        if previous and previous[:2] == (pid, ground):
            assert previous[3] < start  # renewals follow each other
        previous = (pid, ground, start, until)


def test_validity_follows_the_grounds_config(generated, config):
    from datetime import timedelta

    from vrijetijd_cli.clock import add_months

    conn, _ = generated
    for ground, start, until in conn.execute(
        "SELECT ground_code, valid_from, valid_until FROM statuses"
    ):
        months = config.grounds[ground].validity_months
        assert date.fromisoformat(until) == add_months(
            date.fromisoformat(start), months
        ) - timedelta(days=1)


def test_referrals_are_realistic(generated, config):
    conn, plan = generated
    rows = conn.execute("SELECT date, state, ground_code, domain FROM referrals").fetchall()
    first_day = date(plan.years[0], 1, 1).isoformat()
    states = Counter()
    for day, state, ground, domain in rows:
        assert state in STATES
        assert first_day <= day <= plan.today.isoformat()
        assert ground in config.grounds
        assert domain is None or domain in config.domains
        states[state] += 1
        if (plan.today - date.fromisoformat(day)).days > 120:
            assert state not in ("open", "in_behandeling"), (day, state)
    assert states["toegeleid"] > states["geweigerd"] > 0
    assert len({r[0][:4] for r in rows}) == 3  # three years of referrals


def test_people_are_realistic(generated, config):
    conn, plan = generated
    rows = conn.execute(
        "SELECT first_name, last_name, birth_date, birth_year, postcode, household_size, match_key,"
        " created_at"
        " FROM participants"
    ).fetchall()
    for first, last, born, year, postcode, household, key, created in rows:
        assert postcode in config.postcodes
        assert 1 <= household <= 6
        assert int(born[:4]) == year
        assert born < created[:10] <= plan.today.isoformat()
        assert key == match_key(first, last, born)
    names = " ".join(f"{r[0]} {r[1]}" for r in rows)
    assert any(c in names for c in "ëéèçï")  # Flemish and newcomers' names keep their accents
    assert len({r[4] for r in rows}) > 1


def test_postcodes_follow_another_municipality(cli, tmp_path, config_path):
    text = config_path.read_text(encoding="utf-8")
    other = tmp_path / "genk.yaml"
    other.write_text(
        text.replace("municipality: Hasselt", "municipality: Genk").replace(
            'postcodes: ["3500", "3501", "3510", "3511", "3512"]', 'postcodes: ["3600"]'
        ),
        encoding="utf-8",
    )
    conn = _fresh(cli, tmp_path / "genk.db")
    _generate(conn, load_config(other), participants=50)
    assert {r[0] for r in conn.execute("SELECT postcode FROM participants")} == {"3600"}
    conn.close()


def test_postcodes_follow_an_edited_config(db, config_path):
    text = config_path.read_text(encoding="utf-8")
    config_path.write_text(text.replace('"3500", "3501", ', ""), encoding="utf-8")
    config = load_config(config_path)
    assert config.postcodes == ("3510", "3511", "3512")
    _generate(db, config, participants=200)
    assert {r[0] for r in db.execute("SELECT postcode FROM participants")} <= set(config.postcodes)


def test_generation_is_one_transaction(db, config):
    original = people.generate

    def interrupted(conn, *args):
        original(conn, *args)
        raise KeyboardInterrupt

    before = db.execute("SELECT COUNT(*) FROM participants").fetchone()[0]
    with pytest.raises(KeyboardInterrupt):
        with atomic(db):
            interrupted(db, config, random.Random(1), Plan(seed=1, participants=50, today=TODAY))
    # generate never commits on its own: the build's transaction decides
    assert db.execute("SELECT COUNT(*) FROM participants").fetchone()[0] == before
