"""The rules of one activity field at a time: shared by `activity add|edit` and the imports.

Each check takes what a user typed or a file held and returns the stored value (int cents,
ISO dates) or raises InvalidInput naming the field and the value, so a list import can
report it per line and column.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from vrijetijd_cli.config import Config
from vrijetijd_cli.errors import Conflict, InvalidInput
from vrijetijd_cli.formats import day, money
from vrijetijd_cli.i18n import _
from vrijetijd_cli.parse import (
    clean_text,
    normalize,
    parse_amount,
    parse_date,
    parse_positive_int,
    parse_postcode,
)


def default_kansentarief(price_cents: int, share_bp: int) -> int:
    """What a participant pays: price × share, rounded half up to the cent (integers only)."""
    return (price_cents * share_bp * 2 + 10000) // 20000


def check_title(value: object, field: str = "titel") -> str:
    title = " ".join(clean_text(value, field, 200).split())
    if not title:
        raise InvalidInput(_("{field}: een activiteit heeft een titel nodig").format(field=field))
    return title


def check_domain(config: Config, value: object) -> str:
    """A configured domain by code or by its label, in either language."""
    key = normalize(value)
    for code, labels in config.domains.items():
        if key in (normalize(code), normalize(labels["nl"]), normalize(labels["en"])):
            return code
    known = ", ".join(config.domains)
    raise InvalidInput(
        _("domein {value!r} is onbekend; kies uit {known}").format(value=str(value).strip(), known=known)
    )


def check_price(value: object, field: str = "prijs") -> int:
    return parse_amount(value, field)


def check_kansentarief(value: object, price_cents: int, field: str = "kansentarief") -> int:
    cents = parse_amount(value, field)
    check_not_above(cents, price_cents, field)
    return cents


def check_not_above(kansentarief_cents: int, price_cents: int, field: str = "kansentarief") -> None:
    if kansentarief_cents > price_cents:
        raise InvalidInput(
            _("{field}: {kansentarief} is hoger dan de volle prijs {price}").format(
                field=field, kansentarief=money(kansentarief_cents), price=money(price_cents))
        )


def check_postcode(value: object, field: str = "postcode") -> str | None:
    text = str(value).strip() if value is not None else ""
    return parse_postcode(text, field) if text else None


def check_capacity(value: object, field: str = "capaciteit") -> int | None:
    text = str(value).strip() if value is not None else ""
    return parse_positive_int(text, field) if text else None


def check_dates(
    start: object, end: object, open_end: bool = True
) -> tuple[str, str | None, str | None]:
    """(calendar_type, start, end) from optional dates; none: permanent; a start alone: an
    open-ended period (`--from`) or, with open_end=False (a row in a list), one day."""
    first = parse_date(start, "begindatum") if start not in (None, "") else None
    last = parse_date(end, "einddatum") if end not in (None, "") else None
    if first is None and last is not None:
        raise InvalidInput(_("einddatum {end} zonder begindatum").format(end=day(last)))
    if first is None:
        return "permanent", None, None
    check_order(first, last)
    if last is None and open_end:
        return "periodic", first.isoformat(), None
    if last is None or last == first:
        return "single", first.isoformat(), first.isoformat()
    return "periodic", first.isoformat(), last.isoformat()


def check_order(first: date, last: date | None) -> None:
    if last is not None and last < first:
        raise InvalidInput(
            _("einddatum {end} ligt voor begindatum {start}").format(end=day(last), start=day(first))
        )


def organiser_partner(conn: sqlite3.Connection, ref: object) -> int:
    from vrijetijd_cli.services import partners

    return partners.resolve(conn, str(ref))["id"]


def partner_by_name(conn: sqlite3.Connection, name: str) -> int | None:
    """An organiser written exactly as a partner's name (imports link it, never guess)."""
    key = normalize(name)
    if not key:
        return None
    row = conn.execute("SELECT id FROM partners WHERE name_key = ?", [key]).fetchone()
    return row["id"] if row else None


def check_external_id(
    conn: sqlite3.Connection, value: object, own_id: int | None = None
) -> str | None:
    """An external id not used by another activity ('' clears it)."""
    text = clean_text(value, "extern id", 300) if value is not None else ""
    if not text:
        return None
    row = conn.execute("SELECT id FROM activities WHERE external_id = ?", [text]).fetchone()
    if row and row["id"] != own_id:
        raise Conflict(
            _("extern id {external_id!r} hoort al bij activiteit {id}").format(external_id=text, id=row["id"])
        )
    return text
