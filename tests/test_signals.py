"""Signals: thresholds and suggestions of the target group, what was done, and the report section.

Today is 2026-06-15 (conftest); tests/data/report_dataset.sql has participations at activity 2
(Zwembad Kapermolen) on 2025-06-01 (participant 5, 2 persons), 2025-07-02 (participant 1,
2 persons) and 2026-01-10 (participant 4, 1 person).
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.conftest import DATA, table_counts
from vrijetijd_cli.errors import Conflict, InvalidInput, NotFound
from vrijetijd_cli.reports import yearly
from vrijetijd_cli.services import closing, signals


@pytest.fixture
def dataset(db):
    db.executescript((DATA / "report_dataset.sql").read_text(encoding="utf-8"))
    return db


@pytest.fixture
def recorded(dataset, config):
    """Signals of 2024-2026 in every state; their ids by what they are."""
    s = {}
    s["old_open"] = signals.add(dataset, config, date(2024, 11, 5), "kosten", "Te duur voor grote gezinnen")["id"]
    s["pool"] = signals.add(dataset, config, date(2025, 3, 1), "vervoer", "Geen bus naar het zwembad",
                            participant_id=5, activity_id=2)["id"]
    signals.update(dataset, s["pool"], "in_behandeling", "Met De Lijn gesproken")
    signals.update(dataset, s["pool"], "opgelost", "Belbus op zaterdag", date(2025, 6, 20))
    s["childcare"] = signals.add(dataset, config, date(2025, 4, 2), "kinderopvang", "Geen opvang tijdens de les",
                                 partner="De Brug Hasselt")["id"]
    signals.update(dataset, s["childcare"], "niet_haalbaar", "Geen budget voor opvang", date(2025, 9, 1))
    s["late"] = signals.add(dataset, config, date(2025, 11, 17), "informatie", "Folder te moeilijk", meeting_id=4)["id"]
    signals.update(dataset, s["late"], "opgelost", "Folder in eenvoudige taal", date(2026, 2, 1))
    s["organiser"] = signals.add(dataset, config, date(2026, 5, 1), "niet_welkom", "Kassa vraagt luid naar het tarief",
                                 organiser="Cultuurcentrum Hasselt")["id"]
    signals.update(dataset, s["organiser"], "opgelost", "Gesprek met de kassa", date(2026, 6, 1))
    return s


def test_add_names_who_raised_it_and_never_needs_a_participant(dataset, config):
    anonymous = signals.add(dataset, config, date(2026, 1, 5), "Vervoer", "Geen bus 's avonds")
    assert (anonymous["kind"], anonymous["raised_by"], anonymous["participant_id"], anonymous["state"]) == (
        "vervoer", "other", None, "open")
    by_partner = signals.add(dataset, config, date(2026, 1, 5), "zich niet welkom voelen", "x", partner="5")
    assert (by_partner["kind"], by_partner["raised_by"], by_partner["partner"]) == (
        "niet_welkom", "partner", "De Brug Hasselt")
    at_meeting = signals.add(dataset, config, date(2026, 1, 5), "taal", "x", meeting_id=1)
    assert at_meeting["raised_by"] == "meeting"
    named = signals.add(dataset, config, date(2026, 1, 5), "taal", "x", organiser="Cultuurcentrum Hasselt",
                        participant_id=3)
    assert (named["raised_by"], named["organiser"], named["organiser_partner_id"]) == (
        "participant", "Cultuurcentrum Hasselt", None)
    partner_organiser = signals.add(dataset, config, date(2026, 1, 5), "taal", "x", organiser="Domo Hasselt")
    assert (partner_organiser["organiser"], partner_organiser["organiser_partner_id"]) == ("Domo Hasselt", 6)


@pytest.mark.parametrize("kwargs, error, named", [
    ({"kind": "parking"}, InvalidInput, "'parking'"),
    ({"text": "   "}, InvalidInput, "--text"),
    ({"on": date(2026, 6, 16)}, InvalidInput, "16/06/2026"),
    ({"participant_id": 999}, NotFound, "999"),
    ({"meeting_id": 999}, NotFound, "999"),
    ({"activity_id": 999}, NotFound, "999"),
    ({"partner": "Onbekende vzw"}, NotFound, "Onbekende vzw"),
])
def test_add_refuses_bad_input_and_writes_nothing(dataset, config, kwargs, error, named):
    before = table_counts(dataset)
    args = {"on": date(2026, 1, 5), "kind": "vervoer", "text": "Geen bus", **kwargs}
    with pytest.raises(error) as raised:
        signals.add(dataset, config, args.pop("on"), args.pop("kind"), args.pop("text"), **args)
    assert named in str(raised.value)
    assert table_counts(dataset) == before


def test_update_follows_the_states_and_keeps_the_date_it_was_handled(dataset, config):
    signal = signals.add(dataset, config, date(2026, 3, 1), "kosten", "Te duur")
    moved = signals.update(dataset, signal["id"], "in_behandeling", "Gevraagd aan de schouwburg")
    assert (moved["state"], moved["solved_on"], moved["action"]) == ("in_behandeling", None,
                                                                     "Gevraagd aan de schouwburg")
    solved = signals.update(dataset, signal["id"], "opgelost", on=date(2026, 4, 1))
    assert (solved["state"], solved["solved_on"], solved["action"]) == ("opgelost", "2026-04-01",
                                                                        "Gevraagd aan de schouwburg")
    with pytest.raises(Conflict, match="'opgelost' naar 'open'"):
        signals.update(dataset, signal["id"], "open")
    back = signals.update(dataset, signal["id"], "in behandeling")
    assert (back["state"], back["solved_on"]) == ("in_behandeling", None)


@pytest.mark.parametrize("kwargs, named", [
    ({}, "--state"),
    ({"state": "klaar"}, "'klaar'"),
    ({"state": "opgelost", "on": date(2026, 2, 1)}, "01/03/2026"),
    ({"state": "opgelost", "on": date(2026, 7, 1)}, "01/07/2026"),
    ({"on": date(2026, 4, 1)}, "--state"),
])
def test_update_refuses_bad_input_and_writes_nothing(dataset, config, kwargs, named):
    signal = signals.add(dataset, config, date(2026, 3, 1), "kosten", "Te duur")
    before = table_counts(dataset)
    with pytest.raises(InvalidInput) as raised:
        signals.update(dataset, signal["id"], **kwargs)
    assert named in str(raised.value)
    assert table_counts(dataset) == before
    assert signals.get(dataset, signal["id"])["state"] == "open"


def test_report_counts_raised_handled_and_open_at_the_end_of_the_year(recorded, dataset, config):
    section = yearly.build(dataset, config, 2025)["signals"]
    # raised in 2025: pool, childcare, late; solved in 2025: pool; not feasible: childcare;
    # open on 31/12/2025: old_open (2024) and late (solved only in 2026)
    assert {key: section[key] for key in ("raised", "solved", "not_feasible", "open_at_end", "anonymous")} == {
        "raised": 3, "solved": 1, "not_feasible": 1, "open_at_end": 2, "anonymous": 2}
    by_kind = {row["kind"]: (row["raised"], row["solved"], row["not_feasible"], row["open_at_end"])
               for row in section["by_kind"]}
    assert by_kind == {"kosten": (0, 0, 0, 1), "vervoer": (1, 1, 0, 0), "informatie": (1, 0, 0, 1),
                       "kinderopvang": (1, 0, 1, 0), "taal": (0, 0, 0, 0), "niet_welkom": (0, 0, 0, 0),
                       "tijdstip": (0, 0, 0, 0), "andere": (0, 0, 0, 0)}
    assert section["by_raiser"] == [{"raised_by": "participant", "signals": 1}, {"raised_by": "partner", "signals": 1},
                                    {"raised_by": "meeting", "signals": 1}, {"raised_by": "other", "signals": 0}]
    # a complete year lists what was handled in it, not the work still going on
    assert [(a["id"], a["state"], a["action"]) for a in section["actions"]] == [
        (recorded["pool"], "opgelost", "Belbus op zaterdag"),
        (recorded["childcare"], "niet_haalbaar", "Geen budget voor opvang")]


def test_report_compares_taking_part_before_and_after_a_solution(recorded, dataset, config):
    [pool] = yearly.build(dataset, config, 2025)["signals"]["effects"]
    # solved 2025-06-20, a full half year ago: 2024-12-19..2025-06-19 against 2025-06-20..2025-12-19
    assert pool == {"id": recorded["pool"], "kind": "vervoer", "solved_on": "2025-06-20",
                    "activity": "Zwembad Kapermolen", "organiser": None, "days": 183, "complete": True,
                    "before": {"participations": 1, "persons": 2, "participants": 1},
                    "after": {"participations": 1, "persons": 2, "participants": 1}}
    current = yearly.build(dataset, config, 2026)["signals"]
    [organiser] = current["effects"]
    # solved 2026-06-01, 14 days ago: two periods of 14 days, no activity of that organiser
    assert (organiser["organiser"], organiser["days"], organiser["complete"], organiser["after"]) == (
        "Cultuurcentrum Hasselt", 14, False, {"participations": 0, "persons": 0, "participants": 0})
    assert (current["raised"], current["solved"], current["open_at_end"]) == (1, 2, 1)


def test_public_report_shows_no_words_of_a_signal_and_no_small_counts(recorded, dataset, config):
    public = yearly.build(dataset, config, 2025, public=True)["signals"]
    assert public["actions"] == []
    assert public["raised"] == 3
    assert public["effects"][0]["before"] == {"participations": "< 5", "persons": "< 5", "participants": "< 5"}
    text = json.dumps(public, ensure_ascii=False)
    assert "Belbus" not in text and "Geen bus" not in text


def test_a_closed_year_keeps_its_signals(recorded, dataset, config):
    closing.close(dataset, config, 2025)
    before = table_counts(dataset)
    with pytest.raises(Conflict, match="2025 is afgesloten"):
        signals.add(dataset, config, date(2025, 12, 1), "kosten", "Laat gemeld")
    with pytest.raises(Conflict, match="2025 is afgesloten"):
        signals.update(dataset, recorded["pool"], "in_behandeling")
    with pytest.raises(Conflict, match="2025 is afgesloten"):
        signals.update(dataset, recorded["childcare"], action="Toch opvang gevonden")
    assert table_counts(dataset) == before
    # a 2024 signal still open is solved now: only 2026 changes
    solved = signals.update(dataset, recorded["old_open"], "opgelost", "Gratis tweede ticket")
    assert solved["solved_on"] == "2026-06-15"
    assert yearly.build(dataset, config, 2025, current=True)["differences"] == []


def test_cli_add_list_update_in_the_users_words(cli, dataset):
    added = cli("signal", "add", "--kind", "Zich niet welkom voelen", "--text", "Kassa vraagt luid",
                "--date", "2026-05-02", "--activity", "1")
    assert added.exit_code == 0, added.stderr
    assert added.stderr.strip() == "Signaal 1 geregistreerd."
    updated = cli("signal", "update", "1", "--state", "in behandeling", "--action", "Gesprek gepland")
    assert updated.exit_code == 0, updated.stderr
    listed = json.loads(cli("signal", "list", "--state", "in behandeling", "--format", "json").stdout)
    assert [(s["id"], s["kind"], s["state"], s["activity"], s["action"]) for s in listed] == [
        (1, "niet_welkom", "in_behandeling", "Theater aan de Schouwburg", "Gesprek gepland")]
    assert json.loads(cli("signal", "list", "--kind", "kosten", "--format", "json").stdout) == []
    shown = json.loads(cli("signal", "show", "1", "--format", "json").stdout)
    assert shown["raised_by"] == "other"


@pytest.mark.parametrize("args, named", [
    (("signal", "add", "--kind", "parking", "--text", "x"), "'parking'"),
    (("signal", "add", "--kind", "kosten", "--text", "x", "--date", "2026-13-01"), "2026-13-01"),
    (("signal", "add", "--kind", "kosten", "--text", "x", "--participant", "abc"), "abc"),
    (("signal", "update", "99", "--state", "opgelost"), "99"),
    (("signal", "list", "--state", "klaar"), "'klaar'"),
])
def test_cli_bad_input_is_one_line_and_exit_1(cli, dataset, args, named):
    before = table_counts(dataset)
    result = cli(*args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Fout: ") and named in result.stderr
    assert table_counts(dataset) == before
