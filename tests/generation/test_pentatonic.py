"""Pentatonic drills (五声调式): only the five notes, the mode's tonic at both ends, the 宫's signature, and
refusals of what five notes cannot hold; rendered as staff, 简谱 and with an accompaniment."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generation.accompaniment import STYLES, generate_accompaniment, melody_from_file
from generation.melody import DrillParams, InfeasibleRequest, generate_drill
from generation.melody.check import check_drill, longest_two_pitch_stretch
from generation.melody.generate import cadence_degrees
from generation.melody.messages_zh import refusal_zh
from generation.render import render_drill
from generation.render.jianpu import jianpu_from_musicxml, jianpu_svg, layout
from music.key import Key, key_pitches, make_key
from music.pitch import parse_pitch

#: Semitones from the 宫 (do) to each mode's tonic: 宫 do, 商 re, 角 mi, 徵 sol, 羽 la.
FROM_GONG = {"gong": 0, "major-pentatonic": 0, "shang": 2, "jue": 4, "zhi": 7, "yu": 9, "minor-pentatonic": 9}

CASES = [  # (level, key, mode, seed)
    (2, "C", "gong", 1), (3, "G", "gong", 2), (4, "F", "gong", 3),
    (2, "D", "zhi", 4), (3, "G", "zhi", 5), (5, "A", "zhi", 6),
    (2, "A", "yu", 7), (3, "E", "yu", 8), (4, "D", "yu", 9), (6, "F#", "yu", 10),
    (3, "D", "shang", 11), (3, "E", "jue", 12), (4, "Bb", "major-pentatonic", 13), (3, "C", "minor-pentatonic", 14),
]


def _drill(level: int, key: str, mode: str, seed: int, **more: object) -> object:
    return generate_drill(DrillParams.preset(level, key=key, mode=mode, seed=seed, **more))


@pytest.mark.parametrize(("level", "key", "mode", "seed"), CASES)
def test_every_note_is_one_of_the_five_and_the_tune_ends_on_the_modes_tonic(level, key, mode, seed) -> None:
    drill = _drill(level, key, mode, seed)
    five = set(make_key(key, mode).pcs)
    assert len(five) == 5
    assert {n.midi % 12 for n in drill.notes} <= five, drill.note_list()
    gong = parse_pitch(Key.from_fifths(drill.key.fifths).tonic + "4").midi % 12
    assert (drill.notes[0].midi - gong) % 12 == FROM_GONG[mode]
    assert (drill.notes[-1].midi - gong) % 12 == FROM_GONG[mode]  # 徵 ends on sol, 羽 on la
    assert check_drill(drill) == []


def test_it_does_not_rock_between_two_notes() -> None:
    """Listening proxy: the longest stretch on only two pitches (seven-note drills: 5.9 notes on average, 10 at
    most, in benchmarks/pentatonic.py; pentatonic ones sampled by letter steps averaged 10)."""
    stretches = [longest_two_pitch_stretch([n.midi for n in _drill(*case).notes]) for case in CASES]
    assert sum(stretches) / len(stretches) <= 6.5, stretches
    assert max(stretches) <= 10, stretches


@pytest.mark.parametrize(("key", "mode", "fifths"), [
    ("G", "gong", 1), ("D", "zhi", 1), ("A", "yu", 0), ("E", "jue", 0), ("D", "shang", 0), ("C", "yu", -3),
    ("Bb", "gong", -2), ("A", "minor-pentatonic", 0),
])
def test_the_signature_is_the_gongs(key: str, mode: str, fifths: int) -> None:
    assert make_key(key, mode).fifths == fifths


def test_the_levels_accidentals_do_not_take_it_off_its_five_notes() -> None:
    drill = _drill(6, "G", "gong", 21)
    assert drill.params.accidentals
    assert {n.name.rstrip("0123456789") for n in drill.notes} <= {"G", "A", "B", "D", "E"}


@pytest.mark.parametrize(("level", "key", "mode", "seed"), CASES)
def test_phrases_end_on_the_tonic_or_its_dominant_stand_in(level, key, mode, seed) -> None:
    drill = _drill(level, key, mode, seed)
    approach, half = cadence_degrees(drill.key)
    for i in drill.phrase_ends:
        assert drill.key.degree_of(drill.notes[i].pitch) in [0, *half], (i, drill.notes[i].name)
    assert drill.key.degree_of(drill.notes[-2].pitch) in approach  # la-do, re-do, sol-do in gong


def test_a_scale_drill_moves_by_the_steps_of_the_five_notes() -> None:
    drill = _drill(2, "D", "zhi", 3, kind="scale")
    scale = [p.midi for p in key_pitches(drill.key, 40, 90)]
    moves = {abs(scale.index(b.midi) - scale.index(a.midi)) for a, b in zip(drill.notes, drill.notes[1:], strict=False)}
    assert moves == {1}
    assert [n.name for n in drill.notes[:6]] == ["D4", "E4", "G4", "A4", "B4", "D5"]
    assert check_drill(drill) == []


def test_a_progression_is_met_with_the_five_notes() -> None:
    drill = _drill(3, "G", "gong", 5, progression="I IV V I")
    assert check_drill(drill) == []


def test_check_drill_names_a_note_outside_the_five() -> None:
    drill = _drill(3, "G", "gong", 2)
    wrong = dataclasses.replace(drill.notes[2], pitch=parse_pitch("C5"))
    drill.notes[2] = wrong
    assert "mode: note 2 C5 is not one of the five notes of G gong" in check_drill(drill)


def test_a_target_note_outside_the_five_is_refused_in_the_readers_language() -> None:
    with pytest.raises(InfeasibleRequest) as info:
        _drill(3, "G", "gong", 1, target_notes=["F#"])
    assert str(info.value) == "target_notes: F# is not one of the five notes of G gong (G A B D E)"
    assert refusal_zh(str(info.value)) == "目标音：F# 不在G宫调式的五个音（G A B D E）之中，五声调式只用这五个音"


def test_an_interval_the_five_notes_do_not_make_is_refused() -> None:
    with pytest.raises(InfeasibleRequest, match=r"^target_intervals: \+m2 is not found between the five notes of A yu"):
        _drill(3, "A", "yu", 1, target_intervals=["+m2"])
    # A minor third is the pentatonic's own step (E-G, A-C): it is drilled.
    assert check_drill(_drill(3, "A", "yu", 1, target_intervals=["+m3"])) == []


def test_it_renders_with_the_gongs_signature_and_in_jianpu_as_1_2_3_5_6(tmp_path: Path) -> None:
    drill = _drill(3, "D", "zhi", 3)
    files = render_drill(drill, tmp_path, formats=("musicxml", "midi", "svg"), stem="drill")
    xml = files["musicxml"].read_text()
    assert "<fifths>1</fifths>" in xml  # D 徵 lies in G 宫: one sharp
    notes, key, meter, _ = jianpu_from_musicxml(xml)
    numbers = [g.text for g in layout(notes, key=key, meter=meter) if g.kind == "note"]
    assert set(numbers) <= {"1", "2", "3", "5", "6"} and numbers[0] == numbers[-1] == "5"
    assert "1=G" in str(jianpu_svg(notes, key=key, meter=meter))


@pytest.mark.parametrize("mode", ["yu", "zhi", "gong"])
def test_every_accompaniment_style_plays_under_it(mode: str, tmp_path: Path) -> None:
    drill = _drill(3, "A" if mode == "yu" else "G", mode, 4, bars=4)
    for style in STYLES:
        backing = generate_accompaniment(drill, style=style)
        assert backing.tracks and backing.chords
    harmonised = generate_accompaniment(drill)
    host = set(drill.key.host.pcs)
    assert all(set(chord.pcs) <= host for _, chord in harmonised.chords)  # the 宫's chords, no raised leading note
    # Read back from its own score (as generate_accompaniment MELODY does): the host mode, the same signature.
    render_drill(drill, tmp_path, formats=("musicxml",), stem="drill")
    again = melody_from_file(tmp_path / "drill.musicxml")
    assert again.key.fifths == drill.key.fifths
    assert generate_accompaniment(again).chords


@pytest.mark.parametrize(("key", "mode"), [("A", "yu"), ("D", "zhi"), ("E", "jue")])
def test_a_saved_five_note_drill_read_back_is_harmonised_in_its_own_mode(key: str, mode: str, tmp_path: Path) -> None:
    # MusicXML has no pentatonic modes: the score says A minor for A yu. Read as A minor, the harmoniser
    # gave it E major (G#) before the cadence, a note the five never hold.
    drill = _drill(3, key, mode, 3, bars=8)
    assert len({n.midi % 12 for n in drill.notes}) == 5  # the melody uses all five notes
    render_drill(drill, tmp_path, formats=("musicxml",), stem="drill")
    again = melody_from_file(tmp_path / "drill.musicxml")
    assert again.key.mode == mode
    host = set(drill.key.host.pcs)
    assert all(set(chord.pcs) <= host for _, chord in generate_accompaniment(again).chords)


def test_a_minor_tune_of_five_other_notes_stays_minor(tmp_path: Path) -> None:
    drill = _drill(3, "A", "minor", 16, bars=8)  # a seed whose tune keeps to five notes (drawn again when tunes changed)
    assert {n.midi % 12 for n in drill.notes} == {9, 11, 0, 2, 4}  # A B C D E: five notes, not A yu's
    render_drill(drill, tmp_path, formats=("musicxml",), stem="drill")
    assert melody_from_file(tmp_path / "drill.musicxml").key.mode == "minor"
