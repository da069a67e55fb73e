"""Match mode's one call into the core: patterns ranked by the traits a clinician observes.

`pattern match` (`patterncli.search.match.match_traits`) is being built on its own branch. Until
it lands, `match_patterns` stands in for it, with the shapes that branch defines (PatternMatch,
Evidence) and the scoring it describes, made of nothing but the core's `search`: each trait is
searched like a query, a pattern keeps its best line for each trait, and scores the mean of
those over all the traits given. Wiring the real one replaces this module's body with

    from ..search.match import Evidence, PatternMatch, match_traits
    def match_patterns(cards_data, traits):
        return match_traits(cards_data, traits, limit=0).matches
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import UsageProblem
from ..resolve import normalize
from ..search import Hit, line_index, search


@dataclass(frozen=True)
class Evidence:
    """A card's best line for one trait."""

    trait: str  # as given
    hit: Hit

    @property
    def section(self) -> str:
        """Where the line is: its section's title, or the card's name for the card's own names."""
        return self.hit.line.section_title or self.hit.line.pattern_name


@dataclass(frozen=True)
class PatternMatch:
    """One pattern, scored by the traits it accounts for."""

    pattern: str  # the card's id
    name: str
    score: float  # 0-100: the mean over all traits of its best line's score (0 when none)
    evidence: tuple[Evidence, ...]  # its best line for each trait it accounts for, in trait order
    unmatched: tuple[str, ...]  # the traits this pattern does not account for


def match_patterns(cards_data: Iterable[Mapping[str, Any]], traits: Sequence[str]) -> Sequence[PatternMatch]:
    """Every pattern accounting for at least one trait, best first. UsageProblem if no trait has a word."""
    given = tuple(dict.fromkeys(t.strip() for t in traits if normalize(t)))
    if not given:
        raise UsageProblem("no trait to match: describe what you observe, one trait per line")
    index = line_index(cards_data)
    best: dict[str, dict[str, Evidence]] = {}  # pattern -> trait -> its best line
    names: dict[str, str] = {}
    for trait in given:
        for hit in search(index, trait, limit=0):  # best first: the first line per card is its best
            names[hit.line.pattern] = hit.line.pattern_name
            best.setdefault(hit.line.pattern, {}).setdefault(trait, Evidence(trait, hit))
    matches = [
        PatternMatch(
            pattern,
            names[pattern],
            round(sum(e.hit.score for e in found.values()) / len(given), 2),
            tuple(found[t] for t in given if t in found),
            tuple(t for t in given if t not in found),
        )
        for pattern, found in best.items()
    ]
    return sorted(matches, key=lambda m: (-m.score, -len(m.evidence)))
