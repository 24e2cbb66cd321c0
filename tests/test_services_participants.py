from datetime import date

import pytest

from tests.conftest import table_counts
from vrijetijd_cli import i18n
from vrijetijd_cli.errors import Conflict, InvalidInput, NotFound
from vrijetijd_cli.services import participant_record, participants, referrals, statuses

TODAY = date(2026, 6, 15)


def _person(first="Ann", last="Peeters", born="12/03/1985", **extra):
    return participants.validate(first, last, born, today=TODAY, **extra)


def _add(db, first="Ann", last="Peeters", born="12/03/1985", **extra) -> int:
    return participants.add(db, _person(first, last, born, **extra))["id"]


def test_validate_gives_typed_values():
    person = _person(
        "  Chloë ",
        "Çelik",
        "1-2-2001",
        postcode="3511",
        household_size="4",
        phone="0470 12 34 56",
        email="chloe@example.be",
        notes="houdt van theater",
    )
    assert person.first_name == "Chloë"
    assert person.birth_date == date(2001, 2, 1)
    assert person.postcode == "3511"
    assert person.household_size == 4
    assert person.match_key == "celik|chloe|2001-02-01"


def test_validate_defaults():
    person = _person()
    assert (person.postcode, person.household_size, person.phone, person.email, person.notes) == (
        None,
        1,
        "",
        "",
        "",
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("household_size", "0", "gezinsleden: '0' moet een geheel getal ≥ 1 zijn"),
        ("household_size", "-2", "gezinsleden: '-2' moet een geheel getal ≥ 1 zijn"),
        ("household_size", "veel", "gezinsleden: 'veel' moet een geheel getal ≥ 1 zijn"),
        ("postcode", "350", "postcode: '350' is geen Belgische postcode (vier cijfers)"),
        ("email", "ann.peeters", "e-mail: 'ann.peeters' is geen e-mailadres"),
    ],
)
def test_validate_refuses_bad_fields(field, value, message):
    with pytest.raises(InvalidInput) as caught:
        _person(**{field: value})
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("born", "message"),
    [
        ("12/03/85", "geboortedatum: '12/03/85' heeft geen jaartal van vier cijfers"),
        ("31/02/1985", "geboortedatum: '31/02/1985' bestaat niet als datum"),
        ("16/06/2026", "geboortedatum: 16/06/2026 ligt in de toekomst"),
    ],
)
def test_validate_refuses_bad_birth_dates(born, message):
    with pytest.raises(InvalidInput) as caught:
        _person(born=born)
    assert caught.value.message == message


def test_validate_refuses_empty_names():
    with pytest.raises(InvalidInput, match="voornaam: ontbreekt"):
        _person(first="  ")
    with pytest.raises(InvalidInput, match="familienaam: '...' is geen naam"):
        _person(last="...")  # the same rule as a partner's list


def test_add_stores_the_person_and_match_key(db):
    created = participants.add(db, _person(postcode="3500", household_size="3"))
    assert created["first_name"] == "Ann" and created["birth_date"] == "1985-03-12"
    assert created["birth_year"] == 1985 and created["household_size"] == 3
    row = db.execute(
        "SELECT first_key, last_key, match_key FROM participants WHERE id = ?", [created["id"]]
    ).fetchone()
    assert tuple(row) == ("ann", "peeters", "peeters|ann|1985-03-12")


def test_duplicate_is_refused_with_the_existing_id(db):
    first = _add(db)
    before = table_counts(db)
    with pytest.raises(Conflict) as caught:
        participants.add(db, _person("ANN", "Péeters", "1985-03-12"))
    assert caught.value.message == (
        f"deze persoon bestaat al als deelnemer {first} (zelfde naam en geboortedatum);"
        f" gebruik --participant {first} of --force"
    )
    assert table_counts(db) == before


def test_force_adds_a_namesake(db):
    first = _add(db)
    second = participants.add(db, _person(), force=True)["id"]
    assert second != first


def test_same_name_other_birth_date_is_not_a_duplicate(db):
    assert _add(db) != _add(db, born="13/03/1985")


def test_unknown_participant(db):
    with pytest.raises(NotFound) as caught:
        participants.get(db, 99)
    assert caught.value.message == "deelnemer 99 bestaat niet"


def test_unknown_participant_in_english(db):
    i18n.set_language("en")
    try:
        with pytest.raises(NotFound) as caught:
            participants.get(db, 99)
    finally:
        i18n.reset()
    assert caught.value.message == "participant 99 does not exist"


def test_detail_has_statuses_and_referrals(db, config):
    pid = _add(db)
    referrals.add(db, config, "de brug", TODAY, participant_id=pid, ground="ocmw")
    person = participant_record.detail(db, pid, TODAY)
    assert [s["ground"] for s in person["statuses"]] == ["ocmw"]
    assert person["statuses"][0]["state"] == "active"
    assert [r["partner"] for r in person["referrals"]] == ["De Brug Hasselt"]


def test_edit_changes_only_the_given_fields(db):
    pid = _add(db, postcode="3500")
    edited = participants.edit(
        db, pid, {"postcode": "3511", "household_size": "2", "phone": None}, TODAY
    )
    assert (edited["postcode"], edited["household_size"], edited["first_name"]) == (
        "3511",
        2,
        "Ann",
    )
    fields = db.execute(
        "SELECT fields FROM audit_log WHERE action = 'edit' AND entity = 'participant'"
    ).fetchone()[0]
    assert fields == "household_size,postcode"


def test_edit_without_change_writes_nothing(db):
    pid = _add(db, postcode="3500")
    before = table_counts(db)
    participants.edit(db, pid, {"postcode": "3500", "first_name": "Ann"}, TODAY)
    assert table_counts(db) == before


def test_edit_of_the_name_updates_the_keys(db):
    pid = _add(db)
    participants.edit(db, pid, {"last_name": "Peeters-Maes"}, TODAY)
    key = db.execute("SELECT match_key FROM participants WHERE id = ?", [pid]).fetchone()[0]
    assert key == "peeters maes|ann|1985-03-12"


def test_edit_that_would_make_a_duplicate_is_refused(db):
    first = _add(db)
    second = _add(db, first="An")
    before = table_counts(db)
    with pytest.raises(Conflict) as caught:
        participants.edit(db, second, {"first_name": "Ann"}, TODAY)
    assert (
        caught.value.message
        == f"na deze wijziging zou deelnemer {second} gelijk zijn aan deelnemer {first}"
    )
    assert table_counts(db) == before


def test_edit_refuses_bad_values_and_writes_nothing(db):
    pid = _add(db)
    before = table_counts(db)
    with pytest.raises(InvalidInput, match="gezinsleden: '0'"):
        participants.edit(db, pid, {"household_size": "0"}, TODAY)
    with pytest.raises(InvalidInput, match="ligt in de toekomst"):
        participants.edit(db, pid, {"birth_date": "01/01/2030"}, TODAY)
    assert table_counts(db) == before


def test_anonymised_person_cannot_be_edited(db):
    pid = _add(db)
    db.execute("UPDATE participants SET anonymized_at = '2026-01-01T00:00:00' WHERE id = ?", [pid])
    with pytest.raises(Conflict, match="geanonimiseerd"):
        participants.edit(db, pid, {"postcode": "3500"}, TODAY)


def test_anonymised_person_is_no_duplicate(db):
    pid = _add(db)
    db.execute("UPDATE participants SET anonymized_at = '2026-01-01T00:00:00' WHERE id = ?", [pid])
    assert _add(db) != pid


@pytest.fixture
def people(db, config):
    """Ann (ocmw, active, 3500), Bart (vt, expired, 3511), Chloë (no status, 3500)."""
    ann = _add(db, postcode="3500")
    bart = _add(db, "Bart", "Maes", "02/02/1970", postcode="3511")
    chloe = _add(db, "Chloë", "Van den Bossche", "03/03/2010", postcode="3500")
    statuses.add(db, config, ann, "ocmw", date(2026, 1, 1))
    statuses.add(db, config, bart, "verhoogde_tegemoetkoming", date(2024, 1, 1))
    return ann, bart, chloe


def test_list_all(db, people):
    rows = participants.list_participants(db, TODAY)
    assert [r["id"] for r in rows] == list(people)
    assert rows[0]["active_grounds"] == ["ocmw"]
    assert rows[1]["active_grounds"] == [] and rows[2]["active_grounds"] == []


def test_list_filters(db, people):
    ann, bart, chloe = people

    def ids(**filters):
        return [r["id"] for r in participants.list_participants(db, TODAY, **filters)]

    assert ids(postcode="3500") == [ann, chloe]
    assert ids(ground="verhoogde_tegemoetkoming") == [bart]
    assert ids(active=True) == [ann]
    assert ids(active=False) == [bart, chloe]
    assert ids(text="bossche") == [chloe]
    assert ids(text="CHLOE van") == [chloe]
    assert ids(text="maes bart") == [bart]
    assert ids(postcode="3500", active=False) == [chloe]
    assert ids(limit=2) == [ann, bart]


def test_list_with_a_bad_postcode(db, people):
    with pytest.raises(InvalidInput, match="postcode: '35'"):
        participants.list_participants(db, TODAY, postcode="35")


def test_suspension_ends_being_active_from_its_date(db, config, people):
    ann = people[0]
    status = statuses.list_statuses(db, TODAY, participant_id=ann)[0]
    statuses.suspend(db, status["id"], "inkomen gewijzigd", date(2026, 7, 1))
    # suspended from next month: still active today, by every measure
    row = participants.list_participants(db, TODAY, active=True)
    assert [r["id"] for r in row] == [ann]
    assert row[0]["active_grounds"] == ["ocmw"]
    later = participants.list_participants(db, date(2026, 7, 2), active=True)
    assert later == []


def test_search(db, people):
    ann, bart, chloe = people
    assert [r["id"] for r in participants.search(db, str(bart))] == [bart]
    assert [r["id"] for r in participants.search(db, "12/03/1985")] == [ann]
    assert [r["id"] for r in participants.search(db, "pee")] == [ann]
    assert [r["id"] for r in participants.search(db, "Chlo")] == [chloe]
    assert [r["id"] for r in participants.search(db, "van den")] == [chloe]
    assert [r["id"] for r in participants.search(db, "maes bart")] == [bart]
    assert participants.search(db, "Zoë") == []
    assert "first_key" not in participants.search(db, "pee")[0]


def test_search_needs_a_term(db):
    with pytest.raises(InvalidInput, match="zoekterm"):
        participants.search(db, " ... ")


def test_search_finds_a_piece_of_a_name_whatever_its_case_accents_spaces_or_hyphens(db):
    def add(first, last, born):
        return participants.add(db, participants.validate(first, last, born, None, None, None, None, None))["id"]

    broeck = add("Hélène", "Van den Broeck", "01/02/1980")
    smet = add("Jean-Luc", "De Smet", "03/04/1975")
    broeckx = add("Ann", "Broeckx", "05/06/1990")

    def found(term):
        return [r["id"] for r in participants.search(db, term)]

    assert found("vandenbroeck") == [broeck]
    assert found("Van den Broeck") == [broeck]
    assert found("VAN-DEN-BROECK") == [broeck]
    assert found("helene") == [broeck]
    assert found("hélène van den") == [broeck]
    assert found("broeck") == [broeckx, broeck]  # the name that starts with it first
    assert found("jeanluc") == [smet]
    assert found("jean luc de smet") == [smet]
    assert found("desmet") == [smet]
    assert found("uc de sm") == [smet]  # inside the name, across first and last name
    assert found("xyz") == []


def test_near_matches_suggest_a_name_a_letter_or_two_off(db):
    def add(first, last, born):
        return participants.add(db, participants.validate(first, last, born, None, None, None, None, None))["id"]

    jessica = add("Jessica", "Peeters", "01/02/1980")
    add("Bart", "Maes", "03/04/1975")
    assert participants.search(db, "jessika") == []
    assert [p["id"] for p in participants.near_matches(db, "jessika")] == [jessica]
    assert [p["id"] for p in participants.near_matches(db, "peters")] == [jessica]
    assert participants.near_matches(db, "zzzzzz") == []
