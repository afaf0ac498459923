"""Requests in words (English and Chinese) turned into :class:`DrillParams`.

A small hand-written grammar, nothing fetched from anywhere. It returns the
parameters together with a list of what it understood, in the request's
language, so a page can show it back for correction::

    >>> r = parse_request("eight slow bars in D minor, sad, leaps up to a sixth, lots of C sharps")
    >>> r.params.bars, r.params.key, r.params.mode, r.params.max_leap, r.params.target_notes
    (8, 'D', 'minor', 9, ['C#'])

With ``previous`` parameters, refinement words ("harder", "easier", "more
leaps", "more syncopation", "shorter", "for alto voice", "更难", "短一点")
change those parameters instead of starting afresh; a refinement always
draws a fresh seed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from music.key import make_key
from music.pitch import parse_range
from music.scale import MODES

from .errors import InvalidParams, reading_params
from .params import CLEF_RANGES, LEVELS, VOICE_RANGES, DrillParams, parse_target_note

_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "sixteen": 16, "twenty": 20, "thirty-two": 32,
}
_ZH_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SIZE_WORDS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "octave": 8}
_ZH_SIZE = {"二度": 2, "三度": 3, "四度": 4, "五度": 5, "六度": 6, "七度": 7, "八度": 8}
#: Largest usual size of each interval number, in semitones (a "sixth" allows a major sixth).
_MAX_SEMITONES = {2: 2, 3: 4, 4: 5, 5: 7, 6: 9, 7: 11, 8: 12}
_MODE_WORDS = {
    "harmonic minor": "harmonic-minor", "melodic minor": "melodic-minor", "natural minor": "minor",
    "major": "major", "minor": "minor", "dorian": "dorian", "phrygian": "phrygian", "lydian": "lydian",
    "mixolydian": "mixolydian", "aeolian": "aeolian", "locrian": "locrian",
}
_ZH_MODES = {
    "和声小调": "harmonic-minor", "旋律小调": "melodic-minor", "自然小调": "minor", "大调": "major", "小调": "minor",
    "多利亚": "dorian", "弗里几亚": "phrygian", "利底亚": "lydian", "混合利底亚": "mixolydian", "洛克里亚": "locrian",
}
_ZH_VOICES = {"女高音": "soprano", "女低音": "alto", "男高音": "tenor", "男中音": "baritone", "男低音": "bass"}
_ZH_CLEFS = {"高音谱号": "treble", "低音谱号": "bass", "中音谱号": "alto", "次中音谱号": "tenor"}
_TEMPO_WORDS = {"very slow": 56, "slow": 66, "slowly": 66, "moderate": 90, "medium": 90, "fast": 120, "quick": 120,
                "lively": 126, "very fast": 144}
_LEVEL_WORDS = {"beginner": 1, "easy": 2, "intermediate": 3, "advanced": 5, "expert": 6}
_QUALITY = {"major": "M", "minor": "m", "perfect": "P", "augmented": "A", "diminished": "d"}
_DEFAULT_QUALITY = {2: "M", 3: "M", 4: "P", 5: "P", 6: "M", 7: "M", 8: "P"}
_NOTE = r"([A-Ga-g])(?:\s?(#|♯|b|♭|-sharp|-flat| sharp| flat))?"


@dataclass
class RequestResult:
    """The parameters, what was understood (one phrase per item) and what was left over."""

    params: DrillParams
    understood: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def parse_request(text: str, *, previous: DrillParams | None = None) -> RequestResult:
    """Turn ``text`` into parameters (refining ``previous`` when given).

    Raises :class:`InvalidParams` when the request names something impossible
    to express (an unknown key); infeasible combinations surface later, when
    the drill is generated.
    """
    zh = bool(re.search(r"[\u4e00-\u9fff]", text))
    found: dict[str, Any] = {}
    notes: list[str] = []
    raw = text.strip()
    t = " " + raw.lower().replace("，", ",").replace("。", ".") + " "
    with reading_params():
        t = _parse_explicit(t, raw, found, notes, zh)
    refinements = _refinements(t, zh)
    if previous is not None:
        params = _refine(previous, refinements, found, notes, zh)
    else:
        level = int(found.pop("level", 3))
        mood = found.pop("_mood", None)
        if mood == "sad":
            found.setdefault("mode", "minor")
            found.setdefault("tempo", 66)
        elif mood == "happy":
            found.setdefault("mode", "major")
            found.setdefault("tempo", 112)
        if refinements:
            base = DrillParams.preset(level, **_preset_fields(found))
            params = _refine(base, refinements, {}, notes, zh)
            return RequestResult(params=params, understood=notes)
        explicit_level = any(n.startswith(("level", "等级")) for n in notes)
        params = DrillParams.preset(level, **_preset_fields(found))
        if not explicit_level:
            notes.insert(0, (f"等级：{level}" if zh else f"level: {level}"))
    return RequestResult(params=params, understood=notes)


def _preset_fields(found: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in found.items() if not k.startswith("_")}


def _note_name(letter: str, accidental: str | None) -> str:
    acc = (accidental or "").strip().lstrip("-")
    sign = {"#": "#", "♯": "#", "sharp": "#", "b": "b", "♭": "b", "flat": "b"}.get(acc, "")
    return letter.upper() + sign


def _parse_explicit(t: str, raw: str, found: dict[str, Any], notes: list[str], zh: bool) -> str:
    """Pull every explicit setting out of ``t``; return what is left for refinement words."""

    def take(pattern: str) -> re.Match[str] | None:
        nonlocal t
        m = re.search(pattern, t)
        if m:
            t = t[: m.start()] + " " + t[m.end() :]
        return m

    # ---- Chinese settings
    if zh:
        m = take(r"(升|降)?([a-g])\s*(" + "|".join(sorted(_ZH_MODES, key=len, reverse=True)) + ")")
        if m:
            acc = {"升": "#", "降": "b"}.get(m.group(1) or "", "")
            found["key"], found["mode"] = m.group(2).upper() + acc, _ZH_MODES[m.group(3)]
            notes.append(f"调：{found['key']} {found['mode']}")
        m = take(r"(?:速度(?:为|是)?|每分钟)\s*(\d{2,3})")
        if m:
            found["tempo"] = int(m.group(1))
            notes.append(f"速度：{found['tempo']}")
        m = take(r"([\d零一二两三四五六七八九十]+)\s*(?:个)?小节")
        if m:
            found["bars"] = _zh_number(m.group(1))
            notes.append(f"小节数：{found['bars']}")
        m = take(r"(?:跳进|跳跃|音程)(?:不超过|最多|最大)\s*(二度|三度|四度|五度|六度|七度|八度)")
        if m:
            found["max_leap"] = _MAX_SEMITONES[_ZH_SIZE[m.group(1)]]
            notes.append(f"最大跳进：{found['max_leap']} 个半音")
        for word, voice in _ZH_VOICES.items():
            if take(word):
                found["voice"] = voice
                notes.append(f"声部：{voice}")
        for word, clef in _ZH_CLEFS.items():
            if take(word):
                found["clef"] = clef
                notes.append(f"谱号：{clef}")
        m = take(r"(?:等级|难度|级别)\s*(\d)")
        if m:
            found["level"] = int(m.group(1))
            notes.append(f"等级：{found['level']}")
        for word, bpm in (("很慢", 56), ("慢", 66), ("中速", 90), ("很快", 144), ("快", 120)):
            if "tempo" not in found and take(word + r"(?:速|的|板)?"):
                found["tempo"] = bpm
                notes.append(f"速度：{bpm}（{word}）")
        if take(r"悲伤|忧伤|伤感"):
            found["_mood"] = "sad"
            notes.append("情绪：悲伤（小调、慢速）")
        if take(r"欢快|快乐|明亮"):
            found["_mood"] = "happy"
            notes.append("情绪：欢快（大调）")
        m = take(r"(?:很多|多一些|多些|大量)\s*(升|降)?([a-g])")
        if m:
            acc = {"升": "#", "降": "b"}.get(m.group(1) or "", "")
            _add_target_note(found, notes, m.group(2).upper() + acc, zh)
        m = take(r"([二三四六八])([二三四六八])拍")
        if m:
            found["meter"] = f"{_ZH_DIGITS[m.group(2)]}/{_ZH_DIGITS[m.group(1)]}"
            notes.append(f"拍号：{found['meter']}")
        for word, kind in (("音阶", "scale"), ("音程", "interval"), ("节奏", "rhythm")):
            if "kind" not in found and take(word + r"(?:练习|训练)"):
                found["kind"] = kind
                notes.append(f"类型：{kind}")
        if take(r"级进"):
            found["max_leap"] = 2
            notes.append("只用级进")

    # ---- English (and shared) settings
    m = take(r"\b(?:in|key of)\s+" + _NOTE + r"(?:\s+(" + "|".join(_MODE_WORDS) + r"))?\b")
    if m is None:
        m = take(r"\b" + _NOTE + r"\s+(" + "|".join(_MODE_WORDS) + r")\b")
    if m:
        found["key"] = _note_name(m.group(1), m.group(2))
        if m.group(3):
            found["mode"] = _MODE_WORDS[m.group(3)]
        notes.append(f"key: {found['key']}" + (f" {found['mode']}" if "mode" in found else ""))
    m = take(r"\b(\d{1,2}|" + "|".join(_NUMBERS) + r")\s+(?:(very\s+slow|slow|fast|quick|lively|moderate)\s+)?"
             r"(?:bars|measures)\b")
    if m and m.group(2):
        found["tempo"] = _TEMPO_WORDS[re.sub(r"\s+", " ", m.group(2))]
        notes.append(f"tempo: {found['tempo']} ({m.group(2)})")
    if m:
        found["bars"] = _en_number(m.group(1))
        notes.append(f"bars: {found['bars']}")
    m = take(r"\b(?:tempo|at|bpm)\s*(?:of\s+)?(\d{2,3})\b|\b(\d{2,3})\s*bpm\b")
    if m:
        found["tempo"] = int(m.group(1) or m.group(2))
        notes.append(f"tempo: {found['tempo']}")
    for word in sorted(_TEMPO_WORDS, key=len, reverse=True):
        if "tempo" not in found and take(r"\b" + word + r"\b"):
            found["tempo"] = _TEMPO_WORDS[word]
            notes.append(f"tempo: {found['tempo']} ({word})")
    m = take(r"\b(?:leaps?|jumps?|intervals?)\s+(?:up\s+to|of\s+at\s+most|no\s+(?:bigger|larger)\s+than|within)\s+(?:a|an)?\s*(second|third|fourth|fifth|sixth|seventh|octave)\b")
    if m:
        found["max_leap"] = _MAX_SEMITONES[_SIZE_WORDS[m.group(1)]]
        notes.append(f"max leap: {found['max_leap']} semitones (a {m.group(1)})")
    if take(r"\b(?:stepwise|no leaps|by step|steps only)\b"):
        found["max_leap"] = 2
        notes.append("max leap: 2 semitones (stepwise)")
    m = take(r"\b(?:range|from)\s+([a-g][#b]?\d)\s*(?:-|to|–)\s*([a-g][#b]?\d)\b")
    if m:
        found["low"], found["high"] = parse_range(f"{m.group(1).capitalize()}-{m.group(2).capitalize()}")
        notes.append(f"range: {found['low']}-{found['high']}")
    m = take(r"\b(?:level|lvl|l)\s*([1-6])\b")
    if m:
        found["level"] = int(m.group(1))
        notes.append(f"level: {found['level']}")
    for word, level in _LEVEL_WORDS.items():
        if "level" not in found and take(r"\b" + word + r"\b"):
            found["level"] = level
            notes.append(f"level: {level} ({word})")
    m = take(r"\b(\d{1,2}/\d{1,2})\b")
    if m:
        found["meter"] = m.group(1)
        notes.append(f"meter: {found['meter']}")
    elif take(r"\bwaltz\s+time\b"):
        found["meter"] = "3/4"
        notes.append("meter: 3/4 (waltz time)")
    elif take(r"\bcompound\s+(?:time|meter)\b"):
        found["meter"] = "6/8"
        notes.append("meter: 6/8 (compound)")
    m = take(r"\bfor\s+(soprano|alto|tenor|baritone|bass)(?:\s+voice)?\b|\b(soprano|alto|tenor|baritone|bass)\s+voice\b")
    if m:
        found["voice"] = m.group(1) or m.group(2)
        notes.append(f"voice: {found['voice']}")
    m = take(r"\b(treble|bass|alto|tenor)\s+clef\b")
    if m:
        found["clef"] = m.group(1)
        notes.append(f"clef: {found['clef']}")
    chord_re = r"\b(?:chords?|progression|over)\s*:?\s*((?:(?:b|#)?(?:vii|vi|iv|v|iii|ii|i)(?:°|o|7|maj7)?\b[\s,\-–]*){2,})"
    m = take(chord_re)
    original = re.search(chord_re, raw, flags=re.IGNORECASE)
    if m and original:
        figures = re.findall(r"(?:b|#)?(?:vii|vi|iv|v|iii|ii|i)(?:°|o|7|maj7)?", original.group(1), flags=re.IGNORECASE)
        found["progression"] = " ".join(figures)
        notes.append(f"chords: {found['progression']}")
    m = take(r"\b([a-d]{3,8})\s+form\b|\bform\s+([a-d]{3,8})\b")
    if m:
        found["form"] = (m.group(1) or m.group(2)).upper()
        notes.append(f"form: {found['form']}")
    m = take(r"\bseed\s*(\d+)\b")
    if m:
        found["seed"] = int(m.group(1))
        notes.append(f"seed: {found['seed']}")
    if take(r"\bno\s+accidentals\b"):
        found["accidentals"] = False
        notes.append("accidentals: off")
    elif take(r"\b(?:with\s+)?accidentals\b"):
        found["accidentals"] = True
        notes.append("accidentals: on")
    for kind, pattern in (("scale", r"\bscales?\b"), ("interval", r"\binterval\s+(?:drill|exercise|practice)\b"),
                          ("rhythm", r"\brhythm\s+(?:drill|exercise|practice)\b")):
        if "kind" not in found and take(pattern):
            found["kind"] = kind
            notes.append(f"kind: {kind} drill")
    for pattern in (r"\b(?:lots of|many|plenty of|focus on|with|practise|practice)\s+" + _NOTE + r"(?:'?s)?\b",):
        while True:
            m = take(pattern)
            if not m:
                break
            _add_target_note(found, notes, _note_name(m.group(1), m.group(2)), zh)
    for m in list(re.finditer(r"\b(ascending|rising|descending|falling)?\s*(major|minor|perfect|augmented|diminished)?\s*"
                              r"(second|third|fourth|fifth|sixth|seventh|octave)s\b", t)):
        number = _SIZE_WORDS[m.group(3)]
        quality = _QUALITY.get(m.group(2) or "", _DEFAULT_QUALITY[number])
        sign = {"ascending": "+", "rising": "+", "descending": "-", "falling": "-"}.get(m.group(1) or "", "+")
        name = f"{sign}{quality}{number}"
        found.setdefault("target_intervals", []).append(name)
        notes.append(f"target interval: {name}")
    t = re.sub(r"\b(ascending|rising|descending|falling)?\s*(major|minor|perfect)?\s*(seconds|thirds|fourths|fifths|sixths|sevenths|octaves)\b", " ", t)
    if re.search(r"\bsad\b|\bmelancholy\b|\bgloomy\b", t):
        found["_mood"] = "sad"
        notes.append("mood: sad (minor, slow)")
    elif re.search(r"\bhappy\b|\bcheerful\b|\bbright\b", t):
        found["_mood"] = "happy"
        notes.append("mood: happy (major, lively)")
    if re.search(r"\bdotted\b", t):
        found["dots"] = True
        found.setdefault("target_rhythms", []).append("dotted-quarter-8th")
        notes.append("rhythm: dotted notes")
    if re.search(r"\btriplets?\b", t):
        found["triplets"] = True
        found.setdefault("target_rhythms", []).append("triplet-8th")
        notes.append("rhythm: triplets")
    if re.search(r"\b(?:sixteenths?|16ths?)\b", t):
        found["durations"] = ["half", "quarter", "eighth", "16th"]
        notes.append("rhythm: sixteenth notes")
    if re.search(r"\bsyncopat", t) and not re.search(r"\bmore\s+syncopat", t):
        found["syncopation"] = True
        found.setdefault("target_rhythms", []).append("syncopation")
        notes.append("rhythm: syncopation")
    if "mode" in found or "key" in found:
        make_key(found.get("key", "C"), found.get("mode", "major"))
    return t


def _add_target_note(found: dict[str, Any], notes: list[str], name: str, zh: bool) -> None:
    found.setdefault("target_notes", [])
    if name not in found["target_notes"]:
        found["target_notes"].append(name)
        found["target_bias"] = 3.0
        notes.append(f"目标音：{name}" if zh else f"target note: {name} (at least once every two bars)")
    key = make_key(found.get("key", "C"), found.get("mode", "major"))
    _, pc = parse_target_note(name)
    if key.degree_of_pc(pc) < 0 and not found.get("accidentals"):
        found["accidentals"] = True
        notes.append("临时记号：开" if zh else f"accidentals: on (for {name})")


def _refinements(t: str, zh: bool) -> list[str]:
    words = []
    table = [
        ("harder", r"\bharder\b|\bmore difficult\b|更难|难一点|难一些|加大难度"),
        ("easier", r"\beasier\b|\bsimpler\b|更简单|简单一点|容易一点|降低难度"),
        ("more leaps", r"\bmore\s+(?:leaps|jumps|skips)\b|更多跳进|多一些跳进|多点跳进"),
        ("fewer leaps", r"\b(?:fewer|less)\s+(?:leaps|jumps|skips)\b|\bsmoother\b|少一些跳进|更平稳"),
        ("more syncopation", r"\bmore\s+syncopat\w*|更多切分|多一些切分"),
        ("shorter", r"\bshorter\b|短一点|短一些|更短"),
        ("longer", r"\blonger\b|长一点|长一些|更长"),
        ("slower", r"\bslower\b|慢一点|更慢"),
        ("faster", r"\bfaster\b|快一点|更快"),
    ]
    for name, pattern in table:
        if re.search(pattern, t):
            words.append(name)
    return words


_KEEP_ON_LEVEL_CHANGE = ("kind", "key", "mode", "meter", "low", "high", "voice", "clef", "bars", "form",
                         "progression", "target_notes", "target_intervals", "target_rhythms", "quota", "quota_window")


def _refine(previous: DrillParams, refinements: list[str], found: dict[str, Any], notes: list[str],
            zh: bool) -> DrillParams:
    data = previous.to_dict()
    data["seed"] = None
    found = dict(found)
    mood = found.pop("_mood", None)
    if mood == "sad":
        found.setdefault("mode", "minor")
    for name in refinements:
        if name in ("harder", "easier"):
            level = max(1, min(6, previous.level + (1 if name == "harder" else -1)))
            keep = {k: data[k] for k in _KEEP_ON_LEVEL_CHANGE}
            tempo = int(data["tempo"]) + (8 if name == "harder" else -8)
            preset = DrillParams.preset(level, **keep).to_dict()
            preset["tempo"] = max(40, min(200, tempo))
            preset["seed"] = None
            data = preset
            notes.append(f"{'更难' if name == 'harder' and zh else '更简单' if zh else name}: level {level}")
        elif name == "more leaps":
            data["leap_bias"] = min(20.0, float(data["leap_bias"]) * 1.8)
            data["step_bias"] = max(0.2, float(data["step_bias"]) / 1.4)
            data["max_leap"] = min(12, int(data["max_leap"]) + 2)
            notes.append(f"more leaps: max leap {data['max_leap']} semitones")
        elif name == "fewer leaps":
            data["leap_bias"] = max(0.05, float(data["leap_bias"]) / 1.8)
            data["step_bias"] = min(20.0, float(data["step_bias"]) * 1.4)
            notes.append("fewer leaps")
        elif name == "more syncopation":
            data["syncopation"] = True
            data["syncopation_bias"] = min(20.0, float(data["syncopation_bias"]) * 2.0)
            if "syncopation" not in data["target_rhythms"]:
                data["target_rhythms"] = list(data["target_rhythms"]) + ["syncopation"]
            notes.append("more syncopation")
        elif name in ("shorter", "longer"):
            bars = int(data["bars"])
            bars = max(2, bars - 4 if bars > 4 else bars // 2) if name == "shorter" else min(32, bars + 4)
            data["bars"] = bars
            data["form"] = data["form"] if data["form"] and bars % len(data["form"]) == 0 else ""
            notes.append(f"{name}: {bars} bars")
        elif name in ("slower", "faster"):
            data["tempo"] = max(40, min(200, int(data["tempo"]) + (-12 if name == "slower" else 12)))
            notes.append(f"{name}: tempo {data['tempo']}")
    if "level" in found and found["level"] != data.get("level"):
        level = int(found.pop("level"))
        keep = {k: data[k] for k in _KEEP_ON_LEVEL_CHANGE}
        data = DrillParams.preset(level, **keep).to_dict()
        data["seed"] = None
    for name in ("voice", "clef"):
        if name in found:
            table = VOICE_RANGES if name == "voice" else CLEF_RANGES
            data["low"], data["high"] = table[found[name]]
    data.update(found)
    if data.get("level") not in LEVELS:
        raise InvalidParams(f"level: {data.get('level')!r} is not one of 1..6")
    if data.get("mode") not in MODES:
        raise InvalidParams(f"mode: {data.get('mode')!r} is not one of {', '.join(MODES)}")
    return DrillParams.from_dict(data)


def _en_number(text: str) -> int:
    return int(text) if text.isdigit() else _NUMBERS[text]


def _zh_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + (_ZH_DIGITS[text[1]] if len(text) > 1 else 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _ZH_DIGITS[tens] * 10 + (_ZH_DIGITS[ones] if ones else 0)
    return _ZH_DIGITS[text]
