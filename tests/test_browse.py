"""`pattern browse`, driven through Textual's own harness (App.run_test and its Pilot).

Each test reads the screen as a user would: the text of every row the app draws, from
`screen_text`. The app runs on the bundled cards (conftest gives every test an empty home).
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import termios
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.padding import Padding
from rich.text import Text
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input

from conftest import REPO, clean_env, installed_pattern, run
from patterncli.catalog import load_catalog
from patterncli.commands import browse as browsing
from patterncli.output import Terminal
from patterncli.search import group_by_pattern, line_index, search
from patterncli.tui.app import BrowseApp
from patterncli.tui.library import HIT_LIMIT
from patterncli.tui.screens import reader as reader_screen
from patterncli.tui.screens.compare import ComparePrompt, CompareScreen
from patterncli.tui.screens.help import KEYS, HelpScreen
from patterncli.tui.screens.reader import ReaderScreen
from patterncli.tui.screens.search import SearchScreen
from patterncli.tui.widgets import preview as preview_widget
from patterncli.tui.widgets.hit_list import HitList, Result, Target
from test_terminal import run_in_pty

Steps = Callable[[Pilot[Any]], Awaitable[None]]
NARROW, WIDE = (80, 24), (120, 40)


def drive(steps: Steps, size: tuple[int, int] = NARROW, pattern: str | None = None) -> BrowseApp:
    """Run the app headless at a terminal size, do the steps, and hand back the app once it ended."""
    app = BrowseApp(pattern)

    async def session() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await steps(pilot)

    asyncio.run(session())
    return app


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until every search started has drawn its results."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*["space" if ch == " " else ch for ch in text])
    await settle(pilot)


async def press(pilot: Pilot[Any], *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


def screen_text(pilot: Pilot[Any]) -> str:
    """Every row of the screen as it is drawn, as text."""
    # The compositor is Textual's own; its strips are exactly what the terminal receives.
    strips = pilot.app.screen._compositor.render_strips()
    return "\n".join(strip.text.rstrip() for strip in strips)


def flat(text: str) -> str:
    """The screen's words in one line: a sentence may wrap anywhere."""
    return re.sub(r"[\s▎▊│]+", " ", text)


def focused(pilot: Pilot[Any]) -> Widget | None:
    return pilot.app.focused


def search_screen(pilot: Pilot[Any]) -> SearchScreen:
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen), type(screen)
    return screen


def results(pilot: Pilot[Any]) -> list[Target]:
    """Where each row of the result list leads (the patterns' headings lead nowhere), in order."""
    hits = pilot.app.screen.query_one(HitList)
    return [option.target for option in hits.options if isinstance(option, Result) and option.target]


# Searching ------------------------------------------------------------------


def test_the_first_screen_lists_every_pattern() -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        screen = flat(screen_text(pilot))
        assert "Search every line, section and name" in screen
        assert "14 patterns" in screen
        assert "Charming Pattern" in screen

    drive(steps)


def test_typing_filters_the_hits_on_every_key() -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await type_text(pilot, "reas")  # the beginning of "reason", "reassure", "reassuring"...
        broad = results(pilot)
        await type_text(pilot, "suring client")
        screen = flat(screen_text(pilot))
        assert "Overly involved in reassuring client" in screen
        assert 0 < len(results(pilot)) < len(broad)

    drive(steps)


def test_hits_are_those_of_pattern_search_under_their_patterns_as_by_pattern_groups_them() -> None:
    query = "fear of rejection"
    index = line_index(c.data for c in load_catalog().cards.values())
    groups = group_by_pattern(search(index, query, HIT_LIMIT))

    async def steps(pilot: Pilot[Any]) -> None:
        await type_text(pilot, query)
        hits = pilot.app.screen.query_one(HitList)
        headings = [o.prompt for o in hits.options if isinstance(o, Result) and o.target is None]
        assert [h.plain.split("  ")[0] for h in headings if isinstance(h, Text)] == [
            g.pattern_name for g in groups
        ]
        assert results(pilot) == [Target(h.line.pattern, h.line.section_key) for g in groups for h in g.hits]
        lines = sum(len(g.hits) for g in groups)
        assert f"{lines} lines in {len(groups)} patterns" in screen_text(pilot)

    drive(steps)


def test_matched_words_are_highlighted_as_in_pattern_search() -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await type_text(pilot, "silent member")
        hits = pilot.app.screen.query_one(HitList)
        option = hits.highlighted_option
        assert isinstance(option, Result) and isinstance(option.prompt, Padding)
        text = option.prompt.renderable
        assert isinstance(text, Text)
        marked = {text.plain[s.start : s.end] for s in text.spans if "yellow" in str(s.style)}
        assert marked == {"silent", "member"}

    drive(steps)


def test_a_query_without_words_and_one_without_hits_say_so() -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await type_text(pilot, "zzzqqqxx")
        assert "Nothing matches 'zzzqqqxx'" in screen_text(pilot)
        await press(pilot, "ctrl+u")
        await type_text(pilot, "?!")
        assert "give a word or two" in flat(screen_text(pilot))
        await press(pilot, "ctrl+u")
        await type_text(pilot, "страх")  # words of a script search cannot read: said, not a crash
        assert "search reads Latin letters" in flat(screen_text(pilot))

    drive(steps)


def test_the_preview_shows_the_selected_lines_section_with_its_marks() -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await type_text(pilot, "rejected in social situations dating")
        screen = flat(screen_text(pilot))
        assert "Subtypes heading added" in screen
        assert "Insecure Pattern insecure transcribed notes" in screen

    drive(steps)


def test_tab_previews_the_next_section_and_enter_opens_it() -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await type_text(pilot, "silent member")
        await press(pilot, "tab")
        assert "Phase 1 · Forming the Alliance" in flat(screen_text(pilot))
        await press(pilot, "shift+tab", "shift+tab")
        assert "Countertransference of Insecure Therapist" in flat(screen_text(pilot))
        await press(pilot, "enter")
        assert isinstance(pilot.app.screen, ReaderScreen)
        assert "Insecure Pattern · Countertransference of Insecure Therapist" in flat(screen_text(pilot))

    drive(steps)


# Reading --------------------------------------------------------------------


def test_enter_opens_the_reader_at_the_hits_section() -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await type_text(pilot, "silent member")
        await press(pilot, "enter")
        screen = screen_text(pilot)
        assert isinstance(pilot.app.screen, ReaderScreen)
        assert screen.splitlines()[0].strip() == "Insecure Pattern  ·  Group Roles/Positions"
        assert "The silent member" in screen

    drive(steps)


def test_the_reader_shows_provenance_and_added_headings_as_show_does() -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        screen = flat(screen_text(pilot))
        assert "Insecure Pattern insecure" in screen
        assert "Source: Transcribed word for word from a therapist's original notes" in screen
        await press(pilot, "tab", "shift+tab")  # to the first section, below the card's sources
        assert "Interpersonal Behavior heading added" in flat(screen_text(pilot))

    drive(steps, pattern="insecure")


def test_tab_in_the_reader_goes_from_section_to_section_and_round() -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        reader = pilot.app.screen
        assert isinstance(reader, ReaderScreen)
        sections = reader.card.sections
        assert reader.current == 0
        await press(pilot, "tab")
        assert screen_text(pilot).splitlines()[0].strip().endswith(sections[1].title)
        await press(pilot, "shift+tab", "shift+tab")
        assert reader.current == len(sections) - 1

    drive(steps, pattern="needy")


def test_the_reader_follows_scrolling_in_its_top_line_and_tab_goes_on_from_there() -> None:
    """QA: after PageDown the top line still named the section the card opened at, and Tab went
    back up to the section after that one."""

    async def steps(pilot: Pilot[Any]) -> None:
        reader = pilot.app.screen
        assert isinstance(reader, ReaderScreen)
        await press(pilot, "pagedown", "pagedown", "pagedown", "pagedown")
        top_line, *body = screen_text(pilot).splitlines()
        named = reader.card.sections[reader.current]
        assert reader.current > 2
        assert top_line.strip().endswith(named.title)
        in_view = flat("\n".join(body))
        said = [named.title, *(entry.text[:25] for entry in named.items)]
        assert any(flat(words) in in_view for words in said)  # the section named is the one in view
        await press(pilot, "tab")
        assert reader.current == reader.card.sections.index(named) + 1
        await press(pilot, "end", "shift+tab")  # at the end, back from the last section in view
        assert reader.current < len(reader.card.sections) - 1

    drive(steps, pattern="insecure")


def test_the_readers_top_line_keeps_the_words_that_tell_two_sections_apart() -> None:
    """QA: at 80 columns the top line was cut to "Countertransference toward Passive-Aggressive",
    losing "Client", which tells it from the countertransference of a therapist with the pattern."""

    async def steps(pilot: Pilot[Any]) -> None:
        reader = pilot.app.screen
        assert isinstance(reader, ReaderScreen)
        keys = [s.key for s in reader.card.sections]
        for _ in range(keys.index("countertransference-toward-client")):
            await press(pilot, "tab")
        top_line = screen_text(pilot).splitlines()[0].strip()
        assert top_line.endswith("Countertransference toward Passive-Aggressive Client"), top_line

    drive(steps, size=(80, 24), pattern="passive-aggressive")


def long_card_folder(tmp_path: Path, sections: int) -> Path:
    """A card of many sections, each with a word of its own ("marker37")."""
    card = {
        "id": "long",
        "name": "Long Pattern",
        "summary": "A card of many sections.",
        "provenance": {"kind": "written-for-tool", "note": "Made for this test."},
        "sections": [
            {"key": f"part-{i}", "title": f"Part {i}", "items": [f"marker{i} line of part {i}"]}
            for i in range(sections)
        ],
    }
    (tmp_path / "long.yaml").write_text(yaml.safe_dump(card), encoding="utf-8")
    return tmp_path


def test_a_card_of_thousands_of_sections_opens_at_once_around_the_section_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """QA: a valid card of 6,000 sections held the reader (Ctrl+Q included) for 15 seconds, while
    Textual laid out a widget for each. The reader lays out MOST_SECTIONS of them, around the
    section it opens at, and says where the others are (a small number here, for a quick test)."""
    monkeypatch.setattr(reader_screen, "MOST_SECTIONS", 20)
    monkeypatch.setenv("PATTERN_PATH", str(long_card_folder(tmp_path, 100)))

    monkeypatch.setattr(preview_widget, "OVERVIEW_MOST", 10)

    async def steps(pilot: Pilot[Any]) -> None:
        await type_text(pilot, "long pattern")  # the card itself: the preview lists its sections
        assert "… and 90 more sections" in flat(screen_text(pilot))
        assert "Part 9" in screen_text(pilot) and "Part 10" not in screen_text(pilot)
        await press(pilot, *["backspace"] * len("long pattern"))
        await type_text(pilot, "marker70")
        await press(pilot, "enter")
        reader = pilot.app.screen
        assert isinstance(reader, ReaderScreen)
        shown = [part.section.title for part in reader.section_parts if part.section]
        assert shown == [f"Part {i}" for i in range(60, 80)]
        assert screen_text(pilot).splitlines()[0].strip().endswith("Part 70")
        said = " ".join(str(note.render()) for note in reader.query(".left-out"))
        assert "Sections 1–60 of 100 are not shown here" in said
        assert "Sections 81–100 of 100" in said and "pattern show long" in said
        await press(pilot, "shift+tab")
        assert screen_text(pilot).splitlines()[0].strip().endswith("Part 69")

    drive(steps, size=(120, 60))  # tall enough for the preview's whole overview


def test_escape_steps_back_from_reader_to_list_to_box() -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await type_text(pilot, "silent member")
        await press(pilot, "enter", "escape")
        screen = search_screen(pilot)
        assert focused(pilot) is screen.hits
        await press(pilot, "escape")
        assert focused(pilot) is screen.box
        assert screen.box.value == "silent member"
        await press(pilot, "escape")
        assert screen.box.value == ""
        assert "14 patterns" in screen_text(pilot)

    drive(steps)


def test_down_moves_into_the_results_and_up_from_the_first_comes_back() -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await type_text(pilot, "reassuring")
        screen = search_screen(pilot)
        first = screen.hits.target
        await press(pilot, "down")
        assert focused(pilot) is screen.hits
        assert screen.hits.target != first
        await press(pilot, "up")
        assert screen.hits.target == first
        await press(pilot, "up")
        assert focused(pilot) is screen.box

    drive(steps)


def test_a_click_on_a_result_opens_it() -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await type_text(pilot, "silent member")
        hits = search_screen(pilot).hits
        row = hits.region.y + 1  # the first result, under its pattern's heading
        await pilot.click(offset=(hits.region.x + 4, row))
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReaderScreen)
        assert "Group Roles/Positions" in screen_text(pilot).splitlines()[0]

    drive(steps)


def test_browse_pattern_opens_the_reader_and_escape_leads_to_search() -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        assert isinstance(pilot.app.screen, ReaderScreen)
        await press(pilot, "escape")
        assert isinstance(pilot.app.screen, SearchScreen)

    drive(steps, pattern="insecure")


# Comparing ------------------------------------------------------------------


def test_c_then_a_name_compares_as_pattern_compare_does() -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await type_text(pilot, "silent member")
        await press(pilot, "down", "c")
        assert isinstance(pilot.app.screen, ComparePrompt)
        assert "Compare Insecure Pattern with:" in screen_text(pilot)
        await type_text(pilot, "needdy")
        await press(pilot, "enter")
        assert "no pattern called 'needdy'; did you mean: needy?" in flat(screen_text(pilot))
        await press(pilot, "ctrl+u")
        await type_text(pilot, "Needy Pattern")
        await press(pilot, "enter")
        assert isinstance(pilot.app.screen, CompareScreen)
        screen = flat(screen_text(pilot))
        assert "Insecure Pattern vs Needy Pattern" in screen
        await press(pilot, "pagedown")  # past the two cards' source notes
        assert "How they differ" in screen_text(pilot)
        await press(pilot, "escape")
        assert isinstance(pilot.app.screen, SearchScreen)

    drive(steps)


def test_comparing_a_pattern_with_itself_is_refused_in_the_prompt() -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await press(pilot, "c")
        await type_text(pilot, "insecurity")
        await press(pilot, "enter")
        assert isinstance(pilot.app.screen, ComparePrompt)
        assert "both names mean the same pattern" in flat(screen_text(pilot))
        await press(pilot, "escape")
        assert isinstance(pilot.app.screen, ReaderScreen)

    drive(steps, pattern="insecure")


def test_the_comparison_goes_side_by_side_on_a_wide_terminal() -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await press(pilot, "c")
        await type_text(pilot, "needy")
        await press(pilot, "enter")
        rows = screen_text(pilot).splitlines()
        assert any("Insecure Pattern" in row and "Needy Pattern" in row and "Section" in row for row in rows)

    drive(steps, size=WIDE, pattern="insecure")


# Matching -------------------------------------------------------------------


def test_match_mode_ranks_patterns_by_the_traits_typed() -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await press(pilot, "down", "m")
        screen = search_screen(pilot)
        assert focused(pilot) is screen.box
        assert "Match: describe one trait" in screen_text(pilot)
        await type_text(pilot, "freezes when asked to present")
        await press(pilot, "enter")
        await type_text(pilot, "I keep reassuring her")
        text = flat(screen_text(pilot))
        assert "1. freezes when asked to present" in text
        assert "account for these traits" in text
        assert results(pilot)[0].pattern == "insecure"
        assert "Insecure Pattern score" in text
        await press(pilot, "ctrl+u", "backspace")  # the empty box: the last trait goes back
        assert screen.traits == []
        await press(pilot, "escape")
        assert "Search every line" in screen_text(pilot)

    drive(steps)


async def paste(pilot: Pilot[Any], text: str) -> None:
    """Text pasted into the box, as a terminal's bracketed paste delivers it."""
    from textual import events

    search_screen(pilot).box.post_message(events.Paste(text))
    await settle(pilot)
    await settle(pilot)


def test_pasted_notes_are_one_query_in_search_mode_and_a_trait_a_line_in_match_mode() -> None:
    """QA: a paste kept its first line alone and dropped the rest without a word; a tab or an
    escape in it went into the box as it was."""

    async def steps(pilot: Pilot[Any]) -> None:
        screen = search_screen(pilot)
        await paste(pilot, "fear of\nrejection\tshy\x1b")
        assert screen.box.value == "fear of rejection shy"
        await press(pilot, "ctrl+u", "down", "m")
        await paste(
            pilot,
            "shy and hesitant\n\nfreezes when asked to present\r\nsure others will turn her down\n!!!\n",
        )
        assert screen.traits == [
            "shy and hesitant",
            "freezes when asked to present",
            "sure others will turn her down",
        ]
        assert screen.box.value == ""
        assert results(pilot)[0].pattern == "insecure"
        assert "'!!!' left out" in flat(screen_text(pilot))
        await paste(pilot, "\n".join(f"trait number {n}" for n in range(25)))
        assert len(screen.traits) == 3 + 20
        assert "only the first 20 lines pasted were taken" in flat(screen_text(pilot))
        # Review: over a selection, a paste of blanks raised IndexError, and one of lines went beside it.
        await press(pilot, "escape", "escape")
        await type_text(pilot, "shy")
        screen.box.select_all()
        await paste(pilot, " \t\n\x1b")
        assert screen.box.value == "shy"
        screen.box.select_all()
        await paste(pilot, "fear of\nrejection")
        assert screen.box.value == "fear of rejection"

    drive(steps, size=(140, 40))


def test_a_risk_typed_is_said_first_in_search_and_in_match_mode() -> None:
    """QA: browse listed the lines on risk first for "wants to kill herself" and said nothing of
    why, and match mode dropped the warning `pattern match` opens with."""

    async def steps(pilot: Pilot[Any]) -> None:
        await type_text(pilot, "worried she might kill herself")
        text = flat(screen_text(pilot))
        assert "'kill herself' speaks of a risk to the client or to others" in text
        assert text.index("speaks of a risk") < text.index("best first")
        await press(pilot, "ctrl+u")
        await type_text(pilot, "fear of rejection")
        assert "speaks of a risk" not in flat(screen_text(pilot))
        await press(pilot, "ctrl+u", "down", "m")
        await type_text(pilot, "took an overdose")
        text = flat(screen_text(pilot))
        assert "Risk: “took an overdose” speaks of a risk to the client or to others" in text
        assert text.index("Risk:") < text.index("account for these traits")
        # Review: `pattern match` names what a risk trait's match leaves out; browse said nothing.
        await press(pilot, "ctrl+u")
        await type_text(pilot, "terrified of rejection and took an overdose")
        text = flat(screen_text(pilot))
        assert (
            "“terrified of rejection and took an overdose” is matched for its risk alone:"
            " give “terrified of rejection” as a trait of its own" in text
        )

    drive(steps, size=(140, 40))


def contrast_of(svg: str, words: str) -> float:
    """The contrast ratio (WCAG: 1 to 21) of the text holding `words` against the cell behind it,
    in an SVG screenshot as Textual exports it (what the terminal shows, NO_COLOR's filter too)."""
    texts = re.finditer(
        r'<text class="([^"]+)" x="([0-9.]+)" y="([0-9.]+)"[^>]*>([^<]*)</text>', svg.replace("&#160;", " ")
    )
    found = next((text for text in texts if words in text.group(4)), None)
    assert found is not None, words
    style = re.search(r"\." + re.escape(found.group(1)) + r" \{ fill: #([0-9a-f]{6})", svg)
    assert style is not None
    x, y = float(found.group(2)), float(found.group(3))
    behind = [
        fill
        for fill, left, top, width in re.findall(
            r'<rect fill="#([0-9a-f]{6})" x="([0-9.]+)" y="([0-9.]+)" width="([0-9.]+)"', svg
        )
        if float(left) <= x < float(left) + float(width) and y - 24 < float(top) <= y
    ]
    assert behind, "no cell behind the text"

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(style.group(1)), luminance(behind[-1])), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("no_color", [False, True])
def test_the_risk_warning_stands_out_with_colour_and_without(
    monkeypatch: pytest.MonkeyPatch, no_color: bool
) -> None:
    """QA: with NO_COLOR the warning's red became a dark grey on the near-black background
    (contrast 1.6 to 1), dimmer than every line around it."""
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    ratios: list[float] = []

    async def steps(pilot: Pilot[Any]) -> None:
        await type_text(pilot, "wants to kill herself")
        svg = pilot.app.export_screenshot()
        ratios.append(contrast_of(svg, "speaks of a risk"))

    drive(steps, size=(140, 40))
    assert ratios[0] >= 4.5  # WCAG AA for text


def test_a_trait_with_nothing_to_match_is_not_added_and_the_reason_is_shown() -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await press(pilot, "down", "m")
        screen = search_screen(pilot)
        await type_text(pilot, "I feel")
        await press(pilot, "enter")
        assert screen.traits == [] and screen.box.value == "I feel"  # kept, to be put in other words
        assert "'I feel' is left out: it has no word to match" in flat(screen_text(pilot))

    drive(steps)


def test_many_traits_leave_the_results_their_room() -> None:
    """Only the last traits are listed (the earlier ones counted): the results stay on screen."""

    async def steps(pilot: Pilot[Any]) -> None:
        await press(pilot, "down", "m")
        for trait in ["shy", "timid", "blushes", "apologizes a lot", "avoids parties", "quiet in groups"]:
            await type_text(pilot, trait)
            await press(pilot, "enter")
        text = flat(screen_text(pilot))
        assert "(3 earlier traits" in text and "6. quiet in groups" in text and "1. shy" not in text
        assert results(pilot)[0].pattern == "insecure"
        assert "Insecure Pattern" in text  # the best result is on screen, not pushed off it

    drive(steps)


def test_a_pattern_matched_through_an_example_is_previewed_at_its_cards_own_line() -> None:
    """A thesaurus example is in no section of the card: the preview shows the card's best line."""

    async def steps(pilot: Pilot[Any]) -> None:
        await press(pilot, "down", "m")
        await type_text(
            pilot,
            "rehearses what she will say before phoning the GP and still hangs up before anyone answers",
        )
        await press(pilot, "enter")
        await type_text(pilot, "shy")
        assert results(pilot)[0].pattern == "insecure"
        assert results(pilot)[0].section == "behavior"
        await press(pilot, "enter")  # the box holds "shy": a trait added; the empty box opens the card
        await press(pilot, "enter")
        assert isinstance(pilot.app.screen, ReaderScreen)
        assert "Interpersonal Behavior" in screen_text(pilot).splitlines()[0]

    drive(steps, size=WIDE)


def test_enter_in_an_empty_match_box_opens_the_best_pattern_where_it_matched() -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await press(pilot, "down", "m")
        await type_text(pilot, "freezes when asked to present")
        await press(pilot, "enter", "enter")
        assert isinstance(pilot.app.screen, ReaderScreen)
        assert "Insecure Pattern" in screen_text(pilot).splitlines()[0]
        assert "Interpersonal Behavior" in screen_text(pilot).splitlines()[0]

    drive(steps)


def test_f_in_match_mode_matches_the_therapists_own_reactions_and_back() -> None:
    """What a therapist feels is matched against the therapist's side of each card only, as with
    `pattern match --felt`; what is observed in the client never against it."""

    async def steps(pilot: Pilot[Any]) -> None:
        await press(pilot, "down", "m")
        await type_text(pilot, "I keep reassuring her")
        await press(pilot, "enter", "down")
        await steady(pilot)
        observed = screen_text(pilot)
        assert "Countertransference toward" not in observed
        await press(pilot, "f")
        assert search_screen(pilot).box.border_title == "Match what you feel: one reaction, Enter adds it"
        await steady(pilot)
        felt = screen_text(pilot)
        assert "Insecure Pattern" in felt and "Countertransference toward Insecure Client" in felt
        await press(pilot, "down", "f")
        await steady(pilot)
        assert "Countertransference toward" not in screen_text(pilot)

    drive(steps)


def test_the_match_box_hint_names_keys_that_switch_what_is_matched() -> None:
    """QA: the hint said "f: what you feel", but `f` in the box types an f."""

    async def steps(pilot: Pilot[Any]) -> None:
        await press(pilot, "down", "m")
        screen = search_screen(pilot)
        for felt in (True, False):
            hint = re.search(r"\(([^)]*): what you", screen.box.placeholder)
            assert hint is not None, screen.box.placeholder
            keys = [
                key.strip().lower() for key in hint.group(1).replace("then", ",").split(",") if key.strip()
            ]
            await press(pilot, *keys)
            assert screen.felt is felt and screen.box.value == ""
            screen.box.focus()
            await settle(pilot)

    drive(steps)


# Keys, quitting, layout -----------------------------------------------------


@pytest.mark.parametrize("key", ["ctrl+q", "ctrl+c"])
def test_ctrl_q_and_ctrl_c_quit_from_anywhere_with_status_0(key: str) -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await type_text(pilot, "quiet")  # a q in the box is typed, not obeyed
        assert search_screen(pilot).box.value == "quiet"
        await press(pilot, "enter", "c")
        await pilot.press(key)

    app = drive(steps)
    assert app.return_value == 0


def test_q_quits_where_nothing_is_being_typed() -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await press(pilot, "down", "q")

    assert drive(steps).return_value == 0


def test_question_mark_shows_every_key() -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await press(pilot, "down", "question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
        screen = flat(screen_text(pilot))
        for _where, keys, _what in KEYS[:6]:
            assert keys in screen
        await press(pilot, "escape")
        assert isinstance(pilot.app.screen, SearchScreen)

    drive(steps, size=WIDE)


@pytest.mark.parametrize(("size", "beside"), [(NARROW, False), (WIDE, True)])
def test_the_preview_is_beside_the_results_or_below_them(size: tuple[int, int], beside: bool) -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        screen = search_screen(pilot)
        hits, preview = screen.hits.region, screen.preview.region
        assert (preview.x > hits.x) is beside
        assert (preview.y > hits.y) is not beside

    drive(steps, size=size)


SVG_FOREGROUND = "c5c8c6"  # the foreground of Rich's SVG export itself, not of the app


def screenshot_colours(monkeypatch: pytest.MonkeyPatch, no_color: bool) -> set[str]:
    """The colours (other than greys) of the first screen, as an SVG screenshot has them."""
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    found: set[str] = set()

    async def steps(pilot: Pilot[Any]) -> None:
        svg = pilot.app.export_screenshot()
        found.update(c for c in re.findall(r"fill: #([0-9a-f]{6})", svg) if not c[0:2] == c[2:4] == c[4:6])

    drive(steps)
    return found - {SVG_FOREGROUND}


def test_no_color_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    assert screenshot_colours(monkeypatch, no_color=False)
    assert screenshot_colours(monkeypatch, no_color=True) == set()


# The card path --------------------------------------------------------------


def write_card(folder: Path, lines: list[str]) -> Path:
    card = {
        "id": "scratch",
        "name": "Scratch Pattern",
        "provenance": {"kind": "written-for-tool", "note": "A card for a test."},
        "sections": [{"key": "behavior", "title": "Interpersonal Behavior", "items": lines}],
    }
    path = folder / "scratch.yaml"
    path.write_text(yaml.safe_dump(card), encoding="utf-8")
    return path


def test_a_card_edited_on_disk_is_found_at_the_next_search(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cards"
    folder.mkdir()
    write_card(folder, ["Hums quietly"])
    monkeypatch.setenv("PATTERN_PATH", str(folder))

    async def steps(pilot: Pilot[Any]) -> None:
        await type_text(pilot, "kazoo")
        assert "Nothing matches 'kazoo'" in screen_text(pilot)
        write_card(folder, ["Hums quietly", "Plays the kazoo when anxious"])
        await type_text(pilot, " ")
        assert "Plays the kazoo when anxious" in screen_text(pilot)

    drive(steps)


def test_control_characters_in_a_card_are_shown_as_stand_ins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cards"
    folder.mkdir()
    write_card(folder, ["Glares \x1b[2J\x1b]52;c;aGk=\x07 then \u202eleaves"])
    monkeypatch.setenv("PATTERN_PATH", str(folder))

    async def steps(pilot: Pilot[Any]) -> None:
        await type_text(pilot, "glares")
        await press(pilot, "enter")
        screen = screen_text(pilot)
        assert "Glares ␛[2J␛]52;c;aGk=␇ then \ufffdleaves" in screen
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", screen)

    drive(steps)


# The command ----------------------------------------------------------------


def test_browse_without_a_terminal_exits_2_and_says_why() -> None:
    out = run("browse", expect=2)
    assert out.stdout == ""
    assert "browse is interactive: standard output is not a terminal" in out.stderr


def test_no_other_command_imports_textual() -> None:
    import sys

    code = (
        "import sys\n"
        "from patterncli.cli import app\n"
        "try:\n    app(['show', 'insecure', '-s', 'group roles'], prog_name='pattern')\n"
        "except SystemExit:\n    pass\n"
        "print('textual' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().endswith("False")


def test_the_readme_lists_every_key_of_the_help_screen() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for where, keys, what in KEYS:
        assert f"| {where} | {keys} | {what} |" in readme, (where, keys)


# Snapshots ------------------------------------------------------------------
# SVG screenshots of the main screens, compared with the files in tests/__snapshots__/test_browse/.
# After a deliberate change of the screens (or of the bundled cards they show), look at the
# report pytest writes, then redraw them: `pytest tests/test_browse.py --snapshot-update`.


async def steady(pilot: Pilot[Any]) -> None:
    """No blinking cursor: a screenshot taken at any moment is the same."""
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    await settle(pilot)


async def searching(pilot: Pilot[Any]) -> None:
    await type_text(pilot, "fear of rejection")
    await press(pilot, "down")
    await steady(pilot)


async def reading(pilot: Pilot[Any]) -> None:
    await type_text(pilot, "silent member")
    await press(pilot, "enter")
    await steady(pilot)


async def comparing(pilot: Pilot[Any]) -> None:
    await type_text(pilot, "silent member")
    await press(pilot, "down", "c")
    await type_text(pilot, "needy")
    await press(pilot, "enter")
    await steady(pilot)


async def matching(pilot: Pilot[Any]) -> None:
    await press(pilot, "down", "m")
    await type_text(pilot, "freezes when asked to present")
    await press(pilot, "enter")
    await type_text(pilot, "I keep reassuring her")
    await steady(pilot)


SCREENS = {"search": searching, "reader": reading, "compare": comparing, "match": matching}


@pytest.mark.parametrize("size", [NARROW, WIDE], ids=["80x24", "120x40"])
@pytest.mark.parametrize("name", list(SCREENS))
def test_snapshot(name: str, size: tuple[int, int], snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(BrowseApp(), terminal_size=size, run_before=SCREENS[name])


# The installed command in a real terminal -----------------------------------

ESCAPES = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


class PseudoTerminal:
    """`pattern browse` on a pseudo-terminal of its own: keys go in, the screen's text comes out."""

    def __init__(self, args: list[str], env: dict[str, str], rows: int = 24, cols: int = 80) -> None:
        self.leader, self.follower = pty.openpty()
        fcntl.ioctl(self.follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.modes_before = termios.tcgetattr(self.follower)
        self.proc = subprocess.Popen(
            args, stdin=self.follower, stdout=self.follower, stderr=self.follower, env=env, close_fds=True
        )
        self.output = b""

    def text(self) -> str:
        return ESCAPES.sub("", self.output.decode("utf-8", "replace"))

    def read(self, seconds: float) -> None:
        ready, _, _ = select.select([self.leader], [], [], seconds)
        if ready:
            self.output += os.read(self.leader, 65536)

    def wait_for(self, words: str, seconds: float = 20) -> None:
        end = time.monotonic() + seconds
        while words not in self.text():
            if time.monotonic() > end or self.proc.poll() is not None:
                raise AssertionError(f"{words!r} never appeared; the screen had:\n{self.text()[-3000:]}")
            self.read(0.2)

    def type(self, keys: str) -> None:
        os.write(self.leader, keys.encode())

    def finish(self, seconds: float = 20) -> int:
        end = time.monotonic() + seconds
        while self.proc.poll() is None and time.monotonic() < end:
            self.read(0.1)
        try:
            while select.select([self.leader], [], [], 0.2)[0]:
                self.output += os.read(self.leader, 65536)
        except OSError:
            pass
        code = self.proc.wait(timeout=1)
        self.modes_after = termios.tcgetattr(self.follower)
        os.close(self.leader)
        os.close(self.follower)
        return code


def pty_env(tmp_path: Path) -> dict[str, str]:
    return clean_env(
        TERM="xterm-256color", XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_DATA_HOME=str(tmp_path / "data")
    )


@pytest.mark.parametrize("quit_key", ["\x11", "\x03"], ids=["ctrl-q", "ctrl-c"])
def test_the_installed_command_in_a_real_terminal(tmp_path: Path, quit_key: str) -> None:
    term = PseudoTerminal([installed_pattern(), "browse"], pty_env(tmp_path))
    term.wait_for("Type to search")
    term.type("silent member")
    term.wait_for("The silent member")
    term.type("\r")
    term.wait_for("Insecure Pattern  ·  Group Roles/Positions")
    term.type(quit_key)
    assert term.finish() == 0
    assert (
        b"\x1b[?1049h" in term.output and b"\x1b[?1049l" in term.output
    )  # into the alternate screen and out
    lflag = 3  # termios attributes: [iflag, oflag, cflag, lflag, ispeed, ospeed, cc]
    assert term.modes_after[lflag] == term.modes_before[lflag]  # echo and line editing are back


def test_cards_that_cannot_be_read_are_named_before_the_screen_is_taken(tmp_path: Path) -> None:
    """QA: with no pattern given, browse said nothing of broken cards on the path (list, show and
    search do); the note stays on the terminal once the app has left it."""
    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / "broken.yaml").write_text("id: broken\nname: [unclosed\n", encoding="utf-8")
    term = PseudoTerminal([installed_pattern(), "browse"], {**pty_env(tmp_path), "PATTERN_PATH": str(folder)})
    term.wait_for("Type to search")
    term.type("\x11")
    assert term.finish() == 0
    before_screen = term.output.split(b"\x1b[?1049h")[0].decode("utf-8", "replace")
    assert "1 card file skipped" in before_screen


def test_an_unknown_pattern_says_did_you_mean_before_taking_the_screen(tmp_path: Path) -> None:
    code, screen = run_in_pty([installed_pattern(), "browse", "insecurr"], pty_env(tmp_path), rows=24)
    assert code == 1
    assert "no pattern called 'insecurr'" in screen and "did you mean: insecure?" in screen
    assert "\x1b[?1049h" not in screen  # the alternate screen was never entered


def test_a_bug_leaves_the_screen_without_a_traceback_and_is_raised_for_the_entry(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("a bug in a search")

    monkeypatch.setattr("patterncli.tui.screens.search.look_up", broken)
    monkeypatch.setattr("patterncli.commands.browse.check_terminal", lambda terminal: None)
    run_app = BrowseApp.run
    monkeypatch.setattr(BrowseApp, "run", lambda app: run_app(app, headless=True))
    with pytest.raises(RuntimeError, match="a bug in a search"):
        browsing.browse(Terminal(is_tty=True))
    assert "Traceback" not in capsys.readouterr().err
