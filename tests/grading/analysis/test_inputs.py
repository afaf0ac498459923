"""Decoding and target loading: good files in every format, bad files refused with a clear line."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest

from grading.analysis import (
    AudioTooLong,
    AudioTooShort,
    SilentAudio,
    UnreadableAudio,
    UnsafeScore,
    UnusableScore,
    decode_audio,
    load_target,
    probe_audio,
)
from tests.grading.analysis.synth import SR, tone, write_encoded, write_score, write_wav


def _wav_header(*, rate: int, channels: int, data_bytes: int = 0) -> bytes:
    bits = 16
    block = channels * bits // 8
    fmt = struct.pack("<HHIIHH", 1, channels, rate, rate * block, block, bits)
    return (b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt
            + b"data" + struct.pack("<I", data_bytes))


def test_it_decodes_a_stereo_44k_wav_to_mono_16k(tmp_path: Path) -> None:
    x = tone(69, 1.0, sr=44_100)
    audio = decode_audio(write_wav(tmp_path / "a.wav", x, sr=44_100, channels=2))
    assert audio.sample_rate_hz == SR and audio.source_rate_hz == 44_100 and audio.source_channels == 2
    assert abs(audio.duration_seconds - 1.0) < 0.01
    assert audio.samples.dtype == np.float32


@pytest.mark.parametrize(("name", "codec", "sr", "bit_rate"), [
    ("a.ogg", "libopus", 48_000, 64_000), ("a.webm", "libopus", 48_000, 64_000), ("a.flac", "flac", 48_000, 0),
    ("a.amr", "libopencore_amrnb", 8_000, 12_200),  # an older Android phone's voice recorder
])
def test_it_decodes_compressed_takes(tmp_path: Path, name: str, codec: str, sr: int, bit_rate: int) -> None:
    audio = decode_audio(write_encoded(tmp_path / name, tone(69, 1.0), codec=codec, sr=sr, bit_rate=bit_rate))
    assert abs(audio.duration_seconds - 1.0) < 0.05


def test_it_refuses_an_empty_file(tmp_path: Path) -> None:
    (tmp_path / "e.wav").write_bytes(b"")
    with pytest.raises(UnreadableAudio, match="empty"):
        decode_audio(tmp_path / "e.wav")


def test_it_refuses_text_renamed_to_wav(tmp_path: Path) -> None:
    (tmp_path / "t.wav").write_text("this is my homework, not audio\n" * 20)
    with pytest.raises(UnreadableAudio, match="not a recording"):
        probe_audio(tmp_path / "t.wav")


def test_it_refuses_a_truncated_file(tmp_path: Path) -> None:
    whole = write_wav(tmp_path / "w.wav", tone(69, 1.0)).read_bytes()
    (tmp_path / "cut.wav").write_bytes(whole[:30])
    with pytest.raises(UnreadableAudio):
        decode_audio(tmp_path / "cut.wav")


def test_it_refuses_a_header_claiming_0_hz(tmp_path: Path) -> None:
    (tmp_path / "z.wav").write_bytes(_wav_header(rate=0, channels=1, data_bytes=3200) + bytes(3200))
    with pytest.raises(UnreadableAudio):
        decode_audio(tmp_path / "z.wav")


def test_it_refuses_a_header_claiming_9_channels(tmp_path: Path) -> None:
    (tmp_path / "c.wav").write_bytes(_wav_header(rate=16_000, channels=9, data_bytes=36_000) + bytes(36_000))
    with pytest.raises(UnreadableAudio, match="9 channels; upload a take with at most 8"):
        decode_audio(tmp_path / "c.wav")


def test_it_stops_decoding_a_long_silent_opus_at_the_cap(tmp_path: Path) -> None:
    path = write_encoded(tmp_path / "long.webm", np.zeros(SR * 20, np.float32), codec="libopus", bit_rate=6000)
    assert path.stat().st_size < 200_000
    with pytest.raises(AudioTooLong, match="limit|more than"):
        decode_audio(path, max_seconds=5)


def test_it_refuses_nan_samples(tmp_path: Path) -> None:
    import soundfile

    x = tone(69, 1.0).astype(np.float32)
    x[100:200] = np.nan
    soundfile.write(tmp_path / "n.wav", x, SR, subtype="FLOAT")
    with pytest.raises(UnreadableAudio, match="NaN"):
        decode_audio(tmp_path / "n.wav")


def test_it_refuses_silence_and_tiny_takes(tmp_path: Path) -> None:
    with pytest.raises(SilentAudio, match="silent"):
        decode_audio(write_wav(tmp_path / "s.wav", np.zeros(SR, np.float32)))
    with pytest.raises(AudioTooShort):
        decode_audio(write_wav(tmp_path / "short.wav", tone(69, 0.1)))


def test_it_loads_the_top_line_with_ties_merged_and_rests_kept(tmp_path: Path) -> None:
    import music21

    part = music21.stream.Part()
    part.append(music21.tempo.MetronomeMark(number=60))
    part.append(music21.chord.Chord([60, 64, 67], quarterLength=1))
    a = music21.note.Note(62, quarterLength=1)
    a.tie = music21.tie.Tie("start")
    b = music21.note.Note(62, quarterLength=1)
    b.tie = music21.tie.Tie("stop")
    part.append([a, b, music21.note.Rest(quarterLength=1), music21.note.Note(65, quarterLength=2)])
    path = tmp_path / "t.musicxml"
    music21.stream.Score([part]).write("musicxml", fp=str(path))
    target = load_target(path)
    assert [n.midi for n in target.notes] == [67, 62, 65]
    assert [n.onset_seconds for n in target.notes] == pytest.approx([0.0, 1.0, 4.0], abs=1e-3)
    assert target.notes[1].duration_seconds == pytest.approx(2.0, abs=1e-3)
    assert target.notes[2].follows_rest and target.tempo_bpm == 60
    assert load_target(path, tempo_bpm=120).notes[2].onset_seconds == pytest.approx(2.0, abs=1e-3)


def test_it_refuses_musicxml_with_doctype_entities(tmp_path: Path) -> None:
    evil = (b'<?xml version="1.0"?><!DOCTYPE score-partwise [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
            b"<score-partwise><part-list/></score-partwise>")
    (tmp_path / "e.musicxml").write_bytes(evil)
    with pytest.raises(UnsafeScore, match="entities"):
        load_target(tmp_path / "e.musicxml")


def test_it_refuses_an_mxl_with_a_parent_directory_member(tmp_path: Path) -> None:
    score = write_score(tmp_path / "s.musicxml", [60, 62], [1, 1]).read_bytes()
    with zipfile.ZipFile(tmp_path / "bad.mxl", "w") as z:
        z.writestr("../../evil.musicxml", score)
    with pytest.raises(UnsafeScore, match="unsafe path"):
        load_target(tmp_path / "bad.mxl")


def test_it_reads_a_good_mxl(tmp_path: Path) -> None:
    score = write_score(tmp_path / "s.musicxml", [60, 62], [1, 1]).read_bytes()
    with zipfile.ZipFile(tmp_path / "good.mxl", "w") as z:
        z.writestr("score.musicxml", score)
    assert [n.midi for n in load_target(tmp_path / "good.mxl").notes] == [60, 62]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("<score-partwise><part", "well-formed"),
        ('<score-partwise><part-list/><part id="P1"><measure number="1"><attributes><divisions>0</divisions>'
         "</attributes></measure></part></score-partwise>", "divisions"),
        ('<score-partwise><part-list><score-part id="P1"/></part-list><part id="P1"><measure number="1">'
         "<attributes><divisions>1</divisions></attributes><note><rest/><duration>4</duration></note>"
         "</measure></part></score-partwise>", "no notes"),
    ],
)
def test_it_refuses_unusable_scores_with_a_reason(tmp_path: Path, text: str, reason: str) -> None:
    (tmp_path / "u.musicxml").write_text(text)
    with pytest.raises(UnusableScore, match=reason):
        load_target(tmp_path / "u.musicxml")


def _ogg_page_starts(data: bytes) -> list[int]:
    return [i for i in range(len(data) - 3) if data[i:i + 4] == b"OggS"]


def test_an_ogg_opus_take_cut_mid_page_keeps_the_packets_that_arrived_and_says_it_was_cut(tmp_path: Path) -> None:
    """FFmpeg dropped the whole cut page (about a second); the packets in it that arrived whole are decoded."""
    whole = write_encoded(tmp_path / "whole.ogg", tone(69, 4.0), codec="libopus").read_bytes()
    pages = _ogg_page_starts(whole)
    assert len(pages) >= 5  # head, tags and audio pages of about a second each
    start, end = pages[-3], pages[-2]  # a full page of audio near the end
    cut = start + (end - start) // 2
    (tmp_path / "cut.ogg").write_bytes(whole[:cut])
    (tmp_path / "to-page.ogg").write_bytes(whole[:start])
    (tmp_path / "with-page.ogg").write_bytes(whole[:end])
    before_page = decode_audio(tmp_path / "to-page.ogg").duration_seconds
    page_seconds = decode_audio(tmp_path / "with-page.ogg").duration_seconds - before_page
    audio = decode_audio(tmp_path / "cut.ogg")
    kept = audio.duration_seconds - before_page
    # About half the cut page's audio arrived (its packets are about equal in size), not none of it.
    assert page_seconds * 0.3 < kept < page_seconds * 0.7, (kept, page_seconds)
    assert audio.cut_off
    # The last 0.1 s decoded is the tone at its level, not silence or a glitch.
    level = float(np.sqrt(np.mean(audio.samples[SR:2 * SR] ** 2)))
    tail = float(np.sqrt(np.mean(audio.samples[-1600:] ** 2)))
    assert abs(tail - level) < 0.2 * level, (tail, level)


@pytest.mark.parametrize("cut_inside", ["header", "lacing"])
def test_an_ogg_opus_take_cut_in_a_page_header_is_decoded_up_to_it(tmp_path: Path, cut_inside: str) -> None:
    whole = write_encoded(tmp_path / "whole.ogg", tone(69, 3.0), codec="libopus").read_bytes()
    last = _ogg_page_starts(whole)[-1]
    cut = last + (10 if cut_inside == "header" else 28)
    (tmp_path / "cut.ogg").write_bytes(whole[:cut])
    audio = decode_audio(tmp_path / "cut.ogg")
    assert audio.cut_off and audio.duration_seconds > 1.5


def test_a_whole_ogg_opus_take_is_decoded_as_before_and_not_called_cut(tmp_path: Path) -> None:
    path = write_encoded(tmp_path / "whole.ogg", tone(69, 2.0), codec="libopus")
    audio = decode_audio(path)
    assert not audio.cut_off
    assert abs(audio.duration_seconds - 2.0) < 0.05
