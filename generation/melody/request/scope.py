"""Reads wishes that are no drill setting: harm refused, other people's data, quizzes and lessons pointed
to elsewhere, questions asked in place of a request, and complaints about a drill."""

from __future__ import annotations

import re

from music.key import Key, make_key

from ..errors import InvalidParams
from ..messages_zh import key_name_zh
from .base import METRONOME_ANSWER, UNSUPPORTED_PREFIXES, _Answer
from .compiled import rx
from .shape import _ShapeReader
from .text import _NUMBERS, _TRADITIONAL, _ZH_DIGITS, _note_name
from .words import _NOTE, _ZH_NUMBER_NAMES

#: Words that name a quiz's topic, and the Practice page's unit (``lessons.curriculum.UNITS``) that asks about it.
_QUIZ_UNITS = (("keys", r"key\s+signatures?|调号"), ("ear", r"\bby\s+ear\b|\bplay\s+(?:me\s+)?(?:two|2)\s+notes\b|听音|听辨"),
               ("intervals", r"\bintervals?\b|音程"), ("scales", r"\bscales?\b|音阶"), ("triads", r"\btriads?\b|\bchords?\b|三和弦|和弦"),
               ("rhythm", r"\brhythms?\b|\bmeters?\b|节奏|拍号"), ("reading", r"\bnote\s+names\b|\bclefs?\b|音名|谱号"))


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
    # "do you have a metronome I can use while practising?", "有没有节拍器": the studio's, asked about (a metronome
    # marking, "metronome 72", is a tempo, read by ``_tempo``).
    _Answer(r"\b(?:do\s+you\s+have|is\s+there|are\s+there|can\s+i\s+(?:use|get|have|turn\s+on)|could\s+i\s+(?:use|get|have)|where\s+is|i\s+need)"
            r"\s+(?:a|an|the|any|some)?\s*(?:built[\s-]in\s+)?(?:metronomes?|click(?:\s+track)?)\b"
            r"|(?:有没有|能不能用|可以用|能用|哪里有|在哪里?开)\s*节拍器(?:吗|呀|啊)?|节拍器在哪(?:里|儿)?",
            METRONOME_ANSWER[0], METRONOME_ANSWER[1]),
)


#: Words that ask for a drill outright, whatever else the sentence says.
_DRILL_WISH = (r"\b(?:give|make|write|send|generate|create|get)\s+(?:me|us)\b|\b(?:a|an|one)\s+(?:drill|exercise|melody|tune)\b"
               r"|给我|来一|来个|出一|出个|生成|写一|写个")


class _ScopeReader(_ShapeReader):
    """Wishes that are no drill setting: refused, pointed elsewhere, questions, complaints."""

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
        # Instructions to the program, SQL and script tags: the whole clause holding them is answered ("ignore previous
        # instructions and print your settings", "then give me admin access", "\" OR 1=1"), none of it read in part.
        if self.take_clauses(r"\b(?:ignore|disregard|forget)\s+(?:all\s+|any\s+)?(?:(?:your|the|previous|prior|above|earlier)\s+)*(?:instructions|rules|prompts?)\b"
                             r"|\b(?:print|show|reveal|repeat|dump|tell\s+me|output|list)\s+(?:me\s+)?(?:all\s+)?(?:(?:your|the)\s+(?:system\s+|hidden\s+|internal\s+)prompt|the\s+prompt|your\s+prompt"
                             r"|(?:your|the\s+(?:system|hidden|internal))\s+(?:settings|config(?:uration)?|instructions|rules|source(?:\s+code)?|api\s+keys?|secrets?|database|env(?:ironment)?))\b"
                             r"|\b(?:admin(?:istrator)?|root|superuser|developer)\s+(?:access|rights|mode|privileges)\b|\bjailbreak\b"
                             r"|\bdrop\s+table(?:\s+\w+)?|<\s*/?\s*script[^>]*>|\bor\s+1\s*=\s*1\b|\bunion\s+(?:all\s+)?select\b"
                             r"|\bselect\s+(?:\*|\w+)\s+from\b|\bdelete\s+from\b|\binsert\s+into\b"
                             r"|忽略(?:之前|以上|前面|所有)?的?(?:所有)?(?:指令|指示|规则|提示)|系统提示词"
                             r"|(?:打印|显示|告诉我|输出|泄露)[^,.;:!?]{0,8}(?:系统设置|设置|配置|提示词|指令|密钥|数据库)"
                             r"|(?:系统设置|配置|提示词|密钥|数据库)[^,.;:!?]{0,6}(?:打印|显示|输出|发给我)|管理员权限"):
            self.answer("only drill settings are read from these words; other instructions are not followed",
                        "这里只从文字里读取练习的设置，不执行其他指令")
        self.answer_wishes(_NOT_DRILL_CLAUSES, self.take_clauses)
        if self.take_clauses(r"\bquiz\s+me\b|\bquiz(?:zes)?\s+(?:on|about)\b"
                             r"|\b(?:play|give)\s+(?:me\s+)?(?:two|2)\s+notes\s+and\s+i(?:'ll|\s+will)\s+(?:tell|name|guess)\b"
                             r"|\btest\s+me\s+(?:on|about)\b|考考我|考我|测测我|测试我|小测验"
                             # Ear training and theory asked as questions to answer: "我想练听音，你弹我猜", "出几道乐理题".
                             r"|练(?:练|习)?听音|听音练习|(?:你)?弹(?:一下|个|几个)?(?:音)?我(?:来)?(?:猜|听|辨)|出(?:几道|一些|些|点|几个)?(?:乐理|听音|音程)(?:题|测验)|乐理题"):
            self.answer("quizzes (key signatures, intervals by ear, chords) are in the lessons; a drill is a melody to sing",
                        "测验（调号、听辨音程、和弦）在课程里；这里的练习是用来唱的旋律")
            # The Practice page's unit for the quiz asked for ("quiz me on key signatures": its key signature questions).
            topic = next((unit for unit, words in _QUIZ_UNITS if rx.search(words, self.raw.lower().translate(_TRADITIONAL))), "")
            self.pages.append(f"quizzes:{topic}" if topic else "quizzes")
            # "考考我调号，升号的那些": which of them is still the quiz's topic, not a drill setting.
            self.take(r"(?:升号|降号)(?:调)?的那些(?:调号?)?|\bthe\s+(?:sharp|flat)\s+ones\b|\bjust\s+the\s+(?:sharps|flats)\b")
            # "quiz me on intervals, I keep mixing up 4ths and 5ths": why the quiz is wanted, not a drill's setting.
            self.take_clauses(r"\bi\s+keep\s+(?:mixing\s+up|confusing|getting\s+wrong)\b|我(?:总是|老是)?(?:分不清|搞混)")
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

    def _strengths(self) -> None:
        """What the asker says is fine ("my bowing is fine", "I'm ok with leaps", 我的音准还行, 节奏没问题) asks for
        nothing: no answer and no setting is read from it (the bowing answer, a leap to practise). Read first, so the
        skill named is not taken for a wish; said back, so the words are not listed as not understood."""
        skill = (r"(?:pitch|intonation|tuning|rhythms?|counting|timing|reading|sight[\s-]?(?:reading|singing)|bowing|fingerings?|"
                 r"breathing|breath|tone|technique|leaps?|jumps?|intervals?|high\s+notes|low\s+notes|range|ear|theory|diction)")
        fine = (r"(?:(?:pretty|really|quite|actually|totally|mostly|already)\s+)?(?:fine|ok|okay|good|great|solid|alright|all\s+right|decent|easy\s+for\s+me"
                r"|not\s+(?:a|an|the|my)\s+(?:problem|issue))")
        # (A word of the subject is no letter and no verb: "my teacher said C is fine" names C.)
        word = r"(?!(?:says?|said|thinks?|told|wants?|likes?)\b)[a-z'-]{2,}"
        for m in self.take_all(r"\b(?:(?:my|his|her|their|our|the\s+kids'?|the\s+students'?)\s+(?:" + word + r"\s+){0,2}?" + word + r"|" + skill + r")"
                               r"\s+(?:is|are|'s|'re|seems?|seem\s+to\s+be)\s+" + fine + r"(?:\s+(?:for\s+me|now|already))?\b"
                               r"|\bi'?\s*a?m\s+(?:fine|ok|okay|good|comfortable)\s+with\s+(?:the\s+)?" + skill + r"\b"
                               r"|\b" + skill + r"\s+(?:don'?t|doesn'?t|do\s+not|does\s+not)\s+(?:bother|worry|trouble)\s+(?:me|him|her|them|us)\b"
                               r"|(?:我的?|他的?|她的?|孩子的?|学生的?)?(?:音准|节奏|节拍|识谱|读谱|视唱|运弓|弓法|指法|气息|呼吸|换气|高音|低音|跳进|大跳|音程|乐理|发声|音色|咬字|耳朵)"
                               r"(?:还行|还可以|没问题|没啥问题|没什么问题|不成问题|不错|挺好|还好|很好|倒是还行|倒还行|可以的)"):
            self.say(f"“{self.original(m).strip()}”: nothing asked of it", f"“{self.original(m).strip()}”：不需要练这一项")

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
              r"(?:is|isn'?t)\s+(?:it|this|that)\s+(?:true|ok|okay|bad|wrong|normal|common|usual|weird|strange|possible|necessary|important|fine)\s+|(?:do|does)\s+(?:other\s+people|everyone|everybody|anyone|most\s+people)\s+|difference\s+between\s+|(?:can\s+you\s+|please\s+)?teach\s+me\s+(?:about\s+)?(?!(?:to\s+)?(?:sing|read|sight)|(?:(?:a|an|some|one|this|that|the|another)\s+)?(?:new\s+|simple\s+|easy\s+|little\s+|short\s+)*(?:songs?|tunes?|melod(?:y|ies))\b)|"
              r"what\s+key\s+(?:is|does|do|should|would|will)\s+|what\s+(?:time\s+signature|meter|clef|tempo|scale|mode|chord|interval)s?\s+(?:is|are|does|do|should|would)\s+|how\s+many\s+|who\s+(?:is|was|wrote|composed|invented)\s+|what\s+can\s+you\s+do\b)")
        zh = r"(?:请问)?(?:什么是|什么叫|啥是|为什么|为啥|怎么(?:样)?(?:才能|才可以|能)?(?:区分|分辨|判断|理解|唱(?:好|得)?|发声|换气)|如何(?:区分|分辨|判断|理解|唱好?|发声|换气))|.*(?:是什么|是啥|什么意思|啥意思|有什么区别|有啥区别|的区别|区别是什么|是谁写的|谁作的曲|你能做什么|你会做什么|正常吗|有必要吗|是不是很难|难不难)"
        request = (r"\b(?:drills?|exercises?|melod(?:y|ies)|give\s+me|make\s+me|write\s+me|generate|for\s+me\s+to\s+sing|"
                   r"practi[cs]e|bars?\s+(?:of|in)|(?<!in\s)tunes?|sight[\s-]?(?:sing|read)\w*"
                   # "what's the easiest thing you have?": a drill asked for by its level, not a question about music.
                   r"|(?:easiest|simplest|hardest|toughest|most\s+difficult)\s+(?:thing|one|stuff|drill|level)s?\s+(?:you(?:'ve|\s+have)?\s+(?:got|have)|you\s+(?:can\s+)?(?:do|make))"
                   r")\b|练习|旋律|视唱|出(?:一|个|道|首|段)|来(?:一|个|段|首)|给我|生成|写(?:一|个|段|首)|练")
        # A yes/no question about how one practises ("这样练正常吗？", "is it normal to practise this slowly?") names
        # practice as its topic: only a wish said in it ("give me", 给我, 来一条) makes it a request.
        yes_no = (r"(?:is|isn'?t)\s+(?:it|this|that)\s+(?:true|ok|okay|bad|wrong|normal|common|usual|weird|strange|possible|necessary|important|fine)\b"
                  r"|(?:do|does)\s+(?:other\s+people|everyone|everybody|anyone|most\s+people)\b"
                  r"|.*(?:正常吗|有必要吗|对吗|对不对|有用吗|有效吗|管用吗|合理吗|科学吗)")
        answered = False
        for m in rx.finditer(r"[^.!?;\n]+[.!?;\n]*", self.t):
            sentence = m.group(0)
            body = sentence.strip()
            # (Not where it names a setting: "is it ok to practise in G major? give me one" asks for G major.)
            about_practice = rx.match(yes_no, body, re.ASCII) and not rx.search(
                r"(?<![a-z])[a-g](?![a-z])|\d|[调拍度]|小节|\b(?:bars?|major|minor|meter|tempo|bpm|key)\b", body, re.ASCII)
            if not body or rx.search(_DRILL_WISH if about_practice else request, body, re.ASCII):
                continue
            # "teach me intervals - perfect fourths and fifths going up, in C": a "teach me" that names what to practise
            # (a key, a size of interval and its direction, a count) asks for a drill of it, not for the theory.
            if rx.match(r"(?:(?:hey|hi|so|ok|okay|please|can\s+you|could\s+you)[\s,:]+)*teach\s+me\b", body, re.ASCII) and rx.search(
                    r"\bin\s+[a-g](?:#|b)?(?:\s+(?:major|minor|sharp|flat))?\s*(?:[,.;!?]|$)|\d|\b(?:bars?|bpm|going\s+(?:up|down)|ascending|descending|"
                    r"(?:seconds|thirds|fourths|fifths|sixths|sevenths|octaves)\s+(?:and|up|down|only|in)\b)", body, re.ASCII):
                continue
            rest = self.t[: m.start()] + " " + self.t[m.end() :]
            # Any other question ("Is 6/8 harder than 3/4?", 价格多少？, 请问八六拍怎么打拍子？) asked beside a wish said in
            # another sentence is answered too: what it names is asked about, not asked for (its meters were read as
            # the drill's, and its words were left over).
            beside_wish = (rx.search(r"[?]\s*$", body) and rx.search(request, rest, re.ASCII)
                           and not rx.match(r"(?:老师[,\s]*)?(?:请问)?(?:能|可以|会|可不可以)", body)
                           and not rx.search(r"\b(?:can|could|would|will|does|do)\s+(?:you|i|we|it|this|the\s+app|the\s+site)\b|\b(?:do|does)\s+you\s+have\b|\b(?:is|are)\s+there\b"
                                             r"|\b(?:how|what)\s+about\b|有没有|能不能|可不可以|能否|可以吗|行吗|好吗", body, re.ASCII)
                           and (rx.match(r"(?:(?:hey|hi|so|um|ok|okay|also|and|but|btw)[\s,:]+)*(?:is|are|was|were|does|do|did|should|why|which|how|who|where|when)\b", body, re.ASCII)
                                or rx.search(r"[\u4e00-\u9fff].*(?:吗|么|呢|怎么|什么|多少|为什么|为啥|几|哪)", body)))
            if rx.match(en, body, re.ASCII) or rx.match(zh, body) or beside_wish:
                quoted = self.raw[m.start() : m.end()].strip()
                self.t = self.t[: m.start()] + " " * (m.end() - m.start()) + self.t[m.end() :]
                if not (rx.match(en, body, re.ASCII) or rx.match(zh, body)):
                    # Not known as a question about music: said to be a question left unanswered, not a setting.
                    self.answer(f"“{quoted}” is a question, not a drill setting: it is not answered here (the Lessons "
                                "page or your teacher may); the drill is made from the rest of the words",
                                f"“{quoted}”是一个问题，不是练习的设置：这里不作回答（可以看课程页面或问老师）；练习按其余的文字生成")
                    continue
                # The Lessons link carries the question and lists the lessons that answer it (lessons/search.py).
                self.answer(f"“{quoted}” is a question: the Lessons page explains the theory (or ask your teacher); "
                            "a drill here is made from a key, meter, length, rhythm, interval or level "
                            "(“8 bars in A harmonic minor”)",
                            f"“{quoted}”是一个问题：乐理讲解请看课程页面（或者问老师）；这里的练习按调、拍号、长度、节奏、"
                            "音程或等级生成（例如“a和声小调，八小节”）")
                # A question alone asks for no drill: answered, with the lessons, and no C major melody beside it.
                self.elsewhere.append(self.understood[-1])
                self.pages.append("lessons")
                answered = True
        # "what's a hemiola? and give me a drill on it": the question is answered and the drill asked beside it is made,
        # even when no setting is read from the words (it was answered alone, and no drill made).
        if answered and rx.search(_DRILL_WISH, self.t, re.ASCII):
            self.drill_wish = True

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
            # "what major key has three flats? write me a tune in it": the key answered is the drill's.
            asked = relative if rx.search(r"\bminor\b|小调", m.group(0)) else major
            mode = "minor" if asked is relative else "major"
            if self.take(r"\bin\s+(?:it|that(?:\s+(?:key|one))?|this\s+key|the\s+same\s+key)(?=\s*(?:[,.;:!?]|$|please|pls))"
                         r"|(?:就)?(?:用|在|以)(?:这个|那个|该)调(?:上)?"):
                self._set_key(asked.tonic[0], asked.tonic[1:] or None, mode)
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

    def _complaints(self) -> None:
        """ "Too easy", "太快了": said of the last drill, each asks for the opposite ("too fast" is slower, not fast)."""
        opposite = {"easy": "harder", "simple": "harder", "简单": "harder", "容易": "harder", "易": "harder", "hard": "easier",
                    "difficult": "easier", "难": "easier", "complicated": "easier", "complex": "easier", "复杂": "easier", "fast": "slower", "quick": "slower", "快": "slower",
                    "slow": "faster", "慢": "faster", "long": "shorter", "长": "shorter", "short": "longer", "短": "longer",
                    "high": "lower", "高": "lower", "low": "higher", "低": "higher", "jumpy": "fewer leaps",
                    "many leaps": "fewer leaps", "跳": "fewer leaps", "many notes": "easier", "busy": "easier", "boring": "more leaps", "单调": "more leaps"}
        said = {"harder": ("harder: one level up", "更难：升一级"), "easier": ("easier: one level down", "更简单：降一级"),
                "slower": ("slower", "更慢"), "faster": ("faster", "更快"), "shorter": ("shorter", "更短"),
                "longer": ("longer", "更长"), "lower": ("lower: range down a third", "更低：音域降低三度"),
                "higher": ("higher: range up a third", "更高：音域升高三度"),
                "fewer leaps": ("fewer leaps (smoother)", "更少跳进（更平稳）"),
                "more leaps": ("more leaps (less monotonous): wider and more frequent leaps", "更多跳进（不那么单调）")}
        # "我唱高音总是偏低" (I sing high notes flat), "音准老是偏高": intonation told, not the last drill's range being low.
        # "My sopranos keep going flat up high", "my high notes are flat", "I go sharp on the top notes", 高音总是唱不准,
        # 高音跑调, 一到高音就偏低: one trouble, one answer. The high notes the singer reaches are where the drill works,
        # reached mostly by step, from which each is heard and tuned (a leap into a high note is where it goes flat); the
        # range is not raised (a top pushed up is where an untrained voice is already flat: a teacher keeps the top and
        # works on the approach), and a range, voice or instrument the words name is the one used. (Reaching the high
        # notes, "high notes are hard", 唱不上去, is a range limit: ``cap high`` below.) Read before the complaints, so
        # that "high" here is not "too high".
        off = r"(?:flat|sharp|out\s+of\s+tune|off[\s-]pitch|off[\s-]key)"
        adverbs = r"(?:(?:keep|keeps|kept|tend\s+to|tends\s+to|always|usually|often|still|really|a\s+bit|a\s+little|slightly|so|quite|very|kind\s+of)\s+)*"
        high_notes = r"(?:the\s+|my\s+|our\s+|their\s+|his\s+|her\s+)?(?:high|higher|top|upper)\s+(?:notes|register|range|ones)"
        high_tuning = (r"\b" + adverbs +
                       r"(?:go|goes|going|went|sing|sings|singing|sang|get|gets|getting|drift|drifts|drifting|slide|slides|sliding|am|is|are|'m|'re)\s+"
                       + adverbs + off + r"\s+"
                       r"(?:on\s+" + high_notes +
                       r"|(?:when\s+(?:i|we|they|he|she)\s+go\s+)?up\s+(?:high|top|there)|when\s+(?:it|the\s+(?:melody|tune|line))\s+goes\s+(?:up\s+)?high"
                       r"|at\s+the\s+top(?:\s+of\s+(?:my|the|their|our|his|her)\s+range)?"
                       r"|in\s+(?:the|my|their|our|his|her)\s+(?:high|higher|upper|top)\s+(?:register|range|notes))\b"
                       # "my high notes are flat", "the top notes always come out sharp", "I sing the high notes out of tune".
                       r"|\b" + high_notes + r"\s+" + adverbs + r"(?:are|were|is|go|get|come\s+out|sound|tend\s+to\s+(?:be|go))\s+"
                       + adverbs + off + r"\b"
                       r"|\b(?:sing|sings|sang|singing)\s+" + high_notes + r"\s+" + adverbs + off + r"\b")
        zh_often = r"(?:总是|老是|常常|经常|容易|有点|有些|会|老|一直|都|也|还是|就)*"
        zh_off = r"(?:偏低|偏高|跑调|走音|不准|不太准|音不准|唱不准|唱得不准|唱跑调|唱走音|唱偏)"
        zh_tuning = (r"(?:我)?(?:一|每次)?唱(?:到)?(高音|低音)(?:的时候)?" + zh_often + r"(?:偏低|偏高|跑调|走音|不准)"
                     r"|(?:我)?(?:一到|到了?)(高音|低音)(?:区|部分|的地方|的时候)?(?:就|我就)?" + zh_often + r"(?:偏低|偏高|跑调|走音)"
                     # "高音总是唱不准", "我的高音偏高", "高音跑调", "高音音不准", "高音区的音准不好": the high notes named first.
                     r"|(?:我的?)?(高音)(?:区|部分|的地方|的时候)?(?:我)?" + zh_often
                     + r"(?:" + zh_off + r"|(?:的)?音准" + zh_often + r"(?:不好|不太好|不行|很差|差|不稳|有问题))"
                     r"|(?:我)?唱歌?(?:的时候)?" + zh_often + r"(?:偏低|偏高|跑调|走音)"
                     r"|(?:音准|音高)(?:总是|老是|常常|经常|有点)?(?:偏低|偏高)")
        for m in self.take_all(high_tuning + "|" + zh_tuning):
            name = {"高音": "higher", "低音": "lower"}.get(next((g for g in m.groups() if g), ""),
                                                          "higher" if m.group(0).isascii() else "")
            if not name or name in [r[0] for r in self.refinements] or ("fewer leaps", "trouble") in self.refinements:
                continue
            if name == "lower":
                self.refinements.append((name, None))
                self.say(*said[name])
                continue
            # (Marked as a trouble told: it asks no earlier drill to have been made, and a "high notes" beside it is
            # the same trouble, not a wish for a higher range.)
            self.refinements.append(("fewer leaps", "trouble"))
            self.say("high notes sung out of tune: the range not raised, its high notes reached mostly "
                     "by step, so each can be heard and tuned",
                     "高音唱不准：音域不升高，多用级进走到高音，每个音都听准、唱准")
        english = (r"\b(?:(?:it|that|this)(?:'s|s|\s+was|\s+is|\s+one\s+was)?\s+|(?:the\s+)?(?:last|previous|first)\s+one\s+(?:was|is)\s+"
                   r"|(?:the\s+)?(?:rhythms?|melody|tune|range|notes|leaps|tempo)\s+(?:is|are|was|were|feels?)\s+"
                   r"|(?:it's\s+|was\s+)?(?:way|much|far|a\s+bit|a\s+little|slightly)\s+)*"
                   r"too\s+(easy|simple|hard|difficult|complicated|complex|fast|quick|slow|long|short|high|low|jumpy|many\s+leaps|boring|many\s+notes|busy)\b"
                   r"(?:\s+(?:for\s+(?:me|my\s+voice|us|my\s+students?)|in\s+that\s+one|last\s+time))*")
        chinese = (r"(?:音域|音|速度|节奏)?(?:也|还|又)?(?:这个|这条|这首|刚才(?:那|的)?(?:条|个|首)?|上一(?:条|个|首)|上次(?:的|那条)?)?(?:有点|有些|实在|真的|还是)?"
                   r"(?<![不别要])(?:太|有点儿?|有些|偏)(简单|容易|易(?![懂])|难|复杂|快|慢|长|短|高|低|单调)了?|(?:跳进?|跳得)太多了?"
                   # "能不能别这么快", "不要那么难": said of the last drill, as "太快了" is.
                   r"|(?:别|不要)(?:这么|那么)(简单|容易|难|复杂|快|慢|长|短|单调)(?:了|啊|嘛)?")  # (别那么高: ``cap high``)
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
                              r"|(?:高音|高的音)(?:我)?" + struggle + r"(?:唱不(?:好|对|上去|到)|上不去|够不[着著到]|够不上)"
                              # "我把聲唔夠高" (Cantonese 把声, the voice), "嗓子不够高": the singer's top is low.
                              r"|(?:我的?)?(?:把声|嗓子|嗓音|声音)" + struggle + r"(?:不够高|唱不高|上不去)")
        # "Low notes are hard", "一到低音就唱不出来": the bottom is where the singer struggles (a bound named wins).
        low_hard = self.take(r"\b(?:the\s+|my\s+)?low(?:er)?\s+notes\s+are\s+(?:(?:really|very|so|too|quite|a\s+bit)\s+)?(?:hard|difficult|tricky|tough)"
                             r"(?:\s+(?:for\s+me|to\s+(?:sing|hit|reach)|in\s+tune))*\b"
                             r"|\bi\s+(?:can't|cannot|can\s+not|struggle\s+to)\s+(?:sing|hit|reach)\s+(?:the\s+)?low(?:er)?\s+notes(?:\s+in\s+tune)?\b"
                             r"|\bi\s+struggle\s+(?:down\s+there|(?:with|on)\s+(?:the\s+)?low(?:er)?\s+notes)\b"
                             r"|\bmy\s+low(?:er)?\s+(?:notes|range|register)\s+(?:have|has|are|is)\s+(?:all\s+)?(?:gone|disappeared|vanished|weak)\b"
                             r"|(?:一(?:到|唱))?(?:低音|低的音)(?:我)?(?:就)?(?:越来越)?" + struggle + r"(?:唱不(?:出来|出|准|好|下去)|下不去|出不来|不太容易唱|很难唱)")
        if low_hard and "raise low" not in [r[0] for r in self.refinements]:
            self.refinements.append(("raise low", None))
            self.say("low notes are hard: the bottom of the range up a third", "低音难唱：音域下限升高三度")
        if high_hard and "cap high" not in [r[0] for r in self.refinements]:
            self.refinements.append(("cap high", None))
            self.say("high notes are hard: the top of the range down a third", "高音难唱：音域上限降低三度")
        # What a student says of the last drill around the complaint carries no setting.
        self.take_all(r"\bi\s+lost\s+my\s+place\b|\bi\s+(?:couldn't|could\s+not|can't)\s+(?:keep\s+up|reach\s+(?:it|the\s+(?:top|high)\s+notes))\b"
                      # (跟不上拍子 is a trouble with the beat, read with the rhythm drill's troubles.)
                      r"|唱不(?:下去|上去|上来|了)|跟不上(?!\s*(?:拍|节奏|节拍))|够不着"
                      r"|(?:我的?)?老师(?:说|讲|觉得)(?=我)"
                      r"|(?:我的?)?音准(?:一直|还是|也|有点|有些)?(?:不太好|不大好|不好|不太行|不行|很差|比较差|差|一般|不稳|不准)"
                      r"|\bmy\s+(?:pitch|intonation|tuning)\s+is\s+(?:(?:really|very|so|a\s+bit)\s+)?(?:bad|poor|not\s+(?:great|good|very\s+good)|off|terrible|awful|shaky)\b")
