"""Cache files: how every cache of this program is framed on disk, read back and written.

A cache file starts with a head framed by a magic tag, its CRC-32 and its length, and is written
atomically (a temp file, then a rename), so a concurrent run never reads half of one; what is
not written whole by this program is never handed to marshal. Temp files of saves that never
finished are cleaned up by the next save. The card cache (cardcache.py) puts its regions after
the head; the thesaurus caches are a head alone.
"""

from __future__ import annotations

import gc
import marshal
import os
import zlib

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from typing import Any

    PathLike = str | os.PathLike[str]

TEMP_PREFIX, TEMP_SUFFIX = ".cards-", ".tmp"  # a cache being saved: .cards-PID-XXXXXXXX.tmp
ABANDONED_AFTER_NS = 60_000_000_000  # a save takes milliseconds; a temp file a minute old is left over

# A cache file: a magic tag, the CRC-32 and length of its head, the head, then marshal's bytes.
# marshal, not json: the standard library's fastest reader of plain data, and built in (importing
# json costs more than reading the bundled cards' cache). But marshal trusts what it reads (a
# garbled length can ask for gigabytes), so nothing reaches it that this program did not write whole.
CACHE_MAGIC = b"patterncli-cache\n"
_FRAME = len(CACHE_MAGIC) + 8


def pack(data: Any) -> bytes:
    """A head (or a whole small cache file): the magic tag, the CRC and length, marshal's bytes."""
    body = marshal.dumps(data)
    return CACHE_MAGIC + zlib.crc32(body).to_bytes(4, "big") + len(body).to_bytes(4, "big") + body


def unpack(raw: bytes) -> object:
    """The data `pack` wrote at the start of `raw`, or None for anything not written whole by it."""
    if not raw.startswith(CACHE_MAGIC) or len(raw) < _FRAME:
        return None
    crc = int.from_bytes(raw[_FRAME - 8 : _FRAME - 4], "big")
    length = int.from_bytes(raw[_FRAME - 4 : _FRAME], "big")
    body = raw[_FRAME : _FRAME + length]
    if len(body) != length or zlib.crc32(body) != crc:
        return None
    try:
        return loads(body)
    except (ValueError, EOFError, TypeError):  # written by another Python's marshal
        return None


def loads(raw: bytes) -> Any:
    """marshal.loads with the cyclic garbage collector paused: a cache holds thousands of small
    containers, none of them in a cycle, and the collections their making sets off only cost time
    (a third of reading 2,000 cards' heads)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return marshal.loads(raw)
    finally:
        if collecting:
            gc.enable()


def read_head(file: Any) -> tuple[object, int]:
    """The head of an open cache file (None if it is not one whole) and the file's size."""
    try:
        size = os.fstat(file.fileno()).st_size
        frame = file.read(_FRAME)
        length = int.from_bytes(frame[_FRAME - 4 :], "big") if frame.startswith(CACHE_MAGIC) else 0
        if length > size:  # a garbled length: never read more than the file holds
            return None, size
        raw = frame + file.read(length)
    except OSError:
        return None, 0
    return unpack(raw), size


def write_cache_file(path: PathLike, payload: str | bytes, written_ns: int | None = None) -> None:
    """Write a cache file atomically (temp file, then rename) so a concurrent run never reads half
    a file; a cache that cannot be written only costs speed, so failing to is no error."""
    try:
        folder = os.path.dirname(os.fspath(path))
        os.makedirs(folder, exist_ok=True)
        _remove_abandoned_temp_files(folder, now_ns() if written_ns is None else written_ns)
        _remove_older_formats(folder, os.path.basename(os.fspath(path)))
        import tempfile  # only when a cache changes: it costs start-up time

        prefix = f"{TEMP_PREFIX}{os.getpid()}-"  # the pid tells a later save whether we are still at it
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=TEMP_SUFFIX, dir=folder)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(payload.encode("utf-8") if isinstance(payload, str) else payload)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass


def _remove_abandoned_temp_files(cache_dir: str, now_ns: int) -> None:
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


def _format_of(name: str) -> tuple[str, int] | None:
    """(family, format) of a cache file named as this program names them: `cards-v12-3deeb836.marshal`
    (a folder's cards, by the digest of its path), `thesaurus-book-v2.marshal`, `thesaurus-v8.marshal`
    (and `.json`, as older versions named theirs);
    None for any other name."""
    stem, dot, extension = name.rpartition(".")
    if not dot or extension not in ("marshal", "json"):
        return None
    family, _, rest = stem.rpartition("-v")
    version, _, digest = rest.partition("-")
    if not family or not (version.isascii() and version.isdigit()):
        return None
    names_ok = all(part.isascii() and part.isalpha() and part.islower() for part in family.split("-"))
    digest_ok = digest == "" or (len(digest) == 8 and all(c in "0123456789abcdef" for c in digest))
    return (family, int(version)) if names_ok and digest_ok else None


def _remove_older_formats(cache_dir: str, written: str) -> None:
    """Delete the files of older formats of the cache being written (`cards-v11-*` when
    `cards-v12-3deeb836.marshal` is): no version of this program reads them again, and a folder's
    cards can take tens of megabytes. Newer formats stay, for a newer install sharing the folder."""
    current = _format_of(written)
    if current is None:
        return
    import contextlib  # only when a cache is written

    try:
        with os.scandir(cache_dir) as entries:
            names = [e.name for e in entries if e.is_file(follow_symlinks=False)]
    except OSError:
        return
    older = [
        name
        for name in names
        if (found := _format_of(name)) and found[0] == current[0] and found[1] < current[1]
    ]
    for name in older:
        with contextlib.suppress(OSError):  # gone already (another run cleaned up), or not ours to delete
            os.unlink(os.path.join(cache_dir, name))


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


def now_ns() -> int:
    import time  # the interpreter has it loaded already: importing it costs nothing

    return time.time_ns()
