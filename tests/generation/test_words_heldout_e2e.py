"""Every request of the two newest blind words sets, end to end: the API and the page where students type a request
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
from music.key import key_pitches, make_key
from music.pitch import parse_pitch
from tests.conftest import api_client_for
from tutor.models import User

pytestmark = pytest.mark.django_db

SETS = [Path(__file__).resolve().parents[2] / "benchmarks" / "requests" / f"{name}.jsonl" for name in ("heldout10", "heldout11")]
CASES = [json.loads(line) for path in SETS for line in path.read_text().splitlines() if line.strip()]
CJK = re.compile(r"[\u4e00-\u9fff]")
NEWEST = [json.loads(line) for line in SETS[-1].read_text().splitlines() if line.strip()]


def _answer_only(case: dict[str, Any]) -> bool:
    """Nothing is expected of a drill, only an answer: a question alone may be answered with no drill at all."""
    return bool(case.get("answer")) and not case.get("expect")


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
    if _answer_only(case) and response.status_code == 400:
        # A question alone is answered, with the lessons linked, and makes no drill.
        error = response.json()["error"]
        assert error["code"] == "answered" and error["answers"], response.content
        assert all(bool(CJK.search(a)) == bool(CJK.search(case["text"])) for a in error["answers"])
        return
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["notes"] and body["ignored"] == []
    if case.get("answer"):
        # What cannot be done as asked is answered apart, in the request's language.
        assert body["answers"] and all(bool(CJK.search(a)) == bool(CJK.search(case["text"])) for a in body["answers"])
    if case in NEWEST:
        # The newest set's drills are checked against what was read too, on this same response (a test of
        # its own made each of these drills a second time).
        check_the_drill_keeps_what_the_words_asked(case, body)


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
        if case.get("refused") or (_answer_only(case) and response.status_code == 200):
            assert response.status_code == 200 and Drill.objects.count() == before
        else:
            assert response.status_code == 302, case["text"]
            page = client.get(response["Location"])
            assert page.status_code == 200, case["text"]


def check_the_drill_keeps_what_the_words_asked(case: dict[str, Any], body: dict[str, Any]) -> None:
    params, notes = body["params"], body["notes"]
    midis = [parse_pitch(name).midi for name, _ in notes]
    # Every note in the range read, the whole drill the length read in the meter read.
    assert parse_pitch(params["low"]).midi <= min(midis) and max(midis) <= parse_pitch(params["high"]).midi
    beats, unit = (int(n) for n in params["meter"].split("/"))
    # Quarter lengths come rounded (a triplet eighth is 0.3333).
    assert abs(sum(float(length) for _, length in notes) - params["bars"] * beats * 4 / unit) < 0.01
    if params["kind"] == "melody":
        assert max(abs(b - a) for a, b in zip(midis, midis[1:], strict=False)) <= params["max_leap"]
        pcs = {m % 12 for m in midis}
        assert all(parse_pitch(t + "4").midi % 12 in pcs for t in params["target_notes"] if not re.search(r"\d", t))
        if not params["accidentals"]:
            key = make_key(params["key"], params["mode"])
            scale = {p.midi % 12 for p in key_pitches(key, 48, 84)}
            assert pcs <= scale, (case["text"], sorted(pcs - scale))

