"""`pattern browse`: the interactive reference. Textual is imported here and nowhere else."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from ..errors import ExitStatus, UsageProblem
from . import find_card, load

if TYPE_CHECKING:
    from ..output import Terminal


def browse(terminal: Terminal, pattern: str | None = None) -> ExitStatus:
    """Search every card as you type, read one, compare two; PATTERN opens that card first."""
    check_terminal(terminal)
    # Card files that cannot be read are counted, and a name given is looked up (did-you-mean),
    # before the screen changes: the notes stay on the terminal once the app has left it.
    catalog = load()
    card_id = find_card(catalog, pattern).id if pattern is not None else None
    from ..tui.app import BrowseApp

    app = BrowseApp(card_id)
    status = app.run()
    if app.bug is not None:
        raise app.bug  # the screen is restored: the entry reports it in one line, status 70
    return ExitStatus.OK if status is None else status


def check_terminal(terminal: Terminal) -> None:
    """The app draws on the screen and reads keys: both ends must be a terminal."""
    if not terminal.is_tty:
        raise UsageProblem(
            "browse is interactive: standard output is not a terminal "
            "(for output to a pipe or file, use `pattern search` or `pattern show`)"
        )
    if not _stdin_is_terminal():
        raise UsageProblem("browse is interactive: standard input is not a terminal to read keys from")


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):  # stdin closed, or replaced by something without a descriptor
        return False
