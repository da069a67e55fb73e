"""The card path, loading every card on it, and the compiled cache.

Cards are looked for in PATTERN_PATH, then the user's card folder, then the
bundled cards; the first card with a given id wins. Parsing YAML is slow, so
each file's checked data is kept in a cache keyed by the file's real path
(one entry however the folder is reached) and stamped with its size,
modification and change times and inode: an unchanged library loads as one
small `marshal.loads` of the cards' heads (cardcache.py), each card's data is
read when it is used, and an edit is picked up on the next run: a file whose
time is too close to the start of the run that cached it for a coarse time
stamp to show an edit (FAT, SMB) is checked by content.
"""

from __future__ import annotations

import os
import sys
from functools import cached_property

from .cardcache import CardCache, cache_file_for, card_names, unpack_names
from .errors import CardFileError, Problem
from .model import Card, card_from_data
from .record import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from typing import Any, TypeVar

    Item = TypeVar("Item")
    PathLike = str | os.PathLike[str]


APP_NAME = "patterncli"
PATH_VARIABLE = "PATTERN_PATH"
CARD_SUFFIXES = (".yaml", ".yml", ".json")
# Files in a card folder that are not cards: the folder's additions to the search thesaurus.
THESAURUS_FILE = "thesaurus.yaml"
RESERVED_NAMES = frozenset({THESAURUS_FILE})


class CardFolder(Record):
    """A folder on the card path, and where on the path it comes from."""

    __slots__ = ("origin", "path", "unusable")
    _fields = ("path", "origin", "unusable")

    def __init__(self, path: PathLike, origin: str, unusable: str = "") -> None:
        self.path = os.fspath(path)
        self.origin = origin  # "PATTERN_PATH", "user" or "bundled"
        self.unusable = unusable  # why the entry names no folder at all (`~nobody/cards`): only reported


# Paths here are strings (os.path), not pathlib: importing pathlib costs a third of a bare Python
# start, and the catalog is on the path of every look-up and every Tab press.


def bundled_cards_dir() -> str:
    """The cards shipped with the package (in a source checkout: the repository's data/)."""
    here = os.path.dirname(__file__)
    installed = os.path.join(here, "data")
    if os.path.isdir(installed):
        return installed
    return os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__)))), "data")


def user_cards_dir() -> str:
    return os.path.join(_user_folder("data"), "cards")


def default_cache_dir() -> str:
    return _user_folder("cache")


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
        return CardFolder(expanded, PATH_VARIABLE)
    head = expanded.split(os.sep, 1)[0].split(os.altsep or os.sep, 1)[0]
    why = "no home folder is set" if head == "~" else "no such user"
    # Kept to be reported, never read: as a relative path it would name a folder in the current one.
    return CardFolder(entry, PATH_VARIABLE, unusable=f"cannot expand {head}: {why}")


def card_files(folder: CardFolder) -> list[str]:
    """The card files directly inside a folder, in name order; nothing if it cannot be listed."""
    if folder.unusable:
        return []
    try:
        return list_card_files(folder.path)
    except OSError:
        return []


def list_card_files(folder: PathLike) -> list[str]:
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
    within = os.path.join(folder, "")  # the folder and a separator: joined once for thousands of names
    return [within + name for name in names]


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows links: a link to a folder is a folder
    except OSError:
        return False  # reading it will say what is wrong


class LoadedCard:
    """A card as found on the path: where it came from, its head (id, names, kind) and,
    read only when asked for, its checked data.

    A plain class: thousands are made per run, and a generated dataclass costs start-up time.
    """

    def __init__(
        self, head: dict[str, Any], path: str, folder: CardFolder, cache: CardCache, key: str
    ) -> None:
        self.head = head
        self.path = path
        self.folder = folder
        self.cache = cache  # where its data is kept ...
        self.key = key  # ... under this key (its real path)

    def __repr__(self) -> str:
        return f"LoadedCard({self.id!r}, {self.path!r})"

    @property
    def id(self) -> str:
        return str(self.head["id"])

    @property
    def name(self) -> str:
        return str(self.head["name"])

    @property
    def aliases(self) -> list[str]:
        return list(self._names[0])

    @property
    def keys(self) -> list[str]:
        """Its id, name and aliases, normalized (resolve.normalize)."""
        return list(self._names[1])

    @cached_property
    def _names(self) -> tuple[list[str], list[str]]:
        """Unpacked from the cache on first use; from the card's data if the cache's are garbled,
        or are another card's (their first name, the id normalized, is not this card's)."""
        names = unpack_names(self.cache.names(self.key))
        if names is None or names[1][0] != self.head["key"]:
            return card_names(self.data)
        return names

    @property
    def summary(self) -> str:
        """From the card's data: only `list` shows it."""
        return str(self.data.get("summary", ""))

    @property
    def kind(self) -> str:
        """Its provenance kind: transcribed notes or written for this tool."""
        return str(self.head["kind"])

    @cached_property
    def data(self) -> dict[str, Any]:
        """The card's checked data in the file format."""
        return self.cache.data(self.path)

    @cached_property
    def card(self) -> Card:
        return card_from_data(self.data, origin=self.path)


class Catalog:
    """Every card on the path: the winner for each id, what it hides, and the files skipped."""

    def __init__(self, cards: dict[str, LoadedCard], folders: list[CardFolder]) -> None:
        self.cards = cards  # the card that wins for each id, in path order
        self.folders = folders
        self.overridden: list[tuple[LoadedCard, LoadedCard]] = []  # (hidden, winner)
        self.problems: list[Problem] = []
        self.caches: list[CardCache] = []  # each card folder's cache, in path order

    def ids(self) -> list[str]:
        return list(self.cards)

    def resolve(self, query: str) -> str:
        """The id of the card the query names (resolve.resolve_pattern); NotFound otherwise."""
        from .resolve import normalize, resolve_pattern

        cards = self.cards.values()
        # A card's own id beats every other card's names (resolve_pattern's rule, taken first here
        # because the normalized id is in the head: no card's other names need unpacking).
        wanted = normalize(query)
        by_id = [c.id for c in cards if c.head["key"] == wanted]
        if len(by_id) == 1:
            return by_id[0]
        return resolve_pattern(query, [(c.id, c.name, c.aliases) for c in cards], [c.keys for c in cards])

    def get(self, card_id: str) -> Card:
        return self.cards[card_id].card

    def all_cards(self) -> list[Card]:
        return [c.card for c in self.cards.values()]


def cache_folder(cache_dir: PathLike | bool | None) -> str | None:
    """The cache folder a `cache_dir` argument names: True for the user's, None or False for none."""
    if cache_dir is True:
        return default_cache_dir()
    return os.fspath(cache_dir) if cache_dir else None


def unique_folders(folders: list[CardFolder]) -> list[CardFolder]:
    """A folder listed twice (say, in PATTERN_PATH and as the user folder) counts once, where it comes first;
    otherwise each of its cards would override itself."""
    by_real: dict[str, CardFolder] = {}
    for folder in folders:
        by_real.setdefault(folder.unusable or os.path.realpath(folder.path), folder)
    return list(by_real.values())


def read_folder(
    folder: CardFolder, cache_root: str | None
) -> tuple[CardCache | None, list[tuple[str, str, dict[str, Any] | None, list[Problem]]]]:
    """The folder's cache, and (path, cache key, card head or None, problems) for each card file
    of the folder."""
    files = card_files(folder)
    if not files:
        return None, []
    real_folder = os.path.realpath(folder.path)
    cache = CardCache(cache_file_for(real_folder, cache_root) if cache_root else None, real_folder)
    found: list[tuple[str, str, dict[str, Any] | None, list[Problem]]] = []
    for path in files:
        key = cache.key_of(path)
        try:
            found.append((path, key, cache.load(path, key), []))
        except CardFileError as err:
            found.append((path, key, None, list(err.problems)))
    cache.save()
    return cache, found


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


def load_catalog(
    folders: list[CardFolder] | None = None, cache_dir: PathLike | bool | None = True
) -> Catalog:
    """Every card on the path. Broken files become problems; they never stop the others loading.

    cache_dir: True for the user cache folder, None or False to parse every file afresh.
    """
    folders = unique_folders(card_folders() if folders is None else folders)
    cache_root = cache_folder(cache_dir)
    catalog = Catalog(cards={}, folders=folders)
    loaded: list[LoadedCard] = []
    for folder in folders:
        cache, found = read_folder(folder, cache_root)
        if cache is not None:
            catalog.caches.append(cache)
        for path, key, head, problems in found:
            if problems:
                catalog.problems.extend(problems)
            if head is not None and cache is not None:
                loaded.append(LoadedCard(head, path, folder, cache, key))
    hidden: set[int] = set()
    for card, clash, other in id_clashes((c, c.id, c.folder.path) for c in loaded):
        hidden.add(id(card))
        if clash == DUPLICATE:
            catalog.problems.append(Problem(card.path, f"id {card.id!r} is already used by {other.path}"))
        else:
            catalog.overridden.append((card, other))
    catalog.cards = {c.id: c for c in loaded if id(c) not in hidden}
    return catalog
