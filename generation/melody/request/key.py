"""Reads the key: tonic and mode ("in G", "D dorian", "降B大调"), key signatures ("two sharps", "三个降号"),
key changes, the pentatonic modes (major/minor pentatonic, 宫商角徵羽) and lists of notes."""

from __future__ import annotations

import re

from music.key import Key, key_pitches, make_key
from music.scale import MODE_TITLES, PENTATONIC_MODES

from ..errors import InvalidParams
from ..messages_zh import ZH_MODE_NAMES, key_name_zh
from ..params import parse_target_note
from .base import _ReaderBase
from .compiled import rx
from .text import _NUMBERS, _ZH_DIGITS, _note_name, _split_note
from .words import _MODE_WORDS, _NOTE, _PENTATONIC_OF, altered_degree

_ZH_MODES = {
    "和声小调": "harmonic-minor", "旋律小调": "melodic-minor", "自然小调": "minor", "大调": "major", "小调": "minor",
    "混合利底亚": "mixolydian", "混合利地亚": "mixolydian", "多利亚": "dorian", "多利安": "dorian",
    "弗里几亚": "phrygian", "弗里吉亚": "phrygian", "利底亚": "lydian", "利地亚": "lydian", "爱奥利亚": "aeolian",
    "伊奥尼亚": "major", "洛克里亚": "locrian",
}


#: The five pentatonic modes in Chinese (宫 商 角 徵 羽: do re mi sol la as a tonic).
_ZH_PENTATONIC = {"宫": "gong", "商": "shang", "角": "jue", "徵": "zhi", "羽": "yu"}


#: China's seven-note scales, each the church mode its 宫 starts: 清乐 (with 清角 and 变宫) the major scale, 雅乐
#: (变徵 and 变宫) the Lydian, 燕乐 (清角 and 闰) the Mixolydian; 商, 角, 徵 or 羽 as the tonic starts a later mode.
_SEVEN_TONE = {"清乐": 0, "雅乐": 3, "燕乐": 4}
_DIATONIC_MODES = ("major", "dorian", "phrygian", "lydian", "mixolydian", "minor", "locrian")
_DEGREE_IN_SEVEN = {"gong": 0, "major-pentatonic": 0, "shang": 1, "jue": 2, "zhi": 4, "yu": 5, "minor-pentatonic": 5}


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


class _KeyReader(_ReaderBase):
    """Key, mode, key signature, pentatonic modes and tonic."""

    def _key(self) -> None:
        """The key, from one clause or two ("minor, in G", "G, minor please")."""
        # "anything but minor", "not in a major key", "不要小调": of the two modes, the other one.
        # "don't give me anything minor", "I don't want it major", "nothing minor please": a denial before the mode.
        m = self.take(r"\b(?:not\s+(?:in\s+)?|anything\s+but\s+|no\s+(?=(?:major|minor)\s+(?:keys?|modes?|tonalit(?:y|ies)))"
                      r"|(?:don'?t|do\s+not|never)\s+(?:give\s+me|want|need|make\s+(?:it|me)|write(?:\s+me)?|send(?:\s+me)?)\s+"
                      r"(?:anything|something|it|one|a\s+(?:tune|melody|drill|piece)|stuff)?\s*(?:in\s+)?|nothing\s+(?:in\s+)?)"
                      # An article only before "key": "not in A minor" refuses a key, read below.
                      r"(?:a\s+(?=(?:major|minor)\s+(?:key|mode|tonality)))?(major|minor)(?:\s+(?:keys?|modes?|tonalit(?:y|ies)))?\b"
                      r"(?![\s-]+(?:seconds?|thirds?|sixths?|sevenths?|2nds?|3rds?|6ths?|7ths?|chords?|triads?|intervals?|scales?\b))"
                      r"|(?:除了|不要|别用?|不用|不想要?)\s*(大调|小调)(?:以外|之外)?的?")
        if m:
            refused = m.group(1) or ("major" if m.group(2) == "大调" else "minor")
            mode = "minor" if refused == "major" else "major"
            self.set("mode", mode)
            self.say(f"mode: {mode} (not {refused})", f"调式：{ZH_MODE_NAMES[mode]}（不用{ZH_MODE_NAMES[refused]}）")
        # "A happy tune in a minor key": the article, not A minor.
        m = self.take(r"\b(?:in\s+)?(a)\s+(major|minor)\s+(?:key|tonality)\b", lambda m: self.original(m, 1) == "a")
        if m:
            self.set("mode", m.group(2))
            self.say(f"mode: {m.group(2)}", f"调式：{ZH_MODE_NAMES[m.group(2)]}")
        # "anything in a flat key freaks me out", "a sharp key please", "flat keys": the article, not A flat or A sharp;
        # a key with flats (sharps), which one said elsewhere ("so start me in E flat major") or else the first of them.
        m = self.take(r"\b(?:in\s+)?(?:(a)\s+(flat|sharp)\s+key|(flat|sharp)\s+keys)\b(?!\s+signatures?)",
                      lambda m: m.group(1) is None or self.original(m, 1) == "a")
        if m:
            accidental = m.group(2) or m.group(3)
            self.set("_accidental_key", accidental)
            self.say(f"“{self.original(m).strip()}”: a key with {accidental}s (not A {accidental})",
                     f"“{self.original(m).strip()}”：带{'降' if accidental == 'flat' else '升'}号的调（不是{'降' if accidental == 'flat' else '升'}A）")
        # "not in C major", "anything but C": a key refused is not the key (another is taken if none is named).
        for m in self.take_all(r"\b(?:not\s+(?:in\s+)?|anything\s+(?:but|except|other\s+than|apart\s+from)\s+(?:in\s+)?|any\s+key\s+(?:except|but|other\s+than|apart\s+from)\s+(?:in\s+)?|no\s+more\s+"
                               r"|(?:don'?t|do\s+not)\s+(?:give\s+me|want|need)\s+(?:it\s+|anything\s+|something\s+)?(?:in\s+)?"
                               # ("don't use D major" is read as "no D major": the key with its mode.)
                               r"|no\s+(?=[a-g](?:#|♯|♭|b|\s+flat|\s+sharp)?\s+(?:major|minor)\b))"
                               r"(?:the\s+key\s+of\s+)?" + _NOTE + r"(?:\s+(major|minor))?(?![a-z0-9#])(?:\s+again)?",
                               lambda m: self.original(m, 1).isupper()):
            refused = _note_name(m.group(1), m.group(2) or m.group(3))
            self.set("_not_key", (refused, m.group(4)))
            words = f"{refused} {m.group(4)}" if m.group(4) else refused
            self.say(f"key: not {words}", f"调：不用{words}")
        # "除了G大调什么都行", "不要D大调", "别用降B调": a key refused in Chinese, as "anything but G major" is.
        for m in self.take_all(r"(?:除了|不要|别用?|不用|不想要?)\s*(升|降)?([a-g])(#|♯|b|♭)?\s*(大调|小调|调)(?:以外|之外)?的?"
                               r"(?:\s*(?:什么|哪个|别的|其他)?(?:调)?(?:都行|都可以|都好|随便))?"):
            tonic = _note_name(m.group(2), m.group(1) or m.group(3))
            tonic_mode = _ZH_MODES.get(m.group(4))
            self.set("_not_key", (tonic, tonic_mode))
            words = key_name_zh(tonic, tonic_mode) if tonic_mode else f"{tonic}调"
            self.say(f"key: not {tonic}" + (f" {tonic_mode}" if tonic_mode else ""), f"调：不用{words}")
        # "之前只学过C大调 ... G大调": with another key named, the key the class has learnt is not the key asked for.
        zh_key = r"(?<![a-z])(升|降)?([a-g])(#|♯|b|♭)?\s*(大调|小调)"
        if len(rx.findall(zh_key, self.t)) >= 2:
            for m in self.take_all(r"(?:只|已经|之前|以前)?(?:学过|学了|练过|会)了?\s*" + zh_key):
                learnt = key_name_zh(_note_name(m.group(2), m.group(1) or m.group(3)), _ZH_MODES[m.group(4)])
                self.say(f"already learnt: {learnt} (not the key asked for)", f"已学过：{learnt}（不是这条练习的调）")
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
                      r"|\b" + count + r"\s+(sharp|flat)s?\b(?=\s*(?:[,.;!?)]|$|major\b|minor\b))"
                      r"(?:\s+in\s+the\s+(?:key\s+)?signature\b)?")
        # "No sharps or flats (in the key signature)", "没有升降号的小调": a count of none, C major or A minor.
        none = None if m else self.take(r"\b(?:(?:a\s+)?key\s+signature\s+(?:with|of|that\s+has)\s+)?(?:no|without)\s+sharps\s+(?:or|nor|and)\s+flats"
                                        r"(?:\s+in\s+the\s+(?:key\s+)?signature)?\b(?!\s+(?:other|except|besides|apart|but))"
                                        r"|(?:调号\s*)?(?:没有|无|不带)升降(?:记)?号(?:的)?(?=\s*(?:大调|小调))")
        if m is not None:
            said = next(g for g in m.groups()[0::2] if g)
            way = next(g for g in m.groups()[1::2] if g)
            number = int(said) if said.isdigit() else _NUMBERS.get(said) or _ZH_DIGITS.get(said, 0)
        elif none is not None:
            m, number, way = none, 0, "sharp"
        else:
            return
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
            has = "has sharps or flats" if fifths == 0 else f"does not have {said}"
            self.answer(f"{self.found['key']} {self.found['mode']} {has} in its key signature; the key named is kept",
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
        white = None if m else self.take(r"\b(?:only\s+|just\s+)?(?:the\s+)?white\s+(?:notes|keys)(?:\s+only)?\b|(?:只用|只弹|只有)?白键(?:上的音)?"
                                         # "no black notes", "不要黑键": the white notes said the other way round.
                                         r"|\b(?:no|without|avoid(?:ing)?)\s+(?:any\s+)?black\s+(?:notes|keys)\b|(?:不要|不用|别用|没有|不弹)黑键(?:的音)?")
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
        # "melodic minor, going up with the raised 6th and 7th", "旋律小调，上行升六升七级，下行还原": the melodic minor
        # described, not another wish (a leading note to aim at, a direction).
        described = (r"\b(?:(?:going|on\s+the\s+way)\s+up|ascending|rising)(?:\s+(?:with|it\s+has|has|uses))?\s+(?:the\s+)?(?:raised|sharpened)\s+6(?:th)?\s+and\s+7(?:th)?"
                     r"|\b(?:(?:coming|going|on\s+the\s+way)\s+down|descending|falling)(?:\s+(?:as\s+)?(?:the\s+)?(?:natural|plain)(?:\s+minor)?)"
                     r"|上行(?:时)?(?:升|升高)(?:六|6)(?:级|度)?(?:和|、)?(?:升)?(?:七|7)(?:级|度)?(?:音)?|下行(?:时)?(?:还原|用自然小调|同自然小调)")
        if (self.found.get("mode") == "melodic-minor" or rx.search(r"melodic\s+minor|旋律小调", self.t)) and self.take_all(described):
            self.say("melodic minor: the 6th and 7th raised going up", "旋律小调：上行升高六、七级")

    def _key_once(self) -> None:
        # Chinese: 升F小调, D多利亚, C调, bE大调, A和声小调, 以D为主音的多利亚调式
        modes_zh = "|".join(sorted(_ZH_MODES, key=len, reverse=True))
        # "不要C大调，要G大调": a key refused is not the key.
        for refused in self.take_all(r"(?:不要|不用|别用|别|不是|不想要)\s*(?:用|在)?\s*((?:升|降|#|♯|b|♭)?[a-g](?:#|♯|b|♭)?\s*(?:" + modes_zh + r")(?:调式|调)?)"):
            self.say(f"key: not {self.original(refused, 1)}", f"调：不用{self.original(refused, 1)}")
        # "B flat 大调", "c sharp 小调": a key said in English words before the Chinese mode (code-switching).
        m = self.take(r"(升|降|#|♯|b|♭)?([a-g])(#|♯|b|♭|(?<![a-z][a-g])[\s-]*(?:sharp|flat))?\s*(" + modes_zh + r")(?:调式|调)?")
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
        # "降E" alone likewise.
        m = self.take(r"(?:^|(?<=[,;:.，；：。、]))\s*(升|降)?([a-g])(#|♯|b|♭|\s+sharp|\s+flat|-sharp|-flat)?\s*(?=[,;:.!?，；：。！？]|$)",
                      lambda m: self.original(m, 2).isupper())
        if m:
            self._set_key(m.group(2), m.group(1) or m.group(3), None)
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
        # "Different key please, maybe D this time": a letter after asking for another key is that key, as "in D" is.
        m = self.take(r"\b(?:an?\s+)?(?:different|another|other|new)\s+key\b(?:\s+(?:please|pls|plz))?\s*[,;:]?\s*"
                      r"(?:(?:maybe|perhaps|say|like|try|how\s+about)\s+)?" + _NOTE
                      + r"(?![a-z0-9#♯♭])(?!\s*(?:major|minor|dorian|phrygian|lydian|mixolydian|aeolian|locrian|pentatonic)\b)")
        if m:
            self._set_key(m.group(1), m.group(2) or m.group(3), None)
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
                 "whole step": 2, "whole-step": 2, "minor second": 1, "major second": 2, "minor third": 3, "major third": 4, "third": 4,
                 "perfect fourth": 5, "fourth": 5, "perfect fifth": 7, "fifth": 7,
                 "半音": 1, "全音": 2, "小二度": 1, "大二度": 2, "小三度": 3, "大三度": 4, "三度": 4, "纯四度": 5, "四度": 5, "纯五度": 7, "五度": 7}
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
        # "do = G", "do=降A": the movable do's name for the same sign.
        m = self.take(r"(?:(?<![\d.])1|(?<![a-z])do)\s*=\s*(升|降|#|♯|b|♭)?([a-g])(#|♯|b(?![a-z])|♭)?")
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

    def _seven_tone_scale(self) -> None:
        """ "七声清乐音阶", "雅乐七声", "燕乐调式": settled once the 宫 or the tonic and its mode are read."""
        m = self.take(r"(?:七声)?\s*(清乐|雅乐|燕乐)\s*的?(?:七声)?(?:音阶|调式|宫调式)?")
        if m:
            self.set("_seven_tone", m.group(1))
            return
        # "加清角和变宫": the two notes added to the five name the seven-note scale (清乐); one added note ("加清角",
        # "六声音阶") makes a six-note scale, which a drill does not have: the five-note mode, said so.
        added = r"(清角|变宫|变徵|闰)"
        found = self.take_all(r"(?:加|加上|带|带有|有)?\s*" + added + r"(?:\s*(?:和|与|、|及|加)\s*" + added + r")?(?:音|的)?(?:(?:的)?(?:六声|七声)(?:音阶|调式)?)?"
                              r"|(?:六声)(?:音阶|调式)")
        if not found:
            return
        pair = frozenset(g for m in found for g in (m.group(1), m.group(2)) if g)
        name = {frozenset({"清角", "变宫"}): "清乐", frozenset({"变徵", "变宫"}): "雅乐", frozenset({"清角", "闰"}): "燕乐"}.get(pair)
        if name:
            self.set("_seven_tone", name)
            return
        self.answer("a drill's Chinese mode has its five notes (or seven, as 清乐, 雅乐 or 燕乐); a six-note scale with one "
                    "added note is not available, so this is the five-note mode",
                    "练习的民族调式用五声（或清乐、雅乐、燕乐七声）；暂不支持加一个偏音的六声音阶，这里用五声调式")

    def _seven_tone_key(self) -> None:
        """The seven-note scale's church mode on the tonic read: "G宫" with 雅乐 is G Lydian, "D商" with 清乐 D Dorian."""
        name = self.found.pop("_seven_tone", None)
        if name is None:
            return
        mode = self.found.get("mode")
        degree = _DEGREE_IN_SEVEN.get(mode or "", 0)
        church = _DIATONIC_MODES[(_SEVEN_TONE[name] + degree) % 7]
        key = self.found.get("key") or self.default_key
        self.understood_key_pop()
        self.found.pop("mode", None)
        self._set_key(*_split_note(key), church)
        self.say(f"scale: {name} (Chinese seven-note scale), on this tonic {church}",
                 f"音阶：{name}七声音阶（即{ZH_MODE_NAMES[church]}）")

    def _pentatonic_words(self) -> None:
        """ "pentatonic", "五声音阶", "民族调式" left once the keys are read: the key's pentatonic form."""
        quality = r"(?:(major|minor)[\s-]+)?pentatonic(?:\s+(?:scales?|modes?))?"
        # "小调五声音阶" is the minor pentatonic; "a小调五声音阶" leaves "a小调" to name the key.
        pattern = (r"\b" + quality + r"\b|(?<![a-g#♯♭\s])\s*(大调|小调)的?(?:民族)?五声(?:音阶|调式|旋律)?"
                      r"|(?:民族)?五声(?:音阶|调式|旋律)?(?:[(（]?(大调|小调)[)）]?)?|(?:民族|中国)调式|中国风(?:格)?|民族风(?:格)?"
                   # Folk songs named by their kind or region (江南小调, 信天游, "a Chinese folk-style melody") are
                   # pentatonic; 小调 there is the folk ditty, not the minor key.
                   r"|(?:江南|江北|东北|西北|陕北|山东|四川|云南|江苏|苏州|扬州|民间|地方)(?:小调|民歌|民谣|风格?)|信天游|山歌"
                   r"|\bchinese[\s-]+(?:folk[\s-]*)?(?:style|flavou?r|feel|sound|tune|song|melody)\b|\bchinese[\s-]+folk\b")
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
                      # "多利亚调式，D音上": the mode on D.
                      r"|(?<![a-z])(?:在\s*)?(升|降)?([a-g])(#|♯|b|♭)?\s*音上(?:的)?"
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

    def _capo(self) -> None:
        """A guitarist's capo: "capo 2, G C D shapes" sounds two semitones above the shapes, in A major (A minor for
        "Em shapes"); 夹二品. The drill is written as it sounds; without the shapes' key named, the capo is answered."""
        m = self.take(r"\bcapo\s+(?:on\s+|at\s+)?(?:the\s+)?(?:(\d{1,2})(?:st|nd|rd|th)?|(one|two|three|four|five|six|seven))(?:\s+fret)?\b"
                      r"|(?:变调夹)?\s*夹\s*(?:在)?\s*(?:第)?([一二两三四五六七1-7])\s*品")
        if m is None:
            return
        words = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
        said = m.group(1) or m.group(2) or m.group(3)
        fret = int(said) if said.isdigit() else words.get(said) or _ZH_DIGITS[said]
        chord = r"([a-g])(#|b(?![a-z]))?(m(?!a)|min)?"
        shapes = self.take(r"(?:\b(?:in|using|with|playing)\s+)?(?:the\s+)?" + chord + r"(?:(?:\s+|\s*[-,]\s*)[a-g](?:#|b(?![a-z]))?(?:m(?!a))?)*"
                           r"(?:\s+(?:chord\s+)?shapes?\b|\s*(?:和弦)?指法)", lambda s: self.original(s, 1).isupper())
        # "a melody in the key it actually sounds in": what the capo does anyway, said.
        self.take(r"\b(?:in\s+)?the\s+key\s+(?:it|they|that)\s+(?:actually\s+|really\s+)?sounds?(?:\s+in)?\b"
                  r"|\b(?:at|in)\s+(?:the\s+)?(?:actual|real|sounding)\s+(?:pitch|key)\b|按实际(?:音高|发出的调)")
        # "G major, capo 2" (the key is read after the capo): the key named is the drill's, as it sounds.
        named = rx.search(r"(?<![a-z])([a-g])(#|♯|b|♭)?\s*(major|minor|大调|小调)", self.t, re.ASCII) if shapes is None else None
        if shapes is None or "key" in self.found:
            if named is not None:
                tonic = named.group(1).upper() + {"♯": "#", "♭": "b"}.get(named.group(2) or "", named.group(2) or "")
                mode = "minor" if named.group(3) in ("minor", "小调") else "major"
                self.answer(f"capo {fret}: the drill is in {tonic} {mode} as named, written as it sounds; if that is your "
                            f"chord shapes' key, say \u201c{tonic} shapes\u201d to have it in the key they sound in",
                            f"变调夹{fret}品：练习按所说的{key_name_zh(tonic, mode)}写（实际音高）；如果这是你按的和弦指法，"
                            f"说“{tonic}指法”就按它实际发出的调写")
                return
            self.answer(f"capo {fret}: a drill is written as it sounds; name the shapes (\u201cG shapes\u201d) to have it in the key they sound in",
                        f"变调夹{fret}品：练习按实际音高写；说出所按的和弦指法（如“G指法”）就按它实际发出的调写")
            return
        mode = "minor" if shapes.group(3) else "major"
        shape = shapes.group(1).upper() + (shapes.group(2) or "")
        sounding = _transposed_tonic(shape, mode, fret)
        self._set_key(sounding[0], sounding[1:] or None, mode)
        self.set("mode", mode)
        self.understood.pop()  # the key line, said again with its capo
        self.say(f"key: {sounding} {mode} (capo {fret}, {shape} shapes)", f"调：{sounding}{'大' if mode == 'major' else '小'}调（变调夹{fret}品，{shape}指法）")

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
