"""Looking cards up: show, list, sections."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from ..output import Terminal, write
from .app import (
    FORMAT_HELP,
    NO_PAGER_HELP,
    Format,
    ShowFormat,
    app,
    complete_pattern,
    complete_section,
    find_card,
    load,
    pick_format,
    plain_renderer,
    screen,
)

if TYPE_CHECKING:
    from ..model import Card


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

    terminal = Terminal.detect()
    card = find_card(load(), pattern)
    if section:
        card = card.with_sections(resolve_sections(card, section))
    kind = pick_format(fmt, terminal)
    write(render_card(card, kind, terminal), terminal, use_pager=not no_pager and kind != "html")


def render_card(card: Card, kind: str, terminal: Terminal) -> str:
    if kind == "plain":
        from ..render import plain

        return plain.show(card)
    if kind == "json":
        from ..render import json_out

        return json_out.show(card)
    if kind == "markdown":
        from ..render import markdown

        return markdown.show(card)
    if kind == "html":
        from ..render import html_out

        return html_out.show(card)
    from ..render import rich_out

    return rich_out.show(card, screen(terminal))


@app.command("list")
def list_cards(
    fmt: Format | None = typer.Option(None, "--format", "-f", help=FORMAT_HELP, show_default=False),
    no_pager: bool = typer.Option(False, "--no-pager", help=NO_PAGER_HELP),
) -> None:
    """List every card: id, name, a one-line summary, and where it comes from."""
    from ..views import list_rows

    terminal = Terminal.detect()
    rows = list_rows(load())
    kind = pick_format(fmt, terminal)
    if kind == "rich":
        from ..render import rich_out

        text = rich_out.card_list(rows, screen(terminal))
    else:
        text = plain_renderer(kind).card_list(rows)
    write(text, terminal, use_pager=not no_pager)


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
    terminal = Terminal.detect()
    card = find_card(load(), pattern)
    kind = pick_format(fmt, terminal)
    if kind == "rich":
        from ..render import rich_out

        text = rich_out.section_list(card, screen(terminal))
    else:
        text = plain_renderer(kind).section_list(card)
    write(text, terminal, use_pager=not no_pager)
