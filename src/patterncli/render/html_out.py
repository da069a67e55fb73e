"""A standalone HTML page of a card, for printing or sharing: Rich records the styled card and exports it."""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

from ..model import Card
from . import rich_out

PAGE_WIDTH = 100


def show(card: Card) -> str:
    console = Console(record=True, width=PAGE_WIDTH, force_terminal=True, file=io.StringIO(), markup=False)
    blocks = rich_out.card_header(card)
    for section in card.sections:
        blocks += [Text(""), rich_out.section_block(card, section, PAGE_WIDTH)]
    for block in blocks:
        console.print(block)
    page: str = console.export_html(inline_styles=True)
    return page
