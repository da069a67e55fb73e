"""The Typer app: the root callback, error reporting, and the exit codes in the help."""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer.core import TyperGroup

from .. import __version__
from ..errors import ExitStatus, PatternError
from ..output import Terminal

EXIT_CODES_HELP = (
    "Exit codes: 0 found, 1 nothing found (unknown pattern or section; invalid card), 2 usage error, "
    "74 output could not be written, 130 interrupted."
)


class PatternGroup(TyperGroup):
    """Turns the core's errors into a message on stderr and the exit status they carry."""

    def invoke(self, ctx: Any) -> Any:  # typer vendors click; its Context type is private
        from ..commands import report

        try:
            return super().invoke(ctx)
        except PatternError as err:
            ctx.exit(int(report(err)))


app = typer.Typer(
    cls=PatternGroup,
    name="pattern",
    help=(
        "A terminal reference for interpersonal patterns in psychotherapy "
        f"(Jay Earley's Pattern System format).\n\n{EXIT_CODES_HELP}"
    ),
    rich_markup_mode=None,  # plain help: --help must not pay for importing Rich
    pretty_exceptions_enable=False,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def version_callback(value: bool) -> None:
    if value:
        sys.stdout.write(f"pattern {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    version: bool = typer.Option(
        False, "--version", callback=version_callback, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Look up interpersonal patterns: show a card, compare two, search every line, match observations."""
    # The terminal is detected once, here, and handed to every command; tests pass their own.
    if not isinstance(ctx.obj, Terminal):
        ctx.obj = Terminal.detect()
    if ctx.invoked_subcommand is None:  # bare `pattern`: the help, on stdout, as gh and cargo do
        sys.stdout.write(ctx.get_help() + "\n")
        raise typer.Exit()


def terminal_of(ctx: typer.Context) -> Terminal:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Terminal) else Terminal.detect()


def finish(status: ExitStatus | None) -> None:
    """End a command with the status its body returned (nothing to do for OK)."""
    if status:
        raise typer.Exit(int(status))
