"""Checking card files: what `validate`, `schema` and `paths` report.

Nothing here prints: functions return problems and rows; the CLI decides what is shown and which
exit code it means.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cardfile import (
    Marks,
    Path_,
    _load_yaml,
    _where,
    card_schema,
    read_card_bytes,
    read_card_text,
    sections_of,
)
from .catalog import (
    CARD_SUFFIXES,
    DUPLICATE,
    THESAURUS_FILE,
    CardFolder,
    cache_folder,
    card_folders,
    default_cache_dir,
    id_clashes,
    list_card_files,
    read_folder,
    unique_folders,
)
from .errors import CardFileError, Problem, capped
from .model import GROUP_TITLES
from .safe_text import visible_path
from .template import placeholder_lines

# Validation -----------------------------------------------------------------


@dataclass
class CheckedFile:
    """One card file as validate saw it: its data if it loaded, and what is wrong with it."""

    path: Path
    data: dict[str, Any] | None
    problems: list[Problem] = field(default_factory=list)
    document: Any = None  # what the file holds even when it is no valid card: the checks read what they can
    _marks: Marks | None = field(default=None, repr=False)
    origin: str = "given"  # the folder's origin on the card path ("bundled", ...), or "given"

    def __post_init__(self) -> None:
        if self.document is None:
            self.document = self.data

    @property
    def card_id(self) -> str | None:
        return None if self.data is None else str(self.data["id"])

    @property
    def folder_key(self) -> str:
        """Two files clash over an id only inside one folder, however that folder is spelled."""
        return os.path.realpath(self.path.parent)

    @property
    def is_invalid(self) -> bool:
        return any(not p.is_note for p in self.problems)

    def mark(self, key_path: Path_) -> tuple[int | None, int | None]:
        """Line and column of a value; the cache keeps data without marks, so the file is read again."""
        if self._marks is None:
            self._marks = _marks_of(self.path)
        return self._marks.get(key_path, (None, None))

    def add(self, message: str, key_path: Path_, is_note: bool = False) -> None:
        line, column = self.mark(key_path)
        self.problems.append(Problem(str(self.path), message, line, column, is_note))


@dataclass(frozen=True)
class ValidationReport:
    files: list[CheckedFile]  # the files asked about, in the order they were checked
    folder_notes: list[Problem] = field(default_factory=list)  # folders on the path giving no cards, and why

    @property
    def invalid_count(self) -> int:
        return sum(f.is_invalid for f in self.files)

    def lines(self) -> list[str]:
        """Every problem as `FILE:LINE:COL: message`, one line each, file by file, top to bottom
        (the first few of a file with very many, then how many more)."""
        by_file = [p for f in self.files for p in capped(f.problems)]
        return [_one_line(str(p)) for p in self.folder_notes + by_file]

    def summary(self) -> str:
        notes = len(self.folder_notes) + sum(p.is_note for f in self.files for p in f.problems)
        text = f"checked {_count(len(self.files), 'file')}: {self.invalid_count} invalid"
        return text + (f", {_count(notes, 'note')}" if notes else "")


def validate_path(
    folders: list[CardFolder] | None = None, cache_dir: Path | bool | None = True
) -> ValidationReport:
    """Check every card file on the card path, each against all the others."""
    folders = card_folders() if folders is None else folders
    on_path = _read_path(folders, cache_dir)
    _check_ids(on_path)
    _check_contents(on_path, known_ids=_ids(on_path), bundled_keys=_bundled_keys(on_path))
    # A clash of one's own cards with others is what to hear about; the bundled cards share no
    # name (a test holds them to it).
    _check_names([f for f in on_path if f.origin != "bundled"], on_path)
    return ValidationReport(on_path + _thesauri(folders, _ids(on_path)), _folder_notes(folders))


def _thesauri(folders: list[CardFolder], known_ids: set[str]) -> list[CheckedFile]:
    """The thesaurus file of every folder on the path that has one (the bundled one too), and
    those that cannot be read, which search and match pass over (QA: "0 invalid" was said of a
    FIFO, a link to /dev/zero and a dangling link)."""
    from .search.thesaurus import thesaurus_files

    paths = thesaurus_files(unique_folders(folders), unusable_too=True)
    return [_read_thesaurus(Path(path), known_ids) for path in paths]


def _read_thesaurus(path: Path, known_ids: set[str]) -> CheckedFile:
    from .search.thesaurus import check_thesaurus

    return CheckedFile(path, None, check_thesaurus(path, known_ids))


def _read_given(path: Path, known_ids: set[str]) -> CheckedFile:
    """A file named on the command line: a card, or the thesaurus a folder may hold."""
    return _read_thesaurus(path, known_ids) if path.name == THESAURUS_FILE else _read(path)


def validate_files(
    paths: Sequence[Path], folders: list[CardFolder] | None = None, cache_dir: Path | bool | None = True
) -> ValidationReport:
    """Check the given files (a folder stands for its card files) in the company of the card path."""
    on_path = _read_path(card_folders() if folders is None else folders, cache_dir)
    # Read afresh, not through the cache: a folder's cache forgets every file not read in the same run.
    files, unlisted = _expand(paths)
    known_ids = _ids(on_path)
    given = [_read_given(path, known_ids) for path in _unique(files)]
    given_by_real = {os.path.realpath(f.path): f for f in given}
    # A given file that is on the path takes its place there, so overrides are judged in path order;
    # the others come after the whole path, as cards the path does not reach.
    context = [given_by_real.pop(os.path.realpath(f.path), f) for f in on_path]
    beyond_path = list(given_by_real.values())
    context += beyond_path
    _check_ids(context, beyond_path)
    _check_contents(given, known_ids=_ids(context), bundled_keys=_bundled_keys(on_path))
    _check_names(given, context[: len(on_path)])  # the names `show` can reach: the path's
    for checked in given:
        _note_unread_name(checked)
    return ValidationReport(given + unlisted)


def _read_path(folders: list[CardFolder], cache_dir: Path | bool | None) -> list[CheckedFile]:
    """Every card file on the path, in path order, through the cache `show` reads: the same data.

    A file the cache knows as broken is read again: the cache keeps only its first few problems.
    """
    cache_root = cache_folder(cache_dir)
    checked = []
    for folder in unique_folders(folders):
        cache, found = read_folder(folder, cache_root)
        for path, _, head, problems in found:
            if problems or cache is None or head is None:
                checked.append(_read(Path(path), folder.origin))
            else:
                checked.append(CheckedFile(Path(path), cache.data(path), origin=folder.origin))
    return checked


def _read(path: Path, origin: str = "given") -> CheckedFile:
    """A file read afresh: every problem in it, and what it holds even when that is no valid card."""
    try:
        raw, _ = read_card_bytes(path)
    except CardFileError as err:
        return CheckedFile(path, None, list(err.problems), origin=origin)
    reading = read_card_text(raw, str(path))
    data = None if reading.problems else reading.document
    return CheckedFile(path, data, list(reading.problems), reading.document, reading.marks, origin)


def _expand(paths: Sequence[Path]) -> tuple[list[Path], list[CheckedFile]]:
    """The files named, a folder standing for its card files; and the folders that cannot be listed."""
    files: list[Path] = []
    unlisted: list[CheckedFile] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        try:
            files += map(Path, list_card_files(path))
            if (path / THESAURUS_FILE).is_file():
                files.append(path / THESAURUS_FILE)
        except OSError as err:
            unlisted.append(
                CheckedFile(path, None, [Problem(str(path), f"cannot read folder: {err.strerror}")])
            )
    return files, unlisted


def _folder_notes(folders: list[CardFolder]) -> list[Problem]:
    """A line for each folder on the path that is there but gives no cards (a missing one is no news)."""
    notes = []
    for folder in unique_folders(folders):
        listing = _listing(folder)
        if isinstance(listing, str) and listing != DOES_NOT_EXIST:
            notes.append(Problem(str(folder.path), f"folder skipped: {listing}", is_note=True))
    return notes


def _unique(paths: Iterable[Path]) -> list[Path]:
    seen: set[str] = set()
    unique = []
    for path in paths:
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            unique.append(path)
    return unique


def _check_ids(files: list[CheckedFile], beyond_path: Sequence[CheckedFile] = ()) -> None:
    """The catalog's own rules for ids, reported with the line of each clashing `id`;
    `beyond_path`: files named to validate that are on no folder of the card path."""
    entries = ((f, f.card_id, f.folder_key) for f in files if f.card_id is not None)
    for checked, clash, other in id_clashes(entries):
        if clash == DUPLICATE:
            checked.add(f"id {checked.card_id!r} is already used by {visible_path(other.path)}", ("id",))
        elif any(checked is f for f in beyond_path):
            # Nothing overrides a file the path does not reach (QA: a saved `show -f json` was
            # said to be "overridden"): say whose the id is where it would go.
            message = (
                f"not on the card path, which has a card {checked.card_id!r}: {visible_path(other.path)}"
            )
            checked.add(message, ("id",), is_note=True)
        else:
            message = f"card {checked.card_id!r} is overridden by {visible_path(other.path)}"
            checked.add(message, ("id",), is_note=True)


def _ids(files: list[CheckedFile]) -> set[str]:
    return {f.card_id for f in files if f.card_id is not None}


def _bundled_keys(files: list[CheckedFile]) -> set[str]:
    return {key for f in files if f.origin == "bundled" for _, key in _section_keys(f.document)}


# Beyond the schema: what `compare` and `show` would quietly get wrong ---------------
# These read whatever the file holds, valid card or not, so a beginner gets every problem at once.


def _check_names(files: list[CheckedFile], context: list[CheckedFile]) -> None:
    """A name or alias that another card's id, name or alias is too (in any case): `pattern show`
    cannot tell which card is meant, or takes the other card, whose id it is. Only the cards that
    `show` reaches count (the first with each id on the path)."""
    from .resolve import name_key

    winners: dict[str, CheckedFile] = {}
    for other in context:
        if other.card_id is not None:
            winners.setdefault(other.card_id, other)
    owners: dict[str, set[str]] = {}
    for card_id, winner in winners.items():
        for _, name in _names(winner.data):
            owners.setdefault(name_key(name), set()).add(card_id)
    for checked in files:
        for key_path, name in _names(checked.data) if checked.card_id is not None else ():
            wanted = name_key(name)
            others = sorted(owners.get(wanted, set()) - {checked.card_id})
            if key_path == ("id",) or not others:
                continue
            owner = next((o for o in others if name_key(o) == wanted), None)
            if owner is not None:  # a card's own id wins
                message = f"{name!r} is the id of {owner}: `pattern show` takes that card for it"
            else:
                message = (
                    f"{name!r} also names {', '.join(others)}: `pattern show` cannot tell them apart by it"
                )
            checked.add(f"{_where(key_path)}{message}", key_path, is_note=True)


def _names(data: Any) -> Iterator[tuple[Path_, str]]:
    """A card's id, name and aliases, each with where it stands."""
    yield ("id",), str(data["id"])
    yield ("name",), str(data["name"])
    for i, alias in enumerate(data.get("aliases", ())):
        yield ("aliases", i), str(alias)


def _check_contents(files: list[CheckedFile], known_ids: set[str], bundled_keys: set[str]) -> None:
    placeholders = placeholder_lines()
    for checked in files:
        _check_references(checked, known_ids)
        _check_template_text(checked, placeholders)
        _check_groups(checked)
        _check_section_keys(checked, bundled_keys)


def _check_references(checked: CheckedFile, known_ids: set[str]) -> None:
    for key_path, card_id in _references(checked.document):
        if card_id not in known_ids:
            close = difflib.get_close_matches(card_id, sorted(known_ids), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            checked.add(f"{_where(key_path)}no card {card_id!r} on the card path{hint}", key_path)


def _check_template_text(checked: CheckedFile, placeholders: frozenset[str]) -> None:
    """A line of `pattern new`'s template still in place would be shown as the card's own text."""
    for key_path, text in _texts(checked.document):
        if text.startswith(tuple(placeholders)):
            message = f"template text still in place: {text!r}; write your own, or delete it"
            checked.add(f"{_where(key_path)}{message}", key_path)


def _check_groups(checked: CheckedFile) -> None:
    """A group that is not one of the usual ones is allowed, but a misspelt one silently starts a
    group of its own: one note per group, with the usual one it probably means."""
    noted: set[str] = set()
    for s, section in sections_of(checked.document):
        group = section.get("group")
        if not isinstance(group, str) or group in GROUP_TITLES or group in noted:
            continue
        noted.add(group)
        close = difflib.get_close_matches(group, list(GROUP_TITLES), n=1, cutoff=0.75)
        hint = f"did you mean {close[0]!r}?" if close else f"the usual ones: {', '.join(GROUP_TITLES)}"
        key_path = ("sections", s, "group")
        checked.add(f"{_where(key_path)}{group!r} is a group of your own ({hint})", key_path, is_note=True)


def _check_section_keys(checked: CheckedFile, bundled_keys: set[str]) -> None:
    """Cards line up in `compare` by section key: a key one typo away from a bundled card's will not."""
    known = sorted(bundled_keys)
    noted: set[str] = set()
    for s, key in _section_keys(checked.document):
        if key in bundled_keys or key in noted:
            continue
        noted.add(key)
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.8)
        if close:
            key_path = ("sections", s, "key")
            message = (
                f"section key {key!r} is not a key of the bundled cards, so `compare` will not line it up"
            )
            checked.add(f"{_where(key_path)}{message} (did you mean {close[0]!r}?)", key_path, is_note=True)


def _section_keys(document: Any) -> Iterator[tuple[int, str]]:
    for s, section in sections_of(document):
        if isinstance(section.get("key"), str):
            yield s, section["key"]


def _items(document: Any) -> Iterator[tuple[Path_, Any]]:
    """Every item of every section, with its path in the file, whatever shape each has."""
    for s, section in sections_of(document):
        items = section.get("items")
        for i, item in enumerate(items if isinstance(items, list) else ()):
            yield ("sections", s, "items", i), item


def _references(document: Any) -> Iterator[tuple[Path_, str]]:
    """Each `refers_to` id with the path of its value in the file, for its line and column."""
    for item_path, item in _items(document):
        refers_to = item.get("refers_to") if isinstance(item, dict) else None
        for r, card_id in enumerate(refers_to if isinstance(refers_to, list) else ()):
            if isinstance(card_id, str):
                yield (*item_path, "refers_to", r), card_id


def _texts(document: Any) -> Iterator[tuple[Path_, str]]:
    """The card's summary and each item's text, with their paths: where template text is left."""
    if isinstance(document, dict) and isinstance(document.get("summary"), str):
        yield ("summary",), document["summary"]
    for item_path, item in _items(document):
        if isinstance(item, str):
            yield item_path, item
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            yield (*item_path, "text"), item["text"]


def _note_unread_name(checked: CheckedFile) -> None:
    """A file checked by name may still be one the card path never reads."""
    name = checked.path.name
    if name.startswith("."):
        reason = "its name starts with '.'"
    elif not name.endswith(CARD_SUFFIXES):
        reason = f"card files end in {', '.join(CARD_SUFFIXES)}"
    else:
        return
    checked.problems.append(
        Problem(str(checked.path), f"not read from the card path: {reason}", is_note=True)
    )


def _marks_of(path: Path) -> Marks:
    try:
        raw, _ = read_card_bytes(path)
        return _load_yaml(raw.decode("utf-8"), str(path))[1]
    except (UnicodeDecodeError, CardFileError, RecursionError):
        return {}  # the file changed since it was checked: the problem is still worth showing without a line


def _one_line(text: str) -> str:
    """Some YAML messages span lines; one problem must stay one line for editors and grep."""
    return re.sub(r"\s*\n\s*", " ", text)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


# Schema and paths -------------------------------------------------------------


def schema_text() -> str:
    return json.dumps(card_schema(), indent=2, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class PathRow:
    """One line of `pattern paths`."""

    origin: str  # PATTERN_PATH, user, bundled, or cache
    state: str  # e.g. "8 card files", "does not exist"
    path: Path


def _cache_state(cache_dir: Path) -> str:
    """Whether the cache folder is there; if not, whether it can be made (a file, or a file where
    a folder above it should be, means it never can: every run then reads the cards afresh)."""
    if cache_dir.is_dir():
        return "exists"
    for above in (cache_dir, *cache_dir.parents):
        if above.is_dir():
            return "not written yet"
        if os.path.lexists(above):  # a file, or a link to nothing: no folder can be made there
            what = "a dangling symbolic link" if above.is_symlink() else "not a folder"
            return f"cannot be made: {visible_path(above)} is {what}"
    return "not written yet"


def path_rows(folders: list[CardFolder] | None = None, cache_dir: Path | None = None) -> list[PathRow]:
    """The card folders in search order, then the folder holding the cache (one file per card folder)."""
    folders = card_folders() if folders is None else folders
    rows = [PathRow(f.origin, _folder_state(f), Path(f.path)) for f in folders]
    cache_dir = Path(default_cache_dir()) if cache_dir is None else cache_dir
    rows.append(PathRow("cache", _cache_state(cache_dir), cache_dir))
    return rows


DOES_NOT_EXIST = "does not exist"


def _folder_state(folder: CardFolder) -> str:
    listing = _listing(folder)
    return listing if isinstance(listing, str) else _count(len(listing), "card file")


def _listing(folder: CardFolder) -> list[Path] | str:
    """The card files of a folder on the path, or why it gives none, in a few words."""
    if folder.unusable:
        return folder.unusable
    try:
        return [Path(path) for path in list_card_files(folder.path)]
    except OSError as err:
        return _why_not_listed(Path(folder.path), err)


def _why_not_listed(folder: Path, err: OSError) -> str:
    """Why a folder on the path gives no cards, in a few words."""
    if isinstance(err, FileNotFoundError):
        try:
            return f"dangling symbolic link (to {visible_path(os.readlink(folder))})"
        except OSError:  # not a link: simply missing
            return DOES_NOT_EXIST
    if isinstance(err, NotADirectoryError):
        return "not a folder"
    return f"not readable: {err.strerror or err}"
