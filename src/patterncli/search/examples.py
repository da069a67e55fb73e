"""The thesaurus's examples beside the cards' lines: what `match` reads.

A card says what a pattern is in a summary's words ("Expects to be rejected by others"); a
clinician notes what happened ("skipped a friend's birthday, sure nobody wanted him there").
Other clinicians' notes on clients with the pattern share far more words with such a trait,
so `match` reads the examples of each card's pattern as lines of that card, after its own
lines, under a title of their own: shown as evidence, they never pass for the card's text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from .index import ITEM, Corpus, IndexedLines, LineIndex, WordSource

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from typing import Any

EXAMPLE_KEY = "thesaurus-example"  # the place of an example: no section of any card has this key
EXAMPLE_TITLE = "Thesaurus example"


def with_examples(
    lines: IndexedLines, names: Mapping[str, str], examples: Mapping[str, Sequence[str]]
) -> IndexedLines:
    """The lines, then the examples of each card among `names` (by card id, in card order)."""
    index = LineIndex()
    for card_id, name in names.items():
        index.add_lines(card_id, name, EXAMPLE_KEY, EXAMPLE_TITLE, examples.get(card_id, ()), ITEM)
    return JoinedLines(lines, index) if len(index) else lines


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
