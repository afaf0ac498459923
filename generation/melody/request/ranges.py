"""Reads where the notes lie: the range ("from C4 to E5", "not too high"), a span, the voice or clef,
an instrument and its range, ledger lines, and pitches named too high or two octaves."""

from __future__ import annotations

import re
from collections.abc import Callable

from music.pitch import parse_range

from ..params import VOICE_RANGES
from .compiled import rx
from .key import _KeyReader
from .text import _NUMBERS, _note_name
from .words import (
    _INSTRUMENT_WORDS,
    _MAX_SEMITONES,
    _MODE_WORDS,
    _SIZE_WORDS,
    _ZH_CLEF_NAMES,
    _ZH_CLEFS,
    _ZH_INSTRUMENT_NAMES,
    _ZH_INSTRUMENT_WORDS,
    _ZH_NUMBER_NAMES,
    INSTRUMENT_RANGES,
    _midi,
    _shift_name,
)

_ZH_VOICES = {"女高音": "soprano", "女中音": "alto", "女低音": "alto", "男高音": "tenor", "男中音": "baritone",
              "男低音": "bass"}
_ZH_VOICE_NAMES = {"soprano": "女高音", "alto": "女低音", "tenor": "男高音", "baritone": "男中音", "bass": "男低音"}
#: Children's unchanged voices, as a primary-school choir sings comfortably (C4 to D5).
CHILD_RANGE = ("C4", "D5")
#: A mezzo-soprano's comfortable range (the alto part's voice, a third higher at the top).
MEZZO_RANGE = ("A3", "F5")
#: The highest note in first position (the fourth finger on the top string) for instruments that shift.
FIRST_POSITION_TOP = {"violin": "B5", "viola": "E5", "cello": "D4", "erhu": "E5"}
#: Open strings, lowest first (written pitch, as ``INSTRUMENT_RANGES``), and how far above its open string a finger
#: reaches on one string without shifting, in semitones (first position: a fifth on strings tuned in fifths, the
#: fourth fret on a fretted instrument): "on the A and E strings only" is the notes those strings give.
STRING_TUNINGS: dict[str, tuple[tuple[str, ...], int]] = {
    "violin": (("G3", "D4", "A4", "E5"), 7), "viola": (("C3", "G3", "D4", "A4"), 7),
    "cello": (("C2", "G2", "D3", "A3"), 7), "mandolin": (("G3", "D4", "A4", "E5"), 7), "erhu": (("D4", "A4"), 7),
    "double bass": (("E2", "A2", "D3", "G3"), 4), "bass guitar": (("E2", "A2", "D3", "G3"), 4),
    "guitar": (("E3", "A3", "D4", "G4", "B4", "E5"), 4), "ukulele": (("C4", "E4", "G4", "A4"), 4),
}


_AGE = r"(?:[4-9]|10|four|five|six|seven|eight|nine|ten)"
_AGE_VALUES = {**{str(n): n for n in range(4, 11)}, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
               "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
#: Words for children young enough to sing with unchanged voices (ten and under), in English and Chinese.
_YOUNG_CHILDREN = (r"\b(?:(?:little|young|small)\s+(?:kids|children|ones)|(?:kids|children)\s+in\s+(?:my|our|the|his|her)\s+(?:class(?:es)?|group|school)"
                   r"|" + _AGE + r"(?:\s*(?:-|to)\s*" + _AGE + r")?[\s-]+years?[\s-]+olds?"
                   r"|(?:son|daughter|child|kid|boy|girl)(?:'s|\s+is)\s+" + _AGE + r"(?!\s*(?:bars?|measures?|years?\s+into))"
                   # "my students are 7", "the kids are 8 to 9", "im 10 and i play violin": a child's age said plainly.
                   r"|(?:(?:my|our|the)\s+(?:students|pupils|kids|children|class|singers)\s+(?:are|is)|(?:i'?m|im|i\s+am))\s+(?:only\s+|about\s+|around\s+)?"
                   + _AGE + r"(?:\s*(?:-|to|and)\s*" + _AGE + r")?(?:[\s-]+years?[\s-]+old)?(?![0-9'’])(?!\s*(?:bars?|measures?|years?\s+into|%))"
                   r"|ages?\s+" + _AGE + r"(?:\s*(?:-|to)\s*" + _AGE + r")?)\b"
                   r"|小朋友|儿童|(?<![0-9一二三四五六七八九十])(?:[4-9]|10|[四五六七八九十])岁")


#: A note named by its place: "the G above middle C" (G4), "the B below middle C" (B3), "the top-line F" (F5: a line of
#: the treble staff, or of the bass staff when the treble has no such line with that letter).
_STAFF_PITCH = (r"(?:the\s+)?[a-g]\s+(?:above|below)\s+middle\s+c"
                r"|(?:the\s+)?(?:top|bottom|middle|first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)[\s-]line\s+[a-g]")
_STAFF_LINES = {"treble": ("E4", "G4", "B4", "D5", "F5"), "bass": ("G2", "B2", "D3", "F3", "A3")}
_LINE_NUMBERS = {"bottom": 0, "first": 0, "1st": 0, "second": 1, "2nd": 1, "middle": 2, "third": 2, "3rd": 2,
                 "fourth": 3, "4th": 3, "fifth": 4, "5th": 4, "top": 4}


def _digit(said: str) -> int:
    """A 简谱 degree as written: "5", or "i" for the high 1 typed without its dot."""
    return 1 if said == "i" else int(said)


def _staff_pitch(words: str) -> str | None:
    """The pitch of a note named by its place (see :data:`_STAFF_PITCH`), or None when the words are not one."""
    m = rx.fullmatch(r"(?:the\s+)?([a-g])\s+(above|below)\s+middle\s+c", words)
    if m:
        letter = m.group(1).upper()
        return letter + ("4" if m.group(2) == "above" else "3") if letter != "C" else ("C5" if m.group(2) == "above" else "C3")
    m = rx.fullmatch(r"(?:the\s+)?(\w+)[\s-]line\s+([a-g])", words)
    if m is None or m.group(1) not in _LINE_NUMBERS:
        return None
    for lines in _STAFF_LINES.values():
        if lines[_LINE_NUMBERS[m.group(1)]][0] == m.group(2).upper():
            return lines[_LINE_NUMBERS[m.group(1)]]
    return None


class _RangeReader(_KeyReader):
    """Range, span, voice and clef, instrument, ledger lines."""

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
        # "中音萨克斯（降E调）": the pitch in brackets after the name.
        bracketed = rx.search(r"(?:单簧管|黑管|小号|圆号|长号|萨克斯(?:管|风)?)\s*\(\s*((?:降|升)?[a-g]调)\s*\)", self.t)
        if m is None and bracketed is not None:
            self.take_group(r"(?:单簧管|黑管|小号|圆号|长号|萨克斯(?:管|风)?)\s*(\(\s*(?:降|升)?[a-g]调\s*\))", 1)
            self.say(f"{self.original(bracketed, 1)}: the instrument's pitch, not the key (the drill is at concert pitch)",
                     f"{self.original(bracketed, 1)}：乐器的调，不是练习的调（练习按实际音高写）")
        if m:
            twice = self.t.count(m.group(2)) > 1
            self.take_group(r"((?:降|升)?[a-g]调" + (m.group(2) + ")" if twice else ")(?=" + m.group(2) + ")"), 1)
            self.say(f"{self.original(m, 1)}{m.group(2)}: the instrument's pitch, not the key (the drill is at concert pitch)",
                     f"{self.original(m, 1)}{m.group(2)}：乐器的调，不是练习的调（练习按实际音高写）")
        if self.take(r"(?:要|请)?(?:转调|移调|转|移)?(?:到|成|为)实际音高"):
            self.answer("a drill is already written at concert pitch; the studio can show it transposed for your instrument",
                        "练习本来就按实际音高写；练习室可以按你的乐器移调显示")
        # "give me the part as the trumpets read it", "帮我写成圆号的记谱": a transposed part, not written either.
        # "write it the way I read it", "帮我写成他看的谱" too.
        if self.take(r"\b(?:the\s+)?part\s+as\s+(?:the\s+|my\s+)?\w+\s+(?:reads?|see|sees)\s+it\b|\btransposed\s+parts?\b"
                     r"|\b(?:write|put|give\s+me)\s+(?:it|the\s+part|them)\s+(?:the\s+way|as)\s+(?:i|we|they|he|she)\s+(?:read|reads|see|sees)\s+it\b"
                     r"|写成(?:他|她|我|他们|学生|孩子)?(?:看|读)的谱|写成\S{0,6}?的?(?:记谱|分谱)|(?:移调|转成)(?:乐器)?的?(?:分谱|记谱)"):
            self.answer("a transposed part is not written: a drill is at concert pitch; the studio can show it transposed for your "
                        "instrument", "不写移调乐器的分谱：练习按实际音高写；练习室可以按你的乐器移调显示")
        # "sounding key E flat", "in concert pitch", "（实际音高）": what a drill is written in anyway.
        if self.take(r"\bsounding\s+(?:key|pitch)\b|\bsounding(?=\s+(?:in\s+)?(?:concert\s+)?[a-g](?:b|#|♭|♯)?(?![a-z]))|\b(?:(?:at|in)\s+)?concert\s+pitch\b|[（(]?实际音高[）)]?(?:是|为)?(?!\S{0,3}什么)"):
            self.say("concert pitch: a drill is written at concert pitch", "实际音高：练习按实际音高写")
        # "written in D major", "记谱F大调": the key named is the drill's, at concert pitch.
        if self.take(r"\b(?:my\s+)?written(?=\s+(?:in\s+)?(?:the\s+key\s+of\s+)?[a-g](?![a-z]))|记谱(?:是|为)?(?=\s*(?:降|升)?[a-g](?:大调|小调|调))"):
            self.say("written key: the drill is in the key named, at concert pitch; the studio can show it transposed for your "
                     "instrument", "记谱调：练习按所说的调、实际音高写；练习室可以按你的乐器移调显示")
        # "F调乐器": an instrument's pitch said without the instrument.
        if self.take(r"(?:降|升)?[a-g]调(?:的)?(?:移调)?乐器"):
            self.say("a transposing instrument: the drill is at concert pitch", "移调乐器：练习按实际音高写")
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

    def _two_octaves(self) -> None:
        """ "Spanning two octaves", "an octave and a half", 一个半八度 are a range, read before "octaves" could be taken for a
        leap to practise; "... up from G3", "从A3开始" puts its bottom there (the top is the size above it)."""
        size = (r"\b(?:(?P<en>one|two|1|2)(?P<en_half>\s+and\s+a\s+half)?|(?P<en_an>an?)\s+octave\s+and\s+a\s+half|(?P<en_dec>1\.5))"
                r"(?(en_an)|\s+octaves?\b)(?!\s+(?:leap|jump|skip|higher|lower|up\b(?!\s+from)|down))(?:\s+(?:range|span|wide|scale))?"
                r"|(?P<zh>一(?=个半)|两|二)个(?P<zh_half>半)?(?:的)?八度(?!以内|之内|内|跳|大跳)")
        bottom = (r"(?:\s*,?\s*(?:(?:going\s+)?up\s+)?(?:from|starting\s+(?:on|at|from))\s+(?P<low>[a-g](?:#|♯|b|♭)?\d)(?![0-9])"
                  r"|\s*[,，]?\s*(?:从|由)\s*(?P<zh_low>[a-g](?:#|♯|b|♭)?\d)\s*(?:开始|起|往上|向上)?)?")
        lead = (r"(?:(?:\b(?:my\s+|the\s+|a\s+)?range\s+(?:is\s+|of\s+)?|音域(?:只有|有|是|在)?)"
                r"(?:(?:about|around|roughly|approximately|only|just)\s+|大概|大约|差不多)*)?")
        m = self.take(lead + r"(?:" + size + r")" + bottom)
        if not m:
            return
        octaves = 1 if (m.group("en") or m.group("zh") or "") in ("one", "1", "一") or m.group("en_an") else 2
        half = bool(m.group("en_half") or m.group("en_an") or m.group("zh_half") or m.group("en_dec"))
        if m.group("en_dec"):
            octaves = 1
        # Singers who say "an octave and a half" mean an octave and a fifth (G3-D5): half of the next octave by its
        # steps, a top in the key, where six semitones would end on a tritone.
        semitones = 12 * octaves + (7 if half else 0)
        self.set("_span", semitones)
        self.set("_span_exact", True)
        en = {(1, False): "one octave", (2, False): "two octaves", (1, True): "an octave and a half",
              (2, True): "two and a half octaves"}[(octaves, half)]
        zh = f"{'一' if octaves == 1 else '两'}个{'半' if half else ''}八度"
        low = m.group("low") or m.group("zh_low")
        if low:
            low = low.capitalize()
            self.set("low", low)
            self.set("high", _shift_name(low, semitones))
            self.set("_range_named", True)
            self.say(f"range: {en} from {low} ({low}-{self.found['high']})", f"音域：从{low}起{zh}（{low}-{self.found['high']}）")
            return
        fifth = (" and a fifth" if octaves == 1 else "s and a fifth") if half else ""
        self.say(f"range: {en} ({semitones} semitones{', ' + ('an octave' if octaves == 1 else 'two octaves') + fifth if half else ''})",
                 f"音域：{zh}（{semitones} 个半音{'，' + ('一' if octaves == 1 else '两') + '个八度加五度' if half else ''}）")

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
                          + r"|(?:比|高于|超过)\s*" + pitch + r"\s*(?:高的音?|的音)?\s*(?:我)?(?:都|就)?(?:太高了?|" + zh_out_of_reach + r")"
                          # "我唱到C5以上就破音", "C5往上就唱不上去": the notes above the pitch, not the pitch, are out of reach.
                          + r"|(?:我)?(?:唱)?(?:到)?\s*" + pitch + r"\s*(?:以上|往上|再往上|再高)(?:的音)?\s*(?:我)?(?:就|都)?(?:会)?(?:太高了?|破音|"
                          + zh_out_of_reach + r")")
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

    def _range(self) -> None:
        self._range_in_words()
        self._range_bounds()
        if "low" in self.found:
            return
        pitch = r"([a-g](?:#|♯|b|♭)?\d)"
        # "stay between C4 and D5", "keep it within A3-E5": the verb is part of the range.
        # "comfortable from about B2 up to D4", "音域只在C4到E4之间": a hedge on the ends is the same range.
        about = r"(?:(?:about|around|roughly|approximately)\s+|大概|大约)?"
        # "my range these days is roughly A3 to E5", "音域大概是从A3到D5": a time and a hedge before the ends.
        m = self.take(r"(?:\b(?:(?:a\s+|the\s+)?(?:range|ambitus|compass)(?:\s+(?:these\s+days|nowadays|right\s+now|now|at\s+the\s+moment|currently))?"
                      r"(?:\s+(?:is|of))?\s*:?\s*(?:(?:about|around|roughly|approximately)\s+)?(?:from|between)?"
                      r"|(?:(?:stay(?:ing|s)?|keep\s+(?:it|everything|the\s+notes))\s+)?(?:(?:comfortable|comfy)\s+)?(?:from|between|within))"
                      r"|音域(?:现在|目前|大概|大约|只|就|只能)*(?:为|是|在)?(?:从)?|从)\s*:?\s*" + about + pitch
                      + r"\s*(?:-|to|up\s+to|and|–|到|至|~|和|与)\s*" + about + pitch + r"(?:之间)?")
        if m is None:
            # "C4-G4", "C4到G4", "C4 to G4": both ends with their octave need no verb before them.
            m = self.take(r"(?<![a-z0-9])" + pitch + r"(?:\s*(?:-|–|~|到|至)\s*|\s+to\s+)" + pitch + r"(?![0-9])")
        if m is None:
            self._letter_range()
            return
        if m:
            low, high = parse_range(f"{m.group(1).capitalize()}-{m.group(2).capitalize()}")
            self.set("low", low)
            self.set("high", high)
            self.set("_range_named", True)
            self.say(f"range: {low}-{high}", f"音域：{low}-{high}")

    def _letter_range(self) -> None:
        """ "Keep it within C to G", "C到G": a range of two note letters with no octave, placed once the drill's range
        is known (``finish``: the first letter nearest the range's bottom, the second the next one above it). Capital
        letters only, as a note is written ("a to b" in English words is not a range)."""
        letter = r"([a-g](?:#|♯|♭|b(?![a-z]))?)"
        # ("The notes from middle C up to G": the words before a middle C are the span's.)
        m = self.take(r"(?<![a-z0-9#♯♭])(?:(?:keep\s+it\s+)?(?:from|between|within)\s+|从\s*)?(?:middle\s+(?=c))?" + letter
                      + r"(?:\s+(?:to|up\s+to)\s+|\s*(?:到|至)\s*)" + letter
                      + r"(?![a-z0-9#♯♭])(?!\s*(?:major|minor|maj|min|dorian|mixolydian|lydian|phrygian|aeolian|大调|小调|调|宫|商|角|徵|羽))",
                      lambda m: self.original(m, 1)[0].isupper() and self.original(m, 2)[0].isupper())
        if m:
            self.set("_letter_span", (_note_name(m.group(1)[0], m.group(1)[1:]), _note_name(m.group(2)[0], m.group(2)[1:]),
                                      self.original(m).strip()))

    def _letter_set(self) -> None:
        """ "Using just B, A and G" (a recorder's first notes): a set of note letters is the tightest span that holds
        them (read before a list of notes to practise is). Capital letters only, as a note is written."""
        letter = r"([a-g](?:#|♯|♭|b(?![a-z]))?)"
        # ("only B A G please": three letters or more may be parted by spaces alone.)
        m = self.take(r"\b(?:(?:using|use)\s+)?(?:only|just)\s+(?:(?:using|use)\s+)?(?:the\s+notes\s+)?" + letter
                      # Any joiner between any two letters: "G, A and B", "G and A and B", "G & A & B", "G/A/B".
                      # (Spaces alone part them too where "and" or a comma ends the list: "only C D E and G".)
                      + r"(?:((?:(?:\s*,\s*|\s*[&/]\s*|\s+)" + letter + r")*)(?:\s*,?\s+and\s+|\s*[&/]\s*)" + letter
                      + r"(?:(?:\s*,?\s+and\s+|\s*,\s*|\s*[&/]\s*)" + letter + r")*|((?:\s+" + letter + r"){2,6}))(?![a-z0-9#♯♭])(?:\s+only)?",
                      lambda m: all(c[0].isupper() for c in rx.findall(r"(?<![a-z])[a-g](?![a-z])", self.original(m), flags=re.IGNORECASE)))
        if m:
            letters = sorted({c[0].upper() for c in rx.findall(r"(?<![a-z])[a-g](?![a-z#♯♭])", m.group(0))}, key="CDEFGAB".index)
            if len(letters) >= 2:
                order = "CDEFGAB"
                # The letter to start from: the one after the widest gap between the letters, round the octave.
                gaps = [((order.index(letters[(i + 1) % len(letters)]) - order.index(letters[i])) % 7, i) for i in range(len(letters))]
                _, widest = max(gaps)
                low, high = letters[(widest + 1) % len(letters)], letters[widest]
                self.set("_letter_span", (_note_name(low, ""), _note_name(high, ""), self.original(m).strip()))

    def _degree_range(self) -> None:
        """Notes said as scale degrees, the way a movable-do singer or 简谱 says them: "do to sol only", "从do到sol",
        "低音5和高音1" (a dot below or above: an octave down or up). They are placed in the key once it is known:
        a span is the range; notes an octave away are where the range must reach."""
        names = {"do": 1, "re": 2, "mi": 3, "fa": 4, "sol": 5, "so": 5, "la": 6, "ti": 7, "si": 7}
        solfa = r"(do|re|mi|fa|sol|so|la|ti|si)"
        # A dash only with spaces round it: "re-do it in G" is not a range.
        # "Low sol to high sol": the words only tell the two ends apart; where the span sits is the degrees' doing.
        # ("la below do up to mi": the low end's octave said outright.)
        m = self.take(r"(?<![a-z])(?:(?:from|between)\s+|从\s*)?(?:(?:the\s+)?low(?:er)?\s+)?" + solfa
                      + r"(\s+(?:below|under)\s+(?:do|the\s+tonic|the\s+keynote))?"
                      + r"(?:\s*(?:to|up\s+to|到|至|and)\s*|\s+[-–]\s+)(?:(?:the\s+)?(high(?:er)?|top)\s+)?" + solfa
                      + r"(?![a-z])(?:\s+only)?(?:之间|以内)?")
        if m:
            low, high = names[m.group(1)], names[m.group(4)]
            # A span that passes do going up ("sol to sol", "la to mi") and starts on sol, la or ti starts below do,
            # as a singer's "sol to sol" is the sol under the tonic to the one over it (the plagal range); from re,
            # mi or fa it starts above do, as the first notes of a scale are placed from the tonic's degree.
            below = -1 if (high <= low and low >= 5) or m.group(2) else 0
            octave = below + (1 if high <= low else 0) if not m.group(2) else 0
            # "do to high mi", "low sol and high do": "high" on an end of another name than the low one's is the
            # octave over the tonic's (high do is the upper tonic); "low sol to high sol" only tells two sols apart.
            if m.group(3) and high != low:
                octave = max(octave, 1)
            self.set("_degree_span", ((low, below), (high, octave), self.original(m).strip()))
        marks = {"低音": -1, "倍低音": -2, "中音": 0, "高音": 1, "倍高音": 2}
        # "高音i": 简谱 typed without its dot writes the high 1 as "i".
        marked = r"(倍低音|低音|中音|高音|倍高音)\s*(?:([1-7]|i(?![a-z]))(?![0-9])|" + solfa + r"(?![a-z]))"
        # "从do唱到高音mi": a first end with no mark is in the middle octave.
        first = r"(倍低音|低音|中音|高音|倍高音)?\s*(?:([1-7]|i(?![a-z]))(?![0-9])|" + solfa + r"(?![a-z]))"
        m = self.take(r"(?:音域\s*(?:从|在)?|从|在)?\s*" + marked + r"\s*(?:唱)?(?:到|至|-|~)\s*" + marked
                      + r"(?:之间)?(?:的?(?:范围|音域)(?:内|之内|以内)?)?"
                      r"|(?:音域\s*(?:从|在)?|从|在)\s*" + first + r"\s*(?:唱)?(?:到|至)\s*" + marked + r"(?:之间)?(?:的?(?:范围|音域)(?:内|之内|以内)?)?")
        if m:
            groups = (1, 4) if m.group(1) else (7, 10)
            ends = [(_digit(m.group(g + 1)) if m.group(g + 1) else names[m.group(g + 2)], marks.get(m.group(g) or "中音", 0)) for g in groups]
            self.set("_degree_span", (ends[0], ends[1], self.original(m).strip()))
        # "别低于低音6", "最高不超过高音2": a limit said as a degree, placed in the key as the range's end.
        for m in self.take_all(r"(?:音域\s*)?(?:(?<!女)(?<!男)(?:高音|低音)\s*)?(?:(?:不要|别|不能|不)(低于|高于|超过)|最(低|高)(?:音)?\s*(?:不低于|不超过|只到|只能到|到|是|为)?)\s*"
                               + marked):
            end = "low" if (m.group(1) or m.group(2)) in ("低于", "低") else "high"
            degree = _digit(m.group(4)) if m.group(4) else names[m.group(5)]
            self.found.setdefault("_degree_bounds", []).append((end, degree, marks[m.group(3)], self.original(m).strip()))
        # "nothing above sol", "no notes below low la": a limit said as a syllable, placed in the key as the range's end.
        for m in self.take_all(r"\b(?:nothing|no\s+notes?|not|never|don'?t\s+go)\s+(above|higher\s+than|over|past|below|lower\s+than|under)\s+"
                               r"(?:(?:the\s+)?(low(?:er)?|high(?:er)?|top|bottom)\s+)?" + solfa + r"(?![a-z])"):
            end = "high" if m.group(1) in ("above", "higher than", "over", "past") else "low"
            octave = {"low": -1, "lower": -1, "bottom": -1, "high": 1, "higher": 1, "top": 1}.get(m.group(2) or "", 0)
            self.found.setdefault("_degree_bounds", []).append((end, names[m.group(3)], octave, self.original(m).strip()))
        # "不要带高音点的音", "都在中音区": no note with a dot above (below), so the range ends at the middle octave's 7 (1).
        for m in self.take_all(r"(?:不要|别|不能|不用|没有)(?:带|有|用|出现)?\s*(高|低)音点(?:的音)?|(?:都|只|全)(?:在|用)中音区(?:内|里|的音)?"):
            if m.group(1) != "低":
                self.found.setdefault("_degree_bounds", []).append(("high", 7, 0, self.original(m).strip()))
            if m.group(1) != "高":
                self.found.setdefault("_degree_bounds", []).append(("low", 1, 0, self.original(m).strip()))
        # "音域在5到5之间": digits said as a range (音域) are 简谱 degrees, with or without "1=".
        if "_degree_span" not in self.found and (
                rx.search(r"1\s*=\s*(?:#|b|♯|♭|升|降)?[a-g]|简谱|首调|numbered\s+notation|jianpu", self.raw.lower())
                or rx.search(r"音域\s*(?:在|从|是|为)?\s*[1-7]\s*(?:唱)?(?:到|至)\s*[1-7](?![0-9])", self.t)):
            self._numbered_span(marks)
        for m in self.take_all(r"(?:音域?\s*)?(?:要|需要|得)?(?:用到|达到|包括|包含|到)?\s*" + marked):
            degree = _digit(m.group(2)) if m.group(2) else names[m.group(3)]
            self.found.setdefault("_degree_reach", []).append((degree, marks[m.group(1)], self.original(m, 1) + (m.group(2) or m.group(3))))
        if self.take(r"\b(?:tonic\s+sol[\s-]?fa|movable[\s-]do|moveable[\s-]do)(?:\s+solf[eè]ge)?\b|首调(?:唱名|唱法|视唱)?(?:唱)?"):
            self.say("movable do: do is the key's tonic (la in a minor key); the studio can show numbered notation",
                     "首调唱名：主音唱do（小调主音唱la）；练习室可以显示简谱")
        elif self.take(r"\bfixed[\s-]do(?:\s+solf[eè]ge)?\b|固定(?:调|唱名)(?:唱名|唱法)?(?:唱)?"):
            self.say("fixed do: do is always C", "固定唱名：do 总是 C")

    def _numbered_span(self, marks: dict[str, int]) -> None:
        """Bare 简谱 digits as a range once the words write the key as "1=G" (or name 简谱): "from low 5 up to high 1",
        "只唱1到5" (do to sol: a fifth's range)."""
        end = r"(?:(low|lower|high|higher|top)\s+|(倍低音|低音|中音|高音|倍高音))?([1-7])"
        not_a_count = r"(?![0-9])(?!\s*(?:bars?|measures?|小节|级|拍|分钟|遍|次|个小节|levels?|grades?|times))"
        m = self.take(r"(?:(?:from|between)\s+|音域\s*(?:在|从|是|为)?\s*|从\s*|(?:只|就)?(?:唱|用)\s*)?" + end + r"(?:\s*(?:to|up\s+to|down\s+to|and)\s*|\s*(?:唱)?(?:到|至)\s*)"
                      + end + not_a_count + r"(?:\s+only)?(?:这[一两二三四五六七]个音|的音|之间)?")
        if m:
            octave = {"low": -1, "lower": -1, "high": 1, "higher": 1, "top": 1}
            ends = [(int(m.group(g + 2)), octave.get(m.group(g) or "", marks.get(m.group(g + 1) or "", 0))) for g in (1, 4)]
            (low, low_octave), (high, high_octave) = ends
            if not (m.group(1) or m.group(2) or m.group(4) or m.group(5)) and high <= low:
                low_octave = -1 if low >= 5 else 0
                high_octave = low_octave + 1
            self.set("_degree_span", ((low, low_octave), (high, high_octave), self.original(m).strip()))

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
        pitch = r"(" + self._PITCH_WORDS[1:-1] + r"|(?:the\s+)?open\s+[a-g]\s+string|" + _STAFF_PITCH + r"|(?:high|top|low|bottom)\s+[a-g](?:#|♯|b(?![a-z])|♭|\s+sharp|\s+flat)?(?![a-z0-9#♯♭]))"
        # "最高到A": a letter alone after 最高 or 最低 is that note where the range ends, as "high A" is.
        zh_pitch = pitch[:-1] + r"|[a-g](?:#|♯|b(?![a-z])|♭)?(?![0-9a-z#♯♭])(?!\s*(?:大调|小调|调|宫|商|角|徵|羽)))"
        # "keep it under E5", "stay above A3": every note on that side of the pitch, not on it.
        keep = r"\b(?:keep\s+(?:it|everything|the\s+(?:notes?|melody|tune|range))|stay(?:ing)?|everything|all\s+(?:the\s+)?notes)\s+"
        sides = {"high": (r"(?:under|below|beneath)", -1), "low": (r"(?:above|over)", 1)}
        # "My voice cracks above D5": the singer's top is D5; "... so keep everything below that": under it.
        m = self.take(r"\b(?:my\s+)?voice\s+(?:cracks|breaks|strains|flips|gives\s+out)\s+(?:above|over|past|after|beyond)\s+(?:an?\s+|the\s+)?" + pitch
                      + r"(\s*,?\s*(?:so|and)\s+(?:please\s+)?(?:keep\s+(?:it|everything|the\s+notes)|stay)\s+(?:below|under|beneath)\s+(?:that|it|there))?")
        if m is not None:
            name, shown = self._bound_from_words(m.group(1))
            self.set("_high_bound", (name, False, -1 if m.group(m.re.groups) else 0))
            self.set("_range_named", True)
            self.say(f"range: {'below' if m.group(m.re.groups) else 'at most'} {shown} (where the voice cracks)",
                     f"音域：{'低于' if m.group(m.re.groups) else '最高'} {shown}（嗓子破音的地方）")
        for end, (side, sign) in sides.items():
            m = self.take(keep + side + r"\s+(?:an?\s+|the\s+)?" + pitch)
            if m is None:
                continue
            bounds = [(end, sign, m.group(1))]
            # "below E5 and above C4": the other side joined to the first, the same kind of bound.
            other = "low" if end == "high" else "high"
            then = self.take(r"\s*(?:,\s*)?(?:and|but|&)\s+(?:stay(?:ing)?\s+|keep\s+it\s+)?" + sides[other][0]
                             + r"\s+(?:an?\s+|the\s+)?" + pitch, self._right_after(m.end()))
            if then is not None:
                bounds.append((other, sides[other][1], then.group(1)))
            for bound_end, bound_sign, words in bounds:
                named, shown = self._bound_from_words(words)
                self.set(f"_{bound_end}_bound", (named, False, bound_sign))
                self.set("_range_named", True)
                self.say(f"range: {'below' if bound_sign < 0 else 'above'} {shown}",
                         f"音域：{'低于' if bound_sign < 0 else '高于'} {shown}")
        # "avoid anything higher than a D": a capital letter alone is that note nearest the end, as "high D" is.
        letter_or_pitch = r"(?:" + pitch + r"|([a-g])(?:#|♯|b(?![a-z])|♭)?(?![a-z0-9#♯♭']))"
        for end, limit, named in (
            # A limit is what the singer can reach ("I can only sing up to E5", "最高只能唱到C5"); a named end is a
            # note to reach ("my top notes up to B5", "up to an A5", "最高要唱到A5").
            ("high", r"\b(?:nothing|no\s+notes?|no|not|never|(?:avoid(?:ing)?\s+)?anything)\s+(?:higher|above)\s+(?:than\s+)?(?:an?\s+|the\s+)?" + letter_or_pitch
                     + r"|\b(?:i\s+)?(?:can\s+only|only|can't|cannot|can\s+not|couldn't|can|could)\s+(?:sing|reach|go|get|hit)\s+(?:up\s+)?(?:to|as\s+high\s+as|above|higher\s+than|past)\s+(?:an?\s+|the\s+)?" + pitch
                     + r"|\b(?:max(?:imum)?|at\s+most)\s*(?:note\s*)?(?:up\s+to\s+|of\s+|:\s*)?" + pitch
                     + r"|(?:音域\s*)?(?:最高(?:音)?|(?<!女)(?<!男)(?<!练)高音)\s*(?:不超过|不要超过|别超过|不高于|只能|只|最多)\s*(?:唱|到|唱到|达到)?\s*" + zh_pitch + r"|(?:音域\s*)?(?:不要|别|不能)(?:高于|超过)\s*" + pitch
                     + r"|(?<!最低)(?<!最低音)(?<!最低只)(?<!最低音只)(?:只能|最多|能|可以)(?:唱|唱到|到)\s*" + pitch + r"(?:\s*(?:为止|左右))?"
                     # "E5以上别写", "struggles above E5": a side said to be out of bounds, or hard for the singer.
                     + r"|" + pitch + r"\s*(?:以上|之上)(?:的音)?\s*(?:都|就|也)?\s*(?:别|不要|不能|不用)\s*(?:写|出现|用|有|唱)?"
                     + r"|\b(?:struggles?|struggling|strains?|straining)\s+(?:above|over|higher\s+than)\s+(?:an?\s+|the\s+)?" + pitch,
             r"\b(?:highest|top)\s+note\s*(?:is|of|:)?\s*" + pitch
             # Not "from about B2 up to D4": a range with both ends (``_range``).
             + r"|\b(?<![0-9]\s)(?:(?:my\s+|the\s+)?(?:top|high|highest)\s+(?:notes?|range|register)\s+|(?:with\s+)?(?:a\s+|the\s+|my\s+)?range\s+)?(?:up\s+to|as\s+high\s+as|reaching)\s+(?:an?\s+|the\s+)?" + pitch
             + r"|最高(?:音)?\s*(?:要|得|需要)?\s*(?:到|为|是|:|唱到|达到|到达)?\s*" + zh_pitch),
            ("low", r"\b(?:nothing|no\s+notes?|no|not|never|(?:avoid(?:ing)?\s+)?anything)\s+(?:lower|below)\s+(?:than\s+)?(?:an?\s+|the\s+)?" + letter_or_pitch
                    + r"|\b(?:i\s+)?(?:can\s+only|only|can't|cannot|can\s+not|couldn't)\s+(?:sing|reach|go|get|hit)\s+(?:down\s+)?(?:to|as\s+low\s+as|below|lower\s+than)\s+(?:an?\s+|the\s+)?" + pitch
                    + r"|(?:音域\s*)?(?:最低(?:音)?|(?<!女)(?<!男)低音)\s*(?:不低于|不要低于|别低于|只能|只|最多)\s*(?:唱|到|唱到)?\s*" + zh_pitch + r"|(?:音域\s*)?(?:不要|别|不能)低于\s*" + pitch
                    + r"|" + pitch + r"\s*(?:以下|之下)(?:的音)?\s*(?:都|就|也)?\s*(?:别|不要|不能|不用)\s*(?:写|出现|用|有|唱)?"
                    + r"|\b(?:struggles?|struggling|strains?|straining)\s+(?:below|under|beneath|lower\s+than)\s+(?:an?\s+|the\s+)?" + pitch,
             r"\b(?:lowest|bottom)\s+note\s*(?:is|of|:)?\s*" + pitch
             + r"|\b(?:(?:my\s+|the\s+)?(?:low|lowest|bottom)\s+(?:notes?|range|register)\s+)?(?:down\s+to|as\s+low\s+as)\s+(?:an?\s+|the\s+)?" + pitch
             + r"|最低(?:音)?\s*(?:要|得|需要)?\s*(?:到|为|是|:|唱到|达到|到达)?\s*" + zh_pitch),
        ):
            for exact, pattern in ((False, limit), (True, named)):
                # (A letter alone in English words is a note only in capitals: "higher than a D", not the article.)
                m = self.take(pattern, lambda m: self.zh or all(self.original(m, g).isupper() for g in range(1, (m.re.groups or 0) + 1)
                                                                if m.group(g) and rx.fullmatch(r"[a-g]", m.group(g))))
                if m is None:
                    continue
                words = next(g for g in m.groups() if g)
                if rx.fullmatch(r"[a-g]", words) and not self.zh:
                    words = f"{'high' if end == 'high' else 'low'} {words}"
                name, shown = self._bound_from_words(words)
                self.set(f"_{end}_bound", (name, exact, 0))
                self.set("_range_named", True)
                words = ("at most" if end == "high" else "at least", "最高" if end == "high" else "最低") if not exact \
                    else ("up to" if end == "high" else "down to", "最高到" if end == "high" else "最低到")
                self.say(f"range: {words[0]} {shown}", f"音域：{words[1]} {shown}")
                break

    def _right_after(self, at: int) -> Callable[[re.Match[str]], bool]:
        """Accepts a match with nothing but spaces (what was read) between ``at`` and its start."""
        return lambda m: not self.t[at : m.start()].strip()

    def _bound_from_words(self, words: str) -> tuple[str, str]:
        """A range end's pitch and how it is said back: ``("E5", "E5")``, or for "high a" the pitch class alone,
        ``("A", "high A")``, placed in the octave nearest that end of the range once the voice is known."""
        string = rx.fullmatch(r"(?:the\s+)?open\s+([a-g])\s+string", words)
        if string:
            return string.group(1).upper(), f"the open {string.group(1).upper()} string"
        staff = _staff_pitch(words)
        if staff:
            return staff, rx.sub(r"(?<![a-z])[a-g](?![a-z])", lambda n: n.group().upper(), words.removeprefix("the ")) + f" ({staff})"
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
        # "a 5-note range", "a six note span": N neighbouring notes span the Nth (a fifth, a sixth).
        notes = None if m else self.take(r"\b(?:a\s+|only\s+a\s+)?([3-8]|three|four|five|six|seven|eight)[\s-]notes?\s+(?:range|span|compass)\b")
        if notes:
            count = int(notes.group(1)) if notes.group(1).isdigit() else _NUMBERS[notes.group(1)]
            self.set("_span", _MAX_SEMITONES[count])
            self.say(f"range: {self.original(notes).strip()}, within {_MAX_SEMITONES[count]} semitones",
                     f"音域：{_ZH_NUMBER_NAMES[count]}度以内（{_MAX_SEMITONES[count]} 个半音）")
            return
        # "Five-finger position" (a pianist's hand on five neighbouring notes): a fifth's range from the bottom.
        hand = None if m else self.take(r"\b(?:in\s+(?:a\s+|the\s+)?)?five[\s-]finger\s+(?:position|scale|pattern)\b|五指(?:位置|音阶|位)")
        if hand:
            self.set("_span", _MAX_SEMITONES[5])
            self.set("_span_exact", True)
            self.say(f"range: five-finger position, a fifth ({_MAX_SEMITONES[5]} semitones)",
                     f"音域：五指位置，五度（{_MAX_SEMITONES[5]} 个半音）")
            return
        if m:
            word = m.group(1) or m.group(2) or m.group(3) or {"四度": "fourth", "五度": "fifth", "六度": "sixth", "七度": "seventh", "八度": "octave", "九度": "ninth",
                                                "十度": "tenth"}[m.group(4)]
            semitones = _MAX_SEMITONES[_SIZE_WORDS[word]]
            self.set("_span", semitones)
            self.say(f"range: within {semitones} semitones ({'an' if word == 'octave' else 'a'} {word})",
                     f"音域：{_ZH_NUMBER_NAMES[_SIZE_WORDS[word]]}度以内（{semitones} 个半音）")

    def _strings_named(self) -> None:
        """ "On the A and E strings only", "只在D弦上": the strings to play on, read before a letter is taken for a key
        or a note; placed once the instrument is known (``_instrument``)."""
        # Only a limit said as one ("only", "stay on", 只): "keeps sliding flat on the A string" tells a trouble. (Not
        # "the open G string", a pitch; nor "a string quartet", the article.)
        limit = r"(?:only|just|stays?|staying|stick(?:s|ing)?\s+to|keep(?:s|ing)?(?:\s+it)?)"
        m = self.take(r"\b(" + limit + r"\s+)?(?:on\s+)?(?:the\s+)?(?<!open\s)([a-g])((?:\s*(?:,|and|&|\+|/)\s*(?:the\s+)?[a-g])*)\s+strings?(\s+only)?\b(?!\s+(?:quartet|orchestra|ensemble|section|trio))"
                      r"|(?:只|都|全)(?:在|用)?([a-g])弦((?:\s*(?:和|、|跟|与|,)?\s*[a-g]弦)*)(?:上)?",
                      lambda m: m.group(5) is not None or (bool(m.group(1) or m.group(4)) and (self.original(m, 2) != "a" or bool(m.group(3)))))
        if m:
            letters = list(dict.fromkeys(rx.findall(r"(?<![a-z])[a-g](?![a-z])", m.group(0).replace("弦", " "))))
            self.set("_strings", ([letter.upper() for letter in letters], self.original(m).strip()))

    def _strings_placed(self, name: str) -> None:
        """The range of the strings named (``_strings_named``) on instrument ``name``: from the lowest open string
        named to the highest one's reach."""
        letters, said = self.found.pop("_strings")
        tuning, reach = STRING_TUNINGS.get(name, ((), 0))
        opens = [pitch for pitch in tuning if pitch[0] in letters]
        if not opens or len(opens) < len(set(letters)):
            self.answer(f"“{said}”: the {name} has no such string; the drill keeps its range",
                        f"“{said}”：{_ZH_INSTRUMENT_NAMES.get(name, name)}没有这样的弦；练习按它的音域生成")
            return
        low = min(opens, key=_midi)
        high = _shift_name(max(opens, key=_midi), reach)
        self.set("low", low)
        self.set("high", high)
        self.set("_range_named", True)
        self.say(f"strings: {', '.join(letters)} ({low}-{high}, without shifting)", f"弦：{'、'.join(letters)}弦（{low}-{high}，不换把）")
        # With no key named, the lowest string's major key (D major on the D string): the default C may not lie
        # within a string's fifth at all.
        if "key" not in self.found and "mode" not in self.found:
            self._set_key(low[0], None, "major")
            if self.understood and self.understood[-1].startswith(("key:", "调：")):
                self.understood.pop()  # said again below, with its reason
            self.say(f"key: {low[0]} major (the lowest string's)", f"调：{low[0]}大调（最低那根弦的）")

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
        # "Right hand only", "只练右手": a piano line for the right hand, on the treble staff (a hand alone is a piano's).
        right_hand = self.take(r"\b(?:(?:for|with)\s+)?(?:the\s+)?right[\s-]hand(?:ed)?(?:\s+(?:only|alone|part))?\b"
                               r"|(?:只练|只用|只弹|只有|只)?右手(?:单手)?(?:练习|弹奏|弹)?")
        if right_hand and name is None:
            name = "piano"
        if name is None:
            if "_strings" in self.found:
                said = self.found.pop("_strings")[1]
                self.answer(f"“{said}”: strings are placed on an instrument, and none is named; the drill keeps its range",
                            f"“{said}”：没有说是什么乐器，弦无法对应音高；练习按默认音域生成")
            return
        if right_hand and name == "piano" and "clef" not in self.found:
            self.set("clef", "treble")
            self.say("right hand: treble clef", "右手：高音谱号")
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
        if "_strings" in self.found:
            self._strings_placed(name)
            low, high = self.found["low"], self.found["high"]
        concert = (" (concert pitch; the studio can show the part for your instrument)", "（实际音高；练习室可按你的乐器移调显示）")
        self.say(f"instrument: {name} ({low}-{high}{', ' + clef + ' clef' if clef != 'treble' else ''})"
                 + (concert[0] if transposing else ""),
                 f"乐器：{_ZH_INSTRUMENT_NAMES[name]}（{low}-{high}）" + (concert[1] if transposing else ""))
        if position:
            top = FIRST_POSITION_TOP.get(name)
            self.say(f"first position: nothing above {top}" if top else f"first position: the {name}'s comfortable range",
                     f"一把位：不超过 {top}" if top else f"一把位：按{_ZH_INSTRUMENT_NAMES[name]}的常用音域")

    def _voice_and_clef(self) -> None:
        # "no bass clef", "not in treble clef", 不要低音谱号: a clef refused (it was read as the clef asked for); the drill
        # takes the one named beside it, or the other of treble and bass.
        refused_clefs = []
        for refusal in self.take_all(r"\b(?:no|not\s+(?:in\s+)?)\s*(treble|bass|alto|tenor)\s+clef\b"
                                     r"|(?:不要|别用?|不用)\s*(中提琴谱号|次中音谱号|高音谱号|低音谱号|中音谱号|高音谱表|低音谱表)"):
            refused = refusal.group(1) or _ZH_CLEFS[refusal.group(2)]
            refused_clefs.append(refused)
            self.say(f"clef: not {refused}", f"谱号：不用{_ZH_CLEF_NAMES[refused]}")
        self._clef_named()
        if refused_clefs and "clef" not in self.found:
            other = "bass" if "treble" in refused_clefs else "treble"
            self.found.pop("_instrument_clef", None)
            self.set("clef", other)
            self.say(f"clef: {other}", f"谱号：{_ZH_CLEF_NAMES[other]}")
        self._voice_named()

    def _clef_named(self) -> None:
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

    def _voice_named(self) -> None:
        m = self.take(r"\b(?:for\s+(?:an?\s+|the\s+)?)?(soprano|mezzo(?:[\s-]?soprano)?|alto|contralto|countertenor|counter-tenor|tenor|baritone|bass)(?:e?s)?"
                      r"(?:\s+(?:voice|voices|singer|singers|range|part))?\b")
        if m:
            # A countertenor sings the alto part, in the alto's range.
            voice = "alto" if m.group(1).startswith(("mezzo", "contralto", "counter")) else m.group(1)
            self._set_voice(voice, mezzo=m.group(1).startswith("mezzo"))
        for word, voice in _ZH_VOICES.items():
            # "女高音声部长": the section's leader asks for the section.
            if "voice" not in self.found and self.take(r"(?:适合|给|为)?" + word + r"(?:声部长|声部|音域)?"):
                self._set_voice(voice, mezzo=word == "女中音")
        # "童声合唱团", "children's voices": unchanged voices, a range of their own (no voice part to name).
        # (The raw text is looked at: "choir" has been read by then, as a wish answered.)
        voices = self.take(r"童声|\b(?:children's|childrens|kids'?|young)(?:\s+voices?\b)?",
                           lambda m: m.group(0) == "童声" or "voice" in m.group(0)
                           or rx.match(r"\s+(?:choir|chorus)\b", self.raw[m.end():].lower()) is not None)
        # Young children sing with those voices too: "for the kids in my class", "a seven year old", "my son's 7",
        # "小朋友", "7岁" (ten and under; an instrument's or a voice's range said beside them wins).
        young = None if voices else self.take(_YOUNG_CHILDREN)
        # A child of six or under ("for a 5 year old", "5岁的孩子") starts at an easy level unless a level is named
        # (``_fresh``); older children's levels vary too much to guess.
        ages = [_AGE_VALUES.get(word, 0) for word in rx.findall(r"\d+|[a-z]+|[四五六七八九十]", young.group(0))] if young else []
        if ages and 0 < max(ages) <= 6:
            self.set("_young_level", 2)
        if young and not any(k in self.found for k in ("voice", "low", "high", "_instrument")):
            # The level's range (and a span said) moved inside the children's, not replaced by it (``finish``).
            self.set("_young", self.original(young).strip())
        elif voices and not any(k in self.found for k in ("voice", "low", "high")):
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

    def _ledger_lines(self) -> None:
        """Notes on ledger lines (a reading skill, "read:ledger"): the range reaches past the staff both ways."""
        if self.take(r"\b(?:notes\s+on\s+)?ledger[\s-]lines?(?:\s+notes)?\b|加线(?:上的)?(?:音)?"):
            self.set("_ledger", True)
            self.say("ledger lines: the range reaches above and below the staff", "加线：音域超出五线谱上下")
