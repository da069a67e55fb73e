"""What each format shows, at fixed widths: nothing cut off, added headings marked, labels aligned."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from conftest import TRICKY_ITEMS
from patterncli.cardfile import card_schema
from patterncli.catalog import Catalog
from patterncli.model import card_from_data, card_to_data
from patterncli.render import Options, json_out, markdown, plain, rich_out

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def words(text: str) -> list[str]:
    return re.findall(r"\S+", text)


@pytest.mark.parametrize("width", [60, 80, 120, 160])
@pytest.mark.parametrize("card_id", ["insecure", "needy", "victim"])
def test_rich_output_fits_the_width_and_loses_no_word(catalog: Catalog, width: int, card_id: str) -> None:
    card = catalog.get(card_id)
    out = ANSI.sub("", rich_out.show(card, Options(width=width, color=True)))
    assert max(len(line) for line in out.splitlines()) <= width
    flowing = " ".join(words(out))
    for section in card.sections:
        for entry in section.items:
            for line in entry.body_lines():
                assert " ".join(words(line)) in flowing, (width, line)


def test_rich_output_marks_added_headings_and_not_source_ones(catalog: Catalog) -> None:
    out = ANSI.sub("", rich_out.show(catalog.get("insecure"), Options(width=100)))
    assert "Interpersonal Behavior  heading added" in out
    assert "Core Issues/Origins  heading added" not in out
    assert "Core Issues/Origins" in out


def test_rich_output_aligns_labelled_entries(catalog: Catalog) -> None:
    out = ANSI.sub("", rich_out.show(catalog.get("insecure"), Options(width=100)))
    self_line = next(line for line in out.splitlines() if line.strip().startswith("Self:"))
    other_line = next(line for line in out.splitlines() if line.strip().startswith("Other:"))
    assert self_line.index("Not desirable") == other_line.index("Desirable, powerful")


def test_a_written_card_says_it_is_a_summary_everywhere(catalog: Catalog) -> None:
    card = catalog.get("needy")
    for out in (
        plain.show(card, Options()),
        markdown.show(card, Options()),
        ANSI.sub("", rich_out.show(card, Options(width=120))),
    ):
        assert "Summary written for patterncli" in out
        assert "Not source text" in out


def test_plain_output_has_one_item_per_line_and_no_styling(catalog: Catalog) -> None:
    out = plain.show(catalog.get("insecure"), Options())
    assert "\x1b[" not in out
    assert "  - Withdrawn, self-effacing, easily hurt, shy, tentative\n" in out
    assert "Interpersonal Behavior [heading added]\n" in out
    assert "  Self:  Not desirable, inadequate, incompetent\n" in out
    assert "  Other: Desirable, powerful, judgmental, rejecting\n" in out


def test_markdown_has_a_heading_per_group_and_section_and_escapes_source_text(catalog: Catalog) -> None:
    card = catalog.get("insecure")
    out = markdown.show(card, Options())
    groups = [line for line in out.splitlines() if line.startswith("## ")]
    assert groups == [
        "## Description",
        "## Dynamics",
        "## Distinctions and Subtypes",
        "## Related Concepts",
        "## The Therapy Relationship",
        "## Treatment",
    ]
    headings = [line for line in out.splitlines() if line.startswith("### ")]
    assert len(headings) == len(card.sections)
    assert "### Interpersonal Behavior" in headings
    assert "### Forming the Alliance and Disconfirming the Pattern" in headings
    assert "*Treatment phase 1.*" in out
    behaviour = out.index("### Interpersonal Behavior")
    assert out.index("*Heading added for this tool; it is not in the source.*") > behaviour
    assert "- **Self:** Not desirable, inadequate, incompetent" in out


def test_markdown_escapes_markup_in_card_text(catalog: Catalog) -> None:
    data = card_to_data(catalog.get("victim"))
    data["sections"][0]["items"] = ["*not emphasis* and [not a link](x) and <b>"]
    out = markdown.show(card_from_data(data), Options())
    assert r"\*not emphasis\* and \[not a link\](x) and \<b\>" in out


def test_json_is_the_card_file_format_and_round_trips(catalog: Catalog) -> None:
    for card in catalog.all_cards():
        data = json.loads(json_out.show(card, Options()))
        assert not list(Draft202012Validator(card_schema()).iter_errors(data))
        assert card_from_data(data) == card


def test_rich_never_reads_card_text_as_markup(catalog: Catalog) -> None:
    data = card_to_data(catalog.get("victim"))
    data["sections"][0]["items"] = ["[bold red]literal[/bold red] :smile:"]
    out = rich_out.show(card_from_data(data), Options(width=80))
    assert "[bold red]literal[/bold red] :smile:" in ANSI.sub("", out)


STYLES = ["bold", "italic cyan", "dim", "bold yellow on blue", "underline magenta"]


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=60),
    cuts=st.lists(st.integers(min_value=0, max_value=60), max_size=6),
    base=st.sampled_from(["", *STYLES]),
    width=st.integers(min_value=1, max_value=80),
)
def test_a_one_line_text_is_drawn_as_rich_lays_it_out(
    text: str, cuts: list[int], base: str, width: int
) -> None:
    """to_text takes a one-line text that fits straight from Rich's Text, skipping the layout:
    what it draws must be what Rich's layout draws, styles, wide characters and all."""
    import io

    from rich.console import Console
    from rich.text import Text

    line = Text(text, style=base)
    for number, (start, end) in enumerate(zip(sorted(cuts)[::2], sorted(cuts)[1::2], strict=False)):
        line.stylize(STYLES[number % len(STYLES)], start, end)
    console = Console(file=io.StringIO(), width=width, force_terminal=True, color_system="truecolor")

    def drawn(lines: list[list[Any]]) -> list[str]:
        return [
            "".join(
                s.style.render(s.text) if s.style else s.text for s in rich_out._without_trailing_space(ln)
            )
            for ln in lines
        ]

    laid_out = console.render_lines(line, console.options, pad=False)
    assert drawn(rich_out._lines(console, line)) == drawn(laid_out)


@pytest.mark.parametrize("width", [20, 30, 44, 60, 99])
def test_a_card_shows_its_entries_as_rich_grids_lay_them_out(catalog: Catalog, width: int) -> None:
    """`show` draws each section's entries line by line (a card of thousands of sections would take
    seconds as grids): what it draws is, character for character, what Rich's grids draw."""
    from rich.padding import Padding

    tricky = card_from_data(
        {
            "id": "tricky",
            "name": "Tricky Pattern",
            "provenance": {"kind": "written-for-tool", "note": "Made for this test."},
            "sections": [{"key": "behavior", "title": "Interpersonal Behavior", "items": TRICKY_ITEMS}],
        }
    )
    options = Options(width=width)
    for card in (catalog.get("insecure"), catalog.get("needy"), tricky):
        grids: list[Any] = []
        for section in card.sections:
            grids += [rich_out.section_heading(card, section)]
            grids += [Padding(rich_out.entries(section.items, width - 2), (0, 0, 0, 2))]
        shown = ANSI.sub("", rich_out.to_text(rich_out.card_blocks(card, options, whole=False), options))
        header = len(rich_out.to_text(rich_out.card_header(card), options).splitlines())
        body = "\n".join(line for line in shown.splitlines()[header:] if line)
        expected = "\n".join(
            line for line in ANSI.sub("", rich_out.to_text(grids, options)).splitlines() if line
        )
        assert body == expected, (card.id, width)


def test_markdown_source_addresses_are_links_to_the_address_itself(catalog: Catalog) -> None:
    """Escaped like card text, `People_Pleasing` became `People\\_Pleasing`: a link to nowhere."""
    from markdown_it import MarkdownIt

    for card in catalog.all_cards():
        page = MarkdownIt("commonmark").render(markdown.show(card, Options()))
        links = re.findall(r'<a href="([^"]*)"', page)
        addresses = [s.url for s in card.provenance.sources if s.url]
        assert [html.unescape(link) for link in links] == addresses


def test_an_items_further_lines_stay_in_the_item_in_markdown(catalog: Catalog) -> None:
    """QA: "Sometimes combined with passive-aggressive pattern", a further line of an insecure item,
    became an item of its own in Markdown (a nested bullet), where plain and rich keep it in the item."""
    from markdown_it import MarkdownIt

    card = catalog.get("insecure")
    (entry,) = [e for s in card.sections for e in s.items if e.more]
    page = MarkdownIt("commonmark").render(markdown.show(card, Options()))
    item = page[page.index(html.escape(entry.text, quote=False)) :].split("</li>", 1)[0]
    assert "<ul>" not in item and "<li>" not in item
    assert item.endswith("<br />\n" + html.escape(entry.more[0], quote=False))


def test_a_citation_part_ending_in_its_own_stop_gets_no_second_one() -> None:
    """QA: "The Victim Pattern by Jay Earley, Ph.D.." and "Are You a Victim of the Victim
    Syndrome?." on every printed page."""
    from patterncli.model import Source

    assert Source(
        title="The Victim Pattern by Jay Earley, Ph.D.", author="Jay Earley", url="http://x"
    ).citation() == ("Jay Earley. The Victim Pattern by Jay Earley, Ph.D. http://x")
    assert Source(title="Are You a Victim?", author="M. Kets de Vries", year=2012).citation() == (
        "M. Kets de Vries (2012). Are You a Victim?"
    )
    assert Source(title="Plain", author="A. B.", url="http://y").citation() == "A. B. Plain. http://y"


def test_plain_output_lines_up_labels_by_terminal_columns_not_characters() -> None:
    """A label of wide characters ("感情") takes four columns: padded by characters, the texts after
    it and after "ab" started in different columns (measured here with Rich's own cell widths)."""
    from rich.cells import cell_len

    card = card_from_data(
        {
            "id": "tricky",
            "name": "Tricky Pattern",
            "provenance": {"kind": "written-for-tool", "note": "Made for this test."},
            "sections": [{"key": "behavior", "title": "Interpersonal Behavior", "items": TRICKY_ITEMS[:2]}],
        }
    )
    lines = plain.show(card, Options()).splitlines()
    wide = next(line for line in lines if "感情:" in line)
    narrow = next(line for line in lines if "ab:" in line)
    assert cell_len(wide.split("a label")[0]) == cell_len(narrow.split("a short")[0])


def test_plain_list_lines_up_columns_after_a_name_of_wide_characters(catalog: Catalog) -> None:
    from rich.cells import cell_len

    from patterncli.views import ListRow

    rows = [
        ListRow(
            "kanjo", "感情パターン", "a card named in Japanese", "user", "kanjo.yaml", "written-for-tool"
        ),
        ListRow(
            "plain", "Plain Pattern", "a card named in English", "user", "plain.yaml", "written-for-tool"
        ),
    ]
    first, second = plain.card_list(rows, Options()).splitlines()
    assert cell_len(first.split("a card named")[0]) == cell_len(second.split("a card named")[0])
