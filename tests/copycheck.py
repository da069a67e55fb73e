"""The own-words check: no run of 7 words of a consulted source may appear in a card written for this tool.

Only hashes of each source's 7-word runs are kept (tests/source_shingles/NAME.txt), never the
source text itself. To record a source after reading it:

    python tests/copycheck.py add NAME URL < source.txt

The first line of the file names the source; every other line is one hash.
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

RUN = 7
SHINGLES = Path(__file__).resolve().parent / "source_shingles"
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")


def words(text: str) -> list[str]:
    """Lower-case words, accents dropped, curly apostrophes straightened: what a reader counts as a word."""
    text = unicodedata.normalize("NFKD", text.casefold()).replace("’", "'").replace("‘", "'")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _WORD.findall(text)


def runs(text: str, size: int = RUN) -> Iterator[tuple[str, ...]]:
    found = words(text)
    for start in range(len(found) - size + 1):
        yield tuple(found[start : start + size])


def digest(run: tuple[str, ...]) -> str:
    # 12 hex digits (48 bits): with tens of thousands of runs on each side a false match is about
    # one in a million, and the files stay small.
    return hashlib.sha256(" ".join(run).encode("utf-8")).hexdigest()[:12]


def hashes(text: str) -> set[str]:
    return {digest(run) for run in runs(text)}


def load_all(folder: Path = SHINGLES) -> dict[str, set[str]]:
    """Every recorded source's hashes, by file name."""
    found: dict[str, set[str]] = {}
    for path in sorted(folder.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        found[path.stem] = {line.strip() for line in lines[1:] if line.strip()}
    return found


def copied_runs(text: str, sources: dict[str, set[str]]) -> Iterable[tuple[str, str]]:
    """(source name, the 7 words) for each run of `text` that a source also has."""
    for run in runs(text):
        h = digest(run)
        for name, known in sources.items():
            if h in known:
                yield name, " ".join(run)


def record(name: str, url: str, text: str, folder: Path = SHINGLES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.txt"
    body = "\n".join(sorted(hashes(text)))
    path.write_text(f"# {url}\n{body}\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "add":
        sys.exit("usage: python tests/copycheck.py add NAME URL < source.txt")
    written = record(sys.argv[2], sys.argv[3], sys.stdin.read())
    print(f"{written}: {len(written.read_text().splitlines()) - 1} runs")
