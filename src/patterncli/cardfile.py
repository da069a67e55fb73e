"""Reading one card file safely: size, encoding, YAML, schema.

YAML is composed with PyYAML's safe machinery and turned into data by our own
walk of the node tree, so that every value keeps its line and column (for
`FILE:LINE:COL` messages), no tag can construct an object, and an alias
cannot be expanded into a bomb: anchors and aliases are refused outright.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from functools import cache
from typing import Any, NamedTuple

from .errors import CardFileError, CardUnreadable, Problem
from .errors import shortened as _shortened

MAX_CARD_BYTES = 1024 * 1024
# O_NONBLOCK: opening a FIFO that slipped past the stat must not wait for a writer. Neither flag
# exists on Windows, which has no FIFOs to open.
_OPEN_FLAGS = (
    os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
)
_NOT_REGULAR = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}

Path_ = tuple[str | int, ...]
Marks = dict[Path_, tuple[int, int]]

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_DATE_TAG = "tag:yaml.org,2002:timestamp"  # what YAML makes of an unquoted 2024-01-01


@cache
def card_schema() -> dict[str, Any]:
    from importlib import resources

    text = resources.files("patterncli").joinpath("card.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def read_card_bytes(path: str | os.PathLike[str]) -> tuple[bytes, os.stat_result]:
    """The bytes of a card file and the status of the file they were read from.

    Only a regular file is read, and never more than MAX_CARD_BYTES + 1 bytes, so a device
    (/dev/zero), a FIFO or a link to one is refused at once instead of read without end or
    waited on. CardUnreadable when the file cannot be read; CardFileError when it is too large.
    """
    return read_regular_file(path, MAX_CARD_BYTES, "cards are limited to")


def read_regular_file(path: str | os.PathLike[str], limit: int, limited: str) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file of at most `limit` bytes (a card, a thesaurus), as read_card_bytes
    reads a card; `limited` begins what is said of a larger file ("cards are limited to")."""
    shown = str(path)
    try:
        _check_is_regular_and_sized(os.stat(path), shown, limit, limited)  # opening a FIFO can block
        fd = os.open(path, _OPEN_FLAGS)
        try:
            status = os.fstat(fd)  # the file actually opened, which may have been swapped since the stat
            _check_is_regular_and_sized(status, shown, limit, limited)
            raw = _read_at_most(fd, limit + 1)
        finally:
            os.close(fd)
    except OSError as err:
        raise CardUnreadable([Problem(shown, f"cannot read file: {_why_unreadable(path, err)}")]) from None
    if len(raw) > limit:  # the file grew after the fstat
        raise _too_large(shown, len(raw), limit, limited)
    return raw, status


def _check_is_regular_and_sized(status: os.stat_result, shown: str, limit: int, limited: str) -> None:
    if not stat.S_ISREG(status.st_mode):
        kind = _NOT_REGULAR.get(stat.S_IFMT(status.st_mode), "a special file")
        raise CardUnreadable([Problem(shown, f"cannot read file: it is {kind}, not a regular file")])
    if status.st_size > limit:
        raise _too_large(shown, status.st_size, limit, limited)


def _read_at_most(fd: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 16))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _why_unreadable(path: str | os.PathLike[str], err: OSError) -> str:
    if isinstance(err, FileNotFoundError):
        try:
            target = os.readlink(path)
        except OSError:  # not a link (or gone meanwhile): the file itself is missing
            return err.strerror or str(err)
        from .safe_text import visible_path

        return f"it is a dangling symbolic link (to {visible_path(target)}, which does not exist)"
    return err.strerror or str(err)


def _too_large(shown: str, size: int, limit: int, limited: str) -> CardFileError:
    return _fail(shown, f"file is {size} bytes; {limited} {limit} bytes ({limit / (1 << 20):g} MiB)")


class Reading(NamedTuple):
    """What a card file's text holds: its document (even when not a valid card; None when not YAML
    at all), where each value stands, and every problem found in it."""

    document: Any
    marks: Marks
    problems: list[Problem]


def parse_card_text(raw: bytes, shown: str) -> dict[str, Any]:
    """The checked data of a card's text, or CardFileError with every problem found."""
    reading = read_card_text(raw, shown)
    if reading.problems:
        raise CardFileError(reading.problems)
    checked: dict[str, Any] = reading.document
    return checked


def read_card_text(raw: bytes, shown: str) -> Reading:
    """Every problem of a card's text in one go: YAML, schema and section keys together, so a
    beginner is not sent back to fix them one round at a time."""
    try:
        text = _decoded(raw, shown)
        document, marks, problems = _load_yaml(
            _astral_escapes(text) if shown.endswith(".json") else text, shown
        )
    except CardFileError as err:  # the text is not a YAML document: nothing more can be checked
        return Reading(None, {}, err.problems)
    problems += schema_problems(document, marks, shown)
    problems += semantic_problems(document, marks, shown)
    if problems and isinstance(document, dict) and THESAURUS_KEYS.intersection(document):
        # A thesaurus under another name ("thesaurus.yml"): what a card lacks says nothing useful,
        # and its words would be lost in silence.
        rename = "this looks like a thesaurus, which is read only from a file named thesaurus.yaml: rename it"
        problems = [Problem(shown, rename)]
    return Reading(document, marks, problems)


# The keys of a thesaurus file (search.thesaurus reads them; a test holds the two together).
THESAURUS_KEYS = frozenset({"groups", "one-way", "search-only", "risk", "observed", "felt"})


def _astral_escapes(text: str) -> str:
    """JSON text with each character beyond the first plane written as YAML writes it.

    JSON escapes such a character as its two UTF-16 surrogates ("\\ud83d\\ude00", as Python's
    json.dumps writes an emoji), which YAML, reading the card, refuses: each pair becomes YAML's one
    escape ("\\U0001f600"), two characters shorter, so a column reported after one on its line is
    two short."""
    if "\\u" not in text:
        return text
    import re

    pair = re.compile(r"(?<!\\)((?:\\\\)*)\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE)

    def joined(found: re.Match[str]) -> str:
        high, low = int(found.group(2), 16) - 0xD800, int(found.group(3), 16) - 0xDC00
        return f"{found.group(1)}\\U{0x10000 + (high << 10) + low:08x}"

    return pair.sub(joined, text)


def _decoded(raw: bytes, shown: str) -> str:
    if len(raw) > MAX_CARD_BYTES:
        raise _too_large(shown, len(raw), MAX_CARD_BYTES, "cards are limited to")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line, column = place_of_byte(raw, err.start)
        byte = raw[err.start : err.start + 1]
        raise _fail(shown, f"not UTF-8 text (byte {err.start}: {byte!r})", line, column) from None
    if not text.strip():
        raise _fail(shown, "file is empty")
    return text


def _fail(shown: str, message: str, line: int | None = None, column: int | None = None) -> CardFileError:
    return CardFileError([Problem(shown, message, line, column)])


def place_of_byte(raw: bytes, offset: int) -> tuple[int, int]:
    """(line, column) of a byte of a file, counted from 1, the column in characters: what an
    editor jumps to with FILE:LINE:COL."""
    start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, len(raw[start:offset].decode("utf-8", "replace")) + 1


def _place_of_character(text: str, position: int) -> tuple[int, int]:
    """(line, column) of a character of a text, counted from 1 (line breaks: \\n only, as editors count)."""
    return text.count("\n", 0, position) + 1, position - text.rfind("\n", 0, position)


def _load_yaml(
    text: str, shown: str, refused_at: set[Path_] | None = None
) -> tuple[Any, Marks, list[Problem]]:
    """The document, where each value stands, and what cards do not allow in it (tags, keys that
    are not text or come twice). CardFileError when there is no document to check further.
    `refused_at`: filled with where each value refused stands (a tagged one is kept as its text;
    a key that is not text, or comes again, is left out)."""
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(text, Loader=loader_class)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        message = " ".join(str(p) for p in (err.context, err.problem) if p) or "invalid YAML"
        if mark is None:
            raise _fail(shown, f"YAML: {message}") from None
        raise _fail(shown, f"YAML: {message}", *_Places(text).of(mark)) from None
    except yaml.reader.ReaderError as err:  # control characters, NUL: before any line is read
        # libyaml counts bytes of the UTF-8 text, the pure-Python reader characters.
        if loader_class is getattr(yaml, "CSafeLoader", None):
            line, column = place_of_byte(text.encode("utf-8"), err.position)
        else:
            line, column = _place_of_character(text, err.position)
        raise _fail(shown, f"YAML: {err.reason} (U+{err.character:04X})", line, column) from None
    except (yaml.YAMLError, ValueError) as err:
        raise _fail(shown, "YAML: " + " ".join(str(err).split())) from None
    if node is None:
        raise _fail(shown, "file holds no card")
    builder = _DocumentBuilder(shown, _Places(text))
    try:
        document = builder.build(node, ())
    except RecursionError:  # a card is a few levels deep; hundreds mean a hostile file
        raise _fail(shown, "YAML is nested too deeply to be a card") from None
    if refused_at is not None:
        refused_at.update(builder.refused_at)
    return document, builder.marks, builder.problems


class _Places:
    """(line, column) of a YAML mark, counted from 1 as an editor counts them. YAML also breaks
    lines at NEL, U+2028 and U+2029, which editors show within a line: in a text holding any of
    them, a mark is placed by its character index instead."""

    def __init__(self, text: str) -> None:
        self.starts: list[int] | None = None  # each line's first character, where it differs
        if "\x85" in text or "\u2028" in text or "\u2029" in text:
            self.starts = [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]

    def of(self, mark: Any) -> tuple[int, int]:
        if self.starts is None:
            return mark.line + 1, mark.column + 1
        from bisect import bisect_right

        line = bisect_right(self.starts, mark.index)
        return line, mark.index - self.starts[line - 1] + 1


class _DocumentBuilder:
    """Plain data from composed YAML nodes, noting where each value stands.

    What cards do not allow is noted as a problem and the walk goes on, so one run reports all of
    it; only an alias ends it, since following aliases is how a YAML bomb goes off.
    """

    def __init__(self, shown: str, places: _Places) -> None:
        self.shown, self.places = shown, places
        self.marks: Marks = {}
        self.problems: list[Problem] = []
        self.refused_at: set[Path_] = set()  # where a value refused stands (its text is kept)
        self._seen: set[int] = set()

    def build(self, node: Any, path: Path_) -> Any:
        import yaml

        line, col = self.places.of(node.start_mark)
        self.marks[path] = (line, col)
        if id(node) in self._seen:  # the composer shares one node between an anchor and its aliases
            raise _fail(
                self.shown,
                "YAML anchors and aliases are not allowed (a card or thesaurus file spells each value out)",
                line,
                col,
            )
        self._seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, line, col, path)
        is_list = isinstance(node, yaml.SequenceNode)
        if node.tag != ("tag:yaml.org,2002:seq" if is_list else "tag:yaml.org,2002:map"):
            self._note(f"YAML tag {node.tag} is not allowed", line, col, path)
        if is_list:
            return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
        return self._mapping(node, path)

    def _mapping(self, node: Any, path: Path_) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            noted_before = len(self.problems)
            key = self.build(key_node, (*path, "<key>"))
            if len(self.problems) > noted_before and isinstance(key, str):
                self.refused_at.add((*path, key))  # a tagged or dated key: its entry is refused
            key_line, key_col = self.places.of(key_node.start_mark)
            if not isinstance(key, str):
                self._note(f"keys must be text, not {key!r}", key_line, key_col)
            elif key in mapping:
                self._note(f"duplicate key {key!r}", key_line, key_col)
            else:
                key_path = (*path, "<key>", key)
                self.marks[key_path] = (key_line, key_col)
                mapping[key] = self.build(value_node, (*path, key))
        return mapping

    def _scalar(self, node: Any, line: int, col: int, path: Path_) -> Any:
        import yaml

        if node.tag == _DATE_TAG and not node.style:  # an unquoted date (plain: no quotes)
            self._note(f"YAML reads {node.value} as a date, not text: put it in quotes", line, col, path)
            return node.value
        if node.tag not in _PLAIN_TAGS:
            self._note(f"YAML tag {node.tag} is not allowed", line, col, path)
            return node.value  # the text as written, never the object the tag asks for
        if node.tag == "tag:yaml.org,2002:str":
            return node.value
        try:
            return yaml.SafeLoader("").construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError):
            return node.value

    def _note(self, message: str, line: int, col: int, path: Path_ | None = None) -> None:
        self.problems.append(Problem(self.shown, message, line, col))
        if path is not None:
            self.refused_at.add(path)


def schema_problems(data: Any, marks: Marks, shown: str) -> list[Problem]:
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(card_schema())
    problems = []
    for found in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        error = _specific(found)
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
        if message is None:
            continue
        line, col = _mark(marks, path)
        problems.append(Problem(shown, f"{_where(path)}{message}", line, col))
    return problems


def _specific(error: Any) -> Any:
    """An item that is the right kind of value but too long fails the item's `oneOf` as a whole:
    its own error (`text` too long) says what to fix, where "must be a line of text" does not."""
    if error.validator != "oneOf":
        return error
    return next((sub for sub in error.context or () if sub.validator == "maxLength"), error)


def _mark(marks: Marks, path: Path_) -> tuple[int | None, int | None]:
    found = marks.get(path)
    return (None, None) if found is None else found


_SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$"
_ONE_LINE = "[\\n\\t]"
_NOT_AN_ID = "is not a valid id (use lowercase letters, digits and dashes)"
_NOT_A_WEB_ADDRESS = "is not a web address (http:// or https://, with no spaces)"
_MESSAGE_MOST = 200  # characters of a message about a value: the value may be megabytes long


def _schema_message(error: Any) -> str | None:
    """What is wrong, in the card's terms; None when another message says it (a value of the
    wrong type breaks the rules for its text too)."""
    value = error.instance
    if error.validator == "required":
        return str(error.message).replace("is a required property", "is required")
    if error.validator in ("pattern", "not") and not isinstance(value, str):
        return None
    if error.validator == "not":
        rule = error.validator_value.get("pattern") if isinstance(error.validator_value, dict) else None
        if rule == _ONE_LINE:
            return _not_one_line(value)
        if rule == "\\s":
            return f"{_shortened(value)} {_NOT_A_WEB_ADDRESS}"
        return f"{_shortened(value)} {_NOT_AN_ID}"
    if error.validator == "pattern":
        return f"{_shortened(value)} {_NOT_AN_ID if error.validator_value == _SLUG else _NOT_A_WEB_ADDRESS}"
    if error.validator == "maxLength":
        return f"{_shortened(value)} is too long (at most {error.validator_value} characters)"
    if error.validator == "oneOf" and isinstance(value, str) and ("\n" in value or "\t" in value):
        return _not_one_line(value)
    broken = _field_not_one_line(value) if error.validator == "oneOf" else None
    if broken is not None:
        return f"`{broken[0]}`: {_not_one_line(broken[1])}"
    if error.validator == "oneOf" and _colon_made_a_mapping(value):
        # "Overly involved (note: watch this)" unquoted: YAML reads a key and its value.
        key, rest = next(iter(value.items()))
        line = _shortened(f"{key}: {rest}")
        return (
            f"this item holds ': ', which YAML reads as a key and its value: put the line in quotes ({line})"
        )
    if error.validator == "oneOf":
        return "an item must be a line of text, or a mapping with `text` (and `label` or `name`, `more`, `refers_to`)"
    if error.validator == "type":
        return _wrong_type(value, error.validator_value, at_top=not error.absolute_path)
    message = str(error.message)
    return message if len(message) <= _MESSAGE_MOST else message[: _MESSAGE_MOST - 1] + "\u2026"


def _colon_made_a_mapping(value: Any) -> bool:
    """Whether an item is a line of text that YAML split at its ': ' (one key, not an item field)."""
    return (
        isinstance(value, dict)
        and len(value) == 1
        and all(isinstance(k, str) and k not in ITEM_FIELDS and isinstance(v, str) for k, v in value.items())
    )


def _field_not_one_line(value: Any) -> tuple[str, str] | None:
    """The field of an item given as a mapping, and its text, that holds a line break or a tab:
    said as for an item given as text (QA: it was told "an item must be a line of text")."""
    if not isinstance(value, dict):
        return None
    for field in ("text", "label", "name", "more"):
        texts = value.get(field)
        for text in texts if isinstance(texts, list) else [texts]:
            if isinstance(text, str) and ("\n" in text or "\t" in text):
                return field, text
    return None


# The fields of an item given as a mapping (card.schema.json).
ITEM_FIELDS = frozenset({"text", "label", "name", "more", "refers_to"})


def _wrong_type(value: Any, expected: Any, at_top: bool) -> str:
    if at_top:
        found = "a list" if isinstance(value, list) else _shortened(value)
        return f"a card file holds one card, a mapping of its fields, not {found} (one file a card)"
    if expected == "string" and (value is None or isinstance(value, (bool, int, float))):
        # Said in the file's own terms (false, null), not Python's (False, None).
        return (
            f"{json.dumps(value)} is not text: put the value in quotes (YAML reads an unquoted yes, no, "
            "on, off, true, false, null or number as such)"
        )
    return f"{_shortened(value)} is not of type {expected!r}"


def _not_one_line(value: str) -> str:
    return (
        f"{_shortened(value)} holds a line break or a tab: each line of a card is one line "
        "(a further line goes in `more`; in YAML, `>-` folds a long line without adding a line break)"
    )


def _where(path: Path_) -> str:
    return (
        "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".") + ": " if path else ""
    )


def semantic_problems(document: Any, marks: Marks, shown: str) -> list[Problem]:
    """What the schema cannot say: section keys must be unique within a card."""
    problems = []
    seen: set[str] = set()
    for i, section in sections_of(document):
        key = section.get("key")
        if not isinstance(key, str):
            continue  # the schema says what is wrong with it
        if key in seen:
            line, col = _mark(marks, ("sections", i, "key"))
            problems.append(Problem(shown, f"duplicate section key {key!r}", line, col))
        seen.add(key)
    return problems


def sections_of(document: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each section of a card document that is a mapping, with its index, whatever else is wrong:
    the checks beyond the schema run on what they can read."""
    sections = document.get("sections") if isinstance(document, dict) else None
    if isinstance(sections, list):
        for i, section in enumerate(sections):
            if isinstance(section, dict):
                yield i, section
