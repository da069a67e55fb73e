"""Broken, hostile and huge card files: each is reported once and skipped; the tool never crashes or hangs."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.main import get_command
from typer.testing import CliRunner

from conftest import ANY, REPO, refuse_opening, run, run_bounded
from patterncli.cardfile import MAX_CARD_BYTES, parse_card_text
from patterncli.cli.app import app
from patterncli.errors import CardFileError
from patterncli.model import card_from_data
from patterncli.render import Options, plain

INSECURE_HEADING = "Insecure Pattern (insecure)\n"
VALID_CARD = (REPO / "data" / "needy.yaml").read_text(encoding="utf-8")

BILLION_LAUGHS = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def write(folder: Path, name: str, content: bytes | str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A PATTERN_PATH folder of files that must each be refused, with the cwd where a payload would land."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    monkeypatch.chdir(tmp_path)
    payload = f"touch {tmp_path / 'PWNED'}"
    files = {
        "empty": write(folder, "empty.yaml", b""),
        "binary": write(folder, "binary.yaml", b"\x89PNG\r\n\x1a\n\x00\xff\xfe\x00 junk"),
        "latin-1": write(folder, "latin-1.yaml", VALID_CARD.replace("Needy", "Nééd").encode("latin-1")),
        "python-tag": write(folder, "python-tag.yaml", f"!!python/object/apply:os.system [{payload!r}]\n"),
        "nested-tag": write(
            folder,
            "nested-tag.yaml",
            VALID_CARD.replace("id: needy", f"id: !!python/object/apply:os.system [{payload!r}]"),
        ),
        "alias-bomb": write(folder, "alias-bomb.yaml", BILLION_LAUGHS),
        "huge": write(folder, "huge.yaml", VALID_CARD + "# padding\n" * (MAX_CARD_BYTES // 10)),
        "json-array": write(folder, "json-array.json", json.dumps([1, 2, 3])),
        "broken-json": write(folder, "broken-json.json", '{"id": "x", '),
        "unreadable": write(folder, "unreadable.yaml", VALID_CARD.replace("id: needy", "id: unreadable")),
    }
    files["unreadable"].chmod(0)
    refuse_opening(monkeypatch, files["unreadable"])
    files["dangling"] = folder / "dangling.yaml"
    files["dangling"].symlink_to(folder / "nowhere")
    files["loop"] = folder / "loop.yaml"
    files["loop"].symlink_to(folder / "loop.yaml")
    files["fifo"] = folder / "fifo.yaml"
    os.mkfifo(files["fifo"])
    files["device"] = folder / "device.yaml"
    files["device"].symlink_to("/dev/zero")
    (folder / "a-folder.yaml").mkdir()  # a sub-folder, not a card file: never read, never reported
    monkeypatch.setenv("PATTERN_PATH", str(folder))
    return files


def test_a_folder_of_hostile_files_never_stops_a_card_showing(
    hostile: dict[str, Path], tmp_path: Path
) -> None:
    started = time.monotonic()
    out = run("show", "insecure")
    assert time.monotonic() - started < 5  # the alias bomb is refused, not expanded
    assert out.code == 0
    assert out.stdout.startswith(INSECURE_HEADING)
    assert "Traceback" not in out.stderr
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize("second_run", [False, True], ids=["parsed", "from-cache"])
def test_hostile_files_are_skipped_with_one_line_pointing_to_validate(
    hostile: dict[str, Path], second_run: bool
) -> None:
    if second_run:
        run("show", "insecure")
    out = run("show", "insecure")
    assert out.stderr == f"{len(hostile)} card files skipped: run `pattern validate` to see why\n"


@pytest.mark.parametrize(
    ("kind", "where", "message"),
    [
        ("empty", "", "file is empty"),
        ("binary", "", "not UTF-8 text (byte 0: b'\\x89')"),
        ("latin-1", "", "not UTF-8 text"),
        ("python-tag", ":1:1", "YAML tag tag:yaml.org,2002:python/object/apply:os.system is not allowed"),
        ("nested-tag", f":{VALID_CARD.splitlines().index('id: needy') + 1}:5", "is not allowed"),
        ("alias-bomb", ":1:4", "YAML anchors and aliases are not allowed (a card or thesaurus file"),
        ("huge", "", "cards are limited to 1048576 bytes (1 MiB)"),
        ("json-array", ":1:1", "a card file holds one card, a mapping of its fields, not a list"),
        ("broken-json", ":", "YAML: while parsing a flow node"),
        ("unreadable", "", "cannot read file: Permission denied"),
        ("dangling", "", "cannot read file: it is a dangling symbolic link (to {folder}/nowhere, which"),
        ("loop", "", "cannot read file: Too many levels of symbolic links"),
        ("fifo", "", "cannot read file: it is a FIFO (named pipe), not a regular file"),
        ("device", "", "cannot read file: it is a character device, not a regular file"),
    ],
)
def test_validate_reports_each_hostile_file_with_its_line_when_known(
    hostile: dict[str, Path], kind: str, where: str, message: str
) -> None:
    stdout = run("validate", expect=1).stdout
    reported = next(line for line in stdout.splitlines() if line.startswith(f"{hostile[kind]}:"))
    assert reported.startswith(f"{hostile[kind]}{where}")
    assert message.format(folder=hostile[kind].parent) in reported


def test_validate_reports_every_hostile_file_as_invalid(hostile: dict[str, Path], tmp_path: Path) -> None:
    out = run("validate", expect=1)
    for path in hostile.values():
        assert out.stdout.count(f"{path}:") >= 1, path
    assert f"{len(hostile)} invalid" in out.stderr
    assert not (tmp_path / "PWNED").exists()


DEEP_NESTING = 990  # just inside libyaml's own limit of 1000 levels, so the YAML parser accepts it


def test_a_deeply_nested_card_file_is_reported_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "deep.yaml", "[" * DEEP_NESTING + "]" * DEEP_NESTING)
    monkeypatch.setenv("PATTERN_PATH", str(tmp_path))
    out = run("show", "insecure")
    assert out.stderr == "1 card file skipped: run `pattern validate` to see why\n"


def test_validate_reports_a_deeply_nested_card_file(tmp_path: Path) -> None:
    deep = write(tmp_path, "deep.yaml", "[" * DEEP_NESTING + "]" * DEEP_NESTING)
    out = run("validate", str(deep), expect=1)
    assert out.stdout.startswith(f"{deep}:")


def test_a_pattern_path_folder_that_does_not_exist_is_ignored(tmp_path: Path) -> None:
    out = run("show", "insecure", env={"PATTERN_PATH": f"{tmp_path / 'missing'}:{tmp_path / 'also-missing'}"})
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout.startswith(INSECURE_HEADING)


def test_a_pattern_path_entry_that_is_a_file_is_ignored(tmp_path: Path) -> None:
    not_a_folder = write(tmp_path, "cards.yaml", VALID_CARD)
    out = run("show", "insecure", env={"PATTERN_PATH": str(not_a_folder)})
    assert (out.code, out.stderr) == (0, "")


def test_an_unwritable_cache_costs_nothing_but_speed(tmp_path: Path) -> None:
    cache_home = write(tmp_path, "cache-is-a-file", "x")
    for _ in range(2):
        out = run("show", "insecure", env={"XDG_CACHE_HOME": str(cache_home)})
        assert (out.code, out.stderr) == (0, "")
        assert out.stdout.startswith(INSECURE_HEADING)
    assert cache_home.read_text(encoding="utf-8") == "x"


def test_a_garbled_cache_is_ignored(isolated_home: Path) -> None:
    first = run("show", "insecure").stdout
    cache_files = list((isolated_home / "cache").rglob("cards-*"))
    assert cache_files
    for cache_file in cache_files:
        cache_file.write_bytes(b"\xff{ not json")
    out = run("show", "insecure")
    assert (out.code, out.stdout, out.stderr) == (0, first, "")


def _with_entries_of_the_wrong_shape(cache: Path) -> None:
    """Every file's entries in a thesaurus cache made a number, the cache otherwise as written."""
    from patterncli.cachefile import pack, unpack

    stored: Any = unpack(cache.read_bytes())
    for entry in stored["files"].values():
        entry["entries"] = 5
    cache.write_bytes(pack(stored))


@pytest.mark.parametrize("damage", ["a byte flipped", "entries of the wrong shape"])
def test_a_garbled_thesaurus_cache_is_ignored(isolated_home: Path, damage: str) -> None:
    """Review: the thesaurus's entries were cached as JSON without a CRC, and trusted as read: one
    garbled entry gave "internal error" (exit 70) on every search and match until it was deleted."""
    traits = ("shy and hesitant", "sure others will turn her down")
    first = run_bounded("search", "fear of rejection").stdout, run_bounded("match", *traits).stdout
    caches = list((isolated_home / "cache").rglob("thesaurus-*"))
    assert any(re.match(r"thesaurus-v[0-9]+[.]", cache.name) for cache in caches)
    for cache in caches:
        if not re.match(r"thesaurus-v[0-9]+[.]", cache.name):
            cache.unlink()  # built from the entries (the phrase books, the examples): gone, so they are read
        elif damage == "a byte flipped":
            raw = bytearray(cache.read_bytes())
            raw[-5] ^= 0xFF
            cache.write_bytes(bytes(raw))
        else:
            _with_entries_of_the_wrong_shape(cache)
    for _ in range(2):  # and the run after it, from the caches written again (each run a process)
        searched, matched = run_bounded("search", "fear of rejection"), run_bounded("match", *traits)
        assert (searched.returncode, searched.stderr, matched.returncode, matched.stderr) == (0, "", 0, "")
        assert (searched.stdout, matched.stdout) == first


# Properties ------------------------------------------------------------------------


def parse(raw: bytes) -> None:
    """Reading any bytes as a card gives checked data that renders, or CardFileError: nothing else."""
    try:
        data = parse_card_text(raw, "fuzz.yaml")
    except CardFileError as err:
        assert err.problems
        assert all(p.path == "fuzz.yaml" for p in err.problems)
        return
    plain.show(card_from_data(data), Options())


@settings(max_examples=200, deadline=1000)
@given(st.binary(max_size=2000))
def test_any_bytes_as_a_card_never_raise_anything_but_card_file_error(raw: bytes) -> None:
    parse(raw)


@settings(max_examples=200, deadline=1000)
@given(st.text(max_size=2000))
def test_any_text_as_a_card_never_raise_anything_but_card_file_error(text: str) -> None:
    parse(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=200, deadline=1000)
@given(st.integers(min_value=0, max_value=VALID_CARD.count("\n")), st.text(max_size=80))
def test_a_valid_card_with_one_line_replaced_by_any_text(line_number: int, text: str) -> None:
    """Mostly still YAML, so the schema and section checks get exercised, not just the YAML scanner."""
    lines = VALID_CARD.splitlines()
    lines[line_number : line_number + 1] = [text]
    parse("\n".join(lines).encode("utf-8", "surrogatepass"))


COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]
KNOWN_WORDS = [
    *COMMANDS,
    "insecure",
    "needy",
    "Insecure Pattern",
    "countertransference",
    "-s",
    "--section",
    "-f",
    "--format",
    "json",
    "plain",
    "markdown",
    "rich",
    "html",
    "mermaid",
    "dot",
    "--force",
    "--no-pager",
    "-n",
    "-p",
    "0",
    "-1",
    "99999",
    "-h",
    "--",
    "-",
    "",
    "card.yaml",
    "x.json",
]
# No "/", "\\", "." or "~": a generated path stays inside the test's own folder (export and new write files).
# No NUL: no program can receive one in its arguments.
FREE_TEXT = st.text(
    alphabet=st.characters(exclude_characters="\x00/\\.~", exclude_categories=["Cs"]), max_size=15
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    command=st.sampled_from(COMMANDS),
    args=st.lists(st.one_of(st.sampled_from(KNOWN_WORDS), FREE_TEXT), max_size=5),
)
def test_any_arguments_to_any_command_end_in_an_exit_code(
    command: str, args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, [command, *args], catch_exceptions=False, prog_name="pattern")
    assert result.exit_code in {0, 1, 2}, (command, args, result.output)
    assert "Traceback" not in result.stderr


def test_a_multi_line_yaml_message_stays_one_line_in_validate(tmp_path: Path) -> None:
    bell = write(tmp_path, "bell.yaml", "id: \x07\n")
    out = run("validate", str(bell), expect=1)
    assert out.stdout.count("\n") == 1
    assert out.stdout.startswith(f"{bell}:1:5: YAML: control characters are not allowed (U+0007)")


@pytest.mark.parametrize(
    ("raw", "place"),
    [
        (b'id: ctl\nname: ok\nsummary: "tab\x1bhere"\n', "3:14"),  # an escape character
        (b"id: nul\nname: A\x00B\n", "2:8"),
        (b"id: latin\nname: Caf\xe9\n", "2:10"),  # Latin-1, not UTF-8
        (b"id: latin\nname: \xc3\xa9t\xc3\xa9 Caf\xe9\n", "2:14"),  # the column counts characters
        ("id: abc\nname: éééééééééé x\x01y\n".encode(), "2:19"),  # after letters of two bytes
    ],
)
def test_a_character_a_card_may_not_hold_is_reported_at_its_line_and_column(
    tmp_path: Path, raw: bytes, place: str
) -> None:
    """FILE:LINE:COL, as for every other problem, so an editor can jump to it (found in QA: these
    had only a byte or character offset, and PyYAML's own wording)."""
    card = tmp_path / "card.yaml"
    card.write_bytes(raw)
    out = run("validate", str(card), expect=1)
    assert out.stdout.startswith(f"{card}:{place}: "), out.stdout
    assert "<unicode string>" not in out.stdout


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
def test_validate_prints_every_problem_of_any_file_as_one_located_line(text: str, tmp_path: Path) -> None:
    card = write(tmp_path, "fuzz.yaml", text.encode("utf-8", "surrogatepass"))
    out = run("validate", str(card), expect=ANY)
    assert out.code in {0, 1}
    assert all(line.startswith(f"{card}:") for line in out.stdout.splitlines()), out.stdout
    assert out.stderr == f"checked 1 file: {out.code} invalid\n"


def test_a_file_with_a_thousand_problems_gets_twenty_lines_and_a_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    numbers = "".join(f"      - {n}\n" for n in range(1000))  # numbers, not lines of text: 1000 problems
    card = write(
        tmp_path / "cards", "numbers.yaml", VALID_CARD.replace("    items:\n", f"    items:\n{numbers}", 1)
    )
    monkeypatch.setenv("PATTERN_PATH", str(card.parent))

    out = run("validate", expect=1)
    lines = out.stdout.splitlines()
    assert len(lines) == 21
    assert all(
        line.startswith(f"{card}:") and "an item must be a line of text" in line for line in lines[:20]
    )
    assert lines[20] == f"{card}: ... and 980 more problems"

    assert run("show", "insecure").stderr == "1 card file skipped: run `pattern validate` to see why\n"
    cached = [f for f in (isolated_home / "cache").rglob("cards-*") if b"numbers.yaml" in f.read_bytes()]
    assert [f.stat().st_size < 10_000 for f in cached] == [True]  # 21 problems kept, not 1000


def test_a_card_with_ten_thousand_sections_shows_and_compares_in_linear_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sections = "".join(
        f"  - key: phase-{n}\n    title: Phase {n}\n    group: treatment\n    items:\n      - Step {n}\n"
        for n in range(10_000)
    )
    head = (
        "id: long\nname: Long Pattern\nprovenance:\n  kind: written-for-tool\n  note: Generated.\nsections:\n"
    )
    monkeypatch.setenv("PATTERN_PATH", str(write(tmp_path / "cards", "long.yaml", head + sections).parent))
    assert run("show", "long").code == 0  # parsed once (seconds: the schema check); then cached
    for command in (["show", "long"], ["compare", "long", "insecure"], ["show", "long", "-s", "phase-9999"]):
        started = time.monotonic()
        run(*command)
        assert time.monotonic() - started < 3, command  # a scan per section took 10 s and more


FORGED = "insecure    Insecure Pattern    transcribed notes    FORGED"


def _forge_summary(card: dict[str, Any]) -> None:
    card["summary"] = f"Needs others.\n{FORGED}"


def _forge_item(card: dict[str, Any]) -> None:
    card["sections"][0]["items"][0] = f"Clings.\n{FORGED}"


def _forge_title(card: dict[str, Any]) -> None:
    card["sections"][0]["title"] = f"Behavior\t{FORGED}"


def _forge_note(card: dict[str, Any]) -> None:
    card["provenance"]["note"] = f"A card.\n{FORGED}"


def _forge_labelled_item(card: dict[str, Any]) -> None:
    # QA: a tab in a labelled item's text was told "an item must be a line of text, or a mapping".
    card["sections"][0]["items"].append({"label": "Lab", "text": f"a\t{FORGED}"})


@pytest.mark.parametrize(
    "forge", [_forge_summary, _forge_item, _forge_labelled_item, _forge_title, _forge_note]
)
def test_a_line_break_or_tab_in_a_card_line_makes_the_card_invalid_so_no_row_is_forged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forge: Any
) -> None:
    """A card line with a line break or tab in it would pass for lines of the output (a forged
    row of `list`, a hit credited to another card): validate names it, and no look-up shows it."""
    card = yaml.safe_load(VALID_CARD)
    card["id"], card["name"] = "forger", "Forger"
    forge(card)
    folder = tmp_path / "cards"
    write(folder, "forger.yaml", yaml.safe_dump(card))
    monkeypatch.setenv("PATTERN_PATH", str(folder))
    reported = run("validate", str(folder / "forger.yaml"), expect=1).stdout
    assert "holds a line break or a tab: each line of a card is one line" in reported, reported
    for args in (["list"], ["search", "FORGED"], ["show", "forger"]):
        assert "FORGED" not in run(*args, expect=None).stdout


def test_a_folder_whose_only_card_is_invalid_is_searched_as_an_empty_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    """Its search index holds no line at all (it had ended in an internal error)."""
    folder = tmp_path / "cards"
    write(folder, "bad.yaml", "id: x\n")
    monkeypatch.setenv("PATTERN_PATH", str(folder))
    for _ in range(2):  # the index built, then read back
        out = run("search", "fear of rejection", "-f", "plain")
        assert out.stdout.startswith("insecure")
        assert out.stderr == "1 card file skipped: run `pattern validate` to see why\n"


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_lines_are_counted_as_an_editor_counts_them(tmp_path: Path, separator: str) -> None:
    """YAML breaks lines at U+2028, U+2029 and NEL too; an editor (and `cat -n`) does not: the
    problem on the fifth line is on line 5 (found in QA: it was line 6)."""
    card = tmp_path / "card.yaml"
    card.write_text(
        f'id: sep\nname: "A{separator}B Pattern"\nsummary: s\n'
        "provenance: {kind: written-for-tool, note: n}\nsections: 5\n",
        encoding="utf-8",
    )
    out = run("validate", str(card), expect=1)
    assert out.stdout.startswith(f"{card}:5:11: "), out.stdout


def test_an_item_too_long_is_said_to_be_too_long(tmp_path: Path) -> None:
    """QA: a 4,000-character line was told "an item must be a line of text": it is one, too long."""
    card = {
        "id": "longitem",
        "name": "Long Item Pattern",
        "summary": "A card whose items are too long.",
        "provenance": {"kind": "written-for-tool", "note": "Made for this test."},
        "sections": [
            {
                "key": "behavior",
                "title": "Interpersonal Behavior",
                "items": ["a" * 4000, {"label": "Long", "text": "b" * 5000}, "fine"],
            }
        ],
    }
    path = write(tmp_path, "longitem.yaml", yaml.safe_dump(card, width=10**6).encode())
    said = run("validate", str(path), expect=1).stdout.splitlines()
    assert len(said) == 2
    assert "sections[0].items[0]: 'aaa" in said[0] and "is too long (at most 2000 characters)" in said[0]
    assert "sections[0].items[1].text: 'bbb" in said[1] and "is too long" in said[1]
