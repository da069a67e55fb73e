"""A clinician's own cards: validate, schema, paths, new and export, as a user runs them."""

from __future__ import annotations

import json
from itertools import groupby
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from markdown_it import MarkdownIt

from conftest import REPO, card_text, run, write_card
from patterncli.cardfile import card_schema
from patterncli.catalog import user_cards_dir
from patterncli.model import group_title

BUNDLED = REPO / "data"
# The card files: the thesaurus beside them is no card.
BUNDLED_FILES = sorted(
    p for p in BUNDLED.iterdir() if p.suffix in {".yaml", ".yml", ".json"} and p.name != "thesaurus.yaml"
)
CHECKED = len(BUNDLED_FILES) + 1  # validate checks the bundled thesaurus too


def position(text: str, needle: str, value: str | None = None) -> tuple[int, int]:
    """1-based line of the first line holding needle, and column of value (default: needle) in it."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number, line.index(value or needle) + 1
    raise AssertionError(f"{needle!r} not in the card")


def lines_about(stdout: str, path: Path) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith(f"{path}:")]


# validate ---------------------------------------------------------------------


def test_validate_finds_the_bundled_cards_valid() -> None:
    out = run("validate")
    assert out.stdout == ""
    assert out.stderr == f"checked {CHECKED} files: 0 invalid\n"


def test_validate_refuses_an_empty_file_name() -> None:
    """It would be the current folder, and "checked 0 files" would pass for a success."""
    assert "an empty file name" in run("validate", "", expect=2).stderr


@pytest.fixture
def broken_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, tuple[Path, str]]:
    """One card file per kind of mistake, each with the text it was written from."""
    base = card_text()
    texts = {
        "bad-id": base.replace("id: mine", "id: Bad_Id"),
        "unknown-key": base.replace("name: Test Pattern\n", "name: Test Pattern\ncolour: blue\n"),
        "wrong-type": base.replace("name: Test Pattern\n", "name: Test Pattern\naliases: 3\n"),
        "yaml-boolean": base.replace("name: Test Pattern\n", "name: Test Pattern\naliases: [no]\n"),
        "yaml-date": base.replace("name: Test Pattern\n", "name: Test Pattern\nsummary: 2024-01-01\n"),
        "duplicate-section": base
        + "  - key: behavior\n    title: Behavior Again\n    items:\n      - Another line\n",
        "unknown-reference": base.replace(
            "      - Keeps to the edge of the group\n",
            "      - text: Unlike the nobody pattern\n        refers_to: [insecure, nobody]\n",
        ),
        "syntax": base.replace("name: Test Pattern\n", "name: Test Pattern\n  bad: indentation\n"),
    }
    folder = tmp_path / "cards"
    monkeypatch.setenv("PATTERN_PATH", str(folder))
    return {
        kind: (write_card(folder, f"{kind}.yaml", text.replace("id: mine", f"id: {kind}")), text)
        for kind, text in texts.items()
    }


@pytest.mark.parametrize(
    ("kind", "needle", "value", "message"),
    [
        ("bad-id", "id: Bad_Id", "Bad_Id", "'Bad_Id' is not a valid id"),
        ("unknown-key", "colour: blue", "colour", "unknown key 'colour'"),
        ("wrong-type", "aliases: 3", "3", "aliases: 3 is not of type 'array'"),
        (
            "yaml-boolean",
            "aliases: [no]",
            "no",
            "aliases[0]: false is not text: put the value in quotes (YAML reads an unquoted yes, no",
        ),
        (
            "yaml-date",
            "summary: 2024-01-01",
            "2024-01-01",
            "YAML reads 2024-01-01 as a date, not text: put it in quotes",
        ),
        ("unknown-reference", "refers_to:", "nobody", "no card 'nobody' on the card path"),
    ],
)
def test_validate_reports_each_mistake_at_its_line_and_column(
    broken_folder: dict[str, tuple[Path, str]], kind: str, needle: str, value: str, message: str
) -> None:
    path, text = broken_folder[kind]
    line, column = position(text, needle, value)
    out = run("validate", expect=1)
    reported = lines_about(out.stdout, path)
    assert len(reported) == 1, reported
    assert reported[0].startswith(f"{path}:{line}:{column}: ")
    assert message in reported[0]


def test_validate_reports_a_duplicate_section_key_at_the_second_key(
    broken_folder: dict[str, tuple[Path, str]],
) -> None:
    path, text = broken_folder["duplicate-section"]
    second_key_line = [n for n, line in enumerate(text.splitlines(), 1) if "key: behavior" in line][1]
    reported = lines_about(run("validate", expect=1).stdout, path)
    assert reported == [f"{path}:{second_key_line}:10: duplicate section key 'behavior'"]


def test_validate_reports_a_yaml_syntax_error_at_its_line(
    broken_folder: dict[str, tuple[Path, str]],
) -> None:
    path, text = broken_folder["syntax"]
    line, _ = position(text, "bad: indentation")
    reported = lines_about(run("validate", expect=1).stdout, path)
    assert len(reported) == 1
    assert reported[0].startswith(f"{path}:{line}:")
    assert "YAML: mapping values are not allowed" in reported[0]


BEGINNERS_CARD = """\
id: first-card
name: First Card
aliases: 3
summary: Replace with one line shown by pattern list
provenance:
  kind: written-for-tool
  note: Mine.
sections:
  - key: behaviour
    title: Behavior
    group: descripton
    items:
      - text: Unlike the nobody pattern
        refers_to: [nobody]
  - key: behaviour
    title: Behavior Again
    title: Twice
    group: descripton
    items:
      - Replace with what the client expects and feels
  - key: my-own-notes
    title: My Notes
    group: supervision
    items:
      - Keeps to the edge of the group
"""


def test_validate_reports_every_mistake_of_a_file_in_one_run(tmp_path: Path) -> None:
    card = write_card(tmp_path, "first-card.yaml", BEGINNERS_CARD)
    out = run("validate", str(card), expect=1)
    assert [line.removeprefix(f"{card}:") for line in out.stdout.splitlines()] == [
        "3:10: aliases: 3 is not of type 'array'",
        "4:10: summary: template text still in place: 'Replace with one line shown by pattern list'; "
        "write your own, or delete it",
        "9:10: note: sections[0].key: section key 'behaviour' is not a key of the bundled cards, "
        "so `compare` will not line it up (did you mean 'behavior'?)",
        "11:12: note: sections[0].group: 'descripton' is a group of your own (did you mean 'description'?)",
        "14:21: sections[0].items[0].refers_to[0]: no card 'nobody' on the card path",
        "15:10: duplicate section key 'behaviour'",
        "17:5: duplicate key 'title'",
        "20:9: sections[1].items[0]: template text still in place: 'Replace with what the client expects "
        "and feels'; write your own, or delete it",
        "23:12: note: sections[2].group: 'supervision' is a group of your own "
        "(the usual ones: description, dynamics, distinctions, concepts, relationship, treatment)",
    ]
    assert out.stderr == "checked 1 file: 1 invalid, 3 notes\n"


def test_a_group_of_ones_own_and_a_key_of_ones_own_are_notes_not_errors(tmp_path: Path) -> None:
    text = card_text().replace(
        "    title: Interpersonal Behavior\n", "    title: Interpersonal Behavior\n    group: supervision\n"
    )
    card = write_card(tmp_path, "mine.yaml", text.replace("key: behavior", "key: my-own-notes"))
    out = run("validate", str(card))
    assert out.stdout == (
        f"{card}:9:12: note: sections[0].group: 'supervision' is a group of your own "
        "(the usual ones: description, dynamics, distinctions, concepts, relationship, treatment)\n"
    )
    run("show", "mine", env={"PATTERN_PATH": str(tmp_path)})


def test_validate_summary_counts_every_file_and_every_invalid_one(
    broken_folder: dict[str, tuple[Path, str]],
) -> None:
    out = run("validate", expect=1)
    assert out.stderr == f"checked {CHECKED + len(broken_folder)} files: {len(broken_folder)} invalid\n"
    assert all(":" in line for line in out.stdout.splitlines())  # nothing but problems on stdout


def test_a_loading_problem_is_reported_once_and_only_on_stdout(
    broken_folder: dict[str, tuple[Path, str]],
) -> None:
    path, _ = broken_folder["syntax"]
    out = run("validate", expect=1)
    assert (out.stdout + out.stderr).count(str(path)) == 1


def test_validate_only_the_files_named(broken_folder: dict[str, tuple[Path, str]]) -> None:
    bad, _ = broken_folder["bad-id"]
    out = run("validate", str(bad), expect=1)
    assert [line.split(": ")[0] for line in out.stdout.splitlines()] == [f"{bad}:1:5"]
    assert out.stderr == "checked 1 file: 1 invalid\n"


def test_validate_one_good_file_exits_0(tmp_path: Path) -> None:
    good = write_card(tmp_path / "drafts", "mine.yaml", card_text())
    out = run("validate", str(good))
    assert (out.code, out.stdout, out.stderr) == (0, "", "checked 1 file: 0 invalid\n")


def test_validate_a_file_referring_to_a_card_on_the_path_or_given_with_it(tmp_path: Path) -> None:
    text = card_text("first").replace(
        "      - Keeps to the edge of the group\n",
        "      - text: Unlike the second\n        refers_to: [second, needy]\n",
    )
    first = write_card(tmp_path, "first.yaml", text)
    second = write_card(tmp_path, "second.yaml", card_text("second"))
    run("validate", str(first), str(second))
    alone = run("validate", str(first), expect=1)
    assert "no card 'second' on the card path" in alone.stdout


def test_a_missing_file_is_an_invalid_card_not_a_crash(tmp_path: Path) -> None:
    out = run("validate", str(tmp_path / "nowhere.yaml"), expect=1)
    assert out.stdout == f"{tmp_path / 'nowhere.yaml'}: cannot read file: No such file or directory\n"


def test_two_cards_with_one_id_in_one_folder_are_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cards"
    write_card(folder, "a.yaml", card_text("twin"))
    second = write_card(folder, "b.yaml", card_text("twin"))
    monkeypatch.setenv("PATTERN_PATH", str(folder))
    out = run("validate", expect=1)
    assert out.stdout == f"{second}:1:5: id 'twin' is already used by {folder / 'a.yaml'}\n"


def test_a_file_off_the_path_with_a_cards_id_is_not_said_to_be_overridden(tmp_path: Path) -> None:
    """QA: a saved `show insecure -f json`, validated where it lay, was "overridden by" the bundled
    card: nothing overrides a file the card path does not reach."""
    saved = tmp_path / "insecure.json"
    saved.write_text(run("show", "insecure", "-f", "json").stdout, encoding="utf-8")
    out = run("validate", str(saved))
    assert "overridden" not in out.stdout
    assert (
        f"note: not on the card path, which has a card 'insecure': {BUNDLED / 'insecure.yaml'}" in out.stdout
    )


def test_overriding_a_bundled_card_is_a_note_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cards"
    mine = write_card(folder, "insecure.yaml", card_text("insecure"))
    monkeypatch.setenv("PATTERN_PATH", str(folder))
    out = run("validate")
    assert out.stdout == f"{BUNDLED / 'insecure.yaml'}:6:5: note: card 'insecure' is overridden by {mine}\n"
    assert out.stderr.endswith(": 0 invalid, 1 note\n")


def test_a_file_the_path_would_not_read_gets_a_note(tmp_path: Path) -> None:
    draft = write_card(tmp_path, "mine.txt", card_text())
    out = run("validate", str(draft))
    assert "not read from the card path: card files end in .yaml, .yml, .json" in out.stdout


# schema and paths ---------------------------------------------------------------


def test_schema_prints_the_card_schema_as_json() -> None:
    out = run("schema")
    assert json.loads(out.stdout) == card_schema()
    assert out.stdout.startswith('{\n  "$schema"')


def test_paths_lists_the_folders_in_search_order_with_what_they_hold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "mine"
    write_card(mine, "a.yaml", card_text("a"))
    write_card(mine, "b.yaml", card_text("b"))
    missing = tmp_path / "missing"
    monkeypatch.setenv("PATTERN_PATH", f"{mine}:{missing}")
    out = run("paths")
    rows = [line.split() for line in out.stdout.splitlines()]
    assert rows[0] == ["PATTERN_PATH", "2", "card", "files", str(mine)]
    assert rows[1] == ["PATTERN_PATH", "does", "not", "exist", str(missing)]
    assert rows[2] == ["user", "does", "not", "exist", str(user_cards_dir())]
    assert rows[3] == ["bundled", str(len(BUNDLED_FILES)), "card", "files", str(BUNDLED)]
    assert rows[4][0] == "cache"
    assert rows[4][-1].startswith(str(tmp_path / "home" / "cache"))
    assert len(rows) == 5


def test_paths_says_when_the_cache_folder_can_never_be_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file where the cache folder should be: every run reads the cards afresh, and paths says why."""
    blocker = tmp_path / "afile"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    cache_row = run("paths").stdout.splitlines()[-1]
    assert cache_row.startswith("cache") and f"cannot be made: {blocker} is not a folder" in cache_row
    dangling = tmp_path / "link"
    dangling.symlink_to(tmp_path / "nowhere")
    monkeypatch.setenv("XDG_CACHE_HOME", str(dangling / "a" / "b"))
    cache_row = run("paths").stdout.splitlines()[-1]
    assert f"cannot be made: {dangling} is a dangling symbolic link" in cache_row


# new ------------------------------------------------------------------------------


def test_new_writes_a_template_into_the_user_folder_that_shows_and_validate_asks_to_fill_in() -> None:
    out = run("new", "people-pleasing")
    path = Path(user_cards_dir()) / "people-pleasing.yaml"
    assert out.code == 0
    assert out.stdout == f"{path}\n"
    text = path.read_text(encoding="utf-8")
    assert "kind: written-for-tool" in text
    assert "My own card" in text
    assert "# " in text  # commented, so the user knows what to write where
    shown = run("show", "people-pleasing")  # an id beats another card's alias
    assert shown.stdout.startswith("People Pleasing Pattern (people-pleasing)\n")
    assert "also a name of the Compliant Pattern" in out.stderr
    placeholders = [n for n, line in enumerate(text.splitlines(), 1) if "Replace with" in line]
    validated = run("validate", str(path), expect=1).stdout.splitlines()
    problems = [line for line in validated if ": note: " not in line]
    assert [line.split(":")[1] for line in problems] == [str(n) for n in placeholders]
    assert all("template text still in place" in line for line in problems)
    # The name made of the id is one of the Compliant Pattern's aliases: validate says so too.
    name_line = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("name:"))
    assert [line for line in validated if ": note: " in line] == [
        f"{path}:{name_line}:7: note: name: 'People Pleasing Pattern' also names compliant:"
        " `pattern show` cannot tell them apart by it"
    ]


@pytest.mark.parametrize("card_id", ["yes", "null", "123", "on", "0x1f"])
def test_new_template_keeps_ids_that_yaml_would_misread_as_text(card_id: str) -> None:
    run("new", card_id)
    path = Path(user_cards_dir()) / f"{card_id}.yaml"
    problems = run("validate", str(path), expect=1).stdout.splitlines()
    assert all("template text still in place" in line for line in problems)  # nothing about the id
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["id"] == card_id


def test_new_never_replaces_an_existing_card() -> None:
    run("new", "mine")
    path = Path(user_cards_dir()) / "mine.yaml"
    path.write_text(card_text("mine"), encoding="utf-8")
    out = run("new", "mine", expect=1)
    assert out.stdout == ""
    assert f"a card with the id 'mine' already exists: {path}" in out.stderr
    assert path.read_text(encoding="utf-8") == card_text("mine")


def test_new_refuses_an_id_already_used_by_a_json_card_in_the_user_folder() -> None:
    json_card = write_card(Path(user_cards_dir()), "mine.json", "{}")
    out = run("new", "mine", expect=1)
    assert str(json_card) in out.stderr
    assert not (Path(user_cards_dir()) / "mine.yaml").exists()


def test_new_force_does_not_put_a_second_card_with_the_id_beside_a_json_card() -> None:
    json_card = write_card(Path(user_cards_dir()), "mine.json", "{}")
    out = run("new", "mine", "--force", expect=1)
    assert str(json_card) in out.stderr and "--force replaces only a YAML card" in out.stderr
    assert not (Path(user_cards_dir()) / "mine.yaml").exists()
    assert json_card.read_text(encoding="utf-8") == "{}"


def test_new_force_replaces_a_link_in_the_card_folder_not_the_file_it_points_to(tmp_path: Path) -> None:
    """QA: with mine.yaml a link to a file outside the card folder, `new mine --force` wrote
    the new card into that file."""
    outside = tmp_path / "notes.txt"
    outside.write_text("my own notes\n", encoding="utf-8")
    folder = Path(user_cards_dir())
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mine.yaml").symlink_to(outside)
    run("new", "mine", "--force")
    assert outside.read_text(encoding="utf-8") == "my own notes\n"
    assert not (folder / "mine.yaml").is_symlink()
    assert "mine" in [card["id"] for card in json.loads(run("list", "-f", "json").stdout)]


def test_the_thesaurus_file_name_is_no_card_id() -> None:
    """thesaurus.yaml in a card folder is the thesaurus: `new thesaurus --force` would replace the
    user's synonyms with a card that never loads."""
    thesaurus = write_card(Path(user_cards_dir()), "thesaurus.yaml", "groups:\n  - zorblat, reassurance\n")
    for args in (
        ("new", "thesaurus"),
        ("new", "thesaurus", "--force"),
        ("new", "thesaurus", "--from", "needy"),
    ):
        assert "cannot be a card id" in run(*args, expect=2).stderr
    assert "zorblat" in thesaurus.read_text(encoding="utf-8")


@pytest.mark.parametrize("card_id", ["Bad", "two words", "a--b", "a-", "a_b", "../escape", "x" * 65, "a\n"])
def test_new_with_a_bad_id_is_a_usage_error(card_id: str) -> None:
    out = run("new", card_id, expect=2)
    assert "is not a valid card id" in out.stderr
    assert not Path(user_cards_dir()).exists()


def test_new_when_the_card_folder_cannot_be_made_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    out = run("new", "mine", expect=74)
    assert out.stderr.startswith("pattern: cannot create the card folder ")
    assert "Traceback" not in out.stderr


def test_new_refuses_to_hide_a_bundled_card_and_names_it() -> None:
    out = run("new", "insecure", expect=1)
    assert f"already exists: {BUNDLED / 'insecure.yaml'} (bundled)" in out.stderr
    assert "pattern edit insecure" in out.stderr
    assert not Path(user_cards_dir()).exists()
    assert "Withdrawn, self-effacing" in run("show", "insecure").stdout


def test_new_with_force_overrides_a_bundled_card_and_says_so() -> None:
    out = run("new", "insecure", "--force")
    assert f"this card overrides {BUNDLED / 'insecure.yaml'}" in out.stderr
    mine = Path(user_cards_dir()) / "insecure.yaml"
    validated = run("validate", expect=1).stdout  # the template's lines are still in the new card
    assert f"{BUNDLED / 'insecure.yaml'}:6:5: note: card 'insecure' is overridden by {mine}\n" in validated
    assert "already used" not in validated


# export ----------------------------------------------------------------------------


def split_note(text: str) -> tuple[dict[str, Any], str]:
    """Front matter and body, as a notes app separates them."""
    assert text.startswith("---\n")
    front, body = text[len("---\n") :].split("\n---\n", 1)
    data: dict[str, Any] = yaml.safe_load(front)
    return data, body


def test_export_writes_one_note_per_card_with_front_matter(tmp_path: Path) -> None:
    vault = tmp_path / "vault" / "patterns"
    out = run("export", str(vault))
    ids = sorted(p.stem for p in BUNDLED_FILES)
    assert out.stdout.splitlines() == [str(vault / f"{card_id}.md") for card_id in ids]
    assert sorted(p.name for p in vault.iterdir()) == [f"{card_id}.md" for card_id in ids]
    front, _ = split_note((vault / "insecure.md").read_text(encoding="utf-8"))
    assert front["id"] == "insecure"
    assert front["aliases"] == ["insecurity", "insecure client"]
    assert front["tags"] == ["soft"]
    assert front["source"].startswith("source-notes: Transcribed word for word")
    assert "[[needy]]" in front["related"]
    assert "[[insecure]]" not in front["related"]
    assert len(front["related"]) == len(set(front["related"]))


def test_export_headings_are_bare_titles_so_obsidian_links_land(tmp_path: Path) -> None:
    run("export", str(tmp_path))
    text = (tmp_path / "insecure.md").read_text(encoding="utf-8")
    assert "\n### Countertransference toward Insecure Client\n" in text
    assert "\n### Interpersonal Behavior\n\n*Heading added for this tool; it is not in the source.*\n" in text
    assert "\n### Forming the Alliance and Disconfirming the Pattern\n\n*Treatment phase 1.*\n" in text
    assert "(heading added)" not in text


def test_every_exported_note_parses_to_one_h1_an_h2_per_group_and_an_h3_per_section(tmp_path: Path) -> None:
    run("export", str(tmp_path))
    parser = MarkdownIt("commonmark")
    for card_file in BUNDLED_FILES:
        card = yaml.safe_load(card_file.read_text(encoding="utf-8"))
        _, body = split_note((tmp_path / f"{card['id']}.md").read_text(encoding="utf-8"))
        tokens = parser.parse(body)
        h1 = [
            tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h1"
        ]
        h2, h3 = (
            [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == tag]
            for tag in ("h2", "h3")
        )
        assert h1 == [card["name"]]
        assert h2 == [group_title(group) for group, _ in groupby(s["group"] for s in card["sections"])]
        assert h3 == [s["title"] for s in card["sections"]]
        sources = len(card["provenance"].get("sources", ()))  # the cited works are a list too
        items = sum(len(s["items"]) for s in card["sections"]) + sources
        top_level_items = [t for t in tokens if t.type == "list_item_open" and t.level == 1]
        assert len(top_level_items) == items


def test_export_again_writes_nothing_and_names_the_files_unless_forced(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    run("export", str(vault))
    note = write_card(vault, "needy.md", "my edits")
    mine = write_card(vault, "my own note.md", "mine")

    again = run("export", str(vault), expect=1)
    assert again.stdout == ""
    named = [line.strip() for line in again.stderr.splitlines() if line.startswith("  ")]
    assert named == [str(vault / f"{p.stem}.md") for p in BUNDLED_FILES]
    assert "nothing was written; use --force to overwrite" in again.stderr
    assert note.read_text(encoding="utf-8") == "my edits"

    forced = run("export", str(vault), "--force")
    assert f"{note}\n" in forced.stdout
    assert note.read_text(encoding="utf-8").startswith("---\nid: needy\n")
    assert mine.read_text(encoding="utf-8") == "mine"


def test_export_refuses_when_any_one_note_exists(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    write_card(vault, "victim.md", "kept")
    run("export", str(vault), expect=1)
    assert sorted(p.name for p in vault.iterdir()) == ["victim.md"]


def test_export_says_one_file_exists_in_the_singular(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    write_card(vault, "victim.md", "kept")
    assert f"1 file in {vault} already exists:" in run("export", str(vault), expect=1).stderr


def test_export_forced_over_a_folder_in_a_notes_place_writes_nothing(tmp_path: Path) -> None:
    """Found before any note is written: a failed export leaves no half-written vault."""
    vault = tmp_path / "vault"
    (vault / "insecure.md").mkdir(parents=True)
    out = run("export", str(vault), "--force", expect=74)
    assert "a folder is in the way; nothing was written" in out.stderr
    assert [p.name for p in vault.iterdir()] == ["insecure.md"]


def test_export_front_matter_quotes_awkward_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    awkward = ["a: b", "#hashtag", "- dash", "[[link]]", "yes", "it's", "...", "'quoted'"]
    text = card_text("awkward").replace(
        "name: Test Pattern\n", f"name: Test Pattern\naliases: {json.dumps(awkward)}\n"
    )
    monkeypatch.setenv("PATTERN_PATH", str(write_card(tmp_path / "cards", "awkward.yaml", text).parent))
    run("export", str(tmp_path / "vault"))
    front, _ = split_note((tmp_path / "vault" / "awkward.md").read_text(encoding="utf-8"))
    assert front["aliases"] == awkward


def test_export_into_a_file_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    out = run("export", str(blocker), expect=74)
    # QA: it said "cannot create file: File exists", of a file where the vault's folder was to be.
    assert out.stderr.startswith(f"pattern: cannot export to {blocker}: it is not a folder (a file or")
    assert blocker.read_text(encoding="utf-8") == "x"


# JSON output as a card, and a user's cards on the path --------------------------


def test_selected_sections_as_json_are_a_valid_card(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = run("show", "insecure", "-s", "countertransference", "--format", "json")
    data = json.loads(out.stdout)
    assert not list(Draft202012Validator(card_schema()).iter_errors(data))
    assert [s["key"] for s in data["sections"]] == [
        "countertransference-toward-client",
        "countertransference-of-therapist",
    ]
    saved = write_card(tmp_path / "cards", "insecure-short.json", out.stdout)
    monkeypatch.setenv("PATTERN_PATH", str(saved.parent))
    run("validate", str(saved))
    shown = run("show", "insecure").stdout
    assert "Countertransference toward Insecure Client" in shown
    assert "Interpersonal Behavior" not in shown


@pytest.mark.parametrize("card_id", ["insecure", "needy", "codependent"])
def test_a_saved_json_card_shows_exactly_as_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, card_id: str
) -> None:
    original = run("show", card_id)
    saved = write_card(tmp_path / "cards", f"{card_id}.json", run("show", card_id, "-f", "json").stdout)
    monkeypatch.setenv("PATTERN_PATH", str(saved.parent))
    again = run("show", card_id)
    assert (again.code, again.stdout, again.stderr) == (0, original.stdout, "")
    for fmt in ("markdown", "json"):
        monkeypatch.delenv("PATTERN_PATH")
        before = run("show", card_id, "-f", fmt).stdout
        monkeypatch.setenv("PATTERN_PATH", str(saved.parent))
        assert run("show", card_id, "-f", fmt).stdout == before


def test_a_user_card_shows_and_lists_with_its_origin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATTERN_PATH", str(write_card(tmp_path / "cards", "mine.yaml", card_text()).parent))
    assert "Keeps to the edge of the group" in run("show", "mine").stdout
    listed = next(line for line in run("list").stdout.splitlines() if line.startswith("mine "))
    assert listed.endswith("[PATTERN_PATH]")


def test_a_user_card_overrides_the_bundled_card_with_its_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = write_card(tmp_path / "cards", "insecure.yaml", card_text("insecure"))
    monkeypatch.setenv("PATTERN_PATH", str(mine.parent))
    shown = run("show", "insecure")
    assert shown.stdout.startswith("Test Pattern (insecure)\n")
    assert "The silent member" not in shown.stdout
    listed = next(line for line in run("list").stdout.splitlines() if line.startswith("insecure "))
    assert listed.endswith("[PATTERN_PATH, overrides bundled]")


def test_a_card_in_the_user_folder_overrides_too() -> None:
    write_card(Path(user_cards_dir()), "needy.yaml", card_text("needy"))
    listed = next(line for line in run("list").stdout.splitlines() if line.startswith("needy "))
    assert listed.endswith("[user, overrides bundled]")
