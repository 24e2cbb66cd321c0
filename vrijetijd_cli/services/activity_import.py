"""`activity import FILE.json`: UiTdatabank JSON-LD into the offer, and the upsert every
activity import shares (activity_table.py uses it for CSV and Excel lists).

An import is idempotent: activities are matched by external id (or, for list rows without
one, by title, start date and place) and reported as new, updated or unchanged. Rows are
written as they are checked, inside one transaction; a problem rolls everything back, so
memory stays bounded and nothing is ever half imported.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from vrijetijd_cli import clock
from vrijetijd_cli.config import Config
from vrijetijd_cli.errors import ImportRejected, InvalidInput
from vrijetijd_cli.i18n import _, ngettext
from vrijetijd_cli.parse import normalize
from vrijetijd_cli.services import audit
from vrijetijd_cli.services.activity_fields import (
    check_domain,
    default_kansentarief,
    partner_by_name,
)
from vrijetijd_cli.store import atomic

KIND = "activities"
# what an import sets; capacity and active stay as the coordinator left them
IMPORT_FIELDS = (
    "title", "description", "domain", "organiser_partner_id", "organiser_name", "place",
    "postcode", "locality", "calendar_type", "start_date", "end_date", "price_cents",
    "kansentarief_cents", "source",
)
DEFAULTS = {
    "description": "", "organiser_partner_id": None, "organiser_name": "", "place": "",
    "postcode": None, "locality": "", "calendar_type": "permanent", "start_date": None,
    "end_date": None, "capacity": None, "source": "import",
}
AUDIT_CHUNK = 1000
MAX_LISTED = 1000


class DryRun(Exception):
    """Raised inside the transaction of a dry run, so that everything is rolled back."""


def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(_("bestand {path!r} bestaat niet").format(path=str(path))) from None
    except IsADirectoryError:
        raise InvalidInput(_("{path!r} is een map, geen bestand").format(path=str(path))) from None
    except OSError as exc:
        raise InvalidInput(
            _("bestand {path!r} kan niet gelezen worden: {reason}").format(path=str(path), reason=exc.strerror)
        ) from None


def import_json(
    conn: sqlite3.Connection, config: Config, path: Path, dry_run: bool = False
) -> dict:
    """Import a UiTdatabank file (one event, a list, or a search page with `member`)."""
    from vrijetijd_cli.importers import uitdatabank

    data = read_file(path)
    parsed = uitdatabank.parse(data, uitdatabank.Settings.from_config(config), path.name)
    sha256 = hashlib.sha256(data).hexdigest()
    previous = previous_import(conn, sha256)
    upserter = Upserter(conn)
    upserter.counts["rows_read"] = len(parsed.activities)
    problems: list[str] = []
    import_id = None
    try:
        with atomic(conn):
            for position, activity in enumerate(parsed.activities, 1):
                status, first = upserter.upsert(complete(conn, config, activity), IMPORT_FIELDS,
                                                position)
                if status == "clash":
                    problems.append(_clash(position, first, activity["external_id"]))
            upserter.flush()
            if problems:
                count = len(problems)
                raise ImportRejected(
                    ngettext("{name}: {count} probleem; er is niets ingelezen",
                             "{name}: {count} problemen; er is niets ingelezen", count).format(
                        name=path.name, count=count),
                    details=problems[:MAX_LISTED],
                )
            if dry_run:
                raise DryRun
            import_id = record_import(conn, path.name, sha256, upserter.counts)
    except DryRun:
        pass
    return summary(path.name, upserter.counts, dry_run, import_id, previous,
                   warnings=parsed.warnings)


def _clash(position: int, first: int, external_id: str) -> str:
    return _("evenement {position}: {external_id!r} staat ook als evenement {first}, met andere gegevens").format(
        position=position, external_id=external_id, first=first)


def complete(conn: sqlite3.Connection, config: Config, activity: dict) -> dict:
    """An imported activity made ready to store: organiser linked to a partner when its name
    is exactly a partner's, kansentarief from the configured share when the source has none."""
    row = dict(activity)
    row["domain"] = check_domain(config, row["domain"])
    if "organiser_partner_id" not in row:
        row["organiser_partner_id"] = partner_by_name(conn, row.get("organiser_name") or "")
    if row.get("kansentarief_cents") is None:
        row["kansentarief_cents"] = default_kansentarief(
            row["price_cents"], config.participant_share_bp
        )
    return row


def previous_import(conn: sqlite3.Connection, sha256: str) -> sqlite3.Row | None:
    return conn.execute(
        "SELECT id, imported_at FROM imports WHERE kind = ? AND sha256 = ?"
        " ORDER BY id DESC LIMIT 1",
        [KIND, sha256],
    ).fetchone()


def record_import(
    conn: sqlite3.Connection, file_name: str, sha256: str, counts: dict, rejected: int = 0
) -> int:
    cursor = conn.execute(
        "INSERT INTO imports (kind, file_name, sha256, rows_read, new_count, matched_count,"
        " updated_count, duplicates_in_file, rejected, imported_at, os_user)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [KIND, file_name, sha256, counts["rows_read"], counts["new"],
         counts["updated"] + counts["unchanged"], counts["updated"],
         counts["duplicates_in_file"], rejected, clock.now(), audit.os_user()],
    )
    audit.record(conn, "import", cursor.lastrowid, "add", ["kind", "file_name", "sha256", "counts"])
    return cursor.lastrowid


def summary(file_name: str, counts: dict, dry_run: bool, import_id: int | None,
            previous: sqlite3.Row | None, **extra) -> dict:
    return {
        "file_name": file_name, "kind": KIND, **counts, "rejected": 0, "dry_run": dry_run,
        "import_id": import_id, "previous_import_id": previous["id"] if previous else None,
        "previous_import_at": previous["imported_at"] if previous else None, "warnings": [],
        **extra,
    }


class Upserter:
    """Matches rows to stored activities and writes them, in the caller's transaction; the
    caller counts the rows it read."""

    def __init__(self, conn: sqlite3.Connection, by_place: bool = True):
        self.conn = conn
        self.by_place = by_place  # a list without a place column matches on title and date
        self.counts = {"rows_read": 0, "new": 0, "updated": 0, "unchanged": 0,
                       "duplicates_in_file": 0}
        self.seen: dict[tuple, tuple[int, tuple]] = {}
        self.new_ids: list[int] = []
        self.now = clock.now()
        self._natural: dict[tuple, int] | None = None

    def natural_keys(self) -> dict[tuple, int]:
        """Activities without external id by title, start date and place: lists rarely have ids."""
        if self._natural is None:
            self._natural = {}
            for r in self.conn.execute(
                "SELECT id, title, start_date, place FROM activities"
                " WHERE external_id IS NULL ORDER BY id"
            ):
                key = natural_key(r["title"], r["start_date"], r["place"] if self.by_place else "")
                self._natural.setdefault(key, r["id"])
        return self._natural

    def upsert(self, row: dict, fields: tuple[str, ...], position: int) -> tuple[str, int | None]:
        """('new' | 'updated' | 'unchanged', None), or ('duplicate' | 'clash', first position)
        for a row whose activity came earlier in the file with the same or other data."""
        external_id = row.get("external_id")
        key = (("id", external_id) if external_id
               else natural_key(row["title"], row.get("start_date"), row.get("place")))
        values = tuple(row.get(f) for f in fields)
        if key in self.seen:
            first, earlier = self.seen[key]
            if earlier != values:
                return "clash", first
            self.counts["duplicates_in_file"] += 1
            return "duplicate", first
        self.seen[key] = (position, values)
        columns = ", ".join(fields)
        if external_id:
            existing = self.conn.execute(
                f"SELECT id, {columns} FROM activities WHERE external_id = ?", [external_id]
            ).fetchone()
        else:
            found = self.natural_keys().get(key)
            existing = None if found is None else self.conn.execute(
                f"SELECT id, {columns} FROM activities WHERE id = ?", [found]
            ).fetchone()
        if existing is None:
            self.insert(row, fields)
            return "new", None
        changed = [f for f in fields if existing[f] != row.get(f)]
        if not changed:
            self.counts["unchanged"] += 1
            return "unchanged", None
        self.conn.execute(
            f"UPDATE activities SET {', '.join(f'{f} = ?' for f in changed)}, updated_at = ?"
            " WHERE id = ?",
            [*(row.get(f) for f in changed), self.now, existing["id"]],
        )
        audit.record(self.conn, "activity", existing["id"], "edit", changed)
        self.counts["updated"] += 1
        return "updated", None

    def insert(self, row: dict, fields: tuple[str, ...]) -> None:
        full = {**DEFAULTS, **{f: row.get(f) for f in fields},
                "external_id": row.get("external_id") or None, "active": 1,
                "created_at": self.now, "updated_at": self.now}
        cursor = self.conn.execute(
            f"INSERT INTO activities ({', '.join(full)}) VALUES ({', '.join('?' * len(full))})",
            list(full.values()),
        )
        self.new_ids.append(cursor.lastrowid)
        self.counts["new"] += 1
        if len(self.new_ids) >= AUDIT_CHUNK:
            self.flush()

    def flush(self) -> None:
        if self.new_ids:
            audit.record_many(self.conn, "activity", self.new_ids, "add",
                              [*IMPORT_FIELDS, "external_id"])
            self.new_ids = []


def natural_key(title: str, start_date: str | None, place: str | None) -> tuple:
    return ("natural", normalize(title), start_date or "", normalize(place or ""))
