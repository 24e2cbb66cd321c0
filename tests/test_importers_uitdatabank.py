"""UiTdatabank JSON-LD -> activity dicts: pure, no database."""

import json
from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import DATA
from vrijetijd_cli import i18n
from vrijetijd_cli.errors import ImportRejected, InvalidInput
from vrijetijd_cli.importers.uitdatabank import Settings, brussels_date, parse, read_events

HASSELT = Settings(
    language="nl",
    uitpas_region="UiTPAS Regio Hasselt",
    domain_terms={"Sportactiviteit": "sport", "Kamp of vakantie": "jeugd",
                  "Cursus of workshop": "cultuur", "Tentoonstelling": "cultuur",
                  "Zwemmen": "sport", "1.7.0.0.0": "jeugd"},
    default_domain="cultuur",
)


def event(**fields) -> dict:
    base = {
        "@id": "https://io.uitdatabank.be/event/x1",
        "name": {"nl": "Concert"},
        "calendarType": "permanent",
        "priceInfo": [{"category": "base", "name": "Basistarief", "price": 10}],
    }
    base.update(fields)
    return base


def one(data, settings: Settings = HASSELT) -> dict:
    parsed = parse(json.dumps(data).encode(), settings, "test.json")
    assert len(parsed.activities) == 1
    return parsed.activities[0]


def problems(data, settings: Settings = HASSELT) -> list[str]:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    with pytest.raises(ImportRejected) as caught:
        parse(raw, settings, "test.json")
    assert caught.value.message.endswith("er is niets ingelezen")
    return caught.value.details


def test_sample_with_terms():
    data = (DATA / "activity_uitdatabank_event_with_terms.json").read_bytes()
    [activity] = parse(data, HASSELT, "x.json").activities
    description = activity.pop("description")
    assert description.startswith("De islam is niet meer weg te denken uit onze maatschappij.")
    assert activity == {
        "external_id": "http://culudb-silex.dev:8080/event/d1f0e71d-a9a8-4069-81fb-530134502c58",
        "title": "Koran, kaliefen en kruistochten - De fundamenten van de islam",
        "domain": "cultuur",
        "organiser_name": "Davidsfonds Academie",
        "place": "Cultuurcentrum De Kruisboog",
        "postcode": "3300",
        "locality": "Tienen",
        "calendar_type": "multiple",
        "start_date": "2015-03-02",
        "end_date": "2015-03-30",
        "price_cents": 0,
        "kansentarief_cents": None,
        "source": "uitdatabank",
    }


def test_sample_with_uitpas_prices_takes_the_lowest_without_own_region():
    data = (DATA / "activity_uitdatabank_event_with_uitpas_prices.json").read_bytes()
    [activity] = parse(data, HASSELT, "x.json").activities
    assert activity["price_cents"] == 800
    assert activity["kansentarief_cents"] == 150  # UiTPAS Dender, the lowest of four
    assert (activity["calendar_type"], activity["start_date"], activity["end_date"]) == (
        "periodic", "2014-09-01", "2015-06-29")
    assert activity["organiser_name"] == ""
    assert "<p>" not in activity["description"]
    assert activity["description"].startswith("Wij zijn Murga çava, een vrolijke groep van 20")
    assert "\n" not in activity["description"]  # soft line breaks inside one paragraph


def test_the_configured_region_wins_even_when_another_is_lower():
    data = (DATA / "activity_uitdatabank_event_with_uitpas_prices.json").read_bytes()
    gent = Settings("nl", "UiTPAS Regio Gent", {}, "cultuur")
    assert parse(data, gent, "x.json").activities[0]["kansentarief_cents"] == 160
    activity = one(event(priceInfo=[
        {"category": "base", "name": {"nl": "Basistarief"}, "price": 45},
        {"category": "uitpas", "name": {"nl": "Kansentarief met UiTPAS Regio Genk"}, "price": 4.5},
        {"category": "uitpas", "name": {"nl": "Kansentarief met UiTPAS Regio Hasselt"}, "price": 9},
    ]))
    assert activity["kansentarief_cents"] == 900


def test_reduced_price_needs_kansentarief_in_its_name():
    activity = one(event(priceInfo=[
        {"category": "base", "name": "Basistarief", "price": 20},
        {"category": "tariff", "name": "Senioren", "price": 15},
        {"category": "uitpas", "name": {"fr": "Tarif social", "nl": "KANSENTARIEF"}, "price": 4},
        {"category": "tariff", "name": "kansentarief (gezin)", "price": 3},
    ]))
    assert activity["kansentarief_cents"] == 300
    assert one(event(priceInfo=[
        {"category": "base", "name": "Basistarief", "price": 20},
        {"category": "tariff", "name": "Senioren", "price": 15},
    ]))["kansentarief_cents"] is None


def test_search_page_with_member():
    data = (DATA / "activity_uitdatabank_search.json").read_bytes()
    first, second, third = parse(data, HASSELT, "zoek.json").activities
    assert (first["title"], first["domain"], first["price_cents"], first["kansentarief_cents"]) == (
        "Zwemles voor volwassenen", "sport", 4500, 900)
    assert first["description"] == "Leer zwemmen in tien lessen.\nBadmuts verplicht & gratis te leen."
    assert (first["start_date"], first["end_date"]) == ("2026-09-07", "2026-11-16")
    assert first["organiser_name"] == "Cultuur-, jeugd- en sportdienst"
    # no Dutch name: mainLanguage; 22:30 UTC in July is the next day in Belgium
    assert second["title"] == "Stage d'été"
    assert (second["calendar_type"], second["start_date"], second["end_date"]) == (
        "single", "2026-07-11", "2026-07-11")
    assert (second["place"], second["postcode"], second["locality"]) == ("Jeugdhuis", "3511", "Kuringen")
    assert (second["domain"], second["price_cents"], second["kansentarief_cents"]) == ("jeugd", 1250, 250)
    assert (third["calendar_type"], third["start_date"], third["domain"]) == ("permanent", None, "cultuur")


def test_a_single_event_and_a_list_are_accepted():
    assert one(event())["title"] == "Concert"
    assert one([event()])["title"] == "Concert"


def test_name_in_configured_language_else_main_language_else_any():
    names = {"fr": "Concert (fr)", "en": "Concert (en)", "nl": "Concert (nl)"}
    english = Settings("en", "", {}, "cultuur")
    assert one(event(name=names), english)["title"] == "Concert (en)"
    assert one(event(name=names, mainLanguage="fr"))["title"] == "Concert (nl)"
    assert one(event(name={"fr": "Concert (fr)", "de": "Konzert"}, mainLanguage="de"))["title"] == "Konzert"
    assert one(event(name={"de": "Konzert"}))["title"] == "Konzert"
    assert one(event(name="  Gewoon   een tekst "))["title"] == "Gewoon een tekst"


def test_domain_from_eventtype_then_theme_then_default():
    def domain(terms):
        return one(event(terms=terms))["domain"]

    assert domain([{"label": "Zwemmen", "domain": "theme"},
                   {"label": "Kamp of vakantie", "domain": "eventtype"}]) == "jeugd"
    assert domain([{"label": "Zwemmen", "domain": "theme"}]) == "sport"
    assert domain([{"label": "sportactiviteit", "domain": "eventtype"}]) == "sport"
    assert domain([{"label": "Iets anders", "domain": "theme", "id": "1.7.0.0.0"}]) == "jeugd"
    assert domain([{"label": "Sportactiviteit", "domain": "publicscope"}]) == "cultuur"
    assert domain("geen lijst") == "cultuur"


def test_dates_become_belgian_dates():
    winter = datetime.fromisoformat("2026-01-15T23:30:00+00:00")
    summer = datetime.fromisoformat("2026-07-01T21:59:00+00:00")
    assert brussels_date(winter).isoformat() == "2026-01-16"
    assert brussels_date(summer).isoformat() == "2026-07-01"
    assert brussels_date(datetime.fromisoformat("2026-07-01T22:00:00Z")).isoformat() == "2026-07-02"
    # summer time starts 29/03/2026 at 01:00 UTC
    assert brussels_date(datetime.fromisoformat("2026-03-29T00:59:00Z")).isoformat() == "2026-03-29"
    assert brussels_date(datetime.fromisoformat("2026-03-28T23:30:00Z")).isoformat() == "2026-03-29"
    assert brussels_date(datetime.fromisoformat("2026-10-24T22:30:00Z")).isoformat() == "2026-10-25"
    assert one(event(calendarType="single", startDate="2026-05-01"))["end_date"] == "2026-05-01"


def test_calendar_type_is_derived_when_missing():
    no_type = event()
    del no_type["calendarType"]
    assert one(no_type)["calendar_type"] == "permanent"
    assert one({**no_type, "startDate": "2026-05-01T10:00:00+02:00",
                "endDate": "2026-05-03T10:00:00+02:00"})["calendar_type"] == "periodic"


@pytest.mark.parametrize(
    ("price", "cents"),
    [(1.5, 150), (0.1, 10), (19.99, 1999), (8, 800), (0, 0), (1.10, 110), (100000, 10_000_000)],
)
def test_prices_convert_exactly(price, cents):
    assert one(event(priceInfo=[{"category": "base", "price": price}]))["price_cents"] == cents


@given(st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False))
def test_any_two_decimal_price_converts_exactly(amount):
    text = f'{{"@id": "e", "name": "x", "priceInfo": [{{"category": "base", "price": {amount}}}]}}'
    [activity] = parse(text.encode(), HASSELT).activities
    assert activity["price_cents"] == int(amount * 100)
    assert Decimal(activity["price_cents"]) / 100 == amount


def test_every_problem_of_every_event_is_reported_with_its_position():
    details = problems(json.loads((DATA / "activity_uitdatabank_bad_events.json").read_text()))
    assert details == [
        "evenement 2: '@id' ontbreekt (nodig als extern id)",
        "evenement 3 (https://io.uitdatabank.be/event/a3): 'name' ontbreekt of is leeg",
        "evenement 4 (https://io.uitdatabank.be/event/a4): priceInfo[0].price -5 is negatief",
        "evenement 5 (https://io.uitdatabank.be/event/a5): priceInfo[0].price 'acht euro' is geen getal",
        "evenement 6 (https://io.uitdatabank.be/event/a6): kansentarief € 6,00 is hoger dan het"
        " basistarief € 5,00",
        "evenement 7 (https://io.uitdatabank.be/event/a7): einddatum 01/08/2026 ligt voor begindatum"
        " 10/08/2026",
    ]


@pytest.mark.parametrize(
    ("price_info", "message"),
    [
        ([{"category": "base", "price": True}], "priceInfo[0].price True is geen getal"),
        ([{"category": "base"}], "priceInfo[0].price (ontbreekt) is geen getal"),
        ([{"category": "base", "price": 1.005}], "priceInfo[0].price 1.005 heeft meer dan twee decimalen"),
        ([{"category": "base", "price": 1e9}], "is onwaarschijnlijk hoog"),
        ([{"category": "uitpas", "name": "Kansentarief", "price": 1}], "geen basistarief"),
        ("gratis", "priceInfo is geen lijst"),
        (["x"], "priceInfo[0] is geen object"),
    ],
)
def test_bad_prices(price_info, message):
    [detail] = problems(event(priceInfo=price_info))
    assert message in detail


def test_bad_dates_and_calendar():
    assert "startDate 'morgen' is geen datum" in problems(event(calendarType="single", startDate="morgen"))[0]
    assert "'startDate' ontbreekt" in problems(event(calendarType="periodic"))[0]
    assert "calendarType 'soms' is onbekend" in problems(event(calendarType="soms"))[0]


def test_missing_prices_are_a_warning_not_an_error():
    data = event()
    del data["priceInfo"]
    parsed = parse(json.dumps(data).encode(), HASSELT, "t.json")
    assert parsed.activities[0]["price_cents"] == 0
    assert parsed.warnings == [
        "evenement 1 (https://io.uitdatabank.be/event/x1): geen prijsinformatie (priceInfo);"
        " volle prijs € 0,00 aangenomen"
    ]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ((DATA / "activity_uitdatabank_invalid.json").read_bytes(),
         "x.json: ongeldige JSON op regel 7, kolom 3: Expecting ',' delimiter"),
        (b"", "x.json: ongeldige JSON op regel 1, kolom 1: Expecting value"),
        (b'{"price": NaN}', "x.json: ongeldige JSON: NaN is geen getal"),
        (b"\xff\xfe{}", "x.json: geen UTF-8-tekst (byte 1)"),
        (b"42", "x.json: de JSON is geen evenement of lijst van evenementen maar een getal"),
        (b'"tekst"', "x.json: de JSON is geen evenement of lijst van evenementen maar een tekst"),
        ((DATA / "activity_uitdatabank_not_events.json").read_bytes(),
         "x.json: de JSON is geen UiTdatabank-evenement"),
        (b'{"member": {"@id": "x"}}', "x.json: 'member' is geen lijst van evenementen"),
        (b"[]", "x.json: het bestand bevat geen evenementen"),
        (b'[{"@id": "x"}, 3, "y"]', "x.json: de JSON is geen lijst van evenementen: element 2, 3 is geen"),
    ],
)
def test_files_that_are_not_events(raw, message):
    with pytest.raises(InvalidInput) as caught:
        read_events(raw, "x.json")
    assert caught.value.message.startswith(message)


def test_english_messages():
    i18n.set_language("en")
    english = Settings("en", "", {}, "cultuur")
    with pytest.raises(ImportRejected) as caught:
        parse(json.dumps(event(name="", priceInfo=[{"category": "base", "price": -1}])).encode(), english,
              "test.json")
    assert caught.value.message == "test.json: 2 problems; nothing was imported"
    assert caught.value.details == [
        "event 1 (https://io.uitdatabank.be/event/x1): 'name' is missing or empty",
        "event 1 (https://io.uitdatabank.be/event/x1): priceInfo[0].price -1 is negative",
    ]
    with pytest.raises(InvalidInput, match="^x.json: the JSON is not an event or list of events but a text$"):
        read_events(b'"tekst"', "x.json")
