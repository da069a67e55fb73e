"""One matcher for pattern names, section queries and "did you mean".

Exact matches beat prefixes, prefixes beat whole words inside a name, and
only when none of those match is RapidFuzz consulted (and imported), so an
ordinary `pattern show insecure -s countertransference` never pays for it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from .errors import NotFound
from .model import Card, Section, group_title

EXACT, PREFIX, WORDS, FUZZY = 4, 3, 2, 1
FUZZY_CUTOFF = 80.0
SUGGEST_CUTOFF = 55.0

_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalize(text: str) -> str:
    """Lower case, accents and punctuation dropped, words separated by single spaces."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).replace("’", "").replace("'", "")
    return _NON_WORD.sub(" ", text).strip()


def match_tier(query: str, candidate: str) -> int:
    """How well a normalized query matches a normalized name, without fuzzy matching (0: not at all)."""
    if not query or not candidate:
        return 0
    if candidate == query:
        return EXACT
    if candidate.startswith(query):
        return PREFIX
    if f" {query}" in f" {candidate}":  # the query starts at a word boundary inside the name
        return WORDS
    return 0


class Named(NamedTuple):
    """Something that can be looked up, under every name it answers to."""

    value: object
    names: tuple[str, ...]


def best_matches(query: str, choices: Sequence[Named]) -> list[Named]:
    """The choices that match best: all of those tied at the best tier, in their original order."""
    return ranked_matches(query, choices)[1]


def ranked_matches(query: str, choices: Sequence[Named]) -> tuple[int, list[Named]]:
    """The best tier reached (0: none) and the choices tied at it."""
    wanted = normalize(query)
    if not wanted:
        return 0, []
    tiers = [max((match_tier(wanted, normalize(n)) for n in c.names), default=0) for c in choices]
    best = max(tiers, default=0)
    if best:
        return best, [c for c, t in zip(choices, tiers, strict=True) if t == best]
    scores = _fuzzy_scores(wanted, choices)
    top = max(scores, default=0.0)
    if top < FUZZY_CUTOFF:
        return 0, []
    return FUZZY, [c for c, s in zip(choices, scores, strict=True) if s >= top - 0.5]


def _fuzzy_scores(wanted: str, choices: Sequence[Named]) -> list[float]:
    from rapidfuzz import fuzz

    words = wanted.count(" ") + 1

    def score(name: str) -> float:
        # Compare with the whole name and with its first words, so that a misspelt
        # "countertransferance" scores on "countertransference ..." and not on "transference".
        leading = " ".join(name.split()[:words])
        return max(fuzz.ratio(wanted, name), fuzz.ratio(wanted, leading))

    return [max((score(normalize(n)) for n in c.names), default=0.0) for c in choices]


def suggestions(query: str, names: Iterable[str], limit: int = 3) -> list[str]:
    """The closest names to a query that matched nothing, best first."""
    from rapidfuzz import fuzz, process, utils

    unique = list(dict.fromkeys(names))
    found = process.extract(
        query,
        unique,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=limit,
        score_cutoff=SUGGEST_CUTOFF,
    )
    return [name for name, _score, _index in found]


# Patterns ------------------------------------------------------------------


def pattern_choices(cards: Iterable[tuple[str, str, Sequence[str]]]) -> list[Named]:
    """Choices from (id, name, aliases) triples."""
    return [Named(card_id, (card_id, name, *aliases)) for card_id, name, aliases in cards]


def resolve_pattern(query: str, cards: Sequence[tuple[str, str, Sequence[str]]]) -> str:
    """The id of the card whose id, name or alias is the query (any case); NotFound with suggestions otherwise.

    Only exact names resolve: a pattern is a clinical claim, so a near miss is
    offered as a suggestion rather than silently taken.
    """
    choices = pattern_choices(cards)
    wanted = normalize(query)
    exact = [c for c in choices if any(normalize(n) == wanted for n in c.names)]
    if len(exact) == 1:
        return str(exact[0].value)
    if exact:
        ids = [str(c.value) for c in exact]
        raise NotFound(f"{query!r} could mean several patterns: {', '.join(ids)}", ids)
    raise NotFound(f"no pattern called {query!r}", suggest_patterns(query, choices), hint="pattern list")


def suggest_patterns(query: str, choices: Sequence[Named]) -> list[str]:
    """Ids of the closest patterns: those the query starts, then fuzzy matches."""
    starts = [str(c.value) for c in best_matches(query, choices) if _tier_of(query, c) >= WORDS]
    names = [n for c in choices for n in c.names]
    close = set(suggestions(query, names))
    fuzzy = [str(c.value) for c in choices if close.intersection(c.names)]
    return list(dict.fromkeys([*starts, *fuzzy]))[:3]


def _tier_of(query: str, choice: Named) -> int:
    wanted = normalize(query)
    return max(match_tier(wanted, normalize(n)) for n in choice.names)


# Sections ------------------------------------------------------------------


def section_choices(card: Card) -> list[Named]:
    return [
        Named(s, (s.key, s.key.replace("-", " "), s.title, *s.aliases, s.group, group_title(s.group)))
        for s in card.sections
    ]


def resolve_sections(card: Card, queries: Sequence[str]) -> tuple[Section, ...]:
    """The sections a list of queries asks for, in the card's order; NotFound for a query matching none."""
    wanted: set[str] = set()
    for query in queries:
        tier, found = match_sections(card, query)
        if not tier:
            raise unknown_section(card, query)
        wanted.update(s.key for s in found)
    return tuple(s for s in card.sections if s.key in wanted)


def match_sections(card: Card, query: str) -> tuple[int, list[Section]]:
    """How well a query matches the card's sections (0: not at all), and the sections matched."""
    tier, found = ranked_matches(query, section_choices(card))
    return tier, [c.value for c in found if isinstance(c.value, Section)]


def unknown_section(card: Card, query: str) -> NotFound:
    titles = {s.title: s.key for s in card.sections}
    keys = {s.key: s.key for s in card.sections}
    close = suggestions(query, [*titles, *keys])
    shown = list(dict.fromkeys(titles.get(n) or keys[n] for n in close))
    return NotFound(
        f"no section matching {query!r} in {card.name}", shown, hint=f"pattern sections {card.id}"
    )
