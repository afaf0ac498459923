"""Simplified Chinese in Taiwan's Traditional forms, the one conversion the site and the request reader use.

The conversion is OpenCC's ``s2tw`` (Apache-2.0; the ``OpenCC`` wheel carries its dictionaries and
converts in process): Taiwan's standard character forms, no phrase swaps. ``s2twp`` also swaps words for
Taiwan's, and on this project's text it swapped wrongly where it mattered: 加入代码 (a class's join code)
became 加入程式碼 ("program code"), 参数 became 引數, 权限 became 許可權, and 默认/设置, words the request
reader answers with ("（默认）"), became 預設/設定 on the pages while the reader kept 默認. Character forms
keep every word the Simplified text uses. ``s2tw``'s wrong characters on this text, found by reading a
sample of the catalogue and the lessons, are fixed by :data:`OVERRIDES`.

    >>> to_traditional("简谱：C大调音阶，练习 8 小节")
    '簡譜：C大調音階，練習 8 小節'
    >>> to_traditional("最多只读取 3 条音轨；录音在评分 30 天后删除；复二拍子；增三和弦")
    '最多只讀取 3 條音軌；錄音在評分 30 天後刪除；複二拍子；增三和弦'
    >>> to_traditional("徵调式：结束在徵（5）"), to_traditional("%(count)d 个 <strong>MIDI</strong> 文件")
    ('徵調式：結束在徵（5）', '%(count)d 個 <strong>MIDI</strong> 檔案')
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

import opencc

#: What ``s2tw`` writes wrongly (or as no Taiwanese reader would) in this project's text, and what Taiwan
#: writes; applied after it, in order.
OVERRIDES: tuple[tuple[str, str], ...] = (
    ("多隻", "多只"),  # 最多只 "at most only": 只 is not the measure word 隻
    ("天后", "天後"),  # "N days later", not 天后 "queen of heaven"
    ("復附點", "複附點"),  # double-dotted
    ("復二拍子", "複二拍子"), ("復三拍子", "複三拍子"), ("復四拍子", "複四拍子"), ("復拍子", "複拍子"),  # compound time
    ("絃", "弦"),  # 和弦 (chord) as Taiwan's music books write it, not 和絃
    ("賬", "帳"),  # 帳號 is Taiwan's "account"
    ("文件", "檔案"),  # a computer file, as the browser's own file button says it in Taiwan
    ("設置 → Safari", "設定 → Safari"),  # the iPhone's Settings app, as it is labelled in Taiwan
    ("後臺", "後台"), ("這臺", "這台"), ("每臺", "每台"),  # the measure word and 後台 as Taiwan writes them
)


@cache
def _converter(config: str = "s2tw") -> Any:
    return opencc.OpenCC(f"{config}.json")


@lru_cache(maxsize=1024)
def to_simplified(text: str) -> str:
    """``text`` in Traditional forms read back to Simplified (OpenCC ``tw2s``), for reading a title the
    tutor made on a Traditional page; the site never shows it."""
    return text if text.isascii() else str(_converter("tw2s").convert(text))


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
