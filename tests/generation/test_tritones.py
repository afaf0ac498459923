"""Up to level 4 a melodic tritone is sung as a sight-singer is taught it, fa-ti or ti-fa resolving by step the way it
leans (ti up to do, fa down to mi; re-le in minor, le down to sol); from level 5, or where the request asks for
tritones, it goes where the tune takes it.

The teacher's audit (benchmarks/drill_audit.py) found tritones at levels 3-4 left by a leap (D minor, level 4:
``G4 Bb4 E4 | G4 E4 G4 C4``): the sampler damped augmented and diminished intervals at levels 1-3 only and nothing
looked at the note after one.
"""

from dataclasses import replace

from generation.melody import DrillParams, generate_drill, parse_request
from generation.melody.check import check_drill
from generation.melody.structure import tritone_resolution
from tests.generation.drill_grid import request_grid

KEYS = ["C", "G", "D", "A", "E", "F", "Bb", "Eb", "F#", "Ab"]
MODES = ["major", "minor", "harmonic-minor", "melodic-minor", "dorian", "mixolydian", "lydian", "phrygian"]
METERS = ["2/4", "3/4", "4/4", "6/8", "9/8"]
RANGES = [None, "A3-E5", "D4-G5", "G3-G5", "E2-C4"]
PROGRESSIONS = [None, None, "I IV V I", "I vi IV V", "i iv V i"]


def tritones(drill) -> list[tuple[int, bool]]:
    """Each melodic tritone's note index and whether the note after it steps the way it resolves."""
    notes = drill.notes
    out = []
    for i, (a, b) in enumerate(zip(notes, notes[1:], strict=False)):
        way = tritone_resolution(a.pitch.diatonic, a.midi, b.pitch.diatonic, b.midi)
        if way:
            after = notes[i + 2].midi - b.midi if i + 2 < len(notes) else 0
            out.append((i, 1 <= after * way <= 2))
    return out


def test_tritone_resolution_follows_the_spelling():
    assert tritone_resolution(3, 65, 6, 71) == 1  # F4 up to B4 (augmented 4th): ti up to do
    assert tritone_resolution(6, 71, 3, 65) == -1  # B4 down to F4 (augmented 4th): fa down to mi
    assert tritone_resolution(6, 59, 10, 65) == -1  # B3 up to F4 (diminished 5th): fa down to mi
    assert tritone_resolution(10, 65, 6, 59) == 1  # F4 down to B3: ti up to do
    assert tritone_resolution(1, 62, 5, 68) == -1  # D4 up to Ab4 in C minor (diminished 5th): le down to sol
    assert tritone_resolution(0, 60, 2, 64) == 0  # C4 E4: no tritone


def test_tritones_up_to_level_4_resolve_by_step():
    # Before: 19 of these 120 drills (levels 3 and 4, seven-note modes) sang a tritone, 15 left one unresolved
    # (D minor: D5 G#4 F#4; E phrygian: B3 F4 D4); after, 13 and 0.
    sung = 0
    for request in request_grid(120, seed=5, levels=(3, 4), keys=KEYS, modes=MODES, meters=METERS, ranges=RANGES,
                                progressions=PROGRESSIONS, bass_clef_range="E2-C4"):
        drill = generate_drill(DrillParams.preset(**request))
        assert check_drill(drill) == []
        found = tritones(drill)
        sung += bool(found)
        assert all(resolved for _, resolved in found), (request, drill.note_list())
    assert sung >= 8, sung  # still sung, as fa-ti and ti-fa


def test_a_request_for_tritones_gets_them_free():
    params = parse_request("level 4 melody in C major, practise tritones").params
    found = [t for seed in range(3) for t in tritones(generate_drill(replace(params, seed=seed)))]
    assert len(found) >= 6
    assert not all(resolved for _, resolved in found)  # practised as leaps, not only as fa-ti-do


#: Audit requests (drill_audit.py, seeds 1 and 3) whose tritone was left unresolved at level 4 with the weight soft.
UNRESOLVED_ON_THE_AUDIT = [
    # A returning bar's planned resolution (B4 after F#4 C5) that a target interval's quota ruled out was trusted
    # by the look-ahead, so the tritone was sung where nothing could resolve it: F#4 C5 G4.
    dict(level=4, key="D", mode="mixolydian", meter="3/8", seed=846, target_intervals=["+M3"]),
    # The resolution damped by other weights (G4 over the saved high point, unlikely to the model) lost to
    # the 1e-3 the others weighed: C4 F#4 E4.
    dict(level=4, key="B", mode="phrygian", meter="3/4", seed=652, range="A3-E5"),
]


def test_the_audits_unresolved_tritones_resolve():
    for request in UNRESOLVED_ON_THE_AUDIT:
        drill = generate_drill(DrillParams.preset(**request))
        assert check_drill(drill) == []
        assert all(resolved for _, resolved in tritones(drill)), (request, drill.note_list())


#: Audit requests (drill_audit.py, seeds 23 and 24) whose tritone was forced two notes ahead: the note before it left
#: only the tritone as a way on, and the tritone's own next note was fixed by a target interval's quota or the final.
FORCED_TWO_NOTES_AHEAD = [
    # A returning bar's C-sharp5 (a step from B4) followed only by G4, and G4 only by B4, the quota's +M3.
    dict(level=4, key="E", mode="dorian", meter="2/2", seed=300, target_intervals=["+M3"]),
    # Into the final of a bass-clef tune: G3 could go on only to C-sharp3, whose next note is the final F-sharp2.
    dict(level=3, key="F#", mode="phrygian", meter="2/4", seed=549, range="E2-C4", clef="bass",
         progression="I vi IV V"),
    # Bb4 left only Fb4, which the +M3 quota sent on to Ab4 (Bb4 Fb4 Ab4).
    dict(level=4, key="Db", mode="dorian", meter="3/8", seed=505, range="C4-C5", target_intervals=["+M3"]),
    # Cb5 left only F4, which the +P4 quota sent on to Bb4 (Cb5 F4 Bb4).
    dict(level=4, key="Ab", mode="dorian", meter="2/4", seed=338, target_intervals=["+P4"]),
]


def test_a_tritone_forced_two_notes_ahead_is_not_sung():
    for request in FORCED_TWO_NOTES_AHEAD:
        drill = generate_drill(DrillParams.preset(**request))
        assert check_drill(drill) == []
        assert all(resolved for _, resolved in tritones(drill)), (request, drill.note_list())
