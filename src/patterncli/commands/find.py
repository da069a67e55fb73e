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


def search(
    terminal: Terminal,
    query: str,
    pattern: str | None = None,
    sections: Sequence[str] = (),
    limit: int = 10,
    fmt: Format | None = None,
    no_pager: bool = False,
    by_pattern: bool = False,
) -> None:
    """Fuzzy search over every line of every card, best match first; or the cards that hold the
    best lines, best card first, each with its lines (`by_pattern`: `limit` counts cards)."""
    from ..search import query_words
    from ..search import search as find_lines

    query_words(query)  # an empty query is a usage error, said before any card is read
    check_limit(limit)
    view = View.pattern_hits if by_pattern else View.search_hits
    if fmt is not None:
        check_supported(view, fmt)

    lines = lines_to_search(pattern, sections)
    hits = find_lines(lines, query, 0 if by_pattern else limit)
    if not hits:
        raise NotFound(f"nothing matches {query!r}")
    if not by_pattern:
        emit(view, hits, fmt, terminal, no_pager)
        return
    from ..search import group_by_pattern

    emit(
        view,
        [group.top(HITS_PER_PATTERN) for group in group_by_pattern(hits)[:limit]],
        fmt,
        terminal,
        no_pager,
    )


HITS_PER_PATTERN = 3  # search --by-pattern: a card's best lines, enough to see why it came up


def check_limit(limit: int) -> None:
    if limit < 1:
        raise UsageProblem(f"--limit must be at least 1, not {limit}")


def match(
    terminal: Terminal,
    traits: Sequence[str],
    felt: bool = False,
    patterns: Sequence[str] = (),
    limit: int = 5,
    fmt: Format | None = None,
    no_pager: bool = False,
) -> None:
    """The patterns that best account for what the clinician observes (or, `felt`, feels)."""
    from ..search.match import given_traits, match_traits

    given_traits(traits)  # no trait at all is a usage error, said before any card is read
    check_limit(limit)
    if fmt is not None:
        check_supported(View.matches, fmt)

    catalog = load()
    chosen = [find_card(catalog, p).id for p in patterns] or None
    report = match_traits(
        [loaded.data for loaded in catalog.cards.values()], traits, felt=felt, limit=limit, patterns=chosen
    )
    if not report.matches:
        raise NotFound("no pattern accounts for " + ", ".join(repr(t) for t in report.traits))
    emit(View.matches, report, fmt, terminal, no_pager)


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
