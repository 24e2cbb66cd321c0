"""UiTdatabank JSON-LD events -> plain activity dicts (pure: no database, no output).

Accepts a single event, a JSON array of events, or a search result page (`member`). Every
problem of every event is collected; one bad event refuses the whole file (ImportRejected).
Prices are read as Decimal and converted to cents exactly: no float touches an amount.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, DecimalException
from typing import Any

from vrijetijd_cli.errors import ImportRejected, InvalidInput
from vrijetijd_cli.formats import day as day_text
from vrijetijd_cli.formats import money
from vrijetijd_cli.i18n import N_, _, ngettext
from vrijetijd_cli.importers.jsonld_values import all_texts, brussels_date, one_line, strip_html
from vrijetijd_cli.parse import normalize

CALENDAR_TYPES = ("single", "multiple", "periodic", "permanent")
REDUCED_CATEGORIES = ("uitpas", "tariff")
MAX_PRICE_CENTS = 10_000_000  # € 100.000,00: anything above is a mistake in the source
TITLE_MAX, TEXT_MAX, DESCRIPTION_MAX = 200, 200, 4000
EVENT_KEYS = ("@id", "@type", "@context", "name", "calendarType", "startDate", "priceInfo")
FIRST_YEAR, LAST_YEAR = 1900, 2999  # an event outside these years is a mistake in the source


@dataclass(frozen=True)
class Settings:
    """What the mapping needs from the config; `language` picks the event's texts (a name in
    several languages), not the language of the messages."""

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
    activities, problems, warnings = [], [], []
    for position, event in events:
        mapper = _Event(event, position, settings)
        activity = mapper.activity()
        problems.extend(mapper.problems)
        warnings.extend(mapper.warnings)
        if not mapper.problems:
            activities.append(activity)
    if problems:
        count = len(problems)
        raise ImportRejected(
            ngettext("{name}: {count} probleem; er is niets ingelezen",
                     "{name}: {count} problemen; er is niets ingelezen", count).format(
                name=file_name or _("bestand"), count=count),
            details=problems,
        )
    return Parsed(activities, warnings)


def read_events(data: bytes, file_name: str = "") -> list[tuple[int, dict]]:
    """(position from 1, event) pairs; refuses text that is not JSON or not events."""
    name = file_name or _("bestand")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            _("{name}: geen UTF-8-tekst (byte {byte}); UiTdatabank-JSON is altijd UTF-8").format(
                name=name, byte=exc.start + 1)
        ) from None
    try:
        document = json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            _("{name}: ongeldige JSON op regel {line}, kolom {column}: {reason}").format(
                name=name, line=exc.lineno, column=exc.colno, reason=exc.msg)
        ) from None
    except ValueError as exc:
        raise InvalidInput(_("{name}: ongeldige JSON: {reason}").format(name=name, reason=exc)) from None
    except RecursionError:
        raise InvalidInput(_("{name}: de JSON is te diep genest; een UiTdatabank-bestand is dat nooit").format(
            name=name)) from None
    if isinstance(document, dict) and "member" in document:
        document = document["member"]
        if not isinstance(document, list):
            raise InvalidInput(_("{name}: 'member' is geen lijst van evenementen").format(name=name))
    elif isinstance(document, dict):
        if not any(key in document for key in EVENT_KEYS):
            raise InvalidInput(
                _("{name}: de JSON is geen UiTdatabank-evenement, lijst van evenementen of"
                  " zoekresultaat (verwacht '@id' en 'name', een lijst, of 'member')").format(name=name)
            )
        document = [document]
    elif not isinstance(document, list):
        raise InvalidInput(
            _("{name}: de JSON is geen evenement of lijst van evenementen maar een {kind}").format(
                name=name, kind=_kind(document))
        )
    if not document:
        raise InvalidInput(_("{name}: het bestand bevat geen evenementen").format(name=name))
    not_objects = [i for i, item in enumerate(document, 1) if not isinstance(item, dict)]
    if not_objects:
        listed = ", ".join(str(i) for i in not_objects[:20])
        raise InvalidInput(
            _("{name}: de JSON is geen lijst van evenementen: element {items} is geen object").format(
                name=name, items=listed)
        )
    return list(enumerate(document, 1))


def _refuse_constant(name: str):
    raise ValueError(_("{name} is geen getal").format(name=name))


# what a JSON value that is no event is, in words (any other: a number)
KINDS = {str: N_("tekst"), bool: N_("waarheidswaarde")}
NUMBER = N_("getal")


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return _(KINDS.get(type(value), NUMBER))


class _Event:
    """Maps one event; problems and warnings are messages naming the event."""

    def __init__(self, event: dict, position: int, settings: Settings):
        self.event = event
        self.settings = settings
        self.problems: list[str] = []
        self.warnings: list[str] = []
        ident = event.get("@id")
        if isinstance(ident, str) and ident.strip():
            self.where = _("evenement {position} ({id})").format(position=position, id=ident.strip())
        else:
            self.where = _("evenement {position}").format(position=position)

    def problem(self, text: str) -> None:
        self.problems.append(f"{self.where}: {text}")

    def warn(self, text: str) -> None:
        self.warnings.append(f"{self.where}: {text}")

    def activity(self) -> dict:
        event = self.event
        ident = event.get("@id")
        if not isinstance(ident, str) or not ident.strip():
            self.problem(_("'@id' ontbreekt (nodig als extern id)"))
            ident = ""
        title = one_line(self.text(event.get("name")), TITLE_MAX)
        if not title:
            self.problem(_("'name' ontbreekt of is leeg"))
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
        for code in (self.settings.language, main, "nl"):
            candidate = value.get(code) if isinstance(code, str) else None
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
        for code in (self.settings.language, main, "nl", *value.keys()):
            candidate = value.get(code) if isinstance(code, str) else None
            if isinstance(candidate, dict):
                return candidate
        return {}

    def calendar(self) -> tuple[str, date | None, date | None]:
        event = self.event
        kind = event.get("calendarType")
        if kind is not None and kind not in CALENDAR_TYPES:
            self.problem(_("calendarType {kind!r} is onbekend (verwacht: {expected})").format(
                kind=kind, expected=", ".join(CALENDAR_TYPES)))
            return "permanent", None, None
        start = self.local_date("startDate")
        end = self.local_date("endDate")
        if kind == "permanent" or (kind is None and start is None and end is None):
            return "permanent", None, None
        if start is None:
            if "startDate" not in event:
                self.problem(_("'startDate' ontbreekt voor calendarType {kind!r}").format(
                    kind=kind or "single"))
            return kind or "single", None, None
        if end is not None and end < start:
            self.problem(_("einddatum {end} ligt voor begindatum {start}").format(
                end=day_text(end), start=day_text(start)))
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
        if moment is None or moment.year < FIRST_YEAR:
            self.problem(_("{key} {value!r} is geen datum (ISO 8601)").format(key=key, value=value))
            return None
        if moment.year > LAST_YEAR:
            self.problem(_("{key} {value!r} ligt na {last}: een fout in de bron").format(
                key=key, value=value, last=LAST_YEAR))
            return None
        return brussels_date(moment)

    def prices(self) -> tuple[int, int | None]:
        """(full price, reduced price or None) in cents."""
        info = self.event.get("priceInfo")
        if info is None:
            self.warn(_("geen prijsinformatie (priceInfo); volle prijs {amount} aangenomen").format(
                amount=money(0)))
            return 0, None
        if not isinstance(info, list):
            self.problem(_("priceInfo is geen lijst"))
            return 0, None
        base: int | None = None
        bad = False  # a wrong entry is reported once, not again as a missing base price
        reduced: list[tuple[bool, int]] = []
        region = normalize(self.settings.uitpas_region)
        for index, item in enumerate(info):
            key = f"priceInfo[{index}]"
            if not isinstance(item, dict):
                self.problem(_("{key} is geen object").format(key=key))
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
                self.problem(_("priceInfo heeft geen basistarief (category 'base')"))
            else:
                self.warn(_("lege priceInfo; volle prijs {amount} aangenomen").format(amount=money(0)))
            return 0, None
        if not reduced:
            return base, None
        preferred = [cents for in_region, cents in reduced if in_region]
        chosen = min(preferred or [cents for _in_region, cents in reduced])
        if chosen > base:
            self.problem(_("kansentarief {reduced} is hoger dan het basistarief {base}").format(
                reduced=money(chosen), base=money(base)))
        return base, chosen

    def cents(self, value: Any, key: str) -> int | None:
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            shown = _("(ontbreekt)") if value is None else repr(value)
            self.problem(_("{key} {value} is geen getal").format(key=key, value=shown))
            return None
        amount = Decimal(value)
        if amount < 0:
            self.problem(_("{key} {value} is negatief").format(key=key, value=value))
            return None
        if amount > MAX_PRICE_CENTS:  # before any arithmetic: 1e999999 would overflow it
            self.problem(_("{key} {value} is onwaarschijnlijk hoog (meer dan {limit})").format(
                key=key, value=value, limit=money(MAX_PRICE_CENTS)))
            return None
        try:
            scaled = amount.scaleb(2)
            exact = scaled == scaled.to_integral_value()
        except DecimalException:
            exact = False
        if not exact:
            self.problem(_("{key} {value} heeft meer dan twee decimalen").format(key=key, value=value))
            return None
        if scaled > MAX_PRICE_CENTS:
            self.problem(_("{key} {value} is onwaarschijnlijk hoog (meer dan {limit})").format(
                key=key, value=value, limit=money(MAX_PRICE_CENTS)))
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
