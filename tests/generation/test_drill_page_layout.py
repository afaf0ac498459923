"""The drill page once its score is written: drawn for the screen's width by notation.js and never reloaded
every 3 s under it (which flashed the wide, unreadable drawing back on a phone while the audio was made)."""

from __future__ import annotations

import pytest
from django.test import Client

from generation.models import Drill
from tests.generation.test_drills_django import logged_in, written
from tutor.models import User

pytestmark = pytest.mark.django_db


def test_the_page_reloads_itself_only_until_the_score_is_there_then_asks_the_api(student: User) -> None:
    client: Client = logged_in(student)
    drill_id = int(client.post("/drills/", {"request": "eight bars in G major", "style": "block"})["Location"].split("/")[-2])
    assert 'http-equiv="refresh"' in client.get(f"/drills/{drill_id}/").content.decode()
    written(drill_id)
    Drill.objects.filter(pk=drill_id).update(status="running")  # the score is written; the audio is being made
    page = client.get(f"/drills/{drill_id}/").content.decode()
    assert 'http-equiv="refresh"' not in page
    assert f'data-drill-url="/api/drills/{drill_id}/"' in page and "data-notation-url=" in page
    assert "js/notation.js" in page
    Drill.objects.filter(pk=drill_id).update(status="done")
    page = client.get(f"/drills/{drill_id}/").content.decode()
    assert 'http-equiv="refresh"' not in page and "data-drill-url" not in page
