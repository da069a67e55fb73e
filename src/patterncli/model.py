"""The card model: plain frozen data, no I/O.

A card's `text`, `label`, `name` and `more` fields hold only the text of its
source; everything added for this tool (keys, groups, aliases, summaries,
references, added headings) lives in fields of its own, so source text and
editorial text never mix.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
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


@dataclass(frozen=True)
class Entry:
    """One item of a section: a source line, possibly labelled or named."""

    text: str
    label: str | None = None  # inline label: the source line reads "label: text"
    name: str | None = None  # a name standing on its own line above the text
    more: tuple[str, ...] = ()  # further source lines that belong to this item
    refers_to: tuple[str, ...] = ()  # editorial: ids of cards this item is about

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


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    items: tuple[Entry, ...]
    group: str = "description"
    aliases: tuple[str, ...] = ()
    heading_in_source: bool = True
    basis: str | None = None  # CLINICAL_LITERATURE: the pattern's own descriptions are silent here


@dataclass(frozen=True)
class Source:
    """A work a card draws on, with what is known of it."""

    title: str
    author: str | None = None
    year: int | None = None
    url: str | None = None
    note: str | None = None

    def citation(self) -> str:
        """One line: author (year). Title. URL; note."""
        who = self.author or ""
        if self.year is not None:
            who = f"{who} ({self.year})".strip()
        text = f"{who}. {self.title}" if who else self.title
        if self.url:
            text += f". {self.url}"
        return text + (f" ({self.note})" if self.note else "")


@dataclass(frozen=True)
class Provenance:
    kind: str  # SOURCE_NOTES or WRITTEN_FOR_TOOL
    note: str
    source_text: str | None = None
    sources: tuple[Source, ...] = ()

    @property
    def is_source(self) -> bool:
        return self.kind == SOURCE_NOTES


@dataclass(frozen=True)
class Card:
    id: str
    name: str
    provenance: Provenance
    sections: tuple[Section, ...]
    aliases: tuple[str, ...] = ()
    summary: str = ""
    tags: tuple[str, ...] = ()
    origin: str = field(default="", compare=False)  # the file the card came from
    omitted: tuple[tuple[str, str], ...] = ()  # (section key, why the card leaves it out)
    is_whole: bool = field(default=True, compare=False)  # False once cut down to some sections

    def section(self, key: str) -> Section | None:
        return self._sections_by_key.get(key)

    def heading_added(self, section: Section) -> bool:
        """Whether a section's heading was supplied for this tool, not read from the source."""
        return self.provenance.is_source and not section.heading_in_source

    def references(self) -> list[tuple[Section, Entry, str]]:
        """Every (section, entry, card id) where this card names another card."""
        return [(s, e, ref) for s in self.sections for e in s.items for ref in e.refers_to]

    def omission(self, key: str) -> str | None:
        """Why the card leaves a section out on purpose, if it says so."""
        return self._omissions_by_key.get(key)

    # Lookups by key, built once per card: renderers ask for every section of a card, and a scan
    # per question is quadratic in a card's size (10,000 sections took minutes).

    @cached_property
    def _sections_by_key(self) -> dict[str, Section]:
        found: dict[str, Section] = {}
        for section in self.sections:
            found.setdefault(section.key, section)  # the first, as a scan would find
        return found

    @cached_property
    def _omissions_by_key(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for key, reason in self.omitted:
            found.setdefault(key, reason)
        return found

    @cached_property
    def phase_numbers(self) -> dict[str, int]:
        """The treatment phase each treatment section is (not the potential problems), by key."""
        phases = [s.key for s in self.sections if s.group == TREATMENT and s.key != NOT_A_PHASE]
        numbers: dict[str, int] = {}
        for number, key in enumerate(phases, start=1):
            numbers.setdefault(key, number)
        return numbers

    def with_sections(self, sections: tuple[Section, ...]) -> Card:
        return replace(self, sections=sections, is_whole=False)


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
