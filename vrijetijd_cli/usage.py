"""Help pages and usage errors in the user's language, through Typer's public classes.

Typer translates a few of its own words with the standard gettext (section titles, 'required',
'default'); i18n binds our catalogue of those. The rest is rendered here: the usage line, the
help option, the help texts (docstrings and option help, Dutch msgids in our catalogue, looked
up when shown, since the language is only known once the config is read), and the usage errors
that click raises with English text. Typer exposes click's exceptions only as subclasses of
`typer.TyperException`; `usage_error_text` reads their public attributes (`ctx`, `message`,
`param_hint`, `option_name`, `possibilities`) and their class names, which
tests/test_usage.py pins for the Typer versions pyproject allows.
"""

from __future__ import annotations

import re
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from vrijetijd_cli.i18n import N_, _


def _translate_help(item: Any) -> None:
    """Show `item.help` and `item.metavar` (of a command or a parameter) in the user's language;
    the Dutch source is kept beside them, so a later invocation in another language finds it."""
    for name in ("help", "metavar"):
        source = getattr(item, f"{name}_source", None)
        if source is None:
            source = getattr(item, name, None) or ""
            setattr(item, f"{name}_source", source)
        if source:
            setattr(item, name, _(source))


# the placeholder of an option's value by its type, where the option names none itself
_METAVARS = {"str": N_("TEKST"), "text": N_("TEKST"), "int": N_("GETAL"), "integer": N_("GETAL"),
             "float": N_("GETAL"), "path": N_("PAD")}


def _default_metavar(param: Any) -> None:
    if getattr(param, "metavar", None) or getattr(param, "is_flag", False) or not getattr(param, "opts", None):
        return
    if getattr(param, "param_type_name", "") == "option":
        word = _METAVARS.get(getattr(param.type, "name", ""))
        if word:
            param.metavar = word


class _Translated:
    """What a command and a group share: usage line, help option and help texts translated."""

    def format_usage(self, ctx: typer.Context, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        words = {"[OPTIONS]": _("[OPTIES]"), "COMMAND [ARGS]...": _("OPDRACHT [ARGUMENTEN]...")}
        pieces = [words.get(piece, piece) for piece in pieces]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_("Gebruik:") + " ")

    def format_help(self, ctx: typer.Context, formatter: Any) -> None:
        _translate_help(self)
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            _default_metavar(param)
            _translate_help(param)
        super().format_help(ctx, formatter)  # type: ignore[misc]

    def get_help_option(self, ctx: typer.Context) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = _("Toon deze hulp en stop.")
        return option

    def get_short_help_str(self, limit: int = 45) -> str:
        _translate_help(self)
        return super().get_short_help_str(limit)  # type: ignore[misc]


class Command(_Translated, TyperCommand):
    """A leaf command: records which command runs (for the audit log), help in the user's language."""

    def invoke(self, ctx: typer.Context) -> Any:
        from vrijetijd_cli.services import audit

        # 'vrijetijd participant add' -> 'participant add'
        audit.set_command(ctx.command_path.partition(" ")[2])
        return super().invoke(ctx)


class Group(_Translated, TyperGroup):
    """A group of commands with its help in the user's language."""


def usage_error_text(error: typer.TyperException) -> tuple[str, str | None]:
    """A usage error of click's (unknown option, missing option, …) as (message, usage line)."""
    kind = type(error).__name__
    hint = getattr(error, "param_hint", None)
    if isinstance(hint, (list, tuple)):
        hint = " / ".join(hint)
    if kind == "NoSuchOption":
        text = _("onbekende optie {option}").format(option=error.option_name)  # type: ignore[attr-defined]
        possibilities = sorted(getattr(error, "possibilities", None) or ())
        if possibilities:
            text += "; " + _("bedoelde u {options}?").format(options=", ".join(possibilities))
    elif kind == "MissingParameter":
        param = getattr(error, "param", None)
        name = hint or (param.opts[0] if param is not None and param.opts else "")
        if getattr(param, "param_type_name", "") == "argument":
            # the name the usage line shows (ID), not the Python parameter's (participant_id)
            text = _("argument {name} ontbreekt").format(name=_(param.metavar) if param.metavar else name)
        else:
            text = _("optie {name} ontbreekt").format(name=name)
    elif kind == "BadOptionUsage" and str(error.message).endswith("requires an argument."):
        text = _("optie {option} heeft een waarde nodig").format(option=error.option_name)  # type: ignore[attr-defined]
    else:
        text = _words(str(error.message))
    ctx = getattr(error, "ctx", None)
    usage = ctx.get_usage() if ctx is not None else None
    return text, usage


def _words(message: str) -> str:
    """Click's remaining English sentences, recognised by their fixed wording."""
    found = re.fullmatch(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", message)
    if found:
        return _("onverwachte argumenten: {arguments}").format(arguments=found.group(1))
    found = re.fullmatch(r"(.*?)\.? Did you mean (.*)\?", message, flags=re.S)
    if found:
        return _("{message}; bedoelde u {options}?").format(message=found.group(1), options=found.group(2))
    return message


def help_hint(ctx: Any) -> str:
    """'Probeer 'vrijetijd participant --help' voor hulp.'"""
    names = ctx.help_option_names if ctx is not None else ["--help"]
    path = ctx.command_path if ctx is not None else "vrijetijd"
    return _("Probeer '{command} {option}' voor hulp.").format(command=path, option=names[-1] if names else "--help")
