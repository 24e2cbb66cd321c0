"""`db check`: SQLite's own checks and the domain invariants (docs/architecture.md, "Data").

Problems are data: each is a dict with a stable `check` code (its description for the user is
in DESCRIPTIONS), the table, the row id and a short detail with the values involved.
The constraints in the schema already forbid most of these; the checks find what slipped in
anyway (an old file, a hand edit, a bug, a damaged disk).
"""

from __future__ import annotations

import sqlite3

from vrijetijd_cli.i18n import N_
from vrijetijd_cli.parse import MAX_CENTS

# per check at most this many rows are listed; a damaged database could have millions
MAX_PER_CHECK = 100


def _shown(*columns: str) -> str:
    """SQL for the detail text 'a=1, b=NULL' of the given columns."""
    parts = [f"'{c.split('.')[-1]}=' || COALESCE({c}, 'NULL')" for c in columns]
    return " || ', ' || ".join(parts)


def _known(table: str, *states: str) -> tuple[str, str, str]:
    allowed = ", ".join(f"'{s}'" for s in states)
    sql = f"SELECT id, {_shown('state')} FROM {table} WHERE COALESCE(state NOT IN ({allowed}), 1)"
    return ("unknown_state", table, sql)


# what each check finds, in Dutch, marked for the catalogue: word(DESCRIPTIONS, code) shows it
DESCRIPTIONS = {
    "integrity": N_("integriteitscontrole van SQLite"),
    "foreign_key": N_("verwijzing naar een rij die niet bestaat"),
    "voucher_redeemed_twice": N_("waardebon meer dan eens ingewisseld"),
    "redeemed_voucher_without_participation": N_("ingewisselde waardebon zonder deelname"),
    "participation_on_unredeemed_voucher": N_("deelname op een waardebon die niet ingewisseld is"),
    "voucher_payment_mismatch": N_("betaald met waardebon zonder waardebon (of omgekeerd)"),
    "voucher_other_participant": N_("deelname op de waardebon van een andere deelnemer"),
    "voucher_overspent": N_("netwerk betaalde meer dan de waarde van de waardebon"),
    "negative_amount": N_("negatief bedrag"),
    "payment_not_price": N_("wat deelnemer, organisator en netwerk betaalden is samen niet de prijs"),
    "free_but_paid": N_("gratis deelname waarvoor de deelnemer betaalde"),
    "participation_without_participant": N_("deelname zonder deelnemer"),
    "participation_without_activity": N_("deelname zonder activiteit"),
    "dates_reversed": N_("einddatum ligt voor begindatum"),
    "unknown_state": N_("onbekende toestand"),
    "goal_parent_level": N_("doel hangt niet één niveau hoger (strategisch → operationeel → actie)"),
    "erased_not_anonymised": N_("gewiste deelnemer is niet geanonimiseerd"),
    "anonymised_with_personal_data": N_("geanonimiseerde deelnemer heeft nog persoonsgegevens"),
    "amount_over_maximum": N_("bedrag boven het maximum uit de config (limits)"),
}

PAYMENT = _shown("x.price_cents", "x.participant_paid_cents", "x.organiser_carried_cents", "x.network_paid_cents")
# the rules of one participation row, checked in one pass over the largest table (with its
# voucher): (code, condition, detail)
PARTICIPATION_RULES: tuple[tuple[str, str, str], ...] = (
    ("participation_on_unredeemed_voucher", "x.voucher_id IS NOT NULL AND COALESCE(v.state, '') != 'redeemed'",
     _shown("x.voucher_id", "v.state")),
    ("voucher_payment_mismatch", "(x.paid_via = 'voucher') != (x.voucher_id IS NOT NULL)",
     _shown("x.paid_via", "x.voucher_id")),
    ("voucher_other_participant", "x.participant_id != v.participant_id",
     f"{_shown('x.participant_id')} || ', voucher_' || {_shown('v.participant_id')}"),
    ("voucher_overspent", "x.network_paid_cents > v.value_cents", _shown("x.network_paid_cents", "v.value_cents")),
    ("negative_amount", "x.price_cents < 0 OR x.participant_paid_cents < 0 OR x.organiser_carried_cents < 0"
     " OR x.network_paid_cents < 0", PAYMENT),
    # the price is split between participant, organiser and network, to the cent (gratis: all zero;
    # docs/architecture.md, "Shared cost")
    ("payment_not_price",
     "x.participant_paid_cents + x.organiser_carried_cents + x.network_paid_cents != x.price_cents", PAYMENT),
    ("free_but_paid", "x.paid_via = 'gratis' AND x.participant_paid_cents != 0", _shown("x.participant_paid_cents")),
    # above the config's maximum (limits.max_amount): a typo of zeros, or a row from before the limit
    ("amount_over_maximum", "x.price_cents > :max_amount", _shown("x.price_cents")),
)
PARTICIPATION_SQL = (
    "SELECT x.id, " + ", ".join(f"COALESCE({condition}, 0), {detail}" for _c, condition, detail in PARTICIPATION_RULES)
    + " FROM participations x LEFT JOIN vouchers v ON v.id = x.voucher_id WHERE "
    + " OR ".join(f"COALESCE({condition}, 0)" for _c, condition, _d in PARTICIPATION_RULES)
)

# (code, table, SQL yielding (row_id, detail))
DOMAIN_CHECKS: tuple[tuple[str, str, str], ...] = (
    ("voucher_redeemed_twice", "participations",
     f"SELECT voucher_id, {_shown('voucher_id')} || ', participations=' || group_concat(id)"
     " FROM participations WHERE voucher_id IS NOT NULL GROUP BY voucher_id HAVING count(*) > 1"),
    ("redeemed_voucher_without_participation", "vouchers",
     f"SELECT v.id, {_shown('v.code')} FROM vouchers v WHERE v.state = 'redeemed' AND v.released_on IS NULL"
     " AND NOT EXISTS (SELECT 1 FROM participations x WHERE x.voucher_id = v.id)"),
    ("negative_amount", "vouchers",
     f"SELECT id, {_shown('value_cents')} FROM vouchers WHERE value_cents <= 0"),
    ("negative_amount", "expenses",
     f"SELECT id, {_shown('amount_cents')} FROM expenses WHERE amount_cents <= 0"),
    ("negative_amount", "activities",
     f"SELECT id, {_shown('price_cents', 'kansentarief_cents')} FROM activities"
     " WHERE price_cents < 0 OR kansentarief_cents < 0"),
    ("negative_amount", "budgets",
     f"SELECT year, {_shown('trekkingsrecht_cents', 'cofinancing_cents', 'other_cents')}"
     " FROM budgets WHERE trekkingsrecht_cents < 0 OR cofinancing_cents < 0 OR other_cents < 0"),
    # NOT IN reads the distinct ids from an index: a fraction of a lookup per row
    ("participation_without_participant", "participations",
     f"SELECT id, {_shown('participant_id')} FROM participations"
     " WHERE participant_id NOT IN (SELECT id FROM participants)"),
    ("participation_without_activity", "participations",
     f"SELECT id, {_shown('activity_id')} FROM participations"
     " WHERE activity_id NOT IN (SELECT id FROM activities)"),
    ("dates_reversed", "statuses",
     f"SELECT id, {_shown('valid_from', 'valid_until')} FROM statuses"
     " WHERE valid_from > valid_until"),
    ("dates_reversed", "vouchers",
     f"SELECT id, {_shown('issued_on', 'valid_until')} FROM vouchers"
     " WHERE issued_on > valid_until"),
    ("dates_reversed", "activities",
     f"SELECT id, {_shown('start_date', 'end_date')} FROM activities"
     " WHERE start_date > end_date"),
    _known("referrals", "open", "in_behandeling", "toegeleid", "afgesloten", "geweigerd"),
    _known("vouchers", "issued", "redeemed", "expired", "cancelled"),
    _known("evaluations", "niet_gestart", "lopend", "gerealiseerd", "bijgestuurd", "geschrapt"),
    ("goal_parent_level", "goals",
     f"SELECT g.id, {_shown('g.code', 'g.level')} || ', parent='"
     " || COALESCE(p.code || ' (' || p.level || ')', 'NULL')"
     " FROM goals g LEFT JOIN goals p ON p.id = g.parent_id"
     " WHERE NOT ((g.level = 'strategic' AND g.parent_id IS NULL)"
     " OR (g.level = 'operational' AND p.level = 'strategic')"
     " OR (g.level = 'action' AND p.level = 'operational'))"),
    ("erased_not_anonymised", "participants",
     "SELECT DISTINCT e.participant_id, 'erasure=' || e.id FROM erasures e"
     " JOIN participants p ON p.id = e.participant_id WHERE p.anonymized_at IS NULL"),
    # above the config's maximum (limits.max_amount, limits.max_budget): a typo of zeros, or a row
    # from before the limit; sums of such rows can overflow
    ("amount_over_maximum", "vouchers",
     f"SELECT id, {_shown('value_cents')} FROM vouchers WHERE value_cents > :max_amount"),
    ("amount_over_maximum", "expenses",
     f"SELECT id, {_shown('amount_cents')} FROM expenses WHERE amount_cents > :max_amount"),
    ("amount_over_maximum", "budgets",
     f"SELECT year, {_shown('trekkingsrecht_cents', 'cofinancing_cents', 'other_cents')} FROM budgets"
     " WHERE max(trekkingsrecht_cents, cofinancing_cents, other_cents) > :max_budget"),
    ("anonymised_with_personal_data", "participants",
     f"SELECT id, {_shown('anonymized_at')} FROM participants WHERE anonymized_at IS NOT NULL"
     " AND (birth_date IS NOT NULL OR phone != '' OR email != '' OR notes != ''"
     " OR match_key IS NOT NULL OR first_key != '' OR last_key != '')"),
)


def _problem(check: str, table: str | None, row_id: object, detail: str) -> dict:
    return {"check": check, "table": table, "row_id": row_id, "detail": detail}


def _limited(check: str, rows: list[tuple]) -> list[dict]:
    """(table, row_id, detail) rows as problems, at most MAX_PER_CHECK and a line saying so."""
    problems = [_problem(check, *row) for row in rows[:MAX_PER_CHECK]]
    if len(rows) > MAX_PER_CHECK:
        problems.append(_problem(check, rows[0][0], None, f"> {MAX_PER_CHECK}"))
    return problems


def sqlite_checks(conn: sqlite3.Connection, full: bool = False) -> list[dict]:
    """quick_check (or with `full` integrity_check, which also reads every index: much slower on a
    large database) and foreign_key_check."""
    pragma = "integrity_check" if full else "quick_check"
    problems = [
        _problem("integrity", None, None, row[0])
        for row in conn.execute(f"PRAGMA {pragma}({MAX_PER_CHECK})")
        if row[0] != "ok"
    ]
    keys = conn.execute("PRAGMA foreign_key_check").fetchmany(MAX_PER_CHECK + 1)
    return problems + _limited("foreign_key", [(r[0], r[1], f"-> {r[2]}") for r in keys])


def domain_checks(conn: sqlite3.Connection, limits: tuple[int, int] = (MAX_CENTS, MAX_CENTS)) -> list[dict]:
    """The domain invariants; `limits` is (largest line amount, largest budget amount) in cents."""
    params = {"max_amount": limits[0], "max_budget": limits[1]}
    problems = _participation_rows(conn, params)
    for check, table, sql in DOMAIN_CHECKS:
        rows = conn.execute(f"{sql} LIMIT {MAX_PER_CHECK + 1}", params).fetchall()
        problems += _limited(check, [(table, r[0], str(r[1])) for r in rows])
    return problems


def _participation_rows(conn: sqlite3.Connection, params: dict) -> list[dict]:
    found: dict[str, list[tuple]] = {check: [] for check, _c, _d in PARTICIPATION_RULES}
    for row in conn.execute(PARTICIPATION_SQL, params):
        for index, (check, _c, _d) in enumerate(PARTICIPATION_RULES):
            if row[1 + 2 * index] and len(found[check]) <= MAX_PER_CHECK:
                found[check].append(("participations", row[0], str(row[2 + 2 * index])))
    return [problem for check, rows in found.items() for problem in _limited(check, rows)]


def run(conn: sqlite3.Connection, full: bool = False, limits: tuple[int, int] = (MAX_CENTS, MAX_CENTS)) -> list[dict]:
    """Every problem found; an empty list means the database is healthy."""
    return sqlite_checks(conn, full) + domain_checks(conn, limits)
