"""A clinician's own cards: validate, schema, paths, new, edit, export."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import ExitStatus, NotFound, UsageProblem
from ..output import PLAIN, note, write
from ..safe_text import shell_word, visible_path
from . import find_card, load

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..catalog import Catalog, LoadedCard
    from ..output import Terminal


def validate(terminal: Terminal, files: Sequence[str] = ()) -> ExitStatus:
    """Check card files; every problem as FILE:LINE:COL: message on stdout, a summary on stderr."""
    from ..checks import validate_files, validate_path

    if any(not f for f in files):  # Path("") would be the current folder
        raise UsageProblem("an empty file name: give the card files (or folders) to check")
    report = validate_files([Path(f) for f in files]) if files else validate_path()
    lines = report.lines()
    if lines:
        write("".join(f"{line}\n" for line in lines), terminal, PLAIN, use_pager=False)
    note(report.summary())
    return ExitStatus.NOT_FOUND if report.invalid_count else ExitStatus.OK


def schema(terminal: Terminal, no_pager: bool = False) -> None:
    from ..checks import schema_text

    write(schema_text(), terminal, PLAIN, use_pager=not no_pager)


def paths(terminal: Terminal) -> None:
    """The card folders in search order, what each holds, and the cache folder."""
    from ..checks import path_rows

    rows = path_rows()
    origin_width = max(len(r.origin) for r in rows)
    state_width = max(len(r.state) for r in rows)
    text = "".join(
        f"{r.origin.ljust(origin_width)}  {r.state.ljust(state_width)}  {visible_path(r.path)}\n"
        for r in rows
    )
    write(text, terminal, PLAIN, use_pager=False)


def new(terminal: Terminal, card_id: str, from_pattern: str | None = None, force: bool = False) -> None:
    """Write a card of one's own (the commented template, or a copy of another card) into the user folder."""
    from ..template import (
        card_template,
        check_id_is_free,
        check_slug,
        copied_card_text,
        create_card,
        existing_card_files,
        placement_note,
    )

    check_slug(card_id)
    catalog = load(report_problems=False)
    if not force:
        check_id_is_free(card_id, catalog)
    if from_pattern is None:
        text = card_template(card_id)
    else:
        original = find_card(catalog, from_pattern)
        text = copied_card_text(original, card_id, f"Copied from the {original.name} card.")
    # A link is replaced, never the file it points to (review: that one was said to be gone too).
    replacing = [str(p) for p in existing_card_files(card_id) if not p.is_symlink()]
    path = create_card(card_id, text, force=force)
    write(f"{visible_path(path)}\n", terminal, PLAIN, use_pager=False)
    if str(path) in replacing:  # QA: the user's own card became the template without a word
        note(f"replaced {visible_path(path)} (--force): what it held before is gone")
    placement = placement_note(card_id, path, load(report_problems=False))
    if placement:
        note(placement)
    note(f"edit it, then check it with: pattern validate {shell_word(path)}")


def edit(terminal: Terminal, pattern: str) -> ExitStatus:
    """Open a card in $VISUAL or $EDITOR, then check it.

    A bundled card is never edited in place: it is first copied into the user's card folder,
    where the copy overrides it, with its sources kept and a note that it is an edited copy (in
    the user's words now, so no longer a word-for-word transcription).
    """
    from ..catalog import user_cards_dir
    from ..errors import WriteFailed
    from ..template import copied_card_text, create_card

    catalog = load(report_problems=False)
    try:
        card = find_card(catalog, pattern)
    except NotFound:
        broken = _broken_own_file(catalog, pattern)
        if broken is None:
            raise
        return _mend(terminal, broken)
    loaded = catalog.cards[card.id]
    path = Path(loaded.path)
    broken = _broken_own_file(catalog, card.id) if loaded.folder.origin == "bundled" else None
    if broken is not None:
        return _mend(terminal, broken)  # the user's copy is invalid, so the bundled card showed
    if loaded.folder.origin != "bundled" and not os.access(path, os.W_OK):
        raise WriteFailed(
            f"cannot edit {visible_path(path)}: the file is read-only; {_read_only_advice(loaded, card.id)}"
        )
    copied = loaded.folder.origin == "bundled"
    if copied:
        why = "Edited copy of the bundled card; the bundled card itself is unchanged."
        path = create_card(card.id, copied_card_text(card, why=why), folder=Path(user_cards_dir()))
    before = _contents(path)
    try:
        status = run_editor(path)
    except UsageProblem:
        if copied:  # no edit was made: a copy left behind would hide later versions of the card
            path.unlink(missing_ok=True)
        raise
    unchanged = _unchanged(path, before)
    if copied and unchanged:
        # Closed without saving, or the editor failed: the copy would hide later versions of the card.
        path.unlink(missing_ok=True)
        if status == 0:
            note(
                f"nothing was changed: {visible_path(path)} was removed, the bundled card is shown as before"
            )
            return ExitStatus.OK
    if copied and not unchanged:
        # Said once the copy is kept (QA: said before an editor that could not start, the copy was
        # announced, then removed), and below the editor's screen, not hidden by it.
        note(f"copied {visible_path(loaded.path)} to {visible_path(path)}; the copy overrides it")
    _said_editor_failed(status, unchanged)
    return validate(terminal, [str(path)])


def _said_editor_failed(status: int, unchanged: bool) -> None:
    """A failing editor: EditorFailed when it changed nothing, else a note that what it saved is kept."""
    if status == 0:
        return
    if unchanged:
        from ..errors import EditorFailed

        raise EditorFailed(f"the editor {_editor_command()!r} {_ended(status)}; nothing was changed")
    note(f"the editor {_editor_command()!r} {_ended(status)}; what it saved is kept")


def _contents(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _unchanged(path: Path, before: bytes | None) -> bool:
    if before is None:
        return False  # unreadable before the editor ran: nothing to tell a change by
    try:
        return path.read_bytes() == before
    except OSError:
        return False  # moved or made unreadable by the editor: not ours to remove


def _ended(status: int) -> str:
    return f"was stopped by signal {-status}" if status < 0 else f"exited with status {status}"


def _read_only_advice(loaded: LoadedCard, card_id: str) -> str:
    if loaded.folder.origin == "user":
        return "make it writable, then edit it again"
    # A copy in the user's folder would not take effect: PATTERN_PATH comes before it.
    return f"to change the card, copy it under an id of your own: pattern new MY-ID --from {card_id}"


def _broken_own_file(catalog: Catalog, name: str) -> Path | None:
    """The file in the user's card folder named for `name` when it failed to load as a card (an
    edit left it invalid): that must not lock its owner out of it, nor let another card stand in
    for it. A file there that loaded, as a card of another id, is no such file."""
    path = _own_card_file(name)
    if path is None:
        return None
    failed = {os.path.realpath(problem.path) for problem in catalog.problems}
    return path if os.path.realpath(path) in failed else None


def _mend(terminal: Terminal, broken: Path) -> ExitStatus:
    note(f"{visible_path(broken)} is not a valid card yet; opening it to mend")
    before = _contents(broken)
    status = run_editor(broken)
    _said_editor_failed(status, _unchanged(broken, before))
    return validate(terminal, [str(broken)])


def _own_card_file(name: str) -> Path | None:
    """The file in the user's card folder named for a card id (`mine` -> mine.yaml), if any."""
    from ..catalog import CARD_SUFFIXES, RESERVED_NAMES, user_cards_dir

    if not name or name.startswith(".") or any(c in name for c in "/\\"):  # a name, not a path
        return None
    if any(f"{name}{s}" in RESERVED_NAMES for s in CARD_SUFFIXES):  # the thesaurus is no card
        return None
    folder = Path(user_cards_dir())
    return next((folder / f"{name}{s}" for s in CARD_SUFFIXES if (folder / f"{name}{s}").is_file()), None)


def _editor_command() -> str:
    return os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"


def run_editor(path: Path) -> int:
    """Run $VISUAL or $EDITOR on the file and wait for it; its exit status. Ctrl-C belongs to the
    editor while it runs (ed, or a GUI editor's --wait, leave it to the terminal): this process
    neither dies of it nor kills the editor, whose unsaved work would be lost. Ctrl-C is ignored
    here only once the editor has started, as git does: an editor must not inherit it ignored."""
    import shlex
    import signal
    import subprocess

    command = _editor_command()
    try:
        editor = subprocess.Popen([*shlex.split(command), str(path)])
    except (OSError, ValueError) as err:
        raise UsageProblem(f"cannot run the editor {command!r}: {err}; set $VISUAL or $EDITOR") from None
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: it gets no SIGINT anyway
        return editor.wait()
    try:
        return editor.wait()
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler if previous is None else previous)


def export(terminal: Terminal, directory: str, force: bool = False) -> None:
    """Write every card as a Markdown note (DIR/ID.md) for a notes vault such as Obsidian."""
    if not directory.strip():
        raise UsageProblem("the folder to export into is empty: give a folder name")
    if directory == "-":  # QA: a folder named "-" was made; "-" means standard output elsewhere
        raise UsageProblem(
            "export writes a folder of notes, which standard output (-) cannot hold: give a folder name"
        )
    from ..vault import export_vault

    written = export_vault(load().all_cards(), Path(directory), force=force)
    write("".join(f"{visible_path(path)}\n" for path in written), terminal, PLAIN, use_pager=False)
