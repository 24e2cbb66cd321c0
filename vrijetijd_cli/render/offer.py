"""The transparent offer as table, CSV, JSON, Markdown or a printable, self-contained HTML page.

It is what partners hand out: it must read well for someone who never saw the tool, on paper
and on a phone. The HTML has its CSS inline and no scripts, fonts or images from elsewhere.
"""

from __future__ import annotations

import re
from datetime import date
from html import escape
from pathlib import Path

from vrijetijd_cli import formats as fmt
from vrijetijd_cli.i18n import N_, _, language, ngettext, pgettext
from vrijetijd_cli.render.output import Column

TABLE_COLUMNS = [
    Column("title", N_("Activiteit")),
    Column("when", N_("Wanneer")),
    Column("where", N_("Waar")),
    Column("full", N_("Gewone prijs")),
    Column("pays", N_("U betaalt")),
]
CSV_COLUMNS = [
    Column("domain_label", N_("Domein")),
    Column("title", N_("Activiteit")),
    Column("organiser", N_("Organisator")),
    Column("when", N_("Wanneer")),
    Column("start_date", N_("Begindatum"), "date"),
    Column("end_date", N_("Einddatum"), "date"),
    Column("where", N_("Waar")),
    Column("price_cents", N_("Gewone prijs"), "money"),
    Column("kansentarief_cents", N_("U betaalt"), "money"),
]


def _weekday(day: date) -> str:
    """'za': the day of the week, short, as on a calendar."""
    return (
        pgettext("short weekday", "ma"),
        pgettext("short weekday", "di"),
        pgettext("short weekday", "wo"),
        pgettext("short weekday", "do"),
        pgettext("short weekday", "vr"),
        pgettext("short weekday", "za"),
        pgettext("short weekday", "zo"),
    )[day.weekday()]


def when(activity: dict) -> str:
    """The dates as people say them: 'za 12/07/2026', 'van 01/07/2026 tot 31/08/2026'…"""
    start, end, kind = (
        activity.get("start_date"),
        activity.get("end_date"),
        activity.get("calendar_type"),
    )
    if kind == "permanent" or not start:
        return _("doorlopend")
    if not end:
        return _("vanaf {start}").format(start=fmt.day(start))
    if end == start:
        return f"{_weekday(date.fromisoformat(start))} {fmt.day(start)}"
    if kind == "multiple":
        return _("{start} tot {end}, meerdere data").format(start=fmt.day(start), end=fmt.day(end))
    return _("van {start} tot {end}").format(start=fmt.day(start), end=fmt.day(end))


def where(activity: dict) -> str:
    place = activity.get("place") or ""
    town = " ".join(
        p for p in (activity.get("postcode") or "", activity.get("locality") or "") if p
    )
    if town and activity.get("locality") and activity["locality"].casefold() in place.casefold():
        town = ""
    return ", ".join(p for p in (place, town) if p)


def price(cents: int) -> str:
    return _("gratis") if cents == 0 else fmt.money(cents)


def emit(data: dict, output_format: str, output: Path | None) -> None:
    from vrijetijd_cli.render.output import write

    if output_format == "json":
        from vrijetijd_cli.render.output import to_json

        write(to_json(data), output)
    elif output_format == "md":
        write(markdown(data), output)
    elif output_format == "html":
        write(html_page(data), output)
    elif output_format == "csv":
        _csv(data, output)
    else:
        _table(data, output)


def _display_rows(group: dict) -> list[dict]:
    return [
        {
            **a,
            "domain_label": group["label"],
            "when": when(a),
            "where": where(a),
            "full": price(a["price_cents"]),
            "pays": price(a["kansentarief_cents"]),
        }
        for a in group["activities"]
    ]


def _csv(data: dict, output: Path | None) -> None:
    from vrijetijd_cli.render.output import cell, write_csv

    rows = (
        [cell(r.get(c.key), c, for_csv=True) for c in CSV_COLUMNS]
        for group in data["domains"]
        for r in _display_rows(group)
    )
    write_csv([_(c.label) for c in CSV_COLUMNS], rows, output)


def _title() -> str:
    return _("Vrije tijd met kansentarief")


def _table(data: dict, output: Path | None) -> None:
    from vrijetijd_cli.render.output import make_table, print_renderables

    parts: list = [
        f"{_title()} — {data['network']}",
        _period(data),
    ]
    for group in data["domains"]:
        rows = [{**r, "title": _title_with_organiser(r)} for r in _display_rows(group)]
        parts.append(make_table(rows, TABLE_COLUMNS, f"{group['label']} ({len(rows)})"))
    if not data["domains"]:
        parts.append(_empty())
    parts.append(_how(data))
    print_renderables(parts, output)


def _title_with_organiser(row: dict) -> str:
    organiser = row.get("organiser") or ""
    return (
        f"{row['title']} ({organiser})"
        if organiser and organiser != row.get("place")
        else row["title"]
    )


def _period(data: dict) -> str:
    start = fmt.day(data["date_from"])
    if data.get("date_to"):
        return _("Aanbod van {start} tot {end}").format(start=start, end=fmt.day(data["date_to"]))
    return _("Aanbod vanaf {start}").format(start=start)


def _how(data: dict) -> str:
    text = _("Met het kansentarief betaalt u zelf maar {share} van de gewone prijs.").format(
        share=fmt.percent(data["participant_share_bp"])
    )
    if data.get("yearly_cap_cents"):
        rest = _("Het netwerk betaalt de rest, tot {cap} per persoon per kalenderjaar.").format(
            cap=fmt.money(data["yearly_cap_cents"])
        )
    else:
        rest = _("Het netwerk betaalt de rest.")
    return f"{text} {rest}"


def _count(n: int) -> str:
    return ngettext("{count} activiteit", "{count} activiteiten", n).format(count=fmt.number(n))


def _empty() -> str:
    return _("Er is geen aanbod voor deze keuze.")


def _made_on() -> str:
    return _("Opgemaakt op")


def _column_note() -> str:
    return _("In de kolom ‘U betaalt’ staat wat u zelf betaalt.")


def _grounds_intro() -> str:
    return _("U hebt recht op het kansentarief als een van deze situaties voor u geldt:")


def _partners_intro() -> str:
    return _("Vraag ernaar bij een van de partners van het netwerk:")


# ---- Markdown ----

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def markdown(data: dict) -> str:
    lines = [
        f"# {_md(_title())}",
        "",
        f"**{_md(data['network'])}** · {_period(data)} · {_made_on()} {fmt.day(data['made_on'])}",
        "",
        "## " + _("Hoe werkt het?"),
        "",
        f"{_md(_how(data))} {_md(_column_note())}",
        "",
        "## " + _("Wie heeft recht op het kansentarief?"),
        "",
        _grounds_intro(),
        "",
        *(f"- {_md(g)}" for g in data["grounds"]),
        "",
    ]
    headers = [_(c.label) for c in TABLE_COLUMNS]
    for group in data["domains"]:
        rows = _display_rows(group)
        lines += [f"## {_md(group['label'])} ({_count(len(rows))})", ""]
        lines.append("| " + " | ".join(headers) + " |")
        lines.append("|---|---|---|---:|---:|")
        for r in rows:
            title = f"**{_md(r['title'])}**"
            if r.get("organiser") and r["organiser"] != r.get("place"):
                title += f" ({_md(r['organiser'])})"
            lines.append(
                f"| {title} | {_md(r['when'])} | {_md(r['where'])} | {_md(r['full'])}"
                f" | **{_md(r['pays'])}** |"
            )
        lines.append("")
    if not data["domains"]:
        lines += [_empty(), ""]
    lines += [
        "## " + _("Waar kunt u terecht?"),
        "",
        _partners_intro(),
        "",
    ]
    lines += [f"- {_md(p)}" for p in data["partners"]]
    if data.get("contact"):
        lines += ["", _("Contact: {contact}").format(contact=_md(data["contact"]))]
    return "\n".join(lines) + "\n"


# ---- HTML ----

CSS = """
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0 auto;max-width:60rem;padding:1.5rem 1rem 3rem;font-family:"Segoe UI",Roboto,
"Helvetica Neue",Arial,sans-serif;font-size:16px;line-height:1.45;color:#1d1d1b;background:#fff}
header{border-bottom:4px solid #0b5d7a;margin-bottom:1rem;padding-bottom:.5rem}
h1{font-size:2rem;margin:0 0 .25rem;color:#0b5d7a}
.meta{margin:0;color:#444}
.intro{display:flex;flex-wrap:wrap;gap:1rem;margin:1rem 0 1.5rem}
.intro section{flex:1 1 18rem;background:#eef6f9;border-left:4px solid #0b5d7a;padding:.75rem 1rem}
.intro h2{font-size:1.1rem;margin:0 0 .4rem;color:#0b5d7a}
.intro p,.intro ul{margin:.3rem 0}
.intro ul{padding-left:1.2rem}
nav{margin:0 0 1rem}
nav a{display:inline-block;margin:0 .5rem .4rem 0;padding:.2rem .7rem;border:1px solid #0b5d7a;
border-radius:1rem;color:#0b5d7a;text-decoration:none}
.domain h2{font-size:1.4rem;margin:1.5rem 0 .5rem;padding:.3rem .6rem;background:#0b5d7a;color:#fff}
.domain h2 span{font-weight:normal;font-size:1rem}
table{width:100%;border-collapse:collapse;margin-bottom:1rem}
th,td{text-align:left;vertical-align:top;padding:.45rem .5rem;border-bottom:1px solid #c9d6db}
th{background:#f4f7f8;font-size:.9rem}
tbody tr:nth-child(even){background:#fafcfc}
td.num,th.num{text-align:right;white-space:nowrap}
td.pay{font-weight:bold;font-size:1.05rem;color:#0b5d7a}
.org{display:block;font-size:.85rem;color:#555}
.when{white-space:nowrap}
.empty{font-style:italic}
footer{margin-top:2rem;padding-top:.75rem;border-top:1px solid #c9d6db;color:#444;font-size:.9rem}
footer h2{font-size:1.1rem;margin:0 0 .3rem}
footer ul{margin:.3rem 0;padding-left:1.2rem}
@media screen and (max-width:40rem){
table,tbody,tr,td{display:block;width:100%}
thead{position:absolute;left:-9999px}
tbody tr{padding:.4rem 0;border-bottom:1px solid #c9d6db}
td{border:none;padding:.1rem .3rem}
td.num{text-align:left}
td[data-label]::before{content:attr(data-label) ": ";font-weight:normal;color:#555}
.when{white-space:normal}
}
@page{size:A4;margin:14mm 12mm}
@media print{
body{max-width:none;padding:0;font-size:11pt}
nav{display:none}
.intro section{background:none;border:1px solid #0b5d7a}
.domain h2{background:none;color:#000;border-bottom:2px solid #000;
break-after:avoid;page-break-after:avoid}
thead{display:table-header-group}
tr{break-inside:avoid;page-break-inside:avoid}
td.pay{color:#000}
}
"""


def _anchor(code: str) -> str:
    return "domein-" + (re.sub(r"[^a-z0-9]+", "-", code.casefold()).strip("-") or "x")


def html_page(data: dict) -> str:
    e = escape
    title = f"{_title()} — {data['network']}"
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(language())}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{e(_title())}</h1>",
        f'<p class="meta"><strong>{e(data["network"])}</strong> · {e(_period(data))} · '
        f"{e(_made_on())} {e(fmt.day(data['made_on']))}</p>",
        "</header>",
        '<div class="intro">',
        "<section><h2>" + e(_("Hoe werkt het?")) + "</h2>",
        f"<p>{e(_how(data))}</p><p>{e(_column_note())}</p></section>",
        "<section><h2>" + e(_("Wie heeft recht op het kansentarief?")) + "</h2>",
        f"<p>{e(_grounds_intro())}</p>",
        "<ul>" + "".join(f"<li>{e(g)}</li>" for g in data["grounds"]) + "</ul></section>",
        "</div>",
    ]
    if data["domains"]:
        links = "".join(
            f'<a href="#{_anchor(g["code"])}">{e(g["label"])} ({len(g["activities"])})</a>'
            for g in data["domains"]
        )
        out.append(f"<nav>{links}</nav>")
    else:
        out.append(f'<p class="empty">{e(_empty())}</p>')
    numeric = ' class="num"'
    heads = "".join(
        f'<th scope="col"{numeric if c.key in ("full", "pays") else ""}>'
        f"{e(_(c.label))}</th>"
        for c in TABLE_COLUMNS
    )
    # on a phone each row becomes a card; these name its lines
    names = {c.key: f' data-label="{e(_(c.label))}"' for c in TABLE_COLUMNS}
    for group in data["domains"]:
        rows = _display_rows(group)
        out.append(f'<section class="domain" id="{_anchor(group["code"])}">')
        out.append(f"<h2>{e(group['label'])} <span>({e(_count(len(rows)))})</span></h2>")
        out.append(f"<table><thead><tr>{heads}</tr></thead><tbody>")
        for r in rows:
            organiser = r.get("organiser") or ""
            org = (
                f'<span class="org">{e(organiser)}</span>'
                if organiser and organiser != r.get("place")
                else ""
            )
            out.append(
                f"<tr><td><strong>{e(r['title'])}</strong>{org}</td>"
                f'<td class="when"{names["when"]}>{e(r["when"])}</td>'
                f'<td{names["where"]}>{e(r["where"])}</td>'
                f'<td class="num"{names["full"]}>{e(r["full"])}</td>'
                f'<td class="num pay"{names["pays"]}>{e(r["pays"])}</td></tr>'
            )
        out.append("</tbody></table>")
        out.append("</section>")
    out.append("<footer>")
    out.append("<h2>" + e(_("Waar kunt u terecht?")) + "</h2>")
    out.append(f"<p>{e(_partners_intro())}</p>")
    out.append("<ul>" + "".join(f"<li>{e(p)}</li>" for p in data["partners"]) + "</ul>")
    if data.get("contact"):
        out.append("<p>" + e(_("Contact: {contact}").format(contact=data["contact"])) + "</p>")
    out.append("</footer>")
    out.append("</body>")
    out.append("</html>")
    return "\n".join(out) + "\n"
