"""What the core raises. Only the CLI decides which exit code each one means."""

from __future__ import annotations

from dataclasses import dataclass


class PatternError(Exception):
    """A problem the user can act on; its message is shown as it is."""


class NotFound(PatternError):
    """Nothing matched: an unknown pattern, section or search query."""

    def __init__(self, message: str, suggestions: list[str] | None = None, hint: str = "") -> None:
        self.suggestions = suggestions or []
        self.hint = hint
        super().__init__(message)


class UsageProblem(PatternError):
    """The request itself does not make sense (e.g. comparing a card with itself)."""


class WouldOverwrite(PatternError):
    """Writing would replace files the user already has."""

    def __init__(self, message: str, paths: list[str]) -> None:
        self.paths = paths
        super().__init__(message)


@dataclass(frozen=True)
class Problem:
    """One finding about one card file, shown as `FILE:LINE:COL: message`."""

    path: str
    message: str
    line: int | None = None  # 1-based, as editors count
    column: int | None = None
    is_note: bool = False  # notes (e.g. an override) do not make a card invalid

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {'note: ' if self.is_note else ''}{self.message}"

    def to_data(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "note": self.is_note,
        }

    @classmethod
    def from_data(cls, data: dict[str, object]) -> Problem:
        line, column = data.get("line"), data.get("column")
        return cls(
            path=str(data["path"]),
            message=str(data["message"]),
            line=line if isinstance(line, int) else None,
            column=column if isinstance(column, int) else None,
            is_note=bool(data.get("note")),
        )


class CardFileError(PatternError):
    """A card file that cannot be used; carries every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
