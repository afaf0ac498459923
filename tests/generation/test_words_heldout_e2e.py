"""Every request of the newest blind words set, end to end: the API and the page where students type a request
answer it (a drill, or a refusal in the request's language), never with a server error."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from generation.models import Drill
from tests.conftest import api_client_for
from tutor.models import User

pytestmark = pytest.mark.django_db

SET = Path(__file__).resolve().parents[2] / "benchmarks" / "requests" / "heldout10.jsonl"
CASES = [json.loads(line) for line in SET.read_text().splitlines() if line.strip()]
CJK = re.compile(r"[\u4e00-\u9fff]")


def _create(student: User, case: dict[str, Any]) -> Any:
    client = api_client_for(student)
    if "previous" in case:
        first = client.post("/api/drills/", {"params": case["previous"]}, format="json")
        assert first.status_code == 201, first.content
        return client.post(f"/api/drills/{first.json()['id']}/refine/", {"request": case["text"]}, format="json")
    return client.post("/api/drills/", {"request": case["text"]}, format="json")


@pytest.mark.parametrize("case", CASES, ids=[str(n) for n in range(len(CASES))])
def test_the_api_answers_every_request_in_its_language(student: User, case: dict[str, Any]) -> None:
    response = _create(student, case)
    if case.get("refused"):
        assert response.status_code == 400, response.content
        assert bool(CJK.search(response.content.decode())) == bool(CJK.search(case["text"]))
        return
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["notes"] and body["ignored"] == []
    if case.get("answer"):
        # What cannot be done as asked is answered apart, in the request's language.
        assert body["answers"] and all(bool(CJK.search(a)) == bool(CJK.search(case["text"])) for a in body["answers"])


def test_the_drill_page_answers_every_request(student: User, settings: Any) -> None:
    settings.MAX_RENDERS_PER_USER = len(CASES) + 1  # no worker runs here: every drill stays queued
    client = Client()
    client.force_login(student)
    for case in CASES:
        if "previous" in case:
            continue
        cache.clear()  # the page's rate (a dozen a minute) is not what this asks
        before = Drill.objects.count()
        response = client.post("/drills/", {"request": case["text"], "style": "block"})
        assert response.status_code in (200, 302), (case["text"], response.status_code)
        if case.get("refused"):
            assert response.status_code == 200 and Drill.objects.count() == before
        else:
            assert response.status_code == 302, case["text"]
            page = client.get(response["Location"])
            assert page.status_code == 200, case["text"]
