"""Reads the notes and steps to practise: leaps and their largest size, target intervals, target
notes, degrees (altered degrees too), the notes a melody ends on, accidentals and solfège syllables."""

from __future__ import annotations

import re

from music.interval import melodic_interval, parse_interval
from music.key import make_key
from music.pitch import parse_pitch

from ..params import parse_target_note
from .compiled import rx
from .ranges import _RangeReader
from .text import _ZH_DIGITS, _ZH_NUM, _zh_number
from .words import _DEGREE_WORDS, _MAX_SEMITONES, _PENTATONIC_OF, _SIZE_WORDS, _ZH_NUMBER_NAMES

#: Scale degrees as words, and their numbers ("the flattened seventh").
_DEGREE_NUMBERS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "two": 2, "three": 3,
                   "four": 4, "five": 5, "six": 6, "seven": 7, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "6th": 6, "7th": 7}
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
_ZH_SIZE = {"二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_QUALITY = {"major": "M", "minor": "m", "perfect": "P", "augmented": "A", "diminished": "d"}
_ZH_QUALITY = {"大": "M", "小": "m", "纯": "P", "增": "A", "减": "d"}
_ZH_QUALITY_NAMES = {v: k for k, v in _ZH_QUALITY.items()}
_DEFAULT_QUALITY = {1: "P", 2: "M", 3: "M", 4: "P", 5: "P", 6: "M", 7: "M", 8: "P", 9: "M", 10: "M"}


#: Leaps said to trouble the singer ("big jumps on the page throw me", "wide leaps confuse him"): small leaps wanted.
_LEAPS_TROUBLE = (r"|\b(?:(?:big|large|wide|huge)\s+)?(?:leaps|jumps|skips)(?:\s+(?!and\b|but\b)[a-z']+){0,4}?\s+"
                  r"(?:throws?|confuses?|scares?|trips?|freaks?|stress(?:es)?|frightens?|loses?|mess(?:es)?)\s+(?:me|him|her|us|them)"
                  r"(?:\s+(?:up|off|out))?\b")


#: The moves between neighbouring partials of a brass instrument's harmonic series (2-3, 3-4, 4-5, 5-6 and 2-4 or 4-8).
_LIP_SLUR_INTERVALS = ("m3", "M3", "P4", "P5", "P8")


class _IntervalReader(_RangeReader):
    """Leaps, intervals, target notes, degrees, ends, accidentals and solfège."""

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
        first = self.take(r"\b(?:(?:using|use|with|(?:keep(?:ing)?\s+it\s+|stay(?:ing)?\s+)?within)\s+)?(?:only\s+|just\s+)?(?:the\s+)?(?:first|lowest|bottom)\s+(three|four|five|six|[3-6])\s+notes"
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
            elif len(wanted) >= 3 and list(wanted) == list(range(wanted[0], wanted[0] + len(wanted))) and "_degree_span" not in self.found:
                # "只用12345", "only do re mi fa sol": neighbouring degrees are every note of a range (do to sol, a fifth),
                # which a drill can keep to; placed in the key as "从do到sol" is.
                self.set("_degree_span", ((wanted[0], 0), (wanted[-1], 0), self.original(only).strip()))
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
                     r"|(?<!fixed\sdo\s)(?<!fixed-do\s)(?<!movable\sdo\s)(?<!movable-do\s)\bsolf[eè]ge(?:\s+(?:syllables|singing))?\b|(?<!首调)(?<!固定调)(?<!固定)(?:用|唱)?唱名(?:唱|视唱)?"
                     # "从唱名mi开始": the syllable is the note to start on (``_start``), said with its kind.
                     r"(?!\s*(?:do|re|mi|fa|sol|so|la|ti)(?![a-z])\s*(?:开始|起|开头))"):
            self.say("solfège: sing it on movable do (do is the key's tonic, la in a minor key)",
                     "唱名：首调唱名（大调主音唱do，小调主音唱la）")

    def _lip_slurs(self) -> None:
        """Lip slurs (唇连音), the brass player's moves between the partials of one valve or slide position: the
        notes of each bar's chord, reached by leaps (thirds, fourths, fifths, octaves), no steps. Read before
        the articulation marks, whose "slurs" a drill does not write."""
        if self.take(r"\blip[\s-]*slurs?(?:\s+(?:drills?|exercises?|practi[cs]e|studies|patterns?))?\b|嘴?唇部?连(?:音|奏)(?:练习|训练)?"):
            self.set("allowed_intervals", list(_LIP_SLUR_INTERVALS))
            # Answered as well as read: how the notes are joined (the lips' work) is the player's, not the drill's.
            self.answer("lip slurs: the drill gives their notes, each bar's chord moved between by leaps (thirds, "
                        "fourths, fifths, octaves) with no steps; slurring them on one valve or slide position is "
                        "yours to do (the drill does not mark how a note is joined to the last)",
                        "唇连音：练习给出音符，在每小节的和弦音之间跳进（三度、四度、五度、八度），没有级进；"
                        "用同一指法或把位连奏要靠你自己（练习不评判音与音怎样连接）")

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
                      r"|([二三四五六七八九])度(?:以内|之内)\s*的?(?:跳进|跳跃|音程|跳)"
                      r"|(?:不要|别|不能|不可以)\s*(?:跳进|跳跃|跳动|音程|大跳|跳)\s*(?:超过|大于|超出)\s*([二三四五六七八九])度")
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
        # (Every match: "the kids cannot do leaps, give a stepwise melody" says it twice.)
        if self.take_all(r"(?<!mostly )(?<!mainly )(?<!largely )(?<!mostly by )\b(?:only\s+|just\s+)?(?:stepwise(?:\s+motion|\s+movement)?(?!\s*,?\s*(?:mostly|mainly|largely)\b)|all\s+(?:by\s+)?steps|no\s+(?:leaps|jumps|skips)"
                     r"(?!\s+(?:bigger|larger|wider|greater|over|above|beyond|more))|by\s+steps?|steps\s+only|only\s+steps|"
                     r"conjunct(?:\s+motion)?)(?:\s+only)?\b"
                     r"|(?:只有|只用|全部|全是|都是|只要)?级进(?!为主)(?:进行)?|不要跳进(?!太|那么|过大|很大)|没有跳进"
                     # "my students can't handle leaps yet", "孩子们还不会跳进": no leaps at all, as "no leaps" (a leap
                     # of a size, "can't sing big leaps", is a complaint about the big ones: below).
                     r"|\b(?:i|we|they|he|she|(?:the|my|our)\s+(?:kids|students|class|children|pupils|choir|singers|beginners))\s+(?:can't|cannot|can\s+not|(?:are|is)\s+not\s+ready\s+for)\s+(?:(?:do|handle|manage|sing|cope\s+with)\s+)?(?:any\s+)?(?:leaps|jumps|skips)(?:\s+(?:yet|at\s+all))?\b"
                     r"|(?:还)?(?:不会|唱不了|做不了)(?:唱)?跳进"):
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
        # "我六度跳进老是唱不准": a leap of a size named that is hard to sing is the student's weak spot, a leap to
        # practise, not a wish for no big leaps.
        for m in self.take_all(r"(?<!不要)(?<!别)([三四五六七八])度\s*的?(?:大)?(?:跳进|跳跃|大跳|音程)(?:我)?" + struggle
                               + r"(?:唱不(?:准|好|对)|(?:不太容易|不容易|很难|太难|比较难|挺难|不好)(?:唱准|唱对|唱好|唱)?)"):
            number = _ZH_SIZE[m.group(1)]
            self._add_leap(f"+{_DEFAULT_QUALITY[number] if number not in (6, 7) else 'm'}{number}")
        hard_leaps = "" if rx.search(r"(?:practi[cs]e|work\s+on|improve|get\s+better\s+at)\s+(?:on\s+)?(?:them|those|these|(?:my\s+|the\s+|big\s+)*(?:leaps|jumps))"
                                     r"|练(?:练|习|一下)?(?:它们|这个|大跳|跳进)", self.t) else (
            r"|\b(?:(?:big|large|wide|huge)\s+)?(?:leaps|jumps|skips)\s+are\s+(?:(?:really|very|so|too|quite|a\s+bit)\s+)?(?:hard|difficult|tricky|tough)"
            r"(?:\s+(?:for\s+me|to\s+sing|to\s+hit|in\s+tune))*\b"
            r"|\b(?:i|we|they|he|she|(?:the|my|our)\s+(?:kids|students|class|children|pupils|choir|singers))\s+(?:can't|cannot|can\s+not|struggle\s+to|find\s+it\s+hard\s+to)\s+(?:sing|hit|pitch|do|handle|manage)\s+(?:(?:big|large|wide)\s+)?(?:leaps|jumps)(?:\s+in\s+tune)?\b"
            + _LEAPS_TROUBLE +
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
        # "I'm not saying I don't want leaps, but…", "不是不想要跳进，只是…": a denied refusal is leaps allowed, and
        # the wish is in what follows (a limit, "keep them small").
        self.take(r"\b(?:i'?m\s+|i\s+am\s+)?not\s+saying\s+(?:that\s+)?(?:i|we)\s+(?:don'?t|do\s+not)\s+(?:want|like)\s+(?:any\s+)?(?:leaps|jumps|skips)\b"
                  r"|(?:我)?(?:不是|并不是)不(?:想|愿意)?要(?:跳进|大跳|跳跃|跳)")
        # Small leaps only: nothing wider than a fourth; with a limit named, the words say the same wish.
        if self.take(
                # "keep them small", "keep the leaps small", "no too much jumping" (Nigerian English).
                r"\b(?:keep|make)\s+(?:the\s+)?(?:leaps|jumps|skips|intervals|them)\s+(?:small|little|tiny|narrow)\b"
                r"|\b(?:no|not)\s+(?:too\s+much|so\s+much|much)\s+jump(?:ing|s)?\b|"
                r"\b(?:no|without|avoid)\s+(?:big|large|wide|huge|crazy|wild|giant|massive|enormous)\s+(?:leaps|jumps|skips|intervals)\b"
                r"|\b(?:only\s+)?small\s+(?:leaps|jumps|skips|steps|intervals)(?:\s+only)?\b|\bnot\s+(?:too\s+)?jumpy\b"
                # "不要有大跳": the 有 was folded to a space.
                r"|(?:不要|没有|别|避免|不用|不能有)\s?(?:太)?大(?:的)?(?:跳进|跳)|跳进?(?:不要|别)太大|(?:不要|别)跳(?:进|得)?(?:太大|过大|很大)|小跳为主|只有小跳"
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
                     # "I struggle with big leaps", "big jumps throw me" are not a wish for them.
                     lambda m: not rx.search(r"(?:struggl\w*|trouble|difficult\w*|bad|problems?|hate|scared|afraid|fear)\s+(?:(?:with|at|of)\s+)?$", self.t[: m.start()])
                     and not rx.match(_LEAPS_TROUBLE.removeprefix("|"), self.t[m.start():].lstrip())):
            self.refinements.append(("more leaps", None))
            self.say("more leaps (less monotonous): wider and more frequent leaps", "更多跳进（不那么单调）")
        # ("less big jumps", "fewer wide leaps", 大跳少一点: a size before the leaps says which are fewer; the wish is one.)
        if self.take_all(r"\b(?:fewer|less|smaller)\s+(?:(?:big|large|wide|huge)\s+)?(?:leaps|jumps|skips)\b|\bnot\s+(?:so|too|as)\s+many\s+(?:(?:big|large|wide|huge)\s+)?(?:leaps|jumps|skips)\b|(?:不要|别)那么多跳进?|\bsmoother\b|\bmore\s+stepwise\b|\bless\s+jumpy\b"
                     r"|\b(?:mostly|mainly|largely|mostly\s+by)\s+(?:steps|stepwise(?:\s+motion)?)\b"
                     r"|\b(?:steps|stepwise(?:\s+motion)?)\s*,?\s*(?:mostly|mainly|largely|for\s+the\s+most\s+part)\b"
                     r"|少一些(?:跳进|大跳)|少一点(?:跳进|大跳)|(?:跳进|大跳)少(?:一些|一点|点|些)|减少(?:跳进|大跳)|更平稳|更流畅|平稳一些|以级进为主|级进为主"
                     r"|(?:不要|别)(?:跳|跳进)(?:太多|那么多)|跳(?:进)?(?:不要|别)太多|少跳"
                     r"|\b(?:lyrical|cantabile|legato|flowing|smooth|hymn[\s-]like|hymns?(?:\s+tunes?)?|lullaby|gentle|calm)\b|抒情|优美|深情|歌唱性|连贯|连奏|流畅|摇篮曲|平稳|柔和|安静") and not fewer_said:
            self.refinements.append(("fewer leaps", None))
            self.say("fewer leaps (smoother)", "更少跳进（更平稳）")

        # "with a couple of leaps": the level's leaps, said back so the words are not lost.
        if self.take(r"\b(?:with\s+)?(?:a\s+couple\s+of|a\s+few|some|occasional|the\s+odd)\s+(?:leaps|jumps|skips)\b"
                     r"|(?:有|带)?(?:一些|几个|少量|几处)\s*(?:跳进|(?<![a-z])(?:leaps?|jumps?|skips?)(?![a-z]))"
                     # "有跳进的练习", "a tune with leaps": leaps wanted, as many as the level has.
                     r"|(?<![没不别])(?:要有|有|带)跳进|\bwith\s+(?:leaps|jumps|skips)\b"):
            self.say("a few leaps (as the level allows)", "少量跳进（按等级）")
        # "要有大跳": 大跳 is a leap of a fourth or more; the largest leap is at least a fifth, so both can come.
        if self.take(r"(?<![没不别])(?:要有|有|带|多些|多一些|加点|加些)大跳(?:进)?") and "max_leap" not in self.found:
            self.set("_big_leaps", True)
            self.say("large leaps (a fourth or more): the largest leap at least a fifth", "大跳（四度以上）：最大跳进至少五度")

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
            # "minor 7th leaps": the leap word after the size is the interval's.
            r"(" + sizes + r"|tritone)(s)?\b(?:\s+(?:leaps?|jumps?|skips?)\b)?" + both
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
        for m in self.take_all(r"(?:多练习?|练习|多一些|多用|重点练习?)?\s*(上下行|上行和下行|上行与下行|上行|下行)?\s*(?:的)?\s*"
                               r"(?:(大|小|纯|增|减)([二三四五六七八九])度|(三全音))(?:的?音程)?(\s*(?:的)?上下行|\s*上行和下行)?"
                               # "纯四度上行", "大三度下行": the direction said after the interval.
                               r"(?:\s*(?:的)?(上行|下行)(?!和|与))?"):
            name = "A4" if m.group(4) else f"{_ZH_QUALITY[m.group(2)]}{_ZH_SIZE[m.group(3)]}"
            way = m.group(1) or m.group(6)
            if m.group(5) or (way or "").startswith("上") and "下" in (way or ""):
                found += [f"+{name}", f"-{name}"]
            else:
                found.append(f"{'-' if way == '下行' else '+'}{name}")
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
                     r"|(?:练习?|多练|唱准|唱好|唱不准|唱不好)(?:唱准|唱好|唱)?半音(?!阶|音阶|\s*(?:以内|之内))"):
            found += ["+m2", "-m2"]
        # "上行六度和下行三度": a size with a direction is an interval to practise, not a range.
        for m in self.take_all(r"(上行|下行)\s*([二三四五六七八])度(?!以内|之内|音域)"):
            number = _ZH_SIZE[m.group(2)]
            found.append(f"{'-' if m.group(1) == '下行' else '+'}{_DEFAULT_QUALITY[number]}{number}")
        # "大六度和小六度，上行": a direction in a clause of its own is every interval's just named.
        # Said as a singer would ("往下唱", "向上走", "sing them going down"): the way is the direction's word.
        shared_way = self.take(r"(?:^|(?<=[,;:.]))\s*(?:only\s+|都|只要|全部)?(?:要|是)?(上行下行|上行和下行|上行与下行|上下行|上行|下行|ascending|descending|rising|falling|"
                               r"going\s+up|going\s+down|(?:both\s+)?up\s+and\s+down|both\s+ways|(?:往|向|朝)(?:上|下)|上上下下)(?:\s+only)?(?:唱|走|进行)?(?:的)?"
                               # "上行下行都要", "上下行都练": both ways, each wanted.
                               r"(?:都要|都练|都有|都行|都可以)?\s*(?=[,;:.!?]|$)") if found else None
        if shared_way:
            way = shared_way.group(1)
            plain = list(dict.fromkeys(name.lstrip("+-") for name in found))
            if way in ("上下行", "上行和下行", "上行下行", "上行与下行", "up and down", "both up and down", "both ways", "上上下下"):
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
        # "don't start on the tonic this time", 不要从主音开始: any other degree (the plan picks one of its first chord).
        if self.take(r"\b(?:not|never|don'?t|do\s+not|doesn'?t|does\s+not|shouldn'?t|should\s+not|won'?t|mustn'?t)\s+(?:start|begin)(?:s|ing)?\s+"
                     r"(?:on|with)\s+(?:the\s+)?(?:tonic|do|home\s+note|1st|first\s+degree)\b"
                     r"|(?:不要|别|不|不能)(?:从|以|在)(?:主音|do|一级音|1)(?:开始|起|开头)|(?:开头|开始)(?:不要|别|不)(?:在|是|从|用)?主音"):
            self.set("start_on_tonic", False)
            self.set("start_degree", None)
            self.say("start: not on the tonic", "开头：不从主音开始")
        start = self.take(r"\b(?:that\s+)?(?:start(?:s|ing)?|begin(?:s|ning)?)\s+(?:on|with)\s+" + named + r"\b"
                          r"|(?:从|以)?(?:唱名\s*)?(?<![a-z])(下属音|属音|下中音|中音|上主音|导音|[二三四五六七]级音|sol|so|mi|re|fa|la|ti)\s*(?:开始|起音|起|开头)"
                          # "起音是sol", "第一个音用5": the first note named after the words for it.
                          r"|(?:起音|起始音|第一个音|首音)\s*(?:是|为|用|唱|在)?\s*(?:唱名\s*)?(?<![a-z])(下属音|属音|下中音|上主音|导音|[二三四五六七]级音|sol|so|mi|re|fa|la|ti|[2-7])(?![a-z0-9])"
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
                     # "结束在do上": the solfège name of the tonic, said after the verb as 主音 is.
                     r"|(?:结束|结尾|收尾)(?:要|得|必须|应该)?(?:落|停)?(?:在|于)\s*do(?![a-z])(?:\s*上)?"
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

    def _accidentals(self) -> None:
        # "My sight-reading falls apart when there are lots of sharps - something in E major?": the sharps of a trouble
        # told are the named key's signature, not accidentals asked for.
        if "key" in self.found:
            fifths = make_key(self.found["key"], self.found.get("mode", "major")).fifths
            kind = "sharps" if fifths >= 2 else "flats" if fifths <= -2 else ""
            told = self.take(r"\b(?:terrible|bad|awful|lost|panic\w*|struggle|struggling|confused|stuck|hate|fall\s+apart|falls\s+apart|trouble)"
                             r"(?:\s+\w+){0,4}?\s+(?:when|whenever|if|with)\s+(?:there\s+(?:are|is)\s+|i\s+see\s+)?(?:lots\s+of|many|all\s+(?:the|those)|a\s+lot\s+of)\s+" + kind + r"\b") if kind else None
            if told:
                self.say(f"{kind}: those of {self.found['key']} {self.found.get('mode', 'major')}'s key signature (no accidentals added)",
                         f"{'升号' if kind == 'sharps' else '降号'}：调号里的（不另加临时记号）")
        if self.take(r"\b(?:no|without|avoid)\s+(?:accidentals|chromatic(?:ism|\s+notes)?|sharps\s+or\s+flats|sharps\s+and\s+flats|flats\s+or\s+sharps|flats\s+and\s+sharps)\b"
                     r"|(?:不要|没有|无|不用|别用|避免|不带|别)(?:出现|有|用)?(?:临时)?(?:升降号|升降记号|变音记号|临时记号|变化音)"):
            self.set("accidentals", False)
            self.say("accidentals: off", "临时记号：不用")
            # "no accidentals or chromatic notes": the same wish said twice.
            self.take_all(r"(?:\b(?:or|and)\s+|/\s*)(?:accidentals|chromatic(?:ism|\s+notes)?)\b")
        elif self.take(r"(?<!key\swith\s)\b(?:lots\s+of|many|plenty\s+of|some|a\s+few|more)\s+(?:sharps|flats|sharps\s+and\s+flats)\b(?!\s+in\s+the\s+key)"
                       r"|(?<!key\swith\s)\b(?:with\s+)?(?:some\s+)?(?:accidentals|chromatic(?:ism|\s+notes|\s+passing\s+(?:notes|tones)|\s+neighbou?r(?:\s+(?:notes|tones))?)?)"
                       r"(?:\s+(?:are\s+)?(?:allowed|ok|okay|fine|welcome|permitted))?\b|临时(?:升降)?记号|变化音|半音化"
                       # "带升降号的视唱": sharps and flats a sight-singing line carries are accidentals (a key signature
                       # is named by its key); "不要带升降号" was read above.
                       r"|(?<!不)(?<!不要)(?<!别)(?<!没)(?:带|有|加|加上|加点|加几个)(?:临时)?(?:升降号|升降记号|变音记号)"):
            self.set("accidentals", True)
            self.say("accidentals: on (chromatic neighbour and passing notes)", "临时记号：使用（半音邻音与经过音）")
            # "chromatic, with lots of sharps", "accidentals / chromatic notes": the same wish said twice.
            self.take_all(r"\b(?:lots\s+of|many|plenty\s+of|some|a\s+few|more)\s+(?:sharps|flats|sharps\s+and\s+flats)\b"
                          r"|(?:\b(?:or|and)\s+|/\s*)(?:accidentals|chromatic(?:ism|\s+notes)?)\b")
