"""Skill evidence from graded notes: pitch classes in the key, intervals, entries after rests, rhythm figures."""

from __future__ import annotations

import doctest

import pytest

import grading.evidence
from grading.evidence import GradedNote, note_evidence
from music.key import make_key
from music.spelling import spell_in_key

G = make_key("G", "major")


def note(index: int, midi: int, *, pitch: str = "ok", timing: str = "ok", cents: float = 0.0,
         timing_error: float = 0.0, duration: float = 0.5, follows_rest: bool = False) -> GradedNote:
    """A graded note of a line sung at 120 BPM, one note every half second."""
    return GradedNote(index=index, target_midi=midi, target_onset=index * 0.5, target_duration=duration,
                      sung_midi=midi + cents / 100, cents=cents, onset=None, timing_error=timing_error,
                      confidence=1.0, pitch=pitch, timing=timing, follows_rest=follows_rest)


def test_its_docstring_examples_hold() -> None:
    assert doctest.testmod(grading.evidence).failed == 0


@pytest.mark.parametrize(("midi", "tonic", "name"), [(66, "G", "F#4"), (70, "F", "Bb4"), (61, "D", "C#4"),
                                                      (63, "Eb", "Eb4"), (60, "C", "C4")])
def test_it_spells_a_midi_note_in_the_key(midi: int, tonic: str, name: str) -> None:
    assert spell_in_key(midi, make_key(tonic, "major")).name == name


def test_it_tags_a_flat_note_with_its_pitch_class_in_the_key_and_a_readable_detail() -> None:
    evidence = note_evidence([note(0, 67), note(1, 66, pitch="flat", cents=-38.0)], key=G, tempo_bpm=120)
    assert ("pc:F#@G", False, "F♯4 38 cents flat") in evidence[1]
    assert ("pc:G@G", True, "G4 in tune (+0 cents)") in evidence[0]


def test_it_judges_an_interval_by_the_difference_of_the_two_notes() -> None:
    # A singer 30 cents flat throughout still sings the leap of a sixth in tune.
    evidence = note_evidence([note(0, 62, pitch="flat", cents=-30), note(1, 71, pitch="flat", cents=-30)],
                             key=G, tempo_bpm=120)
    assert ("int:+M6", True, "D4 to B4 in tune (+0 cents)") in evidence[1]
    undershot = note_evidence([note(0, 62, cents=15), note(1, 71, cents=-15)], key=G, tempo_bpm=120)
    assert ("int:+M6", False, "D4 to B4 30 cents narrow") in undershot[1]


@pytest.mark.parametrize(("prev", "this"), [
    (("ok", 0.0), ("flat", -35.0)),  # the note it lands on is flat: that note's slip
    (("sharp", 40.0), ("ok", 0.0)),  # the note it leaves was sharp, and the singer found the next one
    (("ok", 0.0), ("wrong", -200.0)),  # a wrong note: charged once, as a wrong note
    (("wrong", -200.0), ("ok", 0.0)),
    (("flat", -40.0), ("wrong", -200.0)),  # both charged on their own: the interval is their difference
])
def test_an_interval_off_only_because_a_note_is_off_leaves_no_evidence(
    prev: tuple[str, float], this: tuple[str, float]
) -> None:
    evidence = note_evidence([note(0, 62, pitch=prev[0], cents=prev[1]), note(1, 71, pitch=this[0], cents=this[1])],
                             key=G, tempo_bpm=120)
    assert not [item for item in evidence[1] if item[0].startswith("int:")]
    assert [item[0] for item in evidence[0] + evidence[1] if not item[1]]  # the note itself is still charged


def test_it_marks_a_late_entry_after_a_rest_with_milliseconds() -> None:
    evidence = note_evidence([note(0, 67), note(1, 69, timing="late", timing_error=0.21, follows_rest=True)],
                             key=G, tempo_bpm=120)
    assert ("rhy:after-rest", False, "A4 after a rest: 210 ms late") in evidence[1]


def test_it_tags_a_dotted_figure_it_can_tell_from_the_durations() -> None:
    # At 120 BPM a quarter is 0.5 s: 0.375 s + 0.125 s is a dotted eighth and a sixteenth.
    notes = [note(0, 67, duration=0.375), note(1, 69, duration=0.125, timing="early", timing_error=-0.12)]
    evidence = note_evidence(notes, key=G, tempo_bpm=120)
    assert ("rhy:dotted-8th-16th", False, "A4 in dotted eighth–sixteenth: 120 ms early") in evidence[1]


def test_a_missed_note_leaves_no_evidence_and_free_tempo_no_timing_evidence() -> None:
    evidence = note_evidence([note(0, 67), note(1, 69, pitch="missed", timing="missed")], key=G, tempo_bpm=120)
    assert evidence[1] == []
    free = note_evidence([note(0, 67), note(1, 69, follows_rest=True)], key=G, tempo_bpm=120, free_tempo=True)
    assert not any(tag.startswith("rhy:") for tag, _, _ in free[1])
