"""Finding what one remembers or observes: search every line, match observations to patterns."""

from __future__ import annotations

from typing import Annotated

import typer

from ..commands import find
from .app import command, terminal_of
from .options import Limit, NoPager, PageFormat, PatternFilter, Sections, TextFormat, as_format


@command()
def search(
    ctx: typer.Context,
    query: Annotated[
        list[str],
        typer.Argument(
            metavar="QUERY...",
            help="Words or a phrase, quoted or not (the words are one query); typos are tolerated.",
            show_default=False,
        ),
    ],
    pattern: PatternFilter = None,
    section: Sections = None,
    limit: Limit = 10,
    by_pattern: Annotated[
        bool,
        typer.Option(
            "--by-pattern", help="The cards holding the best lines, best card first, each with its lines."
        ),
    ] = False,
    fmt: TextFormat = None,
    no_pager: NoPager = False,
) -> None:
    """Fuzzy search over every line of every card, best match first.

    Clinicians' words count: other forms of a word, and synonyms from the thesaurus (turned down /
    rejected) for a phrase or a word no line holds, find a line too, a little below the word itself.
    With --by-pattern, -n counts cards.
    """
    find.search(
        terminal_of(ctx),
        " ".join(query),
        pattern or [],
        section or [],
        limit,
        as_format(fmt),
        no_pager,
        by_pattern,
    )


@command()
def match(
    ctx: typer.Context,
    traits: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="TRAIT...",
            help='What you observe, one trait per argument: "shy and hesitant" "freezes when asked to present".',
            show_default=False,
        ),
    ] = None,
    felt: Annotated[
        bool,
        typer.Option(
            "--felt",
            help='The traits are your own reactions ("I keep reassuring her"): match the therapist\'s side of each card.',
        ),
    ] = False,
    pattern: PatternFilter = None,
    limit: Annotated[int, typer.Option("--limit", "-n", metavar="N", help="Show at most N patterns.")] = 5,
    fmt: PageFormat = None,
    no_pager: NoPager = False,
) -> None:
    """The patterns that account for what you observe in the room, best first, with the evidence.

    Each pattern scores by how many of the traits it accounts for and how well; each trait shows the
    card line that accounts for it. Hypotheses to consider, not a diagnosis.
    """
    find.match(terminal_of(ctx), traits or [], felt, pattern or [], limit, as_format(fmt), no_pager)
