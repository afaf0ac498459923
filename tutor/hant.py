"""Traditional Chinese (zh-hant, Taiwan's forms), derived from the Simplified text: never a second source.

Nobody keeps a Traditional catalogue or a Traditional lesson by hand. ``locale_compile`` writes
``locale/zh_Hant/LC_MESSAGES/*.mo`` from ``locale/zh_Hans/LC_MESSAGES/*.po`` each time it compiles, and
text the code or the lesson files hold in Simplified (lesson bodies, drill titles, the request reader's
replies) goes through :func:`in_page_script` when a page is shown in zh-hant. The conversion itself
(OpenCC ``s2tw`` and its overrides, and why not ``s2twp``) is ``music.hanzi.to_traditional``, shared with
the request reader's replies to a request typed in Traditional characters.
"""

from __future__ import annotations

from django.utils.translation import get_language

from music.hanzi import to_traditional

__all__ = ["HANS", "HANT", "catalogue_language", "in_page_script", "is_traditional_language",
           "page_is_traditional", "to_traditional"]

#: The Django language code of the Traditional interface, and the one it is derived from.
HANT = "zh-hant"
HANS = "zh-hans"


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
