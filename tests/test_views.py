"""Every view in every format the dispatch table promises exists and draws something sensible."""

from __future__ import annotations

import json

import pytest

from patterncli.catalog import Catalog
from patterncli.compare import compare
from patterncli.relations import RelationMap, relations
from patterncli.render import SUPPORTED, Format, Options, View, render
from patterncli.resolve import narrow_each
from patterncli.search import group_by_pattern, line_index, search
from patterncli.search.match import match_traits
from patterncli.views import Selection, list_rows


def subject(view: View, catalog: Catalog) -> object:
    """A typical subject of each view, from the bundled cards."""
    insecure, needy = catalog.get("insecure"), catalog.get("needy")
    data = [loaded.data for loaded in catalog.cards.values()]
    if view is View.show:
        return insecure
    if view is View.cards:
        narrowed, lacking = narrow_each(catalog.all_cards(), ["transference"])
        return Selection(tuple(narrowed), tuple(lacking), ("transference",))
    if view is View.card_list:
        return list_rows(catalog)
    if view is View.section_list:
        return insecure
    if view is View.comparison:
        return compare(insecure, needy)
    if view in (View.search_hits, View.pattern_hits):
        hits = search(line_index(data), "fear of rejection")
        return hits if view is View.search_hits else group_by_pattern(hits)
    if view is View.matches:
        return match_traits(data, ["shy and hesitant", "sure others will turn her down"])
    assert view is View.relation_map
    return RelationMap(relations(catalog.all_cards()), {c.id: c.name for c in catalog.all_cards()})


# A piece of text each view must show, whatever the format.
ANY_TEXT_OF = {
    View.show: "Insecure",
    View.cards: "Insecure",
    View.card_list: "insecure",
    View.section_list: "countertransference",
    View.comparison: "Needy",
    View.search_hits: "rejection",
    View.pattern_hits: "rejection",
    View.matches: "Insecure Pattern",
    View.relation_map: "insecure",
}

PAIRS = [(view, kind) for view in View for kind in SUPPORTED[view]]


@pytest.mark.parametrize(("view", "kind"), PAIRS, ids=[f"{v.value}-{k.value}" for v, k in PAIRS])
def test_every_promised_view_and_format_pair_renders(catalog: Catalog, view: View, kind: Format) -> None:
    out = render(view, subject(view, catalog), kind, Options(width=100))
    assert out.strip()
    if kind is Format.json:
        json.loads(out)
    if kind is Format.html:
        assert out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")
    words = ANY_TEXT_OF[view]
    assert words in out, f"{view.value} in {kind.value} lacks {words!r}"


def test_every_view_is_in_the_table() -> None:
    assert set(SUPPORTED) == set(View)
