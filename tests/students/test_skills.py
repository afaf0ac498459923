"""The Django-free half of the profile: weak spots ranked and explained, the drill aimed at them, the level rule."""

from __future__ import annotations

import doctest
from datetime import UTC, datetime, timedelta

import pytest

import students.skills
from generation.melody import DrillParams, generate_drill
from grading.evidence import note_evidence
from music.key import make_key
from students.skills import Observation, drill_params_for_weak_spots, practice_setting_next, rank_weak_spots
from tests.grading.test_evidence import note
from tutor.mastery import Observation as Obs
from tutor.mastery import mastery_by_tag

G = make_key("G", "major")
NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def test_its_docstring_examples_hold() -> None:
    assert doctest.testmod(students.skills).failed == 0


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


def ranked(observations: list[Observation]) -> list[students.skills.WeakSpot]:
    masteries = mastery_by_tag([Obs(o.tag, o.correct, o.at) for o in observations], now=NOW)
    return rank_weak_spots(masteries, observations)


def test_a_flat_note_is_one_weak_spot_and_the_intervals_around_it_are_not_charged() -> None:
    observations = observations_of_a_flat_f_sharp(takes=9)
    spots = ranked(observations)
    assert [s.tag for s in spots] == ["pc:F#@G"]
    assert spots[0].summary == "F♯4 in G major: flat in 9 of the last 9"
    # A4 down to F#4 and F#4 up to G4 are the flat F# again, not intervals sung wrong.
    assert not [o for o in observations if o.tag.startswith("int:") and not o.correct]


#: Twinkle, Twinkle in C major, as MIDI numbers: the tune of the student who walked the site.
TWINKLE = [60, 60, 67, 67, 69, 69, 67, 65, 65, 64, 64, 62, 62, 60, 67, 67, 65, 65, 64, 64, 62,
           67, 67, 65, 65, 64, 64, 62, 60, 60, 67, 67, 69, 69, 67, 65, 65, 64, 64, 62, 62, 60]
C = make_key("C", "major")


def twinkle_takes(takes: int) -> list[Observation]:
    """Twinkle sung with the second E of three "E E D"s sung as D4, and two of its eight Fs 40 cents flat."""
    es = [k for k, m in enumerate(TWINKLE) if m == 64]
    fs = [k for k, m in enumerate(TWINKLE) if m == 65]
    out = []
    for take in range(takes):
        notes = [note(k, m, pitch="wrong", cents=-200) if k in (es[1], es[3], es[5])
                 else note(k, m, pitch="flat", cents=-40) if k in (fs[2], fs[4]) else note(k, m)
                 for k, m in enumerate(TWINKLE)]
        at = NOW - timedelta(hours=takes - take)
        for index, items in note_evidence(notes, key=C, tempo_bpm=100).items():
            for tag, correct, detail in items:
                events = frozenset({(take, index - 1), (take, index)}) if tag.startswith("int:") \
                    else frozenset({(take, index)})
                out.append(Observation(tag, correct, detail, at, events))
    return out


def test_a_wrong_note_now_and_then_is_the_weak_spot_not_the_falling_second_after_it() -> None:
    # Main charged "E4 to D4 200 cents narrow" to the falling major second after each wrong E, and a flat F's
    # "G4 to F4 40 cents wide" to it too: the interval outranked the note and took E in C major in as related.
    observations = twinkle_takes(takes=5)
    spots = ranked(observations)
    assert [s.tag for s in spots] == ["pc:E@C"]
    assert spots[0].summary == "E4 in C major: a wrong note in 3 of the last 10"  # 3 of 8 Es a take
    assert not [o for o in observations if o.tag == "int:-M2" and not o.correct]
    params = drill_params_for_weak_spots([s.tag for s in spots], level=2, tempo=80)
    assert params["key"] == "C" and params["target_notes"] == ["E"] and params["target_intervals"] == []


def test_a_line_that_sinks_or_is_sung_a_tone_low_charges_no_interval() -> None:
    sinking = [note(k, m, pitch="ok" if k < 8 else "flat" if k < 20 else "wrong", cents=-3.0 * k)
               for k, m in enumerate(TWINKLE)]
    low = [note(k, m, pitch="wrong", cents=-200) for k, m in enumerate(TWINKLE)]
    for notes in (sinking, low):
        items = [i for ev in note_evidence(notes, key=C, tempo_bpm=100).values() for i in ev]
        intervals = [i for i in items if i[0].startswith("int:")]
        assert intervals and all(correct for _, correct, _ in intervals)


def test_a_single_slip_among_few_answers_is_not_a_weak_spot() -> None:
    answers = [Observation("int:+m6", k != 2, "interval_identify", NOW, frozenset({("quiz", k)})) for k in range(4)]
    assert ranked(answers) == []
    wrong = [Observation("int:+m6", False, "interval_identify: major 6th", NOW, frozenset({("quiz", k)}))
             for k in range(4)]
    assert [s.summary for s in ranked(wrong)] == ["rising minor sixth: wrong in 4 of the last 4"]


def test_wrong_quiz_answers_that_name_sharps_are_wrong_not_sharp() -> None:
    # Nine wrong key signatures ("1 sharp: F♯") read "key signatures: sharp in 9 of the last 10", as if sung sharp.
    wrong = [Observation("key:A", False, "key_signature_construct: 1 sharp: F♯", NOW, frozenset({("quiz", k)}),
                         from_quiz=True) for k in range(9)]
    right = [Observation("key:A", True, "key_signature_construct: 3 sharps: F♯ C♯ G♯", NOW, frozenset({("quiz", 9)}),
                         from_quiz=True)]
    assert [s.summary.split(": ", 1)[1] for s in ranked(wrong + right)] == ["wrong in 9 of the last 10"]


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
