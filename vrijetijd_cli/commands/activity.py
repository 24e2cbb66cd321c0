"""`vrijetijd activity add|list|show|edit|deactivate|import|offer`."""

from pathlib import Path
from typing import Annotated

import typer

from vrijetijd_cli.context import session
from vrijetijd_cli.i18n import N_
from vrijetijd_cli.options import (
    FormatOption,
    OutputFormat,
    OutputOption,
    ReportFormat,
    ReportFormatOption,
    WideOption,
    count_option,
    id_argument,
    noun_app,
)
from vrijetijd_cli.render.output import Column
from vrijetijd_cli.render.words import ACTIVITY_SOURCES

app = noun_app()


def _option(flag: str, text: str, kind=str | None):
    return Annotated[kind, typer.Option(flag, help=text)]


ActivityArg = Annotated[int, id_argument(N_("Id van de activiteit."))]
Title = _option("--title", N_("Titel."))
Domain = _option("--domain", N_("Domein (cultuur, jeugd, sport of een ander uit de config)."))
Price = _option("--price", N_("Volle prijs in euro (bv. 12,50)."))
Kansentarief = _option(
    "--kansentarief", N_("Wat de deelnemer betaalt (standaard: volle prijs × aandeel uit de config).")
)
Organiser = _option("--organiser", N_("Organisator als vrije tekst."))
OrganiserPartner = _option("--organiser-partner", N_("Organisator: id of naam van een partner."))
Place = _option("--place", N_("Plaats (zaal, gebouw)."))
Postcode = _option("--postcode", N_("Postcode (4 cijfers)."))
Locality = _option("--locality", N_("Gemeente."))
Day = _option("--date", N_("Eén dag (dd/mm/jjjj)."))
From = _option("--from", N_("Begin van de periode (dd/mm/jjjj)."))
To = _option("--to", N_("Einde van de periode (dd/mm/jjjj)."))
Capacity = _option("--capacity", N_("Aantal plaatsen."))
Description = _option("--description", N_("Beschrijving."))
ExternalId = _option("--external-id", N_("Extern id (bv. het UiTdatabank-@id)."))
OrganiserShare = _option("--organiser-share", N_(
    "Deel van de volle prijs dat de organisator draagt, in procent (bv. 40 of 40%; 0 tot 100, één decimaal);"
    " gaat voor het deel van de organiserende partner, \"\" volgt dat weer. Geldt voor nieuwe deelnames:"
    " bestaande worden niet herschreven."))
DomainFilter = _option("--domain", N_("Alleen dit domein."))
FromFilter = _option("--from", N_("Vanaf deze datum (dd/mm/jjjj)."))
ToFilter = _option("--to", N_("Tot deze datum (dd/mm/jjjj)."))

# the words of an activity's calendar type
CALENDAR_WORDS = {
    "single": N_("één dag"),
    "multiple": N_("meerdere data"),
    "periodic": N_("periode"),
    "permanent": N_("doorlopend"),
}
LIST_COLUMNS = [
    Column("id", N_("Id"), "id"),
    Column("title", N_("Titel")),
    Column("domain", N_("Domein"), "label", "domain", priority=3),
    Column("organiser", N_("Organisator"), priority=4),
    Column("when", N_("Wanneer"), priority=2),
    Column("place", N_("Plaats"), priority=4),
    Column("price_cents", N_("Volle prijs"), "money", priority=3),
    Column("kansentarief_cents", N_("Kansentarief"), "money", priority=2),
    Column("effective_organiser_share_bp", N_("Deel organisator"), "percent", priority=5),
    Column("active", N_("Actief"), "bool", priority=5),
]
SHOW_COLUMNS = [
    Column("id", N_("Id"), "id"),
    Column("title", N_("Titel")),
    Column("domain", N_("Domein"), "label", "domain"),
    Column("organiser", N_("Organisator")),
    Column("place", N_("Plaats")),
    Column("postcode", N_("Postcode"), "code"),
    Column("locality", N_("Gemeente")),
    Column("calendar_type", N_("Kalender"), "label", CALENDAR_WORDS),
    Column("when", N_("Wanneer")),
    Column("price_cents", N_("Volle prijs"), "money"),
    Column("kansentarief_cents", N_("Kansentarief"), "money"),
    Column("share", N_("Deel organisator")),
    Column("capacity", N_("Capaciteit"), "int"),
    Column("description", N_("Beschrijving")),
    Column("source", N_("Bron"), "label", ACTIVITY_SOURCES),
    Column("external_id", N_("Extern id"), "code"),
    Column("active", N_("Actief"), "bool"),
    Column("participation_count", N_("Deelnames"), "int"),
    Column("created_at", N_("Aangemaakt"), "date"),
    Column("updated_at", N_("Gewijzigd"), "date"),
]
IMPORT_COLUMNS = [
    Column("file_name", N_("Bestand")),
    Column("rows_read", N_("Gelezen"), "int"),
    Column("new", N_("Nieuw"), "int"),
    Column("updated", N_("Bijgewerkt"), "int"),
    Column("unchanged", N_("Ongewijzigd"), "int"),
    Column("duplicates_in_file", N_("Dubbel in bestand"), "int"),
    Column("rejected", N_("Geweigerd"), "int"),
]
JSON_SUFFIXES = (".json", ".jsonld")


def _show(activity: dict, fmt: OutputFormat = OutputFormat.table, output: Path | None = None):
    from vrijetijd_cli.render.offer import when
    from vrijetijd_cli.render.output import emit_record

    shown = {**activity, "when": when(activity), "share": share_text(activity)}
    title = f"{activity['id']}: {activity['title']}"
    emit_record(shown, SHOW_COLUMNS, fmt.value, output, title=title, json_data=activity)


def share_text(activity: dict) -> str:
    """The organiser share that applies, and whose it is: '40,0%' (the activity's own) or
    '40,0% (van de organiserende partner)'; nothing when none applies."""
    from vrijetijd_cli.formats import percent
    from vrijetijd_cli.i18n import _

    if activity["organiser_share_bp"] is not None:
        return percent(activity["organiser_share_bp"])
    if activity["effective_organiser_share_bp"]:
        share = percent(activity["effective_organiser_share_bp"])
        return _("{share} (van de organiserende partner)").format(share=share)
    return ""


def _values(**options) -> dict:
    return {key: value for key, value in options.items() if value is not None}


@app.command()
def add(
    title: Title = None, domain: Domain = None, price: Price = None,
    kansentarief: Kansentarief = None, organiser: Organiser = None,
    organiser_partner: OrganiserPartner = None, place: Place = None, postcode: Postcode = None,
    locality: Locality = None, day: Day = None, date_from: From = None, date_to: To = None,
    capacity: Capacity = None, description: Description = None, external_id: ExternalId = None,
    organiser_share: OrganiserShare = None,
) -> None:
    """Voeg een activiteit toe (zonder datum: doorlopend aanbod)."""
    from vrijetijd_cli.services import activities

    values = _values(
        title=title, domain=domain, price=price, kansentarief=kansentarief, organiser=organiser,
        organiser_partner=organiser_partner, place=place, postcode=postcode, locality=locality,
        date=day, date_from=date_from, date_to=date_to, capacity=capacity,
        description=description, external_id=external_id, organiser_share=organiser_share,
    )
    from vrijetijd_cli.i18n import _
    from vrijetijd_cli.render.output import message

    added = activities.add(session.db(), session.config(), values)
    _show(added)
    message(_("Activiteit {id} toegevoegd.").format(id=added["id"]))


@app.command("list")
def list_(
    domain: DomainFilter = None,
    date_from: FromFilter = None,
    date_to: ToFilter = None,
    organiser: _option("--organiser", N_("Organisator: partner-id of een stuk van de naam.")) = None,
    text: _option("--text", N_("Stuk van titel, plaats, organisator of beschrijving.")) = None,
    active: _option("--active/--inactive", N_("Alleen actieve of inactieve."), bool | None) = None,
    limit: Annotated[
        int | None, count_option("--limit", N_("Toon hoogstens zoveel activiteiten."), minimum=1)
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None, wide: WideOption = False,
) -> None:
    """Toon activiteiten, gefilterd op domein, periode, organisator, tekst en actief."""
    from vrijetijd_cli.i18n import _
    from vrijetijd_cli.render.offer import when
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import activities

    rows = activities.list_activities(
        session.db(), session.config(), domain, date_from, date_to, organiser, text, active, limit
    )
    if fmt != OutputFormat.json:
        rows = [{**r, "when": when(r)} for r in rows]
    emit_list(rows, LIST_COLUMNS, fmt.value, output, wide=wide, title=_("Activiteiten"))


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
    permanent: _option("--permanent", N_("Doorlopend aanbod: wis de data."), bool) = False,
    capacity: Capacity = None, description: Description = None, external_id: ExternalId = None,
    reactivate: _option("--reactivate", N_("Zet een inactieve activiteit weer actief."), bool) = False,
    organiser_share: OrganiserShare = None,
) -> None:
    """Wijzig een activiteit (een lege waarde, "", wist een veld).

    Een nieuwe prijs, een nieuw kansentarief of een nieuw deel van de organisator geldt voor de
    deelnames die daarna geregistreerd worden; wat al geregistreerd is, blijft zoals het was.
    """
    from vrijetijd_cli.services import activities

    values = _values(
        title=title, domain=domain, price=price, kansentarief=kansentarief, organiser=organiser,
        organiser_partner=organiser_partner, place=place, postcode=postcode, locality=locality,
        date=day, date_from=date_from, date_to=date_to, capacity=capacity,
        description=description, external_id=external_id, permanent=permanent or None,
        reactivate=reactivate or None, organiser_share=organiser_share,
    )
    from vrijetijd_cli.i18n import _
    from vrijetijd_cli.render.output import message

    _show(activities.edit(session.db(), session.config(), activity, values))
    message(_("Activiteit {id} gewijzigd.").format(id=activity))


@app.command()
def deactivate(activity: ActivityArg) -> None:
    """Zet een activiteit op inactief (deelnames blijven bewaard)."""
    from vrijetijd_cli.i18n import _
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.services import activities

    _show(activities.deactivate(session.db(), activity))
    message(_("Activiteit {id} op inactief gezet.").format(id=activity))


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help=N_("UiTdatabank-JSON (.json) of lijst (.csv, .xlsx)."))],
    domain: _option("--domain", N_("Domein voor rijen zonder domein (lijsten).")) = None,
    dry_run: _option("--dry-run", N_("Controleer alles en toon het resultaat, schrijf niets."),
                     bool) = False,
    skip_invalid: _option("--skip-invalid", N_("Lees de goede rijen in; de foute gaan met hun"
                          " reden naar --rejects (lijsten)."), bool) = False,
    rejects: _option("--rejects", N_("Bestand voor de afgewezen rijen (standaard"
                     " <naam>.rejects.csv naast de invoer)."), Path | None) = None,
    delimiter: _option("--delimiter", N_("Scheidingsteken: ';', ',' of tab (standaard herkend)."))
    = None,
    encoding: _option("--encoding", N_("Codering, bv. utf-8 of windows-1252 (standaard herkend)."))
    = None,
    sheet: _option("--sheet", N_("Blad van een Excel-bestand (standaard het eerste met een herkenbare"
                                 " kopregel).")) = None,
    header_row: Annotated[int | None, count_option(
        "--header-row", N_("Regel van de kopregel (standaard: de eerste rij die minstens twee velden noemt)."),
        minimum=1)] = None,
    mapping: _option("--map", N_("Kolom=veld, met de code of de Nederlandse naam van het veld, bv. --map"
                                 " 'Tarief=prijs'; mag herhaald worden."), list[str] | None) = None,
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
        from vrijetijd_cli.services.import_run import ReadOptions, RunOptions

        read = ReadOptions(delimiter, encoding, sheet, tuple(mapping or ()), header_row)
        summary = activity_table.import_table(session.db(), session.config(), file, domain,
                                              RunOptions(dry_run, skip_invalid, rejects), read, message)
    _report_import(summary, fmt, output)


def _report_import(summary: dict, fmt: OutputFormat, output: Path | None) -> None:
    from vrijetijd_cli import formats as fmt_
    from vrijetijd_cli.i18n import _, ngettext
    from vrijetijd_cli.render.output import emit_record, message

    for text in summary["warnings"]:
        message(_("Waarschuwing: {message}").format(message=text))
    for problem in summary.get("problems", []):
        message(_("Waarschuwing: {message}").format(message=problem["text"]))
    if summary.get("rejects_file"):
        rows, where = summary["rejected"], summary["rejects_file"]
        message(ngettext("{count} afgewezen rij bewaard in {file!r}, met de reden per rij.",
                         "{count} afgewezen rijen bewaard in {file!r}, met de reden per rij.", rows).format(
            count=rows, file=where))
    if summary["previous_import_id"] and not summary["dry_run"]:
        message(_("Dit bestand werd al ingelezen op {date} (import {id}).").format(
            date=fmt_.day(summary["previous_import_at"]), id=summary["previous_import_id"]))
    if summary["dry_run"]:
        message(_("Proef: er is niets geschreven."))
    emit_record(summary, IMPORT_COLUMNS, fmt.value, output, title=_("Import van activiteiten"))


@app.command()
def offer(
    domain: DomainFilter = None,
    date_from: _option("--from", N_("Vanaf deze datum (standaard vandaag).")) = None,
    date_to: ToFilter = None,
    fmt: ReportFormatOption = ReportFormat.table,
    output: OutputOption = None,
) -> None:
    """Toon het transparant aanbod: actieve activiteiten per domein en wat iemand betaalt."""
    from vrijetijd_cli.render.offer import emit
    from vrijetijd_cli.services.offer import offer as build

    data = build(session.db(), session.config(), domain, date_from, date_to)
    emit(data, fmt.value, output)
