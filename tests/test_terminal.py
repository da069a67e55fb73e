"""The installed `pattern` in a real pseudo-terminal and in real pipes."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from conftest import clean_env, colour_codes, installed_pattern, sgr_codes


def run_in_pty(args: list[str], env: dict[str, str], rows: int = 200, cols: int = 100) -> tuple[int, str]:
    """Run the command with a pseudo-terminal as stdin/stdout/stderr; return its exit code and screen text."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    proc = subprocess.Popen(args, stdin=follower, stdout=follower, stderr=follower, env=env, close_fds=True)
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 20)
        if not ready:
            proc.kill()
            raise AssertionError("the command hung")
        try:
            data = os.read(leader, 65536)
        except OSError:  # the terminal closed: the command has ended
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    return proc.wait(timeout=20), b"".join(chunks).decode("utf-8", "replace")


def tty_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return clean_env(
        TERM="xterm-256color",
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        **extra,
    )


def test_colour_on_a_terminal(tmp_path: Path) -> None:
    code, screen = run_in_pty(
        [installed_pattern(), "show", "insecure", "-s", "countertransference"], tty_env(tmp_path)
    )
    assert code == 0
    assert colour_codes(screen)
    assert "Overly involved in reassuring client" in screen


def test_no_colour_when_piped(tmp_path: Path) -> None:
    done = subprocess.run(
        [installed_pattern(), "show", "insecure", "-s", "countertransference"],
        capture_output=True,
        text=True,
        env=tty_env(tmp_path),
        check=False,
    )
    assert done.returncode == 0
    assert sgr_codes(done.stdout) == set()
    assert "Overly involved in reassuring client" in done.stdout


def test_force_color_styles_output_into_a_pipe(tmp_path: Path) -> None:
    """QA: `FORCE_COLOR=1 pattern show insecure | less -R` came out plain."""
    done = subprocess.run(
        [installed_pattern(), "show", "insecure", "-s", "countertransference"],
        capture_output=True,
        text=True,
        env=tty_env(tmp_path, FORCE_COLOR="1"),
        check=False,
    )
    assert done.returncode == 0 and colour_codes(done.stdout)


def test_a_terminal_of_unknown_size_is_taken_as_80_columns(tmp_path: Path) -> None:
    """QA: a pseudo-terminal reporting 0x0 (`script` without a size) got every line cut at 20
    columns, and a height of 1 sent every output to the pager."""
    env = tty_env(tmp_path, PAGER="cat")
    code, screen = run_in_pty(
        [installed_pattern(), "show", "insecure", "-s", "transference", "--bare"], env, rows=0, cols=0
    )
    assert code == 0
    assert "fears being judged and rejected by the therapist" in " ".join(screen.split())
    assert max(len(line) for line in screen.splitlines()) > 40


def test_no_color_on_a_terminal_drops_colour(tmp_path: Path) -> None:
    code, screen = run_in_pty(
        [installed_pattern(), "show", "insecure", "-s", "self"], tty_env(tmp_path, NO_COLOR="1")
    )
    assert code == 0
    assert "Self:" in screen
    assert 1 in sgr_codes(screen)  # still bold: NO_COLOR removes colour, not emphasis
    assert colour_codes(screen) == set()


def pager_script(tmp_path: Path) -> tuple[str, Path]:
    """A stand-in pager that keeps what it is given, so the test can see whether paging happened."""
    caught = tmp_path / "paged.txt"
    script = tmp_path / "pager.py"
    script.write_text(f"import sys\nopen({str(caught)!r}, 'wb').write(sys.stdin.buffer.read())\n")
    return f"{sys.executable} {script}", caught


def test_long_output_goes_through_the_pager_on_a_terminal(tmp_path: Path) -> None:
    pager, caught = pager_script(tmp_path)
    code, _ = run_in_pty([installed_pattern(), "show", "insecure"], tty_env(tmp_path, PAGER=pager), rows=24)
    assert code == 0
    assert "The silent member" in caught.read_text(encoding="utf-8")


def test_no_pager_and_short_output_print_directly(tmp_path: Path) -> None:
    pager, caught = pager_script(tmp_path)
    env = tty_env(tmp_path, PAGER=pager)
    code, screen = run_in_pty([installed_pattern(), "show", "insecure", "--no-pager"], env, rows=24)
    assert code == 0 and "The silent member" in screen and not caught.exists()
    code, screen = run_in_pty([installed_pattern(), "show", "insecure", "-s", "group roles"], env, rows=24)
    assert code == 0 and "The silent member" in screen and not caught.exists()


def test_output_whose_wrapped_lines_overflow_the_screen_is_paged(tmp_path: Path) -> None:
    """Ten hits are ten lines, but on 80 columns they take more rows than 24: the best hit would
    scroll away unseen."""
    pager, caught = pager_script(tmp_path)
    env = tty_env(tmp_path, PAGER=pager)
    args = [installed_pattern(), "search", "fear of rejection", "-f", "plain"]
    code, _ = run_in_pty(args, env, rows=24, cols=80)
    assert code == 0 and caught.read_text(encoding="utf-8").count("\n") < 24
    caught.unlink()
    code, screen = run_in_pty(args, env, rows=24, cols=400)  # wide enough to fit: printed directly
    assert code == 0 and "insecure" in screen and not caught.exists()


@pytest.mark.parametrize(("command", "seen"), [(["map"], "insecure"), (["schema"], '"$schema"')])
def test_every_paged_command_takes_no_pager(tmp_path: Path, command: list[str], seen: str) -> None:
    pager, caught = pager_script(tmp_path)
    env = tty_env(tmp_path, PAGER=pager)
    code, _ = run_in_pty([installed_pattern(), *command], env, rows=10)
    assert code == 0 and seen in caught.read_text(encoding="utf-8")  # long enough to be paged
    caught.unlink()
    code, screen = run_in_pty([installed_pattern(), *command, "--no-pager"], env, rows=10)
    assert code == 0 and seen in screen and not caught.exists()


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            "bash",
            "-c",
            f"'{installed_pattern()}' show insecure | head -n 1; echo \"status=${{PIPESTATUS[0]}}\"",
        ],
        capture_output=True,
        text=True,
        env=tty_env(tmp_path),
        check=False,
    )
    assert done.stdout == "Insecure Pattern (insecure)\nstatus=0\n"
    assert done.stderr == ""


def test_ctrl_c_in_the_pager_is_the_pagers_to_handle(tmp_path: Path) -> None:
    """Ctrl-C goes to the whole foreground group: `pattern` must not die of it and kill the pager
    (less then never gives the terminal its echo back); the pager handles it and goes on."""
    marker = tmp_path / "pager-went-on"
    pager = tmp_path / "pager.py"
    pager.write_text(
        "import os, pathlib, signal, sys, time\n"
        "signal.signal(signal.SIGINT, lambda *_: None)\n"
        "os.killpg(os.getpgrp(), signal.SIGINT)  # the user presses Ctrl-C\n"
        "time.sleep(0.3)\n"
        f"pathlib.Path({str(marker)!r}).write_text(str(len(sys.stdin.buffer.read())))\n",
        encoding="utf-8",
    )
    env = tty_env(tmp_path, PAGER=f"{sys.executable} {pager}")
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 10, 80, 0, 0))
    proc = subprocess.Popen(  # a group of its own, as a shell's foreground job
        [installed_pattern(), "show", "insecure"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        close_fds=True,
        start_new_session=True,
    )
    os.close(follower)
    try:
        while select.select([leader], [], [], 20)[0] and os.read(leader, 65536):
            pass
    except OSError:  # the terminal closed: the command has ended
        pass
    os.close(leader)
    assert proc.wait(timeout=20) == 0
    assert int(marker.read_text(encoding="utf-8")) > 1000  # the pager lived on and read it all


def test_a_risk_is_said_once_on_a_terminal_and_on_stderr_when_piped(tmp_path: Path) -> None:
    """QA: on a terminal the warning came twice in a row, stderr's note over the output's first line.
    Piped to a file, the output carries it where nobody is looking, so stderr says it too."""
    args = [installed_pattern(), "match", "withdrawn", "wants to kill herself", "--no-pager"]
    code, screen = run_in_pty(args, tty_env(tmp_path))
    assert code == 0
    assert screen.count("speaks of a risk") == 1
    piped = subprocess.run(args, capture_output=True, text=True, env=tty_env(tmp_path), check=False)
    assert "speaks of a risk" in piped.stdout and "speaks of a risk" in piped.stderr
