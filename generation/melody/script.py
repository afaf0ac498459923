"""Which Chinese script a request is written in, and replies put into that script.

The reader reads Traditional characters as their Simplified forms (``request.text._TRADITIONAL``) and its
replies are written in Simplified Chinese; a request written in Traditional characters ("給我一個C大調的
八小節視唱練習") is answered in Traditional ("調：C大調"). The conversion is OpenCC's (Apache-2.0; the
``OpenCC`` wheel carries its dictionaries and converts in process, with no network access): Taiwan's
standard characters (``s2tw`` with the site's few fixes, ``music.hanzi``: the same forms as the zh-hant
pages), or Hong Kong's (``s2hk``) when the request has Cantonese words in it. Character forms only, no
phrase swaps: the reader's words for settings (默认, 设置) stay its own.

    >>> is_traditional("給我一個C大調的八小節視唱練習"), is_traditional("给我一个C大调的八小节视唱练习")
    (True, False)
    >>> in_script_of("給我一個C大調", "调：C大调；注意：练习没有歌词")
    '調：C大調；注意：練習沒有歌詞'
    >>> in_script_of("给我一个C大调", "调：C大调"), in_script_of("C major", "key: C major")
    ('调：C大调', 'key: C major')
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import opencc

from music.hanzi import to_traditional

_CJK = re.compile(r"[\u4e00-\u9fff]")
#: Cantonese words (written in Hong Kong): a request with one of them is answered in Hong Kong's forms.
_CANTONESE = re.compile(r"唔該|唔该|唔好|俾我|畀我|嘅|啲|冇|係|咗|乜嘢|點解")


@cache
def _converter(config: str) -> Any:
    return opencc.OpenCC(f"{config}.json")


def _changed(text: str, config: str) -> int:
    """How many CJK characters of ``text`` the conversion ``config`` changes, each on its own."""
    convert = _converter(config).convert
    return sum(1 for char in set(_CJK.findall(text)) if convert(char) != char)


def is_traditional(text: str) -> bool:
    """Whether ``text`` is Chinese written in Traditional characters: more of its characters are Traditional
    forms than Simplified ones (a character written the same in both, 大 or 音, counts for neither)."""
    if not _CJK.search(text):
        return False
    return _changed(text, "t2s") > _changed(text, "s2t")


def in_script_of(request_text: str, reply: str) -> str:
    """``reply`` (written in Simplified Chinese or English) in the script of ``request_text``: unchanged
    unless the request is written in Traditional characters. A Traditional variant the asker writes where the
    conversion writes another form of the same character (脣 for Taiwan's 唇, 裏 for 裡, 綫 for 線) is kept as the
    asker wrote it:

        >>> in_script_of("小號脣連音", "注意：唇连音"), in_script_of("小號唇連音", "注意：唇连音")
        ('注意：脣連音', '注意：唇連音')
    """
    if not _CJK.search(reply) or not is_traditional(request_text):
        return reply
    if _CANTONESE.search(request_text):
        converted = str(_converter("s2hk").convert(reply))
    else:
        converted = to_traditional(reply)
    for written, converter_form in _own_variants(request_text).items():
        converted = converted.replace(converter_form, written)
    return converted


def _own_variants(request_text: str) -> dict[str, str]:
    """The asker's Traditional characters that the conversion writes in another form: {as written: as converted}.
    Only Traditional forms count (``s2t`` keeps them): a Simplified character in Traditional text is no variant."""
    to_simplified, to_trad = _converter("t2s").convert, _converter("s2t").convert
    variants = {}
    for char in set(_CJK.findall(request_text)):
        simplified = to_simplified(char)
        converted = to_traditional(simplified)
        if converted != char and to_trad(char) == char and to_simplified(converted) == simplified and len(converted) == 1:
            variants[char] = converted
    return variants


def lines_in_script_of(request_text: str, replies: list[str]) -> list[str]:
    """Each line of ``replies`` in the script of ``request_text`` (see :func:`in_script_of`)."""
    if not is_traditional(request_text):
        return replies
    return [in_script_of(request_text, line) for line in replies]
