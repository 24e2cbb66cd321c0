"""Bereik: who the network reached in a year, and who was new.

Reached in year Y: a participation, a referral or a voucher issued dated in Y, or a status that
counts for Y (docs/architecture.md, "Which year carries what"). New: reached in Y and in no
earlier year. The reached people of the year are gathered once into a temporary table keyed by
participant id, then counted in one pass per age band, postcode, grounds and domains: every
breakdown adds up those few rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter

from vrijetijd_cli import region
from vrijetijd_cli.config import Config
from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.i18n import _
from vrijetijd_cli.reports import Period, tally

AGE_BANDS = ("0-11", "12-17", "18-25", "26-64", "65+")
POSTCODE_TOP = 10
COUNTS = ("participants", "new_participants", "took_part", "household_members")
# a person's grounds and domains are kept as the bits of one integer (SQLite's are 64 bits, signed)
MAX_CODES = 62

# a status counts for the days from its start up to (not including) its suspension
STATUS_COUNTS_FOR_YEAR = """s.valid_from <= :end AND s.valid_until >= :start
    AND (s.suspended_on IS NULL OR (s.suspended_on > :start AND s.suspended_on > s.valid_from))"""
_STATUS_COUNTED_BEFORE = """s.valid_from < :start
    AND (s.suspended_on IS NULL OR s.suspended_on > s.valid_from)"""

# Read in participant order (the index on participant, date, activity), the year's rows land in
# the keyed table one after the other: at Flanders scale a third less time than reading them by
# date, though every earlier year's index entry is passed (benchmarks/README.md). `bits`: the
# temporary table of each activity's domain bit.
YEAR_DOMAINS = """SELECT x.participant_id, x.date, b.bit
    FROM participations x INDEXED BY idx_participations_participant_activity
    CROSS JOIN {bits} b ON b.id = x.activity_id
    WHERE x.date BETWEEN :start AND :end"""

# the age band at the end of the year: 0..4 in AGE_BANDS, 5 for an unknown birth year
_BORN = "COALESCE(pa.birth_year, CAST(substr(pa.birth_date, 1, 4) AS INTEGER))"
_BAND = f"""CASE
    WHEN {_BORN} IS NULL THEN 5
    WHEN :year - {_BORN} < 12 THEN 0
    WHEN :year - {_BORN} < 18 THEN 1
    WHEN :year - {_BORN} < 26 THEN 2
    WHEN :year - {_BORN} < 65 THEN 3
    ELSE 4 END"""
# New: known from no source before the year. A CASE stops at the first source that knew the
# person (an OR asks all four); most people seen before had a status before: asked first, the
# rest rarely runs.
_NEW = f"""CASE WHEN EXISTS (SELECT 1 FROM statuses s WHERE s.participant_id = r.participant_id
                              AND {_STATUS_COUNTED_BEFORE}) THEN 0
    WHEN EXISTS (SELECT 1 FROM referrals x WHERE x.participant_id = r.participant_id AND x.date < :start) THEN 0
    WHEN EXISTS (SELECT 1 FROM participations x WHERE x.participant_id = r.participant_id
                 AND x.date < :start) THEN 0
    WHEN EXISTS (SELECT 1 FROM vouchers x WHERE x.participant_id = r.participant_id
                 AND x.issued_on < :start) THEN 0
    ELSE 1 END"""
GROUP_KEYS = ("band", "postcode", "grounds", "domains")


@dataclass(frozen=True)
class Reached:
    """A year's reached people (reached() gathers them)."""

    people: str  # temporary table, one row per person: participant_id, last (the date of the last
    # participation in the year, NULL for none), grounds and domains (each a set of bits)
    groups: list[dict]  # the people counted per GROUP_KEYS: COUNTS
    grounds: tuple[str, ...]  # the ground code of each bit of `grounds`, lowest first
    domains: tuple[str, ...]  # the domain of each bit of `domains`, lowest first


def _per_bit(codes: tuple[str, ...], masks: list[dict], key: str, sums: tuple[str, ...]) -> dict[str, dict]:
    """{code: `sums` added up over the rows whose `key` holds the code's bit} (one row can count for
    several codes), for the codes that have any."""
    found = {code: {name: sum(m[name] for m in masks if m[key] >> bit & 1) for name in sums}
             for bit, code in enumerate(codes)}
    return {code: counts for code, counts in found.items() if any(counts.values())}


def _bit_of(column: str, name: str, codes: tuple[str, ...]) -> tuple[str, dict]:
    """A CASE giving the bit of `column`'s value among `codes` (0 for none of them), and its parameters."""
    params = {f"{name}_{bit}": code for bit, code in enumerate(codes)}
    if not params:
        return "0", params
    whens = " ".join(f"WHEN :{param} THEN {1 << bit}" for bit, param in enumerate(params))
    return f"CASE {column} {whens} ELSE 0 END", params


@contextmanager
def reached(conn: sqlite3.Connection, p: Period) -> Iterator[Reached]:
    """The people reached in the year: a temporary table with each person once (the last
    participation of the year, the grounds and the domains, gathered in one pass over each
    source's rows of the year), and those people counted per age band, postcode, grounds and
    domains (with who was new and how large their households are)."""
    grounds = tuple(r[0] for r in conn.execute("SELECT code FROM grounds ORDER BY code"))
    domains = tuple(r[0] for r in conn.execute("SELECT DISTINCT domain FROM activities ORDER BY domain"))
    if len(grounds) > MAX_CODES:
        raise InvalidInput(_("rapport: de databank kent {n} gronden; het rapport telt er hoogstens {limit}").format(
            n=len(grounds), limit=MAX_CODES))
    if len(domains) > MAX_CODES:
        raise InvalidInput(_("rapport: de activiteiten hebben {n} domeinen; het rapport telt er hoogstens {limit}")
                           .format(n=len(domains), limit=MAX_CODES))
    people, bits = f"temp.reached_people_{p.year}", f"temp.reached_domain_bits_{p.year}"
    span = {"start": p.start, "end": p.end, "year": p.year}
    _drop(conn, people, bits)
    conn.execute(f"CREATE TABLE {bits} (id INTEGER PRIMARY KEY, bit INTEGER NOT NULL)")
    conn.execute(f"CREATE TABLE {people} (participant_id INTEGER PRIMARY KEY, last TEXT,"
                 " grounds INTEGER NOT NULL DEFAULT 0, domains INTEGER NOT NULL DEFAULT 0)")
    try:
        domain_bit, params = _bit_of("domain", "domain", domains)
        conn.execute(f"INSERT INTO {bits} SELECT id, {domain_bit} FROM activities", params)
        # each source adds its people into one table keyed by participant (an upsert): the bits of
        # a person's grounds and domains are or-ed together, the last participation kept
        conn.execute(f"""INSERT INTO {people} (participant_id, last, domains) {YEAR_DOMAINS.format(bits=bits)}
            ON CONFLICT DO UPDATE SET last = max(last, excluded.last), domains = domains | excluded.domains""",
                     span)
        _drop(conn, bits)
        ground_bit, params = _bit_of("ground_code", "ground", grounds)
        # sorted by person first: each addition lands next to the previous one instead of anywhere
        # in the table, which at Flanders scale takes 40 % less time (benchmarks/README.md)
        conn.execute(f"""INSERT INTO {people} (participant_id, grounds)
            SELECT participant_id, {ground_bit} FROM referrals WHERE date BETWEEN :start AND :end
            UNION ALL SELECT participant_id, {ground_bit} FROM statuses s WHERE {STATUS_COUNTS_FOR_YEAR}
            ORDER BY 1
            ON CONFLICT DO UPDATE SET grounds = grounds | excluded.grounds""", {**span, **params})
        conn.execute(f"""INSERT INTO {people} (participant_id)
            SELECT participant_id FROM vouchers WHERE issued_on BETWEEN :start AND :end ORDER BY 1
            ON CONFLICT DO NOTHING""", span)
        # every person counted in one pass, with what the participant row and the earlier years say
        groups = tally(conn, f"""
            SELECT {_BAND}, COALESCE(pa.postcode, ''), r.grounds, r.domains,
                   1, {_NEW}, r.last IS NOT NULL, pa.household_size
            FROM {people} r CROSS JOIN participants pa ON pa.id = r.participant_id WHERE true""",
                       GROUP_KEYS, COUNTS, span)
        yield Reached(people, groups, grounds, domains)
    finally:
        _drop(conn, people, bits)


def _drop(conn: sqlite3.Connection, *tables: str) -> None:
    for table in tables:
        conn.execute(f"DROP TABLE IF EXISTS {table}")


def counts(conn: sqlite3.Connection, p: Period) -> dict:
    """participants, new_participants, took_part and household_members of the year."""
    with reached(conn, p) as tables:
        return added_up(tables.groups)


def section(conn: sqlite3.Connection, config: Config, p: Period) -> dict:
    """The 'bereik' section of the yearly report."""
    with reached(conn, p) as tables:
        return summarise(conn, config, p, tables)


def summarise(conn: sqlite3.Connection, config: Config, p: Period, tables: Reached) -> dict:
    """The 'bereik' section from the year's reached people (reached())."""
    local = set(local_postcodes(config, p))
    return {
        **added_up(tables.groups),
        "living_in_municipality": sum(g["participants"] for g in tables.groups if g["postcode"] in local),
        "by_ground": by_ground(conn, config, tables),
        "by_age": by_age(tables.groups),
        "by_postcode": top_postcodes(by_postcode(tables.groups, local)),
        "by_domain": by_domain(config, tables),
    }


def grouped(conn: sqlite3.Connection, config: Config, p: Period, by: str) -> tuple[dict, list[dict]]:
    """The year's totals and its reached people per ground, age band or postcode (every postcode)."""
    with reached(conn, p) as tables:
        if by == "ground":
            found = by_ground(conn, config, tables)
        elif by == "age":
            found = by_age(tables.groups)
        else:
            found = by_postcode(tables.groups, set(local_postcodes(config, p)))
        return added_up(tables.groups), found


def added_up(groups: list[dict], by: Callable[[dict], object] | None = None) -> dict:
    """The counts of `groups` added up, per value of `by(group)` ({value: counts}) or all together."""
    if by is None:
        return {name: sum(g[name] for g in groups) for name in COUNTS}
    found: dict = {}
    for g in groups:
        counts = found.setdefault(by(g), dict.fromkeys(COUNTS, 0))
        for name in COUNTS:
            counts[name] += g[name]
    return found


def local_postcodes(config: Config, p: Period) -> dict[str, str]:
    """{postcode: municipality key} on the year's reference date: a merger counts from its day."""
    return region.postcode_map(config.municipalities, p.as_of)


def by_ground(conn: sqlite3.Connection, config: Config, tables: Reached) -> list[dict]:
    """Per ground: the reached people with a referral on that ground in the year or a status of it
    that counts for the year (someone with two grounds counts in both); 'none' for the others."""
    found = _per_bit(tables.grounds, tables.groups, "grounds", COUNTS)
    none = added_up([g for g in tables.groups if g["grounds"] == 0])
    # grounds no longer in the config keep the Dutch name the database knows them by
    labels = {r[0]: r[1] for r in conn.execute("SELECT code, label_nl FROM grounds")}
    labels.update({code: config.ground_label(code) for code in config.grounds})
    order = list(config.grounds) + sorted(code for code in set(labels) | set(found) if code not in config.grounds)
    result = [{"key": code, "label": labels.get(code, code), **_counts(found.get(code))} for code in order]
    if none["participants"]:
        result.append({"key": "none", "label": None, **none})
    return result


def by_age(groups: list[dict]) -> list[dict]:
    """Per age band at the end of the year; 'unknown' without a birth year."""
    found = added_up(groups, itemgetter("band"))
    result = [{"key": band, "label": band, **_counts(found.get(index))} for index, band in enumerate(AGE_BANDS)]
    if len(AGE_BANDS) in found:
        result.append({"key": "unknown", "label": None, **_counts(found[len(AGE_BANDS)])})
    return result


def by_postcode(groups: list[dict], local: set[str]) -> list[dict]:
    """Per postcode, the largest first; 'unknown' without one. `in_municipality`: the postcode is
    in `local`, the network's municipality (one of them) on the year's reference date."""
    found = {postcode or "unknown": counts for postcode, counts in added_up(groups, itemgetter("postcode")).items()}
    order = sorted(found, key=lambda key: (-found[key]["participants"], key))
    return [{"key": key, "label": None if key == "unknown" else key,
             "in_municipality": key in local, **found[key]} for key in order]


def top_postcodes(postcodes: list[dict], limit: int = POSTCODE_TOP) -> list[dict]:
    """The largest postcodes and one 'other' row for the rest."""
    if len(postcodes) <= limit + 1:
        return postcodes
    rest = postcodes[limit:]
    other = {"key": "other", "label": None, "in_municipality": False}
    for key in COUNTS:
        other[key] = sum(r[key] for r in rest)
    return postcodes[:limit] + [other]


def by_domain(config: Config, tables: Reached) -> list[dict]:
    """People who took part in at least one activity of each domain in the year: the config's
    domains, then any other domain an activity has, by its code (as the participation section)."""
    found = {code: counts["participants"]
             for code, counts in _per_bit(tables.domains, tables.groups, "domains", ("participants",)).items()}
    codes = list(config.domains) + sorted(code for code in found if code not in config.domains)
    return [{"key": code, "label": config.label(config.domains, code), "participants": found.get(code, 0)}
            for code in codes]


def _counts(row: dict | None) -> dict:
    return {key: (row or {}).get(key, 0) for key in COUNTS}
