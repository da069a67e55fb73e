"""The relations between cards (contrasts, combinations, related patterns), read from their references."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .model import Card

CONTRAST, COMBINATION, RELATED = "contrast", "combination", "related"


@dataclass(frozen=True, order=True)
class Relation:
    source: str
    target: str
    kind: str


def kind_of(section_key: str) -> str:
    if section_key == "distinctions":
        return CONTRAST
    if section_key == "combinations":
        return COMBINATION
    return RELATED


def relations(cards: Sequence[Card], around: str | None = None) -> list[Relation]:
    """Every relation between the cards (to or from `around` only, when given), without repeats."""
    found = {
        Relation(card.id, ref, kind_of(section.key))
        for card in cards
        for section, _entry, ref in card.references()
        if ref != card.id
    }
    if around is not None:
        found = {r for r in found if around in (r.source, r.target)}
    return sorted(found)


def missing_references(cards: Sequence[Card]) -> list[tuple[Card, str]]:
    """(card, id) for every reference to a card that is not among the cards."""
    known = {c.id for c in cards}
    return [(card, ref) for card in cards for _s, _e, ref in card.references() if ref not in known]
