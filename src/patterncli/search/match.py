"""Ranking patterns against what a clinician observes: the core of `pattern match`.

Each trait is one observation in everyday words ("freezes when asked to present"), searched
like a query over every line of every card (thesaurus, word forms and typos included). A
pattern scores by the traits it accounts for: its best line for each trait, averaged over all
the traits given, so a pattern that explains three traits fairly well beats one that explains
one trait perfectly. With `felt`, the traits are the therapist's own reactions ("I keep
reassuring her") and are matched only against the therapist's side of each card.

Speed: the lines of all cards are normalized once (one Corpus, or the folders' stored index)
and every word is looked for once for all the traits. Patterns are then scored most promising
first, and only until no pattern left can make the list (_best_patterns); within a pattern, only
the rows that can still beat its best row so far are scored closely.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterable, Mapping, Sequence

from ..errors import NotFound, UsageProblem, shortened
from ..record import Record
from ..resolve import normalize
from .examples import PackedExamples, in_memory_parts, is_example, with_examples
from .hits import Hit, make_hit
from .index import IndexedLines, LineIndex, is_therapist_side
from .rank import LATIN_ONLY, Ranker, Scoring, phrase_book, query_words, risk_book
from .risk import in_risk_words, outside_risk, risk_said
from .thesaurus import FELT, OBSERVED, Thesaurus, load_examples
from .words import STOP_WORDS, WEAK_WORDS, Phrase, WordMatcher, stem, word_set

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from typing import Any

# Words that frame an observation rather than say it ("I feel", "I find myself", "seems"), and
# the negated auxiliaries ("doesn't", "didn't"): their meaning is in the phrases they are part of.
TRAIT_WEAK_WORDS = WEAK_WORDS | word_set(
    """actually all any anything every everything feel feels feeling felt find finds finding like
    myself notice noticed part seem seems tempted want wanting wants
    arent didnt doesnt dont isnt wasnt"""
)
# The particles of phrasal verbs ("acts out", "gives up"): typed without quotes they come apart,
# and alone each would match any line holding it ("drops out", "speaking up") nearly perfectly.
PARTICLES = word_set("""away back down off on out over through up""")
# Prepositions the stop words leave: a line sharing only "after" or "behind" with a trait ("hides
# behind jokes": "the person behind the performance") is no evidence of it (QA).
PREPOSITIONS = word_set(
    """across after against along among around before behind beneath beside between during
    onto since toward towards under until upon within without"""
)
# With `felt`, the reactions are the therapist's own, so the words that say how the therapist
# came to them ("I suspect", "I wonder", "I realize") frame them too.
FELT_WEAK_WORDS = TRAIT_WEAK_WORDS | word_set(
    """catch guess realise realize sense suspect suspects think wonder wondering"""
)
# With `felt`, how much a line of each section counts: the therapist's reactions to the client
# are first of all countertransference toward the client, then what the client does toward the
# therapist; group roles count less, and the lines on a therapist who has the pattern least:
# they describe that therapist's habits ("sides with clients against every authority"), not
# what a client stirs in any therapist.
FELT_SECTION_WEIGHTS = {
    "countertransference-toward-client": 1.0,
    "transference": 0.95,
    "countertransference-of-therapist": 0.5,
    "group-roles": 0.8,
}
# What the clinician observes in the client is no reaction of a therapist's: the lines on the
# therapist's feelings toward the client, and on a therapist who has the pattern, are no evidence
# of it unless `felt`.
THERAPISTS_REACTIONS = frozenset({"countertransference-toward-client", "countertransference-of-therapist"})
# A trait is matched by its meaning: synonyms count even for words the cards hold, the words
# that frame it ("I feel") count little, and its scores are comparable with other traits'.
TRAIT_SCORING = Scoring(
    TRAIT_WEAK_WORDS,
    rare_unfound=True,
    found_words_too=True,
    left_out_sections=THERAPISTS_REACTIONS,
    bare_words=TRAIT_WEAK_WORDS | PARTICLES | PREPOSITIONS,
    stops_with_two_words=True,
    completes_last_word=False,
)
FELT_SCORING = TRAIT_SCORING.replace(
    weak_words=FELT_WEAK_WORDS,
    section_weights=FELT_SECTION_WEIGHTS,
    left_out_sections=frozenset(),
    bare_words=FELT_WEAK_WORDS | PARTICLES | PREPOSITIONS,
)
EVIDENCE_MIN = 20.0  # a line accounts for a trait when it scores at least this (0-100)


class Evidence(Record):
    """A card's best line for one trait."""

    __slots__ = (
        "hit",
        "trait",
    )
    _fields = (
        "trait",
        "hit",
    )

    def __init__(
        self,
        trait: str,
        hit: Hit,
    ) -> None:
        self.trait = trait  # as given
        self.hit = hit  # the line, its score, the matched words' spans and any thesaurus stand-ins

    @property
    def section(self) -> str:
        """Where the line is: its section's title, or the card's name for the card's own names."""
        return self.hit.line.section_title or self.hit.line.pattern_name

    @property
    def text(self) -> str:
        return self.hit.line.text

    @property
    def score(self) -> float:
        return self.hit.score


class PatternMatch(Record):
    """One pattern, scored by the traits it accounts for."""

    __slots__ = (
        "evidence",
        "name",
        "pattern",
        "score",
        "unmatched",
    )
    _fields = (
        "pattern",
        "name",
        "score",
        "evidence",
        "unmatched",
    )

    def __init__(
        self,
        pattern: str,
        name: str,
        score: float,
        evidence: tuple[Evidence, ...],
        unmatched: tuple[str, ...],
    ) -> None:
        self.pattern = pattern  # the card's id
        self.name = name
        # 0-100: the mean over all traits of its best line's score (0 when none), examples included
        self.score = score
        self.evidence = evidence  # its best line for each trait it accounts for, in trait order
        self.unmatched = unmatched  # the traits this pattern does not account for


class MatchReport(Record):
    """The patterns best matching the traits, best first, and the traits no card accounts for."""

    __slots__ = (
        "matches",
        "risk",
        "traits",
        "unmatched",
    )
    _fields = (
        "matches",
        "unmatched",
        "traits",
        "risk",
    )

    def __init__(
        self,
        matches: tuple[PatternMatch, ...],
        unmatched: tuple[str, ...],
        traits: tuple[str, ...],
        risk: tuple[str, ...] = (),
    ) -> None:
        self.matches = matches
        self.unmatched = unmatched
        self.traits = traits  # the (non-empty) traits matched, as given
        # The traits that speak of a risk to the client or others ("says she wants to die"), said
        # before any pattern, whatever the pattern; each is matched by its risk alone, its
        # evidence a card's line on that risk (match_lines).
        self.risk = risk


# The words that only say how an observation or a reaction came about ("I feel", "I notice", "it
# seems"): a trait of these and stop words has nothing in it to match. Other weak words ("really",
# "wants", "keeps") may be what a trait is about: "I wonder what he really wants".
FRAMES = word_set(
    """catch feel feeling feels felt find finding finds guess like myself notice noticed realise
    realize seem seems sense suspect suspects think wonder wondering"""
)


def why_left_out(trait: str) -> str | None:
    """Why a trait typed has nothing to match in it, if so (None for an empty one: nothing was
    typed): only words that join or frame others ("and", "I feel"; a trait typed without quotes
    comes apart into such words), or only letters of scripts search cannot read."""
    words = normalize(trait).split()
    if words and all(w in STOP_WORDS or w in FRAMES or w in PARTICLES for w in words):
        return 'it has no word to match on its own (quote a trait of several words: "shy and withdrawn")'
    if not words and any(c.isalnum() for c in trait):
        return LATIN_ONLY
    if not words and trait.strip():
        return "it has no letter or digit to match"
    return None


def given_traits(traits: Sequence[str], felt: bool = False) -> tuple[str, ...]:
    """The traits with a word to match in them, as given but on one line (a note pasted with its
    line breaks is one observation), each once (a trait typed twice, or in other capitals, is one
    observation: it must not count double, nor halve a pattern's score); UsageProblem when none has."""
    first: dict[str, str] = {}  # normalized trait -> the trait as first typed, in typed order
    for trait in traits:
        if normalize(trait) and why_left_out(trait) is None:
            first.setdefault(normalize(trait), " ".join(trait.split()))
    given = tuple(first.values())
    if not given:
        said = "what you feel with the client" if felt else "what you observe"
        raise UsageProblem(f"no trait to match: describe {said}, one trait per argument")
    return given


def match_traits(
    cards_data: Iterable[Mapping[str, Any]],
    traits: Sequence[str],
    felt: bool = False,
    limit: int = 5,
    patterns: Sequence[str] | None = None,
    thesaurus: Thesaurus | None = None,
) -> MatchReport:
    """The patterns that best account for the observed traits, best first: at most `limit`
    (all when `limit` < 1), only those accounting for at least one trait.

    cards_data: the cards' data in the file format (as the catalog holds them).
    felt: the traits are the therapist's reactions; match only the therapist's side of each card.
    patterns: only these card ids (NotFound for an id no card has).
    thesaurus: None for the bundled thesaurus merged with those on the card path.
    Raises UsageProblem when no trait has a word in it."""
    given_traits(traits, felt)  # said before any card is looked at
    index, names = _index(cards_data, felt, patterns)
    return match_lines(index, names, traits, felt, limit, thesaurus)


def match_lines(
    lines: IndexedLines,
    names: Mapping[str, str],
    traits: Sequence[str],
    felt: bool = False,
    limit: int = 5,
    thesaurus: Thesaurus | None = None,
) -> MatchReport:
    """match_traits over lines already chosen: every line of the cards to match about the card
    itself (only the therapist's side if `felt`); `names`: each card's name by id, in card order."""
    given = given_traits(traits, felt)
    risk = risk_book(thesaurus)
    book = phrase_book(thesaurus)
    lines = with_examples(lines, names, _examples(thesaurus, FELT if felt else OBSERVED))
    corpus = lines.make_corpus()
    for in_memory in in_memory_parts(corpus):
        # Many thesaurus words occur on no card: the vocabulary (one split of everything, paid
        # once for all traits) spares a scan of every line for each of them.
        in_memory.vocabulary  # noqa: B018 - built now, used by every scan
    matcher = WordMatcher(corpus, book, risk.stems)
    scoring = FELT_SCORING if felt else TRAIT_SCORING
    rankers: dict[str, Ranker] = {}
    candidates: dict[str, dict[str, list[tuple[float, int, float]]]] = {}  # trait -> pattern -> rows
    risk_stand_ins: dict[str, dict[str, str]] = {}  # trait -> the cards' word for a risk -> as typed
    for trait in given:
        matched, risk_stand_ins[trait], risk_phrases = in_risk_words(trait, risk)
        rankers[trait], candidates[trait] = _evidence(lines, matcher, matched, scoring)
        if risk_phrases:
            candidates[trait] = _risk_evidence(rankers[trait], candidates[trait], risk_phrases)
    order = {pattern: i for i, pattern in enumerate(names)}
    best = _best_patterns(rankers, candidates, order, len(given), limit)
    scores = {pattern: sum(b[0] for b in found.values()) / len(given) for pattern, found in best.items()}
    ranked = sorted(best, key=lambda p: (-scores[p], -len(best[p]), order[p]))
    shown = ranked[:limit] if limit >= 1 else ranked
    return MatchReport(
        tuple(
            _pattern_match(lines, rankers, candidates, p, names[p], scores[p], best[p], given, risk_stand_ins)
            for p in shown
        ),
        tuple(t for t in given if not _accounted_for(t, rankers[t], candidates[t], best)),
        given,
        tuple(t for t in given if risk_said(t, risk)),
    )


def _evidence(
    lines: IndexedLines, matcher: WordMatcher, trait: str, scoring: Scoring
) -> tuple[Ranker, dict[str, list[tuple[float, int, float]]]]:
    """The trait's ranker, and each card's rows that may account for it."""
    words, sequence = query_words(trait)
    ranker = Ranker(lines, matcher, words, sequence, trait, scoring)
    return ranker, ranker.rows_by_pattern(EVIDENCE_MIN)


def _risk_evidence(
    ranker: Ranker, candidates: dict[str, list[tuple[float, int, float]]], risk_phrases: list[Phrase]
) -> dict[str, list[tuple[float, int, float]]]:
    """The candidate rows that may account for a trait speaking of risk: a line on the risk, holding
    every word of one of the cards' phrases for it as itself or in another form ("suicidal" for
    "suicide"). A word standing in through the thesaurus or a typo says nothing of it ("himself"
    for "self" in "drove himself", of "self-harm"), nor does one word of a phrase ("False self")."""
    found = ranker.occurrences

    def itself(word: str) -> set[int]:
        return {row for row, (_, _, stands_for) in found.get(word, {}).items() if not stands_for}

    on_risk: set[int] = set()
    for phrase in risk_phrases:
        on_risk |= set.intersection(*(itself(w) for w in phrase))
    kept = {pattern: [c for c in rows if c[1] in on_risk] for pattern, rows in candidates.items()}
    return {pattern: rows for pattern, rows in kept.items() if rows}


def beside_risk(trait: str, thesaurus: Thesaurus | None = None) -> str:
    """What a trait speaking of risk says besides, as typed, which its match leaves out (a risk
    trait is matched by the cards' words for the risk alone): "terrified of rejection" of
    "terrified of rejection and cutting again"; "" when it says nothing more worth a trait."""
    rest = outside_risk(trait, risk_book(thesaurus))
    return rest if says_something(rest) else ""


# Words that say when, how often or by whose report, a risk's qualifiers and verbs of mood, and
# nothing of the client: what is left of "took an overdose last night", "overdosed x3 this yr",
# "says she'd be better off dead" or "passive SI, no plan" is no trait of its own (QA: each was
# offered as one). A word of time counts ("drinks every night"); what places it does not.
CIRCUMSTANCES = word_set(
    """says said say saying reports reported states stated tells told admits admitted mentions
    mentioned describes described discloses disclosed denies denied pt patient client
    can could may might must shall should will would shed hed theyd youd shell hell youll theyll
    wish wishes wished hope hopes hoped
    today tonight yesterday ago since recently lately last this next once twice times never
    sometimes one two three four five six seven eight nine ten several few wk wks yr yrs
    passive active plan plans intent pills tablets paracetamol"""
)


def says_something(text: str) -> bool:
    """Whether a text holds two words that carry meaning (not stop, filler or framing words,
    numbers or circumstances): what is worth its own trait when `match` leaves it out of one
    ("shuts down", "no friends"; not "and never", nor "last night")."""
    words = set(normalize(text).split()) - STOP_WORDS - TRAIT_WEAK_WORDS - FRAMES - CIRCUMSTANCES
    return sum(1 for w in words if not any(c.isdigit() for c in w)) >= 2


def with_risk_phrases_whole(traits: Sequence[str], thesaurus: Thesaurus | None = None) -> list[str]:
    """The traits, as one when they speak of a risk only read together: a sentence typed without
    quotes comes a word to a trait ("she wants to kill herself"; QA: each word was matched alone,
    and nothing said the risk). The traits as given otherwise."""
    words = [t.strip() for t in traits if t.strip()]
    risk = risk_book(thesaurus)
    if len(words) < 2 or any(risk_said(w, risk) for w in words):
        return list(traits)
    together = " ".join(words)
    return [together] if risk_said(together, risk) else list(traits)


def _examples(thesaurus: Thesaurus | None, kind: str) -> PackedExamples | None:
    """The examples of one kind: the thesaurus's, or with None the bundled and the card path's."""
    if thesaurus is None:
        return load_examples(kind)
    return PackedExamples.unpack(PackedExamples.pack(thesaurus.examples[kind]))


def _best_patterns(
    rankers: Mapping[str, Ranker],
    candidates: Mapping[str, Mapping[str, list[tuple[float, int, float]]]],
    order: Mapping[str, int],
    count: int,
    limit: int,
) -> dict[str, dict[str, tuple[float, int]]]:
    """Each pattern's best row for each trait it accounts for: (score, row) by trait, for the
    patterns that can reach the first `limit` (all of them when `limit` < 1).

    Patterns are scored most promising first, by the sum over traits of their rows' best bound;
    once the `limit`-th pattern scored ranks above the next one's most hopeful rank, no pattern
    left can make the list (Fagin's threshold algorithm). With thousands of cards, that spares
    finding the best line of every card for every trait."""
    # The bound on a pattern's score is added up as its score is (trait by trait, then divided),
    # so that rounding never puts it a hair below a score equal to it.
    bounds: dict[str, float] = {}
    traits: dict[str, int] = {}
    for by_pattern in candidates.values():
        for pattern, rows in by_pattern.items():
            bounds[pattern] = bounds.get(pattern, 0.0) + -rows[0][0]
            traits[pattern] = traits.get(pattern, 0) + 1
    # Each pattern's most hopeful rank key: (-bound on its score, -traits it may account for, order).
    hopes = {pattern: (-(bounds[pattern] / count), -traits[pattern], order[pattern]) for pattern in bounds}
    best: dict[str, dict[str, tuple[float, int]]] = {}
    ranks: list[tuple[float, int, int]] = []  # the rank keys of the patterns scored, kept sorted
    for pattern in sorted(hopes, key=hopes.__getitem__):
        if 0 < limit <= len(ranks) and ranks[limit - 1] < hopes[pattern]:
            break
        if 0 < limit <= len(ranks) and ranks[limit - 1] < _closer_hope(
            rankers, candidates, pattern, order, count
        ):
            continue  # its rows' closer bounds (their lengths read) cannot reach the list either
        found: dict[str, tuple[float, int]] = {}
        for trait, ranker in rankers.items():
            own_rows = candidates[trait].get(pattern)
            chosen = ranker.best_of(own_rows, EVIDENCE_MIN) if own_rows else None
            if chosen is not None:
                found[trait] = chosen
        if found:
            best[pattern] = found
            score = sum(b[0] for b in found.values()) / count
            insort(ranks, (-score, -len(found), order[pattern]))
    return best


def _closer_hope(
    rankers: Mapping[str, Ranker],
    candidates: Mapping[str, Mapping[str, list[tuple[float, int, float]]]],
    pattern: str,
    order: Mapping[str, int],
    count: int,
) -> tuple[float, int, int]:
    """A pattern's rank key at best, as its hope in _best_patterns but from the closer bound on
    its best row for each trait (Ranker.closer_bound: a few rows' lengths read, no text): when the
    list's last pattern has a low score, most cards' hopes reach it, yet their lines are too long,
    or hold too few of a trait's words side by side, to score that well."""
    total, traits = 0.0, 0
    for trait, ranker in rankers.items():  # in trait order, as the score is added up
        rows = candidates[trait].get(pattern)
        bound = ranker.closer_bound(rows) if rows else 0.0
        if bound >= EVIDENCE_MIN:
            total += bound
            traits += 1
    return -(total / count), -traits, order[pattern]


def _accounted_for(
    trait: str,
    ranker: Ranker,
    by_pattern: Mapping[str, list[tuple[float, int, float]]],
    best: Mapping[str, Mapping[str, object]],
) -> bool:
    """Whether any card has a line accounting for the trait (one scoring EVIDENCE_MIN)."""
    if any(trait in found for found in best.values()):
        return True
    return any(ranker.best_of(rows, EVIDENCE_MIN) is not None for rows in by_pattern.values())


def _pattern_match(
    index: IndexedLines,
    rankers: Mapping[str, Ranker],
    candidates: Mapping[str, Mapping[str, list[tuple[float, int, float]]]],
    pattern: str,
    name: str,
    score: float,
    found: Mapping[str, tuple[float, int]],
    traits: tuple[str, ...],
    risk_stand_ins: Mapping[str, Mapping[str, str]],
) -> PatternMatch:
    """A pattern shown, with its best line for each trait it accounts for, highlighted: the
    card's own line when one accounts for the trait, though an example scored higher (a trait
    that is an example word for word would otherwise be shown as its own evidence)."""
    evidence = []
    for trait in traits:
        if trait in found:
            line_score, row = found[trait]
            ranker = rankers[trait]
            if is_example(index, row):
                own = [c for c in candidates[trait][pattern] if not is_example(index, c[1])]
                line_score, row = ranker.best_of(own, EVIDENCE_MIN) or (line_score, row)
            matched = ranker.matched_words(row)
            # The cards' words for a risk stand in for the risk as typed: "suicide" for "took an overdose".
            risk_words = {stem(w): said for w, said in risk_stand_ins[trait].items()}
            stand_ins = {w: risk_words[stem(w)] for w in matched if risk_words.get(stem(w))}
            hit = make_hit(index[row], line_score, matched, {**ranker.stand_in_words(row), **stand_ins})
            evidence.append(Evidence(trait, hit))
    return PatternMatch(
        pattern,
        name,
        round(score, 2),
        tuple(evidence),
        tuple(t for t in traits if t not in found),
    )


def therapist_side(card: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The sections of a card about the therapist: transference, countertransference and the
    rest of the relationship group."""
    return [s for s in card["sections"] if is_therapist_side(s)]


def _index(
    cards_data: Iterable[Mapping[str, Any]], felt: bool, patterns: Sequence[str] | None
) -> tuple[LineIndex, dict[str, str]]:
    """The lines to match, and each card's name by id in card order: the rows that the stored
    index chooses by their flags (store.ABOUT_ITSELF, store.FELT; a test holds the two together)."""
    wanted = set(patterns) if patterns is not None else None
    index = LineIndex()
    names: dict[str, str] = {}
    for data in cards_data:
        card_id = str(data["id"])
        if wanted is not None and card_id not in wanted:
            continue
        names[card_id] = str(data["name"])
        # A line about another card ("unlike the needy pattern, ...") is no evidence for this one.
        index.add_card(data, therapist_side(data) if felt else None, about_itself=True)
    missing = sorted(wanted - set(names)) if wanted is not None else []
    if missing:
        raise NotFound(f"no pattern called {shortened(missing[0])}", hint="pattern list")
    return index, names
