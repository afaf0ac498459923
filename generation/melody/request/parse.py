"""The entry points: ``parse_request`` (with spelling fixes, and the answers when no drill was asked
for), ``warm_up``, ``refusal_for`` and ``drill_title``."""

from __future__ import annotations

from dataclasses import dataclass, field

from music.scale import MODE_TITLES
from music.words import drill_title_words

from ..errors import GenerationError, reading_params
from ..messages_zh import key_name_zh, refusal_zh
from ..params import DrillParams
from ..script import in_script_of, lines_in_script_of
from .base import split_answers
from .compiled import _CompiledOnce, rx
from .finish import _fields, _fresh, _refine
from .reader import _Reader
from .spelling import _respell, _spelling_fix
from .text import _TRADITIONAL, _corrections, _european_words, _layout, _not_music_numbers, is_chinese


class NoDrillAsked(GenerationError):
    """The words ask only for what a drill is not (a quiz, a transcription, other students' scores) and name no drill
    setting: they are answered (``answers``, in the request's script), and no drill is made. ``pages`` names the
    product's pages that do what was asked ("quizzes", "lessons", "transcribe"); ``ignored`` is what was not read."""

    def __init__(self, answers: list[str], *, pages: list[str], ignored: list[str], chinese: bool) -> None:
        self.answers, self.pages, self.ignored = answers, pages, ignored
        sentences = [answer[:1].upper() + answer[1:] + "." for answer in answers] if not chinese else [f"{a}。" for a in answers]
        super().__init__(("" if chinese else " ").join(sentences))


@dataclass
class RequestResult:
    """The parameters, what was understood (one phrase per item, in the request's language) and what was not."""

    params: DrillParams
    understood: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    #: An accompaniment style named in the words ("with an Alberti bass", "柱式和弦伴奏"); empty if none.
    style: str = ""


def parse_request(text: str, *, previous: DrillParams | None = None) -> RequestResult:
    """Turn ``text`` into parameters (refining ``previous`` when given).

    Raises :class:`InvalidParams` when the request names something impossible
    to express (an unknown key, a chord the key cannot spell); infeasible
    combinations surface later, when the drill is generated.
    """
    reader, params = _read(text, previous)
    ignored = reader.leftovers()
    # A misspelt word ("majr", "dorain") is read as the word it is one slip away from, and said so.
    fixes = {word: fix for clause in ignored for word in rx.findall(r"[A-Za-z]+", clause)
             if (fix := _spelling_fix(word)) is not None}
    if fixes:
        fixed_reader, fixed_params = _read(_respell(text, fixes), previous)
        # Keep only the fixes that the grammar then understood ("harp" is not a misspelt "sharp").
        still = " ".join(fixed_reader.leftovers()).lower().split()
        fixes = {word: fix for word, fix in fixes.items() if fix not in still}
    if fixes:
        reader, params = _read(_respell(text, fixes), previous)
        ignored = reader.leftovers()
        for word, fix in fixes.items():
            reader.say(f"read {word!r} as {fix!r}", f"把“{word}”理解为“{fix}”")
    # Nothing said back but the default level: no word was a setting, nor a wish answered.
    said = [line for line in reader.understood if not line.endswith(("(default)", "（默认）")) and line != reader.repeat_line]
    # Only wishes that are no drill ("quiz me on key signatures", "write down what I sing"): answered, and no drill is
    # made beside the answer (a default C major melody is not what was asked for).
    if reader.elsewhere and not _fields(reader.found) and not reader.refinements and set(said) <= set(reader.elsewhere):
        if reader.drill_wish:
            # A drill asked for beside the question: made at the default settings, and said so.
            _answer_nothing_read(reader, params, refining=previous is not None)
            return RequestResult(params=params, understood=lines_in_script_of(text, reader.understood), ignored=ignored,
                                 style=str(reader.found.get("_style", "")))
        raise NoDrillAsked(split_answers(lines_in_script_of(text, reader.elsewhere))[1], pages=list(dict.fromkeys(reader.pages)), ignored=ignored, chinese=reader.zh)
    # "harder", "再来一个", "same but slower" with no drill before them (a request on the request page starts a new
    # drill; the drill's own page keeps it and changes it): said plainly, and a new drill made from the defaults.
    if previous is None and not _fields(reader.found) and any(name in _RELATIVE_CHANGES and value != "trouble" for name, value in reader.refinements) \
            and _follow_up(text):
        reader.answer("these words change an earlier drill, and there is none with this request (to change a drill, "
                      "write them under “Change it” on that drill's page); this is a new drill from the default settings, "
                      "changed as asked",
                      "这些话是在修改上一条练习，但这个请求没有上一条练习（要修改某条练习，请在那条练习页面的“修改”里输入）；"
                      "这里按默认设置生成一条新练习，并按要求调整")
    # Words left over, or none to read at all (only spaces, emoji or punctuation; one word pasted over and over).
    nothing_written = not any(char.isalnum() for char in text) or reader.repeats > 0
    if (ignored or nothing_written) and not said and not _fields(reader.found) and not reader.refinements:
        _answer_nothing_read(reader, params, refining=previous is not None)
    # A request written in Traditional characters is answered in them (what was not understood is quoted as written).
    return RequestResult(params=params, understood=lines_in_script_of(text, reader.understood), ignored=ignored,
                         style=str(reader.found.get("_style", "")))


#: Requests read when a web process starts (``warm_up``): English, Simplified and Traditional Chinese, Cantonese and a
#: refinement, so that between them they compile nearly every pattern the reader runs and load OpenCC's dictionaries.
_WARM_UP_REQUESTS = (
    "a short sight-singing drill in D minor, 3/4, with leaps up to a fifth, 8 bars, no triplets",
    "给我一个G大调的视唱练习，八小节，四三拍，慢一点",
    "請出一條降B大調的旋律，十二小節，不要附點",
    "唔該俾我一條F大調嘅視唱",
)


def warm_up() -> int:
    """Read a few requests so that a web process's first user does not wait for the reader's first request: about
    550 patterns compiled (``_CompiledOnce``) and OpenCC's dictionaries loaded, 0.3-0.7 s of CPU on a loaded machine.
    Returns how many patterns are compiled. Called from ``config/wsgi.py`` and ``config/asgi.py`` (the worker
    processes never read words: they render drills from their parameters)."""
    for text in _WARM_UP_REQUESTS:
        parse_request(text)
    parse_request("harder, 2 bars shorter and 10 bpm slower", previous=DrillParams.preset(3))
    return _CompiledOnce.compile.cache_info().currsize


#: Refinements that only mean something beside an earlier drill ("harder", "another one", "2 bars longer", "too easy").
_RELATIVE_CHANGES = frozenset({"harder", "easier", "again", "slower", "faster", "shorter", "longer", "lower", "higher",
                               "more leaps", "fewer leaps", "wider", "narrower", "double bars", "halve bars"})


def _follow_up(text: str) -> bool:
    """Whether words that change a drill speak of an earlier one: they point back ("same but slower", "make it
    harder", "another one", 再来一个) or are nothing but the change ("harder", 难一点). "来个简单点的" and "a simpler
    one in G" ask for a new drill of that kind, and are read as one."""
    folded = text.lower().translate(_TRADITIONAL)
    if rx.search(r"\b(?:same|it|this\s+one|that\s+one|the\s+last\s+one|again|another|one\s+more)\b|再来|再來|这个|这条|刚才|上一[条个首]|同样|一样", folded):
        return True
    wish = rx.search(r"来[个段条首一点]|给我|出[个一]|要|想|\b(?:give|make|write|want|need|like)\b|\ban?\b", folded)
    return not wish and len(rx.sub(r"[\W_]+", "", folded)) <= 16


def _answer_nothing_read(reader: _Reader, params: DrillParams, *, refining: bool) -> None:
    """No word of the request was a setting ("a song about my cat"): say so plainly, and what was made instead."""
    if refining:
        reader.answer("nothing in these words could be read as a change to the drill; this is the same drill with a new melody",
                      "没能从这段文字里读出要改什么；这里用同样的设置生成一条新旋律")
        return
    en_key = f"{params.key} {MODE_TITLES.get(params.mode, params.mode)}"
    reader.answer(f"nothing in these words could be read as a drill setting (a key, meter, tempo, range, rhythm or level); "
                  f"this is a drill at the default settings: {en_key}, {params.meter}, {params.bars} bars, level {params.level}",
                  f"没能从这段文字里读出练习的设置（调、拍号、速度、音域、节奏或等级）；这里按默认设置生成："
                  f"{key_name_zh(params.key, params.mode)}，{params.meter}拍，{params.bars}小节，等级 {params.level}")


def _read(text: str, previous: DrillParams | None) -> tuple[_Reader, DrillParams]:
    written = text
    text, rewritten = _european_words(_not_music_numbers(_layout(text)))
    text, corrected = _corrections(text)
    if not corrected and (simplified := text.translate(_TRADITIONAL)) != text:
        # Corrections written in Traditional characters ("十二小節，不對，八"): read in the simplified forms the
        # reader reads, and the request read on in them (only when something was corrected).
        corrected_text, corrected = _corrections(simplified)
        if corrected:
            text = corrected_text
    rewritten += corrected
    reader = _Reader(text, default_mode=previous.mode if previous is not None else "major",
                     default_key=previous.key if previous is not None else "C",
                     default_meter=previous.meter if previous is not None else "4/4")
    for written, meant in rewritten:
        reader.say(f"read {written!r} as {meant!r}", f"把“{written}”理解为“{meant}”")
    try:
        with reading_params():
            reader.read()
            params = _refine(previous, reader) if previous is not None else _fresh(reader)
    except GenerationError as exc:
        if reader.zh:
            raise type(exc)(in_script_of(written, refusal_zh(str(exc)))) from None
        raise
    return reader, params


def refusal_for(text: str, message: str) -> str:
    """``message`` in the language (and the Chinese script) of the request ``text``."""
    return in_script_of(text, refusal_zh(message)) if is_chinese(text) else message


def drill_title(params: DrillParams, *, chinese: bool = False) -> str:
    """The drill's title in the request's language (worded in ``music.words``, which reads it back too).

        >>> p = DrillParams.preset(3, key="D", mode="minor", meter="3/4", bars=8)
        >>> drill_title(p)
        'Melody in D minor, 8 bars (level 3)'
        >>> drill_title(p, chinese=True)
        'd小调旋律，8小节（等级 3）'
    """
    return drill_title_words(kind=params.kind, tonic=params.key, mode=params.mode, bars=params.bars, level=params.level,
                             chinese=chinese)
