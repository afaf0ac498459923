"""Durations in quarter lengths (a quarter note is 1, a triplet eighth 1/3), note values and rhythm figures.

>>> NOTE_VALUES["eighth"], quarter_length("quarter", dots=1)
(Fraction(1, 2), Fraction(3, 2))
>>> from fractions import Fraction as F
>>> rhythm_figures([F(3, 4), F(1, 4), F(1), F(1, 3), F(1, 3), F(1, 3)])
{0: 'dotted-8th-16th', 1: 'dotted-8th-16th', 3: 'triplet-8th', 4: 'triplet-8th', 5: 'triplet-8th'}
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from fractions import Fraction

#: Note values by name, in quarter lengths.
NOTE_VALUES: dict[str, Fraction] = {
    "whole": Fraction(4), "half": Fraction(2), "quarter": Fraction(1), "eighth": Fraction(1, 2), "16th": Fraction(1, 4),
}
#: The name of coming in after a rest, as skill tags and drills write it (``rhy:after-rest``).
AFTER_REST = "after-rest"
#: Rhythm figures that can be told from consecutive durations alone, tried in this order.
FIGURES: tuple[tuple[str, tuple[Fraction, ...]], ...] = (
    ("dotted-8th-16th", (Fraction(3, 4), Fraction(1, 4))),
    ("dotted-quarter-8th", (Fraction(3, 2), Fraction(1, 2))),
    ("triplet-8th", (Fraction(1, 3),) * 3),
    ("16ths", (Fraction(1, 4),) * 4),
)


def beat_quarters(meter: str) -> Fraction:
    """The beat a musician counts a tempo in, in quarter lengths: a dotted quarter in 6/8, 9/8 and 12/8,
    a quarter otherwise (the unit the API's tempo counts). ``meter`` is "beats/beat type".

    >>> beat_quarters("6/8"), beat_quarters("12/8"), beat_quarters("3/8"), beat_quarters("3/4")
    (Fraction(3, 2), Fraction(3, 2), Fraction(1, 1), Fraction(1, 1))
    """
    beats, _, unit = meter.partition("/")
    compound = unit.strip() == "8" and beats.strip().isdigit() and int(beats) > 3 and int(beats) % 3 == 0
    return Fraction(3, 2) if compound else Fraction(1)


def quarter_length(value: str, *, dots: int = 0) -> Fraction:
    """The length of a note value with ``dots`` dots: each dot adds half of what came before."""
    return NOTE_VALUES[value] * (2 - Fraction(1, 2**dots))


def rhythm_figures(quarters: Sequence[Fraction], *, broken_before: Collection[int] = ()) -> dict[int, str]:
    """Index -> the rhythm figure of :data:`FIGURES` that note belongs to, reading left to right.

    A figure is not read across an index in ``broken_before`` (a note that enters after a rest).
    """
    out: dict[int, str] = {}
    i = 0
    while i < len(quarters):
        for name, pattern in FIGURES:
            k = len(pattern)
            if tuple(quarters[i : i + k]) == pattern and not any(j in broken_before for j in range(i + 1, i + k)):
                for j in range(i, i + k):
                    out[j] = name
                i += k - 1
                break
        i += 1
    return out
