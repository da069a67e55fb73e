"""Plain text: no styling, no wrapping, one item per line, so grep, cut and fzf work on it."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Card, Entry, Section, group_title
from ..views import (
    HYPOTHESES,
    NO_CARD_ACCOUNTS,
    ListRow,
    citations,
    display_title,
    omitted_line,
    provenance_line,
    risk_lines,
    section_marks,
    sections_by_group,
    stand_in_note,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from ..compare import Comparison, Row
    from ..relations import RelationMap
    from ..search import Hit, PatternHits
    from ..search.match import MatchReport
    from ..views import Selection
    from . import Options

ADDED_MARK = "[heading added]"
NO_SECTION = "—"


def header(card: Card) -> list[str]:
    lines = [f"{card.name} ({card.id})", provenance_line(card)]
    left_out = omitted_line(card)
    if left_out:
        lines.append(left_out)
    sources = citations(card)
    if sources:
        lines.append("Sources:")
        lines.extend(f"  - {source}" for source in sources)
    return lines


def show(card: Card, options: Options) -> str:
    return "\n".join(card_lines(card, options.bare, whole=card.is_whole)) + "\n"


def card_lines(card: Card, bare: bool, whole: bool) -> list[str]:
    """A card's lines. The whole card gets group headings, so a pager search finds "Treatment"."""
    lines = [] if bare else header(card)
    group = None
    for section in card.sections:
        if whole and not bare and section.group != group:
            group = section.group
            lines += ["", f"== {group_title(group)} =="]
        if lines:
            lines.append("")
        lines.extend(section_lines(card, section))
    return lines


def cards(selection: Selection, options: Options) -> str:
    """Several cards, each with only the sections asked for, one after the other."""
    blocks = ["\n".join(card_lines(card, options.bare, whole=card.is_whole)) for card in selection.cards]
    if options.bare:
        blocks = [f"{card.name}\n{block}" for card, block in zip(selection.cards, blocks, strict=True)]
    text = "\n\n".join(blocks) + "\n"
    if selection.lacking:
        text += f"\n{selection.lacking_note()}\n"
    return text


def section_title(card: Card, section: Section) -> str:
    marks = "".join(f" [{mark}]" for mark in section_marks(card, section))
    return display_title(card, section) + marks


def section_lines(card: Card, section: Section, indent: str = "  ") -> list[str]:
    return [section_title(card, section), *entry_lines(section.items, indent)]


def cells(text: str) -> int:
    """The columns a text takes on a terminal: a wide character ("感") takes two, a combining
    mark none. Padding by characters put the text after a label of wide characters out of line."""
    if text.isascii():
        return len(text)
    import unicodedata  # only for text beyond ASCII, so a plain `show` of the bundled cards spares it

    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def padded(text: str, width: int) -> str:
    """The text, with spaces after it up to `width` terminal columns."""
    return text + " " * (width - cells(text))


def entry_lines(entries: Sequence[Entry], indent: str = "  ") -> list[str]:
    width = max((cells(e.label) for e in entries if e.label is not None), default=0)
    lines: list[str] = []
    for entry in entries:
        if entry.label is not None:
            lines.append(f"{indent}{padded(entry.label + ':', width + 1)} {entry.text}")
        elif entry.name is not None:
            lines.append(f"{indent}{entry.name}")
            lines.append(f"{indent}  {entry.text}")
        else:
            lines.append(f"{indent}- {entry.text}")
        lines.extend(f"{indent}  {more}" for more in entry.more)
    return lines


def card_list(rows: Sequence[ListRow], options: Options) -> str:
    """One card a line: id, name, what it is (transcribed or written), summary, where it comes from."""
    id_width = max((cells(r.id) for r in rows), default=0)
    name_width = max((cells(r.name) for r in rows), default=0)
    kind_width = max((cells(r.provenance_label) for r in rows), default=0)
    return "".join(
        f"{padded(r.id, id_width)}  {padded(r.name, name_width)}  {padded(r.provenance_label, kind_width)}"
        f"  {r.summary}  [{r.where}]".rstrip()
        + "\n"
        for r in rows
    )


def section_list(card: Card, options: Options) -> str:
    key_width = max(len(s.key) for s in card.sections)
    lines = [f"{card.name} ({card.id})"]
    for group, sections in sections_by_group(card):
        lines.append("")
        lines.append(group)
        lines.extend(f"  {s.key.ljust(key_width)}  {section_title(card, s)}" for s in sections)
    return "\n".join(lines) + "\n"


def comparison(cmp: Comparison, options: Options) -> str:
    """Always stacked: a pipe has no columns to line up."""
    left, right = cmp.left, cmp.right
    lines: list[str] = []
    if not options.bare:
        lines = [f"{left.name} ({left.id}) vs {right.name} ({right.id})"]
        lines += [f"{card.id}: {provenance_line(card)}" for card in (left, right)]
        lines += ["", "How they differ"]
        if not cmp.differences:
            lines.append("  (neither card names the other)")
        for diff in cmp.differences:
            lines.append(f"  [{diff.card.id}, {diff.section.title}]")
            lines.extend(entry_lines([diff.entry], indent="    "))
    group = None
    for row in cmp.rows:
        if not options.bare and row.group != group:  # as `show` heads a whole card's groups
            group = row.group
            lines += ["", f"== {group_title(group)} =="]
        if lines:
            lines.append("")
        lines.append(row_title(row))
        for card, section in ((left, row.left), (right, row.right)):
            marks = "".join(f" [{mark}]" for mark in section_marks(card, section)) if section else ""
            lines.append(f"  {card.id}:{marks}")
            lines.extend(cell_lines(card, row, section))
    return "\n".join(lines) + "\n"


def row_title(row: Row) -> str:
    return row.title + (f" / {row.other_title}" if row.other_title else "")


def cell_lines(card: Card, row: Row, section: Section | None) -> list[str]:
    if section is not None:
        return entry_lines(section.items, indent="    ")
    reason = card.omission(row.key)
    return [f"    {NO_SECTION} left out: {reason}" if reason else f"    {NO_SECTION}"]


def search_hits(hits: Sequence[Hit], options: Options) -> str:
    """One hit per line: `pattern  section: line`, best first (and, when the thesaurus found the
    line, which of its words stood in for which of the query's)."""
    return "".join(f"{h.line.pattern}  {hit_line(h)}\n" for h in hits)


def hit_line(hit: Hit) -> str:
    note = stand_in_note(hit.line.text, hit.stand_ins)
    return f"{hit.line.section_title or hit.line.pattern_name}: {hit.line.text}" + (
        f"  [{note}]" if note else ""
    )


def pattern_hits(groups: Sequence[PatternHits], options: Options) -> str:
    """Each card that holds hits, best first, with its lines indented under it."""
    lines: list[str] = []
    for group in groups:
        lines.append(f"{group.pattern_name} ({group.pattern})")
        lines.extend(f"  {hit_line(h)}" for h in group.hits)
    return "\n".join(lines) + "\n"


def matches(report: MatchReport, options: Options) -> str:
    """The patterns best first, each with its line for every trait it accounts for."""
    lines = [*risk_lines(report.risk), HYPOTHESES]
    for rank, found in enumerate(report.matches, start=1):
        lines += ["", f"{rank}. {found.name} ({found.pattern})  {found.score:.0f}"]
        for evidence in found.evidence:
            lines.append(f"   {evidence.trait}")
            lines.append(f"     {hit_line(evidence.hit)}")
        if found.unmatched:
            lines.append(f"   not accounted for: {', '.join(found.unmatched)}")
    if report.unmatched:
        lines += ["", f"{NO_CARD_ACCOUNTS}: {', '.join(report.unmatched)}"]
    return "\n".join(lines) + "\n"


def relation_map(found: RelationMap, options: Options) -> str:
    """One relation per line, `source  relation  target`, for grep and awk."""
    return "".join(f"{r.source}  {r.label}  {r.target}\n" for r in found.relations)
