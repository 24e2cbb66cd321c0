"""The reports on one topic (budget, referrals, meetings, participants) as documents."""

from __future__ import annotations

from vrijetijd_cli.i18n import N_, _, pgettext
from vrijetijd_cli.render.report_layout import (
    Chart,
    Col,
    Document,
    Facts,
    Section,
    Table,
    group_name,
    header_meta,
    month_name,
)
from vrijetijd_cli.render.report_sections import (
    age_note,
    budget,
    led_note,
    meetings,
    people_columns,
    people_rows,
    several_grounds_note,
)
from vrijetijd_cli.render.words import REFERRAL_STATES, word

STATES = ("open", "in_behandeling", "toegeleid", "afgesloten", "geweigerd")

TITLES = {
    "budget": N_("Budget {year}"), "referrals": N_("Toeleidingen {year}"),
    "meetings": N_("Overleg {year}"), "participants": N_("Bereik {year}"),
}
# the name of the folder of CSV files
SLUGS = {
    "budget": N_("budget-{year}"), "referrals": N_("toeleidingen-{year}"),
    "meetings": N_("overleg-{year}"), "participants": N_("bereik-{year}"),
}
# --by of `report referrals`: the table's title and the header of its first column
REFERRAL_TABLES = {
    "partner": N_("Toeleidingen per partner"), "month": N_("Toeleidingen per maand"),
    "ground": N_("Toeleidingen per statuut"),
}
REFERRAL_GROUPS = {"partner": N_("Partner"), "month": N_("Maand"), "ground": N_("Statuut")}
# --by of `report participants`
REACH_TABLES = {
    "ground": N_("Bereik per statuut"), "age": N_("Bereik per leeftijd"), "postcode": N_("Bereik per postcode"),
}
REACH_GROUPS = {"ground": N_("Statuut"), "age": N_("Leeftijd"), "postcode": N_("Postcode")}


def layout(report: dict) -> Document:
    kind = report["report"]
    sections = {
        "budget": _budget, "referrals": _referrals, "meetings": _meetings, "participants": _participants,
    }[kind](report)
    return Document(
        kind=kind, year=report["year"], title=_(TITLES[kind]).format(year=report["year"]),
        subtitle=f"{report['network']['name']} — {report['network']['municipality']}",
        meta=header_meta(report), sections=sections,
        slug=_(SLUGS[kind]).format(year=report["year"]),
    )


def _budget(report: dict) -> list[Section]:
    months = report["by_month"]
    table = Table("by_month", _("Besteding per maand"), [
        Col("month_label", _("Maand")),
        Col("participations_cents", _("Deelnames"), "money"),
        Col("expenses_cents", _("Uitgaven"), "money"),
        Col("spent_cents", _("Besteed"), "money"),
    ], [{**r, "month_label": _month(r["month"], report["year"])} for r in months])
    chart = Chart("columns", _("Besteed per maand"),
                  [(_month(r["month"], report["year"]), r["spent_cents"]) for r in months], unit="money")
    by_month = Section("by_month", pgettext("report section", "Besteding per maand"), [chart, table])
    return [budget(report["budget"], report["year"]), by_month]


def _month(month: str, year: int) -> str:
    """'2025-03' as 'mrt' within the year, as '01/2026' for a late booking in another year."""
    y, m = month.split("-")
    return month_name(int(m)) if int(y) == year else f"{m}/{y}"


def _referrals(report: dict) -> list[Section]:
    by = report["by"]
    facts = Facts([
        (_("Toeleidingen"), report["total"], "int"),
        (_("Gevolgd door een deelname"), report["led_to_participation"], "int"),
        (_("Aandeel gevolgd door een deelname"), report["led_to_participation_bp"], "percent"),
    ])
    rows = [{**r, "group": month_name(r["key"]) if by == "month" else group_name(r)}
            for r in report["rows"]]
    title = _(REFERRAL_TABLES[by])
    table = Table(f"by_{by}", title, [
        Col("group", _(REFERRAL_GROUPS[by])),
        Col("referrals", _("Toeleidingen"), "int"),
        *[Col(s, word(REFERRAL_STATES, s), "int") for s in STATES],
        Col("led_to_participation", _("Met deelname"), "int"),
        Col("led_to_participation_bp", _("% met deelname"), "percent"),
    ], rows, note=led_note())
    blocks: list = [facts, table]
    if by == "month":
        blocks.insert(1, Chart("columns", pgettext("report chart", "Toeleidingen per maand"),
                               [(r["group"], r["referrals"]) for r in rows]))
    else:
        blocks.insert(1, Chart("bars", title, [(r["group"], r["referrals"]) for r in rows]))
    return [Section("referrals", _("Toeleiding"), blocks)]


def _meetings(report: dict) -> list[Section]:
    return [meetings(report["meetings"], report["period"]["complete"])]


def _participants(report: dict) -> list[Section]:
    by = report["by"]
    facts = Facts([
        (_("Bereikte deelnemers"), report["participants"], "int"),
        (_("Nieuw bereikt dit jaar"), report["new_participants"], "int"),
        (_("Namen deel aan een activiteit"), report["took_part"], "int"),
        (_("Personen in de bereikte gezinnen"), report["household_members"], "int"),
    ])
    notes = {"ground": several_grounds_note(), "age": age_note(report["year"])}
    title = _(REACH_TABLES[by])
    table = Table(f"by_{by}", title, people_columns(Col("group", _(REACH_GROUPS[by]))),
                  people_rows(report["rows"]), note=notes.get(by))
    chart = Chart("bars", title, [(group_name(r), r["participants"]) for r in report["rows"]][:25])
    return [Section("reach", _("Bereik"), [facts, chart, table])]
