"""Every API operation that takes a body, sent bodies of the wrong shape by the person it belongs to.

The owner gets past the ownership checks, so the body reaches the serializer and whatever the view does
after it. Every field the operation declares gets, together and one at a time, values of the wrong type,
out of every range, unicode and NUL bytes, nesting, NaN and huge numbers. Each answer is below 500 and a
refusal is the API's one error shape with a message. The operations and their fields are read from the
views, so a new one is covered the day it is added."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework import serializers
from rest_framework.test import APIClient

from tests.conftest import api_client_for
from tests.security.conftest import World

pytestmark = pytest.mark.django_db

HOSTILE: list[Any] = [None, [], {}, "", "x" * 20_000, -1, -(2**63), 2**70, 1e308, "NaN", "-Infinity", "1e9999",
                      True, "中文🎵\u0000", [[[[[]]]]], {"a": [1, {"b": None}]}, [1, "2", None], "2026-13-45T99:99"]
ONE_AT_A_TIME: list[Any] = [None, 2**70, "NaN", [], {"x": 1}, -1, "中文\u0000"]
# Fields that routes take in their bodies but do not declare on a nested serializer.
COMMON = ["request", "params", "notes", "answer", "choice", "position", "part", "parts", "style", "chords", "tempo"]
# Deleting the victim's account would leave nobody to send the rest.
SKIPPED = ("delete-data",)


def api_operations(resolver: URLResolver | None = None, prefix: str = "") -> list[tuple[str, type]]:
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            found += api_operations(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            view = getattr(entry.callback, "view_class", None)
            if route.startswith("api/") and view is not None and not any(s in route for s in SKIPPED):
                found.append((route, view))
    return found


def declared_fields(view: type) -> list[str]:
    names: set[str] = set()
    for attribute in vars(view).values():
        if isinstance(attribute, type) and issubclass(attribute, serializers.Serializer):
            names.update(attribute().fields)
    return sorted(names) or COMMON


# Who owns the thing each id names: the teacher's private and class things, else the victim's.
TEACHERS = {"classroom_id", "upload_id", "assignment_id"}


def url_and_owner(route: str, world: World) -> tuple[str, str]:
    owner = "victim"
    url = route
    for kind, name in re.findall(r"<(?:(\w+):)?(\w+)>", route):
        if name in TEACHERS or (name == "exercise_id" and "takes" not in route):
            owner = "teacher"
        value = str(world.ids[name][0]) if name in world.ids else {"fmt": "svg", "slug": "reading-01-the-staff"}.get(
            name, "0")
        url = url.replace(f"<{kind}:{name}>" if kind else f"<{name}>", value)
    return "/" + url, owner


def test_every_operation_is_found() -> None:
    operations = api_operations()
    assert len(operations) > 40
    assert {"api/drills/", "api/assignments/", "api/recordings/"} <= {route for route, _ in operations}


@pytest.mark.parametrize("route", [route for route, _ in api_operations()])
def test_a_body_of_the_wrong_shape_is_a_clear_4xx_never_a_500(world: World, route: str) -> None:
    view = dict(api_operations())[route]
    url, owner = url_and_owner(route, world)
    fields = declared_fields(view)
    methods = [m for m in ("post", "put", "patch") if hasattr(view, m)]
    if not methods:
        pytest.skip("reads only")
    people = [owner, "teacher" if owner == "victim" else "victim"]
    bodies = [{name: value for name in fields} for value in HOSTILE] + [
        {name: value} for name in fields for value in ONE_AT_A_TIME] + [[], "text", 7]
    failures = []
    for person in people:
        client = api_client_for(world.people[person])
        for method in methods:
            for body in bodies:
                cache.clear()
                response = getattr(client, method)(url, body, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
                status = response.status_code
                if status >= 500:
                    failures.append(f"{person} {method.upper()} {url} {str(body)[:120]} -> {status}")
                elif status >= 400 and not _error_message(response):
                    failures.append(f"{person} {method.upper()} {url} {str(body)[:120]} -> {status} without a message")
    assert not failures, "\n".join(failures[:40])


def _error_message(response: Any) -> str:
    try:
        error = response.json()["error"]
    except (ValueError, KeyError, TypeError):
        return ""
    return str(error.get("message") or "")


# (10**400: JSON's whole numbers have no bound, and one past a float's broke the checks that made it one: a 500.)
NESTED: list[Any] = [None, [], {}, "", "x" * 5000, -1, 0, 2**70, -(2**70), 10**400, 1e308, 0.5, "NaN", True, "中文🎵\u0000",
                     ["treble", 7, None], {"a": 1}, "C99", "H#", "-P99"]


def _quiz_bodies() -> list[tuple[str, dict[str, Any]]]:
    from lessons.questions.registry import GENERATORS

    bodies = []
    for kind, generator in GENERATORS.items():
        for param in [*generator.params, mock_param("__class__"), mock_param("seed"), mock_param("kind"), mock_param("nonsense")]:
            for value in NESTED:
                bodies.append((f"{kind}.{param.name}={str(value)[:20]!r}",
                               {"title": "q", "items": [{"kind": kind, "params": {param.name: value}, "count": 1}]}))
    return bodies


def mock_param(name: str) -> Any:
    from types import SimpleNamespace

    return SimpleNamespace(name=name)


def _drill_bodies() -> list[tuple[str, dict[str, Any]]]:
    import dataclasses

    from generation.melody.params import DrillParams

    names = [f.name for f in dataclasses.fields(DrillParams)] + ["range", "target_notes", "target_intervals", "nonsense"]
    return [(f"{name}={str(value)[:20]!r}", {"params": {"bars": 2, name: value}}) for name in names for value in NESTED]


def test_every_question_type_parameter_of_the_wrong_kind_is_a_clear_400(teacher) -> None:  # type: ignore[no-untyped-def]
    client = api_client_for(teacher)
    failures = []
    for label, body in _quiz_bodies():
        response = client.post("/api/quizzes/", body, format="json")
        if response.status_code >= 500 or (response.status_code >= 400 and not _error_message(response)):
            failures.append(f"{label} -> {response.status_code}")
    assert not failures, "\n".join(failures[:40])


@pytest.mark.parametrize("path", ["/api/drills/", "/api/exercises/"])
def test_every_drill_parameter_of_the_wrong_kind_is_a_clear_4xx(teacher, path: str) -> None:  # type: ignore[no-untyped-def]
    from unittest import mock

    client = api_client_for(teacher)
    failures = []
    with mock.patch("generation.services._queue_media"):
        for label, body in _drill_bodies():
            cache.clear()
            body = body if path == "/api/drills/" else {"title": "d", "drill": body["params"]}
            response = client.post(path, body, format="json")
            if response.status_code >= 500 or (response.status_code >= 400 and not _error_message(response)):
                failures.append(f"{label} -> {response.status_code}")
    assert not failures, "\n".join(failures[:40])


def test_transcription_corrections_and_backing_of_the_wrong_kind_are_a_clear_400(world: World) -> None:
    client = api_client_for(world.people["victim"])
    row = world.ids["transcription_id"][0]
    failures = []
    for name in ("index", "midi", "quarter_length", "nonsense"):
        for value in NESTED:
            edit = {"index": 1, name: value}
            version = client.get(f"/api/transcriptions/{row}/").json()["version"]  # each edit saved moves it on
            response = client.patch(f"/api/transcriptions/{row}/", {"version": version, "notes": [edit]}, format="json")
            if response.status_code >= 400 and (response.status_code >= 500 or not _error_message(response)):
                failures.append(f"PATCH {edit} -> {response.status_code}")
    for value in NESTED:
        response = client.patch(f"/api/transcriptions/{row}/", {"version": value, "notes": [{"index": 1}]}, format="json")
        if response.status_code >= 500 or (response.status_code >= 400 and not _error_message(response)):
            failures.append(f"PATCH version={str(value)[:30]} -> {response.status_code}")
    for path in ("accompaniment", "exercise"):
        for name in ("chords", "style", "tempo", "title"):
            for value in [*NESTED, ["Zz9", "I" * 32, "", "V/V/V/V"], ["I"] * 400, ["vii°7", "N6", "It+6", "bVII"]]:
                cache.clear()
                response = client.post(f"/api/transcriptions/{row}/{path}/", {name: value}, format="json")
                if response.status_code >= 500 or (response.status_code >= 400 and not _error_message(response)):
                    failures.append(f"{path} {name}={str(value)[:30]} -> {response.status_code}")
    assert not failures, "\n".join(failures[:40])


# Ten thousand "[" made json.load raise RecursionError, which DRF does not turn into a 400: a 500 for anyone.
DEEP_BODIES = {"lists": "[" * 10_000 + "]" * 10_000, "objects": '{"a":' * 10_000 + "1" + "}" * 10_000,
               "just too deep": '{"params":' * 33 + "{}" + "}" * 33}


def test_a_body_nested_too_deeply_is_a_clear_400_for_every_operation(world: World) -> None:
    failures = []
    operations = [(route, view) for route, view in api_operations()
                  if any(hasattr(view, m) for m in ("post", "put", "patch"))]
    assert len(operations) > 25
    for route, view in operations:
        url, owner = url_and_owner(route, world)
        client = api_client_for(world.people[owner]) if route != "api/auth/token/" else APIClient()
        for method in [m for m in ("post", "put", "patch") if hasattr(view, m)]:
            for name, body in DEEP_BODIES.items():
                cache.clear()
                response = getattr(client, method)(url, body, content_type="application/json",
                                                   HTTP_ACCEPT_LANGUAGE="zh-hans")
                # An operation that reads no body (a take's drill, handing a quiz in) answers as it would anyway.
                if response.status_code >= 500:
                    failures.append(f"{method.upper()} {url} {name} -> {response.status_code}")
                elif route in ("api/drills/", "api/auth/token/", "api/classrooms/join/") and (
                        response.status_code != 400 or "嵌套" not in _error_message(response)):
                    failures.append(f"{method.upper()} {url} {name} -> {response.status_code} {_error_message(response)}")
    assert not failures, "\n".join(failures[:40])


def test_a_body_nested_as_deeply_as_a_request_needs_is_read() -> None:
    from tutor.parsers import MAX_JSON_DEPTH, json_depth

    assert [json_depth(v) for v in (7, [], [1, [2]], {"a": [{"b": {}}]})] == [0, 1, 2, 4]
    deep: list[object] = []
    for _ in range(4999):
        deep = [deep]
    assert json_depth(deep) == 5000  # no recursion in the walk itself
    assert MAX_JSON_DEPTH >= 8


# json.loads reads "\ud800" as a string UTF-8 cannot encode: a choice field's error echoed it ("'\ud800' is not a
# valid choice") and the response itself failed to encode, a 500 on a note override and a new quiz.
LONE_SURROGATES: list[Any] = ["\ud800", "a\udfffb", ["\udc00"], {"x": "\ud800"}, {"\ud800": 1}]


def test_a_lone_surrogate_anywhere_in_a_body_is_a_clear_400_for_every_operation(world: World) -> None:
    import json

    failures = []
    operations = [(route, view) for route, view in api_operations()
                  if any(hasattr(view, m) for m in ("post", "put", "patch"))]
    for route, view in operations:
        url, owner = url_and_owner(route, world)
        client = api_client_for(world.people[owner]) if route != "api/auth/token/" else APIClient()
        fields = declared_fields(view)
        for method in [m for m in ("post", "put", "patch") if hasattr(view, m)]:
            for value in LONE_SURROGATES:
                for body in [{name: value for name in fields}, *({name: value} for name in fields)]:
                    cache.clear()
                    raw = json.dumps(body)  # ASCII, with the surrogate as a \u escape, as a client would send it
                    response = getattr(client, method)(url, raw, content_type="application/json",
                                                       HTTP_ACCEPT_LANGUAGE="zh-hans")
                    if response.status_code >= 500:
                        failures.append(f"{method.upper()} {url} {raw[:80]} -> {response.status_code}")
                    elif response.status_code >= 400 and not _error_message(response):
                        failures.append(f"{method.upper()} {url} {raw[:80]} -> {response.status_code} without a message")
    assert not failures, "\n".join(failures[:40])
    # A pair (an emoji, as some JSON writers escape it) is one character and is read.
    teacher = api_client_for(world.people["teacher"])
    paired = teacher.post("/api/classrooms/", '{"name": "Choir \\ud83c\\udfb5"}', content_type="application/json")
    assert paired.status_code == 201 and paired.json()["name"] == "Choir \U0001f3b5", paired.content

