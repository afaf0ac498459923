"""Scales as letter steps and semitones above a tonic, and the modes a key can be in.

>>> [p.name for p in scale_pitches(Pitch(2, -1, 4), SCALE_TYPES["harmonic-minor"])]
['Eb4', 'F4', 'Gb4', 'Ab4', 'Bb4', 'Cb5', 'D5', 'Eb5']
>>> MODES["dorian"]
(0, 2, 3, 5, 7, 9, 10)
>>> MODES["zhi"], HOST_MODES["zhi"]
((0, 2, 5, 7, 9), 'mixolydian')
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

#: The seven-note modes a key can be in (drills, ``generate_drill --mode``), each a scale of SCALE_TYPES;
#: melodic minor in its ascending form.
MODE_SCALES = {
    "major": "major", "minor": "natural-minor", "harmonic-minor": "harmonic-minor", "melodic-minor": "melodic-minor",
    "dorian": "dorian", "phrygian": "phrygian", "lydian": "lydian", "mixolydian": "mixolydian",
    "aeolian": "natural-minor", "locrian": "locrian",
}
#: The pentatonic modes: the five notes do re mi sol la (宫 商 角 徵 羽) heard from one of them, as
#: (letter steps, semitones) above the tonic and the seven-note mode that holds them under the same
#: signature, the key of the 宫 (徵 on D, D E G A B, lies in D mixolydian: G major's signature).
#: Chinese folk and school music names them after the note that ends the tune: gong (宫, do), shang (商, re),
#: jue (角, mi), zhi (徵, sol), yu (羽, la). Major pentatonic is gong; minor pentatonic is yu.
PENTATONIC_MODES: dict[str, tuple[tuple[int, ...], tuple[int, ...], str]] = {
    "major-pentatonic": ((0, 1, 2, 4, 5), (0, 2, 4, 7, 9), "major"),
    "minor-pentatonic": ((0, 2, 3, 4, 6), (0, 3, 5, 7, 10), "minor"),
    "gong": ((0, 1, 2, 4, 5), (0, 2, 4, 7, 9), "major"),
    "shang": ((0, 1, 3, 4, 6), (0, 2, 5, 7, 10), "dorian"),
    "jue": ((0, 2, 3, 5, 6), (0, 3, 5, 8, 10), "phrygian"),
    "zhi": ((0, 1, 3, 4, 5), (0, 2, 5, 7, 9), "mixolydian"),
    "yu": ((0, 2, 3, 4, 6), (0, 3, 5, 7, 10), "minor"),
}
#: How a title names a pentatonic mode (``D zhi pentatonic``); a seven-note mode is named as written.
MODE_TITLES = {"major-pentatonic": "major pentatonic", "minor-pentatonic": "minor pentatonic",
               **{mode: f"{mode} pentatonic" for mode in ("gong", "shang", "jue", "zhi", "yu")}}
#: Semitones above the tonic of each degree, per mode (seven degrees, or five for a pentatonic mode).
MODES: dict[str, tuple[int, ...]] = {
    **{mode: SCALE_TYPES[scale].semitones for mode, scale in MODE_SCALES.items()},
    **{mode: semitones for mode, (_, semitones, _) in PENTATONIC_MODES.items()},
}
#: Letter steps above the tonic of each degree, per mode (0..6 for a seven-note mode).
MODE_STEPS: dict[str, tuple[int, ...]] = {
    **{mode: SCALE_TYPES[scale].steps for mode, scale in MODE_SCALES.items()},
    **{mode: steps for mode, (steps, _, _) in PENTATONIC_MODES.items()},
}
#: The seven-note mode holding each mode's notes under the same signature (a seven-note mode is its own).
HOST_MODES: dict[str, str] = {
    **{mode: mode for mode in MODE_SCALES}, **{mode: host for mode, (_, _, host) in PENTATONIC_MODES.items()},
}
#: Modes whose third is minor; a pentatonic mode counts as its host (shang, jue and yu do).
MINOR_MODES = frozenset(
    {"minor", "harmonic-minor", "melodic-minor", "dorian", "phrygian", "aeolian", "locrian"}
    | {mode for mode, (_, _, host) in PENTATONIC_MODES.items()
       if host in ("minor", "dorian", "phrygian")}
)

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
