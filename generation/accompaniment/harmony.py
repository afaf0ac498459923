"""Harmonising a melody: an HMM over the key's diatonic chords, decoded with Viterbi.

States are the seven diatonic triads of the mode (plus the major V in minor
keys). Emissions score how well a bar's notes fit a chord (chord tones are
likely, other scale notes less so, chromatic notes least; long notes and
strong beats weigh more). Transitions follow functional harmony (tonic ->
predominant -> dominant -> tonic). The last bar is the tonic chord and the
bar before it leans to the dominant, so every harmonisation cadences.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from music.chord import ChordSpec, parse_chord, parse_progression
from music.key import Key
from music.scale import MODES

from ..melody.drill import Drill
from ..melody.errors import reading_params

CHORD_TONE_P = 0.70  # probability mass of the chord's own tones
SCALE_TONE_P = 0.25  # mass of the other scale notes
STRONG_WEIGHT = 1.5  # emission weight of a note on a strong beat
_NUMERALS = ("I", "II", "III", "IV", "V", "VI", "VII")
#: Functional role of each degree (0-based): tonic, predominant, dominant.
_FUNCTION = {0: "T", 1: "P", 2: "T", 3: "P", 4: "D", 5: "T", 6: "D"}
_BASE = {0: 1.0, 1: 0.6, 2: 0.25, 3: 0.8, 4: 0.9, 5: 0.6, 6: 0.2}


def diatonic_chords(key: Key) -> list[tuple[int, ChordSpec]]:
    """``(degree, chord)`` for each diatonic triad of ``key`` (and V in minor keys)."""
    pcs = [(key.tonic_pc + s) % 12 for s in MODES[key.mode]]
    out: list[tuple[int, ChordSpec]] = []
    for d in range(7):
        third = (pcs[(d + 2) % 7] - pcs[d]) % 12
        fifth = (pcs[(d + 4) % 7] - pcs[d]) % 12
        numeral = _NUMERALS[d]
        figure = {(4, 7): numeral, (3, 7): numeral.lower(), (3, 6): numeral.lower() + "o",
                  (4, 8): numeral + "+"}.get((third, fifth))
        if figure is None:
            continue
        letters = tuple((key.tonic_step + d + 2 * k) % 7 for k in range(3))
        out.append((d, ChordSpec(figure=figure, root_letter=letters[0], pcs=(pcs[d], pcs[(d + 2) % 7],
                                                                             pcs[(d + 4) % 7]), letters=letters)))
    if key.minor_family and not any(c.figure == "V" for _, c in out):
        out.append((4, parse_chord("V", key)))
    return out


def _transition(a: int, b: int) -> float:
    fa, fb = _FUNCTION[a], _FUNCTION[b]
    w = _BASE[b]
    if fa == "D" and b == 0:
        w *= 3.0
    elif fa == "D" and b == 5:
        w *= 1.5
    elif fa == "P" and fb == "D":
        w *= 2.5
    elif fa == "D" and fb == "P":
        w *= 0.3
    if a == b:
        w *= 0.9
    if a == 5 and fb == "P":
        w *= 1.5
    return w


def harmonize(drill: Drill, *, chords_per_bar: int = 1) -> list[tuple[Fraction, ChordSpec]]:
    """Choose chords for ``drill``'s melody: ``[(start quarter length, chord), ...]`` in order.

    ``chords_per_bar`` (1 or 2) sets the harmonic rhythm; the final segment
    is the tonic chord.
    """
    key, meter = drill.key, drill.meter
    states = diatonic_chords(key)
    n_states = len(states)
    seg_len = meter.bar_length / chords_per_bar
    n_segs = max(1, int(-(-drill.total_length // seg_len)))
    scale = set(key.pcs)
    emit = np.zeros((n_segs, n_states))
    for n in drill.notes:
        seg = min(n_segs - 1, int(n.offset // seg_len))
        w = float(n.duration) * (STRONG_WEIGHT if n.strong else 1.0)
        for s, (_, chord) in enumerate(states):
            if n.midi % 12 in chord.pcs:
                p = CHORD_TONE_P / len(chord.pcs)
            elif n.midi % 12 in scale:
                p = SCALE_TONE_P / 4
            else:
                p = (1 - CHORD_TONE_P - SCALE_TONE_P) / 5
            emit[seg, s] += w * np.log(p)
    trans = np.log(np.array([[_transition(a, b) for b, _ in states] for a, _ in states]))
    start = np.log(np.array([4.0 if d == 0 and c.figure.upper() == "I" else _BASE[d] for d, c in states]))
    tonic = np.array([d == 0 for d, _ in states])
    dominant = np.array([d == 4 for d, _ in states])
    if n_segs >= 2:
        emit[-1, ~tonic] = -np.inf
        emit[-2, dominant] += np.log(2.0)
    score = start + emit[0]
    back = np.zeros((n_segs, n_states), dtype=int)
    for t in range(1, n_segs):
        cand = score[:, None] + trans
        back[t] = np.argmax(cand, axis=0)
        score = cand[back[t], np.arange(n_states)] + emit[t]
    path = [int(np.argmax(score))]
    for t in range(n_segs - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    path.reverse()
    return [(seg_len * t, states[s][1]) for t, s in enumerate(path)]


def chords_from_chart(text: str, drill: Drill) -> list[tuple[Fraction, ChordSpec]]:
    """A chord chart (``"I V vi IV"`` or ``"C G Am F"``): one chord per bar, repeated to fill the melody.

    A chart with exactly twice as many chords as bars gives two chords per bar.
    """
    with reading_params():
        chart = parse_progression(text, drill.key)
    bars = max(1, int(-(-drill.total_length // drill.meter.bar_length)))
    per_bar = 2 if len(chart) == 2 * bars else 1
    seg = drill.meter.bar_length / per_bar
    return [(seg * i, chart[i % len(chart)]) for i in range(bars * per_bar)]
