"""Plain records: the small data classes of the start-up path.

Not dataclasses or typing.NamedTuple: every look-up builds cards and options, and importing
`dataclasses` (which imports `inspect`) or `typing`, then generating the classes, costs more
start-up time than the look-up itself.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from typing import TypeVar

    R = TypeVar("R", bound="Record")


class Record:
    """Compared and hashed by their fields, copied with changes by `replace`.

    A record is never changed after it is made; `replace` makes a new one.
    """

    __slots__ = ()
    _fields: tuple[str, ...] = ()  # every field, in constructor order
    _compared: tuple[str, ...] = ()  # the fields equality and hashing look at (default: all)

    def _key(self) -> tuple[object, ...]:
        return tuple(getattr(self, f) for f in self._compared or self._fields)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and isinstance(other, Record) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        shown = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields)
        return f"{type(self).__name__}({shown})"

    def replace(self: R, **changes: object) -> R:
        values = {f: getattr(self, f) for f in self._fields}
        values.update(changes)
        return type(self)(**values)

    def as_dict(self) -> dict[str, object]:
        return {f: getattr(self, f) for f in self._fields}
