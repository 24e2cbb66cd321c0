"""The transparent offer (*transparant aanbod*): what is on, and what a participant pays.

Plain data for the renderers: active activities grouped by domain in the configured order,
with the facts a handout needs (share, yearly cap, grounds, partners, contact).
"""

from __future__ import annotations

import sqlite3
from datetime import date

from vrijetijd_cli import clock
from vrijetijd_cli.config import Config
from vrijetijd_cli.services.activities import overlap_filter
from vrijetijd_cli.services.activity_fields import check_domain

KEYS = (
    "id",
    "title",
    "organiser",
    "place",
    "locality",
    "postcode",
    "calendar_type",
    "start_date",
    "end_date",
    "price_cents",
    "kansentarief_cents",
)


def offer(
    conn: sqlite3.Connection,
    config: Config,
    domain: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    today: date | None = None,
) -> dict:
    """Active activities overlapping [from, to] (from defaults to today): nothing already over."""
    today = today or clock.today()
    start = date_from if date_from not in (None, "") else today.isoformat()
    where, params = overlap_filter(start, date_to)
    where.insert(0, "a.active = 1")
    if domain:
        where.append("a.domain = ?")
        params.append(check_domain(config, domain))
    rows = conn.execute(
        "SELECT a.id, a.title, a.domain, COALESCE(p.name, a.organiser_name) AS organiser, a.place,"
        " a.locality, a.postcode, a.calendar_type, a.start_date, a.end_date, a.price_cents,"
        " a.kansentarief_cents"
        " FROM activities a LEFT JOIN partners p ON p.id = a.organiser_partner_id"
        f" WHERE {' AND '.join(where)}"
        " ORDER BY a.domain, a.start_date IS NOT NULL, a.start_date, a.title COLLATE NOCASE, a.id",
        params,
    )
    grouped: dict[str, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row["domain"], []).append({k: row[k] for k in KEYS})
    order = [code for code in config.domains if code in grouped] + sorted(
        c for c in grouped if c not in config.domains
    )
    partners = [
        r["name"] for r in conn.execute("SELECT name FROM partners WHERE active = 1 ORDER BY id")
    ]
    return {
        "network": config.network_name,
        "municipality": config.municipality,
        "contact": config.contact,
        "made_on": today.isoformat(),
        "date_from": _iso(start),
        "date_to": _iso(date_to),
        "participant_share_bp": config.participant_share_bp,
        "yearly_cap_cents": config.yearly_cap_cents,
        "grounds": [config.ground_label(code) for code in config.grounds],
        "partners": partners,
        "count": sum(len(v) for v in grouped.values()),
        "domains": [
            {"code": code, "label": config.label(config.domains, code), "activities": grouped[code]}
            for code in order
        ],
    }


def _iso(value: str | None) -> str | None:
    from vrijetijd_cli.parse import parse_date

    return parse_date(value).isoformat() if value not in (None, "") else None
