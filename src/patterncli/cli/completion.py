"""Shell completion: pattern ids, and the section keys of the patterns already on the line.

Completion runs the program on every Tab press: it reads the catalog quietly and nothing else.
"""

from __future__ import annotations

import contextlib

import typer

from ..errors import NotFound


def complete_pattern(ctx: typer.Context, incomplete: str) -> list[str]:
    """Pattern ids, but not those already on the line: a card is not compared with itself."""
    from ..commands import load

    catalog = load(report_problems=False)
    typed = set()
    for name in _parsed_patterns(ctx):  # never a trait or a query taken for a pattern
        with contextlib.suppress(NotFound):
            typed.add(catalog.resolve(name))
    return [i for i in catalog.ids() if i.startswith(incomplete.lower()) and i not in typed]


def typed_patterns(ctx: typer.Context) -> list[str]:
    """The patterns named before the cursor: `show A B`, `compare A B`, `search -p A`; else the
    first words not yet parsed (a section's patterns may be typed after it)."""
    return _parsed_patterns(ctx) or list(ctx.args[:2])


def _parsed_patterns(ctx: typer.Context) -> list[str]:
    typed: list[str] = []
    for name in ("patterns", "pattern", "first", "second"):
        value = ctx.params.get(name)
        if isinstance(value, str):
            typed.append(value)
        elif isinstance(value, (list, tuple)):
            typed.extend(v for v in value if isinstance(v, str))
    return typed


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
