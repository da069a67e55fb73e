"""The map of relations between cards: a tree for reading, Mermaid and Graphviz for documents."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..relations import Relation

KIND_LABELS = {"contrast": "contrasts with", "combination": "combines with", "related": "mentions"}


def plain(relations: Sequence[Relation]) -> str:
    """One relation per line, `source  relation  target`, for grep and awk."""
    return "".join(f"{r.source}  {KIND_LABELS[r.kind]}  {r.target}\n" for r in relations)


def branches(relations: Sequence[Relation], card_id: str) -> dict[str, list[str]]:
    """What one card says of others, by kind, and which cards speak of it."""
    grouped: dict[str, list[str]] = {}
    for r in relations:
        if r.source == card_id:
            grouped.setdefault(KIND_LABELS[r.kind], []).append(r.target)
    named_by = sorted({r.source for r in relations if r.target == card_id and r.source != card_id})
    if named_by:
        grouped["named by"] = named_by
    return grouped


def tree(
    relations: Sequence[Relation], names: dict[str, str], root: str | None, width: int, color: bool
) -> str:
    from rich.text import Text
    from rich.tree import Tree

    from .rich_out import Screen, to_text

    def grow(node: Tree, card_id: str) -> None:
        for label, targets in branches(relations, card_id).items():
            kind = node.add(Text(label, style="dim"))
            for target in targets:
                kind.add(Text.assemble((names.get(target, target), "bold"), "  ", (target, "dim")))

    if root is not None:
        top = Tree(Text.assemble((names[root], "bold cyan"), "  ", (root, "dim")))
        grow(top, root)
    else:
        top = Tree(Text("Patterns", style="bold"))
        for card_id, name in names.items():
            grow(top.add(Text.assemble((name, "bold cyan"), "  ", (card_id, "dim"))), card_id)
    return to_text([top], Screen(width, color))


def mermaid(relations: Sequence[Relation], names: dict[str, str]) -> str:
    def node(card_id: str) -> str:
        label = names.get(card_id, card_id).replace('"', "'")
        return f'{_node_id(card_id)}["{label}"]'

    lines = ["graph LR"]
    lines += [f"  {node(r.source)} -->|{KIND_LABELS[r.kind]}| {node(r.target)}" for r in relations]
    return "\n".join(lines) + "\n"


def _node_id(card_id: str) -> str:
    return card_id.replace("-", "_")


def dot(relations: Sequence[Relation], names: dict[str, str]) -> str:
    styles = {"contrast": "dashed", "combination": "solid", "related": "dotted"}
    lines = ["digraph patterns {", "  rankdir=LR;", "  node [shape=box];"]
    used = sorted({r.source for r in relations} | {r.target for r in relations})
    lines += [f"  {json.dumps(i)} [label={json.dumps(names.get(i, i))}];" for i in used]
    lines += [
        f"  {json.dumps(r.source)} -> {json.dumps(r.target)} "
        f"[label={json.dumps(KIND_LABELS[r.kind])}, style={styles[r.kind]}];"
        for r in relations
    ]
    return "\n".join([*lines, "}"]) + "\n"


def as_json(relations: Sequence[Relation]) -> str:
    data = [{"source": r.source, "target": r.target, "kind": r.kind} for r in relations]
    return json.dumps(data, indent=2) + "\n"
