"""Every page that takes a form, posted fields of the wrong shape by the person it belongs to: the answer is
a page (the form again with its errors, or a redirect), never a 500. The routes come from the resolver and the
field names from the site's forms and templates, so a new form is covered the day it is added."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client

from tests.security.conftest import World
from tests.security.test_isolation_matrix import routes

pytestmark = pytest.mark.django_db

FIELDS = ["action", "answer", "back", "any_key", "assignment", "attempts_allowed", "code", "confirm", "delete_account",
          "drill_mode", "drills", "due_at", "email", "free_tempo", "instructions", "key", "language", "level", "mode",
          "name", "next", "notation", "part", "pentatonic", "pitch", "question", "request", "role", "style", "tempo",
          "time_limit_minutes", "timing", "title", "tolerance_cents", "tolerance_ms", "unit", "viewport",
          "wrong_cents", "items", "student", "classroom", "exercise", "quiz"]
HOSTILE = ["", "x" * 20_000, "\x00", "中文🎵", "-1", "99999999999999999999999", "nan", "1e309", "2026-13-45 99:99",
           "<script>alert(1)</script>", "../../etc/passwd", "true", "[]", "{}"]
# Account deletion and logging out would leave nobody to post the rest; their own tests cover them.
SKIPPED = ("delete-data", "logout", "password-reset", "accounts/reset", "admin")


def page_urls(world: World) -> list[tuple[str, str]]:
    found = []
    for route in routes():
        if route.startswith("api/") or any(s in route for s in SKIPPED):
            continue
        owner = "victim"
        url = route
        for kind, name in re.findall(r"<(?:(\w+):)?(\w+)>", route):
            if name in ("classroom_id", "upload_id", "assignment_id") or (name == "exercise_id" and "takes" not in route):
                owner = "teacher"
            value = str(world.ids[name][0]) if name in world.ids else {
                "fmt": "svg", "part": "melody", "slug": "reading-01-the-staff", "index": "0"}.get(name, "x")
            url = url.replace(f"<{kind}:{name}>" if kind else f"<{name}>", value)
        found.append(("/" + url, owner))
    return found


def test_no_form_field_of_the_wrong_shape_gives_a_500(world: World) -> None:
    failures = []
    urls = page_urls(world)
    assert len(urls) > 40
    for url, owner in urls:
        for person in {owner, "teacher", "victim"}:
            client = Client()
            client.force_login(world.people[person])
            for value in HOSTILE:
                cache.clear()
                response = client.post(url, {name: value for name in FIELDS}, HTTP_ACCEPT_LANGUAGE="zh-hans")
                if response.status_code >= 500:
                    failures.append(f"{person} POST {url} all={value[:20]!r} -> {response.status_code}")
    assert not failures, "\n".join(failures[:40])


@pytest.mark.parametrize("target", ["foo", "中文", "x" * 3000, "//evil.example/x", "https://evil.example/", "javascript:x"])
def test_a_next_or_back_that_is_not_a_path_here_goes_home_not_to_a_500(world: World, target: str) -> None:
    """redirect() read a bare word as a view name: next=foo answered 500 (NoReverseMatch)."""
    client = Client()
    client.force_login(world.people["victim"])
    exercise = world.ids["exercise_id"][0]
    for url, field, fallback in (("/language/", "next", "/"), ("/account/notation/", "next", "/"),
                                 (f"/exercises/{exercise}/takes/", "back", "/dashboard/")):
        response = client.post(url, {field: target, "language": "en", "notation": "staff"})
        assert (response.status_code, response["Location"]) == (302, fallback), url
    response = client.post("/language/", {"next": "/lessons/?x=1", "language": "zh-hans"})
    assert response["Location"] == "/lessons/?x=1"
