"""Chinese wording of the generator's one-line refusals, for requests written in Chinese.

The generator and :mod:`music.chord` word their messages in English (the
command line and the parameter API keep them so); a request in Chinese gets
its refusal in Chinese. Each English message shape has one pattern here; a
message with no pattern keeps its English detail behind a Chinese lead-in,
so the reader is never left with nothing in their language::

    >>> refusal_zh("target_intervals: +m6 is larger than max_leap 7 semitones")
    '目标音程：+m6 大于最大跳进（7 个半音）'
    >>> refusal_zh("bars: 99 is outside 1..64")
    '小节数：99 不在 1 到 64 之间'
    >>> refusal_zh("something new: x")
    '无法生成这条练习：something new: x'
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Key names are music vocabulary, written once in music.words; the generator's messages use them from here too.
from music.words import ZH_MODE_NAMES, key_name_zh

__all__ = ["ZH_MODE_NAMES", "chart_error_zh", "key_name_zh", "refusal_zh"]

_PLACE = {"the tonic start": "开头的主音", "the tonic ending": "结尾的主音", "in the range": "音域之内的音"}
_RANGE_LEAP = r"within the range (\S+) and leaps of at most (\d+) semitones"


def _zh_list(english: str) -> str:
    """``"a, b and c"`` as a Chinese list: ``"a、b 和 c"``."""
    return english.replace(", ", "、").replace(" and ", " 和 ")


def _within(range_group: int, leap_group: int) -> str:
    """The Chinese for "within the range R and leaps of at most N semitones", naming the match groups."""
    return rf"在音域 \{range_group} 内、跳进不超过 \{leap_group} 个半音"


#: (English message as a full-match pattern, Chinese replacement).
_PATTERNS: tuple[tuple[str, str | Callable[[re.Match[str]], str]], ...] = (
    # Chord charts (music.chord)
    (r"progression: '(.+)' tonicises a diminished chord.*",
     r"和弦进行：\1 的目标是减三和弦，减三和弦没有自己的调，不能被副属和弦引向；请引向大三或小三和弦（V/V、V/vi）"),
    (r"progression: '(.+)' tonicises the tonic itself; write (.+) instead", r"和弦进行：\1 的目标是主和弦本身，请直接写 \2"),
    (r"progression: '(.+)' is not an applied chord.*", r"和弦进行：看不懂 \1，副属和弦请写成 V/V、V7/vi、viio7/V 这样"),
    (r"progression: '(.+)' is not a chord.*", r"和弦进行：看不懂 \1，请写成 V7、vi、bVII 或 Am 这样的和弦"),
    # Feasibility (generate.py)
    (r"max_leap: 0 semitones allows no move at all; a melody needs at least 1", "最大跳进：0 个半音无法移动，旋律至少要 1 个半音"),
    (r"kind: a rhythm drill repeats one pitch, so it holds no target notes or intervals",
     "类型：节奏练习只用一个音高，不能包含目标音或目标音程"),
    (r"kind: a scale drill moves by step, so it cannot hold (.+)", r"类型：音阶练习只走级进，不能包含 \1"),
    (r"range: (\S+) holds no (\S+) for a rhythm drill", r"音域：\1 中没有主音 \2，做不了节奏练习"),
    (r"range: (\S+) holds only (\d+) note\(s\) of (.+); a melody needs (\d+)", r"音域：\1 中只有 \3 的 \2 个音，旋律至少需要 \4 个"),
    (r"range: (\S+) holds no (\S+) to start and end on", r"音域：\1 中没有可以开头和结尾的主音 \2"),
    (r"target_notes: (\S+) is outside the range (\S+)", r"目标音：\1 不在音域 \2 之内"),
    (r"target_notes: a scale drill of (.+) holds no (\S+)", r"目标音：\1 的音阶练习中没有 \2"),
    (r"target_notes: (\S+) is not one of the five notes of (\S+) (\S+) \((.+)\)",
     lambda m: f"目标音：{m.group(1)} 不在{key_name_zh(m.group(2), m.group(3))}的五个音（{m.group(4)}）之中，五声调式只用这五个音"),
    (r"target_intervals: (\S+) is not found between the five notes of (\S+) (\S+) \((.+)\) in the range (\S+)",
     lambda m: f"目标音程：{key_name_zh(m.group(2), m.group(3))}的五个音（{m.group(4)}）在音域 {m.group(5)} 内构不成 {m.group(1)}"),
    (r"target_intervals: (\S+) is larger than max_leap (\d+) semitones", r"目标音程：\1 大于最大跳进（\2 个半音）"),
    (r"target_intervals: (\S+) is not among the allowed intervals", r"目标音程：\1 不在允许的音程之中"),
    (r"target_intervals: (\S+) does not fit in the range (\S+)", r"目标音程：\1 超出了音域 \2"),
    (r"internal: the drill made broke a constraint \((.+)\); please report it",
     r"内部错误：生成的练习没有满足一项要求（\1），所以没有给出；请报告这个问题"),
    (r"target_rhythms: (.+) cannot be placed in a drill that follows rhythm_pattern note by note; ask for one or the other",
     r"目标节奏：按指定节奏型逐音生成的练习放不进 \1；请只要求其中一项"),
    (r"target_rhythms: (\S+) has no form in (\S+)", r"目标节奏：\1 在 \2 拍中写不出来"),
    (r"target_rhythms: (\S+) has no form in (\S+); in compound time ask for (\S+)",
     r"目标节奏：\1 在 \2 拍中写不出来；复拍子里请改用 \3"),
    (r"target_rhythms: (.+) cannot all be placed (\d+) time\(s\) in bars (\S+) of (\S+)",
     lambda m: f"目标节奏：{_zh_list(m.group(1))} 无法在 {m.group(4)} 拍的第 {m.group(3)} 小节中各出现 {m.group(2)} 次"),
    (r"target_rhythms: (\S+) does not fit in a bar of (\S+)", r"目标节奏：\1 放不进一小节 \2 拍"),
    (r"target_rhythms: (\S+) cannot be placed (\d+) time\(s\) in bars (\S+)", r"目标节奏：\1 无法在第 \3 小节中出现 \2 次"),
    (r"durations: the rhythm vocabulary cannot fill a bar of (\S+)", r"时值：可用的时值填不满一小节 \1 拍"),
    (r"durations: the rhythm vocabulary cannot fill bar (\d+) of (\S+)", r"时值：可用的时值填不满 \2 拍的第 \1 小节"),
    (r"rhythm_pattern: its (\S+) quarter beats cross the bar lines of (\S+);.*",
     r"节奏型：它共 \1 拍，跨过了 \2 拍的小节线；请换一个它能填满（或整除）一小节的拍号"),
    (r"progression: chord (\S+) in bar (\d+) has no tone that can be (the tonic start|the tonic ending|in the range) \((.+)\)",
     lambda m: f"和弦进行：第 {m.group(2)} 小节的 {m.group(1)} 和弦中没有可作{_PLACE[m.group(3)]}的音（{m.group(4)}）"),
    (r"progression: chord (\S+) in bar (\d+) has no tone that can be the start \(degree (\d)\) \((.+)\)",
     r"和弦进行：第 \2 小节的 \1 和弦中没有可作开头的 \3 级音（\4）"),
    (r"start_degree: the range (\S+) holds no degree (\d) of (\S+) (\S+) to start on",
     lambda m: f"开头音级：音域 {m.group(1)} 中没有{key_name_zh(m.group(3), m.group(4))}的 {m.group(2)} 级音可以开头"),
    (r"progression: the strong-beat chord tones cannot be joined " + _RANGE_LEAP,
     r"和弦进行：强拍上的和弦音无法" + _within(1, 2) + "连起来"),
    (r"max_leap: no melody fits the range (\S+) with leaps of at most (\d+) semitones( and the allowed intervals)?",
     r"最大跳进：在音域 \1 内、跳进不超过 \2 个半音，写不出旋律"),
    (r"end_on_tonic: the tonic (\S+) cannot be reached " + _RANGE_LEAP,
     r"结尾主音：" + _within(2, 3) + r"，到不了主音 \1"),
    (r"target_notes: (\S+) cannot appear (\d+) time\(s\) in every (\d+) bars " + _RANGE_LEAP,
     r"目标音：" + _within(4, 5) + r"，\1 无法每 \3 小节出现 \2 次"),
    (r"target_intervals: (\S+) cannot appear (\d+) time\(s\) in every (\d+) bars " + _RANGE_LEAP,
     r"目标音程：" + _within(4, 5) + r"，\1 无法每 \3 小节出现 \2 次"),
    (r"quota: (.+) cannot each appear (\d+) time\(s\) in every (\d+) bars: bars (\S+) hold at most (\d+) notes in the rhythm vocabulary",
     r"目标次数：\1 无法各自每 \3 小节出现 \2 次：第 \4 小节按可用时值最多只有 \5 个音"),
    (r"quota: (.+) cannot all appear (\d+) time\(s\) in every (\d+) bars " + _RANGE_LEAP + " together",
     r"目标次数：" + _within(4, 5) + r"，\1 无法同时每 \3 小节出现 \2 次"),
    (r"form: (\d+) bars do not split into the (\d+) phrases of (\S+)", r"曲式：\1 小节无法平分成 \3 的 \2 个乐句"),
    # Malformed values (params.py, rhythm.py, the reader)
    (r"key: the 宫 \(do\) of (\S+) (\S+) is (\S+), not (\S+)",
     lambda m: f"调式：{key_name_zh(m.group(1), m.group(2))}的宫音是 {m.group(3)}，不是 {m.group(4)}"),
    (r"mode: (\S+) has no pentatonic form; .*",
     lambda m: f"调式：{ZH_MODE_NAMES.get(m.group(1), m.group(1))}没有对应的五声调式；请用宫、商、角、徵、羽调式，或大调、小调五声音阶"),
    (r"level: (.+) is not one of 1\.\.6", r"等级：\1 不在 1 到 6 之间"),
    (r"mode: (.+) is not one of (.+)", r"调式：\1 不是可用的调式（\2）"),
    (r"meter: (.+) is not supported \(use one of (.+)\)", r"拍号：不支持 \1（可用：\2）"),
    (r"tempo: (.+) is outside (\d+)\.\.(\d+) bpm", r"速度：\1 不在每分钟 \2 到 \3 拍之间"),
    (r"bars: (.+) is outside 1\.\.(\d+)", r"小节数：\1 不在 1 到 \2 之间"),
    (r"bars: (.+) is not a whole number", r"小节数：\1 不是整数"),
    (r"tempo: (.+) is not a number", r"速度：\1 不是数字"),
    (r"range: (\S+) has its low pitch above its high pitch", r"音域：\1 的低音高于高音"),
    (r"range: (\S+) is a single pitch; the low end must be below the high", r"音域：\1 只有一个音；最低音须低于最高音"),
    (r"(?:low|high): (\S+) is outside the piano's range A0-C8", r"音域：\1 超出了钢琴的音域 A0-C8"),
    (r"max_leap: (.+) semitones is outside 0\.\.24", r"最大跳进：\1 个半音不在 0 到 24 之间"),
    (r"form: (.+) is not a form such as .*", r"曲式：\1 不是可用的曲式（如 AABA、ABAC、AA'、乐段、乐句式）"),
    (r"rhythm_pattern: (.+) is not a note value such as .*", r"节奏型：\1 不是时值（如 四分、附点四分、三连音八分）"),
    (r"rests: (.+) is outside 0\.\.(\d+) per window", r"休止：\1 不在 0 到 \2 之间"),
    # Malformed parameters of the parameter API (params.py, music.pitch)
    (r"params: unknown parameter (.+)", r"参数：没有名为 \1 的参数"),
    (r"seed: (.+) is not an integer", r"随机种子：\1 不是整数"),
    (r"start_degree: (.+) is not a scale degree 1\.\.7.*", r"开头音级：\1 不是 1 到 7 之间的音级（1 是 do，3 是 mi，5 是 sol）"),
    (r"start_degree: (.+) is not the tonic, yet start_on_tonic is true", r"开头音级：\1 不是主音，但又要求从主音开始"),
    (r"seed: (.+) is outside 0\.\.(\d+)", r"随机种子：\1 不在 0 到 \2 之间"),
    (r"kind: (.+) is not one of (.+)", r"类型：\1 不是可用的类型（\2）"),
    (r"voice: (.+) is not one of (.+)", r"声部：\1 不是可用的声部（\2）"),
    (r"clef: (.+) is not one of (.+)", r"谱号：\1 不是可用的谱号（\2）"),
    (r"durations: the rhythm vocabulary is empty", "时值：至少要有一种可用的时值"),
    (r"durations: (.+) is not one of (.+)", r"时值：\1 不是可用的时值（\2）"),
    (r"target_rhythms: (.+) is not one of (.+)", r"目标节奏：\1 不是可用的节奏型（\2）"),
    (r"melody_model: (.+) is not one of (.+)", r"旋律模型：\1 不是可用的模型（\2）"),
    (r"output: (.+) is not one of (.+)", r"输出：\1 不是可用的格式（\2）"),
    (r"quota: (.+) is outside 1\.\.(\d+)", r"目标次数：\1 不在 1 到 \2 之间"),
    (r"quota_window: (.+) bars is outside 1\.\.(\d+)", r"目标小节数：\1 不在 1 到 \2 之间"),
    (r"temperature: (.+) is outside (\S+)\.\.(\S+)", r"随机程度（temperature）：\1 不在 \2 到 \3 之间"),
    (r"(\w+_bias): (.+) is outside \(0, (\d+)\]", r"倾向参数 \1：\2 必须大于 0 且不超过 \3"),
    (r"key: (.+) is not a note name such as .*", r"调：\1 不是音名（如 G、Eb、F#）"),
    (r"pitch: (.+) is not a pitch such as .*", r"音高：\1 不是音高（如 C4、F#4、Bb3）"),
    (r"range: (.+) is not two pitches such as .*", r"音域：\1 不是两个音高（如 C4-G5）"),
    (r"interval: (.+) is not an interval such as .*", r"音程：\1 不是音程（如 +m6、-P4、M3）"),
    # A value of the wrong kind from JSON (params.py, DrillParams._check_types)
    (r"(\w+): (.+) is not text", r"参数 \1：\2 不是文字"),
    (r"(\w+): (.+) is not true or false", r"参数 \1：\2 不是 true 或 false"),
    (r"(\w+): (.+) is not a whole number", r"参数 \1：\2 不是整数"),
    (r"(\w+): (.+) is not a number", r"参数 \1：\2 不是数字"),
    (r"(\w+): (.+) is not a list of text", r"参数 \1：\2 不是文字列表"),
)


def refusal_zh(message: str) -> str:
    """``message`` (one line from the generator or the reader) in Chinese; unknown shapes keep their detail."""
    message = message.strip()
    for pattern, zh in _PATTERNS:
        m = re.fullmatch(pattern, message)
        if m:
            return zh(m) if callable(zh) else m.expand(zh)
    if re.search(r"[\u4e00-\u9fff]", message):
        return message
    return f"无法生成这条练习：{message}"


def chart_error_zh(message: str) -> str:
    """The Chinese wording of a chord-chart error from :mod:`music.chord` (the English one when unknown)."""
    translated = refusal_zh(message)
    return message if translated.startswith("无法生成这条练习：") else translated
