"""Looking cards up: show, list, sections."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from .app import (
    FORMAT_HELP,
    NO_PAGER_HELP,
    Format,
    ShowFormat,
    app,
    complete_pattern,
    complete_section,
    emit,
    find_card,
    load,
)

if TYPE_CHECKING:
    pass


@app.command()
def show(
    pattern: str = typer.Argument(
        ...,
        help="Pattern id, name or alias (any case).",
        show_default=False,
        metavar="PATTERN",
        autocompletion=complete_pattern,
    ),
    section: list[str] | None = typer.Option(
        None,
        "--section",
        "-s",
        metavar="SECTION",
        help="Only sections matching this key, title, alias or group; repeatable.",
        autocompletion=complete_section,
        show_default=False,
    ),
    fmt: ShowFormat | None = typer.Option(None, "--format", "-f", help=FORMAT_HELP, show_default=False),
    no_pager: bool = typer.Option(False, "--no-pager", help=NO_PAGER_HELP),
) -> None:
    """Show one pattern card, or only the sections asked for."""
    from ..resolve import resolve_sections

    card = find_card(load(), pattern)
    if section:
        card = card.with_sections(resolve_sections(card, section))
    emit("show", card, fmt, no_pager)


@app.command("list")
def list_cards(
    fmt: Format | None = typer.Option(None, "--format", "-f", help=FORMAT_HELP, show_default=False),
    no_pager: bool = typer.Option(False, "--no-pager", help=NO_PAGER_HELP),
) -> None:
    """List every card: id, name, a one-line summary, and where it comes from."""
    from ..views import list_rows

    emit("card_list", list_rows(load()), fmt, no_pager)


@app.command()
def sections(
    pattern: str = typer.Argument(
        ...,
        help="Pattern id, name or alias.",
        show_default=False,
        metavar="PATTERN",
        autocompletion=complete_pattern,
    ),
    fmt: Format | None = typer.Option(None, "--format", "-f", help=FORMAT_HELP, show_default=False),
    no_pager: bool = typer.Option(False, "--no-pager", help=NO_PAGER_HELP),
) -> None:
    """List a card's section keys and titles, in order, grouped."""
    emit("section_list", find_card(load(), pattern), fmt, no_pager)
