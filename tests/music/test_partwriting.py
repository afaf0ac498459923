"""The part-writing checker against textbook four-part examples: every correct one passes, every
planted fault is found with a one-line reason naming its notes; the realiser's voicings always pass."""

from __future__ import annotations

import random

import pytest

from music.errors import MusicError
from music.harmony import figured, roman
from music.key import MAJOR_KEYS, MINOR_KEYS, key_from_name
from music.partwriting import RULES, VOICES, check_part_writing
from music.pitch import Pitch, parse_pitch
from music.realize import realize


def _voicings(text: str) -> list[tuple[Pitch, ...]]:
    """``"C5 G4 E4 C3 | B4 G4 D4 G2"``: soprano, alto, tenor, bass per chord."""
    return [tuple(parse_pitch(n) for n in chord.split()) for chord in text.split("|")]


def _check(key_name: str, figures: str, voicings: str) -> list:
    key = key_from_name(key_name)
    return check_part_writing([roman(f, key) for f in figures.split()], _voicings(voicings))


#: (key, numerals, voicings): first-year textbook progressions written correctly.
CORRECT = [
    ("C", "I V I", "C5 G4 E4 C3 | B4 G4 D4 G2 | C5 G4 E4 C3"),
    ("C", "I IV V I", "C5 G4 E4 C3 | C5 A4 F4 F3 | B4 G4 D4 G3 | C5 G4 E4 C3"),
    ("C", "I IV I", "C5 G4 E4 C3 | C5 A4 F4 F3 | C5 G4 E4 C3"),
    ("C", "I vi IV V I", "C5 G4 E4 C3 | C5 A4 E4 A2 | C5 A4 F4 F3 | B4 G4 D4 G3 | C5 G4 E4 C3"),
    ("C", "I ii6 V I", "C5 G4 E4 C3 | D5 A4 D4 F3 | D5 B4 G4 G3 | C5 C5 E4 C3"),
    ("a", "i iv V i", "A4 E4 C4 A2 | A4 F4 D4 D3 | G#4 E4 B3 E3 | A4 E4 C4 A2"),
    ("C", "I V7 I", "C5 G4 E4 C3 | B4 F4 D4 G2 | C5 E4 C4 C3"),
    ("C", "I V65 I", "E5 G4 C4 C3 | D5 G4 F4 B2 | C5 G4 E4 C3"),
    ("C", "I V43 I6", "C5 G4 E4 C3 | B4 G4 F4 D3 | C5 G4 E4 E3"),
    ("C", "I IV I64 V I", "C5 G4 E4 C3 | C5 A4 F4 F3 | C5 G4 E4 G3 | B4 G4 D4 G3 | C5 G4 E4 C3"),
    ("C", "I V65/V V I", "C5 G4 E4 C3 | C5 A4 D4 F#3 | B4 G4 D4 G3 | C5 G4 E4 C3"),
    ("C", "I vii°6 I6", "E5 G4 C4 C3 | D5 F4 B3 D3 | C5 G4 C4 E3"),
    ("F", "I IV V I", "F4 C4 A3 F2 | F4 D4 Bb3 Bb2 | E4 C4 G3 C3 | F4 C4 A3 F2"),
    ("G", "I V6 I", "G4 D4 B3 G2 | A4 D4 A3 F#2 | G4 D4 B3 G2"),
    ("d", "i VI ii°6 V i", "A4 F4 D4 D3 | Bb4 F4 D4 Bb2 | Bb4 G4 E4 G3 | A4 E4 C#4 A2 | A4 F4 D4 D3"),
    ("C", "I V vi", "C5 G4 E4 C3 | B4 G4 D4 G2 | C5 E4 C4 A2"),
    ("C", "I ii65 V I", "C5 G4 E4 C3 | C5 A4 D4 F3 | B4 G4 D4 G3 | C5 G4 E4 C3"),
    ("e", "i iv6 V", "E5 G4 E4 E3 | E5 A4 E4 C3 | D#5 B4 F#4 B2"),
    ("C", "I V64 I6", "E5 G4 C4 C3 | D5 G4 B3 D3 | C5 G4 C4 E3"),
    ("A", "I ii6 V I", "A4 E4 C#4 A2 | B4 F#4 B3 D3 | B4 G#4 E4 E3 | A4 A4 C#4 A2"),
    ("Bb", "I IV V I", "Bb4 F4 D4 Bb2 | Bb4 G4 Eb4 Eb3 | A4 F4 C4 F3 | Bb4 F4 D4 Bb2"),
]

#: (key, numerals, voicings, faults that must be found): one fault or more planted in each.
FAULTY = [
    ("C", "I ii", "G4 E4 C4 C3 | A4 F4 D4 D3", {"parallel-fifths", "parallel-octaves"}),
    ("C", "IV V", "F4 C4 A3 F3 | G4 D4 B3 G3", {"parallel-octaves"}),
    ("C", "I V", "G4 E4 C4 C3 | D5 B4 G4 G2", {"parallel-fifths"}),  # fifths by contrary motion
    ("C", "I IV", "E4 C4 G3 C3 | C5 A4 F4 F3", {"hidden-fifths"}),
    ("C", "I V", "E4 C4 G3 C3 | G4 D4 B3 G3", {"hidden-octaves"}),
    ("C", "I", "G5 E4 C4 C3", {"spacing"}),
    ("C", "I", "A5 E5 C5 C4", {"range"}),
    ("C", "I", "E4 G4 C4 C3", {"crossing"}),
    ("C", "V I", "B4 G4 B3 G2 | C5 G4 C4 C3", {"doubling"}),
    ("C", "V I", "B4 G4 D4 G2 | G4 E4 C4 C3", {"leading-tone"}),
    ("C", "V7 I", "B4 F4 D4 G2 | C5 G4 E4 C3", {"seventh"}),
    ("C", "V7", "F5 B4 F4 G3", {"doubling"}),
    ("C", "I6", "C5 G4 E4 C3", {"bass"}),
    ("C", "V", "A4 D4 B3 G2", {"chord-tone"}),
    ("C", "I", "C5 G4 C4 C3", {"incomplete"}),
    ("C", "I64", "C5 E4 C4 G2", {"doubling"}),
    ("C", "I", "E5 C5 E4 C3", {"doubling"}),
    ("a", "iv V", "A4 F4 D4 D3 | B4 G#4 E4 E3", {"augmented-second"}),
    ("C", "V/V V", "F#4 D4 A3 D3 | D4 B3 G3 G2", {"leading-tone"}),
    ("C", "I V", "C5 G4 E4 C3 | G4 D4 B3 G3", {"parallel-octaves"}),  # octaves by contrary motion
    ("a", "vii°7 i", "D5 B4 F4 G#3 | C5 C5 A4 A3", {"seventh"}),
    ("C", "I", "C5 G4 E4 C2", {"range"}),
    ("C", "I IV V I", "C5 G4 E4 C3 | C5 A4 F4 F3 | D5 B4 G4 G3 | C5 G4 E4 C3", {"parallel-octaves"}),
]


@pytest.mark.parametrize(("key", "figures", "voicings"), CORRECT, ids=[f"{k}:{f}" for k, f, _ in CORRECT])
def test_a_correct_textbook_progression_has_no_fault(key: str, figures: str, voicings: str) -> None:
    errors = _check(key, figures, voicings)
    assert errors == [], [e.reason for e in errors]


@pytest.mark.parametrize(("key", "figures", "voicings", "planted"), FAULTY, ids=[f"{k}:{f}:{sorted(p)[0]}"
                                                                                  for k, f, _, p in FAULTY])
def test_every_planted_fault_is_found_with_a_reason_and_its_notes(key: str, figures: str, voicings: str,
                                                                  planted: set[str]) -> None:
    errors = _check(key, figures, voicings)
    assert planted <= {e.rule for e in errors}, [e.reason for e in errors]
    for e in errors:
        assert e.rule in RULES
        assert e.reason and "\n" not in e.reason and e.reason.endswith(".")
        assert all(v in VOICES for v in e.voices)
        assert all(0 <= c < len(figures.split()) and v in VOICES for c, v in e.notes)


def test_there_are_at_least_twenty_of_each() -> None:
    assert len(CORRECT) + len(FIGURED_CORRECT) >= 20
    assert len(FAULTY) + len(FIGURED_FAULTY) >= 20


#: (key, bass line, figures, voicings) realised from a figured bass.
FIGURED_CORRECT = [
    ("C", "C3 D3 E3", ", 6, 6", "E5 G4 C4 C3 | D5 F4 B3 D3 | C5 G4 C4 E3"),
    ("a", "A2 D3 E3 A2", ", , #, ", "A4 E4 C4 A2 | A4 F4 D4 D3 | G#4 E4 B3 E3 | A4 E4 C4 A2"),
    ("C", "C3 B2 C3", ", 65, ", "E5 G4 C4 C3 | D5 G4 F4 B2 | C5 G4 E4 C3"),
]
FIGURED_FAULTY = [
    ("C", "D3", "6", "D5 G4 B3 D3", {"chord-tone"}),  # G is no note of the 6 over D (B D F)
    ("a", "E3 A2", "#, ", "G4 E4 B3 E3 | A4 E4 C4 A2", {"chord-tone"}),  # the figure # asks for G#, not G
    ("C", "G2 C3", "7, ", "B4 F4 D4 G2 | C5 G4 E4 C3", {"seventh"}),
]


def _figured(key_name: str, bass: str, figures: str) -> list:
    key = key_from_name(key_name)
    return [figured(parse_pitch(b), f.strip(), key) for b, f in zip(bass.split(), figures.split(","), strict=True)]


@pytest.mark.parametrize(("key", "bass", "figures", "voicings"), FIGURED_CORRECT)
def test_a_correct_figured_bass_realisation_has_no_fault(key: str, bass: str, figures: str, voicings: str) -> None:
    errors = check_part_writing(_figured(key, bass, figures), _voicings(voicings))
    assert errors == [], [e.reason for e in errors]


@pytest.mark.parametrize(("key", "bass", "figures", "voicings", "planted"), FIGURED_FAULTY)
def test_a_figured_bass_fault_is_found(key: str, bass: str, figures: str, voicings: str, planted: set[str]) -> None:
    errors = check_part_writing(_figured(key, bass, figures), _voicings(voicings))
    assert planted <= {e.rule for e in errors}, [e.reason for e in errors]


def test_the_bass_must_match_the_figure() -> None:
    key = key_from_name("C")
    errors = check_part_writing([roman("V6", key)], _voicings("D5 B4 D4 G2"))
    assert [e.rule for e in errors] == ["bass"]
    assert "root" in errors[0].reason and "third (B)" in errors[0].reason


def test_mismatched_counts_are_an_error_not_a_crash() -> None:
    with pytest.raises(MusicError):
        check_part_writing([roman("I", key_from_name("C"))], [])


PROGRESSIONS_MAJOR = ["I IV V I", "I ii6 V7 I", "I vi IV V", "I IV I64 V I", "I V vi", "I V65/V V I", "I vii°6 I6",
                      "I V43 I6", "I IV V7 vi", "I ii65 V I", "I vi ii V7 I", "I V42 I6",
                      "I V7/IV IV V7/V V V7/vi vi V7/ii ii V7 I"]
PROGRESSIONS_MINOR = ["i iv V i", "i ii°6 V7 i", "i VI iv V", "i iv i64 V i", "i V VI", "iv6 V", "i vii°7 i",
                      "i V43 i6", "i iiø65 V i", "i VI ii°6 V i", "i V7 VI"]


@pytest.mark.parametrize("key", MAJOR_KEYS + MINOR_KEYS, ids=lambda k: k.name)
def test_the_realiser_keeps_every_rule_and_every_inversion_in_every_key(key: object) -> None:
    rng = random.Random(key.name)  # type: ignore[attr-defined]
    for text in PROGRESSIONS_MINOR if key.minor_family else PROGRESSIONS_MAJOR:  # type: ignore[attr-defined]
        harmonies = [roman(f, key) for f in text.split()]  # type: ignore[arg-type]
        voicings = realize(harmonies, rng=rng)
        assert check_part_writing(harmonies, voicings) == []
        assert all(h.member(v[3].pc) == h.inversion for h, v in zip(harmonies, voicings, strict=True))
