"""A regional network's own demo data, after the other steps: the offer spread over the
municipalities, each year's budget split per municipality, vouchers and some expenses charged to
a municipality's budget.

Only for a config of several municipalities (synthetic.build runs this step then), so a local
network's demo stays exactly as it was. Budgets: the trekkingsrecht and the co-financing go to
the municipalities by their inhabitants, the other means stay the region's. Vouchers: most are
charged to the municipality the person lives in on the day of issue, some to another one (a
resident who uses a neighbour's offer) and a few to the region's budget.
"""

from __future__ import annotations

import random
import sqlite3

from vrijetijd_cli import region
from vrijetijd_cli.config import Config

OWN_MUNICIPALITY, OTHER_MUNICIPALITY = 0.85, 0.10  # the rest of the vouchers: the region's budget
EXPENSES_OF_A_MUNICIPALITY = 0.8


def generate(conn: sqlite3.Connection, config: Config, rng: random.Random, plan) -> None:
    municipalities = list(config.municipalities)
    weights = [m.inhabitants or 1 for m in municipalities]
    _offer(conn, config, rng, municipalities, weights, plan)
    _budgets(conn, municipalities, weights)
    _vouchers(conn, config, rng, municipalities, weights)
    _expenses(conn, municipalities, weights)


def _expenses(conn: sqlite3.Connection, municipalities: list, weights: list) -> None:
    """Most of each year's expenses charged to the municipalities in proportion to their size (the
    largest expense to the municipality furthest below its share), the rest the region's."""
    updates = []
    for (year,) in conn.execute("SELECT DISTINCT year FROM expenses ORDER BY year").fetchall():
        found = conn.execute("SELECT id, amount_cents FROM expenses WHERE year = ? ORDER BY amount_cents DESC, id",
                             [year]).fetchall()
        total = sum(cents for _id, cents in found)
        room = [total * EXPENSES_OF_A_MUNICIPALITY * w / sum(weights) for w in weights]
        for expense_id, cents in found:
            best = max(range(len(room)), key=lambda i: room[i])
            if room[best] >= cents / 2:
                room[best] -= cents
                updates.append((municipalities[best].key, expense_id))
    conn.executemany("UPDATE expenses SET municipality = ? WHERE id = ?", updates)


def _offer(conn: sqlite3.Connection, config: Config, rng: random.Random, municipalities: list, weights: list,
           plan) -> None:
    """The municipal offer (made for the region's name) spread over the municipalities, by their size."""
    today = plan.today.isoformat()
    updates = []
    for activity_id, postcode in conn.execute("SELECT id, postcode FROM activities ORDER BY id"):
        if postcode not in config.postcodes:
            continue  # an activity of elsewhere (the offer of Flanders at scale)
        municipality = rng.choices(municipalities, weights)[0]
        codes = municipality.postcodes_on(today) or [span.code for span in municipality.postcodes]
        updates.append((rng.choice(codes), municipality.name, config.municipality, municipality.name, activity_id))
    conn.executemany("UPDATE activities SET postcode = ?, locality = ?, place = replace(place, ?, ?) WHERE id = ?",
                     updates)


def _budgets(conn: sqlite3.Connection, municipalities: list, weights: list) -> None:
    """Each year's network budget split: trekkingsrecht and co-financing by inhabitants, cent-exact."""
    for year, drawing, cofinancing, stamp in conn.execute(
            "SELECT year, trekkingsrecht_cents, cofinancing_cents, updated_at FROM budgets WHERE municipality = ''"
            " ORDER BY year").fetchall():
        drawings, cofinancings = _split(drawing, weights), _split(cofinancing, weights)
        conn.executemany(
            "INSERT INTO budgets (year, municipality, trekkingsrecht_cents, cofinancing_cents, other_cents, updated_at)"
            " VALUES (?, ?, ?, ?, 0, ?)",
            [(year, m.key, d, c, stamp) for m, d, c in zip(municipalities, drawings, cofinancings, strict=True)])
        conn.execute("UPDATE budgets SET trekkingsrecht_cents = 0, cofinancing_cents = 0 WHERE year = ?"
                     " AND municipality = ''", [year])


def _split(cents: int, weights: list[int]) -> list[int]:
    """`cents` in whole euros by the weights; what rounding leaves goes to the largest."""
    parts = [cents * w // sum(weights) // 100 * 100 for w in weights]
    parts[weights.index(max(weights))] += cents - sum(parts)
    return parts


def _vouchers(conn: sqlite3.Connection, config: Config, rng: random.Random, municipalities: list,
              weights: list) -> None:
    updates = []
    maps: dict[str, dict[str, str]] = {}
    for voucher_id, postcode, issued in conn.execute(
            "SELECT v.id, COALESCE(p.postcode, ''), v.issued_on FROM vouchers v"
            " JOIN participants p ON p.id = v.participant_id ORDER BY v.id").fetchall():
        if issued not in maps:
            maps[issued] = region.postcode_map(config.municipalities, issued)
        home = maps[issued].get(postcode)
        draw = rng.random()
        if home is not None and draw < OWN_MUNICIPALITY:
            charged = home
        elif draw < OWN_MUNICIPALITY + OTHER_MUNICIPALITY:
            charged = rng.choices(municipalities, weights)[0].key
        else:
            charged = None
        updates.append((charged, voucher_id))
    conn.executemany("UPDATE vouchers SET municipality = ? WHERE id = ?", updates)
