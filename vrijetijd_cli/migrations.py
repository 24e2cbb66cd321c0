"""The schema, only ever changed by adding a migration (m001_initial, m002_…).

A landed migration is never edited. MIGRATION_NAMES lets the store see, without importing
sqlite-utils, whether anything is pending.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

SET_NAME = "vrijetijd"

def _sql_file(name: str) -> str:
    return Path(__file__).with_name(name).read_text(encoding="utf-8")


def m001_initial(db) -> None:
    """The tables of the first version (m001_initial.sql)."""
    for statement in _statements(_sql_file("m001_initial.sql")):
        db.execute(statement)


def _statements(text: str) -> list[str]:
    """The SQL statements of a script, whole (trigger bodies hold semicolons of their own)."""
    found, buffer = [], ""
    for line in text.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            found.append(buffer)
            buffer = ""
    return found


def m002_report_summaries(db) -> None:
    """Summaries kept by triggers, as the literal SQL this migration ran; m003 drops them."""
    for statement in _statements(_sql_file("m002_report_summaries.sql")):
        db.execute(statement)


M002_TRIGGERS = (
    "summary_ground_mask_set", "summary_ground_mask_clear", "summary_domain_mask_set", "summary_domain_mask_clear",
    "summary_referrals_insert", "summary_referrals_delete", "summary_referrals_update", "summary_vouchers_insert",
    "summary_vouchers_delete", "summary_vouchers_update", "summary_statuses_insert", "summary_statuses_delete",
    "summary_statuses_update", "summary_participations_insert", "summary_participations_delete",
    "summary_participations_update", "summary_referrals_update_partner_id_state",
    "summary_statuses_update_valid_until_suspended_on", "summary_activities_domain",
)
M002_TABLES = (
    "calendar_years", "person_years", "person_year_grounds", "person_year_domains", "summary_bits",
    "person_last_participation", "referral_sums", "participation_sums", "participation_month_sums",
)
M003_SCHEMA = """
-- a closed year: the report as it was handed over (JSON), who closed it, and its reopening
CREATE TABLE report_snapshots (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    year INTEGER NOT NULL,
    closed_at TEXT NOT NULL,
    closed_by TEXT NOT NULL,
    document TEXT NOT NULL,
    checksum TEXT NOT NULL,
    resealed_at TEXT,
    reseal_reason TEXT NOT NULL DEFAULT '',
    reopened_at TEXT,
    reopened_by TEXT NOT NULL DEFAULT '',
    reopen_reason TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX idx_report_snapshots_closed ON report_snapshots (year) WHERE reopened_at IS NULL;
-- the reports read each person's earlier rows to tell who is new: by person, then date
DROP INDEX idx_referrals_participant;
CREATE INDEX idx_referrals_participant ON referrals (participant_id, date);
DROP INDEX idx_vouchers_participant;
CREATE INDEX idx_vouchers_participant ON vouchers (participant_id, issued_on);
CREATE INDEX idx_statuses_participant_from ON statuses (participant_id, valid_from, suspended_on);
-- the few suspended statuses, for the statuses that ended in a year
CREATE INDEX idx_statuses_suspended ON statuses (suspended_on) WHERE suspended_on IS NOT NULL
"""


def m003_plain_reports(db) -> None:
    """The reports compute every figure from the raw tables: the summaries and their triggers go;
    closed years keep their report in report_snapshots."""
    for name in M002_TRIGGERS:
        db.execute(f"DROP TRIGGER IF EXISTS {name}")
    for name in M002_TABLES:
        db.execute(f"DROP TABLE IF EXISTS {name}")
    for statement in M003_SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


M004_SCHEMA = """
-- the two overrides of a participation, each only what it says (the old override_reason stays
-- as it was written: it cannot be told which rule it lifted)
ALTER TABLE participations ADD COLUMN over_cap_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE participations ADD COLUMN without_status_reason TEXT NOT NULL DEFAULT '';
-- a replacement voucher points at the voucher it replaces (which stays spent), released_on is the
-- day a redeemed voucher's participation was deleted or no longer paid by it
ALTER TABLE vouchers ADD COLUMN replaces_id INTEGER REFERENCES vouchers (id);
ALTER TABLE vouchers ADD COLUMN replacement_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE vouchers ADD COLUMN released_on TEXT;
CREATE UNIQUE INDEX idx_vouchers_replaces ON vouchers (replaces_id) WHERE replaces_id IS NOT NULL;
-- the ids of people merged into another record, so the old id still says where it went
CREATE TABLE merged_participants (
    id INTEGER PRIMARY KEY,
    merged_into INTEGER NOT NULL REFERENCES participants (id),
    merged_at TEXT NOT NULL,
    merged_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX idx_merged_participants_into ON merged_participants (merged_into);
-- the few participations with an override, for the yearly report's count of them
CREATE INDEX idx_participations_overrides ON participations (date)
    WHERE over_cap_reason != '' OR without_status_reason != '' OR override_reason != ''
"""


def m004_corrections(db) -> None:
    """Corrections: the overrides split in two, replacement vouchers, merged participants."""
    for statement in M004_SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


M005_SCHEMA = """
-- thresholds and suggestions raised by the target group, a partner or a meeting, and what was done
CREATE TABLE signals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    date TEXT NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    raised_by TEXT NOT NULL CHECK (raised_by IN ('participant', 'partner', 'meeting', 'other')),
    participant_id INTEGER REFERENCES participants (id),
    partner_id INTEGER REFERENCES partners (id),
    meeting_id INTEGER REFERENCES meetings (id),
    activity_id INTEGER REFERENCES activities (id),
    organiser_partner_id INTEGER REFERENCES partners (id),
    organiser_name TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'open'
        CHECK (state IN ('open', 'in_behandeling', 'opgelost', 'niet_haalbaar')),
    action TEXT NOT NULL DEFAULT '',
    solved_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX idx_signals_date ON signals (date);
CREATE INDEX idx_signals_participant ON signals (participant_id) WHERE participant_id IS NOT NULL
"""


def m005_signals(db) -> None:
    """Signals: the thresholds the target group meets and what was done about them."""
    for statement in M005_SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


def m006_registration_basis(db) -> None:
    """Per person, as recorded at registration (GDPR art. 13): the legal basis of the processing and
    how the person was informed; people registered before have neither ('')."""
    db.execute("ALTER TABLE participants ADD COLUMN legal_basis TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE participants ADD COLUMN informed TEXT NOT NULL DEFAULT ''")


M007_SCHEMA = """
-- regional networks: a partner belongs to a municipality (its key, the NIS code) or to the region
-- (NULL), and a voucher or an expense is charged to a municipality's budget or to the region's (NULL)
ALTER TABLE partners ADD COLUMN municipality TEXT;
ALTER TABLE vouchers ADD COLUMN municipality TEXT;
ALTER TABLE expenses ADD COLUMN municipality TEXT;
-- a budget per year, municipality and source, where '' is the network's own (the one of a local network,
-- the region's in a regional one): the network's budget is the sum of a year's rows
CREATE TABLE budgets_by_municipality (
    year INTEGER NOT NULL,
    municipality TEXT NOT NULL DEFAULT '',
    trekkingsrecht_cents INTEGER NOT NULL CHECK (trekkingsrecht_cents >= 0),
    cofinancing_cents INTEGER NOT NULL CHECK (cofinancing_cents >= 0),
    other_cents INTEGER NOT NULL CHECK (other_cents >= 0),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (year, municipality)
);
INSERT INTO budgets_by_municipality (year, municipality, trekkingsrecht_cents, cofinancing_cents, other_cents,
                                     updated_at)
    SELECT year, '', trekkingsrecht_cents, cofinancing_cents, other_cents, updated_at FROM budgets;
DROP TABLE budgets;
ALTER TABLE budgets_by_municipality RENAME TO budgets
"""


def m007_municipalities(db) -> None:
    """Regional networks: partners, vouchers and expenses of a municipality; budgets per municipality."""
    for statement in M007_SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


M008_SCHEMA = """
-- shared cost (solidaire kostendeling): the share of the full price an organiser carries, in basis
-- points with one decimal of a percent (NULL on an activity: it follows its organiser partner's share)
ALTER TABLE activities ADD COLUMN organiser_share_bp INTEGER
    CHECK (organiser_share_bp IS NULL OR (organiser_share_bp BETWEEN 0 AND 10000 AND organiser_share_bp % 10 = 0));
ALTER TABLE partners ADD COLUMN organiser_share_bp INTEGER
    CHECK (organiser_share_bp IS NULL OR (organiser_share_bp BETWEEN 0 AND 10000 AND organiser_share_bp % 10 = 0));
-- what the organiser carried of a participation's price: participant + organiser + network = price
ALTER TABLE participations ADD COLUMN organiser_carried_cents INTEGER NOT NULL DEFAULT 0
    CHECK (organiser_carried_cents >= 0);
-- the rows of before: where participant and network paid less than the price (a free entry recorded
-- with its price, a row written by hand), nobody but the organiser carried the rest (rows that paid
-- more than the price cannot add up and stay for `db check`: docs/architecture.md, "Shared cost")
UPDATE participations SET organiser_carried_cents = price_cents - participant_paid_cents - network_paid_cents
    WHERE participant_paid_cents >= 0 AND network_paid_cents >= 0
      AND price_cents > participant_paid_cents + network_paid_cents
"""


def m008_shared_cost(db) -> None:
    """Shared cost: an organiser share on activities and partners, what the organiser carried of
    each participation (backfilled so that the four amounts add up)."""
    for statement in M008_SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


M009_SCHEMA = """
-- what an import added, so that `import undo` can take it away again (an undone import stays listed)
ALTER TABLE participants ADD COLUMN import_id INTEGER REFERENCES imports (id);
ALTER TABLE statuses ADD COLUMN import_id INTEGER REFERENCES imports (id);
ALTER TABLE imports ADD COLUMN undone_at TEXT;
ALTER TABLE imports ADD COLUMN undone_by TEXT NOT NULL DEFAULT '';
CREATE INDEX idx_participants_import ON participants (import_id) WHERE import_id IS NOT NULL;
CREATE INDEX idx_statuses_import ON statuses (import_id) WHERE import_id IS NOT NULL;
CREATE INDEX idx_referrals_import ON referrals (import_id) WHERE import_id IS NOT NULL;
-- people known by their birth year only, for the look-alike rule
CREATE INDEX idx_participants_year_only ON participants (birth_year, match_key)
    WHERE birth_date IS NULL AND match_key IS NOT NULL
"""


def m009_import_undo(db) -> None:
    """Participants and statuses carry the import that added them; an import can be undone."""
    for statement in M009_SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


M010_SCHEMA = """
-- the yearly report sums a year's participations from one index alone: with what the organiser
-- carried (m008) in it too, the year is read in date order without a lookup of each row
DROP INDEX idx_participations_date_cover;
CREATE INDEX idx_participations_date_cover ON participations (date, activity_id, paid_via, participant_id, persons,
    price_cents, participant_paid_cents, organiser_carried_cents, network_paid_cents);
-- each is the first columns of a wider index (date_cover, participant_activity): one less to write
DROP INDEX idx_participations_date;
DROP INDEX idx_participations_participant
"""


def m010_report_indexes(db) -> None:
    """The year's participations covered again (with what the organiser carried); two indexes that
    wider ones already hold go."""
    for statement in M010_SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


MIGRATIONS = [m001_initial, m002_report_summaries, m003_plain_reports, m004_corrections, m005_signals,
              m006_registration_basis, m007_municipalities, m008_shared_cost, m009_import_undo, m010_report_indexes]
MIGRATION_NAMES = tuple(m.__name__ for m in MIGRATIONS)


def migration_set():
    """The sqlite-utils Migrations object; imported only when something must be applied."""
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(SET_NAME)
    for function in MIGRATIONS:
        migrations()(function)
    return migrations
