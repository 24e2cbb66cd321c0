from datetime import date

import pytest

from tests.conftest import table_counts
from vrijetijd_cli.errors import Ambiguous, Conflict, InvalidInput, NotFound
from vrijetijd_cli.services import participant_record, participants, partners, referrals, statuses

TODAY = date(2026, 6, 15)


def _ann(**extra):
    return participants.validate("Ann", "Peeters", "12/03/1985", today=TODAY, **extra)


def _refer(db, config, partner="de brug hasselt", on=TODAY, **options) -> dict:
    if "participant_id" not in options and "person" not in options:
        options["person"] = _ann()
    return referrals.add(db, config, partner, on, **options)


def test_referral_creates_person_status_and_referral(db, config):
    result = _refer(db, config, ground="schuldbemiddeling", domain="sport", note="graag zwemmen")
    assert result["participant_created"] and result["status_added"]
    assert (result["partner"], result["partner_id"], result["date"], result["state"]) == (
        "De Brug Hasselt",
        5,
        "2026-06-15",
        "open",
    )
    assert (result["ground"], result["domain"], result["note"]) == (
        "schuldbemiddeling",
        "sport",
        "graag zwemmen",
    )
    person = participant_record.detail(db, result["participant_id"], TODAY)
    assert (person["first_name"], person["last_name"], person["birth_date"]) == (
        "Ann",
        "Peeters",
        "1985-03-12",
    )
    [status] = person["statuses"]
    assert (
        status["ground"],
        status["valid_from"],
        status["valid_until"],
        status["checked_by"],
    ) == ("schuldbemiddeling", "2026-06-15", "2027-06-14", "De Brug Hasselt")
    assert [r["id"] for r in person["referrals"]] == [result["id"]]


def test_referral_for_an_existing_person(db, config):
    pid = participants.add(db, _ann())["id"]
    result = _refer(db, config, participant_id=pid, partner="4", on=date(2026, 2, 1))
    assert not result["participant_created"] and not result["status_added"]
    assert (result["participant_id"], result["partner"], result["date"]) == (
        pid,
        "Sociale Dienst",
        "2026-02-01",
    )
    assert table_counts(db)["statuses"] == 0


def test_no_second_status_when_one_is_active(db, config):
    first = _refer(db, config, ground="ocmw")
    second = _refer(
        db, config, participant_id=first["participant_id"], partner="domo", ground="ocmw"
    )
    assert not second["status_added"]
    third = _refer(
        db, config, participant_id=first["participant_id"], partner="domo", ground="vluchteling"
    )
    assert third["status_added"]
    grounds = [
        s["ground"]
        for s in statuses.list_statuses(db, TODAY, participant_id=first["participant_id"])
    ]
    assert grounds == ["ocmw", "vluchteling"]


def test_a_backdated_referral_adds_no_overlapping_status(db, config):
    first = _refer(db, config, ground="ocmw")
    pid = first["participant_id"]
    earlier = _refer(
        db, config, participant_id=pid, partner="domo", ground="ocmw", on=date(2026, 5, 2)
    )
    assert not earlier["status_added"]
    assert len(statuses.list_statuses(db, TODAY, participant_id=pid)) == 1


def test_a_new_status_after_a_suspended_or_expired_one(db, config):
    first = _refer(db, config, ground="ocmw", on=date(2024, 1, 1))  # expired end 2024
    pid = first["participant_id"]
    renewed = _refer(
        db, config, participant_id=pid, partner="domo", ground="ocmw", on=date(2026, 1, 1)
    )
    assert renewed["status_added"]
    active = statuses.list_statuses(db, TODAY, participant_id=pid, active_only=True)
    statuses.suspend(db, active[0]["id"], "verhuisd", TODAY)
    again = _refer(db, config, participant_id=pid, partner="domo", ground="ocmw")
    assert again["status_added"]
    assert [s["state"] for s in statuses.list_statuses(db, TODAY, participant_id=pid)] == [
        "expired",
        "suspended",
        "active",
    ]


def test_status_from_an_old_referral_date_follows_that_date(db, config):
    result = _refer(db, config, on=date(2025, 1, 10), ground="doorverwijzing")
    [status] = statuses.list_statuses(db, TODAY, participant_id=result["participant_id"])
    assert (status["valid_from"], status["valid_until"], status["state"]) == (
        "2025-01-10",
        "2025-07-09",
        "expired",
    )


def test_duplicate_person_is_refused_with_the_existing_id(db, config):
    first = _refer(db, config)
    before = table_counts(db)
    with pytest.raises(Conflict) as caught:
        _refer(
            db,
            config,
            person=participants.validate("ann", "PEETERS", "1985-03-12", today=TODAY),
            ground="ocmw",
        )
    assert f"bestaat al als deelnemer {first['participant_id']}" in caught.value.message
    assert table_counts(db) == before


def test_force_creates_a_namesake(db, config):
    first = _refer(db, config)
    second = _refer(db, config, force=True)
    assert second["participant_created"]
    assert second["participant_id"] != first["participant_id"]


NEW_PERSON = {"person": "ann"}  # replaced by a validated Ann inside the test


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        (
            {"partner": "Rode Kruis", **NEW_PERSON},
            NotFound,
            "partner 'Rode Kruis' bestaat niet (gekende partners: 1: Cultuur-",
        ),
        (
            {"partner": "dienst", **NEW_PERSON},
            Ambiguous,
            "partner 'dienst' is dubbelzinnig; bedoelt u een van: 1: Cultuur-",
        ),
        ({"partner": "99", **NEW_PERSON}, NotFound, "partner 99 bestaat niet"),
        ({"participant_id": 42}, NotFound, "deelnemer 42 bestaat niet"),
        (
            {"on": date(2026, 6, 16), **NEW_PERSON},
            InvalidInput,
            "datum: 16/06/2026 ligt in de toekomst",
        ),
        (
            {"participant_id": 1, **NEW_PERSON},
            InvalidInput,
            "geef --participant ID of de gegevens van een nieuwe persoon",
        ),
        (
            {"participant_id": None, "person": None},
            InvalidInput,
            "geef --participant ID of de gegevens van een nieuwe persoon",
        ),
    ],
)
def test_bad_referrals_write_nothing(db, config, options, error, message):
    if options.get("person") == "ann":
        options = {**options, "person": _ann()}
    before = table_counts(db)
    with pytest.raises(error) as caught:
        _refer(db, config, **options)
    assert caught.value.message.startswith(message)
    assert table_counts(db) == before


def test_inactive_partner_cannot_refer(db, config):
    partners.deactivate(db, "domo")
    before = table_counts(db)
    with pytest.raises(Conflict, match="partner 'Domo Hasselt' is inactief"):
        _refer(db, config, partner="domo")
    assert table_counts(db) == before


def test_a_failure_halfway_leaves_nothing(db, config, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(referrals, "insert", broken)
    before = table_counts(db)
    with pytest.raises(KeyboardInterrupt):
        _refer(db, config, ground="ocmw")
    assert table_counts(db) == before
    assert not db.in_transaction


@pytest.fixture
def history(db, config):
    """Five referrals over two years by three partners."""
    ann = _refer(db, config, on=date(2025, 3, 1))["participant_id"]
    bart = _refer(
        db,
        config,
        person=participants.validate("Bart", "Maes", "1/1/1970", today=TODAY),
        partner="sociale dienst",
        on=date(2025, 11, 30),
    )["participant_id"]
    ids = [
        _refer(db, config, participant_id=ann, partner="domo", on=date(2026, 1, 5))["id"],
        _refer(db, config, participant_id=bart, partner="de brug", on=date(2026, 6, 1))["id"],
        _refer(db, config, participant_id=bart, partner="domo", on=date(2026, 2, 1))["id"],
    ]
    referrals.update(db, ids[0], state="in_behandeling")
    return ann, bart, ids


def test_list_filters(db, history):
    ann, bart, ids = history

    def dates(**filters):
        return [r["date"] for r in referrals.list_referrals(db, **filters)]

    assert dates() == ["2025-03-01", "2025-11-30", "2026-01-05", "2026-02-01", "2026-06-01"]
    assert dates(year=2025) == ["2025-03-01", "2025-11-30"]
    assert dates(partner="Domo Hasselt") == ["2026-01-05", "2026-02-01"]
    assert dates(partner="6", year=2026) == ["2026-01-05", "2026-02-01"]
    assert dates(state="in_behandeling") == ["2026-01-05"]
    assert dates(participant_id=bart) == ["2025-11-30", "2026-02-01", "2026-06-01"]
    row = referrals.list_referrals(db, participant_id=ann)[0]
    assert {
        "id",
        "participant_id",
        "partner",
        "date",
        "state",
        "first_name",
        "last_name",
    } <= row.keys()


def test_list_with_unknown_state_or_partner(db, history):
    with pytest.raises(InvalidInput, match="toestand 'klaar' is onbekend"):
        referrals.list_referrals(db, state="klaar")
    with pytest.raises(NotFound, match="partner 'Rode Kruis'"):
        referrals.list_referrals(db, partner="Rode Kruis")


@pytest.mark.parametrize(
    "path",
    [
        ["in_behandeling", "toegeleid"],
        ["in_behandeling", "afgesloten"],
        ["in_behandeling", "geweigerd"],
        ["afgesloten"],
        ["geweigerd"],
    ],
)
def test_allowed_transitions(db, config, path):
    referral = _refer(db, config)
    for state in path:
        assert referrals.update(db, referral["id"], state=state)["state"] == state


@pytest.mark.parametrize(
    ("path", "forbidden"),
    [
        ([], "toegeleid"),
        (["in_behandeling"], "open"),
        (["in_behandeling", "toegeleid"], "in_behandeling"),
        (["afgesloten"], "open"),
        (["geweigerd"], "toegeleid"),
    ],
)
def test_forbidden_transitions_write_nothing(db, config, path, forbidden):
    referral = _refer(db, config)
    for state in path:
        referrals.update(db, referral["id"], state=state)
    current = path[-1] if path else "open"
    before = table_counts(db)
    with pytest.raises(Conflict) as caught:
        referrals.update(db, referral["id"], state=forbidden, note="mag niet")
    assert caught.value.message.startswith(
        f"toeleiding {referral['id']} kan niet van {current!r} naar {forbidden!r}; toegelaten: "
    )
    assert table_counts(db) == before
    assert referrals.get(db, referral["id"])["note"] == ""


def test_final_state_says_so(db, config):
    referral = _refer(db, config)
    referrals.update(db, referral["id"], state="afgesloten")
    with pytest.raises(Conflict) as caught:
        referrals.update(db, referral["id"], state="open")
    assert caught.value.message.endswith("toegelaten: geen (eindtoestand)")


def test_unknown_state_and_referral(db, config):
    referral = _refer(db, config)
    with pytest.raises(
        InvalidInput, match="toestand 'klaar' is onbekend; kies uit open, in_behandeling"
    ):
        referrals.update(db, referral["id"], state="klaar")
    with pytest.raises(NotFound, match="toeleiding 9 bestaat niet"):
        referrals.update(db, 9, state="afgesloten")


def test_update_note_and_audit_fields(db, config):
    referral = _refer(db, config)
    updated = referrals.update(db, referral["id"], note="gebeld op 16/06")
    assert (updated["note"], updated["state"]) == ("gebeld op 16/06", "open")
    referrals.update(db, referral["id"], state="in_behandeling", note="afspraak")
    rows = db.execute(
        "SELECT action, fields FROM audit_log WHERE entity = 'referral' ORDER BY id"
    ).fetchall()
    assert [tuple(r) for r in rows] == [
        ("add", "date,domain,ground_code,note,participant_id,partner_id"),
        ("update", "note"),
        ("update", "note,state"),
    ]


def test_same_state_is_no_change(db, config):
    referral = _refer(db, config)
    before = table_counts(db)
    assert referrals.update(db, referral["id"], state="open")["state"] == "open"
    assert table_counts(db) == before


def test_delete_a_referral_recorded_by_mistake(db, config):
    from vrijetijd_cli.reports import yearly

    first = _refer(db, config, ground="ocmw")
    second = _refer(db, config, partner="domo", participant_id=first["participant_id"])
    assert yearly.build(db, config, 2026)["referrals"]["total"] == 2
    assert referrals.deletion(db, second["id"])["partner"] == "Domo Hasselt"
    referrals.delete(db, second["id"])
    assert yearly.build(db, config, 2026)["referrals"]["total"] == 1
    # the person and the status the first referral added stay
    person = participant_record.detail(db, first["participant_id"], TODAY)
    assert ([r["id"] for r in person["referrals"]], len(person["statuses"])) == ([first["id"]], 1)
    assert db.execute("SELECT entity, entity_id, action FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[:] == (
        "referral", str(second["id"]), "delete")


def test_delete_refused_for_an_unknown_id_or_a_closed_year(db, config):
    from tests.test_services_participations_corrections import close_year

    old = _refer(db, config, on=date(2025, 11, 3))
    close_year(db, 2025)
    before = table_counts(db)
    with pytest.raises(NotFound, match="^toeleiding 99 bestaat niet$"):
        referrals.delete(db, 99)
    with pytest.raises(Conflict, match=f"^toeleiding {old['id']}: het jaar 2025 is afgesloten"):
        referrals.delete(db, old["id"])
    assert table_counts(db) == before


# ---- look-alikes (the rule of importers/lookalike.py, as the import uses it) ----------------------

@pytest.mark.parametrize(
    ("first", "last", "born", "why"),
    [
        ("Anne", "Peeters", "12/03/1985", "typo"),  # one letter
        ("Ann", "Peters", "12/03/1985", "typo"),
        ("Peeters", "Ann", "12/03/1985", "swapped"),
        ("Ann", "Peeters", "1985", "same"),  # only the year known: never the same person for sure
    ],
)
def test_a_new_person_who_looks_like_someone_stored_is_refused_until_named_or_forced(db, config, first, last,
                                                                                    born, why):
    ann = _refer(db, config)["participant_id"]
    before = table_counts(db)
    person = participants.validate(first, last, born, today=TODAY)
    assert [(p["id"], p["reason"]) for p in participants.find_lookalikes(db, person)] == [(ann, why)]
    with pytest.raises(Conflict) as refused:
        _refer(db, config, person=person)
    assert refused.value.message == (
        "deze persoon lijkt op iemand die al bestaat (deelnemer 1: Ann Peeters, 12/03/1985); gebruik"
        " --participant 1 voor die persoon, of --force om toch een nieuwe deelnemer toe te voegen")
    assert table_counts(db) == before
    assert _refer(db, config, person=person, force=True)["participant_id"] == ann + 1
    assert _refer(db, config, participant_id=ann)["participant_id"] == ann


def test_people_who_only_look_alike_by_chance_are_not_refused(db, config):
    _refer(db, config)
    for first, last, born in (("Jan", "Peeters", "12/03/1985"), ("Ann", "Peeters", "13/03/1985"),
                              ("An", "Maes", "12/03/1985"), ("Anneke", "Peeters", "12/03/1985")):
        person = participants.validate(first, last, born, today=TODAY)
        assert participants.find_lookalikes(db, person) == [], (first, last, born)
