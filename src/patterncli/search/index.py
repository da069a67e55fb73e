"""The searchable lines of cards, column by column, and their text normalized in one piece."""

from __future__ import annotations

import operator
import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from itertools import accumulate, count

from ..model import Card, card_to_data
from ..record import Record
from ..resolve import INVISIBLE

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from typing import Any, overload

ITEM, LABEL = "item", "label"
SECTION_TITLE, SECTION_ALIAS = "section-title", "section-alias"
CARD_NAME, CARD_ALIAS = "card-name", "card-alias"
KINDS = (ITEM, LABEL, SECTION_TITLE, SECTION_ALIAS, CARD_NAME, CARD_ALIAS)
PLACE_KINDS = frozenset({SECTION_TITLE, SECTION_ALIAS, CARD_NAME, CARD_ALIAS})
_KIND_CODES = {kind: code for code, kind in enumerate(KINDS)}

# The therapist's side of a card (what `match --felt` reads): these sections, and every section
# of the relationship group.
THERAPIST_SECTIONS = frozenset(
    {"transference", "countertransference-toward-client", "countertransference-of-therapist"}
)
THERAPIST_GROUP = "relationship"
# What a row's flags say of it, bit by bit.
ABOUT_ANOTHER = 1  # an item about another card (it `refers_to` one), and that item's further lines
THERAPIST_SIDE = 2  # a line of a section on the therapist's side
_VOCABULARY_PIECE = 1 << 20  # bytes of the corpus split at a time for its vocabulary
_CORPUS_PIECE = 4096  # lines normalized at a time

_NON_ASCII = re.compile("[^\x00-\x7f]+")
_CAPITAL = re.compile("[A-Z]")
# One byte table: letters to lower case, digits and newlines kept, anything else a space.
_KEEP = b"abcdefghijklmnopqrstuvwxyz0123456789\n"
_SEPARATORS = b" \n"
_TABLE = bytes(
    b + 32 if 65 <= b <= 90 else b if b in _KEEP else 32  # 65-90: A-Z
    for b in range(256)
)
# A word as shown: letters and digits (with any combining accents, and the invisible characters
# `normalize` drops: "zebra\u200bfish" is one word), apostrophes inside.
TOKEN = re.compile(
    r"(?:[^\W_][\u0300-\u036f\u00ad\u200b-\u200d\u2060\ufeff]*)+"
    r"(?:['’](?:[^\W_][\u0300-\u036f\u00ad\u200b-\u200d\u2060\ufeff]*)+)*"
)


class SearchLine(Record):
    """One searchable line of a card, with where it lives."""

    __slots__ = (
        "kind",
        "pattern",
        "pattern_name",
        "section_key",
        "section_title",
        "text",
    )
    _fields = (
        "pattern",
        "pattern_name",
        "section_key",
        "section_title",
        "text",
        "kind",
    )

    def __init__(
        self,
        pattern: str,
        pattern_name: str,
        section_key: str | None,
        section_title: str | None,
        text: str,
        kind: str,
    ) -> None:
        self.pattern = pattern  # the card's id
        self.pattern_name = pattern_name
        self.section_key = section_key  # None for card-level lines (the card's name and aliases)
        self.section_title = section_title
        self.text = text  # the line as shown
        self.kind = kind  # one of KINDS


class IndexedLines(Sequence[SearchLine]):
    """Lines that tell each row's kind and place without making its SearchLine, and give the
    Corpus to search them by."""

    def describe(self, rows: Iterable[int]) -> tuple[dict[int, str], dict[int, tuple[str, str | None]]]:
        """The kind and the place (card id, section key, None for the card's own names) of each row."""
        raise NotImplementedError

    def make_corpus(self) -> WordSource:
        raise NotImplementedError

    @property
    def row_end(self) -> int:
        """One past the highest row number (rows left out of a stored index have numbers too)."""
        return len(self)


class LineIndex(IndexedLines):
    """The searchable lines of many cards, stored column by column.

    A library of thousands of cards holds hundreds of thousands of lines, and search looks
    closely at only a few of them: the texts are kept as one list (shared with the card data,
    not copied) and a SearchLine is made only for a line that is asked for.
    """

    def __init__(self) -> None:
        self.texts: list[str] = []
        # Per row, as compact arrays (a list of ints holds an object for each): its kind, as an
        # index into KINDS, and its place, as an index into place_info.
        self.kinds = array("B")
        self.flags = bytearray()  # per row: ABOUT_ANOTHER | THERAPIST_SIDE
        self.places = array("i")
        self._flag = 0  # the flags of the rows being added
        self.place_info: list[tuple[str, str, str | None, str | None]] = []  # id, name, key, title

    def add_card(
        self,
        data: Mapping[str, Any],
        sections: Iterable[Mapping[str, Any]] | None = None,
        about_itself: bool = False,
    ) -> None:
        """Add a card's lines, from its data in the file format: name and aliases, then each
        section's title, aliases and items (an item's `more` lines each on their own).
        Only the sections given, with no card-level lines, when `sections` is given; only the
        items about the card itself (none that `refers_to` another card) if `about_itself`."""
        card_id, name = str(data["id"]), str(data["name"])
        if sections is None:
            self._place(card_id, name, None, None)
            self._flag = 0
            self._add(name, CARD_NAME)
            for alias in data.get("aliases", ()):
                self._add(alias, CARD_ALIAS)
        for section in data["sections"] if sections is None else sections:
            self._place(card_id, name, section["key"], section["title"])
            side = THERAPIST_SIDE if is_therapist_side(section) else 0
            self._flag = side
            self._add(section["title"], SECTION_TITLE)
            for alias in section.get("aliases", ()):
                self._add(alias, SECTION_ALIAS)
            for item in section["items"]:
                if isinstance(item, str):
                    self._add(item, ITEM)
                    continue
                if about_itself and item.get("refers_to"):
                    continue
                self._flag = side | (ABOUT_ANOTHER if item.get("refers_to") else 0)
                headed = "label" in item or "name" in item
                self._add(item_text(item), LABEL if headed else ITEM)
                for more in item.get("more", ()):
                    self._add(more, ITEM)
                self._flag = side

    def add_lines(
        self, card_id: str, name: str, key: str, title: str, texts: Iterable[str], kind: str
    ) -> None:
        """Add lines of one kind under a place of their own, with no title line."""
        self._place(card_id, name, key, title)
        added = len(self.texts)
        self.texts.extend(texts)
        added = len(self.texts) - added
        self.kinds.extend([_KIND_CODES[kind]] * added)
        self.flags.extend(bytes(added))
        self.places.extend([len(self.place_info) - 1] * added)

    def _place(self, card_id: str, name: str, key: str | None, title: str | None) -> None:
        self.place_info.append((card_id, name, key, title))

    def _add(self, text: str, kind: str) -> None:
        self.texts.append(text)
        self.kinds.append(_KIND_CODES[kind])
        self.flags.append(self._flag)
        self.places.append(len(self.place_info) - 1)

    def __len__(self) -> int:
        return len(self.texts)

    if TYPE_CHECKING:  # overloads for the type checker; at run time the one below does both

        @overload
        def __getitem__(self, row: int) -> SearchLine: ...

        @overload
        def __getitem__(self, row: slice) -> list[SearchLine]: ...

    def __getitem__(self, row: int | slice) -> SearchLine | list[SearchLine]:
        if isinstance(row, slice):
            return [self[i] for i in range(*row.indices(len(self)))]
        card_id, name, key, title = self.place_info[self.places[row]]
        return SearchLine(card_id, name, key, title, self.texts[row], KINDS[self.kinds[row]])

    def describe(self, rows: Iterable[int]) -> tuple[dict[int, str], dict[int, tuple[str, str | None]]]:
        kinds, places = {}, {}
        for row in rows:
            card_id, _name, key, _title = self.place_info[self.places[row]]
            kinds[row], places[row] = KINDS[self.kinds[row]], (card_id, key)
        return kinds, places

    def make_corpus(self) -> Corpus:
        return Corpus(self.texts)


def is_therapist_side(section: Mapping[str, Any]) -> bool:
    """Whether a section is about the therapist: transference, countertransference and the rest
    of the relationship group."""
    return section["key"] in THERAPIST_SECTIONS or section.get("group") == THERAPIST_GROUP


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
    """What `resolve.normalize` does to case, accents, apostrophes and invisible characters, for
    a text that needs it."""
    text = unicodedata.normalize("NFKD", text.translate(INVISIBLE).casefold())
    # A capital that only decomposition made (from "𝐀") is no letter to `normalize`: a space.
    text = _CAPITAL.sub(" ", text)
    return _NON_ASCII.sub(_drop_combining, text).replace("'", "")


class WordSource:
    """Where a search finds its words: each word with the rows it stands in, and each row's words."""

    def occurrences(self, key: str, whole: bool = False) -> dict[str, Sequence[int]]:
        """The words beginning with `key` (only `key` itself if `whole`), each with the rows it
        stands in (a row once per occurrence)."""
        raise NotImplementedError

    @property
    def vocabulary(self) -> list[str]:
        """Every distinct word, sorted."""
        raise NotImplementedError

    @property
    def words_to_guess(self) -> list[str]:
        """The words a typo may be taken for, sorted: the vocabulary, or more where listing it
        exactly is slow (a word no row holds is found nowhere, and dropped then)."""
        return self.vocabulary

    def words(self, row: int) -> list[str]:
        """A row's normalized words, in order."""
        raise NotImplementedError

    def word_counts(self, rows: Iterable[int]) -> dict[int, int]:
        """How many words each of the rows has (at most 255: enough to bound a length penalty)."""
        return {row: min(len(self.words(row)), 255) for row in rows}


class Corpus(WordSource):
    """The lines' text normalized as one ASCII byte string, one row per line.

    Each row is its text in lower case with accents and apostrophes dropped and every other
    character than a letter or digit made a space: word for word what `resolve.normalize`
    makes of the text. One character stays one byte after folding, so the rows' ends follow
    from the folded texts' lengths, without splitting the whole.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        folded = [t.replace("'", "") if t.isascii() else _fold(t) for t in texts]
        # Normalized a piece at a time into one growing buffer: with thousands of cards the text
        # is tens of megabytes, and whole copies of it (joined, encoded, translated) would set
        # the peak memory.
        self.data = bytearray()
        for start in range(0, len(folded), _CORPUS_PIECE):
            piece = folded[start : start + _CORPUS_PIECE]
            joined = "\n".join(piece)
            if joined.count("\n") != len(piece) - 1:  # a text with a line break of its own
                joined = "\n".join(t.replace("\n", " ") for t in piece)
            if start:
                self.data += b"\n"
            self.data += joined.encode("ascii", "replace").translate(_TABLE)
        # One past each row's newline: the running total of the lengths, plus one per newline.
        # An array, not a list: hundreds of thousands of ints as objects would double the memory.
        self.ends = array("q", map(operator.add, accumulate(map(len, folded)), count(1)))
        self._vocabulary: list[str] | None = None
        self._scans: dict[tuple[str, bool], dict[str, Sequence[int]]] = {}

    @property
    def vocabulary(self) -> list[str]:
        """Every distinct word, sorted (built on first use: it costs a split of everything)."""
        if self._vocabulary is None:
            # A piece at a time: splitting everything at once would hold a bytes object for every
            # word of every line, several times the corpus itself.
            data, words, start = self.data, set(), 0
            while start < len(data):
                end = data.find(b"\n", start + _VOCABULARY_PIECE)
                end = len(data) if end < 0 else end
                words.update(bytes(data[start:end]).split())
                start = end + 1
            self._vocabulary = sorted(w.decode("ascii") for w in words)
        return self._vocabulary

    def words(self, row: int) -> list[str]:
        return self.text_between(row, row + 1).decode("ascii").split()

    def text_between(self, first: int, end: int) -> bytes:
        """The normalized text of rows `first` to `end` (not included), a newline between rows."""
        start = self.ends[first - 1] if first else 0
        return bytes(self.data[start : self.ends[end - 1] - 1])

    def occurrences(self, key: str, whole: bool = False) -> dict[str, Sequence[int]]:
        """The words beginning with `key` (only `key` itself if `whole`), each with the rows it
        stands in (a row once per occurrence). Each scan is done once per corpus: the words of
        several queries (the traits of `match`) often share their beginnings."""
        found = self._scans.get((key, whole))
        if found is None:
            found = self._scans[key, whole] = self._scan(key, whole)
        return found

    def has_words_beginning(self, key: str) -> bool:
        """Whether any word begins with `key`: True unless the vocabulary is built and says not."""
        if self._vocabulary is None:
            return True
        at = bisect_left(self._vocabulary, key)
        return at < len(self._vocabulary) and self._vocabulary[at].startswith(key)

    def _scan(self, key: str, whole: bool) -> dict[str, Sequence[int]]:
        if not self.has_words_beginning(key):
            return {}  # a thesaurus word no card uses: no need to read everything to know
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
