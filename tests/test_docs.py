"""The README is part of the product: what it says is checked against the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.main import get_command

from conftest import REPO, run
from patterncli.cli import app
from patterncli.errors import ExitStatus

README = (REPO / "README.md").read_text(encoding="utf-8")
PACKAGE = REPO / "src" / "patterncli"


def section(title: str) -> str:
    """The text of one `## title` section of the README."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.M | re.S)
    assert match, f"README has no section {title!r}"
    return match.group(1)


COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme_and_has_help(name: str) -> None:
    assert re.search(rf"`pattern {re.escape(name)}\b", section("Commands")), f"README lacks `pattern {name}`"
    help_text = run(name, "--help").stdout
    summary = help_text.split("\n\n")[1].strip()
    assert len(summary) > 20, f"`pattern {name} --help` says too little: {summary!r}"


def test_the_exit_code_table_matches_the_exit_statuses() -> None:
    rows = re.findall(r"^\| (\d+) \| (.+?) \|$", section("Commands"), re.M)
    assert sorted(int(code) for code, _ in rows) == sorted(int(s) for s in ExitStatus)


def test_the_readme_example_card_is_a_valid_card(tmp_path: Path) -> None:
    example = re.search(r"### Card format\n.*?```yaml\n(.*?)```", README, re.S)
    assert example, "README has no example card"
    card = tmp_path / "people-pleasing.yaml"
    card.write_text(example.group(1), encoding="utf-8")
    out = run("validate", str(card), expect=0)
    assert "0 invalid" in out.stderr


def test_the_layout_names_every_module() -> None:
    layout = section("Layout")
    modules = [
        path.relative_to(PACKAGE)
        for path in PACKAGE.rglob("*.py")
        if path.name not in {"__init__.py", "__main__.py"} and "__pycache__" not in path.parts
    ]
    # A folder listed as a whole (render/, cli/, ...) names its modules; a top-level module by name.
    missing = [
        str(m)
        for m in modules
        if not (len(m.parts) > 1 and f"{m.parts[0]}/" in layout and m.stem in layout)
        and not (len(m.parts) == 1 and re.search(rf"\b{re.escape(m.name)}\b", layout))
    ]
    assert missing == [], f"README Layout does not name: {missing}"
