"""Finding a remembered phrase: search every line of every card."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from ..errors import NotFound, UsageProblem
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
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..model import Card
    from ..search import SearchLine


@app.command()
def search(
    query: str = typer.Argument(
        ..., metavar="QUERY", help="Words or a phrase; typos are tolerated.", show_default=False
    ),
    pattern: str | None = typer.Option(
        None, "--pattern", "-p", metavar="PATTERN", help="Only this pattern.", autocompletion=complete_pattern
    ),
    section: list[str] | None = typer.Option(
        None,
        "--section",
        "-s",
        metavar="SECTION",
        help="Only sections matching this query, as in `show`; repeatable.",
        autocompletion=complete_section,
    ),
    limit: int = typer.Option(10, "--limit", "-n", min=1, help="Show at most this many hits."),
    fmt: Format | None = typer.Option(None, "--format", "-f", help=FORMAT_HELP, show_default=False),
    no_pager: bool = typer.Option(False, "--no-pager", help=NO_PAGER_HELP),
) -> None:
    """Fuzzy search over every line of every card, best match first."""
    if not query.strip():
        raise UsageProblem("the search query is empty")
    from ..search import search as find_lines

    lines = lines_to_search(pattern, section or [])
    hits = find_lines(lines, query, limit)
    if not hits:
        raise NotFound(f"nothing matches {query!r}")
    emit("search_hits", hits, fmt, no_pager)


def lines_to_search(pattern: str | None, sections: list[str]) -> Sequence[SearchLine]:
    """The lines of the cards and sections asked for (every line of every card by default).

    Only the index is returned: the catalog and its card data are let go before the search
    builds its own structures, which keeps peak memory down with thousands of cards.
    """
    from ..model import card_to_data
    from ..search import line_index

    catalog = load()
    if not (pattern or sections):  # straight from the card data, without building a Card for each
        return line_index(loaded.data for loaded in catalog.cards.values())
    cards = [find_card(catalog, pattern)] if pattern else catalog.all_cards()
    if sections:
        cards = sections_of(cards, sections)
    index = line_index(card_to_data(card) for card in cards)
    if not sections:
        return index
    return [line for line in index if line.section_key is not None]  # card names belong to no section


def sections_of(cards: list[Card], queries: list[str]) -> list[Card]:
    """Each card cut down to the sections the queries match, as `show -s` would; cards with none are dropped."""
    from ..resolve import match_sections, unknown_section

    narrowed: list[Card] = []
    for card in cards:
        keys = {s.key for q in queries for s in match_sections(card, q)[1]}
        if keys:
            narrowed.append(card.with_sections(tuple(s for s in card.sections if s.key in keys)))
    if not narrowed:
        raise (
            unknown_section(cards[0], queries[0])
            if len(cards) == 1
            else NotFound(f"no card has a section matching {', '.join(map(repr, queries))}")
        )
    return narrowed
