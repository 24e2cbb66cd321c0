"""`vrijetijd demo`."""

from typing import Annotated

import typer

from vrijetijd_cli.context import session
from vrijetijd_cli.i18n import N_, _
from vrijetijd_cli.options import count_option, noun_app

app = noun_app(no_args_is_help=False)

# the steps of the build (synthetic.STEPS), as the progress line names them
STEPS = {
    "people": N_("deelnemers"),
    "offer": N_("aanbod"),
    "money": N_("geld"),
    "meetings": N_("overlegmomenten"),
    "regional": N_("gemeenten"),
}


@app.command()
def demo(
    seed: Annotated[int, count_option("--seed", N_("Startwaarde: dezelfde waarde geeft dezelfde data."))] = 2019,
    participants: Annotated[int, count_option("--participants", N_("Aantal deelnemers."), minimum=1)] = 1500,
    report: Annotated[bool, typer.Option("--report/--no-report", help=N_("Toon daarna het jaarrapport."))] = True,
) -> None:
    """Bouw een realistische demodatabank (data/demo.db) en toon het jaarrapport."""
    import sys
    from pathlib import Path

    from vrijetijd_cli import clock
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.render.words import word
    from vrijetijd_cli.services.demo import build_demo

    config = session.config()
    path = Path(session.db_arg) if session.db_arg else Path("data/demo.db")
    if sys.stderr.isatty():
        from rich.console import Console

        with Console(stderr=True).status("demo ...") as status:
            counts = build_demo(
                path, config, seed, participants, clock.today(),
                progress=lambda step: status.update(_("demo: {step} ...").format(step=word(STEPS, step))),
            )
    else:
        counts = build_demo(path, config, seed, participants, clock.today())
    from vrijetijd_cli.render.demo_summary import summary_lines

    for line in summary_lines(path, counts):
        message(line)
    message(_("Afgesloten zoals na het overmaken van hun jaarrapport: {years} (zie 'vrijetijd report reopen')."
              ).format(years=", ".join(str(year) for year in counts["closed_years"])))
    if report:
        session.db_arg = path
        from vrijetijd_cli.commands.report import print_default_yearly

        print_default_yearly()
