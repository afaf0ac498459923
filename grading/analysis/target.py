"""Loading the target line from MusicXML (.musicxml, .xml, .mxl) or MIDI, safely.

The target is the first part's top line: the highest pitch wherever notes
overlap (chords, voices), tied notes merged, rests kept. Onsets are seconds
from the first target note at the score's tempo (or an override), following
tempo changes in the score.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath

from .errors import UnsafeScore, UnusableScore

DEFAULT_TEMPO_BPM = 120.0
MAX_SCORE_BYTES = 5 * 1024 * 1024
MAX_MXL_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_MXL_RATIO = 200
MAX_NOTES = 2000
# A cheap guard before music21 builds objects for every <note> element.
MAX_NOTE_ELEMENTS = 20_000
# A practice piece is minutes long; 100 000 empty measures would make music21 crawl.
MAX_MEASURES = 2_000
MUSICXML_SUFFIXES = (".musicxml", ".xml", ".mxl")
MIDI_SUFFIXES = (".mid", ".midi")


@dataclass(frozen=True)
class TargetNote:
    """One note of the target line: MIDI pitch, onset and duration in seconds, bar number."""

    index: int
    midi: int
    onset_seconds: float
    duration_seconds: float
    bar: int
    follows_rest: bool = False


@dataclass(frozen=True)
class Target:
    """The line to grade against; ``notes`` in time order, onsets from the first note (0.0)."""

    notes: tuple[TargetNote, ...]
    tempo_bpm: float
    title: str = ""
    rests: tuple[tuple[float, float, int], ...] = field(default=())  # (onset s, duration s, bar)

    @property
    def duration_seconds(self) -> float:
        last = self.notes[-1]
        return last.onset_seconds + last.duration_seconds

    @property
    def midi_range(self) -> tuple[int, int]:
        midis = [n.midi for n in self.notes]
        return min(midis), max(midis)


def _check_xml(data: bytes) -> None:
    """Refuse DTD entities and external references before music21 parses anything."""
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    # The DOCTYPE line standard MusicXML carries is fine; entity declarations are not.
    head = data[:4096].upper()
    if b"<!ENTITY" in data.upper() or (b"<!DOCTYPE" in head and b"[" in head.split(b"<!DOCTYPE", 1)[1][:2048]):
        raise UnsafeScore("the score declares XML entities or an inline DTD, which is not allowed")
    try:
        root = SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise UnsafeScore("the score declares XML entities or external references, which is not allowed") from exc
    except Exception as exc:  # ParseError and friends
        raise UnusableScore(f"the score is not well-formed XML ({exc})") from exc
    if root.tag not in ("score-partwise", "score-timewise"):
        raise UnusableScore("the file is XML but not a MusicXML score")
    if sum(1 for _ in root.iter("note")) > MAX_NOTE_ELEMENTS:
        raise UnusableScore("the score is far too long to grade (thousands of notes)")
    measures = sum(1 for _ in root.iter("measure"))
    if measures > MAX_MEASURES:
        raise UnusableScore(f"the score has {measures} measures; at most {MAX_MEASURES} can be graded")
    for duration in root.iter("duration"):
        try:
            if float((duration.text or "").strip()) < 0:
                raise UnusableScore("the score has a note with a negative duration")
        except ValueError as exc:
            raise UnusableScore("the score has a <duration> that is not a number") from exc
    for div in root.iter("divisions"):
        try:
            value = float((div.text or "").strip())
        except ValueError as exc:
            raise UnusableScore("the score's <divisions> is not a number") from exc
        if value <= 0:
            raise UnusableScore("the score's <divisions> is zero or negative")


def _read_mxl(data: bytes) -> bytes:
    """The root MusicXML document inside a compressed .mxl, refusing zip bombs and path tricks."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise UnusableScore("the .mxl file is not a valid zip archive") from exc
    with archive:
        total = 0
        for info in archive.infolist():
            name = PurePosixPath(info.filename.replace("\\", "/"))
            if name.is_absolute() or ".." in name.parts or ":" in info.filename:
                raise UnsafeScore(f"the .mxl archive holds a member with an unsafe path ({info.filename})")
            total += info.file_size
            if info.compress_size and info.file_size / info.compress_size > MAX_MXL_RATIO and info.file_size > 1e6:
                raise UnsafeScore("the .mxl archive expands suspiciously (a zip bomb?)")
        if total > MAX_MXL_UNCOMPRESSED_BYTES:
            raise UnsafeScore("the .mxl archive expands to more than 50 MB")
        names = archive.namelist()
        rootfile = None
        if "META-INF/container.xml" in names:
            container = archive.read("META-INF/container.xml")
            _check_container(container)
            import defusedxml.ElementTree as SafeET

            tree = SafeET.fromstring(container, forbid_dtd=True)
            for el in tree.iter():
                if el.tag.endswith("rootfile") and el.get("full-path"):
                    rootfile = el.get("full-path")
                    break
        if rootfile is None:
            candidates = [n for n in names if n.endswith((".musicxml", ".xml")) and not n.startswith("META-INF")]
            if not candidates:
                raise UnusableScore("the .mxl archive holds no MusicXML document")
            rootfile = candidates[0]
        if rootfile not in names:
            raise UnusableScore("the .mxl archive names a score it does not contain")
        return archive.read(rootfile)


def _check_container(data: bytes) -> None:
    if b"<!ENTITY" in data.upper() or b"<!DOCTYPE" in data.upper():
        raise UnsafeScore("the .mxl container declares a DTD or entities, which is not allowed")


def load_target(path: str | os.PathLike[str], *, tempo_bpm: float | None = None) -> Target:
    """Read a MusicXML or MIDI file into a ``Target``.

    ``tempo_bpm`` (quarter notes per minute) overrides the score's tempo and its
    changes. Raises ``UnsafeScore`` or ``UnusableScore`` with a one-line reason.
    """
    suffix = os.path.splitext(os.fspath(path))[1].lower()
    try:
        size = os.path.getsize(path)
        if size > MAX_SCORE_BYTES:
            raise UnusableScore(f"the score file is {size / 1e6:.1f} MB; the limit is 5 MB")
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise UnusableScore(f"cannot read the score: {exc.strerror or exc}") from exc
    if not data:
        raise UnusableScore("the score is an empty file")
    if suffix in MIDI_SUFFIXES or data[:4] == b"MThd":
        return _parse(data, fmt="midi", tempo_bpm=tempo_bpm)
    if suffix == ".mxl" or data[:2] == b"PK":
        data = _read_mxl(data)
    elif suffix not in MUSICXML_SUFFIXES:
        raise UnusableScore(f"unsupported score format '{suffix}'; use MusicXML (.musicxml, .xml, .mxl) or MIDI")
    _check_xml(data)
    return _parse(data, fmt="musicxml", tempo_bpm=tempo_bpm)


def load_target_bytes(data: bytes, *, fmt: str, tempo_bpm: float | None = None) -> Target:
    """Like ``load_target`` for bytes already in memory; ``fmt`` is 'musicxml', 'mxl' or 'midi'."""
    if fmt == "mxl":
        data, fmt = _read_mxl(data), "musicxml"
    if fmt == "musicxml":
        _check_xml(data)
    return _parse(data, fmt=fmt, tempo_bpm=tempo_bpm)


def _parse(data: bytes, *, fmt: str, tempo_bpm: float | None) -> Target:
    import music21

    try:
        if fmt == "midi":
            score = music21.converter.parse(data, format="midi")
        else:
            score = music21.converter.parse(data.decode("utf-8", errors="replace"), format="musicxml")
    except UnusableScore:
        raise
    except Exception as exc:  # music21 raises many kinds on broken input
        raise UnusableScore(f"the score cannot be read ({type(exc).__name__})") from exc
    return target_from_music21(score, tempo_bpm=tempo_bpm)


def target_from_music21(score, *, tempo_bpm: float | None = None) -> Target:
    """Build a ``Target`` from a music21 Score/Part/Stream (the edge where camelCase stays)."""
    import music21

    parts = list(getattr(score, "parts", []))
    part = parts[0] if parts else score
    # (offset ql, duration ql, midi, tie, bar)
    events: list[list] = []
    for el in part.recurse().notes:
        if isinstance(el, music21.chord.Chord):
            if not el.pitches:
                continue
            midi = max(p.midi for p in el.pitches)
        else:
            midi = el.pitch.midi
        if getattr(el.duration, "isGrace", False) or el.duration.quarterLength <= 0:
            continue
        offset = float(el.getOffsetInHierarchy(part))
        tie = el.tie.type if el.tie is not None else None
        bar = el.measureNumber if el.measureNumber is not None else 1
        events.append([offset, float(el.duration.quarterLength), int(midi), tie, int(bar)])
    if not events:
        raise UnusableScore("the score has no notes in its first part")
    if len(events) > MAX_NOTE_ELEMENTS:
        raise UnusableScore("the score is far too long to grade")
    # Top line: at each onset keep the highest pitch; a later onset cuts an earlier note short.
    events.sort(key=lambda e: (e[0], -e[2]))
    line: list[list] = []
    for ev in events:
        if line and abs(line[-1][0] - ev[0]) < 1e-6:
            continue
        if line and line[-1][0] + line[-1][1] > ev[0]:
            line[-1][1] = ev[0] - line[-1][0]
        line.append(list(ev))
    merged: list[list] = []
    for ev in line:
        prev = merged[-1] if merged else None
        tied = ev[3] in ("stop", "continue")
        if prev is not None and tied and prev[2] == ev[2] and abs(prev[0] + prev[1] - ev[0]) < 1e-6:
            prev[1] += ev[1]
            continue
        merged.append(ev)
    if len(merged) > MAX_NOTES:
        raise UnusableScore(f"the score has {len(merged)} notes; at most {MAX_NOTES} can be graded")
    to_seconds, first_bpm = _time_map(score, tempo_bpm=tempo_bpm)
    start_ql = merged[0][0]
    t0 = to_seconds(start_ql)
    notes: list[TargetNote] = []
    rests: list[tuple[float, float, int]] = []
    prev_end_ql = start_ql
    for i, (off, dur, midi, _tie, bar) in enumerate(merged):
        gap = off - prev_end_ql > 1e-6
        if gap:
            rests.append((to_seconds(prev_end_ql) - t0, to_seconds(off) - to_seconds(prev_end_ql), bar))
        onset = to_seconds(off) - t0
        notes.append(TargetNote(i, midi, round(onset, 4), round(to_seconds(off + dur) - to_seconds(off), 4), bar, gap))
        prev_end_ql = off + dur
    title = ""
    md = getattr(score, "metadata", None)
    if md is not None and md.title:
        title = str(md.title)
    return Target(tuple(notes), first_bpm, title, tuple(rests))


def _time_map(score, *, tempo_bpm: float | None):
    """A function quarter-length offset -> seconds, and the first tempo in quarter BPM."""
    if tempo_bpm is not None:
        if not 10 <= tempo_bpm <= 400:
            raise UnusableScore(f"a tempo of {tempo_bpm:g} BPM is not usable (10-400)")
        spq = 60.0 / tempo_bpm
        return (lambda ql: ql * spq), float(tempo_bpm)
    segments: list[tuple[float, float, float]] = []  # (start ql, end ql, seconds per quarter)
    try:
        for start, end, mark in score.metronomeMarkBoundaries():
            bpm = mark.getQuarterBPM() if mark is not None else None
            if not bpm or bpm <= 0:
                bpm = DEFAULT_TEMPO_BPM
            segments.append((float(start), float(end), 60.0 / float(bpm)))
    except Exception:
        segments = []
    if not segments:
        segments = [(0.0, float("inf"), 60.0 / DEFAULT_TEMPO_BPM)]
    if not all(10 <= 60.0 / s[2] <= 400 for s in segments):
        raise UnusableScore("the score's tempo marking is outside 10-400 BPM")

    def to_seconds(ql: float) -> float:
        seconds = 0.0
        for start, end, spq in segments:
            if ql <= start:
                break
            seconds += (min(ql, end) - start) * spq
        if ql > segments[-1][1]:
            seconds += (ql - segments[-1][1]) * segments[-1][2]
        return seconds

    return to_seconds, round(60.0 / segments[0][2], 3)


def with_tempo(target: Target, tempo_bpm: float) -> Target:
    """The same line at another (constant) tempo, onsets scaled from the first note."""
    scale = target.tempo_bpm / tempo_bpm
    notes = tuple(
        replace(n, onset_seconds=round(n.onset_seconds * scale, 4), duration_seconds=round(n.duration_seconds * scale, 4))
        for n in target.notes
    )
    rests = tuple((o * scale, d * scale, b) for o, d, b in target.rests)
    return Target(notes, tempo_bpm, target.title, rests)
