"""A standalone HTML page (interim: Rich records the styled text and exports it)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from ..model import Card
from . import rich_out

if TYPE_CHECKING:
    from ..compare import Comparison
    from ..views import Selection
    from . import Options

PAGE_WIDTH = 100


def _page(text: str) -> str:
    console = Console(record=True, width=PAGE_WIDTH, force_terminal=True, file=io.StringIO(), markup=False)
    console.print(Text.from_ansi(text))
    page: str = console.export_html(inline_styles=True)
    return page


def show(card: Card, options: Options) -> str:
    return _page(rich_out.show(card, options._replace(width=PAGE_WIDTH)))


def cards(selection: Selection, options: Options) -> str:
    return _page(rich_out.cards(selection, options._replace(width=PAGE_WIDTH)))


def comparison(cmp: Comparison, options: Options) -> str:
    return _page(rich_out.comparison(cmp, options._replace(width=PAGE_WIDTH)))
