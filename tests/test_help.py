"""Every command and group has help text (sqlite-utils' test_docs idea): walk the whole app."""

import pytest
import typer
from typer.core import TyperGroup

from vrijetijd_cli.cli import COMMANDS, app, load_command


def walk(command, path: tuple[str, ...]):
    """(path, command) of a command and everything below it."""
    yield path, command
    if isinstance(command, TyperGroup):
        ctx = typer.Context(command, info_name=path[-1])
        for name in command.list_commands(ctx):
            yield from walk(command.get_command(ctx, name), (*path, name))


def source_help(command) -> str:
    """The command's help text as written in the code (Dutch, before any translation)."""
    return (getattr(command, "help_source", None) or command.help or command.short_help or "").strip()


def test_root_help_lists_every_group(cli):
    result = cli("--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("Gebruik: ")
    assert "vrijetijd: administratie van het lokaal netwerk vrijetijdsparticipatie." in result.stdout
    for name, (_module, text) in COMMANDS.items():
        assert text.strip(), name
        assert name in result.stdout


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_and_group_has_help(name):
    command = load_command(name)
    missing = [" ".join(path) for path, sub in walk(command, (name,)) if not source_help(sub)]
    assert missing == [], f"without help text: {missing}"


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_help_page_renders_in_dutch(cli, name):
    for path, command in walk(load_command(name), (name,)):
        result = cli(*path, "--help")
        assert result.exit_code == 0, (path, result.stderr)
        # in-process the program is called after the root function
        assert result.stdout.startswith(f"Gebruik: root {' '.join(path)} "), result.stdout[:80]
        assert "Show this message" not in result.stdout
        first_line = source_help(command).splitlines()[0]
        assert first_line[:40] in " ".join(result.stdout.split()), path


def test_help_text_is_plain_not_markup():
    # rich_markup_mode=None everywhere: square brackets in help would otherwise vanish
    assert app.rich_markup_mode is None
