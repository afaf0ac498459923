"""Files served with HTTP ranges: phones (Safari) play and seek audio only when the server honours them."""

from __future__ import annotations

import io

import pytest
from django.test import RequestFactory

from tutor.http import RangeNotSatisfiable, byte_range, file_response

TEN_BYTES = b"0123456789"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-1", (0, 1)),  # Safari's first probe
        ("bytes=4-", (4, 9)),
        ("bytes=-3", (7, 9)),
        ("bytes=-30", (0, 9)),
        ("bytes=0-99", (0, 9)),
        ("BYTES = 2 - 3", (2, 3)),
        ("", None),
        ("bytes=0-1,4-5", None),  # several ranges: the whole file is a valid answer
        ("items=0-1", None),
        ("bytes=5-2", None),  # invalid, so ignored
        ("bytes=-", None),
        # int() refuses 4300 digits and more: a 500 on every audio URL before these were read as "far".
        ("bytes=0-" + "9" * 5000, (0, 9)),
        ("bytes=-" + "9" * 5000, (0, 9)),
        ("bytes=3-" + "9" * 30, (3, 9)),
        ("bytes=\u00b2-", None),  # latin-1 "²": not a digit to a Range header
    ],
)
def test_it_reads_a_range_header(header: str, expected: tuple[int, int] | None) -> None:
    assert byte_range(header, 10) == expected


@pytest.mark.parametrize("header", ["bytes=10-", "bytes=10-20", "bytes=-0", "bytes=" + "9" * 5000 + "-"])
def test_a_range_past_the_end_is_unsatisfiable(header: str) -> None:
    with pytest.raises(RangeNotSatisfiable):
        byte_range(header, 10)


def served(**headers: str) -> tuple[int, dict[str, str], bytes]:
    request = RequestFactory().get("/file/", headers=headers)
    response = file_response(request, io.BytesIO(TEN_BYTES), content_type="audio/wav")
    body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    return response.status_code, dict(response.headers), body


def test_it_serves_the_whole_file_and_says_ranges_are_accepted() -> None:
    status, headers, body = served()
    assert status == 200 and body == TEN_BYTES
    assert headers["Accept-Ranges"] == "bytes" and headers["Content-Length"] == "10"
    assert headers["Content-Type"] == "audio/wav" and "Content-Range" not in headers


@pytest.mark.parametrize(
    ("header", "content_range", "body"),
    [("bytes=0-1", "bytes 0-1/10", b"01"), ("bytes=4-", "bytes 4-9/10", b"456789"),
     ("bytes=-3", "bytes 7-9/10", b"789"), ("bytes=8-50", "bytes 8-9/10", b"89")],
)
def test_it_answers_a_range_with_206_and_only_those_bytes(header: str, content_range: str, body: bytes) -> None:
    status, headers, sent = served(Range=header)
    assert status == 206 and sent == body
    assert headers["Content-Range"] == content_range and headers["Content-Length"] == str(len(body))
    assert headers["Accept-Ranges"] == "bytes" and headers["Content-Type"] == "audio/wav"


def test_a_range_past_the_end_is_416_with_the_size() -> None:
    status, headers, body = served(Range="bytes=10-")
    assert status == 416 and headers["Content-Range"] == "bytes */10" and body == b""


def test_an_if_range_gets_the_whole_file_as_there_is_no_validator_to_match() -> None:
    status, headers, body = served(Range="bytes=0-1", If_Range='"some-etag"')
    assert status == 200 and body == TEN_BYTES and "Content-Range" not in headers
