"""Finding a query word in the lines: as it is, as another form of it, as a word it may
misspell, or through the thesaurus as a word or phrase that means nearly the same.

Forms of a word are told apart by the Snowball English stemmer (PyStemmer, imported on first
use): "rejection" and "rejected" share the stem "reject", "count" and "counterpart" do not.
Similarity is still graded by how much of the longer word the two share, so that the word
itself, then its closest forms, come first ("shame" before "shaming").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache, cached_property, lru_cache

from ..resolve import normalize
from .index import TOKEN, WordSource

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from typing import TypeVar

    _Value = TypeVar("_Value")

# Similarities, on a 0-100 scale.
EXACT = 100.0
STEM_BASE, STEM_SPAN = 70.0, 25.0  # a form's similarity: STEM_BASE + STEM_SPAN * shared prefix / longer word
STEM_MIN_PREFIX = 4  # forms are looked for among the words sharing this many first letters
SYNONYM = 78.0  # a thesaurus stand-in for one word: below the word itself and its closer forms ...
PHRASE_STEP, SYNONYM_MAX = 3.0, 84.0  # ... for a phrase of the query, this much more per word, up to this
PHRASE_GAP = 1  # how many other words may stand among a phrase's words in a query


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Stop words count for little; filler words, when the query has other words, for half their weight.
# A letter alone is what is left of a clinician's shorthand ("v. shy", "w/ his wife", "h/o", "b/c"):
# counted as a word, one no line holds weighed a trait down until nothing accounted for it (QA).
STOP_WORDS = word_set(
    """a about am an and are as at be been being by did do does doing for from had has have having
    he her him his i in into is it its me my of on or our she so that the their them they this to
    us was we were what when which who with you your
    hes id im ive shes thats theres theyre youre
    b c d e f g h j k l m n o p q r s t u v w x y z"""
)
WEAK_WORDS = word_set(
    """again also always bit even ever get gets getting got just keep keeping keeps kept lot lots
    much often quite really seem seems still tend tends very"""
)
# In a search, a negated auxiliary says how, not what: "can't refuse" is about refusing, and
# "can't" alone is on twenty lines about anything (QA: they all came before "would rather refuse").
# `match` weighs its traits with a list of its own (match.TRAIT_WEAK_WORDS).
SEARCH_WEAK_WORDS = WEAK_WORDS | word_set(
    "arent cant couldnt didnt doesnt dont isnt shouldnt wasnt wont wouldnt"
)


def content_words(words: Sequence[str]) -> list[str]:
    """The words that carry meaning: all but the stop words."""
    return [w for w in words if w not in STOP_WORDS]


# Forms of a word -------------------------------------------------------------


@cache
def _stemmer() -> Callable[[str], str]:
    import Stemmer  # PyStemmer: the C Snowball stemmers; imported on the first stem only

    stem_word: Callable[[str], str] = Stemmer.Stemmer("english").stemWord
    return stem_word


STEM_RULES = 2  # our own rules on top of Snowball's (-ist; British spellings): a change is a new number


def stemmer_version() -> str:
    """What the stems depend on: the Snowball library's version and our own rules."""
    import Stemmer

    return f"{Stemmer.version()}/{STEM_RULES}"


@lru_cache(maxsize=1 << 14)  # a match stems the same few hundred words several times over
def stem(word: str) -> str:
    """The word's Snowball English stem (a normalized word in, lower-case ASCII out).

    Snowball takes -ism off ("narcissism": "narciss") but leaves -ist on ("narcissist"), so the
    two words clinicians use for one thing would never meet: -ist comes off here too. British
    spellings are stemmed as American ones (`american`): the cards and clinicians use both."""
    root = _stemmer()(american(word))
    return root[:-3] if root.endswith("ist") and len(root) >= 7 else root


# British endings, and their American spellings: "apologises", "behaviour", "centre", "judgement".
# Only word endings that are regular, on words long enough not to be other words ("rise", "four").
_BRITISH = re.compile(
    r"(?<=[a-z]{3})(?:is(?=(?:e|es|ed|ing|ation|ations|er|ers|able)$)|ys(?=(?:e|es|ed|ing)$)"
    r"|our(?=(?:s|ed|ing|ite|ites|able)?$)|(?<=[tb])re(?=s?$)|(?<=[tb])red$|(?<=dg)e(?=ments?$))"
)
_AMERICAN = {"is": "iz", "ys": "yz", "our": "or", "re": "er", "red": "ered", "e": ""}
# Words whose ending only looks British, by the word up to that ending ("advis" of "advise",
# "advised", "advising"): every form of one is left alone alike.
_NOT_BRITISH = word_set(
    """advertis advis chastis compris compromis concis despis devis disguis enterpris exercis
    expertis franchis improvis merchandis otherwis precis premis prais promis rais revis supervis
    surpris televis contour detour devour paramour troubadour hatred inbred thoroughbred macabre
    timbre"""
)
_ENCE = re.compile(r"^(def|off|pret|lic)ence(s?)$")  # defence, offence, pretence, licence


def american(word: str) -> str:
    """A word as American English spells it, where British English spells its ending otherwise."""
    spelled = _ENCE.sub(r"\1ense\2", word)
    if spelled != word:
        return spelled
    found = _BRITISH.search(word)
    if found is None or word[: found.end()] in _NOT_BRITISH:
        return word
    return word[: found.start()] + _AMERICAN[found.group()] + word[found.end() :]


def _shared_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def stem_score(a: str, b: str) -> float:
    """How alike two different words are as forms of one stem ("rejection", "rejected"); 0 if not."""
    if stem(a) != stem(b):
        return 0.0
    return STEM_BASE + STEM_SPAN * _shared_prefix(a, b) / max(len(a), len(b))


def word_forms(corpus: WordSource, word: str, prefix: bool = False) -> dict[str, tuple[float, Sequence[int]]]:
    """The words of the lines that are `word` or another form of it: similarity and rows of each.

    Forms are looked for among the words that begin like it: its first four letters, or fewer
    when its stem is shorter ("set" for "setting" finds "set" and "sets"); then the stemmer
    decides, so "shy" finds "shy" but never "she". Words of one or two letters ("no") are
    found only as they are. With `prefix`, a word of four letters or more that the lines hold in
    no form is taken for the beginning of a word being typed: "aband" finds "abandonment", scored
    as a form would be (but "late", on the cards, is not "later")."""
    if len(word) <= 2:
        return {w: (EXACT, rows) for w, rows in corpus.occurrences(word, whole=True).items()}
    key = word[: min(STEM_MIN_PREFIX, max(3, _shared_prefix(word, stem(word))))]
    beginning_alike = corpus.occurrences(key)
    found = {}
    for other, rows in beginning_alike.items():
        score = EXACT if other == word else stem_score(word, other)
        if score:
            found[other] = (score, rows)
    if prefix and not found and len(word) >= STEM_MIN_PREFIX:
        for other, rows in beginning_alike.items():
            if other.startswith(word):
                found[other] = (STEM_BASE + STEM_SPAN * len(word) / len(other), rows)
    return found


# Typos -----------------------------------------------------------------------


def typo_cutoff(word: str) -> float | None:
    """The RapidFuzz `ratio` a word needs to count as a typo of `word` (None: too short to guess)."""
    if len(word) <= 3:
        return None
    if len(word) == 4:
        return 85.0
    return 80.0 if len(word) <= 6 else 75.0


def typos(word: str, vocabulary: Sequence[str]) -> list[tuple[str, float]]:
    """The vocabulary words that `word` may be a misspelling of, with RapidFuzz's `ratio`: close
    by that ratio, and a slip of the fingers away (typo_slips)."""
    cutoff = typo_cutoff(word)
    if cutoff is None:
        return []
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import OSA

    found = process.extract(
        word, vocabulary, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff, limit=None
    )
    return [
        (other, float(score))
        for other, score, _ in found
        if other != word and typo_slips(word, other, OSA.distance(_undoubled(word), _undoubled(other)))
    ]


def _undoubled(word: str) -> str:
    """The word with each doubled letter written once: a letter doubled or not is the commonest
    misspelling, and no slip ("agresive": "aggressive")."""
    return "".join(letter for i, letter in enumerate(word) if i == 0 or word[i - 1] != letter)


def typo_slips(word: str, other: str, edits: int) -> bool:
    """Whether `edits` letters added, dropped, changed or swapped, from `word` to `other` (doubled
    letters aside), are a typo: one in a word of up to seven letters, two in a longer one when it
    begins alike and has not two letters more or fewer. The ratio alone took words holding many of
    the same letters for typos ("gaslighting": "sighing", "splitting": "sitting", "rumination":
    "termination", and with two edits "domination")."""
    if len(word) < 8:
        return edits <= 1
    return edits <= 1 or (edits == 2 and word[0] == other[0] and abs(len(word) - len(other)) <= 1)


# A query word's occurrences ----------------------------------------------------

# row -> (similarity 0-100, the row's words that matched (space-separated), and the query words
# they stand in for when found through the thesaurus, "" when found as themselves).
Found = tuple[float, str, str]
Occurrences = dict[int, Found]


def match_word(corpus: WordSource, word: str, guess_typos: bool = True, prefix: bool = False) -> Occurrences:
    """Where a query word occurs: as it is, as another form of it, or (only when no form of it
    occurs, and if `guess_typos`) as a word it may be a misspelling of. A word taken for a typo
    of another stands in for it, and is shown so ("tears" for "teary"): a real word the cards
    lack is often one letter from an unrelated one. A word some form of which the cards hold is
    no typo: "note", with "notes" on the cards, is not "not" (QA: 37 of 40 hits were "not").
    `prefix`: the word may be the beginning of a longer one (word_forms)."""
    similar = word_forms(corpus, word, prefix)
    guessed = set()
    if guess_typos and word not in similar and len(word) >= STEM_MIN_PREFIX:
        forms_found = bool(similar)
        for other, score in typos(word, corpus.words_to_guess):
            rows = corpus.occurrences(other, whole=True).get(other)
            if not rows or (forms_found and other not in similar):
                continue  # a new word is guessed only when no form of this one is on the cards
            if score > similar.get(other, (0.0, []))[0]:  # a form spelled closer than its stem says
                if other not in similar:
                    guessed.add(other)
                similar[other] = (score, rows)
    # In word order, so that of two forms scoring alike in a row ("rejects", "rejected") the same
    # one is taken however the words were found (a scan of the text, or the stored vocabulary).
    # One tuple for all of a form's rows: a common word is in thousands.
    return best_in_each_row(
        (score, (score, other, word if other in guessed else ""), rows)
        for other, (score, rows) in sorted(similar.items())
    )


def best_in_each_row(ways: Iterable[tuple[float, _Value, Iterable[int]]]) -> dict[int, _Value]:
    """Each row with the value of the best of the ways it is found in: (score, value, rows),
    the highest score winning and, of ways scoring alike, the first given; a way scoring 0
    finds nothing. A common word's forms are in tens of thousands of rows with thousands of
    cards, so rows are set a way at a time, in C: the worst way first, so the better overwrite."""
    ranked = sorted(
        ((score, -order, value, rows) for order, (score, value, rows) in enumerate(ways) if score > 0),
        key=lambda way: way[:2],
    )
    found: dict[int, _Value] = {}
    for _, _, value, rows in ranked:
        found.update(dict.fromkeys(rows, value))
    return found


# Through the thesaurus -----------------------------------------------------------

Phrase = tuple[str, ...]  # the content words of a phrase, normalized


class PhraseBook:
    """A thesaurus ready for matching: each phrase under the stems of its content words, with
    the phrases it also finds."""

    # The thesaurus files with mistakes, each with whether any of it could be used: each search
    # says so.
    flawed: tuple[tuple[str, bool], ...] = ()

    def __init__(self, links: Mapping[Phrase, Iterable[Phrase]], in_written_order: bool = False) -> None:
        """`links`: each phrase with the phrases it also finds. These are kept in the order given
        when `in_written_order` (a risk entry's targets: the first is searched first), else sorted
        (a group's phrases, gathered in sets)."""
        by_stems: dict[tuple[str, ...], dict[Phrase, None]] = {}  # "comfort" and "comforting" are one
        for phrase, alternatives in links.items():
            by_stems.setdefault(tuple(stem(w) for w in phrase), {}).update(dict.fromkeys(alternatives))
        self._by_stem: dict[str, list[tuple[tuple[str, ...], list[Phrase]]]] = {}
        for stems, found in by_stems.items():
            entry = (stems, list(found) if in_written_order else sorted(found))
            for word_stem in dict.fromkeys(stems):
                self._by_stem.setdefault(word_stem, []).append(entry)

    @property
    def index(self) -> dict[str, list[tuple[tuple[str, ...], list[Phrase]]]]:
        """The book as plain data (to keep in a cache): each stem, with the phrases holding it."""
        return self._by_stem

    @classmethod
    def from_index(cls, index: dict[str, list[tuple[tuple[str, ...], list[Phrase]]]]) -> PhraseBook:
        book = cls.__new__(cls)
        book._by_stem = index
        return book

    def __bool__(self) -> bool:
        return bool(self._by_stem)

    @cached_property
    def stems(self) -> frozenset[str]:
        """The stems of every word of the book's phrases."""
        return frozenset(self._by_stem)

    @cached_property
    def longest_phrase(self) -> int:
        """The most words a phrase the book finds has: how many words of a line one query word can
        match through it."""
        return max(
            (len(phrase) for entries in self._by_stem.values() for _, found in entries for phrase in found),
            default=1,
        )

    def in_query(self, sequence: Sequence[str]) -> list[tuple[list[int], list[Phrase]]]:
        """The thesaurus phrases a query holds, as the positions of their words in the query,
        with what each also finds. Word order does not matter, stop words do not count and one
        other word may stand among a phrase's words ("turn her down" and "has turned them all
        down" hold "turned down", "names he calls himself" holds "calls himself names"); any
        form of each word does ("turning down")."""
        positions = [i for i, w in enumerate(sequence) if w not in STOP_WORDS]
        stems = [stem(sequence[i]) for i in positions]
        found: dict[tuple[tuple[str, ...], tuple[int, ...]], list[Phrase]] = {}
        for i, word_stem in enumerate(stems):
            for phrase, alternatives in self._by_stem.get(word_stem, ()):
                used = _phrase_around(stems, i, phrase)
                if used:
                    found[phrase, tuple(positions[j] for j in used)] = alternatives
        return [(list(used), alternatives) for (_, used), alternatives in found.items()]


def _phrase_around(stems: list[str], i: int, phrase: tuple[str, ...]) -> list[int]:
    """The positions of a run of the query's content words, holding position `i`, in which
    every word of `phrase` stands, with at most PHRASE_GAP other words among them; [] if none."""
    size = len(phrase) + PHRASE_GAP
    for start in range(max(0, i - size + 1), i + 1):
        needed = list(phrase)
        used = []
        for j in range(start, min(len(stems), start + size)):
            if stems[j] in needed:
                needed.remove(stems[j])
                used.append(j)
        if not needed and i in used:
            return used
    return []


def phrase_occurrences(corpus: WordSource, phrase: Phrase, stands_for: str, similarity: float) -> Occurrences:
    """The rows holding every word of `phrase` (any form of each), scored as a stand-in for the
    query words `stands_for`: `similarity` for the words themselves, less for other forms."""
    per_word = [sorted(word_forms(corpus, w).items()) for w in phrase]  # in word order, as in match_word
    if not per_word:
        return {}
    if len(per_word) == 1:  # one word: how it is found is its form's, row by row
        return best_in_each_row(
            (score, (similarity * score / EXACT, other, stands_for), rows)
            for other, (score, rows) in per_word[0]
        )
    common = _rows_holding_all(per_word)
    # Each word's best form in each row holding them all (few, against each form's thousands).
    best = [
        best_in_each_row((score, (score, other), common.intersection(rows)) for other, (score, rows) in forms)
        for forms in per_word
    ]
    found: Occurrences = {}
    entries: dict[tuple[str, ...], Found] = {}  # one tuple for each way the phrase is found
    for row in common:
        words = tuple(b[row][1] for b in best)
        if words not in entries:
            score = similarity * min(b[row][0] for b in best) / EXACT
            entries[words] = (score, " ".join(words), stands_for)
        found[row] = entries[words]
    return found


def _rows_holding_all(per_word: list[list[tuple[str, tuple[float, Sequence[int]]]]]) -> set[int]:
    """The rows holding a form of every word (each word's forms with their rows): narrowed from the
    word in fewest rows, a word at a time, and never made into a set of a common word's rows (tens
    of thousands with thousands of cards); once no row is left, the other words are not looked at."""
    by_size = sorted(per_word, key=lambda forms: sum(len(rows) for _, (_, rows) in forms))
    common: set[int] = set().union(*(rows for _, (_, rows) in by_size[0]))
    for forms in by_size[1:]:
        if not common:
            break
        common = set().union(*(common.intersection(rows) for _, (_, rows) in forms))
    return common


def typed_words(query: str, sequence: list[str]) -> list[tuple[int, int]]:
    """Where each normalized word of the query stands in the query as typed: (start, end);
    [] when the words cannot be lined up with the typed ones."""
    found: list[tuple[int, int]] = []
    for match in TOKEN.finditer(query):
        found.extend((match.start(), match.end()) for _ in normalize(match.group()).split())
    return found if len(found) == len(sequence) else []


def add_stand_ins(
    occurrences: dict[str, Occurrences],
    corpus: WordSource,
    query: str,
    sequence: list[str],
    phrases: list[tuple[list[int], list[Phrase]]],
) -> None:
    """Let the phrases the thesaurus offers for the query's words stand in for them: each
    query word of a thesaurus phrase is also found, a little less well, wherever one of that
    phrase's alternatives is."""
    typed = typed_words(query, sequence)
    for used, alternatives in phrases:
        covered = [sequence[i] for i in used if sequence[i] in occurrences]
        first, last = min(used), max(used)
        # What the user typed, to show beside the stand-in: "can't say no", not "cant say no".
        label = query[typed[first][0] : typed[last][1]] if typed else " ".join(sequence[first : last + 1])
        # A longer phrase of the query matched as a whole says more than a word matched alone.
        similarity = min(SYNONYM_MAX, SYNONYM + PHRASE_STEP * (len(used) - 1))
        for alternative in alternatives:
            found = phrase_occurrences(corpus, alternative, label, similarity)
            for word in covered:
                _take_better(occurrences[word], found)


# Particles and light verbs: in an idiom the thesaurus knows ("out to get", "gives up", "turned
# down") the meaning is the phrase's, and alone each is on lines about anything ("riding out the
# anxiety", "get their way"; QA: those outranked "hostility" for "out to get him").
LIGHT_WORDS = word_set(
    """away back down off on out over through up get gets getting got go goes going went gone
    give gives giving gave given take takes taking took taken put puts putting make makes making
    made come comes coming came turn turns turning turned set sets setting let lets letting keep
    keeps keeping kept hold holds holding held bring brings bringing brought"""
)
# What may stand among an idiom's words in a line: an object or its article ("turned him down",
# "gave it all up"), "to" ("out to get"); not "and" ("out and gets tearful" is no "out to get").
IDIOM_FILLERS = word_set(
    "to all him her them it me you us one someone everyone the a an his their my your our"
)


def _bind_light_words(
    occurrences: dict[str, Occurrences], corpus: WordSource, sequence: list[str], idioms: list[list[int]]
) -> None:
    """The light words of the query's idioms (each the positions of its words in `sequence`) found
    only in the lines where one idiom holding them stands together: elsewhere each means
    something else. A light word two idioms share keeps the lines of both, and one also typed
    outside any idiom keeps all its lines (review: "turned down and let down" lost the lines on
    being let down)."""
    in_idioms = {i for idiom in idioms for i in idiom}
    bound = {w for w in sequence if w in LIGHT_WORDS} - {
        w for i, w in enumerate(sequence) if i not in in_idioms
    }
    kept: dict[str, set[int]] = {}
    for positions in idioms:
        idiom = [sequence[i] for i in positions]
        light = [w for w in idiom if w in bound]
        if not light or any(w not in occurrences for w in idiom):  # a stop word in a hyphened pair
            continue
        found = [occurrences[w] for w in idiom]
        together = {
            row
            for row in set.intersection(*(set(rows) for rows in found))
            # The word as typed and the form that matched in this line: any form the line holds
            # counts ("turns down" in a line that also says "Turned away").
            if _stand_together(
                corpus.words(row),
                [{stem(w), stem(f[row][1].split()[0])} for w, f in zip(idiom, found, strict=True)],
            )
        }
        for w in light:
            kept.setdefault(w, set()).update(together)
    for w, rows in kept.items():
        occurrences[w] = {row: found for row, found in occurrences[w].items() if row in rows}


def _stand_together(words: list[str], wanted: list[set[str]]) -> bool:
    """Whether the line's `words` hold a form of each wanted word (its stems), side by side in
    any order ("put off", "off-putting"), with fillers alone between them."""
    stems = [stem(word) for word in words]
    anywhere = set().union(*wanted)
    for start, first in enumerate(stems):
        if first not in anywhere:
            continue
        needed = list(range(len(wanted)))
        for at in range(start, len(words)):
            matched = next((i for i in needed if stems[at] in wanted[i]), None)
            if matched is not None:
                needed.remove(matched)
                if not needed:
                    return True
            elif words[at] not in IDIOM_FILLERS:
                break
    return False


def _take_better(occurrences: Occurrences, more: Occurrences) -> None:
    """Take each row of `more` that scores better there than in `occurrences` (or is not there):
    the rows new to it in C, as thousands may be; only the rows in both one by one."""
    both = more.keys() & occurrences.keys()
    new = more.keys() - both
    for row in both:
        if more[row][0] > occurrences[row][0]:
            occurrences[row] = more[row]
    occurrences.update(zip(new, map(more.__getitem__, new), strict=True))


class WordMatcher:
    """Finds query words in one corpus; built once for all the queries (traits) asked of it, so
    that a beginning two queries share is scanned for once (Corpus.occurrences).

    `sure_stems`: the stems of words never taken for a typo, wherever they stand: the words of
    risk ("kill" is no misspelling of "ill", nor "overdose" of "overdo")."""

    def __init__(
        self, corpus: WordSource, book: PhraseBook, sure_stems: frozenset[str] = frozenset()
    ) -> None:
        self.corpus, self.book, self.sure_stems = corpus, book, sure_stems

    def occurrences(
        self,
        words: list[str],
        sequence: list[str],
        query: str,
        found_words_too: bool = False,
        typing: str | None = None,
    ) -> tuple[dict[str, Occurrences], dict[str, int]]:
        """Each of the query's (distinct, non-stop) words with its occurrences, thesaurus
        included, and how many rows hold it (for its weight): the word itself where it occurs,
        else its stand-ins. A word the thesaurus knows is never taken for a typo: "friends" is
        no misspelling of "finds".

        The thesaurus stands in for the query's phrases of two words or more ("turned down")
        always, and for a single word only when no line holds it (in any form) or when
        `found_words_too`: a word typed and found is taken at its word ("shy" finds "shy").
        `typing`: the word that may be the beginning of a longer one (the query's last)."""
        phrases = self.book.in_query(sequence) if self.book else []
        phrases += self._hyphen_joined(query, sequence)
        known = {sequence[i] for used, _ in phrases for i in used}
        known.update(w for w in words if w not in known and stem(w) in self.sure_stems)
        # A word the thesaurus knows (a word of risk too) is a whole word: no typo, no beginning.
        itself = {
            w: match_word(self.corpus, w, w not in known, prefix=w == typing and w not in known)
            for w in words
        }
        if not found_words_too:
            phrases = [
                (used, alts) for used, alts in phrases if len(used) > 1 or not itself[sequence[used[0]]]
            ]
        counts = {w: len(rows) for w, rows in itself.items()}
        _bind_light_words(itself, self.corpus, sequence, [used for used, _ in phrases if len(used) > 1])
        add_stand_ins(itself, self.corpus, query, sequence, phrases)
        return itself, {w: counts[w] or len(itself[w]) for w in words}

    def _hyphen_joined(self, query: str, sequence: list[str]) -> list[tuple[list[int], list[Phrase]]]:
        """Two words typed with a hyphen between them, as a phrase the word they make stands in
        for, where the cards hold that word: "hyper-vigilant" finds "hypervigilant" (QA: it
        scored 34 where "hypervigilant" scored 97)."""
        typed = typed_words(query, sequence)
        joined: list[tuple[list[int], list[Phrase]]] = []
        for i in range(len(typed) - 1):
            if query[typed[i][1] : typed[i + 1][0]] == "-":
                word = sequence[i] + sequence[i + 1]
                if match_word(self.corpus, word, guess_typos=False):
                    joined.append(([i, i + 1], [(word,)]))
        return joined
