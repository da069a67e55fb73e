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
from typing import Any

# C0 controls except tab and newline, DEL, C1 controls, the bidi embeddings, overrides and
# isolates, the invisible direction marks, the line and paragraph separators (which some
# terminals and editors treat as line breaks), and lone surrogates (undecodable bytes).
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)

_CONTROL_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)}  # NUL -> ␀, ESC -> ␛, ...
_CONTROL_PICTURES[0x7F] = "\u2421"  # DEL -> ␡
_REPLACEMENT = "\ufffd"  # for the rest: no picture exists, and one character keeps offsets true


def _stand_in(match: re.Match[str]) -> str:
    return _CONTROL_PICTURES.get(ord(match.group()), _REPLACEMENT)


def visible(text: str) -> str:
    """The text with every unsafe character replaced by a visible stand-in of the same length."""
    return UNSAFE.sub(_stand_in, text) if UNSAFE.search(text) else text


def is_safe(text: str) -> bool:
    return UNSAFE.search(text) is None


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
    return f"\\u{ord(match.group()):04x}"


def escape_json(document: str) -> str:
    """A JSON document with every unsafe character written as an escape.

    `json.dumps` already escapes C0 controls; what is left (DEL, C1, bidi controls, separators)
    can only stand inside strings, where an escape means exactly that character.
    """
    return UNSAFE.sub(_json_escape, document) if UNSAFE.search(document) else document


def visible_path(path: str | os.PathLike[str]) -> str:
    """A file name as a user can read it: undecodable bytes as `\\xNN`, unsafe characters shown."""
    raw = os.fsencode(path)
    return visible(raw.decode("utf-8", "backslashreplace"))


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
