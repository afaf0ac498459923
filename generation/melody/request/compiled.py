"""``re``'s functions over the reader's own cache of compiled patterns (``rx``), so that no request compiles a
pattern twice; ``warm_up`` fills it when a web process starts."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import Any


class _CompiledOnce:
    """``re``'s functions over this module's own cache of compiled patterns.

    Reading one request runs about 530 distinct patterns, more than ``re``'s own cache holds (512 in
    CPython 3.11, emptied oldest first), so through ``re`` every pattern was compiled again on every
    request: about 130 ms of CPU each time, and in a deep call stack (a request under the test client)
    far more, as the regex compiler's small recursive calls made CPython map and unmap a fresh 16 KiB
    frame chunk tens of thousands of times (more kernel time than Python time)."""

    @staticmethod
    @functools.lru_cache(maxsize=4096)
    def compile(pattern: str | re.Pattern[str], flags: int = 0) -> re.Pattern[str]:
        return re.compile(pattern, flags)

    def search(self, pattern: str | re.Pattern[str], string: str, flags: int = 0) -> re.Match[str] | None:
        return self.compile(pattern, flags).search(string)

    def match(self, pattern: str | re.Pattern[str], string: str, flags: int = 0) -> re.Match[str] | None:
        return self.compile(pattern, flags).match(string)

    def fullmatch(self, pattern: str | re.Pattern[str], string: str, flags: int = 0) -> re.Match[str] | None:
        return self.compile(pattern, flags).fullmatch(string)

    def finditer(self, pattern: str | re.Pattern[str], string: str, flags: int = 0) -> Iterator[re.Match[str]]:
        return self.compile(pattern, flags).finditer(string)

    def findall(self, pattern: str | re.Pattern[str], string: str, flags: int = 0) -> list[Any]:
        return self.compile(pattern, flags).findall(string)

    def sub(self, pattern: str | re.Pattern[str], repl: str | Callable[[re.Match[str]], str], string: str,
            count: int = 0, flags: int = 0) -> str:
        return self.compile(pattern, flags).sub(repl, string, count)

    def split(self, pattern: str | re.Pattern[str], string: str, maxsplit: int = 0, flags: int = 0) -> list[Any]:
        return self.compile(pattern, flags).split(string, maxsplit)


rx = _CompiledOnce()
