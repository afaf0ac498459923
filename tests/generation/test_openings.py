"""Where a drill starts, and which scale degrees a minor tune leans on.

Songs start on sol as often as on do (the Essen songs that begin on a downbeat: do 34 %, mi 17 %, sol 30 %), so a
sight-singing drill that always starts on do teaches one opening. The start varies among the tonic triad's tones
while the key is still heard first: the first bar's strong beats are tonic-triad tones and the accompaniment opens
on the tonic chord. Minor tunes outline their triad (me and sol) rather than sitting on re.
"""

import collections
import random

import pytest

from generation.accompaniment import generate_accompaniment
from generation.melody import DrillParams, generate_drill
from generation.melody.check import check_drill

KEYS = ["C", "G", "D", "A", "E", "F", "Bb", "Eb"]
SEVEN_NOTE_MODES = ["major", "minor", "harmonic-minor", "melodic-minor", "dorian", "mixolydian", "lydian", "phrygian"]
METERS = ["4/4", "3/4", "2/4", "6/8", "3/8"]


def _drills(n: int, seed: int, **fixed: object) -> list:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        request = dict(level=1 + i % 6, key=rng.choice(KEYS), mode=rng.choice(SEVEN_NOTE_MODES),
                       meter=rng.choice(METERS), seed=rng.randrange(10**6))
        request.update(fixed)
        drill = generate_drill(DrillParams.preset(**request))
        assert check_drill(drill) == []
        out.append(drill)
    return out


@pytest.fixture(scope="module")
def varied() -> list:
    return _drills(96, seed=5)


def test_melodies_start_on_do_mi_or_sol_about_as_often_as_songs_do(varied) -> None:
    starts = collections.Counter(d.key.degree_of(d.notes[0].pitch) for d in varied)
    assert set(starts) <= {0, 2, 4}, starts  # a tone of the tonic triad, never re or ti
    share = {degree: starts[degree] / len(varied) for degree in (0, 2, 4)}
    # Aimed at do 0.42, mi 0.21, sol 0.37 (a start off the tonic falls back to it where no melody fits).
    assert 0.3 <= share[0] <= 0.6, share
    assert share[2] >= 0.1 and share[4] >= 0.2, share


def test_a_start_on_mi_or_sol_still_sets_out_from_the_tonic_chord(varied) -> None:
    off = [d for d in varied if d.notes[0].midi % 12 != d.key.tonic_pc]
    assert len(off) >= 30
    for drill in off:
        triad = {pc for pc in drill.key.pcs if drill.key.degree_of_pc(pc) in (0, 2, 4)}
        strong = [n for n in drill.notes if n.bar == 0 and n.strong]
        assert {n.midi % 12 for n in strong} <= triad, drill.note_list()
        opening = generate_accompaniment(drill, style="block").chords[0][1]
        assert opening.pcs[0] == drill.key.tonic_pc, (opening.figure, drill.note_list())


def test_a_start_off_the_tonic_lies_above_the_final_tonic_within_a_fifth(varied) -> None:
    for drill in varied:
        if drill.notes[0].midi % 12 != drill.key.tonic_pc:
            assert 0 < drill.notes[0].midi - drill.notes[-1].midi <= 7, drill.note_list()


def test_a_teacher_who_asks_for_the_tonic_start_gets_it() -> None:
    for drill in _drills(24, seed=6, start_on_tonic=True):
        assert drill.notes[0].midi % 12 == drill.key.tonic_pc


def test_a_request_not_to_start_on_the_tonic_starts_on_mi_or_sol() -> None:
    for drill in _drills(24, seed=7, start_on_tonic=False):
        assert drill.key.degree_of(drill.notes[0].pitch) in (2, 4), drill.note_list()


@pytest.mark.parametrize(("kind", "mode"), [("scale", "major"), ("interval", "minor"), ("melody", "gong"),
                                            ("melody", "zhi"), ("melody", "locrian")])
def test_scales_intervals_and_modes_without_a_triad_to_choose_from_start_on_the_tonic(kind, mode) -> None:
    for seed in range(6):
        drill = generate_drill(DrillParams.preset(3, kind=kind, key="D", mode=mode, seed=seed))
        assert drill.notes[0].midi % 12 == drill.key.tonic_pc


def test_the_same_seed_gives_the_same_opening() -> None:
    params = DrillParams.preset(3, key="A", mode="minor", seed=1234)
    assert generate_drill(params).note_list() == generate_drill(params).note_list()


def _inner_shares(drills: list) -> list[float]:
    counts = collections.Counter(d.key.degree_of(n.pitch) for d in drills for n in d.notes[1:-1])
    total = sum(counts.values())
    return [counts[degree] / total for degree in range(7)]


def test_minor_tunes_outline_their_triad_rather_than_sitting_on_re() -> None:
    rng = random.Random(8)
    drills = [generate_drill(DrillParams.preset(2 + i % 5, key=rng.choice(KEYS), mode="minor",
                                                seed=rng.randrange(10**6))) for i in range(60)]
    do, re, me, fa, sol, le, te = _inner_shares(drills)
    # Aarden's profile of the Essen minor songs: do 0.187, re 0.144, me 0.172, sol 0.190 (triad 0.549). Without a
    # pull the drills sang re 0.203 over me 0.142, and the triad 0.495.
    assert me > re, (re, me)
    # 0.520 here at 29db596 and 0.518 since fewer notes drone (droneless); on 200 drills drawn the same way from
    # random.Random(99) and (7), 0.515 and 0.522 at 29db596, 0.517 and 0.524 since.
    assert do + me + sol >= 0.51, (do, me, sol)


@pytest.mark.parametrize("degree", [3, 5, 2])
def test_a_start_degree_asked_for_is_the_first_note(degree) -> None:
    # "Start on sol" names the degree: mi or sol drawn at random (start_on_tonic=False) is not what was asked.
    for drill in _drills(18, seed=9, start_degree=degree):
        assert drill.key.degree_of(drill.notes[0].pitch) == degree - 1, drill.note_list()


@pytest.mark.parametrize(("text", "degree"), [("start on sol", 5), ("从sol开始", 5), ("从5开始，G大调", 5),
                                              ("start on mi", 3), ("以3开头", 3), ("a tune that begins on the fifth", 5),
                                              ("从属音开始", 5)])
def test_a_start_said_in_words_pins_that_degree(text, degree) -> None:
    from generation.melody.request import parse_request

    result = parse_request(text)
    assert result.params.start_degree == degree and result.params.start_on_tonic is False, result.understood
    assert result.ignored == []
    drill = generate_drill(result.params.replace(seed=3))
    assert drill.key.degree_of(drill.notes[0].pitch) == degree - 1


def test_a_bar_number_or_the_tonic_is_no_start_degree() -> None:
    from generation.melody.request import parse_request

    assert parse_request("从第5小节开始").params.start_degree is None
    tonic = parse_request("从1开始").params
    assert tonic.start_on_tonic is True and tonic.start_degree is None


def test_a_start_degree_that_cannot_be_met_is_named() -> None:
    from generation.melody.errors import InfeasibleRequest, InvalidParams

    with pytest.raises(InvalidParams, match=r"^start_degree: 9 is not a scale degree"):
        DrillParams.preset(3, start_degree=9)
    with pytest.raises(InvalidParams, match=r"^start_degree: 5 is not the tonic"):
        DrillParams.preset(3, start_degree=5, start_on_tonic=True)
    with pytest.raises(InfeasibleRequest, match=r"^start_degree: the range C4-F4 holds no degree 5"):
        generate_drill(DrillParams.preset(3, range="C4-F4", start_degree=5, seed=1))


@pytest.mark.parametrize("text", [
    "Write a 8 bar melodie in A flat major, 4/4, starting and ending on the tonic, with some triplets",
    "sight-singing in E minor, 6/8, start and end on the tonic, 16 bars",
    "C major, begins and ends on do",
    "G大调视唱，首尾都在主音，八小节",
    "D大调，从主音开始，以主音结束",
])
def test_start_and_end_on_the_tonic_in_one_phrase_pins_both_ends(text):
    # Since drills may open on mi or sol by default, "start and end on the tonic" must set the start explicitly.
    from generation.melody.request import parse_request

    params = parse_request(text).params
    assert params.start_on_tonic is True
    assert params.start_degree is None
    assert params.end_on_tonic is True
