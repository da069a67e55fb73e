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
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import card_text, run, write_card
from patterncli.cachefile import CACHE_MAGIC, unpack
from patterncli.catalog import Catalog, load_catalog
from patterncli.errors import UsageProblem
from patterncli.resolve import normalize
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


def test_a_typo_is_never_taken_for_a_word_only_rows_left_out_hold(library: Catalog) -> None:
    """Typos are guessed among every word of the stored index, rows left out or not (listing only
    the words of the rows searched would read every word's rows): a word only the lines about
    another card hold must still never be found, and the match is the one made in memory."""
    from patterncli.search.words import typos

    stored = stored_lines(library, ABOUT_ITSELF)
    assert stored is not None
    corpus = stored.make_corpus()
    left_out = [w for w in sorted(set(corpus.words_to_guess) - set(corpus.vocabulary)) if len(w) >= 8]
    assert left_out, "the bundled cards have lines about other cards with words of their own"
    word = left_out[0]
    typo = word[:-1] + "q"  # one letter wrong: a typo of `word` and of no word the cards hold
    assert typo not in corpus.words_to_guess
    assert word in [other for other, _ in typos(typo, corpus.words_to_guess)]  # the path is taken
    names = {card_id: library.cards[card_id].name for card_id in stored.card_ids()}
    traits = [typo, "fear of rejection"]
    report = match_lines(stored, names, traits, limit=0)
    assert report == match_traits(in_memory(library), traits, limit=0)
    assert all(word not in normalize(e.text).split() for m in report.matches for e in m.evidence)


def test_match_of_chosen_patterns_through_the_stored_index(library: Catalog) -> None:
    chosen = ["needy", "codependent"]
    stored = stored_lines(library, ABOUT_ITSELF, chosen)
    assert stored is not None
    assert stored.card_ids() == [card_id for card_id in library.cards if card_id in chosen]  # in card order
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


@pytest.mark.parametrize("region", ["meta", "columns", "postings", "corpus"])
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


@pytest.mark.parametrize("region", ["meta", "columns", "postings", "corpus"])
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


# Found in review: ties, rounding, damaged and hand-made caches -----------------------------------


def test_two_forms_scoring_alike_are_taken_alike_by_both_ways(tmp_path: Path) -> None:
    """ "rejects" and "rejected" score alike against "rejection": which one a row is found by must
    not depend on whether the words came from a scan of the text or the stored vocabulary."""
    own = tmp_path / "own"
    card = yaml.safe_load(card_text("rej", "Rej Pattern"))
    card["sections"][0]["items"] = [
        "He rejects offers of help",
        "Feels rejects then rejected fear everywhere",
    ]
    write_card(own, "rej.yaml", yaml.safe_dump(card))
    folders = _folders(own)
    load_catalog(folders, cache_dir=tmp_path / "cache")
    catalog = load_catalog(folders, cache_dir=tmp_path / "cache")
    stored = stored_lines(catalog)
    assert stored is not None
    for query in ("rejection fear", "rejection", "rejected help"):
        assert shown(search(stored, query, 0)) == shown(search(line_index(in_memory(catalog)), query, 0))


def test_a_pattern_whose_score_equals_its_bound_is_not_cut_off_by_rounding() -> None:
    """The threshold algorithm's bound on a pattern is added up as its score is: with three bounds
    whose sum divided differs in the last bit from the sum of each divided, the first pattern must
    still be the full ranking's first."""
    from patterncli.search.match import _best_patterns

    class ExactRanker:  # every pattern's best row scores its bound exactly
        def best_of(self, rows: list[tuple[float, int, float]], floor: float) -> tuple[float, int]:
            return -rows[0][0], rows[0][1]

    bounds = [38.65, 38.47, 37.5]
    rival = 0.0  # the bound summed in another way: each divided, then added up
    for bound in bounds:
        rival += bound / 3
    assert rival < sum(bounds) / 3  # the last bit this test is about
    assert (rival + rival + rival) / 3 == rival  # the rival's own score is exactly its bound
    traits = ["t1", "t2", "t3"]
    candidates = {
        t: {"q": [(-rival, 0, 0.0)], "p": [(-b, 1 + i, 0.0)]}
        for i, (t, b) in enumerate(zip(traits, bounds, strict=True))
    }
    order = {"q": 0, "p": 1}
    rankers: Any = {t: ExactRanker() for t in traits}

    def ranked(limit: int) -> list[str]:
        best = _best_patterns(rankers, candidates, order, 3, limit)
        score = {p: sum(b[0] for b in found.values()) / 3 for p, found in best.items()}
        return sorted(best, key=lambda p: (-score[p], -len(best[p]), order[p]))

    assert ranked(1)[:1] == ranked(0)[:1]


def rewrite_head(cache_file: Path, edit: Any) -> None:
    """Change a cache file's head and write it back whole (a valid CRC): a hand-made cache."""
    from patterncli.cachefile import pack

    raw = cache_file.read_bytes()
    head = unpack(raw)
    frame = len(CACHE_MAGIC) + 8
    body = raw[frame + int.from_bytes(raw[frame - 4 : frame], "big") :]
    edit(head, body)
    cache_file.write_bytes(pack(head) + body)


def test_a_damaged_card_and_an_edited_one_in_the_same_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cards"
    monkeypatch.setenv("PATTERN_PATH", str(folder))
    write_card(folder, "aa.yaml", card_text("aa", "Aa Pattern"))
    write_card(folder, "bb.yaml", card_text("bb", "Bb Pattern"))
    run("list")
    (cache_file,) = [f for f in cache_files(tmp_path / "home") if "aa.yaml" in str(unpack(f.read_bytes()))]

    def damage_aa(head: Any, body: bytes) -> None:
        key = next(k for k in head["files"] if k.endswith("aa.yaml"))
        offset, length, crc = head["files"][key]["at"]
        head["files"][key]["at"] = [offset, length, crc ^ 1]

    rewrite_head(cache_file, damage_aa)
    write_card(folder, "bb.yaml", card_text("bb", "Bb Pattern, edited"))
    assert run("show", "aa").stdout.startswith("Aa Pattern (aa)")
    assert run("show", "bb").stdout.startswith("Bb Pattern, edited (bb)")


def test_a_cache_cut_short_after_its_head(isolated_home: Path) -> None:
    before = run("search", "fear", "-f", "json").stdout
    for cache_file in cache_files(isolated_home):
        raw = cache_file.read_bytes()
        frame = len(CACHE_MAGIC) + 8
        cache_file.write_bytes(raw[: frame + int.from_bytes(raw[frame - 4 : frame], "big")])
    assert run("search", "fear", "-f", "json").stdout == before
    assert run("show", "insecure", "-s", "transference").code == 0
    assert run("search", "fear", "-f", "json").stdout == before  # and once the cache is rebuilt


def test_a_garbled_head_length_asks_for_no_more_than_the_file_holds(isolated_home: Path) -> None:
    from conftest import run_bounded

    run("show", "insecure")
    for cache_file in cache_files(isolated_home):
        raw = bytearray(cache_file.read_bytes())
        frame = len(CACHE_MAGIC) + 8
        raw[frame - 4 : frame] = b"\xff\xff\xff\xf0"
        cache_file.write_bytes(bytes(raw))
    done = run_bounded("search", "fear")
    assert (done.returncode, done.stderr) == (0, "")


def rewrite_index(cache_file: Path, edit: Any) -> None:
    """Let `edit` change the index's meta (unmarshalled) and columns (bytes), then keep both whole,
    as regions after the rest with their CRCs: the index a hand, not a disk, would make."""
    import marshal
    import zlib

    from patterncli.cachefile import pack

    raw = cache_file.read_bytes()
    head = unpack(raw)
    assert isinstance(head, dict)
    frame = len(CACHE_MAGIC) + 8
    body = raw[frame + int.from_bytes(raw[frame - 4 : frame], "big") :]
    meta_at, columns_at = head["index"]["meta"], head["index"]["columns"]
    meta = marshal.loads(body[meta_at[0] : meta_at[0] + meta_at[1]])
    columns = bytearray(body[columns_at[0] : columns_at[0] + columns_at[1]])
    edit(meta, columns)
    new_meta, new_columns = marshal.dumps(meta), bytes(columns)
    head["index"]["meta"] = [len(body), len(new_meta), zlib.crc32(new_meta)]
    head["index"]["columns"] = [len(body) + len(new_meta), len(new_columns), zlib.crc32(new_columns)]
    cache_file.write_bytes(pack(head) + body + new_meta + new_columns)


def new_column(name: str, values: Any) -> Any:
    """An edit putting a new column in place of `name`, made by `values` from the old one's numbers."""
    import zlib
    from array import array

    def edit(meta: dict[str, Any], columns: bytearray) -> None:
        typecode, offset, length, _ = meta["columns"][name]
        made = array(typecode, list(values(array(typecode, bytes(columns[offset : offset + length])))))
        raw = made.tobytes()
        meta["columns"][name] = [typecode, len(columns), len(raw), zlib.crc32(raw)]
        columns.extend(raw)

    return edit


def in_meta(change: Any) -> Any:
    return lambda meta, columns: change(meta)


def both(*edits: Any) -> Any:
    return lambda meta, columns: [edit(meta, columns) for edit in edits]


HAND_MADE = {
    "card keys not text": in_meta(lambda meta: meta.update(card_keys=[1, 2])),
    "a card id too few": in_meta(lambda meta: meta.update(card_ids=meta["card_ids"][:-1])),
    "words not text": in_meta(lambda meta: meta.update(vocabulary=[1, 2, 3])),
    "section keys not text": in_meta(lambda meta: meta.update(keys=[7])),
    "a row too few": in_meta(lambda meta: meta.update(rows=meta["rows"] - 1)),
    "rows beyond memory": in_meta(lambda meta: meta.update(rows=meta["rows"] + 10**13)),
    "rows below zero": in_meta(lambda meta: meta.update(rows=-1)),
    "a column of floats": in_meta(lambda meta: meta["columns"]["place_end"].__setitem__(0, "d")),
    "a column's length": in_meta(lambda meta: meta["columns"]["sizes"].__setitem__(2, 1)),
    "no flags": in_meta(lambda meta: meta["columns"].pop("flags")),
    "a word's rows a place short": new_column("post_at", lambda old: old[:-1]),
    "cards reversed": both(*(new_column(name, reversed) for name in ("card_first", "card_rows"))),
    "cards overlapping": new_column("card_first", lambda old: [old[0], old[1] - 1, *old[2:]]),
    **{
        f"{name} out of range": new_column(name, lambda old: [(1 << 8 * old.itemsize) - 16] * len(old))
        for name in ("kinds", "row_place", "card_first", "place_card", "place_key", "post_at")
    },
}


@pytest.mark.parametrize("edit", HAND_MADE.values(), ids=HAND_MADE.keys())
def test_a_hand_made_index_is_searched_around(isolated_home: Path, edit: Any) -> None:
    """An index whose CRCs hold but whose shape or values are not what was written (made by hand,
    not by a disk) is no index: the cards are searched instead, with no traceback."""
    commands = [
        ["search", "fear", "-f", "json"],
        ["search", "fear of rejection", "-p", "insecure", "-f", "json"],
        ["match", "shy and hesitant", "-f", "json"],
    ]
    before = [run(*args).stdout for args in commands]
    for cache_file in cache_files(isolated_home):
        rewrite_index(cache_file, edit)
    after = [run(*args) for args in commands]
    assert [(done.stdout, done.stderr, done.code) for done in after] == [(out, "", 0) for out in before]


def test_the_stored_lines_are_the_lines_match_reads_in_memory(library: Catalog) -> None:
    """The stored index chooses rows by their flags, the in-memory index as it builds: the same rows."""
    from patterncli.search.match import _index

    for felt in (False, True):
        stored = stored_lines(library, FELT if felt else ABOUT_ITSELF)
        assert stored is not None
        in_memory_lines, _ = _index(in_memory(library), felt, None)
        assert list(stored) == list(in_memory_lines)
    every = stored_lines(library)
    assert every is not None
    assert list(every) == list(line_index(in_memory(library)))


# What the cache holds is made by these: the lines of a card and their normalized text (index.py),
# the index built of them, a card's head, and the normalizing of names.
def _rules_digest() -> str:
    import hashlib
    import inspect

    from patterncli import cardcache, cardfile, resolve
    from patterncli.search import index, store

    sources = [
        json.dumps(cardfile.card_schema(), sort_keys=True),  # what a cached card was checked by
        inspect.getsource(index),
        inspect.getsource(store.build_index),
        inspect.getsource(cardcache.card_head),
        inspect.getsource(cardcache.card_names),
        inspect.getsource(cardcache.pack_names),
        inspect.getsource(resolve.normalize),
    ]
    return hashlib.sha256("\n".join(sources).encode("utf-8")).hexdigest()[:16]


def test_the_cache_format_changes_with_the_rules_of_what_it_holds() -> None:
    """Users' caches are kept until a card changes. If the code that makes their contents changed
    without a new CACHE_FORMAT, a search through an old index would disagree with one in memory,
    and a card checked by an older schema would still pass for valid (or invalid).
    When this fails: if what the cache holds is made differently now, raise CACHE_FORMAT
    (cardcache.py); either way, write the new pair here."""
    from patterncli.cardcache import CACHE_FORMAT

    assert (CACHE_FORMAT, _rules_digest()) == (14, "854a9a0718e87ae0")


def test_the_index_is_built_by_the_first_search_and_kept_until_a_card_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cards"
    monkeypatch.setenv("PATTERN_PATH", str(folder))
    write_card(folder, "mine.yaml", card_text())
    run("list")

    def index_of_folder() -> Any:
        (cache_file,) = [
            f for f in cache_files(tmp_path / "home") if "mine.yaml" in str(unpack(f.read_bytes()))
        ]
        head = unpack(cache_file.read_bytes())
        assert isinstance(head, dict)
        return head["index"]

    assert index_of_folder() == {}  # `list` needs no index: none is built
    run("search", "edge of the group")
    assert sorted(index_of_folder()) == ["columns", "corpus", "meta", "postings"]
    run("show", "mine")
    assert sorted(index_of_folder()) == ["columns", "corpus", "meta", "postings"]  # nothing changed: kept
    write_card(folder, "mine.yaml", card_text(name="Test Pattern, edited"))
    run("show", "mine")
    assert index_of_folder() == {}  # the card changed: the index is stale, and dropped
    found = json.loads(run("search", "keeps to the edge of the group", "-f", "json", "-p", "mine").stdout)
    assert found[0]["pattern_name"] == "Test Pattern, edited"  # the search sees the edit
    assert sorted(index_of_folder()) == ["columns", "corpus", "meta", "postings"]


def _vocabulary() -> list[str]:
    """Every word of the bundled cards (read at collection, before any test's isolated home: the
    bundled folder only, no cache)."""
    from patterncli.catalog import CardFolder
    from patterncli.search import Corpus

    catalog = load_catalog([CardFolder(BUNDLED, "bundled")], cache_dir=None)
    return Corpus(line_index(in_memory(catalog)).texts).vocabulary


VOCABULARY = _vocabulary()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    words=st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=4),
    typo=st.booleans(),
    limit=st.integers(min_value=0, max_value=12),
)
def test_any_query_of_the_cards_words_finds_the_same_through_the_index(
    library: Catalog, words: list[str], typo: bool, limit: int
) -> None:
    """Queries made of the cards' own words (one of them misspelt, at times): the stored index
    and the cards in memory give the same hits, scores and highlights."""
    if typo and len(words[0]) > 4:
        words[0] = words[0][:2] + words[0][3:]  # a letter dropped: found, if at all, as a typo
    query = " ".join(words)
    stored = stored_lines(library)
    assert stored is not None
    assert shown(search(stored, query, limit)) == shown(search(line_index(in_memory(library)), query, limit))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    words=st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=4),
    limit=st.integers(min_value=1, max_value=12),
    chunk=st.sampled_from([1, 5, 256]),
)
def test_the_first_hits_are_those_of_the_full_ranking(
    library: Catalog, words: list[str], limit: int, chunk: int
) -> None:
    """A search scores closely only the rows whose bound can still reach its first `limit`, and
    works bounds out a few rows at a time, only for rows that could still come first: what it
    shows must be the first hits of every row scored, in memory and through the index, however
    few rows it takes at a time (the bundled cards hold too few rows for the usual number)."""
    from patterncli.search import rank

    query = " ".join(words)
    stored = stored_lines(library)
    assert stored is not None
    usual, rank.BOUND_CHUNK = rank.BOUND_CHUNK, chunk
    try:
        for lines in (stored, line_index(in_memory(library))):
            assert shown(search(lines, query, limit)) == shown(search(lines, query, 0))[:limit]
    finally:
        rank.BOUND_CHUNK = usual


# Words of the section titles: a title row earns the held bonus, the one part of a bound an item lacks.
TITLE_WORDS = ["client", "countertransference", "group", "therapist", "toward", "transference"]


@pytest.fixture(scope="module")
def bundled_lines() -> Any:
    """The bundled cards' lines in memory, with a matcher of their words."""
    from patterncli.catalog import CardFolder
    from patterncli.search.rank import phrase_book
    from patterncli.search.words import WordMatcher

    lines = line_index(in_memory(load_catalog([CardFolder(BUNDLED, "bundled")], cache_dir=None)))
    return lines, WordMatcher(lines.make_corpus(), phrase_book(None))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    words=st.lists(st.sampled_from(VOCABULARY + TITLE_WORDS), min_size=1, max_size=4),
    felt=st.booleans(),
)
def test_no_row_scores_above_the_ceiling_of_its_content_score(
    bundled_lines: Any, words: list[str], felt: bool
) -> None:
    """Search takes rows by their content score, and stops once the ceiling of the next one's
    cannot reach the best waiting: a row whose bound or score rose above that ceiling could be
    left out of the first hits. Every candidate row of the bundled cards, items and titles alike,
    with search's scoring and with match's (section weights and all)."""
    from patterncli.search.match import FELT_SCORING, TRAIT_SCORING
    from patterncli.search.rank import Ranker, query_words

    lines, matcher = bundled_lines
    query = " ".join(words)
    distinct, sequence = query_words(query)
    for scoring in (None, FELT_SCORING if felt else TRAIT_SCORING):
        ranker = Ranker(lines, matcher, distinct, sequence, query, scoring)
        contents = ranker._content_scores()
        for negative_bound, row, content in ranker._bounds_of(contents, contents, {}):
            ceiling = ranker._ceiling(content)
            assert -negative_bound <= ceiling
            assert ranker._score(row, content) <= ceiling


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    traits=st.lists(
        st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=4).map(" ".join), min_size=1, max_size=4
    ),
    felt=st.booleans(),
    limit=st.integers(min_value=0, max_value=6),
)
def test_any_traits_of_the_cards_words_match_the_same_through_the_index(
    library: Catalog, traits: list[str], felt: bool, limit: int
) -> None:
    stored = stored_lines(library, FELT if felt else ABOUT_ITSELF)
    assert stored is not None
    names = {card_id: library.cards[card_id].name for card_id in stored.card_ids()}
    through_the_index = _outcome(lambda: match_lines(stored, names, traits, felt=felt, limit=limit))
    assert through_the_index == _outcome(
        lambda: match_traits(in_memory(library), traits, felt=felt, limit=limit)
    )


def _outcome(matching: Any) -> object:
    """A match, or the usage problem it raised (traits of only words like "a" and "feel")."""
    try:
        return matching()
    except UsageProblem as problem:
        return ("usage problem", str(problem))
