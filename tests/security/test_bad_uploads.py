"""A corpus of bad uploads: every one gets a 4xx with a clear message, loses nothing,
leaves no row, no task and no temporary file behind.

The files are made here from a few good takes (synthesised) by cutting,
corrupting and forging headers; none is stored in the repository.
"""

from __future__ import annotations

import io
import os
import struct
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from grading.models import Recording
from tests.conftest import api_client_for
from tests.grading.analysis.synth import tone, write_encoded, write_wav
from tutor.models import Assignment, User

pytestmark = pytest.mark.django_db
SR = 16_000


def wav_header(*, channels: int = 1, rate: int = SR, bits: int = 16, riff_size: int | None = None,
               data_size: int = 32_000, fmt_size: int = 16, audio_format: int = 1) -> bytes:
    block = max(channels * bits // 8, 0)
    fmt = struct.pack("<HHIIHH", audio_format, channels, rate, (rate * block) & 0xFFFFFFFF, block & 0xFFFF, bits)
    riff = 4 + 8 + fmt_size + 8 + data_size if riff_size is None else riff_size
    return (b"RIFF" + struct.pack("<I", riff & 0xFFFFFFFF) + b"WAVE" + b"fmt " + struct.pack("<I", fmt_size)
            + fmt + b"data" + struct.pack("<I", data_size & 0xFFFFFFFF))


class Takes:
    """Good takes made once per test session, as bytes, for cutting and corrupting."""

    def __init__(self, folder: Path) -> None:
        melody = np.concatenate([tone(60 + i, 0.5) for i in range(6)])
        self.wav = write_wav(folder / "good.wav", melody).read_bytes()
        self.ogg = write_encoded(folder / "good.ogg", melody, codec="libopus").read_bytes()
        self.webm = write_encoded(folder / "good.webm", melody, codec="libopus").read_bytes()
        self.flac = write_encoded(folder / "good.flac", melody, codec="flac", sr=16_000).read_bytes()


@pytest.fixture(scope="module")
def takes(tmp_path_factory: pytest.TempPathFactory) -> Takes:
    return Takes(tmp_path_factory.mktemp("takes"))


def _ogg_crc(page: bytes) -> int:
    crc = 0
    for byte in page:
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else crc << 1
            crc &= 0xFFFFFFFF
    return crc


def ogg_claiming_hours(data: bytes, hours: float) -> bytes:
    """The same few seconds of Opus, its last page (CRC redone) claiming ``hours`` of audio."""
    last = data.rfind(b"OggS")
    granule = int(hours * 3600 * 48_000)
    page = bytearray(data[last:])
    page[6:14] = struct.pack("<q", granule)
    page[22:26] = bytes(4)
    page[22:26] = struct.pack("<I", _ogg_crc(bytes(page)))
    return data[:last] + bytes(page)


def float_wav(samples: np.ndarray) -> bytes:
    import soundfile

    buffer = io.BytesIO()
    soundfile.write(buffer, samples.astype(np.float32), SR, subtype="FLOAT", format="WAV")
    return buffer.getvalue()


def zipped(name: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


Maker = Callable[[Takes], bytes]
BAD: dict[str, Maker] = {
    "empty": lambda t: b"",
    "one-byte": lambda t: b"R",
    "wav-cut-at-4": lambda t: t.wav[:4],
    "wav-cut-at-12": lambda t: t.wav[:12],
    "wav-cut-at-30": lambda t: t.wav[:30],
    "wav-cut-at-44": lambda t: t.wav[:44],
    "wav-cut-at-100": lambda t: t.wav[:100],
    "ogg-cut-at-40": lambda t: t.ogg[:40],
    "ogg-cut-at-300": lambda t: t.ogg[:300],
    "webm-cut-at-50": lambda t: t.webm[:50],
    "webm-cut-at-400": lambda t: t.webm[:400],
    "flac-cut-at-20": lambda t: t.flac[:20],
    "flac-cut-at-60": lambda t: t.flac[:60],
    "wrong-magic-rifx": lambda t: b"RIFX" + t.wav[4:],
    "wrong-magic-zeroed": lambda t: bytes(8) + t.wav[8:],
    "ogg-magic-on-wav-body": lambda t: b"OggS" + t.wav[4:],
    "flac-magic-on-wav-body": lambda t: b"fLaC" + t.wav[4:],
    "webm-magic-on-text": lambda t: b"\x1aE\xdf\xa3" + b"not really matroska at all " * 40,
    "random-bytes": lambda t: np.random.default_rng(1).integers(0, 256, 50_000, dtype=np.uint8).tobytes(),
    "zeros": lambda t: bytes(50_000),
    "text": lambda t: b"My practice notes for today: scales, then Twinkle twice.\n" * 50,
    "html": lambda t: b"<!doctype html><html><body><script>alert(1)</script></body></html>" * 20,
    "json": lambda t: b'{"audio": "not really", "notes": [1, 2, 3]}' * 50,
    "png": lambda t: b"\x89PNG\r\n\x1a\n" + bytes(2000),
    "pdf": lambda t: b"%PDF-1.7\n" + b"1 0 obj << >> endobj\n" * 100,
    "elf": lambda t: b"\x7fELF\x02\x01\x01" + bytes(4000),
    "zip-with-wav-inside": lambda t: zipped("take.wav", t.wav),
    "wav-that-is-also-html": lambda t: wav_header(data_size=4000) + b"<html><script>fetch('/x')</script></html>" * 90,
    "riff-claiming-4gb": lambda t: wav_header(riff_size=0xFFFFFFFF, data_size=0xFFFFFFF0) + bytes(4000),
    "data-chunk-claiming-4gb": lambda t: wav_header(data_size=0xFFFFFFFF) + bytes(32_000),
    "fmt-chunk-claiming-4gb": lambda t: wav_header(fmt_size=0xFFFFFFF0) + bytes(100),
    "zero-channels": lambda t: wav_header(channels=0) + bytes(32_000),
    "65535-channels": lambda t: wav_header(channels=65535) + bytes(32_000),
    "nine-channels": lambda t: wav_header(channels=9) + bytes(32_000),
    "zero-hertz": lambda t: wav_header(rate=0) + bytes(32_000),
    "one-hertz": lambda t: wav_header(rate=1) + bytes(32_000),
    "four-gigahertz": lambda t: wav_header(rate=0xFFFFFFFF) + bytes(32_000),
    "zero-bits": lambda t: wav_header(bits=0) + bytes(32_000),
    "seven-bits": lambda t: wav_header(bits=7) + bytes(32_000),
    "unknown-codec-tag": lambda t: wav_header(audio_format=0x1234) + bytes(32_000),
    "three-hours-in-tiny-opus": lambda t: ogg_claiming_hours(t.ogg, 3.0),
    "silent-wav": lambda t: write_bytes_wav(np.zeros(SR * 3, np.float32)),
    "room-tone-only": lambda t: write_bytes_wav(1e-4 * np.random.default_rng(2).standard_normal(SR * 3)),
    "too-short": lambda t: write_bytes_wav(tone(69, 0.1)),
    "nan-samples": lambda t: float_wav(np.where(np.arange(SR * 2) % 500 == 0, np.nan, tone(69, 2.0))),
    "inf-samples": lambda t: float_wav(np.where(np.arange(SR * 2) % 500 == 0, np.inf, tone(69, 2.0))),
    "hopelessly-clipped": lambda t: write_bytes_wav(np.sign(np.sin(np.arange(SR * 2) * 0.1)).astype(np.float32)),
    "m3u-playlist-as-mp3": lambda t: b"#EXTM3U\n#EXTINF:10,Take\nhttp://127.0.0.1:9/take.mp3\n",
    "hls-playlist": lambda t: b"#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n",
    "ffconcat-script": lambda t: b"ffconcat version 1.0\nfile '/etc/passwd'\n",
    "sdp-file": lambda t: b"v=0\no=- 0 0 IN IP4 127.0.0.1\ns=x\nc=IN IP4 127.0.0.1\nt=0 0\nm=audio 9 RTP/AVP 0\n",
    "pls-playlist": lambda t: b"[playlist]\nFile1=http://127.0.0.1:9/a.mp3\nNumberOfEntries=1\n",
    "mp4-ftyp-without-moov": lambda t: struct.pack(">I", 24) + b"ftypM4A \x00\x00\x00\x00M4A mp42" + bytes(500),
    "mp4-claiming-huge-box": lambda t: struct.pack(">I", 24) + b"ftypM4A \x00\x00\x00\x00M4A mp42"
    + struct.pack(">I", 0xFFFFFFF0) + b"moov" + bytes(200),
    "mp3-sync-then-garbage": lambda t: b"\xff\xfb\x90\x00" + np.random.default_rng(3).integers(0, 256, 4000, dtype=np.uint8).tobytes(),
    "id3-tag-only": lambda t: b"ID3\x04\x00\x00\x00\x00\x00\x00",
    "ebml-header-only": lambda t: t.webm[:40],
    "aac-adts-garbage": lambda t: b"\xff\xf1\x50\x80" + bytes(3000),
    "caf-header-only": lambda t: b"caff\x00\x01\x00\x00",
    "aiff-header-only": lambda t: b"FORM\x00\x00\x00\x04AIFF",
    "video-like-webm-without-audio": lambda t: t.webm[:200] + bytes(2000),
    "wav-with-silence-then-cut": lambda t: write_bytes_wav(np.zeros(SR * 2, np.float32))[:3000],
}


def write_bytes_wav(samples: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    import wave

    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SR)
        out.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return buffer.getvalue()


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings) -> Path:  # type: ignore[no-untyped-def]
    """Temporary files of this test only (the machine's /tmp is shared with other processes)."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    return folder


def leftovers(folder: Path) -> list[str]:
    # pymp-* is multiprocessing's own forkserver folder, made once per process.
    return [name for name in os.listdir(folder) if not name.startswith("pymp-")]


def test_the_corpus_is_large_enough() -> None:
    assert len(BAD) >= 60


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_upload_gets_a_4xx_with_a_message_and_leaves_nothing(
    case: str, takes: Takes, student: User, assignment: Assignment, settings, private_tmp: Path  # type: ignore[no-untyped-def]
) -> None:
    upload = SimpleUploadedFile(f"{case}.wav", BAD[case](takes), content_type="audio/wav")
    with mock.patch("grading.tasks.analyze_recording.apply_async") as delay:
        response = api_client_for(student).post(
            "/api/recordings/", {"audio": upload, "assignment": assignment.pk}, format="multipart"
        )
    assert 400 <= response.status_code < 500, (case, response.status_code, response.content[:300])
    error = response.json()["error"]
    message = " ".join(error["fields"].get("audio", [])) or error["message"]
    assert len(message) > 10 and "Traceback" not in message, (case, message)
    assert not Recording.objects.exists()
    delay.assert_not_called()
    assert not leftovers(private_tmp), f"{case} left temporary files behind"
    stored = Path(settings.MEDIA_ROOT) / "recordings"
    assert not stored.exists() or not any(stored.rglob("*")), f"{case} left a stored file"


@pytest.mark.parametrize("name", ["-i.wav", "../../x.wav", "..\\..\\x.wav", "/etc/passwd", "take.wav\x00.html",
                                  "a" * 300 + ".wav", "тейк 🎵.wav", ".htaccess", "take.php"])
def test_a_good_take_with_a_hostile_name_is_stored_under_a_name_of_ours(
    name: str, takes: Takes, student: User, assignment: Assignment, settings  # type: ignore[no-untyped-def]
) -> None:
    upload = SimpleUploadedFile(name, takes.wav, content_type="text/html")
    with mock.patch("grading.tasks.analyze_recording.apply_async"):
        response = api_client_for(student).post(
            "/api/recordings/", {"audio": upload, "assignment": assignment.pk}, format="multipart"
        )
    assert response.status_code == 202, response.content
    stored = Path(Recording.objects.get().audio.path).resolve()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve() / "recordings")
    assert stored.suffix in {".wav", ".bin"} and name.split("/")[-1] not in stored.name


def test_a_huge_body_is_refused_before_it_is_read(student: User, assignment: Assignment, settings) -> None:  # type: ignore[no-untyped-def]
    client = api_client_for(student)
    response = client.generic(
        "POST", "/api/recordings/", b"x" * 1024, content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(settings.MAX_UPLOAD_BYTES + 10 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "larger than" in response.json()["error"]["message"]


def test_a_file_over_the_size_cap_is_refused(student: User, assignment: Assignment, settings, takes: Takes) -> None:  # type: ignore[no-untyped-def]
    settings.MAX_UPLOAD_BYTES = 50_000
    upload = SimpleUploadedFile("big.wav", takes.wav + bytes(60_000))
    response = api_client_for(student).post(
        "/api/recordings/", {"audio": upload, "assignment": assignment.pk}, format="multipart"
    )
    assert response.status_code in (400, 413)
    assert not Recording.objects.exists()


@pytest.mark.parametrize("name", [b"\xe9t\xe9.wav", b"take\xc3.wav"])
def test_a_file_name_that_is_not_utf8_gets_a_message_that_says_what_to_do(
    name: bytes, takes: Takes, student: User, assignment: Assignment  # type: ignore[no-untyped-def]
) -> None:
    """Django skips a part header it cannot decode and then blamed the header size, in English, on a bare page."""
    from django.test import Client

    body = (b'--B\r\nContent-Disposition: form-data; name="assignment"\r\n\r\n' + str(assignment.pk).encode()
            + b'\r\n--B\r\nContent-Disposition: form-data; name="audio"; filename="' + name
            + b'"\r\nContent-Type: audio/wav\r\n\r\n' + takes.wav + b"\r\n--B--\r\n")
    with mock.patch("grading.tasks.analyze_recording.apply_async"):
        api = api_client_for(student).generic("POST", "/api/recordings/", body, content_type="multipart/form-data; boundary=B",
                                              HTTP_ACCEPT_LANGUAGE="zh-hans")
        page = Client()
        page.force_login(student)
        shown = page.generic("POST", f"/assignments/{assignment.pk}/takes/", body,
                             content_type="multipart/form-data; boundary=B", HTTP_ACCEPT_LANGUAGE="en")
    assert api.status_code == 400 and "改名" in api.json()["error"]["message"]
    assert shown.status_code == 400 and b"rename the file" in shown.content
    assert not Recording.objects.exists()
