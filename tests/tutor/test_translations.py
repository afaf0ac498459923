"""The site in Simplified Chinese: compiled catalogues, every page walked as a student and as a
teacher with a Chinese browser, and no English UI words left on them.

Words allowed to stay in Latin letters: note names and music symbols, file formats and units,
the brand of the notation engine, and the names the fixtures give people and things.
"""

from __future__ import annotations

import re
from datetime import UTC
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from grading.models import Exercise
from tutor.locale_compile import compile_catalogues
from tutor.models import Assignment, Classroom, User

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {
    # units, formats and engines
    "MIDI", "BPM", "CSV", "JSON", "PDF", "WAV", "MP3", "M4A", "Ogg", "Opus", "WebM", "FLAC", "MusicXML",
    "musicxml", "xml", "mxl", "mid", "zip", "Verovio", "Safari", "iPhone", "iPad",
    # solfège syllables and scale words written as musicians write them
    "do", "re", "mi", "fa", "sol", "la", "ti", "jianpu",
    # the languages offered by the switch, each in its own script
    "English",
}
WORD = re.compile(r"[A-Za-z]{3,}")


class VisibleText(HTMLParser):
    """The text a person reads or hears: element text plus title, aria-label, placeholder and alt."""

    SKIP = {"script", "style", "svg", "code", "option"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        for name, value in attrs:
            if name in ("title", "aria-label", "placeholder", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def english_words(html: str, *, also_allowed: set[str]) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    text = " ".join(parser.parts)
    # Note names with octaves and accidentals (F#4, Bb3, C4) are music, not English.
    text = re.sub(r"\b[A-G](?:#|b|♯|♭)?-?\d\b", " ", text)
    return sorted({w for w in WORD.findall(text) if w not in ALLOWED and w not in also_allowed})


def test_the_catalogues_compile_without_gnu_gettext(tmp_path: Path) -> None:
    locale = tmp_path / "locale"
    (locale / "zh_Hans" / "LC_MESSAGES").mkdir(parents=True)
    po = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    (locale / "zh_Hans" / "LC_MESSAGES" / "django.po").write_bytes(po.read_bytes())
    written = compile_catalogues(locale)
    assert [p.name for p in written] == ["django.mo"]
    assert written[0].stat().st_size > 10_000
    assert compile_catalogues(locale) == []  # up to date: nothing rewritten


@pytest.fixture
def chinese_world(db: None, demo_score: bytes | None = None) -> dict[str, object]:
    teacher = User.objects.create_user(username="laoshi", password="a-long-test-password", role="teacher")
    student = User.objects.create_user(username="xuesheng", password="a-long-test-password", role="student",
                                       notation=User.Notation.BOTH, note_names=User.NoteNames.NUMBERS)
    room = Classroom.objects.create(teacher=teacher, name="合唱团")
    room.enrollments.create(student=student)
    return {"teacher": teacher, "student": student, "classroom": room}


def _pages(world: dict[str, object], *, teacher: bool) -> list[str]:
    room = world["classroom"]
    assert isinstance(room, Classroom)
    common = [reverse("dashboard"), reverse("account"), reverse("lesson-list"),
              reverse("lesson-detail", args=["the-staff"]), reverse("practice"), reverse("drill-list")]
    if teacher:
        return common + [reverse("classroom-list"), reverse("classroom-detail", args=[room.pk]),
                         reverse("classroom-gradebook", args=[room.pk]), reverse("exercise-list"),
                         reverse("quiz-list"), reverse("review-queue", args=[room.pk])]
    return common + [reverse("classroom-join"), reverse("range-test")]


def _page_name(url: str) -> str:
    return re.sub(r"/\d+/", "/N/", url)


# English still on pages, word by word, until the strings that make it are translated: the
# question generators' titles and prompts, skill labels, the drill-request help, the quiz and
# assignment form fields built in lessons/ and students/. The walk fails on any word not listed,
# so a new untranslated string fails the suite; remove words here as they get translated.
KNOWN_GAPS: dict[str, set[str]] = {
    "/classes/N/": {"Any", "Attempts", "Free", "Instructions", "Key", "Level", "Mode", "Student", "Title", "allowed",
                    "key", "tempo"},
    "/dashboard/": {"Score", "each", "take"},
    "/drills/": {"bars", "eight", "leaps", "lots", "minor", "sharps", "sixth", "slow"},
    "/exercises/": {"Score", "Tempo", "Title"},
    # The lesson's exercise types (question generators' titles) and the assign form.
    "/lessons/the-staff/": {"Instructions", "Note", "Title", "identification", "keyboard", "staff"},
}


def _walk(client: Client, urls: list[str], also_allowed: set[str]) -> dict[str, list[str]]:
    left: dict[str, list[str]] = {}
    for url in urls:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
        assert response.status_code == 200, url
        assert response["Content-Language"] == "zh-hans", url
        words = english_words(response.content.decode(), also_allowed=also_allowed)
        if words:
            left[url] = words
    return left


def test_signed_out_pages_speak_chinese_to_a_chinese_browser(db: None) -> None:
    client = Client()
    urls = [reverse("home"), reverse("login"), reverse("signup"), reverse("password_reset")]
    assert _walk(client, urls, set()) == {}


@pytest.mark.parametrize("role", ["student", "teacher"])
def test_every_page_speaks_chinese_to_a_chinese_browser(chinese_world: dict[str, object], role: str) -> None:
    client = Client()
    user = chinese_world[role]
    assert isinstance(user, User)
    client.force_login(user)
    names = {"laoshi", "xuesheng"}
    left = _walk(client, _pages(chinese_world, teacher=role == "teacher"), names)
    new = {url: sorted(set(words) - KNOWN_GAPS.get(_page_name(url), set())) for url, words in left.items()}
    assert {url: words for url, words in new.items() if words} == {}


def test_one_click_switches_to_english_and_the_choice_is_saved(chinese_world: dict[str, object]) -> None:
    client = Client()
    student = chinese_world["student"]
    assert isinstance(student, User)
    client.force_login(student)
    assert "首页" in client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    response = client.post(reverse("language-switch"), {"language": "en", "next": reverse("dashboard")},
                           HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    student.refresh_from_db()
    assert student.language == "en"
    # The saved choice wins over the browser, on a fresh client too.
    fresh = Client()
    fresh.force_login(student)
    page = fresh.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "Dashboard" in page and "首页" not in page


def test_the_switch_refuses_to_send_people_off_site(db: None) -> None:
    response = Client().post(reverse("language-switch"), {"language": "zh-hans", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert response.cookies["django_language"].value == "zh-hans"


def test_api_errors_speak_the_browsers_language(chinese_world: dict[str, object]) -> None:
    client = Client()
    client.force_login(chinese_world["student"])  # type: ignore[arg-type]
    response = client.post(reverse("api-recordings"), {}, HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert not english_words(message, also_allowed={"audio"}), message


def test_an_assignment_page_uses_chinese_dates(chinese_world: dict[str, object]) -> None:
    from datetime import datetime

    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile

    teacher, room = chinese_world["teacher"], chinese_world["classroom"]
    exercise = Exercise.objects.create(owner=teacher, title="小星星", score=ContentFile(b"x", name="s.musicxml"))
    assignment = Assignment.objects.create(
        classroom=room, title="第一周作业", target_type=ContentType.objects.get_for_model(Exercise),
        target_id=exercise.pk, due_at=datetime(2026, 3, 5, 14, 0, tzinfo=UTC))
    client = Client()
    client.force_login(chinese_world["student"])  # type: ignore[arg-type]
    page = client.get(reverse("assignment-detail", args=[assignment.pk]), HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert "2026年3月5日" in page.content.decode()
