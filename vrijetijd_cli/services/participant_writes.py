"""Writing a participant list in bulk: people, statuses and referrals, inside the import's transaction.

The checked rows wait in a temporary table (services/imports.py); three INSERT … SELECT statements
copy them into participants, statuses and referrals inside SQLite, instead of binding every value
again from Python. Each carries the import's id, so that `import undo` knows what it added.

A list larger than the table it fills is written without that table's secondary indexes, which
are built again, sorted, at the end: much cheaper than inserting into them row by row, and the
pages come out full (the reports read these indexes). A partial index stays (the rows of a list
add to it at one end, or not at all), and so does the index the write itself reads (statuses per
person, to add a status only where none is active) when the list holds known people. DROP and
CREATE INDEX are part of the transaction: other connections never see a table without its
indexes, and an interruption rolls them back too.
"""

from __future__ import annotations

import sqlite3

from vrijetijd_cli import clock

DEFER_MIN_ROWS = 10_000  # below this, rebuilding indexes is not worth it
TABLES = ("participants", "statuses", "referrals")
# read by the write itself (a status only where none is active) when the list holds known people
LOOKUP_INDEXES = ("idx_statuses_participant",)

# a status for the ground, unless the person (matched) has one of that ground active on the day
NEEDS_STATUS = (
    "state = 0 AND ground_code IS NOT NULL AND (participant_id IS NULL OR NOT EXISTS ("
    "SELECT 1 FROM statuses s WHERE s.participant_id = r.participant_id AND s.ground_code = r.ground_code"
    " AND s.valid_from <= r.day AND s.valid_until >= r.day AND (s.suspended_on IS NULL OR s.suspended_on > r.day)))"
)
PERSON = "COALESCE(participant_id, :base + COALESCE(new_rank, seq) - 1)"
PEOPLE = (
    "INSERT INTO participants (id, first_name, last_name, birth_date, birth_year, postcode, household_size,"
    " phone, email, first_key, last_key, match_key, created_at, import_id, legal_basis, informed)"
    f" SELECT {PERSON}, first_name, last_name, birth_date, birth_year, postcode, household_size, phone, email,"
    " first_key, last_key, last_key || '|' || first_key || '|' || COALESCE(birth_date, birth_year), :now, :import,"
    " :legal_basis, :informed"
    " FROM temp.import_rows WHERE state = 0 AND participant_id IS NULL ORDER BY seq"
)
STATUSES = (
    "INSERT INTO statuses (participant_id, ground_code, valid_from, valid_until, checked_by_partner_id, created_at,"
    " import_id)"
    f" SELECT {PERSON}, ground_code, day, valid_until, :partner, :now, :import"
    f" FROM temp.import_rows r WHERE {NEEDS_STATUS} ORDER BY seq"
)
REFERRALS = (
    "INSERT INTO referrals (participant_id, partner_id, date, ground_code, domain, state, note, import_id,"
    " created_at, updated_at)"
    f" SELECT {PERSON}, :partner, day, ground_code, domain, 'open', note, :import, :now, :now"
    " FROM temp.import_rows WHERE state = 0 ORDER BY seq"
)


def next_id(conn: sqlite3.Connection, table: str) -> int:
    """The id AUTOINCREMENT would give next; safe because the transaction holds the write lock."""
    seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", [table]).fetchone()
    top = conn.execute(f"SELECT MAX(id) FROM {table}").fetchone()[0]
    return max(seq[0] if seq else 0, top or 0) + 1


class BulkWriter:
    """Writes the accepted rows of temp.import_rows: a new person where none was matched, a status
    where one is needed (NEEDS_STATUS), a referral always."""

    def __init__(self, conn: sqlite3.Connection, partner_id: int, import_id: int,
                 registration: tuple[str, str] = ("", "")):
        self.conn = conn
        self.base = next_id(conn, "participants")
        # registration: (legal basis, how informed), stored with every new person (GDPR art. 13)
        self.params = {"partner": partner_id, "import": import_id, "now": clock.now(), "base": self.base,
                       "legal_basis": registration[0], "informed": registration[1]}

    def write(self, rows: int, matched: bool) -> None:
        conn, params = self.conn, self.params
        deferred = self._defer_indexes(rows, matched)
        conn.execute(PEOPLE, params)
        conn.execute(STATUSES, params)
        conn.execute(REFERRALS, params)
        for sql in deferred:
            conn.execute(sql)

    def _defer_indexes(self, rows: int, matched: bool) -> list[str]:
        """Drop the secondary indexes of each table the list outgrows; their CREATE statements."""
        if rows < DEFER_MIN_ROWS:
            return []
        conn, deferred = self.conn, []
        for table in TABLES:
            stored = conn.execute(f"SELECT MAX(id) FROM {table}").fetchone()[0] or 0
            if rows <= stored:
                continue
            indexes = conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL"
                " ORDER BY name", [table]).fetchall()
            for name, sql in indexes:
                # a unique index checks every insert; a partial one costs little; a look-up one is read
                if sql.upper().startswith("CREATE UNIQUE") or " WHERE " in sql.upper() or (
                        matched and name in LOOKUP_INDEXES):
                    continue
                conn.execute(f'DROP INDEX "{name}"')
                deferred.append(sql)
        return deferred
