"""The card path, loading every card on it, and the compiled cache.

Cards are looked for in PATTERN_PATH, then the user's card folder, then the
bundled cards; the first card with a given id wins. Parsing YAML is slow, so
each file's checked data is kept in a JSON cache keyed by the file's real path
(one entry however the folder is reached) and stamped with its size,
modification and change times and inode: an unchanged library loads as one
`json.loads`, and any edit is picked up on the next run.
"""

from __future__ import annotations

import json
import os
import sys
import zlib
from functools import cached_property
from pathlib import Path

from . import __version__
from .errors import CardFileError, Problem, capped
from .model import Card, card_from_data
from .record import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from typing import Any, TypeGuard, TypeVar

    Item = TypeVar("Item")


APP_NAME = "patterncli"
PATH_VARIABLE = "PATTERN_PATH"
CACHE_FORMAT = 2
CARD_SUFFIXES = (".yaml", ".yml", ".json")
# How close to the cache write a file's modification time must be for its entry to be checked by
# content: FAT keeps times to 2 seconds, ext3 and SMB to 1 (see CardCache).
RACY_WINDOW_NS = 2_000_000_000
MTIME = 1  # the modification time's place in a cache entry's stamp
TEMP_PREFIX, TEMP_SUFFIX = ".cards-", ".tmp"  # a cache being saved: .cards-PID-XXXXXXXX.tmp
ABANDONED_AFTER_NS = 60_000_000_000  # a save takes milliseconds; a temp file a minute old is left over
# Files in a card folder that are not cards: the folder's additions to the search thesaurus.
THESAURUS_FILE = "thesaurus.yaml"
RESERVED_NAMES = frozenset({THESAURUS_FILE})


class CardFolder(Record):
    """A folder on the card path, and where on the path it comes from."""

    __slots__ = ("origin", "path", "unusable")
    _fields = ("path", "origin", "unusable")

    def __init__(self, path: Path, origin: str, unusable: str = "") -> None:
        self.path = path
        self.origin = origin  # "PATTERN_PATH", "user" or "bundled"
        self.unusable = unusable  # why the entry names no folder at all (`~nobody/cards`): only reported


def bundled_cards_dir() -> Path:
    """The cards shipped with the package (in a source checkout: the repository's data/)."""
    installed = Path(__file__).parent / "data"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[2] / "data"


def user_cards_dir() -> Path:
    return Path(_user_folder("data")) / "cards"


def default_cache_dir() -> Path:
    return Path(_user_folder("cache"))


# On Linux and the BSDs, the XDG rules platformdirs follows are these few lines; importing it (and
# the tempfile module it brings) would cost more than the whole look-up. Elsewhere it decides.
_XDG = {"data": ("XDG_DATA_HOME", "~/.local/share"), "cache": ("XDG_CACHE_HOME", "~/.cache")}


def _user_folder(kind: str) -> str:
    """The user's data or cache folder for this program, as platformdirs would give it."""
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        variable, default = _XDG[kind]
        base = os.environ.get(variable, "").strip() or os.path.expanduser(default)
        return os.path.join(base, APP_NAME)
    import platformdirs

    if kind == "data":
        return platformdirs.user_data_dir(APP_NAME, appauthor=False)
    return platformdirs.user_cache_dir(APP_NAME, appauthor=False)


def cache_file_for(real_folder: str, cache_dir: Path) -> Path:
    """One cache file per card folder, so a large library elsewhere never slows down this one."""
    # crc32 rather than hashlib: it is built in and costs nothing at start-up. A collision
    # would only make two folders share one cache file, and entries are keyed by full path.
    digest = zlib.crc32(os.fsencode(real_folder))
    return cache_dir / f"cards-v{CACHE_FORMAT}-{digest:08x}.json"


def card_folders(environ: dict[str, str] | os._Environ[str] | None = None) -> list[CardFolder]:
    environ = os.environ if environ is None else environ
    folders = [_path_entry(p) for p in environ.get(PATH_VARIABLE, "").split(os.pathsep) if p.strip()]
    folders.append(CardFolder(user_cards_dir(), "user"))
    folders.append(CardFolder(bundled_cards_dir(), "bundled"))
    return folders


def _path_entry(entry: str) -> CardFolder:
    """A PATTERN_PATH entry, with `~` and `~user` expanded."""
    expanded = os.path.expanduser(entry)  # Path.expanduser raises for an unknown user; this leaves it be
    if not expanded.startswith("~"):
        return CardFolder(Path(expanded), PATH_VARIABLE)
    head = expanded.split(os.sep, 1)[0].split(os.altsep or os.sep, 1)[0]
    why = "no home folder is set" if head == "~" else "no such user"
    # Kept to be reported, never read: as a relative path it would name a folder in the current one.
    return CardFolder(Path(entry), PATH_VARIABLE, unusable=f"cannot expand {head}: {why}")


def card_files(folder: CardFolder) -> list[Path]:
    """The card files directly inside a folder, in name order; nothing if it cannot be listed."""
    if folder.unusable:
        return []
    try:
        return list_card_files(folder.path)
    except OSError:
        return []


def list_card_files(folder: Path) -> list[Path]:
    """Every entry of a folder named like a card file, in name order, sub-folders left out.

    Entries that are not readable files (dangling links, FIFOs, devices) are kept: reading them says
    why each is skipped, where leaving them out would skip them silently. OSError if the folder
    cannot be listed.
    """
    with os.scandir(folder) as entries:
        names = sorted(
            e.name
            for e in entries
            if e.name.endswith(CARD_SUFFIXES)
            and not e.name.startswith(".")
            and e.name not in RESERVED_NAMES
            and not _is_folder(e)
        )
    return [folder / name for name in names]


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows links: a link to a folder is a folder
    except OSError:
        return False  # reading it will say what is wrong


class LoadedCard:
    """A card as found on the path: where it came from and its checked data.

    A plain class: thousands are made per run, and a generated dataclass costs start-up time.
    """

    def __init__(self, data: dict[str, Any], path: Path, folder: CardFolder) -> None:
        self.data = data
        self.path = path
        self.folder = folder

    def __repr__(self) -> str:
        return f"LoadedCard({self.id!r}, {str(self.path)!r})"

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def name(self) -> str:
        return str(self.data["name"])

    @property
    def aliases(self) -> list[str]:
        return list(self.data.get("aliases", ()))

    @property
    def summary(self) -> str:
        return str(self.data.get("summary", ""))

    @cached_property
    def card(self) -> Card:
        return card_from_data(self.data, origin=str(self.path))


class Catalog:
    """Every card on the path: the winner for each id, what it hides, and the files skipped."""

    def __init__(self, cards: dict[str, LoadedCard], folders: list[CardFolder]) -> None:
        self.cards = cards  # the card that wins for each id, in path order
        self.folders = folders
        self.overridden: list[tuple[LoadedCard, LoadedCard]] = []  # (hidden, winner)
        self.problems: list[Problem] = []

    def ids(self) -> list[str]:
        return list(self.cards)

    def get(self, card_id: str) -> Card:
        return self.cards[card_id].card

    def all_cards(self) -> list[Card]:
        return [c.card for c in self.cards.values()]

    def override_notes(self) -> list[Problem]:
        return [
            Problem(str(hidden.path), f"card {hidden.id!r} is overridden by {winner.path}", is_note=True)
            for hidden, winner in self.overridden
        ]


class CardCache:
    """Checked card data by file, in one JSON file; never fatal when unreadable or unwritable.

    Entries are keyed by the folder's real path and the file's name, so a folder reached through a
    link one day and by its own name the next is read from the cache both days. Cached problems
    leave out the file's path: it is put back as the file was reached this time.

    An entry serves while its file's stamp (size, modification and change times, inode) is the
    same, except when the file was modified too close to the cache write for its time stamp to
    tell (git's "racily clean" entries): a file system keeping times to the second or two (FAT,
    SMB, ext3) gives an edit made in the same second as the last read the same stamp. Such an
    entry is served only if the file's bytes still have the CRC-32 kept with it.
    """

    def __init__(self, path: Path | None, real_folder: str) -> None:
        self.path = path
        self.real_folder = real_folder
        self.entries, self.written_ns = self._read() if path else ({}, 0)
        self.changed = False
        self.seen: set[str] = set()

    def _read(self) -> tuple[dict[str, Any], int]:
        """The entries, and when they were written (nanoseconds since the epoch)."""
        assert self.path is not None
        try:
            stored = json.loads(self.path.read_bytes())
        except (OSError, ValueError, RecursionError):  # RecursionError: garbage nested thousands deep
            return {}, 0
        if not isinstance(stored, dict) or stored.get("version") != [CACHE_FORMAT, __version__]:
            return {}, 0
        entries, written_ns = stored.get("files"), stored.get("written")
        if not isinstance(entries, dict) or not isinstance(written_ns, int):
            return {}, 0
        return entries, written_ns

    def load(self, path: Path) -> dict[str, Any]:
        """The checked data of a card file, or CardFileError; from the cache when the file is unchanged."""
        key = os.path.join(self.real_folder, path.name)
        self.seen.add(key)
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
            data = parse_card_text(raw, str(path))
        except CardFileError as err:
            problems = [p.to_data() for p in capped(err.problems)]  # the first few: validate reads them all
            self._store(key, {"stamp": stamp, "crc": crc, "problems": problems})
            raise
        self._store(key, {"stamp": stamp, "crc": crc, "data": data})
        return data

    def _is_racy(self, stamp: list[int]) -> bool:
        """Whether the file may have changed after it was read without its time stamp showing it."""
        return stamp[MTIME] >= self.written_ns - RACY_WINDOW_NS

    def _settle(self, stamp: list[int]) -> None:
        """A racy entry found unchanged: once its time is a window old, writing the cache again makes
        it an ordinary entry, served without reading the file (until then, rewriting would not)."""
        if stamp[MTIME] < _now_ns() - RACY_WINDOW_NS:
            self.changed = True

    def _store(self, key: str, entry: dict[str, Any]) -> None:
        self.entries[key] = entry
        self.changed = True

    def save(self) -> None:
        """Write the cache atomically (temp file, then rename) so a concurrent run never reads half a file."""
        for key in set(self.entries) - self.seen:  # files deleted from the folder
            del self.entries[key]
            self.changed = True
        if not self.path or not self.changed:
            return
        # "written" after every file was read: an entry is racy if its file's time is not older than this.
        now_ns = _now_ns()
        # ASCII, with \u escapes: a file name that is not UTF-8 holds lone surrogates, which no UTF-8
        # file can store and json.loads turns back into the same name.
        payload = json.dumps(
            {"version": [CACHE_FORMAT, __version__], "written": now_ns, "files": self.entries}
        )
        write_cache_file(self.path, payload, now_ns)


def write_cache_file(path: Path, payload: str | bytes, now_ns: int | None = None) -> None:
    """Write a cache file atomically (temp file, then rename) so a concurrent run never reads half
    a file; a cache that cannot be written only costs speed, so failing to is no error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_abandoned_temp_files(path.parent, _now_ns() if now_ns is None else now_ns)
        import tempfile  # only when a cache changes: it costs start-up time

        prefix = f"{TEMP_PREFIX}{os.getpid()}-"  # the pid tells a later save whether we are still at it
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=TEMP_SUFFIX, dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(payload.encode("utf-8") if isinstance(payload, str) else payload)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass


def _remove_abandoned_temp_files(cache_dir: Path, now_ns: int) -> None:
    """Delete the temp files of saves that never finished (killed by SIGTERM, a power cut), which
    would otherwise stay for good, each as large as the cache. Only our own: `.cards-PID-*.tmp`
    files older than a minute or whose process is gone."""
    try:
        with os.scandir(cache_dir) as entries:
            ours = [
                e.path for e in entries if e.name.startswith(TEMP_PREFIX) and e.name.endswith(TEMP_SUFFIX)
            ]
    except OSError:
        return
    for path in ours:
        try:
            is_old = now_ns - os.lstat(path).st_mtime_ns > ABANDONED_AFTER_NS
            if is_old or _process_is_gone(_pid_in(os.path.basename(path))):
                os.unlink(path)
        except OSError:
            pass  # gone already (another run cleaned up), or not ours to delete


def _pid_in(temp_name: str) -> int | None:
    pid = temp_name[len(TEMP_PREFIX) :].split("-", 1)[0]
    return int(pid) if pid.isascii() and pid.isdigit() else None


def _process_is_gone(pid: int | None) -> bool:
    # POSIX only: on Windows os.kill ends the process instead of asking after it.
    if pid is None or pid <= 0 or os.name != "posix":
        return False  # unknown: left to the age rule
    try:
        os.kill(pid, 0)  # signal 0: nothing is sent, only whether the process exists is checked
    except ProcessLookupError:
        return True
    except (OSError, OverflowError):  # PermissionError: it exists, as another user's process
        return False
    return False


def _stamp_of(path: Path) -> list[int] | None:
    try:
        return _stamp(os.stat(path))
    except OSError:
        return None  # reading the file will say why


def _stamp(status: os.stat_result) -> list[int]:
    # The change time counts too: a file copied over another with its modification time kept.
    return [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino]


def _now_ns() -> int:
    import time  # only when a cache is written or a racy entry checked

    return time.time_ns()


def _cached_result(entry: dict[str, Any], path: Path) -> dict[str, Any]:
    """The data of a cached entry, or its problems as CardFileError, put back at the file's path."""
    if "problems" in entry:
        raise CardFileError([Problem.from_data(str(path), p) for p in entry["problems"]])
    data: dict[str, Any] = entry["data"]
    return data


def _is_well_formed(entry: Any) -> TypeGuard[dict[str, Any]]:
    """Whether a cache entry has the shape this version writes.

    Anything else (written by another version, edited by hand, garbled on disk) is a miss: the card
    is read again and the entry rewritten, instead of failing on every run from now on.
    """
    if not isinstance(entry, dict) or not isinstance(entry.get("stamp"), list):
        return False
    if not isinstance(entry.get("crc"), int):
        return False
    if "data" in entry:
        return _looks_like_card(entry["data"])
    problems = entry.get("problems")
    return isinstance(problems, list) and bool(problems) and all(map(_looks_like_problem, problems))


def _looks_like_card(data: Any) -> bool:
    """The fields every run reads (for look-ups and `list`) have their types. The rest was checked
    against the schema before it was cached, and is only read for the cards a command shows."""
    return (
        isinstance(data, dict)
        and isinstance(data.get("id"), str)
        and isinstance(data.get("name"), str)
        and isinstance(data.get("summary", ""), str)
        and _is_text_list(data.get("aliases", []))
        and isinstance(data.get("provenance"), dict)
        and isinstance(data["provenance"].get("kind"), str)
        and isinstance(data.get("sections"), list)
    )


def _looks_like_problem(problem: Any) -> bool:
    return (
        isinstance(problem, dict)
        and isinstance(problem.get("message"), str)
        and all(isinstance(problem.get(f), (int, type(None))) for f in ("line", "column"))
    )


def _is_text_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def unique_folders(folders: list[CardFolder]) -> list[CardFolder]:
    """A folder listed twice (say, in PATTERN_PATH and as the user folder) counts once, where it comes first;
    otherwise each of its cards would override itself."""
    by_real: dict[str, CardFolder] = {}
    for folder in folders:
        by_real.setdefault(folder.unusable or os.path.realpath(folder.path), folder)
    return list(by_real.values())


def read_folder(
    folder: CardFolder, cache_root: Path | None
) -> list[tuple[Path, dict[str, Any] | None, list[Problem]]]:
    """(path, checked data or None, problems) for each card file of a folder, through its cache."""
    files = card_files(folder)
    if not files:
        return []
    real_folder = os.path.realpath(folder.path)
    cache = CardCache(cache_file_for(real_folder, cache_root) if cache_root else None, real_folder)
    found: list[tuple[Path, dict[str, Any] | None, list[Problem]]] = []
    for path in files:
        try:
            found.append((path, cache.load(path), []))
        except CardFileError as err:
            found.append((path, None, list(err.problems)))
    cache.save()
    return found


DUPLICATE, OVERRIDE = "duplicate", "override"


def id_clashes(entries: Iterable[tuple[Item, str, str]]) -> Iterator[tuple[Item, str, Item]]:
    """The rules for ids on the card path, for (item, card id, folder) in path order.

    Yields (item, DUPLICATE, first) for a second card with an id in one folder (an error) and
    (item, OVERRIDE, winner) for a card hidden by one in an earlier folder. Items not yielded win.
    """
    winners: dict[str, Item] = {}
    firsts_in_folder: dict[tuple[str, str], Item] = {}
    for item, card_id, folder in entries:
        first = firsts_in_folder.setdefault((folder, card_id), item)
        if first is not item:
            yield item, DUPLICATE, first
            continue
        winner = winners.setdefault(card_id, item)
        if winner is not item:
            yield item, OVERRIDE, winner


def load_catalog(folders: list[CardFolder] | None = None, cache_dir: Path | bool | None = True) -> Catalog:
    """Every card on the path. Broken files become problems; they never stop the others loading.

    cache_dir: True for the user cache folder, None or False to parse every file afresh.
    """
    folders = unique_folders(card_folders() if folders is None else folders)
    cache_root = default_cache_dir() if cache_dir is True else (cache_dir or None)
    catalog = Catalog(cards={}, folders=folders)
    loaded: list[LoadedCard] = []
    for folder in folders:
        for path, data, problems in read_folder(folder, cache_root):
            catalog.problems.extend(problems)
            if data is not None:
                loaded.append(LoadedCard(data, path, folder))
    hidden: set[int] = set()
    for card, clash, other in id_clashes((c, c.id, str(c.folder.path)) for c in loaded):
        hidden.add(id(card))
        if clash == DUPLICATE:
            catalog.problems.append(
                Problem(str(card.path), f"id {card.id!r} is already used by {other.path}")
            )
        else:
            catalog.overridden.append((card, other))
    catalog.cards = {c.id: c for c in loaded if id(c) not in hidden}
    return catalog
