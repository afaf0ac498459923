"""words35: words34's leftovers as rules: an instrument's range end the reader moves is spelled in the drill's key
(a trombone's "not too high" in B flat major tops at D flat 4, not C sharp 4), and a range that holds no tonic of the
default key takes a key whose tonic lies in it (where the words name none)."""

from __future__ import annotations

import dataclasses

import pytest

from generation.melody import InfeasibleRequest, NoDrillAsked, generate_drill, parse_request
from generation.melody.request import UNSUPPORTED_PREFIXES
from music.key import key_pitches, make_key
from music.pitch import parse_pitch


@pytest.mark.parametrize(("text", "high"), [
    ("a trombone drill in B-flat major, not too high", "Db4"),
    ("长号，降B大调，不要太高", "Db4"),
    ("Bb major for trombone, avoid the high notes", "Db4"),
    # Ends said in words keep the spelling they were said in, with an instrument or without.
    ("a trombone drill in B-flat major, nothing above C#4", "C#4"),
    ("a drill in B-flat major, nothing above C#4", "C#4"),
    ("range F#3 to G#4, Bb major", "G#4"),
])
def test_a_moved_instrument_end_is_spelled_in_the_key(text: str, high: str) -> None:
    assert parse_request(text).params.high == high


@pytest.mark.parametrize(("text", "key", "mode"), [
    ("a flute drill, only between E5 and A5", "F", "major"),
    ("trumpet, notes from D4 to A4 only", "F", "major"),
    ("只用E4到A4之间的音", "F", "major"),
    ("a drill between F#4 and B4", "G", "major"),
    ("a minor drill between D4 and A4", "A", "minor"),
])
def test_a_range_without_the_default_tonic_takes_a_key_with_its_tonic(text: str, key: str, mode: str) -> None:
    result = parse_request(text)
    params = result.params
    assert (params.key, params.mode) == (key, mode)
    low, high = parse_pitch(params.low).midi, parse_pitch(params.high).midi
    chosen = make_key(params.key, params.mode)
    assert any(chosen.degree_of(p) == 0 for p in key_pitches(chosen, low, high))
    assert any(line.startswith(("key:", "调：")) and params.low in line for line in result.understood)
    assert generate_drill(dataclasses.replace(params, seed=3)).notes  # the generator no longer refuses it


def test_a_named_key_is_kept_even_where_the_range_lacks_its_tonic() -> None:
    params = parse_request("C major, only between D4 and A4").params
    assert params.key == "C"
    with pytest.raises(InfeasibleRequest, match="holds no C"):
        generate_drill(params)


def test_a_range_holding_the_default_tonic_keeps_the_default_key() -> None:
    assert parse_request("a drill between C4 and G4").params.key == "C"


@pytest.mark.parametrize("text", ["do you have a metronome i can use while practising?", "有没有节拍器？", "有沒有節拍器？"])
def test_a_metronome_asked_about_is_answered_with_the_studios(text: str) -> None:
    with pytest.raises(NoDrillAsked) as caught:
        parse_request(text)
    assert "节拍器" in str(caught.value) or "節拍器" in str(caught.value) or "a metronome" in str(caught.value)
    assert not caught.value.ignored


@pytest.mark.parametrize(("text", "key", "tempo"), [
    ("a G major drill with a metronome", "G", None), ("来一条C大调的视唱，带节拍器", "C", None),
    # A metronome marking is a tempo, not the studio's metronome.
    ("metronome at 80, D major", "D", 80), ("给我一条 G 大调的 sight-singing，节拍器 72，4 bars 就行", "G", 72),
])
def test_a_metronome_with_a_drill_is_answered_and_a_marking_is_a_tempo(text: str, key: str, tempo: int | None) -> None:
    result = parse_request(text)
    assert result.params.key == key and not result.ignored
    answered = any(line.startswith(UNSUPPORTED_PREFIXES) and ("节拍器" in line or "metronome" in line)
                   for line in result.understood)
    assert answered == (tempo is None)
    if tempo is not None:
        assert result.params.tempo == tempo


def test_a_walking_bass_is_answered_and_the_chords_kept() -> None:
    result = parse_request("bass guitar walking line over ii V I in Bb")
    assert (result.params.key, result.params.progression, result.params.clef) == ("Bb", "ii V I", "bass")
    assert not result.ignored
    assert any(line.startswith(UNSUPPORTED_PREFIXES) and "walking bass" in line and "quarter notes" in line for line in result.understood)
