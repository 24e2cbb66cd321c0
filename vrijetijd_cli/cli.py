"""Root of the `vrijetijd` command: global options, the noun groups, one error map.

Noun groups are imported only when used, so `vrijetijd --help` and a daily command stay as
fast as a bare Typer app (docs/architecture.md, "Start-up").
"""

from __future__ import annotations

import importlib
import sqlite3
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand

from vrijetijd_cli.context import session
from vrijetijd_cli.errors import VrijetijdError
from vrijetijd_cli.i18n import N_, _
from vrijetijd_cli.usage import Command, Group, help_hint, usage_error_text

# name -> (module under vrijetijd_cli.commands, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("init", N_("Maak of werk de databank bij en laad partners, statuten en doelen uit de config.")),
    "demo": ("demo", N_("Bouw een realistische demodatabank en toon het jaarrapport.")),
    "partner": ("partner", N_("Partners van het netwerk.")),
    "participant": ("participant", N_("Deelnemers en hun statuten.")),
    "referral": ("referral", N_("Toeleidingen door partners.")),
    "activity": ("activity", N_("Vrijetijdsaanbod en het transparant aanbod.")),
    "participation": ("participation", N_("Deelnames aan activiteiten.")),
    "voucher": ("voucher", N_("Waardebonnen.")),
    "budget": ("budget", N_("Budget (trekkingsrecht) en uitgaven.")),
    "meeting": ("meeting", N_("Overlegmomenten, verslagen en aanwezigheden.")),
    "signal": ("signal", N_("Drempels en suggesties van de doelgroep, en wat ermee gebeurde.")),
    "goal": ("goal", N_("Doelstellingen, acties en hun evaluatie.")),
    "import": ("importing", N_("Lijsten van partners inlezen (CSV, Excel).")),
    "report": ("report", N_("Rapporten, waaronder het jaarrapport.")),
    "db": ("db", N_("Back-up, herstel, controle en migratie van de databank.")),
    "privacy": ("privacy", N_("Bewaartermijn en anonimisering.")),
    "audit": ("audit", N_("Logboek van wijzigingen.")),
}


def load_command(name: str) -> TyperCommand:
    """The real command of a noun group."""
    module = importlib.import_module(f"vrijetijd_cli.commands.{COMMANDS[name][0]}")
    command = typer.main.get_command(module.app)
    command.name = name
    # `vrijetijd <noun> --help` describes the group with the same line as the root listing
    command.help = command.help or COMMANDS[name][1]
    return command


class LazyGroup(Group):
    """Imports a noun group only when it is invoked; help lists them from COMMANDS.

    Also the one error map: a VrijetijdError is 'Fout: …' with exit code 1, a usage error
    (unknown option, missing option) the same in the user's language with exit code 2.
    """

    listing = False

    def list_commands(self, ctx: typer.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: typer.Context, cmd_name: str) -> Any:
        if cmd_name not in COMMANDS:
            return None
        if self.listing:
            return Command(name=cmd_name, help=COMMANDS[cmd_name][1])
        if cmd_name not in self.commands:
            self.commands[cmd_name] = load_command(cmd_name)
        return self.commands[cmd_name]

    def format_help(self, ctx: typer.Context, formatter: Any) -> None:
        self.listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self.listing = False

    def invoke(self, ctx: typer.Context) -> Any:
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

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        from vrijetijd_cli.render.output import message

        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.Abort:
            message(_("Afgebroken."))
            code = 1
        except typer.TyperException as error:  # click's usage errors, in English words
            code = getattr(error, "exit_code", 2)
            ctx = getattr(error, "ctx", None)
            if type(error).__name__ == "NoArgsIsHelpError":
                message(str(error.message))
            else:
                text, usage = usage_error_text(error)
                if usage:
                    message(usage)
                    message(help_hint(ctx))
                message(_("Fout: {message}").format(message=text))
        if not isinstance(code, int):
            code = 0
        if standalone_mode:
            sys.exit(code)
        return code


def _report(error: VrijetijdError) -> None:
    from vrijetijd_cli.render.output import message

    message(_("Fout: {message}").format(message=error.message))
    for detail in error.details:
        message(f"  {detail}")


app = typer.Typer(
    cls=LazyGroup,
    help=N_("vrijetijd: administratie van het lokaal netwerk vrijetijdsparticipatie."),
    rich_markup_mode=None,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        print(f"vrijetijd {version('vrijetijd')}")
        raise typer.Exit()


@app.callback()
def root(
    db: Annotated[Path | None, typer.Option(
        "--db", help=N_("Databankbestand (standaard in de gegevensmap van de gebruiker; zie 'db info')."))] = None,
    config: Annotated[
        Path | None, typer.Option("--config", help=N_("Configuratiebestand (standaard ./config.yaml)."))
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help=N_("Toon de versie."))
    ] = False,
) -> None:
    """vrijetijd: administratie van het lokaal netwerk vrijetijdsparticipatie."""
    session.reset(config, db)


def main() -> None:
    app(prog_name="vrijetijd")


if __name__ == "__main__":
    sys.exit(main())
