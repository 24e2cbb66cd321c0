"""A meeting recorded twice is refused (or forced, and then counted once); one recorded by mistake
is deleted with everything that belongs to it. Today is 2026-06-15 (conftest)."""

import pytest

from tests.conftest import table_counts
from tests.test_services_participations_corrections import close_year
from vrijetijd_cli.errors import Conflict, NotFound
from vrijetijd_cli.reports import period, yearly
from vrijetijd_cli.services import meeting_actions, meeting_corrections, meetings


def held_2026(db, config) -> dict:
    report = yearly.build(db, config, 2026)["meetings"]
    return {"held": report["held"], "listed": len(report["list"]), "service": meetings.network_meeting_count(db, 2026),
            "present_at": {r["partner_id"]: r["present"] for r in report["attendance"]}[1]}


def test_a_second_meeting_of_the_same_kind_on_one_day_is_refused_unless_forced(db, config):
    first = meetings.add(db, "10/03/2026", present="1, 2")
    before = table_counts(db)
    with pytest.raises(Conflict) as caught:
        meetings.add(db, "10/03/2026", present="1, 2, 3")
    assert caught.value.message == (
        f"er is al een overleg op 10/03/2026 (overleg {first['id']}); twee van dezelfde soort op één dag tellen één"
        " keer mee voor het minimum. Registreer het toch met --force")
    assert table_counts(db) == before
    # another kind on that day is fine
    meetings.add(db, "10/03/2026", kind="werkgroep", present="1")
    assert held_2026(db, config) == {"held": 1, "listed": 2, "service": 1, "present_at": 1}
    meetings.add(db, "10/03/2026", present="1, 3", force=True)
    assert held_2026(db, config) == {"held": 1, "listed": 3, "service": 1, "present_at": 1}
    # the previous year's figure counts the same way
    assert yearly.key_figures(db, config, period(2026))["meetings_held"] == 1


def test_an_edit_onto_another_meetings_day_and_kind_is_refused_unless_forced(db):
    meetings.add(db, "10/03/2026", present="1")
    other = meetings.add(db, "12/03/2026", present="1")
    with pytest.raises(Conflict, match="er is al een overleg op 10/03/2026"):
        meetings.edit(db, other["id"], day="10/03/2026")
    assert meetings.edit(db, other["id"], day="10/03/2026", force=True)["date"] == "2026-03-10"


def test_delete_removes_the_meeting_with_its_parts_and_the_report_follows(db, config, tmp_path):
    minutes = tmp_path / "verslag.md"
    minutes.write_text("# Verslag\n", encoding="utf-8")
    meeting = meetings.add(db, "10/03/2026", present="1, 2", minutes_file=minutes)
    meetings.set_minutes(db, meeting["id"], "# Verslag, versie 2\n")
    meeting_actions.add_action(db, meeting["id"], "Folder maken", "1")
    assert held_2026(db, config)["held"] == 1
    found = meeting_corrections.deletion(db, meeting["id"])
    assert (found["action_items"], found["minutes_versions"], found["attendance_rows"]) == (1, 1, 7)
    meeting_corrections.delete(db, meeting["id"])
    counts = table_counts(db)
    assert [counts[t] for t in ("meetings", "meeting_attendance", "meeting_actions", "meeting_minutes_versions")] \
        == [0, 0, 0, 0]
    assert yearly.build(db, config, 2026)["meetings"]["held"] == 0
    assert db.execute("SELECT entity, action FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[:] == (
        "meeting", "delete")


def test_delete_refused_for_an_unknown_id_or_a_closed_year(db):
    old = meetings.add(db, "10/12/2025", present="1")
    close_year(db, 2025)
    before = table_counts(db)
    with pytest.raises(NotFound, match="^overleg 99 bestaat niet$"):
        meeting_corrections.delete(db, 99)
    with pytest.raises(Conflict, match=f"^overleg {old['id']}: het jaar 2025 is afgesloten"):
        meeting_corrections.delete(db, old["id"])
    assert table_counts(db) == before
