"""The yearly budget (trekkingsrecht, co-financing, other), expenses, and where the money went.

Figures of budget year Y:
- available: the `budgets` row of Y, or the config's amounts when Y has none;
- spent: what the network paid for participations of budget year Y plus the expenses of Y;
- committed: vouchers of budget year Y still issued and valid today (money promised);
- remaining = available − spent − committed; used = (spent + committed) / available;
- forecast: for the running year, spent × days in the year / days elapsed (linear); for a
  past year the actual spending. Shares in basis points and the forecast are rounded half up
  to whole units, with integers only.
"""

from __future__ import annotations

import calendar
import sqlite3
from datetime import date

from vrijetijd_cli import clock, region
from vrijetijd_cli.config import Config
from vrijetijd_cli.errors import InvalidInput, NotFound
from vrijetijd_cli.formats import day as day_text
from vrijetijd_cli.i18n import _
from vrijetijd_cli.numbers import share_bp
from vrijetijd_cli.parse import clean_text, parse_amount
from vrijetijd_cli.services import audit, closing
from vrijetijd_cli.services.participations import SOURCES, check_choice
from vrijetijd_cli.store import atomic

CATEGORIES = ("communicatie", "vervoer", "materiaal", "werking", "andere")
SOURCE_COLUMNS = {"trekkingsrecht": "trekkingsrecht_cents", "cofinanciering": "cofinancing_cents",
                  "ander": "other_cents"}
FIRST_YEAR, LAST_YEAR = 2000, 2100


def check_year(year: int) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(_("jaar: {year!r} moet tussen {first} en {last} liggen").format(
            year=year, first=FIRST_YEAR, last=LAST_YEAR))
    return year


def available(conn: sqlite3.Connection, config: Config, year: int) -> dict:
    """The network's amounts of the year per source in cents (the sum over its municipalities), and
    whether they were set or come from the config."""
    row = conn.execute(
        "SELECT SUM(trekkingsrecht_cents) AS trekkingsrecht_cents, SUM(cofinancing_cents) AS cofinancing_cents,"
        " SUM(other_cents) AS other_cents, MAX(updated_at) AS updated_at, COUNT(*) AS n FROM budgets WHERE year = ?",
        [year],
    ).fetchone()
    if not row["n"]:
        return {"year": year, "trekkingsrecht_cents": config.trekkingsrecht_cents,
                "cofinancing_cents": config.cofinancing_cents, "other_cents": config.other_budget_cents,
                "from_config": True, "updated_at": None}
    return {"year": year, **{k: row[k] for k in (*SOURCE_COLUMNS.values(), "updated_at")}, "from_config": False}


def budget_key(config: Config, municipality: str | None) -> str:
    """Which budget a write names: '' for the network's own (a local network never names one, and
    'regio' in a regional network), else the municipality's key. A regional network must say which."""
    if municipality is None:
        if config.regional:
            raise InvalidInput(_("--municipality: een regionaal netwerk heeft een budget per gemeente; noem de"
                                 " gemeente of 'regio' (kies uit {choices}, regio)").format(
                choices=region.known_names(config.municipalities)))
        return ""
    return region.resolve(config.municipalities, municipality) or ""


def municipal_available(conn: sqlite3.Connection, config: Config, year: int, key: str) -> dict:
    """One municipality's amounts of the year ('' the network's own: the config's while the year has
    no budget at all)."""
    row = conn.execute(
        "SELECT trekkingsrecht_cents, cofinancing_cents, other_cents, updated_at FROM budgets"
        " WHERE year = ? AND municipality = ?", [year, key]).fetchone()
    if row is not None:
        return {"year": year, **dict(row), "from_config": False}
    if key == "" and not config.regional:
        return available(conn, config, year)
    return {"year": year, **dict.fromkeys(SOURCE_COLUMNS.values(), 0), "from_config": False, "updated_at": None}


def set_budget(
    conn: sqlite3.Connection,
    config: Config,
    year: int,
    trekkingsrecht: str | None = None,
    cofinancing: str | None = None,
    other: str | None = None,
    municipality: str | None = None,
) -> dict:
    """Record the year's amounts (of a municipality in a regional network: `municipality`, a name or
    'regio'); an amount not given keeps the stored one (or the config's, before a year has any)."""
    check_year(year)
    key = budget_key(config, municipality)
    current = municipal_available(conn, config, year, key)
    given = {"trekkingsrecht_cents": (trekkingsrecht, "trekkingsrecht"),
             "cofinancing_cents": (cofinancing, "cofinanciering"), "other_cents": (other, "ander")}
    values = {column: parse_amount(text, field, maximum=config.max_budget_cents) if text not in (None, "")
              else current[column] for column, (text, field) in given.items()}
    with atomic(conn):
        closing.refuse_closed(conn, [year], _("budget {year}").format(year=year))
        new = conn.execute("SELECT 1 FROM budgets WHERE year = ? AND municipality = ?", [year, key]).fetchone() is None
        conn.execute(
            "INSERT INTO budgets (year, municipality, trekkingsrecht_cents, cofinancing_cents, other_cents,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (year, municipality) DO UPDATE SET"
            " trekkingsrecht_cents = excluded.trekkingsrecht_cents,"
            " cofinancing_cents = excluded.cofinancing_cents, other_cents = excluded.other_cents,"
            " updated_at = excluded.updated_at",
            [year, key, *values.values(), clock.now()],
        )
        changed = [c for c, (text, _field) in given.items() if text not in (None, "")] or list(given)
        if config.regional:
            changed.append("municipality")
        audit.record(conn, "budget", year, "add" if new else "edit", changed)
    if not config.regional:
        return available(conn, config, year)
    return {**municipal_available(conn, config, year, key),
            "municipality": region.label(config.municipalities, key or None)}


def add_expense(
    conn: sqlite3.Connection,
    category: str,
    amount: str | int,
    description: str,
    on: date | None = None,
    year: int | None = None,
    source: str = "trekkingsrecht",
    municipality: str | None = None,
    config: Config | None = None,
) -> dict:
    """Book an expense on a budget year; in a regional network on a municipality's budget
    (`municipality`, a name; 'regio' or none: the region's), with `config` to know them."""
    today = clock.today()
    kind = check_choice(category, CATEGORIES, _("categorie"))
    cents = parse_amount(amount, "bedrag", allow_zero=False, maximum=config.max_amount_cents if config else None)
    text = clean_text(description, "omschrijving", 500)
    if not text:
        raise InvalidInput(_("omschrijving: geef een omschrijving van de uitgave"))
    fund = check_choice(source, SOURCES, _("bron"))
    charged = _charged_to(config, municipality)
    day = on or today
    budget_year = check_year(year if year is not None else day.year)
    if abs(budget_year - day.year) > 1:
        raise InvalidInput(_("jaar: {year} ligt te ver van de datum {date}").format(
            year=budget_year, date=day_text(day)))
    with atomic(conn):
        closing.refuse_closed(conn, [budget_year], _("uitgave"))
        cursor = conn.execute(
            "INSERT INTO expenses (year, date, category, amount_cents, description, funding_source, municipality,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [budget_year, day.isoformat(), kind, cents, text, fund, charged, clock.now()],
        )
        audit.record(conn, "expense", cursor.lastrowid, "add",
                     ["year", "date", "category", "amount_cents", "description", "funding_source"]
                     + (["municipality"] if charged else []))
    return get_expense(conn, cursor.lastrowid)


EXPENSE_COLUMNS = "id, year, date, category, amount_cents, description, funding_source, municipality, created_at"


def _charged_to(config: Config | None, municipality: str | None) -> str | None:
    """The key of the municipality a write charges (None: the region's, or a local network's own)."""
    if municipality is None:
        return None
    if config is None:
        raise TypeError("a municipality needs the config")
    return region.resolve(config.municipalities, municipality)


def get_expense(conn: sqlite3.Connection, expense_id: int) -> dict:
    row = conn.execute(f"SELECT {EXPENSE_COLUMNS} FROM expenses WHERE id = ?", [expense_id]).fetchone()
    if row is None:
        raise NotFound(_("uitgave"), expense_id)
    return dict(row)


def edit_expense(
    conn: sqlite3.Connection,
    expense_id: int,
    category: str | None = None,
    amount: str | int | None = None,
    description: str | None = None,
    on: date | None = None,
    year: int | None = None,
    source: str | None = None,
    municipality: str | None = None,
    config: Config | None = None,
) -> dict:
    """Correct an expense; a new date moves it to that year's budget unless `year` says otherwise.
    Refused when the year it was booked on, or the one it moves to, is closed. Returns the expense
    with `changed` (the fields)."""
    current = get_expense(conn, expense_id)
    values: dict[str, object] = {}
    if category is not None:
        values["category"] = check_choice(category, CATEGORIES, _("categorie"))
    if amount not in (None, ""):
        values["amount_cents"] = parse_amount(amount, "bedrag", allow_zero=False)
    if description is not None:
        text = clean_text(description, "omschrijving", 500)
        if not text:
            raise InvalidInput(_("omschrijving: geef een omschrijving van de uitgave"))
        values["description"] = text
    if source is not None:
        values["funding_source"] = check_choice(source, SOURCES, _("bron"))
    if municipality is not None:
        values["municipality"] = _charged_to(config, municipality)
    day = on or date.fromisoformat(current["date"])
    if on is not None:
        values["date"] = day.isoformat()
    if year is not None or on is not None:
        values["year"] = check_year(year if year is not None else day.year)
        if abs(values["year"] - day.year) > 1:
            raise InvalidInput(_("jaar: {year} ligt te ver van de datum {date}").format(
                year=values["year"], date=day_text(day)))
    changed = [key for key, value in values.items() if value != current[key]]
    if changed:
        with atomic(conn):
            closing.refuse_closed(conn, [current["year"], values.get("year")],
                                  _("uitgave {id}").format(id=expense_id))
            assignments = ", ".join(f"{column} = ?" for column in changed)
            conn.execute(f"UPDATE expenses SET {assignments} WHERE id = ?",
                         [*(values[c] for c in changed), expense_id])
            audit.record(conn, "expense", expense_id, "edit", changed)
    return {**get_expense(conn, expense_id), "changed": changed}


def expense_deletion(conn: sqlite3.Connection, expense_id: int) -> dict:
    """The expense `delete_expense` would delete, refused as it would be (its year closed)."""
    current = get_expense(conn, expense_id)
    closing.refuse_closed(conn, [current["year"]], _("uitgave {id}").format(id=expense_id))
    return current


def delete_expense(conn: sqlite3.Connection, expense_id: int) -> dict:
    """Delete an expense: its amount goes back to the budget of its year. Returns the expense."""
    with atomic(conn):
        current = expense_deletion(conn, expense_id)
        conn.execute("DELETE FROM expenses WHERE id = ?", [expense_id])
        audit.record(conn, "expense", expense_id, "delete")
    return current


def list_expenses(conn: sqlite3.Connection, year: int | None = None, category: str | None = None) -> list[dict]:
    where, params = [], []
    if year is not None:
        where.append("year = ?")
        params.append(year)
    if category:
        where.append("category = ?")
        params.append(check_choice(category, CATEGORIES, _("categorie")))
    sql = f"SELECT {EXPENSE_COLUMNS} FROM expenses" + (" WHERE " + " AND ".join(where) if where else "")
    return [dict(r) for r in conn.execute(sql + " ORDER BY date, id", params)]


def forecast(spent: int, year: int, today: date) -> int:
    """Year-end spending: linear on the days elapsed while the year runs, the actual afterwards."""
    if year != today.year:
        return spent
    elapsed = today.timetuple().tm_yday
    days = 366 if calendar.isleap(year) else 365
    return (spent * days * 2 + elapsed) // (2 * elapsed)


def show(conn: sqlite3.Connection, config: Config, year: int) -> dict:
    """Available, spent, committed and remaining for a budget year, with details and warnings."""
    check_year(year)
    today = clock.today()
    budget = available(conn, config, year)
    by_source = {s: {"source": s, "available_cents": budget[SOURCE_COLUMNS[s]], "spent_cents": 0,
                     "committed_cents": 0} for s in SOURCES}
    domains = [dict(r) for r in conn.execute(
        "SELECT a.domain, COUNT(*) AS participations, SUM(x.persons) AS persons,"
        " SUM(x.network_paid_cents) AS spent_cents FROM participations x"
        " JOIN activities a ON a.id = x.activity_id WHERE x.budget_year = ?"
        " GROUP BY a.domain ORDER BY a.domain",
        [year],
    )]
    categories = [dict(r) for r in conn.execute(
        "SELECT category, COUNT(*) AS expenses, SUM(amount_cents) AS spent_cents FROM expenses"
        " WHERE year = ? GROUP BY category",
        [year],
    )]
    categories.sort(key=lambda r: CATEGORIES.index(r["category"]))
    for sql in ("SELECT funding_source, SUM(network_paid_cents) FROM participations WHERE budget_year = ?"
                " GROUP BY funding_source",
                "SELECT funding_source, SUM(amount_cents) FROM expenses WHERE year = ? GROUP BY funding_source"):
        for source, cents in conn.execute(sql, [year]):
            by_source[source]["spent_cents"] += cents
    for source, cents in conn.execute(
        "SELECT funding_source, SUM(value_cents) FROM vouchers WHERE budget_year = ? AND state = 'issued'"
        " AND valid_until >= ? GROUP BY funding_source",
        [year, today.isoformat()],
    ):
        by_source[source]["committed_cents"] = cents
    for item in by_source.values():
        item["remaining_cents"] = item["available_cents"] - item["spent_cents"] - item["committed_cents"]
    total = sum(i["available_cents"] for i in by_source.values())
    spent = sum(i["spent_cents"] for i in by_source.values())
    committed = sum(i["committed_cents"] for i in by_source.values())
    expected = forecast(spent, year, today)
    result = {
        "year": year,
        "from_config": budget["from_config"],
        "available_cents": total,
        "spent_cents": spent,
        "participations_cents": sum(d["spent_cents"] for d in domains),
        "expenses_cents": sum(c["spent_cents"] for c in categories),
        "committed_cents": committed,
        "remaining_cents": total - spent - committed,
        "used_bp": share_bp(spent + committed, total),
        "forecast_cents": expected,
        "forecast_is_actual": year < today.year,
        "warn_share_bp": config.budget_warn_share_bp,
        "by_source": list(by_source.values()),
        "by_domain": domains,
        "by_category": categories,
    }
    result["warnings"] = _warnings(result)
    return result


def _warnings(result: dict) -> list[str]:
    """Codes of the warnings that apply: 'no_budget', 'above_warn_share', 'forecast_over'."""
    codes = []
    used, total = result["spent_cents"] + result["committed_cents"], result["available_cents"]
    if total == 0:
        if used:
            codes.append("no_budget")
        return codes
    if used * 10000 > result["warn_share_bp"] * total:  # exact, not the rounded used_bp
        codes.append("above_warn_share")
    if result["forecast_cents"] > total:
        codes.append("forecast_over")
    return codes
