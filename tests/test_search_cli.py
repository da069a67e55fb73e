"""`pattern search` as typed, and shell completion through bash's completion protocol."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import clean_env, installed_pattern, run


def test_silent_member_comes_first() -> None:
    out = run("search", "silent member")
    assert out.stdout.splitlines()[0] == "insecure  Group Roles/Positions: The silent member"


def test_a_misspelt_therapist_side_query_finds_its_line_first() -> None:
    hits = json.loads(run("search", "countertransferance reassuring", "-f", "json").stdout)
    assert hits[0]["text"] == "Overly involved in reassuring client"
    assert {"pattern", "section", "text", "score"} <= set(hits[0])
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_pattern_and_section_narrow_the_search() -> None:
    hits = json.loads(run("search", "reassuring", "-p", "insecure", "-f", "json").stdout)
    assert hits and {h["pattern"] for h in hits} == {"insecure"}
    hits = json.loads(run("search", "reassurance", "-s", "countertransference", "-f", "json").stdout)
    assert hits and all(h["section"].startswith("countertransference") for h in hits)


def test_limit_caps_the_hits() -> None:
    assert len(json.loads(run("search", "fear", "-n", "2", "-f", "json").stdout)) == 2


def test_no_hit_exits_1_and_an_empty_query_exits_2() -> None:
    out = run("search", "xqzvwk", expect=1)
    assert out.stdout == "" and "nothing matches" in out.stderr
    out = run("search", "   ", expect=2)
    assert "empty" in out.stderr
    # Typed, but nothing to look for: said as such, not as empty (QA).
    for typed in ("😀", "..."):
        assert "has no letter or digit" in run("search", typed, expect=2).stderr


def test_rich_output_highlights_the_matched_words() -> None:
    out = run("search", "silent member", "-f", "rich").stdout
    assert "\x1b[1;33msilent\x1b[0m" in out


def complete(tmp_path: Path, line: str, **extra: str) -> list[str]:
    """Ask the installed program for completions exactly as bash's completion script does."""
    words = line.split(" ")
    env = clean_env(
        _PATTERN_COMPLETE="complete_bash",
        COMP_WORDS=line,
        COMP_CWORD=str(len(words) - 1),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        **extra,
    )
    done = subprocess.run([installed_pattern()], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("pattern show ins", ["insecure"]),
        ("pattern compare insecure ne", ["need-denying", "needy"]),
        ("pattern map sel", ["self-judging"]),
        ("pattern search fear --pattern pas", ["passive-aggressive"]),
        (
            "pattern show insecure -s count",
            ["countertransference-toward-client", "countertransference-of-therapist"],
        ),
        ("pattern show victim -s form", ["forming-alliance"]),
        # Bash splits --section=sel at the "=" (QA: ids were offered instead of section keys).
        ("pattern show victim --section = form", ["forming-alliance"]),
        ("pattern search fear --pattern = pas", ["passive-aggressive"]),
        (
            "pattern compare insecure victim -s count",
            ["countertransference-toward-client", "countertransference-of-therapist"],
        ),
    ],
)
def test_completion_through_the_bash_protocol(tmp_path: Path, line: str, expected: list[str]) -> None:
    assert complete(tmp_path, line) == expected


def test_an_equals_sign_just_typed_completes_the_options_values(tmp_path: Path) -> None:
    """`--section=` then Tab: bash's word being completed is the "=" itself (review)."""
    assert complete(tmp_path, "pattern show victim --section =") == complete(
        tmp_path, "pattern show victim -s "
    )
    both = "pattern search fear --pattern = needy --section = form"  # a second option=value
    assert complete(tmp_path, both) == ["forming-alliance"]


def test_completion_offers_the_sections_of_the_patterns_on_the_line(tmp_path: Path) -> None:
    folder = tmp_path / "cards"
    folder.mkdir()
    (folder / "mine.yaml").write_text(
        "id: mine\nname: Mine\nprovenance: {kind: written-for-tool, note: x}\n"
        "sections:\n  - {key: my-own-section, title: Mine, items: [a line]}\n",
        encoding="utf-8",
    )
    insecure = complete(tmp_path, "pattern show insecure -s ", PATTERN_PATH=str(folder))
    mine = complete(tmp_path, "pattern show mine -s ", PATTERN_PATH=str(folder))
    both = complete(tmp_path, "pattern compare mine insecure -s ", PATTERN_PATH=str(folder))
    assert "group-roles" in insecure and "my-own-section" not in insecure
    assert mine == ["my-own-section"]
    assert set(both) == set(insecure) | {"my-own-section"}  # compare offers both cards' sections


def test_a_word_that_stood_in_twice_in_a_line_is_named_once() -> None:
    out = run("search", "shy", "-p", "isolated", "-s", "gender-culture", "-f", "plain").stdout
    line = next(line for line in out.splitlines() if "reserve alone" in line)
    assert line.endswith("[“reserve” for “shy”]")


def test_a_long_query_that_finds_nothing_is_cut_short_in_the_message() -> None:
    err = run("search", "qzxv " * 2000, expect=1).stderr
    assert "nothing matches 'qzxv qzxv" in err and len(err) < 200


def test_p_is_repeatable_and_searches_every_pattern_named() -> None:
    """`-p needy -p insecure` searched insecure alone, silently (found in QA); as for match, each
    pattern named counts, through the stored index and in memory (with -s) alike."""
    for extra in ([], ["-s", "transference"]):
        hits = json.loads(
            run(
                "search", "therapist", "-p", "needy", "-p", "insecure", "-n", "50", *extra, "-f", "json"
            ).stdout
        )
        assert {hit["pattern"] for hit in hits} == {"needy", "insecure"}, extra
    assert (
        "no pattern called 'nosuch'" in run("search", "fear", "-p", "needy", "-p", "nosuch", expect=1).stderr
    )


def test_an_options_value_after_an_equals_sign_completes_in_a_real_bash(tmp_path: Path) -> None:
    """`pattern show insecure --section=sel` then Tab, in bash with the completion script
    installed as `--show-completion` prints it: the section key completes after the "="."""
    import os
    import pty
    import select
    import time

    env = clean_env(
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        PATH=f"{Path(installed_pattern()).parent}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        PS1="$ ",
        TERM="dumb",
    )
    # Typer finds the shell by walking up the process tree: a run started in the background, its
    # parent shell gone, has none ("Shell  not supported"). With this, it reads the shell given.
    shown = subprocess.run(
        [installed_pattern(), "--show-completion", "bash"],
        env={**env, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert shown.returncode == 0, shown.stderr
    script = shown.stdout
    (tmp_path / "completion.bash").write_text(script, encoding="utf-8")
    leader, follower = pty.openpty()
    bash = subprocess.Popen(
        ["bash", "--norc", "--noprofile", "-i"], stdin=follower, stdout=follower, stderr=follower, env=env
    )
    output = b""

    def until(text: bytes, seconds: float = 20) -> None:
        nonlocal output
        end = time.monotonic() + seconds
        while text not in output and time.monotonic() < end:
            if select.select([leader], [], [], 0.2)[0]:
                output += os.read(leader, 65536)
        assert text in output, output.decode("utf-8", "replace")[-2000:]

    try:
        os.write(leader, f"source {tmp_path / 'completion.bash'}\n".encode())
        until(b"$ ")
        output = b""
        os.write(leader, b"pattern show insecure --section=sel\t")
        until(b"--section=self-other")
        os.write(leader, b"\x15pattern search fear --pattern=needy --section=trans\t")  # Ctrl-U first
        until(b"--section=transference")
    finally:
        bash.kill()
        bash.wait()
        os.close(leader)
        os.close(follower)


@pytest.mark.parametrize("pasted", ["sh\u200by", "sh\u00ady", "\ufeffshy", "s\u2060hy"])
def test_a_word_pasted_with_an_invisible_character_in_it_is_found(pasted: str) -> None:
    """QA: "sh\\u200by" (a zero-width space, as pasted from a web page) found nothing; a soft
    hyphen from a word processor splits a word just as invisibly."""
    assert run("search", pasted, "-f", "json").stdout == run("search", "shy", "-f", "json").stdout

    def found(trait: str) -> list[tuple[str, float, list[str]]]:  # the trait is echoed as typed
        report = json.loads(run("match", trait, "-f", "json").stdout)
        return [(m["pattern"], m["score"], [e["text"] for e in m["evidence"]]) for m in report]

    assert found(pasted) == found("shy")


def test_a_cards_word_with_an_invisible_character_in_it_is_found_and_highlighted(tmp_path: Path) -> None:
    """Review: the word was found, but its highlight was lost (the invisible characters split it)."""
    (tmp_path / "mine.yaml").write_text(
        "id: mine\nname: Mine\nprovenance: {kind: written-for-tool, note: x}\nsections:\n"
        '  - {key: behavior, title: Interpersonal Behavior, items: ["Empty, zebra\\u200bfish\\u00adlike, small"]}\n',
        encoding="utf-8",
    )
    hits = json.loads(
        run("search", "zebrafishlike", "-f", "json", env={"PATTERN_PATH": str(tmp_path)}).stdout
    )
    text = hits[0]["text"]
    assert [text[a:b] for a, b in hits[0]["spans"]] == ["zebra\u200bfish\u00adlike"]


def test_a_negated_auxiliary_does_not_outweigh_the_word_it_negates() -> None:
    """QA: every hit of "can't refuse" in the first ten held "can't" ("can't predict", "can't hurt
    me"); the compliant card's "would rather refuse" came 15th."""
    hits = json.loads(run("search", "can't refuse", "-n", "5", "-f", "json").stdout)
    assert "Agrees to requests they would rather refuse; overcommits" in [h["text"] for h in hits[:3]]
    assert all("refus" in h["text"].lower() for h in hits[:3])


@pytest.mark.parametrize(
    ("query", "risk"),
    [
        ("kill myself", "suicid"),
        ("overdose", "suicid"),
        ("wants to die", "suicid"),
        ("suicidal thoughts", "suicid"),
        ("cutting herself", "self-harm"),
        # QA: a risk phrase among other words found "Took over a family view", or nothing at all.
        ("took an overdose", "suicid"),
        ("worried she might kill herself", "suicid"),
        ("talks about ending it all", "suicid"),
        ("doesn't want to live anymore", "suicid"),
        ("hanging himself", "suicid"),
    ],
)
def test_a_clinicians_words_for_risk_find_every_cards_line_on_it(query: str, risk: str) -> None:
    """QA: "kill myself" found "I'll be at someone's mercy" ("I'll" as a typo of "kill"), "overdose"
    found "overcome", and "suicidal thoughts" left out four cards' suicide-risk lines: confident
    nonsense, with exit 0, for a clinician checking risk."""
    base = "suicide" if risk == "suicid" else risk  # the cards' own word
    every = {
        (hit["pattern"], hit["text"])
        for hit in json.loads(run("search", base, "-n", "50", "-f", "json").stdout)
        if risk in hit["text"].lower()
    }
    found = json.loads(run("search", query, "-n", "20", "-f", "json").stdout)
    assert len(every) >= 5
    assert every <= {(hit["pattern"], hit["text"]) for hit in found}, query
    assert all(risk in hit["text"].lower() for hit in found[: len(every)]), query  # they come first


@pytest.mark.parametrize(("typed", "word"), [("aband", "abandon"), ("countert", "countertransference")])
def test_the_last_word_of_a_search_may_be_the_beginning_of_one(typed: str, word: str) -> None:
    """QA: browse searches as you type, yet "aband" found nothing until the whole word was typed,
    and "countert" offered "content" and "contempt" as typos."""
    hits = json.loads(run("search", f"fear of {typed}" if typed == "aband" else typed, "-f", "json").stdout)
    assert all(word in hit["text"].lower() for hit in hits[:3])
    assert not any(hit["stand_ins"] for hit in hits[:3])


def test_a_word_some_form_of_which_the_cards_hold_is_no_typo() -> None:
    """QA: "note" (with "notes" on the cards) filled 37 of 40 hits with "not" standing in for it."""
    hits = json.loads(run("search", "note", "-n", "40", "-f", "json").stdout)
    assert hits and all("note" in hit["text"].lower() for hit in hits)


def test_a_search_speaking_of_risk_says_why_its_lines_come_first() -> None:
    out = run("search", "worried she might kill herself")
    assert "'kill herself' speaks of a risk to the client or to others" in out.stderr
    assert "suicide" in out.stdout.splitlines()[0]
    assert "speaks of a risk" not in run("search", "fear of rejection").stderr
    # Review: "sucidal thoughts" (a typo) and "kill her self" were not taken for risk at all.
    for typed in ("sucidal thoughts", "kill her self"):
        assert f"'{typed}' speaks of a risk to the client or to others" in run("search", typed).stderr


@pytest.mark.parametrize(
    ("query", "first_line_holds"),
    [
        ("splitting", "idealizes and then drops the therapist"),
        ("black and white thinking", "idealizes and then drops the therapist"),
        ("stonewalling", "sulking, silence"),
        ("narcissistic injury", "a slight to the prized quality"),
        ("emotional flooding", "Overwhelmed"),
        ("gaslighting", "Coercive control"),
        # Shorthand: "pt" is the client; the unknown word had left nothing found.
        ("pt flat affect", "Detached Protector"),
    ],
)
def test_terms_of_the_field_find_the_lines_that_describe_them(query: str, first_line_holds: str) -> None:
    """QA: "splitting" and "gaslighting" found nothing, "stonewalling" found lines on being blocked,
    "narcissistic injury" a line on physical injuries, "emotional flooding" on being emotional."""
    hits = json.loads(run("search", query, "-f", "json").stdout)
    assert first_line_holds in hits[0]["text"]


@pytest.mark.parametrize("query", ["homicidal ideation", "threatened to kill her ex", "wants to hurt people"])
def test_a_clients_harm_to_others_lists_first_the_lines_on_the_clients_own_violence(query: str) -> None:
    """QA: these listed first the lines on a client being abused: of an entry's targets ("violence,
    abusive"), the risk book kept them sorted, and searched "abusive" first."""
    hits = json.loads(run("search", query, "-n", "6", "-f", "json").stdout)
    assert "violence" in hits[0]["text"]
    assert "abusive" not in hits[0]["text"]


def test_a_search_speaking_of_risk_says_so_when_the_cards_searched_have_nothing_on_it() -> None:
    """QA: `search SI -p insecure` found nothing and said nothing of the risk."""
    out = run("search", "SI", "-p", "insecure", expect=1)
    assert "'SI' speaks of a risk to the client or to others" in out.stderr
    assert out.stderr.endswith("pattern: nothing matches 'SI'\n")


@pytest.mark.parametrize(
    "query", ["lives by herself, cut off", "ended the relationship, it all fell apart", "cut herself off"]
)
def test_an_everyday_phrase_holding_the_words_of_a_risk_phrase_is_no_risk(query: str) -> None:
    """Review: word order, a word between and commas were ignored ("herself, cut" was "cut herself",
    "ended ..., it all" was "end it all"), and a particle after was too ("cut herself off")."""
    assert "speaks of a risk" not in run("search", query, expect=None).stderr


def test_the_lines_listed_first_for_risk_are_the_lines_on_risk() -> None:
    """Review: the phrase typed was searched as any query, so "taking his own life" put "taking
    charge of one's own life" first, under a note saying the risk lines come first."""
    hits = json.loads(run("search", "taking his own life", "-n", "4", "-f", "json").stdout)
    assert all("suicid" in hit["text"].lower() or "self-harm" in hit["text"].lower() for hit in hits)


@pytest.mark.parametrize(
    ("query", "guess"), [("kill", "ill"), ("she's been cutting", "Counting"), ("dead tired", "dread")]
)
def test_a_word_for_risk_is_never_taken_for_a_typo(query: str, guess: str) -> None:
    """QA: "kill" was read as a typo of "ill", "cutting" of "Counting", "dead" of "dread": unrelated
    lines offered, with exit 0, to a clinician looking up risk."""
    out = run("search", query, expect=None)
    assert f"“{guess}” for" not in out.stdout


@pytest.mark.parametrize(
    ("query", "guess"),
    [
        ("splitting", "sitting"),
        ("gaslighting", "sighing"),
        ("rumination", "termination"),
        ("rumination", "domination"),
    ],
)
def test_a_word_of_the_field_is_not_taken_for_a_typo_of_one_sharing_its_letters(
    query: str, guess: str
) -> None:
    """QA: `match splitting` put Controlling first at 78 through "Sitting"; "gaslighting" found
    "sighing", "rumination" "termination": confident nonsense for the field's own words."""
    for command in ("search", "match"):
        out = run(command, query, "-f", "json", expect=None)
        assert out.code in (0, 1) and out.stdout.lstrip().startswith("[")  # found, or nothing found
        assert guess not in out.stdout.lower(), (command, query)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("rejction", "rejection"),
        ("abandonmnet", "abandonment"),
        ("reasurance", "reassurance"),
        # Review: two letters doubled make a word two letters longer, yet no less a slip.
        ("agresive", "aggressive"),
        ("agresion", "aggression"),
    ],
)
def test_a_slip_of_the_fingers_is_still_read_as_the_word_meant(typed: str, meant: str) -> None:
    hits = json.loads(run("search", typed, "-f", "json").stdout)
    assert meant in hits[0]["text"].lower()


def test_two_words_typed_with_a_hyphen_find_the_word_they_make() -> None:
    """QA: "hyper-vigilant" scored 34 where "hypervigilant" scored 97, the cards holding the one word."""
    (first, *_) = json.loads(run("match", "hyper-vigilant", "-f", "json").stdout)
    assert first["pattern"] == "suspicious" and first["score"] > 60
    (hit, *_) = json.loads(run("search", "counter-transference", "-f", "json").stdout)
    assert [hit["text"][a:b].lower() for a, b, _ in hit["stand_ins"]] == ["countertransference"]


def test_the_words_of_a_query_need_no_quotes() -> None:
    """QA: `pattern search fear of rejection` was a usage error ("unexpected extra argument(s)"),
    where `match` and look-up tools alike take the words as typed."""
    quoted = run("search", "fear of rejection", "-n", "3").stdout
    assert quoted and run("search", "fear", "of", "rejection", "-n", "3").stdout == quoted


def test_a_thesaurus_of_ones_own_can_name_words_for_risk(tmp_path: Path) -> None:
    """`risk` entries are search-only entries that also mark the query as speaking of risk."""
    (tmp_path / "thesaurus.yaml").write_text(
        "risk:\n  zorblat: suicide\n  and the: suicide\n", encoding="utf-8"
    )
    env = {"PATTERN_PATH": str(tmp_path)}
    out = run("search", "worried about zorblat", "-f", "json", env=env)
    assert "'zorblat' speaks of a risk to the client or to others" in out.stderr
    assert "suicide" in json.loads(out.stdout)[0]["text"]
    assert "“zorblat” speaks of a risk" in run("match", "shy", "zorblat", "-f", "plain", env=env).stdout
    checked = run("validate", str(tmp_path / "thesaurus.yaml"), env=env, expect=1)
    assert checked.stdout.startswith(f"{tmp_path / 'thesaurus.yaml'}:3:12: 'and the' has no word to look for")


def test_search_only_entries_are_read_by_search_and_not_by_match(tmp_path: Path) -> None:
    """A thesaurus's `search-only` entries find lines to read, and say nothing of the pattern."""
    (tmp_path / "thesaurus.yaml").write_text(
        "search-only:\n  zorblat: reassuring\n  and the: shy\n", encoding="utf-8"
    )
    env = {"PATTERN_PATH": str(tmp_path)}
    hits = json.loads(run("search", "zorblat", "-f", "json", env=env).stdout)
    assert hits and "reassuring" in hits[0]["text"].lower()
    assert "no pattern accounts for" in run("match", "zorblat", env=env, expect=1).stderr
    out = run("validate", str(tmp_path / "thesaurus.yaml"), env=env, expect=1)
    assert out.stdout.startswith(f"{tmp_path / 'thesaurus.yaml'}:3:12: 'and the' has no word to look for")


def test_a_query_in_a_script_search_cannot_read_gives_json_an_empty_array_too() -> None:
    """Review: `search qqqzzz -f json` printed `[]` with exit 1, `search 日本 -f json` nothing."""
    for query in ("qqqzzz", "日本"):
        out = run("search", query, "-f", "json", expect=1)
        assert json.loads(out.stdout) == [], query
    assert "search reads Latin letters and digits only" in run("search", "日本", expect=1).stderr
