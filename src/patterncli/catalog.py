"""The card path, loading every card on it, and the compiled cache.

Cards are looked for in PATTERN_PATH, then the user's card folder, then the
bundled cards; the first card with a given id wins. Parsing YAML is slow, so
each file's checked data is kept in a JSON cache keyed by the file's path,
size, modification time and inode: an unchanged library loads as one
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
from typing import Any, NamedTuple, TypeVar

from . import __version__
from .errors import CardFileError, Problem
from .model import Card, card_from_data

APP_NAME = "patterncli"
PATH_VARIABLE = "PATTERN_PATH"
CACHE_FORMAT = 1
CARD_SUFFIXES = (".yaml", ".yml", ".json")
# Files in a card folder that are not cards: the folder's additions to the search thesaurus.
THESAURUS_FILE = "thesaurus.yaml"
RESERVED_NAMES = frozenset({THESAURUS_FILE})


class CardFolder(NamedTuple):
    path: Path
    origin: str  # "PATTERN_PATH", "user" or "bundled"

    @property
    def exists(self) -> bool:
        return self.path.is_dir()


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


def cache_file_for(folder: CardFolder, cache_dir: Path) -> Path:
    """One cache file per card folder, so a large library elsewhere never slows down this one."""
    # crc32 rather than hashlib: it is built in and costs nothing at start-up. A collision
    # would only make two folders share one cache file, and entries are keyed by full path.
    digest = zlib.crc32(str(folder.path.resolve()).encode("utf-8", "surrogateescape"))
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
        with os.scandir(folder.path) as entries:
            names = sorted(
                e.name
                for e in entries
                if e.name.endswith(CARD_SUFFIXES)
                and not e.name.startswith(".")
                and e.name not in RESERVED_NAMES
                and _is_file(e)
            )
    except OSError:
        return []
    return [folder.path / name for name in names]


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


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
    """Checked card data by file, in one JSON file; never fatal when unreadable or unwritable."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.entries: dict[str, Any] = self._read() if path else {}
        self.changed = False
        self.seen: set[str] = set()

    def _read(self) -> dict[str, Any]:
        assert self.path is not None
        try:
            stored = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return {}
        if not isinstance(stored, dict) or stored.get("version") != [CACHE_FORMAT, __version__]:
            return {}
        entries = stored.get("files")
        return entries if isinstance(entries, dict) else {}

    def load(self, path: Path) -> dict[str, Any]:
        """The checked data of a card file, or CardFileError; from the cache when the file is unchanged."""
        key = str(path)
        self.seen.add(key)
        try:
            st = path.stat()
            stamp = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]  # ctime: a chmod counts too
        except OSError:
            stamp = None
        entry = self.entries.get(key)
        if stamp is not None and isinstance(entry, dict) and entry.get("stamp") == stamp:
            if "problems" in entry:
                raise CardFileError([Problem.from_data(p) for p in entry["problems"]])
            data: dict[str, Any] = entry["data"]
            return data
        try:
            from .cardfile import read_card_file  # only on a cache miss: it brings YAML and jsonschema

            data = read_card_file(path)
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
        payload = json.dumps(
            {"version": [CACHE_FORMAT, __version__], "files": self.entries}, ensure_ascii=False
        )
        write_cache_file(self.path, payload)


def write_cache_file(path: Path, payload: str) -> None:
    """Write a cache file atomically (temp file, then rename) so a concurrent run never reads half
    a file; a cache that cannot be written only costs speed, so failing to is no error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        import tempfile  # only when a cache changes: it costs start-up time

        fd, tmp = tempfile.mkstemp(prefix=".cards-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(payload)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass


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
    cache = CardCache(cache_file_for(folder, cache_root) if cache_root else None)
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
