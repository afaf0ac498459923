"""The grader's English feedback said again in Chinese, with notes in movable do when a student asks."""

from __future__ import annotations

from django.utils import translation

from grading.analysis.verdicts import NOISE_SUPPRESSED_LINE, NoteResult, feedback_lines
from grading.feedback_text import NoteNamer, exercise_key, feedback_text


def _note(index: int, midi: int, *, cents: float | None, pitch: str, timing: str = "ok",
          error: float | None = 0.0, bar: int = 1) -> NoteResult:
    return NoteResult(index=index, target_midi=midi, target_onset=index * 0.5, target_duration=0.5,
                      sung_midi=None, cents=cents, onset=None if cents is None else index * 0.5,
                      timing_error=error, confidence=0.9, pitch=pitch, timing=timing, bar=bar)


def test_it_says_every_line_the_grader_writes_in_chinese() -> None:
    notes = [_note(0, 66, cents=-38, pitch="flat", bar=3), _note(1, 66, cents=-100, pitch="wrong", bar=3),
             _note(2, 67, cents=None, pitch="missed", error=None, bar=4),
             _note(3, 69, cents=0, pitch="ok", timing="late", error=0.2, bar=5)]
    lines = feedback_lines(notes, sung=True)
    with translation.override("zh-hans"):
        said = feedback_text(lines)
    # Notes as the site writes them (F♯4), though the grader's stored lines keep ASCII (F#4).
    assert said == ["第3小节：F♯4 偏低 38 音分", "第3小节：你唱成了 F4，应该是 F♯4", "第4小节：没有听到 G4",
                    "第5小节：A4 晚了 200 毫秒"]


def test_it_tells_a_student_in_chinese_to_turn_noise_suppression_off() -> None:
    lines = feedback_lines([_note(0, 66, cents=0, pitch="ok")], noise_suppressed=True)
    assert lines == [NOISE_SUPPRESSED_LINE]
    with translation.override("zh-hans"):
        said = feedback_text(lines)
    assert said[0].startswith("录音在音符之间完全无声") and "降噪" in said[0]


def test_movable_do_numbers_and_syllables_name_the_notes_in_the_key() -> None:
    lines = ["bar 3: you sang F4 instead of F#4"]
    numbers = NoteNamer(style="numbers", key=exercise_key("C major"), midis=[60, 64, 67])
    syllables = NoteNamer(style="syllables", key=exercise_key("C major"), midis=[60, 64, 67])
    with translation.override("zh-hans"):
        assert feedback_text(lines, namer=numbers) == ["第3小节：你唱成了 4，应该是 ♯4"]
        assert feedback_text(lines, namer=syllables) == ["第3小节：你唱成了 fa，应该是 ♯fa"]
    # In G major F# is the 7th degree; an octave below the middle one takes a dot below.
    assert NoteNamer(style="numbers", key=exercise_key("G major"), midis=[67, 71, 74])("F#4") == "7\u0323"


def test_english_pages_keep_the_graders_words_and_unknown_lines_pass_through() -> None:
    with translation.override("en"):
        assert feedback_text(["bar 2: G4 was 30 cents sharp", "something new"]) == [
            "bar 2: G4 was 30 cents sharp", "something new"]
    assert exercise_key("") is None


def test_a_run_of_missed_notes_is_one_line_in_either_language() -> None:
    # A student who stops after bar 2 of a 4-bar tune, and one who skips three notes in the middle,
    # each read one line about it, not a line per note; one or two missed notes are still named.
    ok = [_note(k, 60 + k, cents=0, pitch="ok", bar=1 + k // 4) for k in range(8)]
    stopped = ok + [_note(8 + k, 60, cents=None, pitch="missed", error=None, bar=3 + k // 4) for k in range(8)]
    assert feedback_lines(stopped) == ["the last 8 notes, from bar 3, were not heard"]
    skipped = ok[:4] + [_note(4 + k, 62, cents=None, pitch="missed", error=None, bar=2) for k in range(3)] + ok[7:]
    assert feedback_lines(skipped) == ["3 notes in a row were not heard in bar 2"]
    across = ok[:3] + [_note(3 + k, 62, cents=None, pitch="missed", error=None, bar=1 + (3 + k) // 4) for k in range(3)] \
        + ok[6:]
    assert feedback_lines(across) == ["3 notes in a row were not heard, bars 1-2"]
    two = ok[:4] + [_note(4 + k, 62, cents=None, pitch="missed", error=None, bar=2) for k in range(2)] + ok[6:]
    assert feedback_lines(two) == ["bar 2: D4 was not heard", "bar 2: D4 was not heard"]
    assert feedback_text(feedback_lines(two)) == ["bar 2: D4 was not heard ×2"]  # said once, with its count
    with translation.override("zh-hans"):
        assert feedback_text(feedback_lines(stopped)) == ["从第3小节起，最后 8 个音没有听到"]
        assert feedback_text(feedback_lines(skipped)) == ["第2小节：连续 3 个音没有听到"]
        assert feedback_text(feedback_lines(across)) == ["第1-2小节：连续 3 个音没有听到"]


def test_a_cut_off_take_is_said_to_be_cut_off_in_chinese() -> None:
    from django.utils import translation

    from grading.analysis.assess import CUT_OFF_LINE

    with translation.override("zh-hans"):
        said = feedback_text([CUT_OFF_LINE])
    assert said and "截断" in said[0]


def test_the_same_line_for_neighbouring_notes_is_said_once_with_its_count_in_either_language() -> None:
    lines = ["bar 3: E4 was 45 cents flat", "bar 3: E4 was 45 cents flat", "bar 4: D4 was 30 cents sharp",
             "bar 3: E4 was 45 cents flat"]
    assert feedback_text(lines) == ["bar 3: E4 was 45 cents flat ×2", "bar 4: D4 was 30 cents sharp",
                                    "bar 3: E4 was 45 cents flat"]
    with translation.override("zh-hans"):
        assert feedback_text(lines[:2]) == ["第3小节：E4 偏低 45 音分 ×2"]
