"""`vrijetijd import participants|partners FILE` and `vrijetijd import list`."""

from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from vrijetijd_cli.commands.activity import import_ as activity_import
from vrijetijd_cli.context import session
from vrijetijd_cli.options import (
    DateOption,
    FormatOption,
    GroundOption,
    OutputFormat,
    OutputOption,
    PartnerOption,
    noun_app,
)
from vrijetijd_cli.render.output import Column

app = noun_app()
# the same command as `vrijetijd activity import`, so every list is read under `vrijetijd import`
app.command("activities")(activity_import)

FileArg = Annotated[Path, typer.Argument(help="CSV- of Excel-bestand (.csv, .txt, .tsv of .xlsx).")]
Delimiter = Annotated[
    str | None, typer.Option("--delimiter", help="Scheidingsteken: ';', ',' of tab (standaard herkend).")
]
Encoding = Annotated[
    str | None, typer.Option("--encoding", help="Codering, bv. utf-8 of windows-1252 (standaard herkend).")
]
Sheet = Annotated[str | None, typer.Option("--sheet", help="Blad van een Excel-bestand (standaard het eerste).")]
Mapping = Annotated[
    list[str] | None,
    typer.Option("--map", help="Kolom=veld, bv. --map 'Geb.dat=birth_date'; mag herhaald worden."),
]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Controleer alles en toon het resultaat, zonder te schrijven.")]
Again = Annotated[bool, typer.Option("--again", help="Lees een bestand in dat al eens ingelezen werd.")]

HEAD = [
    Column("file_name", "import.file"),
    Column("dialect", "import.dialect"),
]
PARTICIPANT_SUMMARY = HEAD + [
    Column("partner", "common.partner"),
    Column("rows_read", "import.rows_read", "int"),
    Column("new", "import.new", "int"),
    Column("matched", "import.matched", "int"),
    Column("statuses_added", "import.statuses_added", "int"),
    Column("referrals_added", "import.referrals_added", "int"),
    Column("duplicates_in_file", "import.duplicates_in_file", "int"),
    Column("possible_duplicates", "import.possible_duplicates", "int"),
    Column("rejected", "import.rejected", "int"),
]
PARTNER_SUMMARY = HEAD + [
    Column("rows_read", "import.rows_read", "int"),
    Column("new", "import.new_partners", "int"),
    Column("matched", "import.matched_partners", "int"),
    Column("updated", "import.updated", "int"),
    Column("duplicates_in_file", "import.duplicates_in_file", "int"),
    Column("rejected", "import.rejected", "int"),
]
DUPLICATE_COLUMNS = [
    Column("line", "import.line", "int"),
    Column("first_line", "import.first_line", "int"),
    Column("first_name", "common.first_name"),
    Column("last_name", "common.last_name"),
    Column("birth_date", "common.birth_date", "date"),
]
PARTNER_DUPLICATE_COLUMNS = [
    Column("line", "import.line", "int"),
    Column("first_line", "import.first_line", "int"),
    Column("name", "common.name"),
]
POSSIBLE_COLUMNS = [
    Column("line", "import.line", "int"),
    Column("participant_id", "common.participant_id", "int"),
    Column("first_name", "common.first_name"),
    Column("last_name", "common.last_name"),
    Column("birth_date", "common.birth_date", "date"),
    Column("reason", "import.reason", "label", "import"),
    Column("other", "import.other"),
    Column("other_name", "import.other_name"),
]
LIST_COLUMNS = [
    Column("id", "common.id", "int"),
    Column("imported_at", "import.col_imported_at"),
    Column("kind", "import.kind", "label", "import"),
    Column("file_name", "import.file"),
    Column("partner", "common.partner"),
    Column("rows_read", "import.col_rows", "int"),
    Column("new_count", "import.col_new", "int"),
    Column("matched_count", "import.col_matched", "int"),
    Column("updated_count", "import.col_updated", "int"),
    Column("statuses_added", "import.col_statuses", "int"),
    Column("referrals_added", "import.col_referrals", "int"),
    Column("duplicates_in_file", "import.col_duplicates", "int"),
    Column("possible_duplicates", "import.col_possible", "int"),
    Column("rejected", "import.col_rejected", "int"),
    Column("os_user", "import.os_user"),
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


def _title(result: dict, lang: str) -> str:
    from vrijetijd_cli.render.i18n import label

    if result["dry_run"]:
        return label("import.dry_run", lang)
    return f"{label('import.import', lang)} {result['import_id']}"


def _report(result: dict, lang: str) -> None:
    """Problems of a --skip-invalid import and where the rejected rows went, on stderr."""
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.output import message

    if not result["rejected"]:
        return
    warning = label("common.warning", lang)
    for problem in result["problems"]:
        message(f"{warning}: {problem['text']}")
    more = result["problem_count"] - len(result["problems"])
    if more:
        message(f"{warning}: … en nog {more}" if lang != "en" else f"{warning}: … and {more} more")
    rows = result["rejected"]
    where = result["rejects_file"] or result.get("would_reject_to")
    if where and lang == "en":
        verb = "saved" if result["rejects_file"] else "would be saved"
        message(f"{rows} rejected row(s) {verb} in {where!r}, with the reason per row: correct them"
                " there and import that file.")
    elif where:
        verb = "bewaard" if result["rejects_file"] else ("zou" if rows == 1 else "zouden") + " bewaard worden"
        message(f"{rows} afgewezen {'rij' if rows == 1 else 'rijen'} {verb} in {where!r}, met de reden"
                " per rij: verbeter ze daar en lees dat bestand in.")


def _emit(result: dict, summary: list[Column], duplicates: list[Column], fmt: OutputFormat, output) -> None:
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.output import emit_record

    lang = session.lang
    sections = []
    if result["duplicates"]:
        sections.append((label("import.duplicates_title", lang), duplicates, result["duplicates"]))
    possible = [
        dict(row, other=f"{label('common.participant', lang)} {row['other_participant_id']}"
             if row["other_participant_id"] is not None else f"{label('import.line', lang)} {row['other_line']}")
        for row in result.get("possible") or []
    ]
    if possible:
        sections.append((label("import.possible_title", lang), POSSIBLE_COLUMNS, possible))
    emit_record(result, summary, fmt.value, output, lang, _title(result, lang), sections, json_data=result)
    _report(result, lang)


@app.command()
def participants(
    file: FileArg,
    partner: PartnerOption,
    ground: GroundOption = None,
    on: DateOption = None,
    dry_run: DryRun = False,
    skip_invalid: Annotated[bool, typer.Option(
        "--skip-invalid", help="Lees de goede rijen in; de foute gaan met hun reden naar --rejects.")] = False,
    rejects: Annotated[Path | None, typer.Option(
        "--rejects", help="Bestand voor de afgewezen rijen (standaard <naam>.rejects.<ext> naast de invoer).")] = None,
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
def list_(fmt: FormatOption = OutputFormat.table, output: OutputOption = None) -> None:
    """Toon de imports: bestand, partner, aantallen, wanneer en door wie."""
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import imports

    rows = imports.list_imports(session.db())
    if fmt != OutputFormat.json:
        for row in rows:
            row["imported_at"] = _timestamp(row["imported_at"])
    emit_list(rows, LIST_COLUMNS, fmt.value, output, session.lang, title=label("import.imports", session.lang))


def _timestamp(value: str) -> str:
    """ISO timestamp -> dd/mm/jjjj uu:mm."""
    day, _, time = value.partition("T")
    year, month, dom = day.split("-")
    return f"{dom}/{month}/{year} {time[:5]}".strip()
