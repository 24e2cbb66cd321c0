"""The reference for start-up: a minimal Typer app with one command."""

import typer

app = typer.Typer()


@app.command()
def hello(name: str = "wereld") -> None:
    """Zeg hallo."""
    print(f"hallo {name}")


if __name__ == "__main__":
    app()
