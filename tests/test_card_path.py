"""The card path as shared folders and laptops present it: files that come and go, odd file names,
odd file systems, and the cache kept beside them. Whatever happens, the other cards still show."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from conftest import refuse_opening, run, run_bounded

CARD = """\
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
    return CARD.format(card_id=card_id, name=name)


def write_card(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


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
        skipped = run("show", "mine")
        assert skipped.code == 1
        assert skipped.stderr.startswith("1 card file skipped: run `pattern validate` to see why\n")
    shown = run("show", "mine")
    assert (shown.code, shown.stderr) == (0, "")
    assert shown.stdout.startswith("Test Pattern (mine)\n")


def test_validate_refuses_a_device_at_once(tmp_path: Path) -> None:
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    for name in ("/dev/zero", str(link)):
        done = run_bounded("validate", name)
        assert done.returncode == 1
        assert done.stdout.startswith(
            f"{name}: cannot read file: it is a character device, not a regular file\n"
        )


def test_validate_refuses_a_fifo_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    done = run_bounded("validate", str(fifo), seconds=15)
    assert done.returncode == 1
    assert done.stdout == f"{fifo}: cannot read file: it is a FIFO (named pipe), not a regular file\n"
    assert done.stderr == "checked 1 file: 1 invalid\n"
