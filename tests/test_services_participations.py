"""Participations: amounts in cents, the rules (status, yearly cap, activity dates) and overrides.

The helpers here (person, activity) are also used by the voucher and budget tests.
"""

from datetime import date

import pytest

from tests.conftest import count, table_counts
from vrijetijd_cli.errors import Conflict, InvalidInput, NotFound
from vrijetijd_cli.services import participation_rules, participations

TODAY = date(2026, 6, 15)


def person(db, valid_from="2026-01-01", valid_until="2026-12-31", suspended_on=None, household=4,
           name=("Ann", "Peeters")) -> int:
    """A participant with one status (None: no status at all); returns the id."""
    cursor = db.execute(
        "INSERT INTO participants (first_name, last_name, birth_date, household_size, first_key, last_key,"
        " created_at) VALUES (?, ?, '1980-03-12', ?, ?, ?, '2026-01-01T10:00:00')",
        [name[0], name[1], household, name[0].lower(), name[1].lower()],
    )
    if valid_from:
        db.execute(
            "INSERT INTO statuses (participant_id, ground_code, valid_from, valid_until, suspended_on,"
            " created_at) VALUES (?, 'ocmw', ?, ?, ?, '2026-01-01T10:00:00')",
            [cursor.lastrowid, valid_from, valid_until, suspended_on],
        )
    return cursor.lastrowid


def activity(db, title="Zwembad Kapermolen", price=450, kansentarief=90, domain="sport",
             start=None, end=None, active=1) -> int:
    """An activity inserted directly; without dates it is permanent."""
    calendar = "permanent" if start is None else ("single" if end in (None, start) else "periodic")
    if calendar == "single":
        end = start
    cursor = db.execute(
        "INSERT INTO activities (title, domain, calendar_type, start_date, end_date, price_cents,"
        " kansentarief_cents, active, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, '2026-01-01T10:00:00', '2026-01-01T10:00:00')",
        [title, domain, calendar, start, end, price, kansentarief, active],
    )
    return cursor.lastrowid


def paid(db, participant_id, cents, on="2026-03-01"):
    """A past participation in which the network paid `cents` (to fill the yearly cap)."""
    act = activity(db, title=f"Kamp {cents}", price=cents, kansentarief=0)
    db.execute(
        "INSERT INTO participations (participant_id, activity_id, date, persons, price_cents,"
        " participant_paid_cents, network_paid_cents, paid_via, budget_year, created_at)"
        " VALUES (?, ?, ?, 1, ?, 0, ?, 'kansentarief', ?, 'x')",
        [participant_id, act, on, cents, cents, int(on[:4])],
    )


def test_kansentarief_for_three_household_members(db, config):
    pid, act = person(db), activity(db)
    result = participations.add(db, config, pid, act, TODAY, persons=3)
    assert {k: result[k] for k in ("date", "persons", "price_cents", "participant_paid_cents",
                                   "network_paid_cents", "paid_via", "budget_year", "funding_source",
                                   "override_reason", "domain", "activity")} == {
        "date": "2026-06-15", "persons": 3, "price_cents": 1350, "participant_paid_cents": 270,
        "network_paid_cents": 1080, "paid_via": "kansentarief", "budget_year": 2026,
        "funding_source": "trekkingsrecht", "override_reason": "", "domain": "sport",
        "activity": "Zwembad Kapermolen",
    }
    audit = db.execute(
        "SELECT entity, entity_id, action, fields FROM audit_log WHERE entity = 'participation'").fetchall()
    assert [tuple(r) for r in audit] == [(
        "participation", str(result["id"]), "add",
        "activity_id,budget_year,date,funding_source,network_paid_cents,organiser_carried_cents,paid_via,"
        "participant_id,participant_paid_cents,persons,price_cents",
    )]


def test_amounts_are_exact_cents_for_odd_prices(db, config):
    pid = person(db)
    act = activity(db, price=1999, kansentarief=400)  # 20% of 19,99 = 3,998 -> 4,00 (half up, on the activity)
    result = participations.add(db, config, pid, act, TODAY, persons=7)
    amounts = (result["price_cents"], result["participant_paid_cents"], result["network_paid_cents"])
    assert amounts == (13993, 2800, 11193)
    assert result["participant_paid_cents"] + result["network_paid_cents"] == result["price_cents"]


def test_gratis_costs_nobody_anything(db, config):
    pid, act = person(db), activity(db, price=1200, kansentarief=240)
    result = participations.add(db, config, pid, act, TODAY, persons=2, paid_via="GRATIS", source="cofinanciering")
    assert (result["price_cents"], result["participant_paid_cents"], result["network_paid_cents"]) == (0, 0, 0)
    assert (result["paid_via"], result["funding_source"], result["persons"]) == ("gratis", "cofinanciering", 2)


@pytest.mark.parametrize("persons", [0, -1])
def test_household_members_below_one_are_refused(db, config, persons):
    pid, act = person(db), activity(db)
    before = table_counts(db)
    with pytest.raises(InvalidInput) as error:
        participations.add(db, config, pid, act, TODAY, persons=persons)
    assert error.value.message == f"gezinsleden: {persons} kan niet; tel de deelnemer zelf mee (minstens 1)"
    assert table_counts(db) == before


def test_no_active_status_is_refused_unless_a_reason_is_given(db, config):
    pid = person(db, valid_from="2025-01-01", valid_until="2025-12-31")
    act = activity(db)
    before = table_counts(db)
    with pytest.raises(Conflict) as error:
        participations.add(db, config, pid, act, TODAY)
    assert error.value.message == (
        f"deelnemer {pid} heeft geen actief statuut op 15/06/2026;"
        " voeg een statuut toe of geef een reden met --without-status"
    )
    with pytest.raises(Conflict, match="--without-status"):  # the cap's reason lifts nothing here
        participations.add(db, config, pid, act, TODAY, over_cap="boven plafond")
    assert table_counts(db) == before
    result = participations.add(db, config, pid, act, TODAY, without_status="  verlenging OCMW loopt  ")
    assert (result["without_status_reason"], result["over_cap_reason"], result["override_reason"]) == (
        "verlenging OCMW loopt", "", "")


def test_a_suspended_status_is_not_active(db, config):
    pid = person(db, suspended_on="2026-05-01")
    with pytest.raises(Conflict, match="geen actief statuut op 15/06/2026"):
        participations.add(db, config, pid, activity(db), TODAY)
    assert participations.add(db, config, pid, activity(db), date(2026, 4, 30))["date"] == "2026-04-30"


def test_an_empty_reason_is_refused(db, config):
    pid = person(db, valid_from=None)
    with pytest.raises(InvalidInput, match="--without-status: de reden is leeg"):
        participations.add(db, config, pid, activity(db), TODAY, without_status="   ")
    with pytest.raises(InvalidInput, match="--over-cap: de reden is leeg"):
        participations.add(db, config, pid, activity(db), TODAY, over_cap="", without_status="x")


def test_yearly_cap_counts_the_calendar_year_and_can_be_overridden(db, config):
    assert config.yearly_cap_cents == 15000
    pid = person(db, valid_from="2025-01-01")
    paid(db, pid, 5000, on="2025-12-31")  # last year: does not count
    paid(db, pid, 13920, on="2026-02-01")
    act = activity(db, price=450, kansentarief=90)  # network pays 3,60 per person
    participations.add(db, config, pid, act, TODAY)  # 139,20 + 3,60 = 142,80: fine
    before = table_counts(db)
    with pytest.raises(Conflict) as error:
        participations.add(db, config, pid, act, TODAY, persons=3)  # + 10,80 = 153,60
    assert error.value.message == (
        f"jaarplafond: het netwerk betaalde in 2026 al € 142,80 voor deelnemer {pid}; met € 10,80 erbij"
        " wordt dat € 153,60, boven het plafond van € 150,00 (geef een reden met --over-cap om toch te registreren)"
    )
    with pytest.raises(Conflict, match="jaarplafond"):  # the status's reason lifts nothing here
        participations.add(db, config, pid, act, TODAY, persons=3, without_status="geen statuut")
    assert table_counts(db) == before
    exactly = participations.add(db, config, pid, activity(db, price=720, kansentarief=0), TODAY)
    assert exactly["network_paid_cents"] == 720  # 142,80 + 7,20 = 150,00: exactly the cap is allowed
    forced = participations.add(db, config, pid, act, TODAY, over_cap="uitzondering, akkoord netwerk",
                                without_status="niet nodig")
    # only the reason of the rule that was broken is kept
    assert (forced["over_cap_reason"], forced["without_status_reason"]) == ("uitzondering, akkoord netwerk", "")
    assert participation_rules.network_paid_in_year(db, pid, 2026) == 15360


def test_gratis_is_never_above_the_cap(db, config):
    pid = person(db)
    paid(db, pid, 15000)
    assert participations.add(db, config, pid, activity(db), TODAY, paid_via="gratis")["network_paid_cents"] == 0


def test_inactive_activity_is_refused(db, config):
    pid, act = person(db), activity(db, title="Oud aanbod", active=0)
    before = table_counts(db)
    with pytest.raises(Conflict) as error:
        participations.add(db, config, pid, act, TODAY)
    assert error.value.message == f"activiteit {act} (Oud aanbod) is niet actief"
    assert table_counts(db) == before


@pytest.mark.parametrize("start,end,on,period", [
    ("2026-06-20", None, date(2026, 6, 15), "20/06/2026"),
    ("2026-03-01", "2026-05-31", date(2026, 6, 1), "01/03/2026 – 31/05/2026"),
    ("2026-03-01", "2026-05-31", date(2026, 2, 28), "01/03/2026 – 31/05/2026"),
])
def test_date_outside_the_activity_dates_is_refused(db, config, start, end, on, period):
    pid, act = person(db), activity(db, title="Zomerkamp", start=start, end=end)
    before = table_counts(db)
    with pytest.raises(InvalidInput) as error:
        participations.add(db, config, pid, act, on)
    assert error.value.message == (
        f"datum: {on.strftime('%d/%m/%Y')} valt buiten de data van activiteit {act} (Zomerkamp) ({period})"
    )
    assert table_counts(db) == before


def test_open_ended_period_and_permanent_activities(db, config):
    pid = person(db)
    db.execute(
        "INSERT INTO activities (title, domain, calendar_type, start_date, price_cents, kansentarief_cents,"
        " created_at, updated_at) VALUES ('Bib', 'cultuur', 'periodic', '2026-06-01', 0, 0, 'x', 'x')"
    )
    open_ended = db.execute("SELECT id FROM activities WHERE title = 'Bib'").fetchone()[0]
    assert participations.add(db, config, pid, open_ended, TODAY)["price_cents"] == 0
    with pytest.raises(InvalidInput, match=r"\(01/06/2026 – …\)"):
        participations.add(db, config, pid, open_ended, date(2026, 5, 31))
    assert participations.add(db, config, pid, activity(db), date(2026, 1, 1))["date"] == "2026-01-01"


def test_future_date_is_refused(db, config):
    pid, act = person(db), activity(db)
    with pytest.raises(InvalidInput, match="datum: 16/06/2026 ligt in de toekomst"):
        participations.add(db, config, pid, act, date(2026, 6, 16))
    assert count(db, "participations") == 0


def test_unknown_participant_activity_and_anonymised_person(db, config):
    pid, act = person(db), activity(db)
    with pytest.raises(NotFound, match="deelnemer 99 bestaat niet"):
        participations.add(db, config, 99, act, TODAY)
    with pytest.raises(NotFound, match="activiteit 99 bestaat niet"):
        participations.add(db, config, pid, 99, TODAY)
    db.execute("UPDATE participants SET anonymized_at = '2026-06-01T10:00:00' WHERE id = ?", [pid])
    with pytest.raises(Conflict, match=f"deelnemer {pid} is geanonimiseerd"):
        participations.add(db, config, pid, act, TODAY)
    assert count(db, "participations") == 0


@pytest.mark.parametrize("kwargs,message", [
    ({"paid_via": "cash"}, "betaald via: 'cash' is onbekend; kies uit kansentarief, voucher, gratis"),
    ({"source": "stad"}, "bron: 'stad' is onbekend; kies uit trekkingsrecht, cofinanciering, ander"),
    ({"paid_via": "voucher"}, "betaald via voucher: geef de code met --voucher (of gebruik 'voucher redeem')"),
    ({"voucher_code": "ABCD"}, "--voucher gaat alleen samen met --paid-via voucher, niet met kansentarief"),
])
def test_bad_choices_are_refused(db, config, kwargs, message):
    pid, act = person(db), activity(db)
    with pytest.raises(InvalidInput) as error:
        participations.add(db, config, pid, act, TODAY, **kwargs)
    assert error.value.message == message
    assert count(db, "participations") == 0


def test_list_filters(db, config):
    ann, bob = person(db), person(db, name=("Bob", "Maes"))
    swim = activity(db)
    theatre = activity(db, title="Theater", domain="cultuur", price=1500, kansentarief=300)
    participations.add(db, config, ann, swim, date(2026, 2, 1))
    participations.add(db, config, ann, theatre, date(2026, 3, 1))
    participations.add(db, config, bob, theatre, TODAY, persons=2)
    db.execute("UPDATE participations SET date = '2025-12-01' WHERE id = 1")

    def ids(**filters):
        return [r["id"] for r in participations.list_participations(db, config, **filters)]

    assert ids() == [1, 2, 3]
    assert ids(participant_id=ann) == [1, 2]
    assert ids(activity_id=theatre) == [2, 3]
    assert ids(domain="Cultuur") == [2, 3]
    assert ids(year=2026) == [2, 3]
    assert ids(year=2025, domain="sport") == [1]
    assert ids(limit=1) == [1]
    rows = participations.list_participations(db, config, participant_id=bob)
    assert participations.totals(rows) == {
        "participations": 1, "persons": 2, "price_cents": 3000, "participant_paid_cents": 600,
        "organiser_carried_cents": 0, "network_paid_cents": 2400,
    }
    with pytest.raises(InvalidInput, match="domein 'dans' is onbekend"):
        participations.list_participations(db, config, domain="dans")
