"""Finding a remembered phrase: search every line of every card."""

from __future__ import annotations

from typing import Annotated

import typer

from ..commands import find
from .app import command, terminal_of
from .options import Limit, NoPager, PatternFilter, Sections, TextFormat, as_format


@command()
def search(
    ctx: typer.Context,
    query: Annotated[
        str,
        typer.Argument(metavar="QUERY", help="Words or a phrase; typos are tolerated.", show_default=False),
    ],
    pattern: PatternFilter = None,
    section: Sections = None,
    limit: Limit = 10,
    fmt: TextFormat = None,
    no_pager: NoPager = False,
) -> None:
    """Fuzzy search over every line of every card, best match first."""
    find.search(terminal_of(ctx), query, pattern, section or [], limit, as_format(fmt), no_pager)
