"""A new card of the user's own: the commented template, and writing it where it belongs."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from .cardfile import card_schema
from .catalog import CARD_SUFFIXES, RESERVED_NAMES, Catalog, user_cards_dir
from .errors import CardExists, UsageProblem, WriteFailed, shortened
from .model import WRITTEN_FOR_TOOL, Card, card_to_data
from .safe_text import visible, visible_path


def check_slug(card_id: str) -> None:
    slug = card_schema()["$defs"]["slug"]
    # fullmatch, not the schema's search: `$` would also accept an id ending in a newline.
    if len(card_id) > slug["maxLength"] or not re.fullmatch(slug["pattern"], card_id):
        # QA: "Bad ID" was told the rule; the id it means is one step away.
        meant = "-".join(re.findall(r"[a-z0-9]+", card_id.lower()))[: slug["maxLength"]].strip("-")
        example = meant if meant and re.fullmatch(slug["pattern"], meant) else "my-pattern"
        raise UsageProblem(
            f"{shortened(card_id)} is not a valid card id: use lowercase letters, digits and single dashes, "
            f"e.g. {example} (at most {slug['maxLength']} characters)"
        )
    if any(f"{card_id}{suffix}" in RESERVED_NAMES for suffix in CARD_SUFFIXES):
        raise UsageProblem(
            f"{shortened(card_id)} cannot be a card id: {card_id}.yaml in a card folder is read as the "
            "thesaurus, not as a card; choose another id"
        )


def existing_card_files(card_id: str, folder: Path | None = None) -> list[Path]:
    """The files in the user's card folder (or `folder`) that a card `card_id` would be written to."""
    folder = Path(user_cards_dir()) if folder is None else folder
    return [
        path for path in (folder / f"{card_id}{suffix}" for suffix in CARD_SUFFIXES) if os.path.lexists(path)
    ]


def create_card(card_id: str, text: str, folder: Path | None = None, force: bool = False) -> Path:
    """Write a new card file into the user's card folder; never over a file there unless `force`."""
    check_slug(card_id)
    folder = Path(user_cards_dir()) if folder is None else folder
    taken = [folder / f"{card_id}{suffix}" for suffix in CARD_SUFFIXES]
    existing = existing_card_files(card_id, folder)
    if existing and not force:
        raise CardExists(
            f"{visible_path(existing[0])} already exists and was left unchanged; edit it, or choose another id"
        )
    json_file = next((path for path in existing if path.suffix == ".json"), None)
    if json_file is not None:
        # The new card is YAML: beside the JSON file it would make two cards with one id.
        raise CardExists(
            f"{visible_path(json_file)} already exists and was left unchanged; --force replaces"
            " only a YAML card: move that file away first, or choose another id"
        )
    path = existing[0] if existing else taken[0]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise WriteFailed(
            f"cannot create the card folder {visible_path(folder)}: {err.strerror or err}"
        ) from None
    try:
        if force and path.is_symlink():
            path.unlink()  # the link is replaced, as export does: never the file it points to
        # "x": a file made meanwhile is not replaced; with --force, "w" replaces the user's file.
        with path.open("w" if force else "x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        raise CardExists(f"{visible_path(path)} already exists and was left unchanged") from None
    except OSError as err:
        raise WriteFailed(f"cannot write {visible_path(path)}: {err.strerror or err}") from None
    return path


def check_id_is_free(card_id: str, catalog: Catalog) -> None:
    """A new card must not silently hide one on the path (the bundled, transcribed insecure card, say)."""
    loaded = catalog.cards.get(card_id)
    if loaded is None:
        return
    raise CardExists(
        f"a card with the id {shortened(card_id)} already exists: {visible_path(loaded.path)} ({loaded.folder.origin}); "
        f"a new card would hide it. To change that card use `pattern edit {card_id}`; "
        "to write a new one anyway use --force"
    )


def placement_note(card_id: str, path: Path, catalog: Catalog) -> str | None:
    """What a new card means for the path: it overrides a card, or another card hides it."""
    loaded = catalog.cards.get(card_id)
    if loaded is not None and os.path.realpath(loaded.path) != os.path.realpath(path):
        return (
            f"note: {visible_path(loaded.path)} comes first on the card path, "
            f"so `pattern show {card_id}` shows that card"
        )
    hidden = [h.path for h, _ in catalog.overridden if h.id == card_id]
    if hidden:
        return f"note: this card overrides {', '.join(map(visible_path, hidden))}"
    named = [c for c in catalog.cards.values() if c.id != card_id and card_id in c.aliases]
    if named:
        return (
            f"note: {shortened(card_id)} is also a name of the {named[0].name}; "
            f"`pattern show {card_id}` now shows this card (the other is still `{named[0].id}`)"
        )
    return None


def copied_card_text(card: Card, card_id: str | None = None, why: str = "") -> str:
    """A card as a YAML file of the user's: the same content, a new id if given, and a provenance
    note saying where it was copied from (kept, with its sources, so nothing about its origin is lost).

    A copy is the user's to edit, so it is no word-for-word transcription any more: its kind is
    written-for-tool (what a card in one's own words is), and the note says what it was."""
    import yaml

    data = card_to_data(card)
    if card_id is not None and card_id != card.id:
        data["id"] = card_id
        data["name"] = default_name(card_id)
        data.pop("aliases", None)  # the original's names belong to the original
    was = (
        " The card copied was transcribed word for word; this copy may differ."
        if card.provenance.is_source
        else ""
    )
    data["provenance"]["kind"] = WRITTEN_FOR_TOOL
    data["provenance"]["note"] = f"{data['provenance']['note']} {why}{was}".strip()
    data["provenance"].pop("source_text", None)  # a path relative to the bundled card, not to the copy
    # A YAML comment takes no control character (the card would not load): the name as shown.
    name = " ".join(visible(card.name).split())
    header = f"# Copied from {name} ({card.id}) by patterncli. Check it with `pattern validate`.\n"
    body: str = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return header + body


def default_name(card_id: str) -> str:
    return " ".join(word.capitalize() for word in card_id.split("-")) + " Pattern"


def placeholder_lines() -> frozenset[str]:
    """The template's lines a user is to replace (each starts with "Replace with"), so validate
    can tell one left in place."""
    return frozenset(re.findall(r"Replace with [^\n]*", _TEMPLATE))


def card_template(card_id: str) -> str:
    """A card that validates as it is; every placeholder line says what to put there."""
    name = default_name(card_id)
    # json.dumps quotes the values: ids like `yes`, `null` or `123` would not be text in plain YAML.
    return _TEMPLATE.format(card_id=card_id, id_value=json.dumps(card_id), name_value=json.dumps(name))


_TEMPLATE = """\
# My own pattern card, made by `pattern new {card_id}`.
# Replace every line that starts with "Replace", delete the sections you do not
# need, then check the card with `pattern validate` (the full format: `pattern schema`).
# Lines starting with # are comments. Keep the indentation as it is. A line holding
# ": " (a colon, then a space) goes in quotes: - "Note: what to watch for".
id: {id_value}
name: {name_value}
aliases: []  # other names to look the card up by, e.g. [clingy, dependent client]
summary: Replace with one line shown by pattern list
tags: []  # e.g. [soft]
provenance:
  # written-for-tool: my own words. Use source-notes only for a word-for-word transcription.
  kind: written-for-tool
  note: My own card, written in my own words. Not source text.
sections:
  # Keys, titles and groups as in the bundled cards, so `pattern compare` lines the cards up.
  - key: behavior
    title: Interpersonal Behavior
    group: description
    items:
      - Replace with what the client does with others
  - key: expectations
    title: Expectations and Feelings
    group: description
    items:
      - Replace with what the client expects and feels
  - key: core-issues
    title: Core Issues/Origins
    group: dynamics
    items:
      - Replace with the core issue and where it comes from
  - key: distinctions
    title: Distinctions from Other Patterns
    group: distinctions
    items:
      - Replace with how this pattern differs from a similar one
      # An item can carry a label, and name the cards it is about:
      # - label: Insecure
      #   text: How the two differ
      #   refers_to: [insecure]
  - key: countertransference-toward-client
    title: Countertransference toward the Client
    group: relationship
    items:
      - Replace with what the therapist may feel with this client
  - key: forming-alliance
    title: Forming the Alliance and Disconfirming the Pattern
    group: treatment
    items:
      - Replace with what helps to form the alliance
"""
