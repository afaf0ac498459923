"""Ear-training audio in every key and meter: voicings keep their inversion, compound meters count
dotted beats, cadence approaches vary, dictation melodies are tonal, and settings are refused, not replaced."""

from __future__ import annotations

import random
from collections import Counter
from fractions import Fraction

import pytest

from lessons.questions import InvalidParams, generate
from lessons.questions.generators.ear import melody_degrees, melody_rhythm
from lessons.questions.generators.progressions import CADENCE_KINDS, cadence_figures, voiced
from lessons.questions.generators.rhythm import FILLABLE, METERS
from music.duration import quarter_length
from music.key import MAJOR_KEYS, MINOR_KEYS
from music.partwriting import check_part_writing

ALL_KEYS = MAJOR_KEYS + MINOR_KEYS
#: Semitones above the tonic of the last chord's root, per cadence.
LAST_ROOT = {"authentic": 0, "perfect-authentic": 0, "imperfect-authentic": 0, "plagal": 0, "half": 7,
             "phrygian": 7}


def _kinds_for(key: object) -> list[str]:
    return [k for k in CADENCE_KINDS if k != "phrygian" or key.minor_family]  # type: ignore[attr-defined]


@pytest.mark.parametrize("key", ALL_KEYS, ids=lambda k: k.name)
def test_every_cadence_keeps_each_chord_in_its_inversion(key: object) -> None:
    for seed in range(6):
        rng = random.Random(seed)
        for kind in _kinds_for(key):
            figures, soprano = cadence_figures(rng, kind, key)  # type: ignore[arg-type]
            harmonies, voicings = voiced(figures, key, rng=rng, last_soprano=soprano)  # type: ignore[arg-type]
            for h, v in zip(harmonies, voicings, strict=True):
                assert v[3].midi == min(p.midi for p in v)
                assert h.member(v[3].pc) == h.inversion, (key, figures, h.label, [p.name for p in v])
            assert check_part_writing(harmonies, voicings) == []


@pytest.mark.parametrize("key", ALL_KEYS, ids=lambda k: k.name)
def test_the_cadence_question_ends_on_the_right_bass_in_every_key(key: object) -> None:
    for kind in _kinds_for(key):
        for seed in range(3):
            q = generate("ear_cadence", seed=seed, keys=[key.name], cadences=[kind])  # type: ignore[attr-defined]
            assert q.audio is not None
            last_bass = min(q.audio.events[-1][0])
            submediant = 8 if key.minor_family else 9  # type: ignore[attr-defined]
            expected = submediant if kind == "deceptive" else LAST_ROOT[kind]
            assert (last_bass - key.tonic_pc) % 12 == expected, (kind, q.audio.events)  # type: ignore[attr-defined]


def test_the_issue_example_ends_on_v_in_root_position() -> None:
    q = generate("ear_cadence", seed=1, keys=["Bb"], cadences=["half"])
    assert q.audio is not None
    last = q.audio.events[-1][0]
    assert min(last) % 12 == 5  # F in the bass, not C under an F


@pytest.mark.parametrize("key", ALL_KEYS, ids=lambda k: k.name)
def test_the_scale_degree_cadence_has_its_roots_in_the_bass(key: object) -> None:
    q = generate("ear_scale_degree", seed=3, keys=[key.name])  # type: ignore[attr-defined]
    assert q.audio is not None
    basses = [(min(notes) - key.tonic_pc) % 12 for notes, _ in q.audio.events[:4]]  # type: ignore[attr-defined]
    assert basses == [0, 5, 7, 0]


def test_cadence_approaches_vary_and_do_not_name_the_cadence() -> None:
    for kind in CADENCE_KINDS:
        seen: Counter[str] = Counter()
        keys = [k for k in ALL_KEYS if k.minor_family] if kind == "phrygian" else list(MAJOR_KEYS)
        for seed in range(200):
            rng = random.Random(seed)
            figures, _ = cadence_figures(rng, kind, rng.choice(keys))
            seen[" ".join(figures[:-2])] += 1
        assert len(seen) >= 5, (kind, seen)
    # The second chord of a phrase is no clue: each one heard opens phrases ending in several cadences.
    second: dict[str, set[str]] = {}
    for kind in ("authentic", "half", "plagal", "deceptive"):
        for seed in range(200):
            rng = random.Random(seed)
            figures, _ = cadence_figures(rng, kind, MAJOR_KEYS[7])
            second.setdefault(figures[1], set()).add(kind)
    assert all(len(kinds) >= 2 for chord, kinds in second.items()), second


@pytest.mark.parametrize("meter", FILLABLE)
def test_rhythmic_dictation_counts_in_one_bar_of_the_meters_beats(meter: str) -> None:
    m = METERS[meter]
    for seed in range(20):
        q = generate("ear_rhythmic_dictation", seed=seed, meters=[meter], bars=2)
        assert q.audio is not None
        assert Fraction(q.audio.count_in_beat) == m.beat_quarters
        assert q.audio.count_in == m.pulses
        # The count-in is one whole bar, so the music enters on a downbeat.
        assert Fraction(q.audio.music_starts_quarters) == m.bar_quarters
        total = sum(Fraction(d).limit_denominator(16) for _, d in q.audio.events)
        assert total == 2 * m.bar_quarters


def test_compound_meters_are_clicked_in_dotted_quarters_in_the_midi(monkeypatch: pytest.MonkeyPatch) -> None:
    from lessons.questions import render  # noqa: PLC0415 - the MIDI writer is patched to read its tracks

    captured: list[object] = []
    monkeypatch.setattr(render, "tracks_to_midi", lambda tracks, qpm: captured.extend(tracks) or b"")
    q = generate("ear_rhythmic_dictation", seed=4, meters=["12/8"])
    assert q.audio is not None
    render.midi_bytes(q.audio)
    clicks, music = captured
    assert [e.start for e in clicks.events] == [Fraction(3, 2) * i for i in range(4)]  # type: ignore[attr-defined]
    assert min(e.start for e in music.events) >= Fraction(6)  # type: ignore[attr-defined]


def test_dictation_melodies_end_on_the_tonic_approached_by_step_in_major_and_minor() -> None:
    minor_seen = 0
    for seed in range(1000):
        q = generate("ear_melodic_dictation", seed=seed, keys=["C", "a", "Eb", "f#"], length=6, max_leap=3)
        key_name = next(t for t in q.tags if t.startswith("key:"))[4:]
        tonic = {"C": 0, "a": 9, "Eb": 3, "f#": 6}[key_name]
        minor_seen += key_name.islower()
        notes = [n for n, _ in q.audio.events] if q.audio else []
        assert notes[-1][0] % 12 == tonic
        assert 1 <= abs(notes[-1][0] - notes[-2][0]) <= 2
        durations = {d for _, d in q.audio.events} if q.audio else set()
        assert len(durations) >= 2  # a rhythm, not even quarters
    assert minor_seen > 300


@pytest.mark.parametrize("meter", ["2/4", "3/4", "4/4"])
def test_dictation_rhythms_fill_whole_bars(meter: str) -> None:
    for seed in range(300):
        rng = random.Random(seed)
        length = rng.randint(3, 10)
        values = melody_rhythm(rng, meter, length, rng.randint(1, 3))
        assert len(values) == length
        total = sum((quarter_length(v, dots=d) for v, d in values), Fraction(0))
        assert total % METERS[meter].bar_quarters == 0


def test_melody_degrees_start_on_a_tonic_chord_note() -> None:
    for seed in range(500):
        rng = random.Random(seed)
        degrees = melody_degrees(rng, rng.randint(3, 10), rng.randint(1, 4))
        assert degrees[0] % 7 in (0, 2, 4) or len(degrees) <= 3
        assert degrees[-1] % 7 == 0


def test_intervals_that_cannot_be_written_are_refused_not_replaced() -> None:
    with pytest.raises(InvalidParams, match="accidentals"):
        generate("interval_identify", seed=1, qualities=["A"], max_number=3, accidentals=False)
    with pytest.raises(InvalidParams, match="perfect interval"):
        generate("interval_construct", seed=1, qualities=["P"], max_number=3)
    for seed in range(300):
        q = generate("interval_identify", seed=seed, qualities=["A", "d"], accidentals=False)
        assert q.answer.split()[0] in ("augmented", "diminished")


def test_a_phrygian_cadence_without_a_minor_key_is_refused() -> None:
    with pytest.raises(InvalidParams, match="minor"):
        generate("ear_cadence", seed=1, keys=["C", "G"], cadences=["phrygian"])


@pytest.mark.parametrize("difficulty", [1, 2, 3])
def test_a_rhythm_to_hear_is_never_a_bar_of_rests(difficulty: int) -> None:
    """One bar of 2/4 answered "quarter rest, quarter rest": the student heard the count-in and silence (16 of 300
    first-level questions); a silent choice (42) was no rhythm to tell apart either."""
    for seed in range(300):
        q = generate("ear_rhythmic_dictation", seed=seed, difficulty=difficulty)
        for rhythm in q.choices:
            assert not all(item.endswith(" rest") for item in rhythm.split(", ")), (seed, rhythm, q.answer)
        assert q.audio is not None and any(pitches for pitches, _ in q.audio.events), seed
