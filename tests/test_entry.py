"""The console entry: every outcome is a message and an exit status, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
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


INTERRUPT_ON_IMPORT = """
import os, signal, sys

class InterruptOnImport:
    \"\"\"Presses Ctrl-C (sends SIGINT to this process) as the named module starts to import.\"\"\"

    def find_spec(self, name, path=None, target=None):
        if name == os.environ["INTERRUPT_AT"]:
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, InterruptOnImport())
"""


@pytest.mark.parametrize(
    ("args", "module"),
    [
        (["show", "insecure"], "patterncli.fastpath"),
        (["show", "insecure"], "patterncli.catalog"),
        (["show", "insecure"], "patterncli.render.plain"),
        (["list"], "patterncli.cli"),
        (["show", "insecure", "-f", "rich"], "rich.console"),
        (["search", "fear"], "patterncli.search"),
        (["--help"], "typer"),
    ],
)
def test_ctrl_c_while_the_program_is_still_importing_is_quiet(
    tmp_path: Path, args: list[str], module: str
) -> None:
    """Ctrl-C in the first moments, while modules are still loading: deterministic, by an import hook
    (a timed signal would land in the interpreter's own start-up, before any code of ours, on a slow day)."""
    (tmp_path / "sitecustomize.py").write_text(INTERRUPT_ON_IMPORT, encoding="utf-8")
    env = clean_env(
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        PYTHONPATH=str(tmp_path),
        INTERRUPT_AT=module,
    )
    done = subprocess.run([installed_pattern(), *args], capture_output=True, text=True, env=env, check=False)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 130
    assert done.stdout == ""


@pytest.mark.parametrize("args", [["list"], ["--help"], ["show", "--help"], ["--version"], []])
def test_a_full_disk_is_one_line_and_exit_74(tmp_path: Path, args: list[str]) -> None:
    """Help and the version are printed by Typer itself, and are no exception."""
    env = clean_env(XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_DATA_HOME=str(tmp_path / "data"))
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [installed_pattern(), *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            check=False,
        )
    assert done.returncode == 74
    assert done.stderr == "pattern: cannot write output: No space left on device\n"


@pytest.mark.parametrize("args", ["show insecure", "--version", "--help", "", "show --help"])
def test_a_closed_stdout_is_one_line_and_exit_74(tmp_path: Path, args: str) -> None:
    """Also for what Typer prints itself (the version, help), which had ended in an internal error."""
    env = clean_env(XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_DATA_HOME=str(tmp_path / "data"))
    done = subprocess.run(
        ["bash", "-c", f"'{installed_pattern()}' {args} >&-"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 74
    assert done.stderr == "pattern: cannot write output: standard output is closed\n"


# A module that is torn down with the interpreter, and says so: run before the program through
# sitecustomize. An exit handler, when EXIT_HANDLER is set, says so too.
SAYS_WHEN_TORN_DOWN = """
import atexit, os, sys

class SaysWhenTornDown:
    def __del__(self):
        sys.stderr.write("torn down\\n")

witness = SaysWhenTornDown()
if os.environ.get("EXIT_HANDLER"):
    atexit.register(lambda: sys.stderr.write("exit handler ran\\n"))
"""


def run_with_witness(tmp_path: Path, args: list[str], **extra: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "sitecustomize.py").write_text(SAYS_WHEN_TORN_DOWN, encoding="utf-8")
    env = clean_env(
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        PYTHONPATH=str(tmp_path),
        **extra,
    )
    return subprocess.run([installed_pattern(), *args], capture_output=True, text=True, env=env, check=False)


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["show", "--all", "-f", "json"], ExitStatus.OK),  # the fast path, a long output
        (["list", "-f", "json"], ExitStatus.OK),  # Typer's path
        (["search", "zzqx"], ExitStatus.NOT_FOUND),
        (["match", " "], ExitStatus.USAGE),
    ],
)
def test_the_program_ends_without_the_interpreters_tear_down_its_output_whole(
    tmp_path: Path, args: list[str], status: int
) -> None:
    """Freeing every object on the way out cost a look-up about a sixth of its time; the output
    and the exit status must not suffer for skipping it."""
    done = run_with_witness(tmp_path, args)
    assert done.returncode == status, done.stderr
    assert "torn down" not in done.stderr
    if status == ExitStatus.OK:
        assert json.loads(done.stdout)  # all of it, to the last bracket
    else:
        assert done.stdout == ""
        assert done.stderr.startswith(("pattern: nothing matches 'zzqx'", "pattern: no trait to match")), (
            done.stderr
        )


def test_an_exit_handler_still_runs_and_the_interpreter_tears_down_as_usual(tmp_path: Path) -> None:
    """A coverage run or a library may leave work for the way out: then the process is not cut short."""
    done = run_with_witness(tmp_path, ["show", "insecure", "-s", "group roles"], EXIT_HANDLER="1")
    assert done.returncode == ExitStatus.OK
    assert "The silent member" in done.stdout
    assert "exit handler ran" in done.stderr
    assert "torn down" in done.stderr


def test_a_profiler_still_gets_its_report_and_python_i_its_prompt(tmp_path: Path) -> None:
    """Review: ended at once, the program left cProfile no time to write its report, and `python
    -i` no prompt."""
    env = clean_env(XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_DATA_HOME=str(tmp_path / "data"))
    report = tmp_path / "profile.out"
    profiled = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(report), "-m", "patterncli", "show", "insecure"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert profiled.returncode == ExitStatus.OK, profiled.stderr
    assert report.stat().st_size > 0
    prompted = subprocess.run(
        [sys.executable, "-i", "-m", "patterncli", "--version"],
        input="print('after the run')\n",
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert "after the run" in prompted.stdout
