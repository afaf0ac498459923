"""The API's JSON parser: DRF's, with a bound on how deeply a body may nest and no text that is not Unicode."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

#: No request the API takes nests deeper than a few levels (a drill's parameters, a transcription's corrections);
#: a body nested deeper is refused before any serializer walks it.
MAX_JSON_DEPTH = 32


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing a body nested more than ``MAX_JSON_DEPTH`` deep with a 400.

    ``json.load`` raises ``RecursionError`` (not the ``ValueError`` DRF turns into a 400) on ten thousand
    ``[``: any signed-in person, or anyone at all on the token endpoint, got a 500 for a 100 kB body.
    """

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("The JSON body is nested too deeply.")) from None
        if json_depth(data) > MAX_JSON_DEPTH:
            raise ParseError(_("The JSON body is nested too deeply."))
        if has_lone_surrogate(data):
            raise ParseError(_("The JSON body contains an unpaired surrogate (\\ud800-\\udfff), which is not text."))
        return data


def json_depth(value: Any) -> int:
    """How deeply ``value`` (parsed JSON) nests: 0 for a scalar, 1 for a flat list or object. Walked with a
    stack, so depth itself cannot overflow the walk."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children)
    return deepest


def has_lone_surrogate(value: Any) -> bool:
    """Whether a string in ``value`` (parsed JSON), key or value, holds a surrogate code point.

    ``json.loads`` reads ``"\\ud800"`` as a one-character string that UTF-8 cannot encode: a choice field that
    echoed it in its error (``"\\ud800" is not a valid choice``) made the response itself fail to encode, a
    500, and PostgreSQL refuses it in text and jsonb. A pair (``"\\ud83c\\udfb5"``) is read as one character
    and is left alone.
    """
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:  # only a surrogate fails: every other code point encodes
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False
