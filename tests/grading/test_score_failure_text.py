"""Why a score is refused reads in the teacher's language, from the reader's own refusals of real files."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from grading import services
from grading.analysis.errors import UnusableScore
from grading.analysis.midi_scan import MAX_NOTE_EVENTS
from grading.analysis.sandbox import ScoreLimits, load_target_limited
from grading.analysis.target import MAX_NOTES, load_target
from grading.failure_text import _SCORE_REASONS, score_failure_text
from grading.models import Exercise
from tests.conftest import api_client_for
from tests.security.test_score_limits import (
    MANY_PARTS,
    PERCUSSION,
    hanging_midi,
    midi_file,
    musicxml,
    notes_track,
    pitched,
    tempo_event,
)
from tutor.errors import TutorError
from tutor.models import User

HAN = re.compile(r"[\u4e00-\u9fff]")
#: Words a Chinese sentence keeps as they are: file formats, units, MIDI's own terms, and "txt", the suffix of the
#: teacher's own file (quoted back to them).
KEPT = {"MIDI", "BPM", "MB", "XML", "MusicXML", "musicxml", "xml", "mxl", "zip", "DTD", "SMPTE", "MThd", "SysEx",
        "Verovio", "txt"}
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")

SCORES: dict[str, bytes] = {
    "hanging.mid": hanging_midi(),
    "drums.musicxml": PERCUSSION,
    "notes.mid": midi_file(notes_track(MAX_NOTES + 1)),
    "events.mid": midi_file(notes_track(MAX_NOTE_EVENTS + 1, step=1)),
    "tracks.mid": midi_file(*[notes_track(1)] * 65),
    "slow.mid": midi_file(tempo_event(4) + notes_track(4)),
    "smpte.mid": midi_file(notes_track(4), division=0xE728),
    "cut.mid": midi_file(notes_track(4))[:30],
    "no-status.mid": midi_file(b"\x00\x3c\x50" + notes_track(2)),
    "nan-tempo.musicxml": musicxml(pitched(), sound='<sound tempo="nan"/>'),
    "fast.musicxml": musicxml(pitched(), sound='<sound tempo="100000"/>'),
    "octave-12.musicxml": musicxml(pitched(octave="12")),
    "backwards.musicxml": musicxml(pitched(duration="-1")),
    "long.musicxml": musicxml(pitched(duration="9000000")),
    "parts.musicxml": MANY_PARTS,
    "silent.musicxml": musicxml("<note><rest/><duration>4</duration></note>"),
    "entity.musicxml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><score-partwise/>',
    "page.xml": b"<html><body/></html>",
    "broken.mxl": b"PK not really a zip archive",
    "notes.txt": b"C D E F G",
    "empty.musicxml": b"",
    "cut.musicxml": b'<score-partwise version="4.0">\n<part-list>\n<score-part id="P1">\n</score-partwise>',
}


def refusal(path: Path, **options: object) -> str:
    with pytest.raises(UnusableScore) as refused:
        load_target(path, **options)  # type: ignore[arg-type]
    return str(refused.value)


@pytest.fixture(scope="module")
def refusals(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The reader's refusals of broken scores, made for real rather than typed out."""
    folder = tmp_path_factory.mktemp("scores")
    said = {}
    for name, data in SCORES.items():
        (folder / name).write_bytes(data)
        said[name] = refusal(folder / name)
    soprano = folder / "soprano.musicxml"
    soprano.write_bytes(musicxml(pitched(), part_list='<score-part id="P1"><part-name>女高音</part-name></score-part>'))
    said["no-such-part"] = refusal(soprano, part="女中音")
    with pytest.raises(UnusableScore) as late:
        load_target_limited(soprano, limits=ScoreLimits(wall_seconds=0.001))
    said["sandbox-timeout"] = str(late.value)
    return said


def english_words(text: str) -> list[str]:
    return [word for word in ENGLISH_WORD.findall(text) if word not in KEPT]


def test_every_refusal_made_from_a_real_score_reads_in_chinese(refusals: dict[str, str]) -> None:
    assert len(set(refusals.values())) == len(refusals), refusals  # each file is refused for its own reason
    assert "unpitched" in refusals["drums.musicxml"] and f"{MAX_NOTES + 1} notes" in refusals["notes.mid"]
    with translation.override("zh-hans"):
        chinese = {name: score_failure_text(reason) for name, reason in refusals.items()}
    leftover = {name: text for name, text in chinese.items() if not HAN.search(text) or english_words(text)}
    assert leftover == {}


def test_an_english_reader_keeps_the_reason_as_written(refusals: dict[str, str]) -> None:
    with translation.override("en"):
        english = {name: score_failure_text(reason) for name, reason in refusals.items()}
    # A sentence: capital first, a full stop last, the reader's words unchanged.
    assert {name: text.lower().rstrip(".") for name, text in english.items()} == {
        name: reason.lower() for name, reason in refusals.items()}


def test_every_score_reason_has_a_chinese_sentence() -> None:
    with translation.override("zh-hans"):
        untranslated = [sentence for _, sentence in _SCORE_REASONS if translation.gettext(sentence) == sentence]
        with_english = {sentence: translation.gettext(sentence) for _, sentence in _SCORE_REASONS
                        if english_words(translation.gettext(sentence).split("%(")[0])}
    assert untranslated == []
    assert with_english == {}


#: Where the score refusals are written, and the exceptions that carry them.
REFUSING_FILES = ("grading/analysis/target.py", "grading/analysis/midi_scan.py", "grading/analysis/sandbox.py",
                  "studio/engrave.py", "grading/services.py")
SCORE_ERRORS = {"UnusableScore", "UnsafeScore", "ScoreTookTooLong"}


def written_refusals() -> list[str]:
    """Every score refusal in the source, each value it interpolates written as 10."""

    def said(node: ast.expr) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.JoinedStr):
            return "".join(str(part.value) if isinstance(part, ast.Constant) else "10" for part in node.values)
        if isinstance(node, ast.BoolOp):  # `upload.error or "the uploaded score is gone"`
            return next((text for text in map(said, node.values) if text), None)
        return None

    found = []
    root = Path(__file__).resolve().parents[2]
    for name in REFUSING_FILES:
        for node in ast.walk(ast.parse((root / name).read_text())):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            argument = node.args[1] if called == "_finite" and len(node.args) > 1 else node.args[0]
            if called in SCORE_ERRORS or called == "_finite":
                text = said(argument)
                if text:
                    found.append(text)
    return found


def test_every_score_refusal_in_the_source_has_a_sentence() -> None:
    written = written_refusals()
    assert len(written) > 70, written  # the walk finds the refusals (it would pass on none)
    patterns = [re.compile(pattern) for pattern, _ in _SCORE_REASONS]
    unmatched = [text for text in written if not any(p.fullmatch(text) for p in patterns)]
    assert unmatched == []
    # And no sentence is kept for a refusal nobody writes any more.
    stale = [p.pattern for p in patterns if not any(p.fullmatch(text) for text in written)]
    assert stale == []


def test_numbers_and_names_in_a_score_reason_are_kept() -> None:
    with translation.override("zh-hans"):
        assert services.score_refusal("the score has 7600 notes; at most 2000 can be graded") == (
            "无法用这份乐谱评分：乐谱共有 7600 个音符；最多只能评 2000 个。")
        assert score_failure_text("the score has a note in octave 12; octaves run -1-9") == (
            "乐谱中有一个音符的八度标记是 12；八度只能在 -1 到 9 之间。")
        # A job's own failure reads as failure_text says it; an unknown shape as written.
        assert score_failure_text("This took longer than 240 s and was stopped.") == "处理超过了 240 秒，已被停止。"
        assert score_failure_text("a reason nobody wrote a sentence for") == "A reason nobody wrote a sentence for."


@pytest.mark.django_db
def test_a_percussion_score_is_refused_in_the_teachers_language(teacher: User) -> None:
    api = api_client_for(teacher)
    replies = {}
    for language in ("en", "zh-hans"):
        response = api.post("/api/exercises/", {"title": "Drums", "score": SimpleUploadedFile("d.musicxml", PERCUSSION)},
                            format="multipart", HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 400, response.content
        replies[language] = response.json()["error"]["fields"]["score"][0]
    assert replies["en"] == ("That score cannot be graded against. The first part is unpitched (percussion); "
                             "grading needs a part with pitched notes.")
    assert replies["zh-hans"] == "无法用这份乐谱评分：第一个声部是无音高的打击乐；评分需要一个有音高音符的声部。"
    page = Client()
    page.force_login(teacher)
    html = page.post("/exercises/", {"title": "Drums", "score": SimpleUploadedFile("d.musicxml", PERCUSSION)},
                     HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "无法用这份乐谱评分：第一个声部是无音高的打击乐" in html and "unpitched" not in html


def one_part_exercise(teacher: User, score: bytes) -> Exercise:
    exercise = Exercise(owner=teacher, title="练习")
    exercise.score.save("one.musicxml", ContentFile(score), save=False)
    exercise.save()
    return exercise


@pytest.mark.django_db
def test_a_part_that_is_not_there_is_refused_in_chinese(teacher: User) -> None:
    exercise = one_part_exercise(
        teacher, musicxml(pitched(), part_list='<score-part id="P1"><part-name>女高音</part-name></score-part>'))
    with translation.override("zh-hans"), pytest.raises(TutorError) as refused:
        services.exercise_part(exercise=exercise, part=3)
    assert refused.value.message == "乐谱中没有“3”声部；现有声部为：1 女高音。"


@pytest.mark.django_db
def test_a_score_the_studio_cannot_draw_says_why_in_chinese(teacher: User) -> None:
    exercise = one_part_exercise(teacher, PERCUSSION.replace(b"Drums", "鼓".encode()))
    api = api_client_for(teacher)
    english = api.get(f"/api/exercises/{exercise.pk}/notation/", HTTP_ACCEPT_LANGUAGE="en").json()["error"]["message"]
    chinese = api.get(f"/api/exercises/{exercise.pk}/notation/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()["error"]
    assert english.startswith("This exercise's score cannot be shown: ")
    assert english.endswith(": the first part is unpitched (percussion); grading needs a part with pitched notes.")
    assert chinese["message"] == "无法显示这条练习的乐谱：第一个声部是无音高的打击乐；评分需要一个有音高音符的声部。"


@pytest.mark.django_db
def test_a_score_that_is_not_well_formed_says_where_in_chinese_and_logs_the_parsers_words(
    teacher: User, caplog: pytest.LogCaptureFixture,
) -> None:
    # The parser's detail ("mismatched tag: line 4, column 2") is English in every language: only the log keeps it.
    broken = SCORES["cut.musicxml"]
    page = Client()
    page.force_login(teacher)
    with caplog.at_level("INFO", logger="grading.analysis.target"):
        html = page.post("/exercises/", {"title": "Cut", "score": SimpleUploadedFile("c.musicxml", broken)},
                         HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "乐谱不是格式正确的 XML 文件（第 4 行第 3 列处出错）。" in html
    assert "mismatched" not in html and "well-formed" not in html
    assert "mismatched tag: line 4, column 2" in caplog.text
    api = api_client_for(teacher)
    english = api.post("/api/exercises/", {"title": "Cut", "score": SimpleUploadedFile("c.musicxml", broken)},
                       format="multipart", HTTP_ACCEPT_LANGUAGE="en").json()["error"]["fields"]["score"][0]
    assert english.endswith("The score is not well-formed XML (line 4, column 3).")


def test_a_reason_stored_with_the_parsers_english_reads_without_it() -> None:
    stored = "the score is not well-formed XML (not well-formed (invalid token): line 3, column 14)"
    with translation.override("zh-hans"):
        assert score_failure_text(stored) == "乐谱不是格式正确的 XML 文件（第 3 行第 14 列处出错）。"
        assert score_failure_text("the score is not well-formed XML (junk after document element)") == (
            "乐谱不是格式正确的 XML 文件。")
