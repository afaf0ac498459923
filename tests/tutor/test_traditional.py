"""The site in Traditional Chinese (zh-hant, Taiwan's forms), derived from the Simplified catalogue and
lessons when it compiles and when it shows them (tutor.hant): negotiation, the switch, the saved
choice, pages, lessons, the scripts' catalogue and the request reader's replies."""

from __future__ import annotations

import re
from pathlib import Path
from unittest import mock

import pytest
from babel.messages.pofile import read_po
from django.test import Client
from django.urls import reverse
from django.utils import translation

from generation.models import Drill
from generation.tasks import render_drill_media
from music.hanzi import to_traditional
from tests.conftest import api_client_for
from tests.tutor.test_translations import VisibleText, english_words
from tutor.locale_compile import compile_catalogues
from tutor.models import Classroom, User

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|</?\w+[^>]*>")
CJK = re.compile(r"[\u4e00-\u9fff]")


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def test_the_traditional_catalogues_are_compiled_from_the_simplified_ones(tmp_path: Path) -> None:
    locale = tmp_path / "locale"
    (locale / "zh_Hans" / "LC_MESSAGES").mkdir(parents=True)
    for name in ("django.po", "djangojs.po"):
        po = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / name
        (locale / "zh_Hans" / "LC_MESSAGES" / name).write_bytes(po.read_bytes())
    written = compile_catalogues(locale)
    assert sorted(str(p.relative_to(locale)) for p in written) == [
        "zh_Hans/LC_MESSAGES/django.mo", "zh_Hans/LC_MESSAGES/djangojs.mo",
        "zh_Hant/LC_MESSAGES/django.mo", "zh_Hant/LC_MESSAGES/djangojs.mo"]
    assert compile_catalogues(locale) == []  # up to date: nothing rewritten
    (locale / "zh_Hans" / "LC_MESSAGES" / "django.po").touch()  # an edit to the Simplified source
    assert {str(p.relative_to(locale)) for p in compile_catalogues(locale)} == {
        "zh_Hans/LC_MESSAGES/django.mo", "zh_Hant/LC_MESSAGES/django.mo"}


def test_every_translation_converts_with_its_placeholders_and_markup_intact() -> None:
    for name in ("django.po", "djangojs.po"):
        with (ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / name).open("rb") as po:
            catalogue = read_po(po)
        for message in catalogue:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for simplified in strings:
                traditional = to_traditional(simplified)
                assert PLACEHOLDER.findall(traditional) == PLACEHOLDER.findall(simplified), message.id
                assert CJK.sub("", traditional) == CJK.sub("", simplified), message.id


@pytest.mark.parametrize(("text", "expected"), [
    ("简谱", "簡譜"), ("C大调", "C大調"), ("音阶", "音階"), ("练习", "練習"), ("小节", "小節"), ("拍号", "拍號"),
    ("音准", "音準"), ("徵调式", "徵調式"), ("洛克里亚调式", "洛克里亞調式"), ("复二拍子", "複二拍子"),
    ("最多只能评 5 分钟", "最多只能評 5 分鐘"), ("评分 30 天后删除", "評分 30 天後刪除"),
    ("我的账号", "我的帳號"), ("加入代码", "加入代碼"), ("增三和弦", "增三和弦"), ("复附点全音符", "複附點全音符"),
    ("选择文件", "選擇檔案"), ("默认", "默認"),  # the reader's own word for a default, kept (music.hanzi)
])
def test_musical_and_everyday_words_convert_as_taiwan_writes_them(text: str, expected: str) -> None:
    assert to_traditional(text) == expected


@pytest.mark.parametrize(("accept", "language"), [
    ("zh-TW,zh;q=0.9", "zh-hant"), ("zh-HK", "zh-hant"), ("zh-Hant", "zh-hant"), ("zh-Hant-TW", "zh-hant"),
    ("zh-CN,zh;q=0.9", "zh-hans"), ("zh", "zh-hans"), ("zh-Hans", "zh-hans"), ("en-US,en;q=0.9", "en"),
])
def test_the_browsers_language_picks_the_script(db: None, accept: str, language: str) -> None:
    response = Client().get(reverse("login"), HTTP_ACCEPT_LANGUAGE=accept)
    assert response["Content-Language"] == language


def test_a_taiwanese_browser_reads_traditional_pages_with_no_simplified_or_english_left(db: None) -> None:
    teacher = User.objects.create_user(username="laoshi", password="a-long-test-password", role="teacher")
    student = User.objects.create_user(username="xuesheng", password="a-long-test-password", role="student",
                                       notation=User.Notation.BOTH, note_names=User.NoteNames.NUMBERS)
    Classroom.objects.create(teacher=teacher, name="Choir").enrollments.create(student=student)
    client = Client()
    client.force_login(student)
    texts = {}
    for url in (reverse("dashboard"), reverse("account"), reverse("lesson-list"), reverse("practice"),
                reverse("drill-list"), reverse("classroom-join"), reverse("lesson-detail", args=["the-staff"])):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-TW,zh;q=0.9")
        assert response.status_code == 200 and response["Content-Language"] == "zh-hant", url
        html = response.content.decode()
        assert english_words(html, also_allowed={"laoshi", "xuesheng", "Choir"}) == [], url
        # The switch (简体中文, 简 on a phone) and the account's language menu name Simplified Chinese in its
        # own script: everything else is Traditional.
        text = visible_text(re.sub(r'<form[^>]*lang-switch.*?</form>', "", html, flags=re.S)).replace("简体中文", "")
        assert to_traditional(text) == text, url  # nothing left in Simplified forms
        texts[url] = text
    assert "練習" in texts[reverse("practice")] and "练习" not in texts[reverse("practice")]
    lesson = texts[reverse("lesson-detail", args=["the-staff"])]
    assert "五線譜" in lesson and "五线谱" not in lesson  # the lesson body, from the zh-hans file, converted


def test_the_switch_offers_the_other_languages_in_their_own_script(db: None) -> None:
    english = Client().get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'value="zh-hans" class="link" lang="zh-Hans" aria-label="简体中文"><span class="lang-long">简体中文<' in english
    assert 'value="zh-hant" class="link" lang="zh-Hant" aria-label="繁體中文"><span class="lang-long">繁體中文<' in english
    traditional = Client().get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-TW").content.decode()
    assert '<html lang="zh-hant">' in traditional and 'aria-label="简体中文"' in traditional
    assert 'aria-label="English"' in traditional and 'aria-label="繁體中文"' not in traditional


def test_traditional_chosen_once_is_saved_and_wins_over_the_browser(student: User) -> None:
    client = Client()
    client.force_login(student)
    response = client.post(reverse("language-switch"), {"language": "zh-hant", "next": reverse("dashboard")},
                           HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.cookies["django_language"].value == "zh-hant"
    student.refresh_from_db()
    assert student.language == "zh-hant"
    student.full_clean()  # a choice the model accepts
    fresh = Client()
    fresh.force_login(student)
    page = fresh.get(reverse("practice"), HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert page["Content-Language"] == "zh-hant" and "練習" in visible_text(page.content.decode())
    # And from the account page's preferences form.
    fresh.post(reverse("account-preferences"), {"language": "zh-hans", "notation": student.notation,
                                        "note_names": student.note_names})
    student.refresh_from_db()
    assert student.language == "zh-hans"


def test_the_scripts_catalogue_is_traditional(db: None) -> None:
    simplified = Client().get(reverse("javascript-catalog"), HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    traditional = Client().get(reverse("javascript-catalog"), HTTP_ACCEPT_LANGUAGE="zh-TW").content.decode()
    assert "\\u5f55\\u97f3" in simplified or "录音" in simplified  # 录音 (recording)
    assert ("\\u9304\\u97f3" in traditional or "錄音" in traditional) and "录音" not in traditional


def test_gettext_in_zh_hant_says_the_simplified_translation_in_traditional(db: None) -> None:
    with translation.override("zh-hans"):
        simplified = translation.gettext("Practice")
    with translation.override("zh-hant"):
        traditional = translation.gettext("Practice")
    assert simplified != "Practice" and traditional == to_traditional(simplified) != simplified


def test_a_simplified_request_on_a_traditional_page_is_answered_and_titled_in_traditional(student: User) -> None:
    api = api_client_for(student)
    body = api.post("/api/drills/", {"request": "写一段C大调的旋律，速度90，8小节"}, format="json",
                    HTTP_ACCEPT_LANGUAGE="zh-TW").json()
    assert "調：C大調" in body["understood"] and "调：C大调" not in body["understood"]
    with mock.patch("generation.services.BACKGROUND_FORMATS", ()):
        render_drill_media.apply(args=[body["id"]])
    drill = Drill.objects.get(pk=body["id"])
    assert drill.exercise is not None and drill.exercise.title == "C大調旋律，8小節（等級 3）"
    refused = api.post("/api/drills/", {"request": "七八拍，C大调"}, format="json", HTTP_ACCEPT_LANGUAGE="zh-TW")
    assert refused.status_code == 400 and "拍號" in refused.content.decode()
    # The same request on a Simplified page stays Simplified.
    same = api.post("/api/drills/", {"request": "写一段C大调的旋律"}, format="json", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert "调：C大调" in same.json()["understood"]


def test_a_title_made_on_a_traditional_page_reads_in_every_language() -> None:
    from tutor.models import made_title_shown
    made = "C大調旋律，8小節（等級 3）"
    with translation.override("en"):
        assert made_title_shown(made) == "Melody in C major, 8 bars (level 3)"
        assert made_title_shown("我的C大調練習") == "我的C大調練習"  # typed by a teacher: never rewritten
    with translation.override("zh-hans"):
        assert made_title_shown(made) == "C大调旋律，8小节（等级 3）"
    with translation.override("zh-hant"):
        assert made_title_shown(made) == made
        assert made_title_shown("Melody in C major, 8 bars (level 3)") == made
