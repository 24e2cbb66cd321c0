"""The few lines `vrijetijd demo` prints about what it built."""

from __future__ import annotations

from pathlib import Path

from vrijetijd_cli.formats import number
from vrijetijd_cli.i18n import _, ngettext


def _counted(table: str, n: int) -> str:
    """'1.500 deelnemers': the number of rows of `table` with its noun."""
    nouns = {
        "participants": ngettext("{n} deelnemer", "{n} deelnemers", n),
        "statuses": ngettext("{n} statuut", "{n} statuten", n),
        "referrals": ngettext("{n} toeleiding", "{n} toeleidingen", n),
        "activities": ngettext("{n} activiteit", "{n} activiteiten", n),
        "participations": ngettext("{n} deelname", "{n} deelnames", n),
        "vouchers": ngettext("{n} waardebon", "{n} waardebonnen", n),
        "expenses": ngettext("{n} uitgave", "{n} uitgaven", n),
        "meetings": ngettext("{n} overlegmoment", "{n} overlegmomenten", n),
        "evaluations": ngettext("{n} evaluatie", "{n} evaluaties", n),
    }
    return nouns[table].format(n=number(n))


TABLES = ("participants", "statuses", "referrals", "activities", "participations", "vouchers", "expenses",
          "meetings", "evaluations")


def summary_lines(path: Path, counts: dict[str, int]) -> list[str]:
    parts = [_counted(table, counts[table]) for table in TABLES if counts.get(table)]
    return [_("Demodatabank {path} gebouwd:").format(path=path), "  " + ", ".join(parts) + "."]
