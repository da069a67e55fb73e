"""The commands as a user types them: results on stdout, messages on stderr, exit codes scripts rely on."""

from __future__ import annotations

import json

import pytest

from conftest import colour_codes, run, sgr_codes


def test_show_prints_the_card() -> None:
    out = run("show", "insecure")
    assert out.stdout.startswith("Insecure Pattern (insecure)\n")
    assert "The silent member" in out.stdout
    assert out.stderr == ""


def test_show_section_countertransference_shows_exactly_the_two_sections() -> None:
    out = run("show", "insecure", "--section", "countertransference", "--bare")
    headings = [line for line in out.stdout.splitlines() if line and not line.startswith(" ")]
    assert headings == [
        "Countertransference toward Insecure Client",
        "Countertransference of Insecure Therapist",
    ]
    assert "Overly involved in reassuring client" in out.stdout
    assert "Withdrawn" not in out.stdout


def test_repeated_section_options_combine() -> None:
    out = run("show", "insecure", "-s", "triggers", "-s", "origins", "-f", "json")
    assert [s["key"] for s in json.loads(out.stdout)["sections"]] == ["core-issues", "activating-conditions"]


def test_an_unknown_pattern_exits_1_with_did_you_mean_on_stderr() -> None:
    out = run("show", "insecur", expect=1)
    assert out.stdout == ""
    assert "no pattern called 'insecur'" in out.stderr
    assert "did you mean: insecure?" in out.stderr


def test_an_unknown_section_exits_1_with_the_closest_sections() -> None:
    out = run("show", "insecure", "-s", "capacity blokked", expect=1)
    assert "healthy-capacities-blocked" in out.stderr
    assert "pattern sections insecure" in out.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["show"],
        ["show", "insecure", "--format", "yaml"],
        ["nonsense-command"],
        ["show", "insecure", "--bogus"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    out = run(*args, expect=2)
    assert out.stdout == ""
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize(
    ("command", "offered"),
    [
        (["match", "shy"], "rich, plain, markdown, json, html (md for markdown)"),
        (["list"], "rich, plain, markdown, json (md for markdown)"),
        (["map", "insecure"], "rich, plain, markdown, json, mermaid, dot (md for markdown)"),
    ],
)
def test_an_unknown_format_names_only_the_formats_the_command_has(command: list[str], offered: str) -> None:
    out = run(*command, "--format", "xml", expect=2)
    assert f"'xml' is not a format; choose one of {offered}" in " ".join(out.stderr.split())


def test_user_text_in_messages_is_shown_literally() -> None:
    out = run("show", "[bold]x[/bold]", expect=1)
    assert "[bold]x[/bold]" in out.stderr


def test_list_has_one_line_per_card_with_id_name_summary() -> None:
    out = run("list")
    lines = out.stdout.splitlines()
    assert len(lines) == 14
    insecure = next(line for line in lines if line.startswith("insecure "))
    assert "Insecure Pattern" in insecure
    assert "expects rejection" in insecure


def test_list_json_is_an_array_of_cards() -> None:
    rows = json.loads(run("list", "--format", "json").stdout)
    assert {r["id"] for r in rows} >= {"insecure", "needy", "self-judging"}
    assert all({"id", "name", "summary"} <= set(r) for r in rows)


def test_sections_lists_keys_and_titles_grouped() -> None:
    out = run("sections", "insecure").stdout
    assert "Treatment\n" in out
    assert "  countertransference-toward-client  Countertransference toward Insecure Client" in out
    keys = [s["key"] for s in json.loads(run("sections", "insecure", "-f", "json").stdout)]
    assert keys[0] == "behavior"
    assert keys[-1] == "potential-problems"


def test_piped_output_is_plain_unless_rich_is_forced() -> None:
    assert sgr_codes(run("show", "insecure").stdout) == set()
    assert colour_codes(run("show", "insecure", "--format", "rich").stdout)


def test_no_color_keeps_rich_layout_without_colour() -> None:
    out = run("show", "insecure", "--format", "rich", env={"NO_COLOR": "1"}).stdout
    assert colour_codes(out) == set()
    assert 1 in sgr_codes(out)
    assert "heading added" in out


def test_html_is_a_standalone_page() -> None:
    out = run("show", "insecure", "--format", "html").stdout
    assert out.startswith("<!DOCTYPE html>\n")
    assert "<title>Insecure Pattern</title>" in out
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in out
    assert "<h1>Insecure Pattern</h1>" in out
    assert '<section class="section" id="insecure--countertransference-toward-client">' in out
    assert "<li>Overly involved in reassuring client</li>" in out
    assert "<pre" not in out and "<link" not in out and "<script" not in out  # nothing outside the page


def test_version_and_help_mention_exit_codes() -> None:
    assert run("--version").stdout.startswith("pattern ")
    help_text = run("--help").stdout
    assert "Exit codes: 0 found, 1 nothing found" in help_text


def test_the_cache_never_serves_a_stale_card(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    card = json.loads(run("show", "victim", "-f", "json").stdout)
    card["id"], card["name"], card["aliases"] = "mine", "My Pattern", []
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(card), encoding="utf-8")
    monkeypatch.setenv("PATTERN_PATH", str(tmp_path))
    assert "My Pattern (mine)" in run("show", "mine").stdout  # parsed, then cached
    assert "My Pattern (mine)" in run("show", "mine").stdout  # from the cache
    card["name"] = "My Edited Pattern"
    path.write_text(json.dumps(card), encoding="utf-8")
    assert run("show", "mine").stdout.startswith("My Edited Pattern (mine)")


def test_a_folder_listed_twice_on_the_path_does_not_override_itself(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    card = json.loads(run("show", "victim", "-f", "json").stdout)
    card["id"], card["name"], card["aliases"] = "mine", "My Pattern", []
    (tmp_path / "mine.json").write_text(json.dumps(card), encoding="utf-8")
    monkeypatch.setenv("PATTERN_PATH", f"{tmp_path}:{tmp_path}/.")
    listing = run("list")
    assert listing.stderr == ""
    mine = next(line for line in listing.stdout.splitlines() if line.startswith("mine "))
    assert "overrides" not in mine
    run("validate")
