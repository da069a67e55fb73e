"""Shell completion: pattern ids, and the section keys of the patterns already on the line.

Completion runs the program on every Tab press: it reads the catalog quietly and nothing else.
"""

from __future__ import annotations

import contextlib

import typer

from ..errors import NotFound


def complete_pattern(incomplete: str) -> list[str]:
    from ..commands import load

    catalog = load(report_problems=False)
    return [card_id for card_id in catalog.ids() if card_id.startswith(incomplete.lower())]


def typed_patterns(ctx: typer.Context) -> list[str]:
    """The patterns named before the cursor: `show A B`, `compare A B`, `search -p A`."""
    params = ctx.params
    typed: list[str] = []
    for name in ("patterns", "pattern", "first", "second"):
        value = params.get(name)
        if isinstance(value, str):
            typed.append(value)
        elif isinstance(value, (list, tuple)):
            typed.extend(v for v in value if isinstance(v, str))
    return typed or list(ctx.args[:2])


def complete_section(ctx: typer.Context, incomplete: str) -> list[str]:
    """Section keys of every pattern already on the command line (every card's, if none is)."""
    from ..commands import load

    catalog = load(report_problems=False)
    chosen = []
    for typed in typed_patterns(ctx):
        with contextlib.suppress(NotFound):
            chosen.append(catalog.cards[catalog.resolve(typed)])
    cards = chosen or list(catalog.cards.values())
    keys = dict.fromkeys(s["key"] for c in cards for s in c.data["sections"])
    return [key for key in keys if key.startswith(incomplete.lower())]
