"""The map of relations between cards as graph source: Mermaid for Markdown documents, DOT for Graphviz.

Card names become labels; each is quoted for its language so that no name can add a statement
(a newline, a quote or a bracket in a name stays inside its label).
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from ..relations import RelationMap
    from . import Options

STYLES = {"contrast": "dashed", "combination": "solid", "related": "dotted"}
# Mermaid has no backslash escapes inside a quoted label, only entity codes (#34; for ").
_MERMAID_UNSAFE = re.compile(r'["#;<>\[\]{}()|`\\]')


def mermaid_label(text: str) -> str:
    text = " ".join(text.split())
    return '"' + _MERMAID_UNSAFE.sub(lambda m: f"#{ord(m.group())};", text) + '"'


def node_id(card_id: str) -> str:
    """Card ids are slugs (lowercase letters, digits, single dashes): with dashes as underscores and
    a prefix, an identifier Mermaid cannot take for one of its words (review: a card `end` closed
    the graph; `o` or `x` after an arrow changes its head)."""
    return "p_" + card_id.replace("-", "_")


def mermaid(found: RelationMap, options: Options) -> str:
    def node(card_id: str) -> str:
        return f"{node_id(card_id)}[{mermaid_label(found.names.get(card_id, card_id))}]"

    lines = ["graph LR"]
    lines += [f"  {node(r.source)} -->|{r.label}| {node(r.target)}" for r in found.relations]
    return "\n".join(lines) + "\n"


def dot_quote(text: str) -> str:
    text = " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def dot(found: RelationMap, options: Options) -> str:
    lines = ["digraph patterns {", "  rankdir=LR;", "  node [shape=box];"]
    used = sorted({r.source for r in found.relations} | {r.target for r in found.relations})
    lines += [f"  {dot_quote(i)} [label={dot_quote(found.names.get(i, i))}];" for i in used]
    lines += [
        f"  {dot_quote(r.source)} -> {dot_quote(r.target)} "
        f"[label={dot_quote(r.label)}, style={STYLES[r.kind]}];"
        for r in found.relations
    ]
    return "\n".join([*lines, "}"]) + "\n"
