"""The few lines `vrijetijd demo` prints about what it built."""

from __future__ import annotations

from pathlib import Path

from vrijetijd_cli.formats import number

TABLES = (
    ("participants", "deelnemers", "participants"),
    ("statuses", "statuten", "statuses"),
    ("referrals", "toeleidingen", "referrals"),
    ("activities", "activiteiten", "activities"),
    ("participations", "deelnames", "participations"),
    ("vouchers", "waardebonnen", "vouchers"),
    ("expenses", "uitgaven", "expenses"),
    ("meetings", "overlegmomenten", "meetings"),
    ("evaluations", "evaluaties", "evaluations"),
)


def summary_lines(path: Path, counts: dict[str, int], lang: str) -> list[str]:
    parts = [
        f"{number(counts.get(table, 0), lang)} {en if lang == 'en' else nl}"
        for table, nl, en in TABLES
        if counts.get(table)
    ]
    head = f"Demo database {path} built:" if lang == "en" else f"Demodatabank {path} gebouwd:"
    return [head, "  " + ", ".join(parts) + "."]
