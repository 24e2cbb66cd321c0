"""The document of any report kind: the yearly report or a report on one topic."""

from __future__ import annotations

from vrijetijd_cli.render import report_context, report_council, report_topics, report_yearly
from vrijetijd_cli.render.report_layout import Document


def document(report: dict) -> Document:
    """The report laid out as sections of facts, tables, charts and notes (render/report_layout.py)."""
    if report["report"] == "yearly":
        return report_yearly.layout(report)
    if report["report"] == "municipality":
        return report_council.layout(report)
    if report["report"] == "context":
        return report_context.layout(report)
    return report_topics.layout(report)
