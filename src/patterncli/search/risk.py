"""Risk language: a clinician's words for suicide, self-harm and harm to others, found in a
query or a trait.

Risk comes before any pattern. A search that speaks of it lists first every card's line on
assessing the risk (rank.search); `match` says to assess it before any pattern (MatchReport.risk).
What counts is data: the `risk` entries of the thesaurus, bundled and the card path's.

They are found more strictly than the thesaurus's other phrases, since a false alarm on an everyday
phrase teaches a clinician to skip the warning: a phrase's words in its order and side by side
(stop words aside: "kill herself" in "said she might kill herself"), any form of each, one typo in
a long word ("sucidal thoughts"), and not when a word after it makes something else of it: a word
saying what was done ("killing herself laughing", "cut himself shaving") after any phrase, others
only after the phrases they change ("cut herself off from her friends" is no self-harm, "hang
herself off the banister" is).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache

from ..resolve import normalize
from .words import STOP_WORDS, Phrase, PhraseBook, stem, typed_words, word_set

# Words after a phrase that say it was a figure of speech or an accident, whatever the phrase:
# "kills himself working late", "hurt the kids' feelings", "harm himself financially";
# "safeguarding training" is a course, "SI joint" a joint; and a reflexive pronoun after one makes
# it part of another: "threatened to kill himself" is a threat to himself, "kill himself", not to
# others.
_NOT_RISK_AFTER = word_set(
    """away laughing shaving cooking working playing training skiing feelings financially
    professionally socially myself yourself himself herself itself ourselves themselves themself joint"""
)
# Words after a phrase holding one of these words that make another thing of it; only after those
# (review and QA: "off", "out", "some" and "time" after any phrase silenced "hang herself off the
# banister", "would kill herself out of shame", "suicidal some days", "overdosed time and again").
_OTHERWISE_AFTER_WORD = {
    "cut": ("off", "out", "some slack", "a bit of slack", "remarks", "comments", "words", "humour", "humor"),
    "hang": ("out",),
    "throw": ("balance",),
    "threw": ("balance",),
    "kill": ("time", "some time", "an hour", "to please", "to impress", "trying to"),  # "... his boss"
    "shoot": ("in the foot", "a text", "a message", "an email", "a look", "a glance"),
    "shot": ("in the foot", "a text", "a message", "an email", "a look", "a glance"),
    "starving": ("of",),  # "starving herself of fun"
    "beat": ("at",),  # "beats his wife at chess"
    "hit": ("the gym", "the roof", "the ceiling", "the bottle", "the books", "the road"),
    "kids": ("by",),  # "hurt the kids by divorcing"
    "children": ("by",),
    "live": ("with", "alone", "in", "there", "here", "near", "at", "on"),  # "doesn't want to live with her"
    "wake": ("before", "the", "early", "at", "until", "till", "in", "on"),  # "never wake up before noon"
    "safeguarding": ("his", "her", "their", "my", "your", "our", "against"),  # "... his boundaries"
    "bang": ("against a brick wall",),
    "life": ("care",),  # "end of life care"
}
# Verbs that lead a risk phrase ("took an overdose", "has tried to hang herself"): left out with it.
_LEADS_RISK = word_set(
    "took take takes taking taken tried tries trying attempted attempts made has had have been"
)
_TYPO_MIN = 6  # letters of a risk stem before one typo in it is forgiven: "stalls" is no "stalking"
_TYPED_MIN = 5  # letters of the stem typed: "sucid" ("sucidal") misspells "suicid"


def risk_said(text: str, book: PhraseBook) -> list[tuple[str, list[Phrase]]]:
    """The risk phrases the text holds, as typed ("kill herself"), each with what it finds (the
    cards' words for the risk), in the text's order."""
    sequence, spans = _risk_spans(text, book)
    typed = typed_words(text, sequence)
    return [
        (text[typed[a][0] : typed[b][1]] if typed else " ".join(sequence[a : b + 1]), found)
        for a, b, found in spans
    ]


def in_risk_words(text: str, book: PhraseBook) -> tuple[str, dict[str, str], list[Phrase]]:
    """What `match` matches for a trait speaking of risk: the cards' words for each risk phrase in
    it, alone, so that "took an overdose last night" is found in the cards' lines on suicide, and
    no line is taken for evidence through the phrase's own words ("taking charge of one's own life"
    for "taking her own life", "broke his wrist" for "cut his wrists"); each of those words with the
    phrase it stands in for, as typed ("" for the cards' word typed itself); and the cards'
    phrases for the risk, a line on it holding every word of one. The text as it is when it holds
    none."""
    sequence, spans = _risk_spans(text, book)
    if not spans:
        return text, {}, []
    typed = typed_words(text, sequence)
    stand_ins: dict[str, str] = {}
    phrases: dict[Phrase, None] = {}
    for a, b, found in spans:
        said = text[typed[a][0] : typed[b][1]] if typed else " ".join(sequence[a : b + 1])
        # The cards' own word typed ("suicide", which finds "self-harm" too) is matched as itself.
        own = [phrase for phrase in found if _stems(phrase) == _stems(sequence[a : b + 1])]
        for phrase in own or found:
            phrases.setdefault(phrase)
            for word in phrase:
                stand_ins.setdefault(word, "" if own else said)
    return " ".join(stand_ins), stand_ins, list(phrases)


def outside_risk(text: str, book: PhraseBook) -> str:
    """The text as typed, its risk phrases taken out: what `match` leaves out of a trait that
    speaks of a risk, the joining words at its ends dropped: "terrified of rejection" of
    "terrified of rejection and has been cutting again"."""
    sequence, spans = _risk_spans(text, book)
    typed = typed_words(text, sequence)
    if not spans or not typed:
        return ""
    kept, done = [], 0
    for first, b, _ in spans:
        a = first
        while a > 0 and (sequence[a - 1] in STOP_WORDS or sequence[a - 1] in _LEADS_RISK):
            a -= 1  # the verb that leads it belongs to it: "took" of "took an overdose"
        kept.append(text[done : max(done, typed[a][0])])
        done = max(done, typed[b][1])
    kept.append(text[done:])
    words = " ".join(kept).split()
    while words and _joining(words[0]):  # "terrified of rejection", not "... and has been"
        words.pop(0)
    while words and _joining(words[-1]):
        words.pop()
    kept_words: list[str] = []
    for word in words:
        # A mark left alone where a phrase was cut out before it goes to the word before it, once
        # (QA: "passive , no plan"; "anxious, , avoids friends").
        if kept_words and all(c in _MARKS for c in word):
            if kept_words[-1][-1] not in _MARKS:
                kept_words[-1] += word
            continue
        kept_words.append(word)
    return " ".join(kept_words).strip(_MARKS + " ")  # review: "give 'eating disorder,' ..."


_MARKS = ",.;:!?"


def _joining(typed: str) -> bool:
    """Whether a word as typed is only a stop word, or no word at all ("and", "has", ",")."""
    return all(w in STOP_WORDS for w in normalize(typed).split())


def _stems(words: Sequence[str]) -> tuple[str, ...]:
    return tuple(stem(w) for w in words if w not in STOP_WORDS)


def _risk_spans(text: str, book: PhraseBook) -> tuple[list[str], list[tuple[int, int, list[Phrase]]]]:
    """The text's normalized words, and where among them it holds risk phrases: (first, last)
    word, each with what it finds, in the text's order."""
    sequence, spans = _found_risk_spans(text, book)
    return list(sequence), [(a, b, list(found)) for a, b, found in spans]


# `match` reads each trait for risk four or five times (to note it, to say what it leaves out, to
# match it, to join words typed without quotes): found once, then copied for each caller.
@lru_cache(maxsize=256)
def _found_risk_spans(
    text: str, book: PhraseBook
) -> tuple[tuple[str, ...], tuple[tuple[int, int, tuple[Phrase, ...]], ...]]:
    sequence = _overdosed_as_od(text, normalize(text).split())
    if not book:
        return tuple(sequence), ()
    positions = [i for i, w in enumerate(sequence) if w not in STOP_WORDS]
    stems = [_risk_stem(sequence[i], book.stems) for i in positions]
    found: dict[tuple[int, int], list[Phrase]] = {}
    for start, first in enumerate(stems):
        for phrase, targets in book.index.get(first, ()):
            end = start + len(phrase)
            if tuple(stems[start:end]) == phrase and not _said_otherwise(
                sequence, positions, start, end, phrase
            ):
                found.setdefault((positions[start], positions[end - 1]), list(targets))
    # A phrase within a longer one is said with it: "sucidal thoughts", not "sucidal" too.
    spans = [
        span for span in found if not any(o != span and o[0] <= span[0] <= span[1] <= o[1] for o in found)
    ]
    return tuple(sequence), tuple((a, b, tuple(found[a, b])) for a, b in sorted(spans))


def _overdosed_as_od(text: str, sequence: list[str]) -> list[str]:
    """The normalized words, "OD'd" and "OD'ed" (overdosed) read as "od": the apostrophe gone,
    they were "odd" and "oded" (QA: "OD'd on paracetamol" raised no alarm). Only as typed in
    capitals, as notes write it: "odd" is a word."""
    if "OD" not in text:
        return sequence
    typed = typed_words(text, sequence)
    return [
        "od" if typed and text[typed[i][0] : typed[i][1]].replace("’", "'") in _OD_FORMS else word
        for i, word in enumerate(sequence)
    ]


_OD_FORMS = frozenset({"OD'd", "OD'ed", "ODed", "ODd", "OD'ing", "ODing"})


def _said_otherwise(sequence: list[str], positions: list[int], start: int, end: int, phrase: Phrase) -> bool:
    """Whether the words around a phrase (content words `start` to `end`, its stems `phrase`) make
    it no risk: what follows it, or "the" before an "end" ("at the end of his life")."""
    after = positions[end - 1] + 1
    if after < len(sequence) and sequence[after] in _NOT_RISK_AFTER:
        return True
    before = positions[start] - 1
    if phrase[0] == stem("end") and before >= 0 and sequence[before] == "the":
        return True
    following = " ".join(sequence[after : after + 4]) + " "
    otherwise = _otherwise_after()
    return any(following.startswith(words + " ") for word in phrase for words in otherwise.get(word, ()))


@cache
def _otherwise_after() -> dict[str, tuple[str, ...]]:
    """_OTHERWISE_AFTER_WORD by the stem of each word (the stemmer is loaded on first use)."""
    found: dict[str, tuple[str, ...]] = {}
    for word, after in _OTHERWISE_AFTER_WORD.items():
        found[stem(word)] = found.get(stem(word), ()) + after
    return found


@lru_cache(maxsize=4096)
def _risk_stem(word: str, risk_stems: frozenset[str]) -> str:
    """The word's stem, or the risk stem it misspells by one letter (a long stem only): a letter
    added, dropped or changed within it ("sucidal"), or a wrong last letter ("suicidel"). A word
    that only ends otherwise is another word: "overdoes" is no "overdose"."""
    found = stem(word)
    if found in risk_stems or len(found) < _TYPED_MIN:
        return found
    last_letter_off = stem(word[:-1])
    if len(last_letter_off) >= _TYPED_MIN and last_letter_off in risk_stems:
        return last_letter_off
    return next(
        (
            s
            for s in _long_stems_near(risk_stems, len(found), len(word))
            if _misspelt(found, s) or _misspelt_then_ended(word, s)
        ),
        found,
    )


def _long_stems_near(risk_stems: frozenset[str], stem_length: int, word_length: int) -> list[str]:
    """The long risk stems a stem of `stem_length` letters, from a word of `word_length`, may
    misspell: a letter more or fewer than the stem (_misspelt), or the word's length less an
    ending of up to three letters and a letter either way (_misspelt_then_ended). Shortest
    first, then in alphabetical order: the first that fits is taken, the same in every run."""
    by_length = _long_stems_by_length(risk_stems)
    lengths = {*range(stem_length - 1, stem_length + 2), *range(word_length - 4, word_length + 1)}
    return [s for length in sorted(lengths) for s in by_length.get(length, ())]


@lru_cache(maxsize=8)
def _long_stems_by_length(risk_stems: frozenset[str]) -> dict[int, tuple[str, ...]]:
    """The long risk stems by length, each length's in alphabetical order."""
    found: dict[int, list[str]] = {}
    for s in sorted(risk_stems):
        if len(s) >= _TYPO_MIN:
            found.setdefault(len(s), []).append(s)
    return {length: tuple(stems) for length, stems in found.items()}


_ENDINGS = ("al", "el", "le", "l", "e", "es", "ed", "ing", "s", "ly")  # after a misspelt stem


def _misspelt_then_ended(word: str, risk_stem: str) -> bool:
    """Whether the word is the risk stem, one letter wrong or not, then an ending the stemmer did
    not take off for the slip: "suicdal", "suicidle", "suicidial"."""
    for cut in (len(risk_stem) - 1, len(risk_stem), len(risk_stem) + 1):
        head, tail = word[:cut], word[cut:]
        # The slip is within the stem, which ends as it should: "overdoes" is no "overdose".
        if tail in _ENDINGS and (
            head == risk_stem or (head[-1:] == risk_stem[-1:] and _misspelt(head, risk_stem))
        ):
            return True
    # Or a vowel slipped in after the stem, before an ending of two letters or more (QA:
    # "suicidial thoughts" showed the lines on suicide, and no risk was said); a consonant there
    # makes another word ("trafficking" is no "traffic").
    slipped, ending = word[len(risk_stem) : len(risk_stem) + 1], word[len(risk_stem) + 1 :]
    return word.startswith(risk_stem) and slipped in _VOWELS and len(ending) >= 2 and ending in _ENDINGS


_VOWELS = frozenset("aeiouy")


def _misspelt(found: str, risk_stem: str) -> bool:
    """Whether a stem is the risk stem with one letter wrong, not the same letters ended otherwise."""
    return _one_edit_apart(found, risk_stem) and not (
        found.startswith(risk_stem) or risk_stem.startswith(found)
    )


def _one_edit_apart(a: str, b: str) -> bool:
    """Whether two different words differ by one letter added, dropped, changed, or two side by
    side swapped ("suicdal", "voilence"). (Written out: every search and match asks it, and the
    fast path imports no more than it needs.)"""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]
    swapped = i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    return a[i + 1 :] == b[i + 1 :] or swapped
