"""Music words in the reader's language: every word music.words can write has a Chinese translation,
the compound names are rebuilt in Chinese word order, and English stays exactly music.words'."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

from music import words
from music.interval import Interval, valid_interval
from tutor.locale_compile import compile_catalogues
from tutor.music_text import VOCABULARY, confidence_label, interval_words, key_words, skill_label, term

ROOT = Path(__file__).resolve().parents[2]
TAGS = ["pc:F#@G", "pc:Bb@c", "int:+M6", "int:-P4", "int:m3", "int:+P8", "rhy:dotted-8th-16th", "rhy:syncopation",
        "key:Eb", "key:c#", "clef:bass", "clef:treble", "chord:dom7", "chord:hdim7", "inv:2nd", "rn:V65",
        "scale:harmonic-minor", "scale:major", "scale:dorian", "meter:6/8", "meter:compound", "cadence:plagal",
        "cadence:perfect-authentic", "cadence:deceptive", "ear:degree", "read:ledger", "harm:nct",
        "harm:six-four", "harm:figured-bass"]
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture(autouse=True)
def _compiled() -> None:
    compile_catalogues(ROOT / "locale")


def test_english_is_exactly_what_music_words_writes() -> None:
    with translation.override("en"):
        assert [skill_label(t) for t in TAGS] == [words.skill_name(t) for t in TAGS]
        assert confidence_label(0.6, 0.3) == words.confidence_words(0.6, 0.3)


def test_every_fixed_phrase_has_a_chinese_translation() -> None:
    with translation.override("zh-hans"):
        untranslated = [w for w in VOCABULARY if term(w) == w]
    assert untranslated == []


@pytest.mark.parametrize("tag", TAGS)
def test_every_kind_of_skill_tag_is_named_in_chinese(tag: str) -> None:
    with translation.override("zh-hans"):
        label = skill_label(tag)
    left = [w for w in LATIN_WORD.findall(label) if not re.fullmatch(r"[ivIV]+", w)]
    assert left == [], label


@pytest.mark.parametrize(("tag", "chinese"), [
    ("pc:F#@G", "G大调中的 F♯"), ("int:+M6", "上行大六度"), ("int:-P4", "下行纯四度"), ("int:+P8", "上行八度"),
    ("key:c#", "升c小调"), ("chord:dom7", "属七和弦"), ("inv:2nd", "第二转位"), ("clef:bass", "低音谱号"),
    ("cadence:perfect-authentic", "完满正格终止"), ("rhy:syncopation", "切分音"), ("rhy:dotted-8th-16th", "附点八分–十六分"),
    ("scale:harmonic-minor", "和声小调音阶"),
])
def test_the_names_are_those_a_chinese_music_teacher_uses(tag: str, chinese: str) -> None:
    with translation.override("zh-hans"):
        assert skill_label(tag) == chinese


def test_intervals_and_keys_keep_quality_and_mode_apart() -> None:
    # "major" is 大 in an interval and 大调 in a key: the catalogue keeps the two apart by context.
    with translation.override("zh-hans"):
        assert interval_words("major 3rd") == "大三度"
        assert interval_words("perfect octave") == "纯八度"
        assert key_words("E♭ major") == "降E大调"
        assert term("C♯ diminished triad") == "C♯减三和弦"
        assert confidence_label(0.6, 0.3) == "正在进步（数据尚少）"


def test_every_interval_the_questions_name_is_said_in_chinese_numbers() -> None:
    """Intervals up to a double octave as a textbook writes them: 大十四度, not 大14th (interval_identify offers a 14th
    as a distractor beside a 13th)."""
    numbers = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五")
    qualities = {"P": "纯", "M": "大", "m": "小", "A": "增", "d": "减"}
    with translation.override("zh-hans"):
        for quality, chinese in qualities.items():
            for number in range(1, 16):
                if valid_interval(quality, number):
                    assert term(Interval(quality, number).words) == f"{chinese}{numbers[number - 1]}度", (quality, number)


@pytest.mark.parametrize(("language", "key", "chinese"), [
    ("zh-hans", "B minor", "b小调"), ("zh-hans", "C♯ minor", "升c小调"), ("zh-hans", "E♭ major", "降E大调"),
    ("zh-hans", "F# harmonic-minor", "升f和声小调"), ("zh-hans", "A melodic minor", "a旋律小调"),
    ("zh-hans", "D dorian", "D多利亚调式"), ("zh-hant", "B minor", "b小調"), ("zh-hant", "G♯ minor", "升g小調"),
])
def test_keys_are_named_as_the_drill_titles_and_lessons_name_them(language: str, key: str, chinese: str) -> None:
    # The quiz pages wrote "B小调" and "G♯小调" where the drill titles, the request reader and the lessons write
    # "b小调" and "升g小调": a minor key's tonic in lower case, its accidental as a word.
    with translation.override(language):
        assert key_words(key) == chinese


def test_pentatonic_keys_are_named_as_a_chinese_teacher_names_them() -> None:
    from music.key import make_key

    with translation.override("zh-hans"):
        assert key_words(make_key("D", "zhi").title) == "D徵调式（五声）"
        assert key_words(make_key("A", "minor-pentatonic").label) == "A羽调式（五声）"
        assert key_words("G gong") == "G宫调式（五声）"
    with translation.override("en"):
        assert key_words(make_key("D", "zhi").title) == "D zhi pentatonic"
