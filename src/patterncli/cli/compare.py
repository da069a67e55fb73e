"""Telling patterns apart: compare and map."""

from __future__ import annotations

from enum import Enum

import typer

from ..output import Terminal, write
from .app import (
    FORMAT_HELP,
    NO_PAGER_HELP,
    Format,
    app,
    complete_pattern,
    complete_section,
    emit,
    find_card,
    load,
    pick_format,
)


@app.command()
def compare(
    first: str = typer.Argument(
        ..., metavar="PATTERN", help="First pattern.", show_default=False, autocompletion=complete_pattern
    ),
    second: str = typer.Argument(
        ..., metavar="PATTERN", help="Second pattern.", show_default=False, autocompletion=complete_pattern
    ),
    section: list[str] | None = typer.Option(
        None,
        "--section",
        "-s",
        metavar="SECTION",
        help="Only rows matching this section query; repeatable.",
        autocompletion=complete_section,
    ),
    fmt: Format | None = typer.Option(None, "--format", "-f", help=FORMAT_HELP, show_default=False),
    no_pager: bool = typer.Option(False, "--no-pager", help=NO_PAGER_HELP),
) -> None:
    """Two patterns side by side, after the lines that tell them apart."""
    from ..compare import compare as compare_cards

    catalog = load()
    result = compare_cards(find_card(catalog, first), find_card(catalog, second), section or ())
    emit("comparison", result, fmt, no_pager)


class MapFormat(str, Enum):
    rich = "rich"
    plain = "plain"
    mermaid = "mermaid"
    dot = "dot"
    json = "json"


@app.command("map")
def relation_map(
    pattern: str | None = typer.Argument(
        None,
        metavar="[PATTERN]",
        help="Root the map at this pattern (default: every card).",
        autocompletion=complete_pattern,
        show_default=False,
    ),
    fmt: MapFormat | None = typer.Option(
        None,
        "--format",
        "-f",
        help="rich, plain, mermaid (for Markdown), dot (Graphviz) or json.",
        show_default=False,
    ),
) -> None:
    """The relations between cards: contrasts, combinations, patterns they mention."""
    from ..relations import relations
    from ..render import graph

    terminal = Terminal.detect()
    catalog = load()
    root = find_card(catalog, pattern).id if pattern else None
    found = relations(catalog.all_cards(), around=root)
    names = {c.id: c.name for c in catalog.cards.values()}
    kind = pick_format(fmt, terminal)
    if kind == "mermaid":
        text = graph.mermaid(found, names)
    elif kind == "dot":
        text = graph.dot(found, names)
    elif kind == "json":
        text = graph.as_json(found)
    elif kind == "plain":
        text = graph.plain(found)
    else:
        text = graph.tree(found, names, root, terminal.width, not terminal.no_color)
    write(text, terminal)
