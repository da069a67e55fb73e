"""The relations between cards (contrasts, combinations, related patterns), read from their references."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .model import Card
from .record import Record

CONTRAST, COMBINATION, RELATED = "contrast", "combination", "related"
KIND_LABELS = {CONTRAST: "contrasts with", COMBINATION: "combines with", RELATED: "mentions"}


@dataclass(frozen=True, order=True)
class Relation:
    source: str
    target: str
    kind: str

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


class RelationMap(Record):
    """The relations to draw, the cards' names, and the card the map is rooted at (None: all)."""

    __slots__ = ("names", "relations", "root")
    _fields = ("relations", "names", "root")

    def __init__(self, relations: list[Relation], names: dict[str, str], root: str | None = None) -> None:
        self.relations = relations
        self.names = names
        self.root = root


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


def branches(found: Sequence[Relation], card_id: str) -> dict[str, list[tuple[str, str]]]:
    """What one card says of others, by kind of relation, and which cards speak of it ("named by"),
    each with what it says ("combines with, contrasts with"; QA: the tree alone lumped them, where
    every other format says it): (card id, "" or what that card says of this one)."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    said_by: dict[str, list[str]] = {}
    for r in found:
        if r.source == card_id:
            grouped.setdefault(r.label, []).append((r.target, ""))
        elif r.target == card_id:
            said_by.setdefault(r.source, []).append(r.label)
    if said_by:
        grouped["named by"] = [
            (source, ", ".join(dict.fromkeys(said_by[source]))) for source in sorted(said_by)
        ]
    return grouped
