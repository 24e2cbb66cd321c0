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
    Column("table", N_("Tabel"), "code", priority=2),
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
    """Maak een back-up van de databank, ook terwijl ze in gebruik is."""
    from vrijetijd_cli.services import backup as service

    made = service.backup(session.db(), session.db_path(), path)
    message(_("Back-up gemaakt: {path}").format(path=made))


@app.command()
def restore(
    path: Annotated[Path, typer.Argument(help=N_("De back-up die de databank vervangt."))],
) -> None:
    """Zet een back-up terug; wissingen van daarna blijven gelden."""
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
    other = result["other_person"]
    if other:
        message(ngettext(
            "Wissing van deelnemer {ids} niet toegepast: in de back-up is dat id een andere persoon.",
            "Wissing van deelnemers {ids} niet toegepast: in de back-up zijn die ids andere personen.",
            len(other),
        ).format(ids=_ids(other)))


@app.command()
def check(
    quick: Annotated[
        bool,
        typer.Option(
            "--quick", help=N_("Snellere bestandscontrole (quick_check in plaats van integrity_check).")
        ),
    ] = False,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Controleer integriteit, verwijzingen en domeinregels."""
    from vrijetijd_cli.errors import DatabaseError
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import checks

    problems = checks.run(session.db(), quick)
    if problems or fmt is not OutputFormat.table:
        emit_list(problems, PROBLEM_COLUMNS, fmt.value, output, title=_("Problemen in de databank"))
    if problems:
        raise DatabaseError(ngettext(
            "databank: {n} probleem gevonden", "databank: {n} problemen gevonden", len(problems)
        ).format(n=len(problems)))
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
