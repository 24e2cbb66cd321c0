"""The detail sections of the yearly report (and of the topic reports): which facts, tables and
charts, in which words. render/report_yearly.py puts them after the summary."""

from __future__ import annotations

from vrijetijd_cli import formats as fmt
from vrijetijd_cli.i18n import N_, _, ngettext, pgettext
from vrijetijd_cli.render.report_layout import (
    Chart,
    Col,
    Facts,
    Section,
    Table,
    group_name,
    month_name,
    period_text,
)
from vrijetijd_cli.render.words import (
    EXPENSE_CATEGORIES,
    FUNDING_SOURCES,
    GOAL_LEVELS,
    GOAL_STATES,
    MEETING_KINDS,
    PAID_VIA,
    REFERRAL_STATES,
    VOUCHER_STATES,
    capitalised,
    word,
)

INDENT = "\u00a0" * 3  # no-break spaces: the goal tree stays indented in HTML and Markdown too

# the figures compared with the previous year (reports/yearly.py); meetings_held: figure_name
FIGURES = {
    "participants": N_("Bereikte deelnemers"),
    "new_participants": N_("Nieuw bereikt"),
    "took_part": N_("Namen deel aan een activiteit"),
    "referrals": N_("Toeleidingen"),
    "participations": N_("Deelnames"),
    "persons": N_("Personen bij deelnames"),
    "vouchers_issued": N_("Waardebonnen uitgegeven"),
    "spent_cents": N_("Besteed"),
    "available_cents": N_("Beschikbaar budget"),
    "used_bp": N_("Budget gebruikt"),
}
# the budget's sources; 'ander' is 'andere' here, as the expense category
SOURCES = {**FUNDING_SOURCES, "ander": N_("andere")}
# the kinds of exception a participation can be registered as (reports/participation.py overrides)
OVERRIDES = {
    "over_cap": N_("Boven het jaarplafond"),
    "without_status": N_("Zonder actief statuut"),
    "unsplit": N_("Uitzondering van vóór de splitsing (één reden voor beide)"),
}
VOUCHER_ROWS = ("issued", "redeemed", "open", "expired", "cancelled")


def figure_name(key: str) -> str:
    if key == "meetings_held":
        return pgettext("report", "Overlegmomenten")
    return word(FIGURES, key)


def source_name(source: str) -> str:
    return capitalised(word(SOURCES, source))


def voucher_row_name(key: str) -> str:
    """A row of the vouchers table: their states, and 'open' (issued and still valid)."""
    return _("Nog open") if key == "open" else capitalised(word(VOUCHER_STATES, key))


def goal_state_name(state: str | None) -> str:
    """An evaluation's state; None (a goal) or 'none' (the count by state) when not evaluated."""
    if not state or state == "none":
        return _("Niet geëvalueerd")
    return capitalised(word(GOAL_STATES, state))


def agreement_text(network: dict) -> str:
    """Since when the network has its agreement, and which year of it this is."""
    if network["agreement_year"] is None:
        return _("vóór de afsprakennota (die begon in {first})").format(first=network["first_agreement_year"])
    return _("sinds {first} ({n}e werkingsjaar)").format(first=network["first_agreement_year"],
                                                        n=network["agreement_year"])


def network(report: dict) -> Section:
    data = report["network"]
    facts = Facts([
        (_("Netwerk"), data["name"], "text"),
        (_("Regio") if data.get("municipalities") else pgettext("report", "Gemeente"),
         f"{data['municipality']} ({data['province']})" if data["province"] else data["municipality"], "text"),
        *([(_("Gemeenten"), ", ".join(data["municipalities"]), "text")] if data.get("municipalities") else []),
        (_("Periode"), period_text(report), "text"),
        (_("Afsprakennota"), agreement_text(data), "text"),
        (_("Partners"), data["partner_count"], "int"),
        (pgettext("report", "Trekkingsrecht"), data["trekkingsrecht_cents"], "money"),
        (_("Cofinanciering"), data["cofinancing_cents"], "money"),
        (_("Andere middelen"), data["other_budget_cents"], "money"),
    ])
    partners = Table("partners", _("Partners"), [
        Col("name", _("Partner")), Col("kind_label", _("Soort")),
    ], data["partners"])
    return Section("network", _("Kerngegevens"), [facts, partners])


def people_columns(first: Col) -> list[Col]:
    """The group, then the people counted in it."""
    return [
        first,
        Col("participants", _("Deelnemers"), "int"),
        Col("new_participants", _("Nieuw"), "int"),
        Col("took_part", _("Namen deel aan een activiteit"), "int"),
        Col("household_members", pgettext("report", "Gezinsleden"), "int"),
    ]


def people_rows(rows: list[dict], key: str = "group") -> list[dict]:
    return [{**r, key: group_name(r)} for r in rows]


def several_grounds_note() -> str:
    return _("Wie meer dan één statuut heeft, telt bij elk statuut mee.")


def age_note(year: int) -> str:
    return _("Leeftijd op 31/12/{year}.").format(year=year)


def led_note() -> str:
    return _("Gevolgd door een deelname: de persoon nam deel aan een activiteit op of na de datum van de"
             " toeleiding en in hetzelfde jaar; een latere deelname verandert een voorbij jaar niet.")


def reach(report: dict) -> Section:
    data = report["reach"]
    municipality = report["network"]["municipality"]
    facts = Facts([
        (_("Bereikte deelnemers"), data["participants"], "int"),
        (_("Nieuw bereikt dit jaar"), data["new_participants"], "int"),
        (_("Namen deel aan een activiteit"), data["took_part"], "int"),
        (_("Personen in de bereikte gezinnen"), data["household_members"], "int"),
        (_("Wonend in de regio") if "municipalities" in report
         else _("Wonend in {municipality}").format(municipality=municipality), data["living_in_municipality"], "int"),
    ])
    by_ground = Table("by_ground", _("Bereik per statuut"),
                      people_columns(Col("group", _("Statuut"))),
                      people_rows(data["by_ground"]), note=several_grounds_note())
    by_age = Table("by_age", _("Bereik per leeftijd"),
                   people_columns(Col("group", _("Leeftijd"))),
                   people_rows(data["by_age"]), note=age_note(report["year"]))
    by_postcode = Table("by_postcode", _("Bereik per postcode"),
                        people_columns(Col("group", _("Postcode"))),
                        people_rows(data["by_postcode"]))
    domains = data["by_domain"]
    return Section("reach", _("Bereik"), [
        facts,
        Chart("bars", _("Bereikte deelnemers per statuut"),
              [(group_name(r), r["participants"]) for r in data["by_ground"]]),
        Chart("bars", _("Deelnemers per domein"),
              [(group_name(r), r["participants"]) for r in domains]),
        by_ground, by_age, by_postcode,
    ])


def referrals(report: dict) -> Section:
    data = report["referrals"]
    facts = Facts([
        (_("Toeleidingen"), data["total"], "int"),
        (_("Gevolgd door een deelname"), data["led_to_participation"], "int"),
        (_("Aandeel gevolgd door een deelname"), data["led_to_participation_bp"], "percent"),
        (_("Partners die toeleidden"), data["partners_referring"], "int"),
    ])
    by_partner = Table("by_partner", _("Toeleidingen per partner"), [
        Col("label", _("Partner")), Col("referrals", _("Toeleidingen"), "int"),
        Col("led_to_participation", _("Met deelname"), "int"),
        Col("led_to_participation_bp", _("% met deelname"), "percent"),
    ], data["by_partner"], note=led_note())
    by_state = Table("by_state", _("Toeleidingen per toestand"), [
        Col("state", _("Toestand")), Col("referrals", _("Toeleidingen"), "int"),
    ], [{**r, "state": word(REFERRAL_STATES, r["state"])} for r in data["by_state"]])
    return Section("referrals", _("Toeleiding"), [facts, by_partner, by_state])


def participation(report: dict) -> Section:
    data = report["participation"]
    facts = Facts([
        (_("Deelnames"), data["participations"], "int"),
        (_("Personen (met gezinsleden)"), data["persons"], "int"),
        (_("Verschillende deelnemers"), data["participants"], "int"),
        (_("Verschillende activiteiten"), data["activities"], "int"),
        (_("Volle prijs"), data["price_cents"], "money"),
        (_("Betaald door deelnemers"), data["participant_paid_cents"], "money"),
        (_("Betaald door het netwerk"), data["network_paid_cents"], "money"),
    ])
    money_cols = [Col("participations", _("Deelnames"), "int"),
                  Col("persons", _("Personen"), "int"),
                  Col("network_paid_cents", _("Netwerk betaalde"), "money")]
    by_domain = Table("by_domain", _("Deelnames per domein"), [
        Col("label", _("Domein")), *money_cols[:2],
        Col("participants", _("Deelnemers"), "int"), money_cols[2],
    ], _with_people(data["by_domain"], report["reach"]["by_domain"]))
    top = Table("top_activities", _("Meest gevolgde activiteiten (top 10)"), [
        Col("title", _("Activiteit")), Col("domain_label", _("Domein")), *money_cols,
    ], data["top_activities"])
    paid_via = Table("by_paid_via", _("Deelnames per betaalwijze"), [Col("via", _("Betaald via")), *money_cols],
                     [{**r, "via": capitalised(word(PAID_VIA, r["key"]))} for r in data["by_paid_via"]])
    months = [{**r, "month": month_name(r["key"])} for r in data["by_month"]]
    by_month = Table("by_month", _("Deelnames per maand"), [Col("month", _("Maand")), *money_cols],
                     months)
    vouchers = data["vouchers"]
    voucher_rows = [{"state": voucher_row_name(k), **vouchers[k]} for k in VOUCHER_ROWS]
    voucher_table = Table("vouchers", _("Waardebonnen van budgetjaar {year}").format(year=report["year"]), [
        Col("state", _("Toestand")), Col("vouchers", pgettext("report", "Aantal"), "int"),
        Col("value_cents", _("Waarde"), "money"),
    ], voucher_rows)
    chart = Chart("columns", pgettext("report chart", "Deelnames per maand"),
                  [(month_name(r["key"]), r["participations"]) for r in data["by_month"]])
    return Section("participation", _("Deelname"),
                   [facts, chart, by_domain, top, paid_via, by_month, voucher_table,
                    # a report closed before the overrides were counted has none
                    *([overrides(data)] if "overrides" in data else [])])


def overrides(data: dict) -> Table:
    """The participations registered as an exception, per kind (the old kind only when it occurs)."""
    found = [r for r in data["overrides"] if r["key"] != "unsplit" or r["participations"]]
    return Table("overrides", _("Deelnames als uitzondering geregistreerd"), [
        Col("kind", _("Uitzondering")), Col("participations", _("Deelnames"), "int"),
        Col("network_paid_cents", _("Netwerk betaalde"), "money"),
    ], [{**r, "kind": word(OVERRIDES, r["key"])} for r in found],
        note=_("Met een reden geregistreerd (--over-cap, --without-status); een deelname met beide telt in"
               " beide rijen."))


def _with_people(domains: list[dict], reached: list[dict]) -> list[dict]:
    """Participations per domain beside the people who took part in that domain."""
    people = {r["key"]: r["participants"] for r in reached}
    return [{**r, "participants": people.get(r["key"], 0)} for r in domains]


def budget(data: dict, year: int) -> Section:
    if data["origin"] == "none":
        available = (_("Beschikbaar"), _("geen budget vastgelegd voor {year}").format(year=year), "text")
    else:
        available = (_("Beschikbaar"), data["available_cents"], "money")
    carried = data.get("carried_over") or {"vouchers": 0}
    facts = Facts([
        available,
        (_("Besteed"), data["spent_cents"], "money"),
        (_("waarvan deelnames"), data["participations_cents"], "money"),
        (_("waarvan uitgaven"), data["expenses_cents"], "money"),
        (_("Vastgelegd (open waardebonnen)"), data["committed_cents"], "money"),
        (_("Resterend"), data["remaining_cents"], "money"),
        (_("Gebruikt (besteed + vastgelegd)"), data["used_bp"], "percent"),
        *([(_("Waardebonnen van een afgesloten vorig jaar, nu ingewisseld"),
            ngettext("{n} waardebon, {amount}", "{n} waardebonnen, {amount}", carried["vouchers"]).format(
                n=carried["vouchers"], amount=fmt.money(carried["spent_cents"])), "text")]
          if carried["vouchers"] else []),
    ])
    by_source = Table("by_source", _("Budget per bron"), [
        Col("source_label", _("Bron")),
        Col("available_cents", _("Beschikbaar"), "money"),
        Col("spent_cents", _("Besteed"), "money"),
        Col("committed_cents", _("Vastgelegd"), "money"),
        Col("remaining_cents", _("Resterend"), "money"),
        Col("used_bp", _("Gebruikt"), "percent"),
    ], [{**r, "source_label": source_name(r["source"])} for r in data["by_source"]],
        note=_("Gebruikt = (besteed + vastgelegd) / beschikbaar."))
    by_domain = Table("spent_by_domain", _("Besteed aan deelnames per domein"), [
        Col("label", _("Domein")), Col("spent_cents", _("Besteed"), "money"),
    ], data["spent_by_domain"])
    by_category = Table("spent_by_category", _("Andere uitgaven per categorie"), [
        Col("category", _("Categorie")), Col("spent_cents", _("Besteed"), "money"),
    ], [{**r, "category": capitalised(word(EXPENSE_CATEGORIES, r["key"]))} for r in data["spent_by_category"]])
    chart = Chart("budget", _("Besteding tegenover het budget"), [
        *[(source_name(r["source"]), r["available_cents"], r["spent_cents"], r["committed_cents"])
          for r in data["by_source"]],
        (_("Totaal"), data["available_cents"], data["spent_cents"], data["committed_cents"]),
    ], unit="money")
    return Section("budget", _("Budget"), [facts, chart, by_source, by_domain, by_category])


def meetings(data: dict, complete: bool = True) -> Section:
    actions = data["actions"]
    kinds = {r["key"]: r["meetings"] for r in data["by_kind"]}
    facts = Facts([
        (pgettext("report", "Overlegmomenten"), _("{held} (minimum {minimum})").format(
            held=data["held"], minimum=data["minimum"]), "text"),
        (_("Werkgroepen"), kinds["werkgroep"], "int"),
        *([] if complete else [(_("Nog gepland dit jaar"), data["planned"], "int")]),
        (_("Overlegmomenten met verslag"), data["with_minutes"], "int"),
        (_("Ervaringsdeskundigen aanwezig"), _("{n} keer, op {meetings} overlegmomenten").format(
            n=data["poverty_voices"], meetings=data["meetings_with_poverty_voices"]), "text"),
        (_("Acties"), _("{created} nieuw, {done} afgerond, {open_items} open ({overdue} te laat)").format(
            **actions), "text"),
    ])
    listed = Table("meetings", _("Overlegmomenten en werkgroepen"), [
        Col("date", _("Datum"), "date"), Col("kind_label", _("Soort")),
        Col("place", _("Plaats")), Col("present", _("Aanwezig"), "int"),
        Col("excused", _("Verontschuldigd"), "int"), Col("absent", _("Afwezig"), "int"),
        Col("poverty_voices", _("Ervaringsdeskundigen"), "int"),
        Col("has_minutes", _("Verslag"), "bool"),
    ], [{**r, "kind_label": capitalised(word(MEETING_KINDS, r["kind"]))} for r in data["list"]])
    attendance = Table("attendance", _("Aanwezigheid per partner"), [
        Col("partner", _("Partner")), Col("present", _("Aanwezig"), "int"),
        Col("excused", _("Verontschuldigd"), "int"), Col("absent", _("Afwezig"), "int"),
        Col("not_recorded", _("Niet genoteerd"), "int"),
        Col("attendance_bp", _("Aanwezigheid"), "percent"),
    ], data["attendance"], note=_("Aanwezigheid op de overlegmomenten van het netwerk (zonder werkgroepen)."))
    blocks: list = [facts, listed, attendance]
    if data["open_actions"]:
        blocks.append(Table("open_actions", _("Openstaande acties"), [
            Col("text", _("Actie")), Col("owner", _("Trekker")),
            Col("due_date", _("Deadline"), "date"), Col("meeting_date", _("Overleg van"), "date"),
        ], data["open_actions"]))
    return Section("meetings", pgettext("report section", "Overleg"), blocks)


def goals(report: dict) -> Section:
    rows = [
        {**g, "goal": INDENT * g["depth"] + g["title"],
         "state_label": goal_state_name(g["state"]),
         "level_label": capitalised(word(GOAL_LEVELS, g["level"]))}
        for g in report["goals"]
    ]
    table = Table("goals", _("Evaluatie van de doelstellingen"), [
        Col("code", _("Code")), Col("goal", _("Doelstelling of actie")),
        Col("state_label", _("Evaluatie")), Col("comment", _("Commentaar")),
    ], rows)
    summary = Facts([(goal_state_name(r["key"]), r["goals"], "int") for r in report["goals_by_state"]],
                    title=_("Doelstellingen per evaluatie"))
    return Section("goals", _("Doelstellingen en acties"), [table, summary])
