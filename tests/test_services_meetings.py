import random
from datetime import date

import pytest

from tests.conftest import DATA, table_counts
from vrijetijd_cli.errors import Ambiguous, Conflict, InvalidInput, NotFound
from vrijetijd_cli.services import meeting_actions, meetings, partners

ALL_BUT_FIRST_TWO = [
    "Dienst gezinsondersteuning",
    "Sociale Dienst",
    "De Brug Hasselt",
    "Domo Hasselt",
    "Horizont - Rap op stap Limburg",
]


def test_partner_list_allows_commas_inside_a_name_ids_and_semicolons(db):
    found = meetings.parse_partner_list(
        db, "Cultuur-, jeugd- en sportdienst, 4; de brug ,, DOMO, 4", "present"
    )
    assert [p["id"] for p in found] == [1, 4, 5, 6]
    assert found[0]["name"] == "Cultuur-, jeugd- en sportdienst"


def test_unknown_and_ambiguous_partner_named_with_the_role(db):
    with pytest.raises(NotFound) as unknown:
        meetings.parse_partner_list(db, "De Brug, Rode Kruis", "present")
    assert unknown.value.message.startswith("aanwezig: partner 'Rode Kruis' bestaat niet (gekende")
    with pytest.raises(Ambiguous) as ambiguous:
        meetings.parse_partner_list(db, "dienst", "excused")
    assert ambiguous.value.message.startswith("verontschuldigd: partner 'dienst' is dubbelzinnig")


def test_add_records_every_active_partner_not_named_as_absent(db):
    partners.deactivate(db, "Horizont")
    meeting = meetings.add(
        db,
        "12/03/2025",
        present="1, 2",
        excused="Domo",
        poverty_voices="3",
        place="Stadhuis",
        agenda="Aanbod",
    )
    assert meeting["present"] == ["Cultuur-, jeugd- en sportdienst", "Dienst wijkmanagement"]
    assert meeting["excused"] == ["Domo Hasselt"]
    # the inactive partner is not expected any more
    assert meeting["absent"] == ["Dienst gezinsondersteuning", "Sociale Dienst", "De Brug Hasselt"]
    assert (meeting["date"], meeting["kind"], meeting["poverty_voices"]) == (
        "2025-03-12",
        "overleg",
        3,
    )
    rows = db.execute(
        "SELECT partner_id, presence FROM meeting_attendance ORDER BY partner_id"
    ).fetchall()
    assert [tuple(r) for r in rows] == [
        (1, "present"),
        (2, "present"),
        (3, "absent"),
        (4, "absent"),
        (5, "absent"),
        (6, "excused"),
    ]
    audit = db.execute(
        "SELECT entity, action, fields FROM audit_log WHERE entity = 'meeting'"
    ).fetchone()
    assert tuple(audit) == ("meeting", "add", "agenda,attendance,date,kind,place,poverty_voices")


@pytest.mark.parametrize(
    ("kwargs", "error", "text"),
    [
        (
            {"present": "1, De Brug", "excused": "brug"},
            InvalidInput,
            "partner 'De Brug Hasselt' staat zowel bij aanwezig als bij verontschuldigd",
        ),
        ({"present": "1, Rode Kruis"}, NotFound, "aanwezig: partner 'Rode Kruis' bestaat niet"),
        (
            {"present": "1", "day": "31/02/2025"},
            InvalidInput,
            "datum: '31/02/2025' bestaat niet als datum",
        ),
        ({"present": "1", "day": "12 maart"}, InvalidInput, "datum: '12 maart' is geen datum"),
        (
            {"present": "1", "day": "16/06/2026"},
            InvalidInput,
            "datum: 16/06/2026 ligt in de toekomst",
        ),
        (
            {"present": "1", "poverty_voices": -1},
            InvalidInput,
            "armoede-ervaring: '-1' moet een geheel getal ≥ 0",
        ),
        ({"present": "1", "kind": "receptie"}, InvalidInput, "soort: 'receptie' is onbekend"),
        ({"present": "1", "minutes_file": DATA / "meeting_nope.md"}, InvalidInput, "bestaat niet"),
        (
            {"present": "1", "minutes_file": DATA / "meeting_minutes_binary.md"},
            InvalidInput,
            "is geen tekstbestand",
        ),
        (
            {"present": "1", "minutes_file": DATA / "meeting_minutes_utf16.md"},
            InvalidInput,
            "is geen tekstbestand",
        ),
        ({"present": "1", "minutes_file": DATA}, InvalidInput, "is geen gewoon bestand"),
    ],
)
def test_bad_meeting_input_writes_nothing(db, kwargs, error, text):
    before = table_counts(db)
    kwargs.setdefault("day", "12/03/2025")
    with pytest.raises(error) as raised:
        meetings.add(db, **kwargs)
    assert text in raised.value.message
    assert table_counts(db) == before


def test_minutes_file_must_not_be_empty(db, tmp_path):
    empty = tmp_path / "leeg.md"
    empty.write_text("  \n\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="is leeg"):
        meetings.read_minutes_file(empty)


def test_minutes_are_replaced_and_old_versions_kept(db):
    meeting = meetings.add(db, "2025-03-12", present="1", minutes_file=DATA / "meeting_minutes.md")
    first = (DATA / "meeting_minutes.md").read_text(encoding="utf-8").strip()
    assert meeting["minutes"] == first and meeting["has_minutes"] is True
    result = meetings.set_minutes_from_file(db, meeting["id"], DATA / "meeting_minutes_v2.md")
    assert result == {"id": meeting["id"], "changed": True, "versions": 1}
    current = meetings.minutes_text(db, meeting["id"])
    # the BOM and the Windows line ends of the second file are gone
    assert not current.startswith("\ufeff") and "\r" not in current
    assert "café Léon" in current
    again = meetings.set_minutes_from_file(db, meeting["id"], DATA / "meeting_minutes_v2.md")
    assert again == {"id": meeting["id"], "changed": False, "versions": 1}
    meetings.set_minutes(db, meeting["id"], "# Derde versie\n")
    kept = [r[0] for r in db.execute("SELECT minutes FROM meeting_minutes_versions ORDER BY id")]
    assert kept == [first, current]
    shown = meetings.get(db, meeting["id"])
    assert shown["minutes"] == "# Derde versie"
    assert [v["characters"] for v in shown["minutes_versions"]] == [len(first), len(current)]


def test_minutes_of_unknown_meeting(db):
    with pytest.raises(NotFound, match="overleg 42 bestaat niet"):
        meetings.set_minutes_from_file(db, 42, DATA / "meeting_minutes.md")


def test_list_count_and_overview_leave_working_groups_out_of_the_minimum(db, config):
    meetings.add(db, "10/12/2024", present="1")
    meetings.add(db, "12/03/2025", present="1, 2, 3, 4, 5, 6, 7")
    meetings.add(db, "15/04/2025", kind="werkgroep", present="1, 5")
    meetings.add(db, "11/12/2025", kind="evaluatie", present="1")
    listed = meetings.list_meetings(db, 2025)
    assert [(m["date"], m["kind"], m["present_count"], m["absent_count"]) for m in listed] == [
        ("2025-03-12", "overleg", 7, 0),
        ("2025-04-15", "werkgroep", 2, 5),
        ("2025-12-11", "evaluatie", 1, 6),
    ]
    assert len(meetings.list_meetings(db)) == 4
    assert meetings.network_meeting_count(db, 2025) == 2
    assert meetings.overview(db, config, 2025)["count"] == 2
    current = meetings.overview(db, config)
    assert (current["year"], current["count"], current["minimum"], len(current["meetings"])) == (
        2026,
        0,
        4,
        4,
    )


def test_attendance_rates_and_threshold(db, config):
    meetings.add(db, "2025-02-11", present="1, 2, 3, 4, 5, 6", excused="7")
    meetings.add(db, "2025-05-13", present="1, 2, 3, 4, 5", excused="6")
    meetings.add(db, "2025-09-16", present="1, 2, 4, 5, 6, 7")
    meetings.add(db, "2025-10-01", kind="werkgroep", present="1")  # not counted
    meetings.add(db, "2024-12-10", present="7")  # another year
    data = meetings.attendance(db, config, 2025)
    assert (data["year"], data["meetings"], data["threshold_bp"]) == (2025, 3, 6000)
    rows = {r["partner_id"]: r for r in data["partners"]}
    assert {k: rows[3][k] for k in ("present", "excused", "absent", "meetings", "rate_bp")} == {
        "present": 2,
        "excused": 0,
        "absent": 1,
        "meetings": 3,
        "rate_bp": 6670,
    }
    assert rows[7]["rate_bp"] == 3330 and rows[7]["below_threshold"] is True
    assert rows[6]["rate_bp"] == 6670 and rows[6]["below_threshold"] is False
    assert [r["partner"] for r in data["partners"] if r["below_threshold"]] == [
        "Horizont - Rap op stap Limburg"
    ]
    everything = meetings.attendance(db, config)
    assert {r["partner_id"]: r["meetings"] for r in everything["partners"]}[7] == 4


def test_attendance_lists_inactive_partners_only_when_they_were_expected(db, config):
    meetings.add(db, "2025-02-11", present="1")
    partners.deactivate(db, "Horizont")
    assert "Horizont - Rap op stap Limburg" in [
        r["partner"] for r in meetings.attendance(db, config, 2025)["partners"]
    ]
    no_meetings = meetings.attendance(db, config, 2024)["partners"]
    assert "Horizont - Rap op stap Limburg" not in [r["partner"] for r in no_meetings]
    assert {r["rate_bp"] for r in no_meetings} == {None}
    assert not any(r["below_threshold"] for r in no_meetings)


def test_edit_changes_fields_and_records_attendance_anew(db):
    meeting = meetings.add(db, "12/03/2025", present="1, 2", excused="6")
    edited = meetings.edit(db, meeting["id"], place="Sociaal Huis", present="1, 2, 3")
    assert edited["place"] == "Sociaal Huis"
    assert edited["excused"] == ["Domo Hasselt"]  # kept: only --present was given
    assert edited["present"] == [
        "Cultuur-, jeugd- en sportdienst",
        "Dienst wijkmanagement",
        "Dienst gezinsondersteuning",
    ]
    before = table_counts(db)
    with pytest.raises(InvalidInput, match="'Dienst wijkmanagement' staat zowel"):
        meetings.edit(db, meeting["id"], excused="2")
    assert table_counts(db) == before
    assert meetings.get(db, meeting["id"])["excused"] == ["Domo Hasselt"]


def test_action_items_states_and_filters(db):
    meeting = meetings.add(db, "12/03/2025", present="1, 5")
    late = meeting_actions.add_action(db, meeting["id"], "Zomeraanbod bevragen", "De Brug", "01/05/2025")
    later = meeting_actions.add_action(db, meeting["id"], "Folder vernieuwen", "1", "2026-09-01")
    loose = meeting_actions.add_action(db, meeting["id"], "Zaal zoeken", None)
    assert (late["state"], later["state"], loose["state"]) == ("overdue", "open", "open")
    assert late["owner"] == "De Brug Hasselt" and loose["owner"] is None
    done = meeting_actions.complete_action(db, later["id"])
    assert (done["done_on"], done["state"]) == ("2026-06-15", "done")
    with pytest.raises(Conflict, match="actiepunt 2 is al afgewerkt op 15/06/2026"):
        meeting_actions.complete_action(db, later["id"])
    assert [a["id"] for a in meeting_actions.list_actions(db)] == [late["id"], loose["id"], later["id"]]
    assert [a["id"] for a in meeting_actions.list_actions(db, open_only=True)] == [late["id"], loose["id"]]
    assert [a["id"] for a in meeting_actions.list_actions(db, overdue_only=True)] == [late["id"]]


def test_bad_action_input_writes_nothing(db):
    meeting = meetings.add(db, "12/03/2025", present="1")
    before = table_counts(db)
    with pytest.raises(
        InvalidInput, match="vervaldatum: 01/03/2025 ligt vóór het overleg van 12/03/2025"
    ):
        meeting_actions.add_action(db, meeting["id"], "Te vroeg", "1", "01/03/2025")
    with pytest.raises(NotFound, match="overleg 9 bestaat niet"):
        meeting_actions.add_action(db, 9, "Zonder overleg", "1")
    with pytest.raises(NotFound, match="partner 'Rode Kruis' bestaat niet"):
        meeting_actions.add_action(db, meeting["id"], "Onbekende trekker", "Rode Kruis")
    with pytest.raises(InvalidInput, match="tekst: een actiepunt heeft tekst nodig"):
        meeting_actions.add_action(db, meeting["id"], "  ", "1")
    with pytest.raises(NotFound, match="actiepunt 7 bestaat niet"):
        meeting_actions.complete_action(db, 7)
    assert table_counts(db) == before


def test_synthetic_meetings_follow_the_domain_rules(db, config):
    from vrijetijd_cli.store import atomic
    from vrijetijd_cli.synthetic import Plan
    from vrijetijd_cli.synthetic import meetings as synthetic

    plan = Plan(seed=3, participants=0, today=date(2026, 6, 15))
    with atomic(db):
        synthetic.generate(db, config, random.Random(3), plan)
    for year in (2024, 2025):
        assert 4 <= len(meetings.list_meetings(db, year)) <= 5
        assert meetings.network_meeting_count(db, year) == 4
        states = {g["code"]: g["state"] for g in _tree(db, year)}
        assert None not in states.values() and len(states) == 9
    current = [g["state"] for g in _tree(db, 2026)]
    assert 0 < sum(s is not None for s in current) < 9
    assert db.execute("SELECT MAX(date) FROM meetings").fetchone()[0] <= "2026-06-15"
    assert (
        db.execute("SELECT COUNT(*) FROM meetings WHERE minutes NOT LIKE '# Verslag %'").fetchone()[
            0
        ]
        == 0
    )
    assert db.execute("SELECT COUNT(*) FROM meeting_attendance").fetchone()[0] == 7 * len(
        meetings.list_meetings(db)
    )
    bad_actions = db.execute(
        "SELECT COUNT(*) FROM meeting_actions x JOIN meetings m ON m.id = x.meeting_id"
        " WHERE x.done_on > '2026-06-15' OR x.done_on < m.date OR x.due_date < m.date"
    ).fetchone()[0]
    assert bad_actions == 0
    states = {a["state"] for a in meeting_actions.list_actions(db)}
    assert "done" in states and states & {"open", "overdue"}
    assert db.execute("SELECT COUNT(*) FROM meetings WHERE poverty_voices > 0").fetchone()[0] >= 8
    rates = {r["partner"]: r["rate_bp"] for r in meetings.attendance(db, config)["partners"]}
    assert min(rates.values()) < config.attendance_threshold_bp
    assert rates["Cultuur-, jeugd- en sportdienst"] == 10000


def test_synthetic_meetings_are_reproducible(db, config, tmp_path):
    from vrijetijd_cli.store import atomic, open_db
    from vrijetijd_cli.synthetic import Plan
    from vrijetijd_cli.synthetic import meetings as synthetic

    plan = Plan(seed=11, participants=0, today=date(2026, 2, 1))
    with atomic(db):
        synthetic.generate(db, config, random.Random(11), plan)
    other = open_db(tmp_path / "copy.db", create=True)
    from vrijetijd_cli.services.setup import initialise

    initialise(other, config)
    with atomic(other):
        synthetic.generate(other, config, random.Random(11), plan)
    query = "SELECT date, kind, minutes, poverty_voices FROM meetings ORDER BY id"
    assert [tuple(r) for r in db.execute(query)] == [tuple(r) for r in other.execute(query)]
    other.close()


def _tree(db, year):
    from vrijetijd_cli.services import goals

    return goals.tree(db, year)


def test_errors_in_english(db, tmp_path):
    from vrijetijd_cli import i18n

    i18n.set_language("en")
    with pytest.raises(NotFound, match="^meeting 42 does not exist$"):
        meetings.set_minutes(db, 42, "# Verslag")
    with pytest.raises(InvalidInput, match="^kind: 'receptie' is unknown; choose from overleg, werkgroep, evaluatie$"):
        meetings.add(db, "12/03/2025", kind="receptie", present="1")
    empty = tmp_path / "leeg.md"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"^minutes: file '.*leeg\.md' is empty$"):
        meetings.read_minutes_file(empty)
    meeting = meetings.add(db, "12/03/2025", present="1")
    with pytest.raises(InvalidInput, match="^minutes: the minutes are empty$"):
        meetings.set_minutes(db, meeting["id"], "  ")
    with pytest.raises(InvalidInput, match="^due date: 01/03/2025 is before the meeting of 12/03/2025$"):
        meeting_actions.add_action(db, meeting["id"], "Te vroeg", "1", "01/03/2025")
    with pytest.raises(InvalidInput, match="^text: an action needs text$"):
        meeting_actions.add_action(db, meeting["id"], " ", "1")
    with pytest.raises(NotFound, match="^action item 7 does not exist$"):
        meeting_actions.complete_action(db, 7)
