"""The row rules of a participant list, fast enough for a file of a million rows.

The checks are those of services.participants.validate (same parse functions, same limits),
written out per column so that one row can have several problems. Names, dates, postcodes and
grounds repeat a lot in partner lists, so every column's answer (value or problem) is cached per
cell value: a row usually costs a few dictionary look-ups. Only a row with a problem takes the
slow path, which lists every problem of the row in a fixed order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from vrijetijd_cli import formats
from vrijetijd_cli.config import Config
from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.i18n import _
from vrijetijd_cli.importers.headers import HeaderMap
from vrijetijd_cli.importers.rows import (
    PARTICIPANT_FIELDS,
    RowError,
    clean_cell,
    reason,
    shown,
    width_error,
)
from vrijetijd_cli.parse import normalize, parse_birth_date, parse_date, parse_positive_int, parse_postcode

MEMO_SIZE = 50_000  # cached cell values per column; the cache is emptied when full
MEMO_TEXT = 40  # the longest free text (phone, e-mail, note) that is cached
TEXT_SIZES = {"phone": 40, "email": 200, "note": 2000}
# the order in which a row's problems are listed
ORDER = ("first_name", "last_name", "birth_date", "postcode", "household_size", "ground", "domain", "date",
         "phone", "email", "note")
OPTIONAL = ORDER[3:]

# A checked cell: (value, problem); problem is None or (shown value, reason, listed last)
Checked = tuple[object, tuple | None]

# A valid row, as the import needs it: a plain tuple (a million of them pass by) of values that
# go to the database as they are. DAY is the referral date (ISO), KEY the match key.
LINE, FIRST, LAST, FIRST_KEY, LAST_KEY, BORN, POSTCODE, HOUSEHOLD, PHONE, EMAIL, GROUND, DOMAIN, NOTE, DAY, \
    KEY = range(15)
NO_PROBLEMS: tuple = ()


def _problem(column: str, value: object, error: InvalidInput) -> tuple:
    return shown(value), reason(column, error), False


def _memo(compute: Callable[[object], Checked], longest: int | None = None) -> tuple[Callable, Callable]:
    """(cache.get, compute-and-remember) for one column. With `longest`, longer text is not kept:
    free text is mostly unique, and up to 2000 characters long."""
    cache: dict = {}

    def remember(value):
        found = compute(value)
        if longest is None or not isinstance(value, str) or len(value) <= longest:
            if len(cache) >= MEMO_SIZE:
                cache.clear()
            cache[value] = found
        return found

    return cache.get, remember


def _blank(value: object) -> bool:
    return isinstance(value, str) and not value.strip()


class ParticipantRules:
    """Checks the rows of a participant list against the mapped headers.

    `check(line, cells)` returns (row tuple, ()) or (None, [RowError, …]).
    """

    def __init__(self, config: Config, header_map: HeaderMap, today: date, on: date, ground: str | None,
                 excel: bool = False):
        from vrijetijd_cli.services.grounds import alias_table, resolve_domain, resolve_ground

        self.excel = excel
        self.headers = headers = header_map.headers
        self.width = len(headers)
        self.at = at = {f: header_map.columns.get(f) for f in PARTICIPANT_FIELDS}
        self.today, self.on, self.day, self.ground = today, on, on.isoformat(), ground
        column = {f: headers[i] for f, i in at.items() if i is not None}
        grounds = alias_table(config)
        missing = _("ontbreekt")

        def name(field: str):
            header = column[field]

            def compute(value):
                text, error = clean_cell(value, header, 100)
                if error is not None:
                    return None, _problem(header, value, error)
                if not text:
                    return None, ("", missing, False)
                key = normalize(text)
                if not key:
                    return None, (text, _("{value!r} is geen naam").format(value=text), False)
                return (text, key), None
            return compute

        def parsed(field: str, parse: Callable, empty: object):
            header = column.get(field, "")

            def compute(value):
                if _blank(value):
                    return empty, None
                try:
                    return parse(value, header), None
                except InvalidInput as error:
                    return None, _problem(header, value, error)
            return compute

        def born(value, header):
            return parse_birth_date(value, today, header).isoformat()

        def ground_code(value, header):
            return resolve_ground(config, clean_cell(value, "", 200)[0], header, grounds)

        def domain(value, header):
            return resolve_domain(config, clean_cell(value, "", 200)[0], header)

        def referral_date(value, header):
            day = parse_date(value, header)
            if day > today:
                raise InvalidInput(_("{field}: {date} ligt in de toekomst").format(field=header, date=formats.day(day)))
            return day.isoformat()

        def text(field: str):
            header, size = column.get(field, ""), TEXT_SIZES[field]

            def compute(value):
                cleaned, error = clean_cell(value, header, size)
                if error is not None:
                    return "", _problem(header, value, error)
                if field == "email" and cleaned and ("@" not in cleaned or " " in cleaned):
                    # listed after every other problem of the row
                    return "", (cleaned, _("{value!r} is geen e-mailadres").format(value=cleaned), True)
                return cleaned, None
            return compute

        birth_header = column["birth_date"]

        def birth(value):
            if _blank(value):
                return None, ("", missing, False)
            try:
                return born(value, birth_header), None
            except InvalidInput as error:
                return None, _problem(birth_header, value, error)

        computes = {
            "first_name": name("first_name"), "last_name": name("last_name"), "birth_date": birth,
            "postcode": parsed("postcode", parse_postcode, None),
            "household_size": parsed("household_size", parse_positive_int, 1),
            "ground": parsed("ground", ground_code, ground),
            "domain": parsed("domain", domain, None),
            "date": parsed("date", referral_date, self.day),
            "phone": text("phone"), "email": text("email"), "note": text("note"),
        }
        # absent optional columns give their default without a look-up
        self.defaults = {"postcode": None, "household_size": 1, "ground": ground, "domain": None,
                         "date": self.day, "phone": "", "email": "", "note": ""}
        self.columns = [(f, at[f], *_memo(computes[f], MEMO_TEXT if f in TEXT_SIZES else None))
                        for f in ORDER if at[f] is not None]
        self.check = self._checker()

    def _checker(self) -> Callable[[int, Sequence], tuple[tuple | None, Sequence[RowError]]]:
        """The per-row check as a closure: local names only, no attribute look-ups per row."""
        width, excel, headers = self.width, self.excel, self.headers
        (i_first, get_first, put_first), (i_last, get_last, put_last), (i_born, get_born, put_born) = \
            (column[1:] for column in self.columns[:3])
        optional = [(OPTIONAL.index(f), i, get, put) for f, i, get, put in self.columns[3:]]
        defaults = [self.defaults[f] for f in OPTIONAL]
        columns = self.columns

        def problems(line: int, cells: Sequence) -> list[RowError]:
            errors, later = [], []
            for _field, index, get, put in columns:
                value = cells[index]
                problem = (get(value) or put(value))[1]
                if problem is not None:
                    shown_value, why, last = problem
                    (later if last else errors).append(RowError(line, headers[index], shown_value, why))
            return errors + later

        def check(line: int, cells: Sequence) -> tuple[tuple | None, Sequence[RowError]]:
            if len(cells) != width:
                return None, [width_error(line, cells, width, excel)]
            value = cells[i_first]
            first, bad = get_first(value) or put_first(value)
            value = cells[i_last]
            last, bad_last = get_last(value) or put_last(value)
            value = cells[i_born]
            born, bad_born = get_born(value) or put_born(value)
            if bad or bad_last or bad_born:
                return None, problems(line, cells)
            values = defaults.copy()
            for position, index, get, put in optional:
                value = cells[index]
                result, bad = get(value) or put(value)
                if bad:
                    return None, problems(line, cells)
                values[position] = result
            postcode, household, ground, domain, day, phone, email, note = values
            first_name, first_key = first
            last_name, last_key = last
            return (line, first_name, last_name, first_key, last_key, born, postcode, household, phone, email,
                    ground, domain, note, day, f"{last_key}|{first_key}|{born}"), NO_PROBLEMS

        return check


def names(row: tuple) -> dict:
    """The person of a row, as the duplicates list shows it."""
    return {"first_name": row[FIRST], "last_name": row[LAST], "birth_date": row[BORN]}
