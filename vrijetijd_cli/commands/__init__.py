"""One Typer app per noun; thin: parse options, call one service, render the result."""
