"""Babel extractor for `pybabel extract -F babel.cfg`: the usual `_()`, `N_()`, `ngettext()` and
`pgettext()` calls, plus the docstrings of Typer commands, which are their help text.

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
    for line, text in command_docstrings(source.decode("utf-8")):
        yield line, None, text, []
