"""Ranking lines against a query: the core of `pattern search`.

A line is scored word by word, so word order never matters:

* every query word is found as it is, as another form of it ("rejection": "rejected"), only
  when it occurs nowhere as it is as a word it may misspell, and through the thesaurus as a
  word or phrase meaning nearly the same ("turned down": "rejected"); see words.py. The word
  itself scores above its forms, its forms above a stand-in, so "shy" finds "shy", never
  "she", and "shame" puts "shame" before "shaming";
* the words of a line's section title and aliases, and of its card's name and aliases, count
  for the line too, at a discount: "countertransferance reassuring" finds "Overly involved in
  reassuring client" in the section "Countertransference toward Insecure Client";
* rare query words weigh more than common ones (IDF over the lines given, counting where the
  word itself occurs), stop words hardly count, query words standing side by side in the line
  earn a bonus, and a long line loses a little to a short one that says the same;
* section titles and aliases, and card names and aliases, score a little below an item that
  matches as well: they point at a place, not a statement. Among titles alike on every card
  ("Countertransference toward ... Client"), the one whose items hold the query's other words
  gets a small bonus: it is the place the clinician means.

Speed: the lines are normalized in one piece (index.Corpus), or read from the card folders'
stored index (store.py); each query word's first letters are found by one literal
regular-expression scan of the text, or one look-up in the stored vocabulary, which yields the
word's exact and same-stem occurrences and their lines at once. Only when a word occurs
nowhere are typos guessed, by RapidFuzz over the vocabulary (the stored index's own word list as
it is: words.match_word drops those no line searched holds). Per-line Python work is done
only for lines holding a matched word: their content scores, word by word; their bounds, only
once the lines left could still reach the top `limit` (Ranker._by_bound); their text (split, and
checked for side-by-side words and length) only when a closer bound says they still may. What a
hit holds and shows is in hits.py. RapidFuzz and the stemmer are imported on first use, never at
import time.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import pairwise

from ..errors import NotFound, UsageProblem, shortened
from ..record import Record
from ..resolve import normalize
from .hits import Hit, make_hit
from .index import (
    CARD_NAME,
    PLACE_KINDS,
    SECTION_ALIAS,
    SECTION_TITLE,
    Corpus,
    IndexedLines,
    SearchLine,
    WordSource,
)
from .risk import risk_said
from .words import EXACT, SEARCH_WEAK_WORDS, STOP_WORDS, Found, PhraseBook, WordMatcher

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from .thesaurus import Thesaurus

# Tuning. Scores are on a 0-100 scale.
INEXACT_FACTOR = 0.9  # a form, typo or stand-in counts this much of its similarity
SECTION_CONTEXT = 0.7  # a word found in the line's section title or aliases
CARD_CONTEXT = 0.5  # a word found in the card's name or aliases
PLACE_FACTOR = 0.92  # section titles/aliases and card aliases against items
STOP_WEIGHT = 0.15  # a stop word's weight, relative to the mean weight of the other words
WEAK_WEIGHT = 0.5  # a filler word's weight ("keeps", "always"), relative to its IDF weight
ADJACENT_SHARE = 0.08  # share of the score earned by query words standing side by side in the line
LENGTH_PENALTY = 0.25  # per word of the line not matched by the query ...
LENGTH_PENALTY_MAX = 8.0  # ... up to this much
HELD_BONUS = 3.0  # a section title whose items hold query words it lacks itself: the better place
MIN_SCORE = 30.0  # no hit below this ...
MIN_SHARE_OF_BEST = 0.4  # ... nor below this share of the best hit's score
BOUND_CHUNK = 256  # rows whose bounds are worked out at once (Ranker._by_bound)
# Added to every bound on a score: a bound adds up as the score does, but not always in its very
# order, and floating point could otherwise put a bound a hair below the score it bounds.
BOUND_SLACK = 1e-9

TITLE_KINDS = frozenset({SECTION_TITLE, SECTION_ALIAS})
# The places that rank below an item matching as well. A card's own name is not one of them:
# "needy" must bring up the Needy Pattern first, not 26 lines of other cards that mention it.
SCALED_PLACES = PLACE_KINDS - {CARD_NAME}  # section titles among them: Ranker._ceiling counts on it


# Search reads words as `normalize` makes them: Latin letters and digits, accents dropped.
LATIN_ONLY = "search reads Latin letters and digits only (accents dropped)"


def query_words(query: str) -> tuple[list[str], list[str]]:
    """The distinct normalized words of a query, and all of them in order; UsageProblem if none,
    NotFound if its letters are all of scripts search cannot read."""
    sequence = normalize(query).split()
    if not sequence and any(c.isalnum() for c in query):
        raise NotFound(f"nothing matches {shortened(query)}: {LATIN_ONLY}")
    if not sequence and query.strip():  # "...", an emoji: typed, but nothing to look for
        raise UsageProblem("the search query has no letter or digit: give a word or two to look for")
    if not sequence:
        raise UsageProblem("the search query is empty: give a word or two to look for")
    return list(dict.fromkeys(sequence)), sequence


def phrase_book(thesaurus: Thesaurus | None, searching: bool = False) -> PhraseBook:
    """The thesaurus ready for matching; None: the bundled one with the card path's additions.
    `searching`: with the entries only `search` reads (`match` reads the others)."""
    if thesaurus is None:
        from .thesaurus import load_phrase_book

        return load_phrase_book(searching=searching)
    return thesaurus.phrase_book(searching)


def risk_book(thesaurus: Thesaurus | None) -> PhraseBook:
    """The thesaurus's risk entries (a clinician's words for suicide, self-harm and harm to others), ready to find
    in a query; None: the bundled ones with the card path's."""
    if thesaurus is None:
        from .thesaurus import load_risk_book

        return load_risk_book()
    return thesaurus.risk_book()


def corpus_of(lines: Sequence[SearchLine]) -> WordSource:
    """The lines' text, normalized for searching."""
    return lines.make_corpus() if isinstance(lines, IndexedLines) else Corpus([line.text for line in lines])


def search(
    lines: Sequence[SearchLine], query: str, limit: int = 10, thesaurus: Thesaurus | None = None
) -> list[Hit]:
    """The lines that best match `query`, best first: at most `limit` (all when `limit` < 1),
    only those scoring above a threshold; [] when nothing matches. When the query speaks of risk
    ("worried she might kill herself"), the lines its words for the risk find come first: every
    card's line on assessing it, whatever else the query holds.

    `thesaurus`: the words that stand in for others; None for the bundled thesaurus merged with
    those on the card path. Raises UsageProblem for a query with no words in it."""
    words, sequence = query_words(query)
    if not lines:
        return []
    risk = risk_book(thesaurus)
    matcher = WordMatcher(corpus_of(lines), phrase_book(thesaurus, searching=True), risk.stems)
    found = _ranked(lines, matcher, query, words, sequence, limit)
    # The lines the cards' own words for the risk find, each word in turn ("suicide", "self harm"):
    # not the words typed, which find "taking charge of one's own life" for "taking his own life".
    targets = dict.fromkeys(" ".join(t) for _, found_by in risk_said(query, risk) for t in found_by)
    first: dict[int, Hit] = {}  # by row: a line two of the words find comes once, where first found
    for target in targets:
        for row, hit in _ranked(lines, matcher, target, *query_words(target), limit):
            first.setdefault(row, hit)
    hits = [*first.values(), *(hit for row, hit in found if row not in first)]
    return hits[:limit] if limit >= 1 else hits


def _ranked(
    lines: Sequence[SearchLine],
    matcher: WordMatcher,
    query: str,
    words: list[str],
    sequence: list[str],
    limit: int,
) -> list[tuple[int, Hit]]:
    """The best lines for the query, as (row, hit), best first, those above the threshold only.
    Of the names of one place (a card's name and aliases, a section's title and aliases) only the
    best is a hit: they say one thing (QA: "people-pleasing" filled the first three hits with
    three of the Compliant card's aliases)."""
    ranker = Ranker(lines, matcher, words, sequence, query)
    wanted = limit
    while True:
        found = ranker.top(wanted)
        scored = _one_name_per_place(found, ranker.rows)
        if limit < 1 or len(scored) >= limit or len(found) < wanted:
            break
        wanted += limit - len(scored)  # names left out made room: look further down
    scored = scored[:limit] if limit >= 1 else scored
    if not scored:
        return []
    floor = max(MIN_SCORE, MIN_SHARE_OF_BEST * scored[0][0])
    return [(row, ranker.hit(row, score)) for score, row in scored if score >= floor]


def _one_name_per_place(scored: list[tuple[float, int]], rows: _Rows) -> list[tuple[float, int]]:
    """The scored rows (best first) less each name of a place after the place's best one."""
    named: set[tuple[str, str | None]] = set()
    kept = []
    for score, row in scored:
        if rows.kinds[row] in PLACE_KINDS:
            if rows.places[row] in named:
                continue
            named.add(rows.places[row])
        kept.append((score, row))
    return kept


def _weights(
    content: list[str],
    stop: list[str],
    counts: dict[str, int],
    n: int,
    weak: frozenset[str] = SEARCH_WEAK_WORDS,
    rare_unfound: bool = False,
    stops_with_two_words: bool = False,
) -> dict[str, float]:
    """IDF weights of the query words over the `n` lines, from how many lines hold each word
    itself. A word found nowhere weighs as much as the mean found one (as the rarest found one
    if `rare_unfound`), a filler word half its IDF, a stop word a fraction of the mean (nothing
    when fewer than two words are found, if `stops_with_two_words`)."""
    idf = {w: math.log(1.0 + n / counts[w]) for w in content if counts[w]}
    mean = sum(idf.values()) / len(idf) if idf else 1.0
    unfound = max(idf.values(), default=1.0) if rare_unfound else mean
    weights = {w: idf.get(w, unfound) for w in content}
    if len(content) > 1:
        for w in content:
            if w in weak:
                weights[w] *= WEAK_WEIGHT
    joining = len(idf) > 1 or not stops_with_two_words
    weights.update(dict.fromkeys(stop, STOP_WEIGHT * mean if joining else 0.0))
    return weights


class _Rows:
    """What ranking needs of each candidate row (its kind, card and section), found for all of
    them at once, without making a SearchLine when the lines are indexed."""

    def __init__(self, lines: Sequence[SearchLine], rows: Iterable[int]) -> None:
        if isinstance(lines, IndexedLines):
            self.kinds, self.places = lines.describe(rows)
        else:
            found = {row: lines[row] for row in rows}
            self.kinds = {row: line.kind for row, line in found.items()}
            self.places = {row: (line.pattern, line.section_key) for row, line in found.items()}

    def kind(self, row: int) -> str:
        return self.kinds[row]

    def place(self, row: int) -> tuple[str, str | None]:
        """(card id, section key or None for the card's own name and aliases)."""
        return self.places[row]


class Scoring(Record):
    """How a query's words count. The defaults are search's; `match` scores traits its own way."""

    # A word no line holds weighs as the rarest word found, not as the mean one: needed to
    # compare different queries' scores (match's traits), not to rank the lines of one query.
    # The thesaurus stands in for single words found as themselves too (WordMatcher.occurrences).
    __slots__ = (
        "bare_words",
        "completes_last_word",
        "found_words_too",
        "left_out_sections",
        "rare_unfound",
        "section_weights",
        "stops_with_two_words",
        "weak_words",
    )
    _fields = (
        "weak_words",
        "rare_unfound",
        "found_words_too",
        "section_weights",
        "left_out_sections",
        "bare_words",
        "stops_with_two_words",
        "completes_last_word",
    )

    def __init__(
        self,
        weak_words: frozenset[str] = SEARCH_WEAK_WORDS,
        rare_unfound: bool = False,
        found_words_too: bool = False,
        section_weights: Mapping[str, float] | None = None,
        left_out_sections: frozenset[str] = frozenset(),
        bare_words: frozenset[str] | None = None,
        stops_with_two_words: bool = False,
        completes_last_word: bool = True,
    ) -> None:
        self.weak_words = weak_words  # filler words, counting half
        self.rare_unfound = rare_unfound
        self.found_words_too = found_words_too
        self.section_weights = section_weights  # a factor for some sections' lines, by key
        # Sections whose lines are no evidence (rows_by_pattern); their words still lend context.
        self.left_out_sections = left_out_sections
        # The words that, held by a line with none of the query's others, make it no evidence
        # (rows_by_pattern); None for the filler words (kept None, so that `replace` follows them).
        self.bare_words = bare_words
        # Whether the query's stop words count only when two of its other words are found on the
        # cards: with one, "a" or "is" joins nothing into a phrase, and only tips the ranking
        # ("a shy" found "a modest or even shy manner" before "shy, tentative").
        self.stops_with_two_words = stops_with_two_words
        # Whether the query's last word may be the beginning of a longer one, as a word being typed
        # is (browse searches as you type; "aband" found nothing): not for a trait, a whole note.
        self.completes_last_word = completes_last_word


class Ranker:
    """Scores the rows holding a query's words: first a cheap bound from the scans, then the
    full score for the rows whose bound can still reach the top."""

    def __init__(
        self,
        lines: Sequence[SearchLine],
        matcher: WordMatcher,
        words: list[str],
        sequence: list[str],
        query: str,
        scoring: Scoring | None = None,
    ) -> None:
        scoring = scoring or Scoring()
        self.lines, self.corpus, self.book = lines, matcher.corpus, matcher.book
        self.section_weights = scoring.section_weights
        self.left_out_sections = scoring.left_out_sections
        self.bare_words = scoring.weak_words if scoring.bare_words is None else scoring.bare_words
        content = [w for w in words if w not in STOP_WORDS] or words
        self.stop = [w for w in words if w not in content]
        typing = sequence[-1] if scoring.completes_last_word else None
        self.occurrences, counts = matcher.occurrences(
            content, sequence, query, scoring.found_words_too, typing
        )
        self.weights = _weights(
            content,
            self.stop,
            counts,
            len(lines),
            scoring.weak_words,
            scoring.rare_unfound,
            scoring.stops_with_two_words,
        )
        self.total_weight = sum(self.weights.values())
        self._stop_total = sum(self.weights[w] * EXACT for w in self.stop)
        self._heaviest = max([1.0, *(self.section_weights or {}).values()])  # a section's weight, at most
        # Query words typed one after the other, to be found side by side in a line (in either
        # order); also each two such words with only stop words between them.
        typed = [w for w in sequence if w in self.occurrences]
        neighbours = (
            [*pairwise(sequence), *pairwise(typed)] if len(typed) < len(sequence) else pairwise(typed)
        )
        self.pairs = list(dict.fromkeys(tuple(sorted(p)) for p in neighbours if p[0] != p[1]))
        self._skipped = STOP_WORDS.difference(self.occurrences)  # left out of a row to find neighbours
        self._sizes: dict[int, int] = {}  # the number of words of the rows whose bounds are known
        # The candidates: every row holding a query word (the rows' descriptions' keys).
        self.rows = _Rows(lines, set().union(*self.occurrences.values()))
        self.place_scores: dict[tuple[str, str | None], dict[str, float]] = {}
        self.held: dict[tuple[str, str | None], set[str]] = {}  # query words each section's items hold
        self._learn_places()

    def _learn_places(self) -> None:
        """What each query word scores in each section's title and aliases and each card's name
        and aliases (the context every line of that section or card shares), and which query
        words each section's items hold."""
        kinds, places = self.rows.kinds, self.rows.places
        # What a section's items hold matters only to a section whose title is a candidate too.
        titled = {places[row] for row, kind in kinds.items() if kind in TITLE_KINDS}
        for w, found in self.occurrences.items():
            for row, (similarity, _, _) in found.items():
                if kinds[row] not in PLACE_KINDS:
                    if places[row] in titled:
                        self.held.setdefault(places[row], set()).add(w)
                    continue
                scores = self.place_scores.setdefault(places[row], {})
                scores[w] = max(scores.get(w, 0.0), similarity)

    def _content_scores(self) -> dict[int, float]:
        """_content_score of every candidate row: word by word for all rows at once, and row by
        row only for the rows of a section or card whose title or names hold query words."""
        totals = dict.fromkeys(self.rows.kinds, 0.0)
        for w, found in self.occurrences.items():
            weight = self.weights[w]
            for row, (similarity, _, _) in found.items():
                totals[row] += weight * (similarity if similarity >= EXACT else INEXACT_FACTOR * similarity)
        if self.place_scores:
            places, with_context = self.rows.places, self.place_scores
            for row in totals:
                card_id, key = place = places[row]
                if (key is not None and place in with_context) or (card_id, None) in with_context:
                    totals[row] = self._content_score(row)
        return totals

    def _content_score(self, row: int) -> float:
        """The weighted sum over the (non-stop) query words of how well each is found (in the
        same order as _content_scores adds them, so the two agree to the last bit)."""
        card_id, key = place = self.rows.place(row)
        section = self.place_scores.get(place, {}) if key is not None else {}
        card = self.place_scores.get((card_id, None), {})
        total = 0.0
        for w, found in self.occurrences.items():
            score = 0.0
            if row in found:
                similarity = found[row][0]
                score = similarity if similarity >= EXACT else INEXACT_FACTOR * similarity
            if w in section:
                score = max(score, SECTION_CONTEXT * section[w])
            if w in card:
                score = max(score, CARD_CONTEXT * card[w])
            total += self.weights[w] * score
        return total

    def _finish(self, value: float, row: int, adjacent: float) -> float:
        if self.pairs:
            value = (1 - ADJACENT_SHARE) * value + ADJACENT_SHARE * EXACT * adjacent
        if self.section_weights:
            value *= self.section_weights.get(self.rows.places[row][1] or "", 1.0)
        return value * PLACE_FACTOR if self.rows.kinds[row] in SCALED_PLACES else value

    def _score(self, row: int, content_score: float) -> float:
        words = self.corpus.words(row)
        present = set(words)
        found_here = [(w, found[row]) for w, found in self.occurrences.items() if row in found]
        stop_score = sum(self.weights[w] * EXACT for w in self.stop if w in present)
        value = (content_score + stop_score) / self.total_weight
        value = self._finish(value, row, self._side_by_side(found_here, words) if self.pairs else 0.0)
        matched = {word for _, found in found_here for word in found[1].split()}
        matched.update(present.intersection(self.stop))  # the query's stop words count as matched too
        value -= min(LENGTH_PENALTY_MAX, LENGTH_PENALTY * max(0, len(words) - len(matched)))
        return min(EXACT, max(0.0, value + self._held_bonus(row)))

    def _held_bonus(self, row: int) -> float:
        """Among section titles that match alike ("Countertransference toward ... Client" on every
        card), the one whose section holds the query's other words is the place the clinician means."""
        if self.rows.kind(row) not in TITLE_KINDS:
            return 0.0
        held = self.held.get(self.rows.place(row), set())
        missing = [w for w in held if row not in self.occurrences[w]]
        return HELD_BONUS * sum(self.weights[w] for w in missing) / self.total_weight

    def _side_by_side(self, found_here: list[tuple[str, Found]], words: list[str]) -> float:
        """The share of the query's neighbouring word pairs that are neighbours in the row too,
        in either order, as they stand or with stop words between them left out: "rejection
        fear" and "fear of rejection" both find "fears of rejection" side by side. Two query
        words standing in for one phrase of the row ("turned down": "rejected") are neighbours.
        `found_here`: each query word found in the row, with how; `words`: the row's words."""
        matched = {w: found[1] for w, found in found_here}
        stood_in = {w: found[1:] for w, found in found_here if found[2]}
        matched.update((w, w) for w in self.stop)
        # Each two words side by side in the row, as they stand or with stop words left out, in
        # the row's order: a pair of the query is found there in either order.
        side_by_side = set(pairwise(words))
        side_by_side.update(pairwise([w for w in words if w not in self._skipped]))
        near = 0
        for a, b in self.pairs:
            if a in matched and b in matched:
                if a in stood_in and stood_in[a] == stood_in.get(b):
                    near += 1  # one phrase of the row stands in for both
                    continue
                a_words, b_words = matched[a].split(), matched[b].split()
                a_first, a_last, b_first, b_last = a_words[0], a_words[-1], b_words[0], b_words[-1]
                near += (
                    (a_last, b_first) in side_by_side
                    or (b_first, a_last) in side_by_side
                    or (b_last, a_first) in side_by_side
                    or (a_first, b_last) in side_by_side
                )
        return near / len(self.pairs)

    def matched_words(self, row: int) -> set[str]:
        """The row's (normalized) words that matched a (non-stop) query word: those highlighted."""
        return {word for found in self.occurrences.values() if row in found for word in found[row][1].split()}

    def stand_in_words(self, row: int) -> dict[str, str]:
        """The row's words matched only through the thesaurus, each with the query words it
        stands in for (a word some query word matched as itself is no stand-in)."""
        found_in_row = [found[row] for found in self.occurrences.values() if row in found]
        themselves = {
            word for _, words, stands_for in found_in_row if not stands_for for word in words.split()
        }
        return {
            word: stands_for
            for _, words, stands_for in found_in_row
            if stands_for
            for word in words.split()
            if word not in themselves
        }

    def hit(self, row: int, score: float) -> Hit:
        return make_hit(self.lines[row], score, self.matched_words(row), self.stand_in_words(row))

    def _bounds(self) -> list[tuple[float, int, float]]:
        """(-bound, row, content score) of every candidate row, highest bound first (match's way:
        it scores each card's best rows only, and is quicker without looking every length up)."""
        contents = self._content_scores()
        bounds = self._bounds_of(contents, contents, {})
        bounds.sort()
        return bounds

    def _bounds_of(
        self, rows: Iterable[int], contents: Mapping[int, float], sizes: Mapping[int, int]
    ) -> list[tuple[float, int, float]]:
        """(-bound, row, content score) of each of the rows: the most `_score` can give it.

        With the rows' `sizes`, the bound takes off the length penalty a row pays for sure (no row
        can have more of its words matched than each query word matching a longest phrase, and
        every stop word): it spares `top` scoring closely the many rows that tie on their words."""
        stop_total, kinds, finish, total_weight = (
            self._stop_total,
            self.rows.kinds,
            self._finish,
            self.total_weight,
        )
        longest = max(1, self.book.longest_phrase) if sizes and self.book else 1
        most_matched = len(self.occurrences) * longest + len(self.stop)
        return [
            (
                -max(
                    0.0,
                    finish((contents[row] + stop_total) / total_weight, row, 1.0)
                    + (HELD_BONUS if kinds[row] in TITLE_KINDS else 0.0)
                    - min(LENGTH_PENALTY_MAX, LENGTH_PENALTY * max(0, sizes.get(row, 0) - most_matched)),
                )
                - BOUND_SLACK,
                row,
                contents[row],
            )
            for row in rows
        ]

    def _by_bound(self) -> Iterator[tuple[float, int, float]]:
        """The candidate rows as (-bound, row, content score), highest bound first and the lowest
        row first among equal bounds, as _bounds sorts them; but a row's bound, and its length, are
        worked out only once the rows left could still come before the best one waiting. Rows are
        taken by their content score, highest first, and `_ceiling` of a content score is more
        than any bound a row with it can have: with thousands of cards, `top` needs the bounds of
        a few hundred rows of the tens of thousands holding a query word."""
        contents = self._content_scores()
        order = sorted(contents, key=contents.__getitem__, reverse=True)
        waiting: list[tuple[float, int, float]] = []  # a heap of the rows whose bounds are known
        taken = 0
        while taken < len(order) or waiting:
            while taken < len(order) and (
                not waiting or -waiting[0][0] <= self._ceiling(contents[order[taken]])
            ):
                chunk = order[taken : taken + BOUND_CHUNK]
                taken += len(chunk)
                sizes = self.corpus.word_counts(chunk)
                self._sizes.update(sizes)
                for item in self._bounds_of(chunk, contents, sizes):
                    heapq.heappush(waiting, item)
            yield heapq.heappop(waiting)

    def _close_bound(self, row: int, content_score: float) -> float:
        """A closer bound on the row's score than _bounds_of's, from which query words the row
        holds, before its text is read: side by side at most the query's neighbouring pairs it
        holds both words of (its stop words taken as there), and at least the length penalty of
        its words beyond all those the query's words matched. Worked out in _score's steps."""
        present = set(self.stop)
        matched = len(self.stop)
        for w, found in self.occurrences.items():
            if row in found:
                present.add(w)
                matched += found[row][1].count(" ") + 1  # the row's words it matched: "turned down"
        value = (content_score + self._stop_total) / self.total_weight
        near = sum(1 for a, b in self.pairs if a in present and b in present)
        value = self._finish(value, row, near / len(self.pairs) if self.pairs else 0.0)
        # (A row whose length is not known yet, as in best_of, is bounded without the penalty.)
        value -= min(LENGTH_PENALTY_MAX, LENGTH_PENALTY * max(0, self._sizes.get(row, 0) - matched))
        return max(0.0, value + (HELD_BONUS if self.rows.kind(row) in TITLE_KINDS else 0.0)) + BOUND_SLACK

    def _ceiling(self, content_score: float) -> float:
        """More than the bound (_bounds_of) of any row with this content score: its best finish
        with the heaviest section weight and no length penalty, as an item, or as a section title
        (a place, scaled by PLACE_FACTOR) with the whole held bonus."""
        value = (content_score + self._stop_total) / self.total_weight
        if self.pairs:
            value = (1 - ADJACENT_SHARE) * value + ADJACENT_SHARE * EXACT
        value *= self._heaviest
        return max(value, PLACE_FACTOR * value + HELD_BONUS) + BOUND_SLACK

    def top(self, limit: int) -> list[tuple[float, int]]:
        """(score, row) of the best rows, best first, at most `limit` if >= 1."""
        scored: list[tuple[float, int]] = []  # a heap of the best `limit`: (score, -row), worst first
        for negative_bound, row, content_score in self._by_bound():
            full = 0 < limit <= len(scored)
            if full and -negative_bound < scored[0][0]:
                break  # no row left can reach the top
            if full and self._close_bound(row, content_score) < scored[0][0]:
                continue  # this one cannot either: its text need not be read
            item = (self._score(row, content_score), -row)
            if limit < 1 or len(scored) < limit:
                heapq.heappush(scored, item)
            elif item > scored[0]:
                heapq.heapreplace(scored, item)
        return [(score, -negative_row) for score, negative_row in sorted(scored, reverse=True)]

    def rows_by_pattern(self, floor: float) -> dict[str, list[tuple[float, int, float]]]:
        """Each card's candidate rows whose bound reaches `floor`, highest bound first, as
        (-bound, row, content score): what `best_of` needs to find the card's best row. A section's
        title and aliases are none: they name a place, alike on every card ("Potential Problems",
        "stuck"), and are no evidence of a pattern (their words still count for the section's lines)."""
        found: dict[str, list[tuple[float, int, float]]] = {}
        kinds, places, left_out = self.rows.kinds, self.rows.places, self.left_out_sections
        # A line holding only a trait's filler words ("keeps", "always") or particles ("out")
        # accounts for none of it, when the trait has other words: "I keep reassuring her" is not
        # "keeps her head down", nor is "I feel shut out" "I feel the urge to point out everything".
        strong = [found_w for w, found_w in self.occurrences.items() if w not in self.bare_words]
        holding = set().union(*strong) if strong and len(strong) < len(self.occurrences) else None
        for item in self._bounds():
            if -item[0] < floor:
                break
            card_id, key = places[item[1]]
            if kinds[item[1]] in TITLE_KINDS or key in left_out:
                continue
            if holding is None or item[1] in holding:
                found.setdefault(card_id, []).append(item)
        return found

    def closer_bound(self, candidates: list[tuple[float, int, float]]) -> float:
        """More than the best score of one card's candidate rows (from `rows_by_pattern`): the
        highest of their closer bounds (_close_bound, with each row's length read), taken highest
        bound first until no row left can beat it. No row's text is read."""
        best = 0.0
        for negative_bound, row, content_score in candidates:
            if -negative_bound <= best:
                break
            if row not in self._sizes:
                self._sizes.update(self.corpus.word_counts([row]))
            best = max(best, self._close_bound(row, content_score))
        return best

    def best_of(self, candidates: list[tuple[float, int, float]], floor: float) -> tuple[float, int] | None:
        """(score, row) of the best of one card's candidate rows (from `rows_by_pattern`) scoring at
        least `floor`; None if none does. Rows whose bound cannot beat the best so far are not scored."""
        best: tuple[float, int] | None = None  # (score, -row): the lowest row wins a tie
        for negative_bound, row, content_score in candidates:
            if best is not None and -negative_bound < best[0]:
                break  # the rest are bounded lower still
            if best is not None and self._close_bound(row, content_score) < best[0]:
                continue  # this one cannot beat it either: its text need not be read
            item = (self._score(row, content_score), -row)
            if item[0] >= floor and (best is None or item > best):
                best = item
        return None if best is None else (best[0], -best[1])
