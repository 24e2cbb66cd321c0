"""`vrijetijd import participants|partners|activities FILE`, `import list` and `import undo ID`."""

from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from vrijetijd_cli.commands.activity import import_ as activity_import
from vrijetijd_cli.commands.import_summary import (
    DUPLICATE_COLUMNS,
    PARTICIPANT_SUMMARY,
    PARTNER_DUPLICATE_COLUMNS,
    PARTNER_SUMMARY,
    emit_summary,
)
from vrijetijd_cli.context import session
from vrijetijd_cli.i18n import N_, _, ngettext
from vrijetijd_cli.options import (
    DateOption,
    FormatOption,
    GroundOption,
    OutputFormat,
    OutputOption,
    PartnerOption,
    WideOption,
    YesOption,
    count_option,
    id_argument,
    noun_app,
)
from vrijetijd_cli.render.output import Column

app = noun_app()
# the same command as `vrijetijd activity import`, so every list is read under `vrijetijd import`
app.command("activities")(activity_import)

FileArg = Annotated[Path, typer.Argument(help=N_("CSV- of Excel-bestand (.csv, .txt, .tsv of .xlsx)."))]
Delimiter = Annotated[
    str | None, typer.Option("--delimiter", help=N_("Scheidingsteken: ';', ',' of tab (standaard herkend)."))
]
Encoding = Annotated[
    str | None, typer.Option("--encoding", help=N_("Codering, bv. utf-8 of windows-1252 (standaard herkend)."))
]
Sheet = Annotated[str | None, typer.Option(
    "--sheet", help=N_("Blad van een Excel-bestand (standaard het eerste met een herkenbare kopregel)."))]
HeaderRow = Annotated[int | None, count_option(
    "--header-row", N_("Regel van de kopregel (standaard: de eerste rij die minstens twee velden noemt)."),
    minimum=1)]
Mapping = Annotated[
    list[str] | None,
    typer.Option("--map", help=N_("Kolom=veld, met de code of de Nederlandse naam van het veld, bv. --map"
                                  " 'Geb.dat=geboortedatum'; mag herhaald worden.")),
]
Strict = Annotated[bool, typer.Option("--strict", help=N_("Weiger een bestand met kolommen die niet gebruikt worden."))]
DryRun = Annotated[
    bool, typer.Option("--dry-run", help=N_("Controleer alles en toon het resultaat, zonder te schrijven."))
]
Again = Annotated[bool, typer.Option("--again", help=N_("Lees een bestand in dat al eens ingelezen werd."))]
SkipInvalid = Annotated[bool, typer.Option(
    "--skip-invalid", help=N_("Lees de goede rijen in; de foute gaan met hun reden naar --rejects."))]
Rejects = Annotated[Path | None, typer.Option(
    "--rejects", help=N_("Bestand voor de afgewezen rijen (standaard <naam>.rejects.<ext> naast de invoer)."))]

# what kind of list an import read (`import list`)
IMPORT_KINDS = {"participants": N_("deelnemers"), "partners": N_("partners"), "activities": N_("activiteiten")}

FIELD_COLUMNS = [
    Column("field", N_("Veld")),
    Column("name", N_("Naam")),
    Column("required", N_("Verplicht")),
    Column("aliases", N_("Kolomnamen die herkend worden")),
]
LIST_COLUMNS = [
    Column("id", N_("Id"), "id"),
    Column("imported_at", N_("Ingelezen"), "code"),
    Column("kind", N_("Soort"), "label", IMPORT_KINDS),
    Column("file_name", N_("Bestand")),
    Column("partner", N_("Partner"), priority=3),
    Column("rows_read", N_("Rijen"), "int"),
    Column("new_count", N_("Nieuw"), "int"),
    Column("matched_count", N_("Gekoppeld"), "int", priority=2),
    Column("updated_count", N_("Bijgewerkt"), "int", priority=4),
    Column("statuses_added", N_("Statuten"), "int", priority=4),
    Column("referrals_added", N_("Toeleidingen"), "int", priority=4),
    Column("duplicates_in_file", N_("Dubbels"), "int", priority=3),
    Column("possible_duplicates", N_("Mogelijk dubbel"), "int", priority=2),
    Column("rejected", N_("Afgewezen"), "int"),
    Column("os_user", N_("Door"), priority=5),
    Column("undone_at", N_("Ongedaan gemaakt"), priority=4),
]


PROGRESS_FROM = 5000  # rows read before a bar is worth showing


@contextmanager
def progress_bar():
    """A progress bar with rows per second on stderr, once a list is a few thousand rows long and
    only when stderr is a terminal; nothing when piped."""
    import sys

    if not sys.stderr.isatty():
        yield None
        return
    shown: dict = {}

    def update(done: int, total: int, rows: int) -> None:
        if rows < PROGRESS_FROM:
            return
        if not shown:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

            bar = Progress(BarColumn(), TaskProgressColumn(), TimeRemainingColumn(), TextColumn("{task.fields[rows]}"),
                           console=Console(stderr=True), transient=True)
            bar.start()
            shown.update(bar=bar, task=bar.add_task("import", total=None, rows=""))
        bar, task = shown["bar"], shown["task"]
        elapsed = bar.tasks[0].elapsed or 0
        speed = ngettext("{count} rij", "{count} rijen", rows).format(count=rows)
        if elapsed > 0.5:
            speed = _("{rows}, {speed} rijen/s").format(rows=speed, speed=int(rows / elapsed))
        bar.update(task, completed=done, total=total or None, rows=speed)

    try:
        yield update
    finally:
        if shown:
            shown["bar"].stop()


def read_options(delimiter, encoding, sheet, mapping, header_row=None, strict=False):
    from vrijetijd_cli.services.import_run import ReadOptions

    return ReadOptions(delimiter, encoding, sheet, tuple(mapping or ()), header_row, strict)



def _show_fields(value: bool) -> None:
    """`--fields`: every field with its name and the headers that mean it, then stop."""
    if not value:
        return
    from vrijetijd_cli.importers.fields import PARTICIPANTS, describe
    from vrijetijd_cli.render.output import emit_list

    emit_list(describe(PARTICIPANTS, session.config().import_aliases), FIELD_COLUMNS, "table", None,
              title=_("Velden van een lijst van deelnemers"))
    raise typer.Exit()


@app.command()
def participants(
    file: FileArg,
    partner: PartnerOption,
    ground: GroundOption = None,
    on: DateOption = None,
    dry_run: DryRun = False,
    skip_invalid: SkipInvalid = False,
    rejects: Rejects = None,
    accept_lookalikes: Annotated[bool, typer.Option(
        "--accept-lookalikes",
        help=N_("Lees ook rijen in die op een andere persoon lijken (ze worden gemeld, niet samengevoegd)."))] = False,
    delimiter: Delimiter = None,
    encoding: Encoding = None,
    sheet: Sheet = None,
    header_row: HeaderRow = None,
    mapping: Mapping = None,
    strict: Strict = False,
    again: Again = False,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
    fields: Annotated[bool, typer.Option(
        "--fields", is_eager=True, callback=_show_fields,
        help=N_("Toon de velden met hun Nederlandse naam en de kolomnamen die herkend worden."))] = False,
) -> None:
    """Lees een lijst van deelnemers van een partner in (CSV of Excel)."""
    from vrijetijd_cli.parse import parse_date
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.services import participant_import
    from vrijetijd_cli.services.import_run import RunOptions

    date = parse_date(on, "--date") if on else None
    with progress_bar() as progress:
        result = participant_import.import_participants(
            session.db(), session.config(), file, partner, ground=ground, on=date,
            options=RunOptions(dry_run, skip_invalid, rejects, again),
            read=read_options(delimiter, encoding, sheet, mapping, header_row, strict),
            accept_lookalikes=accept_lookalikes, progress=progress, notify=message)
    emit_summary(result, PARTICIPANT_SUMMARY, DUPLICATE_COLUMNS, fmt, output)


@app.command()
def partners(
    file: FileArg,
    dry_run: DryRun = False,
    delimiter: Delimiter = None,
    encoding: Encoding = None,
    sheet: Sheet = None,
    header_row: HeaderRow = None,
    mapping: Mapping = None,
    strict: Strict = False,
    again: Again = False,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Lees een lijst van partners in (naam, soort, contact); bestaande worden bijgewerkt."""
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.services import partner_import
    from vrijetijd_cli.services.import_run import RunOptions

    result = partner_import.import_partners(
        session.db(), session.config(), file, RunOptions(dry_run, again=again),
        read_options(delimiter, encoding, sheet, mapping, header_row, strict), message)
    emit_summary(result, PARTNER_SUMMARY, PARTNER_DUPLICATE_COLUMNS, fmt, output)


@app.command("list")
def list_(fmt: FormatOption = OutputFormat.table, output: OutputOption = None, wide: WideOption = False) -> None:
    """Toon de imports: bestand, partner, aantallen, wanneer en door wie."""
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import imports

    rows = imports.list_imports(session.db())
    if fmt != OutputFormat.json:
        for row in rows:
            row["imported_at"] = _timestamp(row["imported_at"])
            row["undone_at"] = _timestamp(row["undone_at"]) if row["undone_at"] else ""
    emit_list(rows, LIST_COLUMNS, fmt.value, output, wide=wide, title=_("Imports"))


@app.command()
def undo(
    import_id: Annotated[int, id_argument(N_("Id van de import (zie 'vrijetijd import list')."))],
    yes: YesOption = False,
) -> None:
    """Maak een import van deelnemers ongedaan: de personen, statuten en toeleidingen die ze toevoegde.

    Alleen als er sindsdien niets van afhangt (een deelname, een waardebon, een latere toeleiding);
    anders toont het wat in de weg staat en verwijdert het niets.
    """
    from vrijetijd_cli.render.output import confirm, message
    from vrijetijd_cli.services import import_undo

    conn = session.db()
    found = import_undo.check(conn, import_id)
    question = _("Import {id} ({file}) ongedaan maken: {people}, {statuses} en {referrals} verwijderen?").format(
        id=import_id, file=found["file_name"],
        people=ngettext("{count} deelnemer", "{count} deelnemers", found["participants"]).format(
            count=found["participants"]),
        statuses=ngettext("{count} statuut", "{count} statuten", found["statuses"]).format(count=found["statuses"]),
        referrals=ngettext("{count} toeleiding", "{count} toeleidingen", found["referrals"]).format(
            count=found["referrals"]))
    if not yes and not confirm(question):
        message(_("Niet ongedaan gemaakt; er is niets gewijzigd."))
        raise typer.Exit(1)
    done = import_undo.undo(conn, import_id)
    message(_("Import {id} ongedaan gemaakt: {people}, {statuses} en {referrals} verwijderd.").format(
        id=import_id,
        people=ngettext("{count} deelnemer", "{count} deelnemers", done["participants"]).format(
            count=done["participants"]),
        statuses=ngettext("{count} statuut", "{count} statuten", done["statuses"]).format(count=done["statuses"]),
        referrals=ngettext("{count} toeleiding", "{count} toeleidingen", done["referrals"]).format(
            count=done["referrals"])))


def _timestamp(value: str) -> str:
    """ISO timestamp -> dd/mm/jjjj uu:mm."""
    day, _sep, time = value.partition("T")
    year, month, dom = day.split("-")
    return f"{dom}/{month}/{year} {time[:5]}".strip()
