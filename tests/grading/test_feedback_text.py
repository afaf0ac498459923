"""The grader's English feedback said again in Chinese, with notes in movable do when a student asks."""

from __future__ import annotations

import re

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
    # Each slip with what to do about it.
    assert said == ["第3小节：F♯4 偏低 38 音分；音要再高一点", "第3小节：你唱成了 F4，应该是 F♯4；先在心里听到 F♯4，再唱出来",
                    "第4小节：没有听到 G4；声音再响一些，并保持满它的时值", "第5小节：A4 晚了 200 毫秒；这个音早一点进"]


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
        assert feedback_text(lines, namer=numbers) == ["第3小节：你唱成了 4，应该是 ♯4；先在心里听到 ♯4，再唱出来"]
        assert feedback_text(lines, namer=syllables) == ["第3小节：你唱成了 fa，应该是 ♯fa；先在心里听到 ♯fa，再唱出来"]
    # In G major F# is the 7th degree; an octave below the middle one takes a dot below.
    assert NoteNamer(style="numbers", key=exercise_key("G major"), midis=[67, 71, 74])("F#4") == "7\u0323"


def test_english_pages_keep_the_graders_words_and_unknown_lines_pass_through() -> None:
    with translation.override("en"):
        assert feedback_text(["bar 2: G4 was 30 cents sharp", "something new"]) == [
            "bar 2: G4 was 30 cents sharp; aim a little lower", "something new"]
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
    # said once, with its count
    assert feedback_text(feedback_lines(two)) == ["bar 2: D4 was not heard ×2; give it more sound and hold it for its full length"]
    with translation.override("zh-hans"):
        assert feedback_text(feedback_lines(stopped)) == ["从第3小节起，最后 8 个音没有听到；一直坚持到最后一个音"]
        assert feedback_text(feedback_lines(skipped)) == ["第2小节：连续 3 个音没有听到；把这一小节放慢练到流畅"]
        assert feedback_text(feedback_lines(across)) == ["第1-2小节：连续 3 个音没有听到；把这几小节放慢练到流畅"]


def test_a_recording_stopped_before_the_end_says_so_and_what_to_do_in_either_language() -> None:
    """walk19: a student who pressed Stop in bar 3 read "the last 8 notes, from bar 3, were not heard", a fault
    in their singing; the notes were never recorded."""
    ok = [_note(k, 60 + k, cents=0, pitch="ok", bar=1 + k // 4) for k in range(8)]
    gone = [_note(8 + k, 60, cents=None, pitch="missed", error=None, bar=3 + k // 4) for k in range(8)]
    lines = feedback_lines(ok + gone, unrecorded=8)
    assert lines == ["the recording stopped before the last 8 notes (from bar 3): they were not recorded, so they "
                     "count as missed"]
    with translation.override("en"):
        assert feedback_text(lines) == [lines[0] + "; let the recording run to the end of the piece: Record stops "
                                        "by itself after the last note"]
    with translation.override("zh-hans"):
        assert feedback_text(lines) == ["录音在最后 8 个音（从第3小节起）之前就停止了：这些音没有录进去，按漏唱计；"
                                        "请一直录到乐曲结尾：最后一个音之后，录音会自动停止"]
    # Only the missed notes at the end are the stop's: two silent ones before the recording ended are not heard,
    # and a last note sung (its verdict overridden by a teacher) leaves nothing to say about a stop.
    assert feedback_lines(ok[:6] + gone[:2] + gone[2:], unrecorded=6) == [
        "the recording stopped before the last 6 notes (from bar 3): they were not recorded, so they count as missed",
        "bar 3: C4 was not heard", "bar 3: C4 was not heard"]
    assert feedback_lines(ok + gone[:7], unrecorded=1) == [
        "the recording stopped before the last note (bar 4): it was not recorded, so it counts as missed",
        "6 notes in a row were not heard, bars 3-4"]
    assert feedback_lines(ok[:7] + [ok[0]], unrecorded=1) == []
    with translation.override("zh-hans"):
        assert feedback_text(feedback_lines(ok + gone[:1], unrecorded=1))[0].startswith("录音在最后一个音（第3小节）之前")


def test_one_note_flat_in_bar_after_bar_is_one_line_in_either_language() -> None:
    """walk19: a singer whose G4 sat 40 cents low read "bar N: G4 was 40 cents flat" in eight lines."""
    notes = []
    for bar in range(1, 9):
        notes += [_note(len(notes), 67, cents=-40 + bar % 2, pitch="flat", bar=bar),
                  _note(len(notes) + 1, 69, cents=0, pitch="ok", bar=bar)]
    notes.append(_note(len(notes), 71, cents=30, pitch="sharp", bar=9))
    lines = feedback_lines(notes)
    assert lines == ["G4 was flat 8 times in bars 1-8 (39-40 cents)", "bar 9: B4 was 30 cents sharp"]
    with translation.override("en"):
        assert feedback_text(lines)[0] == "G4 was flat 8 times in bars 1-8 (39-40 cents); aim a little higher"
    with translation.override("zh-hans"):
        assert feedback_text(lines)[0] == "第1-8小节：G4 偏低了 8 次（39-40 音分）；音要再高一点"
    # Twice, or three times in one bar, each is still said where it happened.
    assert feedback_lines(notes[:4]) == ["bar 1: G4 was 39 cents flat", "bar 2: G4 was 40 cents flat"]
    same_bar = [_note(k, 67, cents=-40, pitch="flat", bar=1) for k in range(3)]
    assert feedback_lines(same_bar) == ["bar 1: G4 was 40 cents flat"] * 3


def test_a_cut_off_take_is_said_to_be_cut_off_in_chinese() -> None:
    from django.utils import translation

    from grading.analysis.assess import CUT_OFF_LINE

    with translation.override("zh-hans"):
        said = feedback_text([CUT_OFF_LINE])
    assert said and "截断" in said[0]


def test_the_same_line_for_neighbouring_notes_is_said_once_with_its_count_in_either_language() -> None:
    lines = ["bar 3: E4 was 45 cents flat", "bar 3: E4 was 45 cents flat", "bar 4: D4 was 30 cents sharp",
             "bar 3: E4 was 45 cents flat"]
    # Each remedy said once, on the first line that needs it.
    assert feedback_text(lines) == ["bar 3: E4 was 45 cents flat ×2; aim a little higher",
                                    "bar 4: D4 was 30 cents sharp; aim a little lower", "bar 3: E4 was 45 cents flat"]
    with translation.override("zh-hans"):
        assert feedback_text(lines[:2]) == ["第3小节：E4 偏低 45 音分 ×2；音要再高一点"]


def test_every_slip_is_said_with_what_to_do_about_it_in_either_language() -> None:
    """"bar 3 flat" named the slip and left the student to work out the remedy."""
    lines = ["bar 1: C4 was 30 cents flat", "bar 1: D4 was 30 cents sharp", "bar 2: you sang F4 instead of F#4",
             "bar 2: you played F4 instead of F#4", "bar 3: E4 was not heard", "bar 4: you came in early after the rest",
             "bar 4: you came in late after the rest", "bar 5: G4 came 120 ms early", "bar 5: A4 came 140 ms late",
             "3 notes in a row were not heard in bar 6", "3 notes in a row were not heard, bars 6-7",
             "the last 4 notes, from bar 8, were not heard"]
    with translation.override("en"):
        said = feedback_text(lines)
    assert [line.split("; ", 1)[1] for line in said] == [
        "aim a little higher", "aim a little lower", "hear F♯4 in your head first, then sing it",
        "check the fingering for F♯4", "give it more sound and hold it for its full length",
        "count the rest right through before you come in", "keep counting through the rest so you are ready on the beat",
        "wait a little longer before it", "move on to it a little sooner", "go through that bar slowly until it flows",
        "go through those bars slowly until they flow", "keep going to the last note"]
    with translation.override("zh-hans"):
        chinese = feedback_text(lines)
    assert all("；" in line and not re.search("[A-Za-z]{3,}", line) for line in chinese), chinese


def test_a_note_named_flat_is_numbered_flat() -> None:
    """The number follows the name the grader wrote: B♭4 in C major is ♭7, A♯4 is ♯6 (issue 17)."""
    numbers = NoteNamer(style="numbers", key=exercise_key("C major"), midis=[60, 70, 72])
    syllables = NoteNamer(style="syllables", key=exercise_key("C major"), midis=[60, 70, 72])
    assert (numbers("Bb4"), numbers("A#4")) == ("♭7", "♯6")
    assert (syllables("Bb4"), syllables("A#4")) == ("♭ti", "♯la")
