"""One renderer module per format, chosen here and imported only when that format is asked for.

Every renderer function has the same shape, `view(subject, options) -> str`: it draws one view of
plain core data, reads no file and writes nowhere. Which views each format draws is the table
SUPPORTED; a test renders every pair in it.
"""

from __future__ import annotations

from enum import Enum

from ..errors import UsageProblem, shortened
from ..record import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import ModuleType
    from typing import Any


class Format(str, Enum):
    rich = "rich"
    plain = "plain"
    markdown = "markdown"
    json = "json"
    html = "html"
    mermaid = "mermaid"
    dot = "dot"


FORMAT_ALIASES = {"md": Format.markdown, "htm": Format.html, "graphviz": Format.dot}


class View(str, Enum):
    show = "show"  # one card (possibly cut down to some sections)
    cards = "cards"  # several cards, each cut down to the sections asked for: show --all, show A B
    card_list = "card_list"
    section_list = "section_list"
    comparison = "comparison"
    search_hits = "search_hits"
    pattern_hits = "pattern_hits"  # search --by-pattern
    matches = "matches"  # match: patterns ranked by traits
    relation_map = "relation_map"


_TEXT = (Format.rich, Format.plain, Format.markdown, Format.json)
_PAGE = (*_TEXT, Format.html)
SUPPORTED: dict[View, tuple[Format, ...]] = {
    View.show: _PAGE,
    View.cards: _PAGE,
    View.card_list: _TEXT,
    View.section_list: _TEXT,
    View.comparison: _PAGE,
    View.search_hits: _TEXT,
    View.pattern_hits: _TEXT,
    View.matches: _PAGE,
    View.relation_map: (Format.rich, Format.plain, Format.markdown, Format.json, Format.mermaid, Format.dot),
}


class Options(Record):
    """What a renderer may take into account besides its subject."""

    __slots__ = ("bare", "color", "width")
    _fields = ("width", "color", "bare")

    def __init__(self, width: int = 80, color: bool = True, bare: bool = False) -> None:
        self.width = width  # rich: the screen's columns
        self.color = color  # rich: colours (off for NO_COLOR; bold and italic stay)
        self.bare = bare  # only the sections' headings and items: no title, provenance or differences


def parse_format(text: str, offered: Sequence[Format] = tuple(Format)) -> Format:
    """A --format value, in any case, or one of its short names (md); UsageProblem otherwise,
    naming the formats `offered` (the command's own: naming others would send the user to a
    second error)."""
    wanted = text.strip().lower()
    found = FORMAT_ALIASES.get(wanted)
    if found is not None:
        return found
    try:
        return Format(wanted)
    except ValueError:
        names = ", ".join(f.value for f in offered)
        short = " (md for markdown)" if Format.markdown in offered else ""
        raise UsageProblem(f"{shortened(text)} is not a format; choose one of {names}{short}") from None


def check_supported(view: View, kind: Format) -> None:
    if kind not in SUPPORTED[view]:
        names = ", ".join(f.value for f in SUPPORTED[view])
        raise UsageProblem(f"no {kind.value} output here; choose one of {names}")


def renderer(kind: Format) -> ModuleType:
    """The module that draws a format, imported now: Rich, for one, costs more than the rest together."""
    if kind is Format.rich:
        from . import rich_out

        return rich_out
    if kind is Format.plain:
        from . import plain

        return plain
    if kind is Format.markdown:
        from . import markdown

        return markdown
    if kind is Format.json:
        from . import json_out

        return json_out
    if kind is Format.html:
        from . import html_out

        return html_out
    from . import graph  # mermaid and dot draw only the relation map

    return graph


def render(view: View, subject: Any, kind: Format, options: Options) -> str:
    """Draw a view of the subject in a format."""
    check_supported(view, kind)
    module = renderer(kind)
    name = view.value if kind not in (Format.mermaid, Format.dot) else kind.value
    draw = getattr(module, name)
    return str(draw(subject, options))
