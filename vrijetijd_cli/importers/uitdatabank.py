"""UiTdatabank JSON-LD events -> plain activity dicts (pure: no database, no output).

Accepts a single event, a JSON array of events, or a search result page (`member`). Every
problem of every event is collected; one bad event refuses the whole file (ImportRejected).
Prices are read as Decimal and converted to cents exactly: no float touches an amount.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from vrijetijd_cli.errors import ImportRejected, InvalidInput
from vrijetijd_cli.formats import day as day_text
from vrijetijd_cli.importers.jsonld_values import all_texts, brussels_date, euro, one_line, strip_html
from vrijetijd_cli.parse import normalize

CALENDAR_TYPES = ("single", "multiple", "periodic", "permanent")
REDUCED_CATEGORIES = ("uitpas", "tariff")
MAX_PRICE_CENTS = 10_000_000  # € 100.000,00: anything above is a mistake in the source
TITLE_MAX, TEXT_MAX, DESCRIPTION_MAX = 200, 200, 4000
EVENT_KEYS = ("@id", "@type", "@context", "name", "calendarType", "startDate", "priceInfo")


@dataclass(frozen=True)
class Settings:
    """What the mapping needs from the config."""

    language: str = "nl"
    uitpas_region: str = ""
    domain_terms: dict[str, str] = field(default_factory=dict)
    default_domain: str = "cultuur"

    @classmethod
    def from_config(cls, config) -> Settings:
        return cls(
            config.language,
            config.uitpas_region,
            dict(config.uitdatabank_domain_terms),
            config.uitdatabank_default_domain,
        )


@dataclass
class Parsed:
    activities: list[dict]
    warnings: list[str]


def parse(data: bytes, settings: Settings, file_name: str = "") -> Parsed:
    """The activities in a UiTdatabank JSON file; raises InvalidInput or ImportRejected."""
    events = read_events(data, file_name)
    lang = settings.language
    activities, problems, warnings = [], [], []
    for position, event in events:
        mapper = _Event(event, position, settings)
        activity = mapper.activity()
        problems.extend(mapper.problems)
        warnings.extend(mapper.warnings)
        if not mapper.problems:
            activities.append(activity)
    if problems:
        count, name = len(problems), file_name or "bestand"
        raise ImportRejected(
            f"{name}: {count} {'probleem' if count == 1 else 'problemen'}; er is niets ingelezen",
            f"{file_name or 'file'}: {count} problem{'s' if count != 1 else ''};"
            " nothing was imported",
            details=[_pick(p, lang) for p in problems],
        )
    return Parsed(activities, [_pick(w, lang) for w in warnings])


def read_events(data: bytes, file_name: str = "") -> list[tuple[int, dict]]:
    """(position from 1, event) pairs; refuses text that is not JSON or not events."""
    name = file_name or "bestand"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{name}: geen UTF-8-tekst (byte {exc.start + 1}); UiTdatabank-JSON is altijd UTF-8",
            f"{name}: not UTF-8 text (byte {exc.start + 1}); UiTdatabank JSON is always UTF-8",
        ) from None
    try:
        document = json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"{name}: ongeldige JSON op regel {exc.lineno}, kolom {exc.colno}: {exc.msg}",
            f"{name}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
        ) from None
    except ValueError as exc:
        raise InvalidInput(
            f"{name}: ongeldige JSON: {exc}", f"{name}: invalid JSON: {exc}"
        ) from None
    if isinstance(document, dict) and "member" in document:
        document = document["member"]
        if not isinstance(document, list):
            raise InvalidInput(
                f"{name}: 'member' is geen lijst van evenementen",
                f"{name}: 'member' is not a list of events",
            )
    elif isinstance(document, dict):
        if not any(key in document for key in EVENT_KEYS):
            raise InvalidInput(
                f"{name}: de JSON is geen UiTdatabank-evenement, lijst van evenementen of"
                " zoekresultaat"
                " (verwacht '@id' en 'name', een lijst, of 'member')",
                f"{name}: the JSON is not a UiTdatabank event, list of events or search result"
                " (expected '@id' and 'name', a list, or 'member')",
            )
        document = [document]
    elif not isinstance(document, list):
        raise InvalidInput(
            f"{name}: de JSON is geen evenement of lijst van evenementen maar een"
            f" {_kind(document)}",
            f"{name}: the JSON is not an event or list of events but a {_kind(document, 'en')}",
        )
    if not document:
        raise InvalidInput(
            f"{name}: het bestand bevat geen evenementen", f"{name}: the file holds no events"
        )
    not_objects = [i for i, item in enumerate(document, 1) if not isinstance(item, dict)]
    if not_objects:
        listed = ", ".join(str(i) for i in not_objects[:20])
        raise InvalidInput(
            f"{name}: de JSON is geen lijst van evenementen: element {listed} is geen object",
            f"{name}: the JSON is not a list of events: item {listed} is not an object",
        )
    return list(enumerate(document, 1))


def _refuse_constant(name: str):
    raise ValueError(f"{name} is geen getal")


def _kind(value: Any, lang: str = "nl") -> str:
    names = {
        str: ("tekst", "text"),
        bool: ("waarheidswaarde", "boolean"),
        type(None): ("null", "null"),
    }
    nl, en = names.get(type(value), ("getal", "number"))
    return en if lang == "en" else nl


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


class _Event:
    """Maps one event; problems and warnings are (nl, en) pairs naming the event."""

    def __init__(self, event: dict, position: int, settings: Settings):
        self.event = event
        self.settings = settings
        self.problems: list[tuple[str, str]] = []
        self.warnings: list[tuple[str, str]] = []
        ident = event.get("@id")
        self.where = (f"evenement {position}", f"event {position}")
        if isinstance(ident, str) and ident.strip():
            self.where = (
                f"evenement {position} ({ident.strip()})",
                f"event {position} ({ident.strip()})",
            )

    def problem(self, nl: str, en: str) -> None:
        self.problems.append((f"{self.where[0]}: {nl}", f"{self.where[1]}: {en}"))

    def warn(self, nl: str, en: str) -> None:
        self.warnings.append((f"{self.where[0]}: {nl}", f"{self.where[1]}: {en}"))

    def activity(self) -> dict:
        event = self.event
        ident = event.get("@id")
        if not isinstance(ident, str) or not ident.strip():
            self.problem(
                "'@id' ontbreekt (nodig als extern id)", "'@id' is missing (needed as external id)"
            )
            ident = ""
        title = one_line(self.text(event.get("name")), TITLE_MAX)
        if not title:
            self.problem("'name' ontbreekt of is leeg", "'name' is missing or empty")
        location = event.get("location") if isinstance(event.get("location"), dict) else {}
        address = self.address(location.get("address"))
        organizer = event.get("organizer") if isinstance(event.get("organizer"), dict) else {}
        calendar_type, start, end = self.calendar()
        price, reduced = self.prices()
        return {
            "external_id": ident.strip(),
            "title": title,
            "description": strip_html(self.text(event.get("description")))[:DESCRIPTION_MAX],
            "domain": self.domain(),
            "organiser_name": one_line(self.text(organizer.get("name")), TEXT_MAX),
            "place": one_line(self.text(location.get("name")), TEXT_MAX),
            "postcode": one_line(str(address.get("postalCode") or ""), 10) or None,
            "locality": one_line(str(address.get("addressLocality") or ""), TEXT_MAX),
            "calendar_type": calendar_type,
            "start_date": start.isoformat() if start else None,
            "end_date": end.isoformat() if end else None,
            "price_cents": price,
            "kansentarief_cents": reduced,
            "source": "uitdatabank",
        }

    def text(self, value: Any) -> str:
        """A string or a language map: the configured language, else mainLanguage, else any."""
        if isinstance(value, str):
            return value.strip()
        if not isinstance(value, dict):
            return ""
        main = self.event.get("mainLanguage")
        for lang in (self.settings.language, main, "nl"):
            candidate = value.get(lang) if isinstance(lang, str) else None
            if isinstance(candidate, str) and candidate.strip():
                return candidate.strip()
        for candidate in value.values():
            if isinstance(candidate, str) and candidate.strip():
                return candidate.strip()
        return ""

    def address(self, value: Any) -> dict:
        if not isinstance(value, dict):
            return {}
        if any(key in value for key in ("postalCode", "addressLocality", "streetAddress")):
            return value
        main = self.event.get("mainLanguage")
        for lang in (self.settings.language, main, "nl", *value.keys()):
            candidate = value.get(lang) if isinstance(lang, str) else None
            if isinstance(candidate, dict):
                return candidate
        return {}

    def calendar(self) -> tuple[str, date | None, date | None]:
        event = self.event
        kind = event.get("calendarType")
        if kind is not None and kind not in CALENDAR_TYPES:
            self.problem(
                f"calendarType {kind!r} is onbekend (verwacht: {', '.join(CALENDAR_TYPES)})",
                f"calendarType {kind!r} is unknown (expected: {', '.join(CALENDAR_TYPES)})",
            )
            return "permanent", None, None
        start = self.local_date("startDate")
        end = self.local_date("endDate")
        if kind == "permanent" or (kind is None and start is None and end is None):
            return "permanent", None, None
        if start is None:
            if "startDate" not in event:
                self.problem(
                    f"'startDate' ontbreekt voor calendarType {kind or 'single'!r}",
                    f"'startDate' is missing for calendarType {kind or 'single'!r}",
                )
            return kind or "single", None, None
        if end is not None and end < start:
            self.problem(
                f"einddatum {day_text(end)} ligt voor begindatum {day_text(start)}",
                f"end date {day_text(end)} is before start date {day_text(start)}",
            )
        if kind is None:
            kind = "single" if end is None or end == start else "periodic"
        if end is None and kind in ("single", "multiple"):
            end = start
        return kind, start, end

    def local_date(self, key: str) -> date | None:
        value = self.event.get(key)
        if value is None or value == "":
            return None
        moment = None
        if isinstance(value, str):
            try:
                moment = datetime.fromisoformat(value.strip())
            except ValueError:
                moment = None
        if moment is None or moment.year < 1900:
            self.problem(
                f"{key} {value!r} is geen datum (ISO 8601)",
                f"{key} {value!r} is not a date (ISO 8601)",
            )
            return None
        return brussels_date(moment)

    def prices(self) -> tuple[int, int | None]:
        """(full price, reduced price or None) in cents."""
        info = self.event.get("priceInfo")
        if info is None:
            self.warn(
                "geen prijsinformatie (priceInfo); volle prijs € 0,00 aangenomen",
                "no price information (priceInfo); full price € 0.00 assumed",
            )
            return 0, None
        if not isinstance(info, list):
            self.problem("priceInfo is geen lijst", "priceInfo is not a list")
            return 0, None
        base: int | None = None
        bad = False  # a wrong entry is reported once, not again as a missing base price
        reduced: list[tuple[bool, int]] = []
        region = normalize(self.settings.uitpas_region)
        for index, item in enumerate(info):
            key = f"priceInfo[{index}]"
            if not isinstance(item, dict):
                self.problem(f"{key} is geen object", f"{key} is not an object")
                bad = True
                continue
            cents = self.cents(item.get("price"), f"{key}.price")
            category = item.get("category")
            names = normalize(" ".join(all_texts(item.get("name"))))
            if cents is None:
                bad = True
                continue
            if category == "base" and base is None:
                base = cents
            elif category in REDUCED_CATEGORIES and "kansentarief" in names:
                reduced.append((bool(region) and region in names, cents))
        if base is None:
            if bad:
                return 0, None
            if info:
                self.problem(
                    "priceInfo heeft geen basistarief (category 'base')",
                    "priceInfo has no base price (category 'base')",
                )
            else:
                self.warn(
                    "lege priceInfo; volle prijs € 0,00 aangenomen",
                    "empty priceInfo; full price € 0.00 assumed",
                )
            return 0, None
        if not reduced:
            return base, None
        preferred = [cents for in_region, cents in reduced if in_region]
        chosen = min(preferred or [cents for _, cents in reduced])
        if chosen > base:
            self.problem(
                f"kansentarief {euro(chosen)} is hoger dan het basistarief {euro(base)}",
                f"kansentarief {euro(chosen, 'en')} is higher than the base price"
                f" {euro(base, 'en')}",
            )
        return base, chosen

    def cents(self, value: Any, key: str) -> int | None:
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            shown = "(ontbreekt)" if value is None else repr(value)
            self.problem(
                f"{key} {shown} is geen getal",
                f"{key} {'(missing)' if value is None else repr(value)} is not a number",
            )
            return None
        amount = Decimal(value)
        if amount < 0:
            self.problem(f"{key} {value} is negatief", f"{key} {value} is negative")
            return None
        try:
            scaled = amount.scaleb(2)
            exact = scaled == scaled.to_integral_value()
        except InvalidOperation:
            exact = False
        if not exact:
            self.problem(
                f"{key} {value} heeft meer dan twee decimalen",
                f"{key} {value} has more than two decimals",
            )
            return None
        if scaled > MAX_PRICE_CENTS:
            self.problem(
                f"{key} {value} is onwaarschijnlijk hoog (meer dan € 100.000,00)",
                f"{key} {value} is implausibly high (above € 100,000.00)",
            )
            return None
        return int(scaled)

    def domain(self) -> str:
        lookup = {normalize(term): domain for term, domain in self.settings.domain_terms.items()}
        terms = self.event.get("terms")
        terms = [t for t in terms if isinstance(t, dict)] if isinstance(terms, list) else []
        for wanted in ("eventtype", "theme"):
            for term in terms:
                if term.get("domain") != wanted:
                    continue
                for key in (term.get("label"), term.get("id")):
                    if isinstance(key, str) and normalize(key) in lookup:
                        return lookup[normalize(key)]
        return self.settings.default_domain
