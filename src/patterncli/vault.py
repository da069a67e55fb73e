"""The cards as a vault of Markdown notes (Obsidian and the like): one note per card.

The note's body is the Markdown renderer's card, so a vault note and `show --format markdown`
never drift apart; the vault adds YAML front matter and links between the notes.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import PatternError, UsageProblem, WouldOverwrite, WriteFailed
from .model import Card
from .safe_text import visible, visible_data, visible_path
from .template import check_slug

# Vault export -----------------------------------------------------------------


@dataclass(frozen=True)
class NoteFile:
    path: Path
    text: str


def export_vault(cards: Sequence[Card], folder: Path, force: bool = False) -> list[Path]:
    """One Markdown note per card in `folder`; nothing at all is written if a note exists and not `force`."""
    notes = vault_notes(cards, folder)
    existing = [str(n.path) for n in notes if os.path.lexists(n.path)]
    if existing and not force:
        count, shown = len(existing), visible_path(folder)
        found = (
            f"1 file in {shown} already exists" if count == 1 else f"{count} files in {shown} already exist"
        )
        raise WouldOverwrite(f"{found}:", existing)
    # A folder where a note goes cannot be replaced by it: found now, before any note is written,
    # so that a failed export leaves no half-written vault behind.
    in_the_way = [n.path for n in notes if n.path.is_dir() and not n.path.is_symlink()]
    if in_the_way:
        raise WriteFailed(
            f"cannot write {visible_path(in_the_way[0])}: a folder is in the way; nothing was written"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # mkdir with exist_ok raises this only when no folder is there
        raise WriteFailed(
            f"cannot export to {visible_path(folder)}: it is not a folder (a file or a link is there); nothing was written"
        ) from None
    except OSError as err:
        raise WriteFailed(f"cannot create {visible_path(folder)}: {err.strerror or err}") from None
    for note in notes:
        _replace_file(note)
    return [n.path for n in notes]


def vault_notes(cards: Sequence[Card], folder: Path) -> list[NoteFile]:
    ids = {c.id for c in cards}
    notes = []
    for card in sorted(cards, key=lambda c: c.id):
        try:
            check_slug(card.id)  # the id becomes a file name: it must not smuggle in a path
        except UsageProblem:
            raise PatternError(f"{card.origin}: id {card.id!r} cannot be a file name") from None
        notes.append(NoteFile(folder / f"{card.id}.md", vault_note(card, ids)))
    return notes


def vault_note(card: Card, known_ids: set[str]) -> str:
    """Front matter, then the card exactly as `show --format markdown` gives it."""
    from .render import Options
    from .render.markdown import show

    return front_matter(card, known_ids) + "\n" + show(card, Options())


def front_matter(card: Card, known_ids: set[str]) -> str:
    import yaml

    data = {
        "id": card.id,
        "aliases": list(card.aliases),
        "tags": list(card.tags),
        "source": f"{card.provenance.kind}: {card.provenance.note}",
        "related": [f"[[{card_id}]]" for card_id in related_ids(card, known_ids)],
    }
    # Made visible before dumping: safe_dump would write a card's ESC as the escape "\e", which every
    # YAML reader (a notes app, yq) turns back into ESC; the boundary at the write never sees it.
    # safe_dump quotes what needs quoting ("[[needy]]", "a: b"); a wide line keeps each value on one line.
    text = yaml.safe_dump(
        visible_data(data), sort_keys=False, allow_unicode=True, default_flow_style=False, width=10_000
    )
    return f"---\n{text}---\n"


def related_ids(card: Card, known_ids: set[str]) -> list[str]:
    """The cards this card refers to, once each, in order; not itself, nor ids with no card to link to."""
    related = dict.fromkeys(ref for _, _, ref in card.references() if ref != card.id and ref in known_ids)
    return list(related)


def _replace_file(note: NoteFile) -> None:
    """Write a temporary file, then rename it: a symlink in the way is replaced, never written through."""
    # Opened by name rather than with mkstemp, so the note gets the user's usual permissions, not 0600.
    tmp = note.path.with_name(f".{note.path.name}.{os.getpid()}.tmp")
    try:
        tmp.unlink(missing_ok=True)  # left by a run of this process id that was killed mid-write
        with tmp.open("x", encoding="utf-8") as out:
            out.write(visible(note.text))  # the one boundary: a card cannot put controls in a note
        os.replace(tmp, note.path)
    except OSError as err:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise WriteFailed(f"cannot write {note.path}: {err.strerror or err}") from None
