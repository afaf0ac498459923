"""Names people type (a class, an assignment, an exercise, a quiz) made safe to show beside other text.

A right-to-left override (U+202E) in a class name turned the rest of its line around: "Demo\u202e1 ssalc"
read as "Demo class 1", and text after the name on the same line could be made to read as something else.
Names are plain text, so every bidirectional control is taken out; the letters of a right-to-left language
(Arabic, Hebrew) still show right to left, as their own direction, without them.
"""

from __future__ import annotations

import re

# LRM, RLM, ALM; the embeddings and overrides LRE..RLO with their PDF; the isolates LRI..PDI.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def plain_name(text: str) -> str:
    """``text`` with its bidirectional controls removed and its ends stripped."""
    return BIDI_CONTROLS.sub("", text).strip()
