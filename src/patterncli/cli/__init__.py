"""The Typer command line: options, help texts and completion; the command bodies live in `commands`.

Renderers and heavy libraries are imported inside the commands that need them, so start-up stays
close to the cost of Python itself.
"""

from __future__ import annotations

from . import browse, cards, library, search  # noqa: F401 - importing registers the commands
from .app import app

__all__ = ["app", "main"]


def main() -> None:
    from .._entry import main as entry_main

    entry_main()
