"""The insecure card is the notes, word for word: nothing paraphrased, merged, dropped or invented."""

from __future__ import annotations

import json
import re

from conftest import SOURCE_NOTES, run
from patterncli.catalog import Catalog
from patterncli.model import Card


def normalize_space(line: str) -> str:
    """Only whitespace may differ from the notes (they hold trailing non-breaking spaces)."""
    return re.sub(r"\s+", " ", line.replace("\u00a0", " ")).strip()


def source_lines() -> list[str]:
    text = SOURCE_NOTES.read_text(encoding="utf-8")
    return [normalize_space(line) for line in text.splitlines() if line.strip()]


def card_source_lines(card: Card) -> list[str]:
    """The lines the card claims come from the notes, in reading order."""
    lines = [card.name]
    for section in card.sections:
        if section.heading_in_source:
            lines.append(section.title)
        for entry in section.items:
            lines.extend(entry.source_lines())
    return [normalize_space(line) for line in lines]


def test_the_source_has_the_87_lines_the_guide_counts() -> None:
    assert len(source_lines()) == 87


def test_every_line_of_the_notes_is_in_the_card_in_order_and_nothing_else(catalog: Catalog) -> None:
    assert card_source_lines(catalog.get("insecure")) == source_lines()


def test_every_item_of_the_card_is_a_line_of_the_notes(catalog: Catalog) -> None:
    notes = set(source_lines())
    for section in catalog.get("insecure").sections:
        for entry in section.items:
            for line in entry.source_lines():
                assert normalize_space(line) in notes, line


def test_the_typos_of_the_notes_are_kept(catalog: Catalog) -> None:
    text = json.dumps([s.title for s in catalog.get("insecure").sections]) + run("show", "insecure").stdout
    assert "Peopl who the client" in text
    assert "Looks of evidence" in text


def test_headings_lost_from_the_notes_are_recorded_as_added(catalog: Catalog) -> None:
    card = catalog.get("insecure")
    notes = set(source_lines())
    for section in card.sections:
        assert (section.title in notes) == section.heading_in_source, section.title
    added = [s.key for s in card.sections if card.heading_added(s)]
    assert added == [
        "behavior",
        "expectations",
        "conscious-statement",
        "self-other",
        "distinctions",
        "subtypes",
        "transference",
        "reparation",
        "reinforcement",
    ]


def test_json_output_of_the_whole_card_holds_every_line_of_the_notes() -> None:
    out = run("show", "insecure", "--format", "json")
    data = json.loads(out.stdout)
    text = normalize_space(" ".join(_strings(data)))
    for line in source_lines():
        label, _, rest = line.partition(": ")
        assert line in text or (label in text and rest in text), line


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [normalize_space(value)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_the_card_says_where_its_text_comes_from(catalog: Catalog) -> None:
    card = catalog.get("insecure")
    assert card.provenance.is_source
    assert "word for word" in card.provenance.note
    plain = run("show", "insecure").stdout
    assert plain.splitlines()[1].startswith("Source: Transcribed word for word")
