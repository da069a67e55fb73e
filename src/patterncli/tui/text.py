"""Rich Text for the browse app, made only from visible strings and never from markup."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text

from ..render.rich_out import highlighted
from ..safe_text import visible


def shown(text: str, style: str = "") -> Text:
    """A piece of card text, or any text a user or a card file supplied, as the screen shows it."""
    return Text(visible(text), style=style)


def marked(text: str, spans: Iterable[tuple[int, int]]) -> Text:
    """A line with the words that matched the query highlighted as `pattern search` does."""
    return highlighted(visible(text), spans)  # visible keeps every character's place: spans still fit
