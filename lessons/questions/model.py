"""The question record shared by every generator, and what a client may see of it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from music.duration import NOTE_VALUES
from music.key import key_from_name
from music.movable_do import do_name
from music.pitch import Pitch

AnswerMode = Literal["choice", "note_name", "staff_click", "keyboard_click", "voices", "sing", "clap"]
#: How a typed or clicked answer is compared with the stored one:
#: ``spelling`` letter and accidental must match (``Gb`` is wrong for ``F#``);
#: ``pitch`` only the sounding pitch must match (``Gb`` is right for ``F#``);
#: ``text`` the answer is one of the choices; ``interval`` an interval name (``M10`` = ``M3+P8``).
Match = Literal["spelling", "pitch", "text", "interval"]
#: Whether a note answer must carry an octave (``required``), may (``optional``: checked when given)
#: or is compared without it (``none``).
OctavePolicy = Literal["required", "optional", "none"]

#: Every alteration a note may carry: double flat to double sharp (semitones).
ALL_ALTERATIONS: tuple[int, ...] = (-2, -1, 0, 1, 2)

ANSWER_MODES: tuple[AnswerMode, ...] = ("choice", "note_name", "staff_click", "keyboard_click", "voices", "sing",
                                         "clap")

#: Note value names (MusicXML ``type``) and their length in quarter notes.


@dataclass(frozen=True, slots=True)
class NoteEvent:
    """One note, chord or rest in a notation spec.

    ``pitches`` empty means a rest; ``value`` is a key of ``NOTE_VALUES``; ``dots`` 0..2;
    ``tie`` is ``start``, ``stop``, ``both`` or empty; ``highlight`` colours the note; ``text``
    is printed under it (a bass figure or a Roman numeral).
    """

    pitches: tuple[Pitch, ...]
    value: str = "whole"
    dots: int = 0
    tie: str = ""
    highlight: bool = False
    text: str = ""
    #: Indexes into ``pitches`` of the notes to colour one by one (a fault in one voice of a chord).
    marked: tuple[int, ...] = ()

    @property
    def quarters(self) -> float:
        """Length in quarter notes, dots included."""
        base = float(NOTE_VALUES[self.value])
        return base * (2 - 0.5**self.dots)


@dataclass(frozen=True, slots=True)
class Notation:
    """A compact score the web side renders to SVG (``render.render_svg``).

    ``clef`` is one of ``treble``, ``bass``, ``alto``, ``tenor``; ``key_fifths`` the signature
    (-7..7); ``time`` beats and beat type, shown unless ``show_time`` is False; ``measures`` a
    list of bars of events; a measure may be empty (a bare staff, e.g. for a key signature or a
    staff to click on). ``lower``, when given, is a second staff in bass clef with as many bars (a
    grand staff: four-part harmony). ``id_prefix`` makes note ids ``<prefix>-n<i>`` (they never
    encode pitches).
    """

    clef: str = "treble"
    key_fifths: int = 0
    time: tuple[int, int] | None = None
    show_time: bool = True
    measures: tuple[tuple[NoteEvent, ...], ...] = ((),)
    id_prefix: str = "q"
    lower: tuple[tuple[NoteEvent, ...], ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {
            "clef": self.clef, "key_fifths": self.key_fifths,
            "time": list(self.time) if self.time and self.show_time else None,
            "measures": [[_event_dict(e) for e in m] for m in self.measures],
        }
        if self.lower is not None:
            out["lower"] = [[_event_dict(e) for e in m] for m in self.lower]
        return out


def _event_dict(e: NoteEvent) -> dict[str, Any]:
    out = {"pitches": [p.name for p in e.pitches], "value": e.value, "dots": e.dots, "tie": e.tie,
           "highlight": e.highlight}
    if e.text:
        out["text"] = e.text
    return out


@dataclass(frozen=True, slots=True)
class Keyboard:
    """A piano keyboard from ``low`` to ``high`` (MIDI numbers) with ``marked`` keys highlighted."""

    low: int = 48
    high: int = 84
    marked: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"low": self.low, "high": self.high, "marked": list(self.marked)}


@dataclass(frozen=True, slots=True)
class AudioSpec:
    """What to play: ``events`` of (MIDI notes sounding together, length in beats); () is a rest.

    ``tempo_qpm`` quarter notes per minute (event lengths are in quarter notes too); ``program`` a
    General MIDI program (0 = piano); ``count_in`` metronome clicks before the music, one every
    ``count_in_beat`` quarter notes (1.5 in 6/8, 9/8 and 12/8, whose beat is a dotted quarter);
    ``percussion`` plays the events on the General MIDI drum channel (rhythm dictation).
    """

    events: tuple[tuple[tuple[int, ...], float], ...]
    tempo_qpm: float = 90.0
    program: int = 0
    count_in: int = 0
    percussion: bool = False
    count_in_beat: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {"events": [[list(n), d] for n, d in self.events], "tempo_qpm": self.tempo_qpm,
                "program": self.program, "count_in": self.count_in, "percussion": self.percussion,
                "count_in_beat": self.count_in_beat}

    @property
    def content_hash(self) -> str:
        """A stable hash of what is heard: the cache key for rendered audio."""
        text = json.dumps(self.to_dict(), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    @property
    def seconds(self) -> float:
        quarters = sum(d for _, d in self.events) + self.count_in * self.count_in_beat
        return quarters * 60.0 / self.tempo_qpm

    @property
    def music_starts_quarters(self) -> float:
        """Where the music begins, in quarter notes from the start: after the count-in."""
        return self.count_in * self.count_in_beat


@dataclass(frozen=True, slots=True)
class Performance:
    """What a sung or clapped answer is graded against: ``notes`` as (MIDI, length in quarter
    notes) in order, at ``tempo_qpm``; ``onsets_only`` for claps (pitch is not graded)."""

    notes: tuple[tuple[int, float], ...]
    tempo_qpm: float
    onsets_only: bool = False

    @property
    def seconds(self) -> float:
        return sum(q for _, q in self.notes) * 60.0 / self.tempo_qpm

    def to_public(self) -> dict[str, Any]:
        """What the recorder needs: how long to listen and whether pitch counts (no pitches)."""
        return {"seconds": round(self.seconds, 2), "tempo_qpm": self.tempo_qpm, "onsets_only": self.onsets_only,
                "notes": len(self.notes)}


@dataclass(frozen=True, slots=True)
class PartWritingTask:
    """A four-part exercise: the key (``Eb``, ``c#``) and per chord a Roman numeral, or, when
    ``bass`` is given (ASCII pitches), a figure over each bass note (figured bass)."""

    key: str
    figures: tuple[str, ...]
    bass: tuple[str, ...] = ()

    @property
    def is_figured(self) -> bool:
        return bool(self.bass)

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "figures": list(self.figures), "bass": list(self.bass)}


@dataclass(frozen=True, slots=True)
class Question:
    """One generated question. The answer and explanation stay on the server (see ``to_public``).

    ``answer`` is canonical text: a choice's text for ``choice``; ASCII note names (space
    separated when several) for ``note_name``/``staff_click``/``keyboard_click``.
    ``choices`` are distinct and exactly one of them is correct; ``choice_notation`` (optional)
    holds one notation per choice, in the same order. ``params`` are the generator's parameters
    (what a teacher chose) plus the seed.
    """

    id: str
    seed: int
    kind: str
    prompt: str
    answer_mode: AnswerMode
    answer: str
    explanation: str
    tags: tuple[str, ...]
    params: Mapping[str, Any]
    match: Match = "text"
    octave: OctavePolicy = "none"
    choices: tuple[str, ...] = ()
    choice_notation: tuple[Notation, ...] = ()
    notation: Notation | None = None
    keyboard: Keyboard | None = None
    audio: AudioSpec | None = None
    #: Notes given in the prompt that a staff or keyboard shows as already placed.
    given: tuple[str, ...] = field(default=())
    #: What a ``voices`` answer is checked against (part writing).
    part_writing: PartWritingTask | None = None
    #: What a ``sing`` or ``clap`` answer (a recording) is graded against.
    performance: Performance | None = None
    #: The alterations (semitones, -2..2) a note answer may need under the question's settings, never
    #: narrowed to this answer's: the staff's accidental picker and the typing help offer these. A first-level
    #: note question offered double sharps it can never ask for.
    alterations: tuple[int, ...] = ALL_ALTERATIONS
    #: The key the notes asked for are in (``Key.name``: ``Eb``, ``c#``), where the question names one: typed
    #: 简谱 numbers are read in it (1 is its do, as the 简谱 renderer writes them); empty where none is named.
    key: str = ""

    def to_public(self) -> dict[str, Any]:
        """What a client may see before answering: never the answer, explanation, tags or params.

        Tags are left out because they name the answer (``int:+m6``). Notation and audio are
        reduced to flags because their specs spell the notes: the server sends the SVG
        (``render.render_svg``) and serves the rendered audio by question id. Choice notations
        (rhythm dictation) are sent as specs: they are the choices themselves.
        """
        return {
            "id": self.id,
            "kind": self.kind,
            "prompt": self.prompt,
            "answer_mode": self.answer_mode,
            "choices": list(self.choices),
            "choice_notation": [n.to_dict() for n in self.choice_notation],
            "has_notation": self.notation is not None,
            "keyboard": self.keyboard.to_dict() if self.keyboard else None,
            "has_audio": self.audio is not None,
            "octave": self.octave,
            "given": list(self.given),
            # The numerals or figures are in the prompt and on the staff already.
            "part_writing": self.part_writing.to_dict() if self.part_writing else None,
            "performance": self.performance.to_public() if self.performance else None,
            # The clef says how to read a click on the staff; it names no answer.
            "clef": self.notation.clef if self.notation else None,
            "staff_slot": self.staff_slot,
            "alterations": list(self.alterations),
            # The note 简谱's 1 stands for ("E♭"): the key is in the prompt already, so it names no answer.
            "jianpu_do": self.jianpu_do,
        }

    @property
    def jianpu_do(self) -> str | None:
        """The note typed 简谱 numbers count from (``1 = E♭``), where the question names a key; else None."""
        return do_name(key_from_name(self.key)) if self.key else None

    @property
    def fingerprint(self) -> str:
        """A hash of what the student reads, sees, hears and must answer, without the seed: two questions with
        equal fingerprints are the same question to the student. The wrong choices are left out: the same
        signature to name with other wrong keys offered is the same question again."""
        shown = [
            self.kind, self.prompt, self.answer,
            self.notation.to_dict() if self.notation else None,
            self.keyboard.to_dict() if self.keyboard else None,
            self.audio.to_dict() if self.audio else None,
            list(self.given),
            self.part_writing.to_dict() if self.part_writing else None,
            [list(n) for n in self.performance.notes] if self.performance else None,
        ]
        text = json.dumps(shown, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:20]

    @property
    def staff_slot(self) -> str | None:
        """Where a staff-click answer goes: ``chord`` (into the last chord shown), ``after`` (a bar of
        its own after the notes shown) or ``empty`` (the staff shows no note); None for other modes."""
        if self.answer_mode != "staff_click" or self.notation is None:
            return None
        events = [e for m in self.notation.measures for e in m if e.pitches]
        if not events:
            return "empty"
        return "chord" if len(events[-1].pitches) > 1 else "after"


def question_id(kind: str, seed: int, params: Mapping[str, Any]) -> str:
    """An opaque id from kind, seed and parameters (it does not reveal the seed)."""
    text = json.dumps([kind, seed, dict(params)], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]
