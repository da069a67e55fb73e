"""The family of cards: complete structure, distinctions on both sides, cited sources, own words, risk."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from conftest import FAMILY, REPO, SOURCE_NOTES
from copycheck import copied_runs, hashes, load_all
from patterncli.catalog import load_catalog
from patterncli.model import WRITTEN_FOR_TOOL, Card

CATALOG = load_catalog(cache_dir=None)
CARDS = {card.id: card for card in CATALOG.all_cards()}
AUTHORED = sorted(card_id for card_id, card in CARDS.items() if card.provenance.kind == WRITTEN_FOR_TOOL)


# The insecure card's section keys: the structure every card written for the tool follows.
STRUCTURE = [
    "behavior",
    "expectations",
    "core-issues",
    "conscious-statement",
    "unconscious-thought",
    "self-other",
    "sees-others-as",
    "healthy-capacities-blocked",
    "gender-culture",
    "activating-conditions",
    "distinctions",
    "subtypes",
    "combinations",
    "related-concepts",
    "transference",
    "countertransference-toward-client",
    "countertransference-of-therapist",
    "group-roles",
    "forming-alliance",
    "understanding",
    "accessing-core-issue",
    "reparation",
    "accessing-healthy-capacities",
    "experimenting",
    "reinforcement",
    "healing-relationship",
    "potential-problems",
]

# Pairs clinicians confuse: each card of a pair says how it differs from the other.
CONFUSED_PAIRS = [
    ("needy", "insecure"),
    ("needy", "compliant"),
    ("needy", "codependent"),
    ("need-denying", "isolated"),
    ("codependent", "compliant"),
    ("insecure", "self-judging"),
    ("passive-aggressive", "victim"),
    ("passive-aggressive", "defiant"),
    ("passive-aggressive", "compliant"),
    ("isolated", "insecure"),
    ("isolated", "suspicious"),
    ("suspicious", "victim"),
    ("controlling", "defiant"),
    ("insecure", "prideful"),
]


def test_the_whole_family_is_bundled_and_loads_without_problems() -> None:
    assert set(CARDS) == FAMILY
    assert CATALOG.problems == []


def test_the_insecure_card_is_the_one_transcribed_card() -> None:
    assert [c for c in FAMILY if c not in AUTHORED] == ["insecure"]
    assert [s.key for s in CARDS["insecure"].sections] == STRUCTURE


@pytest.mark.parametrize("card_id", AUTHORED)
def test_an_authored_card_has_every_section_or_says_why_not(card_id: str) -> None:
    card = CARDS[card_id]
    keys = [s.key for s in card.sections]
    omitted = dict(card.omitted)
    missing = [k for k in STRUCTURE if k not in keys and not omitted.get(k, "").strip()]
    assert missing == [], f"{card_id} lacks {missing} without a recorded reason"
    assert not set(omitted) & set(keys), "a section cannot be both present and omitted"
    assert [k for k in keys if k in STRUCTURE] == [k for k in STRUCTURE if k in keys], "keys out of order"


@pytest.mark.parametrize(("a", "b"), CONFUSED_PAIRS)
def test_each_confused_pair_is_told_apart_on_both_cards(a: str, b: str) -> None:
    for card_id, other in ((a, b), (b, a)):
        card = CARDS[card_id]
        if card.provenance.kind != WRITTEN_FOR_TOOL:
            continue  # the transcribed card holds only what its notes say
        distinctions = card.section("distinctions")
        assert distinctions is not None
        assert any(other in entry.refers_to for entry in distinctions.items), (
            f"{card_id}'s distinctions do not tell it apart from {other}"
        )


def test_no_two_bundled_cards_share_a_name_or_alias() -> None:
    """`pattern show NAME` must reach one card. Review: "counterdependent" named both defiant and
    need-denying, and defiant's subtype of that name described need-denying's refusal of help."""
    from patterncli.resolve import name_key

    owners: dict[str, set[str]] = {}
    for card in CARDS.values():
        for name in (card.id, card.name, *card.aliases):
            owners.setdefault(name_key(name), set()).add(card.id)
    assert {name: ids for name, ids in owners.items() if len(ids) > 1} == {}


def test_every_reference_names_a_card_of_the_family() -> None:
    dangling = [(c.id, ref) for c in CARDS.values() for _s, _e, ref in c.references() if ref not in CARDS]
    assert dangling == []


@pytest.mark.parametrize("card_id", sorted(FAMILY))
def test_every_card_cites_what_it_draws_on(card_id: str) -> None:
    sources = CARDS[card_id].provenance.sources
    assert sources, f"{card_id} has no provenance.sources"
    assert all(s.title.strip() for s in sources)
    assert any(s.url for s in sources), f"{card_id} cites no public source one can check"


def test_the_insecure_card_names_its_likely_author_and_public_page() -> None:
    provenance = CARDS["insecure"].provenance
    assert "Jay Earley" in provenance.note
    assert any(s.url and "toddlertime.com" in s.url for s in provenance.sources)
    assert provenance.source_text == "sources/insecure.txt"


@pytest.mark.parametrize("card_id", ["victim", "self-judging"])
def test_cards_where_self_harm_is_a_risk_tell_the_therapist_to_assess_it(card_id: str) -> None:
    lines = [line for s in CARDS[card_id].sections for e in s.items for line in e.source_lines()]
    assert any("assess" in line.lower() and ("self-harm" in line or "suicid" in line) for line in lines)


FORMAT_TITLES = {s.key: s.title for s in CARDS["insecure"].sections}


def authored_text(card: Card) -> Iterator[tuple[str, str]]:
    """(where, text) for every piece of text a card's authors wrote: not the titles of sources it cites."""
    yield "name", card.name
    yield "summary", card.summary
    yield "provenance", card.provenance.note
    for source in card.provenance.sources:
        if source.note:
            yield "source note", source.note
    for section in card.sections:
        if section.title != FORMAT_TITLES.get(section.key):  # the format's own headings are shared
            yield section.key, section.title
        for entry in section.items:
            for line in entry.source_lines():
                yield section.key, line
    for key, reason in card.omitted:
        yield f"omitted {key}", reason


def consulted_sources() -> dict[str, set[str]]:
    sources = load_all()
    sources["insecure-notes"] = hashes(SOURCE_NOTES.read_text(encoding="utf-8"))
    return sources


SOURCES = consulted_sources()


def test_the_consulted_sources_are_recorded_as_hashes_only() -> None:
    assert len(SOURCES) > 1
    recorded = sorted((REPO / "tests" / "source_shingles").glob("*.txt"))
    for path in recorded:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("# http")
        assert all(len(line) == 12 and set(line) <= set("0123456789abcdef") for line in lines[1:])


@pytest.mark.parametrize("card_id", AUTHORED)
def test_an_authored_card_copies_no_run_of_seven_words(card_id: str) -> None:
    copied: list[Any] = [
        (where, source, run)
        for where, text in authored_text(CARDS[card_id])
        for source, run in copied_runs(text, SOURCES)
    ]
    assert copied == []
