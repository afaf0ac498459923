"""Reads what kind of drill and its character: kind and output, skill tags, chord progression and applied
chords, form, accompaniment style, level, seed, mood, and refinement words ("harder", "更难")."""

from __future__ import annotations

import re

from music.chord import parse_progression
from music.errors import MusicError
from music.interval import parse_interval
from music.key import make_key
from music.scale import MODES, PENTATONIC_MODES
from music.words import skill_name

from ..errors import InvalidParams
from ..messages_zh import ZH_MODE_NAMES, chart_error_zh
from ..params import parse_target_note
from .compiled import rx
from .meter import _MeterReader
from .text import _FOLD, _ZH_DIGITS, _zh_number
from .words import _KIND_ZH, _ZH_CLEF_NAMES, insert_applied

_LEVEL_WORDS = {"absolute beginner": 1,
                # "start me from scratch", "from zero", "never learned to read music": a beginner, said as where they start.
                r"(?:(?:start\s+(?:me\s+|us\s+|him\s+|her\s+)?)?from\s+(?:scratch|zero|square\s+one|the\s+very\s+(?:beginning|start)))"
                r"|never\s+(?:learned|learnt|learned\s+how|been\s+taught)\s+(?:to\s+)?read(?:ing)?\s+(?:music|notes|sheet\s+music)": 1, r"(?:complete\s+|total\s+|absolute\s+)?(?:newbie|noob|novice)s?": 1, "total beginners?": 1, "complete beginners?": 1, "really easy": 1, "super easy": 1, "very basic": 1, "beginners?": 1, "begg?inn?ers?": 1, "very easy": 1, "very simple": 1, "easy peasy": 1, "easy": 2,
                # Malay beside English (Malaysian and Singaporean teachers): "senang sikit" a bit easy, "susah" hard.
                r"senang(?:\s+(?:sikit|sahaja|saja|je))?|mudah": 2, r"susah(?:\s+sikit)?": 5,
                "simple": 2, "basic": 2, "not too hard": 2, "not too difficult": 2, "nothing too hard": 2, "nothing too difficult": 2, "nothing (?:too )?(?:crazy|fancy|complicated)": 2,
                # "Nothing too tricky", "not too wild": the hard words denied.
                "(?:not|nothing) (?:too|overly) (?:tricky|tough|wild|challenging)": 2,
                # "My son just started piano": a player who has only begun is a beginner.
                r"(?:has\s+|have\s+)?(?:only\s+)?just\s+(?:started|began|begun)(?:\s+(?:learning|playing|on))?(?:\s+(?:the\s+)?(?:piano|keyboard|violin|viola|cello|guitar|flute|recorder|clarinet|trumpet|ukulele|singing|music))?(?![a-z])(?!\s+(?:(?:singing|piano|music)\s+)?lessons)": 1,
                "not (?:too|very|so) (?:crazy|fancy|complicated)": 2, "not very hard": 2, "elementary": 2,
                "intermediate": 3, "medium difficulty": 3, "moderate difficulty": 3, "medium level": 3,
                "average difficulty": 3, "upper intermediate": 4, "advanced": 5, "expert": 6, "very hard": 6, "super hard": 6, "really hard": 6,
                "super difficult": 6, "really difficult": 6, "insanely hard": 6, "super simple": 1, "really simple": 1,
                "hard": 5, "difficult": 5, "challenging": 5, "tricky": 5, "tough": 5,
                "hardest": 6, "most difficult": 6, "toughest": 6, "most advanced": 6, "easiest": 1, "simplest": 1}
_ZH_LEVEL_WORDS = {"中等": 3, "零基础": 1, "入门": 1, "初学者": 1, "初学": 1, "新手": 1, "小白": 1, "菜鸟": 1, "很简单": 1, "非常简单": 1, "初级": 2, "简单的": 2, "简单": 2,
                   "别太难": 2, "不要太难": 2, "不太难": 2, "不用太难": 2, "不那么难": 2, "没那么难": 2, "不会太难": 2,
                   "不要太简单": 4, "别太简单": 4, "不那么简单": 4, "不太简单": 4,
                   # Said bare, 不 softens as English does not: "不难" is easyish, "不简单" hardish. Not bare "不容易":
                   # before a verb it is "hard to" ("学生不容易唱准高音"), a complaint, not a level.
                   "不难": 2, "不很难": 2, "不简单": 4, "不很简单": 4, "不太容易": 4, "不那么容易": 4, "容易的": 2, "容易": 2, "较难": 4, "有挑战性的": 5,
                   "有挑战": 5, "中级": 3, "中高级": 4, "高级": 5,
                   "专家": 6, "很难": 6, "超级难": 6, "超难": 6, "特别难": 6, "非常难": 6, "超级简单": 1, "超简单": 1, "特别简单": 1, "最难的": 6, "难的": 5, "最简单的": 1, "不难不简单": 3, "不难也不简单": 3,
                   # Both denials at once ("别太难也别太简单"): the middle, as "不难也不简单" is.
                   r"(?:别|不要|不)太难\s*[,;]?\s*(?:也|又|但)?(?:别|不要|不)太简单|(?:别|不要|不)太简单\s*[,;]?\s*(?:也|又|但)?(?:别|不要|不)太难": 3, "难度适中": 3, "适中": 3}
#: Words that soften a denial by extent, not degree: "not a complete beginner" is a beginner, though not wholly.
#: Exam boards' grades as levels: (the board's words, how many grades it has). Its grades are spread evenly over the
#: levels 1-6, its first grade level 1 and its last level 6 (ABRSM grade 3 is level 2, grade 5 level 4; 考级 has the
#: ten grades of China's graded exams, so 考级四级 is level 3): a grade's number is no level of the same number.
#: The RCM (Royal Conservatory, Canada) names its ten grades "levels"; 央院, 国音 and 上音 are the conservatories' short
#: names, and their exams are 社会艺术水平考级.
_EXAM_BOARDS = ((r"abrsm|trinity(?:\s+college)?|lcm|ameb|英皇(?:考级)?", 8), (r"rcm|royal\s+conservatory(?:\s+of\s+music)?", 10),
                (r"(?:(?:中央|中国|上海|星海|武汉)音乐学院|央院|国音|上音)?(?:社会艺术水平)?考级(?:的)?(?:\s*,\s*)?(?:视唱练耳|视唱|乐理|基本乐科)?", 10))


def _exam_level(grade: int, grades: int) -> int:
    """The level of an exam's ``grade`` of ``grades``: the grades spread evenly over levels 1 to 6."""
    return int(1 + (grade - 1) * 5 / (grades - 1) + 0.5)


#: Words that say a drill is hard (not who plays it): denied plainly, they say it is easy ("not difficult").
_HARD_ADJECTIVES = frozenset(("hard", "difficult", "challenging", "tricky", "tough"))
_EXTENT_EN = r"complete(?:ly)?|total(?:ly)?|absolute(?:ly)?|entire(?:ly)?|utter(?:ly)?"
_EXTENT_ZH = r"完全|彻底|纯"
_ZH_LEVEL_NAMES = {1: "入门", 2: "初级", 3: "中级", 4: "中高级", 5: "高级", 6: "专家"}
_NUMERAL = r"(?:b|♭|#|♯)?(?:vii|vi|iv|v|iii|ii|i)(?:°|o|ø|7|maj7|m7)?"
#: A numeral, or an applied chord: the numeral read in the key of the chord after the slash ("V7/V").
_ROMAN = _NUMERAL + r"(?:/" + _NUMERAL + r")?"
_FIGURE = r"(?:b|#)?(?:VII|vii|VI|vi|IV|iv|V|v|III|iii|II|ii|I|i)(?:°|o|ø|7|maj7|m7)?"
#: The applied chord "secondary dominant" means when no chord is named: the dominant of the dominant.
DEFAULT_APPLIED = "V/V"
#: Accompaniment styles named in words (``generation.accompaniment.STYLES``), said back in both languages.
STYLE_NAMES = {"block": ("block chords", "柱式和弦"), "alberti": ("Alberti bass", "阿尔贝蒂低音"),
               "arpeggio": ("broken chords (arpeggios)", "分解和弦"), "waltz": ("waltz (oom-pah-pah)", "圆舞曲"),
               "march": ("march", "进行曲"), "ballad": ("ballad", "抒情曲"), "rock": ("rock", "摇滚"),
               "swing": ("swing", "摇摆"), "bossa": ("bossa nova", "波萨诺瓦"), "jig": ("jig", "吉格"),
               "hymn": ("hymn (four-part chords)", "赞美诗式"), "drone": ("drone", "持续音")}

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


class _ShapeReader(_MeterReader):
    """Kind, output, skill tags, progression, applied chords, form, accompaniment, level, seed, mood, refinements."""

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

    def _accompaniment(self) -> None:
        """An accompaniment style in words ("with an Alberti bass", "柱式和弦伴奏"): the drill is accompanied so."""
        words = (("block", r"block(?:ed)?\s+chords?|chordal|柱式和弦"), ("alberti", r"alberti(?:\s+bass)?|阿尔贝蒂(?:低音)?"),
                 ("arpeggio", r"arpeggi(?:o|os|ated)|broken\s+chords?|分解和弦|琶音"), ("waltz", r"waltz|oom[\s-]?pah(?:[\s-]?pah)?|圆舞曲|华尔兹"),
                 ("march", r"march|进行曲"), ("ballad", r"ballad|抒情"), ("rock", r"rock|摇滚"), ("swing", r"swing|jazz|摇摆|爵士"),
                 ("bossa", r"bossa(?:\s+nova)?|波萨(?:诺瓦)?"), ("jig", r"jig|吉格"), ("hymn", r"hymn|赞美诗|圣咏|圣诗|four[\s-]part(?:\s+harmony)?|(?:四部|四声部)和声"),
                 ("drone", r"drone|持续音"))
        accompanied = (r"(?:[\s-]+(?:style|bass|feel|groove|vibe))?\s*(?:piano\s+)?(?:accompaniment|accompanied|backing|left[\s-]hand)"
                       # (摇摆乐, 爵士乐, 摇滚乐: the style's music, 乐, before its accompaniment.)
                       r"|(?:乐|式|风格|风|节奏)?的?(?:钢琴)?(?:伴奏)")
        generic = (r"\b(?:with\s+|add\s+|and\s+)?(?:a\s+|an\s+|some\s+)?(?:piano\s+)?(?:accompaniment|backing(?:\s+track)?)\b"
                   r"|(?:加上|加|带|配上|配|要|有)?(?:钢琴)?伴奏")
        # "想要带伴奏的旋律，华尔兹风格": a style said apart from the word "accompaniment" counts when one is asked for.
        wants_accompaniment = bool(rx.search(r"accompan|backing|伴奏", self.t))
        # First a style next to the word "accompaniment" ("a waltz-time tune with an oom-pah accompaniment"),
        # then one said alone: Alberti, block chords, arpeggios, bossa nova, or any once an accompaniment is asked for.
        candidates = [(style, pattern, r"(?:" + pattern + r")(?:" + accompanied + r")") for style, pattern in words]
        candidates += [(style, pattern, r"(?:" + pattern + r")(?![a-z0-9])(?:[\s-]+(?:style|feel|groove|vibe)|风格|式|风|乐)?")
                       for style, pattern in words
                       if style in ("alberti", "block", "arpeggio", "bossa") or (wants_accompaniment and style != "drone")]
        # "a pop ballad feel", "rock groove": a style said with its feel is the backing asked for (not jazz: "jazz
        # feel" is jazzy, read below with its syncopation).
        candidates += [(style, pattern, r"(?:pop[\s-]+)?(?:" + pattern + r")[\s-]+(?:feel|groove|vibe)\b")
                       for style, pattern in words if style in ("ballad", "rock", "hymn")]
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
        # "medium swing", "a slow swing": a swing named with its tempo, as jazz players name it.
        swing = self.take(r"\bswing(?:\s+(?:feel|style|groove|rhythm)\b|\s*(?:风格|风|感|节奏))|(?:^|(?<=[,;:.]))\s*swing\s*(?=[,;:.!?]|$)"
                          r"|(?:^|(?<=[,;:.]))\s*(?:medium|mid|slow|easy|fast|up|bright)(?:[\s-]tempo)?[\s-]+swing\s*(?=[,;:.!?]|$)"
                          r"|\bswung(?:\s+(?:eighths|quavers|rhythm))?\b|\bswing\s+(?:eighths|quavers|8ths)\b|摇摆(?:风格|节奏|感|八分音符|八分)")
        if swing:
            self.set("_style", "swing")
            self.say("swing: a swing accompaniment", "摇摆：摇摆伴奏")
        # "something jazzy with swung quavers": jazzy beside a swing asks for its syncopation too.
        if self.take(r"\bjazzy\b|\bjazz[\s-]+(?:style|feel)\b|爵士风(?:格)?|爵士味"):
            self.set("_style", "swing")
            self.set("syncopation", True)
            self.found.setdefault("target_rhythms", []).append("syncopation")
            self.say("jazzy: swing accompaniment and syncopation", "爵士风：摇摆伴奏、切分节奏")
            return
        if swing:
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
                         r"|\b(?:practi[cs]e|practi[cs]ing|work\s+on|train|improve|drill|teach\s+me|learn)\s+(?:my\s+|our\s+|the\s+|some\s+|on\s+)?intervals\b(?!\s+(?:of|up|within|no|not|smaller|bigger|larger|under))"
                         # (An English word among Chinese verbs, "我想练 interval", is the same wish.)
                         r"|(?:练练|练一下|练习|多练|训练|练)\s*(?:音程(?!练习)|intervals?\b(?!\s*(?:练习|训练|drill|exercise)))"),
            ("rhythm", r"\brhythm(?:s|ic)?[\s-]+(?:drill|exercise|practice|only|reading)\b(?:\s+(?:drill|exercise|practice))?"
                       r"|\b(?:just|only)\s+(?:the\s+)?rhythms?\b(?!\s+(?:of|pattern))|\b(?:clap(?:ping)?|tap(?:ping)?)\s+(?:drill|exercise|(?:the\s+)?rhythms?)\b|\bclap[\s-]?backs?(?:\s+rhythms?)?(?:\s+(?:drill|exercise|practice))?\b"
                       # "something for a seven year old to clap along to", "拍手节奏": what is clapped is a rhythm.
                       r"|\bto\s+clap(?:\s+along)?(?:\s+to)?\b"
                       # An ear-training exam's rhythm imitation (节奏模仿): a rhythm heard and clapped back.
                       r"|\brhythm(?:ic)?\s+imitation(?:\s+(?:drill|exercise|practice))?\b|节奏模仿(?:练习|训练|题)?|模仿节奏"
                       r"|(?:只练|纯|光练|单练)节奏(?:练习|训练)?|节奏(?:练习|训练)|拍手练习|打拍子练习|(?:拍手|打拍子)的?节奏(?:练习|训练)?"
                       r"|\b(?:practi[cs]e|work\s+on|improve)\s+(?:my\s+|our\s+|the\s+)?rhythm(?:\s+reading)?\b(?!\s+pattern)|(?:练练|练一下|练)节奏(?!型)"),
        ):
            if "kind" not in self.found and self.take(pattern):
                self.set("kind", kind)
                self.say(f"kind: {kind} drill", f"类型：{_KIND_ZH[kind]}")
        self._rhythm_trouble()
        # "rhythm only, clapping, no notes", "节奏练习 拍手就行 不要音高": beside a rhythm drill, how it is done says the same.
        if self.found.get("kind") == "rhythm":
            self.take_all(r"\bclapping\b|\bclap\s+it\b|\b(?:no|without)\s+(?:notes|pitch(?:es)?)(?=\s*(?:[,.;!?]|$))"
                          r"|(?:拍手|拍出来|打拍子)(?:就行|就好|就可以)?|(?:不要|不用|没有|不需要)音高")
        # "五声音阶练习", "a pentatonic scale exercise": a scale drill (the words before it name its notes, read later).
        if "kind" not in self.found and self.take(r"(?<=五声音阶)(?:练习|训练)|(?<=pentatonic scale)\s+(?:drill|exercise|practice)\b"):
            self.set("kind", "scale")
            self.say("kind: scale drill", f"类型：{_KIND_ZH['scale']}")
        # "a scale, up and down", "音阶，上行下行": a scale drill runs by step up and down its range, turning at the ends.
        if self.found.get("kind") == "scale" and self.take(
                r"\b(?:going\s+)?(?:up\s+and\s+down|ascending\s+and\s+descending|asc(?:ending)?\s*(?:/|&|and)\s*desc(?:ending)?)\b"
                r"|上行(?:和|与|、|\s*)?下行|上下行|上去下来|上行再下行"):
            self.say("up and down: a scale drill runs by step up and down its range", "上行下行：音阶练习在音域里按级进上行、下行")
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

    def _rhythm_trouble(self) -> None:
        """A trouble with rhythm told as the reason for asking ("I need help with rhythm", "I can't hold a steady beat",
        我节奏不好, 打不准拍子) or rhythm patterns asked for ("rhythm patterns with sixteenths", 十六分音符多一点的节奏型) aim
        the drill at it: a rhythm drill. Not when the words also ask for a melody ("help with rhythm in a G major
        melody", "要有前八后十六的节奏型" beside C大调): the trouble is then said back and the melody kept."""
        trouble = self.take(
            r"\b(?:i\s+|we\s+|(?:he|she)\s+)?(?:really\s+)?(?:need|needs|want|could\s+use)\s+(?:some\s+)?help\s+(?:with|on)\s+(?:my\s+|our\s+|(?:his|her)\s+|the\s+)?(?:rhythms?|timing|counting|the\s+beat|keeping\s+time)\b"
            r"|\b(?:i\s+|we\s+|(?:he|she)\s+)?(?:can'?t|cannot|can\s+not|don'?t|doesn'?t|struggle\s+to|have\s+trouble|has\s+trouble)\s+(?:hold|keep|feel|find|count)(?:ing)?\s+(?:a\s+|the\s+)?(?:steady\s+)?(?:beat|pulse|time|tempo)\b"
            r"|\b(?:my|our|his|her)\s+(?:sense\s+of\s+)?(?:rhythm|timing|counting)\s+(?:is|are)\s+(?:really\s+|so\s+|very\s+)?(?:bad|terrible|awful|weak|poor|off|shaky|not\s+good|a\s+mess)\b"
            r"|(?:我的?|他的?|她的?|孩子的?|学生的?)?(?:节奏感?|节拍感?)(?:一直|总是|老是|有点|比较|很|太)?(?:不好|不太好|不行|很差|太差|较差|差|不稳|不准|有问题|是弱项|是短板)"
            r"|(?:我|他|她|孩子|学生)?(?:总是|老是)?(?:打不准|跟不上|数不清|数不对|打不稳)拍子?")
        # A key named asks for pitches too ("来一条C大调的，要有前八后十六的节奏型").
        melody = rx.search(r"\b(?:melod(?:y|ies)|tunes?|songs?|sight[\s-]?(?:sing|read)\w*)\b|旋律|视唱|視唱|歌|[大小]调"
                           r"|\b[a-g](?:#|b|\s+flat|\s+sharp)?\s+(?:major|minor)\b|\b(?:in|key\s+of)\s+[a-g]\b", self.t)
        # Rhythm patterns asked for are the drill only with no melody beside them (else the pattern is read later).
        if not trouble and not melody:
            trouble = self.take(r"(?:(?:i\s+)?(?:want|need)\s+(?:some\s+)?|(?<=,\s)|^)rhythm(?:ic)?\s+patterns?\b(?!\s+(?:of|in)\b|\s*:)"
                                # (Not a pattern spelt out after a colon, "节奏型：四分 四分 二分", read later.)
                                r"|(?<=[的些])节奏型(?:练习)?(?!\s*:)|^节奏型(?:练习)?(?!\s*:)")
        if not trouble:
            return
        quoted = self.original(trouble).strip()
        if "kind" in self.found or melody:
            self.say(f"“{quoted}”: rhythm to practise", f"“{quoted}”：要练节奏")
            return
        self.set("kind", "rhythm")
        self.say(f"kind: rhythm drill (“{quoted}”)", f"类型：{_KIND_ZH['rhythm']}（“{quoted}”）")

    def _degree_chart(self) -> bool:
        """A chart said by its degrees' numbers, as players say it ("二五一", 和弦进行一六四五, "a 2-5-1", "chords 1-4-5"):
        each degree's triad in the key (major or minor), read before the Roman numerals. Numbers alone are no chart
        (一二三 counts, 1-4-5 may be notes): only beside a chord word, the jazz 2-5-1, or a clause of its own in Chinese."""
        m = self.take(r"(?:(?:和弦进行|和声进行|和弦|进行)\s*(?:是|为|用|使用)?\s*)([一二三四五六七]{3,4})(?:级)?(?:和弦)?(?:进行)?"
                      r"|(?<![\u4e00-\u9fff])([一二三四五六七]{3,4})(?:级)?(?:和弦)?进行"
                      r"|(?:^|(?<=[,;:.!?\n]))\s*(二五一|一四五一?|一六四五|一五六四|四五一|六四一五)\s*(?=[,;:.!?\n]|$)"
                      r"|\b(?:chords?|changes|progression|over)\s*:?\s*(?:a\s+|the\s+)?([1-7](?:\s*-\s*[1-7]){2,3})\b(?!\s*-?\s*\d)"
                      r"|\b([1-7](?:\s*-\s*[1-7]){2,3})\s+(?:chords?|changes|progression)\b"
                      r"|(?<![\d/-])(2-5-1|two[\s-]five[\s-]one)(?![\d/-])")
        if m is None:
            return False
        said = next(g for g in m.groups() if g)
        words = {"two": "2", "five": "5", "one": "1"}
        digits = [_ZH_DIGITS[c] if c in _ZH_DIGITS else int(words.get(c, c)) for c in rx.findall(r"two|five|one|[1-7一二三四五六七]", said)]
        minor = MODES.get(self.found.get("mode", "major"), MODES["major"])[2] == 3
        triads = ("i", "ii°", "III", "iv", "V", "VI", "vii°") if minor else ("I", "ii", "iii", "IV", "V", "vi", "vii°")
        chart = " ".join(triads[d - 1] for d in digits)
        self._check_chart(chart)
        self.set("progression", chart)
        self.say(f"chords: {chart} ({said})", f"和弦进行：{chart}（{said}）")
        return True

    def _progression(self) -> None:
        if self._degree_chart():
            return
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

    def _chord_symbols(self) -> None:
        """A chart in chord symbols, as jazz and pop players write it ("over Dm7 G7 Cmaj7", "F#m7b5 - B7 - Em",
        和弦是Am F C G): after a word for chords, or three or more with one that says its quality. Capitals only. Read
        before the key ("Cmaj7" is no C major, "Em" in a chart no E minor key)."""
        symbol = r"[a-g](?:#|♯|♭|b(?![a-z]))?(?:maj7|maj9|m7b5|m7|m9|m6|min7|min|dim7|dim|aug|sus[24]|m|7|6|9|ø7?|°7?)?"
        run = r"(" + symbol + r"(?:(?:\s*[-–—|]\s*|\s+)" + symbol + r"){1,7})(?![a-z0-9#♯♭/])"
        said = r"(?:\b(?:chords?|chord\s+progression|progression|changes|over)\s*:?\s*|(?:和弦进行|和弦)\s*(?:是|为|用)?\s*)"

        def symbols(m: re.Match[str]) -> list[str]:
            return [t.group(0) for t in rx.finditer(symbol, self.original(m, 1), flags=re.IGNORECASE)]

        def capitals(m: re.Match[str]) -> bool:
            return all(sym[0].isupper() for sym in symbols(m))

        m = self.take(r"(?<![a-z0-9])" + said + run, capitals)
        if m is None:
            m = self.take(r"(?<![a-z0-9#♯♭])" + run, lambda m: capitals(m) and len(symbols(m)) >= 3
                          and any(len(sym) > 1 and sym[1:] not in ("b", "#", "♭", "♯") for sym in symbols(m)))
        if m is None:
            return
        chart = " ".join(sym.replace("♭", "b").replace("♯", "#") for sym in symbols(m))
        self._check_chart(chart)
        self.set("progression", chart)
        self.take(r"\b(?:with\s+)?(?:one|a|1)\s+chord\s+(?:per|a|each|every|in\s+each)\s+(?:bar|measure)\b|每(?:个)?小节(?:一个|1个)和弦")
        self.say(f"chords: {chart}", f"和弦进行：{chart}")

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

    def _exam_grade(self) -> bool:
        """ "ABRSM grade 3", "trinity grade 2", "英皇三级", "二胡考级四级", "考级视唱练耳二级": an exam's grade, read as
        the level its place among the exam's grades gives (said so), not as the level of its number."""
        number = r"(10|[1-9]|十|[一二三四五六七八九])"
        for board, grades in _EXAM_BOARDS:
            m = self.take(r"(?<![a-z])(?:" + board + r")\s*(?:grade\s*|level\s*|第)?" + number + r"(?:\s*级)?(?![0-9a-z])"
                          + r"|\bgrade\s*" + number + r"\s*(?:" + board + r")(?![a-z])")
            if m is None:
                continue
            said = m.group(1) or m.group(2)
            grade = int(said) if said.isdigit() else _zh_number(said)
            if not 1 <= grade <= grades:
                continue
            level = _exam_level(grade, grades)
            self.set("level", level)
            shown = self.original(m).strip()
            self.say(f"level: {level} ({shown}: the exam's {grades} grades spread over levels 1-6)",
                     f"等级：{level}（{shown}：考级的 {grades} 个级别对应等级 1 到 6）")
            return True
        return False

    def _level(self) -> None:
        if self._exam_grade():
            self._second_level_words()
            return
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
        # "grade 8 sight singing": a grade past the levels but within the graded exams' eight (ABRSM, Trinity, AMEB)
        # is such an exam's grade, placed as one is, not a level that does not exist.
        m = self.take(r"\bgrade\s*([78])\b(?!\s*(?:th|st|nd|rd)\b)")
        if m:
            level = _exam_level(int(m.group(1)), 8)
            self.set("level", level)
            shown = self.original(m).strip()
            self.say(f"level: {level} ({shown}: graded exams' 8 grades spread over levels 1-6)",
                     f"等级：{level}（{shown}：考级的 8 个级别对应等级 1 到 6）")
            self._second_level_words()
            return
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
                    shown = rx.sub(r"\s+level$", "", self.original(taken).lower()).rstrip("s") if table is _LEVEL_WORDS \
                        else word if rx.fullmatch(r"[\u4e00-\u9fff]+", word) else self.original(taken).strip()  # a pattern said as written
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
                # "not too much difficult", "not so much hard" (English learners): "much" adds nothing to the softener.
                pattern = (r"\b(?:not|never|no\s+longer)\s+(?:(too|so|that|very|overly)\s+(?:much\s+)?)?"
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
                elif english and not softened and said in _HARD_ADJECTIVES:
                    # "not difficult", "something not hard": the drill is said to be easy, as 不难 is; a denied hard
                    # person ("not an expert") or easy word ("not easy") is still the middle.
                    level = 2
                else:
                    level = (4 if denied < 3 else 2) if softened else 3
                shown = rx.sub(r"\s+level$", "", self.original(m).lower()).rstrip("s") if english else self.original(m)
                # "Not too easy, not too hard": denials on both sides of the middle are the middle.
                if first is not None and (first[0] - 3) * (level - 3) < 0:
                    first = (3, f"{first[1]}, {shown}")
                first = first or (level, shown)
        return first

    def _seed(self) -> None:
        m = self.take(r"\bseed\s*:?\s*(\d+)\b|种子\s*:?\s*(\d+)")
        if m:
            seed = int(m.group(1) or m.group(2))
            self.set("seed", seed)
            self.say(f"seed: {seed}", f"随机种子：{seed}")

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
        sad = r"sad|melancholy|melancholic|gloomy|mournful|sorrowful"
        # "not the sad kind", "不要那种悲伤的调调": a sad sound refused is a major key, not a sad tune.
        refused = self.take(r"\b(?:not|no|nothing)\s+(?:the\s+|a\s+|too\s+|so\s+)?(?:" + sad + r")(?:[\s-]+sounding)?(?:\s+(?:kind|one|sort|type|stuff|ones))?\b"
                            r"|(?:不要|别|不想要|不喜欢)(?:那种|太)?(?:悲伤|忧伤|伤感|哀伤)(?:的)?(?:调调|感觉|曲子|那种)?")
        if refused:
            if not self._mode_named():
                self._set_mode_keeping_key("major")
            self.say(f"{self.original(refused).lower()}: major", f"{self.original(refused)}：大调")
        if self.take(r"\b(?:" + sad + r")(?:[\s-]+sounding)?\b|悲伤|忧伤|伤感|哀伤"):
            self.set("_mood", "sad")
            if self._mode_named():
                self.say("mood: sad (slow)", "情绪：悲伤（慢速）")
            else:
                if "key" in self.found:  # "a sad melody in D": D minor
                    self._set_mode_keeping_key("minor")
                self.say("mood: sad (minor, slow)", "情绪：悲伤（小调、慢速）")
        elif self.take_all(r"\b(?:happy(?!\s+(?:birthday|new\s+year|holidays|easter|diwali))|cheerful|bright|joyful|upbeat|bouncy|playful|jolly|light[\s-]?hearted)(?:[\s-]+sounding)?\b"
                           # "圣诞快乐", "新年快乐": a greeting, not a mood.
                           r"|(?:听起来)?(?<!圣诞)(?<!新年)(?<!春节)(?<!节日)(?<!周末)(?<!中秋)(?:欢快|快乐|明亮|愉快|活泼|俏皮|轻快|开心)(?:一点|一些|点)?"):
            self.set("_mood", "happy")
            if "tempo" in self.found:  # "happy but slow": the tempo said stands
                self.say("mood: happy" + ("" if self._mode_named() else " (major)"), "情绪：欢快" + ("" if self._mode_named() else "（大调）"))
            elif self._mode_named():
                self.say("mood: happy (lively)", "情绪：欢快（较快）")
            else:
                self.say("mood: happy (major, lively)", "情绪：欢快（大调、较快）")

    def _refinement_words(self) -> None:
        table: list[tuple[str, str, str, str]] = [
            ("harder", r"\bharder\b|\bmore\s+difficult\b|\bmore\s+challenging\b|\bstep\s+it\s+up\b|更难|难一点|难一些|难点儿|再难点|难点的|难些|难度(?:再|稍微|稍)?(?:高|大)一?[点些]|加大难度|提高难度|(?:难度|等级)?(?:升|提高|加)一级",
             "harder: one level up", "更难：升一级"),
            ("easier", r"\beasier\b|\bsimpler\b|\bless\s+difficult\b|更简单|简单一点|简单一些|简单点|简单些|容易一点|容易点|容易些|(?<![容不])易(?:一点|一些|些|点)|难度(?:再|稍微|稍)?(?:低|小)一?[点些]|降低难度|(?:难度|等级)?(?:降|降低|减)一级",
             "easier: one level down", "更简单：降一级"),
            # Not "to start again", "a beginner again": the player begins again, not the drill.
            ("again", r"\banother(?:\s+one)?\b|\bsame\s+again\b|\bone\s+more\b|(?<!start\s)(?<!starting\s)(?<!begin\s)(?<!beginner\s)(?<!learn\s)(?<!learning\s)\bagain\b|再来一[条个首段遍](?:类似的|差不多的)?|再来|再生成一[条个首段]|换一[条个首段]|一样的|类似的|差不多的",
             "another drill: the same settings, a new melody", "再来一条：同样的设置，新的旋律"),
            ("cap bars", r"\bnot\s+(?:too|very|so)\s+long\b|不要太长|别太长|不太长|不用太长", "not too long: at most 8 bars",
             "不要太长：最多 8 小节"),
            ("floor bars", r"\bnot\s+(?:too|so)\s+short\b|不要太短|别太短|不太短", "not too short: at least 8 bars",
             "不要太短：至少 8 小节"),
            # "Avoid the low register", "keep away from the high notes", "不要太低的音": an end of the range moved in.
            ("cap high", r"\bnot\s+(?:too|so|very)\s+high\b|\bnothing\s+(?:too\s+)?high\b|\bno\s+high\s+notes\b"
                         r"|\b(?:avoid(?:ing)?|keep(?:ing)?\s+(?:away\s+from|out\s+of|off)|stay(?:ing)?\s+(?:away\s+from|out\s+of))\s+(?:the\s+)?(?:high|top|upper)\s+(?:register|notes|range)\b"
                         # "something that stays low", "keep it low": the top comes down (the bottom stays).
                         r"|\b(?:that\s+)?(?:stays?|keeps?|sits?)\s+(?:(?:it|fairly|quite|pretty)\s+)?low\b|\bkeep\s+it\s+low\b"
                         r"|(?:不要太高|别太高|不太高|不用太高|不要那么高|别那么高|音(?:不要|别)太高)(?:的音|音)?",
             "not too high: the top of the range down a third", "不要太高：音域上限降低三度"),
            ("raise low", r"\bnot\s+(?:too|so|very)\s+low\b|\bno\s+low\s+notes\b"
                          r"|\b(?:avoid(?:ing)?|keep(?:ing)?\s+(?:away\s+from|out\s+of|off)|stay(?:ing)?\s+(?:away\s+from|out\s+of))\s+(?:the\s+)?(?:low|bottom|lower)\s+(?:register|notes|range)\b"
                          r"|(?:不要太低|别太低|不太低|不要那么低|别那么低|音(?:不要|别)太低)(?:的音)?",
             "not too low: the bottom of the range up a third", "不要太低：音域下限升高三度"),
            ("double bars", r"\btwice\s+as\s+long\b|\bdouble\s+(?:the\s+)?(?:length|bars)\b|长度加倍|加倍长度|长一倍|小节数加倍",
             "twice as long", "长度加倍"),
            ("halve bars", r"\bhalf\s+as\s+long\b|\bhalve\s+(?:the\s+)?(?:length|bars)\b|长度减半|(?:缩|减|缩减)?短一半|(?:缩短|减少|减掉|砍掉|砍)一半|小节数减半"
                           # "太长了，减半吧": halved alone is the length (not "速度减半", the tempo's).
                           r"|(?<!速度)(?<!速度再)减半|\bcut\s+(?:it|this|that|the\s+length)\s+in\s+half\b",
             "half as long", "长度减半"),
            ("shorter", r"\bshorter\b|(?:缩)?短一点|(?:缩)?短一些|更短|缩短", "shorter", "更短"),
            ("longer", r"\blonger\b|长一点|长一些|更长", "longer", "更长"),
            ("slower", r"\bslower\b|慢一点|慢一些|慢点|慢些|更慢|放慢", "slower", "更慢"),
            ("faster", r"\bfaster\b|\bquicker\b|快一点|快一些|快点|快些|更快|加快", "faster", "更快"),
            ("narrower", r"\bnarrower(?:\s+range)?\b|\b(?:a\s+)?smaller\s+range\b|\b(?:the\s+)?range\s+(?:smaller|narrower)\b|\bnot\s+(?:too|so)\s+wide\b|音域窄一点|音域窄一些|音域(?:不要|别)太宽|音域小一点|窄一点",
             "narrower: the range a third narrower", "音域更窄：缩小三度"),
            ("wider", r"\bwider(?:\s+range)?\b|\b(?:uses?\s+)?(?:the\s+)?(?:whole|full|entire)\s+range(?:\s+of\s+(?:the|my|your|a)\s+(?:voice|instrument))?\b|\b(?:the\s+)?range\s+(?:bigger|wider|larger)\b|\b(?:a\s+)?(?:bigger|larger)\s+range\b|音域宽一点|音域宽一些|音域大一点|宽一点",
             "wider: the range a third wider", "音域更宽：扩大三度"),
            ("higher", _NOT_A_LIMIT + r"\bhigher\b(?!\s+than\s+(?:an?\s+|the\s+)?(?:open\s+)?[a-g]\b)|(?:我的)?音域(?:比较|偏|很|有点)?高|\bmy\s+(?:voice|range)\s+is\s+(?:quite\s+|pretty\s+|rather\s+)?high\b|\b(?:bring|take|move|put|shift)\s+(?:it|the\s+range|the\s+notes|everything)\s+up\b|\b(?:with\s+|some\s+|more\s+)?high\s+notes\b|高一点|高一些|更高|高音多一些"
             # "work on my top notes", "练高音", "高音区多一点": the high notes are the wish.
             r"|\b(?:(?:work\s+on|practi[cs]e|practi[cs]ing|focus\s+on)\s+)?(?:my\s+|the\s+|our\s+|their\s+)?(?:top|upper)\s+(?:notes|register)\b"
             r"|\b(?:work\s+on|practi[cs]e|practi[cs]ing|focus\s+on)\s+(?:my\s+|the\s+|our\s+|their\s+)?high\s+(?:notes|register)\b"
             r"|(?:多练|练练|练习|练|多唱|多用)高音(?:区)?(?![0-9a-z\u4e00-\u9fff](?<!的))|高音区(?:多一点|多一些|多点)?", "higher: range up a third", "更高：音域升高三度"),
            ("lower", _NOT_A_LIMIT + r"\blower\b(?!\s+than\s+(?:an?\s+|the\s+)?(?:open\s+)?[a-g]\b)|(?:我的)?音域(?:比较|偏|很|有点)?低|\bmy\s+(?:voice|range)\s+is\s+(?:quite\s+|pretty\s+|rather\s+)?low\b|\bi\s+have\s+a\s+low\s+voice\b|\b(?:bring|take|move|put|shift)\s+(?:it|the\s+range|the\s+notes|everything)\s+down\b|(?:降|放|调)?低一点|(?:降|放|调)?低一些|更低"
             r"|\b(?:work\s+on|practi[cs]e|practi[cs]ing|focus\s+on)\s+(?:my\s+|the\s+|our\s+|their\s+)?(?:low|bottom|lower)\s+(?:notes|register)\b"
             r"|(?:多练|练练|练习|练|多唱|多用)低音(?![0-9a-z\u4e00-\u9fff区])", "lower: range down a third", "更低：音域降低三度"),
        ]
        # "速度慢一点", "音域再高一些": the thing named before the Chinese comparative goes with it.
        # ("make the range lower", "the range a bit wider": the English thing named before the comparative goes too.)
        before = (r"(?:速度|音域|长度|\b(?:the\s+|my\s+|its\s+)?(?:range|register|tessitura)\s+)?(?:比(?:上次|刚才|之前|上一个|上一条|这个|这条)|再|稍微|稍|还要|还|a\s+(?:bit|little)\s+|slightly\s+"
                  r"|much\s+|even\s+)?")
        after = r"(?:\s+than\s+(?:usual|normal|(?:the\s+)?default|last\s+time|before|the\s+last\s+one|the\s+previous\s+one|that(?:\s+one)?|this(?:\s+one)?))?"
        # "A low range melody": lower, unless a clef, voice, instrument or range already placed it.
        # (The clarinet's low register has a name of its own: chalumeau.)
        if self.take(r"\b(?:in\s+(?:a|the)\s+)?(?:low|chalumeau)\s+(?:range|register)\b|\bchalumeau\b|低音区",
                     lambda m: not rx.search(r"\b(?:avoid(?:ing)?|away\s+from|out\s+of|off)\s+(?:the\s+)?$", self.t[: m.start()])):
            if any(k in self.found for k in ("low", "voice", "clef")):
                # The lowest octave of what the clef, voice or instrument places (``finish``), not all of it.
                self.set("_low_register", True)
            elif ("lower", None) not in self.refinements:
                self.refinements.append(("lower", None))
                self.say("lower: range down a third", "更低：音域降低三度")
        # "too long, cut it down to four bars", "trim it down": the length cut (to the count ``_bars`` read, if any);
        # not "cut it down to 100 bpm", the tempo's.
        cut = self.take(r"\b(?:cut|trim)\s+(?:it|this|that)\s+down(?:\s+to)?(?=\s*(?:[,;.!?]|$))",
                        lambda m: bool(rx.match(r"\s*(?:to\s+)?(?:\w+\s+)?(?:bars?|measures?)\b|\s*(?:[,;.!?]|$)", self.raw[m.end():].lower())))
        if cut and "bars" not in self.found and ("shorter", None) not in self.refinements:
            self.refinements.append(("shorter", None))
            self.say("shorter", "更短")
        # "more easy", "more short", "more harder" (English learners): "more" before a short adjective is its comparative;
        # not "more long notes", "more fast runs" (more of something).
        plain = {"harder": "hard|harder", "easier": "easy|easier|simple|simpler", "shorter": "short|shorter",
                 "longer": "long|longer", "slower": "slow|slower", "faster": "fast|faster|quick|quicker"}
        for name, pattern, en, zh in table:
            if name in plain:
                pattern += r"|\b(?:much\s+)?more\s+(?:" + plain[name] + r")\b(?!\s+(?:and\s+\w+\s+)?[a-z]*(?:notes?|values?|rests?|runs?|passages?|rhythms?|phrases?|sections?|bits?|parts?|ones?)\b)"
            # "太难了，简单一点": one wish said twice is one step.
            # "A little quicker, 20 bpm faster": a step by an amount already read is the same wish.
            if (said := self.take_all(before + r"(?:" + pattern + r")" + after)) and name not in {n for n, _ in self.refinements}:
                if name == "lower" and self.found.get("_too_high"):
                    continue  # "E5 is too high, keep it lower": one wish, the range cut below E5 (``_too_high_pitch``)
                if name == "higher" and ("cap high", None) in self.refinements and not any(
                        rx.search(r"higher|\bup\b|高一|更高", m.group(0)) for m in said):
                    # "I go flat on high notes - something that stays low": the high notes are the trouble told,
                    # the top kept down the wish (alone, "I always go flat on high notes" still asks for them).
                    continue
                if name == "higher" and ("fewer leaps", "trouble") in self.refinements and not any(
                        rx.search(r"higher|\bup\b|高一|更高", m.group(0)) for m in said):
                    # "I want to work on my top notes, they go flat": the high notes tuned are the trouble told,
                    # whose top is kept; only a range asked to go up ("higher", 高一点) moves it.
                    continue
                self.refinements.append((name, None))
                self.say(en, zh)
