"""Bereik: who the network reached in a year, and who was new.

Reached = any referral, a status overlapping the year, a voucher issued or a participation in
the year. The reached people are grouped once per year by grounds, domains, age band and
postcode (`groups`, which can run per id range on several connections side by side); every
breakdown is added up from those group rows.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from vrijetijd_cli.config import Config
from vrijetijd_cli.reports import Period, one, rows

AGE_BANDS = ("0-11", "12-17", "18-25", "26-64", "65+")
POSTCODE_TOP = 10

# the index of the age band in the year (AGE_BANDS; 5 for an unknown birth year)
_AGE_SQL = """CASE
    WHEN born IS NULL THEN 5
    WHEN :year - born < 12 THEN 0
    WHEN :year - born < 18 THEN 1
    WHEN :year - born < 26 THEN 2
    WHEN :year - born < 65 THEN 3
    ELSE 4 END"""
_KEYS = ("participants", "new_participants", "took_part", "household_members")


@dataclass(frozen=True)
class Reached:
    """What the bits of the masks mean: from summary_bits and the grounds table."""

    grounds: dict[str, int | None]  # every ground code and its bit (None: never used)
    ground_labels: dict[str, str]  # in the config's language
    domains: tuple[str, ...]  # the config's domains
    domain_bits: dict[str, int]  # every domain code used in the summaries and its bit


def meaning(conn: sqlite3.Connection, config: Config) -> Reached:
    bits = {(r[0], r[1]): r[2] for r in conn.execute("SELECT kind, code, bit FROM summary_bits")}
    grounds = conn.execute("SELECT code, label_nl, label_en FROM grounds ORDER BY code").fetchall()
    return Reached(
        {r[0]: bits.get(("ground", r[0])) for r in grounds},
        {r[0]: (r[2] if config.language == "en" else r[1]) for r in grounds},
        tuple(config.domains),
        {code: bit for (kind, code), bit in bits.items() if kind == "domain"},
    )


def id_ranges(conn: sqlite3.Connection, year: int, parts: int) -> list[tuple[int, int]]:
    """The year's participant ids cut into `parts` ranges of about equal width (for parallel work)."""
    # two queries: SQLite reads a lone MIN or MAX straight from the end of the index
    low = conn.execute("SELECT MIN(participant_id) FROM person_years WHERE year = ?", [year]).fetchone()[0]
    high = conn.execute("SELECT MAX(participant_id) FROM person_years WHERE year = ?", [year]).fetchone()[0]
    if low is None:
        return [(0, 0)]
    step = max((high - low + 1) // parts, 1)
    bounds = [low + i * step for i in range(parts)] + [high + 1]
    return [(bounds[i], bounds[i + 1] - 1) for i in range(parts) if bounds[i] <= bounds[i + 1] - 1]


def groups(conn: sqlite3.Connection, p: Period, ids: tuple[int, int] | None = None) -> list[dict]:
    """The four counts per combination of grounds, domains, age band and postcode of the people
    reached in the year (with ids in the range `ids`); every breakdown is added up from these rows.

    One pass over the year's rows of person_years (kept by triggers, schema_summaries.py, the
    grounds and domains as bit masks) with the person's details, each person added to the row
    of its group in a small temporary table: cheaper than sorting the people for a GROUP BY.
    """
    table = f"temp.reach_{p.year}"
    low, high = ids or (0, 1 << 62)
    conn.execute(f"DROP TABLE IF EXISTS {table}")
    conn.execute(f"CREATE TABLE {table} (grounds INTEGER, domains INTEGER, band INTEGER, postcode TEXT,"
                 " participants INTEGER, new_participants INTEGER, took_part INTEGER, household_members INTEGER,"
                 " PRIMARY KEY (grounds, domains, band, postcode)) WITHOUT ROWID")
    try:
        # new: not reached in any earlier year (no participation, referral or voucher then, and no
        # status that counted for it)
        conn.execute(
            f"INSERT INTO {table} SELECT y.ground_mask, y.domain_mask, {_AGE_SQL}, COALESCE(pa.postcode, ''), 1,"
            " NOT EXISTS (SELECT 1 FROM person_years e WHERE e.participant_id = y.participant_id"
            "             AND e.year < y.year),"
            " y.participations > 0, COALESCE(pa.household_size, 0)"
            " FROM person_years y JOIN (SELECT id, postcode, household_size,"
            "   COALESCE(birth_year, CAST(substr(birth_date, 1, 4) AS INTEGER)) AS born FROM participants) pa"
            "   ON pa.id = y.participant_id"
            " WHERE y.year = :year AND y.participant_id BETWEEN :low AND :high"
            " ON CONFLICT DO UPDATE SET participants = participants + 1,"
            " new_participants = new_participants + excluded.new_participants,"
            " took_part = took_part + excluded.took_part,"
            " household_members = household_members + excluded.household_members",
            {"year": p.year, "low": low, "high": high})
        found = rows(conn, f"SELECT * FROM {table}")
    finally:
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    for row in found:
        row["band"] = AGE_BANDS[row["band"]] if row["band"] < len(AGE_BANDS) else "unknown"
    return found


def merged(parts: list[list[dict]]) -> list[dict]:
    """The group rows of several id ranges as one list (a group may occur in each range)."""
    if len(parts) == 1:
        return parts[0]
    found: dict[tuple, dict] = {}
    for part in parts:
        for row in part:
            key = (row["grounds"], row["domains"], row["band"], row["postcode"])
            if key in found:
                _add(found[key], row)
            else:
                found[key] = dict(row)
    return list(found.values())


def counts(conn: sqlite3.Connection, year: int) -> dict:
    """participants, new_participants and took_part of a year, from person_years alone."""
    return one(conn, """
        SELECT COUNT(*) AS participants,
               COALESCE(SUM(NOT EXISTS (SELECT 1 FROM person_years e WHERE e.participant_id = y.participant_id
                                        AND e.year < y.year)), 0) AS new_participants,
               COALESCE(SUM(y.participations > 0), 0) AS took_part
        FROM person_years y WHERE y.year = ?""", [year])


def _add(total: dict, row: dict) -> None:
    for k in _KEYS:
        total[k] = total.get(k, 0) + row[k]


def _summed(rows_found: list[dict]) -> dict:
    total = dict.fromkeys(_KEYS, 0)
    for row in rows_found:
        _add(total, row)
    return total


def by_domain(config: Config, tables: Reached, found: list[dict]) -> list[dict]:
    """People who took part in at least one activity of each domain (from `groups`)."""
    known = {code: tables.domain_bits.get(code) for code in tables.domains}
    other_bits = sum(1 << bit for code, bit in tables.domain_bits.items() if code not in known)
    counts = dict.fromkeys(tables.domains, 0)
    other = 0
    for row in found:
        for code, bit in known.items():
            if bit is not None and row["domains"] >> bit & 1:
                counts[code] += row["participants"]
        if row["domains"] & other_bits:
            other += row["participants"]
    result = [{"key": code, "label": config.label(config.domains, code), "participants": counts[code]}
              for code in tables.domains]
    if other:
        result.append({"key": "other", "label": None, "participants": other})
    return result


def summary(found: list[dict]) -> dict:
    """participants, new_participants, took_part, household_members of the reached set."""
    return _summed(found)


def grouped(config: Config, tables: Reached, found: list[dict], by: str) -> list[dict]:
    """The reached people per ground, age band or postcode, with the same four counts."""
    if by == "ground":
        return _by_ground(config, tables, found)
    return _by_age(found) if by == "age" else _by_postcode(config, found)


def _by_ground(config: Config, tables: Reached, rows_found: list[dict]) -> list[dict]:
    found = {code: dict.fromkeys(_KEYS, 0) for code in tables.grounds}
    none = dict.fromkeys(_KEYS, 0)
    for row in rows_found:
        if not row["grounds"]:
            _add(none, row)
        for code, bit in tables.grounds.items():
            if bit is not None and row["grounds"] >> bit & 1:
                _add(found[code], row)
    labels = tables.ground_labels
    order = [code for code in config.grounds if code in found]
    order += sorted(code for code in found if code not in config.grounds)
    result = [{"key": code, "label": labels[code], **found[code]} for code in order]
    if none["participants"]:
        result.append({"key": "none", "label": None, **none})
    return result


def _by_age(rows_found: list[dict]) -> list[dict]:
    found: dict[str, dict] = {}
    for row in rows_found:
        _add(found.setdefault(row["band"], dict.fromkeys(_KEYS, 0)), row)
    result = [{"key": band, "label": band, **found.get(band, dict.fromkeys(_KEYS, 0))} for band in AGE_BANDS]
    if "unknown" in found:
        result.append({"key": "unknown", "label": None, **found["unknown"]})
    return result


def _by_postcode(config: Config, rows_found: list[dict]) -> list[dict]:
    found: dict[str, dict] = {}
    for row in rows_found:
        _add(found.setdefault(row["postcode"] or "unknown", dict.fromkeys(_KEYS, 0)), row)
    local = set(config.postcodes)
    ordered = sorted(found.items(), key=lambda item: (-item[1]["participants"], item[0]))
    return [{"key": key, "label": None if key == "unknown" else key, "in_municipality": key in local, **counts}
            for key, counts in ordered]


def top_postcodes(postcodes: list[dict], limit: int = POSTCODE_TOP) -> list[dict]:
    """The largest postcodes and one 'other' row for the rest (sums of aggregated rows)."""
    if len(postcodes) <= limit + 1:
        return postcodes
    rest = postcodes[limit:]
    other = {"key": "other", "label": None, "in_municipality": False}
    for k in _KEYS:
        other[k] = sum(r[k] for r in rest)
    return postcodes[:limit] + [other]


def section(config: Config, tables: Reached, found: list[dict]) -> dict:
    """The 'bereik' section of the yearly report, added up from the group rows."""
    local = set(config.postcodes)
    return {
        **_summed(found),
        "living_in_municipality": sum(r["participants"] for r in found if r["postcode"] in local),
        "by_ground": _by_ground(config, tables, found),
        "by_age": _by_age(found),
        "by_postcode": top_postcodes(_by_postcode(config, found)),
        "by_domain": by_domain(config, tables, found),
    }
