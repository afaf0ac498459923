"""A note the student fixes on the transcribe page keeps the name picked: a B flat chosen in C major is
written Bb4 in the API's notes and on the staff, not respelled A#4 as a raised degree."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from grading.models import Transcription
from tests.conftest import api_client_for
from tests.generation.test_pickup_accompaniment import transcription
from tutor.models import User

pytestmark = pytest.mark.django_db


def version(client, row_id: int) -> int:  # type: ignore[no-untyped-def]
    """The version a correction is made on: the transcription's as the page last read it."""
    return int(client.get(f"/api/transcriptions/{row_id}/").json()["version"])


def done(owner: User) -> Transcription:
    result = transcription("4/4")
    assert result["key"] == "C major"
    return Transcription.objects.create(owner=owner, title="c", audio=SimpleUploadedFile("t.wav", b"RIFF"),
                                        status=Transcription.Status.DONE, progress=100, result=result)


def test_a_b_flat_picked_stays_b_flat_in_the_notes_and_on_the_staff(student: User) -> None:
    row = done(student)
    client = api_client_for(student)
    fixed = client.patch(f"/api/transcriptions/{row.pk}/", {"version": version(client, row.pk), "notes": [{"index": 1, "midi": 70, "pitch": "Bb4"}]},
                         format="json")
    assert fixed.status_code == 200, fixed.json()
    note = fixed.json()["result"]["notes"][1]
    assert (note["pitch"], note["edited"]) == ("Bb4", True)
    staff = client.get(f"/api/transcriptions/{row.pk}/notation/?layout=wide").json()["svg"]
    glyphs = set(re.findall(r'href="#(E26[02])', staff))  # SMuFL: E260 a flat, E262 a sharp
    assert glyphs == {"E260"}, glyphs


def test_the_number_alone_still_spells_in_the_key_and_a_name_must_match_it(student: User) -> None:
    row = done(student)
    client = api_client_for(student)
    by_number = client.patch(f"/api/transcriptions/{row.pk}/", {"version": version(client, row.pk), "notes": [{"index": 1, "midi": 70}]}, format="json")
    assert by_number.json()["result"]["notes"][1]["pitch"] == "A#4"  # the contract without a name is unchanged
    by_name = client.patch(f"/api/transcriptions/{row.pk}/", {"version": version(client, row.pk), "notes": [{"index": 2, "pitch": "Eb4"}]}, format="json")
    assert by_name.json()["result"]["notes"][2]["pitch"] == "Eb4"
    wrong = client.patch(f"/api/transcriptions/{row.pk}/", {"version": version(client, row.pk), "notes": [{"index": 1, "midi": 71, "pitch": "Bb4"}]},
                         format="json")
    bad = client.patch(f"/api/transcriptions/{row.pk}/", {"version": version(client, row.pk), "notes": [{"index": 1, "pitch": "H4"}]}, format="json")
    assert (wrong.status_code, bad.status_code) == (400, 400)
    assert Transcription.objects.get(pk=row.pk).result["notes"][1]["pitch"] == "A#4"  # a refused edit changes nothing


def jianpu_notes(svg: str) -> list[str]:
    """Each note of a 简谱 drawing as its accidental and number ("♭7")."""
    return ["".join(re.findall(r">([^<]+)</text>", group)) for group in re.findall(r'<g class="jp-note"[^>]*>(.*?)</g>', svg)]


def test_a_b_flat_picked_in_c_major_is_flat_seven_in_jianpu_not_sharp_six(student: User) -> None:
    row = done(student)
    client = api_client_for(student)
    before = client.get(f"/api/transcriptions/{row.pk}/").json()
    for index, pitch in ((1, "Bb4"), (2, "A#4")):
        fixed = client.patch(f"/api/transcriptions/{row.pk}/",
                             {"version": before["version"], "notes": [{"index": index, "pitch": pitch}]}, format="json")
        assert fixed.status_code == 200, fixed.json()
        before = fixed.json()
    for layout in ("wide", "narrow"):
        jianpu = client.get(f"/api/transcriptions/{row.pk}/notation/?layout={layout}").json()["jianpu_svg"]
        assert jianpu_notes(jianpu)[1:3] == ["♭7", "♯6"], jianpu_notes(jianpu)
