"""Everyday look-ups and Tab completion answered before Typer is imported.

Typer (with the Click it bundles and the standard library they pull in) costs several times a bare
Python start, and every Tab press runs the program. This module recognises the command lines of
the hot paths, `show` and `search` with options it knows and completion requests for pattern ids
and section keys, and calls the very command bodies the Typer commands call (`commands`). It never
decides anything a Typer command would decide differently: anything else (help, an unknown or
malformed option, a bad value, another command, another completion position) returns None, and the
caller hands the command line to Typer unchanged, so help and error texts have one source.

Guard tests keep the two paths identical: the option tables below against the Typer commands'
parameters, and the output of a matrix of command lines through both paths.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, MutableMapping, Sequence

FLAG, VALUE, VALUES = "flag", "value", "values"  # an option's kind: on/off, one value, repeatable
ONE, MANY = "one", "many"  # a command's positional arguments: exactly one, or any number


class CommandLine:
    """The options and arguments of one fast command, named as the Typer command's parameters."""

    __slots__ = ("defaults", "name", "options", "positional", "positional_count")

    def __init__(
        self,
        name: str,
        options: Mapping[str, tuple[str, str]],  # option string -> (parameter, kind)
        positional: str,
        positional_count: str,
        defaults: Mapping[str, object],
    ) -> None:
        self.name = name
        self.options = options
        self.positional = positional
        self.positional_count = positional_count
        self.defaults = defaults

    def parse(self, args: Sequence[str]) -> dict[str, object] | None:
        """The parameters of a command line, or None for anything this table does not know."""
        values: dict[str, object] = {
            k: list(v) if isinstance(v, list) else v for k, v in self.defaults.items()
        }
        found: list[str] = []
        words = iter(args)
        for word in words:
            if not word.startswith("-") or word == "-":
                found.append(word)
                continue
            known = self.options.get(word)
            if known is None:  # --opt=value, -sX, --, -h, an unknown option: Typer's to judge
                return None
            param, kind = known
            if kind == FLAG:
                values[param] = True
                continue
            value = next(words, None)
            if value is None:
                return None  # an option missing its value: Typer says so
            if kind == VALUES:
                values.setdefault(param, [])
                values[param].append(value)  # type: ignore[attr-defined]
            else:
                values[param] = value
        if self.positional_count == ONE and len(found) != 1:
            return None
        values[self.positional] = found[0] if self.positional_count == ONE else found
        return values


def _options(*table: tuple[tuple[str, ...], str, str]) -> dict[str, tuple[str, str]]:
    return {flag: (param, kind) for flags, param, kind in table for flag in flags}


FORMAT = (("-f", "--format"), "fmt", VALUE)
NO_PAGER = (("--no-pager",), "no_pager", FLAG)
SECTION = (("-s", "--section"), "section", VALUES)
LIMIT = (("-n", "--limit"), "limit", VALUE)
BARE = (("--bare",), "bare", FLAG)
FORCE = (("--force",), "force", FLAG)

SHOW = CommandLine(
    "show",
    _options(SECTION, (("--all",), "every", FLAG), BARE, FORMAT, NO_PAGER),
    positional="patterns",
    positional_count=MANY,
    defaults={"section": [], "every": False, "bare": False, "fmt": None, "no_pager": False},
)
SEARCH = CommandLine(
    "search",
    _options(
        (("-p", "--pattern"), "pattern", VALUES),
        SECTION,
        LIMIT,
        (("--by-pattern",), "by_pattern", FLAG),
        FORMAT,
        NO_PAGER,
    ),
    positional="query",
    positional_count=MANY,  # the words of one query: `pattern search fear of rejection`
    defaults={
        "pattern": [],
        "section": [],
        "limit": "10",
        "by_pattern": False,
        "fmt": None,
        "no_pager": False,
    },
)
MATCH = CommandLine(
    "match",
    _options((("--felt",), "felt", FLAG), (("-p", "--pattern"), "pattern", VALUES), LIMIT, FORMAT, NO_PAGER),
    positional="traits",
    positional_count=MANY,
    defaults={"felt": False, "pattern": [], "limit": "5", "fmt": None, "no_pager": False},
)
COMMANDS = {line.name: line for line in (SHOW, SEARCH, MATCH)}


def answer(argv: Sequence[str]) -> int | None:
    """Run a fast command line and return its exit status; None to hand it to Typer."""
    if not argv or argv[0] not in COMMANDS:
        return None
    params = COMMANDS[argv[0]].parse(argv[1:])
    if params is None:
        return None
    _collect_less_often()
    run_body = _bodies()[argv[0]]
    return run_body(params)


# A look-up lives a fraction of a second and makes tens of thousands of small objects (a large
# library's cache, search candidates), none of them in a cycle: the collector's default of a young
# collection every 700 objects, each now and then walking everything, costs a large search a tenth
# of its time. Collections still happen, a few dozen times less often.
GC_THRESHOLDS = (20_000, 20, 20)


def _collect_less_often() -> None:
    import gc

    gc.set_threshold(*GC_THRESHOLDS)


def _bodies() -> dict[str, Callable[[dict[str, object]], int | None]]:
    return {"show": _show, "search": _search, "match": _match}


def _format(params: dict[str, object]) -> tuple[bool, object]:
    """(True, the Format or None) when --format holds a format; (False, None) to let Typer say why not."""
    from .errors import UsageProblem
    from .render import parse_format

    value = params["fmt"]
    if value is None:
        return True, None
    try:
        return True, parse_format(str(value))
    except UsageProblem:
        return False, None


def _show(params: dict[str, object]) -> int | None:
    from .commands import lookup, run
    from .output import Terminal

    ok, fmt = _format(params)
    if not ok:
        return None
    return run(
        lookup.show,
        Terminal.detect(),
        params["patterns"],
        params["section"],
        fmt,
        params["no_pager"],
        params["bare"],
        params["every"],
    )


def _limit(params: dict[str, object]) -> int | None:
    """--limit as a number, or None to let Typer say it is not one."""
    try:
        return int(str(params["limit"]))
    except ValueError:
        return None


def _search(params: dict[str, object]) -> int | None:
    from .commands import find, run
    from .output import Terminal

    ok, fmt = _format(params)
    limit = _limit(params)
    words = params["query"]
    if not ok or limit is None or not isinstance(words, list) or not words:  # Typer says it is missing
        return None
    return run(
        find.search,
        Terminal.detect(),
        " ".join(words),
        params["pattern"],
        params["section"],
        limit,
        fmt,
        params["no_pager"],
        params["by_pattern"],
    )


def _match(params: dict[str, object]) -> int | None:
    from .commands import find, run
    from .output import Terminal

    ok, fmt = _format(params)
    limit = _limit(params)
    if not ok or limit is None:
        return None
    return run(
        find.match,
        Terminal.detect(),
        params["traits"],
        params["felt"],
        params["pattern"],
        limit,
        fmt,
        params["no_pager"],
    )


# Completion ------------------------------------------------------------------------------------
# The shells' completion scripts (installed by `pattern --install-completion`) run the program with
# _PATTERN_COMPLETE set and the command line in the environment; the protocol is Typer's.

COMPLETE_VARIABLE = "_PATTERN_COMPLETE"
PATTERN_IDS, SECTION_KEYS = "pattern ids", "section keys"  # what Tab offers for a parameter


class Typed:
    """The words before the cursor by the parameter they are for, and the parameter the word
    being typed is for (None when the command has room for no other word)."""

    __slots__ = ("completing", "values")

    def __init__(self) -> None:
        self.values: dict[str, list[str]] = {}
        self.completing: str | None = None


class CompletionTable:
    """One command as Tab reads it, named as the Typer command's parameters: its options, its
    positional parameters in order, and the parameters whose values are pattern ids or section
    keys (any other parameter's values are Typer's to offer, or nobody's)."""

    __slots__ = ("arguments", "offers", "options")

    def __init__(
        self,
        options: Mapping[str, tuple[str, str]],  # option string -> (parameter, kind)
        arguments: Sequence[tuple[str, str]],  # (parameter, ONE or MANY), in the command's order
        offers: Mapping[str, str],  # parameter -> PATTERN_IDS or SECTION_KEYS
    ) -> None:
        self.options = options
        self.arguments = arguments
        self.offers = offers

    def read(self, words: Sequence[str]) -> Typed | None:
        """The words before the cursor, read as Click reads them; None for anything this table does
        not know (an option the command lacks, --opt=value, --, a word too many): Typer's to read."""
        typed = Typed()
        option: tuple[str, str] | None = None  # the option whose value is the next word
        for word in words:
            if option is not None:
                _take(typed, option, word)
                option = None
            elif word.startswith("-"):
                option = self.options.get(word)
                if option is None:
                    return None
                if option[1] == FLAG:
                    option = None
            else:
                argument = self._argument_with_room(typed)
                if argument is None:
                    return None
                typed.values.setdefault(argument, []).append(word)
        typed.completing = option[0] if option is not None else self._argument_with_room(typed)
        return typed

    def _argument_with_room(self, typed: Typed) -> str | None:
        """The first positional parameter that takes another word, as Click's completion picks it."""
        for param, count in self.arguments:
            if count == MANY or param not in typed.values:
                return param
        return None


def _take(typed: Typed, option: tuple[str, str], value: str) -> None:
    """An option's value: a repeatable option keeps each, any other only the last (as Click does)."""
    param, kind = option
    if kind == VALUES:
        typed.values.setdefault(param, []).append(value)
    else:
        typed.values[param] = [value]


# Every command whose completion this path answers, each with its own options; a guard test holds
# each table to the Typer command's parameters and their autocompletion functions.
COMPLETIONS = {
    "show": CompletionTable(
        SHOW.options, [("patterns", MANY)], {"patterns": PATTERN_IDS, "section": SECTION_KEYS}
    ),
    "search": CompletionTable(
        SEARCH.options, [("query", MANY)], {"pattern": PATTERN_IDS, "section": SECTION_KEYS}
    ),
    "match": CompletionTable(MATCH.options, [("traits", MANY)], {"pattern": PATTERN_IDS}),
    "sections": CompletionTable(_options(FORMAT, NO_PAGER), [("pattern", ONE)], {"pattern": PATTERN_IDS}),
    "compare": CompletionTable(
        _options(SECTION, BARE, FORMAT, NO_PAGER),
        [("first", ONE), ("second", ONE)],
        {"first": PATTERN_IDS, "second": PATTERN_IDS, "section": SECTION_KEYS},
    ),
    "map": CompletionTable(_options(FORMAT, NO_PAGER), [("pattern", ONE)], {"pattern": PATTERN_IDS}),
    "edit": CompletionTable({}, [("pattern", ONE)], {"pattern": PATTERN_IDS}),
    "new": CompletionTable(
        _options((("--from",), "from_pattern", VALUE), FORCE),
        [("card_id", ONE)],
        {"from_pattern": PATTERN_IDS},
    ),
}


def complete(environ: Mapping[str, str]) -> int | None:
    """Answer a completion request for pattern ids or section keys; None for Typer to answer."""
    shell = environ.get(COMPLETE_VARIABLE, "")
    words = _completion_words(shell, environ)
    if words is None:
        return None
    args, incomplete = words
    found = _candidates(args, incomplete)
    if found is None:
        return None
    if shell == "complete_fish" and environ.get("_TYPER_COMPLETE_FISH_ACTION") == "is-args":
        return 0 if found else 1
    return _print_completions(_format_completions(shell, found) + "\n")


def _print_completions(text: str) -> int:
    """Print the completions as every result is printed: through the one output boundary, which
    lets no control character reach the terminal, and ends a failed write in one line and 74."""
    from .commands import run
    from .output import Terminal, write

    return int(run(write, text, Terminal(), use_pager=False))


def join_option_values(environ: MutableMapping[str, str]) -> None:
    """Bash splits `--section=sel` at the "=" (COMP_WORDBREAKS) into three words, which Typer
    reads as the option's value "=" and a pattern being typed. Joined back as typed, both this
    path and Typer's complete the option's value (bash then puts it after the "=")."""
    if environ.get(COMPLETE_VARIABLE) != "complete_bash":
        return
    line = environ.get("COMP_WORDS", "")
    try:
        cword = int(environ.get("COMP_CWORD", ""))
    except ValueError:
        return
    quoted = any(ch in line for ch in "'\"\\")
    if quoted:  # as Typer reads the words (shlex), and written back so that it reads them alike
        import shlex

        try:
            words = shlex.split(line)
        except ValueError:
            return
    else:
        words = line.split()
    if "=" not in words or not 0 < cword <= len(words):
        return
    words += [""] * (cword + 1 - len(words))  # the word being typed may be empty
    joined, cursor = _joined_at_equals(words, cword)
    environ["COMP_WORDS"] = shlex.join(joined) if quoted else " ".join(joined)
    environ["COMP_CWORD"] = str(cursor)


def _joined_at_equals(words: list[str], cword: int) -> tuple[list[str], int]:
    """The words with each `--opt`, "=" and value made one word again, and where the word being
    completed (`cword`) is then. With the cursor on the "=" itself, the value is still empty."""
    joined: list[str] = []
    cursor = cword
    at = 0
    while at < len(words):
        option = joined[-1] if joined else ""
        if words[at] == "=" and option.startswith("-") and option != "--":
            took = 1 if at == cword or at + 1 >= len(words) else 2
            joined[-1] += "=" + (words[at + 1] if took == 2 else "")
            if at <= cword < at + took:
                cursor = len(joined) - 1
            at += took
            continue
        if at == cword:
            cursor = len(joined)
        joined.append(words[at])
        at += 1
    return joined, cursor


def _completion_words(shell: str, environ: Mapping[str, str]) -> tuple[list[str], str] | None:
    """The words before the cursor and the word being typed, as each shell's script passes them."""
    if shell == "complete_bash":
        words = _split(environ.get("COMP_WORDS", ""))
        try:
            cword = int(environ.get("COMP_CWORD", ""))
        except ValueError:
            return None
        if words is None or cword < 1:
            return None
        return words[1:cword], words[cword] if cword < len(words) else ""
    if shell in ("complete_zsh", "complete_fish"):
        line = environ.get("_TYPER_COMPLETE_ARGS", "")
        words = _split(line)
        if words is None:
            return None
        args = words[1:]
        if args and not line.endswith(" "):
            return args[:-1], args[-1]
        return args, ""
    return None


def _split(line: str) -> list[str] | None:
    """Plain words only; quotes and escapes are Typer's (shlex) to read."""
    if any(ch in line for ch in "'\"\\"):
        return None
    return line.split()


def _candidates(args: list[str], incomplete: str) -> list[str] | None:
    """Pattern ids or section keys for the word being typed; None when it is neither (or unsure)."""
    table = COMPLETIONS.get(args[0]) if args else None
    if table is None or incomplete.startswith("-"):
        return None  # a command name, an option name, or a command this path leaves to Typer
    typed = table.read(args[1:])
    offer = table.offers.get(typed.completing) if typed and typed.completing else None
    if typed is None or offer is None:
        return None  # a format, a number, a query, a trait, a word too many: not ours to offer
    from .commands.complete import PATTERN_PARAMETERS, pattern_ids, section_keys

    named = [word for param in PATTERN_PARAMETERS for word in typed.values.get(param, ())]
    if offer == SECTION_KEYS:
        return section_keys(named, incomplete)
    return pattern_ids(incomplete, named)


def _format_completions(shell: str, values: list[str]) -> str:
    if shell == "complete_zsh":
        if not values:
            return "_files"
        quoted = "\n".join(f'"{_zsh_escape(v)}"' for v in values)
        return f"_arguments '*: :(({quoted}))'"
    return "\n".join(values)


def _zsh_escape(value: str) -> str:
    return (
        value.replace('"', '""')
        .replace("'", "''")
        .replace("$", "\\$")
        .replace("`", "\\`")
        .replace(":", r"\\:")
    )


def enabled(environ: Mapping[str, str] = os.environ) -> bool:
    """The fast path can be switched off (PATTERNCLI_NO_FAST_PATH=1) to compare it with Typer's."""
    return environ.get("PATTERNCLI_NO_FAST_PATH", "") == ""
