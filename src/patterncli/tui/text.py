"""Rich Text for the browse app, made only from visible strings and never from markup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from ..render.rich_out import highlighted
from ..safe_text import visible

if TYPE_CHECKING:
    from ..search import Hit


def shown(text: str, style: str = "") -> Text:
    """A piece of card text, or any text a user or a card file supplied, as the screen shows it."""
    return Text(visible(text), style=style)


def marked(hit: Hit) -> Text:
    """A line found, as `pattern search` draws it: the matched words highlighted, and a word that
    stood in for a query word (through the thesaurus) marked, with the word it stood in for."""
    return visible_text(highlighted(hit))


def visible_text(text: Text) -> Text:
    """Rich Text made visible; its styles stay where they were, as `visible` keeps every place."""
    return Text(visible(text.plain), style=text.style, end=text.end, spans=list(text.spans))
