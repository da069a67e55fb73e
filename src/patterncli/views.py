"""Plain data and wording shared by every renderer: list rows, groups, phases, provenance, marks."""

from __future__ import annotations

from .model import CLINICAL_LITERATURE, SOURCE_NOTES, Card, Section, group_title, phase_number
from .record import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from collections.abc import Sequence

    from .catalog import Catalog

HEADING_ADDED = "heading added"
CLINICAL_BASIS = "clinical literature"
PROVENANCE_KINDS = {SOURCE_NOTES: "transcribed notes", "written-for-tool": "written for this tool"}


class ListRow(Record):
    """One card as `list` shows it."""

    __slots__ = ("id", "name", "origin", "overrides", "path", "provenance", "summary")
    _fields = ("id", "name", "summary", "origin", "path", "provenance", "overrides")

    def __init__(
        self,
        id: str,
        name: str,
        summary: str,
        origin: str,  # "bundled", "user" or "PATTERN_PATH"
        path: str,
        provenance: str,
        overrides: tuple[str, ...] = (),  # origins of the cards with the same id that this one hides
    ) -> None:
        self.id = id
        self.name = name
        self.summary = summary
        self.origin = origin
        self.path = path
        self.provenance = provenance
        self.overrides = overrides

    @property
    def provenance_label(self) -> str:
        return PROVENANCE_KINDS.get(self.provenance, self.provenance)

    @property
    def where(self) -> str:
        return self.origin + (f", overrides {', '.join(self.overrides)}" if self.overrides else "")


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
            provenance=c.kind,
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


def display_title(card: Card, section: Section) -> str:
    """The section's title as shown: treatment phases numbered ("Phase 2 · Understanding ...")."""
    number = phase_number(card, section)
    return section.title if number is None else f"Phase {number} · {section.title}"


def section_marks(card: Card, section: Section) -> list[str]:
    """What a reader must know about a heading: supplied for this tool, or drawn from the literature."""
    marks = []
    if card.heading_added(section):
        marks.append(HEADING_ADDED)
    if section.basis == CLINICAL_LITERATURE:
        marks.append(CLINICAL_BASIS)
    return marks


def provenance_line(card: Card) -> str:
    return f"Source: {card.provenance.note}"


def omitted_line(card: Card) -> str | None:
    """The sections a card leaves out on purpose, each with why (QA: only `compare` said so)."""
    if not card.omitted:
        return None
    return "Left out on purpose: " + "; ".join(f"{key} ({reason})" for key, reason in card.omitted)


def citations(card: Card) -> list[str]:
    return [source.citation() for source in card.provenance.sources]


HYPOTHESES = "Hypotheses to consider, not a diagnosis: the patterns whose cards account for these traits."
NO_CARD_ACCOUNTS = "Not accounted for by any card searched"
# What a match says of the traits speaking of a risk (suicide, self-harm, harm to others), after them.
SEARCH_COMMAND = "`pattern search`"  # in backticks: HTML and Markdown show it as code
RISK_ADVICE = (
    "a risk to the client or to others: assess it now, directly, whatever the pattern; "
    f"{SEARCH_COMMAND} of the same words lists first every card's line on it."
)


SEARCH_RISK = (
    "speaks of a risk to the client or to others: the lines on assessing it come first, where the cards "
    "searched have any"
)


def risk_said_of(traits: Sequence[str]) -> str:
    """One sentence for all the traits that speak of a risk, each as given (the caller quotes or
    shortens them): said once, not once a trait."""
    return f"{', '.join(traits)} {'speaks' if len(traits) == 1 else 'speak'} of {RISK_ADVICE}"


def beside_risk_note(trait: str, rest: str) -> str:
    """What is said of a trait matched for its risk alone (the caller quotes or shortens both)."""
    return f"{trait} is matched for its risk alone: give {rest} as a trait of its own"


def risk_lines(traits: tuple[str, ...]) -> list[str]:
    """The line said before any pattern when traits speak of a risk."""
    return [f"Risk: {risk_said_of([f'“{t}”' for t in traits])}"] if traits else []


def stand_in_note(text: str, stand_ins: tuple[tuple[int, int, str], ...]) -> str:
    """Which words of a line stood in for the query's, through the thesaurus: "rejected" for "turned
    down"; each once, though the line holds it twice ("reserve alone is not... reserve")."""
    return "; ".join(dict.fromkeys(f"“{text[start:end]}” for “{word}”" for start, end, word in stand_ins))


class Selection(Record):
    """Several cards, each cut down to the sections asked for, and the cards that have none of them."""

    __slots__ = ("cards", "lacking", "queries")
    _fields = ("cards", "lacking", "queries")

    def __init__(
        self, cards: tuple[Card, ...], lacking: tuple[Card, ...] = (), queries: tuple[str, ...] = ()
    ) -> None:
        self.cards = cards
        self.lacking = lacking
        self.queries = queries

    def lacking_note(self) -> str:
        """Which cards lack the sections asked for, and why where a card says it leaves one out on
        purpose (as `show` of that one card says)."""
        from .resolve import omission_reason

        asked = ", ".join(repr(q) for q in self.queries)
        names = []
        for card in self.lacking:
            reasons = [r for r in (omission_reason(card, q) for q in self.queries) if r is not None]
            names.append(f"{card.name} (left out on purpose: {reasons[0]})" if reasons else card.name)
        return f"No section matching {asked} in: {', '.join(names)}"
