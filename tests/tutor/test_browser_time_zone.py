"""Times in the reader's own zone: the due date a teacher types, and the one a student reads.

The server's zone (UTC unless TUTOR_TIME_ZONE says otherwise) stored a due date typed as 17:00 in Beijing as
17:00 UTC (01:00 the next day there) and showed it back as such, while the studio's scripts wrote take times
in the browser's zone on the same page. site.js names the browser's zone in the ``tz`` cookie.
"""

from __future__ import annotations

import importlib
from datetime import UTC, datetime

import pytest
from django.apps import apps as django_apps

from grading.models import Exercise
from tests.conftest import api_client_for, logged_in, make_assignment
from tutor.middleware import browser_time_zone
from tutor.models import DUE_YEARS, Assignment, Classroom, User

pytestmark = pytest.mark.django_db


def test_a_due_date_typed_in_beijing_is_17_00_beijing_time_and_read_as_such(
    teacher: User, student: User, classroom: Classroom, exercise: Exercise,
) -> None:
    coach = logged_in(teacher)
    coach.cookies["tz"] = "Asia/Shanghai"
    response = coach.post(f"/classes/{classroom.pk}/", {
        "target": exercise.pk, "title": "Scales", "due_at": "2026-12-01T17:00", "tolerance_cents": 25,
        "wrong_cents": 50, "tolerance_ms": 100})
    assert response.status_code == 302
    assert Assignment.objects.get(classroom=classroom).due_at == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    reader = logged_in(student)
    reader.cookies["tz"] = "Asia/Shanghai"
    assert "17:00" in reader.get("/dashboard/").content.decode()
    reader.cookies["tz"] = "Europe/London"
    assert "09:00" in reader.get("/dashboard/").content.decode()


@pytest.mark.parametrize("cookie", ["Not/A_Zone", "../../etc/passwd", "/etc/localtime", "x" * 300, ""])
def test_a_cookie_that_names_no_zone_leaves_the_servers(
    cookie: str, student: User, classroom: Classroom, exercise: Exercise,
) -> None:
    assert browser_time_zone(cookie) is None
    assignment = make_assignment(classroom, exercise)
    Assignment.objects.filter(pk=assignment.pk).update(due_at=datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    client = logged_in(student)
    client.cookies["tz"] = cookie
    response = client.get("/dashboard/")
    assert response.status_code == 200 and "09:00" in response.content.decode()


@pytest.mark.parametrize("zone, typed", [("Asia/Shanghai", "0001-01-01T00:00"), ("America/New_York", "9999-12-31T23:59")])
def test_a_due_date_no_zone_can_hold_is_refused_in_words_on_the_page_and_in_the_api(
    zone: str, typed: str, teacher: User, classroom: Classroom, exercise: Exercise,
) -> None:
    # Year 1 typed in Beijing is year 0 in UTC, 9999-12-31 in New York is year 10000: the save failed with a 500.
    coach = logged_in(teacher)
    coach.cookies["tz"] = zone
    page = coach.post(f"/classes/{classroom.pk}/", {
        "target": exercise.pk, "title": "Scales", "due_at": typed, "tolerance_cents": 25, "wrong_cents": 50,
        "tolerance_ms": 100})
    assert page.status_code == 200 and "leave it empty for no due date" in page.content.decode()
    api = api_client_for(teacher)
    api.cookies["tz"] = zone
    answer = api.post("/api/assignments/", {"classroom": classroom.pk, "kind": "exercise", "target": exercise.pk,
                                            "due_at": typed}, format="json")
    assert answer.status_code == 400 and "due_at" in answer.json()["error"]["fields"]
    assert not Assignment.objects.exists()


@pytest.mark.parametrize("zone, stored", [("Asia/Shanghai", datetime(9999, 12, 31, 23, 0, tzinfo=UTC)),
                                          ("America/New_York", datetime(1, 1, 1, 1, 0, tzinfo=UTC))])
def test_a_due_date_stored_at_the_end_of_time_is_brought_in_range_and_every_page_shows_it(
    zone: str, stored: datetime, teacher: User, student: User, classroom: Classroom, exercise: Exercise,
) -> None:
    # Stored when every time was read in UTC; shown in Beijing (or New York) it overflowed on every page showing it.
    assignment = make_assignment(classroom, exercise)
    Assignment.objects.filter(pk=assignment.pk).update(due_at=stored)
    migration = importlib.import_module("tutor.migrations.0010_assignment_due_date_years")
    migration.bring_due_dates_in_range(django_apps, None)
    assignment.refresh_from_db()
    assert assignment.due_at is not None and DUE_YEARS[0] <= assignment.due_at.year <= DUE_YEARS[1]
    for person in (teacher, student):
        client = logged_in(person)
        client.cookies["tz"] = zone
        for url in ("/dashboard/", f"/classes/{classroom.pk}/", f"/assignments/{assignment.pk}/",
                    f"/assignments/{assignment.pk}/studio/"):
            assert client.get(url).status_code == 200, (person.username, url)


def test_a_signed_in_page_served_without_the_zone_says_which_it_guessed_so_the_page_is_shown_again(
    student: User, teacher: User, classroom: Classroom, exercise: Exercise,
) -> None:
    # The first page before site.js wrote the cookie showed the due times in the server's zone (UTC).
    reader = logged_in(student)
    page = reader.get("/dashboard/").content.decode()
    assert '<html lang="en" data-time-zone-guessed="UTC">' in page
    reader.cookies["tz"] = "Asia/Shanghai"
    assert "data-time-zone-guessed" not in reader.get("/dashboard/").content.decode()
    reader.cookies["tz"] = "Not/A_Zone"  # a zone the server cannot read: still guessed (site.js reloads once only)
    assert 'data-time-zone-guessed="UTC"' in reader.get("/dashboard/").content.decode()
    # Signed out there are no times to show; a form's answer is never loaded again (it would be sent twice).
    anonymous = logged_in(student)
    anonymous.logout()
    assert "data-time-zone-guessed" not in anonymous.get("/accounts/login/").content.decode()
    coach = logged_in(teacher)
    refused = coach.post(f"/classes/{classroom.pk}/", {"target": exercise.pk, "title": "", "due_at": "nonsense"})
    assert refused.status_code == 200 and "data-time-zone-guessed" not in refused.content.decode()
