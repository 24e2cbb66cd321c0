"""Parsing what people type or partners send: dates, amounts, shares, names (docs/architecture.md, "Layers": the base).

Each parser returns a value or raises InvalidInput naming the field and the value.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.i18n import _

# only ASCII digits count, everywhere: \d would read '٢٠٢٥' (Arabic-Indic) as 2025 without a word
_DMY = re.compile(r"^([0-9]{1,2})([/.\-])([0-9]{1,2})\2([0-9]+)$")
_ISO = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")


def parse_date(value: object, field: str = "datum") -> date:
    """`dd/mm/yyyy`, `d/m/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy` or `yyyy-mm-dd`; nothing else."""
    if isinstance(value, date):
        return value
    text = str(value).strip()
    iso = _ISO.match(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    else:
        dmy = _DMY.match(text)
        if not dmy:
            raise InvalidInput(
                _("{field}: {value!r} is geen datum (gebruik dd/mm/jjjj of jjjj-mm-dd)").format(field=field, value=text)
            )
        day, month, year_text = int(dmy.group(1)), int(dmy.group(3)), dmy.group(4)
        if len(year_text) != 4:
            raise InvalidInput(
                _("{field}: {value!r} heeft geen jaartal van vier cijfers").format(field=field, value=text)
            )
        year = int(year_text)
    try:
        if year < 1900:
            raise ValueError
        return date(year, month, day)
    except ValueError:
        raise InvalidInput(_("{field}: {value!r} bestaat niet als datum").format(field=field, value=text)) from None


def parse_birth_date(value: object, today: date, field: str = "geboortedatum") -> date:
    born = parse_date(value, field)
    if born > today:
        raise InvalidInput(
            _("{field}: {date} ligt in de toekomst").format(field=field, date=born.strftime("%d/%m/%Y"))
        )
    return born


_AMOUNT_CHARS = re.compile(r"^[0-9.,]{1,40}$")  # bounded: int() refuses 4300+ digits
_SPACED_THOUSANDS = re.compile(r"^[0-9]{1,3}( [0-9]{3})+([.,][0-9]{1,2})?$")
# no amount this program keeps comes near this (€ 10 000 000 000): a million of them still add up
# within SQLite's 64-bit integers, so no sum in a report can overflow
MAX_CENTS = 10**12


def parse_amount(
    value: object, field: str = "bedrag", allow_zero: bool = True, maximum: int | None = None
) -> int:
    """An amount in euro as typed in Belgium -> integer cents. Ambiguous or negative is refused,
    and so is anything above `maximum` (a limit from the config) or MAX_CENTS."""
    if isinstance(value, bool):
        raise _not_an_amount(field, value)
    if isinstance(value, int):
        text = str(value)
    else:
        text = str(value).replace("€", "").replace("EUR", "").replace("\u00a0", " ").strip()
        if " " in text and not _SPACED_THOUSANDS.match(text):
            # '12 50' is not 1250 euro: a space only separates groups of thousands
            shown = str(value).strip()
            raise _not_an_amount(field, shown)
        text = text.replace(" ", "")
    shown = str(value).strip()
    if text.startswith("-"):
        raise InvalidInput(_("{field}: {value!r} is negatief").format(field=field, value=shown))
    if not text or not _AMOUNT_CHARS.match(text):
        raise _not_an_amount(field, shown)
    whole, cents = _split_amount(text, field, shown)
    amount = int(whole) * 100 + cents
    if amount == 0 and not allow_zero:
        raise InvalidInput(_("{field}: het bedrag moet groter zijn dan nul").format(field=field))
    return check_maximum(amount, field, maximum)


def check_maximum(cents: int, field: str, maximum: int | None = None) -> int:
    """`cents` when it is at most `maximum` (and MAX_CENTS); the amounts are named in euro."""
    from vrijetijd_cli.formats import money

    limit = MAX_CENTS if maximum is None else min(maximum, MAX_CENTS)
    if cents > limit:
        raise InvalidInput(_("{field}: {value} is meer dan het maximum van {maximum}").format(
            field=field, value=money(cents), maximum=money(limit)))
    return cents


def _not_an_amount(field: str, value: object) -> InvalidInput:
    return InvalidInput(_("{field}: {value!r} is geen bedrag").format(field=field, value=value))


def _split_amount(text: str, field: str, shown: str) -> tuple[str, int]:
    ambiguous = InvalidInput(
        _("{field}: {value!r} is dubbelzinnig (schrijf bv. 1234,50 of 1.234,50)").format(field=field, value=shown)
    )
    invalid = _not_an_amount(field, shown)
    separators = [c for c in text if c in ".,"]
    if not separators:
        return text, 0
    decimal_sep = separators[-1]
    thousands = [c for c in separators[:-1]]
    if any(c == decimal_sep for c in thousands):
        # only thousands separators, e.g. 1.234.567
        if len(set(separators)) != 1:
            raise invalid
        groups = text.split(decimal_sep)
        if not _valid_groups(groups):
            raise invalid
        return "".join(groups), 0
    if len(set(thousands)) > 1:
        raise invalid
    whole, _separator, fraction = text.rpartition(decimal_sep)
    if thousands:
        groups = whole.split(thousands[0])
        if not _valid_groups(groups):
            raise invalid
        whole = "".join(groups)
    elif len(fraction) == 3:
        raise ambiguous
    if not whole:
        whole = "0"
    if not fraction or len(fraction) > 2 or not fraction.isdigit() or not whole.isdigit():
        raise invalid
    return whole, int(fraction.ljust(2, "0"))


def _valid_groups(groups: list[str]) -> bool:
    head, *rest = groups
    return 1 <= len(head) <= 3 and head.isdigit() and all(len(g) == 3 and g.isdigit() for g in rest)


def parse_share(value: object, field: str) -> int:
    """A fraction such as 0.20 or '20%' -> basis points (2000), without floats."""
    text = str(value).strip().replace(",", ".")
    percent = text.endswith("%")
    text = text.rstrip("%").strip()
    match = re.fullmatch(r"([0-9]{1,9})(?:\.([0-9]{1,4}))?", text)
    if not match:
        raise InvalidInput(_("{field}: {value!r} is geen aandeel").format(field=field, value=value))
    whole, fraction = match.group(1), (match.group(2) or "").ljust(4, "0")
    points = int(whole) * 10000 + int(fraction)
    if percent:
        points //= 100
    if points > 10000:
        raise InvalidInput(_("{field}: {value!r} is meer dan 100%").format(field=field, value=value))
    return points


_PERCENT = re.compile(r"(\d{1,3})(?:[.,](\d))?")


def parse_percent(value: object, field: str) -> int:
    """A percentage as people type it ('40', '40%', '37,5 %'), from 0 to 100 with at most one
    decimal -> basis points (4000), without floats. '0,4' without a percent sign is refused as
    ambiguous (a fraction 0.4 = 40% or 0.4 percent?)."""
    shown = str(value).strip()
    text = shown.replace("\u00a0", " ")
    percent = text.endswith("%")
    text = text.rstrip("%").strip()
    match = _PERCENT.fullmatch(text)
    if not match:
        raise InvalidInput(_("{field}: {value!r} is geen percentage (schrijf bv. 40 of 37,5%)").format(
            field=field, value=shown))
    points = int(match.group(1)) * 100 + int(match.group(2) or 0) * 10
    if points > 10000:
        raise InvalidInput(_("{field}: {value!r} is meer dan 100%").format(field=field, value=shown))
    if 0 < points < 100 and not percent:
        raise InvalidInput(_("{field}: {value!r} is dubbelzinnig; een percentage schrijft u als 40 of 40%"
                             " (voor minder dan 1%: {value}%)").format(field=field, value=shown))
    return points


def parse_positive_int(value: object, field: str, minimum: int = 1) -> int:
    text = str(value).strip()
    if re.fullmatch(r"[0-9]{1,18}", text) is None or int(text) < minimum:
        raise InvalidInput(
            _("{field}: {value!r} moet een geheel getal ≥ {minimum} zijn").format(
                field=field, value=text, minimum=minimum)
        )
    return int(text)


def parse_postcode(value: object, field: str = "postcode") -> str:
    text = str(value).strip()
    if re.fullmatch(r"[1-9][0-9]{3}", text) is None:
        raise InvalidInput(
            _("{field}: {value!r} is geen Belgische postcode (vier cijfers)").format(field=field, value=text)
        )
    return text


def normalize(text: object) -> str:
    """Case-, accent-, punctuation- and whitespace-insensitive key: 'Geb. datum' -> 'geb datum'."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = re.sub(r"[^\w]+", " ", stripped.casefold().replace("_", " "))
    return " ".join(cleaned.split())


def match_key(first_name: str, last_name: str, birth_date: date | str) -> str:
    """The duplicate key of a person: normalised names and birth date."""
    born = birth_date.isoformat() if isinstance(birth_date, date) else birth_date
    return f"{normalize(last_name)}|{normalize(first_name)}|{born}"


def clean_text(value: object, field: str, max_length: int = 200) -> str:
    """Free text from a user or a file: control characters removed, length bounded."""
    text = "".join(c for c in str(value) if c in "\n\t" or unicodedata.category(c)[0] != "C")
    text = text.strip()
    if len(text) > max_length:
        raise InvalidInput(
            _("{field}: de tekst is te lang ({length} tekens, maximum {maximum})").format(
                field=field, length=len(text), maximum=max_length)
        )
    return text


# ---- option values: ids, years, counts and choices are read as text and checked here, so a
# wrong value is one message in the user's language naming the option (exit code 1), and only
# ASCII digits count (Typer's int would read '٥' as 5)

_ASCII_DIGITS = re.compile(r"[0-9]{1,18}")
MAX_ID = 2**63 - 1
FIRST_YEAR, LAST_YEAR = 1900, 2999


def _whole(value: object) -> int | None:
    text = str(value).strip()
    return int(text) if _ASCII_DIGITS.fullmatch(text) else None


def parse_id(value: object, field: str) -> int:
    """An id: a whole number ≥ 1 in ASCII digits."""
    number = _whole(value)
    if number is None or not 1 <= number <= MAX_ID:
        raise InvalidInput(_("{field}: {value!r} is geen geldig id (een geheel getal vanaf 1)").format(
            field=field, value=str(value)))
    return number


def parse_year(value: object, field: str = "--year") -> int:
    """A year of four ASCII digits, from 1900 to 2999."""
    number = _whole(value)
    if number is None or not FIRST_YEAR <= number <= LAST_YEAR:
        raise InvalidInput(_("{field}: {value!r} is geen geldig jaar (jjjj, van {first} tot {last})").format(
            field=field, value=str(value), first=FIRST_YEAR, last=LAST_YEAR))
    return number


def parse_count(value: object, field: str, minimum: int = 0, maximum: int = 10**9) -> int:
    """A whole number from `minimum` to `maximum`, in ASCII digits."""
    number = _whole(value)
    if number is None or not minimum <= number <= maximum:
        raise InvalidInput(_("{field}: {value!r} moet een geheel getal van {minimum} tot {maximum} zijn").format(
            field=field, value=str(value), minimum=minimum, maximum=maximum))
    return number


def parse_choice(value: object, choices: dict[str, str], field: str) -> str:
    """One of `choices` ({word typed: code}, case-insensitive): the code."""
    code = choices.get(str(value).strip().casefold())
    if code is None:
        shown = ", ".join(dict.fromkeys(choices))
        raise InvalidInput(_("{field}: {value!r} is onbekend; kies uit {choices}").format(
            field=field, value=str(value), choices=shown))
    return code
