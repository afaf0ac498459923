"""Reads wishes a drill cannot meet as asked, and answers them plainly ("note: ..."): lyrics, markings,
what a drill is not written with, forms and pages that are elsewhere, styles of other students."""

from __future__ import annotations

import re

from .base import _FILLER_ZH, METRONOME_ANSWER, _Answer
from .compiled import rx
from .scope import _ScopeReader
from .words import _INSTRUMENT_WORDS, _NOTE, _ZH_INSTRUMENT_WORDS

_INSTRUMENT_ALTERNATIVES = "|".join(sorted((w for w, _ in _INSTRUMENT_WORDS), key=len, reverse=True))
_ZH_INSTRUMENT_ALTERNATIVES = "|".join(sorted((w for w, _ in _ZH_INSTRUMENT_WORDS), key=len, reverse=True))


#: Words that ask for music to sing: a wish for lyrics with them ("a melody with lyrics") still wants a drill; without
#: them, and without a setting ("write me some lyrics", "帮我配上歌词"), it is answered and no drill is made.
_ASKS_FOR_MUSIC = (r"\b(?:drills?|exercises?|melod(?:y|ies)|tunes?|practi[cs]e|sight[\s-]?(?:sing|read)\w*)\b"
                   r"|练习|旋律|视唱|曲子|曲调")

#: The rest of a clause after the words that name a wish (answered with it), and the verbs of grading.
#: Who asks, by what they do ("teacher", "band director", "cellist", "horn player"): the end of "I'm a ..." (``_who_asks``).
_ROLES = (r"(?:teachers?|tutors?|instructors?|educators?|directors?|conductors?|leaders?|coach(?:es)?|players?|students?|"
          r"learners?|beginners?|parents?|mom|mum|mother|dad|father|musicians?|composers?|arrangers?|singers?|vocalists?|"
          r"choristers?|drummers?|trumpeters?|fiddlers?|(?:music|performance|composition|education|voice|piano)\s+majors?|[a-z]{2,}ists?)")
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
            # "listen to my choir and tell me who is flat": a group is not heard either.
            + r"|\b(?:can\s+you\s+|could\s+you\s+|please\s+)?(?:listen\s+to|hear)\s+(?:my|our|the)\s+(?:choir|class|band|group|section|students|ensemble)\b" + _REST_OF_CLAUSE
            # "Could you record my voice and tell me if I was in tune?": the recording is part of the wish to be heard.
            + r"|\b(?:(?:can|could|would)\s+you\s+|please\s+)?(?:record\s+(?:me|my\s+(?:voice|singing))\s+)?(?:and\s+)?(?:then\s+)?tell\s+me\s+(?:if|whether)\s+i(?:'?m|\s+am|\s+was|\s+sing)\s+(?:in\s+tune|on\s+pitch|singing\s+in\s+tune|flat|sharp)\b"
            r"|(?:帮我|你)?(?:听听?|听一下)我(?:刚才|刚刚|自己)?(?:唱|的演唱|的录音)" + _REST_OF_CLAUSE
            + r"|(?:可以|能不能|能|请)?(?:帮我|给我|你)?(?:分析|检查|看看|评价)(?:一下)?我的(?:录音|演唱|音准)" + _REST_OF_CLAUSE + r"|我唱得?(?:准不准|对不对|在不在调上)",
            "singing is graded against a drill or a saved exercise: record a take of it in the studio; a song of "
            "your own can be sung into the “Sing me a tune” page, which shows its notes but has no original to grade against",
            "演唱按练习或保存的练习曲评分：请在练习室里录一遍；自己的歌可以在“唱一段旋律给我”页面唱进去，会显示音符，但没有原曲可以对照评分"),
    # "把这首歌的五线谱转成简谱", "convert my sheet music to jianpu": a score the user has, rewritten in the other
    # notation (before the notation words are read, which would leave "转成" over).
    _Answer(r"(?:你能|能不能|可以|请)?(?:帮我)?(?:把)?(?:这首|这个|这份|这张|一首|我的)?(?:歌|歌曲|曲子)?的?(?:五线谱|简谱|谱子|乐谱)(?:的谱子)?"
            r"(?:转成|转换成|翻译成|翻成|改成|改写成|换成)(?:简谱|五线谱)"
            r"|\b(?:convert|translate|rewrite|turn|change)\s+(?:this|my|a|the|our)\s+(?:song'?s?\s+)?(?:sheet\s+music|score|staff\s+notation|music|jianpu)\s+(?:in)?to\s+"
            r"(?:jianpu|numbered\s+notation|staff(?:\s+notation)?|number\s+notation)\b",
            "a score you already have is not converted here; a drill's own notes are shown in staff or numbered notation "
            "(jianpu), chosen above the score in the studio",
            "这里不转换你手上的乐谱；生成的练习可以在练习室乐谱上方选择用五线谱或简谱显示"),
    # "transpose my piece (the pdf I attached) into D": a piece the user has, moved to another key.
    # ("transpose the tune up a tone" is the drill's, read with the key moves.)
    _Answer(r"\b(?:can\s+you\s+|could\s+you\s+|please\s+)?transpos\w*\s+(?:(?:my|our|his|her|their)\s+(?:own\s+)?"
            r"(?:piece|song|score|sheet\s+music|music|pdf|file|part|solo|aria|tune|arrangement)"
            r"|(?:the|this|that|an?)\s+(?:attached\s+|uploaded\s+)?(?:pdf|file|score|sheet\s+music|attachment))\b"
            r"(?:\s*\((?:the\s+|a\s+|my\s+)?(?:pdf|file|score|one|attachment)[^)]*\))?" + _REST_OF_CLAUSE,
            "a piece or file of your own is not read or transposed here; a drill request makes a new melody in the key "
            "asked for",
            "这里不读取、也不移调你自己的曲子或文件；练习请求会按所要的调生成一条新旋律"),
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
    # Music that is not a drill: an arrangement of a song named ("of Amazing Grace"; "of a simple melody" is a drill), a whole song with a band, chord voicings, playing live,
    # a drill sung in the user's own voice.
    _Answer(r"\b(?:(?:write|writ(?:e|ing)\s+out|make|do)\s+)?(?:an?\s+)?(?:[\w-]+\s+)?(?:satb\s+|choir\s+|band\s+)?arrangement\s+of\s+(?!(?:an?|the|this|that|my|our|some)\b)" + _REST_OF_CLAUSE
            # "can you arrange 'Hallelujah' for us?": a song to arrange, named after the verb.
            + r"|\b(?:can\s+you\s+|could\s+you\s+|please\s+)?arrange\s+(?!(?:it|them|the\s+notes)\s+(?:so|in|stepwise|by)\b)" + _REST_OF_CLAUSE
            + r"|(?:生成|写|做|来)?(?:一)?整首(?:的)?\S{0,3}?(?:歌|歌曲)(?:\s*[,，]?\s*(?:带|配|加)(?:上)?(?:鼓|贝斯|吉他|乐队|伴奏)(?:(?:和|、)(?:鼓|贝斯|吉他|乐队))*)?",
            "a drill is a new melody to sing (with a piano accompaniment at most); arrangements of songs and whole songs "
            "with a band are not written", "练习是一条新的视唱旋律（最多配钢琴伴奏）；不编配现成的歌，也不生成带乐队的整首歌"),
    # "compose a symphony", "write a song for my wedding", 写一首婚礼上的歌: a whole piece, not a drill.
    _Answer(r"\b(?:compose|write|make|create)\s+(?:me\s+|us\s+)?(?:a|an|my|our|the)?\s*(?:whole\s+|full\s+|entire\s+|complete\s+)?"
            r"(?:symphon(?:y|ies)|concerto|sonata|opera|musical|film\s+score|soundtrack|jingle|(?:pop\s+|love\s+)?song\s+(?:for|about)\s+(?:my|our|a|the)\s+[a-z]+)\b" + _REST_OF_CLAUSE
            + r"|(?:写|创作|作|做)(?:一首|一部|一个|首|部)?(?:完整的)?(?:交响曲|协奏曲|奏鸣曲|歌剧|音乐剧|(?:婚礼|生日|毕业)(?:上)?的?(?:歌曲|歌)|流行歌曲?)",
            "a drill is a short melody to sing or play (at most 64 bars); whole pieces and songs are not composed",
            "练习是一条用来视唱或视奏的短旋律（最多 64 小节）；不创作完整的乐曲或歌曲"),
    _Answer(r"\b(?:voice|voicing)\s+(?:the\s+)?chords\b" + _REST_OF_CLAUSE + r"|\bshell\s+voicings?\b" + _REST_OF_CLAUSE,
            "chord voicings are not written: a drill is a melody, with block, broken or other accompaniment styles",
            "不写和弦排列（voicing）：练习是一条旋律，伴奏可选柱式、分解等风格"),
    # "a drill with a metronome", "带节拍器": the studio's metronome (not "metronome 72", a tempo).
    _Answer(r"\b(?:with|and|plus|add(?:ing)?|turn\s+on)\s+(?:a\s+|the\s+)?(?:metronome|click(?:\s+track)?)(?:\s+(?:click|track|on|too|please))*\b(?!\s*(?:at|set|to|marking|=|:|\d))"
            r"|(?:带|加|开|配|加上|带上|打开|要有)(?:个)?节拍器(?!\s*(?:速度|设|调|[:：=]|\d|[一二三四五六七八九十两]))",
            METRONOME_ANSWER[0], METRONOME_ANSWER[1]),
    _Answer(r"\btrade\s+(?:fours|eights|twos|4s|8s)\b" + _REST_OF_CLAUSE
            # "improvise with me over a blues", "like a live jam", "跟我一起jam": playing together, now.
            + r"|\b(?:play|jam|improvi[sz]e)\s+(?:along\s+)?with\s+me\b(?:\s+live\b)?" + _REST_OF_CLAUSE
            + r"|\b(?:like\s+)?(?:a\s+)?live\s+(?:jam(?:\s+session)?|session|duet|accompanist|band)\b|\bjam\s+session\b"
            + r"|(?:和|跟|陪)我(?:一起)?(?:即兴|现场|jam)(?:演奏|合奏|对奏|一下)?",
            "playing with you live is not available: a drill is written and played back as written",
            "不能现场和你一起演奏：练习按写好的谱子播放"),
    _Answer(r"(?:用|以)我(?:自己)?的声音(?:来)?唱(?:出来)?",
            "a drill is played back with an instrument's sound; it cannot be sung in your voice",
            "练习用乐器音色播放，不能用你的声音唱出来"),
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
    # "A rit. at the end", "结尾渐慢": a drill keeps one tempo.
    _Answer(r"\b(?:with\s+|add(?:ing)?\s+)?(?:an?\s+|some\s+)?(?:rit(?:ard(?:ando)?)?|rall(?:entando)?|riten(?:uto)?|accel(?:erando)?|a\s+tempo|slowing\s+down|speeding\s+up)(?![a-z])\.?" + _WHERE_IN_DRILL
            + r"|(?:结尾|最后|末尾|结束时)?(?:要有|加上|加|带|有)?(?:渐慢|渐快|突慢)(?:\s*[(（]\s*(?:rit|rall|accel)\.?\s*[)）])?",
            "a drill keeps one tempo from start to end: a ritardando or accelerando is not written; slow down at the end "
            "yourself once the notes are secure",
            "练习从头到尾一个速度，不写渐慢或渐快；音准稳定后结尾可以自己放慢"),
    _Answer(r"\b(?:with\s+)?(?:(?:first|1st)\s+and\s+(?:second|2nd)\s+(?:endings?|time\s+bars?|time)|repeat\s+(?:signs?|marks?|bars?|bar\s?lines?)"
            r"|voltas?|da\s+capo|dal\s+segno|codas?)\b|(?<![a-z])(?:d\.\s?c\.|d\.\s?s\.)"
            r"|(?:要有|加上|加|带|有|用)?(?:反复记号|反复号|反复跳越记号|一房(?:和|与|、)?二房|第一房|第二房|一房|二房|跳房|反复记号和一房二房)",
            "a drill is written out once through: repeat signs and first and second endings are not used",
            "练习按顺序完整写出一遍，不用反复记号或一房二房"),
    # "email the PDF to my student", "send me the sheet music": a file of the drill named as what is sent.
    _Answer(r"\b(?:can\s+you\s+|could\s+you\s+|please\s+)?(?:e-?mail|send|share|text|post|forward|whatsapp)\s+(?:this|it|that|them|the\s+drill|this\s+drill|these)?\s*(?:drills?\s+)?"
            r"(?:(?:the\s+|a\s+|this\s+)?(?:pdf|score|sheet(?:\s+music)?|file|mp3|audio|recording)s?\s+)?"
            r"(?:to|with)\s+" + _RECIPIENTS + r"\b|\be-?mail\s+(?:this|it|them)(?:\s+to\s+me)?\b"
            r"|\b(?:e-?mail|send|text|whatsapp)\s+(?:me\s+)?(?:the\s+|an?\s+|this\s+)?(?:pdf|score|sheet(?:\s+music)?|file|mp3|audio(?:\s+file)?|recording)s?\b(?:\s+to\s+" + _RECIPIENTS + r"\b)?"
            # Any sending to someone or by some way ("email the drill to me as a midi file", "text it to my son", "send
            # this via WeChat"): a verb of sending, a few words, and where it goes.
            r"|\b(?:e-?mail|send|text|whatsapp|wechat|dm|message|forward)\s+(?:(?!to\b|by\b|via\b)[a-z']+\s+){0,4}?"
            r"(?:to\s+(?:me|us|him|her|them|my\s+[a-z]+|our\s+[a-z]+)|by\s+(?:e-?mail|text|message|post)|via\s+[a-z]+)\b"
            r"|(?:可以|能不能|能|请)?(?:帮我)?(?:把这条|把它|把练习)?(?:(?:做成|导出成?|转成|生成)\s*(?:mp3|音频|pdf|文件)\s*)?(?:发|发送|分享|转发)(?:给|到)(?:我的?|全班|我们班的?)?(?:学生|同学|全班|班级|班群|群里|群|家长|老师|微信|邮箱|手机|qq)(?:们|里|上)?",
            "a drill is not sent by email or message; to give it to a class, use “Assign a generated drill” on "
            "the class's page",
            "练习不能通过邮件或消息发送；要布置给班级，请在班级页面使用“布置自动生成的练习”"),
)

#: Lyrics, which a drill does not write: "with the words of Happy Birthday", "to sing to a poem" (a text to set,
#: named or not, up to the clause's end). Asked alone they ask for no drill; beside music words they come with one.
_LYRICS = _Answer(r"\b(?:write\s+)?(?:the\s+|some\s+)?lyrics\s+(?:for|to|of)\s+" + _REST_OF_CLAUSE + r"|\b(?:with|to|on|set\s+to|using)\s+(?:the\s+|some\s+|my\s+own\s+|its\s+own\s+)?(?:words|text|lyrics|poem)\s+(?:of|from)\s+[^,.;:!?()]+"
                  # ("the lyrics under the notes": where a text goes is part of the same wish.)
                  r"|\b(?:with\s+|to\s+|set\s+to\s+)?(?:some\s+|the\s+)?(?:lyrics|words\s+to\s+sing|song\s+words|text\s+to\s+sing)\b"
                  r"(?:\s+(?:under|below|beneath|above|with|on)\s+(?:the\s+|each\s+|every\s+)?(?:notes?|melody|music|staff|score|tune)\b)?"
                  r"|\b(?:sing|set)\s+(?:it\s+)?(?:with|to)\s+(?:the\s+)?words\b(?:\s+(?:of|from)\s+[^,.;:!?()]+)?"
                  # "put words under the melody", "add some words to it": a text written under the notes.
                  r"|\b(?:put|add|write|set)\s+(?:some\s+|the\s+)?words\s+(?:under|below|beneath|to|for)\b"
                  r"|(?:配上|配|加上|加|带|有|用|按|填上?)?(?:[\u4e00-\u9fff]{1,5}?(?=《))?(?:《[^》]*》|“[^”]*”)?的?(?:完整|全部|整首)?的?歌词(?:是|用)?(?:《[^》]*》)?|(?:填|配|加|带)词",
                  "a drill has no lyrics; sing it on note names, solfège (do re mi) or “la”",
                  "练习没有歌词；请用音名、唱名（do re mi）或“la”来唱")

#: A vowel or syllable to sing on ("sing it on 'la'", "a vowel exercise on ee-eh-ah", "用母音a来唱"): any drill can be
#: sung so, but the drill writes no text under its notes, so the wish is answered rather than left not understood.
_VOWELS = _Answer(r"\b(?:sing(?:\s+it)?|to\s+sing|sung|singing)\s+on\s+(?:an?\s+|the\s+)?(?:open\s+)?"
                  r"(?:['\"‘’“”]?(?:ah|a|ee|eh|oh|oo|la|lu|ma|mi|mee|no|nu|ng|hum)['\"‘’“”]?(?![a-z])|vowels?\b|syllables?\b)"
                  r"|\bvowels?(?:\s+(?:exercises?|drills?|work|sounds?))?(?:\s+on\s+[a-z]+(?:-[a-z]+)*)?\b"
                  r"|(?:用|唱)?(?:母音|元音)\s*[a-z]*\s*(?:来唱|唱)?",
                  "a drill writes no vowel or syllable under its notes; sing it on the one you choose",
                  "练习不在音符下写母音或音节；请用你选的母音来唱")

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
            r"|(?:把这(?:段|首|条)[\u4e00-\u9fff]{0,6}?(?:加上|标上|写上|加|标))?(?:轮指|揉弦|泛音|拨弦|指法|弓法|双音|吐音|扫弦|按音|摇指|拇指把位|换把|(?<!一)把位)(?:标记|记号)?"
            # "指法也标一下", "弓法都写上": the verb of marking after the technique.
            r"(?:\s*(?:也|都|请|要)?\s*(?:标|写|注|加)(?:上|出来|出|好|清楚)?(?:一下)?)?",
            "a drill is notes and rhythm; playing techniques (bowing, fingering, tremolo, vibrato) are not "
            "written in it",
            "练习只写音高和节奏，不标演奏技巧（指法、弓法、轮指、揉弦、泛音等）"),
    # "work on my falsetto above D4", "用气息支撑高音", "真假声转换": how the voice makes the notes, not the notes.
    _Answer(r"\b(?:(?:work\s+on|practi[cs]e|improve|train)\s+)?(?:my\s+|the\s+)?(?:falsetto|head[\s-]voice|chest[\s-]voice|mix(?:ed)?[\s-]voice|belting|breath\s+support|vocal\s+fry|passaggio)\b"
            r"(?:\s+(?:above|below|over|under|around)\s+(?:an?\s+|the\s+)?[a-g](?:#|b)?\d?)?"
            r"|(?:教我|告诉我)?(?:怎么|如何)?(?:用|练)?(?:气息支撑|真假声(?:转换)?|假声|头声|胸声|混声|关闭唱法)(?:支撑)?(?:高音|低音)?",
            "a drill is notes and rhythm; how the voice makes them (falsetto, head or chest voice, breath support) is "
            "not written in it: ask your teacher, and sing the drill within the range that suits it",
            "练习只写音高和节奏，不涉及发声方法（假声、头声、胸声、气息支撑）；请问声乐老师，练习可以按合适的音域来唱"),
    # "show the Curwen hand signs for each note", "配柯尔文手势": a drill is written notes; the signs are the class's own.
    _Answer(r"\b(?:(?:show|with|add|draw)\s+(?:me\s+)?(?:the\s+)?)?(?:curwen|kod[aá]ly|solf[eè]ge)?\s*hand[\s-]?signs?\b(?:\s+(?:for|on|under|above)\s+(?:each|every|the)\s+notes?\b)?"
            r"|(?:配上?|加上?|标上?|画出?)?(?:柯尔文|科尔文|柯达伊)?手势(?:图)?",
            "a drill shows no hand signs; with its solfège (do re mi) shown, the class can sign each note itself",
            "练习不画柯尔文手势；显示唱名（do re mi）后，学生可以照着唱名自己做手势"),
)

#: Music help a drill is not: a tuning note, twelve-tone rows, a named song arranged (in Chinese), singing technique.
_NOT_A_DRILL = (
    # "make it into a video with dancing animals", "做成动画视频", "写一份音乐教案": a drill is a melody, not a film or a plan.
    _Answer(r"\b(?:make|turn)\s+(?:it|this|that)\s+into\s+(?:an?\s+)?(?:animated\s+)?(?:video|animation|cartoon|movie|film)\b" + _REST_OF_CLAUSE
            + r"|\b(?:an?\s+)?(?:animated\s+)?(?:video|animation|cartoon)\s+(?:with|of|for)\b" + _REST_OF_CLAUSE
            + r"|(?:做成|变成|生成|配上?)?(?:一个|一段)?(?:动画|视频|动画片)(?:视频)?(?:给[\u4e00-\u9fff]{0,4}?看)?",
            "a drill is a melody to sing or play, not a video or an animation",
            "练习是一段可以唱或奏的旋律，不能做成动画或视频"),
    _Answer(r"\b(?:write|make|plan|give\s+me)\s+(?:me\s+)?(?:a|an|the)?\s*(?:whole\s+)?lesson\s+plans?\b" + _REST_OF_CLAUSE
            + r"|(?:写|做|出|设计)?(?:一份|一个|一篇)?[\u4e00-\u9fff]{0,6}?(?:教案|教学设计|课件)",
            "a lesson plan is not written here; a drill is one melody for the lesson",
            "这里不写教案或课件；可以为课堂生成视唱旋律"),
    # "tell me my vocal range", "帮我测一下我的音域": the request reads a range given, it does not measure one.
    _Answer(r"\b(?:(?:record|hear|listen\s+to)\s+(?:me|my\s+(?:voice|singing))\s+and\s+)?(?:find|measure|test|check|tell\s+me|work\s+out|figure\s+out)"
            r"\s+(?:out\s+)?(?:what\s+)?my\s+(?:vocal\s+|voice\s+|singing\s+)?(?:range|voice\s+type)\b" + _REST_OF_CLAUSE
            + r"|(?:帮我|给我|请)?(?:测|测试|测量|找出|看看)(?:一下|出)?我的?(?:音域|声部)(?:是什么|有多宽|多宽)?",
            "your vocal range is not measured here; give a drill's range as notes (\u201crange A3 to E5\u201d) or as a voice "
            "type (\u201cfor alto\u201d)",
            "这里不测音域；可以用音名（“音域A3到E5”）或声部（“女中音”）指定练习的音域"),
    _Answer(r"\bplay\s+(?:me\s+)?an?\s+[a-g](?![a-z#♯♭])(?!\s*(?:major|minor|flat|sharp|dorian|mixolydian))"
            r"(?:\s+so\s+(?:that\s+)?i\s+can\s+tune\s+(?:up\s+)?(?:my|the|our)\s+[a-z]+)?"
            r"|\b(?:so\s+(?:that\s+)?i\s+can\s+|to\s+)tune\s+(?:up\s+)?(?:my|the|our)\s+(?:guitar|violin|viola|cello|ukulele|bass|instrument|erhu)\b"
            r"|(?:给我|帮我)?(?:校音|定音(?!鼓))|(?<![大小式])调音(?!阶)",  # not 大调音阶
            "a tuning note is not played here (use a tuner); a drill is a melody to sing or play",
            "这里不提供调音的标准音（请用调音器）；练习是用来唱或奏的旋律"),
    _Answer(r"\b(?:an?\s+)?(?:twelve|12)[\s-]tone(?:\s+(?:rows?|series|melod(?:y|ies)|music))?(?:\s+for\s+(?:my|our|the)\s+composition\s+class)?\b"
            r"|\btone\s+rows?\b|\bserial(?:ism|ist)?\b|\batonal(?:ity)?\b|十二音(?:序列|技法|音列|列)?|无调性",
            "a drill is in a key or a mode: twelve-tone rows and atonal lines are not written",
            "练习都在一个调或调式里：不写十二音序列和无调性旋律"),
    _Answer(r"(?:把)?《[^》]{1,20}》(?:改编|编配|编|改)成?[^，。,;；!?！？]*",
            "a drill is a new melody to sing (with a piano accompaniment at most); arrangements of songs are not written",
            "练习是一条新的视唱旋律（最多配钢琴伴奏）；不编配现成的歌"),
    _Answer(r"\bhow\s+(?:do|can)\s+i\s+(?:sing|hit|reach)\s+(?:the\s+)?high(?:er)?\s+notes?\b(?:\s+without\s+(?:cracking|straining))?"
            r"|教我(?:怎么|如何|怎样)(?:唱|发声|换气)[^，。,;；!?！？]*|(?:唱)?高音(?:不|别)破音|破音",
            "singing technique (breath, placement, high notes without cracking) is for your teacher; a drill is a melody to sing",
            "发声技巧（气息、位置、高音不破音）请向老师请教；这里的练习是用来唱的旋律"),
)

#: Well-known tunes a request asks to sound like, and their meters (the one thing of a tune a drill can take).
_TUNE_METERS = ((r"twinkle|小星星|ode\s+to\s+joy|欢乐颂|mary\s+had\s+a\s+little\s+lamb|两只老虎|frère\s+jacques|frere\s+jacques|送别|auld\s+lang\s+syne|友谊地久天长", "4/4"),
                (r"amazing\s+grace|奇异恩典|happy\s+birthday|生日快乐|edelweiss|雪绒花|my\s+bonnie", "3/4"),
                (r"茉莉花|row,?\s+row,?\s+row", "2/4"))

#: Pieces known well enough to be named without "like" ("the piece I'm learning is Canon in D, something similar"):
#: the tunes above and a few more whose meter is not one (answered, the meter not taken).
_KNOWN_TUNES = "|".join([r"twinkle(?:[\s,]+twinkle)?(?:[\s,]+little\s+star)?"] + [words for words, _ in _TUNE_METERS] + [
    r"(?:pachelbel'?s\s+)?canon\s+in\s+d(?!\s*(?:major|minor|dorian))|f[üu]r\s+elise|moonlight\s+sonata|greensleeves|silent\s+night|"
    r"jingle\s+bells|london\s+bridge|yankee\s+doodle|scarborough\s+fair|danny\s+boy|swan\s+lake|卡农|致爱丽丝|月光奏鸣曲|铃儿响叮当"])

#: Shapes a drill does not take: modulation, a pickup, sequences asked for, fermatas.
_FORM_WISHES = (
    _Answer(r"\b(?:(?:but\s+)?(?:each|every)\s+(?:bar|phrase|line|measure)\s+(?:in\s+)?a\s+different\s+key|(?:in\s+)?(?:several|many|different)\s+keys)\b"
            r"|每(?:小节|个小节|句|个乐句)(?:都)?(?:换|用)(?:一个)?(?:不同的)?调|\b(?:that\s+)?(?:modulat\w*|changes?\s+key)(?:\s+to\s+(?:the\s+)?(?:dominant|relative\s+(?:major|minor)|subdominant|[a-g]\S*(?:\s+(?:major|minor))?))?"
            r"(?:\s+(?:halfway(?:\s+through)?|midway|in\s+the\s+middle|part[\s-]way\s+through))?\b"
            r"|(?:中途|中间)?转调(?:到|至)?(?:属调|下属调|关系(?:大|小)调|(?:升|降)?[a-g](?:大|小)?调)?|转(?:到|至)(?:属调|下属调|关系(?:大|小)调)|离调到?\S{0,3}?调"
            # "从C大调转到G大调": the first key is the drill's, the 从 before it and the move after it are the modulation
            # ("把它转到G大调", with no key before it, is a change of key: not here).
            r"|从(?=\s*(?:升|降)?[a-g](?:#|b|♯|♭)?(?:大|小)?调\s*(?:开始\s*)?(?:再|然后)?\s*转(?:到|至))"
            r"|(?<=调)\s*(?:开始\s*)?(?:再|然后)?\s*转(?:到|至)\s*(?:升|降)?[a-g](?:#|b|♯|♭)?(?:大|小)?调",
            "a drill stays in one key; modulation is not available (an applied chord, as in "
            "“with a V/V”, touches the dominant's key)",
            "练习只在一个调里；暂不支持转调（可以用副属和弦，例如“加一个重属和弦”，短暂离调）"),
    _Answer(r"\b(?:with\s+)?(?:an?\s+)?(?:pick[\s-]?up|anacrusis|upbeat\s+start)(?:\s+(?:note|bar|measure))?\b|弱起(?:小节)?|弱拍起",
            "a drill starts on the first beat; a pickup (anacrusis) is not available",
            "练习从第一拍开始；暂不支持弱起"),
    _Answer(r"\b(?:with\s+)?(?:melodic\s+)?sequences?\b|\bsequential\b|模进",
            "sequences come from the drill's plan where the other wishes allow; they cannot be asked for",
            "模进由练习的结构在条件允许时自动使用，不能单独指定"),
    # "京剧西皮味道", "Peking opera style": an opera's singing style is no drill setting; a Chinese flavour is a mode.
    _Answer(r"(?:京剧|京戏|越剧|黄梅戏|昆曲|豫剧|粤剧|川剧|评剧|戏曲)(?:的)?(?:西皮|二黄|唱腔|风格|味道|味儿|味|韵味)*"
            r"|\b(?:peking|beijing|cantonese|chinese)\s+opera(?:\s+(?:style|flavou?r|feel))?\b",
            "a drill has no opera singing style; for a Chinese flavour ask for a pentatonic mode (gong, shang, jue, zhi, yu)",
            "练习不能模仿戏曲唱腔；想要民族风味可以指定五声调式（宫、商、角、徵、羽）"),
    _Answer(r"\b(?:with\s+)?(?:an?\s+)?fermatas?(?:\s+(?:at|on)\s+the\s+(?:end|last\s+note))?\b"
            r"|(?:结尾|最后|末尾|最后一个音)?(?:加个|加一个|加上|加|要|有)?延长记号",
            "a drill has no fermatas; its last note is held to the end of the bar",
            "练习没有延长记号；最后一个音延续到小节末"),
)


class _AnswerReader(_ScopeReader):
    """Wishes a drill cannot meet as asked, answered plainly."""

    def _answers(self) -> None:
        """Wishes a drill cannot meet as asked, answered in the request's language instead of left not understood."""
        self.answer_wishes(_OTHER_PAGES, self.take_all)
        # "a warm-up for the sopranos of our choir", "合唱团女低音声部用的练习": a choir named beside one section of it
        # asks for that section's line, which a drill is (two sections named are answered below).
        section = (r"\b(?:sopranos?|altos?|tenors?|basses|baritones?|mezzos?|trebles?)\b(?!\s+clef)|女高音|女低音|男高音|男低音|女中音|男中音")
        # "I sing in the church choir", "在老年合唱团唱歌": who asks, singing in a choir, not a choir drill asked for.
        self.take_all(r"\b(?:i\s+)?(?:sing|singing|sang)\s+(?:in|with)\s+(?:the\s+|a\s+|our\s+|my\s+)?(?:[a-z']+\s+){0,2}?(?:choir|chorus)\b"
                      r"|\b(?:i'?m|i\s+am)\s+in\s+(?:the\s+|a\s+|our\s+|my\s+)?(?:[a-z']+\s+){0,2}?(?:choir|chorus)\b|\b(?:choir|chorus)\s+(?:members?|singers?)\b"
                      r"|在[\u4e00-\u9fff]{0,6}?合唱团(?:里)?唱(?:歌)?|合唱团的?(?:团员|成员)")
        if len(rx.findall(section, self.t)) == 1 and not rx.search(r"\b(?:two|three|four|2|3|4|multi)[\s-]*(?:part|voice)s?\b|satb|[二两三四多]个?声部|[二两三四]部", self.t):
            self.take_all(r"\b(?:for\s+|of\s+)?(?:my\s+|our\s+|the\s+|a\s+)?(?:choirs?|chorus)(?:'s)?\b|(?:女声|男声|混声)?合唱(?:团|队)?(?:用的?)?")
        if self.take_all(r"\b(?:two|three|four|2|3|4|multi)[\s-]*(?:part|voice)s?(?!\s+(?:harmony\s+)?(?:piano\s+)?(?:accompaniment|backing|chords))(?:\s+(?:singing|harmony|writing|texture|counterpoint|choir))?\b"
                         # ("my SA choir", "a TB group": a choir's sections by their letters, the word for the group after them.)
                         r"(?:\s+with\s+(?:my\s+|a\s+)?friends?)?|(?<![a-z])(?:satb|ssa|ssaa|sab|ttbb|sa|tb|ttb|sat)(?![a-z'])(?=\s+(?:arrangement|choir|chorus|setting|version|singers|group))(?:\s+(?:arrangement|choir|chorus|setting|version|singers|group))?"
                         r"|(?<![a-z])(?:satb|ssa|ssaa|sab|ttbb)(?![a-z])(?:\s+(?:arrangement|choir|setting|version))?"
                         r"|\b(?:both|two)\s+hands\b|\bhands\s+together\b|双手|两只手|左右手|两手|(?:女声|男声|混声)?[二两三四]部合唱|(?:女声|男声|混声)合唱(?:团|队)?|\bchorales?\b|\b(?:for\s+)?(?:my\s+|our\s+|the\s+|a\s+)?(?:choirs?|chorus)\b|\bduets?(?:\s+for\s+two)?\b"
                         r"|\bcounterpoint\b|\bin\s+(?:harmony|parts)\b"
                         r"|\b(?:a\s+)?(?:round|canon)s?\b(?!\s+(?:off|down|up))(?!\s+in\s+d\b(?!\s*(?:major|minor|dorian)))|(?:\s+(?:to\s+sing\s+)?with\s+(?:my\s+)?(?:sister|brother|friend|partner|mum|mom|dad)s?)"
                         r"|(?<!grade\s)(?<!level\s)\b(?:for\s+)?(?:two|three|four|2|3|4)\s+(?=(?:" + _INSTRUMENT_ALTERNATIVES + r")e?s\b)"
                         r"|[两二三四](?:把|支|位|台|架|个)(?=" + _ZH_INSTRUMENT_ALTERNATIVES + r")"
                         # "写成四个声部的合唱": the count of parts with its measure word.
                         r"|[二两三四多]个?声部(?:的?合唱|视唱|重唱)?|[二两三四]部和声(?!的?(?:钢琴)?伴奏)|(?:合唱团?|合唱队)(?:用的?)?|[二两三四]重唱(?:的谱子)?|二重奏|对位|(?<!《)卡农(?!》)|轮唱"):
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
                         r"|jianpu|numbers\s+instead\s+of\s+(?:the\s+)?staff)\b|(?:用|要|以|写成|显示|换成|改成)?简谱(?:显示|格式|记谱)?"
                         # 简谱's underlines for eighths ("八分音符写作下划线", "带下划线的八分音符"): its notation asked for.
                         r"|(?:写作|写成|记作|记成|用|带)?下划线(?:那种|的写法)?"
                         # "不会看五线谱": numbered notation is the way to read it.
                         r"|(?:但是|可是)?(?:我)?(?:不会|看不懂|不懂|不太会)(?:看|读)?五线谱"):
            self.answer("numbered notation (jianpu) is chosen above the score in the studio (Staff, Numbered notation or "
                        "Both) and kept for your account",
                        "简谱在练习室乐谱上方的“记谱”中选择（五线谱、简谱或两者并列），会保存在你的账户里")
        if self.take(r"(?:\b(?:(?:focus(?:ing)?|work(?:ing)?)\s+)?(?:for|on|at|from|targeting|target|aimed\s+at|based\s+on)\s+(?:my|our|his|her|their|the\s+student'?s|my\s+own)\s+"
                     r"weak(?:est)?(?:\s+|-)?(?:spots?|points?|areas?|nesses)\b|\bweak(?:est)?(?:\s+|-)(?:spots?|areas?|points?)\b|\b(?:my|our)\s+weaknesses\b|\bmy\s+mistakes\b"
                     # "what I got wrong last time": the weak spots said as the last drill's mistakes.
                     r"|\b(?:on\s+)?(?:what|the\s+(?:notes|bits|ones|things))\s+(?:i|we)\s+(?:got|sang|did|had)\s+wrong(?:\s+(?:last\s+time|before|yesterday))?\b)"
                     r"(?:\s+(?:list|page))?(?:\s+(?:from|on|in)\s+(?:my|the)\s+(?:dashboard|profile|home\s+page))?"
                     r"|(?:针对|根据|按照?|按着)?(?:我|我们|学生)?的?(?:薄弱(?:环节|点|项|的地方)?|弱项|短板|错误|(?:常|经常|老是|总是|上次|上回|之前|以前|刚才)?(?:做|唱)?错(?:了)?的地方)"):
            self.answer("a drill from your weak spots is made with “Practise my weak spots” on your dashboard; this one "
                        "is made from the words",
                        "针对薄弱点的练习请在首页点“练习我的薄弱点”；这一条按文字生成")
        self._answers_more()
        self.answer_wishes(_MARKINGS, self.take_all)
        # After the wishes that hold a tune's name (its words sung, its arrangement, hearing it sung), before the key.
        self._known_tunes()
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
        # "Five different sight-reading drills for tomorrow's lesson", "a set of three exercises", "一次出三条不同调的视唱".
        m = self.take(r"\b(?:a\s+(?:set|batch|pack|series)\s+of\s+)?(two|three|four|five|six|seven|eight|nine|ten|several|a\s+few|a\s+couple\s+of|[2-9]|[1-9][0-9])\s+"
                      r"(?:(?:short|different|new|more|easy|simple|little|separate|similar|other|melodic|sight[\s-]?(?:reading|singing)|ear[\s-]training|rhythm)\s+)*(?:melodies|tunes|drills|exercises|examples|versions|dictations)\b"
                      r"(?:\s+(?:please|each|at\s+once|for\s+(?:tomorrow(?:'s)?|today(?:'s)?|my|the|next)\s+(?:lesson|class|week|rehearsal)))?"
                      r"|(?:一次(?:性)?)?(?:出|写|生成)?([两二三四五六七八九十几]|\d+)\s*(?:条|个|首|段|道)\s*(?:不同调的|不同的|短的|简单的|类似的|新的)?\s*(?:旋律|练习|视唱|曲子|题|视唱题)")
        if m:
            count = self.original(m, 1) if m.group(1) else self.original(m, 2)
            self.answer(f"a request makes one drill, not {count}; ask again (or use “Another”) for each of the others",
                        f"一次请求生成一条练习，不能一次生成{count}条；需要几条就再请求几次（或点“再来一条”）")
            # "One in C, one in G and one in D", "C大调、G大调、F大调": the first key makes this drill, the rest are asked again.
            key = r"[a-g](?:#|♯|♭|b(?![a-z])|\s+flat|\s+sharp)?"
            rest = self.take_all(r"(?:,\s*(?:and\s+)?|\s+and\s+)(?:one\s+in\s+)" + key + r"(?:\s+(?:major|minor))?(?![a-z])"
                                 r"|[、,]\s*" + key + r"\s*(?:大调|小调)")
            if rest:
                others = ", ".join(self.original(r).strip(" ,、").removeprefix("and ").strip() for r in rest)
                self.answer(f"this drill is in the first key named; ask again for {others}",
                            f"这条练习用第一个调；{others}请再分别请求")
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
        if self.take_all(_VOWELS.words):
            self.answer(_VOWELS.en, _VOWELS.zh)
        self.answer_wishes(_NOT_WRITTEN, self.take_all)
        self.answer_wishes(_NOT_A_DRILL, self.take_all)
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
        # A guitarist's hand and tuning ("open position", "open chords only", "drop D tuning", 开放和弦): a drill writes notes,
        # not where or how they are fingered.
        if self.take_all(r"\b(?:in\s+)?open\s+(?:position|chords?)(?:\s+only)?\b|\bbarre\s+chords?\b"
                         r"|\b(?:drop(?:ped)?[\s-]+[a-g]|open[\s-]+[a-g]|dadgad|standard)\s+tuning\b|开放(?:和弦|把位)|大横按|(?:降D|Drop\s*D)调弦"):
            self.answer("fingering, positions and a guitar's tuning are not written in a drill; the notes are in its key and range",
                        "练习不写指法、把位和吉他调弦；音符按所要的调和音域写")
        # "write it as guitar tabs", "in tab": the wish whole, verb and all.
        if self.take_all(r"\b(?:(?:write|make|give|put|do|show)\s+(?:it|this|them|that)\s+)?(?:(?:as|in|into)\s+(?:a\s+)?)?"
                         r"(?:guitar\s+|bass\s+)?(?:tabs?|tablature)\b(?:\s+(?:for|of)\s+(?:this|it|that)(?:\s+one)?\b)?|六线谱|四线谱|吉他谱"):
            self.answer("a drill is shown on the staff (or in numbered notation); tablature is not available",
                        "练习用五线谱（或简谱）显示，暂不支持六线谱")
        if self.take_all(r"\b(?:for\s+(?:the\s+|a\s+|my\s+)?)?(?:drum\s*(?:kit|set)|drums|percussion|snare(?:\s+drum)?|cajon)\b"
                         r"|(?:给|为)?(?:架子鼓|爵士鼓|小军鼓|打击乐器?)"):
            if "kind" not in self.found:
                self.set("kind", "rhythm")
            self.answer("drills are tunes for a pitched instrument or the voice; for drums this is a rhythm drill "
                        "(its rhythm alone)",
                        "练习是有音高的旋律；打击乐可以用节奏练习，这里生成节奏练习（只练节奏）")
        # "a twelve bar blues in G", "十二小节布鲁斯": the form's length and chords are a drill's (its blue notes are not).
        # A blues as the harmony under a line ("a walking bass over a blues in F", "swing backing over the changes of a
        # blues", "blues changes", 布鲁斯和弦进行) is the same form: "over" ties the line to the chords it is played on.
        over = r"(?:\b(?:over|under|on\s+top\s+of|against|through|on)\s+(?:the\s+(?:changes|chords)\s+(?:of|to|for)\s+)?)"
        if self.take(over + r"?\b(?:a\s+|the\s+)?(?:12|twelve)[\s-]*bars?\s+blues\b(?:\s+(?:changes|progression|chords|form))?"
                     r"|(?:12|十二)(?:小节|小節)的?(?:布鲁斯|蓝调)"
                     r"|" + over + r"(?:a\s+|the\s+)?(?:(?:basic|standard|simple|jazz|major|minor)\s+)?blues\b(?:\s+(?:changes|progression|chords|form))?"
                     r"|\b(?:a\s+|the\s+)?blues\s+(?:changes|(?:chord\s+)?progression|chords|form)\b"
                     r"|(?:布鲁斯|蓝调)(?:的)?(?:和弦进行|和弦|进行)"):
            self.set("bars", 12)
            self.set("_blues_form", True)
            self.answer("the blues scale and blue notes are not available: the twelve bars follow the blues' chords "
                        "(I I I I IV IV I I V IV I I, in a minor key i, iv and v) in the key asked for",
                        "暂不支持布鲁斯音阶和蓝音：十二小节按布鲁斯的和弦进行（I I I I IV IV I I V IV I I，小调用 i、iv、v）在所给的调里生成")
        elif self.take_all(r"\b(?:a\s+|the\s+)?blues(?:\s+(?:scale|tune|melody|riff|style))?\b|\bblues(?:y|[\s-]ish)\b(?:\s+(?:vibe|feel|sound))?|布鲁斯|蓝调"):
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
        # "a bass guitar walking line over ii V I": a walking line on a bass is the same wish.
        if self.take(r"\bwalking[\s-]+bass(?:\s+(?:line|style|part))?\b|\bwalking[\s-]+(?:bass\s*)?lines?\b|\bwalk(?:ing)?\s+the\s+bass\b|行走(?:低音|贝斯)(?:线)?|走动低音"):
            self.answer("a walking bass line over chords is not available; this is a melody in the range asked for "
                        "(“only quarter notes” gives it a walking pace)",
                        "暂不支持爵士行走低音；这里生成所要音域里的旋律（可以说“只用四分音符”）")
        if self.take(r"\b(?:on\s+(?:the\s+)?|in\s+)?(?:staff|stave|standard|western)\s+notation\b|\bon\s+the\s+(?:staff|stave)\b|(?:用|要)?五线谱"):
            self.say("notation: staff (numbered notation can be chosen above the score in the studio)",
                     "记谱：五线谱（简谱可在练习室乐谱上方选择）")

    def _who_asks(self) -> None:
        """Who asks, and for whom ("I'm a high school choir director", "trumpet player here", "im only 2nd year", "my
        teacher says", "我是一名小学音乐老师"): read last, once every setting in those words has been read, so that
        what is left of such a clause says who asks, not what to make. A self-description is taken by its shape (I'm
        a ... role) rather than word by word: the words between ("choir", "private", "middle school") are many."""
        self.take_all(r"\b(?:i'?m|im|i\s+am)\s+(?:an?\s+|the\s+|just\s+an?\s+|only\s+an?\s+)?(?:[a-z0-9'&/-]+\s+){0,3}?"
                      + _ROLES + r"(?:\s+here)?\b|(?<![a-z'])(?:[a-z0-9'&/-]+\s+){0,2}?" + _ROLES + r"\s+here\b"
                      # "im only 2nd year", "a third-year student": a year of study, not a level.
                      r"|\b(?:(?:i'?m|im|i\s+am)\s+)?(?:only\s+|just\s+|still\s+)?(?:in\s+)?(?:my\s+)?"
                      r"(?:[1-9](?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth)[\s-]+year(?:\s+(?:of\s+[a-z]+|" + _ROLES + r"))?\b"
                      r"|\bmy\s+(?:teacher|tutor|coach|director|conductor|band\s+director|choir\s+director)\s+(?:says?|said|told\s+me|wants\s+me\s+to)"
                      r"(?:\s+(?:that\s+)?i\s+(?:need|have|should|must|gotta|got)(?:\s+to)?)?\b"
                      # "I teach kindergarten", "kindergarten class", "I run a group with stroke patients", "my placement".
                      r"|\b(?:i\s+teach\s+(?:at\s+)?(?:an?\s+|the\s+)?)?(?:kindergarten|kinder|preschool|pre-?k|nursery|elementary)(?:\s+(?:school|class(?:es)?|kids|children|students))?\b"
                      r"|\bi\s+(?:run|lead|direct|coach)\b(?=\s+(?:an?|the|our|my)\s)|\b(?:my\s+|a\s+|the\s+)?placement\b"
                      r"|我是(?:一名|一个|一位|个)?[\u4e00-\u9fff]{0,8}?(?:老师|教师|学生|家长|指挥|初学者|爱好者|琴童|团长|妈妈|爸爸)")

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
        # "like Ode to Joy but in G", "like Twinkle Twinkle for my 4 year old": the name ends before the words after it.
        name = rx.split(r"\s+(?:but|and|for|with|in|please|so|because|though|or|only|just)\b", name, flags=re.IGNORECASE)[0]
        if not m:
            # "像茉莉花那样", "跟《小星星》一样": a piece to sound like.
            m = self.take(r"(?:像|类似于?|跟(?=\s*《))\s*《?([\u4e00-\u9fffa-z' ]{1,12}?)》?\s*(?:那样|一样|那种|似的|差不多)(?:的)?",
                          lambda m: bool(rx.sub(r"^(?:" + _FILLER_ZH + r")+", "", m.group(1).strip()))
                          and not rx.match(r"\s*(?:上次|刚才|之前|上一|这|那|前面|原来)", m.group(1)))
            name = self.original(m, 1).strip() if m else ""
        if not m:
            # "流行歌副歌那种感觉", "流行歌": pop is a style by name, as "pop-style" is.
            m = self.take(r"(?:要|来点)?(流行(?:歌曲|歌|音乐)?)(?:副歌|主歌)?(?:那种|的)?(?:感觉|味道|风格|曲风|风)?")
            name = self.original(m, 1) if m else ""
        if not m:
            m = self.take(r"([\u4e00-\u9fff]{1,12})(?:的)?(?:风格|曲风)",
                          lambda m: bool(rx.sub(r"^(?:" + _FILLER_ZH + r")+", "", m.group(1))))
            name = rx.sub(r"^(?:" + _FILLER_ZH + r")+", "", self.original(m, 1)) if m else ""
        if m:
            self._tune_named(name)
        for tune in self.found.pop("_tunes", []):
            self._tune_named(tune)

    def _known_tunes(self) -> None:
        """ "The piece I'm learning is Canon in D, something similar", "《卡农》那样的": a well-known piece named without
        "like" is the tune to resemble. Read among the answers, before the key ("in D" here is the piece's name)."""
        # ("the tricky middle part of Für Elise", 《茉莉花》中间那段: a passage of it.)
        m = self.take(r"(?:\b(?:something\s+)?(?:(?:a\s+bit\s+|sort\s+of\s+|kind\s+of\s+)?like|similar\s+to|in\s+the\s+spirit\s+of)\s+)?(?:\bthe\s+)?"
                      r"(?:(?:middle|first|last|opening|closing|main)\s+)?(?:(?:part|section|bit|passage|theme|opening)s?\s+(?:of|from)\s+(?:the\s+)?)?"
                      r"(?:(?:像|类似于?|跟)\s*)?《?(" + _KNOWN_TUNES + r")》?"
                      r"(?:\s*(?:中间|开头|结尾|最后|前面|后面)?的?(?:那一?段|部分|副歌|主歌))?"
                      r"(?:\s*,?\s*(?:or\s+)?(?:something\s+)?(?:similar|like\s+(?:it|that))\b|\s*(?:那样|一样|那种|似的|差不多|类似)的?)?",
                      lambda m: not rx.match(r"\s*(?:but\s+)?in\s+the\s+style\b", self.t[m.end():]))
        if m:
            # Answered with the others' styles, once the meter named (if any) is known.
            self.found.setdefault("_tunes", []).append(self.original(m, 1).strip())

    def _tune_named(self, name: str) -> None:
        """Answer a style named after a composer, singer, piece or period; a well-known tune's meter is taken."""
        # A well-known tune's meter is read from it ("something like Amazing Grace": 3/4) unless a meter is named.
        meter = next((meter for words, meter in _TUNE_METERS if rx.search(words, name.lower())), None)
        if meter and "meter" not in self.found:
            self.set("meter", meter)
            tune = rx.sub(r"(?:那种|那样|一样|的)+$", "", name)
            self.say(f"meter: {meter} (as in {tune})", f"拍号：{meter}拍（和《{tune}》一样）")
        self.answer(f"a style named after a composer, singer, piece or period ({name}) cannot be asked for; the drill "
                    "follows its key, meter and level",
                    f"暂不支持按“{name}”这类风格生成（作曲家、歌手、曲目或时代的风格）；练习按调、拍号和等级生成")
