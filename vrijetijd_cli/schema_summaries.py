"""Migration m002: per-person, per-year summaries kept up to date by triggers (and a covering
index on vouchers for the budget figures).

The yearly report at Flanders scale cannot scan a year's raw participations, statuses and
referrals several times and stay under a few seconds. These tables hold what it needs, one
row per person and year (and per ground, domain, activity or month), and every insert, update
or delete of the raw rows adjusts them in the same transaction, through triggers: no write
path can forget them. A status counts for every year its validity overlaps, up to its
suspension, exactly as the report's own overlap rule (reports/reach.py).

Bulk writers (the demo generator) may drop the triggers and call `fill` once at the end,
inside their transaction (services/summaries.py). A landed migration is never edited: a later
change to these tables is a new migration.
"""

from __future__ import annotations

FIRST_YEAR, LAST_YEAR = 1900, 2199


def _year(column: str) -> str:
    return f"CAST(substr({column}, 1, 4) AS INTEGER)"


def _status_years(row: str) -> str:
    """The years a status overlaps, as a condition on calendar_years.year."""
    return (f"calendar_years.year BETWEEN {_year(row + '.valid_from')} AND MIN({_year(row + '.valid_until')},"
            f" COALESCE({_year(row + '.suspended_on')}, {LAST_YEAR}))")


TABLES = f"""
CREATE TABLE calendar_years (year INTEGER PRIMARY KEY);
CREATE TABLE person_years (
    year INTEGER NOT NULL,
    participant_id INTEGER NOT NULL,
    referrals INTEGER NOT NULL DEFAULT 0,
    vouchers INTEGER NOT NULL DEFAULT 0,
    statuses INTEGER NOT NULL DEFAULT 0,
    participations INTEGER NOT NULL DEFAULT 0,
    ground_mask INTEGER NOT NULL DEFAULT 0,
    domain_mask INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (year, participant_id)
) WITHOUT ROWID;
CREATE INDEX idx_person_years_participant ON person_years (participant_id, year);
CREATE TABLE person_year_grounds (
    year INTEGER NOT NULL,
    participant_id INTEGER NOT NULL,
    ground_code TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (year, participant_id, ground_code)
) WITHOUT ROWID;
CREATE TABLE person_year_domains (
    year INTEGER NOT NULL,
    participant_id INTEGER NOT NULL,
    domain TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (year, participant_id, domain)
) WITHOUT ROWID;
CREATE TABLE summary_bits (
    kind TEXT NOT NULL CHECK (kind IN ('ground', 'domain')),
    code TEXT NOT NULL,
    bit INTEGER NOT NULL CHECK (bit BETWEEN 0 AND 62),
    PRIMARY KEY (kind, code)
) WITHOUT ROWID;
CREATE TABLE person_last_participation (
    participant_id INTEGER PRIMARY KEY,
    date TEXT NOT NULL
);
CREATE TABLE referral_sums (
    year INTEGER NOT NULL,
    partner_id INTEGER NOT NULL,
    month INTEGER NOT NULL,
    ground_code TEXT NOT NULL,  -- '' for a referral without a ground
    state TEXT NOT NULL,
    referrals INTEGER NOT NULL,
    led INTEGER NOT NULL,  -- of those, the person took part on or after the referral date
    PRIMARY KEY (year, partner_id, month, ground_code, state)
) WITHOUT ROWID;
CREATE TABLE participation_sums (
    year INTEGER NOT NULL,
    activity_id INTEGER NOT NULL,
    paid_via TEXT NOT NULL,
    funding_source TEXT NOT NULL,
    budget_year INTEGER NOT NULL,
    participations INTEGER NOT NULL,
    persons INTEGER NOT NULL,
    price_cents INTEGER NOT NULL,
    participant_paid_cents INTEGER NOT NULL,
    network_paid_cents INTEGER NOT NULL,
    PRIMARY KEY (year, activity_id, paid_via, funding_source, budget_year)
) WITHOUT ROWID;
-- covering: the budget's spending per activity and source is read from the index alone
CREATE INDEX idx_participation_sums_budget_year ON participation_sums (budget_year, activity_id, funding_source,
    network_paid_cents);
CREATE TABLE participation_month_sums (
    month TEXT NOT NULL,
    budget_year INTEGER NOT NULL,
    participations INTEGER NOT NULL,
    persons INTEGER NOT NULL,
    price_cents INTEGER NOT NULL,
    participant_paid_cents INTEGER NOT NULL,
    network_paid_cents INTEGER NOT NULL,
    PRIMARY KEY (month, budget_year)
) WITHOUT ROWID;
-- the vouchers of a budget year per state, what is still committed, from the index alone
DROP INDEX idx_vouchers_year;
CREATE INDEX idx_vouchers_year_cover ON vouchers (budget_year, state, valid_until, funding_source, value_cents);
WITH RECURSIVE y(v) AS (SELECT {FIRST_YEAR} UNION ALL SELECT v + 1 FROM y WHERE v < {LAST_YEAR})
INSERT INTO calendar_years (year) SELECT v FROM y;
"""

# the five sums of a participation, as kept in participation_sums and participation_month_sums
_AMOUNTS = ("persons", "price_cents", "participant_paid_cents", "network_paid_cents")
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


_REFERRAL_KEYS = ("year", "partner_id", "month", "ground_code", "state")


def _referral_key(row: str) -> tuple[str, ...]:
    return (_year(f"{row}.date"), f"{row}.partner_id", f"CAST(substr({row}.date, 6, 2) AS INTEGER)",
            f"COALESCE({row}.ground_code, '')", f"{row}.state")


def _led(row: str) -> str:
    """1 when the person of the referral took part on or after its date."""
    return (f"COALESCE((SELECT date FROM person_last_participation WHERE participant_id = {row}.participant_id)"
            f" >= {row}.date, 0)")


def _referral(row: str, add: bool) -> str:
    year, pid, key = _year(f"{row}.date"), f"{row}.participant_id", _referral_key(row)
    if add:
        return " ".join((
            _person_add("referrals", year, pid), _ground_add(year, pid, f"{row}.ground_code"),
            f"INSERT INTO referral_sums ({', '.join(_REFERRAL_KEYS)}, referrals, led) VALUES ({', '.join(key)}, 1,"
            f" {_led(row)}) ON CONFLICT DO UPDATE SET referrals = referrals + 1, led = led + excluded.led;",
        ))
    where = " AND ".join(f"{c} = {v}" for c, v in zip(_REFERRAL_KEYS, key, strict=True))
    return " ".join((
        _person_remove("referrals", year, pid), _ground_remove(f"year = {year}", pid, f"{row}.ground_code"),
        f"UPDATE referral_sums SET referrals = referrals - 1, led = led - {_led(row)} WHERE {where};",
        f"DELETE FROM referral_sums WHERE {where} AND referrals = 0;",
    ))


def _sync_last(pid: str) -> str:
    """The person's latest participation made true again after a participation came or went, and
    the referrals whose 'led to taking part' changed with it (those dated between the old and the
    new latest participation) moved in referral_sums."""
    now = f"COALESCE((SELECT MAX(date) FROM participations WHERE participant_id = {pid}), '')"
    was = f"COALESCE((SELECT date FROM person_last_participation WHERE participant_id = {pid}), '')"
    key = ", ".join(f"{v} AS {c}" for c, v in zip(_REFERRAL_KEYS, _referral_key("r"), strict=True))
    return (
        f"UPDATE referral_sums SET led = referral_sums.led + moved.n FROM ("
        f" SELECT {key}, SUM((span.now >= r.date) - (span.was >= r.date)) AS n"
        f" FROM referrals r, (SELECT {now} AS now, {was} AS was) AS span"
        f" WHERE r.participant_id = {pid} AND r.date > MIN(span.now, span.was) AND r.date <= MAX(span.now, span.was)"
        f" GROUP BY 1, 2, 3, 4, 5) AS moved WHERE "
        + " AND ".join(f"referral_sums.{c} = moved.{c}" for c in _REFERRAL_KEYS) + ";"
        f" DELETE FROM person_last_participation WHERE participant_id = {pid};"
        f" INSERT INTO person_last_participation (participant_id, date) SELECT participant_id, MAX(date)"
        f" FROM participations WHERE participant_id = {pid} GROUP BY participant_id;")


def _voucher(row: str, add: bool) -> str:
    year, pid = _year(f"{row}.issued_on"), f"{row}.participant_id"
    return _person_add("vouchers", year, pid) if add else _person_remove("vouchers", year, pid)


def _status(row: str, add: bool) -> str:
    pid, ground, years = f"{row}.participant_id", f"{row}.ground_code", _status_years(row)
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


def _sums_add(table: str, key_columns: tuple[str, ...], key_values: tuple[str, ...], row: str) -> str:
    columns = ", ".join((*key_columns, "participations", *_AMOUNTS))
    values = ", ".join((*key_values, "1", *(f"{row}.{a}" for a in _AMOUNTS)))
    updates = ", ".join(["participations = participations + 1"] + [f"{a} = {a} + excluded.{a}" for a in _AMOUNTS])
    return f"INSERT INTO {table} ({columns}) VALUES ({values}) ON CONFLICT DO UPDATE SET {updates};"


def _sums_remove(table: str, key_columns: tuple[str, ...], key_values: tuple[str, ...], row: str) -> str:
    where = " AND ".join(f"{c} = {v}" for c, v in zip(key_columns, key_values, strict=True))
    updates = ", ".join(["participations = participations - 1"] + [f"{a} = {a} - {row}.{a}" for a in _AMOUNTS])
    return (f"UPDATE {table} SET {updates} WHERE {where};"
            f" DELETE FROM {table} WHERE {where} AND participations = 0;")


_SUM_KEYS = ("year", "activity_id", "paid_via", "funding_source", "budget_year")
_MONTH_KEYS = ("month", "budget_year")


def _participation(row: str, add: bool) -> str:
    year, pid = _year(f"{row}.date"), f"{row}.participant_id"
    sum_values = (year, f"{row}.activity_id", f"{row}.paid_via", f"{row}.funding_source", f"{row}.budget_year")
    month_values = (f"substr({row}.date, 1, 7)", f"{row}.budget_year")
    domain = f"(SELECT domain FROM activities WHERE id = {row}.activity_id)"
    if add:
        return " ".join((
            _person_add("participations", year, pid),
            f"INSERT INTO person_year_domains (year, participant_id, domain, n) VALUES ({year}, {pid}, {domain}, 1)"
            " ON CONFLICT DO UPDATE SET n = n + 1;",
            _sync_last(pid),
            _sums_add("participation_sums", _SUM_KEYS, sum_values, row),
            _sums_add("participation_month_sums", _MONTH_KEYS, month_values, row),
        ))
    where = f"year = {year} AND participant_id = {pid} AND domain = {domain}"
    return " ".join((
        _person_remove("participations", year, pid),
        f"UPDATE person_year_domains SET n = n - 1 WHERE {where};",
        f"DELETE FROM person_year_domains WHERE {where} AND n = 0;",
        _sync_last(pid),
        _sums_remove("participation_sums", _SUM_KEYS, sum_values, row),
        _sums_remove("participation_month_sums", _MONTH_KEYS, month_values, row),
    ))


# table -> (its body for a row, the columns whose change moves a row between summaries)
_SOURCES = {
    "referrals": (_referral, ("participant_id", "partner_id", "date", "ground_code", "state")),
    "vouchers": (_voucher, ("participant_id", "issued_on")),
    "statuses": (_status, ("participant_id", "ground_code", "valid_from", "valid_until", "suspended_on")),
    "participations": (_participation, ("participant_id", "activity_id", "date", *_AMOUNTS, "paid_via",
                                        "funding_source", "budget_year")),
}

# an activity moved to another domain moves its participants' domain counts with it
_ACTIVITY_DOMAIN = f"""
CREATE TRIGGER summary_activities_domain AFTER UPDATE OF domain ON activities
WHEN OLD.domain IS NOT NEW.domain BEGIN
    UPDATE person_year_domains SET n = person_year_domains.n - moved.n
    FROM (SELECT {_year('date')} AS year, participant_id, COUNT(*) AS n FROM participations
          WHERE activity_id = NEW.id GROUP BY 1, 2) AS moved
    WHERE person_year_domains.year = moved.year AND person_year_domains.participant_id = moved.participant_id
      AND person_year_domains.domain = OLD.domain;
    DELETE FROM person_year_domains WHERE domain = OLD.domain AND n = 0
      AND (year, participant_id) IN (SELECT {_year('date')}, participant_id FROM participations
                                     WHERE activity_id = NEW.id);
    INSERT INTO person_year_domains (year, participant_id, domain, n)
    SELECT {_year('date')}, participant_id, NEW.domain, COUNT(*) FROM participations
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
            f" INSERT OR IGNORE INTO summary_bits (kind, code, bit) SELECT '{kind}', NEW.{column}, COUNT(*)"
            f" FROM summary_bits WHERE kind = '{kind}';"
            f" UPDATE person_years SET {kind}_mask = {kind}_mask | {bit('NEW')} WHERE {where('NEW')}; END",
            f"CREATE TRIGGER summary_{kind}_mask_clear AFTER DELETE ON {table} BEGIN"
            f" UPDATE person_years SET {kind}_mask = {kind}_mask & ~{bit('OLD')} WHERE {where('OLD')}; END",
        ]
    return result


def triggers() -> list[str]:
    """CREATE TRIGGER statements of every summary trigger."""
    result = _mask_triggers()
    for table, (body, columns) in _SOURCES.items():
        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
        result += [
            f"CREATE TRIGGER summary_{table}_insert AFTER INSERT ON {table} BEGIN {body('NEW', True)} END",
            f"CREATE TRIGGER summary_{table}_delete AFTER DELETE ON {table} BEGIN {body('OLD', False)} END",
            f"CREATE TRIGGER summary_{table}_update AFTER UPDATE OF {', '.join(columns)} ON {table}"
            f" WHEN {changed} BEGIN {body('OLD', False)} {body('NEW', True)} END",
        ]
    return result + [_ACTIVITY_DOMAIN]


_STATUS_YEARS = _status_years("statuses")


def _mask(kind: str, table: str, column: str) -> str:
    return (f"COALESCE((SELECT SUM(1 << b.bit) FROM {table} t JOIN summary_bits b ON b.kind = '{kind}'"
            f" AND b.code = t.{column} WHERE t.year = c.year AND t.participant_id = c.participant_id), 0)")


# each summary computed from the raw rows at once, as a query, in an order that works: the
# masks of person_years come from the grounds and domains before them (and their bits)
FILL = {
    "person_year_grounds": f"""SELECT year, participant_id, ground_code, COUNT(*) FROM (
        SELECT {_year('date')} AS year, participant_id, ground_code FROM referrals WHERE ground_code IS NOT NULL
        UNION ALL SELECT calendar_years.year, participant_id, ground_code
            FROM statuses JOIN calendar_years ON {_STATUS_YEARS})
    GROUP BY year, participant_id, ground_code""",
    "person_year_domains": f"""SELECT {_year('x.date')}, x.participant_id, a.domain, COUNT(*)
    FROM participations x JOIN activities a ON a.id = x.activity_id GROUP BY 1, 2, 3""",
    "person_years": f"""SELECT c.year, c.participant_id, c.r, c.v, c.s, c.x,
        {_mask('ground', 'person_year_grounds', 'ground_code')}, {_mask('domain', 'person_year_domains', 'domain')}
    FROM (SELECT year, participant_id, SUM(r) AS r, SUM(v) AS v, SUM(s) AS s, SUM(x) AS x FROM (
        SELECT {_year('date')} AS year, participant_id, 1 AS r, 0 AS v, 0 AS s, 0 AS x FROM referrals
        UNION ALL SELECT {_year('issued_on')}, participant_id, 0, 1, 0, 0 FROM vouchers
        UNION ALL SELECT calendar_years.year, participant_id, 0, 0, 1, 0
            FROM statuses JOIN calendar_years ON {_STATUS_YEARS}
        UNION ALL SELECT {_year('date')}, participant_id, 0, 0, 0, 1 FROM participations)
    GROUP BY year, participant_id) c""",
    "person_last_participation": "SELECT participant_id, MAX(date) FROM participations GROUP BY participant_id",
    "referral_sums": f"""SELECT {', '.join(_referral_key('r'))}, COUNT(*), SUM(COALESCE(lp.date >= r.date, 0))
    FROM referrals r LEFT JOIN person_last_participation lp ON lp.participant_id = r.participant_id
    GROUP BY 1, 2, 3, 4, 5""",
    "participation_sums": f"""SELECT {_year('date')}, activity_id, paid_via, funding_source, budget_year, COUNT(*),
           {', '.join(f'SUM({a})' for a in _AMOUNTS)}
    FROM participations GROUP BY 1, 2, 3, 4, 5""",
    "participation_month_sums": f"""SELECT substr(date, 1, 7), budget_year, COUNT(*),
           {', '.join(f'SUM({a})' for a in _AMOUNTS)}
    FROM participations GROUP BY 1, 2""",
}
SUMMARY_TABLES = tuple(FILL)

# a bit for every ground and domain in the summaries that has none yet, after those it already has
ASSIGN_BITS = """INSERT INTO summary_bits (kind, code, bit)
    SELECT kind, code, (SELECT COUNT(*) FROM summary_bits b WHERE b.kind = n.kind)
                       + ROW_NUMBER() OVER (PARTITION BY kind ORDER BY code) - 1
    FROM (SELECT DISTINCT 'ground' AS kind, ground_code AS code FROM person_year_grounds
          UNION SELECT DISTINCT 'domain', domain FROM person_year_domains) n
    WHERE NOT EXISTS (SELECT 1 FROM summary_bits b WHERE b.kind = n.kind AND b.code = n.code)"""


def fill_statements() -> list[str]:
    """The summaries (emptied before) computed from the raw rows."""
    statements = []
    for table, query in FILL.items():
        statements.append(f"INSERT INTO {table} {query}")
        if table == "person_year_domains":
            statements.append(ASSIGN_BITS)
    return statements


def m002_report_summaries(db) -> None:
    for statement in TABLES.split(";"):
        if statement.strip():
            db.execute(statement)
    for statement in fill_statements() + triggers():
        db.execute(statement)
