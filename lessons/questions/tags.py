"""The skill-tag vocabulary of the architecture, as the question generators use it.

Tags are ``prefix:value``. The architecture's examples (``pc:F#@G``, ``int:+m6``,
``rhy:dotted-8th-16th``, ``key:Eb``, ``clef:bass``, ``chord:dim7``) fix the
spelling of the shared prefixes; minor keys are lower case (``key:c#``), as the
drill generator writes them. The prefixes below the shared ones are this app's.
"""

from __future__ import annotations

import re

_NOTE = r"[A-G](?:##|#|bb|b)?"
TAG_PATTERNS: dict[str, str] = {
    "pc": rf"{_NOTE}@{_NOTE}",             # a pitch class in a major key: F#@G (C when no key)
    "int": r"[+-](?:AA|dd|[PMmAd])\d{1,2}",  # direction and interval: +m6, -P4 (harmonic: measured up, +)
    "rhy": r"[a-z0-9-]+",                  # rhythm cells: dotted-8th-16th, tie, triplet-8th
    "key": rf"{_NOTE}|[a-g](?:##|#|bb|b)?",  # Eb major, c# minor
    "clef": r"treble|bass|alto|tenor",
    "chord": r"maj|min|dim|aug|dom7|maj7|min7|hdim7|dim7",
    "inv": r"root|1st|2nd|3rd",
    "scale": r"[a-z-]+",                   # major, harmonic-minor, dorian, major-pentatonic, chromatic
    "meter": r"\d{1,2}/\d{1,2}|simple|compound|irregular",
    "rn": r"[ivIV]+[°ø+]?(?:7|65|43|42|6|64)?",  # Roman numeral with inversion figures: V65, vii°7
    "cadence": r"authentic|perfect-authentic|imperfect-authentic|plagal|half|phrygian|deceptive",
    "ear": r"interval|chord|scale|melody|rhythm|cadence|degree",
    "read": r"ledger|accidental|double-accidental|keyboard|key-signature",
    # Harmony skills beyond single chords: part-writing, figured bass, dictation, the chords they use.
    "harm": r"part-writing|roman|figured-bass|harmonic-dictation|secondary-dominant|six-four|nct|cadence-written",
}
_COMPILED = {k: re.compile(rf"^(?:{v})$") for k, v in TAG_PATTERNS.items()}


def is_valid_tag(tag: str) -> bool:
    """True when ``tag`` is ``prefix:value`` with a known prefix and a value of its form."""
    prefix, sep, value = tag.partition(":")
    pattern = _COMPILED.get(prefix)
    return bool(sep) and pattern is not None and pattern.match(value) is not None
