"""Redraw docs/browse.svg, the README's picture of `pattern browse`: the app runs headless on the
bundled cards, "fear of rejection" is typed, and Textual saves what the screen shows.

    .venv/bin/python docs/screenshot.py
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from patterncli.errors import ExitStatus
from patterncli.tui.app import BrowseApp

HERE = Path(__file__).resolve().parent
SIZE = (120, 32)
QUERY = "fear of rejection"


async def type_query(pilot: Pilot[object]) -> None:
    app = pilot.app
    await pilot.press(*["space" if ch == " " else ch for ch in QUERY])
    await app.workers.wait_for_complete()
    await pilot.press("down")
    for box in app.screen.query(Input):
        box.cursor_blink = False
    await pilot.pause()
    app.save_screenshot("browse.svg", path=str(HERE))
    app.exit(ExitStatus.OK)


def main() -> None:
    with tempfile.TemporaryDirectory() as home:  # the bundled cards only, not the user's own
        os.environ.pop("PATTERN_PATH", None)
        os.environ["XDG_DATA_HOME"] = os.environ["XDG_CACHE_HOME"] = home
        BrowseApp().run(headless=True, size=SIZE, auto_pilot=type_query)
    print(HERE / "browse.svg")


if __name__ == "__main__":
    main()
