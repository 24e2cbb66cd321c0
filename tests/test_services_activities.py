"""Activities, their imports and the transparent offer, through the services."""

import random
import shutil
from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import DATA, table_counts
from vrijetijd_cli.errors import Ambiguous, Conflict, ImportRejected, InvalidInput, NotFound
from vrijetijd_cli.services import activities, activity_import, activity_table, offer
from vrijetijd_cli.services.activity_fields import default_kansentarief
from vrijetijd_cli.services.import_run import RunOptions
from vrijetijd_cli.store import atomic

TERMS = DATA / "activity_uitdatabank_event_with_terms.json"
UITPAS = DATA / "activity_uitdatabank_event_with_uitpas_prices.json"
SEARCH = DATA / "activity_uitdatabank_search.json"


def add(db, config, **values):
    return activities.add(db, config, {"title": "Zwemmen", "domain": "sport", "price": "4,50", **values})


def audit_rows(db, entity="activity"):
    return [tuple(r) for r in db.execute(
        "SELECT entity_id, action, fields FROM audit_log WHERE entity = ? ORDER BY id", [entity])]


# ---- kansentarief ----

def test_default_kansentarief_rounds_half_up_to_the_cent():
    assert default_kansentarief(450, 2000) == 90
    assert default_kansentarief(1234, 2000) == 247  # 246,8
    assert default_kansentarief(1237, 2000) == 247  # 247,4
    assert default_kansentarief(2, 2500) == 1  # 0,5 -> 1
    assert default_kansentarief(1, 2000) == 0
    assert default_kansentarief(0, 2000) == 0
    assert default_kansentarief(999, 10000) == 999


@given(st.integers(0, 10_000_000), st.integers(0, 10000))
def test_default_kansentarief_is_the_exact_share_rounded_half_up(price, share):
    exact = Fraction(price * share, 10000)
    assert default_kansentarief(price, share) == int(exact + Fraction(1, 2))
    assert 0 <= default_kansentarief(price, share) <= price


# ---- add / edit / deactivate ----

def test_add_with_defaults(db, config):
    activity = add(db, config)
    assert {k: activity[k] for k in ("title", "domain", "calendar_type", "start_date", "end_date",
                                     "price_cents", "kansentarief_cents", "source", "active")} == {
        "title": "Zwemmen", "domain": "sport", "calendar_type": "permanent", "start_date": None,
        "end_date": None, "price_cents": 450, "kansentarief_cents": 90, "source": "manual",
        "active": True,
    }
    assert audit_rows(db) == [("1", "add", "calendar_type,domain,kansentarief_cents,price_cents,"
                                           "source,title")]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"date": "12/07/2026"}, ("single", "2026-07-12", "2026-07-12")),
        ({"date_from": "1/7/2026", "date_to": "31-08-2026"}, ("periodic", "2026-07-01", "2026-08-31")),
        ({"date_from": "2026-09-01"}, ("periodic", "2026-09-01", None)),
        ({"date_from": "01.09.2026", "date_to": "01/09/2026"}, ("single", "2026-09-01", "2026-09-01")),
        ({}, ("permanent", None, None)),
    ],
)
def test_dates_give_the_calendar(db, config, values, expected):
    activity = add(db, config, **values)
    assert (activity["calendar_type"], activity["start_date"], activity["end_date"]) == expected


def test_add_with_every_field(db, config):
    activity = add(
        db, config, title="  Sportkamp   6-9 jaar ", domain="Jeugd", price="€ 95,00", kansentarief="15",
        organiser_partner="cultuur", place="Sporthal", postcode="3500", locality="Hasselt",
        capacity="40", description="Vijf dagen sport.", external_id="SPK-1",
    )
    assert activity["title"] == "Sportkamp 6-9 jaar"
    assert activity["domain"] == "jeugd"
    assert (activity["price_cents"], activity["kansentarief_cents"]) == (9500, 1500)
    assert activity["organiser"] == "Cultuur-, jeugd- en sportdienst"
    assert activity["organiser_partner_id"] == 1
    assert (activity["postcode"], activity["capacity"], activity["external_id"]) == ("3500", 40, "SPK-1")


@pytest.mark.parametrize(
    ("values", "error", "message"),
    [
        ({"domain": "kunst"}, InvalidInput, "domein 'kunst' is onbekend; kies uit cultuur, jeugd, sport"),
        ({"price": "-5"}, InvalidInput, "prijs: '-5' is negatief"),
        ({"price": "vijf"}, InvalidInput, "prijs: 'vijf' is geen bedrag"),
        ({"kansentarief": "5"}, InvalidInput,
         "kansentarief: € 5,00 is hoger dan de volle prijs € 4,50"),
        ({"date_from": "10/07/2026", "date_to": "06/07/2026"}, InvalidInput,
         "einddatum 06/07/2026 ligt voor begindatum 10/07/2026"),
        ({"date_to": "06/07/2026"}, InvalidInput, "einddatum 06/07/2026 zonder begindatum"),
        ({"date": "31/02/2026"}, InvalidInput, "datum: '31/02/2026' bestaat niet als datum"),
        ({"date": "1/7/2026", "date_from": "1/7/2026"}, InvalidInput, "datum: geef één dag"),
        ({"organiser_partner": "Rode Kruis"}, NotFound, "partner 'Rode Kruis' bestaat niet"),
        ({"organiser_partner": "dienst"}, Ambiguous, "partner 'dienst' is dubbelzinnig"),
        ({"organiser_partner": "1", "organiser": "Stad"}, InvalidInput, "niet beide"),
        ({"postcode": "350"}, InvalidInput, "postcode: '350' is geen Belgische postcode"),
        ({"capacity": "0"}, InvalidInput, "capaciteit: '0' moet een geheel getal ≥ 1 zijn"),
        ({"title": "   "}, InvalidInput, "titel: een activiteit heeft een titel nodig"),
        ({"title": None}, InvalidInput, "ontbrekende opties: --title"),
    ],
)
def test_bad_input_writes_nothing(db, config, values, error, message):
    before = table_counts(db)
    with pytest.raises(error) as caught:
        add(db, config, **values)
    assert message in caught.value.message
    assert table_counts(db) == before


def test_external_id_is_unique(db, config):
    add(db, config, external_id="X-1")
    with pytest.raises(Conflict, match="extern id 'X-1' hoort al bij activiteit 1"):
        add(db, config, external_id="X-1")


def test_edit_price_moves_a_default_kansentarief_but_keeps_a_chosen_one(db, config):
    add(db, config)
    assert activities.edit(db, config, 1, {"price": "10"})["kansentarief_cents"] == 200
    add(db, config, kansentarief="1")
    assert activities.edit(db, config, 2, {"price": "10"})["kansentarief_cents"] == 100
    with pytest.raises(InvalidInput, match="kansentarief: € 1,00 is hoger dan de volle prijs € 0,50"):
        activities.edit(db, config, 2, {"price": "0,50"})
    assert activities.get(db, 2)["price_cents"] == 1000


def test_edit_dates_organiser_and_audit(db, config):
    add(db, config, date_from="1/7/2026", date_to="31/8/2026", organiser="Zwemclub")
    edited = activities.edit(db, config, 1, {"date_to": "15/08/2026", "organiser_partner": "De Brug"})
    assert (edited["start_date"], edited["end_date"]) == ("2026-07-01", "2026-08-15")
    assert (edited["organiser"], edited["organiser_name"]) == ("De Brug Hasselt", "")
    edited = activities.edit(db, config, 1, {"permanent": True})
    assert (edited["calendar_type"], edited["start_date"], edited["end_date"]) == ("permanent", None, None)
    same = activities.edit(db, config, 1, {"title": "Zwemmen"})
    assert same["updated_at"] == edited["updated_at"]
    assert audit_rows(db)[1:] == [
        ("1", "edit", "end_date,organiser_name,organiser_partner_id"),
        ("1", "edit", "calendar_type,end_date,start_date"),
    ]
    assert "Zwemclub" not in str(audit_rows(db))


def test_deactivate_and_reactivate(db, config):
    add(db, config)
    assert activities.deactivate(db, 1)["active"] is False
    with pytest.raises(Conflict, match="activiteit 1 \\(Zwemmen\\) is al inactief"):
        activities.deactivate(db, 1)
    assert activities.edit(db, config, 1, {"reactivate": True})["active"] is True
    with pytest.raises(NotFound, match="activiteit 99 bestaat niet"):
        activities.deactivate(db, 99)


# ---- list ----

def test_list_filters(db, config):
    add(db, config, title="Zwembeurt")  # permanent
    add(db, config, title="Sportkamp", domain="jeugd", date_from="6/7/2026", date_to="10/7/2026",
        organiser_partner="1")
    add(db, config, title="Théâtre d'été", domain="cultuur", date="1/8/2026", organiser="CC Hasselt",
        description="Voor het hele gezin")
    add(db, config, title="Oud concert", domain="cultuur", date="1/1/2025")
    activities.deactivate(db, 4)

    def titles(**filters):
        return [a["title"] for a in activities.list_activities(db, config, **filters)]

    assert titles(domain="Cultuur") == ["Théâtre d'été", "Oud concert"]
    assert titles(date_from="1/7/2026", date_to="7/7/2026") == ["Zwembeurt", "Sportkamp"]
    assert titles(date_from="2/8/2026") == ["Zwembeurt"]
    assert titles(date_to="31/12/2025") == ["Zwembeurt", "Oud concert"]
    assert titles(organiser="1") == ["Sportkamp"]
    assert titles(organiser="jeugd- en SPORT") == ["Sportkamp"]
    assert titles(text="THEATRE D'ETE") == ["Théâtre d'été"]
    assert titles(text="gezin") == ["Théâtre d'été"]
    assert titles(active=False) == ["Oud concert"]
    assert titles(active=True, limit=2) == ["Zwembeurt", "Sportkamp"]
    with pytest.raises(InvalidInput, match="tot: 01/01/2026 ligt voor van: 01/02/2026"):
        titles(date_from="1/2/2026", date_to="1/1/2026")


# ---- the transparent offer ----

def test_offer_groups_active_current_activities_by_domain(db, config):
    add(db, config, title="Zwembeurt")
    add(db, config, title="Sportkamp", domain="jeugd", date_from="6/7/2026", date_to="10/7/2026")
    add(db, config, title="Voorbij", domain="cultuur", date="1/6/2026")
    add(db, config, title="Concert", domain="cultuur", date="20/6/2026")
    add(db, config, title="Afgelast", domain="cultuur", date="21/6/2026")
    add(db, config, title="Aquagym", date="16/6/2026")
    activities.deactivate(db, 5)
    data = offer.offer(db, config)
    assert [(g["code"], [a["title"] for a in g["activities"]]) for g in data["domains"]] == [
        ("cultuur", ["Concert"]),
        ("jeugd", ["Sportkamp"]),
        ("sport", ["Zwembeurt", "Aquagym"]),
    ]
    assert (data["date_from"], data["date_to"], data["count"]) == ("2026-06-15", None, 4)
    assert data["participant_share_bp"] == 2000 and data["yearly_cap_cents"] == 15000
    assert data["grounds"][0] == "Verhoogde tegemoetkoming"
    assert "De Brug Hasselt" in data["partners"]
    july = offer.offer(db, config, domain="sport", date_from="1/7/2026", date_to="31/7/2026")
    assert [[a["title"] for a in g["activities"]] for g in july["domains"]] == [["Zwembeurt"]]


# ---- UiTdatabank import ----

def test_both_samples_import_and_reimport_unchanged(db, config):
    first = activity_import.import_json(db, config, TERMS)
    second = activity_import.import_json(db, config, UITPAS)
    assert (first["new"], second["new"], first["previous_import_id"]) == (1, 1, None)
    again = activity_import.import_json(db, config, UITPAS)
    assert (again["new"], again["updated"], again["unchanged"], again["previous_import_id"]) == (0, 0, 1, 2)
    rows = [tuple(r) for r in db.execute(
        "SELECT kind, file_name, rows_read, new_count, matched_count, updated_count FROM imports")]
    assert rows == [
        ("activities", TERMS.name, 1, 1, 0, 0),
        ("activities", UITPAS.name, 1, 1, 0, 0),
        ("activities", UITPAS.name, 1, 0, 1, 0),
    ]
    murga = activities.get(db, 2)
    assert (murga["price_cents"], murga["kansentarief_cents"], murga["source"]) == (800, 150, "uitdatabank")
    koran = activities.get(db, 1)
    assert (koran["price_cents"], koran["kansentarief_cents"]) == (0, 0)


def test_reimport_updates_by_external_id(db, config, tmp_path):
    activity_import.import_json(db, config, SEARCH)
    activities.edit(db, config, 1, {"capacity": "12"})
    changed = tmp_path / "zoek.json"
    changed.write_text(SEARCH.read_text().replace('"price": 45', '"price": 50'))
    result = activity_import.import_json(db, config, changed)
    assert (result["new"], result["updated"], result["unchanged"]) == (0, 1, 2)
    swim = activities.get(db, 1)
    assert (swim["price_cents"], swim["kansentarief_cents"], swim["capacity"]) == (5000, 900, 12)
    assert ("1", "edit", "price_cents") in audit_rows(db)
    # an organiser written exactly as a partner's name is linked to that partner
    assert swim["organiser_partner_id"] == 1


def test_json_dry_run_writes_nothing(db, config):
    before = table_counts(db)
    result = activity_import.import_json(db, config, SEARCH, dry_run=True)
    assert (result["new"], result["dry_run"], result["import_id"]) == (3, True, None)
    assert table_counts(db) == before


def test_same_event_twice_in_a_file(db, config, tmp_path):
    text = UITPAS.read_text()
    twice = tmp_path / "twice.json"
    twice.write_text(f"[{text}, {text}]")
    result = activity_import.import_json(db, config, twice)
    assert (result["rows_read"], result["new"], result["duplicates_in_file"]) == (2, 1, 1)
    other = tmp_path / "other.json"
    other.write_text(f"[{text}, {text.replace('Lessenreeks MURGA', 'Lessenreeks')}]")
    before = table_counts(db)
    with pytest.raises(ImportRejected) as caught:
        activity_import.import_json(db, config, other)
    assert caught.value.details == [
        "evenement 2: 'http://culudb-silex.dev:8080/event/405a0c6a-c48f-4c5f-960c-df337237b9d6'"
        " staat ook als evenement 1, met andere gegevens"
    ]
    assert table_counts(db) == before


def test_a_bad_event_refuses_the_whole_file(db, config):
    before = table_counts(db)
    with pytest.raises(ImportRejected) as caught:
        activity_import.import_json(db, config, DATA / "activity_uitdatabank_bad_events.json")
    assert len(caught.value.details) == 6
    assert table_counts(db) == before


# ---- CSV and Excel lists ----

def test_csv_list_in_windows_1252(db, config):
    result = activity_table.import_table(db, config, DATA / "activity_offer.csv")
    assert (result["rows_read"], result["new"], result["rejected"]) == (5, 5, 0)
    assert result["dialect"] == "Windows-1252, scheidingsteken ';'"
    rows = activities.list_activities(db, config)
    assert [r["title"] for r in rows][3] == "Tentoonstelling: Mode & Café"
    swim, camp, show = rows[0], rows[1], rows[2]
    assert (swim["calendar_type"], swim["kansentarief_cents"], swim["organiser_partner_id"]) == (
        "permanent", 80, 1)
    assert (camp["start_date"], camp["end_date"], camp["kansentarief_cents"], camp["capacity"],
            camp["external_id"]) == ("2026-07-06", "2026-07-10", 1900, 40, "SPK-2026-1")
    assert (show["calendar_type"], show["start_date"], show["price_cents"]) == ("single", "2026-12-12", 950)
    again = activity_table.import_table(db, config, DATA / "activity_offer.csv")
    assert (again["new"], again["unchanged"], again["previous_import_id"]) == (0, 5, 1)


def test_xlsx_list_with_date_cells_and_an_empty_row(db, config):
    result = activity_table.import_table(db, config, DATA / "activity_offer.xlsx")
    assert (result["rows_read"], result["new"]) == (3, 3)
    play, swim, library = activities.list_activities(db, config)
    assert (play["start_date"], play["end_date"], play["kansentarief_cents"]) == (
        "2026-07-01", "2026-08-25", 80)
    assert (swim["calendar_type"], swim["price_cents"], swim["kansentarief_cents"]) == ("single", 350, 70)
    assert library["calendar_type"] == "permanent"


def test_bad_list_is_refused_whole_with_every_problem(db, config):
    before = table_counts(db)
    with pytest.raises(ImportRejected) as caught:
        activity_table.import_table(db, config, DATA / "activity_offer_bad.csv")
    assert caught.value.message.startswith(f"{DATA / 'activity_offer_bad.csv'}: 8 problemen in 7 rijen;")
    assert caught.value.details[0] == "regel 3: Titel: een activiteit heeft een titel nodig"
    assert caught.value.details[-1] == "regel 9: Kansentarief: € 6,00 is hoger dan de volle prijs € 5,00"
    assert table_counts(db) == before


def test_skip_invalid_writes_the_good_rows_and_the_rejects(db, config, tmp_path):
    source = tmp_path / "aanbod.csv"
    shutil.copyfile(DATA / "activity_offer_bad.csv", source)
    result = activity_table.import_table(db, config, source, options=RunOptions(skip_invalid=True))
    assert (result["new"], result["rejected"], result["problem_count"]) == (1, 7, 8)
    rejects = (tmp_path / "aanbod.rejects.csv").read_text()
    assert rejects.splitlines()[0] == "Foutmelding;Titel;Domein;Plaats;Datum;Einddatum;Prijs;Kansentarief"
    assert "regel 4: Domein: domein 'kunst' is onbekend" in rejects


def test_list_without_domain_column_needs_domain_option(db, config, tmp_path):
    source = tmp_path / "sport.csv"
    source.write_text("Titel,Prijs,Capaciteit\nJudo,120,20\nTennis,150,\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="verplichte kolom ontbreekt: domein \\(domain\\)"):
        activity_table.import_table(db, config, source)
    result = activity_table.import_table(db, config, source, domain="sport")
    assert result["new"] == 2
    activities.edit(db, config, 1, {"place": "Sporthal"})
    source.write_text("Titel,Prijs,Capaciteit\nJudo,120,25\nTennis,150,\n", encoding="utf-8")
    result = activity_table.import_table(db, config, source, domain="sport")
    assert (result["updated"], result["unchanged"]) == (1, 1)
    judo = activities.get(db, 1)
    assert (judo["capacity"], judo["place"]) == (25, "Sporthal")  # only the file's columns change


# ---- demo data ----

def _generate(db, config, activities_wanted=0, seed=7):
    from vrijetijd_cli.synthetic import Plan
    from vrijetijd_cli.synthetic import offer as demo_offer

    plan = Plan(seed=seed, participants=10, today=date(2026, 6, 15), activities=activities_wanted)
    with atomic(db):
        demo_offer.generate(db, config, random.Random(seed), plan)
    return [dict(r) for r in db.execute("SELECT * FROM activities ORDER BY id")]


def test_demo_offer_is_a_realistic_municipal_offer(db, config):
    rows = _generate(db, config)
    assert 100 < len(rows) < 400
    assert {r["domain"] for r in rows} == {"cultuur", "jeugd", "sport"}
    assert {r["calendar_type"] for r in rows} == {"single", "periodic", "permanent"}
    titles = " ".join(r["title"] for r in rows)
    for word in ("Zwembeurt", "bibliotheek", "Stadsmuseum", "Chiro", "Sportkamp", "Lidgeld judoclub",
                 "Speelpleinwerking", "Theater"):
        assert word in titles
    years = {r["start_date"][:4] for r in rows if r["start_date"]}
    assert {"2024", "2025", "2026"} <= years
    for r in rows:
        assert 0 <= r["kansentarief_cents"] <= r["price_cents"]
        assert r["end_date"] is None or r["start_date"] <= r["end_date"]
        assert (r["start_date"] is None) == (r["calendar_type"] == "permanent")
    assert sum(1 for r in rows if r["organiser_partner_id"] == 1) > 50


def test_demo_offer_scales_to_exactly_the_planned_number(db, config):
    rows = _generate(db, config, activities_wanted=3000)
    assert len(rows) == 3000
    ids = [r["external_id"] for r in rows if r["external_id"]]
    assert len(ids) == len(set(ids)) > 1000
    assert len({r["locality"] for r in rows}) > 20
    assert all(0 <= r["kansentarief_cents"] <= r["price_cents"] for r in rows)


def test_demo_offer_is_reproducible(db, config, tmp_path):
    first = [(r["title"], r["start_date"], r["price_cents"]) for r in _generate(db, config, 500)]
    db.execute("DELETE FROM activities")
    second = [(r["title"], r["start_date"], r["price_cents"]) for r in _generate(db, config, 500)]
    assert first == second
