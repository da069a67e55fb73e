"""Shell completion: pattern ids, and the section keys of the patterns already on the line.

Completion runs the program on every Tab press: it reads the catalog quietly and nothing else.
"""

from __future__ import annotations

import typer


def complete_pattern(ctx: typer.Context, incomplete: str) -> list[str]:
    """Pattern ids, but not those already on the line: a card is not compared with itself."""
    from ..commands.complete import pattern_ids

    return pattern_ids(incomplete, _parsed_patterns(ctx))  # never a trait or query taken for one


def typed_patterns(ctx: typer.Context) -> list[str]:
    """The patterns named before the cursor: `show A B`, `compare A B`, `search -p A`; else the
    first words not yet parsed (a section's patterns may be typed after it)."""
    return _parsed_patterns(ctx) or list(ctx.args[:2])


def _parsed_patterns(ctx: typer.Context) -> list[str]:
    from ..commands.complete import PATTERN_PARAMETERS

    typed: list[str] = []
    for name in PATTERN_PARAMETERS:
        value = ctx.params.get(name)
        if isinstance(value, str):
            typed.append(value)
        elif isinstance(value, (list, tuple)):
            typed.extend(v for v in value if isinstance(v, str))
    return typed


def complete_section(ctx: typer.Context, incomplete: str) -> list[str]:
    """Section keys of every pattern already on the command line (every card's, if none is)."""
    from ..commands.complete import section_keys

    return section_keys(typed_patterns(ctx), incomplete)
