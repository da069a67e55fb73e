"""Start-up and search benchmark for `pattern`, as ratios to a bare `python -c pass`.

Machines here are shared and noisy, so absolute milliseconds mean little from
one run to the next; the ratio to starting the same interpreter doing nothing
is what the targets are set on. Commands are interleaved round by round so a
burst of noise hits every command alike. See bench/README.md.

    .venv/bin/python bench/run.py [--quick] [--runs N] [--check] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SEARCH_PHRASE = "fear of rejection"
RUN_TIMEOUT = 300.0  # seconds; a hung command is reported, never waited on forever
MAX_PEAK_MB = 60.0
MAX_GROWTH = 2.0  # large-folder time over small-folder time, for search and for match
MAX_EXTREME_SECONDS = 2.0  # the extreme cases below: absolute seconds, not a ratio
TRAITS = ["shy and hesitant", "freezes when asked to present", "sure others will turn her down"]

# Variables of the user's shell that would change what `pattern` does or prints.
_SCRUBBED = (
    "PATTERN_PATH",
    "NO_COLOR",
    "FORCE_COLOR",
    "PAGER",
    "_PATTERN_COMPLETE",
    "COMP_WORDS",
    "COMP_CWORD",
    # Some machines (this project's among them) set this for every process; an installed tool
    # runs from cached bytecode, so without it the benchmark would time recompiling the sources.
    "PYTHONDONTWRITEBYTECODE",
)

# Runs one command as this wrapper's only child and prints its exit code and
# peak RSS. A fresh, small wrapper is needed because RUSAGE_CHILDREN reports
# the largest child the *calling* process ever waited for, and because Linux
# counts the memory a child had before exec: spawned from the runner (which
# holds PyYAML and 2000 cards' worth of garbage) every child would look bigger.
# The wrapper's own ~9 MB is thus a floor: only figures above it are the child's.
_PEAK_WRAPPER = """
import os, resource, sys
out = os.open(os.devnull, os.O_WRONLY)
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, out, 1)])
status = os.waitpid(pid, 0)[1]
print(os.waitstatus_to_exitcode(status), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


@dataclass(frozen=True)
class Command:
    name: str
    argv: list[str]
    extra_env: dict[str, str]  # on top of the isolated base environment; shown in --json
    env: dict[str, str]
    target: float | None = None  # highest passing ratio to the baseline; None: baseline or for information
    key: str = ""  # stable handle for the summary checks


@dataclass
class Outcome:
    command: Command
    samples: list[float] = field(default_factory=list)  # seconds
    exit_code: int = 0
    stderr: str = ""
    stdout_lines: int | None = None
    peak_kb: int | None = None

    @property
    def failed(self) -> bool:
        return self.exit_code != 0

    @property
    def median_ms(self) -> float | None:
        if self.failed or not self.samples:
            return None
        return statistics.median(self.samples) * 1000


@dataclass(frozen=True)
class Check:
    name: str
    value: str
    target: str
    passed: bool


# Setting up ------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="3 runs, 100 and 400 cards: proves the bench works"
    )
    parser.add_argument("--runs", type=int, help="timed runs per command (default 15, or 3 with --quick)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also save the results as JSON")
    parser.add_argument("--pattern", type=Path, metavar="PATH", help="the pattern executable to time")
    parser.add_argument("--hyperfine", action="store_true", help="time with hyperfine if it is installed")
    args = parser.parse_args(argv)
    args.runs = args.runs or (3 if args.quick else 15)
    args.sizes = (100, 400) if args.quick else (500, 2000)
    check_common(parser, args)
    return args


def check_common(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """What every benchmark script checks of its arguments: a number of runs, a `pattern` to time."""
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    args.pattern = args.pattern or Path(sys.executable).parent / "pattern"
    if not os.access(args.pattern, os.X_OK):
        parser.error(f"no pattern executable at {args.pattern} (install the project, or pass --pattern)")


def interpreter_warning(pattern: Path) -> str | None:
    """Ratios only mean something when `pattern` runs on the interpreter the baseline starts."""
    try:
        first = pattern.read_bytes()[:300].split(b"\n", 1)[0].decode()
    except (OSError, UnicodeDecodeError):
        return None
    if not first.startswith("#!"):
        return None
    interpreter = first[2:].strip().split(" ")[0]
    if Path(interpreter).resolve() != Path(sys.executable).resolve():
        return f"warning: {pattern} runs {interpreter}, the baseline runs {sys.executable}"
    return None


def base_env(root: Path) -> dict[str, str]:
    """The user's environment with fresh, empty data and cache folders and a fixed screen size."""
    env = {k: v for k, v in os.environ.items() if k not in _SCRUBBED}
    data = root / "xdg-data"
    data.mkdir()
    env.update(XDG_DATA_HOME=str(data), COLUMNS="100", LINES="40")
    return env


def config_env(base: dict[str, str], root: Path, name: str, cards: Path | None) -> dict[str, str]:
    """One card-path configuration, with a cache of its own.

    The card cache is one file that keeps entries for every folder ever on the
    path, so a shared one would make the bundled-only commands load the
    2000-card entries too and measure the wrong thing.
    """
    cache = root / f"xdg-cache-{name}"
    cache.mkdir()
    env = {**base, "XDG_CACHE_HOME": str(cache)}
    if cards is not None:
        env["PATTERN_PATH"] = str(cards)
    return env


def generate_cards(folder: Path, n: int) -> None:
    # Run as `python bench/run.py`, only bench/ is on sys.path, not the repository.
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from bench.make_cards import make_cards

    make_cards(folder, n)


def build_commands(pattern: Path, envs: dict[str, dict[str, str]], sizes: tuple[int, int]) -> list[Command]:
    """The timed commands; the baseline comes first, since every ratio is taken to it."""
    small, large = sizes
    p = str(pattern)
    show = [p, "show", "insecure", "--section", "countertransference"]
    search = [p, "search", SEARCH_PHRASE]
    completion = {
        "_PATTERN_COMPLETE": "complete_bash",
        "COMP_WORDS": "pattern show insecure -s count",
        "COMP_CWORD": "4",
    }
    commands: list[Command] = []

    def add(key: str, name: str, argv: list[str], config: str, target: float | None, **extra: str) -> None:
        env = {**envs[config], **extra}
        shown = {k: env[k] for k in ("PATTERN_PATH",) if k in env} | extra
        commands.append(Command(name, argv, shown, env, target, key))

    match = [p, "match", *TRAITS]
    add("baseline", "python -c pass", [sys.executable, "-c", "pass"], "bundled", None)
    add("show", "show (plain)", show, "bundled", 3)
    add("rich", "show --format rich", [*show, "--format", "rich"], "bundled", 7.5)
    add("help", "--help", [p, "--help"], "bundled", 8)
    add("complete", "bash completion", [p], "bundled", 3, **completion)
    add(
        "complete-zsh",
        "zsh completion",
        [p],
        "bundled",
        3,
        _PATTERN_COMPLETE="complete_zsh",
        _TYPER_COMPLETE_ARGS="pattern compare insecure ne",
    )
    add("search", "search fear (bundled)", [p, "search", "fear"], "bundled", 3.5)
    add("match", "match, 3 traits (bundled)", match, "bundled", 4)
    add("search-small", f"search '{SEARCH_PHRASE}' ({small} cards)", search, "small", 10)
    add("search-large", f"search '{SEARCH_PHRASE}' ({large} cards)", search, "large", None)
    add("match-small", f"match, 3 traits ({small} cards)", match, "small", None)
    add("match-large", f"match, 3 traits ({large} cards)", match, "large", None)
    # No target: what a user with a large library pays for every `show`.
    add("show-large", f"show (plain, {large} cards)", show, "large", None)
    # Peers, for comparison only (no target): a man page, and tldr clients where installed.
    if shutil.which("man"):
        add("peer-man", "peer: man ls", ["man", "ls"], "bundled", None, MANPAGER="cat", PAGER="cat")
    for client in ("tldr", "tealdeer"):
        found = shutil.which(client)
        if found:
            add(f"peer-{client}", f"peer: {client} ls", [found, "ls"], "bundled", None)
    return commands


@contextmanager
def workspace(sizes: tuple[int, int]) -> Iterator[tuple[Path, dict[str, dict[str, str]]]]:
    """Temporary card folders and per-configuration environments, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="patterncli-bench-") as tmp:
        root = Path(tmp)
        base = base_env(root)
        envs = {"bundled": config_env(base, root, "bundled", None)}
        for label, n in zip(("small", "large"), sizes, strict=True):
            folder = root / f"cards-{n}"
            progress(f"generating {n} cards")
            generate_cards(folder, n)
            envs[label] = config_env(base, root, label, folder)
        yield root, envs


# Running ---------------------------------------------------------------------


def progress(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def run_once(command: Command) -> tuple[float, int, bytes, bytes]:
    """Wall time, exit code, stdout and stderr of one run; stdout is a pipe, so output is plain."""
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            command.argv,
            env=command.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=RUN_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, -1, b"", f"timed out after {RUN_TIMEOUT:.0f} s".encode()
    except OSError as err:
        return time.perf_counter() - start, 127, b"", str(err).encode()
    return time.perf_counter() - start, proc.returncode, proc.stdout, proc.stderr


def warm_caches(pattern: Path, envs: dict[str, dict[str, str]]) -> None:
    """Fill each configuration's card cache: the first run parses every YAML card (seconds for 2000)."""
    for name, env in envs.items():
        progress(f"warming the card cache ({name})")
        _, code, _, err = run_once(Command("list", [str(pattern), "list"], {}, env))
        if code != 0:
            progress(
                f"`pattern list` exited {code} while warming: {err.decode(errors='replace').strip()[:200]}"
            )
        if not any(Path(env["XDG_CACHE_HOME"]).rglob("cards-*")):
            progress(f"no cache file was written for {name}; timings will include parsing cards")


def warm_up(commands: list[Command]) -> list[Outcome]:
    """One untimed run of each command: loads disk caches and finds commands that fail."""
    outcomes = []
    for command in commands:
        _, code, out, err = run_once(command)
        outcome = Outcome(command, exit_code=code, stderr=err.decode(errors="replace").strip())
        # Non-blank lines: an empty answer (say, a completion that offers nothing) shows as 0.
        outcome.stdout_lines = sum(1 for line in out.splitlines() if line.strip())
        if outcome.failed:
            last = outcome.stderr.splitlines()[-1] if outcome.stderr else ""
            progress(f"{command.name}: exit {code}: {last}")
        outcomes.append(outcome)
    return outcomes


def time_rounds(outcomes: list[Outcome], runs: int) -> None:
    """Round-robin: each round runs every command once, so noise is spread across all of them."""
    active = [o for o in outcomes if not o.failed]
    for round_no in range(runs):
        progress(f"round {round_no + 1}/{runs}")
        # Start each round one command later, so no command always follows the same one.
        shift = round_no % len(active) if active else 0
        for outcome in active[shift:] + active[:shift]:
            if outcome.failed:
                continue
            seconds, code, _, err = run_once(outcome.command)
            if code != 0:
                outcome.exit_code, outcome.stderr = code, err.decode(errors="replace").strip()
            outcome.samples.append(seconds)


def time_with_hyperfine(hyperfine: str, outcomes: list[Outcome], runs: int, root: Path) -> None:
    """hyperfine times one command after another: more precise per command, but not interleaved."""
    report = root / "hyperfine.json"
    for outcome in (o for o in outcomes if not o.failed):
        progress(f"hyperfine: {outcome.command.name}")
        argv = [hyperfine, "-N", "--runs", str(runs), "--warmup", "1", "--ignore-failure"]
        argv += ["--style", "none", "--export-json", str(report), shlex.join(outcome.command.argv)]
        subprocess.run(argv, env=outcome.command.env, stdout=subprocess.DEVNULL, check=False)
        try:
            result = json.loads(report.read_text())["results"][0]
        except (OSError, ValueError, KeyError, IndexError):
            outcome.exit_code, outcome.stderr = -1, "hyperfine gave no result"
            continue
        outcome.samples = [float(t) for t in result["times"]]
        bad = [c for c in result.get("exit_codes", []) if c != 0]
        if bad:
            outcome.exit_code = bad[0] if isinstance(bad[0], int) else -1


def measure_peaks(outcomes: list[Outcome]) -> None:
    for outcome in (o for o in outcomes if not o.failed):
        outcome.peak_kb = peak_rss_kb(outcome.command)


def peak_rss_kb(command: Command) -> int | None:
    """Peak resident memory of one run, through a fresh wrapper process (see _PEAK_WRAPPER)."""
    argv = [sys.executable, "-I", "-c", _PEAK_WRAPPER, *command.argv]
    proc = subprocess.run(
        argv, env=command.env, capture_output=True, text=True, timeout=RUN_TIMEOUT, check=False
    )
    try:
        code, maxrss = (int(v) for v in proc.stdout.split())
    except ValueError:
        return None
    if code != 0:
        return None
    # ru_maxrss is in kilobytes on Linux but in bytes on macOS.
    return maxrss // 1024 if sys.platform == "darwin" else maxrss


# Reporting -------------------------------------------------------------------


def ratio(outcome: Outcome, baseline: Outcome) -> float | None:
    ms, base = outcome.median_ms, baseline.median_ms
    return ms / base if ms is not None and base else None


def status(outcome: Outcome, baseline: Outcome) -> str:
    if outcome.failed:
        return f"error (exit {outcome.exit_code})"
    r = ratio(outcome, baseline)
    if outcome.command.target is None or r is None:
        return "-"
    return "pass" if r <= outcome.command.target else "FAIL"


def peak_mb(outcome: Outcome) -> float | None:
    return None if outcome.peak_kb is None else outcome.peak_kb / 1024


def summary_checks(outcomes: list[Outcome], sizes: tuple[int, int]) -> list[Check]:
    """The targets that are not a ratio to the baseline: how search and match grow, and memory."""
    by_key = {o.command.key: o for o in outcomes}
    checks = []
    for name in ("search", "match"):
        small, large = by_key[f"{name}-small"], by_key[f"{name}-large"]
        small_ms, large_ms = small.median_ms, large.median_ms
        growth = large_ms / small_ms if small_ms and large_ms is not None else None
        mb = peak_mb(large)
        checks += [
            Check(
                f"{name} {sizes[1]}/{sizes[0]} cards time",
                "error" if growth is None else f"{growth:.2f}x",
                f"<= {MAX_GROWTH}x",
                growth is not None and growth <= MAX_GROWTH,
            ),
            Check(
                f"{name} peak memory ({sizes[1]} cards)",
                "error" if mb is None else f"{mb:.1f} MB",
                f"<= {MAX_PEAK_MB:.0f} MB",
                mb is not None and mb <= MAX_PEAK_MB,
            ),
        ]
    return checks


# Extremes: hostile sizes that once took minutes; absolute seconds, each run once -------------


def extreme_checks(pattern: Path, base: dict[str, str], root: Path, quick: bool) -> list[Check]:
    """A terminal 10,000 columns wide, and cards of 10,000 sections each compared and shown."""
    sections = 1_000 if quick else 10_000
    folder = root / "huge-cards"
    folder.mkdir()
    for card_id in ("huge-a", "huge-b"):
        (folder / f"{card_id}.json").write_text(json.dumps(huge_card(card_id, sections)), encoding="utf-8")
    env = {**base, "XDG_CACHE_HOME": str(root / "xdg-cache-huge"), "PATTERN_PATH": str(folder)}
    run_once(Command("list", [str(pattern), "list"], {}, env))  # parse the big cards once
    cases = [
        (
            "COLUMNS=10000 compare insecure needy -f rich",
            ["compare", "insecure", "needy", "-f", "rich"],
            {"COLUMNS": "10000"},
        ),
        (f"compare two {sections}-section cards (plain)", ["compare", "huge-a", "huge-b"], {}),
        (f"compare two {sections}-section cards -f rich", ["compare", "huge-a", "huge-b", "-f", "rich"], {}),
        (f"show a {sections}-section card -f rich", ["show", "huge-a", "-f", "rich"], {}),
    ]
    checks = []
    for name, args, extra in cases:
        progress(f"extreme: {name}")
        seconds, code, _, _ = run_once(Command(name, [str(pattern), *args], extra, {**env, **extra}))
        passed = code == 0 and seconds <= MAX_EXTREME_SECONDS
        checks.append(
            Check(
                name,
                f"{seconds:.2f} s" if code == 0 else f"exit {code}",
                f"<= {MAX_EXTREME_SECONDS:g} s",
                passed,
            )
        )
    return checks


def huge_card(card_id: str, sections: int) -> dict[str, Any]:
    """A valid card of `sections` sections, half of its keys shared with the other huge card."""
    offset = 0 if card_id.endswith("a") else sections // 2
    return {
        "id": card_id,
        "name": card_id.replace("-", " ").title(),
        "provenance": {"kind": "written-for-tool", "note": "A card for the benchmark."},
        "sections": [
            {"key": f"s{offset + i}", "title": f"Section {offset + i}", "items": [f"Line {i} of {card_id}"]}
            for i in range(sections)
        ],
    }


def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def table_rows(outcomes: list[Outcome]) -> list[list[str]]:
    baseline = outcomes[0]
    rows = [["command", "median ms", "ratio", "target", "result", "peak MB", "out lines"]]
    for o in outcomes:
        target = "-" if o.command.target is None else f"<= {o.command.target:g}x"
        rows.append(
            [
                o.command.name,
                _fmt(o.median_ms, ".1f"),
                _fmt(ratio(o, baseline), ".2f"),
                target,
                status(o, baseline),
                _fmt(peak_mb(o), ".1f"),
                "-" if o.stdout_lines is None else str(o.stdout_lines),
            ]
        )
    return rows


def print_table(rows: list[list[str]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        # The command name reads best left-aligned, the figures right-aligned.
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        print("  ".join(cells).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def print_report(outcomes: list[Outcome], checks: list[Check], runs: int) -> None:
    print(f"\nmedians of {runs} runs; ratio = median / median of `python -c pass`\n")
    print_table(table_rows(outcomes))
    print()
    for c in checks:
        print(f"{c.name}: {c.value} (target {c.target}) {'pass' if c.passed else 'FAIL'}")
    for o in outcomes:
        if o.failed and o.stderr:
            print(
                f"\n{o.command.name} failed (exit {o.exit_code}):\n  "
                + "\n  ".join(o.stderr.splitlines()[-5:])
            )


def all_passed(outcomes: list[Outcome], checks: list[Check]) -> bool:
    """A command in error cannot have met its target, so it counts as missed."""
    baseline = outcomes[0]
    rows_ok = all(status(o, baseline) == "pass" for o in outcomes if o.command.target is not None)
    return rows_ok and all(c.passed for c in checks)


def results_json(outcomes: list[Outcome], checks: list[Check], args: argparse.Namespace) -> dict[str, Any]:
    baseline = outcomes[0]
    return {
        "machine": {
            "platform": platform.platform(),
            "python": sys.version.split()[0],
            "cpus": os.cpu_count(),
        },
        "runs": args.runs,
        "cards": list(args.sizes),
        "timer": "hyperfine" if args.hyperfine else "round-robin",
        "commands": [
            {
                "name": o.command.name,
                "argv": o.command.argv,
                "env": o.command.extra_env,
                "median_ms": o.median_ms,
                "ratio": ratio(o, baseline),
                "target": o.command.target,
                "result": status(o, baseline),
                "samples_ms": [s * 1000 for s in o.samples],
                "peak_mb": peak_mb(o),
                "exit_code": o.exit_code,
                "stdout_lines": o.stdout_lines,
                "stderr": o.stderr[-2000:],
            }
            for o in outcomes
        ],
        "checks": [vars(c) for c in checks],
        "passed": all_passed(outcomes, checks),
    }


# Main ------------------------------------------------------------------------


def measure(args: argparse.Namespace) -> list[Outcome]:
    with workspace(args.sizes) as (root, envs):
        warm_caches(args.pattern, envs)
        outcomes = warm_up(build_commands(args.pattern, envs, args.sizes))
        hyperfine = shutil.which("hyperfine") if args.hyperfine else None
        if args.hyperfine and not hyperfine:
            progress("hyperfine is not installed; timing round-robin instead")
        args.hyperfine = bool(hyperfine)
        if hyperfine:
            time_with_hyperfine(hyperfine, outcomes, args.runs, root)
        else:
            time_rounds(outcomes, args.runs)
        progress("measuring peak memory")
        measure_peaks(outcomes)
    return outcomes


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    warning = interpreter_warning(args.pattern)
    if warning:
        progress(warning)
    outcomes = measure(args)
    checks = summary_checks(outcomes, args.sizes)
    with tempfile.TemporaryDirectory(prefix="patterncli-bench-huge-") as tmp:
        checks += extreme_checks(args.pattern, base_env(Path(tmp)), Path(tmp), args.quick)
    print_report(outcomes, checks, args.runs)
    if args.json:
        args.json.write_text(
            json.dumps(results_json(outcomes, checks, args), indent=2) + "\n", encoding="utf-8"
        )
    return 1 if args.check and not all_passed(outcomes, checks) else 0


if __name__ == "__main__":
    sys.exit(main())
