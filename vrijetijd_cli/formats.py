"""How values are written: money, dates, numbers and shares as a Flemish reader expects them
(docs/architecture.md, "Output"). parse.py reads them; both sit below the services, which word
their messages with them.

How numbers are written (the grouping and decimal marks, where the euro sign goes) comes from
the message catalogue, so a language brings its own conventions with its translations.
"""

from __future__ import annotations

from datetime import date

from vrijetijd_cli.i18n import pgettext


def _marks() -> tuple[str, str]:
    """(thousands mark, decimal mark) of the user's language."""
    return pgettext("thousands separator", "."), pgettext("decimal separator", ",")


def _grouped(whole: int) -> str:
    return f"{whole:,}".replace(",", _marks()[0])


def money(cents: int | None, symbol: bool = True) -> str:
    """1944800 -> '€ 19.448,00' (nl) or '€19,448.00' (en)."""
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(int(cents)), 100)
    amount = f"{_grouped(whole)}{_marks()[1]}{rest:02d}"
    if symbol:
        amount = pgettext("money with the euro sign", "€ {amount}").format(amount=amount)
    return sign + amount


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


def _tenths(basis_points: int) -> tuple[str, int, int]:
    """(sign, whole, tenth) of a share in basis points, rounded half away from zero to 0.1%."""
    sign = "-" if basis_points < 0 else ""
    tenths = (abs(int(basis_points)) + 5) // 10
    if not tenths:
        sign = ""
    return sign, tenths // 10, tenths % 10


def percent(basis_points: int | None) -> str:
    """Basis points (1 bp = 0.01%) -> '87,5%', always one decimal: '90,0%', '-7,0%'."""
    if basis_points is None:
        return ""
    sign, whole, tenth = _tenths(basis_points)
    return f"{sign}{whole}{_marks()[1]}{tenth}%"


def percent_csv(basis_points: int | None) -> str:
    """A share for Excel in Belgium, whatever the language: '20,0%'."""
    if basis_points is None:
        return ""
    sign, whole, tenth = _tenths(basis_points)
    return f"{sign}{whole},{tenth}%"


def points(basis_points: int | None) -> str:
    """The change of a percentage, in percentage points: '+9,3 procentpunt' / '+9.3 pp'."""
    if basis_points is None:
        return ""
    sign, whole, tenth = _tenths(basis_points)
    sign = sign or ("+" if whole or tenth else "")
    return pgettext("percentage points", "{value} procentpunt").format(value=f"{sign}{whole}{_marks()[1]}{tenth}")


def points_csv(basis_points: int | None) -> str:
    """A change in percentage points for Excel in Belgium: a number with a decimal comma."""
    if basis_points is None:
        return ""
    sign, whole, tenth = _tenths(basis_points)
    return f"{sign}{whole},{tenth}"


def number(value: int | None) -> str:
    """A count with the thousands mark: 1.234 (nl). Years and ids: use str(), never this."""
    if value is None:
        return ""
    sign = "-" if value < 0 else ""
    return sign + _grouped(abs(int(value)))


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A CSV cell Excel would run as a formula gets a leading apostrophe (OWASP CSV injection)."""
    if text and text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text
