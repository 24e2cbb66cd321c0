"""The cells of a regional network's section per municipality, and how they add up, for the year's
disclosure pattern (reports/disclosure_cells.py builds the rest of the universe and calls `add`).

Each municipality's row (`municipalities[KEY]`) and the row of what no municipality carries
(`outside_region`) partition the network: their people add up to the reach, and to the people of
their postcodes in the list of every postcode; their participations and money add up to the
participation section and the budget; their partners' referrals are the rows of the referrals per
partner. With these relations in the universe, the regional report, a council's report (which shows
only cells of the regional one) and the topic reports together reveal nothing a pattern hides.
"""

from __future__ import annotations

import sqlite3

from vrijetijd_cli.config import Config
from vrijetijd_cli.reports import Period, municipalities, reach

PEOPLE = reach.COUNTS
OUTSIDE = municipalities.OUTSIDE


def facts(conn: sqlite3.Connection, config: Config, p: Period) -> dict:
    """What the relations need and no table shows: which municipality each postcode and partner
    belongs to, and the size of the groups behind each row's money."""
    known = {m.key for m in config.municipalities}
    partners = {pid: key if key in known else OUTSIDE
                for pid, key in conn.execute("SELECT id, municipality FROM partners")}
    return {"postcodes": reach.local_postcodes(config, p), "partners": partners,
            "groups": municipalities.money_groups(conn, config, p)}


def add(model, report: dict, postcodes: list[dict], found: dict) -> None:
    """The rows' cells and relations (`model`: disclosure_cells.Model; `postcodes`: every postcode of
    the year's reach; `found`: facts())."""
    rows = [(f"municipalities[{row['key']}]", row) for row in report["municipalities"]]
    rows.append(("outside_region", report["outside_region"]))
    groups = found["groups"]
    for prefix, row in rows:
        key = row["key"]
        for count in (*PEOPLE, "participations", "persons", "referrals", "led_to_participation"):
            model.people(f"{prefix}.{count}", row[count])
        model.derive(f"{prefix}.reach_bp", f"{prefix}.participants")
        model.amount(f"{prefix}.network_paid_cents", row["network_paid_cents"],
                     (f"{prefix}.participations", f"{prefix}.persons"))
        for name, kind in (("spent_on_residents_cents", "residents"), ("charged_cents", "charged"),
                           ("committed_cents", "committed")):
            model.amount(f"{prefix}.{name}", row[name], unshown=groups[kind].get(key, 0))
        for path in (f"{prefix}.remaining_cents", f"{prefix}.used_bp"):
            model.derive(path, f"{prefix}.charged_cents", f"{prefix}.committed_cents")
    prefixes = [prefix for prefix, _row in rows]
    for count in PEOPLE:
        model.total(f"reach.{count}", [f"{prefix}.{count}" for prefix in prefixes])
    model.total("reach.living_in_municipality", [f"{prefix}.participants" for prefix in prefixes[:-1]])
    # a row's people are the people of its postcodes (the topic report lists every postcode)
    members: dict[str, list[str]] = {prefix: [] for prefix in prefixes}
    for postcode in postcodes:
        home = found["postcodes"].get(postcode["key"])
        members[f"municipalities[{home}]" if home is not None else "outside_region"].append(postcode["key"])
    for prefix, codes in members.items():
        for count in PEOPLE:
            model.total(f"{prefix}.{count}", [f"reach.by_postcode_all[{code}].{count}" for code in codes])
    for name in ("participations", "persons", "network_paid_cents"):
        model.total(f"participation.{name}", [f"{prefix}.{name}" for prefix in prefixes])
    for total, name in (("budget.participations_cents", "spent_on_residents_cents"),
                        ("budget.spent_cents", "charged_cents"), ("budget.committed_cents", "committed_cents")):
        model.total(total, [f"{prefix}.{name}" for prefix in prefixes])
    # a row's referrals are those of its partners
    by_row: dict[str, list[object]] = {prefix: [] for prefix in prefixes}
    for row in report["referrals"]["by_partner"]:
        home = found["partners"].get(row["key"], OUTSIDE)
        by_row["outside_region" if home == OUTSIDE else f"municipalities[{home}]"].append(row["key"])
    for prefix, partners in by_row.items():
        for count in ("referrals", "led_to_participation"):
            model.total(f"{prefix}.{count}", [f"referrals.by_partner[{pid}].{count}" for pid in partners])
    for count, total in (("referrals", "referrals.total"), ("led_to_participation", "referrals.led_to_participation")):
        model.total(total, [f"{prefix}.{count}" for prefix in prefixes])
