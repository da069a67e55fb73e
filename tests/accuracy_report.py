"""How well `match` does on the labelled vignettes, as the README and the closing notes quote it.

    .venv/bin/python tests/accuracy_report.py [--last N]

Prints, for observations and for `--felt`: the held-out vignettes' top-1 and top-3; each tuned
vignette matched with its own notes taken out of the thesaurus's examples (leave-one-out: the
tuned vignettes are the examples, so matched as they are they would find themselves); and with
`--last N`, the last N vignettes of each file alone (the latest batch). Not a test: the floors in
test_match.py guard the figures; this only reports them. Misses are not listed, so that running
it shows nothing of the held-out vignettes but the figures.
"""

from __future__ import annotations

import argparse
import copy
from pathlib import Path
from typing import Any

import yaml

from patterncli.catalog import load_catalog
from patterncli.resolve import normalize
from patterncli.search.match import match_traits
from patterncli.search.thesaurus import Thesaurus, load_thesaurus

TESTS = Path(__file__).parent
SETS = (("match_vignettes.yaml", "traits", False), ("felt_vignettes.yaml", "felt", True))


def rank(
    cards: list[dict[str, Any]], item: dict[str, Any], key: str, felt: bool, thesaurus: Thesaurus | None
) -> int | None:
    found = [
        m.pattern for m in match_traits(cards, item[key], felt=felt, limit=0, thesaurus=thesaurus).matches
    ]
    return found.index(item["pattern"]) if item["pattern"] in found else None


def figures(ranks: list[int | None]) -> str:
    n = len(ranks)
    top1 = sum(r == 0 for r in ranks) / n
    top3 = sum(r is not None and r < 3 for r in ranks) / n
    return f"top-1 {top1:.1%}, top-3 {top3:.1%} (n={n})"


def without_own_notes(bundled: Thesaurus, traits: list[str]) -> Thesaurus:
    """The thesaurus with a vignette's own traits taken out of its examples."""
    left_out = {normalize(t) for t in traits}
    reduced = copy.copy(bundled)
    reduced.examples = {
        kind: {card: [p for p in found if normalize(p) not in left_out] for card, found in by_card.items()}
        for kind, by_card in bundled.examples.items()
    }
    reduced._book = None  # built again from the reduced examples
    return reduced


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--last", type=int, default=0, help="also report the last N vignettes of each file")
    args = parser.parse_args()
    cards = [loaded.data for loaded in load_catalog(cache_dir=None).cards.values()]
    bundled = load_thesaurus(cache_dir=None)
    for name, key, felt in SETS:
        items = yaml.safe_load((TESTS / name).read_text(encoding="utf-8"))
        held = [rank(cards, i, key, felt, bundled) for i in items if i.get("held_out")]
        tuned = [
            rank(cards, i, key, felt, without_own_notes(bundled, i[key]))
            for i in items
            if not i.get("held_out")
        ]
        print(f"{name}: held out {figures(held)}; tuned, leave-one-out {figures(tuned)}")
        if args.last:
            last = [rank(cards, i, key, felt, bundled) for i in items[-args.last :]]
            print(f"{name}: the last {args.last} {figures(last)}")


if __name__ == "__main__":
    main()
