"""Telling patterns apart: the differences block, alignment by section, layouts, formats, the map."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from rich.color import ColorSystem
from rich.padding import Padding
from rich.style import Style
from rich.text import Text

from conftest import TRICKY_ITEMS, run, write_card
from patterncli.catalog import Catalog
from patterncli.compare import compare
from patterncli.errors import NotFound, UsageProblem
from patterncli.model import Card, card_from_data, group_title
from patterncli.relations import relations
from patterncli.render import Options, rich_out
from patterncli.views import section_marks

ANSI = re.compile(r"\x1b\[[0-9;]*m")
NEEDY_SENTENCE = (
    "The needy pattern is characterized by the person’s degree of need, "
    "while the insecure pattern is characterized by the person’s fear of rejection."
)


def test_the_cards_relations_are_drawn_from_their_references(catalog: Catalog) -> None:
    """(That every reference names a card of the family: test_card_content.)"""
    assert len(relations(catalog.all_cards())) > 10


@pytest.mark.parametrize(
    "card_id",
    ["needy", "self-judging", "codependent", "isolated", "suspicious", "passive-aggressive", "victim"],
)
def test_related_cards_are_marked_as_written_for_the_tool(catalog: Catalog, card_id: str) -> None:
    card = catalog.get(card_id)
    assert not card.provenance.is_source
    assert "written for patterncli" in card.provenance.note
    out = run("show", card_id)
    assert "Not source text" in out.stdout.splitlines()[1]


@pytest.mark.parametrize("card_id", ["codependent", "isolated", "suspicious", "passive-aggressive", "victim"])
def test_shorter_cards_cover_the_required_sections(catalog: Catalog, card_id: str) -> None:
    keys = {s.key for s in catalog.get(card_id).sections}
    required = {"behavior", "core-issues", "healthy-capacities-blocked", "sees-others-as", "transference"}
    assert required <= keys
    assert any(k.startswith("countertransference") for k in keys)
    assert any(s.group == "treatment" for s in catalog.get(card_id).sections)


def test_the_differences_block_starts_with_the_notes_own_sentences(catalog: Catalog) -> None:
    result = compare(catalog.get("insecure"), catalog.get("needy"))
    texts = [d.entry.text for d in result.differences]
    assert texts[0] == NEEDY_SENTENCE
    assert "Feels insecure about the degree of need" in texts
    assert all(d.card.id in {"insecure", "needy"} for d in result.differences)
    assert any(d.card.id == "needy" for d in result.differences)


def own_card(card_id: str = "avoidant", *sections: tuple[str, str]) -> Card:
    """A clinician's own card with only the sections given as (key, title)."""
    return card_from_data(
        {
            "id": card_id,
            "name": f"{card_id.capitalize()} Pattern",
            "provenance": {"kind": "written-for-tool", "note": "My own card."},
            "sections": [
                {"key": k, "title": title, "items": [f"A line about {title}"]} for k, title in sections
            ],
        }
    )


def test_rows_are_aligned_by_key_and_a_missing_section_is_none(catalog: Catalog) -> None:
    insecure = catalog.get("insecure")
    mine = own_card(
        "avoidant",
        ("behavior", "Interpersonal Behavior"),
        ("treatment-focus", "Treatment Focus"),
        ("core-issues", "Core Issues"),
    )
    result = compare(insecure, mine)
    keys = [r.key for r in result.rows]
    assert set(keys) == {s.key for s in insecure.sections} | {s.key for s in mine.sections}
    assert len(keys) == len(set(keys))
    # Each card's sections keep their own order among the rows.
    for card in (insecure, mine):
        own = [s.key for s in card.sections]
        assert [k for k in keys if k in own] == own
    row = next(r for r in result.rows if r.key == "group-roles")
    assert row.left is not None and row.right is None
    focus = next(r for r in result.rows if r.key == "treatment-focus")
    assert focus.left is None and focus.right is not None
    assert keys.index("treatment-focus") == keys.index("behavior") + 1  # after its predecessor there
    both = next(r for r in result.rows if r.key == "core-issues")
    assert both.left == insecure.section("core-issues") and both.right == mine.section("core-issues")


def test_two_bundled_cards_leave_no_treatment_or_countertransference_row_empty(catalog: Catalog) -> None:
    cards = catalog.all_cards()
    for left in cards:
        for right in cards:
            if left.id == right.id:
                continue
            for row in compare(left, right).rows:
                if row.present.group in {"treatment", "relationship"}:
                    for card, section in ((left, row.left), (right, row.right)):
                        assert section is not None or card.omission(row.key), (left.id, right.id, row.key)


def test_the_whole_of_both_cards_is_in_the_comparison() -> None:
    out = run("compare", "insecure", "needy").stdout
    for card in ("insecure", "needy"):
        data = json.loads(run("show", card, "-f", "json").stdout)
        for section in data["sections"]:
            for item in section["items"]:
                text = item if isinstance(item, str) else item["text"]
                assert text in out


def test_section_filter_keeps_matching_rows_only() -> None:
    data = json.loads(run("compare", "insecure", "needy", "-s", "countertransference", "-f", "json").stdout)
    assert [r["key"] for r in data["rows"]] == [
        "countertransference-toward-client",
        "countertransference-of-therapist",
    ]
    assert data["differences"][0]["item"]["text"] == NEEDY_SENTENCE
    assert all(r["left"] and r["right"] for r in data["rows"])


def test_a_section_only_one_card_has_still_filters(catalog: Catalog) -> None:
    mine = own_card(
        "avoidant", ("behavior", "Interpersonal Behavior"), ("treatment-focus", "Treatment Focus")
    )
    result = compare(catalog.get("insecure"), mine, ["treatment focus"])
    assert [r.key for r in result.rows] == ["treatment-focus"]
    with pytest.raises(NotFound):
        compare(catalog.get("insecure"), mine, ["zzzz qqq"])


def test_each_card_is_cut_down_on_its_own_as_show_would(catalog: Catalog) -> None:
    """A card whose section is titled exactly "Countertransference" must not hide the other card's two."""
    mine = own_card("avoidant", ("countertransference", "Countertransference"))
    result = compare(mine, catalog.get("insecure"), ["countertransference"])
    on_insecure = [r.right.key for r in result.rows if r.right is not None]
    assert on_insecure == ["countertransference-toward-client", "countertransference-of-therapist"]
    assert [r.left.key for r in result.rows if r.left is not None] == ["countertransference"]


def test_compare_and_show_agree_on_what_a_section_query_means() -> None:
    shown = json.loads(run("show", "codependent", "-s", "subtypes", "-f", "json").stdout)
    compared = json.loads(run("compare", "codependent", "insecure", "-s", "subtypes", "-f", "json").stdout)
    assert [s["key"] for s in shown["sections"]] == [r["key"] for r in compared["rows"] if r["left"]]


def test_comparing_a_pattern_with_itself_is_a_usage_error(catalog: Catalog) -> None:
    with pytest.raises(UsageProblem):
        compare(catalog.get("insecure"), catalog.get("insecure"))
    out = run("compare", "insecure", "Insecure Pattern", expect=2)
    assert "same pattern" in out.stderr


def test_an_unknown_pattern_in_compare_suggests(catalog: Catalog) -> None:
    out = run("compare", "insecure", "neddy", expect=1)
    assert "did you mean: needy?" in out.stderr


def render(catalog: Catalog, width: int) -> str:
    result = compare(catalog.get("insecure"), catalog.get("needy"))
    return ANSI.sub("", rich_out.comparison(result, Options(width=width)))


def test_wide_terminals_get_columns(catalog: Catalog) -> None:
    out = render(catalog, 160)
    assert max(len(line) for line in out.splitlines()) <= 160
    header = next(line for line in out.splitlines() if "Section" in line)
    assert "Insecure Pattern" in header and "Needy Pattern" in header
    # The same row holds both cards: insecure's first line under its mark, beside needy's first.
    lines = out.splitlines()
    needy_first = next(i for i, line in enumerate(lines) if "Needs a great deal of care" in line)
    assert "heading added" in lines[needy_first] and "Withdrawn, self-effacing" in lines[needy_first + 1]


def test_narrow_terminals_get_the_cards_stacked(catalog: Catalog) -> None:
    out = render(catalog, 80)
    assert max(len(line) for line in out.splitlines()) <= 80
    lines = out.splitlines()
    assert not any("Withdrawn, self-effacing" in line and "Needs a great" in line for line in lines)
    first_insecure = next(i for i, line in enumerate(lines) if "Withdrawn, self-effacing" in line)
    first_needy = next(i for i, line in enumerate(lines) if "Needs a great deal of care" in line)
    assert first_insecure < first_needy
    assert "How they differ" in out
    assert out.index(NEEDY_SENTENCE[:40]) < out.index("Interpersonal Behavior")


@pytest.mark.parametrize("width", [80, 160])
def test_stacked_and_side_by_side_rows_keep_their_styles(catalog: Catalog, width: int) -> None:
    """Row titles in the heading style, card names in bold, markers in the label style: drawn
    line by line or in a table alike."""
    result = compare(catalog.get("insecure"), catalog.get("needy"))
    out = rich_out.comparison(result, Options(width=width))

    def styled(style: str, text: str) -> str:  # the style switched on, then the text (a cell pads it)
        return Style.parse(style).render(text, color_system=ColorSystem.TRUECOLOR).removesuffix("\x1b[0m")

    assert styled(rich_out.HEADING, "Interpersonal Behavior") in out
    assert styled(rich_out.LABEL, "•") in out
    if width < rich_out.STACK_BELOW:
        assert styled("bold", "Insecure Pattern") + "\x1b[0m\n" in out  # a name on a line of its own


def grid_stacked(cmp: Any, width: int) -> list[Any]:
    """The stacked rows built of Rich's paddings and `entries` grids: what they must look like."""
    blocks: list[Any] = []
    group = None
    for row in cmp.rows:
        if row.group != group:  # each group under its heading, as the side-by-side tables are titled
            group = row.group
            blocks.append(Text(group_title(group).upper()))
        blocks.append(rich_out.row_title(row, cmp.left, cmp.right))
        for card, section in ((cmp.left, row.left), (cmp.right, row.right)):
            name = Text(card.name, style="bold")  # the section's marks beside the card's name
            for mark in section_marks(card, section) if section else ():
                name.append(f"  {mark}")
            body = rich_out.entries(section.items, width - 4) if section else rich_out.omitted(card, row)
            blocks.append(Padding(name, (0, 0, 0, 2)))
            blocks.append(Padding(body, (0, 0, 0, 4)))
        blocks.append(Text(""))
    return blocks


@pytest.mark.parametrize("width", [20, 30, 44, 60, 99])
def test_stacked_rows_look_as_rich_grids_lay_them_out(catalog: Catalog, width: int) -> None:
    """Drawn line by line, the stacked rows show what the grids show, character for character:
    labels folded in their column, wide characters, tabs, words too long for a line."""
    tricky = card_from_data(
        {
            "id": "tricky",
            "name": "Tricky Pattern",
            "provenance": {"kind": "written-for-tool", "note": "Made for this test."},
            "sections": [{"key": "behavior", "title": "Interpersonal Behavior", "items": TRICKY_ITEMS}],
        }
    )
    for left, right in ((catalog.get("insecure"), catalog.get("needy")), (tricky, catalog.get("needy"))):
        cmp = compare(left, right)
        options = Options(width=width)
        drawn = ANSI.sub("", rich_out.to_text(rich_out.stacked_rows(cmp, width), options))
        assert drawn == ANSI.sub("", rich_out.to_text(grid_stacked(cmp, width), options))


def test_a_comparison_too_long_for_a_table_is_stacked_and_says_so(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rich_out, "SIDE_BY_SIDE_MOST", 3)
    out = render(catalog, 160)
    lines = out.splitlines()
    assert "the cards are shown one under the other" in out
    assert not any("Withdrawn, self-effacing" in line and "Needs a great" in line for line in lines)
    first_insecure = next(i for i, line in enumerate(lines) if "Withdrawn, self-effacing" in line)
    first_needy = next(i for i, line in enumerate(lines) if "Needs a great deal of care" in line)
    assert first_insecure < first_needy


def test_stacked_entries_hang_after_their_marker(catalog: Catalog) -> None:
    """A bullet's or a label's text wraps to the column after its marker, never under it."""
    lines = render(catalog, 50).splitlines()
    at = next(i for i, line in enumerate(lines) if "Withdrawn, self-effacing" in line)
    first, second = lines[at], lines[at + 1]
    assert first.lstrip().startswith("• ")
    text_column = first.index("Withdrawn")
    assert second[:text_column].strip() == "" and second[text_column] != " "  # the text goes on in line


@pytest.mark.parametrize("fmt", ["plain", "markdown", "json", "rich"])
def test_every_format_holds_the_differences_first(fmt: str) -> None:
    out = run("compare", "insecure", "self-judging", "-f", fmt)
    text = ANSI.sub("", out.stdout)
    assert "the insecure person projects it onto others" in " ".join(text.split())
    if fmt == "json":
        data = json.loads(out.stdout)
        assert set(data) == {"left", "right", "differences", "rows"}
    else:
        assert text.index("projects it onto others") < text.index("Withdrawn, self-effacing")


def test_map_formats() -> None:
    mermaid = run("map", "insecure", "-f", "mermaid").stdout
    assert mermaid.startswith("graph LR\n")
    assert '-->|contrasts with| p_needy["Needy Pattern"]' in mermaid
    dot = run("map", "-f", "dot").stdout
    assert dot.startswith("digraph patterns {") and dot.rstrip().endswith("}")
    assert '"insecure" -> "needy"' in dot
    plain = run("map", "insecure", "-f", "plain").stdout.splitlines()
    assert "insecure  contrasts with  self-judging" in plain
    assert all("insecure" in line for line in plain)
    tree = ANSI.sub("", run("map", "insecure", "-f", "rich").stdout)
    assert "contrasts with" in tree and "named by" in tree
    # QA: the cards naming this one were lumped; each says how, as in the plain lines above.
    assert "Needy Pattern  needy  (combines with, contrasts with)" in tree
    assert "needy  contrasts with  insecure" in plain and "needy  combines with  insecure" in plain


def test_mermaid_node_ids_are_never_its_own_words(tmp_path: Path) -> None:
    """Review: a card with the id `end` closed the Mermaid graph at its first arrow (and `o` or `x`
    after an arrow changes its head); every node id now carries a prefix."""
    write_card(
        tmp_path,
        "end.yaml",
        "id: end\nname: End Pattern\nprovenance: {kind: written-for-tool, note: x}\n"
        "sections:\n  - key: distinctions\n    title: Distinctions\n    items:\n"
        "      - {text: unlike the insecure pattern, refers_to: [insecure]}\n",
    )
    mermaid = run("map", "end", "-f", "mermaid", env={"PATTERN_PATH": str(tmp_path)}).stdout
    arrows = [
        re.fullmatch(r"  (\w+)\[.*\] -->\|[^|]*\| (\w+)\[.*\]", line) for line in mermaid.splitlines()[1:]
    ]
    assert arrows
    assert [(arrow.group(1), arrow.group(2)) for arrow in arrows if arrow] == [("p_end", "p_insecure")] * len(
        arrows
    )


def test_a_card_that_names_no_other_pattern_has_no_map_and_says_so() -> None:
    """An empty map with exit 0 looked like a failure of the tool, not a fact about the card."""
    run("new", "mine")
    out = run("map", "mine", expect=1)
    assert out.stdout == ""
    assert (
        "no relations to draw: the Mine Pattern card names no other pattern, and no card names it"
        in out.stderr
    )
    # As search with no hit: exit 1, and in JSON an empty array, so `jq length` reads 0.
    assert run("map", "mine", "-f", "json", expect=1).stdout == "[]\n"


def test_json_of_several_cards_says_on_stderr_which_lack_the_section() -> None:
    """JSON stays an array of cards; the other formats say it under the cards."""
    run("new", "mine")
    out = run("show", "insecure", "mine", "-s", "transference", "-f", "json")
    assert [card["id"] for card in json.loads(out.stdout)] == ["insecure"]
    plain = run("show", "insecure", "mine", "-s", "transference", "-f", "plain").stdout
    assert plain.endswith("\nNo section matching 'transference' in: Mine Pattern\n")
    assert out.stderr == "No section matching 'transference' in: Mine Pattern\n"


def test_a_card_named_twice_is_shown_once_where_first_named() -> None:
    """QA: `show insecure needy insecure` put Needy first."""
    out = run("show", "insecure", "needy", "insecurity", "-f", "json").stdout
    assert [card["id"] for card in json.loads(out)] == ["insecure", "needy"]
    out = run("show", "needy", "victim", "needy", "-f", "json").stdout
    assert [card["id"] for card in json.loads(out)] == ["needy", "victim"]


def test_a_comparison_marks_each_cards_headings_as_show_does_in_every_format() -> None:
    """QA: only the HTML comparison said which headings were added for this tool (insecure) or
    drawn from the general clinical literature (needy); the others showed them as the sources'."""
    expected = {
        mark: sum(
            section["marks"].count(mark)
            for card in ("insecure", "needy")
            for section in json.loads(run("sections", card, "-f", "json").stdout)
        )
        for mark in ("heading added", "clinical literature")
    }
    assert all(expected.values())  # both cards have marked headings to show
    data = json.loads(run("compare", "insecure", "needy", "-f", "json").stdout)
    for mark, count in expected.items():
        assert sum((r["left_marks"] + r["right_marks"]).count(mark) for r in data["rows"]) == count
        assert run("compare", "insecure", "needy", "-f", "plain").stdout.count(f"[{mark}]") == count
        assert run("compare", "insecure", "needy", "-f", "markdown").stdout.count(f"*({mark})*") == count
        assert run("compare", "insecure", "needy", "-f", "html").stdout.count(f">{mark}</span>") == count
        for columns in ("60", "140"):  # stacked, and side by side
            out = run("compare", "insecure", "needy", "-f", "rich", "--bare", env={"COLUMNS": columns}).stdout
            assert ANSI.sub("", out).count(mark) == count, columns
    needy_first = [s for s in json.loads(run("sections", "needy", "-f", "json").stdout) if s["phase"] == 1]
    assert needy_first and needy_first[0]["marks"] == ["clinical literature"]


@pytest.mark.parametrize(
    ("fmt", "columns", "heading"),
    [
        ("plain", "80", "== Treatment =="),
        ("markdown", "80", "## Treatment"),
        ("rich", "80", "TREATMENT"),
    ],
)
def test_a_comparison_keeps_the_group_headings_in_every_format(fmt: str, columns: str, heading: str) -> None:
    """QA: the rows sat under the group headings only side by side on a wide terminal (its tables
    are titled with them); stacked, in plain text and in Markdown, the headings were gone."""
    out = ANSI.sub("", run("compare", "insecure", "needy", "-f", fmt, env={"COLUMNS": columns}).stdout)
    lines = [line.strip() for line in out.splitlines()]
    assert heading in lines
    after = [line.lstrip("# ") for line in lines[lines.index(heading) + 1 :] if line]
    assert after[0].startswith("Forming the Alliance")  # the group's first row, under it
    bare = ANSI.sub(
        "", run("compare", "insecure", "needy", "-f", fmt, "--bare", env={"COLUMNS": columns}).stdout
    )
    assert heading not in [line.strip() for line in bare.splitlines()]  # review: rich kept them with --bare
