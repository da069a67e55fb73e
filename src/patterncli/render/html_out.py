"""HTML pages a clinician can read on a phone, print, or keep: one card, several cards, two compared.

Each page stands alone (its stylesheet inlined, no script, no outside resource) and is semantic:
the card's name is the <h1>, groups and sections are headings with stable ids
(`insecure--countertransference-toward-client`), items are lists, labelled and named items are
definition lists.

All text from a card or the command line reaches the page through `text` (or `text_lines`):
`safe_text.visible` first, the one sanitizing boundary, then `html.escape` with quotes, so card
text can neither add markup nor smuggle control characters, in element content or in attributes.
A Content-Security-Policy forbidding scripts backs this up, should an escape ever be missed.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Sequence
from functools import cache
from html import escape
from importlib.resources import files
from itertools import groupby
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..model import Card, Entry, Section, Source, group_title
from ..safe_text import is_safe, visible
from ..views import (
    HYPOTHESES,
    NO_CARD_ACCOUNTS,
    SEARCH_COMMAND,
    display_title,
    omitted_line,
    provenance_line,
    risk_lines,
    section_marks,
    sections_by_group,
    stand_in_note,
)
from .markdown import MARK_LINES  # the same explanation of each mark as in a Markdown note

if TYPE_CHECKING:
    from ..compare import Comparison, Row
    from ..search import Hit
    from ..search.match import MatchReport
    from ..views import Selection
    from . import Options

NO_SECTION = "—"
LINK_SCHEMES = ("http", "https")  # anything else (javascript:, data:, file:) stays text


def text(raw: str) -> str:
    """Untrusted text as HTML that shows it as written, safe in element content and in quoted attributes."""
    return escape(visible(raw), quote=True)


def text_lines(raw: str) -> str:
    """Like `text`, with the text's own line breaks kept as <br>."""
    return "<br>".join(text(line) for line in visible(raw).split("\n"))


def element(name: str, content: str, **attributes: str) -> str:
    """An element around content that is already HTML. Attribute values are escaped here;
    `class_` gives `class`, `aria_hidden` gives `aria-hidden`."""
    attrs = "".join(
        f' {key.rstrip("_").replace("_", "-")}="{text(value)}"' for key, value in attributes.items()
    )
    return f"<{name}{attrs}>{content}</{name}>"


def anchor(*parts: str) -> str:
    """A stable id from slugs joined by `--`. Keys and ids are slugs (no `--` inside), so ids
    built from different parts never collide; anything else is made one for a hand-made card."""
    return "--".join(re.sub(r"[^a-z0-9]+", "-", part.lower()).strip("-") or "x" for part in parts)


@cache
def stylesheet() -> str:
    return files(__package__).joinpath("html").joinpath("page.css").read_text(encoding="utf-8")


@cache
def content_policy() -> str:
    """No script, no outside resource; only the page's own stylesheet, named by its hash."""
    digest = base64.b64encode(hashlib.sha256(stylesheet().encode("utf-8")).digest()).decode("ascii")
    return f"default-src 'none'; style-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"


def page(title: str, body: str, kind: str) -> str:
    """A whole document around the body; `kind` (a class on <body>) lets the stylesheet widen compare."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{text(content_policy())}">\n'
        '<meta name="generator" content="patterncli">\n'
        f"<title>{text(title)}</title>\n"
        f"<style>{stylesheet()}</style>\n"
        f'</head>\n<body class="{text(kind)}">\n<main>\n{body}\n</main>\n</body>\n</html>\n'
    )


# Items


def entry_kind(entry: Entry) -> str:
    if entry.label is not None:
        return "labelled"
    return "named" if entry.name is not None else "item"


def entry_body(entry: Entry) -> str:
    return "<br>".join(text_lines(line) for line in entry.body_lines())


def entries(items: Sequence[Entry]) -> str:
    """Runs of plain items as a bulleted list; runs of labelled items ("Self: ...") and of named
    ones (a subtype's name above its text) as definition lists, the label or name the term."""
    blocks = []
    for kind, run in groupby(items, key=entry_kind):
        if kind == "item":
            blocks.append(element("ul", "".join(element("li", entry_body(e)) for e in run), class_="items"))
            continue
        suffix = ":" if kind == "labelled" else ""  # the source line reads "Self: ..."
        terms = "".join(
            element("dt", text(e.heading or "") + suffix) + element("dd", entry_body(e)) for e in run
        )
        blocks.append(element("dl", terms, class_=kind))
    return "\n".join(blocks)


def marks(card: Card, section: Section) -> str:
    """The section's marks as badges, each after a space so that copied text keeps words apart."""
    return "".join(
        " " + element("span", text(mark), class_="mark", title=MARK_LINES[mark])
        for mark in section_marks(card, section)
    )


# One card


def section_block(card: Card, section: Section, level: int) -> str:
    heading = element(f"h{level}", text(display_title(card, section)) + marks(card, section))
    return element(
        "section", f"{heading}\n{entries(section.items)}", class_="section", id=anchor(card.id, section.key)
    )


def is_link(url: str) -> bool:
    """Whether a source's URL may be a link: http or https, nothing unsafe or blank inside."""
    try:
        parts = urlsplit(url)
    except ValueError:  # "https://[oops": a malformed host is shown, not linked
        return False
    return (
        parts.scheme.lower() in LINK_SCHEMES
        and bool(parts.netloc)
        and is_safe(url)
        and not re.search(r"\s", url)
    )


def citation(source: Source) -> str:
    """The source's citation as every format words it, its URL a link when it may be one."""
    whole = source.citation()
    url = source.url
    before = source.replace(url=None, note=None).citation() + ". "
    if not url or not is_link(url) or not whole.startswith(before + url):
        return text(whole)
    link = element("a", text(url), href=url, rel="noopener noreferrer")
    return text(before) + link + text(whole[len(before) + len(url) :])


def sources_block(card: Card) -> str:
    if not card.provenance.sources:
        return ""
    listed = "".join(element("li", citation(source)) for source in card.provenance.sources)
    return element("div", element("p", "Sources") + element("ul", listed), class_="sources")


def legend(card: Card) -> str:
    """What each mark on the card's headings means, in words, for a reader of the printed page."""
    used = dict.fromkeys(mark for section in card.sections for mark in section_marks(card, section))
    if not used:
        return ""
    rows = "".join(
        element(
            "div",
            element("dt", element("span", text(mark), class_="mark")) + element("dd", text(MARK_LINES[mark])),
        )
        for mark in used
    )
    return element("div", element("dl", rows), class_="legend")


def provenance(card: Card, named: bool = False) -> str:
    """Where the card's text comes from; a summary written for this tool is styled to stand out.
    `named`: led by the card's name, where two cards share a page."""
    kind = "source" if card.provenance.is_source else "summary"
    lead = element("strong", text(card.name) + ":") + " " if named else ""
    return element("p", lead + text(provenance_line(card)), class_=f"provenance {kind}")


def card_header(card: Card, level: int) -> str:
    name = element(f"h{level}", text(card.name))
    card_id = element("p", element("code", text(card.id)), class_="card-id")
    return element(
        "header",
        "\n".join(
            filter(
                None,
                [name, card_id, provenance(card), left_out_block(card), sources_block(card), legend(card)],
            )
        ),
    )


def left_out_block(card: Card) -> str:
    left_out = omitted_line(card)
    return element("p", text(left_out), class_="note left-out") if left_out else ""


def card_sections(card: Card, level: int, grouped: bool) -> str:
    """The card's sections; a whole card's under its group headings (Description ... Treatment)."""
    if not grouped:
        return "\n".join(section_block(card, section, level) for section in card.sections)
    groups = []
    for title, sections in sections_by_group(card):
        heading = element(f"h{level}", text(title))
        inner = "\n".join(section_block(card, section, level + 1) for section in sections)
        groups.append(
            element(
                "section",
                f"{heading}\n{inner}",
                class_="group",
                id=anchor(card.id, "group", sections[0].group),
            )
        )
    return "\n".join(groups)


def card_article(card: Card, level: int, bare: bool, named: bool) -> str:
    """A card as an <article> whose name is a heading of `level`; bare: its sections only,
    under its name if `named` (several bare cards must still be told apart)."""
    parts = []
    if not bare:
        parts.append(card_header(card, level))
    elif named:
        parts.append(element(f"h{level}", text(card.name)))
    section_level = level + 1  # bare or not, a section's heading keeps its level under the card's
    parts.append(card_sections(card, section_level, grouped=card.is_whole and not bare))
    return element("article", "\n".join(parts), class_="card", id=anchor(card.id))


def show(card: Card, options: Options) -> str:
    return page(card.name, card_article(card, 1, options.bare, named=False), "show")


NAMED_IN_TITLE = 3  # more cards than this (show --all) are counted in the title, not named


def cards(selection: Selection, options: Options) -> str:
    """Several cards on one page, each cut down to the sections asked for; on paper each starts a page."""
    shown = selection.cards
    title = ", ".join(c.name for c in shown) if len(shown) <= NAMED_IN_TITLE else f"{len(shown)} patterns"
    parts = [] if options.bare else [element("h1", text(title)), contents(shown)]
    parts += [card_article(card, 2, options.bare, named=True) for card in shown]
    if selection.lacking:
        parts.append(element("p", text(selection.lacking_note()), class_="note lacking"))
    return page(title, "\n".join(parts), "cards")


def contents(shown: Sequence[Card]) -> str:
    """Links to each card on the page."""
    links = "".join(element("li", element("a", text(c.name), href=f"#{anchor(c.id)}")) for c in shown)
    return element("nav", element("ul", links), class_="contents", aria_label="Patterns on this page")


# Two cards compared


def compared_card(card: Card) -> str:
    """Which card is which, and where each one's text comes from."""
    return element("div", provenance(card, named=True) + sources_block(card), class_="compared")


def differences_block(cmp: Comparison) -> str:
    found = [
        element(
            "div",
            element("p", text(f"{diff.card.name} · {diff.section.title}"), class_="where")
            + entries([diff.entry]),
            class_="difference",
        )
        for diff in cmp.differences
    ]
    if not found:
        found = [element("p", "Neither card names the other.", class_="note")]
    body = element("h2", "How they differ") + "\n" + "\n".join(found)
    return element("section", body, class_="differences", id="how-they-differ")


def row_title(row: Row) -> str:
    return row.title + (f" / {row.other_title}" if row.other_title else "")


def cell(card: Card, row: Row, section: Section | None) -> str:
    """One card's side of a row, always in three parts (so that side by side the two cards' items
    start level): its name (hidden on wide screens, where the columns are named), its marks (often
    none), and its items; where it has no such section, why it leaves it out, or a dash."""
    name = element("h4", text(card.name), class_="cell-name")
    found = marks(card, section) if section is not None else ""
    return element(
        "div",
        "\n".join([name, element("div", found, class_="marks"), cell_body(card, row, section)]),
        class_="cell",
    )


def cell_body(card: Card, row: Row, section: Section | None) -> str:
    if section is not None:
        return element("div", entries(section.items), class_="cell-body")
    reason = card.omission(row.key)
    if reason:
        return element("p", text(f"Left out: {reason}"), class_="cell-body left-out")
    return element("p", NO_SECTION, class_="cell-body absent")


def row_block(cmp: Comparison, row: Row) -> str:
    cells = cell(cmp.left, row, row.left) + cell(cmp.right, row, row.right)
    body = element("h3", text(row_title(row))) + element("div", cells, class_="cells")
    return element("section", body, class_="row", id=anchor("row", row.key))


def row_groups(cmp: Comparison) -> str:
    """The rows under their group's heading; each group repeats the two cards' names over its columns."""
    names = element("div", text(cmp.left.name)) + element("div", text(cmp.right.name))
    columns = element("div", names, class_="column-names", aria_hidden="true")
    groups = []
    for group, rows in groupby(cmp.rows, key=lambda row: row.group):
        body = (
            element("h2", text(group_title(group))) + columns + "\n".join(row_block(cmp, row) for row in rows)
        )
        groups.append(element("section", body, class_="group"))
    return "\n".join(groups)


def comparison(cmp: Comparison, options: Options) -> str:
    title = f"{cmp.left.name} vs {cmp.right.name}"
    parts = []
    if not options.bare:
        parts = [
            element("h1", text(title)),
            compared_card(cmp.left),
            compared_card(cmp.right),
            differences_block(cmp),
        ]
    parts.append(row_groups(cmp))
    return page(title, "\n".join(parts), "comparison")


# Patterns matched to traits


def highlighted(hit: Hit) -> str:
    """A line with the words that matched in <mark>, and those that stood in for a query word
    (through the thesaurus) titled with the word they stood for, and said after the line as the
    other formats say it (QA: a title shows on no phone and in no printout)."""
    stood_for = {(start, end): word for start, end, word in hit.stand_ins}
    spans = sorted({*hit.spans, *stood_for})
    out, at = [], 0
    raw = hit.line.text
    for start, end in spans:
        if start < at:
            continue  # overlapping spans: the first one shown wins
        out.append(text(raw[at:start]))
        word = stood_for.get((start, end))
        attributes = {"class_": "stand-in", "title": f"for “{word}”"} if word else {}
        out.append(element("mark", text(raw[start:end]), **attributes))
        at = end
    out.append(text(raw[at:]))
    note = stand_in_note(raw, hit.stand_ins)
    if note:
        out.append(" " + element("span", text(f"({note})"), class_="stand-in-note"))
    return "".join(out)


def _with_command(line: str) -> str:
    """A line of ours as HTML, the command it names as code (QA: the backticks showed as such)."""
    return text(line).replace(text(SEARCH_COMMAND), element("code", text(SEARCH_COMMAND.strip("`"))))


def matches(report: MatchReport, options: Options) -> str:
    """The patterns best first, each with its line for every trait it accounts for."""
    title = "Patterns for: " + "; ".join(report.traits)
    parts = [element("h1", text(title))]
    parts += [
        element("p", element("strong", _with_command(line)), class_="risk")
        for line in risk_lines(report.risk)
    ]
    parts.append(element("p", text(HYPOTHESES), class_="note"))
    for rank, found in enumerate(report.matches, start=1):
        rows = "".join(
            element("dt", text(e.trait))
            + element("dd", element("span", text(e.section), class_="where") + " " + highlighted(e.hit))
            for e in found.evidence
        )
        body = element("h2", text(f"{rank}. {found.name} ({found.score:.0f})"), id=anchor(found.pattern))
        body += element("dl", rows, class_="evidence")
        if found.unmatched:
            body += element("p", text(f"Not accounted for: {', '.join(found.unmatched)}"), class_="note")
        parts.append(element("section", body, class_="match"))
    if report.unmatched:
        parts.append(element("p", text(f"{NO_CARD_ACCOUNTS}: {', '.join(report.unmatched)}"), class_="note"))
    return page(title, "\n".join(parts), "matches")
