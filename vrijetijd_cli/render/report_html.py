"""A report as one self-contained HTML file: inline CSS and SVG, no script, print-ready on A4."""

from __future__ import annotations

from html import escape

from vrijetijd_cli.i18n import _, language
from vrijetijd_cli.render.report_layout import (
    NUMERIC,
    Chart,
    Document,
    Facts,
    Notes,
    Table,
    severity_name,
    text,
)
from vrijetijd_cli.render.report_svg import svg

CSS = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
* { box-sizing: border-box; }
html { font-family: "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", sans-serif;
       font-size: 10pt; color: #1a202c; }
body { margin: 0 auto; max-width: 182mm; padding: 8mm 0; line-height: 1.35; }
header { border-bottom: 2px solid #2c7a7b; margin-bottom: 5mm; }
h1 { font-size: 20pt; margin: 0 0 1mm; color: #234e52; }
.subtitle { font-size: 11pt; margin: 0 0 2mm; }
.meta { color: #4a5568; margin: 0 0 1mm; font-style: italic; }
nav ol { columns: 2; margin: 0 0 6mm; padding-left: 5mm; }
nav a { color: #234e52; text-decoration: none; }
section { margin-bottom: 7mm; }
h2 { font-size: 14pt; color: #234e52; border-bottom: 1px solid #b2d8d8; padding-bottom: 1mm;
     margin: 6mm 0 3mm; break-after: avoid; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 1mm 6mm; margin: 0 0 4mm; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.facts-title { font-weight: 600; margin: 3mm 0 1mm; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 0 0 1mm; break-inside: auto; }
table.short { break-inside: avoid; }
caption { text-align: left; font-weight: 600; padding: 2mm 0 1mm; break-after: avoid; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border-bottom: 1px solid #e2e8f0; padding: 1mm 2mm; vertical-align: top; text-align: left; }
th { background: #edf7f7; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.note { color: #4a5568; font-size: 8.5pt; margin: 0 0 4mm; break-before: avoid; }
figure.chart { margin: 2mm 0 5mm; break-inside: avoid; }
figure.chart figcaption { font-weight: 600; margin-bottom: 1mm; }
svg.chart-svg { width: 100%; height: auto; font-family: inherit; fill: #1a202c; }
ul.findings { padding-left: 0; list-style: none; margin: 0 0 4mm; }
ul.findings li { margin: 0 0 1.5mm; padding: 1mm 3mm; border-left: 4px solid #a0aec0;
                 background: #f7fafc; break-inside: avoid; }
ul.findings li.warning { border-left-color: #dd6b20; background: #fffaf0; }
ul.findings li.plain { border-left-color: #e2e8f0; background: none; }
footer { color: #718096; font-size: 8pt; border-top: 1px solid #e2e8f0; padding-top: 2mm; }
@media print {
  body { padding: 0; max-width: none; }
  nav { display: none; }
  /* the first page is the summary a council member reads; the detail follows */
  #summary { font-size: 9pt; }
  #summary h2 { margin-top: 2mm; }
  #summary figure.chart { margin-bottom: 2mm; }
  #summary + section { break-before: page; }
}
"""
# a table this short is never split over two pages
SHORT_TABLE_ROWS = 15


def page_css(doc: Document) -> str:
    """Every printed page names the network and the year and carries 'pagina N van M'."""
    running = _css_string(f"{doc.subtitle} — {doc.year}")
    page = _("pagina {page} van {pages}")
    pieces = [_css_string(piece) if piece not in ("{page}", "{pages}") else
              ("counter(page)" if piece == "{page}" else "counter(pages)")
              for piece in _split_placeholders(page)]
    return ("@page { @top-left { content: " + running + "; font-size: 8pt; color: #718096; }"
            " @bottom-right { content: " + " ".join(pieces) + "; font-size: 8pt; color: #718096; } }")


def _split_placeholders(text: str) -> list[str]:
    import re

    return [piece for piece in re.split(r"(\{page\}|\{pages\})", text) if piece]


def _css_string(value: str) -> str:
    """A CSS string literal: quotes, backslashes and line ends escaped; nothing can close the rule."""
    escaped = "".join(f"\\{ord(c):x} " if c in '"\\\n\r<>{};' or ord(c) < 32 else c for c in value)
    return f'"{escaped}"'


def html(doc: Document) -> str:
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(language())}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(doc.title)} — {escape(doc.subtitle)}</title>",
        f"<style>{CSS}{page_css(doc)}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{escape(doc.title)}</h1>",
        f'<p class="subtitle">{escape(doc.subtitle)}</p>',
        *[f'<p class="meta">{escape(line)}</p>' for line in doc.meta],
        "</header>",
    ]
    if len(doc.sections) > 2:
        contents = _("Inhoud")
        parts.append(f'<nav aria-label="{escape(contents)}"><ol>')
        parts += [f'<li><a href="#{s.key}">{escape(s.title)}</a></li>' for s in doc.sections]
        parts.append("</ol></nav>")
    for section in doc.sections:
        parts.append(f'<section id="{escape(section.key)}">')
        parts.append(f"<h2>{escape(section.title)}</h2>")
        parts += [_block(block) for block in section.blocks]
        parts.append("</section>")
    parts.append(f"<footer>{escape(doc.subtitle)} · {escape(doc.meta[1] if len(doc.meta) > 1 else doc.title)}</footer>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _block(block) -> str:
    if isinstance(block, Facts):
        title = f'<p class="facts-title">{escape(block.title)}</p>' if block.title else ""
        items = "".join(
            f"<dt>{escape(name)}</dt><dd>{escape(text(value, kind))}</dd>" for name, value, kind in block.items
        )
        return f'{title}<dl class="facts">{items}</dl>'
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Chart):
        return (f'<figure class="chart"><figcaption>{escape(block.title)}</figcaption>'
                f"{svg(block)}</figure>")
    if isinstance(block, Notes):
        return _notes(block)
    return ""


def _notes(block: Notes) -> str:
    title = f'<p class="facts-title">{escape(block.title)}</p>' if block.title else ""
    if not block.items:
        return f"{title}<p>{escape(block.empty)}</p>"
    items = []
    for severity, message in block.items:
        word = severity_name(severity)
        mark = f"<strong>{escape(word)}:</strong> " if word else ""
        items.append(f'<li class="{escape(severity)}">{mark}{escape(message)}</li>')
    return f'{title}<ul class="findings">{"".join(items)}</ul>'


def _table(block: Table) -> str:
    def cls(kind: str) -> str:
        return ' class="num"' if kind in NUMERIC else ""

    head = "".join(f"<th{cls(c.kind)} scope=\"col\">{escape(c.header)}</th>" for c in block.columns)
    body = []
    for row in block.rows:
        cells = "".join(f"<td{cls(c.kind)}>{escape(text(row.get(c.key), c.kind, row=row))}</td>"
                        for c in block.columns)
        body.append(f"<tr>{cells}</tr>")
    if not block.rows:
        empty = _("(geen)")
        body.append(f'<tr><td colspan="{len(block.columns)}">{escape(empty)}</td></tr>')
    note = f'<p class="note">{escape(block.note)}</p>' if block.note else ""
    short = ' class="short"' if len(block.rows) <= SHORT_TABLE_ROWS else ""
    return (f'<table id="t-{escape(block.key)}"{short}><caption>{escape(block.title)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{note}")
