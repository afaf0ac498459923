"""Every file input is named in the page's language: Chromium's own "Choose file / No file chosen" follows the
browser's language, so a Chinese page showed English there. The input stays the focusable control."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tutor.models import Assignment, User

INPUT = re.compile(r'<input type="file"[^>]*\bid="([^"]+)"')


def file_pickers(html: str) -> list[str]:
    """The ids of the page's file inputs, each checked to sit in a file picker with its label-button."""
    ids = INPUT.findall(html)
    for input_id in ids:
        picker = re.search(r'<span class="file-picker">\s*<input type="file"[^>]*\bid="' + re.escape(input_id)
                           + r'"[^>]*>(.*?)</span>\s*</span>', html, re.S)
        assert picker is not None, f"#{input_id} is a bare browser file input"
        assert f'<label for="{input_id}" class="button secondary file-picker-button">' in picker.group(1)
        assert 'tabindex="-1"' not in picker.group(0) and "hidden" not in picker.group(0).split(">")[0]
    return ids


@pytest.mark.parametrize(("language", "choose", "none"), [("en", "Choose a file", "No file chosen"),
                                                            ("zh-hans", "选择文件", "未选择文件")])
def test_every_file_input_says_choose_a_file_in_the_pages_language(
    teacher: User, student: User, assignment: Assignment, language: str, choose: str, none: str,
) -> None:
    seen: list[str] = []
    for user, pages in ((student, ["/transcribe/", "/range-test/", f"/assignments/{assignment.pk}/studio/"]),
                        (teacher, ["/exercises/"])):
        user.language = language
        user.save(update_fields=["language"])
        client = Client()
        client.force_login(user)
        for url in pages:
            html = client.get(url).content.decode()
            ids = file_pickers(html)
            assert ids, f"{url} has no file input"
            assert html.count(f">{choose}</label>") == len(ids) and f">{none}</span>" in html, url
            seen += ids
    assert {"upload", "upload-file", "id_score", "id_audio"} <= set(seen)
