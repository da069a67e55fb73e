"""The list of results: the lines found, under their patterns; the patterns matched; every card."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...search import CARD_ALIAS, CARD_NAME, SECTION_ALIAS, SECTION_TITLE, group_by_pattern
from ...search.examples import EXAMPLE_KEY
from ..text import marked, shown

if TYPE_CHECKING:
    from ...model import Card
    from ...search import Hit, SearchLine
    from ...search.match import PatternMatch


@dataclass(frozen=True)
class Target:
    """Where a result leads: a card, at one of its sections (None: the top of the card)."""

    pattern: str
    section: str | None = None


class Result(Option):
    """One row of the list; a pattern's heading leads nowhere, so the cursor passes over it."""

    def __init__(self, prompt: RenderableType, target: Target | None) -> None:
        super().__init__(prompt, disabled=target is None)
        self.target = target


class HitList(OptionList):
    """The results, one row each. Up on the first row hands the cursor back to the search box."""

    DEFAULT_CSS = """
    HitList {
        height: 1fr;
        max-height: 100%;
        border: none;
        border-left: tall $border-blurred;
        padding: 0 1 0 0;
        &:focus {
            border: none;
            border-left: tall $border;
        }
        & > .option-list--option-disabled {
            color: $text;
        }
    }
    """

    class ReachedTop(Message):
        """Up was pressed on the first result."""

    def show_hits(self, hits: Sequence[Hit]) -> None:
        rows: list[Result] = []
        for group in group_by_pattern(hits):  # as `pattern search --by-pattern` groups them
            count = len(group.hits)
            rows.append(Result(pattern_heading(group.pattern_name, f"{count} {plural(count, 'line')}"), None))
            rows += [Result(Padding(hit_row(hit), (0, 0, 0, 2)), target_of(hit.line)) for hit in group.hits]
        self.show(rows)

    def show_matches(self, matches: Sequence[PatternMatch]) -> None:
        self.show([Result(match_row(m), Target(m.pattern, best_section(m))) for m in matches])

    def show_cards(self, cards: Sequence[Card]) -> None:
        self.show([Result(card_row(card), Target(card.id)) for card in cards])

    def show(self, rows: Sequence[Result]) -> None:
        self.set_options(rows)
        self.action_first()  # the best result, under its pattern's heading

    @property
    def target(self) -> Target | None:
        option = self.highlighted_option
        return option.target if isinstance(option, Result) else None

    def action_cursor_up(self) -> None:
        if self.highlighted is None or self.highlighted <= self._first_enabled():
            self.post_message(self.ReachedTop())
            return
        super().action_cursor_up()

    def action_cursor_down(self) -> None:
        # Textual wraps from the last row to the first; a list of ranked results should stop.
        if self.highlighted is not None and self.highlighted >= self._last_enabled():
            return
        super().action_cursor_down()

    def _first_enabled(self) -> int:
        return next((i for i, o in enumerate(self.options) if not o.disabled), 0)

    def _last_enabled(self) -> int:
        return max((i for i, o in enumerate(self.options) if not o.disabled), default=0)


def plural(n: int, word: str) -> str:
    return word if n == 1 else f"{word}s"


def pattern_heading(name: str, detail: str) -> Text:
    return Text.assemble(shown(name, "bold"), shown(f"  {detail}", "dim"))


def place(line: SearchLine) -> str:
    """Where a line stands on its card, in a word or the section's title."""
    if line.kind == CARD_NAME:
        return "the pattern's name"
    if line.kind == CARD_ALIAS:
        return "another name for the pattern"
    if line.kind == SECTION_TITLE:
        return "a section"
    if line.kind == SECTION_ALIAS:
        return f"another name for {line.section_title}"
    return line.section_title or ""


def hit_row(hit: Hit) -> Text:
    return Text.assemble(marked(hit), shown(f"  · {place(hit.line)}", "dim"))


def target_of(line: SearchLine) -> Target:
    return Target(line.pattern, line.section_key)


def match_row(match: PatternMatch) -> Group:
    """The pattern, its score, then each trait it accounts for with the line that does."""
    lines: list[RenderableType] = [pattern_heading(match.name, f"score {match.score:.0f}")]
    for evidence in match.evidence:
        line = Text.assemble(shown(f"{evidence.trait}: ", "italic"), marked(evidence.hit))
        lines.append(Padding(line, (0, 0, 0, 2)))
    if match.unmatched:
        lines.append(Padding(shown(f"not accounted for: {'; '.join(match.unmatched)}", "dim"), (0, 0, 0, 2)))
    return Group(*lines)


def best_section(match: PatternMatch) -> str | None:
    """The section of the card line that best accounts for a trait: where the reader opens (a
    thesaurus example is in no section of the card)."""
    own = [e for e in match.evidence if e.hit.line.section_key != EXAMPLE_KEY]
    best = max(own, key=lambda e: e.hit.score, default=None)
    return None if best is None else best.hit.line.section_key


def card_row(card: Card) -> Text:
    heading = pattern_heading(card.name, card.id)
    return Text.assemble(heading, shown(f"\n{card.summary}")) if card.summary else heading
