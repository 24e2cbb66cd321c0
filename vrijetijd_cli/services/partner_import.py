"""`import partners`: a list of partners (name, kind, contact): new names added, known ones updated
(docs/architecture.md, "The import pipeline"). The partners' part of the one pipeline
(services/imports.py); all or nothing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from vrijetijd_cli.config import Config
from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.i18n import _
from vrijetijd_cli.importers.columns import REQUIRED, Checked, Rule
from vrijetijd_cli.importers.fields import PARTNERS
from vrijetijd_cli.importers.rows import clean_cell
from vrijetijd_cli.parse import normalize
from vrijetijd_cli.services import partners
from vrijetijd_cli.services.import_run import ACCEPTED, DUPLICATE, Kind, Notify, ReadOptions, Run, RunOptions
from vrijetijd_cli.services.imports import run_import


class PartnerKind(Kind):
    fields = PARTNERS
    written = ("partners",)
    staged = (("name", "TEXT"), ("name_key", "TEXT"), ("kind", "TEXT"), ("contact", "TEXT"))
    planned = (("change", "TEXT"),)

    def __init__(self, config: Config):
        self.kinds: dict[str, str] = {}
        for code, labels in config.partner_kinds.items():
            for spelling in (code, *labels.values()):
                self.kinds.setdefault(normalize(spelling), code)
        self.choices = ", ".join(config.partner_kinds)

    def rules(self, run: Run) -> list[Rule]:
        def name(value: object, field: str) -> tuple[str, str]:
            text, error = clean_cell(value, field, 120)
            if error is not None:
                raise error
            if not normalize(text):
                raise InvalidInput(_("{field}: ontbreekt").format(field=field))
            return text, normalize(text)

        def kind(value: object, field: str) -> str:
            text, error = clean_cell(value, field, 120)
            if error is not None:
                raise error
            code = self.kinds.get(normalize(text))
            if code is None:
                raise InvalidInput(_("{field}: soort {value!r} is onbekend; kies uit {choices}").format(
                    field=field, value=text, choices=self.choices))
            return code

        def contact(value: object, field: str) -> str:
            text, error = clean_cell(value, field, 200)
            if error is not None:
                raise error
            return text

        return [Rule("name", name, REQUIRED), Rule("kind", kind), Rule("contact", contact, "")]

    def stage(self, run: Run, checked: Checked) -> list:
        values, n = checked.values, len(checked.lines)
        names = values["name"]
        # None: keep what is stored (a new partner gets 'andere' and no contact)
        return {"name": [v[0] for v in names], "name_key": [v[1] for v in names],
                "kind": values.get("kind", [None] * n), "contact": values.get("contact", [None] * n)}

    def after_reading(self, run: Run) -> None:
        first: dict[str, int] = {}
        repeated = []
        for seq, line, key, name in run.conn.execute("SELECT seq, line, name_key, name FROM temp.import_rows"):
            earlier = first.setdefault(key, line)
            if earlier != line:
                repeated.append(seq)
                run.listed(run.duplicates, {"line": line, "first_line": earlier, "name": name})
        run.counts["duplicates_in_file"] = len(repeated)
        run.mark(DUPLICATE, repeated)

    def plan(self, run: Run) -> None:
        run.begin_plan()
        conn, counts = run.conn, run.counts
        counts["new"] = counts["matched"] = counts["updated"] = 0
        changes = []
        for seq, key, kind, contact in conn.execute(
                "SELECT seq, name_key, kind, contact FROM temp.import_rows WHERE state = ? ORDER BY seq",
                [ACCEPTED]).fetchall():
            stored = conn.execute("SELECT kind, contact FROM partners WHERE name_key = ?", [key]).fetchone()
            if stored is None:
                counts["new"] += 1
                changes.append(("new", seq))
                continue
            counts["matched"] += 1
            wanted = (kind or stored["kind"], stored["contact"] if contact is None else contact)
            changes.append(("updated" if wanted != tuple(stored) else "unchanged", seq))
            counts["updated"] += wanted != tuple(stored)
        conn.executemany("UPDATE temp.import_rows SET change = ? WHERE seq = ?", changes)

    def write(self, run: Run) -> None:
        rows = []
        for name, key, kind, contact in run.conn.execute(
                "SELECT name, name_key, kind, contact FROM temp.import_rows WHERE state = ? AND change != 'unchanged'"
                " ORDER BY seq", [ACCEPTED]):
            stored = run.conn.execute("SELECT kind, contact FROM partners WHERE name_key = ?", [key]).fetchone()
            if stored is None:
                rows.append((name, kind or "andere", contact or ""))
            else:
                rows.append((name, kind or stored["kind"], stored["contact"] if contact is None else contact))
        partners.upsert_many(run.conn, rows)


def import_partners(conn: sqlite3.Connection, config: Config, path: Path, options: RunOptions = RunOptions(),
                    read: ReadOptions = ReadOptions(), notify: Notify | None = None) -> dict:
    """Partners by name (name, kind, contact): new ones added, known ones updated; all or nothing."""
    return run_import(conn, config, path, PartnerKind(config), read, options, notify=notify)
