"""The reader: one whole card as `pattern show` draws it, scrollable, opened at a section."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Static

from ...render import Options
from ...render.rich_out import TITLE, card_parts
from ...views import display_title
from ..text import shown

if TYPE_CHECKING:
    from ...model import Card, Section
    from ..library import Library

SIDE_COLUMNS = 4  # the card's margin and the mark of the current section
# Sections laid out at once: Textual takes milliseconds a section, and a card of thousands (one
# from a shared folder, say) would hold the screen, Ctrl+Q included, for many seconds. A longer
# card shows this many around the section it opens at, and says where the rest are.
MOST_SECTIONS = 200


class CardPart(Static):
    """The card's header (section None), or one section with the group heading before it."""

    def __init__(self, section: Section | None, renderable: RenderableType) -> None:
        super().__init__(renderable)
        self.section = section


class ReaderScreen(Screen[None]):
    CSS_PATH = "reader.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("tab", "next_section", "Next section"),
        Binding("shift+tab", "previous_section", "Previous", show=False),
        Binding("c", "compare", "Compare"),
    ]

    def __init__(self, library: Library, card: Card, section_key: str | None = None) -> None:
        super().__init__()
        self.library = library
        self.card = card
        self.current = 0  # index into the sections shown
        keys = [s.key for s in card.sections]
        opened_at = keys.index(section_key) if section_key in keys else None
        # The sections shown: all of them, or MOST_SECTIONS around the one the reader opens at.
        self.first = max(0, min((opened_at or 0) - MOST_SECTIONS // 2, len(keys) - MOST_SECTIONS))
        self.shown = card.sections[self.first : self.first + MOST_SECTIONS]
        self.start = None if opened_at is None else opened_at - self.first

    def compose(self) -> ComposeResult:
        yield Static(id="where")
        width = max(20, self.app.size.width - SIDE_COLUMNS)
        whole = len(self.shown) == len(self.card.sections)
        card = self.card if whole else self.card.with_sections(self.shown)
        with VerticalScroll(id="card"):
            for section, blocks in card_parts(card, Options(width=width), whole=True):
                if section is self.shown[0] and self.first:
                    yield Static(self.left_out(0, self.first), classes="left-out")
                yield CardPart(section, Group(*blocks))
            after = self.first + len(self.shown)
            if after < len(self.card.sections):
                yield Static(self.left_out(after, len(self.card.sections)), classes="left-out")
        yield Footer()

    def left_out(self, start: int, end: int) -> Text:
        """Where the sections not shown are (start to end - 1, counted from 0)."""
        return shown(
            f"Sections {start + 1:,}–{end:,} of {len(self.card.sections):,} are not shown here: "
            f"`pattern show {self.card.id}` shows the whole card.",
            "italic",
        )

    def on_mount(self) -> None:
        scroller = self.query_one("#card", VerticalScroll)
        scroller.focus()
        self.mark(self.start or 0)
        if self.start is not None:
            self.call_after_refresh(self.scroll_to_current)
        self.watch(scroller, "scroll_y", self.follow_scrolling, init=False)

    def follow_scrolling(self) -> None:
        """Scrolled past the current section (PageDown, the mouse): the first section in view is
        the current one, named in the top line and where Tab goes on from (QA: both kept to the
        section the card opened at). A current section still in view stays: Tab to the last
        section cannot bring it to the top."""
        scroller = self.query_one("#card", VerticalScroll)
        parts = self.section_parts
        top = scroller.scroll_y
        bottom = top + scroller.scrollable_content_region.height

        def reaches_below(part: CardPart, line: float) -> bool:
            return part.virtual_region.y + part.virtual_region.height > line

        current = parts[self.current] if parts else None
        if current is None or (current.virtual_region.y < bottom and reaches_below(current, top)):
            return
        self.mark(next((n for n, part in enumerate(parts) if reaches_below(part, top)), len(parts) - 1))

    @property
    def section_parts(self) -> list[CardPart]:
        return [part for part in self.query(CardPart) if part.section is not None]

    def mark(self, index: int) -> None:
        """Make a section the current one: marked in the margin and named in the top line."""
        parts = self.section_parts
        if not parts:
            self.query_one("#where", Static).update(shown(self.card.name, TITLE))
            return
        self.current = index % len(parts)
        for n, part in enumerate(parts):
            part.set_class(n == self.current, "current")
        section = parts[self.current].section
        assert section is not None  # section_parts holds only the parts of a section
        self.query_one("#where", Static).update(self.where_line(display_title(self.card, section)))

    def on_resize(self, _event: Resize) -> None:
        self.mark(self.current)  # the top line fitted to the new width

    def where_line(self, title: str) -> Text:
        """The card's name and the section's title, on the one line there is: the title alone when
        both do not fit, cut short with an ellipsis only when it alone does not (QA: cut at 80
        columns, "Countertransference toward Passive-Aggressive" lost "Client", the word that
        tells it from the therapist's own)."""
        room = self.app.size.width - 2  # the line's padding
        where = Text.assemble(shown(self.card.name, TITLE), shown(f"  ·  {title}", "bold cyan"))
        if where.cell_len > room:
            where = shown(title, "bold cyan")
        where.truncate(room, overflow="ellipsis")
        return where

    def scroll_to_current(self) -> None:
        parts = self.section_parts
        if parts:
            self.query_one("#card", VerticalScroll).scroll_to_widget(
                parts[self.current], animate=False, top=True
            )

    def action_next_section(self) -> None:
        self.mark(self.current + 1)
        self.scroll_to_current()

    def action_previous_section(self) -> None:
        self.mark(self.current - 1)
        self.scroll_to_current()

    def action_back(self) -> None:
        self.dismiss(None)

    def action_compare(self) -> None:
        from .search import open_comparison

        open_comparison(self, self.library, self.card)
