"""Requests in words (English and Chinese) turned into :class:`DrillParams`.

A small hand-written grammar, nothing fetched from anywhere. Every clause of
the request is either understood, and said back in the request's language
(``understood``), or returned word for word in ``ignored``; nothing is
dropped in silence::

    >>> r = parse_request("eight slow bars in D minor, sad, leaps up to a sixth, lots of C sharps")
    >>> r.params.bars, r.params.key, r.params.mode, r.params.max_leap, r.params.target_notes
    (8, 'D', 'minor', 9, ['C#'])
    >>> parse_request("D多利亚，3/4拍，多练升C，和弦进行I-V-vi-IV").understood[1:3]
    ['调：D多利亚调式', '拍号：3/4拍']
    >>> parse_request("a waltz in G, with a purple cadenza").ignored
    ['purple cadenza']

With ``previous`` parameters, refinement words ("harder", "add an octave
leap", "fewer leaps", "less monotonous", "for alto voice", "更难", "短一点")
change only what they name; a refinement always draws a fresh seed.

How it reads: the text is lower-cased without changing its length, each
recogniser blanks out what it consumed, and what is left (less filler words
such as "please", "a", "写一段", "旋律") is split at punctuation into the
``ignored`` clauses, quoted from the original text.

Where to look (each module reads one topic; the readers build on each other, one class each, in this order):

- ``parse``: ``parse_request`` and the other entry points; ``reader``: ``_Reader.read``, the order the recognisers run in.
- ``base``: the plumbing (``take``, ``say``, ``answer``, ``leftovers``); ``text``: the text folded before reading;
  ``compiled``: the cache of compiled patterns; ``words``: tables more than one topic uses.
- Topic readers: ``key``, ``ranges``, ``intervals``, ``meter``, ``shape``, ``scope``, ``answers``.
- ``finish``: from what was read to :class:`DrillParams`, and the checks on it; ``spelling``: misspelt words.
"""


from __future__ import annotations

from .base import UNSUPPORTED_PREFIXES, split_answers
from .compiled import _CompiledOnce, rx
from .finish import LEDGER_RANGES, leading_note
from .intervals import SOLFA_NAMES
from .key import pentatonic_key_lines
from .meter import BARS_PER_LINE
from .parse import NoDrillAsked, RequestResult, drill_title, parse_request, refusal_for, warm_up
from .ranges import CHILD_RANGE, FIRST_POSITION_TOP, MEZZO_RANGE
from .shape import DEFAULT_APPLIED, STYLE_NAMES
from .text import is_chinese
from .words import INSTRUMENT_RANGES, altered_degree, insert_applied

__all__ = [
    "BARS_PER_LINE",
    "CHILD_RANGE",
    "DEFAULT_APPLIED",
    "FIRST_POSITION_TOP",
    "INSTRUMENT_RANGES",
    "LEDGER_RANGES",
    "MEZZO_RANGE",
    "NoDrillAsked",
    "RequestResult",
    "SOLFA_NAMES",
    "STYLE_NAMES",
    "UNSUPPORTED_PREFIXES",
    "_CompiledOnce",
    "altered_degree",
    "drill_title",
    "insert_applied",
    "is_chinese",
    "leading_note",
    "parse_request",
    "pentatonic_key_lines",
    "refusal_for",
    "rx",
    "split_answers",
    "warm_up",
]
