"""The yearly report's section on shared cost (reports/shared_cost.py): who paid what of the full
price, in total, per domain and per organiser."""

from __future__ import annotations

from vrijetijd_cli.i18n import _
from vrijetijd_cli.render.report_layout import Col, Facts, Notes, Section, Table


def shared_cost(data: dict) -> Section:
    title = _("Solidaire kostendeling")
    if data["organiser_carried_cents"] == 0:
        return Section("shared_cost", title, [Notes([], empty=_(
            "Geen organisator droeg dit jaar een deel van de prijs (zie --organiser-share bij 'vrijetijd activity'"
            " en 'vrijetijd partner')."))])
    facts = Facts([
        (_("Volle prijs"), data["price_cents"], "money"),
        (_("Betaald door deelnemers"), data["participant_paid_cents"], "money"),
        (_("Gedragen door organisatoren"), data["organiser_carried_cents"], "money"),
        (_("Betaald door het netwerk"), data["network_paid_cents"], "money"),
        (_("Deel van de organisatoren in de volle prijs"), data["organiser_share_bp"], "percent"),
        (_("Deelnames waarin een organisator een deel droeg"), data["shared_participations"], "int"),
    ])
    by_domain = Table("shared_cost_by_domain", _("Verdeling van de prijs per domein"),
                      [Col("label", _("Domein")), *split_columns()[1:]], data["by_domain"],
                      note=_("Wie welk deel van de volle prijs betaalde (deelnemers, netwerk) of droeg (organisatoren);"
                             " de deelnames per domein staan bij Deelname."))
    by_organiser = Table("shared_cost_by_organiser", _("Verdeling van de prijs per organisator"),
                         [Col("organiser", _("Organisator")), *split_columns()[:-1]],
                         [{**r, "organiser": organiser_name(r)} for r in data["by_organiser"]],
                         note=_("Per organisator de deelnames waarin hij een deel van de prijs droeg; de laatste rij"
                                " zijn de deelnames waarin geen organisator iets droeg. Een organisator draagt het"
                                " deel dat gold toen de deelname geregistreerd werd."))
    return Section("shared_cost", title, [facts, by_domain, by_organiser])


def split_columns() -> list[Col]:
    return [
        Col("participations", _("Deelnames"), "int"),
        Col("price_cents", _("Volle prijs"), "money"),
        Col("participant_paid_cents", _("Deelnemers"), "money"),
        Col("organiser_carried_cents", _("Organisatoren"), "money"),
        Col("network_paid_cents", _("Netwerk"), "money"),
        Col("organiser_share_bp", _("% organisatoren"), "percent"),
    ]


def organiser_name(row: dict) -> str:
    if row["key"] == "none":
        return _("(geen deel van een organisator)")
    if row["key"] == "unknown" or not row["name"]:
        return _("(organisator onbekend)")
    return row["name"]


def method_line() -> str:
    return _("De volle prijs van een deelname is verdeeld: wat de deelnemer betaalde, wat de organisator droeg"
             " (solidaire kostendeling, volgens het deel dat gold toen de deelname geregistreerd werd) en wat het"
             " netwerk betaalde; het budget telt alleen wat het netwerk betaalde.")
