"""`import undo` (services/import_undo.py): what a list added goes again, unless something depends on it."""

from datetime import date

import pytest

from tests.conftest import DATA, table_counts
from vrijetijd_cli.errors import Conflict, InvalidInput, NotFound
from vrijetijd_cli.services import closing, import_undo, participant_import, participants
from vrijetijd_cli.services.import_run import RunOptions

TODAY = date(2026, 6, 15)


def imported(db, config, name="import_brug_cp1252.csv", **options):
    return participant_import.import_participants(db, config, DATA / name, "De Brug",
                                                  options=RunOptions(again=True), **options)


def test_people_statuses_and_referrals_of_the_import_go_the_rest_stays(db, config):
    zoe = participants.add(db, participants.validate("Zoë", "Janssens", "12/11/1990", today=TODAY))["id"]
    first = imported(db, config)
    after_first = table_counts(db)
    second = imported(db, config)  # everyone known now, with an active status: referrals only
    assert (second["new"], second["matched"], second["statuses_added"]) == (0, 5, 0)
    found = import_undo.plan(db, first["import_id"])
    assert (found["participants"], found["statuses"], found["referrals"], found["matched_participants"]) == (4, 5, 5, 1)
    # the second list's referrals now point to the people the first added: they depend on them
    with pytest.raises(Conflict) as blocked:
        import_undo.undo(db, first["import_id"])
    assert blocked.value.details == [f"deelnemer {pid}: 1 latere toeleiding" for pid in (2, 3, 4, 5)]
    import_undo.undo(db, second["import_id"])
    assert table_counts(db)["referrals"] == after_first["referrals"]
    done = import_undo.undo(db, first["import_id"])
    assert done["added_ids"] == [2, 3, 4, 5]
    assert [r[0] for r in db.execute("SELECT id FROM participants")] == [zoe]
    assert db.execute("SELECT COUNT(*) FROM statuses").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM referrals").fetchone()[0] == 0
    rows = [tuple(r) for r in db.execute("SELECT id, undone_at IS NOT NULL, undone_by != '' FROM imports")]
    assert rows == [(1, True, True), (2, True, True)]


def test_a_participation_of_a_matched_person_since_the_import_blocks_it(db, config):
    from vrijetijd_cli.services import activities, participations

    zoe = participants.add(db, participants.validate("Zoë", "Janssens", "12/11/1990", today=TODAY))["id"]
    result = imported(db, config)
    activity = activities.add(db, config, {"title": "Zwemmen", "domain": "sport", "price": "4"})["id"]
    participations.add(db, config, zoe, activity, TODAY)
    before = table_counts(db)
    with pytest.raises(Conflict) as blocked:
        import_undo.undo(db, result["import_id"])
    assert blocked.value.details == [f"deelnemer {zoe}: 1 deelname"]
    assert table_counts(db) == before


def test_a_closed_year_refuses_the_undo(db, config):
    result = imported(db, config, on=date(2025, 12, 1))
    closing.close(db, config, 2025)
    before = table_counts(db)
    with pytest.raises(Conflict, match="import 1 ongedaan maken: het jaar 2025 is afgesloten"):
        import_undo.undo(db, result["import_id"])
    assert table_counts(db) == before


def test_what_cannot_be_undone(db, config):
    from vrijetijd_cli.services import privacy
    from vrijetijd_cli.services.partner_import import import_partners

    with pytest.raises(NotFound, match="import 3 bestaat niet"):
        import_undo.check(db, 3)
    import_partners(db, config, DATA / "import_partners.csv")
    with pytest.raises(InvalidInput, match="import 1 is een lijst van partners"):
        import_undo.check(db, 1)
    result = imported(db, config)
    privacy.forget(db, 3, "verzoek")
    with pytest.raises(Conflict) as blocked:
        import_undo.check(db, result["import_id"])
    assert blocked.value.details == ["deelnemer 3: vergeten (geanonimiseerd)"]
