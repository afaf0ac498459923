"""Reading a batch file (JSON lines) for the ``assess`` and ``transcribe`` commands."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.core.management.base import CommandError


def batch_items(path: str, *, strings: tuple[str, ...]) -> Iterator[tuple[Any, dict[str, Any] | None, str]]:
    """``(id, item, error)`` for each non-blank line of ``path``, in order: ``item`` is the line's object
    when it holds every field in ``strings`` as a string, else None with ``error`` saying why.

    An unreadable file is a CommandError; a bad line is only that line's error, so the batch goes on.
    """
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except OSError as exc:
        raise CommandError(f"cannot read the batch file: {exc.strerror or exc}") from exc
    wanted = " and ".join(f'"{name}"' for name in strings)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        take_id: Any = None
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError("not an object")
            take_id = item.get("id")
            if not all(isinstance(item.get(name), str) for name in strings):
                raise ValueError(f"needs string {wanted}")
        except ValueError as exc:
            yield take_id, None, f"line {number} is not a valid batch item ({exc})"
            continue
        yield take_id, item, ""
