"""``manage.py transcribe``: files for one take, and a batch that carries on past bad lines."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.grading.analysis.synth import write_wav
from tests.grading.analysis.test_transcribe import BIRTHDAY, _sung


def _take(path: Path) -> Path:
    audio, _ = _sung(BIRTHDAY, bpm=100.0)
    return write_wav(path, audio.samples)


def test_one_take_writes_musicxml_midi_and_json_with_a_pickup_bar(tmp_path: Path) -> None:
    from music21 import converter, stream

    audio = _take(tmp_path / "birthday.wav")
    out = io.StringIO()
    call_command("transcribe", str(audio), "--json", "--out", str(tmp_path / "out"), stdout=out)
    line = json.loads(out.getvalue())
    assert (line["key"], line["meter"]) == ("G major", "3/4")
    for suffix in ("musicxml", "mid", "json"):
        assert (tmp_path / "out" / f"birthday.{suffix}").stat().st_size > 0
    assert json.loads((tmp_path / "out" / "birthday.json").read_text())["notes"] == line["notes"]
    measures = list(converter.parse(str(tmp_path / "out" / "birthday.musicxml")).parts[0]
                    .getElementsByClass(stream.Measure))
    # The pickup bar holds the one beat before the first downbeat; bar 1 is full.
    assert measures[0].number == 0 and measures[0].duration.quarterLength == pytest.approx(1.0)
    assert measures[1].duration.quarterLength == pytest.approx(3.0)
    assert measures[1].notes[0].pitch.nameWithOctave == "E4"


def test_a_batch_answers_every_line_in_order_and_goes_on_past_bad_ones(tmp_path: Path) -> None:
    audio = _take(tmp_path / "take.wav")
    broken = tmp_path / "broken.wav"
    broken.write_bytes(b"RIFF not really a wave file" * 10)
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join([
        json.dumps({"id": "first", "audio": str(audio)}),
        json.dumps({"id": "broken", "audio": str(broken)}),
        "not json",
        json.dumps({"id": 4, "audio": str(tmp_path / "missing.wav")}),
        json.dumps({"id": "last", "audio": str(audio)}),
    ]) + "\n")
    out = io.StringIO()
    call_command("transcribe", "--batch", str(batch), "--json", stdout=out)
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [x["id"] for x in lines] == ["first", "broken", None, 4, "last"]
    assert [("error" in x) for x in lines] == [False, True, True, True, False]
    assert set(lines[0]) == {"id", "key", "meter", "tempo", "notes"}
    assert lines[0]["notes"] == lines[-1]["notes"]


def test_no_audio_is_a_clear_command_error() -> None:
    with pytest.raises(CommandError, match="AUDIO"):
        call_command("transcribe")
