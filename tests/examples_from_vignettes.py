"""Write the bundled thesaurus's examples (`observed`, `felt`) from the labelled vignettes.

    .venv/bin/python tests/examples_from_vignettes.py

The examples are the traits of the vignettes not held out, by pattern, in file order, each once;
a trait that a held-out vignette shares is left out, so that no held-out vignette is matched
against itself. Everything in data/thesaurus.yaml from its examples' heading on is rewritten.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from patterncli.resolve import normalize

TESTS = Path(__file__).parent
THESAURUS = TESTS.parent / "data" / "thesaurus.yaml"
HEADING = "# --- examples ---"
SETS = (("observed", "match_vignettes.yaml", "traits"), ("felt", "felt_vignettes.yaml", "felt"))
KIND_NOTES = {
    "observed": "what the clinician observes in the room and hears of the client's life",
    "felt": "the therapist's own reactions, first person",
}


def examples(name: str, key: str) -> dict[str, list[str]]:
    items = yaml.safe_load((TESTS / name).read_text(encoding="utf-8"))
    held = {normalize(t) for item in items if item.get("held_out") for t in item[key]}
    found: dict[str, list[str]] = {}
    for item in items:
        if item.get("held_out"):
            continue
        for typed in item[key]:
            trait = " ".join(typed.split())
            kept = found.setdefault(item["pattern"], [])
            if normalize(trait) not in held and trait not in kept:
                kept.append(trait)
    return found


def main() -> None:
    text = THESAURUS.read_text(encoding="utf-8")
    head, _, tail = text.partition(HEADING)
    comment = HEADING + tail.split("\nobserved:", 1)[0]
    lines = [head.rstrip("\n") + "\n", comment.rstrip("\n")]
    for kind, name, key in SETS:
        lines += ["", f"{kind}:", f"  # {KIND_NOTES[kind]}"]
        for pattern, found in examples(name, key).items():
            lines.append(f"  {pattern}:")
            lines += [f"    - {json.dumps(t, ensure_ascii=False)}" for t in found]
    THESAURUS.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
