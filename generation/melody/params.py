"""What a teacher (or a student's profile) asks of a drill.

:class:`DrillParams` holds concrete values: a level preset fills them in and
explicit choices override it (:meth:`DrillParams.preset`). ``validate`` raises
:class:`InvalidParams` for malformed values; :func:`check_feasible` (called by
the generator) raises :class:`InfeasibleRequest` for well-formed requests that
no drill can meet. Both name the constraint in a one-line message.

``to_dict``/``from_dict`` round-trip through JSON (the Django side stores it).
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from music.chord import parse_progression
from music.duration import NOTE_VALUES
from music.interval import parse_interval
from music.key import Key, key_pitches, make_key
from music.pitch import parse_pitch, parse_pitch_class, parse_range, pc_of, tonic_name
from music.scale import MODES

from .errors import InvalidParams, reading_params
from .rhythm import Vocabulary, all_rhythm_tags, parse_meter

KINDS = ("melody", "interval", "scale", "rhythm")
OUTPUTS = ("", "midi")
#: The learned model that weighs the next step: "" is the default (see generate.DEFAULT_MELODY_MODEL).
MELODY_MODELS = ("", "markov", "lstm")
#: Letter forms (``AABA``, ``AA'B``: a prime marks a varied return) or the two classical phrase shapes.
FORM_RE = re.compile(r"^(?:A'?(?:[A-H]'?){1,7}|period|sentence)$")
MIN_TEMPO_BPM, MAX_TEMPO_BPM = 20, 300
MAX_BARS = 64
MAX_RESTS = 4

#: Level presets: each is a set of defaults that explicit parameters override.
LEVELS: dict[int, dict[str, Any]] = {
    1: dict(bars=4, tempo=72, meter="4/4", durations=["whole", "half", "quarter"], dots=False, syncopation=False,
            triplets=False, ties=False, max_leap=4, accidentals=False, span=12, step_bias=5.0, leap_bias=0.3),
    2: dict(bars=8, tempo=80, meter="4/4", durations=["half", "quarter", "eighth"], dots=False, syncopation=False,
            triplets=False, ties=False, max_leap=5, accidentals=False, span=12, step_bias=2.0, leap_bias=0.6),
    3: dict(bars=8, tempo=88, meter="4/4", durations=["half", "quarter", "eighth"], dots=True, syncopation=False,
            triplets=False, ties=False, max_leap=7, accidentals=False, span=14, step_bias=1.0, leap_bias=0.8),
    4: dict(bars=8, tempo=96, meter="4/4", durations=["half", "quarter", "eighth", "16th"], dots=True,
            syncopation=True, triplets=False, ties=False, max_leap=9, accidentals=True, span=16, step_bias=1.0,
            leap_bias=0.9),
    5: dict(bars=12, tempo=100, meter="4/4", durations=["half", "quarter", "eighth", "16th"], dots=True,
            syncopation=True, triplets=True, ties=True, max_leap=12, accidentals=True, span=17, step_bias=1.0,
            leap_bias=1.0),
    6: dict(bars=16, tempo=108, meter="4/4", durations=["whole", "half", "quarter", "eighth", "16th"], dots=True,
            syncopation=True, triplets=True, ties=True, max_leap=12, accidentals=True, span=19, step_bias=0.9,
            leap_bias=1.1),
}
DEFAULT_LEVEL = 3

#: Comfortable ranges (lowest, highest) for voices and clefs; tenor sounds an octave below its treble part.
VOICE_RANGES: dict[str, tuple[str, str]] = {
    "soprano": ("C4", "G5"),
    "alto": ("G3", "C5"),
    "tenor": ("C3", "G4"),
    "baritone": ("A2", "E4"),
    "bass": ("F2", "C4"),
}
CLEF_RANGES: dict[str, tuple[str, str]] = {
    "treble": ("C4", "A5"),
    "bass": ("E2", "C4"),
    "alto": ("D3", "A4"),
    "tenor": ("B2", "F4"),
}


#: Seeds are NumPy SeedSequence entropy: a non-negative integer (kept within 63 bits for the database).
MAX_SEED = 2**63 - 1
#: Drill notes stay on the piano (A0-C8): every renderer and synthesiser plays them.
LOWEST_MIDI, HIGHEST_MIDI = 21, 108


@dataclass
class DrillParams:
    """Every knob of a drill. All fields are plain JSON types.

    ``tempo`` is in beats per minute of the meter's beat (a dotted quarter in
    6/8). ``low``/``high`` bound every note (inclusive). ``max_leap`` is in
    semitones. Targets: each of ``target_notes`` (``"F#4"`` or a pitch class
    ``"C#"``), ``target_intervals`` (``"+m6"``) and ``target_rhythms``
    (``"dotted-8th-16th"``) appears at least ``quota`` times in every window of
    ``quota_window`` bars (a trailing odd bar joins the window before it).
    ``progression`` (``"I V vi IV"``) gives one chord per bar, repeated; the
    notes on strong beats are then chord tones. ``rests`` (0..4) asks for that
    many entries after a rest in every quota window (a long note is cut short
    by a rest before the next one): practice for coming in on time.
    ``rhythm_pattern`` (``["quarter", "quarter", "eighth", "eighth", "half"]``,
    a value may be ``"dotted-quarter"`` or ``"triplet-eighth"``) is laid end to
    end from the first beat: every note of the drill takes it, in turn.
    ``form`` is letters (``"AABA"``, ``"AA'"``), ``"period"`` or ``"sentence"``;
    empty picks a form for the length. ``output`` ``"midi"`` asks for the note
    list as MIDI numbers as well as names. ``melody_model`` picks the learned
    model that weighs each step (``"markov"`` or ``"lstm"``; empty: the default).
    ``start_on_tonic``: ``True`` starts on the tonic; ``False`` frees the first
    note (the generator then prefers mi or sol); ``None`` (the default) lets the
    generator choose: a melody in a seven-note key starts on do, mi or sol as
    folk songs do, other drills on the tonic. ``start_degree`` (1..7, as 简谱:
    1 do, 3 mi, 5 sol; melodies only) pins the first note to that scale degree
    ("start on sol"); ``None`` leaves it to ``start_on_tonic``.
    """

    kind: str = "melody"
    key: str = "C"
    mode: str = "major"
    meter: str = "4/4"
    tempo: int = 88
    bars: int = 8
    low: str = "C4"
    high: str = "D5"
    clef: str = ""
    voice: str = ""
    durations: list[str] = field(default_factory=lambda: ["half", "quarter", "eighth"])
    dots: bool = True
    syncopation: bool = False
    triplets: bool = False
    ties: bool = False
    max_leap: int = 7
    allowed_intervals: list[str] = field(default_factory=list)
    accidentals: bool = False
    start_on_tonic: bool | None = None
    start_degree: int | None = None
    end_on_tonic: bool = True
    cadences: bool = True
    form: str = ""
    progression: str = ""
    target_notes: list[str] = field(default_factory=list)
    target_intervals: list[str] = field(default_factory=list)
    target_rhythms: list[str] = field(default_factory=list)
    rests: int = 0
    rhythm_pattern: list[str] = field(default_factory=list)
    output: str = ""
    melody_model: str = ""
    quota: int = 1
    quota_window: int = 2
    level: int = DEFAULT_LEVEL
    seed: int | None = None
    temperature: float = 1.0
    step_bias: float = 1.2
    leap_bias: float = 0.8
    syncopation_bias: float = 1.0
    target_bias: float = 1.5

    # ------------------------------------------------------------ building

    @classmethod
    def preset(cls, level: int = DEFAULT_LEVEL, **overrides: Any) -> DrillParams:
        """Level ``level`` (1..6) defaults, then ``overrides``; the range centres on the tonic.

        ``voice``/``clef`` set the range unless ``low``/``high`` (or ``range``
        as ``"C4-G5"``) are given.
        """
        if level not in LEVELS:
            raise InvalidParams(f"level: {level!r} is not one of 1..6")
        values = dict(LEVELS[level])
        span = values.pop("span")
        overrides = {k: v for k, v in overrides.items() if v is not None}
        with reading_params():
            rng = overrides.pop("range", None)
            if rng:
                overrides["low"], overrides["high"] = parse_range(str(rng))
            values.update(overrides)
            values["level"] = level
            if "low" not in overrides or "high" not in overrides:
                values["low"], values["high"] = default_range(
                    key=str(values.get("key", "C")),
                    span=span,
                    voice=str(values.get("voice", "")),
                    clef=str(values.get("clef", "")),
                    kind=str(values.get("kind", "melody")),
                )
                # A default range stretches to hold any target note given with its octave.
                for text in values.get("target_notes") or []:
                    midi, _ = parse_target_note(str(text))
                    if midi is not None:
                        if midi < parse_pitch(values["low"]).midi:
                            values["low"] = parse_pitch(str(text)).name
                        if midi > parse_pitch(values["high"]).midi:
                            values["high"] = parse_pitch(str(text)).name
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(values) - names)
        if unknown:
            raise InvalidParams(f"params: unknown parameter {unknown[0]!r}")
        params = cls(**values)
        params.validate()
        return params

    def replace(self, **changes: Any) -> DrillParams:
        params = dataclasses.replace(self, **changes)
        params.validate()
        return params

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DrillParams:
        """Inverse of :meth:`to_dict`; unknown keys are an error, missing keys take defaults."""
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - names)
        if unknown:
            raise InvalidParams(f"params: unknown parameter {unknown[0]!r}")
        values: dict[str, Any] = {k: (list(v) if isinstance(v, tuple) else v) for k, v in data.items()}
        params = cls(**values)
        params.validate()
        return params

    # ------------------------------------------------------------ checks

    def validate(self) -> None:
        """Raise :class:`InvalidParams` naming the first malformed field."""
        self._check_types()
        with reading_params():
            if self.kind not in KINDS:
                raise InvalidParams(f"kind: {self.kind!r} is not one of {', '.join(KINDS)}")
            parse_pitch_class(self.key)
            if self.mode not in MODES:
                raise InvalidParams(f"mode: {self.mode!r} is not one of {', '.join(MODES)}")
            parse_meter(self.meter)
            if not isinstance(self.tempo, int | float) or isinstance(self.tempo, bool):
                raise InvalidParams(f"tempo: {self.tempo!r} is not a number")
            if not MIN_TEMPO_BPM <= self.tempo <= MAX_TEMPO_BPM:
                raise InvalidParams(f"tempo: {self.tempo!r} is outside {MIN_TEMPO_BPM}..{MAX_TEMPO_BPM} bpm")
            if not isinstance(self.bars, int) or isinstance(self.bars, bool):
                raise InvalidParams(f"bars: {self.bars!r} is not a whole number")
            if not 1 <= self.bars <= MAX_BARS:
                raise InvalidParams(f"bars: {self.bars!r} is outside 1..{MAX_BARS}")
            if self.level not in LEVELS:
                raise InvalidParams(f"level: {self.level!r} is not one of 1..6")
            low, high = parse_pitch(self.low), parse_pitch(self.high)
            if low.midi == high.midi:  # "range C4 to C4" was said to have its low pitch above its high one
                raise InvalidParams(f"range: {self.low}-{self.high} is a single pitch; the low end must be below the high")
            if low.midi > high.midi:
                raise InvalidParams(f"range: {self.low}-{self.high} has its low pitch above its high pitch")
            for name, pitch in (("low", low), ("high", high)):
                if not LOWEST_MIDI <= pitch.midi <= HIGHEST_MIDI:
                    raise InvalidParams(f"{name}: {pitch.name} is outside the piano's range A0-C8")
            if self.voice and self.voice not in VOICE_RANGES:
                raise InvalidParams(f"voice: {self.voice!r} is not one of {', '.join(VOICE_RANGES)}")
            if self.clef and self.clef not in CLEF_RANGES:
                raise InvalidParams(f"clef: {self.clef!r} is not one of {', '.join(CLEF_RANGES)}")
            if not self.durations:
                raise InvalidParams("durations: the rhythm vocabulary is empty")
            for d in self.durations:
                if d not in NOTE_VALUES:
                    raise InvalidParams(f"durations: {d!r} is not one of {', '.join(NOTE_VALUES)}")
            if not isinstance(self.max_leap, int) or not 0 <= self.max_leap <= 24:
                raise InvalidParams(f"max_leap: {self.max_leap!r} semitones is outside 0..24")
            for text in self.allowed_intervals + self.target_intervals:
                parse_interval(text)
            for text in self.target_notes:
                parse_target_note(text)
            known = set(all_rhythm_tags())
            for tag in self.target_rhythms:
                if tag.removeprefix("rhy:") not in known:
                    raise InvalidParams(f"target_rhythms: {tag!r} is not one of {', '.join(sorted(known))}")
            if self.form and not FORM_RE.match(self.form):
                raise InvalidParams(f"form: {self.form!r} is not a form such as AABA, ABAC, AA', period or sentence")
            for value in self.rhythm_pattern:
                pattern_value(value)
            if self.melody_model not in MELODY_MODELS:
                raise InvalidParams(f"melody_model: {self.melody_model!r} is not one of markov, lstm")
            if self.output not in OUTPUTS:
                raise InvalidParams(f"output: {self.output!r} is not one of {', '.join(repr(o) for o in OUTPUTS)}")
            if self.progression:
                parse_progression(self.progression, make_key(self.key, self.mode))
            if isinstance(self.rests, bool) or not isinstance(self.rests, int) or not 0 <= self.rests <= MAX_RESTS:
                raise InvalidParams(f"rests: {self.rests!r} is outside 0..{MAX_RESTS} per window")
            if self.start_degree is not None and not 1 <= self.start_degree <= 7:
                raise InvalidParams(f"start_degree: {self.start_degree!r} is not a scale degree 1..7 (1 do, 3 mi, 5 sol)")
            if self.start_degree not in (None, 1) and self.start_on_tonic is True:
                raise InvalidParams(f"start_degree: {self.start_degree} is not the tonic, yet start_on_tonic is true")
            if not isinstance(self.quota, int) or not 1 <= self.quota <= 8:
                raise InvalidParams(f"quota: {self.quota!r} is outside 1..8")
            if not isinstance(self.quota_window, int) or not 1 <= self.quota_window <= 8:
                raise InvalidParams(f"quota_window: {self.quota_window!r} bars is outside 1..8")
            if not 0.05 <= self.temperature <= 5.0:  # not float(): 10**400 does not fit one
                raise InvalidParams(f"temperature: {self.temperature!r} is outside 0.05..5")
            for name in ("step_bias", "leap_bias", "syncopation_bias", "target_bias"):
                value = getattr(self, name)
                if not 0.0 < value <= 20.0:
                    raise InvalidParams(f"{name}: {value!r} is outside (0, 20]")
            if self.seed is not None and (isinstance(self.seed, bool) or not isinstance(self.seed, int)):
                raise InvalidParams(f"seed: {self.seed!r} is not an integer")
            if self.seed is not None and not 0 <= self.seed <= MAX_SEED:
                raise InvalidParams(f"seed: {self.seed!r} is outside 0..{MAX_SEED}")

    def _check_types(self) -> None:
        """Each field holds its declared kind of value: the checks below call ``.strip()`` on text and
        compare numbers, so a number for ``key`` or a list for ``meter`` (from JSON) would raise there."""
        for item in dataclasses.fields(self):
            value = getattr(self, item.name)
            # ``tempo`` is declared int, but a tempo of 92.5 is fine; its own check below names it.
            kind = "float" if item.name == "tempo" else str(item.type)
            described, holds = _TYPE_CHECKS.get(kind, ("", None))
            if holds is not None and not holds(value):
                raise InvalidParams(f"{item.name}: {_short(value)} is not {described}")

    # ------------------------------------------------------------ derived

    def vocabulary(self) -> Vocabulary:
        return Vocabulary(
            values=frozenset(Fraction(NOTE_VALUES[d]) for d in self.durations),
            dots=self.dots,
            syncopation=self.syncopation,
            triplets=self.triplets,
            ties=self.ties,
        )

    @property
    def range_text(self) -> str:
        return f"{self.low}-{self.high}"


def _is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    # A whole number is finite however large (``math.isfinite(10**400)`` raises: it does not fit a float).
    return not isinstance(value, bool) and (isinstance(value, int) or isinstance(value, float) and math.isfinite(value))


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


#: A field's declared type (as written: the module uses postponed annotations) -> (its name in a message, its check).
_TYPE_CHECKS: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "str": ("text", lambda v: isinstance(v, str)),
    "bool": ("true or false", lambda v: isinstance(v, bool)),
    "int": ("a whole number", _is_whole),
    "int | None": ("a whole number", lambda v: v is None or _is_whole(v)),
    "bool | None": ("true, false or null", lambda v: v is None or isinstance(v, bool)),
    "float": ("a number", _is_number),
    "list[str]": ("a list of text", lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v)),
}


def form_sections(form: str) -> list[str]:
    """The sections of a form in order: ``"AABA"`` -> A A B A, ``"AA'"`` -> A A', a period A A', a sentence A A' B C.

    >>> form_sections("period"), form_sections("ABA'C")
    (['A', "A'"], ['A', 'B', "A'", 'C'])
    """
    if form == "period":
        return ["A", "A'"]
    if form == "sentence":
        return ["A", "A'", "B", "C"]
    return re.findall(r"[A-H]'?", form)


def pattern_value(text: str) -> Fraction:
    """Quarter length of a pattern value: ``"quarter"`` 1, ``"dotted-quarter"`` 3/2, ``"triplet-eighth"`` 1/3."""
    base = text.removeprefix("dotted-").removeprefix("triplet-")
    if base not in NOTE_VALUES:
        raise InvalidParams(f"rhythm_pattern: {text!r} is not a note value such as quarter, dotted-quarter, "
                            "triplet-eighth")
    value = Fraction(NOTE_VALUES[base])
    if text.startswith("dotted-"):
        return value * Fraction(3, 2)
    if text.startswith("triplet-"):
        return value * Fraction(2, 3)
    return value


def parse_target_note(text: str) -> tuple[int | None, int]:
    """``"F#4"`` -> ``(66, 6)``; ``"C#"`` (any octave) -> ``(None, 1)``."""
    t = text.strip()
    if t and t[-1].isdigit():
        p = parse_pitch(t)
        return p.midi, p.pc
    return None, pc_of(t)


#: Where an unchanged treble voice (a class singing from the treble clef, the default) sings with ease:
#: lowest, highest and the centre a drill's range should sit around (MIDI; Bb3, F5, G4).
TREBLE_SINGABLE = (58, 77, 67)


def default_range(*, key: str, span: int, voice: str = "", clef: str = "", kind: str = "melody") -> tuple[str, str]:
    """A range for a level: the voice's range, else ``span`` semitones singable in the clef (treble by default).

    A treble-clef (or unspecified) drill sits in :data:`TREBLE_SINGABLE`; another clef's drill in its range.

    The range runs from the tonic or the dominant below it (the authentic and
    plagal ranges of a tune; a scale drill's from the tonic) to ``span`` semitones above, whichever sits
    nearest the middle of the singable zone: C4-C5 in C, D4-D5 in G, B3-B4 in E
    for a level-1 span of an octave.

        >>> default_range(key="G", span=12), default_range(key="C", span=12), default_range(key="Bb", span=14)
        (('D4', 'D5'), ('C4', 'C5'), ('Bb3', 'C5'))
    """
    if voice:
        if voice not in VOICE_RANGES:
            raise InvalidParams(f"voice: {voice!r} is not one of {', '.join(VOICE_RANGES)}")
        return VOICE_RANGES[voice]
    if clef and clef != "treble":
        if clef not in CLEF_RANGES:
            raise InvalidParams(f"clef: {clef!r} is not one of {', '.join(CLEF_RANGES)}")
        low_name, high_name = CLEF_RANGES[clef]
        lowest, highest = parse_pitch(low_name).midi, parse_pitch(high_name).midi
        if highest - lowest <= span:
            return CLEF_RANGES[clef]
        zone = (lowest, highest, (lowest + highest) // 2)
    else:
        zone = TREBLE_SINGABLE
    lowest, highest, centre = zone
    major = Key(tonic_name(key), "major")
    tonic_pc = pc_of(key)
    best: tuple[float, int, int] | None = None
    # A scale drill runs tonic to tonic, so its range starts on the tonic; a melody may also lie plagally.
    anchors = [(tonic_pc, 0.0)] + ([((tonic_pc + 7) % 12, 0.5)] if kind != "scale" else [])
    for anchor_pc, preference in anchors:
        for low in range(lowest - 12, highest + 1):
            if low % 12 != anchor_pc:
                continue
            above = [p.midi for p in key_pitches(major, low + span, low + span + 2)]
            high = above[0] if above else low + span
            outside = max(0, lowest - low) + max(0, high - highest)
            cost = abs((low + high) / 2 - centre) + 3 * outside + preference
            if best is None or cost < best[0]:
                best = (cost, low, high)
    assert best is not None  # every pitch class occurs in any range of twelve or more semitones
    _, low, high = best
    names = {p.midi: p.name for p in key_pitches(major, low - 1, high + 1)}
    return names[low], names[high]


