"""The box at the top: what to search for, or in match mode the trait being described."""

from __future__ import annotations

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

    def action_delete_left(self) -> None:
        if not self.value:
            self.post_message(self.EmptyBackspace())
            return
        super().action_delete_left()
