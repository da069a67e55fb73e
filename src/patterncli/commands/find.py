"""Finding what one remembers or observes: search every line of every card."""

from __future__ import annotations

from ..errors import NotFound, UsageProblem
from ..render import Format, View, check_supported
from . import emit, find_card, load

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..output import Terminal
    from ..search import SearchLine


def check_query(query: str) -> None:
    """One check, one message, for every command that takes words to look for."""
    if not query.strip():
        raise UsageProblem("the search query is empty: give a word or two to look for")


def search(
    terminal: Terminal,
    query: str,
    pattern: str | None = None,
    sections: Sequence[str] = (),
    limit: int = 10,
    fmt: Format | None = None,
    no_pager: bool = False,
) -> None:
    """Fuzzy search over every line of every card, best match first."""
    check_query(query)
    if limit < 1:
        raise UsageProblem(f"--limit must be at least 1, not {limit}")
    if fmt is not None:
        check_supported(View.search_hits, fmt)
    from ..search import search as find_lines

    hits = find_lines(lines_to_search(pattern, sections), query, limit)
    if not hits:
        raise NotFound(f"nothing matches {query!r}")
    emit(View.search_hits, hits, fmt, terminal, no_pager)


def lines_to_search(pattern: str | None, sections: Sequence[str]) -> Sequence[SearchLine]:
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
        from ..resolve import narrow_each

        cards = narrow_each(cards, sections)[0]
    index = line_index(card_to_data(card) for card in cards)
    if not sections:
        return index
    return [line for line in index if line.section_key is not None]  # card names belong to no section
