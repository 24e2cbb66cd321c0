"""A report's data laid out as a document: sections of facts, tables, charts and notes.

The layout (report_yearly.py, report_topics.py) decides what a reader sees and in which
words; the renderers (terminal, csv, md, html) only decide how. Values stay raw (ints, cents,
ISO dates) until a renderer formats them with `text`, so CSV gets Excel numbers and the
terminal gets '€ 1.234,50'. A hidden small count arrives as the string '< N' and passes as is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from vrijetijd_cli import formats as fmt
from vrijetijd_cli.i18n import N_, _, ngettext
from vrijetijd_cli.render.words import word

NUMERIC = ("int", "money", "percent", "auto", "signed", "tenths")

# the special keys of a breakdown (reports/__init__.py): no statuut, not known, the rest
GROUPS = {"none": N_("(zonder statuut)"), "unknown": N_("(onbekend)"), "other": N_("(andere)")}
MONTHS = {
    1: N_("jan"), 2: N_("feb"), 3: N_("mrt"), 4: N_("apr"), 5: N_("mei"), 6: N_("jun"),
    7: N_("jul"), 8: N_("aug"), 9: N_("sep"), 10: N_("okt"), 11: N_("nov"), 12: N_("dec"),
}
SEVERITIES = {"warning": N_("Let op"), "info": N_("Ter info")}

# reports/findings.py: a finding's code -> its sentence, {params} filled in by finding_text
FINDINGS = {
    "no_data": N_("Er zijn geen gegevens voor {year}."),
    "no_budget": N_("Er is geen budget vastgelegd voor {year} (zie 'vrijetijd budget set')."),
    "meetings_below_minimum": N_("Het netwerk kwam {held} keer samen ({planned} nog gepland); "
                                 "het minimum is {minimum}."),
    "no_poverty_voices": N_("Op geen van de {held} overlegmomenten waren ervaringsdeskundigen aanwezig."),
    "partner_often_absent": N_("{partner} was op {present} van de {held} overlegmomenten aanwezig "
                               "(drempel {threshold_bp})."),
    "budget_overspent": N_("Het budget is met {over_cents} overschreden (beschikbaar {available_cents})."),
    "budget_nearly_used": N_("{used_bp} van het budget is gebruikt (waarschuwing vanaf {warn_share_bp})."),
    "budget_underused": N_("Slechts {used_bp} van het budget werd gebruikt; {remaining_cents} bleef over."),
    "goals_not_evaluated": N_("Doelstellingen en acties zonder evaluatie ({goals}): {codes}."),
    "actions_overdue": N_("Acties van het overleg over hun deadline: {actions}."),
}
# the findings that count something: their sentence for that count (the parameter COUNTED_BY names)
COUNTED_FINDINGS = {
    "vouchers_past_validity": lambda n: ngettext(
        "Niet meer geldig maar nog niet als vervallen geboekt: {vouchers} waardebon, "
        "samen {value_cents} (zie 'vrijetijd voucher expire').",
        "Niet meer geldig maar nog niet als vervallen geboekt: {vouchers} waardebonnen, "
        "samen {value_cents} (zie 'vrijetijd voucher expire').", n),
    "vouchers_expired": lambda n: ngettext(
        "Vervallen zonder gebruikt te worden: {vouchers} waardebon, samen {value_cents}.",
        "Vervallen zonder gebruikt te worden: {vouchers} waardebonnen, samen {value_cents}.", n),
    "vouchers_unused": lambda n: ngettext(
        "Niet gebruikt binnen hun geldigheid: {vouchers} waardebon, samen {value_cents}.",
        "Niet gebruikt binnen hun geldigheid: {vouchers} waardebonnen, samen {value_cents}.", n),
    "statuses_ended": lambda n: ngettext(
        "Statuten die dit jaar afliepen zonder verlenging: {participants} deelnemer.",
        "Statuten die dit jaar afliepen zonder verlenging: {participants} deelnemers.", n),
    "statuses_expiring": lambda n: ngettext(
        "Statuten die binnen {days} dagen vervallen en nog niet verlengd zijn: {participants} deelnemer.",
        "Statuten die binnen {days} dagen vervallen en nog niet verlengd zijn: {participants} deelnemers.", n),
}
COUNTED_BY = {"vouchers_past_validity": "vouchers", "vouchers_expired": "vouchers", "vouchers_unused": "vouchers",
              "statuses_ended": "participants", "statuses_expiring": "participants"}


@dataclass(frozen=True)
class Col:
    key: str
    header: str
    kind: str = "text"  # text | int | money | percent | tenths | date | bool | auto (row['_kind']) | signed


@dataclass
class Facts:
    items: list[tuple[str, Any, str]]  # (label, value, kind)
    title: str | None = None


@dataclass
class Table:
    key: str
    title: str
    columns: list[Col]
    rows: list[dict]
    note: str | None = None


@dataclass
class Chart:
    kind: str  # columns (vertical bars) | bars (horizontal) | budget (against the available)
    title: str
    items: list[tuple]  # columns/bars: (label, value); budget: (label, available, spent, committed)
    unit: str = "int"  # int | money


@dataclass
class Notes:
    items: list[tuple[str, str]]  # (severity, text); severity 'plain' for a line without a mark
    empty: str = ""
    title: str | None = None


@dataclass
class Section:
    key: str
    title: str
    blocks: list = field(default_factory=list)


@dataclass
class Document:
    kind: str
    year: int
    title: str
    subtitle: str
    meta: list[str]
    sections: list[Section]
    slug: str


def text(value: Any, kind: str, for_csv: bool = False, row: dict | None = None) -> str:
    """One value as the reader sees it; CSV gets numbers Excel in Belgium reads as numbers."""
    if kind in ("auto", "signed") and row is not None:
        signed = kind == "signed"
        kind = row.get("_kind", "int")
        if signed and kind == "percent" and isinstance(value, int):
            # the change of a percentage is in percentage points, never a percentage
            return fmt.points_csv(value) if for_csv else fmt.points(value)
        if signed and not for_csv and isinstance(value, int) and value > 0:
            return "+" + text(value, kind, for_csv)
    if value is None:
        return ""
    if isinstance(value, str) and kind in NUMERIC:
        return value  # a hidden small count: '< 5'
    if kind == "int":
        return str(value) if for_csv else fmt.number(value)
    if kind == "money":
        return fmt.money_csv(value) if for_csv else fmt.money(value)
    if kind == "percent":
        return fmt.percent_csv(value) if for_csv else fmt.percent(value)
    if kind == "tenths":  # a number with one decimal kept in basis points: 2260 -> '22,6' (per 100)
        return (fmt.percent_csv(value) if for_csv else fmt.percent(value)).rstrip("%")
    if kind == "date":
        return fmt.day(value)
    if kind == "bool":
        return _("ja") if value else _("nee")
    result = str(value)
    if for_csv:
        from vrijetijd_cli.formats import neutralise

        return neutralise(result)
    return result


def group_name(row: dict) -> str:
    """The label of a breakdown row; the special keys none/unknown/other are worded here."""
    if row.get("label"):
        return str(row["label"])
    key = row.get("key")
    if key in GROUPS:
        return _(GROUPS[key])
    return str(key)


def month_name(month: int) -> str:
    return _(MONTHS[month])


def severity_name(severity: str) -> str:
    """'warning' -> 'Let op': the word before a finding ('plain' has none)."""
    return "" if severity == "plain" else word(SEVERITIES, severity)


def period_text(report: dict) -> str:
    period = report["period"]
    return f"{fmt.day(period['start'])} – {fmt.day(period['end'])}"


def header_meta(report: dict) -> list[str]:
    """Lines under the title: which version, when made or closed, running year, no data."""
    threshold = report["small_cell_threshold"]
    if report["public"]:
        lines = [_("Publieke versie — kleine aantallen verborgen.")]
    else:
        lines = [_("Intern — bevat kleine aantallen; geef buiten het netwerk de publieke versie (--public).")]
    closed = report.get("closed")
    if closed and "differences" not in report:
        lines.append(_("Afgesloten op {date} door {user}: het rapport zoals het werd overgemaakt.").format(
            date=fmt.day(closed["closed_at"]), user=closed["closed_by"]))
    elif closed:
        lines.append(_("Opnieuw berekend op {date} met de gegevens van vandaag; het jaar werd afgesloten op"
                       " {closed}. Wat verschilt, staat onder 'Verschillen met het afgesloten rapport'.").format(
            date=fmt.day(report["generated_on"]), closed=fmt.day(closed["closed_at"])))
    else:
        lines.append(_("Aangemaakt op {date}.").format(date=fmt.day(report["generated_on"])))
    if not report["period"]["complete"]:
        lines.append(_("Het jaar loopt nog: cijfers tot en met {date}.").format(
            date=fmt.day(report["period"]["as_of"])))
    if report["public"]:
        lines.append(_("'< {n}' staat voor 1 tot {last} personen; '×' is verborgen omdat een klein aantal er anders"
                       " uit af te leiden zou zijn. Het rapport bevat geen namen van personen.").format(
            n=threshold, last=threshold - 1))
    if report.get("municipality_note"):
        lines.append(_("Dit jaar werd afgesloten voordat het jaarrapport een deel per gemeente had: hier staat het"
                       " rapport zoals het werd overgemaakt. Met --current worden de cijfers per gemeente berekend met"
                       " de gegevens van vandaag."))
    if not report["has_data"]:
        lines.append(no_data_text(report["year"]))
    return lines


def no_data_text(year: int) -> str:
    """The line that says a year has no data (under the title, and on stderr)."""
    return _("Er zijn geen gegevens voor {year}; het rapport is leeg.").format(year=year)


def finding_text(finding: dict) -> str:
    """A finding in words: amounts, shares and lists in the reader's format."""
    params = finding["params"]
    values = {}
    for key, value in params.items():
        if key.endswith("_cents"):
            values[key] = text(value, "money")
        elif key.endswith("_bp"):
            values[key] = text(value, "percent")
        elif isinstance(value, list):
            values[key] = ", ".join(str(v) for v in value)
        elif key == "year":
            values[key] = str(value)  # a year never gets a thousands mark
        elif isinstance(value, int):
            values[key] = text(value, "int")
        else:
            values[key] = value
    code = finding["code"]
    if code in COUNTED_FINDINGS:
        return COUNTED_FINDINGS[code](_count(params[COUNTED_BY[code]])).format(**values)
    return _(FINDINGS[code]).format(**values)


def _count(value: Any) -> int:
    """The number a plural is chosen by; a hidden small count ('< 5') by its threshold."""
    if isinstance(value, int):
        return value
    digits = "".join(c for c in str(value) if c.isdigit())
    return int(digits) if digits else 0
