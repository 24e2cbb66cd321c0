"""Synthetic expenses (communication, transport, material, operations) that fill a year's budget."""

from __future__ import annotations

import random
import sqlite3
from datetime import date

EXPENSES = {
    "communicatie": ("Drukwerk folder transparant aanbod", "Affiches en flyers vrijetijdsaanbod",
                     "Vertaling folder (Arabisch, Oekraïens)", "Infomoment aanbod in het sociaal huis"),
    "vervoer": ("Busvervoer groepsuitstap naar Bokrijk", "De Lijn-tickets voor deelnemers",
                "Huur minibus gezinsuitstap", "Vervoer naar de sportdag"),
    "materiaal": ("Sportmateriaal uitleendienst", "Zwemgerief en handdoeken",
                  "Spelmateriaal speelpleinwerking", "Tweedehands fietsen en helmen"),
    "werking": ("Zaalhuur netwerkoverleg", "Catering netwerkoverleg",
                "Vorming toegankelijkheid voor partners", "Onthaal nieuwe deelnemers"),
    "andere": ("Onvoorziene kosten", "Bankkosten"),
}
CATEGORY_WEIGHTS = {"communicatie": 30, "vervoer": 30, "materiaal": 20, "werking": 15, "andere": 5}
def write_expenses(conn: sqlite3.Connection, rng: random.Random, year: int, today: date, available: int,
              target: int | None) -> None:
    """The year's other expenses: what the target leaves after the participations (at least 5%);
    this year also after the open vouchers, so that it stays on course."""
    if target is None:
        amount = available // 5
    else:
        spent = conn.execute(
            "SELECT COALESCE(SUM(network_paid_cents), 0) FROM participations WHERE budget_year = ?", [year]
        ).fetchone()[0]
        if year == today.year:
            spent += conn.execute(
                "SELECT COALESCE(SUM(value_cents), 0) FROM vouchers WHERE budget_year = ? AND state = 'issued'"
                " AND valid_until >= ?", [year, today.isoformat()]).fetchone()[0]
        amount = max(target - spent, target // 20)
    last = min(date(year, 12, 31), today).toordinal()
    first = date(year, 1, 1).toordinal()
    pieces = max(1, min(24, amount // 25_000))
    cuts = sorted(rng.randint(1, amount - 1) for _ in range(pieces - 1)) if amount > pieces else []
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, amount], strict=True)]
    categories, weights = zip(*CATEGORY_WEIGHTS.items(), strict=True)
    rows = []
    for cents in parts:
        if cents <= 0:
            continue
        category = rng.choices(categories, weights)[0]
        day = date.fromordinal(rng.randint(first, last)).isoformat()
        rows.append((year, day, category, cents, rng.choice(EXPENSES[category]),
                     "cofinanciering" if rng.random() < 0.2 else "trekkingsrecht", day + "T11:00:00"))
    conn.executemany("INSERT INTO expenses (year, date, category, amount_cents, description, funding_source,"
                     " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
