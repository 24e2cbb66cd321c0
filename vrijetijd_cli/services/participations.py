"""Participations: who took part in what, on which day, and who paid what (in cents).

The rules a participation must satisfy, and its amounts, are in services/participation_rules.py;
paid with a voucher, a participation is the voucher's redemption (services/vouchers.py).
"""

from __future__ import annotations

import sqlite3
from datetime import date

from vrijetijd_cli import clock
from vrijetijd_cli.config import Config
from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.i18n import _
from vrijetijd_cli.parse import check_maximum
from vrijetijd_cli.services import closing, vouchers
from vrijetijd_cli.services.participation_rules import (
    PAID_VIA,
    SELECT,
    SOURCES,
    amounts,
    check_activity,
    check_choice,
    check_date,
    check_participant,
    check_persons,
    check_rules,
    get,
    insert,
)
from vrijetijd_cli.store import atomic


def add(
    conn: sqlite3.Connection,
    config: Config,
    participant_id: int,
    activity_id: int,
    on: date | None = None,
    persons: int = 1,
    paid_via: str = "kansentarief",
    source: str = "trekkingsrecht",
    reason: str | None = None,
    voucher_code: str | None = None,
) -> dict:
    """Register a participation; paid via a voucher, it redeems that voucher."""
    today = clock.today()
    via = check_choice(paid_via, PAID_VIA, _("betaald via"))
    if voucher_code is not None and via != "voucher":
        raise InvalidInput(_("--voucher gaat alleen samen met --paid-via voucher, niet met {via}").format(via=via))
    if via == "voucher":
        if voucher_code is None:
            raise InvalidInput(_("betaald via voucher: geef de code met --voucher (of gebruik 'voucher redeem')"))
        redeemed = vouchers.redeem(conn, config, voucher_code, activity_id, on, None, persons, reason,
                                   participant_id=participant_id)
        return redeemed["participation"]
    fund = check_choice(source, SOURCES, _("bron"))
    persons = check_persons(persons)
    day = check_date(on or today, today)
    with atomic(conn):
        closing.refuse_closed(conn, [day.year], _("deelname"))
        check_participant(conn, participant_id)
        activity = check_activity(conn, activity_id, day)
        price, participant_paid, network_paid = amounts(activity, persons, via)
        check_maximum(price, _("prijs"), config.max_amount_cents)  # limits.max_amount
        override = check_rules(conn, config, participant_id, day, network_paid, reason)
        new_id = insert(conn, {
            "participant_id": participant_id, "activity_id": activity_id, "date": day.isoformat(),
            "persons": persons, "price_cents": price, "participant_paid_cents": participant_paid,
            "network_paid_cents": network_paid, "paid_via": via, "voucher_id": None,
            "budget_year": day.year, "funding_source": fund, "override_reason": override,
        })
    return get(conn, new_id)


# ---- reading ----

def list_participations(
    conn: sqlite3.Connection,
    config: Config,
    participant_id: int | None = None,
    activity_id: int | None = None,
    domain: str | None = None,
    year: int | None = None,
    limit: int | None = None,
) -> list[dict]:
    """Participations matching every filter; `year` is the calendar year of the date."""
    where, params = [], []
    if participant_id is not None:
        where.append("x.participant_id = ?")
        params.append(participant_id)
    if activity_id is not None:
        where.append("x.activity_id = ?")
        params.append(activity_id)
    if domain:
        from vrijetijd_cli.services.activities import check_domain

        where.append("a.domain = ?")
        params.append(check_domain(config, domain))
    if year is not None:
        where.append("x.date >= ? AND x.date <= ?")
        params += [f"{year:04d}-01-01", f"{year:04d}-12-31"]
    sql = SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY x.date, x.id"
    if limit is not None:
        if limit < 1:
            raise InvalidInput(_("limiet: {limit} moet minstens 1 zijn").format(limit=limit))
        sql += " LIMIT ?"
        params.append(limit)
    return [dict(r) for r in conn.execute(sql, params)]


def totals(rows: list[dict]) -> dict:
    return {
        "participations": len(rows),
        "persons": sum(r["persons"] for r in rows),
        "price_cents": sum(r["price_cents"] for r in rows),
        "participant_paid_cents": sum(r["participant_paid_cents"] for r in rows),
        "network_paid_cents": sum(r["network_paid_cents"] for r in rows),
    }
