"""One person with their statuses and referrals, as `participant show` shows them."""

from __future__ import annotations

import sqlite3
from datetime import date

from vrijetijd_cli.services import participants, referrals, statuses


def detail(conn: sqlite3.Connection, participant_id: int, today: date) -> dict:
    """The person with statuses and referrals."""
    person = participants.get(conn, participant_id)
    person["statuses"] = statuses.list_statuses(conn, today, participant_id=participant_id)
    person["referrals"] = referrals.list_referrals(conn, participant_id=participant_id)
    return person
