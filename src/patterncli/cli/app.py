"""The Typer app and what every command shares: loading, formats, resolution."""

from __future__ import annotations

import contextlib
import sys
from enum import Enum
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

from .. import __version__
from ..errors import NotFound, PatternError, UsageProblem, WouldOverwrite
from ..output import Terminal, error, note, write

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..model import Card

EXIT_FOUND, EXIT_NOT_FOUND, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70

EXIT_CODES_HELP = (
    "Exit codes: 0 found, 1 nothing found (unknown pattern or section; invalid card), 2 usage error."
)


class PatternGroup(TyperGroup):
    """Turns the core's errors into a message on stderr and the exit code they mean."""

    def invoke(self, ctx: Any) -> Any:  # typer vendors click; its Context type is private
        try:
            return super().invoke(ctx)
        except PatternError as err:
            ctx.exit(report(err))


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


app = typer.Typer(
    cls=PatternGroup,
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
    from ..catalog import load_catalog

    catalog = load_catalog()
    if report_problems:
        for problem in catalog.problems:
            note(f"{problem} (card skipped)")
    return catalog


def find_card(catalog: Catalog, query: str) -> Card:
    from ..resolve import resolve_pattern

    card_id = resolve_pattern(query, [(c.id, c.name, c.aliases) for c in catalog.cards.values()])
    return catalog.get(card_id)


def pick_format(chosen: Enum | None, terminal: Terminal) -> str:
    if chosen is not None:
        return str(chosen.value)
    return "rich" if terminal.is_tty else "plain"


# The module of each format; each has one function per view (show, card_list, section_list,
# comparison, search_hits), and Rich's also take the screen they draw for.
RENDERER_MODULES = {
    "plain": "plain",
    "markdown": "markdown",
    "json": "json_out",
    "rich": "rich_out",
    "html": "html_out",
}


def render(view: str, subject: object, kind: str, terminal: Terminal) -> str:
    """Draw a view of the subject in a format; only the chosen renderer is imported."""
    from importlib import import_module

    module = import_module(f"patterncli.render.{RENDERER_MODULES[kind]}")
    draw = getattr(module, view)
    if kind != "rich":
        return str(draw(subject))
    from ..render.rich_out import Screen

    return str(draw(subject, Screen(width=terminal.width, color=not terminal.no_color)))


def emit(view: str, subject: object, chosen: Enum | None, no_pager: bool = False) -> None:
    """Render in the chosen format (default: rich on a terminal, plain in a pipe) and print it."""
    terminal = Terminal.detect()
    kind = pick_format(chosen, terminal)
    write(render(view, subject, kind, terminal), terminal, use_pager=not no_pager and kind != "html")


# Shell completion -----------------------------------------------------------
# Completion runs the program on every Tab press: keep it to the catalog, quietly.


def complete_pattern(incomplete: str) -> list[str]:
    catalog = load(report_problems=False)
    return [card_id for card_id in catalog.ids() if card_id.startswith(incomplete.lower())]


def complete_section(ctx: typer.Context, incomplete: str) -> list[str]:
    """Section keys of the pattern already on the command line (every card's, if none is)."""
    from ..resolve import resolve_pattern

    catalog = load(report_problems=False)
    cards = list(catalog.cards.values())
    # The pattern typed before --section may still sit in the unparsed arguments.
    typed = ctx.params.get("pattern") or ctx.params.get("first") or next(iter(ctx.args), None)
    if typed:
        with contextlib.suppress(NotFound):
            card_id = resolve_pattern(typed, [(c.id, c.name, c.aliases) for c in cards])
            cards = [catalog.cards[card_id]]
    keys = dict.fromkeys(s["key"] for c in cards for s in c.data["sections"])
    return [key for key in keys if key.startswith(incomplete.lower())]
