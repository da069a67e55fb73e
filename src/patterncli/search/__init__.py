"""Full-text search over the lines of cards: the core of `pattern search` and `pattern match`.

    index.py      the lines of cards, column by column, and their text normalized in one piece
    words.py      finding a query word: as it is, its forms (a stemmer), typos, the thesaurus
    thesaurus.py  the thesaurus files: reading, checking, merging, caching
    rank.py       ranking lines against a query: search()
    hits.py       what a search finds: Hit (a line, its score and highlights), group_by_pattern()
    match.py      ranking patterns against observed traits: match_traits()
    risk.py       words for risk to self or others, found in a query or a trait: risk_said()
    store.py      the search index kept in each card folder's cache, searched without the cards

Importing this package stays light: match.py, RapidFuzz, YAML and the stemmer are imported only
when used.
"""

from __future__ import annotations

from .hits import Hit, PatternHits, group_by_pattern, spans
from .index import (
    CARD_ALIAS,
    CARD_NAME,
    ITEM,
    KINDS,
    LABEL,
    SECTION_ALIAS,
    SECTION_TITLE,
    Corpus,
    LineIndex,
    SearchLine,
    card_lines,
    item_text,
    line_index,
)
from .rank import query_words, search

__all__ = [
    "CARD_ALIAS",
    "CARD_NAME",
    "ITEM",
    "KINDS",
    "LABEL",
    "SECTION_ALIAS",
    "SECTION_TITLE",
    "Corpus",
    "Hit",
    "LineIndex",
    "PatternHits",
    "SearchLine",
    "card_lines",
    "group_by_pattern",
    "item_text",
    "line_index",
    "query_words",
    "search",
    "spans",
]
