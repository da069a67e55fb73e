"""The command line: parse arguments, ask the core, hand the result to a renderer.

Exit codes: 0 found, 1 nothing found (or a card is invalid), 2 usage error.
Renderers and heavy libraries are imported inside the commands that need them,
so start-up stays close to the cost of Python itself.
"""

from __future__ import annotations

import contextlib
import sys

from ..output import error
from . import cards, compare, library, search  # noqa: F401 - importing registers the commands
from .app import EXIT_FOUND, EXIT_INTERNAL, app


def main() -> None:
    """Run the CLI; turn every failure into a message and an exit code, never a traceback."""
    with contextlib.suppress(AttributeError, ValueError):  # an ASCII-only terminal gets "?", not a crash
        sys.stdout.reconfigure(errors="replace")  # type: ignore[union-attr]
    try:
        app(prog_name="pattern")  # exits by itself with the code of the outcome
        code = EXIT_FOUND
    except KeyboardInterrupt:
        code = 130
    except Exception as err:  # noqa: BLE001 - the last line of defence against a traceback
        error(f"internal error: {type(err).__name__}: {err}")
        code = EXIT_INTERNAL
    sys.exit(code)
