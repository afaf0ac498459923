"""Independent checks that a drill meets its parameters.

The generator guarantees these by construction; this module re-derives them
from the finished notes so tests and the benchmark do not trust the
generator's own bookkeeping.
"""

from __future__ import annotations

from fractions import Fraction

from music.interval import parse_interval
from music.pitch import parse_pitch

from .drill import Drill, DrillNote
from .params import parse_target_note
from .rhythm import cell_for_tag


def check_drill(drill: Drill) -> list[str]:
    """Return one line per violated constraint (empty when the drill is valid)."""
    p, key, meter = drill.params, drill.key, drill.meter
    notes = drill.notes
    problems: list[str] = []
    if not notes:
        return ["notes: the drill is empty"]
    low, high = parse_pitch(p.low).midi, parse_pitch(p.high).midi
    asked = {parse_target_note(t)[1] for t in p.target_notes}  # target notes outside the mode are asked for
    for i, n in enumerate(notes):
        if not low <= n.midi <= high:
            problems.append(f"range: note {i} {n.name} is outside {p.range_text}")
        if key.pentatonic and key.degree_of_pc(n.midi) < 0:
            # Neither the level's accidentals nor a target note lets a pentatonic drill leave its five notes.
            problems.append(f"mode: note {i} {n.name} is not one of the five notes of {key.label}")
        elif not p.accidentals and key.degree_of_pc(n.midi) < 0 and n.midi % 12 not in asked:
            problems.append(f"accidentals: note {i} {n.name} is not in {key.label}")
    allowed = [parse_interval(t) for t in p.allowed_intervals]
    for i, (a, b) in enumerate(zip(notes, notes[1:], strict=False)):
        if abs(b.midi - a.midi) > p.max_leap:
            problems.append(f"max_leap: {a.name}->{b.name} at note {i} exceeds {p.max_leap} semitones")
        if allowed and not any(iv.matches(a.pitch, b.pitch) for iv in allowed):
            problems.append(f"allowed_intervals: {a.name}->{b.name} at note {i} is not allowed")
    # Bars are exactly full and the notes are contiguous.
    pos = Fraction(0)
    for i, n in enumerate(notes):
        if n.offset != pos:
            problems.append(f"meter: note {i} starts at {n.offset}, expected {pos}")
            break
        pos += n.duration
    if pos != drill.total_length:
        problems.append(f"meter: the notes last {pos} quarters, expected {drill.total_length}")
    for i, n in enumerate(notes):
        bar_end = (n.bar + 1) * meter.bar_length
        if n.offset + n.duration > bar_end:
            problems.append(f"meter: note {i} crosses the bar line")
    if p.kind != "rhythm":
        if p.start_on_tonic and notes[0].midi % 12 != key.tonic_pc:
            problems.append(f"start_on_tonic: the first note is {notes[0].name}")
        if p.start_degree is not None and key.degree_of_pc(notes[0].midi % 12) != p.start_degree - 1:
            problems.append(f"start_degree: the first note is {notes[0].name}, not degree {p.start_degree}")
        if p.end_on_tonic and notes[-1].midi % 12 != key.tonic_pc:
            problems.append(f"end_on_tonic: the last note is {notes[-1].name}")
    # Quotas per window.
    for b0, b1 in drill.windows:
        idx = [i for i, n in enumerate(notes) if b0 <= n.bar < b1]
        for t in p.target_notes:
            midi, pc = parse_target_note(t)
            count = sum(1 for i in idx if notes[i].midi % 12 == pc and (midi is None or notes[i].midi == midi))
            if count < p.quota:
                problems.append(f"quota: {t} appears {count} time(s) in bars {b0 + 1}-{b1}")
        for t in p.target_intervals:
            iv = parse_interval(t)
            count = sum(1 for i in idx if i + 1 < len(notes) and i + 1 in idx
                        and iv.matches(notes[i].pitch, notes[i + 1].pitch))
            if count < p.quota:
                problems.append(f"quota: {t} appears {count} time(s) in bars {b0 + 1}-{b1}")
        if p.kind in ("melody", "rhythm"):
            for t in p.target_rhythms:
                count = _cells_of(notes, idx, {c.name: c.notes for c in cell_for_tag(t, meter)})
                if count == 0:
                    problems.append(f"quota: rhythm {t} is missing in bars {b0 + 1}-{b1}")
                elif count < p.quota:
                    problems.append(f"quota: rhythm {t} appears {count} time(s) in bars {b0 + 1}-{b1}")
    for i, n in enumerate(notes):
        chord = drill.chords[n.bar] if n.bar < len(drill.chords) else None
        if chord is not None and n.strong and n.midi % 12 not in chord.pcs:
            problems.append(f"progression: strong-beat note {i} {n.name} is not in chord {chord.figure}")
    return problems


def _cells_of(notes: list[DrillNote], idx: list[int], sizes: dict[str, int]) -> int:
    """How many cells named in ``sizes`` (name -> notes per cell) the notes ``idx`` hold: a run of notes of one
    cell in one bar is that many cells back to back (two triplets in a row are six ``trip8`` notes)."""
    count, run = 0, 0
    for k, i in enumerate(idx):
        name = notes[i].cell
        if name not in sizes:
            run = 0
            continue
        same = k > 0 and idx[k - 1] == i - 1 and notes[i - 1].cell == name and notes[i - 1].bar == notes[i].bar
        run = run + 1 if same else 1
        count += run % sizes[name] == 1 or sizes[name] == 1
    return count


def strong_beat_chord_tone_ratio(drill: Drill) -> float | None:
    """Share of strong-beat notes that are tones of their bar's chord; ``None`` without chords."""
    hits = total = 0
    for n in drill.notes:
        chord = drill.chords[n.bar] if n.bar < len(drill.chords) else None
        if chord is not None and n.strong:
            total += 1
            hits += n.midi % 12 in chord.pcs
    return hits / total if total else None


# A listening proxy, not a constraint: a line rocking on two pitches for long is dull
# (benchmarks/pentatonic.py and the pentatonic tests count it).
def longest_two_pitch_stretch(midis: list[int]) -> int:
    """The most consecutive notes that use only two pitches."""
    longest = 0
    for i in range(len(midis)):
        j = i
        while j < len(midis) and len(set(midis[i : j + 1])) <= 2:
            j += 1
        longest = max(longest, j - i)
    return longest
