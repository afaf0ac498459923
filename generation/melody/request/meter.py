"""Reads time: the meter, relative amounts ("shorter", "more eighths"), bars, tempo, rhythm patterns and
cells, note values (and the ones not wanted), and rhythm devices (triplets, syncopation, rests, dots)."""

from __future__ import annotations

import re

from music.words import skill_name

from ..errors import InvalidParams
from ..params import MAX_BARS, pattern_value
from ..rhythm import SUPPORTED_METERS, all_rhythm_tags
from .compiled import rx
from .intervals import _IntervalReader
from .text import _NUMBERS, _TRADITIONAL, _ZH_DIGITS, _ZH_NUM, _zh_number
from .words import _DURATION_WORDS, _NOTE_VALUE_ORDER, _TEMPO_WORDS, _ZH_DURATION_NAMES

_ZH_TEMPO_WORDS = {"不要太快": 84, "别太快": 84, "不太快": 84, "不要太慢": 96, "别太慢": 96, "稍快": 112, "稍慢": 76,
                   "较快": 112, "较慢": 72, "很慢": 56, "广板": 50, "慢板": 66, "行板": 80, "中板": 100, "小快板": 108, "快板": 128, "急板": 168, "慢速": 66,
                   "中速": 90, "中等速度": 90, "轻松": 80, "悠闲": 72, "速度中等": 90, "快速": 120, "很快": 144, "慢慢的": 60, "慢慢地": 60, "慢": 66, "快": 120}
_ZH_DURATIONS = {"全音符": "whole", "二分音符": "half", "四分音符": "quarter", "八分音符": "eighth",
                 "十六分音符": "16th", "二分": "half", "四分": "quarter", "八分": "eighth", "十六分": "16th"}
#: The rhythm cells' ``rhy:`` tags in Chinese.
_ZH_RHYTHM_NAMES = {"16th-16th-8th": "前十六后八", "16ths": "四个十六分音符", "8th-16th-16th": "前八后十六",
                    "8th-pair": "两个八分音符", "8th-triple": "一拍三个八分音符", "dotted-8th-16th": "附点八分+十六分",
                    "dotted-half": "附点二分音符", "dotted-quarter-8th": "附点四分+八分", "quarter-8th": "四分+八分",
                    "syncopation": "切分", "tie": "连音线", "triplet-8th": "八分三连音", "triplet-quarter": "四分三连音"}


#: Length words without a number ("a short one", "a super short song", "很短的", "长一些的"), not a while ("a long break").
_LENGTH_WORDS = (r"(?<!too )(?<!not )(?<!so )(?<!as )(?<!more )\b(?:a\s+|really\s+|very\s+|quite\s+|super\s+|extra\s+)?(short|brief|quick\s+little|long)(?:\s+(?:one|melody|tune|drill|exercise|piece))?\b"
                 r"(?!\s+(?:notes?|values?|rests?|phrases|motifs?|durations?|leaps?"
                 # A while, not the drill: "back after a long break", "it's been a long time", "a long day".
                 r"|time|times|break|breaks|pause|gap|while|day|days|week|weeks|month|months|year|years|summer|holiday|hiatus|absence|"
                 r"illness|way|story|list)\b)|(简短|短小|(?:很|非常|特别|超)?短的|(?:很|非常|特别|超)短|长的|长一些的)")


def _said_short(m: re.Match[str]) -> bool:
    """Whether the length words matched by ``_LENGTH_WORDS`` say short (a very short drill is still one phrase)."""
    return (m.group(1) or m.group(2)) not in ("long", "长的", "长一些的")


#: Bars in a line of printed music, as a class sheet or 简谱 prints them ("两行" is eight bars).
BARS_PER_LINE = 4



#: A value denied after it is named: "semiquavers not allowed", "triplets are forbidden".
_DENIED_AFTER = r"(?:are\s+|is\s+)?(?:not\s+allowed|not\s+permitted|forbidden|banned|not\s+wanted)\b"

#: How Chinese sets a tempo to a number: 速度改成80, 节拍器设定60, 速度降到六十, 速度提到一百.
_TEMPO_TO = (r"改成|改为|调到|调成|设为|设成|设定(?:为|成|在)?|设置(?:为|成|在)?|设在|定在|开到|打到|降到|降低到|减到|减慢到|放慢到"
             r"|慢到|提到|提高到|加到|加快到|快到|变成|为|是|:|=")


class _MeterReader(_IntervalReader):
    """Meter, bars, tempo, rhythm and note values."""

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
                               r"|(?:不要|没有|别用|不用|避免|去掉|不能有)\s*(" + zh + r"|" + en + r"(?=\s+notes?\b|\s*(?:[,.;!?]|$)))(?:\s+notes?\b)?"
                               # The denial after the value: "semiquavers not allowed", "16ths are banned".
                               r"|\b(" + en + r")(?:\s+notes?)?\s+" + _DENIED_AFTER):
            word = m.group(1) or m.group(2) or m.group(3)
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
        # "Crotchets, quavers and a few semiquavers": a list of the British names (no "only" before it) is values to use.
        item = r"(?:(?:a\s+few|some|lots\s+of|plenty\s+of|the\s+odd)\s+)?(?:semiquaver|crotchet|quaver|minim|semibreve)s"
        for m in self.take_all(r"(?<![a-z])(?<!only )(?<!just )(?<!no )" + item + r"(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+an\s+|\s*&\s*)" + item + r")+\b"):
            for word in rx.findall(r"(semiquaver|crotchet|quaver|minim|semibreve)s", self.original(m).lower()):
                value = _DURATION_WORDS[word]
                self.found.setdefault("_with_durations", []).append(value)
                self.say(f"note values: with {value} notes", f"时值：用{_ZH_DURATION_NAMES[value]}音符")
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
                         r"|\b(?:" + pattern + r")\s+" + _DENIED_AFTER +
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

    def _meter(self) -> None:
        def put(meter: str, why_en: str = "", why_zh: str = "") -> None:
            if meter not in SUPPORTED_METERS:
                raise InvalidParams(f"meter: {meter!r} is not supported (use one of {', '.join(SUPPORTED_METERS)})")
            self.set("meter", meter)
            self.say(f"meter: {meter}" + (f" ({why_en})" if why_en else ""),
                     f"拍号：{meter}拍" + (f"（{why_zh}）" if why_zh else ""))

        # "not in 3/4", "不要三拍子", "别用3/4拍": a meter refused; another is taken where the drill would be in it.
        # ("no 4/4 or 3/4", 不要四四拍或三四拍: every meter of a list refused.)
        zh_meter = r"(?:\d{1,2}\s*/\s*\d{1,2}\s*拍?(?:子)?|(?<!复)[三四二]拍子|[二三四][四八]拍(?:子)?|四[二三]拍(?:子)?|八[六九]拍(?:子)?)"
        for refusal in self.take_all(r"\b(?:not\s+(?:in\s+)?|anything\s+(?:but|except|other\s+than|apart\s+from)\s+(?:in\s+)?|no\s+)(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])(?:\s*(?:time|meter))?"
                               r"|(?:不要|别用?|不用|除了)\s*" + zh_meter + r"(?:\s*(?:或者?|和|、|，|,|还有|也不要)\s*" + zh_meter + r")*(?:以外|之外)?的?"):
            if refusal.group(1):
                said = [f"{int(refusal.group(1))}/{int(refusal.group(2))}"]
            else:
                said = []
                # (四三拍 and 八六拍 say the beat first, as 四分之三 does; 三四拍 says the count first.)
                for one in rx.finditer(r"(\d{1,2})\s*/\s*(\d{1,2})|([三四二])拍子|(?P<beat>四(?=[二三]拍)|八(?=[六九]拍))([二三六九])拍|([二三四])([四八])拍", refusal.group(0)):
                    g = one.groups()
                    said.append(f"{int(g[0])}/{int(g[1])}" if g[0] else {"三": "3/4", "四": "4/4", "二": "2/4"}[g[2]] if g[2]
                                else f"{_ZH_DIGITS[g[4]]}/{_ZH_DIGITS[g[3]]}" if g[3] else f"{_ZH_DIGITS[g[5]]}/{_ZH_DIGITS[g[6]]}")
            for refused in said:
                self.set("_not_meter", (*self.found.get("_not_meter", ()), refused))
                self.say(f"meter: not {refused}", f"拍号：不用{refused}拍")
        # "three groups of three per bar" (9/8), "two groups of three" (6/8): a compound meter described; taken as the
        # meter unless one is named as well (then it only says the same).
        m = self.take(r"\b(two|three|four)\s+groups\s+of\s+(?:three|3)(?:\s+eighths)?(?:\s+(?:per|in\s+a|in\s+each|a|to\s+a)\s+(?:bar|measure))?")
        if m and not rx.search(r"(?<![\d/])\d{1,2}\s*/\s*\d{1,2}(?![\d/])|拍", self.t):
            put({"two": "6/8", "three": "9/8", "four": "12/8"}[m.group(1)], self.original(m).strip(), self.original(m).strip())
            self._meter_word(self.found["meter"])
            return
        # "three four time", "six eight meter": a meter in number words (with "time" or "meter" after it). Dictation
        # writes the numbers as their homophones: "to four time" (2/4), "for four time" (4/4), "three for time".
        m = self.take(r"\b(two|to|too|three|four|for|five|six|seven|nine|twelve)[\s-]+(two|to|four|for|eight)\s+(?:time|meter)\b")
        # Without "time": only hyphenated ("a six-eight jig") or after "in" at the clause's end ("in six eight"), where
        # the two number words can be nothing else ("in three four-bar phrases" is not 3/4).
        m = m or self.take(r"\b(two|three|four|five|six|nine|twelve)-(two|four|eight)\b(?!-)"
                           r"|(?<=\bin\s)(two|three|four|five|six|nine|twelve)\s+(two|four|eight)(?=\s*(?:[,;.!?)]|$))")
        if m:
            words = {"two": 2, "to": 2, "too": 2, "three": 3, "four": 4, "for": 4, "five": 5, "six": 6, "seven": 7,
                     "eight": 8, "nine": 9, "twelve": 12}
            upper, lower = (group for group in m.groups() if group)
            put(f"{words[upper]}/{words[lower]}")
            self._meter_word(self.found["meter"])
            return
        # "4 4 time" (typed without the slash) only with "time" or "meter" after it; "34 time", "68 time" (dictation
        # drops the slash) only where the two digits are a meter. "The beat is 4/4", "a 3/4 beat": beat is the meter.
        self.take(r"\b(?:the\s+)?beat\s+(?:is|=|:)\s*(?=\d{1,2}\s*/\s*\d)")
        # "3-4 time" and "3:4" (a dash or a colon for the slash): the dash only with "time" or 拍 after it ("3-4 bars"
        # is a count), the colon only where the two numbers are a meter ("10:30" is not).
        m = self.take(r"(?<![\d/])(\d{1,2})(?:\s*/\s*|\s+(?=\d{1,2}\s*(?:time|meter)\b)|\s*[-–]\s*(?=\d{1,2}\s*(?:time\b|meter\b|拍)))(\d{1,2})(?![\d/])(?:\s*(?:time|meter|拍子|拍|beats?\b))?"
                      r"|(?<![\d/.])([2-9]|12)([248])\s*(?=(?:time|meter)\b)"
                      r"|(?<![\d/:.])(\d{1,2})\s*:\s*(\d{1,2})(?![\d/:])(?:\s*(?:time|meter|拍子|拍|beats?\b))?",
                      lambda m: bool(m.group(1)) or f"{m.group(3) or m.group(5)}/{m.group(4) or m.group(6)}" in SUPPORTED_METERS)
        if m:
            meter = f"{int(m.group(1) or m.group(3) or m.group(5))}/{int(m.group(2) or m.group(4) or m.group(6))}"
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
        # "拍号三四" (拍号 first, as a Taiwan or Hong Kong teacher writes it): the two numbers need no 拍 after them.
        m = self.take(r"拍号\s*(?:是|为|:)?\s*([二三四五六七八九])([二三四五六七八九])(?:拍(?:子)?)?(?![二三四五六七八九十])"
                      r"|([二三四五六七八九])([二三四五六七八九])拍(?:子)?")
        if m:
            # Said either way round ("四三拍" and "三四拍" are both 3/4): the note value is the 2, 4 or 8.
            a, b = (_zh_number(x) for x in m.groups() if x)
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
            (r"\btriple\s+(?:time|meter)\b|\b(?:three|3)\s+beats?\s+(?:to|per|in|a|each)\s+(?:(?:a|the|each|every|one)\s+)?(?:bar|measure)\b|(?:每|一)(?:个)?小节(?:有|是)?[三]拍(?!子)", "3/4", "triple time", "三拍子"),
            (r"(?<!复)三拍子|(?<![\d一二三四五六七八九十/])三拍的(?=\s*(?:$|[,.;!?]|旋律|曲子|视唱|练习))", "3/4", "triple time", "三拍子"),
            (r"\bduple\s+(?:time|meter)\b|\b(?:two|2)\s+beats?\s+(?:to|per|in|a|each)\s+(?:(?:a|the|each|every|one)\s+)?(?:bar|measure)\b|(?:每|一)(?:个)?小节(?:有|是)?[二两]拍(?!子)", "2/4", "duple time", "二拍子"),
            (r"(?<!复)[二两]拍子", "2/4", "duple time", "二拍子"),
            (r"\bquadruple\s+(?:time|meter)\b|\b(?:four|4)\s+beats?\s+(?:to|per|in|a|each)\s+(?:(?:a|the|each|every|one)\s+)?(?:bar|measure)\b|(?:每|一)(?:个)?小节(?:有|是)?[四]拍(?!子)", "4/4", "quadruple time", "四拍子"),
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

    def _length(self) -> None:
        """A length said as notes or time ("16 notes long", "about 30 seconds", "a one-minute exercise", "一共16个音",
        "大概一分钟长"): turned into bars once the meter, tempo and note values are known (``finish``)."""
        number = r"(\d{1,3}|" + "|".join(_NUMBERS) + r"|a|an|one|half\s+a)"
        m = self.take(r"\b(?:exactly\s+|about\s+|around\s+|roughly\s+)?" + number + r"(?:\s+|-)notes?\s+(?:long|in\s+(?:all|total))\b"
                      r"|\b(?:(?:melody|tune|exercise|drill|phrase)\s+of\s+)(?:exactly\s+|about\s+)?" + number + r"\s+notes\b"
                      # ("a five-note range" is the range's size, read with the range.)
                      r"|\b" + number + r"-note\b(?!\s+(?:range|span|compass|scale|chords?)\b)"
                      r"|(?:一共|总共|共|只要|就)\s*(" + _ZH_NUM + r")\s*个音(?:长)?|(?<![\d一二两三四五六七八九十])(" + _ZH_NUM + r")\s*个音(?:长)?(?=的|左右)")
        if m:
            said = next(g for g in m.groups() if g)
            count = int(said) if said.isdigit() else _NUMBERS.get(said) or _zh_number(said)
            self.set("_length", ("notes", count, self.original(m).strip()))
            return
        # Seconds by a number in digits, or with "about" or "long" ("two seconds" alone may be intervals).
        m = self.take(r"\b(?:(?:about|around|roughly|exactly|lasting)\s+" + number + r"(?:\s+|-)(seconds?|secs?|minutes?|mins?)"
                      r"|(\d{1,3})(?:\s*|-)(seconds?|secs?|minutes?|mins?)|" + number + r"(?:\s+|-)(minutes?|mins?)"
                      r"|" + number + r"(?:\s+|-)(seconds?|secs?)(?=\s+long))(?:\s+long)?\b(?!\s+(?:of\s+)?(?:rests?|silence|breaks?))"
                      r"|(?:大概|大约|约)?(?<!每)(" + _ZH_NUM + r"|半)\s*(秒钟?|分钟|分半钟?)(?=长|左右|的)(?:长)?(?:左右)?")
        if m:
            groups = [g for g in m.groups() if g]
            said, unit = groups[0], groups[1]
            if said in ("a", "an", "one"):
                amount = 1.0
            elif rx.fullmatch(r"half\s+a", said) or said == "半":
                amount = 0.5
            else:
                amount = float(int(said) if said.isdigit() else _NUMBERS.get(said) or _zh_number(said))
            seconds = amount * (60 if unit.startswith(("min", "分")) else 1) + (30 if unit.startswith("分半") else 0)
            self.set("_length", ("seconds", seconds, self.original(m).strip()))

    def _bar_bounds(self) -> None:
        """ "No fewer than 12 bars", "at most 8 bars", 至少十二小节, 小节数不少于十二, 小节数：12: a bound on the count is
        met by the count itself. Read before the relative amounts, which took 至少十二小节 for "12 bars fewer"
        (少十二小节) and 最多八小节 for "8 more"."""
        en = "|".join(_NUMBERS)
        # "8 bars max", "16 measures at most", "12 bars minimum": the bound said after the count.
        after = self.take(r"\b(\d{1,3})\s+(?:bars?|measures?)\s+(?:max(?:imum)?|at\s+(?:the\s+)?most|tops|min(?:imum)?|at\s+(?:the\s+)?least)\b")
        if after:
            self._set_bars(int(after.group(1)))
            return
        m = self.take(r"\b(?P<en>(?:no|not)\s+(?:fewer|less|more)\s+than|at\s+(?:least|most)|(?:a\s+)?(?:minimum|maximum|max|min)\s+(?:of\s+)?|up\s+to)"
                      r"\s+(?P<n>\d{1,3}|" + en + r")(?:\s+|-)(?:bars?|measures?)\b"
                      r"|(?P<zh>不少于|不低于|不小于|至少|最少|起码|(?:不要|别|不能)?超过|不超过|不多于|不大于|最多|顶多|至多)\s*(?P<zn>" + _ZH_NUM + r")\s*(?:个)?小节"
                      r"|小节(?:数|数量|的数量)\s*(?:[:=]|要|应该|最好)?\s*(?P<zh2>不少于|不低于|不小于|至少|最少|起码|不超过|不多于|不大于|最多|顶多|至多|为|是)?\s*"
                      r"(?P<zn2>" + _ZH_NUM + r")(?!\s*(?:个)?小节)")
        if m is None:
            return
        said = m.group("n") or m.group("zn") or m.group("zn2")
        bars = int(said) if said.isdigit() else _NUMBERS.get(said.lower()) or _zh_number(said)
        self._set_bars(bars)

    def _bars(self) -> None:
        self._bar_count()
        if "bars" in self.found:
            bars = int(self.found["bars"])
            self._other_counts(bars)
            # "a super short song, 4 bars", "很短的儿歌，四小节": a length word beside a count that agrees is the same wish.
            self.take(_LENGTH_WORDS, lambda m: _said_short(m) == (bars <= 8))

    def _other_counts(self, bars: int) -> None:
        """A second count beside the one read: the same said again ("高考考十六小节，给我一条十六小节的") is one wish; one
        offered as a choice ("四小节或者八小节都行", "8 or 12 bars") is answered with the first, and said so."""
        number = r"(\d{1,2}|" + "|".join(_NUMBERS) + r"|" + _ZH_NUM + r")"
        for m in self.take_all(r"(?:(\bor\b|或者|或是|或|还是)\s*)?" + number + r"(?:\s+|-|\s*个?)(?:bars?|measures?|小节)(?![a-z])"
                               r"(?:\s*(?:都行|都可以|也行|也可以|都好))?",
                               lambda m: self._count_value(m.group(2)) == bars or m.group(1) is not None):
            other = self._count_value(m.group(2))
            if other != bars:
                self._say_choice(bars, other)

    def _say_choice(self, first: str | int, second: str | int) -> None:
        """Say the count taken as the first of two offered (in place of the plain count said)."""
        plain = (f"bars: {first}", f"小节数：{first}")
        if self.understood and self.understood[-1] in plain:
            self.understood.pop()
        self.say(f"bars: {first} (of {first} or {second}, the first)", f"小节数：{first}（{first}或{second}小节，取前者）")

    @staticmethod
    def _count_value(said: str) -> int:
        return int(said) if said.isdigit() else _NUMBERS.get(said) or _zh_number(said)

    def _bar_count(self) -> None:
        # "8 or 12 bars", "eight or sixteen bars": a choice of lengths, the first taken.
        m = self.take(r"\b(\d{1,2}|" + "|".join(_NUMBERS) + r")\s+or\s+(\d{1,2}|" + "|".join(_NUMBERS) + r")(?:\s+|-)(?:bars?|measures?)\b")
        if m:
            first, second = (self._count_value(g) for g in m.groups())
            self._set_bars(first)
            self._say_choice(first, second)
            return
        m = self.take(r"\b(\d{1,4}|" + "|".join(_NUMBERS) + r")(?:\s+|-)(?:(very\s+slow|slow|fast|quick|lively|moderate)\s+)?"
                      # ("2 bars of rest at the start" is a wish about rests, not the drill's length.)
                      r"(?:bars?|measures?)\b(?:\s+long)?(?!\s+of\s+(?:rests?|silence|count[\s-]?in|intro(?:duction)?)\b)")
        if m:
            if m.group(2):
                bpm = _TEMPO_WORDS[rx.sub(r"\s+", " ", m.group(2))]
                self.set("tempo", bpm)
                self.say(f"tempo: {bpm} ({m.group(2)})", f"速度：{bpm}")
            self._set_bars(int(m.group(1)) if m.group(1).isdigit() else _NUMBERS[m.group(1)])
            return
        # The count after its name, as a form is filled in: "bars: 12", "bar number is 12", "the number of bars is 16".
        m = self.take(r"\b(?:(?:the\s+)?number\s+of\s+(?:bars|measures)|(?:bars?|measures?)(?:\s+(?:number|count|amount))?)"
                      r"\s*(?:[:=]|\bis\b|\bare\b|\bshould\s+be\b)\s*(\d{1,3}|" + "|".join(_NUMBERS) + r")\b(?!\s*[/:.\-–]\s*\d)")
        if m:
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
        m = self.take(_LENGTH_WORDS)
        if m:
            bars = 4 if _said_short(m) else 16
            self.set("bars", bars)
            self.say(f"bars: {bars} ({'short' if bars == 4 else 'long'})", f"小节数：{bars}（{'简短' if bars == 4 else '较长'}）")

    def _set_bars(self, bars: int) -> None:
        if bars > MAX_BARS:
            self.answer(f"a drill has at most {MAX_BARS} bars, not {bars}; this one has {MAX_BARS}",
                        f"练习最多 {MAX_BARS} 小节，不能有 {bars} 小节；这里生成 {MAX_BARS} 小节")
            bars = MAX_BARS
        self.set("bars", bars)
        self.say(f"bars: {bars}", f"小节数：{bars}")

    def _tempo(self) -> None:
        about = r"(?:(?:around|about|approximately|approx\.?|roughly|circa|c\.|~|大约|大概|约)\s*)?"
        # "60-70 bpm", "between 80 and 90 bpm", "速度60到70之间", "速度在七十到八十之间": the middle of the two.
        n = r"(\d{2,3}|[一二两三四五六七八九十百零]{2,})"
        m = self.take(r"(?:\b(?:tempo|at)\s+)?(?:\bsomewhere\s+)?(?:\bbetween\s+)?(?:速度\s*(?:在|为|是)?\s*)?" + about + n + r"\s*(?:-|–|~|to|and|到|至)\s*" + n +
                      r"\s*(?:bpm|beats\s+per\s+minute|拍(?:每分钟)?|之间)(?:\s*之间)?"
                      r"|(?:\btempo\s+(?:between\s+)?|速度\s*(?:在|为|是)?\s*)" + about + n + r"\s*(?:-|–|~|to|and|到|至)\s*" + n + r"(?:\s*之间)?")
        if m:
            a, b = (int(x) if x.isdigit() else _zh_number(x) for x in [g for g in m.groups() if g][:2])
            bpm = (a + b) // 2
            self.set("tempo", bpm)
            self.say(f"tempo: {bpm} (between {a} and {b})", f"速度：{bpm}（{a}到{b}之间）")
            self._tempo_word_with_number(bpm)
            return
        # "no faster than 110", "under 100 bpm", "速度不超过一百": a bound, not the tempo: the drill's own tempo (the
        # level's, or a tempo word's) is kept inside it.
        # "nothing over 100 bpm", "not above 90": a bound said with a no is the other bound, and includes its number.
        # ("nothing faster than crotchet = 70": the bound's number may be written as a metronome marking.)
        m = self.take(r"\b(?:(?:no|not|nothing)\s+(?:any\s+)?(?P<than>faster|quicker|slower)\s+than\s+(?:about\s+|around\s+)?"
                      r"(?:(?:a\s+)?(?:dotted\s+)?(?:quarter|crotchet|half|minim|eighth|quaver)(?:[\s-]+note)?\s*=\s*|[♩q]\s*=\s*|mm\s*=?\s*)?"
                      r"|(?P<neg>(?:no|not|nothing|never|anything\s+but)\s+(?:anything\s+|any\s+|going\s+)?)?"
                      r"(?P<bound>under|below|less\s+than|at\s+most|max(?:imum)?|up\s+to|at\s+least|min(?:imum)?|over|above|more\s+than)\s+"
                      r"(?=\d{2,3}\s*(?:bpm|beats\s+per\s+minute)))(?P<n>\d{2,3})(?![\d/])(?:\s*(?:bpm|beats\s+per\s+minute))?"
                      r"|速度\s*(?:要|最好)?\s*(?P<zh>不超过|不要超过|别超过|不高于|不快于|不要快于|最多|最快|不低于|不慢于|不要慢于|至少|最少|最慢)\s*"
                      r"(?P<zhn>\d{2,3}|[一二两三四五六七八九十百零]{2,})(?![\d零一二两三四五六七八九十百])\s*(?:拍)?(?:每分钟)?")
        if m:
            word = (m.group("than") or m.group("bound") or m.group("zh")).lower()
            bpm = int(m.group("n")) if m.group("n") else _zh_number(m.group("zhn"))
            floor = word in ("slower", "at least", "min", "minimum", "over", "above", "more than", "不低于", "不慢于",
                             "不要慢于", "至少", "最少", "最慢")
            if m.group("neg") and word in ("under", "below", "less than", "over", "above", "more than"):
                floor = not floor
            else:
                bpm += (1 if floor else -1) if word in ("under", "below", "less than", "over", "above", "more than") else 0
            self.refinements.append(("floor tempo" if floor else "cap tempo", bpm))
            self.say(f"tempo: {'at least' if floor else 'at most'} {bpm}", f"速度：{'不低于' if floor else '不超过'} {bpm}")
        # "slow it down to 60", "speed it up to 120": the tempo named.
        m = self.take(r"(?:速度\s*:?\s*)?(?:\bmetronome(?:\s+(?:at|on|set\s+to|to|marking(?:\s+of)?))?|\btempo|\bat|\b(?:slow|speed|bring|take)\s+(?:it|that|things|the\s+tempo)\s+(?:down|up)|\b(?:slow|speed)\s+(?:down|up)|♩\s*=|\bq\s*=|\b(?:dotted\s+)?(?:quarter|crotchet|half|minim|eighth|quaver)(?:[\s-]+note)?\s*=|(?:速度|节拍器)\s*(?:" + _TEMPO_TO + r")?\s*(?:每分钟)?|每分钟)"
                      r"\s*(?:of\s+|to\s+|:\s*|=\s*)?" + about + r"(\d{2,3})\s*(?:bpm|拍(?:每分钟)?|beats per minute)?(?:\s*左右)?"
                      r"|" + about + r"(\d{2,3})\s*(?:bpm|beats per minute|拍每分钟|拍/分)(?:\s*左右)?"
                      r"|\b(?:bpm|mm)\s*[:=]?\s*(\d{2,3})(?![0-9])")
        if m is None:
            # "一百二十拍每分钟", "每分钟九十拍", "速度降到六十": the tempo in Chinese numerals.
            m = self.take(r"(?:速度\s*:?\s*)?(?:每分钟|速度)\s*([一二两三四五六七八九十百零]{2,})\s*拍(?:\s*左右)?"
                          r"|(?:速度|节拍器)\s*(?:" + _TEMPO_TO + r"|大约|大概|约)?\s*([一二两三四五六七八九十百零]{2,})(?!\s*(?:小节|拍子|分))(?:\s*左右)?"
                          r"|(?<![零一二两三四五六七八九十百\d])([一二两三四五六七八九十百零]{2,})\s*拍\s*(?:每分钟|/\s*分钟?|一分钟)(?:\s*左右)?")
        if m is None:
            # "八十拍", "一百零八拍" alone: a count of beats in the tens is a tempo, not a length (四拍, 十六拍 are lengths; a
            # meter such as 四三拍 is read before this).
            m = self.take(r"(?<![零一二两三四五六七八九十百\d])([一二两三四五六七八九]?[十百][零一二两三四五六七八九十百]*)\s*拍(?![子号])(?:\s*左右)?",
                          lambda m: 40 <= _zh_number(m.group(1)) <= 240 and not rx.search(r"(?:每|一|个)\s*小节\s*$", self.t[:m.start()]))
        if m is None:
            # "再快一点，大概一百二", "a bit slower, about 70", "slow-ish (around 70)": a number right after faster or
            # slower (or slow, fast) is the tempo.
            # "faster please, like 120", "快一点，120左右": a word of thanks or asking between them, or 左右 after the number
            # with no word before it, changes nothing.
            m = self.take(r"(?:(?:大概|大约|约|差不多|到|(?:like|about|around|maybe|say)\s+)\s*(?P<n>[一二两三四五六七八九十百]{2,}|\d{2,3})"
                          r"|(?<![\w.])(?P<bare>[一二两三四五六七八九十百]{2,}|\d{2,3})(?=\s*左右))"
                          r"(?![\d/])(?!\s*(?:小节|拍子|分|个|遍|次|bars?|measures?|th\b|st\b|nd\b|rd\b))(?:\s*(?:左右|bpm|拍(?!子)))?",
                          # (慢啲, 快啲: Cantonese for 慢一点.)
                          lambda m: bool(rx.search(r"(?:快|慢|faster|quicker|slower|\bslow(?:-?ish)?|\bfast(?:-?ish)?)(?:一点|一些|点|些|一啲|啲)?"
                                                   r"(?:\s*,?\s*(?:please|pls|plz|then|though|thanks|thx|请|吧))*\s*[,，(（]?\s*$",
                                                   self.raw[:m.start()].lower().translate(_TRADITIONAL))))
        if m:
            number = next((g for g in m.groups() if g), "")
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
        # "not so fast", "not that slow", "not too much fast": the same softened denial as "not too fast".
        word = rx.sub(r"^(not|nothing) too ", r"\1 (?:too|so|that)(?: much)? ", word)
        # ("not too quick" was read as "quick", 120: a denial takes the word's synonyms too.)
        word = rx.sub(r"^(not|nothing) (.*) fast$", r"\1 \2 (?:fast|quick|rapid|speedy)", word)
        # "more slow" is slower (a refinement, ``_refinement_words``), not the tempo word; "slow-ish" is it, hedged.
        # "He loses focus fast", "gets bored quickly": a word on the child, not the tempo.
        return r"(?<!more\s)(?<!focus\s)(?<!bored\s)(?<!tired\s)(?<!learns\s)(?<!distracted\s)\b(?:(?:at\s+)?(?:a\s+)?)?" + word + r"(?:-?ish)?\b(?!\s+(?:difficulty|level|hard|grade))(?:\s+(?:tempo|speed|pace))?"

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

    def _rhythm_devices(self) -> None:
        # "dotted eighths", "附点八分音符" alone: a dotted eighth is always followed by its sixteenth. "小附点" and "大附点"
        # are the textbook names of the dotted eighth and sixteenth and of the dotted quarter and eighth.
        if self.take(r"\bdotted[\s-]+(?:quaver|eighth|8th)(?:[\s-]+notes?)?\s*(?:-|and|\+)?\s*(?:semiquaver|sixteenth|16th)s?(?:\s+(?:rhythms?|figures?|patterns?))?\b"
                     r"|附点八分(?:音符)?(?:\s*(?:加|和|与|-|\+)?\s*十六分(?:音符)?)?(?:节奏)?|小附点(?:节奏|音符)?"):
            self.set("dots", True)
            self.found.setdefault("target_rhythms", []).append("dotted-8th-16th")
            self.found.setdefault("_with_durations", []).append("16th")
            self.say("rhythm: dotted eighth and sixteenth (every two bars)", "节奏：附点八分+十六分（每两小节至少一次）")
        # "a dotted crotchet followed by a quaver (in every other bar)": the figure said in words.
        if self.take_all(r"\b(?:an?\s+)?dotted[\s-]+(?:quarter|crotchet)s?(?:[\s-]+notes?)?\s*(?:-|and|\+|\s|\s+(?:followed\s+by|then)\s+(?:an?\s+)?)\s*(?:eighth|quaver|8th)s?(?:[\s-]+notes?)?"
                         r"(?:\s+(?:rhythms?|figures?|patterns?))?\b(?:\s+(?:in\s+)?every(?:\s+other)?\s+(?:bar|measure))?"
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
        lots = self.take(r"\b(?:with\s+)?(?:lots\s+of|plenty\s+of|many|loads\s+of|a\s+lot\s+of|full\s+of|packed\s+with)\s+rests\b"
                         r"|很多休止符?|大量休止符?") is not None
        entries = self.take(r"\b(?:coming|come|comes)\s+in\s+after\s+(?:a\s+|the\s+)?rests?\b|\bentr(?:y|ies)\s+after\s+(?:a\s+)?rests?\b|休止后(?:的)?进入")
        if not lots and not entries and self.take(r"\b(?:no|without)\s+rests?\b|不要休止符?|没有休止符?|(?:不要|没有)\s*rests?\b"):
            self.set("rests", 0)
            self.say("rests: none", "休止：无")
        # "some quaver rests": a rest named by its value is a rest all the same.
        elif lots or entries or self.take(r"\b(?:with\s+)?(?:some\s+|a\s+few\s+)?(?:(?:quaver|crotchet|minim|eighth|quarter|half|8th)[\s-]+(?:note[\s-]+)?)?rests?\b|带休止符?|有休止符?|休止符?"):
            # ("练习进拍": the entries are what the rests are for, said in Chinese.)
            self.take(r"\b(?:so\s+(?:that\s+)?i\s+can\s+)?(?:practi[cs]e\s+)?coming\s+in(?:\s+(?:after\s+(?:them|rests?)|on\s+time))?\b"
                      r"|(?:练习|练)?(?:准确|按时|准时)?(?:进拍|入拍)")
            self.set("rests", 2 if lots else 1)
            if lots:
                self.say("rests: two entries after a rest every two bars", "休止：每两小节两次休止后进入")
            else:
                self.say("rests: one entry after a rest every two bars", "休止：每两小节一次休止后进入")

    def _rhythm_ties(self) -> None:
        """ "只要节奏，带连线的": a rhythm line has no slurs, so its 连线 (tie or slur) is a tie.

        Runs before the answers, which read 连线 in a melody as a slur (a marking a drill does not carry).
        """
        rhythm_only = rx.search(r"只要节奏|纯节奏|(?:只练|光练|单练)节奏|节奏(?:练习|训练)|不要音高|不用音高|拍手", self.t)
        if rhythm_only and self.take(r"(?:带|有|加|要有)?(?:跨(?:小节线?|拍)的?)?连线的?"):
            self.set("ties", True)
            self.say("ties: notes tied across beats and bar lines", "连音线：跨拍、跨小节的连音")
