"""The card model: plain frozen data, no I/O.

A card's `text`, `label`, `name` and `more` fields hold only the text of its
source; everything added for this tool (keys, groups, aliases, summaries,
references, added headings) lives in fields of its own, so source text and
editorial text never mix.
"""

from __future__ import annotations

from .record import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from typing import Any

SOURCE_NOTES = "source-notes"
WRITTEN_FOR_TOOL = "written-for-tool"
CLINICAL_LITERATURE = "clinical-literature"

# The reading order of section groups, and how each is titled on screen.
GROUP_TITLES: dict[str, str] = {
    "description": "Description",
    "dynamics": "Dynamics",
    "distinctions": "Distinctions and Subtypes",
    "concepts": "Related Concepts",
    "relationship": "The Therapy Relationship",
    "treatment": "Treatment",
}


TREATMENT = "treatment"
NOT_A_PHASE = "potential-problems"  # the last treatment section lists pitfalls; it is not a phase


def group_title(group: str) -> str:
    return GROUP_TITLES.get(group, group.replace("-", " ").capitalize())


class Entry(Record):
    """One item of a section: a source line, possibly labelled or named."""

    __slots__ = ("label", "more", "name", "refers_to", "text")
    _fields = ("text", "label", "name", "more", "refers_to")

    def __init__(
        self,
        text: str,
        label: str | None = None,  # inline label: the source line reads "label: text"
        name: str | None = None,  # a name standing on its own line above the text
        more: tuple[str, ...] = (),  # further source lines that belong to this item
        refers_to: tuple[str, ...] = (),  # editorial: ids of cards this item is about
    ) -> None:
        self.text = text
        self.label = label
        self.name = name
        self.more = more
        self.refers_to = refers_to

    @property
    def heading(self) -> str | None:
        return self.label if self.label is not None else self.name

    def source_lines(self) -> list[str]:
        """The lines of the source this entry was transcribed from, in order."""
        lines = [] if self.name is None else [self.name]
        lines.append(self.text if self.label is None else f"{self.label}: {self.text}")
        lines.extend(self.more)
        return lines

    def body_lines(self) -> list[str]:
        return [self.text, *self.more]


class Section(Record):
    __slots__ = ("aliases", "basis", "group", "heading_in_source", "items", "key", "title")
    _fields = ("key", "title", "items", "group", "aliases", "heading_in_source", "basis")

    def __init__(
        self,
        key: str,
        title: str,
        items: tuple[Entry, ...],
        group: str = "description",
        aliases: tuple[str, ...] = (),
        heading_in_source: bool = True,
        basis: str | None = None,  # CLINICAL_LITERATURE: the pattern's own descriptions are silent here
    ) -> None:
        self.key = key
        self.title = title
        self.items = items
        self.group = group
        self.aliases = aliases
        self.heading_in_source = heading_in_source
        self.basis = basis


class Source(Record):
    """A work a card draws on, with what is known of it."""

    __slots__ = ("author", "note", "title", "url", "year")
    _fields = ("title", "author", "year", "url", "note")

    def __init__(
        self,
        title: str,
        author: str | None = None,
        year: int | None = None,
        url: str | None = None,
        note: str | None = None,
    ) -> None:
        self.title = title
        self.author = author
        self.year = year
        self.url = url
        self.note = note

    def citation(self) -> str:
        """One line: author (year). Title. URL (note). A part that ends in its own full stop,
        question or exclamation mark ("Ph.D.", "Are You a Victim?") gets no second one."""
        who = self.author or ""
        if self.year is not None:
            who = f"{who} ({self.year})".strip()
        text = f"{_ended(who)} {self.title}" if who else self.title
        if self.url:
            text = f"{_ended(text)} {self.url}"
        return text + (f" ({self.note})" if self.note else "")


def _ended(part: str) -> str:
    """The part of a citation with a full stop after it, unless it ends in one of its own."""
    return part if part.endswith((".", "?", "!")) else part + "."


class Provenance(Record):
    __slots__ = ("kind", "note", "source_text", "sources")
    _fields = ("kind", "note", "source_text", "sources")

    def __init__(
        self,
        kind: str,  # SOURCE_NOTES or WRITTEN_FOR_TOOL
        note: str,
        source_text: str | None = None,
        sources: tuple[Source, ...] = (),
    ) -> None:
        self.kind = kind
        self.note = note
        self.source_text = source_text
        self.sources = sources

    @property
    def is_source(self) -> bool:
        return self.kind == SOURCE_NOTES


class Card(Record):
    __slots__ = (
        "_phases",
        "_sections_by_key",
        "aliases",
        "id",
        "is_whole",
        "name",
        "omitted",
        "origin",
        "provenance",
        "sections",
        "summary",
        "tags",
    )
    _fields = (
        "id",
        "name",
        "provenance",
        "sections",
        "aliases",
        "summary",
        "tags",
        "origin",
        "omitted",
        "is_whole",
    )
    # Where a card came from, and whether it was cut down, are not what it says.
    _compared = ("id", "name", "provenance", "sections", "aliases", "summary", "tags", "omitted")

    def __init__(
        self,
        id: str,
        name: str,
        provenance: Provenance,
        sections: tuple[Section, ...],
        aliases: tuple[str, ...] = (),
        summary: str = "",
        tags: tuple[str, ...] = (),
        origin: str = "",  # the file the card came from
        omitted: tuple[tuple[str, str], ...] = (),  # (section key, why the card leaves it out)
        is_whole: bool = True,  # False once cut down to some sections
    ) -> None:
        self.id = id
        self.name = name
        self.provenance = provenance
        self.sections = sections
        self.aliases = aliases
        self.summary = summary
        self.tags = tags
        self.origin = origin
        self.omitted = omitted
        self.is_whole = is_whole
        # Lookups by key, built on first use: renderers ask about every section of a card, and a
        # scan per question is quadratic in a card's size (10,000 sections took minutes).
        self._sections_by_key: dict[str, Section] | None = None
        self._phases: dict[str, int] | None = None

    def section(self, key: str) -> Section | None:
        return self.sections_by_key.get(key)

    def heading_added(self, section: Section) -> bool:
        """Whether a section's heading was supplied for this tool, not read from the source."""
        return self.provenance.is_source and not section.heading_in_source

    def references(self) -> list[tuple[Section, Entry, str]]:
        """Every (section, entry, card id) where this card names another card."""
        return [(s, e, ref) for s in self.sections for e in s.items for ref in e.refers_to]

    def omission(self, key: str) -> str | None:
        """Why the card leaves a section out on purpose, if it says so."""
        return next((reason for k, reason in self.omitted if k == key), None)  # a few at most

    @property
    def sections_by_key(self) -> dict[str, Section]:
        if self._sections_by_key is None:
            found: dict[str, Section] = {}
            for section in self.sections:
                found.setdefault(section.key, section)  # the first, as a scan would find
            self._sections_by_key = found
        return self._sections_by_key

    @property
    def phase_numbers(self) -> dict[str, int]:
        """The treatment phase each treatment section is (not the potential problems), by key."""
        if self._phases is None:
            phases = [s.key for s in self.sections if s.group == TREATMENT and s.key != NOT_A_PHASE]
            self._phases = {}
            for number, key in enumerate(phases, start=1):
                self._phases.setdefault(key, number)
        return self._phases

    def with_sections(self, sections: tuple[Section, ...]) -> Card:
        """The card cut down to some of its sections; each treatment phase keeps its number."""
        cut = self.replace(sections=sections, is_whole=False)
        cut._phases = self.phase_numbers
        return cut


def phase_number(card: Card, section: Section) -> int | None:
    """The treatment phase a section is, counting the card's treatment sections in order."""
    if section.group != TREATMENT or section.key == NOT_A_PHASE:
        return None
    return card.phase_numbers.get(section.key)


def entry_from_data(data: Any) -> Entry:
    if isinstance(data, str):
        return Entry(text=data)
    return Entry(
        text=data["text"],
        label=data.get("label"),
        name=data.get("name"),
        more=tuple(data.get("more", ())),
        refers_to=tuple(data.get("refers_to", ())),
    )


def card_from_data(data: dict[str, Any], origin: str = "") -> Card:
    """Build a card from data already checked against the schema."""
    prov = data["provenance"]
    sections = tuple(
        Section(
            key=s["key"],
            title=s["title"],
            items=tuple(entry_from_data(i) for i in s["items"]),
            group=s.get("group", "description"),
            aliases=tuple(s.get("aliases", ())),
            heading_in_source=s.get("heading_in_source", True),
            basis=s.get("basis"),
        )
        for s in data["sections"]
    )
    sources = tuple(Source(**source) for source in prov.get("sources", ()))
    return Card(
        id=data["id"],
        name=data["name"],
        provenance=Provenance(prov["kind"], prov["note"], prov.get("source_text"), sources),
        sections=sections,
        aliases=tuple(data.get("aliases", ())),
        summary=data.get("summary", ""),
        tags=tuple(data.get("tags", ())),
        origin=origin,
        omitted=tuple((o["key"], o["reason"]) for o in data.get("omitted", ())),
    )


def entry_to_data(entry: Entry) -> str | dict[str, Any]:
    if entry.label is None and entry.name is None and not entry.more and not entry.refers_to:
        return entry.text
    data: dict[str, Any] = {}
    if entry.name is not None:
        data["name"] = entry.name
    if entry.label is not None:
        data["label"] = entry.label
    data["text"] = entry.text
    if entry.more:
        data["more"] = list(entry.more)
    if entry.refers_to:
        data["refers_to"] = list(entry.refers_to)
    return data


def section_to_data(section: Section) -> dict[str, Any]:
    data: dict[str, Any] = {"key": section.key, "title": section.title}
    if not section.heading_in_source:
        data["heading_in_source"] = False
    if section.basis is not None:
        data["basis"] = section.basis
    data["group"] = section.group
    if section.aliases:
        data["aliases"] = list(section.aliases)
    data["items"] = [entry_to_data(e) for e in section.items]
    return data


def card_to_data(card: Card) -> dict[str, Any]:
    """The card in its file format: what `card_from_data` reads back."""
    prov: dict[str, Any] = {"kind": card.provenance.kind, "note": card.provenance.note}
    if card.provenance.source_text:
        prov["source_text"] = card.provenance.source_text
    if card.provenance.sources:
        prov["sources"] = [source_to_data(s) for s in card.provenance.sources]
    data: dict[str, Any] = {"id": card.id, "name": card.name}
    if card.aliases:
        data["aliases"] = list(card.aliases)
    if card.summary:
        data["summary"] = card.summary
    if card.tags:
        data["tags"] = list(card.tags)
    data["provenance"] = prov
    data["sections"] = [section_to_data(s) for s in card.sections]
    if card.omitted:
        data["omitted"] = [{"key": key, "reason": reason} for key, reason in card.omitted]
    return data


def source_to_data(source: Source) -> dict[str, Any]:
    fields = ("title", "author", "year", "url", "note")
    return {f: getattr(source, f) for f in fields if getattr(source, f) is not None}
