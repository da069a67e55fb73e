"""The thesaurus's examples beside the cards' lines: what `match` reads.

A card says what a pattern is in a summary's words ("Expects to be rejected by others"); a
clinician notes what happened ("skipped a friend's birthday, sure nobody wanted him there").
Other clinicians' notes on clients with the pattern share far more words with such a trait,
so `match` reads the examples of each card's pattern as lines of that card, after its own
lines, under a title of their own: shown as evidence, they never pass for the card's text.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence

from .index import ITEM, Corpus, IndexedLines, LineIndex, WordSource

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from typing import Any

    # PackedExamples.pack: (card id, count) pairs, the phrases, the words, their rows, where each starts.
    Packed = tuple[tuple[tuple[str, int], ...], str, str, bytes, bytes]

EXAMPLE_KEY = "thesaurus example"  # the place of an example: no slug, so no section of any card has it
EXAMPLE_TITLE = "Thesaurus example"


def with_examples(
    lines: IndexedLines, names: Mapping[str, str], examples: PackedExamples | None
) -> IndexedLines:
    """The lines, then the examples of each card among `names` (by card id, in card order)."""
    if examples is None:
        return lines
    first_row, at = {}, 0  # each card's first example among all the examples, in their order
    for card_id, count in examples.counts:
        first_row[card_id] = (at, count)
        at += count
    index = ExampleLines(examples)
    for card_id, name in names.items():
        if card_id in first_row:
            index.add_card_examples(card_id, name, *first_row[card_id])
    return JoinedLines(lines, index) if len(index) else lines


class PackedExamples:
    """The examples of one kind, with the rows each of their words stands in, as the cache keeps
    them: a few strings and arrays, which it reads back, and this checks, in a fraction of a
    millisecond (a tuple for each of thousands of words took ten times as long).
    Rows are numbered card after card, in the order of `counts`."""

    def __init__(
        self,
        counts: Sequence[tuple[str, int]],
        phrases: list[str],
        vocabulary: list[str],
        rows: array[int],
        starts: array[int],
    ) -> None:
        self.counts = counts  # (card id, how many examples it has), in the examples' order
        self.phrases = phrases
        self.vocabulary = vocabulary  # sorted
        self.rows, self.starts = rows, starts  # word n's rows: rows[starts[n] : starts[n + 1]]

    @staticmethod
    def pack(by_card: Mapping[str, Sequence[str]]) -> Packed:
        """The examples as the cache keeps them, their words normalized as index.Corpus does."""
        phrases = [p for found in by_card.values() for p in found]
        corpus = Corpus(phrases)
        found: dict[str, list[int]] = {}
        for row in range(len(phrases)):
            for word in corpus.words(row):
                found.setdefault(word, []).append(row)  # a row once per occurrence, as a scan finds it
        vocabulary = sorted(found)
        rows, starts = array("I"), array("I", [0])
        for word in vocabulary:
            rows.extend(found[word])
            starts.append(len(rows))
        counts = tuple((card_id, len(p)) for card_id, p in by_card.items())
        return counts, "\n".join(phrases), " ".join(vocabulary), rows.tobytes(), starts.tobytes()

    @classmethod
    def unpack(cls, packed: Any) -> PackedExamples | None:
        """The examples kept by `pack`; None for anything else (then the book is built again)."""
        try:
            counts, joined, words, raw_rows, raw_starts = packed
            phrases, vocabulary = joined.split("\n") if joined else [], words.split(" ") if words else []
            rows, starts = array("I", raw_rows), array("I", raw_starts)
            total = sum(count for card_id, count in counts if isinstance(card_id, str) and count >= 0)
        except (TypeError, ValueError):
            return None
        if (
            total != len(phrases)
            or len(starts) != len(vocabulary) + 1
            or starts[0] != 0
            or starts[-1] != len(rows)
        ):
            return None
        if rows and max(rows) >= len(phrases):
            return None
        return cls(counts, phrases, vocabulary, rows, starts)

    def rows_of(self, number: int) -> array[int]:
        return self.rows[self.starts[number] : self.starts[number + 1]]


class ExampleLines(IndexedLines):
    """The examples of the cards matched, with their words' rows worked out beforehand (and cached:
    thesaurus.load_examples): a match scans no example for its words."""

    def __init__(self, examples: PackedExamples) -> None:
        self.line_index = LineIndex()
        self.examples = examples
        self.row_of = array("i", [-1]) * len(examples.phrases)  # each example's row here, -1 if unmatched

    def add_card_examples(self, card_id: str, name: str, first: int, count: int) -> None:
        start = len(self.line_index)
        self.row_of[first : first + count] = array("i", range(start, start + count))
        phrases = self.examples.phrases[first : first + count]
        self.line_index.add_lines(card_id, name, EXAMPLE_KEY, EXAMPLE_TITLE, phrases, ITEM)

    def __len__(self) -> int:
        return len(self.line_index)

    def __getitem__(self, row: Any) -> Any:
        return self.line_index[row]

    def describe(self, rows: Iterable[int]) -> tuple[dict[int, str], dict[int, tuple[str, str | None]]]:
        return self.line_index.describe(rows)

    def make_corpus(self) -> ExampleCorpus:
        return ExampleCorpus(self)


class ExampleCorpus(WordSource):
    """The examples' words, from their rows worked out beforehand."""

    def __init__(self, lines: ExampleLines) -> None:
        self.lines = lines
        self._found: dict[tuple[str, bool], dict[str, Sequence[int]]] = {}
        self._words: dict[int, list[str]] = {}

    def occurrences(self, key: str, whole: bool = False) -> dict[str, Sequence[int]]:
        found = self._found.get((key, whole))
        if found is None:
            found = self._found[key, whole] = self._look_up(key, whole)
        return found

    def _look_up(self, key: str, whole: bool) -> dict[str, Sequence[int]]:
        vocabulary, row_of = self.lines.examples.vocabulary, self.lines.row_of
        start = bisect_left(vocabulary, key)
        end = min(start + 1 if whole else bisect_left(vocabulary, key + "\x7f", start), len(vocabulary))
        found: dict[str, Sequence[int]] = {}
        for number in range(start, end):
            word = vocabulary[number]
            if whole and word != key:
                continue
            rows = [row_of[r] for r in self.lines.examples.rows_of(number) if row_of[r] >= 0]
            if rows:
                found[word] = sorted(rows)
        return found

    @property
    def vocabulary(self) -> list[str]:
        """The words of the examples matched (not of every example)."""
        row_of, examples = self.lines.row_of, self.lines.examples
        return [
            word
            for number, word in enumerate(examples.vocabulary)
            if any(row_of[r] >= 0 for r in examples.rows_of(number))
        ]

    @property
    def words_to_guess(self) -> list[str]:
        return self.lines.examples.vocabulary  # more than the vocabulary: allowed, and much quicker

    def words(self, row: int) -> list[str]:
        # Row by row: a match reads the words of a few dozen examples, not of all of them.
        found = self._words.get(row)
        if found is None:
            found = self._words[row] = Corpus([self.lines.line_index.texts[row]]).words(0)
        return found


def is_example(lines: IndexedLines, row: int) -> bool:
    """Whether a row of lines made by with_examples is an example (not a line of a card)."""
    return isinstance(lines, JoinedLines) and row >= lines.split


class JoinedLines(IndexedLines):
    """Two sets of lines as one: the first's rows, then the second's."""

    def __init__(self, first: IndexedLines, second: IndexedLines) -> None:
        # The second's rows are numbered on from the first's highest row number, which is more
        # than its length when a stored index leaves rows out.
        self.first, self.second, self.split = first, second, first.row_end

    def __len__(self) -> int:
        return len(self.first) + len(self.second)

    @property
    def row_end(self) -> int:
        return self.split + self.second.row_end

    def __getitem__(self, row: Any) -> Any:
        if isinstance(row, slice):  # row numbers are no positions (see split)
            raise TypeError("joined lines are looked up by row number, not sliced")
        return self.first[row] if row < self.split else self.second[row - self.split]

    def __iter__(self) -> Any:
        yield from self.first
        yield from self.second

    def describe(self, rows: Iterable[int]) -> tuple[dict[int, str], dict[int, tuple[str, str | None]]]:
        firsts, seconds = _split(rows, self.split)
        kinds, places = self.first.describe(firsts)
        more_kinds, more_places = self.second.describe(seconds)
        kinds.update((row + self.split, kind) for row, kind in more_kinds.items())
        places.update((row + self.split, place) for row, place in more_places.items())
        return kinds, places

    def make_corpus(self) -> JoinedCorpus:
        return JoinedCorpus(self.first.make_corpus(), self.second.make_corpus(), self.split)


class JoinedCorpus(WordSource):
    """The words of two sets of lines as one: the second's rows after the first's."""

    def __init__(self, first: WordSource, second: WordSource, split: int) -> None:
        self.first, self.second, self.split = first, second, split
        self._found: dict[tuple[str, bool], dict[str, Sequence[int]]] = {}
        self._to_guess: list[str] | None = None

    @property
    def parts(self) -> tuple[WordSource, WordSource]:
        return self.first, self.second

    def occurrences(self, key: str, whole: bool = False) -> dict[str, Sequence[int]]:
        found = self._found.get((key, whole))
        if found is None:
            found = self.first.occurrences(key, whole)
            more = self.second.occurrences(key, whole)
            if more:  # most words of a query are in no example: the first's rows serve as they are
                found = dict(found)
                for word, rows in more.items():
                    found[word] = [*found.get(word, ()), *(row + self.split for row in rows)]
            self._found[key, whole] = found
        return found

    @property
    def vocabulary(self) -> list[str]:
        return sorted({*self.first.vocabulary, *self.second.vocabulary})

    @property
    def words_to_guess(self) -> list[str]:
        # Unsorted, and a word may come twice: a typo is guessed among them as a set, and sorting
        # a large library's words (hundreds of thousands) would cost more than the guess.
        if self._to_guess is None:
            self._to_guess = [*self.first.words_to_guess, *self.second.words_to_guess]
        return self._to_guess

    def words(self, row: int) -> list[str]:
        return self.first.words(row) if row < self.split else self.second.words(row - self.split)

    def word_counts(self, rows: Iterable[int]) -> dict[int, int]:
        firsts, seconds = _split(rows, self.split)
        counts = self.first.word_counts(firsts)
        counts.update((row + self.split, n) for row, n in self.second.word_counts(seconds).items())
        return counts


def in_memory_parts(corpus: WordSource) -> list[Corpus]:
    """The corpora held in memory among a corpus's parts (a stored index's are not)."""
    if isinstance(corpus, JoinedCorpus):
        return [part for source in corpus.parts for part in in_memory_parts(source)]
    return [corpus] if isinstance(corpus, Corpus) else []


def _split(rows: Iterable[int], split: int) -> tuple[list[int], list[int]]:
    """The rows before `split`, and those after it counted from `split`."""
    firsts: list[int] = []
    seconds: list[int] = []
    for row in rows:
        if row < split:
            firsts.append(row)
        else:
            seconds.append(row - split)
    return firsts, seconds
