"""The body of every command, free of Typer: the Typer commands and the fast entry both call these.

A command body takes the terminal it draws for and plain values, prints through `output`, and
either returns the exit status of its outcome or raises a PatternError, which `run` reports in
one place. Nothing here parses arguments: that is the callers' job.
"""

from __future__ import annotations

from ..errors import ExitStatus, NotFound, PatternError, UsageProblem, WouldOverwrite, shortened
from ..output import JSON, PLAIN, STYLED, Terminal, error, note, write

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from ..catalog import Catalog
    from ..model import Card
    from ..render import Format, View


def report(err: PatternError) -> ExitStatus:
    """Say what went wrong and what to try; return the exit status the error carries."""
    error(str(err))
    if isinstance(err, NotFound):
        if err.suggestions:
            note(f"did you mean: {', '.join(err.suggestions)}?")
        if err.hint:
            note(f"(run `{err.hint}` to see what there is)")
    if isinstance(err, WouldOverwrite):
        from ..safe_text import visible_path

        for path in err.paths:
            note(f"  {visible_path(path)}")
        note(f"nothing was written; {err.hint}")
    return err.status


def run(body: Callable[..., ExitStatus | None], *args: Any, **kwargs: Any) -> ExitStatus:
    """Run a command body; its errors become a message and their exit status."""
    try:
        return body(*args, **kwargs) or ExitStatus.OK
    except PatternError as err:
        return report(err)


def load(report_problems: bool = True) -> Catalog:
    """Every card on the path. Broken card files are skipped with one line saying how many, so one
    bad file in a shared folder does not fill every look-up's screen; `validate` gives the details."""
    from ..catalog import load_catalog

    catalog = load_catalog()
    if report_problems and catalog.problems:
        files = len({p.path for p in catalog.problems})
        noun = "card file" if files == 1 else "card files"
        note(f"{files} {noun} skipped: run `pattern validate` to see why")
    return catalog


def find_card(catalog: Catalog, query: str) -> Card:
    """The card a name means; NotFound (with did-you-mean) if none, or if the user's own card of
    that name failed to load, rather than let another card's alias stand in for it."""
    from ..resolve import name_key
    from ..safe_text import shell_word, visible_path

    if not name_key(query):
        # No letter in it: it names nothing, a usage error, not "no such pattern".
        raise UsageProblem(
            f"no pattern name in {shortened(query)}: give a pattern's id or name (`pattern list` shows them)"
        )
    broken = _broken_file_named(catalog, query)
    try:
        card_id = catalog.resolve(query)
    except NotFound:
        if broken is None:
            raise
        raise NotFound(
            f"{visible_path(broken)} is not a valid card: run `pattern validate {shell_word(broken)}`"
        ) from None
    if broken is not None and name_key(card_id) != name_key(query):
        # The user's own card by that name failed to load: another card's alias must not stand in.
        raise NotFound(
            f"{visible_path(broken)} is not a valid card, so {shortened(query)} would mean {card_id} instead: "
            f"run `pattern validate {shell_word(broken)}`"
        )
    winner = catalog.cards[card_id]
    broken = broken or _broken_file_named(catalog, card_id)  # named by an alias: the file is the id's
    if broken is not None and _comes_first(catalog, broken, winner.path):
        # The user's edit of a card (a copy that overrides the bundled one) failed to load: showing
        # the card it was meant to replace would lose the edit without a word.
        raise NotFound(
            f"{visible_path(broken)} is not a valid card, so {shortened(query)} would be {visible_path(winner.path)} "
            f"instead: run `pattern validate {shell_word(broken)}`"
        )
    return catalog.get(card_id)


def _comes_first(catalog: Catalog, path: str, other: str) -> bool:
    """Whether the file at `path` is in a folder before `other`'s on the card path."""
    import os

    def place(file: str) -> int:
        folder = os.path.realpath(os.path.dirname(file))
        found = [i for i, f in enumerate(catalog.folders) if os.path.realpath(f.path) == folder]
        return found[0] if found else len(catalog.folders)

    return place(path) < place(other)


def _broken_file_named(catalog: Catalog, query: str) -> str | None:
    """A card file on the path named for the query (`mine` for mine.yaml) that failed to load."""
    import os

    from ..resolve import name_key

    wanted = name_key(query)
    for problem in catalog.problems:
        stem = os.path.splitext(os.path.basename(problem.path))[0]
        if name_key(stem) == wanted:
            return problem.path
    return None


def nothing_found(message: str, chosen: Format | None, terminal: Terminal) -> NotFound:
    """The error for a result with nothing in it (exit 1). With `--format json`, an empty array is
    printed first: a script reading the output (`jq length`) gets a document, not nothing."""
    if chosen is not None and chosen.value == "json":
        write("[]\n", terminal, JSON, use_pager=False)
    return NotFound(message)


def pick_format(chosen: Format | None, terminal: Terminal) -> Format:
    from ..render import Format

    if chosen is not None:
        return chosen
    return Format.rich if terminal.is_tty or terminal.force_color else Format.plain


def emit(
    view: View,
    subject: object,
    chosen: Format | None,
    terminal: Terminal,
    no_pager: bool = False,
    bare: bool = False,
) -> None:
    """Render in the chosen format (default: rich on a terminal, plain in a pipe) and print it."""
    from ..render import Format, Options, render

    kind = pick_format(chosen, terminal)
    options = Options(width=terminal.width, color=terminal.color, bare=bare)
    text = render(view, subject, kind, options)
    how = STYLED if kind is Format.rich else JSON if kind is Format.json else PLAIN
    write(text, terminal, how, use_pager=not no_pager and kind is not Format.html)
