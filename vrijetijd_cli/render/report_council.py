"""One council's report (`report yearly --municipality`, reports/council.py) as a document: the
municipality's key facts, its figures beside the region's, its budget and its partners."""

from __future__ import annotations

from vrijetijd_cli.i18n import N_, _, pgettext
from vrijetijd_cli.render import report_yearly
from vrijetijd_cli.render.report_layout import (
    Chart,
    Col,
    Document,
    Facts,
    Notes,
    Section,
    Table,
    header_meta,
    period_text,
)
from vrijetijd_cli.render.report_municipalities import money_note, reach_note
from vrijetijd_cli.render.report_sections import source_name

# the figures of a council's report beside the region's (reports/council.py FIGURES)
FIGURES = {
    "participants": N_("Bereikte deelnemers"), "new_participants": N_("Nieuw bereikt"),
    "took_part": N_("Namen deel aan een activiteit"), "household_members": N_("Personen in de bereikte gezinnen"),
    "participations": N_("Deelnames"), "persons": N_("Personen bij deelnames"),
    "network_paid_cents": N_("Netwerk betaalde voor deelnames"),
    "spent_on_residents_cents": N_("Besteed aan inwoners (budgetjaar)"),
    "available_cents": N_("Beschikbaar budget"), "charged_cents": N_("Ten laste van het budget"),
    "committed_cents": N_("Vastgelegd (open waardebonnen)"), "remaining_cents": N_("Resterend"),
    "referrals": N_("Toeleidingen door de partners"), "led_to_participation": N_("gevolgd door een deelname"),
    "partners": N_("Partners"),
}




def layout(report: dict) -> Document:
    """The document of `report yearly --municipality`."""
    row, year = report["municipality"], report["year"]
    sections = [key_facts(report), figures(report), budget(report), partners(report)]
    if "differences" in report:
        sections.append(report_yearly.differences(report))
    sections.append(method(report))
    return Document(
        kind="municipality", year=year,
        title=_("Jaarrapport {year} — {municipality}").format(year=year, municipality=row["name"]),
        subtitle=f"{report['network']['name']} — {report['network']['municipality']}",
        meta=header_meta(report), sections=sections,
        slug=_("jaarrapport-{year}-{municipality}").format(year=year, municipality=row["key"]),
    )


def key_facts(report: dict) -> Section:
    row = report["municipality"]
    group = row["target_group"]
    items = [
        (pgettext("report", "Gemeente"), row["name"], "text"),
        (_("NIS-code"), row["nis_code"], "text"),
        (_("Netwerk"), report["network"]["name"], "text"),
        (_("Periode"), period_text(report), "text"),
        (_("Inwoners"), row["inhabitants"], "int"),
    ]
    if group:
        items += [
            (_("Inwoners met verhoogde tegemoetkoming"), group["verhoogde_tegemoetkoming"], "int"),
            (_("Inwoners met een leefloon"), group["leefloon"], "int"),
            (_("Doelgroep geteld op"), group["as_of"], "date"),
        ]
    items += [(_("Bereikt, als deel van de doelgroep"), row["reach_bp"], "percent"),
              (_("Partners van de gemeente"), row["partners"], "int")]
    return Section("network", _("Kerngegevens"), [Facts(items)])


def figures(report: dict) -> Section:
    rows = [{**f, "figure": _(FIGURES[f["key"]]), "_kind": {"count": "int"}.get(f["kind"], f["kind"])}
            for f in report["figures"]]
    table = Table("figures", _("De gemeente in de regio"), [
        Col("figure", _("Kerncijfer")), Col("municipality", report["municipality"]["name"], "auto"),
        Col("region", _("Netwerk"), "auto"), Col("share_bp", _("Aandeel van de gemeente"), "percent"),
    ], rows, note=_("Netwerk: de hele regio, met de inwoners van buiten de regio en de partners en het budget van de"
                    " regio als geheel."))
    return Section("figures", _("Kerncijfers"), [table, Notes([("plain", reach_note()), ("plain", money_note())])])


def budget(report: dict) -> Section:
    row = report["municipality"]
    facts = Facts([
        (_("Beschikbaar"), row["available_cents"], "money"),
        (_("Ten laste van het budget"), row["charged_cents"], "money"),
        (_("Vastgelegd (open waardebonnen)"), row["committed_cents"], "money"),
        (_("Resterend"), row["remaining_cents"], "money"),
        (_("Gebruikt (besteed + vastgelegd)"), row["used_bp"], "percent"),
        (_("Besteed aan inwoners (budgetjaar)"), row["spent_on_residents_cents"], "money"),
    ])
    by_source = Table("available_by_source", _("Beschikbaar per bron"), [
        Col("source_label", _("Bron")), Col("available_cents", _("Beschikbaar"), "money"),
    ], [{**r, "source_label": source_name(r["source"])} for r in row["available_by_source"]])
    chart = Chart("budget", _("Besteding tegenover het budget"), [
        (row["name"], row["available_cents"], row["charged_cents"], row["committed_cents"])], unit="money")
    return Section("budget", _("Budget"), [facts, chart, by_source])


def partners(report: dict) -> Section:
    table = Table("partners", _("Partners van de gemeente"), [
        Col("name", _("Partner")), Col("kind_label", _("Soort")), Col("referrals", _("Toeleidingen"), "int"),
        Col("led_to_participation", _("Met deelname"), "int"),
        Col("led_to_participation_bp", _("% met deelname"), "percent"),
        Col("present", _("Aanwezig"), "int"), Col("excused", _("Verontschuldigd"), "int"),
        Col("absent", _("Afwezig"), "int"), Col("attendance_bp", _("Aanwezigheid"), "percent"),
    ], report["partners"], note=_("Partners van de regio als geheel staan in het rapport van het netwerk."))
    return Section("partners", _("Partners"), [table])


def method(report: dict) -> Section:
    lines = [
        _("Dit rapport is het deel van de gemeente uit het jaarrapport van het netwerk van hetzelfde jaar; de cijfers"
          " zijn dezelfde."),
        _("Personen en deelnames tellen in het jaar van hun datum; geld in zijn budgetjaar."),
    ]
    if report["public"]:
        lines.append(_("Kleine aantallen zijn verborgen, dezelfde als in het publieke rapport van het netwerk."))
    return Section("method", _("Hoe de cijfers geteld worden"), [Notes([("plain", line) for line in lines])])
