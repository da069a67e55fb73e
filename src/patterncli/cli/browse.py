"""The interactive reference: live search, a reader, comparison and match, on one screen."""

from __future__ import annotations

from typing import Annotated

import typer

from ..commands import browse as browsing
from .app import app, finish, terminal_of
from .completion import complete_pattern


@app.command()
def browse(
    ctx: typer.Context,
    pattern: Annotated[
        str | None,
        typer.Argument(
            metavar="[PATTERN]",
            help="Open this pattern's card first (id, name or alias, in any case).",
            autocompletion=complete_pattern,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Search every card as you type, read, compare and match, full screen (needs a terminal)."""
    finish(browsing.browse(terminal_of(ctx), pattern))
