"""The yearly report as a document: which facts, tables and charts, in which words."""

from __future__ import annotations

from vrijetijd_cli.render.i18n import label
from vrijetijd_cli.render.report_layout import (
    Chart,
    Col,
    Document,
    Facts,
    Notes,
    Section,
    Table,
    finding_text,
    group_label,
    header_meta,
    month_name,
    period_text,
    t,
)

PEOPLE_COLUMNS = ("participants", "new_participants", "took_part", "household_members")
INDENT = "\u00a0" * 3  # no-break spaces: the goal tree stays indented in HTML and Markdown too


def layout(report: dict, lang: str) -> Document:
    sections = [
        network(report, lang),
        comparison(report, lang),
        reach(report, lang),
        referrals(report, lang),
        participation(report, lang),
        budget(report["budget"], lang),
        meetings(report["meetings"], lang, report["period"]["complete"]),
        goals(report, lang),
        findings(report, lang),
    ]
    return Document(
        kind="yearly", year=report["year"], title=t("title.yearly", lang, year=report["year"]),
        subtitle=f"{report['network']['name']} — {report['network']['municipality']}",
        meta=header_meta(report, lang), sections=sections, lang=lang,
        slug=t("slug.yearly", lang, year=report["year"]),
    )


def network(report: dict, lang: str) -> Section:
    data = report["network"]
    facts = Facts([
        (t("fact.network", lang), data["name"], "text"),
        (t("fact.municipality", lang), f"{data['municipality']} ({data['province']})"
         if data["province"] else data["municipality"], "text"),
        (t("fact.period", lang), period_text(report, lang), "text"),
        (t("fact.agreement", lang), t("fact.agreement_value", lang, first=data["first_agreement_year"],
                                      n=data["agreement_year"]), "text"),
        (t("fact.partners", lang), data["partner_count"], "int"),
        (t("fact.trekkingsrecht", lang), data["trekkingsrecht_cents"], "money"),
        (t("fact.cofinancing", lang), data["cofinancing_cents"], "money"),
        (t("fact.other_budget", lang), data["other_budget_cents"], "money"),
    ])
    partners = Table("partners", t("table.partners", lang), [
        Col("name", t("col.partner", lang)), Col("kind_label", t("col.partner_kind", lang)),
    ], data["partners"])
    return Section("network", t("section.network", lang), [facts, partners])


def comparison(report: dict, lang: str) -> Section:
    data = report["comparison"]
    rows = [
        {"figure": t(f"figure.{f['key']}", lang), "current": f["current"], "previous": f["previous"],
         "change": f["change"], "change_bp": f["change_bp"],
         "_kind": {"count": "int", "number": "int"}.get(f["kind"], f["kind"])}
        for f in data["figures"]
    ]
    table = Table("comparison", t("table.comparison", lang), [
        Col("figure", t("col.figure", lang)),
        Col("current", str(report["year"]), "auto"),
        Col("previous", str(data["previous_year"]), "auto"),
        Col("change", t("col.change", lang), "signed"),
        Col("change_bp", t("col.change_share", lang), "percent"),
    ], rows)
    return Section("comparison", t("section.comparison", lang, year=data["previous_year"]), [table])


def people_columns(first: Col, lang: str) -> list[Col]:
    return [first] + [Col(k, t(f"col.{k}", lang), "int") for k in PEOPLE_COLUMNS]


def people_rows(rows: list[dict], lang: str, key: str = "group") -> list[dict]:
    return [{**r, key: group_label(r, lang)} for r in rows]


def reach(report: dict, lang: str) -> Section:
    data = report["reach"]
    municipality = report["network"]["municipality"]
    facts = Facts([
        (t("fact.participants", lang), data["participants"], "int"),
        (t("fact.new_participants", lang), data["new_participants"], "int"),
        (t("fact.took_part", lang), data["took_part"], "int"),
        (t("fact.household_members", lang), data["household_members"], "int"),
        (t("fact.living_in", lang, municipality=municipality), data["living_in_municipality"], "int"),
    ])
    by_ground = Table("by_ground", t("table.reach_by_ground", lang),
                      people_columns(Col("group", t("col.ground", lang)), lang),
                      people_rows(data["by_ground"], lang), note=t("note.several_grounds", lang))
    by_age = Table("by_age", t("table.reach_by_age", lang),
                   people_columns(Col("group", t("col.age_band", lang)), lang),
                   people_rows(data["by_age"], lang), note=t("note.age", lang, year=report["year"]))
    by_postcode = Table("by_postcode", t("table.reach_by_postcode", lang),
                        people_columns(Col("group", t("col.postcode", lang)), lang),
                        people_rows(data["by_postcode"], lang))
    domains = data["by_domain"]
    return Section("reach", t("section.reach", lang), [
        facts,
        Chart("bars", t("chart.reach_by_ground", lang),
              [(group_label(r, lang), r["participants"]) for r in data["by_ground"]]),
        Chart("bars", t("chart.reach_by_domain", lang),
              [(group_label(r, lang), r["participants"]) for r in domains]),
        by_ground, by_age, by_postcode,
    ])


def referrals(report: dict, lang: str) -> Section:
    data = report["referrals"]
    facts = Facts([
        (t("fact.referrals", lang), data["total"], "int"),
        (t("fact.led_to_participation", lang), data["led_to_participation"], "int"),
        (t("fact.led_share", lang), data["led_to_participation_bp"], "percent"),
        (t("fact.partners_referring", lang), data["partners_referring"], "int"),
    ])
    by_partner = Table("by_partner", t("table.referrals_by_partner", lang), [
        Col("label", t("col.partner", lang)), Col("referrals", t("col.referrals", lang), "int"),
        Col("led_to_participation", t("col.led_to_participation", lang), "int"),
        Col("led_to_participation_bp", t("col.led_share", lang), "percent"),
    ], data["by_partner"], note=t("note.led", lang))
    by_state = Table("by_state", t("table.referrals_by_state", lang), [
        Col("state", t("col.state", lang)), Col("referrals", t("col.referrals", lang), "int"),
    ], [{**r, "state": label(f"referral.{r['state']}", lang)} for r in data["by_state"]])
    return Section("referrals", t("section.referrals", lang), [facts, by_partner, by_state])


def participation(report: dict, lang: str) -> Section:
    data = report["participation"]
    facts = Facts([
        (t("fact.participations", lang), data["participations"], "int"),
        (t("fact.persons", lang), data["persons"], "int"),
        (t("fact.participants_took_part", lang), data["participants"], "int"),
        (t("fact.activities", lang), data["activities"], "int"),
        (t("fact.price", lang), data["price_cents"], "money"),
        (t("fact.participant_paid", lang), data["participant_paid_cents"], "money"),
        (t("fact.network_paid", lang), data["network_paid_cents"], "money"),
    ])
    money_cols = [Col("participations", t("col.participations", lang), "int"),
                  Col("persons", t("col.persons", lang), "int"),
                  Col("network_paid_cents", t("col.network_paid", lang), "money")]
    by_domain = Table("by_domain", t("table.participation_by_domain", lang), [
        Col("label", t("col.domain", lang)), *money_cols[:2],
        Col("participants", t("col.participants", lang), "int"), money_cols[2],
    ], _with_people(data["by_domain"], report["reach"]["by_domain"]))
    top = Table("top_activities", t("table.top_activities", lang), [
        Col("title", t("col.activity", lang)), Col("domain_label", t("col.domain", lang)), *money_cols,
    ], data["top_activities"])
    paid_via = Table("by_paid_via", t("table.paid_via", lang), [Col("via", t("col.paid_via", lang)), *money_cols],
                     [{**r, "via": t(f"paid_via.{r['key']}", lang)} for r in data["by_paid_via"]])
    months = [{**r, "month": month_name(r["key"], lang)} for r in data["by_month"]]
    by_month = Table("by_month", t("table.by_month", lang), [Col("month", t("col.month", lang)), *money_cols],
                     months)
    vouchers = data["vouchers"]
    voucher_rows = [{"state": t(f"voucher.{k}", lang), **vouchers[k]}
                    for k in ("issued", "redeemed", "open", "expired", "cancelled")]
    voucher_table = Table("vouchers", t("table.vouchers", lang, year=report["year"]), [
        Col("state", t("col.state", lang)), Col("vouchers", t("col.vouchers", lang), "int"),
        Col("value_cents", t("col.value", lang), "money"),
    ], voucher_rows)
    chart = Chart("columns", t("chart.by_month", lang),
                  [(month_name(r["key"], lang), r["participations"]) for r in data["by_month"]])
    return Section("participation", t("section.participation", lang),
                   [facts, chart, by_domain, top, paid_via, by_month, voucher_table])


def _with_people(domains: list[dict], reached: list[dict]) -> list[dict]:
    """Participations per domain beside the people who took part in that domain."""
    people = {r["key"]: r["participants"] for r in reached}
    return [{**r, "participants": people.get(r["key"], 0)} for r in domains]


def budget(data: dict, lang: str) -> Section:
    origin = t(f"budget_origin.{data['origin']}", lang)
    facts = Facts([
        (t("fact.available", lang), data["available_cents"], "money"),
        (t("fact.budget_origin", lang), origin, "text"),
        (t("fact.spent", lang), data["spent_cents"], "money"),
        (t("fact.spent_participations", lang), data["participations_cents"], "money"),
        (t("fact.spent_expenses", lang), data["expenses_cents"], "money"),
        (t("fact.committed", lang), data["committed_cents"], "money"),
        (t("fact.remaining", lang), data["remaining_cents"], "money"),
        (t("fact.used", lang), data["used_bp"], "percent"),
    ])
    by_source = Table("by_source", t("table.budget_by_source", lang), [
        Col("source_label", t("col.source", lang)),
        Col("available_cents", t("col.available", lang), "money"),
        Col("spent_cents", t("col.spent", lang), "money"),
        Col("committed_cents", t("col.committed", lang), "money"),
        Col("remaining_cents", t("col.remaining", lang), "money"),
        Col("used_bp", t("col.used", lang), "percent"),
    ], [{**r, "source_label": t(f"source.{r['source']}", lang)} for r in data["by_source"]],
        note=t("note.used", lang))
    by_domain = Table("spent_by_domain", t("table.spent_by_domain", lang), [
        Col("label", t("col.domain", lang)), Col("spent_cents", t("col.spent", lang), "money"),
    ], data["spent_by_domain"])
    by_category = Table("spent_by_category", t("table.spent_by_category", lang), [
        Col("category", t("col.category", lang)), Col("spent_cents", t("col.spent", lang), "money"),
    ], [{**r, "category": t(f"category.{r['key']}", lang)} for r in data["spent_by_category"]])
    chart = Chart("budget", t("chart.budget", lang), [
        *[(t(f"source.{r['source']}", lang), r["available_cents"], r["spent_cents"], r["committed_cents"])
          for r in data["by_source"]],
        (t("budget_total", lang), data["available_cents"], data["spent_cents"], data["committed_cents"]),
    ], unit="money")
    return Section("budget", t("section.budget", lang), [facts, chart, by_source, by_domain, by_category])


def meetings(data: dict, lang: str, complete: bool = True) -> Section:
    actions = data["actions"]
    kinds = {r["key"]: r["meetings"] for r in data["by_kind"]}
    facts = Facts([
        (t("fact.meetings_held", lang), t("fact.held_value", lang, held=data["held"], minimum=data["minimum"]),
         "text"),
        (t("fact.working_groups", lang), kinds["werkgroep"], "int"),
        *([] if complete else [(t("fact.planned", lang), data["planned"], "int")]),
        (t("fact.with_minutes", lang), data["with_minutes"], "int"),
        (t("fact.poverty_voices", lang), t("fact.poverty_value", lang, n=data["poverty_voices"],
                                           meetings=data["meetings_with_poverty_voices"]), "text"),
        (t("fact.actions", lang), t("fact.actions_value", lang, **actions), "text"),
    ])
    listed = Table("meetings", t("table.meetings", lang), [
        Col("date", t("col.date", lang), "date"), Col("kind_label", t("col.meeting_kind", lang)),
        Col("place", t("col.place", lang)), Col("present", t("col.present", lang), "int"),
        Col("excused", t("col.excused", lang), "int"), Col("absent", t("col.absent", lang), "int"),
        Col("poverty_voices", t("col.poverty_voices", lang), "int"),
        Col("has_minutes", t("col.minutes", lang), "bool"),
    ], [{**r, "kind_label": t(f"meeting_kind.{r['kind']}", lang)} for r in data["list"]])
    attendance = Table("attendance", t("table.attendance", lang), [
        Col("partner", t("col.partner", lang)), Col("present", t("col.present", lang), "int"),
        Col("excused", t("col.excused", lang), "int"), Col("absent", t("col.absent", lang), "int"),
        Col("not_recorded", t("col.not_recorded", lang), "int"),
        Col("attendance_bp", t("col.attendance", lang), "percent"),
    ], data["attendance"], note=t("note.attendance", lang))
    blocks: list = [facts, listed, attendance]
    if data["open_actions"]:
        blocks.append(Table("open_actions", t("table.open_actions", lang), [
            Col("text", t("col.action", lang)), Col("owner", t("col.owner", lang)),
            Col("due_date", t("col.due", lang), "date"), Col("meeting_date", t("col.meeting", lang), "date"),
        ], data["open_actions"]))
    return Section("meetings", t("section.meetings", lang), blocks)


def goals(report: dict, lang: str) -> Section:
    rows = [
        {**g, "goal": INDENT * g["depth"] + g["title"],
         "state_label": t(f"goal_state.{g['state'] or 'none'}", lang),
         "level_label": t(f"goal_level.{g['level']}", lang)}
        for g in report["goals"]
    ]
    table = Table("goals", t("table.goals", lang), [
        Col("code", t("col.code", lang)), Col("goal", t("col.goal", lang)),
        Col("state_label", t("col.evaluation", lang)), Col("comment", t("col.comment", lang)),
    ], rows)
    summary = Facts([(t(f"goal_state.{r['key']}", lang), r["goals"], "int") for r in report["goals_by_state"]],
                    title=t("table.goals_by_state", lang))
    return Section("goals", t("section.goals", lang), [table, summary])


def findings(report: dict, lang: str) -> Section:
    notes = Notes([(f["severity"], finding_text(f, lang)) for f in report["findings"]],
                  empty=t("no_findings", lang))
    return Section("findings", t("section.findings", lang), [notes])
