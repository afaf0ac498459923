"""The text before it is read: full-width and Traditional characters folded, Cantonese and input-method
homophones, numbers in words (English, Chinese), European note names (do-re-mi for C-D-E), corrections
("12 bars, no, 8"), Chinese octave names for pitches (小字一组的c), and the small note-name helpers."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from .compiled import rx

_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fourteen": 14, "sixteen": 16, "twenty": 20, "twenty-four": 24, "thirty-two": 32,
}
_ZH_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_NUM = r"[\d零一二两三四五六七八九十百]+"


def _note_name(letter: str, accidental: str | None) -> str:
    acc = (accidental or "").strip().lstrip("-")
    return letter.upper() + {"#": "#", "♯": "#", "sharp": "#", "升": "#", "b": "b", "♭": "b", "flat": "b",
                             "降": "b"}.get(acc, "")


def _split_note(name: str) -> tuple[str, str | None]:
    return name[0], name[1:] or None


#: Words an input method gives for the one meant, with what must come before them: (pattern, the word meant).
#: The pattern matches the context and the word, the word last and as long as the one meant.
_HOMOPHONES = ((r"(?<=[大小])[掉吊]", "调"), (r"(?<=[快慢行])版", "板"), (r"(?<=[\d十百零一二两三四五六七八九个])小结", "小节"),
               # Voice typing: "四四排" (拍), "附点音服" (符), "视唱联系" (练习) -- each only where the word meant fits.
               (r"(?<=[二三四六八九][二三四八])排", "拍"), (r"(?<=音)服", "符"), (r"(?<=视唱)联系", "练习"),
               # "g大条" (条 for 调 after a key's letter; "一条G大调" keeps its 条).
               (r"(?<=[A-Ga-g#b♯♭][大小])条", "调"))
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
# (Longer words first: 有冇 before 冇; 畀 alone is 给 as a verb. Not 練下 for 练一下: 练下行小三度 is Mandarin.)
_CANTONESE = (("有冇", "可以"), ("加埋", "加上"), ("唔该畀", "麻烦给"), ("直笛", "竖笛"), ("國小", "小学"), ("国小", "小学"), ("唔該", "麻烦"), ("唔该", "麻烦"), ("唔好", "不要"), ("唔要", "不要"), ("俾我", "给我"), ("畀我", "给我"), ("畀", "给"),
              ("甚麼", "什么"), ("嘅", "的"), ("啲", "些"), ("冇", "无"), ("係", "是"), ("咗", "了"),
              ("嗰", "那"), ("唔夠", "不够"), ("唔夠", "不够"), ("可唔可以", "可不可以"), ("得啦", "就行"), ("啦", "吧"))


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


_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
           r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_WEEKDAYS = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_ZH_COUNT = r"[\d一二两三四五六七八九十百千]+"
#: Numbers that count something other than the music: a time of day, a date, a page, a price, how long someone
#: practised, how many children (an age is read: it places a child's range). Read before any recogniser, so that no number reader (the tempo's "at 10",
#: a bare count of bars, a level) ever sees them: "lesson at 10:30" was tempo 10. Each with the word that ties it
#: to the sentence ("at", "on", "for"), so that nothing of it is left over.
_NOT_MUSIC_NUMBERS = (
    # Times of day: "at 10:30", "9.15am", "at 3 pm", "3 o'clock"; two digits after the colon, so "3:4" stays a meter.
    r"\b(?:(?:starts?|begins?|is)\s+)?(?:at|by|from|until|till|before|after|around)?\s*\d{1,2}\s*[:：.]\s*[0-5]\d\s*(?:[ap]\.?m\.?\b)?"
    r"|\b(?:at|by|from|until|till|before|after)?\s*\d{1,2}\s*(?:[ap]\.?m\.?|o'?clock)\b"
    # "lesson at 4 tomorrow": an hour alone, with the day after it ("at 90" alone stays a tempo).
    r"|\b(?:at|by|until|till)\s+\d{1,2}(?=\s+(?:tomorrow|today|tonight|this\s+(?:morning|afternoon|evening)|on\s+[a-z]+day)\b)"
    # How far off: "my exam is in 3 weeks", "two weeks before the concert", "a few days left".
    r"|\b(?:in\s+|for\s+)?(?:about\s+)?(?:\d{1,2}|one|two|three|four|five|six|a\s+few|several|a\s+couple\s+of)\s+(?:days?|weeks?|months?)"
    r"(?:\s+(?:ago|away|left|from\s+now|before|after|time|later))?\b(?!\s+(?:a|per|each|every)\s+(?:day|week|month)\b)",
    # Dates: "12 March", "March 12th", "on the 3rd of May", "25/12/2026" (a year, so "12/8" stays a meter), weekdays.
    r"\b(?:on\s+)?(?:the\s+)?(?<![\d/])\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTHS + r"\b(?:\s+\d{4})?"
    r"|\b(?:on\s+)?(?:january|february|march|april|june|july|august|september|october|november|december)\s+\d{1,2}(?:st|nd|rd|th)?\b(?!\s*(?:bars?|measures?|bpm))"
    r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b(?:on\s+)?(?:next\s+|this\s+)?" + _WEEKDAYS + r"s?\b",
    # Pages and exercises in a book: "page 34 of the book", "p. 12".
    r"\b(?:on\s+)?(?:page|pg\.?|p\.)\s*\d+(?:\s+of\s+(?:the|my|our|his|her)\s+(?:text)?book)?",
    # Prices: "$40", "₦5000", "40 dollars", "500 rupees".
    r"(?:\b(?:paid|pay|for|costs?)\s+)?(?:[$€£₦₱₹]\s*\d+(?:[.,]\d+)?|\b\d+(?:[.,]\d+)?\s*(?:dollars?|bucks|euros?|pounds|rupees|naira|pesos?|yuan|rmb)\b)",
    # How long and how many: "for 20 minutes", "30 kids in the choir".
    # ("20 years ago", "a 5 year old" are who asks, read elsewhere; "grade 2 students" names the grade).
    r"\b(?:for\s+)?(?:about\s+)?\d+\s*(?:minutes?|mins?|hours?|hrs?)\b(?:\s+(?:a|per|each|every)\s+(?:day|week|night))?"
    # How often: "5 days a week", "three times a week".
    r"|\b(?:\d+|one|two|three|four|five|six|seven)\s+(?:days?|times?|nights?)\s+(?:a|per|each|every)\s+(?:day|week|month)\b"
    r"|(?<!grade\s)(?<!level\s)(?<!year\s)(?<!sec\s)(?<!class\s)(?<!form\s)(?<!p)\b\d+\s+(?:kids|children|students|pupils|people|singers|boys|girls|members)\b",
    # 每天练30分钟, 一周三次, 团有40个人: how long and how often one practises, and how many sing (before the
    # weekdays: 一周三次 holds 周三).
    r"(?:每天|每周|每次|每晚|一天|一周|一星期)\s*(?:练|练习|唱|弹|拉)?\s*(?:" + _ZH_COUNT + r"|半)\s*(?:个)?(?:分钟|小时|钟头|次|天)",
    r"(?<![\d.])" + _ZH_COUNT + r"\s*(?:个|名|位)\s*(?:人|学生|孩子|同学|团员|队员|小朋友|歌手|成员)",
    # 下午三点, 10点半, 12月25号, 下周三, 第32页, 40元: the same in Chinese (ages with 岁 and school years with 年级 are
    # read as who asks already).
    r"(?:上午|下午|晚上|早上|中午|傍晚|凌晨|今晚|明早)\s*" + _ZH_COUNT + r"\s*点(?:\s*(?:半|钟|" + _ZH_COUNT + r"\s*分?))?"
    r"|" + _ZH_COUNT + r"\s*点\s*(?:半|钟|" + r"[\d一二三四五]?[\d一二三四五六七八九十]\s*分)",
    r"(?:\d{4}\s*年\s*)?" + _ZH_COUNT + r"\s*月\s*" + _ZH_COUNT + r"\s*[号日]|(?:下|这|上)?(?:个)?(?:周|星期|礼拜)[一二三四五六日天末]",
    # 还有三周就考试, 两周后, 三个月以后: how far off (after the dates, which hold 12月).
    r"(?:还有|再过|过)?\s*(?:" + _ZH_COUNT + r"|半)\s*(?:个)?(?:天|周|星期|礼拜|月)(?:后|以后|之后|左右)?(?![一二三四五六日天末\d])",
    r"第\s*" + _ZH_COUNT + r"\s*页",
    # Where in a course or a book: "Unit 3 of our book", "chapter 4", "track 7 on the CD", "hymn 212", "Op. 27", 第3课,
    # 第5单元, 第二章 (not 第3小节, 第2拍, 第5级: a bar, a beat and a degree are music); a school year in digits (5年级)
    # and a head count without a measure word (45人), as 五年级 and 45个人 are.
    r"\b(?:unit|chapter|track|hymn|song|number|no\.|op\.?|opus|bwv|room|module|week)\s*\d{1,4}[a-z]?\b"
    r"(?:\s+(?:of|in|on|from)\s+(?:the|my|our|his|her|their)\s+(?:text|work|song|hymn)?(?:book|cd|album|hymnal|playlist|course))?"
    r"(?!\s*(?:bars?|measures?|bpm|beats?|notes?|semitones?|sharps?|flats?)\b)",
    r"第\s*" + _ZH_COUNT + r"\s*(?:课时|课|单元|章|节课|册|首|题|周|次课|部分)(?:的(?:内容|练习))?",
    # 第3小节, 从第5小节开始: a bar's place, not how many bars (第3小节要有附点 was 3 bars).
    r"第\s*" + _ZH_COUNT + r"\s*(?=(?:个)?小节)",
    r"(?<![\d.])\d{1,2}\s*年级|(?<![\d.])\d{1,3}\s*(?:人|名|位)(?![声乐])",
    _ZH_COUNT + r"\s*(?:元|块钱|美元|人民币)",
)


def _not_music_numbers(text: str) -> str:
    """``text`` with every number of ``_NOT_MUSIC_NUMBERS`` blanked out (spaces, so that spans still index it)."""
    for pattern in _NOT_MUSIC_NUMBERS:
        text = rx.sub(pattern, lambda m: " " * len(m.group(0)), text, flags=re.IGNORECASE)
    return text


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
                # (A space put in to part run-on words is not said back: "Gmajor3/4" is read as "G major".)
                said.append((m.group(0), new if m.group(0).endswith(" ") else new.rstrip()))
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
    # "固定调唱法，re小调", "降si大调": a fixed-do syllable before 大调 / 小调 is the letter (no letter is a syllable).
    rewrite(r"(?<![A-Za-z'])(升|降)?(do|re|mi|fa|sol|so|la|si|ti)\s*([大小][调調])",
            lambda m: f"{m.group(1) or ''}{_FIXED_DO[m.group(2).lower()]}{m.group(3)}")
    # The first letters must be the bar count or the key ("8bars", "Fmajor"), not the end of another word.
    rewrite(r"(?<![A-Za-z0-9])(\d+|" + "|".join((*_TEENS, *_UNITS)) + r")(bars?|measures?)\b",
            lambda m: f"{m.group(1)} {m.group(2)}")
    # "Gmajor3/4 8bars": a number run on after the mode is the next setting.
    rewrite(r"(?<![A-Za-z0-9])([a-g](?:#|♯|♭|b)?)(major|minor)(?:\b|(?=\d))",
            lambda m: f"{m.group(1)} {m.group(2)}" + (" " if m.string[m.end():m.end() + 1].isdigit() else ""))
    rewrite(r"\b(?:(?:a|one)\s+hundred(?:\s+and)?(?:\s+(?:" + _BELOW_HUNDRED + r"))?|" + _TENS_WORDS + r")(?![a-z-])",
            lambda m: str(_number_value(m.group(0))) if len(m.group(0).split("-")) == 1 or "hundred" in m.group(0)
            or m.group(0).lower() not in _NUMBERS else m.group(0))
    rewrite(r"(?<=[a-z])\s+equals?\s+(?=\d)", lambda m: " = ")
    # "not to high", "its way to fast": "to" typed for "too" before a word of degree, where "to" cannot be meant ("go
    # to high C" names a note after it; "from low to high" ends a range, with no word of degree before "to").
    rewrite(r"\b((?:not|nothing|way|much|far|it'?s|is|are|was|bit|little|abit|alittle|kinda|still|just)\s+)to\s+"
            r"(high|low|fast|slow|quick|hard|difficult|easy|long|short|jumpy|busy|loud|soft)\b(?!\s+[a-g](?:#|b|\s+sharp|\s+flat)?\b)",
            lambda m: f"{m.group(1)}too {m.group(2)}")
    # "70ish bpm", "around 90-ish": a number hedged with -ish is about that number.
    rewrite(r"(?<![\w.])(?:(?:about|around)\s+)?(\d{2,3})[\s-]?ish\b", lambda m: f"about {m.group(1)}")
    # 简谱 octave marks typed on a keyboard in Chinese words that write 简谱 ("1=C", 音域, 最高/最低): an apostrophe
    # (or a combining dot above) after a degree is the dot above it ("3'" 高音3, "1''" 倍高音1), a comma (or a
    # combining dot below) right after one and before 到/至 the dot below ("5,到3'" 低音5到高音3).
    if rx.search(r"[\u4e00-\u9fff]", text) and rx.search(r"1\s*=\s*(?:#|b|♯|♭|升|降)?[A-Ga-g]|简谱|簡譜|音域|最高|最低", text):
        rewrite(r"(?<![A-Za-z0-9.'’])([1-7])(''|’’|'|’|\u0307)(?![A-Za-z0-9'’])",
                lambda m: ("倍高音" if len(m.group(2)) == 2 else "高音") + m.group(1))
        rewrite(r"(?<![A-Za-z0-9.,])([1-7])(,,|,|\u0323)(?=\s*(?:唱)?(?:到|至|~))|(?<![A-Za-z0-9.,])([1-7])(\u0323)",
                lambda m: ("倍低音" if len(m.group(2) or "") == 2 else "低音") + (m.group(1) or m.group(3)))
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


#: A list's marks at the start of a line ("- Key: D", "2. 12 bars", "· 调性：G小调", "（3）", "## Drill"); a sign
#: before a letter is no mark ("#F调", "-3 semitones").
_LINE_MARK = r"(?m)^[ \t]*(?:(?:[-*>]+|#{1,6})(?=[ \t])|[•·●▪]+|\d{1,2}[.)、](?!\d)|[(（]\d{1,2}[)）])[ \t]*"
#: A word or a clause said twice in a row by speech-to-text ("C C major major", "C大调C大调", "八小节八小节").
#: Only the words of a setting: a name said twice ("Twinkle Twinkle", "啦啦啦") stays as said.
_SAID_TWICE = (r"(?<![A-Za-z0-9'])([a-g]|major|minor|bars?|measures?|beats?|time|tempo|key|in|a|an|the|of|and|please)"
               r"(?:\s+\1)+(?![A-Za-z0-9'])"
               r"|((?:[A-Za-z0-9#]*[\u4e00-\u9fff]){2,}[A-Za-z0-9#]*|[A-Za-z0-9#]+[\u4e00-\u9fff]+)\2+")


def _layout(text: str) -> str:
    """``text`` without the layout of a written list or markdown, each line a clause of its own, and a word said
    twice in a row said once: a rubric with bullets or numbers ("1. E major\n2. 12 bars"), "**Bars:** 16"."""
    text = rx.sub(_LINE_MARK, "", text)
    text = rx.sub(r"\*\*|__|`", "", text)
    text = rx.sub(r"[ \t]*(?:\r?\n)+[ \t]*", lambda m: "; " if m.start() else "", text).strip()
    return rx.sub(_SAID_TWICE, lambda m: m.group(1) or (m.group(2) if len(set(m.group(2))) > 1 else m.group(0)), text,
                  flags=re.IGNORECASE)


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
    # "not 8 bars, 16", "not 8 bars but 12", 不是八小节，是十二小节: what "not" rejects names the unit, and the value after it
    # is the one wished for, though no verb says so (a bare number counts what the rejected value counted).
    text = rx.sub(r"(?:\bnot\s+|不是|不要|别)" + old + r"\s*(?:[,;:，；：—–-]\s*|\s+but\s+)(?:but\s+|而?是|要)?" + new + tail,
                  lambda m: one(m) if m.group("end") is not None or m.group("wunit") or m.group("wpre") else m.group(0),
                  text, flags=flags)
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
    later = rx.search(r"(?:[,;，；]|(?<!\d)\.{1,3}|…)\s*(?:(?:no|nah|actually|sorry|wait|oops|hmm+|on\s+second\s+thoughts?|scratch\s+that|i\s+mean|不对|不是|算了|不(?=\s*[,，!！]))\s*[,，!！]?\s*)+"
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
    return _corrected_names(text, said)


#: A key as a correction names it ("E minor", "Bb", "E flat major") and a meter ("6/8").
_KEY_NAMED = (r"(?<![A-Za-z])(?P<{p}letter>(?:[降升]\s*)?[A-G](?:#|♯|♭|b(?![a-z])|[\s-]?(?:flat|sharp)\b)?)"
              r"(?P<{p}mode>\s+(?:major|minor|maj|min)\b|\s*[大小]调)?(?![A-Za-z#♯♭/])")
#: (Chinese meters too: "四六拍……不对，六八拍" takes 6/4 back for 6/8.)
_METER_NAMED = (r"(?:(?<![\d/])\d{1,2}/\d{1,2}(?![\d/])|(?<![一二三四五六七八九十])[二三四六八九]{2}拍(?!子)"
                r"|[二四八]分之[二三四五六七八九]拍)")
#: Words that take back what was just said: "no wait", "actually, sorry", "on second thought", 不对.
_TAKING_BACK = (r"(?:(?:no|nah)\s*,?\s*wait|wait|actually|sorry|oops|on\s+second\s+thoughts?|scratch\s+that|i\s+mean"
                r"|hmm+|(?:no|nah)(?=\s*[,，!！])|[哦噢啊呃]?\s*(?:不对|不是|算了|等等))")


def _corrected_names(text: str, said: list[tuple[str, str]]) -> tuple[str, list[tuple[str, str]]]:
    """A key or meter taken back for another ("G major - no wait, make it E minor", "in 3/4, actually sorry, 6/8",
    "E flat major, wait, let's do Bb instead", "2/4 instead of 4/4"): the earlier one of that kind goes and the new one
    stays. A new key without its mode keeps the mode of the one it replaces ("same everything else")."""
    # Said after a comma, a dash, or in a sentence of its own ("C major, 8 bars. Actually, make it G major").
    later = rx.search(r"(?:[,;，；。!?！？]|\s[—–-]|(?<!\d)\.(?!\d)|…)\s*(?:" + _TAKING_BACK + r"\s*[,，!！—–-]?\s*)+"
                      r"(?:make\s+(?:it|that)\s+|let'?s\s+(?:do|go\s+with|try)\s+|change\s+(?:it|that)\s+to\s+"
                      r"|go\s+with\s+|(?:put\s+it\s+)?in\s+|改成|换成)?"
                      r"(?P<new>" + _KEY_NAMED.replace("{p}", "n") + "|" + _METER_NAMED + r")(?:\s+instead)?"
                      r"(?=\s*(?:[,.;!?，。；！？)—–-]|$))", text, flags=re.IGNORECASE)
    if later is not None:
        new = later.group("new")
        kind = _KEY_NAMED.replace("{p}", "o") if later.group("nletter") else _METER_NAMED
        # An earlier key must say it is one (a mode, an accidental or "in"): "A tune" names no key.
        earlier = [m for m in rx.finditer(kind, text[: later.start()], flags=0)
                   if not later.group("nletter") or m.group("omode") or len(m.group("oletter")) > 1
                   or rx.search(r"\b(?:in|key\s+of)\s+$", text[: m.start()], flags=re.IGNORECASE)]
        if earlier:
            last = earlier[-1]
            if later.group("nletter") and not later.group("nmode") and last.group("omode"):
                new += last.group("omode")
            said.append((f"{last.group(0).strip()} … {later.group(0).strip(' ,;，；.…—–-')}", new.strip()))
            text = text[: last.start()] + new + text[last.end() : later.start()] + text[later.end():]
    # "2/4 instead of 4/4", "in 2/4 rather than 3/4".
    def meter_instead(m: re.Match[str]) -> str:
        said.append((m.group(0), m.group("new")))
        return m.group("new")

    text = rx.sub(r"(?P<new>" + _METER_NAMED + r")\s+(?:instead\s+of|rather\s+than)\s+" + _METER_NAMED, meter_instead, text)
    return text, said


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


def _zh_number(text: str) -> int:
    """A number written in digits or in Chinese up to 999: "十二", "二十", "一百二十", "一百零八", "九十六"."""
    if text.isdigit():
        return int(text)
    if "百" in text:
        hundreds, _, rest = text.partition("百")
        # "一百二" is 120: a lone digit after 百 counts tens; after 零 ("一百零八") it counts ones.
        zero, rest = rest.startswith("零"), rest.lstrip("零")
        tail = _ZH_DIGITS[rest] * 10 if len(rest) == 1 and rest != "十" and not zero else (_zh_number(rest) if rest else 0)
        return _ZH_DIGITS[hundreds or "一"] * 100 + tail
    if text.startswith("十"):
        return 10 + (_ZH_DIGITS[text[1]] if len(text) > 1 else 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _ZH_DIGITS[tens] * 10 + (_ZH_DIGITS[ones] if ones else 0)
    return _ZH_DIGITS[text]
