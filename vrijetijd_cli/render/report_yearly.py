"""The yearly report as a document: first the page a council member reads (key figures against
the previous year, points of attention, the budget, one line per objective), then the detail
(render/report_sections.py), the differences with a closed year's stored report, and how the
figures are counted."""

from __future__ import annotations

import re

from vrijetijd_cli.i18n import N_, _
from vrijetijd_cli.render import report_municipalities, report_shared_cost, report_signals
from vrijetijd_cli.render import report_sections as detail
from vrijetijd_cli.render.report_layout import (
    Chart,
    Col,
    Document,
    Facts,
    Notes,
    Section,
    Table,
    finding_text,
    header_meta,
    period_text,
)
from vrijetijd_cli.render.words import capitalised

# the words of the parts of a figure's path (reports/yearly.differences), where they are known
PATH_WORDS = {
    "reach": N_("Bereik"), "referrals": N_("Toeleiding"), "participation": N_("Deelname"),
    "budget": N_("Budget"), "meetings": N_("Overleg"), "comparison": N_("Kerncijfers"),
    "network": N_("Kerngegevens"), "by_ground": N_("per statuut"), "by_age": N_("per leeftijd"),
    "by_postcode": N_("per postcode"), "by_domain": N_("per domein"), "by_partner": N_("per partner"),
    "by_state": N_("per toestand"), "by_month": N_("per maand"), "by_paid_via": N_("per betaalwijze"),
    "by_source": N_("per bron"), "top_activities": N_("meest gevolgde activiteiten"),
    "vouchers": N_("waardebonnen"), "participants": N_("deelnemers"), "new_participants": N_("nieuw"),
    "took_part": N_("namen deel"), "household_members": N_("gezinsleden"),
    "living_in_municipality": N_("wonend in de gemeente"), "total": N_("totaal"),
    "led_to_participation": N_("gevolgd door een deelname"), "participations": N_("deelnames"),
    "persons": N_("personen"), "price_cents": N_("volle prijs"), "participant_paid_cents": N_("deelnemers betaalden"),
    "network_paid_cents": N_("netwerk betaalde"), "spent_cents": N_("besteed"),
    "available_cents": N_("beschikbaar"), "committed_cents": N_("vastgelegd"), "remaining_cents": N_("resterend"),
    "used_bp": N_("gebruikt"), "value_cents": N_("waarde"), "held": N_("gehouden"),
    "figures": N_("kerncijfers"), "current": N_("dit jaar"), "previous": N_("vorig jaar"), "change": N_("verschil"),
    "change_bp": N_("verschil in %"), "committed_vouchers": N_("open waardebonnen"),
    "led_to_participation_bp": N_("aandeel gevolgd door een deelname"),
    "partners_referring": N_("partners die toeleidden"),
    "activities": N_("activiteiten"), "expenses_cents": N_("uitgaven"), "participations_cents": N_("deelnames"),
    "spent_by_domain": N_("besteed per domein"), "spent_by_category": N_("besteed per categorie"),
    "carried_over": N_("overgedragen"), "issued": N_("uitgegeven"), "redeemed": N_("ingewisseld"),
    "open": N_("open"), "expired": N_("vervallen"), "cancelled": N_("geannuleerd"), "attendance": N_("aanwezigheid"),
    "attendance_bp": N_("aanwezigheid"), "present": N_("aanwezig"), "excused": N_("verontschuldigd"),
    "absent": N_("afwezig"), "not_recorded": N_("niet genoteerd"), "actions": N_("acties"),
    "by_kind": N_("per soort"), "with_minutes": N_("met verslag"), "poverty_voices": N_("ervaringsdeskundigen"),
    "meetings_with_poverty_voices": N_("overlegmomenten met ervaringsdeskundigen"), "planned": N_("gepland"),
    "goals_by_state": N_("doelstellingen per evaluatie"), "goals": N_("doelstellingen"),
    "signals": N_("Signalen"), "raised": N_("aangekaart"), "solved": N_("opgelost"),
    "not_feasible": N_("niet haalbaar"), "open_at_end": N_("open op het einde"), "anonymous": N_("anoniem"),
    "by_raiser": N_("per aanbrenger"), "effects": N_("deelname vóór en na"), "before": N_("vóór"),
    "after": N_("na"),
    "municipalities": N_("Per gemeente"), "outside_region": N_("Buiten de regio / de regio"),
    "charged_cents": N_("ten laste van het budget"), "spent_on_residents_cents": N_("besteed aan inwoners"),
    "reach_bp": N_("% van de doelgroep"), "partner_ids": N_("partners"),
    "shared_cost": N_("Solidaire kostendeling"), "by_organiser": N_("per organisator"),
    "organiser_carried_cents": N_("organisatoren droegen"), "organiser_share_bp": N_("deel organisatoren"),
    "shared_participations": N_("deelnames waarin een organisator een deel droeg"),
}


def layout(report: dict) -> Document:
    sections = [summary(report), detail.network(report), detail.reach(report), detail.referrals(report),
                detail.participation(report), detail.budget(report["budget"], report["year"]),
                detail.meetings(report["meetings"], report["period"]["complete"]), detail.goals(report)]
    if "shared_cost" in report:  # a year closed before shared cost was recorded has none
        sections.insert(5, report_shared_cost.shared_cost(report["shared_cost"]))
    if "signals" in report:  # a year closed before signals were recorded has none
        sections.insert(-1, report_signals.signals(report["signals"], report["period"]["complete"]))
    if "municipalities" in report:  # a regional network: after the network's key facts
        sections.insert(2, report_municipalities.section(report))
    if "differences" in report:
        sections.append(differences(report))
    sections.append(method(report))
    return Document(
        kind="yearly", year=report["year"], title=_("Jaarrapport {year}").format(year=report["year"]),
        subtitle=f"{report['network']['name']} — {report['network']['municipality']}",
        meta=header_meta(report), sections=sections,
        slug=_("jaarrapport-{year}").format(year=report["year"]),
    )


def summary(report: dict) -> Section:
    """What a council member reads first: one page."""
    data = report["network"]
    facts = Facts([
        (_("Netwerk"), data["name"], "text"),
        (_("Periode"), period_text(report), "text"),
        (_("Afsprakennota"), detail.agreement_text(data), "text"),
    ])
    notes = Notes([(f["severity"], finding_text(f)) for f in report["findings"]], empty=_("Geen aandachtspunten."),
                  title=_("Aandachtspunten"))
    money = report["budget"]
    chart = Chart("budget", _("Besteding tegenover het budget"), [
        (_("Totaal"), money["available_cents"], money["spent_cents"], money["committed_cents"])], unit="money")
    objectives = Facts([(g["code"], f"{g['title']} — {detail.goal_state_name(g['state'])}", "text")
                        for g in report["goals"] if g["level"] == "strategic"], title=_("Doelstellingen"))
    return Section("summary", _("Samenvatting"), [facts, comparison(report), notes, chart, objectives])


def comparison(report: dict) -> Table:
    data = report["comparison"]
    rows = [
        {"figure": detail.figure_name(f["key"]), "current": f["current"], "previous": f["previous"],
         "change": f["change"], "change_bp": f["change_bp"],
         "_kind": {"count": "int", "number": "int"}.get(f["kind"], f["kind"])}
        for f in data["figures"]
    ]
    return Table("comparison", _("Kerncijfers tegenover {year}").format(year=data["previous_year"]), [
        Col("figure", _("Kerncijfer")),
        Col("current", str(report["year"]), "auto"),
        Col("previous", str(data["previous_year"]), "auto"),
        Col("change", _("Verschil"), "signed"),
        Col("change_bp", _("Verschil in %"), "percent"),
    ], rows, note=_("Het verschil van een percentage staat in procentpunten."))


def differences(report: dict) -> Section:
    """A closed year computed again: every figure that differs from the stored report."""
    kinds = {"count": "int", "money": "money", "percent": "percent"}
    rows = [{**d, "figure": path_name(d["path"]), "_kind": kinds.get(d["kind"], "int")}
            for d in report["differences"]]
    table = Table("differences", _("Afgesloten tegenover vandaag"), [
        Col("figure", _("Cijfer")), Col("stored", _("Afgesloten"), "auto"), Col("now", _("Vandaag"), "auto"),
        Col("change", _("Verschil"), "signed"),
    ], rows, note=_("Het verschil van een percentage staat in procentpunten."))
    empty = Notes([], empty=_("Geen enkel cijfer verschilt van het afgesloten rapport."))
    return Section("differences", _("Verschillen met het afgesloten rapport"), [table if rows else empty])


def path_name(path: str) -> str:
    """'reach.by_postcode[3600].participants' -> 'Bereik › per postcode › 3600 › deelnemers'."""
    parts = [part for part in re.split(r"[.\[\]]+", path) if part]
    named = [_(PATH_WORDS[part]) if part in PATH_WORDS else part for part in parts]
    return capitalised(" › ".join(named))


def method(report: dict) -> Section:
    """How the figures are counted, each rule once."""
    lines = [
        _("Personen en deelnames tellen in het jaar van hun datum. Bereikt is wie in het jaar een deelname,"
          " een toeleiding of een waardebon had, of een statuut dat in het jaar geldig was; nieuw is wie in"
          " geen enkel eerder jaar bereikt werd."),
        _("Een statuut telt tot de dag vóór een schorsing; geschorst vanaf 1 januari telt het dat jaar niet."),
        _("Geld telt in zijn budgetjaar: een waardebon is vastgelegd in het budgetjaar van zijn uitgifte en"
          " wordt daar besteed als hij ingewisseld wordt, ook in januari van het volgende jaar; is dat budgetjaar"
          " afgesloten, dan komt het bedrag op het lopende budgetjaar. Een uitgave telt in het budgetjaar waarop"
          " ze geboekt is."),
        detail.led_note(),
        *([report_shared_cost.method_line()] if "shared_cost" in report else []),
    ]
    if report["public"]:
        lines.append(_("Kleine aantallen zijn verborgen, en zoveel andere cijfers dat ze niet uit totalen of"
                       " percentages af te leiden zijn."))
    return Section("method", _("Hoe de cijfers geteld worden"), [Notes([("plain", line) for line in lines])])
