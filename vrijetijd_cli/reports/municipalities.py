"""Every council its own figures: the yearly report of a regional network per municipality.

A person belongs to the municipality of the current postcode on the year's reference date
(region.py); someone without a postcode of the region is 'outside'. A partner belongs to its
municipality or to the region. Money: a municipality's budget carries what was charged to it — a
voucher to the municipality it was issued on (voucher issue --municipality; by default the one the
person lived in), a participation without a voucher to the municipality its participant lives in,
an expense to the municipality it was booked on — beside what was spent on its residents (these
differ when a resident uses another municipality's voucher). What no municipality carries is the
region's: the last row, `outside_region`, holds the people from outside the region, the partners of
the region as a whole and the region's own budget, so that the rows add up to the network's totals.

The people figures add up the reach's groups of the year (reports/reach.py) per municipality of
their postcode, the participations and the money are one GROUP BY each over the participations
of the year and of the budget year: no query per municipality.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from vrijetijd_cli.config import Config
from vrijetijd_cli.reports import Period, reach, rows, share_bp

OUTSIDE = "outside"
PEOPLE = reach.COUNTS
PARTICIPATIONS = ("participations", "persons", "network_paid_cents")
MONEY = ("spent_on_residents_cents", "charged_cents", "committed_cents")
ATTENDANCE = ("present", "excused", "absent", "not_recorded")
SOURCE_COLUMNS = (("trekkingsrecht", "trekkingsrecht_cents"), ("cofinanciering", "cofinancing_cents"),
                  ("ander", "other_cents"))


@contextmanager
def postcode_table(conn: sqlite3.Connection, config: Config, p: Period) -> Iterator[str]:
    """A temporary table (postcode, municipality) of the postcodes of the region on the year's
    reference date."""
    table = f"temp.municipality_postcodes_{p.year}"
    conn.execute(f"DROP TABLE IF EXISTS {table}")
    conn.execute(f"CREATE TABLE {table} (postcode TEXT PRIMARY KEY, municipality TEXT NOT NULL) WITHOUT ROWID")
    try:
        conn.executemany(f"INSERT INTO {table} VALUES (?, ?)", list(reach.local_postcodes(config, p).items()))
        yield table
    finally:
        conn.execute(f"DROP TABLE IF EXISTS {table}")


def residents(conn: sqlite3.Connection, config: Config, p: Period, tables: reach.Reached) -> dict:
    """Per municipality key (None: outside the region): the reach, the participations of the year
    and the money of the budget year."""
    span = {"start": p.start, "end": p.end, "year": p.year, "today": p.today.isoformat()}
    with postcode_table(conn, config, p) as codes:
        taking_part = rows(conn, f"""
            SELECT m.municipality AS key, COUNT(*) AS participations, COALESCE(SUM(x.persons), 0) AS persons,
                   COALESCE(SUM(x.network_paid_cents), 0) AS network_paid_cents
            FROM participations x JOIN participants pa ON pa.id = x.participant_id
            LEFT JOIN {codes} m ON m.postcode = COALESCE(pa.postcode, '')
            WHERE x.date BETWEEN :start AND :end GROUP BY m.municipality""", span)
        money = booked(conn, codes, span)
    return {"people": people(config, p, tables), "participations": taking_part, "money": money}


def people(config: Config, p: Period, tables: reach.Reached) -> list[dict]:
    """The reached people per municipality key (None: outside the region), as {key, counts}."""
    codes = reach.local_postcodes(config, p)
    return [{"key": key, **counts}
            for key, counts in reach.added_up(tables.groups, lambda g: codes.get(g["postcode"])).items()]


def booked(conn: sqlite3.Connection, codes: str, span: dict) -> list[dict]:
    """The participations booked on the budget year, per (resident's, charged) municipality: what
    the network paid and how many it paid for (the size of the group behind the money)."""
    return rows(conn, f"""
        SELECT m.municipality AS resident,
               CASE WHEN x.voucher_id IS NULL THEN m.municipality ELSE v.municipality END AS charged,
               COALESCE(SUM(x.network_paid_cents), 0) AS cents, COALESCE(SUM(x.network_paid_cents > 0), 0) AS paid
        FROM participations x JOIN participants pa ON pa.id = x.participant_id
        LEFT JOIN {codes} m ON m.postcode = COALESCE(pa.postcode, '')
        LEFT JOIN vouchers v ON v.id = x.voucher_id
        WHERE x.budget_year = :year GROUP BY 1, 2""", span)


def section(conn: sqlite3.Connection, config: Config, p: Period, found: dict, report: dict) -> tuple[list, dict]:
    """(one row per municipality, the row of what no municipality carries) of the yearly report;
    `found`: residents(); `report`: the report's other sections (referrals, meetings, network)."""
    known = {m.key for m in config.municipalities}

    def home(key: str | None) -> str | None:
        return key if key in known else None

    result: dict[str | None, dict] = {m.key: _empty() for m in config.municipalities}
    result[None] = _empty()
    for row in found["people"]:
        _add(result[home(row["key"])], row, PEOPLE)
    for row in found["participations"]:
        _add(result[home(row["key"])], row, PARTICIPATIONS)
    for row in found["money"]:
        result[home(row["resident"])]["spent_on_residents_cents"] += row["cents"]
        result[home(row["charged"])]["charged_cents"] += row["cents"]
    for key, cents in conn.execute("SELECT municipality, SUM(amount_cents) FROM expenses WHERE year = ?"
                                   " GROUP BY municipality", [p.year]):
        result[home(key)]["charged_cents"] += cents
    for key, cents in conn.execute(
            "SELECT municipality, SUM(value_cents) FROM vouchers WHERE budget_year = ? AND state = 'issued'"
            " AND valid_until >= ? GROUP BY municipality", [p.year, p.today.isoformat()]):
        result[home(key)]["committed_cents"] += cents
    for row in rows(conn, "SELECT municipality AS key, SUM(trekkingsrecht_cents) AS trekkingsrecht_cents,"
                          " SUM(cofinancing_cents) AS cofinancing_cents, SUM(other_cents) AS other_cents"
                          " FROM budgets WHERE year = ? GROUP BY municipality", [p.year]):
        target = result[home(row["key"] or None)]
        for source, column in SOURCE_COLUMNS:
            target["available"][source] += row[column]
    _partners(conn, result, home, report)
    listed = [_finish(m.key, result[m.key], m) for m in config.municipalities]
    return listed, _finish(OUTSIDE, result[None], None)


def _partners(conn: sqlite3.Connection, result: dict, home, report: dict) -> None:
    """Referrals by each municipality's partners, their attendance at the network meetings and which
    partners of the year they are."""
    partner_home = {pid: home(key) for pid, key in conn.execute("SELECT id, municipality FROM partners")}
    for row in report["referrals"]["by_partner"]:
        target = result[partner_home.get(row["key"])]
        target["referrals"] += row["referrals"]
        target["led_to_participation"] += row["led_to_participation"]
    for row in report["meetings"]["attendance"]:
        _add(result[partner_home.get(row["partner_id"])]["attendance"], row, ATTENDANCE)
    for partner in report["network"]["partners"]:
        result[partner_home.get(partner["id"])]["partner_ids"].append(partner["id"])


def _empty() -> dict:
    return {**dict.fromkeys(PEOPLE + PARTICIPATIONS + MONEY, 0), "referrals": 0, "led_to_participation": 0,
            "available": {source: 0 for source, _column in SOURCE_COLUMNS},
            "attendance": dict.fromkeys(ATTENDANCE, 0), "partner_ids": []}


def _add(target: dict, row: dict, keys: tuple[str, ...]) -> None:
    for key in keys:
        target[key] += row[key] or 0


def identity(key: str, municipality) -> dict:
    """Who a row of a municipality is: key, name, NIS code, inhabitants, target group (all None for
    the people from outside the region)."""
    group = municipality.target_group if municipality is not None else None
    return {
        "key": key,
        "name": municipality.name if municipality is not None else None,
        "nis_code": municipality.nis_code if municipality is not None else None,
        "inhabitants": municipality.inhabitants if municipality is not None else None,
        "target_group": None if group is None else {
            "verhoogde_tegemoetkoming": group.increased_reimbursement, "leefloon": group.living_wage,
            "as_of": group.as_of},
    }


def _finish(key: str, data: dict, municipality) -> dict:
    """A row of the section: who it is, then its people, its money and its partners."""
    group = municipality.target_group if municipality is not None else None
    size = group.increased_reimbursement if group is not None else None
    available = sum(data["available"].values())
    spent = data["charged_cents"] + data["committed_cents"]
    meetings = sum(data["attendance"].values())
    return {
        **identity(key, municipality),
        **{name: data[name] for name in PEOPLE},
        "reach_bp": share_bp(data["participants"], size),
        **{name: data[name] for name in PARTICIPATIONS},
        "spent_on_residents_cents": data["spent_on_residents_cents"],
        "available_cents": available,
        "available_by_source": [{"source": source, "available_cents": cents}
                                for source, cents in data["available"].items()],
        "charged_cents": data["charged_cents"],
        "committed_cents": data["committed_cents"],
        "remaining_cents": available - spent,
        "used_bp": share_bp(spent, available),
        "partners": len(data["partner_ids"]),
        "partner_ids": data["partner_ids"],
        "referrals": data["referrals"],
        "led_to_participation": data["led_to_participation"],
        "attendance": data["attendance"],
        "attendance_bp": share_bp(data["attendance"]["present"], meetings),
    }


def money_groups(conn: sqlite3.Connection, config: Config, p: Period) -> dict:
    """How many participations (with money paid) and open vouchers are behind each row's money,
    per row key: the size of groups no table of the report shows (reports/disclosure_cells.py)."""
    known = {m.key for m in config.municipalities}
    span = {"year": p.year}
    sizes: dict[str, dict[str, int]] = {"residents": {}, "charged": {}, "committed": {}}

    def count(kind: str, key: str | None, n: int) -> None:
        name = key if key in known else OUTSIDE
        sizes[kind][name] = sizes[kind].get(name, 0) + n

    with postcode_table(conn, config, p) as codes:
        for row in booked(conn, codes, span):
            count("residents", row["resident"], row["paid"])
            count("charged", row["charged"], row["paid"])
    for key, n in conn.execute("SELECT municipality, COUNT(*) FROM vouchers WHERE budget_year = ?"
                               " AND state = 'issued' AND valid_until >= ? GROUP BY municipality",
                               [p.year, p.today.isoformat()]):
        count("committed", key, n)
    return sizes
