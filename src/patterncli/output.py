"""Where output goes: the terminal or a pipe, the pager, and messages on stderr.

Every byte the program prints passes through here, and here it crosses the one sanitizing
boundary (safe_text): results by `write`, messages by `error` and `note`. Only the command layer
uses this module; the core and the renderers never touch streams.
"""

from __future__ import annotations

import os
import sys

from .errors import WriteFailed
from .record import Record
from .safe_text import escape_json, visible, visible_styled

DEFAULT_PAGER = "less -FRX"
PLAIN, STYLED, JSON = "plain", "styled", "json"  # how a text must be made safe


class Terminal(Record):
    """What the program knows of where its output goes, detected once per run and passed down."""

    __slots__ = ("force_color", "height", "is_tty", "no_color", "width")
    _fields = ("is_tty", "width", "height", "no_color", "force_color")

    def __init__(
        self,
        is_tty: bool = False,
        width: int = 80,
        height: int = 24,
        no_color: bool = False,
        force_color: bool = False,
    ) -> None:
        self.is_tty = is_tty
        self.width = width
        self.height = height
        self.no_color = no_color
        # FORCE_COLOR: styled output though stdout is no terminal (`pattern show x | less -R`).
        self.force_color = force_color

    @property
    def color(self) -> bool:
        return not self.no_color

    @classmethod
    def detect(cls) -> Terminal:
        try:
            is_tty = sys.stdout.isatty()
        except (AttributeError, ValueError):  # stdout closed, or None when started with fd 1 closed
            is_tty = False
        columns, lines = terminal_size()
        return cls(
            is_tty=is_tty,
            width=min(max(20, columns), MOST_COLUMNS),
            height=max(1, lines),
            no_color=os.environ.get("NO_COLOR", "") != "",
            force_color=os.environ.get("FORCE_COLOR", "") != "",
        )


# No screen is wider: a COLUMNS of billions (a typo, a script) would have Rich pad every line to it.
MOST_COLUMNS = 10_000


def terminal_size() -> tuple[int, int]:
    """COLUMNS and LINES if set, else the terminal's size, else 80x24: what shutil.get_terminal_size
    does, without importing shutil on every look-up."""
    size = (80, 24)
    for stream in (sys.__stdout__, sys.__stderr__, sys.__stdin__):
        try:
            found = os.get_terminal_size(stream.fileno()) if stream is not None else None
        except (AttributeError, ValueError, OSError):
            continue
        if found is not None:
            # A terminal that reports 0x0 (some serial consoles, `script` without a size) has an
            # unknown size, as shutil takes it: not 0 columns, which made 20-column output.
            size = (found.columns or size[0], found.lines or size[1])
            break
    columns, lines = (_positive_int(os.environ.get(name)) for name in ("COLUMNS", "LINES"))
    return columns or size[0], lines or size[1]


def _positive_int(value: str | None) -> int:
    try:
        return max(0, int(value or 0))
    except ValueError:
        return 0


def safe(text: str, kind: str = PLAIN) -> str:
    """The text as it may leave the program: styled text keeps only SGR codes, JSON stays exact."""
    if kind == JSON:
        return escape_json(text)
    if kind == STYLED:
        return visible_styled(text)
    return visible(text)


def write(text: str, terminal: Terminal, kind: str = PLAIN, use_pager: bool = True) -> None:
    """Print results; through the pager when on a terminal and taller than the screen.

    A reader that went away (`| head`) ends the output quietly; any other failure to write
    (a full disk, a closed stdout) is WriteFailed, reported in one line by the caller.
    """
    text = safe(text, kind)
    if use_pager and terminal.is_tty and _rows(text, kind, terminal.width) >= terminal.height and _page(text):
        return
    stream = sys.stdout
    if stream is None:
        raise WriteFailed("cannot write output: standard output is closed")
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        silence_stdout()
    except (OSError, ValueError) as err:  # ValueError: the stream was closed under us
        silence_stdout()
        reason = err.strerror if isinstance(err, OSError) and err.strerror else "standard output is closed"
        raise WriteFailed(f"cannot write output: {reason}") from None


def _rows(text: str, kind: str, width: int) -> int:
    """The terminal rows the text takes. Styled text is laid out to the width already (and its
    escape codes take no columns); other text wraps where its lines are longer than the width (a
    character a column: an estimate that errs towards paging for wide characters, which take two)."""
    if kind == STYLED:
        return text.count("\n")
    width = max(1, width)
    return sum(max(1, -(-len(line) // width)) for line in text.split("\n")[:-1]) + (not text.endswith("\n"))


def silence_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _page(text: str) -> bool:
    """Show text in $PAGER (default `less -FRX`, as git does); False if no pager could be run."""
    command = os.environ.get("PAGER", DEFAULT_PAGER)
    if not command.strip() or command.strip() == "cat":
        return False
    import shlex
    import signal
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # keep colours and quit at once when the text fits, as git does
    try:
        argv = shlex.split(command)
        encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
        pager = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
    except (OSError, ValueError):
        return False
    # Ctrl-C reaches the pager too, which handles it; this process must neither die nor kill the
    # pager (that left the terminal without echo): it waits, as git does, until the reader quits.
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: it gets no SIGINT anyway
        previous = None
    try:
        assert pager.stdin is not None
        try:
            pager.stdin.write(text.encode(encoding, "replace"))
            pager.stdin.close()
        except BrokenPipeError:  # the reader quit before reading it all
            pass
        pager.wait()
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    return True


def _to_stderr(text: str) -> None:
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(visible(text) + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass  # nowhere left to say it


def error(message: str) -> None:
    _to_stderr(f"pattern: {message}")


def note(message: str) -> None:
    _to_stderr(message)
