"""Every stored failure reason a page or an API reply shows reads in the reader's language.

A job's row keeps its reason as the worker wrote it, in English (a drill's generator refusal, a take's or a
transcription's decoder refusal, a score's refusal, a job's own timeout or crash); each place that shows it
says it again for the reader. In English a reason that follows a colon starts in lower case, as the rest of
a sentence does; in Chinese it follows the full-width colon with no space.
"""

from __future__ import annotations

import re
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import translation

from generation.melody import GenerationError
from generation.models import Drill
from generation.tasks import render_drill_media
from grading.failure_text import after_colon, failure_text, score_failure_text
from grading.models import Exercise, RangeTest, Recording, ScoreUpload, Transcription
from studio.audio import exercise_audio
from studio.files import studio_folder, write_json
from tests.conftest import api_client_for
from tests.tutor.test_translations import english_words
from tutor.locale_compile import compile_catalogues
from tutor.models import DataExport, User

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
HAN = re.compile(r"[\u4e00-\u9fff]")
CHINESE = {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _catalogues() -> None:
    compile_catalogues(ROOT / "locale")


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def element(html: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</', html, re.S)
    assert found, f"no #{element_id} on the page"
    return " ".join(found.group(1).split())


def failed_drill(student: User, reason: str, *, with_score: bool = False) -> Drill:
    drill_id = api_client_for(student).post("/api/drills/", {"params": {"bars": 4}}, format="json").json()["id"]
    if with_score:  # the score was written; the audio failed
        with mock.patch("generation.services.BACKGROUND_FORMATS", ()):
            render_drill_media.apply(args=[drill_id])
    drill = Drill.objects.get(pk=drill_id)
    drill.mark_failed(reason=reason)
    return drill


def test_a_drill_the_generator_refused_reads_in_chinese_on_the_page_and_in_the_api(student: User) -> None:
    drill_id = api_client_for(student).post("/api/drills/", {"params": {"bars": 4}}, format="json").json()["id"]
    with mock.patch("generation.services.render_drill", side_effect=GenerationError("bars: 99 is outside 1..64")):
        render_drill_media.apply(args=[drill_id])
    page = signed_in(student).get(f"/drills/{drill_id}/", **CHINESE).content.decode()
    assert element(page, "drill-failure") == "无法写出乐谱：小节数：99 不在 1 到 64 之间"
    english = signed_in(student).get(f"/drills/{drill_id}/", **ENGLISH).content.decode()
    assert element(english, "drill-failure") == "The score could not be written: bars: 99 is outside 1..64."
    api = api_client_for(student)
    assert api.get(f"/api/drills/{drill_id}/", **CHINESE).json()["error"] == "小节数：99 不在 1 到 64 之间"
    assert api.get(f"/api/drills/{drill_id}/", **ENGLISH).json()["error"] == "Bars: 99 is outside 1..64."
    assert Drill.objects.get(pk=drill_id).error == "bars: 99 is outside 1..64"  # kept as the worker wrote it


@pytest.mark.parametrize(("reason", "chinese", "english"), [
    ("This took longer than 300 s and was stopped.", "处理超过了 300 秒，已被停止。",
     "this took longer than 300 s and was stopped."),
    ("Something went wrong on our side (KeyError); please try again.", "我们这边出了问题（KeyError）；请再试一次。",
     "something went wrong on our side (KeyError); please try again."),
    ("Gave up after 3 attempts.", "尝试了 3 次仍未成功，已放弃。", "gave up after 3 attempts."),
    ("audio: fluidsynth and the GM soundfont (fluid-soundfont-gm) are required",
     "本服务器无法生成音频：没有安装 FluidSynth 及其通用 MIDI 音色库。",
     "audio cannot be made on this server: FluidSynth and its General MIDI soundfont are not installed."),
])
def test_a_drills_audio_failure_reads_in_chinese(student: User, reason: str, chinese: str, english: str) -> None:
    drill = failed_drill(student, reason, with_score=True)
    page = signed_in(student).get(f"/drills/{drill.pk}/", **CHINESE).content.decode()
    assert element(page, "audio-failure") == f"无法生成音频：{chinese}"
    assert not english_words(element(page, "audio-failure"), also_allowed={"KeyError", "FluidSynth"})
    english_page = signed_in(student).get(f"/drills/{drill.pk}/", **ENGLISH).content.decode()
    assert element(english_page, "audio-failure") == f"Audio could not be made: {english}"
    assert api_client_for(student).get(f"/api/drills/{drill.pk}/", **CHINESE).json()["error"] == chinese


def test_a_take_that_could_not_be_graded_reads_in_chinese_after_the_colon(student: User,
                                                                          exercise: Exercise) -> None:
    take = Recording(owner=student, exercise=exercise)
    take.audio.save("take.wav", ContentFile(b"RIFF"), save=False)
    take.save()
    take.mark_failed(reason="the recording is silent; check the microphone and record again")
    page = signed_in(student).get(f"/takes/{take.pk}/", **CHINESE).content.decode()
    assert "这次录音无法评分：录音是静音的；请检查麦克风后重新录音。" in page
    english = signed_in(student).get(f"/takes/{take.pk}/", **ENGLISH).content.decode()
    assert "We could not grade this take: the recording is silent; check the microphone and record again." in english


def test_a_range_test_without_steady_singing_reads_in_chinese(student: User) -> None:
    test = RangeTest(owner=student)
    test.audio.save("range.wav", ContentFile(b"RIFF"), save=False)
    test.save()
    test.mark_failed(reason="no steady singing was heard; sing each note for about a second")
    page = signed_in(student).get("/range-test/", **CHINESE).content.decode()
    assert "没有听到平稳的歌声；每个音请唱约一秒钟。" in page
    body = api_client_for(student).get(f"/api/range-tests/{test.pk}/", **CHINESE).json()
    assert body["error"] == "没有听到平稳的歌声；每个音请唱约一秒钟。"


def test_a_transcription_that_failed_reads_in_chinese(student: User) -> None:
    row = Transcription(owner=student)
    row.audio.save("melody.wav", ContentFile(b"RIFF"), save=False)
    row.save()
    row.mark_failed(reason="no notes were heard in the recording; check the microphone and record again")
    body = api_client_for(student).get(f"/api/transcriptions/{row.pk}/", **CHINESE).json()
    assert body["error"] == "录音里没有听到任何音符；请检查麦克风后重新录音。"


def test_a_score_upload_that_failed_reads_in_chinese(teacher: User) -> None:
    refused = ScoreUpload.objects.create(owner=teacher, title="Refused", refused=True)
    refused.mark_failed(reason="the MIDI file has no notes")
    gave_up = ScoreUpload.objects.create(owner=teacher, title="Gave up")
    gave_up.mark_failed(reason="Gave up after 3 attempts.")
    api = api_client_for(teacher)
    assert not english_words(api.get(f"/api/score-uploads/{refused.pk}/", **CHINESE).json()["error"]["message"],
                             also_allowed={"MIDI"})
    assert api.get(f"/api/score-uploads/{gave_up.pk}/", **CHINESE).json()["error"]["message"] == "尝试了 3 次仍未成功，已放弃。"
    for upload in (refused, gave_up):
        page = signed_in(teacher).get(f"/exercises/uploads/{upload.pk}/", **CHINESE).content.decode()
        assert not english_words(element(page, "score-upload-failed"), also_allowed={"MIDI"})


def test_a_failed_export_reads_in_chinese_on_the_account_page_and_in_the_api(student: User) -> None:
    export = DataExport.objects.create(owner=student, requested_by=student)
    export.mark_failed(reason="Something went wrong on our side (OSError); please try again.")
    page = signed_in(student).get("/account/", **CHINESE).content.decode()
    assert "我们这边出了问题（OSError）；请再试一次。" in page and "Something went wrong" not in page
    english = signed_in(student).get("/account/", **ENGLISH).content.decode()
    assert "failed: something went wrong on our side (OSError); please try again." in english
    body = api_client_for(student).get(f"/api/exports/{export.pk}/", **CHINESE).json()
    assert body["error"] == "我们这边出了问题（OSError）；请再试一次。"


def test_the_studios_audio_failure_reads_in_chinese(student: User, exercise: Exercise) -> None:
    import time

    write_json(f"{studio_folder(exercise)}/audio-error.json", {
        "reason": "audio: fluidsynth and the GM soundfont (fluid-soundfont-gm) are required", "at": time.time(),
    })
    with translation.override("zh-hans"):
        chinese = exercise_audio(exercise=exercise, queue=False)["error"]
    assert not english_words(chinese, also_allowed={"FluidSynth"}) and HAN.search(chinese), chinese
    with translation.override("en"):
        english = exercise_audio(exercise=exercise, queue=False)["error"]
    assert english == ("The practice audio could not be rendered (audio cannot be made on this server: FluidSynth "
                       "and its General MIDI soundfont are not installed).")


def test_after_a_colon_a_reason_starts_in_lower_case_but_names_keep_their_capital() -> None:
    with translation.override("en"):
        assert failure_text("the recording is an empty file", clause=True) == "the recording is an empty file."
        assert score_failure_text("Verovio could not read the score", clause=True) == "Verovio could not read the score."
        assert score_failure_text("a MIDI track is truncated", clause=True) == "a MIDI track is truncated."
        assert score_failure_text("the MIDI file has no notes") == "The MIDI file has no notes."
    assert after_colon("MIDI files only.") == "MIDI files only." and after_colon("录音是静音的。") == "录音是静音的。"
