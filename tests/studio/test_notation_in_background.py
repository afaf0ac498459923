"""Notation too slow to draw within a request is drawn by a worker: the studio and the API say so, then show it.

The request's budget is patched down to a millisecond, so the demo score stands
in for a large one (a 2 000-note MIDI file took 17 s to draw under load).
"""

from __future__ import annotations

import time
from unittest import mock

import pytest
from django.test import Client

from grading.analysis.sandbox import ScoreLimits
from studio.notation import NOTATION_DRAW_PATIENCE_SECONDS, _count_drawing
from studio.tasks import draw_exercise_notation
from tests.conftest import api_client_for
from tutor.errors import TooBusy
from tutor.models import Assignment, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def slow_drawing(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SCORE_CHECK_SECONDS = 0.001


def browser_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_api_answers_202_while_a_worker_draws_then_the_notation(
    student: User, assignment: Assignment, slow_drawing: None, django_capture_on_commit_callbacks  # type: ignore[no-untyped-def]
) -> None:
    url = f"/api/exercises/{assignment.target_id}/notation/"
    with mock.patch("studio.tasks.draw_exercise_notation.apply_async") as queued, \
            django_capture_on_commit_callbacks(execute=True):
        first = api_client_for(student).get(url)
        again = api_client_for(student).get(url)
    assert first.status_code == again.status_code == 202
    assert first.json()["status"] == "drawing" and first["Retry-After"]
    assert queued.call_count == 1  # asked twice, queued once
    assert queued.call_args.kwargs["kwargs"] == {"transpose": 0, "layout": "wide"}

    draw_exercise_notation.apply(args=[assignment.target_id], kwargs={"transpose": 0, "layout": "wide"})

    drawn = api_client_for(student).get(url)
    assert drawn.status_code == 200 and "<svg" in drawn.json()["svg"] and drawn.json()["note_ids"]


def test_the_studio_page_says_the_score_is_being_drawn_then_shows_it(
    student: User, assignment: Assignment, slow_drawing: None
) -> None:
    with mock.patch("studio.tasks.draw_exercise_notation.apply_async"):
        page = browser_for(student).get(f"/exercises/{assignment.target_id}/studio/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="notation-drawing"' in html and "being drawn" in html and "<svg" not in html
    assert '<p id="tempo-help" class="small muted" hidden>' in html  # no "0 beats a minute" while it waits
    draw_exercise_notation.apply(args=[assignment.target_id])
    html = browser_for(student).get(f"/exercises/{assignment.target_id}/studio/").content.decode()
    assert 'id="notation-drawing"' not in html and "<svg" in html
    assert '<p id="tempo-help" class="small muted">' in html


def test_a_drawing_the_worker_gives_up_on_is_shown_as_a_reason_not_a_wait(
    student: User, assignment: Assignment, slow_drawing: None
) -> None:
    with mock.patch("studio.notation.worker_score_limits", return_value=ScoreLimits(wall_seconds=0.001)):
        draw_exercise_notation.apply(args=[assignment.target_id])
    response = api_client_for(student).get(f"/api/exercises/{assignment.target_id}/notation/")
    assert response.status_code == 400 and "longer than" in response.json()["error"]["message"]
    html = browser_for(student).get(f"/exercises/{assignment.target_id}/studio/").content.decode()
    assert 'id="notation-drawing"' not in html and "cannot be shown" in html


def test_another_student_cannot_ask_for_the_drawing(other_student: User, assignment: Assignment,
                                                    slow_drawing: None) -> None:
    with mock.patch("studio.tasks.draw_exercise_notation.apply_async") as queued:
        response = api_client_for(other_student).get(f"/api/exercises/{assignment.target_id}/notation/")
    assert response.status_code == 404 and not queued.called


def test_drill_my_mistakes_reads_the_score_in_the_sandbox_within_the_budget(
    student: User, assignment: Assignment, slow_drawing: None
) -> None:
    from grading.models import Recording

    recording = Recording.objects.create(
        owner=student, exercise_id=assignment.target_id, assignment=assignment, audio="recordings/x.wav",
        status="done", result={"notes": [{"index": 0, "target_midi": 60, "pitch": "flat", "timing": "ok"}]},
    )
    response = api_client_for(student).post(f"/api/recordings/{recording.pk}/drill/")
    assert response.status_code == 400  # too slow for the request: said, not a 500 nor a wait
    assert "too large" in response.json()["error"]["message"]


def test_one_person_cannot_fill_the_render_queue_with_drawings(
    student: User, assignment: Assignment, slow_drawing: None, settings  # type: ignore[no-untyped-def]
) -> None:
    settings.MAX_RENDERS_PER_USER = 2
    url = f"/api/exercises/{assignment.target_id}/notation/"
    with mock.patch("studio.tasks.draw_exercise_notation.apply_async"):
        answers = [api_client_for(student).get(f"{url}?transpose={shift}") for shift in (1, 2, 3)]
    assert [a.status_code for a in answers] == [202, 202, 429]
    assert answers[2].json()["error"]["code"] == "busy"
    with mock.patch("studio.tasks.draw_exercise_notation.apply_async"):
        assert api_client_for(student).get(f"{url}?transpose=1").status_code == 202  # already queued: no new slot


def test_a_drawing_done_gives_its_place_back_at_once(
    student: User, assignment: Assignment, slow_drawing: None, settings  # type: ignore[no-untyped-def]
) -> None:
    """A place was held for the whole 120 s window after its drawing was done: a teacher's preview of a class's
    drills (one drawing per student) got three scores every two minutes and "cannot be shown" for the rest."""
    settings.MAX_RENDERS_PER_USER = 2
    url = f"/api/exercises/{assignment.target_id}/notation/"
    with mock.patch("studio.tasks.draw_exercise_notation.apply_async"):
        answers = [api_client_for(student).get(f"{url}?transpose={shift}") for shift in (1, 2, 3)]
    assert [a.status_code for a in answers] == [202, 202, 429]

    draw_exercise_notation.apply(args=[assignment.target_id], kwargs={"transpose": 1, "layout": "wide"})
    assert api_client_for(student).get(f"{url}?transpose=1").status_code == 200
    with mock.patch("studio.tasks.draw_exercise_notation.apply_async"):
        assert api_client_for(student).get(f"{url}?transpose=3").status_code == 202  # the freed place
        assert api_client_for(student).get(f"{url}?transpose=4").status_code == 429  # and only that one


def test_the_drawings_window_ends_on_time_however_often_it_is_counted(student: User, settings) -> None:  # type: ignore[no-untyped-def]
    """The window is NOTATION_DRAW_PATIENCE_SECONDS from the first drawing, in the configured cache: the
    file and local-memory caches' incr/decr re-store the counter with the default 300 s timeout, which
    kept refusing (429) a person whose drawings had long finished."""
    settings.MAX_RENDERS_PER_USER = 2
    start = time.time()
    with mock.patch("time.time", return_value=start):
        _count_drawing(student, "queued-a")
        _count_drawing(student, "queued-b")
    with mock.patch("time.time", return_value=start + 60), pytest.raises(TooBusy):
        _count_drawing(student, "queued-c")  # a refusal (its decr) must not extend the window either
    with mock.patch("time.time", return_value=start + NOTATION_DRAW_PATIENCE_SECONDS + 5):
        _count_drawing(student, "queued-d")  # a new window
        _count_drawing(student, "queued-e")
        with pytest.raises(TooBusy):
            _count_drawing(student, "queued-f")


def test_play_and_record_wait_for_the_drawing_and_uploading_does_not(
    student: User, assignment: Assignment, slow_drawing: None
) -> None:
    """Record pressed while the score was being drawn opened the microphone, then stopped on a script error
    (no notes to follow) and left the page busy: it is off until the score is there, and says why."""
    with mock.patch("studio.tasks.draw_exercise_notation.apply_async"):
        html = browser_for(student).get(f"/assignments/{assignment.pk}/studio/").content.decode()
    assert 'id="record" class="record" disabled' in html and 'aria-describedby="audio-status" disabled' in html
    assert "Recording opens as soon as the score is drawn" in html
    assert '<button type="submit" id="upload-button">' in html
    draw_exercise_notation.apply(args=[assignment.target_id])
    html = browser_for(student).get(f"/assignments/{assignment.pk}/studio/").content.decode()
    assert 'id="record" class="record">' in html and 'aria-describedby="audio-status">' in html
    assert "Recording starts with a count-in bar" in html


def test_a_score_that_cannot_be_drawn_offers_the_upload_only(
    student: User, assignment: Assignment, slow_drawing: None
) -> None:
    with mock.patch("studio.notation.worker_score_limits", return_value=ScoreLimits(wall_seconds=0.001)):
        draw_exercise_notation.apply(args=[assignment.target_id])
    html = browser_for(student).get(f"/assignments/{assignment.pk}/studio/").content.decode()
    assert "cannot be shown" in html and "You can still upload a take." in html and "still record" not in html
    assert 'id="record" class="record" disabled' in html and "upload a recording instead" in html
