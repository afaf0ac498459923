"""The practice studio in Chinese, in real headless Chromium, graded by a real Celery worker.

A student switches the site to 中文 in the header, checks the microphone and records a take. Every
line the studio's scripts write while that happens (the microphone check, the latency, the recording
and grading status, the attempts left, the feedback's numbers) is caught as it is written and must be
Chinese, with no English word left in it.

The microphone is a WAV made here: half a second of quiet, then Twinkle at 90 BPM sung in tune. The
take is recorded without the count-in bar, so the singing starts with the take (and the microphone
check, which listens to the first three seconds of the same file, hears notes with gaps between them).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scipy.signal import resample_poly

from grading.models import Recording
from tests.conftest import worker_log
from tests.e2e.conftest import PHONE
from tests.e2e.test_studio_browser import FEEDBACK_TIMEOUT_MS, log_in, shoot
from tests.grading.analysis.synth import SR, Played, render, write_wav
from tests.grading.takes import BEAT_SECONDS, TWINKLE
from tests.tutor.test_translations import english_words
from tutor.models import Assignment, User

pytestmark = [pytest.mark.browser, pytest.mark.worker]

LEAD_SECONDS = 0.5
ATTEMPTS = 3
LATENCY_MS = 80
# The status lines the studio's scripts write, watched from before the page's first script runs.
WATCHED = ["audio-status", "mic-message", "mic-status", "latency-value", "rec-status", "take-status", "take-error",
           "attempts-left", "live-pitch-note", "fb-pitch", "fb-timing", "fb-entry", "drill-status"]
# Units and symbols a Chinese page writes in Latin letters too.
LATIN_KEPT = {"dB"}


def sung_twinkle(path: Path) -> Path:
    """Half a second of quiet, Twinkle in tune, then quiet to 30 s (past the take's end), at Chromium's 48 kHz."""
    played, onset = [], LEAD_SECONDS
    for midi, beats in TWINKLE:
        played.append(Played(midi, onset, beats * BEAT_SECONDS * 0.92))
        onset += beats * BEAT_SECONDS
    samples = render(played, total=30.0, vibrato_cents=8)
    return write_wav(path, resample_poly(samples, 48, SR // 1000).astype(np.float32), sr=48_000)


def watch_status_lines(page: Any) -> None:
    """Keep every text written into a watched line, in order, as window.studioSaid = [[id, text], ...]."""
    page.add_init_script(f"""
      window.studioSaid = [];
      const watched = new Set({WATCHED!r});
      new MutationObserver((records) => {{
        for (const record of records) {{
          const node = record.target.nodeType === 1 ? record.target : record.target.parentElement;
          const line = node && node.closest("[id]");
          if (!line || !watched.has(line.id)) continue;
          const text = line.textContent.trim();
          const last = window.studioSaid.findLast(([id]) => id === line.id);
          if (text && (!last || last[1] !== text)) window.studioSaid.push([line.id, text]);
        }}
      }}).observe(document, {{ subtree: true, childList: true, characterData: true }});
    """)


def is_chinese(text: str) -> bool:
    return re.search(r"[\u4e00-\u9fff]", text) is not None


def test_a_chinese_student_checks_the_mic_and_records_a_take_on_a_phone_in_chinese(
    live_server: Any, start_worker: Callable[..., subprocess.Popen[bytes]], open_page: Callable[..., Any],
    student: User, assignment: Assignment, tmp_path: Path,
) -> None:
    # A phone, where longer or shorter lines break the layout first (test_studio_browser records on a desktop).
    assignment.attempts_allowed = ATTEMPTS
    assignment.save(update_fields=["attempts_allowed"])
    worker = start_worker()
    page = open_page(mic=sung_twinkle(tmp_path / "mic.wav"), viewport=PHONE)
    watch_status_lines(page)
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/assignments/{assignment.pk}/studio/")
    page.click("form.lang-switch button[value=zh-hans]")  # the header's switch
    page.wait_for_selector("html[lang=zh-hans]")
    page.evaluate(f"localStorage.setItem('studio.latencyMs', '{LATENCY_MS}')")
    page.reload()
    assert page.locator("#attempts-left").inner_text() == f"还剩 {ATTEMPTS} 次机会。"
    assert page.locator("#latency-value").inner_text() == f"延迟：{LATENCY_MS} 毫秒，已从每次录音的计时中扣除。"

    page.click("#mic-check")
    page.wait_for_selector("#mic-status[data-ok]", timeout=10_000)
    mic = page.locator("#mic-status").inner_text()
    assert page.locator("#mic-status").get_attribute("data-ok") == "yes", mic
    assert mic.startswith("麦克风声音良好（比背景噪音高 ") and mic.endswith(" dB）。"), mic

    page.uncheck("#hear-count-in")
    page.click("#record")
    page.wait_for_selector("body.recording")
    assert page.locator("#rec-status").inner_text() == "正在录音：现在开始。"
    # The phone's bar shows Stop in Record's place, on the screen without scrolling, and it has the focus.
    stop = page.eval_on_selector("#record-stop", "b => [b.getBoundingClientRect().bottom, innerHeight, b === document.activeElement]")
    assert page.locator("#record").is_hidden() and stop[0] <= stop[1] and stop[2], stop
    page.wait_for_selector("#feedback:not([hidden])", timeout=FEEDBACK_TIMEOUT_MS)
    recording = Recording.objects.get()
    assert recording.status == "done", f"{recording.error}\n{worker_log(worker)}"
    page.wait_for_function("document.getElementById('take-status').textContent.startsWith('已评分')")
    shoot(page, "studio-zh-phone")

    said: list[tuple[str, str]] = [(line, text) for line, text in page.evaluate("window.studioSaid")]
    lines = {line for line, _ in said}
    assert {"mic-status", "rec-status", "take-status", "attempts-left", "fb-pitch"} <= lines, said
    assert ("rec-status", "录音完成。") in said
    assert ("take-status", "正在上传……") in said and ("take-status", "正在等待评分……") in said
    assert page.locator("#attempts-left").inner_text() == f"还剩 {ATTEMPTS - 1} 次机会。"
    english = {f"{line}: {text}": english_words(text, also_allowed=LATIN_KEPT) for line, text in said}
    assert {key: words for key, words in english.items() if words} == {}
    assert [f"{line}: {text}" for line, text in said if not is_chinese(text) and not re.fullmatch(r"[\d\s%/—]+", text)] \
        == []

    # The rest of the studio as the student reads it after the take: Chinese, on a page that fits the screen.
    names = {student.username, *assignment.title.split(), *assignment.classroom.name.split()}
    assert english_words(page.inner_html("#studio"), also_allowed=names | LATIN_KEPT) == []
    transpositions = page.eval_on_selector_all("#transpose option", "options => options.map(o => o.textContent)")
    assert len(transpositions) > 10
    assert [label for label in transpositions if english_words(label, also_allowed=set())] == []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the screen"
    errors = [m for m in page.console_messages if m.startswith(("error", "pageerror"))]
    assert not errors, errors

    # 简谱 after the take: the switch opens the take's own page with its numbers coloured, drawn for the
    # phone (wrapped lines, numbers near their 20 px) rather than one long line shrunk to 8 px numbers.
    page.click(".notation-choice button[value=jianpu]")
    page.wait_for_url(f"**/takes/{recording.pk}/")
    page.wait_for_selector("#jianpu .jianpu-narrow g.jp-note.graded")
    assert page.locator("#jianpu .jianpu-wide").is_hidden()
    coloured = page.eval_on_selector_all("#jianpu .jianpu-narrow g.jp-note.graded", "ns => ns.length")
    assert coloured == len(TWINKLE)
    number_px = page.eval_on_selector("#jianpu .jianpu-narrow g.jp-note text", "t => t.getBoundingClientRect().height")
    assert number_px >= 14, f"简谱 numbers drawn {number_px:.1f} px tall on a phone"
    shoot(page, "take-jianpu-zh-phone")
