"""Where a forgotten person's name can still be written: every free-text column of every table,
and the frozen reports of closed years (docs/architecture.md, "Privacy").

Which columns are free text is decided by what they are *not*: the columns below hold codes,
dates, keys, states or the names of the participants themselves, and everything else of type
TEXT is searched — so a table or column added later (signals, a new note) is searched too
without anyone having to remember it here.

`scan` finds, without changing anything, every full-name form to replace and every text where
the bare last name still stands (listed for review, never changed); `apply` writes the
replacements and reseals each frozen report it changed (new checksum, resealed_at and the
reason). The texts on the person's own rows are emptied by the erasure itself and skipped here.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator, Sequence

from vrijetijd_cli import clock
from vrijetijd_cli.services import audit
from vrijetijd_cli.services.name_forms import (
    FILE_PLACEHOLDER,
    PLACEHOLDER,
    Name,
    NameSet,
    last_name_excerpt,
    replace_bare,
    replace_full,
)

# text columns that are never free text: codes, keys, dates, states, and the names themselves
NOT_FREE = {
    "partners": {"name", "name_key", "kind"},
    "grounds": {"code", "label_nl", "label_en"},
    "participants": {"first_name", "last_name", "birth_date", "postcode", "phone", "email",
                     "first_key", "last_key", "match_key"},
    "statuses": {"ground_code"},
    "referrals": {"ground_code", "domain", "state"},
    "activities": {"domain", "postcode", "locality", "calendar_type", "source", "external_id"},
    "vouchers": {"code", "funding_source", "state"},
    "participations": {"paid_via", "funding_source"},
    "expenses": {"category", "funding_source"},
    "meetings": {"kind"},
    "meeting_attendance": {"presence"},
    "goals": {"code", "level"},
    "evaluations": {"state"},
    "imports": {"kind", "sha256", "os_user"},
    "audit_log": {"os_user", "command", "entity", "entity_id", "action", "fields"},
    "erasures": {"os_user"},
    "report_snapshots": {"closed_by", "checksum", "reopened_by", "document"},  # document: see _snapshots
    "signals": {"raised_by"},
}
# by name, in any table: dates and moments, codes and states
_STRUCTURED = re.compile(r"^(date|.*_(at|on|date|code|until|from)|valid_.*|state|kind|code|.*_key)$")
# texts that belong to one person, by the column naming that person; emptied by the erasure
TIED = {"participants": "id", "referrals": "participant_id", "statuses": "participant_id",
        "vouchers": "participant_id", "participations": "participant_id"}
# texts about one person that stay without them: what a forgotten person said in a signal is still
# the network's to know, with their bare first and last name replaced too (privacy.scrub then
# removes the link to them)
OWN = {"signals": "participant_id"}
FILE_NAMES = {("imports", "file_name")}


def columns(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(table, column) of every free-text column of this database."""
    found = []
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!'"
        " AND name NOT LIKE '!_%' ESCAPE '!' ORDER BY name")]
    for table in tables:
        for column in conn.execute(f'PRAGMA table_info("{table}")'):
            name, kind = column[1], (column[2] or "").upper()
            if "TEXT" not in kind or name in NOT_FREE.get(table, ()) or _STRUCTURED.match(name):
                continue
            found.append((table, name))
    return found


def _rows(conn: sqlite3.Connection, table: str, column: str,
          skip: Sequence[int]) -> Iterator[tuple[int, str, int | None]]:
    """(rowid, text, the person it is about when the table is in OWN) of the non-empty texts."""
    about = f'"{OWN[table]}"' if table in OWN else "NULL"
    sql = (f'SELECT rowid, "{column}", {about} FROM "{table}"'
           f' WHERE "{column}" IS NOT NULL AND "{column}" != \'\'')
    owner = TIED.get(table)
    if owner and skip:  # one parameter, however many people a purge forgets
        sql += f' AND "{owner}" NOT IN (SELECT value FROM json_each(?))'
        yield from conn.execute(sql, ["[" + ",".join(str(int(i)) for i in skip) + "]"])
    else:
        yield from conn.execute(sql)


def scan(conn: sqlite3.Connection, people: Sequence[dict]) -> dict:
    """What forgetting these people (dicts with id, first_name, last_name) changes in free text:
    {'replaced': [...], 'review': [...]} with table, column, row_id and count or excerpt."""
    by_id = {p["id"]: Name(p["first_name"], p["last_name"]) for p in people}
    names = NameSet(by_id.values())
    skip = [p["id"] for p in people]
    replaced, review = [], []
    for table, column in columns(conn):
        placeholder = FILE_PLACEHOLDER if (table, column) in FILE_NAMES else PLACEHOLDER
        for row_id, text, about in _rows(conn, table, column, skip):
            if not isinstance(text, str):
                continue
            new, count = replace_full(text, names, placeholder)
            if about in by_id:
                new, bare = replace_bare(new, by_id[about], placeholder)
                count += bare
            if count:
                replaced.append({"table": table, "column": column, "row_id": row_id, "count": count, "text": new})
            excerpt = last_name_excerpt(new, names)
            if excerpt is not None:
                review.append({"table": table, "column": column, "row_id": row_id, "excerpt": excerpt})
    for item in _snapshots(conn, names):
        if item["count"]:
            replaced.append({key: item[key] for key in ("table", "column", "row_id", "count", "text")})
        if item["excerpt"] is not None:
            review.append({key: item[key] for key in ("table", "column", "row_id", "excerpt")})
    return {"replaced": replaced, "review": review}


def _snapshots(conn: sqlite3.Connection, names: NameSet) -> list[dict]:
    """Frozen reports: the strings inside the stored JSON document (its keys too)."""
    found = []
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'report_snapshots'").fetchone():
        return found
    for row_id, text in conn.execute("SELECT id, document FROM report_snapshots ORDER BY id"):
        if replace_full(text, names)[1] == 0 and last_name_excerpt(text, names) is None:
            continue  # the raw JSON holds the names as written: nothing to look at inside
        counter = [0]
        document = _replaced_inside(json.loads(text), names, counter)
        from vrijetijd_cli.reports.closed import canonical

        new_text = canonical(document) if counter[0] else text
        excerpt = last_name_excerpt(new_text, names)
        if counter[0] or excerpt is not None:
            found.append({"table": "report_snapshots", "column": "document", "row_id": row_id,
                          "count": counter[0], "text": new_text, "excerpt": excerpt})
    return found


def _replaced_inside(value: object, names: NameSet, counter: list[int]) -> object:
    """Every string of a JSON value (keys too) with the full-name forms replaced; counts them."""
    if isinstance(value, str):
        new, count = replace_full(value, names)
        counter[0] += count
        return new
    if isinstance(value, list):
        return [_replaced_inside(v, names, counter) for v in value]
    if isinstance(value, dict):
        return {_replaced_inside(k, names, counter): _replaced_inside(v, names, counter) for k, v in value.items()}
    return value


def apply(conn: sqlite3.Connection, plan: dict, reason: str) -> None:
    """Write the replacements of `scan` in the caller's transaction; reseal changed reports."""
    from vrijetijd_cli.reports.closed import checksum

    for item in plan["replaced"]:
        table, column = item["table"], item["column"]
        if (table, column) == ("report_snapshots", "document"):
            conn.execute(
                "UPDATE report_snapshots SET document = ?, checksum = ?, resealed_at = ?, reseal_reason = ?"
                " WHERE id = ?", [item["text"], checksum(item["text"]), clock.now(), reason, item["row_id"]])
            audit.record(conn, "report_snapshot", item["row_id"], "reseal", ["document", "checksum", "reseal_reason"])
        else:
            conn.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = ?', [item["text"], item["row_id"]])
            audit.record(conn, _entity(table), item["row_id"], "forget", [column])


def _entity(table: str) -> str:
    """The audit entity of a table: its name in the singular, as the services write it."""
    special = {"meeting_minutes_versions": "meeting_minutes", "meeting_actions": "meeting_action",
               "activities": "activity", "statuses": "status", "report_snapshots": "report_snapshot"}
    if table in special:
        return special[table]
    return table[:-1] if table.endswith("s") else table
