"""Styled terminal output with Rich. Card text is always passed as Text, never parsed as markup."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..model import Card, Entry, Section
from ..views import ListRow, sections_by_group

if TYPE_CHECKING:
    from ..compare import Comparison, Row
    from ..search import Hit

_TRAILING_SPACE = re.compile(r"[ ]+((?:\x1b\[[0-9;]*m)*)$", re.MULTILINE)

TITLE = "bold"
HEADING = "bold cyan"
ADDED_HEADING = "bold italic cyan"
NOTE = "dim italic"
SUMMARY_NOTE = "italic yellow"
LABEL = "bold"


@dataclass(frozen=True)
class Screen:
    """What the renderer needs to know of the terminal it draws for."""

    width: int = 80
    color: bool = True


def to_text(renderables: Sequence[RenderableType], screen: Screen) -> str:
    console = Console(
        file=io.StringIO(),
        width=screen.width,
        force_terminal=True,
        no_color=not screen.color,
        highlight=False,
        emoji=False,
        markup=False,
    )
    for item in renderables:
        console.print(item)
    out = str(console.file.getvalue())  # type: ignore[attr-defined]
    # Rich pads table cells to the column width; drop that padding at line ends (before any reset codes).
    return _TRAILING_SPACE.sub(r"\1", out)


def provenance(card: Card) -> Text:
    style = NOTE if card.provenance.is_source else SUMMARY_NOTE
    return Text(f"Source: {card.provenance.note}", style=style)


def section_heading(card: Card, section: Section) -> Text:
    if card.heading_added(section):
        return Text.assemble((section.title, ADDED_HEADING), ("  heading added", NOTE))
    return Text(section.title, style=HEADING)


def entries(items: Sequence[Entry], width: int) -> Group:
    """Bullets and inline labels in aligned grids; a named entry (a subtype) as its name above its text."""
    blocks: list[RenderableType] = []
    grid: Table | None = None
    for entry in items:
        if entry.name is not None:
            blocks += [
                Text(entry.name, style=LABEL),
                Padding(Text("\n".join(entry.body_lines())), (0, 0, 0, 2)),
            ]
            grid = None
            continue
        if grid is None:
            grid = Table.grid(padding=(0, 1))
            grid.add_column(style=LABEL, max_width=max(12, width // 3), overflow="fold")
            grid.add_column(overflow="fold")
            blocks.append(grid)
        marker = "•" if entry.label is None else f"{entry.label}:"
        grid.add_row(Text(marker), Text("\n".join(entry.body_lines())))
    return Group(*blocks)


def section_block(card: Card, section: Section, width: int) -> Group:
    return Group(section_heading(card, section), Padding(entries(section.items, width - 2), (0, 0, 0, 2)))


def card_header(card: Card) -> list[RenderableType]:
    return [Text.assemble((card.name, TITLE), "  ", (card.id, "dim")), provenance(card)]


def show(card: Card, screen: Screen) -> str:
    blocks: list[RenderableType] = card_header(card)
    for section in card.sections:
        blocks += [Text(""), section_block(card, section, screen.width)]
    return to_text(blocks, screen)


def card_list(rows: Sequence[ListRow], screen: Screen) -> str:
    table = Table(box=None, padding=(0, 2, 0, 0), show_edge=False)
    table.add_column("id", style="bold cyan", no_wrap=True)
    table.add_column("name", no_wrap=True)
    table.add_column("summary", ratio=1)
    table.add_column("from", style="dim")
    for r in rows:
        where = r.origin + (f", overrides {', '.join(r.overrides)}" if r.overrides else "")
        table.add_row(Text(r.id), Text(r.name), Text(r.summary), Text(where))
    return to_text([table], screen)


def section_list(card: Card, screen: Screen) -> str:
    blocks: list[RenderableType] = [Text.assemble((card.name, TITLE), "  ", (card.id, "dim"))]
    for group, sections in sections_by_group(card):
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="cyan", no_wrap=True)
        grid.add_column()
        for s in sections:
            grid.add_row(Text(s.key), section_heading(card, s) if card.heading_added(s) else Text(s.title))
        blocks += [Text(""), Text(group, style=TITLE), Padding(grid, (0, 0, 0, 2))]
    return to_text(blocks, screen)


STACK_BELOW = 100  # columns; narrower terminals get the two cards one under the other


def comparison(cmp: Comparison, screen: Screen) -> str:
    left, right = cmp.left, cmp.right
    blocks: list[RenderableType] = [
        Text.assemble((left.name, TITLE), "  vs  ", (right.name, TITLE)),
        Text.assemble((f"{left.name}: ", "bold dim"), provenance(left)),
        Text.assemble((f"{right.name}: ", "bold dim"), provenance(right)),
        Text(""),
        differences_block(cmp, screen.width),
        Text(""),
    ]
    if screen.width < STACK_BELOW:
        blocks += stacked_rows(cmp, screen.width)
    else:
        blocks.append(side_by_side(cmp))
    return to_text(blocks, screen)


def differences_block(cmp: Comparison, width: int) -> RenderableType:
    body: list[RenderableType] = []
    for diff in cmp.differences:
        body.append(Text(f"{diff.card.name} · {diff.section.title}", style="dim"))
        body.append(Padding(entries([diff.entry], width - 6), (0, 0, 0, 2)))
    if not body:
        body.append(Text("Neither card names the other.", style=NOTE))
    from rich.panel import Panel  # only compare draws a panel

    return Panel(Group(*body), title="How they differ", title_align="left", border_style="magenta")


def row_title(row: Row) -> Text:
    title = Text(row.title, style=HEADING)
    if row.other_title:
        title.append(f"\n{row.other_title}", style="cyan")
    return title


def cell(section: Section | None, width: int) -> RenderableType:
    return Text("—", style="dim") if section is None else entries(section.items, width)


def side_by_side(cmp: Comparison) -> Table:
    table = Table(show_lines=True, expand=True, header_style="bold")
    table.add_column("Section", ratio=1, overflow="fold")
    table.add_column(cmp.left.name, ratio=2, overflow="fold")
    table.add_column(cmp.right.name, ratio=2, overflow="fold")
    for row in cmp.rows:
        table.add_row(row_title(row), cell(row.left, 40), cell(row.right, 40))
    return table


def stacked_rows(cmp: Comparison, width: int) -> list[RenderableType]:
    blocks: list[RenderableType] = []
    for row in cmp.rows:
        blocks.append(row_title(row))
        for card, section in ((cmp.left, row.left), (cmp.right, row.right)):
            blocks.append(Padding(Text(card.name, style="bold"), (0, 0, 0, 2)))
            blocks.append(Padding(cell(section, width - 4), (0, 0, 0, 4)))
        blocks.append(Text(""))
    return blocks


def search_hits(hits: Sequence[Hit], screen: Screen) -> str:
    table = Table(box=None, padding=(0, 2, 0, 0), show_header=True, header_style="dim")
    table.add_column("pattern", style="cyan", no_wrap=True)
    table.add_column("section", style="dim", max_width=max(12, screen.width // 4), overflow="fold")
    table.add_column("line", overflow="fold")
    for hit in hits:
        line = Text(hit.line.text)
        for start, end in hit.spans:
            line.stylize("bold yellow", start, end)
        table.add_row(Text(hit.line.pattern), Text(hit.line.section_title or "name"), line)
    return to_text([table], screen)
