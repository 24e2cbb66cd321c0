"""The rights of the people registered: access (export), erasure (forget), retention (purge).

An erasure anonymises a person in place: the rows that carry the aggregate figures
(postcode, year of birth, household size, referrals, statuses, vouchers, participations)
stay, so reports of past years give the same totals. Their name is replaced in every free text
and frozen report (services/free_texts.py); texts that still hold the bare last name are listed
for review. The erasure log keeps only the id, the moment, the reason and the OS user; the
ledger beside the database (services/erasure_ledger.py) keeps the ids, so that an older copy
put back cannot bring anyone back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from vrijetijd_cli import clock
from vrijetijd_cli.config import Config
from vrijetijd_cli.errors import Conflict, InvalidInput, NotFound
from vrijetijd_cli.i18n import _
from vrijetijd_cli.parse import clean_text
from vrijetijd_cli.services import audit, erasure_ledger, free_texts
from vrijetijd_cli.store import atomic

PLACEHOLDER_FIRST_NAME = "Geanonimiseerd"
# stored with what an erasure changes (Dutch, as all stored texts): why a report was resealed,
# why an erasure was done again
RESEAL_REASON = "naam van een vergeten deelnemer vervangen"
REAPPLIED_REASON = "opnieuw toegepast uit het wissingsregister"
# what an erasure empties; names the audit row, never the values
ERASED_FIELDS = (
    "first_name",
    "last_name",
    "birth_date",
    "phone",
    "email",
    "notes",
    "first_key",
    "last_key",
    "match_key",
    "anonymized_at",
)
# free texts about the person on their other rows: (table, column)
FREE_TEXTS = (
    ("referrals", "note"),
    ("statuses", "suspension_reason"),
    ("vouchers", "cancel_reason"),
    ("participations", "override_reason"),
    ("participations", "over_cap_reason"),
    ("participations", "without_status_reason"),
    ("vouchers", "replacement_reason"),
)
# audit entities whose rows belong to one person: entity -> table
PERSONAL_ENTITIES = {
    "referral": "referrals",
    "status": "statuses",
    "voucher": "vouchers",
    "participation": "participations",
    "signal": "signals",
}


def _participant(conn: sqlite3.Connection, participant_id: int) -> dict:
    row = conn.execute("SELECT * FROM participants WHERE id = ?", [participant_id]).fetchone()
    if row is None:
        raise NotFound(_("deelnemer"), participant_id)
    return dict(row)


def _names(conn: sqlite3.Connection, ids: Sequence[int]) -> list[dict]:
    """(id, first_name, last_name) of these people, in one query however many they are."""
    return [dict(r) for r in conn.execute(
        "SELECT id, first_name, last_name FROM participants WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
        ["[" + ",".join(str(int(i)) for i in ids) + "]"])]


# --- erasure ---------------------------------------------------------------------------------


def scrub(conn: sqlite3.Connection, ids: Sequence[int], at: str) -> None:
    """Anonymise these people in the caller's transaction (birth year and postcode stay)."""
    # every right-hand side sees the old row, so birth_year is taken before birth_date goes
    conn.executemany(
        "UPDATE participants SET first_name = ?, last_name = '#' || id,"
        " birth_year = COALESCE(CAST(substr(birth_date, 1, 4) AS INTEGER), birth_year),"
        " birth_date = NULL, phone = '', email = '', notes = '',"
        " first_key = '', last_key = '', match_key = NULL, anonymized_at = ? WHERE id = ?",
        [(PLACEHOLDER_FIRST_NAME, at, i) for i in ids],
    )
    for table, column in FREE_TEXTS:
        conn.executemany(
            f"UPDATE {table} SET {column} = '' WHERE participant_id = ? AND {column} != ''",
            [(i,) for i in ids],
        )
    # a signal stays (anonymous, as it may be from the start), its names replaced by free_texts
    signals = [r[0] for i in ids for r in conn.execute("SELECT id FROM signals WHERE participant_id = ?", [i])]
    conn.executemany("UPDATE signals SET participant_id = NULL WHERE id = ?", [(i,) for i in signals])
    audit.record_many(conn, "signal", signals, "forget", ["participant_id"])


def record_erasures(conn: sqlite3.Connection, rows: Sequence[tuple[int, str, str, str]]) -> None:
    """(participant_id, erased_at, reason, os_user) rows into the erasure log."""
    conn.executemany(
        "INSERT INTO erasures (participant_id, erased_at, reason, os_user) VALUES (?, ?, ?, ?)",
        rows,
    )


@contextmanager
def leaving_no_trace(conn: sqlite3.Connection) -> Iterator[dict]:
    """Zero what is deleted while inside, then fold the WAL into the file and empty it.

    Yields a dict whose 'clean' says afterwards whether the checkpoint was complete (another
    process reading at that moment keeps old pages in the WAL until the next checkpoint).
    """
    state = {"clean": False}
    previous = conn.execute("PRAGMA secure_delete").fetchone()[0]
    conn.execute("PRAGMA secure_delete = ON")
    try:
        yield state
    finally:
        conn.execute(f"PRAGMA secure_delete = {int(previous)}")
    if conn.in_transaction:
        return  # the outer transaction checkpoints nothing yet; its owner does
    busy, log, done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    state["clean"] = busy == 0 and log == done


def _reason(reason: str) -> str:
    text = clean_text(reason, "reden", 200)
    if not text:
        raise InvalidInput(_("reden: geef een reden voor de wissing (zonder persoonsgegevens)"))
    return text


def erase(conn: sqlite3.Connection, people: Sequence[dict], at: str, reason: str, user: str) -> dict:
    """Forget these people (rows with id, first_name, last_name) in the caller's transaction:
    their names replaced in every free text and frozen report, their rows anonymised, the
    erasures logged. Returns what free_texts.scan found (replaced, review)."""
    plan = free_texts.scan(conn, people) if people else {"replaced": [], "review": []}
    ids = [p["id"] for p in people]
    free_texts.apply(conn, plan, RESEAL_REASON)
    scrub(conn, ids, at)
    record_erasures(conn, [(i, at, reason, user) for i in ids])
    audit.record_many(conn, "participant", ids, "forget", ERASED_FIELDS)
    return plan


def _summary(plan: dict) -> dict:
    """The plan as shown: where names are replaced (without the new text) and what to review."""
    replaced = [{k: item[k] for k in ("table", "column", "row_id", "count")} for item in plan["replaced"]]
    return {"replaced": replaced, "review": plan["review"]}


def forget(conn: sqlite3.Connection, participant_id: int, reason: str, dry_run: bool = False) -> dict:
    """Anonymise one person, replace their name in free text, log the erasure in the database
    and in the ledger beside it, and leave no readable trace in the database file.

    With dry_run nothing changes: the result says what would be replaced and what to review."""
    reason = _reason(reason)
    person = _participant(conn, participant_id)
    if person["anonymized_at"]:
        on = person["anonymized_at"][:10]
        raise Conflict(_("deelnemer {id} is al geanonimiseerd op {date}").format(id=participant_id, date=on))
    result = {"participant_id": participant_id, "dry_run": dry_run, "erasure_id": None, "anonymized_at": None,
              "clean": True}
    if dry_run:
        return {**result, **_summary(free_texts.scan(conn, [person]))}
    at = clock.now()
    with leaving_no_trace(conn) as state, _ledgered(conn) as write_ledger:
        with atomic(conn):
            plan = erase(conn, [person], at, reason, audit.os_user())
            erasure_id = conn.execute(
                "SELECT max(id) FROM erasures WHERE participant_id = ?", [participant_id]).fetchone()[0]
            write_ledger([participant_id])
    return {**result, "erasure_id": erasure_id, "anonymized_at": at, "clean": state["clean"], **_summary(plan)}


@contextmanager
def _ledgered(conn: sqlite3.Connection) -> Iterator:
    """Yields the function that adds ids to the ledger (call it last inside the transaction); when
    the transaction then fails to commit, those ids are taken out of the ledger again."""
    written: list[int] = []

    def write(ids: Sequence[int]) -> None:
        written.extend(ids)
        erasure_ledger.record(conn, ids)

    try:
        yield write
    except BaseException:
        if written:
            erasure_ledger.withdraw(conn, written)
        raise


def reapply_ledger(conn: sqlite3.Connection, db_path: Path | None = None) -> list[int]:
    """Forget again whom the ledger beside the database lists but the database still holds (an
    older copy put back by hand); keep their ids unused. Returns the ids forgotten again.

    Costs one look at the ledger's line when the database is not older than the ledger."""
    db_file = db_path or erasure_ledger.database_file(conn)
    if db_file is None or not erasure_ledger.behind(conn, db_file):
        return []
    listed = erasure_ledger.listed(conn, db_file)
    with leaving_no_trace(conn):
        with atomic(conn):
            again = forget_again(conn, listed)
            erasure_ledger.record(conn, again)  # the ledger has now seen this copy's newest erasure
    return again


def forget_again(conn: sqlite3.Connection, ids: set[int], at: str | None = None) -> list[int]:
    """In the caller's transaction: forget the people of `ids` the database still holds, and keep
    every one of `ids` from being given to somebody new. Returns those forgotten again."""
    pending = erasure_ledger.pending(conn, ids)
    people = _names(conn, pending)
    erase(conn, people, at or clock.now(), REAPPLIED_REASON, audit.os_user())
    erasure_ledger.keep_ids_unused(conn, ids)
    return pending


# --- retention -------------------------------------------------------------------------------

_LAST_ACTIVITY = """
SELECT p.id, p.first_name, p.last_name, p.postcode, p.birth_year,
       substr(p.created_at, 1, 10) AS created_on,
       max(substr(p.created_at, 1, 10),
           COALESCE((SELECT max(date) FROM referrals WHERE participant_id = p.id), ''),
           COALESCE((SELECT max(valid_until) FROM statuses WHERE participant_id = p.id), ''),
           COALESCE((SELECT max(max(valid_until, COALESCE(redeemed_on, '')))
                     FROM vouchers WHERE participant_id = p.id), ''),
           COALESCE((SELECT max(date) FROM participations WHERE participant_id = p.id), '')
       ) AS last_activity
FROM participants p
WHERE p.anonymized_at IS NULL
"""


def retention_cutoff(config: Config, today: date | None = None) -> date:
    """The first day that still counts as 'recent' for the retention rule."""
    return clock.add_months(today or clock.today(), -12 * config.retention_years)


def _inactive(conn: sqlite3.Connection, cutoff: date) -> list[dict]:
    sql = f"SELECT * FROM ({_LAST_ACTIVITY}) WHERE last_activity < ? ORDER BY id"
    return [dict(r) for r in conn.execute(sql, [cutoff.isoformat()])]


def purge(conn: sqlite3.Connection, config: Config, dry_run: bool = False) -> dict:
    """People without referral, status, voucher or participation since the cutoff; anonymised
    unless dry_run. A status or voucher counts until its end date; a new registration counts too."""
    cutoff = retention_cutoff(config)
    result = {
        "cutoff": cutoff.isoformat(),
        "retention_years": config.retention_years,
        "dry_run": dry_run,
        "participants": [],
        "clean": True,
    }
    if dry_run:
        rows = _inactive(conn, cutoff)
        people = _names(conn, [r["id"] for r in rows])
        result.update(participants=rows, **_summary(free_texts.scan(conn, people) if people else
                                                     {"replaced": [], "review": []}))
        return result
    at, user = clock.now(), audit.os_user()
    reason = f"bewaartermijn van {config.retention_years} jaar verstreken"
    rows: list[dict] = []
    with leaving_no_trace(conn) as state, _ledgered(conn) as write_ledger:
        with atomic(conn):  # chosen under the write lock: nobody adds a referral in between
            rows = _inactive(conn, cutoff)
            people = _names(conn, [r["id"] for r in rows])
            plan = erase(conn, people, at, reason, user)
            if rows:
                write_ledger([r["id"] for r in rows])
    for row in rows:
        row.update(first_name=PLACEHOLDER_FIRST_NAME, last_name=f"#{row['id']}")
    result.update(participants=rows, clean=state["clean"], **_summary(plan))
    return result


# --- access ----------------------------------------------------------------------------------


def audit_entries(
    conn: sqlite3.Connection,
    entity: str | None = None,
    since: date | None = None,
    user: str | None = None,
    limit: int | None = None,
) -> list[dict]:
    """Audit rows, newest first; `limit` None or 0 means all."""
    where, params = [], []
    if entity:
        where.append("entity = ?")
        params.append(entity.strip().lower())
    if since:
        where.append("at >= ?")
        params.append(since.isoformat())
    if user:
        where.append("os_user = ?")
        params.append(user.strip())
    sql = "SELECT id, at, os_user, command, entity, entity_id, action, fields FROM audit_log"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id DESC"
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    return [dict(r) for r in conn.execute(sql, params)]


def _about_person(
    conn: sqlite3.Connection, participant_id: int, owned: dict[str, list[int]]
) -> list[dict]:
    """Audit rows on the person and on the rows that belong to them, oldest first."""
    pairs = [("participant", str(participant_id))]
    for entity, ids in owned.items():
        pairs.extend((entity, str(i)) for i in ids)
    rows: list[dict] = []
    for entity, entity_id in pairs:
        rows.extend(
            dict(r)
            for r in conn.execute(
                "SELECT id, at, os_user, command, entity, entity_id, action, fields FROM audit_log"
                " WHERE entity = ? AND entity_id = ?",
                [entity, entity_id],
            )
        )
    return sorted(rows, key=lambda r: r["id"])


def export(conn: sqlite3.Connection, participant_id: int) -> dict:
    """Everything stored about one person (right of access), as plain data."""
    person = _participant(conn, participant_id)

    def rows(sql: str) -> list[dict]:
        return [dict(r) for r in conn.execute(sql, [participant_id])]

    data = {
        "participant": person,
        "statuses": rows(
            "SELECT s.id, s.ground_code, g.label_nl AS ground_nl, g.label_en AS ground_en,"
            " s.valid_from, s.valid_until, s.checked_by_partner_id, c.name AS checked_by,"
            " s.suspended_on, s.suspension_reason, s.created_at"
            " FROM statuses s LEFT JOIN grounds g ON g.code = s.ground_code"
            " LEFT JOIN partners c ON c.id = s.checked_by_partner_id"
            " WHERE s.participant_id = ? ORDER BY s.valid_from, s.id"
        ),
        "referrals": rows(
            "SELECT r.id, r.date, r.partner_id, p.name AS partner, r.ground_code, r.domain,"
            " r.state, r.note, r.import_id, r.created_at, r.updated_at"
            " FROM referrals r JOIN partners p ON p.id = r.partner_id"
            " WHERE r.participant_id = ? ORDER BY r.date, r.id"
        ),
        "vouchers": rows(
            "SELECT v.id, v.code, v.value_cents, v.issued_on, v.valid_until, v.budget_year, v.funding_source,"
            " v.state, v.redeemed_on, v.expired_on, v.cancelled_on, v.cancel_reason, v.released_on,"
            " o.code AS replaces_code, v.replacement_reason, v.created_at"
            " FROM vouchers v LEFT JOIN vouchers o ON o.id = v.replaces_id"
            " WHERE v.participant_id = ? ORDER BY v.issued_on, v.id"
        ),
        "participations": rows(
            "SELECT x.id, x.date, x.activity_id, a.title AS activity, a.domain, x.persons,"
            " x.price_cents, x.participant_paid_cents, x.network_paid_cents, x.paid_via,"
            " x.voucher_id, x.budget_year, x.funding_source, x.over_cap_reason, x.without_status_reason,"
            " x.override_reason, x.created_at"
            " FROM participations x JOIN activities a ON a.id = x.activity_id"
            " WHERE x.participant_id = ? ORDER BY x.date, x.id"
        ),
        "signals": rows(
            "SELECT id, date, kind, text, state, action, solved_on, created_at FROM signals"
            " WHERE participant_id = ? ORDER BY date, id"
        ),
        "erasures": rows(
            "SELECT id, erased_at, reason, os_user FROM erasures WHERE participant_id = ?"
            " ORDER BY id"
        ),
        "merged_from": rows(
            "SELECT id, merged_at FROM merged_participants WHERE merged_into = ? ORDER BY id"
        ),
    }
    owned = {entity: [r["id"] for r in data[table]] for entity, table in PERSONAL_ENTITIES.items()}
    data["audit"] = _about_person(conn, participant_id, owned)
    data["exported_at"] = clock.now()
    return data
