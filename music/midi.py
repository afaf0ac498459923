"""The one Standard MIDI File writer (format 1, 480 ticks per quarter) for every MIDI file the tutor writes.

Drills, accompaniments, ear-training questions and transcriptions all come
through :func:`midi_bytes`, so every file carries the same conductor track: a
title, the tempo, the time signature (its metronome click on the counted beat)
and the key signature with its mode, so that MuseScore, a DAW or music21
reading the file back shows the key the music was written in rather than one
guessed from its notes. A pickup is written as the end of a whole first bar
(silent until its notes), as the drills are, so bar lines fall where the
score has them and readers see one time signature, not a one-beat bar.

Written by hand rather than through music21 because it is an order of
magnitude faster, puts drums on channel 10 without fuss, and music21 drops a
pickup bar's padding (the pickup then plays on the downbeat, a gap after it).

>>> from music.key import make_key
>>> data = midi_bytes([], qpm=90, meter=(6, 8), key=make_key("F#", "minor"))
>>> data[data.index(b"\\xff\\x59"):][:5]  # key signature: 3 sharps, minor
b'\\xffY\\x02\\x03\\x01'
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from .key import Key
from .scale import HOST_MODES

TICKS_PER_QUARTER = 480
DRUM_CHANNEL = 9  # General MIDI percussion (channel 10, counted from 1)
#: Modes whose signature is the minor key's on the same tonic: MIDI's "minor" flag names them exactly.
_MINOR_SIGNATURE_HOSTS = frozenset({"minor", "harmonic-minor", "melodic-minor", "aeolian"})


@dataclass(frozen=True)
class Event:
    """One sounding note: ``start``/``duration`` in quarter lengths, ``midi`` 0..127, ``velocity`` 1..127."""

    start: Fraction
    duration: Fraction
    midi: int
    velocity: int = 80


@dataclass
class Track:
    """A MIDI track: GM ``program`` 0..127 on ``channel`` 0..15 (``drums`` uses channel 9, program ignored)."""

    name: str
    program: int
    channel: int
    events: list[Event] = field(default_factory=list)
    drums: bool = False
    notate: bool = True  # False for clicks and drum kits, which the printed score leaves out

    def shifted(self, by: Fraction) -> Track:
        return Track(self.name, self.program, self.channel,
                     [Event(e.start + by, e.duration, e.midi, e.velocity) for e in self.events], self.drums, self.notate)


def variable_length(value: int) -> bytes:
    """A MIDI variable-length quantity (delta times, meta lengths)."""
    out = [value & 0x7F]
    value >>= 7
    while value:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    return bytes(reversed(out))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return kind + struct.pack(">I", len(data)) + data


def _ticks(ql: Fraction) -> int:
    return round(ql * TICKS_PER_QUARTER)


def _meta(kind: int, data: bytes) -> bytes:
    """A meta event at delta time 0."""
    return b"\x00\xff" + bytes([kind]) + variable_length(len(data)) + data


def beat_quarters(meter: tuple[int, int]) -> Fraction:
    """The counted beat of ``meter`` in quarters: a dotted quarter in compound time (6/8, 9/8, 12/8, 3/8),
    else the denominator's note.

    >>> beat_quarters((6, 8)), beat_quarters((3, 4)), beat_quarters((2, 2))
    (Fraction(3, 2), Fraction(1, 1), Fraction(2, 1))
    """
    num, den = meter
    note = Fraction(4, den)
    return 3 * note if den >= 8 and num % 3 == 0 else note


def key_signature(key: Key) -> bytes | None:
    """The key signature meta event's data, ``sf mi``: sharps (negative: flats) and 1 for a minor key.

    MIDI knows only major and minor keys: a minor key (natural, harmonic, melodic, aeolian, 羽) is written
    minor; any other mode with its signature as major, its name going in a text event (:func:`midi_bytes`).
    ``None`` for a signature beyond seven sharps or flats, which MIDI cannot write.

    >>> from music.key import make_key
    >>> key_signature(make_key("F#", "minor")), key_signature(make_key("Eb")), key_signature(make_key("D", "dorian"))
    (b'\\x03\\x01', b'\\xfd\\x00', b'\\x00\\x00')
    """
    if not -7 <= key.fifths <= 7:
        return None
    return struct.pack(">bB", key.fifths, 1 if HOST_MODES[key.mode] in _MINOR_SIGNATURE_HOSTS else 0)


def midi_bytes(tracks: list[Track], *, qpm: float, meter: tuple[int, int] = (4, 4), key: Key | None = None,
               beat: Fraction | None = None, title: str = "") -> bytes:
    """The file as bytes: a conductor track then ``tracks``, each named, with its GM program.

    The conductor track holds ``title`` (its name, when given), the tempo ``qpm`` (quarters per minute),
    the time signature ``meter`` with a metronome click every ``beat`` quarters (default
    :func:`beat_quarters`) and, when ``key`` is given, the key signature (and, for a mode MIDI cannot
    name, the key's label as a text event, "D dorian"). Event times are quarter lengths from the start
    of the file, which is a downbeat.
    """
    num, den = meter
    click = round(24 * (beat if beat is not None else beat_quarters(meter)))
    conductor = bytearray()
    if title:
        conductor += _meta(0x03, title.encode("utf-8")[:120])
    conductor += _meta(0x51, int(round(60_000_000 / qpm)).to_bytes(3, "big"))
    conductor += _meta(0x58, bytes([num, max(0, den.bit_length() - 1), max(1, min(255, click)), 8]))
    signature = key_signature(key) if key is not None else None
    if signature is not None:
        conductor += _meta(0x59, signature)
    if key is not None and HOST_MODES[key.mode] not in _MINOR_SIGNATURE_HOSTS | {"major"}:
        conductor += _meta(0x01, key.label.encode("utf-8"))
    conductor += b"\x00\xff\x2f\x00"
    chunks = [_chunk(b"MTrk", bytes(conductor))]
    for track in tracks:
        channel = DRUM_CHANNEL if track.drums else track.channel
        data = bytearray()
        data += _meta(0x03, track.name.encode("utf-8")[:120])
        if not track.drums:
            data += b"\x00" + bytes([0xC0 | channel, track.program & 0x7F])
        timed: list[tuple[int, int, bytes]] = []
        for e in track.events:
            start, end = _ticks(e.start), _ticks(e.start + e.duration)
            if end <= start:
                end = start + 1
            # Offs sort before ons at the same tick so repeated notes re-strike.
            timed.append((start, 1, bytes([0x90 | channel, e.midi & 0x7F, max(1, min(127, e.velocity))])))
            timed.append((end, 0, bytes([0x80 | channel, e.midi & 0x7F, 0])))
        timed.sort(key=lambda x: (x[0], x[1]))
        now = 0
        for tick, _, message in timed:
            data += variable_length(tick - now) + message
            now = tick
        data += b"\x00\xff\x2f\x00"
        chunks.append(_chunk(b"MTrk", bytes(data)))
    header = _chunk(b"MThd", struct.pack(">HHH", 1, len(chunks), TICKS_PER_QUARTER))
    return header + b"".join(chunks)


def write_midi(tracks: list[Track], path: Path, *, qpm: float, meter: tuple[int, int] = (4, 4),
               key: Key | None = None, beat: Fraction | None = None, title: str = "") -> Path:
    """Write :func:`midi_bytes` to ``path`` and return it."""
    path.write_bytes(midi_bytes(tracks, qpm=qpm, meter=meter, key=key, beat=beat, title=title))
    return path
