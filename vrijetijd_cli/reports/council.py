"""One council's report: `report yearly --municipality NAME`.

Made from the network's yearly report of the year — computed, or the document stored when the year
was closed — so it always matches that report's section of the municipality: its residents, its
partners and its budget, with the regional totals beside them. The public version is made from the
public yearly report: it shows only cells of that report (or shares of them), so the two together
reveal nothing either hides (reports/disclosure.py). A year closed before the reports had a section
per municipality shows the network's report as it was handed over, with a note.
"""

from __future__ import annotations

from vrijetijd_cli import region
from vrijetijd_cli.config import Config
from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.i18n import _
from vrijetijd_cli.reports import share_bp

# the figures of a municipality shown beside the region's: (key, kind)
FIGURES = (
    ("participants", "count"), ("new_participants", "count"), ("took_part", "count"),
    ("household_members", "count"), ("participations", "count"), ("persons", "count"),
    ("network_paid_cents", "money"), ("spent_on_residents_cents", "money"), ("available_cents", "money"),
    ("charged_cents", "money"), ("committed_cents", "money"), ("remaining_cents", "money"),
    ("referrals", "count"), ("led_to_participation", "count"), ("partners", "count"),
)
CLOSED_BEFORE = "closed_before_municipalities"


def resolve(config: Config, name: str) -> str | None:
    """The key of the municipality `name` (name or NIS code); unknown: an error listing the known
    ones. A local network has one, the network itself (None)."""
    try:
        return region.resolve(config.municipalities, name, region=False)
    except InvalidInput:
        raise InvalidInput(_("--municipality: gemeente {name!r} is onbekend; het netwerk kent {choices}").format(
            name=str(name).strip(), choices=region.known_names(config.municipalities))) from None


def report(yearly: dict, config: Config, name: str) -> dict:
    """The report of the municipality `name`, made from the network's yearly report `yearly`."""
    key = resolve(config, name)
    if key is None:
        return yearly  # a local network: the municipality is the network
    if "municipalities" not in yearly:
        return {**yearly, "municipality_note": CLOSED_BEFORE}
    row = next((r for r in yearly["municipalities"] if r["key"] == key), None)
    if row is None:  # closed with other municipalities than the config has now
        return {**yearly, "municipality_note": CLOSED_BEFORE}
    total = region.network_totals(yearly)
    figures = [{"key": figure, "kind": kind, "municipality": row[figure], "region": total[figure],
                "share_bp": _share(row[figure], total[figure])} for figure, kind in FIGURES]
    result = {
        "report": "municipality",
        **{k: yearly[k] for k in ("year", "period", "generated_on", "public", "small_cell_threshold", "has_data")},
        "network": {k: yearly["network"][k] for k in ("name", "municipality", "province", "contact",
                                                      "first_agreement_year", "agreement_year")},
        "municipality": row,
        "region": total,
        "figures": figures,
        "partners": partners(yearly, row),
    }
    for extra in ("closed", "disclosure"):
        if extra in yearly:
            result[extra] = yearly[extra]
    if "differences" in yearly:
        own = f"municipalities[{key}]"
        result["differences"] = [d for d in yearly["differences"] if d["path"].startswith(own)]
    return result


def partners(yearly: dict, row: dict) -> list[dict]:
    """The municipality's partners of the year: their referrals and their attendance."""
    referred = {r["key"]: r for r in yearly["referrals"]["by_partner"]}
    present = {r["partner_id"]: r for r in yearly["meetings"]["attendance"]}
    result = []
    for partner in yearly["network"]["partners"]:
        if partner["id"] not in row["partner_ids"]:
            continue
        referrals = referred.get(partner["id"], {})
        attendance = present.get(partner["id"], {})
        result.append({
            "partner_id": partner["id"], "name": partner["name"], "kind_label": partner["kind_label"],
            "referrals": referrals.get("referrals", 0),
            "led_to_participation": referrals.get("led_to_participation", 0),
            "led_to_participation_bp": referrals.get("led_to_participation_bp"),
            **{key: attendance.get(key, 0) for key in ("present", "excused", "absent", "not_recorded")},
            "attendance_bp": attendance.get("attendance_bp"),
        })
    return result


def _share(part: object, total: object) -> int | None:
    """A share of two shown figures; none when either is hidden in a public report or negative
    (what remains of an overspent budget)."""
    if not isinstance(part, int) or not isinstance(total, int) or isinstance(part, bool) or part < 0 or total < 0:
        return None
    return share_bp(part, total)
