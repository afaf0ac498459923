"""words35: words34's leftovers as rules: an instrument's range end the reader moves is spelled in the drill's key
(a trombone's "not too high" in B flat major tops at D flat 4, not C sharp 4), and a range that holds no tonic of the
default key takes a key whose tonic lies in it (where the words name none)."""

from __future__ import annotations

import dataclasses

import pytest

from generation.melody import InfeasibleRequest, generate_drill, parse_request
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
