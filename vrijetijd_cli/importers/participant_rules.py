"""The rules of a participant: one rule set for `participant add`, `referral add` and the import
of a partner's list (docs/architecture.md, "The import pipeline").

Each field has one parse function: it takes what a person typed or a file held and returns the
stored value, or raises InvalidInput naming the field (or the file's column) and the value.
`validate` applies them to one person and stops at the first problem; the import applies them
to a column at a time (importers/columns.py) and lists every problem of every row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from vrijetijd_cli import formats
from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.i18n import _
from vrijetijd_cli.importers.columns import REQUIRED, Rule, Suspect
from vrijetijd_cli.importers.names import split_name
from vrijetijd_cli.importers.phone import parse_phone
from vrijetijd_cli.importers.rows import clean_cell
from vrijetijd_cli.parse import clean_text, match_key, normalize, parse_date, parse_positive_int, parse_postcode

NAME_MAX, NOTE_MAX, EMAIL_MAX = 100, 2000, 200
FIRST_YEAR = 1900
_DMY = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")
_SERIAL = re.compile(r"^\s*(\d{5})(?:\.0+)?\s*$")
_POSTCODE_IN_ADDRESS = re.compile(r"(?:^|[\s,;])(?:B-|BE-|B |BE )?(\d{4,5})(?=\s+[^\W\d_])")
_LONE_POSTCODE = re.compile(r"(?:^|[\s,;])(?:B-|BE-)?(\d{4,5})\s*$")
EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 (its 1900 leap day is before any birth we read)


@dataclass(frozen=True, slots=True)
class Person:
    """A participant as checked: ready for the database (dates ISO, a year when no date is known)."""

    first_name: str
    last_name: str
    birth_date: date | None
    birth_year: int
    postcode: str | None = None
    household_size: int = 1
    phone: str = ""
    email: str = ""
    notes: str = ""
    # GDPR art. 13, recorded at registration: on what basis, and how the person was told
    legal_basis: str = ""
    informed: str = ""

    @property
    def born(self) -> str:
        """The birth date (ISO), or only the year: what the look-alike rule compares."""
        return self.birth_date.isoformat() if self.birth_date else str(self.birth_year)

    @property
    def match_key(self) -> str:
        """'last|first|birth date': the same person; 'last|first|year' when only the year is known,
        which never counts as the same person (a look-alike at most)."""
        return match_key(self.first_name, self.last_name, self.born)

    @property
    def first_key(self) -> str:
        return normalize(self.first_name)

    @property
    def last_key(self) -> str:
        return normalize(self.last_name)


# ---- the rules, one per field ------------------------------------------------------------------

def name(value: object, field: str) -> tuple[str, str]:
    """(the name as written, its key); a name needs at least a letter or digit."""
    text, error = clean_cell(value, field, NAME_MAX)
    if error is not None:
        raise error
    key = normalize(text)
    if not text:
        raise InvalidInput(_("{field}: ontbreekt").format(field=field))
    if not key:
        raise InvalidInput(_("{field}: {value!r} is geen naam").format(field=field, value=text))
    return text, key


class WholeName(NamedTuple):
    first: str
    first_key: str
    last: str
    last_key: str
    by_order: bool  # split by the config's name_order, not by the name itself


def whole_name(order: str) -> Callable[[object, str], WholeName]:
    """A name column that holds both names: split (importers/names.py), each part a name of its own."""
    def parse(value: object, field: str) -> WholeName:
        text, _key = name(value, field)
        parts = split_name(text, order, field)
        first, first_key = name(parts.first, field)
        last, last_key = name(parts.last, field)
        return WholeName(first, first_key, last, last_key, parts.by_order)
    return parse


def birth(today: date) -> Callable[[object, str], tuple[str | None, int]]:
    """(ISO date or None, year): a date (dd/mm/jjjj, jjjj-mm-dd, an Excel date or day number) or
    only a year (1985). A date that can only be read month first makes its column suspect."""

    def parse(value: object, field: str) -> tuple[str | None, int]:
        if isinstance(value, str):
            year = _YEAR.match(value)
            if year:
                return None, birth_year_of(int(year.group(1)), today, field, value.strip())
        born = any_date(value, field)
        if born > today:
            raise InvalidInput(_("{field}: {date} ligt in de toekomst").format(field=field, date=formats.day(born)))
        return born.isoformat(), born.year
    return parse


def year_only(today: date) -> Callable[[object, str], int]:
    def parse(value: object, field: str) -> int:
        text = str(value).strip()
        found = _YEAR.match(text)
        if not found:
            raise InvalidInput(_("{field}: {value!r} is geen jaartal (jjjj)").format(field=field, value=text))
        return birth_year_of(int(found.group(1)), today, field, text)
    return parse


def birth_year_of(year: int, today: date, field: str, text: str) -> int:
    if not FIRST_YEAR <= year <= today.year:
        raise InvalidInput(_("{field}: {value!r} is geen geboortejaar (van {first} tot {last})").format(
            field=field, value=text, first=FIRST_YEAR, last=today.year))
    return year


def any_date(value: object, field: str) -> date:
    """A date as people and spreadsheets write it; a day-month order that only works month first is
    a `Suspect`, so the column it stands in is refused rather than read half one way."""
    if isinstance(value, date):
        return value
    text = str(value).strip()
    serial = _SERIAL.match(text)
    if serial:
        day = EXCEL_EPOCH + timedelta(days=int(serial.group(1)))
        if day.year >= FIRST_YEAR:
            return day
    try:
        return parse_date(text, field)
    except InvalidInput:
        found = _DMY.match(text)
        if found:
            first, second, year = (int(g) for g in found.groups())
            if first <= 12 < second:
                try:
                    date(year, first, second)
                except ValueError:
                    pass
                else:
                    raise Suspect(_("{field}: {value!r} kan alleen maand-eerst gelezen worden (mm/dd/jjjj);"
                                    " schrijf de datums als dd/mm/jjjj").format(field=field, value=text)) from None
        raise


def day_not_after(today: date) -> Callable[[object, str], str]:
    def parse(value: object, field: str) -> str:
        day = any_date(value, field)
        if day > today:
            raise InvalidInput(_("{field}: {date} ligt in de toekomst").format(field=field, date=formats.day(day)))
        return day.isoformat()
    return parse


def postcode(value: object, field: str) -> str:
    return parse_postcode(value, field)


def postcode_in_address(value: object, field: str) -> str:
    """The postcode in 'Kerkstraat 1, 3500 Hasselt' or '3500 Hasselt'."""
    text = " ".join(str(value).split())
    found = _POSTCODE_IN_ADDRESS.findall(text) or _LONE_POSTCODE.findall(text)
    if not found:
        raise InvalidInput(_("{field}: geen postcode gevonden in {value!r}").format(field=field, value=text))
    return parse_postcode(found[-1], field)


def household(value: object, field: str) -> int:
    return parse_positive_int(value, field)


def phone(value: object, field: str) -> str:
    return parse_phone(value, field)


def email(value: object, field: str) -> str:
    text = clean_text(value, field, EMAIL_MAX)
    if text and ("@" not in text or " " in text):
        raise InvalidInput(_("{field}: {value!r} is geen e-mailadres").format(field=field, value=text))
    return text


def note(value: object, field: str) -> str:
    text, error = clean_cell(value, field, NOTE_MAX)
    if error is not None:
        raise error
    return text


def ground(grounds: Mapping[str, str], choices: str) -> Callable[[object, str], str]:
    def parse(value: object, field: str) -> str:
        text = str(value).strip()
        code = grounds.get(normalize(text))
        if code is None:
            raise InvalidInput(_("{field}: {value!r} is onbekend; kies uit {choices}").format(
                field=field, value=text, choices=choices))
        return code
    return parse


# ---- one person, as typed ----------------------------------------------------------------------

def validate(first_name: object, last_name: object, birth_date: object, postcode_text: object = None,
             household_size: object = None, phone_text: object = None, email_text: object = None,
             notes: object = None, today: date | None = None) -> Person:
    """Check what a coordinator typed; raises InvalidInput naming the field (in Dutch, as the
    options are described)."""
    from vrijetijd_cli import clock

    today = today or clock.today()
    first, _first_key = name(_text(first_name), _("voornaam"))
    last, _last_key = name(_text(last_name), _("familienaam"))
    born = birth_date if isinstance(birth_date, date) else _text(birth_date)
    if isinstance(born, str) and not born.strip():
        raise InvalidInput(_("{field}: ontbreekt").format(field=_("geboortedatum")))
    iso, year = birth(today)(born, _("geboortedatum"))
    return Person(
        first, last, date.fromisoformat(iso) if iso else None, year,
        postcode=postcode(postcode_text, _("postcode")) if _filled(postcode_text) else None,
        household_size=household(household_size, _("gezinsleden")) if _filled(household_size) else 1,
        phone=phone(phone_text, _("telefoon")) if _filled(phone_text) else "",
        email=email(email_text or "", _("e-mail")),
        notes=clean_text(notes or "", _("notities"), NOTE_MAX),
    )


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _filled(value: object) -> bool:
    return value is not None and str(value).strip() != ""


# ---- the rules of a list's columns -------------------------------------------------------------

def column_rules(*, today: date, on: date, grounds: Mapping[str, str], ground_choices: str,
                 default_ground: str | None, ground_required: bool, domain: Callable[[object, str], str],
                 name_order: str, columns: Mapping[str, int]) -> list[Rule]:
    """The rules of the columns a participant list has, in the order problems are listed."""
    both_births = "birth_date" in columns and "birth_year" in columns
    return [
        Rule("first_name", name, REQUIRED),
        Rule("last_name", name, REQUIRED),
        Rule("full_name", whole_name(name_order), REQUIRED),
        Rule("birth_date", birth(today), None if both_births else REQUIRED),
        Rule("birth_year", year_only(today), None if both_births else REQUIRED),
        Rule("postcode", postcode),
        Rule("address", postcode_in_address),
        Rule("household_size", household, 1),
        Rule("ground", ground(grounds, ground_choices), REQUIRED if ground_required else default_ground,
             missing=_("ontbreekt; vul het in of geef --ground")),
        Rule("domain", domain),
        Rule("date", day_not_after(today), on.isoformat()),
        Rule("phone", phone, ""),
        Rule("email", email, "", last=True),
        Rule("note", note, ""),
    ]
