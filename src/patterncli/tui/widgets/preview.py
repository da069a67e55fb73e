"""The preview beside (or under) the results: the selected line's section, as `pattern show` draws it."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...model import Card, Section
from ...render.rich_out import NOTE, SUMMARY_NOTE, TITLE, section_block, section_heading
from ...views import PROVENANCE_KINDS
from ..text import shown

PREVIEW_WIDTH = 60  # columns to lay a section out in before the preview has a size of its own
# Section headings an overview lists: a glance at a card, not its table of contents. A card of
# thousands (from a shared folder, say) would be laid out again at every key press.
OVERVIEW_MOST = 60


class SectionPreview(VerticalScroll, can_focus=False):
    """One section of one card, under the card's name and where its text comes from."""

    DEFAULT_CSS = """
    SectionPreview {
        height: 1fr;
        padding: 0 1;
        border: none;
        border-top: solid $border-blurred;
        background: $surface;
    }
    SectionPreview > Static {
        width: 1fr;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(Text(""))

    def show(self, card: Card, section: Section | None) -> None:
        """The section; for no section (the card itself was found), its summary and its sections."""
        body: list[RenderableType] = [card_title(card), Text("")]
        body += [section_block(card, section, self.text_width())] if section else overview(card)
        self._draw(Group(*body))

    def show_message(self, message: str) -> None:
        self._draw(shown(message, "dim italic"))

    def text_width(self) -> int:
        return self.content_region.width or PREVIEW_WIDTH

    def _draw(self, renderable: RenderableType) -> None:
        self.query_one(Static).update(renderable)
        self.scroll_home(animate=False)


def card_title(card: Card) -> Text:
    """The card's name, id and what kind of text it is; the reader shows the full source note."""
    kind = PROVENANCE_KINDS.get(card.provenance.kind, card.provenance.kind)
    return Text.assemble(
        shown(card.name, TITLE),
        shown(f"  {card.id}", "dim"),
        shown(f"  {kind}", NOTE if card.provenance.is_source else SUMMARY_NOTE),
    )


def overview(card: Card) -> list[RenderableType]:
    """What a card holds, for a result that is the card itself."""
    blocks: list[RenderableType] = [shown(card.summary), Text("")] if card.summary else []
    blocks += [section_heading(card, s) for s in card.sections[:OVERVIEW_MOST]]
    more = len(card.sections) - OVERVIEW_MOST
    if more > 0:
        blocks.append(shown(f"… and {more:,} more sections (Enter opens the card)", "dim italic"))
    return blocks
