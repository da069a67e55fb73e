"""Names, aliases, typos and section queries resolve as a clinician would expect."""

from __future__ import annotations

import pytest

from patterncli.catalog import Catalog
from patterncli.errors import NotFound
from patterncli.resolve import resolve_pattern, resolve_sections, suggestions


def ids(catalog: Catalog) -> list[tuple[str, str, list[str]]]:
    return [(c.id, c.name, c.aliases) for c in catalog.cards.values()]


@pytest.mark.parametrize(
    "query", ["insecure", "INSECURE", "Insecure Pattern", "insecure pattern", "insecurity"]
)
def test_a_pattern_is_found_by_id_name_or_alias_in_any_case(catalog: Catalog, query: str) -> None:
    assert resolve_pattern(query, ids(catalog)) == "insecure"


@pytest.mark.parametrize(
    ("typo", "meant"), [("insecur", "insecure"), ("insceure", "insecure"), ("nedy", "needy")]
)
def test_a_near_miss_is_not_taken_but_suggested(catalog: Catalog, typo: str, meant: str) -> None:
    with pytest.raises(NotFound) as found:
        resolve_pattern(typo, ids(catalog))
    assert found.value.suggestions[0] == meant


def test_punctuation_and_spacing_are_not_typos(catalog: Catalog) -> None:
    assert resolve_pattern("self judging", ids(catalog)) == "self-judging"
    assert resolve_pattern("Passive Aggressive", ids(catalog)) == "passive-aggressive"


def test_nothing_like_any_pattern_gets_no_suggestion(catalog: Catalog) -> None:
    with pytest.raises(NotFound) as found:
        resolve_pattern("zzzzqqq", ids(catalog))
    assert found.value.suggestions == []


@pytest.mark.parametrize("query", ["a", "b", "x", "e"])
def test_a_single_letter_gets_no_suggestion(catalog: Catalog, query: str) -> None:
    """One letter starts or resembles a word of most patterns' names: no guess is close."""
    with pytest.raises(NotFound) as found:
        resolve_pattern(query, ids(catalog))
    assert found.value.suggestions == []
    assert suggestions(query, [s.title for s in catalog.get("insecure").sections]) == []


def test_two_letters_that_begin_names_still_suggest_them(catalog: Catalog) -> None:
    with pytest.raises(NotFound) as found:
        resolve_pattern("ne", ids(catalog))
    assert {"needy", "need-denying"} <= set(found.value.suggestions)


def test_the_word_pattern_in_every_name_makes_no_card_look_close(catalog: Catalog) -> None:
    """ "Needy Patern" is needy, not also "Defiant Pattern" for the "patern" they share; the closest
    suggestion comes first; "pattern" alone suggests nothing."""
    with pytest.raises(NotFound) as found:
        resolve_pattern("Needy Patern", ids(catalog))
    assert found.value.suggestions[0] == "needy" and "defiant" not in found.value.suggestions
    with pytest.raises(NotFound) as found:
        resolve_pattern("patterns", ids(catalog))
    assert found.value.suggestions == []


def test_a_word_of_a_cards_name_is_not_taken_for_pattern_and_ties_keep_card_order() -> None:
    from patterncli.resolve import Named, suggest_patterns

    choices = [
        Named("paternal", ("paternal", "Paternal Pattern")),
        Named("needy", ("needy", "Needy Pattern")),
    ]
    assert suggest_patterns("Paternal Patern", choices)[0] == "paternal"
    assert suggest_patterns("paternl", choices)[0] == "paternal"
    ties = [Named(f"aaaa-{c}", (f"aaaa-{c}",)) for c in "xyz"]
    assert suggest_patterns("aaaa-w", ties) == ["aaaa-x", "aaaa-y", "aaaa-z"]


def section_keys(catalog: Catalog, *queries: str, card: str = "insecure") -> list[str]:
    return [s.key for s in resolve_sections(catalog.get(card), queries)]


def test_countertransference_gives_both_countertransference_sections_and_nothing_else(
    catalog: Catalog,
) -> None:
    assert section_keys(catalog, "countertransference") == [
        "countertransference-toward-client",
        "countertransference-of-therapist",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("triggers", ["activating-conditions"]),
        ("origins", ["core-issues"]),
        ("Core Issues/Origins", ["core-issues"]),
        ("TRANSFERENCE", ["transference"]),
        ("self-other", ["self-other"]),
    ],
)
def test_everyday_words_find_their_section(catalog: Catalog, query: str, expected: list[str]) -> None:
    assert section_keys(catalog, query) == expected


def test_a_word_that_names_no_section_is_not_found(catalog: Catalog) -> None:
    with pytest.raises(NotFound):
        section_keys(catalog, "silent")


def test_a_group_name_gives_every_section_of_the_group_in_card_order(catalog: Catalog) -> None:
    card = catalog.get("insecure")
    treatment = [s.key for s in card.sections if s.group == "treatment"]
    assert len(treatment) == 9
    assert section_keys(catalog, "treatment") == treatment


def test_exact_beats_prefix(catalog: Catalog) -> None:
    # "transference" is a section key and a prefix of nothing else; the countertransference
    # sections contain the word only inside a longer one and must not come along.
    assert section_keys(catalog, "transference") == ["transference"]


def test_a_misspelt_section_finds_it_fuzzily(catalog: Catalog) -> None:
    assert section_keys(catalog, "contertransferance") == [
        "countertransference-toward-client",
        "countertransference-of-therapist",
    ]
    assert section_keys(catalog, "activatng conditons") == ["activating-conditions"]


def test_several_queries_combine_in_card_order(catalog: Catalog) -> None:
    assert section_keys(catalog, "triggers", "origins") == ["core-issues", "activating-conditions"]


def test_an_unknown_section_suggests_the_closest(catalog: Catalog) -> None:
    with pytest.raises(NotFound) as found:
        section_keys(catalog, "capacity blokked")
    assert found.value.suggestions[0] == "healthy-capacities-blocked"
    assert found.value.hint == "pattern sections insecure"


def test_a_name_inside_a_longer_word_is_not_offered_as_a_near_miss() -> None:
    """QA: `-s transference` on a card without that section offered countertransference, which
    is the therapist's side, not the client's."""
    assert suggestions("transference", ["countertransference", "Countertransference toward Client"]) == []
    assert suggestions("transferance", ["transference", "countertransference"]) == ["transference"]
    assert suggestions("rejection", ["fear of rejection"]) == ["fear of rejection"]


def test_names_in_other_scripts_keep_their_marks_and_get_did_you_mean() -> None:
    """Review: a Hindi vowel sign was taken for a space ("चिंता" and "चंता" one name, a clash for
    `validate`), and a Cyrillic name misspelt was offered nothing."""
    from patterncli.resolve import name_key

    assert name_key("चिंता") != name_key("चंता")
    assert name_key("ТРЕВОГА") == name_key("тревога")
    assert suggestions("тревоги", ["Тревога", "Страх"]) == ["Тревога"]
