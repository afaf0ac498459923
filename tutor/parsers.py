"""The API's JSON parser: DRF's, with a bound on how deeply a body may nest."""

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
