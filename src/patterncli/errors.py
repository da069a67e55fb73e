"""What the core raises, and the exit status each outcome means.

Every error carries its own status, so the one place that reports errors (commands.report) never
has to guess, and the README's table of exit codes is checked against ExitStatus by a test.
"""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """The exit codes scripts can rely on (sysexits.h numbers for the rare ones)."""

    OK = 0  # found; every card valid
    NOT_FOUND = 1  # nothing found: unknown pattern or section, no hit; an invalid card; files in the way
    USAGE = 2  # a bad option or argument, an empty query, comparing a pattern with itself
    INTERNAL = 70  # a bug: reported as "internal error", never as a traceback (EX_SOFTWARE)
    IO_ERROR = 74  # output or a file could not be written: a full disk, a closed stream (EX_IOERR)
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT, as shells report it)


class PatternError(Exception):
    """A problem the user can act on; its message is shown as it is."""

    status = ExitStatus.NOT_FOUND


class NotFound(PatternError):
    """Nothing matched: an unknown pattern, section or search query."""

    status = ExitStatus.NOT_FOUND

    def __init__(self, message: str, suggestions: list[str] | None = None, hint: str = "") -> None:
        self.suggestions = suggestions or []
        self.hint = hint
        super().__init__(message)


class EditorFailed(PatternError):
    """The editor failed and nothing was changed (exit 1, as git aborts on "problem with the editor")."""


class UsageProblem(PatternError):
    """The request itself does not make sense (e.g. comparing a card with itself)."""

    status = ExitStatus.USAGE


class WouldOverwrite(PatternError):
    """Writing would replace files the user already has."""

    status = ExitStatus.NOT_FOUND

    def __init__(self, message: str, paths: list[str], hint: str = "use --force to overwrite") -> None:
        self.paths = paths
        self.hint = hint
        super().__init__(message)


class CardExists(PatternError):
    """A new card would replace or hide a card that exists: the user's own writing is never replaced."""

    status = ExitStatus.NOT_FOUND


class WriteFailed(PatternError):
    """A file or folder could not be written (permissions, a full disk): nothing was lost."""

    status = ExitStatus.IO_ERROR


class Problem:
    """One finding about one card file, shown as `FILE:LINE:COL: message`.

    A plain class rather than a dataclass: it is made on the start-up path, where generating
    a dataclass costs more than the whole lookup.
    """

    __slots__ = ("column", "is_note", "line", "message", "path")

    def __init__(
        self,
        path: str,
        message: str,
        line: int | None = None,  # 1-based, as editors count
        column: int | None = None,
        is_note: bool = False,  # notes (e.g. an override) do not make a card invalid
    ) -> None:
        self.path = path
        self.message = message
        self.line = line
        self.column = column
        self.is_note = is_note

    def _key(self) -> tuple[object, ...]:
        return (self.path, self.message, self.line, self.column, self.is_note)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Problem({str(self)!r})"

    def __str__(self) -> str:
        from .safe_text import visible_path  # here, not at the top: loading cards never shows a problem

        where = visible_path(self.path)  # a file name that is not UTF-8 shows its bytes as \xNN
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {'note: ' if self.is_note else ''}{self.message}"

    def to_data(self) -> dict[str, object]:
        """The problem without its file's path, which whoever keeps it knows (the cache, by entry)."""
        return {"line": self.line, "column": self.column, "message": self.message, "note": self.is_note}

    @classmethod
    def from_data(cls, path: str, data: dict[str, object]) -> Problem:
        line, column = data.get("line"), data.get("column")
        return cls(
            path=path,
            message=str(data["message"]),
            line=line if isinstance(line, int) else None,
            column=column if isinstance(column, int) else None,
            is_note=bool(data.get("note")),
        )


MAX_PROBLEMS_SHOWN = 20  # per file: a generated or mangled file can hold 100,000 problems


def capped(problems: list[Problem]) -> list[Problem]:
    """A file's problems top to bottom, the first MAX_PROBLEMS_SHOWN of them, then one saying how many more."""
    in_order = sorted(problems, key=lambda p: (p.line or 0, p.column or 0))
    if len(in_order) <= MAX_PROBLEMS_SHOWN:
        return in_order
    more = len(in_order) - MAX_PROBLEMS_SHOWN
    return [*in_order[:MAX_PROBLEMS_SHOWN], Problem(in_order[0].path, f"... and {more} more problems")]


class CardFileError(PatternError):
    """A card file that cannot be used; carries every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in capped(problems)))


class CardUnreadable(CardFileError):
    """A card file that could not be read at all (permissions, I/O, not a regular file, gone).

    A matter of the file's surroundings, not of its content: it may pass by the next run, so it is
    never cached, unlike the content problems of its parent class.
    """


def shortened(value: object) -> str:
    """A value as a message shows it: text quoted, anything else as Python writes it; cut short if
    long (text before it is quoted, so the closing quote stays): a pasted page echoed back in an
    error would bury the message."""
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:59] + "\u2026")
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "\u2026"
