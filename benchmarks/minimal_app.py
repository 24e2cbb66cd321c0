"""The reference for start-up: a minimal Typer app whose one command prints a 20-row rich table.

A daily command of vrijetijd reads a few rows and draws them as a rich table; the budget (DESIGN
§10) is 1.5x this app, which does the same without a database.
"""

import typer

app = typer.Typer()


@app.command()
def hello(name: str = "wereld") -> None:
    """Toon een tabel van 20 rijen."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"hallo {name}", title_justify="left")
    for header in ("Id", "Naam", "Datum", "Bedrag"):
        table.add_column(header, no_wrap=header != "Naam")
    for number in range(1, 21):
        table.add_row(str(number), f"{name} {number}", f"{number:02d}/06/2026", f"€ {number},00")
    Console().print(table)


if __name__ == "__main__":
    app()
