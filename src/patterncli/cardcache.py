"""The compiled cache of card files: one file per card folder.

Parsing YAML and checking the schema is slow, so each file's checked data (or its problems) is
kept under the file's stamp; an unchanged library loads as one small `marshal.loads` of the
cards' heads, and each card's data is read only when it is shown. The cache is only
a cache: anything unreadable, garbled or of the wrong shape is a miss, never an error, and a cache
that cannot be written only costs speed. How the file is framed, read and written: cachefile.py.
"""

from __future__ import annotations

import marshal
import os
import zlib

from . import __version__
from .cachefile import now_ns, pack, read_head, write_cache_file
from .errors import CardFileError, Problem, capped

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from typing import Any, TypeGuard

    PathLike = str | os.PathLike[str]

# The layout of the cache file, the search index kept in it (search/store.py) included, and the
# rules cards are read and checked by (cardfile.py, card.schema.json): a change to any is a new
# number, so every cache is built again once. (14: a JSON card's emoji escaped as surrogates is read.)
CACHE_FORMAT = 14
# How close to the start of the run that wrote the cache (before it read any card file) a file's
# modification time must be for its entry to be checked by content: FAT keeps times to 2 seconds,
# ext3 and SMB to 1 (see CardCache).
RACY_WINDOW_NS = 2_000_000_000
MTIME = 1  # the modification time's place in a cache entry's stamp

Region = list[int]  # [offset from the end of the head, length, CRC-32] of a part of a cache file


def cache_file_for(real_folder: str, cache_dir: str) -> str:
    """One cache file per card folder, so a large library elsewhere never slows down this one."""
    # crc32 rather than hashlib: it is built in and costs nothing at start-up. A collision
    # would only make two folders share one cache file, and entries are keyed by full path.
    digest = zlib.crc32(os.fsencode(real_folder))
    return os.path.join(cache_dir, f"cards-v{CACHE_FORMAT}-{digest:08x}.marshal")


def card_head(data: dict[str, Any]) -> dict[str, Any]:
    """The part of a card's data every run reads: its id (and it normalized, to find the card by),
    name and kind. Not its aliases nor its names normalized (pack_names, kept apart and read only
    when a look-up goes by name: a search through thousands of cards never needs them), nor its
    summary: only `list` shows it, and it would be most of the head."""
    from .resolve import normalize

    return {
        "id": data["id"],
        "key": normalize(str(data["id"])),
        "name": data["name"],
        "kind": data["provenance"]["kind"],
    }


def card_names(data: dict[str, Any]) -> tuple[list[str], list[str]]:
    """A card's aliases, and its id, name and aliases normalized (resolve.normalize), in that order."""
    from .resolve import normalize

    aliases = [str(alias) for alias in data.get("aliases", ())]
    return aliases, [normalize(name) for name in (str(data["id"]), str(data["name"]), *aliases)]


def pack_names(data: dict[str, Any]) -> bytes:
    """card_names in one bytes object: thousands of them unmarshal as thousands of objects, not as
    the tens of thousands of strings they hold."""
    return marshal.dumps(list(card_names(data)))


def unpack_names(packed: object) -> tuple[list[str], list[str]] | None:
    """The aliases and normalized names pack_names packed; None for anything it did not pack."""
    if type(packed) is not bytes:
        return None
    try:
        names = marshal.loads(packed)
    except (ValueError, EOFError, TypeError):
        return None
    if type(names) is not list or len(names) != 2:
        return None
    aliases, keys = names
    if not (_is_text_list(aliases) and _is_text_list(keys) and len(keys) == len(aliases) + 2):
        return None  # the id, the name and each alias
    return aliases, keys


class CardCache:
    """Checked card data by file, in one file per card folder; never fatal when unreadable or
    unwritable.

    The file holds a small head (each card file's stamp and the card's id, name and kind, or its
    problems) and, after it, regions read only when asked for: each card's full data, every card's
    aliases and names normalized (for a look-up by name), and the folder's search index (built by
    search/store.py; this module does not read it). A look-up by id in a library of thousands of
    cards reads the head and the one card it shows.

    Entries are keyed by the folder's real path and the file's name, so a folder reached through a
    link one day and by its own name the next is read from the cache both days. Cached problems
    leave out the file's path: it is put back as the file was reached this time.

    An entry serves while its file's stamp (size, modification and change times, inode) is the
    same, except when the file was modified too close to the time its bytes were read for its time
    stamp to tell (git's "racily clean" entries): a file system keeping times to the second or two
    (FAT, SMB, ext3) gives an edit made in the same second as the read the same stamp. Such an
    entry is served only if the file's bytes still have the CRC-32 kept with it. The time that
    counts is taken when this object is made, before any card file is looked at, and is the one
    the cache is written with. Not the time of the write: that comes after every card is parsed,
    seconds later the first time a large library is read, and an edit made in the second a card
    was read would then look older than the window.
    """

    def __init__(self, path: str | None, real_folder: str) -> None:
        self.started_ns = now_ns()  # before any card file is read: what the cache is written with
        self.path = path
        self.real_folder = real_folder
        self._prefix = os.path.join(real_folder, "")  # a key is this and the file's name
        self.body: bytes | None = None  # the regions, once this run has written them
        self._file: Any = None  # the cache file as it was read, kept open for its regions
        self._body_start = self._size = 0  # where its head ends, and how long it is
        self.names_at: Region | None = None  # where the cards' packed names are (pack_names)
        self.entries, self.written_ns, self.index = self._read() if path else ({}, 0, {})
        self._names: dict[str, Any] | None = None  # the packed names the cache file holds, once read
        self.fresh_names: dict[str, bytes] = {}  # packed names of the cards parsed this run, by key
        self.changed = False
        self.cards_changed = False  # a card's entry added, changed or removed: the index is stale
        self.seen: dict[str, None] = {}  # the keys of the folder's files this run, in name order
        self.fresh: dict[str, dict[str, Any]] = {}  # data parsed (or read) this run, by key

    def _read(self) -> tuple[dict[str, Any], int, dict[str, Region]]:
        """The entries, when the run that wrote them started (nanoseconds since the epoch: before it
        read any card file), and the index's regions."""
        assert self.path is not None
        try:
            file = open(self.path, "rb")  # noqa: SIM115 - kept open: its regions are read later
        except OSError:
            return {}, 0, {}
        stored, size = read_head(file)
        if not isinstance(stored, dict) or stored.get("version") != [CACHE_FORMAT, __version__]:
            file.close()
            return {}, 0, {}
        entries, written_ns, index = stored.get("files"), stored.get("written"), stored.get("index")
        if not isinstance(entries, dict) or not isinstance(written_ns, int) or not isinstance(index, dict):
            file.close()
            return {}, 0, {}
        self._file, self._body_start, self._size = file, file.tell(), size
        names_at = stored.get("names")
        self.names_at = names_at if _is_region(names_at) else None
        return entries, written_ns, {k: v for k, v in index.items() if _is_region(v)}

    def key_of(self, path: str) -> str:
        """The key of a file of the folder, as reached by `path`: its real path."""
        return self._prefix + os.path.basename(path)

    def load(self, path: str, key: str | None = None) -> dict[str, Any]:
        """The head of a card file's checked data (card_head), or CardFileError; from the cache when
        the file is unchanged. `key`: the file's key_of, when the caller has it."""
        key = self.key_of(path) if key is None else key
        self.seen[key] = None
        stamp = _stamp_of(path)
        entry = self.entries.get(key)
        if stamp is None or not _is_well_formed(entry) or entry["stamp"] != stamp:
            entry = None
        elif not self._is_racy(stamp):
            return _cached_result(entry, path)
        # Only now: the reader brings YAML and jsonschema when the text is parsed.
        from .cardfile import parse_card_text, read_card_bytes

        raw, status = read_card_bytes(path)  # CardUnreadable may pass by the next run: never cached
        stamp, crc = _stamp(status), zlib.crc32(raw)  # of the file the bytes were read from
        if entry is not None and entry["crc"] == crc:
            self._settle(stamp)
            return _cached_result(entry, path)
        try:
            data = parse_card_text(raw, path)
        except CardFileError as err:
            problems = [p.to_data() for p in capped(err.problems)]  # the first few: validate reads them all
            self._store(key, {"stamp": stamp, "crc": crc, "problems": problems})
            raise
        self.fresh[key] = data
        self.fresh_names[key] = pack_names(data)
        head = card_head(data)
        self._store(key, {"stamp": stamp, "crc": crc, "card": head})
        return head

    def data(self, path: str) -> dict[str, Any]:
        """The full checked data of a card file `load` found good: kept from this run, or read from
        its region of the cache file. A damaged region means reading the card files again: every
        damaged one at once, and the cache written once (CardFileError if this one cannot be)."""
        key = self.key_of(path)
        found = self.fresh.get(key)
        if found is None:
            found = _card_data(self.region(self.entries.get(key, {}).get("at")))
        if found is None:
            self._repair()
            found = self.fresh.get(key) or self._read_card(key, path)
        self.fresh[key] = found
        return found

    def _read_card(self, key: str, path: str) -> dict[str, Any]:
        """A card file read and checked afresh, its entry stored; CardFileError if it cannot be."""
        from .cardfile import parse_card_text, read_card_bytes

        raw, status = read_card_bytes(path)
        data = parse_card_text(raw, path)
        self._store(key, {"stamp": _stamp(status), "crc": zlib.crc32(raw), "card": card_head(data)})
        self.fresh[key] = data
        self.fresh_names[key] = pack_names(data)
        return data

    def names(self, key: str) -> object:
        """A card's packed names (pack_names): made this run, or as the cache file keeps them; None
        when neither has them (unpack_names tells what is not what was packed)."""
        found = self.fresh_names.get(key)
        if found is not None:
            return found
        if self._names is None:
            stored = _loads_or_none(self.region(self.names_at))
            self._names = stored if type(stored) is dict else {}
        found = self._names.get(key)
        if found is None and key in self.fresh:  # the names were lost, the data is at hand
            found = self.fresh_names[key] = pack_names(self.fresh[key])
        return found

    def _repair(self) -> None:
        """Read again every card of the folder whose data region is damaged, then write the cache."""
        import contextlib  # only here: a damaged cache is rare, and the import costs start-up time

        for key in self.seen:
            entry = self.entries.get(key)
            if key in self.fresh or entry is None or "card" not in entry:
                continue
            data = _card_data(self.region(entry.get("at")))
            if data is not None:
                self.fresh[key] = data
                continue
            # Left out of the cache if it cannot be read: its own look-up says what is wrong with it.
            with contextlib.suppress(CardFileError):
                self._read_card(key, key)  # the key is the file's real path
        self.rebuild()

    def region(self, at: object) -> bytes | None:
        """The bytes of a region of the cache file, or None when they are not what was written."""
        if not _is_region(at):
            return None
        offset, length, crc = at
        raw = self.part(offset, length)
        return raw if len(raw) == length and zlib.crc32(raw) == crc else None

    def part(self, offset: int, length: int) -> bytes:
        """Bytes of the cache file after its head, unchecked (the caller knows their CRC); b"" when
        there is no such file."""
        if self.body is not None:
            return self.body[offset : offset + length]
        if self._file is None:
            return b""
        # Never more than the file holds: a length from a hand-edited head could ask for gigabytes.
        length = max(0, min(length, self._size - self._body_start - offset))
        try:
            self._file.seek(self._body_start + offset)
            return bytes(self._file.read(length))
        except (OSError, ValueError):
            return b""

    def close(self) -> None:
        """Close the cache file kept open for its regions."""
        if self._file is not None:
            self._file.close()
            self._file = None

    def __del__(self) -> None:
        self.close()

    def _is_racy(self, stamp: list[int]) -> bool:
        """Whether the file may have changed after it was read without its time stamp showing it."""
        return stamp[MTIME] >= self.written_ns - RACY_WINDOW_NS

    def _settle(self, stamp: list[int]) -> None:
        """A racy entry found unchanged: once its time is a window older than this run's start (the
        file was read after it), writing the cache again makes it an ordinary entry, served without
        reading the file (until then, rewriting would not)."""
        if stamp[MTIME] < self.started_ns - RACY_WINDOW_NS:
            self.changed = True

    def _store(self, key: str, entry: dict[str, Any]) -> None:
        self.entries[key] = entry
        self.changed = self.cards_changed = True

    def rebuild(self) -> None:
        """Write the cache again without its search index: a part of it was found damaged (the
        next search builds the index again)."""
        self.changed = self.cards_changed = True
        self.save()

    def save_index(self, regions: dict[str, bytes]) -> None:
        """Keep the folder's search index (its regions, built from card_items) in the cache."""
        self.changed = True
        self.save(regions)

    def card_items(self) -> list[tuple[str, dict[str, Any]]]:
        """(key, data) of every good card of the folder, in name order: what the index is built of."""
        return [
            (key, self.data(key))  # the key is the file's real path
            for key in self.seen
            if "card" in self.entries.get(key, {})
        ]

    def save(self, index_regions: dict[str, bytes] | None = None) -> None:
        """Write the cache atomically (temp file, then rename) so a concurrent run never reads half
        a file. The search index is kept only when given: it was built from these very cards; any
        other change to the cache leaves it out, for the next search to build again."""
        for key in set(self.entries).difference(self.seen):  # files deleted from the folder
            del self.entries[key]
            self.changed = self.cards_changed = True
        if not self.path or not self.changed:
            return
        if index_regions is None and not self.cards_changed:
            index_regions = self._kept_index()  # only a time stamp settled: the index still holds
        names = marshal.dumps(
            {
                key: packed
                for key in self.seen
                if "card" in self.entries.get(key, {})
                if type(packed := self.names(key)) is bytes
            }
        )  # read before the cache file is closed
        blobs = self._card_regions()
        offset = sum(map(len, blobs))
        names_at = [offset, len(names), zlib.crc32(names)]
        blobs.append(names)
        offset += len(names)
        index: dict[str, Region] = {}
        for name, region in (index_regions or {}).items():
            index[name] = [offset, len(region), zlib.crc32(region)]
            blobs.append(region)
            offset += len(region)
        # "written" is when this run started, before it read any card file: an entry is racy if its
        # file's time is not a window older than this. Not the time of this write: a file read at the
        # start and edited in that same second would keep its stamp, and look older than the window.
        written = self.started_ns
        # marshal keeps any str, lone surrogates too: a file name that is not UTF-8 survives as it is.
        head = {
            "version": [CACHE_FORMAT, __version__],
            "written": written,
            "files": self.entries,
            "names": names_at,
            "index": index,
        }
        self.close()
        self.body, self.index, self.names_at = b"".join(blobs), index, names_at
        write_cache_file(self.path, pack(head) + self.body)

    def _kept_index(self) -> dict[str, bytes] | None:
        """The search index as the cache file holds it, if it is there whole."""
        regions = {name: self.region(at) for name, at in self.index.items()}
        if not regions or any(region is None for region in regions.values()):
            return None
        return {name: region for name, region in regions.items() if region is not None}

    def _card_regions(self) -> list[bytes]:
        """Each good card's data as it will be written, its entry pointed at it. A card whose data
        is neither read this run nor whole in the cache file is left out: the next run reads its
        file again."""
        blobs: list[bytes] = []
        offset = 0
        for key in self.seen:
            entry = self.entries.get(key)
            if entry is None or "card" not in entry:
                continue
            data = self.fresh.get(key)
            blob = marshal.dumps(data) if data is not None else self.region(entry.get("at"))
            if blob is None or (data is None and _card_data(blob) is None):
                del self.entries[key]
                continue
            entry["at"] = [offset, len(blob), zlib.crc32(blob)]
            blobs.append(blob)
            offset += len(blob)
        return blobs


def _is_region(at: object) -> TypeGuard[Region]:
    return isinstance(at, list) and len(at) == 3 and all(isinstance(n, int) and n >= 0 for n in at)


def _card_data(raw: bytes | None) -> dict[str, Any] | None:
    """A card's data from its region, or None if the region is not a card's data."""
    data = _loads_or_none(raw)
    return data if _looks_like_card(data) else None


def _loads_or_none(raw: bytes | None) -> Any:
    """What marshal wrote in a region, or None for no region or bytes it did not write."""
    if raw is None:
        return None
    try:
        return marshal.loads(raw)
    except (ValueError, EOFError, TypeError):
        return None


def _stamp_of(path: str) -> list[int] | None:
    try:
        return _stamp(os.stat(path))
    except OSError:
        return None  # reading the file will say why


def _stamp(status: os.stat_result) -> list[int]:
    # The change time counts too: a file copied over another with its modification time kept.
    return [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino]


def _cached_result(entry: dict[str, Any], path: str) -> dict[str, Any]:
    """The card head of a cached entry, or its problems as CardFileError, put back at the file's path."""
    if "problems" in entry:
        raise CardFileError([Problem.from_data(path, p) for p in entry["problems"]])
    head: dict[str, Any] = entry["card"]
    return head


def _is_well_formed(entry: Any) -> TypeGuard[dict[str, Any]]:
    """Whether a cache entry has the shape this version writes.

    Anything else (written by another version, edited by hand, garbled on disk) is a miss: the card
    is read again and the entry rewritten, instead of failing on every run from now on. Every run
    checks every entry, so the checks are written out plainly: no generator per field.
    """
    if type(entry) is not dict or type(entry.get("stamp")) is not list or type(entry.get("crc")) is not int:
        return False
    if "card" in entry:
        return _looks_like_head(entry["card"])
    problems = entry.get("problems")
    return isinstance(problems, list) and bool(problems) and all(map(_looks_like_problem, problems))


def _looks_like_head(head: Any) -> bool:
    """The fields every run reads (for look-ups and `list`) have their types."""
    return _names_a_card(head) and type(head.get("key")) is str


def _names_a_card(record: Any) -> bool:
    """An id, a name and a kind, as text: what a card's head and its data both have."""
    return (
        type(record) is dict
        and type(record.get("id")) is str
        and type(record.get("name")) is str
        and type(record.get("kind")) is str
    )


def _looks_like_card(data: Any) -> bool:
    """A card's data has its head's fields and its sections; the rest was checked against the
    schema before it was cached."""
    if not isinstance(data, dict) or not isinstance(data.get("provenance"), dict):
        return False
    head = {**data, "aliases": data.get("aliases", []), "kind": data["provenance"].get("kind")}
    return (
        _names_a_card(head)
        and _is_text_list(head["aliases"])
        and isinstance(data.get("summary", ""), str)
        and isinstance(data.get("sections"), list)
    )


def _looks_like_problem(problem: Any) -> bool:
    return (
        isinstance(problem, dict)
        and isinstance(problem.get("message"), str)
        and all(isinstance(problem.get(f), (int, type(None))) for f in ("line", "column"))
    )


def _is_text_list(value: Any) -> bool:
    return type(value) is list and all(type(v) is str for v in value)
