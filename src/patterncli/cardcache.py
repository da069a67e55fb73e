"""The compiled cache of card files: one file per card folder, read in one go.

Parsing YAML and checking the schema is slow, so each file's checked data (or its problems) is
kept under the file's stamp; an unchanged library loads as one `marshal.loads`. The cache is only
a cache: anything unreadable, garbled or of the wrong shape is a miss, never an error, and a cache
that cannot be written only costs speed.
"""

from __future__ import annotations

import marshal
import os
import zlib
from pathlib import Path

from . import __version__
from .errors import CardFileError, Problem, capped

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from typing import Any, TypeGuard

CACHE_FORMAT = 3
# How close to the cache write a file's modification time must be for its entry to be checked by
# content: FAT keeps times to 2 seconds, ext3 and SMB to 1 (see CardCache).
RACY_WINDOW_NS = 2_000_000_000
MTIME = 1  # the modification time's place in a cache entry's stamp
TEMP_PREFIX, TEMP_SUFFIX = ".cards-", ".tmp"  # a cache being saved: .cards-PID-XXXXXXXX.tmp
ABANDONED_AFTER_NS = 60_000_000_000  # a save takes milliseconds; a temp file a minute old is left over


def cache_file_for(real_folder: str, cache_dir: Path) -> Path:
    """One cache file per card folder, so a large library elsewhere never slows down this one."""
    # crc32 rather than hashlib: it is built in and costs nothing at start-up. A collision
    # would only make two folders share one cache file, and entries are keyed by full path.
    digest = zlib.crc32(os.fsencode(real_folder))
    return cache_dir / f"cards-v{CACHE_FORMAT}-{digest:08x}.marshal"


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
            stored = unpack(self.path.read_bytes())
        except OSError:
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
        # marshal keeps any str, lone surrogates too: a file name that is not UTF-8 survives as it is.
        payload = pack({"version": [CACHE_FORMAT, __version__], "written": now_ns, "files": self.entries})
        write_cache_file(self.path, payload, now_ns)


# A cache file: a magic tag, the CRC-32 of the rest, then marshal's bytes. marshal, not json: the
# standard library's fastest reader of plain data, and built in (importing json costs more than
# reading the bundled cards' cache). But marshal trusts what it reads (a garbled length can ask
# for gigabytes), so nothing reaches it that this program did not write whole.
CACHE_MAGIC = b"patterncli-cache\n"


def pack(data: Any) -> bytes:
    body = marshal.dumps(data)
    return CACHE_MAGIC + zlib.crc32(body).to_bytes(4, "big") + body


def unpack(raw: bytes) -> object:
    """The data a cache file holds, or None for anything not written whole by `pack`."""
    start = len(CACHE_MAGIC) + 4
    if not raw.startswith(CACHE_MAGIC) or zlib.crc32(raw[start:]) != int.from_bytes(
        raw[start - 4 : start], "big"
    ):
        return None
    try:
        return marshal.loads(raw[start:])
    except (ValueError, EOFError, TypeError):  # written by another Python's marshal
        return None


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
