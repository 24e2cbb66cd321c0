"""`activity import FILE.json`: UiTdatabank JSON-LD into the offer, and the plan and write every
activity import shares (activity_table.py, the pipeline's kind for CSV and Excel lists, uses them).

read (importers/uitdatabank.py) → typed activities → plan (`ActivityPlan`: new, updated,
unchanged, duplicate in the file, or a clash) → write in one transaction → summary. An import is
idempotent: activities are matched by external id (or, for list rows without one, by title,
start date and place). Nothing is written unless every activity is good.
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


MAX_JSON_BYTES = 256 << 20  # a UiTdatabank export of every event in Flanders is far smaller


def read_file(path: Path) -> bytes:
    """The bytes of a regular file of bounded size (never a device or a pipe)."""
    from vrijetijd_cli.importers.reader import open_regular, regular_file

    regular_file(path, MAX_JSON_BYTES)
    try:
        with open_regular(path) as handle:
            return handle.read(MAX_JSON_BYTES + 1)
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
    plan = ActivityPlan(conn)
    plan.counts["rows_read"] = len(parsed.activities)
    problems: list[str] = []
    for position, activity in enumerate(parsed.activities, 1):
        status, first = plan.add(complete(conn, config, activity), IMPORT_FIELDS, position)
        if status == "clash":
            problems.append(_clash(position, first, activity["external_id"]))
    if problems:
        count = len(problems)
        raise ImportRejected(
            ngettext("{name}: {count} probleem; er is niets ingelezen",
                     "{name}: {count} problemen; er is niets ingelezen", count).format(name=path.name, count=count),
            details=problems[:MAX_LISTED],
        )
    import_id = None
    if not dry_run:
        with atomic(conn):
            plan.write()
            import_id = record_import(conn, path.name, sha256, plan.counts)
    return summary(path.name, plan.counts, dry_run, import_id, previous, warnings=parsed.warnings)


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


def previous_import(conn: sqlite3.Connection, sha256: str, before: int | None = None) -> sqlite3.Row | None:
    """The latest import of the same file (before import `before`)."""
    return conn.execute(
        "SELECT id, imported_at FROM imports WHERE kind = ? AND sha256 = ? AND id < ?"
        " ORDER BY id DESC LIMIT 1",
        [KIND, sha256, before or 2**62],
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


class ActivityPlan:
    """What a list of activities will do to the offer, decided before anything is written: each row
    new, updated (with the fields that change), unchanged, a duplicate of an earlier row, or a clash
    (the same activity twice with other data)."""

    def __init__(self, conn: sqlite3.Connection, by_place: bool = True):
        self.conn = conn
        self.by_place = by_place  # a list without a place column matches on title and date
        self.counts = {"rows_read": 0, "new": 0, "updated": 0, "unchanged": 0, "duplicates_in_file": 0}
        self.seen: dict[tuple, tuple[int, tuple]] = {}
        self.changes: list[tuple[dict, tuple[str, ...], int | None, list[str]]] = []
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

    def add(self, row: dict, fields: tuple[str, ...], position: int) -> tuple[str, int | None]:
        """('new' | 'updated' | 'unchanged', None), or ('duplicate' | 'clash', first position)."""
        external_id = row.get("external_id")
        key = (("id", external_id) if external_id
               else natural_key(row["title"], row.get("start_date"), row.get("place") if self.by_place else ""))
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
            self.changes.append((row, fields, None, []))
            self.counts["new"] += 1
            return "new", None
        changed = [f for f in fields if existing[f] != row.get(f)]
        if not changed:
            self.counts["unchanged"] += 1
            return "unchanged", None
        self.changes.append((row, fields, existing["id"], changed))
        self.counts["updated"] += 1
        return "updated", None

    def write(self) -> list[int]:
        """Inside the caller's transaction: the new activities added, the changed ones updated."""
        conn, new_ids = self.conn, []
        for row, fields, activity_id, changed in self.changes:
            if activity_id is None:
                full = {**DEFAULTS, **{f: row.get(f) for f in fields},
                        "external_id": row.get("external_id") or None, "active": 1,
                        "created_at": self.now, "updated_at": self.now}
                cursor = conn.execute(
                    f"INSERT INTO activities ({', '.join(full)}) VALUES ({', '.join('?' * len(full))})",
                    list(full.values()),
                )
                new_ids.append(cursor.lastrowid)
            else:
                conn.execute(
                    f"UPDATE activities SET {', '.join(f'{f} = ?' for f in changed)}, updated_at = ?"
                    " WHERE id = ?",
                    [*(row.get(f) for f in changed), self.now, activity_id],
                )
                audit.record(conn, "activity", activity_id, "edit", changed)
        for start in range(0, len(new_ids), AUDIT_CHUNK):
            audit.record_many(conn, "activity", new_ids[start:start + AUDIT_CHUNK], "add",
                              [*IMPORT_FIELDS, "external_id"])
        return new_ids


def natural_key(title: str, start_date: str | None, place: str | None) -> tuple:
    return ("natural", normalize(title), start_date or "", normalize(place or ""))
