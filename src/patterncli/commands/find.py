"""Finding what one remembers or observes: search every line of every card."""

from __future__ import annotations

from ..errors import NotFound, UsageProblem, shortened
from ..render import Format, View, check_supported
from . import emit, find_card, load, nothing_found, pick_format

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..catalog import Catalog
    from ..output import Terminal
    from ..search import Hit, SearchLine


def search(
    terminal: Terminal,
    query: str,
    patterns: Sequence[str] = (),
    sections: Sequence[str] = (),
    limit: int = 10,
    fmt: Format | None = None,
    no_pager: bool = False,
    by_pattern: bool = False,
) -> None:
    """Fuzzy search over every line of every card (of the `patterns` given), best match first; or
    the cards that hold the best lines, best card first, each with its lines (`by_pattern`: `limit`
    counts cards)."""
    from ..search import query_words
    from ..search import search as find_lines

    unreadable = None
    try:
        query_words(query)  # an empty query is a usage error, said before any card is read
    except NotFound as nothing_to_read:  # letters of no script search reads: nothing found, as such
        unreadable = nothing_to_read
    check_limit(limit)
    view = View.pattern_hits if by_pattern else View.search_hits
    if fmt is not None:
        check_supported(view, fmt)
    if unreadable is not None:  # review: `-f json` printed nothing here, and `[]` for other misses
        raise nothing_found(str(unreadable), fmt, terminal)

    catalog = load()
    note_thesaurus_mistakes(searching=True)
    hits = None
    chosen = list(dict.fromkeys(find_card(catalog, p).id for p in patterns)) or None
    if not sections:
        hits = search_stored(catalog, chosen, query, 0 if by_pattern else limit)
    if hits is None:
        hits = find_lines(lines_to_search(catalog, chosen, sections), query, 0 if by_pattern else limit)
    note_risk(query)  # found or not: QA, `search SI -p insecure` said nothing of the risk
    if not hits:
        where = " in the sections asked for" if sections else ""
        raise nothing_found(f"nothing matches {shortened(query)}{where}", fmt, terminal)
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


def note_risk(query: str) -> None:
    """Say why the lines on assessing risk come first, when the query speaks of it."""
    from ..output import note
    from ..search.rank import risk_book
    from ..search.risk import risk_said
    from ..views import SEARCH_RISK

    said = [typed for typed, _ in risk_said(query, risk_book(None))]
    if said:
        note(", ".join(map(shortened, said)) + f" {SEARCH_RISK}")


def note_thesaurus_mistakes(searching: bool = False) -> None:
    """A thesaurus file with mistakes in it is used without them; say so, as for card files.
    (`searching`: through the book search reads, so that a run reads one book, not two.)"""
    from ..output import note
    from ..safe_text import visible_path
    from ..search.thesaurus import load_phrase_book

    for path, partly_used in load_phrase_book(searching=searching).flawed:
        what = "entries with mistakes skipped" if partly_used else "not used: nothing in it can be read"
        note(f"{visible_path(path)}: {what}: run `pattern validate` to see why")


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
    from ..output import note
    from ..search.match import (
        beside_risk,
        given_traits,
        match_lines,
        match_traits,
        why_left_out,
        with_risk_phrases_whole,
    )
    from ..search.store import ABOUT_ITSELF, FELT, StoreDamaged, stored_lines
    from ..views import beside_risk_note, risk_said_of

    traits = with_risk_phrases_whole(traits)
    for trait in dict.fromkeys(t.strip() for t in traits):  # a trait typed twice is noted once
        why = why_left_out(trait)
        if why is not None:
            note(f"{shortened(trait)} is left out: {why}")
        rest = beside_risk(trait)
        if rest:  # QA: the rest was dropped without a word
            note(beside_risk_note(shortened(trait), shortened(rest)))
    given_traits(traits, felt)  # no trait at all is a usage error, said before any card is read
    check_limit(limit)
    if fmt is not None:
        check_supported(View.matches, fmt)

    catalog = load()
    note_thesaurus_mistakes()
    chosen = [find_card(catalog, p).id for p in patterns] or None
    report = None
    stored = stored_lines(catalog, FELT if felt else ABOUT_ITSELF, chosen)
    if stored is not None:
        names = {card_id: catalog.cards[card_id].name for card_id in stored.card_ids()}
        try:
            report = match_lines(stored, names, traits, felt=felt, limit=limit)
        except StoreDamaged:
            stored.repair()  # the cards are matched in memory below; the next run reads the index
    if report is None:
        cards = [loaded.data for loaded in catalog.cards.values()]
        report = match_traits(cards, traits, felt=felt, limit=limit, patterns=chosen)
    # On stderr too, unless the output opens with it on the screen: saved to a file or piped on,
    # the output would carry it where nobody is looking.
    shown_on_screen = terminal.is_tty and report.matches and pick_format(fmt, terminal) is not Format.json
    if report.risk and not shown_on_screen:
        note(risk_said_of([shortened(t) for t in report.risk]))
    if not report.matches:
        among = " among the patterns given" if chosen else ""
        message = "no pattern accounts for " + ", ".join(map(shortened, report.traits)) + among
        raise nothing_found(message, fmt, terminal)
    emit(View.matches, report, fmt, terminal, no_pager)


def search_stored(catalog: Catalog, patterns: list[str] | None, query: str, limit: int) -> list[Hit] | None:
    """Search every line of every card (of the cards with the ids in `patterns`) through the card
    folders' stored indexes; None when one cannot be used (no cache, or a damaged one): then the
    cards are searched in memory."""
    from ..search import search as find_lines
    from ..search.store import StoreDamaged, stored_lines

    lines = stored_lines(catalog, patterns=patterns)
    if lines is None:
        return None
    try:
        return find_lines(lines, query, limit)
    except StoreDamaged:
        lines.repair()
        return None


def lines_to_search(
    catalog: Catalog, patterns: Sequence[str] | None, sections: Sequence[str]
) -> Sequence[SearchLine]:
    """The lines of the cards (ids) and sections asked for (every line of every card by default),
    in memory."""
    from ..model import card_to_data
    from ..search import line_index

    if not (patterns or sections):  # straight from the card data, without building a Card for each
        return line_index(loaded.data for loaded in catalog.cards.values())
    cards = [catalog.get(card_id) for card_id in patterns] if patterns else catalog.all_cards()
    if sections:
        from ..resolve import narrow_each

        cards = narrow_each(cards, sections)[0]
    index = line_index(card_to_data(card) for card in cards)
    if not sections:
        return index
    return [line for line in index if line.section_key is not None]  # card names belong to no section
