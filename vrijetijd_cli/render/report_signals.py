"""The yearly report's section on signals (reports/signals.py): the thresholds the target group
raised, what the network did, and taking part before and after a solution."""

from __future__ import annotations

from vrijetijd_cli.i18n import _, ngettext
from vrijetijd_cli.render.report_layout import Col, Facts, Notes, Section, Table
from vrijetijd_cli.render.words import SIGNAL_RAISERS, SIGNAL_STATES, capitalised, word


def signals(data: dict, complete: bool) -> Section:
    title = _("Drempels en signalen van de doelgroep")
    if not (data["raised"] or data["open_at_end"] or data["solved"] or data["not_feasible"]):
        return Section("signals", title, [Notes([], empty=_(
            "Geen signalen geregistreerd (zie 'vrijetijd signal add')."))])
    facts = Facts([
        (_("Signalen aangekaart"), data["raised"], "int"),
        (_("Waarvan anoniem"), data["anonymous"], "int"),
        (_("Opgelost"), data["solved"], "int"),
        (_("Niet haalbaar"), data["not_feasible"], "int"),
        (_("Nog open op het einde van het jaar") if complete else _("Nu nog open"), data["open_at_end"], "int"),
    ])
    kinds = Table("signals_by_kind", _("Signalen per soort"), [
        Col("kind_label", _("Soort")), Col("raised", _("Aangekaart"), "int"), Col("solved", _("Opgelost"), "int"),
        Col("not_feasible", _("Niet haalbaar"), "int"),
        Col("open_at_end", _("Open op het einde") if complete else _("Nu open"), "int"),
    ], [{**r, "kind_label": word("signal_kind", r["kind"])} for r in data["by_kind"]],
        note=_("Aangekaart telt in het jaar van het signaal, opgelost en niet haalbaar in het jaar waarin het"
               " afgehandeld werd."))
    raisers = Table("signals_by_raiser", _("Wie kaartte het aan"), [
        Col("raiser", _("Aangekaart door")), Col("signals", _("Signalen"), "int"),
    ], [{**r, "raiser": capitalised(word(SIGNAL_RAISERS, r["raised_by"]))} for r in data["by_raiser"]])
    blocks: list = [facts, kinds, raisers]
    if data.get("actions"):
        blocks.append(Table("signal_actions", _("Wat het netwerk deed"), [
            Col("solved_on", _("Afgehandeld op"), "date"), Col("kind_label", _("Soort")),
            Col("text", _("Signaal")), Col("action", _("Wat gedaan werd")), Col("state_label", _("Toestand")),
        ], [{**r, "kind_label": word("signal_kind", r["kind"]),
             "state_label": capitalised(word(SIGNAL_STATES, r["state"]))} for r in data["actions"]]))
    if data["effects"]:
        blocks.append(effects(data["effects"]))
    return Section("signals", title, blocks)


def effects(found: list[dict]) -> Table:
    rows = []
    for entry in found:
        before, after = entry["before"] or {}, entry["after"] or {}
        period = ngettext("{days} dag", "{days} dagen", entry["days"]).format(days=entry["days"])
        rows.append({
            "solved_on": entry["solved_on"],
            "about": entry["activity"] or entry["organiser"] or "",
            "period": period if entry["complete"] else _("{period} (nog lopend)").format(period=period),
            "before": before.get("participations"), "after": after.get("participations"),
        })
    return Table("signal_effects", _("Deelname vóór en na een oplossing"), [
        Col("solved_on", _("Opgelost op"), "date"), Col("about", _("Activiteit of organisator")),
        Col("period", _("Periode")), Col("before", _("Vóór"), "int"), Col("after", _("Na"), "int"),
    ], rows, note=_("Deelnames in even lange periodes vóór en na de datum van de oplossing, elk hoogstens een"
                    " half jaar en niet langer dan er sindsdien verstreken is."))
