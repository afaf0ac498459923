"""Requests in words (English and Chinese) turned into :class:`DrillParams`.

A small hand-written grammar, nothing fetched from anywhere. Every clause of
the request is either understood, and said back in the request's language
(``understood``), or returned word for word in ``ignored``; nothing is
dropped in silence::

    >>> r = parse_request("eight slow bars in D minor, sad, leaps up to a sixth, lots of C sharps")
    >>> r.params.bars, r.params.key, r.params.mode, r.params.max_leap, r.params.target_notes
    (8, 'D', 'minor', 9, ['C#'])
    >>> parse_request("D多利亚，3/4拍，多练升C，和弦进行I-V-vi-IV").understood[1:3]
    ['调：D多利亚调式', '拍号：3/4拍']
    >>> parse_request("a waltz in G, with a purple cadenza").ignored
    ['purple cadenza']

With ``previous`` parameters, refinement words ("harder", "add an octave
leap", "fewer leaps", "less monotonous", "for alto voice", "更难", "短一点")
change only what they name; a refinement always draws a fresh seed.

How it reads: the text is lower-cased without changing its length, each
recogniser blanks out what it consumed, and what is left (less filler words
such as "please", "a", "写一段", "旋律") is split at punctuation into the
``ignored`` clauses, quoted from the original text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, NamedTuple

from music.chord import parse_progression
from music.errors import MusicError
from music.interval import melodic_interval, parse_interval
from music.key import Key, key_pitches, make_key
from music.pitch import parse_pitch, parse_range
from music.scale import MINOR_MODES, MODE_TITLES, MODES, PENTATONIC_MODES
from music.words import drill_title_words, skill_name

from .errors import GenerationError, InvalidParams, reading_params
from .messages_zh import ZH_MODE_NAMES, chart_error_zh, key_name_zh, refusal_zh
from .params import CLEF_RANGES, LEVELS, MAX_BARS, VOICE_RANGES, DrillParams, parse_target_note, pattern_value
from .rhythm import SUPPORTED_METERS, all_rhythm_tags, parse_meter
from .script import in_script_of, lines_in_script_of


class _CompiledOnce:
    """``re``'s functions over this module's own cache of compiled patterns.

    Reading one request runs about 530 distinct patterns, more than ``re``'s own cache holds (512 in
    CPython 3.11, emptied oldest first), so through ``re`` every pattern was compiled again on every
    request: about 130 ms of CPU each time, and in a deep call stack (a request under the test client)
    far more, as the regex compiler's small recursive calls made CPython map and unmap a fresh 16 KiB
    frame chunk tens of thousands of times (more kernel time than Python time)."""

    @staticmethod
    @functools.lru_cache(maxsize=4096)
    def compile(pattern: str | re.Pattern[str], flags: int = 0) -> re.Pattern[str]:
        return re.compile(pattern, flags)

    def search(self, pattern: str | re.Pattern[str], string: str, flags: int = 0) -> re.Match[str] | None:
        return self.compile(pattern, flags).search(string)

    def match(self, pattern: str | re.Pattern[str], string: str, flags: int = 0) -> re.Match[str] | None:
        return self.compile(pattern, flags).match(string)

    def fullmatch(self, pattern: str | re.Pattern[str], string: str, flags: int = 0) -> re.Match[str] | None:
        return self.compile(pattern, flags).fullmatch(string)

    def finditer(self, pattern: str | re.Pattern[str], string: str, flags: int = 0) -> Iterator[re.Match[str]]:
        return self.compile(pattern, flags).finditer(string)

    def findall(self, pattern: str | re.Pattern[str], string: str, flags: int = 0) -> list[Any]:
        return self.compile(pattern, flags).findall(string)

    def sub(self, pattern: str | re.Pattern[str], repl: str | Callable[[re.Match[str]], str], string: str,
            count: int = 0, flags: int = 0) -> str:
        return self.compile(pattern, flags).sub(repl, string, count)

    def split(self, pattern: str | re.Pattern[str], string: str, maxsplit: int = 0, flags: int = 0) -> list[Any]:
        return self.compile(pattern, flags).split(string, maxsplit)


rx = _CompiledOnce()

_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fourteen": 14, "sixteen": 16, "twenty": 20, "twenty-four": 24, "thirty-two": 32,
}
_ZH_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_NUM = r"[\d零一二两三四五六七八九十百]+"
#: Scale degrees as words, and their numbers ("the flattened seventh").
_DEGREE_NUMBERS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "two": 2, "three": 3,
                   "four": 4, "five": 5, "six": 6, "seven": 7, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "6th": 6, "7th": 7}
_DEGREE_WORDS = "second|third|fourth|fifth|sixth|seventh|two|three|four|five|six|seven"
#: Words for the degree a tune starts on ("start on the fifth", "从属音开始"), as 简谱 numbers.
_START_DEGREE_WORDS = {
    "2nd": 2, "second": 2, "supertonic": 2, "re": 2, "上主音": 2, "二级音": 2,
    "3rd": 3, "third": 3, "mediant": 3, "mi": 3, "中音": 3, "三级音": 3,
    "4th": 4, "fourth": 4, "subdominant": 4, "fa": 4, "下属音": 4, "四级音": 4,
    "5th": 5, "fifth": 5, "dominant": 5, "sol": 5, "so": 5, "属音": 5, "五级音": 5,
    "6th": 6, "sixth": 6, "submediant": 6, "la": 6, "下中音": 6, "六级音": 6,
    "7th": 7, "seventh": 7, "leading note": 7, "leading tone": 7, "ti": 7, "导音": 7, "七级音": 7,
}
#: A 简谱 number standing alone as a degree ("start on 3", "end on 1"): not a count ("3 bars", "3/4", "1st").
_LONE_DEGREE = r"(?![\d/.]|\s*(?:bars?|measures?|beats?|notes|bpm|st|nd|rd|th|x)\b|\s*(?:sharps?|flats?)\b)"
#: What the form of a minor key is called when the key is named apart ("A minor, the harmonic one", "its melodic form").
_FORM_NOUN = r"(?:form|version|variant|one|kind|type|flavou?r)\b"
SOLFA_NAMES = ("do", "re", "mi", "fa", "sol", "la", "ti")
_SIZE_WORDS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "octave": 8,
               "unison": 1, "ninth": 9, "tenth": 10, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "6th": 6, "7th": 7}
_ZH_SIZE = {"二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
#: Largest usual size of each interval number, in semitones (a "sixth" allows a major sixth).
_MAX_SEMITONES = {1: 0, 2: 2, 3: 4, 4: 5, 5: 7, 6: 9, 7: 11, 8: 12, 9: 14, 10: 16}
_MODE_WORDS = {
    "harmonic minor": "harmonic-minor", "melodic minor ascending": "melodic-minor", "ascending melodic minor": "melodic-minor",
    "melodic minor": "melodic-minor", "natural minor": "minor",
    "major": "major", "minor": "minor", "dorian": "dorian", "phrygian": "phrygian", "lydian": "lydian",
    "mixolydian": "mixolydian", "aeolian": "aeolian", "locrian": "locrian", "ionian": "major",
}
_ZH_MODES = {
    "和声小调": "harmonic-minor", "旋律小调": "melodic-minor", "自然小调": "minor", "大调": "major", "小调": "minor",
    "混合利底亚": "mixolydian", "混合利地亚": "mixolydian", "多利亚": "dorian", "多利安": "dorian",
    "弗里几亚": "phrygian", "弗里吉亚": "phrygian", "利底亚": "lydian", "利地亚": "lydian", "爱奥利亚": "aeolian",
    "伊奥尼亚": "major", "洛克里亚": "locrian",
}
_ZH_VOICES = {"女高音": "soprano", "女中音": "alto", "女低音": "alto", "男高音": "tenor", "男中音": "baritone",
              "男低音": "bass"}
_ZH_VOICE_NAMES = {"soprano": "女高音", "alto": "女低音", "tenor": "男高音", "baritone": "男中音", "bass": "男低音"}
#: Children's unchanged voices, as a primary-school choir sings comfortably (C4 to D5).
CHILD_RANGE = ("C4", "D5")
#: A mezzo-soprano's comfortable range (the alto part's voice, a third higher at the top).
MEZZO_RANGE = ("A3", "F5")
_ZH_CLEFS = {"中提琴谱号": "alto", "次中音谱号": "tenor", "高音谱号": "treble", "低音谱号": "bass", "中音谱号": "alto"}
_ZH_CLEF_NAMES = {v: k for k, v in _ZH_CLEFS.items()}
#: Comfortable ranges for a student on each instrument, at concert pitch (lowest, highest, clef, transposing).
INSTRUMENT_RANGES: dict[str, tuple[str, str, str, bool]] = {
    "violin": ("G3", "A5", "treble", False), "viola": ("C3", "D5", "alto", False), "cello": ("C2", "G4", "bass", False),
    "flute": ("D4", "C6", "treble", False), "oboe": ("C4", "A5", "treble", False),
    "clarinet": ("D3", "G5", "treble", True), "alto saxophone": ("F3", "Eb5", "treble", True),
    "tenor saxophone": ("Bb2", "Ab4", "treble", True), "trumpet": ("Bb3", "F5", "treble", True),
    "horn": ("C3", "C5", "treble", True), "trombone": ("F2", "F4", "bass", False),
    "recorder": ("C4", "D6", "treble", False), "guitar": ("E3", "A5", "treble", False),
    "piano": ("C4", "C6", "treble", False), "erhu": ("D4", "D6", "treble", False),
    "ukulele": ("C4", "A5", "treble", False), "tuba": ("A1", "F3", "bass", False), "euphonium": ("Bb1", "F4", "bass", False),
    "bassoon": ("Bb1", "F4", "bass", False), "harp": ("C3", "C6", "treble", False), "accordion": ("C4", "C6", "treble", False),
    "harmonica": ("C4", "C6", "treble", False), "mandolin": ("G3", "A5", "treble", False), "melodica": ("F3", "F5", "treble", False),
    "guzheng": ("D3", "D5", "treble", False), "dizi": ("A4", "E6", "treble", False), "pipa": ("A3", "A5", "treble", False),
    "hulusi": ("G4", "A5", "treble", False), "yangqin": ("C4", "C6", "treble", False),
    # Written an octave above its sound, as every bass part is (the guitar's range above is written too).
    "double bass": ("E2", "D4", "bass", False), "bass guitar": ("E2", "D4", "bass", False),
    # Written ranges for those written an octave from their sound (piccolo, xylophone), as for the guitar.
    "tin whistle": ("D5", "B6", "treble", False), "piccolo": ("D4", "C6", "treble", False),
    "xylophone": ("C4", "C6", "treble", False), "marimba": ("C3", "C6", "treble", False),
    "ocarina": ("A4", "F6", "treble", False), "handbells": ("C4", "C6", "treble", False),
    "suona": ("A4", "E6", "treble", False),
}
#: The highest note in first position (the fourth finger on the top string) for instruments that shift.
FIRST_POSITION_TOP = {"violin": "B5", "viola": "E5", "cello": "D4", "erhu": "E5"}
_INSTRUMENT_WORDS = [
    ("violin", "violin"), ("fiddle", "violin"), ("viola", "viola"), ("cello", "cello"), ("violoncello", "cello"),
    ("flute", "flute"), ("oboe", "oboe"), ("clarinet", "clarinet"), ("alto sax", "alto saxophone"),
    ("alto saxophone", "alto saxophone"), ("tenor sax", "tenor saxophone"), ("tenor saxophone", "tenor saxophone"),
    ("sax", "alto saxophone"), ("saxophone", "alto saxophone"), ("trumpet", "trumpet"), ("cornet", "trumpet"),
    ("french horn", "horn"), ("horn", "horn"), ("trombone", "trombone"), ("recorder", "recorder"),
    ("guitar", "guitar"), ("piano", "piano"), ("keyboard", "piano"), ("erhu", "erhu"), ("ukulele", "ukulele"), ("uke", "ukulele"),
    ("tuba", "tuba"), ("euphonium", "euphonium"), ("bassoon", "bassoon"), ("harp", "harp"), ("accordion", "accordion"),
    ("harmonica", "harmonica"), ("mandolin", "mandolin"), ("melodica", "melodica"), ("guzheng", "guzheng"),
    ("dizi", "dizi"), ("pipa", "pipa"), ("hulusi", "hulusi"), ("yangqin", "yangqin"),
    ("double bass", "double bass"), ("double-bass", "double bass"), ("contrabass", "double bass"),
    ("string bass", "double bass"), ("upright bass", "double bass"), ("bass guitar", "bass guitar"),
    ("electric bass", "bass guitar"), ("tin whistle", "tin whistle"), ("penny whistle", "tin whistle"),
    ("piccolo", "piccolo"), ("xylophone", "xylophone"), ("marimba", "marimba"), ("ocarina", "ocarina"),
    ("handbell", "handbells"), ("hand bell", "handbells"), ("suona", "suona"),
]
_ZH_INSTRUMENT_WORDS = [
    ("小提琴", "violin"), ("中提琴", "viola"), ("大提琴", "cello"), ("长笛", "flute"), ("双簧管", "oboe"),
    ("单簧管", "clarinet"), ("黑管", "clarinet"), ("中音萨克斯(?:管|风)?", "alto saxophone"),
    ("次中音萨克斯(?:管|风)?", "tenor saxophone"), ("萨克斯(?:管|风)?", "alto saxophone"), ("小号", "trumpet"),
    ("圆号", "horn"), ("长号", "trombone"), ("竖笛", "recorder"), ("吉他", "guitar"), ("钢琴", "piano"),
    ("电子琴", "piano"), ("二胡", "erhu"), ("尤克里里", "ukulele"), ("大号", "tuba"), ("上低音号", "euphonium"),
    ("巴松管?", "bassoon"), ("大管", "bassoon"), ("竖琴", "harp"), ("手风琴", "accordion"), ("口琴", "harmonica"),
    ("曼陀林", "mandolin"), ("口风琴", "melodica"), ("古筝", "guzheng"), ("竹笛", "dizi"), ("笛子", "dizi"),
    ("琵琶", "pipa"), ("葫芦丝", "hulusi"), ("扬琴", "yangqin"), ("倍大提琴", "double bass"),
    ("倍低音提琴", "double bass"), ("低音提琴", "double bass"), ("贝斯", "bass guitar"), ("电贝斯", "bass guitar"),
    ("锡笛", "tin whistle"), ("哨笛", "tin whistle"), ("短笛", "piccolo"), ("木琴", "xylophone"), ("马林巴", "marimba"),
    ("陶笛", "ocarina"), ("手摇铃", "handbells"), ("手铃", "handbells"), ("唢呐", "suona"),
]
_INSTRUMENT_ALTERNATIVES = "|".join(sorted((w for w, _ in _INSTRUMENT_WORDS), key=len, reverse=True))
_ZH_INSTRUMENT_ALTERNATIVES = "|".join(sorted((w for w, _ in _ZH_INSTRUMENT_WORDS), key=len, reverse=True))
_ZH_INSTRUMENT_NAMES = {
    "violin": "小提琴", "viola": "中提琴", "cello": "大提琴", "flute": "长笛", "oboe": "双簧管", "clarinet": "单簧管",
    "alto saxophone": "中音萨克斯", "tenor saxophone": "次中音萨克斯", "trumpet": "小号", "horn": "圆号",
    "trombone": "长号", "recorder": "竖笛", "guitar": "吉他", "piano": "钢琴", "erhu": "二胡",
    "ukulele": "尤克里里", "tuba": "大号", "euphonium": "上低音号", "bassoon": "大管", "harp": "竖琴",
    "accordion": "手风琴", "harmonica": "口琴", "mandolin": "曼陀林", "melodica": "口风琴", "guzheng": "古筝",
    "dizi": "笛子", "pipa": "琵琶", "hulusi": "葫芦丝", "yangqin": "扬琴", "double bass": "低音提琴",
    "bass guitar": "贝斯", "tin whistle": "锡笛", "piccolo": "短笛", "xylophone": "木琴", "marimba": "马林巴",
    "ocarina": "陶笛", "handbells": "手铃", "suona": "唢呐",
}
_TEMPO_WORDS = {
    "moderately fast": 112, "fairly fast": 112, "quite fast": 126, "medium fast": 112, "moderately slow": 76,
    "fairly slow": 72, "quite slow": 60, "slowish": 72, "fastish": 112, "quickish": 112, "medium slow": 76, "not too fast": 84, "not too slow": 96, "very slow": 56, "slowly": 66, "slow": 66, "moderate": 90, "medium": 90, "very fast": 144, "fast": 120,
    "quick": 120, "lively": 126, "largo": 50, "lento": 56, "adagio": 66, "andante": 80, "moderato": 100,
    "brisk": 120, "steady": 90, "relaxed": 80, "leisurely": 72, "march tempo": 116, "marching tempo": 116, "march pace": 116, "walking pace": 80, "walking tempo": 80,
    "allegretto": 108, "allegro": 128, "vivace": 144, "presto": 168,
}
_ZH_TEMPO_WORDS = {"不要太快": 84, "别太快": 84, "不太快": 84, "不要太慢": 96, "别太慢": 96, "稍快": 112, "稍慢": 76,
                   "较快": 112, "较慢": 72, "很慢": 56, "广板": 50, "慢板": 66, "行板": 80, "中板": 100, "快板": 128, "急板": 168, "慢速": 66,
                   "中速": 90, "中等速度": 90, "轻松": 80, "悠闲": 72, "速度中等": 90, "快速": 120, "很快": 144, "慢慢的": 60, "慢慢地": 60, "慢": 66, "快": 120}
_LEVEL_WORDS = {"absolute beginner": 1, "total beginners?": 1, "complete beginners?": 1, "really easy": 1, "super easy": 1, "very basic": 1, "beginners?": 1, "begg?inn?ers?": 1, "very easy": 1, "very simple": 1, "easy peasy": 1, "easy": 2,
                "simple": 2, "basic": 2, "not too hard": 2, "not too difficult": 2, "nothing too hard": 2, "nothing too difficult": 2, "nothing (?:too )?(?:crazy|fancy|complicated)": 2,
                "not (?:too|very|so) (?:crazy|fancy|complicated)": 2, "not very hard": 2, "elementary": 2,
                "intermediate": 3, "medium difficulty": 3, "moderate difficulty": 3, "medium level": 3,
                "average difficulty": 3, "upper intermediate": 4, "advanced": 5, "expert": 6, "very hard": 6, "super hard": 6, "really hard": 6,
                "super difficult": 6, "really difficult": 6, "insanely hard": 6, "super simple": 1, "really simple": 1,
                "hard": 5, "difficult": 5, "challenging": 5, "tricky": 5, "tough": 5,
                "hardest": 6, "most difficult": 6, "toughest": 6, "most advanced": 6, "easiest": 1, "simplest": 1}
_ZH_LEVEL_WORDS = {"中等": 3, "零基础": 1, "入门": 1, "初学者": 1, "新手": 1, "小白": 1, "菜鸟": 1, "很简单": 1, "非常简单": 1, "初级": 2, "简单的": 2, "简单": 2,
                   "别太难": 2, "不要太难": 2, "不太难": 2, "不用太难": 2, "不那么难": 2, "没那么难": 2, "不会太难": 2,
                   "不要太简单": 4, "别太简单": 4, "不那么简单": 4, "不太简单": 4,
                   # Said bare, 不 softens as English does not: "不难" is easyish, "不简单" hardish. Not bare "不容易":
                   # before a verb it is "hard to" ("学生不容易唱准高音"), a complaint, not a level.
                   "不难": 2, "不很难": 2, "不简单": 4, "不很简单": 4, "不太容易": 4, "不那么容易": 4, "容易的": 2, "容易": 2, "较难": 4, "有挑战性的": 5,
                   "有挑战": 5, "中级": 3, "中高级": 4, "高级": 5,
                   "专家": 6, "很难": 6, "超级难": 6, "超难": 6, "特别难": 6, "非常难": 6, "超级简单": 1, "超简单": 1, "特别简单": 1, "最难的": 6, "难的": 5, "最简单的": 1, "不难不简单": 3, "不难也不简单": 3, "难度适中": 3, "适中": 3}
#: Words that soften a denial by extent, not degree: "not a complete beginner" is a beginner, though not wholly.
_EXTENT_EN = r"complete(?:ly)?|total(?:ly)?|absolute(?:ly)?|entire(?:ly)?|utter(?:ly)?"
_EXTENT_ZH = r"完全|彻底|纯"
_ZH_LEVEL_NAMES = {1: "入门", 2: "初级", 3: "中级", 4: "中高级", 5: "高级", 6: "专家"}
_QUALITY = {"major": "M", "minor": "m", "perfect": "P", "augmented": "A", "diminished": "d"}
_ZH_QUALITY = {"大": "M", "小": "m", "纯": "P", "增": "A", "减": "d"}
_ZH_QUALITY_NAMES = {v: k for k, v in _ZH_QUALITY.items()}
_DEFAULT_QUALITY = {1: "P", 2: "M", 3: "M", 4: "P", 5: "P", 6: "M", 7: "M", 8: "P", 9: "M", 10: "M"}
_ZH_NUMBER_NAMES = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十"}
_DURATION_WORDS = {
    "whole": "whole", "half": "half", "quarter": "quarter", "crotchet": "quarter", "minim": "half",
    "semibreve": "whole", "quaver": "eighth", "semiquaver": "16th", "eighth": "eighth", "8th": "eighth",
    "sixteenth": "16th", "16th": "16th",
}
_ZH_DURATIONS = {"全音符": "whole", "二分音符": "half", "四分音符": "quarter", "八分音符": "eighth",
                 "十六分音符": "16th", "二分": "half", "四分": "quarter", "八分": "eighth", "十六分": "16th"}
_ZH_DURATION_NAMES = {"whole": "全音符", "half": "二分", "quarter": "四分", "eighth": "八分", "16th": "十六分"}
#: The rhythm cells' ``rhy:`` tags in Chinese.
_ZH_RHYTHM_NAMES = {"16th-16th-8th": "前十六后八", "16ths": "四个十六分音符", "8th-16th-16th": "前八后十六",
                    "8th-pair": "两个八分音符", "8th-triple": "一拍三个八分音符", "dotted-8th-16th": "附点八分+十六分",
                    "dotted-half": "附点二分音符", "dotted-quarter-8th": "附点四分+八分", "quarter-8th": "四分+八分",
                    "syncopation": "切分", "tie": "连音线", "triplet-8th": "八分三连音", "triplet-quarter": "四分三连音"}
_KIND_ZH = {"melody": "旋律", "scale": "音阶练习", "interval": "音程练习", "rhythm": "节奏练习"}
#: A note name: letter, then an accidental written as a sign or a word.
_NOTE = r"([a-g])(?:\s?(#|♯|b(?![a-z])|♭|-sharp|-flat|\s+sharp|\s+flat)|(?<=[a-g])(sharp|flat))?"
_NUMERAL = r"(?:b|♭|#|♯)?(?:vii|vi|iv|v|iii|ii|i)(?:°|o|ø|7|maj7|m7)?"
#: A numeral, or an applied chord: the numeral read in the key of the chord after the slash ("V7/V").
_ROMAN = _NUMERAL + r"(?:/" + _NUMERAL + r")?"
_FIGURE = r"(?:b|#)?(?:VII|vii|VI|vi|IV|iv|V|v|III|iii|II|ii|I|i)(?:°|o|ø|7|maj7|m7)?"
#: The applied chord "secondary dominant" means when no chord is named: the dominant of the dominant.
DEFAULT_APPLIED = "V/V"
_FILLER_EN = (
    # Chat words and the ways students say what they find hard ("I always go flat on...", "make sure it comes up"),
    # first: a phrase must be tried before a word it starts with ("make").
    r"what\s+about|how\s+about|a\s+couple(?:\s+of)?|couple\s+of|(?:just\s+)?(?:like|same\s+as|as)\s+(?:last\s+time|before|the\s+(?:last|previous)\s+one)|\d+(?:st|nd|rd|th)\s+graders?|graders?|readers?|is\s+there(?:\s+a\s+way\s+to)?|focus(?:s)?ing\s+on|wrong|wrongly|badly|mess(?:es|ed)?\s+up|before|after|where|each|how\s+(?:can|do|should)\s+i|improve|improving|bring\s+in|throw\s+in|bring|smth|sth|lol|lmao|idk|u|ur|thx|haha|pls+|random|whatever|any\s+key|surprise\s+me|always|usually|often|"
    r"go(?:es|ing)?\s+(?:flat|sharp)\s+on|make\s+sure|comes?\s+up|a\s+lot|every\s+now\s+and\s+then|now\s+and\s+then|"
    r"from\s+time\s+to\s+time|at\s+all|tempo|pace|speed|start|starts|starting|begin|begins|stuff|halfway(?:\s+through)?|"
    r"please|could you|can you|would you|i want|i need|i'd like|i would like|give me|make me|make|write me|write|"
    r"generate|create|compose|let's have|let me have|i want to practi[cs]e|me|a|an|the|some|new|one|that|which|"
    r"melody|melodies|tune|drill|exercise|sight[\s-]?singing|sight[\s-]?reading|piece|something|anything|one|can u|could u|"
    r"do|add|lots|lot|plenty|more|extra|style|feel|only|just|like|kind|sort|change|switch|hey|hi|get|i|can|but|keep|"
    r"still|though|however|so|same|we|you|fine|ok|okay|phrase|instead|rather|now|help|intervals?|few|include|including|"
    r"line|music|and|with|in|for|of|it|is|are|"
    r"be|should|has|have|using|use|uses|thanks|thank you|to|on|my|student|students|class|sing|practi[cs]e|practi[cs]ing|"
    r"work on|focus on|let's|time|at|drills|exercises|bars?|measures?|notes?|mode|key|please|give|i'm|im|i am|pls|plz|"
    r"that's|thats|somewhere|play|keep messing up|messing up|struggle with|struggling with|have trouble with|"
    r"am bad at|mostly|maybe|also|too|really|something like|melodie|preparing for|preparing|whole class|right hand|children's|children|kids|these|those|want to|want|"
    r"reading|insted|instead|gimme|this time|next time|exam|exams|test|concert|recital|audition|homework|assignment|"
    r"lesson|group|section|school|next week|next month|tomorrow|today|tonight|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|little|young|folk-like|folk|solo-ish|solo|piece|was|one|"
    r"spanning|covering|across the bar line|across|over the bar line|thing|year\s+\d+|can|could|about|approximately|"
    r"roughly|around|just for fun|for fun|fun|ugh|um|uh|hmm|find|them|it|i've got|i have|got|abrsm|trinity|"
    r"in minor keys|minor keys|air|violinist|pianist|singer|singers|sweet|nice|pretty|lovely|cool|mixed|version|"
    r"i hate them|hate|get better at|better at|better|this one's|this one|bored|need|warm-up|warmup|warm up|hello|way|perfect|great|try|put together|teacher|"
    r"singing in tune|in tune|intonation|every|here|show|display|shown|singing|would|able|prep|preparation|concert|teach|assign|assigning|assigned|set|kinda|sorta|kind of|sort of|w/|"
    r"struggles with|struggles|who|am|needs|pupil|pupils|wants|wanted|steps|i keep missing|keep missing|missing|keep getting wrong|getting wrong|put|weird|"
    r"\d+[\s-]*(?:yr|year)s?[\s-]*olds?|ages?\s+\d+(?:\s*(?:-|to|–)\s*\d+)?|year\s+\d+s?|grade\s+\d+s|dashboard|w"
)
_FILLER_ZH = (
    # Who the drill is for and what it prepares ("我女儿学二胡两年了", "视唱练耳考级的模拟题", "声乐学生", "音乐课"),
    # before the shorter words they hold ("视唱").
    r"视唱练耳|模拟题|模拟卷|模拟|声乐|[音乐竖笛琴声器]*课|女儿|儿子|她|他|学(?:了|过)?(?![生习])|[一二两三四五六七八九十\d半]+年(?:多)?了|"
    r"和弦进行|和弦|里面|大概|大约|调性随意|调性不限|调随意|调性|难度|长度|节拍|拍号|小节数|七声(?:音阶)?|换个种子|换种子|调(?=\s*:)|歌曲|歌|为主|都行|都可以|都好|请|帮我|给我们|给我|我想要|我想|我要|我是|能不能|可不可以|可以|有没有|就行|就好|随便|"
    r"儿童|小朋友|孩子们|孩子|右手|整一段|整|哦|呗|呀|啊|嘛|我老是唱不准|多来点|多来一些|多来|老是唱不准|唱不准|总是唱错|老是出错|来|写|有|带|加上|加|以及|适合|给|为|生成|创作|做|出|一段|一首|一条|一个|一下|个|首|段|的|旋律|曲子|乐曲|"
    r"视唱|练习曲|练习|训练|用|在|和|以及|并且|并|还有|要|吧|谢谢|里|中|多一些|多一点|多点|多些|更多|很多|大量|一些|一点|点|风格|感觉|只|就|的|多练|改成|改为|换成|变成|但是|但|不过|还是|保持|一样|一道|道|题目|题|把|想练|练练|练一下|练|一下|我们|我|换个调|换个|换|够了|就够了|考试|期末|期中|下周|明天|准备|班级|班|作业|音乐会|演出|比赛|上课|课堂|刚学|刚开始学|出题|出个题|吗|能|老是|总是|初一|初二|初三|高一|高二|高三|[一二三四五六七八九]年级|学生们|学生|同学们|同学|小学生|中学生|都要有|都要|都|要有|谱子|乐谱|也没关系|没关系|想要|想|常错的地方|常错|错的地方|这次|这回|其他不变|其它不变|别的不变|其余不变|一起唱|老师好|老师|你好|您好|考级了|考级|偶尔|儿歌风格|儿歌|布置|布置一下|是|又|些|民歌|民谣|唱|视奏|视谱|识谱|小孩子|小孩|\d+岁|[一二三四五六七八九十]+岁|让我|让|多用|多写|"
    r"(?:随便)?(?:什么|哪个|任何)调(?:都行|都可以|都好)?|麻烦|一共|总共|左右|国中生|国中|然后|接着|再|开始|开头|怎么|如何|怎样|主要|也|还有|另外|很|非常|比较|特别|关于|为主|以|(?:像|跟|和)(?:上次|刚才|之前)(?:那样|一样)?|考音乐学院|音乐学院|艺考|考学|重点|初中生|高中生|大学生|幼儿园|需要|上弹|上演奏|上吹|上拉|节奏型|节奏|这(?:段|条|个|首)?|水平"
)


#: The five pentatonic modes in Chinese (宫 商 角 徵 羽: do re mi sol la as a tonic).
_ZH_PENTATONIC = {"宫": "gong", "商": "shang", "角": "jue", "徵": "zhi", "羽": "yu"}
#: "Pentatonic" said of a seven-note key: the pentatonic mode on its tonic under its signature (D dorian: D shang).
#: Lydian and locrian have none (their tonic's pentatonic lies under another signature).
_PENTATONIC_OF = {"major": "major-pentatonic", "minor": "minor-pentatonic", "aeolian": "minor-pentatonic",
                  "harmonic-minor": "minor-pentatonic", "melodic-minor": "minor-pentatonic", "dorian": "shang",
                  "phrygian": "jue", "mixolydian": "zhi", **{m: m for m in PENTATONIC_MODES}}


def _note_name(letter: str, accidental: str | None) -> str:
    acc = (accidental or "").strip().lstrip("-")
    return letter.upper() + {"#": "#", "♯": "#", "sharp": "#", "升": "#", "b": "b", "♭": "b", "flat": "b",
                             "降": "b"}.get(acc, "")


def _split_note(name: str) -> tuple[str, str | None]:
    return name[0], name[1:] or None


def _tonic_in_gong(gong: str, mode: str) -> str:
    """The tonic of ``mode`` in the 宫 system on ``gong``: 徵 in C is G, 羽 in Eb is C.

        >>> _tonic_in_gong("C", "zhi"), _tonic_in_gong("Eb", "yu"), _tonic_in_gong("G", "gong")
        ('G', 'C', 'G')
    """
    gong_key = make_key(gong, "major")
    degree = {"gong": 0, "major-pentatonic": 0, "shang": 1, "jue": 2, "zhi": 4, "yu": 5, "minor-pentatonic": 5}[mode]
    return key_pitches(gong_key, gong_key.tonic_pitch.midi, gong_key.tonic_pitch.midi + 11)[degree].pc_name


def _pentatonic_mode_lines(mode: str) -> tuple[str, str]:
    return f"mode: {MODE_TITLES[mode]}", f"调式：{ZH_MODE_NAMES[mode]}（五声）"


def pentatonic_key_lines(tonic: str, mode: str) -> tuple[str, str]:
    """What a pentatonic key is said back as: its five notes in English, its 宫 in Chinese.

        >>> pentatonic_key_lines("G", "major-pentatonic")
        ('key: G major pentatonic (five notes: G A B D E)', '调式：G宫调式（五声）')
        >>> pentatonic_key_lines("D", "zhi")
        ('key: D zhi pentatonic (five notes: D E G A B; do is G)', '调式：D徵调式（五声，G宫系统）')
    """
    key = make_key(tonic, mode)
    notes = " ".join(p.pc_name for p in key_pitches(key, key.tonic_pitch.midi, key.tonic_pitch.midi + 11))
    gong = Key.from_fifths(key.fifths).tonic
    if gong == key.tonic:
        return f"key: {tonic} {MODE_TITLES[mode]} (five notes: {notes})", f"调式：{key_name_zh(tonic, mode)}（五声）"
    gong_zh = {"#": "升", "b": "降"}.get(gong[1:], "") + gong[0]
    return (f"key: {tonic} {MODE_TITLES[mode]} (five notes: {notes}; do is {gong})",
            f"调式：{key_name_zh(tonic, mode)}（五声，{gong_zh}宫系统）")


#: Words an input method gives for the one meant, with what must come before them: (pattern, the word meant).
#: The pattern matches the context and the word, the word last and as long as the one meant.
_HOMOPHONES = ((r"(?<=[大小])掉", "调"), (r"(?<=[快慢行])版", "板"), (r"(?<=[\d十百零一二两三四五六七八九个])小结", "小节"))
#: Full-width punctuation folded one character for one, so that spans in the folded text index the original.
_FOLD = str.maketrans("，。；：、（）－—–＃！？＝　／～\u00a0\u2002\u2003\u2009\u202f", ",.;:,()---#!?= /~     ")
#: (The last five are the no-break and thin spaces pasted from documents: the recognisers' ASCII ``\s`` misses them.)
#: Full-width letters and digits ("Ｆ大调，３／４拍", typed with a Chinese input method) read as their ASCII forms.
_FULL_WIDTH_ALNUM = str.maketrans({chr(0xFF10 + i): chr(0x30 + i) for i in range(10)}
                                  | {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}
                                  | {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})
#: Traditional characters (Taiwan, Hong Kong) read as their simplified forms, one character for one so that spans
#: in the folded text still index the original; each pair is (traditional, simplified), and no traditional
#: character here is a simplified character in its own right (so 徵, 乾, 著 and 隻 are left alone).
_TRADITIONAL_PAIRS = (
    "調调節节視视練练習习條条個个號号點点譜谱連连聲声臨临時时記记簡简單单難难請请給给這这聽听準准錄录評评為为與与"
    "麼么麽么長长樂乐們们師师國国學学級级進进躍跃從从讓让還还數数較较對对會会開开應应該该來来嗎吗鋼钢圓圆輕轻穩稳"
    "轉转滿满變变後后帶带並并雙双頭头過过總总題题類类測测驗验錯错確确換换續续結结終终經经線线網网載载導导檔档臺台"
    "灣湾實实際际間间關关無无歡欢讀读識识說说話话認认試试議议謝谢計计設设課课談谈語语誤误豎竖薩萨絃弦張张東东處处"
    "緊紧鬆松細细適适當当幾几種种區区別别興兴歲岁啟启動动態态強强彈弹響响亂乱隨随機机碼码邊边選选擇择產产兒儿齊齐"
    "舊旧內内兩两減减陣阵萬万礎础擬拟範范圍围奮奋慣惯寫写幫帮備备詞词複复雜杂階阶宮宫箏筝揚扬團团鐘钟約约優优繼继"
    "剛刚極极樣样檢检問问協协鳴鸣華华爾尔茲兹搖摇滾滚擺摆讚赞詩诗屬属離离裝装飾饰顫颤裡里裏里組组齡龄隊队員员參参賽赛"
    "週周項项標标覺觉歷历聖圣誕诞悅悦愛爱鬧闹靜静親亲熱热寬宽窄窄廣广簡简純纯勁劲厲厉奧奥礙碍傳传統统拍拍"
)
_TRADITIONAL = str.maketrans({t: s for t, s in zip(_TRADITIONAL_PAIRS[::2], _TRADITIONAL_PAIRS[1::2], strict=True)
                              if t != s})
#: Traditional characters that are also Simplified ones with a meaning of their own (徵 in 徵调式, 係 read as Cantonese 是).
_KEEP_AS_WRITTEN = frozenset("徵乾著隻係")


@functools.cache
def _to_simplified() -> Callable[[str], str]:
    import opencc

    return opencc.OpenCC("t2s.json").convert


def _simplified_characters(text: str) -> str:
    """Traditional characters ``_TRADITIONAL`` lacks ("縮短一半") in their Simplified forms (OpenCC's), one character
    for one, so that every word the reader knows is read in either script."""
    if not rx.search(r"[\u4e00-\u9fff]", text):
        return text
    convert = _to_simplified()
    return "".join(c if c in _KEEP_AS_WRITTEN or not "\u4e00" <= c <= "\u9fff" or len(s := convert(c)) != 1 else s
                   for c in text)


#: Cantonese words (Hong Kong) read as a Mandarin word of the same length: "唔該俾我一條…", "唔好有附點".
_CANTONESE = (("唔該", "麻烦"), ("唔该", "麻烦"), ("唔好", "不要"), ("唔要", "不要"), ("俾我", "给我"), ("畀我", "给我"),
              ("甚麼", "什么"), ("嘅", "的"), ("啲", "些"), ("冇", "无"), ("係", "是"), ("咗", "了"))
#: How a line of ``understood`` starts when it answers a wish the drill cannot meet ("two-part", "简谱"),
#: so that such a wish is answered plainly rather than listed as not understood.
UNSUPPORTED_PREFIXES = ("note:", "注意：")
#: Accompaniment styles named in words (``generation.accompaniment.STYLES``), said back in both languages.
STYLE_NAMES = {"block": ("block chords", "柱式和弦"), "alberti": ("Alberti bass", "阿尔贝蒂低音"),
               "arpeggio": ("broken chords (arpeggios)", "分解和弦"), "waltz": ("waltz (oom-pah-pah)", "圆舞曲"),
               "march": ("march", "进行曲"), "ballad": ("ballad", "抒情曲"), "rock": ("rock", "摇滚"),
               "swing": ("swing", "摇摆"), "bossa": ("bossa nova", "波萨诺瓦"), "jig": ("jig", "吉格"),
               "hymn": ("hymn (four-part chords)", "赞美诗式"), "drone": ("drone", "持续音")}


def split_answers(understood: list[str]) -> tuple[list[str], list[str]]:
    """The lines said back, and apart from them the answers to wishes a drill cannot meet (without their prefix)::

        >>> split_answers(["key: C major", "note: a drill has no lyrics", "调：C大调", "注意：练习没有歌词"])
        (['key: C major', '调：C大调'], ['a drill has no lyrics', '练习没有歌词'])
    """
    said, answers = [], []
    for line in understood:
        prefix = next((p for p in UNSUPPORTED_PREFIXES if line.startswith(p)), None)
        if prefix is None:
            said.append(line)
        else:
            answers.append(line[len(prefix):].strip())
    return said, answers


#: Where a second wish starts inside one clause ("quiz me on key signatures and give me a G major drill", 考考我调号，
#: 然后给我一条G大调的练习): words answered whole (``take_clauses``) end there, so the drill asked for is still read.
_NEW_WISH = (r"\s(?:and|but|then|also|plus)\s+(?:then\s+|also\s+)?(?=(?:give|make|write|generate|create|send|i\s+want|i'd\s+like|i\s+need)\b)"
             r"|然后|另外|还要|再给|再来|再出")


#: Words that name a quiz's topic, and the Practice page's unit (``lessons.curriculum.UNITS``) that asks about it.
_QUIZ_UNITS = (("keys", r"key\s+signatures?|调号"), ("ear", r"\bby\s+ear\b|\bplay\s+(?:me\s+)?(?:two|2)\s+notes\b|听音|听辨"),
               ("intervals", r"\bintervals?\b|音程"), ("scales", r"\bscales?\b|音阶"), ("triads", r"\btriads?\b|\bchords?\b|三和弦|和弦"),
               ("rhythm", r"\brhythms?\b|\bmeters?\b|节奏|拍号"), ("reading", r"\bnote\s+names\b|\bclefs?\b|音名|谱号"))


#: Words that ask for music to sing: a wish for lyrics with them ("a melody with lyrics") still wants a drill; without
#: them, and without a setting ("write me some lyrics", "帮我配上歌词"), it is answered and no drill is made.
_ASKS_FOR_MUSIC = (r"\b(?:drills?|exercises?|melod(?:y|ies)|tunes?|practi[cs]e|sight[\s-]?(?:sing|read)\w*)\b"
                   r"|练习|旋律|视唱|曲子|曲调")


class NoDrillAsked(GenerationError):
    """The words ask only for what a drill is not (a quiz, a transcription, other students' scores) and name no drill
    setting: they are answered (``answers``, in the request's script), and no drill is made. ``pages`` names the
    product's pages that do what was asked ("quizzes", "lessons", "transcribe"); ``ignored`` is what was not read."""

    def __init__(self, answers: list[str], *, pages: list[str], ignored: list[str], chinese: bool) -> None:
        self.answers, self.pages, self.ignored = answers, pages, ignored
        sentences = [answer[:1].upper() + answer[1:] + "." for answer in answers] if not chinese else [f"{a}。" for a in answers]
        super().__init__(("" if chinese else " ").join(sentences))


@dataclass
class RequestResult:
    """The parameters, what was understood (one phrase per item, in the request's language) and what was not."""

    params: DrillParams
    understood: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    #: An accompaniment style named in the words ("with an Alberti bass", "柱式和弦伴奏"); empty if none.
    style: str = ""


def parse_request(text: str, *, previous: DrillParams | None = None) -> RequestResult:
    """Turn ``text`` into parameters (refining ``previous`` when given).

    Raises :class:`InvalidParams` when the request names something impossible
    to express (an unknown key, a chord the key cannot spell); infeasible
    combinations surface later, when the drill is generated.
    """
    reader, params = _read(text, previous)
    ignored = reader.leftovers()
    # A misspelt word ("majr", "dorain") is read as the word it is one slip away from, and said so.
    fixes = {word: fix for clause in ignored for word in rx.findall(r"[A-Za-z]+", clause)
             if (fix := _spelling_fix(word)) is not None}
    if fixes:
        fixed_reader, fixed_params = _read(_respell(text, fixes), previous)
        # Keep only the fixes that the grammar then understood ("harp" is not a misspelt "sharp").
        still = " ".join(fixed_reader.leftovers()).lower().split()
        fixes = {word: fix for word, fix in fixes.items() if fix not in still}
    if fixes:
        reader, params = _read(_respell(text, fixes), previous)
        ignored = reader.leftovers()
        for word, fix in fixes.items():
            reader.say(f"read {word!r} as {fix!r}", f"把“{word}”理解为“{fix}”")
    # Nothing said back but the default level: no word was a setting, nor a wish answered.
    said = [line for line in reader.understood if not line.endswith(("(default)", "（默认）"))]
    # Only wishes that are no drill ("quiz me on key signatures", "write down what I sing"): answered, and no drill is
    # made beside the answer (a default C major melody is not what was asked for).
    if reader.elsewhere and not _fields(reader.found) and not reader.refinements and set(said) <= set(reader.elsewhere):
        raise NoDrillAsked(split_answers(lines_in_script_of(text, reader.elsewhere))[1], pages=list(dict.fromkeys(reader.pages)), ignored=ignored, chinese=reader.zh)
    if ignored and not said and not _fields(reader.found) and not reader.refinements:
        _answer_nothing_read(reader, params, refining=previous is not None)
    # A request written in Traditional characters is answered in them (what was not understood is quoted as written).
    return RequestResult(params=params, understood=lines_in_script_of(text, reader.understood), ignored=ignored,
                         style=str(reader.found.get("_style", "")))


#: Requests read when a web process starts (``warm_up``): English, Simplified and Traditional Chinese, Cantonese and a
#: refinement, so that between them they compile nearly every pattern the reader runs and load OpenCC's dictionaries.
_WARM_UP_REQUESTS = (
    "a short sight-singing drill in D minor, 3/4, with leaps up to a fifth, 8 bars, no triplets",
    "给我一个G大调的视唱练习，八小节，四三拍，慢一点",
    "請出一條降B大調的旋律，十二小節，不要附點",
    "唔該俾我一條F大調嘅視唱",
)


def warm_up() -> int:
    """Read a few requests so that a web process's first user does not wait for the reader's first request: about
    550 patterns compiled (``_CompiledOnce``) and OpenCC's dictionaries loaded, 0.3-0.7 s of CPU on a loaded machine.
    Returns how many patterns are compiled. Called from ``config/wsgi.py`` and ``config/asgi.py`` (the worker
    processes never read words: they render drills from their parameters)."""
    for text in _WARM_UP_REQUESTS:
        parse_request(text)
    parse_request("harder, 2 bars shorter and 10 bpm slower", previous=DrillParams.preset(3))
    return _CompiledOnce.compile.cache_info().currsize


def _answer_nothing_read(reader: _Reader, params: DrillParams, *, refining: bool) -> None:
    """No word of the request was a setting ("a song about my cat"): say so plainly, and what was made instead."""
    if refining:
        reader.answer("nothing in these words could be read as a change to the drill; this is the same drill with a new melody",
                      "没能从这段文字里读出要改什么；这里用同样的设置生成一条新旋律")
        return
    en_key = f"{params.key} {MODE_TITLES.get(params.mode, params.mode)}"
    reader.answer(f"nothing in these words could be read as a drill setting (a key, meter, tempo, range, rhythm or level); "
                  f"this is a drill at the default settings: {en_key}, {params.meter}, {params.bars} bars, level {params.level}",
                  f"没能从这段文字里读出练习的设置（调、拍号、速度、音域、节奏或等级）；这里按默认设置生成："
                  f"{key_name_zh(params.key, params.mode)}，{params.meter}拍，{params.bars}小节，等级 {params.level}")


def _transposed_tonic(tonic: str, mode: str, semitones: int) -> str:
    """The tonic ``semitones`` away, spelled for the signature with the fewest sharps or flats.

        >>> _transposed_tonic("C", "major", 2), _transposed_tonic("F", "major", 1), _transposed_tonic("A", "minor", -2)
        ('D', 'Gb', 'G')
    """
    key = make_key(tonic, mode)
    offset = key.fifths - make_key(tonic, "major").fifths
    moved = key.fifths + (7 * semitones) % 12
    fifths = min((moved + 12 * k for k in (-2, -1, 0, 1)), key=lambda f: (abs(f), f > 0))
    return Key.from_fifths(fifths - offset).tonic


def _respell(text: str, fixes: dict[str, str]) -> str:
    return rx.sub(r"[A-Za-z]+", lambda m: fixes.get(m.group(0), m.group(0)), text)


_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_TENS_WORDS = r"(?:" + "|".join(_TENS) + r")(?:[\s-](?:" + "|".join(_UNITS) + r"))?"
_BELOW_HUNDRED = _TENS_WORDS + r"|" + "|".join((*_TEENS, *_UNITS))
#: Fixed-do syllables as letters (Italian, French, Spanish: "in Sol major", "Re minor", "Si bemol").
_FIXED_DO = {"do": "C", "ut": "C", "re": "D", "ré": "D", "mi": "E", "fa": "F", "sol": "G", "so": "G", "la": "A",
             "si": "B", "ti": "B"}
_FIXED_DO_ACCIDENTALS = {"#": "#", "♯": "#", "sharp": "#", "diesis": "#", "dièse": "#", "diese": "#", "sostenido": "#",
                         "b": "b", "♭": "b", "flat": "b", "bemol": "b", "bémol": "b", "bemolle": "b"}


def _number_value(words: str) -> int:
    """ "sixty" -> 60, "one hundred and twenty" -> 120 (the words ``_european_words`` finds)."""
    total = 0
    for word in rx.split(r"[\s-]+", words.lower()):
        if word == "hundred":
            total = max(total, 1) * 100
        else:
            total += _UNITS.get(word) or _TEENS.get(word) or _TENS.get(word) or 0
    return total


def _european_words(text: str) -> tuple[str, list[tuple[str, str]]]:
    """``text`` with the ways of writing a key, a note or a number the grammar does not know rewritten in its own
    words, and each (as written, as read), to say back: German names ("Es-Dur", "fis-moll", "H major", "A3 to H4",
    where H is B and B alone is B flat), fixed-do syllables before major or minor ("in Sol major", "Re minor"),
    words run together ("twelvebars", "Gmajor") and tens written out ("tempo sixty", "one hundred and twenty")."""
    said: list[tuple[str, str]] = []

    def rewrite(pattern: str, meant: Callable[[re.Match[str]], str], *, flags: int = re.IGNORECASE) -> None:
        nonlocal text

        def one(m: re.Match[str]) -> str:
            new = meant(m)
            if new != m.group(0):
                said.append((m.group(0), new))
            return new
        text = rx.sub(pattern, one, text, flags=flags)

    def german(m: re.Match[str]) -> str:
        letter, suffix, mode = m.group(1), (m.group(2) or "").lower(), m.group(3).lower()
        name = {"h": "B", "b": "Bb"}.get(letter.lower(), letter.upper()) if not suffix else letter.upper()
        name += {"is": "#", "es": "b", "s": "b"}.get(suffix, "")
        return f"{name} {'major' if mode == 'dur' else 'minor'}"

    rewrite(r"(?<![A-Za-z])([a-h])(is|es|s)?[\s-]?(dur|moll)\b", german)
    # H is B wherever a note is named: before major / minor, an octave number or 大调 / 小调.
    rewrite(r"(?<![A-Za-z])H(?=[0-9]|\s*(?:major|minor)\b|\s*[大小]调|\s*[大小]調)", lambda m: "B", flags=0)

    def fixed_do(m: re.Match[str]) -> str:
        accidental = _FIXED_DO_ACCIDENTALS.get((m.group(2) or "").lower(), "")
        return f"{_FIXED_DO[m.group(1).lower()]}{accidental} {m.group(3).lower()}"

    rewrite(r"(?<![A-Za-z'])(do|ut|r[eé]|mi|fa|sol|so|la|si|ti)(?:\s*(#|♯|♭|sharp|flat|di[eè]se|diesis|sostenido|b[eé]mol(?:le)?))?"
            r"\s+(major|minor)\b(?!\s+(?:keys|chords|scales|triads|modes|intervals|thirds|sixths|seconds|sevenths)\b)", fixed_do)
    # The first letters must be the bar count or the key ("8bars", "Fmajor"), not the end of another word.
    rewrite(r"(?<![A-Za-z0-9])(\d+|" + "|".join((*_TEENS, *_UNITS)) + r")(bars?|measures?)\b",
            lambda m: f"{m.group(1)} {m.group(2)}")
    rewrite(r"(?<![A-Za-z0-9])([a-g](?:#|♯|♭|b)?)(major|minor)\b", lambda m: f"{m.group(1)} {m.group(2)}")
    rewrite(r"\b(?:(?:a|one)\s+hundred(?:\s+and)?(?:\s+(?:" + _BELOW_HUNDRED + r"))?|" + _TENS_WORDS + r")(?![a-z-])",
            lambda m: str(_number_value(m.group(0))) if len(m.group(0).split("-")) == 1 or "hundred" in m.group(0)
            or m.group(0).lower() not in _NUMBERS else m.group(0))
    rewrite(r"(?<=[a-z])\s+equals?\s+(?=\d)", lambda m: " = ")
    return text, said

#: A value the corrections below replace: a bar count, a tempo or a level, with the word that says which.
_CORRECTED_NUMBER = r"\d{1,3}|[零一二两三四五六七八九十百]+|" + "|".join(sorted({*_NUMBERS, *_TEENS, *_UNITS}, key=len, reverse=True))
_CORRECTED_VALUE = (r"(?P<{p}pre>\btempo\s+(?:of\s+)?|\blevel\s+|速度\s*(?:是|为)?\s*|等级\s*|难度\s*)?(?P<{p}n>" + _CORRECTED_NUMBER
                    + r")(?![\d/])(?!\s*(?:octaves?|notes?|sharps?|flats?|beats?|semitones?|times|st|nd|rd|th)\b)(?:\s*(?P<{p}unit>bars?\b|measures?\b|bpm\b|(?:个)?小节))?")
_TOO_MUCH = (r"\s*(?:is|are|'s|feels?|seems?|would\s+be|sounds?)?\s*(?:(?:way|much|a\s+bit|a\s+little|far|kind\s+of|still)\s+)?too\s+"
             r"(?:long|short|fast|slow|quick|high|low|hard|difficult|easy|many|few|much)\b"
             r"|\s*(?:的话)?(?:有点|有些|还是|实在|也)?太(?:长|短|快|慢|高|低|难|简单|容易|多|少)了?")
_CORRECTION_WORDS = (r"(?:(?:so|and|please|just|maybe|how\s+about|instead|no|nah|actually|sorry|wait|or)\s*,?\s*)*"
                     r"(?P<verb>give\s+me|make\s+(?:it|that)|let'?s\s+(?:do|go\s+with|try|say)|do|use|try|go\s+with"
                     r"|i\s+(?:want|need|'d\s+like|would\s+like)|change\s+(?:it|that)\s+to|rather)?\s*"
                     r"(?:(?:还是|那就|就|请)?(?P<zhverb>给我|改成|换成|改为|换为|要|用|来)(?:个|一个)?)?\s*")
#: A new value with no unit of its own must end its clause ("…, give me sixteen"; not "make it 3 octaves").
_CLAUSE_END = r"(?=\s*(?:instead|please|then|thanks?|吧|好了|就好|就行)?\s*(?:[,.;!?，。；！？)]|$))"


def _corrections(text: str) -> tuple[str, list[tuple[str, str]]]:
    """``text`` with a value the user rejects replaced by the one wished for instead, and each (as written, as read):
    "thirty-two bars is too long, give me sixteen" is 16 bars, "tempo 120 is too fast, 80 instead" tempo 80,
    "32 bars, no, rather 16", "16 bars instead of 32", 三十二小节太长了，改成十六小节, 速度120太快了，换成80. The later,
    wished-for value wins; the rejected one (and its "too long", which would otherwise ask for a shorter drill) goes."""
    said: list[tuple[str, str]] = []
    old, new = _CORRECTED_VALUE.replace("{p}", "o"), _CORRECTED_VALUE.replace("{p}", "w")

    def number(words: str) -> int:
        words = words.lower()
        if words.isdigit():
            return int(words)
        if rx.fullmatch(r"[零一二两三四五六七八九十百]+", words):
            return _zh_number(words)
        return _NUMBERS.get(words) or _TEENS.get(words) or _UNITS.get(words) or 0

    def value(m: re.Match[str]) -> str | None:
        """The wished-for value in the words of the rejected one's kind, or None when neither says what it counts."""
        found = m.groupdict()
        pre = found["wpre"] or found.get("opre") or ""
        unit = found["wunit"] or found.get("ounit") or ""
        if not (pre or unit) or (not found["wunit"] and not found["wpre"] and found.get("end") is None
                               and not (m.groupdict().get("verb") or m.groupdict().get("zhverb"))):
            return None
        n, zh = number(m.group("wn")), bool(rx.search(r"[\u4e00-\u9fff]", m.group(0)))
        if unit and rx.match(r"bar|measure|个|小节", unit):
            return f"{n}小节" if zh else f"{n} bars"
        if unit.startswith("bpm") or "速度" in pre or "tempo" in pre:
            return f"速度{n}" if zh else f"tempo {n}"
        return f"等级{n}" if zh else f"level {n}"

    def one(m: re.Match[str]) -> str:
        meant = value(m)
        if meant is None:
            return m.group(0)
        said.append((m.group(0).strip(), meant))
        return meant

    # "四个吧": a bare 个 after the new value counts what the rejected value counted.
    tail = r"(?:个(?!小节))?(?:\s+instead|\s*吧)?(?P<end>" + _CLAUSE_END + r")?"
    flags = re.IGNORECASE
    # "X is too long, give me Y", "X太长了，改成Y".
    text = rx.sub(old + r"(?:" + _TOO_MUCH + r")\s*[,;:.!，；：。！—–-]*\s*" + _CORRECTION_WORDS + new + tail, one, text, flags=flags)
    # "X, no, rather Y", "X, make it Y instead", "X，改成Y", "not X but Y", "不要X，要Y".
    text = rx.sub(r"(?:\bnot\s+|不要|别)?" + old + r"\s*[,;:.!，；：。！—–-]*\s*(?:but\s+)?(?:(?:no|nah|actually|sorry|wait|or|不对|算了)\s*[,，!！]?\s*)*"
                  r"(?:rather|instead|make\s+(?:it|that)|change\s+(?:it|that)\s+to|改成|换成|改为|换为|(?<=[,，]\s)(?=\S)|(?<=[,，])(?=[^\s,，]))\s*"
                  + new + r"(?P<end>\s+instead" + _CLAUSE_END + r")", one, text, flags=flags)
    text = rx.sub(r"(?:\bnot\s+|不要|别)?" + old + r"\s*[,;:.!，；：。！—–-]*\s*(?:but\s+)?(?:(?:no|nah|actually|sorry|wait|or|不对|算了)\s*[,，!！]?\s*)*"
                  r"(?P<verb>rather|make\s+(?:it|that)|change\s+(?:it|that)\s+to|改成|换成|改为|换为|但是?要?|\bbut)\s*" + new + tail, one, text, flags=flags)
    # "8 bars in G, no, 12 bars instead", "八小节，G大调，不对，十二小节": a correction that names its own unit replaces
    # the earlier value of that kind, wherever it was. One with no unit ("8 bars in G, no, 12", "C major, 8 bars,
    # tempo 100, wait no, 80", "G大调八小节的，不对，十二") replaces the nearest earlier value that says what it
    # counts and that the new number could be (a bar count, a tempo, a level).
    later = rx.search(r"(?:[,;，；]|(?<!\d)\.{1,3}|…)\s*(?:(?:no|nah|actually|sorry|wait|oops|不对|不是|算了|不(?=\s*[,，!！]))\s*[,，!！]?\s*)+"
                      r"(?:make\s+(?:it|that)\s+|rather\s+|改成|换成|改为|换为|要)?"
                      + new + r"(?:\s+instead|\s*吧|\s+(?:is|would\s+be)\s+(?:better|fine|enough))?" + _CLAUSE_END,
                      text, flags=re.IGNORECASE)
    if later is not None and (later.group("wunit") or later.group("wpre")):
        kind = "bars" if later.group("wunit") and not later.group("wunit").lower().startswith("bpm") else "other"
        for earlier in rx.finditer(old, text[: later.start()], flags=re.IGNORECASE):
            same = (bool(earlier.group("ounit")) and not earlier.group("ounit").lower().startswith("bpm")) == (kind == "bars")
            if (earlier.group("ounit") or earlier.group("opre")) and same and (kind == "bars" or
                                                                                 (earlier.group("opre") or "")[:2] == (later.group("wpre") or "")[:2]):
                meant = value(later) or later.group(0)
                said.append((f"{earlier.group(0).strip()} … {later.group(0).strip(' ,;，；.…')}", meant))
                text = text[: earlier.start()] + text[earlier.end() : later.start()] + ", " + meant + text[later.end():]
                break
    elif later is not None:
        n, zh = number(later.group("wn")), bool(rx.search(r"[\u4e00-\u9fff]", text))
        wished: str | None
        for earlier in reversed(list(rx.finditer(old, text[: later.start()], flags=re.IGNORECASE))):
            unit, pre = (earlier.group("ounit") or "").lower(), (earlier.group("opre") or "").lower()
            if unit.startswith("bpm") or "速度" in pre or "tempo" in pre:
                wished = (f"速度{n}" if zh else f"tempo {n}") if 30 <= n <= 300 else None
            elif unit:
                wished = (f"{n}小节" if zh else f"{n} bars") if 1 <= n <= 64 else None
            elif pre:
                wished = (f"等级{n}" if zh else f"level {n}") if 1 <= n <= 10 else None
            else:
                continue
            if wished is not None:
                said.append((f"{earlier.group(0).strip()} … {later.group(0).strip(' ,;，；.…')}", wished))
                text = text[: earlier.start()] + wished + text[earlier.end() : later.start()] + text[later.end():]
            break
    # "Y instead of X", "sixteen rather than 32 bars".
    text = rx.sub(r"(?P<wpre>\btempo\s+|\blevel\s+)?(?P<wn>" + _CORRECTED_NUMBER + r")(?![\d/])(?:\s*(?P<wunit>bars?\b|measures?\b|bpm\b))?\s+"
                  r"(?:instead\s+of|rather\s+than)\s+(?:the\s+)?(?P<opre>\btempo\s+|\blevel\s+)?(?P<on>\d{1,3}|"
                  + "|".join(sorted({*_NUMBERS, *_TEENS, *_UNITS}, key=len, reverse=True))
                  + r")(?![\d/])\s*(?P<ounit>bars?\b|measures?\b|bpm\b)?(?P<end>)", one, text, flags=flags)
    return text, said


def _read(text: str, previous: DrillParams | None) -> tuple[_Reader, DrillParams]:
    written = text
    text, rewritten = _european_words(text)
    text, corrected = _corrections(text)
    if not corrected and (simplified := text.translate(_TRADITIONAL)) != text:
        # Corrections written in Traditional characters ("十二小節，不對，八"): read in the simplified forms the
        # reader reads, and the request read on in them (only when something was corrected).
        corrected_text, corrected = _corrections(simplified)
        if corrected:
            text = corrected_text
    rewritten += corrected
    reader = _Reader(text, default_mode=previous.mode if previous is not None else "major",
                     default_key=previous.key if previous is not None else "C")
    for written, meant in rewritten:
        reader.say(f"read {written!r} as {meant!r}", f"把“{written}”理解为“{meant}”")
    try:
        with reading_params():
            reader.read()
            params = _refine(previous, reader) if previous is not None else _fresh(reader)
    except GenerationError as exc:
        if reader.zh:
            raise type(exc)(in_script_of(written, refusal_zh(str(exc)))) from None
        raise
    return reader, params


#: Words worth correcting when misspelt: the grammar's own vocabulary (four letters or more).
_VOCABULARY = frozenset(
    w for phrase in (*_MODE_WORDS, *_TEMPO_WORDS, *_DURATION_WORDS, *_SIZE_WORDS, *_NUMBERS,
                     "melody", "pentatonic", "bars", "something", "instead", "measures", "triplets", "syncopation", "syncopated", "dotted",
                     "waltz", "march",
                     "stepwise", "leaps", "jumps", "leap", "jump", "skip", "skips", "sharp", "flat", "soprano", "alto", "tenor", "baritone", "accidentals",
                     "chromatic", "rhythm", "rhythms", "tempo", "please", "exercise", "sight", "singing", "reading",
                     "simple", "beginner", "beginners", "intermediate", "advanced", "octave", "tritone", "intervals",
                     "practice", "practise", "easy", "harder", "easier", "shorter", "longer", "slower", "faster",
                     "ascending", "descending", "perfect", "augmented", "diminished", "treble", "clef", "range", "level",
                     "lilting", "relative", "transpose")
    for w in phrase.split() if len(w) >= 4 and w.isalpha()
)


#: Everyday words one slip from a vocabulary word, never read as it ("like last time" is not "fast").
_COMMON_WORDS = frozenset({"last", "past", "lost", "list", "most", "vast", "cast", "east"})


def _spelling_fix(word: str) -> str | None:
    """The one vocabulary word ``word`` is a single slip from (a letter wrong, missing, extra or swapped), if any."""
    lower = word.lower()
    if len(lower) < 4 or lower in _VOCABULARY or lower in _COMMON_WORDS:
        return None
    near = [v for v in _VOCABULARY if abs(len(v) - len(lower)) <= 1 and _one_slip(lower, v)]
    return near[0] if len(near) == 1 else None


def _one_slip(a: str, b: str) -> bool:
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                  and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


#: The octave groups of Chinese (and German) pitch names: 小字一组 is the octave from middle C (C4).
_OCTAVE_GROUPS = {"大字二组": 0, "大字一组": 1, "大字组": 2, "小字组": 3, "小字一组": 4, "小字二组": 5, "小字三组": 6,
                  "小字四组": 7}


def _scientific_pitch_names(folded: str, raw: str) -> tuple[str, list[tuple[str, str]]]:
    """``folded`` with pitches written as a Chinese textbook writes them put in scientific names, one character for one
    (padded with spaces), and the (written, read) pairs: "小字二组的d" and "d2" or "d²" (a small letter with 1 or 2:
    the octave groups above middle C) are D5. "c4" stays C4: a small letter with 3 or more is the scientific name."""
    said: list[tuple[str, str]] = []

    def group(m: re.Match[str]) -> str:
        accidental = {"升": "#", "降": "b", "#": "#", "♯": "#", "b": "b", "♭": "b"}.get(m.group(2) or m.group(4) or "", "")
        name = f"{m.group(3)}{accidental}{_OCTAVE_GROUPS[m.group(1)]}"
        said.append((raw[m.start() : m.end()], name.capitalize()))
        return name.rjust(len(m.group(0)))

    folded = rx.sub(r"(" + "|".join(sorted(_OCTAVE_GROUPS, key=len, reverse=True)) + r")的?\s*(升|降)?([a-g])(#|♯|b(?![a-z])|♭)?", group, folded)

    def helmholtz(m: re.Match[str]) -> str:
        if not (raw[m.start()].islower() or m.group(3) in "¹²"):
            return m.group(0)  # "C1", "E2": capital letters with a number are the same octave either way
        octave = 3 + {"1": 1, "2": 2, "¹": 1, "²": 2}[m.group(3)]
        name = f"{m.group(1)}{m.group(2) or ''}{octave}"
        said.append((raw[m.start() : m.end()], name.capitalize()))
        return name

    # A text that also writes "e4" writes scientific names throughout ("e2到e4" is a bass's E2-E4).
    if not rx.search(r"(?<![a-z0-9#♯♭=])[a-g](?:#|♯|b|♭)?[3-7](?![0-9/.])", folded):
        folded = rx.sub(r"(?<![a-z0-9#♯♭=])([a-g])(#|♯|b|♭)?([12¹²])(?![0-9/.])", helmholtz, folded)
    return folded, said


def is_chinese(text: str) -> bool:
    """Whether a request is written in Chinese (and is answered in Chinese)."""
    return bool(rx.search(r"[\u4e00-\u9fff]", text))


def refusal_for(text: str, message: str) -> str:
    """``message`` in the language (and the Chinese script) of the request ``text``."""
    return in_script_of(text, refusal_zh(message)) if is_chinese(text) else message


# ============================================================================ reading


class _Answer(NamedTuple):
    """Words for a wish a drill cannot meet (a pattern of the folded text), and the plain answer to it in English and
    Chinese. The reader takes the words (and so answers each wish once), in the order of its table."""

    words: str
    en: str
    zh: str


#: Other students, and their data, in the words of a request (``_NOT_DRILL_CLAUSES``).
_OTHERS = r"(?:\b(?:other|another)\s+(?:students?|pupils?|kids?|classmates?)(?:'s?|s')?|\bclassmates?(?:'s?|s')?)"
_DATA = r"\b(?:scores?|grades?|marks?|results?|recordings?|takes?|data|progress)\b"
_OTHERS_ZH, _DATA_ZH = r"(?:其他|别的|其它)(?:同学|学生|人)|同学们?的", r"录音|成绩|分数|数据|进度"
#: Wishes no drill is about (other students' data, grades and passwords, homework, downloads, medicine, insults):
#: the whole clause holding their words is answered (``take_clauses``).
_NOT_DRILL_CLAUSES = (
    _Answer(_OTHERS + r"[^,.;:!?()\n]*" + _DATA + r"|" + _DATA + r"[^,.;:!?()\n]*" + _OTHERS
            + r"|(?:" + _OTHERS_ZH + r")[^,.;:!?()\n]*(?:" + _DATA_ZH + r")|(?:" + _DATA_ZH + r")[^,.;:!?()\n]*(?:" + _OTHERS_ZH + r")",
            "each student sees only their own recordings and scores (a teacher sees their class's on the class page)",
            "每个学生只能看到自己的录音和分数（老师可以在班级页面查看本班的）"),
    _Answer(r"\b(?:change|raise|fix|edit|set)\s+(?:my\s+)?(?:grades?|scores?|marks?|results?)\b"
            r"|\b(?:the\s+)?(?:teacher'?s?|admin(?:istrator)?'?s?|my\s+teacher'?s?)\s+password\b|\bpasswords?\b"
            r"|(?:改|修改|刷)[^,.;:!?()\n]{0,10}(?:成绩|分数|满分)|密码",
            "grades, passwords and levels are not changed from a drill request; ask your teacher",
            "成绩、密码和等级不能通过练习请求修改；请找老师"),
    _Answer(r"\b(?:do|write|finish|help\s+(?:me\s+)?with)\s+(?:my\s+)?(?:math|maths|english|history|science|physics|chemistry|biology|geography)\s+(?:homework|essay|assignment)\b"
            r"|\b(?:write|do)\s+(?:my\s+)?essay\b|(?:数学|语文|英语|物理|化学|历史|地理|生物)作业",
            "this page makes music drills only; it cannot do homework",
            "这里只能生成音乐练习，不能帮忙写作业"),
    _Answer(r"\bdownload\s+(?:the\s+|an?\s+)?(?:songs?|albums?|music\s+videos?|mp3s?\s+of\s+(?!this\b|the\s+drill\b|it\b))"
            r"|下载[^,.;:!?()\n]{0,12}(?:的歌|歌曲|专辑|mp3|(?<!乐)曲子)",
            "songs and recordings are not downloaded here; a drill is a new melody, and its own audio and score can be downloaded",
            "这里不能下载歌曲或录音；练习是新生成的旋律，它自己的音频和乐谱可以下载"),
    _Answer(r"\b(?:medicine|medication|pills?|doctor)\b|\b(?:my\s+)?(?:throat|voice)\s+hurts\b"
            r"|(?:喉咙|嗓子|声带)(?:很|有点|好)?(?:痛|疼|哑)|什么药|看医生",
            "for pain or hoarseness, rest your voice and see a doctor; this page cannot give medical advice",
            "嗓子痛或沙哑请先休息并看医生；这里不能提供医疗建议"),
    _Answer(r"\b(?:insult(?:ing|s)?|bully(?:ing)?|diss(?:ing)?|mean\s+song)\b"
            r"|(?:骂|嘲笑|讽刺|羞辱)",
            "a drill is a melody to sing, without words; it is not written about or against anyone",
            "练习是用来唱的旋律，没有歌词，不针对任何人"),
)

#: The rest of a clause after the words that name a wish (answered with it), and the verbs of grading.
_REST_OF_CLAUSE = r"[^,.;:!?()\n]*"
_GRADE_VERBS = r"(?:grade|score|mark|rate|assess|evaluate|check)"
#: Work another page of the tutor does, asked of the drill request (hearing a song sung, turning a recording into notes,
#: chords for one's own melody, harmonic dictation): answered with where it is done.
_OTHER_PAGES = (
    # "Can you record me and grade it", "listen to my singing and score it", 帮我录音然后评分: grading is the studio's.
    _Answer(r"\b(?:can\s+you\s+|could\s+you\s+|would\s+you\s+|please\s+)?(?:record\s+(?:me|my\s+(?:singing|voice))|(?:listen\s+to|hear)\s+(?:me\s+sing(?:ing)?|my\s+(?:singing|voice|recording|take)))"
            r"\s+(?:and\s+(?:then\s+)?)?" + _GRADE_VERBS + r"\b" + _REST_OF_CLAUSE
            + r"|\b(?:can\s+you\s+|could\s+you\s+|please\s+)?" + _GRADE_VERBS + r"\s+(?:me|my\s+(?:singing|take|recording))\s+(?:when|after|as|while)\s+i\s+(?:sing|record)\b" + _REST_OF_CLAUSE
            + r"|(?:可以|能不能|能|请)?(?:帮我|给我|你)?(?:录音|录一下音?|录下来|听听?我唱)(?:然后|再|并|并且|之后|后)?(?:给我)?(?:评分|打分|打个分|评一下分?|评价一下)",
            "grading happens in the studio: open this drill there and record a take of it (or upload a recording); "
            "the take is graded against the drill's notes",
            "评分在练习室里进行：在那里打开这条练习，录一遍（或上传录音），会对照练习的音符评分"),
    _Answer(r"\b(?:can\s+you\s+|could\s+you\s+|please\s+)?(?:listen\s+to|hear)\s+me\s+sing(?:ing)?\b" + _REST_OF_CLAUSE
            + r"|\b(?:check|grade|rate|mark|judge)\s+my\s+(?:singing|voice|intonation|pitch|recording)\b" + _REST_OF_CLAUSE
            + r"|\b(?:and\s+)?tell\s+me\s+(?:if|whether)\s+i(?:'?m|\s+am|\s+was|\s+sing)\s+(?:in\s+tune|on\s+pitch|singing\s+in\s+tune|flat|sharp)\b"
            r"|(?:帮我|你)?(?:听听?|听一下)我(?:刚才|刚刚|自己)?(?:唱|的演唱|的录音)" + _REST_OF_CLAUSE
            + r"|(?:可以|能不能|能|请)?(?:帮我|给我|你)?(?:分析|检查|看看|评价)(?:一下)?我的(?:录音|演唱|音准)" + _REST_OF_CLAUSE + r"|我唱得?(?:准不准|对不对|在不在调上)",
            "singing is graded against a drill or a saved exercise: record a take of it in the studio; a song of "
            "your own can be sung into the “Sing me a tune” page, which shows its notes but has no original to grade against",
            "演唱按练习或保存的练习曲评分：请在练习室里录一遍；自己的歌可以在“唱一段旋律给我”页面唱进去，会显示音符，但没有原曲可以对照评分"),
    _Answer(r"\b(?:can\s+you\s+|could\s+you\s+|please\s+)?transcrib\w*\b" + _REST_OF_CLAUSE
            + r"|\b(?:turn|convert|make)\s+(?:an?\s+|my\s+|this\s+)?(?:recording|mp3|audio|song|video)\b" + _REST_OF_CLAUSE
            + r"|(?:你能|能不能|可以)?(?:帮我)?(?:把)?(?:这首|这个|一首|我的)?(?:歌|歌曲|录音|音频|视频)(?:的录音)?(?:转成|转换成|扒成|变成|记成)(?:简谱|五线谱|谱子|乐谱|谱)|扒谱|扒带子?",
            "a drill request makes a new melody; to turn a recording into notes, sing or upload one voice or "
            "instrument on the “Sing me a tune” page (staff and numbered notation; a song with its band is not transcribed)",
            "这里按要求生成新的旋律；要把录音转成谱子，请在“唱一段旋律给我”页面录入或上传单声部的演唱或演奏（可显示五线谱和简谱；带伴奏的整首歌不能转谱）"),
    _Answer(r"\b(?:write|add|make|give\s+me)?\s*(?:the\s+)?(?:harmony|harmonies)(?:\s+parts?)?\s+(?:for|to)\s+(?:my|this|our|a)\s+(?:own\s+)?(?:melody|tune|song)\b"
            r"|\bharmoni[sz](?:e|ing)\s+(?:my|this|our)\s+(?:own\s+)?(?:melody|tune|song)\b|\bharmony\s+parts\b"
            r"|(?:给|为|帮)?(?:我的|这段|这条|这首)(?:旋律|曲子|歌)?配(?:上)?和声|配和声",
            "chords for a melody of your own come from the “Sing me a tune” page (sing or upload it: a chord per bar is "
            "suggested, and played in an accompaniment style); part-writing for it is not available",
            "给自己的旋律配和弦请用“唱一段旋律给我”页面（唱进或上传后，每小节会建议一个和弦，并可用伴奏风格播放）；暂不支持为它写声部"),
    _Answer(r"\b(?:harmonic|chord(?:al)?)\s+dictation\b|和声听写|和弦听写|和弦听辨|和弦进行听写",
            "harmonic dictation is in the lessons' quizzes; a drill is a melody to sing",
            "和声听写在课程的测验里；这里的练习是用来唱的旋律"),
)

#: Where in the drill a marking is wished for ("a crescendo into bar 4", "at the end"): answered with the marking.
_WHERE_IN_DRILL = (r"(?:\s+(?:into|in|at|on|by|towards?|to|until|up\s+to|over)\s+(?:the\s+)?(?:bar|measure)s?\s*\d+(?:\s*(?:-|to|and)\s*\d+)?"
                   r"|\s+(?:into|in|at|on|towards?|to|until|over)\s+the\s+(?:end|middle|climax|last\s+(?:bar|phrase|line)))?")
#: Who a drill would be sent to ("email it to my class").
_RECIPIENTS = r"(?:my\s+|the\s+|our\s+|all\s+(?:my\s+|the\s+)?)?(?:whole\s+)?(?:class(?:es)?|students?|pupils?|choir|group|kids|teacher|parents?|section)"
#: Markings a drill does not carry (dynamics, articulation, repeats) and sending it anywhere.
_MARKINGS = (
    _Answer(r"\b(?:with\s+|add(?:ing)?\s+|put\s+in\s+|mark(?:ed)?\s+)?(?:some\s+|the\s+)?(?:dynamics?(?:\s+(?:markings?|marks|signs))?|crescendos?|decrescendos?|diminuendos?|hairpins?"
            r"|(?:forte|piano|fortissimo|pianissimo|mezzo[\s-](?:forte|piano))\s+(?:markings?|marks|signs|passages?)|staccato(?:\s+(?:dots|markings?|marks|notes))?|slurs?|articulations?(?:\s+(?:markings?|marks))?)\b" + _WHERE_IN_DRILL
            + r"|(?:加上|加|标上|标|要有|有|带)?(?:强弱记号|力度记号|强弱变化|力度变化|渐强渐弱|渐强|渐弱|跳音记号|跳音|连线|圆滑线|演奏记号)(?:都要有|也要有)?",
            "a drill is pitches and rhythm: dynamics (crescendos, forte and piano) and articulation marks (staccato, "
            "slurs) are not written in it; shape it yourself once the notes are secure",
            "练习只写音高和节奏，不标力度（强弱、渐强渐弱）和演奏记号（跳音、圆滑线）；音准稳定后可以自己处理"),
    _Answer(r"\b(?:with\s+)?(?:(?:first|1st)\s+and\s+(?:second|2nd)\s+(?:endings?|time\s+bars?|time)|repeat\s+(?:signs?|marks?|bars?|bar\s?lines?)"
            r"|voltas?|da\s+capo|dal\s+segno|codas?)\b|(?<![a-z])(?:d\.\s?c\.|d\.\s?s\.)"
            r"|(?:要有|加上|加|带|有|用)?(?:反复记号|反复号|反复跳越记号|一房(?:和|与|、)?二房|第一房|第二房|一房|二房|跳房|反复记号和一房二房)",
            "a drill is written out once through: repeat signs and first and second endings are not used",
            "练习按顺序完整写出一遍，不用反复记号或一房二房"),
    _Answer(r"\b(?:can\s+you\s+|could\s+you\s+|please\s+)?(?:e-?mail|send|share|text|post|forward|whatsapp)\s+(?:this|it|that|them|the\s+drill|this\s+drill|these)?\s*(?:drills?\s+)?"
            r"(?:to|with)\s+" + _RECIPIENTS + r"\b|\be-?mail\s+(?:this|it|them)(?:\s+to\s+me)?\b"
            r"|(?:可以|能不能|能|请)?(?:帮我)?(?:把这条|把它|把练习)?(?:发|发送|分享|转发)(?:给|到)(?:我的|全班|我们班的?)?(?:学生|同学|全班|班级|班群|群里|群|家长|老师|微信|邮箱)(?:们|里|上)?",
            "a drill is not sent by email or message; to give it to a class, use “Assign a generated drill” on "
            "the class's page",
            "练习不能通过邮件或消息发送；要布置给班级，请在班级页面使用“布置自动生成的练习”"),
)

#: Lyrics, which a drill does not write: "with the words of Happy Birthday", "to sing to a poem" (a text to set,
#: named or not, up to the clause's end). Asked alone they ask for no drill; beside music words they come with one.
_LYRICS = _Answer(r"\b(?:with|to|on|set\s+to|using)\s+(?:the\s+|some\s+|my\s+own\s+|its\s+own\s+)?(?:words|text|lyrics|poem)\s+(?:of|from)\s+[^,.;:!?()]+"
                  r"|\b(?:with\s+|to\s+|set\s+to\s+)?(?:some\s+|the\s+)?(?:lyrics|words\s+to\s+sing|song\s+words|text\s+to\s+sing)\b"
                  r"|\b(?:sing|set)\s+(?:it\s+)?(?:with|to)\s+(?:the\s+)?words\b(?:\s+(?:of|from)\s+[^,.;:!?()]+)?"
                  # "put words under the melody", "add some words to it": a text written under the notes.
                  r"|\b(?:put|add|write|set)\s+(?:some\s+|the\s+)?words\s+(?:under|below|beneath|to|for)\b"
                  r"|(?:配上|配|加上|加|带|有|用|按|填上?)?(?:[\u4e00-\u9fff]{1,5}?(?=《))?(?:《[^》]*》|“[^”]*”)?的?(?:完整|全部|整首)?的?歌词(?:是|用)?(?:《[^》]*》)?|(?:填|配|加|带)词",
                  "a drill has no lyrics; sing it on note names, solfège (do re mi) or “la”",
                  "练习没有歌词；请用音名、唱名（do re mi）或“la”来唱")

#: What else a drill does not write: quarter tones, ornaments, playing techniques.
_NOT_WRITTEN = (
    _Answer(r"\b(?:with\s+)?(?:quarter[\s-]?tones?|microton\w*|(?:pitch\s+)?bends?|blue\s+notes?)(?:\s+bends?)?\b"
            r"|微分音|四分之一音|四分音(?!符)",
            "a drill uses the twelve semitones of the keyboard; quarter tones and bends are not available",
            "练习只用十二平均律的半音；暂不支持微分音（四分之一音）和推弦"),
    _Answer(r"\b(?:with\s+)?(?:some\s+)?(?:trills?|grace[\s-]notes?|mordents?|appoggiaturas?|acciaccaturas?|ornaments?|ornamentation"
            r"|glissand(?:o|i|os)|portamento)\b(?:\s*(?:,|and|&)\s*(?:trills?|grace[\s-]notes?|mordents?|ornaments?))*"
            r"|(?:颤音|倚音|波音|回音|装饰音|滑音|打音)(?:\s*(?:和|与|、|,)\s*(?:颤音|倚音|波音|回音|装饰音|滑音|打音))*",
            "a drill has no ornaments (trills, grace notes, slides); add them yourself once the notes are secure",
            "练习不写装饰音（颤音、倚音、滑音等）；音准稳定后可以自己加"),
    _Answer(r"\b(?:pizzicato|arco|tremolo|double[\s-]stops?|harmonics|fingerings?|bowings?|tonguing|strumming|finger[\s-]?picking|vibrato"
            r"|thumb\s+position|position\s+changes?)\b(?:\s+(?:under|above|over|below|on)\s+(?:the\s+|each\s+)?notes?\b)?"
            r"|轮指|揉弦|泛音|拨弦|指法|弓法|双音|吐音|扫弦|按音|摇指|拇指把位|换把|(?<!一)把位",
            "a drill is notes and rhythm; playing techniques (bowing, fingering, tremolo, vibrato) are not "
            "written in it",
            "练习只写音高和节奏，不标演奏技巧（指法、弓法、轮指、揉弦、泛音等）"),
)

#: Shapes a drill does not take: modulation, a pickup, sequences asked for, fermatas.
_FORM_WISHES = (
    _Answer(r"\b(?:(?:but\s+)?(?:each|every)\s+(?:bar|phrase|line|measure)\s+(?:in\s+)?a\s+different\s+key|(?:in\s+)?(?:several|many|different)\s+keys)\b"
            r"|每(?:小节|个小节|句|个乐句)(?:都)?(?:换|用)(?:一个)?(?:不同的)?调|\b(?:that\s+)?(?:modulat\w*|changes?\s+key)(?:\s+to\s+(?:the\s+)?(?:dominant|relative\s+(?:major|minor)|subdominant|[a-g]\S*(?:\s+(?:major|minor))?))?"
            r"(?:\s+(?:halfway(?:\s+through)?|midway|in\s+the\s+middle|part[\s-]way\s+through))?\b"
            r"|(?:中途|中间)?转调(?:到|至)?(?:属调|下属调|关系(?:大|小)调|(?:升|降)?[a-g](?:大|小)?调)?|转(?:到|至)(?:属调|下属调|关系(?:大|小)调)|离调到?\S{0,3}?调",
            "a drill stays in one key; modulation is not available (an applied chord, as in "
            "“with a V/V”, touches the dominant's key)",
            "练习只在一个调里；暂不支持转调（可以用副属和弦，例如“加一个重属和弦”，短暂离调）"),
    _Answer(r"\b(?:with\s+)?(?:an?\s+)?(?:pick[\s-]?up|anacrusis|upbeat\s+start)(?:\s+(?:note|bar|measure))?\b|弱起(?:小节)?|弱拍起",
            "a drill starts on the first beat; a pickup (anacrusis) is not available",
            "练习从第一拍开始；暂不支持弱起"),
    _Answer(r"\b(?:with\s+)?(?:melodic\s+)?sequences?\b|\bsequential\b|模进",
            "sequences come from the drill's plan where the other wishes allow; they cannot be asked for",
            "模进由练习的结构在条件允许时自动使用，不能单独指定"),
    _Answer(r"\b(?:with\s+)?(?:an?\s+)?fermatas?(?:\s+(?:at|on)\s+the\s+(?:end|last\s+note))?\b"
            r"|(?:结尾|最后|末尾|最后一个音)?(?:加个|加一个|加上|加|要|有)?延长记号",
            "a drill has no fermatas; its last note is held to the end of the bar",
            "练习没有延长记号；最后一个音延续到小节末"),
)


class _Reader:
    """Consumes recognised phrases from the text; collects settings, refinements and what it said back."""

    def __init__(self, text: str, *, default_mode: str = "major", default_key: str = "C") -> None:
        self.raw = text.strip().translate(_FULL_WIDTH_ALNUM)
        #: The key a request that names no tonic keeps (C, or the drill's being refined): "pentatonic" alone
        #: makes its notes pentatonic, and a Chinese mode alone ("徵调式") keeps its 宫.
        self.default_key = default_key
        #: The mode a key named without one takes: major, or the drill's being refined ("in G instead" keeps minor).
        self.default_mode = default_mode
        self.zh = bool(rx.search(r"[\u4e00-\u9fff]", self.raw))
        # Lower-case and fold full-width punctuation one character for one, so spans index ``raw`` too.
        folded = "".join(c.lower() if len(c.lower()) == 1 else c for c in self.raw).translate(_FOLD)
        # Traditional characters and Cantonese words read as simplified Mandarin, one character for one.
        folded = folded.translate(_TRADITIONAL)
        for word, meant in _CANTONESE:
            folded = folded.replace(word, meant)
        folded = _simplified_characters(folded)
        # "不要有附点" is "不要附点": the 有 after a denial, before a thing a drill can have, is dropped.
        folded = rx.sub(r"(?:(?<=不要)|(?<=不能)|(?<=不用)|(?<=别))有(?=附点|三连音|切分|十六分|休止|临时|升降|变化音|大跳|跳进|八度)", " ", folded)
        # Homophones the input method picks ("C大掉", "十六小结"): read as the word meant, one character for one.
        self.homophones: list[tuple[str, str]] = []
        for pattern, meant in _HOMOPHONES:
            # Said back with the character before it ("大掉" as "大调").
            self.homophones += sorted({(folded[m.start() - 1 : m.end()], folded[m.start() - 1] + meant)
                                       for m in rx.finditer(pattern, folded)})
            folded = rx.sub(pattern, meant, folded)
        # Pitches in the names Chinese textbooks use (小字一组的c, c1, c¹ for middle C) in scientific names (C4).
        folded, self.pitch_names = _scientific_pitch_names(folded, self.raw) if self.zh else (folded, [])
        self.t = folded
        self.found: dict[str, Any] = {}
        self.refinements: list[tuple[str, Any]] = []
        self.understood: list[str] = []
        #: Answers to wishes that are no drill at all (a quiz, a transcription, other students' scores), and the
        #: product's pages that do what was asked ("quizzes", "lessons", "transcribe"), for ``NoDrillAsked``.
        self.elsewhere: list[str] = []
        self.pages: list[str] = []

    # ------------------------------------------------------------ plumbing

    def take(self, pattern: str, accept: Callable[[re.Match[str]], bool] | None = None) -> re.Match[str] | None:
        """Blank out and return the first match of ``pattern`` that ``accept`` agrees to (every match without it)."""
        # ASCII word boundaries: "G major的旋律", "要有syncopation" (in Unicode, 的 and 有 are word characters).
        for m in rx.finditer(pattern, self.t, re.ASCII):
            if accept is None or accept(m):
                self.t = self.t[: m.start()] + " " * (m.end() - m.start()) + self.t[m.end() :]
                return m
        return None

    def take_group(self, pattern: str, group: int) -> re.Match[str] | None:
        """Blank out only ``group`` of the first match of ``pattern`` (the rest stays for another recogniser)."""
        m = rx.search(pattern, self.t, re.ASCII)
        if m is not None:
            self.t = self.t[: m.start(group)] + " " * (m.end(group) - m.start(group)) + self.t[m.end(group) :]
        return m

    def take_clauses(self, pattern: str) -> bool:
        """Blank out every clause (between punctuation) holding a match of ``pattern``: words about something no drill
        setting is ("show me the scores of the other students") are answered whole, not read in part as settings."""
        found = False
        while (m := rx.search(pattern, self.t, re.ASCII)) is not None:
            start = max(self.t.rfind(c, 0, m.start()) for c in ",.;:!?()\n") + 1
            # "give me a G major drill and quiz me on key signatures": a clause also starts after "and" before a new wish.
            start = max([start, *(b.end() for b in rx.finditer(_NEW_WISH + r"|\s(?:and|but|then|also|plus)\s", self.t[:m.start()], re.ASCII))])
            ends = [i for c in ",.;:!?()\n" if (i := self.t.find(c, m.end())) >= 0]
            ends += [m.end() + b.start() for b in [rx.search(_NEW_WISH, self.t[m.end():], re.ASCII)] if b is not None]
            end = min(ends) if ends else len(self.t)
            self.t = self.t[:start] + " " * (end - start) + self.t[end:]
            found = True
        return found

    def take_all(self, pattern: str, accept: Callable[[re.Match[str]], bool] | None = None) -> list[re.Match[str]]:
        out = []
        while (m := self.take(pattern, accept)) is not None:
            out.append(m)
        return out

    def not_article(self, letter_group: int, *other_groups: int) -> Callable[[re.Match[str]], bool]:
        """Accept a match unless its note is a lower-case "a" with nothing else to it (the article)."""
        def accept(m: re.Match[str]) -> bool:
            if self.original(m, letter_group) != "a":
                return True
            # "bring in a flat 7", "a sharp fourth": a degree altered, after the article.
            if rx.match(r"\s*(?:[1-7](?![0-9])|2nd|3rd|[4-7]th|" + _DEGREE_WORDS + r")\b", self.t[m.end():]):
                return False
            return any(m.group(g) for g in other_groups)
        return accept

    def original(self, m: re.Match[str], group: int = 0) -> str:
        return self.raw[m.start(group) : m.end(group)]

    def say(self, en: str, zh: str) -> None:
        self.understood.append(zh if self.zh else en)

    def answer(self, en: str, zh: str) -> None:
        """Say plainly that a wish cannot be met as asked (and what is done instead)."""
        self.say(f"{UNSUPPORTED_PREFIXES[0]} {en}", f"{UNSUPPORTED_PREFIXES[1]}{zh}")

    def answer_wishes(self, wishes: tuple[_Answer, ...], take: Callable[[str], object]) -> None:
        """Answer each wish of ``wishes`` whose words ``take`` finds (and blanks out), in the table's order."""
        for wish in wishes:
            if take(wish.words):
                self.answer(wish.en, wish.zh)

    def set(self, name: str, value: Any) -> None:
        self.found[name] = value

    def leftovers(self) -> list[str]:
        """Clauses with words left after every recogniser, quoted from the original text."""
        text = self.t
        for pattern in (r"(?<![a-z'])(?:" + _FILLER_EN + r")(?![a-z'])", _FILLER_ZH):
            text = rx.sub(pattern, lambda m: " " * len(m.group(0)), text)
        out: list[str] = []
        for m in rx.finditer(r"[^,.;:!?()\n]+", text):
            chunk = m.group(0)
            if not rx.search(r"[a-z0-9\u4e00-\u9fff#♯♭]", chunk):
                continue
            # Quote the clause from the original, from its first to its last word that is not filler,
            # without the parts a recogniser consumed.
            first = m.start() + len(chunk) - len(chunk.lstrip())
            last = m.end() - (len(chunk) - len(chunk.rstrip()))
            while first > m.start() and not self.t[first - 1].isspace():
                first -= 1
            while last < m.end() and not self.t[last].isspace():
                last += 1
            words = [self.raw[first + k.start() : first + k.end()] for k in rx.finditer(r"\S+", self.t[first:last])]
            filler = re.compile(r"(?:" + _FILLER_EN + r")[,.!?]*")
            while words and filler.fullmatch(words[0].lower()):
                words.pop(0)
            while words and filler.fullmatch(words[-1].lower()):
                words.pop()
            phrase = " ".join(words).strip(" -")
            if self.zh:
                phrase = phrase.replace(" ", "") if rx.search(r"[\u4e00-\u9fff]", phrase) else phrase
                phrase = rx.sub(r"^(?:" + _FILLER_ZH + r")+|(?:" + _FILLER_ZH + r")+$", "", phrase) or phrase
            if phrase:
                out.append(phrase)
        return out

    # ------------------------------------------------------------ the grammar

    def read(self) -> None:
        for word, meant in (*self.homophones, *self.pitch_names):
            self.say(f"read {word!r} as {meant!r}", f"把“{word}”理解为“{meant}”")
        for step in (self._out_of_scope, self._questions, self._output, self._skill_tags, self._instrument_pitch, self._two_octaves, self._too_high_pitch, self._complaints, self._answers, self._accompaniment, self._kind, self._rhythm_pattern, self._rhythm_cells, self._note_values, self._key_moves, self._leaps, self._intervals,
                     self._note_list, self._pentatonic, self._pentatonic_words, self._signature_count, self._key, self._signature_and_key, self._signature_words, self._modal, self._tonic,
                     self._meter, self._relative_amounts, self._bars, self._tempo, self._range, self._solfege, self._degree_range, self._span, self._instrument, self._voice_and_clef, self._progression,
                     self._applied_chords,
                     self._form, self._level, self._seed, self._target_notes, self._ledger_lines, self._ends, self._degrees,
                     self._altered_degrees, self._note_glosses,
                     self._rhythm_devices, self._accidentals, self._mood, self._refinement_words, self._styles_of_others):
            step()
        refused = self.found.pop("_not_key", None)
        if refused and "key" not in self.found and refused[0] == self.default_key:
            mode = refused[1] or self.found.get("mode") or self.default_mode
            self._set_key(*_split_note(_transposed_tonic(refused[0], mode, 7)), mode)
        self._pentatonic_key()
        if "key" in self.found or "mode" in self.found:
            make_key(self.found.get("key", "C"), self.found.get("mode", "major"))

    def _out_of_scope(self) -> None:
        """Words that are no drill setting and must not be read as one: harm to oneself or others is refused with a plain
        answer (no drill is made); other people's data, grades and passwords, instructions to the program, homework,
        medicine and downloads are answered plainly, and quizzes and lessons are pointed to where they are. The answers
        are kept apart (``elsewhere``): a request that asks for nothing else makes no drill (``NoDrillAsked``)."""
        before = len(self.understood)
        self._out_of_scope_wishes()
        self.elsewhere = [line for line in self.understood[before:] if line.startswith(UNSUPPORTED_PREFIXES)]
        # "中提琴谱号" is the viola's clef, the alto clef (the viola itself is read as the instrument).
        if self.take_group(r"中提琴(谱号)", 1) is not None:
            self.set("clef", "alto")
            self.say("clef: alto", "谱号：中音谱号")
        # "把它移到降E大调": moving the drill to the key named next (the key is read by its own step).
        self.take(r"(?:把它|把这条(?:练习|旋律)?|把调)?\s*(?:移到|移调到|移至)(?=\s*(?:升|降)?[a-g])")

    def _out_of_scope_wishes(self) -> None:
        if rx.search(r"\b(?:kill(?:ing)?\s+myself|suicid\w*|end\s+my\s+life|hurt(?:ing)?\s+myself|self[\s-]?harm\w*|want\s+to\s+die)\b"
                     r"|自杀|自殺|轻生|想死|不想活|自残|伤害自己", self.t, re.ASCII):
            raise InvalidParams(
                "request: if you are thinking about hurting yourself, please tell someone you trust now (a parent, a teacher) "
                "or call your local emergency number or a crisis line; you matter. This page only makes music drills"
                if not self.zh else
                "如果你有伤害自己的想法，请马上告诉你信任的人（家人、老师），或拨打当地的紧急电话或心理援助热线；你很重要。这里只能生成音乐练习")
        if rx.search(r"\b(?:make|build|buy|get|use|making|building)\s+(?:an?\s+|some\s+)?(?:pipe\s+)?(?:bombs?|explosives?|guns?|weapons?|poisons?)\b"
                     r"|\bpipe\s+bombs?\b|(?:做|造|制作|制造|买|弄)(?:一个|个|一把|把)?(?:炸弹|炸药|枪|武器|毒药)|炸弹|炸药", self.t, re.ASCII):
            raise InvalidParams("request: this page makes music drills only; it cannot help with weapons or hurting anyone"
                                if not self.zh else "这里只能生成音乐练习，不能提供武器或伤害他人方面的帮助")
        if self.take_all(r"\b(?:ignore|disregard|forget)\s+(?:all\s+|any\s+)?(?:(?:your|the|previous|prior|above|earlier)\s+)*(?:instructions|rules|prompts?)\b"
                             r"|\b(?:print|show|reveal|repeat|tell\s+me)\s+(?:me\s+)?(?:your|the)\s+(?:system\s+)?prompt\b"
                             r"|\bdrop\s+table(?:\s+\w+)?|<\s*/?\s*script[^>]*>"
                             r"|忽略(?:之前|以上|前面|所有)?的?(?:所有)?(?:指令|指示|规则|提示)|系统提示词"):
            self.answer("only drill settings are read from these words; other instructions are not followed",
                        "这里只从文字里读取练习的设置，不执行其他指令")
        self.answer_wishes(_NOT_DRILL_CLAUSES, self.take_clauses)
        if self.take_clauses(r"\bquiz\s+me\b|\bquiz(?:zes)?\s+(?:on|about)\b"
                             r"|\b(?:play|give)\s+(?:me\s+)?(?:two|2)\s+notes\s+and\s+i(?:'ll|\s+will)\s+(?:tell|name|guess)\b"
                             r"|考考我|小测验"):
            self.answer("quizzes (key signatures, intervals by ear, chords) are in the lessons; a drill is a melody to sing",
                        "测验（调号、听辨音程、和弦）在课程里；这里的练习是用来唱的旋律")
            # The Practice page's unit for the quiz asked for ("quiz me on key signatures": its key signature questions).
            topic = next((unit for unit, words in _QUIZ_UNITS if rx.search(words, self.raw.lower().translate(_TRADITIONAL))), "")
            self.pages.append(f"quizzes:{topic}" if topic else "quizzes")
            # "考考我调号，升号的那些": which of them is still the quiz's topic, not a drill setting.
            self.take(r"(?:升号|降号)(?:调)?的那些(?:调号?)?|\bthe\s+(?:sharp|flat)\s+ones\b|\bjust\s+the\s+(?:sharps|flats)\b")
        if self.take_all(r"\b(?:give\s+me|teach\s+me|can\s+i\s+have|i\s+(?:want|need)|i'd\s+like)\s+(?:a\s+)?lessons?\s+(?:on|about)\s+(?:how\s+to\s+(?:count|read|sing|clap|feel)(?:\s+in)?)?"):
            self.answer("lessons are on the Lessons page; a drill here is a melody to practise what they teach",
                        "讲解请看课程页面；这里的练习是用来练习它的旋律")
            self.pages.append("lessons")
        if self.take_clauses(r"\b(?:write|note|take|put)\s+down\s+what\s+i\s+(?:sing|play|hum)\b"
                             r"|\bnotate\s+(?:what\s+i\s+sing|my\s+singing)\b"
                             r"|我唱(?:一段|一下|几句)?[,，]?\s*你?(?:帮我)?(?:记|写|转|扒)(?:成|下来?)(?:谱子|乐谱|简谱|五线谱|谱)?"):
            self.answer("to turn your singing into notes, sing into the “Sing me a tune” page; a drill request makes a new melody",
                        "要把你唱的记成谱，请在“唱一段旋律给我”页面唱进去；这里按要求生成新的旋律")
            self.pages.append("transcribe")

    def _questions(self) -> None:
        """A question about music rather than a request for a drill ("What's the difference between harmonic and
        melodic minor?", "什么是关系小调？", "how do I sing with vibrato?"): answered plainly, and no setting is read
        from it (the concept it names is not a wish). A question that asks for practice ("how do I get better at
        sixths?", "怎么练下行小三度") is a request, read as one."""
        self._signature_questions()
        en = (r"(?:(?:hey|hi|hello|so|um|ok|okay|quick\s+question)[\s,:]+)*"
              r"(?:what(?:'s|\s+is|\s+are|\s+does|\s+do|\s+exactly\s+is)\s+(?!about\b|if\b)|whats\s+|why\s+|"
              r"how\s+(?:do|does|can|should|would)\s+(?:i|you|we|one|people|singers?)\s+(?!(?:practi[cs]e|improve|get\s+better|work\s+on|train)\b)|"
              r"how\s+(?:is|are)\s+|(?:can\s+you\s+|could\s+you\s+|please\s+)?explain\s+|(?:can\s+you\s+)?tell\s+me\s+(?:about|what|why|how)\s+|"
              r"is\s+it\s+(?:true|ok|okay|bad|wrong)\s+|difference\s+between\s+|(?:can\s+you\s+|please\s+)?teach\s+me\s+(?:about\s+)?(?!(?:to\s+)?(?:sing|read|sight))|"
              r"what\s+key\s+is\s+|how\s+many\s+|who\s+(?:is|was|wrote|composed|invented)\s+|what\s+can\s+you\s+do\b)")
        zh = r"(?:请问)?(?:什么是|什么叫|啥是|为什么|为啥|怎么(?:区分|分辨|判断|理解|唱好?|发声|换气)|如何(?:区分|分辨|判断|理解|唱好?|发声|换气))|.*(?:是什么|是啥|什么意思|啥意思|有什么区别|有啥区别|的区别|区别是什么|是谁写的|谁作的曲|你能做什么|你会做什么)"
        request = (r"\b(?:drills?|exercises?|melod(?:y|ies)|give\s+me|make\s+me|write\s+me|generate|for\s+me\s+to\s+sing|"
                   r"practi[cs]e|bars?\s+(?:of|in)|(?<!in\s)tunes?|sight[\s-]?(?:sing|read)\w*)\b|练习|旋律|视唱|出(?:一|个|道|首|段)|来(?:一|个|段|首)|给我|生成|写(?:一|个|段|首)|练")
        for m in rx.finditer(r"[^.!?;\n]+[.!?;\n]*", self.t):
            sentence = m.group(0)
            body = sentence.strip()
            if not body or rx.search(request, body, re.ASCII):
                continue
            if rx.match(en, body, re.ASCII) or rx.match(zh, body):
                quoted = self.raw[m.start() : m.end()].strip()
                self.t = self.t[: m.start()] + " " * (m.end() - m.start()) + self.t[m.end() :]
                # The Lessons link carries the question and lists the lessons that answer it (lessons/search.py).
                self.answer(f"“{quoted}” is a question: the Lessons page explains the theory (or ask your teacher); "
                            "a drill here is made from a key, meter, length, rhythm, interval or level "
                            "(“8 bars in A harmonic minor”)",
                            f"“{quoted}”是一个问题：乐理讲解请看课程页面（或者问老师）；这里的练习按调、拍号、长度、节奏、"
                            "音程或等级生成（例如“a和声小调，八小节”）")
                # A question alone asks for no drill: answered, with the lessons, and no C major melody beside it.
                self.elsewhere.append(self.understood[-1])
                self.pages.append("lessons")

    def _signature_questions(self) -> None:
        """Questions about key signatures are answered ("what key has 3 sharps?", "how many flats in Eb major?",
        "G大调有几个升号？", "三个降号是什么调？"): the answer is certain, and no drill setting is read from them."""
        count = r"([0-7]|no|one|two|three|four|five|six|seven|[一二两三四五六七])"
        for m in self.take_all(r"\b(?:what|which)\s+(?:major\s+|minor\s+)?key\s+(?:has|have|is\s+in|with)\s+" + count
                               + r"\s+(sharp|flat)s?\b\s*\??"
                               r"|(?:什么|哪个|啥)调\s*(?:有|的调号有|的调号是)\s*" + count + r"\s*个\s*(升|降)(?:记)?号\s*\??"
                               r"|" + count + r"\s*个\s*(升|降)(?:记)?号\s*(?:的)?(?:是|是个)?\s*(?:什么|哪个|啥)调\s*\??"):
            said = next(g for g in m.groups()[0::2] if g)
            way = next(g for g in m.groups()[1::2] if g)
            number = int(said) if said.isdigit() else _NUMBERS.get(said) or _ZH_DIGITS.get(said, 0)
            major = Key.from_fifths(number if way in ("sharp", "升") else -number)
            relative = Key.from_fifths(major.fifths, minor=True)
            notes = f" ({', '.join(major.signature_pitches)})" if number else ""
            count_zh = f"有{_ZH_NUMBER_NAMES[number]}个{'升' if major.fifths > 0 else '降'}号" if number else "没有升降号"
            self.answer(f"{major.tonic} major, and its relative minor {relative.tonic} minor, have {major.signature_words}{notes}",
                        f"{count_zh}的是{key_name_zh(major.tonic, 'major')}和它的关系小调{key_name_zh(relative.tonic, 'minor')}")
        for m in self.take_all(r"\bhow\s+many\s+(?:sharps|flats|sharps\s+or\s+flats|accidentals)\s+(?:are\s+|is\s+)?(?:there\s+)?"
                               r"(?:in|does)\s+(?:the\s+key\s+of\s+)?" + _NOTE + r"(?:\s+(major|minor))?(?:\s+have)?(?![a-z])\s*\??"
                               r"|(升|降)?([a-g])(#|♯|b|♭)?\s*(大调|小调)?\s*(?:的调号)?(?:有|是)?\s*几个\s*(?:升号|降号|升降号|升记号|降记号)\s*\??",
                               lambda m: m.group(1) is None or self.original(m, 1).isupper()):
            letter = m.group(1) or m.group(6)
            accidental = m.group(2) or m.group(3) or m.group(5) or m.group(7)
            minor = m.group(4) == "minor" or m.group(8) == "小调"
            key = make_key(_note_name(letter, accidental), "minor" if minor else "major")
            mode = "minor" if minor else "major"
            if key.fifths == 0:
                self.answer(f"{key.tonic} {mode} has no sharps or flats", f"{key_name_zh(key.tonic, mode)}没有升降号")
                continue
            sign = "升" if key.fifths > 0 else "降"
            self.answer(f"{key.tonic} {mode} has {key.signature_words}: {', '.join(key.signature_pitches)}",
                        f"{key_name_zh(key.tonic, mode)}有{_ZH_NUMBER_NAMES[abs(key.fifths)]}个{sign}号："
                        + "、".join(sign + p[0] for p in key.signature_pitches))

    def _solfege(self) -> None:
        """Notes said as movable-do syllables: "more fa and ti", "fa和si多一点" are notes to practise; "only do re mi
        sol", "只用do re mi sol" a set of notes (the pentatonic mode when it fits in do re mi sol la); "do-re-mi stuff"
        solfège itself. Placed in the key once it is known: do is its major tonic (la the minor one's), as
        首调 sings it."""
        names = {"do": 1, "re": 2, "mi": 3, "fa": 4, "sol": 5, "so": 5, "la": 6, "ti": 7, "si": 7}
        syl = r"(?<![a-z'])(?:do|re|mi|fa|sol|so|la|ti|si)(?![a-z'])"
        listed = r"(" + syl + r"(?:\s*(?:,|、|/|-|&|\band\b|和|与|及|跟)?\s*" + syl + r")*)"

        def degrees(words: str) -> list[int]:
            return list(dict.fromkeys(names[w] for w in rx.findall(syl, words)))

        def several(m: re.Match[str]) -> bool:
            # One syllable alone after "more" must not be an English word ("even more so", "more do").
            words = rx.findall(syl, next(g for g in m.groups() if g))
            return len(words) > 1 or self.zh or words[0] not in ("do", "so")

        # A leap between two syllables ("the leap from sol down to do", "sol到高音do的跳进", "5到高音1的大跳"): the
        # interval to practise, by the major scale's spelling (movable do is the same in every key).
        one = r"(?:(?<![a-z'])(do|re|mi|fa|sol|so|la|ti|si)(?![a-z'])|(?<![0-9])([1-7])(?![0-9/]))"
        up_down = r"(up|down|upwards|downwards|上行|下行|往上|往下|向上|向下)"
        mark = r"(high|low|top|bottom|upper|lower|高音|低音)"
        for m in self.take_all(
                r"\b(?:the\s+)?(?:leaps?|jumps?|skips?|intervals?)\s+(?:from\s+)?" + mark + r"?\s*" + one + r"\s*(?:" + up_down
                + r"\s+)?to\s+(?:(?:the|a)\s+)?" + mark + r"?\s*" + one
                + r"|" + mark + r"?\s*" + one + r"\s*(?:" + up_down + r"\s+)?(?:to|[-–])\s*" + mark + r"?\s*" + one + r"\s+(?:leaps?|jumps?|skips?)\b"
                + r"|(?:从)?\s*" + mark + r"?\s*" + one + r"\s*" + up_down + r"?\s*(?:跳到|到|至)\s*" + mark + r"?\s*" + one
                + r"\s*的?(?:跳进|跳跃|大跳|跳|音程)"):
            groups = m.groups()
            # Each alternative has (mark, syllable, digit, direction, mark, syllable, digit) in that order.
            block = next(i for i in (0, 7, 14) if any(groups[i:i + 7]))
            mark_a, syl_a, digit_a, way, mark_b, syl_b, digit_b = groups[block:block + 7]
            degree_a = names[syl_a] if syl_a else int(digit_a)
            degree_b = names[syl_b] if syl_b else int(digit_b)
            octave = {"high": 1, "top": 1, "upper": 1, "高音": 1, "low": -1, "bottom": -1, "lower": -1, "低音": -1}
            a = 4 + octave.get(mark_a or "", 0)
            b = 4 + octave.get(mark_b or "", 0)
            letters = "CDEFGAB"
            start = parse_pitch(f"{letters[degree_a - 1]}{a}")
            end = parse_pitch(f"{letters[degree_b - 1]}{b}")
            downward = way in ("down", "downwards", "下行", "往下", "向下")
            upward = way in ("up", "upwards", "上行", "往上", "向上")
            if not (mark_a or mark_b) or upward or downward:
                above = parse_pitch(f"{letters[degree_b - 1]}{b + (1 if end.midi <= start.midi else 0)}")
                below = parse_pitch(f"{letters[degree_b - 1]}{b - (1 if end.midi >= start.midi else 0)}")
                # Said with no direction, the nearer of the two ("sol to do" is the fourth up).
                end = above if upward or (not downward and above.midi - start.midi <= start.midi - below.midi) else below
            name = melodic_interval(start, end)
            if name is None or name == "P1":
                continue
            targets = self.found.setdefault("target_intervals", [])
            if name not in targets:
                targets.append(name)
                self._say_interval(name)
        # "the first five notes of the scale", "前五个音": do up to that degree is the range.
        counts = {"three": 3, "four": 4, "five": 5, "six": 6, "3": 3, "4": 4, "5": 5, "6": 6, "三": 3, "四": 4, "五": 5, "六": 6}
        first = self.take(r"\b(?:(?:using|use|with)\s+)?(?:only\s+|just\s+)?(?:the\s+)?(?:first|lowest|bottom)\s+(three|four|five|six|[3-6])\s+notes"
                          r"(?:\s+of\s+(?:the|its|a)\s+(?:major\s+|minor\s+)?(?:scale|key))?(?:\s+only)?\b"
                          r"|(?:只用|只要|只唱|用)?(?:音阶的?)?前\s*([三四五六3-6])\s*个音")
        if first and "_degree_span" not in self.found:
            # Counted from the tonic once the key is known (la ti do re mi in a minor key).
            self.set("_first_notes", (counts[first.group(1) or first.group(2)], self.original(first).strip()))
        # "3 notes only", "只用三个音": fewer notes than a key has.
        few = self.take(r"\b(?:only|just)\s+(?:use\s+)?(two|three|four|five|[2-5])\s+(?:different\s+)?notes\b|\b(two|three|four|five|[2-5])\s+notes\s+only\b"
                        r"|(?:只用|只要|只有|只唱|仅用)\s*([两二三四五])\s*个(?:不同的)?音(?![程符阶域])")
        if few:
            count = {"two": 2, "两": 2, "二": 2, **counts}[few.group(1) or few.group(2) or few.group(3)]
            mode = self.found.get("mode", self.default_mode)
            if count == 5 and mode in _PENTATONIC_OF:
                self.set("_pentatonic", True)
                self.say("five notes: a pentatonic mode", "五个音：五声调式")
            else:
                self.answer(f"a drill uses every note of its mode, so it cannot keep to {count} notes; the pentatonic "
                            "modes have the fewest (five), and “do to sol only” keeps the range small",
                            f"练习会用到调式里的每个音，不能只用{count}个音；音最少的是五声调式（五个音），也可以说“从do到sol”把音域缩小")
        only = self.take(r"(?:\b(?:only|just)\s+(?:use\s+|using\s+|sing\s+)?(?:the\s+)?(?:notes\s+)?|(?:只用|只要|只有|只唱|仅用|就用)\s*)"
                         + listed + r"(?:\s+(?:notes\s+)?only\b|\s*(?:这几个|这些|[二两三四五六七]个)?(?:音|几个音))?"
                         r"|" + listed + r"\s+only\b"
                         # 简谱 writes the same degrees as digits: "只用12356", "只用1、2、3、5、6".
                         r"|(?:只用|只要|只有|只唱|仅用|就用)\s*([1-7](?:\s*[、,]?\s*[1-7]){1,6})(?![\d./])"
                         r"(?!\s*(?:小节|拍|个|度|级|遍|分|条|行|首))(?:\s*(?:这几个|这些|[二两三四五六七]个)?(?:音|几个音))?",
                         lambda m: bool(m.group(3)) or len(rx.findall(syl, m.group(1) or m.group(2))) > 1)
        if only:
            digits = only.group(3)
            words = " ".join(SOLFA_NAMES[int(d) - 1] for d in rx.findall(r"[1-7]", digits)) if digits \
                else only.group(1) or only.group(2)
            wanted = degrees(words)
            shown = " ".join(rx.findall(syl, words))
            mode = self.found.get("mode", self.default_mode)
            if set(wanted) <= {1, 2, 3, 5, 6} and mode in _PENTATONIC_OF:
                self.set("_pentatonic", True)
                if set(wanted) == {1, 2, 3, 5, 6}:
                    self.say(f"notes: {shown} (a pentatonic mode)", f"音：{shown}（五声调式）")
                else:
                    self.answer(f"a drill uses every note of its mode, so it cannot keep to {shown} alone; this one is "
                                "pentatonic (do re mi sol la), the closest",
                                f"练习会用到调式里的每个音，不能只用 {shown}；这里用最接近的五声调式（do re mi sol la）")
            else:
                self.answer(f"a drill uses every note of its key, so it cannot keep to {shown} alone; the pentatonic modes "
                            "(do re mi sol la) are the smallest set of notes",
                            f"练习会用到调里的每个音，不能只用 {shown}；音最少的是五声调式（do re mi sol la）")
        more = (r"(?:\b(?:lots\s+of|more|plenty\s+of|extra|focus\s+on|work\s+on|practi[cs]e|practi[cs]ing|emphasi[sz]e|"
                r"target|drill)\s+(?:the\s+|my\s+)?|(?:多练|多用|多唱|多练习|重点练|练练|想练|练)\s*)" + listed
                + r"(?:\s+(?:notes?|syllables?))?"
                r"|" + listed + r"\s*(?:(?:要|再)?(?:多一点|多一些|多点|多些|多出现|多)|\s+(?:a\s+lot|more\s+often|often))")
        for m in self.take_all(more, several):
            for word in rx.findall(syl, next(g for g in m.groups() if g)):
                self.found.setdefault("_solfa_targets", []).append((names[word], word))
        # 简谱's digits as notes to practise: "多练练4和7这两个音", "4和7这两个音多练" (a digit alone must be called a note
        # or end its clause after a verb of more practice, "1=F，多练4", so that "练4小节" stays a length).
        digits = r"((?<![0-9=.])[1-7](?:\s*(?:和|与|及|跟|、|,)\s*[1-7])*)(?![0-9/])"
        digit_list = digits.replace(")*)", ")+)")
        verb = r"(?:多练练|多练习|多练|多用|多唱|重点练|练练|想练|练)\s*"
        for m in self.take_all(verb + digits + r"\s*(?:这|那)?(?:[两二三四几]个)?音(?![程符阶域高])"
                               r"|" + digit_list + r"\s*(?:这|那)(?:[两二三四几]个)?音(?![程符阶域高])"
                               # "多唱2和6": two digits or more after the verb, the clause ending there.
                               r"|" + verb + digit_list + r"(?=\s*(?:[,.;:!?]|$))"
                               # "多练4": one digit after a verb of more practice, the clause ending there.
                               r"|(?:多练练|多练习|多练|多唱|重点练)\s*((?<![0-9=.])[1-7])(?=\s*(?:[,.;:!?]|$))"):
            for digit in rx.findall(r"[1-7]", next(g for g in m.groups() if g)):
                self.found.setdefault("_solfa_targets", []).append((int(digit), digit))
        if self.take(r"\bdo[\s-]re[\s-]mi(?:[\s-](?:fa|sol|so|la|ti|do))*(?:\s+(?:stuff|things?|singing|style|exercises?))?(?![a-z])"
                     r"|\bsolf[eè]ge(?:\s+(?:syllables|singing))?\b|(?<!首调)(?<!固定调)(?<!固定)(?:用|唱)?唱名(?:唱|视唱)?"
                     # "从唱名mi开始": the syllable is the note to start on (``_start``), said with its kind.
                     r"(?!\s*(?:do|re|mi|fa|sol|so|la|ti)(?![a-z])\s*(?:开始|起|开头))"):
            self.say("solfège: sing it on movable do (do is the key's tonic, la in a minor key)",
                     "唱名：首调唱名（大调主音唱do，小调主音唱la）")

    def _output(self) -> None:
        if self.take(r"(?:output|give|return|show|print|write)?\s*(?:it|them|the notes|notes)?\s*(?:as|in)\s+(?:a\s+)?"
                     r"(?:list\s+of\s+)?midi\s+(?:note\s+)?(?:notes|numbers|pitches|note numbers)(?:\s+with\s+(?:their\s+)?durations)?"
                     r"|(?:output|输出|给出|列出)?\s*(?:成|为|用)?\s*midi\s*(?:音符|音高|编号|号|数字)(?:列表|序列)?(?:和时值|及时值|加时值)?(?:输出|列出)?"):
            self.set("output", "midi")
            self.say("output: MIDI note numbers with durations", "输出：MIDI 音高编号及时值")
        # "Can I export it to MIDI?", "能导出MIDI吗": every drill has a MIDI file; the note list comes as MIDI numbers too.
        elif self.take(r"\b(?:export(?:ed)?|download(?:ed)?|save[ds]?|get)\s+(?:it\s+|this\s+|them\s+|the\s+drill\s+)?(?:as|to|in(?:to)?)\s+(?:a\s+)?midi(?:\s+files?)?\b"
                       r"|\b(?:a\s+|the\s+)?midi\s+files?\b(?:\s+(?:please|too|as\s+well))?|(?:导出|下载|保存|生成|输出)(?:成|为)?\s*midi(?:\s*文件)?|midi\s*文件"):
            self.set("output", "midi")
            self.say("MIDI: every drill has a MIDI file to download beside its score; the notes are listed as MIDI numbers too",
                     "MIDI：每条练习都可以在乐谱旁下载 MIDI 文件；音符也以 MIDI 编号列出")

    def _instrument_pitch(self) -> None:
        """ "Horn in F, concert Bb major": the instrument's pitch, not the key, when the words name the key elsewhere
        ("a march for trumpet in Bb" is in B flat)."""
        modes = "|".join(sorted(_MODE_WORDS, key=len, reverse=True))
        other_key = (r"\bconcert\s+[a-g]|(?<![a-z])[a-g](?:#|b|♯|♭|\s+flat|\s+sharp|-flat|-sharp)?\s+(?:" + modes
                     + r")\b|[a-g](?:#|b|♯|♭)?\s*(?:大调|小调)|\bkey\s+of\s+[a-g]")
        # "Bb trumpet", "F horn": the pitch before the name is always the instrument's.
        m = self.take_group(r"(?<![a-z0-9#♯♭])((?:b\s*flat|e\s*flat|bb|eb|b♭|e♭|f|a|d|c)\s+)(?:french\s+)?(?:horn|trumpet|cornet|clarinet|(?:alto\s+|tenor\s+|baritone\s+)?sax(?:ophone)?)s?\b",
                            1)
        if m and not (self.original(m, 1).strip() in ("a", "A") and not self.original(m, 1).isupper()):
            pitch = rx.sub(r"\s*flat|♭", "b", m.group(1).strip())
            pitch = pitch[0].upper() + pitch[1:].replace(" ", "")
            name = rx.search(r"horn|trumpet|cornet|clarinet|sax(?:ophone)?", m.group(0))
            self.say(f"{name.group(0) if name else 'instrument'} in {pitch}: the instrument's pitch, not the key (the drill is at concert pitch)",
                     f"{name.group(0) if name else '乐器'} in {pitch}：乐器的调，不是练习的调（练习按实际音高写）")
        # "降B调单簧管", "F调圆号": the instrument's pitch, before its Chinese name (the name is read as the instrument, and
        # taken here too when the words name it twice: "给单簧管的视奏练习，降B调单簧管").
        m = rx.search(r"((?:降|升)?[a-g]调)(单簧管|黑管|小号|圆号|长号|萨克斯)", self.t)
        if m:
            twice = self.t.count(m.group(2)) > 1
            self.take_group(r"((?:降|升)?[a-g]调" + (m.group(2) + ")" if twice else ")(?=" + m.group(2) + ")"), 1)
            self.say(f"{self.original(m, 1)}{m.group(2)}: the instrument's pitch, not the key (the drill is at concert pitch)",
                     f"{self.original(m, 1)}{m.group(2)}：乐器的调，不是练习的调（练习按实际音高写）")
        if self.take(r"(?:要|请)?(?:转调|移调|转|移)?(?:到|成|为)实际音高"):
            self.answer("a drill is already written at concert pitch; the studio can show it transposed for your instrument",
                        "练习本来就按实际音高写；练习室可以按你的乐器移调显示")
        # "horn in F part please": a transposed part is not written (the drill is at concert pitch).
        if self.take_group(r"\b(?:french\s+)?(?:horn|trumpet|cornet|clarinet|(?:alto\s+|tenor\s+|baritone\s+)?sax(?:ophone)?)s?"
                           r"\s+in\s+(?:b\s*flat|e\s*flat|bb|eb|b♭|e♭|f|a|d|c)\s+(parts?)\b", 1):
            self.answer("a transposed part is not written: a drill is at concert pitch; the studio can show it transposed for your "
                        "instrument", "不写移调乐器的分谱：练习按实际音高写；练习室可以按你的乐器移调显示")
        if len(rx.findall(other_key, self.t, re.ASCII)) == 0:
            return
        m = self.take_group(r"\b(?:french\s+)?(horn|trumpet|cornet|clarinet|(?:alto\s+|tenor\s+|baritone\s+)?sax(?:ophone)?)s?"
                            r"(\s+in\s+(?:b\s*flat|e\s*flat|bb|eb|f|a|d|c))(?![a-z0-9#♯♭])(?!\s+(?:" + modes + r"|pentatonic)\b)", 2)
        if m:
            pitch = rx.sub(r"\s*flat", "b", m.group(2).split()[-1] if "flat" not in m.group(2) else m.group(2).split("in")[-1].strip())
            pitch = pitch[0].upper() + pitch[1:].replace(" ", "")
            self.say(f"{m.group(1)} in {pitch}: the instrument's pitch, not the key (the drill is at concert pitch)",
                     f"{m.group(1)} in {pitch}：乐器的调，不是练习的调（练习按实际音高写）")

    def _skill_tags(self) -> None:
        """Skill tags as the dashboard and the weak-spot lists write them ("int:-m3", "rhy:after-rest", "scale:dorian",
        "pc:F#@G"), pasted into a request: each is the wish it names; a quiz-only skill ("chord:dim7") is answered.
        A tag has no space after its colon ("chord: I IV V" is a chart)."""
        note = r"([a-g](?:##|#|bb|b)?)"
        for m in self.take_all(r"\bint:([+-](?:aa|dd|[mpad])\d{1,2})(?![0-9])"):
            name = self.original(m, 1)
            parse_interval(name)
            targets = self.found.setdefault("target_intervals", [])
            if name not in targets:
                targets.append(name)
                self._say_interval(name)
        for m in self.take_all(r"\brhy:([a-z0-9]+(?:-[a-z0-9]+)*)"):
            self._rhythm_tag(m.group(1))
        for m in self.take_all(r"\bscale:([a-z]+(?:-[a-z]+)*)"):
            value = m.group(1)
            if value == "chromatic":
                self.set("accidentals", True)
                self.say("accidentals: on (chromatic neighbour and passing notes)", "临时记号：使用（半音邻音与经过音）")
            elif value in PENTATONIC_MODES:
                self._pentatonic_mode(value)
            elif value in MODES:
                self.set("mode", value)
                self.say(f"mode: {value}", f"调式：{ZH_MODE_NAMES[value]}")
        key_tag = self.take(r"\bkey:" + note + r"(?![a-z#])")
        if key_tag:
            written = self.original(key_tag, 1)
            # The tags write minor keys in lower case ("key:c#"), as the drill generator does.
            self._set_key(written[0], written[1:] or None, "minor" if written[0].islower() else "major")
        clef_tag = self.take(r"\bclef:(treble|bass|alto|tenor)\b")
        if clef_tag:
            self.set("clef", clef_tag.group(1))
            self.say(f"clef: {clef_tag.group(1)}", f"谱号：{_ZH_CLEF_NAMES[clef_tag.group(1)]}")
        meter_tag = self.take(r"\bmeter:(?=\d)|\bmeter:(simple|compound|irregular)\b")
        if meter_tag and meter_tag.group(1):
            meter = {"simple": "4/4", "compound": "6/8", "irregular": "5/4"}[meter_tag.group(1)]
            self.set("meter", meter)
            self.say(f"meter: {meter} ({meter_tag.group(1)})", f"拍号：{meter}拍")
        for m in self.take_all(r"\bpc:" + note + r"@" + note + r"(?![a-z#])"):
            name, tonic = self.original(m, 1), self.original(m, 2)
            name = name[0].upper() + name[1:]
            parse_target_note(name)
            if "key" not in self.found:
                self._set_key(tonic[0], tonic[1:] or None, "major")
            targets = self.found.setdefault("target_notes", [])
            if name not in targets:
                targets.append(name)
                zh_name = {"#": "升", "b": "降"}.get(name[1:], "") + name[0]
                self.say(f"target note: {name} (at least once every two bars)", f"目标音：{zh_name}（每两小节至少一次）")
        if self.take(r"\bread:ledger\b"):
            self.set("_ledger", True)
            self.say("ledger lines: the range reaches above and below the staff", "加线：音域超出五线谱上下")
        if self.take(r"\bread:accidentals?\b"):
            self.set("accidentals", True)
            self.say("accidentals: on (chromatic neighbour and passing notes)", "临时记号：使用（半音邻音与经过音）")
        for m in self.take_all(r"\b(?:cadence|chord|inv|rn|harm|ear|read):(?=[a-z0-9])[a-z0-9°ø+#-]+"):
            tag = self.original(m)
            self.answer(f"{tag} ({skill_name(tag)}) is practised in the quizzes, not in a sight-singing drill; "
                        "this drill is made from the other words",
                        f"{tag} 在测验里练习，视唱练习里练不到；这一条按其余的文字生成")

    def _rhythm_tag(self, tag: str) -> None:
        """One ``rhy:`` tag: the rhythm cell to practise, or the rest, tie or note value it stands for."""
        if tag == "after-rest":
            self.set("rests", 1)
            self.say("rests: one entry after a rest every two bars", "休止：每两小节一次休止后进入")
            return
        if tag not in all_rhythm_tags():
            self.answer(f"rhy:{tag} is not a rhythm a drill knows; it is left out",
                        f"rhy:{tag} 不是练习认识的节奏，没有使用")
            return
        for word, name in (("dotted", "dots"), ("triplet", "triplets"), ("syncopation", "syncopation"), ("tie", "ties")):
            if tag.startswith(word):
                self.set(name, True)
        if "16th" in tag:
            self.found.setdefault("_with_durations", []).append("16th")
        self.found.setdefault("target_rhythms", []).append(tag)
        self.say(f"rhythm: {skill_name('rhy:' + tag)} (every two bars)", f"节奏：{_ZH_RHYTHM_NAMES.get(tag, tag)}（每两小节至少一次）")

    def _two_octaves(self) -> None:
        """ "Spanning two octaves" is a range, read before "octaves" could be taken for a leap to practise."""
        m = self.take(r"\b(one|two|1|2)\s+octaves?\b(?!\s+(?:leap|jump|skip|higher|lower|up|down))(?:\s+(?:range|span|wide|scale))?"
                      r"|(两|二)个八度(?!以内|之内|内|跳|大跳)")
        if m:
            octaves = 1 if (m.group(1) or m.group(2)) in ("one", "1", "一") else 2
            self.set("_span", 12 * octaves)
            self.set("_span_exact", True)
            self.say(f"range: {'one octave' if octaves == 1 else 'two octaves'} ({12 * octaves} semitones)",
                     f"音域：{'一' if octaves == 1 else '两'}个八度（{12 * octaves} 个半音）")

    def _too_high_pitch(self) -> None:
        """A pitch said to be too high ("E5 is too high for me", "I can't reach E5", "E5太高了，我唱不上去", "太高了，E5我唱不到"):
        the range is cut below it (a lower range, not a range up to it); "anything above D5 is too high", "比D5高的都唱不上去"
        keep D5. Read before the complaints, so that "too high" beside the pitch is not also a range a third lower."""
        pitch = self._PITCH_WORDS
        whom = r"(?:\s+for\s+(?:me|us|them|him|her|my\s+voice|my\s+\w+|the\s+\w+))?"
        too = (r"\s*(?:is|'s|are|feels?|seems?|was)?\s*(?:(?:way|much|a\s+bit|a\s+little|far|kind\s+of|still|just)\s+)?too\s+high" + whom
               + r"(?:\s+(?:to\s+(?:sing|reach|hit)))?")
        zh_out_of_reach = r"(?:唱不(?:上去|到|上|了)|上不去|够不着|够不到|唱不上来)"
        zh_too = r"\s*(?:对我来说)?(?:我)?(?:有点|有些|还是|实在|也|都)?(?:太高了?|有点高|偏高|" + zh_out_of_reach + r")"
        above = self.take(r"\b(?:anything|everything|notes?|nothing)\s+(?:above|over|higher\s+than)\s+(?:an?\s+|the\s+)?" + pitch
                          + r"\s+(?:is|are)\s+too\s+high" + whom
                          + r"|(?:比|高于|超过)\s*" + pitch + r"\s*(?:高的音?|的音)?\s*(?:我)?(?:都|就)?(?:太高了?|" + zh_out_of_reach + r")")
        below = None if above else self.take(
            r"\b" + pitch + too + r"|(?<![a-z])" + pitch + r"\s*(?:这个音|这音)?" + zh_too
            + r"|\b(?:i\s+)?(?:can'?t|cannot|can\s+not|couldn'?t|can\s+never)\s+(?:sing|reach|hit|get\s+to)\s+(?:an?\s+|the\s+)?" + pitch
            + r"(?!\s*(?:in\s+tune|well|cleanly|properly))|(?:我)?" + zh_out_of_reach + r"\s*" + pitch)
        m = above or below
        if m is None:
            return
        named = self._pitch_from_words(next(g for g in m.groups() if g))
        self.set("_high_bound", (named, False, 0 if above else -1))
        self.set("_range_named", True)
        self.set("_too_high", True)
        if above:
            self.say(f"range: at most {named} (higher is too high)", f"音域：最高 {named}（再高就太高了）")
        else:
            self.say(f"range: below {named} ({named} is too high)", f"音域：低于 {named}（{named} 太高）")

    def _complaints(self) -> None:
        """ "Too easy", "太快了": said of the last drill, each asks for the opposite ("too fast" is slower, not fast)."""
        opposite = {"easy": "harder", "simple": "harder", "简单": "harder", "容易": "harder", "hard": "easier",
                    "difficult": "easier", "难": "easier", "fast": "slower", "quick": "slower", "快": "slower",
                    "slow": "faster", "慢": "faster", "long": "shorter", "长": "shorter", "short": "longer", "短": "longer",
                    "high": "lower", "高": "lower", "low": "higher", "低": "higher", "jumpy": "fewer leaps",
                    "many leaps": "fewer leaps", "跳": "fewer leaps", "many notes": "easier", "busy": "easier", "boring": "more leaps", "单调": "more leaps"}
        said = {"harder": ("harder: one level up", "更难：升一级"), "easier": ("easier: one level down", "更简单：降一级"),
                "slower": ("slower", "更慢"), "faster": ("faster", "更快"), "shorter": ("shorter", "更短"),
                "longer": ("longer", "更长"), "lower": ("lower: range down a third", "更低：音域降低三度"),
                "higher": ("higher: range up a third", "更高：音域升高三度"),
                "fewer leaps": ("fewer leaps (smoother)", "更少跳进（更平稳）"),
                "more leaps": ("more leaps (less monotonous): wider and more frequent leaps", "更多跳进（不那么单调）")}
        english = (r"\b(?:(?:it|that|this)(?:'s|s|\s+was|\s+is|\s+one\s+was)?\s+|(?:the\s+)?(?:last|previous|first)\s+one\s+(?:was|is)\s+"
                   r"|(?:it's\s+|was\s+)?(?:way|much|far|a\s+bit|a\s+little|slightly)\s+)*"
                   r"too\s+(easy|simple|hard|difficult|fast|quick|slow|long|short|high|low|jumpy|many\s+leaps|boring|many\s+notes|busy)\b"
                   r"(?:\s+(?:for\s+(?:me|my\s+voice|us|my\s+students?)|in\s+that\s+one|last\s+time))*")
        chinese = (r"(?:音域|音|速度|节奏)?(?:也|还|又)?(?:这个|这条|这首|刚才(?:那|的)?(?:条|个|首)?|上一(?:条|个|首)|上次(?:的|那条)?)?(?:有点|有些|实在|真的|还是)?"
                   r"(?<![不别要])(?:太|有点儿?|有些|偏)(简单|容易|难|快|慢|长|短|高|低|单调)了?|(?:跳进?|跳得)太多了?"
                   # "能不能别这么快", "不要那么难": said of the last drill, as "太快了" is.
                   r"|(?:别|不要)(?:这么|那么)(简单|容易|难|快|慢|长|短|单调)(?:了|啊|嘛)?")  # (别那么高: ``cap high``)
        for m in self.take_all(english + "|" + chinese,
                               lambda m: not rx.search(r"(?:\bnot|\bnothing|\bnever|不要|不用|别|不)\s*$", self.t[: m.start()])):
            word = rx.sub(r"\s+", " ", m.group(1) or m.group(2) or m.group(3) or "跳")
            name = opposite[word]
            if name == "lower" and self.found.get("_too_high"):
                continue  # "太高了，E5我唱不到": the range is cut below the pitch named (``_too_high_pitch``)
            if name not in [r[0] for r in self.refinements]:
                self.refinements.append((name, None))
                self.say(*said[name])
        # "It's rushing me", "I felt rushed": the last drill was too fast.
        if self.take(r"\b(?:it'?s|it\s+is|it\s+was|its|this\s+is|that\s+was)\s+(?:(?:way|a\s+bit|kind\s+of|a\s+little)\s+)?(?:rushing|rushed)(?:\s+me)?\b"
                     r"|\bi\s+(?:feel|felt|am|was|'m)\s+(?:(?:so|a\s+bit|kind\s+of)\s+)?rushed\b") and "slower" not in [r[0] for r in self.refinements]:
            self.refinements.append(("slower", None))
            self.say(*said["slower"])
        # "High notes are hard for me", "高音不太容易唱准": the top of the range is where the singer struggles (read
        # before the level words, so that "hard" here is not the drill's level).
        struggle = r"(?:总是|老是|常常|经常|还是|都|也|有点|有些)?"
        high_hard = self.take(r"\b(?:the\s+|my\s+)?high(?:er)?\s+notes\s+are\s+(?:(?:really|very|so|too|quite|a\s+bit)\s+)?(?:hard|difficult|tricky|tough)"
                              r"(?:\s+(?:for\s+me|to\s+(?:sing|hit|reach)|in\s+tune))*\b"
                              r"|\bi\s+(?:can't|cannot|can\s+not|struggle\s+to)\s+(?:sing|hit|reach)\s+(?:the\s+)?high(?:er)?\s+notes(?:\s+in\s+tune)?\b"
                              r"|(?:高音|高的音)(?:我)?" + struggle + r"(?:不太容易|不那么容易|不大容易|不容易|很难|太难|比较难|挺难|难以)(?:唱准|唱对|唱好|唱上去|唱)?"
                              r"|(?:高音|高的音)(?:我)?" + struggle + r"唱不(?:准|好|对|上去)")
        if high_hard and "cap high" not in [r[0] for r in self.refinements]:
            self.refinements.append(("cap high", None))
            self.say("high notes are hard: the top of the range down a third", "高音难唱：音域上限降低三度")
        # What a student says of the last drill around the complaint carries no setting.
        self.take_all(r"\bi\s+lost\s+my\s+place\b|\bi\s+(?:couldn't|could\s+not|can't)\s+(?:keep\s+up|reach\s+(?:it|the\s+(?:top|high)\s+notes))\b"
                      r"|唱不(?:下去|上去|上来|了)|跟不上|够不着"
                      r"|(?:我的?)?老师(?:说|讲|觉得)(?=我)"
                      r"|(?:我的?)?音准(?:一直|还是|也|有点|有些)?(?:不太好|不大好|不好|不太行|不行|很差|比较差|差|一般|不稳|不准)"
                      r"|\bmy\s+(?:pitch|intonation|tuning)\s+is\s+(?:(?:really|very|so|a\s+bit)\s+)?(?:bad|poor|not\s+(?:great|good|very\s+good)|off|terrible|awful|shaky)\b")

    def _answers(self) -> None:
        """Wishes a drill cannot meet as asked, answered in the request's language instead of left not understood."""
        self.answer_wishes(_OTHER_PAGES, self.take_all)
        if self.take_all(r"\b(?:two|three|four|2|3|4|multi)[\s-]*(?:part|voice)s?(?:\s+(?:singing|harmony|writing|texture|counterpoint|choir))?\b"
                         r"(?:\s+with\s+(?:my\s+|a\s+)?friends?)?|(?<![a-z])(?:satb|ssa|ssaa|sab|ttbb)(?![a-z])(?:\s+(?:arrangement|choir|setting|version))?"
                         r"|\b(?:both|two)\s+hands\b|\bhands\s+together\b|双手|两只手|左右手|两手|(?:女声|男声|混声)?[二两三四]部合唱|(?:女声|男声|混声)合唱(?:团|队)?|\bchorales?\b|\b(?:for\s+)?(?:my\s+|our\s+|the\s+|a\s+)?(?:choirs?|chorus)\b|\bduets?(?:\s+for\s+two)?\b"
                         r"|\bcounterpoint\b|\bin\s+(?:harmony|parts)\b"
                         r"|\b(?:a\s+)?(?:round|canon)s?\b(?!\s+(?:off|down|up))|(?:\s+(?:to\s+sing\s+)?with\s+(?:my\s+)?(?:sister|brother|friend|partner|mum|mom|dad)s?)"
                         r"|(?<!grade\s)(?<!level\s)\b(?:for\s+)?(?:two|three|four|2|3|4)\s+(?=(?:" + _INSTRUMENT_ALTERNATIVES + r")e?s\b)"
                         r"|[两二三四](?:把|支|位|台|架|个)(?=" + _ZH_INSTRUMENT_ALTERNATIVES + r")"
                         r"|[二两三四多]声部(?:合唱|视唱|重唱)?|[二两三四]部和声|(?:合唱团?|合唱队)(?:用的?)?|[二两三四]重唱(?:的谱子)?|二重奏|对位|卡农|轮唱"):
            self.answer("drills are one melodic line; two-part, choir and SATB drills are not available, so this is a "
                        "single line (sing it in unison, or give each section its own drill)",
                        "练习只有一个声部，暂不支持二声部、合唱或四声部练习；这里生成一条单声部旋律（可以齐唱，或给每个声部各出一条）")
            # "soprano and alto": the first voice is read by its own step; the second is a drill of its own.
            voices = r"soprano|mezzo(?:-soprano)?|alto|tenor|baritone|bass"
            # "for sopranos and altos": a section is named in the plural.
            if (m := self.take_group(r"\b(?:" + voices + r")s?\s+(and\s+(" + voices + r")s?)\b", 1)
                    or self.take_group(r"(?:女高音|女低音|男高音|男低音)((?:和|与|跟|、)(女高音|女低音|男高音|男低音))", 1)):
                second = self.original(m, 2)
                self.answer(f"the first voice named is used; ask again for the {second}'s own drill",
                            f"按先说的声部生成；{second}请再单独要一条")
        if self.take(r"\b(?:in\s+|with\s+)?(?:unison|one\s+voice)\b|齐唱"):
            self.say("unison: one line for everyone", "齐唱：一条旋律")
        if self.take_all(r"\b(?:(?:in|as|with|using)\s+)?(?:(?:the\s+)?numbered\s+(?:musical\s+)?notation|number\s+notation|cipher\s+notation"
                         r"|jianpu|numbers\s+instead\s+of\s+(?:the\s+)?staff)\b|(?:用|要|以|写成|显示|换成|改成)?简谱(?:显示|格式|记谱)?"):
            self.answer("numbered notation (jianpu) is chosen above the score in the studio (Staff, Numbered notation or "
                        "Both) and kept for your account",
                        "简谱在练习室乐谱上方的“记谱”中选择（五线谱、简谱或两者并列），会保存在你的账户里")
        if self.take(r"(?:\b(?:for|on|at|from|targeting|target|aimed\s+at|based\s+on)\s+(?:my|our|his|her|their|the\s+student'?s|my\s+own)\s+"
                     r"weak(?:est)?(?:\s+|-)?(?:spots?|points?|areas?|nesses)\b|\bweak(?:est)?(?:\s+|-)(?:spots?|areas?|points?)\b|\b(?:my|our)\s+weaknesses\b|\bmy\s+mistakes\b)"
                     r"(?:\s+(?:list|page))?(?:\s+(?:from|on|in)\s+(?:my|the)\s+(?:dashboard|profile|home\s+page))?"
                     r"|(?:针对|根据|按照?|按着)?(?:我|我们|学生)?的?(?:薄弱(?:环节|点|项|的地方)?|弱项|短板|错误|(?:常|经常|老是|总是)?错的地方)"):
            self.answer("a drill from your weak spots is made with “Practise my weak spots” on your dashboard; this one "
                        "is made from the words",
                        "针对薄弱点的练习请在首页点“练习我的薄弱点”；这一条按文字生成")
        self._answers_more()
        self.answer_wishes(_MARKINGS, self.take_all)
        if self.take(r"\b(?:end(?:s|ing)?|finish(?:es|ing)?|clos(?:e|es|ing))\s+(?:on|with)\s+(?:a\s+|an\s+)?(?:half|imperfect)\s+cadence\b"
                     r"|\b(?:a\s+)?(?:half|imperfect)\s+cadence\s+at\s+the\s+end\b|(?:以|用)?半终止(?:结束|结尾)"):
            self.answer("a drill ends on the tonic (an authentic cadence); its half cadence comes at the end of the first phrase",
                        "练习以主音结束（正格终止）；半终止在第一个乐句的末尾")
        self.answer_wishes(_FORM_WISHES, self.take_all)
        if self.take(r"\b(?:plagal|amen|deceptive|interrupted|phrygian\s+half)\s+cadences?\b|变格终止|阻碍终止|伪终止"):
            self.answer("a drill's cadences are half and authentic cadences; plagal and deceptive cadences are not "
                        "available (the quizzes have them)",
                        "练习里的终止是半终止和正格终止；暂不支持变格终止或阻碍终止（测验里有）")
        if self.take(r"\b(?:with\s+)?(?:a\s+|an\s+)?(?:perfect|authentic|full|final)\s+cadence(?:\s+at\s+the\s+end)?\b|完全终止|正格终止"):
            self.set("end_on_tonic", True)
            self.say("end: an authentic cadence on the tonic", "结尾：正格终止，落在主音")

    def _answers_more(self) -> None:
        """More wishes a drill cannot meet: words to sing, ornaments, techniques, tablature, drums, quarter tones."""
        m = self.take(r"\b(two|three|four|five|six|seven|eight|nine|ten|several|a\s+few|a\s+couple\s+of|[2-9]|1[0-9])\s+"
                      r"(?:(?:short|different|new|more|easy|simple|little|separate|similar|other)\s+)*(?:melodies|tunes|drills|exercises|examples|versions)\b"
                      r"(?:\s+(?:please|each|at\s+once))?"
                      r"|([两二三四五六七八九十几]|\d+)\s*(?:条|个|首|段|道)\s*(?:不同的|短的|简单的|类似的|新的)?\s*(?:旋律|练习|视唱|曲子|题|视唱题)")
        if m:
            count = self.original(m, 1) if m.group(1) else self.original(m, 2)
            self.answer(f"a request makes one drill, not {count}; ask again (or use “Another”) for each of the others",
                        f"一次请求生成一条练习，不能一次生成{count}条；需要几条就再请求几次（或点“再来一条”）")
        meters = r"(?<![\d/])\d{1,2}\s*/\s*\d{1,2}(?![\d/])"
        mixed = r"(?:mixed|alternating|changing|switching|in\s+turn|交替|混合|轮换|变换|互换)"
        # "6/8 and 9/8 mixed", "alternating 3/4 and 2/4", "变拍子": the first meter named is used, the change answered.
        second = self.take_group(r"\b(?:alternating|switching|changing|mixing)\s+(?:between\s+)?" + meters
                                 + r"(\s*(?:and|&|with|or|和|与|/|,)\s*" + meters + r")", 1) is not None
        if not second:
            second = self.take_group(meters + r"(\s*(?:and|&|和|与|/|,|then)\s*" + meters + r"\s*(?:meters?\s+|time\s+)?" + mixed
                                     + r"(?:\s+(?:meters?|time))?)", 1) is not None
        if not second:
            # "both in 3/4 and 4/4", "3/4和4/4": two meters at once (an "or" is a choice, and the first is read).
            second = self.take_group(r"(?:\bboth\s+(?:in\s+)?)?" + meters + r"(\s*(?:and|&|和|与|以及)\s*(?:in\s+)?" + meters
                                     + r"(?:\s*(?:at\s+once|at\s+the\s+same\s+time|同时))?)", 1) is not None
            if second:
                self.take(r"\bboth\b(?=\s+(?:in\s+)?(?<![\d/])\d)")
        # "3/4 or 4/4": a choice; the first is read, and said so.
        if not second and self.take_group(meters + r"(\s*(?:or|或者|或|还是)\s*" + meters + r")", 1):
            self.say("meter: the first of the two named", "拍号：用所说的第一个")
        changing = self.take(r"\b(?:mixed|changing|alternating|irregular|shifting)\s+(?:meters?|metres?|time\s+signatures?|time)\b"
                             r"|变拍子|混合拍子|拍号(?:要)?(?:变化|变换|交替)|(?:交替|变换)拍号")
        if second:
            self.take(r"\b(?:alternating|switching|changing|mixing)(?:\s+between)?\b")
        if second or changing:
            self.answer("a drill keeps one meter; changing or mixed meters are not available"
                        + ("; it is in the first one named" if second else ""),
                        "练习只用一个拍号；暂不支持变拍子或混合拍子" + ("；这里用第一个拍号" if second else ""))
        if self.take_all(_LYRICS.words):
            self.answer(_LYRICS.en, _LYRICS.zh)
            # Lyrics alone ("lyrics please", "帮我配上歌词") ask for no drill; with a setting ("G major with lyrics") or
            # words that ask for one ("a melody with lyrics") they do.
            if not rx.search(_ASKS_FOR_MUSIC, self.raw.lower(), re.ASCII):
                self.elsewhere.append(self.understood[-1])
        self.answer_wishes(_NOT_WRITTEN, self.take_all)
        m = self.take(r"\b(?:with\s+)?(?:some\s+)?(?:hemiolas?|polyrhythms?|cross[\s-]rhythms?)\b"
                      r"|\b(triplets?)\s+(?:against|over|versus|vs\.?)\s+(?:duplets?|eighths|quavers|twos?|pairs)\b"
                      r"|\b(?:3|three)\s*(?:against|over|:)\s*(?:2|two)\b|(?:三对二|二对三|复节奏|交叉节奏|赫米奥拉)(?:的?节奏)?")
        if m:
            if m.group(1):
                self.set("triplets", True)
                self.found.setdefault("target_rhythms", []).append("triplet-8th")
            self.answer("a drill is one line: two rhythms at once (three against two, hemiolas) are not available"
                        + ("; triplets are used" if m.group(1) else ""),
                        "练习只有一条旋律：暂不支持两种节奏同时进行（三对二、赫米奥拉）" + ("；这里用三连音" if m.group(1) else ""))
        m = self.take(r"\bchromatic\s+scales?(?:\s+(?:drill|exercise|practice))?(?:\s+(?:starting\s+on|from|on|in)\s+" + _NOTE + r"(?![a-z0-9#]))?"
                      r"|(?:从\s*([a-g])\s*(?:开始|起)的?)?半音阶(?:练习)?")
        if m:
            self.set("kind", "scale")
            letter = m.group(1) or m.group(4)
            if letter:
                self._set_key(letter, m.group(2) or m.group(3), "major")
            self.answer("a chromatic scale drill is not available (scale drills follow a key); this is a scale drill"
                        + (" on that note" if letter else ""),
                        "暂不支持半音阶练习（音阶练习按调进行）；这里生成" + ("从该音开始的" if letter else "") + "音阶练习")
        if self.take_all(r"\b(?:guitar\s+|bass\s+)?(?:tabs?|tablature)\b|六线谱|四线谱|吉他谱"):
            self.answer("a drill is shown on the staff (or in numbered notation); tablature is not available",
                        "练习用五线谱（或简谱）显示，暂不支持六线谱")
        if self.take_all(r"\b(?:for\s+(?:the\s+|a\s+|my\s+)?)?(?:drum\s*(?:kit|set)|drums|percussion|snare(?:\s+drum)?|cajon)\b"
                         r"|(?:给|为)?(?:架子鼓|爵士鼓|小军鼓|打击乐器?)"):
            if "kind" not in self.found:
                self.set("kind", "rhythm")
            self.answer("drills are tunes for a pitched instrument or the voice; for drums this is a rhythm drill "
                        "(its rhythm alone)",
                        "练习是有音高的旋律；打击乐可以用节奏练习，这里生成节奏练习（只练节奏）")
        if self.take_all(r"\b(?:a\s+|the\s+)?(?:12|twelve)[\s-]bar\s+blues\b|\b(?:a\s+|the\s+)?blues(?:\s+(?:scale|tune|melody|riff|style))?\b|\bblues(?:y|[\s-]ish)\b(?:\s+(?:vibe|feel|sound))?|布鲁斯|蓝调"):
            self.answer("the blues (its scale, blue notes and twelve-bar form) is not available; the drill keeps to its key "
                        "(minor pentatonic or mixolydian come close)",
                        "暂不支持布鲁斯（布鲁斯音阶、蓝音和十二小节结构）；练习按所给的调生成（小调五声或混合利底亚比较接近）")
        m = self.take(r"(?<=phrygian)\s+dominant\b|\b(?:whole[\s-]tone|octatonic|diminished|bebop|hungarian\s+minor|double\s+harmonic|"
                      r"enigmatic|neapolitan\s+(?:major|minor)|hirajoshi|in\s?sen)\s+(?:scale|mode)s?\b|全音音阶|八声音阶|减音阶")
        if m:
            scale = self.original(m).strip()
            scale = "phrygian dominant" if scale.lower() == "dominant" else scale
            self.answer(f"that scale ({scale}) is not available; drills are in major, minor (natural, harmonic, "
                        "melodic), the church modes or the pentatonic modes",
                        f"暂不支持这种音阶（{scale}）；练习可用大调、小调（自然、和声、旋律）、教会调式和五声调式")
        m = self.take(r"\b(?:no|without|avoid|leave\s+out|skip|(?:that\s+)?(?:never|doesn't|does\s+not|don't|do\s+not)\s+uses?|not\s+using)\s+"
                      r"(?:the\s+note\s+([a-g])(?:'s|s)?|(?:any\s+)?([a-g])(?:'s|s))(?![a-z])(?:\s+at\s+all)?"
                      r"|(?:不要|没有|别用|不用|去掉)(?:出现)?\s*([a-g])\s*(?:这个)?音"
                      # "no F sharps", "without any B flats", "不要升F这个音": a note with its accidental.
                      r"|\b(?:no|without|avoid|leave\s+out|skip|(?:that\s+)?(?:never|doesn't|does\s+not|don't|do\s+not)\s+uses?|not\s+using)\s+"
                      r"(?:the\s+note\s+|any\s+)?([a-g](?:#|♯|b|♭|\s+sharp|\s+flat|-sharp|-flat))(?:'s|s)?(?![a-z])(?:\s+at\s+all)?"
                      r"|(?:不要|没有|别用|不用|去掉)(?:出现)?\s*((?:升|降)[a-g]|[a-g](?:#|♯|b|♭))\s*(?:这个)?音"
                      r"|(?:不要|没有|别用|不用|去掉|别)(?:出现|有|用)\s*((?:升|降)?[a-g](?:#|♯|b(?![a-z])|♭)?)(?:\s*(?:这个)?音)?(?![a-z0-9#])(?!\s*(?:大调|小调|调|大|小|和弦))",
                      lambda m: self.original(m, next(g for g in (1, 2, 3, 4, 5, 6) if m.group(g))).lstrip("升降")[:1].isupper())
        if m:
            note = self.original(m, next(g for g in (1, 2, 3, 4, 5, 6) if m.group(g)))
            self.answer(f"a drill cannot leave out one note of its key ({note}); the pentatonic modes leave out two",
                        f"练习不能去掉调里的某一个音（{note}）；五声调式去掉的是两个音")
        one = r"[a-g](?:#|♯|b(?![a-z])|♭|\s+sharp|\s+flat)?"
        m = self.take(r"\b(?:only|just)\s+(?:use\s+|using\s+)?(?:the\s+)?notes?\s+(" + one + r"(?:\s*(?:,|and|&)\s*" + one + r")+)(?![a-z0-9#])"
                      r"|(?:只用|只要|只有|只能用|仅用)\s*((?:升|降)?" + one + r"(?:\s*(?:,|、|和|与)\s*(?:升|降)?" + one + r")+)\s*(?:这几个音|这些音|[二两三四五六七]个音|几个音|音)?",
                      lambda m: all(w.isupper() for w in rx.findall(r"(?<![A-Za-z])[A-Ga-g](?![a-z])", self.original(m, 1 if m.group(1) else 2))))
        if m:
            notes = " ".join(rx.findall(r"(?:升|降)?[A-G](?:#|♯|b|♭|\s+sharp|\s+flat)?", self.original(m, 1 if m.group(1) else 2)))
            self.answer(f"a drill uses every note of its key, so it cannot keep to {notes} alone; the pentatonic modes "
                        "are the smallest set of notes",
                        f"练习会用到调里的每个音，不能只用 {notes}；音最少的是五声调式")
        # "no repeated notes", "lots of repeated notes": how often a note repeats is the generator's, not a wish.
        if self.take_all(r"\b(?:no|without|avoid|fewer|less)\s+repeated\s+notes\b|(?:不要|没有|别|避免)(?:重复音|同音反复)"):
            self.answer("how often a note repeats cannot be asked for; it follows the level (steps, leaps and rhythm)",
                        "同音反复的多少不能单独指定，由等级（级进、跳进和节奏）决定")
        if self.take(r"\bwalking[\s-]+bass(?:\s+(?:line|style|part))?\b|行走低音"):
            self.answer("a walking bass line over chords is not available; this is a melody in the range asked for "
                        "(“only quarter notes” gives it a walking pace)",
                        "暂不支持爵士行走低音；这里生成所要音域里的旋律（可以说“只用四分音符”）")
        if self.take(r"\b(?:on\s+(?:the\s+)?|in\s+)?(?:staff|stave|standard|western)\s+notation\b|\bon\s+the\s+(?:staff|stave)\b|(?:用|要)?五线谱"):
            self.say("notation: staff (numbered notation can be chosen above the score in the studio)",
                     "记谱：五线谱（简谱可在练习室乐谱上方选择）")

    def _styles_of_others(self) -> None:
        """ "In the style of Bach", "周杰伦风格": a composer's or singer's style, answered once every other word is read."""
        m = self.take(r"\b(?:in\s+)?(?:the\s+)?style\s+of\s+([a-z][a-z.'-]*(?:\s+[a-z][a-z.'-]*)?)"
                      r"|\b(?:like|a\s+la|à\s+la)\s+((?!(?:[a-g](?:#|b)?|major|minor)\b)[a-z][a-z']+(?:\s+[a-z][a-z']+){0,3})(?=\s*(?:[,.;:!?]|$))"
                      r"|\b(?:like|a\s+la|à\s+la)\s+(bach|mozart|beethoven|haydn|handel|chopin|schubert|schumann|brahms|vivaldi|"
                      r"tchaikovsky|debussy|satie|joplin|the\s+beatles|taylor\s+swift)\b"
                      r"|\b(bach|mozart|beethoven|haydn|handel|chopin|schubert|vivaldi|debussy|baroque|renaissance|medieval|classical|"
                      r"romantic|impressionist|minimalist|k-pop|pop)(?:[\s-]+(?:style|like|ish|esque|era|period))\b",
                      lambda m: self.original(m, 1 if m.group(1) else 2)[:1].isupper() if m.group(1) or m.group(2) else True)
        name = self.original(m, next(g for g in (1, 2, 3, 4) if m.group(g))) if m else ""
        if not m:
            # "像茉莉花那样", "跟《小星星》一样": a piece to sound like.
            m = self.take(r"(?:像|类似于?|跟(?=\s*《))\s*《?([\u4e00-\u9fffa-z' ]{1,12}?)》?\s*(?:那样|一样|那种|似的|差不多)(?:的)?",
                          lambda m: bool(rx.sub(r"^(?:" + _FILLER_ZH + r")+", "", m.group(1).strip()))
                          and not rx.match(r"\s*(?:上次|刚才|之前|上一|这|那|前面|原来)", m.group(1)))
            name = self.original(m, 1).strip() if m else ""
        if not m:
            m = self.take(r"([\u4e00-\u9fff]{1,12})(?:的)?(?:风格|曲风)",
                          lambda m: bool(rx.sub(r"^(?:" + _FILLER_ZH + r")+", "", m.group(1))))
            name = rx.sub(r"^(?:" + _FILLER_ZH + r")+", "", self.original(m, 1)) if m else ""
        if m:
            self.answer(f"a style named after a composer, singer, piece or period ({name}) cannot be asked for; the drill "
                        "follows its key, meter and level",
                        f"暂不支持按“{name}”这类风格生成（作曲家、歌手、曲目或时代的风格）；练习按调、拍号和等级生成")

    def _accompaniment(self) -> None:
        """An accompaniment style in words ("with an Alberti bass", "柱式和弦伴奏"): the drill is accompanied so."""
        words = (("block", r"block(?:ed)?\s+chords?|chordal|柱式和弦"), ("alberti", r"alberti(?:\s+bass)?|阿尔贝蒂(?:低音)?"),
                 ("arpeggio", r"arpeggi(?:o|os|ated)|broken\s+chords?|分解和弦|琶音"), ("waltz", r"waltz|oom[\s-]?pah(?:[\s-]?pah)?|圆舞曲|华尔兹"),
                 ("march", r"march|进行曲"), ("ballad", r"ballad|抒情"), ("rock", r"rock|摇滚"), ("swing", r"swing|jazz|摇摆|爵士"),
                 ("bossa", r"bossa(?:\s+nova)?|波萨(?:诺瓦)?"), ("jig", r"jig|吉格"), ("hymn", r"hymn|赞美诗|圣咏"),
                 ("drone", r"drone|持续音"))
        accompanied = (r"(?:[\s-]+(?:style|bass|feel|groove|vibe))?\s*(?:piano\s+)?(?:accompaniment|accompanied|backing|left[\s-]hand)"
                       r"|(?:式|风格|风)?的?(?:钢琴)?(?:伴奏)")
        generic = (r"\b(?:with\s+|add\s+|and\s+)?(?:a\s+|an\s+|some\s+)?(?:piano\s+)?(?:accompaniment|backing(?:\s+track)?)\b"
                   r"|(?:加上|加|带|配上|配|要|有)?(?:钢琴)?伴奏")
        # "想要带伴奏的旋律，华尔兹风格": a style said apart from the word "accompaniment" counts when one is asked for.
        wants_accompaniment = bool(rx.search(r"accompan|backing|伴奏", self.t))
        # First a style next to the word "accompaniment" ("a waltz-time tune with an oom-pah accompaniment"),
        # then one said alone: Alberti, block chords, arpeggios, bossa nova, or any once an accompaniment is asked for.
        candidates = [(style, pattern, r"(?:" + pattern + r")(?:" + accompanied + r")") for style, pattern in words]
        candidates += [(style, pattern, r"(?:" + pattern + r")(?![a-z0-9])(?:[\s-]+(?:style|feel|groove|vibe)|风格|式|风)?")
                       for style, pattern in words
                       if style in ("alberti", "block", "arpeggio", "bossa") or (wants_accompaniment and style != "drone")]
        # "over a drone", "against a tonic drone": the drone is the accompaniment asked for.
        candidates += [("drone", "", r"(?<=over )(?:an?\s+|the\s+)?(?:tonic\s+)?drone(?:\s+note)?\b")]
        for style, _pattern, said in candidates:
            m = self.take(r"(?:\b(?:with|in|add|over)\s+|(?:配上|配|加上|带|用)(?:一个|一种|个)?)?(?:an?\s+)?" + said)
            if m:
                self.set("_style", style)
                en, zh = STYLE_NAMES[style]
                self.say(f"accompaniment: {en}", f"伴奏：{zh}")
                # A waltz or a jig accompaniment is in its dance's meter unless another is named.
                dance_meter = {"waltz": "3/4", "jig": "6/8"}.get(style)
                if dance_meter and not rx.search(r"\d\s*/\s*\d|[二三四六八九]{2}拍|分之", self.t):
                    self.set("meter", dance_meter)
                self.take_all(generic)  # "带伴奏…华尔兹风格": the wish for one, said apart
                return
        if self.take(r"\bswing(?:\s+(?:feel|style|groove|rhythm)\b|\s*(?:风格|风|感|节奏))|(?:^|(?<=[,;:.]))\s*swing\s*(?=[,;:.!?]|$)|\bswung(?:\s+(?:eighths|quavers|rhythm))?\b|\bswing\s+(?:eighths|quavers|8ths)\b|摇摆(?:风格|节奏|感)"):
            self.set("_style", "swing")
            self.say("swing: a swing accompaniment", "摇摆：摇摆伴奏")
            return
        if self.take(r"\bjazzy\b|\bjazz[\s-]+(?:style|feel)\b|爵士风(?:格)?|爵士味"):
            self.set("_style", "swing")
            self.set("syncopation", True)
            self.found.setdefault("target_rhythms", []).append("syncopation")
            self.say("jazzy: swing accompaniment and syncopation", "爵士风：摇摆伴奏、切分节奏")
            return
        if self.take(generic):
            self.say("accompaniment: every drill has one (block chords unless a style is named or chosen)",
                     "伴奏：每条练习都有伴奏（没说风格时是柱式和弦）")

    def _kind(self) -> None:
        for kind, pattern in (
            # "pentatonic scale", "scale degrees", "五声音阶" name notes, not a scale drill.
            ("scale", r"(?<!notes of the )(?<!notes of a )(?<!note of the )(?<!pentatonic )(?<!blues )(?<!whole-tone )(?<!whole tone )\bscales?(?!\s+degrees?)(?:\s+(?:drill|exercise|practice))?\b"
                      r"|(?<!五声)(?<!全音)音阶(?:练习|训练)?"),
            ("interval", r"\bintervals?\s+(?:(?:singing|sight[\s-]?singing|ear[\s-]?training|recognition)\s+)?(?:drill|exercise|practice|training)\b|音程(?:练习|训练)"
                         r"|\bear[\s-]?training\b(?=\s+(?:on|with|for)\s+(?:\w+\s+){0,2}(?:seconds|thirds|fourths|fifths|sixths|sevenths|octaves|intervals|tritones)\b)"
                         r"|\b(?:practi[cs]e|practi[cs]ing|work\s+on|train|improve|drill)\s+(?:my\s+|our\s+|the\s+|some\s+|on\s+)?intervals\b(?!\s+(?:of|up|within|no|not|smaller|bigger|larger|under))"
                         r"|(?:练练|练一下|练习|多练|训练)音程(?!练习)"),
            ("rhythm", r"\brhythm(?:s|ic)?[\s-]+(?:drill|exercise|practice|only|reading)\b(?:\s+(?:drill|exercise|practice))?"
                       r"|\b(?:just|only)\s+(?:the\s+)?rhythms?\b(?!\s+(?:of|pattern))|\b(?:clap(?:ping)?|tap(?:ping)?)\s+(?:drill|exercise|(?:the\s+)?rhythms?)\b|\bclap[\s-]?backs?(?:\s+rhythms?)?(?:\s+(?:drill|exercise|practice))?\b"
                       r"|(?:只练|纯|光练|单练)节奏(?:练习|训练)?|节奏(?:练习|训练)|拍手练习|打拍子练习"
                       r"|\b(?:practi[cs]e|work\s+on|improve)\s+(?:my\s+|our\s+|the\s+)?rhythm(?:\s+reading)?\b(?!\s+pattern)|(?:练练|练一下|练)节奏(?!型)"),
        ):
            if "kind" not in self.found and self.take(pattern):
                self.set("kind", kind)
                self.say(f"kind: {kind} drill", f"类型：{_KIND_ZH[kind]}")
        # "五声音阶练习", "a pentatonic scale exercise": a scale drill (the words before it name its notes, read later).
        if "kind" not in self.found and self.take(r"(?<=五声音阶)(?:练习|训练)|(?<=pentatonic scale)\s+(?:drill|exercise|practice)\b"):
            self.set("kind", "scale")
            self.say("kind: scale drill", f"类型：{_KIND_ZH['scale']}")
        # "练八度音程", "我想练上行的大六度音程": practising one interval named by its size is an interval drill (the
        # interval itself is read later, so nothing is taken here).
        if "kind" not in self.found and rx.search(r"练[^,.;:!?]{0,8}?度音程", self.t):
            self.set("kind", "interval")
            self.say("kind: interval drill", f"类型：{_KIND_ZH['interval']}")
        # "No pitches", "不要音高": the rhythm alone, said with the rhythm drill or instead of naming it.
        if self.found.get("kind", "rhythm") == "rhythm" and self.take(
                r"\b(?:no|without)\s+(?:pitch(?:es)?|notes\s+to\s+sing|melody)\b|(?:不要|没有|不用|不需要|不带)音高") \
                and "kind" not in self.found:
            self.set("kind", "rhythm")
            self.say("kind: rhythm drill (no pitches)", "类型：节奏练习（不要音高）")

    def _rhythm_pattern(self) -> None:
        word = r"(?:dotted[\s-]+)?(?:" + "|".join(_DURATION_WORDS) + r")(?:\s+notes?)?"
        m = self.take(r"(?:\brhythm(?:ic)?\s+(?:pattern|figure)s?|\bpattern|\brhythm\s*(?=:))\s*:?\s*((?:" + word + r"[\s,]*){2,})")
        zh = r"(?:附点)?(?:" + "|".join(sorted(_ZH_DURATIONS, key=len, reverse=True)) + r")"
        m_zh = None if m else self.take(r"节奏(?:型|模式)?\s*(?:为|是|:)?\s*((?:" + zh + r"[\s,、]*){2,})")
        values: list[str] = []
        if m:
            for w in rx.findall(r"(dotted[\s-]+)?(" + "|".join(_DURATION_WORDS) + r")", m.group(1)):
                values.append(("dotted-" if w[0] else "") + _DURATION_WORDS[w[1]])
        elif m_zh:
            for w in rx.findall(r"(附点)?(" + "|".join(sorted(_ZH_DURATIONS, key=len, reverse=True)) + r")", m_zh.group(1)):
                values.append(("dotted-" if w[0] else "") + _ZH_DURATIONS[w[1]])
        if not values:
            return
        for v in values:
            pattern_value(v)
        self.set("rhythm_pattern", values)
        total = sum(pattern_value(v) for v in values)
        beats = f"{float(total):g}"
        zh_names = " ".join(("附点" if v.startswith("dotted-") else "") + _ZH_DURATION_NAMES[v.removeprefix("dotted-")]
                            for v in values)
        self.say(f"rhythm pattern: {' '.join(values)} ({beats} quarter beats)", f"节奏型：{zh_names}（{beats} 拍）")

    def _rhythm_cells(self) -> None:
        """A rhythm cell by its name: "前八后十六", "an eighth and two sixteenths", "a gallop", "小切分": that cell to practise."""
        eighth, sixteenth = r"(?:eighth|quaver|8th)(?:\s+note)?", r"(?:sixteenth|semiquaver|16th)(?:\s+note)?s?"
        cells = (
            ("8th-16th-16th", r"\b(?:an?\s+|one\s+)?" + eighth + r"\s*(?:and|\+|-)\s*(?:two|2)\s+" + sixteenth + r"\b"
                              r"|\b" + eighth + r"-" + sixteenth + r"-" + sixteenth + r"\b|\bgallop(?:ing)?(?:\s+rhythms?)?\b"
                              r"|前八后十六|八后十六|后十六"),
            ("16th-16th-8th", r"\b(?:two|2)\s+" + sixteenth + r"\s*(?:and|\+|-)\s*(?:an?\s+|one\s+)?" + eighth + r"\b"
                              r"|\b" + sixteenth + r"-" + sixteenth + r"-" + eighth + r"\b|\breverse\s+gallop(?:ing)?(?:\s+rhythms?)?\b"
                              r"|前十六后八|十六后八|前十六"),
            ("syncopation", r"小切分|大切分"),
        )
        for tag, words in cells:
            if self.take_all(r"(?:节奏型?\s*(?:要有|要用|要|有|用|为|是)?\s*)?(?:" + words + r")(?:节奏型?|的节奏型?|figures?|rhythms?|patterns?)?"):
                if tag == "syncopation":
                    self.set("syncopation", True)
                    self.found.setdefault("target_rhythms", []).append("syncopation")
                    self.say("rhythm: syncopation (every two bars)", "节奏：切分（每两小节至少一次）")
                else:
                    self._rhythm_tag(tag)

    def _note_values(self) -> None:
        """Which note values the drill may use: "only quarter and half notes", "no sixteenths", "只用四分音符和二分音符"."""
        self._negated_lists()
        en = r"(?:(?:" + "|".join(_DURATION_WORDS) + r")s?|halves)"
        zh = r"(?:" + "|".join(sorted(_ZH_DURATIONS, key=len, reverse=True)) + r")(?:音符)?"
        # "whole notes and half notes only": "notes" may follow each value of the list.
        en_item = r"(?:" + en + r")(?:\s+notes?)?"
        only = self.take(r"\b(?:only|just)\s+(?:use\s+|using\s+)?(" + en_item + r"(?:\s*(?:,|and|&|or|\+)\s*" + en_item
                         + r")*)(?:\s+only)?\b|\b(" + en_item + r"(?:\s*(?:,|and|&|or|\+)\s*" + en_item
                         + r")*)\s+only\b")
        if only is None:
            only = self.take(r"\b(?:all|every\s+note\s+(?:is\s+)?an?)\s+((?:" + en + r")(?:\s*(?:,|and|&|or|\+)\s*" + en + r")*)(?:\s+notes?)?\b()")
        # "只要whole notes和half notes": the English names typed among Chinese words count as well.
        either = r"(?:" + zh + r"|" + en + r"(?:\s+notes?)?)"
        only_zh = None if only else self.take(r"(?:只用|只有|只要|只能用|仅用|全用|全是|全部是|都是|全部用)\s*((?:" + either
                                              + r")(?:\s*(?:和|与|及|、|,|或|and|&)\s*" + either + r")*)")
        if only or only_zh:
            words = (only.group(1) or only.group(2)) if only else only_zh.group(1)  # type: ignore[union-attr]
            # "halves": the one plural that is not the word with an s.
            table = {"halves": "half", **_DURATION_WORDS} if only else {"halves": "half", **_DURATION_WORDS, **_ZH_DURATIONS}
            names = sorted(table, key=len, reverse=True)
            values = {table[w] for w in rx.findall("|".join(names), words)}
            order = ["whole", "half", "quarter", "eighth", "16th"]
            chosen = [v for v in order if v in values]
            self.set("durations", chosen)
            self.set("dots", False)
            self.set("triplets", False)
            self.say(f"note values: only {', '.join(chosen)}", "时值：只用" + "、".join(_ZH_DURATION_NAMES[v] for v in chosen))
        # "Mostly quarters and eighths", "以八分和四分音符为主": values to use, not the only ones.
        en_list = r"((?:" + en + r")(?:\s+notes?)?(?:\s*(?:,|and|&|\+)\s*(?:" + en + r")(?:\s+notes?)?)*)"
        zh_list = r"((?:" + zh + r")(?:\s*(?:和|与|及|、|,)\s*" + zh + r")*)"
        for m in self.take_all(r"\b(?:mostly|mainly|largely|chiefly)\s+(?:using\s+|in\s+)?" + en_list + r"(?![a-z])"
                               r"|以\s*" + zh_list + r"\s*为主|(?:主要用|主要是|大多是|大部分是)\s*" + zh_list + r"(?:为主)?"
                               r"|" + zh_list + r"\s*为主"):
            words = next(g for g in m.groups() if g)
            table = _ZH_DURATIONS if rx.search(r"[\u4e00-\u9fff]", words) else {"halves": "half", **_DURATION_WORDS}
            names = sorted(table, key=len, reverse=True)
            mostly = [v for v in _NOTE_VALUE_ORDER if v in {table[w] for w in rx.findall("|".join(names), words)}]
            self.found.setdefault("_with_durations", []).extend(mostly)
            self.say(f"note values: mostly {', '.join(mostly)}", "时值：以" + "、".join(_ZH_DURATION_NAMES[v] for v in mostly) + "为主")
        for m in self.take_all(r"\b(?:no|without|avoid|not\s+any|never|(?:take|leave)\s+out(?:\s+the)?|remove(?:\s+the)?|drop(?:\s+the)?|lose(?:\s+the)?|ditch(?:\s+the)?|get\s+rid\s+of(?:\s+the)?)\s+(" + en + r")(?:\s+notes?)?\b"
                               r"|(?:不要|没有|别用|不用|避免|去掉|不能有)\s*(" + zh + r"|" + en + r"(?=\s+notes?\b|\s*(?:[,.;!?]|$)))(?:\s+notes?\b)?"):
            word = m.group(1) or m.group(2)
            value = next(v for k, v in {"halves": "half", **_DURATION_WORDS, **_ZH_DURATIONS}.items()
                         if rx.fullmatch(re.escape(k) + r"s?(?:音符)?", word))
            self.found.setdefault("_no_durations", []).append(value)
            self.say(f"note values: no {value} notes", f"时值：不用{_ZH_DURATION_NAMES[value]}音符")
        if self.take(r"\b(?:simple|easy|plain|basic|straightforward)\s+rhythms?\b|\brhythms?\s+(?:simple|easy|plain)\b"
                     r"|\brhythmically\s+(?:simple|easy|simpler)\b|\bsimpler\s+rhythms?\b|\brhythms?\s+simpler\b"
                     r"|节奏(?:要|要求|再)?(?:简单|容易|不要太复杂|别太复杂)(?:一点|一些|点|些)?|(?:简单|容易)的节奏"):
            for name in ("dots", "triplets", "syncopation"):
                self.set(name, False)
                self.found.setdefault("_no_rhythms", []).append(name)
            self.found.setdefault("_no_durations", []).append("16th")
            self.say("rhythm: simple (no dots, triplets, syncopation or sixteenths)", "节奏：简单（不用附点、三连音、切分和十六分音符）")
        # "with eighth notes", "和八分音符": a value named without "only" or "no" is one to use.
        # "lots of quavers", "with crotchets": the British names need no "notes" after them.
        british = r"(?:crotchet|quaver|minim|semibreve)s"
        for m in self.take_all(r"\b(?:lots\s+of|many|plenty\s+of|more|with|some|use|using)\s+(" + british + r")\b"):
            value = _DURATION_WORDS[m.group(1)[:-1]]
            self.found.setdefault("_with_durations", []).append(value)
            self.say(f"note values: with {value} notes", f"时值：用{_ZH_DURATION_NAMES[value]}音符")
        # "八分和十六分音符", "四分、八分音符": the values of a list share the 音符 written after the last one.
        values_zh = r"(?:全|二分|四分|八分|十六分)"
        for m in self.take_all(r"(?<!附点)(?<!十六)(?<!十)(二分|四分|八分)(?=\s*(?:和|与|跟|及|、|,)\s*(?:" + values_zh
                               + r"\s*(?:和|与|跟|及|、|,)\s*)*" + values_zh + r"音符)"):
            value = _ZH_DURATIONS[m.group(1)]
            self.found.setdefault("_with_durations", []).append(value)
            self.say(f"note values: with {value} notes", f"时值：用{_ZH_DURATION_NAMES[value]}音符")
        bare_en = r"(?:" + "|".join(w for w, v in _DURATION_WORDS.items() if v != "16th") + r")s?"
        bare_zh = r"(?:" + "|".join(sorted((w for w, v in _ZH_DURATIONS.items() if v != "16th"), key=len, reverse=True)) + r")音符"
        for m in self.take_all(r"(?<!dotted )(?<!dotted-)\b(" + bare_en + r")\s+notes?\b(?!\s+triplet)(?!\s*=)"
                               r"|(?<!附点)(?<!十六)(?<!十)(" + bare_zh + r")(?!三连音)"):
            word = (m.group(1) or m.group(2)).removesuffix("音符")
            value = {**_DURATION_WORDS, **_ZH_DURATIONS}.get(word) or _DURATION_WORDS[word[:-1]]
            self.found.setdefault("_with_durations", []).append(value)
            self.say(f"note values: with {value} notes", f"时值：用{_ZH_DURATION_NAMES[value]}音符")
        for name, pattern, en_word, zh_word in (
            ("dots", r"dotted(?:[\s-]+(?:quarter|crotchet|eighth|quaver|8th|half|minim)s?)?(?:\s+(?:notes?|rhythms?|stuff|things|figures?|patterns?|ones))?|dots", "dotted notes", "附点"),
            ("triplets", r"triplets?", "triplets", "三连音"),
            ("syncopation", r"syncopations?|syncopated\s+rhythms?", "syncopation", "切分"),
        ):
            zh_pattern = (r"[大小]?" if name == "dots" else "") + zh_word + r"(?:节奏|音符|音)?"
            if self.take(r"\b(?:no|without|avoid|not\s+any|(?:take|leave)\s+out(?:\s+the)?|remove(?:\s+the)?|drop(?:\s+the)?|lose(?:\s+the)?|ditch(?:\s+the)?|get\s+rid\s+of(?:\s+the)?)\s+(?:" + pattern + r")\b"
                         r"|(?:不要|没有|别用|不用|避免|去掉)\s*(?:" + zh_pattern + r"|(?:" + pattern + r")\b)"):
                self.set(name, False)
                self.found.setdefault("_no_rhythms", []).append(name)
                self.say(f"rhythm: no {en_word}", f"节奏：不用{zh_word}")

    def _negated_lists(self) -> None:
        """ "No triplets or sixteenths", "不要三连音和十六分音符": each item of a negated list is taken out (the list
        read item by item would leave the later items as wishes: sixteenths added where none were wanted)."""
        items = (("16th", r"sixteenths?(?:\s+notes?)?|16ths?(?:\s+notes?)?|semiquavers?|十六分(?:音符)?"),
                 ("eighth", r"eighths?(?:\s+notes?)?|quavers?|八分(?:音符)?"),
                 ("whole", r"whole\s+notes?|semibreves?|全音符"), ("triplets", r"triplets?|三连音"),
                 ("dots", r"dotted(?:[\s-]+(?:quarter|crotchet|eighth|quaver|8th|half|minim)s?)?(?:\s+(?:notes?|rhythms?|stuff|things|figures?|patterns?|ones))?|dots|附点(?:节奏|音符)?"),
                 ("syncopation", r"syncopations?|syncopated\s+rhythms?|切分(?:节奏|音)?"),
                 ("rests", r"rests?|休止符?"), ("ties", r"ties|tied\s+notes|连音线|延音线"))
        item = r"(?:" + "|".join(p for _, p in items) + r")"
        sep = r"\s*(?:,|and|or|nor|&|,\s*and|,\s*or|、|和|与|及|或|也不要|,?\s*no)\s*"
        for m in self.take_all(r"(?:\b(?:no|without|avoid|not\s+any|(?:take|leave)\s+out(?:\s+the)?|remove(?:\s+the)?|drop(?:\s+the)?)\s+|(?:不要|没有|别用|不用|避免|去掉)\s*)(" + item + r"(?:" + sep + item + r")+)(?![a-z])"):
            for word in rx.findall(item, m.group(1)):
                name = next(n for n, p in items if rx.fullmatch(p, word))
                if name in ("16th", "eighth", "whole"):
                    self.found.setdefault("_no_durations", []).append(name)
                    self.say(f"note values: no {name} notes", f"时值：不用{_ZH_DURATION_NAMES[name]}音符")
                elif name in ("triplets", "dots", "syncopation"):
                    self.set(name, False)
                    self.found.setdefault("_no_rhythms", []).append(name)
                    en, zh = {"triplets": ("triplets", "三连音"), "dots": ("dotted notes", "附点"),
                              "syncopation": ("syncopation", "切分")}[name]
                    self.say(f"rhythm: no {en}", f"节奏：不用{zh}")
                elif name == "rests":
                    self.set("rests", 0)
                    self.say("rests: none", "休止：无")
                else:
                    self.set("ties", False)
                    self.say("ties: none", "连音线：不用")

    def _key(self) -> None:
        """The key, from one clause or two ("minor, in G", "G, minor please")."""
        # "A happy tune in a minor key": the article, not A minor.
        m = self.take(r"\b(?:in\s+)?(a)\s+(major|minor)\s+(?:key|tonality)\b", lambda m: self.original(m, 1) == "a")
        if m:
            self.set("mode", m.group(2))
            self.say(f"mode: {m.group(2)}", f"调式：{ZH_MODE_NAMES[m.group(2)]}")
        # "not in C major", "anything but C": a key refused is not the key (another is taken if none is named).
        for m in self.take_all(r"\b(?:not\s+(?:in\s+)?|anything\s+but\s+(?:in\s+)?|any\s+key\s+(?:except|but|other\s+than)\s+(?:in\s+)?|no\s+more\s+)"
                               r"(?:the\s+key\s+of\s+)?" + _NOTE + r"(?:\s+(major|minor))?(?![a-z0-9#])(?:\s+again)?",
                               lambda m: self.original(m, 1).isupper()):
            refused = _note_name(m.group(1), m.group(2) or m.group(3))
            self.set("_not_key", (refused, m.group(4)))
            words = f"{refused} {m.group(4)}" if m.group(4) else refused
            self.say(f"key: not {words}", f"调：不用{words}")
        self._key_once()
        if "key" in self.found and self.found.get("_mode_defaulted"):
            words = "|".join(sorted(_MODE_WORDS, key=len, reverse=True))
            m = self.take(r"\b(?:in\s+)?(?:a\s+|the\s+)?(" + words + r")(?:[\s-]+(?:mode|key|scale|tonality))?\b")
            if m:
                self.understood.pop()  # the key line, said again with its mode
                self._set_key(self.found["key"][0], self.found["key"][1:], _MODE_WORDS[m.group(1)])
        elif "mode" in self.found and "key" not in self.found:
            self._key_once()
        # "in C major and A minor", "C大调和a小调": two keys at once; the first is kept, the second answered.
        if "key" in self.found:
            m = self.take(r"\b(?:and|&|plus)\s+(?:in\s+)?(?:also\s+)?" + _NOTE + r"\s+(major|minor)\b(?:\s+at\s+the\s+same\s+time)?"
                          r"|(?:和|与|跟|还有|以及)\s*(升|降)?([a-g])(#|♯|b|♭)?\s*(大调|小调)(?:同时)?",
                          lambda m: m.group(1) is None or self.original(m, 1) != "a" or bool(m.group(2) or m.group(3)))
            if m:
                said = self.original(m).strip()
                first = f"{self.found['key']} {self.found['mode']}"
                self.answer(f"a drill is in one key; “{said}” is a second, so this one is in {first}",
                            f"练习只能在一个调里；“{said}”是第二个调，这里用{key_name_zh(self.found['key'], self.found['mode'])}")
        # "E minor, harmonic minor": a second clause names the form of the minor key already read.
        if "key" in self.found and self.found.get("mode") == "minor":
            m = self.take(r"\b(harmonic|melodic|natural)\s+minor\b(?:\s+(?:form|scale|version))?")
            if m:
                self.understood.pop()
                self._set_key(self.found["key"][0], self.found["key"][1:], _MODE_WORDS[m.group(1) + " minor"])
        # "e小调，和声小调", "G调，小调": a second clause names the form of the key already read.
        if "key" in self.found:
            minor_forms = ("minor", "harmonic-minor", "melodic-minor")
            modes_zh = "|".join(sorted(_ZH_MODES, key=len, reverse=True))
            m = self.take(r"(?<![a-g#♯♭调])(" + modes_zh + r")(?:调式)?",
                          lambda m: bool(self.found.get("_mode_defaulted"))
                          or (self.found["mode"] == "minor" and _ZH_MODES[m.group(1)] in minor_forms))
            if m:
                self.understood.pop()
                self._set_key(self.found["key"][0], self.found["key"][1:], _ZH_MODES[m.group(1)])

    def _signature_count(self) -> None:
        """A key given by its signature ("a key signature with two sharps", "调号两个升记号", "三个降号的小调"): the major
        key with that many sharps or flats, or the minor one when minor is said alone."""
        count = r"(\d|one|two|three|four|five|six|seven|[一二两三四五六七])"
        m = self.take(r"\b(?:(?:a\s+|the\s+)?key\s+signature\s+(?:with|of|has|having)\s+)" + count + r"\s+(sharp|flat)s?\b"
                      r"|\b" + count + r"\s+(sharp|flat)s?\s+in\s+the\s+(?:key\s+)?signature\b"
                      r"|(?:调号\s*(?:是|为|有)?\s*)" + count + r"\s*个\s*(升|降)(?:记)?号"
                      r"|" + count + r"\s*个\s*(升|降)(?:记)?号\s*的?(?=\s*(?:大调|小调))"
                      # "a key with 3 sharps", "in 2 flats", "a 4-flat key", "three sharps, major": a count of sharps or
                      # flats with no note named is a signature.
                      r"|\b(?:(?:a|the)\s+)?key\s+(?:with|of|that\s+has|having|in)\s+" + count + r"\s+(sharp|flat)s?\b"
                      r"|\bin\s+" + count + r"\s+(sharp|flat)s?\b(?!\s*(?:and|or|&))"
                      r"|\b" + count + r"[\s-](sharp|flat)s?\s+(?:key|signature)\b"
                      r"|\b" + count + r"\s+(sharp|flat)s?\b(?=\s*(?:[,.;!?)]|$|major\b|minor\b))")
        if m is None:
            return
        said = next(g for g in m.groups()[0::2] if g)
        way = next(g for g in m.groups()[1::2] if g)
        number = int(said) if said.isdigit() else _NUMBERS.get(said) or _ZH_DIGITS.get(said, 0)
        # The mode may be said anywhere ("2 flats, minor key"); a mode word after a note name is that key's, not this.
        mode_word = self.take(r"(?<![a-g#♯♭升降])\s*(大调|小调)|(?:\b(?:in\s+)?(?:a\s+)?)?\b(major|minor)\b(?:\s+(?:key|mode|tonality))?(?!\s+(?:scale|sixth|third|second|seventh))",
                              lambda m: m.group(1) is not None or not rx.search(r"\b[a-g](?:#|♯|b|♭|\s+sharp|\s+flat)?\s*$", self.t[: m.start()], re.ASCII))
        minor = mode_word is not None and (mode_word.group(1) == "小调" or mode_word.group(2) == "minor")
        key = Key.from_fifths(number if way in ("sharp", "升") else -number, minor=minor)
        letter, accidental = _split_note(key.tonic)
        self._set_key(letter.lower(), accidental, key.mode)
        self.set("_signature", (key.fifths, len(self.understood) - 1, self.original(m).strip()))

    def _signature_and_key(self) -> None:
        """ "G major, 1 sharp", "C major with two sharps": a key named beside a count of sharps or flats is the key; the
        count is said once with it when they agree, and answered when they do not."""
        signature = self.found.pop("_signature", None)
        if signature is None:
            return
        fifths, line, said = signature
        if not any(text.startswith(("key:", "调：")) for text in self.understood[line + 1 :]):
            return  # no other key named: the signature's key stands
        del self.understood[line]
        named = make_key(self.found["key"], self.found.get("mode", "major"))
        if named.fifths != fifths:
            self.answer(f"{self.found['key']} {self.found['mode']} does not have {said} in its key signature; the key named is kept",
                        f"{key_name_zh(self.found['key'], self.found['mode'])}的调号不是“{said}”；保留所说的调")

    def _signature_words(self) -> None:
        """ "No sharps other than F#", "除了升F不要其他升号": the key signature's notes and no accidentals; with no key
        named, the key of that signature (in the mode asked for)."""
        note = r"(?:升|降)?[a-g](?:#|♯|b(?![a-z])|♭|\s+sharp|\s+flat|-sharp|-flat)?"
        items = note + r"(?:\s*(?:,|and|&|、|和|与)\s*" + note + r")*"
        m = self.take(r"\b(?:no|without|not\s+any)\s+(?:other\s+)?(?:sharps|flats|accidentals)\s+(?:other\s+than|except(?:\s+for)?|besides|apart\s+from|but)\s+(?:the\s+)?(" + items + r")(?![a-z0-9])"
                      r"|\b(?:the\s+)?only\s+(?:sharps?|flats?|accidentals?)\s+(?:is|are|being|should\s+be)\s+(" + items + r")(?![a-z0-9])"
                      r"|除了\s*(" + items + r")\s*(?:以外|之外)?\s*(?:不要|没有|别用|不用|不能有)(?:其他|其它|别的)?的?(?:升号|降号|升降号|临时记号|变化音)")
        # "White notes only", "只用白键": the signature with no sharps or flats.
        white = None if m else self.take(r"\b(?:only\s+|just\s+)?(?:the\s+)?white\s+(?:notes|keys)(?:\s+only)?\b|(?:只用|只弹|只有)?白键(?:上的音)?")
        if m is None and white is None:
            return
        words = next(g for g in m.groups() if g) if m else ""
        notes = []
        for n in rx.finditer(r"(?<![a-z])(升|降)?([a-g])(#|♯|b(?![a-z])|♭|\s+sharp|\s+flat|-sharp|-flat)?(?![a-z])", words):
            acc = (n.group(1) or n.group(3) or "").strip().lstrip("-")
            notes.append(n.group(2).upper() + {"#": "#", "♯": "#", "sharp": "#", "升": "#", "b": "b", "♭": "b", "flat": "b", "降": "b"}.get(acc, ""))
        sharps, flats = "FCGDAEB", "BEADGCF"
        fifths = None
        if all(n.endswith("#") for n in notes) and {n[0] for n in notes} == set(sharps[: len(notes)]):
            fifths = len(notes)
        elif all(n.endswith("b") for n in notes) and {n[0] for n in notes} == set(flats[: len(notes)]):
            fifths = -len(notes)
        self.set("accidentals", False)
        listed = ", ".join(notes) or ("白键" if self.zh else "white notes")
        if "key" not in self.found and fifths is not None:
            mode = self.found.get("mode", self.default_mode)
            # The mode's tonic under that signature: D for dorian on the white notes.
            degree = {"dorian": 2, "phrygian": 3, "lydian": 4, "mixolydian": 5, "minor": 6, "harmonic-minor": 6,
                      "melodic-minor": 6, "aeolian": 6, "locrian": 7, "shang": 2, "jue": 3, "zhi": 5, "yu": 6,
                      "minor-pentatonic": 6}.get(mode, 1)
            tonic = altered_degree(Key.from_fifths(fifths).tonic, degree, 0)
            self._set_key(*_split_note(tonic), None if "mode" in self.found else mode)
        if "key" in self.found and fifths is not None \
                and make_key(self.found["key"], self.found.get("mode", "major")).fifths != fifths:
            self.answer(f"the key of {self.found['key']} {self.found['mode']} has another signature than {listed}; "
                        "its own is kept, with no other accidentals",
                        f"{key_name_zh(self.found['key'], self.found['mode'])}的调号不是 {listed}；保留它自己的调号，不用其他临时记号")
        elif fifths is None:
            self.answer(f"{listed} is not a key signature; the drill keeps its key's own, with no other accidentals",
                        f"{listed} 不是一个调号；练习保留所在调的调号，不用其他临时记号")
        self.say(f"accidentals: none besides the key signature ({listed})", f"临时记号：除调号（{listed}）外不用")

    def _modal(self) -> None:
        """ "A modal tune": a church mode (dorian unless one is named); read before a tonic ("a modal tune, on G")."""
        if self.take(r"\b(?:modal|church\s+modes?|modally)\b(?:\s+(?:flavou?r|feel|sound|colou?r))?|调式色彩|调式感") \
                and ("mode" not in self.found or self.found.get("_mode_defaulted")) and not self.found.get("_pentatonic"):
            self._set_mode_keeping_key("dorian")
            self.say("modal: dorian (name another mode to choose it)", "调式风格：多利亚调式（可以指定其他调式）")

    def _key_once(self) -> None:
        # Chinese: 升F小调, D多利亚, C调, bE大调, A和声小调, 以D为主音的多利亚调式
        modes_zh = "|".join(sorted(_ZH_MODES, key=len, reverse=True))
        # "不要C大调，要G大调": a key refused is not the key.
        for refused in self.take_all(r"(?:不要|不用|别用|别|不是|不想要)\s*(?:用|在)?\s*((?:升|降|#|♯|b|♭)?[a-g](?:#|♯|b|♭)?\s*(?:" + modes_zh + r")(?:调式|调)?)"):
            self.say(f"key: not {self.original(refused, 1)}", f"调：不用{self.original(refused, 1)}")
        m = self.take(r"(升|降|#|♯|b|♭)?([a-g])(#|♯|b|♭)?\s*(" + modes_zh + r")(?:调式|调)?")
        if m:
            self._set_key(m.group(2), m.group(1) or m.group(3), _ZH_MODES[m.group(4)])
            return
        m = self.take(r"\b(?:on|from|starting on)\s+" + _NOTE + r"(?![a-z0-9])", self.not_article(1, 2, 3)) \
            if "mode" in self.found else None
        if m:
            self.understood_mode_pop()
            self._set_key(m.group(1), m.group(2) or m.group(3), self.found["mode"])
            return
        m = self.take(r"以\s*(升|降)?([a-g])(#|♯|b|♭)?\s*为主音的?\s*(" + modes_zh + r")(?:调式|调)?")
        if m:
            self._set_key(m.group(2), m.group(1) or m.group(3), _ZH_MODES[m.group(4)])
            return
        # "bE调", "#F调": a flat or sharp sign before the letter, as 简谱 writes "1=bE", is the same key as "降E调".
        m = self.take(r"(升|降|#|♯|b|♭)?([a-g])(#|♯|b|♭)?\s*调(?!式)")
        if m:
            self._set_key(m.group(2), m.group(1) or m.group(3), None)
            return
        # Short forms: "G maj", "E min.", "Bbm", "F#m" (a capital letter: "am" is not A minor).
        m = self.take(r"(?<![a-z])([a-g])(#|♯|b|♭|\s+sharp|\s+flat|-sharp|-flat)?\s*(maj|min)\.?(?![a-z])"
                      r"|(?<![a-z])([a-g])(#|♯|b|♭)?(m)(?![a-z0-9#])(?!\s+i\b)",
                      lambda m: self.original(m, 1 if m.group(1) else 4).isupper() and (bool(m.group(3)) or self.original(m, 6) == "m"))
        if m:
            if m.group(1):
                self._set_key(m.group(1), m.group(2), "major" if m.group(3) == "maj" else "minor")
            else:
                self._set_key(m.group(4), m.group(5), "minor")
            return
        words = "|".join(sorted(_MODE_WORDS, key=len, reverse=True))
        # "dorian on D", "the Dorian mode starting on D", "Phrygian from E"
        m = self.take(r"\b(" + words + r")(?:\s+(?:mode|melody|tune|scale|exercise|piece|drill|line))?\s+(?:on|from|starting on|based on|with tonic|with a tonic of)\s+"
                      + _NOTE + r"(?![a-z0-9])")
        if m:
            self._set_key(m.group(2), m.group(3) or m.group(4), _MODE_WORDS[m.group(1)])
            return
        # "mixolydian G", "Dorian D": the mode, then its tonic
        before = self.t
        m = self.take(r"(?<![a-g#♯♭]\s)(?<![a-g#♯♭])(?<!flat\s)(?<!sharp\s)\b(" + words + r")(?:\s+mode)?\s*[,:]?\s+"
                      + _NOTE + r"(?![a-z0-9#'])", self.not_article(2, 3, 4))
        if m and (m.group(1) not in ("major", "minor") or self.original(m, 2).isupper()):
            self._set_key(m.group(2), m.group(3) or m.group(4), _MODE_WORDS[m.group(1)])
            return
        self.t = before  # "minor, e.g." is not a key: only a modal name or a capital letter names the tonic
        # "in D minor", "key of Eb", "in the key of F# major", "D dorian", "B-flat major"
        m = self.take(r"\b(?:in|key of|in the key of|key)\s+" + _NOTE + r"(?:\s+(" + words + r")(?:\s+mode)?)?(?![a-z0-9#])",
                      self.not_article(1, 2, 3, 4))
        if m is None:
            m = self.take(r"(?<![a-z])" + _NOTE + r"\s+(" + words + r")(?:\s+(?:mode|scale|key))?\b", self.not_article(1, 2, 3))
        if m:
            mode = m.group(4)
            self._set_key(m.group(1), m.group(2) or m.group(3), _MODE_WORDS[mode] if mode else None)
            return
        m = self.take(r"\b(?:in\s+)?(?:a\s+|the\s+)?(" + words + r")(?:[\s-]+(?:mode|key|scale|tonality))?\b")
        if m:
            self.set("mode", _MODE_WORDS[m.group(1)])
            mode = self.found["mode"]
            self.say(f"mode: {mode}", f"调式：{ZH_MODE_NAMES[mode]}")
            return
        # A clause that is only a note name in capitals ("level 2, G", "Bb, 4 bars") names the key.
        m = self.take(r"(?:^|(?<=[,;:.]))\s*([a-g])(#|♯|b|♭|\s+sharp|\s+flat|-sharp|-flat)?\s*(?=[,;:.!?]|$)",
                      lambda m: self.original(m, 1).isupper())
        if m:
            self._set_key(m.group(1), m.group(2), None)
            return
        modes_only = self.take(r"(" + modes_zh + r")(?:调式)?")
        if modes_only:
            mode = _ZH_MODES[modes_only.group(1)]
            self.set("mode", mode)
            self.say(f"mode: {mode}", f"调式：{ZH_MODE_NAMES[mode]}")

    def _key_moves(self) -> None:
        """A key named by its relation to the drill's key (or to one named): "the relative minor", "transpose it up a
        tone", "换成关系小调", "升高一个全音"."""
        # "The same key as last time", "跟上次一样的调": the key kept, and said so.
        if self.take(r"\b(?:in\s+)?(?:the\s+)?same\s+key(?:\s+as\s+(?:last\s+time|before|the\s+last\s+one|the\s+previous\s+one))?\b|\bkeep\s+the\s+(?:same\s+)?key\b"
                     r"|(?:跟|和|与)?(?:上次|上一条|刚才|之前|原来)(?:一样|相同)的?调(?:子)?|同一个调|调(?:不变|别变|不要变)"):
            self.say(f"key: the same ({self.default_key} {MODE_TITLES.get(self.default_mode, self.default_mode)})",
                     f"调：不变（{key_name_zh(self.default_key, self.default_mode)}）")
        m = self.take(r"\b(?:(?:in|to|into)\s+)?(?:the\s+|its\s+|a\s+)?(relative|parallel|tonic)\s+(major|minor)\b(?:\s+key)?"
                      r"(?:\s+of\s+" + _NOTE + r"(?:\s+(?:major|minor))?(?![a-z0-9#]))?"
                      r"|(?:换成|改成|变成|转成|改为|用)?(关系|同主音|同名)(大|小)调")
        if m:
            relation = m.group(1) or {"关系": "relative", "同主音": "parallel", "同名": "parallel"}[m.group(6)]
            mode = m.group(2) or {"大": "major", "小": "minor"}[m.group(7)]
            tonic = _note_name(m.group(3), m.group(4) or m.group(5)) if m.group(3) else self.default_key
            base = make_key(tonic, "minor" if mode == "major" else "major")
            if relation == "relative":
                tonic = Key.from_fifths(base.fifths, minor=mode == "minor").tonic
            self._set_key(*_split_note(tonic), mode)
            return
        # "an octave lower", "transpose it up an octave", "低八度": the same key, the range an octave away.
        m = self.take(r"\b(?:transpos(?:e|ed|ing)\s+(?:it\s+)?|move\s+it\s+|put\s+it\s+)?(up|down)\s+(?:by\s+)?(?:an|one)\s+octave\b"
                      r"|(?<![a-g]\s)\b(?:an|one)\s+octave\s+(higher|lower|up|down)\b|(?:整体)?(?:移|升|降)?(高|低)(?:一个)?八度(?!跳|音程|以内|之内|的)",
                      # "From middle C to an octave up" is a range's top, read with the range.
                      lambda m: not rx.search(r"\b(?:from|between)\s+" + self._PITCH_WORDS + r"\s*(?:and|to|up\s+to)\s*$",
                                              self.t[: m.start()], re.ASCII))
        if m:
            way = m.group(1) or m.group(2) or m.group(3)
            shift = 12 if way in ("up", "higher", "高") else -12
            self.set("_octave_shift", shift)
            self.say(f"range: an octave {'higher' if shift > 0 else 'lower'}", f"音域：{'高' if shift > 0 else '低'}八度")
        steps = {"semitone": 1, "half step": 1, "half-step": 1, "halftone": 1, "tone": 2, "whole tone": 2,
                 "whole step": 2, "whole-step": 2, "minor third": 3, "major third": 4, "third": 4,
                 "perfect fourth": 5, "fourth": 5, "perfect fifth": 7, "fifth": 7,
                 "半音": 1, "全音": 2, "小三度": 3, "大三度": 4, "三度": 4, "纯四度": 5, "四度": 5, "纯五度": 7, "五度": 7}
        sizes = "|".join(sorted(steps, key=len, reverse=True))
        m = self.take(r"\btranspos(?:e|ed|ing)\s+(?:it\s+|this\s+|that\s+|the\s+(?:last|previous|same)?\s*(?:melody|tune|drill|one)\s+)?(up|down)\s+(?:by\s+)?(?:an?\s+|one\s+)?(" + sizes + r")\b"
                      r"|\b(?:(?:move|put|take|shift)\s+it\s+)?(up|down)\s+(?:by\s+)?(?:an?\s+|one\s+)(semitone|half[\s-]step|tone|whole[\s-](?:tone|step))\b"
                      r"|\b(?:an?\s+|one\s+)(semitone|half[\s-]step|tone|whole[\s-](?:tone|step))\s+(higher|lower|up|down)\b"
                      r"|(?:整体|全部|整首|把调)?(?:移调)?(?:,\s*)?(升高|降低|移高|移低|调高|调低|升|降)\s*(?:一个)?(" + sizes + r")")
        if m:
            way = m.group(1) or m.group(3) or m.group(6) or m.group(7) or ""
            size = rx.sub(r"[\s-]+", " ", m.group(2) or m.group(4) or m.group(5) or m.group(8))
            semitones = steps.get(size, steps.get(size.replace(" ", "-"), 2))
            if way in ("down", "lower", "降低", "移低", "调低", "降"):
                semitones = -semitones
            tonic = _transposed_tonic(self.default_key, self.default_mode, semitones)
            self._set_key(*_split_note(tonic), self.default_mode)
            self.say(f"transposed {'up' if semitones > 0 else 'down'} {abs(semitones)} semitone{'s' if abs(semitones) > 1 else ''} "
                     f"from {self.default_key}",
                     f"从{key_name_zh(self.default_key, self.default_mode)}{'升高' if semitones > 0 else '降低'} {abs(semitones)} 个半音")

    def _pentatonic(self) -> None:
        """Pentatonic words: "G major pentatonic", "pentatonic in A minor", "D zhi", "五声音阶", "A羽调式", "C宫系统".

        A tonic with its mode is the key at once; "pentatonic" or "五声" alone turns the key the request
        (or the drill being refined) is in into its pentatonic form once every clause is read.
        """
        chinese = "|".join(_ZH_PENTATONIC)
        m = self.take(r"(?:以\s*)?(升|降|#|♯|b|♭)?([a-g])(#|♯|b|♭)?\s*(?:宫系统|宫系|为宫)的?")
        if m:
            self.set("_gong", _note_name(m.group(2), m.group(1) or m.group(3)))
        # 简谱's "1=G": do is G (the 宫 of a pentatonic mode; the key of a seven-note one).
        m = self.take(r"(?<![\d.])1\s*=\s*(升|降|#|♯|b|♭)?([a-g])(#|♯|b(?![a-z])|♭)?")
        if m:
            self.set("_do", _note_name(m.group(2), m.group(1) or m.group(3)))
        m = self.take(r"(升|降|#|♯|b|♭)?([a-g])(#|♯|b|♭)?\s*(" + chinese + r")(?:调式|调)?(?:[(（]五声[)）])?")
        if m:
            self._set_key(m.group(2), m.group(1) or m.group(3), _ZH_PENTATONIC[m.group(4)])
            return
        m = self.take(r"(" + chinese + r")(?:调式|调)(?:[(（]五声[)）])?")
        if m:
            self._pentatonic_mode(_ZH_PENTATONIC[m.group(1)])
            return
        names = "gong|shang|jue|zhi|yu"
        m = self.take(r"(?<![a-z])" + _NOTE + r"[\s-]+(" + names + r")(?:[\s-]+(?:mode|pentatonic|scale))*\b")
        if m is None:
            m = self.take(r"\b(" + names + r")(?:[\s-]+(?:mode|pentatonic|scale))*\s+(?:on|in|from|starting on)\s+"
                          + _NOTE + r"(?![a-z0-9])")
            if m:
                self._set_key(m.group(2), m.group(3) or m.group(4), m.group(1))
                return
        else:
            self._set_key(m.group(1), m.group(2) or m.group(3), m.group(4))
            return
        m = self.take(r"\b(" + names + r")(?:[\s-]+(?:mode|pentatonic|scale))+\b")
        if m:
            self._pentatonic_mode(m.group(1))
            return
        quality = r"(?:(major|minor)[\s-]+)?pentatonic(?:\s+(?:scales?|modes?))?"
        m = self.take(r"(?<![a-z])" + _NOTE + r"\s+" + quality + r"\b",
                      lambda m: self.original(m, 1) != "a" or bool(m.group(2) or m.group(3) or m.group(4)))
        if m:
            self._set_key(m.group(1), m.group(2) or m.group(3), f"{m.group(4) or 'major'}-pentatonic")
            return
        m = self.take(r"\b" + quality + r"\s+(?:in|on|from|starting on)\s+" + _NOTE + r"(?:\s+(major|minor))?(?![a-z0-9#])",
                      self.not_article(2, 3, 4, 5))
        if m:
            family = m.group(1) or m.group(5) or "major"
            self._set_key(m.group(2), m.group(3) or m.group(4), f"{family}-pentatonic")
            return

    def _pentatonic_words(self) -> None:
        """ "pentatonic", "五声音阶", "民族调式" left once the keys are read: the key's pentatonic form."""
        quality = r"(?:(major|minor)[\s-]+)?pentatonic(?:\s+(?:scales?|modes?))?"
        # "小调五声音阶" is the minor pentatonic; "a小调五声音阶" leaves "a小调" to name the key.
        pattern = (r"\b" + quality + r"\b|(?<![a-g#♯♭\s])\s*(大调|小调)的?(?:民族)?五声(?:音阶|调式|旋律)?"
                      r"|(?:民族)?五声(?:音阶|调式|旋律)?(?:[(（]?(大调|小调)[)）]?)?|(?:民族|中国)调式|中国风(?:格)?|民族风(?:格)?")
        # "中国风的旋律，五声调式": said twice, in two words, is one wish.
        found = self.take_all(pattern)
        m = next((f for f in found if f.group(1) or f.group(2) or f.group(3)), found[0] if found else None)
        if m:
            family = m.group(1) or {"大调": "major", "小调": "minor"}.get(m.group(2) or m.group(3) or "", "")
            self.set("_pentatonic", family or True)

    def _pentatonic_mode(self, mode: str) -> None:
        """A pentatonic mode named without its tonic ("徵调式", "zhi mode"): the tonic comes later or from the 宫."""
        self.set("mode", mode)
        en, zh = _pentatonic_mode_lines(mode)
        self.say(en, zh)

    def _pentatonic_key(self) -> None:
        """After every clause: settle the pentatonic key from what was said, in whatever order."""
        wish = self.found.pop("_pentatonic", None)
        do = self.found.pop("_do", None)
        gong = self.found.pop("_gong", None) or do
        mode = self.found.get("mode")
        if wish is True and self.found.get("_mood") in ("sad", "happy"):
            wish = "minor" if self.found["_mood"] == "sad" else "major"  # a sad pentatonic tune is in yu
        if wish is not None and mode not in PENTATONIC_MODES:
            # "pentatonic" said of a key: its pentatonic form (D dorian -> D shang); of no key, the drill's own.
            if self.found.get("_mode_defaulted") or mode is None:
                mode = wish if isinstance(wish, str) else mode or self.default_mode
            pentatonic = _PENTATONIC_OF.get(mode)
            if pentatonic is None:
                raise InvalidParams(f"mode: {mode} has no pentatonic form; ask for major or minor pentatonic, "
                                    "or gong, shang, jue, zhi or yu")
            if self.zh:
                pentatonic = {"major-pentatonic": "gong", "minor-pentatonic": "yu"}.get(pentatonic, pentatonic)
            key = self.found.get("key")
            if key is None and gong is not None:
                key = _tonic_in_gong(gong, pentatonic)
            self.understood_key_pop()
            self.found.pop("mode", None)
            self._set_key(*_split_note(key or self.default_key), pentatonic)
            mode = pentatonic
        if mode not in PENTATONIC_MODES:
            if gong is not None and "key" not in self.found:
                # "G宫系统" alone is G gong; "1=G" alone is the key of G.
                self._set_key(*_split_note(gong), None if gong == do else "gong")
            return
        if "key" not in self.found:
            # A mode named alone sits in the 宫 asked for, else in the 宫 of the key the drill keeps (C).
            home = gong or Key.from_fifths(make_key(self.default_key, self.default_mode).fifths).tonic
            self.understood_mode_pop()
            self._set_key(*_split_note(_tonic_in_gong(home, mode)), mode)
        elif gong is not None:
            actual = Key.from_fifths(make_key(self.found["key"], mode).fifths).tonic
            if actual != gong:
                raise InvalidParams(f"key: the 宫 (do) of {self.found['key']} {mode} is {actual}, not {gong}")

    def understood_key_pop(self) -> None:
        """Take back the key line said last (a later clause restates the key)."""
        for i in range(len(self.understood) - 1, -1, -1):
            if self.understood[i].startswith(("key:", "调：", "mode:", "调式：")):
                del self.understood[i]
                return

    def _note_list(self) -> None:
        """Two or more note names in capitals as a clause of their own ("F#, C# and G#") are notes to practise."""
        one = r"(?:升|降)?[a-g](?:#|♯|b(?![a-z])|♭|\s+sharp|\s+flat|-sharp|-flat)?\d?(?![a-z])"
        note = r"(?<![a-z])(升|降)?([a-g])(#|♯|b(?![a-z])|♭|\s+sharp|\s+flat|-sharp|-flat)?(\d)?(?![a-z])"

        def capitals(m: re.Match[str]) -> bool:
            return all(self.raw[m.start(1) + n.start(2)].isupper() for n in rx.finditer(note, m.group(1)))

        m = self.take(r"(?:^|(?<=[,;:.]))\s*(" + one + r"(?:\s*(?:,|and|&|、|和)\s*" + one + r")+)\s*(?=[,;:.!?]|$|\s+please\b)",
                      capitals)
        if m is None:
            return
        start = m.start(1)
        for n in rx.finditer(note, m.group(1)):
            acc = (n.group(1) or n.group(3) or "").strip().lstrip("-")
            sign = {"#": "#", "♯": "#", "sharp": "#", "升": "#", "b": "b", "♭": "b", "flat": "b", "降": "b"}.get(acc, "")
            name = self.raw[start + n.start(2)].upper() + sign + (n.group(4) or "")
            parse_target_note(name)
            targets = self.found.setdefault("target_notes", [])
            if name not in targets:
                targets.append(name)
                zh_name = ("升" if sign == "#" else "降" if sign == "b" else "") + name.rstrip("#b")
                self.say(f"target note: {name} (at least once every two bars)", f"目标音：{zh_name}（每两小节至少一次）")

    def _tonic(self) -> None:
        """A tonic named apart from the mode: "Dorian mode, tonic D", "多利亚调式，以D为主音"."""
        if "key" in self.found:
            return
        m = self.take(r"\b(?:on|from|starting on)\s+" + _NOTE + r"(?![a-z0-9])", self.not_article(1, 2, 3)) \
            if "mode" in self.found or "_pentatonic" in self.found else None
        if m is None:
            # "for alto sax in concert Eb": the key at concert pitch.
            m = self.take(r"\b(?:in\s+)?concert\s+(?:pitch\s+)?" + _NOTE + r"(?![a-z0-9#])", lambda m: self.original(m, 1).isupper())
        if m is None:
            # "换成降E", "改成G": a key named by its tonic alone, as a change.
            m = self.take(r"(?:换成|改成|换到|改到|变成|转成|移到|移调到)\s*(升|降)?([a-g])(#|♯|b(?![a-z])|♭)?(?:调)?(?![a-z0-9#])")
            if m:
                self.understood_mode_pop()
                self._set_key(m.group(2), m.group(1) or m.group(3), self.found.get("mode"))
                return
        if m is None:
            # "a tune on G", "a scale on D": the tonic of the piece named just before.
            m = self.take(r"\b(?:on|of)\s+" + _NOTE + r"(?![a-z0-9#])",
                          lambda m: self.original(m, 1).isupper() and bool(rx.search(
                              r"\b(?:tune|melody|melodies|scales?|drill|exercise|piece|something|one|arpeggios?|key|mode)\s+(?:\w+\s+)?$",
                              self.raw[: m.start()].lower())))
        if m:
            self.understood_mode_pop()
            self._set_key(m.group(1), m.group(2) or m.group(3), self.found.get("mode"))
            return
        m = self.take(r"(?<![a-z])(?:以\s*)?(升|降)?([a-g])(#|♯|b|♭)?\s*(?:作为|为|做)主音|主音\s*(?:为|是)?\s*(升|降)?([a-g])(#|♯|b|♭)?(?![a-z0-9])"
                      r"|\b(?:tonic|final|key\s*note)\s*(?:is|of|:|=)?\s*" + _NOTE
                      + r"(?![a-z0-9])|\bwith\s+" + _NOTE + r"\s+as\s+(?:the\s+)?(?:tonic|final)\b")
        if not m:
            return
        g = [x for x in m.groups()]
        letter = next(x for x in g if x and rx.fullmatch(r"[a-g]", x))
        accidental = next((x for x in g[g.index(letter) + 1 :] + g[: g.index(letter)] if x and x != letter), None)
        mode = self.found.get("mode")
        self.understood_mode_pop()
        self._set_key(letter, accidental, mode)

    def understood_mode_pop(self) -> None:
        """The mode alone was said back already; the key line that follows names both."""
        for i in range(len(self.understood) - 1, -1, -1):
            if self.understood[i].startswith(("mode:", "调式：")):
                del self.understood[i]
                return

    def _set_key(self, letter: str, accidental: str | None, mode: str | None) -> None:
        """Set the key; without a mode, one said in another clause, else the previous drill's, else major."""
        acc = (accidental or "").strip().lstrip("-")
        sign = {"#": "#", "♯": "#", "sharp": "#", "升": "#", "b": "b", "♭": "b", "flat": "b", "降": "b"}.get(acc, "")
        self.set("key", letter.upper() + sign)
        self.found.pop("_mode_defaulted", None)
        if mode is None and "mode" in self.found:
            mode = self.found["mode"]
            self.understood_mode_pop()
        if mode is None:
            mode = self.default_mode
            self.set("_mode_defaulted", True)
        self.set("mode", mode)
        if mode in PENTATONIC_MODES:
            self.say(*pentatonic_key_lines(letter.upper() + sign, mode))
        else:
            self.say(f"key: {letter.upper() + sign} {mode}", f"调：{key_name_zh(letter.upper() + sign, mode)}")

    def _meter(self) -> None:
        def put(meter: str, why_en: str = "", why_zh: str = "") -> None:
            if meter not in SUPPORTED_METERS:
                raise InvalidParams(f"meter: {meter!r} is not supported (use one of {', '.join(SUPPORTED_METERS)})")
            self.set("meter", meter)
            self.say(f"meter: {meter}" + (f" ({why_en})" if why_en else ""),
                     f"拍号：{meter}拍" + (f"（{why_zh}）" if why_zh else ""))

        m = self.take(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])(?:\s*(?:time|meter|拍子|拍))?")
        if m:
            meter = f"{int(m.group(1))}/{int(m.group(2))}"
            if meter not in SUPPORTED_METERS:
                raise InvalidParams(f"meter: {meter!r} is not supported (use one of {', '.join(SUPPORTED_METERS)})")
            put(meter)
            self._meter_word(meter)
            return
        if self.take(r"(?:十二八|八十二|八分之十二)拍(?:子)?"):
            put("12/8")
            self._meter_word("12/8")
            return
        m = self.take(r"([二四八])分之(十[一二三四五六七八九]?|[二三四五六七八九])拍(?:子)?")
        if m:
            put(f"{_zh_number(m.group(2))}/{_ZH_DIGITS[m.group(1)]}")
            self._meter_word(self.found["meter"])
            return
        # "十一八拍": an odd count past ten, then the note value (refused like any meter not supported); not a tempo
        # ("每分钟一百一十八拍", "八十拍").
        m = self.take(r"(?<![零一二两三四五六七八九十百\d])(十[一三五七九])([四八])拍(?:子)?")
        if m:
            put(f"{_zh_number(m.group(1))}/{_ZH_DIGITS[m.group(2)]}")
        m = self.take(r"([二三四五六七八九])([二三四五六七八九])拍(?:子)?")
        if m:
            # Said either way round ("四三拍" and "三四拍" are both 3/4): the note value is the 2, 4 or 8.
            a, b = (_zh_number(x) for x in m.groups())
            den, num = (a, b) if a in (2, 4, 8) and (b not in (2, 4, 8) or a > b) else (b, a)
            put(f"{num}/{den}")
            self._meter_word(self.found["meter"])
            return
        self._meter_word(None)

    def _meter_word(self, given: str | None) -> None:
        """A dance or time word ("waltz", "三拍子"): the meter, or with a meter already given, the reason for it."""
        table = (
            (r"\bwaltz(?:\s+time)?\b|\bwaltzes\b", "3/4", "waltz", "圆舞曲"), (r"圆舞曲|华尔兹", "3/4", "waltz", "圆舞曲"),
            (r"\bmarch(?:ing)?(?:\s+time)?\b(?!\s+(?:tempo|pace|speed))", "2/4", "march", "进行曲"), (r"进行曲", "2/4", "march", "进行曲"),
            (r"\bslip\s+jigs?\b", "9/8", "slip jig", "滑步吉格"),
            (r"\bjigs?(?:\s+(?:rhythm|time|style|feel))?\b", "6/8", "jig", "吉格舞曲"), (r"吉格(?:舞曲)?", "6/8", "jig", "吉格舞曲"),
            (r"\breels?\b", "4/4", "reel", "里尔舞曲"),
            (r"\bbarcarol(?:l?e)s?\b|\bsicilian[ao]s?\b|\btarantell[ae]s?\b|\bgigues?\b", "6/8", "a dance in two beats of three", "复二拍子舞曲"),
            (r"船歌|西西里舞曲|塔兰泰拉", "6/8", "a dance in two beats of three", "复二拍子舞曲"),
            (r"\bminuets?\b|\bmenuets?\b|\bmazurkas?\b|\bsarabandes?\b|\bländlers?\b", "3/4", "a dance in three", "三拍子舞曲"),
            (r"小步舞曲|玛祖卡|萨拉班德", "3/4", "a dance in three", "三拍子舞曲"),
            (r"\bpolkas?\b", "2/4", "polka", "波尔卡"), (r"波尔卡", "2/4", "polka", "波尔卡"),
            (r"\bcommon\s+time\b", "4/4", "common time", "普通拍子"),
            (r"\bcut\s+time\b|\balla\s+breve\b", "2/2", "cut time", "二二拍"),
            (r"\btriple\s+(?:time|meter)\b|\bthree\s+beats?\s+(?:to|per|in)\s+(?:a|the|each)\s+bar\b", "3/4", "triple time", "三拍子"),
            (r"(?<!复)三拍子", "3/4", "triple time", "三拍子"),
            (r"\bduple\s+(?:time|meter)\b|\btwo\s+beats?\s+(?:to|per|in)\s+(?:a|the|each)\s+bar\b", "2/4", "duple time", "二拍子"),
            (r"(?<!复)[二两]拍子", "2/4", "duple time", "二拍子"),
            (r"\bquadruple\s+(?:time|meter)\b|\bfour\s+beats?\s+(?:to|per|in)\s+(?:a|the|each)\s+bar\b", "4/4", "quadruple time", "四拍子"),
            (r"(?<!复)四拍子", "4/4", "quadruple time", "四拍子"),
            (r"\bcompound\s+triple(?:\s+(?:time|meter))?\b", "9/8", "compound triple time", "复三拍子"),
            (r"\bcompound\s+quadruple(?:\s+(?:time|meter))?\b", "12/8", "compound quadruple time", "复四拍子"),
            (r"\bcompound\s+duple(?:\s+(?:time|meter))?\b|\bcompound\s+(?:time|meter)\b", "6/8", "compound time", "复拍子"),
            (r"复三拍子", "9/8", "compound triple time", "复三拍子"), (r"复四拍子", "12/8", "compound quadruple time", "复四拍子"),
            (r"复二拍子|复拍子", "6/8", "compound time", "复拍子"),
        )
        if given is None:
            # "a cut time march": the time word is the meter, the dance its reason.
            for pattern, meter, en, zh in table:
                if en in ("common time", "cut time") and self.take(pattern):
                    self.set("meter", meter)
                    self.say(f"meter: {meter} ({en})", f"拍号：{meter}拍（{zh}）")
                    given = meter
                    break
        for pattern, meter, en, zh in table:
            if given not in (None, meter) and not (en == "march" and given in ("2/2", "6/8")) \
                    and not (meter == "6/8" and given == "12/8"):  # a jig or a barcarolle in 12/8
                continue  # "a waltz in 6/8": the number wins and the word is listed as not understood
            if self.take(pattern):
                if given is not None:
                    self.understood.pop()  # said again below with its reason
                meter = given or meter
                self.set("meter", meter)
                self.say(f"meter: {meter} ({en})", f"拍号：{meter}拍（{zh}）")
                for other, same, _, _ in table:
                    if same == meter:
                        self.take(other)
                return

    def _relative_amounts(self) -> None:
        """A change by an amount: "2 bars shorter", "add 4 bars", "短两小节", "20 bpm faster", "速度快十拍"; the drill's
        length or tempo moves by that much (a fresh request moves the default)."""
        en_number = r"(\d{1,3}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r")"
        bar = r"(?:bars?|measures?)"
        m = self.take(r"\b(?:by\s+)?" + en_number + r"\s+" + bar + r"\s+(shorter|longer|less|fewer|more)\b"
                      r"|\b(shorter|longer)\s+by\s+" + en_number + r"\s+" + bar + r"\b"
                      r"|\b(add|cut|remove|drop|lose|take\s+(?:off|away|out))\s+(?:another\s+)?" + en_number + r"\s+(?:more\s+|extra\s+)?" + bar + r"\b"
                      r"|\b" + en_number + r"\s+(more|extra|fewer|less)\s+" + bar + r"\b"
                      r"|(缩短|减少|减掉|删掉|去掉|少|短|删)\s*(" + _ZH_NUM + r")\s*个?小节(?!的)"
                      r"|(延长|加长|增加|加上|多加|再加|多|加)\s*(" + _ZH_NUM + r")\s*个?小节(?!的)")
        if m:
            groups = m.groups()
            pairs = [(groups[0], groups[1]), (groups[3], groups[2]), (groups[5], groups[4]), (groups[6], groups[7]),
                     (groups[9], groups[8]), (groups[11], groups[10])]
            number, word = next((n, w) for n, w in pairs if n)
            count = int(number) if number.isdigit() else _NUMBERS.get(number) or _zh_number(number)
            fewer = word in ("shorter", "less", "fewer", "cut", "remove", "drop", "lose") or word.startswith("take") \
                or word in ("缩短", "减少", "减掉", "删掉", "去掉", "少", "短", "删")
            self.refinements.append(("shorter" if fewer else "longer", count))
            self.say(f"{'shorter' if fewer else 'longer'} by {count} bars", f"{'减少' if fewer else '增加'} {count} 小节")
        m = self.take(r"\b(?:by\s+)?(?:about\s+|around\s+)?" + en_number + r"\s*(?:bpm|beats?\s+(?:per|a)\s+minute|clicks|notches)\s+(faster|quicker|slower)\b"
                      r"|\b(faster|quicker|slower|speed\s+(?:it\s+)?up|slow\s+(?:it\s+)?down)\s+by\s+(?:about\s+|around\s+)?" + en_number
                      + r"(?:\s*(?:bpm|beats?(?:\s+(?:per|a)\s+minute)?|clicks|notches))?\b"
                      r"|(?:速度\s*)?(?:再)?(加快|放慢|提高|降低|快|慢)\s*(" + _ZH_NUM + r")\s*(?:拍|bpm|个单位)(?:每分钟)?"
                      r"|速度\s*(?:再)?(加快|放慢|提高|降低|快|慢)\s*(" + _ZH_NUM + r")(?![0-9零一二两三四五六七八九十百]|\s*(?:小节|点|些))")
        if m:
            groups = m.groups()
            number, word = next((n, w) for n, w in ((groups[0], groups[1]), (groups[3], groups[2]), (groups[5], groups[4]),
                                                     (groups[7], groups[6])) if n)
            bpm = int(number) if number.isdigit() else _NUMBERS.get(number) or _zh_number(number)
            slower = word.startswith("slow") or word in ("放慢", "降低", "慢")
            self.refinements.append(("slower" if slower else "faster", bpm))
            self.say(f"{'slower' if slower else 'faster'} by {bpm} bpm", f"速度{'放慢' if slower else '加快'} {bpm}")

    def _bars(self) -> None:
        m = self.take(r"\b(\d{1,4}|" + "|".join(_NUMBERS) + r")(?:\s+|-)(?:(very\s+slow|slow|fast|quick|lively|moderate)\s+)?"
                      r"(?:bars?|measures?)\b(?:\s+long)?")
        if m:
            if m.group(2):
                bpm = _TEMPO_WORDS[rx.sub(r"\s+", " ", m.group(2))]
                self.set("tempo", bpm)
                self.say(f"tempo: {bpm} ({m.group(2)})", f"速度：{bpm}")
            self._set_bars(int(m.group(1)) if m.group(1).isdigit() else _NUMBERS[m.group(1)])
            return
        m = self.take(r"(" + _ZH_NUM + r")\s*(?:个)?小节")
        if m:
            self._set_bars(_zh_number(m.group(1)))
            return
        # "两行", "two lines": a line of printed music (简谱 or staff) holds four bars.
        m = self.take(r"(?<![\d.])([1-6一二两三四五六])\s*行(?![\u4e00-\u9fff])|(?<![\d.])([1-6一二两三四五六])\s*行(?=就|的|谱)"
                      r"|\b([1-6]|one|two|three|four|five|six)\s+lines?\b(?!\s+of\s+(?:text|lyrics|words))")
        if m:
            said = m.group(1) or m.group(2) or m.group(3)
            lines = int(said) if said.isdigit() else _NUMBERS.get(said) or _ZH_DIGITS[said]
            self.set("bars", lines * BARS_PER_LINE)
            self.say(f"bars: {lines * BARS_PER_LINE} ({said} line{'s' if lines > 1 else ''} of {BARS_PER_LINE} bars)",
                     f"小节数：{lines * BARS_PER_LINE}（{self.original(m).strip()}，每行 {BARS_PER_LINE} 小节）")
            return
        # Length words without a number: a short drill is one phrase, a long one four.
        m = self.take(r"(?<!too )(?<!not )(?<!so )(?<!as )\b(?:a\s+|really\s+|very\s+|quite\s+)?(short|brief|quick\s+little|long)(?:\s+(?:one|melody|tune|drill|exercise|piece))?\b"
                      r"(?!\s+(?:notes?|values?|rests?|phrases|motifs?|durations?|leaps?))|(简短|短小|短的|长的|长一些的)")
        if m:
            short = (m.group(1) or m.group(2)) not in ("long", "长的", "长一些的")
            bars = 4 if short else 16
            self.set("bars", bars)
            self.say(f"bars: {bars} ({'short' if short else 'long'})", f"小节数：{bars}（{'简短' if short else '较长'}）")

    def _set_bars(self, bars: int) -> None:
        if bars > MAX_BARS:
            self.answer(f"a drill has at most {MAX_BARS} bars, not {bars}; this one has {MAX_BARS}",
                        f"练习最多 {MAX_BARS} 小节，不能有 {bars} 小节；这里生成 {MAX_BARS} 小节")
            bars = MAX_BARS
        self.set("bars", bars)
        self.say(f"bars: {bars}", f"小节数：{bars}")

    def _tempo(self) -> None:
        about = r"(?:(?:around|about|approximately|approx\.?|roughly|circa|c\.|~|大约|大概|约)\s*)?"
        # "60-70 bpm", "速度60到70之间": the middle of the two.
        m = self.take(r"(?:\b(?:tempo|at)\s+)?(?:\bsomewhere\s+)?(?:速度\s*(?:在|为|是)?\s*)?" + about + r"(\d{2,3})\s*(?:-|–|~|to|到|至)\s*(\d{2,3})"
                      r"\s*(?:bpm|beats\s+per\s+minute|拍(?:每分钟)?|之间)(?:\s*之间)?"
                      r"|(?:\btempo\s+|速度\s*(?:在|为|是)?\s*)" + about + r"(\d{2,3})\s*(?:-|–|~|to|到|至)\s*(\d{2,3})(?:\s*之间)?")
        if m:
            a, b = (int(m.group(1)), int(m.group(2))) if m.group(1) else (int(m.group(3)), int(m.group(4)))
            bpm = (a + b) // 2
            self.set("tempo", bpm)
            self.say(f"tempo: {bpm} (between {a} and {b})", f"速度：{bpm}（{a}到{b}之间）")
            self._tempo_word_with_number(bpm)
            return
        # "slow it down to 60", "speed it up to 120": the tempo named.
        m = self.take(r"(?:速度\s*:?\s*)?(?:\bmetronome(?:\s+(?:at|on|set\s+to|to|marking(?:\s+of)?))?|\btempo|\bat|\b(?:slow|speed|bring|take)\s+(?:it|that|things|the\s+tempo)\s+(?:down|up)|\b(?:slow|speed)\s+(?:down|up)|♩\s*=|\bq\s*=|\b(?:dotted\s+)?(?:quarter|crotchet|half|minim|eighth|quaver)(?:[\s-]+note)?\s*=|(?:速度|节拍器)\s*(?:改成|改为|调到|调成|设为|设成|为|是|:|=)?\s*(?:每分钟)?|每分钟)"
                      r"\s*(?:of\s+|to\s+|:\s*|=\s*)?" + about + r"(\d{2,3})\s*(?:bpm|拍(?:每分钟)?|beats per minute)?(?:\s*左右)?"
                      r"|" + about + r"(\d{2,3})\s*(?:bpm|beats per minute|拍每分钟|拍/分)(?:\s*左右)?"
                      r"|\b(?:bpm|mm)\s*[:=]?\s*(\d{2,3})(?![0-9])")
        if m is None:
            m = self.take(r"(?:速度\s*:?\s*)?(?:每分钟|速度)\s*([一二两三四五六七八九十百零]{2,})\s*拍(?:\s*左右)?"
                          r"|速度\s*(?:为|是|:|=|大约|大概|约)?\s*([一二两三四五六七八九十百零]{2,})(?!\s*(?:小节|拍子|分))(?:\s*左右)?")
        if m is None:
            # "再快一点，大概一百二", "a bit slower, about 70": a number right after faster or slower is the tempo.
            m = self.take(r"(?:大概|大约|约|差不多|到|(?:like|about|around|maybe|say)\s+)\s*([一二两三四五六七八九十百]{2,}|\d{2,3})(?!\s*(?:小节|拍子|分|个|遍|次|bars?|measures?))(?:\s*(?:左右|bpm))?",
                          lambda m: bool(rx.search(r"(?:快|慢|faster|quicker|slower)(?:一点|一些|点|些)?\s*[,，]?\s*$", self.raw[:m.start()].lower().translate(_TRADITIONAL))))
        if m:
            number = m.group(1) or m.group(2) or (m.group(3) if m.re.groups >= 3 else None) or ""
            bpm = int(number) if number.isdigit() else _zh_number(number)
            self.set("tempo", bpm)
            self.say(f"tempo: {bpm}", f"速度：{bpm}")
            self._tempo_word_with_number(bpm)
            return
        for word in sorted(_TEMPO_WORDS, key=len, reverse=True):
            if self.take(self._tempo_word_pattern(word)):
                self.set("tempo", _TEMPO_WORDS[word])
                self.say(f"tempo: {_TEMPO_WORDS[word]} ({word})", f"速度：{_TEMPO_WORDS[word]}")
                self._second_tempo_word(word, _TEMPO_WORDS[word])
                return
        for word in sorted(_ZH_TEMPO_WORDS, key=len, reverse=True):
            if self.take(self._tempo_word_pattern(word, chinese=True)):
                self.set("tempo", _ZH_TEMPO_WORDS[word])
                self.say(f"tempo: {_ZH_TEMPO_WORDS[word]}", f"速度：{_ZH_TEMPO_WORDS[word]}（{word}）")
                self._second_tempo_word(word, _ZH_TEMPO_WORDS[word])
                return

    @staticmethod
    def _tempo_word_pattern(word: str, *, chinese: bool = False) -> str:
        if chinese:
            return r"(?:速度\s*(?:要|是|为)?\s*)?(?<![更加放欢愉轻])" + word + r"(?:的速度|速度|速|的|一些的)?(?!一点|点|一些|些|乐)"
        return r"\b(?:(?:at\s+)?(?:a\s+)?)?" + word + r"\b(?!\s+(?:difficulty|level|hard|grade))(?:\s+(?:tempo|speed|pace))?"

    def _tempo_word_with_number(self, bpm: int) -> None:
        """ "Really slow, like 50 bpm": a tempo word beside the number says the same; one that disagrees is answered."""
        for table, chinese in ((_TEMPO_WORDS, False), (_ZH_TEMPO_WORDS, True)):
            for word in sorted(table, key=len, reverse=True):
                if self.take(self._tempo_word_pattern(word, chinese=chinese)) and abs(table[word] - bpm) >= 30:
                    self.answer(f"a drill has one tempo: “{word}” and {bpm} do not agree; this one is {bpm}",
                                f"一条练习只有一个速度：“{word}”和 {bpm} 不一致；这里用 {bpm}")

    def _second_tempo_word(self, first: str, bpm: int) -> None:
        """ "Slow and steady" is one wish; "fast but also slow", "又快又慢" cannot both be met, and is answered."""
        for table, chinese in ((_TEMPO_WORDS, False), (_ZH_TEMPO_WORDS, True)):
            for word in sorted(table, key=len, reverse=True):
                if not self.take(self._tempo_word_pattern(word, chinese=chinese)):
                    continue
                if abs(table[word] - bpm) >= 30:
                    self.answer(f"a drill has one tempo: “{first}” and “{word}” cannot both be met; this one is {first} ({bpm})",
                                f"一条练习只有一个速度：“{first}”和“{word}”不能同时满足；这里用“{first}”（{bpm}）")
                return

    def _range(self) -> None:
        self._range_in_words()
        self._range_bounds()
        if "low" in self.found:
            return
        pitch = r"([a-g](?:#|♯|b|♭)?\d)"
        m = self.take(r"(?:\b(?:(?:a\s+|the\s+)?(?:range|ambitus|compass)(?:\s+(?:is|of))?\s*:?\s*(?:from|between)?|from|between|within)"
                      r"|音域(?:为|是|在|从)?|从)\s*:?\s*" + pitch
                      + r"\s*(?:-|to|and|–|到|至|~|和|与)\s*" + pitch + r"(?:之间)?")
        if m is None:
            m = self.take(r"(?<![a-z0-9])" + pitch + r"\s*(?:-|–|~)\s*" + pitch + r"(?![0-9])")
        if m:
            low, high = parse_range(f"{m.group(1).capitalize()}-{m.group(2).capitalize()}")
            self.set("low", low)
            self.set("high", high)
            self.set("_range_named", True)
            self.say(f"range: {low}-{high}", f"音域：{low}-{high}")

    def _degree_range(self) -> None:
        """Notes said as scale degrees, the way a movable-do singer or 简谱 says them: "do to sol only", "从do到sol",
        "低音5和高音1" (a dot below or above: an octave down or up). They are placed in the key once it is known:
        a span is the range; notes an octave away are where the range must reach."""
        names = {"do": 1, "re": 2, "mi": 3, "fa": 4, "sol": 5, "so": 5, "la": 6, "ti": 7, "si": 7}
        solfa = r"(do|re|mi|fa|sol|so|la|ti|si)"
        # A dash only with spaces round it: "re-do it in G" is not a range.
        # "Low sol to high sol": the words only tell the two ends apart; where the span sits is the degrees' doing.
        m = self.take(r"(?<![a-z])(?:(?:from|between)\s+|从\s*)?(?:(?:the\s+)?low(?:er)?\s+)?" + solfa
                      + r"(?:\s*(?:to|up\s+to|到|至|and)\s*|\s+[-–]\s+)(?:(?:the\s+)?(?:high(?:er)?|top)\s+)?" + solfa
                      + r"(?![a-z])(?:\s+only)?(?:之间|以内)?")
        if m:
            low, high = names[m.group(1)], names[m.group(2)]
            # A span that passes do going up ("sol to sol", "la to mi") and starts on sol, la or ti starts below do,
            # as a singer's "sol to sol" is the sol under the tonic to the one over it (the plagal range); from re,
            # mi or fa it starts above do, as the first notes of a scale are placed from the tonic's degree.
            below = -1 if high <= low and low >= 5 else 0
            self.set("_degree_span", ((low, below), (high, below + (1 if high <= low else 0)), self.original(m).strip()))
        marks = {"低音": -1, "倍低音": -2, "中音": 0, "高音": 1, "倍高音": 2}
        marked = r"(倍低音|低音|中音|高音|倍高音)\s*(?:([1-7])(?![0-9])|" + solfa + r"(?![a-z]))"
        m = self.take(r"(?:音域\s*)?(?:从|在)?\s*" + marked + r"\s*(?:到|至|-|~)\s*" + marked + r"(?:之间)?(?:的?(?:范围|音域)(?:内|之内|以内)?)?")
        if m:
            ends = [(int(m.group(g + 1)) if m.group(g + 1) else names[m.group(g + 2)], marks[m.group(g)]) for g in (1, 4)]
            self.set("_degree_span", (ends[0], ends[1], self.original(m).strip()))
        for m in self.take_all(r"(?:音域?\s*)?(?:要|需要|得)?(?:用到|达到|包括|包含|到)?\s*" + marked):
            degree = int(m.group(2)) if m.group(2) else names[m.group(3)]
            self.found.setdefault("_degree_reach", []).append((degree, marks[m.group(1)], self.original(m, 1) + (m.group(2) or m.group(3))))
        if self.take(r"\b(?:tonic\s+sol[\s-]?fa|movable[\s-]do|moveable[\s-]do)\b|首调(?:唱名|唱法|视唱)?(?:唱)?"):
            self.say("movable do: do is the key's tonic (la in a minor key); the studio can show numbered notation",
                     "首调唱名：主音唱do（小调主音唱la）；练习室可以显示简谱")
        elif self.take(r"\bfixed[\s-]do\b|固定(?:调|唱名)(?:唱名|唱法)?(?:唱)?"):
            self.say("fixed do: do is always C", "固定唱名：do 总是 C")

    #: A pitch said in words or in scientific pitch ("middle C", 中央C, 小字一组的c, "E5").
    _PITCH_WORDS = r"(middle\s+c|中央\s*c|小字一组的?\s*c|小字二组的?\s*c|[a-g](?:#|♯|b|♭)?\d)"

    @staticmethod
    def _pitch_from_words(words: str) -> str:
        words = rx.sub(r"\s+", "", words)
        if words in ("middlec", "中央c", "小字一组c", "小字一组的c"):
            return "C4"
        if words in ("小字二组c", "小字二组的c"):
            return "C5"
        return words[0].upper() + words[1:].replace("♯", "#").replace("♭", "b")

    def _range_in_words(self) -> None:
        """ "Between middle C and the C above", "音域从中央C到高八度的C": a range said with words for its pitches."""
        # "the C above", "the C an octave up", "the C one octave higher", "an octave above", "the octave above it".
        above = (r"(?:(?:the\s+(?:next\s+)?([a-g])|the\s+octave)\s+(?:(?:an?|one)\s+octave\s+)?(?:above|up|higher)(?:\s+(?:it|that|middle\s+c))?"
                 r"|(?:an?|one)\s+octave\s+(?:above|higher|up)(?:\s+(?:it|that|middle\s+c))?"
                 r"|高八度的\s*([a-g])|高一个八度的\s*([a-g]))")
        m = self.take(r"(?:\b(?:(?:a\s+|the\s+)?range\s+(?:is\s+)?)?(?:between|from)\s+|音域\s*(?:从|在)?\s*|(?<!音域)从\s*)" + self._PITCH_WORDS
                      + r"\s*(?:and|to|up\s+to|到|至|和)\s*(?:" + self._PITCH_WORDS + "|" + above + r")(?:\s*之间)?",
                      lambda m: not (rx.fullmatch(r"[a-g](?:#|♯|b|♭)?\d", m.group(1)) and m.group(2)
                                     and rx.fullmatch(r"[a-g](?:#|♯|b|♭)?\d", m.group(2))))
        if m is None:
            return
        low = self._pitch_from_words(m.group(1))
        if m.group(2):
            high = self._pitch_from_words(m.group(2))
        else:
            letter = (m.group(3) or m.group(4) or m.group(5) or low[0]).upper()
            step = 1
            while _shift_name(low, step)[0] != letter or _midi(_shift_name(low, step)) - _midi(low) < 3:
                step += 1
            high = _shift_name(low, step)
        low, high = parse_range(f"{low}-{high}")
        self.set("low", low)
        self.set("high", high)
        self.set("_range_named", True)
        self.say(f"range: {low}-{high}", f"音域：{low}-{high}")

    def _range_bounds(self) -> None:
        """One end of the range: a limit ("nothing higher than E5", "最高不超过E5") cuts the range there; a named end
        ("the top note E5", "最低到A3") is that end. The other end is kept, at least a sixth away."""
        # "up to high A", "nothing below low G": a note named by where it lies in the singer's range (the A nearest the
        # top of the range, whichever octave the voice puts it in) stands for a pitch here too.
        # "the open C string": the lowest C of the instrument's range (its string), placed as "low C" is.
        pitch = r"(" + self._PITCH_WORDS[1:-1] + r"|(?:the\s+)?open\s+[a-g]\s+string|(?:high|top|low|bottom)\s+[a-g](?:#|♯|b(?![a-z])|♭|\s+sharp|\s+flat)?(?![a-z0-9#♯♭]))"
        # "最高到A": a letter alone after 最高 or 最低 is that note where the range ends, as "high A" is.
        zh_pitch = pitch[:-1] + r"|[a-g](?:#|♯|b(?![a-z])|♭)?(?![0-9a-z#♯♭])(?!\s*(?:大调|小调|调|宫|商|角|徵|羽)))"
        # "keep it under E5", "stay above A3": every note on that side of the pitch, not on it.
        keep = r"\b(?:keep\s+(?:it|everything|the\s+(?:notes?|melody|tune|range))|stay(?:ing)?|everything|all\s+(?:the\s+)?notes)\s+"
        for end, side, sign in (("high", r"(?:under|below|beneath)", -1), ("low", r"(?:above|over)", 1)):
            m = self.take(keep + side + r"\s+(?:an?\s+|the\s+)?" + pitch)
            if m is not None:
                named, shown = self._bound_from_words(m.group(1))
                self.set(f"_{end}_bound", (named, False, sign))
                self.set("_range_named", True)
                self.say(f"range: {'below' if sign < 0 else 'above'} {shown}", f"音域：{'低于' if sign < 0 else '高于'} {shown}")
        for end, limit, named in (
            # A limit is what the singer can reach ("I can only sing up to E5", "最高只能唱到C5"); a named end is a
            # note to reach ("my top notes up to B5", "up to an A5", "最高要唱到A5").
            ("high", r"\b(?:nothing|no\s+notes?|no|not|never)\s+(?:higher|above)\s+(?:than\s+)?(?:an?\s+|the\s+)?" + pitch
                     + r"|\b(?:i\s+)?(?:can\s+only|only|can't|cannot|can\s+not|couldn't|can|could)\s+(?:sing|reach|go|get|hit)\s+(?:up\s+)?(?:to|as\s+high\s+as|above|higher\s+than|past)\s+(?:an?\s+|the\s+)?" + pitch
                     + r"|\b(?:max(?:imum)?|at\s+most)\s*(?:note\s*)?(?:up\s+to\s+|of\s+|:\s*)?" + pitch
                     + r"|(?:音域\s*)?最高(?:音)?\s*(?:不超过|不要超过|别超过|不高于|只能|只|最多)\s*(?:唱|到|唱到|达到)?\s*" + zh_pitch + r"|(?:音域\s*)?(?:不要|别|不能)(?:高于|超过)\s*" + pitch
                     + r"|(?<!最低)(?<!最低音)(?<!最低只)(?<!最低音只)(?:只能|最多|能|可以)(?:唱|唱到|到)\s*" + pitch + r"(?:\s*(?:为止|左右))?",
             r"\b(?:highest|top)\s+note\s*(?:is|of|:)?\s*" + pitch
             + r"|\b(?:(?:my\s+|the\s+)?(?:top|high|highest)\s+(?:notes?|range|register)\s+|(?:with\s+)?(?:a\s+|the\s+|my\s+)?range\s+)?(?:up\s+to|as\s+high\s+as|reaching)\s+(?:an?\s+|the\s+)?" + pitch
             + r"|最高(?:音)?\s*(?:要|得|需要)?\s*(?:到|为|是|:|唱到|达到|到达)?\s*" + zh_pitch),
            ("low", r"\b(?:nothing|no\s+notes?|no|not|never)\s+(?:lower|below)\s+(?:than\s+)?(?:an?\s+|the\s+)?" + pitch
                    + r"|\b(?:i\s+)?(?:can\s+only|only|can't|cannot|can\s+not|couldn't)\s+(?:sing|reach|go|get|hit)\s+(?:down\s+)?(?:to|as\s+low\s+as|below|lower\s+than)\s+(?:an?\s+|the\s+)?" + pitch
                    + r"|(?:音域\s*)?最低(?:音)?\s*(?:不低于|不要低于|别低于|只能|只|最多)\s*(?:唱|到|唱到)?\s*" + zh_pitch + r"|(?:音域\s*)?(?:不要|别|不能)低于\s*" + pitch,
             r"\b(?:lowest|bottom)\s+note\s*(?:is|of|:)?\s*" + pitch
             + r"|\b(?:(?:my\s+|the\s+)?(?:low|lowest|bottom)\s+(?:notes?|range|register)\s+)?(?:down\s+to|as\s+low\s+as)\s+(?:an?\s+|the\s+)?" + pitch
             + r"|最低(?:音)?\s*(?:要|得|需要)?\s*(?:到|为|是|:|唱到|达到|到达)?\s*" + zh_pitch),
        ):
            for exact, pattern in ((False, limit), (True, named)):
                m = self.take(pattern)
                if m is None:
                    continue
                name, shown = self._bound_from_words(next(g for g in m.groups() if g))
                self.set(f"_{end}_bound", (name, exact, 0))
                self.set("_range_named", True)
                words = ("at most" if end == "high" else "at least", "最高" if end == "high" else "最低") if not exact \
                    else ("up to" if end == "high" else "down to", "最高到" if end == "high" else "最低到")
                self.say(f"range: {words[0]} {shown}", f"音域：{words[1]} {shown}")
                break

    def _bound_from_words(self, words: str) -> tuple[str, str]:
        """A range end's pitch and how it is said back: ``("E5", "E5")``, or for "high a" the pitch class alone,
        ``("A", "high A")``, placed in the octave nearest that end of the range once the voice is known."""
        string = rx.fullmatch(r"(?:the\s+)?open\s+([a-g])\s+string", words)
        if string:
            return string.group(1).upper(), f"the open {string.group(1).upper()} string"
        m = rx.fullmatch(r"(high|top|low|bottom)\s+([a-g])(#|♯|b|♭|\s+sharp|\s+flat)?", words)
        if m is None:
            name = self._pitch_from_words(words)
            return name, name
        name = _note_name(m.group(2), m.group(3))
        return name, f"{m.group(1)} {name}"

    def _span(self) -> None:
        """A range given as a size ("within an octave", "一个八度以内"): the default range is cut to it."""
        sizes = "fourth|fifth|sixth|seventh|octave|ninth|tenth"
        m = self.take(r"\b(?:with\s+)?(?:a\s+)?(?:range|ambitus|compass|span)\s+(?:of|within|no\s+more\s+than|under)\s+(?:an?\s+|one\s+)?(" + sizes + r")\b"
                      r"|\b(?:within|inside)\s+(?:an?|one)\s+(" + sizes + r")\b"
                      r"|\b(?:an?\s+|one\s+)?(" + sizes + r")\s+(?:range|span|ambitus|compass)\b"
                      r"|(?:音域)?(?:在|不超过|不要超过|别超过|不能超过|不超出|不要超出)?(?:一个)?(四度|五度|六度|七度|八度|九度|十度)(?:以内|之内|的音域|音域|范围内)?(?=$|[,.;的])")
        if m:
            word = m.group(1) or m.group(2) or m.group(3) or {"四度": "fourth", "五度": "fifth", "六度": "sixth", "七度": "seventh", "八度": "octave", "九度": "ninth",
                                                "十度": "tenth"}[m.group(4)]
            semitones = _MAX_SEMITONES[_SIZE_WORDS[word]]
            self.set("_span", semitones)
            self.say(f"range: within {semitones} semitones ({'an' if word == 'octave' else 'a'} {word})",
                     f"音域：{_ZH_NUMBER_NAMES[_SIZE_WORDS[word]]}度以内（{semitones} 个半音）")

    def _instrument(self) -> None:
        """An instrument ("for violin", "给长笛的练习") is a comfortable student range and its clef, at concert pitch."""
        english = "|".join(sorted((w for w, _ in _INSTRUMENT_WORDS), key=len, reverse=True))
        m = self.take(r"\b(?:for\s+(?:an?\s+|the\s+|my\s+)?|(?:i\s+)?(?:play|plays|playing|learn|learning)\s+(?:the\s+)?)?(" + english
                      + r")s?(?:\s+(?:players?|students?|part))?\b")
        name = dict(_INSTRUMENT_WORDS)[m.group(1)] if m else None
        if name is None:
            for word, zh_name in sorted(_ZH_INSTRUMENT_WORDS, key=lambda pair: -len(pair[0])):
                if self.take(r"(?:适合|给|为|我(?:是)?(?:吹|拉|弹|学)?|吹|拉|弹)?" + word + r"(?:吹|拉|弹)?(?:的)?(?:声部|音域|学生)?"):
                    name = zh_name
                    break
        if name is None:
            return
        low, high, clef, transposing = INSTRUMENT_RANGES[name]
        self.set("_instrument", name)
        # "stays in first position", "一把位": no shifting, so nothing above the position's top note.
        position = self.take(r"\b(?:(?:that\s+)?(?:stays?|staying|kept|keeps?)\s+)?(?:in|within)\s+(?:the\s+)?(?:1st|first)\s+position\b"
                             r"|\b(?:1st|first)\s+position\b|(?:在)?(?:第)?一把位(?:上|内|里|以内)?的?")
        if position and name in FIRST_POSITION_TOP and _midi(FIRST_POSITION_TOP[name]) < _midi(high):
            high = FIRST_POSITION_TOP[name]
        if "low" not in self.found and "voice" not in self.found:
            self.set("low", low)
            self.set("high", high)
        else:  # a range or voice asked for in words wins; say the one the drill gets
            low, high = self.found.get("low", low), self.found.get("high", high)
        if "clef" not in self.found and clef != "treble":
            self.set("clef", clef)
            self.set("_instrument_clef", True)
        concert = (" (concert pitch; the studio can show the part for your instrument)", "（实际音高；练习室可按你的乐器移调显示）")
        self.say(f"instrument: {name} ({low}-{high}{', ' + clef + ' clef' if clef != 'treble' else ''})"
                 + (concert[0] if transposing else ""),
                 f"乐器：{_ZH_INSTRUMENT_NAMES[name]}（{low}-{high}）" + (concert[1] if transposing else ""))
        if position:
            top = FIRST_POSITION_TOP.get(name)
            self.say(f"first position: nothing above {top}" if top else f"first position: the {name}'s comfortable range",
                     f"一把位：不超过 {top}" if top else f"一把位：按{_ZH_INSTRUMENT_NAMES[name]}的常用音域")

    def _voice_and_clef(self) -> None:
        m = self.take(r"\b(treble|bass|alto|tenor)\s+clef\b|\b(treble)\b",
                      lambda m: self.found.get("clef", m.group(1) or m.group(2)) == (m.group(1) or m.group(2))
                      or bool(self.found.get("_instrument_clef")))
        if m:
            clef = m.group(1) or m.group(2)
            self.found.pop("_instrument_clef", None)
            self.set("clef", clef)
            self.say(f"clef: {clef}", f"谱号：{_ZH_CLEF_NAMES[clef]}")
        for word, clef in _ZH_CLEFS.items():
            if (self.found.get("clef", clef) == clef or self.found.get("_instrument_clef")) and self.take(word):
                self.found.pop("_instrument_clef", None)
                self.set("clef", clef)
                self.say(f"clef: {clef}", f"谱号：{word}")
        m = self.take(r"\b(?:for\s+(?:an?\s+|the\s+)?)?(soprano|mezzo(?:[\s-]?soprano)?|alto|contralto|tenor|baritone|bass)s?"
                      r"(?:\s+(?:voice|voices|singer|singers|range|part))?\b")
        if m:
            voice = "alto" if m.group(1).startswith(("mezzo", "contralto")) else m.group(1)
            self._set_voice(voice, mezzo=m.group(1).startswith("mezzo"))
        for word, voice in _ZH_VOICES.items():
            if "voice" not in self.found and self.take(r"(?:适合|给|为)?" + word + r"(?:声部|音域)?"):
                self._set_voice(voice, mezzo=word == "女中音")
        # "童声合唱团", "children's voices": unchanged voices, a range of their own (no voice part to name).
        # (The raw text is looked at: "choir" has been read by then, as a wish answered.)
        if self.take(r"童声|\b(?:children's|childrens|kids'?|young)(?:\s+voices?\b)?",
                     lambda m: m.group(0) == "童声" or "voice" in m.group(0)
                     or rx.match(r"\s+(?:choir|chorus)\b", self.raw[m.end():].lower()) is not None) \
                and not any(k in self.found for k in ("voice", "low", "high")):
            self.set("low", CHILD_RANGE[0])
            self.set("high", CHILD_RANGE[1])
            self.say(f"children's voices: {CHILD_RANGE[0]}-{CHILD_RANGE[1]}", f"童声：{CHILD_RANGE[0]}-{CHILD_RANGE[1]}")

    def _set_voice(self, voice: str, *, mezzo: bool = False) -> None:
        """A mezzo-soprano sings the alto part in a choir but lies higher than an alto (about A3-F5 against
        G3-C5 in the pedagogy texts): the alto voice with the mezzo's own range, unless a range was named."""
        if not mezzo:
            self._set_plain_voice(voice)
            return
        self.set("voice", voice)
        self.refinements.append(("voice", voice))
        low, high = MEZZO_RANGE
        if "low" not in self.found and "high" not in self.found:
            self.set("low", low)
            self.set("high", high)
        low, high = self.found.get("low", low), self.found.get("high", high)
        self.say(f"voice: mezzo-soprano ({low}-{high})", f"声部：女中音（{low}-{high}）")

    def _set_plain_voice(self, voice: str) -> None:
        self.set("voice", voice)
        self.refinements.append(("voice", voice))
        low, high = VOICE_RANGES[voice]
        self.say(f"voice: {voice} ({low}-{high})", f"声部：{_ZH_VOICE_NAMES[voice]}（{low}-{high}）")

    def _progression(self) -> None:
        sep = r"[\s,\-–—|]*"
        m = self.take(r"(?:\b(?:chords?|chord\s+progression|progression|over|harmony)\s*:?|和弦进行|和声进行|和弦)\s*:?\s*(?:为|是|用|使用)?\s*"
                      r"((?:" + _ROMAN + r"(?![a-z])" + sep + r"){2,})")
        if m is None:
            # A bare chart: numerals joined by dashes ("I-V-vi-IV"), or three or more with one written in capitals.
            m = self.take(r"(?<![a-z0-9])((?:" + _ROMAN + r"\s*[-–—]\s*)+" + _ROMAN + r")(?![a-z0-9])")
        if m is None:
            m = self.take(r"(?<![a-z0-9'])((?:" + _ROMAN + r"\s+){2,}" + _ROMAN + r")(?![a-z0-9'])",
                          lambda m: bool(rx.search(r"[IV]", self.original(m, 1))))
        if not m:
            return
        chart_end = m.end()
        self.take(r"(?:chords?|progression|和弦(?:进行)?)\b", lambda x: x.start() >= m.start() and not self.t[chart_end:x.start()].strip())
        # Read the numerals from the original words inside the match (blanked words in between are not part of it).
        figures: list[str] = []
        start = m.start(1)
        for token in rx.finditer(r"\S+", m.string[m.start(1) : m.end(1)]):
            word = self.raw[start + token.start() : start + token.end()].translate(_FOLD)
            for piece in rx.split(r"[-–—,|]+", word):
                piece = piece.replace("♭", "b").replace("♯", "#")
                if rx.fullmatch(_FIGURE + r"(?:/" + _FIGURE + r")?", piece):
                    figures.append(piece)
        if len(figures) < 2:
            return
        self.take_all(r"(?<![a-z0-9/])(" + _ROMAN + r")(?:\s+chords?)?(?![a-z0-9/])",
                      lambda m: self.original(m, 1).replace("♭", "b").replace("♯", "#") in figures)
        chart = " ".join(figures)
        self._check_chart(chart)
        self.set("progression", chart)
        # "One chord per bar", "每小节一个和弦": how a chart is laid out already.
        self.take(r"\b(?:with\s+)?(?:one|a|1)\s+chord\s+(?:per|a|each|every|in\s+each)\s+(?:bar|measure)\b|每(?:个)?小节(?:一个|1个)和弦")
        applied = [f for f in figures if "/" in f]
        self.say(f"chords: {chart}" + (f" (applied: {', '.join(applied)})" if applied else ""),
                 f"和弦进行：{chart}" + (f"（副属和弦：{'、'.join(applied)}）" if applied else ""))

    def _check_chart(self, chart: str) -> None:
        """A chart the key cannot spell is refused here, in the request's language."""
        try:
            parse_progression(chart, make_key(self.found.get("key", "C"), self.found.get("mode", "major")))
        except MusicError as exc:
            raise InvalidParams(chart_error_zh(str(exc)) if self.zh else str(exc)) from None

    def _applied_chords(self) -> None:
        """One applied chord without a chart ("with a V7/V", "V/vi", "secondary dominant", "重属和弦", "副属和弦")."""
        m = self.take(r"(?<![a-z0-9/])(" + _NUMERAL + r"/" + _NUMERAL + r")(?![a-z0-9/])(?:\s*(?:chord|和弦))?",
                      lambda m: bool(rx.search(r"[IV]", self.original(m, 1))))
        figure = self.original(m, 1).translate(_FOLD).replace("♭", "b").replace("♯", "#") if m else None
        if figure is None:
            m = self.take(r"\b(?:secondary|applied)\s+dominants?(?:\s+(?:seventh\s+)?chords?)?(?:\s+of\s+(?:the\s+)?dominant)?\b"
                          r"|\bdominant\s+of\s+the\s+dominant\b|\bdouble\s+dominant\b"
                          r"|重属七?和弦|副属七?和弦|副属和声|重属和声|离调和弦|二级属和弦")
            if m is None:
                return
            figure = DEFAULT_APPLIED.replace("V/", "V7/") if "七" in m.group(0) or "seventh" in m.group(0) else DEFAULT_APPLIED
        if "progression" in self.found:
            self._check_chart(self.found["progression"] + " " + figure)
            self._add_to_chart(figure)
            return
        self._check_chart(figure)
        self.set("_applied", figure)

    def _add_to_chart(self, figure: str) -> None:
        chart = insert_applied(self.found["progression"].split(), figure)
        self.found["progression"] = " ".join(chart)
        for i, line in enumerate(self.understood):
            if line.startswith(("chords:", "和弦进行：")):
                del self.understood[i]
                break
        self.say(f"chords: {' '.join(chart)} (applied: {figure})", f"和弦进行：{' '.join(chart)}（副属和弦：{figure}）")

    def _form(self) -> None:
        m = self.take(r"\b([a-d]'?(?:[a-d]'?){1,7})\s+(?:form|structure)\b|\bform\s*:?\s*([a-d]'?(?:[a-d]'?){1,7})\b"
                      r"|([a-d]'?(?:[a-d]'?){1,7})\s*(?:曲式|结构|形式)|(?:曲式|结构)\s*(?:为|是|:)?\s*([a-d]'?(?:[a-d]'?){1,7})")
        if m is None:
            # Letters alone, in capitals, with a B in them: "an AABA tune", "ABAC，16小节".
            m = self.take(r"(?<![a-z'])(a'?(?:[a-h]'?){2,7})(?![a-z])",
                          lambda m: self.original(m, 1).isupper() and "B" in self.original(m, 1))
        if m:
            form = next(g for g in m.groups() if g).upper()
            self.set("form", form)
            self.say(f"form: {form}", f"曲式：{form}")
            return
        for pattern, form, en, zh in (
            (r"\b(?:a\s+|as\s+a\s+)?(?:parallel\s+)?period(?:\s+(?:form|structure))?\b|\bquestion[\s-]+(?:and[\s-]+|&\s*)?answer(?:\s+phrases)?\b"
             r"|\bcall[\s-]+(?:and[\s-]+|&\s*)?response(?:\s+phrases)?\b|\b(?:in\s+|into\s+)?two\s+(?:(?:equal|matching|balanced|4-bar|four-bar|8-bar|eight-bar)\s+)?phrases\b", "period",
             "period (question and answer)", "乐段（问答）"),
            (r"(?:平行)?乐段|问答(?:句|式)?|(?:能|可以)?(?:分成|分为|有)?(?:两个|二个|2个|两)乐句", "period", "period (question and answer)", "乐段（问答）"),
            (r"\b(?:a\s+|as\s+a\s+)?sentence(?:[\s-]+(?:form|structure))?\b", "sentence", "sentence", "乐句式（呈示-延展）"),
            (r"乐句式|句子式|呈示延展", "sentence", "sentence", "乐句式（呈示-延展）"),
            (r"\bbinary(?:\s+form)?\b|二段体|二部曲式|单二部曲式", "AB", "binary (AB)", "二段体（AB）"),
            (r"\bternary(?:\s+form)?\b|三段体|三部曲式|单三部曲式", "ABA", "ternary (ABA)", "三段体（ABA）"),
        ):
            if self.take(pattern):
                self.set("form", form)
                self.say(f"form: {en}", f"曲式：{zh}")
                self.take_all(pattern)
                return

    def _level(self) -> None:
        # "My grade 7 choir", "our grade 9 class": a school year past the levels (1-6), not a level.
        # (The raw text is looked at: "choir" has been read by then, as a wish answered.)
        self.take(r"\b(?:my|our)\s+grade\s*(?:[7-9]|1[0-2])\b",
                  lambda m: rx.match(r"\s+(?:choir|class|classes|band|orchestra|ensemble|group|kids|students|pupils|singers|"
                                     r"children)\b", self.raw[m.end():].lower()) is not None)
        # "My 8th grade choir", "eighth-graders": a school year said as an ordinal, not a level; said so.
        m = self.take(r"\b(?:(?:[1-9]|1[0-2])(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)"
                      r"[\s-]+grade(?:rs?)?\b")
        if m:
            said = self.original(m)
            self.say(f"{said}: a school year, not a level (levels run from 1 to 6)", f"{said}：学年，不是等级（等级为 1 到 6）")
        m = self.take(r"\b(?:level|lvl|grade)\s*(0|[7-9]|\d\d+)\b|(?:等级|难度|级别)\s*(?:为|是)?\s*(0|[7-9]|\d\d+|[七八九十])(?:级)?"
                      r"|(?<![\d一二三四五六七八九十升降第到至和与~、-])(10|[7-9]|十|[七八九])级(?!音)(?:的?(?:水平|难度|程度))?")
        if m:
            asked = m.group(1) or m.group(2) or m.group(3)
            number = int(asked) if asked.isdigit() else _zh_number(asked)
            level = 1 if number < 1 else 6
            self.set("level", level)
            self.answer(f"levels run from 1 to 6, so level {number} is not one; this is level {level}, the "
                        + ("easiest" if level == 1 else "hardest"),
                        f"等级只有 1 到 6，没有等级 {number}；这里用等级 {level}（" + ("最简单" if level == 1 else "最难") + "）")
            return
        m = self.take(r"\b(?:level|lvl|grade)\s*([1-6])\b|(?:等级|难度|级别)\s*(?:为|是)?\s*([1-6一二三四五六])(?:级)?|(?<![一二三四五六七1-7、到至和与~升降-])第?([1-6一二三四五六])级(?!音)(?:的?(?:水平|难度|程度))?")
        if m:
            text = m.group(1) or m.group(2) or m.group(3)
            level = int(text) if text.isdigit() else _ZH_DIGITS[text]
            self.set("level", level)
            self.say(f"level: {level}", f"等级：{level}")
            # "easy, like level 1": a level word beside the number says the same thing (or is answered).
            self._second_level_words()
            return
        negated = self._negated_level()
        for table in (_LEVEL_WORDS, _ZH_LEVEL_WORDS):
            for word, level in sorted(table.items(), key=lambda kv: -len(kv[0])):
                taken = self.take(_level_word_pattern(word, english=table is _LEVEL_WORDS)) if "level" not in self.found else None
                if taken:
                    self.set("level", level)
                    shown = rx.sub(r"\s+level$", "", self.original(taken).lower()).rstrip("s") if table is _LEVEL_WORDS else word
                    shown_zh = shown if table is _ZH_LEVEL_WORDS else _ZH_LEVEL_NAMES[level]
                    self.say(f"level: {level} ({shown})", f"等级：{level}（{shown_zh}）")
        if negated is not None and "level" not in self.found:
            level, shown = negated
            self.set("level", level)
            self.say(f"level: {level} ({shown})", f"等级：{level}（{shown if self.zh else _ZH_LEVEL_NAMES[level]}）")
        self._second_level_words()

    def _second_level_words(self) -> None:
        """ "a simple tune for beginners": a second word that agrees with the level read (one level apart at most) says
        the same thing; "又简单又超级难", "easy but really hard": one far from it cannot be met with it, and is answered."""
        for table in (_LEVEL_WORDS, _ZH_LEVEL_WORDS):
            for word, level in sorted(table.items(), key=lambda kv: -len(kv[0])):
                if "level" not in self.found:
                    continue
                first = int(self.found["level"])
                if abs(level - first) <= 1:
                    self.take(_level_word_pattern(word, english=table is _LEVEL_WORDS))
                elif abs(level - first) >= 3 and (m := self.take(_level_word_pattern(word, english=table is _LEVEL_WORDS))):
                    said = self.original(m)
                    self.answer(f"a drill has one level: “{said}” cannot be met with level {first}; this one is level {first}",
                                f"一条练习只有一个难度：“{said}”和等级 {first} 不能同时满足；这里用等级 {first}")

    def _negated_level(self) -> tuple[int, str] | None:
        """A level word said not to hold ("I'm not a beginner", "not easy", "not that hard", "我不是新手", "不是很难"):
        taken out before the level words are read, so that the word is not read as the level it denies. A plain
        denial is the middle level (3), nearer neither end; one softened by degree ("not too easy", "not really hard",
        "不是太简单") is the level next to the one denied on the far side of the middle: 4 for an easy word, 2 for a hard
        one. One softened by extent ("not a complete beginner", "不是完全的新手") denies only the extreme: the level one
        step from the denied towards the middle (2 for a beginner, 5 for an expert). Returns the first (level, words)
        found; the level words proper, where there are any, are the level."""
        first: tuple[int, str] | None = None
        for table, english in ((_LEVEL_WORDS, True), (_ZH_LEVEL_WORDS, False)):
            # Entries that are negations themselves ("not too hard", "不要太简单") and the middle are read as they are.
            words = sorted((w for w, lv in table.items() if lv != 3 and not rx.match(r"not\b|[不别没]", w)), key=len, reverse=True)
            alternatives = "|".join(words)
            if english:
                # Lazily, so that "not really easy" keeps "really easy" (a softener) and "not really a beginner" does not.
                pattern = (r"\b(?:not|never|no\s+longer)\s+(?:(too|so|that|very|overly)\s+)?"
                           r"((?:(?:a|an|the|really|quite|at\s+all|exactly|for|just|meant\s+for|one\s+of\s+the|"
                           + _EXTENT_EN + r")\s+)*?)(" + alternatives + r")\b(?:\s+level)?")
            else:
                pattern = (r"(?:并不是|已经不是|已不是|不再是|不是|不算|并非)\s*(很|太|那么|特别|非常)?\s*"
                           r"((?:一个|一名|个)?\s*(?:(?:" + _EXTENT_ZH + r")的?)?)\s*(" + alternatives + r")(?:级|水平|难度)?")
            for m in self.take_all(pattern):
                said = rx.sub(r"\s+", " ", m.group(3))
                denied = next(lv for w, lv in table.items() if rx.fullmatch(w, said))
                # "Not very hard", "不是很难": the intensifier is what is denied, as in "not too hard".
                softened = m.group(1) is not None or rx.match(r"(?:very|really|super|很|太|非常|特别|超)", said) is not None
                # "Not a complete beginner", "不是完全零基础": only the extreme is denied.
                extent = rx.search(r"(?<![a-z])(?:" + _EXTENT_EN + "|" + _EXTENT_ZH + r")", m.group(2) + " " + said)
                if extent and denied != 3:
                    level = denied + 1 if denied < 3 else denied - 1
                else:
                    level = (4 if denied < 3 else 2) if softened else 3
                shown = rx.sub(r"\s+level$", "", self.original(m).lower()).rstrip("s") if english else self.original(m)
                first = first or (level, shown)
        return first

    def _seed(self) -> None:
        m = self.take(r"\bseed\s*:?\s*(\d+)\b|种子\s*:?\s*(\d+)")
        if m:
            seed = int(m.group(1) or m.group(2))
            self.set("seed", seed)
            self.say(f"seed: {seed}", f"随机种子：{seed}")

    # ------------------------------------------------------------ melodic wishes

    def _leaps(self) -> None:
        sizes = "|".join(_SIZE_WORDS)
        m = self.take(r"\b(?:(?:no|nothing)\s+)?(?:leaps?|jumps?|skips?|intervals?|bigger)\s+(?:up\s+to|of\s+at\s+most|"
                      r"(?:no\s+|not\s+)?(?:bigger|larger|wider|greater)\s+than|within|at\s+most|"
                      r"max(?:imum)?)\s+(?:a|an)?\s*(" + sizes + r")s?\b"
                      r"|\b(?:max(?:imum)?|largest|biggest)\s+(?:leap|jump|interval)\s*(?:of|:|is)?\s*(?:a|an)?\s*(" + sizes + r")\b")
        if m:
            number = _SIZE_WORDS[m.group(1) or m.group(2)]
            self._max_leap(_MAX_SEMITONES[number], m.group(1) or m.group(2), _ZH_NUMBER_NAMES.get(number, "") + "度")
        m = self.take(r"(?:(?:最大)?(?:跳进|跳跃|跳动|音程|大跳)\s*(?:不超过|不要超过|别超过|不能超过|最多|最大|不大于|在)|最大(?:的)?(?:跳进|跳跃|音程))\s*(?:为|是|到|只到|就到)?\s*"
                      r"([二三四五六七八九])度(?:以内|之内)?"
                      # "不要超过五度的跳进", "五度以内的跳进": the limit first, then the leap.
                      r"|(?:不要超过|不超过|别超过|不能超过|最多|最大)\s*([二三四五六七八九])度(?:以内|之内)?\s*的?(?:跳进|跳跃|音程|大跳|跳)"
                      r"|([二三四五六七八九])度(?:以内|之内)\s*的?(?:跳进|跳跃|音程|跳)")
        # "跳进不要太大，最多三度": the limit in a clause of its own, once leaps are spoken of.
        if m is None and rx.search(r"跳|leap|jump|skip", self.t):
            m = self.take(r"(?:^|(?<=[,;:.]))\s*(?:但是?|可是|不过|只是|and|but)?\s*(?:最多|最大|不超过|不要超过|别超过|不能超过)\s*([二三四五六七八九])度(?:以内|之内)?\s*(?=[,;:.!?]|$)")
        if m:
            said = next(g for g in m.groups() if g)
            number = _ZH_SIZE[said]
            self._max_leap(_MAX_SEMITONES[number], f"{list(_SIZE_WORDS)[number - 2]}", f"{said}度")
        if self.take(r"\b(?:only\s+|just\s+)?(?:steps|seconds)\s+and\s+(?:thirds|skips)(?:\s+only)?\b|(?:只有|只用)?级进和三度(?:跳进)?"):
            self._max_leap(4, "third: steps and thirds", "三度（级进和三度）")
        # "Mostly stepwise" is a leaning (fewer leaps, below), not a limit.
        if self.take(r"(?<!mostly )(?<!mainly )(?<!largely )(?<!mostly by )\b(?:only\s+|just\s+)?(?:stepwise(?:\s+motion|\s+movement)?(?!\s*,?\s*(?:mostly|mainly|largely)\b)|all\s+(?:by\s+)?steps|no\s+(?:leaps|jumps|skips)"
                     r"(?!\s+(?:bigger|larger|wider|greater|over|above|beyond|more))|by\s+steps?|steps\s+only|only\s+steps|"
                     r"conjunct(?:\s+motion)?)(?:\s+only)?\b"
                     r"|(?:只有|只用|全部|全是|都是|只要)?级进(?!为主)(?:进行)?|不要跳进(?!太|那么|过大|很大)|没有跳进"):
            self._max_leap(2, "second: stepwise", "二度（级进）")
        # A leap limit in semitones: "no more than 4 semitones between notes", "相邻两音不超过四个半音".
        m = self.take(r"\b(?:(?:leaps?|jumps?|intervals?)\s+(?:of\s+)?)?(?:no\s+more\s+than|not\s+more\s+than|at\s+most|max(?:imum)?|up\s+to|within)\s+"
                      r"(\d{1,2})\s+semitones?(?:\s+(?:between\s+(?:the\s+)?(?:notes|adjacent\s+notes|neighbouring\s+notes)|apart))?\b"
                      r"|(?:相邻(?:两)?音(?:之间)?|跳进|音程)?\s*(?:不超过|最多|不大于)\s*(" + _ZH_NUM + r")\s*个半音")
        if m:
            semitones = int(m.group(1)) if m.group(1) else _zh_number(m.group(2))
            self.set("max_leap", semitones)
            self.say(f"max leap: {semitones} semitones", f"最大跳进：{semitones} 个半音")
        # "Big leaps are hard for me", "大跳不太容易唱准": unless they are then asked for ("...so I want to practise them"),
        # a complaint about leaps wants the small ones only.
        struggle = r"(?:总是|老是|常常|经常|还是|都|也|有点|有些)?"
        hard_leaps = "" if rx.search(r"(?:practi[cs]e|work\s+on|improve|get\s+better\s+at)\s+(?:on\s+)?(?:them|those|these|(?:my\s+|the\s+|big\s+)*(?:leaps|jumps))"
                                     r"|练(?:练|习|一下)?(?:它们|这个|大跳|跳进)", self.t) else (
            r"|\b(?:(?:big|large|wide|huge)\s+)?(?:leaps|jumps|skips)\s+are\s+(?:(?:really|very|so|too|quite|a\s+bit)\s+)?(?:hard|difficult|tricky|tough)"
            r"(?:\s+(?:for\s+me|to\s+sing|to\s+hit|in\s+tune))*\b"
            r"|\bi\s+(?:can't|cannot|can\s+not|struggle\s+to|find\s+it\s+hard\s+to)\s+(?:sing|hit|pitch)\s+(?:(?:big|large|wide)\s+)?(?:leaps|jumps)(?:\s+in\s+tune)?\b"
            r"|(?:大跳|大的跳进|跳进|跳跃|大音程)(?:我)?" + struggle + r"(?:不太容易|不那么容易|不大容易|不容易|很难|太难|比较难|挺难|难以|不好)(?:唱准|唱对|唱好|唱|找准)?"
            r"|(?:大跳|大的跳进|跳进|跳跃)(?:我)?" + struggle + r"唱不(?:准|好|对)|(?:我)?" + struggle + r"唱不(?:准|好)(?:大跳|跳进)")
        # "Big leaps are hard, so I want to practise them": "hard" is said of the leaps, not the drill's level;
        # the leaps are the wish.
        said_hard = not hard_leaps and self.take(
                r"\b(?:(?:big|large|wide|huge)\s+)?(?:leaps|jumps|skips)\s+are\s+(?:(?:really|very|so|too|quite|a\s+bit)\s+)?"
                r"(?:hard|difficult|tricky|tough)(?:\s+(?:for\s+me|to\s+sing|to\s+hit|in\s+tune))*\b"
                r"|(?:大跳|大的跳进|跳进|跳跃|大音程)(?:我)?" + struggle + r"(?:不太容易|不那么容易|不大容易|不容易|很难|太难|比较难|挺难|难以|不好)(?:唱准|唱对|唱好|唱|找准)?")
        if said_hard and "more leaps" not in [name for name, _ in self.refinements]:
            self.refinements.append(("more leaps", None))
            self.say("more leaps: the leaps found hard, to practise them", "更多跳进：练习觉得难的大跳")
        # Small leaps only: nothing wider than a fourth; with a limit named, the words say the same wish.
        if self.take(
                r"\b(?:no|without|avoid)\s+(?:big|large|wide|huge)\s+(?:leaps|jumps|skips|intervals)\b"
                r"|\b(?:only\s+)?small\s+(?:leaps|jumps|skips|steps|intervals)(?:\s+only)?\b|\bnot\s+(?:too\s+)?jumpy\b"
                r"|(?:不要|没有|别|避免|不用|不能有)(?:太)?大(?:的)?(?:跳进|跳)|跳进?(?:不要|别)太大|(?:不要|别)跳(?:进|得)?(?:太大|过大|很大)|小跳为主|只有小跳"
                + hard_leaps) and "max_leap" not in self.found:
            self._max_leap(5, "fourth: no big leaps", "四度（不要大跳）")
        # Refinements about leaps: they change only the leap settings.
        m = self.take(r"(?<!no )(?<!without )\b(?:(?:add|with|include|put\s+in|have|want|practi[cs]e|work\s+on|lots\s+of|some|more)\s+)?"
                      r"(?:an?\s+|one\s+|some\s+|the\s+|a\s+couple\s+of\s+|a\s+few\s+|two\s+|several\s+)?(?:(ascending|rising|descending|falling|upward|downward)\s+)?"
                      r"(octave|sixth|seventh|fifth|fourth|third)\s+(?:leaps?|jumps?|skips?)\b"
                      r"|(?:加|加上|加入|添加|来|要|有|练习|多练|练|重点练|多)?\s*(?:一个|一些|几个)?\s*(上行|下行)?\s*"
                      r"((?:[三四五六七八]度\s*(?:和|与|及|、|,)?\s*)+)\s*(?:的)?(?:大)?(?:跳进|跳跃|大跳)",
                      # "不要六度跳进" is not a wish for one.
                      lambda m: not rx.search(r"(?:不|没有|别|无)要?$", self.raw[: m.start()].rstrip()))
        if m:
            direction = m.group(1) or m.group(3) or ""
            named = [m.group(2)] if m.group(2) else [
                {"八": "octave", "六": "sixth", "七": "seventh", "五": "fifth", "四": "fourth", "三": "third"}[z]
                for z in rx.findall(r"([三四五六七八])度", m.group(4))]
            sign = "-" if direction in ("descending", "falling", "downward", "下行") else "+"
            for size in named:
                number = _SIZE_WORDS[size]
                self._add_leap(f"{sign}{_DEFAULT_QUALITY[number] if number != 6 and number != 7 else 'm'}{number}")
        # "skips of a fourth", "leaps of a fourth and a fifth": each size named is a leap to add.
        size_word = r"(?:octave|sixth|seventh|fifth|fourth|third|[4-7]th|3rd)"
        m = self.take(r"\b(?:leaps?|jumps?|skips?)\s+of\s+(?:an?\s+)?(" + size_word + r"s?"
                      r"(?:\s*(?:,|and|or|,\s*and)\s*(?:an?\s+)?" + size_word + r"s?)*)\b")
        if m:
            for size in rx.findall(r"octave|sixth|seventh|fifth|fourth|third|[4-7]th|3rd", m.group(1)):
                number = _SIZE_WORDS[size]
                self._add_leap(f"+{_DEFAULT_QUALITY[number] if number != 6 and number != 7 else 'm'}{number}")
        # "no more leaps", "不要多练跳进", "别太多跳进": a wish for more leaps said with a "no" before it asks for fewer.
        fewer_said = bool(self.take_all(
            r"\b(?:no|not|don'?t\s+(?:want|need|add|give\s+me)|without|stop\s+(?:adding|giving\s+me))\s+(?:any\s+)?more\s+(?:leaps|jumps|skips)\b"
            r"|(?:不要|别|不用|不想|不必)(?:再)?(?:太)?多(?:练|练习)?(?:一些|一点|点)?(?:跳进|跳跃|大跳)|(?:跳进|跳跃|大跳)(?:不要|别)太多"))
        if fewer_said:
            self.refinements.append(("fewer leaps", None))
            self.say("fewer leaps (smoother)", "更少跳进（更平稳）")
        if self.take_all(r"\b(?:less|not\s+so|not\s+as|less\s+of\s+a)\s+(?:monotonous|boring|repetitive|dull|static|plain)\b"
                     r"|\bmore\s+(?:interesting|varied|variety|adventurous|exciting|angular)\b"
                     r"|(?<!no\s)(?<!without\s)(?<!avoid\s)(?<!not\s)(?<!fewer\s)(?<!less\s)\b(?:(?:with|and|some|lots\s+of|many)\s+)?(?:wide|big|large|huge)\s+(?:leaps|jumps|skips|intervals)\b(?!\s+(?:are|is)\b)|\b(?:work\s+on|practi[cs]e|improve)\s+(?:my\s+|our\s+)?(?:leaps|jumps|skips)\b|\b(?:more|lots\s+of|(?<!so\s)(?<!too\s)(?<!as\s)many|plenty\s+of)\s+(?:leaps|jumps|skips)\b|\bjumpier\b"
                     r"|\b(?:bigger|wider|larger)\s+(?:leaps|jumps|skips|intervals)\b(?!\s+than)"
                     r"|(?:跳进|跳跃|跳|音程)(?:再|更)?(?:大一点|大一些|大点|大些)|(?:更大|再大一点|大一点)的(?:跳进|跳跃|音程)"
                     r"|(?:以)?大跳为主|多(?:一些|一点|点)?大跳|大跳多(?:一些|一点|点)|不要(?:那么|太)?单调|少一点单调|别(?:那么|太)?单调|不那么单调|更有变化|更多变化|更多跳进|多一些跳进|多点跳进|多练(?:习|练)?(?:一些|一点|点|一下)?(?:跳进|跳跃)|跳进多一些|跳进多一点|跳进多点|多一点跳进|多点跳进|(?:不要|别)那么平(?:淡)?|太平淡了?|更有趣",
                     # "I struggle with big leaps" is not a wish for them.
                     lambda m: not rx.search(r"(?:struggl\w*|trouble|difficult\w*|bad|problems?|hate|scared|afraid|fear)\s+(?:(?:with|at|of)\s+)?$", self.t[: m.start()])):
            self.refinements.append(("more leaps", None))
            self.say("more leaps (less monotonous): wider and more frequent leaps", "更多跳进（不那么单调）")
        if self.take_all(r"\b(?:fewer|less|smaller)\s+(?:leaps|jumps|skips)\b|\bnot\s+(?:so|too|as)\s+many\s+(?:leaps|jumps|skips)\b|(?:不要|别)那么多跳进?|\bsmoother\b|\bmore\s+stepwise\b|\bless\s+jumpy\b"
                     r"|\b(?:mostly|mainly|largely|mostly\s+by)\s+(?:steps|stepwise(?:\s+motion)?)\b"
                     r"|\b(?:steps|stepwise(?:\s+motion)?)\s*,?\s*(?:mostly|mainly|largely|for\s+the\s+most\s+part)\b"
                     r"|少一些跳进|少一点跳进|跳进少一些|跳进少一点|跳进少点|减少跳进|更平稳|更流畅|平稳一些|以级进为主|级进为主"
                     r"|(?:不要|别)(?:跳|跳进)(?:太多|那么多)|跳(?:进)?(?:不要|别)太多|少跳"
                     r"|\b(?:lyrical|cantabile|legato|flowing|smooth|hymn[\s-]like|hymns?(?:\s+tunes?)?|lullaby|gentle|calm)\b|抒情|优美|深情|歌唱性|连贯|流畅|摇篮曲|平稳|柔和|安静") and not fewer_said:
            self.refinements.append(("fewer leaps", None))
            self.say("fewer leaps (smoother)", "更少跳进（更平稳）")

        # "with a couple of leaps": the level's leaps, said back so the words are not lost.
        if self.take(r"\b(?:with\s+)?(?:a\s+couple\s+of|a\s+few|some|occasional|the\s+odd)\s+(?:leaps|jumps|skips)\b"
                     r"|(?:有|带)?(?:一些|几个|少量|几处)\s*(?:跳进|(?<![a-z])(?:leaps?|jumps?|skips?)(?![a-z]))"
                     # "有跳进的练习", "a tune with leaps": leaps wanted, as many as the level has.
                     r"|(?<![没不别])(?:要有|有|带)跳进|\bwith\s+(?:leaps|jumps|skips)\b"):
            self.say("a few leaps (as the level allows)", "少量跳进（按等级）")

    def _add_leap(self, name: str) -> None:
        self.refinements.append(("add interval", name))
        self._say_interval(name, prefix_en="add a leap", prefix_zh="加入跳进")

    def _max_leap(self, semitones: int, en: str, zh: str) -> None:
        self.set("max_leap", semitones)
        self.say(f"max leap: {semitones} semitones (a {en})", f"最大跳进：{zh}（{semitones} 个半音）")

    def _say_interval(self, name: str, *, prefix_en: str = "target interval", prefix_zh: str = "目标音程") -> None:
        iv = parse_interval(name)
        direction_zh = {1: "上行", -1: "下行", 0: ""}[iv.direction]
        number = iv.interval.number
        zh_size = ("纯" if iv.interval.quality == "P" else _ZH_QUALITY_NAMES.get(iv.interval.quality, "")) \
            + _ZH_NUMBER_NAMES.get(number, str(number)) + "度"
        direction_en = {1: "ascending ", -1: "descending ", 0: ""}[iv.direction]
        self.say(f"{prefix_en}: {name} ({direction_en}{iv.interval.words if hasattr(iv.interval, 'words') else name})",
                 f"{prefix_zh}：{direction_zh}{zh_size}（{name}）")

    def _intervals(self) -> None:
        # Sizes as words or as ordinals ("minor 6ths", "3rds").
        sizes = "second|third|fourth|fifth|sixth|seventh|octave|2nd|3rd|4th|5th|6th|7th"
        found: list[str] = []
        both = (r"(\s*,?\s+(?:only\s+)?(?:both\s+)?(?:up\s+and\s+down|down\s+and\s+up|both\s+ways|in\s+both\s+directions"
                r"|(?:ascending|rising)\s+and\s+(?:descending|falling)))?")
        one_way = r"(\s*,?\s+(?:only\s+)?(?:going\s+|moving\s+)?(?:down(?:wards?)?|up(?:wards?)?|descending|ascending|falling|rising)\b)?"
        for m in self.take_all(r"\b(?:(ascending|rising|upward|descending|falling|downward)\s+)?(major|minor|perfect|augmented|diminished)\s+(?:and|&|or)\s+"
                               r"(major|minor|perfect|augmented|diminished)\s+(" + sizes + r")s\b(?:\s+only)?" + both + one_way
                               + r"|大小([二三六七])度"):
            number = _SIZE_WORDS[m.group(4)] if m.group(4) else _ZH_SIZE[m.group(7)]
            qualities = [_QUALITY[m.group(2)], _QUALITY[m.group(3)]] if m.group(2) else ["M", "m"]
            way = (m.group(1) or "") + (m.group(6) or "")
            signs = ["+", "-"] if m.group(5) else ["-"] if rx.search(r"desc|fall|down", way) else ["+"]
            found += [f"{sign}{q}{number}" for q in qualities for sign in signs]
        matches = sorted(self.take_all(
            r"\b(?:(ascending|rising|upward|descending|falling|downward)\s+)?(?:(major|minor|perfect|augmented|diminished)\s+)?"
            r"(" + sizes + r"|tritone)(s)?\b" + both
            + r"(\s*,?\s+(?:going\s+|moving\s+)?(?:down(?:wards?)?|up(?:wards?)?|descending|ascending|falling|rising)\b)?",
            lambda m: bool(m.group(4) or m.group(1) or m.group(2) or m.group(3) == "tritone")), key=lambda m: m.start())
        # "fourths and fifths, going down": a direction after a list is every listed interval's.
        shared: list[tuple[str | None, str | None]] = [(m.group(5), m.group(6)) for m in matches]
        for i in range(len(matches) - 2, -1, -1):
            between = self.raw[matches[i].end():matches[i + 1].start()].lower()
            if not (matches[i].group(1) or any(shared[i])) and rx.fullmatch(r"\s*(?:,|and|&|or|,\s*and)\s*", between):
                shared[i] = shared[i + 1]
        for m, (both_ways, after) in zip(matches, shared, strict=True):
            direction, quality, size = m.group(1) or "", m.group(2) or "", m.group(3)
            sign = "-" if direction in ("descending", "falling", "downward") else "+"
            if size == "tritone":
                name = "A4"
            else:
                number = _SIZE_WORDS[size]
                name = f"{_QUALITY.get(quality, _DEFAULT_QUALITY[number])}{number}"
            if after:
                sign = "-" if rx.search(r"down|descend|fall", after) else "+"
            found += [f"+{name}", f"-{name}"] if both_ways else [f"{sign}{name}"]
        for m in self.take_all(r"(?<![a-z0-9])([+-])([mmpad])(\d{1,2})(?![0-9])"):
            found.append(self.original(m))
        for m in self.take_all(r"(?:多练习?|练习|多一些|多用|重点练习?)?\s*(上下行|上行和下行|上行与下行|上行|下行)?\s*"
                               r"(?:(大|小|纯|增|减)([二三四五六七八九])度|(三全音))(?:的?音程)?(\s*(?:的)?上下行|\s*上行和下行)?"):
            name = "A4" if m.group(4) else f"{_ZH_QUALITY[m.group(2)]}{_ZH_SIZE[m.group(3)]}"
            if m.group(5) or (m.group(1) or "").startswith("上") and "下" in (m.group(1) or ""):
                found += [f"+{name}", f"-{name}"]
            else:
                found.append(f"{'-' if m.group(1) == '下行' else '+'}{name}")
        # "多练习六度": a size with no quality, asked to be practised, is the size's usual interval
        # (as "lots of sixths" is); a bare "六度" with no such verb is left to the range ("六度以内").
        for m in self.take_all(r"(?:多练习?|练习|练练|练|重点练习?|多一些|多一点|多用|多出现|很多|大量)\s*(?:一些|一点|点)?\s*"
                               r"(上下行|上行和下行|上行与下行|上行|下行)?\s*(?:的)?([二三四五六七八九])度(?:的?音程)?"
                               r"(\s*(?:的)?上下行|\s*上行和下行)?(?!以内|之内|的音域|音域|跳|大跳)"):
            number = _ZH_SIZE[m.group(2)]
            name = f"{_DEFAULT_QUALITY[number]}{number}"
            if m.group(3) or (m.group(1) or "").startswith("上") and "下" in (m.group(1) or ""):
                found += [f"+{name}", f"-{name}"]
            else:
                found.append(f"{'-' if m.group(1) == '下行' else '+'}{name}")
        # "唱准半音", "practise semitones": the minor second, both ways.
        if self.take(r"\b(?:practi[cs]e|practi[cs]ing|work\s+on|sing(?:ing)?)\s+(?:my\s+|in[\s-]tune\s+)?(?:semitones|half[\s-]steps)\b(?:\s+in\s+tune)?"
                     r"|(?:练习?|多练|唱准|唱好)(?:唱准|唱好|唱)?半音(?!阶|音阶|\s*(?:以内|之内))"):
            found += ["+m2", "-m2"]
        # "上行六度和下行三度": a size with a direction is an interval to practise, not a range.
        for m in self.take_all(r"(上行|下行)\s*([二三四五六七八])度(?!以内|之内|音域)"):
            number = _ZH_SIZE[m.group(2)]
            found.append(f"{'-' if m.group(1) == '下行' else '+'}{_DEFAULT_QUALITY[number]}{number}")
        # "大六度和小六度，上行": a direction in a clause of its own is every interval's just named.
        # Said as a singer would ("往下唱", "向上走", "sing them going down"): the way is the direction's word.
        shared_way = self.take(r"(?:^|(?<=[,;:.]))\s*(?:only\s+|都|只要|全部)?(?:要|是)?(上行|下行|上下行|上行和下行|ascending|descending|rising|falling|"
                               r"going\s+up|going\s+down|up\s+and\s+down|both\s+ways|(?:往|向|朝)(?:上|下)|上上下下)(?:\s+only)?(?:唱|走|进行)?(?:的)?\s*(?=[,;:.!?]|$)") if found else None
        if shared_way:
            way = shared_way.group(1)
            plain = list(dict.fromkeys(name.lstrip("+-") for name in found))
            if way in ("上下行", "上行和下行", "up and down", "both ways", "上上下下"):
                found = [f"{sign}{name}" for name in plain for sign in "+-"]
            else:
                sign = "-" if rx.search(r"下|desc|fall|down", way) else "+"
                found = [f"{sign}{name}" for name in plain]
        for name in found:
            parse_interval(name)
            targets = self.found.setdefault("target_intervals", [])
            if name not in targets:
                targets.append(name)
                self._say_interval(name)

    def _target_notes(self) -> None:
        verbs_en = (r"(?:lots\s+of|many|plenty\s+of|more|extra|focus\s+on|work\s+on|practi[cs]e|practi[cs]ing|drill|"
                    r"emphasi[sz]e|feature|featuring|target|with\s+(?:lots\s+of\s+|many\s+|some\s+)?|use|using|include|including)")
        note = r"([a-g])(#|♯|b(?![a-z])|♭|-sharp|-flat|\s+sharp|\s+flat|sharp|flat|-natural|\s+natural|♮)?(\d)?(?:'?s|es)?(?![a-z0-9])"
        items: list[tuple[str, str | None, str | None]] = []
        # "practise hitting F#", "work on singing Bb": a verb of singing between the wish and the notes.
        singing = r"(?:(?:hitting|singing|nailing|reaching|pitching|landing\s+on|getting)\s+(?:an?\s+(?=[a-g]\W))?)?"
        for m in self.take_all(r"\b" + verbs_en + r"\s+" + singing + r"(?:the\s+(?:note\s+)?)?" + note
                               + r"((?:\s*(?:,|and|&)\s*(?:the\s+)?" + r"[a-g](?:#|♯|b(?![a-z])|♭|-sharp|-flat|\s+sharp|\s+flat)?\d?(?:'?s)?(?![a-z0-9]))*)",
                               self.not_article(1, 2, 3)):
            items.append((m.group(1), m.group(2), m.group(3)))
            for extra in rx.finditer(r"(?<![a-z])([a-g])(#|♯|b|♭|-sharp|-flat|\s+sharp|\s+flat)?(\d)?(?:'?s)?(?![a-z0-9])",
                                     m.group(4) or ""):
                items.append((extra.group(1), extra.group(2), extra.group(3)))
        # "A♯ in C major", as a weak spot is named: the key is read already, the note is one to practise.
        for m in self.take_all(r"(?:^|(?<=[,.;:!?]))\s*([a-g])(#|♯|b|♭)(?:\s+in)?(?![a-z0-9])(?=\s*(?:[,.;:!?]|$))",
                               lambda m: self.original(m, 1).isupper() and "key" in self.found):
            items.append((m.group(1), m.group(2), None))
        for m in self.take_all(r"\b(?:the\s+)?(?:note\s+)?" + note.replace("(?:'?s|es)?", "") + r"\s+(?:a\s+lot|often|more\s+often|many\s+times)\b"):
            items.append((m.group(1), m.group(2), m.group(3)))
        zh_verbs = r"(?:多练|多练习|练习|重点练习?|多一些|多一点|多些|多用|多出现|很多|大量|强调|突出|包含|加入|用到|中的|唱错|唱不准|多练练|练练|想练|练|要有|带有|有)(?=\s*(?:升|降|还原)?\s*[a-g](?![a-z]))"
        zh_note = r"(升|降|还原)?\s*([a-g])\s*(#|♯|b|♭)?\s*(\d)?(?:音)?"
        for m in self.take_all(zh_verbs + r"\s*" + zh_note + r"((?:\s*(?:,|和|与|及)\s*(?:升|降)?[a-g](?:#|♯|b|♭)?\d?)*)",
                               lambda m: not rx.search(r"(?:不要|不用|没有|别|不能|不)$", self.t[: m.start()].rstrip())):
            items.append((m.group(2), m.group(1) or m.group(3), m.group(4)))
            for extra in rx.finditer(r"(升|降)?([a-g])(#|♯|b|♭)?(\d)?", m.group(5) or ""):
                items.append((extra.group(2), extra.group(1) or extra.group(3), extra.group(4)))
        for letter, accidental, octave in items:
            acc = (accidental or "").strip().lstrip("-")
            sign = {"#": "#", "♯": "#", "sharp": "#", "升": "#", "b": "b", "♭": "b", "flat": "b", "降": "b"}.get(acc, "")
            name = letter.upper() + sign + (octave or "")
            parse_target_note(name)
            targets = self.found.setdefault("target_notes", [])
            if name not in targets:
                targets.append(name)
                zh_name = ("升" if sign == "#" else "降" if sign == "b" else "") + letter.upper() + (octave or "")
                self.say(f"target note: {name} (at least once every two bars)", f"目标音：{zh_name}（每两小节至少一次）")

    def _ledger_lines(self) -> None:
        """Notes on ledger lines (a reading skill, "read:ledger"): the range reaches past the staff both ways."""
        if self.take(r"\b(?:notes\s+on\s+)?ledger[\s-]lines?(?:\s+notes)?\b|加线(?:上的)?(?:音)?"):
            self.set("_ledger", True)
            self.say("ledger lines: the range reaches above and below the staff", "加线：音域超出五线谱上下")

    def _ends(self) -> None:
        """Where the tune starts and ends: the tonic, or (for a start) somewhere else."""
        degree = (r"(?:the\s+|a\s+)?(?:5th|fifth|dominant|3rd|third|mediant|sol|so|mi|2nd|second|supertonic|re|4th|fourth|subdominant|fa|"
                  r"6th|sixth|submediant|la|7th|seventh|leading[\s-](?:note|tone)|ti)(?:\s+degree)?")
        named = (r"(?:the\s+|a\s+)?(5th|fifth|dominant|3rd|third|mediant|sol|so|mi|2nd|second|supertonic|re|4th|fourth|"
                 r"subdominant|fa|6th|sixth|submediant|la|7th|seventh|leading[\s-](?:note|tone)|ti)(?:\s+degree)?")
        # "start and end on the tonic", 首尾都在主音: both ends at once (the start alone is no longer the default).
        if self.take(r"\b(?:that\s+)?(?:start(?:s|ing)?|begin(?:s|ning)?)\s+and\s+(?:end(?:s|ing)?|finish(?:es|ing)?)\s+"
                     r"(?:on|with)\s+(?:the\s+)?(?:tonic|do|home\s+note)\b"
                     r"|(?:开头和结尾|开始和结束|开头结尾|首尾)(?:都)?(?:要|得|必须|应该)?(?:在|是|落在|用)主音(?:上)?"
                     r"|(?:从|以)(?:主音|do)(?:开始|开头)(?:，|,|并|也|并且|和|又)*(?:在|以|落在|回到)?(?:主音|do)?(?:结束|结尾|收尾)"):
            self.set("start_on_tonic", True)
            self.set("start_degree", None)
            self.set("end_on_tonic", True)
            self.say("start: on the tonic", "开头：从主音开始")
            self.say("end: on the tonic", "结尾：落在主音")
        start = self.take(r"\b(?:that\s+)?(?:start(?:s|ing)?|begin(?:s|ning)?)\s+(?:on|with)\s+" + named + r"\b"
                          r"|(?:从|以)?(?:唱名\s*)?(?<![a-z])(下属音|属音|下中音|中音|上主音|导音|[二三四五六七]级音|sol|so|mi|re|fa|la|ti)(?:开始|起|开头)"
                          # 简谱 numbers: "从5开始", "以3开头", "start on 3" (not "从第5小节开始", "start on 3/4").
                          r"|(?:从|以)\s*([2-7])\s*(?:开始|起|开头)"
                          r"|\b(?:start(?:s|ing)?|begin(?:s|ning)?)\s+(?:on|with|from)\s+(?:(?:degree|note|scale\s+degree)\s+)?([2-7])" + _LONE_DEGREE)
        if start:
            word = next(g for g in start.groups() if g)
            number = _START_DEGREE_WORDS.get(rx.sub(r"[\s-]+", " ", word), 0) or int(word)
            solfa = SOLFA_NAMES[number - 1]
            # The degree is pinned (start_degree); start_on_tonic False keeps what older readers of the params saw.
            self.set("start_on_tonic", False)
            self.set("start_degree", number)
            self.say(f"start: on {solfa} (degree {number} of the key)", f"开头：从{solfa}（{number}级音）开始")
        elif self.take(r"\b(?:that\s+)?(?:start(?:s|ing)?|begin(?:s|ning)?)\s+(?:on|with)\s+(?:the\s+)?(?:tonic|1st|first\s+degree|do|home\s+note)\b"
                       r"|\b(?:start(?:s|ing)?|begin(?:s|ning)?)\s+(?:on|with|from)\s+(?:(?:degree|note|scale\s+degree)\s+)?1" + _LONE_DEGREE
                       + r"|(?:从|以)(?:主音|do|一级音)(?:开始|起|开头)|(?:从|以)\s*1\s*(?:开始|起|开头)"):
            self.set("start_on_tonic", True)
            self.set("start_degree", None)
            self.say("start: on the tonic", "开头：从主音开始")
        if self.take(r"\b(?:and\s+)?(?:that\s+)?(?:end(?:s|ing)?|finish(?:es|ing)?)\s+(?:on|with)\s+" + degree
                     + r"(?:\s*,?\s*(?:not|rather\s+than|instead\s+of)\s+(?:on\s+)?(?:the\s+)?(?:tonic|do|home\s+note))?\b"
                     r"|(?:(?:结束|结尾|收尾)\s*(?:要|得)?\s*(?:落|停)?|落|停)(?:在|于)(?:属音|中音|五级音|三级音|sol|mi|[2-7](?![\d/]))(?:上)?|(?:以|在|到)\s*(?:属音|中音|五级音|三级音|sol|mi|[2-7])\s*(?:结束|结尾|收尾)"
                     r"|\b(?:end(?:s|ing)?|finish(?:es|ing)?)\s+(?:on|with)\s+(?:(?:degree|note|scale\s+degree)\s+)?[2-7]" + _LONE_DEGREE + r""
                     r"|\b(?:not|never|don'?t|do\s+not|doesn'?t|does\s+not|shouldn'?t|should\s+not|won'?t|will\s+not|mustn'?t|must\s+not)\s+(?:end|finish)(?:s|ing)?\s+(?:on|with)\s+(?:the\s+)?(?:tonic|do|home\s+note)\b|(?:不要|别|不)(?:以|在)?主音(?:结束|结尾|收尾)|(?:结尾|结束)(?:不要|别|不)(?:落)?在主音(?:上)?"):
            self.set("end_on_tonic", False)
            self.say("end: not on the tonic (the degree itself is not fixed)", "结尾：不落在主音（具体音级不固定）")
        elif self.take(r"\b(?:and\s+)?(?:that\s+)?(?:end(?:s|ing)?|finish(?:es|ing)?)\s+(?:on|with)\s+(?:the\s+)?(?:tonic|do|home\s+note|1st)\b"
                     r"|(?:结束|结尾|收尾)?(?:要|得|必须|应该)?(?:落|停|结束)?(?:在|于)主音(?:上)?|(?:以|在|到)\s*(?:主音|do|1)\s*(?:结束|结尾|收尾)"
                     r"|(?:(?:结束|结尾|收尾)\s*(?:要|得)?\s*(?:落|停)?|落|停)(?:在|于)1(?![\d/])|\b(?:end(?:s|ing)?|finish(?:es|ing)?)\s+(?:on|with)\s+(?:(?:degree|note|scale\s+degree)\s+)?1" + _LONE_DEGREE + r""
                     # "It should come back to the tonic", 最后要回到主音: a return home at the end is an ending on the tonic.
                     r"|\b(?:and\s+)?(?:that\s+)?(?:(?:come|get|go|return|resolve)(?:s|ing)?\s+(?:back\s+)?(?:home\s+)?to|end(?:s|ing)?\s+back\s+on)"
                     r"\s+(?:the\s+)?(?:tonic|do|home\s+note|home\s+key\s+note)(?:\s+at\s+the\s+end)?\b"
                     r"|(?:最后|最终|结尾|结束时|末尾)?(?:一定|还是)?(?:要|得|必须|需要|应该)?(?:回到|回归|落到|落回|停在)(?:主音|do|1)(?:上)?"):
            self.set("end_on_tonic", True)
            self.say("end: on the tonic", "结尾：落在主音")

    def _degrees(self) -> None:
        """Scale degrees named as targets: the leading note (raised in minor), "the raised 7th" of a minor key."""
        if self.take(r"\b(?:the\s+)?raised\s+(?:6th|sixth)\s+and\s+(?:7th|seventh)(?:\s+degrees?)?\b|升高的?(?:第)?六(?:级)?和(?:第)?七级(?:音)?|升六级?(?:音)?(?:和|与|、)升七级(?:音)?"):
            self.set("_raised", "melodic-minor")
        elif self.take(r"\b(?:the\s+)?(?:raised|sharpened)\s+(?:7th|seventh|leading\s+(?:note|tone))(?:\s+degree)?s?\b|升高的?(?:第)?七级(?:音)?|升七级(?:音)?"
                       r"|\b(?:the\s+|its\s+)?harmonic\s+" + _FORM_NOUN + r"|和声(?:小调)?形式"):
            self.set("_raised", "harmonic-minor")
        elif self.take(r"\b(?:the\s+|its\s+)?melodic\s+" + _FORM_NOUN + r"|旋律(?:小调)?形式"):
            self.set("_raised", "melodic-minor")
        if self.take(r"\b(?:the\s+)?(?:[a-g](?:\s*#|\s*♯|\s+sharp|-sharp|b|♭|\s+flat|-flat)?\s+)?leading[\s-](?:notes?|tones?)"
                     r"(?:\s+(?:resolutions?|resolving|to\s+(?:the\s+)?tonic))?\b"
                     r"|(?:升高的)?导音(?:解决|到主音|进行到主音)?"):
            self.set("_leading", True)

    def _altered_degrees(self) -> None:
        """A degree of the key raised or lowered ("a flattened seventh", "flat 7", "the sharp fourth", "降七级", "升4"):
        that note, worked out from the key once it is known (the raised seventh of a minor key is read above)."""
        degree = r"([1-7](?![0-9/])|2nd|3rd|[4-7]th|" + _DEGREE_WORDS + r")"
        # In Chinese a degree is 七级音 or 简谱's digit (降7, 升4); "升一级" is a level, not a degree.
        for m in self.take_all(r"\b(flat(?:tened)?|lowered|sharp(?:ened)?|raised)\s+" + degree + r"(?:\s+(?:degree|note|scale\s+degree))?s?\b"
                               r"(?!\s*(?:bars?|beats?|measures?)\b)"
                               r"|(♭|♯)\s*([1-7])(?![0-9/])"
                               r"|(降低的|降|升高的|升)(?:第)?(?:([一二三四五六七])级音|([1-7])(?:级音)?(?![0-9/级度拍个小分]))"):
            way = m.group(1) or m.group(3) or m.group(5)
            number = m.group(2) or m.group(4) or m.group(6) or m.group(7)
            step = int(number[0]) if number[0].isdigit() else _ZH_DIGITS.get(number) or _DEGREE_NUMBERS[number]
            shift = -1 if way in ("flat", "flattened", "lowered", "♭", "降低的", "降") else 1
            self.found.setdefault("_altered", []).append((step, shift))

    def _note_glosses(self) -> None:
        """A note name in brackets after the words for it ("the raised 7th (G#)", "a flat 7 (Bb)"): a note to practise."""
        for m in self.take_all(r"\(\s*([a-g])(#|♯|b|♭)?\s*\)", lambda m: self.original(m, 1).isupper()):
            sign = {"♯": "#", "♭": "b"}.get(m.group(2) or "", m.group(2) or "")
            self.found.setdefault("_glosses", []).append(self.original(m, 1) + sign)

    def _rhythm_devices(self) -> None:
        # "dotted eighths", "附点八分音符" alone: a dotted eighth is always followed by its sixteenth. "小附点" and "大附点"
        # are the textbook names of the dotted eighth and sixteenth and of the dotted quarter and eighth.
        if self.take(r"\bdotted[\s-]+(?:quaver|eighth|8th)(?:[\s-]+notes?)?\s*(?:-|and|\+)?\s*(?:semiquaver|sixteenth|16th)s?(?:\s+(?:rhythms?|figures?|patterns?))?\b"
                     r"|附点八分(?:音符)?(?:\s*(?:加|和|与|-|\+)?\s*十六分(?:音符)?)?(?:节奏)?|小附点(?:节奏|音符)?"):
            self.set("dots", True)
            self.found.setdefault("target_rhythms", []).append("dotted-8th-16th")
            self.found.setdefault("_with_durations", []).append("16th")
            self.say("rhythm: dotted eighth and sixteenth (every two bars)", "节奏：附点八分+十六分（每两小节至少一次）")
        if self.take_all(r"\bdotted[\s-]+(?:quarter|crotchet)s?(?:[\s-]+notes?)?\s*(?:-|and|\+|\s)\s*(?:eighth|quaver|8th)s?(?:\s+(?:rhythms?|figures?|patterns?))?\b"
                         r"|附点四分(?:音符)?\s*(?:加|和|与|-|\+)\s*八分(?:音符)?(?:节奏)?|大附点(?:节奏|音符)?"
                         r"|\bdotted(?:\s+(?:rhythms?|notes?|quarters?|quarter\s+notes?|eighths?|crotchets?|quavers?|minims?))?\b|附点(?:节奏|音符|四分音符|八分音符)?"):
            self.set("dots", True)
            if "dotted-8th-16th" not in self.found.get("target_rhythms", []):
                self.found.setdefault("target_rhythms", []).append("dotted-quarter-8th")
            self.say("rhythm: dotted notes (a dotted quarter and eighth every two bars)", "节奏：附点（每两小节至少一次附点四分+八分）")
        if self.take(r"\bquarter[\s-]notes?\s+triplets?\b|\bcrotchet\s+triplets?\b|四分音符三连音|四分三连音"):
            self.set("triplets", True)
            self.found.setdefault("target_rhythms", []).append("triplet-quarter")
            self.say("rhythm: quarter-note triplets (every two bars)", "节奏：四分音符三连音（每两小节至少一次）")
        if self.take_all(r"\b(?:(?:eighth|8th|quaver)[\s-]+(?:notes?[\s-]+)?)?triplets?(?:\s+(?:rhythms?|eighths?))?\b|(?:八分音符|八分)?三连音"):
            self.set("triplets", True)
            self.found.setdefault("target_rhythms", []).append("triplet-8th")
            self.say("rhythm: triplets (every two bars)", "节奏：三连音（每两小节至少一次）")
        if self.take(r"\b(?:(?:four|4)\s+)?(?:sixteenths?|16ths?|semiquavers?)(?:\s+notes?)?\b|(?:四个)?十六分音符"):
            self.set("durations", ["half", "quarter", "eighth", "16th"])
            self.say("rhythm: sixteenth notes", "节奏：十六分音符")
        # "Rests on the off-beats": the rests are asked for; where they fall is the rhythm's, and said so.
        if self.take(r"\b(?:with\s+)?(?:some\s+)?rests?\s+(?:on|in)\s+(?:the\s+)?off[\s-]?beats?\b|反拍(?:上)?(?:的)?休止|休止(?:在|放在)反拍(?:上)?"):
            self.set("rests", 1)
            self.say("rests: one entry after a rest every two bars", "休止：每两小节一次休止后进入")
            self.answer("where a rest falls (on or off the beat) follows the drill's rhythm; it cannot be placed as asked",
                        "休止落在哪一拍（正拍或反拍）由练习的节奏决定，不能指定")
        # Notes off the beat are syncopation: "off-beat rhythms", "反拍", "后半拍".
        if self.take_all(r"\b(?:more\s+)?syncopat\w*(?:\s+rhythms?)?\b|(?:更多|多一些)?切分(?:音|节奏)?"
                     r"|\boff[\s-]?beats?(?:\s+(?:rhythms?|notes?|accents?|entries))?\b|反拍|后半拍(?:进入)?"):
            self.set("syncopation", True)
            self.found.setdefault("target_rhythms", []).append("syncopation")
            self.say("rhythm: syncopation (every two bars)", "节奏：切分（每两小节至少一次）")
        if self.take(r"\b(?:no|without)\s+(?:ties|tied\s+notes)\b|(?:不要|没有|不用|别用)\s*(?:连音线|延音线|(?:ties|tied\s+notes)\b)"):
            self.set("ties", False)
            self.say("ties: none", "连音线：不用")
        elif self.take(r"\b(?:with\s+)?(?:some\s+)?(?:ties|tied\s+notes)(?:\s+(?:across|over)\s+(?:the\s+)?bar[\s-]?lines?)?\b|(?:跨(?:小节线?|拍)的?)?(?:连音线|延音线)"):
            self.set("ties", True)
            self.say("ties: notes tied across beats and bar lines", "连音线：跨拍、跨小节的连音")
        # "Lots of rests", "多一些休止": two entries after a rest in every window, whatever else is said of rests.
        lots = self.take(r"\b(?:with\s+)?(?:lots\s+of|plenty\s+of|many|loads\s+of|a\s+lot\s+of)\s+rests\b"
                         r"|很多休止符?|大量休止符?") is not None
        entries = self.take(r"\b(?:coming|come|comes)\s+in\s+after\s+(?:a\s+|the\s+)?rests?\b|\bentr(?:y|ies)\s+after\s+(?:a\s+)?rests?\b|休止后(?:的)?进入")
        if not lots and not entries and self.take(r"\b(?:no|without)\s+rests?\b|不要休止符?|没有休止符?|(?:不要|没有)\s*rests?\b"):
            self.set("rests", 0)
            self.say("rests: none", "休止：无")
        elif lots or entries or self.take(r"\b(?:with\s+)?(?:some\s+|a\s+few\s+)?rests?\b|带休止符?|有休止符?|休止符?"):
            self.take(r"\b(?:so\s+(?:that\s+)?i\s+can\s+)?(?:practi[cs]e\s+)?coming\s+in(?:\s+(?:after\s+(?:them|rests?)|on\s+time))?\b")
            self.set("rests", 2 if lots else 1)
            if lots:
                self.say("rests: two entries after a rest every two bars", "休止：每两小节两次休止后进入")
            else:
                self.say("rests: one entry after a rest every two bars", "休止：每两小节一次休止后进入")

    def _accidentals(self) -> None:
        if self.take(r"\b(?:no|without|avoid)\s+(?:accidentals|chromatic(?:ism|\s+notes)?|sharps\s+or\s+flats|sharps\s+and\s+flats)\b"
                     r"|(?:不要|没有|无|不用|别用|避免)(?:临时)?(?:升降号|升降记号|变音记号|临时记号|变化音)"):
            self.set("accidentals", False)
            self.say("accidentals: off", "临时记号：不用")
            # "no accidentals or chromatic notes": the same wish said twice.
            self.take_all(r"(?:\b(?:or|and)\s+|/\s*)(?:accidentals|chromatic(?:ism|\s+notes)?)\b")
        elif self.take(r"(?<!key\swith\s)\b(?:lots\s+of|many|plenty\s+of|some|a\s+few|more)\s+(?:sharps|flats|sharps\s+and\s+flats)\b(?!\s+in\s+the\s+key)"
                       r"|(?<!key\swith\s)\b(?:with\s+)?(?:some\s+)?(?:accidentals|chromatic(?:ism|\s+notes|\s+passing\s+(?:notes|tones)|\s+neighbou?r(?:\s+(?:notes|tones))?)?)"
                       r"(?:\s+(?:are\s+)?(?:allowed|ok|okay|fine|welcome|permitted))?\b|临时(?:升降)?记号|变化音|半音化"):
            self.set("accidentals", True)
            self.say("accidentals: on (chromatic neighbour and passing notes)", "临时记号：使用（半音邻音与经过音）")
            # "chromatic, with lots of sharps", "accidentals / chromatic notes": the same wish said twice.
            self.take_all(r"\b(?:lots\s+of|many|plenty\s+of|some|a\s+few|more)\s+(?:sharps|flats|sharps\s+and\s+flats)\b"
                          r"|(?:\b(?:or|and)\s+|/\s*)(?:accidentals|chromatic(?:ism|\s+notes)?)\b")

    def _mood(self) -> None:
        # A lilt is a gentle swing in two beats of three: 6/8, unless the words name a meter.
        if self.take(r"\b(?:lilting|lilt|lilts|swaying|rocking)\b|摇曳|摇荡"):
            if "meter" not in self.found:
                self.set("meter", "6/8")
                self.say("lilting: 6/8 (a lilt in two beats of three)", "摇曳：6/8拍（每拍三个八分音符的律动）")
            else:
                self.say(f"lilting (in {self.found['meter']})", f"摇曳（{self.found['meter']}拍）")
        self.take_all(r"\b(?:flavou?r|colou?r|vibe)\b")
        m = self.take(r"\b(?:majestic|stately|grand|solemn|noble|maestoso)\b|庄严|雄壮|庄重|威严|宏伟")
        if m:
            self.found.setdefault("tempo", 80)
            self.say(f"{self.original(m).lower()}: broad (tempo {self.found['tempo']})", f"{self.original(m)}：宽广（速度 {self.found['tempo']}）")
        m = self.take(r"\b(?:energetic|spirited|vigorous|driving|feisty)\b|热烈|激昂|有活力|充满活力|有朝气")
        if m:
            self.found.setdefault("tempo", 126)
            self.say(f"{self.original(m).lower()}: lively (tempo {self.found['tempo']})", f"{self.original(m)}：较快（速度 {self.found['tempo']}）")
        m = self.take(r"\b(?:mysterious|dark|eerie|spooky|haunting|moody|ominous|sinister|brooding)\b|神秘|阴暗|阴森|恐怖|幽暗|诡异|压抑")
        if m:
            if "mode" not in self.found or self.found.get("_mode_defaulted"):
                self._set_mode_keeping_key("minor")
            self.say(f"{self.original(m).lower()}: minor", f"{self.original(m)}：小调")
        m = self.take(r"\b(?:peaceful|serene|tender|dreamy|tranquil|soothing|sweetly)\b|宁静|温柔|梦幻|恬静|舒缓")
        if m and ("fewer leaps", None) not in self.refinements:  # "calm, peaceful": one wish
            self.refinements.append(("fewer leaps", None))
            self.say(f"{self.original(m).lower()}: fewer leaps (smoother)", f"{self.original(m)}：更少跳进（更平稳）")
        if self.take(r"\b(?:sad|melancholy|melancholic|gloomy|mournful|sorrowful)\b|悲伤|忧伤|伤感|哀伤"):
            self.set("_mood", "sad")
            if self._mode_named():
                self.say("mood: sad (slow)", "情绪：悲伤（慢速）")
            else:
                if "key" in self.found:  # "a sad melody in D": D minor
                    self._set_mode_keeping_key("minor")
                self.say("mood: sad (minor, slow)", "情绪：悲伤（小调、慢速）")
        elif self.take_all(r"\b(?:happy(?!\s+birthday)|cheerful|bright|joyful|upbeat|bouncy|playful|jolly|light[\s-]?hearted)\b|欢快|快乐|明亮|愉快|活泼|俏皮|轻快"):
            self.set("_mood", "happy")
            if self._mode_named():
                self.say("mood: happy (lively)", "情绪：欢快（较快）")
            else:
                self.say("mood: happy (major, lively)", "情绪：欢快（大调、较快）")

    def _mode_named(self) -> bool:
        """Whether the words named the mode (a mood word then leaves it alone)."""
        return "mode" in self.found and not self.found.get("_mode_defaulted")

    def _set_mode_keeping_key(self, mode: str) -> None:
        """A mode implied by a word ("modal", "mysterious"): the key named without a mode takes it."""
        if "key" in self.found:
            self.understood_key_pop()
            self._set_key(*_split_note(self.found["key"]), mode)
        else:
            self.set("mode", mode)

    def _refinement_words(self) -> None:
        table: list[tuple[str, str, str, str]] = [
            ("harder", r"\bharder\b|\bmore\s+difficult\b|\bmore\s+challenging\b|\bstep\s+it\s+up\b|更难|难一点|难一些|难点儿|再难点|难点的|难些|难度(?:再|稍微|稍)?(?:高|大)一?[点些]|加大难度|提高难度|(?:难度|等级)?(?:升|提高|加)一级",
             "harder: one level up", "更难：升一级"),
            ("easier", r"\beasier\b|\bsimpler\b|\bless\s+difficult\b|更简单|简单一点|简单一些|简单点|简单些|容易一点|容易点|容易些|难度(?:再|稍微|稍)?(?:低|小)一?[点些]|降低难度|(?:难度|等级)?(?:降|降低|减)一级",
             "easier: one level down", "更简单：降一级"),
            ("again", r"\banother(?:\s+one)?\b|\bsame\s+again\b|\bone\s+more\b|\bagain\b|再来一[条个首段遍](?:类似的|差不多的)?|再来|再生成一[条个首段]|换一[条个首段]|一样的|类似的|差不多的",
             "another drill: the same settings, a new melody", "再来一条：同样的设置，新的旋律"),
            ("cap bars", r"\bnot\s+(?:too|very|so)\s+long\b|不要太长|别太长|不太长|不用太长", "not too long: at most 8 bars",
             "不要太长：最多 8 小节"),
            ("floor bars", r"\bnot\s+(?:too|so)\s+short\b|不要太短|别太短|不太短", "not too short: at least 8 bars",
             "不要太短：至少 8 小节"),
            ("cap high", r"\bnot\s+(?:too|so|very)\s+high\b|\bnothing\s+(?:too\s+)?high\b|\bno\s+high\s+notes\b|不要太高|别太高|不太高|不用太高|不要那么高|别那么高|音(?:不要|别)太高",
             "not too high: the top of the range down a third", "不要太高：音域上限降低三度"),
            ("raise low", r"\bnot\s+(?:too|so|very)\s+low\b|\bno\s+low\s+notes\b|不要太低|别太低|不太低|不要那么低|别那么低|音(?:不要|别)太低",
             "not too low: the bottom of the range up a third", "不要太低：音域下限升高三度"),
            ("double bars", r"\btwice\s+as\s+long\b|\bdouble\s+(?:the\s+)?(?:length|bars)\b|长度加倍|加倍长度|长一倍|小节数加倍",
             "twice as long", "长度加倍"),
            ("halve bars", r"\bhalf\s+as\s+long\b|\bhalve\s+(?:the\s+)?(?:length|bars)\b|长度减半|(?:缩|减|缩减)?短一半|(?:缩短|减少|减掉)一半|小节数减半",
             "half as long", "长度减半"),
            ("shorter", r"\bshorter\b|(?:缩)?短一点|(?:缩)?短一些|更短|缩短", "shorter", "更短"),
            ("longer", r"\blonger\b|长一点|长一些|更长", "longer", "更长"),
            ("slower", r"\bslower\b|慢一点|慢一些|慢点|慢些|更慢|放慢", "slower", "更慢"),
            ("faster", r"\bfaster\b|\bquicker\b|快一点|快一些|快点|快些|更快|加快", "faster", "更快"),
            ("narrower", r"\bnarrower(?:\s+range)?\b|\b(?:a\s+)?smaller\s+range\b|\b(?:the\s+)?range\s+(?:smaller|narrower)\b|\bnot\s+(?:too|so)\s+wide\b|音域窄一点|音域窄一些|音域(?:不要|别)太宽|音域小一点|窄一点",
             "narrower: the range a third narrower", "音域更窄：缩小三度"),
            ("wider", r"\bwider(?:\s+range)?\b|\b(?:uses?\s+)?(?:the\s+)?(?:whole|full|entire)\s+range(?:\s+of\s+(?:the|my|your|a)\s+(?:voice|instrument))?\b|\b(?:the\s+)?range\s+(?:bigger|wider|larger)\b|\b(?:a\s+)?(?:bigger|larger)\s+range\b|音域宽一点|音域宽一些|音域大一点|宽一点",
             "wider: the range a third wider", "音域更宽：扩大三度"),
            ("higher", _NOT_A_LIMIT + r"\bhigher\b(?!\s+than\s+(?:an?\s+|the\s+)?(?:open\s+)?[a-g]\b)|(?:我的)?音域(?:比较|偏|很|有点)?高|\bmy\s+(?:voice|range)\s+is\s+(?:quite\s+|pretty\s+|rather\s+)?high\b|\b(?:bring|take|move|put)\s+it\s+up\b|\b(?:with\s+|some\s+|more\s+)?high\s+notes\b|高一点|高一些|更高|高音多一些"
             # "work on my top notes", "练高音", "高音区多一点": the high notes are the wish.
             r"|\b(?:(?:work\s+on|practi[cs]e|practi[cs]ing|focus\s+on)\s+)?(?:my\s+|the\s+|our\s+|their\s+)?(?:top|upper)\s+(?:notes|register)\b"
             r"|\b(?:work\s+on|practi[cs]e|practi[cs]ing|focus\s+on)\s+(?:my\s+|the\s+|our\s+|their\s+)?high\s+(?:notes|register)\b"
             r"|(?:多练|练练|练习|练|多唱|多用)高音(?:区)?(?![0-9a-z\u4e00-\u9fff](?<!的))|高音区(?:多一点|多一些|多点)?", "higher: range up a third", "更高：音域升高三度"),
            ("lower", _NOT_A_LIMIT + r"\blower\b(?!\s+than\s+(?:an?\s+|the\s+)?(?:open\s+)?[a-g]\b)|(?:我的)?音域(?:比较|偏|很|有点)?低|\bmy\s+(?:voice|range)\s+is\s+(?:quite\s+|pretty\s+|rather\s+)?low\b|\bi\s+have\s+a\s+low\s+voice\b|\b(?:bring|take|move|put)\s+it\s+down\b|低一点|低一些|更低"
             r"|\b(?:work\s+on|practi[cs]e|practi[cs]ing|focus\s+on)\s+(?:my\s+|the\s+|our\s+|their\s+)?(?:low|bottom|lower)\s+(?:notes|register)\b"
             r"|(?:多练|练练|练习|练|多唱|多用)低音(?![0-9a-z\u4e00-\u9fff区])", "lower: range down a third", "更低：音域降低三度"),
        ]
        # "速度慢一点", "音域再高一些": the thing named before the Chinese comparative goes with it.
        before = (r"(?:速度|音域|长度)?(?:比(?:上次|刚才|之前|上一个|上一条|这个|这条)|再|稍微|稍|还要|还|a\s+(?:bit|little)\s+|slightly\s+"
                  r"|much\s+|even\s+)?")
        after = r"(?:\s+than\s+(?:last\s+time|before|the\s+last\s+one|the\s+previous\s+one|that(?:\s+one)?|this(?:\s+one)?))?"
        # "A low range melody": lower, unless a clef, voice, instrument or range already placed it.
        if self.take(r"\b(?:in\s+(?:a|the)\s+)?low\s+(?:range|register)\b|低音区"):
            if any(k in self.found for k in ("low", "voice", "clef")):
                self.say("low range: as the clef, voice or instrument places it", "低音区：按谱号、声部或乐器的音域")
            elif ("lower", None) not in self.refinements:
                self.refinements.append(("lower", None))
                self.say("lower: range down a third", "更低：音域降低三度")
        for name, pattern, en, zh in table:
            # "太难了，简单一点": one wish said twice is one step.
            # "A little quicker, 20 bpm faster": a step by an amount already read is the same wish.
            if self.take_all(before + r"(?:" + pattern + r")" + after) and name not in {n for n, _ in self.refinements}:
                if name == "lower" and self.found.get("_too_high"):
                    continue  # "E5 is too high, keep it lower": one wish, the range cut below E5 (``_too_high_pitch``)
                self.refinements.append((name, None))
                self.say(en, zh)


#: Bars in a line of printed music, as a class sheet or 简谱 prints them ("两行" is eight bars).
BARS_PER_LINE = 4

#: "Nothing lower than the open C string", "no higher than E5": a limit on one end of the range (``_range_bounds``),
#: not a step of the whole range.
_NOT_A_LIMIT = r"(?<!nothing\s)(?<!\bno\s)(?<!\bnot\s)(?<!never\s)"


def _level_word_pattern(word: str, *, english: bool) -> str:
    """A level word as a whole clause; "more difficult", "更简单", "简单一点" are refinements, read later."""
    if english:
        return r"(?<!more )(?<!less )\b" + word + r"\b(?:\s+level)?"
    # "不那么难的" is not "难的": a level word after a negation is only its own negated entry.
    # "大跳不太容易唱准", "高音很难唱准": before a verb of singing or hearing right, the word is "hard/easy to", said of
    # something in the drill (a complaint, read with what it names), not the drill's level.
    return (r"(?<![更再较比不])(?<!那么)(?<!不太)(?<!别太)(?<!不要太)" + word + r"(?:级|水平|难度)?(?!一点|一些|点|些)"
            r"(?!(?:唱|读|听|找|记|抓|把握|掌握|控制|分辨|跟)(?:准|对|好|出|住|稳|上))")


# ============================================================================ building parameters


def _fresh(reader: _Reader) -> DrillParams:
    found = dict(reader.found)
    level = int(found.pop("level", 3))
    mood = found.pop("_mood", None)
    if mood == "sad":
        found.setdefault("mode", "minor")
        found.setdefault("tempo", 66)
    elif mood == "happy":
        found.setdefault("mode", "major")
        found.setdefault("tempo", 112)
    explicit_level = "level" in reader.found
    base = DrillParams.preset(level, **_fields(found))
    if not explicit_level:
        reader.understood.insert(0, f"等级：{level}（默认）" if reader.zh else f"level: {level} (default)")
    changes = [r for r in reader.refinements if r[0] != "voice"]
    if changes:
        return _apply(base, changes, {}, reader)
    return _finish(base.to_dict(), reader)


def _fields(found: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in found.items() if not k.startswith("_")}


_KEEP_ON_LEVEL_CHANGE = ("kind", "key", "mode", "meter", "low", "high", "voice", "clef", "bars", "form",
                         "progression", "target_notes", "target_intervals", "target_rhythms", "quota", "quota_window",
                         "rhythm_pattern", "output", "rests", "tempo")


def _refine(previous: DrillParams, reader: _Reader) -> DrillParams:
    found = dict(reader.found)
    mood = found.pop("_mood", None)
    if mood == "sad":
        found.setdefault("mode", "minor")
    data = previous.to_dict()
    data["seed"] = None
    if "level" in found and found["level"] != previous.level:
        level = int(found.pop("level"))
        keep = {k: data[k] for k in _KEEP_ON_LEVEL_CHANGE}
        data = DrillParams.preset(level, **keep).to_dict()
        data["seed"] = None
    found.pop("level", None)
    if any(found.get(f) == data.get(f) for f in ("bars", "tempo")):
        found = {k: v for k, v in found.items() if not (k in ("bars", "tempo") and v == data.get(k))}
    return _apply(DrillParams.from_dict(data), reader.refinements, found, reader, refining=True)


def _apply(base: DrillParams, refinements: list[tuple[str, Any]], found: dict[str, Any], reader: _Reader, *,
           refining: bool = False) -> DrillParams:
    """Apply refinement words to ``base``: each changes only the parameters it names."""
    data = base.to_dict()
    data["seed"] = found.get("seed")
    # A value the words name ("太难了，换个容易的", "slower, at 60") wins over a step that would move it again.
    named = {"harder": "level", "easier": "level", "slower": "tempo", "faster": "tempo", "shorter": "bars",
             "longer": "bars", "cap bars": "bars", "floor bars": "bars", "double bars": "bars", "halve bars": "bars"}
    # In a refinement, a named value equal to the last drill's is the one complained of ("八小节太长了").
    refinements = [r for r in refinements if named.get(r[0]) not in reader.found
                   or (refining and named[r[0]] in ("bars", "tempo") and reader.found[named[r[0]]] == data[named[r[0]]])]
    for name, value in refinements:
        if name in ("harder", "easier"):
            level = max(1, min(6, int(data["level"]) + (1 if name == "harder" else -1)))
            keep = {k: data[k] for k in _KEEP_ON_LEVEL_CHANGE if k != "tempo"}
            tempo = int(data["tempo"]) + (8 if name == "harder" else -8)
            preset = DrillParams.preset(level, **keep).to_dict()
            preset["tempo"] = max(40, min(200, tempo))
            preset["seed"] = data["seed"]
            data = preset
        elif name == "more leaps":
            data["leap_bias"] = min(20.0, float(data["leap_bias"]) * 1.8)
            data["step_bias"] = max(0.2, float(data["step_bias"]) / 1.4)
            data["max_leap"] = min(12, int(data["max_leap"]) + 2)
        elif name == "fewer leaps":
            data["leap_bias"] = max(0.05, float(data["leap_bias"]) / 1.8)
            data["step_bias"] = min(20.0, float(data["step_bias"]) * 1.4)
        elif name == "add interval":
            iv = parse_interval(value)
            data["target_intervals"] = [*[t for t in data["target_intervals"] if t != value], value]
            if "max_leap" not in reader.found:
                data["max_leap"] = max(int(data["max_leap"]), abs(iv.semitones))
            # The range makes room for it in _finish, unless the request names the range.
        elif name == "cap bars":
            data["bars"] = min(int(data["bars"]), 8)
        elif name == "floor bars":
            data["bars"] = max(int(data["bars"]), 8)
        elif name in ("double bars", "halve bars"):
            data["bars"] = min(MAX_BARS, int(data["bars"]) * 2) if name == "double bars" else max(1, int(data["bars"]) // 2)
        elif name in ("shorter", "longer") and value is not None:
            data["bars"] = max(1, min(MAX_BARS, int(data["bars"]) + (value if name == "longer" else -value)))
        elif name in ("slower", "faster") and value is not None:
            data["tempo"] = max(40, min(200, int(data["tempo"]) + (value if name == "faster" else -value)))
        elif name in ("shorter", "longer"):
            bars = int(data["bars"])
            bars = max(2, bars - 4 if bars > 4 else bars // 2) if name == "shorter" else min(32, bars + 4)
            data["bars"] = bars
        elif name in ("slower", "faster"):
            data["tempo"] = max(40, min(200, int(data["tempo"]) + (-12 if name == "slower" else 12)))
        elif name == "cap high" and not reader.found.get("_range_named"):
            low, high = _midi(data["low"]), _midi(data["high"])
            data["high"] = _shift_name(data["high"], -min(4, max(0, high - low - 7)))
        elif name == "raise low" and not reader.found.get("_range_named"):
            low, high = _midi(data["low"]), _midi(data["high"])
            data["low"] = _shift_name(data["low"], min(4, max(0, high - low - 7)))
        elif name == "narrower" and not reader.found.get("_range_named"):
            low, high = _midi(data["low"]), _midi(data["high"])
            data["high"] = _shift_name(data["high"], -min(4, max(0, high - low - 7)))
        elif name == "wider" and not reader.found.get("_range_named"):
            data["high"] = _shift_name(data["high"], 4)
        elif name in ("higher", "lower"):
            shift = 4 if name == "higher" else -4
            data["low"], data["high"] = _shift_name(data["low"], shift), _shift_name(data["high"], shift)
        elif name == "voice":
            data["low"], data["high"] = VOICE_RANGES[value]
            data["voice"] = value
    if "clef" in found and not ("low" in found or "voice" in found):
        data["low"], data["high"] = CLEF_RANGES[found["clef"]]
    data.update(_fields(found))
    if data.get("level") not in LEVELS:
        raise InvalidParams(f"level: {data.get('level')!r} is not one of 1..6")
    if data.get("mode") not in MODES:
        raise InvalidParams(f"mode: {data.get('mode')!r} is not one of {', '.join(MODES)}")
    return _finish(data, reader)


def _finish(data: dict[str, Any], reader: _Reader) -> DrillParams:
    """Fix-ups every request gets: a syncopation wish raises its weight, chromatic targets need no switch."""
    shift = reader.found.get("_octave_shift")
    if shift and not any(k in reader.found for k in ("low", "high")):
        data["low"], data["high"] = _shift_name(data["low"], shift), _shift_name(data["high"], shift)
    _range_bounds(data, reader)
    _instrument_range(data, reader)
    _range_in_key_spelling(data, reader)
    _note_value_limits(data, reader)
    span = reader.found.get("_span")
    explicit = any(k in reader.found for k in ("low", "high"))
    if span is not None and not explicit and (_midi(data["high"]) - _midi(data["low"]) > span or reader.found.get("_span_exact")):
        data["high"] = _shift_name(data["low"], span)
    if reader.found.get("_ledger") and not any(k in reader.found for k in ("low", "high", "voice")):
        data["low"], data["high"] = LEDGER_RANGES[data.get("clef") or "treble"]
    _scale_degrees(data, reader)
    _altered_notes(data, reader)
    _solfa_targets(data, reader)
    _degree_pitches(data, reader)
    _room_for_target_intervals(data, reader)
    if "syncopation" in (data.get("target_rhythms") or []):
        data["syncopation"] = True
        data["syncopation_bias"] = max(float(data.get("syncopation_bias", 1.0)), 2.0)
    if data.get("target_notes"):
        data["target_bias"] = max(float(data.get("target_bias", 1.5)), 3.0)
    if data.get("form") and data["form"] not in ("period", "sentence"):
        letters = len(rx.findall(r"[A-H]", data["form"]))
        if int(data["bars"]) % letters:
            data["bars"] = max(letters, int(data["bars"]) // letters * letters) if "bars" not in reader.found \
                else data["bars"]
    if data["meter"].endswith("/8") and "triplet-8th" in (data.get("target_rhythms") or []):
        # In compound time three eighths to the beat are the meter's own triplets.
        data["target_rhythms"] = ["8th-triple" if t == "triplet-8th" else t for t in data["target_rhythms"]]
    if data["meter"].endswith("/8") and "dotted-quarter-8th" in (data.get("target_rhythms") or []):
        # A dotted quarter is the beat itself in compound time: its dotted figure is a dotted eighth and a sixteenth.
        data["target_rhythms"] = list(dict.fromkeys("dotted-8th-16th" if t == "dotted-quarter-8th" else t
                                                    for t in data["target_rhythms"]))
        said_before = ("rhythm: dotted notes (a dotted quarter and eighth every two bars)", "节奏：附点（每两小节至少一次附点四分+八分）")
        reader.understood[:] = [line for line in reader.understood if line not in said_before]
        reader.say(f"rhythm: dotted notes (in {data['meter']}, a dotted eighth and sixteenth every two bars)",
                   f"节奏：附点（{data['meter']}拍里是附点八分+十六分，每两小节至少一次）")
    if data.get("rhythm_pattern") and "meter" not in reader.found:
        meter = _meter_for_pattern(sum((pattern_value(v) for v in data["rhythm_pattern"]), Fraction(0)), data["meter"])
        if meter != data["meter"]:
            data["meter"] = meter
            reader.say(f"meter: {meter} (to hold the rhythm pattern)", f"拍号：{meter}拍（容纳节奏型）")
    applied = reader.found.get("_applied")
    if applied:
        key = make_key(data["key"], data["mode"])
        tonic = "i" if key.minor_family else "I"
        chart = insert_applied(data["progression"].split(), applied, tonic=tonic)
        data["progression"] = " ".join(chart)
        reader.say(f"chords: {data['progression']} (applied: {applied})",
                   f"和弦进行：{data['progression']}（副属和弦：{applied}）")
        if data.get("kind", "melody") != "melody":
            reader.say(f"note: a {data['kind']} drill has no chords; the applied chord is not used",
                       f"注意：{_KIND_ZH[data['kind']]}没有和弦，副属和弦不会用到")
    if data.get("progression"):
        key = make_key(data["key"], data["mode"])
        try:
            first = parse_progression(data["progression"], key)[0]
        except MusicError as exc:
            raise InvalidParams(chart_error_zh(str(exc)) if reader.zh else str(exc)) from None
        if data.get("start_on_tonic") is not False and key.tonic_pc not in first.pcs and data.get("kind", "melody") == "melody":
            # "ii-V-I": the first chord has no tonic, so the tune starts on a tone of that chord.
            data["start_on_tonic"] = False
            reader.say(f"start: on a tone of {first.figure} (the first chord holds no tonic)",
                       f"开头：从 {first.figure} 和弦的音开始（第一个和弦没有主音）")
    return DrillParams.from_dict(data)


#: A range with two ledger lines' worth of notes past each side of the staff, per clef.
LEDGER_RANGES = {"treble": ("A3", "C6"), "bass": ("C2", "E4"), "alto": ("B2", "D5"), "tenor": ("G2", "A4")}

_NOTE_VALUE_ORDER = ("whole", "half", "quarter", "eighth", "16th")


def _note_value_limits(data: dict[str, Any], reader: _Reader) -> None:
    """ "no sixteenths", "no triplets": taken out of whatever the level (or the request) allows."""
    wanted = [d for d in reader.found.get("_with_durations") or [] if d not in data["durations"]]
    if wanted:
        data["durations"] = [d for d in _NOTE_VALUE_ORDER if d in data["durations"] or d in wanted]
    _longest_note_fits(data, reader)
    banned = reader.found.get("_no_durations") or []
    if banned:
        kept = [d for d in data["durations"] if d not in banned]
        if not kept:
            raise InvalidParams("时值：去掉这些时值后没有可用的音符时值" if reader.zh
                                else "durations: nothing is left once those note values are taken out")
        data["durations"] = kept
    tags = {"dots": ("dotted",), "triplets": ("triplet",), "syncopation": ("syncopation",)}
    for name in reader.found.get("_no_rhythms") or []:
        data[name] = False
        data["target_rhythms"] = [t for t in data.get("target_rhythms") or [] if not t.startswith(tags[name])]
    if "16th" not in data["durations"]:
        data["target_rhythms"] = [t for t in data.get("target_rhythms") or [] if "16th" not in t and t != "16ths"]


def _range_bounds(data: dict[str, Any], reader: _Reader) -> None:
    """One end of the range named: a limit cuts the range there, a named end is that end; a sixth at least remains."""
    for end, sign in (("high", 1), ("low", -1)):
        bound = reader.found.get(f"_{end}_bound")
        if bound is None:
            continue
        name, exact, semitones = bound
        if not name[-1].isdigit():
            # "high A": the A nearest this end of the range (of the voice, clef or level), the higher one at a tie.
            name = min((f"{name}{octave}" for octave in range(1, 8)),
                       key=lambda pitch: (abs(_midi(pitch) - _midi(data[end])), -sign * _midi(pitch)))
        name = _shift_name(name, semitones) if semitones else name
        if exact or sign * (_midi(data[end]) - _midi(name)) > 0:
            data[end] = name
        other = "low" if end == "high" else "high"
        if sign * (_midi(data[end]) - _midi(data[other])) < 9:
            data[other] = _shift_name(data[end], -sign * 9)


def _instrument_range(data: dict[str, Any], reader: _Reader) -> None:
    """A drill for an instrument stays on it: a step of the range ("lower", "higher") that would take it past the
    instrument's lowest or highest comfortable note is moved back inside, keeping its size where the instrument allows.
    A range or voice named in words is left as said."""
    name = reader.found.get("_instrument")
    if name is None or reader.found.get("_range_named") or "voice" in reader.found:
        return
    lowest, highest = INSTRUMENT_RANGES[name][:2]
    low, high = _midi(data["low"]), _midi(data["high"])
    if low >= _midi(lowest) and high <= _midi(highest):
        return
    shift = _midi(lowest) - low if low < _midi(lowest) else _midi(highest) - high
    data["low"], data["high"] = _shift_name(data["low"], shift), _shift_name(data["high"], shift)
    if _midi(data["low"]) < _midi(lowest):
        data["low"] = lowest
    if _midi(data["high"]) > _midi(highest):
        data["high"] = highest
    zh_name = _ZH_INSTRUMENT_NAMES[name]
    reader.say(f"range: {data['low']}-{data['high']}, kept within the {name}'s {lowest}-{highest}",
               f"音域：{data['low']}-{data['high']}（不超出{zh_name}的 {lowest}-{highest}）")


_NOTE_VALUE_QUARTERS = {"whole": Fraction(4), "half": Fraction(2), "quarter": Fraction(1), "eighth": Fraction(1, 2),
                        "16th": Fraction(1, 4)}
_NOTE_VALUE_NAMES_EN = {"whole": "whole notes", "half": "half notes", "quarter": "quarter notes", "eighth": "eighth notes",
                        "16th": "sixteenth notes"}


def _longest_note_fits(data: dict[str, Any], reader: _Reader) -> None:
    """ "Only whole notes, in 3/4": no bar holds them, so the wish is answered and the longest values that fit are used."""
    bar = parse_meter(data["meter"]).bar_length
    if any(_NOTE_VALUE_QUARTERS[d] <= bar for d in data["durations"]):
        return
    asked = data["durations"]
    fitting = [d for d in _NOTE_VALUE_ORDER if _NOTE_VALUE_QUARTERS[d] <= bar]
    data["durations"] = fitting[:2]
    data["dots"] = bar.denominator == 1 and bar.numerator % 3 == 0  # a dotted half fills a bar of 3/4
    en = " and ".join(_NOTE_VALUE_NAMES_EN[d] for d in data["durations"])
    zh = "和".join(_ZH_DURATION_NAMES[d].removesuffix("音符") + "音符" for d in data["durations"])
    reader.answer(f"{' and '.join(_NOTE_VALUE_NAMES_EN[d] for d in asked)} do not fit a bar of {data['meter']}; "
                  f"{en} are used instead" + (" (a dotted half fills a bar)" if data["dots"] else ""),
                  f"{'和'.join(_ZH_DURATION_NAMES[d].removesuffix('音符') + '音符' for d in asked)}放不进{data['meter']}拍的一小节；"
                  f"改用{zh}" + ("（附点二分音符占满一小节）" if data["dots"] else ""))


def _scale_degrees(data: dict[str, Any], reader: _Reader) -> None:
    """The raised seventh of a minor key is its harmonic form; the leading note becomes a target note."""
    raised = reader.found.get("_raised")
    if raised and data["mode"] in ("minor", "aeolian"):
        data["mode"] = raised
        reader.say(f"mode: {raised} (the raised degrees)", f"调式：{ZH_MODE_NAMES[raised]}（升高的音级）")
    elif raised:
        reader.found["_leading"] = True
    if reader.found.get("_leading"):
        note = leading_note(data["key"])
        targets = list(data.get("target_notes") or [])
        if note not in targets:
            data["target_notes"] = [*targets, note]
        zh_name = {"#": "升", "b": "降", "##": "重升", "bb": "重降"}.get(note[1:], "") + note[0]
        reader.say(f"target note: {note} (the leading note, at least once every two bars)",
                   f"目标音：{zh_name}（导音，每两小节至少一次）")


def _altered_notes(data: dict[str, Any], reader: _Reader) -> None:
    """Degrees raised or lowered from the major scale on the tonic, and notes named in brackets: notes to practise.

    A degree the key already has so ("a flattened seventh" in mixolydian or minor) is the key's own note, said so.
    """
    key = make_key(data["key"], data["mode"])
    own = {_pc_of(p.pc_name) for p in key_pitches(key, key.tonic_pitch.midi, key.tonic_pitch.midi + 11)}
    targets = list(data.get("target_notes") or [])
    minor = data["mode"] in MINOR_MODES
    for step, shift in reader.found.get("_altered") or []:
        # "The raised 6th" of a minor-family key (E dorian's C#) is raised from the natural minor's degree, as
        # teachers say it; a lowered degree, and any degree of a major-family key, moves from the major scale's.
        base = -1 if minor and shift > 0 and step in (3, 6, 7) else 0
        note = altered_degree(data["key"], step, shift + base)
        zh_name = {"#": "升", "b": "降", "##": "重升", "bb": "重降"}.get(note[1:], "") + note[0]
        way_en, way_zh = ("lowered", "降低的") if shift < 0 else ("raised", "升高的")
        ordinal = {2: "2nd", 3: "3rd"}.get(step, f"{step}th")
        if _pc_of(note) in own:
            reader.say(f"{way_en} {ordinal} degree: {note}, already in {data['key']} {data['mode']}",
                       f"{way_zh}{_ZH_NUMBER_NAMES[step]}级音：{zh_name}，{key_name_zh(data['key'], data['mode'])}本来就有")
            continue
        if note not in targets:
            targets.append(note)
            reader.say(f"target note: {note} (the {way_en} {ordinal} degree, at least once every two bars)",
                       f"目标音：{zh_name}（{way_zh}{_ZH_NUMBER_NAMES[step]}级音，每两小节至少一次）")
        data["accidentals"] = True
    for note in reader.found.get("_glosses") or []:
        if note not in targets:
            targets.append(note)
            zh_name = {"#": "升", "b": "降"}.get(note[1:], "") + note[0]
            reader.say(f"target note: {note} (at least once every two bars)", f"目标音：{zh_name}（每两小节至少一次）")
            if _pc_of(note) not in own:
                data["accidentals"] = True
    if targets != list(data.get("target_notes") or []):
        data["target_notes"] = targets
        data["target_bias"] = max(float(data.get("target_bias", 1.5)), 3.0)


def _solfa_targets(data: dict[str, Any], reader: _Reader) -> None:
    """Degrees said as movable do ("more fa and ti") placed in the key: notes to practise (do is the major tonic of
    the key's signature, so la is a minor key's tonic, as 首调 sings it)."""
    wanted = reader.found.get("_solfa_targets") or []
    if not wanted:
        return
    key = make_key(data["key"], data["mode"])
    own = {_pc_of(p.pc_name) for p in key_pitches(key, key.tonic_pitch.midi, key.tonic_pitch.midi + 11)}
    do = Key.from_fifths(key.fifths).tonic
    targets = list(data.get("target_notes") or [])
    for degree, word in wanted:
        note = altered_degree(do, degree, 0)
        if note in targets:
            continue
        if key.pentatonic and _pc_of(note) not in own:
            # A pentatonic mode has no fa or ti: said so, rather than refused.
            reader.answer(f"{word} ({note}) is not one of the five notes of {data['key']} {data['mode']}, so it is left out",
                          f"{word}（{note}）不在{key_name_zh(data['key'], data['mode'])}的五个音里，这里不用")
            continue
        targets.append(note)
        if _pc_of(note) not in own:
            data["accidentals"] = True
        zh_name = {"#": "升", "b": "降"}.get(note[1:], "") + note[0]
        reader.say(f"target note: {note} ({word}, at least once every two bars)",
                   f"目标音：{zh_name}（{word}，每两小节至少一次）")
    data["target_notes"] = targets
    data["target_bias"] = max(float(data.get("target_bias", 1.5)), 3.0)


def _degree_pitches(data: dict[str, Any], reader: _Reader) -> None:
    """Degrees said as movable do or 简谱 ("do to sol", "低音5"), placed in the key: do is its major tonic (the
    relative major's in a minor key) in the octave from C4, as 简谱's middle row is sung."""
    span = reader.found.get("_degree_span")
    reach = reader.found.get("_degree_reach") or []
    first = reader.found.get("_first_notes")
    if span is None and not reach and first is None:
        return
    do = Key.from_fifths(make_key(data["key"], data["mode"]).fifths).tonic
    if first is not None and span is None:
        # "The first five notes of the scale": from the tonic's degree (do in major, la in minor, re in dorian).
        letters = "CDEFGAB"
        tonic_degree = (letters.index(data["key"][0]) - letters.index(do[0])) % 7 + 1
        octave = 0 if tonic_degree <= 4 else -1
        span = ((tonic_degree, octave), (tonic_degree + first[0] - 1, octave), first[1])

    def pitch(degree: int, octaves: int) -> str:
        steps, rest = divmod(degree - 1, 7)
        letter = altered_degree(do, rest + 1, 0)
        midi = _midi(do + "4") + (0, 2, 4, 5, 7, 9, 11)[rest] + 12 * (octaves + steps)
        return next(letter + str(o) for o in range(9) if _midi(letter + str(o)) == midi)

    if span is not None and not any(k in reader.found for k in ("low", "high")):
        (low, low_octaves), (high, high_octaves), words = span
        data["low"], data["high"] = pitch(low, low_octaves), pitch(high, high_octaves)
        reader.say(f"range: {data['low']}-{data['high']} ({words}, do on the key's tonic)",
                   f"音域：{data['low']}-{data['high']}（{words}，首调）")
    for degree, octaves, words in reach:
        name = pitch(degree, octaves)
        if _midi(name) < _midi(data["low"]):
            data["low"] = name
        elif _midi(name) > _midi(data["high"]):
            data["high"] = name
        reader.say(f"range: reaches {name} ({words})", f"音域：用到 {name}（{words}）")


def _pc_of(name: str) -> int:
    naturals = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
    return (naturals[name[0]] + {"": 0, "#": 1, "##": 2, "b": -1, "bb": -2}[name[1:]]) % 12


def altered_degree(tonic: str, step: int, shift: int) -> str:
    """Degree ``step`` (1-7) of the major scale on ``tonic``, moved ``shift`` semitones, spelled on its own letter::

        >>> altered_degree("C", 7, -1), altered_degree("G", 7, -1), altered_degree("C", 4, 1), altered_degree("Eb", 3, -1)
        ('Bb', 'F', 'F#', 'Gb')
    """
    letters = "CDEFGAB"
    naturals = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
    letter = letters[(letters.index(tonic[0]) + step - 1) % 7]
    wanted = (_pc_of(tonic) + (0, 2, 4, 5, 7, 9, 11)[step - 1] + shift) % 12
    diff = (wanted - naturals[letter]) % 12
    return letter + {0: "", 1: "#", 2: "##", 11: "b", 10: "bb"}[diff]


def leading_note(tonic: str) -> str:
    """The note a semitone below ``tonic``, spelled on the letter below it (raised in minor)::

        >>> leading_note("E"), leading_note("F"), leading_note("Bb"), leading_note("G#")
        ('D#', 'E', 'A', 'F##')
    """
    naturals = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
    letters = "CDEFGAB"
    shift = {"": 0, "#": 1, "##": 2, "b": -1, "bb": -2}
    tonic_pc = (naturals[tonic[0]] + shift[tonic[1:]]) % 12
    letter = letters[(letters.index(tonic[0]) - 1) % 7]
    diff = ((tonic_pc - 1) - naturals[letter]) % 12
    return letter + {0: "", 1: "#", 2: "##", 11: "b", 10: "bb"}[diff]


def _room_for_target_intervals(data: dict[str, Any], reader: _Reader) -> None:
    """A named target interval is a wish for that leap: the level's max leap and default range make room for it."""
    widest = max((abs(parse_interval(t).semitones) for t in data.get("target_intervals") or []), default=0)
    if widest > int(data["max_leap"]) and "max_leap" not in reader.found:
        data["max_leap"] = widest
        reader.say(f"max leap: {widest} semitones (to hold the target interval)",
                   f"最大跳进：{widest} 个半音（容纳目标音程）")
    explicit_range = any(k in reader.found for k in ("low", "high", "voice", "clef"))
    if explicit_range:
        return
    low, high = _midi(data["low"]), _midi(data["high"])
    if high - low < widest + 2:
        data["high"] = _shift_name(data["high"], widest + 2 - (high - low))
    # B-F is the only diminished fifth of C major: the default range grows (up to an octave) until the key holds each one.
    key = make_key(data["key"], data["mode"])
    for name in data.get("target_intervals") or []:
        for extra in range(13):
            pitches = key_pitches(key, low, _midi(data["high"]) + extra)
            if any(melodic_interval(a, b) == name for a in pitches for b in pitches):
                if extra:
                    data["high"] = _shift_name(data["high"], extra)
                    reader.say(f"range: {data['low']}-{data['high']} (to hold {name})",
                               f"音域：{data['low']}-{data['high']}（容纳 {name}）")
                break


def insert_applied(chart: list[str], figure: str, *, tonic: str = "I") -> list[str]:
    """``chart`` with the applied chord ``figure`` placed where it resolves: just before its target chord.

    The chord before the target's first appearance (after the opening tonic)
    is replaced; without the target in the chart, the two are added at its
    end; without a chart, it is tonic, applied chord, target, then V (or the
    tonic when the target is V)::

        >>> insert_applied(["I", "V", "vi", "IV"], "V/vi")
        ['I', 'V/vi', 'vi', 'IV']
        >>> insert_applied(["I", "IV", "V", "I"], "V7/V")
        ['I', 'V7/V', 'V', 'I']
        >>> insert_applied(["I", "V", "I", "V"], "V/ii")
        ['I', 'V', 'I', 'V', 'V/ii', 'ii']
        >>> insert_applied([], "V/iv", tonic="i")
        ['i', 'V/iv', 'iv', 'V']
    """
    target = figure.partition("/")[2]
    if not chart:
        return [tonic, figure, target, tonic if target == "V" else "V"]
    bare = [rx.sub(r"(?:7|maj7|m7)$", "", f) for f in chart]
    for j in range(1, len(chart)):
        if bare[j] == target and "/" not in chart[j - 1]:
            if j - 1 == 0:
                return [chart[0], figure, *chart[1:]]
            return [*chart[: j - 1], figure, *chart[j:]]
    if figure in chart:
        return chart
    return [*chart, figure, target]


def drill_title(params: DrillParams, *, chinese: bool = False) -> str:
    """The drill's title in the request's language (worded in ``music.words``, which reads it back too).

        >>> p = DrillParams.preset(3, key="D", mode="minor", meter="3/4", bars=8)
        >>> drill_title(p)
        'Melody in D minor, 8 bars (level 3)'
        >>> drill_title(p, chinese=True)
        'd小调旋律，8小节（等级 3）'
    """
    return drill_title_words(kind=params.kind, tonic=params.key, mode=params.mode, bars=params.bars, level=params.level,
                             chinese=chinese)


def _meter_for_pattern(total: Fraction, current: str) -> str:
    """``current`` when the pattern fills its bars evenly, else the meter whose bar the pattern fills."""
    bar = parse_meter(current).bar_length
    if (bar / total).denominator == 1 or (total / bar).denominator == 1:
        return current
    by_length = {Fraction(2): "2/4", Fraction(3): "3/4", Fraction(4): "4/4", Fraction(5): "5/4",
                 Fraction(3, 2): "3/8", Fraction(9, 2): "9/8", Fraction(6): "12/8"}
    return by_length.get(total, current)


def _midi(name: str) -> int:
    from music.pitch import parse_pitch

    return parse_pitch(name).midi


_SHARP_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
_FLAT_NAMES = ("C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B")


def _range_in_key_spelling(data: dict[str, Any], reader: _Reader) -> None:
    """An end of the range the reader moved (a third down, an octave up) spelled the way the key writes its
    accidentals: the top of a lowered B flat major range is A flat 4, not G sharp 4 (a voice's range lowered too: a
    mezzo's "not too high" in A flat major tops at D flat 5). Ends named in words, and an instrument's, keep the
    spelling they were given."""
    try:
        fifths = make_key(data["key"], data["mode"]).fifths
    except (MusicError, KeyError):
        return
    names, wrong = (_FLAT_NAMES, "#") if fifths < 0 else (_SHARP_NAMES, "b") if fifths > 0 else ((), "")
    for end in ("low", "high"):
        # An end said in words or from an instrument's table keeps its spelling; a voice's, moved, takes the key's.
        as_given = end in reader.found and (reader.found.get("_range_named") or "voice" not in reader.found)
        if not names or as_given or wrong not in data[end][1:]:
            continue
        midi = _midi(data[end])
        data[end] = f"{names[midi % 12]}{midi // 12 - 1}"


def _shift_name(name: str, semitones: int) -> str:
    from music.pitch import parse_pitch
    from music.spelling import common_spelling

    return common_spelling(parse_pitch(name).midi + semitones).name


def _zh_number(text: str) -> int:
    """A number written in digits or in Chinese up to 999: "十二", "二十", "一百二十", "九十六"."""
    if text.isdigit():
        return int(text)
    if "百" in text:
        hundreds, _, rest = text.partition("百")
        rest = rest.lstrip("零")
        # "一百二" is 120: a lone digit after 百 counts tens.
        tail = _ZH_DIGITS[rest] * 10 if len(rest) == 1 and rest != "十" else (_zh_number(rest) if rest else 0)
        return _ZH_DIGITS[hundreds or "一"] * 100 + tail
    if text.startswith("十"):
        return 10 + (_ZH_DIGITS[text[1]] if len(text) > 1 else 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _ZH_DIGITS[tens] * 10 + (_ZH_DIGITS[ones] if ones else 0)
    return _ZH_DIGITS[text]


