"""One Typer app per noun; thin: parse options, call one service, render the result.

Command modules do not use `from __future__ import annotations`: Typer would then evaluate
every annotation string while building the command, which quadruples that step's start-up cost.
"""
