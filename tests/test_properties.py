"""Property-based tests of the parsers: any text gives a value or an InvalidInput, never
another exception; what the program writes, it reads back as the same value."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from vrijetijd_cli import formats as fmt
from vrijetijd_cli import i18n
from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.parse import (
    clean_text,
    normalize,
    parse_amount,
    parse_date,
    parse_positive_int,
    parse_postcode,
    parse_share,
)

# more examples than the default; no deadline, a slow CI machine is not a failure
thorough = hypothesis_settings(max_examples=300, deadline=None)

# text that looks like what people type: digits, separators, signs, letters, any unicode
typed = st.one_of(
    st.text(),
    st.text(alphabet="0123456789/-.,: €%+eE\u00a0\t", max_size=24),
    st.from_regex(r"\s*\d{1,4}[/.\-]\d{1,4}[/.\-]\d{1,6}\s*", fullmatch=True),
    st.from_regex(r"\s*-?€?\s?\d{0,7}([.,]\d{0,4}){0,3}\s*%?", fullmatch=True),
)
LONG_NUMBER = "9" * 5000  # beyond Python's limit for int(): must still be a clear error


def value_or_invalid(parser, text, *args):
    """The parser's value, or None when it refused with InvalidInput naming the field."""
    try:
        return parser(text, *args)
    except InvalidInput as error:
        assert error.message
        return None


@thorough
@given(typed)
@example(LONG_NUMBER)
@example("31/02/2025")
@example("1/1/25")
@example("0000-00-00")
@example("١٢/٠٣/٢٠٢٠")
def test_parse_date_never_crashes(text):
    value = value_or_invalid(parse_date, text, "datum")
    assert value is None or (isinstance(value, date) and value.year >= 1900)


@thorough
@given(typed)
@example(LONG_NUMBER)
@example("1" + ".000" * 2000)
@example("0," + "5" * 5000)
@example("12 50")
@example("€ -0,00")
def test_parse_amount_never_crashes(text):
    value = value_or_invalid(parse_amount, text, "bedrag")
    assert value is None or (type(value) is int and value >= 0)


@thorough
@given(typed)
@example(LONG_NUMBER)
@example(LONG_NUMBER + "%")
@example("0." + "0" * 5000)
def test_parse_share_never_crashes(text):
    value = value_or_invalid(parse_share, text, "aandeel")
    assert value is None or (type(value) is int and 0 <= value <= 10000)


@thorough
@given(typed)
@example(LONG_NUMBER)
def test_parse_positive_int_never_crashes(text):
    value = value_or_invalid(parse_positive_int, text, "aantal")
    assert value is None or (type(value) is int and value >= 1)


@thorough
@given(typed)
def test_parse_postcode_never_crashes(text):
    value = value_or_invalid(parse_postcode, text, "postcode")
    assert value is None or re.fullmatch(r"[1-9][0-9]{3}", value)


@thorough
@given(st.text())
def test_normalize_is_a_stable_key(text):
    key = normalize(text)
    assert normalize(key) == key
    assert key == key.strip() and "  " not in key
    if text.isascii():
        assert normalize(text.upper()) == key


@thorough
@given(st.text(), st.integers(min_value=0, max_value=50))
def test_clean_text_removes_control_characters(text, limit):
    value = value_or_invalid(clean_text, text, "tekst", limit)
    if value is not None:
        assert len(value) <= limit
        assert not any(ord(c) < 32 and c not in "\n\t" for c in value)


# --- round trips: what the program shows or writes, it reads back -----------------------------

dates = st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31))


@thorough
@given(dates, st.sampled_from(["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]))
def test_dates_round_trip(day, pattern):
    assert parse_date(day.strftime(pattern), "datum") == day
    assert parse_date(f"{day.day}/{day.month}/{day.year}", "datum") == day
    assert parse_date(fmt.day(day.isoformat()), "datum") == day


@thorough
@given(st.integers(min_value=0, max_value=10**12))
def test_amounts_round_trip(cents):
    i18n.set_language("nl")
    assert parse_amount(fmt.money(cents), "bedrag") == cents
    i18n.set_language("en")
    assert parse_amount(fmt.money(cents), "bedrag") == cents
    assert parse_amount(fmt.money_csv(cents), "bedrag") == cents


@thorough
@given(st.integers(min_value=0, max_value=1000).map(lambda tenths: tenths * 10))
def test_shares_round_trip(points):
    # a share is shown with one decimal: every multiple of 0.1% reads back as itself
    i18n.set_language("nl")
    assert parse_share(fmt.percent(points), "aandeel") == points
    i18n.set_language("en")
    assert parse_share(fmt.percent(points), "aandeel") == points
    assert parse_share(f"{points // 10000}.{points % 10000:04d}", "aandeel") == points


@thorough
@given(st.integers(min_value=1000, max_value=9999), st.sampled_from(["", " ", "\t"]))
def test_postcodes_round_trip(number, space):
    assert parse_postcode(f"{space}{number}{space}") == str(number)


@pytest.mark.parametrize("text", ["3500", " 3500 "])
def test_postcode_examples(text):
    assert parse_postcode(text) == "3500"
