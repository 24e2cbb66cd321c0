"""`vrijetijd db backup|restore|check|migrate`."""

from pathlib import Path
from typing import Annotated

import typer

from vrijetijd_cli.context import session
from vrijetijd_cli.options import FormatOption, OutputFormat, OutputOption, noun_app
from vrijetijd_cli.render.output import Column

app = noun_app()

PROBLEM_COLUMNS = [
    Column("check", "privacy.check", "label", "privacy.check"),
    Column("table", "privacy.table"),
    Column("row_id", "privacy.row_id"),
    Column("detail", "privacy.detail"),
]


def _say(key: str, **values: object) -> None:
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.output import message

    message(label(key, session.lang).format(**values))


@app.command()
def backup(
    path: Annotated[
        str | None,
        typer.Argument(
            help="Doelbestand of map (standaard data/backups/vrijetijd-JJJJMMDD-UUMMSS.db)."
        ),
    ] = None,
) -> None:
    """Maak een back-up van de databank, ook terwijl ze in gebruik is."""
    from vrijetijd_cli.services import backup as service

    _say("privacy.backup_done", path=service.backup(session.db(), session.db_path(), path))


@app.command()
def restore(
    path: Annotated[Path, typer.Argument(help="De back-up die de databank vervangt.")],
) -> None:
    """Zet een back-up terug; wissingen van daarna blijven gelden."""
    from vrijetijd_cli.services import backup as service

    result = service.restore(session.db_path(), path)
    _say("privacy.restore_done", source=result["source"])
    if result["previous_backup"]:
        _say("privacy.restore_previous", path=result["previous_backup"])
    if result["migrated"]:
        _say("privacy.restore_migrated", names=", ".join(result["migrated"]))
    if result["reapplied"]:
        ids = ", ".join(str(i) for i in result["reapplied"])
        _say("privacy.restore_reapplied", count=len(result["reapplied"]), ids=ids)
    if result["other_person"]:
        _say("privacy.restore_other_person", ids=", ".join(str(i) for i in result["other_person"]))


@app.command()
def check(
    quick: Annotated[
        bool,
        typer.Option(
            "--quick", help="Snellere bestandscontrole (quick_check in plaats van integrity_check)."
        ),
    ] = False,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Controleer integriteit, verwijzingen en domeinregels."""
    from vrijetijd_cli.errors import DatabaseError
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.output import emit_list
    from vrijetijd_cli.services import checks

    problems = checks.run(session.db(), quick)
    lang = session.lang
    if problems or fmt is not OutputFormat.table:
        emit_list(
            problems,
            PROBLEM_COLUMNS,
            fmt.value,
            output,
            lang,
            title=label("privacy.check_title", lang),
        )
    if problems:
        raise DatabaseError(
            label("privacy.check_failed", "nl").format(count=len(problems)),
            label("privacy.check_failed", "en").format(count=len(problems)),
        )
    _say("privacy.check_ok")


@app.command()
def migrate() -> None:
    """Werk het schema van de databank bij, na een back-up."""
    from vrijetijd_cli.services import backup as service

    result = service.migrate(session.db_path())
    if result["applied"]:
        _say("privacy.migrate_done", names=", ".join(result["applied"]), path=result["backup"])
    else:
        _say("privacy.migrate_none", schema=result["schema"])
