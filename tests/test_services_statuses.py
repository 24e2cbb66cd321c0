from datetime import date

import pytest

from tests.conftest import table_counts
from vrijetijd_cli.errors import Conflict, InvalidInput, NotFound
from vrijetijd_cli.services import participants, statuses

TODAY = date(2026, 6, 15)


def _person(db, first="Ann", born="12/03/1985") -> int:
    return participants.add(db, participants.validate(first, "Peeters", born, today=TODAY))["id"]


def _add(
    db, config, pid, ground="ocmw", start=date(2026, 1, 1), until=None, checked_by=None
) -> dict:
    return statuses.add(db, config, pid, ground, start, until, checked_by)


def test_default_validity_comes_from_the_ground(config):
    assert statuses.default_until(config, "ocmw", date(2026, 1, 1)) == date(2026, 12, 31)
    assert statuses.default_until(config, "ocmw", TODAY) == date(2027, 6, 14)
    assert statuses.default_until(config, "doorverwijzing", TODAY) == date(2026, 12, 14)


def test_add_with_default_validity(db, config):
    pid = _person(db)
    status = _add(db, config, pid, checked_by=5)
    assert (status["ground"], status["valid_from"], status["valid_until"]) == (
        "ocmw",
        "2026-01-01",
        "2026-12-31",
    )
    assert status["checked_by"] == "De Brug Hasselt"
    assert status["state"] == "active"


def test_add_with_explicit_end(db, config):
    pid = _person(db)
    status = _add(db, config, pid, until=date(2026, 3, 31))
    assert status["valid_until"] == "2026-03-31"
    assert status["state"] == "expired"


def test_end_before_start_is_refused(db, config):
    pid = _person(db)
    before = table_counts(db)
    with pytest.raises(InvalidInput) as caught:
        _add(db, config, pid, start=date(2026, 5, 1), until=date(2026, 4, 30))
    assert caught.value.message == "geldig tot (30/04/2026) ligt vóór geldig vanaf (01/05/2026)"
    assert table_counts(db) == before


def test_unknown_participant(db, config):
    before = table_counts(db)
    with pytest.raises(NotFound, match="deelnemer 42 bestaat niet"):
        _add(db, config, 42)
    assert table_counts(db) == before


def test_overlap_for_the_same_ground_is_refused(db, config):
    pid = _person(db)
    first = _add(db, config, pid)
    before = table_counts(db)
    with pytest.raises(Conflict) as caught:
        _add(db, config, pid, start=date(2026, 12, 31))
    assert caught.value.message == (
        f"deelnemer {pid} heeft al statuut {first['id']} voor ocmw in die periode;"
        " gebruik 'status extend'"
    )
    assert table_counts(db) == before


def test_other_ground_or_next_period_is_fine(db, config):
    pid = _person(db)
    _add(db, config, pid)
    _add(db, config, pid, ground="schuldbemiddeling")
    _add(db, config, pid, start=date(2027, 1, 1))
    assert len(statuses.list_statuses(db, TODAY, participant_id=pid)) == 3


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2025, 12, 31), "future"),
        (date(2026, 1, 1), "active"),
        (date(2026, 12, 31), "active"),
        (date(2027, 1, 1), "expired"),
    ],
)
def test_state_is_derived_from_the_day(on, expected):
    row = {"valid_from": "2026-01-01", "valid_until": "2026-12-31", "suspended_on": None}
    assert statuses.state(row, on) == expected


def test_suspended_state_starts_on_its_date():
    row = {"valid_from": "2026-01-01", "valid_until": "2026-12-31", "suspended_on": "2026-07-01"}
    assert statuses.state(row, date(2026, 6, 30)) == "active"
    assert statuses.state(row, date(2026, 7, 1)) == "suspended"


def test_has_active(db, config):
    pid = _person(db)
    _add(db, config, pid)
    assert statuses.has_active(db, pid, TODAY)
    assert statuses.has_active(db, pid, TODAY, "ocmw")
    assert not statuses.has_active(db, pid, TODAY, "vluchteling")
    assert not statuses.has_active(db, pid, date(2027, 1, 1))


@pytest.fixture
def expiring(db, config):
    """Three people; statuses ending in 5 days, in 40 days, already ended, suspended, and future."""
    ann, bart, chloe = _person(db, "Ann"), _person(db, "Bart"), _person(db, "Chloë")
    ids = {
        "soon": _add(db, config, ann, "ocmw", date(2025, 6, 21))["id"],  # until 2026-06-20
        "later": _add(db, config, bart, "ocmw", date(2025, 7, 26))["id"],  # until 2026-07-25
        "ended": _add(db, config, chloe, "ocmw", date(2025, 1, 1))["id"],  # until 2025-12-31
        "soon_vt": _add(db, config, chloe, "verhoogde_tegemoetkoming", date(2025, 7, 1))[
            "id"
        ],  # 2026-06-30
        "suspended": _add(db, config, bart, "schuldbemiddeling", date(2025, 6, 16))[
            "id"
        ],  # 2026-06-15
        "future": _add(db, config, ann, "vluchteling", date(2026, 7, 1), date(2026, 7, 2))["id"],
    }
    statuses.suspend(db, ids["suspended"], "verhuisd", date(2026, 6, 1))
    return ids


def test_expiring_lists_active_statuses_ending_soon_by_end_date(db, expiring):
    rows = statuses.list_statuses(db, TODAY, expiring_days=30)
    assert [r["id"] for r in rows] == [expiring["soon"], expiring["soon_vt"]]
    assert [r["valid_until"] for r in rows] == ["2026-06-20", "2026-06-30"]
    assert all(r["state"] == "active" for r in rows)
    assert rows[0]["first_name"] == "Ann"


def test_expiring_window_edges(db, expiring):
    assert [r["id"] for r in statuses.list_statuses(db, TODAY, expiring_days=5)] == [
        expiring["soon"]
    ]
    assert [r["id"] for r in statuses.list_statuses(db, TODAY, expiring_days=4)] == []
    assert len(statuses.list_statuses(db, TODAY, expiring_days=40)) == 3


def test_list_filters_and_states(db, expiring):
    everything = statuses.list_statuses(db, TODAY)
    assert len(everything) == 6
    states = {r["id"]: r["state"] for r in everything}
    assert states[expiring["ended"]] == "expired"
    assert states[expiring["suspended"]] == "suspended"
    assert states[expiring["future"]] == "future"
    assert [
        r["id"] for r in statuses.list_statuses(db, TODAY, ground="verhoogde_tegemoetkoming")
    ] == [expiring["soon_vt"]]
    active = {r["id"] for r in statuses.list_statuses(db, TODAY, active_only=True)}
    assert active == {expiring["soon"], expiring["later"], expiring["soon_vt"]}


def test_extend_all_active_statuses_of_a_ground(db, expiring):
    extended = statuses.extend(db, date(2026, 12, 31), TODAY, "ocmw")
    assert sorted(r["id"] for r in extended) == sorted([expiring["soon"], expiring["later"]])
    until = {r["id"]: r["valid_until"] for r in statuses.list_statuses(db, TODAY)}
    assert until[expiring["soon"]] == until[expiring["later"]] == "2026-12-31"
    assert until[expiring["ended"]] == "2025-12-31"
    assert until[expiring["soon_vt"]] == "2026-06-30"
    audit = db.execute(
        "SELECT entity_id, fields FROM audit_log WHERE action = 'extend' ORDER BY entity_id"
    ).fetchall()
    assert sorted(tuple(r) for r in audit) == sorted(
        [(str(expiring["soon"]), "valid_until"), (str(expiring["later"]), "valid_until")]
    )


def test_extend_never_shortens_and_counts_none(db, expiring):
    before = table_counts(db)
    assert len(statuses.extend(db, date(2026, 6, 25), TODAY, "ocmw")) == 1  # only "soon" ends earlier
    assert statuses.extend(db, date(2026, 12, 31), TODAY, "vluchteling") == []
    assert statuses.extend(db, date(2026, 12, 31), TODAY, "schuldbemiddeling") == []  # suspended
    assert table_counts(db)["audit_log"] == before["audit_log"] + 1
    until = {r["id"]: r["valid_until"] for r in statuses.list_statuses(db, TODAY)}
    assert (until[expiring["soon"]], until[expiring["later"]]) == ("2026-06-25", "2026-07-25")


def test_extend_into_the_past_is_refused(db, expiring):
    before = table_counts(db)
    with pytest.raises(InvalidInput) as caught:
        statuses.extend(db, date(2026, 6, 14), TODAY, "ocmw")
    assert caught.value.message == (
        "--until: 14/06/2026 ligt in het verleden; een statuut verlengen kan alleen tot vandaag of later")
    assert table_counts(db) == before


def test_suspend(db, config):
    pid = _person(db)
    status = _add(db, config, pid)
    suspended = statuses.suspend(db, status["id"], "  inkomen gewijzigd ", TODAY)
    assert (suspended["suspended_on"], suspended["suspension_reason"]) == (
        "2026-06-15",
        "inkomen gewijzigd",
    )
    assert suspended["state"] == "suspended"
    assert not statuses.has_active(db, pid, TODAY)
    row = db.execute(
        "SELECT action, fields FROM audit_log WHERE entity = 'status' ORDER BY id DESC"
    ).fetchone()
    assert tuple(row) == ("suspend", "suspended_on,suspension_reason")


def test_suspend_twice_or_without_reason_is_refused(db, config):
    pid = _person(db)
    status = _add(db, config, pid)
    before = table_counts(db)
    with pytest.raises(InvalidInput, match="reden: geef een reden"):
        statuses.suspend(db, status["id"], "  ", TODAY)
    assert table_counts(db) == before
    statuses.suspend(db, status["id"], "verhuisd", TODAY)
    with pytest.raises(Conflict, match=f"statuut {status['id']} is al geschorst"):
        statuses.suspend(db, status["id"], "nogmaals", TODAY)


def test_suspend_unknown_status(db):
    with pytest.raises(NotFound, match="statuut 77 bestaat niet"):
        statuses.suspend(db, 77, "x", TODAY)


def test_a_suspended_status_does_not_block_a_new_one(db, config):
    pid = _person(db)
    status = _add(db, config, pid)
    statuses.suspend(db, status["id"], "fout statuut", TODAY)
    renewed = _add(db, config, pid, start=TODAY)
    assert renewed["state"] == "active"
