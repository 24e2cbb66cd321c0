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
from vrijetijd_cli.render.i18n import label
from vrijetijd_cli.render.output import Column

TABLE_COLUMNS = [
    Column("title", "activity.offer_what"),
    Column("when", "activity.when"),
    Column("where", "activity.offer_where"),
    Column("full", "activity.offer_full"),
    Column("pays", "activity.offer_you_pay"),
]
CSV_COLUMNS = [
    Column("domain_label", "activity.offer_domain"),
    Column("title", "activity.offer_what"),
    Column("organiser", "activity.offer_organiser"),
    Column("when", "activity.when"),
    Column("start_date", "activity.start_date", "date"),
    Column("end_date", "activity.end_date", "date"),
    Column("where", "activity.offer_where"),
    Column("price_cents", "activity.offer_full", "money"),
    Column("kansentarief_cents", "activity.offer_you_pay", "money"),
]


def when(activity: dict, lang: str = "nl") -> str:
    """The dates as people say them: 'za 12/07/2026', 'van 01/07/2026 tot 31/08/2026'…"""
    start, end, kind = (
        activity.get("start_date"),
        activity.get("end_date"),
        activity.get("calendar_type"),
    )
    if kind == "permanent" or not start:
        return label("activity.permanent", lang)
    if not end:
        return label("activity.open_from", lang).format(start=fmt.day(start))
    if end == start:
        weekday = label(f"activity.weekday_{date.fromisoformat(start).weekday()}", lang)
        return f"{weekday} {fmt.day(start)}"
    key = "activity.several" if kind == "multiple" else "activity.period"
    return label(key, lang).format(start=fmt.day(start), end=fmt.day(end))


def where(activity: dict) -> str:
    place = activity.get("place") or ""
    town = " ".join(
        p for p in (activity.get("postcode") or "", activity.get("locality") or "") if p
    )
    if town and activity.get("locality") and activity["locality"].casefold() in place.casefold():
        town = ""
    return ", ".join(p for p in (place, town) if p)


def price(cents: int, lang: str) -> str:
    return label("activity.free", lang) if cents == 0 else fmt.money(cents, lang)


def emit(data: dict, output_format: str, output: Path | None, lang: str) -> None:
    from vrijetijd_cli.render.output import write

    if output_format == "json":
        from vrijetijd_cli.render.output import to_json

        write(to_json(data), output)
    elif output_format == "md":
        write(markdown(data, lang), output)
    elif output_format == "html":
        write(html_page(data, lang), output)
    elif output_format == "csv":
        _csv(data, output, lang)
    else:
        _table(data, output, lang)


def _display_rows(group: dict, lang: str) -> list[dict]:
    return [
        {
            **a,
            "domain_label": group["label"],
            "when": when(a, lang),
            "where": where(a),
            "full": price(a["price_cents"], lang),
            "pays": price(a["kansentarief_cents"], lang),
        }
        for a in group["activities"]
    ]


def _csv(data: dict, output: Path | None, lang: str) -> None:
    from vrijetijd_cli.render.output import cell, write_csv

    rows = (
        [cell(r.get(c.key), c, lang, True) for c in CSV_COLUMNS]
        for group in data["domains"]
        for r in _display_rows(group, lang)
    )
    write_csv([label(c.label, lang) for c in CSV_COLUMNS], rows, output)


def _table(data: dict, output: Path | None, lang: str) -> None:
    from vrijetijd_cli.render.output import make_table, print_renderables

    parts: list = [
        f"{label('activity.offer_title', lang)} — {data['network']}",
        _period(data, lang),
    ]
    for group in data["domains"]:
        rows = [{**r, "title": _title_with_organiser(r)} for r in _display_rows(group, lang)]
        parts.append(make_table(rows, TABLE_COLUMNS, lang, f"{group['label']} ({len(rows)})"))
    if not data["domains"]:
        parts.append(label("activity.offer_empty", lang))
    parts.append(_how(data, lang))
    print_renderables(parts, output)


def _title_with_organiser(row: dict) -> str:
    organiser = row.get("organiser") or ""
    return (
        f"{row['title']} ({organiser})"
        if organiser and organiser != row.get("place")
        else row["title"]
    )


def _period(data: dict, lang: str) -> str:
    start = fmt.day(data["date_from"])
    if data.get("date_to"):
        return label("activity.offer_between", lang).format(
            start=start, end=fmt.day(data["date_to"])
        )
    return label("activity.offer_from", lang).format(start=start)


def _how(data: dict, lang: str) -> str:
    text = label("activity.offer_share", lang).format(
        share=fmt.percent(data["participant_share_bp"], lang)
    )
    if data.get("yearly_cap_cents"):
        return (
            text
            + " "
            + label("activity.offer_cap", lang).format(
                cap=fmt.money(data["yearly_cap_cents"], lang)
            )
        )
    return text + " " + label("activity.offer_rest", lang)


def _count(n: int, lang: str) -> str:
    word = label("activity.offer_count_one" if n == 1 else "activity.offer_count", lang)
    return f"{fmt.number(n, lang)} {word}"


# ---- Markdown ----

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def markdown(data: dict, lang: str = "nl") -> str:
    lines = [
        f"# {_md(label('activity.offer_title', lang))}",
        "",
        f"**{_md(data['network'])}** · {_period(data, lang)} · "
        f"{label('activity.offer_made_on', lang)} {fmt.day(data['made_on'])}",
        "",
        f"## {label('activity.offer_how', lang)}",
        "",
        f"{_md(_how(data, lang))} {_md(label('activity.offer_column', lang))}",
        "",
        f"## {label('activity.offer_who', lang)}",
        "",
        label("activity.offer_grounds", lang),
        "",
        *(f"- {_md(g)}" for g in data["grounds"]),
        "",
    ]
    headers = [label(c.label, lang) for c in TABLE_COLUMNS]
    for group in data["domains"]:
        rows = _display_rows(group, lang)
        lines += [f"## {_md(group['label'])} ({_count(len(rows), lang)})", ""]
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
        lines += [label("activity.offer_empty", lang), ""]
    lines += [
        f"## {label('activity.offer_ask', lang)}",
        "",
        label("activity.offer_partners", lang),
        "",
    ]
    lines += [f"- {_md(p)}" for p in data["partners"]]
    if data.get("contact"):
        lines += ["", f"{label('activity.offer_contact', lang)}: {_md(data['contact'])}"]
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


def html_page(data: dict, lang: str = "nl") -> str:
    e = escape
    title = f"{label('activity.offer_title', lang)} — {data['network']}"
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"en" if lang == "en" else "nl"}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{e(label('activity.offer_title', lang))}</h1>",
        f'<p class="meta"><strong>{e(data["network"])}</strong> · {e(_period(data, lang))} · '
        f"{e(label('activity.offer_made_on', lang))} {e(fmt.day(data['made_on']))}</p>",
        "</header>",
        '<div class="intro">',
        f"<section><h2>{e(label('activity.offer_how', lang))}</h2>",
        f"<p>{e(_how(data, lang))}</p><p>{e(label('activity.offer_column', lang))}</p></section>",
        f"<section><h2>{e(label('activity.offer_who', lang))}</h2>",
        f"<p>{e(label('activity.offer_grounds', lang))}</p>",
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
        out.append(f'<p class="empty">{e(label("activity.offer_empty", lang))}</p>')
    numeric = ' class="num"'
    heads = "".join(
        f'<th scope="col"{numeric if c.key in ("full", "pays") else ""}>'
        f"{e(label(c.label, lang))}</th>"
        for c in TABLE_COLUMNS
    )
    # on a phone each row becomes a card; these name its lines
    names = {c.key: f' data-label="{e(label(c.label, lang))}"' for c in TABLE_COLUMNS}
    for group in data["domains"]:
        rows = _display_rows(group, lang)
        out.append(f'<section class="domain" id="{_anchor(group["code"])}">')
        out.append(f"<h2>{e(group['label'])} <span>({e(_count(len(rows), lang))})</span></h2>")
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
    out.append(f"<h2>{e(label('activity.offer_ask', lang))}</h2>")
    out.append(f"<p>{e(label('activity.offer_partners', lang))}</p>")
    out.append("<ul>" + "".join(f"<li>{e(p)}</li>" for p in data["partners"]) + "</ul>")
    if data.get("contact"):
        out.append(f"<p>{e(label('activity.offer_contact', lang))}: {e(data['contact'])}</p>")
    out.append("</footer>")
    out.append("</body>")
    out.append("</html>")
    return "\n".join(out) + "\n"
