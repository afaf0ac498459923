"""Neutral performance data shared by the accompaniment styles and the renderers."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

DRUM_CHANNEL = 9  # General MIDI percussion (channel 10, counted from 1)


@dataclass(frozen=True)
class Event:
    """One sounding note: ``start``/``duration`` in quarter lengths, ``midi`` 0..127, ``velocity`` 1..127."""

    start: Fraction
    duration: Fraction
    midi: int
    velocity: int = 80


@dataclass
class Track:
    """A MIDI track: GM ``program`` 0..127 on ``channel`` 0..15 (``drums`` uses channel 9, program ignored)."""

    name: str
    program: int
    channel: int
    events: list[Event] = field(default_factory=list)
    drums: bool = False
    notate: bool = True  # False for clicks and drum kits, which the printed score leaves out

    def shifted(self, by: Fraction) -> Track:
        return Track(self.name, self.program, self.channel,
                     [Event(e.start + by, e.duration, e.midi, e.velocity) for e in self.events], self.drums, self.notate)


#: General MIDI drum notes used by the click and the styles.
CLICK_ACCENT = 76  # hi wood block
CLICK = 77  # low wood block


def click_track(*, beats_per_bar: int, beat_length: Fraction, bars: int, start: Fraction = Fraction(0),
                then: Fraction = Fraction(0), name: str = "Metronome") -> Track:
    """A wood-block click on every beat for ``bars`` bars, the downbeat accented; then the beats of
    the next bar that start before ``then`` quarter lengths into it (the silent beats before a
    pickup, counted as a teacher counts them: "1 2 3 | 1 2" before a pickup on beat 3 of 3/4)."""
    events = []
    counted = bars * beats_per_bar + (math.ceil(then / beat_length) if bars else 0)
    for b in range(counted):
        accent = b % beats_per_bar == 0
        events.append(Event(start + b * beat_length, Fraction(1, 4), CLICK_ACCENT if accent else CLICK,
                            110 if accent else 80))
    return Track(name, 0, 9, events, drums=True, notate=False)
