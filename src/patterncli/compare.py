"""Two cards side by side: what tells them apart, and their sections aligned by key."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .errors import UsageProblem
from .model import Card, Entry, Section
from .resolve import narrow_each


@dataclass(frozen=True)
class Difference:
    """A line of one card that speaks of the other."""

    card: Card
    section: Section
    entry: Entry


@dataclass(frozen=True)
class Row:
    """One section key, with each card's section under it (None where a card lacks it)."""

    key: str
    left: Section | None
    right: Section | None

    @property
    def present(self) -> Section:
        found = self.left or self.right
        assert found is not None, "a row holds at least one card's section"
        return found

    @property
    def title(self) -> str:
        return self.present.title

    @property
    def group(self) -> str:
        return self.present.group

    @property
    def other_title(self) -> str | None:
        """The right card's title for this key, when it differs from the left card's."""
        if self.left and self.right and self.left.title != self.right.title:
            return self.right.title
        return None


@dataclass(frozen=True)
class Comparison:
    left: Card
    right: Card
    differences: tuple[Difference, ...]
    rows: tuple[Row, ...]


def compare(left: Card, right: Card, section_queries: Sequence[str] = ()) -> Comparison:
    """Two cards aligned by section key; with queries, each card cut down on its own, as `show -s` would."""
    if left.id == right.id:
        raise UsageProblem(f"both names mean the same pattern ({left.id}); compare two different patterns")
    shown_left, shown_right = left, right
    if section_queries:
        narrowed, _lacking = narrow_each([left, right], section_queries)
        by_id = {card.id: card for card in narrowed}
        shown_left = by_id.get(left.id, left.with_sections(()))
        shown_right = by_id.get(right.id, right.with_sections(()))
    rows = tuple(
        Row(k, shown_left.section(k), shown_right.section(k)) for k in aligned_keys(shown_left, shown_right)
    )
    return Comparison(left, right, tuple(differences(left, right)), rows)


def aligned_keys(left: Card, right: Card) -> list[str]:
    """The left card's keys in its order; each key only the right card has goes after its predecessor there."""
    left_keys = [s.key for s in left.sections]
    placed = set(left_keys)
    following: dict[str | None, str] = {}  # a key only the right card has, by the key before it there
    previous: str | None = None  # None: the right card's first section
    for section in right.sections:
        if section.key not in placed:
            placed.add(section.key)
            following[previous] = section.key
        previous = section.key
    keys: list[str] = []
    for anchor in [None, *left_keys]:  # in one pass, not an insert per key: cards may have 10,000 sections
        if anchor is not None:
            keys.append(anchor)
        key = anchor
        while key in following:
            key = following[key]
            keys.append(key)
    return keys


def differences(left: Card, right: Card) -> list[Difference]:
    """Lines in either card that name the other: distinctions and combinations first."""
    found = [
        Difference(card, section, entry)
        for card, other in ((left, right), (right, left))
        for section, entry, ref in card.references()
        if ref == other.id
    ]
    unique = list({(d.card.id, d.section.key, d.entry): d for d in found}.values())
    return sorted(unique, key=lambda d: d.section.group != "distinctions")
