"""Migration m002: per-person, per-year summaries kept up to date by triggers (and a covering
index on vouchers for the budget figures).

The yearly report at Flanders scale cannot scan a year's raw participations, statuses and
referrals several times and stay under a few seconds. These tables hold what it needs, one
row per person and year (and per ground, domain, activity or month), and every insert, update
or delete of the raw rows adjusts them in the same transaction, through triggers: no write
path can forget them. A status counts for every year its validity overlaps, up to its
suspension, exactly as the report's own overlap rule (reports/reach.py).

Bulk writers (the demo generator) may drop the triggers and fill the tables once at the end,
inside their transaction (services/summaries.py). A landed migration is never edited: a later
change to these tables is a new migration.
"""

from __future__ import annotations

from vrijetijd_cli.summary_triggers import (
    AMOUNTS,
    FIRST_YEAR,
    LAST_YEAR,
    referral_key,
    status_years,
    triggers,
    year_of,
)

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

_STATUS_YEARS = status_years("statuses")


def _mask(kind: str, table: str, column: str) -> str:
    return (f"COALESCE((SELECT SUM(1 << b.bit) FROM {table} t JOIN summary_bits b ON b.kind = '{kind}'"
            f" AND b.code = t.{column} WHERE t.year = c.year AND t.participant_id = c.participant_id), 0)")


# each summary computed from the raw rows at once, as a query, in an order that works: the
# masks of person_years come from the grounds and domains before them (and their bits)
FILL = {
    "person_year_grounds": f"""SELECT year, participant_id, ground_code, COUNT(*) FROM (
        SELECT {year_of('date')} AS year, participant_id, ground_code FROM referrals WHERE ground_code IS NOT NULL
        UNION ALL SELECT calendar_years.year, participant_id, ground_code
            FROM statuses JOIN calendar_years ON {_STATUS_YEARS})
    GROUP BY year, participant_id, ground_code""",
    "person_year_domains": f"""SELECT {year_of('x.date')}, x.participant_id, a.domain, COUNT(*)
    FROM participations x JOIN activities a ON a.id = x.activity_id GROUP BY 1, 2, 3""",
    "person_years": f"""SELECT c.year, c.participant_id, c.r, c.v, c.s, c.x,
        {_mask('ground', 'person_year_grounds', 'ground_code')}, {_mask('domain', 'person_year_domains', 'domain')}
    FROM (SELECT year, participant_id, SUM(r) AS r, SUM(v) AS v, SUM(s) AS s, SUM(x) AS x FROM (
        SELECT {year_of('date')} AS year, participant_id, 1 AS r, 0 AS v, 0 AS s, 0 AS x FROM referrals
        UNION ALL SELECT {year_of('issued_on')}, participant_id, 0, 1, 0, 0 FROM vouchers
        UNION ALL SELECT calendar_years.year, participant_id, 0, 0, 1, 0
            FROM statuses JOIN calendar_years ON {_STATUS_YEARS}
        UNION ALL SELECT {year_of('date')}, participant_id, 0, 0, 0, 1 FROM participations)
    GROUP BY year, participant_id) c""",
    "person_last_participation": "SELECT participant_id, MAX(date) FROM participations GROUP BY participant_id",
    "referral_sums": f"""SELECT {', '.join(referral_key('r'))}, COUNT(*), SUM(COALESCE(lp.date >= r.date, 0))
    FROM referrals r LEFT JOIN person_last_participation lp ON lp.participant_id = r.participant_id
    GROUP BY 1, 2, 3, 4, 5""",
    "participation_sums": f"""SELECT {year_of('date')}, activity_id, paid_via, funding_source, budget_year, COUNT(*),
           {', '.join(f'SUM({a})' for a in AMOUNTS)}
    FROM participations GROUP BY 1, 2, 3, 4, 5""",
    "participation_month_sums": f"""SELECT substr(date, 1, 7), budget_year, COUNT(*),
           {', '.join(f'SUM({a})' for a in AMOUNTS)}
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
