"""Risk language (search/risk.py): what a clinician writes of suicide, self-harm and harm to others
is taken for risk, and everyday phrases holding the same words are not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from patterncli.search.rank import risk_book
from patterncli.search.risk import in_risk_words, outside_risk, risk_said

# QA, writing as a clinician would: none of these raised the alarm.
SAID_OF_RISK = [
    "she's been cutting again",
    "has cuts on her forearms",
    "scratching herself until she bleeds",
    "head banging when distressed",
    "slashed her wrists",
    "says there is no point going on",
    "no reason to live",
    "hopes she won't wake up",
    "hung himself",
    "threw herself off a bridge",
    "took too many pills",
    "took a handful of pills",
    "stockpiling tablets",
    "a ligature",
    "gave away her possessions",
    "pt reports passive SI, no plan",
    "history of DSH",
    "NSSI",
    "an OD last year",
    "selfharm",
    "self-harmer",
    "suicidel thoughts",
    "wanted to be dead",
    "searching ways to die online",
    # Harm to others: the cards' lines on violence and abuse were reached by none of these.
    "wants to kill her husband",
    "homicidal",
    "threatened to kill his ex",
    "safeguarding concern",
    "thoughts of harming the baby",
    "domestic violence",
    "coercive control",
    # QA, a second round: none of these was taken for risk either.
    "life isn't worth living",
    "I don't want to be here anymore",
    "thinks everyone would be better off without her",
    "jumped off the roof",
    "walked into traffic",
    "scratches her arms until they bleed",
    "banging her head against the wall",
    "he hits the children",
    "her husband hits her",
    "he is violent towards his wife",
    "strangled his girlfriend",
    "threatened her with a knife",
    "child protection",
    "shook the baby",
    "thoughts of harming others",
    "suicdal",  # a letter dropped, then an ending the stemmer leaves
    "suicidle thoughts",
    "domestic voilence",  # two letters swapped
    # Review: phrasings of the bundled examples and of everyday notes that raised no alarm.
    "fresh scratches on forearm, vague about them",
    "a history of superficial cutting after breakups",
    "took a bottle of paracetamol last week",
    "starving herself since the breakup",
    "says she would rather not wake up",
    "wishes he could go to sleep and never wake up",
    "pushed his wife down the stairs",
    "hurts the kids when he drinks",
    "punches walls when he is angry",
    "talks of going to shoot himself",
    "shot himself last year and survived",
    "threatened to shoot his boss",
    "threatened to stab her if she left",
    "poisoned herself with weedkiller",
    "punched his wife during an argument",
    "assaulted a coworker",
    "wants to hurt his kids",
    # QA, second round: common phrasings, and real risk that a word after the phrase silenced.
    "hang herself off the banister",
    "hanging himself off the loft hatch",
    "cut herself up badly last night",
    "tried to take her life",
    "made an attempt on her life",
    "thoughts of death",
    "life isn't worth it",
    "wants to go to sleep and not wake up",
    "parasuicide",
    "tied a noose",
    "swallowed a bottle of pills",
    "looked up lethal doses",
    "wrote goodbye letters",
    "partner choked her",
    "my husband will kill me",
    "carries a knife",
    "slapped his wife",
    "hits her son",
    "smacks the kids",
    "physically violent",
    "charged with assault",
    "sexually abused",
    "children at risk",
    "punched her husband",
    "assaulted a co-worker",
    "marks on her wrists",
    "scars on her forearms",
    "has overdosed time and again",
    "self-harmed time after time",
    "would kill herself out of shame",
    # QA: harm to others, in browse and on the command line.
    "threatened to hurt his wife",
    "wants to kill his boss",
    "wants to kill him",
    "threatens to hurt someone",
    "beats his children",
    "said he would shoot his ex",
    "threatening violence",
    "dangerous to others",
    # Review: a word after the phrase that silenced it, though it begins another phrase.
    "suicidal some days",
    "overdosed out of despair",
    "would kill herself out of shame",
    "kill herself, some days",
    "suicidal up until last year",
    # QA, a third round.
    "suicidial thoughts",  # a letter slipped in after the stem, then an ending
    "wants to hurt people",
    "urges to hurt others",
    "hearing voices telling him to hurt people",
    "DV at home",
    "could hurt his partner",
    "wants to hurt his ex",
    "OD'd on paracetamol last wk",
    "ODed twice this year",
]

# Figures of speech and accidents: an alarm on these teaches a clinician to skip the warning.
NOT_RISK = [
    "killing herself laughing",
    "kills himself working late every night",
    "cut himself shaving",
    "burned herself cooking",
    "hurt herself playing football",
    "overdoes the apologies",  # one letter from "overdose", yet another word
    "cutting corners",
    "cut her off",
    "dying to see the film",
    "beats herself up",
    "no point arguing",
    # Review: words one letter from a risk word of five letters ("stalk"), or holding one.
    "stalls on tasks",
    "cites Evan Stark",
    "freezes when presenting in front of a training group",
    "attended safeguarding training",
    "she needs to cut herself some slack",
    "SI joint pain",
    "gun-shy",
    "afraid of her partner leaving",
    "the alarm did not wake her up",
    "shot himself in the foot by quitting",
    "worries he will hurt the kids' feelings",
    "would stab at an answer",
    "wants to kill time before the session",
    # QA, second round: what a word after the phrase makes of it, and only after that phrase.
    "cut herself off to avoid conflict",
    "cut himself off of social media",
    "hang himself out to dry",
    "starving herself of fun",
    "beats his wife at chess",
    "partner hits the gym",
    "worried she hurt the kids by divorcing",
    "doesn't want to live with her mother",
    "end of life care",
    "at the end of his life",
    "wants to kill some time",
    "never wake up before noon",
    "shoot his ex a text",
    "superficial cutting remarks",
    "harm himself financially",
    "cut herself a bit of slack",
    "safeguarding his boundaries",
    "threw herself off balance",
    "afraid she will hurt others by saying no",
    "going to kill it at the interview",
    "worried she will hurt others' feelings",
    "wants to hurt nobody's feelings",
    "suicidology conference",  # a longer word holding the stem, not a slip
    "killing himself to please his boss",
    "kills herself trying to keep everyone happy",
    "an odd one out at work",
    "dx of ODD as a child",  # oppositional defiant disorder, not "OD'd"
]


def test_a_threat_to_kill_oneself_is_taken_for_suicide_not_harm_to_others() -> None:
    """Review: "threatened to kill himself" listed the lines on abuse first, none on suicide."""
    assert [typed for typed, _ in risk_said("threatened to kill himself", risk_book(None))] == [
        "kill himself"
    ]


@pytest.mark.parametrize("text", SAID_OF_RISK)
def test_a_clinicians_words_for_risk_are_taken_for_risk(text: str) -> None:
    assert risk_said(text, risk_book(None)), text


@pytest.mark.parametrize("text", NOT_RISK)
def test_an_everyday_phrase_or_an_accident_is_no_risk(text: str) -> None:
    assert not risk_said(text, risk_book(None)), text


def test_a_risk_is_matched_through_the_cards_words_for_it() -> None:
    """What `match` matches for a trait: the cards' words for its risk alone, each said to stand in
    for the phrase as typed, and the cards' phrases a line must hold; the cards' own word typed is
    matched as itself."""
    text, stand_ins, phrases = in_risk_words("Took an Overdose last week", risk_book(None))
    assert (text, stand_ins, phrases) == ("suicide", {"suicide": "Overdose"}, [("suicide",)])
    text, stand_ins, phrases = in_risk_words("cut his wrists", risk_book(None))
    assert text.split() == ["self", "harm"] and phrases == [("self", "harm")]
    assert in_risk_words("suicide", risk_book(None)) == ("suicide", {"suicide": ""}, [("suicide",)])
    assert in_risk_words("shy and hesitant", risk_book(None)) == ("shy and hesitant", {}, [])


def test_what_match_leaves_out_of_a_trait_speaking_of_risk_is_said() -> None:
    assert outside_risk("terrified of rejection and has been cutting again", risk_book(None)) == (
        "terrified of rejection"
    )
    assert outside_risk("took an overdose", risk_book(None)) == ""
    # The verb leading the phrase goes with it (it was left as "terrified of rejection and took").
    assert (
        outside_risk("terrified of rejection and took an overdose", risk_book(None))
        == "terrified of rejection"
    )
    assert outside_risk("shy and hesitant", risk_book(None)) == ""


@given(st.text(alphabet="abcs", max_size=7), st.text(alphabet="abcs", max_size=7))
def test_one_slip_is_what_rapidfuzz_counts_as_one_edit(a: str, b: str) -> None:
    """risk.py writes the check out (the fast path does not import rapidfuzz for it); it must
    agree with RapidFuzz's optimal string alignment distance of 1: one letter added, dropped,
    changed, or two neighbours swapped."""
    from patterncli.search.risk import _one_edit_apart

    assert _one_edit_apart(a, b) == (a != b and OSA.distance(a, b) == 1)


@given(st.data())
def test_a_misspelt_risk_word_is_taken_for_the_stem_a_scan_of_every_stem_finds(data: st.DataObject) -> None:
    """risk.py looks for the stem a word misspells only among stems of a length it could be;
    that must find what trying every long risk stem in turn finds (a slip within the stem, and
    perhaps an ending after it: "sucidal", "suicidle", "suicidial")."""
    from patterncli.search import risk
    from patterncli.search.words import stem

    stems = risk_book(None).stems
    # Shortest first, then alphabetical: the same stem wins in every run, whatever the hash seed.
    long_stems = sorted((s for s in stems if len(s) >= risk._TYPO_MIN), key=lambda s: (len(s), s))
    word = data.draw(st.sampled_from(sorted(long_stems)))
    at = data.draw(st.integers(0, len(word)))
    letter = data.draw(st.sampled_from("aeilnorstu"))
    slip = data.draw(st.sampled_from(["add", "drop", "change"]))
    if slip == "add":
        word = word[:at] + letter + word[at:]
    elif at < len(word):
        word = word[:at] + ("" if slip == "drop" else letter) + word[at + 1 :]
    word += data.draw(st.sampled_from(["", "al", "le", "s", "ed", "ing", "ly"]))

    found, last_letter_off = stem(word), stem(word[:-1])
    if found in stems or len(found) < risk._TYPED_MIN:
        return  # taken as it is, before any stem is tried
    if len(last_letter_off) >= risk._TYPED_MIN and last_letter_off in stems:
        return  # a wrong last letter, before any stem is tried
    every = next(
        (s for s in long_stems if risk._misspelt(found, s) or risk._misspelt_then_ended(word, s)), found
    )
    assert risk._risk_stem(word, stems) == every
