"""Markdown for a clinician's notes: headings per section, items as lists, source text escaped."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..model import Card, Entry, Section
from ..views import ListRow, sections_by_group

if TYPE_CHECKING:
    from ..compare import Comparison
    from ..search import Hit

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def escape(text: str) -> str:
    """Escape what Markdown would read as markup, so source text shows as written."""
    return _SPECIAL.sub(r"\\\1", text)


def show(card: Card, level: int = 1) -> str:
    out = [f"{'#' * level} {escape(card.name)}", "", f"*Source: {escape(card.provenance.note)}*"]
    for section in card.sections:
        out += ["", *section_block(card, section, level + 1)]
    return "\n".join(out) + "\n"


def section_heading(card: Card, section: Section) -> str:
    added = " *(heading added)*" if card.heading_added(section) else ""
    return f"{escape(section.title)}{added}"


def section_block(card: Card, section: Section, level: int) -> list[str]:
    return [f"{'#' * level} {section_heading(card, section)}", "", *entry_items(section.items)]


def entry_items(entries: Sequence[Entry]) -> list[str]:
    lines = []
    for entry in entries:
        heading = entry.heading
        lead = f"**{escape(heading)}:** " if heading is not None else ""
        lines.append(f"- {lead}{escape(entry.text)}")
        lines.extend(f"  - {escape(more)}" for more in entry.more)
    return lines


def card_list(rows: Sequence[ListRow]) -> str:
    out = ["| id | name | summary | from |", "| --- | --- | --- | --- |"]
    for r in rows:
        where = r.origin + (f" (overrides {', '.join(r.overrides)})" if r.overrides else "")
        out.append(f"| {escape(r.id)} | {escape(r.name)} | {escape(r.summary)} | {where} |")
    return "\n".join(out) + "\n"


def section_list(card: Card) -> str:
    out = [f"# {escape(card.name)}: sections"]
    for group, sections in sections_by_group(card):
        out += ["", f"## {escape(group)}", ""]
        out += [f"- `{s.key}`: {section_heading(card, s)}" for s in sections]
    return "\n".join(out) + "\n"


def comparison(cmp: Comparison) -> str:
    left, right = cmp.left, cmp.right
    out = [f"# {escape(left.name)} vs {escape(right.name)}", ""]
    out += [f"*{escape(card.name)}, source: {escape(card.provenance.note)}*  " for card in (left, right)]
    out += ["", "## How they differ", ""]
    out += [
        f"- **{escape(d.card.name)}, {escape(d.section.title)}:** {escape(d.entry.text)}"
        for d in cmp.differences
    ] or ["- Neither card names the other."]
    for row in cmp.rows:
        out += ["", f"## {escape(row.title)}"]
        for card, section in ((left, row.left), (right, row.right)):
            out += ["", f"### {escape(card.name)}", ""]
            out += entry_items(section.items) if section else ["—"]
    return "\n".join(out) + "\n"


def search_hits(hits: Sequence[Hit]) -> str:
    lines = []
    for hit in hits:
        where = f"{escape(hit.line.pattern_name)}, *{escape(hit.line.section_title or 'name')}*"
        lines.append(f"- {where}: {escape(hit.line.text)}")
    return "\n".join(lines) + "\n"
