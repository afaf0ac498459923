"""Every page that takes a form, posted fields of the wrong shape by the person it belongs to: the answer is
a page (the form again with its errors, or a redirect), never a 500. The routes come from the resolver and the
field names from the site's forms and templates, so a new form is covered the day it is added."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from tests.security.conftest import World
from tests.security.test_api_body_fuzz import url_and_owner
from tests.security.test_isolation_matrix import routes

pytestmark = pytest.mark.django_db

FIELDS = ["action", "answer", "back", "any_key", "assignment", "attempts_allowed", "code", "confirm", "delete_account",
          "drill_mode", "drills", "due_at", "email", "free_tempo", "instructions", "key", "language", "level", "mode",
          "name", "next", "notation", "part", "pentatonic", "pitch", "question", "request", "role", "style", "tempo",
          "time_limit_minutes", "timing", "title", "tolerance_cents", "tolerance_ms", "unit", "viewport",
          "wrong_cents", "items", "student", "classroom", "exercise", "quiz"]
# "²" passes str.isdigit() and int() refuses it, as it refuses 5000 digits: both were 500s where a view did
# int(text) if text.isdigit().
HOSTILE = ["", "x" * 20_000, "\x00", "中文🎵", "-1", "99999999999999999999999", "nan", "1e309", "2026-13-45 99:99",
           "<script>alert(1)</script>", "../../etc/passwd", "true", "[]", "{}", "²", "9" * 5000]
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


def query_parameters() -> list[str]:
    """Every query-string parameter a page or API view reads, found in the apps' source, so a new one is fuzzed
    the day it is added."""
    names: set[str] = set()
    for app in ("tutor", "students", "studio", "grading", "lessons", "generation"):
        for path in Path(settings.BASE_DIR, app).rglob("*.py"):
            names.update(re.findall(r"(?:request\.GET|query_params)\.get\(\s*[\"'](\w+)[\"']", path.read_text()))
    return sorted(names)


def test_no_query_parameter_of_the_wrong_shape_gives_a_500(world: World) -> None:
    """Every page and API GET the owner may open, with each query parameter the views read set to hostile
    values: ``?exercise=²`` on a class page answered 500 (``"²".isdigit()`` is true, ``int("²")`` fails)."""
    names = query_parameters()
    assert {"exercise", "part", "answered", "format", "q"} <= set(names), names
    failures = []
    for url, owner in page_urls(world) + api_get_urls(world):
        client = Client()
        client.force_login(world.people[owner])
        for value in ("²", "9" * 5000, "-1", "\x00", "中文🎵", "x" * 5000):
            cache.clear()
            response = client.get(url, {name: value for name in names}, HTTP_ACCEPT_LANGUAGE="zh-hans")
            if response.status_code >= 500:
                failures.append(f"{owner} GET {url}?{{all}}={value[:12]!r} -> {response.status_code}")
    assert not failures, "\n".join(failures[:40])


def api_get_urls(world: World) -> list[tuple[str, str]]:
    """The API's routes with the owner's ids, as ``page_urls`` fills the pages'."""
    found = []
    for route in routes():
        if not route.startswith("api/") or any(s in route for s in SKIPPED):
            continue
        found.append(url_and_owner(route, world))
    return found
