"""The search index kept in the card cache answers exactly as a search of the cards in memory.

`search` and `match` read each card folder's stored index (search/store.py) instead of every
card; these tests hold the two ways together, to the score and the highlighted words, over the
labelled query sets, and check that a damaged or missing index costs only speed.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import card_text, run, write_card
from patterncli.cardcache import CACHE_MAGIC, unpack
from patterncli.catalog import Catalog, load_catalog
from patterncli.search import line_index, search
from patterncli.search.match import match_lines, match_traits
from patterncli.search.store import ABOUT_ITSELF, EVERY_ROW, FELT, StoreDamaged, stored_lines

TESTS = Path(__file__).parent
BUNDLED = TESTS.parent / "data"


def labelled(name: str) -> list[dict[str, Any]]:
    items = yaml.safe_load((TESTS / name).read_text(encoding="utf-8"))
    assert isinstance(items, list)
    return items


QUERIES = sorted(
    {item["query"] for name in ("search_queries.yaml", "paraphrase_queries.yaml") for item in labelled(name)}
    | {"fear of rejection", "reasurance", "countertransferance reassuring", "can't say no", "xqzvwk"}
)
OBSERVED = [item["traits"] for item in labelled("match_vignettes.yaml")]
FELT_TRAITS = [item["felt"] for item in labelled("felt_vignettes.yaml")]


def shown(hits: list[Any]) -> list[tuple[Any, ...]]:
    return [(h.line, h.score, h.spans, h.stand_ins) for h in hits]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The bundled cards and a folder of cards of one's own, one overriding a bundled card, read
    through a cache that was written (so its index is stored) and then read back."""
    home = tmp_path_factory.mktemp("store")
    own = home / "own"
    own.mkdir()
    needy = yaml.safe_load((BUNDLED / "needy.yaml").read_text(encoding="utf-8"))
    needy["name"] = "Needy Pattern, my version"
    needy["sections"][0]["items"].append("Asks for reassurance before every decision, however small")
    (own / "needy.yaml").write_text(yaml.safe_dump(needy), encoding="utf-8")
    write_card(own, "mine.yaml", card_text())
    folders = [*_folders(own)]
    load_catalog(folders, cache_dir=home / "cache")  # writes the caches and their indexes
    return load_catalog(folders, cache_dir=home / "cache")


def _folders(own: Path) -> list[Any]:
    from patterncli.catalog import CardFolder

    return [CardFolder(own, "PATTERN_PATH"), CardFolder(BUNDLED, "bundled")]


def in_memory(catalog: Catalog) -> list[dict[str, Any]]:
    return [loaded.data for loaded in catalog.cards.values()]


def test_the_library_overrides_a_bundled_card(library: Catalog) -> None:
    assert library.cards["needy"].name == "Needy Pattern, my version"
    assert len(library.overridden) == 1


@pytest.mark.parametrize("query", QUERIES)
def test_a_search_through_the_stored_index_finds_what_one_in_memory_finds(
    library: Catalog, query: str
) -> None:
    stored = stored_lines(library)
    assert stored is not None
    assert len(stored) == len(line_index(in_memory(library)))
    assert shown(search(stored, query, 0)) == shown(search(line_index(in_memory(library)), query, 0))


def test_the_hidden_card_is_never_found_and_ones_own_is(library: Catalog) -> None:
    stored = stored_lines(library)
    assert stored is not None
    hits = search(stored, "reassurance before every decision", 0)
    assert hits[0].line.pattern_name == "Needy Pattern, my version"
    assert all(h.line.pattern_name != "Needy Pattern" for h in search(stored, "needy", 0))


@pytest.mark.parametrize("felt", [False, True])
def test_match_through_the_stored_index_ranks_as_match_in_memory(library: Catalog, felt: bool) -> None:
    stored = stored_lines(library, FELT if felt else ABOUT_ITSELF)
    assert stored is not None
    names = {card_id: library.cards[card_id].name for card_id in stored.card_ids()}
    for traits in FELT_TRAITS if felt else OBSERVED:
        assert match_lines(stored, names, traits, felt=felt, limit=0) == match_traits(
            in_memory(library), traits, felt=felt, limit=0
        )


def test_match_of_chosen_patterns_through_the_stored_index(library: Catalog) -> None:
    chosen = ["needy", "codependent"]
    stored = stored_lines(library, ABOUT_ITSELF, chosen)
    assert stored is not None
    assert stored.card_ids() == ["needy", "codependent"] or set(stored.card_ids()) == set(chosen)
    names = {card_id: library.cards[card_id].name for card_id in stored.card_ids()}
    for traits in OBSERVED[:10]:
        assert match_lines(stored, names, traits, limit=0) == match_traits(
            in_memory(library), traits, limit=0, patterns=chosen
        )


def test_every_row_choice_keeps_lines_about_other_cards(library: Catalog) -> None:
    every, about_itself = stored_lines(library, EVERY_ROW), stored_lines(library, ABOUT_ITSELF)
    assert every is not None and about_itself is not None
    assert len(every) > len(about_itself)


def test_without_a_cache_there_is_no_stored_index() -> None:
    assert stored_lines(load_catalog(cache_dir=None)) is None


# The commands, with the index damaged -------------------------------------------------------


def cache_files(home: Path) -> list[Path]:
    return sorted((home / "cache").rglob("cards-v*"))


def damage_index(cache_file: Path, region: str) -> None:
    """Flip a byte in the middle of one of the index's regions, leaving the rest as it was."""
    raw = bytearray(cache_file.read_bytes())
    head = unpack(bytes(raw))
    assert isinstance(head, dict)
    frame = len(CACHE_MAGIC) + 8
    body_start = frame + int.from_bytes(raw[frame - 4 : frame], "big")
    offset, length, _ = head["index"][region]
    raw[body_start + offset + length // 2] ^= 0x55
    cache_file.write_bytes(bytes(raw))


@pytest.mark.parametrize("region", ["meta", "postings", "corpus"])
def test_a_damaged_index_costs_only_speed(isolated_home: Path, region: str) -> None:
    commands = [
        ["search", "fear of rejection", "-f", "json"],
        ["search", "reassurance", "--by-pattern", "-f", "json"],
        ["match", "shy and hesitant", "freezes when asked to present", "-f", "json"],
        ["match", "I keep reassuring her", "--felt", "-f", "json"],
    ]
    before = [run(*args).stdout for args in commands]
    for cache_file in cache_files(isolated_home):
        damage_index(cache_file, region)
    after = [run(*args) for args in commands]
    assert [(r.code, r.stdout, r.stderr) for r in after] == [(0, out, "") for out in before]


def test_a_damaged_card_region_is_read_from_the_card_file(isolated_home: Path) -> None:
    shown_before = run("show", "insecure", "-f", "json").stdout
    for cache_file in cache_files(isolated_home):
        raw = bytearray(cache_file.read_bytes())
        raw[-len(raw) // 3] ^= 0x55  # somewhere in the cards' data or the index
        cache_file.write_bytes(bytes(raw))
    for args in (["show", "insecure", "-f", "json"], ["search", "fear", "-f", "json"]):
        again = run(*args)
        assert (again.code, again.stderr) == (0, "")
    assert run("show", "insecure", "-f", "json").stdout == shown_before


def test_an_unwritable_cache_folder_still_searches_through_an_index(isolated_home: Path) -> None:
    (isolated_home / "cache").mkdir(parents=True)
    (isolated_home / "cache" / "patterncli").write_text("not a folder", encoding="utf-8")
    found = run("search", "fear of rejection", "-f", "json")
    assert json.loads(found.stdout)[0]["pattern"] == "insecure"


def test_a_card_added_or_removed_is_searched_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cards"
    monkeypatch.setenv("PATTERN_PATH", str(folder))
    write_card(folder, "mine.yaml", card_text())
    assert run("search", "fear of rejection", "-f", "json").code == 0  # the index is built
    card = yaml.safe_load(card_text("zebra", "Zebra Pattern"))
    card["sections"][0]["items"] = ["Grazes quietly by the zebrafold"]
    (folder / "zebra.yaml").write_text(yaml.safe_dump(card), encoding="utf-8")
    assert json.loads(run("search", "zebrafold", "-f", "json").stdout)[0]["pattern"] == "zebra"
    os.remove(folder / "zebra.yaml")
    assert "nothing matches" in run("search", "zebrafold", expect=1).stderr
    shutil.rmtree(folder)


def test_store_damaged_is_no_pattern_error() -> None:
    """The commands fall back on it; it must never reach the user as an error of theirs."""
    from patterncli.errors import PatternError

    assert not issubclass(StoreDamaged, PatternError)


@pytest.mark.parametrize("region", ["meta", "postings", "corpus"])
def test_a_damaged_index_is_built_again_for_the_next_run(isolated_home: Path, region: str) -> None:
    run("search", "fear of rejection")
    for cache_file in cache_files(isolated_home):
        damage_index(cache_file, region)
    run("search", "fear of rejection")  # finds the damage, answers from the cards, rebuilds
    catalog = load_catalog()
    lines = stored_lines(catalog)
    assert lines is not None
    assert shown(search(lines, "fear of rejection", 0)) == shown(
        search(line_index(in_memory(catalog)), "fear of rejection", 0)
    )
