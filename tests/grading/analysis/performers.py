"""A performance simulator: labelled takes of generated melodies, sung or played in rooms, through channels.

Django-free (numpy and scipy; PyAV for codecs, music21 to write scores), shared by the tests and
``benchmarks/robustness.py``. Times are seconds, pitches MIDI numbers (floats where detuned),
pitch deviations cents, levels dB; audio is float64 or float32 mono at ``SR`` (16 kHz) unless
a function says otherwise.

The layers, bottom up:

- ``make_melody`` / ``write_melody``: a target line in a key, meter and tempo, and its MusicXML.
- ``plan_performance``: what a performer does with it (their key, drift, planted mistakes and
  events) as sounded notes, plus one label per target note in the dev manifest's format.
- ``render``: the sounded notes through a timbre (``INSTRUMENTS``: four voices, winds, brass,
  bowed strings, piano, guitar), with count-in claps.
- ``room_impulse_response`` / ``apply_room``, ``add_room_noise``, ``phone_band``, ``normalise``,
  ``write_audio``: the room and the channel.
- ``apply_capture`` / ``write_captured`` (``CAPTURES``, never drawn): what a phone, browser or headset
  does after the microphone (clipping, DC, AGC, noise suppression, Bluetooth, rates, stereo).
- ``TakeSpec`` / ``draw_spec`` / ``make_take``: one reproducible labelled take from (seed, index).

Labels follow the dev set: ``pitch`` is ``ok`` (within 12 cents), ``flat``/``sharp`` (38-45 cents),
``wrong`` (1-2 semitones) or ``missed``; ``timing`` is ``ok`` (within 40 ms), ``early``/``late``
(200-260 ms) or ``missed``. Deviations are measured from the performer's own reference: the take's
median transposition (any-key takes) and the performer's own clock (tempo, pauses, restarts).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy import optimize, signal

SR = 16_000
CONTROL_HZ = 100  # sample rate of the slow pitch-offset curve (drift and wander)
# A slurred note is heard from where its glide has covered this share of the step: trained
# annotators of real takes (sing-dev) mark it there, about 20 ms after the glide's midpoint
# (docs/transcription.md, "Where a slurred note starts"). The glide is a smoothstep centred on the
# note's written onset; HEARD_GLIDE_POSITION is where in the glide (0-1) it reaches that share.
HEARD_GLIDE_SHARE = 0.8
HEARD_GLIDE_POSITION = float(optimize.brentq(lambda u: u * u * (3 - 2 * u) - HEARD_GLIDE_SHARE, 0.0, 1.0))
MAX_PARTIAL_HZ = 7_600.0  # partials fade out below the 8 kHz Nyquist frequency
PARTIAL_FADE_HZ = 300.0

# Label bands, as in the dev set.
OK_CENTS = 12.0
FLAT_SHARP_CENTS = (38.0, 45.0)
WRONG_CENTS = (88.0, 212.0)
OK_SECONDS = 0.040
EARLY_LATE_SECONDS = (0.200, 0.260)

PITCH_ERRORS = ("flat", "sharp", "wrong", "missed")
TIMING_ERRORS = ("early", "late")
# Whole-take events; each take lists the ones planted in it.
EVENTS = ("transposed", "drift", "skipped", "restart", "extra", "pause", "count-in", "lead-in",
          "free-tempo", "octave-below")


# ---------------------------------------------------------------------------------------------- scores

MAJOR = (0, 2, 4, 5, 7, 9, 11)
NATURAL_MINOR = (0, 2, 3, 5, 7, 8, 10)
# Tonic pitch class -> the key name music21 spells with the usual signature.
MAJOR_KEYS = {0: "C", 7: "G", 2: "D", 9: "A", 4: "E", 11: "B", 6: "F#", 1: "D-", 8: "A-", 3: "E-", 10: "B-",
              5: "F"}
MINOR_KEYS = {9: "a", 4: "e", 11: "b", 6: "f#", 1: "c#", 8: "g#", 2: "d", 7: "g", 0: "c", 5: "f", 10: "b-",
              3: "e-"}
# (bar length, beat) in quarter notes.
METERS = {"4/4": (4.0, 1.0), "3/4": (3.0, 1.0), "6/8": (3.0, 1.5), "9/8": (4.5, 1.5), "12/8": (6.0, 1.5)}
# The meters a melody is drawn in when none is asked for, and how often (9/8 and 12/8 only on request,
# so that the takes drawn from a seed stay the same).
DRAWN_METERS = (("4/4", 0.45), ("3/4", 0.3), ("6/8", 0.25))
# One bar's rhythm in quarter notes; a negative length is a rest.
BAR_RHYTHMS: dict[str, list[tuple[float, ...]]] = {
    "4/4": [(1, 1, 1, 1), (2, 1, 1), (1, 1, 2), (0.5, 0.5, 1, 1, 1), (1.5, 0.5, 1, 1), (1, 0.5, 0.5, 2),
            (2, 2), (1, 1, 1, -1), (3, 1), (0.5, 0.5, 0.5, 0.5, 1, 1), (1, -0.5, 0.5, 2), (1, 1, 0.5, 0.5, 1),
            (2, -1, 1), (1.5, 0.5, 2), (0.75, 0.25, 1, 2)],
    "3/4": [(1, 1, 1), (2, 1), (1, 2), (1.5, 0.5, 1), (0.5, 0.5, 1, 1), (3,), (1, 1, -1), (2, -1),
            (1, 0.5, 0.5, 1), (0.5, 0.5, 0.5, 0.5, 1)],
    "6/8": [(1.5, 1.5), (1, 0.5, 1, 0.5), (0.5, 0.5, 0.5, 1.5), (3,), (1.5, 1, 0.5), (1, 0.5, 1.5),
            (1.5, -1, 0.5), (0.5, 0.5, 0.5, 0.5, 0.5, 0.5), (0.75, 0.25, 0.5, 1.5)],
    "9/8": [(1.5, 1.5, 1.5), (1, 0.5, 1, 0.5, 1.5), (0.5, 0.5, 0.5, 1, 0.5, 1.5), (3, 1.5), (1.5, 1, 0.5, 1.5),
            (1, 0.5, 0.5, 0.5, 0.5, 1.5), (1.5, 1.5, -1, 0.5), (0.75, 0.25, 0.5, 1, 0.5, 1.5), (4.5,)],
    "12/8": [(1.5, 1.5, 1.5, 1.5), (1, 0.5, 1, 0.5, 3), (0.5, 0.5, 0.5, 1.5, 1, 0.5, 1.5), (3, 3),
             (1.5, 1, 0.5, 1.5, 1.5), (1, 0.5, 0.5, 0.5, 0.5, 1, 0.5, 1.5), (3, 1.5, -1, 0.5),
             (0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 3), (0.75, 0.25, 0.5, 1.5, 1, 0.5, 1.5)],
}
TIE_CHANCE = 0.15  # a note held over a barline


@dataclass(frozen=True)
class ScoreNote:
    """One written event: MIDI pitch (None: a rest), onset and length in quarter notes from the
    start, bar number (from 1) and scale degree (0-6 from the tonic; 0 for rests)."""

    midi: int | None
    onset_q: float
    quarters: float
    bar: int
    degree: int = 0


@dataclass(frozen=True)
class Melody:
    """A one-line target: events in time order (the first is a note), key, meter, tempo in quarter BPM."""

    events: tuple[ScoreNote, ...]
    tonic_pc: int
    mode: str  # "major" | "minor"
    meter: str  # a key of METERS
    bpm: float  # quarter notes per minute

    @property
    def notes(self) -> tuple[ScoreNote, ...]:
        return tuple(e for e in self.events if e.midi is not None)

    @property
    def seconds_per_quarter(self) -> float:
        return 60.0 / self.bpm

    @property
    def beat_seconds(self) -> float:
        return METERS[self.meter][1] * self.seconds_per_quarter

    @property
    def key_name(self) -> str:
        return (MAJOR_KEYS if self.mode == "major" else MINOR_KEYS)[self.tonic_pc]

    def onsets(self) -> np.ndarray:
        """Target onsets in seconds from the first note, shape (n_notes,)."""
        q = np.array([n.onset_q for n in self.notes])
        return (q - q[0]) * self.seconds_per_quarter

    def durations(self) -> np.ndarray:
        """Written note lengths in seconds, shape (n_notes,)."""
        return np.array([n.quarters for n in self.notes]) * self.seconds_per_quarter

    def rest_before(self) -> np.ndarray:
        """Written silence before each note in seconds, shape (n_notes,) (0 for the first)."""
        notes = self.notes
        gaps = [0.0] + [b.onset_q - (a.onset_q + a.quarters) for a, b in zip(notes, notes[1:], strict=False)]
        return np.array(gaps) * self.seconds_per_quarter


def make_melody(rng: np.random.Generator, *, low: int, high: int, n_notes: int, meter: str | None = None,
                bpm: float | None = None) -> Melody:
    """A tonal melody of about ``n_notes`` notes (at least 8) within MIDI [low, high].

    Mostly steps, some thirds to fifths and rare octaves; starts on the tonic chord, ends on the
    tonic with a long note; the bar rhythms mix quarters, eighths, dotted notes, rests and ties
    over barlines. ``bpm`` is in quarter notes (6/8 is marked in dotted quarters in the score).
    """
    meter = meter or str(rng.choice([m for m, _ in DRAWN_METERS], p=[p for _, p in DRAWN_METERS]))
    bar_q, beat_q = METERS[meter]
    if bpm is None:
        # The marking is a whole number of beats per minute.
        bpm = round(float(rng.uniform(60, 140)) / beat_q) * beat_q
    tonic_pc = int(rng.integers(12))
    mode = "major" if rng.random() < 0.65 else "minor"
    scale = MAJOR if mode == "major" else NATURAL_MINOR
    span = int(min(high - low, rng.integers(12, 17)))  # an octave or more: the tonic is always in range
    lo = int(rng.integers(low, high - span + 1))
    pitches = [m for m in range(lo, lo + span + 1) if (m - tonic_pc) % 12 in scale]
    degree_of = {m: scale.index((m - tonic_pc) % 12) for m in pitches}

    rhythm: list[tuple[float, int]] = []  # (quarters, bar)
    bar = 1
    while sum(1 for q, _ in rhythm if q > 0) < n_notes - 1:
        options = BAR_RHYTHMS[meter] if rhythm else [r for r in BAR_RHYTHMS[meter] if r[0] > 0]
        pattern = options[int(rng.integers(len(options)))]
        rhythm.extend((float(q), bar) for q in pattern)
        bar += 1
    rhythm.append((bar_q, bar))  # the final long note

    # A walk over the scale's pitches in range, from a tonic-chord note near the middle.
    chord = [i for i, m in enumerate(pitches) if degree_of[m] in (0, 2, 4)]
    pos = min(chord, key=lambda i: abs(i - len(pitches) / 2) + rng.random() * 3)
    steps = np.array([-4, -3, -2, -1, 0, 1, 2, 3, 4, -7, 7])
    weights = np.array([0.04, 0.05, 0.1, 0.27, 0.08, 0.27, 0.1, 0.05, 0.04, 0.0, 0.0])
    weights[[9, 10]] = 0.015
    weights /= weights.sum()
    n_sounded = sum(1 for q, _ in rhythm if q > 0)
    walk: list[int] = []
    for k in range(n_sounded):
        if k == n_sounded - 1:
            tonics = [i for i, m in enumerate(pitches) if degree_of[m] == 0]
            pos = min(tonics, key=lambda i: abs(i - pos))
        elif k > 0:
            for _ in range(20):
                nxt = pos + int(rng.choice(steps, p=weights))
                if 0 <= nxt < len(pitches):
                    pos = nxt
                    break
        walk.append(pos)

    events: list[ScoreNote] = []
    onset = 0.0
    it = iter(walk)
    for q, b in rhythm:
        if q < 0:
            events.append(ScoreNote(None, onset, -q, b))
            onset += -q
            continue
        m = pitches[next(it)]
        events.append(ScoreNote(m, onset, q, b, degree_of[m]))
        onset += q
    # Harmonic minor: a seventh that resolves up to the tonic is raised.
    for i in range(len(events) - 1):
        a, b_ = events[i], events[i + 1]
        if mode == "minor" and a.midi is not None and b_.midi is not None and a.degree == 6 \
                and b_.degree == 0 and b_.midi - a.midi == 2 and rng.random() < 0.7:
            events[i] = ScoreNote(a.midi + 1, a.onset_q, a.quarters, a.bar, a.degree)
    # Ties: a note carried over the barline swallows the next bar's first note.
    tied: list[ScoreNote] = []
    for e in events:
        prev = tied[-1] if tied else None
        if (prev is not None and prev.midi is not None and e.midi is not None and e.bar == prev.bar + 1
                and abs(e.onset_q - (prev.bar - 1) * bar_q - bar_q) < 1e-9 and e is not events[-1]
                and rng.random() < TIE_CHANCE):
            tied[-1] = ScoreNote(prev.midi, prev.onset_q, prev.quarters + e.quarters, prev.bar, prev.degree)
            continue
        tied.append(e)
    return Melody(tuple(tied), tonic_pc, mode, meter, float(bpm))


def write_melody(path: Path, melody: Melody) -> Path:
    """Write ``melody`` as one-part MusicXML with its key and time signatures, tempo mark and ties.

    Pitches are spelled from the key (the raised seventh of a minor key as a raised degree);
    music21 splits notes that cross a barline into tied notes.
    """
    import music21

    key = music21.key.Key(melody.key_name)
    major = melody.mode == "major"
    scale = music21.scale.MajorScale(key.tonic) if major else music21.scale.MinorScale(key.tonic)
    spelled = {p.pitchClass: p.name for p in scale.getPitches("C3", "C6")}
    if melody.mode == "minor":
        seventh = music21.pitch.Pitch(spelled[(melody.tonic_pc + 10) % 12]).transpose("A1")
        spelled[(melody.tonic_pc + 11) % 12] = seventh.name

    part = music21.stream.Part()
    part.append(key)
    part.append(music21.meter.TimeSignature(melody.meter))
    beat_q = METERS[melody.meter][1]
    referent = music21.note.Note(type="quarter", dots=1 if beat_q == 1.5 else 0)
    part.append(music21.tempo.MetronomeMark(number=round(melody.bpm / beat_q), referent=referent))
    for e in melody.events:
        if e.midi is None:
            part.append(music21.note.Rest(quarterLength=e.quarters))
            continue
        p = music21.pitch.Pitch(spelled.get(e.midi % 12) or music21.pitch.Pitch(midi=e.midi).name)
        p.octave = e.midi // 12 - 1
        p.octave += (e.midi - p.midi) // 12  # B#, Cb and friends sit across the octave line
        part.append(music21.note.Note(p, quarterLength=e.quarters))
    music21.stream.Score([part]).write("musicxml", fp=str(path))
    return Path(path)


# ---------------------------------------------------------------------------------------- instruments


@dataclass(frozen=True)
class Instrument:
    """How one voice or instrument sounds and plays.

    Ranges are sounding MIDI numbers; times seconds; ``vibrato_cents`` is the ± extent; partial
    amplitudes fall as ``h ** -tilt`` before the body filter (peaking EQ sections: Hz, dB, Q).
    """

    name: str
    family: str  # voice | woodwind | brass | bowed | keyboard | plucked
    low: int
    high: int
    attack_s: tuple[float, float] = (0.03, 0.05)
    release_s: float = 0.06  # time constant of the decay after a note's end
    legato: float = 0.3  # chance two adjacent notes with no rest between are slurred
    articulation: tuple[float, float] = (0.8, 0.95)  # sounded share of the inter-onset interval
    vibrato_cents: tuple[float, float] = (0.0, 0.0)
    vibrato_hz: tuple[float, float] = (5.0, 6.0)
    vibrato_delay_s: tuple[float, float] = (0.15, 0.3)
    slur_s: tuple[float, float] = (0.015, 0.03)  # pitch transition of a slur (a singer's glide)
    scoop_cents: tuple[float, float] = (0.0, 0.0)  # start this far below the note...
    scoop_s: tuple[float, float] = (0.03, 0.05)  # ...and reach it after this long
    scoop_chance: float = 0.0
    tilt: float = 1.0
    fundamental: float = 1.0  # gain of the first partial against the tilt
    even_gain: float = 1.0  # clarinet: even partials this much weaker up to the 7th
    brightness: float = 0.0  # brass: upper partials grow with level
    overshoot: float = 0.0  # attack peak above the sustain level (share)
    noise: float = 0.0  # breath or bow noise against the tone (amplitude ratio)
    noise_band_hz: tuple[float, float] = (1000.0, 6000.0)
    attack_noise: float = 0.0  # extra noise in the attack (flute chiff, bow scrape)
    amplitude_vibrato: float = 0.0  # share of level modulated with the vibrato
    body: tuple[tuple[float, float, float], ...] = ()
    max_partials: int = 48
    jitter_cents: float = 2.0
    formant_scale: float = 1.0  # voices: vowel formants against a tenor's
    decay_s: float = 0.0  # struck and plucked: T60 of the first partial near middle C
    inharmonicity: float = 0.0  # struck and plucked: B near middle C


INSTRUMENTS: dict[str, Instrument] = {
    i.name: i
    for i in (
        *(Instrument(name, "voice", lo, hi, attack_s=(0.03, 0.07), release_s=0.05, legato=0.6,
                     articulation=(0.85, 0.97), vibrato_cents=(20.0, 70.0), vibrato_hz=(5.0, 6.5),
                     vibrato_delay_s=(0.15, 0.3), slur_s=(0.05, 0.12), scoop_cents=(50.0, 150.0),
                     scoop_s=(0.06, 0.15), scoop_chance=0.5, tilt=2.0, noise=0.08, max_partials=40,
                     jitter_cents=5.0, formant_scale=fs)
          for name, lo, hi, fs in (("soprano", 60, 79, 1.17), ("alto", 55, 74, 1.1), ("tenor", 48, 67, 1.0),
                                   ("bass", 41, 62, 0.95))),
        Instrument("oboe", "woodwind", 60, 86, attack_s=(0.03, 0.05), release_s=0.04, legato=0.4,
                   vibrato_cents=(8.0, 20.0), vibrato_hz=(4.8, 5.8), tilt=0.6, fundamental=0.4,
                   noise=0.01, body=((1200.0, 10.0, 2.0), (2900.0, 6.0, 2.5), (250.0, -6.0, 1.0))),
        Instrument("flute", "woodwind", 62, 91, attack_s=(0.05, 0.08), release_s=0.05, legato=0.4,
                   vibrato_cents=(10.0, 25.0), vibrato_hz=(4.5, 5.5), tilt=2.0, noise=0.09,
                   noise_band_hz=(1500.0, 7000.0), attack_noise=0.3, amplitude_vibrato=0.15, max_partials=12),
        Instrument("clarinet", "woodwind", 52, 84, attack_s=(0.03, 0.045), release_s=0.04, legato=0.4,
                   tilt=1.1, even_gain=0.06, noise=0.01, body=((1500.0, 3.0, 1.5),)),
        Instrument("violin", "bowed", 55, 88, attack_s=(0.06, 0.12), release_s=0.08, legato=0.45,
                   vibrato_cents=(15.0, 35.0), vibrato_hz=(5.5, 6.5), vibrato_delay_s=(0.1, 0.25),
                   tilt=1.0, noise=0.03, noise_band_hz=(1000.0, 7000.0), attack_noise=0.25,
                   body=((280.0, 6.0, 3.0), (450.0, 4.0, 3.0), (1500.0, -6.0, 1.5), (2500.0, 8.0, 1.0),
                         (5500.0, -10.0, 0.7))),
        Instrument("cello", "bowed", 36, 69, attack_s=(0.08, 0.15), release_s=0.1, legato=0.45,
                   vibrato_cents=(15.0, 30.0), vibrato_hz=(5.0, 6.0), vibrato_delay_s=(0.1, 0.25),
                   tilt=1.0, noise=0.03, noise_band_hz=(800.0, 6000.0), attack_noise=0.25,
                   body=((100.0, 4.0, 2.0), (200.0, 6.0, 2.5), (400.0, 3.0, 2.0), (1800.0, 5.0, 1.0),
                         (4500.0, -10.0, 0.7))),
        Instrument("trumpet", "brass", 55, 79, attack_s=(0.02, 0.04), release_s=0.04, legato=0.25,
                   vibrato_cents=(0.0, 10.0), scoop_cents=(30.0, 60.0), scoop_s=(0.02, 0.04),
                   scoop_chance=0.6, tilt=0.9, fundamental=0.6, brightness=0.15, overshoot=0.25,
                   noise=0.005, body=((1200.0, 6.0, 1.5), (4000.0, -6.0, 0.8))),
        Instrument("alto-sax", "woodwind", 50, 77, attack_s=(0.03, 0.05), release_s=0.05, legato=0.4,
                   vibrato_cents=(15.0, 30.0), vibrato_hz=(5.0, 6.0), tilt=0.8, noise=0.03,
                   body=((600.0, 6.0, 1.5), (1800.0, 5.0, 2.0))),
        Instrument("piano", "keyboard", 48, 84, attack_s=(0.002, 0.003), release_s=0.08,
                   articulation=(0.9, 1.02), tilt=1.0, max_partials=40, jitter_cents=0.0, decay_s=6.0,
                   inharmonicity=2e-4),
        Instrument("guitar", "plucked", 40, 76, attack_s=(0.001, 0.002), release_s=0.06,
                   articulation=(0.85, 1.0), tilt=1.0, max_partials=40, jitter_cents=0.0, decay_s=3.5,
                   inharmonicity=4e-5, body=((100.0, 6.0, 2.0), (200.0, 5.0, 2.0), (400.0, 2.0, 2.0),
                                             (5000.0, -8.0, 0.7))),
    )
}
VOICES = ("soprano", "alto", "tenor", "bass")


# ---------------------------------------------------------------------------------------- performance


@dataclass
class Sounded:
    """A note as performed: pitch (MIDI, detuned as planned), onset and sounded length (s).

    ``target`` is the index of the target note it renders (None: an inserted note or a first
    attempt); ``legato``: slurred into the next sounded note; ``degree`` picks a sung syllable.
    ``arrival``: set by ``render`` on a note a sustained tone glides into from another pitch, where
    the glide has covered ``HEARD_GLIDE_SHARE`` of the step (never before ``onset``, the vowel's
    start); None otherwise.
    """

    midi: float
    onset: float
    duration: float
    target: int | None
    legato: bool = False
    degree: int = 0
    gain: float = 1.0
    arrival: float | None = None


@dataclass
class Performance:
    """A planned take: the sounded notes, one label per target note, and the take's facts.

    ``offset_cents`` is the slow pitch-offset curve (drift and wander), shape (n,) sampled at
    ``CONTROL_HZ`` from 0 s; ``lead_in`` is where the labelled rendition's first note was meant to
    start; ``reference`` is the transposition labels are measured from (semitones).
    """

    sounded: list[Sounded]
    labels: list[dict[str, Any]]
    total_seconds: float
    lead_in: float
    offset_cents: np.ndarray
    reference: float = 0.0
    tempo_factor: float = 1.0
    claps: list[float] = field(default_factory=list)
    events: list[str] = field(default_factory=list)


def pitch_label(cents: float) -> str | None:
    """The dev set's pitch label for a deviation in cents; None in the gaps between its bands."""
    a = abs(cents)
    if a <= OK_CENTS:
        return "ok"
    if FLAT_SHARP_CENTS[0] <= a <= FLAT_SHARP_CENTS[1]:
        return "flat" if cents < 0 else "sharp"
    if WRONG_CENTS[0] <= a <= WRONG_CENTS[1]:
        return "wrong"
    return None


def timing_label(seconds: float) -> str | None:
    """The dev set's timing label for an onset error in seconds; None in the gaps between its bands."""
    a = abs(seconds)
    if a <= OK_SECONDS:
        return "ok"
    if EARLY_LATE_SECONDS[0] - 1e-9 <= a <= EARLY_LATE_SECONDS[1] + 1e-9:
        return "early" if seconds < 0 else "late"
    return None


def _fold(semitones: float) -> float:
    """A pitch difference folded into [-6, 6) semitones (octave equivalence, as the grader hears)."""
    return (semitones + 6.0) % 12.0 - 6.0


def _smooth_noise(rng: np.random.Generator, n: int, *, rate_hz: float, cutoff_hz: float) -> np.ndarray:
    """Zero-mean low-pass Gaussian noise with unit RMS, shape (n,) at ``rate_hz``."""
    if n <= 1:
        return np.zeros(n)
    x = rng.standard_normal(n + 64)
    sos = signal.butter(2, min(cutoff_hz / (rate_hz / 2), 0.99), output="sos")
    y = signal.sosfilt(sos, x)[64:]
    y -= y.mean()
    return y / max(float(np.std(y)), 1e-12)


def plan_performance(melody: Melody, instrument: Instrument, *, rng: np.random.Generator,
                     events: Sequence[str] = (), errors: bool = True, transposition: float = 0.0,
                     any_key: bool = False) -> Performance:
    """Decide what the performer plays: onsets, pitches, mistakes and events, with labels.

    ``transposition`` (semitones, may be fractional) moves the whole take; labels are measured
    from the take's median transposition when ``any_key`` (else from ``transposition``, which is
    then 0 or -12). ``errors`` plants the dev set's pitch and timing mistakes on 10-25 % of notes.
    ``events`` are among ``EVENTS``; "transposed" and "octave-below" only tag the take (the caller
    passes the transposition).
    """
    notes = melody.notes
    n = len(notes)
    s = melody.onsets()
    written = melody.durations()
    rests = melody.rest_before()
    free = "free-tempo" in events

    tempo_factor = 1.0 if rng.random() < 0.4 else float(rng.uniform(0.96, 1.04))
    lead_in = float(rng.uniform(5.0, 9.0) if "lead-in" in events else rng.uniform(0.3, 1.5))
    if "count-in" in events:
        lead_in = max(lead_in, 4 * melody.beat_seconds * tempo_factor + float(rng.uniform(0.3, 0.8)))
    restart_gap = 0.0
    first_attempt: list[int] = []
    if "restart" in events:
        first_attempt = [k for k, nt in enumerate(notes) if nt.bar <= 2]
        if len(first_attempt) < 3:
            first_attempt = list(range(min(4, n - 1)))
        first_attempt = first_attempt[: max(3, int(len(first_attempt) * rng.uniform(0.6, 1.0)))]
        attempt_seconds = (s[first_attempt[-1]] + written[first_attempt[-1]] * 0.6) * tempo_factor
        restart_gap = attempt_seconds + float(rng.uniform(0.8, 2.0))
    start = lead_in + restart_gap

    # The performer's clock for each target note (seconds in the take).
    if free:
        ioi = np.diff(s, append=s[-1] + written[-1])
        rubato = np.exp(0.12 * _smooth_noise(rng, n, rate_hz=1.0, cutoff_hz=0.2) + rng.normal(0, 0.05, n))
        clock = start + tempo_factor * np.concatenate([[0.0], np.cumsum(ioi * rubato)[:-1]])
        written = written * rubato
    else:
        clock = start + tempo_factor * s
    pause_at = -1
    if "pause" in events and n >= 6:
        pause_at = int(rng.integers(n // 3, max(n // 3 + 1, 2 * n // 3)))
        clock[pause_at:] += float(rng.uniform(2.7, 3.3))

    # Which notes carry which mistake.
    action = ["ok"] * n
    inserted_after: set[int] = set()
    dur_scale = tempo_factor
    next_gap = np.diff(clock, append=clock[-1] + written[-1] * dur_scale)
    prev_gap = np.concatenate([[np.inf], np.diff(clock)])

    def free_slot(k: int) -> bool:
        return action[k] == "ok" and k not in inserted_after and k != pause_at

    if "skipped" in events:
        for k in rng.permutation(np.arange(2, n - 1))[: int(rng.integers(1, 3))]:
            k = int(k)
            distinct = notes[k].midi != notes[k - 1].midi
            if free_slot(k) and action[k - 1] == "ok" and rests[k] == 0 and distinct:
                action[k] = "skipped"
    if "extra" in events:
        for k in rng.permutation(np.arange(1, n - 1))[: int(rng.integers(1, 3))]:
            k = int(k)
            if free_slot(k) and next_gap[k] >= 0.45 and action[k + 1] == "ok" and k + 1 != pause_at:
                inserted_after.add(k)
    if errors:
        kinds = list(PITCH_ERRORS) + ([] if free else list(TIMING_ERRORS))
        n_err = int(rng.integers(max(1, round(0.1 * n)), max(2, round(0.25 * n)) + 1))
        for k in rng.permutation(np.arange(1, n))[:n_err]:
            k = int(k)
            kind = str(rng.choice(kinds))
            if not free_slot(k) or written[k] * dur_scale < 0.2:
                continue
            if kind == "late" and next_gap[k] < EARLY_LATE_SECONDS[1] + 0.15:
                continue
            if kind == "early" and (prev_gap[k] < EARLY_LATE_SECONDS[1] + 0.15 or action[k - 1] != "ok"
                                    or k - 1 in inserted_after):
                continue
            if kind == "missed" and (action[k - 1] == "skipped" or k - 1 in inserted_after):
                continue
            action[k] = kind

    # Onsets and sounded lengths.
    onset = clock + np.clip(rng.normal(0.0, 0.010, n), -0.025, 0.025)
    timing_error = np.zeros(n)
    for k in range(n):
        if action[k] in TIMING_ERRORS:
            e = float(rng.uniform(EARLY_LATE_SECONDS[0] + 0.005, EARLY_LATE_SECONDS[1] - 0.005))
            onset[k] = clock[k] + (e if action[k] == "late" else -e)
    timing_error = onset - clock
    articulation = rng.uniform(*instrument.articulation, n)
    sounded_end = np.empty(n)
    for k in range(n):
        nominal_end = clock[k] + written[k] * dur_scale
        sounded_end[k] = onset[k] + (nominal_end - clock[k]) * articulation[k]
    legato = np.zeros(n, bool)
    for k in range(n - 1):
        # A player cannot slur into the same pitch (that is a tie); a singer can, on a new consonant.
        same = notes[k].midi == notes[k + 1].midi and instrument.family != "voice"
        legato[k] = rests[k + 1] == 0 and not same and rng.random() < instrument.legato and k + 1 != pause_at
    for k in range(n - 1):
        if legato[k] and action[k + 1] not in ("missed", "skipped") and k not in inserted_after:
            sounded_end[k] = onset[k + 1]
        # Nothing overlaps the next sounded note (a piano's damper is another matter: it rings on).
        limit = onset[k + 1] - (0.0 if legato[k] else 0.03)
        if instrument.family not in ("keyboard", "plucked"):
            sounded_end[k] = min(sounded_end[k], limit)
        sounded_end[k] = max(sounded_end[k], onset[k] + 0.08)
    for k in range(1, n):
        if action[k] == "skipped":
            sounded_end[k - 1] = max(sounded_end[k - 1], sounded_end[k])
            legato[k - 1] = legato[k]
    for k in inserted_after:
        sounded_end[k] = onset[k] + 0.5 * next_gap[k]
        legato[k] = False

    # The slow pitch-offset curve: wander for everyone, a late sinking for drift takes.
    n_ctrl = int((clock[-1] + written[-1] * dur_scale + 3.0) * CONTROL_HZ) + 1
    ctrl_t = np.arange(n_ctrl) / CONTROL_HZ
    wander_cents = (2.0 if instrument.family == "voice" else 1.0) if instrument.jitter_cents else 0.0
    wander_curve = wander_cents * _smooth_noise(rng, n_ctrl, rate_hz=CONTROL_HZ, cutoff_hz=0.7)
    drift_curve = np.zeros(n_ctrl)
    if "drift" in events:
        sink_cents = float(rng.uniform(35.0, 45.0))
        t0 = clock[int(n * rng.uniform(0.45, 0.6))]
        t1 = clock[-1] + 0.3
        drift_curve = -sink_cents * np.clip((ctrl_t - t0) / max(t1 - t0, 0.5), 0.0, 1.0)

    def curve_mean(curve: np.ndarray, t0: float, t1: float) -> float:
        i0 = min(int(t0 * CONTROL_HZ), n_ctrl - 1)
        return float(np.mean(curve[i0: max(int(t1 * CONTROL_HZ), i0 + 1)]))

    # Pitches: a target scatter that stays inside the ok band, compensated for the wander so the
    # label holds; drift is not compensated (that is what it is).
    scatter = np.clip(rng.normal(0.0, 4.0, n), -8.0, 8.0)
    planned = scatter.copy()
    for k in range(n):
        if action[k] in ("flat", "sharp"):
            c = float(rng.uniform(FLAT_SHARP_CENTS[0] + 1.0, FLAT_SHARP_CENTS[1] - 1.0))
            planned[k] = -c if action[k] == "flat" else c
        elif action[k] == "wrong":
            planned[k] = float(rng.choice([-2, -1, 1, 2])) * 100.0 + float(rng.uniform(-8.0, 8.0))
    steady = [(onset[k] + 0.25 * (sounded_end[k] - onset[k]), onset[k] + 0.85 * (sounded_end[k] - onset[k]))
              for k in range(n)]
    wander = np.array([curve_mean(wander_curve, a, b) for a, b in steady])
    drift = np.array([curve_mean(drift_curve, a, b) for a, b in steady])
    base = np.array([nt.midi for nt in notes], float) + transposition + (planned - wander) / 100.0
    heard = base + (wander + drift) / 100.0  # the steady-part pitch a listener hears, in MIDI

    played = [k for k in range(n) if action[k] not in ("missed", "skipped")]
    if any_key:
        clean = [k for k in played if action[k] not in ("flat", "sharp", "wrong")]
        reference = float(np.median([heard[k] - notes[k].midi for k in (clean or played)]))
    else:
        reference = transposition
    # Planted pitch errors sit exactly in their band against the reference, drift or not.
    for k in played:
        if action[k] in ("flat", "sharp", "wrong"):
            heard[k] = notes[k].midi + reference + planned[k] / 100.0
            base[k] = heard[k] - (wander[k] + drift[k]) / 100.0

    sounded: list[Sounded] = []
    if first_attempt:
        for j, k in enumerate(first_attempt):
            last = j == len(first_attempt) - 1
            miss = last and rng.random() < 0.6  # the slip that made them stop
            slip = float(rng.choice([-2, -1, 1])) if miss else scatter[k] / 100.0
            m = notes[k].midi + transposition + slip
            o = lead_in + s[k] * tempo_factor + float(rng.normal(0, 0.01))
            d = (written[k] * tempo_factor) * (0.6 if last else float(articulation[k]))
            sounded.append(Sounded(float(m), float(o), float(d), None, False, notes[k].degree))
    for k in range(n):
        if action[k] in ("missed", "skipped"):
            continue
        sounded.append(Sounded(float(base[k]), float(onset[k]), float(sounded_end[k] - onset[k]), k,
                               bool(legato[k]), notes[k].degree, float(10 ** (rng.normal(0, 1.5) / 20))))
        if k in inserted_after:
            step = float(rng.choice([-3, -2, -1, 1, 2, 3]))
            o = onset[k] + 0.55 * next_gap[k]
            sounded.append(Sounded(float(base[k] + step), float(o), float(0.38 * next_gap[k]), None, False,
                                   (notes[k].degree + int(np.sign(step))) % 7))

    labels: list[dict[str, Any]] = []
    for k, nt in enumerate(notes):
        label: dict[str, Any] = {"index": k, "target_midi": int(nt.midi or 0),
                                 "target_onset": round(float(s[k]), 4)}
        if action[k] in ("missed", "skipped"):
            label.update(played_midi=None, played_onset=None, pitch="missed", timing="missed")
        else:
            cents = 100.0 * _fold(float(heard[k] - nt.midi - reference))
            p = pitch_label(cents)
            # Between the bands (a drifting singer's middle notes) the tutor's own 25-cent line decides.
            near = "ok" if abs(cents) < 25 else ("flat" if cents < 0 else "sharp")
            t = "ok" if free else timing_label(float(timing_error[k]))
            label.update(played_midi=round(float(heard[k]), 3), played_onset=round(float(onset[k]), 4),
                         played_duration=round(float(sounded_end[k] - onset[k]), 4),
                         pitch=p or near, timing=t)
            if p is None:
                label["pitch_gray"] = True
            label["cents"] = round(cents, 1)
        labels.append(label)

    claps = []
    if "count-in" in events:
        claps = [lead_in - (4 - i) * melody.beat_seconds * tempo_factor for i in range(4)]
    end = max(x.onset + x.duration for x in sounded)
    total = end + float(rng.uniform(0.8, 1.8))
    offset = wander_curve + drift_curve
    if len(offset) < int(total * CONTROL_HZ) + 2:
        offset = np.pad(offset, (0, int(total * CONTROL_HZ) + 2 - len(offset)), mode="edge")
    return Performance(sounded, labels, float(total), float(start), offset, float(reference), tempo_factor,
                       claps, list(events))


# ------------------------------------------------------------------------------------------ rendering

# Vowel formants F1-F5 (Hz) of a tenor, and their bandwidths (Hz).
VOWELS: dict[str, tuple[float, ...]] = {
    "a": (730.0, 1090.0, 2440.0, 3400.0, 4200.0),
    "e": (530.0, 1840.0, 2480.0, 3400.0, 4200.0),
    "i": (270.0, 2290.0, 3010.0, 3500.0, 4200.0),
    "o": (570.0, 840.0, 2410.0, 3400.0, 4200.0),
    "u": (300.0, 870.0, 2240.0, 3400.0, 4200.0),
}
FORMANT_BANDWIDTHS = (80.0, 100.0, 150.0, 250.0, 300.0)
# Voiced consonants: formants, bandwidths, level against the vowel, length range (s).
VOICED_CONSONANTS: dict[str, tuple[tuple[float, ...], tuple[float, ...], float, tuple[float, float]]] = {
    "m": ((250.0, 1100.0, 2300.0, 3300.0, 4000.0), (100.0, 300.0, 300.0, 400.0, 500.0), 0.25, (0.05, 0.08)),
    "l": ((350.0, 1000.0, 2500.0, 3300.0, 4000.0), (90.0, 150.0, 200.0, 300.0, 400.0), 0.5, (0.04, 0.07)),
    "r": ((400.0, 1250.0, 1600.0, 3300.0, 4000.0), (90.0, 150.0, 200.0, 300.0, 400.0), 0.6, (0.03, 0.05)),
    "d": ((200.0, 1500.0, 2600.0, 3300.0, 4000.0), (120.0, 400.0, 400.0, 400.0, 500.0), 0.12, (0.025, 0.045)),
}
# Unvoiced consonants: noise band (Hz), level against the vowel, length range (s).
UNVOICED_CONSONANTS: dict[str, tuple[tuple[float, float], float, tuple[float, float]]] = {
    "s": ((4000.0, 7800.0), 0.35, (0.07, 0.11)),
    "f": ((1500.0, 7500.0), 0.15, (0.06, 0.09)),
    "t": ((2000.0, 7000.0), 0.6, (0.03, 0.05)),
}
# Movable-do syllables by scale degree.
SOLFEGE = (("d", "o"), ("r", "e"), ("m", "i"), ("f", "a"), ("s", "o"), ("l", "a"), ("t", "i"))
SYLLABLE_STYLES = ("solfege", "la", "neutral", "doo")
Syllable = tuple[str, str, float]  # (consonant or '', vowel or '', consonant length in s)
BREATH_POLE = float(np.exp(-2 * np.pi * 500.0 / SR))  # one-pole low-pass of the aspiration noise


@dataclass(frozen=True)
class Style:
    """One performer's habits for a take, drawn from their instrument's ranges."""

    vibrato_cents: float
    vibrato_hz: float
    scoop_chance: float
    breathiness: float
    shimmer_db: float
    first_partial: float  # voices: H1 against the -12 dB/octave source
    syllables: str  # voices: one of SYLLABLE_STYLES
    neutral_vowel: str


def draw_style(instrument: Instrument, rng: np.random.Generator) -> Style:
    return Style(
        vibrato_cents=float(rng.uniform(*instrument.vibrato_cents)),
        vibrato_hz=float(rng.uniform(*instrument.vibrato_hz)),
        scoop_chance=float(instrument.scoop_chance * rng.uniform(0.5, 1.5)),
        breathiness=float(instrument.noise * rng.uniform(0.5, 2.0)),
        shimmer_db=float(rng.uniform(0.2, 0.6) if instrument.family == "voice" else rng.uniform(0.05, 0.2)),
        first_partial=float(rng.uniform(0.7, 1.4)),
        syllables=str(rng.choice(SYLLABLE_STYLES, p=[0.35, 0.25, 0.25, 0.15])),
        neutral_vowel=str(rng.choice(["a", "o", "u"])),
    )


def midi_to_hz(midi: np.ndarray | float) -> np.ndarray:
    return 440.0 * 2.0 ** ((np.asarray(midi, dtype=np.float64) - 69.0) / 12.0)


def _smoothstep(x: np.ndarray) -> np.ndarray:
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3.0 - 2.0 * x)


def _moving_average(x: np.ndarray, width: int) -> np.ndarray:
    """Centred box average of ``width`` samples, same shape; edges use the available samples."""
    if width <= 1 or len(x) < 2:
        return x
    c = np.concatenate([[0.0], np.cumsum(x)])
    half = width // 2
    hi = np.minimum(np.arange(len(x)) + half + 1, len(x))
    lo = np.maximum(np.arange(len(x)) - half, 0)
    return (c[hi] - c[lo]) / (hi - lo)


def _span(t: np.ndarray, t0: float, t1: float) -> slice:
    return slice(int(np.searchsorted(t, t0)), int(np.searchsorted(t, t1)))


def _partials(phase: np.ndarray, f0_hz: np.ndarray, amps: np.ndarray, phases: np.ndarray, *,
              level: np.ndarray | None = None, brightness: float = 0.0) -> np.ndarray:
    """Sum of harmonics h = 1..len(amps) of one phase track, shape (n,) like ``phase``.

    Harmonic h is ``amps[h-1] * sin(h * phase + phases[h-1])``, faded out where its frequency
    nears ``MAX_PARTIAL_HZ``; with ``brightness`` > 0 it is also scaled by
    ``level ** (brightness * (h - 1))`` (brass: upper partials grow with loudness).
    """
    z1 = np.exp(1j * phase)
    z = z1.copy()
    acc = np.zeros(len(phase), complex)
    f_lo, f_hi = float(f0_hz.min()), float(f0_hz.max())
    log_level = np.log(np.maximum(level, 1e-4)) if level is not None and brightness else None
    for h in range(1, len(amps) + 1):
        if h * f_lo > MAX_PARTIAL_HZ:
            break
        term = amps[h - 1] * np.exp(1j * phases[h - 1]) * z
        if h * f_hi > MAX_PARTIAL_HZ - PARTIAL_FADE_HZ:
            term *= np.clip((MAX_PARTIAL_HZ - h * f0_hz) / PARTIAL_FADE_HZ, 0.0, 1.0)
        if log_level is not None and h > 1:
            term *= np.exp(brightness * (h - 1) * log_level)
        acc += term
        z *= z1
    return acc.imag


def _resonators(formants: Sequence[float], bandwidths: Sequence[float]) -> np.ndarray:
    """A cascade of two-pole resonators with unit gain at 0 Hz (a Klatt vocal tract): sos (k, 6)."""
    sos = []
    for f, bw in zip(formants, bandwidths, strict=True):
        if f >= SR / 2 - 200:
            continue
        r = np.exp(-np.pi * bw / SR)
        c = 2 * r * np.cos(2 * np.pi * f / SR)
        g = 1 - c + r * r
        sos.append([g, 0.0, 0.0, 1.0, -c, r * r])
    return np.array(sos)


def _peaking(sections: Sequence[tuple[float, float, float]]) -> np.ndarray:
    """RBJ peaking-EQ biquads (centre Hz, gain dB, Q) as sos (k, 6)."""
    sos = []
    for f, gain_db, q in sections:
        a = 10 ** (gain_db / 40)
        w = 2 * np.pi * f / SR
        alpha = np.sin(w) / (2 * q)
        b0, b1, b2 = 1 + alpha * a, -2 * np.cos(w), 1 - alpha * a
        a0, a1, a2 = 1 + alpha / a, -2 * np.cos(w), 1 - alpha / a
        sos.append([b0 / a0, b1 / a0, b2 / a0, 1.0, a1 / a0, a2 / a0])
    return np.array(sos)


def _band_noise(rng: np.random.Generator, n: int, band_hz: tuple[float, float]) -> np.ndarray:
    """Gaussian noise band-passed to ``band_hz``, unit RMS, shape (n,)."""
    if n <= 0:
        return np.zeros(0)
    hi = min(band_hz[1], SR / 2 - 100)
    sos = signal.butter(2, [band_hz[0], hi], btype="bandpass", fs=SR, output="sos")
    y = signal.sosfilt(sos, rng.standard_normal(n + 256))[256:]
    return y / max(float(np.std(y)), 1e-12)


def _syllable(note: Sounded, style: Style, instrument: Instrument) -> tuple[str, str]:
    """(consonant or '', vowel) a singer puts on this note."""
    if instrument.family != "voice":
        return "", ""
    if style.syllables == "solfege":
        return SOLFEGE[note.degree % 7]
    if style.syllables == "la":
        return "l", "a"
    if style.syllables == "doo":
        return "d", "u"
    return "", style.neutral_vowel


def render(perf: Performance, instrument: Instrument, *, rng: np.random.Generator,
           style: Style | None = None) -> np.ndarray:
    """The dry take: every sounded note through ``instrument``, plus count-in claps; shape (n,) float32."""
    style = style or draw_style(instrument, rng)
    out = np.zeros(int(perf.total_seconds * SR))
    notes = sorted(perf.sounded, key=lambda x: x.onset)
    if instrument.family in ("keyboard", "plucked"):
        for note in notes:
            _add_decaying(out, note, instrument, rng)
    else:
        for phrase, consonants in _phrases(notes, instrument, style, rng):
            _add_phrase(out, phrase, consonants, instrument, style, perf, rng)
    if instrument.body:
        out = signal.sosfilt(_peaking(instrument.body), out)
    for t in perf.claps:
        _add_clap(out, t, rng)
    return out.astype(np.float32)


def _phrases(notes: list[Sounded], instrument: Instrument, style: Style, rng: np.random.Generator
             ) -> list[tuple[list[Sounded], list[Syllable]]]:
    """Split sounded notes into phrases of slurred notes, with each note's (consonant, vowel, length).

    A singer's unvoiced consonant (or a glottal re-attack of the same pitch) ends the voicing
    before the next note, so it ends the phrase and shortens the note before it.
    """
    out: list[tuple[list[Sounded], list[Syllable]]] = []
    current: list[Sounded] = []
    cons: list[Syllable] = []
    for i, note in enumerate(notes):
        c, v = _syllable(note, style, instrument)
        length = 0.0
        if c in VOICED_CONSONANTS:
            length = float(rng.uniform(*VOICED_CONSONANTS[c][3]))
        elif c in UNVOICED_CONSONANTS:
            length = float(rng.uniform(*UNVOICED_CONSONANTS[c][2]))
        prev = notes[i - 1] if i else None
        # Voicing stops for an unvoiced consonant, and for a glottal re-attack of the same pitch.
        stop = c in UNVOICED_CONSONANTS or (not c and prev is not None and abs(prev.midi - note.midi) < 0.5)
        joined = (prev is not None and prev.legato and abs(prev.onset + prev.duration - note.onset) < 0.02
                  and not stop)
        if prev is not None and prev.legato and stop:
            prev.duration = max(0.08, note.onset - length - 0.04 - prev.onset)
        if not joined and current:
            out.append((current, cons))
            current, cons = [], []
        current.append(note)
        cons.append((c, v, length))
    if current:
        out.append((current, cons))
    return out


def _add_phrase(out: np.ndarray, notes: list[Sounded], syllables: list[Syllable],
                instrument: Instrument, style: Style, perf: Performance, rng: np.random.Generator) -> None:
    """Render one phrase of slurred notes (sustained tone: voice, winds, brass, bowed) into ``out``."""
    voice = instrument.family == "voice"
    onsets = np.array([x.onset for x in notes])
    midis = np.array([x.midi for x in notes])
    first_c, _, first_len = syllables[0]
    pre = first_len if first_c in VOICED_CONSONANTS else 0.0
    end = notes[-1].onset + notes[-1].duration
    release = instrument.release_s * float(rng.uniform(0.8, 1.25))
    i0 = max(int((onsets[0] - pre) * SR), 0)
    i1 = min(int((end + 6 * release) * SR), len(out))
    if i1 - i0 < 16:
        return
    t = np.arange(i0, i1) / SR

    # Pitch contour (MIDI): slurs and glides, scoops, vibrato, the slow offset curve, jitter.
    midi = np.full(len(t), midis[0])
    for i in range(1, len(notes)):
        c, _, length = syllables[i]
        shorter = min(notes[i - 1].duration, notes[i].duration)
        glide = min(float(rng.uniform(*instrument.slur_s)), 0.4 * shorter)
        centre = onsets[i] - (length / 2 if c else 0.0)
        sl = _span(t, centre - glide / 2, centre + glide / 2)
        midi[sl] += (midis[i] - midis[i - 1]) * _smoothstep((t[sl] - (centre - glide / 2)) / glide)
        if midis[i] != midis[i - 1]:
            notes[i].arrival = max(notes[i].onset, centre - glide / 2 + glide * HEARD_GLIDE_POSITION)
        midi[sl.stop:] += midis[i] - midis[i - 1]
    for i in range(len(notes)):
        melisma = i > 0 and not syllables[i][0]
        if melisma or rng.random() >= style.scoop_chance:
            continue
        depth = float(rng.uniform(*instrument.scoop_cents)) / 100.0
        length = min(float(rng.uniform(*instrument.scoop_s)), 0.35 * notes[i].duration)
        sl = _span(t, onsets[i], onsets[i] + length)
        midi[sl] -= depth * (1.0 - _smoothstep((t[sl] - onsets[i]) / length))
    vib = np.zeros(len(t))
    if style.vibrato_cents > 0:
        extent = np.zeros(len(t))
        bounds = list(onsets[1:]) + [t[-1] + 1.0]
        for i in range(len(notes)):
            delay = float(rng.uniform(*instrument.vibrato_delay_s))
            ramp = float(rng.uniform(0.15, 0.25))
            e = style.vibrato_cents * float(rng.uniform(0.8, 1.2))
            sl = _span(t, onsets[i], bounds[i])
            extent[sl] = e * np.clip((t[sl] - onsets[i] - delay) / ramp, 0.0, 1.0)
        extent = _moving_average(extent, int(0.05 * SR))
        rate = style.vibrato_hz * (1.0 + 0.04 * _smooth_noise(rng, len(t), rate_hz=SR, cutoff_hz=1.0))
        vib = extent * np.sin(2 * np.pi * np.cumsum(rate) / SR + rng.uniform(0, 2 * np.pi))
    offset = np.interp(t, np.arange(len(perf.offset_cents)) / CONTROL_HZ, perf.offset_cents)
    jitter = instrument.jitter_cents * _smooth_noise(rng, len(t), rate_hz=SR, cutoff_hz=40.0)
    midi = midi + (vib + offset + jitter) / 100.0
    f0 = midi_to_hz(midi)
    phase = 2 * np.pi * np.cumsum(f0) / SR

    # Level: attack, per-note dynamics, consonant dips, release, shimmer.
    attack = float(rng.uniform(*instrument.attack_s))
    start = onsets[0] - pre
    env = _smoothstep((t - start) / attack)
    if instrument.overshoot:
        after_attack = np.clip(t - start - attack, 0.0, None)
        env *= 1.0 + instrument.overshoot * np.exp(-after_attack / 0.06) * (t > start)
    gains = np.array([x.gain for x in notes])
    idx = np.clip(np.searchsorted(onsets, t, side="right") - 1, 0, len(notes) - 1)
    env *= _moving_average(gains[idx], int(0.03 * SR))
    for i in range(1, len(notes)):
        c, _, length = syllables[i]
        if c in VOICED_CONSONANTS:
            level = VOICED_CONSONANTS[c][2]
            sl = _span(t, onsets[i] - length - 0.015, onsets[i] + 0.015)
            x = (t[sl] - (onsets[i] - length - 0.015)) / (length + 0.03)
            env[sl] *= 1.0 - (1.0 - level) * np.sin(np.pi * x) ** 2
        elif not voice:
            dip = 0.15 if instrument.family == "bowed" else 0.08
            sl = _span(t, onsets[i] - 0.02, onsets[i] + 0.02)
            env[sl] *= 1.0 - dip * np.sin(np.pi * (t[sl] - onsets[i] + 0.02) / 0.04) ** 2
    if first_c in VOICED_CONSONANTS:
        sl = _span(t, start, onsets[0] + 0.015)
        env[sl] *= VOICED_CONSONANTS[first_c][2] + (1 - VOICED_CONSONANTS[first_c][2]) * _smoothstep(
            (t[sl] - onsets[0] + 0.015) / 0.03)
    env *= np.where(t > end, np.exp(-(t - end) / release), 1.0)
    env *= 10 ** (style.shimmer_db * _smooth_noise(rng, len(t), rate_hz=SR, cutoff_hz=30.0) / 20)
    if instrument.amplitude_vibrato and style.vibrato_cents > 0:
        env *= 1.0 + instrument.amplitude_vibrato * vib / max(style.vibrato_cents, 1e-9)

    n_partials = instrument.max_partials
    h = np.arange(1, n_partials + 1, dtype=float)
    amps = h ** -instrument.tilt
    amps[0] *= style.first_partial if voice else instrument.fundamental
    amps[1:7:2] *= instrument.even_gain
    phases = rng.uniform(0, 2 * np.pi, n_partials)
    tone = _partials(phase, f0, amps, phases, level=env, brightness=instrument.brightness)
    if voice:
        # Aspiration: noise pulsed with the glottal cycle, -6 dB/octave above 500 Hz (as in Klatt's
        # synthesiser: with the lips' +6 dB/octave it leaves the mouth flat), shaped by the vocal tract.
        breath = signal.lfilter([1 - BREATH_POLE], [1, -BREATH_POLE], rng.standard_normal(len(t)))
        tone += style.breathiness * breath * (0.6 + 0.4 * np.cos(phase))
        tone = _vocal_tract(tone * env, t, notes, syllables, instrument, midis)
        tone = np.diff(tone, prepend=0.0)  # radiation from the lips: +6 dB/octave
    else:
        tone *= env
        if style.breathiness:
            burst = 1.0 + instrument.attack_noise / max(style.breathiness, 1e-9) * np.exp(
                -np.clip(t - start, 0.0, None) / max(attack, 0.02)) * (t >= start)
            tone += style.breathiness * _band_noise(rng, len(t), instrument.noise_band_hz) * env * burst * 0.3
    steady = env > 0.5
    rms = float(np.sqrt(np.mean(tone[steady] ** 2))) if steady.any() else float(np.std(tone))
    tone *= 0.1 * 10 ** (rng.normal(0.0, 2.0) / 20) / max(rms, 1e-12)  # phrases differ by a few dB
    tone[-160:] *= np.linspace(1.0, 0.0, len(tone[-160:]))  # the release tail ends without a click
    out[i0:i1] += tone
    if voice:
        for i, (c, _, length) in enumerate(syllables):
            if c in UNVOICED_CONSONANTS:
                _add_unvoiced(out, c, onsets[i], length, rng)
        if rng.random() < 0.4:
            _add_breath(out, onsets[0] - pre, rng)


def _vocal_tract(source: np.ndarray, t: np.ndarray, notes: list[Sounded], syllables: list[Syllable],
                 instrument: Instrument, midis: np.ndarray) -> np.ndarray:
    """Filter a phrase's glottal source through each syllable's formants, cross-faded (20 ms)."""
    scale = instrument.formant_scale
    bws = tuple(b * scale for b in FORMANT_BANDWIDTHS)
    segments: list[tuple[float, np.ndarray]] = []  # (start s, sos)
    for i, (c, v, length) in enumerate(syllables):
        if c in VOICED_CONSONANTS:
            formants, bandwidths, _, _ = VOICED_CONSONANTS[c]
            segments.append((notes[i].onset - length, _resonators([f * scale for f in formants], bandwidths)))
        f = [x * scale for x in VOWELS[v]]
        f0 = float(midi_to_hz(midis[i]))
        f[0] = max(f[0], 1.1 * f0)  # a soprano opens the vowel so F1 rides above the fundamental
        f[1] = max(f[1], f[0] + 250.0)
        segments.append((notes[i].onset, _resonators(f, bws)))
    fade = 0.02
    warm = int(0.03 * SR)
    out = np.zeros(len(source))
    starts = [max(s, t[0]) for s, _ in segments] + [t[-1] + 1.0]
    for k, (_, sos) in enumerate(segments):
        a = starts[k] if k else t[0] - 1.0
        b = starts[k + 1]
        w = np.clip((t - (a - fade / 2)) / fade, 0.0, 1.0) - np.clip((t - (b - fade / 2)) / fade, 0.0, 1.0)
        nz = np.flatnonzero(w > 0)
        if len(nz) == 0:
            continue
        j0, j1 = max(int(nz[0]) - warm, 0), int(nz[-1]) + 1
        out[j0:j1] += signal.sosfilt(sos, source[j0:j1]) * w[j0:j1]
    return out


def _add_unvoiced(out: np.ndarray, consonant: str, vowel_onset: float, length: float,
                  rng: np.random.Generator) -> None:
    """A fricative hiss or a plosive burst ending at the vowel's onset."""
    band, level, _ = UNVOICED_CONSONANTS[consonant]
    i0 = int((vowel_onset - length) * SR)
    n = int(length * SR)
    if i0 < 0 or i0 + n > len(out):
        return
    tt = np.arange(n) / SR
    if consonant == "t":
        env = np.where(tt > length - 0.015, np.exp(-(tt - (length - 0.015)) / 0.006), 0.0)  # closure, burst
    else:
        env = _smoothstep(tt / 0.02) * _smoothstep((length - tt) / 0.01)
    out[i0:i0 + n] += 0.1 * level * env * _band_noise(rng, n, band)


def _add_breath(out: np.ndarray, phrase_start: float, rng: np.random.Generator) -> None:
    """A quiet inhalation just before a phrase."""
    length = float(rng.uniform(0.25, 0.4))
    i1 = int((phrase_start - float(rng.uniform(0.08, 0.15))) * SR)
    i0 = i1 - int(length * SR)
    if i0 < 0:
        return
    n = i1 - i0
    out[i0:i1] += 0.01 * np.hanning(n) * _band_noise(rng, n, (600.0, 3000.0))


def _add_decaying(out: np.ndarray, note: Sounded, instrument: Instrument, rng: np.random.Generator) -> None:
    """A struck (piano) or plucked (guitar) note: stretched partials that decay, damped at its end."""
    piano = instrument.family == "keyboard"
    damp = instrument.release_s
    length = note.duration + 6 * damp
    i0 = int(note.onset * SR)
    n = min(int(length * SR), len(out) - i0)
    if n <= 16:
        return
    t = np.arange(n) / SR
    f1 = float(midi_to_hz(note.midi))
    b = float(np.clip(instrument.inharmonicity * 2 ** ((note.midi - 60) / 18), 1e-6, 2e-3))
    t60 = instrument.decay_s * 2 ** (-(note.midi - 60) / 24)
    if not piano:
        # A plucked string starts a few cents sharp (tension) and settles within ~50 ms.
        sharp, tau = float(rng.uniform(0.0005, 0.005)), float(rng.uniform(0.03, 0.06))
        t = t + sharp * tau * (1.0 - np.exp(-t / tau))
    pluck = float(rng.uniform(0.12, 0.25))
    hardness = float(rng.uniform(4.0, 10.0))
    acc = np.zeros(n, complex)
    total = 0.0
    for h in range(1, instrument.max_partials + 1):
        fh = h * f1 * np.sqrt((1 + b * h * h) / (1 + b))
        if fh > MAX_PARTIAL_HZ:
            break
        if piano:
            a = np.exp(-(h - 1) / hardness) / h
            t60_h = t60 / (1 + 0.12 * (h - 1) ** 1.2)
        else:
            a = abs(np.sin(np.pi * h * pluck)) / h
            t60_h = t60 / (1 + 0.3 * (h - 1))
        k = 6.91 / t60_h
        c = a * np.exp(1j * rng.uniform(0, 2 * np.pi))
        acc += c * np.exp((-k + 2j * np.pi * fh) * t)
        if piano and h <= 6:
            # A second string of the unison, a cent or so apart: the beating of a real piano.
            detune = 2 ** (float(rng.uniform(-1.5, 1.5)) / 1200)
            acc += c * np.exp((-k * 1.2 + 2j * np.pi * fh * detune) * t)
        total += a * a
    x = acc.imag / np.sqrt(max(total, 1e-12))
    x *= _smoothstep(t / max(instrument.attack_s[0], 1e-3))
    x *= np.where(t > note.duration, np.exp(-(t - note.duration) / damp), 1.0)
    knock = int(0.004 * SR)
    x[:knock] += 0.3 * rng.standard_normal(knock) * np.linspace(1, 0, knock)
    out[i0:i0 + n] += 0.12 * note.gain * x


def _add_clap(out: np.ndarray, at: float, rng: np.random.Generator) -> None:
    """A hand clap (three quick noise bursts, 0.7-3.5 kHz) at ``at`` seconds."""
    n = int(0.08 * SR)
    i0 = int(at * SR)
    if i0 < 0 or i0 + n > len(out):
        return
    x = np.zeros(n)
    tt = np.arange(n)
    for _ in range(3):
        j = int(rng.uniform(0, 0.01) * SR)
        x[j:] += rng.standard_normal(n - j) * np.exp(-tt[: n - j] / (0.006 * SR)) * rng.uniform(0.5, 1.0)
    sos = signal.butter(2, [700.0, 3500.0], btype="bandpass", fs=SR, output="sos")
    x = signal.sosfilt(sos, x)
    out[i0:i0 + n] += float(rng.uniform(0.3, 0.6)) * x / max(float(np.abs(x).max()), 1e-12)


# -------------------------------------------------------------------------------------- rooms, channels

# Octave bands (Hz) and how a room's reverberation time there compares with the mid-band request.
ROOM_BANDS_HZ = (125.0, 250.0, 500.0, 1000.0, 2000.0, 4000.0, 8000.0)
ROOM_BAND_RT_FACTORS = (1.3, 1.15, 1.0, 1.0, 1.0, 0.8, 0.6)


def room_impulse_response(rt60_s: float, *, rng: np.random.Generator, predelay_s: float | None = None,
                          n_early: int = 8) -> np.ndarray:
    """The reverberant part of a room's impulse response (no direct sound), shape (n,) at ``SR``.

    ``rt60_s`` (0.3-1.2 s typical) is the reverberation time of the 500-2000 Hz octaves; lower
    octaves ring longer (x1.3 at 125 Hz), higher ones shorter (x0.6 at 8 kHz). After
    ``predelay_s`` (default 2-12 ms) come ``n_early`` discrete early reflections over ~30 ms,
    then exponentially decaying Gaussian noise (the diffuse tail). Unit energy.
    """
    predelay = float(rng.uniform(0.002, 0.012)) if predelay_s is None else predelay_s
    n = int((predelay + 2.0 * rt60_s * max(ROOM_BAND_RT_FACTORS)) * SR)
    t = np.arange(n) / SR
    spec = np.fft.rfft(rng.standard_normal(n))
    freqs = np.fft.rfftfreq(n, 1 / SR)
    logf = np.log2(np.maximum(freqs, 1.0))
    centres = np.log2(ROOM_BANDS_HZ)
    tail = np.zeros(n)
    t_tail = predelay + 0.005
    for b, (c, factor) in enumerate(zip(centres, ROOM_BAND_RT_FACTORS, strict=True)):
        # Triangular weights in log frequency: they sum to one between the outer centres.
        w = np.clip(1.0 - np.abs(logf - c), 0.0, 1.0)
        if b == 0:
            w[logf < c] = 1.0
        if b == len(centres) - 1:
            w[logf > c] = 1.0
        band = np.fft.irfft(spec * w, n)
        tail += band * np.exp(-6.91 * np.clip(t - t_tail, 0.0, None) / (rt60_s * factor))
    tail *= _smoothstep((t - t_tail) / 0.015)
    tail /= np.sqrt(np.sum(tail ** 2))
    early = np.zeros(n)
    for at in np.sort(rng.uniform(predelay, predelay + 0.03, n_early)):
        i = int(at * SR)
        amp = float(rng.uniform(0.3, 0.8)) * np.exp(-6.91 * at / rt60_s) * rng.choice([-1.0, 1.0])
        early[i:i + 3] += amp * np.array([0.25, 0.5, 0.25])[: len(early[i:i + 3])]
    early *= np.sqrt(0.25 / max(float(np.sum(early ** 2)), 1e-12))  # early energy: a quarter of the tail's
    ir = tail + early
    return ir / np.sqrt(np.sum(ir ** 2))


def schroeder_rt60(ir: np.ndarray, *, band_hz: tuple[float, float] | None = (500.0, 2000.0),
                   fit_db: tuple[float, float] = (-5.0, -35.0)) -> float:
    """Reverberation time (s) of an impulse response by Schroeder backward integration.

    The energy decay curve of ``ir`` (band-passed to ``band_hz`` if given) is fitted by a line
    between ``fit_db`` levels and extrapolated to -60 dB (T30 by default).
    """
    x = ir
    if band_hz is not None:
        sos = signal.butter(3, band_hz, btype="bandpass", fs=SR, output="sos")
        x = signal.sosfiltfilt(sos, ir)
    edc = np.cumsum((x ** 2)[::-1])[::-1]
    edc_db = 10 * np.log10(np.maximum(edc / edc[0], 1e-30))
    i0 = int(np.argmax(edc_db <= fit_db[0]))
    i1 = int(np.argmax(edc_db <= fit_db[1]))
    slope = np.polyfit(np.arange(i0, i1) / SR, edc_db[i0:i1], 1)[0]
    return -60.0 / slope


def apply_room(x: np.ndarray, ir: np.ndarray, *, drr_db: float) -> tuple[np.ndarray, float]:
    """Direct sound plus ``x`` convolved with ``ir`` (FFT), mixed at a direct-to-reverberant ratio.

    Returns the wet take (same length as ``x``; the tail past its end is cut) and the wet share of
    the energy (0-1). ``drr_db`` of 0 dB is a phone across a practice room; +9 dB is close up.
    """
    wet = signal.fftconvolve(x, ir)[: len(x)]
    e_ir = float(np.sum(ir ** 2))
    g = np.sqrt(1.0 / (e_ir * 10 ** (drr_db / 10)))
    share = g * g * e_ir / (1.0 + g * g * e_ir)
    return x + g * wet, float(share)


def _active_power(x: np.ndarray) -> float:
    """Mean power of the 20 ms frames within 30 dB of the loudest (the music, not the silences)."""
    n = len(x) // 320 * 320
    p = np.mean(x[:n].reshape(-1, 320) ** 2, axis=1)
    return float(np.mean(p[p > p.max() * 1e-3])) if n else 0.0


def pink_noise(rng: np.random.Generator, n: int) -> np.ndarray:
    """Noise with a 1/f power spectrum above 20 Hz, unit RMS, shape (n,)."""
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, 1 / SR)
    spec /= np.sqrt(np.maximum(f, 20.0))
    y = np.fft.irfft(spec, n)
    return y / max(float(np.std(y)), 1e-12)


def add_room_noise(x: np.ndarray, *, snr_db: float, rng: np.random.Generator, mains_hz: float = 50.0,
                   hum_db: float = -6.0) -> np.ndarray:
    """Add room tone: pink noise plus mains hum (``hum_db`` against the pink noise's power), at
    ``snr_db`` below the music's active level."""
    n = len(x)
    t = np.arange(n) / SR
    hum = sum(a * np.sin(2 * np.pi * mains_hz * k * t + rng.uniform(0, 2 * np.pi))
              for k, a in ((1, 1.0), (2, 0.4), (3, 0.5), (5, 0.25)))
    hum = hum / max(float(np.std(hum)), 1e-12) * 10 ** (hum_db / 20)
    noise = pink_noise(rng, n) + hum
    noise *= np.sqrt(_active_power(x) / 10 ** (snr_db / 10) / float(np.mean(noise ** 2)))
    return x + noise


def phone_band(x: np.ndarray) -> np.ndarray:
    """A telephone's 300-3400 Hz band (4th-order Butterworth band-pass, causal)."""
    sos = signal.butter(4, [300.0, 3400.0], btype="bandpass", fs=SR, output="sos")
    return signal.sosfilt(sos, x)


def normalise(x: np.ndarray, *, peak_dbfs: float) -> np.ndarray:
    """Scale so the highest sample sits at ``peak_dbfs`` (never clips below 0 dBFS); float32."""
    return (x * 10 ** (peak_dbfs / 20) / max(float(np.abs(x).max()), 1e-12)).astype(np.float32)


@dataclass(frozen=True)
class Channel:
    """How a take reaches the grader: phone band or not, then a codec (None: 16-bit WAV)."""

    phone: bool
    codec: str | None
    suffix: str
    rate_hz: int = SR
    bit_rate: int = 0


CHANNELS: dict[str, Channel] = {
    "wav": Channel(False, None, ".wav"),
    "flac": Channel(False, "flac", ".flac"),
    "opus-webm": Channel(False, "libopus", ".webm", 48_000, 24_000),
    "opus-ogg": Channel(False, "libopus", ".ogg", 48_000, 24_000),
    "aac-m4a": Channel(False, "aac", ".m4a", 44_100, 48_000),
    "mp3": Channel(False, "libmp3lame", ".mp3", 22_050, 40_000),
    "phone-aac": Channel(True, "aac", ".m4a", 44_100, 32_000),
    "phone-opus": Channel(True, "libopus", ".webm", 48_000, 24_000),
}
# Samples (at the codec's rate) an encoder puts before the audio without telling the decoder:
# FFmpeg's AAC priming in an MP4 written frame by frame. Dropped so the labels hold as written.
ENCODER_DELAY = {"aac": 1024}
FRAME_SAMPLES = {"libopus": 960, "aac": 1024, "libmp3lame": 1152, "flac": 4096}


def write_audio(path: Path, x: np.ndarray, channel: Channel) -> Path:
    """Write mono ``x`` (at ``SR``, within [-1, 1]) through ``channel``'s codec with PyAV."""
    from tests.grading.analysis.synth import write_wav

    if channel.codec is None:
        return write_wav(path, x)
    import av
    from scipy.signal import resample_poly

    rate = channel.rate_hz
    y = np.asarray(x, np.float64)
    if rate != SR:
        from math import gcd

        g = gcd(rate, SR)
        y = resample_poly(y, rate // g, SR // g)
    y = np.clip(y[ENCODER_DELAY.get(channel.codec, 0):], -1.0, 1.0)
    formats = [f.name for f in av.Codec(channel.codec, "w").audio_formats or []]
    fmt = next(f for f in ("flt", "fltp", "s16", "s16p") if f in formats)
    data = (y * 32767).astype(np.int16) if fmt.startswith("s16") else y.astype(np.float32)
    with av.open(str(path), "w") as container:
        stream = container.add_stream(channel.codec, rate=rate)
        stream.layout = "mono"
        if channel.bit_rate:
            stream.bit_rate = channel.bit_rate
        fifo = av.AudioFifo()
        frame = av.AudioFrame.from_ndarray(data[None, :], format=fmt, layout="mono")
        frame.sample_rate = rate
        frame.pts = 0
        fifo.write(frame)
        size = FRAME_SAMPLES.get(channel.codec, 1024)
        while (chunk := fifo.read(size)) is not None:
            for packet in stream.encode(chunk):
                container.mux(packet)
        rest = fifo.read()
        if rest is not None:
            for packet in stream.encode(rest):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return Path(path)


# ------------------------------------------------------------------------------------- capture chain
# What a phone, a browser or a headset does to a take after the microphone, before the file. None is
# drawn by ``draw_spec`` (the seeds' takes stay as they were); ``benchmarks/robustness.py --capture``
# puts every take through one or more, in the order a capture chain applies them.
CAPTURES = ("clipped", "dc", "agc", "denoise", "bt-msbc", "bt-cvsd", "rate8k", "rate22k", "rate44k",
            "rate48k", "stereo-silent", "stereo-antiphase", "silent-start")
# Effects that decide how the file is written (16-bit WAV at this rate: a DC offset would not survive
# a codec's high-pass), replacing the take's codec.
CAPTURE_RATES_HZ = {"dc": SR, "bt-msbc": 16_000, "bt-cvsd": 8_000, "rate8k": 8_000, "rate22k": 22_050,
                    "rate44k": 44_100, "rate48k": 48_000, "stereo-silent": 48_000, "stereo-antiphase": 48_000}


def _one_pole(x: np.ndarray, up_s: float, down_s: float, *, rate_hz: float) -> np.ndarray:
    """Envelope follower of a level ``x`` (n,) at ``rate_hz``: rises with time constant ``up_s``,
    falls with ``down_s``."""
    a_up = float(np.exp(-1.0 / (up_s * rate_hz)))
    a_down = float(np.exp(-1.0 / (down_s * rate_hz)))
    out = np.empty_like(x)
    state = float(x[0]) if len(x) else 0.0
    for i, v in enumerate(x.tolist()):
        a = a_up if v > state else a_down
        state = a * state + (1.0 - a) * v
        out[i] = state
    return out


def automatic_gain(x: np.ndarray, *, rng: np.random.Generator) -> np.ndarray:
    """A phone's AGC: a fast-attack (5-10 ms), slow-release (0.3-1 s) gain riding the level to one
    target, up to 12-30 dB of boost. A held note is pumped flat, a decaying one lifted, and the room
    tone between phrases rises as the gain recovers."""
    target_db = float(rng.uniform(-20.0, -12.0))
    max_gain_db = float(rng.uniform(12.0, 30.0))
    # The level is followed on 1 ms blocks (the loop in Python stays fast), then interpolated.
    block = SR // 1000
    n = len(x) // block * block
    rms = np.sqrt(np.mean(np.square(x[:n]).reshape(-1, block), axis=1) + 1e-12)
    level = _one_pole(rms, float(rng.uniform(0.005, 0.010)), float(rng.uniform(0.3, 1.0)), rate_hz=SR / block)
    gain_db = np.clip(target_db - 20 * np.log10(np.maximum(level, 1e-9)), -20.0, max_gain_db)
    gain = np.interp(np.arange(len(x)), np.arange(len(gain_db)) * block + block / 2, 10 ** (gain_db / 20))
    return np.clip(x * gain, -1.0, 1.0)


def suppress_noise(x: np.ndarray, *, rng: np.random.Generator) -> np.ndarray:
    """A phone app's or a call's noise suppression, as WebRTC NS and RNNoise-style suppressors do it.

    - Each bin's noise is estimated by minimum statistics (its 100 ms smoothed power, the minimum
      over the last 0.5-1.5 s, 1.5 times for its bias), so a note held longer than that window is
      taken for noise.
    - Each bin and frame keeps ``1 - over * noise / power`` of its power, over-subtracted 1-2.5
      times, unsmoothed (the twinkling bins of musical noise), but never less than a floor 12-24 dB
      down (WebRTC's suppression levels are 6-21 dB): a held note is attenuated, not deleted.
    - A voice-activity gate: frames whose 30 ms level is within 3-6 dB of the noise level are
      zeroed once a 60-200 ms hangover has run out, and open again with no look-ahead. The noise
      level follows quieter frames with a 0.1 s time constant and louder ones with 0.5 s, only on
      frames the gate calls noise, so singing never becomes the noise. Between notes the file is
      digital silence; a soft attack is cut until it clears the gate, a note's soft tail after the
      hangover.

    ``x`` (n,) at ``SR``; returns the same length.
    """
    from scipy.ndimage import maximum_filter1d, minimum_filter1d, uniform_filter1d

    nfft, hop = 512, 128
    frames_per_s = SR / hop
    window = np.hanning(nfft)
    _, _, spec = signal.stft(x, fs=SR, window=window, nperseg=nfft, noverlap=nfft - hop)
    power = np.abs(spec) ** 2  # (bins, frames)

    def trailing_min(v: np.ndarray, span: int) -> np.ndarray:  # over the ``span`` frames up to each
        return minimum_filter1d(v, size=span, axis=-1, origin=(span - 1) // 2, mode="nearest")

    smooth = uniform_filter1d(power, size=int(0.1 * frames_per_s), axis=1)
    noise = 1.5 * trailing_min(smooth, int(float(rng.uniform(0.5, 1.5)) * frames_per_s)) + 1e-20
    over = float(rng.uniform(1.0, 2.5))
    floor = 10 ** (-float(rng.uniform(12.0, 24.0)) / 20)
    gain = np.maximum(np.sqrt(np.clip(1.0 - over * noise / np.maximum(power, 1e-20), 0.0, 1.0)), floor)

    level_db = 10 * np.log10(uniform_filter1d(power.sum(axis=0), size=max(1, int(0.03 * frames_per_s))) + 1e-20)
    open_db = float(rng.uniform(3.0, 6.0))
    fall = 1.0 - float(np.exp(-1.0 / (0.1 * frames_per_s)))
    rise = 1.0 - float(np.exp(-1.0 / (0.5 * frames_per_s)))
    above = np.zeros(len(level_db), dtype=bool)
    noise_db = float(np.median(level_db[: max(1, int(0.25 * frames_per_s))]))
    for i, v in enumerate(level_db.tolist()):
        if v >= noise_db + open_db:
            above[i] = True
        else:
            noise_db += (fall if v < noise_db else rise) * (v - noise_db)
    hang = max(1, int(float(rng.uniform(0.06, 0.2)) * frames_per_s))
    gate_open = maximum_filter1d(above.astype(np.uint8), size=hang, origin=(hang - 1) // 2, mode="constant") > 0
    gain[:, ~gate_open] = 0.0
    _, y = signal.istft(spec * gain, fs=SR, window=window, nperseg=nfft, noverlap=nfft - hop)
    y = y[: len(x)]
    return np.pad(y, (0, len(x) - len(y)))


def bluetooth_msbc(x: np.ndarray, *, rng: np.random.Generator) -> np.ndarray:
    """A headset's wideband call (mSBC): 16 kHz, 100-7000 Hz, sub-band quantisation noise about
    30 dB under each 7.5 ms frame, and 1-3 % of frames lost and repeated by concealment."""
    sos = signal.butter(4, [100.0, 7000.0], btype="bandpass", fs=SR, output="sos")
    y = signal.sosfilt(sos, x)
    frame = int(0.0075 * SR)
    n = len(y) // frame * frame
    frames = y[:n].reshape(-1, frame).copy()
    frame_rms = np.sqrt(np.mean(frames ** 2, axis=1, keepdims=True))
    frames += rng.standard_normal(frames.shape) * frame_rms * 10 ** (-30 / 20)
    lost = np.flatnonzero(rng.random(len(frames)) < rng.uniform(0.01, 0.03))
    for i in lost[lost > 0]:
        frames[i] = frames[i - 1]
    return np.concatenate([frames.reshape(-1), y[n:]])


def bluetooth_cvsd(x: np.ndarray, *, rng: np.random.Generator) -> np.ndarray:
    """A headset's narrowband call (CVSD, 8 kHz): 300-3400 Hz, granular noise about 22 dB under
    the signal and slope overload (a delta modulator lagging steep waveforms: a soft low-pass)."""
    sos = signal.butter(4, [300.0, 3400.0], btype="bandpass", fs=SR, output="sos")
    y = signal.sosfilt(sos, x)
    y = signal.sosfilt(signal.butter(1, 2000.0, fs=SR, output="sos"), y)
    env = np.sqrt(signal.sosfilt(signal.butter(1, 20.0, fs=SR, output="sos"), y ** 2).clip(0))
    return y + rng.standard_normal(len(y)) * env * 10 ** (-22 / 20)


def apply_capture(x: np.ndarray, captures: Sequence[str], *, rng: np.random.Generator) -> np.ndarray:
    """Put ``x`` (at ``SR``, normalised) through the signal effects among ``captures`` (``silent-start``
    and the file's rate and channels are ``make_take``'s and ``write_captured``'s)."""
    y = np.asarray(x, np.float64)
    for name in captures:
        if name == "clipped":  # a loud singer close to the phone: the peaks 4-10 dB over full scale
            y = np.clip(y * 10 ** (float(rng.uniform(4.0, 10.0)) / 20) / max(float(np.abs(y).max()), 1e-12),
                        -1.0, 1.0)
        elif name == "dc":  # a cheap converter's offset: 1-8 % of full scale
            y = np.clip(y + float(rng.choice([-1.0, 1.0]) * rng.uniform(0.01, 0.08)), -1.0, 1.0)
        elif name == "agc":
            y = automatic_gain(y, rng=rng)
        elif name == "denoise":
            y = suppress_noise(y, rng=rng)
        elif name == "bt-msbc":
            y = bluetooth_msbc(y, rng=rng)
        elif name == "bt-cvsd":
            y = bluetooth_cvsd(y, rng=rng)
        elif name not in CAPTURE_RATES_HZ and name != "silent-start":
            raise ValueError(f"unknown capture effect {name!r}")
    return y


def write_captured(path: Path, x: np.ndarray, captures: Sequence[str], *, rng: np.random.Generator) -> Path:
    """Write ``x`` (at ``SR``) as 16-bit WAV at the rate and with the channels ``captures`` ask for:
    a stereo file has one channel silent (``stereo-silent``) or the second channel's polarity
    inverted with its own microphone noise (``stereo-antiphase``: a mono downmix cancels it)."""
    import wave
    from math import gcd

    from scipy.signal import resample_poly

    rate = next((CAPTURE_RATES_HZ[c] for c in reversed(captures) if c in CAPTURE_RATES_HZ), SR)
    y = np.asarray(x, np.float64)
    if rate != SR:
        g = gcd(rate, SR)
        y = resample_poly(y, rate // g, SR // g)
    if "stereo-silent" in captures:
        pair = [y, np.zeros_like(y)]
        data = np.stack(pair[:: int(rng.choice([1, -1]))], axis=1)
    elif "stereo-antiphase" in captures:
        hiss = rng.standard_normal((len(y), 2)) * 10 ** (-80 / 20)
        data = np.stack([y, -y], axis=1) + hiss
    else:
        data = y[:, None]
    with wave.open(str(path), "wb") as w:
        w.setnchannels(data.shape[1])
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((np.clip(data, -1.0, 1.0) * 32767).round().astype("<i2").tobytes())
    return Path(path)


# ------------------------------------------------------------------------------------------------ takes


@dataclass(frozen=True)
class TakeSpec:
    """Everything that decides one take; ``draw_spec`` makes it from (seed, index) alone."""

    id: str
    seed: int
    index: int
    instrument: str
    rt60_s: float | None  # None: a dry room
    drr_db: float
    channel: str
    snr_db: float
    mains_hz: float
    level_dbfs: float
    errors: bool  # dev-style pitch and timing mistakes planted
    events: tuple[str, ...]
    transposition: float  # semitones the performer moves the whole take
    n_notes: int
    capture: tuple[str, ...] = ()  # ``CAPTURES`` effects, in order (never drawn: ``--capture``)

    @property
    def any_key(self) -> bool:
        return "transposed" in self.events or "drift" in self.events

    @property
    def free_tempo(self) -> bool:
        return "free-tempo" in self.events

    @property
    def room(self) -> str:
        if self.rt60_s is None:
            return "dry"
        return "rt0.3-0.6" if self.rt60_s < 0.6 else ("rt0.6-0.9" if self.rt60_s < 0.9 else "rt0.9-1.2")

    @property
    def noise(self) -> str:
        return "snr10-25" if self.snr_db < 30 else "snr35-50"

    @property
    def tags(self) -> set[str]:
        """Words ``--only`` filters on: instrument, family, room, channel parts, noise, events."""
        tags = {self.instrument, INSTRUMENTS[self.instrument].family, self.room, self.channel, self.noise,
                *self.channel.split("-"), *self.events}
        tags.add("reverb" if self.rt60_s is not None else "dry")
        tags.add("noisy" if self.snr_db < 30 else "quiet")
        tags.add("errors" if self.errors else "no-errors")
        if not self.errors and not self.events:
            tags.add("clean")
        if self.any_key:
            tags.add("any-key")
        tags.update(self.capture)
        return tags

    @property
    def condition(self) -> str:
        room = "dry" if self.rt60_s is None else f"rt{self.rt60_s:.1f}"
        return f"{room}+{self.channel}+snr{self.snr_db:.0f}" + "".join(f"+{c}" for c in self.capture)


def draw_spec(seed: int, index: int) -> TakeSpec:
    """The conditions of take ``index`` of the set ``seed`` (independent of every other take).

    Every fifth take is clean (no planted mistake or event). The others feature, in turn, one of
    ``EVENTS`` or none ("errors only"), so each kind turns up in about one take in fourteen
    whatever the seed; a second event joins a quarter of them. Planted pitch and timing mistakes
    come with 85 % of the non-clean takes (always when no event is featured). Rooms, channels,
    noise, level, length and the second event are drawn at random.
    """
    rng = np.random.default_rng([seed, index, 0])
    clean = index % 5 == 0
    slot = (index - index // 5 - 1) % (len(EVENTS) + 1)
    featured = None if clean or slot == len(EVENTS) else EVENTS[slot]
    # Instruments take turns too (13 of them, a period prime to the events'), except where the
    # featured event needs a singer.
    instrument = list(INSTRUMENTS)[(index + seed) % len(INSTRUMENTS)]
    if featured == "octave-below" and instrument not in ("tenor", "bass"):
        instrument = str(rng.choice(["tenor", "bass"]))
    elif featured == "drift" and instrument not in VOICES:
        instrument = str(rng.choice(VOICES))
    voice = instrument in VOICES
    rt60 = None if rng.random() < 0.2 else round(float(rng.uniform(0.3, 1.2)), 2)
    drr = float(rng.uniform(-3.0, 9.0))
    names = list(CHANNELS)
    channel = str(rng.choice(names, p=[0.2, 0.1, 0.15, 0.1, 0.15, 0.1, 0.1, 0.1]))
    snr = float(rng.uniform(10.0, 25.0) if rng.random() < 0.35 else rng.uniform(35.0, 50.0))
    mains = float(rng.choice([50.0, 60.0]))
    level = float(rng.uniform(-20.0, -1.0))
    n_notes = int(rng.integers(10, 41))
    errors, events = False, ()
    if not clean:
        errors = featured is None or rng.random() < 0.85
        events = () if featured is None else (featured,)
        others = [e for e in EVENTS if e not in events and (e != "drift" or voice)
                  and (e != "octave-below" or instrument in ("tenor", "bass"))
                  and {e, featured} != {"transposed", "octave-below"}]
        if featured is not None and rng.random() < 0.25:
            events += (str(rng.choice(others)),)
    transposition = 0.0
    if "transposed" in events:
        transposition = float(rng.choice([s for s in range(-13, 14) if s])) + float(rng.uniform(-0.45, 0.45))
    elif "drift" in events:
        transposition = float(rng.uniform(-0.3, 0.3))
    elif "octave-below" in events:
        transposition = -12.0
    return TakeSpec(f"s{seed}-{index:04d}", seed, index, instrument, rt60, round(drr, 1), channel,
                    round(snr, 1), mains, round(level, 1), bool(errors), events, round(transposition, 3),
                    n_notes)


def room_and_channel(x: np.ndarray, spec: Any, *, rng: np.random.Generator, path: Path,
                     silent_start_s: float = 0.0) -> tuple[np.ndarray, float, Path]:
    """A dry take through ``spec``'s room, room tone, phone band, level, capture chain and codec,
    written to ``path`` plus the channel's suffix (``.wav`` when the capture decides the file),
    after ``silent_start_s`` of digital silence.

    ``spec`` is a ``TakeSpec`` or anything with its ``rt60_s``, ``drr_db``, ``snr_db``,
    ``mains_hz``, ``channel`` and ``level_dbfs`` (``benchmarks/sampled.py`` passes its own).
    Returns the samples as written (before the codec), the wet share of the energy and the file.
    """
    x = np.asarray(x, np.float64)
    wet_share = 0.0
    if spec.rt60_s is not None:
        x, wet_share = apply_room(x, room_impulse_response(spec.rt60_s, rng=rng), drr_db=spec.drr_db)
    x = add_room_noise(x, snr_db=spec.snr_db, rng=rng, mains_hz=spec.mains_hz,
                       hum_db=float(rng.uniform(-12.0, 0.0)))
    channel = CHANNELS[spec.channel]
    if channel.phone:
        x = phone_band(x)
    x = normalise(x, peak_dbfs=spec.level_dbfs)
    captures = tuple(getattr(spec, "capture", ()))
    if captures:
        x = np.concatenate([np.zeros(int(round(silent_start_s * SR))), apply_capture(x, captures, rng=rng)])
        if any(c in CAPTURE_RATES_HZ for c in captures):
            return x, wet_share, write_captured(path.with_name(path.name + ".wav"), x, captures, rng=rng)
    audio = write_audio(path.with_name(path.name + channel.suffix), x, channel)
    return x, wet_share, audio


def perform(spec: TakeSpec) -> tuple[Melody, Performance, np.ndarray, np.random.Generator]:
    """``spec``'s melody, its performance and the dry sound, with the generator ``room_and_channel``
    goes on drawing from (so a take is the same whoever renders it)."""
    rng = np.random.default_rng([spec.seed, spec.index, 1])
    instrument = INSTRUMENTS[spec.instrument]
    shift = round(spec.transposition)
    melody = make_melody(rng, low=instrument.low - shift, high=instrument.high - shift, n_notes=spec.n_notes)
    perf = plan_performance(melody, instrument, rng=rng, events=spec.events, errors=spec.errors,
                            transposition=spec.transposition, any_key=spec.any_key)
    return melody, perf, render(perf, instrument, rng=rng), rng


def make_take(spec: TakeSpec, out_dir: Path) -> dict[str, Any]:
    """Render ``spec`` into ``out_dir`` (score and audio) and return its manifest entry.

    The entry has the dev manifest's fields (``id``, ``target``, ``audio``, ``instrument``,
    ``condition``, ``tempo``, ``lead_in``, ``notes``) plus the take's conditions and events.
    """
    instrument = INSTRUMENTS[spec.instrument]
    melody, perf, x, rng = perform(spec)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = write_melody(out_dir / f"{spec.id}.musicxml", melody)
    labels, lead_in, silent_start = perf.labels, perf.lead_in, 0.0
    if "silent-start" in spec.capture:  # an app's 2-12 s of digital silence before the take
        silent_start = round(float(np.random.default_rng([spec.seed, spec.index, 2]).uniform(2.0, 12.0)), 3)
        lead_in += silent_start
        labels = [{**n, "played_onset": round(n["played_onset"] + silent_start, 4)}
                  if n.get("played_onset") is not None else n for n in labels]
    x, wet_share, audio = room_and_channel(x, spec, rng=rng, path=out_dir / spec.id, silent_start_s=silent_start)
    return {
        "id": spec.id,
        "target": target.name,
        "audio": audio.name,
        "instrument": spec.instrument,
        "condition": spec.condition,
        "tempo": melody.bpm,
        "lead_in": round(lead_in, 4),
        "notes": labels,
        "family": instrument.family,
        "room": {"rt60_s": spec.rt60_s, "drr_db": spec.drr_db if spec.rt60_s is not None else None,
                 "wet_share": round(wet_share, 3)},
        "channel": spec.channel,
        "snr_db": spec.snr_db,
        "level_dbfs": spec.level_dbfs,
        "transposition": spec.transposition,
        "reference_transposition": round(perf.reference, 3),
        "tempo_factor": round(perf.tempo_factor, 4),
        "meter": melody.meter,
        "key": melody.key_name,
        "events": list(spec.events),
        "errors": spec.errors,
        "options": {"any_key": spec.any_key, "free_tempo": spec.free_tempo},
        "tags": sorted(spec.tags),
        "seconds": round(len(x) / SR, 3),
        "spec": {k: v for k, v in asdict(spec).items() if k != "id" and (k != "capture" or v)},
    }

