"""The Django-free skill core: evidence from graded notes, weak spots, the drill mapping, the level rule."""

from __future__ import annotations

import doctest
from datetime import UTC, datetime, timedelta

import pytest

import tutor.skills
from generation.melody import DrillParams, generate_drill
from music.key import make_key
from tutor.mastery import Observation as Obs
from tutor.mastery import mastery_by_tag
from tutor.skills import (
    GradedNote,
    Observation,
    drill_params_for_weak_spots,
    note_evidence,
    practice_setting_next,
    rank_weak_spots,
    spell_in_key,
)

G = make_key("G", "major")
NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def note(index: int, midi: int, *, pitch: str = "ok", timing: str = "ok", cents: float = 0.0,
         timing_error: float = 0.0, duration: float = 0.5, follows_rest: bool = False) -> GradedNote:
    return GradedNote(index, midi, index * 0.5, duration, pitch, timing, cents, timing_error, midi + cents / 100,
                      follows_rest)


def test_its_docstring_examples_hold() -> None:
    assert doctest.testmod(tutor.skills).failed == 0


@pytest.mark.parametrize(("midi", "tonic", "name"), [(66, "G", "F#4"), (70, "F", "Bb4"), (61, "D", "C#4"),
                                                      (63, "Eb", "Eb4"), (60, "C", "C4")])
def test_it_spells_a_midi_note_in_the_key(midi: int, tonic: str, name: str) -> None:
    assert spell_in_key(midi, make_key(tonic, "major")).name == name


def test_it_tags_a_flat_note_with_its_pitch_class_in_the_key_and_a_readable_detail() -> None:
    evidence = note_evidence([note(0, 67), note(1, 66, pitch="flat", cents=-38.0)], key=G, tempo_bpm=120)
    assert ("pc:F#@G", False, "F#4 38 cents flat") in evidence[1]
    assert ("pc:G@G", True, "G4 in tune (+0 cents)") in evidence[0]


def test_it_judges_an_interval_by_the_difference_of_the_two_notes() -> None:
    # A singer 30 cents flat throughout still sings the leap of a sixth in tune.
    evidence = note_evidence([note(0, 62, pitch="flat", cents=-30), note(1, 71, pitch="flat", cents=-30)],
                             key=G, tempo_bpm=120)
    assert ("int:+M6", True, "D4 to B4 in tune (+0 cents)") in evidence[1]
    undershot = note_evidence([note(0, 62), note(1, 71, pitch="flat", cents=-35)], key=G, tempo_bpm=120)
    assert ("int:+M6", False, "D4 to B4 35 cents narrow") in undershot[1]


def test_it_marks_a_late_entry_after_a_rest_with_milliseconds() -> None:
    evidence = note_evidence([note(0, 67), note(1, 69, timing="late", timing_error=0.21, follows_rest=True)],
                             key=G, tempo_bpm=120)
    assert ("rhy:after-rest", False, "A4 after a rest: 210 ms late") in evidence[1]


def test_it_tags_a_dotted_figure_it_can_tell_from_the_durations() -> None:
    # At 120 BPM a quarter is 0.5 s: 0.375 s + 0.125 s is a dotted eighth and a sixteenth.
    notes = [note(0, 67, duration=0.375), note(1, 69, duration=0.125, timing="early", timing_error=-0.12)]
    evidence = note_evidence(notes, key=G, tempo_bpm=120)
    assert ("rhy:dotted-8th-16th", False, "A4 in a dotted 8th 16th: 120 ms early") in evidence[1]


def test_a_missed_note_leaves_no_evidence_and_free_tempo_no_timing_evidence() -> None:
    evidence = note_evidence([note(0, 67), note(1, 69, pitch="missed", timing="missed")], key=G, tempo_bpm=120)
    assert evidence[1] == []
    free = note_evidence([note(0, 67), note(1, 69, follows_rest=True)], key=G, tempo_bpm=120, free_tempo=True)
    assert not any(tag.startswith("rhy:") for tag, _, _ in free[1])


def observations_of_a_flat_f_sharp(takes: int = 3) -> list[Observation]:
    """A G-major line G A F# G sung with F# 40 cents flat in every take."""
    out = []
    for take in range(takes):
        notes = [note(0, 67), note(1, 69), note(2, 66, pitch="flat", cents=-40), note(3, 67)]
        at = NOW - timedelta(days=3 - take)
        for index, items in note_evidence(notes, key=G, tempo_bpm=100).items():
            for tag, correct, detail in items:
                events = frozenset({(take, index - 1), (take, index)}) if tag.startswith("int:") \
                    else frozenset({(take, index)})
                out.append(Observation(tag, correct, detail, at, events))
    return out


def ranked(observations: list[Observation]) -> list[tutor.skills.WeakSpot]:
    masteries = mastery_by_tag([Obs(o.tag, o.correct, o.at) for o in observations], now=NOW)
    return rank_weak_spots(masteries, observations)


def test_a_flat_note_is_one_weak_spot_with_the_intervals_around_it_folded_in() -> None:
    spots = ranked(observations_of_a_flat_f_sharp(takes=9))
    assert [s.tag for s in spots] == ["pc:F#@G"]
    assert spots[0].summary == "F#4 in G major: flat in 9 of the last 9"
    assert set(spots[0].related) == {"int:-m3", "int:+m2"}  # A4 down to F#4, F#4 up to G4


def test_a_single_slip_among_few_answers_is_not_a_weak_spot() -> None:
    answers = [Observation("int:+m6", k != 2, "interval_identify", NOW, frozenset({("quiz", k)})) for k in range(4)]
    assert ranked(answers) == []
    wrong = [Observation("int:+m6", False, "interval_identify: major 6th", NOW, frozenset({("quiz", k)}))
             for k in range(4)]
    assert [s.summary for s in ranked(wrong)] == ["ascending minor sixth (+m6): wrong in 4 of the last 4"]


def test_the_drill_for_weak_spots_takes_key_notes_intervals_and_rests_from_them() -> None:
    params = drill_params_for_weak_spots(["pc:F#@G", "rhy:after-rest", "int:+m6", "clef:bass"], level=2, tempo=80,
                                         voice_range=(55, 79))
    assert params["key"] == "G" and params["target_notes"] == ["F#"]
    assert params["target_intervals"] == ["+m6"] and params["max_leap"] >= 8
    assert params["rests"] == 2 and params["tempo"] == 80
    assert (params["low"], params["high"]) == ("A3", "F5")  # the middle 20 semitones of G3..G5
    drill = generate_drill(DrillParams.preset(2, **{**params, "seed": 5}))
    assert {"pc:F#@G", "int:+m6", "rhy:after-rest"} <= set(drill.tags)
    assert all(57 <= n.midi <= 77 for n in drill.notes)


def test_a_rhythm_weak_spot_opens_the_values_it_needs() -> None:
    params = drill_params_for_weak_spots(["rhy:dotted-8th-16th"], level=1, tempo=72)
    assert params["target_rhythms"] == ["dotted-8th-16th"] and params["dots"] and "16th" in params["durations"]
    drill = generate_drill(DrillParams.preset(1, **{**params, "seed": 2}))
    assert "rhy:dotted-8th-16th" in drill.tags


@pytest.mark.parametrize(
    ("level", "tempo", "scores", "expected"),
    [
        (None, None, [], (2, 80, "start")),
        (2, 80, [90, 85], (2, 80, "hold")),  # too few takes to rise
        (2, 80, [60, 86, 90, 92], (2, 88, "rise")),  # the last three average 89 %
        (2, 96, [90, 90, 90], (3, 88, "rise")),  # past the level's tempo headroom: next level
        (2, 80, [90, 84, 84], (2, 88, "rise")),  # 86 % is past the 85 % threshold
        (2, 80, [90, 80, 82], (2, 80, "hold")),  # 84 % is not
        (3, 88, [80, 45, 40], (2, 80, "fall")),  # collapse: the last two average 42.5 %
        (1, 72, [30, 20], (1, 64, "fall")),  # level 1 cannot fall: slower instead
        (3, 88, [70, 60, 75], (3, 88, "hold")),
    ],
)
def test_level_and_tempo_rise_on_sustained_accuracy_and_fall_on_collapse(
    level: int | None, tempo: int | None, scores: list[float], expected: tuple[int, int, str]
) -> None:
    setting = practice_setting_next(level=level, tempo=tempo, recent_scores=scores)
    assert (setting.level, setting.tempo, setting.change) == expected
