"""Correcting a status (edit, delete) and extending one person's or many: what the participations
relied on stays, closed years stay, the yearly report follows. Today is 2026-06-15 (conftest)."""

from datetime import date

import pytest

from tests.conftest import table_counts
from tests.test_services_participations import activity
from tests.test_services_participations_corrections import close_year
from tests.test_services_statuses import _add, _person
from vrijetijd_cli.errors import Conflict, InvalidInput, NotFound
from vrijetijd_cli.reports import yearly
from vrijetijd_cli.services import participations, statuses

TODAY = date(2026, 6, 15)


def reached_2026(db, config) -> dict:
    report = yearly.build(db, config, 2026)["reach"]
    return {"participants": report["participants"],
            "by_ground": {r["key"]: r["participants"] for r in report["by_ground"] if r["participants"]}}


@pytest.fixture
def relied(db, config):
    """Ann's only status (ocmw, 2026) and a participation on 10/03/2026 that relied on it."""
    ann = _person(db)
    status = _add(db, config, ann)  # 2026-01-01 .. 2026-12-31
    act = activity(db)
    taken = participations.add(db, config, ann, act, date(2026, 3, 10))
    return {"participant": ann, "status": status["id"], "participation": taken["id"], "activity": act}


def test_edit_ground_and_period_follow_in_the_report(db, config, relied):
    assert reached_2026(db, config) == {"participants": 1, "by_ground": {"ocmw": 1}}
    edited = statuses.edit(db, relied["status"], TODAY, ground="verhoogde_tegemoetkoming",
                           valid_until=date(2027, 3, 31))
    assert (edited["ground"], edited["valid_until"], edited["changed"]) == (
        "verhoogde_tegemoetkoming", "2027-03-31", ["ground_code", "valid_until"])
    assert reached_2026(db, config) == {"participants": 1, "by_ground": {"verhoogde_tegemoetkoming": 1}}
    audited = db.execute("SELECT entity, action, fields FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert tuple(audited) == ("status", "edit", "ground_code,valid_until")


def test_a_status_a_participation_relied_on_is_ended_not_deleted(db, config, relied):
    before = table_counts(db)
    with pytest.raises(Conflict) as caught:
        statuses.delete(db, relied["status"], TODAY)
    assert caught.value.message == (
        f"statuut {relied['status']} kan niet verwijderd worden: deelname {relied['participation']} (10/03/2026) had"
        f" alleen dit statuut; beëindig het met 'vrijetijd participant status edit {relied['status']} --until DATUM'"
        f" (na de laatste deelname) of schors het met 'vrijetijd participant status suspend {relied['status']}'")
    with pytest.raises(Conflict, match="kan niet zo ingekort worden: deelname"):
        statuses.edit(db, relied["status"], TODAY, valid_until=date(2026, 3, 9))
    assert table_counts(db) == before
    ended = statuses.edit(db, relied["status"], TODAY, valid_until=date(2026, 3, 10))
    assert ended["state"] == "expired"


def test_shortening_is_allowed_once_the_participation_records_it_went_without(db, config, relied):
    participations.edit(db, config, relied["participation"], without_status="statuut was verkeerd ingevoerd")
    shortened = statuses.edit(db, relied["status"], TODAY, valid_from=date(2026, 4, 1))
    assert shortened["valid_from"] == "2026-04-01"
    overrides = {r["key"]: r["participations"] for r in yearly.build(db, config, 2026)["participation"]["overrides"]}
    assert overrides["without_status"] == 1


def test_another_status_that_covers_the_day_frees_this_one(db, config, relied):
    _add(db, config, relied["participant"], "verhoogde_tegemoetkoming", date(2026, 2, 1))
    statuses.delete(db, relied["status"], TODAY)
    assert reached_2026(db, config) == {"participants": 1, "by_ground": {"verhoogde_tegemoetkoming": 1}}
    assert db.execute("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0] == "delete"


def test_delete_takes_the_person_out_of_the_report_when_nothing_else_reached_them(db, config):
    bob = _person(db, "Bob")
    status = _add(db, config, bob)
    assert reached_2026(db, config)["participants"] == 1
    statuses.delete(db, status["id"], TODAY)
    assert reached_2026(db, config) == {"participants": 0, "by_ground": {}}


def test_closed_years_and_unknown_ids_are_refused(db, config):
    ann = _person(db)
    old = _add(db, config, ann, "ocmw", date(2025, 1, 1), date(2026, 2, 28))
    close_year(db, 2025)
    before = table_counts(db)
    with pytest.raises(Conflict, match=f"^statuut {old['id']}: het jaar 2025 is afgesloten"):
        statuses.delete(db, old["id"], TODAY)
    with pytest.raises(Conflict, match="het jaar 2025 is afgesloten"):
        statuses.edit(db, old["id"], TODAY, valid_until=date(2025, 11, 30))
    with pytest.raises(Conflict, match="het jaar 2025 is afgesloten"):
        statuses.edit(db, old["id"], TODAY, ground="vluchteling")
    with pytest.raises(NotFound, match="^statuut 99 bestaat niet$"):
        statuses.delete(db, 99, TODAY)
    with pytest.raises(InvalidInput, match=r"geldig tot \(01/01/2024\) ligt vóór geldig vanaf"):
        statuses.edit(db, old["id"], TODAY, valid_until=date(2024, 1, 1))
    assert table_counts(db) == before
    # a later end changes only the years it adds: 2026 is open
    assert statuses.edit(db, old["id"], TODAY, valid_until=date(2026, 12, 31))["valid_until"] == "2026-12-31"


def test_an_edit_into_another_status_of_the_same_ground_is_refused(db, config):
    ann = _person(db)
    first = _add(db, config, ann, "ocmw", date(2026, 1, 1), date(2026, 3, 31))
    _add(db, config, ann, "ocmw", date(2026, 4, 1), date(2026, 12, 31))
    with pytest.raises(Conflict, match="heeft al statuut"):
        statuses.edit(db, first["id"], TODAY, valid_until=date(2026, 5, 31))


def test_extend_one_persons_statuses(db, config):
    ann, bob = _person(db, "Ann"), _person(db, "Bob")
    mine = _add(db, config, ann, "ocmw", date(2025, 7, 1))  # until 2026-06-30
    _add(db, config, bob, "ocmw", date(2025, 7, 1))
    listed = statuses.extension(db, date(2026, 12, 31), TODAY, participant_id=ann)
    assert [r["id"] for r in listed] == [mine["id"]]
    done = statuses.extend(db, date(2026, 12, 31), TODAY, participant_id=ann)
    assert [r["id"] for r in done] == [mine["id"]]
    until = dict(db.execute("SELECT participant_id, valid_until FROM statuses").fetchall())
    assert until == {ann: "2026-12-31", bob: "2026-06-30"}
    with pytest.raises(NotFound, match="^deelnemer 99 bestaat niet$"):
        statuses.extension(db, date(2026, 12, 31), TODAY, participant_id=99)
    with pytest.raises(InvalidInput, match="geef --ground"):
        statuses.extension(db, date(2026, 12, 31), TODAY)
