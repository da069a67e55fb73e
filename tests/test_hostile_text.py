"""Text from cards, file names and arguments never reaches the terminal or a file as control characters.

A hostile card carries every kind of escape in every field a renderer shows; every command is run
in every format it has, and what comes out is checked: no control character on stdout, stderr or in
an exported note (styled output may hold only the SGR codes Rich writes), the visible words
survive, and JSON gives back the exact text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run
from patterncli.model import card_from_data
from patterncli.output import JSON, PLAIN, STYLED, safe
from patterncli.render import Format, Options, View, render
from patterncli.safe_text import is_safe, unsafe_pattern

SGR = re.compile(r"\x1b\[[0-9;]*m")
OSC_CLIPBOARD = "\x1b]52;c;aGVsbG8=\x1b\\"
CLEAR_SCREEN = "\x1b[2J"
HIDDEN_LINK = "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\"
# Invisible characters that hide text: a zero-width space, a word joiner, a byte-order mark, and
# tag characters spelling "ignore" that no one sees but a program reading an exported note does.
HIDDEN_TEXT = "\u200b\u2060\ufeff" + "".join(chr(0xE0000 + ord(c)) for c in "ignore")
NASTY = f"{OSC_CLIPBOARD} {CLEAR_SCREEN}\a\r\b\x7f\x9b\u202e{HIDDEN_LINK}\u2066\u2028{HIDDEN_TEXT}"


def hostile(word: str) -> str:
    """A visible word wrapped in every kind of control sequence."""
    return f"{word}{NASTY}{word}tail"


def hostile_card(card_id: str = "evil") -> dict[str, object]:
    return {
        "id": card_id,
        "name": hostile("Name"),
        "aliases": [hostile("Alias")],
        "summary": hostile("Summary"),
        "provenance": {
            "kind": "written-for-tool",
            "note": hostile("Note"),
            "sources": [
                {"title": hostile("Title"), "url": "https://example.org/x", "note": hostile("Cited")}
            ],
        },
        "sections": [
            {
                "key": "behavior",
                "title": hostile("Heading"),
                "group": "description",
                "items": [
                    hostile("Item"),
                    {"label": hostile("Label"), "text": hostile("Labelled")},
                    {"name": hostile("Subtype"), "text": hostile("Named"), "more": [hostile("More")]},
                ],
            },
            {
                "key": "distinctions",
                "title": "Distinctions from Other Patterns",
                "group": "distinctions",
                "items": [{"text": hostile("Contrast"), "refers_to": ["insecure"]}],
            },
        ],
    }


@pytest.fixture
def evil_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / "evil.json").write_text(json.dumps(hostile_card()), encoding="utf-8")
    # A broken card whose file name carries escapes: it shows up in messages.
    (folder / f"broken{CLEAR_SCREEN}\x07name.yaml").write_text("id: [", encoding="utf-8")
    monkeypatch.setenv("PATTERN_PATH", str(folder))
    return folder


def assert_safe(text: str, styled: bool = False) -> None:
    bare = SGR.sub("", text) if styled else text
    found = unsafe_pattern().search(bare)
    assert found is None, (
        f"{found.group()!r} at {found.start()}: {bare[max(0, found.start() - 40) : found.end() + 40]!r}"
    )


COMMANDS = [
    ["show", "evil"],
    ["show", "evil", "-s", "behavior"],
    ["show", "evil", "--bare"],
    ["show", "evil", "insecure", "-s", "distinctions"],
    ["show", "--all", "-s", "distinctions"],
    ["list"],
    ["sections", "evil"],
    ["compare", "evil", "insecure"],
    ["search", "Item"],
    ["map", "evil"],
]
FORMATS_OF = {
    "show": ["rich", "plain", "markdown", "json", "html"],
    "list": ["rich", "plain", "markdown", "json"],
    "sections": ["rich", "plain", "markdown", "json"],
    "compare": ["rich", "plain", "markdown", "json", "html"],
    "search": ["rich", "plain", "markdown", "json"],
    "map": ["rich", "plain", "markdown", "json", "mermaid", "dot"],
}
CASES = [(args, fmt) for args in COMMANDS for fmt in FORMATS_OF[args[0]]]


@pytest.mark.parametrize(("args", "fmt"), CASES, ids=[f"{' '.join(a)} -f {f}" for a, f in CASES])
@pytest.mark.usefixtures("evil_folder")
def test_no_control_character_reaches_stdout_or_stderr(args: list[str], fmt: str) -> None:
    out = run(*args, "--format", fmt)
    assert out.code == 0, out.stderr
    assert_safe(out.stdout, styled=fmt == "rich")
    assert_safe(out.stderr)
    if fmt != "json" and args[0] in {"show", "compare"} and args[-1] != "--bare":
        assert "Name" in out.stdout and "tail" in out.stdout  # the visible words survive


@pytest.mark.usefixtures("evil_folder")
def test_json_gives_back_the_exact_text() -> None:
    out = run("show", "evil", "--format", "json")
    assert "\\u202e" in out.stdout and "\\u001b" in out.stdout  # written as escapes ...
    assert json.loads(out.stdout)["name"] == hostile("Name")  # ... that parse back to the very text
    hits = json.loads(run("search", "Item", "--format", "json").stdout)
    assert hostile("Item") in [h["text"] for h in hits]


@pytest.mark.usefixtures("evil_folder")
def test_file_names_in_messages_are_made_visible() -> None:
    out = run("validate", expect=1)
    assert "broken␛[2J␇name.yaml" in out.stdout
    assert_safe(out.stdout)
    assert_safe(out.stderr)


@pytest.mark.usefixtures("evil_folder")
def test_an_exported_vault_holds_no_control_character(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    run("export", str(vault))
    note = (vault / "evil.md").read_text(encoding="utf-8")
    assert "Item␛" in note and "␍" in note  # the escapes between the words became visible
    for path in vault.iterdir():
        assert_safe(path.read_text(encoding="utf-8"))
    # QA: the front matter wrote a card's ESC as YAML's escape "\e", which a notes app reads back as ESC.
    front = yaml.safe_load(note.split("---\n")[1])
    assert "Note␛" in front["source"]
    assert_safe(json.dumps(front, ensure_ascii=False))


def test_a_newline_in_a_folder_name_keeps_each_message_on_one_line(tmp_path: Path) -> None:
    """QA: a folder named with a newline split `paths` and "not a valid card" lines in two, and the
    command suggested to run broke on a space ("Google Drive")."""
    folder = tmp_path / "shared\ncards" / "Google Drive"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text("id: [broken\n", encoding="utf-8")
    env = {"PATTERN_PATH": str(folder)}
    listed = run("paths", env=env).stdout.splitlines()
    assert any(line.startswith("PATTERN_PATH") and line.endswith("Google Drive") for line in listed)
    said = run("show", "mine", env=env, expect=1).stderr.splitlines()[-1]
    assert "shared␊cards" in said
    assert said.endswith("run `pattern validate '" + str(folder / "mine.yaml").replace("\n", "␊") + "'`")


def test_arguments_echoed_in_messages_are_made_visible() -> None:
    out = run("show", f"no{CLEAR_SCREEN}such", expect=1)
    assert_safe(out.stderr)
    assert "no\\x1b[2Jsuch" in out.stderr  # quoted as Python would write it


TEXT_VIEWS = [Format.rich, Format.plain, Format.markdown, Format.json, Format.html]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(min_size=1, max_size=40).filter(lambda t: t.strip() != ""))
def test_any_text_in_any_field_is_safe_in_every_format(text: str) -> None:
    card = card_from_data(
        {
            "id": "any",
            "name": text,
            "summary": text,
            "provenance": {"kind": "written-for-tool", "note": text},
            "sections": [{"key": "behavior", "title": text, "items": [text, {"label": text, "text": text}]}],
        }
    )
    for kind in TEXT_VIEWS:
        out = render(View.show, card, kind, Options(width=60))
        final = safe(out, STYLED if kind is Format.rich else JSON if kind is Format.json else PLAIN)
        assert_safe(final, styled=kind is Format.rich)
        if kind is Format.json:
            assert json.loads(final)["name"] == text


def test_the_quick_safety_check_and_the_replacing_pattern_agree() -> None:
    """`visible` trusts a quick check to say a text is safe and a pattern to replace what is not:
    one list. Also within text, ASCII or not: the check looks at the wide blocks only there."""
    codes = [*range(0x3000), *range(0xD7F0, 0xE010), 0xFEFF, *range(0xDFFF0, 0xE0090), 0x10FFFF]
    for code in codes:
        char = chr(code)
        unsafe = unsafe_pattern().fullmatch(char) is not None
        for text in (char, f"plain {char} text", f"«{char}» é"):
            assert is_safe(text) != unsafe, (hex(code), text)


# Rich drops these five from a Text's string as it is made: they must be made visible before.
DROPPED_BY_RICH = "\a\b\x0b\x0c\r"
SHOWN_AS = "\u2407\u2408\u240b\u240c\u240d"  # ␇␈␋␌␍


@pytest.mark.parametrize("kind", [Format.rich, Format.plain, Format.markdown, Format.html])
def test_every_control_character_shows_as_its_stand_in(kind: Format) -> None:
    """None vanishes: a clinician sees that the card holds something odd, where it is."""
    card = card_from_data(
        {
            "id": "odd",
            "name": "Odd Pattern",
            "provenance": {"kind": "written-for-tool", "note": "x"},
            "sections": [
                {"key": "behavior", "title": "Behavior", "items": [f"Zonkers {DROPPED_BY_RICH} wobbly"]}
            ],
        }
    )
    out = render(View.show, card, kind, Options(width=100))
    final = SGR.sub("", safe(out, STYLED if kind is Format.rich else PLAIN))
    assert f"Zonkers {SHOWN_AS} wobbly" in final


@pytest.mark.usefixtures("evil_folder")
def test_a_highlight_after_a_control_character_falls_on_its_word(evil_folder: Path) -> None:
    odd = {**hostile_card("odd"), "name": "Odd", "aliases": []}
    odd["sections"] = [
        {
            "key": "behavior",
            "title": "Behavior",
            "items": [f"Zonkers {DROPPED_BY_RICH} wobbly gloomy zonkers"],
        }
    ]
    (evil_folder / "odd.json").write_text(json.dumps(odd), encoding="utf-8")
    out = run(
        "search", "gloomy zonkers", "-p", "odd", "-f", "rich", env={"FORCE_COLOR": "1", "COLUMNS": "120"}
    )
    bold_words = re.findall(r"\x1b\[[0-9;]*1;33m([^\x1b]*)\x1b\[0m", out.stdout)
    assert "gloomy zonkers" in " ".join(bold_words) or {"gloomy", "zonkers"} <= set(bold_words), out.stdout
    assert SHOWN_AS in SGR.sub("", out.stdout)


@pytest.mark.parametrize("command", [["show", "insecure"], ["compare", "insecure", "needy"]])
def test_an_absurd_terminal_width_is_taken_as_the_widest_screen(command: list[str]) -> None:
    """QA: COLUMNS=99999999999 ran Rich out of memory (an internal error, status 70)."""
    out = run(*command, "-f", "rich", env={"COLUMNS": "99999999999"})
    assert "Insecure Pattern" in out.stdout
    assert max(len(line) for line in SGR.sub("", out.stdout).splitlines()) <= 10_000
