"""BrowseApp: the search screen first (or the reader, for `pattern browse PATTERN`), and the keys
that work on every screen."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from ..errors import ExitStatus
from .library import load_library
from .screens.help import HelpScreen
from .screens.reader import ReaderScreen
from .screens.search import SearchScreen


class BrowseApp(App[ExitStatus]):
    CSS_PATH = "app.tcss"
    TITLE = "pattern browse"
    ENABLE_COMMAND_PALETTE = False  # Ctrl+P would open Textual's own commands, not the cards'
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        # Textual's Ctrl+C only says how to quit; a terminal user expects it to quit.
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
        Binding("q", "quit", "Quit", show=False),  # a letter: the box types it, elsewhere it quits
        Binding("f1", "keys", "Keys"),
        Binding("question_mark", "keys", "Keys", show=False),
    ]

    def __init__(self, pattern: str | None = None) -> None:
        """pattern: a card's id, to open in the reader (the command resolved the name)."""
        super().__init__()
        self.pattern = pattern
        self.bug: Exception | None = None  # the first unexpected error, for `pattern` to report

    # Textual prints a traceback, locals and all, for an error nothing handled. Every other command
    # reports a bug in one line with status 70 (the console entry does it); so does browse: the
    # app only leaves the screen, and `commands.browse` raises the error again once it has.
    def _handle_exception(self, error: Exception) -> None:
        self.bug = self.bug or error
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        self._close_messages_no_wait()

    def on_mount(self) -> None:
        library = load_library()
        self.push_screen(SearchScreen(library))
        if self.pattern is not None:
            self.push_screen(ReaderScreen(library, library.card(self.pattern)))

    async def action_quit(self) -> None:
        self.exit(ExitStatus.OK)

    def action_keys(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
