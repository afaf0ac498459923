"""Per-note verdicts, the summary, plain-language feedback and the contour for a page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from music.pitch import parse_pitch, spell_letter

from .follow import LostStretch
from .intonation import Drift
from .pitch import HOP_SECONDS, PitchTrack
from .target import Target

NOTE_NAMES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
MAX_CONTOUR_POINTS = 400
#: Missed notes in a row said as one line from this many on.
MISSED_RUN = 3
MAX_FEEDBACK_LINES = 12
#: The same note flat (or sharp) this many times or more, in more than one bar, is said as one line.
REPEATED_SLIP = 3


@dataclass(frozen=True)
class Tolerances:
    """Verdict bands: in tune below ``cents``; wrong from ``wrong_cents``; on time within ``ms``."""

    cents: float = 25.0
    wrong_cents: float = 50.0
    ms: float = 100.0


@dataclass
class NoteResult:
    """One target note graded: the contract's per-note fields (seconds, MIDI, cents)."""

    index: int
    target_midi: int
    target_onset: float
    target_duration: float
    sung_midi: float | None
    cents: float | None
    onset: float | None
    timing_error: float | None
    confidence: float
    pitch: str
    timing: str
    bar: int = 1
    follows_rest: bool = False

    def to_json(self) -> dict:
        return {
            "index": self.index,
            "target_midi": self.target_midi,
            "target_onset": round(self.target_onset, 4),
            "target_duration": round(self.target_duration, 4),
            "sung_midi": None if self.sung_midi is None else round(self.sung_midi, 2),
            "cents": None if self.cents is None else round(self.cents, 1),
            "onset": None if self.onset is None else round(self.onset, 3),
            "timing_error": None if self.timing_error is None else round(self.timing_error, 3),
            "confidence": round(self.confidence, 2),
            "pitch": self.pitch,
            "timing": self.timing,
        }


def pitch_verdict(cents: float | None, tol: Tolerances) -> str:
    """'ok' below tol.cents, 'flat'/'sharp' below tol.wrong_cents, else 'wrong'; None -> 'missed'."""
    if cents is None:
        return "missed"
    a = abs(cents)
    if a < tol.cents:
        return "ok"
    if a < tol.wrong_cents:
        return "flat" if cents < 0 else "sharp"
    return "wrong"


def timing_verdict(error_seconds: float | None, tol: Tolerances, *, free_tempo: bool) -> str:
    """'ok' within tol.ms, else 'early'/'late'; None -> 'missed'; free tempo: only ok|missed."""
    if error_seconds is None:
        return "missed"
    if free_tempo or abs(error_seconds) * 1000.0 <= tol.ms:
        return "ok"
    return "early" if error_seconds < 0 else "late"


def summary(notes: list[NoteResult]) -> dict:
    """{notes, pitch_ok, timing_ok, score}: score is the percentage of notes right in both."""
    n = len(notes)
    pitch_ok = sum(1 for x in notes if x.pitch == "ok")
    timing_ok = sum(1 for x in notes if x.timing == "ok")
    both = sum(1 for x in notes if x.pitch == "ok" and x.timing == "ok")
    return {"notes": n, "pitch_ok": pitch_ok, "timing_ok": timing_ok, "score": round(100.0 * both / max(n, 1), 1)}


def note_name(midi: int) -> str:
    """Scientific pitch name: ``note_name(66) == 'F#4'``."""
    return f"{NOTE_NAMES[midi % 12]}{midi // 12 - 1}"


def score_spelling(names: Sequence[str]) -> Callable[[int], str]:
    """Names a MIDI number as the score writes that pitch class (its first such note), else ``note_name``.

    ``names`` are the score's own names ("Bb4"; "" where unknown), so a B flat in C major stays a B
    flat, and a note sung instead of the written one reads in the score's letters where it has them.

    >>> name = score_spelling(["C4", "Bb4", "A#3"])
    >>> name(70), name(58), name(61), name(66)
    ('Bb4', 'Bb3', 'C#4', 'F#4')
    """
    letters: dict[int, int] = {}
    for text in names:
        if text:
            written = parse_pitch(text)
            letters.setdefault(written.pc, written.step)

    def name(midi: int) -> str:
        step = letters.get(midi % 12)
        spelled = spell_letter(midi, step) if step is not None else None
        return spelled.name if spelled is not None else note_name(midi)

    return name


NOISE_SUPPRESSED_LINE = ("the recording goes completely silent between notes, as noise suppression makes it: "
                         "turn your recording app's noise suppression off (or record on this page) so the soft "
                         "starts and ends of your notes are kept")


def feedback_lines(notes: list[NoteResult], *, drift: Drift | None = None, lost: Sequence[LostStretch] = (),
                   tol: Tolerances | None = None, noise_suppressed: bool = False,
                   names: Sequence[str] = (), sung: bool = False, unrecorded: int = 0) -> list[str]:
    """Plain-language lines for the notes that need work (at most 12), the take-wide ones first.

    ``names`` are the target notes' names as the score writes them, by note index (``TargetNote.name``):
    a note is named as written, and a note sung instead in the score's spelling of its pitch class.
    ``sung``: a voice performed the take, so a wrong note reads "you sang G4 instead of F#4"; else "you played".

    A take recorded with noise suppression on (``DecodedAudio.noise_suppressed``) is told so first;
    a recording that stopped before the piece's end is told so next: ``unrecorded`` is how many of the last
    notes were due after the recording ended (``assess.unrecorded_count``), and those of them missed get one
    line saying the recording stopped, not "were not heard", which read as a fault in the student's singing;
    a stretch the follower lost gets one line instead of a line per note; a drift gets one line, and
    the flat or sharp notes it explains get none; one note flat (or sharp) ``REPEATED_SLIP`` or more times,
    in more than one bar, gets one line where it first happened.

    >>> heard = NoteResult(0, 60, 0.0, 0.5, 60.0, 0.0, 0.1, 0.0, 0.9, "ok", "ok", bar=1)
    >>> gone = [NoteResult(k, 62, 0.5 * k, 0.5, None, None, None, None, 0.9, "missed", "missed", bar=2)
    ...         for k in (1, 2, 3)]
    >>> feedback_lines([heard, *gone], unrecorded=3)
    ['the recording stopped before the last 3 notes (from bar 2): they were not recorded, so they count as missed']
    >>> feedback_lines([heard, *gone])
    ['the last 3 notes, from bar 2, were not heard']
    """
    tol = tol or Tolerances()
    lines: list[str] = [NOISE_SUPPRESSED_LINE] if noise_suppressed else []
    stopped = len(notes)  # the first note of the missed run the recording's end cut off
    while stopped > max(0, len(notes) - unrecorded) and notes[stopped - 1].pitch == "missed":
        stopped -= 1
    if stopped < len(notes):
        count, bar = len(notes) - stopped, notes[stopped].bar
        lines.append(f"the recording stopped before the last note (bar {bar}): it was not recorded, so it counts "
                     "as missed" if count == 1 else
                     f"the recording stopped before the last {count} notes (from bar {bar}): they were not "
                     "recorded, so they count as missed")
    covered: set[int] = set(range(stopped, len(notes)))  # notes a take-wide line speaks for: not said one by one
    for stretch in lost:
        if stretch.first >= stopped:  # lost where there was nothing left to follow: the stop is said instead
            continue
        first, last = notes[stretch.first], notes[stretch.last]
        covered.update(range(stretch.first, stretch.last + 1))
        if stretch.last == len(notes) - 1:
            lines.append(f"we lost track of you after bar {first.bar}: the notes from there on are marked unsure")
        else:
            lines.append(f"we lost track of you in bars {first.bar}-{last.bar}: those notes are marked unsure")
    explained: set[int] = set()
    if drift is not None:
        way = "sank" if drift.cents < 0 else "rose"
        lines.append(f"your pitch {way} {abs(drift.cents):.0f} cents between bar {notes[drift.first].bar} "
                     f"and bar {notes[drift.last].bar}: keep the key of the first note in your ear")
        for k, x in enumerate(notes):
            if x.cents is not None and x.onset is not None and x.pitch in ("flat", "sharp") \
                    and abs(x.cents - float(drift.cents_at(x.onset))) < tol.cents:
                explained.add(k)
    missed_runs = _missed_runs(notes, covered)
    spelled = score_spelling(names)

    def named(x: NoteResult) -> str:
        written = names[x.index] if 0 <= x.index < len(names) else ""
        return written or spelled(x.target_midi)

    # One note sung flat (or sharp) again and again across bars is one line, not a line per bar: a singer
    # whose G4 sat 40 cents low read "bar 1: G4 was 40 cents flat" eight times (walk19).
    slips: dict[tuple[str, str], list[int]] = {}
    for k, x in enumerate(notes):
        if k not in covered and k not in explained and x.pitch in ("flat", "sharp") and x.cents is not None:
            slips.setdefault((named(x), x.pitch), []).append(k)
    repeated = {ks[0]: ks for ks in slips.values()
                if len(ks) >= REPEATED_SLIP and len({notes[k].bar for k in ks}) > 1}
    in_repeated = {k for ks in repeated.values() for k in ks}
    for k, x in enumerate(notes):
        if k in covered:
            continue
        name = named(x)
        where = f"bar {x.bar}"
        if x.pitch == "missed":
            run = missed_runs.get(k)
            if run is None:
                lines.append(f"{where}: {name} was not heard")
            elif run[0] == k:  # one line for the whole run, not a line per note
                first, last = notes[run[0]], notes[run[1]]
                count = run[1] - run[0] + 1
                if run[1] == len(notes) - 1:
                    lines.append(f"the last {count} notes, from bar {first.bar}, were not heard")
                elif first.bar == last.bar:
                    lines.append(f"{count} notes in a row were not heard in bar {first.bar}")
                else:
                    lines.append(f"{count} notes in a row were not heard, bars {first.bar}-{last.bar}")
            continue
        if k in repeated:
            cents = sorted(round(abs(notes[j].cents or 0.0)) for j in repeated[k])
            by = f"{cents[0]}" if cents[0] == cents[-1] else f"{cents[0]}-{cents[-1]}"
            lines.append(f"{name} was {x.pitch} {len(cents)} times in bars {x.bar}-{notes[repeated[k][-1]].bar} "
                         f"({by} cents)")
        elif x.pitch in ("flat", "sharp") and x.cents is not None and k not in explained and k not in in_repeated:
            lines.append(f"{where}: {name} was {abs(x.cents):.0f} cents {x.pitch}")
        elif x.pitch == "wrong" and x.cents is not None:
            # Named in the score's key: a singer in another key hears which note they sang instead.
            heard = spelled(int(round(x.target_midi + x.cents / 100.0)))
            lines.append(f"{where}: you {'sang' if sung else 'played'} {heard} instead of {name}")
        if x.timing in ("early", "late") and x.timing_error is not None:
            if x.follows_rest:
                lines.append(f"{where}: you came in {x.timing} after the rest")
            else:
                lines.append(f"{where}: {name} came {abs(x.timing_error) * 1000:.0f} ms {x.timing}")
    if len(lines) > MAX_FEEDBACK_LINES:
        rest = len(lines) - MAX_FEEDBACK_LINES
        lines = lines[:MAX_FEEDBACK_LINES] + [f"... and {rest} more"]
    return lines


def _missed_runs(notes: list[NoteResult], unsure: set[int]) -> dict[int, tuple[int, int]]:
    """Each note in a run of ``MISSED_RUN`` or more missed notes in a row -> (first, last) of its run: a
    student who stopped early, or skipped a line, reads one line about it, not one per note."""
    runs: dict[int, tuple[int, int]] = {}
    k = 0
    while k < len(notes):
        end = k
        while end < len(notes) and notes[end].pitch == "missed" and end not in unsure:
            end += 1
        if end - k >= MISSED_RUN:
            runs.update({i: (k, end - 1) for i in range(k, end)})
        k = max(end, k + 1)
    return runs


def contour(track: PitchTrack, voiced: np.ndarray, *, max_points: int = MAX_CONTOUR_POINTS) -> list[list[float | None]]:
    """The pitch contour downsampled for a page: [[time s, Hz or None, confidence], ...] ≤ max_points."""
    n = len(track.f0_hz)
    step = max(1, int(np.ceil(n / max_points)))
    out: list[list[float | None]] = []
    for start in range(0, n, step):
        sl = slice(start, min(n, start + step))
        v = voiced[sl]
        conf = float(np.max(track.confidence[sl])) if n else 0.0
        hz: float | None = None
        if v.any():
            hz = round(float(np.median(track.f0_hz[sl][v])), 2)
        out.append([round(start * HOP_SECONDS, 3), hz, round(conf, 2)])
    return out


def target_line(target: Target, *, offset: float, scale: float, transposition: float) -> list[dict]:
    """The target notes placed on the take's clock: [{midi, onset s, duration s}, ...]."""
    return [
        {
            "midi": round(n.midi + transposition, 2),
            "onset": round(offset + scale * n.onset_seconds, 3),
            "duration": round(scale * n.duration_seconds, 3),
            **({"pitch": n.name} if n.name else {}),  # as the score writes it, for the page's notes table
        }
        for n in target.notes
    ]
