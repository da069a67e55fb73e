"""`?`: every key of the app, where it works and what it does."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

# (where, keys, what they do). The README's table of keys is checked against this one.
KEYS: tuple[tuple[str, str, str], ...] = (
    ("anywhere", "Ctrl+Q, Ctrl+C", "quit"),
    ("anywhere", "q", "quit, where nothing is being typed"),
    ("anywhere", "?, F1", "these keys (? where nothing is being typed)"),
    ("search box", "typing", "the results follow every key: lines, section titles, pattern names"),
    ("search box", "Enter", "open the selected result in the reader"),
    ("search box", "Down", "into the results"),
    ("search box", "Escape", "clear the box; in match mode, an empty box goes back to search"),
    ("results", "Up, Down, PgUp, PgDn", "move through the results; Up on the first goes back to the box"),
    ("results", "Enter, click", "open the card in the reader, at the section previewed"),
    ("results", "Escape, /", "back to the search box"),
    ("search box, results", "Tab, Shift+Tab", "preview the next or previous section of that card"),
    ("results, reader", "c", "compare the pattern with another: type its name, then Enter"),
    ("results", "m", "match mode and back: each line typed is a trait, the results are patterns"),
    ("match mode", "Enter", "add the trait typed; with the box empty, open the selected pattern"),
    ("match mode", "Backspace", "in the empty box, take the last trait back"),
    ("match mode, results", "f", "the traits are your own reactions (`pattern match --felt`), and back"),
    ("reader", "Tab, Shift+Tab", "next or previous section"),
    ("reader, comparison", "Up, Down, PgUp, PgDn", "scroll (the mouse wheel too)"),
    ("reader, comparison", "Escape", "back to where you came from"),
    ("compare prompt", "Right, Enter, Escape", "take the suggested name, compare, cancel"),
)


def keys_table() -> Table:
    table = Table(box=None, padding=(0, 2, 0, 0), show_header=True, header_style="bold")
    table.add_column("where", style="dim", no_wrap=True)
    table.add_column("keys", style="bold cyan", no_wrap=True)
    table.add_column("what they do")
    for where, keys, what in KEYS:
        table.add_row(Text(where), Text(keys), Text(what))
    return table


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("question_mark,f1", "close", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="keys"):
            yield Static(keys_table())

    def on_mount(self) -> None:
        keys = self.query_one("#keys")
        keys.border_title = "Keys"
        keys.border_subtitle = "Escape closes"
        keys.focus()

    def action_close(self) -> None:
        self.dismiss(None)
