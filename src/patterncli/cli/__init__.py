"""The Typer command line: options, help texts and completion; the command bodies live in `commands`.

The console script is `patterncli._entry:console`, which hands to this app whatever the fast path does
not answer. Renderers and heavy libraries are imported inside the commands that need them.
"""

from __future__ import annotations

from . import browse, cards, library, search  # noqa: F401 - importing registers the commands
from .app import app

__all__ = ["app"]
