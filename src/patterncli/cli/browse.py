"""The interactive reference: live search, a reader, comparison and match, on one screen."""

from __future__ import annotations

from typing import Annotated

import typer

from ..commands import browse as browsing
from .app import command, finish, terminal_of
from .options import optional_pattern


@command()
def browse(
    ctx: typer.Context,
    pattern: Annotated[
        str | None, optional_pattern("Open this pattern's card first (id, name or alias, in any case).")
    ] = None,
) -> None:
    """Search every card as you type, read, compare and match, full screen (needs a terminal)."""
    finish(browsing.browse(terminal_of(ctx), pattern))
