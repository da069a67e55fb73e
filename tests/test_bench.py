"""The benchmark still runs end to end (quick mode). It is never a timed test: no figure is checked."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO, clean_env


def test_the_benchmark_runs_every_command_in_quick_mode() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--quick"],
        capture_output=True,
        text=True,
        env=clean_env(),
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    table = done.stdout
    for row in (
        "python -c pass",
        "show (plain)",
        "show --format rich",
        "--help",
        "bash completion",
        "search fear",
        "match, 3 traits",
        "COLUMNS=10000 compare",
        "compare two 1000-section cards",
    ):
        assert row in table
    assert "error" not in table, table


def test_the_browse_start_up_measurement_runs() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "browse.py"), "--runs", "1"],
        capture_output=True,
        text=True,
        env=clean_env(),
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "browse, launch to first screen" in done.stdout
