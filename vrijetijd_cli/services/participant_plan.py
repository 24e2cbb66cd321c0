"""The plan of a participant list (services/participant_import.py; docs/architecture.md, "The import
pipeline"): what the file says about itself — rows that repeat an earlier one, rows that look like
an earlier one — and what it means against the people stored: matched, new, a look-alike of
someone stored, which statuses to add, the ids the new people get.

A mixin of `ParticipantKind`: it reads the kind's `lines`, `born`, `last`, `first` and `exact` (what
the reading kept) and its options (`accept`, `today`, `partner_id`).
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_left

from vrijetijd_cli.errors import Conflict
from vrijetijd_cli.i18n import _
from vrijetijd_cli.importers import lookalike
from vrijetijd_cli.importers.rows import RowError
from vrijetijd_cli.services import closing
from vrijetijd_cli.services.import_run import ACCEPTED, DUPLICATE, PLANNED_OUT, REJECTED, Run
from vrijetijd_cli.services.participant_writes import NEEDS_STATUS

IN_LIMIT = 500  # values per `IN (...)` look-up
WHY = {lookalike.TYPO: "typo", lookalike.SWAPPED: "swapped", lookalike.SAME: "same"}


class ParticipantPlan:
    # ---- what the file says about itself -----------------------------------------------------------

    def after_reading(self, run: Run) -> None:
        self.conn = run.conn
        found = lookalike.in_file(self.lines, self.born, self.last, self.first, self.exact)
        self.born = self.last = self.first = []  # no longer needed: free them
        self.exact = None
        if found.duplicates:
            run.counts["duplicates_in_file"] = len(found.duplicates)
            run.mark(DUPLICATE, map(self._seq, found.duplicates))
            people = self._people(list(found.duplicates)[:1000] + [found.duplicates[k] for k in
                                                                   list(found.duplicates)[:1000]])
            for line, first_line in sorted(found.duplicates.items()):
                person = people.get(line) or people.get(first_line) or {}
                run.listed(run.duplicates, {"line": line, "first_line": first_line, **_names(person)})
        if found.lookalikes:
            wanted = list(found.lookalikes)[:1000]
            people = self._people(wanted + [found.lookalikes[k][0] for k in wanted])
            rejected = []
            for line, (other, why) in sorted(found.lookalikes.items()):
                person, earlier = people.get(line, {}), people.get(other, {})
                other_name = _full_name(earlier)
                self._lookalike(run, line, person, why, other_name, other_line=other)
                if not self.accept:
                    rejected.append((line, [_lookalike_error(line, _("regel {line}").format(line=other), other_name,
                                                             why)]))
            if rejected:
                run.mark(REJECTED, (self._seq(line) for line, _errors in rejected))
                run.reject(rejected)
                run.lookalikes_rejected += len(rejected)

    def _seq(self, line: int) -> int:
        return bisect_left(self.lines, line) + 1

    def _people(self, lines: list[int]) -> dict[int, dict]:
        """The staged rows of these lines (found by their order, the table's key)."""
        found: dict[int, dict] = {}
        wanted = sorted(set(map(self._seq, lines)))
        for start in range(0, len(wanted), IN_LIMIT):
            part = wanted[start:start + IN_LIMIT]
            for row in self.conn.execute(
                    "SELECT line, first_name, last_name, birth_date, birth_year FROM temp.import_rows"
                    f" WHERE seq IN ({', '.join('?' * len(part))})", part):
                found[row[0]] = dict(row)
        return found

    def _lookalike(self, run: Run, line: int, person: dict, why: str, other_name: str,
                   other_line: int | None = None, other_id: int | None = None) -> None:
        run.counts["possible_duplicates"] += 1
        run.listed(run.possible, {
            "line": line, "participant_id": None, **_names(person), "reason": WHY[why],
            "other_participant_id": other_id, "other_line": other_line, "other_name": other_name,
            "rejected": not self.accept,
        })

    # ---- against the database ----------------------------------------------------------------------

    def plan(self, run: Run) -> None:
        again = run.begin_plan()
        conn = self.conn = run.conn
        if again:
            conn.execute("UPDATE temp.import_rows SET participant_id = NULL, new_rank = NULL")
        stored = conn.execute(
            "SELECT EXISTS (SELECT 1 FROM participants WHERE match_key IS NOT NULL)").fetchone()[0] == 1
        if stored:
            # the same name and birth date: the oldest such person (forgotten people have no key)
            conn.execute(
                "UPDATE temp.import_rows SET participant_id = (SELECT MIN(p.id) FROM participants p"
                " WHERE p.match_key = import_rows.last_key || '|' || import_rows.first_key || '|'"
                " || import_rows.birth_date)"
                " WHERE state = ? AND birth_date IS NOT NULL", [ACCEPTED])
            self._stored_lookalikes(run)
        counts = run.counts
        # one pass over the rows for every figure of the plan
        matched, new, first_day, needing, missing = conn.execute(
            "SELECT COUNT(participant_id), COUNT(*) - COUNT(participant_id), MIN(day),"
            f" SUM({NEEDS_STATUS}), GROUP_CONCAT(DISTINCT CASE WHEN ground_code IS NOT NULL"
            " AND ground_code NOT IN (SELECT code FROM grounds) THEN ground_code END)"
            " FROM temp.import_rows r WHERE state = ?", [ACCEPTED]).fetchone()
        if missing:
            raise Conflict(_("statuut {codes} staat in de config maar niet in de databank; voer eerst 'vrijetijd"
                             " init' uit").format(codes=missing.replace(",", ", ")))
        counts["matched"], counts["new"], counts["statuses_added"] = matched, new, needing or 0
        counts["referrals_added"] = matched + new
        if matched or run.staged_count > matched + new:  # rows in between that get no new id
            self._ranks(conn)
        if first_day:
            # referrals on their dates, statuses from then on: no closed year between then and now may change
            closing.refuse_closed(conn, closing.years_between(first_day, self.today), _("lijst inlezen"))

    def _ranks(self, conn: sqlite3.Connection) -> None:
        """The order of the new people among themselves: their ids follow it without a gap."""
        others = [seq for (seq,) in conn.execute(
            "SELECT seq FROM temp.import_rows WHERE state != ? OR participant_id IS NOT NULL ORDER BY seq",
            [ACCEPTED])]
        bounds = [0, *others, conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM temp.import_rows").fetchone()[0]]
        for shift in range(1, len(bounds) - 1):
            low, high = bounds[shift], bounds[shift + 1]
            if high > low + 1:
                conn.execute("UPDATE temp.import_rows SET new_rank = seq - ? WHERE seq > ? AND seq < ?",
                             [shift, low, high])

    def _stored_lookalikes(self, run: Run) -> None:
        """New people who look like someone stored (never someone added by this import), a year at a time."""
        conn = run.conn
        years = [y for (y,) in conn.execute(
            "SELECT DISTINCT birth_year FROM temp.import_rows WHERE state = ? AND participant_id IS NULL ORDER BY 1",
            [ACCEPTED])]
        rejected = []
        for year in years:
            new = conn.execute(
                "SELECT line, COALESCE(birth_date, birth_year), last_key, first_key, first_name, last_name,"
                " birth_date, birth_year FROM temp.import_rows WHERE state = ? AND participant_id IS NULL"
                " AND birth_year = ? ORDER BY line", [ACCEPTED, year]).fetchall()
            people = conn.execute(
                "SELECT id, COALESCE(birth_date, birth_year), last_key, first_key, first_name, last_name, birth_date"
                " FROM participants WHERE match_key IS NOT NULL AND ((birth_date >= ? AND birth_date < ?)"
                " OR (birth_date IS NULL AND birth_year = ?))",
                [f"{year}-01-01", f"{year + 1}-01-01", year]).fetchall()
            if not people:
                continue
            hits = lookalike.against_people([r[0] for r in new], [str(r[1]) for r in new], [r[2] for r in new],
                                            [r[3] for r in new], [p[0] for p in people], [str(p[1]) for p in people],
                                            [p[2] for p in people], [p[3] for p in people])
            if not hits:
                continue
            by_id = {p[0]: p for p in people}
            by_line = {r[0]: r for r in new}
            for line, (pid, why) in sorted(hits.items()):
                row, other = by_line[line], by_id[pid]
                other_name = f"{other[4]} {other[5]}"
                self._lookalike(run, line, {"first_name": row[4], "last_name": row[5], "birth_date": row[6],
                                            "birth_year": row[7]}, why, other_name, other_id=pid)
                if not self.accept:
                    rejected.append((line, [_lookalike_error(line, _("deelnemer {id}").format(id=pid), other_name,
                                                             why)]))
        if rejected:
            conn.executemany("UPDATE temp.import_rows SET state = ? WHERE line = ?",
                             [(PLANNED_OUT, line) for line, _errors in rejected])
            run.reject(rejected, planned=True)
            run.lookalikes_rejected += len(rejected)

    # ---- writing -----------------------------------------------------------------------------------

    def check_references(self, run: Run) -> None:
        """What the rows point to is there: the partner, the import, every matched person (the new
        people are written by the same transaction; the grounds were checked by the plan)."""
        conn = run.conn
        # the grounds were checked by the plan, made under this lock if anyone wrote since
        lost = conn.execute(
            "SELECT COUNT(*) FROM temp.import_rows WHERE state = ? AND participant_id IS NOT NULL"
            " AND participant_id NOT IN (SELECT id FROM participants)", [ACCEPTED]).fetchone()[0] \
            if run.counts["matched"] else 0
        partner = conn.execute("SELECT 1 FROM partners WHERE id = ?", [self.partner_id]).fetchone()
        if lost or partner is None or run.import_id is None:
            raise Conflict(_("de databank veranderde tijdens het inlezen; lees de lijst opnieuw in"))



def _names(person: dict) -> dict:
    born = person.get("birth_date") or (str(person["birth_year"]) if person.get("birth_year") else None)
    return {"first_name": person.get("first_name"), "last_name": person.get("last_name"), "birth_date": born}


def _full_name(person: dict) -> str:
    return f"{person.get('first_name', '')} {person.get('last_name', '')}".strip()


def _lookalike_error(line: int, other: str, name: str, why: str) -> RowError:
    reasons = {lookalike.TYPO: _("naam één of twee letters verschillend"),
               lookalike.SWAPPED: _("voor- en familienaam omgewisseld"),
               lookalike.SAME: _("zelfde naam, alleen het geboortejaar bekend")}
    return RowError(line, "", name, _("lijkt op {other} ({name}): {why}").format(other=other, name=name,
                                                                                 why=reasons[why]))


