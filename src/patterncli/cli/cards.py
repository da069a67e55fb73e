"""Looking cards up: show, list, sections, compare, map."""

from __future__ import annotations

from typing import Annotated

import typer

from ..commands import lookup
from .app import command, terminal_of
from .completion import complete_pattern
from .options import (
    Bare,
    MapFormat,
    NoPager,
    PageFormat,
    Pattern,
    Sections,
    TextFormat,
    as_format,
    optional_pattern,
)


@command()
def show(
    ctx: typer.Context,
    patterns: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[PATTERN]...",
            help="Pattern ids, names or aliases, in any case; several show each one's sections.",
            show_default=False,
            autocompletion=complete_pattern,
        ),
    ] = None,
    section: Sections = None,
    every: Annotated[
        bool, typer.Option("--all", help="Every card (with -s: that section of every card).")
    ] = False,
    bare: Bare = False,
    fmt: PageFormat = None,
    no_pager: NoPager = False,
) -> None:
    """Show a pattern card, or only the sections asked for; --all -s SECTION across every card."""
    lookup.show(terminal_of(ctx), patterns or [], section or [], as_format(fmt), no_pager, bare, every)


@command("list")
def list_cards(ctx: typer.Context, fmt: TextFormat = None, no_pager: NoPager = False) -> None:
    """List every card: id, what it is (transcribed notes or written for this tool), name, summary, origin."""
    lookup.list_cards(terminal_of(ctx), as_format(fmt), no_pager)


@command()
def sections(ctx: typer.Context, pattern: Pattern, fmt: TextFormat = None, no_pager: NoPager = False) -> None:
    """List a card's section keys and titles, in order, grouped."""
    lookup.sections(terminal_of(ctx), pattern, as_format(fmt), no_pager)


@command()
def compare(
    ctx: typer.Context,
    first: Pattern,
    second: Pattern,
    section: Sections = None,
    bare: Bare = False,
    fmt: PageFormat = None,
    no_pager: NoPager = False,
) -> None:
    """Two patterns side by side, after the lines that tell them apart."""
    lookup.compare(terminal_of(ctx), first, second, section or [], as_format(fmt), no_pager, bare)


@command("map")
def relation_map(
    ctx: typer.Context,
    pattern: Annotated[
        str | None, optional_pattern("Root the map at this pattern (default: every card).")
    ] = None,
    fmt: MapFormat = None,
    no_pager: NoPager = False,
) -> None:
    """The relations between cards: contrasts, combinations, patterns they mention."""
    lookup.relation_map(terminal_of(ctx), pattern, as_format(fmt), no_pager)
