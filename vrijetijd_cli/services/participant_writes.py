"""Writing a participant list in bulk: people, statuses and referrals, inside the import's transaction.

Each chunk of checked rows goes into a temporary table (one multi-row INSERT per 1000 rows); three
INSERT … SELECT statements then copy it into participants, statuses and referrals inside SQLite,
instead of binding every value three times from Python.

A list larger than the table it fills is written without that table's secondary indexes, which
are built again, sorted, at the end (much cheaper than inserting into them row by row). DROP and
CREATE INDEX are part of the transaction: other connections never see a table without its
indexes, and an interruption rolls them back too. The indexes the import itself reads (match
key, birth date, statuses per person) are kept as long as there are people to match against.
"""

from __future__ import annotations

import sqlite3
from itertools import chain

from vrijetijd_cli import clock

DEFER_MIN_ROWS = 10_000  # below this, rebuilding indexes is not worth it
# read by the import while it runs (matching, possible duplicates, active statuses)
LOOKUP_INDEXES = ("idx_participants_match_key", "idx_participants_birth_date", "idx_statuses_participant")
TABLES = ("participants", "statuses", "referrals")

# (participant_id, new, valid_until) and a checked row (importers/participant_rows.py)
STAGE_COLUMNS = (
    "participant_id INTEGER, new INTEGER, valid_until TEXT, line INTEGER, first_name TEXT, last_name TEXT,"
    " first_key TEXT, last_key TEXT, birth_date TEXT, postcode TEXT, household_size INTEGER, phone TEXT,"
    " email TEXT, ground_code TEXT, domain TEXT, note TEXT, day TEXT, match_key TEXT"
)
STAGE_WIDTH = 18
ROW_MARKS = f"({', '.join('?' * STAGE_WIDTH)})"
ROWS_PER_STATEMENT = 1000
PEOPLE = (
    "INSERT INTO participants (id, first_name, last_name, birth_date, birth_year, postcode, household_size,"
    " phone, email, first_key, last_key, match_key, created_at, legal_basis, informed)"
    " SELECT participant_id, first_name, last_name, birth_date, CAST(substr(birth_date, 1, 4) AS INTEGER),"
    " postcode, household_size, phone, email, first_key, last_key, match_key, :now, :legal_basis, :informed"
    " FROM temp.import_rows WHERE new ORDER BY rowid"
)
STATUSES = (
    "INSERT INTO statuses (participant_id, ground_code, valid_from, valid_until, checked_by_partner_id, created_at)"
    " SELECT participant_id, ground_code, day, valid_until, :partner, :now"
    " FROM temp.import_rows WHERE valid_until IS NOT NULL ORDER BY rowid"
)
REFERRALS = (
    "INSERT INTO referrals (participant_id, partner_id, date, ground_code, domain, state, note, import_id,"
    " created_at, updated_at)"
    " SELECT participant_id, :partner, day, ground_code, domain, 'open', note, :import, :now, :now"
    " FROM temp.import_rows ORDER BY rowid"
)

def next_id(conn: sqlite3.Connection, table: str) -> int:
    """The id AUTOINCREMENT would give next; safe because the transaction holds the write lock."""
    seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", [table]).fetchone()
    top = conn.execute(f"SELECT MAX(id) FROM {table}").fetchone()[0]
    return max(seq[0] if seq else 0, top or 0) + 1


class BulkWriter:
    """Writes staged rows (STAGE_COLUMNS): a new person when `new`, a status when `valid_until`
    is not None, a referral always."""

    def __init__(self, conn: sqlite3.Connection, partner_id: int, import_id: int, has_existing: bool,
                 registration: tuple[str, str] = ("", "")):
        self.conn, self.has_existing = conn, has_existing
        # registration: (legal basis, how informed), stored with every new person (GDPR art. 13)
        self.params = {"partner": partner_id, "import": import_id, "now": clock.now(),
                       "legal_basis": registration[0], "informed": registration[1]}
        self.deferred: list[str] | None = None  # CREATE INDEX statements to run at the end
        conn.execute(f"CREATE TEMP TABLE import_rows ({STAGE_COLUMNS})")
        limit = conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        self.per_statement = max(1, min(ROWS_PER_STATEMENT, limit // STAGE_WIDTH))
        self.statements: dict[int, str] = {}

    def write(self, staged: list[tuple], rows_read: int, progress: tuple[int, int]) -> None:
        conn, params = self.conn, self.params
        if self.deferred is None:
            self._defer_indexes(rows_read, progress)
        self._stage(staged)
        conn.execute(PEOPLE, params)
        conn.execute(STATUSES, params)
        conn.execute(REFERRALS, params)
        conn.execute("DELETE FROM temp.import_rows")

    def _stage(self, staged: list[tuple]) -> None:
        """Into the temporary table, many rows per statement: a sixth cheaper than executemany."""
        per = self.per_statement
        for start in range(0, len(staged), per):
            part = staged[start:start + per]
            sql = self.statements.get(len(part))
            if sql is None:
                sql = self.statements[len(part)] = (
                    "INSERT INTO temp.import_rows VALUES " + ", ".join([ROW_MARKS] * len(part)))
            self.conn.execute(sql, list(chain.from_iterable(part)))

    def _defer_indexes(self, rows_read: int, progress: tuple[int, int]) -> None:
        """On the first chunk: drop the secondary indexes of each table the file outgrows."""
        done, total = progress
        expected = rows_read * total // max(done, 1)  # rows in the whole file, from the part read
        self.deferred = []
        if expected < DEFER_MIN_ROWS:
            return
        conn = self.conn
        for table in TABLES:
            stored = conn.execute(f"SELECT MAX(id) FROM {table}").fetchone()[0] or 0
            if expected <= stored:
                continue
            indexes = conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL"
                " ORDER BY name", [table]).fetchall()
            for name, sql in indexes:
                # a unique index checks every insert; a lookup index is read while importing
                if sql.upper().startswith("CREATE UNIQUE") or (self.has_existing and name in LOOKUP_INDEXES):
                    continue
                conn.execute(f'DROP INDEX "{name}"')
                self.deferred.append(sql)

    def complete(self) -> None:
        """After the last chunk: the deferred indexes built again, the temporary table gone."""
        for sql in self.deferred or ():
            self.conn.execute(sql)
        self.conn.execute("DROP TABLE temp.import_rows")
