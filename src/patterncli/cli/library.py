"""A clinician's own cards: validate, schema, paths, new, export."""

from __future__ import annotations

from pathlib import Path

import typer

from ..output import Terminal, note, write
from .app import EXIT_NOT_FOUND, app, load


@app.command()
def validate(
    files: list[Path] | None = typer.Argument(
        None,
        metavar="[FILE]...",
        help="Card files or folders to check. Default: every card file on the card path.",
        show_default=False,
    ),
) -> None:
    """Check card files: YAML, schema, ids, duplicate ids and references to other cards.

    Each problem is one line FILE:LINE:COL: message on stdout; a summary goes to stderr.
    Exit code 1 if any card is invalid. Notes (e.g. a card overriding another) do not count.
    """
    from ..library import validate_files, validate_path

    report = validate_files(files) if files else validate_path()
    lines = report.lines()
    if lines:
        write("".join(f"{line}\n" for line in lines), Terminal.detect(), use_pager=False)
    note(report.summary())
    if report.invalid_count:
        raise typer.Exit(EXIT_NOT_FOUND)


@app.command()
def schema() -> None:
    """Print the JSON Schema that every card file follows."""
    from ..library import schema_text

    write(schema_text(), Terminal.detect())


@app.command()
def paths() -> None:
    """Where cards are looked for, in order (the first card with an id wins), and the cache file."""
    from ..library import path_rows

    rows = path_rows()
    origin_width = max(len(r.origin) for r in rows)
    state_width = max(len(r.state) for r in rows)
    text = "".join(f"{r.origin.ljust(origin_width)}  {r.state.ljust(state_width)}  {r.path}\n" for r in rows)
    write(text, Terminal.detect(), use_pager=False)


@app.command()
def new(
    card_id: str = typer.Argument(
        ..., metavar="ID", help="The new card's id, e.g. my-pattern.", show_default=False
    ),
) -> None:
    """Start a card of your own: write a commented template into your card folder and print its path."""
    from ..library import create_card, placement_note

    path = create_card(card_id)
    write(f"{path}\n", Terminal.detect(), use_pager=False)
    placement = placement_note(card_id, path, load(report_problems=False))
    if placement:
        note(placement)
    note(f"edit it, then check it with: pattern validate {path}")


@app.command()
def export(
    directory: Path = typer.Argument(
        ..., metavar="DIR", help="Folder for the notes; created if missing.", show_default=False
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite notes that already exist in DIR."),
) -> None:
    """Write every card as a Markdown note (DIR/ID.md) for a notes vault such as Obsidian.

    Each note has YAML front matter (id, aliases, tags, source, related [[links]]) and a
    heading per section. Nothing is written if a note would be overwritten, unless --force.
    """
    from ..library import export_vault

    written = export_vault(load().all_cards(), directory, force=force)
    write("".join(f"{path}\n" for path in written), Terminal.detect(), use_pager=False)
