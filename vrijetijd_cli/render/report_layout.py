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
from vrijetijd_cli.render.i18n import label

NUMERIC = ("int", "money", "percent", "auto", "signed")


@dataclass(frozen=True)
class Col:
    key: str
    header: str
    kind: str = "text"  # text | int | money | percent | date | bool | auto (row['_kind']) | signed


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
    items: list[tuple[str, str]]  # (severity, text)
    empty: str = ""


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
    lang: str
    slug: str


def t(key: str, lang: str, **values: Any) -> str:
    """A report label, with its {placeholders} filled in."""
    text = label(f"report.{key}", lang)
    return text.format(**values) if values else text


def text(value: Any, kind: str, lang: str, for_csv: bool = False, row: dict | None = None) -> str:
    """One value as the reader sees it; CSV gets numbers Excel in Belgium reads as numbers."""
    if kind in ("auto", "signed") and row is not None:
        signed = kind == "signed"
        kind = row.get("_kind", "int")
        if signed and not for_csv and isinstance(value, int) and value > 0:
            return "+" + text(value, kind, lang, for_csv)
    if value is None:
        return ""
    if isinstance(value, str) and kind in NUMERIC:
        return value  # a hidden small count: '< 5'
    if kind == "int":
        return str(value) if for_csv else fmt.number(value, lang)
    if kind == "money":
        return fmt.money_csv(value) if for_csv else fmt.money(value, lang)
    if kind == "percent":
        return fmt.percent(value, lang)
    if kind == "date":
        return fmt.day(value)
    if kind == "bool":
        return label("common.yes" if value else "common.no", lang)
    result = str(value)
    if for_csv:
        from vrijetijd_cli.formats import neutralise

        return neutralise(result)
    return result


def group_label(row: dict, lang: str) -> str:
    """The label of a breakdown row; the special keys none/unknown/other are worded here."""
    if row.get("label"):
        return str(row["label"])
    key = row.get("key")
    if key in ("none", "unknown", "other"):
        return t(f"group.{key}", lang)
    return str(key)


def month_name(month: int, lang: str) -> str:
    return t(f"month.{month}", lang)


def period_text(report: dict, lang: str) -> str:
    period = report["period"]
    return f"{fmt.day(period['start'])} – {fmt.day(period['end'])}"


def header_meta(report: dict, lang: str) -> list[str]:
    """Lines under the title: generated on, running year, public version."""
    lines = [t("generated", lang, date=fmt.day(report["generated_on"]))]
    if not report["period"]["complete"]:
        lines.append(t("incomplete_year", lang, date=fmt.day(report["period"]["as_of"])))
    if report["public"]:
        lines.append(t("public_note", lang, n=report["small_cell_threshold"]))
    if not report["has_data"]:
        lines.append(t("no_data", lang, year=report["year"]))
    return lines


def finding_text(finding: dict, lang: str) -> str:
    """A finding in words: amounts, shares and lists in the reader's format."""
    values = {}
    for key, value in finding["params"].items():
        if key.endswith("_cents"):
            values[key] = text(value, "money", lang)
        elif key.endswith("_bp"):
            values[key] = text(value, "percent", lang)
        elif isinstance(value, list):
            values[key] = ", ".join(str(v) for v in value)
        elif isinstance(value, int):
            values[key] = text(value, "int", lang)
        else:
            values[key] = value
    return t(f"finding.{finding['code']}", lang, **values)


def document(report: dict, lang: str) -> Document:
    """The document of any report kind."""
    if report["report"] == "yearly":
        from vrijetijd_cli.render.report_yearly import layout
    else:
        from vrijetijd_cli.render.report_topics import layout
    return layout(report, lang)
