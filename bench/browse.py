"""Start-up of `pattern browse`: the time from launch to its first screen, in a real terminal.

`browse` is interactive, so bench/run.py (commands with their output in a pipe) cannot time it.
Here each run starts the installed `pattern browse` on a pseudo-terminal of its own, times how
long it takes until the first screen is drawn (the line under the search box that says how many
patterns there are), then quits it with Ctrl-Q. Runs alternate with `python -c pass`, as in
bench/run.py, and the report gives medians, the ratio of the two, and the target: the first screen
in under a second on the bundled cards.

    .venv/bin/python bench/browse.py [--runs N] [--quick] [--check] [--json FILE]
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import re
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as `python bench/browse.py`, only bench/ is on sys.path
    sys.path.insert(0, str(REPO))

from bench.run import base_env, check_common, config_env, interpreter_warning, progress  # noqa: E402

FIRST_SCREEN = "Type to search"  # on the status line under the box, drawn with the first frame
TARGET_MS = 1000.0
TIMEOUT = 30.0  # seconds; a run that shows nothing by then is reported, never waited on forever
ROWS, COLUMNS = 24, 80
QUIT = b"\x11"  # Ctrl-Q
_ESCAPES = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, help="timed runs (default 15, or 3 with --quick)")
    parser.add_argument("--quick", action="store_true", help="3 runs: proves the measurement works")
    parser.add_argument("--check", action="store_true", help="exit 1 when the target is missed")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also save the results as JSON")
    parser.add_argument("--pattern", type=Path, metavar="PATH", help="the pattern executable to time")
    args = parser.parse_args(argv)
    args.runs = args.runs or (3 if args.quick else 15)
    check_common(parser, args)
    return args


def time_baseline(env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], env=env, check=True)
    return time.perf_counter() - start


def time_first_screen(pattern: Path, env: dict[str, str]) -> float:
    """Seconds from launching `pattern browse` on a fresh terminal to its first screen; it is then
    quit with Ctrl-Q, and must end with status 0."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(pattern), "browse"], stdin=follower, stdout=follower, stderr=follower, env=env, close_fds=True
    )
    os.close(follower)
    try:
        seconds = _wait_for_first_screen(leader, start)
        os.write(leader, QUIT)
        _drain_until_exit(leader, proc)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(leader)
    code = proc.wait(timeout=TIMEOUT)
    if code != 0:
        raise RuntimeError(f"`pattern browse` exited {code} after Ctrl-Q")
    return seconds


def _wait_for_first_screen(leader: int, start: float) -> float:
    seen = b""
    while time.perf_counter() - start < TIMEOUT:
        if select.select([leader], [], [], 0.05)[0]:
            seen += os.read(leader, 65536)
            if FIRST_SCREEN.encode() in _ESCAPES.sub(b"", seen):
                return time.perf_counter() - start
    raise RuntimeError(f"no first screen within {TIMEOUT:.0f} s; it showed:\n{seen[-500:]!r}")


def _drain_until_exit(leader: int, proc: subprocess.Popen[bytes]) -> None:
    """Keep reading, so the app never blocks writing its last frame, until it has exited."""
    end = time.monotonic() + TIMEOUT
    while proc.poll() is None and time.monotonic() < end:
        try:
            if select.select([leader], [], [], 0.05)[0]:
                os.read(leader, 65536)
        except OSError:  # the terminal closed: the app has gone
            break


def measure(args: argparse.Namespace) -> tuple[list[float], list[float]]:
    """Interleaved: a baseline run, then a browse run, round after round."""
    with tempfile.TemporaryDirectory(prefix="patterncli-bench-browse-") as tmp:
        root = Path(tmp)
        env = config_env(base_env(root), root, "bundled", None)
        env.pop("COLUMNS", None)  # the terminal's own size, as a user has it
        env.pop("LINES", None)
        env["TERM"] = "xterm-256color"
        progress("warming up (fills the card cache)")
        time_first_screen(args.pattern, env)
        baseline, browse = [], []
        for n in range(args.runs):
            progress(f"round {n + 1}/{args.runs}")
            baseline.append(time_baseline(env))
            browse.append(time_first_screen(args.pattern, env))
    return baseline, browse


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    warning = interpreter_warning(args.pattern)
    if warning:
        progress(warning)
    baseline, browse = measure(args)
    base_ms, browse_ms = statistics.median(baseline) * 1000, statistics.median(browse) * 1000
    passed = browse_ms <= TARGET_MS
    print(f"\nmedians of {args.runs} runs, {COLUMNS}x{ROWS} terminal, bundled cards\n")
    print(f"python -c pass                  {base_ms:8.1f} ms")
    print(f"browse, launch to first screen  {browse_ms:8.1f} ms  {browse_ms / base_ms:.1f}x python -c pass")
    print(f"\ntarget: first screen in <= {TARGET_MS:.0f} ms: {'pass' if passed else 'FAIL'}")
    if args.json:
        results = {
            "runs": args.runs,
            "baseline_ms": [s * 1000 for s in baseline],
            "first_screen_ms": [s * 1000 for s in browse],
            "median_baseline_ms": base_ms,
            "median_first_screen_ms": browse_ms,
            "target_ms": TARGET_MS,
            "passed": passed,
        }
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 1 if args.check and not passed else 0


if __name__ == "__main__":
    sys.exit(main())
