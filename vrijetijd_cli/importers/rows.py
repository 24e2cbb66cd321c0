"""Row rules of the imports: every problem of every row becomes a RowError; nothing stops early.

The checks are those of services.participants.validate (same parse functions, same limits),
written out per column so that one row can have several problems and a large file stays fast.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from vrijetijd_cli.config import Config
from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.importers.headers import HeaderMap
from vrijetijd_cli.parse import (
    clean_text,
    normalize,
    parse_birth_date,
    parse_date,
    parse_positive_int,
    parse_postcode,
)

PARTICIPANT_FIELDS = (
    "first_name", "last_name", "birth_date", "postcode", "household_size", "phone", "email",
    "ground", "domain", "note", "date",
)
PARTICIPANT_REQUIRED = ("first_name", "last_name", "birth_date")
PARTNER_FIELDS = ("name", "kind", "contact")
PARTNER_REQUIRED = ("name",)

# names repeat a lot in partner lists; a bounded cache keeps normalising cheap
_key = lru_cache(maxsize=65536)(normalize)


@dataclass(frozen=True)
class RowError:
    """One problem: the file's line, the column as the file names it ('' for the whole row)."""

    line: int
    column: str
    value: str
    reason: str
    reason_en: str = ""

    def why(self, lang: str = "nl") -> str:
        return self.reason_en if lang == "en" and self.reason_en else self.reason

    def part(self, lang: str = "nl") -> str:
        """The problem without its line: 'Geb. datum: '31/02/1990' bestaat niet als datum'."""
        return f"{self.column}: {self.why(lang)}" if self.column else self.why(lang)

    def text(self, lang: str = "nl") -> str:
        """'regel 5: Geb. datum: '31/02/1990' bestaat niet als datum'."""
        return f"{'line' if lang == 'en' else 'regel'} {self.line}: {self.part(lang)}"

    def as_dict(self, lang: str = "nl") -> dict:
        return {"line": self.line, "column": self.column, "value": self.value, "reason": self.why(lang),
                "text": self.text(lang)}


def row_text(errors: Sequence[RowError], lang: str = "nl") -> str:
    """All problems of one row in one cell: 'regel 8: Geb. datum: … | Postcode: …'."""
    where = f"{'line' if lang == 'en' else 'regel'} {errors[0].line}"
    return f"{where}: " + " | ".join(e.part(lang) for e in errors)


def row_error(line: int, column: str, value: object, error: InvalidInput) -> RowError:
    """A parse error raised with field=column, without repeating the column."""
    prefix = f"{column}: "
    nl = error.message[len(prefix):] if error.message.startswith(prefix) else error.message
    en = error.message_en[len(prefix):] if error.message_en.startswith(prefix) else error.message_en
    return RowError(line, column, _shown(value), nl, en)


def _shown(value: object) -> str:
    return value.strftime("%d/%m/%Y") if isinstance(value, date) else str(value)


def width_error(line: int, cells: Sequence, width: int, excel: bool = False) -> RowError | None:
    """Too many or too few fields: the columns cannot be trusted, so nothing else is checked."""
    count = len(cells)
    if count == width:
        return None
    if count > width:
        extra = " | ".join(_shown(c) for c in cells[width:])
        if excel:
            return RowError(line, "", extra, "waarden rechts van de laatste kolom met een kop",
                            "values to the right of the last column with a header")
        return RowError(
            line, "", extra,
            f"{count} velden in plaats van {width}: te veel (een ';' of ',' in een waarde"
            " zonder aanhalingstekens?)",
            f"{count} fields instead of {width}: too many (a ';' or ',' in a value without quotes?)",
        )
    return RowError(
        line, "", "", f"{count} velden in plaats van {width}: te weinig",
        f"{count} fields instead of {width}: too few",
    )


class _Row:
    """The cells of one row and the problems found so far (for the small partner lists)."""

    __slots__ = ("line", "cells", "errors", "headers")

    def __init__(self, line: int, cells: Sequence, headers: Sequence[str]):
        self.line, self.cells, self.headers = line, cells, headers
        self.errors: list[RowError] = []

    def fail(self, index: int, error: InvalidInput) -> None:
        self.errors.append(row_error(self.line, self.headers[index], self.cells[index], error))

    def problem(self, index: int, reason: str, reason_en: str) -> None:
        self.errors.append(RowError(self.line, self.headers[index], _shown(self.cells[index]), reason, reason_en))

    def missing(self, index: int) -> None:
        self.problem(index, "ontbreekt", "missing")

    def text(self, index: int | None, max_length: int) -> str:
        if index is None:
            return ""
        text, error = _clean(self.cells[index], self.headers[index], max_length)
        if error is not None:
            self.fail(index, error)
        return text


def _clean(value: object, column: str, max_length: int) -> tuple[str, InvalidInput | None]:
    """parse.clean_text, with a fast path for the usual short printable text."""
    if not isinstance(value, str):
        value = _shown(value)
    text = value.strip()
    if len(text) <= max_length and text.isprintable():
        return text, None
    try:
        return clean_text(value, column, max_length), None
    except InvalidInput as error:
        return "", error


MEMO_SIZE = 50_000


def _memo(parse):
    """Cache a parser's answer (value or error) per cell value: dates, postcodes and grounds
    repeat a lot. Bounded: cleared when full."""
    cache: dict = {}

    def run(value):
        found = cache.get(value)
        if found is None:
            try:
                found = (parse(value), None)
            except InvalidInput as error:
                found = (None, error)
            if len(cache) >= MEMO_SIZE:
                cache.clear()
            cache[value] = found
        return found

    return run


class ParticipantRow:
    """A valid row, ready to be matched and written. Dates as ISO text."""

    __slots__ = ("line", "first_name", "last_name", "first_key", "last_key", "birth_date", "postcode",
                 "household_size", "phone", "email", "ground", "domain", "note", "date", "day", "key")

    def __init__(self, line, first_name, last_name, birth_date, postcode, household_size, phone, email,
                 ground, domain, note, on: date, day: str):
        self.line, self.first_name, self.last_name, self.birth_date = line, first_name, last_name, birth_date
        self.first_key, self.last_key = _key(first_name), _key(last_name)
        self.postcode, self.household_size, self.phone, self.email = postcode, household_size, phone, email
        self.ground, self.domain, self.note, self.date, self.day = ground, domain, note, on, day
        # the same as parse.match_key(first_name, last_name, birth_date)
        self.key = f"{self.last_key}|{self.first_key}|{birth_date}"

    def names(self) -> dict:
        return {"first_name": self.first_name, "last_name": self.last_name, "birth_date": self.birth_date}


class ParticipantRules:
    """Checks the rows of a participant list against the mapped headers."""

    def __init__(self, config: Config, header_map: HeaderMap, today: date, on: date, ground: str | None,
                 excel: bool = False):
        from vrijetijd_cli.services.grounds import alias_table, resolve_domain, resolve_ground

        self.excel = excel
        self.headers = headers = header_map.headers
        self.width = len(headers)
        self.at = at = {f: header_map.columns.get(f) for f in PARTICIPANT_FIELDS}
        self.on, self.day, self.ground = on, on.isoformat(), ground
        self.today = today
        column = {f: headers[i] for f, i in at.items() if i is not None}
        table = alias_table(config)
        self.parsers = {
            "birth_date": _memo(lambda v: parse_birth_date(v, today, column["birth_date"]).isoformat()),
            "postcode": _memo(lambda v: parse_postcode(v, column["postcode"])),
            "household_size": _memo(lambda v: parse_positive_int(v, column["household_size"])),
            "ground": _memo(lambda v: resolve_ground(config, _clean(v, "", 200)[0], column["ground"], table)),
            "domain": _memo(lambda v: resolve_domain(config, _clean(v, "", 200)[0], column["domain"])),
            "date": _memo(lambda v: self._referral_date(v, column["date"])),
        }
        self.optional = [f for f in ("postcode", "household_size", "ground", "domain", "date") if at[f] is not None]
        self.texts = [(f, at[f], size) for f, size in (("phone", 40), ("email", 200), ("note", 2000))
                      if at[f] is not None]

    def _referral_date(self, value: object, column: str) -> tuple[date, str]:
        on = parse_date(value, column)
        if on > self.today:
            raise InvalidInput(f"{column}: {on.strftime('%d/%m/%Y')} ligt in de toekomst",
                               f"{column}: {on.isoformat()} is in the future")
        return on, on.isoformat()

    def check(self, line: int, cells: Sequence) -> tuple[ParticipantRow | None, list[RowError]]:
        if len(cells) != self.width:
            return None, [width_error(line, cells, self.width, self.excel)]
        errors: list[RowError] = []
        headers, at = self.headers, self.at
        names = []
        for field in ("first_name", "last_name"):
            index = at[field]
            text, error = _clean(cells[index], headers[index], 100)
            if error is not None:
                errors.append(row_error(line, headers[index], cells[index], error))
            elif not text:
                errors.append(RowError(line, headers[index], "", "ontbreekt", "missing"))
            elif not _key(text):
                errors.append(RowError(line, headers[index], text, f"{text!r} is geen naam", f"{text!r} is not a name"))
            names.append(text)
        values = {"postcode": None, "household_size": 1, "ground": self.ground, "domain": None,
                  "date": (self.on, self.day)}
        index = at["birth_date"]
        value = cells[index]
        born = None
        if isinstance(value, str) and not value.strip():
            errors.append(RowError(line, headers[index], "", "ontbreekt", "missing"))
        else:
            born, error = self.parsers["birth_date"](value)
            if error is not None:
                errors.append(row_error(line, headers[index], value, error))
        for field in self.optional:
            index = at[field]
            value = cells[index]
            if isinstance(value, str) and not value.strip():
                continue
            result, error = self.parsers[field](value)
            if error is not None:
                errors.append(row_error(line, headers[index], value, error))
            else:
                values[field] = result
        texts = {}
        for field, index, size in self.texts:
            text, error = _clean(cells[index], headers[index], size)
            if error is not None:
                errors.append(row_error(line, headers[index], cells[index], error))
            texts[field] = text
        email = texts.get("email")
        if email and ("@" not in email or " " in email):
            index = at["email"]
            errors.append(RowError(line, headers[index], email, f"{email!r} is geen e-mailadres",
                                   f"{email!r} is not an email address"))
        if errors:
            return None, errors
        on, day = values["date"]
        return ParticipantRow(
            line, names[0], names[1], born, values["postcode"], values["household_size"], texts.get("phone", ""),
            email or "", values["ground"], values["domain"], texts.get("note", ""), on, day,
        ), []


@dataclass(frozen=True, slots=True)
class PartnerRow:
    line: int
    name: str
    kind: str | None  # None: keep the stored kind (or 'andere' for a new partner)
    contact: str | None  # None: keep the stored contact

    @property
    def key(self) -> str:
        return normalize(self.name)

    def names(self) -> dict:
        return {"name": self.name}


class PartnerRules:
    def __init__(self, kinds: Mapping[str, Mapping[str, str]], header_map: HeaderMap, excel: bool = False):
        self.excel = excel
        self.headers = header_map.headers
        self.width = len(header_map.headers)
        self.index = {f: header_map.columns.get(f) for f in PARTNER_FIELDS}
        self.kinds: dict[str, str] = {}
        for code, labels in kinds.items():
            for spelling in (code, *labels.values()):
                self.kinds.setdefault(normalize(spelling), code)
        self.choices = ", ".join(kinds)

    def check(self, line: int, cells: Sequence) -> tuple[PartnerRow | None, list[RowError]]:
        wrong_width = width_error(line, cells, self.width, self.excel)
        if wrong_width:
            return None, [wrong_width]
        row = _Row(line, cells, self.headers)
        at = self.index
        name = row.text(at["name"], 120)
        if not normalize(name) and not row.errors:
            row.missing(at["name"])
        kind_text = row.text(at["kind"], 120)
        kind = self.kinds.get(normalize(kind_text)) if kind_text else None
        if kind_text and kind is None:
            row.problem(
                at["kind"], f"soort {kind_text!r} is onbekend; kies uit {self.choices}",
                f"kind {kind_text!r} is unknown; choose from {self.choices}",
            )
        contact = row.text(at["contact"], 200) if at["contact"] is not None else None
        if row.errors:
            return None, row.errors
        return PartnerRow(line, name, kind, contact or None), []


def one_edit_apart(a: str, b: str) -> bool:
    """True when one insertion, deletion or substitution turns `a` into `b` (not when equal)."""
    if len(a) > len(b):
        a, b = b, a
    short, long_ = len(a), len(b)
    if long_ - short > 1 or a == b:
        return False
    half = short // 2
    # one edit leaves the first or the last half untouched: a cheap test before the exact one
    if half and a[:half] != b[:half] and a[-half:] != b[-half:]:
        return False
    i = 0
    while i < short and a[i] == b[i]:
        i += 1
    if short == long_:
        return a[i + 1:] == b[i + 1:]
    return a[i:] == b[i + 1:]


def similar_keys(key: str, swapped: str, other: str) -> str | None:
    """Why two match keys with the same birth date may be one person: 'swapped' first and last
    names, or a 'typo' (one edit apart); None otherwise. `swapped` is `key` with the names swapped.

    The shared birth date does not change the edit distance, so whole keys are compared, and
    most pairs are ruled out by their length alone.
    """
    if not -1 <= len(other) - len(key) <= 1 or other == key:
        return None
    if other == swapped:
        return "swapped"
    return "typo" if one_edit_apart(key, other) else None
