"""Property-based tests of what reads a partner's file (issue 18): the header matcher, the phone
number parser and the UiTdatabank JSON-LD reader give a value or a clear error (InvalidInput or
ImportRejected), never another exception, whatever they are handed."""

from __future__ import annotations

import json
import re

from hypothesis import example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from vrijetijd_cli.errors import ImportRejected, InvalidInput
from vrijetijd_cli.importers import uitdatabank
from vrijetijd_cli.importers.fields import PARTICIPANTS
from vrijetijd_cli.importers.headers import header_key, map_headers
from vrijetijd_cli.importers.phone import parse_phone

thorough = hypothesis_settings(max_examples=300, deadline=None)
HEADERS = ["Naam", "Voornaam", "Familienaam", "Geboortedatum", "Geb. datum", "Geboortejaar", "Statuut (VT, …)",
           "Doelgroep*", "INSZ", "Postcode en gemeente", "GSM", "", "Opmerking", "Foutmelding"]
header = st.one_of(st.sampled_from(HEADERS), st.text(max_size=30), st.text(alphabet="([{*)]}., ", max_size=8))


@thorough
@given(st.lists(header, max_size=12), st.lists(st.text(max_size=20), max_size=3),
       st.lists(st.lists(st.text(max_size=15), max_size=12), max_size=3))
@example(["Naam"] * 3, [], [])
@example(["x" * 200_000], ["x=naam"], [])
def test_the_header_matcher_maps_or_says_why_not(headers, overrides, sample):
    try:
        found = map_headers(headers, PARTICIPANTS, {}, overrides, ["Foutmelding"], sample)
    except InvalidInput as error:
        assert error.message
        return
    assert set(found.columns.values()) <= set(range(len(headers)))
    assert len(set(found.columns.values())) == len(found.columns)  # one column, one field
    assert not set(found.private_columns) & set(found.columns.values())


@thorough
@given(st.text())
def test_a_header_key_is_stable(text):
    key = header_key(text)
    assert key == key.strip() and " " not in key
    assert header_key(key) == key or not key


typed_number = st.one_of(
    st.text(max_size=45),
    st.text(alphabet="0123456789 +()/.-", max_size=24),
    st.from_regex(r"(\+|00)?\d{1,3}[ ./-]?\d{1,4}([ ./-]?\d{2,3}){0,4}", fullmatch=True),
)


@thorough
@given(typed_number)
@example("٠٤٧١٢٣٤٥٦٧")
@example("9" * 5000)
def test_the_phone_parser_gives_one_form_or_a_clear_error(text):
    try:
        number = parse_phone(text, "GSM")
    except InvalidInput as error:
        assert error.message.startswith("GSM: ")
        return
    assert re.fullmatch(r"0\d{1,3}( \d{2,3}){3}|\+[1-9]\d*( \d+)*", number), number
    assert parse_phone(number, "GSM") == number  # what is stored reads back as itself


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["@id", "name", "startDate", "endDate", "calendarType", "priceInfo", "price", "category",
                         "location", "address", "terms", "member", "nl", "label", "domain", "organizer"]),
        children, max_size=5),
    max_leaves=30,
)
event = st.fixed_dictionaries({
    "@id": st.text(max_size=10), "name": st.one_of(st.text(max_size=10), json_values),
    "startDate": st.one_of(st.sampled_from(["2026-07-01T10:00:00+02:00", "9999-12-31T23:30:00+00:00",
                                            "0001-01-01", "", "morgen"]), json_values),
    "priceInfo": json_values, "calendarType": st.sampled_from(["single", "periodic", "permanent", "x"]),
})


def read(data: bytes):
    try:
        return uitdatabank.parse(data, uitdatabank.Settings(), "lijst.json")
    except (InvalidInput, ImportRejected) as error:
        assert error.message.startswith("lijst.json: ")
        return None


@thorough
@given(st.one_of(json_values.map(json.dumps), st.lists(event, max_size=3).map(json.dumps),
                 event.map(json.dumps)).map(str.encode))
@example(b"[" * 100_000 + b"]" * 100_000)
@example(b'{"@id": "x", "name": "y", "priceInfo": [{"category": "base", "price": 1e999999}]}')
@example(b'{"@id": "x", "name": "y", "priceInfo": [{"category": "base", "price": ' + b"9" * 5000 + b"}]}")
@example(b"\xff\xfe")
def test_the_json_ld_reader_gives_activities_or_a_clear_error(data):
    parsed = read(data)
    if parsed is not None:
        for activity in parsed.activities:
            assert activity["price_cents"] >= 0 and activity["title"]


@thorough
@given(st.binary(max_size=200))
def test_any_bytes_are_read_or_refused(data):
    read(data)
