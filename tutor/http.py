"""Request types for views behind a login, so ``request.user`` is our User; file responses; going back."""

from __future__ import annotations

import re
from typing import IO, Any

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from rest_framework.request import Request

from tutor.models import User


class AuthedRequest(HttpRequest):
    user: User


def redirect_back(request: HttpRequest, target: str, fallback: str) -> HttpResponseRedirect:
    """To ``target`` (a form's ``next`` or ``back``) when it is a path on this site, else to ``fallback``
    (a URL name). Not ``redirect(target)``: that reads a bare word as a view name, and a posted
    ``next=foo`` answered 500 (NoReverseMatch)."""
    local = target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return HttpResponseRedirect(target if local else resolve_url(fallback))


# A number typed into a query string or a form: ASCII digits, short enough for a 64-bit row id.
_WHOLE_NUMBER = re.compile(r"[0-9]{1,18}")


def whole_number(text: str) -> int | None:
    """``text`` as a whole number (an id, a part's number) when it is one, else None. Not ``isdigit()`` and
    ``int()``: ``"²".isdigit()`` is true and a 5000-digit string passes it too, and ``int()`` refuses both
    (a 500 on ``?exercise=²``)."""
    return int(text) if _WHOLE_NUMBER.fullmatch(text) else None


def api_user(request: Request) -> User:
    """The signed-in user of an API request (the default permission guarantees one)."""
    user = request.user
    assert isinstance(user, User), "API views run behind IsAuthenticated"
    return user


# One range only: browsers ask for one when they seek, and a multipart answer is optional (RFC 9110 §14.2).
_SINGLE_BYTE_RANGE = re.compile(r"^\s*bytes\s*=\s*([0-9]*)\s*-\s*([0-9]*)\s*$", re.IGNORECASE)
# Past any file's end: an offset written with more digits is read as this (int() refuses 4300 digits and more).
_FAR_OFFSET = 10**18


def _offset(digits: str) -> int:
    return int(digits) if len(digits) <= 18 else _FAR_OFFSET


class RangeNotSatisfiable(Exception):
    """The Range header asks for bytes the file does not have."""


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """``(first, last)`` byte offsets, inclusive, that a ``Range`` header asks for in a file of ``size`` bytes.

    ``None`` where the whole file should be sent: no header, a malformed one, or several ranges
    (a server may ignore those). The last byte is clamped to the file's end; a suffix range
    ``bytes=-N`` is the last N bytes. Raises ``RangeNotSatisfiable`` for a range starting at or
    past the end, or a suffix of zero bytes (the answer is then 416).

    >>> byte_range("bytes=0-1", 10), byte_range("bytes=4-", 10), byte_range("bytes=-3", 10)
    ((0, 1), (4, 9), (7, 9))
    >>> byte_range("bytes=0-99", 10), byte_range("bytes=0-1,4-5", 10), byte_range("items=0-1", 10)
    ((0, 9), None, None)
    >>> byte_range("bytes=0-" + "9" * 5000, 10), byte_range("bytes=-" + "9" * 5000, 10)
    ((0, 9), (0, 9))
    """
    match = _SINGLE_BYTE_RANGE.match(header or "")
    if match is None:
        return None
    first_text, last_text = match.groups()
    if not first_text:
        if not last_text:
            return None
        suffix = _offset(last_text)
        if suffix == 0 or size == 0:
            raise RangeNotSatisfiable
        return max(0, size - suffix), size - 1
    first = _offset(first_text)
    if last_text and _offset(last_text) < first:
        return None  # syntactically invalid: ignore the header, as RFC 9110 asks
    if first >= size:
        raise RangeNotSatisfiable
    return first, min(_offset(last_text), size - 1) if last_text else size - 1


class _ByteSlice:
    """``length`` bytes of ``handle`` from ``first``, read like a file (FileResponse streams and closes it)."""

    def __init__(self, handle: IO[bytes], first: int, length: int) -> None:
        handle.seek(first)
        self._handle = handle
        self._left = length

    def read(self, size: int = -1) -> bytes:
        want = self._left if size is None or size < 0 else min(size, self._left)
        data = self._handle.read(want) if want else b""
        self._left -= len(data)
        return data

    def close(self) -> None:
        self._handle.close()


def file_response(request: HttpRequest | Request, handle: IO[bytes], **kwargs: Any) -> HttpResponseBase:
    """Stream an open file, honouring a single HTTP ``Range``: 206 with the bytes asked for, 416 past the end.

    Phones need this to play and seek audio (Safari will not play an ``<audio>`` whose server
    ignores ranges), and any browser needs it to scrub a replay. ``kwargs`` go to FileResponse
    (content_type, filename, as_attachment). Every response says ``Accept-Ranges: bytes``.
    """
    handle.seek(0, 2)
    size = handle.tell()
    handle.seek(0)
    # With If-Range the client only wants the range if the file is unchanged; we send no validators
    # to compare against, so the safe answer is the whole file.
    header = "" if request.headers.get("If-Range") else request.headers.get("Range", "")
    try:
        wanted = byte_range(header, size)
    except RangeNotSatisfiable:
        handle.close()
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        refused["Accept-Ranges"] = "bytes"
        return refused
    if wanted is None:
        response: HttpResponseBase = FileResponse(handle, **kwargs)
    else:
        first, last = wanted
        response = FileResponse(_ByteSlice(handle, first, last - first + 1), status=206, **kwargs)
        response["Content-Length"] = str(last - first + 1)
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
    response["Accept-Ranges"] = "bytes"
    return response


def stored_file_response(request: HttpRequest | Request, name: str, **kwargs: Any) -> HttpResponseBase:
    """Stream a file from storage (ranges honoured); a file that is gone (purged, lost) is a 404, not a 500."""
    if not name:
        raise Http404("No file.")
    try:
        handle = default_storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404("That file is no longer kept.") from None
    return file_response(request, handle, **kwargs)
