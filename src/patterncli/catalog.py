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
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple, TypeGuard, TypeVar

from . import __version__
from .errors import CardFileError, CardUnreadable, Problem
from .model import Card, card_from_data

APP_NAME = "patterncli"
PATH_VARIABLE = "PATTERN_PATH"
CACHE_FORMAT = 2
CARD_SUFFIXES = (".yaml", ".yml", ".json")


class CardFolder(NamedTuple):
    path: Path
    origin: str  # "PATTERN_PATH", "user" or "bundled"


def bundled_cards_dir() -> Path:
    """The cards shipped with the package (in a source checkout: the repository's data/)."""
    installed = Path(__file__).parent / "data"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[2] / "data"


def user_cards_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "cards"


def default_cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))


def cache_file_for(real_folder: str, cache_dir: Path) -> Path:
    """One cache file per card folder, so a large library elsewhere never slows down this one."""
    # crc32 rather than hashlib: it is built in and costs nothing at start-up. A collision
    # would only make two folders share one cache file, and entries are keyed by full path.
    digest = zlib.crc32(os.fsencode(real_folder))
    return cache_dir / f"cards-v{CACHE_FORMAT}-{digest:08x}.json"


def card_folders(environ: dict[str, str] | os._Environ[str] | None = None) -> list[CardFolder]:
    environ = os.environ if environ is None else environ
    folders = [
        CardFolder(Path(p).expanduser(), PATH_VARIABLE)
        for p in environ.get(PATH_VARIABLE, "").split(os.pathsep)
        if p.strip()
    ]
    folders.append(CardFolder(user_cards_dir(), "user"))
    folders.append(CardFolder(bundled_cards_dir(), "bundled"))
    return folders


def card_files(folder: CardFolder) -> list[Path]:
    """The card files directly inside a folder, in name order; nothing if it cannot be listed."""
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
            if e.name.endswith(CARD_SUFFIXES) and not e.name.startswith(".") and not _is_folder(e)
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


@dataclass
class Catalog:
    cards: dict[str, LoadedCard]  # the card that wins for each id, in path order
    folders: list[CardFolder]
    overridden: list[tuple[LoadedCard, LoadedCard]] = field(default_factory=list)  # (hidden, winner)
    problems: list[Problem] = field(default_factory=list)

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
    """

    def __init__(self, path: Path | None, real_folder: str) -> None:
        self.path = path
        self.real_folder = real_folder
        self.entries: dict[str, Any] = self._read() if path else {}
        self.changed = False
        self.seen: set[str] = set()

    def _read(self) -> dict[str, Any]:
        assert self.path is not None
        try:
            stored = json.loads(self.path.read_bytes())
        except (OSError, ValueError, RecursionError):  # RecursionError: garbage nested thousands deep
            return {}
        if not isinstance(stored, dict) or stored.get("version") != [CACHE_FORMAT, __version__]:
            return {}
        entries = stored.get("files")
        return entries if isinstance(entries, dict) else {}

    def load(self, path: Path) -> dict[str, Any]:
        """The checked data of a card file, or CardFileError; from the cache when the file is unchanged."""
        key = os.path.join(self.real_folder, path.name)
        self.seen.add(key)
        try:
            st = path.stat()
            stamp = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]  # ctime: a chmod counts too
        except OSError:
            stamp = None
        entry = self.entries.get(key)
        if stamp is not None and _is_well_formed(entry) and entry["stamp"] == stamp:
            if "problems" in entry:
                raise CardFileError([Problem.from_data(str(path), p) for p in entry["problems"]])
            data: dict[str, Any] = entry["data"]
            return data
        try:
            from .cardfile import read_card_file  # only on a cache miss: it brings YAML and jsonschema

            data = read_card_file(path)
        except CardUnreadable:
            raise  # permissions, I/O, a file being replaced: may pass by the next run, so never cached
        except CardFileError as err:
            self._store(key, stamp, {"problems": [p.to_data() for p in err.problems]})
            raise
        self._store(key, stamp, {"data": data})
        return data

    def _store(self, key: str, stamp: list[int] | None, entry: dict[str, Any]) -> None:
        if stamp is not None:
            self.entries[key] = {"stamp": stamp, **entry}
            self.changed = True

    def save(self) -> None:
        """Write the cache atomically (temp file, then rename) so a concurrent run never reads half a file."""
        for key in set(self.entries) - self.seen:  # files deleted from the folder
            del self.entries[key]
            self.changed = True
        if not self.path or not self.changed:
            return
        # ASCII, with \u escapes: a file name that is not UTF-8 holds lone surrogates, which no UTF-8
        # file can store and json.loads turns back into the same name.
        payload = json.dumps({"version": [CACHE_FORMAT, __version__], "files": self.entries})
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            import tempfile  # only when the cache changes: it costs start-up time

            fd, tmp = tempfile.mkstemp(prefix=".cards-", suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    out.write(payload)
                os.replace(tmp, self.path)
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError:
            pass  # a cache we cannot write only costs speed


def _is_well_formed(entry: Any) -> TypeGuard[dict[str, Any]]:
    """Whether a cache entry has the shape this version writes.

    Anything else (written by another version, edited by hand, garbled on disk) is a miss: the card
    is read again and the entry rewritten, instead of failing on every run from now on.
    """
    if not isinstance(entry, dict) or not isinstance(entry.get("stamp"), list):
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
        by_real.setdefault(os.path.realpath(folder.path), folder)
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


Item = TypeVar("Item")
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
