"""`vrijetijd activity add|list|show|edit|deactivate|import|offer`."""

from pathlib import Path
from typing import Annotated

import typer

from vrijetijd_cli.context import session
from vrijetijd_cli.options import (
    FormatOption,
    OutputFormat,
    OutputOption,
    ReportFormat,
    ReportFormatOption,
    noun_app,
)
from vrijetijd_cli.render.output import Column

app = noun_app()


def _option(flag: str, text: str, kind=str | None):
    return Annotated[kind, typer.Option(flag, help=text)]


ActivityArg = Annotated[int, typer.Argument(help="Id van de activiteit.")]
Title = _option("--title", "Titel.")
Domain = _option("--domain", "Domein (cultuur, jeugd, sport of een ander uit de config).")
Price = _option("--price", "Volle prijs in euro (bv. 12,50).")
Kansentarief = _option(
    "--kansentarief", "Wat de deelnemer betaalt (standaard: volle prijs × aandeel uit de config)."
)
Organiser = _option("--organiser", "Organisator als vrije tekst.")
OrganiserPartner = _option("--organiser-partner", "Organisator: id of naam van een partner.")
Place = _option("--place", "Plaats (zaal, gebouw).")
Postcode = _option("--postcode", "Postcode (4 cijfers).")
Locality = _option("--locality", "Gemeente.")
Day = _option("--date", "Eén dag (dd/mm/jjjj).")
From = _option("--from", "Begin van de periode (dd/mm/jjjj).")
To = _option("--to", "Einde van de periode (dd/mm/jjjj).")
Capacity = _option("--capacity", "Aantal plaatsen.")
Description = _option("--description", "Beschrijving.")
ExternalId = _option("--external-id", "Extern id (bv. het UiTdatabank-@id).")
DomainFilter = _option("--domain", "Alleen dit domein.")
FromFilter = _option("--from", "Vanaf deze datum (dd/mm/jjjj).")
ToFilter = _option("--to", "Tot deze datum (dd/mm/jjjj).")

LIST_COLUMNS = [
    Column("id", "common.id", "int"),
    Column("title", "activity.title"),
    Column("domain", "common.domain", "label", "domain"),
    Column("organiser", "activity.organiser"),
    Column("when", "activity.when"),
    Column("place", "activity.place"),
    Column("price_cents", "activity.price", "money"),
    Column("kansentarief_cents", "activity.kansentarief", "money"),
    Column("active", "common.active", "bool"),
]
SHOW_COLUMNS = [
    Column("id", "common.id", "int"),
    Column("title", "activity.title"),
    Column("domain", "common.domain", "label", "domain"),
    Column("organiser", "activity.organiser"),
    Column("place", "activity.place"),
    Column("postcode", "common.postcode"),
    Column("locality", "activity.locality"),
    Column("calendar_type", "activity.calendar_type", "label", "activity"),
    Column("when", "activity.when"),
    Column("price_cents", "activity.price", "money"),
    Column("kansentarief_cents", "activity.kansentarief", "money"),
    Column("capacity", "activity.capacity", "int"),
    Column("description", "activity.description"),
    Column("source", "activity.source"),
    Column("external_id", "activity.external_id"),
    Column("active", "common.active", "bool"),
    Column("participation_count", "activity.participation_count", "int"),
    Column("created_at", "common.created_at", "date"),
    Column("updated_at", "activity.updated_at", "date"),
]
IMPORT_COLUMNS = [
    Column("file_name", "activity.file"),
    Column("rows_read", "activity.rows_read", "int"),
    Column("new", "activity.new", "int"),
    Column("updated", "activity.updated", "int"),
    Column("unchanged", "activity.unchanged", "int"),
    Column("duplicates_in_file", "activity.duplicates_in_file", "int"),
    Column("rejected", "activity.rejected", "int"),
]
JSON_SUFFIXES = (".json", ".jsonld")


def _show(activity: dict, fmt: OutputFormat = OutputFormat.table, output: Path | None = None):
    from vrijetijd_cli.render.offer import when
    from vrijetijd_cli.render.output import emit_record

    lang = session.lang
    shown = {**activity, "when": when(activity, lang)}
    title = f"{activity['id']}: {activity['title']}"
    emit_record(shown, SHOW_COLUMNS, fmt.value, output, lang, title=title, json_data=activity)


def _values(**options) -> dict:
    return {key: value for key, value in options.items() if value is not None}


@app.command()
def add(
    title: Title = None, domain: Domain = None, price: Price = None,
    kansentarief: Kansentarief = None, organiser: Organiser = None,
    organiser_partner: OrganiserPartner = None, place: Place = None, postcode: Postcode = None,
    locality: Locality = None, day: Day = None, date_from: From = None, date_to: To = None,
    capacity: Capacity = None, description: Description = None, external_id: ExternalId = None,
) -> None:
    """Voeg een activiteit toe (zonder datum: doorlopend aanbod)."""
    from vrijetijd_cli.services import activities

    values = _values(
        title=title, domain=domain, price=price, kansentarief=kansentarief, organiser=organiser,
        organiser_partner=organiser_partner, place=place, postcode=postcode, locality=locality,
        date=day, date_from=date_from, date_to=date_to, capacity=capacity,
        description=description, external_id=external_id,
    )
    _show(activities.add(session.db(), session.config(), values))


@app.command("list")
def list_(
    domain: DomainFilter = None,
    date_from: FromFilter = None,
    date_to: ToFilter = None,
    organiser: _option("--organiser", "Organisator: partner-id of een stuk van de naam.") = None,
    text: _option("--text", "Stuk van titel, plaats, organisator of beschrijving.") = None,
    active: _option("--active/--inactive", "Alleen actieve of inactieve.", bool | None) = None,
    limit: _option("--limit", "Toon hoogstens zoveel activiteiten.", int | None) = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Toon activiteiten, gefilterd op domein, periode, organisator, tekst en actief."""
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.offer import when
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import activities

    lang = session.lang
    rows = activities.list_activities(
        session.db(), session.config(), domain, date_from, date_to, organiser, text, active, limit
    )
    if fmt != OutputFormat.json:
        rows = [{**r, "when": when(r, lang)} for r in rows]
    emit_list(rows, LIST_COLUMNS, fmt.value, output, lang, title=label("activity.activities", lang))


@app.command()
def show(activity: ActivityArg, fmt: FormatOption = OutputFormat.table,
         output: OutputOption = None) -> None:
    """Toon een activiteit met het aantal deelnames."""
    from vrijetijd_cli.services import activities

    _show(activities.get(session.db(), activity), fmt, output)


@app.command()
def edit(
    activity: ActivityArg,
    title: Title = None, domain: Domain = None, price: Price = None,
    kansentarief: Kansentarief = None, organiser: Organiser = None,
    organiser_partner: OrganiserPartner = None, place: Place = None, postcode: Postcode = None,
    locality: Locality = None, day: Day = None, date_from: From = None, date_to: To = None,
    permanent: _option("--permanent", "Doorlopend aanbod: wis de data.", bool) = False,
    capacity: Capacity = None, description: Description = None, external_id: ExternalId = None,
    reactivate: _option("--reactivate", "Zet een inactieve activiteit weer actief.", bool) = False,
) -> None:
    """Wijzig een activiteit (een lege waarde, "", wist een veld)."""
    from vrijetijd_cli.services import activities

    values = _values(
        title=title, domain=domain, price=price, kansentarief=kansentarief, organiser=organiser,
        organiser_partner=organiser_partner, place=place, postcode=postcode, locality=locality,
        date=day, date_from=date_from, date_to=date_to, capacity=capacity,
        description=description, external_id=external_id, permanent=permanent or None,
        reactivate=reactivate or None,
    )
    _show(activities.edit(session.db(), session.config(), activity, values))


@app.command()
def deactivate(activity: ActivityArg) -> None:
    """Zet een activiteit op inactief (deelnames blijven bewaard)."""
    from vrijetijd_cli.services import activities

    _show(activities.deactivate(session.db(), activity))


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="UiTdatabank-JSON (.json) of lijst (.csv, .xlsx).")],
    domain: _option("--domain", "Domein voor rijen zonder domein (lijsten).") = None,
    dry_run: _option("--dry-run", "Controleer alles en toon het resultaat, schrijf niets.",
                     bool) = False,
    skip_invalid: _option("--skip-invalid", "Lees de goede rijen in; de foute gaan met hun"
                          " reden naar --rejects (lijsten).", bool) = False,
    rejects: _option("--rejects", "Bestand voor de afgewezen rijen (standaard"
                     " <naam>.rejects.csv naast de invoer).", Path | None) = None,
    delimiter: _option("--delimiter", "Scheidingsteken: ';', ',' of tab (standaard herkend).")
    = None,
    encoding: _option("--encoding", "Codering, bv. utf-8 of windows-1252 (standaard herkend).")
    = None,
    sheet: _option("--sheet", "Blad van een Excel-bestand (standaard het eerste).") = None,
    mapping: _option("--map", "Kolom=veld, bv. --map 'Tarief=price'; mag herhaald worden.",
                     list[str] | None) = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Lees activiteiten in uit UiTdatabank (JSON-LD) of uit een CSV- of Excellijst."""
    from vrijetijd_cli.render.output import message

    if file.suffix.casefold() in JSON_SUFFIXES:
        from vrijetijd_cli.services import activity_import

        summary = activity_import.import_json(session.db(), session.config(), file, dry_run)
    else:
        from vrijetijd_cli.services import activity_table
        from vrijetijd_cli.services.imports import ReadOptions

        read = ReadOptions(delimiter, encoding, sheet, tuple(mapping or ()))
        summary = activity_table.import_table(session.db(), session.config(), file, domain,
                                              dry_run, skip_invalid, rejects, read, message)
    _report_import(summary, fmt, output)


def _report_import(summary: dict, fmt: OutputFormat, output: Path | None) -> None:
    from vrijetijd_cli import formats as fmt_
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.output import emit_record, message

    lang = session.lang
    warning = label("common.warning", lang)
    for text in summary["warnings"]:
        message(f"{warning}: {text}")
    for problem in summary.get("problems", []):
        message(f"{warning}: {problem['text']}")
    if summary.get("rejects_file"):
        rows, where = summary["rejected"], summary["rejects_file"]
        word = "rij" if rows == 1 else "rijen"
        message(f"{rows} rejected row(s) saved in {where!r}, with the reason per row."
                if lang == "en" else
                f"{rows} afgewezen {word} bewaard in {where!r}, met de reden per rij.")
    if summary["previous_import_id"] and not summary["dry_run"]:
        when, number = fmt_.day(summary["previous_import_at"]), summary["previous_import_id"]
        message(f"This file was imported before on {when} (import {number})." if lang == "en"
                else f"Dit bestand werd al ingelezen op {when} (import {number}).")
    if summary["dry_run"]:
        message(label("activity.dry_run", lang))
    title = label("activity.import_title", lang)
    emit_record(summary, IMPORT_COLUMNS, fmt.value, output, lang, title=title)


@app.command()
def offer(
    domain: DomainFilter = None,
    date_from: _option("--from", "Vanaf deze datum (standaard vandaag).") = None,
    date_to: ToFilter = None,
    fmt: ReportFormatOption = ReportFormat.table,
    output: OutputOption = None,
) -> None:
    """Toon het transparant aanbod: actieve activiteiten per domein en wat iemand betaalt."""
    from vrijetijd_cli.render.offer import emit
    from vrijetijd_cli.services.offer import offer as build

    data = build(session.db(), session.config(), domain, date_from, date_to)
    emit(data, fmt.value, output, session.lang)
