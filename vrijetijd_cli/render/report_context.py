"""The omgevingsanalyse (reports/context.py) as a document: target group and reach per municipality,
reach over five years, and the offer per domain beside what the residents used."""

from __future__ import annotations

from vrijetijd_cli import formats as fmt
from vrijetijd_cli.i18n import _, pgettext
from vrijetijd_cli.render.report_layout import Chart, Col, Document, Notes, Section, Table, header_meta


def _named(report: dict) -> list[dict]:
    """The rows with their label: the municipality, and the rest of the people (outside the
    municipality of a local network, outside the region of a regional one)."""
    local = len(report["municipalities"]) <= 2
    rest = _("Buiten de gemeente") if local else _("Buiten de regio")
    return [{**row, "label": row["name"] or rest} for row in report["municipalities"]]


def layout(report: dict) -> Document:
    year = report["year"]
    return Document(
        kind="context", year=year, title=_("Omgevingsanalyse {year}").format(year=year),
        subtitle=f"{report['network']['name']} — {report['network']['municipality']}",
        meta=[_("Intern — bevat kleine aantallen; voor het netwerk en zijn gemeenten."), *header_meta(report)[1:]],
        sections=[target_group(report), over_years(report), offer(report), method()],
        slug=_("omgevingsanalyse-{year}").format(year=year),
    )


def target_group(report: dict) -> Section:
    rows = []
    for row in _named(report):
        group = row["target_group"] or {}
        rows.append({**row, "vt": group.get("verhoogde_tegemoetkoming"), "leefloon": group.get("leefloon")})
    counted = sorted({r["target_group"]["as_of"] for r in rows if r["target_group"]})
    table = Table("target_group", _("Doelgroep en bereik per gemeente in {year}").format(year=report["year"]), [
        Col("label", pgettext("report", "Gemeente")), Col("inhabitants", _("Inwoners"), "int"),
        Col("vt", _("VT"), "int"), Col("leefloon", _("Leefloon"), "int"),
        Col("participants", _("Bereikt"), "int"), Col("reach_bp", _("% doelgroep"), "percent"),
        Col("participations", _("Deelnames"), "int"), Col("participations_per_100_bp", _("Per 100"), "tenths"),
    ], rows, note=_("VT: inwoners met verhoogde tegemoetkoming; leefloon: inwoners met een leefloon (geteld op {days})."
                    " % doelgroep: bereikt tegenover VT. Per 100: deelnames per 100 inwoners met VT.").format(
        days=", ".join(fmt.day(d) for d in counted) or "—"))
    municipal = [r for r in rows if r["target_group"]]
    return Section("target_group", _("Doelgroep en bereik"), [
        table,
        Chart("bars", _("Bereikt, als deel van de doelgroep"), [(r["label"], r["reach_bp"]) for r in municipal],
              unit="percent"),
        Chart("bars", _("Deelnames per 100 mensen van de doelgroep"),
              [(r["label"], r["participations_per_100_bp"]) for r in municipal], unit="tenths"),
    ])


def over_years(report: dict) -> Section:
    years = report["years"]
    rows = []
    for row in _named(report):
        line = {"label": row["label"]}
        for entry in row["reach"]:
            line[f"y{entry['year']}"] = entry["participants"]
            line[f"s{entry['year']}"] = entry["reach_bp"]
        rows.append(line)
    total = {"label": _("Netwerk")}
    for y in years:
        total[f"y{y}"] = sum(r[f"y{y}"] for r in rows)
    people = Table("reach_by_year", _("Bereikte deelnemers over vijf jaar"), [
        Col("label", pgettext("report", "Gemeente")), *(Col(f"y{y}", str(y), "int") for y in years),
    ], [*rows, total], note=_("Een deelnemer hoort bij de gemeente van zijn postcode op de peildatum van elk jaar."))
    shares = Table("reach_share_by_year", _("Bereikt, als deel van de doelgroep, over vijf jaar"), [
        Col("label", pgettext("report", "Gemeente")), *(Col(f"s{y}", str(y), "percent") for y in years),
    ], [r for r, m in zip(rows, report["municipalities"], strict=True) if m["target_group"]],
        note=_("Tegenover de doelgroep zoals de config ze telt (één telling, voor elk jaar)."))
    chart = Chart("columns", _("Bereikte deelnemers in het netwerk per jaar"),
                  [(str(y), total[f"y{y}"]) for y in years])
    return Section("over_years", _("Bereik over vijf jaar"), [chart, people, shares])


def offer(report: dict) -> Section:
    blocks: list = [Table("domains", _("Aanbod en gebruik per domein in het netwerk"), [
        Col("label", _("Domein")), Col("activities", _("Activiteiten in het aanbod"), "int"),
        Col("participations", _("Deelnames"), "int"),
    ], report["domains"], note=_("Activiteiten in het aanbod van het jaar (met een datum in het jaar of doorlopend)."))]
    blocks.append(Chart("bars", _("Deelnames per domein"),
                        [(r["label"], r["participations"]) for r in report["domains"]]))
    for row in _named(report):
        title = _("Aanbod en gebruik per domein: {name}").format(name=row["label"])
        blocks.append(Table(f"domains_{row['key']}", title, [
            Col("label", _("Domein")), Col("activities", _("Activiteiten in de gemeente"), "int"),
            Col("participations", _("Deelnames van de inwoners"), "int"),
        ], row["domains"]))
    return Section("offer", _("Aanbod en gebruik"), blocks)


def method() -> Section:
    lines = [
        _("Doelgroep: de inwoners met verhoogde tegemoetkoming en met een leefloon uit de config, geteld op de"
          " datum die erbij staat; het aandeel bereikt en de deelnames per 100 zijn tegenover de inwoners met"
          " verhoogde tegemoetkoming (wie een leefloon heeft, heeft die ook)."),
        _("Bereikt in een jaar: wie in dat jaar een deelname, een toeleiding, een waardebon of een geldig statuut"
          " had. Deelnames tellen in het jaar van hun datum, bij de gemeente waar de deelnemer woont."),
        _("Aanbod van een gemeente: de activiteiten met een postcode van die gemeente; activiteiten zonder of met"
          " een andere postcode tellen bij 'Buiten de regio'."),
    ]
    return Section("method", _("Hoe de cijfers geteld worden"), [Notes([("plain", line) for line in lines])])
