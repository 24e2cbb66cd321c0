from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vrijetijd_cli import i18n
from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.formats import money_csv
from vrijetijd_cli.parse import (
    clean_text,
    match_key,
    normalize,
    parse_amount,
    parse_birth_date,
    parse_date,
    parse_percent,
    parse_positive_int,
    parse_postcode,
    parse_share,
)

TODAY = date(2026, 6, 15)


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "12/03/1985",
        "12-03-1985",
        "12.03.1985",
        "1985-03-12",
        " 12/03/1985 ",
        "12/3/1985",
        "1985-3-12",
    ],
)
def test_every_accepted_date_form(text):
    assert parse_date(text) == date(1985, 3, 12)


def test_single_digit_day_and_month():
    assert parse_date("1/3/1985") == date(1985, 3, 1)
    assert parse_date("01.03.1985") == date(1985, 3, 1)


def test_a_date_object_passes_through():
    assert parse_date(date(2020, 1, 2)) == date(2020, 1, 2)


def test_leap_day():
    assert parse_date("29/02/2024") == date(2024, 2, 29)


@pytest.mark.parametrize("text", ["12/03/85", "1-1-26", "12.03.985", "12/03/19850", "85-03-12"])
def test_two_digit_and_other_short_years_are_refused(text):
    with pytest.raises(InvalidInput) as caught:
        parse_date(text, "geboortedatum")
    assert caught.value.message == f"geboortedatum: {text!r} heeft geen jaartal van vier cijfers"
    i18n.set_language("en")
    with pytest.raises(InvalidInput) as caught:
        parse_date(text, "geboortedatum")
    assert caught.value.message == f"geboortedatum: {text!r} does not have a four-digit year"


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2025",
        "29/02/2023",
        "12/13/2020",
        "00/01/2020",
        "32/01/2020",
        "2025-02-30",
        "1/1/0999",
    ],
)
def test_impossible_dates_are_refused(text):
    with pytest.raises(InvalidInput) as caught:
        parse_date(text, "--date")
    assert caught.value.message == f"--date: {text!r} bestaat niet als datum"


@pytest.mark.parametrize(
    "text", ["", "gisteren", "2025/03/12", "12/03-1985", "12 03 1985", "1985-03-12T10:00", "12/03"]
)
def test_other_text_is_not_a_date(text):
    with pytest.raises(InvalidInput) as caught:
        parse_date(text)
    assert (
        caught.value.message == f"datum: {text!r} is geen datum (gebruik dd/mm/jjjj of jjjj-mm-dd)"
    )


def test_birth_date_today_is_fine_tomorrow_is_refused():
    assert parse_birth_date("15/06/2026", TODAY) == TODAY
    with pytest.raises(InvalidInput) as caught:
        parse_birth_date("16/06/2026", TODAY)
    assert caught.value.message == "geboortedatum: 16/06/2026 ligt in de toekomst"
    i18n.set_language("en")
    with pytest.raises(InvalidInput) as caught:
        parse_birth_date("16/06/2026", TODAY)
    assert caught.value.message == "geboortedatum: 16/06/2026 is in the future"


def test_birth_date_still_checks_the_form():
    with pytest.raises(InvalidInput, match="vier cijfers"):
        parse_birth_date("12/03/85", TODAY)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31)))
def test_any_date_round_trips_in_every_form(day):
    for text in (
        day.strftime("%d/%m/%Y"),
        day.strftime("%d-%m-%Y"),
        day.strftime("%d.%m.%Y"),
        day.isoformat(),
    ):
        assert parse_date(text) == day


# --- amounts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("12,50", 1250),
        ("12.50", 1250),
        ("€ 12,50", 1250),
        ("€12,50", 1250),
        ("12,50 €", 1250),
        ("EUR 12,50", 1250),
        ("1.234,56", 123456),
        ("1234", 123400),
        ("1234,5", 123450),
        ("0,05", 5),
        ("1 234,56", 123456),
        ("1\u00a0234,56", 123456),
        ("1.234.567,89", 123456789),
        ("1,234.56", 123456),
        ("1.234.567", 123456700),
        ("0", 0),
        ("19.448,00", 1944800),
    ],
)
def test_amounts_as_typed_in_belgium(text, cents):
    assert parse_amount(text) == cents


def test_integers_are_whole_euros():
    assert parse_amount(12) == 1200


@pytest.mark.parametrize("text", ["1,234", "1.234", "12,345"])
def test_ambiguous_amounts_are_refused(text):
    with pytest.raises(InvalidInput) as caught:
        parse_amount(text, "prijs")
    assert (
        caught.value.message == f"prijs: {text!r} is dubbelzinnig (schrijf bv. 1234,50 of 1.234,50)"
    )


@pytest.mark.parametrize("text", ["-5", "-12,50", "€ -12,50", "-1.234,56"])
def test_negative_amounts_are_refused(text):
    with pytest.raises(InvalidInput) as caught:
        parse_amount(text, "prijs")
    assert caught.value.message == f"prijs: {text!r} is negatief"


@pytest.mark.parametrize(
    "text",
    ["", "gratis", "12,", "12,505x", "1.23.4", "1.2345,00", "12 50", "1,234,56.7.8", "12,5,0", "€"],
)
def test_not_an_amount(text):
    with pytest.raises(InvalidInput) as caught:
        parse_amount(text, "prijs")
    assert caught.value.message.startswith(f"prijs: {text!r} is ")


def test_a_boolean_is_not_an_amount():
    with pytest.raises(InvalidInput):
        parse_amount(True)


def test_zero_can_be_refused():
    with pytest.raises(InvalidInput, match="groter zijn dan nul"):
        parse_amount("0,00", "waarde", allow_zero=False)


@given(st.integers(min_value=0, max_value=10**12))
def test_any_amount_round_trips_through_csv_format(cents):
    assert parse_amount(money_csv(cents)) == cents


# --- shares, counts, postcodes ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "points"),
    [("0.20", 2000), ("0,2", 2000), ("20%", 2000), ("12.5%", 1250), ("1", 10000), (0.2, 2000)],
)
def test_shares_in_basis_points(text, points):
    assert parse_share(text, "aandeel") == points


@pytest.mark.parametrize("text", ["1.5", "120%", "veel", "-0.2"])
def test_bad_shares(text):
    with pytest.raises(InvalidInput):
        parse_share(text, "aandeel")


@pytest.mark.parametrize(
    "text, points",
    [("40", 4000), ("40%", 4000), (" 40 % ", 4000), ("37,5", 3750), ("37.5%", 3750), ("0", 0), ("100", 10000),
     ("100,0%", 10000), ("0,5%", 50), ("1", 100), ("12,3\u00a0%", 1230)],
)
def test_percentages_in_basis_points(text, points):
    assert parse_percent(text, "--organiser-share") == points


@pytest.mark.parametrize("text, problem", [
    ("40,25", "is geen percentage"), ("-5", "is geen percentage"), ("", "is geen percentage"),
    ("veertig", "is geen percentage"), ("4 0", "is geen percentage"), ("1000", "is geen percentage"),
    ("100,1", "is meer dan 100%"), ("0,4", "is dubbelzinnig"), ("0.5", "is dubbelzinnig"),
])
def test_bad_percentages_name_the_field_and_the_value(text, problem):
    with pytest.raises(InvalidInput) as caught:
        parse_percent(text, "--organiser-share")
    assert caught.value.message.startswith(f"--organiser-share: {text.strip()!r} {problem}")


@given(st.integers(min_value=0, max_value=1000))
def test_every_tenth_of_a_percent_reads_back(tenths):
    written = f"{tenths // 10},{tenths % 10}%"
    assert parse_percent(written, "x") == tenths * 10


@pytest.mark.parametrize("text", ["1", "3", " 4 ", "12"])
def test_household_size(text):
    assert parse_positive_int(text, "gezinsleden") == int(text)


@pytest.mark.parametrize("text", ["0", "-1", "-3", "drie", "2.5", "", "1e3"])
def test_household_size_zero_negative_or_not_a_number(text):
    with pytest.raises(InvalidInput) as caught:
        parse_positive_int(text, "gezinsleden")
    assert caught.value.message == f"gezinsleden: {text.strip()!r} moet een geheel getal ≥ 1 zijn"


@pytest.mark.parametrize("text", ["3500", "1000", "9999", " 3511 "])
def test_postcodes(text):
    assert parse_postcode(text) == text.strip()


@pytest.mark.parametrize("text", ["0500", "350", "35000", "B-3500", "Hasselt", ""])
def test_bad_postcodes(text):
    with pytest.raises(InvalidInput) as caught:
        parse_postcode(text)
    assert (
        caught.value.message
        == f"postcode: {text.strip()!r} is geen Belgische postcode (vier cijfers)"
    )


# --- names and text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Geb. datum", "geb datum"),
        ("  Chloë   Çelik-Öztürk ", "chloe celik ozturk"),
        ("DE BRÜG hasselt", "de brug hasselt"),
        ("De Brug Hasselt", "de brug hasselt"),
        ("first_name", "first name"),
        ("D'Haese", "d haese"),
        ("Nguyễn", "nguyen"),
    ],
)
def test_normalize(text, key):
    assert normalize(text) == key


def test_match_key_ignores_case_accents_and_spacing():
    assert match_key("Chloë", "Van den Bossche", date(1990, 1, 2)) == match_key(
        "chloe", "VAN DEN  BOSSCHE", "1990-01-02"
    )
    assert match_key("Ann", "Peeters", date(1985, 3, 12)) == "peeters|ann|1985-03-12"
    assert match_key("Ann", "Peeters", date(1985, 3, 12)) != match_key(
        "Ann", "Peeters", date(1985, 3, 13)
    )


def test_clean_text_removes_control_characters_and_bounds_length():
    assert clean_text("  a\x00b\x1b[31mc\n ", "notities") == "ab[31mc"
    assert clean_text("regel 1\nregel 2", "notities") == "regel 1\nregel 2"
    with pytest.raises(InvalidInput) as caught:
        clean_text("x" * 11, "opmerking", 10)
    assert caught.value.message == "opmerking: de tekst is te lang (11 tekens, maximum 10)"
