"""A body over the upload cap is refused before it is read, with the limit, in the person's language."""

from __future__ import annotations

from django.test import Client

from tests.conftest import api_client_for
from tutor.models import User


def _too_long(settings) -> str:  # type: ignore[no-untyped-def]
    return str(settings.MAX_UPLOAD_BYTES * 2)


def test_it_answers_a_chinese_browser_with_a_chinese_page_that_says_the_limit(student: User, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MAX_UPLOAD_BYTES = 7 * 1024 * 1024
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-Hans")
    client.force_login(student)
    response = client.post("/range-test/", data=b"x", content_type="multipart/form-data; boundary=x",
                           CONTENT_LENGTH=_too_long(settings))
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "文件太大" in page and "7 MB" in page
    assert "larger than" not in page
    assert 'href="/range-test/"' in page  # back to the form, to choose another file


def test_it_speaks_the_language_saved_on_the_account_whatever_the_browser_says(student: User, settings) -> None:  # type: ignore[no-untyped-def]
    student.language = "zh-hans"
    student.save(update_fields=["language"])
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(student)
    response = client.post("/transcribe/", data=b"x", content_type="multipart/form-data; boundary=x",
                           CONTENT_LENGTH=_too_long(settings))
    assert response.status_code == 413
    assert "文件太大" in response.content.decode()


def test_the_api_answers_in_the_request_language_with_the_limit(student: User, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MAX_UPLOAD_BYTES = 7 * 1024 * 1024
    response = api_client_for(student).generic(
        "POST", "/api/recordings/", b"x", content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=_too_long(settings), HTTP_ACCEPT_LANGUAGE="zh-Hans")
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "too_large"
    assert "7 MB" in error["message"] and "上限" in error["message"]


def test_an_english_reader_is_told_the_limit_too(student: User, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MAX_UPLOAD_BYTES = 7 * 1024 * 1024
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(student)
    response = client.post("/range-test/", data=b"x", content_type="multipart/form-data; boundary=x",
                           CONTENT_LENGTH=_too_long(settings))
    assert response.status_code == 413
    assert "larger than 7 MB" in response.content.decode()
