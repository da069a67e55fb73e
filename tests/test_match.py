"""Matching what a clinician observes to patterns, and finding lines by their meaning: the labelled
sets (observations, the therapist's reactions, paraphrases of the insecure card) and behaviour."""

from __future__ import annotations

import subprocess
import sys
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import FAMILY, CallCount
from patterncli.catalog import CardFolder, Catalog, load_catalog
from patterncli.errors import NotFound, UsageProblem
from patterncli.resolve import normalize
from patterncli.search import SearchLine, group_by_pattern, item_text, line_index, search
from patterncli.search.examples import EXAMPLE_TITLE
from patterncli.search.match import MatchReport, match_traits, therapist_side
from patterncli.search.thesaurus import (
    FELT,
    OBSERVED,
    Thesaurus,
    check_thesaurus,
    load_thesaurus,
    read_thesaurus,
)
from patterncli.search.words import STOP_WORDS

TESTS = Path(__file__).parent
BUNDLED_THESAURUS = TESTS.parent / "data" / "thesaurus.yaml"
SHY_CLIENT = ["shy and hesitant", "freezes when asked to present", "sure others will turn her down"]


def labelled(name: str) -> list[dict[str, Any]]:
    items = yaml.safe_load((TESTS / name).read_text(encoding="utf-8"))
    assert isinstance(items, list)
    return items


@pytest.fixture(scope="module")
def cards() -> list[dict[str, Any]]:
    """The bundled cards' data, as the catalog holds them (no user folder: tests run isolated)."""
    return [loaded.data for loaded in load_catalog(cache_dir=None).cards.values()]


@pytest.fixture(scope="module")
def insecure_lines(cards: list[dict[str, Any]]) -> list[SearchLine]:
    """Every line of the insecure card's sections, as `search -p insecure` searches them."""
    insecure = next(data for data in cards if data["id"] == "insecure")
    return [line for line in line_index([insecure]) if line.section_key is not None]


def content_words(text: str) -> list[str]:
    return [w for w in normalize(text).split() if w not in STOP_WORDS]


def shared_content_words(query: str, line: str) -> set[str]:
    """The query's content words that the line holds too, counting words that share their first
    five letters as one ("fear", "fearful"; "client", "clients")."""
    line_words = content_words(line)
    return {q for q in content_words(query) if any(q[:5] == w[:5] for w in line_words)}


# Accuracy ----------------------------------------------------------------------------


def rank_of(report: MatchReport, pattern: str) -> int | None:
    found = [m.pattern for m in report.matches]
    return found.index(pattern) if pattern in found else None


def figures(ranks: list[int | None]) -> tuple[float, float]:
    top1 = sum(r == 0 for r in ranks) / len(ranks)
    top3 = sum(r is not None and r < 3 for r in ranks) / len(ranks)
    return top1, top3


def accuracy(items: list[dict[str, Any]], rank: Callable[[dict[str, Any]], int | None]) -> str:
    """Top-1 and top-3 of the tuned and held-out thirds, and the items not ranked first."""
    ranks = [(item, rank(item)) for item in items]
    tuned = figures([r for item, r in ranks if not item.get("held_out")])
    held = figures([r for item, r in ranks if item.get("held_out")])
    misses = "\n".join(
        f"  {'held-out' if item.get('held_out') else 'tuned'} rank {r}: {item}" for item, r in ranks if r != 0
    )
    return (
        f"tuned: top-1 {tuned[0]:.0%}, top-3 {tuned[1]:.0%}; "
        f"held-out: top-1 {held[0]:.0%}, top-3 {held[1]:.0%}\nnot first:\n{misses}"
    )


def held_out_figures(
    items: list[dict[str, Any]], rank: Callable[[dict[str, Any]], int | None]
) -> tuple[float, float, str]:
    report = accuracy(items, rank)
    print(report)
    top1, top3 = figures([rank(item) for item in items if item.get("held_out")])
    return top1, top3, report


def observed_rank(cards: list[dict[str, Any]]) -> Callable[[dict[str, Any]], int | None]:
    return lambda item: rank_of(match_traits(cards, item["traits"], limit=0), item["pattern"])


def felt_rank(cards: list[dict[str, Any]]) -> Callable[[dict[str, Any]], int | None]:
    return lambda item: rank_of(match_traits(cards, item["felt"], felt=True, limit=0), item["pattern"])


def paraphrase_rank(lines: list[SearchLine]) -> Callable[[dict[str, Any]], int | None]:
    def rank(item: dict[str, Any]) -> int | None:
        texts = [hit.line.text for hit in search(lines, item["query"], limit=0)]
        return texts.index(item["expect"]) if item["expect"] in texts else None

    return rank


# Where the held-out figures stand against the targets the issue set. A test at the target that
# is not met yet is marked xfail (non-strict) with the figure measured, so the suite stays a
# guard: the floor tests below it fail on any drop from what is measured today. (The tuned
# vignettes are examples in the bundled thesaurus: their own figures say nothing.)
MATCH_TARGETS, FELT_TARGETS, PARAPHRASE_TOP3 = (0.85, 0.97), (0.75, 0.94), 0.80
MATCH_FLOOR, FELT_FLOOR = (0.92, 0.97), (0.91, 0.98)


def test_match_reaches_its_targets_on_the_held_out_third(cards: list[dict[str, Any]]) -> None:
    top1, top3, report = held_out_figures(labelled("match_vignettes.yaml"), observed_rank(cards))
    assert top1 >= MATCH_TARGETS[0] and top3 >= MATCH_TARGETS[1], report


def test_match_accuracy_does_not_drop(cards: list[dict[str, Any]]) -> None:
    top1, top3, report = held_out_figures(labelled("match_vignettes.yaml"), observed_rank(cards))
    assert top1 >= MATCH_FLOOR[0] and top3 >= MATCH_FLOOR[1], report


def test_felt_match_reaches_its_targets_on_the_held_out_third(cards: list[dict[str, Any]]) -> None:
    top1, top3, report = held_out_figures(labelled("felt_vignettes.yaml"), felt_rank(cards))
    assert top1 >= FELT_TARGETS[0] and top3 >= FELT_TARGETS[1], report


def test_felt_match_accuracy_does_not_drop(cards: list[dict[str, Any]]) -> None:
    top1, top3, report = held_out_figures(labelled("felt_vignettes.yaml"), felt_rank(cards))
    assert top1 >= FELT_FLOOR[0] and top3 >= FELT_FLOOR[1], report


def test_paraphrases_find_their_line_among_the_first_three(insecure_lines: list[SearchLine]) -> None:
    _, top3, report = held_out_figures(labelled("paraphrase_queries.yaml"), paraphrase_rank(insecure_lines))
    assert top3 >= PARAPHRASE_TOP3, report


# The labelled sets themselves -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key", "least"),
    [("match_vignettes.yaml", "traits", 40), ("felt_vignettes.yaml", "felt", 20)],
)
def test_vignette_sets_are_well_formed(cards: list[dict[str, Any]], name: str, key: str, least: int) -> None:
    items = labelled(name)
    assert len(items) >= least
    held = [item for item in items if item.get("held_out")]
    # At least a third held out; of the batches written blind later, the second is held out for a
    # third, the third, fifth, eighth and eleventh whole, the others not at all (they are examples).
    assert 0.3 <= len(held) / len(items) <= 0.5
    assert {item["pattern"] for item in items} == FAMILY == {data["id"] for data in cards}
    if key == "traits":  # every pattern is tried on unseen observations
        assert {item["pattern"] for item in held} == FAMILY
    for item in items:
        assert set(item) <= {"pattern", key, "held_out"}
        assert 2 <= len(item[key]) <= 5 and all(isinstance(t, str) and t.strip() for t in item[key])
    assert all(len(item["traits"]) >= 3 for item in items if key == "traits")


@pytest.mark.parametrize(
    ("name", "key"), [("match_vignettes.yaml", "traits"), ("felt_vignettes.yaml", "felt")]
)
def test_vignettes_are_in_clinicians_words_not_the_cards(
    cards: list[dict[str, Any]], name: str, key: str
) -> None:
    """No trait repeats a run of four words of any card line: matching must work on meaning."""

    def runs(text: str) -> set[tuple[str, ...]]:
        words = normalize(text).split()
        return {tuple(words[i : i + 4]) for i in range(len(words) - 3)}

    card_runs = set().union(*(runs(line.text) for line in line_index(cards)))
    copied = [t for item in labelled(name) for t in item[key] if runs(t) & card_runs]
    assert not copied


def test_paraphrase_set_is_well_formed(insecure_lines: list[SearchLine]) -> None:
    items = labelled("paraphrase_queries.yaml")
    assert len(items) >= 25
    assert 0.3 <= sum(bool(item.get("held_out")) for item in items) / len(items) <= 0.45
    texts = {line.text for line in insecure_lines}
    assert not [item for item in items if item["expect"] not in texts]


def test_paraphrases_share_at_most_one_content_word_with_their_line() -> None:
    too_close = {
        item["query"]: shared
        for item in labelled("paraphrase_queries.yaml")
        if len(shared := shared_content_words(item["query"], item["expect"])) > 1
    }
    assert not too_close


# Behaviour of match ---------------------------------------------------------------------


def test_the_shy_client_is_insecure_with_evidence_for_each_trait(cards: list[dict[str, Any]]) -> None:
    report = match_traits(cards, SHY_CLIENT)
    first = report.matches[0]
    assert first.pattern == "insecure"
    assert [e.trait for e in first.evidence] == SHY_CLIENT
    assert first.unmatched == ()
    for evidence in first.evidence:
        assert evidence.section and evidence.text and 0 < evidence.score <= 100
        assert evidence.hit.spans, evidence  # the words that matched can be shown


def test_a_pattern_explaining_more_traits_beats_one_explaining_one_well(cards: list[dict[str, Any]]) -> None:
    report = match_traits(cards, SHY_CLIENT, limit=0)
    scores = [m.score for m in report.matches]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 100 for s in scores)
    most = max(len(m.evidence) for m in report.matches)
    assert len(report.matches[0].evidence) == most
    # a pattern's unmatched traits are exactly those it has no evidence for
    for m in report.matches:
        assert set(m.unmatched) == set(SHY_CLIENT) - {e.trait for e in m.evidence}


def test_a_stand_in_is_shown_with_the_words_it_stands_for(cards: list[dict[str, Any]]) -> None:
    evidence = {e.trait: e for e in match_traits(cards, SHY_CLIENT).matches[0].evidence}
    hit = evidence["sure others will turn her down"].hit
    assert hit.stand_ins, hit
    for start, end, stands_for in hit.stand_ins:
        assert (start, end) in hit.spans
        assert stands_for in "sure others will turn her down"


def test_traits_no_card_accounts_for_are_listed(cards: list[dict[str, Any]]) -> None:
    report = match_traits(cards, [*SHY_CLIENT, "xqzvw blorptang"])
    assert report.unmatched == ("xqzvw blorptang",)
    assert "xqzvw blorptang" in report.matches[0].unmatched


def test_blank_traits_are_ignored_and_none_at_all_is_a_usage_problem(cards: list[dict[str, Any]]) -> None:
    assert match_traits(cards, ["", *SHY_CLIENT, "  "]).traits == tuple(SHY_CLIENT)
    for traits in ([], [""], ["  ", "?!"]):
        with pytest.raises(UsageProblem):
            match_traits(cards, traits)


def test_limit_and_patterns_narrow_the_matches(cards: list[dict[str, Any]]) -> None:
    assert len(match_traits(cards, SHY_CLIENT, limit=2).matches) == 2
    report = match_traits(cards, SHY_CLIENT, patterns=["needy", "victim"])
    assert {m.pattern for m in report.matches} <= {"needy", "victim"}
    with pytest.raises(NotFound):
        match_traits(cards, SHY_CLIENT, patterns=["no-such-pattern"])


def test_felt_matches_only_the_therapists_side(cards: list[dict[str, Any]]) -> None:
    therapist_titles = {s["title"] for data in cards for s in therapist_side(data)}
    report = match_traits(cards, ["I keep reassuring her", "I feel bored and shut out"], felt=True, limit=0)
    assert report.matches
    shown = [e for m in report.matches for e in m.evidence]
    assert {e.section for e in shown} <= therapist_titles | {EXAMPLE_TITLE}

    first = {m.pattern: m for m in report.matches}
    assert "isolated" in first  # bored and shut out: the isolated client's therapist


def test_a_line_about_another_card_is_no_evidence(cards: list[dict[str, Any]]) -> None:
    """Distinctions ("unlike the needy pattern ...") describe the other card, not this one."""
    about_others = {
        (data["id"], item_text(item))
        for data in cards
        for s in data["sections"]
        for item in s["items"]
        if isinstance(item, dict) and item.get("refers_to")
    }
    report = match_traits(cards, ["fear of rejection", "needs a lot of care", "feels inadequate"], limit=0)
    assert not {(m.pattern, e.hit.line.text) for m in report.matches for e in m.evidence} & about_others


# Search by meaning -------------------------------------------------------------------------


def test_a_paraphrase_finds_its_line_through_the_thesaurus(insecure_lines: list[SearchLine]) -> None:
    hits = search(insecure_lines, "keeps comforting the client", limit=3)
    hit = next(h for h in hits if h.line.text == "Overly involved in reassuring client")
    assert [hit.line.text[a:b] for a, b, _ in hit.stand_ins] == ["reassuring"]
    assert hit.stand_ins[0][2] == "comforting"
    hits = search(insecure_lines, "can't say no to clients", limit=3)
    hit = next(h for h in hits if h.line.text.startswith("Difficulty challenging clients"))
    assert {stands_for for _, _, stands_for in hit.stand_ins} == {"can't say no"}  # as typed


def test_a_stand_in_scores_below_the_word_itself(insecure_lines: list[SearchLine]) -> None:
    line = "Withdrawn, self-effacing, easily hurt, shy, tentative"
    itself = next(h for h in search(insecure_lines, "shy") if h.line.text == line)
    through = next(h for h in search(insecure_lines, "timid") if h.line.text == line)
    assert not itself.stand_ins
    assert through.score < itself.score


def test_a_word_found_as_itself_is_taken_at_its_word_in_search(insecure_lines: list[SearchLine]) -> None:
    assert all("shy" in normalize(h.line.text).split() for h in search(insecure_lines, "shy", limit=0))


def test_group_by_pattern_puts_the_best_card_first(cards: list[dict[str, Any]]) -> None:
    hits = search(line_index(cards), "fear of rejection", limit=0)
    grouped = group_by_pattern(hits)
    assert grouped[0].pattern == hits[0].line.pattern
    assert sum(len(g.hits) for g in grouped) == len(hits)
    assert [g.score for g in grouped] == sorted((g.score for g in grouped), reverse=True)
    for group in grouped:
        assert {h.line.pattern for h in group.hits} == {group.pattern}
        assert [h.score for h in group.hits] == sorted((h.score for h in group.hits), reverse=True)
    assert group_by_pattern([]) == []


# The thesaurus as data -----------------------------------------------------------------------


def test_the_bundled_thesaurus_is_valid_and_not_a_card(catalog: Catalog) -> None:
    assert check_thesaurus(BUNDLED_THESAURUS) == []
    assert not catalog.problems
    assert all(Path(loaded.path).name != "thesaurus.yaml" for loaded in catalog.cards.values())


def write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "thesaurus.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_thesaurus_in_a_card_folder_adds_to_the_bundled_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, insecure_lines: list[SearchLine]
) -> None:
    assert not search(insecure_lines, "zorblaxian")
    mine = write(tmp_path / "cards", "groups:\n  - zorblaxian, shy\none-way:\n  wallflower: silent member\n")
    monkeypatch.setenv("PATTERN_PATH", str(mine.parent))
    assert load_catalog(cache_dir=None).problems == []  # the thesaurus is no broken card
    hits = search(insecure_lines, "zorblaxian")
    assert hits[0].line.text == "Withdrawn, self-effacing, easily hurt, shy, tentative"
    assert search(insecure_lines, "wallflower")[0].line.text == "The silent member"
    assert "wallflower" not in load_thesaurus().also_finds("silent member")  # one way only
    assert "turned down" in load_thesaurus().also_finds("rejected")  # the bundled one still counts


def test_an_edited_thesaurus_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = write(tmp_path / "cards", "groups:\n  - zorblaxian, shy\n")
    monkeypatch.setenv("PATTERN_PATH", str(mine.parent))
    assert "shy" in load_thesaurus().also_finds("zorblaxian")
    write(mine.parent, "groups:\n  - zorblaxian, timid\n# longer now\n")
    assert load_thesaurus().also_finds("zorblaxian") == {"timid"}


def test_check_thesaurus_reports_each_problem_with_its_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "groups:\n"
        "  - rejected, turned down\n"  # fine
        "  - lonely\n"  # line 3: one phrase is no group
        "  - {a: b}\n"  # line 4: not phrases
        "  - the, of\n"  # line 5: stop words only, each phrase
        "one-way:\n"
        "  fake: inadequate\n"  # fine
        "  the: shy\n"  # line 8: nothing to look for
        "  42: shy\n"  # line 9: a key that is not text
        "synonyms: []\n",  # line 10: unknown key
    )
    problems = check_thesaurus(path)
    assert [(p.line, p.path) for p in problems] == [
        (3, str(path)),
        (4, str(path)),
        (5, str(path)),  # 'the' ...
        (5, str(path)),  # ... 'of' ...
        (5, str(path)),  # ... and no group left
        (8, str(path)),
        (9, str(path)),
        (10, str(path)),
    ]
    assert all(str(p).startswith(f"{path}:") for p in problems)
    assert "unknown key 'synonyms'" in problems[-1].message
    assert "keys must be text" in problems[-2].message


def test_a_thesaurus_entry_with_a_mistake_costs_only_itself(tmp_path: Path) -> None:
    """Found in QA: one key that was not text threw the whole file away, and a phrase of stop words
    its whole group; every other entry is still used, and validate reports every problem at once."""
    path = write(
        tmp_path,
        "groups:\n  - snorfle, shy\n  - blarg, I, bashful\n  - []\n  - !secret zorblax, timid\n"
        "one-way:\n  42: shy\n  wibble: of\n  !!python/name:os.system flonk: shy\n  2024-01-01: shy\n",
    )
    entries, problems = read_thesaurus(path)
    assert entries["groups"] == [["snorfle", "shy"], ["blarg", "bashful"]]  # no tagged entry used
    assert entries["one-way"] == []
    assert [p.line for p in problems] == [3, 4, 5, 7, 8, 9, 10]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("groups: [\n", "YAML"),
        ("- a, b\n", "a thesaurus holds"),
        ("groups: !!python/object:os.system x\n", "tag"),
        # QA: told "not allowed in cards", of a thesaurus.
        ("groups:\n  - &a shy, timid\n  - *a\n", "not allowed (a card or thesaurus file spells"),
    ],
)
def test_check_thesaurus_reports_a_broken_file(tmp_path: Path, text: str, message: str) -> None:
    entries, problems = read_thesaurus(write(tmp_path, text))
    assert problems and message in problems[0].message
    assert not any(entries.values())  # nothing of it is used


def test_check_thesaurus_reports_examples_it_cannot_use(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "observed:\n"
        "  needy: [hovers by the phone all weekend]\n"  # fine
        "  victim: one note, not a list\n"  # line 3
        "  isolated: [and the]\n"  # line 4: stop words only
        "felt: [I feel drained]\n",  # line 5: not by card id
    )
    problems = check_thesaurus(path)
    assert [p.line for p in problems] == [3, 4, 5]
    assert "a list of examples" in problems[0].message and "card id" in problems[2].message
    usable = load_thesaurus(folders=[CardFolder(tmp_path, "PATTERN_PATH")], cache_dir=None).examples
    assert usable[OBSERVED]["needy"][-1] == "hovers by the phone all weekend"


def test_a_bad_example_costs_only_itself_and_each_is_reported_where_it_stands(tmp_path: Path) -> None:
    """Found in QA: one example with no word in it threw away every other example of its card,
    and validate named only the first bad one."""
    path = write(
        tmp_path,
        "observed:\n"
        "  insecure:\n"
        "    - zebrafish hobby at the aquarium\n"
        "    - the\n"  # line 4: stop words only
        "    - 42\n"  # line 5: not text
        "    - '!!!'\n"  # line 6: no word at all
        "    - collects porcelain owls\n",
    )
    problems = check_thesaurus(path)
    assert [(p.line, p.column) for p in problems] == [(4, 7), (5, 7), (6, 7)]
    usable = load_thesaurus(folders=[CardFolder(tmp_path, "PATTERN_PATH")], cache_dir=None).examples
    assert usable[OBSERVED]["insecure"][-2:] == ["zebrafish hobby at the aquarium", "collects porcelain owls"]


def test_an_example_accounts_for_a_note_no_card_line_does(cards: list[dict[str, Any]]) -> None:
    """A note that shares no word with any card is still matched through a clinician's example for
    a pattern, shown as such; observed examples only without --felt."""
    note = "zorblaxian quibbery"
    plain = Thesaurus()
    assert not match_traits(cards, [note], thesaurus=plain).matches
    mine = Thesaurus.from_entries({OBSERVED: [["needy", [note]]], FELT: [["victim", [note]]]})
    first = match_traits(cards, [note], thesaurus=mine).matches[0]
    assert first.pattern == "needy"
    assert [(e.section, e.text) for e in first.evidence] == [(EXAMPLE_TITLE, note)]
    felt = match_traits(cards, [note], felt=True, thesaurus=mine).matches
    assert [m.pattern for m in felt] == ["victim"]


def test_the_bundled_examples_are_tuned_vignettes_and_no_held_out_one() -> None:
    """The held-out figures measure notes the matcher has never seen: none may be an example; and
    every example is a tuned vignette's trait, as the thesaurus says."""
    examples = load_thesaurus(cache_dir=None).examples
    bundled = {normalize(e) for kind in (OBSERVED, FELT) for found in examples[kind].values() for e in found}
    assert len(bundled) > 1000
    traits: dict[bool, set[str]] = {True: set(), False: set()}  # by held_out
    for name, key in (("match_vignettes.yaml", "traits"), ("felt_vignettes.yaml", "felt")):
        for item in labelled(name):
            traits[bool(item.get("held_out"))].update(normalize(t) for t in item[key])
    assert traits[True] and not traits[True] & bundled
    assert bundled <= traits[False]


def test_a_thesaurus_of_comments_only_is_valid_and_empty(tmp_path: Path) -> None:
    assert check_thesaurus(write(tmp_path, "# my words, to come\n")) == []
    assert check_thesaurus(tmp_path / "missing.yaml")[0].message.startswith("cannot read file")


# Staying light ---------------------------------------------------------------------------------


def test_importing_search_imports_nothing_heavy() -> None:
    heavy = ["patterncli.search.match", "rapidfuzz", "yaml", "Stemmer", "snowballstemmer", "typer", "rich"]
    code = f"import sys, patterncli.search; print([m for m in {heavy!r} if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_over_many_cards_only_the_patterns_that_may_make_the_list_are_scored(
    cards: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What keeps a match quick over hundreds of cards (timed in bench/, never here): a pattern's
    best line for a trait is found only while the pattern can still make the list (every copy of
    the card that leads ties with it, so each of those is scored)."""
    from bench.make_cards import synthetic_card

    from patterncli.search import rank

    many = [synthetic_card(cards[n % len(cards)], n) for n in range(200)]  # about 45,000 lines
    scored = CallCount(monkeypatch, rank.Ranker, "best_of")  # a card's best line looked for, for a trait
    report = match_traits(many, SHY_CLIENT)
    assert report.matches[0].pattern.startswith("insecure-")
    assert scored.calls <= len(SHY_CLIENT) * len(many) // 4


@pytest.mark.parametrize("limit", [1, 3, 5])
def test_the_first_patterns_are_those_of_the_full_ranking(cards: list[dict[str, Any]], limit: int) -> None:
    """match scores only the patterns that can still make the list; the list must be the full
    ranking's first patterns, evidence and unmatched traits included."""
    vignettes = labelled("match_vignettes.yaml") + labelled("felt_vignettes.yaml")
    for item in vignettes:
        traits, felt = (item["felt"], True) if "felt" in item else (item["traits"], False)
        everything = match_traits(cards, [*traits, "xqzvwk"], felt=felt, limit=0)
        first = match_traits(cards, [*traits, "xqzvwk"], felt=felt, limit=limit)
        assert first.matches == everything.matches[:limit]
        assert first.unmatched == everything.unmatched
        assert "xqzvwk" in first.unmatched


def test_only_words_that_join_or_frame_are_left_out_not_what_a_trait_is_about() -> None:
    """ "and" (an unquoted trait come apart) and "I feel" have nothing to match; "really" and
    "wants" are weak words, but "I wonder what he really wants" is a reaction worth matching."""
    from patterncli.search.match import why_left_out

    for nothing in ["and", "I feel", "it seems like", "I notice myself"]:
        assert why_left_out(nothing) is not None, nothing
    for something in ["I wonder what he really wants", "keeps apologizing", "I feel bored"]:
        assert why_left_out(something) is None, something


def test_the_examples_words_are_found_as_a_scan_of_their_text_finds_them() -> None:
    """The examples' words and rows are worked out once (and cached), not scanned for at each
    match: they must be what a scan of the same text finds, and only the examples of the cards
    matched."""
    from patterncli.search.examples import PackedExamples, with_examples
    from patterncli.search.index import Corpus, LineIndex

    by_card = {
        "needy": ["Texts her partner dozens of times a day", "can't decide alone; texting again"],
        "isolated": ["Lives alone, likes it; rarely texts anyone back"],
    }
    packed = PackedExamples.unpack(PackedExamples.pack(by_card))
    assert packed is not None
    names = {"isolated": "Isolated Pattern", "needy": "Needy Pattern"}  # card order differs
    joined = with_examples(LineIndex(), names, packed)
    rows = [joined[row].text for row in range(len(joined))]
    assert rows == [*by_card["isolated"], *by_card["needy"]]
    scanned, stored = Corpus(rows), joined.make_corpus()
    for key in ["text", "texts", "alone", "a", "can", "cant", "zzz", "t"]:
        for whole in (False, True):
            expected = {w: list(r) for w, r in scanned.occurrences(key, whole).items()}
            assert {w: list(r) for w, r in stored.occurrences(key, whole).items()} == expected, key
    only_needy = with_examples(LineIndex(), {"needy": "Needy Pattern"}, packed).make_corpus()
    assert {w: list(r) for w, r in only_needy.occurrences("alone").items()} == {"alone": [1]}
    assert "lives" not in only_needy.vocabulary


@pytest.mark.parametrize(
    "kept",
    [
        None,
        (),
        ("x",),
        ((), "x", "y", b"", b""),
        (("needy", 1),),
        ((("needy", 2),), "clings", "clings", b"", b""),
    ],
)
def test_examples_kept_in_the_cache_in_another_shape_are_made_again(tmp_path: Path, kept: object) -> None:
    """The cache is the user's to lose or damage: what cannot be the examples is never used."""
    from patterncli.cachefile import pack, unpack
    from patterncli.search.thesaurus import load_examples

    bundled = [CardFolder(TESTS.parent / "data", "bundled")]
    made = load_examples(OBSERVED, bundled, cache_dir=tmp_path)
    assert made is not None and len(made.phrases) > 500
    (stored,) = tmp_path.rglob("thesaurus-observed-*.marshal")
    written = unpack(stored.read_bytes())
    assert isinstance(written, tuple)
    stored.write_bytes(pack((written[0], kept)))  # the files' key as written, the examples not
    again = load_examples(OBSERVED, bundled, cache_dir=tmp_path)
    assert again is not None and again.phrases == made.phrases and list(again.rows) == list(made.rows)


def test_packed_examples_whose_rows_point_past_them_are_refused() -> None:
    from patterncli.search.examples import PackedExamples

    counts, phrases, words, rows, starts = PackedExamples.pack({"needy": ["clings"]})
    assert PackedExamples.unpack((counts, phrases, words, rows, starts)) is not None
    out_of_range = array("I", [5]).tobytes()  # "clings" said to be in the sixth of one example
    assert PackedExamples.unpack((counts, phrases, words, out_of_range, starts)) is None


# Found in QA: evidence that is no evidence ---------------------------------------------------

THERAPISTS_SIDE = {"countertransference-toward-client", "countertransference-of-therapist"}


def test_a_sections_title_or_alias_is_never_a_patterns_evidence(cards: list[dict[str, Any]]) -> None:
    """Every card's "Potential Problems" is also "stuck", every "Core Issues" also "childhood": a
    word found there says nothing of which pattern it is."""
    matched = set()
    for traits in (["stuck", "difficult childhood"], ["triggers"], ["therapist feelings"], ["core issues"]):
        for felt in (False, True):
            report = match_traits(cards, traits, felt=felt, limit=0)
            # (No line on the therapist's side holds "triggers": --felt finds nothing for it.)
            assert report.matches or (traits, felt) == (["triggers"], True), (traits, felt)
            matched.update([felt] if report.matches else [])
            kinds = {e.hit.line.kind for m in report.matches for e in m.evidence}
            assert not kinds & {"section-title", "section-alias"}, (traits, felt, kinds)
    assert matched == {False, True}


def test_what_is_observed_in_a_client_is_never_matched_against_a_therapists_reactions(
    cards: list[dict[str, Any]],
) -> None:
    observed = match_traits(cards, ["withdraws emotionally", "needs too much reassurance"], limit=0)
    keys = {e.hit.line.section_key for m in observed.matches for e in m.evidence}
    assert keys and not keys & THERAPISTS_SIDE
    felt = match_traits(cards, ["I keep reassuring her", "I withdraw emotionally"], felt=True, limit=0)
    assert {e.hit.line.section_key for m in felt.matches for e in m.evidence} & THERAPISTS_SIDE


def test_a_word_taken_for_a_typo_of_another_is_shown_standing_in_for_it(cards: list[dict[str, Any]]) -> None:
    """ "teary" is in no card; "tears" is one letter away (and "early", two slips away, is no
    longer guessed): the reader must see which word of the line stood in for the word typed, as
    for a thesaurus stand-in."""
    report = match_traits(cards, ["teary"], limit=0)
    assert report.matches
    for m in report.matches:
        (evidence,) = m.evidence
        stood_in = [(evidence.hit.line.text[a:b].lower(), typed) for a, b, typed in evidence.hit.stand_ins]
        assert ("tears", "teary") in stood_in, evidence.hit.line.text
    (hit, *_) = search(line_index(cards), "reasurance", limit=1)
    assert [(hit.line.text[a:b], typed) for a, b, typed in hit.stand_ins] == [("reassurance", "reasurance")]


def test_a_line_holding_only_a_traits_filler_words_is_no_evidence(cards: list[dict[str, Any]]) -> None:
    """ "I keep reassuring her" was accounted for by an example holding "keeps her head down": a
    line must hold one of a trait's words that carry its meaning, when it has such words."""
    from patterncli.search.match import FELT_WEAK_WORDS, PARTICLES, PREPOSITIONS
    from patterncli.search.words import STOP_WORDS

    # A phrasal verb's particle carries no meaning of its own either (QA: "I feel shut out" was
    # accounted for by "I feel the urge to point out everything").
    filler = FELT_WEAK_WORDS | STOP_WORDS | PARTICLES | PREPOSITIONS
    for traits, felt in (
        (["I keep reassuring her", "always late to sessions"], False),
        (["I keep checking on her"], True),
        (["I feel shut out"], True),
        (["takes over meetings", "gives up easily"], False),
        (["hides behind jokes", "took an overdose after the breakup"], False),  # QA: "behind", "after"
    ):
        report = match_traits(cards, traits, felt=felt, limit=0)
        assert report.matches
        for evidence in (e for m in report.matches for e in m.evidence):
            text = evidence.hit.line.text
            matched = {normalize(text[a:b]) for a, b in evidence.hit.spans}
            assert matched - filler, (evidence.trait, text)


@pytest.mark.parametrize("word", ["shy", "timid"])
def test_a_stop_word_typed_with_one_word_does_not_change_the_ranking(
    cards: list[dict[str, Any]], word: str
) -> None:
    """Found in QA: "a shy" put Prideful ("a modest or even shy manner") before Insecure, which
    "shy" alone puts first: with one word found, "a" or "is" joins nothing into a phrase."""

    def order(trait: str) -> list[str]:
        return [m.pattern for m in match_traits(cards, [trait], limit=3).matches]

    assert order(f"a {word}") == order(f"is {word}") == order(word)
