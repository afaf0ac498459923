"""Scores are read in a limited child, within bounds: a tiny hostile file costs seconds, not minutes.

Covers issue 18's findings 1-3: the 46-byte MIDI file that hung a web process,
scores past the note, part, length, tempo and octave bounds, and percussion parts.
"""

from __future__ import annotations

import struct
import time
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from grading.analysis.errors import UnusableScore
from grading.analysis.midi_scan import MAX_NOTE_EVENTS, scan_midi
from grading.analysis.sandbox import ScoreLimits, load_target_limited
from grading.analysis.target import load_target_bytes
from grading.models import Exercise
from tests.conftest import DEMO_SCORE, api_client_for
from tutor.models import User


def midi_file(*tracks: bytes, division: int = 480) -> bytes:
    header = b"MThd" + struct.pack(">IHHH", 6, 1 if len(tracks) > 1 else 0, len(tracks), division)
    return header + b"".join(b"MTrk" + struct.pack(">I", len(t)) + t for t in tracks)


def hanging_midi() -> bytes:
    """The 46-byte file from the issue, byte for byte: one delta of 0x0FFFFFFF ticks between two notes."""
    header = bytes.fromhex("4d546864 00000006 0001 0001 01e0")
    track = bytes.fromhex("00903c50 ffffff7f 803c00 00903e50 8360803e00 00ff2f00")
    data = header + b"MTrk" + bytes.fromhex("00000018") + track
    assert len(data) == 46
    return data


def notes_track(count: int, *, step: int = 240, channel: int = 0) -> bytes:
    events = b"".join(
        bytes([0x00, 0x90 | channel, 60 + i % 12, 80]) + vlq(step) + bytes([0x80 | channel, 60 + i % 12, 0])
        for i in range(count)
    )
    return events + b"\x00\xff\x2f\x00"


def pitch_bends(count: int) -> bytes:
    """A wheel moved for a while before the melody: one pitch bend per tick (no end of track)."""
    return b"".join(bytes([0x01, 0xE0, i % 128, 64]) for i in range(count))


def test_a_melody_of_the_most_notes_allowed_is_not_refused_for_its_events() -> None:
    scan_midi(midi_file(tempo_event(400) + notes_track(MAX_NOTE_EVENTS, step=10)))


def vlq(value: int) -> bytes:
    out = [value & 0x7F]
    value >>= 7
    while value:
        out.append(0x80 | (value & 0x7F))
        value >>= 7
    return bytes(reversed(out))


def tempo_event(bpm: float) -> bytes:
    return b"\x00\xff\x51\x03" + int(60_000_000 / bpm).to_bytes(3, "big")


def musicxml(notes: str, *, part_list: str = "", sound: str = "") -> bytes:
    part_list = part_list or '<score-part id="P1"><part-name>x</part-name></score-part>'
    return (
        '<?xml version="1.0"?><score-partwise><part-list>' + part_list + '</part-list><part id="P1">'
        '<measure number="1"><attributes><divisions>1</divisions></attributes>' + sound + notes
        + "</measure></part></score-partwise>"
    ).encode()


def pitched(step: str = "C", octave: str = "4", duration: str = "1") -> str:
    return f"<note><pitch><step>{step}</step><octave>{octave}</octave></pitch><duration>{duration}</duration></note>"


def _measures(notes: list[str], *, per_measure: int = 4, attributes: str = "<divisions>1</divisions>") -> str:
    return "".join(
        f'<measure number="{m + 1}">' + (f"<attributes>{attributes}</attributes>" if m == 0 else "")
        + "".join(notes[m * per_measure:(m + 1) * per_measure]) + "</measure>"
        for m in range((len(notes) + per_measure - 1) // per_measure)
    )


def long_score(count: int) -> bytes:
    return (
        '<?xml version="1.0"?><score-partwise><part-list><score-part id="P1"><part-name>x</part-name></score-part>'
        '</part-list><part id="P1">' + _measures([pitched("CDEFGAB"[i % 7]) for i in range(count)]) + "</part></score-partwise>"
    ).encode()


PERCUSSION = musicxml(
    "".join("<note><unpitched><display-step>C</display-step><display-octave>5</display-octave></unpitched>"
            "<duration>1</duration><instrument id=\"P1-X1\"/></note>" for _ in range(4)),
    part_list='<score-part id="P1"><part-name>Drums</part-name><score-instrument id="P1-X1">'
              "<instrument-name>Snare</instrument-name></score-instrument></score-part>",
)


MANY_PARTS = musicxml(pitched()).replace(
    b"</score-partwise>", b"".join(b'<part id="P%d"><measure number="1"/></part>' for i in range(2, 70)) + b"</score-partwise>"
)


def test_the_46_byte_midi_from_the_issue_is_refused_within_two_seconds(tmp_path: Path) -> None:
    path = tmp_path / "hang.mid"
    path.write_bytes(hanging_midi())
    load_target_limited(_good_midi(tmp_path))  # the forkserver starts once per process, not per score
    started = time.monotonic()
    with pytest.raises(UnusableScore, match="quarter notes"):
        load_target_limited(path)
    assert time.monotonic() - started < 2.0


def _good_midi(tmp_path: Path) -> Path:
    path = tmp_path / "good.mid"
    path.write_bytes(midi_file(tempo_event(90) + notes_track(8)))
    return path


def test_a_good_midi_file_is_read_in_the_child(tmp_path: Path) -> None:
    target = load_target_limited(_good_midi(tmp_path))
    assert [n.midi for n in target.notes] == [60 + i for i in range(8)]
    assert abs(target.tempo_bpm - 90) < 0.5


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (midi_file(notes_track(MAX_NOTE_EVENTS + 1, step=1)), "more than"),
        (midi_file(*[notes_track(1)] * 65), "tracks"),
        (midi_file(tempo_event(4) + notes_track(4)), "BPM"),
        (midi_file(tempo_event(1000) + notes_track(4)), "BPM"),
        (midi_file(notes_track(2, step=480 * 9000)), "quarter notes"),
        (midi_file(tempo_event(10) + notes_track(300, step=480 * 5)), "minutes"),
        (midi_file(notes_track(4), division=0xE728), "SMPTE"),
        (midi_file(notes_track(4))[:30], "truncated"),
        (midi_file(b"\x00\x3c\x50" + notes_track(2)), "running status"),
        (midi_file(pitch_bends(60_000) + notes_track(500)), "too many events"),
    ],
    ids=["too-many-notes", "too-many-tracks", "tempo-4", "tempo-1000", "too-long", "too-many-minutes",
         "smpte", "truncated", "no-status", "pitch-bends-round-few-notes"],
)
def test_a_midi_file_outside_the_bounds_is_refused_before_music21(data: bytes, reason: str) -> None:
    started = time.monotonic()
    with pytest.raises(UnusableScore, match=reason):
        scan_midi(data)
    assert time.monotonic() - started < 0.5


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (musicxml(pitched(octave="12")), "octave"),
        (musicxml(pitched(octave="-3")), "octave"),
        (musicxml(pitched(), sound='<sound tempo="nan"/>'), "tempo"),
        (musicxml(pitched(), sound='<sound tempo="100000"/>'), "tempo"),
        (musicxml(pitched(duration="9000000")), "quarter notes"),
        (MANY_PARTS, "parts"),
        (PERCUSSION, "unpitched"),
    ],
    ids=["octave-12", "octave-minus-3", "tempo-nan", "tempo-huge", "duration-huge", "parts", "percussion"],
)
def test_a_musicxml_score_outside_the_bounds_is_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(UnusableScore, match=reason):
        load_target_bytes(data, fmt="musicxml")


def test_percussion_beside_a_pitched_line_is_left_out(tmp_path: Path) -> None:
    mixed = PERCUSSION.replace(b"</measure>", pitched("E").encode() + b"</measure>")
    target = load_target_bytes(mixed, fmt="musicxml")
    assert [n.midi for n in target.notes] == [64]


def test_a_child_that_runs_out_of_wall_clock_is_refused_not_waited_for(tmp_path: Path) -> None:
    path = _good_midi(tmp_path)
    with pytest.raises(UnusableScore, match="longer than"):
        load_target_limited(path, limits=ScoreLimits(wall_seconds=0.001))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data"),
    [("hang.mid", hanging_midi()), ("drums.musicxml", PERCUSSION), ("long.musicxml", long_score(5000)),
     ("nan.musicxml", DEMO_SCORE.read_bytes().replace(b"<divisions>", b'<sound tempo="nan"/><divisions>', 1))],
)
def test_the_api_and_the_page_refuse_it_quickly_with_a_reason(name: str, data: bytes, teacher: User) -> None:
    started = time.monotonic()
    response = api_client_for(teacher).post(
        "/api/exercises/", {"title": "x", "score": SimpleUploadedFile(name, data)}, format="multipart"
    )
    assert response.status_code == 400, response.content[:300]
    assert response.json()["error"]["fields"]["score"][0]
    page = Client()
    page.force_login(teacher)
    response = page.post("/exercises/", {"title": "x", "score": SimpleUploadedFile(name, data)})
    assert response.status_code in (200, 400), response.status_code
    assert b"cannot be graded" in response.content
    assert time.monotonic() - started < 10
    assert not Exercise.objects.exists()


def test_a_score_of_thousands_of_notes_is_refused_before_music21_reads_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """music21 took seconds of a web process to read a 2 000-10 000 note score that was then refused."""
    from grading.analysis import target

    monkeypatch.setattr(target, "_music21_score", mock.Mock(side_effect=AssertionError("music21 was asked")))
    data = long_score(2400)
    started = time.monotonic()
    with pytest.raises(UnusableScore, match="2400 notes; at most 2000"):
        load_target_bytes(data, fmt="musicxml")
    assert time.monotonic() - started < 3.0  # tens of ms idle; the mock above is what proves music21 was skipped


def _voices(count: int, *, kind: str) -> str:
    """A first part that music21 reads into fewer line notes than it has <note> elements."""
    def note(step: str, extra: str = "", voice: str = "1", staff: str = "") -> str:
        staff_tag = f"<staff>{staff}</staff>" if staff else ""
        return (f"<note>{extra}<pitch><step>{step}</step><octave>4</octave></pitch><duration>1</duration>"
                f"<voice>{voice}</voice>{staff_tag}</note>")
    if kind == "chords":
        return _measures([note("C") + note("E", "<chord/>") + note("G", "<chord/>") for _ in range(count)])
    if kind == "two-voices":
        bars = [[note("E") for _ in range(4)] + ["<backup><duration>4</duration></backup>"]
                + [note("C", voice="2") for _ in range(4)] for _ in range(count // 4)]
        return _measures(["".join(bar) for bar in bars], per_measure=1)
    if kind == "ties":
        tied = [note("D", "") .replace("<voice>", '<tie type="start"/><voice>') if i % 2 == 0
                else note("D").replace("<voice>", '<tie type="stop"/><voice>') for i in range(count * 2)]
        return _measures(tied)
    if kind == "grace-and-rests":
        rest = "<note><rest/><duration>1</duration></note>"
        grace = '<note><grace/><pitch><step>B</step><octave>3</octave></pitch></note>'
        return _measures([grace + note("C") + rest for _ in range(count)], per_measure=2)
    assert kind == "piano"  # the left hand (staff 2) is busier than the right: music21 grades the right
    bars = [[note("C", staff="1") for _ in range(4)] + ["<backup><duration>4</duration></backup>"]
            + [note("C", voice="5", staff="2").replace("<duration>1", "<duration>0.5") for _ in range(8)]
            for _ in range(count // 4)]
    return _measures(["".join(bar) for bar in bars], per_measure=1,
                     attributes="<divisions>2</divisions><staves>2</staves>").replace("<duration>1<", "<duration>2<")


@pytest.mark.parametrize("kind", ["chords", "two-voices", "ties", "grace-and-rests", "piano"])
def test_the_early_count_never_refuses_a_score_music21_would_accept(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import defusedxml.ElementTree as SafeET

    from grading.analysis import target

    monkeypatch.setattr(target, "MAX_NOTES", 100)
    data = ('<?xml version="1.0"?><score-partwise><part-list><score-part id="P1"><part-name>x</part-name>'
            '</score-part></part-list><part id="P1">' + _voices(80, kind=kind) + "</part></score-partwise>").encode()
    graded = load_target_bytes(data, fmt="musicxml")
    assert len(graded.notes) <= 100
    assert target._first_line_notes_at_least(SafeET.fromstring(data)) <= len(graded.notes)


def test_a_later_part_of_a_score_with_a_long_first_part_can_still_be_graded(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from grading.analysis import target

    monkeypatch.setattr(target, "MAX_NOTES", 100)
    first = _measures([pitched() for _ in range(160)])
    second = _measures([pitched("G") for _ in range(8)])
    path = tmp_path / "duet.musicxml"
    path.write_bytes((
        '<?xml version="1.0"?><score-partwise><part-list><score-part id="P1"><part-name>One</part-name></score-part>'
        '<score-part id="P2"><part-name>Two</part-name></score-part></part-list>'
        f'<part id="P1">{first}</part><part id="P2">{second}</part></score-partwise>'
    ).encode())
    assert [n.midi for n in target.load_target(path, part=2).notes] == [67] * 8
    with pytest.raises(UnusableScore, match="160 notes"):
        target.load_target(path)
