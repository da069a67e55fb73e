"""One matcher for pattern names, section queries and "did you mean".

Exact matches beat prefixes, prefixes beat whole words inside a name, and
only when none of those match is RapidFuzz consulted (and imported), so an
ordinary `pattern show insecure -s countertransference` never pays for it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from .errors import NotFound, UsageProblem, shortened
from .model import Card, Section, group_title, phase_number
from .record import Record

EXACT, PREFIX, WORDS, FUZZY = 4, 3, 2, 1
FUZZY_CUTOFF = 80.0
SUGGEST_CUTOFF = 72.0
SUGGEST_SHORTEST = 3  # letters a query needs before anything is suggested for it

_NON_WORD = re.compile(r"[^0-9a-z]+")


# Characters that show as nothing but would split a word: a soft hyphen (pasted from a word
# processor), zero-width spaces and joiners, the word joiner, a byte order mark.
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


def normalize(text: str) -> str:
    """Lower case, accents and punctuation dropped, words separated by single spaces (invisible
    characters dropped, so that "sh\u200by" is "shy")."""
    text = unicodedata.normalize("NFKD", text.translate(INVISIBLE).casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).replace("’", "").replace("'", "")
    return _NON_WORD.sub(" ", text).strip()


def in_other_script(text: str) -> bool:
    """Whether a text has letters or digits beyond the Latin ones `normalize` keeps (accents
    dropped): "тревога", "不安"; not "Café"."""
    text = unicodedata.normalize("NFKD", text.translate(INVISIBLE).casefold())
    return any(unicodedata.category(ch)[0] in "LN" and not ch.isascii() for ch in text)


def name_key(text: str) -> str:
    """What a pattern's name or alias is looked up by: `normalize`d, or for a name with letters of
    another script, those kept, in lower case (QA: `show тревога` was a usage error, and `validate`
    took every card named in Cyrillic for a clash with the others). Search reads Latin letters alone."""
    if not in_other_script(text):
        return normalize(text)
    text = unicodedata.normalize("NFKC", text.translate(INVISIBLE).casefold())
    # Letters, digits and marks: a Hindi vowel sign or an Arabic vowel mark is part of its word
    # (review: as spaces, "चिंता" and "चंता" were one name).
    kept = "".join(ch if unicodedata.category(ch)[0] in "LNM" else " " for ch in text)
    return " ".join(kept.split())


def match_tier(query: str, candidate: str) -> int:
    """How well a normalized query matches a normalized name, without fuzzy matching (0: not at all).

    Spaces do not count: "counter transference", "counter-transference" and
    "countertransference" are one spelling.
    """
    if not query or not candidate:
        return 0
    squashed_query, squashed = query.replace(" ", ""), candidate.replace(" ", "")
    if squashed == squashed_query:
        return EXACT
    if squashed.startswith(squashed_query):
        return PREFIX
    if f" {query}" in f" {candidate}":  # the query starts at a word boundary inside the name
        return WORDS
    return 0


class Named(Record):
    """Something that can be looked up, under every name it answers to."""

    __slots__ = ("names", "value")
    _fields = ("value", "names")

    def __init__(self, value: object, names: tuple[str, ...]) -> None:
        self.value = value
        self.names = names


def best_matches(query: str, choices: Sequence[Named]) -> list[Named]:
    """The choices that match best: all of those tied at the best tier, in their original order."""
    return ranked_matches(query, choices)[1]


def ranked_matches(query: str, choices: Sequence[Named], fuzzy: bool = True) -> tuple[int, list[Named]]:
    """The best tier reached (0: none) and the choices tied at it; typos only if `fuzzy`."""
    wanted = normalize(query)
    if not wanted:
        return 0, []
    tiers = [max((match_tier(wanted, normalize(n)) for n in c.names), default=0) for c in choices]
    best = max(tiers, default=0)
    if best:
        return best, [c for c, t in zip(choices, tiers, strict=True) if t == best]
    if not fuzzy:
        return 0, []
    scores = _fuzzy_scores(wanted, choices)
    top = max(scores, default=0.0)
    if top < FUZZY_CUTOFF:
        return 0, []
    return FUZZY, [c for c, s in zip(choices, scores, strict=True) if s >= top - 0.5]


def _fuzzy_scores(wanted: str, choices: Sequence[Named]) -> list[float]:
    from rapidfuzz import fuzz

    words = wanted.count(" ") + 1

    def score(name: str) -> float:
        # Compare with the whole name and with its first words, so that a misspelt
        # "countertransferance" scores on "countertransference ..." and not on "transference".
        leading = " ".join(name.split()[:words])
        return max(fuzz.ratio(wanted, name), fuzz.ratio(wanted, leading))

    return [max((score(normalize(n)) for n in c.names), default=0.0) for c in choices]


def _word_by_word(query_words: list[str], words: list[str]) -> float:
    """How well each query word matches some word of a name, on average (RapidFuzz `ratio`)."""
    from rapidfuzz import fuzz

    if not words:
        return 0.0
    return sum(max(fuzz.ratio(q, w) for w in words) for q in query_words) / len(query_words)


def suggestions(query: str, names: Iterable[str], limit: int = 3) -> list[str]:
    """The names close to a query that matched nothing, best first; none when nothing is close.

    Close means: a misspelling of the whole name (RapidFuzz `ratio`), or of one of its words,
    or a word of the name that the query starts. A weak guess is worse than none.
    """
    from rapidfuzz import fuzz

    key = name_key if in_other_script(query) else normalize  # review: "тревоги" suggested nothing
    wanted = key(query)
    if len(wanted.replace(" ", "")) < SUGGEST_SHORTEST:
        return []  # a letter or two is in nearly every name: no guess is close
    scored: list[tuple[float, str]] = []
    for name in dict.fromkeys(names):
        candidate = key(name)
        if wanted in candidate and f" {wanted}" not in f" {candidate}":
            # The query whole, inside a longer word: another word, not a slip (QA: "transference"
            # offered "countertransference", the opposite clinical notion).
            continue
        words = candidate.split()
        score = max(
            fuzz.ratio(wanted, candidate),
            fuzz.ratio(wanted.replace(" ", ""), candidate.replace(" ", "")),
            _word_by_word(wanted.split(), words) - 5,  # each word the query has, misspelt or not
            95.0 if len(wanted) >= 4 and any(w.startswith(wanted) for w in words) else 0.0,
        )
        if score >= SUGGEST_CUTOFF:
            scored.append((score, name))
    scored.sort(key=lambda pair: -pair[0])
    return [name for _score, name in scored[:limit]]


# Patterns ------------------------------------------------------------------


def pattern_choices(cards: Iterable[tuple[str, str, Sequence[str]]]) -> list[Named]:
    """Choices from (id, name, aliases) triples."""
    return [Named(card_id, (card_id, name, *aliases)) for card_id, name, aliases in cards]


def resolve_pattern(
    query: str,
    cards: Sequence[tuple[str, str, Sequence[str]]],
    normalized: Sequence[Sequence[str]] | None = None,
) -> str:
    """The id of the card whose id, name or alias is the query (any case); NotFound with suggestions otherwise.

    Only exact names resolve: a pattern is a clinical claim, so a near miss is
    offered as a suggestion rather than silently taken. `normalized`: each card's names already
    normalized, in the same order (kept in the card cache: with thousands of cards, normalizing
    every name on every look-up costs more than the look-up).
    """
    choices = pattern_choices(cards)
    wanted = normalize(query)
    if in_other_script(query):  # "тревога", which `normalize` keeps nothing of
        wanted, normalized = name_key(query), [[name_key(n) for n in c.names] for c in choices]
    elif normalized is None:
        normalized = [[normalize(n) for n in c.names] for c in choices]
    exact = [c for c, names in zip(choices, normalized, strict=True) if wanted in names]
    if len(exact) == 1:
        return str(exact[0].value)
    by_id = [c for c in exact if normalize(str(c.value)) == wanted]
    if len(by_id) == 1:  # a card's own id beats another card's name or alias
        return str(by_id[0].value)
    if exact:
        ids = [str(c.value) for c in exact]
        raise NotFound(f"{shortened(query)} could mean several patterns: {', '.join(ids)}", ids)
    raise NotFound(
        f"no pattern called {shortened(query)}", suggest_patterns(query, choices), hint="pattern list"
    )


def suggest_patterns(query: str, choices: Sequence[Named]) -> list[str]:
    """Ids of the closest patterns: those the query starts (two letters at least), then fuzzy
    matches (see `suggestions`)."""
    if len(normalize(query).replace(" ", "")) < 2:
        return []  # one letter starts a word of most patterns' names
    query = _without_pattern_word(query, choices)
    if not query:
        return []  # "pattern" alone is in every name: no card is closer than another
    starts = [str(c.value) for c in best_matches(query, choices) if _tier_of(query, c) >= WORDS]
    owner: dict[str, str] = {}  # each name, with the first card (in card order) it belongs to
    for choice in choices:
        for name in choice.names:
            owner.setdefault(name, str(choice.value))
    fuzzy = [owner[name] for name in suggestions(query, owner)]  # closest first
    return list(dict.fromkeys([*starts, *fuzzy]))[:3]


def _without_pattern_word(query: str, choices: Sequence[Named]) -> str:
    """The query without "pattern" (or a misspelling of it, "patern"): every card's name ends in
    it, so it would make "Defiant Pattern" look close to "Needy Patern". A word of some card's
    name ("paternal") is kept, however like "pattern" it looks."""
    from rapidfuzz import fuzz

    named = {w for c in choices for n in c.names for w in normalize(n).split()} - {"pattern"}

    def is_pattern(word: str) -> bool:  # "patern" is; "paternl" is closer to "paternal"
        likeness = fuzz.ratio(word, "pattern")
        return likeness >= PATTERN_WORD_LIKENESS and all(fuzz.ratio(word, n) < likeness for n in named)

    return " ".join(w for w in normalize(query).split() if not is_pattern(w))


PATTERN_WORD_LIKENESS = 80  # how like "pattern" a word must be to be taken for it (patern: 92)


def _tier_of(query: str, choice: Named) -> int:
    wanted = normalize(query)
    return max(match_tier(wanted, normalize(n)) for n in choice.names)


# Sections ------------------------------------------------------------------

_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
_NUMBERS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def phase_names(number: int) -> tuple[str, ...]:
    """What a clinician may call treatment phase `number`: "phase 2", "phase two", "second phase"."""
    names = [f"phase {number}", f"{number} phase"]
    if number <= len(_NUMBERS):
        names += [f"phase {_NUMBERS[number - 1]}", f"{_ORDINALS[number - 1]} phase"]
    return tuple(names)


# "phase 9", "9 phase", "phase nine", "ninth phase": a phase asked for by its number, in any words.
_PHASE_ASKED = re.compile(
    r"^(phase [a-z0-9]+|[a-z0-9]+ phase)$|^phase [0-9]+ "
)  # or a heading: "phase 4 reparation"
# "phase10", typed as one word, is phase 10 (not a typo of "phase 1", nor a beginning of "phase 12").
_PHASE_GLUED = re.compile(r"^phase([0-9]+)$")


def section_choices(card: Card) -> list[Named]:
    """Each section under its own names: key, title, aliases and, for a treatment phase, its number."""
    choices = []
    for s in card.sections:
        number = phase_number(card, s)
        # A phase's heading as shown ("Phase 4 · Reparation") names it too, copied whole.
        phases = (*phase_names(number), f"phase {number} {s.title}") if number is not None else ()
        choices.append(Named(s, (s.key, s.key.replace("-", " "), s.title, *s.aliases, *phases)))
    return choices


def group_choices(card: Card) -> list[Named]:
    return [Named(s, (s.group, group_title(s.group))) for s in card.sections]


def resolve_sections(card: Card, queries: Sequence[str]) -> tuple[Section, ...]:
    """The sections a list of queries asks for, in the card's order; NotFound for a query matching none."""
    wanted: set[str] = set()
    for query in queries:
        tier, found = match_sections(card, query)
        if not tier:
            raise unknown_section(card, query)
        wanted.update(s.key for s in found)
    return tuple(s for s in card.sections if s.key in wanted)


def narrow(card: Card, queries: Sequence[str]) -> Card:
    """The card cut down to the sections the queries ask for, as `show -s` shows it."""
    return card.with_sections(resolve_sections(card, queries))


def narrow_each(cards: Sequence[Card], queries: Sequence[str]) -> tuple[list[Card], list[Card]]:
    """Each card cut down on its own to the sections the queries match on it, and the cards with none.

    A query that matches no section of any card is a typo, not an absence: NotFound.
    """
    narrowed: list[Card] = []
    lacking: list[Card] = []
    matched_somewhere: set[str] = set()
    for card in cards:
        keys: set[str] = set()
        for query in queries:
            found = match_sections(card, query)[1]
            if found:
                matched_somewhere.add(query)
                keys.update(s.key for s in found)
        if keys:
            narrowed.append(card.with_sections(tuple(s for s in card.sections if s.key in keys)))
        else:
            lacking.append(card)
    unmatched = [q for q in queries if q not in matched_somewhere]
    if unmatched:
        if len(cards) == 1:
            raise unknown_section(cards[0], unmatched[0])
        raise NotFound(
            f"no card has a section matching {shortened(unmatched[0])}", hint="pattern sections PATTERN"
        )
    return narrowed, lacking


def match_sections(card: Card, query: str) -> tuple[int, list[Section]]:
    """How well a query matches the card's sections (0: not at all), and the sections matched.

    A section's own names come first; a group's name ("treatment", "dynamics") stands for its
    sections only when the query is that name or its beginning, so that a word that merely
    occurs in a group's title ("subtypes" in "Distinctions and Subtypes") never brings back
    sections the clinician did not ask for.
    """
    if not normalize(query):  # names nothing: a usage error, not a section the card lacks
        raise UsageProblem(
            f"no section name in {shortened(query)}: give a section's key or title (`pattern sections PATTERN`)"
        )
    # A phase asked for by its number is that phase or none: "phase 9" is no typo of "phase 1".
    query = _PHASE_GLUED.sub(r"phase \1", normalize(query))
    tier, found = ranked_matches(query, section_choices(card), fuzzy=not _PHASE_ASKED.match(query))
    if tier < PREFIX:
        group_tier, in_group = ranked_matches(query, group_choices(card), fuzzy=False)
        if group_tier >= PREFIX:
            tier, found = group_tier, in_group
    return tier, [c.value for c in found if isinstance(c.value, Section)]


def omission_reason(card: Card, query: str) -> str | None:
    """Why the card leaves out the section the query names, if it says it does so on purpose."""
    return next((r for key, r in card.omitted if match_tier(normalize(query), normalize(key))), None)


def unknown_section(card: Card, query: str) -> NotFound:
    reason = omission_reason(card, query)
    if reason is not None:
        return NotFound(f"{card.name} leaves out {shortened(query)} on purpose: {reason}")
    titles = {s.title: s.key for s in card.sections}
    keys = {s.key: s.key for s in card.sections}
    close = suggestions(query, [*titles, *keys])
    shown = list(dict.fromkeys(titles.get(n) or keys[n] for n in close))
    return NotFound(
        f"no section matching {shortened(query)} in {card.name}", shown, hint=f"pattern sections {card.id}"
    )
