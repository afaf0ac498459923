"""Why a take could not be graded reads in the reader's language, from the decoder's own refusals."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from django.utils import translation

from grading.analysis import AnalysisError, decode_audio
from grading.failure_text import _REASONS, failure_text
from tests.conftest import api_client_for
from tests.grading.analysis.synth import tone, write_wav
from tutor.models import User

HAN = re.compile(r"[\u4e00-\u9fff]")


def refusals(tmp_path: Path) -> list[str]:
    """The decoder's refusals of broken takes, made for real rather than typed out."""
    takes = {
        "silent.wav": write_wav(tmp_path / "silent.wav", np.zeros(16_000 * 2, np.float32)),
        "short.wav": write_wav(tmp_path / "short.wav", 0.3 * tone(69, 0.1)),
        "clipped.wav": write_wav(tmp_path / "clipped.wav", np.sign(tone(57, 2.0)).astype(np.float32)),
        "text.wav": tmp_path / "text.wav",
        "empty.wav": tmp_path / "empty.wav",
    }
    takes["text.wav"].write_text("not audio at all, just words " * 20)
    takes["empty.wav"].write_bytes(b"")
    said = []
    for path in takes.values():
        with pytest.raises(AnalysisError) as refused:
            decode_audio(path)
        said.append(str(refused.value))
    return said


def test_every_refusal_the_decoder_writes_reads_in_chinese(tmp_path: Path) -> None:
    said = refusals(tmp_path)
    assert len(set(said)) == 5, said
    with translation.override("zh-hans"):
        chinese = [failure_text(reason) for reason in said]
    assert all(HAN.search(text) for text in chinese), dict(zip(said, chinese, strict=True))
    with translation.override("en"):
        english = [failure_text(reason) for reason in said]
    # In English the stored reason reads as a sentence: capital first, a full stop last, words unchanged.
    assert [e.lower().rstrip(".") for e in english] == [s.lower() for s in said]


def test_every_known_reason_has_a_chinese_sentence() -> None:
    with translation.override("zh-hans"):
        untranslated = [sentence for _, sentence in _REASONS if translation.gettext(sentence) == sentence]
    assert untranslated == []


def test_numbers_in_a_reason_are_kept_and_unknown_reasons_pass_through() -> None:
    with translation.override("zh-hans"):
        assert failure_text("the recording lasts 0.12 s; at least 0.50 s is needed") == "录音只有 0.12 秒；至少需要 0.50 秒。"
        assert "37%" in failure_text(
            "the recording is badly distorted (37% of it is clipped); record further from the microphone")
        assert failure_text("This took longer than 240 s and was stopped.") == "处理超过了 240 秒，已被停止。"
        assert failure_text("a reason nobody wrote a sentence for") == "A reason nobody wrote a sentence for."


@pytest.mark.django_db
def test_a_silent_upload_is_refused_in_the_language_the_student_reads(
    student: User, tmp_path: Path, assignment: object
) -> None:
    silent = write_wav(tmp_path / "silent.wav", np.zeros(16_000 * 2, np.float32))
    client = api_client_for(student)
    replies = {}
    for language in ("en", "zh-CN"):
        with silent.open("rb") as audio:
            response = client.post("/api/recordings/", {"audio": audio, "assignment": assignment.pk},  # type: ignore[attr-defined]
                                   format="multipart", HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 400, response.content
        replies[language] = response.json()["error"]["fields"]["audio"][0]
    assert replies["en"] == "The recording is silent; check the microphone and record again."
    assert replies["zh-CN"] == "录音是静音的；请检查麦克风后重新录音。"


def test_the_formats_we_accept_are_listed_in_chinese_without_an_english_or(tmp_path: Path) -> None:
    from grading.analysis.audio import ACCEPTED_FORMATS_TEXT

    (tmp_path / "words.wav").write_text("not audio at all, just words " * 20)
    with pytest.raises(AnalysisError) as refused:
        decode_audio(tmp_path / "words.wav")
    with translation.override("zh-hans"):
        said = failure_text(str(refused.value))
    assert " or " not in said and "或 AMR" in said
    # The Chinese sentence writes the list out itself: every format the decoder names is in it.
    for name in re.split(r", | or ", ACCEPTED_FORMATS_TEXT):
        assert name in said, name
