"""The card path as shared folders and laptops present it: files that come and go, odd file names,
odd file systems, and the cache kept beside them. Whatever happens, the other cards still show."""

from __future__ import annotations

import errno
import json
import marshal
import os
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO, card_text, refuse_listing, refuse_opening, run, run_bounded, write_card
from patterncli import cardfile
from patterncli.cachefile import CACHE_MAGIC, pack, unpack
from patterncli.catalog import default_cache_dir


@pytest.fixture
def cards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty card folder on PATTERN_PATH."""
    folder = tmp_path / "cards"
    folder.mkdir()
    monkeypatch.setenv("PATTERN_PATH", str(folder))
    return folder


# Files that cannot be read, for a moment or for good ------------------------------


@pytest.mark.parametrize("error_number", [errno.EACCES, errno.EIO, errno.ENOENT])
def test_a_card_unreadable_for_a_moment_shows_once_it_can_be_read(
    cards: Path, monkeypatch: pytest.MonkeyPatch, error_number: int
) -> None:
    card = write_card(cards, "mine.yaml", card_text())
    with monkeypatch.context() as moment:
        refuse_opening(moment, card, error_number)
        skipped = run("show", "mine", expect=1)
        assert skipped.stderr.startswith("1 card file skipped: run `pattern validate` to see why\n")
    shown = run("show", "mine")
    assert (shown.code, shown.stderr) == (0, "")
    assert shown.stdout.startswith("Test Pattern (mine)\n")


def test_a_card_written_by_json_dumps_with_an_emoji_is_read(tmp_path: Path) -> None:
    """QA: json.dumps writes "😀" as two \\u escapes of surrogates, which YAML refused: a standard
    JSON card was "not a valid card"."""
    data = yaml.safe_load(card_text("mine", "Smile 😀 Pattern"))
    write_card(tmp_path / "cards", "mine.json", json.dumps(data))
    shown = run("show", "mine", env={"PATTERN_PATH": str(tmp_path / "cards")})
    assert shown.stdout.startswith("Smile 😀 Pattern (mine)\n")


@pytest.mark.parametrize("file_name", ["zero.yaml", "thesaurus.yaml"])
def test_validate_refuses_a_device_at_once(tmp_path: Path, file_name: str) -> None:
    """A thesaurus too (QA: `validate shared/*` read a thesaurus.yaml linked to /dev/zero until
    memory ran out)."""
    link = tmp_path / file_name
    link.symlink_to("/dev/zero")
    for name in ("/dev/zero", str(link)):
        done = run_bounded("validate", name)
        assert done.returncode == 1
        assert done.stdout.startswith(
            f"{name}: cannot read file: it is a character device, not a regular file\n"
        )


@pytest.mark.parametrize("file_name", ["fifo.yaml", "thesaurus.yaml"])
def test_validate_refuses_a_fifo_without_waiting_for_a_writer(tmp_path: Path, file_name: str) -> None:
    fifo = tmp_path / file_name
    os.mkfifo(fifo)
    done = run_bounded("validate", str(fifo), seconds=15)
    assert done.returncode == 1
    assert done.stdout == f"{fifo}: cannot read file: it is a FIFO (named pipe), not a regular file\n"
    assert done.stderr == "checked 1 file: 1 invalid\n"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (os.mkfifo, "it is a FIFO (named pipe), not a regular file"),
        (lambda p: os.symlink("/dev/zero", p), "it is a character device, not a regular file"),
        (lambda p: os.symlink("/nonexistent", p), "it is a dangling symbolic link"),
    ],
)
def test_validate_of_the_path_says_why_a_folders_thesaurus_cannot_be_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: Callable[[Path], None], reason: str
) -> None:
    """QA: a folder's thesaurus.yaml that is a FIFO, a link to /dev/zero or a dangling link was
    passed over without a word ("checked 17 files: 0 invalid"), where a card file is named."""
    make(tmp_path / "thesaurus.yaml")
    monkeypatch.setenv("PATTERN_PATH", str(tmp_path))
    done = run_bounded("validate", seconds=15)
    assert done.returncode == 1
    assert done.stdout.startswith(f"{tmp_path / 'thesaurus.yaml'}: cannot read file: {reason}")
    assert done.stderr.endswith(": 1 invalid\n")


# Folders and entries that give no card, each with a reason --------------------------


def test_paths_and_validate_say_why_a_folder_gives_no_cards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked"
    write_card(locked, "mine.yaml", card_text())
    refuse_listing(monkeypatch, locked)
    dangling = tmp_path / "gone"
    dangling.symlink_to(tmp_path / "unmounted-share")
    a_file = write_card(tmp_path, "cards.yaml", card_text())
    monkeypatch.setenv("PATTERN_PATH", os.pathsep.join(map(str, [locked, dangling, a_file])))

    rows = [" ".join(row.split()) for row in run("paths").stdout.splitlines()]  # columns padded with spaces
    assert rows[:3] == [
        f"PATTERN_PATH not readable: Permission denied {locked}",
        f"PATTERN_PATH dangling symbolic link (to {tmp_path / 'unmounted-share'}) {dangling}",
        f"PATTERN_PATH not a folder {a_file}",
    ]

    out = run("validate")
    assert out.code == 0  # folders are not cards: a note, not an error
    assert out.stdout.splitlines()[:3] == [
        f"{locked}: note: folder skipped: not readable: Permission denied",
        f"{dangling}: note: folder skipped: dangling symbolic link (to {tmp_path / 'unmounted-share'})",
        f"{a_file}: note: folder skipped: not a folder",
    ]
    assert out.stderr.endswith("0 invalid, 3 notes\n")


def test_validate_of_a_folder_it_cannot_list_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked"
    write_card(locked, "mine.yaml", card_text())
    refuse_listing(monkeypatch, locked)
    out = run("validate", str(locked), expect=1)
    assert out.stdout == f"{locked}: cannot read folder: Permission denied\n"


def test_links_fifos_and_devices_on_the_path_are_skipped_with_a_reason(cards: Path) -> None:
    write_card(cards, "mine.yaml", card_text())
    (cards / "dangling.yaml").symlink_to(cards / "moved-away.yaml")
    os.mkfifo(cards / "fifo.yaml")
    (cards / "zero.yaml").symlink_to("/dev/zero")
    shown = run("show", "mine")
    assert shown.stdout.startswith("Test Pattern (mine)\n")
    assert shown.stderr == "3 card files skipped: run `pattern validate` to see why\n"
    assert run("validate", expect=1).stdout.splitlines() == [
        f"{cards / 'dangling.yaml'}: cannot read file: it is a dangling symbolic link "
        f"(to {cards / 'moved-away.yaml'}, which does not exist)",
        f"{cards / 'fifo.yaml'}: cannot read file: it is a FIFO (named pipe), not a regular file",
        f"{cards / 'zero.yaml'}: cannot read file: it is a character device, not a regular file",
    ]


# File names -------------------------------------------------------------------------


def test_file_and_folder_names_that_are_not_utf8_work_end_to_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    folder = tmp_path / os.fsdecode(b"dossier-\xe9")  # Latin-1 names, as an old share or a zip may give
    write_card(folder, os.fsdecode(b"caf\xe9.yaml"), card_text("cafe", "Cafe Pattern"))
    write_card(folder, os.fsdecode(b"bad-\xff.yaml"), card_text("Bad_Id"))
    monkeypatch.setenv("PATTERN_PATH", str(folder))
    shown_folder = f"{tmp_path}/dossier-\\xe9"

    for _ in ("parsed", "from the cache"):
        listed = run("list")
        assert [line.split()[0] for line in listed.stdout.splitlines()].count("cafe") == 1
        assert listed.stderr == "1 card file skipped: run `pattern validate` to see why\n"
    assert any("Cafe Pattern" in str(read_cache(f)) for f in (isolated_home / "cache").rglob("cards-*"))

    validated = run("validate", expect=1)
    assert validated.stdout.startswith(f"{shown_folder}/bad-\\xff.yaml:1:5: id: 'Bad_Id' is not a valid id")
    assert (
        " ".join(run("paths").stdout.splitlines()[0].split()) == f"PATTERN_PATH 2 card files {shown_folder}"
    )


# The cache ---------------------------------------------------------------------------


def read_cache(cache_file: Path) -> Any:
    return unpack(cache_file.read_bytes())


def cache_file_of(folder: Path, home: Path) -> Path:
    """The cache file holding the entries of a card folder's files."""
    for cache_file in (home / "cache").rglob("cards-*"):
        if any(key.startswith(f"{folder}{os.sep}") for key in read_cache(cache_file)["files"]):
            return cache_file
    raise AssertionError(f"no cache file for {folder}")


def cache_body(cache_file: Path) -> bytes:
    """What a cache file holds after its head: each card's data and the search index."""
    raw = cache_file.read_bytes()
    frame = len(CACHE_MAGIC) + 8  # the magic tag, then the head's CRC and length
    return raw[frame + int.from_bytes(raw[frame - 4 : frame], "big") :]


def edit_cache_entry(cache_file: Path, edit: Callable[[dict[str, Any]], Any]) -> None:
    stored, body = read_cache(cache_file), cache_body(cache_file)
    (key, entry), *others = stored["files"].items()
    assert not others
    stored["files"][key] = edit(entry)
    cache_file.write_bytes(pack(stored) + body)


WRONG_SHAPES: dict[str, Callable[[dict[str, Any]], Any]] = {
    "an entry without a card": lambda entry: {"stamp": entry["stamp"]},
    "problems that are text": lambda entry: {"stamp": entry["stamp"], "problems": "x"},
    "a problem without a message": lambda entry: {"stamp": entry["stamp"], "problems": [{"line": 1}]},
    "a card that is a list": lambda entry: {"stamp": entry["stamp"], "card": []},
    "a card without a name": lambda entry: {"stamp": entry["stamp"], "card": {"id": "mine"}},
    "a normalized id that is not text": lambda entry: {**entry, "card": {**entry["card"], "key": 1}},
    "a card whose data is elsewhere": lambda entry: {**entry, "at": [10**9, 10, 0]},
    "a stamp of the wrong type": lambda entry: {**entry, "stamp": "x"},
    "an entry that is a list": lambda entry: [entry],
}


def edit_cache_names(cache_file: Path, edit: Callable[[dict[str, Any], bytes], bytes]) -> None:
    """Put the cache's region of packed names (pack_names) at the end, as `edit` makes it."""
    stored, body = read_cache(cache_file), cache_body(cache_file)
    region = edit(stored, body)
    stored["names"] = [len(body), len(region), zlib.crc32(region)]
    cache_file.write_bytes(pack(stored) + body + region)


def names_with(packed: bytes) -> Callable[[dict[str, Any], bytes], bytes]:
    return lambda stored, body: marshal.dumps(dict.fromkeys(stored["files"], packed))


@pytest.mark.parametrize(
    "edit",
    [
        names_with(marshal.dumps([["tp"], []])),  # names to find it by that are not its names
        names_with(marshal.dumps([[1], ["mine", "test pattern", "1"]])),  # aliases that are not text
        names_with(marshal.dumps("mine")),
        names_with(b"\xff garbled"),
        lambda stored, body: marshal.dumps(["not", "a", "dict"]),
        names_with(marshal.dumps([["tp"], ["other", "other pattern", "tp"]])),  # another card's names
        lambda stored, body: b"\xff garbled",
    ],
    ids=[
        "not its names",
        "aliases not text",
        "not two lists",
        "a card's garbled",
        "not a dict",
        "another card's",
        "garbled",
    ],
)
def test_garbled_packed_names_are_taken_from_the_cards_data(
    cards: Path, isolated_home: Path, edit: Callable[[dict[str, Any], bytes], bytes]
) -> None:
    write_card(
        cards, "mine.yaml", card_text().replace("name: Test Pattern", "name: Test Pattern\naliases: [tp]")
    )
    first = run("show", "tp")
    assert first.code == 0, first.stderr
    edit_cache_names(cache_file_of(cards, isolated_home), edit)
    for query in ("tp", "test pattern", "mine"):
        again = run("show", query)
        assert (again.code, again.stdout, again.stderr) == (0, first.stdout, "")


def test_a_damaged_region_of_names_is_taken_from_the_cards_data(cards: Path, isolated_home: Path) -> None:
    write_card(
        cards, "mine.yaml", card_text().replace("name: Test Pattern", "name: Test Pattern\naliases: [tp]")
    )
    first = run("show", "tp")
    cache_file = cache_file_of(cards, isolated_home)
    stored = read_cache(cache_file)
    offset, length, crc = stored["names"]
    stored["names"] = [offset, length, crc ^ 1]
    cache_file.write_bytes(pack(stored) + cache_body(cache_file))
    again = run("show", "tp")
    assert (again.code, again.stdout, again.stderr) == (0, first.stdout, "")


@pytest.mark.parametrize("shape", WRONG_SHAPES)
def test_a_cache_entry_of_the_wrong_shape_is_read_again_and_rewritten(
    cards: Path, isolated_home: Path, shape: str
) -> None:
    write_card(cards, "mine.yaml", card_text())
    first = run("show", "mine")
    cache_file = cache_file_of(cards, isolated_home)
    edit_cache_entry(cache_file, WRONG_SHAPES[shape])
    again = run("show", "mine")
    assert (again.code, again.stdout, again.stderr) == (0, first.stdout, "")
    assert [entry["card"]["name"] for entry in read_cache(cache_file)["files"].values()] == ["Test Pattern"]


@pytest.mark.parametrize(
    "content",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"files": []}',
        pack({"files": []}),
        pack([]),
        pack({"version": "x", "files": {}, "written": 0}),
        b"\x00" * 10,
        pack({"files": {}})[:-3],
        CACHE_MAGIC + b"\x00\x00\x00\x00" + b"[" * 100,  # a length marshal would trust: never reaches it
    ],
    ids=[
        "json-nested",
        "json",
        "no-version",
        "a-list",
        "another-version",
        "nul-bytes",
        "cut-short",
        "bad-crc",
    ],
)
def test_a_cache_file_of_any_other_content_is_ignored_and_rewritten(
    cards: Path, isolated_home: Path, content: bytes
) -> None:
    write_card(cards, "mine.yaml", card_text())
    first = run("show", "mine")
    cache_file = cache_file_of(cards, isolated_home)
    cache_file.write_bytes(content)
    again = run("show", "mine")
    assert (again.code, again.stdout, again.stderr) == (0, first.stdout, "")
    assert cache_file_of(cards, isolated_home) == cache_file


def test_a_folder_reached_by_a_link_and_by_its_own_name_is_parsed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share = tmp_path / "clinic-share"
    write_card(share, "mine.yaml", card_text())
    broken = write_card(share, "broken.yaml", card_text("Bad_Id"))
    link = tmp_path / "cards"
    link.symlink_to(share)
    parsed: list[str] = []
    parse = cardfile.parse_card_text

    def counting_parse(raw: bytes, shown: str) -> dict[str, Any]:
        parsed.append(Path(shown).name)
        return parse(raw, shown)

    monkeypatch.setattr(cardfile, "parse_card_text", counting_parse)
    for folder in (link, share, link, share):
        monkeypatch.setenv("PATTERN_PATH", str(folder))
        shown = run("show", "mine")
        assert (shown.code, shown.stderr) == (0, "1 card file skipped: run `pattern validate` to see why\n")
    assert parsed.count("mine.yaml") == parsed.count("broken.yaml") == 1

    for folder in (link, share):  # each problem is shown at the file as it was reached
        monkeypatch.setenv("PATTERN_PATH", str(folder))
        assert run("validate", expect=1).stdout.startswith(
            f"{folder / broken.name}:1:5: id: 'Bad_Id' is not a valid id"
        )


SECOND = 1_000_000_000  # nanoseconds


def coarse_file_times(monkeypatch: pytest.MonkeyPatch) -> None:
    """Report every file's times as a FAT or SMB share does: whole seconds, and the change time
    equal to the modification time (vfat keeps no change time of its own)."""

    def coarsen(status: os.stat_result) -> os.stat_result:
        whole = status.st_mtime_ns // SECOND * SECOND
        fields = list(status[:10])
        fields[8] = fields[9] = whole // SECOND  # st_mtime, st_ctime as whole seconds
        extra = {"st_atime_ns": status.st_atime_ns, "st_mtime_ns": whole, "st_ctime_ns": whole}
        return os.stat_result(fields, extra)

    real_stat, real_fstat = os.stat, os.fstat
    monkeypatch.setattr(os, "stat", lambda *args, **kwargs: coarsen(real_stat(*args, **kwargs)))
    monkeypatch.setattr(os, "fstat", lambda fd: coarsen(real_fstat(fd)))


def test_a_same_size_edit_in_the_same_second_is_seen_on_a_coarse_file_system(
    cards: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    coarse_file_times(monkeypatch)
    run("show", "insecure")  # the bundled cards cached first, so the next run takes a fraction of a second
    card = write_card(cards, "mine.yaml", card_text(name="Test Pattern"))
    this_second = (time.time_ns() // SECOND + 1) * SECOND  # FAT rounds a file's time up, to 2 seconds
    os.utime(card, ns=(this_second, this_second))
    assert run("show", "mine").stdout.startswith("Test Pattern (mine)\n")

    card.write_text(card_text(name="Best Pattern"), encoding="utf-8")  # the same size, the same inode
    os.utime(card, ns=(this_second, this_second))  # and, on this file system, the same second
    edited = run("show", "mine")
    assert (edited.code, edited.stderr) == (0, "")
    assert edited.stdout.startswith("Best Pattern (mine)\n")


def test_a_same_size_thesaurus_edit_in_the_same_second_is_seen_on_a_coarse_file_system(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The thesaurus caches (its entries, the phrase books) were keyed by the file's stamp alone: a
    same-size edit within the second of the last search kept the old words for good."""
    from patterncli.search import thesaurus

    def next_run() -> None:  # what a new process starts without
        thesaurus._LOADED.clear()
        thesaurus._BOOKS.clear()
        thesaurus._run_started_ns.cache_clear()

    coarse_file_times(monkeypatch)
    folder = tmp_path / "shared"
    path = write_card(folder, "thesaurus.yaml", "groups:\n  - zorbl, rejection\n")
    monkeypatch.setenv("PATTERN_PATH", str(folder))
    this_second = time.time_ns() // SECOND * SECOND
    os.utime(path, ns=(this_second, this_second))
    next_run()
    assert "“rejection” for “zorbl”" in run("search", "zorbl", "-f", "plain").stdout
    path.write_text("groups:\n  - zorbl, abandoned\n", encoding="utf-8")  # the same size
    os.utime(path, ns=(this_second, this_second))  # and, on this file system, the same second
    next_run()
    found = run("search", "zorbl", "-f", "plain").stdout
    assert "for “zorbl”" in found and "“rejection” for" not in found


@pytest.mark.parametrize("first", [("show", "mine"), ("search", "edge of the group")], ids=["show", "search"])
def test_a_same_size_edit_in_the_second_a_card_was_read_is_seen_however_late_the_cache_is_written(
    cards: Path, monkeypatch: pytest.MonkeyPatch, first: tuple[str, ...]
) -> None:
    """A first run over a large library reads a card, then parses the others for seconds before
    the cache is written (and a search writes it again, with its index, later still). An edit
    made in the second the card was read keeps its stamp on a coarse file system: it must be seen
    all the same, the cache written long after that second or not."""
    coarse_file_times(monkeypatch)
    this_second = time.time_ns() // SECOND * SECOND
    clock = [this_second + SECOND // 2]  # the run starts, and reads the card, half into that second
    monkeypatch.setattr(time, "time_ns", lambda: clock[0])
    parse = cardfile.parse_card_text

    def slow_parse(raw: bytes, shown: str) -> dict[str, Any]:
        clock[0] += 3 * SECOND  # the card read, the rest of a large library takes seconds to parse
        return parse(raw, shown)

    monkeypatch.setattr(cardfile, "parse_card_text", slow_parse)
    card = write_card(cards, "mine.yaml", card_text(name="Test Pattern"))
    os.utime(card, ns=(this_second, this_second))
    assert "Keeps to the edge of the group" in run(*first).stdout

    edited = card_text(name="Best Pattern").replace("the edge of", "the side of")
    card.write_text(edited, encoding="utf-8")  # the same size, the same inode
    os.utime(card, ns=(this_second, this_second))  # and, on this file system, the same second
    shown = run("show", "mine")
    assert (shown.code, shown.stderr) == (0, "")
    assert shown.stdout.startswith("Best Pattern (mine)\n")
    assert "Keeps to the side of the group" in shown.stdout
    found = run("search", "side of the group", "-f", "plain").stdout.splitlines()
    assert "mine  Interpersonal Behavior: Keeps to the side of the group" in found
    assert not any("edge of the group" in line for line in found if line.startswith("mine "))


def test_a_card_checked_by_content_is_served_from_the_cache_again_once_its_second_is_past(
    cards: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    coarse_file_times(monkeypatch)
    card = write_card(cards, "mine.yaml", card_text())
    assert run("show", "mine").code == 0  # cached within the same second as the file's time: racy
    later = time.time_ns() + 10 * SECOND
    monkeypatch.setattr(time, "time_ns", lambda: later)
    assert run("show", "mine").code == 0  # read, found unchanged, and the cache written again
    refuse_opening(monkeypatch, card)
    served = run("show", "mine")  # no longer racy: served without opening the file
    assert (served.code, served.stderr) == (0, "")
    assert served.stdout.startswith("Test Pattern (mine)\n")


def test_temp_files_left_by_an_interrupted_save_are_removed_by_the_next_save() -> None:
    cache_dir = Path(default_cache_dir())
    cache_dir.mkdir(parents=True)
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()  # its pid now names no process: a save it was making was cut short
    of_a_gone_process = cache_dir / f".cards-{finished.pid}-k3j2h1.tmp"
    a_minute_old = cache_dir / f".cards-{os.getpid()}-x8c7v6.tmp"
    in_progress = cache_dir / f".cards-{os.getpid()}-q1w2e3.tmp"  # a live process, just now: kept
    not_ours = [cache_dir / "notes.tmp", cache_dir / ".cards-notes.txt"]
    for path in [of_a_gone_process, a_minute_old, in_progress, *not_ours]:
        path.write_bytes(b"{" * 1000)
    two_minutes_ago = time.time_ns() - 120 * SECOND
    os.utime(a_minute_old, ns=(two_minutes_ago, two_minutes_ago))

    assert run("show", "insecure").code == 0  # the first run saves the bundled cards' cache
    assert sorted(p.name for p in cache_dir.iterdir() if not p.name.startswith("cards-v")) == sorted(
        p.name for p in [in_progress, *not_ours]
    )


def test_caches_of_older_formats_are_removed_by_the_next_save_and_nothing_else() -> None:
    """Each upgrade leaves the caches of the format before it (a folder's cards can take tens of
    megabytes): the next save of a cache removes the older formats of that cache, only files named
    as this program names them, and never a newer format's (a newer install may share the folder)."""
    from patterncli.cardcache import CACHE_FORMAT

    cache_dir = Path(default_cache_dir())
    cache_dir.mkdir(parents=True)
    older = [f"cards-v{CACHE_FORMAT - 1}-3deeb836.marshal", "cards-v1-058c1ce8.json"]
    kept = [
        f"cards-v{CACHE_FORMAT + 1}-3deeb836.marshal",  # newer
        "cards-v1-notes.json",  # not a name this program gives
        "cards-v1-058c1ce8.json.bak",
        "thesaurus-v1.json",  # another cache: removed when that one is saved
        "notes.txt",
    ]
    for name in [*older, *kept]:
        (cache_dir / name).write_bytes(b"{" * 1000)

    assert run("show", "insecure").code == 0  # the first run saves the bundled cards' cache
    left = {p.name for p in cache_dir.iterdir()}
    assert not left & set(older)
    assert set(kept) <= left
    assert any(name.startswith(f"cards-v{CACHE_FORMAT}-") for name in left)


# PATTERN_PATH ------------------------------------------------------------------------

UNKNOWN_USER = "~no-such-user-7f3k"


def test_a_path_entry_naming_no_known_user_is_reported_once_and_skipped(
    cards: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_card(cards, "mine.yaml", card_text())
    monkeypatch.chdir(tmp_path)
    write_card(tmp_path / UNKNOWN_USER / "cards", "mine.yaml", card_text(name="Decoy"))  # never read
    monkeypatch.setenv("PATTERN_PATH", f"{UNKNOWN_USER}/cards{os.pathsep}{cards}")

    shown = run("show", "mine")
    assert (shown.code, shown.stderr) == (0, "")
    assert shown.stdout.startswith("Test Pattern (mine)\n")

    rows = [" ".join(row.split()) for row in run("paths").stdout.splitlines()]
    assert rows[:2] == [
        f"PATTERN_PATH cannot expand {UNKNOWN_USER}: no such user {UNKNOWN_USER}/cards",
        f"PATTERN_PATH 1 card file {cards}",
    ]

    validated = run("validate")
    assert (
        validated.stdout
        == f"{UNKNOWN_USER}/cards: note: folder skipped: cannot expand {UNKNOWN_USER}: no such user\n"
    )


def test_validate_notes_a_name_or_alias_another_card_has(tmp_path: Path) -> None:
    """QA: a shared card named "Insecure Pattern", or with needy's alias, made `show` of that name
    fail as ambiguous, and validate said nothing."""
    write_card(
        tmp_path,
        "mine.yaml",
        "id: mine\nname: Insecure Pattern\naliases: [clingy, needy, my own]\n"
        "provenance: {kind: written-for-tool, note: x}\n"
        "sections:\n  - {key: behavior, title: Interpersonal Behavior, items: [a line]}\n",
    )
    out = run("validate", env={"PATTERN_PATH": str(tmp_path)})  # notes only: exit 0
    said = out.stdout.splitlines()
    assert said == [
        f"{tmp_path / 'mine.yaml'}:2:7: note: name: 'Insecure Pattern' also names insecure:"
        " `pattern show` cannot tell them apart by it",
        f"{tmp_path / 'mine.yaml'}:3:11: note: aliases[0]: 'clingy' also names needy:"
        " `pattern show` cannot tell them apart by it",
        f"{tmp_path / 'mine.yaml'}:3:19: note: aliases[1]: 'needy' is the id of needy:"
        " `pattern show` takes that card for it",
    ]
    assert (
        "could mean several patterns: mine, needy"
        in run("show", "clingy", env={"PATTERN_PATH": str(tmp_path)}, expect=1).stderr
    )
    assert run("validate").stdout == ""


def test_validate_names_no_clash_with_a_card_show_does_not_reach(tmp_path: Path) -> None:
    """Review: an overridden card's aliases were taken for clashes."""
    needy = yaml.safe_load((REPO / "data" / "needy.yaml").read_text(encoding="utf-8"))
    needy["aliases"] = [a for a in needy["aliases"] if a != "clingy"]
    write_card(tmp_path, "needy.yaml", yaml.safe_dump(needy))  # overrides the bundled needy
    write_card(
        tmp_path,
        "clingy-kid.yaml",
        "id: clingy-kid\nname: Clingy Kid\naliases: [clingy]\n"
        "provenance: {kind: written-for-tool, note: x}\n"
        "sections:\n  - {key: behavior, title: Interpersonal Behavior, items: [a line]}\n",
    )
    defiant = (REPO / "data" / "defiant.yaml").read_text(encoding="utf-8")
    write_card(tmp_path, "defiant.yaml", defiant)  # a copy, as `edit defiant` makes one
    env = {"PATTERN_PATH": str(tmp_path)}
    said = run("validate", env=env).stdout
    assert "is overridden by" in said  # what validate says of the copies, and nothing more
    assert "also names" not in said and "is the id of" not in said
    assert run("show", "clingy", "--bare", "-f", "json", env=env).stdout.count('"id": "clingy-kid"') == 1


def test_ones_own_card_that_fails_to_load_is_not_stood_in_for_by_another_cards_alias(tmp_path: Path) -> None:
    """QA: with people-pleasing.yaml broken (an id that is no id), `show people-pleasing` showed
    the Compliant card, whose alias it is, with exit 0."""
    write_card(
        tmp_path,
        "people-pleasing.yaml",
        "id: Bad Id\nname: People Pleasing\nprovenance: {kind: written-for-tool, note: x}\n"
        "sections:\n  - {key: behavior, title: B, items: [a]}\n",
    )
    write_card(tmp_path, "mine.yaml", "id: [\n")
    env = {"PATTERN_PATH": str(tmp_path)}
    out = run("show", "people-pleasing", env=env, expect=1)
    assert out.stdout == ""
    assert (
        f"{tmp_path / 'people-pleasing.yaml'} is not a valid card, so 'people-pleasing' would mean compliant"
        in out.stderr
    )
    out = run("show", "mine", env=env, expect=1)
    assert f"{tmp_path / 'mine.yaml'} is not a valid card: run `pattern validate" in out.stderr
    assert run("show", "compliant", "--bare", env=env).stdout  # the card itself is still shown


def test_a_card_named_in_another_script_is_found_by_its_names(tmp_path: Path) -> None:
    """QA: `show тревога` was a usage error ("no pattern name in"), and `validate` took every card
    named in Cyrillic for a clash with every other such card."""
    card = "id: {id}\nname: {name}\naliases: [{alias}]\nprovenance: {{kind: written-for-tool, note: x}}\n"
    card += "sections:\n  - {{key: behavior, title: Interpersonal Behavior, items: [a line]}}\n"
    write_card(
        tmp_path, "trevoga.yaml", card.format(id="trevoga", name="Тревожный паттерн", alias="тревога, 不安")
    )
    write_card(tmp_path, "strakh.yaml", card.format(id="strakh", name="Страх", alias="боязнь"))
    env = {"PATTERN_PATH": str(tmp_path)}
    for name, card_id in [
        ("ТРЕВОГА", "trevoga"),
        ("不安", "trevoga"),
        ("тревожный  паттерн", "trevoga"),
        ("страх", "strakh"),
    ]:
        shown = run("show", name, "--bare", "-f", "json", env=env).stdout
        assert json.loads(shown)["id"] == card_id, name
    assert "no pattern called 'ужас'" in run("show", "ужас", env=env, expect=1).stderr
    assert run("show", "!!!", env=env, expect=2).stderr.startswith("pattern: no pattern name in")
    assert "also names" not in run("validate", env=env).stdout
    write_card(tmp_path, "dup.yaml", card.format(id="dup", name="СТРАХ", alias="другое"))
    assert "'СТРАХ' also names strakh" in run("validate", env=env).stdout
