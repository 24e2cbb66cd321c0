"""Root of the `vrijetijd` command: global options, the noun groups, one error map.

Noun groups are imported only when used, so `vrijetijd --help` and a daily command stay as
fast as a bare Typer app (DESIGN §10).
"""

from __future__ import annotations

import importlib
import sqlite3
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer import _click
from typer.core import TyperCommand, TyperGroup

from vrijetijd_cli import __version__
from vrijetijd_cli.context import session
from vrijetijd_cli.errors import VrijetijdError

# name -> (module under vrijetijd_cli.commands, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("init", "Maak of werk de databank bij en laad partners, statuten en doelen uit de config."),
    "demo": ("demo", "Bouw een realistische demodatabank en toon het jaarrapport."),
    "partner": ("partner", "Partners van het netwerk."),
    "participant": ("participant", "Deelnemers en hun statuten."),
    "referral": ("referral", "Toeleidingen door partners."),
    "activity": ("activity", "Vrijetijdsaanbod en het transparant aanbod."),
    "participation": ("participation", "Deelnames aan activiteiten."),
    "voucher": ("voucher", "Waardebonnen."),
    "budget": ("budget", "Budget (trekkingsrecht) en uitgaven."),
    "meeting": ("meeting", "Overlegmomenten, verslagen en aanwezigheden."),
    "goal": ("goal", "Doelstellingen, acties en hun evaluatie."),
    "import": ("importing", "Lijsten van partners inlezen (CSV, Excel)."),
    "report": ("report", "Rapporten, waaronder het jaarrapport."),
    "db": ("db", "Back-up, herstel, controle en migratie van de databank."),
    "privacy": ("privacy", "Bewaartermijn en anonimisering."),
    "audit": ("audit", "Logboek van wijzigingen."),
}


def load_command(name: str) -> _click.Command:
    """The real click command of a noun group."""
    module = importlib.import_module(f"vrijetijd_cli.commands.{COMMANDS[name][0]}")
    command = typer.main.get_command(module.app)
    command.name = name
    # `vrijetijd <noun> --help` describes the group with the same line as the root listing
    command.help = command.help or COMMANDS[name][1]
    return command


class LazyGroup(TyperGroup):
    """Imports a noun group only when it is invoked; help lists them from COMMANDS."""

    _listing = False

    def list_commands(self, ctx: _click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: _click.Context, cmd_name: str) -> _click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        if self._listing:
            return TyperCommand(name=cmd_name, help=COMMANDS[cmd_name][1])
        if cmd_name not in self.commands:
            self.commands[cmd_name] = load_command(cmd_name)
        return self.commands[cmd_name]

    def format_help(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def invoke(self, ctx: _click.Context) -> Any:
        session.command = _command_path(self, ctx)
        try:
            return super().invoke(ctx)
        except VrijetijdError as error:
            _report(error)
            raise typer.Exit(1) from None
        except sqlite3.OperationalError as error:
            from vrijetijd_cli.store import translate_operational_error

            translated = translate_operational_error(error)
            if translated is None:
                raise
            _report(translated)
            raise typer.Exit(1) from None
        finally:
            session.close()


def _command_path(group: _click.Command, ctx: _click.Context) -> str:
    words = [*getattr(ctx, "_protected_args", []), *ctx.args]
    path: list[str] = []
    current: Any = group
    for word in words:
        if word.startswith("-") or not isinstance(current, TyperGroup):
            break
        sub = current.get_command(ctx, word)
        if sub is None:
            break
        path.append(word)
        current = sub
    return " ".join(path)


def _report(error: VrijetijdError) -> None:
    from vrijetijd_cli.render.i18n import label
    from vrijetijd_cli.render.output import message

    lang = session.lang
    message(f"{label('common.error', lang)}: {error.text(lang)}")
    for detail in error.details:
        message(f"  {detail}")


app = typer.Typer(
    cls=LazyGroup,
    help="vrijetijd: administratie van het lokaal netwerk vrijetijdsparticipatie.",
    rich_markup_mode=None,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"vrijetijd {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    db: Annotated[Path | None, typer.Option("--db", help="Databankbestand (standaard uit de config).")] = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="Configuratiebestand (standaard ./config.yaml).")
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Toon de versie.")
    ] = False,
) -> None:
    """vrijetijd: administratie van het lokaal netwerk vrijetijdsparticipatie."""
    session.reset(config, db)


def main() -> None:
    app(prog_name="vrijetijd")


if __name__ == "__main__":
    sys.exit(main())
