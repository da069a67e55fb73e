"""Reading one card file safely: size, encoding, YAML, schema.

YAML is composed with PyYAML's safe machinery and turned into data by our own
walk of the node tree, so that every value keeps its line and column (for
`FILE:LINE:COL` messages), no tag can construct an object, and an alias
cannot be expanded into a bomb: anchors and aliases are refused outright.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from .errors import CardFileError, Problem

MAX_CARD_BYTES = 1024 * 1024

Path_ = tuple[str | int, ...]
Marks = dict[Path_, tuple[int, int]]

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


@cache
def card_schema() -> dict[str, Any]:
    from importlib import resources

    text = resources.files("patterncli").joinpath("card.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def read_card_file(path: Path) -> dict[str, Any]:
    """The checked data of one card file, or CardFileError with every problem found."""
    shown = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_CARD_BYTES:
            raise _fail(shown, f"file is {size} bytes; cards are limited to {MAX_CARD_BYTES} bytes (1 MiB)")
        raw = path.read_bytes()
    except OSError as err:
        raise _fail(shown, f"cannot read file: {err.strerror or err}") from None
    return parse_card_text(raw, shown)


def parse_card_text(raw: bytes, shown: str) -> dict[str, Any]:
    if len(raw) > MAX_CARD_BYTES:
        raise _fail(shown, f"file is {len(raw)} bytes; cards are limited to {MAX_CARD_BYTES} bytes (1 MiB)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise _fail(shown, f"not UTF-8 text (byte {err.start}: {raw[err.start : err.start + 1]!r})") from None
    if not text.strip():
        raise _fail(shown, "file is empty")
    data, marks = _load_yaml(text, shown)
    problems = schema_problems(data, marks, shown) or semantic_problems(data, marks, shown)
    if problems:
        raise CardFileError(problems)
    checked: dict[str, Any] = data
    return checked


def _fail(shown: str, message: str, line: int | None = None, column: int | None = None) -> CardFileError:
    return CardFileError([Problem(shown, message, line, column)])


def _load_yaml(text: str, shown: str) -> tuple[Any, Marks]:
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(text, Loader=loader_class)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        message = " ".join(str(p) for p in (err.context, err.problem) if p) or "invalid YAML"
        if mark is None:
            raise _fail(shown, f"YAML: {message}") from None
        raise _fail(shown, f"YAML: {message}", mark.line + 1, mark.column + 1) from None
    except (yaml.YAMLError, ValueError) as err:  # e.g. control characters the reader refuses
        raise _fail(shown, "YAML: " + " ".join(str(err).split())) from None
    if node is None:
        raise _fail(shown, "file holds no card")
    marks: Marks = {}
    try:
        data = _node_to_data(node, (), marks, set(), shown)
    except RecursionError:  # a card is a few levels deep; hundreds mean a hostile file
        raise _fail(shown, "YAML is nested too deeply to be a card") from None
    return data, marks


def _node_to_data(node: Any, path: Path_, marks: Marks, seen: set[int], shown: str) -> Any:
    import yaml

    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    marks[path] = (line, col)
    if id(node) in seen:  # the composer shares one node between an anchor and its aliases
        raise _fail(shown, "YAML anchors and aliases are not allowed in cards", line, col)
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node, shown, line, col)
    if isinstance(node, yaml.SequenceNode):
        if node.tag != "tag:yaml.org,2002:seq":
            raise _fail(shown, f"YAML tag {node.tag} is not allowed", line, col)
        return [_node_to_data(child, (*path, i), marks, seen, shown) for i, child in enumerate(node.value)]
    if node.tag != "tag:yaml.org,2002:map":
        raise _fail(shown, f"YAML tag {node.tag} is not allowed", line, col)
    mapping: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = _node_to_data(key_node, (*path, "<key>"), marks, seen, shown)
        key_line, key_col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
        if not isinstance(key, str):
            raise _fail(shown, f"keys must be text, not {key!r}", key_line, key_col)
        if key in mapping:
            raise _fail(shown, f"duplicate key {key!r}", key_line, key_col)
        key_path = (*path, "<key>", key)
        marks[key_path] = (key_line, key_col)
        mapping[key] = _node_to_data(value_node, (*path, key), marks, seen, shown)
    return mapping


def _scalar(node: Any, shown: str, line: int, col: int) -> Any:
    import yaml

    if node.tag not in _PLAIN_TAGS:
        raise _fail(shown, f"YAML tag {node.tag} is not allowed", line, col)
    if node.tag == "tag:yaml.org,2002:str":
        return node.value
    try:
        return yaml.SafeLoader("").construct_object(node)
    except (yaml.YAMLError, ValueError, OverflowError):
        return node.value


def schema_problems(data: Any, marks: Marks, shown: str) -> list[Problem]:
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(card_schema())
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        path = tuple(error.absolute_path)
        message = _schema_message(error)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = error.schema.get("properties", {})
            extra = [k for k in error.instance if k not in allowed]
            for key in extra:
                key_path = (*path, "<key>", key)
                line, col = _mark(marks, key_path if key_path in marks else path)
                problems.append(Problem(shown, f"{_where(path)}unknown key {key!r}", line, col))
            continue
        line, col = _mark(marks, path)
        problems.append(Problem(shown, f"{_where(path)}{message}", line, col))
    return problems


def _mark(marks: Marks, path: Path_) -> tuple[int | None, int | None]:
    found = marks.get(path)
    return (None, None) if found is None else found


def _schema_message(error: Any) -> str:
    if error.validator == "required":
        return str(error.message).replace("is a required property", "is required")
    if error.validator == "pattern":
        return f"{error.instance!r} is not a valid id (use lowercase letters, digits and dashes)"
    if error.validator == "oneOf":
        return "an item must be a line of text, or a mapping with `text` (and `label` or `name`, `more`, `refers_to`)"
    return str(error.message)


def _where(path: Path_) -> str:
    return (
        "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".") + ": " if path else ""
    )


def semantic_problems(data: dict[str, Any], marks: Marks, shown: str) -> list[Problem]:
    """What the schema cannot say: section keys must be unique within a card."""
    problems = []
    seen: set[str] = set()
    for i, section in enumerate(data["sections"]):
        key = section["key"]
        if key in seen:
            line, col = _mark(marks, ("sections", i, "key"))
            problems.append(Problem(shown, f"duplicate section key {key!r}", line, col))
        seen.add(key)
    return problems
