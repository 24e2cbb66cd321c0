"""Babel extractor for `pybabel extract -F babel.cfg`: the usual `_()`, `N_()`, `ngettext()` and
`pgettext()` calls, `NP_()`, plus the docstrings of Typer commands, which are their help text.

Only the catalogue tools import this module (and Babel); the program never does.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any


def command_docstrings(source: str) -> Iterator[tuple[int, str]]:
    """(line, cleaned docstring) of every function decorated with `@<app>.command` or `.callback`."""
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if not any(_is_command_decorator(d) for d in node.decorator_list):
            continue
        text = ast.get_docstring(node, clean=True)
        if text:
            yield node.body[0].lineno, text


def _is_command_decorator(node: ast.expr) -> bool:
    target = node.func if isinstance(node, ast.Call) else node
    return isinstance(target, ast.Attribute) and target.attr in ("command", "callback")


def extract(fileobj: Any, keywords: Any, comment_tags: Any, options: dict) -> Iterator[tuple]:
    from io import BytesIO

    from babel.messages.extract import extract_python

    source = fileobj.read()
    yield from extract_python(BytesIO(source), keywords, comment_tags, options)
    text = source.decode("utf-8")
    for line, marked in context_marks(text):
        yield line, "pgettext", marked, []
    for line, help_text in command_docstrings(text):
        yield line, None, help_text, []


def context_marks(source: str) -> Iterator[tuple[int, tuple[str, str]]]:
    """(line, (context, message)) of every `NP_("context", "message")`: extracted as pgettext."""
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "NP_"
                and len(node.args) == 2 and all(isinstance(a, ast.Constant) and isinstance(a.value, str)
                                                for a in node.args)):
            yield node.lineno, (node.args[0].value, node.args[1].value)
