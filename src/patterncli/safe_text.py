"""The one boundary where untrusted text becomes screen text.

Cards come from shared folders, file names from anywhere, arguments from scripts: any of them may
hold characters that a terminal obeys instead of showing (ESC starting a clear-screen or a
clipboard write, CR overwriting a line, a bidi override reversing what follows). Every output path
(stdout, stderr, exported files, Rich's segments, the browser app) passes its text through this
module, so none of those characters is ever emitted:

* `visible` swaps each one for a visible stand-in of the same length (one character for one), so
  offsets computed on the original text (search highlights) still fit;
* `escape_json` writes them as `\\uXXXX` escapes in a JSON document, so the parsed value is
  exactly the card's text.

Newline and tab are kept: they are layout, and every renderer expects them.
"""

from __future__ import annotations

import os
import re
from functools import cache

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from typing import Any

# C0 controls except tab and newline, DEL, C1 controls, the bidi embeddings, overrides and
# isolates, the invisible direction marks, the line and paragraph separators (which some
# terminals and editors treat as line breaks), and lone surrogates (undecodable bytes). Also the
# invisible characters that only hide or disguise text: zero-width space, word joiner and
# invisible operators, the byte-order mark, the interlinear annotation marks, and the tag
# characters, which spell whole sentences no one sees ("ignore the above") for a program reading
# an exported note. The zero-width joiners (U+200C, U+200D) are kept: scripts and emoji need them.
_RANGES = [
    (0x00, 0x08),
    (0x0B, 0x1F),
    (0x7F, 0x9F),
    (0x061C, 0x061C),
    (0x180E, 0x180E),
    (0x200B, 0x200B),
    (0x200E, 0x200F),
    (0x2028, 0x2029),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xD800, 0xDFFF),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0xE0000, 0xE007F),
]
# Two of the ranges are wide blocks: lone surrogates and tag characters.
_WIDE = ((0xD800, 0xDFFF), (0xE0000, 0xE007F))
# The other unsafe characters, a hundred-odd, as a set to test against: no regular expression to
# compile on the start-up path, as nearly all text is safe (a set of the wide blocks too, 2,270
# characters, took half a millisecond of every run to make). The expression that replaces is
# compiled on the first text that needs it.
_UNSAFE_SCATTERED = frozenset(
    chr(c) for low, high in _RANGES if (low, high) not in _WIDE for c in range(low, high + 1)
)


@cache
def unsafe_pattern() -> re.Pattern[str]:
    """Any one unsafe character."""
    return re.compile("[" + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in _RANGES) + "]")


_CONTROL_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)}  # NUL -> ␀, ESC -> ␛, ...
_CONTROL_PICTURES[0x7F] = "\u2421"  # DEL -> ␡
_REPLACEMENT = "\ufffd"  # for the rest: no picture exists, and one character keeps offsets true


def _stand_in(match: re.Match[str]) -> str:
    return _CONTROL_PICTURES.get(ord(match.group()), _REPLACEMENT)


def is_safe(text: str) -> bool:
    """Whether the text holds no unsafe character. The wide blocks are looked for among the text's
    distinct characters, and only when one is at least as high as the first of them (surrogates,
    then the tags): Latin text with a curly quote, or a page of Chinese, has none."""
    if not _UNSAFE_SCATTERED.isdisjoint(text):
        return False
    if text.isascii():
        return True
    distinct = set(text)
    return max(distinct) < "\ud800" or not any(_in_wide_block(char) for char in distinct)


def _in_wide_block(char: str) -> bool:
    return any(low <= ord(char) <= high for low, high in _WIDE)


def visible(text: str) -> str:
    """The text with every unsafe character replaced by a visible stand-in of the same length."""
    return text if is_safe(text) else unsafe_pattern().sub(_stand_in, text)


def visible_data(data: Any) -> Any:
    """JSON-like data (a card in its file format) with every string in it made `visible`, keys
    included: for a screen that lays text out before drawing it (the browse app), where a stand-in
    must take its one column before the layout is made, not after."""
    if isinstance(data, str):
        return visible(data)
    if isinstance(data, dict):
        return {visible_data(key): visible_data(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [visible_data(value) for value in data]
    return data


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # beyond the first plane, JSON writes a character as a UTF-16 surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def escape_json(document: str) -> str:
    """A JSON document with every unsafe character written as an escape.

    `json.dumps` already escapes C0 controls; what is left (DEL, C1, bidi controls, separators)
    can only stand inside strings, where an escape means exactly that character.
    """
    return document if is_safe(document) else unsafe_pattern().sub(_json_escape, document)


def visible_path(path: str | os.PathLike[str]) -> str:
    """A file name as a user can read it: undecodable bytes as `\\xNN`, unsafe characters shown,
    and a newline or tab too (layout in text, but in a name they would break a one-line message)."""
    raw = os.fsencode(path)
    return visible(raw.decode("utf-8", "backslashreplace")).replace("\n", "\u240a").replace("\t", "\u2409")


def shell_word(path: str | os.PathLike[str]) -> str:
    """A file name to paste into a command: visible, and quoted where a shell would split it
    (`pattern validate '/home/me/Google Drive/card.yaml'`)."""
    import shlex

    return shlex.quote(visible_path(path))


# What Rich itself writes for styling: Select Graphic Rendition sequences, nothing else.
_SGR = re.compile(r"\x1b\[[0-9;]*m")


def visible_styled(text: str) -> str:
    """Styled terminal text in which only SGR sequences remain as escapes.

    Card text reaches Rich already made visible (see render.rich_out.to_text); this is the last
    check on what leaves for the terminal, whatever path it took.
    """
    if is_safe(text.replace("\x1b", "")) and "\x1b" not in _SGR.sub("", text):
        return text
    parts = _SGR.split(text)
    out = [visible(parts[0])]
    for code, part in zip(_SGR.findall(text), parts[1:], strict=True):
        out += [code, visible(part)]
    return "".join(out)
