"""Plain text: no styling, no wrapping, one item per line, so grep, cut and fzf work on it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..model import Card, Entry, Section
from ..views import ListRow, sections_by_group

if TYPE_CHECKING:
    from ..compare import Comparison
    from ..search import Hit

ADDED_MARK = "[heading added]"


def provenance_line(card: Card) -> str:
    return f"Source: {card.provenance.note}"


def show(card: Card) -> str:
    lines = [f"{card.name} ({card.id})", provenance_line(card)]
    for section in card.sections:
        lines.append("")
        lines.extend(section_lines(card, section))
    return "\n".join(lines) + "\n"


def section_title(card: Card, section: Section) -> str:
    return f"{section.title} {ADDED_MARK}" if card.heading_added(section) else section.title


def section_lines(card: Card, section: Section, indent: str = "  ") -> list[str]:
    return [section_title(card, section), *entry_lines(section.items, indent)]


def entry_lines(entries: Sequence[Entry], indent: str = "  ") -> list[str]:
    width = max((len(e.label) for e in entries if e.label is not None), default=0)
    lines: list[str] = []
    for entry in entries:
        if entry.label is not None:
            lines.append(f"{indent}{(entry.label + ':').ljust(width + 1)} {entry.text}")
        elif entry.name is not None:
            lines.append(f"{indent}{entry.name}")
            lines.append(f"{indent}  {entry.text}")
        else:
            lines.append(f"{indent}- {entry.text}")
        lines.extend(f"{indent}  {more}" for more in entry.more)
    return lines


def card_list(rows: Sequence[ListRow]) -> str:
    id_width = max((len(r.id) for r in rows), default=0)
    name_width = max((len(r.name) for r in rows), default=0)
    lines = []
    for row in rows:
        where = row.origin + (f", overrides {', '.join(row.overrides)}" if row.overrides else "")
        lines.append(
            f"{row.id.ljust(id_width)}  {row.name.ljust(name_width)}  {row.summary}  [{where}]".rstrip()
        )
    return "\n".join(lines) + "\n"


def section_list(card: Card) -> str:
    key_width = max(len(s.key) for s in card.sections)
    lines = [f"{card.name} ({card.id})"]
    for group, sections in sections_by_group(card):
        lines.append("")
        lines.append(group)
        lines.extend(f"  {s.key.ljust(key_width)}  {section_title(card, s)}" for s in sections)
    return "\n".join(lines) + "\n"


def comparison(cmp: Comparison) -> str:
    """Always stacked: a pipe has no columns to line up."""
    left, right = cmp.left, cmp.right
    lines = [f"{left.name} ({left.id}) vs {right.name} ({right.id})"]
    lines += [f"{card.id}: {provenance_line(card)}" for card in (left, right)]
    lines += ["", "How they differ"]
    if not cmp.differences:
        lines.append("  (neither card names the other)")
    for diff in cmp.differences:
        lines.append(f"  [{diff.card.id}, {diff.section.title}]")
        lines.extend(entry_lines([diff.entry], indent="    "))
    for row in cmp.rows:
        lines += ["", row.title + (f" / {row.other_title}" if row.other_title else "")]
        for card, section in ((left, row.left), (right, row.right)):
            lines.append(f"  {card.id}:")
            lines.extend(entry_lines(section.items, indent="    ") if section else ["    —"])
    return "\n".join(lines) + "\n"


def search_hits(hits: Sequence[Hit]) -> str:
    """One hit per line: `pattern  section: line`, best first."""
    return "".join(
        f"{h.line.pattern}  {h.line.section_title or h.line.pattern_name}: {h.line.text}\n" for h in hits
    )
