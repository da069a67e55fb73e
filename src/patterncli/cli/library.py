"""A clinician's own cards: validate, schema, paths, new, edit, export."""

from __future__ import annotations

from typing import Annotated

import typer

from ..commands import own
from .app import command, finish, terminal_of
from .completion import complete_pattern
from .options import Force, NoPager, Pattern


@command()
def validate(
    ctx: typer.Context,
    files: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[FILE]...",
            help="Card files or folders to check. Default: every card file on the card path.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check card files: YAML, schema, ids, duplicate ids and references to other cards.

    Each problem is one line FILE:LINE:COL: message on stdout; a summary goes to stderr.
    Exit code 1 if any card is invalid. Notes (e.g. a card overriding another) do not count.
    """
    finish(own.validate(terminal_of(ctx), files or []))


@command()
def schema(ctx: typer.Context, no_pager: NoPager = False) -> None:
    """Print the JSON Schema that every card file follows."""
    own.schema(terminal_of(ctx), no_pager)


@command()
def paths(ctx: typer.Context) -> None:
    """Where cards are looked for, in order (the first card with an id wins), and the cache folder."""
    own.paths(terminal_of(ctx))


@command()
def new(
    ctx: typer.Context,
    card_id: Annotated[
        str, typer.Argument(metavar="ID", help="The new card's id, e.g. my-pattern.", show_default=False)
    ],
    from_pattern: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="PATTERN",
            help="Start from a copy of this card instead of the template.",
            autocompletion=complete_pattern,
            show_default=False,
        ),
    ] = None,
    force: Force = False,
) -> None:
    """Start a card of your own in your card folder and print its path.

    Refuses an id that a card on the path already has (the new card would hide it), unless --force.
    """
    own.new(terminal_of(ctx), card_id, from_pattern, force)


@command()
def edit(ctx: typer.Context, pattern: Pattern) -> None:
    """Open a card in $VISUAL or $EDITOR, then check it.

    A bundled card is first copied into your card folder (the copy overrides it; its provenance is
    kept, with a note that it was edited), so the bundled card itself never changes.
    """
    finish(own.edit(terminal_of(ctx), pattern))


@command()
def export(
    ctx: typer.Context,
    directory: Annotated[
        str,
        typer.Argument(metavar="DIR", help="Folder for the notes; created if missing.", show_default=False),
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite notes that already exist in DIR.")
    ] = False,
) -> None:
    """Write every card as a Markdown note (DIR/ID.md) for a notes vault such as Obsidian.

    Each note has YAML front matter (id, aliases, tags, source, related [[links]]) and a
    heading per section. Nothing is written if a note would be overwritten, unless --force.
    """
    own.export(terminal_of(ctx), directory, force)
