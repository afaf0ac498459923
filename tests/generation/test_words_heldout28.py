"""heldout28 (words26): music-college applicants' sight-singing (带升降号的视唱, 变化音), solfège ranges ("do to high
mi", "low sol and high do", 从do唱到高音mi), a leap of a size named that the student cannot sing (我六度跳进老是唱不准),
and weak spots said as last time's mistakes ("what I got wrong last time", 针对我上次做错的地方)."""

from __future__ import annotations

import pytest

from generation.melody import NoDrillAsked, parse_request
from generation.melody.request import UNSUPPORTED_PREFIXES


def _answered(lines: list[str]) -> bool:
    return any(line.startswith(UNSUPPORTED_PREFIXES) for line in lines)


@pytest.mark.parametrize(("text", "low", "high"), [
    ("sight-singing from do to high mi in C major", "C4", "E5"),
    ("keep it between low sol and high do, G major", "D4", "G5"),
    ("1=C，从do唱到高音mi", "C4", "E5"),
])
def test_high_on_a_solfege_end_is_the_octave_over_the_tonic(text: str, low: str, high: str) -> None:
    result = parse_request(text)
    assert (result.params.low, result.params.high) == (low, high) and result.ignored == []


@pytest.mark.parametrize(("text", "low", "high"), [
    # Guards: "high" only tells two ends of one name apart, and a span with no "high" keeps its reading.
    ("low sol to high sol, C major", "G3", "G4"),
    ("Sight-singing in C major, do to sol only", "C4", "G4"),
    ("1=G 2/4，从低音5唱到高音1", "D4", "G5"),
])
def test_solfege_spans_without_a_high_end_of_another_name_are_kept(text: str, low: str, high: str) -> None:
    result = parse_request(text)
    assert (result.params.low, result.params.high) == (low, high)


@pytest.mark.parametrize("text", ["艺考视唱练习，带升降号的，A大调，八小节", "要有升降号，C大调"])
def test_sharps_and_flats_asked_with_a_line_are_accidentals(text: str) -> None:
    result = parse_request(text)
    assert result.params.accidentals is True and result.ignored == []


@pytest.mark.parametrize("text", ["不要带升降号，C大调", "不带升降号的视唱，G大调"])
def test_no_sharps_and_flats_stays_no_accidentals(text: str) -> None:
    assert parse_request(text).params.accidentals is False


def test_a_sixth_found_hard_is_a_leap_to_practise_not_no_big_leaps() -> None:
    result = parse_request("我六度跳进老是唱不准，帮我练一下，C大调")
    p = result.params
    assert p.target_intervals == ["+m6"] and p.max_leap >= 8 and result.ignored == []


def test_leaps_found_hard_with_no_size_are_still_no_big_leaps() -> None:
    assert parse_request("跳进老是唱不准，C大调").params.max_leap == 5


@pytest.mark.parametrize("text", ["make a drill on what I got wrong last time", "针对我上次做错的地方出一道题",
                                  "focus on my weak spots, but in D major"])
def test_last_times_mistakes_are_answered_as_weak_spots(text: str) -> None:
    try:
        result = parse_request(text)
    except NoDrillAsked as exc:  # nothing else to read: answered without a drill
        assert "weak spots" in str(exc) or "薄弱点" in str(exc)
        return
    assert _answered(result.understood) and result.ignored == []
