"""Golden files: the exact plain, Markdown and JSON output of the main look-ups.

Layout drift shows up here as a readable diff. After a deliberate change, regenerate with
`PATTERNCLI_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py` and read the diff before
committing it. Rich output is not kept: it moves with Rich's own versions.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import REPO, run

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("PATTERNCLI_UPDATE_GOLDEN") == "1"

LOOKUPS = {
    "show-insecure": ["show", "insecure"],
    "show-insecure-countertransference": ["show", "insecure", "-s", "countertransference"],
    "show-all-transference-bare": ["show", "--all", "-s", "transference", "--bare"],
    "compare-insecure-needy": ["compare", "insecure", "needy"],
    "list": ["list"],
    "search-fear-of-rejection": ["search", "fear of rejection"],
}
FORMATS = {"plain": "txt", "markdown": "md", "json": "json"}
CASES = [(name, fmt) for name in LOOKUPS for fmt in FORMATS]


@pytest.mark.parametrize(("name", "fmt"), CASES, ids=[f"{n}.{f}" for n, f in CASES])
def test_output_matches_its_golden_file(name: str, fmt: str) -> None:
    out = run(*LOOKUPS[name], "--format", fmt).stdout.replace(str(REPO), "REPO")
    golden = GOLDEN / f"{name}.{FORMATS[fmt]}"
    if UPDATE:
        golden.write_text(out, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}: run with PATTERNCLI_UPDATE_GOLDEN=1"
    assert out == golden.read_text(encoding="utf-8")
