"""The schema, only ever changed by adding a migration (m001_initial, m002_…).

A landed migration is never edited. MIGRATION_NAMES lets the store see, without importing
sqlite-utils, whether anything is pending.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

SET_NAME = "vrijetijd"

INITIAL_SCHEMA = """
CREATE TABLE partners (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    contact TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    joined_on TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE grounds (
    code TEXT PRIMARY KEY,
    label_nl TEXT NOT NULL,
    label_en TEXT NOT NULL,
    validity_months INTEGER NOT NULL CHECK (validity_months >= 1)
);
CREATE TABLE participants (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    birth_date TEXT,
    birth_year INTEGER,
    postcode TEXT,
    household_size INTEGER NOT NULL DEFAULT 1 CHECK (household_size >= 1),
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    first_key TEXT NOT NULL,
    last_key TEXT NOT NULL,
    match_key TEXT,
    created_at TEXT NOT NULL,
    anonymized_at TEXT
);
CREATE INDEX idx_participants_match_key ON participants (match_key);
CREATE INDEX idx_participants_first_key ON participants (first_key, last_key);
CREATE INDEX idx_participants_birth_date ON participants (birth_date, match_key);
CREATE TABLE statuses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    ground_code TEXT NOT NULL REFERENCES grounds (code),
    valid_from TEXT NOT NULL,
    valid_until TEXT NOT NULL,
    checked_by_partner_id INTEGER REFERENCES partners (id),
    suspended_on TEXT,
    suspension_reason TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    CHECK (valid_from <= valid_until)
);
CREATE INDEX idx_statuses_participant ON statuses (participant_id, valid_until);
CREATE INDEX idx_statuses_ground_until ON statuses (ground_code, valid_until);
CREATE TABLE referrals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    partner_id INTEGER NOT NULL REFERENCES partners (id),
    date TEXT NOT NULL,
    ground_code TEXT REFERENCES grounds (code),
    domain TEXT,
    state TEXT NOT NULL DEFAULT 'open'
        CHECK (state IN ('open', 'in_behandeling', 'toegeleid', 'afgesloten', 'geweigerd')),
    note TEXT NOT NULL DEFAULT '',
    import_id INTEGER REFERENCES imports (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX idx_referrals_participant ON referrals (participant_id);
CREATE INDEX idx_referrals_partner_date ON referrals (partner_id, date);
CREATE TABLE activities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    domain TEXT NOT NULL,
    organiser_partner_id INTEGER REFERENCES partners (id),
    organiser_name TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    postcode TEXT,
    locality TEXT NOT NULL DEFAULT '',
    calendar_type TEXT NOT NULL DEFAULT 'permanent'
        CHECK (calendar_type IN ('single', 'multiple', 'periodic', 'permanent')),
    start_date TEXT,
    end_date TEXT,
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
    kansentarief_cents INTEGER NOT NULL CHECK (kansentarief_cents >= 0),
    capacity INTEGER CHECK (capacity IS NULL OR capacity >= 0),
    description TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT 'manual',
    external_id TEXT UNIQUE,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (kansentarief_cents <= price_cents),
    CHECK (start_date IS NULL OR end_date IS NULL OR start_date <= end_date)
);
CREATE INDEX idx_activities_domain ON activities (domain, active);
CREATE TABLE vouchers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    value_cents INTEGER NOT NULL CHECK (value_cents > 0),
    issued_on TEXT NOT NULL,
    valid_until TEXT NOT NULL,
    budget_year INTEGER NOT NULL,
    funding_source TEXT NOT NULL DEFAULT 'trekkingsrecht'
        CHECK (funding_source IN ('trekkingsrecht', 'cofinanciering', 'ander')),
    state TEXT NOT NULL DEFAULT 'issued'
        CHECK (state IN ('issued', 'redeemed', 'expired', 'cancelled')),
    redeemed_on TEXT,
    expired_on TEXT,
    cancelled_on TEXT,
    cancel_reason TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    CHECK (issued_on <= valid_until)
);
CREATE INDEX idx_vouchers_participant ON vouchers (participant_id);
CREATE INDEX idx_vouchers_state_until ON vouchers (state, valid_until);
CREATE INDEX idx_vouchers_year ON vouchers (budget_year, state);
CREATE TABLE participations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    activity_id INTEGER NOT NULL REFERENCES activities (id),
    date TEXT NOT NULL,
    persons INTEGER NOT NULL DEFAULT 1 CHECK (persons >= 1),
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
    participant_paid_cents INTEGER NOT NULL CHECK (participant_paid_cents >= 0),
    network_paid_cents INTEGER NOT NULL CHECK (network_paid_cents >= 0),
    paid_via TEXT NOT NULL CHECK (paid_via IN ('kansentarief', 'voucher', 'gratis')),
    voucher_id INTEGER UNIQUE REFERENCES vouchers (id),
    budget_year INTEGER NOT NULL,
    funding_source TEXT NOT NULL DEFAULT 'trekkingsrecht'
        CHECK (funding_source IN ('trekkingsrecht', 'cofinanciering', 'ander')),
    override_reason TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX idx_participations_participant ON participations (participant_id, date);
CREATE INDEX idx_participations_activity ON participations (activity_id);
CREATE INDEX idx_participations_date ON participations (date);
CREATE INDEX idx_participations_year ON participations (budget_year);
CREATE TABLE budgets (
    year INTEGER PRIMARY KEY,
    trekkingsrecht_cents INTEGER NOT NULL CHECK (trekkingsrecht_cents >= 0),
    cofinancing_cents INTEGER NOT NULL CHECK (cofinancing_cents >= 0),
    other_cents INTEGER NOT NULL CHECK (other_cents >= 0),
    updated_at TEXT NOT NULL
);
CREATE TABLE expenses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    year INTEGER NOT NULL,
    date TEXT NOT NULL,
    category TEXT NOT NULL
        CHECK (category IN ('communicatie', 'vervoer', 'materiaal', 'werking', 'andere')),
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    description TEXT NOT NULL DEFAULT '',
    funding_source TEXT NOT NULL DEFAULT 'trekkingsrecht'
        CHECK (funding_source IN ('trekkingsrecht', 'cofinanciering', 'ander')),
    created_at TEXT NOT NULL
);
CREATE INDEX idx_expenses_year ON expenses (year);
CREATE TABLE meetings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    date TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'overleg' CHECK (kind IN ('overleg', 'werkgroep', 'evaluatie')),
    place TEXT NOT NULL DEFAULT '',
    agenda TEXT NOT NULL DEFAULT '',
    minutes TEXT NOT NULL DEFAULT '',
    poverty_voices INTEGER NOT NULL DEFAULT 0 CHECK (poverty_voices >= 0),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX idx_meetings_date ON meetings (date);
CREATE TABLE meeting_minutes_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    minutes TEXT NOT NULL,
    replaced_at TEXT NOT NULL
);
CREATE TABLE meeting_attendance (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    partner_id INTEGER NOT NULL REFERENCES partners (id),
    presence TEXT NOT NULL CHECK (presence IN ('present', 'excused', 'absent')),
    PRIMARY KEY (meeting_id, partner_id)
);
CREATE INDEX idx_attendance_partner ON meeting_attendance (partner_id);
CREATE TABLE meeting_actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    text TEXT NOT NULL,
    owner_partner_id INTEGER REFERENCES partners (id),
    due_date TEXT,
    done_on TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE goals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    parent_id INTEGER REFERENCES goals (id),
    level TEXT NOT NULL CHECK (level IN ('strategic', 'operational', 'action')),
    title TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE TABLE evaluations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    goal_id INTEGER NOT NULL REFERENCES goals (id),
    year INTEGER NOT NULL,
    state TEXT NOT NULL
        CHECK (state IN ('niet_gestart', 'lopend', 'gerealiseerd', 'bijgestuurd', 'geschrapt')),
    comment TEXT NOT NULL DEFAULT '',
    evaluated_at TEXT NOT NULL,
    UNIQUE (goal_id, year)
);
CREATE TABLE imports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    partner_id INTEGER REFERENCES partners (id),
    rows_read INTEGER NOT NULL DEFAULT 0,
    new_count INTEGER NOT NULL DEFAULT 0,
    matched_count INTEGER NOT NULL DEFAULT 0,
    updated_count INTEGER NOT NULL DEFAULT 0,
    statuses_added INTEGER NOT NULL DEFAULT 0,
    referrals_added INTEGER NOT NULL DEFAULT 0,
    duplicates_in_file INTEGER NOT NULL DEFAULT 0,
    possible_duplicates INTEGER NOT NULL DEFAULT 0,
    rejected INTEGER NOT NULL DEFAULT 0,
    imported_at TEXT NOT NULL,
    os_user TEXT NOT NULL DEFAULT ''
);
CREATE INDEX idx_imports_sha ON imports (sha256, kind);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    os_user TEXT NOT NULL,
    command TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT,
    action TEXT NOT NULL,
    fields TEXT NOT NULL DEFAULT ''
);
CREATE INDEX idx_audit_entity ON audit_log (entity, entity_id);
CREATE INDEX idx_audit_at ON audit_log (at);
CREATE TABLE erasures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    participant_id INTEGER NOT NULL,
    erased_at TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    os_user TEXT NOT NULL DEFAULT ''
);
-- covering indexes of the reports: a year's figures are read from the index alone, in order
CREATE INDEX idx_statuses_span ON statuses (valid_until, valid_from, suspended_on, participant_id,
    ground_code);
CREATE INDEX idx_referrals_date_cover ON referrals (date, participant_id, partner_id, state, ground_code);
CREATE INDEX idx_vouchers_issued ON vouchers (issued_on, participant_id);
CREATE INDEX idx_participations_date_cover ON participations (date, activity_id, paid_via,
    participant_id, persons, price_cents, participant_paid_cents, network_paid_cents);
CREATE INDEX idx_participations_year_cover ON participations (budget_year, activity_id, funding_source,
    network_paid_cents);
CREATE INDEX idx_participations_participant_activity ON participations (participant_id, date, activity_id);
"""


def m001_initial(db) -> None:
    for statement in INITIAL_SCHEMA.split(";"):
        if statement.strip():
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
    text = Path(__file__).with_name("m002_report_summaries.sql").read_text(encoding="utf-8")
    for statement in _statements(text):
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


def m004_import_undo(db) -> None:
    """Participants and statuses carry the import that added them; an import can be undone."""
    for statement in M004_SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


MIGRATIONS = [m001_initial, m002_report_summaries, m003_plain_reports, m004_import_undo]
MIGRATION_NAMES = tuple(m.__name__ for m in MIGRATIONS)


def migration_set():
    """The sqlite-utils Migrations object; imported only when something must be applied."""
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(SET_NAME)
    for function in MIGRATIONS:
        migrations()(function)
    return migrations
