"""Where output goes: the terminal or a pipe, the pager, and stderr messages.

Only the CLI uses this module; the core and the renderers never touch streams.
"""

from __future__ import annotations

import os
import shutil
import sys
from typing import NamedTuple

DEFAULT_PAGER = "less -FRX"


class Terminal(NamedTuple):
    is_tty: bool
    width: int
    height: int
    no_color: bool

    @classmethod
    def detect(cls) -> Terminal:
        try:
            is_tty = sys.stdout.isatty()
        except (AttributeError, ValueError):
            is_tty = False
        size = shutil.get_terminal_size((80, 24))
        return cls(
            is_tty=is_tty,
            width=max(20, size.columns),
            height=max(1, size.lines),
            no_color="NO_COLOR" in os.environ and os.environ["NO_COLOR"] != "",
        )


def write(text: str, terminal: Terminal, use_pager: bool = True) -> None:
    """Print results; through the pager when on a terminal and taller than the screen."""
    if use_pager and terminal.is_tty and text.count("\n") >= terminal.height and _page(text):
        return
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly
        _silence_stdout()


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's last flush cannot fail either."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _page(text: str) -> bool:
    """Show text in $PAGER (default `less -FRX`, as git does); False if no pager could be run."""
    command = os.environ.get("PAGER", DEFAULT_PAGER)
    if not command.strip() or command.strip() == "cat":
        return False
    import shlex
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # keep colours and quit at once when the text fits, as git does
    try:
        argv = shlex.split(command)
        subprocess.run(
            argv, input=text.encode(sys.stdout.encoding or "utf-8", "replace"), env=env, check=False
        )
    except (OSError, ValueError):
        return False
    except KeyboardInterrupt:
        pass
    return True


def error(message: str) -> None:
    sys.stderr.write(f"pattern: {message}\n")


def note(message: str) -> None:
    sys.stderr.write(f"{message}\n")
