"""The Typer app: the root callback, error reporting, and the exit codes in the help."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup

from .. import __version__
from ..errors import ExitStatus, PatternError
from ..output import Terminal

EXIT_CODES_HELP = (
    "Exit codes: 0 found, 1 nothing found (unknown pattern or section; invalid card), 2 usage error, "
    "70 internal error (a bug), 74 output could not be written, 130 interrupted."
)


CommandFunction = TypeVar("CommandFunction", bound=Callable[..., Any])


class PatternGroup(TyperGroup):
    """Turns the core's errors into a message on stderr and the exit status they carry."""

    def invoke(self, ctx: Any) -> Any:  # typer vendors click; its Context type is private
        from ..commands import report

        try:
            return super().invoke(ctx)
        except PatternError as err:
            ctx.exit(int(report(err)))


class PatternCommand(TyperCommand):
    """Usage lines as terminal users read them: `pattern show [OPTIONS] PATTERN`, not `{PATTERN}`."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces: list[str] = super().collect_usage_pieces(ctx)
        return [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in pieces]


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


def command(name: str | None = None, **settings: Any) -> Callable[[CommandFunction], CommandFunction]:
    """Register a command of the app, with the usage lines above."""
    register: Callable[[CommandFunction], CommandFunction] = app.command(name, cls=PatternCommand, **settings)
    return register


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
