"""Neutral performance data shared by the accompaniment styles and the renderers."""

from __future__ import annotations

import math
from fractions import Fraction

# The shapes live with the MIDI writer, at the bottom of the project, so that every app can write MIDI.
from music.midi import DRUM_CHANNEL, Event, Track

__all__ = ["CLICK", "CLICK_ACCENT", "DRUM_CHANNEL", "Event", "Track", "click_track"]

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
