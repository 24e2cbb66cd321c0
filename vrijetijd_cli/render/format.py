"""Money, dates and numbers as a Flemish reader expects them (DESIGN §7)."""

from __future__ import annotations

from datetime import date


def money(cents: int | None, lang: str = "nl", symbol: bool = True) -> str:
    """1944800 -> '€ 19.448,00' (nl) or '€19,448.00' (en)."""
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(int(cents)), 100)
    grouped = f"{whole:,}"
    if lang == "en":
        text = f"{grouped}.{rest:02d}"
        return f"{sign}€{text}" if symbol else f"{sign}{text}"
    text = f"{grouped.replace(',', '.')},{rest:02d}"
    return f"{sign}€ {text}" if symbol else f"{sign}{text}"


def money_csv(cents: int | None) -> str:
    """Decimal comma, no grouping, no symbol: Excel in Belgium reads it as a number."""
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(int(cents)), 100)
    return f"{sign}{whole},{rest:02d}"


def day(value: str | date | None) -> str:
    """ISO date -> dd/mm/yyyy; empty for None."""
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return value.strftime("%d/%m/%Y")


def percent(basis_points: int | None, lang: str = "nl") -> str:
    """Basis points (1 bp = 0.01%) -> '87,5%'."""
    if basis_points is None:
        return ""
    whole, rest = divmod(int(basis_points), 100)
    text = f"{whole}" if rest == 0 else f"{whole}.{rest:02d}".rstrip("0")
    return (text if lang == "en" else text.replace(".", ",")) + "%"


def share_bp(part: int, total: int) -> int | None:
    """part/total in basis points, rounded half up, without floats."""
    if not total:
        return None
    return (part * 10000 * 2 + total) // (2 * total)


def number(value: int | None, lang: str = "nl") -> str:
    if value is None:
        return ""
    grouped = f"{int(value):,}"
    return grouped if lang == "en" else grouped.replace(",", ".")
