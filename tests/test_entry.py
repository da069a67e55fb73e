"""The console entry: every outcome is a message and an exit status, never a traceback."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest
import typer

from conftest import clean_env, installed_pattern
from patterncli import _entry
from patterncli.errors import ExitStatus


def run_main(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> int:
    monkeypatch.setattr("sys.argv", ["pattern", *argv])
    with pytest.raises(SystemExit) as ended:
        _entry.main()
    code = ended.value.code
    assert isinstance(code, int)
    return code


def test_main_exits_0_after_a_lookup(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main(monkeypatch, ["show", "insecure", "-s", "group roles"]) == ExitStatus.OK
    assert "The silent member" in capsys.readouterr().out


def test_a_bug_is_an_internal_error_line_and_70_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("something broke")

    monkeypatch.setattr(typer.Typer, "__call__", broken)
    assert run_main(monkeypatch, ["list"]) == 70
    err = capsys.readouterr().err
    assert err == "pattern: internal error: RuntimeError: something broke\n"


def test_ctrl_c_anywhere_in_main_is_130_and_quiet(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(typer.Typer, "__call__", interrupted)
    assert run_main(monkeypatch, ["list"]) == 130
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("delay_ms", [25, 40, 60, 90, 140])
def test_a_real_ctrl_c_during_start_up_never_prints_a_traceback(tmp_path: Path, delay_ms: int) -> None:
    """SIGINT at moments when the program is still importing, as a quick Ctrl-C after Enter would."""
    env = clean_env(XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_DATA_HOME=str(tmp_path / "data"))
    proc = subprocess.Popen(
        [installed_pattern(), "show", "insecure", "-f", "rich"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    time.sleep(delay_ms / 1000)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert b"Traceback" not in err, err.decode()
    assert proc.returncode in (0, 130)  # 0: it had finished before the signal came


def test_a_full_disk_is_one_line_and_exit_74(tmp_path: Path) -> None:
    env = clean_env(XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_DATA_HOME=str(tmp_path / "data"))
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [installed_pattern(), "list"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            check=False,
        )
    assert done.returncode == 74
    assert done.stderr == "pattern: cannot write output: No space left on device\n"


def test_a_closed_stdout_is_one_line_and_exit_74(tmp_path: Path) -> None:
    env = clean_env(XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_DATA_HOME=str(tmp_path / "data"))
    done = subprocess.run(
        ["bash", "-c", f"'{installed_pattern()}' show insecure >&-"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 74
    assert done.stderr == "pattern: cannot write output: standard output is closed\n"
