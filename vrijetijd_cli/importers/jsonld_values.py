"""Plain values out of UiTdatabank's JSON-LD: Belgian dates from ISO times, text without HTML."""

from __future__ import annotations

import html
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from typing import Any


def brussels_date(moment: datetime) -> date:
    """The calendar date in Belgium of a moment with an offset (EU summer time rule)."""
    if moment.tzinfo is None:
        return moment.date()
    utc = moment.astimezone(UTC).replace(tzinfo=None)
    summer_start = last_sunday(utc.year, 3)
    summer_end = last_sunday(utc.year, 10)
    # summer time runs from 01:00 UTC on the last Sunday of March to that of October
    in_summer = summer_start <= utc < summer_end
    return (utc + timedelta(hours=2 if in_summer else 1)).date()


def last_sunday(year: int, month: int) -> datetime:
    last = date(year, month + 1, 1) - timedelta(days=1)
    sunday = last - timedelta(days=(last.weekday() - 6) % 7)
    return datetime(sunday.year, sunday.month, sunday.day, 1)


def all_texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [v for v in value.values() if isinstance(v, str)]
    return []


def one_line(text: str, limit: int) -> str:
    """Control characters and runs of whitespace collapsed; cut at `limit` characters."""
    line = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


BLOCK_TAGS = {"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table"}


class TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data.replace("\n", " "))


def strip_html(text: str) -> str:
    """Plain text of an HTML description: tags dropped, entities decoded, paragraphs kept."""
    if not text:
        return ""
    if "<" in text:
        parser = TextOnly()
        parser.feed(text)
        parser.close()
        text = "".join(parser.parts)
    else:
        text = html.unescape(text)
    lines = (
        " ".join("".join(c if c.isprintable() else " " for c in line).split())
        for line in text.split("\n")
    )
    return "\n".join(line for line in lines if line)
