"""Two cards side by side: what tells them apart, and their sections aligned by key."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .errors import UsageProblem
from .model import Card, Entry, Section
from .resolve import match_sections, unknown_section


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
    def title(self) -> str:
        present = self.left or self.right
        assert present is not None
        return present.title

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
    if left.id == right.id:
        raise UsageProblem(f"both names mean the same pattern ({left.id}); compare two different patterns")
    keys = aligned_keys(left, right)
    if section_queries:
        wanted = wanted_keys(left, right, section_queries)
        keys = [k for k in keys if k in wanted]
    rows = tuple(Row(k, left.section(k), right.section(k)) for k in keys)
    return Comparison(left, right, tuple(differences(left, right)), rows)


def aligned_keys(left: Card, right: Card) -> list[str]:
    """The left card's keys in its order; each key only the right card has goes after its predecessor there."""
    keys = [s.key for s in left.sections]
    previous: str | None = None
    for section in right.sections:
        if section.key not in keys:
            keys.insert(keys.index(previous) + 1 if previous is not None else 0, section.key)
        previous = section.key
    return keys


def wanted_keys(left: Card, right: Card, queries: Sequence[str]) -> set[str]:
    """Section keys each query matches best, in either card; a query matching neither is NotFound.

    When one card matches exactly and the other only loosely, only the exact match counts:
    "treatment focus" is a section of the short cards, not every treatment phase of another card.
    """
    wanted: set[str] = set()
    for query in queries:
        matches = [match_sections(card, query) for card in (left, right)]
        best = max(tier for tier, _ in matches)
        if not best:
            raise unknown_section(left, query)
        wanted.update(s.key for tier, sections in matches if tier == best for s in sections)
    return wanted


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
