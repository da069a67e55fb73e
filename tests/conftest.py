"""Every test runs with its own empty home folders, so no user card or cache leaks in or out."""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from patterncli.catalog import Catalog, load_catalog
from patterncli.cli.app import app
from patterncli.output import Terminal

REPO = Path(__file__).resolve().parents[1]
SOURCE_NOTES = REPO / "data" / "sources" / "insecure.txt"
# The bundled cards: the transcribed insecure card and the thirteen written for the tool.
FAMILY = {
    "insecure",
    "needy",
    "self-judging",
    "codependent",
    "isolated",
    "suspicious",
    "passive-aggressive",
    "victim",
    "need-denying",
    "compliant",
    "defiant",
    "controlling",
    "prideful",
    "charming",
}


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "home"
    for variable, folder in [
        ("HOME", home),
        ("XDG_DATA_HOME", home / "data"),
        ("XDG_CACHE_HOME", home / "cache"),
        ("XDG_CONFIG_HOME", home / "config"),
    ]:
        monkeypatch.setenv(variable, str(folder))
    for variable in ("PATTERN_PATH", "NO_COLOR", "PAGER", "LESS", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    yield home


@pytest.fixture
def catalog() -> Catalog:
    return load_catalog(cache_dir=None)


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str


ANY = None  # run(..., expect=ANY): the test looks at the exit code itself


def run(
    *args: str,
    expect: int | None = 0,
    env: dict[str, str] | None = None,
    terminal: Terminal | None = None,
) -> Outcome:
    """Run the CLI in-process through Typer's runner, as a user would type it.

    The exit code must be `expect` (0 unless told otherwise); when it is not, the failure shows
    what the command wrote on stderr, so a broken command never surfaces as a JSON decode error.
    `terminal` runs the app as if on that terminal (a tty of some width, colour or not).
    """
    result = CliRunner().invoke(
        app, list(args), env=env, catch_exceptions=False, prog_name="pattern", obj=terminal
    )
    outcome = Outcome(result.exit_code, result.stdout, result.stderr)
    if expect is not None:
        assert outcome.code == expect, (
            f"`pattern {' '.join(args)}` exited {outcome.code}, not {expect}; stderr:\n{outcome.stderr}"
        )
    return outcome


def refuse_opening(monkeypatch: pytest.MonkeyPatch, path: Path, error_number: int = errno.EACCES) -> None:
    """Make the OS refuse to open one file, as for a file without read permission or on a failing disk.

    Simulated rather than done with chmod: root, who runs these tests in containers, may open any file.
    """
    real_open = os.open

    def refusing_open(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if os.fspath(file) == os.fspath(path):
            raise OSError(error_number, os.strerror(error_number), os.fspath(path))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)


def refuse_listing(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make the OS refuse to list one folder, as for a folder without read permission (see refuse_opening)."""
    real_scandir = os.scandir

    def refusing_scandir(path: Any = ".") -> Any:
        if os.fspath(path) == os.fspath(folder):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(folder))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refusing_scandir)


def run_bounded(*args: str, seconds: float = 30) -> subprocess.CompletedProcess[str]:
    """The installed `pattern` as a child with a time limit and 1 GiB of memory, for input that could
    hang a run or grow it without end; the environment is the test's own (its home folders)."""

    def limit_memory() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run(
        [installed_pattern(), *args],
        capture_output=True,
        text=True,
        timeout=seconds,
        env=dict(os.environ),
        preexec_fn=limit_memory,
        check=False,
    )


def installed_pattern() -> str:
    """The console script installed beside this interpreter."""
    script = Path(sys.executable).parent / "pattern"
    assert script.exists(), f"`pattern` is not installed beside {sys.executable}"
    return str(script)


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "FORCE_COLOR", "PAGER", "COLUMNS"}}
    env.update(extra)
    return env


def sgr_codes(text: str) -> set[int]:
    """Every parameter of every SGR escape (ESC [ ... m) in the text."""
    return {
        int(code) for params in re.findall(r"\x1b\[([0-9;]*)m", text) for code in params.split(";") if code
    }


def colour_codes(text: str) -> set[int]:
    """The SGR parameters that set a foreground or background colour (as opposed to bold, italic, dim)."""
    return {c for c in sgr_codes(text) if 30 <= c <= 49 or 90 <= c <= 107}


# A small valid card of the user's own, and writing one where a test wants it.
OWN_CARD = """\
id: {card_id}
name: {name}
provenance:
  kind: written-for-tool
  note: A card written for these tests.
sections:
  - key: behavior
    title: Interpersonal Behavior
    items:
      - Keeps to the edge of the group
"""


def card_text(card_id: str = "mine", name: str = "Test Pattern") -> str:
    return OWN_CARD.format(card_id=card_id, name=name)


def write_card(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


class CallCount:
    """How many times a method is called from now on (it still does its work): for tests that
    guard how much work is done, never how long it takes."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, owner: type, name: str) -> None:
        self.calls = 0
        method = getattr(owner, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return method(*args, **kwargs)

        monkeypatch.setattr(owner, name, counted)


# Entries that test a layout: wide characters, labels too long for their column, tabs, a named
# subtype, a word longer than any line.
TRICKY_ITEMS = [
    {"label": "感情", "text": "a label of wide characters, and its text"},
    {"label": "ab", "text": "a short label"},
    "a plain bullet",
    {"label": "When the client cancels sessions at the last minute", "text": "feels relieved, then guilty"},
    "a tab\there, and trailing spaces   ",
    {"name": "A named subtype", "text": "its text under its name"},
    "a " + "wordwithoutanyspaces" * 5 + " end",
    "Ünïcödé ✓ 😀 and a line long enough to wrap at most of the widths tried here",
]
