"""Full-text search over the lines of cards: the core of `pattern search`.

A line is scored word by word, so word order never matters:

* every query word is matched against the vocabulary of all lines (exact,
  same stem, or a typo within RapidFuzz's `ratio` cutoff); an exact word
  scores above a stem or a typo, so "shy" finds "shy" and not "she";
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

The lines are normalized in one piece ("\\n".join, one translate), the
vocabulary is one `set(str.split())`, and the lines holding a matched word
are found by one regular-expression scan; only those candidates get per-line
Python work. RapidFuzz is imported on the first search, never at import time.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise

from .errors import UsageProblem
from .model import Card, Entry
from .resolve import normalize

ITEM, LABEL = "item", "label"
SECTION_TITLE, SECTION_ALIAS = "section-title", "section-alias"
CARD_NAME, CARD_ALIAS = "card-name", "card-alias"
KINDS = (ITEM, LABEL, SECTION_TITLE, SECTION_ALIAS, CARD_NAME, CARD_ALIAS)

# Tuning. Scores are on a 0-100 scale.
EXACT = 100.0
STEM_BASE, STEM_SPAN = 70.0, 25.0  # stem score: STEM_BASE + STEM_SPAN * shared prefix / longer word
STEM_MIN_PREFIX = 4
STEM_MIN_SHARE = 0.7  # the shared prefix covers at least this much of the shorter word
INEXACT_FACTOR = 0.9  # a stem or typo match counts this much of its similarity
SECTION_CONTEXT = 0.7  # a word found in the line's section title or aliases
CARD_CONTEXT = 0.5  # a word found in the card's name or aliases
PLACE_FACTOR = 0.92  # section titles/aliases and card names/aliases against items
STOP_WEIGHT = 0.15  # a stop word's weight, relative to the mean weight of the other words
WEAK_WEIGHT = 0.5  # a filler word's weight ("keeps", "always"), relative to its IDF weight
ADJACENT_SHARE = 0.08  # share of the score earned by query words standing side by side in the line
LENGTH_PENALTY = 0.25  # per word of the line not matched by the query ...
LENGTH_PENALTY_MAX = 5.0  # ... up to this much
MIN_SCORE = 30.0  # no hit below this ...
MIN_SHARE_OF_BEST = 0.45  # ... nor below this share of the best hit's score

STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "am",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "do",
        "does",
        "for",
        "from",
        "he",
        "her",
        "him",
        "his",
        "i",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "our",
        "she",
        "so",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "us",
        "was",
        "we",
        "were",
        "what",
        "when",
        "which",
        "who",
        "with",
        "you",
        "your",
    ]
)

WEAK_WORDS = frozenset(
    """again also always bit even ever get gets getting got just keep keeping keeps kept lot lots
    much often quite really seem seems still tend tends very""".split()
)

_PLACE_KINDS = frozenset({SECTION_TITLE, SECTION_ALIAS, CARD_NAME, CARD_ALIAS})
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
# One byte table: letters to lower case, digits and newlines kept, everything else a space.
_KEEP = b"abcdefghijklmnopqrstuvwxyz0123456789\n"
_TABLE = bytes(
    b + 32 if 65 <= b <= 90 else b if b in _KEEP else 32  # 65-90: A-Z
    for b in range(256)
)
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


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


def entry_text(entry: Entry) -> str:
    """An entry as one search line: "Label: text" or "Name: text" when it has a heading."""
    text = entry.text if entry.label is None else f"{entry.label}: {entry.text}"
    return text if entry.name is None else f"{entry.name}: {text}"


def card_lines(card: Card) -> list[SearchLine]:
    """Every searchable line of a card: its name and aliases, then each section's title,
    aliases and items (an item's `more` lines each on their own)."""
    lines = [SearchLine(card.id, card.name, None, None, card.name, CARD_NAME)]
    lines.extend(SearchLine(card.id, card.name, None, None, alias, CARD_ALIAS) for alias in card.aliases)
    for section in card.sections:

        def line(text: str, kind: str, key: str = section.key, title: str = section.title) -> SearchLine:
            return SearchLine(card.id, card.name, key, title, text, kind)

        lines.append(line(section.title, SECTION_TITLE))
        lines.extend(line(alias, SECTION_ALIAS) for alias in section.aliases)
        for entry in section.items:
            headed = entry.label is not None or entry.name is not None
            lines.append(line(entry_text(entry), LABEL if headed else ITEM))
            lines.extend(line(more, ITEM) for more in entry.more)
    return lines


# Normalizing many lines at once -------------------------------------------


def normalize_many(texts: Sequence[str]) -> list[str]:
    """`resolve.normalize` of each text, as far as the words go (word for word the same),
    done on all texts in one piece; words may be separated by more than one space."""
    if not texts:
        return []
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:  # a text with a newline of its own
        joined = "\n".join(t.replace("\n", " ") for t in texts)
    if not joined.isascii():
        joined = unicodedata.normalize("NFKD", joined.casefold())
        joined = _COMBINING.sub("", joined).replace("’", "")
    data = joined.encode("ascii", "replace").translate(_TABLE, b"'")
    return data.decode("ascii").split("\n")


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
    if shared < STEM_MIN_PREFIX or shared < STEM_MIN_SHARE * min(len(a), len(b)):
        return 0.0
    return STEM_BASE + STEM_SPAN * shared / max(len(a), len(b))


def typo_cutoff(word: str) -> float | None:
    """The RapidFuzz `ratio` a vocabulary word needs to count as a typo of `word` (None: exact only)."""
    if len(word) <= 3:
        return None
    if len(word) == 4:
        return 85.0
    return 80.0 if len(word) <= 6 else 75.0


def word_matches(word: str, vocabulary: Sequence[str], known: set[str] | frozenset[str]) -> dict[str, float]:
    """The vocabulary words that `word` matches, with a similarity (0-100).

    `vocabulary` must be sorted (stems are looked up by prefix) and `known` hold the same words.
    """
    found: dict[str, float] = {}
    if word in known:
        found[word] = EXACT
    cutoff = typo_cutoff(word)
    if cutoff is not None:
        from rapidfuzz import fuzz, process

        for other, score, _ in process.extract(
            word, vocabulary, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff, limit=None
        ):
            if other != word:
                found[other] = float(score)
    if len(word) >= STEM_MIN_PREFIX:
        head = word[:STEM_MIN_PREFIX]
        for i in range(bisect_left(vocabulary, head), len(vocabulary)):
            other = vocabulary[i]
            if not other.startswith(head):
                break
            if other != word:
                score = stem_score(word, other)
                if score > found.get(other, 0.0):
                    found[other] = score
    return found


def _scan(normalized: str, ends: list[int], words: Iterable[str]) -> set[int]:
    """The indices of the lines (ending at `ends` in `normalized`) where any of `words` stands as a word."""
    alternatives = sorted(words, key=len, reverse=True)
    if not alternatives:
        return set()
    pattern = re.compile(r"(?:%s)(?![a-z0-9])" % "|".join(map(re.escape, alternatives)))
    hits: set[int] = set()
    for match in pattern.finditer(normalized):
        start = match.start()
        if start and normalized[start - 1] not in " \n":
            continue  # the end of a longer word
        hits.add(bisect_right(ends, start))
    return hits


# Searching -----------------------------------------------------------------


@dataclass
class _Query:
    words: list[str]  # distinct, in query order
    sequence: list[str]  # as typed (normalized), for the side-by-side bonus
    matches: dict[str, dict[str, float]]  # query word -> vocabulary word -> similarity
    scanned: list[str]  # the query words looked for by scanning (not stop words)


def _query(query: str) -> tuple[list[str], list[str]]:
    sequence = normalize(query).split()
    if not sequence:
        raise UsageProblem("the search query is empty: give a word or two to look for")
    return list(dict.fromkeys(sequence)), sequence


def search(lines: Sequence[SearchLine], query: str, limit: int = 10) -> list[Hit]:
    """The lines that best match `query`, best first: at most `limit` (all when `limit` < 1),
    only those scoring above a threshold; [] when nothing matches.

    Raises UsageProblem for a query with no words in it."""
    words, sequence = _query(query)
    if not lines:
        return []
    texts = [line.text for line in lines]
    normalized_lines = normalize_many(texts)
    normalized = "\n".join(normalized_lines)
    ends = list(accumulate(len(s) + 1 for s in normalized_lines))
    known = set(normalized.split())
    vocabulary = sorted(known)

    content = [w for w in words if w not in STOP_WORDS] or words
    matches = {w: word_matches(w, vocabulary, known) for w in content}
    for w in words:
        if w not in matches:  # a stop word: exact only, checked on the candidates
            matches[w] = {w: EXACT} if w in known else {}
    wanted = {v for w in content for v in matches[w]}
    candidates = sorted(_scan(normalized, ends, wanted))
    if not candidates:
        return []

    # Own similarity of each candidate for each query word, and the place (section, card) context.
    own: dict[int, dict[str, tuple[float, str]]] = {}
    section_context: dict[tuple[str, str | None], dict[str, float]] = {}
    card_context: dict[str, dict[str, float]] = {}
    frequency = dict.fromkeys(words, 0)
    for i in candidates:
        line_words = normalized_lines[i].split()
        found: dict[str, tuple[float, str]] = {}
        for w in words:
            table = matches[w]
            best, best_word = 0.0, ""
            for lw in line_words:
                score = table.get(lw, 0.0)
                if score > best:
                    best, best_word = score, lw
            if best:
                found[w] = (best, best_word)
                frequency[w] += 1
        own[i] = found
        line = lines[i]
        if line.kind in _PLACE_KINDS:
            if line.section_key is None:
                place = card_context.setdefault(line.pattern, {})
            else:
                place = section_context.setdefault((line.pattern, line.section_key), {})
            for w, (score, _) in found.items():
                place[w] = max(place.get(w, 0.0), score)

    weights = _weights(words, content, frequency, len(lines))
    total_weight = sum(weights.values())
    pairs = [(a, b) for a, b in pairwise(sequence) if a != b]

    scored: list[tuple[float, int]] = []
    for i in candidates:
        line = lines[i]
        found = own[i]
        section = section_context.get((line.pattern, line.section_key), {})
        card = card_context.get(line.pattern, {})
        total = 0.0
        for w in words:
            score = 0.0
            if w in found:
                similarity = found[w][0]
                score = similarity if similarity >= EXACT else INEXACT_FACTOR * similarity
            if w in section:
                score = max(score, SECTION_CONTEXT * section[w])
            if w in card:
                score = max(score, CARD_CONTEXT * card[w])
            total += weights[w] * score
        value = total / total_weight
        line_words = normalized_lines[i].split()
        if pairs:
            padded = f" {' '.join(line_words)} "
            side_by_side = sum(1 for a, b in pairs if f" {a} {b} " in padded)
            value = (1 - ADJACENT_SHARE) * value + ADJACENT_SHARE * EXACT * side_by_side / len(pairs)
        if line.kind in _PLACE_KINDS:
            value *= PLACE_FACTOR
        unmatched = len(line_words) - len({m for _, m in found.values()})
        value -= min(LENGTH_PENALTY_MAX, LENGTH_PENALTY * max(0, unmatched))
        scored.append((min(EXACT, max(0.0, value)), i))

    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    best = scored[0][0]
    floor = max(MIN_SCORE, MIN_SHARE_OF_BEST * best)
    kept = [(score, i) for score, i in scored if score >= floor]
    if limit >= 1:
        kept = kept[:limit]
    return [
        Hit(lines[i], round(score, 2), spans(lines[i].text, {m for _, m in own[i].values()}))
        for score, i in kept
    ]


def _weights(words: list[str], content: list[str], frequency: dict[str, int], n: int) -> dict[str, float]:
    """IDF weights of the query words; a word found nowhere weighs as much as the mean found one,
    and a stop word (when the query has other words) a fraction of that."""
    idf = {w: math.log(1.0 + n / frequency[w]) for w in content if frequency[w]}
    mean = sum(idf.values()) / len(idf) if idf else 1.0
    weights = {w: idf.get(w, mean) if w in content else STOP_WEIGHT * mean for w in words}
    if len(content) > 1:
        for w in content:
            if w in WEAK_WORDS:
                weights[w] *= WEAK_WEIGHT
    return weights


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
