"""The reader's plumbing, under every topic reader: the folded text, ``take`` (blank out what a recogniser
read), ``say`` and ``answer`` (what is said back, in the request's language), ``set``, and ``leftovers`` (what no
recogniser read, quoted from the original)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NamedTuple

from .compiled import rx
from .text import (
    _CANTONESE,
    _FOLD,
    _FULL_WIDTH_ALNUM,
    _HOMOPHONES,
    _TRADITIONAL,
    _scientific_pitch_names,
    _simplified_characters,
)
from .words import _DEGREE_WORDS

_FILLER_EN = (
    # Who asks, by what they sing or lead ("k-pop cover singer", "pop singer", "singer-songwriter", "band director").
    r"(?:(?:k-?pop|pop|rock|jazz|folk|gospel|worship|musical[\s-]theat(?:re|er)|cover|covers|wedding|session|church|band|school)\s+)+(?:singers?|vocalists?|artists?|bands?|directors?|leaders?)"
    r"|singer[\s-]songwriters?|(?:band|choir|music)\s+directors?|"
    # A trouble told of what is then practised ("triplets confuse me", "dotted rhythms always trip me up").
    r"(?:always\s+|really\s+|still\s+)?(?:confus(?:e|es|ed)|trips?|tripping|throws?|throwing)\s+(?:me|him|her|them|us)(?:\s+(?:up|off))?|"
    r"lesson\s+\d+|(?:(?:are|am|'re)\s+)?learning\s+together|(?:(?:he|she|they)\s+)?loses?\s+focus(?:\s+(?:fast|quickly|easily))?|"
    r"i\s+know\s+it'?s\s+(?:weird|odd|strange|unusual)|loved?\s+it|[a-g]\s+harp|over(?=\s+(?:it|the\s+place)\b)|"
    # A life told before the wish (adults coming back to music, English learners), first as phrases: "I played piano
    # as a child but stopped 20 years ago", "haven't touched my guitar in ten years", "it's been 30 years since my
    # lessons", "beginner again after long time", "I am from China, my English is not good", "me and my daughter both".
    r"(?:it'?s|it\s+has)\s+been\s+(?:about\s+|almost\s+|over\s+|more\s+than\s+)?(?:\d+|a\s+few|many|several|[a-z]+)\s+years?\s+since|"
    r"(?:\d+|a\s+few|many|several|ten|twenty|thirty|forty|fifty)\s*\+?\s+years?(?![\s-]*olds?\b)(?:\s+ago)?|years\s+ago|"
    r"as\s+an?\s+(?:child|kid|teenager|teen|girl|boy)|when\s+i\s+was\s+(?:young|little|younger|small|an?\s+(?:child|kid|teenager))|"
    r"after\s+(?:a\s+|such\s+a\s+)?(?:long\s+(?:time|break|pause|gap|day|week|illness|absence|hiatus)|many\s+years|years)|(?:for\s+)?(?:a\s+)?long\s+time|"
    r"(?:coming|getting|going)\s+back(?:\s+(?:to|into))?|back\s+(?:to|into)\s+(?:singing|playing|piano|music|lessons|the\s+[a-z]+)|(?:at|from|after)\s+work|"
    r"these\s+days|nowadays|at\s+the\s+moment|currently|rusty|out\s+of\s+practi[cs]e|nemesis|(?:my\s+)?weak(?:ness|\s+point)|"
    # Who asks, by age and what they learn ("im 10", "I'm ten", "32 singers aged 11 to 14", "jazz learner here",
    # "I'm learning jazz"), and a trouble to fix ("can I have something to fix that", "my counting isn't").
    r"(?:i'?m|im|i\s+am)\s+(?:\d{1,2}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|[a-z]+ty(?:[\s-][a-z]+)?)(?:\s+years?\s+old)?(?![a-z0-9/])|"
    r"aged\s+\d+(?:\s*(?:-|to|–|and)\s*\d+)?|i'?ve|songs?\s+from|(?:leading|running|directing|conducting)|a\s+cappella|acapella|barbershop|ta|real(?:istic)?|"
    r"(?:my\s+)?voice\s+(?:only\s+)?(?:goes|reaches|sits)|(?:get|got|getting)\s+lost(?:\s+counting(?:\s+(?:rests|beats|bars))?)?|"
    r"(?:(?:i'?m|i\s+am)\s+)?learning(?:\s+(?:jazz|piano|violin|cello|guitar|the\s+[a-z]+|to\s+(?:sing|play|read)))?|"
    r"jazz\s+(?:learners?|students?|players?|musicians?|class|combo|band|ensemble)|learners?|"
    r"(?:to\s+)?(?:fix|sort\s+out)(?:\s+(?:that|it|this|them))?|rehears(?:e|es|ing)|"
    r"(?:my\s+)?(?:counting|timing)\s+(?:is|isn'?t|is\s+not)(?:\s+(?:fine|good|great|ok|okay|bad|terrible))?|"
    r"lyric|coloratura|spinto|"
    r"(?:haven'?t|have\s+not|hadn'?t|had\s+not|didn'?t|never)\s+(?:touched|played|practi[cs]ed|sung)|touched|played|stopped|quit|gave\s+up|"
    r"again|anymore|any\s+more|since|lessons|(?:i'?m|i\s+am)\s+from\s+[a-z]+(?:\s+kong)?|"
    r"(?:sorry\s+for\s+)?my\s+(?:bad\s+|poor\s+)?english(?:\s+is\s+(?:not\s+(?:very\s+|so\s+|too\s+)?good|poor|bad))?|"
    r"wife|husband|mom|mum|dad|mother|father|family|friends?|both|together|"
    # Chat words and the ways students say what they find hard ("I always go flat on...", "make sure it comes up"),
    # first: a phrase must be tried before a word it starts with ("make").
    r"(?:show|tell|teach)\s+me\s+how\s+to(?:\s+do)?|obvs?|obvi|i'm\s+\d+|i\s+am\s+\d+|what\s+about|how\s+about|a\s+couple(?:\s+of)?|couple\s+of|(?:just\s+)?(?:like|same\s+as|as)\s+(?:last\s+time|before|the\s+(?:last|previous)\s+one)|\d+(?:st|nd|rd|th)\s+graders?|graders?|readers?|is\s+there(?:\s+a\s+way\s+to)?|focus(?:s)?ing\s+on|wrong|wrongly|badly|mess(?:es|ed)?\s+up|before|after|where|each|how\s+(?:can|do|should)\s+i|improve|improving|bring\s+in|throw\s+in|bring|smth|sth|lol|lmao|idk|u|ur|thx|haha|pls+|random|whatever|any\s+key|surprise\s+me|always|usually|often|"
    r"go(?:es|ing)?\s+(?:flat|sharp)\s+on|make\s+sure|comes?\s+up|a\s+lot|every\s+now\s+and\s+then|now\s+and\s+then|"
    r"from\s+time\s+to\s+time|at\s+all|tempo|pace|speed|start|starts|starting|begin|begins|stuff|halfway(?:\s+through)?|"
    r"please|could you|can you|would you|i want|i need|i'd like|i would like|give me|make me|make|write me|write|"
    r"generate|create|compose|let's have|let me have|i want to practi[cs]e|me|a|an|the|some|new|one|that|which|"
    r"melody|melodies|tune|drill|exercise|sight[\s-]?singing|sight[\s-]?reading|piece|something|anything|one|can u|could u|"
    r"do|add|lots|lot|plenty|more|extra|style|feel|only|just|like|kind|sort|change|switch|hey|hi|get|i|can|but|keep|"
    r"still|though|however|so|same|we|you|fine|ok|okay|phrase|instead|rather|now|help|intervals?|few|include|including|"
    r"line|music|and|with|in|for|of|it|is|are|ex|"
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
    r"i hate them|hate|get better at|better at|better|this one's|this one|bored|need|(?:vocal\s+)?warm-up|(?:vocal\s+)?warmup|(?:vocal\s+)?warm up|hello|way|perfect|great|try|put together|teacher|"
    r"singing in tune|in tune|intonation|every|here|show|display|shown|singing|would|able|prep|preparation|concert|teach|assign|assigning|assigned|set|kinda|sorta|kind of|sort of|w/|"
    r"struggles with|struggles|who|am|needs|pupil|pupils|wants|wanted|steps|i keep missing|keep missing|missing|keep getting wrong|getting wrong|put|weird|"
    r"rehearsals?|sectionals?|(?:just\s+)?started\s+(?:singing\s+|piano\s+|music\s+)?lessons|(?:singing|music)\s+lessons|(?:just\s+)?(?:picked|took)\s+up|pick\s+(?:it\s+)?out|"
    r"adults?|grown-?ups?|retired|improv(?:isation|ization|ising|izing)?|jazz\s+ear\s+training|songs?|sustained|"
    r"is\s+enough|enough|plain|goes|gcses?|igcse|a[\s-]levels?|\d+[\s-]*(?:yr|year)s?[\s-]*olds?|ages?\s+\d+(?:\s*(?:-|to|–)\s*\d+)?|year\s+\d+s?|grade\s+\d+s|dashboard|w|"
    # Who and what for, and a hurry: "prepping my 9th graders for the state exam", "sits the aural test soon", "asap".
    r"prepping|prep|\d+(?:st|nd|rd|th)\s+graders?|graders?|state|middle\s+school|high\s+school|middle|sits?|sitting|aural\s+tests?|aural|soon|asap|urgent|urgently|quick|quickly|"
    # An instrument teacher's pupils and method, and how long a value lasts ("Suzuki kids", "first-year", "all the way through").
    # A trouble described rather than a drill asked: "my rhythm falls apart whenever there's a dotted note",
    # "I keep coming in late after rests", "a bit gloomy-sounding".
    r"(?:my\s+)?(?:rhythm|timing|counting)\s+(?:always\s+)?(?:falls?|goes)\s+(?:apart|to\s+pieces)|falls?\s+apart|whenever\s+there(?:'s|\s+is|\s+are)|whenever|"
    r"(?:keep\s+)?(?:coming|come)\s+in\s+(?:too\s+)?late|late|sounds?\s+a\s+bit|sounds?|a\s+bit|"
    # Chat cheers and a primary class: "omg yes!!!", "a singing game for my primary class", "my grade two kids";
    # "short" only of the piece itself ("a short song"): "short phrases" is a wish the drill does not read.
    r"omg|yes|yay|wow|yeah|short(?=\s+(?:songs?|pieces?|tunes?|melod(?:y|ies)|drills?|exercises?|ones?)\b)|singing\s+games?|games?|primary(?:\s+(?:school|[1-6]))?|grade\s+(?:one|two|three|four|five|six)(?=\s+(?:kids|class|pupils|students|children))|"
    # A parent's child ("my daughter has been learning piano for two years"), a section leader, an entrance exam.
    r"(?:daughter|son|child|kid)(?:'s)?|(?:has|have)\s+been(?:\s+(?:learning|playing|studying))?|been|(?:for\s+)?(?:\d+|two|three|four|five|six|a\s+few|several)\s+(?:years?|months?)|"
    r"(?:section\s+)?leader|our|(?:conservatory|college|university|music\s+school)\s+(?:entrance|admissions?|audition)|entrance|(?:for\s+)?ear[\s-]?training|possible|"
    r"suzuki|first[\s-]year|very\s+first|first|all\s+the\s+way\s+through|the\s+whole\s+way\s+through|throughout|all|stud(?:y|ies)|[eé]tudes?|"
    # Homeschooling parents and music therapists: who the drill is for ("my two kids (7 and 9)", "a unit on Mozart in our
    # homeschool co-op", "a client with anxiety", "an older adult with dementia"), and polite and chatty forms in Indian,
    # Australian and British English ("kindly", "do the needful", "chuck us one, mate"), and a correction's "same everything else".
    r"homeschool(?:ing|ed|er|ers)?|co-?op|(?:two|three|four|\d+)\s+(?:kids|children)|\d+\s+and\s+\d+|(?:we're|we\s+are|i'm|i\s+am)\s+doing|doing|"
    r"(?:a\s+)?unit\s+on|(?:music\s+)?therap(?:y|ist|ists)|sessions?|clients?|patients?|(?:an?\s+)?older\s+adults?|elderly|dementia|stroke|anxiety|"
    r"autism|autistic|working|calming|relaxing|soothing|gentle|kindly|(?:do\s+)?the\s+needful|needful|send|very|mate|chuck\s+us|chuck|"
    r"she's|he's|they're|same\s+everything\s+else|everything\s+else|(?:in\s+)?most\s+bars|over\s+(?:that|those|these|them)|"
    r"fingerstyle|(?:time\s+)?signature|"
    # Chat abbreviations ("ngl", "lowkey", "tbh", "n" for and) and Singapore/Malaysia English and Malay around a request
    # ("can or not", "lah", "aiyo", "boleh tak buat", "Cikgu nak latihan", "my P4 class", "Sec 2 students"): how it is
    # asked and who for, not a drill setting.
    r"then|ngl|rly|lowkey|highkey|tbh|tho|fr|n|lah|leh|lor|meh|aiyo+|aiyah?|alamak|can\s+or\s+not|or\s+not|"
    r"p[1-6]|sec(?:ondary)?\s+[1-5]|cikgu|nak|boleh(?:\s+tak)?|tak|buat|latihan|untuk|saya|band|"
    # Adults who never learnt the terms ("I have never read music", "I don't know what a key is", "what's the easiest
    # thing you have?"), church musicians (the cantor at our parish, the worship team, St Mary's junior choir), a
    # therapy client's reason ("my therapist says singing helps my breathing after long covid", Parkinson's), and a
    # lesson plan pasted ("Lesson 4 objectives: 1. ... 2. ..."): who asks and why, not a drill setting.
    r"(?:have\s+)?never\s+(?:read|learn(?:ed|t)|studied)(?:\s+(?:music|notes|sheet\s+music|a\s+note))?|"
    r"(?:i\s+)?(?:don'?t|do\s+not|dunno)\s+(?:know|understand)\s+(?:what\s+(?:an?\s+|the\s+)?[a-z]+(?:\s+signature)?\s+(?:is|are|means?)|(?:music\s+)?theory|music|the\s+terms)|"
    r"what'?s|whats|you've|yet|weakest|never\s+(?:hit|get|manage)|church|parish|cathedral|chapel|congregation|mass|worship(?:\s+team)?|"
    r"cantor|organist|vocalists?|praise\s+band|response|psalm|junior|st\.?\s+[a-z]+'?s|saint\s+[a-z]+'?s|"
    r"(?:my\s+)?(?:therapist|doctor|speech\s+therapist)\s+says?|says?|helps?|breathing|breath|(?:long\s+)?covid|parkinson'?s|beat|pulse|vocal|"
    r"objectives?|aims?|learning\s+outcomes?|(?<![a-z0-9/])\d\.(?=\s)|sight[\s-]?sing|feel|this\s+lesson|"
    # Grandparents learning beside a grandchild, a child's attention or reading told (ADHD, dyslexic), a method or an
    # exam's paper named (Kodály-style, musicianship), a harmonica's key ("C harp"), a club, and asides ("love it!",
    # "I know it's weird", "obviously"): who asks and why, not a drill setting.
    # (Their phrases are at the head of the list, before the single words they hold: "i", "it".)
    r"(?:my\s+)?(?:grand(?:son|daughter|kids?|children|child|ma|pa|mother|father))(?:\s+and\s+i)?|together|"
    r"adhd|autis(?:m|tic)|dyslexi[ac]|focus|kod[aá]ly(?:[\s-]style)?|musicianship|aurals?|club|obviously|"
    # Courtesies of Nigerian, Indian and Filipino English ("abeg", "kindly do the needful", "one po", "G major lang"),
    # apologies and "anyway" between a question and the wish.
    r"abeg|kindly|do\s+the\s+needful|po|lang|sorry|anyway|merry\s+christmas|happy\s+(?:new\s+year|holidays|easter|diwali)|"
    # A rubric's labels ("Exercise spec: - Meter: 6/8 - Length: 8 bars"; its values are read) and a trouble told
    # ("my leaps are always out of tune, especially sixths", "I keep rushing", "my triplets come out uneven").
    r"spec(?:ification)?s?(?=\s*:)|requirements?(?=\s*:)|rubric|meter(?=\s*:)|length(?=\s*:)|(?:are|is)\s+(?:always\s+)?out(?:\s+of\s+tune)?|out\s+of\s+tune|"
    r"especially|rushing|rush(?:es)?|dragging|(?:always\s+)?comes?\s+out(?:\s+uneven)?|uneven"
    # How a tune is learnt and who asks by what they do: "a song I can learn by ear", "beatbox guy", "I'm a beatboxer".
    r"|(?:(?:i\s+)?can\s+)?learn\s+(?:it\s+)?by\s+ear|by\s+ear|beat[\s-]?box(?:ers?|ing)?(?:\s+(?:guy|girl|kid))?|(?:a\s+)?(?:guy|girl)\s+trying\s+to(?:\s+learn\s+to)?|trying\s+to(?:\s+learn\s+to)?"
)
#: One word of filler with its punctuation, trimmed from either end of a clause left over.
_FILLER_WORD = r"(?:" + _FILLER_EN + r")[,.!?]*"
_FILLER_ZH = (
    # A trouble told of what is then practised (我不擅长切分, 我最怕附点, 附点老是唱不好).
    r"而是|(?:很|最|特别|有点)?不擅长|直接|平时|"
    # "写成四个声部" (written as), "我学生才二年级" (only), "只会第一把位" (only can play), "你能帮我…" (you): how it is
    # asked, before the words they start (写, 会).
    r"写成|(?:还只|只|才)会|最好(?:是)?|比如(?:说)?|例如|譬如|才(?=\s|[一二两三四五六七八九十\d]|学|刚|开始)|你们?|"
    # Who asks, by what they do (乐队指挥, 流行歌手, 唱戏的) and what they read (我会看五线谱，不需要简谱).
    r"(?:乐队|合唱团?|管乐团?|民乐团?)?指挥|(?:流行|通俗|美声|民族|爵士|摇滚)?歌手|唱戏的|(?:我)?(?:会看|看得懂|能看)(?=\s*(?:五线谱|简谱|\s{3}))|(?:很|最|特别|有点)怕|(?:老是|总是|一直)?唱不好|不太会|"
    # A rubric's label (要求：1. D大调 2. …), before 要.
    r"要求|"
    # A kindergarten year (幼儿园大班), an elders' college (老年大学), what a parent hopes for (培养), a key moved to
    # (换到降E大调: the key is read); before the shorter words they hold (老, 换).
    r"(?:幼儿园)?(?:大|中|小)班|老年大学|老年人|老年|培养(?:一下)?|换到|改到|"
    # A parent introduced (我是小明的妈妈), a greeting of the day (圣诞快乐), the words voice typing leaves in (嗯, 那个,
    # 就是, 然后呢), a try (试试), a key said first and taken back (先来C大调吧), a double denial (不要不带休止符 is 带).
    r"我是[\u4e00-\u9fff]{1,4}?的(?:妈妈|爸爸|家长|奶奶|爷爷|外婆|外公)|(?:圣诞|新年|春节|节日|周末|中秋)快乐|今年|今天是?|"
    r"嗯+|那个|就是|然后呢|试试|试一下|先来|先(?=\s*[A-Ga-g降升])|顺便|类似|不要不(?=带|加|用|含|要|\s)|"
    # A life told before the wish: "我小时候学过钢琴，二十多年没弹了，想重新开始", "好多年没碰琴了，手很生".
    r"小时候|年轻(?:的)?时候?|[一二两三四五六七八九十\d]+多年(?!级)|(?:好|很|这么)多年|没(?:怎么)?(?:碰|弹|练|拉|唱|学|摸)(?:过)?(?:琴|钢琴|吉他)?了?|"
    r"手(?:很|有点|都|已经)?生(?:疏)?了?|生疏了?|重新(?:开始)?|捡起来|学琴|"
    # Who the drill is for and what it prepares ("我女儿学二胡两年了", "视唱练耳考级的模拟题", "声乐学生", "音乐课"),
    # before the shorter words they hold ("视唱").
    # A primary-school class and a drill compared with the last ("唱游课", "和刚才一样", "再来一个一模一样的").
    r"唱游|小学(?!生)|游戏|刚才|上次|上一次|上一[条个首]|上条|一模一样|一模|"
    # A parent's child learning (学琴两年了, 帮他找点), a choir's sections and their troubles (女高音声部长, 低声部音准老是
    # 有问题, 数不对拍子), ear-training exams (练耳, 听写), the last drill in Cantonese (嗰首 -> 那首).
    r"(?:刚)?学琴|琴童|找|帮(?:他|她|孩子)?(?!忙)|(?:老是|总是)?数不(?:对|准|清)(?:拍子|拍)?|声部长|(?:高|低|中)?声部|音准(?:老是|总是)?(?:有问题|不好|不准|不稳)?|"
    r"练耳|听写|短(?=旋律|的旋律|曲)|那(?:段|条|个|首)|"
    r"视唱练耳|附中|备考|考研|考生|我家|家长|上(?=[一二三四五六]年级)|成年人|成人|退休了|退休|自学|不错|挺好|爵士|开声|开嗓|练声曲|练声|发声|模拟题|模拟卷|模拟|声乐|[音乐竖笛琴声器]*课|女儿|儿子|她|他|学(?:了|过)?(?![生习])|[一二两三四五六七八九十\d半]+年(?:多)?了?(?!级)|"
    r"和弦进行|和弦|里面|大概|大约|调性随意|调性不限|调随意|调性|难度|长度|节拍|拍号|小节数|七声(?:音阶)?|换个种子|换种子|调(?=\s*:)|歌曲|歌|为主|都行|都可以|都好|请|教我(?:唱|弹|吹|拉)?|帮我|给我们|给我|我想要|我想|我要|我是|能不能|可不可以|可以|有没有|就行|就好|随便|"
    r"儿童|小朋友|孩子们|孩子|右手|整一段|整|哦|呗|呀|啊|嘛|我老是唱不准|多来点|多来一些|多来|老是唱不准|唱不准|总是唱错|老是出错|来|写|有|带|加上|加|以及|适合|给|为|生成|创作|做|出|一段|一首|一条|一个|一下|个|首|段|的|旋律|曲子|乐曲|"
    r"视唱|练习曲|练习|训练|用|在|和|以及|并且|并|还有|要|吧|谢谢|里|中|多一些|多一点|多点|多些|更多|很多|大量|一些|一点|点|风格|感觉|只|就|的|多练|改成|改为|换成|变成|但是|但|不过|还是|保持|一样|一道|道|题目|题|把|想练|练练|练一下|练|一下|我们|我|换个调|换个|换|够了|就够了|考试前|考前|考试了|考试|期末|期中|下周|明天|准备|班级|班|作业|音乐会|演出|比赛|上课|课堂|刚学|刚开始学|出题|出个题|吗|能|老是|总是|初一|初二|初三|高一|高二|高三|[一二三四五六七八九]年级|学生们|学生|同学们|同学|小学生|中学生|都要有|都要|都|要有|谱子|乐谱|也没关系|没关系|想要|想|常错的地方|常错|错的地方|这次|这回|其他不变|其它不变|别的不变|其余不变|一起唱|老师好|老师|你好|您好|考级了|考级|偶尔|儿歌风格|儿歌|布置|布置一下|是|又|些|民歌|民谣|唱|视奏|视谱|识谱|小孩子|小孩|\d+岁|[一二三四五六七八九十]+岁|让我|让|多用|多写|"
    r"(?:随便)?(?:什么|哪个|任何)调(?:都行|都可以|都好)?|麻烦|一共|总共|左右|国中生|国中|然后|接着|再|开始|开头|怎么|如何|怎样|主要|也|还有|另外|很|非常|比较|特别|关于|为主|以|(?:像|跟|和)(?:上次|刚才|之前)(?:那样|一样)?|考音乐学院|音乐学院|艺考|考学|重点|初中生|高中生|大学生|幼儿园|需要|上弹|上演奏|上吹|上拉|节奏型|节奏|这(?:段|条|个|首)?|水平|"
    # Exams and schools a class prepares for (中考, 高考 音乐统考, 艺术生), a teacher's courtesies and hurry (急用).
    # A trouble described rather than a drill asked: "我一碰到附点就乱", "休止符后面我老是进不来", "带几个休止符".
    r"一(?:碰到|遇到|到)|碰到|遇到|就(?:乱|错|慌)|乱|慌|(?:后面|之后|以后)?(?:我)?(?:老是|总是)?进不来|几个|几|"
    r"中考|高考|统考|联考|艺术生|初中|高中|音乐|考(?![级试研生学])|急用|急|打扰了|打扰|帮忙|您|一名|上一节|基础|薄弱|之前|以前|"
    # A music therapist's clients (音乐治疗师, 老年人, 自闭症儿童).
    r"(?:音乐)?治疗师|(?:音乐)?治疗|老年人|老人|患者|病人|自闭症|来访者|吉他弹唱|弹唱|吉他|"
    # Teenagers' chat around a request (整一个, 搞个, 无语, yyds, 谢啦 read as 谢吧): how it is asked.
    r"搞|无语|yyds|绝绝子|哈哈|哈|谢吧|谢了|谢|"
    # Church musicians (教会诗班, 敬拜团的主领, 司琴), adults without the terms (不懂乐理, 那种听起来…的), a therapy
    # client's reason (医生说要练呼吸), and a lesson plan pasted (教学目标：1.… 2.…，掌握四三拍的强弱规律，请根据以上生成).
    r"教会|教堂|礼拜堂|团契|弥撒|(?:唱)?诗班|敬拜(?:团|队)?|主领|司琴|不懂乐理|不懂|乐理|那种|听起来|"
    r"(?:医生|大夫|老师|治疗师)说(?:要)?|(?:练)?呼吸|教学(?:目标|重点|难点|内容|过程)|(?:能够|能)?准确(?:的|地)?|音高|演唱|掌握|强弱规律|规律|(?:根据|按照)以上(?:内容)?|以上|"
    r"(?<![\d/.])[1-9](?=[.、][^\d])|老|"
    # A trouble told (我唱大跳总是不准, 一唱高音就破音, 切分节奏我老是抢拍); 包含 is "with".
    r"包含|(?:总是|老是)?(?:不准|抢拍|拖拍)|抢拍|拖拍|一唱(?:高音|低音)?(?:就破音)?|就?破音|"
    # The first 最 of 最最简单的 (最简单的 is read as the level).
    r"最(?=\s)|"
    # Who asks, by age, voice and group (四十多岁了, 变声期, 我们团), when (下个月, 现在) and a trouble (六八拍老是数乱,
    # 我唱高音总是偏低: the complaint's word is read), a rehearsal's warm-up (排练前热身).
    r"[一二三四五六七八九十\d]+多?岁了?|变声期|一直|(?:我们)?(?:合唱)?团(?:里)?|(?:下|上|这)个?月|现在|目前|最近|"
    r"(?:老是|总是)?数(?:乱|错)了?|尤其(?:是)?|(?:唱|弹|拉)?不(?:均)?匀|条|(?:我的)?音域(?:是|为|在|大概是|大约是)?(?=\s)|排练(?:前|之前)?|热身(?:用)?|了"
)
#: How a line of ``understood`` starts when it answers a wish the drill cannot meet ("two-part", "简谱"),
#: so that such a wish is answered plainly rather than listed as not understood.
UNSUPPORTED_PREFIXES = ("note:", "注意：")
#: Where the metronome is (the studio's "Hear" checkboxes, ``templates/studio/studio.html``): asked about, or asked
#: of a drill ("with a metronome"), which carries none of its own.
METRONOME_ANSWER = ("the studio plays a metronome with any drill: tick “a metronome” under “Hear”, beside “▶ Play” "
                    "(a count-in bar plays first unless it is unticked)",
                    "练习室里可以开节拍器：在“▶ 播放”旁的“播放内容”里勾选“节拍器”（默认先放一个预备小节，可取消勾选）")


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


class _Answer(NamedTuple):
    """Words for a wish a drill cannot meet (a pattern of the folded text), and the plain answer to it in English and
    Chinese. The reader takes the words (and so answers each wish once), in the order of its table."""

    words: str
    en: str
    zh: str


class _ReaderBase:
    """The folded text and what was read from it; every topic reader builds on this."""

    def __init__(self, text: str, *, default_mode: str = "major", default_key: str = "C", default_meter: str = "4/4") -> None:
        self.raw = text.strip().translate(_FULL_WIDTH_ALNUM)
        #: The key a request that names no tonic keeps (C, or the drill's being refined): "pentatonic" alone
        #: makes its notes pentatonic, and a Chinese mode alone ("徵调式") keeps its 宫.
        self.default_key = default_key
        #: The mode a key named without one takes: major, or the drill's being refined ("in G instead" keeps minor).
        self.default_mode = default_mode
        #: The meter a request that names none keeps: 4/4, or the drill's being refined ("not in 3/4" moves off it).
        self.default_meter = default_meter
        self.zh = bool(rx.search(r"[\u4e00-\u9fff]", self.raw))
        # Lower-case and fold full-width punctuation one character for one, so spans index ``raw`` too.
        folded = "".join(c.lower() if len(c.lower()) == 1 else c for c in self.raw).translate(_FOLD)
        # Traditional characters and Cantonese words read as simplified Mandarin, one character for one.
        folded = folded.translate(_TRADITIONAL)
        for word, meant in _CANTONESE:
            folded = folded.replace(word, meant)
        folded = _simplified_characters(folded)
        # Words pasted or held down many times over ("C major 8 bars please C major 8 bars please …", "啦啦啦…", cut off
        # mid-word by a length limit): read once, the text cut after the first (the raw text too, so spans still index it).
        self.repeats = 0
        once = rx.match(r"\s*(\S.{0,199}?)(?:\s*\1){2,}", folded, re.DOTALL)
        if once is not None and once.group(1).startswith(folded[once.end():].strip()):
            self.repeats = folded.count(once.group(1))
            folded, self.raw = folded[: once.end(1)], self.raw[: once.end(1)]
        # "不要有附点" is "不要附点": the 有 after a denial, before a thing a drill can have, is dropped.
        folded = rx.sub(r"(?:(?<=不要)|(?<=不能)|(?<=不用)|(?<=别))有(?=附点|三连音|切分|十六分|休止|临时|升降|变化音|大跳|跳进|八度)", " ", folded)
        # "Please don't use any sixteenth notes or dotted rhythms": a denial of what the drill uses is "no" (padded to the
        # same length), which every rhythm and value reader knows.
        folded = rx.sub(r"\b(?:don'?t|do\s+not|never)\s+(?:use|include|put\s+in|add|want\s+any|give\s+me\s+any)(?:\s+any)?\s+(?=[a-z0-9])(?!(?:anything|something|of\s)\b)",
                        lambda m: "no" + " " * (len(m.group(0)) - 2), folded)
        # "I hate 6/8", "can't stand syncopation", 我讨厌三连音, 不喜欢附点: a dislike of what a drill can hold is a denial (it
        # was read as a wish: 6/8, syncopation to practise). A trouble ("triplets trip me up") stays a wish to practise.
        drill_thing = (r"(?=\s*(?:the\s+|any\s+|all\s+)?(?:\d|[a-g]\b|triplets?|syncopat|dotted|dots?\b|sixteenths?|16ths?|eighths?|quarters?|"
                       r"ties?\b|rests?\b|leaps?|jumps?|big\s+(?:leaps|jumps|intervals)|intervals?|minor|major|flats?\b|sharps?\b|accidentals?|chromatic|compound|odd\s+meters?|"
                       r"(?:bass|treble|alto|tenor)\s+clef))")
        # "nothing fast", "nothing too hard": "nothing" before a quality is "not too" (same length); "fast" was read alone.
        folded = rx.sub(r"\bnothing(?=\s+(?:fast|quick|slow|hard|difficult|high|low|long|short|complicated|tricky|jumpy)\b)", "not too", folded)
        # Every other way to refuse a thing is "no" too, which the readers bind to what follows: "I don't want 3/4",
        # "avoid D minor" (was D minor), "anything except D minor", 别给我小调 (was C minor), 不想要三连音.
        padded_no = lambda m: "no" + " " * (len(m.group(0)) - 2)  # noqa: E731
        folded = rx.sub(r"\bi\s+(?:really\s+|just\s+|absolutely\s+)?(?:hate|loathe|dislike|can'?t\s+stand|cannot\s+stand|don'?t\s+like|do\s+not\s+like)" + drill_thing
                        # (Not the double negative "I'm not saying I don't want leaps", a refusal refused.)
                        + r"|(?<!saying\s)(?<!saying\si\s)(?<!saying\swe\s)\b(?:(?:i|we)\s+)?(?:really\s+)?(?:don'?t|dont|do\s+not)\s+(?:want|need)(?:\s+(?:it\s+|anything\s+)?(?:to\s+be\s+)?in)?" + drill_thing
                        # "don't make it in 6/8 again", "dont write it in D minor": the thing it is not to be in.
                        + r"|\b(?:please\s+)?(?:don'?t|dont|do\s+not)\s+(?:make|write|put|do|give\s+me)\s+(?:it|this|that|one|them|another)?\s*(?:in\s+)?" + drill_thing
                        + r"|\b(?:(?:please|pls|just)\s+)?avoid(?:\s+(?:using|having|writing))?" + drill_thing
                        + r"|\b(?:i'?d|i\s+would|we'?d)\s+rather\s+not\s+(?:have|do|get)" + drill_thing, padded_no, folded)
        zh_thing = (r"(?=\s*(?:[0-9a-g]|三连音|切分|附点|十六分|八分|休止|跳进|大跳|小调|大调|升降|临时|变化音|复拍子|[二三四六八九]拍|[二三四六八]{2}拍|降[a-g]|升[a-g]))")
        folded = rx.sub(r"(?:我|孩子|他|她|学生)?(?:很|最|特别|真的)?(?:讨厌|不喜欢|受不了)" + zh_thing
                        + r"|(?:别|不要|不用)(?:再)?(?:给我|给|来|出|写|用|弄)(?:个|一个|一条)?" + zh_thing
                        # 不需要附点 (was read as dots wanted), 不必有三连音, 用不着切分.
                        + r"|(?:不需要|不太需要|不必|用不着)(?:有|加|用)?" + zh_thing
                        + r"|(?<!不是)(?<!不是我)(?:我|孩子)?(?:不想要|不想)(?:再)?(?:练|唱)?" + zh_thing,
                        lambda m: "不要" + " " * (len(m.group(0)) - 2), folded)
        # 不是四四拍，是四三拍 (not 4/4 but 3/4): the thing after 不是 is refused when a 是 or 要 names another (it was read,
        # and the one meant left over).
        folded = rx.sub(r"不是" + zh_thing + r"(?=[^,.;!?，。；]{1,12}[,，]\s*(?:而)?(?:是|要))", "不要", folded)
        # 除了C大调都行 (anything but C major): the thing after 除了 refused, the rest of the phrase said.
        folded = rx.sub(r"除了(?P<thing>[^,.;:!?，。；\s]{1,12}?)(?P<rest>(?:以外|之外)?\s*[,，]?\s*(?:什么|哪个|任何|其他的?|别的)?(?:调|拍子?)?(?:都行|都可以|都好|随便))",
                        lambda m: "不要" + m.group("thing") + " " * len(m.group("rest")), folded)
        # "no 4/4 or 3/4", 不要四四拍或三四拍: a denial reaches every thing of its list (the second was read as a wish).
        while (listed := rx.search(r"(?:\bno|不要)\s*(?:\d+/\d+|[a-g][#b]?\s+(?:major|minor)|[二三四六八]{2}拍|[a-g]?[大小]调)"
                                   r"(?:\s*(?:,|、|，)\s*(?:\d+/\d+|[a-g][#b]?\s+(?:major|minor)|[二三四六八]{2}拍|[a-g]?[大小]调))*"
                                   r"(?P<joiner>\s*,?\s+(?:or|nor)\s+|\s*(?:或者|或|和|、|，)\s*)(?=\d+/\d+|[a-g][#b]?\s+(?:major|minor)|[二三四六八]{2}拍|[a-g]?[大小]调)",
                                   folded)) is not None:
            joiner = listed.group("joiner")
            said_no = (" no " if rx.search(r"[a-z/]", joiner + "x") and " " in joiner else "不要") if len(joiner) >= 2 else None
            if said_no is None or len(said_no) > len(joiner):
                break
            folded = folded[: listed.start("joiner")] + said_no.center(len(joiner)) + folded[listed.end("joiner") :]
        # Homophones the input method picks ("C大掉", "十六小结"): read as the word meant, one character for one.
        self.homophones: list[tuple[str, str]] = []
        for pattern, meant in _HOMOPHONES:
            # Said back with the character before it ("大掉" as "大调").
            self.homophones += sorted({(folded[m.start() - 1 : m.end()], folded[m.start() - 1] + meant)
                                       for m in rx.finditer(pattern, folded)})
            folded = rx.sub(pattern, meant, folded)
        # "难一丢丢", "简单点儿", "快一咪咪" (chat): a small degree read as 一点, padded to the same length.
        folded = rx.sub(r"一(?:丢丢|咪咪|丁点|点点)", lambda m: "一点" + " " * (len(m.group(0)) - 2), folded)
        folded = rx.sub(r"(?<=[点些])儿", " ", folded)
        # "不要16分音符", "8分和16分": a note value's number in digits is read as its Chinese numeral (same length).
        folded = rx.sub(r"(?<![\d/.])16(?=分)", "十六", folded)
        folded = rx.sub(r"(?<![\d/.])[248](?=分(?:音符|和|与|及|、|,))", lambda m: "二四八"["248".index(m.group(0))], folded)
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
        #: A drill asked for outright beside a question answered ("what's a hemiola? and give me a drill on it"): the
        #: drill is made even when no setting is read.
        self.drill_wish = False
        #: Said back when the words were the same words many times over (``repeats``); no drill setting.
        self.repeat_line = ""
        if self.repeats:
            self.repeat_line = (f"the same words {self.repeats} times over: read once" if not self.zh
                                else f"同样的文字重复了 {self.repeats} 次：只读一次")
            self.understood.append(self.repeat_line)

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
            while words and rx.fullmatch(_FILLER_WORD, words[0].lower()):
                words.pop(0)
            while words and rx.fullmatch(_FILLER_WORD, words[-1].lower()):
                words.pop()
            phrase = " ".join(words).strip(" -")
            if self.zh:
                phrase = phrase.replace(" ", "") if rx.search(r"[\u4e00-\u9fff]", phrase) else phrase
                phrase = rx.sub(r"^(?:" + _FILLER_ZH + r")+|(?:" + _FILLER_ZH + r")+$", "", phrase) or phrase
            if phrase:
                out.append(phrase)
        return out

    #: A pitch said in words or in scientific pitch ("middle C", 中央C, 小字一组的c, "E5").
    _PITCH_WORDS = r"(middle\s+c|中央\s*c|小字一组的?\s*c|小字二组的?\s*c|[a-g](?:#|♯|b|♭)?\d)"
