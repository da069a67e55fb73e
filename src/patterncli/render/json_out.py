"""JSON: a card in its own file format, so saved output is itself a valid card file.

Text is exact: `safe_text.escape_json` (applied where output leaves the program) writes the
characters a terminal would obey as `\\u` escapes, which parse back to the very same text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..model import Card, Section, card_to_data, entry_to_data, group_title, phase_number
from ..views import section_marks

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from typing import Any

    from ..compare import Comparison
    from ..relations import RelationMap
    from ..search import Hit, PatternHits
    from ..search.match import MatchReport
    from ..views import ListRow, Selection
    from . import Options


def dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def show(card: Card, options: Options) -> str:
    return dump(card_to_data(card))


def cards(selection: Selection, options: Options) -> str:
    """An array of cards in the card format, each with only the sections asked for."""
    return dump([card_to_data(card) for card in selection.cards])


def card_list(rows: Sequence[ListRow], options: Options) -> str:
    return dump([{**r.as_dict(), "overrides": list(r.overrides)} for r in rows])


def section_list(card: Card, options: Options) -> str:
    return dump(
        [
            {
                "key": s.key,
                "title": s.title,
                "group": s.group,
                "group_title": group_title(s.group),
                "heading_in_source": not card.heading_added(s),
                "aliases": list(s.aliases),
                "phase": phase_number(card, s),  # a treatment phase's number, else null
                "marks": section_marks(card, s),  # as `show` marks the heading
            }
            for s in card.sections
        ]
    )


def comparison(cmp: Comparison, options: Options) -> str:
    def header(card: Card) -> dict[str, object]:
        return {"id": card.id, "name": card.name, "provenance": card_to_data(card)["provenance"]}

    def items(section: Section | None) -> object:
        return None if section is None else section_to_items(section)

    def marks(card: Card, section: Section | None) -> list[str]:
        return section_marks(card, section) if section is not None else []

    return dump(
        {
            "left": header(cmp.left),
            "right": header(cmp.right),
            "differences": [
                {"pattern": d.card.id, "section": d.section.key, "item": entry_to_data(d.entry)}
                for d in cmp.differences
            ],
            "rows": [
                {
                    "key": r.key,
                    "title": r.title,
                    # "title" is the left card's (the right card's where only it has the section)
                    "right_title": r.right.title if r.right else None,
                    "left": items(r.left),
                    "right": items(r.right),
                    # What `show` marks on each card's heading: added for this tool, or drawn
                    # from the general clinical literature.
                    "left_marks": marks(cmp.left, r.left),
                    "right_marks": marks(cmp.right, r.right),
                }
                for r in cmp.rows
            ],
        }
    )


def section_to_items(section: Section) -> list[Any]:
    return [entry_to_data(e) for e in section.items]


def hit_data(hit: Hit) -> dict[str, Any]:
    return {
        "pattern": hit.line.pattern,
        "pattern_name": hit.line.pattern_name,
        "section": hit.line.section_key,
        "section_title": hit.line.section_title,
        "kind": hit.line.kind,
        "text": hit.line.text,
        "score": round(hit.score, 1),
        "spans": [list(span) for span in hit.spans],
        "stand_ins": [list(stand_in) for stand_in in hit.stand_ins],
    }


def search_hits(hits: Sequence[Hit], options: Options) -> str:
    return dump([hit_data(h) for h in hits])


def pattern_hits(groups: Sequence[PatternHits], options: Options) -> str:
    return dump(
        [
            {"pattern": g.pattern, "name": g.pattern_name, "hits": [hit_data(h) for h in g.hits]}
            for g in groups
        ]
    )


def matches(report: MatchReport, options: Options) -> str:
    """An array, best first, of {pattern, name, score 0-100, evidence [{trait, section, text,
    score, stand_ins}], unmatched [traits], risk [traits]}: the shape the README documents;
    stand_ins as in search's hits ([start, end, the trait's words it stood in for])."""
    return dump(
        [
            {
                "pattern": found.pattern,
                "name": found.name,
                "score": round(found.score, 1),
                "evidence": [
                    {
                        "trait": e.trait,
                        "section": e.section,
                        "text": e.text,
                        "score": round(e.score, 1),
                        "stand_ins": [list(stand_in) for stand_in in e.hit.stand_ins],
                    }
                    for e in found.evidence
                ],
                "unmatched": list(found.unmatched),
                # The traits that speak of a risk to the client or others: to assess now, whatever the pattern.
                "risk": list(report.risk),
            }
            for found in report.matches
        ]
    )


def relation_map(found: RelationMap, options: Options) -> str:
    return dump([{"source": r.source, "target": r.target, "kind": r.kind} for r in found.relations])
