"""`db check`: SQLite's own checks and the domain invariants (docs/architecture.md, "Data").

Problems are data: each is a dict with a stable `check` code (its description for the user is
in DESCRIPTIONS), the table, the row id and a short detail with the values involved.
The constraints in the schema already forbid most of these; the checks find what slipped in
anyway (an old file, a hand edit, a bug, a damaged disk).
"""

from __future__ import annotations

import sqlite3

from vrijetijd_cli.i18n import N_

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
}

PAYMENT = _shown("price_cents", "participant_paid_cents", "organiser_carried_cents", "network_paid_cents")

# (code, table, SQL yielding (row_id, detail))
DOMAIN_CHECKS: tuple[tuple[str, str, str], ...] = (
    ("voucher_redeemed_twice", "participations",
     f"SELECT voucher_id, {_shown('voucher_id')} || ', participations=' || group_concat(id)"
     " FROM participations WHERE voucher_id IS NOT NULL GROUP BY voucher_id HAVING count(*) > 1"),
    ("redeemed_voucher_without_participation", "vouchers",
     f"SELECT v.id, {_shown('v.code')} FROM vouchers v WHERE v.state = 'redeemed' AND v.released_on IS NULL"
     " AND NOT EXISTS (SELECT 1 FROM participations x WHERE x.voucher_id = v.id)"),
    ("participation_on_unredeemed_voucher", "participations",
     f"SELECT x.id, {_shown('x.voucher_id', 'v.state')}"
     " FROM participations x LEFT JOIN vouchers v ON v.id = x.voucher_id"
     " WHERE x.voucher_id IS NOT NULL AND COALESCE(v.state, '') != 'redeemed'"),
    ("voucher_payment_mismatch", "participations",
     f"SELECT id, {_shown('paid_via', 'voucher_id')} FROM participations"
     " WHERE (paid_via = 'voucher') != (voucher_id IS NOT NULL)"),
    ("voucher_other_participant", "participations",
     f"SELECT x.id, {_shown('x.participant_id')} || ', voucher_' || {_shown('v.participant_id')}"
     " FROM participations x JOIN vouchers v ON v.id = x.voucher_id"
     " WHERE x.participant_id != v.participant_id"),
    ("voucher_overspent", "participations",
     f"SELECT x.id, {_shown('x.network_paid_cents', 'v.value_cents')}"
     " FROM participations x JOIN vouchers v ON v.id = x.voucher_id"
     " WHERE x.network_paid_cents > v.value_cents"),
    ("negative_amount", "participations",
     f"SELECT id, {PAYMENT} FROM participations"
     " WHERE price_cents < 0 OR participant_paid_cents < 0 OR organiser_carried_cents < 0"
     " OR network_paid_cents < 0"),
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
    # the price is split between participant, organiser and network, to the cent (gratis: all zero;
    # docs/architecture.md, "Shared cost")
    ("payment_not_price", "participations",
     f"SELECT id, {PAYMENT} FROM participations"
     " WHERE participant_paid_cents + organiser_carried_cents + network_paid_cents != price_cents"),
    ("free_but_paid", "participations",
     f"SELECT id, {_shown('participant_paid_cents')} FROM participations"
     " WHERE paid_via = 'gratis' AND participant_paid_cents != 0"),
    ("participation_without_participant", "participations",
     f"SELECT x.id, {_shown('x.participant_id')} FROM participations x"
     " WHERE NOT EXISTS (SELECT 1 FROM participants p WHERE p.id = x.participant_id)"),
    ("participation_without_activity", "participations",
     f"SELECT x.id, {_shown('x.activity_id')} FROM participations x"
     " WHERE NOT EXISTS (SELECT 1 FROM activities a WHERE a.id = x.activity_id)"),
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


def sqlite_checks(conn: sqlite3.Connection, quick: bool = False) -> list[dict]:
    """integrity_check (or quick_check) and foreign_key_check."""
    pragma = "quick_check" if quick else "integrity_check"
    problems = [
        _problem("integrity", None, None, row[0])
        for row in conn.execute(f"PRAGMA {pragma}({MAX_PER_CHECK})")
        if row[0] != "ok"
    ]
    keys = conn.execute("PRAGMA foreign_key_check").fetchmany(MAX_PER_CHECK + 1)
    return problems + _limited("foreign_key", [(r[0], r[1], f"-> {r[2]}") for r in keys])


def domain_checks(conn: sqlite3.Connection) -> list[dict]:
    problems: list[dict] = []
    for check, table, sql in DOMAIN_CHECKS:
        rows = conn.execute(f"{sql} LIMIT {MAX_PER_CHECK + 1}").fetchall()
        problems += _limited(check, [(table, r[0], str(r[1])) for r in rows])
    return problems


def run(conn: sqlite3.Connection, quick: bool = False) -> list[dict]:
    """Every problem found; an empty list means the database is healthy."""
    return sqlite_checks(conn, quick) + domain_checks(conn)
