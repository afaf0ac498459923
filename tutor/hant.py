"""Traditional Chinese (zh-hant, Taiwan's forms), derived from the Simplified text: never a second source.

Nobody keeps a Traditional catalogue or a Traditional lesson by hand. ``locale_compile`` writes
``locale/zh_Hant/LC_MESSAGES/*.mo`` from ``locale/zh_Hans/LC_MESSAGES/*.po`` each time it compiles, and
text the code or the lesson files hold in Simplified (lesson bodies, drill titles, the request reader's
replies) goes through :func:`in_page_script` when a page is shown in zh-hant.

The conversion is OpenCC's ``s2tw``: Taiwan's standard character forms, no phrase swaps, as the request
reader's own replies (``generation.melody.script``). ``s2twp`` also swaps words for Taiwan's, and on
this catalogue it swapped wrongly where it mattered: 加入代码 (a class's join code) became 加入程式碼
("program code"), 参数 became 引數, 权限 became 許可權, and 默认/设置, words the request reader is told
and answers with, became 預設/設定. Character forms keep every word the Simplified page taught.
``s2tw``'s few wrong characters on this text, found by reading it, are fixed by :data:`OVERRIDES`.

    >>> to_traditional("简谱：C大调音阶，练习 8 小节")
    '簡譜：C大調音階，練習 8 小節'
    >>> to_traditional("最多只读取 3 条音轨；录音在评分 30 天后删除；复二拍子")
    '最多只讀取 3 條音軌；錄音在評分 30 天後刪除；複二拍子'
    >>> to_traditional("徵调式：结束在徵（5）")
    '徵調式：結束在徵（5）'
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

import opencc
from django.utils.translation import get_language

#: The Django language code of the Traditional interface, and the one it is derived from.
HANT = "zh-hant"
HANS = "zh-hans"

#: What ``s2tw`` writes wrongly in this project's text, and what Taiwan writes (applied after it, in order).
OVERRIDES: tuple[tuple[str, str], ...] = (
    ("多隻", "多只"),  # 最多只 "at most only": 只 is not the measure word 隻
    ("天后", "天後"),  # "N days later", not 天后 "queen of heaven"
    ("復二拍子", "複二拍子"), ("復三拍子", "複三拍子"), ("復四拍子", "複四拍子"), ("復拍子", "複拍子"),  # compound time
    ("賬", "帳"),  # 帳號 is Taiwan's "account"
    ("後臺", "後台"), ("這臺", "這台"), ("每臺", "每台"),  # the measure word and 後台 as Taiwan writes them
)


@cache
def _converter() -> Any:
    return opencc.OpenCC("s2tw.json")


@lru_cache(maxsize=4096)
def to_traditional(text: str) -> str:
    """``text`` (Simplified Chinese, or anything else) in Taiwan's Traditional forms; ASCII is untouched,
    so ``%(name)s``, ``{name}`` and HTML markup come through as they were."""
    if not text or text.isascii():
        return text
    converted = str(_converter().convert(text))
    for wrong, right in OVERRIDES:
        converted = converted.replace(wrong, right)
    return converted


def is_traditional_language(language: str | None) -> bool:
    """Whether a Django language code (``zh-hant``, ``zh-tw``, ``zh-hk``) reads Traditional characters."""
    return (language or "").lower().replace("_", "-") in {HANT, "zh-tw", "zh-hk", "zh-mo"}


def page_is_traditional() -> bool:
    """Whether the active language (the page's, or the worker's ``override``) is Traditional Chinese."""
    return is_traditional_language(get_language())


def in_page_script(text: str) -> str:
    """Simplified text the code or a data file holds, as the page's reader reads it: in Traditional
    forms on a zh-hant page, as it is on any other."""
    return to_traditional(text) if page_is_traditional() else text


def catalogue_language(language: str) -> str:
    """The language whose written text stands for ``language``: zh-hans for zh-hant (converted when shown)."""
    return HANS if is_traditional_language(language) else language
