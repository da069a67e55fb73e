"""The command line: parse arguments, ask the core, hand the result to a renderer.

Exit codes: 0 found, 1 nothing found (or a card is invalid), 2 usage error.
Renderers and heavy libraries are imported inside the commands that need them,
so start-up stays close to the cost of Python itself.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from typing import TYPE_CHECKING, Optional

import typer

from . import __version__
from .errors import NotFound, PatternError, UsageProblem, WouldOverwrite
from .output import Terminal, error, note, write

if TYPE_CHECKING:
    from .catalog import Catalog
    from .model import Card

EXIT_FOUND, EXIT_NOT_FOUND, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70

EXIT_CODES_HELP = "Exit codes: 0 found, 1 nothing found (unknown pattern or section; invalid card), 2 usage error."

app = typer.Typer(
    name="pattern",
    help=(
        "A terminal reference for interpersonal patterns in psychotherapy "
        f"(Jay Earley's Pattern System format).\n\n{EXIT_CODES_HELP}"
    ),
    rich_markup_mode=None,  # plain help: --help must not pay for importing Rich
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(str, Enum):
    rich = "rich"
    plain = "plain"
    markdown = "markdown"
    json = "json"


class ShowFormat(str, Enum):
    rich = "rich"
    plain = "plain"
    markdown = "markdown"
    json = "json"
    html = "html"


FORMAT_HELP = "Output format. Default: rich on a terminal, plain when piped."
NO_PAGER_HELP = "Print straight to the terminal, never through $PAGER."


def version_callback(value: bool) -> None:
    if value:
        sys.stdout.write(f"pattern {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", callback=version_callback, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Look up interpersonal patterns: show a card, compare two, search every line."""


# Shared helpers -------------------------------------------------------------


def load(report_problems: bool = True) -> Catalog:
    """Every card on the path; broken card files are reported once on stderr and skipped."""
    from .catalog import load_catalog

    catalog = load_catalog()
    if report_problems:
        for problem in catalog.problems:
            note(f"{problem} (card skipped)")
    return catalog


def find_card(catalog: Catalog, query: str) -> Card:
    from .resolve import resolve_pattern

    card_id = resolve_pattern(query, [(c.id, c.name, c.aliases) for c in catalog.cards.values()])
    return catalog.get(card_id)


def pick_format(chosen: Enum | None, terminal: Terminal) -> str:
    if chosen is not None:
        return str(chosen.value)
    return "rich" if terminal.is_tty else "plain"


def screen_for(terminal: Terminal) -> object:
    from .render.rich_out import Screen

    return Screen(width=terminal.width, color=not terminal.no_color)


# Commands -------------------------------------------------------------------


@app.command()
def show(
    pattern: str = typer.Argument(..., help="Pattern id, name or alias (any case).", show_default=False, metavar="PATTERN"),
    section: Optional[list[str]] = typer.Option(  # noqa: UP045 - typer needs Optional on Python 3.10
        None,
        "--section",
        "-s",
        metavar="SECTION",
        help="Only sections matching this key, title, alias or group; repeatable.",
        show_default=False,
    ),
    fmt: Optional[ShowFormat] = typer.Option(None, "--format", "-f", help=FORMAT_HELP, show_default=False),  # noqa: UP045
    no_pager: bool = typer.Option(False, "--no-pager", help=NO_PAGER_HELP),
) -> None:
    """Show one pattern card, or only the sections asked for."""
    from .resolve import resolve_sections

    terminal = Terminal.detect()
    card = find_card(load(), pattern)
    if section:
        card = card.with_sections(resolve_sections(card, section))
    kind = pick_format(fmt, terminal)
    write(render_card(card, kind, terminal), terminal, use_pager=not no_pager and kind != "html")


def render_card(card: Card, kind: str, terminal: Terminal) -> str:
    if kind == "plain":
        from .render import plain

        return plain.show(card)
    if kind == "json":
        from .render import json_out

        return json_out.show(card)
    if kind == "markdown":
        from .render import markdown

        return markdown.show(card)
    if kind == "html":
        from .render import html_out

        return html_out.show(card)
    from .render import rich_out

    return rich_out.show(card, rich_out.Screen(terminal.width, not terminal.no_color))


@app.command("list")
def list_cards(
    fmt: Optional[Format] = typer.Option(None, "--format", "-f", help=FORMAT_HELP, show_default=False),  # noqa: UP045
    no_pager: bool = typer.Option(False, "--no-pager", help=NO_PAGER_HELP),
) -> None:
    """List every card: id, name, a one-line summary, and where it comes from."""
    from .views import list_rows

    terminal = Terminal.detect()
    rows = list_rows(load())
    kind = pick_format(fmt, terminal)
    if kind == "rich":
        from .render import rich_out

        text = rich_out.card_list(rows, rich_out.Screen(terminal.width, not terminal.no_color))
    else:
        text = _plain_renderer(kind).card_list(rows)
    write(text, terminal, use_pager=not no_pager)


@app.command()
def sections(
    pattern: str = typer.Argument(..., help="Pattern id, name or alias.", show_default=False, metavar="PATTERN"),
    fmt: Optional[Format] = typer.Option(None, "--format", "-f", help=FORMAT_HELP, show_default=False),  # noqa: UP045
    no_pager: bool = typer.Option(False, "--no-pager", help=NO_PAGER_HELP),
) -> None:
    """List a card's section keys and titles, in order, grouped."""
    terminal = Terminal.detect()
    card = find_card(load(), pattern)
    kind = pick_format(fmt, terminal)
    if kind == "rich":
        from .render import rich_out

        text = rich_out.section_list(card, rich_out.Screen(terminal.width, not terminal.no_color))
    else:
        text = _plain_renderer(kind).section_list(card)
    write(text, terminal, use_pager=not no_pager)


def _plain_renderer(kind: str):  # type: ignore[no-untyped-def]
    """The module rendering an unstyled format (plain, markdown or json)."""
    if kind == "json":
        from .render import json_out

        return json_out
    if kind == "markdown":
        from .render import markdown

        return markdown
    from .render import plain

    return plain


# Entry point ----------------------------------------------------------------


def report(err: PatternError) -> int:
    """Say what went wrong and what to try; return the exit code it means."""
    error(str(err))
    if isinstance(err, NotFound):
        if err.suggestions:
            note(f"did you mean: {', '.join(err.suggestions)}?")
        if err.hint:
            note(f"(run `{err.hint}` to see what there is)")
        return EXIT_NOT_FOUND
    if isinstance(err, WouldOverwrite):
        for path in err.paths:
            note(f"  {path}")
        note("nothing was written; use --force to overwrite")
        return EXIT_NOT_FOUND
    if isinstance(err, UsageProblem):
        return EXIT_USAGE
    return EXIT_NOT_FOUND


def main() -> None:
    """Run the CLI; turn every failure into a message and an exit code, never a traceback."""
    try:
        sys.stdout.reconfigure(errors="replace")  # type: ignore[union-attr]
    except (AttributeError, ValueError):
        pass
    try:
        app(prog_name="pattern")  # exits by itself on success and on usage errors (code 2)
        code = EXIT_FOUND
    except PatternError as err:
        code = report(err)
    except KeyboardInterrupt:
        code = 130
    except Exception as err:  # noqa: BLE001 - the last line of defence against a traceback
        error(f"internal error: {type(err).__name__}: {err}")
        code = EXIT_INTERNAL
    sys.exit(code)
