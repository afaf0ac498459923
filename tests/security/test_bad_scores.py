"""Scores that must be refused with a reason: unsafe XML, zip tricks, absurd sizes and values."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from grading.models import Exercise
from tests.conftest import DEMO_SCORE, api_client_for
from tutor.models import User

pytestmark = pytest.mark.django_db
GOOD = DEMO_SCORE.read_bytes()


def mxl(members: dict[str, bytes], *, container: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if container:
            archive.writestr(
                "META-INF/container.xml",
                '<?xml version="1.0"?><container><rootfiles><rootfile full-path="score.xml"/></rootfiles></container>',
            )
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def measures(count: int) -> bytes:
    body = "".join(f'<measure number="{i}"><note><rest/><duration>4</duration></note></measure>' for i in range(count))
    return (f'<?xml version="1.0"?><score-partwise><part-list><score-part id="P1"><part-name>x</part-name>'
            f'</score-part></part-list><part id="P1">{body}</part></score-partwise>').encode()


BAD_SCORES = {
    "entities.musicxml": b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><score-partwise>&b;</score-partwise>',
    "external-entity.musicxml": b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]><score-partwise>&x;</score-partwise>',
    "broken.musicxml": GOOD[: len(GOOD) // 2],
    "not-musicxml.xml": b'<?xml version="1.0"?><html><body>hello</body></html>',
    "no-notes.musicxml": measures(4),
    "100000-measures.musicxml": measures(100_000),
    "divisions-zero.musicxml": GOOD.replace(b"<divisions>10080</divisions>", b"<divisions>0</divisions>"),
    "negative-duration.musicxml": GOOD.replace(b"<duration>", b"<duration>-", 1),
    "zip-slip.mxl": mxl({"../../evil.xml": GOOD, "score.xml": GOOD}),
    "absolute-member.mxl": mxl({"/etc/score.xml": GOOD, "score.xml": GOOD}),
    "zip-bomb.mxl": mxl({"score.xml": GOOD, "padding.xml": b"\0" * 60_000_000}),
    "not-a-zip.mxl": b"PK\x03\x04 this is not really a zip file",
    "empty.musicxml": b"",
    "text.mid": b"MThd but not really a midi file at all",
    "wrong-extension.wav": GOOD,
}


@pytest.mark.parametrize("name", sorted(BAD_SCORES))
def test_an_unusable_or_unsafe_score_is_refused_with_a_reason(name: str, teacher: User) -> None:
    response = api_client_for(teacher).post(
        "/api/exercises/", {"title": "x", "score": SimpleUploadedFile(name, BAD_SCORES[name])}, format="multipart"
    )
    assert response.status_code == 400, (name, response.content[:300])
    assert response.json()["error"]["fields"]["score"][0]
    assert not Exercise.objects.exists()


def test_a_good_mxl_is_accepted(teacher: User) -> None:
    response = api_client_for(teacher).post(
        "/api/exercises/", {"title": "x", "score": SimpleUploadedFile("t.mxl", mxl({"score.xml": GOOD}))},
        format="multipart",
    )
    assert response.status_code == 201, response.content
