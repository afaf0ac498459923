"""Skill evidence from a graded take: which tags each note's verdicts count for or against. Free of Django.

:func:`note_evidence` turns the graded notes of a take into ``(tag, correct,
detail)`` observations: the pitch class in the key (``pc:F#@G``), the interval
from the previous note with its direction (``int:+m6``), coming in on time
after a rest (``rhy:after-rest``) and rhythm figures that can be told from the
durations (``rhy:dotted-8th-16th``). The notes are the grader's own
:class:`grading.analysis.verdicts.NoteResult`, plus whether a teacher set the
verdicts by hand.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from grading.analysis.verdicts import NoteResult
from music.duration import AFTER_REST, rhythm_figures
from music.errors import MusicError
from music.interval import melodic_interval
from music.key import Key, key_from_label
from music.pitch import Pitch, parse_pitch, spell_letter
from music.spelling import spell_in_key
from music.words import note_text, skill_name

Item = tuple[str, bool, str]

#: Pitch verdicts that mean the note was heard (a missed note says nothing about which skill failed).
HEARD = ("ok", "flat", "sharp", "wrong")
#: Intervals wider than this (semitones) are not tagged: the generator's vocabulary stops at an octave.
MAX_TAGGED_INTERVAL = 12


@dataclass
class GradedNote(NoteResult):
    """A graded note as the profile reads it: the grader's :class:`NoteResult` (seconds, MIDI, cents) and
    ``reviewed``, True when a teacher set the verdicts by hand (they then outrank the measurements)."""

    reviewed: bool = False

    def to_json(self) -> dict:
        """The contract's per-note dict; ``"reviewed": true`` is added when a teacher set the verdicts."""
        return {**super().to_json(), **({"reviewed": True} if self.reviewed else {})}


def pc_tag(pitch: Pitch, key: Key) -> str:
    """The drill generator's tag for a pitch class in a key: ``pc:F#@G`` (the tonic, in any mode)."""
    return f"pc:{pitch.pc_name}@{key.tonic}"


def _cents_text(cents: float) -> str:
    return f"{abs(cents):.0f} cents {'flat' if cents < 0 else 'sharp'}"


def _figures(notes: Sequence[GradedNote], seconds_per_quarter: float) -> dict[int, str]:
    """Note index -> rhythm figure it belongs to, from the target durations."""
    quarters = [Fraction(n.target_duration / seconds_per_quarter).limit_denominator(12) for n in notes]
    return rhythm_figures(quarters, broken_before={k for k, n in enumerate(notes) if n.follows_rest})


def note_evidence(
    notes: Sequence[GradedNote],
    *,
    key: Key,
    tempo_bpm: float,
    tolerance_cents: float = 25.0,
    free_tempo: bool = False,
    names: Sequence[str] = (),
    sung: bool = True,
) -> dict[int, list[Item]]:
    """Observations per note index: ``{index: [(tag, correct, detail), ...]}``.

    ``names`` are the target notes' names as the score writes them, by note index ("" where unknown): a
    note is tagged and named as written (a B flat in C major is ``pc:Bb@C``, never A sharp), one with no
    name as ``key`` spells it; a note sung instead takes the score's letter for its pitch class if it has one.
    ``sung``: a voice performed the take, so a wrong note reads "F♯4: sang G4 instead"; else "played G4 instead".

    ``notes`` in score order; ``tempo_bpm`` the graded tempo in quarter notes
    per minute (for the rhythm figures); ``tolerance_cents`` the in-tune band
    that also judges an interval (the difference of the two notes' cents; an
    interval off only because one of its notes is off leaves no evidence).
    A missed note leaves no evidence; timing leaves none under free tempo.
    Details are readable on their own: ``"F♯4 38 cents flat"``, ``"G4 210 ms late"``.

    >>> from music.key import make_key
    >>> def sung(index, midi, pitch, cents):
    ...     return GradedNote(index=index, target_midi=midi, target_onset=index * 0.5, target_duration=0.5,
    ...                       sung_midi=midi + cents / 100, cents=cents, onset=None, timing_error=0.0,
    ...                       confidence=1.0, pitch=pitch, timing="ok")
    >>> ev = note_evidence([sung(0, 67, "ok", 3.0), sung(1, 66, "flat", -38.0)], key=make_key("G"), tempo_bpm=120)
    >>> ev[1][0]
    ('pc:F#@G', False, 'F♯4 38 cents flat')
    >>> [tag for tag, _, _ in ev[1]]  # the flat F♯ is charged once: the interval into it is its slip again
    ['pc:F#@G']
    >>> ev = note_evidence([sung(0, 67, "ok", 18.0), sung(1, 66, "ok", -16.0)], key=make_key("G"), tempo_bpm=120)
    >>> ev[1][1]
    ('int:-m2', False, 'G4 to F♯4 34 cents wide')
    """
    spelled = [_written(names[n.index] if 0 <= n.index < len(names) else "", n.target_midi, key) for n in notes]
    letters = {p.pc: p.step for p in reversed(spelled)}  # the first note of each pitch class gives its letter
    figures = _figures(notes, 60.0 / tempo_bpm) if not free_tempo and tempo_bpm > 0 else {}
    out: dict[int, list[Item]] = {}
    for k, n in enumerate(notes):
        items: list[Item] = []
        out[n.index] = items
        if n.pitch not in HEARD:
            continue
        name = note_text(spelled[k].name)
        if n.pitch == "ok":
            detail = f"{name} in tune" + (f" ({n.cents:+.0f} cents)" if n.cents is not None else "")
        elif n.pitch in ("flat", "sharp") and n.cents is not None:
            detail = f"{name} {_cents_text(n.cents)}"
        elif n.pitch == "wrong" and n.sung_midi is not None:
            sung_midi = int(round(n.sung_midi))
            step = letters.get(sung_midi % 12)
            sung_pitch = spell_letter(sung_midi, step) if step is not None else None
            heard = note_text((sung_pitch or spell_in_key(sung_midi, key)).name)
            detail = f"{name}: {'sang' if sung else 'played'} {heard} instead"
        else:
            detail = f"{name} {n.pitch}"
        items.append((pc_tag(spelled[k], key), n.pitch == "ok", detail))
        prev = notes[k - 1] if k > 0 else None
        if prev is not None and prev.pitch in HEARD and abs(n.target_midi - prev.target_midi) <= MAX_TAGGED_INTERVAL:
            interval = melodic_interval(spelled[k - 1], spelled[k])
            if interval is not None and interval.lstrip("+-") not in ("P1", "A1", "d1"):
                item = _interval_item(interval, spelled[k - 1], spelled[k], prev, n, tolerance_cents)
                if item is not None:
                    items.append(item)
        if not free_tempo and n.timing in ("ok", "early", "late"):
            ms = None if n.timing_error is None else n.timing_error * 1000.0
            when = "on time" if n.timing == "ok" else f"{abs(ms or 0):.0f} ms {n.timing}"
            if n.follows_rest:
                items.append((f"rhy:{AFTER_REST}", n.timing == "ok", f"{name} after a rest: {when}"))
            figure = figures.get(k)
            if figure:
                items.append((f"rhy:{figure}", n.timing == "ok", f"{name} in {skill_name(f'rhy:{figure}')}: {when}"))
    return out


def written_names(result: Mapping[str, Any] | None) -> list[str]:
    """The target notes' names as the score writes them, by note index, from a graded take's result
    (``target_line``); "" for each note of a take graded before the names were kept."""
    return [str(point.get("pitch", "")) for point in (result or {}).get("target_line", [])]


def take_evidence(
    notes: Sequence[GradedNote], *, key_label: str, options: Mapping[str, Any] | None,
    result: Mapping[str, Any] | None, sung: bool,
) -> dict[int, list[Item]]:
    """:func:`note_evidence` for a stored take: its exercise's key (``"G major"``), the options it was graded
    with and its stored result (tempo, written names). One reading, shared by grading a take and by
    re-deriving stored takes' evidence (``grading.evidence_rederive``), so the two never disagree."""
    opts, found = options or {}, result or {}
    return note_evidence(
        notes, key=key_from_label(key_label), tempo_bpm=float(found.get("tempo") or opts.get("tempo_bpm") or 120.0),
        tolerance_cents=float(opts.get("tolerance_cents", 25)), free_tempo=bool(opts.get("free_tempo", False)),
        names=written_names(found), sung=sung,
    )


def _written(name: str, midi: int, key: Key) -> Pitch:
    """The note as the score writes it (``name``), or as ``key`` spells ``midi`` where the score's name is unknown."""
    if name:
        try:
            written = parse_pitch(name)
        except MusicError:
            written = None
        if written is not None and written.midi == midi:
            return written
    return spell_in_key(midi, key)


def _interval_item(
    interval: str, a: Pitch, b: Pitch, prev: GradedNote, n: GradedNote, tolerance_cents: float
) -> Item | None:
    """The interval from ``prev`` to ``n`` as the student sang it, or None where a note's own slip explains it.

    The error is the difference of the two notes' cents (the second note
    against where the first one, as sung, implies), so a singer who is
    consistently 30 cents flat, or who drifts, still sings every interval in
    tune. An interval that is off is charged only when both notes are in tune
    on their own: where either note is already charged (flat, sharp, a wrong
    note), the interval's error is that note's error seen again, and charging
    it would count one slip three times (the note and the intervals on both
    sides of it) and let the interval outrank the note. Such an interval
    leaves no evidence, neither way. A verdict a teacher set by hand
    outranks the measurement: then the interval is right when both notes are
    ok, and otherwise explained by the note the teacher marked.
    """
    where = f"{note_text(a.name)} to {note_text(b.name)}"
    tag = f"int:{interval}"
    if n.reviewed or prev.reviewed or n.cents is None or prev.cents is None:
        return (tag, True, f"{where} in tune") if n.pitch == "ok" and prev.pitch == "ok" else None
    error = n.cents - prev.cents
    if abs(error) < tolerance_cents:
        return (tag, True, f"{where} in tune ({error:+.0f} cents)")
    if n.pitch != "ok" or prev.pitch != "ok":
        return None
    wide = (error > 0) == (n.target_midi > prev.target_midi)
    return (tag, False, f"{where} {abs(error):.0f} cents {'wide' if wide else 'narrow'}")
