"""Times in the reader's own zone: the due date a teacher types, and the one a student reads.

The server's zone (UTC unless TUTOR_TIME_ZONE says otherwise) stored a due date typed as 17:00 in Beijing as
17:00 UTC (01:00 the next day there) and showed it back as such, while the studio's scripts wrote take times
in the browser's zone on the same page. site.js names the browser's zone in the ``tz`` cookie.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from grading.models import Exercise
from tests.conftest import logged_in, make_assignment
from tutor.middleware import browser_time_zone
from tutor.models import Assignment, Classroom, User

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
