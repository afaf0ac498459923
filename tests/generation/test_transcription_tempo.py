"""The transcribe page's tempo in compound time: the API's ``tempo`` stays quarter notes a minute, and a
tempo out of range is refused in the beat the melody's meter counts (dotted quarters in 6/8)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from grading.models import Transcription
from tests.conftest import api_client_for
from tests.generation.test_pickup_accompaniment import transcription
from tutor.locale_compile import compile_catalogues
from tutor.models import User

pytestmark = pytest.mark.django_db


def done(owner: User, meter: str) -> Transcription:
    return Transcription.objects.create(owner=owner, title=meter, audio=SimpleUploadedFile("t.wav", b"RIFF"),
                                        status=Transcription.Status.DONE, progress=100, result=transcription(meter))


def test_the_api_tempo_counts_quarter_notes_in_six_eight(student: User) -> None:
    row = done(student, "6/8")
    heard = api_client_for(student).post(f"/api/transcriptions/{row.pk}/accompaniment/", {"tempo": 90}, format="json")
    assert heard.status_code == 200, heard.json()
    # ♩. = 60: an eighth pickup, then the downbeat a third of a second later.
    assert heard.json()["tempo"] == 90 and heard.json()["melody"][1]["time"] == pytest.approx(1 / 3, abs=1e-3)


@pytest.mark.parametrize("tempo", [25, 300])
def test_a_tempo_out_of_range_in_six_eight_is_refused_in_dotted_quarters(student: User, tempo: int) -> None:
    row = done(student, "6/8")
    url = f"/api/transcriptions/{row.pk}/accompaniment/"
    refused = api_client_for(student).post(url, {"tempo": tempo}, format="json")
    assert refused.status_code == 400
    message = refused.json()["error"]["fields"]["tempo"][0]
    assert "6/8 is between 20 and 160 dotted-quarter beats a minute" in message and "30 to 240" in message
    compile_catalogues(Path(__file__).resolve().parents[2] / "locale")
    chinese = api_client_for(student).post(url, {"tempo": tempo}, format="json", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert "每分钟 20 到 160 个附点四分音符" in chinese.json()["error"]["fields"]["tempo"][0]


def test_a_tempo_out_of_range_in_four_four_is_refused_in_quarters(student: User) -> None:
    row = done(student, "4/4")
    refused = api_client_for(student).post(f"/api/transcriptions/{row.pk}/accompaniment/", {"tempo": 250},
                                           format="json")
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"]["tempo"] == ["Tempo is between 30 and 240 beats a minute."]
