"""`vrijetijd db backup|restore|check|migrate`."""

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
    Column("table", N_("Tabel")),
    Column("row_id", N_("Rij"), "id"),
    Column("detail", N_("Gegevens")),
]


def _ids(ids: list[int]) -> str:
    return ", ".join(str(i) for i in ids)


@app.command()
def backup(
    path: Annotated[
        str | None,
        typer.Argument(
            help=N_("Doelbestand of map (standaard data/backups/vrijetijd-JJJJMMDD-UUMMSS.db).")
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
