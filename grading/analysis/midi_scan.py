"""A cheap walk over a Standard MIDI File's bytes, before music21 builds anything from it.

music21 turns every tick of silence into objects: one delta time of
0x0FFFFFFF ticks in a 46-byte file kept a web process busy for 25 minutes
and grew it to 2 GB. This scan reads the chunks, the variable-length delta
times and the events (running status, meta and SysEx included) and refuses a
file whose length, note count, track count or tempo is outside what a
practice piece needs, in milliseconds and without allocating per tick.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from .errors import UnusableScore

#: A practice piece lasts minutes; this bounds every score, whatever its tempo.
MAX_SCORE_SECONDS = 20 * 60
#: Quarter notes from the start to the last event (2 000 bars of 4/4).
MAX_SCORE_QUARTERS = 8_000
MAX_NOTE_EVENTS = 10_000
MAX_TRACKS = 64
MIN_TEMPO_BPM, MAX_TEMPO_BPM = 10.0, 400.0
#: Events of any kind (room for MAX_NOTE_EVENTS notes, their note-offs and some controllers): music21
#: reads about 14 000 a second, at upload and again for every take graded, so 190 000 pitch bends round
#: 500 notes cost 13.6 s per take; 50 000 cost about 3.5 s.
MAX_EVENTS = 50_000

# Data bytes after a channel-voice status byte's high nibble.
_DATA_BYTES = {0x80: 2, 0x90: 2, 0xA0: 2, 0xB0: 2, 0xC0: 1, 0xD0: 1, 0xE0: 2}


@dataclass(frozen=True)
class MidiSummary:
    """What the scan found: tracks, note-ons, length in quarters and seconds, ticks per quarter."""

    tracks: int
    notes: int
    quarters: float
    seconds: float
    ticks_per_quarter: int


def _read_vlq(data: bytes, pos: int, end: int) -> tuple[int, int]:
    value = 0
    for _ in range(4):
        if pos >= end:
            raise UnusableScore("the MIDI file ends inside a delta time")
        byte = data[pos]
        pos += 1
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, pos
    raise UnusableScore("the MIDI file has a delta time longer than four bytes")


def scan_midi(data: bytes) -> MidiSummary:
    """Check a Standard MIDI File's structure and size; raise ``UnusableScore`` with the reason.

    Seconds follow the file's tempo events (``FF 51``), 120 BPM until the first.
    SMPTE time division is refused: practice scores count in quarter notes.
    """
    if len(data) < 14 or data[:4] != b"MThd":
        raise UnusableScore("the file is not a Standard MIDI File (no MThd header)")
    header_length = struct.unpack(">I", data[4:8])[0]
    if header_length < 6 or 8 + header_length > len(data):
        raise UnusableScore("the MIDI header is truncated")
    _format, declared_tracks, division = struct.unpack(">HHH", data[8:14])
    if division & 0x8000:
        raise UnusableScore("the MIDI file counts time in SMPTE frames; use quarter-note time")
    if division == 0:
        raise UnusableScore("the MIDI file has zero ticks per quarter note")
    if declared_tracks == 0:
        raise UnusableScore("the MIDI file declares no tracks")
    if declared_tracks > MAX_TRACKS:
        raise UnusableScore(f"the MIDI file has {declared_tracks} tracks; at most {MAX_TRACKS} are read")
    pos = 8 + header_length
    tracks = notes = events = 0
    last_tick = 0
    tempo_changes: list[tuple[int, int]] = []  # (tick, microseconds per quarter)
    while pos + 8 <= len(data) and tracks < declared_tracks:
        kind = data[pos:pos + 4]
        length = struct.unpack(">I", data[pos + 4:pos + 8])[0]
        pos += 8
        end = pos + length
        if end > len(data):
            raise UnusableScore("a MIDI track is truncated")
        if kind != b"MTrk":
            pos = end  # unknown chunks are skipped, as the standard says
            continue
        tracks += 1
        tick, status = 0, 0
        while pos < end:
            delta, pos = _read_vlq(data, pos, end)
            tick += delta
            if tick > MAX_SCORE_QUARTERS * division:
                raise UnusableScore(
                    f"the MIDI file runs past {MAX_SCORE_QUARTERS} quarter notes; a practice piece is shorter"
                )
            events += 1
            if events > MAX_EVENTS:
                raise UnusableScore("the MIDI file has far too many events to be a practice piece")
            if pos >= end:
                raise UnusableScore("a MIDI track ends inside an event")
            byte = data[pos]
            if byte == 0xFF:
                if pos + 2 > end:
                    raise UnusableScore("a MIDI meta event is truncated")
                meta = data[pos + 1]
                size, pos = _read_vlq(data, pos + 2, end)
                if pos + size > end:
                    raise UnusableScore("a MIDI meta event runs past its track")
                if meta == 0x51:
                    if size != 3:
                        raise UnusableScore("a MIDI tempo event has the wrong length")
                    micros = int.from_bytes(data[pos:pos + 3], "big")
                    if micros == 0:
                        raise UnusableScore("a MIDI tempo event sets zero microseconds per quarter")
                    bpm = 60_000_000 / micros
                    if not MIN_TEMPO_BPM <= bpm <= MAX_TEMPO_BPM:
                        raise UnusableScore(
                            f"the MIDI file sets a tempo of {bpm:.0f} BPM; {MIN_TEMPO_BPM:.0f}-{MAX_TEMPO_BPM:.0f} is usable"
                        )
                    tempo_changes.append((tick, micros))
                pos += size
                if meta == 0x2F:
                    break
                continue
            if byte in (0xF0, 0xF7):
                size, pos = _read_vlq(data, pos + 1, end)
                if pos + size > end:
                    raise UnusableScore("a MIDI SysEx event runs past its track")
                pos += size
                continue
            if byte & 0x80:
                if byte >= 0xF0:
                    raise UnusableScore(f"the MIDI file has a system event (0x{byte:02X}) inside a track")
                status = byte
                pos += 1
            elif not status:
                raise UnusableScore("a MIDI track starts with running status and no status byte")
            size = _DATA_BYTES[status & 0xF0]
            if pos + size > end:
                raise UnusableScore("a MIDI event is truncated")
            if any(b & 0x80 for b in data[pos:pos + size]):
                raise UnusableScore("a MIDI event has a data byte above 127")
            if status & 0xF0 == 0x90 and data[pos + 1] > 0:
                notes += 1
                if notes > MAX_NOTE_EVENTS:
                    raise UnusableScore(f"the MIDI file has more than {MAX_NOTE_EVENTS} notes")
            pos += size
        last_tick = max(last_tick, tick)
        pos = end
    if tracks == 0:
        raise UnusableScore("the MIDI file holds no track")
    if notes == 0:
        raise UnusableScore("the MIDI file has no notes")
    quarters = last_tick / division
    seconds = _seconds_at(last_tick, division, sorted(tempo_changes))
    if seconds > MAX_SCORE_SECONDS:
        raise UnusableScore(f"the MIDI file lasts {seconds / 60:.0f} minutes; at most {MAX_SCORE_SECONDS // 60} can be graded")
    return MidiSummary(tracks, notes, quarters, seconds, division)


def _seconds_at(tick: int, division: int, tempo_changes: list[tuple[int, int]]) -> float:
    seconds, at, micros = 0.0, 0, 500_000  # 120 BPM until the first tempo event
    for change_tick, change_micros in tempo_changes:
        if change_tick >= tick:
            break
        seconds += (change_tick - at) * micros / division / 1e6
        at, micros = change_tick, change_micros
    return seconds + (tick - at) * micros / division / 1e6
