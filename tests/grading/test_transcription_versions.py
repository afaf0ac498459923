"""Corrections to a transcription from two tabs: each save names the version it was made on, and a save made on
a version that another save has replaced is refused (409, with the transcription as it is now) instead of
overwriting the newer correction unseen (issue 17). Also: a correction is stored (a reload or a restart reads it
back), and another student's transcription is a 404 for every operation on it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grading import services
from grading.models import Transcription
from tests.conftest import api_client_for
from tests.generation.test_pickup_accompaniment import transcription
from tutor.locale_compile import compile_catalogues
from tutor.models import User

pytestmark = pytest.mark.django_db


def done(owner: User) -> Transcription:
    return Transcription.objects.create(owner=owner, title="c", audio=SimpleUploadedFile("t.wav", b"RIFF"),
                                        status=Transcription.Status.DONE, progress=100, result=transcription("4/4"))


def pitches(row: Transcription) -> list[str]:
    result = Transcription.objects.get(pk=row.pk).result
    assert result is not None
    return [note["pitch"] for note in result["notes"]]


def patch(client, row: Transcription, version: object, *notes: dict[str, object]):  # type: ignore[no-untyped-def]
    return client.patch(f"/api/transcriptions/{row.pk}/", {"version": version, "notes": list(notes)}, format="json")


def test_it_refuses_a_save_from_a_tab_showing_an_older_version_and_loses_nothing(student: User) -> None:
    row = done(student)
    before = pitches(row)
    first_tab, second_tab = api_client_for(student), api_client_for(student)
    seen = first_tab.get(f"/api/transcriptions/{row.pk}/").json()["version"]
    assert second_tab.get(f"/api/transcriptions/{row.pk}/").json()["version"] == seen

    saved = patch(first_tab, row, seen, {"index": 1, "pitch": "Bb4"})
    assert saved.status_code == 200, saved.json()
    assert saved.json()["version"] == seen + 1
    stale = patch(second_tab, row, seen, {"index": 2, "pitch": "F4"})
    assert stale.status_code == 409, stale.json()
    body = stale.json()
    assert body["error"]["code"] == "changed"
    assert "changed in another tab or window" in body["error"]["message"]
    # The answer carries the transcription as it is now, so the page can show it and apply the change again.
    assert body["current"]["version"] == seen + 1
    assert body["current"]["result"]["notes"][1]["pitch"] == "Bb4"
    assert pitches(row) == [before[0], "Bb4", *before[2:]], "the newer correction was overwritten"

    again = patch(second_tab, row, body["current"]["version"], {"index": 2, "pitch": "F4"})
    assert again.status_code == 200, again.json()
    assert pitches(row)[1:3] == ["Bb4", "F4"]
    assert again.json()["version"] == seen + 2


def test_of_two_saves_racing_on_the_same_version_exactly_one_lands(student: User) -> None:
    """Both requests read the row before either writes: the conditional UPDATE refuses the second."""
    row = done(student)
    read_by_first, read_by_second = Transcription.objects.get(pk=row.pk), Transcription.objects.get(pk=row.pk)
    version = read_by_first.version
    with CaptureQueriesContext(connection) as queries:
        services.transcription_correct(user=student, row=read_by_first, edits=[{"index": 1, "midi": 70, "pitch": "Bb4"}],
                                       version=version)
    assert any('"version" = ' in q["sql"] and q["sql"].startswith("UPDATE") for q in queries.captured_queries)
    with pytest.raises(services.TranscriptionChanged):
        services.transcription_correct(user=student, row=read_by_second, edits=[{"index": 1, "midi": 69}],
                                       version=version)
    assert pitches(row)[1] == "Bb4"
    assert Transcription.objects.get(pk=row.pk).version == version + 1
    assert read_by_second.result == row.result, "a refused save changed the row read in memory"


def test_a_save_without_a_version_or_with_a_bad_one_is_a_clear_400(student: User) -> None:
    row = done(student)
    client = api_client_for(student)
    missing = client.patch(f"/api/transcriptions/{row.pk}/", {"notes": [{"index": 1, "midi": 70}]}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()["error"]["fields"]
    for bad in (-1, "x", None, 2**40):
        assert patch(client, row, bad, {"index": 1, "midi": 70}).status_code == 400
    assert Transcription.objects.get(pk=row.pk).result == transcription("4/4")


def test_the_refusal_is_said_in_chinese_to_a_chinese_reader(student: User) -> None:
    compile_catalogues(Path(__file__).resolve().parents[2] / "locale")
    row = done(student)
    client = api_client_for(student)
    assert patch(client, row, 0, {"index": 1, "midi": 70}).status_code == 200
    stale = client.patch(f"/api/transcriptions/{row.pk}/", {"version": 0, "notes": [{"index": 2, "midi": 62}]},
                         format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert stale.status_code == 409
    assert "另一个标签页或窗口" in stale.json()["error"]["message"], stale.json()["error"]["message"]


def test_a_new_transcription_of_the_take_is_a_new_version(student: User) -> None:
    from unittest import mock

    row = done(student)
    fake = mock.Mock()
    fake.to_json.return_value = transcription("6/8")
    with mock.patch("grading.services.transcribe", return_value=fake):
        services.transcription_run(row=row)
    assert Transcription.objects.get(pk=row.pk).version == 1
    assert patch(api_client_for(student), row, 0, {"index": 0, "midi": 60}).status_code == 409


def test_a_correction_is_stored_and_read_back_by_a_new_session(student: User) -> None:
    """What a reload (a new page) or a restarted server reads: the row in the database, not a cache."""
    row = done(student)
    assert patch(api_client_for(student), row, 0, {"index": 1, "pitch": "Bb4"}).status_code == 200
    Transcription.objects.filter(pk=row.pk).update()  # nothing held in memory: read it again below
    again = api_client_for(student).get(f"/api/transcriptions/{row.pk}/").json()
    assert again["result"]["notes"][1]["pitch"] == "Bb4" and again["result"]["notes"][1]["edited"] is True
    assert again["version"] == 1


def test_another_students_transcription_is_a_404_for_every_operation(student: User, other_student: User) -> None:
    row = done(student)
    outsider = api_client_for(other_student)
    base = f"/api/transcriptions/{row.pk}/"
    answers = {
        "get": outsider.get(base).status_code,
        "patch": patch(outsider, row, 0, {"index": 1, "midi": 70}).status_code,
        "notation": outsider.get(f"{base}notation/").status_code,
        "chords": outsider.get(f"{base}chords/").status_code,
        "accompaniment": outsider.post(f"{base}accompaniment/", {}, format="json").status_code,
        "exercise": outsider.post(f"{base}exercise/", {"title": "mine"}, format="json").status_code,
        "retry": outsider.post(f"{base}retry/").status_code,
    }
    assert set(answers.values()) == {404}, answers
    assert Transcription.objects.get(pk=row.pk).version == 0 and pitches(row) == [
        n["pitch"] for n in transcription("4/4")["notes"]]
