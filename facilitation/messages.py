"""Showing a person's own text inside a one-line message, safely and briefly."""

from __future__ import annotations

import unicodedata

ECHO_LIMIT = 40
"""How many characters of a value a message repeats before cutting it short."""

# Characters that would break a message over lines, reorder it on screen, or could
# not be written out at all (a lone surrogate): each is shown as its escape instead.
_UNSAFE_CATEGORIES = {"Cc", "Cs", "Zl", "Zp"}
_BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def echo(value: str, limit: int = ECHO_LIMIT) -> str:
    """``value`` as a message may repeat it: at most ``limit`` characters, always one line.

    Longer text is cut and ends with ``…``; control characters, line and paragraph
    separators, bidirectional controls and lone surrogates appear as escapes
    (``\\n``, ``\\x1b``, ``\\u2028``, ``\\ud800``), so the message stays on one line,
    reads in order and can be written to any UTF-8 stream. Quote it yourself.
    """
    shown = value if len(value) <= limit else value[:limit]
    escaped = "".join(_escape(c) for c in shown)
    return escaped + ("…" if len(value) > limit else "")


def _escape(char: str) -> str:
    if unicodedata.category(char) in _UNSAFE_CATEGORIES or char in _BIDI_CONTROLS:
        return char.encode("unicode_escape").decode("ascii")
    return char
