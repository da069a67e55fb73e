"""What a search finds, as the renderers show it: a hit is a line with its score, the spans of
its matched words and the words that stood in for the query's; `search --by-pattern` groups them
by card."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..record import Record
from ..resolve import normalize
from .index import TOKEN, SearchLine

Span = tuple[int, int]
StandIn = tuple[int, int, str]


class Hit(Record):
    # The spans matched through the thesaurus, each with the query words it stands in for:
    # (start, end, "turned down") on "rejected".
    __slots__ = (
        "line",
        "score",
        "spans",
        "stand_ins",
    )
    _fields = (
        "line",
        "score",
        "spans",
        "stand_ins",
    )

    def __init__(
        self,
        line: SearchLine,
        score: float,
        spans: tuple[Span, ...],
        stand_ins: tuple[StandIn, ...] = (),
    ) -> None:
        self.line = line
        self.score = score  # 0-100
        self.spans = spans  # [start, end) ranges in line.text of the words that matched
        self.stand_ins = stand_ins


class PatternHits(Record):
    """One card's hits, best first: `search --by-pattern`."""

    __slots__ = (
        "hits",
        "pattern",
        "pattern_name",
    )
    _fields = (
        "pattern",
        "pattern_name",
        "hits",
    )

    def __init__(
        self,
        pattern: str,
        pattern_name: str,
        hits: tuple[Hit, ...],
    ) -> None:
        self.pattern = pattern
        self.pattern_name = pattern_name
        self.hits = hits

    @property
    def score(self) -> float:
        return self.hits[0].score

    def top(self, count: int) -> PatternHits:
        """The card with only its `count` best hits."""
        return PatternHits(self.pattern, self.pattern_name, self.hits[:count])


def group_by_pattern(hits: Iterable[Hit]) -> list[PatternHits]:
    """The hits under their cards: the card with the best hit first, each card's hits best first."""
    by_pattern: dict[str, list[Hit]] = {}
    for hit in sorted(hits, key=lambda h: -h.score):  # stable: equal scores keep their order
        by_pattern.setdefault(hit.line.pattern, []).append(hit)
    return [
        PatternHits(found[0].line.pattern, found[0].line.pattern_name, tuple(found))
        for found in by_pattern.values()
    ]


def make_hit(line: SearchLine, score: float, matched: set[str], stand_ins: Mapping[str, str]) -> Hit:
    """A hit on a line, from the (normalized) words of it that matched and those that stood in
    for query words (each with the query words)."""
    return Hit(
        line,
        round(score, 2),
        spans(line.text, matched),
        tuple((a, b, stand_ins[w]) for a, b, w in _matching_tokens(line.text, set(stand_ins))),
    )


def _matching_tokens(text: str, words: set[str]) -> Iterable[tuple[int, int, str]]:
    """(start, end, the word it matched) for each word of `text` whose normalized form, or a
    part of it ("self-effacing"), is in `words`."""
    if not words:
        return
    for match in TOKEN.finditer(text):
        norm = normalize(match.group())
        found = norm if norm in words else next((part for part in norm.split() if part in words), None)
        if found is not None:
            yield match.start(), match.end(), found


def spans(text: str, words: set[str]) -> tuple[Span, ...]:
    """The [start, end) ranges of the words of `text` whose normalized form is in `words`."""
    return tuple((start, end) for start, end, _ in _matching_tokens(text, words))
