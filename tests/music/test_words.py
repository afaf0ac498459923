"""Skills, pitches and scores come out in a teacher's words, never as tags or MIDI numbers."""

from __future__ import annotations

import re

import pytest

from generation.melody.rhythm import all_rhythm_tags
from music.words import confidence_words, pitch_name, range_name, score_text, skill_name

RAW = re.compile(r"[a-z]+:|@|\b(?:16ths|8th|[+-][PMmAd]\d)\b|\bMIDI\b")


@pytest.mark.parametrize(("tag", "words"), [
    ("pc:F#@G", "F♯ in G major"),
    ("pc:A#@C", "A♯ in C major"),
    ("pc:Bb@F", "B♭ in F major"),
    ("int:+M6", "rising major sixth"),
    ("int:-P4", "falling perfect fourth"),
    ("int:+M2", "rising major second"),
    ("int:-A4", "falling augmented fourth"),
    ("rhy:dotted-8th-16th", "dotted eighth–sixteenth"),
    ("rhy:after-rest", "coming in after a rest"),
    ("rhy:16ths", "four sixteenths"),
    ("key:Eb", "E♭ major"),
    ("key:f#", "F♯ minor"),
    ("rn:vii°7", "the vii°⁷ chord"),
])
def test_it_names_skills_as_a_teacher_would(tag: str, words: str) -> None:
    assert skill_name(tag) == words


@pytest.mark.parametrize("figure", [*all_rhythm_tags(), "after-rest"])
def test_it_names_every_rhythm_figure_the_generator_writes_without_abbreviations(figure: str) -> None:
    words = skill_name(f"rhy:{figure}")
    assert not RAW.search(words), words
    assert figure == "syncopation" or words != figure.replace("-", " ")


@pytest.mark.parametrize("tag", [
    "chord:dim7", "inv:1st", "scale:dorian", "meter:compound", "cadence:half", "ear:melody",
    "read:key-signature", "clef:alto", "int:oops", "nonsense:thing", "bare",
])
def test_it_never_returns_the_raw_tag(tag: str) -> None:
    words = skill_name(tag)
    assert words and ":" not in words and not RAW.search(words), words


@pytest.mark.parametrize(("midi", "name"), [(60, "C4"), (69, "A4"), (55, "G3"), (66, "F♯4"), (63, "E♭4"), (21, "A0")])
def test_it_names_pitches_not_numbers(midi: int, name: str) -> None:
    assert pitch_name(midi) == name


def test_a_range_reads_low_to_high_whatever_the_order() -> None:
    assert range_name(77, 55) == range_name(55, 77) == "G3 to F5"


@pytest.mark.parametrize(("mean", "sd", "words"), [
    (0.33, 0.18, "needs work"), (0.55, 0.1, "getting there"), (0.8, 0.1, "nearly there"),
    (0.95, 0.02, "secure"), (0.95, 0.3, "secure (early days)"),
])
def test_confidence_is_words(mean: float, sd: float, words: str) -> None:
    assert confidence_words(mean, sd) == words


@pytest.mark.parametrize(("percent", "text"), [(78.6, "79%"), (78.4, "78%"), (0.0, "0%"), (100, "100%"), (None, "—")])
def test_one_score_format(percent: float | None, text: str) -> None:
    assert score_text(percent) == text
