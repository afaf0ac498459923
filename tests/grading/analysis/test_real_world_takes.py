"""Takes as real recorders and browsers write them: odd WAV headers, many channels, phone and browser
containers, uploads cut off part-way. Each is made here, a second or three long."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest

from grading.analysis import UnreadableAudio, decode_audio, probe_audio
from tests.grading.analysis.synth import SR, tone

SECONDS = 3.0
LEVEL = 0.3  # the synth tone's peak is below this

_SUBFORMAT_PCM = b"\x01\x00\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"
_SUBFORMAT_FLOAT = b"\x03" + _SUBFORMAT_PCM[1:]


def chunk(tag: bytes, payload: bytes) -> bytes:
    return tag + struct.pack("<I", len(payload)) + payload + b"\0" * (len(payload) & 1)


def pcm_bytes(x: np.ndarray, *, bits: int, is_float: bool) -> bytes:
    """Samples (frames, channels) in [-1, 1] as little-endian WAV sample bytes."""
    if is_float:
        return x.astype("<f4" if bits == 32 else "<f8").tobytes()
    if bits == 8:
        return (x * 127 + 128).astype(np.uint8).tobytes()
    if bits == 24:
        wide = (x * 8_388_607).astype("<i4").reshape(-1, 1).view(np.uint8)
        return wide[:, :3].tobytes()
    dtype = {16: "<i2", 32: "<i4"}[bits]
    return (x * (2 ** (bits - 1) - 1)).astype(dtype).tobytes()


def wav(path: Path, samples: np.ndarray, *, rate: int = SR, channels: int = 1, bits: int = 16,
        is_float: bool = False, extensible: bool = False, before_data: bytes = b"", after_data: bytes = b"",
        claimed_data_bytes: int | None = None) -> Path:
    """A WAV written byte by byte, so that its header can say what a real recorder's does."""
    frames = np.repeat(samples[:, None], channels, axis=1)
    data = pcm_bytes(frames, bits=bits, is_float=is_float)
    block = channels * bits // 8
    tag = 3 if is_float else 1
    if extensible:
        fmt = struct.pack("<HHIIHH", 0xFFFE, channels, rate, rate * block, block, bits) + struct.pack(
            "<HHI", 22, bits, (1 << channels) - 1) + (_SUBFORMAT_FLOAT if is_float else _SUBFORMAT_PCM)
    else:
        fmt = struct.pack("<HHIIHH", tag, channels, rate, rate * block, block, bits)
    claimed = len(data) if claimed_data_bytes is None else claimed_data_bytes
    body = (b"WAVE" + chunk(b"fmt ", fmt) + before_data + b"data" + struct.pack("<I", claimed) + data
            + b"\0" * (len(data) & 1) + after_data)
    path.write_bytes(b"RIFF" + struct.pack("<I", min(len(body), 0xFFFFFFFF)) + body)
    return path


def encoded(path: Path, samples: np.ndarray, *, container: str, codec: str, rate: int = 48_000,
            layout: str = "mono", video: str | None = None, options: dict[str, str] | None = None) -> Path:
    """``samples`` (at ``SR``) encoded by PyAV as a browser, phone or camera would, with an optional video track."""
    import av
    from scipy.signal import resample_poly

    x = resample_poly(samples, rate // 1000, SR // 1000).astype(np.float32)
    with av.open(str(path), "w", format=container, options=options or {}) as out:
        picture = None
        if video:
            picture = out.add_stream(video, rate=10)
            picture.width, picture.height, picture.pix_fmt = 64, 48, "yuv420p"
        stream = out.add_stream(codec, rate=rate)
        stream.layout = layout
        sample_format = stream.codec_context.format.name
        channels = stream.codec_context.channels
        step = stream.codec_context.frame_size or 1024
        shown = 0
        for start in range(0, len(x), step):
            piece = np.repeat(x[None, start : start + step], channels, axis=0)
            if sample_format.startswith("s16"):
                piece = (piece * 32767).astype(np.int16)
            elif sample_format.startswith("s32"):
                piece = (piece * 2_147_483_647).astype(np.int32)
            if not sample_format.endswith("p"):
                piece = piece.T.reshape(1, -1)
            frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(piece), format=sample_format, layout=layout)
            frame.sample_rate, frame.pts = rate, start
            for packet in stream.encode(frame):
                out.mux(packet)
            while picture is not None and shown * rate < (start + step) * 10:
                image = av.VideoFrame.from_ndarray(np.zeros((48, 64, 3), np.uint8), format="rgb24")
                image.pts = shown
                shown += 1
                for packet in picture.encode(image):
                    out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
        if picture is not None:
            for packet in picture.encode(None):
                out.mux(packet)
    return path


def cut(path: Path, fraction: float) -> Path:
    """The first ``fraction`` of the file: an upload or a recorder that stopped part-way."""
    data = path.read_bytes()
    shorter = path.with_name(f"cut-{path.name}")
    shorter.write_bytes(data[: int(len(data) * fraction)])
    return shorter


@pytest.fixture
def take() -> np.ndarray:
    return tone(69, SECONDS)


# --------------------------------------------------------------------------- WAV headers


@pytest.mark.parametrize("claimed", [
    0,  # a recorder that crashed before writing any size
    0xFFFFFFFF,  # a streaming writer's "unknown"
    16_000 * 2,  # the size at the last checkpoint: one second of three
    16_000 * 2 + 1,  # an odd size at a checkpoint
], ids=["zero", "ffffffff", "a-third", "odd"])
def test_it_reads_a_wav_to_its_end_whatever_its_data_size_claims(tmp_path: Path, take: np.ndarray,
                                                                  claimed: int) -> None:
    path = wav(tmp_path / "crashed.wav", take, claimed_data_bytes=claimed)
    decoded = decode_audio(path)
    assert abs(decoded.duration_seconds - SECONDS) < 0.01
    honest = decode_audio(wav(tmp_path / "honest.wav", take))
    assert np.max(np.abs(decoded.samples - honest.samples)) < 1e-6


def test_it_reads_a_stereo_wav_whose_data_size_is_stale(tmp_path: Path, take: np.ndarray) -> None:
    decoded = decode_audio(wav(tmp_path / "s.wav", take, channels=2, claimed_data_bytes=16_000 * 4))
    assert abs(decoded.duration_seconds - SECONDS) < 0.01


def test_it_keeps_chunks_after_the_data_out_of_the_samples(tmp_path: Path, take: np.ndarray) -> None:
    notes = chunk(b"LIST", b"INFOICMT" + struct.pack("<I", 6) + b"take1\0") + chunk(b"id3 ", b"ID3" + bytes(40))
    decoded = decode_audio(wav(tmp_path / "tagged.wav", take, after_data=notes))
    honest = decode_audio(wav(tmp_path / "plain.wav", take))
    assert len(decoded.samples) == len(honest.samples)
    assert np.array_equal(decoded.samples, honest.samples)


@pytest.mark.parametrize(("bits", "is_float", "extensible"), [
    (8, False, False), (16, False, False), (24, False, False), (32, False, False), (32, True, False),
    (64, True, False), (16, False, True), (24, False, True), (32, True, True),
])
def test_it_reads_every_wav_sample_format(tmp_path: Path, take: np.ndarray, bits: int, is_float: bool,
                                          extensible: bool) -> None:
    channels = 2 if extensible else 1
    decoded = decode_audio(wav(tmp_path / "f.wav", take, bits=bits, is_float=is_float, extensible=extensible,
                               channels=channels))
    plain = decode_audio(wav(tmp_path / "plain.wav", take, channels=channels))
    assert abs(decoded.duration_seconds - SECONDS) < 0.01
    assert np.max(np.abs(decoded.samples - plain.samples)) < 0.01  # 8 bits: a step of 1/127


def test_it_skips_list_bext_and_junk_chunks_before_the_data(tmp_path: Path, take: np.ndarray) -> None:
    extra = (chunk(b"JUNK", bytes(28)) + chunk(b"bext", bytes(602))
             + chunk(b"LIST", b"INFOISFT" + struct.pack("<I", 5) + b"Rec\0\0"))
    decoded = decode_audio(wav(tmp_path / "bwf.wav", take, before_data=extra, claimed_data_bytes=0))
    assert abs(decoded.duration_seconds - SECONDS) < 0.01


@pytest.mark.parametrize("rate", [8_000, 11_025, 22_050, 44_100, 48_000, 96_000])
def test_it_reads_wavs_from_8_to_96_khz(tmp_path: Path, rate: int) -> None:
    decoded = decode_audio(wav(tmp_path / "r.wav", tone(69, SECONDS, sr=rate), rate=rate))
    assert decoded.source_rate_hz == rate and decoded.sample_rate_hz == SR
    assert abs(decoded.duration_seconds - SECONDS) < 0.01


@pytest.mark.parametrize("channels", [4, 6, 8])
def test_it_mixes_takes_with_up_to_8_channels_down_to_mono(tmp_path: Path, take: np.ndarray, channels: int) -> None:
    decoded = decode_audio(wav(tmp_path / "multi.wav", take, channels=channels))
    mono = decode_audio(wav(tmp_path / "mono.wav", take))
    assert decoded.source_channels == channels
    assert np.max(np.abs(decoded.samples - mono.samples)) < 1e-3  # the same take, not summed into clipping


# --------------------------------------------------------------------------- browsers, phones, cameras

BROWSERS_AND_PHONES = {
    "chrome.webm": {"container": "webm", "codec": "libopus"},  # MediaRecorder in Chrome and Edge
    "firefox.ogg": {"container": "ogg", "codec": "libopus"},  # MediaRecorder in Firefox
    "safari.mp4": {"container": "mp4", "codec": "aac",  # MediaRecorder in Safari writes fragments
                   "options": {"movflags": "frag_keyframe+empty_moov+default_base_moof"}},
    "memo.m4a": {"container": "ipod", "codec": "aac"},  # iPhone Voice Memos (compressed)
    "memo-lossless.m4a": {"container": "ipod", "codec": "alac"},  # iPhone Voice Memos (lossless)
    "camera.mp4": {"container": "mp4", "codec": "aac", "video": "mpeg4"},  # a video with its sound
    "screen.webm": {"container": "webm", "codec": "libopus", "video": "libvpx"},
    "surround.m4a": {"container": "ipod", "codec": "aac", "layout": "5.1"},
}


@pytest.mark.parametrize("name", list(BROWSERS_AND_PHONES))
def test_it_decodes_what_browsers_phones_and_cameras_record(tmp_path: Path, take: np.ndarray, name: str) -> None:
    decoded = decode_audio(encoded(tmp_path / name, take, **BROWSERS_AND_PHONES[name]))  # type: ignore[arg-type]
    assert abs(decoded.duration_seconds - SECONDS) < 0.06
    assert 0.5 * LEVEL < float(np.max(np.abs(decoded.samples))) < 1.0


@pytest.mark.parametrize("name", ["chrome.webm", "safari.mp4", "a.mp3", "memo-streamable.m4a"])
def test_it_grades_the_part_of_a_cut_off_upload_that_arrived(tmp_path: Path, take: np.ndarray, name: str) -> None:
    kinds = {**BROWSERS_AND_PHONES, "a.mp3": {"container": "mp3", "codec": "libmp3lame", "rate": 44_100},
             "memo-streamable.m4a": {"container": "ipod", "codec": "aac", "options": {"movflags": "faststart"}}}
    whole = encoded(tmp_path / name, take, **kinds[name])  # type: ignore[arg-type]
    decoded = decode_audio(cut(whole, 0.6))
    assert 0.4 * SECONDS < decoded.duration_seconds < 0.75 * SECONDS


@pytest.mark.parametrize("name", ["memo.m4a", "camera.mp4"])
def test_it_says_an_mp4_cut_off_before_its_index_is_incomplete(tmp_path: Path, take: np.ndarray, name: str) -> None:
    # Written for playback, not streaming: the index comes last, so the first 90% holds no way in.
    partial = cut(encoded(tmp_path / name, take, **BROWSERS_AND_PHONES[name]), 0.9)  # type: ignore[arg-type]
    for read in (probe_audio, decode_audio):
        with pytest.raises(UnreadableAudio, match="incomplete .*cut off.*upload the whole file again"):
            read(partial)


# What the decoders hand over in float or 16-bit samples is read straight from the frame, not
# through FFmpeg's resampler; both readings must be the same samples, mono and stereo, planar and packed.
STRAIGHT_FROM_THE_FRAME = {
    "mono.webm": {"container": "webm", "codec": "libopus"},
    "stereo.webm": {"container": "webm", "codec": "libopus", "layout": "stereo"},
    "stereo.m4a": {"container": "ipod", "codec": "aac", "layout": "stereo"},
    "stereo.mp3": {"container": "mp3", "codec": "libmp3lame", "layout": "stereo"},
    "stereo.flac": {"container": "flac", "codec": "flac", "layout": "stereo"},
}


def _read_as_the_resampler_reads(path: Path, monkeypatch: pytest.MonkeyPatch) -> bool:
    from grading.analysis import audio

    direct = decode_audio(path).samples
    monkeypatch.setattr(audio, "_float_samples", lambda frame, channels: None)
    return np.array_equal(direct, decode_audio(path).samples)


@pytest.mark.parametrize("name", list(STRAIGHT_FROM_THE_FRAME))
def test_samples_read_from_the_frame_are_the_resamplers(tmp_path: Path, take: np.ndarray, name: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = encoded(tmp_path / name, take, **STRAIGHT_FROM_THE_FRAME[name])  # type: ignore[arg-type]
    assert _read_as_the_resampler_reads(path, monkeypatch)


def test_a_stereo_16_bit_wav_is_read_from_the_frame_as_the_resampler_reads_it(tmp_path: Path, take: np.ndarray,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    assert _read_as_the_resampler_reads(wav(tmp_path / "stereo.wav", take, channels=2), monkeypatch)
