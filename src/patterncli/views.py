"""Plain data for the listing commands, shared by every renderer."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from .model import Card, Section, group_title

if TYPE_CHECKING:
    from .catalog import Catalog


class ListRow(NamedTuple):
    id: str
    name: str
    summary: str
    origin: str  # "bundled", "user" or "PATTERN_PATH"
    path: str
    provenance: str
    overrides: tuple[str, ...] = ()  # origins of the cards with the same id that this one hides


def list_rows(catalog: Catalog) -> list[ListRow]:
    hidden: dict[str, list[str]] = {}
    for loser, winner in catalog.overridden:
        hidden.setdefault(winner.id, []).append(loser.folder.origin)
    return [
        ListRow(
            id=c.id,
            name=c.name,
            summary=c.summary,
            origin=c.folder.origin,
            path=str(c.path),
            provenance=str(c.data["provenance"]["kind"]),
            overrides=tuple(hidden.get(c.id, ())),
        )
        for c in sorted(catalog.cards.values(), key=lambda c: c.id)
    ]


def sections_by_group(card: Card) -> list[tuple[str, list[Section]]]:
    """The card's sections grouped, groups in order of first appearance, sections in card order."""
    groups: dict[str, list[Section]] = {}
    for section in card.sections:
        groups.setdefault(section.group, []).append(section)
    return [(group_title(g), sections) for g, sections in groups.items()]
