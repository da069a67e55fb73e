"""Looking cards up: show, list, sections, compare, map."""

from __future__ import annotations

from ..errors import UsageProblem
from ..render import Format, View, check_supported
from . import emit, find_card, load, nothing_found

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..catalog import Catalog
    from ..model import Card
    from ..output import Terminal


def show(
    terminal: Terminal,
    patterns: Sequence[str],
    sections: Sequence[str] = (),
    fmt: Format | None = None,
    no_pager: bool = False,
    bare: bool = False,
    every: bool = False,
) -> None:
    """One card, or only the sections asked for; several cards (or --all) each cut down on its own."""
    view = View.show if len(patterns) == 1 and not every else View.cards
    if fmt is not None:
        check_supported(view, fmt)
    if every and patterns:
        raise UsageProblem("--all shows every card: leave out the pattern names, or leave out --all")
    if not every and not patterns:
        raise UsageProblem("name a pattern to show (see `pattern list`), or use --all for every card")
    catalog = load()
    if view is View.show:
        from ..resolve import narrow

        card = find_card(catalog, patterns[0])
        emit(view, narrow(card, sections) if sections else card, fmt, terminal, no_pager, bare)
        return
    from ..views import Selection

    chosen = catalog.all_cards() if every else unique(_cards_named(catalog, patterns))
    if not sections:
        emit(view, Selection(tuple(chosen)), fmt, terminal, no_pager, bare)
        return
    from ..resolve import narrow_each

    narrowed, lacking = narrow_each(chosen, sections)
    selection = Selection(tuple(narrowed), tuple(lacking), tuple(sections))
    if lacking and fmt is Format.json:
        # JSON is an array of cards: which cards lack the section is said beside it, as the
        # other formats say it under the cards.
        from ..output import note

        note(selection.lacking_note())
    emit(view, selection, fmt, terminal, no_pager, bare)


def _cards_named(catalog: Catalog, patterns: Sequence[str]) -> list[Card]:
    """The cards `show` was given; a name that is no card but a section of the first one is said to
    want -s ("show insecure countertransference" said only "no pattern called ...")."""
    from ..errors import NotFound
    from ..resolve import narrow

    first = find_card(catalog, patterns[0])
    cards = [first]
    for name in patterns[1:]:
        try:
            cards.append(find_card(catalog, name))
        except NotFound as err:
            if err.suggestions:  # a typo of a pattern's name ("need" for needy): did-you-mean says it
                raise
            try:
                narrow(first, [name])
            except NotFound:
                raise err from None
            raise NotFound(f"{err} ({name!r} is a section of {first.id}: add -s before it)") from None
    return cards


def unique(cards: list[Card]) -> list[Card]:
    """The cards once each, in the order named (`show insecure insecurity` names one card twice)."""
    return list({card.id: card for card in cards}.values())  # a dict keeps each id where first named


def list_cards(terminal: Terminal, fmt: Format | None = None, no_pager: bool = False) -> None:
    """Every card: id, name, what it is, a one-line summary, and where it comes from."""
    if fmt is not None:
        check_supported(View.card_list, fmt)
    from ..views import list_rows

    emit(View.card_list, list_rows(load()), fmt, terminal, no_pager)


def sections(terminal: Terminal, pattern: str, fmt: Format | None = None, no_pager: bool = False) -> None:
    """A card's section keys and titles, in order, grouped."""
    if fmt is not None:
        check_supported(View.section_list, fmt)
    emit(View.section_list, find_card(load(), pattern), fmt, terminal, no_pager)


def compare(
    terminal: Terminal,
    first: str,
    second: str,
    sections: Sequence[str] = (),
    fmt: Format | None = None,
    no_pager: bool = False,
    bare: bool = False,
) -> None:
    """Two patterns side by side, after the lines that tell them apart."""
    if fmt is not None:
        check_supported(View.comparison, fmt)
    from ..compare import compare as compare_cards

    catalog = load()
    result = compare_cards(find_card(catalog, first), find_card(catalog, second), sections)
    emit(View.comparison, result, fmt, terminal, no_pager, bare)


def relation_map(
    terminal: Terminal, pattern: str | None = None, fmt: Format | None = None, no_pager: bool = False
) -> None:
    """The relations between cards: contrasts, combinations, patterns they mention."""
    if fmt is not None:
        check_supported(View.relation_map, fmt)
    from ..relations import RelationMap, relations

    catalog = load()
    root = find_card(catalog, pattern).id if pattern is not None else None
    found = relations(catalog.all_cards(), around=root)
    if not found:
        why = (
            f"the {catalog.get(root).name} card names no other pattern, and no card names it"
            if root is not None
            else "no card on the path names another pattern"
        )
        raise nothing_found(f"no relations to draw: {why}", fmt, terminal)
    names = {c.id: c.name for c in catalog.cards.values()}
    emit(View.relation_map, RelationMap(found, names, root), fmt, terminal, no_pager)
