"""Risk language: a clinician's words for suicide and self-harm, found in a query or a trait.

Risk comes before any pattern. A search that speaks of it lists first every card's line on
assessing the risk (rank.search); `match` says to assess it before any pattern (MatchReport.risk).
What counts is data: the `risk` entries of the thesaurus, bundled and the card path's.

They are found more strictly than the thesaurus's other phrases, since a false alarm on an everyday
phrase teaches a clinician to skip the warning: a phrase's words in its order and side by side
(stop words aside: "kill herself" in "said she might kill herself"), any form of each, one typo in
a long word ("sucidal thoughts"), and not when a particle follows ("cut herself off from her
friends" is no self-harm).
"""

from __future__ import annotations

from ..resolve import normalize
from .words import STOP_WORDS, Phrase, PhraseBook, stem, typed_words, word_set

# A particle after a phrase makes another verb of it: "cut herself off", "hang himself out".
_PARTICLES_AFTER = word_set("off out up away")
_TYPO_MIN = 5  # letters of a stem before one typo in it is forgiven ("dead" is no "deal")


def risk_said(text: str, book: PhraseBook) -> list[tuple[str, list[Phrase]]]:
    """The risk phrases the text holds, as typed ("kill herself"), each with what it finds (the
    cards' words for the risk), in the text's order."""
    if not book:
        return []
    sequence = normalize(text).split()
    positions = [i for i, w in enumerate(sequence) if w not in STOP_WORDS]
    stems = [_risk_stem(sequence[i], book.stems) for i in positions]
    found: dict[tuple[int, int], list[Phrase]] = {}
    for start, first in enumerate(stems):
        for phrase, targets in book.index.get(first, ()):
            end = start + len(phrase)
            if tuple(stems[start:end]) == phrase and not _particle_after(sequence, positions, end):
                found.setdefault((positions[start], positions[end - 1]), list(targets))
    # A phrase within a longer one is said with it: "sucidal thoughts", not "sucidal" too.
    spans = [
        span for span in found if not any(o != span and o[0] <= span[0] <= span[1] <= o[1] for o in found)
    ]
    typed = typed_words(text, sequence)
    return [
        (text[typed[a][0] : typed[b][1]] if typed else " ".join(sequence[a : b + 1]), found[a, b])
        for a, b in sorted(spans)
    ]


def _particle_after(sequence: list[str], positions: list[int], end: int) -> bool:
    """Whether the word after a phrase ending before content word `end` is a particle."""
    after = positions[end - 1] + 1
    return after < len(sequence) and sequence[after] in _PARTICLES_AFTER


def _risk_stem(word: str, risk_stems: frozenset[str]) -> str:
    """The word's stem, or the risk stem it misspells by one letter (a long stem only)."""
    found = stem(word)
    if found in risk_stems or len(found) < _TYPO_MIN:
        return found
    return next((s for s in risk_stems if len(s) >= _TYPO_MIN and _one_edit_apart(found, s)), found)


def _one_edit_apart(a: str, b: str) -> bool:
    """Whether two different words differ by one letter added, dropped or changed."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]
