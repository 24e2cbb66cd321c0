"""Shares of whole numbers without floats: one rounding rule for every percentage shown."""

from __future__ import annotations


def share_bp(part: int | None, total: int | None) -> int | None:
    """part/total in basis points (1 bp = 0.01%), rounded half away from zero to a tenth of a
    percent (a multiple of 10 bp): the report shows one decimal, so the figure shown is exactly
    the figure kept, with no second rounding. None when there is no total."""
    if not total or part is None:
        return None
    negative = (part < 0) != (total < 0)
    tenths = (abs(part) * 2000 + abs(total)) // (2 * abs(total))
    return -tenths * 10 if negative else tenths * 10
