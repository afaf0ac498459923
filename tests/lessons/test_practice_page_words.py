"""The practice page's skill table: a heading that fits rows with nothing wrong, and sung notes not counted as "题"."""

from __future__ import annotations

import pytest
from django.test import Client

from tutor.locale_compile import compile_catalogues
from tutor.models import User
from tutor.services import evidence_record

pytestmark = pytest.mark.django_db


def test_the_skills_asked_first_are_not_called_weakest_and_chinese_counts_times(student: User, settings) -> None:  # type: ignore[no-untyped-def]
    # Four notes sung right: the tutor is not yet sure of the skill, so it asks about it first; it is not "weak".
    for note in range(4):
        evidence_record(student=student, source="note", source_id=note + 1,
                        items=[("pc:A@C", True, "A4 in tune (+0 cents)")])
    compile_catalogues(settings.BASE_DIR / "locale")
    client = Client()
    client.force_login(student)
    english = client.get("/practice/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "What the tutor will ask about first" in english and "weakest skills" not in english
    assert "0 wrong of the last 4" in english
    chinese = client.get("/practice/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "最近 4 次中错了 0 次" in chinese and "题错了" not in chinese
