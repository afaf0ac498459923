"""A scored target note is named as its score writes it: a B flat in C major is Bb4, never A#4."""

from __future__ import annotations

from pathlib import Path

import pytest

from grading.analysis import assess, load_target
from grading.analysis.verdicts import NoteResult, feedback_lines
from grading.evidence import GradedNote, note_evidence
from music.key import make_key
from tests.grading.analysis.synth import Played, render, write_wav

BEAT = 0.5  # seconds a quarter note at 120 BPM


def c_major_with(written: list[str], path: Path) -> Path:
    """A C major score of quarter notes spelled as ``written`` (music21's names: "B-4" is B flat)."""
    import music21

    part = music21.stream.Part()
    part.append(music21.key.Key("C"))
    part.append(music21.meter.TimeSignature("4/4"))
    part.append(music21.tempo.MetronomeMark(number=120))
    for name in written:
        part.append(music21.note.Note(name, quarterLength=1))
    music21.stream.Score([part]).write("musicxml", fp=str(path))
    return path


def test_the_target_keeps_the_scores_own_names(tmp_path: Path) -> None:
    target = load_target(c_major_with(["C5", "B-4", "A#4", "A4"], tmp_path / "s.musicxml"))
    assert [(n.midi, n.name) for n in target.notes] == [(72, "C5"), (70, "Bb4"), (70, "A#4"), (69, "A4")]


def test_a_flat_b_flat_in_c_major_is_called_b_flat(tmp_path: Path) -> None:
    # Main: "bar 2: A#4 was 35 cents flat", and the profile's weak spot was "A♯4" (pc:A#@C).
    score = c_major_with(["C4", "E4", "G4", "C5", "B-4", "A4", "G4", "C5"], tmp_path / "s.musicxml")
    # The A as flat as the B flat before it, so the minor second between them is sung in tune and tagged (one off
    # only because one of its notes is off leaves no interval evidence).
    sung = [60, 64, 67, 72, 70 - 0.4, 69 - 0.4, 67, 72]
    audio = write_wav(tmp_path / "take.wav", render(
        [Played(m, 0.5 + BEAT * k, BEAT * 0.9) for k, m in enumerate(sung)], total=0.5 + BEAT * len(sung) + 0.5))
    result = assess(score, audio).to_json(details=True)
    assert result["notes"][4]["pitch"] == "flat", result["notes"][4]
    assert any(line.startswith("bar 2: Bb4 was") for line in result["feedback"]), result["feedback"]
    assert not any("A#" in line for line in result["feedback"])
    assert result["target_line"][4]["pitch"] == "Bb4"
    notes = [GradedNote(**n) for n in result["notes"]]
    names = [point["pitch"] for point in result["target_line"]]
    evidence = note_evidence(notes, key=make_key("C"), tempo_bpm=120, names=names)
    assert evidence[4][0][0] == "pc:Bb@C" and evidence[4][0][2].startswith("B♭4 ")
    assert evidence[5][1][0] == "int:-m2"  # Bb4 to A4: a minor second, not an augmented unison


@pytest.mark.parametrize(("written", "expected"), [("Bb4", "you played Bb4 instead of C5"),
                                                   ("A#4", "you played A#4 instead of C5")])
def test_a_wrong_note_is_named_in_the_scores_letters(written: str, expected: str) -> None:
    def note(index: int, midi: int, cents: float, pitch: str) -> NoteResult:
        return NoteResult(index=index, target_midi=midi, target_onset=index * BEAT, target_duration=BEAT,
                          sung_midi=midi + cents / 100, cents=cents, onset=index * BEAT, timing_error=0.0,
                          confidence=0.9, pitch=pitch, timing="ok", bar=1)

    notes = [note(0, 70, 0, "ok"), note(1, 72, -200, "wrong")]
    assert feedback_lines(notes, names=[written, "C5"]) == [f"bar 1: {expected}"]
    assert feedback_lines(notes) == ["bar 1: you played Bb4 instead of C5"]  # no names: the keyboard's
