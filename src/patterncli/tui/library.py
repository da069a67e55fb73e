"""The cards as the browse app sees them: one load of the card path, every string made visible.

The app loads the card path afresh for every search, so a card edited in another window shows
at the next key press. That is cheap because the catalog is cached per folder and keyed by each
file's stat: on the bundled cards, loading, making visible and indexing take about 5 ms together,
a search about 4 ms and a match of two traits about 9 ms (the 2-core development machine). The
search runs in a worker thread, so a large library slows the results, never the typing.

Every string of the card data passes `safe_text.visible` here, once, before any of it is laid
out: a stand-in then takes its column when Rich measures the line, and search highlights still
fit, since `visible` keeps each character's place. Nothing here knows about cards beyond calling
the core: search, compare, resolve and match (`pattern match`'s match_traits) live there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..model import Card, card_from_data
from ..resolve import resolve_pattern
from ..safe_text import visible_data
from ..search import LineIndex, line_index, search

if TYPE_CHECKING:
    from ..compare import Comparison
    from ..search import Hit
    from ..search.match import MatchReport

HIT_LIMIT = 200  # hits shown for a query: far more than a screen, and still instant to draw


class Library:
    """One load of the card path: each card's data by id, its lines indexed, its Card on demand."""

    def __init__(self, cards_data: Mapping[str, Mapping[str, Any]]) -> None:
        self.data = dict(cards_data)  # id -> the card in its file format, every string visible
        self.index: LineIndex = line_index(self.data.values())
        self._cards: dict[str, Card] = {}

    def ids(self) -> list[str]:
        return list(self.data)

    def card(self, card_id: str) -> Card:
        if card_id not in self._cards:
            self._cards[card_id] = card_from_data(dict(self.data[card_id]))
        return self._cards[card_id]

    def find(self, name: str) -> Card:
        """The card a name, id or alias means; NotFound with "did you mean" as in `pattern show`."""
        names = [(card_id, str(d["name"]), list(d.get("aliases", ()))) for card_id, d in self.data.items()]
        return self.card(resolve_pattern(name, names))

    def search(self, query: str, limit: int = HIT_LIMIT) -> list[Hit]:
        """`pattern search` over every line of every card: the same ranking, the same spans."""
        return search(self.index, query, limit)

    def risk_in(self, text: str) -> list[str]:
        """The phrases of the text that speak of a risk (suicide, self-harm, harm to others), as typed."""
        from ..search.rank import risk_book
        from ..search.risk import risk_said

        return [typed for typed, _ in risk_said(text, risk_book(None))]

    def compare(self, left: str, right: str) -> Comparison:
        from ..compare import compare

        return compare(self.card(left), self.card(right))

    def match(self, traits: Sequence[str], felt: bool = False) -> MatchReport:
        """`pattern match` (`--felt`): every pattern accounting for at least one trait, best first."""
        from ..search.match import match_traits

        return match_traits(self.data.values(), traits, felt=felt, limit=0)


def load_library() -> Library:
    """The cards on the path now. Broken files are left out quietly: `browse` reported them once,
    before the screen was taken over, and a message now would land in the middle of the app."""
    from ..catalog import load_catalog

    catalog = load_catalog()
    return Library({card_id: visible_data(loaded.data) for card_id, loaded in catalog.cards.items()})
