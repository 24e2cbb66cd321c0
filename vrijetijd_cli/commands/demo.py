"""`vrijetijd demo`."""

from typing import Annotated

import typer

from vrijetijd_cli.context import session
from vrijetijd_cli.options import noun_app

app = noun_app(no_args_is_help=False)


@app.command()
def demo(
    seed: Annotated[int, typer.Option("--seed", help="Startwaarde: dezelfde waarde geeft dezelfde data.")] = 2019,
    participants: Annotated[int, typer.Option("--participants", help="Aantal deelnemers.")] = 1500,
    report: Annotated[bool, typer.Option("--report/--no-report", help="Toon daarna het jaarrapport.")] = True,
) -> None:
    """Bouw een realistische demodatabank (data/demo.db) en toon het jaarrapport."""
    import sys
    from pathlib import Path

    from vrijetijd_cli import clock
    from vrijetijd_cli.render.output import message
    from vrijetijd_cli.services.demo import build_demo

    config = session.config()
    path = Path(session.db_arg) if session.db_arg else Path("data/demo.db")
    lang = session.lang
    if sys.stderr.isatty():
        from rich.console import Console

        with Console(stderr=True).status("demo ...") as status:
            counts = build_demo(path, config, seed, participants, clock.today(),
                                progress=lambda step: status.update(f"demo: {step} ..."))
    else:
        counts = build_demo(path, config, seed, participants, clock.today())
    from vrijetijd_cli.render.demo_summary import summary_lines

    for line in summary_lines(path, counts, lang):
        message(line)
    if report:
        session.db_arg = path
        from vrijetijd_cli.commands.report import print_default_yearly

        print_default_yearly()
