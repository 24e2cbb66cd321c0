"""A report as a Markdown document: headings, fact lists and pipe tables."""

from __future__ import annotations

import re

from vrijetijd_cli.i18n import _
from vrijetijd_cli.render.report_layout import NUMERIC, Document, Facts, Notes, Table, severity_name, text


def markdown(doc: Document) -> str:
    lines = [f"# {_escape(doc.title)}", "", f"_{_escape(doc.subtitle)}_", ""]
    lines += [f"{_escape(line)}  " for line in doc.meta]
    for section in doc.sections:
        lines += ["", f"## {_escape(section.title)}"]
        for block in section.blocks:
            lines += _block(block)
    return "\n".join(lines).rstrip() + "\n"


def _block(block) -> list[str]:
    if isinstance(block, Facts):
        out = [""]
        if block.title:
            out += [f"**{_escape(block.title)}**", ""]
        out += [f"- **{_escape(name)}:** {_escape(text(value, kind))}" for name, value, kind in block.items]
        return out
    if isinstance(block, Table):
        out = ["", f"### {_escape(block.title)}", ""]
        out.append("| " + " | ".join(_escape(c.header) for c in block.columns) + " |")
        out.append("|" + "|".join(" ---: " if c.kind in NUMERIC else " --- " for c in block.columns) + "|")
        for row in block.rows:
            cells = [_escape(text(row.get(c.key), c.kind, row=row)) for c in block.columns]
            out.append("| " + " | ".join(cells) + " |")
        if not block.rows:
            out.append("| " + " | ".join([_("(geen)")] + [""] * (len(block.columns) - 1)) + " |")
        if block.note:
            out += ["", f"_{_escape(block.note)}_"]
        return out
    if isinstance(block, Notes):
        title = ["", f"**{_escape(block.title)}**"] if block.title else []
        if not block.items:
            return [*title, "", _escape(block.empty)]
        return [*title, ""] + [
            f"- **{severity_name(severity)}:** {_escape(message)}" if severity != "plain" else f"- {_escape(message)}"
            for severity, message in block.items
        ]
    return []  # charts are for the HTML report; the tables hold the same figures


def _escape(value: str) -> str:
    """Text typed by users must not become Markdown: escape what would change the layout."""
    result = str(value).replace("\\", "\\\\").replace("\r", " ").replace("\n", " ")
    for char in ("|", "*", "_", "`", "[", "]"):
        result = result.replace(char, "\\" + char)
    return _TAG.sub(r"\\<", result)  # '< 5' stays readable; '<script' does not become HTML


_TAG = re.compile(r"<(?=[A-Za-z/!?])")
