"""The municipalities of a network: read from the config, and which postcode belongs to which
municipality on a given day (docs/architecture.md, "Configuration" and "Regional networks").

A network has one municipality (the old `network.municipality` + `network.postcodes` form, or a
`municipalities:` list of one) or several (a regional network). A postcode may carry the day
from which it belongs to a municipality, and the day until which (municipalities merge:
Kortessem's postcodes belong to Hasselt from 1 January 2025); a postcode never belongs to two
municipalities on the same day. A participant's municipality follows from the current postcode
on the reference date of the year (reports/__init__.Period.as_of).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, NamedTuple

from vrijetijd_cli.errors import InvalidInput
from vrijetijd_cli.i18n import _

# the word for 'the region as a whole' (a partner, a budget or an expense of no one municipality)
REGION = "regio"
_NIS = re.compile(r"[1-9]\d{4}")
_POSTCODE = re.compile(r"[1-9]\d{3}")
_FIRST, _LAST = "0000-01-01", "9999-12-31"


class PostcodeSpan(NamedTuple):
    """A postcode of a municipality, from `start` up to and including `until` (ISO; None: always)."""

    code: str
    start: str | None = None
    until: str | None = None

    def covers(self, on: str) -> bool:
        return (self.start or _FIRST) <= on <= (self.until or _LAST)


class TargetGroup(NamedTuple):
    """How many inhabitants have the verhoogde tegemoetkoming and a leefloon, counted on `as_of`."""

    increased_reimbursement: int
    living_wage: int
    as_of: str


class MunicipalityConfig(NamedTuple):
    key: str  # the NIS code; the name for a municipality configured without one (the old form)
    name: str
    nis_code: str
    postcodes: tuple[PostcodeSpan, ...]
    inhabitants: int | None = None
    target_group: TargetGroup | None = None

    def postcodes_on(self, on: str) -> list[str]:
        return [span.code for span in self.postcodes if span.covers(on)]


def postcode_map(municipalities: tuple[MunicipalityConfig, ...], on: str) -> dict[str, str]:
    """{postcode: municipality key} of the postcodes that belong to a municipality on `on` (ISO)."""
    return {code: m.key for m in municipalities for code in m.postcodes_on(on)}


def known_names(municipalities: tuple[MunicipalityConfig, ...]) -> str:
    return ", ".join(m.name for m in municipalities)


def find(municipalities: tuple[MunicipalityConfig, ...], text: object) -> MunicipalityConfig | None:
    """A municipality by name (any case, accents, spaces) or NIS code; None when unknown."""
    from vrijetijd_cli.parse import normalize

    wanted = normalize(text)
    for municipality in municipalities:
        if wanted and wanted in (normalize(municipality.name), municipality.nis_code, normalize(municipality.key)):
            return municipality
    return None


def resolve(municipalities: tuple[MunicipalityConfig, ...], text: object, field: str = "--municipality",
            region: bool = True) -> str | None:
    """The key of the municipality `text` names, or None for the region as a whole ('regio', when
    `region` allows it). A network of one municipality stores None: it is the network itself.
    An unknown name is refused with the names the config knows."""
    from vrijetijd_cli.parse import normalize

    if region and normalize(text) == REGION:
        return None
    found = find(municipalities, text)
    if found is None:
        choices = known_names(municipalities) + (f", {REGION}" if region and len(municipalities) > 1 else "")
        raise InvalidInput(_("{field}: gemeente {name!r} is onbekend; kies uit {choices}").format(
            field=field, name=str(text).strip(), choices=choices))
    return found.key if len(municipalities) > 1 else None


def label(municipalities: tuple[MunicipalityConfig, ...], key: str | None) -> str:
    """The name of a municipality key; 'regio' for None."""
    for municipality in municipalities:
        if municipality.key == key:
            return municipality.name
    return REGION if key is None else key


def network_totals(yearly: dict) -> dict:
    """The network's totals of the figures a municipality's row of a regional yearly report has, read
    from the report's own sections (a hidden figure of a public report stays hidden, and a share of it
    is left out): the region beside a council's report, the last row of the section per municipality."""
    reach, part, money = yearly["reach"], yearly["participation"], yearly["budget"]
    rows = [*yearly["municipalities"], yearly["outside_region"]]
    target = sum(r["target_group"]["verhoogde_tegemoetkoming"] for r in rows if r["target_group"])
    attendance = {key: sum(r[key] for r in yearly["meetings"]["attendance"])
                  for key in ("present", "excused", "absent", "not_recorded")}
    return {
        **{key: reach[key] for key in ("participants", "new_participants", "took_part", "household_members")},
        "target_group": target or None,
        # the people of the region (not those from outside) against its target group
        "reach_bp": _shown_share(reach["living_in_municipality"], target or None),
        "participations": part["participations"], "persons": part["persons"],
        "network_paid_cents": part["network_paid_cents"],
        "spent_on_residents_cents": money["participations_cents"], "available_cents": money["available_cents"],
        "charged_cents": money["spent_cents"], "committed_cents": money["committed_cents"],
        "remaining_cents": money["remaining_cents"], "used_bp": money["used_bp"],
        "referrals": yearly["referrals"]["total"], "led_to_participation": yearly["referrals"]["led_to_participation"],
        "partners": yearly["network"]["partner_count"],
        "attendance": attendance, "attendance_bp": _shown_share(attendance["present"], sum(attendance.values())),
    }


def _shown_share(part: object, total: object) -> int | None:
    from vrijetijd_cli.numbers import share_bp

    if not isinstance(part, int) or not isinstance(total, int) or isinstance(part, bool):
        return None
    return share_bp(part, total)


# ---- reading the config ----

def read(reader: Any, raw: dict) -> tuple[MunicipalityConfig, ...]:
    """The municipalities of the config: `municipalities:`, else the one of `network.municipality`
    and `network.postcodes`. `reader` is config_file.Reader (errors name the file and the key)."""
    listed = raw.get("municipalities")
    if listed is None:
        name = reader.text("network.municipality")
        spans = _postcodes(reader, reader.mapping("network"), "network.")
        result = (MunicipalityConfig(name, name, "", spans),)
    else:
        if not isinstance(listed, list) or not listed:
            reader.fail("municipalities", _("een lijst van minstens één gemeente"), listed)
        for name in ("postcodes", "postcodes_from", "postcodes_until"):
            if reader.get(f"network.{name}", None) is not None:
                reader.fail(f"network.{name}", _("weggelaten: de postcodes staan bij elke gemeente onder"
                                                 " 'municipalities'"), reader.get(f"network.{name}"))
        result = tuple(_municipality(reader, item, f"municipalities[{index}]")
                       for index, item in enumerate(listed))
        _check_unique(reader, result)
    _check_overlaps(reader, result)
    return result


def _municipality(reader: Any, item: Any, key: str) -> MunicipalityConfig:
    if not isinstance(item, dict):
        reader.fail(key, _("een mapping met 'name', 'nis_code', 'postcodes' en 'inhabitants'"), item)
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        reader.fail(f"{key}.name", _("een niet-lege tekst"), name)
    if name.strip().casefold() == REGION:
        reader.fail(f"{key}.name", _("een andere naam dan {word!r} (dat woord staat voor de hele regio)").format(
            word=REGION), name)
    nis = item.get("nis_code")
    nis_text = str(nis) if isinstance(nis, int) and not isinstance(nis, bool) else nis
    if not isinstance(nis_text, str) or not _NIS.fullmatch(nis_text.strip()):
        reader.fail(f"{key}.nis_code", _("een NIS-code van vijf cijfers (bv. \"71022\")"), nis)
    spans = _postcodes(reader, item, f"{key}.")
    if not spans:
        reader.fail(f"{key}.postcodes", _("een lijst van minstens één postcode"), item.get("postcodes"))
    inhabitants = _count(reader, item.get("inhabitants"), f"{key}.inhabitants")
    group = item.get("target_group")
    target = None
    if group is not None:
        if not isinstance(group, dict):
            reader.fail(f"{key}.target_group", _("een mapping met 'verhoogde_tegemoetkoming', 'leefloon' en"
                                                 " 'as_of'"), group)
        target = TargetGroup(
            _count(reader, group.get("verhoogde_tegemoetkoming"), f"{key}.target_group.verhoogde_tegemoetkoming"),
            _count(reader, group.get("leefloon"), f"{key}.target_group.leefloon"),
            _day(reader, group.get("as_of"), f"{key}.target_group.as_of"),
        )
    return MunicipalityConfig(nis_text.strip(), name.strip(), nis_text.strip(), spans, inhabitants, target)


def _count(reader: Any, value: Any, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        reader.fail(key, _("een geheel getal ≥ {minimum}").format(minimum=0), value)
    return value


def _day(reader: Any, value: Any, key: str) -> str:
    """An ISO date (quoted, "2025-01-01", or as YAML reads a bare date)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    reader.fail(key, _('een datum jjjj-mm-dd (bv. "2025-01-01")'), value)
    raise AssertionError  # unreachable: fail raises


def _postcodes(reader: Any, node: dict, key: str) -> tuple[PostcodeSpan, ...]:
    """`postcodes`: the codes that always belong; `postcodes_from` and `postcodes_until`: {day: [codes]}
    that belong only from, or up to and including, that day (a merger)."""
    listed = node.get("postcodes", [])
    if not isinstance(listed, list):
        reader.fail(f"{key}postcodes", _("een lijst"), listed)
    spans = [PostcodeSpan(_postcode(reader, code, f"{key}postcodes[{index}]")) for index, code in enumerate(listed)]
    for name in ("postcodes_from", "postcodes_until"):
        dated = node.get(name, {})
        if not isinstance(dated, dict):
            reader.fail(f"{key}{name}", _("een mapping van datums naar lijsten van postcodes"), dated)
        for day, codes in dated.items():
            on = _day(reader, day, f"{key}{name}")
            if not isinstance(codes, list):
                reader.fail(f"{key}{name}.{on}", _("een lijst"), codes)
            for index, code in enumerate(codes):
                text = _postcode(reader, code, f"{key}{name}.{on}[{index}]")
                spans.append(PostcodeSpan(text, on, None) if name == "postcodes_from" else PostcodeSpan(text, None, on))
    return tuple(spans)


def _postcode(reader: Any, code: Any, key: str) -> str:
    text = str(code) if isinstance(code, int) and not isinstance(code, bool) else code
    if not isinstance(text, str) or not _POSTCODE.fullmatch(text.strip()):
        reader.fail(key, _("een Belgische postcode van vier cijfers (bv. \"3500\")"), code)
    return text.strip()


def _check_unique(reader: Any, municipalities: tuple[MunicipalityConfig, ...]) -> None:
    from vrijetijd_cli.parse import normalize

    seen: dict[str, int] = {}
    for index, municipality in enumerate(municipalities):
        for value, field in ((normalize(municipality.name), "name"), (municipality.nis_code, "nis_code")):
            if f"{field}:{value}" in seen:
                other = municipalities[seen[f"{field}:{value}"]]
                reader.fail(f"municipalities[{index}].{field}", _("anders dan die van {other}").format(
                    other=other.name), getattr(municipality, field))
            seen[f"{field}:{value}"] = index


def _check_overlaps(reader: Any, municipalities: tuple[MunicipalityConfig, ...]) -> None:
    """A postcode belongs to at most one municipality on any day."""
    seen: dict[str, list[tuple[PostcodeSpan, str]]] = {}
    for m_index, municipality in enumerate(municipalities):
        for span in municipality.postcodes:
            for other, name in seen.get(span.code, []):
                if _overlap(span, other):
                    key = (f"municipalities[{m_index}]" if reader.get("municipalities", None) is not None
                           else "network") + _span_key(span)
                    reader.fail(key, _("een postcode die niet op dezelfde dag ook bij {other} hoort (zie"
                                       " 'postcodes_from' en 'postcodes_until')").format(other=name), span.code)
            seen.setdefault(span.code, []).append((span, municipality.name))


def _overlap(first: PostcodeSpan, second: PostcodeSpan) -> bool:
    return (first.start or _FIRST) <= (second.until or _LAST) and (second.start or _FIRST) <= (first.until or _LAST)


def _span_key(span: PostcodeSpan) -> str:
    if span.start:
        return f".postcodes_from.{span.start}"
    return f".postcodes_until.{span.until}" if span.until else ".postcodes"
