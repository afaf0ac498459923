"""What a student's walk through the site tripped on, kept fixed: the lessons had a search that no page offered,
an assignment with every attempt used still offered its upload form (which the server then refused), and a weak spot
repeated its own name in brackets ("falling major second: narrow in 5 of the last 10 (falling major second: ...)")."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from grading.models import Recording
from tests.conftest import logged_in
from tests.students.test_profile import seed_weak_spots
from tutor.models import Assignment, User

pytestmark = pytest.mark.django_db


def test_the_lessons_page_offers_a_search_that_finds_the_lesson(student: User) -> None:
    page = logged_in(student)
    html = page.get("/lessons/").content.decode()
    assert re.search(r'<form method="get" action="/lessons/"[^>]*role="search"', html)
    assert re.search(r'<input type="search" id="lesson-q" name="q" value=""', html)
    found = page.get("/lessons/", {"q": "relative minor"}).content.decode()
    assert 'value="relative minor"' in found
    assert 'href="/lessons/minor-key-signatures/"' in found.split("Lessons for")[1].split("</section>")[0]


def test_the_lessons_search_reads_in_chinese(student: User) -> None:
    student.language = "zh-hans"
    student.save(update_fields=["language"])
    html = logged_in(student).get("/lessons/", {"q": "关系小调"}).content.decode()
    assert "查找课程" in html and ">搜索</button>" in html
    assert 'href="/lessons/minor-key-signatures/"' in html


def test_an_assignment_with_every_attempt_used_offers_the_free_studio_not_the_upload(
    student: User, assignment: Assignment,
) -> None:
    assignment.attempts_allowed = 2
    assignment.save(update_fields=["attempts_allowed"])
    page = logged_in(student)
    assert 'id="upload-take"' in page.get(f"/assignments/{assignment.pk}/").content.decode()
    for _ in range(2):
        Recording.objects.create(owner=student, exercise_id=assignment.target_id, assignment=assignment,
                                 audio="recordings/t.wav", status=Recording.Status.DONE, result={})
    html = page.get(f"/assignments/{assignment.pk}/").content.decode()
    assert 'id="upload-take"' not in html
    assert 'id="no-attempts"' in html and f'href="/exercises/{assignment.target_id}/studio/"' in html


def test_a_weak_spot_says_how_sure_without_repeating_its_name(student: User) -> None:
    seed_weak_spots(student, {"int:-M2": "E4 to D4 200 cents narrow"}, times=8)
    html = logged_in(student).get(f"/students/{student.pk}/progress/").content.decode()
    item = re.search(r'<li data-tag="int:-M2">(.*?)</li>', html, re.S)
    assert item, html
    assert item.group(1).count("falling major second") == 1, item.group(1)
    assert re.search(r"<small>\((needs work|getting there)\)</small>", item.group(1)), item.group(1)
    with translation.override("zh-hans"):
        student.language = "zh-hans"
        student.save(update_fields=["language"])
        zh = logged_in(student).get(f"/students/{student.pk}/progress/").content.decode()
    assert re.search(r"<small>（(需要加强|正在进步)）</small>", zh), zh
