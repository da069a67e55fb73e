"""Full-text search over the lines of cards: the core of `pattern search`.

A line is scored word by word, so word order never matters:

* every query word is found as it is, as another form of its stem
  ("rejection": "rejected"; words of four letters or more), or, only when it
  occurs nowhere as it is, as a word it may misspell (RapidFuzz `ratio`
  within a cutoff; words of four letters or more). The word itself scores
  above a stem or a typo, so "shy" finds "shy", never "she", and "shame"
  puts "shame" before "shaming";
* the words of a line's section title and aliases, and of its card's name
  and aliases, count for the line too, at a discount: "countertransferance
  reassuring" finds "Overly involved in reassuring client" in the section
  "Countertransference toward Insecure Client";
* rare query words weigh more than common ones (IDF over the lines given),
  stop words hardly count, query words standing side by side in the line
  earn a bonus, and a long line loses a little to a short one that says the
  same;
* section titles and aliases, and card names and aliases, score a little
  below an item that matches as well: they point at a place, not a statement.

Speed: the lines are normalized in one piece ("\\n".join, one byte translate);
each query word's first letters are found by one literal regular-expression
scan of that piece, which yields the word's exact and same-stem occurrences
and their lines at once. Only when a word occurs nowhere is the vocabulary
built (one `set(bytes.split())`) and handed to RapidFuzz (`process.extract`,
`processor=None`, `score_cutoff`) for typos. Per-line Python work is done
only for lines holding a matched word, and the costlier part of it (splitting
the line, side-by-side and length checks) only for those that can still make
the top `limit`. RapidFuzz is imported on the first typo, never at import time.
"""

from __future__ import annotations

import heapq
import math
import operator
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate, count, pairwise
from typing import Any, overload

from .errors import UsageProblem
from .model import Card, card_to_data
from .resolve import normalize

ITEM, LABEL = "item", "label"
SECTION_TITLE, SECTION_ALIAS = "section-title", "section-alias"
CARD_NAME, CARD_ALIAS = "card-name", "card-alias"
KINDS = (ITEM, LABEL, SECTION_TITLE, SECTION_ALIAS, CARD_NAME, CARD_ALIAS)

# Tuning. Scores are on a 0-100 scale.
EXACT = 100.0
STEM_BASE, STEM_SPAN = 70.0, 25.0  # stem score: STEM_BASE + STEM_SPAN * shared prefix / longer word
STEM_MIN_PREFIX = 4
STEM_MIN_SHARE = 0.7  # the shared prefix covers at least this much of the shorter word ...
STEM_MIN_SHARE_OF_LONGER = 0.5  # ... and this much of the longer ("count" is no stem of "counterpart")
INEXACT_FACTOR = 0.9  # a stem or typo match counts this much of its similarity
SECTION_CONTEXT = 0.7  # a word found in the line's section title or aliases
CARD_CONTEXT = 0.5  # a word found in the card's name or aliases
PLACE_FACTOR = 0.92  # section titles/aliases and card names/aliases against items
STOP_WEIGHT = 0.15  # a stop word's weight, relative to the mean weight of the other words
WEAK_WEIGHT = 0.5  # a filler word's weight ("keeps", "always"), relative to its IDF weight
ADJACENT_SHARE = 0.08  # share of the score earned by query words standing side by side in the line
LENGTH_PENALTY = 0.25  # per word of the line not matched by the query ...
LENGTH_PENALTY_MAX = 8.0  # ... up to this much
HELD_BONUS = 3.0  # a section title whose items hold query words it lacks itself: the better place
MIN_SCORE = 30.0  # no hit below this ...
MIN_SHARE_OF_BEST = 0.4  # ... nor below this share of the best hit's score


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Stop words count for little; filler words, when the query has other words, for half their weight.
STOP_WORDS = _word_set(
    """a about am an and are as at be been being by did do does doing for from had has have having
    he her him his i in into is it its me my of on or our she so that the their them they this to
    us was we were what when which who with you your"""
)
WEAK_WORDS = _word_set(
    """again also always bit even ever get gets getting got just keep keeping keeps kept lot lots
    much often quite really seem seems still tend tends very"""
)

_PLACE_KINDS = frozenset({SECTION_TITLE, SECTION_ALIAS, CARD_NAME, CARD_ALIAS})
_NON_ASCII = re.compile("[^\x00-\x7f]+")
_CAPITAL = re.compile("[A-Z]")
# One byte table: letters to lower case, digits and newlines kept, anything else a space.
_KEEP = b"abcdefghijklmnopqrstuvwxyz0123456789\n"
_SEPARATORS = b" \n"
_TABLE = bytes(
    b + 32 if 65 <= b <= 90 else b if b in _KEEP else 32  # 65-90: A-Z
    for b in range(256)
)
# A word as shown: letters and digits (with any combining accents), apostrophes inside.
_TOKEN = re.compile(r"(?:[^\W_][\u0300-\u036f]*)+(?:['’](?:[^\W_][\u0300-\u036f]*)+)*")


@dataclass(frozen=True)
class SearchLine:
    """One searchable line of a card, with where it lives."""

    pattern: str  # the card's id
    pattern_name: str
    section_key: str | None  # None for card-level lines (the card's name and aliases)
    section_title: str | None
    text: str  # the line as shown
    kind: str  # one of KINDS


@dataclass(frozen=True)
class Hit:
    line: SearchLine
    score: float  # 0-100
    spans: tuple[tuple[int, int], ...]  # [start, end) ranges in line.text of the words that matched


class LineIndex(Sequence[SearchLine]):
    """The searchable lines of many cards, stored column by column.

    A library of thousands of cards holds hundreds of thousands of lines, and search looks
    closely at only a few of them: the texts are kept as one list (shared with the card data,
    not copied) and a SearchLine is made only for a line that is asked for.
    """

    def __init__(self) -> None:
        self.texts: list[str] = []
        self._kinds: list[str] = []
        self._places: list[int] = []  # row -> index into _place_info
        self._place_info: list[tuple[str, str, str | None, str | None]] = []  # id, name, key, title

    def add_card(self, data: Mapping[str, Any]) -> None:
        """Add a card's lines, from its data in the file format: name and aliases, then each
        section's title, aliases and items (an item's `more` lines each on their own)."""
        card_id, name = str(data["id"]), str(data["name"])
        self._place(card_id, name, None, None)
        self._add(name, CARD_NAME)
        for alias in data.get("aliases", ()):
            self._add(alias, CARD_ALIAS)
        for section in data["sections"]:
            self._place(card_id, name, section["key"], section["title"])
            self._add(section["title"], SECTION_TITLE)
            for alias in section.get("aliases", ()):
                self._add(alias, SECTION_ALIAS)
            for item in section["items"]:
                if isinstance(item, str):
                    self._add(item, ITEM)
                    continue
                headed = "label" in item or "name" in item
                self._add(item_text(item), LABEL if headed else ITEM)
                for more in item.get("more", ()):
                    self._add(more, ITEM)

    def _place(self, card_id: str, name: str, key: str | None, title: str | None) -> None:
        self._place_info.append((card_id, name, key, title))

    def _add(self, text: str, kind: str) -> None:
        self.texts.append(text)
        self._kinds.append(kind)
        self._places.append(len(self._place_info) - 1)

    def __len__(self) -> int:
        return len(self.texts)

    @overload
    def __getitem__(self, row: int) -> SearchLine: ...

    @overload
    def __getitem__(self, row: slice) -> list[SearchLine]: ...

    def __getitem__(self, row: int | slice) -> SearchLine | list[SearchLine]:
        if isinstance(row, slice):
            return [self[i] for i in range(*row.indices(len(self)))]
        card_id, name, key, title = self._place_info[self._places[row]]
        return SearchLine(card_id, name, key, title, self.texts[row], self._kinds[row])


def item_text(item: Mapping[str, Any]) -> str:
    """An item as one search line: "Label: text" or "Name: text" when it has a heading."""
    text = item["text"] if "label" not in item else f"{item['label']}: {item['text']}"
    return text if "name" not in item else f"{item['name']}: {text}"


def line_index(cards: Iterable[Mapping[str, Any]]) -> LineIndex:
    """The lines of every card, from the cards' data in the file format."""
    index = LineIndex()
    for data in cards:
        index.add_card(data)
    return index


def card_lines(card: Card) -> list[SearchLine]:
    """Every searchable line of one card."""
    return list(line_index([card_to_data(card)]))


# The lines, normalized in one piece ---------------------------------------


def _drop_combining(run: re.Match[str]) -> str:
    return "".join(ch for ch in run.group() if not unicodedata.combining(ch)).replace("’", "")


def _fold(text: str) -> str:
    """What `resolve.normalize` does to case, accents and apostrophes, for a text that needs it."""
    text = unicodedata.normalize("NFKD", text.casefold())
    # A capital that only decomposition made (from "𝐀") is no letter to `normalize`: a space.
    text = _CAPITAL.sub(" ", text)
    return _NON_ASCII.sub(_drop_combining, text).replace("'", "")


class Corpus:
    """The lines' text normalized as one ASCII byte string, one row per line.

    Each row is its text in lower case with accents and apostrophes dropped and every other
    character than a letter or digit made a space: word for word what `resolve.normalize`
    makes of the text. One character stays one byte after folding, so the rows' ends follow
    from the folded texts' lengths, without splitting the whole.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        folded = [t.replace("'", "") if t.isascii() else _fold(t) for t in texts]
        joined = "\n".join(folded)
        if joined.count("\n") != len(folded) - 1:  # a text with a line break of its own
            folded = [t.replace("\n", " ") for t in folded]
            joined = "\n".join(folded)
        # Step by step, letting each copy go before the next is made: with thousands of cards
        # the text is tens of megabytes, and three copies at once would set the peak memory.
        encoded = joined.encode("ascii", "replace")
        del joined
        self.data = encoded.translate(_TABLE)
        del encoded
        # One past each row's newline: the running total of the lengths, plus one per newline.
        self.ends = list(map(operator.add, accumulate(map(len, folded)), count(1)))
        self._vocabulary: list[str] | None = None

    @property
    def vocabulary(self) -> list[str]:
        """Every distinct word, sorted (built on first use: it costs a split of everything)."""
        if self._vocabulary is None:
            self._vocabulary = sorted(w.decode("ascii") for w in set(self.data.split()))
        return self._vocabulary

    def words(self, row: int) -> list[str]:
        start = self.ends[row - 1] if row else 0
        return self.data[start : self.ends[row] - 1].decode("ascii").split()

    def occurrences(self, key: str, whole: bool = False) -> dict[str, list[int]]:
        """The words beginning with `key` (only `key` itself if `whole`), each with the rows it
        stands in (a row once per occurrence)."""
        tail = rb"(?![a-z0-9])" if whole else rb"[a-z0-9]*"
        pattern = re.compile(re.escape(key.encode("ascii")) + tail)  # a literal start: a fast scan
        data, ends = self.data, self.ends
        found: dict[bytes, list[int]] = {}
        for match in pattern.finditer(data):
            start = match.start()
            if start and data[start - 1] not in _SEPARATORS:
                continue  # inside a longer word
            found.setdefault(match.group(), []).append(bisect_right(ends, start))
        return {w.decode("ascii"): rows for w, rows in found.items()}


# Matching words ------------------------------------------------------------


def _shared_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def stem_score(a: str, b: str) -> float:
    """How alike two different words are as forms of one stem ("rejection", "rejected"); 0 if not."""
    shared = _shared_prefix(a, b)
    shorter, longer = sorted((len(a), len(b)))
    if shared < max(STEM_MIN_PREFIX, STEM_MIN_SHARE * shorter, STEM_MIN_SHARE_OF_LONGER * longer):
        return 0.0
    return STEM_BASE + STEM_SPAN * shared / longer


def typo_cutoff(word: str) -> float | None:
    """The RapidFuzz `ratio` a word needs to count as a typo of `word` (None: too short to guess)."""
    if len(word) <= 3:
        return None
    if len(word) == 4:
        return 85.0
    return 80.0 if len(word) <= 6 else 75.0


def typos(word: str, vocabulary: Sequence[str]) -> list[tuple[str, float]]:
    """The vocabulary words that `word` may be a misspelling of, with RapidFuzz's `ratio`."""
    cutoff = typo_cutoff(word)
    if cutoff is None:
        return []
    from rapidfuzz import fuzz, process

    found = process.extract(
        word, vocabulary, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff, limit=None
    )
    return [(other, float(score)) for other, score, _ in found if other != word]


Occurrences = dict[int, tuple[float, str]]  # row -> (similarity 0-100, the row's word that matched)


def match_word(corpus: Corpus, word: str) -> Occurrences:
    """Where a query word occurs: exactly, as another form of its stem, or (only when it occurs
    nowhere as it is) as a word it may be a misspelling of."""
    similar: dict[str, float] = {}
    if len(word) < STEM_MIN_PREFIX:
        rows_of = corpus.occurrences(word, whole=True)
        similar = dict.fromkeys(rows_of, EXACT)
    else:
        rows_of = corpus.occurrences(word[:STEM_MIN_PREFIX])
        for other in rows_of:
            score = EXACT if other == word else stem_score(word, other)
            if score:
                similar[other] = score
    if word not in rows_of:
        for other, score in typos(word, corpus.vocabulary):
            if score > similar.get(other, 0.0):
                similar[other] = score
                if other not in rows_of:
                    rows_of.update(corpus.occurrences(other, whole=True))
    found: Occurrences = {}
    for other, score in similar.items():
        for row in rows_of[other]:
            if score > found.get(row, (0.0, ""))[0]:
                found[row] = (score, other)
    return found


# Searching -----------------------------------------------------------------


def query_words(query: str) -> tuple[list[str], list[str]]:
    """The distinct normalized words of a query, and all of them in order; UsageProblem if none."""
    sequence = normalize(query).split()
    if not sequence:
        raise UsageProblem("the search query is empty: give a word or two to look for")
    return list(dict.fromkeys(sequence)), sequence


def search(lines: Sequence[SearchLine], query: str, limit: int = 10) -> list[Hit]:
    """The lines that best match `query`, best first: at most `limit` (all when `limit` < 1),
    only those scoring above a threshold; [] when nothing matches.

    Raises UsageProblem for a query with no words in it."""
    words, sequence = query_words(query)
    if not lines:
        return []
    corpus = Corpus(lines.texts if isinstance(lines, LineIndex) else [line.text for line in lines])
    content = [w for w in words if w not in STOP_WORDS] or words
    stop = [w for w in words if w not in content]
    occurrences = {w: match_word(corpus, w) for w in content}
    candidates: set[int] = set().union(*occurrences.values())
    if not candidates:
        return []
    weights = _weights(content, stop, occurrences, len(lines))
    ranker = _Ranker(lines, corpus, occurrences, weights, stop, sequence)
    scored = ranker.top(candidates, limit)
    best = scored[0][0]
    floor = max(MIN_SCORE, MIN_SHARE_OF_BEST * best)
    return [
        Hit(lines[row], round(score, 2), spans(lines[row].text, ranker.matched_words(row)))
        for score, row in scored
        if score >= floor
    ]


def _weights(
    content: list[str], stop: list[str], occurrences: dict[str, Occurrences], n: int
) -> dict[str, float]:
    """IDF weights of the query words over the `n` lines. A word found nowhere weighs as much as
    the mean found one, a filler word half its IDF, a stop word a fraction of the mean."""
    idf = {w: math.log(1.0 + n / len(occurrences[w])) for w in content if occurrences[w]}
    mean = sum(idf.values()) / len(idf) if idf else 1.0
    weights = {w: idf.get(w, mean) for w in content}
    if len(content) > 1:
        for w in content:
            if w in WEAK_WORDS:
                weights[w] *= WEAK_WEIGHT
    weights.update(dict.fromkeys(stop, STOP_WEIGHT * mean))
    return weights


class _Ranker:
    """Scores candidate rows: first a cheap bound from the scans, then the full score for the
    rows whose bound can still reach the top."""

    def __init__(
        self,
        lines: Sequence[SearchLine],
        corpus: Corpus,
        occurrences: dict[str, Occurrences],
        weights: dict[str, float],
        stop: list[str],
        sequence: list[str],
    ) -> None:
        self.lines, self.corpus, self.occurrences = lines, corpus, occurrences
        self.weights, self.stop = weights, stop
        self.total_weight = sum(weights.values())
        # Query words typed one after the other, to be found side by side in a line (in either
        # order); also each two such words with only stop words between them.
        typed = [w for w in sequence if w in occurrences]
        neighbours = (
            [*pairwise(sequence), *pairwise(typed)] if len(typed) < len(sequence) else pairwise(typed)
        )
        self.pairs = list(dict.fromkeys(tuple(sorted(p)) for p in neighbours if p[0] != p[1]))
        self.sections: dict[tuple[str, str | None], dict[str, float]] = {}
        self.cards: dict[str, dict[str, float]] = {}
        self.held: dict[tuple[str, str | None], set[str]] = {}  # query words each section's items hold

    def _learn_places(self, candidates: Iterable[int]) -> None:
        """What each query word scores in each section's title and aliases and each card's name
        and aliases: the context every line of that section or card shares."""
        lines = self.lines
        for row in candidates:
            line = lines[row]
            if line.kind not in _PLACE_KINDS:
                found_here = {w for w, found in self.occurrences.items() if row in found}
                self.held.setdefault((line.pattern, line.section_key), set()).update(found_here)
                continue
            if line.section_key is None:
                place = self.cards.setdefault(line.pattern, {})
            else:
                place = self.sections.setdefault((line.pattern, line.section_key), {})
            for w, found in self.occurrences.items():
                if row in found:
                    place[w] = max(place.get(w, 0.0), found[row][0])

    def _content_score(self, row: int) -> float:
        """The weighted sum over the (non-stop) query words of how well each is found."""
        line = self.lines[row]
        section = self.sections.get((line.pattern, line.section_key), {})
        card = self.cards.get(line.pattern, {})
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

    def _finish(self, value: float, kind: str, adjacent: float) -> float:
        if self.pairs:
            value = (1 - ADJACENT_SHARE) * value + ADJACENT_SHARE * EXACT * adjacent
        return value * PLACE_FACTOR if kind in _PLACE_KINDS else value

    def _score(self, row: int, content_score: float) -> float:
        words = self.corpus.words(row)
        present = set(words)
        stop_score = sum(self.weights[w] * EXACT for w in self.stop if w in present)
        value = (content_score + stop_score) / self.total_weight
        value = self._finish(
            value, self.lines[row].kind, self._side_by_side(row, words) if self.pairs else 0.0
        )
        unmatched = len(words) - len(self.matched_words(row, stop=True))
        value -= min(LENGTH_PENALTY_MAX, LENGTH_PENALTY * max(0, unmatched))
        return min(EXACT, max(0.0, value + self._held_bonus(row)))

    def _held_bonus(self, row: int) -> float:
        """Among section titles that match alike ("Countertransference toward ... Client" on every
        card), the one whose section holds the query's other words is the place the clinician means."""
        line = self.lines[row]
        if line.kind not in (SECTION_TITLE, SECTION_ALIAS):
            return 0.0
        held = self.held.get((line.pattern, line.section_key), set())
        missing = [w for w in held if row not in self.occurrences[w]]
        return HELD_BONUS * sum(self.weights[w] for w in missing) / self.total_weight

    def _side_by_side(self, row: int, words: list[str]) -> float:
        """The share of the query's neighbouring word pairs that are neighbours in the row too,
        in either order, as they stand or with stop words between them left out: "rejection
        fear" and "fear of rejection" both find "fears of rejection" side by side."""
        matched = {w: found[row][1] for w, found in self.occurrences.items() if row in found}
        matched.update((w, w) for w in self.stop)
        skip = STOP_WORDS.difference(self.occurrences)
        plain = _neighbours(words)
        skipping = _neighbours([w for w in words if w not in skip])
        near = 0
        for a, b in self.pairs:
            if a in matched and b in matched:
                pair = frozenset((matched[a], matched[b]))
                near += pair in plain or pair in skipping
        return near / len(self.pairs)

    def matched_words(self, row: int, stop: bool = False) -> set[str]:
        """The row's (normalized) words that matched a query word; stop words only if `stop`."""
        matched = {found[row][1] for found in self.occurrences.values() if row in found}
        if stop and self.stop:
            matched.update(set(self.stop).intersection(self.corpus.words(row)))
        return matched

    def top(self, candidates: set[int], limit: int) -> list[tuple[float, int]]:
        """(score, row) of the best rows, best first (ties in line order), at most `limit` if >= 1."""
        self._learn_places(candidates)
        stop_total = sum(self.weights[w] * EXACT for w in self.stop)
        bounds = []
        for row in candidates:
            content_score = self._content_score(row)
            kind = self.lines[row].kind
            bound = self._finish((content_score + stop_total) / self.total_weight, kind, 1.0)
            bound += HELD_BONUS if kind in (SECTION_TITLE, SECTION_ALIAS) else 0.0
            bounds.append((-bound, row, content_score))
        bounds.sort()
        scored: list[tuple[float, int]] = []  # a heap of the best `limit`: (score, -row), worst first
        for negative_bound, row, content_score in bounds:
            if 0 < limit <= len(scored) and -negative_bound < scored[0][0]:
                break  # no row left can reach the top
            item = (self._score(row, content_score), -row)
            if limit < 1 or len(scored) < limit:
                heapq.heappush(scored, item)
            elif item > scored[0]:
                heapq.heapreplace(scored, item)
        return [(score, -negative_row) for score, negative_row in sorted(scored, reverse=True)]


def _neighbours(words: list[str]) -> set[frozenset[str]]:
    return {frozenset(pair) for pair in pairwise(words)}


def spans(text: str, words: set[str]) -> tuple[tuple[int, int], ...]:
    """The [start, end) ranges of the words of `text` whose normalized form is in `words`."""
    if not words:
        return ()
    found = []
    for match in _TOKEN.finditer(text):
        norm = normalize(match.group())
        if norm in words or any(part in words for part in norm.split()):
            found.append((match.start(), match.end()))
    return tuple(found)
