"""The omgevingsanalyse (`report context --year Y`): per municipality its target group, the people
reached over the last five years, the share of the target group reached, participations per 100
people of the target group, and the offer per domain beside what its residents used.

Target group: the inhabitants with verhoogde tegemoetkoming of the config (people with a leefloon
have it too). Reached and participations follow reports/reach.py and the participation section
(a person in the municipality of the current postcode on each year's reference date). Offer: the
activities on offer in the year (dated within it or ongoing; active, or taken part in that year)
whose postcode lies in the municipality; activities without a postcode of the region count for the
region only. Each year's reach is that year's reach groups added up per municipality.
"""

from __future__ import annotations

import sqlite3

from vrijetijd_cli.config import Config
from vrijetijd_cli.reports import FIRST_YEAR, Period, consistent_read, municipalities, period, reach, rows, share_bp

YEARS = 5
OUTSIDE = municipalities.OUTSIDE


def build(conn: sqlite3.Connection, config: Config, year: int | None = None) -> dict:
    p = period(year)
    years = [y for y in range(p.year - YEARS + 1, p.year + 1) if y >= FIRST_YEAR]
    known = {m.key for m in config.municipalities}
    with consistent_read(conn):
        reached = {y: _reached(conn, config, Period(y, p.today), known) for y in years}
        used, offered = _domains(conn, config, p, known)
    domains = list(config.domains) + sorted({d for found in (used, offered) for (_k, d) in found}
                                            - set(config.domains))
    listed = []
    for municipality in [*config.municipalities, None]:
        key = municipality.key if municipality is not None else OUTSIDE
        group = municipality.target_group if municipality is not None else None
        size = group.increased_reimbursement if group is not None else None
        participations = sum(n for (k, _d), n in used.items() if k == key)
        listed.append({
            **municipalities.identity(key, municipality),
            "reach": [{"year": y, "participants": reached[y].get(key, 0),
                       "reach_bp": share_bp(reached[y].get(key, 0), size)} for y in years],
            "participants": reached[p.year].get(key, 0),
            "reach_bp": share_bp(reached[p.year].get(key, 0), size),
            "participations": participations,
            "participations_per_100_bp": share_bp(participations, size),
            "domains": [{"key": d, "label": config.label(config.domains, d), "activities": offered.get((key, d), 0),
                         "participations": used.get((key, d), 0)} for d in domains],
        })
    return {
        "report": "context",
        "year": p.year,
        "period": {"start": p.start, "end": p.end, "as_of": p.as_of, "complete": p.complete},
        "generated_on": p.today.isoformat(),
        "public": False,
        "small_cell_threshold": config.small_cell_threshold,
        "has_data": any(row["participants"] or row["participations"] for row in listed)
        or any(reached[y] for y in years),
        "network": {"name": config.network_name, "municipality": config.municipality},
        "years": years,
        "municipalities": listed,
        "domains": [{"key": d, "label": config.label(config.domains, d),
                     "activities": sum(n for (_k, dd), n in offered.items() if dd == d),
                     "participations": sum(n for (_k, dd), n in used.items() if dd == d)} for d in domains],
    }


def _reached(conn: sqlite3.Connection, config: Config, p: Period, known: set[str]) -> dict[str, int]:
    """People reached in the year per municipality key (OUTSIDE for the rest)."""
    codes = reach.local_postcodes(config, p)

    def home(group: dict) -> str:
        key = codes.get(group["postcode"])
        return key if key in known else OUTSIDE

    with reach.reached(conn, p) as tables:
        return {key: counts["participants"] for key, counts in reach.added_up(tables.groups, home).items()}


def _domains(conn: sqlite3.Connection, config: Config, p: Period, known: set[str]) -> tuple[dict, dict]:
    """({(municipality, domain): participations of its residents}, {(municipality, domain): activities
    on offer there}) of the year."""
    span = {"start": p.start, "end": p.end}
    used: dict[tuple[str, str], int] = {}
    offered: dict[tuple[str, str], int] = {}
    with municipalities.postcode_table(conn, config, p) as codes:
        for target, sql in ((used, f"""
                SELECT m.municipality AS key, a.domain, COUNT(*) AS n
                FROM participations x JOIN participants pa ON pa.id = x.participant_id
                JOIN activities a ON a.id = x.activity_id
                LEFT JOIN {codes} m ON m.postcode = COALESCE(pa.postcode, '')
                WHERE x.date BETWEEN :start AND :end GROUP BY 1, 2"""), (offered, f"""
                SELECT m.municipality AS key, a.domain, COUNT(*) AS n
                FROM activities a LEFT JOIN {codes} m ON m.postcode = a.postcode
                WHERE (a.start_date IS NULL OR a.start_date <= :end)
                  AND COALESCE(a.end_date, a.start_date, :start) >= :start
                  AND (a.active = 1 OR EXISTS (SELECT 1 FROM participations x WHERE x.activity_id = a.id
                                               AND x.date BETWEEN :start AND :end))
                GROUP BY 1, 2""")):
            for row in rows(conn, sql, span):
                key = (row["key"] if row["key"] in known else OUTSIDE, row["domain"])
                target[key] = target.get(key, 0) + row["n"]
    return used, offered
