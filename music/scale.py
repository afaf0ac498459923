"""Scales as letter steps and semitones above a tonic, and the modes a key can be in.

>>> [p.name for p in scale_pitches(Pitch(2, -1, 4), SCALE_TYPES["harmonic-minor"])]
['Eb4', 'F4', 'Gb4', 'Ab4', 'Bb4', 'Cb5', 'D5', 'Eb5']
>>> MODES["dorian"]
(0, 2, 3, 5, 7, 9, 10)
"""

from __future__ import annotations

from dataclasses import dataclass

from .pitch import Pitch, spell


@dataclass(frozen=True, slots=True)
class ScaleType:
    """A scale as (letter steps, semitones) above the tonic per degree, ascending, tonic excluded at the top."""

    name: str
    title: str
    steps: tuple[int, ...]
    semitones: tuple[int, ...]
    tag: str
    #: False where spelling conventions differ (chromatic, whole-tone, blues): answers are checked by pitch.
    fixed_spelling: bool = True


SCALE_TYPES: dict[str, ScaleType] = {
    s.name: s
    for s in (
        ScaleType("major", "major (Ionian)", (0, 1, 2, 3, 4, 5, 6), (0, 2, 4, 5, 7, 9, 11), "major"),
        ScaleType("natural-minor", "natural minor (Aeolian)", (0, 1, 2, 3, 4, 5, 6), (0, 2, 3, 5, 7, 8, 10), "minor"),
        ScaleType("harmonic-minor", "harmonic minor", (0, 1, 2, 3, 4, 5, 6), (0, 2, 3, 5, 7, 8, 11), "harmonic-minor"),
        ScaleType("melodic-minor", "melodic minor (ascending)", (0, 1, 2, 3, 4, 5, 6), (0, 2, 3, 5, 7, 9, 11),
                  "melodic-minor"),
        ScaleType("dorian", "Dorian", (0, 1, 2, 3, 4, 5, 6), (0, 2, 3, 5, 7, 9, 10), "dorian"),
        ScaleType("phrygian", "Phrygian", (0, 1, 2, 3, 4, 5, 6), (0, 1, 3, 5, 7, 8, 10), "phrygian"),
        ScaleType("lydian", "Lydian", (0, 1, 2, 3, 4, 5, 6), (0, 2, 4, 6, 7, 9, 11), "lydian"),
        ScaleType("mixolydian", "Mixolydian", (0, 1, 2, 3, 4, 5, 6), (0, 2, 4, 5, 7, 9, 10), "mixolydian"),
        ScaleType("locrian", "Locrian", (0, 1, 2, 3, 4, 5, 6), (0, 1, 3, 5, 6, 8, 10), "locrian"),
        ScaleType("major-pentatonic", "major pentatonic", (0, 1, 2, 4, 5), (0, 2, 4, 7, 9), "major-pentatonic"),
        ScaleType("minor-pentatonic", "minor pentatonic", (0, 2, 3, 4, 6), (0, 3, 5, 7, 10), "minor-pentatonic"),
        # Melodic chromatic spelling: raise the major-scale degrees going up.
        ScaleType("chromatic", "chromatic", (0, 0, 1, 1, 2, 3, 3, 4, 4, 5, 5, 6),
                  (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), "chromatic", False),
        ScaleType("whole-tone", "whole-tone", (0, 1, 2, 3, 4, 5), (0, 2, 4, 6, 8, 10), "whole-tone", False),
        ScaleType("blues", "blues", (0, 2, 3, 3, 4, 6), (0, 3, 5, 6, 7, 10), "blues", False),
    )
}

#: The modes a key can be in (drills, ``generate_drill --mode``), each a seven-note scale of SCALE_TYPES;
#: melodic minor in its ascending form.
MODE_SCALES = {
    "major": "major", "minor": "natural-minor", "harmonic-minor": "harmonic-minor", "melodic-minor": "melodic-minor",
    "dorian": "dorian", "phrygian": "phrygian", "lydian": "lydian", "mixolydian": "mixolydian",
    "aeolian": "natural-minor", "locrian": "locrian",
}
#: Semitones above the tonic of each degree, per mode.
MODES: dict[str, tuple[int, ...]] = {mode: SCALE_TYPES[scale].semitones for mode, scale in MODE_SCALES.items()}
#: Modes whose third is minor.
MINOR_MODES = frozenset({"minor", "harmonic-minor", "melodic-minor", "dorian", "phrygian", "aeolian", "locrian"})


def scale_pitches(tonic: Pitch, scale: ScaleType, *, with_octave: bool = True) -> tuple[Pitch, ...] | None:
    """The ascending scale from ``tonic`` (plus the tonic an octave up); None if a degree needs a triple accidental."""
    out = []
    for step, semi in zip(scale.steps, scale.semitones, strict=True):
        p = spell(tonic.diatonic + step, tonic.midi + semi)
        if p is None:
            return None
        out.append(p)
    if with_octave:
        out.append(Pitch(tonic.step, tonic.alter, tonic.octave + 1))
    return tuple(out)
