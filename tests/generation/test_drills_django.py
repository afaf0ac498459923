"""Generated drills on the Django side: API, pages, refinement, background media, and grading against them."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from generation.models import Drill
from generation.tasks import render_drill_media
from grading.models import Exercise
from tests.conftest import api_client_for, logged_in
from tutor.models import Assignment, Classroom, User

pytestmark = pytest.mark.django_db



def written(drill_id: int) -> None:
    """Run the drill's job as a worker would, without the audio and PDF (the slow part, tested below)."""
    with mock.patch("generation.services.BACKGROUND_FORMATS", ()):
        render_drill_media.apply(args=[drill_id])


def test_a_drill_requested_in_words_shows_what_was_understood(student: User) -> None:
    response = api_client_for(student).post(
        "/api/drills/", {"request": "eight bars in D minor, leaps up to a sixth", "style": "waltz"}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["params"]["key"] == "D" and body["params"]["mode"] == "minor" and body["params"]["bars"] == 8
    assert body["understood"] and body["status"] == "queued"
    assert body["notes"] and all(isinstance(n[0], str) for n in body["notes"])
    # The score is the worker's: the request answers with the melody and where to follow the rest.
    assert body["exercise"] is None and body["files"] == {}
    assert response["Location"] == f"/api/drills/{body['id']}/"
    written(body["id"])
    body = api_client_for(student).get(response["Location"]).json()
    assert set(body["files"]) == {"musicxml", "midi", "json", "svg", "svg_narrow"} and body["status"] == "done"
    exercise = Exercise.objects.get(pk=body["exercise"])
    assert exercise.owner == student and exercise.drill.pk == body["id"]


def test_the_worker_writes_the_score_of_the_melody_the_request_answered_with(student: User) -> None:
    from grading.analysis.target import load_target

    body = api_client_for(student).post("/api/drills/", {"params": {"bars": 4, "seed": 3}}, format="json").json()
    written(body["id"])
    written(body["id"])  # a second delivery makes no second exercise
    drill = Drill.objects.get(pk=body["id"])
    assert Exercise.objects.filter(owner=student).count() == 1
    target = load_target(drill.exercise.score.path)
    assert len(target.notes) == len(body["notes"])


def test_the_drill_page_shows_progress_until_the_score_is_written(student: User) -> None:
    client = logged_in(student)
    drill_id = client.post("/drills/", {"request": "four bars in G major", "style": "block"})["Location"].split("/")[-2]
    waiting = client.get(f"/drills/{drill_id}/")
    assert waiting.status_code == 200
    page = waiting.content.decode()
    assert 'id="drill-progress"' in page and 'http-equiv="refresh"' in page and "practise-in-studio" not in page
    assert client.get("/drills/").status_code == 200
    written(int(drill_id))
    page = client.get(f"/drills/{drill_id}/").content.decode()
    assert "<svg" in page and "practise-in-studio" in page and 'id="drill-progress"' not in page


def test_a_score_the_worker_cannot_write_ends_the_drill_failed_with_the_reason(student: User) -> None:
    from generation.melody import GenerationError

    drill_id = api_client_for(student).post("/api/drills/", {"params": {"bars": 4}}, format="json").json()["id"]
    with mock.patch("generation.services.render_drill", side_effect=GenerationError("the score would not fit")):
        render_drill_media.apply(args=[drill_id])
    drill = Drill.objects.get(pk=drill_id)
    assert drill.status == "failed" and drill.exercise is None
    page = logged_in(student).get(f"/drills/{drill_id}/")
    assert page.status_code == 200 and "the score would not fit" in page.content.decode()


def test_a_chinese_request_is_understood(student: User) -> None:
    body = api_client_for(student).post("/api/drills/", {"request": "写一段C大调的旋律，速度90，8小节"}, format="json").json()
    assert body["params"]["key"] == "C" and body["params"]["tempo"] == 90 and body["params"]["bars"] == 8
    # Said back and titled in Chinese: "C大调", not "C major".
    assert "调：C大调" in body["understood"]
    written(body["id"])
    drill = Drill.objects.get(pk=body["id"])
    assert drill.exercise is not None and drill.exercise.title == "C大调旋律，8小节（等级 3）"


def test_a_traditional_chinese_request_is_answered_and_titled_in_traditional(student: User) -> None:
    body = api_client_for(student).post("/api/drills/", {"request": "給我一個C大調的八小節視唱練習"}, format="json").json()
    assert "調：C大調" in body["understood"] and "小節數：8" in body["understood"]
    written(body["id"])
    drill = Drill.objects.get(pk=body["id"])
    assert drill.exercise is not None and drill.exercise.title == "C大調旋律，8小節（等級 3）"
    refused = api_client_for(student).post("/api/drills/", {"request": "七八拍，C大調"}, format="json")
    assert refused.status_code == 400 and "拍號" in refused.content.decode()


def test_words_not_understood_are_listed_and_midi_output_is_given(student: User) -> None:
    body = api_client_for(student).post(
        "/api/drills/", {"request": "多练F#，G大调，紫色的华彩，输出MIDI音符列表"}, format="json"
    ).json()
    assert body["params"]["target_notes"] == ["F#"]
    assert body["ignored"] == ["紫色的华彩"]
    assert all("：" in line for line in body["understood"])
    assert body["midi_notes"][0][0] % 12 in (7, 11, 2)  # a start on the tonic triad, G B D
    assert len(body["midi_notes"]) == len(body["notes"])
    page = logged_in(student).get(f"/drills/{body['id']}/").content.decode()
    assert "紫色的华彩" in page


def test_an_impossible_request_names_the_constraint(student: User) -> None:
    response = api_client_for(student).post(
        "/api/drills/", {"params": {"low": "C4", "high": "C#4", "key": "C"}}, format="json"
    )
    assert response.status_code == 400
    assert "range" in response.json()["error"]["message"]
    assert not Drill.objects.exists()


def test_the_same_parameters_and_seed_give_the_same_drill(student: User) -> None:
    first = api_client_for(student).post("/api/drills/", {"params": {"seed": 7, "level": 2}}, format="json").json()
    again = api_client_for(student).post("/api/drills/", {"params": first["params"]}, format="json").json()
    assert again["notes"] == first["notes"]


def test_refining_makes_a_new_drill_from_the_stored_parameters(student: User) -> None:
    first = api_client_for(student).post("/api/drills/", {"params": {"level": 3, "bars": 8}}, format="json").json()
    shorter = api_client_for(student).post(f"/api/drills/{first['id']}/refine/", {"request": "shorter"}, format="json")
    assert shorter.status_code == 201
    assert shorter.json()["params"]["bars"] < 8 and shorter.json()["parent"] == first["id"]


def test_another_persons_drill_is_404(student: User, other_student: User) -> None:
    drill_id = api_client_for(student).post("/api/drills/", {}, format="json").json()["id"]
    assert api_client_for(other_student).get(f"/api/drills/{drill_id}/").status_code == 404
    assert api_client_for(other_student).get(f"/api/drills/{drill_id}/files/svg/").status_code == 404
    ranged = {"Range": "bytes=0-3"}
    assert api_client_for(other_student).get(f"/api/drills/{drill_id}/files/svg/", headers=ranged).status_code == 404
    assert logged_in(other_student).get(f"/drills/{drill_id}/files/svg/", headers=ranged).status_code == 404
    assert logged_in(other_student).get(f"/drills/{drill_id}/").status_code == 404


def test_the_svg_keeps_note_ids_for_colouring(student: User) -> None:
    drill_id = api_client_for(student).post("/api/drills/", {}, format="json").json()["id"]
    written(drill_id)
    svg = b"".join(api_client_for(student).get(f"/api/drills/{drill_id}/files/svg/").streaming_content)
    assert b'id="note-0"' in svg


@pytest.mark.skipif(not shutil.which("fluidsynth"), reason="fluidsynth is not installed")
def test_the_worker_renders_audio_and_a_pdf(student: User) -> None:
    drill_id = api_client_for(student).post("/api/drills/", {"params": {"bars": 4}}, format="json").json()["id"]
    render_drill_media.apply(args=[drill_id])
    drill = Drill.objects.get(pk=drill_id)
    assert drill.status == "done", drill.error
    assert {"wav", "ogg", "wav_melody", "wav_backing", "pdf"} <= set(drill.files)
    wav = b"".join(api_client_for(student).get(f"/api/drills/{drill_id}/files/wav/").streaming_content)
    assert wav[:4] == b"RIFF" and len(wav) > 10_000
    # A phone seeks in the audio with ranges (Safari will not play it otherwise).
    tail = logged_in(student).get(f"/drills/{drill_id}/files/wav/", headers={"Range": "bytes=-100"})
    assert tail.status_code == 206 and tail["Content-Range"] == f"bytes {len(wav) - 100}-{len(wav) - 1}/{len(wav)}"
    assert b"".join(tail.streaming_content) == wav[-100:]


def test_missing_audio_tools_end_the_render_failed_with_the_reason(student: User) -> None:
    from generation.render.audio import AudioUnavailable

    drill_id = api_client_for(student).post("/api/drills/", {"params": {"bars": 4}}, format="json").json()["id"]
    with mock.patch("generation.services.drill_render_media", side_effect=AudioUnavailable("fluidsynth is missing")):
        render_drill_media.apply(args=[drill_id])
    drill = Drill.objects.get(pk=drill_id)
    assert drill.status == "failed" and "fluidsynth" in drill.error


def test_a_teacher_makes_an_exercise_from_a_drill_spec(teacher: User) -> None:
    response = api_client_for(teacher).post(
        "/api/exercises/", {"drill": {"key": "G", "mode": "major", "bars": 4}}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert Exercise.objects.get(pk=response.json()["id"]).drill.params["key"] == "G"


def test_the_drill_page_previews_and_refines(student: User) -> None:
    client = logged_in(student)
    response = client.post("/drills/", {"request": "four bars in G major", "style": "block"})
    assert response.status_code == 302
    drill = Drill.objects.get()
    written(drill.pk)
    page = client.get(response["Location"]).content.decode()
    assert "<svg" in page and "What I understood" in page
    refined = client.post(f"/drills/{drill.pk}/refine/", {"request": "harder"})
    assert refined.status_code == 302 and Drill.objects.count() == 2
    assert Drill.objects.latest("created_at").params["level"] > drill.params["level"]


def test_a_teacher_assigns_a_drill_made_from_words_from_its_own_page(teacher: User, classroom: Classroom) -> None:
    """The drill page offered a teacher only "practise it in the studio": the class page's menu was the one way to
    set it, and nothing said so. Its page now links to each class, where the form opens with the drill chosen."""
    client = logged_in(teacher)
    client.post("/drills/", {"request": "8 bars in D major, steps mostly", "style": "block"})
    drill = Drill.objects.get()
    written(drill.pk)
    drill.refresh_from_db()
    page = client.get(f"/drills/{drill.pk}/").content.decode()
    link = f"/classes/{classroom.pk}/?exercise={drill.exercise_id}#set-assignment"
    assert "Assign it to a class" in page and link.replace("&", "&amp;") in page
    form = client.get(link.split("#")[0]).context["form"]
    assert form["target"].value() == drill.exercise_id
    response = client.post(f"/classes/{classroom.pk}/", {
        "target": drill.exercise_id, "title": "", "tolerance_cents": 25, "wrong_cents": 50, "tolerance_ms": 100})
    assert response.status_code == 302, response.context["form"].errors
    assert Assignment.objects.get(classroom=classroom).target == drill.exercise


def test_a_students_drill_page_offers_no_class_to_assign_to(student: User) -> None:
    client = logged_in(student)
    client.post("/drills/", {"request": "four bars in G major", "style": "block"})
    drill = Drill.objects.get()
    written(drill.pk)
    assert "Assign it to a class" not in client.get(f"/drills/{drill.pk}/").content.decode()


def test_a_take_of_a_drill_is_graded_against_it(student: User, tmp_path: Path) -> None:
    from grading.models import Recording
    from grading.tasks import analyze_recording
    from tests.grading.analysis.synth import Played, render, write_wav

    body = api_client_for(student).post("/api/drills/", {"params": {"bars": 4, "level": 1, "tempo": 80}}, format="json").json()
    written(body["id"])
    drill = Drill.objects.get(pk=body["id"])
    seconds_per_quarter = 60 / 80
    played, onset = [], 0.6
    from music21 import pitch

    for name, quarters in drill.notes:
        duration = float(quarters) * seconds_per_quarter
        played.append(Played(pitch.Pitch(str(name)).midi, onset, duration * 0.9))
        onset += duration
    take = write_wav(tmp_path / "take.wav", render(played, total=onset + 0.6))
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = api_client_for(student).post(
        "/api/recordings/",
        {"audio": SimpleUploadedFile("take.wav", take.read_bytes()), "exercise": drill.exercise_id},
        format="multipart",
    )
    assert response.status_code == 202, response.json()
    analyze_recording.apply(args=[response.json()["id"]])
    recording = Recording.objects.get(pk=response.json()["id"])
    assert recording.status == "done", recording.error
    summary = recording.result["summary"]
    assert summary["notes"] == len(drill.notes) and summary["pitch_ok"] == len(drill.notes)


def test_a_chinese_request_that_cannot_be_met_is_refused_in_chinese(student: User) -> None:
    response = api_client_for(student).post("/api/drills/", {"request": "音域C4到C#4，C大调"}, format="json")
    assert response.status_code == 400
    assert "音域：C4-C#4 中只有" in str(response.json())


def test_a_leap_beyond_the_max_leap_named_is_a_drill_with_the_clash_answered(student: User) -> None:
    # (words27) Was refused ("目标音程：+m6 大于最大跳进"): the leap named is kept and the clash said.
    response = api_client_for(student).post(
        "/api/drills/", {"request": "G大调，跳进不超过五度，多练上行小六度"}, format="json"
    )
    assert response.status_code in (200, 201, 202)
    assert any("互相矛盾" in line for line in response.json()["answers"])


@pytest.mark.parametrize(
    ("params", "english", "chinese"),
    [
        ({"seed": -1}, "seed: -1 is outside", "随机种子：-1 不在 0 到"),
        ({"voice": "castrato"}, "voice: 'castrato' is not one of", "声部：'castrato' 不是可用的声部"),
        ({"colour": "blue"}, "unknown parameter 'colour'", "参数：没有名为 'colour' 的参数"),
        ({"key": "H"}, "key: 'H' is not a note name", "调：'H' 不是音名"),
        ({"low": "C4", "high": "C#4", "key": "C"}, "range: C4-C#4 holds only", "音域：C4-C#4 中只有"),
        ({"bars": "abc"}, "bars: 'abc' is not a whole number", "小节数：'abc' 不是整数"),
        ({"tempo": "fast"}, "tempo: 'fast' is not a number", "速度：'fast' 不是数字"),
    ],
)
def test_parameter_errors_come_in_the_language_the_client_asked_for(
    student: User, params: dict, english: str, chinese: str
) -> None:
    client = api_client_for(student)
    in_english = client.post("/api/drills/", {"params": params}, format="json").json()["error"]
    in_chinese = client.post("/api/drills/", {"params": params}, format="json", HTTP_ACCEPT_LANGUAGE="zh-CN").json()["error"]
    assert english in in_english["message"] and in_english["fields"] == {"params": [in_english["message"]]}
    assert chinese in in_chinese["message"] and "无法生成" not in in_chinese["message"]


def test_a_pentatonic_drill_is_asked_for_in_chinese_words(student: User) -> None:
    response = api_client_for(student).post("/api/drills/", {"request": "请生成一个五声音阶的旋律，速度100"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["params"]["key"], body["params"]["mode"], body["params"]["tempo"]) == ("C", "gong", 100)
    assert "调式：C宫调式（五声）" in body["understood"] and body["ignored"] == []
    assert {name.rstrip("0123456789") for name, _ in body["notes"]} <= {"C", "D", "E", "G", "A"}


def test_a_pentatonic_drill_is_asked_for_in_params_and_refused_a_note_outside_it(student: User) -> None:
    client = api_client_for(student)
    body = client.post("/api/drills/", {"params": {"key": "A", "mode": "yu", "seed": 2}}, format="json").json()
    assert body["notes"][-1][0].startswith("A")
    refused = client.post("/api/drills/", {"params": {"key": "A", "mode": "yu", "target_notes": ["B"]}}, format="json",
                          HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert refused.status_code == 400
    assert "目标音：B 不在A羽调式的五个音（A C D E G）之中" in refused.json()["error"]["message"]


def test_the_drill_form_offers_the_pentatonic_modes(student: User) -> None:
    client = logged_in(student)
    page = client.get("/drills/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "五声调式" in page and "徵调式：结束在徵（5）" in page and "只用 1 2 3 5 6 五个音" in page
    response = client.post("/drills/", {"request": "G major, four bars", "style": "block", "pentatonic": "zhi"})
    drill = Drill.objects.get(pk=response["Location"].split("/")[-2])
    assert (drill.params["key"], drill.params["mode"]) == ("G", "zhi")
    assert "key: G zhi pentatonic (five notes: G A C D E; do is C)" in drill.understood


def test_words_and_params_together_are_refused_not_half_used(student: User) -> None:
    response = api_client_for(student).post(
        "/api/drills/", {"request": "in D minor", "params": {"bars": 4}}, format="json", HTTP_ACCEPT_LANGUAGE="zh-CN"
    )
    assert response.status_code == 400
    assert "不能两样都给" in response.json()["error"]["message"]
    assert not Drill.objects.exists()


def test_a_new_drills_score_is_a_quick_job_of_its_own_ahead_of_the_media(
    student: User, django_capture_on_commit_callbacks: Any
) -> None:
    from generation import services
    from generation.tasks import write_drill_score

    with mock.patch("generation.tasks.write_drill_score.apply_async") as score, \
            mock.patch("generation.tasks.render_drill_media.apply_async") as media, \
            django_capture_on_commit_callbacks(execute=True):
        drill_id = api_client_for(student).post("/api/drills/", {"params": {"bars": 4}}, format="json").json()["id"]
    assert score.call_args.args == ((drill_id,),) and media.call_args.args == ((drill_id,),)
    loaded_by_the_media_worker = Drill.objects.get(pk=drill_id)  # before the score was written

    write_drill_score.apply(args=(drill_id,))
    write_drill_score.apply(args=(drill_id,))  # a second delivery makes no second exercise
    drill = Drill.objects.get(pk=drill_id)
    assert drill.exercise is not None and {"musicxml", "svg"} <= set(drill.files)
    assert drill.status == "queued"  # the row is the media job's, still to run
    assert Exercise.objects.filter(owner=student).count() == 1

    # The media worker loaded the row before the score was written: it keeps the score's files.
    with mock.patch("generation.services.BACKGROUND_FORMATS", ()):
        services.drill_render_media(drill=loaded_by_the_media_worker)
    assert Drill.objects.get(pk=drill_id).files == drill.files
    assert Exercise.objects.filter(owner=student).count() == 1


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_one_click_refinement_is_understood_in_the_pages_language(student: User, language: str) -> None:
    import re

    from django.utils import translation

    from generation.melody import DrillParams, parse_request
    from generation.views import REFINEMENTS

    with translation.override(language):
        words = [str(word) for word in REFINEMENTS]
    assert all(bool(re.search(r"[\u4e00-\u9fff]", w)) == (language != "en") for w in words)
    previous = DrillParams.preset(3, key="D", mode="minor", bars=8, seed=5)
    for word in words:
        result = parse_request(word, previous=previous)
        assert result.understood and result.ignored == [], word
    drill = api_client_for(student).post("/api/drills/", {"request": "in D minor"}, format="json").json()
    page = logged_in(student).get(f"/drills/{drill['id']}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert all(f'value="{w}"' in page for w in words)


def test_an_accompaniment_style_named_in_the_words_is_the_drills_style(student: User) -> None:
    response = api_client_for(student).post(
        "/api/drills/", {"request": "8 bars in F with an Alberti bass accompaniment"}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["style"] == "alberti" and body["ignored"] == []
    assert "accompaniment: Alberti bass" in body["understood"]


def test_media_rendered_for_a_drill_deleted_meanwhile_leave_no_files(
    student: User, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.files.storage import default_storage

    from generation import services
    from generation.tasks import write_drill_score
    from students import privacy

    with mock.patch("generation.tasks.write_drill_score.apply_async"), \
            mock.patch("generation.tasks.render_drill_media.apply_async"), \
            django_capture_on_commit_callbacks(execute=True):
        drill_id = api_client_for(student).post("/api/drills/", {"params": {"bars": 4}}, format="json").json()["id"]
    write_drill_score.apply(args=(drill_id,))
    loaded_by_the_media_worker = Drill.objects.get(pk=drill_id)
    folder = loaded_by_the_media_worker.folder
    real_render = services.render_drill

    def render_while_the_account_goes(*args: Any, **kwargs: Any) -> dict[str, Path]:
        paths = real_render(*args, **kwargs)
        # The account (and the drill, and its folder) goes while the worker renders.
        with django_capture_on_commit_callbacks(execute=True):  # its files go once the deletion commits
            privacy.student_data_delete(actor=student, student=student, delete_account=True)
        return paths

    with mock.patch("generation.services.BACKGROUND_FORMATS", ("midi",)), \
            mock.patch("generation.services.render_drill", render_while_the_account_goes):
        services.drill_render_media(drill=loaded_by_the_media_worker)
    assert not Drill.objects.filter(pk=drill_id).exists()
    left = default_storage.listdir(folder)[1] if default_storage.exists(folder) else []
    assert left == []


def test_a_drill_asked_on_a_chinese_page_with_no_words_is_titled_in_chinese_by_the_worker(
    student: User, django_capture_on_commit_callbacks: Any
) -> None:
    from django.utils import translation

    from generation import services
    from generation.tasks import write_drill_score

    with mock.patch("generation.tasks.write_drill_score.apply_async"), \
            mock.patch("generation.tasks.render_drill_media.apply_async"), \
            translation.override("zh-hans"), django_capture_on_commit_callbacks(execute=True):
        drill = services.drill_create(owner=student, params={"key": "G", "bars": 4}, score_in_background=True)
    assert not student.language  # never chose one: the page's language is all there is
    with translation.override("en"):  # the worker has no page
        write_drill_score.apply(args=(drill.pk,))
    drill.refresh_from_db()
    assert drill.exercise is not None and drill.exercise.title.startswith("G大调"), drill.exercise.title


def test_a_drills_title_follows_the_page_language_where_it_shows(student: User) -> None:
    # Made on an English page, "Melody in C major, 8 bars (level 3)" sat among Chinese words on the
    # student's drill list and drill page once they switched to Chinese, and the other way round.
    from tutor.locale_compile import compile_catalogues

    compile_catalogues(Path(__file__).resolve().parents[2] / "locale")
    body = api_client_for(student).post("/api/drills/", {"request": "C major, 8 bars"}, format="json").json()
    written(body["id"])
    drill = Drill.objects.get(pk=body["id"])
    assert drill.exercise is not None and drill.exercise.title == "Melody in C major, 8 bars (level 3)"
    client = logged_in(student)
    for url in ("/drills/", f"/drills/{drill.pk}/"):
        chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
        assert "C大调旋律，8小节（等级 3）" in chinese and "Melody in C major" not in chinese, url
        assert "Melody in C major, 8 bars (level 3)" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    drill.exercise.title = "My scale warm-up"  # a title that is not the made one stays as it is
    drill.exercise.save(update_fields=["title"])
    assert "My scale warm-up" in client.get("/drills/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()


@pytest.mark.parametrize(
    ("language", "words", "answers", "not_understood", "headings"),
    [
        ("en", "a melody with lyrics in the style of Bach, C major, purple cadenza",
         ["a drill has no lyrics", "a style named after a composer, singer, piece or period (Bach)"], "purple cadenza",
         ["What I could not do as asked", "What I understood", "What I did not understand"]),
        ("zh-hans", "配上歌词的旋律，巴赫风格，C大调，紫色的华彩",
         ["练习没有歌词", "暂不支持按“巴赫”这类风格生成"], "紫色的华彩",
         ["没能按要求做到的", "我理解的要求", "我没有理解的部分"]),
    ],
)
def test_a_wish_the_drill_cannot_meet_is_answered_on_its_page_in_the_askers_language(
    student: User, language: str, words: str, answers: list[str], not_understood: str, headings: list[str]
) -> None:
    client = logged_in(student)
    response = client.post("/drills/", {"request": words, "style": "block"}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE=language).content.decode()
    # What cannot be met is answered under its own heading, apart from what was understood and what was not.
    answered = page[page.index(headings[0]):page.index(headings[1])]
    assert all(answer in answered for answer in answers)
    assert not_understood in page[page.index(headings[2]):]
    assert "note:" not in page and "注意：" not in page


@pytest.mark.parametrize(
    ("words", "answer"),
    [("a melody with lyrics, C major", "a drill has no lyrics"), ("配上歌词的旋律，C大调", "练习没有歌词")],
)
def test_the_api_gives_what_could_not_be_done_apart_from_what_was_understood(
    student: User, words: str, answer: str
) -> None:
    body = api_client_for(student).post("/api/drills/", {"request": words}, format="json").json()
    assert any(line.startswith(answer) for line in body["answers"])
    assert body["understood"] and not any(line.startswith(("note:", "注意：")) for line in body["understood"])
    assert not any(line.startswith(("note:", "注意：")) for line in body["answers"])
