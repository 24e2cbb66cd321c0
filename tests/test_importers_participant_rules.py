"""The rules of a participant (importers/participant_rules.py) and the parts they use: a name
column split in two, phone numbers, postcodes in addresses, birth dates, years and month-first dates."""

from datetime import date

import pytest

from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.importers import participant_rules as rules
from vrijetijd_cli.importers.columns import Suspect
from vrijetijd_cli.importers.names import split_name
from vrijetijd_cli.importers.phone import parse_phone

TODAY = date(2026, 6, 15)


@pytest.mark.parametrize(
    ("whole", "order", "first", "last", "by_order"),
    [
        ("PEETERS Ann", "first_last", "Ann", "Peeters", False),
        ("Ann PEETERS", "last_first", "Ann", "Peeters", False),
        ("Peeters, Ann", "first_last", "Ann", "Peeters", False),
        ("Ann Peeters", "first_last", "Ann", "Peeters", True),
        ("Peeters Ann", "last_first", "Ann", "Peeters", True),
        ("PEETERS ANN", "last_first", "Ann", "Peeters", True),
        ("Jan Van den Broeck", "first_last", "Jan", "Van den Broeck", True),
        ("Van den Broeck Jan", "last_first", "Jan", "Van den Broeck", True),
        ("Jan van den BROECK", "first_last", "Jan", "van den Broeck", False),
        ("VAN DEN BROECK Jan", "first_last", "Jan", "Van Den Broeck", False),
        ("Ann Marie Peeters", "first_last", "Ann Marie", "Peeters", True),
        ("D'HONDT Els", "first_last", "Els", "D'Hondt", False),
        ("EL-AMRANI Yasmina", "first_last", "Yasmina", "El-Amrani", False),
        ("  Vander Elst ,  Lotte ", "first_last", "Lotte", "Vander Elst", False),
    ],
)
def test_one_name_column_is_split(whole, order, first, last, by_order):
    split = split_name(whole, order)
    assert (split.first, split.last, split.by_order) == (first, last, by_order)


@pytest.mark.parametrize("whole", ["Peeters", "Peeters,", ", Ann", "---"])
def test_a_name_without_two_parts_is_refused(whole):
    with pytest.raises(InvalidInput, match="heeft geen voornaam en familienaam"):
        split_name(whole, "first_last", "Naam")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0471 23 45 67", "0471 23 45 67"),
        ("0471234567", "0471 23 45 67"),
        ("471234567", "0471 23 45 67"),  # a spreadsheet dropped the zero
        ("+32 471 23 45 67", "0471 23 45 67"),
        ("0032471234567", "0471 23 45 67"),
        ("+32 (0)471 23 45 67", "0471 23 45 67"),
        ("011/23.45.67", "011 23 45 67"),
        ("11234567", "011 23 45 67"),
        ("02 123 45 67", "02 123 45 67"),
        ("09-123 45 67", "09 123 45 67"),
        ("+33 6 12 34 56 78", "+33 6 12 34 56 78"),
        ("0033 6 12 34 56 78", "+33 6 12 34 56 78"),
        ("+380671234567", "+380671234567"),
    ],
)
def test_phone_numbers_in_one_written_form(typed, stored):
    assert parse_phone(typed, "GSM") == stored


@pytest.mark.parametrize("typed", ["0471 23 45 6", "047123456789", "12345", "geen gsm", "+0 12 34 56 78",
                                   "+1234567", "0800", "٠٤٧١٢٣٤٥٦٧"])
def test_impossible_phone_numbers_are_refused_naming_the_value(typed):
    with pytest.raises(InvalidInput) as error:
        parse_phone(typed, "GSM")
    assert error.value.message == f"GSM: {typed!r} is geen telefoonnummer"


@pytest.mark.parametrize(
    ("address", "postcode"),
    [("3500 Hasselt", "3500"), ("Kerkstraat 1, 3510 Kermt", "3510"), ("B-3511 Kuringen", "3511"),
     ("Kerkstraat 1000, 3500 Hasselt", "3500"), ("3500", "3500"), ("Hasselt, 3500", "3500")],
)
def test_the_postcode_of_an_address(address, postcode):
    assert rules.postcode_in_address(address, "Adres") == postcode


@pytest.mark.parametrize(
    ("address", "message"),
    [("75001 Paris", "Adres: '75001' is geen Belgische postcode (vier cijfers)"),
     ("0500 Hasselt", "Adres: '0500' is geen Belgische postcode (vier cijfers)"),
     ("Kerkstraat, Hasselt", "Adres: geen postcode gevonden in 'Kerkstraat, Hasselt'")],
)
def test_an_address_without_a_belgian_postcode_is_refused(address, message):
    with pytest.raises(InvalidInput) as error:
        rules.postcode_in_address(address, "Adres")
    assert error.value.message == message


def test_birth_dates_years_excel_days_and_month_first_dates():
    born = rules.birth(TODAY)
    assert born("12/03/1985", "Geb") == ("1985-03-12", 1985)
    assert born(date(1985, 3, 12), "Geb") == ("1985-03-12", 1985)
    assert born("31118", "Geb") == ("1985-03-12", 1985)  # Excel's day number
    assert born("1985", "Geb") == (None, 1985)  # only the year
    assert rules.year_only(TODAY)("1985", "Jaar") == 1985
    with pytest.raises(InvalidInput, match="Jaar: '2027' is geen geboortejaar \\(van 1900 tot 2026\\)"):
        rules.year_only(TODAY)("2027", "Jaar")
    with pytest.raises(InvalidInput, match="Jaar: '85' is geen jaartal"):
        rules.year_only(TODAY)("85", "Jaar")
    with pytest.raises(Suspect) as error:
        born("03/25/1985", "Geb")
    assert error.value.message == ("Geb: '03/25/1985' kan alleen maand-eerst gelezen worden (mm/dd/jjjj); schrijf"
                                   " de datums als dd/mm/jjjj")
    with pytest.raises(InvalidInput) as impossible:
        born("31/02/1985", "Geb")
    assert not isinstance(impossible.value, Suspect)


def test_validate_is_the_rule_set_of_one_person():
    person = rules.validate("Ann", "PEETERS", "1985", phone_text="+32 471 23 45 67", today=TODAY)
    assert (person.birth_date, person.birth_year, person.born, person.phone) == (None, 1985, "1985", "0471 23 45 67")
    assert person.match_key == "peeters|ann|1985"
    with pytest.raises(InvalidInput, match="telefoon: '123' is geen telefoonnummer"):
        rules.validate("Ann", "Peeters", "12/03/1985", phone_text="123", today=TODAY)
    with pytest.raises(InvalidInput, match="geboortedatum: ontbreekt"):
        rules.validate("Ann", "Peeters", "", today=TODAY)
