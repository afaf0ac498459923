"""A follow-up ("harder", 再来一个) on the site: the request page and ``POST /api/drills/`` keep no earlier drill, so
the words are answered (a new drill from the defaults, said so, in the request's script); a drill's own page and
``/api/drills/{id}/refine/`` keep it, and the same words change that drill."""

from __future__ import annotations

import pytest

from tests.conftest import api_client_for
from tutor.models import User

pytestmark = pytest.mark.django_db


def test_harder_on_the_request_api_is_answered_and_makes_a_default_drill_a_level_up(student: User) -> None:
    body = api_client_for(student).post("/api/drills/", {"request": "harder"}, format="json").json()
    assert body["params"]["level"] == 4 and body["ignored"] == []
    assert any("earlier drill" in line and "Change it" in line for line in body["answers"])


def test_harder_on_a_drills_refine_changes_that_drill_and_says_nothing_more(student: User) -> None:
    client = api_client_for(student)
    first = client.post("/api/drills/", {"request": "D minor, 3/4, level 2"}, format="json").json()
    body = client.post(f"/api/drills/{first['id']}/refine/", {"request": "harder"}, format="json").json()
    assert (body["params"]["level"], body["params"]["key"], body["params"]["meter"]) == (3, "D", "3/4")
    assert body["answers"] == []


def test_another_one_in_traditional_is_answered_in_traditional(student: User) -> None:
    body = api_client_for(student).post("/api/drills/", {"request": "再來一個"}, format="json").json()
    (answer,) = body["answers"]
    assert "上一條練習" in answer and "练习" not in answer
