"""One person with their statuses and referrals, as `participant show` shows them."""

from __future__ import annotations

import sqlite3
from datetime import date

from vrijetijd_cli.errors import NotFound
from vrijetijd_cli.services import merging, participants, referrals, statuses


def detail(conn: sqlite3.Connection, participant_id: int, today: date) -> dict:
    """The person with statuses and referrals; a merged-away id says where it went."""
    try:
        person = participants.get(conn, participant_id)
    except NotFound:
        raise merging.not_found(conn, participant_id) from None
    person["statuses"] = statuses.list_statuses(conn, today, participant_id=participant_id)
    person["referrals"] = referrals.list_referrals(conn, participant_id=participant_id)
    return person
