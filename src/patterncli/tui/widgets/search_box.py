"""The box at the top: what to search for, or in match mode the trait being described."""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import Input


class SearchBox(Input):
    """An Input that says when Backspace is pressed with nothing left to delete (match mode takes
    the last trait back then)."""

    DEFAULT_CSS = """
    SearchBox {
        border: tall $border-blurred;
        border-title-color: $text-muted;  /* the mode stays readable when the results have focus */
        &:focus {
            border: tall $border;
            border-title-color: $text;
        }
    }
    """

    class EmptyBackspace(Message):
        """Backspace in an empty box."""

    class PastedLines(Message):
        """Text of several lines pasted into the box: clinical notes, a trait a line in match mode."""

        def __init__(self, lines: list[str]) -> None:
            super().__init__()
            self.lines = lines

    def _on_paste(self, event: events.Paste) -> None:
        """A paste of one line goes in the box as Input puts it, its tabs and other control
        characters as spaces; one of several lines is handed to the screen (QA: Input kept the
        first line alone, and dropped the rest without a word)."""
        event.stop()
        event.prevent_default()  # Input's own handler, which Textual calls too, keeps the first line
        lines = [line for line in (pasted_line(raw) for raw in event.text.splitlines()) if line]
        if len(lines) > 1:
            self.post_message(self.PastedLines(lines))
        elif lines:  # review: a paste of blanks over a selection raised IndexError
            self.put(lines[0])

    def put(self, text: str) -> None:
        """Text typed at once: in place of the selection, if any, else at the cursor."""
        if self.selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *self.selection)

    def action_delete_left(self) -> None:
        if not self.value:
            self.post_message(self.EmptyBackspace())
            return
        super().action_delete_left()


def pasted_line(raw: str) -> str:
    """A pasted line as the box holds it: every control character (a tab, an escape) a space, the
    spaces run together."""
    return " ".join("".join(" " if ch.isspace() or not ch.isprintable() else ch for ch in raw).split())
