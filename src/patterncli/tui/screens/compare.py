"""`c`: ask for a second pattern, then show the two as `pattern compare` does."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.console import Group
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.suggester import SuggestFromList
from textual.widgets import Footer, Input, Static

from ...errors import NotFound, PatternError
from ...render import Options
from ...render.rich_out import comparison_blocks
from ..text import shown

if TYPE_CHECKING:
    from ...compare import Comparison
    from ...model import Card
    from ..library import Library

SIDE_COLUMNS = 4  # the comparison's margins and the scroll bar


class ComparePrompt(ModalScreen["Comparison | None"]):
    """Which pattern to compare with: any id, name or alias, resolved as `pattern compare` does."""

    CSS_PATH = "compare.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, library: Library, left: Card) -> None:
        super().__init__()
        self.library = library
        self.left = left

    def compose(self) -> ComposeResult:
        others = [card_id for card_id in self.library.ids() if card_id != self.left.id]
        names = [*others, *(self.library.card(card_id).name for card_id in others)]
        with Vertical(id="dialog"):
            yield Static(shown(f"Compare {self.left.name} with:", "bold"))
            yield Input(
                placeholder="a pattern's id, name or alias",
                suggester=SuggestFromList(names, case_sensitive=False),
            )
            yield Static(id="problem")
            yield Static(shown(f"Patterns: {', '.join(others)}", "dim"), id="choices")
        yield Footer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            return
        try:
            right = self.library.find(event.value)
            comparison = self.library.compare(self.left.id, right.id)
        except PatternError as err:
            self.query_one("#problem", Static).update(shown(problem_text(err), "italic"))
            return
        self.dismiss(comparison)

    def action_cancel(self) -> None:
        self.dismiss(None)


def problem_text(err: PatternError) -> str:
    """The error as the command line says it, with its "did you mean" on the same line."""
    if isinstance(err, NotFound) and err.suggestions:
        return f"{err}; did you mean: {', '.join(err.suggestions)}?"
    return str(err)


class CompareScreen(Screen[None]):
    """Two cards: the lines where each names the other, then both aligned section by section."""

    CSS_PATH = "compare.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back")]

    def __init__(self, comparison: Comparison) -> None:
        super().__init__()
        self.comparison = comparison

    def compose(self) -> ComposeResult:
        width = max(20, self.app.size.width - SIDE_COLUMNS)
        with VerticalScroll(id="comparison"):
            yield Static(Group(*comparison_blocks(self.comparison, Options(width=width))))
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#comparison").focus()

    def action_back(self) -> None:
        self.dismiss(None)
