"""`vrijetijd import participants|partners FILE` and `vrijetijd import list`."""

from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from vrijetijd_cli.commands.activity import import_ as activity_import
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
Sheet = Annotated[str | None, typer.Option("--sheet", help=N_("Blad van een Excel-bestand (standaard het eerste)."))]
Mapping = Annotated[
    list[str] | None,
    typer.Option("--map", help=N_("Kolom=veld, bv. --map 'Geb.dat=birth_date'; mag herhaald worden.")),
]
DryRun = Annotated[
    bool, typer.Option("--dry-run", help=N_("Controleer alles en toon het resultaat, zonder te schrijven."))
]
Again = Annotated[bool, typer.Option("--again", help=N_("Lees een bestand in dat al eens ingelezen werd."))]

# what kind of list an import read (`import list`)
IMPORT_KINDS = {"participants": N_("deelnemers"), "partners": N_("partners")}
# why two people may be one (importers.rows.similar_keys)
SIMILAR = {"typo": N_("naam één letter verschillend"), "swapped": N_("voor- en familienaam omgewisseld")}

HEAD = [
    Column("file_name", N_("Bestand")),
    Column("dialect", N_("Gelezen als")),
]
PARTICIPANT_SUMMARY = HEAD + [
    Column("partner", N_("Partner")),
    Column("rows_read", N_("Rijen gelezen"), "int"),
    Column("new", N_("Nieuwe personen"), "int"),
    Column("matched", N_("Bestaande personen (gekoppeld)"), "int"),
    Column("statuses_added", N_("Statuten toegevoegd"), "int"),
    Column("referrals_added", N_("Toeleidingen toegevoegd"), "int"),
    Column("duplicates_in_file", N_("Dubbels in het bestand"), "int"),
    Column("possible_duplicates", N_("Mogelijke dubbels (na te kijken)"), "int"),
    Column("rejected", N_("Afgewezen rijen"), "int"),
]
PARTNER_SUMMARY = HEAD + [
    Column("rows_read", N_("Rijen gelezen"), "int"),
    Column("new", N_("Nieuwe partners"), "int"),
    Column("matched", N_("Bestaande partners"), "int"),
    Column("updated", N_("Bijgewerkt"), "int"),
    Column("duplicates_in_file", N_("Dubbels in het bestand"), "int"),
    Column("rejected", N_("Afgewezen rijen"), "int"),
]
DUPLICATE_COLUMNS = [
    Column("line", N_("Regel"), "int"),
    Column("first_line", N_("Eerst op regel"), "int"),
    Column("first_name", N_("Voornaam")),
    Column("last_name", N_("Familienaam")),
    Column("birth_date", N_("Geboortedatum"), "date"),
]
PARTNER_DUPLICATE_COLUMNS = [
    Column("line", N_("Regel"), "int"),
    Column("first_line", N_("Eerst op regel"), "int"),
    Column("name", N_("Naam")),
]
POSSIBLE_COLUMNS = [
    Column("line", N_("Regel"), "int"),
    Column("participant_id", N_("Deelnemer-id"), "id"),
    Column("first_name", N_("Voornaam")),
    Column("last_name", N_("Familienaam")),
    Column("birth_date", N_("Geboortedatum"), "date"),
    Column("reason", N_("Waarom"), "label", SIMILAR),
    Column("other", N_("Lijkt op"), "code"),
    Column("other_name", N_("Naam")),
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
]


@contextmanager
def _progress_bar():
    """A progress bar on stderr when that is a terminal; nothing when piped or redirected."""
    import sys

    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeRemainingColumn

    with Progress(BarColumn(), TaskProgressColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("import", total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total or None)


def _read_options(delimiter, encoding, sheet, mapping):
    from vrijetijd_cli.services.imports import ReadOptions

    return ReadOptions(delimiter, encoding, sheet, tuple(mapping or ()))


def _title(result: dict) -> str:
    if result["dry_run"]:
        return _("Proefimport (er is niets geschreven)")
    return _("Import {id}").format(id=result["import_id"])


def _report(result: dict) -> None:
    """Problems of a --skip-invalid import and where the rejected rows went, on stderr."""
    from vrijetijd_cli.render.output import message

    if not result["rejected"]:
        return
    for problem in result["problems"]:
        message(_("Waarschuwing: {message}").format(message=problem["text"]))
    more = result["problem_count"] - len(result["problems"])
    if more:
        message(_("Waarschuwing: {message}").format(message=_("… en nog {count}").format(count=more)))
    rows = result["rejected"]
    where = result["rejects_file"] or result.get("would_reject_to")
    if not where:
        return
    if result["rejects_file"]:
        text = ngettext(
            "{count} afgewezen rij bewaard in {path!r}, met de reden per rij: verbeter ze daar en lees dat"
            " bestand in.",
            "{count} afgewezen rijen bewaard in {path!r}, met de reden per rij: verbeter ze daar en lees dat"
            " bestand in.", rows)
    else:
        text = ngettext(
            "{count} afgewezen rij zou bewaard worden in {path!r}, met de reden per rij: verbeter ze daar en"
            " lees dat bestand in.",
            "{count} afgewezen rijen zouden bewaard worden in {path!r}, met de reden per rij: verbeter ze daar"
            " en lees dat bestand in.", rows)
    message(text.format(count=rows, path=where))


def _other(row: dict) -> str:
    """Whom a possible duplicate resembles: a stored participant or an earlier line of the file."""
    if row["other_participant_id"] is not None:
        return _("Deelnemer {id}").format(id=row["other_participant_id"])
    return _("Regel {line}").format(line=row["other_line"])


def _emit(result: dict, summary: list[Column], duplicates: list[Column], fmt: OutputFormat, output) -> None:
    from vrijetijd_cli.render.output import emit_record

    sections = []
    if result["duplicates"]:
        sections.append((_("Dubbels in het bestand (één keer ingelezen)"), duplicates, result["duplicates"]))
    possible = [dict(row, other=_other(row)) for row in result.get("possible") or []]
    if possible:
        sections.append((_("Mogelijke dubbels: niet samengevoegd, kijk ze na"), POSSIBLE_COLUMNS, possible))
    emit_record(result, summary, fmt.value, output, title=_title(result), sections=sections, json_data=result)
    _report(result)


@app.command()
def participants(
    file: FileArg,
    partner: PartnerOption,
    ground: GroundOption = None,
    on: DateOption = None,
    dry_run: DryRun = False,
    skip_invalid: Annotated[bool, typer.Option(
        "--skip-invalid", help=N_("Lees de goede rijen in; de foute gaan met hun reden naar --rejects."))] = False,
    rejects: Annotated[Path | None, typer.Option(
        "--rejects",
        help=N_("Bestand voor de afgewezen rijen (standaard <naam>.rejects.<ext> naast de invoer)."))] = None,
    delimiter: Delimiter = None,
    encoding: Encoding = None,
    sheet: Sheet = None,
    mapping: Mapping = None,
    again: Again = False,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Lees een lijst van deelnemers van een partner in (CSV of Excel)."""
    from vrijetijd_cli.parse import parse_date
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.services import participant_import

    config = session.config()
    date = parse_date(on, "--date") if on else None
    with _progress_bar() as progress:
        result = participant_import.import_participants(
            session.db(), config, file, partner, ground, date, dry_run, skip_invalid, rejects, again,
            _read_options(delimiter, encoding, sheet, mapping), progress, message,
        )
    _emit(result, PARTICIPANT_SUMMARY, DUPLICATE_COLUMNS, fmt, output)


@app.command()
def partners(
    file: FileArg,
    dry_run: DryRun = False,
    delimiter: Delimiter = None,
    encoding: Encoding = None,
    sheet: Sheet = None,
    mapping: Mapping = None,
    again: Again = False,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Lees een lijst van partners in (naam, soort, contact); bestaande worden bijgewerkt."""
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.services import imports

    result = imports.import_partners(session.db(), session.config(), file, dry_run, again,
                                     _read_options(delimiter, encoding, sheet, mapping), message)
    _emit(result, PARTNER_SUMMARY, PARTNER_DUPLICATE_COLUMNS, fmt, output)


@app.command("list")
def list_(fmt: FormatOption = OutputFormat.table, output: OutputOption = None, wide: WideOption = False) -> None:
    """Toon de imports: bestand, partner, aantallen, wanneer en door wie."""
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import imports

    rows = imports.list_imports(session.db())
    if fmt != OutputFormat.json:
        for row in rows:
            row["imported_at"] = _timestamp(row["imported_at"])
    emit_list(rows, LIST_COLUMNS, fmt.value, output, wide=wide, title=_("Imports"))


def _timestamp(value: str) -> str:
    """ISO timestamp -> dd/mm/jjjj uu:mm."""
    day, _sep, time = value.partition("T")
    year, month, dom = day.split("-")
    return f"{dom}/{month}/{year} {time[:5]}".strip()
