"""The reports on one topic (budget, referrals, meetings, participants) as documents."""

from __future__ import annotations

from vrijetijd_cli.render.i18n import label
from vrijetijd_cli.render.report_layout import (
    Chart,
    Col,
    Document,
    Facts,
    Section,
    Table,
    group_label,
    header_meta,
    month_name,
    t,
)
from vrijetijd_cli.render.report_yearly import budget, meetings, people_columns, people_rows

STATES = ("open", "in_behandeling", "toegeleid", "afgesloten", "geweigerd")


def layout(report: dict, lang: str) -> Document:
    kind = report["report"]
    sections = {
        "budget": _budget, "referrals": _referrals, "meetings": _meetings, "participants": _participants,
    }[kind](report, lang)
    return Document(
        kind=kind, year=report["year"], title=t(f"title.{kind}", lang, year=report["year"]),
        subtitle=f"{report['network']['name']} — {report['network']['municipality']}",
        meta=header_meta(report, lang), sections=sections, lang=lang,
        slug=t(f"slug.{kind}", lang, year=report["year"]),
    )


def _budget(report: dict, lang: str) -> list[Section]:
    months = report["by_month"]
    table = Table("by_month", t("table.spent_by_month", lang), [
        Col("month_label", t("col.month", lang)),
        Col("participations_cents", t("col.spent_participations", lang), "money"),
        Col("expenses_cents", t("col.spent_expenses", lang), "money"),
        Col("spent_cents", t("col.spent", lang), "money"),
    ], [{**r, "month_label": _month(r["month"], report["year"], lang)} for r in months])
    chart = Chart("columns", t("chart.spent_by_month", lang),
                  [(_month(r["month"], report["year"], lang), r["spent_cents"]) for r in months], unit="money")
    return [budget(report["budget"], lang), Section("by_month", t("section.spent_by_month", lang), [chart, table])]


def _month(month: str, year: int, lang: str) -> str:
    """'2025-03' as 'mrt' within the year, as '01/2026' for a late booking in another year."""
    y, m = month.split("-")
    return month_name(int(m), lang) if int(y) == year else f"{m}/{y}"


def _referrals(report: dict, lang: str) -> list[Section]:
    by = report["by"]
    facts = Facts([
        (t("fact.referrals", lang), report["total"], "int"),
        (t("fact.led_to_participation", lang), report["led_to_participation"], "int"),
        (t("fact.led_share", lang), report["led_to_participation_bp"], "percent"),
    ])
    rows = [{**r, "group": month_name(r["key"], lang) if by == "month" else group_label(r, lang)}
            for r in report["rows"]]
    table = Table(f"by_{by}", t(f"table.referrals_by_{by}", lang), [
        Col("group", t(f"col.{by}", lang)),
        Col("referrals", t("col.referrals", lang), "int"),
        *[Col(s, label(f"referral.{s}", lang), "int") for s in STATES],
        Col("led_to_participation", t("col.led_to_participation", lang), "int"),
        Col("led_to_participation_bp", t("col.led_share", lang), "percent"),
    ], rows, note=t("note.led", lang))
    blocks: list = [facts, table]
    if by == "month":
        blocks.insert(1, Chart("columns", t("chart.referrals_by_month", lang),
                               [(r["group"], r["referrals"]) for r in rows]))
    else:
        blocks.insert(1, Chart("bars", t(f"table.referrals_by_{by}", lang),
                               [(r["group"], r["referrals"]) for r in rows]))
    return [Section("referrals", t("section.referrals", lang), blocks)]


def _meetings(report: dict, lang: str) -> list[Section]:
    return [meetings(report["meetings"], lang, report["period"]["complete"])]


def _participants(report: dict, lang: str) -> list[Section]:
    by = report["by"]
    facts = Facts([
        (t("fact.participants", lang), report["participants"], "int"),
        (t("fact.new_participants", lang), report["new_participants"], "int"),
        (t("fact.took_part", lang), report["took_part"], "int"),
        (t("fact.household_members", lang), report["household_members"], "int"),
    ])
    column = {"ground": "ground", "age": "age_band", "postcode": "postcode"}[by]
    notes = {"ground": t("note.several_grounds", lang), "age": t("note.age", lang, year=report["year"])}
    table = Table(f"by_{by}", t(f"table.reach_by_{by}", lang),
                  people_columns(Col("group", t(f"col.{column}", lang)), lang),
                  people_rows(report["rows"], lang), note=notes.get(by))
    chart = Chart("bars", t(f"table.reach_by_{by}", lang),
                  [(group_label(r, lang), r["participants"]) for r in report["rows"]][:25])
    return [Section("reach", t("section.reach", lang), [facts, chart, table])]
