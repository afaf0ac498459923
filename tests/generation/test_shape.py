"""A drill's line as a teacher reads it: where it ends, how it leaps, where its high point is."""

import numpy as np
import pytest

from generation.melody import DrillParams, generate_drill
from generation.melody.check import check_drill
from generation.melody.phrase import plan_phrases
from generation.melody.structure import PEAK_PLACES, drill_bars, shape_of, shape_summary

#: Level-1 four-bar requests whose last two bars must hold a target: the half cadence's degree left the target
#: no room, the cadence rules were dropped and the tune ended on beat 2 (drill_audit.py, seed 1).
TARGET_AT_THE_END = [
    dict(key="C", mode="major", meter="2/4", seed=641, range="D4-G5", target_notes=["F"], progression="I vi IV V"),
    dict(key="B", mode="zhi", meter="6/8", seed=442, range="D4-G5", target_intervals=["+M3"]),
    dict(key="C", mode="phrygian", meter="3/4", seed=300, target_intervals=["+M3"], progression="I IV V I"),
    dict(key="D", mode="melodic-minor", meter="6/8", seed=918, range="E2-C4", clef="bass", target_intervals=["+M3"]),
]


@pytest.mark.parametrize("request_", TARGET_AT_THE_END)
def test_a_level_one_tune_with_a_target_in_its_last_bars_still_ends_on_the_downbeat(request_):
    drill = generate_drill(DrillParams.preset(1, **request_))
    assert check_drill(drill) == []  # the targets are still in every window
    last, bar = drill.notes[-1], drill.meter.bar_length
    assert last.offset == bar * (drill.params.bars - 1), drill.note_list()[-3:]
    assert last.midi % 12 == drill.key.tonic_pc


def _drills(levels, keys, seeds, **more):
    return [generate_drill(DrillParams.preset(level, key=key, mode=mode, seed=seed, **more))
            for level in levels for key, mode in keys for seed in seeds]


def test_a_tune_comes_home_to_the_tonic_it_set_out_from_not_above_everything_it_sang():
    # C minor, level 3: C4 ... G4 Bb4 F4 Eb4 G4 | C5 (a leap up to a tonic above the whole tune) before; 8 of
    # these 48 drills ended above every note before their last, against 0.3 % of the Essen songs.
    drills = _drills((1, 2, 3), (("C", "minor"), ("D", "minor"), ("G", "major"), ("A", "major")), range(4))
    for d in drills:
        assert check_drill(d) == []
        midis = [n.midi for n in d.notes]
        assert midis[-1] <= max(midis[:-1]), d.note_list()
        # Home is where it began, or the tonic a third or a fifth under a start on mi or sol.
        assert midis[0] - midis[-1] in ((0,) if midis[0] % 12 == d.key.tonic_pc else (3, 4, 7)), d.note_list()
        assert abs(midis[-1] - midis[-2]) <= 7, d.note_list()  # from near by: a step, a third, the fifth


def test_after_a_leap_the_line_turns_rather_than_leaping_on_and_keeps_one_high_point():
    # Levels 4-6: another leap the same way after a fourth or more (C4 F4 A4) was 0.049 of leaps before
    # (the Essen songs 0.060, the audit's drills 0.089); the highest note struck in three or more places
    # in 17 of these 48 tunes before.
    shapes = [shape_of(drill_bars(d.notes)) for d in _drills((4, 5, 6), (("C", "major"), ("E", "minor")), range(8))]
    summary = shape_summary(shapes)
    # 0.022 after; 0.040 with the planned high point (12 of these 300 leaps, 7 before; the audit's 720 drills a
    # seed: 0.065 -> 0.066 and 0.069 -> 0.065, benchmarks/README_generation.md, fourth round).
    assert summary["leap_on"] <= 0.045, summary
    assert summary["leap_recovery"] >= 0.2, summary


def test_the_high_point_comes_once_in_short_tunes():
    shapes = [shape_of(drill_bars(d.notes))
              for d in _drills((1, 2, 3), (("C", "minor"), ("D", "minor"), ("G", "major"), ("A", "major")), range(6))]
    many = sum(s["peaks"] >= PEAK_PLACES for s in shapes)
    assert many <= 18, many  # 25 of these 72 before, 13 after


def test_shape_of_reads_leaps_peaks_and_the_last_note():
    tune = [((60, 1.0), (65, 1.0)), ((64, 1.0), (67, 1.0)), ((72, 1.0), (76, 1.0)), ((72, 1.0), (60, 2.0))]
    s = shape_of(tune)
    # 60-65 (a fourth) is recovered by 64; 67-72 (a fourth) goes on to 76 (a third the same way); the last
    # move (72-60) has nothing after it and is not counted.
    assert (s["leaps"], s["recovered"], s["leap_on"]) == (2, 1, 1)
    assert s["peaks"] == 1 and s["final_above"] == 0
    assert s["rhythm_returns"] == 0.5


@pytest.mark.parametrize(("bars", "form", "wanted"), [
    (8, "ABAC", {1: "half", 3: "half", 5: "half", 7: "authentic"}),  # 2+2 | 2+2: bar 4 was authentic
    (12, "AA'B", {3: "half", 7: "authentic", 11: "authentic"}),  # no midpoint cadence: A' answers A
    (8, "period", {3: "half", 7: "authentic"}),
    (16, "AABA", {3: "half", 7: "authentic", 11: "half", 15: "authentic"}),  # two periods: an answer midway
])
def test_a_short_tune_asks_its_question_midway_and_answers_only_at_the_end(bars, form, wanted):
    assert plan_phrases(bars, form, np.random.default_rng(0)).cadences == wanted


def test_an_eight_bar_tune_does_not_come_home_at_its_midpoint():
    home = 0
    for seed in range(12):
        d = generate_drill(DrillParams.preset(3, key="F", form="ABAC", seed=seed))
        assert check_drill(d) == []
        mid = [n for n in d.notes if n.bar == 3]
        home += mid[-1].midi % 12 == d.key.tonic_pc
    assert home <= 2, home  # every one of the 12 held the tonic at the end of bar 4 before


#: Keys, meters and ranges in turn (levels 1-6, 8-16 bars), as the teacher's audit draws them.
CLIMAX_KEYS = (("C", "major"), ("D", "minor"), ("Bb", "dorian"), ("E", "gong"), ("F#", "mixolydian"), ("A", "yu"))
CLIMAX_METERS = ("2/4", "3/4", "4/4", "6/8", "3/8", "9/8")
CLIMAX_RANGES = ("C4-C5", "A3-E5", "G3-G5", "D4-G5", None, None)


def test_the_high_point_comes_about_two_fifths_of_the_way_through():
    # The held-out Essen songs first strike their highest note at 0.38 of the tune; these 60 drills did at 0.25
    # before the plan saved it (19 of them in their first eighth), 0.41 after.
    places = []
    for seed in range(60):
        key, mode = CLIMAX_KEYS[seed % 6]
        request = dict(key=key, mode=mode, meter=CLIMAX_METERS[(seed // 2) % 6], bars=(8, 12, 16, 8)[seed % 4],
                       seed=seed)
        if CLIMAX_RANGES[(seed // 6) % 6]:
            request["range"] = CLIMAX_RANGES[(seed // 6) % 6]
        drill = generate_drill(DrillParams.preset(1 + seed % 6, **request))
        assert check_drill(drill) == []
        places.append(shape_of(drill_bars(drill.notes))["climax_at"])
    mean = sum(places) / len(places)
    assert 0.32 <= mean <= 0.48, mean
    # 15 allowed until a tune that opens on mi had room above it before its high point (droneless): 18 of these 60
    # since, by chance of the sample; over seeds 60-299 of the same grid main at 29db596 struck its high point in
    # the first eighth in 72 of 240 drills (0.30), droneless in 67.
    assert sum(p < 0.125 for p in places) <= 18, places


@pytest.mark.parametrize(("bars", "form"), [(8, "ABAC"), (8, "period"), (12, "AA'B"), (16, "AABA"), (4, "")])
def test_the_plan_puts_the_high_point_in_a_bar_of_new_notes_inside_the_tune(bars, form):
    for seed in range(20):
        plan = plan_phrases(bars, form, np.random.default_rng(seed))
        assert plan.climax is not None and 1 <= plan.climax <= bars - 2, plan.climax
        link = plan.links.get(plan.climax)
        assert link is None or link.relation != "repeat", (seed, link)


def test_a_seven_note_tune_comes_home_by_step_not_by_a_leap_from_the_fifth():
    # The held-out Essen songs come home from re (48 %), ti (18 %) or do again (9 %), from sol in 4.5 %; the
    # audit's drills leapt home from sol in 34 % (these 40: 12 before, 3 after).
    drills = _drills((2, 3, 4, 5, 6), (("C", "major"), ("G", "major"), ("D", "minor"), ("F", "major")), range(2))
    from_fifth = 0
    for d in drills:
        assert check_drill(d) == []
        tonic = d.key.tonic_pc
        assert d.notes[-1].midi % 12 == tonic
        from_fifth += (d.notes[-2].midi - tonic) % 12 == 7
    assert from_fifth <= len(drills) // 6, f"{from_fifth} of {len(drills)} leap home from the fifth"


def test_a_pentatonic_tune_still_comes_home_from_its_fifth_as_its_cadence_allows():
    # The five-note cadence (zhi-gong, sol-do) is left as it was: the fifth is no leap to shun there.
    drills = _drills((3, 4), (("C", "gong"), ("G", "gong")), range(4))
    assert any((d.notes[-2].midi - d.key.tonic_pc) % 12 == 7 for d in drills)


def test_a_major_tune_outlines_its_tonic_triad_as_the_songs_do():
    # Between its first and last notes a major drill sang do, la and ti more than the held-out Essen songs and
    # mi, fa and sol less (la + ti 0.240 of these notes, mi + sol 0.277 before, 0.194 and 0.340 after; the songs
    # that end on their tonic 0.129 and 0.379).
    drills = _drills((2, 3, 4, 5, 6), (("C", "major"), ("F", "major"), ("A", "major")), range(2))
    share = np.zeros(12)
    for d in drills:
        assert check_drill(d) == []
        for n in d.notes[1:-1]:
            share[(n.midi - d.key.tonic_pc) % 12] += 1
    share /= share.sum()
    assert share[9] + share[11] <= 0.215, share.round(3)
    assert share[4] + share[7] >= 0.31, share.round(3)
