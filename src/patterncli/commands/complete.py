"""What Tab offers: pattern ids and section keys. One answer for both ways a completion request
is met (the fast path, and Typer's `autocompletion` functions in cli/completion.py).

What is offered begins with exactly what was typed, as the shells' own completion of file names
does: Typer drops any candidate that does not (zsh and fish filter so themselves), so this is the
rule both paths keep without overriding Typer. Ids and keys are lower case: upper case finds none.
"""

from __future__ import annotations

from ..errors import NotFound
from . import load

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..catalog import Catalog, LoadedCard


# The parameters, in every command, whose values are the patterns already on the line: both ways of
# completing read them (the fast path from its tables, Typer's functions from the parsed context).
PATTERN_PARAMETERS = ("patterns", "pattern", "first", "second", "from_pattern")


def pattern_ids(incomplete: str, typed: Iterable[str] = ()) -> list[str]:
    """The ids beginning with what is typed, but not those of the patterns already on the line
    (`typed`): a card is not compared with itself."""
    catalog = load(report_problems=False)
    named = {card.id for card in _cards(catalog, typed)}
    return [i for i in catalog.ids() if i.startswith(incomplete) and i not in named]


def section_keys(typed: Iterable[str], incomplete: str) -> list[str]:
    """The section keys of every pattern already on the line (of every card, if none is)."""
    catalog = load(report_problems=False)
    cards = _cards(catalog, typed) or list(catalog.cards.values())
    keys = dict.fromkeys(section["key"] for card in cards for section in card.data["sections"])
    return [key for key in keys if key.startswith(incomplete)]


def _cards(catalog: Catalog, names: Iterable[str]) -> list[LoadedCard]:
    """The cards the names mean, leaving out names that mean none (yet: a word being typed)."""
    found = []
    for name in names:
        try:
            found.append(catalog.cards[catalog.resolve(name)])
        except NotFound:
            continue
    return found
