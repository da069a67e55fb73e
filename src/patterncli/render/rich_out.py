"""Styled terminal output with Rich. Card text is always passed as Text, never parsed as markup."""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.color import ColorSystem
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.segment import Segment
from rich.table import Table
from rich.text import Text as RichText

from ..model import Card, Entry, Section, group_title
from ..safe_text import visible
from ..views import (
    HYPOTHESES,
    NO_CARD_ACCOUNTS,
    ListRow,
    citations,
    display_title,
    omitted_line,
    risk_lines,
    section_marks,
    sections_by_group,
    stand_in_note,
)

if TYPE_CHECKING:
    from rich.style import Style

    from ..compare import Comparison, Row
    from ..relations import RelationMap
    from ..search import Hit, PatternHits
    from ..search.match import Evidence, MatchReport
    from ..views import Selection
    from . import Options


class Text(RichText):
    """Rich's Text, made of visible text: every Text of this module is one of these.

    Rich drops BEL, BS, VT, FF and CR from a Text's string as it is made, before the segments
    reach the boundary in `to_text`: a card's control character would vanish instead of showing,
    and the highlights after it would land beside their words. `visible` swaps one character for
    one, so the offsets of highlights still fit."""

    def __init__(self, text: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(visible(text), *args, **kwargs)

    def append(self, text: str | RichText, style: str | Style | None = None) -> RichText:
        super().append(visible(text) if isinstance(text, str) else text, style)
        return self


TITLE = "bold"
HEADING = "bold cyan"
ADDED_HEADING = "bold italic cyan"
GROUP = "bold magenta"
NOTE = "dim italic"
SUMMARY_NOTE = "italic yellow"
LABEL = "bold"
MATCH = "bold yellow"
STAND_IN = "bold magenta"
RISK = "bold red"

_COLOR_SYSTEMS = {
    "standard": ColorSystem.STANDARD,
    "256": ColorSystem.EIGHT_BIT,
    "truecolor": ColorSystem.TRUECOLOR,
    "windows": ColorSystem.WINDOWS,
}


def to_text(renderables: Sequence[RenderableType], options: Options) -> str:
    """Draw renderables as the terminal will show them.

    Rich's segments are turned into text here, not by Rich's printing, so that every piece of card
    text passes the one boundary (`safe_text.visible`) and only Rich's own styles become escape
    codes; trailing padding is dropped line by line, in time linear in the width.
    """
    console = Console(
        file=io.StringIO(),
        width=options.width,
        force_terminal=True,
        no_color=not options.color,
        highlight=False,
        emoji=False,
        markup=False,
    )
    system = _COLOR_SYSTEMS.get(console.color_system or "")
    out: list[str] = []
    for renderable in renderables:
        for line in _lines(console, renderable):
            segments: Iterable[Segment] = _without_trailing_space(line)
            if not options.color:
                segments = Segment.remove_color(segments)
            for raw, style, control in segments:
                if control:
                    continue
                text = visible(raw)
                out.append(style.render(text, color_system=system) if style and system else text)
            out.append("\n")
    return "".join(out)


def _lines(console: Console, renderable: RenderableType) -> list[list[Segment]]:
    """The renderable's lines of segments, as `console.render_lines` gives them (without padding).

    A one-line Text that fits needs no layout: its segments are taken straight from it, at a tenth
    of the cost. A comparison of two long cards is tens of thousands of such lines."""
    if (
        isinstance(renderable, RichText)
        and renderable.justify in (None, "default")
        and "\n" not in renderable.plain
        and "\t" not in renderable.plain
        and renderable.cell_len <= console.options.max_width
    ):
        return [list(_segments(console, renderable))]
    return console.render_lines(renderable, console.options, pad=False)


def _segments(console: Console, line: RichText) -> Iterable[Segment]:
    """A one-line text's segments as Rich draws it. Text.render alone would leave out the text's
    own style (its style, not its spans'): Rich's layout makes that a span first, as Text.join does."""
    if line.spans:
        return Text("").join([line]).render(console)
    if not line.plain:
        return []
    return [Segment(line.plain, console.get_style(line.style) if line.style else None)]


def _without_trailing_space(line: list[Segment]) -> list[Segment]:
    """Rich pads table cells to the column width; the padding at a line's end is only noise."""
    end = len(line)
    while end and not line[end - 1].control and not line[end - 1].text.rstrip(" "):
        end -= 1
    if not end:
        return []
    last = line[end - 1]
    trimmed = last.text.rstrip(" ")
    return [*line[: end - 1], Segment(trimmed, last.style, last.control)]


def provenance(card: Card) -> RichText:
    style = NOTE if card.provenance.is_source else SUMMARY_NOTE
    return Text(f"Source: {card.provenance.note}", style=style)


def sources(card: Card) -> list[RenderableType]:
    found = citations(card)
    if not found:
        return []
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(style="dim", overflow="fold")
    for citation in found:
        grid.add_row("•", Text(citation))
    return [Text("Sources", style="dim"), Padding(grid, (0, 0, 0, 2))]


def section_heading(card: Card, section: Section) -> RichText:
    marks = section_marks(card, section)
    heading = Text(display_title(card, section), style=ADDED_HEADING if marks else HEADING)
    for mark in marks:
        heading.append(f"  {mark}", style=NOTE)
    return heading


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
            grid.add_column(style=LABEL, max_width=marker_column(width), overflow="fold")
            grid.add_column(overflow="fold")
            blocks.append(grid)
        grid.add_row(Text(_marker(entry)), Text("\n".join(entry.body_lines())))
    return Group(*blocks)


def section_block(card: Card, section: Section, width: int) -> Group:
    return Group(section_heading(card, section), HangingEntries(section.items, indent=2))


class HangingEntries:
    """Entries laid out as the grids of `entries` lay them out, `indent` columns in, but drawn line by
    line: Rich lays out a grid in about half a millisecond, and a card from a shared folder may have
    thousands of sections (a test holds the two to the same characters)."""

    def __init__(self, items: Sequence[Entry], indent: int) -> None:
        self.items, self.indent = items, indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from _hanging_entries(console, self.items, options.max_width, self.indent)


def card_header(card: Card) -> list[RenderableType]:
    left_out = omitted_line(card)
    return [
        Text.assemble((card.name, TITLE), "  ", (card.id, "dim")),
        provenance(card),
        *([Text(left_out, style=NOTE)] if left_out else []),
        *sources(card),
    ]


def card_blocks(card: Card, options: Options, whole: bool) -> list[RenderableType]:
    """A card's blocks; the whole card also gets its group headings (Description, ..., Treatment)."""
    return [block for _section, blocks in card_parts(card, options, whole) for block in blocks]


def card_parts(
    card: Card, options: Options, whole: bool
) -> list[tuple[Section | None, list[RenderableType]]]:
    """A card's blocks in parts: the header (None), then each section with the blank line and group
    heading that come before it. `pattern browse` shows each part on its own, to scroll to a section."""
    parts: list[tuple[Section | None, list[RenderableType]]] = []
    if not options.bare:
        parts.append((None, card_header(card)))
    group = None
    for section in card.sections:
        blocks: list[RenderableType] = []
        if whole and not options.bare and section.group != group:
            group = section.group
            blocks += [Text(""), Text(group_title(group).upper(), style=GROUP)]
        if parts or blocks:
            blocks.append(Text(""))
        blocks.append(section_block(card, section, options.width))
        parts.append((section, blocks))
    return parts


def show(card: Card, options: Options) -> str:
    return to_text(card_blocks(card, options, whole=card.is_whole), options)


def cards(selection: Selection, options: Options) -> str:
    blocks: list[RenderableType] = []
    for card in selection.cards:
        if blocks:
            blocks.append(Text(""))
        if options.bare:
            blocks.append(Text(card.name, style=TITLE))
        blocks += card_blocks(card, options, whole=card.is_whole)
    if selection.lacking:
        blocks += [Text(""), Text(selection.lacking_note(), style=NOTE)]
    return to_text(blocks, options)


LIST_STACK_BELOW = 90  # columns; narrower terminals get each card on its own few lines


def card_list(rows: Sequence[ListRow], options: Options) -> str:
    """One card a row: id, what it is, then the name above its summary, so the summary keeps the width."""
    if options.width < LIST_STACK_BELOW:
        return to_text([_card_list_stacked(rows)], options)
    table = Table(box=None, padding=(0, 2, 0, 0), show_edge=False, header_style="dim")
    table.add_column("id", style="bold cyan", no_wrap=True)
    table.add_column("kind", style="dim", no_wrap=True)
    table.add_column("pattern", ratio=1)
    table.add_column("from", style="dim", max_width=max(8, options.width // 6), overflow="fold")
    for r in rows:
        kind_style = NOTE if r.provenance == "source-notes" else SUMMARY_NOTE
        name = Text.assemble((r.name, "bold"), "\n", r.summary) if r.summary else Text(r.name, style="bold")
        table.add_row(Text(r.id), Text(r.provenance_label, style=kind_style), name, Text(r.where))
    return to_text([table], options)


def _card_list_stacked(rows: Sequence[ListRow]) -> Group:
    """Id and name on one line, what the card is and where it comes from dim on the next, the summary
    under them: every part keeps the whole width, so nothing is squeezed into a sliver."""
    blocks: list[RenderableType] = []
    for r in rows:
        kind_style = NOTE if r.provenance == "source-notes" else SUMMARY_NOTE
        blocks.append(Text.assemble((r.id, "bold cyan"), "  ", (r.name, "bold")))
        detail = Text.assemble((r.provenance_label, kind_style), (f" · {r.where}", "dim"))
        if r.summary:
            detail.append(f"\n{r.summary}")
        blocks.append(Padding(detail, (0, 0, 0, 2)))
    return Group(*blocks)


def section_list(card: Card, options: Options) -> str:
    blocks: list[RenderableType] = [Text.assemble((card.name, TITLE), "  ", (card.id, "dim"))]
    longest_key = max((len(s.key) for s in card.sections), default=0)
    # Keys are never cut (they are what -s takes); where a key leaves the title too little room,
    # the title goes under its key instead of being squeezed into a sliver.
    stacked = longest_key + SECTION_TITLE_ROOM > options.width
    for group, grouped in sections_by_group(card):
        grid = Table.grid(padding=(0, 2))
        if stacked:
            grid.add_column(overflow="fold")
        else:
            grid.add_column(style="cyan", no_wrap=True)
            grid.add_column(overflow="fold")
        for s in grouped:
            title = section_heading(card, s) if section_marks(card, s) else Text(s.title)
            if stacked:
                grid.add_row(Text(s.key, style="cyan"))
                grid.add_row(Padding(title, (0, 0, 0, 2)))
            else:
                grid.add_row(Text(s.key), title)
        blocks += [Text(""), Text(group, style=TITLE), Padding(grid, (0, 0, 0, 2))]
    return to_text(blocks, options)


SECTION_TITLE_ROOM = 30  # columns a section title needs beside its key (with the indent and gap)


STACK_BELOW = 100  # columns; narrower terminals get the two cards one under the other
# Rows; a longer comparison is stacked on any terminal: Rich lays a table out at about half a
# millisecond a row, and two cards of 10,000 sections each make 15,000 rows or more.
SIDE_BY_SIDE_MOST = 1000


def comparison(cmp: Comparison, options: Options) -> str:
    return to_text(comparison_blocks(cmp, options), options)


def comparison_blocks(cmp: Comparison, options: Options) -> list[RenderableType]:
    """The comparison as Rich renderables: `compare` prints them, `browse` shows them."""
    left, right = cmp.left, cmp.right
    blocks: list[RenderableType] = []
    if not options.bare:
        blocks = [
            Text.assemble((left.name, TITLE), "  vs  ", (right.name, TITLE)),
            Text.assemble((f"{left.name}: ", "bold dim"), provenance(left)),
            Text.assemble((f"{right.name}: ", "bold dim"), provenance(right)),
            Text(""),
            differences_block(cmp, options.width),
            Text(""),
        ]
    if options.width < STACK_BELOW:
        blocks += stacked_rows(cmp, options.width, grouped=not options.bare)
    elif len(cmp.rows) > SIDE_BY_SIDE_MOST:
        blocks.append(
            Text(
                f"{len(cmp.rows):,} sections: the cards are shown one under the other; "
                "a table this long would take seconds to draw.",
                style=NOTE,
            )
        )
        blocks += [Text(""), *stacked_rows(cmp, options.width, grouped=not options.bare)]
    else:
        blocks += side_by_side(cmp, grouped=not options.bare)
    return blocks


def differences_block(cmp: Comparison, width: int) -> RenderableType:
    body: list[RenderableType] = []
    for diff in cmp.differences:
        body.append(Text(f"{diff.card.name} · {diff.section.title}", style="dim"))
        body.append(Padding(entries([diff.entry], width - 6), (0, 0, 0, 2)))
    if not body:
        body.append(Text("Neither card names the other.", style=NOTE))
    from rich.panel import Panel  # only compare draws a panel

    return Panel(Group(*body), title="How they differ", title_align="left", border_style="magenta")


def row_title(row: Row, left: Card, right: Card) -> RichText:
    """The row's title; where the cards title it differently, each card's title under its name."""
    if not row.other_title:
        return Text(row.title, style=HEADING)
    return Text.assemble(
        (row.title, HEADING),
        "\n",
        (f"{left.id}: ", "dim"),
        row.title,
        "\n",
        (f"{right.id}: ", "dim"),
        row.other_title,
    )


def cell(card: Card, row: Row, section: Section | None, width: int) -> RenderableType:
    """A card's section in a row of the table, under its marks (a heading added, the literature)."""
    if section is None:
        return omitted(card, row)
    body = entries(section.items, width)
    marks = section_marks(card, section)
    return Group(Text(" · ".join(marks), style=NOTE), body) if marks else body


def omitted(card: Card, row: Row) -> RichText:
    """What a card shows in a row it has no section for: a dash, and why when the card says."""
    reason = card.omission(row.key)
    return Text(f"— left out: {reason}" if reason else "—", style="dim")


def side_by_side(cmp: Comparison, grouped: bool = True) -> list[RenderableType]:
    """One table per group of sections, each headed by the two cards' names, so that the names stay
    in view in a pager however long the comparison is; titled with the group's name if `grouped`
    (not with --bare, as plain text and Markdown have no group headings then)."""
    tables: list[RenderableType] = []
    table: Table | None = None
    group = None
    for row in cmp.rows:
        row_group = row.group
        if table is None or row_group != group:
            group = row_group
            table = Table(show_lines=True, expand=True, header_style="bold", title_justify="left")
            table.title = Text(group_title(group).upper(), style=GROUP) if grouped else None
            table.add_column("Section", ratio=1, overflow="fold")
            table.add_column(Text(cmp.left.name), ratio=2, overflow="fold")
            table.add_column(Text(cmp.right.name), ratio=2, overflow="fold")
            tables.append(table)
        table.add_row(
            row_title(row, cmp.left, cmp.right),
            cell(cmp.left, row, row.left, 40),
            cell(cmp.right, row, row.right, 40),
        )
    return tables


def stacked_rows(cmp: Comparison, width: int, grouped: bool = True) -> list[RenderableType]:
    """Each row of the comparison as its title, then each card's name and entries under it; under
    the group headings if `grouped`."""
    return [StackedRows(cmp, grouped)]


class StackedRows:
    """The rows of a comparison one under the other, drawn line by line at the width given.

    Not built of Rich tables and paddings: a comparison of two long cards has tens of thousands of
    rows, and laying out a grid for each cell would take seconds. Entries hang as the grids of
    `entries` hang them: the marker (a bullet or a label) in a column as wide as the widest of its
    run, then the text, wrapped by Rich, its lines aligned after the marker."""

    def __init__(self, cmp: Comparison, grouped: bool = True) -> None:
        self.cmp = cmp
        self.grouped = grouped

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        left, right = self.cmp.left, self.cmp.right
        group = None
        for row in self.cmp.rows:
            # Under the group headings, as the side-by-side tables are titled (QA: stacked, none were).
            if self.grouped and row.group != group:
                group = row.group
                yield from _hanging(console, Text(group_title(group).upper(), style=GROUP), width, 0)
            yield from _hanging(console, row_title(row, left, right), width, 0)
            for card, section in ((left, row.left), (right, row.right)):
                name = Text(card.name, style="bold")
                for mark in section_marks(card, section) if section else ():
                    name.append(f"  {mark}", style=NOTE)
                yield from _hanging(console, name, width, 2)
                if section is None:
                    yield from _hanging(console, omitted(card, row), width, 4)
                else:
                    yield from _hanging_entries(console, section.items, width, 4)
            yield Segment.line()


def _hanging_entries(console: Console, items: Sequence[Entry], width: int, indent: int) -> RenderResult:
    """Entries `indent` columns in, as `entries` lays them out in its grids. On a screen so narrow
    that the text would get fewer columns than the markers, the grids themselves: Rich then shares
    the columns out in ways not worth copying."""
    markers = [cell_len(_marker(e)) for e in items if e.name is None]
    widest = min(max(markers), marker_column(width - indent)) if markers else 0
    if width - indent - widest - 1 < widest:
        yield Padding(entries(items, width - indent), (0, 0, 0, indent))
        return
    marker_width = 0
    for at, entry in enumerate(items):
        body = Text("\n".join(entry.body_lines()))
        if entry.name is not None:
            yield from _hanging(console, Text(entry.name, style=LABEL), width, indent)
            yield from _hanging(console, body, width, indent + 2)
            marker_width = 0
            continue
        if not marker_width:  # a new run of bullets and labels: its markers share a column
            run = itertools.takewhile(lambda e: e.name is None, items[at:])
            marker_width = min(max(cell_len(_marker(e)) for e in run), marker_column(width - indent))
        yield from _beside(console, Text(_marker(entry), style=LABEL), marker_width, body, width, indent)


def _marker(entry: Entry) -> str:
    """What stands before an entry's text: a bullet, or its label."""
    return "•" if entry.label is None else f"{entry.label}:"


def marker_column(width: int) -> int:
    """The most columns markers take of a list `width` columns wide; a longer label folds."""
    return max(12, width // 3)


def _hanging(console: Console, text: RichText, width: int, indent: int) -> RenderResult:
    """The text wrapped by Rich within the width, `indent` columns in."""
    for line in _wrapped(console, text, max(1, width - indent)):
        yield Segment(" " * indent)
        yield from _segments(console, line)
        yield Segment.line()


def _beside(
    console: Console, marker: RichText, marker_width: int, text: RichText, width: int, indent: int
) -> RenderResult:
    """The marker in a column `marker_width` wide (folded there when longer, as the grid folds it),
    a space, then the text wrapped in the columns left, their lines side by side."""
    markers = _wrapped(console, marker, marker_width)
    lines = _wrapped(console, text, max(1, width - indent - marker_width - 1))
    for number in range(max(len(markers), len(lines))):
        yield Segment(" " * indent)
        shown = markers[number] if number < len(markers) else Text()
        yield from _segments(console, shown)
        yield Segment(" " * (marker_width - shown.cell_len + 1))  # cells, not characters: "感情:"
        if number < len(lines):
            yield from _segments(console, lines[number])
        yield Segment.line()


def _wrapped(console: Console, text: RichText, room: int) -> list[RichText]:
    """The text's lines within `room` columns, as Rich wraps them (a word too long is folded)."""
    if "\n" not in text.plain and "\t" not in text.plain and text.cell_len <= room:
        return [text]  # most lines fit: no need to wrap them
    return list(text.wrap(console, room, overflow="fold"))


def highlighted(hit: Hit) -> RichText:
    """The line with the matched words in bold yellow; a word that stood in for a query word
    (through the thesaurus) in magenta, with the word it stood in for after the line."""
    line = Text(hit.line.text)
    for start, end in hit.spans:
        line.stylize(MATCH, start, end)
    for start, end, _word in hit.stand_ins:
        line.stylize(STAND_IN, start, end)
    note = stand_in_note(hit.line.text, hit.stand_ins)
    if note:
        line.append(f"  ({note})", style=NOTE)
    return line


def search_hits(hits: Sequence[Hit], options: Options) -> str:
    if options.width < HIT_GRID_MIN:
        lines = [
            Text.assemble((hit.line.pattern, "cyan"), "  ", _titled(hit.line.section_title or "name", hit))
            for hit in hits
        ]
        return to_text(lines, options)
    table = Table(box=None, padding=(0, 2, 0, 0), show_header=True, header_style="dim")
    table.add_column("pattern", style="cyan", no_wrap=True)
    table.add_column("section", style="dim", max_width=max(12, options.width // 4), overflow="fold")
    table.add_column("line", overflow="fold")
    for hit in hits:
        table.add_row(Text(hit.line.pattern), Text(hit.line.section_title or "name"), highlighted(hit))
    return to_text([table], options)


def pattern_hits(groups: Sequence[PatternHits], options: Options) -> str:
    blocks: list[RenderableType] = []
    for group in groups:
        blocks.append(Text.assemble((group.pattern_name, TITLE), "  ", (group.pattern, "dim")))
        blocks.append(Padding(_hit_grid(group.hits, options.width), (0, 0, 1, 2)))
    return to_text(blocks, options)


# Below these widths a column would be narrower than a section title's longest words
# ("Interpersonal"), which Rich then folds mid-word: each row is stacked instead.
HIT_GRID_MIN, EVIDENCE_GRID_MIN = 60, 80


def _hit_grid(hits: Sequence[Hit], width: int) -> RenderableType:
    if width < HIT_GRID_MIN:
        return Group(*(_titled(hit.line.section_title or "name", hit) for hit in hits))
    grid = Table.grid(padding=(0, 2))
    titles = [hit.line.section_title or "name" for hit in hits]
    grid.add_column(style="dim", max_width=_title_column(titles, width // 4), overflow="fold")
    grid.add_column(overflow="fold")
    for hit in hits:
        grid.add_row(Text(hit.line.section_title or "name"), highlighted(hit))
    return grid


TITLE_WORD_MOST = 24  # columns a section title's word may claim; a longer one folds


def _title_column(titles: Sequence[str], share: int) -> int:
    """The most columns for section titles: their share of the width, but never less than their
    longest word ("Countertransference" was cut into "Countertransfere" and "nce" at 80 columns)."""
    longest = max((cell_len(word) for title in titles for word in title.split()), default=0)
    return max(12, share, min(longest, TITLE_WORD_MOST))


def _evidence(evidence: Sequence[Evidence], width: int) -> RenderableType:
    """Each trait with the line accounting for it: three columns, or stacked when narrow."""
    if width < EVIDENCE_GRID_MIN:
        rows: list[RenderableType] = []
        for found in evidence:
            rows += [Text(found.trait, style=LABEL), Padding(_titled(found.section, found.hit), (0, 0, 0, 2))]
        return Group(*rows)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style=LABEL, max_width=max(14, width // 4), overflow="fold")
    grid.add_column(
        style="dim", max_width=_title_column([e.section for e in evidence], width // 5), overflow="fold"
    )
    grid.add_column(overflow="fold")
    for found in evidence:
        grid.add_row(Text(found.trait), Text(found.section), highlighted(found.hit))
    return grid


def _titled(title: str, hit: Hit) -> RichText:
    """A line after its section's title, as one text that wraps at words."""
    return Text.assemble((f"{title}: ", "dim"), highlighted(hit))


def matches(report: MatchReport, options: Options) -> str:
    blocks: list[RenderableType] = [Text(line, style=RISK) for line in risk_lines(report.risk)]
    blocks.append(Text(HYPOTHESES, style=SUMMARY_NOTE))
    for rank, found in enumerate(report.matches, start=1):
        blocks.append(Text(""))
        blocks.append(
            Text.assemble(
                f"{rank}. ", (found.name, TITLE), "  ", (found.pattern, "dim"), f"  {found.score:.0f}"
            )
        )
        blocks.append(Padding(_evidence(found.evidence, options.width), (0, 0, 0, 3)))
        if found.unmatched:
            blocks.append(
                Padding(Text(f"not accounted for: {', '.join(found.unmatched)}", style=NOTE), (0, 0, 0, 3))
            )
    if report.unmatched:
        blocks += [Text(""), Text(f"{NO_CARD_ACCOUNTS}: {', '.join(report.unmatched)}", style=NOTE)]
    return to_text(blocks, options)


def relation_map(found: RelationMap, options: Options) -> str:
    from rich.tree import Tree

    from ..relations import branches

    def grow(node: Tree, card_id: str) -> None:
        for label, targets in branches(found.relations, card_id).items():
            kind = node.add(Text(label, style="dim"))
            for target, says in targets:
                name = Text.assemble((found.names.get(target, target), "bold"), "  ", (target, "dim"))
                kind.add(name.append(f"  ({says})", style=NOTE) if says else name)

    if found.root is not None:
        top = Tree(Text.assemble((found.names[found.root], "bold cyan"), "  ", (found.root, "dim")))
        grow(top, found.root)
    else:
        top = Tree(Text("Patterns", style="bold"))
        for card_id, name in found.names.items():
            grow(top.add(Text.assemble((name, "bold cyan"), "  ", (card_id, "dim"))), card_id)
    return to_text([top], options)
