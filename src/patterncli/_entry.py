"""The console script `pattern`: Ctrl-C handling first, then everything else.

This module is imported before anything of the program's: it installs the handling of Ctrl-C
and of a failing stdout at once, then imports the rest inside `main`, so that an interrupt at any
moment ends the program quietly with the shell's status 130, never with a traceback.
"""

import atexit
import errno
import io
import os
import signal
import sys


def _leave_quietly(signum: int, frame: object) -> None:
    """Ctrl-C before `main` has set up its own handling: nothing has been printed, so just go."""
    os._exit(130)


signal.signal(signal.SIGINT, _leave_quietly)

INTERNAL_ERROR = 70  # errors.ExitStatus.INTERNAL, written out: errors is not imported yet
IO_ERROR = 74  # errors.ExitStatus.IO_ERROR
INTERRUPTED = 130
# What a failed write of what Typer prints itself (help, the version) raises: a full disk or
# quota, an I/O error, a stream closed under it. Every other output is written by output.write,
# which says so on its own.
_WRITE_ERRORS = frozenset(
    getattr(errno, name) for name in ("EIO", "EBADF", "EFBIG", "ENOSPC", "EDQUOT") if hasattr(errno, name)
)


def main() -> None:
    """Run the command line; every outcome ends in a message and an exit status (SystemExit),
    never a traceback. For a run within a larger program (the tests); the console script is
    `console`."""
    sys.exit(_outcome())


def console() -> None:
    """The console script `pattern`: main, then the process ends as soon as its output is flushed."""
    _end(_outcome())


def _outcome() -> int:
    """Run the command line and return its exit status."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return _run()
    except KeyboardInterrupt:
        return INTERRUPTED
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except OSError as err:
        return _failed_write(err) if err.errno in _WRITE_ERRORS else _internal_error(err)
    except Exception as err:  # noqa: BLE001 - the last line of defence against a traceback
        return _internal_error(err)


def _end(status: int) -> None:
    """Exit with `status`, skipping the interpreter's tear-down when nothing is left to run then.

    On the way out the interpreter frees every object one by one (each module, each cached line
    and index entry), memory the system takes back whole anyway: it took 6 of the 42 ms of a
    bundled `match`, timed side by side. So once the output is flushed the process ends there,
    unless something still has work to do at exit: an exit handler (a coverage run's, say), a
    thread, a profiler or a debugger. A flush that fails leaves it to the interpreter, which
    reports it as it always has."""
    signal.signal(signal.SIGINT, _leave_quietly)  # Ctrl-C while flushing: quiet, as before main
    threading = sys.modules.get("threading")
    others = threading is not None and threading.active_count() > 1
    exit_handlers = getattr(atexit, "_ncallbacks", None)  # CPython's; elsewhere, assume some
    if exit_handlers is not None and not exit_handlers() and not others and not _watched():
        try:
            for stream in (sys.stdout, sys.stderr):
                if stream is not None:
                    stream.flush()
        except (OSError, ValueError):
            pass
        else:
            os._exit(status)
    sys.exit(status)


def _watched() -> bool:
    """Whether a profiler, tracer or debugger is at work, or `python -i`: each has more to do once
    the program is done (its report, its prompt)."""
    return (
        sys.getprofile() is not None
        or sys.gettrace() is not None
        or _monitored()
        or bool(sys.flags.inspect or os.environ.get("PYTHONINSPECT"))
        or "pdb" in sys.modules
    )


def _monitored() -> bool:
    """Whether a tool watches through sys.monitoring (Python 3.12 on), as cProfile then does:
    sys.getprofile() says nothing of it (review)."""
    monitoring = getattr(sys, "monitoring", None)
    if monitoring is None:
        return False
    return any(monitoring.get_tool(tool) is not None for tool in range(6))


def _failed_write(err: OSError) -> int:
    from .output import error, silence_stdout

    silence_stdout()  # so that the interpreter's last flush cannot fail again
    error(f"cannot write output: {err.strerror}")
    return IO_ERROR


def _internal_error(err: Exception) -> int:
    from .output import error

    error(f"internal error: {type(err).__name__}: {err}")
    return INTERNAL_ERROR


class _ClosedStdout(io.TextIOBase):
    """sys.stdout for a run started with it closed (`pattern >&-`), where Python leaves None:
    every write fails as a write to a closed stream does, so that what Typer prints itself (help,
    the version) ends like every other output, in "standard output is closed" and status 74."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def _run() -> int:
    if sys.stdout is None:
        sys.stdout = _ClosedStdout()
    # An ASCII-only terminal gets "?" for what it cannot show, not a crash. (No contextlib: the
    # fast path does not otherwise import it.)
    try:  # noqa: SIM105
        sys.stdout.reconfigure(errors="replace")  # type: ignore[union-attr]
    except (AttributeError, ValueError):
        pass
    from . import fastpath

    completing = fastpath.COMPLETE_VARIABLE in os.environ
    if completing:
        fastpath.join_option_values(os.environ)  # for Typer's completion as well as this path's
    if fastpath.enabled():
        status = fastpath.complete(os.environ) if completing else fastpath.answer(sys.argv[1:])
        if status is not None:
            return status
    from .cli import app  # everything else: Typer, with its help texts and error messages

    app(prog_name="pattern")  # exits by itself with the status of the outcome
    return 0
