"""Loading the target line from MusicXML (.musicxml, .xml, .mxl) or MIDI, safely.

The target is the first part's top line: the highest pitch wherever notes
overlap (chords, voices), tied notes merged, rests kept. Onsets are seconds
from the first target note at the score's tempo (or an override), following
tempo changes in the score.
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
import os
import threading
import zipfile
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath

from music.errors import MusicError
from music.pitch import parse_pitch

from .errors import UnsafeScore, UnusableScore
from .midi_scan import (
    MAX_SCORE_QUARTERS,
    MAX_SCORE_SECONDS,
    MAX_TEMPO_BPM,
    MAX_TRACKS,
    MIN_TEMPO_BPM,
    scan_midi,
)

DEFAULT_TEMPO_BPM = 120.0
MAX_SCORE_BYTES = 5 * 1024 * 1024
MAX_MXL_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_MXL_RATIO = 200
MAX_NOTES = 2000
# A cheap guard before music21 builds objects for every <note> element.
MAX_NOTE_ELEMENTS = 10_000
# A practice piece is minutes long; 100 000 empty measures would make music21 crawl.
MAX_MEASURES = 2_000
MAX_PARTS = MAX_TRACKS
#: MusicXML octaves run 0-9 (C0 is MIDI 12, B9 is past MIDI 127 only at the top).
MIN_OCTAVE, MAX_OCTAVE = 0, 9
MUSICXML_SUFFIXES = (".musicxml", ".xml", ".mxl")
# Scores whose targets one process remembers (load_target_cached): a worker's exercises of the hour.
TARGET_CACHE_SIZE = 32
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
    #: As the score writes it ("Bb4", never "A#4" for a B flat); "" when the target was not read from a score.
    name: str = ""


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


logger = logging.getLogger(__name__)

_target_cache: OrderedDict[tuple[str, str, float | None, str | None], Target] = OrderedDict()
_target_cache_lock = threading.Lock()


def _check_xml(data: bytes, *, first_line: bool = False) -> None:
    """Refuse DTD entities and external references before music21 parses anything; with ``first_line``
    (the first part is the one to grade) also a first part of more than ``MAX_NOTES`` notes, which
    music21 would take seconds to read only for ``target_from_music21`` to refuse."""
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
        # The parser's own words ("not well-formed (invalid token)") are English whatever the reader's
        # language: they go to the log (here, and from a sandboxed reader through ``detail``), and the teacher
        # is told where the file breaks.
        logger.info("a score is not well-formed XML: %s", exc)
        where = getattr(exc, "position", None)  # expat's (line, column), the column counted from 0
        if where:
            raise UnusableScore(f"the score is not well-formed XML (line {where[0]}, column {where[1] + 1})",
                                detail=str(exc)) from exc
        raise UnusableScore("the score is not well-formed XML", detail=str(exc)) from exc
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
        value = _finite(div.text, "the score's <divisions> is not a number")
        if value <= 0:
            raise UnusableScore("the score's <divisions> is zero or negative")
    parts = sum(1 for _ in root.iter("part"))
    if parts > MAX_PARTS:
        raise UnusableScore(f"the score has {parts} parts; at most {MAX_PARTS} are read")
    for octave in root.iter("octave"):
        value = _finite(octave.text, "the score has an <octave> that is not a number")
        if not (value.is_integer() and MIN_OCTAVE <= value <= MAX_OCTAVE):
            raise UnusableScore(f"the score has a note in octave {octave.text!s}; octaves run {MIN_OCTAVE}-{MAX_OCTAVE}")
    for sound in root.iter("sound"):
        if sound.get("tempo") is not None:
            bpm = _finite(sound.get("tempo"), "the score has a tempo that is not a number")
            if not MIN_TEMPO_BPM <= bpm <= MAX_TEMPO_BPM:
                raise UnusableScore(f"the score's tempo of {bpm:g} BPM is outside 10-400")
    for per_minute in root.iter("per-minute"):
        text = (per_minute.text or "").strip()
        try:
            bpm = float(text)
        except ValueError:
            continue  # free text such as "c. 100" is shown, not used for time
        if not math.isfinite(bpm):
            raise UnusableScore("the score has a metronome mark that is not a number")
    quarters = _longest_part_quarters(root)
    if quarters > MAX_SCORE_QUARTERS:
        raise UnusableScore(f"the score runs {quarters:.0f} quarter notes; at most {MAX_SCORE_QUARTERS} can be graded")
    if first_line:
        notes = _first_line_notes_at_least(root)
        if notes > MAX_NOTES:
            raise UnusableScore(f"the score has {notes} notes; at most {MAX_NOTES} can be graded")


def _first_line_notes_at_least(root) -> int:
    """A lower bound on the notes ``target_from_music21`` keeps from the first part, read from the XML.

    Counted as that function counts, so that a score it would accept is never refused here: the
    distinct onsets of timed, pitched, non-grace notes on the part's first staff (music21 makes each
    staff a part of its own), less every onset where a note is tied from before (it may be merged
    into the note before it). Other parts, staves and odd layouts only make the real count higher.
    """
    part = root.find("part") if root.tag == "score-partwise" else None
    if part is None:
        return 0
    divisions = 1.0
    onsets: set[tuple[int, float]] = set()
    tied: set[tuple[int, float]] = set()
    for index, measure in enumerate(part.iter("measure")):
        position = onset = 0.0
        for el in measure:
            if el.tag == "attributes":
                found = el.find("divisions")
                if found is not None:
                    divisions = _finite(found.text, "the score's <divisions> is not a number")
                continue
            if el.tag not in ("note", "forward", "backup"):
                continue
            quarters = _finite(el.findtext("duration") or "0", "the score has a <duration> that is not a number") \
                / divisions
            if el.tag != "note":
                position += -quarters if el.tag == "backup" else quarters
                continue
            if el.find("grace") is not None:
                continue
            if el.find("chord") is None:
                onset = position
                position += quarters
            if quarters <= 0 or el.find("pitch") is None or (el.findtext("staff") or "1").strip() != "1":
                continue
            key = (index, round(onset, 6))
            onsets.add(key)
            if any(t.get("type") in ("stop", "continue") for t in [*el.iter("tie"), *el.iter("tied")]):
                tied.add(key)
    return len(onsets) - len(tied)


def _finite(text: str | None, reason: str) -> float:
    try:
        value = float((text or "").strip())
    except ValueError as exc:
        raise UnusableScore(reason) from exc
    if not math.isfinite(value):
        raise UnusableScore(reason)
    return value


def _longest_part_quarters(root) -> float:
    """The longest part's length in quarter notes, walking each measure's notes, backups and forwards."""
    longest = 0.0
    for part in root.iter("part"):
        divisions, total = 1.0, 0.0
        for measure in part.iter("measure"):
            position = length = 0.0
            for el in measure:
                if el.tag == "attributes":
                    found = el.find("divisions")
                    if found is not None:
                        divisions = _finite(found.text, "the score's <divisions> is not a number")
                elif el.tag in ("note", "forward", "backup"):
                    found = el.find("duration")
                    if found is None or (el.tag == "note" and el.find("chord") is not None):
                        continue
                    quarters = _finite(found.text, "the score has a <duration> that is not a number") / divisions
                    position += -quarters if el.tag == "backup" else quarters
                    length = max(length, position)
            total += length
        longest = max(longest, total)
    return longest


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


def load_target(
    path: str | os.PathLike[str], *, tempo_bpm: float | None = None, part: int | str | None = None
) -> Target:
    """Read a MusicXML or MIDI file into a ``Target``.

    ``tempo_bpm`` (quarter notes per minute) overrides the score's tempo and its
    changes. ``part`` picks the part whose top line is graded: its number (1 is
    the first) or its name ("Alto", any case); None is the first part. Raises
    ``UnsafeScore`` or ``UnusableScore`` with a one-line reason.
    """
    data, fmt = _checked_score_bytes(path, first_line=part in (None, 1, "1"))
    return _parse(data, fmt=fmt, tempo_bpm=tempo_bpm, part=part)


def load_target_cached(
    path: str | os.PathLike[str], *, tempo_bpm: float | None = None, part: int | str | None = None
) -> Target:
    """``load_target``, remembered for the last ``TARGET_CACHE_SIZE`` scores read in this process.

    A worker grades many takes of one exercise; reading its score again for each cost music21's
    parse every time (0.1 s for 400 notes, more for a piece in parts). The key is the file's
    content (its SHA-256) with the tempo and part, and the score is parsed from the very bytes
    hashed, so a file replaced under the same name is read afresh. A ``Target`` is frozen, made
    of tuples: every caller may share one. A score that cannot be read is not remembered.
    """
    data = _score_file_bytes(path)
    suffix = os.path.splitext(os.fspath(path))[1].lower()
    key = (hashlib.sha256(data).hexdigest(), suffix, tempo_bpm, None if part is None else str(part))
    with _target_cache_lock:
        cached = _target_cache.get(key)
        if cached is not None:
            _target_cache.move_to_end(key)
            return cached
    checked, fmt = _checked_data(data, suffix, first_line=part in (None, 1, "1"))
    target = _parse(checked, fmt=fmt, tempo_bpm=tempo_bpm, part=part)
    with _target_cache_lock:
        _target_cache[key] = target
        while len(_target_cache) > TARGET_CACHE_SIZE:
            _target_cache.popitem(last=False)
    return target


def _score_file_bytes(path: str | os.PathLike[str]) -> bytes:
    """The score file's bytes, refused past ``MAX_SCORE_BYTES``."""
    try:
        size = os.path.getsize(path)
        if size > MAX_SCORE_BYTES:
            raise UnusableScore(f"the score file is {size / 1e6:.1f} MB; the limit is 5 MB")
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise UnusableScore(f"cannot read the score: {exc.strerror or exc}") from exc


def _checked_score_bytes(path: str | os.PathLike[str], *, first_line: bool = False) -> tuple[bytes, str]:
    """The score's bytes, checked for size and safety, and their format ('musicxml' or 'midi');
    ``first_line`` as in ``_check_xml``."""
    suffix = os.path.splitext(os.fspath(path))[1].lower()
    return _checked_data(_score_file_bytes(path), suffix, first_line=first_line)


def _checked_data(data: bytes, suffix: str, *, first_line: bool = False) -> tuple[bytes, str]:
    """A score file's ``data`` (its name ending in ``suffix``) checked for safety, and their format."""
    if not data:
        raise UnusableScore("the score is an empty file")
    if suffix in MIDI_SUFFIXES or data[:4] == b"MThd":
        scan_midi(data)
        return data, "midi"
    if suffix == ".mxl" or data[:2] == b"PK":
        data = _read_mxl(data)
    elif suffix not in MUSICXML_SUFFIXES:
        raise UnusableScore(f"unsupported score format '{suffix}'; use MusicXML (.musicxml, .xml, .mxl) or MIDI")
    _check_xml(data, first_line=first_line)
    return data, "musicxml"


def load_target_bytes(data: bytes, *, fmt: str, tempo_bpm: float | None = None) -> Target:
    """Like ``load_target`` for bytes already in memory; ``fmt`` is 'musicxml', 'mxl' or 'midi'."""
    if fmt == "mxl":
        data, fmt = _read_mxl(data), "musicxml"
    if fmt == "musicxml":
        _check_xml(data, first_line=True)
    elif fmt == "midi":
        scan_midi(data)
    return _parse(data, fmt=fmt, tempo_bpm=tempo_bpm)


def _parse(data: bytes, *, fmt: str, tempo_bpm: float | None, part: int | str | None = None) -> Target:
    return target_from_music21(_music21_score(data, fmt=fmt), tempo_bpm=tempo_bpm, part=part)


def _music21_score(data: bytes, *, fmt: str):
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
    return score


@dataclass(frozen=True)
class ScorePart:
    """One part of a score as a person picks it: its number (1 is the first), name and note count."""

    number: int
    name: str
    notes: int


def _part_name(part, number: int) -> str:
    name = str(getattr(part, "partName", "") or "").strip()
    return name or f"Part {number}"


def _pick_part(score, choice: int | str | None):
    """The music21 part ``choice`` names (number from 1, or name in any case); the first when None."""
    parts = list(getattr(score, "parts", []))
    if not parts:
        if choice not in (None, 1, "1"):
            raise UnusableScore("the score has only one part")
        return score
    if choice is None:
        return parts[0]
    text = str(choice).strip()
    # ASCII digits only: "²".isdigit() is true and int() refuses it (and 5000 digits), a traceback for --part ².
    if text.isascii() and text.isdigit() and len(text) <= 6:
        number = int(text)
        if 1 <= number <= len(parts):
            return parts[number - 1]
    else:
        for number, part in enumerate(parts, start=1):
            names = {_part_name(part, number), str(getattr(part, "partAbbreviation", "") or "")}
            if text.casefold() in {n.strip().casefold() for n in names if n}:
                return part
    listed = ", ".join(f"{n} {_part_name(p, n)}" for n, p in enumerate(parts, start=1))
    raise UnusableScore(f"the score has no part '{text}'; its parts are: {listed}")


def score_parts(path: str | os.PathLike[str]) -> list[ScorePart]:
    """The parts of a MusicXML or MIDI score, in score order (checked as ``load_target`` checks)."""
    data, fmt = _checked_score_bytes(path)
    return _parts_of(_music21_score(data, fmt=fmt))


def _parts_of(score) -> list[ScorePart]:
    parts = list(getattr(score, "parts", [])) or [score]
    return [ScorePart(number, _part_name(part, number), len(part.recurse().notes))
            for number, part in enumerate(parts, start=1)]


@dataclass(frozen=True)
class ScoreSummary:
    """What an upload needs from a score, read once: the line to grade and the parts to pick from."""

    target: Target
    parts: tuple[ScorePart, ...]


def read_score(path: str | os.PathLike[str], *, tempo_bpm: float | None = None) -> ScoreSummary:
    """``load_target`` and ``score_parts`` from one parse of the file (the expensive part)."""
    data, fmt = _checked_score_bytes(path, first_line=True)
    score = _music21_score(data, fmt=fmt)
    return ScoreSummary(target_from_music21(score, tempo_bpm=tempo_bpm), tuple(_parts_of(score)))


@dataclass(frozen=True)
class PartSplit:
    """A score split for practising one part with the others playing.

    ``musicxml`` is the chosen part alone; ``others`` are the other parts' notes as
    ``(name, [(onset, duration, midi), ...])`` in quarter notes from the chosen part's
    first note (notes before it are left out: the practice starts where the part comes in).
    """

    part: ScorePart
    musicxml: str
    tempo_bpm: float
    others: tuple[tuple[str, tuple[tuple[float, float, int], ...]], ...]


def split_score(path: str | os.PathLike[str], part: int | str) -> PartSplit:
    """Split a multi-part score for practising ``part`` (see :class:`PartSplit`)."""
    import copy

    import music21
    from music21.musicxml.m21ToXml import GeneralObjectExporter

    data, fmt = _checked_score_bytes(path)
    score = _music21_score(data, fmt=fmt)
    chosen = _pick_part(score, part)
    parts = list(getattr(score, "parts", [])) or [score]
    number = next(n for n, p in enumerate(parts, start=1) if p is chosen)
    target = target_from_music21(score, part=number)
    starts = [float(n.getOffsetInHierarchy(chosen)) for n in chosen.recurse().notes]
    start_ql = min(starts) if starts else 0.0
    others = []
    for n, other in enumerate(parts, start=1):
        if other is chosen:
            continue
        notes: list[tuple[float, float, int]] = []
        for el in other.recurse().notes:
            onset = float(el.getOffsetInHierarchy(other)) - start_ql
            length = float(el.duration.quarterLength)
            if onset < -1e-6 or length <= 0 or (el.tie is not None and el.tie.type in ("stop", "continue")):
                continue
            pitches = el.pitches if isinstance(el, music21.chord.Chord) else [el.pitch]
            notes.extend((round(onset, 4), length, int(p.midi)) for p in pitches)
        others.append((_part_name(other, n), tuple(notes)))
    alone = music21.stream.Score()
    alone.insert(0, copy.deepcopy(chosen))
    xml = GeneralObjectExporter(alone).parse().decode("utf-8")
    return PartSplit(ScorePart(number, _part_name(chosen, number), len(target.notes)), xml, target.tempo_bpm,
                     tuple(others))


def _written_name(pitch) -> str:
    """A music21 pitch as the score spells it, in the project's words ("B-4" -> "Bb4"); "" if it cannot say."""
    try:
        written = parse_pitch(pitch.nameWithOctave)
    except MusicError:
        return ""
    return written.name if written.midi == int(pitch.midi) else ""


def target_from_music21(score, *, tempo_bpm: float | None = None, part: int | str | None = None) -> Target:
    """Build a ``Target`` from a music21 Score/Part/Stream (the edge where camelCase stays);
    ``part`` as in :func:`load_target`."""
    import music21

    part_stream = _pick_part(score, part)
    # (offset ql, duration ql, midi, tie, bar, the name the score writes)
    events: list[list] = []
    unpitched = 0
    for el in part_stream.recurse().notes:
        if isinstance(el, music21.chord.Chord):
            pitches = [p for p in getattr(el, "pitches", ()) if p is not None]
            if not pitches:
                unpitched += 1  # a PercussionChord holds Unpitched notes only
                continue
            top = max(pitches, key=lambda p: p.midi)
            midi, written = top.midi, _written_name(top)
        elif isinstance(el, music21.note.Note):
            midi, written = el.pitch.midi, _written_name(el.pitch)
        else:
            unpitched += 1  # Unpitched (percussion): no pitch to sing or play against
            continue
        if not 0 <= midi <= 127:
            raise UnusableScore(f"the score has a note outside the MIDI range 0-127 (MIDI {midi})")
        if getattr(el.duration, "isGrace", False) or el.duration.quarterLength <= 0:
            continue
        offset = float(el.getOffsetInHierarchy(part_stream))
        tie = el.tie.type if el.tie is not None else None
        bar = el.measureNumber if el.measureNumber is not None else 1
        events.append([offset, float(el.duration.quarterLength), int(midi), tie, int(bar), written])
    if not events and unpitched:
        raise UnusableScore(
            "the first part is unpitched (percussion); grading needs a part with pitched notes"
        )
    if not events:
        raise UnusableScore("the score has no notes in the part to grade")
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
    for i, (off, dur, midi, _tie, bar, written) in enumerate(merged):
        gap = off - prev_end_ql > 1e-6
        if gap:
            rests.append((to_seconds(prev_end_ql) - t0, to_seconds(off) - to_seconds(prev_end_ql), bar))
        onset = to_seconds(off) - t0
        notes.append(TargetNote(i, midi, round(onset, 4), round(to_seconds(off + dur) - to_seconds(off), 4), bar, gap,
                                written))
        prev_end_ql = off + dur
    if notes[-1].onset_seconds + notes[-1].duration_seconds > MAX_SCORE_SECONDS:
        raise UnusableScore(f"the score lasts more than {MAX_SCORE_SECONDS // 60} minutes at its tempo")
    title = ""
    md = getattr(score, "metadata", None)
    if md is not None and md.title:
        title = str(md.title)
    return Target(tuple(notes), first_bpm, title, tuple(rests))


def _time_map(score, *, tempo_bpm: float | None):
    """A function quarter-length offset -> seconds, and the first tempo in quarter BPM."""
    if tempo_bpm is not None:
        if not math.isfinite(tempo_bpm) or not 10 <= tempo_bpm <= 400:
            raise UnusableScore(f"a tempo of {tempo_bpm:g} BPM is not usable (10-400)")
        spq = 60.0 / tempo_bpm
        return (lambda ql: ql * spq), float(tempo_bpm)
    segments: list[tuple[float, float, float]] = []  # (start ql, end ql, seconds per quarter)
    try:
        for start, end, mark in score.metronomeMarkBoundaries():
            bpm = mark.getQuarterBPM() if mark is not None else None
            if not bpm or not math.isfinite(bpm) or bpm <= 0:
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
