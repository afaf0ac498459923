"""Decoding takes into mono float32 at 16 kHz, with checks before and during decoding.

PyAV (FFmpeg) reads every format a browser or phone produces: WAV, FLAC,
Ogg/Opus, WebM/Opus from MediaRecorder (no duration in its header), MP3,
M4A/AAC or ALAC, 3GP and AMR (phones' voice recorders), the sound of a video, at
any sample rate from 4 to 384 kHz, with 1 to 8 channels (mixed down to mono).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from math import gcd
from typing import Any

import numpy as np

from .errors import (
    AudioTooLong,
    AudioTooShort,
    ClippedAudio,
    SilentAudio,
    UnreadableAudio,
)

SAMPLE_RATE_HZ = 16_000
MAX_BYTES = 100 * 1024 * 1024
MAX_SECONDS = 600.0
MIN_SECONDS = 0.5
# Field recorders and interfaces write 4 to 8 channels; the take is mixed down to mono like a stereo one.
MAX_CHANNELS = 8
# A RIFF header is walked this far looking for the data chunk; past it FFmpeg is left to its own reading.
MAX_WAV_CHUNKS = 64
MIN_SOURCE_RATE_HZ = 4_000
MAX_SOURCE_RATE_HZ = 384_000
# Below this peak level (about -66 dBFS) a take holds nothing but dither or room tone.
SILENCE_PEAK = 5e-4
# Loud samples pinned at full scale: above this share the waveform is mostly flat tops.
HOPELESS_CLIPPED_FRACTION = 0.3
CLIP_LEVEL = 0.995
# A stereo channel this far under the other is a dead microphone: the take is the live one alone.
DEAD_CHANNEL_BELOW_DB = 30.0
# Channels this anti-correlated are one microphone wired in reverse polarity (or a pair out of
# phase): a plain mix cancels the voice, so the second channel is inverted before mixing.
OPPOSITE_POLARITY_CORRELATION = -0.5
# A phone app's or a call's noise suppression gates the room tone between notes to digital silence:
# 10 ms blocks under this level (no microphone's own hiss is that quiet, a 16-bit file's rounding
# included), for this long, with sound on both sides. A recorder's silent start or end is not one.
DIGITAL_SILENCE_DBFS = -90.0
GATED_GAP_MIN_SECONDS = 0.1
GATED_GAP_BLOCK_SECONDS = 0.01
# This many such stretches and the take was recorded with noise suppression on (one alone may be an edit).
SUPPRESSED_MIN_GATED_GAPS = 2
# An offset that comes and goes with the notes (a sample's DC switched with each note, a phone's AGC
# riding a converter's offset) makes the silence between notes read loud, and the onset gates, which
# measure a note against that floor, miss notes. It is told from the take itself: across its 30 ms
# frames, the frame's own mean (its content below about 15 Hz) moves in proportion to the frame's
# level. The least-squares slope of one on the other: at most 0.05 either way on every take of the
# generated sets, dev and sing-dev (room tone's sub-audio does not follow the notes); 0.28-0.37 on
# TimGM6mb's alto sax, even through MP3 at 10 dB SNR; -0.4 to -0.5 through a phone's AGC over a 1-8 %
# converter offset. Only such a take is high-passed: a high-pass on every take lowered the floor the
# grader's thresholds were set on and cost every other set (assessment.md, "highpass").
SUBAUDIO_SWITCHED_OFFSET_SLOPE = 0.15
SUBAUDIO_BLOCK_SAMPLES = 160
SUBAUDIO_FRAME_BLOCKS = 3  # 30 ms frames of 10 ms blocks, as the gates' level frames
# The high-pass: 2nd-order Butterworth, run forward and back (4th-order slope, -6 dB at the cutoff;
# E1's 41 Hz loses 2 dB, A1's 55 Hz 0.7 dB); the pad is an odd extension of the ends.
SUBAUDIO_CUTOFF_HZ = 30.0
SUBAUDIO_ORDER = 2
SUBAUDIO_PAD_SAMPLES = 1600


@dataclass(frozen=True)
class AudioInfo:
    """What the container says before any decoding (duration may be None: WebM)."""

    duration_seconds: float | None
    sample_rate_hz: int
    channels: int
    codec: str
    size_bytes: int


@dataclass(frozen=True)
class DecodedAudio:
    """A decoded take: ``samples`` shape (n,), float32 in [-1, 1], at ``SAMPLE_RATE_HZ``."""

    samples: np.ndarray
    sample_rate_hz: int
    source_rate_hz: int
    source_channels: int
    clipped_fraction: float
    # Stretches of digital silence between sounds (``gated_gaps``): a noise suppressor's gate.
    gated_gaps: int = 0
    #: An offset switched with the notes (``has_switched_offset``) was high-passed off.
    subaudio_removed: bool = False
    #: The file ended inside its last page or packet (an upload or recording cut off): what it held was decoded.
    cut_off: bool = False

    @property
    def duration_seconds(self) -> float:
        return len(self.samples) / self.sample_rate_hz

    @property
    def noise_suppressed(self) -> bool:
        """Recorded with noise suppression on: the room tone gated to digital silence between notes."""
        return self.gated_gaps >= SUPPRESSED_MIN_GATED_GAPS


ACCEPTED_FORMATS_TEXT = "WAV, FLAC, Ogg/Opus, WebM, MP3, M4A/AAC, AIFF, CAF or AMR"


def sniff_format(head: bytes) -> str | None:
    """The FFmpeg demuxer for a file starting with ``head`` (its first 16+ bytes), or None.

    The content decides, never the name or the MIME type: FFmpeg left to guess
    would also open playlists (HLS, concat) that fetch other files or URLs.
    """
    if head[:4] in (b"RIFF", b"RF64") and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"fLaC":
        return "flac"
    if head[:4] == b"OggS":
        return "ogg"
    if head[:4] == b"\x1aE\xdf\xa3":
        return "matroska"  # WebM is Matroska
    if head[4:8] == b"ftyp":
        return "mov"  # MP4, M4A, 3GP
    if head[:4] == b"caff":
        return "caf"
    if head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC"):
        return "aiff"
    if head.startswith((b"#!AMR\n", b"#!AMR-WB\n")):
        return "amr"  # older Android phones' voice recorders
    if head[:3] == b"ID3":
        return "mp3"
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        # An MPEG audio frame: layer bits 00 mean ADTS AAC, anything else MP3.
        return "aac" if head[1] & 0x06 == 0 else "mp3"
    return None


def wav_data_size_is_short(path: str | os.PathLike[str], *, size: int) -> bool:
    """True when a RIFF WAVE file holds more sample bytes after its data chunk than the chunk's header says.

    A recorder that crashed (or a browser tab closed) before fixing its header up
    leaves a stale size there: often 0 or 0xFFFFFFFF, which FFmpeg reads as "to the
    end of the file", but also any size written at the last checkpoint, which FFmpeg
    trusts and so drops the rest of the take. The bytes after the claimed end are
    samples unless they are further chunks (``LIST``, ``id3 ``) that run exactly to
    the end of the file.
    """
    with open(path, "rb") as handle:
        if handle.read(12)[8:12] != b"WAVE":
            return False
        offset = 12
        for _ in range(MAX_WAV_CHUNKS):
            handle.seek(offset)
            header = handle.read(8)
            if len(header) < 8:
                return False
            chunk_size = int.from_bytes(header[4:], "little")
            if header[:4] == b"data":
                end = offset + 8 + chunk_size + (chunk_size & 1)
                return end < size and not _only_chunks_from(handle, end, size=size)
            offset += 8 + chunk_size + (chunk_size & 1)
    return False


OGG_CAPTURE = b"OggS"
OGG_HEADER_BYTES = 27  # capture pattern to segment count; the lacing values follow
OGG_CONTINUED = 0x01   # header type flag: the page's first packet began on the page before
OGG_NO_GRANULE = 2**64 - 1  # a page on which no packet ends
OGG_CRC_POLY = 0x04C11DB7
COPY_CHUNK_BYTES = 1024 * 1024


def ogg_cut_page(path: str | os.PathLike[str], *, size: int) -> tuple[int, bytes] | None:
    """Where an Ogg/Opus file's last page was cut off, and that page rebuilt from the packets it holds whole.

    FFmpeg drops a page whose body runs past the end of the file, with every packet in it: a
    phone's upload or a recorder cut off mid-page lost up to a second of the take (a page holds
    about one). Returns ``(offset, page)``: the file's bytes up to ``offset`` followed by ``page``
    decode to everything that arrived whole. ``page`` is empty when no whole packet is left in the
    cut page (a cut header or lacing table). None when every page is whole, or the file is not a
    single Opus stream (another codec's packet durations are not read here).
    """
    with open(path, "rb") as handle:
        offset = 0
        serial = None
        granule = 0            # samples (48 kHz) at the end of the last packet finished so far
        open_packet_at = None  # file offset of a packet begun on a page and not yet finished
        while offset < size:
            handle.seek(offset)
            header = handle.read(OGG_HEADER_BYTES)
            if len(header) < OGG_HEADER_BYTES:
                return (offset, b"") if OGG_CAPTURE.startswith(header[:4]) else None
            if header[:4] != OGG_CAPTURE or header[4] != 0:
                return None  # not a page boundary: FFmpeg resyncs or refuses on its own
            lacing = handle.read(header[26])
            if serial is None:
                if handle.read(8) != b"OpusHead":
                    return None
                serial = header[14:18]
            elif header[14:18] != serial:
                return None  # a multiplexed or chained stream
            if len(lacing) < header[26]:
                return offset, b""
            body_start = offset + OGG_HEADER_BYTES + len(lacing)
            if body_start + sum(lacing) > size:
                handle.seek(body_start)
                body = handle.read(size - body_start)
                continued_head = b""
                if header[5] & OGG_CONTINUED and open_packet_at is not None:
                    handle.seek(open_packet_at)
                    continued_head = handle.read(2)
                return offset, _whole_packets_page(header, lacing, body, granule=granule,
                                                   continued_head=continued_head)
            page_granule = int.from_bytes(header[6:14], "little")
            if page_granule != OGG_NO_GRANULE:
                granule = page_granule
            packet_start = body_start if not (header[5] & OGG_CONTINUED) else None
            position = body_start
            for value in lacing:
                if packet_start is None:
                    packet_start = open_packet_at if open_packet_at is not None else position
                position += value
                if value < 255:
                    packet_start = None
                    open_packet_at = None
                elif packet_start is not None:
                    open_packet_at = packet_start
            offset = position
    return None


def opus_packet_samples(head: bytes) -> int:
    """How long an Opus packet lasts, in samples at 48 kHz, from its first two bytes (RFC 6716, 3.1)."""
    if not head:
        return 0
    config, code = head[0] >> 3, head[0] & 0x03
    if config < 12:  # SILK: 10, 20, 40, 60 ms
        frame = (480, 960, 1920, 2880)[config % 4]
    elif config < 16:  # hybrid: 10, 20 ms
        frame = (480, 960)[config % 2]
    else:  # CELT: 2.5, 5, 10, 20 ms
        frame = (120, 240, 480, 960)[config % 4]
    frames = 1 if code == 0 else 2 if code in (1, 2) else (head[1] & 0x3F if len(head) > 1 else 0)
    return frame * frames


def _whole_packets_page(header: bytes, lacing: bytes, body: bytes, *, granule: int, continued_head: bytes) -> bytes:
    """A page with the packets of a cut page that ``body`` (the bytes of it that arrived) holds whole, its
    granule position the end of the last of them (``granule``: the end of those before); b"" when none is whole.
    ``continued_head``: the first bytes of the packet the page continues, which began on the page before."""
    kept_segments = kept_bytes = used = 0
    packet_start = 0
    continued = bool(header[5] & OGG_CONTINUED)
    for index, value in enumerate(lacing):
        if used + value > len(body):
            break
        used += value
        if value < 255:  # a packet ends with this segment
            head = continued_head if continued and packet_start == 0 else body[packet_start:packet_start + 2]
            granule += opus_packet_samples(head)
            kept_segments, kept_bytes = index + 1, used
            packet_start = used
    if kept_segments == 0:
        return b""
    page = bytearray(header[:6] + granule.to_bytes(8, "little") + header[14:22] + bytes(4)
                     + bytes([kept_segments]) + lacing[:kept_segments] + body[:kept_bytes])
    page[22:26] = _ogg_crc(bytes(page)).to_bytes(4, "little")
    return bytes(page)


def _ogg_crc_table() -> list[int]:
    table = []
    for index in range(256):
        crc = index << 24
        for _ in range(8):
            crc = ((crc << 1) ^ OGG_CRC_POLY) & 0xFFFFFFFF if crc & 0x80000000 else (crc << 1) & 0xFFFFFFFF
        table.append(crc)
    return table


_OGG_CRC_TABLE = _ogg_crc_table()


def _ogg_crc(data: bytes) -> int:
    """Ogg's page checksum: CRC-32, polynomial 0x04C11DB7, no reflection, initial value and final XOR 0."""
    crc = 0
    for byte in data:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ _OGG_CRC_TABLE[(crc >> 24) ^ byte]
    return crc


@contextlib.contextmanager
def _whole_pages(path: str | os.PathLike[str], *, max_bytes: int) -> Iterator[tuple[str | os.PathLike[str], bool]]:
    """``(path to decode, cut_off)``: an Ogg/Opus file cut inside its last page is decoded from a copy
    whose last page keeps the packets that arrived whole (``ogg_cut_page``); any other file as it is."""
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as handle:
            is_ogg = sniff_format(handle.read(64)) == "ogg"
    except OSError:
        is_ogg = False  # _open says why the file cannot be read
    cut = ogg_cut_page(path, size=size) if is_ogg and 0 < size <= max_bytes else None
    if cut is None:
        yield path, False
        return
    offset, page = cut
    with tempfile.NamedTemporaryFile(prefix="whole-pages-", suffix=".ogg") as copy:
        with open(path, "rb") as source:
            remaining = offset
            while remaining:
                chunk = source.read(min(remaining, COPY_CHUNK_BYTES))
                if not chunk:
                    break
                copy.write(chunk)
                remaining -= len(chunk)
        copy.write(page)
        copy.flush()
        yield copy.name, True


def _only_chunks_from(handle: Any, offset: int, *, size: int) -> bool:
    """True when the bytes from ``offset`` to ``size`` are whole RIFF chunks (or one pad byte)."""
    for _ in range(MAX_WAV_CHUNKS):
        if size - offset <= 1:
            return True
        handle.seek(offset)
        header = handle.read(8)
        if len(header) < 8 or not all(32 <= byte < 127 for byte in header[:4]):
            return False
        chunk_size = int.from_bytes(header[4:], "little")
        offset += 8 + chunk_size + (chunk_size & 1)
        if offset > size + 1:
            return False
    return False


def _open(path: str | os.PathLike[str], *, max_bytes: int):
    import av

    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise UnreadableAudio(f"cannot read the recording: {exc.strerror or exc}") from exc
    if size == 0:
        raise UnreadableAudio("the recording is an empty file")
    if size > max_bytes:
        raise AudioTooLong(f"the recording is {size / 1e6:.0f} MB; the limit is {max_bytes / 1e6:.0f} MB")
    with open(path, "rb") as handle:
        fmt = sniff_format(handle.read(64))
    if fmt is None:
        raise UnreadableAudio(f"the file is not a recording in a format we accept ({ACCEPTED_FORMATS_TEXT})")
    options = {"protocol_whitelist": "file", "enable_drefs": "0"}
    if fmt == "wav" and wav_data_size_is_short(path, size=size):
        options["ignore_length"] = "1"  # read the samples to the end of the file, not to the stale size
    try:
        container = av.open(os.fspath(path), mode="r", format=fmt, metadata_errors="ignore", options=options)
    except (av.error.FFmpegError, UnicodeDecodeError, ValueError, OSError) as exc:
        if fmt == "mov":
            # An MP4/M4A keeps its index (moov) at the end unless written for streaming: cut off, nothing plays.
            raise UnreadableAudio(
                "the recording is incomplete (its index is missing: the recording or the upload was cut off); "
                "upload the whole file again") from exc
        raise UnreadableAudio("the file is not a recording we can read (unknown or broken format)") from exc
    return container, size


def _check_stream(container, *, size: int, max_seconds: float) -> AudioInfo:
    if not container.streams.audio:
        container.close()
        raise UnreadableAudio("the file holds no audio stream")
    stream = container.streams.audio[0]
    ctx = stream.codec_context
    rate = int(ctx.sample_rate or 0)
    channels = int(ctx.channels or 0)
    if not MIN_SOURCE_RATE_HZ <= rate <= MAX_SOURCE_RATE_HZ:
        container.close()
        raise UnreadableAudio(f"the recording claims a sample rate of {rate} Hz, which is not usable")
    if not 1 <= channels <= MAX_CHANNELS:
        container.close()
        raise UnreadableAudio(f"the recording has {channels} channels; upload a take with at most {MAX_CHANNELS}")
    duration: float | None = None
    if stream.duration is not None and stream.time_base is not None:
        duration = float(stream.duration * stream.time_base)
    elif container.duration is not None:
        duration = container.duration / 1_000_000
    if duration is not None and duration > max_seconds:
        container.close()
        raise AudioTooLong(f"the recording lasts {duration:.0f} s; the limit is {max_seconds:.0f} s")
    return AudioInfo(duration, rate, channels, ctx.name or "unknown", size)


def probe_audio(
    path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES, max_seconds: float = MAX_SECONDS
) -> AudioInfo:
    """Cheap upload check: size, container, audio stream, rate, channels and duration.

    When the header carries no duration (browser WebM) the packets are demuxed
    (not decoded) until the cap is passed. Raises an ``AnalysisError`` subclass.
    """
    import av

    container, size = _open(path, max_bytes=max_bytes)
    try:
        info = _check_stream(container, size=size, max_seconds=max_seconds)
        if info.duration_seconds is None:
            stream = container.streams.audio[0]
            seconds = 0.0
            try:
                for packet in container.demux(stream):
                    if packet.duration is not None and packet.time_base is not None:
                        seconds += float(packet.duration * packet.time_base)
                    if seconds > max_seconds:
                        raise AudioTooLong(f"the recording lasts more than {max_seconds:.0f} s")
            except av.error.FFmpegError as exc:
                raise UnreadableAudio("the recording is damaged (its packets cannot be read)") from exc
            info = AudioInfo(seconds, info.sample_rate_hz, info.channels, info.codec, size)
        return info
    finally:
        container.close()


def decode_audio(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = MAX_BYTES,
    max_seconds: float = MAX_SECONDS,
    min_seconds: float = MIN_SECONDS,
) -> DecodedAudio:
    """Decode a take to mono float32 at 16 kHz, enforcing the caps while decoding.

    Raises ``UnreadableAudio`` (not audio, broken, NaN/inf samples), ``AudioTooLong``,
    ``AudioTooShort``, ``SilentAudio`` or ``ClippedAudio`` with a one-line reason.
    """
    import av
    from scipy.signal import resample_poly

    with _whole_pages(path, max_bytes=max_bytes) as (readable, cut_off):
        native, rate, channels, cut_off = _decode_native(
            readable, max_bytes=max_bytes, max_seconds=max_seconds, min_seconds=min_seconds, cut_off=cut_off, av=av)
    decoded = condition_samples(native, source_rate_hz=rate, source_channels=channels,
                                min_seconds=min_seconds, resample=resample_poly)
    return dataclasses.replace(decoded, cut_off=cut_off) if cut_off else decoded


def _decode_native(
    path: str | os.PathLike[str], *, max_bytes: int, max_seconds: float, min_seconds: float, cut_off: bool, av: Any,
) -> tuple[np.ndarray, int, int, bool]:
    """The take's samples at its own rate, mixed to mono, shape (n,); its rate, channels, and whether it was
    cut off (``cut_off`` as given, or a damaged tail found here)."""
    container, size = _open(path, max_bytes=max_bytes)
    try:
        info = _check_stream(container, size=size, max_seconds=max_seconds)
        stream = container.streams.audio[0]
        rate = info.sample_rate_hz
        # Mixing to mono at the source rate keeps clipped plateaus visible for the clip check. A stereo
        # take is kept whole for ``downmix`` (FFmpeg's mix cancels a reversed channel); more channels are
        # averaged here, as FFmpeg's surround matrices add channels up and clip.
        channels = info.channels
        resampler = av.AudioResampler(format="flt", layout="mono" if channels == 1 else None, rate=rate)
        chunks: list[np.ndarray] = []
        n_samples = 0
        cap_samples = int(max_seconds * rate)

        def to_mono(out: Any) -> np.ndarray:
            """Mono samples (n,), or for a stereo take both channels (2, n)."""
            # Packed samples, shape (1, n * channels); PyAV crashes reading 8 planar channels.
            interleaved = out.to_ndarray().reshape(-1)
            if channels == 1:
                return interleaved
            frames = interleaved.reshape(-1, out.layout.nb_channels)
            if channels == 2 and frames.shape[1] == 2:
                return frames.T
            mono = frames.mean(axis=1, dtype=np.float32)
            return np.stack([mono, mono]) if channels == 2 else mono

        try:
            for frame in container.decode(stream):
                direct = _float_samples(frame, channels)
                if direct is not None:
                    chunks.append(direct)
                    n_samples += direct.shape[-1]
                else:
                    for out in resampler.resample(frame):
                        chunk = to_mono(out)
                        chunks.append(chunk)
                        n_samples += chunk.shape[-1]
                if n_samples > cap_samples:
                    raise AudioTooLong(f"the recording lasts more than {max_seconds:.0f} s")
            for out in resampler.resample(None):
                chunks.append(to_mono(out))
        except av.error.FFmpegError as exc:
            if n_samples < min_seconds * rate:
                raise UnreadableAudio("the recording is damaged and cannot be decoded") from exc
            # A damaged tail (a truncated upload): grade what decoded cleanly.
            cut_off = True
    finally:
        container.close()
    native = _mix_stereo_chunks(chunks) if channels == 2 else _join(chunks)
    return native, rate, info.channels, cut_off


# Sample formats read straight from a decoded frame: (numpy type, planar, scale to [-1, 1]).
_DIRECT_FORMATS = {
    "fltp": (np.float32, True, None),
    "flt": (np.float32, False, None),
    "s16p": (np.int16, True, np.float32(1 / 32768)),
    "s16": (np.int16, False, np.float32(1 / 32768)),
}


def _float_samples(frame: Any, channels: int) -> np.ndarray | None:
    """A mono (n,) or stereo (2, n) frame's samples as float32, or None where the resampler must convert.

    What MP3, AAC, Opus and 16-bit WAV decode to is read directly: a resampler call per frame (an
    MP3 frame is 1152 samples) cost a fifth of decoding (2.2 of 10.5 s on 21 sing-dev takes).
    """
    spec = _DIRECT_FORMATS.get(frame.format.name)
    if spec is None or channels > 2 or frame.layout.nb_channels != channels:
        return None
    dtype, planar, scale = spec
    n = frame.samples
    if planar:
        planes = [np.frombuffer(plane, dtype, count=n) for plane in frame.planes[:channels]]
        data = planes[0].copy() if channels == 1 else np.stack(planes)
    else:
        packed = np.frombuffer(frame.planes[0], dtype, count=n * channels)
        data = packed.copy() if channels == 1 else packed.reshape(n, channels).T.copy()
    return data if scale is None else data.astype(np.float32) * scale


def _join(chunks: list[np.ndarray]) -> np.ndarray:
    """Mono chunks as one float32 array; the list is emptied."""
    joined = np.concatenate(chunks).astype(np.float32, copy=False) if chunks else np.zeros(0, np.float32)
    chunks.clear()
    return joined


def downmix(stereo: np.ndarray) -> np.ndarray:
    """Mono from stereo samples, shape (n, 2) -> (n,), float32.

    The two channels are averaged, except that a dead channel (``DEAD_CHANNEL_BELOW_DB``) is left
    out, so the mix is neither halved nor given its hiss, and a channel in opposite polarity
    (``OPPOSITE_POLARITY_CORRELATION``) is inverted: a plain mix of a phone's reversed microphone
    pair cancelled the voice, and the take was refused as silent.
    """
    return _mix_stereo_chunks([stereo.T])


# Decoded chunks are small (an MP3 frame is 1152 samples): they are summed and mixed this many at a time.
CHUNKS_PER_BLOCK = 64


def _stereo_blocks(chunks: list[np.ndarray]):
    """``chunks`` (each (2, n)) joined a block at a time, each chunk released from the list once joined."""
    chunks.reverse()
    while chunks:
        yield np.concatenate([chunks.pop() for _ in range(min(CHUNKS_PER_BLOCK, len(chunks)))], axis=1)


def _mix_stereo_chunks(chunks: list[np.ndarray]) -> np.ndarray:
    """``downmix`` of a take decoded in chunks (each (2, n)); the list is emptied.

    Mixing into one mono array a block at a time, releasing the stereo chunks as they are mixed,
    never holds the stereo chunks, their joined copy and the mix at once (a 300 s 48 kHz take:
    peak RSS of decoding about 460 -> 350 MB, 140 MB of it the imports).
    """
    frames = sum(c.shape[1] for c in chunks)
    sums = np.zeros(5)  # left, right, left², right², left·right, in float64
    for start in range(0, len(chunks), CHUNKS_PER_BLOCK):
        left, right = np.concatenate(chunks[start:start + CHUNKS_PER_BLOCK], axis=1).astype(np.float64)
        # Products summed as ufuncs: np.dot hands blocks this size to BLAS's threads, which on a busy
        # two-core machine took seconds.
        sums += (left.sum(), right.sum(), (left * left).sum(), (right * right).sum(), (left * right).sum())
    weight_l, weight_r = _stereo_weights(sums / max(frames, 1))
    mono = np.empty(frames, np.float32)
    at = 0
    for block in _stereo_blocks(chunks):
        mono[at:at + block.shape[1]] = weight_l * block[0] + weight_r * block[1]
        at += block.shape[1]
    return mono


def _stereo_weights(means: np.ndarray) -> tuple[np.float32, np.float32]:
    """Weights of the left and right channel in the mix, from the channels' mean, mean square and cross-product."""
    mean_l, mean_r, sq_l, sq_r, cross = (float(v) for v in means)
    # Centred energies: a DC offset is no signal.
    energy_l, energy_r = sq_l - mean_l**2, sq_r - mean_r**2
    if min(energy_l, energy_r) <= max(energy_l, energy_r) * 10 ** (-DEAD_CHANNEL_BELOW_DB / 10):
        return (np.float32(1.0), np.float32(0.0)) if energy_l >= energy_r else (np.float32(0.0), np.float32(1.0))
    correlation = (cross - mean_l * mean_r) / float(np.sqrt(energy_l * energy_r))
    sign = -1.0 if correlation < OPPOSITE_POLARITY_CORRELATION else 1.0
    return np.float32(0.5), np.float32(0.5 * sign)


def condition_samples(
    native: np.ndarray,
    *,
    source_rate_hz: int,
    source_channels: int = 1,
    min_seconds: float = MIN_SECONDS,
    resample: Any = None,
) -> DecodedAudio:
    """Check and resample mono samples (shape (n,), any rate) to ``SAMPLE_RATE_HZ``.

    Rejects NaN/inf, takes shorter than ``min_seconds``, silence and hopeless clipping.
    """
    if resample is None:
        from scipy.signal import resample_poly

        resample = resample_poly
    if len(native) < min_seconds * source_rate_hz:
        raise AudioTooShort(
            f"the recording lasts {len(native) / source_rate_hz:.2f} s; at least {min_seconds:.1f} s is needed"
        )
    if not np.all(np.isfinite(native)):
        raise UnreadableAudio("the recording contains invalid samples (NaN or infinity)")
    peak = float(np.max(np.abs(native)))
    if peak < SILENCE_PEAK:
        raise SilentAudio("the recording is silent; check the microphone and record again")
    loud = np.abs(native) > 0.1
    n_loud = int(np.count_nonzero(loud))
    clipped = float(np.count_nonzero(np.abs(native) >= CLIP_LEVEL)) / max(n_loud, 1)
    if n_loud > 0.05 * len(native) and clipped > HOPELESS_CLIPPED_FRACTION:
        raise ClippedAudio(
            f"the recording is badly distorted ({clipped:.0%} of it is clipped); record further from the microphone"
        )
    if source_rate_hz != SAMPLE_RATE_HZ:
        g = gcd(SAMPLE_RATE_HZ, source_rate_hz)
        samples = resample(native, SAMPLE_RATE_HZ // g, source_rate_hz // g).astype(np.float32)
    else:
        samples = native.astype(np.float32, copy=False)
    gaps = gated_gaps(samples)  # before the mean is taken off: it would lift exact zeros off zero
    # A cheap converter's DC offset is a level in every frame: left in, the room tone was read at
    # the offset's level and the voicing gate threw the soft notes away.
    samples = remove_dc_offset(samples)
    # An offset that comes and goes with the notes is not a level: there it is filtered off; every
    # other take is left exactly as the mean removal gives it.
    subaudio = has_switched_offset(samples)
    if subaudio:
        samples = remove_subaudio(samples)
    np.clip(samples, -1.0, 1.0, out=samples)
    return DecodedAudio(samples, SAMPLE_RATE_HZ, source_rate_hz, source_channels, min(clipped, 1.0), gaps,
                        subaudio_removed=subaudio)


def gated_gaps(samples: np.ndarray) -> int:
    """How many stretches of digital silence (``DIGITAL_SILENCE_DBFS``, ``GATED_GAP_MIN_SECONDS`` or
    longer) lie between sounds in ``samples`` (shape (n,), at ``SAMPLE_RATE_HZ``): a noise suppressor
    gated the room tone there. Silence before the first sound and after the last is not counted."""
    block = int(GATED_GAP_BLOCK_SECONDS * SAMPLE_RATE_HZ)
    n = len(samples) // block
    if n == 0:
        return 0
    power = np.mean(np.square(samples[: n * block].astype(np.float64)).reshape(n, block), axis=1)
    silent = power < 10 ** (DIGITAL_SILENCE_DBFS / 10)
    edges = np.flatnonzero(np.diff(np.concatenate([[0], silent.astype(np.int8), [0]])))
    starts, ends = edges[::2], edges[1::2]
    inner = (starts > 0) & (ends < n) & (ends - starts >= GATED_GAP_MIN_SECONDS / GATED_GAP_BLOCK_SECONDS)
    return int(np.count_nonzero(inner))


def remove_dc_offset(samples: np.ndarray) -> np.ndarray:
    """``samples`` less their mean (a converter's DC offset); shape (n,), float32."""
    return samples.astype(np.float32) - np.float32(samples.mean(dtype=np.float64))


def switched_offset_slope(samples: np.ndarray) -> float:
    """How the take's 30 ms frame means follow the frames' level: the least-squares slope of the mean on
    the RMS about it; ``samples`` shape (n,) at ``SAMPLE_RATE_HZ``, its overall mean already removed.

    An offset switched with the notes gives a slope of its size against the notes' (TimGM6mb's alto
    sax about 0.6 before the room and the codec); room tone, hum and the notes themselves about 0.
    """
    block = SUBAUDIO_BLOCK_SAMPLES
    n = len(samples) // block
    if n < SUBAUDIO_FRAME_BLOCKS + 2:
        return 0.0
    blocks = samples[: n * block].astype(np.float64).reshape(n, block)
    kernel = np.ones(SUBAUDIO_FRAME_BLOCKS)
    frame = block * SUBAUDIO_FRAME_BLOCKS
    energy = np.convolve(np.einsum("ij,ij->i", blocks, blocks), kernel, mode="valid") / frame
    mean = np.convolve(blocks.sum(axis=1), kernel, mode="valid") / frame
    rms = np.sqrt(np.maximum(energy - mean * mean, 0.0))
    rms_centred = rms - rms.mean()
    spread = float(np.dot(rms_centred, rms_centred))
    return float(np.dot(rms_centred, mean - mean.mean())) / spread if spread > 0.0 else 0.0


def has_switched_offset(samples: np.ndarray) -> bool:
    """The take's sub-audio follows its notes (``switched_offset_slope`` beyond ``SUBAUDIO_SWITCHED_OFFSET_SLOPE``
    either way): an offset switched on and off with them, which reads as loud room tone between notes."""
    return abs(switched_offset_slope(samples)) > SUBAUDIO_SWITCHED_OFFSET_SLOPE


def remove_subaudio(samples: np.ndarray) -> np.ndarray:
    """``samples`` (shape (n,), at ``SAMPLE_RATE_HZ``) high-passed at ``SUBAUDIO_CUTOFF_HZ``; float32.

    Zero-phase (forward, then back): a take is graded whole, and a causal filter would delay the lowest
    notes' fundamentals against their partials and the onset times read from them.
    """
    from scipy.signal import butter, sosfiltfilt

    if len(samples) <= SUBAUDIO_PAD_SAMPLES:
        return samples
    sos = butter(SUBAUDIO_ORDER, SUBAUDIO_CUTOFF_HZ, btype="highpass", fs=SAMPLE_RATE_HZ, output="sos")
    return sosfiltfilt(sos, samples, padlen=SUBAUDIO_PAD_SAMPLES).astype(np.float32)


def warm_up(*, tracker: str = "auto") -> None:
    """Import the decoding and signal libraries now, so the first take's timing is analysis only."""
    import av  # noqa: F401
    import music21  # noqa: F401
    import scipy.ndimage  # noqa: F401
    import scipy.signal  # noqa: F401

    if tracker == "pyin":
        import librosa  # noqa: F401
    if tracker.startswith("crepe") or tracker == "auto":
        from .crepe import CrepeConfig, load_crepe

        load_crepe(CrepeConfig(capacity="full" if tracker == "crepe-full" else "tiny"))
