"""Today's date and the current timestamp, in one place so tests can fix them.

VRIJETIJD_TODAY=YYYY-MM-DD pins the date (tests, reproducible demos).
"""

from __future__ import annotations

import os
from datetime import date, datetime


def today() -> date:
    pinned = os.environ.get("VRIJETIJD_TODAY")
    return date.fromisoformat(pinned) if pinned else date.today()


def now() -> str:
    """Local timestamp, ISO with seconds."""
    pinned = os.environ.get("VRIJETIJD_TODAY")
    if pinned:
        return f"{pinned}T{datetime.now().strftime('%H:%M:%S')}"
    return datetime.now().isoformat(timespec="seconds")


def add_months(start: date, months: int) -> date:
    """Same day `months` later, clamped to the month's end (31/01 + 1 -> 28/02 or 29/02)."""
    import calendar

    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
