"""The cells and relations of the yearly report's shared cost (reports/shared_cost.py) in the year's
disclosure universe (reports/disclosure_cells.py, docs/architecture.md "The public version").

- The totals and the rows per domain show the participation section's people and money again (the
  same variables); what the organisers carried is a new amount, of the participations in which an
  organiser carried part (`shared_participations`, a count of people of its own) as much as of all.
- Each row per organiser is a group of participations of its own: its counts are counts of people,
  its amounts belong to them.
- Relations: in every row and in the totals, price = participant paid + organiser carried + network
  paid; the rows per domain and the rows per organiser each add up to the totals; the participations
  in which an organiser carried part add up over the domains and are the rows of the organisers
  that did.
- The organisers' share of the price is derived: hidden when either figure is.
A row whose amounts do not add up (a participation `db check` lists) gives a reader no equation:
the model notes it and uses none. disclosure_cells.build calls `add` (so this module does not
import it: no circle).
"""

from __future__ import annotations

from typing import Any

from vrijetijd_cli.reports.shared_cost import AMOUNTS, COUNTS, NONE, SHARED

PREFIX = "shared_cost"
# the amounts the participation section shows too (the organisers' part is new)
SHOWN_BEFORE = ("price_cents", "participant_paid_cents", "network_paid_cents")


def add(model: Any, report: dict) -> None:
    """The shared cost's cells and relations; nothing for a report without the section."""
    data = report.get(PREFIX)
    if data is None:
        return
    participation, reached = report["participation"], {r["key"] for r in report["reach"]["by_domain"]}
    for name in (*COUNTS, *SHOWN_BEFORE):
        model.same(f"{PREFIX}.{name}", f"participation.{name}", data[name])
    model.people(f"{PREFIX}.{SHARED}", data[SHARED])
    model.amount(f"{PREFIX}.organiser_carried_cents", data["organiser_carried_cents"],
                 tuple(f"participation.{c}" for c in COUNTS) + ("reach.took_part", f"{PREFIX}.{SHARED}"))
    _split(model, PREFIX, data)
    shown = {row["key"] for row in participation["by_domain"]}
    domains = []
    for key, row in _rows(data["by_domain"]):
        prefix = f"{PREFIX}.by_domain[{key}]"
        if key in shown:
            for name in (*COUNTS, *SHOWN_BEFORE):
                model.same(f"{prefix}.{name}", f"participation.by_domain[{key}].{name}", row[name])
            group = tuple(f"participation.by_domain[{key}].{c}" for c in COUNTS)
        else:
            for name in COUNTS:
                model.people(f"{prefix}.{name}", row[name])
            group = tuple(f"{prefix}.{c}" for c in COUNTS)
            for name in SHOWN_BEFORE:
                model.amount(f"{prefix}.{name}", row[name], group)
        people = (f"reach.by_domain[{key}].participants",) if key in reached else ()
        model.people(f"{prefix}.{SHARED}", row[SHARED])
        model.amount(f"{prefix}.organiser_carried_cents", row["organiser_carried_cents"],
                     group + people + (f"{prefix}.{SHARED}",))
        _split(model, prefix, row)
        domains.append(prefix)
    for name in ("organiser_carried_cents", SHARED):
        model.total(f"{PREFIX}.{name}", [f"{d}.{name}" for d in domains])
    organisers, carried = [], []
    for key, row in _rows(data["by_organiser"]):
        prefix = f"{PREFIX}.by_organiser[{key}]"
        for name in COUNTS:
            model.people(f"{prefix}.{name}", row[name])
        for name in AMOUNTS:
            model.amount(f"{prefix}.{name}", row[name], tuple(f"{prefix}.{c}" for c in COUNTS))
        _split(model, prefix, row)
        organisers.append(prefix)
        if key != NONE:
            carried.append(f"{prefix}.participations")
    for name in (*COUNTS, *AMOUNTS):
        model.total(f"{PREFIX}.{name}", [f"{o}.{name}" for o in organisers])
    model.total(f"{PREFIX}.{SHARED}", carried)


def _rows(listed: list[dict]) -> list[tuple[object, dict]]:
    """(name in a path, row): every row of the section has a key (as disclosure_cells.row_name)."""
    return [(row["key"], row) for row in listed]


def _split(model: Any, prefix: str, row: dict) -> None:
    """price = participant + organiser + network; the organisers' share derived from it."""
    model.total(f"{prefix}.price_cents", [f"{prefix}.participant_paid_cents", f"{prefix}.organiser_carried_cents",
                                          f"{prefix}.network_paid_cents"])
    model.derive(f"{prefix}.organiser_share_bp", f"{prefix}.price_cents", f"{prefix}.organiser_carried_cents")
