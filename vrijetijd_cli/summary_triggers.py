"""The triggers that keep the report summaries (schema_summaries.py) exact on every write.

Each source table has a body per row: counted in (`add`) or taken out; an insert adds NEW, a
delete takes OLD out, an update that moves a row takes OLD out and adds NEW. Everyday updates
that change less (a referral's state, a status's end) have narrower triggers. The SQL is built
here once, when migration m002 creates the triggers; a landed migration's SQL never changes.
"""

from __future__ import annotations

FIRST_YEAR, LAST_YEAR = 1900, 2199


def year_of(column: str) -> str:
    return f"CAST(substr({column}, 1, 4) AS INTEGER)"


def _last_status_year(row: str) -> str:
    """The last year a status counts for: its end, or its suspension when earlier."""
    return f"MIN({year_of(row + '.valid_until')}, COALESCE({year_of(row + '.suspended_on')}, {LAST_YEAR}))"


def status_years(row: str) -> str:
    """The years a status overlaps, as a condition on calendar_years.year."""
    return f"calendar_years.year BETWEEN {year_of(row + '.valid_from')} AND {_last_status_year(row)}"


# the five sums of a participation, as kept in participation_sums and participation_month_sums
AMOUNTS = ("persons", "price_cents", "participant_paid_cents", "network_paid_cents")
_EMPTY_PERSON = "referrals = 0 AND vouchers = 0 AND statuses = 0 AND participations = 0"


def _person_add(column: str, year: str, pid: str) -> str:
    return (f"INSERT INTO person_years (year, participant_id, {column}) VALUES ({year}, {pid}, 1)"
            f" ON CONFLICT DO UPDATE SET {column} = {column} + 1;")


def _person_remove(column: str, year: str, pid: str) -> str:
    where = f"year = {year} AND participant_id = {pid}"
    return (f"UPDATE person_years SET {column} = {column} - 1 WHERE {where};"
            f" DELETE FROM person_years WHERE {where} AND {_EMPTY_PERSON};")


def _ground_add(year: str, pid: str, ground: str, source: str = "") -> str:
    return (f"INSERT INTO person_year_grounds (year, participant_id, ground_code, n)"
            f" SELECT {year}, {pid}, {ground}, 1 {source} WHERE {ground} IS NOT NULL"
            " ON CONFLICT DO UPDATE SET n = n + 1;")


def _ground_remove(year_condition: str, pid: str, ground: str) -> str:
    where = f"{year_condition} AND participant_id = {pid} AND ground_code = {ground}"
    return (f"UPDATE person_year_grounds SET n = n - 1 WHERE {where};"
            f" DELETE FROM person_year_grounds WHERE {where} AND n = 0;")


REFERRAL_KEYS = ("year", "partner_id", "month", "ground_code", "state")


def referral_key(row: str) -> tuple[str, ...]:
    return (year_of(f"{row}.date"), f"{row}.partner_id", f"CAST(substr({row}.date, 6, 2) AS INTEGER)",
            f"COALESCE({row}.ground_code, '')", f"{row}.state")


def _led(row: str) -> str:
    """1 when the person of the referral took part on or after its date."""
    return (f"COALESCE((SELECT date FROM person_last_participation WHERE participant_id = {row}.participant_id)"
            f" >= {row}.date, 0)")


def _referral_sums(row: str, add: bool) -> str:
    key = referral_key(row)
    if add:
        return (f"INSERT INTO referral_sums ({', '.join(REFERRAL_KEYS)}, referrals, led) VALUES ({', '.join(key)}, 1,"
                f" {_led(row)}) ON CONFLICT DO UPDATE SET referrals = referrals + 1, led = led + excluded.led;")
    where = " AND ".join(f"{c} = {v}" for c, v in zip(REFERRAL_KEYS, key, strict=True))
    return (f"UPDATE referral_sums SET referrals = referrals - 1, led = led - {_led(row)} WHERE {where};"
            f" DELETE FROM referral_sums WHERE {where} AND referrals = 0;")


def _referral(row: str, add: bool) -> str:
    year, pid, ground = year_of(f"{row}.date"), f"{row}.participant_id", f"{row}.ground_code"
    if add:
        return " ".join((_person_add("referrals", year, pid), _ground_add(year, pid, ground),
                         _referral_sums(row, True)))
    return " ".join((_person_remove("referrals", year, pid), _ground_remove(f"year = {year}", pid, ground),
                     _referral_sums(row, False)))


def _sync_last(pid: str) -> str:
    """The person's latest participation made true again after a participation came or went, and
    the referrals whose 'led to taking part' changed with it (those dated between the old and the
    new latest participation) moved in referral_sums."""
    now = f"COALESCE((SELECT MAX(date) FROM participations WHERE participant_id = {pid}), '')"
    was = f"COALESCE((SELECT date FROM person_last_participation WHERE participant_id = {pid}), '')"
    key = ", ".join(f"{v} AS {c}" for c, v in zip(REFERRAL_KEYS, referral_key("r"), strict=True))
    return (
        f"UPDATE referral_sums SET led = referral_sums.led + moved.n FROM ("
        f" SELECT {key}, SUM((span.now >= r.date) - (span.was >= r.date)) AS n"
        f" FROM referrals r, (SELECT {now} AS now, {was} AS was) AS span"
        f" WHERE r.participant_id = {pid} AND r.date > MIN(span.now, span.was) AND r.date <= MAX(span.now, span.was)"
        f" GROUP BY 1, 2, 3, 4, 5) AS moved WHERE "
        + " AND ".join(f"referral_sums.{c} = moved.{c}" for c in REFERRAL_KEYS) + ";"
        f" DELETE FROM person_last_participation WHERE participant_id = {pid};"
        f" INSERT INTO person_last_participation (participant_id, date) SELECT participant_id, MAX(date)"
        f" FROM participations WHERE participant_id = {pid} GROUP BY participant_id;")


def _voucher(row: str, add: bool) -> str:
    year, pid = year_of(f"{row}.issued_on"), f"{row}.participant_id"
    return _person_add("vouchers", year, pid) if add else _person_remove("vouchers", year, pid)


def _status_in_years(pid: str, ground: str, years: str, add: bool) -> str:
    """A status of `ground` counted in (or taken out of) the years that match `years`."""
    if add:
        return (f"INSERT INTO person_years (year, participant_id, statuses) SELECT year, {pid}, 1"
                f" FROM calendar_years WHERE {years} ON CONFLICT DO UPDATE SET statuses = statuses + 1;"
                f" INSERT INTO person_year_grounds (year, participant_id, ground_code, n)"
                f" SELECT year, {pid}, {ground}, 1 FROM calendar_years WHERE {years}"
                " ON CONFLICT DO UPDATE SET n = n + 1;")
    in_years = f"year IN (SELECT year FROM calendar_years WHERE {years})"
    return (f"UPDATE person_years SET statuses = statuses - 1 WHERE participant_id = {pid} AND {in_years};"
            f" DELETE FROM person_years WHERE participant_id = {pid} AND {in_years} AND {_EMPTY_PERSON}; "
            + _ground_remove(in_years, pid, ground))


def _status(row: str, add: bool) -> str:
    return _status_in_years(f"{row}.participant_id", f"{row}.ground_code", status_years(row), add)


def _status_end_moved() -> str:
    """Only the end or the suspension of a status changed: only the years between the old and
    the new last year change (an extension adds a year, a suspension in the same year nothing)."""
    first, was, now = year_of("NEW.valid_from"), _last_status_year("OLD"), _last_status_year("NEW")
    return " ".join((
        _status_in_years("NEW.participant_id", "NEW.ground_code",
                         f"calendar_years.year BETWEEN MAX({first}, {now} + 1) AND {was}", False),
        _status_in_years("NEW.participant_id", "NEW.ground_code",
                         f"calendar_years.year BETWEEN MAX({first}, {was} + 1) AND {now}", True),
    ))


def _sums_add(table: str, key_columns: tuple[str, ...], key_values: tuple[str, ...], row: str) -> str:
    columns = ", ".join((*key_columns, "participations", *AMOUNTS))
    values = ", ".join((*key_values, "1", *(f"{row}.{a}" for a in AMOUNTS)))
    updates = ", ".join(["participations = participations + 1"] + [f"{a} = {a} + excluded.{a}" for a in AMOUNTS])
    return f"INSERT INTO {table} ({columns}) VALUES ({values}) ON CONFLICT DO UPDATE SET {updates};"


def _sums_remove(table: str, key_columns: tuple[str, ...], key_values: tuple[str, ...], row: str) -> str:
    where = " AND ".join(f"{c} = {v}" for c, v in zip(key_columns, key_values, strict=True))
    updates = ", ".join(["participations = participations - 1"] + [f"{a} = {a} - {row}.{a}" for a in AMOUNTS])
    return (f"UPDATE {table} SET {updates} WHERE {where};"
            f" DELETE FROM {table} WHERE {where} AND participations = 0;")


SUM_KEYS = ("year", "activity_id", "paid_via", "funding_source", "budget_year")
_MONTH_KEYS = ("month", "budget_year")


def _participation(row: str, add: bool) -> str:
    year, pid = year_of(f"{row}.date"), f"{row}.participant_id"
    sum_values = (year, f"{row}.activity_id", f"{row}.paid_via", f"{row}.funding_source", f"{row}.budget_year")
    month_values = (f"substr({row}.date, 1, 7)", f"{row}.budget_year")
    domain = f"(SELECT domain FROM activities WHERE id = {row}.activity_id)"
    if add:
        return " ".join((
            _person_add("participations", year, pid),
            f"INSERT INTO person_year_domains (year, participant_id, domain, n) VALUES ({year}, {pid}, {domain}, 1)"
            " ON CONFLICT DO UPDATE SET n = n + 1;",
            _sync_last(pid),
            _sums_add("participation_sums", SUM_KEYS, sum_values, row),
            _sums_add("participation_month_sums", _MONTH_KEYS, month_values, row),
        ))
    where = f"year = {year} AND participant_id = {pid} AND domain = {domain}"
    return " ".join((
        _person_remove("participations", year, pid),
        f"UPDATE person_year_domains SET n = n - 1 WHERE {where};",
        f"DELETE FROM person_year_domains WHERE {where} AND n = 0;",
        _sync_last(pid),
        _sums_remove("participation_sums", SUM_KEYS, sum_values, row),
        _sums_remove("participation_month_sums", _MONTH_KEYS, month_values, row),
    ))


# table -> (its body for a row, the columns whose change moves a row between summaries)
_SOURCES = {
    "referrals": (_referral, ("participant_id", "date", "ground_code")),
    "vouchers": (_voucher, ("participant_id", "issued_on")),
    "statuses": (_status, ("participant_id", "ground_code", "valid_from")),
    "participations": (_participation, ("participant_id", "activity_id", "date", *AMOUNTS, "paid_via",
                                        "funding_source", "budget_year")),
}

# an activity moved to another domain moves its participants' domain counts with it
_ACTIVITY_DOMAIN = f"""
CREATE TRIGGER summary_activities_domain AFTER UPDATE OF domain ON activities
WHEN OLD.domain IS NOT NEW.domain BEGIN
    UPDATE person_year_domains SET n = person_year_domains.n - moved.n
    FROM (SELECT {year_of('date')} AS year, participant_id, COUNT(*) AS n FROM participations
          WHERE activity_id = NEW.id GROUP BY 1, 2) AS moved
    WHERE person_year_domains.year = moved.year AND person_year_domains.participant_id = moved.participant_id
      AND person_year_domains.domain = OLD.domain;
    DELETE FROM person_year_domains WHERE domain = OLD.domain AND n = 0
      AND (year, participant_id) IN (SELECT {year_of('date')}, participant_id FROM participations
                                     WHERE activity_id = NEW.id);
    INSERT INTO person_year_domains (year, participant_id, domain, n)
    SELECT {year_of('date')}, participant_id, NEW.domain, COUNT(*) FROM participations
    WHERE activity_id = NEW.id GROUP BY 1, 2
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
END"""


def _mask_triggers() -> list[str]:
    """A person's grounds and domains of a year also as bits of person_years (a bit per code from
    summary_bits, given on first use): rows of person_year_grounds and _domains exist while n > 0."""
    result = []
    for kind, table, column in (("ground", "person_year_grounds", "ground_code"),
                                ("domain", "person_year_domains", "domain")):
        def bit(row: str, kind=kind, column=column) -> str:
            return f"(1 << (SELECT bit FROM summary_bits WHERE kind = '{kind}' AND code = {row}.{column}))"

        def where(row: str) -> str:
            return f"year = {row}.year AND participant_id = {row}.participant_id"

        result += [
            f"CREATE TRIGGER summary_{kind}_mask_set AFTER INSERT ON {table} BEGIN"
            f" INSERT INTO summary_bits (kind, code, bit) SELECT '{kind}', NEW.{column},"
            f" (SELECT COUNT(*) FROM summary_bits WHERE kind = '{kind}')"
            f" WHERE NOT EXISTS (SELECT 1 FROM summary_bits WHERE kind = '{kind}' AND code = NEW.{column});"
            f" UPDATE person_years SET {kind}_mask = {kind}_mask | {bit('NEW')} WHERE {where('NEW')}; END",
            f"CREATE TRIGGER summary_{kind}_mask_clear AFTER DELETE ON {table} BEGIN"
            f" UPDATE person_years SET {kind}_mask = {kind}_mask & ~{bit('OLD')} WHERE {where('OLD')}; END",
        ]
    return result


def _changed(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)


# everyday updates that need less than taking the row out and putting it back: the state or
# partner of a referral (only referral_sums), the end or suspension of a status (only the years
# between the old and the new end); each fires only when the row did not move otherwise
_NARROW = {
    "referrals": (("partner_id", "state"), lambda: f"{_referral_sums('OLD', False)} {_referral_sums('NEW', True)}"),
    "statuses": (("valid_until", "suspended_on"), _status_end_moved),
}


def triggers() -> list[str]:
    """CREATE TRIGGER statements of every summary trigger."""
    result = _mask_triggers()
    for table, (body, columns) in _SOURCES.items():
        result += [
            f"CREATE TRIGGER summary_{table}_insert AFTER INSERT ON {table} BEGIN {body('NEW', True)} END",
            f"CREATE TRIGGER summary_{table}_delete AFTER DELETE ON {table} BEGIN {body('OLD', False)} END",
            f"CREATE TRIGGER summary_{table}_update AFTER UPDATE OF {', '.join(columns)} ON {table}"
            f" WHEN {_changed(columns)} BEGIN {body('OLD', False)} {body('NEW', True)} END",
        ]
    for table, (columns, body) in _NARROW.items():
        moved = _SOURCES[table][1]
        result.append(
            f"CREATE TRIGGER summary_{table}_update_{'_'.join(columns)} AFTER UPDATE OF {', '.join(columns)} ON {table}"
            f" WHEN NOT ({_changed(moved)}) AND ({_changed(columns)}) BEGIN {body()} END")
    return result + [_ACTIVITY_DOMAIN]
