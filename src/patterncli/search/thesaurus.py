"""The search thesaurus: words and phrases a clinician may use for what a card says otherwise.

It is data a clinician can read and extend: the bundled `data/thesaurus.yaml`, merged with a
`thesaurus.yaml` in any card folder on the card path. The format (see the bundled file):

    groups:                       # each finds every other: they mean nearly the same
      - turned down, rejected, rebuffed
      - [can't say no, setting boundaries]   # a list works too
    one-way:                      # each finds what follows it, not the reverse
      fake: inadequate, incompetent
    risk:                         # one-way, read by search: suicide, self-harm, harm to others
      kill herself: suicide
    observed:                     # what clinicians note of clients with a pattern, by card id
      needy: [texts her partner dozens of times a day]
    felt:                         # the therapist's own reactions to such clients, by card id
      needy: [I dread the emails after hours]

Risk entries are search-only entries that also mark a query as speaking of risk: a search
lists the lines they find first, and `match` says to assess the risk before any pattern (see
risk.py). The examples are what `pattern match` (and `--felt`) reads besides the cards' lines: a trait
written as clinicians write has more words in common with other clinicians' notes than with a
card's summary. Phrases are compared by their normalized words without stop words ("turned her
down" holds "turned down"), and the words by their stems ("turning down" too). Parsed files are
kept in a small JSON cache keyed by each file's stamp, so a search reads YAML only after an edit;
the phrase book built from them, and each kind of examples, in marshal files of their own.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from functools import cache

from .. import __version__
from ..cachefile import now_ns, pack, unpack, write_cache_file
from ..cardcache import RACY_WINDOW_NS
from ..catalog import THESAURUS_FILE, CardFolder, cache_folder, card_folders, unique_folders
from ..errors import CardFileError, Problem
from ..resolve import normalize
from .examples import PackedExamples
from .words import Phrase, PhraseBook, content_words, stemmer_version

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from typing import Any

    # A file's usable content: its groups, and its one-way entries and examples as
    # [phrase or card id, [phrases]].
    Entries = dict[str, list[Any]]
    PathLike = str | os.PathLike[str]

MAX_THESAURUS_BYTES = 1024 * 1024
# Each phrase of a group finds every other, so a group costs its size squared: a file from a shared
# folder with one group of 5,000 words took gigabytes. The bundled groups hold at most a dozen
# phrases, and the bundled file links about 5,000 pairs.
MAX_PHRASES = 40  # in a group, or found by one entry
MAX_PAIRS = 20_000  # in one file
# 2: the examples; 3: a file's mistakes cost only their own entries; 4: examples too; 5: search-only;
# 6: risk; 7: example ids in lower case, entries finding only themselves left out; 8: framed as
# every cache is (marshal and a CRC), not JSON
CACHE_FORMAT = 8
GROUPS, ONE_WAY, SEARCH_ONLY, RISK = "groups", "one-way", "search-only", "risk"
OBSERVED, FELT = "observed", "felt"  # examples, by card id: what clinicians note; what they feel
EXAMPLES = (OBSERVED, FELT)
_FORMAT = (
    f"a thesaurus holds `{GROUPS}` (lists of phrases), `{ONE_WAY}`, `{SEARCH_ONLY}` and `{RISK}`"
    " (phrase: phrases),"
    f" and examples by card id in `{OBSERVED}` and `{FELT}` (id: phrases)"
)


class Thesaurus:
    """For each phrase (its content words), the phrases it also finds."""

    def __init__(self, links: Mapping[Phrase, Iterable[Phrase]] | None = None) -> None:
        self.links: dict[Phrase, set[Phrase]] = {k: set(v) for k, v in (links or {}).items()}
        # One-way entries that `search` reads and `match` does not (SEARCH_ONLY and RISK).
        self.search_links: dict[Phrase, set[Phrase]] = {}
        self._search_book: PhraseBook | None = None
        # The RISK entries: a query holding one of these phrases speaks of a risk (suicide, self-harm,
        # harm to others).
        # In the order written: an entry's first target is searched first ("violence" before
        # "abusive": the lines on a client's own violence before those on a client abused).
        self.risk_links: dict[Phrase, dict[Phrase, None]] = {}
        self._risk_book: PhraseBook | None = None
        # The examples by kind (OBSERVED, FELT), then by card id, in the order the files give them.
        self.examples: dict[str, dict[str, list[str]]] = {kind: {} for kind in EXAMPLES}
        self._book: PhraseBook | None = None
        # The files with mistakes, each with whether any of it could be used.
        self.flawed: list[tuple[str, bool]] = []

    def phrase_book(self, searching: bool = False) -> PhraseBook:
        """The thesaurus ready for matching, made once (it stems every phrase); `searching`: with
        the search-only entries too."""
        if searching and self.search_links:
            if self._search_book is None:
                merged = Thesaurus(self.links)
                for phrase, others in self.search_links.items():
                    merged._link(phrase, others)
                self._search_book = PhraseBook(merged.links)
                self._search_book.flawed = tuple(self.flawed)
            return self._search_book
        if self._book is None:
            self._book = PhraseBook(self.links)
            self._book.flawed = tuple(self.flawed)
        return self._book

    def risk_book(self) -> PhraseBook:
        """The risk entries ready for finding in a query (risk.py), made once."""
        if self._risk_book is None:
            self._risk_book = PhraseBook(self.risk_links, in_written_order=True)
        return self._risk_book

    @classmethod
    def from_entries(cls, entries: Entries) -> Thesaurus:
        thesaurus = cls()
        thesaurus.add(entries)
        return thesaurus

    def add(self, entries: Entries) -> None:
        """Merge a file's groups (each phrase finds every other) and one-way entries."""
        for group in entries.get(GROUPS, ()):
            phrases = [_phrase(p) for p in group]
            for phrase in phrases:
                self._link(phrase, phrases)
        for source, targets in entries.get(ONE_WAY, ()):
            self._link(_phrase(source), [_phrase(t) for t in targets])
        for key in (SEARCH_ONLY, RISK):
            for source, targets in entries.get(key, ()):
                self._search_book = None
                found = self.search_links.setdefault(_phrase(source), set())
                found.update(p for p in map(_phrase, targets) if p and p != _phrase(source))
        for source, targets in entries.get(RISK, ()):
            self._risk_book = None  # a risk phrase may find itself: "suicide: suicide, self-harm"
            targets_found = dict.fromkeys(p for p in map(_phrase, targets) if p)
            self.risk_links.setdefault(_phrase(source), {}).update(targets_found)
        for kind in EXAMPLES:
            for card_id, phrases in entries.get(kind, ()):
                self._book = None
                known = self.examples[kind].setdefault(card_id, [])
                known.extend(p for p in phrases if p not in known)

    def _link(self, phrase: Phrase, others: Iterable[Phrase]) -> None:
        self._book = self._search_book = None
        found = self.links.setdefault(phrase, set())
        found.update(p for p in others if p and p != phrase)

    def also_finds(self, phrase: str) -> set[str]:
        """What a phrase also finds, as normalized phrases (stems aside)."""
        return {" ".join(p) for p in self.links.get(_phrase(phrase), ())}


def _phrase(text: str) -> Phrase:
    return tuple(content_words(normalize(text).split()))


# Reading and checking one file ---------------------------------------------------


def check_thesaurus(path: PathLike, known_ids: Iterable[str] | None = None) -> list[Problem]:
    """Every problem in a thesaurus file, as FILE:LINE:COL where the line is known; with the ids
    of the cards on the path, a note for examples filed under an id no card has (never used)."""
    return read_thesaurus(path, known_ids)[1]


def read_thesaurus(path: PathLike, known_ids: Iterable[str] | None = None) -> tuple[Entries, list[Problem]]:
    """A thesaurus file's usable entries, and the problems of the rest (a bad entry is skipped,
    never the whole file)."""
    shown = str(path)
    from ..cardfile import read_regular_file

    try:  # a regular file only, read with a bound: a link to /dev/zero or a FIFO is refused
        raw, _ = read_regular_file(path, MAX_THESAURUS_BYTES, "a thesaurus is limited to")
    except CardFileError as err:  # CardUnreadable too
        return {}, err.problems
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        from ..cardfile import place_of_byte

        return {}, [Problem(shown, f"not UTF-8 text (byte {err.start})", *place_of_byte(raw, err.start))]
    if not any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines()):
        return {}, []  # nothing but comments: an empty thesaurus, as a new file starts
    from ..cardfile import _load_yaml  # YAML with every value's line and column; tags refused

    refused_at: set[tuple[str | int, ...]] = set()
    try:
        data, marks, refused = _load_yaml(text, shown, refused_at)
    except CardFileError as err:
        return {}, err.problems
    # What YAML cards refuse (tags, dates, keys that are not text or come twice) is reported, and
    # costs only its own entry: the rest is checked, and used.
    entries, problems = _Checker(shown, marks, known_ids, refused_at).entries(data)
    return entries, sorted([*refused, *problems], key=lambda p: (p.line or 0, p.column or 0))


class _Checker:
    """Walks a parsed thesaurus, keeping what is usable and reporting the rest with its line."""

    def __init__(
        self,
        shown: str,
        marks: dict[tuple[str | int, ...], tuple[int, int]],
        known_ids: Iterable[str] | None = None,
        refused_at: Iterable[tuple[str | int, ...]] = (),
    ) -> None:
        self.shown, self.marks = shown, marks
        self.known_ids = sorted(known_ids) if known_ids is not None else None
        self.refused_at = list(refused_at)
        self.problems: list[Problem] = []
        self.pairs_left = MAX_PAIRS

    def refused(self, where: tuple[str | int, ...]) -> bool:
        """Whether the entry at `where` holds, or is within, a value YAML refused (reported already)."""
        return any(r[: len(where)] == where or where[: len(r)] == r for r in self.refused_at)

    def report(self, message: str, where: tuple[str | int, ...], is_note: bool = False) -> None:
        line, column = self.marks.get(where, (None, None))
        self.problems.append(Problem(self.shown, message, line, column, is_note))

    def note_unknown_card(self, card_id: str, where: tuple[str | int, ...]) -> None:
        """A note (not a mistake: the card may be on another path) for examples no card uses."""
        if self.known_ids is None or card_id in self.known_ids:
            return
        import difflib

        close = difflib.get_close_matches(card_id, self.known_ids, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        self.report(f"no card {card_id!r} on the card path: its examples are not used{hint}", where, True)

    def entries(self, data: Any) -> tuple[Entries, list[Problem]]:
        if not isinstance(data, dict):
            self.report(_FORMAT, ())
            return {}, self.problems
        for key in data:
            if key not in (GROUPS, ONE_WAY, SEARCH_ONLY, RISK, *EXAMPLES):
                self.report(f"unknown key {key!r}: {_FORMAT}", (key,))
        entries = {
            GROUPS: self.groups(data.get(GROUPS, [])),
            ONE_WAY: self.one_way(data.get(ONE_WAY, {})),
            SEARCH_ONLY: self.one_way(data.get(SEARCH_ONLY, {}), SEARCH_ONLY),
            RISK: self.one_way(data.get(RISK, {}), RISK),
        }
        for kind in EXAMPLES:
            if kind in data:
                entries[kind] = self.examples(kind, data[kind])
        return entries, self.problems

    def groups(self, value: Any) -> list[list[str]]:
        if not isinstance(value, list):
            self.report(f"`{GROUPS}` must be a list, one group of phrases per line", (GROUPS,))
            return []
        usable = []
        for i, group in enumerate(value):
            if self.refused((GROUPS, i)):
                continue
            phrases = self.phrases(group, (GROUPS, i))
            if phrases is None:
                continue
            if len({_phrase(p) for p in phrases}) < 2:
                self.report("a group needs at least two different words or phrases", (GROUPS, i))
                continue
            if self.affordable(len(phrases) ** 2, len(phrases), (GROUPS, i)):
                usable.append(phrases)
        return usable

    def affordable(self, pairs: int, phrases: int, where: tuple[str | int, ...]) -> bool:
        """Whether an entry linking `pairs` pairs of `phrases` phrases can be used; reported if not
        (the file's budget of pairs is said to be spent only once)."""
        if phrases > MAX_PHRASES:
            self.report(f"{phrases} phrases: at most {MAX_PHRASES} in one entry; split it by meaning", where)
            return False
        if pairs > self.pairs_left:
            if self.pairs_left >= 0:
                self.report(
                    f"the file links more than {MAX_PAIRS:,} pairs of phrases: not used from here on", where
                )
            self.pairs_left = -1
            return False
        self.pairs_left -= pairs
        return True

    def one_way(self, value: Any, key: str = ONE_WAY) -> list[list[Any]]:
        if not isinstance(value, dict):
            self.report(f"`{key}` must map a phrase to the phrases it also finds", (key,))
            return []
        usable: list[list[Any]] = []
        for source, targets in value.items():
            where = (key, source)
            if self.refused(where):
                continue
            if not _phrase(source):
                self.report(f"{source!r} has no word to look for (stop words do not count)", where)
                continue
            phrases = self.phrases(targets, where)
            if phrases and all(_phrase(p) == _phrase(source) for p in phrases):
                self.report(f"{source!r} finds only itself: give the words it should also find", where, True)
                continue
            if phrases and self.affordable(len(phrases), len(phrases), where):
                usable.append([source, phrases])
        return usable

    def examples(self, kind: str, value: Any) -> list[list[Any]]:
        if not isinstance(value, dict):
            self.report(f"`{kind}` must map a card id to its examples (a list of phrases)", (kind,))
            return []
        usable: list[list[Any]] = []
        for key, examples in value.items():
            where = (kind, key)
            card_id = key.lower() if isinstance(key, str) else key  # ids are lower case; `Needy` is needy
            if self.refused(where):
                continue
            if not isinstance(examples, list):
                self.report("expected a list of examples, one phrase each", where)
                continue
            # A list, not commas: an example is a whole observation, commas and all. A bad one
            # costs only itself, as a bad phrase of a group does.
            kept = [e for i, e in enumerate(examples) if self.example(e, (*where, i))]
            self.note_unknown_card(card_id, (kind, "<key>", key))
            if kept:
                usable.append([card_id, [" ".join(e.split()) for e in kept]])
        return usable

    def example(self, value: Any, where: tuple[str | int, ...]) -> bool:
        """Whether one example can be used; reported where it stands if not."""
        if self.refused(where):
            return False
        if not isinstance(value, str):
            self.report("expected an example: a phrase of text", where)
            return False
        if not _phrase(value):
            self.report(f"{value!r} has no word to look for (stop words do not count)", where)
            return False
        return True

    def phrases(self, value: Any, where: tuple[str | int, ...]) -> list[str] | None:
        """A group's phrases, from "a, b, c" or a list of strings; None (reported) if unusable."""
        if isinstance(value, str):
            phrases = [p.strip() for p in value.split(",")]
        elif isinstance(value, list) and all(isinstance(p, str) for p in value):
            phrases = [p.strip() for p in value]
        else:
            self.report("expected phrases separated by commas, or a list of phrases", where)
            return None
        for phrase in dict.fromkeys(p for p in phrases if not _phrase(p)):  # left out; the others count
            self.report(f"{phrase!r} has no word to look for (stop words do not count)", where)
        return [p for p in phrases if _phrase(p)]


# Loading the card path's thesaurus, through its cache -------------------------------


def thesaurus_files(folders: Iterable[CardFolder], unusable_too: bool = False) -> list[str]:
    """The thesaurus file of each card folder that has one, in path order; `unusable_too`: with
    the names that are no regular file (a FIFO, a device, a dangling link), for validate to say so."""
    paths = (os.path.join(f.path, THESAURUS_FILE) for f in folders)
    there = os.path.lexists if unusable_too else os.path.isfile
    return [path for path in paths if there(path)]


# 2: the files with mistakes are kept beside the book; 3: risk entries; 4: risk finds itself;
# 5: a risk entry's targets in the order written
BOOK_FORMAT = 5


def load_phrase_book(
    folders: list[CardFolder] | None = None, cache_dir: PathLike | bool | None = True, searching: bool = False
) -> PhraseBook:
    """The bundled thesaurus merged with the card path's, ready for matching (`searching`: with
    the search-only and risk entries, kept in a file of their own).

    Every search needs it, and building it (normalizing and stemming a thousand phrases) costs
    more than the search: the built book is kept in the cache, as plain tuples that marshal
    reads in a fraction of a millisecond, under the stamps of the files it was built from."""
    name = "thesaurus-searchbook" if searching else "thesaurus-book"
    return _load_book(name, lambda thesaurus: thesaurus.phrase_book(searching), folders, cache_dir)


def load_risk_book(
    folders: list[CardFolder] | None = None, cache_dir: PathLike | bool | None = True
) -> PhraseBook:
    """The risk entries of the bundled thesaurus and the card path's, ready to find in a query."""
    return _load_book("thesaurus-riskbook", Thesaurus.risk_book, folders, cache_dir)


def _load_book(
    name: str,
    build: Callable[[Thesaurus], PhraseBook],
    folders: list[CardFolder] | None,
    cache_dir: PathLike | bool | None,
) -> PhraseBook:
    """A phrase book `build` makes of the thesaurus, through its file in the cache."""
    paths = thesaurus_files(unique_folders(card_folders() if folders is None else folders))
    cache_root = cache_folder(cache_dir)
    key = (BOOK_FORMAT, __version__, stemmer_version(), tuple((str(p), _stamp(p)) for p in paths))
    stored = os.path.join(cache_root, f"{name}-v{BOOK_FORMAT}.marshal") if cache_root else None
    if (stored, key) in _BOOKS:  # asked again in the same run (the command notes its mistakes)
        return _BOOKS[stored, key]
    book = _read_book(stored, key)
    if book is None:
        book = build(load_thesaurus(folders, cache_dir))
        if stored is not None:
            write_cache_file(stored, pack((key, book.index, book.flawed)))
    if len(_BOOKS) > 4:  # a run asks for two or three; tests, for many card paths
        _BOOKS.clear()
    _BOOKS[stored, key] = book
    return book


_BOOKS: dict[tuple[str | None, object], PhraseBook] = {}


def _kept(stored: str | None, key: object, size: int) -> tuple[object, ...] | None:
    """What a cache file holds, if it was made from these very files (its first item is `key`)
    and holds `size` items; None for anything else, a missing or unreadable file too."""
    if stored is None:
        return None
    try:
        with open(stored, "rb") as file:
            kept = unpack(file.read())
    except OSError:
        return None
    return kept if isinstance(kept, tuple) and len(kept) == size and kept[0] == key else None


def _read_book(stored: str | None, key: object) -> PhraseBook | None:
    """The book kept in the cache, if it was built from these very files; None for anything else."""
    kept = _kept(stored, key, 3)
    if kept is None or not isinstance(kept[1], dict):
        return None
    book = PhraseBook.from_index(kept[1])
    flawed = kept[2]
    if not isinstance(flawed, tuple) or not all(
        isinstance(f, tuple) and len(f) == 2 and isinstance(f[0], str) and isinstance(f[1], bool)
        for f in flawed
    ):
        return None  # not as this version writes it: build it again
    book.flawed = flawed
    return book


EXAMPLES_FORMAT = 2  # 2: a bad example costs only itself, not its card's list


def load_examples(
    kind: str, folders: list[CardFolder] | None = None, cache_dir: PathLike | bool | None = True
) -> PackedExamples | None:
    """The examples of one kind (OBSERVED, FELT), bundled and the card path's, ready for `match`.

    Kept in the cache apart from the phrase book, a kind to a file: a search never reads them,
    and a match only the kind it needs. None when there are none."""
    paths = thesaurus_files(unique_folders(card_folders() if folders is None else folders))
    cache_root = cache_folder(cache_dir)
    key = (EXAMPLES_FORMAT, __version__, tuple((str(p), _stamp(p)) for p in paths))
    stored = os.path.join(cache_root, f"thesaurus-{kind}-v{EXAMPLES_FORMAT}.marshal") if cache_root else None
    found = _read_examples(stored, key)
    if found is None:
        packed = PackedExamples.pack(load_thesaurus(folders, cache_dir).examples[kind])
        if stored is not None:
            write_cache_file(stored, pack((key, packed)))
        found = PackedExamples.unpack(packed)
    return found if found is not None and found.phrases else None


def _read_examples(stored: str | None, key: object) -> PackedExamples | None:
    """The examples kept in the cache, if made from these very files; None for anything else."""
    kept = _kept(stored, key, 2)
    return None if kept is None else PackedExamples.unpack(kept[1])


def load_thesaurus(
    folders: list[CardFolder] | None = None, cache_dir: PathLike | bool | None = True
) -> Thesaurus:
    """The bundled thesaurus merged with those of the card folders (all of them: each only adds).

    cache_dir: True for the user cache folder, None or False to parse every file afresh.
    Within one process, the same files unchanged give back the same Thesaurus (and its phrase
    book, made once)."""
    paths = thesaurus_files(unique_folders(card_folders() if folders is None else folders))
    cache_root = cache_folder(cache_dir)
    key = (str(cache_root), tuple((str(p), _stamp(p)) for p in paths))
    if key in _LOADED:
        return _LOADED[key]
    cache = _ThesaurusCache(
        os.path.join(cache_root, f"thesaurus-v{CACHE_FORMAT}.marshal") if cache_root else None
    )
    thesaurus = Thesaurus()
    for path in paths:
        entries, flawed = cache.entries(path)
        thesaurus.add(entries)
        if flawed:
            thesaurus.flawed.append((path, any(entries.values())))
    cache.save()
    _LOADED.clear()  # one thesaurus is enough to keep: the card path rarely changes within a run
    _LOADED[key] = thesaurus
    return thesaurus


_LOADED: dict[tuple[str, tuple[tuple[str, tuple[int, ...] | None], ...]], Thesaurus] = {}


def _stamp(path: str) -> tuple[int, ...] | None:
    """What tells an edited file from the one read before (a chmod counts too).

    A file modified too close to this run's start for its time to tell a later edit (git's
    "racily clean" files, as the card cache has them: FAT keeps times to 2 seconds, ext3 and SMB
    to 1) gets this run's start in its stamp too: what is cached under it serves this run only,
    and the file is read again until its time is old enough to trust."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    stamp = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    started = _run_started_ns()
    return (*stamp, started) if st.st_mtime_ns >= started - RACY_WINDOW_NS else stamp


@cache
def _run_started_ns() -> int:
    """The time of this run's first look at a thesaurus file (before any is read)."""
    return now_ns()


class _ThesaurusCache:
    """Each file's usable entries by its stamp, in one cache file framed as every cache is (a
    damaged one is a miss: as unframed JSON, one garbled entry failed every search until the file
    was deleted); never fatal."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.files: dict[str, Any] = self._read()
        self.changed = False
        self.seen: set[str] = set()

    def _read(self) -> dict[str, Any]:
        if self.path is None:
            return {}
        try:
            with open(self.path, "rb") as file:
                stored = unpack(file.read())
        except OSError:
            return {}
        if not isinstance(stored, dict) or stored.get("version") != [CACHE_FORMAT, __version__]:
            return {}
        files = stored.get("files")
        return files if isinstance(files, dict) else {}

    def entries(self, path: str) -> tuple[Entries, bool]:
        """The file's usable entries, and whether any of it was skipped as mistaken."""
        found = _stamp(path)
        if found is None:
            return {}, False
        stamp = list(found)
        self.seen.add(str(path))
        cached = self.files.get(str(path))
        if (
            isinstance(cached, dict)
            and cached.get("stamp") == stamp
            and isinstance(cached.get("entries"), dict)
            and "flawed" in cached
        ):
            entries: Entries = cached["entries"]
            return entries, bool(cached["flawed"])
        entries, problems = read_thesaurus(path)
        flawed = any(not problem.is_note for problem in problems)  # a note costs no entry
        self.files[str(path)] = {"stamp": stamp, "entries": entries, "flawed": flawed}
        self.changed = True
        return entries, flawed

    def save(self) -> None:
        gone = set(self.files) - self.seen  # files no longer on the path
        if self.path is None or not (self.changed or gone):
            return
        files = {k: v for k, v in self.files.items() if k in self.seen}
        write_cache_file(self.path, pack({"version": [CACHE_FORMAT, __version__], "files": files}))
