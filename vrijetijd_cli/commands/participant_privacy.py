"""`vrijetijd participant export|forget`: the right of access and the right to erasure.

Registered on the `participant` group by commands/participant.py.
"""

from enum import StrEnum
from typing import Annotated

import typer

from vrijetijd_cli.context import session
from vrijetijd_cli.options import OutputOption
from vrijetijd_cli.render.output import Column


class ExportFormat(StrEnum):
    json = "json"
    md = "md"


ParticipantArg = Annotated[int, typer.Argument(help="Id van de deelnemer.")]

PERSON = [
    Column("id", "common.id", "int"),
    Column("first_name", "common.first_name"),
    Column("last_name", "common.last_name"),
    Column("birth_date", "common.birth_date", "date"),
    Column("birth_year", "privacy.birth_year"),
    Column("postcode", "common.postcode"),
    Column("household_size", "common.household_size", "int"),
    Column("phone", "common.phone"),
    Column("email", "common.email"),
    Column("notes", "common.notes"),
    Column("created_at", "common.created_at", "date"),
    Column("anonymized_at", "common.anonymized", "date"),
]
# (key in the export, title label, columns)
SECTIONS = (
    (
        "statuses",
        "common.statuses",
        [
            Column("id", "common.id", "int"),
            Column("ground_code", "common.ground", "label", "ground"),
            Column("valid_from", "common.valid_from", "date"),
            Column("valid_until", "common.valid_until", "date"),
            Column("checked_by", "common.checked_by"),
            Column("suspended_on", "privacy.suspended_on", "date"),
        ],
    ),
    (
        "referrals",
        "common.referrals",
        [
            Column("id", "common.id", "int"),
            Column("date", "common.date", "date"),
            Column("partner", "common.partner"),
            Column("ground_code", "common.ground", "label", "ground"),
            Column("domain", "common.domain", "label", "domain"),
            Column("state", "common.state", "label", "referral"),
            Column("note", "common.note"),
        ],
    ),
    (
        "vouchers",
        "privacy.vouchers",
        [
            Column("code", "privacy.code"),
            Column("value_cents", "privacy.value", "money"),
            Column("issued_on", "privacy.issued_on", "date"),
            Column("valid_until", "common.valid_until", "date"),
            Column("state", "common.state", "label", "voucher.state"),
        ],
    ),
    (
        "participations",
        "privacy.participations",
        [
            Column("date", "common.date", "date"),
            Column("activity", "privacy.activity"),
            Column("persons", "privacy.persons", "int"),
            Column("price_cents", "privacy.price", "money"),
            Column("participant_paid_cents", "privacy.participant_paid", "money"),
            Column("network_paid_cents", "privacy.network_paid", "money"),
            Column("paid_via", "privacy.paid_via", "label", "voucher.via"),
        ],
    ),
    (
        "erasures",
        "privacy.erasures",
        [
            Column("erased_at", "privacy.erased_at"),
            Column("reason", "privacy.reason"),
            Column("os_user", "privacy.os_user"),
        ],
    ),
    (
        "audit",
        "privacy.audit",
        [
            Column("at", "privacy.at"),
            Column("os_user", "privacy.os_user"),
            Column("command", "privacy.command"),
            Column("entity", "privacy.entity"),
            Column("entity_id", "privacy.entity_id"),
            Column("action", "privacy.action"),
            Column("fields", "privacy.fields"),
        ],
    ),
)


def _md_cell(text: str) -> str:
    """Typed text inside a Markdown table: one line, pipes and markup characters escaped."""
    flat = " ".join(text.split())
    return "".join("\\" + c if c in "\\|*`[]<>" else c for c in flat)


def markdown(data: dict, lang: str) -> str:
    """The export as a Markdown document a person can read."""
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.output import cell

    person = data["participant"]
    lines = [f"# {label('privacy.export_title', lang).format(id=person['id'])}", ""]
    lines.append(
        label("privacy.exported_at", lang).format(at=data["exported_at"].replace("T", " "))
    )
    lines += ["", f"## {label('privacy.person', lang)}", ""]
    lines += [f"| {label('common.field', lang)} | {label('common.value', lang)} |", "|---|---|"]
    for column in PERSON:
        value = _md_cell(cell(person.get(column.key), column, lang))
        lines.append(f"| {label(column.label, lang)} | {value} |")
    for key, title, columns in SECTIONS:
        lines += ["", f"## {label(title, lang)}", ""]
        rows = data[key]
        if not rows:
            lines.append(label("common.none", lang))
            continue
        lines.append("| " + " | ".join(label(c.label, lang) for c in columns) + " |")
        lines.append("|" + "---|" * len(columns))
        for row in rows:
            lines.append(
                "| " + " | ".join(_md_cell(cell(row.get(c.key), c, lang)) for c in columns) + " |"
            )
    return "\n".join(lines) + "\n"


def export(
    participant_id: ParticipantArg,
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", case_sensitive=False, help="Uitvoerformaat.")
    ] = ExportFormat.json,
    output: OutputOption = None,
) -> None:
    """Geef alles wat over één deelnemer bewaard is (recht op inzage)."""
    from vrijetijd_cli.render.output import to_json, write
    from vrijetijd_cli.services import privacy

    session.config()  # registers the labels of grounds and domains
    data = privacy.export(session.db(), participant_id)
    write(to_json(data) if fmt is ExportFormat.json else markdown(data, session.lang), output)


def forget(
    participant_id: ParticipantArg,
    reason: Annotated[
        str, typer.Option("--reason", help="Reden van de wissing (zonder persoonsgegevens).")
    ],
) -> None:
    """Anonimiseer een deelnemer en leg de wissing vast (recht op vergetelheid)."""
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.services import privacy

    result = privacy.forget(session.db(), participant_id, reason)
    message(
        label("privacy.forget_done", session.lang).format(
            id=participant_id, erasure=result["erasure_id"]
        )
    )
    if not result["clean"]:
        message(label("privacy.trace_left", session.lang))
