"""A card folder's search index, kept in its cache: every card's lines, ready to search without
reading the cards.

Built by the first search after the folder's cards change, and kept in the folder's cache
(cardcache.CardCache.save_index), by the very LineIndex and Corpus a search builds in memory, so a search through it finds what an in-memory search finds,
to the score (a test holds the two together). It is kept as three regions of the cache file:

    meta      per row: its kind, its flags and where its normalized text ends; per place (a
              section, or a card's own names): its first row, card, section key and the CRC
              of its rows' text; the cards; the vocabulary, with where each word's rows are
              and their CRC
    postings  for each word of the vocabulary, the rows holding it, once per occurrence
    corpus    the rows' normalized text (index.Corpus)

A search reads `meta` whole (a few megabytes for thousands of cards), the postings of its words
and the normalized text of the places whose rows it scores closely; the cards' own text only for
the lines it shows. Its time then grows with the rows holding the query's words, not with
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

from ..cardcache import loads
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

STORE_FORMAT = 2  # with cardcache.CACHE_FORMAT
_ARRAYS = {  # the meta region's columns, and the item types they may have
    "kinds": "B",
    "flags": "B",
    "ends": "IQ",
    "sizes": "B",
    "place_first": "I",
    "place_card": "I",
    "place_key": "I",
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
    card_list, place_card = [], array("I")
    for number, (key, data) in enumerate(cards):
        first_row, first_place = len(index), len(index.place_info)
        index.add_card(data)
        card_list.append((key, str(data["id"]), first_row, len(index) - first_row))
        place_card.extend([number] * (len(index.place_info) - first_place))
    corpus = Corpus(index.texts)
    keys = list(dict.fromkeys(key for _, _, key, _ in index.place_info))
    key_number = {key: i for i, key in enumerate(keys)}
    # A place's rows follow one another (LineIndex adds a section's rows together), so a place is
    # kept as its first row, and its text as one CRC.
    place_first = array(
        "I", (row for row, place in enumerate(index.places) if not row or index.places[row - 1] != place)
    )
    place_crc = array("I")
    for place, first in enumerate(place_first):
        end = place_first[place + 1] if place + 1 < len(place_first) else len(index)
        place_crc.append(zlib.crc32(corpus.text_between(first, end)))
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
    ends_type = "I" if len(corpus.data) < 1 << 32 else "Q"
    columns = {
        "kinds": index.kinds,
        "flags": array("B", index.flags),
        "ends": array(ends_type, corpus.ends),
        "sizes": sizes,
        "place_first": place_first,
        "place_card": place_card,
        "place_key": array("I", (key_number[key] for _, _, key, _ in index.place_info)),
        "place_crc": place_crc,
        "post_at": post_at,
        "post_crc": post_crc,
    }
    meta = {
        "format": STORE_FORMAT,
        "byteorder": sys.byteorder,
        "cards": card_list,
        "keys": keys,
        "vocabulary": [w.decode("ascii") for w in vocabulary],
        "types": {name: column.typecode for name, column in columns.items()},
        **{name: column.tobytes() for name, column in columns.items()},
    }
    return {"meta": marshal.dumps(meta), "postings": b"".join(parts), "corpus": bytes(corpus.data)}


# Reading -----------------------------------------------------------------------------------


class FolderStore:
    """One folder's stored index, read from its cache."""

    def __init__(self, cache: CardCache) -> None:
        self.cache = cache
        meta = _meta(cache.region(cache.index.get("meta")))
        if meta is None or not all(name in cache.index for name in ("postings", "corpus")):
            raise StoreDamaged("no usable search index")
        self.cards: list[tuple[str, str, int, int]] = meta["cards"]  # key, id, first row, rows
        self.keys: list[str | None] = meta["keys"]
        self.vocabulary: list[str] = meta["vocabulary"]
        # Read in place (memoryview), not copied into arrays: with thousands of cards, megabytes.
        # One-byte columns stay bytes: indexing bytes is quicker still.
        self.columns: dict[str, Sequence[int]] = {
            name: meta[name] if meta["types"][name] == "B" else _column(meta["types"][name], meta[name])
            for name in _ARRAYS
        }
        self.rows = len(self.columns["kinds"])
        self._postings_at = cache.index["postings"][0]
        self._corpus_at = cache.index["corpus"][0]
        self._texts: dict[int, list[bytes]] = {}  # the rows' text of the places read, by place
        if not self._consistent():
            raise StoreDamaged("the search index does not add up")

    def _consistent(self) -> bool:
        """Whether the columns agree in length (values are checked where they are used: a place or
        a kind out of range raises StoreDamaged there, instead of a pass over every row here)."""
        c, rows, places = self.columns, self.rows, len(self.columns["place_first"])
        return (
            all(len(c[name]) == rows for name in ("flags", "ends", "sizes"))
            and all(len(c[name]) == places for name in ("place_card", "place_key", "place_crc"))
            and len(c["post_at"]) == len(self.vocabulary) + 1
            and len(c["post_crc"]) == len(self.vocabulary)
            and all(first >= 0 and first + count <= rows for _, _, first, count in self.cards)
        )

    def rows_of(self, number: int) -> array[int]:
        """The rows holding the vocabulary's word `number`, once per occurrence, in order."""
        start, end = self.columns["post_at"][number], self.columns["post_at"][number + 1]
        raw = self.cache.part(self._postings_at + start, end - start)
        if len(raw) != end - start or zlib.crc32(raw) != self.columns["post_crc"][number]:
            raise StoreDamaged("postings damaged")
        rows = array("I")
        rows.frombytes(raw)
        if rows and max(rows) >= self.rows:
            raise StoreDamaged("a row out of range")
        return rows

    def text_of(self, row: int) -> str:
        """A row's normalized text (its place's text is read, and checked, at once)."""
        place = self._place_of_row(row)
        texts = self._texts.get(place)
        if texts is None:
            texts = self._texts[place] = self._place_texts(place)
        try:
            return texts[row - self.columns["place_first"][place]].decode("ascii")
        except (IndexError, UnicodeDecodeError):
            raise StoreDamaged("corpus damaged") from None

    def _place_texts(self, place: int) -> list[bytes]:
        first = self.columns["place_first"][place]
        end = (
            self.columns["place_first"][place + 1]
            if place + 1 < len(self.columns["place_first"])
            else self.rows
        )
        ends = self.columns["ends"]
        start = ends[first - 1] if first else 0
        raw = self.cache.part(self._corpus_at + start, max(0, ends[end - 1] - 1 - start))
        if zlib.crc32(raw) != self.columns["place_crc"][place]:
            raise StoreDamaged("corpus damaged")
        return raw.split(b"\n")

    def _place_of_row(self, row: int) -> int:
        place = bisect_right(self.columns["place_first"], row) - 1
        if place < 0:
            raise StoreDamaged("a row before the first place")
        return place


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
        and isinstance(meta.get("cards"), list)
        and all(map(_is_card_entry, meta["cards"]))
        and isinstance(meta.get("keys"), list)
        and all(key is None or type(key) is str for key in meta["keys"])
        and isinstance(meta.get("vocabulary"), list)
        and all(type(word) is str for word in meta["vocabulary"])
        and isinstance(meta.get("types"), dict)
        and all(
            isinstance(meta.get(name), bytes) and meta["types"].get(name) in kinds
            for name, kinds in _ARRAYS.items()
        )
    )
    return meta if fields_ok else None


def _is_card_entry(card: object) -> bool:
    """(cache key, id, first row, rows): the shape of a card in the index."""
    return (
        type(card) is tuple
        and len(card) == 4
        and type(card[0]) is str
        and type(card[1]) is str
        and type(card[2]) is int
        and type(card[3]) is int
    )


def _column(kind: str, raw: bytes) -> memoryview[int]:
    """A column of numbers, read where it lies (`kind`: one of the item types in _ARRAYS)."""
    if len(raw) % array(kind).itemsize:
        raise StoreDamaged("a column of the wrong length")
    column: memoryview[int] = memoryview(raw).cast(kind)  # type: ignore[call-overload]  # B, I or Q
    return column


class Part:
    """One folder's rows among the lines searched: where they start, and which of them count."""

    def __init__(self, store: FolderStore, offset: int, allowed: bytearray) -> None:
        self.store, self.offset, self.allowed = store, offset, allowed
        self.everything = allowed.count(0) == 0  # every row searched: its postings serve as they are
        self.firsts = [first for _, _, first, _ in store.cards]


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
        """The kind and place of each of the rows, in one pass per folder (thousands at a time)."""
        kinds: dict[int, str] = {}
        places: dict[int, tuple[str, str | None]] = {}
        for part, part_rows in self.by_part(rows):
            store, offset = part.store, part.offset
            column, place_first = store.columns["kinds"], store.columns["place_first"]
            place_card, place_key = store.columns["place_card"], store.columns["place_key"]
            ids = [card[1] for card in store.cards]
            next_first = 0
            described: tuple[str, str | None] = ("", None)
            try:
                for row in part_rows:
                    local = row - offset
                    if local >= next_first:  # rows are sorted: the place only moves forward
                        place = bisect_right(place_first, local) - 1
                        next_first = place_first[place + 1] if place + 1 < len(place_first) else store.rows
                        described = (ids[place_card[place]], store.keys[place_key[place]])
                    kinds[row] = KINDS[column[local]]
                    places[row] = described
            except IndexError:
                raise StoreDamaged("a kind or place out of range") from None
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

    def word_counts(self, rows: Iterable[int]) -> dict[int, int]:
        counts: dict[int, int] = {}
        for part, part_rows in self.lines.by_part(rows):
            sizes, offset = part.store.columns["sizes"], part.offset
            try:
                counts.update((row, sizes[row - offset]) for row in part_rows)
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
    winners = {
        (id(loaded.cache), loaded.cache.key_of(loaded.path)): loaded for loaded in catalog.cards.values()
    }
    keep = bytes(int(flags & rows[0] == rows[1]) for flags in range(256))
    parts: list[Part] = []
    cards: dict[tuple[int, int], Any] = {}
    offset = 0
    for cache in catalog.caches:
        store = _folder_store(cache)
        if store is None:
            return None
        by_flags = bytearray(bytes(store.columns["flags"]).translate(keep))
        allowed = bytearray(store.rows)
        for number, (key, card_id, first, count) in enumerate(store.cards):
            loaded = winners.get((id(cache), key))
            if loaded is None or loaded.id != card_id or (wanted is not None and card_id not in wanted):
                continue
            allowed[first : first + count] = by_flags[first : first + count]
            cards[len(parts), number] = loaded
        parts.append(Part(store, offset, allowed))
        offset += store.rows
    if len(cards) != len(catalog.cards if wanted is None else wanted & set(catalog.cards)):
        # A card the index does not know: its cache entry was left out of the last save (its data
        # was damaged). This search reads the cards; the next one builds the index again.
        for part in parts:
            part.store.cache.rebuild()
        return None
    return StoredLines(parts, cards)
