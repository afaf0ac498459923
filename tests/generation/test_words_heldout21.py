"""heldout21 (words19): instrument teachers (first position, five-finger position, a range said as notes "C to G" or
by its place on the staff, "avoid the low register"), a key signature of no sharps or flats, 拍号三四, a length said
as notes or time, British note names in a list, and a ritardando, bowing marks and several drills at once, answered."""

from __future__ import annotations

import pytest

from generation.melody import parse_request
from generation.melody.request import UNSUPPORTED_PREFIXES


def _answered(lines: list[str]) -> bool:
    return any(line.startswith(UNSUPPORTED_PREFIXES) for line in lines)


@pytest.mark.parametrize(("text", "key", "mode"), [("no sharps or flats in the key signature, major", "C", "major"),
                                                   ("沒有升降號的小調，三四拍", "A", "minor"),
                                                   ("调号没有升降号的大调", "C", "major")])
def test_no_sharps_or_flats_is_a_signature(text: str, key: str, mode: str) -> None:
    result = parse_request(text)
    assert (result.params.key, result.params.mode) == (key, mode) and result.ignored == []


def test_a_key_beside_no_sharps_or_flats_is_kept_and_answered() -> None:
    result = parse_request("G major, no sharps or flats")
    assert result.params.key == "G" and _answered(result.understood)
    assert not _answered(parse_request("C major, no sharps or flats").understood)


def test_time_signature_named_first_in_traditional_chinese() -> None:
    result = parse_request("拍號三四，D大調")
    assert result.params.meter == "3/4" and result.ignored == []


@pytest.mark.parametrize(("text", "bars"), [("a melody 16 notes long, all quarter notes, 4/4", 4),
                                            ("一共16个音，全是四分音符，四四拍", 4),
                                            ("about 30 seconds long at 60 bpm, 4/4", 8),
                                            ("give me a one-minute exercise in 3/4 at 90 beats per minute", 30),
                                            ("大概一分钟长，每分钟60拍，四四拍", 15),
                                            ("30秒左右的视唱，每分钟一百二十拍，二四拍", 30)])
def test_a_length_in_notes_or_time_is_bars(text: str, bars: int) -> None:
    result = parse_request(text)
    assert result.params.bars == bars and result.ignored == []


def test_bars_said_beside_a_length_are_kept() -> None:
    result = parse_request("8 bars, about 30 seconds")
    assert result.params.bars == 8 and _answered(result.understood)


def test_seconds_without_a_length_are_still_intervals() -> None:
    assert parse_request("lots of seconds, C major").params.target_intervals


@pytest.mark.parametrize("text", ["a beginner trumpet tune in C major, keep it within the first five notes, C to G",
                                  "初学小号，音域别太宽，C4到G4，C大调",
                                  "piano right hand only, C major, five-finger position, 4 bars",
                                  "鋼琴右手單手練習，C大調，五指位置，C到G"])
def test_five_notes_from_c(text: str) -> None:
    result = parse_request(text)
    assert (result.params.low, result.params.high) == ("C4", "G4") and result.ignored == []


def test_right_hand_is_the_treble_staff() -> None:
    assert parse_request("钢琴只练右手，G大调，三拍子").params.clef == "treble"


@pytest.mark.parametrize(("text", "end", "pitch"), [("flute, Bb major, avoid the low register - nothing below the G above middle C", "low", "G4"),
                                                    ("first-year trumpet player, F major, nothing higher than the top-line F", "high", "F5")])
def test_notes_named_by_their_place(text: str, end: str, pitch: str) -> None:
    result = parse_request(text)
    assert getattr(result.params, end) == pitch and result.ignored == []


@pytest.mark.parametrize("text", ["Andante with a rit. at the end, D major", "结尾渐慢（rit.），C大调", "把这段小提琴曲加上弓法标记",
                                  "I need five different sight-reading drills for tomorrow's lesson, all in F major, 8 bars each",
                                  "a set of three exercises: one in C, one in G and one in D", "一次出三條不同調的視唱：C大調、G大調、F大調"])
def test_what_a_drill_does_not_do_is_answered(text: str) -> None:
    result = parse_request(text)
    assert _answered(result.understood) and result.ignored == []


def test_british_note_names_in_a_list() -> None:
    result = parse_request("crotchets, quavers and a few semiquavers, D major, 2/4")
    assert {"quarter", "eighth", "16th"} <= set(result.params.durations) and result.ignored == []
    cell = parse_request("a tune with a dotted crotchet followed by a quaver in every other bar, F major 4/4")
    assert "dotted-quarter-8th" in cell.params.target_rhythms and cell.ignored == []


@pytest.mark.parametrize(("text", "low", "high"), [("小快板，F大调", 96, 126), ("Andante，G大调，四三拍", 66, 100)])
def test_italian_tempo_words(text: str, low: int, high: int) -> None:
    result = parse_request(text)
    assert low <= result.params.tempo <= high and result.ignored == []
