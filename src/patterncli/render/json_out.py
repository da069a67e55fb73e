"""JSON: a card in its own file format, so saved output is itself a valid card file."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..model import Card, Section, card_to_data, entry_to_data, group_title, section_to_data
from ..views import ListRow

if TYPE_CHECKING:
    from ..compare import Comparison
    from ..search import Hit


def dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def show(card: Card) -> str:
    return dump(card_to_data(card))


def card_list(rows: Sequence[ListRow]) -> str:
    return dump([{**r._asdict(), "overrides": list(r.overrides)} for r in rows])


def section_list(card: Card) -> str:
    return dump(
        [
            {
                "key": s.key,
                "title": s.title,
                "group": s.group,
                "group_title": group_title(s.group),
                "heading_in_source": not card.heading_added(s),
                "aliases": list(s.aliases),
            }
            for s in card.sections
        ]
    )


def comparison(cmp: Comparison) -> str:
    def header(card: Card) -> dict[str, object]:
        return {"id": card.id, "name": card.name, "provenance": card_to_data(card)["provenance"]}

    def items(section: Section | None) -> object:
        return None if section is None else section_to_data(section)["items"]

    return dump(
        {
            "left": header(cmp.left),
            "right": header(cmp.right),
            "differences": [
                {"pattern": d.card.id, "section": d.section.key, "item": entry_to_data(d.entry)}
                for d in cmp.differences
            ],
            "rows": [
                {"key": r.key, "title": r.title, "left": items(r.left), "right": items(r.right)}
                for r in cmp.rows
            ],
        }
    )


def search_hits(hits: Sequence[Hit]) -> str:
    return dump(
        [
            {
                "pattern": h.line.pattern,
                "pattern_name": h.line.pattern_name,
                "section": h.line.section_key,
                "section_title": h.line.section_title,
                "kind": h.line.kind,
                "text": h.line.text,
                "score": round(h.score, 1),
                "spans": [list(span) for span in h.spans],
            }
            for h in hits
        ]
    )
