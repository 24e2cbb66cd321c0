"""`vrijetijd participant export|forget`: the right of access and the right to erasure.

Registered on the `participant` group by commands/participant.py (`commands` holds them).
"""

from enum import StrEnum
from typing import Annotated

import typer

from vrijetijd_cli.context import session
from vrijetijd_cli.i18n import N_, _, ngettext
from vrijetijd_cli.options import FormatOption, OutputFormat, OutputOption, choice_option, id_argument, noun_app
from vrijetijd_cli.render.output import Column
from vrijetijd_cli.render.words import PAID_VIA, REFERRAL_STATES, SIGNAL_STATES, VOUCHER_STATES

commands = noun_app()


class ExportFormat(StrEnum):
    json = "json"
    md = "md"


ParticipantArg = Annotated[int, id_argument(N_("Id van de deelnemer."))]

PERSON = [
    Column("id", N_("Id"), "id"),
    Column("first_name", N_("Voornaam")),
    Column("last_name", N_("Familienaam")),
    Column("birth_date", N_("Geboortedatum"), "date"),
    Column("birth_year", N_("Geboortejaar"), "id"),
    Column("postcode", N_("Postcode"), "code"),
    Column("household_size", N_("Gezinsleden"), "int"),
    Column("phone", N_("Telefoon")),
    Column("email", N_("E-mail")),
    Column("notes", N_("Notities")),
    Column("created_at", N_("Aangemaakt"), "date"),
    Column("legal_basis", N_("Rechtsgrond")),
    Column("informed", N_("Geïnformeerd")),
    Column("anonymized_at", N_("Geanonimiseerd"), "date"),
]
# what forget changes in free text, and what it leaves for the coordinator to review
TEXT_ACTIONS = {"replaced": N_("naam vervangen"), "review": N_("nakijken")}
TEXT_COLUMNS = [
    Column("table", N_("Tabel")),
    Column("column", N_("Kolom")),
    Column("row_id", N_("Rij"), "id"),
    Column("action", N_("Wat"), "label", TEXT_ACTIONS),
    Column("count", N_("Aantal"), "int"),
    Column("excerpt", N_("Fragment")),
]
# (key in the export, title, columns)
SECTIONS = (
    (
        "statuses",
        N_("Statuten"),
        [
            Column("id", N_("Id"), "id"),
            Column("ground_code", N_("Statuut"), "labels", "ground"),
            Column("valid_from", N_("Geldig vanaf"), "date"),
            Column("valid_until", N_("Geldig tot"), "date"),
            Column("checked_by", N_("Gecontroleerd door"), priority=3),
            Column("suspended_on", N_("Geschorst op"), "date"),
        ],
    ),
    (
        "referrals",
        N_("Toeleidingen"),
        [
            Column("id", N_("Id"), "id"),
            Column("date", N_("Datum"), "date"),
            Column("partner", N_("Partner")),
            Column("ground_code", N_("Statuut"), "labels", "ground"),
            Column("domain", N_("Domein"), "label", "domain"),
            Column("state", N_("Toestand"), "label", REFERRAL_STATES),
            Column("note", N_("Opmerking"), priority=3),
        ],
    ),
    (
        "vouchers",
        N_("Waardebonnen"),
        [
            Column("code", N_("Code"), "code"),
            Column("value_cents", N_("Waarde"), "money"),
            Column("issued_on", N_("Uitgegeven"), "date"),
            Column("valid_until", N_("Geldig tot"), "date"),
            Column("state", N_("Toestand"), "label", VOUCHER_STATES),
        ],
    ),
    (
        "participations",
        N_("Deelnames"),
        [
            Column("date", N_("Datum"), "date"),
            Column("activity", N_("Activiteit")),
            Column("persons", N_("Personen"), "int"),
            Column("price_cents", N_("Prijs"), "money"),
            Column("participant_paid_cents", N_("Deelnemer betaalde"), "money"),
            Column("network_paid_cents", N_("Netwerk betaalde"), "money"),
            Column("paid_via", N_("Betaald via"), "label", PAID_VIA),
        ],
    ),
    (
        "signals",
        N_("Signalen"),
        [
            Column("date", N_("Datum"), "date"),
            Column("kind", N_("Soort"), "label", "signal_kind"),
            Column("text", N_("Signaal")),
            Column("state", N_("Toestand"), "label", SIGNAL_STATES),
            Column("action", N_("Wat gedaan werd")),
        ],
    ),
    (
        "erasures",
        N_("Wissingen"),
        [
            Column("erased_at", N_("Gewist op"), "code"),
            Column("reason", N_("Reden")),
            Column("os_user", N_("Gebruiker")),
        ],
    ),
    (
        "audit",
        N_("Logboek"),
        None,  # commands/audit.py: audit_columns(), chosen when shown
    ),
)


def _md_cell(text: str) -> str:
    """Typed text inside a Markdown table: one line, pipes and markup characters escaped."""
    flat = " ".join(text.split())
    return "".join("\\" + c if c in "\\|*`[]<>" else c for c in flat)


def markdown(data: dict) -> str:
    """The export as a Markdown document a person can read."""
    from vrijetijd_cli.commands.audit import audit_columns
    from vrijetijd_cli.render.output import cell, header_of

    person = data["participant"]
    lines = ["# " + _("Gegevens van deelnemer {id}").format(id=person["id"]), ""]
    lines.append(_("Opgemaakt op {at}.").format(at=data["exported_at"].replace("T", " ")))
    lines += ["", "## " + _("Persoon"), ""]
    lines += ["| " + _("Veld") + " | " + _("Waarde") + " |", "|---|---|"]
    for column in PERSON:
        value = _md_cell(cell(person.get(column.key), column))
        lines.append(f"| {header_of(column)} | {value} |")
    for key, title, columns in SECTIONS:
        columns = columns or audit_columns()
        lines += ["", "## " + _(title), ""]
        rows = data[key]
        if not rows:
            lines.append(_("(geen)"))
            continue
        lines.append("| " + " | ".join(header_of(c) for c in columns) + " |")
        lines.append("|" + "---|" * len(columns))
        for row in rows:
            lines.append(
                "| " + " | ".join(_md_cell(cell(row.get(c.key), c)) for c in columns) + " |"
            )
    return "\n".join(lines) + "\n"


@commands.command("export")
def export(
    participant_id: ParticipantArg,
    fmt: Annotated[
        ExportFormat, choice_option("--format", ExportFormat, N_("Uitvoerformaat."), short="-f")
    ] = ExportFormat.json,
    output: OutputOption = None,
) -> None:
    """Geef alles wat over één deelnemer bewaard is (recht op inzage)."""
    from vrijetijd_cli.render.output import to_json, write
    from vrijetijd_cli.services import privacy

    session.config()  # registers the labels of grounds and domains
    data = privacy.export(session.db(), participant_id)
    write(to_json(data) if fmt is ExportFormat.json else markdown(data), output)


@commands.command("forget")
def forget(
    participant_id: ParticipantArg,
    reason: Annotated[
        str, typer.Option("--reason", help=N_("Reden van de wissing (zonder persoonsgegevens)."))
    ],
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help=N_("Toon alleen wat vervangen en wat nagekeken moet worden; wijzig niets.")),
    ] = False,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Anonimiseer een deelnemer, vervang de naam in alle vrije tekst en leg de wissing vast
    (recht op vergetelheid)."""
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.services import privacy

    result = privacy.forget(session.db(), participant_id, reason, dry_run)
    show_text_changes(result, fmt, output)
    if dry_run:
        message(_("Proef: deelnemer {id} is niet gewijzigd (--dry-run).").format(id=participant_id))
        return
    message(
        _("Deelnemer {id} is geanonimiseerd; wissing {erasure} is vastgelegd.").format(
            id=participant_id, erasure=result["erasure_id"]
        )
    )
    if not result["clean"]:
        message(trace_left())


def show_text_changes(result: dict, fmt: OutputFormat, output) -> None:
    """Where the name is (or would be) replaced, and the texts where the bare last name still
    stands, to review (shared with `privacy purge`). JSON gives the whole result."""
    from vrijetijd_cli.render.output import emit_list, message, to_json, write

    if fmt is OutputFormat.json:
        write(to_json(result), output)
    else:
        rows = [{**item, "action": "replaced"} for item in result["replaced"]]
        rows += [{**item, "action": "review"} for item in result["review"]]
        if rows or fmt is not OutputFormat.table:
            emit_list(rows, TEXT_COLUMNS, fmt.value, output, title=_("Vrije tekst"))
    if result["review"]:
        message(ngettext(
            "{n} tekst bevat de familienaam nog: kijk hem na; vrijetijd wijzigt hem niet, want anderen kunnen"
            " dezelfde naam dragen.",
            "{n} teksten bevatten de familienaam nog: kijk ze na; vrijetijd wijzigt ze niet, want anderen kunnen"
            " dezelfde naam dragen.",
            len(result["review"])).format(n=len(result["review"])))


def trace_left() -> str:
    """Said when another process kept old pages of an erasure in the WAL file."""
    return _(
        "Een ander proces heeft de databank open: oude gegevens kunnen nog in het WAL-bestand"
        " staan tot dat proces stopt."
    )
