"""A regional network's yearly report per municipality (reports/municipalities.py): the section with
a row per municipality, one for what no municipality carries and the network's total."""

from __future__ import annotations

from vrijetijd_cli.i18n import _, pgettext
from vrijetijd_cli.render.report_layout import Chart, Col, Notes, Section, Table


def outside_name() -> str:
    return _("Buiten de regio / de regio")


def outside_note() -> str:
    return _("'Buiten de regio / de regio': inwoners van buiten de regio, partners van de regio als geheel en wat"
             " ten laste van het budget van de regio kwam. De rijen tellen op tot het netwerk.")


def money_note() -> str:
    return _("Ten laste van het budget: wat op het budget van de gemeente geboekt werd (een waardebon op de gemeente"
             " waarvoor hij uitgegeven werd, een deelname zonder bon op de gemeente van de deelnemer, een uitgave op"
             " de gemeente waarop ze geboekt werd). Besteed aan inwoners: wat het netwerk op het budget van het jaar"
             " betaalde voor de deelnames van haar inwoners; de twee verschillen door de uitgaven en als een inwoner"
             " een bon van een andere gemeente gebruikt.")


def reach_note() -> str:
    return _("Een deelnemer hoort bij de gemeente van zijn postcode op de peildatum van het jaar. % van de"
             " doelgroep: bereikte deelnemers tegenover de inwoners met verhoogde tegemoetkoming (wie een leefloon"
             " heeft, heeft die ook), volgens de config.")


def section(report: dict) -> Section:
    """'Per gemeente': reach, money and partners of each municipality, adding up to the network."""
    rows = [*({**r, "label": r["name"]} for r in report["municipalities"]),
            {**report["outside_region"], "label": outside_name()}, _total_row(report)]
    for row in rows:
        group = row.get("target_group")
        row["target"] = group["verhoogde_tegemoetkoming"] if isinstance(group, dict) else group
        attendance = row.get("attendance") or {}
        row.update({key: attendance.get(key) for key in ("present", "excused", "absent")})
    name = Col("label", pgettext("report", "Gemeente"))
    reach = Table("municipalities_reach", _("Bereik per gemeente"), [
        name, Col("target", _("Doelgroep (VT)"), "int"), Col("participants", _("Bereikt"), "int"),
        Col("reach_bp", _("% van de doelgroep"), "percent"), Col("new_participants", _("Nieuw"), "int"),
        Col("took_part", _("Namen deel"), "int"), Col("household_members", pgettext("report", "Gezinsleden"), "int"),
    ], rows, note=reach_note())
    taking_part = Table("municipalities_participation", _("Deelname per gemeente"), [
        name, Col("participations", _("Deelnames"), "int"), Col("persons", _("Personen"), "int"),
        Col("network_paid_cents", _("Netwerk betaalde"), "money"),
    ], rows, note=_("Deelnames van het jaar van de inwoners, en wat het netwerk ervoor betaalde."))
    money = Table("municipalities_budget", _("Budget per gemeente"), [
        name, Col("available_cents", _("Beschikbaar"), "money"),
        Col("charged_cents", _("Ten laste van het budget"), "money"), Col("committed_cents", _("Vastgelegd"), "money"),
        Col("used_bp", _("Gebruikt"), "percent"), Col("spent_on_residents_cents", _("Besteed aan inwoners"), "money"),
    ], rows, note=money_note())
    partners = Table("municipalities_partners", _("Partners per gemeente"), [
        name, Col("partners", _("Partners"), "int"), Col("referrals", _("Toeleidingen"), "int"),
        Col("led_to_participation", _("Met deelname"), "int"), Col("present", _("Aanwezig"), "int"),
        Col("excused", _("Verontschuldigd"), "int"), Col("absent", _("Afwezig"), "int"),
        Col("attendance_bp", _("Aanwezigheid"), "percent"),
    ], rows, note=_("Toeleidingen door de partners van de gemeente; hun aanwezigheid op de overlegmomenten van het"
                    " netwerk."))
    chart = Chart("bars", _("Bereikte deelnemers per gemeente"),
                  [(r["label"], r["participants"]) for r in rows[:-1]])
    return Section("municipalities", _("Per gemeente"), [chart, reach, taking_part, money, partners,
                                                          Notes([("plain", outside_note())])])


def _total_row(report: dict) -> dict:
    from vrijetijd_cli.region import network_totals

    return {**network_totals(report), "label": _("Netwerk")}
