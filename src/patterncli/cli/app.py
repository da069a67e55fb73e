"""The Typer app and what every command shares: loading, formats, resolution."""

from __future__ import annotations

import sys
from enum import Enum
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

from .. import __version__
from ..errors import NotFound, PatternError, UsageProblem, WouldOverwrite
from ..output import Terminal, error, note

if TYPE_CHECKING:
    from types import ModuleType

    from ..catalog import Catalog
    from ..model import Card
    from ..render.rich_out import Screen

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


def plain_renderer(kind: str) -> ModuleType:
    """The module rendering an unstyled format: plain, markdown or json."""
    if kind == "json":
        from ..render import json_out

        return json_out
    if kind == "markdown":
        from ..render import markdown

        return markdown
    from ..render import plain

    return plain


def screen(terminal: Terminal) -> Screen:
    from ..render.rich_out import Screen

    return Screen(width=terminal.width, color=not terminal.no_color)


# Shell completion -----------------------------------------------------------
# Completion runs the program on every Tab press: keep it to the catalog, quietly.


def complete_pattern(incomplete: str) -> list[str]:
    catalog = load(report_problems=False)
    return [card_id for card_id in catalog.ids() if card_id.startswith(incomplete.lower())]


def complete_section(ctx: typer.Context, incomplete: str) -> list[str]:
    """Section keys of the pattern already on the command line (every card's, if none is)."""
    from ..resolve import normalize

    catalog = load(report_problems=False)
    typed = ctx.params.get("pattern") or ctx.params.get("first") or next(iter(ctx.args), None)
    ids = {c.id: c for c in catalog.cards.values()}
    wanted = normalize(typed) if typed else None
    chosen = [c for c in ids.values() if wanted in {normalize(n) for n in (c.id, c.name, *c.aliases)}]
    cards = chosen or list(ids.values())
    keys = dict.fromkeys(s["key"] for c in cards for s in c.data["sections"])
    return [key for key in keys if key.startswith(incomplete.lower())]
