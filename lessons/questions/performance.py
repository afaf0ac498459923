"""Answers sung or clapped into the microphone, graded by the grading core.

A recording is graded once, when it arrives (``grade_recording``, per-note ``NoteResult``s as
for any take); what is stored as the answer is each note's verdict in compact JSON
(``{"notes": [["ok", 12], ["late", 140], ...], "extra": 0}``: the pitch verdict and cents for
singing, the timing verdict and milliseconds for claps), so the verdict can be read again
without the audio (``check_performance``). A typed answer is never accepted for these questions.

Singing is graded on pitch only (free tempo, any octave the voice sings in): a note is
right within 50 cents. Clapping is graded on onsets only: a clap is right within 100 ms
of where the performer's own tempo puts it, and extra claps make the answer wrong.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from grading.analysis.assess import AssessOptions, assess
from grading.analysis.audio import DecodedAudio
from grading.analysis.claps import clap_onsets, grade_claps
from grading.analysis.target import Target, TargetNote
from grading.analysis.verdicts import NoteResult, Tolerances, note_name

from .model import Performance, Question

#: Pitch verdicts that count as sung right: in tune, or a little flat or sharp (under 50 cents).
SUNG_RIGHT = frozenset({"ok", "flat", "sharp"})
#: The pitch tracker for quiz answers: fast, and needs no model weights.
QUIZ_TRACKER = "yin"


class PerformanceMalformed(ValueError):
    """A stored performance answer that is not graded notes (a typed answer, for instance)."""


@dataclass(frozen=True)
class PerformanceGrade:
    """A graded recording: per-note results and, for claps, claps that match no note."""

    notes: list[NoteResult]
    extra: int = 0

    def to_answer(self, *, onsets_only: bool) -> str:
        """The stored answer: each note's verdict and its size (cents, or milliseconds for claps)."""
        if onsets_only:
            notes = [[n.timing, None if n.timing_error is None else round(n.timing_error * 1000)] for n in self.notes]
        else:
            notes = [[n.pitch, None if n.cents is None else round(n.cents)] for n in self.notes]
        return json.dumps({"notes": notes, "extra": self.extra}, separators=(",", ":"))


def performance_target(perf: Performance) -> Target:
    """The notes as a grading target: onsets and durations in seconds from the first note."""
    beat = 60.0 / perf.tempo_qpm
    notes, t = [], 0.0
    for i, (midi, quarters) in enumerate(perf.notes):
        notes.append(TargetNote(index=i, midi=midi, onset_seconds=t * beat, duration_seconds=quarters * beat,
                                bar=1))
        t += quarters
    return Target(notes=tuple(notes), tempo_bpm=perf.tempo_qpm, title="question")


def grade_recording(question: Question, decoded: DecodedAudio) -> PerformanceGrade:
    """Grade a recording against the question's notes (pitch for singing, onsets for claps)."""
    assert question.performance is not None
    target = performance_target(question.performance)
    if question.performance.onsets_only:
        onsets = clap_onsets(decoded.samples, sample_rate_hz=decoded.sample_rate_hz)
        notes, extra = grade_claps(target, onsets, tolerances=Tolerances())
        return PerformanceGrade(notes=notes, extra=extra)
    result = assess(target, decoded, options=AssessOptions(tracker=QUIZ_TRACKER, free_tempo=True))
    return PerformanceGrade(notes=result.notes)


def check_performance(question: Question, answer: str) -> tuple[bool, str]:
    """Read a stored grade (``PerformanceGrade.to_answer``): right, and one feedback line per note."""
    assert question.performance is not None
    try:
        data = json.loads(answer)
        notes, extra = data["notes"], int(data.get("extra", 0))
        if len(notes) != len(question.performance.notes):
            raise PerformanceMalformed("graded notes do not match the question")
        notes = [(str(v), None if x is None else int(x)) for v, x in notes]
    except (ValueError, KeyError, TypeError) as exc:
        raise PerformanceMalformed("Answer this question with a recording.") from exc
    lines = []
    if question.performance.onsets_only:
        for k, (verdict, ms) in enumerate(notes, 1):
            if verdict == "missed":
                lines.append(f"clap {k}: not heard")
            elif verdict != "ok":
                lines.append(f"clap {k}: {verdict} by {abs(int(ms)) / 1000:.2f} s")
        if extra:
            lines.append(f"{extra} extra clap{'s' if extra > 1 else ''}")
        right = not lines
        heard = sum(1 for verdict, _ in notes if verdict == "ok")
        head = f"{heard} of {len(notes)} claps on time"
    else:
        for k, ((verdict, cents), (midi, _)) in enumerate(zip(notes, question.performance.notes, strict=True), 1):
            if verdict == "missed":
                lines.append(f"note {k} ({note_name(midi)}): not heard")
            elif verdict not in SUNG_RIGHT:
                lines.append(f"note {k} ({note_name(midi)}): sung {abs(int(cents))} cents "
                             f"{'sharp' if int(cents) > 0 else 'flat'}")
        right = not lines
        sung = sum(1 for verdict, _ in notes if verdict in SUNG_RIGHT)
        head = f"{sung} of {len(notes)} notes in tune"
    return right, head + ("." if right else ": " + "; ".join(lines) + ".")
