"""The harmoniser's reasons in Chinese: every clause of its grammar, from real suggestions; English unchanged."""

from __future__ import annotations

import re
from fractions import Fraction as F
from pathlib import Path

from django.utils import translation

from generation.accompaniment.harmony import MelodyNote, diatonic_chords, fit_words, suggest_chords
from generation.chord_text import fit_text, reason_text
from music.key import Key
from tutor.locale_compile import compile_catalogues

ROOT = Path(__file__).resolve().parents[2]
C_MAJOR = Key("C", "major")
#: Latin letters a Chinese reason keeps: Roman numerals (viio too) and note names.
KEPT = re.compile(r"(?<![A-Za-z])(?:[ivIV]+[°ø+o]?\d*|[A-G](?:#|b)?)(?![A-Za-z])")


def _english_left(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{2,}", KEPT.sub(" ", text))


def _note(offset: float, midi: int, duration: float) -> MelodyNote:
    return MelodyNote(offset=F(offset), duration=F(duration), midi=midi, strong=offset % 2 == 0)


def _reasons() -> list[str]:
    # C E G | F A C A | (rest) | G B D B | C: holds, a rest, the dominant before the end, the tonic at it.
    notes = [_note(0, 60, 1), _note(1, 64, 1), _note(2, 67, 2),
             _note(4, 65, 1), _note(5, 69, 1), _note(6, 72, 1), _note(7, 69, 1),
             _note(12, 67, 1), _note(13, 71, 1), _note(14, 74, 1), _note(15, 71, 1), _note(16, 72, 4)]
    return [bar.reason for bar in suggest_chords(notes, C_MAJOR, bar_length=F(4))]


def test_every_clause_of_a_reason_is_said_in_chinese() -> None:
    compile_catalogues(ROOT / "locale")
    reasons = _reasons()
    joined = " | ".join(reasons)
    for clause in ("because the melody sits on", "the melody rests here", "the dominant leads home", "tonic chord"):
        assert clause in joined, joined
    with translation.override("zh-hans"):
        said = [reason_text(reason) for reason in reasons]
    assert said[1].startswith("第2小节：IV，因为旋律落在 "), said
    assert [s for s in said if _english_left(s) or not re.search(r"[\u4e00-\u9fff]", s)] == []
    with translation.override("en"):
        assert [reason_text(reason) for reason in reasons] == reasons


def test_a_chord_that_holds_none_of_the_bar_is_said_in_chinese() -> None:
    compile_catalogues(ROOT / "locale")
    tonic = next(chord for _, chord in diatonic_chords(C_MAJOR) if chord.figure == "I")
    fit = fit_words(tonic, [_note(0, 62, 2), _note(2, 65, 2)], C_MAJOR)  # D and F: not in C E G
    assert fit == "none of the melody's notes are in it"
    with translation.override("zh-hans"):
        assert fit_text(fit) == "旋律的音都不在这个和弦里"
        assert reason_text(f"bar 2: I, although {fit}") == "第2小节：I，尽管旋律的音都不在这个和弦里"


def test_the_transcription_page_shows_the_reason_with_a_translated_full_stop() -> None:
    script = (ROOT / "static" / "js" / "studio" / "transcribe.js").read_text()
    assert "${bar.reason}." not in script  # an English full stop after a Chinese sentence


def test_a_change_at_mid_bar_is_said_in_chinese() -> None:
    compile_catalogues(ROOT / "locale")
    # C E G E | C E D B | C: bar 2's strong beats (C, then D) fit no one chord, so it changes at mid-bar.
    notes = [_note(0, 60, 1), _note(1, 64, 1), _note(2, 67, 1), _note(3, 64, 1),
             _note(4, 72, 1), _note(5, 64, 1), _note(6, 74, 1), _note(7, 71, 1), _note(8, 72, 4)]
    reason = suggest_chords(notes, C_MAJOR, bar_length=F(4), mid_bar=True)[1].reason
    assert "; then V at mid-bar, because the melody sits on D and B" in reason
    with translation.override("zh-hans"):
        said = reason_text(reason)
    assert "；小节中间换成 V，因为旋律落在 D 和 B" in said, said
    assert not _english_left(said), said
    with translation.override("en"):
        assert reason_text(reason) == reason


def test_every_reason_for_any_melody_is_said_in_chinese() -> None:
    # Random diatonic and chromatic 4/4 melodies: whatever the harmoniser says (a change at mid-bar,
    # a rest, a chord that holds none of the bar, a cadence), the Chinese leaves no English behind.
    import random

    compile_catalogues(ROOT / "locale")
    rng = random.Random()
    for key in (C_MAJOR, Key("A", "minor"), Key("Eb", "major")):
        notes, at = [], F(0)
        while at < 32:
            length = F(rng.choice([1, 1, 2, 0.5]))
            if rng.random() > 0.1:  # now and then a rest
                notes.append(_note(float(at), 60 + rng.randrange(14), float(length)))
            at += length
        bars = suggest_chords(notes, key, bar_length=F(4), mid_bar=True)
        assert all(b.then is None or (b.then.at == 2 and b.then.chord != b.chord) for b in bars)
        with translation.override("zh-hans"):
            said = [reason_text(b.reason) for b in bars]
        assert [s for s in said if _english_left(s) or not re.search(r"[\u4e00-\u9fff]", s)] == [], said
