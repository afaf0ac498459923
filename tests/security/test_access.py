"""Logins are guarded and uploads throttled; session forms need their CSRF token; clients cannot set
fields that are the server's to decide."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from grading.models import Recording
from tests.conftest import api_client_for
from tests.grading.takes import twinkle_take
from tutor.models import Assignment, Classroom, User

pytestmark = pytest.mark.django_db


def test_repeated_failed_logins_from_one_address_must_wait(student: User) -> None:
    client = Client()
    for _ in range(3):
        assert client.post("/accounts/login/", {"username": "sam", "password": "wrong"}).status_code == 200
    refused = client.post("/accounts/login/", {"username": "sam", "password": "a-long-test-password"})
    assert refused.status_code == 429 and b"Too many failed attempts" in refused.content
    assert int(refused["Retry-After"]) >= 1


def test_the_api_token_endpoint_is_guarded_the_same_way(student: User) -> None:
    client = Client()
    codes = [client.post("/api/auth/token/", {"username": "sam", "password": "nope"}).status_code for _ in range(5)]
    assert codes[0] == 400 and codes[-1] == 429
    assert client.post("/api/auth/token/", {"username": "sam", "password": "nope"}).json()["error"]["code"] == "throttled"


def test_uploads_are_throttled(student: User, assignment: Assignment, tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    from unittest import mock

    from django.core.files.uploadedfile import SimpleUploadedFile

    take = twinkle_take(tmp_path / "t.wav").read_bytes()
    client = api_client_for(student)
    codes = []
    with mock.patch("grading.tasks.analyze_recording.apply_async"):
        for _ in range(32):
            upload = SimpleUploadedFile("t.wav", take)
            codes.append(client.post("/api/recordings/", {"audio": upload, "exercise": assignment.target_id},
                                     format="multipart").status_code)
    assert codes[0] == 202 and 429 in codes


def test_session_forms_need_a_csrf_token(student: User, classroom: Classroom) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)
    assert client.post("/classes/join/", {"code": classroom.join_code}).status_code == 403
    assert client.post("/api/exports/").status_code == 403


def test_clients_cannot_set_owner_score_or_status(student: User, other_student: User, assignment: Assignment,
                                                  tmp_path) -> None:  # type: ignore[no-untyped-def]
    from unittest import mock

    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("t.wav", twinkle_take(tmp_path / "t.wav").read_bytes())
    with mock.patch("grading.tasks.analyze_recording.apply_async"):
        response = api_client_for(student).post(
            "/api/recordings/",
            {"audio": upload, "assignment": assignment.pk, "owner": other_student.pk, "score": 100,
             "status": "done", "result": "{}"},
            format="multipart",
        )
    recording = Recording.objects.get(pk=response.json()["id"])
    assert recording.owner == student and recording.score_percent is None and recording.status == "queued"


def test_a_class_is_always_the_creators(teacher: User, other_teacher: User) -> None:
    response = api_client_for(teacher).post("/api/classrooms/", {"name": "Mine", "teacher": other_teacher.pk})
    assert Classroom.objects.get(pk=response.json()["id"]).teacher == teacher


def test_the_api_has_no_way_to_change_a_role(student: User) -> None:
    client = api_client_for(student)
    for method in ("put", "patch", "post"):
        response = getattr(client, method)("/api/me/", {"role": "teacher"}, format="json")
        assert response.status_code == 405
    student.refresh_from_db()
    assert student.role == "student"


def test_a_password_reset_ends_the_api_token_too(student: User) -> None:
    """Sessions signed in with the old password end; the API token lived on, with whoever had taken it."""
    import re

    from django.core import mail

    student.email = "sam@example.com"
    student.save()
    token = Client().post("/api/auth/token/", {"username": "sam", "password": "a-long-test-password"}).json()["token"]
    stolen = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    assert stolen.get("/api/me/").status_code == 200
    browser = Client()
    unknown = browser.post("/accounts/password-reset/", {"email": "nobody@example.com"})
    known = browser.post("/accounts/password-reset/", {"email": "sam@example.com"})
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])  # says nothing
    link = re.search(r"/accounts/reset/\S+/", mail.outbox[-1].body)
    assert link is not None and len(mail.outbox) == 1
    form = browser.get(link.group(0), follow=True)
    new = {"new_password1": "another-long-password-9", "new_password2": "another-long-password-9"}
    assert browser.post(form.redirect_chain[-1][0], new).status_code == 302
    assert stolen.get("/api/me/").status_code in (401, 403)
    assert Client().post("/api/auth/token/", {"username": "sam", "password": "another-long-password-9"}).status_code == 200


def test_every_form_and_api_write_by_a_signed_in_browser_needs_its_csrf_token(world) -> None:  # type: ignore[no-untyped-def]
    """Every page form and every API method that writes, read from the resolver (a new one is covered the day it
    is added), posted by its owner's browser session without the token: 403, and nothing changes."""
    from django.core.cache import cache

    from tests.security.test_api_body_fuzz import api_operations, url_and_owner
    from tests.security.test_isolation_matrix import snapshot
    from tests.security.test_page_form_fuzz import page_urls

    before = snapshot()
    let_through = []
    writes = [(url, owner, method) for route, view in api_operations() if route != "api/auth/token/"
              for url, owner in [url_and_owner(route, world)]
              for method in ("post", "put", "patch", "delete") if hasattr(view, method)]
    writes += [(url, owner, "post") for url, owner in page_urls(world)]
    assert len(writes) > 60
    for url, owner, method in writes:
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(world.people[owner])
        cache.clear()
        response = getattr(browser, method)(url, "{}", content_type="application/json") if url.startswith("/api/") \
            else browser.post(url, {})
        if response.status_code != 403:
            let_through.append(f"{owner} {method.upper()} {url} -> {response.status_code}")
    assert not let_through, "\n".join(let_through)
    assert snapshot() == before
