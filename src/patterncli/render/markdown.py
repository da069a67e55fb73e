"""Markdown for a clinician's notes: headings per group and section, items as lists, card text escaped.

Card text is escaped so that it shows as written and cannot change the note's structure, in
CommonMark and in Obsidian's extensions (comments `%%`, highlights `==`, maths `$`, links `[[`,
tags `#`, block ids `^`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Card, Entry, Section, Source, group_title, phase_number
from ..views import (
    CLINICAL_BASIS,
    HEADING_ADDED,
    HYPOTHESES,
    NO_CARD_ACCOUNTS,
    SEARCH_COMMAND,
    ListRow,
    display_title,
    omitted_line,
    risk_lines,
    section_marks,
    sections_by_group,
    stand_in_note,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from ..compare import Comparison
    from ..relations import RelationMap
    from ..search import Hit, PatternHits
    from ..search.match import MatchReport
    from ..views import Selection
    from . import Options

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#%=$~^])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")  # "&amp;" would show as "&"
_LINE_START = re.compile(r"^(\s*)(?:([-+])|(\d+)([.)]))")  # "- x", "+ x", "1. x" would start a list
MARK_LINES = {
    HEADING_ADDED: "Heading added for this tool; it is not in the source.",
    CLINICAL_BASIS: "Drawn from the clinical literature generally: the descriptions of this pattern are silent here.",
}


def escape(text: str) -> str:
    """Card text as Markdown that shows it as written: markup escaped, line breaks kept inside the block."""
    text = _ENTITY.sub(r"\\&", _SPECIAL.sub(r"\\\1", text))
    text = _LINE_START.sub(_escape_list_marker, text)
    return "<br>".join(text.split("\n"))  # a line break in a card is a break inside its block


def _citation(source: Source) -> str:
    """A source as one line, its web address a link that works (`<https://...>`): escaped like
    the rest, `People\\_Pleasing` and `?p\\=260` would be addresses that do not exist."""
    line = escape(source.citation())
    if source.url and _AUTOLINK.fullmatch(source.url):
        line = line.replace(escape(source.url), f"<{source.url}>", 1)
    return line


_AUTOLINK = re.compile(r"https?://[^\s<>]+")  # what CommonMark takes between < and > as a link


def _escape_list_marker(match: re.Match[str]) -> str:
    space, bullet, number, dot = match.groups()
    return f"{space}\\{bullet}" if bullet else f"{space}{number}\\{dot}"


def show(card: Card, options: Options) -> str:
    return "\n".join(card_block(card, 1, options.bare, whole=card.is_whole)) + "\n"


def card_block(card: Card, level: int, bare: bool, whole: bool) -> list[str]:
    out: list[str] = []
    if not bare:
        out = [f"{'#' * level} {escape(card.name)}", "", f"*Source: {escape(card.provenance.note)}*"]
        left_out = omitted_line(card)
        if left_out:
            out += ["", f"*{escape(left_out)}*"]
        if card.provenance.sources:
            out += ["", "Sources:", "", *(f"- {_citation(s)}" for s in card.provenance.sources)]
    section_level = level + 2 if whole and not bare else level + 1
    group = None
    for section in card.sections:
        if whole and not bare and section.group != group:
            group = section.group
            out += ["", f"{'#' * (level + 1)} {escape(group_title(group))}"]
        if out:
            out.append("")
        out += section_block(card, section, section_level)
    return out


def cards(selection: Selection, options: Options) -> str:
    out: list[str] = []
    for card in selection.cards:
        if out:
            out.append("")
        if options.bare:
            out += [f"# {escape(card.name)}", ""]
        out += card_block(card, 1, options.bare, whole=card.is_whole)
    if selection.lacking:
        out += ["", f"*{escape(selection.lacking_note())}*"]
    return "\n".join(out) + "\n"


def section_block(card: Card, section: Section, level: int) -> list[str]:
    """The heading is the bare title (so a link like [[insecure#Transference]] finds it), marks below."""
    out = [f"{'#' * level} {escape(section.title)}", ""]
    number = phase_number(card, section)
    if number is not None:
        out += [f"*Treatment phase {number}.*", ""]
    for mark in section_marks(card, section):
        out += [f"*{MARK_LINES[mark]}*", ""]
    return out + entry_items(section.items)


def entry_items(entries: Sequence[Entry]) -> list[str]:
    lines = []
    for entry in entries:
        if entry.name is not None:
            item = [f"- **{escape(entry.name)}**", f"  {escape(entry.text)}"]
        else:
            lead = f"**{escape(entry.label)}:** " if entry.label is not None else ""
            item = [f"- {lead}{escape(entry.text)}"]
        # Further lines of the item stay in it, each on a line of its own (a hard break: two
        # spaces), as plain and rich show them; a nested bullet would make them items of their own.
        item += [f"  {escape(more)}" for more in entry.more]
        lines += [line + "  " for line in item[:-1]] + item[-1:]
    return lines


def _cell(text: str) -> str:
    return escape(text).replace("<br>", " ")


def card_list(rows: Sequence[ListRow], options: Options) -> str:
    out = ["| id | name | kind | summary | from |", "| --- | --- | --- | --- | --- |"]
    for r in rows:
        cells = (r.id, r.name, r.provenance_label, r.summary, r.where)
        out.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(out) + "\n"


def section_list(card: Card, options: Options) -> str:
    out = [f"# {escape(card.name)}: sections"]
    for group, sections in sections_by_group(card):
        out += ["", f"## {escape(group)}", ""]
        for s in sections:
            marks = "".join(f" *({mark})*" for mark in section_marks(card, s))
            out.append(f"- `{s.key}`: {escape(display_title(card, s))}{marks}")
    return "\n".join(out) + "\n"


def comparison(cmp: Comparison, options: Options) -> str:
    left, right = cmp.left, cmp.right
    out: list[str] = []
    if not options.bare:
        out = [f"# {escape(left.name)} vs {escape(right.name)}", ""]
        out += [f"*{escape(card.name)}, source: {escape(card.provenance.note)}*  " for card in (left, right)]
        out += ["", "## How they differ", ""]
        for diff in cmp.differences:
            out += [f"**{escape(diff.card.name)}, {escape(diff.section.title)}:**", ""]
            out += [*entry_items([diff.entry]), ""]
        if not cmp.differences:
            out += ["- Neither card names the other."]
    group = None
    for row in cmp.rows:
        if not options.bare and row.group != group:  # as `show` heads a whole card's groups
            group = row.group
            out += ["", f"## {escape(group_title(group))}"]
        title = row.title + (f" / {row.other_title}" if row.other_title else "")
        level = "##" if options.bare else "###"
        out += ["", f"{level} {escape(title)}"]
        for card, section in ((left, row.left), (right, row.right)):
            marks = "".join(f" *({mark})*" for mark in section_marks(card, section)) if section else ""
            out += ["", f"{level}# {escape(card.name)}{marks}", ""]
            if section is not None:
                out += entry_items(section.items)
            else:
                reason = card.omission(row.key)
                out.append(f"*Left out: {escape(reason)}*" if reason else "—")
    return "\n".join(out).replace("\n\n\n", "\n\n") + "\n"


def search_hits(hits: Sequence[Hit], options: Options) -> str:
    lines = []
    for hit in hits:
        where = f"{escape(hit.line.pattern_name)}, *{escape(hit.line.section_title or 'name')}*"
        lines.append(f"- {where}: {hit_text(hit)}")
    return "\n".join(lines) + "\n"


def hit_text(hit: Hit) -> str:
    note = stand_in_note(hit.line.text, hit.stand_ins)
    return escape(hit.line.text) + (f" *({escape(note)})*" if note else "")


def pattern_hits(groups: Sequence[PatternHits], options: Options) -> str:
    out: list[str] = []
    for group in groups:
        out += [f"## {escape(group.pattern_name)}", ""]
        out += [f"- *{escape(h.line.section_title or 'name')}*: {hit_text(h)}" for h in group.hits]
        out.append("")
    return "\n".join(out)


def matches(report: MatchReport, options: Options) -> str:
    # The command the line names as code: escaped, its backticks showed as such.
    out = [
        f"**{escape(line).replace(escape(SEARCH_COMMAND), SEARCH_COMMAND)}**\n"
        for line in risk_lines(report.risk)
    ]
    out.append(f"*{escape(HYPOTHESES)}*")
    for rank, found in enumerate(report.matches, start=1):
        out += ["", f"## {rank}. {escape(found.name)} ({found.score:.0f})", ""]
        for evidence in found.evidence:
            where = escape(evidence.section)
            out.append(f"- **{escape(evidence.trait)}**: *{where}*: {hit_text(evidence.hit)}")
        if found.unmatched:
            out.append(f"- *Not accounted for:* {escape(', '.join(found.unmatched))}")
    if report.unmatched:
        out += ["", f"*{NO_CARD_ACCOUNTS}:* {escape(', '.join(report.unmatched))}"]
    return "\n".join(out) + "\n"


def relation_map(found: RelationMap, options: Options) -> str:
    from .graph import mermaid

    return "```mermaid\n" + mermaid(found, options) + "```\n"
