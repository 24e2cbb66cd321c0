"""`vrijetijd db info|backup|restore|check|migrate`."""

from pathlib import Path
from typing import Annotated

import typer

from vrijetijd_cli.context import session
from vrijetijd_cli.i18n import N_, _, ngettext
from vrijetijd_cli.options import FormatOption, OutputFormat, OutputOption, noun_app
from vrijetijd_cli.render.output import Column, message
from vrijetijd_cli.services.checks import DESCRIPTIONS

app = noun_app()

PROBLEM_COLUMNS = [
    Column("check", N_("Controle"), "label", DESCRIPTIONS),
    Column("table", N_("Tabel"), "code", priority=2),
    Column("row_id", N_("Rij"), "id"),
    Column("detail", N_("Gegevens")),
]


# what chose the database (config.database_choice)
ORIGINS = {
    "option": N_("--db"),
    "env": N_("$VRIJETIJD_DB"),
    "config": N_("database: in de config"),
    "default": N_("standaard: de gegevensmap van de gebruiker"),
}
MODES = {"local": N_("lokaal (WAL)"), "shared": N_("gedeeld (rollback-journaal, langer wachten)")}
INFO_FIELDS = [
    Column("database", N_("Databank"), "code"),
    Column("origin", N_("Gekozen door"), "label", ORIGINS),
    Column("exists", N_("Bestaat"), "bool"),
    Column("config", N_("Config"), "code"),
    Column("database_mode", N_("Modus"), "label", MODES),
    Column("journal_mode", N_("Journaal"), "code"),
    Column("schema", N_("Schema"), "code"),
    Column("size_bytes", N_("Grootte (bytes)"), "int"),
]
# the tables as `db info` names them; the log and the bookkeeping of the schema are left out
TABLE_WORDS = {
    "partners": N_("partners"),
    "participants": N_("deelnemers"),
    "statuses": N_("statuten"),
    "referrals": N_("toeleidingen"),
    "activities": N_("activiteiten"),
    "participations": N_("deelnames"),
    "vouchers": N_("waardebonnen"),
    "budgets": N_("budgetjaren"),
    "expenses": N_("uitgaven"),
    "meetings": N_("overlegmomenten"),
    "meeting_actions": N_("actiepunten"),
    "goals": N_("doelstellingen en acties"),
    "evaluations": N_("evaluaties"),
    "imports": N_("ingelezen bestanden"),
    "report_snapshots": N_("afgesloten jaarrapporten"),
    "audit_log": N_("regels in het logboek"),
}
COUNT_COLUMNS = [Column("table", N_("Gegevens"), "label", TABLE_WORDS), Column("rows", N_("Aantal"), "int")]


def _ids(ids: list[int]) -> str:
    return ", ".join(str(i) for i in ids)


@app.command()
def info(fmt: FormatOption = OutputFormat.table, output: OutputOption = None) -> None:
    """Toon welke databank en config in gebruik zijn, met schema en aantallen."""
    from vrijetijd_cli.render.output import emit_record
    from vrijetijd_cli.store import describe

    config = session.config()
    path, origin = session.db_choice()
    data: dict = {"database": str(path.resolve()), "origin": origin, "exists": path.is_file(),
                  "config": str(config.path.resolve()), "database_mode": config.database_mode}
    if path.is_file():
        data.update(describe(session.db()))
    counts = data.get("counts", {})
    rows = [{"table": table, "rows": counts[table]} for table in TABLE_WORDS if table in counts]
    emit_record(data, INFO_FIELDS, fmt.value, output, title=_("Databank in gebruik"),
                sections=[(_("Aantallen"), COUNT_COLUMNS, rows)] if rows else [], json_data=data)
    if not path.is_file():
        message(_("Deze databank bestaat nog niet; maak ze met 'vrijetijd init'."))


@app.command()
def backup(
    path: Annotated[
        str | None,
        typer.Argument(
            help=N_("Doelbestand of map (standaard backups/vrijetijd-JJJJMMDD-UUMMSS.db naast de databank).")
        ),
    ] = None,
) -> None:
    """Maak een back-up van de databank, ook terwijl ze in gebruik is; back-ups in de back-upmap
    ouder dan privacy.backup_retention_days worden verwijderd."""
    from vrijetijd_cli.services import backup as service

    made = service.backup(session.db(), session.db_path(), path)
    message(_("Back-up gemaakt: {path}").format(path=made))
    expired(service.expire(session.db_path(), session.config().backup_retention_days),
            session.config().backup_retention_days)


def expired(deleted: list, days: int) -> None:
    """Say which back-ups expired (shared with `privacy purge`)."""
    if deleted:
        message(ngettext(
            "{n} back-up ouder dan {days} dagen verwijderd: {paths}",
            "{n} back-ups ouder dan {days} dagen verwijderd: {paths}",
            len(deleted),
        ).format(n=len(deleted), days=days, paths=", ".join(str(p) for p in deleted)))


@app.command()
def restore(
    path: Annotated[Path, typer.Argument(help=N_("De back-up die de databank vervangt."))],
) -> None:
    """Zet een back-up terug; wie daarna vergeten werd, blijft vergeten."""
    from vrijetijd_cli.services import backup as service

    result = service.restore(session.db_path(), path)
    message(_("Databank hersteld uit {source}.").format(source=result["source"]))
    if result["previous_backup"]:
        message(_("De vorige toestand staat in {path}.").format(path=result["previous_backup"]))
    if result["migrated"]:
        message(_("Schema bijgewerkt: {names}.").format(names=", ".join(result["migrated"])))
    reapplied = result["reapplied"]
    if reapplied:
        message(ngettext(
            "{n} wissing van na de back-up opnieuw toegepast: deelnemer {ids}.",
            "{n} wissingen van na de back-up opnieuw toegepast: deelnemers {ids}.",
            len(reapplied),
        ).format(n=len(reapplied), ids=_ids(reapplied)))
    else:
        message(_("Geen wissingen opnieuw toe te passen: de back-up bevat niemand die intussen vergeten werd."))
    if result["other_database"]:
        message(_("De back-up komt van een andere databank: de wissingen van de vervangen databank gelden"
                  " daar niet."))


@app.command()
def check(
    full: Annotated[
        bool,
        typer.Option("--full", help=N_("Volledige bestandscontrole (integrity_check, ook elke index): trager.")),
    ] = False,
    quick: Annotated[
        bool,
        typer.Option("--quick", help=N_("De snelle bestandscontrole (quick_check); dat is de standaard.")),
    ] = False,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Controleer het bestand (quick_check), de verwijzingen en de domeinregels; --full leest ook
    elke index (integrity_check)."""
    from vrijetijd_cli.errors import DatabaseError, InvalidInput
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import checks

    if full and quick:
        raise InvalidInput(_("--full en --quick gaan niet samen"))
    config = session.config()
    problems = checks.run(session.db(), full, (config.max_amount_cents, config.max_budget_cents))
    if problems or fmt is not OutputFormat.table:
        emit_list(problems, PROBLEM_COLUMNS, fmt.value, output, title=_("Problemen in de databank"))
    if problems:
        raise DatabaseError(ngettext(
            "databank: {n} probleem gevonden", "databank: {n} problemen gevonden", len(problems)
        ).format(n=len(problems)))
    if full:
        message(_("Databank in orde: integriteit (volledig), verwijzingen en domeinregels gecontroleerd."))
    else:
        message(_("Databank in orde: integriteit, verwijzingen en domeinregels gecontroleerd."))


@app.command()
def migrate() -> None:
    """Werk het schema van de databank bij, na een back-up."""
    from vrijetijd_cli.services import backup as service

    result = service.migrate(session.db_path())
    if result["applied"]:
        message(_("Schema bijgewerkt: {names}. Back-up vooraf: {path}").format(
            names=", ".join(result["applied"]), path=result["backup"]))
    else:
        message(_("Het schema is al bij ({schema}); niets gewijzigd.").format(schema=result["schema"]))
