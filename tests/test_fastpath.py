"""Guards of the fast path: it answers exactly as Typer would, knows the same options, and stays light.

The fast path (patterncli.fastpath) answers everyday look-ups and Tab completion before Typer is
imported. It must never become a second implementation: these tests fail as soon as the two paths
print anything different, or a command gains an option on one path and not the other.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from typer.main import get_command
from typer.utils import get_params_from_function

from conftest import clean_env, installed_pattern
from patterncli import fastpath
from patterncli.cli import app, completion
from patterncli.commands import complete

SLOW = {"PATTERNCLI_NO_FAST_PATH": "1"}


def pattern(tmp_path: Path, args: list[str], **env: str) -> tuple[int, str, str]:
    environment = clean_env(
        XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_DATA_HOME=str(tmp_path / "data"), COLUMNS="100", **env
    )
    done = subprocess.run(
        [installed_pattern(), *args], capture_output=True, text=True, env=environment, check=False, timeout=60
    )
    return done.returncode, done.stdout, done.stderr


COMMAND_LINES = [
    ["show", "insecure"],
    ["show", "insecure", "-s", "countertransference"],
    ["show", "insecure", "--section", "triggers", "-s", "origins", "--format", "json"],
    ["show", "Insecure Pattern", "-f", "markdown", "--bare", "-s", "self"],
    ["show", "insecure", "-f", "rich", "-s", "phase 1"],
    ["show", "insecure", "-f", "md"],
    ["show", "insecure", "-f", "HTML", "-s", "transference"],
    ["show", "insecure", "needy", "-s", "transference"],
    ["show", "--all", "-s", "countertransference", "--bare"],
    ["show", "--all", "-s", "countertransference", "-f", "json"],
    ["show", "insecur"],
    ["show", "insecure", "-s", "zzzz"],
    ["show", "insecure", "-f", "yaml"],
    ["show", "insecure", "--format=json"],
    ["show", "insecure", "-s"],
    ["show", "insecure", "--bogus"],
    ["show"],
    ["show", "--all", "insecure"],
    ["show", "--help"],
    ["show", "-h"],
    ["search", "fear of rejection"],
    ["search", "fear", "-n", "3", "-f", "json"],
    ["search", "reassuring", "-p", "insecure", "-f", "plain"],
    ["search", "reassurance", "-s", "countertransference", "--limit", "2"],
    ["search", "silent member", "-f", "rich"],
    ["search", "fear", "-f", "markdown", "--no-pager"],
    ["search", "xqzvwk"],
    ["search", "   "],
    ["search", "fear", "-n", "abc"],
    ["search", "fear", "-n", "0"],
    ["search", "fear", "extra"],
    ["search", "fear", "of", "-n", "2", "rejection"],
    ["search"],
    ["search", "fear", "-p", "nedy"],
    ["search", "fear of rejection", "--by-pattern"],
    ["search", "fear", "--by-pattern", "-n", "2", "-f", "json"],
    ["search", "turned down", "-f", "rich"],
    ["match", "shy and hesitant", "freezes when asked to present", "sure others will turn her down"],
    ["match", "I keep reassuring her", "I feel shut out", "--felt", "-f", "json"],
    ["match", "clingy", "-p", "needy", "-p", "codependent", "-n", "1", "-f", "markdown"],
    ["match", "clingy", "-f", "html"],
    ["match", "clingy", "-f", "rich"],
    ["match"],
    ["match", "  "],
    ["match", "xqzvwk"],
    ["match", "clingy", "-p", "nedy"],
    ["match", "clingy", "-n", "x"],
    ["--help"],
    ["--version"],
    [],
    ["list"],
]


@pytest.mark.parametrize("args", COMMAND_LINES, ids=[" ".join(a) or "(none)" for a in COMMAND_LINES])
def test_the_fast_path_answers_exactly_as_typer(tmp_path: Path, args: list[str]) -> None:
    assert pattern(tmp_path, args) == pattern(tmp_path, args, **SLOW)


COMPLETIONS = [
    ("complete_bash", {"COMP_WORDS": "pattern show ins", "COMP_CWORD": "2"}),
    ("complete_bash", {"COMP_WORDS": "pattern show insecure -s count", "COMP_CWORD": "4"}),
    # What bash sends for --section=count, --section= (the cursor on the "="), two of them, quotes.
    ("complete_bash", {"COMP_WORDS": "pattern show insecure --section = count", "COMP_CWORD": "5"}),
    ("complete_bash", {"COMP_WORDS": "pattern show insecure --section =", "COMP_CWORD": "4"}),
    ("complete_bash", {"COMP_WORDS": "pattern search fear -p = needy --section = tr", "COMP_CWORD": "8"}),
    ("complete_bash", {"COMP_WORDS": 'pattern search "fear of" --pattern = pas', "COMP_CWORD": "5"}),
    ("complete_bash", {"COMP_WORDS": "pattern show insecure -s ", "COMP_CWORD": "4"}),
    ("complete_bash", {"COMP_WORDS": "pattern compare insecure victim -s co", "COMP_CWORD": "5"}),
    ("complete_bash", {"COMP_WORDS": "pattern compare insecure ne", "COMP_CWORD": "3"}),
    ("complete_bash", {"COMP_WORDS": "pattern compare insecure needy ", "COMP_CWORD": "4"}),
    ("complete_bash", {"COMP_WORDS": "pattern search fear --pattern pas", "COMP_CWORD": "4"}),
    ("complete_bash", {"COMP_WORDS": "pattern search fear -p needy -s tra", "COMP_CWORD": "6"}),
    ("complete_bash", {"COMP_WORDS": "pattern map sel", "COMP_CWORD": "2"}),
    ("complete_bash", {"COMP_WORDS": "pattern match clingy -p ne", "COMP_CWORD": "4"}),
    ("complete_bash", {"COMP_WORDS": "pattern match cli", "COMP_CWORD": "2"}),
    ("complete_bash", {"COMP_WORDS": "pattern sh", "COMP_CWORD": "1"}),
    ("complete_bash", {"COMP_WORDS": "pattern show insecure --", "COMP_CWORD": "3"}),
    ("complete_bash", {"COMP_WORDS": "pattern show -f ", "COMP_CWORD": "3"}),
    ("complete_bash", {"COMP_WORDS": "pattern compare insecure ", "COMP_CWORD": "3"}),
    ("complete_bash", {"COMP_WORDS": "pattern show insecure ", "COMP_CWORD": "3"}),
    ("complete_bash", {"COMP_WORDS": "pattern search fear -p needy -p ne", "COMP_CWORD": "6"}),
    ("complete_zsh", {"_TYPER_COMPLETE_ARGS": "pattern show ins"}),
    ("complete_zsh", {"_TYPER_COMPLETE_ARGS": "pattern show insecure -s "}),
    ("complete_zsh", {"_TYPER_COMPLETE_ARGS": "pattern show zzz"}),
    (
        "complete_fish",
        {"_TYPER_COMPLETE_ARGS": "pattern show ins", "_TYPER_COMPLETE_FISH_ACTION": "get-args"},
    ),
    ("complete_fish", {"_TYPER_COMPLETE_ARGS": "pattern show ins", "_TYPER_COMPLETE_FISH_ACTION": "is-args"}),
    ("complete_fish", {"_TYPER_COMPLETE_ARGS": "pattern show zzz", "_TYPER_COMPLETE_FISH_ACTION": "is-args"}),
    ("complete_fish", {"_TYPER_COMPLETE_ARGS": "pattern edit ", "_TYPER_COMPLETE_FISH_ACTION": "get-args"}),
    # Upper case: no id or key begins with it (they are lower case), on either path.
    ("complete_bash", {"COMP_WORDS": "pattern show NEE", "COMP_CWORD": "2"}),
    ("complete_bash", {"COMP_WORDS": "pattern show needy -s TR", "COMP_CWORD": "4"}),
    ("complete_zsh", {"_TYPER_COMPLETE_ARGS": "pattern compare Insecure NE"}),
    # Each command's own options: -s and --felt where the command has none, --from of `new`.
    ("complete_bash", {"COMP_WORDS": "pattern sections needy -s ", "COMP_CWORD": "4"}),
    ("complete_bash", {"COMP_WORDS": "pattern map -s ", "COMP_CWORD": "3"}),
    ("complete_bash", {"COMP_WORDS": "pattern match -s ", "COMP_CWORD": "3"}),
    ("complete_bash", {"COMP_WORDS": "pattern compare needy --felt ", "COMP_CWORD": "4"}),
    ("complete_bash", {"COMP_WORDS": "pattern new mine --from nee", "COMP_CWORD": "4"}),
    ("complete_bash", {"COMP_WORDS": "pattern new --force --from ", "COMP_CWORD": "4"}),
    ("complete_bash", {"COMP_WORDS": "pattern new ne", "COMP_CWORD": "2"}),
    ("complete_bash", {"COMP_WORDS": "pattern map needy -f m", "COMP_CWORD": "4"}),
    ("complete_bash", {"COMP_WORDS": "pattern map needy ", "COMP_CWORD": "3"}),
    ("complete_bash", {"COMP_WORDS": "pattern show --all --bare -s tr", "COMP_CWORD": "5"}),
    ("complete_bash", {"COMP_WORDS": "pattern compare insecure needy --bare -s co", "COMP_CWORD": "6"}),
    ("complete_bash", {"COMP_WORDS": "pattern search fear -n 3 --by-pattern -p ne", "COMP_CWORD": "7"}),
    ("complete_bash", {"COMP_WORDS": "pattern match clingy --felt -p needy -p ", "COMP_CWORD": "7"}),
    # More words than the command takes: Typer's to judge.
    ("complete_bash", {"COMP_WORDS": "pattern search fear needy -s ", "COMP_CWORD": "5"}),
    ("complete_bash", {"COMP_WORDS": "pattern compare insecure needy victim -s ", "COMP_CWORD": "6"}),
]


@pytest.mark.parametrize(("shell", "env"), COMPLETIONS, ids=[f"{s} {e}" for s, e in COMPLETIONS])
def test_completion_answers_exactly_as_typer(tmp_path: Path, shell: str, env: dict[str, str]) -> None:
    request = {"_PATTERN_COMPLETE": shell, **env}
    assert pattern(tmp_path, [], **request) == pattern(tmp_path, [], **request, **SLOW)


def offered(tmp_path: Path, line: str) -> list[str]:
    """What Tab offers (through bash) for the last word of the line."""
    env = {"_PATTERN_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(line.count(" "))}
    return pattern(tmp_path, [], **env)[1].split()


def test_completion_offers_formats_and_no_pattern_already_on_the_line(tmp_path: Path) -> None:
    assert offered(tmp_path, "pattern show -f ") == ["rich", "plain", "markdown", "json", "html"]
    assert offered(tmp_path, "pattern map -f m") == ["markdown", "mermaid"]
    second = offered(tmp_path, "pattern compare insecure ")
    assert "insecure" not in second and "needy" in second  # a card is not compared with itself
    assert offered(tmp_path, "pattern search fear -p needy -p ne") == ["need-denying"]


def test_completion_offers_only_what_begins_with_exactly_what_was_typed(tmp_path: Path) -> None:
    """As every shell completes file names: ids and keys are lower case, so upper case finds none."""
    assert offered(tmp_path, "pattern show nee") == ["need-denying", "needy"]
    assert offered(tmp_path, "pattern show NEE") == []
    assert offered(tmp_path, "pattern show needy -s tr") == ["transference"]
    assert offered(tmp_path, "pattern show needy -s TR") == []


def test_completion_offers_the_values_of_each_commands_own_options(tmp_path: Path) -> None:
    assert offered(tmp_path, "pattern new mine --from nee") == ["need-denying", "needy"]
    for line in ("pattern sections needy -s ", "pattern map -s ", "pattern match -s "):
        assert "transference" not in offered(tmp_path, line)  # no section keys: -s is none of theirs


def test_completions_cross_the_output_boundary(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ids are slugs today; were one ever to hold an escape, the terminal would show it, not obey it."""
    monkeypatch.setattr(complete, "pattern_ids", lambda incomplete, typed: ["needy\x1b[2J", "a\rb"])
    request = {"_PATTERN_COMPLETE": "complete_bash", "COMP_WORDS": "pattern show nee", "COMP_CWORD": "2"}
    assert fastpath.complete(request) == 0
    assert capsys.readouterr().out == "needy\u241b[2J\na\u240db\n"


def test_a_completion_to_a_full_disk_ends_as_typers_does(tmp_path: Path) -> None:
    request = {"_PATTERN_COMPLETE": "complete_bash", "COMP_WORDS": "pattern show nee", "COMP_CWORD": "2"}
    ended = []
    for env in (request, {**request, **SLOW}):
        with open("/dev/full", "w") as full:
            done = subprocess.run(
                [installed_pattern()],
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                env=clean_env(XDG_CACHE_HOME=str(tmp_path / "cache"), **env),
                check=False,
            )
        ended.append((done.returncode, done.stderr))
    assert ended == [(74, "pattern: cannot write output: No space left on device\n")] * 2


def test_own_cards_and_a_broken_card_are_treated_alike(tmp_path: Path) -> None:
    folder = tmp_path / "cards"
    folder.mkdir()
    card = json.loads(pattern(tmp_path, ["show", "victim", "-f", "json"])[1])
    card["id"], card["name"], card["aliases"] = "mine", "My Pattern", []
    (folder / "mine.json").write_text(json.dumps(card), encoding="utf-8")
    (folder / "broken.yaml").write_text("id: [", encoding="utf-8")
    for args in (["show", "mine", "-s", "transference"], ["search", "rescue"], ["show", "victim"]):
        fast = pattern(tmp_path, args, PATTERN_PATH=str(folder))
        assert fast == pattern(tmp_path, args, PATTERN_PATH=str(folder), **SLOW)
        assert "1 card file skipped" in fast[2]


def typer_parameters(name: str) -> dict[str, tuple[str, ...]]:
    """Each parameter of a Typer command: its option strings (or its metavar), and how many values."""
    command = get_command(app).commands[name]  # type: ignore[attr-defined]
    found: dict[str, tuple[str, ...]] = {}
    for param in command.params:
        if param.name == "ctx" or param.param_type_name == "context":
            continue
        if param.param_type_name == "argument":
            found[param.name] = ("argument", "many" if param.nargs == -1 else "one")
            continue
        kind = fastpath.FLAG if param.is_flag else fastpath.VALUES if param.multiple else fastpath.VALUE
        found[param.name] = (*sorted(param.opts), kind)
    return found


def option_parameters(options: Mapping[str, tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """A fast table's options by parameter, as typer_parameters gives them."""
    by_param: dict[str, list[str]] = {}
    kinds: dict[str, str] = {}
    for option, (param, kind) in options.items():
        by_param.setdefault(param, []).append(option)
        kinds[param] = kind
    return {param: (*sorted(options), kinds[param]) for param, options in by_param.items()}


def fast_parameters(line: fastpath.CommandLine) -> dict[str, tuple[str, ...]]:
    return {line.positional: ("argument", line.positional_count), **option_parameters(line.options)}


@pytest.mark.parametrize("name", sorted(fastpath.COMMANDS))
def test_the_fast_path_knows_every_option_of_the_typer_command_and_no_other(name: str) -> None:
    assert fast_parameters(fastpath.COMMANDS[name]) == typer_parameters(name)


def typer_functions() -> dict[str, Callable[..., object]]:
    """The function of each Typer command, by the command's name."""
    found: dict[str, Callable[..., object]] = {}
    for command in app.registered_commands:
        assert command.callback is not None
        found[command.name or command.callback.__name__] = command.callback
    return found


AUTOCOMPLETIONS: dict[object, str] = {
    completion.complete_pattern: fastpath.PATTERN_IDS,
    completion.complete_section: fastpath.SECTION_KEYS,
}


def typer_offers(name: str) -> dict[str, str]:
    """The parameters of a Typer command that complete pattern ids or section keys, and which."""
    found: dict[str, str] = {}
    for param, meta in get_params_from_function(typer_functions()[name]).items():
        offer = AUTOCOMPLETIONS.get(getattr(meta.default, "autocompletion", None))
        if offer is not None:
            found[param] = offer
    return found


def typer_arguments(name: str) -> list[tuple[str, str]]:
    """A Typer command's positional parameters in order, each taking one word or any number."""
    return [(param, spec[1]) for param, spec in typer_parameters(name).items() if spec[0] == "argument"]


def tab_parameters(table: fastpath.CompletionTable) -> dict[str, tuple[str, ...]]:
    arguments = {param: ("argument", count) for param, count in table.arguments}
    return {**arguments, **option_parameters(table.options)}


@pytest.mark.parametrize("name", sorted(fastpath.COMPLETIONS))
def test_tab_knows_every_parameter_of_the_typer_command_and_what_it_completes(name: str) -> None:
    """Adding an option, an argument or an autocompletion to a command on one path and not the
    other fails here, for every command whose completion the fast path answers."""
    table = fastpath.COMPLETIONS[name]
    assert tab_parameters(table) == typer_parameters(name)
    assert list(table.arguments) == typer_arguments(name)  # in order: the first with room takes a word
    assert dict(table.offers) == typer_offers(name)


def test_the_patterns_on_the_line_are_the_values_of_every_parameter_completing_pattern_ids() -> None:
    """Both paths take the patterns on the line (left out of the ids offered, giving the section
    keys offered) from the parameters named in PATTERN_PARAMETERS: it must name every one."""
    completing_ids = {
        param
        for name in typer_functions()
        for param, offer in typer_offers(name).items()
        if offer == fastpath.PATTERN_IDS
    }
    assert completing_ids == set(complete.PATTERN_PARAMETERS)


# The modules a fast look-up must not load: the CLI framework and what it pulls in, Rich for
# plain output, what only parsing a card file or writing a cache needs, and pathlib (a third of a
# bare Python start: the catalog works on os.path strings).
HEAVY_MODULES = [
    "pathlib",
    "typer",
    "click",
    "rich",
    "typing",
    "dataclasses",
    "platformdirs",
    "yaml",
    "jsonschema",
    "shutil",
]
REPORT_IMPORTS = """
import atexit, sys
heavy = {heavy!r}
atexit.register(lambda: sys.stderr.write("loaded: " + " ".join(sorted(
    m for m in sys.modules if m.split(".")[0] in heavy)) + "\\n"))
sys.argv = ["pattern", *{args!r}]
from patterncli._entry import main
main()
"""
LIGHT_LOOK_UPS = [
    ["show", "insecure", "-s", "countertransference"],
    ["show", "insecure", "-f", "json"],
    ["show", "--all", "-s", "transference", "-f", "markdown"],
    ["search", "fear"],
    ["search", "fear of rejection", "--by-pattern", "-f", "json"],
    ["match", "shy and hesitant", "freezes when asked to present", "sure others will turn her down"],
    ["match", "I keep reassuring her", "--felt", "-f", "json"],
]


@pytest.mark.parametrize("args", LIGHT_LOOK_UPS, ids=[" ".join(a) for a in LIGHT_LOOK_UPS])
def test_a_fast_look_up_loads_none_of_the_heavy_modules(tmp_path: Path, args: list[str]) -> None:
    pattern(tmp_path, ["list"])  # fill the card cache, as every run after the first finds it
    pattern(tmp_path, args)  # and whatever the command caches of its own (the thesaurus)
    code = REPORT_IMPORTS.format(heavy=HEAVY_MODULES, args=args)
    env = clean_env(XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_DATA_HOME=str(tmp_path / "data"))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip(), "the look-up printed nothing"
    assert done.stderr.splitlines()[-1] == "loaded: "


TAB_PRESSES = [
    "pattern show insecure -s co",
    "pattern compare insecure ne",
    "pattern new mine --from nee",
    "pattern search fear -p needy -s tr",
]


@pytest.mark.parametrize("line", TAB_PRESSES)
def test_a_completion_loads_none_of_the_heavy_modules(tmp_path: Path, line: str) -> None:
    pattern(tmp_path, ["list"])  # fill the card cache, as every Tab press after the first finds it
    code = REPORT_IMPORTS.format(heavy=HEAVY_MODULES, args=[])
    env = clean_env(
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        _PATTERN_COMPLETE="complete_bash",
        COMP_WORDS=line,
        COMP_CWORD=str(line.count(" ")),
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip(), "the completion offered nothing"
    assert done.stderr.splitlines()[-1] == "loaded: "


def test_the_import_guard_sees_a_heavy_module_when_one_is_loaded(tmp_path: Path) -> None:
    """The guard above proves something only if it notices Typer when the Typer path runs."""
    code = REPORT_IMPORTS.format(heavy=HEAVY_MODULES, args=["list"])
    env = clean_env(XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_DATA_HOME=str(tmp_path / "data"))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert "typer" in done.stderr.splitlines()[-1].split()
