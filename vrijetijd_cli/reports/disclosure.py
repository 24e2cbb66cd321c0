"""The public version of a report: small counts hidden so that nobody can be singled out.

Primary suppression hides every count of people below the small-cell threshold; a share beside a
hidden count goes too (docs/architecture.md, "The public version").
"""

from __future__ import annotations

import copy
from typing import Any

# Counts of people or of what people did: hidden below the small-cell threshold in --public.
MASKED_KEYS = frozenset({
    "participants", "new_participants", "took_part", "household_members", "living_in_municipality",
    "total", "referrals", "led_to_participation", "participations", "persons", "vouchers",
    "committed_vouchers",
    "open", "in_behandeling", "toegeleid", "afgesloten", "geweigerd",
})


def masked(value: Any, threshold: int) -> Any:
    """A count from 1 to threshold-1 becomes '< threshold'; zero reveals nobody and stays."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < threshold:
        return f"< {threshold}"
    return value


def mask_counts(data: Any, threshold: int) -> Any:
    """Hide small counts everywhere in a report; a share next to a hidden count goes too."""
    if isinstance(data, list):
        return [mask_counts(item, threshold) for item in data]
    if not isinstance(data, dict):
        return data
    result = {}
    hidden = False
    for key, value in data.items():
        if key in MASKED_KEYS and isinstance(value, int):
            result[key] = masked(value, threshold)
            hidden = hidden or result[key] != value
        else:
            result[key] = mask_counts(value, threshold)
    if hidden:
        for key in result:
            if key.endswith("_bp"):
                result[key] = None
    return result


def public_version(report: dict, threshold: int) -> dict:
    """The report for outside the network: small counts hidden, no free text of action items."""
    public = mask_counts(copy.deepcopy(report), threshold)
    for row in public["comparison"]["figures"]:
        if row["kind"] == "count":
            row["current"], row["previous"] = masked(row["current"], threshold), masked(row["previous"], threshold)
            if isinstance(row["current"], str) or isinstance(row["previous"], str):
                row["change"] = row["change_bp"] = None
    public["public"] = True
    public["meetings"]["open_actions"] = []
    return public
