"""One JSON error shape for every API status, 500 and 413 included; plain pages elsewhere; the small defects.

Issue 18, finding 7: seed -1 gave a 500, API 500s and oversized bodies came
back as HTML, octaves outside the piano were accepted, and gradebook cells
starting with = + - @ reached spreadsheets as formulas.
"""

from __future__ import annotations

from unittest import mock

import pytest
from django.test import Client

from students.gradebook import gradebook_for
from tests.conftest import api_client_for
from tutor.csv_export import csv_text, spreadsheet_safe
from tutor.models import Assignment, Classroom, User

pytestmark = pytest.mark.django_db


def assert_error_shape(response, status: int, code: str | None = None) -> dict:  # type: ignore[no-untyped-def,type-arg]
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"} and error["message"]
    if code:
        assert error["code"] == code
    return error


@pytest.mark.parametrize("params", [{"seed": -1}, {"seed": 2**64}, {"seed": True}, {"low": "C9", "high": "D9"},
                                    {"low": "G#0", "high": "C4"}, {"tempo": "nan"}])
def test_bad_drill_params_are_a_400_naming_the_field(student: User, params: dict) -> None:  # type: ignore[type-arg]
    with mock.patch("generation.tasks.render_drill_media.apply_async"):
        response = api_client_for(student).post("/api/drills/", {"params": params}, format="json")
    error = assert_error_shape(response, 400)
    assert any(name in error["message"] for name in params), error


def test_an_unexpected_error_in_a_view_is_a_json_500(student: User) -> None:
    client = api_client_for(student)
    client.raise_request_exception = False
    with mock.patch("generation.api.services.drill_create", side_effect=RuntimeError("boom")):
        response = client.post("/api/drills/", {"params": {}}, format="json")
    error = assert_error_shape(response, 500, "server_error")
    assert "boom" not in error["message"]


def test_a_body_over_the_form_limit_is_a_json_413(student: User, settings) -> None:  # type: ignore[no-untyped-def]
    body = {"params": {}, "padding": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)}
    response = api_client_for(student).post("/api/drills/", body, format="json")
    assert_error_shape(response, 413, "too_large")


def test_a_body_over_the_upload_cap_is_a_json_413(student: User, settings) -> None:  # type: ignore[no-untyped-def]
    response = api_client_for(student).post(
        "/api/recordings/", data=b"x", content_type="application/octet-stream",
        CONTENT_LENGTH=str(settings.MAX_UPLOAD_BYTES * 2),
    )
    assert_error_shape(response, 413, "too_large")


@pytest.mark.parametrize(("url", "status"), [("/api/no-such-thing/", 404), ("/api/drills/999999/", 404)])
def test_missing_api_urls_answer_json(student: User, url: str, status: int) -> None:
    assert_error_shape(api_client_for(student).get(url), status)


def test_pages_answer_plain_404_and_500_without_debug_details(student: User, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(student)
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404 and b"Not found" in missing.content
    assert b"URLconf" not in missing.content and b"Traceback" not in missing.content
    with mock.patch("students.views.render", side_effect=RuntimeError("secret detail")):
        crashed = client.get("/dashboard/")
    assert crashed.status_code == 500 and b"Something went wrong" in crashed.content
    assert b"secret detail" not in crashed.content and b"Traceback" not in crashed.content


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://x\")", "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_cells_are_neutralised(value: str) -> None:
    assert spreadsheet_safe(value) == "'" + value
    assert csv_text([[value]]).startswith("'") or csv_text([[value]]).startswith("\"'")


def test_numbers_and_plain_text_are_left_alone() -> None:
    assert [spreadsheet_safe(v) for v in (-3, 2.5, "Anna", "")] == [-3, 2.5, "Anna", ""]


def test_the_gradebook_csv_neutralises_names_and_titles(teacher: User, classroom: Classroom,
                                                        assignment: Assignment) -> None:
    evil = User.objects.create_user(username="=cmd", password="a-long-test-password", role="student")
    classroom.enrollments.create(student=evil)
    assignment.title = "@SUM(1+1)"
    assignment.save(update_fields=["title"])
    text = gradebook_for(classroom).to_csv()
    assert "'=cmd" in text and "'@SUM(1+1) (best)" in text
    lines = text.splitlines()
    assert not any(cell.startswith(("=", "+", "-", "@")) for line in lines for cell in line.split(","))


def test_error_pages_speak_the_readers_language(student: User, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = False
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(student)
    missing = client.get("/no-such-page/").content.decode()
    assert "页面不存在" in missing and "Not found" not in missing
    with mock.patch("students.views.render", side_effect=RuntimeError("secret detail")):
        crashed = client.get("/dashboard/").content.decode()
    assert "出错了" in crashed and 'lang="zh-hans"' in crashed
