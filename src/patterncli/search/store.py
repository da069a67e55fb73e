"""A card folder's search index, kept in its cache: every card's lines, ready to search without
reading the cards.

Built by the first search after the folder's cards change, and kept in the folder's cache
(cardcache.CardCache.save_index), by the very LineIndex and Corpus a search builds in memory, so a search through it finds what an in-memory search finds,
to the score (a test holds the two together). It is kept as four regions of the cache file:

    meta      the cards (cache key, id), the section keys and the vocabulary, and where each
              column lies, with its CRC
    columns   per row: its kind, flags and number of words; per card: its first row and how many;
              per place (a section, or a card's own names): its first row, card, section key,
              where its text ends and that text's CRC; per word: where its rows are, and their CRC
    postings  for each word of the vocabulary, the rows holding it, once per occurrence
    corpus    the rows' normalized text (index.Corpus)

A search reads `meta`, the columns it needs (each when first asked for), the postings of its
words and the normalized text of the places whose rows it scores closely; the cards' own text only
for the lines it shows. Its time then grows with the rows holding the query's words, not with
everything the cards say.

Anything damaged (a CRC that does not match, a row out of range) raises StoreDamaged: the caller
searches the cards in memory instead.
"""

from __future__ import annotations

import marshal
import sys
import zlib
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence

from ..cachefile import loads
from .index import (
    ABOUT_ANOTHER,
    KINDS,
    THERAPIST_SIDE,
    Corpus,
    IndexedLines,
    LineIndex,
    SearchLine,
    WordSource,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from typing import Any

    from ..cardcache import CardCache
    from ..catalog import Catalog

STORE_FORMAT = 4  # with cardcache.CACHE_FORMAT
# The columns, and the item types they may have: per row, per card, per place (a section, or a
# card's own names, whose rows follow one another) and per word of the vocabulary.
_COLUMNS = {
    "kinds": "B",
    "flags": "B",
    "sizes": "B",
    "row_place": "I",
    "card_first": "I",
    "card_rows": "I",
    "place_first": "I",
    "place_card": "I",
    "place_key": "I",
    "place_end": "IQ",
    "place_crc": "I",
    "post_at": "Q",
    "post_crc": "I",
}


class StoreDamaged(Exception):
    """A stored index is not what was written: search the cards in memory instead."""


# Building ----------------------------------------------------------------------------------


def build_index(cards: Sequence[tuple[str, Mapping[str, Any]]]) -> dict[str, bytes]:
    """The regions of the search index of a folder's cards, given as (cache key, data) in card order."""
    index = LineIndex()
    card_keys, card_ids, card_first, card_rows, place_card = [], [], array("I"), array("I"), array("I")
    for number, (key, data) in enumerate(cards):
        first_row, first_place = len(index), len(index.place_info)
        index.add_card(data)
        card_keys.append(key)
        card_ids.append(str(data["id"]))
        card_first.append(first_row)
        card_rows.append(len(index) - first_row)
        place_card.extend([number] * (len(index.place_info) - first_place))
    corpus = Corpus(index.texts)
    keys = list(dict.fromkeys(key for _, _, key, _ in index.place_info))
    key_number = {key: i for i, key in enumerate(keys)}
    # A place's rows follow one another (LineIndex adds a section's rows together), so a place is
    # kept as its first row, where its text ends, and its text's CRC.
    place_first = array(
        "I", (row for row, place in enumerate(index.places) if not row or index.places[row - 1] != place)
    )
    place_last = [*(first - 1 for first in place_first[1:]), len(index) - 1] if place_first else []
    row_place = array("I")
    for place, (first, last) in enumerate(zip(place_first, place_last, strict=True)):
        row_place.extend([place] * (last + 1 - first))
    place_end = array("I" if len(corpus.data) < 1 << 32 else "Q", (corpus.ends[last] for last in place_last))
    place_crc = array(
        "I",
        (
            zlib.crc32(corpus.text_between(first, last + 1))
            for first, last in zip(place_first, place_last, strict=True)
        ),
    )
    postings: dict[bytes, list[int]] = {}
    sizes = array("B")  # each row's number of words (255 for more): a bound on its length penalty
    for row in range(len(index)):
        words = corpus.text_between(row, row + 1).split()
        sizes.append(min(len(words), 255))
        for word in words:
            postings.setdefault(word, []).append(row)
    vocabulary = sorted(postings)
    parts, post_at, post_crc = [], array("Q", [0]), array("I")
    for word in vocabulary:
        raw = array("I", postings[word]).tobytes()
        parts.append(raw)
        post_at.append(post_at[-1] + len(raw))
        post_crc.append(zlib.crc32(raw))
    columns = {
        "kinds": index.kinds,
        "flags": array("B", index.flags),
        "sizes": sizes,
        "row_place": row_place,
        "card_first": card_first,
        "card_rows": card_rows,
        "place_first": place_first,
        "place_card": place_card,
        "place_key": array("I", (key_number[key] for _, _, key, _ in index.place_info)),
        "place_end": place_end,
        "place_crc": place_crc,
        "post_at": post_at,
        "post_crc": post_crc,
    }
    # Each column is read, and its CRC checked, only when a search needs it: one that scores no
    # row closely never reads where the places' text ends; one over every row, never the flags.
    packed, at = [], {}
    offset = 0
    for name, column in columns.items():
        raw = column.tobytes()
        at[name] = [column.typecode, offset, len(raw), zlib.crc32(raw)]
        packed.append(raw)
        offset += len(raw)
    meta = {
        "format": STORE_FORMAT,
        "byteorder": sys.byteorder,
        "rows": len(index),
        "card_keys": card_keys,
        "card_ids": card_ids,
        "keys": keys,
        "vocabulary": [w.decode("ascii") for w in vocabulary],
        "columns": at,
    }
    return {
        "meta": marshal.dumps(meta),
        "columns": b"".join(packed),
        "postings": b"".join(parts),
        "corpus": bytes(corpus.data),
    }


# Reading -----------------------------------------------------------------------------------


class FolderStore:
    """One folder's stored index, read from its cache."""

    def __init__(self, cache: CardCache) -> None:
        self.cache = cache
        meta = _meta(cache.region(cache.index.get("meta")))
        if meta is None or not all(name in cache.index for name in ("columns", "postings", "corpus")):
            raise StoreDamaged("no usable search index")
        self.rows: int = meta["rows"]
        self.card_keys: list[str] = meta["card_keys"]  # each card's cache key ...
        self.card_ids: list[str] = meta["card_ids"]  # ... and id, in card order
        self.keys: list[str | None] = meta["keys"]
        self.vocabulary: list[str] = meta["vocabulary"]
        self._column_at: dict[str, list[Any]] = meta["columns"]
        self._columns: dict[str, Sequence[int]] = {}
        self._columns_at = cache.index["columns"][0]
        self._postings_at = cache.index["postings"][0]
        self._corpus_at = cache.index["corpus"][0]
        self._texts: dict[int, list[bytes]] = {}  # the rows' text of the places read, by place
        if not self._consistent():
            raise StoreDamaged("the search index does not add up")

    def column(self, name: str) -> Sequence[int]:
        """One of the index's columns (_COLUMNS), read and checked on first use."""
        found = self._columns.get(name)
        if found is None:
            typecode, offset, length, crc = self._column_at[name]
            raw = self.cache.part(self._columns_at + offset, length)
            if len(raw) != length or zlib.crc32(raw) != crc:
                raise StoreDamaged(f"column {name} damaged")
            found = self._columns[name] = raw if typecode == "B" else _column(typecode, raw)
            if len(found) != self._length_of(name):
                raise StoreDamaged(f"column {name} of the wrong length")
        return found

    def _length_of(self, column: str) -> int:
        """How many items a column holds, from what the index says it has."""
        if column in ("kinds", "flags", "sizes", "row_place"):
            return self.rows
        if column.startswith("card_"):
            return len(self.card_keys)
        if column.startswith("place_"):
            typecode, _, length, _ = self._column_at["place_first"]
            return int(length // array(typecode).itemsize)
        return len(self.vocabulary) + (column == "post_at")

    def _consistent(self) -> bool:
        """Whether the index adds up before any of it is used: each column is as long as the
        rows, cards, places or words it is of, and lies within the columns region, and the cards'
        rows follow one another from the first row to the last. (A column's bytes are checked
        against its CRC when it is read, a value where it is used: a place or a kind out of range
        raises StoreDamaged there.)"""
        if self.rows < 0 or len(self.card_ids) != len(self.card_keys):
            return False
        region = self.cache.index["columns"][1]
        for name in _COLUMNS:
            typecode, offset, length, _ = self._column_at[name]
            if length != self._length_of(name) * array(typecode).itemsize or offset + length > region:
                return False
        expected = 0
        for first, count in zip(self.column("card_first"), self.column("card_rows"), strict=True):
            if first != expected:
                return False
            expected += count
        return expected == self.rows

    def rows_of(self, number: int) -> array[int]:
        """The rows holding the vocabulary's word `number`, once per occurrence, in order."""
        post_at = self.column("post_at")
        start, end = post_at[number], post_at[number + 1]
        raw = self.cache.part(self._postings_at + start, end - start)
        if len(raw) != end - start or zlib.crc32(raw) != self.column("post_crc")[number]:
            raise StoreDamaged("postings damaged")
        rows = array("I")
        rows.frombytes(raw)
        if rows and max(rows) >= self.rows:
            raise StoreDamaged("a row out of range")
        return rows

    def text_of(self, row: int) -> str:
        """A row's normalized text (its place's text is read, and checked, at once)."""
        try:
            place = self.column("row_place")[row]
            texts = self._texts.get(place)
            if texts is None:
                texts = self._texts[place] = self._place_texts(place)
            return texts[row - self.column("place_first")[place]].decode("ascii")
        except (IndexError, UnicodeDecodeError):  # a place out of range: not what was written
            raise StoreDamaged("corpus damaged") from None

    def _place_texts(self, place: int) -> list[bytes]:
        ends = self.column("place_end")
        start = ends[place - 1] if place else 0
        raw = self.cache.part(self._corpus_at + start, max(0, ends[place] - 1 - start))
        if zlib.crc32(raw) != self.column("place_crc")[place]:
            raise StoreDamaged("corpus damaged")
        return raw.split(b"\n")


def _meta(raw: bytes | None) -> dict[str, Any] | None:
    if raw is None:
        return None
    try:
        meta = loads(raw)
    except (ValueError, EOFError, TypeError):
        return None
    fields_ok = (
        isinstance(meta, dict)
        and meta.get("format") == STORE_FORMAT
        and meta.get("byteorder") == sys.byteorder
        and type(meta.get("rows")) is int
        and all(_is_list_of(meta.get(name), str) for name in ("card_keys", "card_ids", "vocabulary"))
        and _is_list_of(meta.get("keys"), str, type(None))
        and isinstance(meta.get("columns"), dict)
        and all(_is_column_at(meta["columns"].get(name), kinds) for name, kinds in _COLUMNS.items())
    )
    return meta if fields_ok else None


def _is_list_of(value: object, *types: type) -> bool:
    # set(map(type, ...)): one pass in C over thousands of cards' keys, ids and words.
    return type(value) is list and set(map(type, value)) <= set(types)


def _is_column_at(at: object, kinds: str) -> bool:
    """[item type, offset, length, CRC] of a column within the columns region."""
    return (
        type(at) is list
        and len(at) == 4
        and type(at[0]) is str
        and len(at[0]) == 1
        and at[0] in kinds
        and all(type(n) is int and n >= 0 for n in at[1:])
    )


def _column(kind: str, raw: bytes) -> memoryview[int]:
    """A column of numbers, read where it lies (`kind`: one of the item types in _COLUMNS)."""
    if len(raw) % array(kind).itemsize:
        raise StoreDamaged("a column of the wrong length")
    column: memoryview[int] = memoryview(raw).cast(kind)  # type: ignore[call-overload]  # B, I or Q
    return column


class Part:
    """One folder's rows among the lines searched: where they start, and which of them count."""

    def __init__(self, store: FolderStore, offset: int, allowed: bytearray) -> None:
        self.store, self.offset, self.allowed = store, offset, allowed
        self.everything = allowed.count(0) == 0  # every row searched: its postings serve as they are
        self.firsts = store.column("card_first")


class StoredLines(IndexedLines):
    """The lines of the cards on the path, from their folders' stored indexes: only the rows of
    the cards that win their id (and of the cards asked for), with the flags asked for.

    Row numbers run on across folders, rows left out included: they are never found, and
    `len` counts only the rows searched, as the in-memory index would hold them."""

    def __init__(self, parts: list[Part], cards: Mapping[tuple[int, int], Any]) -> None:
        self.parts = parts
        self._cards = cards  # (part, card number) -> its LoadedCard, for the lines shown
        self._count = sum(part.allowed.count(1) for part in parts)
        self._shown: dict[tuple[int, int], LineIndex] = {}
        self._offsets = [part.offset for part in parts]
        self.corpus = StoredCorpus(self)

    def __len__(self) -> int:
        return self._count

    @property
    def row_end(self) -> int:
        return self.parts[-1].offset + self.parts[-1].store.rows if self.parts else 0

    def card_ids(self) -> list[str]:
        """The ids of the cards whose rows are searched, in card order."""
        return [self._cards[at, number].id for at, number in sorted(self._cards)]

    def locate(self, row: int) -> tuple[int, int]:
        """(the part holding a row, the row's number within it)."""
        at = bisect_right(self._offsets, row) - 1 if len(self._offsets) > 1 else 0
        return at, row - self._offsets[at]

    def __iter__(self) -> Iterator[SearchLine]:
        """The lines searched, in order (rows left out are skipped)."""
        for part in self.parts:
            for local, kept in enumerate(part.allowed):
                if kept:
                    yield self[part.offset + local]

    def __getitem__(self, row: Any) -> Any:
        if isinstance(row, slice):  # row numbers are no positions: rows left out have numbers too
            raise TypeError("stored lines are looked up by row number, not sliced")
        at, local = self.locate(row)
        part = self.parts[at]
        number = bisect_right(part.firsts, local) - 1
        lines = self._shown.get((at, number))
        if lines is None:  # the card's lines, made by the same code that made the stored ones
            lines = self._shown[at, number] = LineIndex()
            lines.add_card(self._cards[at, number].data)
        return lines[local - part.firsts[number]]

    def by_part(self, rows: Iterable[int]) -> Iterator[tuple[Part, list[int]]]:
        """The rows, sorted, split by the folder part holding them."""
        ordered = sorted(rows)
        for at, part in enumerate(self.parts):
            end = self._offsets[at + 1] if at + 1 < len(self._offsets) else None
            start = bisect_left(ordered, part.offset)
            stop = bisect_left(ordered, end) if end is not None else len(ordered)
            yield part, ordered[start:stop]

    def describe(self, rows: Iterable[int]) -> tuple[dict[int, str], dict[int, tuple[str, str | None]]]:
        """The kind and place of each of the rows, a folder at a time (thousands of rows at once:
        the loops run in map and zip, not row by row in Python)."""
        kinds: dict[int, str] = {}
        places: dict[int, tuple[str, str | None]] = {}
        for part, part_rows in self.by_part(rows):
            store, offset = part.store, part.offset
            place_card, place_key = store.column("place_card"), store.column("place_key")
            local = [row - offset for row in part_rows] if offset else part_rows
            try:
                kinds.update(
                    zip(
                        part_rows,
                        map(KINDS.__getitem__, map(store.column("kinds").__getitem__, local)),
                        strict=True,
                    )
                )
                place_of = list(map(store.column("row_place").__getitem__, local))
                described = {
                    place: (store.card_ids[place_card[place]], store.keys[place_key[place]])
                    for place in set(place_of)
                }
            except IndexError:
                raise StoreDamaged("a kind or place out of range") from None
            places.update(zip(part_rows, map(described.__getitem__, place_of), strict=True))
        return kinds, places

    def make_corpus(self) -> StoredCorpus:
        return self.corpus

    def repair(self) -> None:
        """Build the folders' indexes again: one was found damaged while it was read."""
        for part in self.parts:
            part.store.cache.rebuild()


class StoredCorpus(WordSource):
    """What the search asks of index.Corpus, answered from stored postings instead of a scan."""

    def __init__(self, lines: StoredLines) -> None:
        self.lines = lines
        self._found: dict[tuple[str, bool], dict[str, Sequence[int]]] = {}
        self._vocabulary: list[str] | None = None

    def occurrences(self, key: str, whole: bool = False) -> dict[str, Sequence[int]]:
        """The words beginning with `key` (only `key` itself if `whole`), each with the rows it
        stands in (a row once per occurrence), rows left out left out."""
        found = self._found.get((key, whole))
        if found is None:
            found = self._found[key, whole] = self._look_up(key, whole)
        return found

    def _look_up(self, key: str, whole: bool) -> dict[str, Sequence[int]]:
        # Arrays, not lists: thousands of cards give a common word's beginning a hundred thousand
        # rows, kept for every trait of a match.
        found: dict[str, array[int]] = {}
        for part in self.lines.parts:
            vocabulary = part.store.vocabulary
            start = bisect_left(vocabulary, key)
            end = start + 1 if whole else bisect_left(vocabulary, key + "\x7f", start)
            for number in range(start, min(end, len(vocabulary))):
                word = vocabulary[number]
                if whole and word != key:
                    continue
                rows = part.store.rows_of(number)
                if part.offset or not part.everything:
                    kept = filter(part.allowed.__getitem__, rows)
                    rows = array("I", (part.offset + r for r in kept) if part.offset else kept)
                if rows:
                    found.setdefault(word, array("I")).extend(rows)
        return dict(found)

    @property
    def vocabulary(self) -> list[str]:
        """Every distinct word of the rows searched, sorted (reads every word's rows: for typos only)."""
        if self._vocabulary is None:
            words = set()
            for part in self.lines.parts:
                for number, word in enumerate(part.store.vocabulary):
                    if any(map(part.allowed.__getitem__, part.store.rows_of(number))):
                        words.add(word)
            self._vocabulary = sorted(words)
        return self._vocabulary

    @property
    def words_to_guess(self) -> list[str]:
        """Every word of the folders' indexes, rows left out or not: the exact vocabulary would
        read every word's rows, many times the work of guessing a typo."""
        if len(self.lines.parts) == 1:
            return self.lines.parts[0].store.vocabulary
        return sorted(set().union(*(part.store.vocabulary for part in self.lines.parts)))

    def word_counts(self, rows: Iterable[int]) -> dict[int, int]:
        counts: dict[int, int] = {}
        for part, part_rows in self.lines.by_part(rows):
            sizes, offset = part.store.column("sizes"), part.offset
            try:
                local = [row - offset for row in part_rows] if offset else part_rows
                counts.update(zip(part_rows, map(sizes.__getitem__, local), strict=True))
            except IndexError:
                raise StoreDamaged("a row out of range") from None
        return counts

    def words(self, row: int) -> list[str]:
        at, local = self.lines.locate(row)
        return self.lines.parts[at].store.text_of(local).split()


# Choosing the rows ---------------------------------------------------------------------------

EVERY_ROW = (0, 0)  # (flags looked at, what they must be): search reads every line
ABOUT_ITSELF = (ABOUT_ANOTHER, 0)  # match: no line about another card
FELT = (ABOUT_ANOTHER | THERAPIST_SIDE, THERAPIST_SIDE)  # match --felt: the therapist's side


def _folder_store(cache: CardCache) -> FolderStore | None:
    """A folder's stored index: as its cache holds it, or built now and kept there when the cache
    has none (the cards changed since it was built) or a damaged one. None without a cache."""
    if cache.path is None:
        return None  # building an index to search once costs more than searching in memory
    try:
        return FolderStore(cache)
    except (StoreDamaged, TypeError, ValueError):  # none, or anything but what was written
        pass
    cache.save_index(build_index(cache.card_items()))
    try:
        return FolderStore(cache)
    except (StoreDamaged, TypeError, ValueError):
        return None


def stored_lines(
    catalog: Catalog, rows: tuple[int, int] = EVERY_ROW, patterns: Iterable[str] | None = None
) -> StoredLines | None:
    """The lines of the catalog's cards from their folders' stored indexes: every card that wins
    its id, or only those with the ids in `patterns`; only rows whose flags, masked by rows[0],
    are rows[1]. None when a folder has no usable index (no cache, or a damaged one)."""
    wanted = set(patterns) if patterns is not None else None
    searched: dict[int, dict[str, Any]] = {}  # the cards searched, by their cache and key
    for loaded in catalog.cards.values():
        if wanted is None or loaded.id in wanted:
            searched.setdefault(id(loaded.cache), {})[loaded.key] = loaded
    parts: list[Part] = []
    cards: dict[tuple[int, int], Any] = {}
    offset = 0
    for cache in catalog.caches:
        store = _folder_store(cache)
        if store is None:
            return None
        try:
            allowed, found = _rows_allowed(store, rows, searched.get(id(cache), {}))
        except StoreDamaged:
            cache.rebuild()
            return None
        cards.update(((len(parts), number), loaded) for number, loaded in found.items())
        parts.append(Part(store, offset, allowed))
        offset += store.rows
    if len(cards) != sum(map(len, searched.values())):
        # A card the index does not know: its cache entry was left out of the last save (its data
        # was damaged). This search reads the cards; the next one builds the index again.
        for part in parts:
            part.store.cache.rebuild()
        return None
    return StoredLines(parts, cards)


def _rows_allowed(
    store: FolderStore, rows: tuple[int, int], searched: Mapping[str, Any]
) -> tuple[bytearray, dict[int, Any]]:
    """Which of a folder's rows are searched (1, else 0), and the card searched of each number;
    `searched`: the folder's cards to search, by cache key."""
    allowed = bytearray(store.rows)
    found: dict[int, Any] = {}
    if rows == EVERY_ROW:  # a search reads every row of a card: no flags need reading to say so
        by_flags = b"\x01" * store.rows
    else:
        keep = bytes(int(flags & rows[0] == rows[1]) for flags in range(256))
        by_flags = bytes(store.column("flags")).translate(keep)
    firsts, counts = store.column("card_first"), store.column("card_rows")
    for number, (key, card_id) in enumerate(zip(store.card_keys, store.card_ids, strict=True)):
        loaded = searched.get(key)
        if loaded is not None and loaded.id == card_id:
            first, count = firsts[number], counts[number]
            allowed[first : first + count] = by_flags[first : first + count]
            found[number] = loaded
    return allowed, found
