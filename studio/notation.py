"""An exercise's notation for the studio: Verovio SVG, the SVG id of each target note, bar lines, meter, tempo.

Verovio is loaded by ``generation.render.svg`` when a notation is first drawn;
the result is cached in storage per exercise, score and transposition.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET  # parses our own Verovio output, never user input
from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage

from generation.render.svg import DRILL_OPTIONS, verovio_toolkit
from grading.analysis import AnalysisError, load_target
from grading.analysis.target import MIDI_SUFFIXES, _check_xml, _read_mxl
from grading.models import Exercise
from studio.files import read_json, studio_folder, write_json
from tutor.errors import TutorError

logger = logging.getLogger(__name__)

MAX_TRANSPOSE_SEMITONES = 12


def _score_musicxml(path: Path) -> str:
    """The score as MusicXML text for Verovio: checked as the grader checks it, MIDI converted."""
    data = path.read_bytes()
    if path.suffix.lower() in MIDI_SUFFIXES or data[:4] == b"MThd":
        # music21 takes a second to import: only for a MIDI score, never at the web process's start.
        import music21
        from music21.musicxml.m21ToXml import GeneralObjectExporter

        score = music21.converter.parse(data, format="midi")
        return GeneralObjectExporter(score).parse().decode("utf-8")
    if path.suffix.lower() == ".mxl" or data[:2] == b"PK":
        data = _read_mxl(data)
    _check_xml(data)
    return data.decode("utf-8", errors="replace")


def _meter(musicxml: str) -> tuple[int, int]:
    """(beats, beat type) of the first time signature; 4/4 when there is none."""
    beats = re.search(r"<beats>\s*(\d+)\s*</beats>", musicxml)
    beat_type = re.search(r"<beat-type>\s*(\d+)\s*</beat-type>", musicxml)
    if beats and beat_type and int(beats.group(1)) > 0 and int(beat_type.group(1)) in (1, 2, 4, 8, 16, 32):
        return int(beats.group(1)), int(beat_type.group(1))
    return 4, 4


def _first_staff_note_ids(svg: str) -> set[str]:
    """Ids of the ``g.note`` elements in the first staff of every measure of a Verovio SVG."""
    def classes(el: ET.Element) -> list[str]:
        return (el.get("class") or "").split()

    root = ET.fromstring(svg)
    ids: set[str] = set()
    for measure in root.iter("{http://www.w3.org/2000/svg}g"):
        if "measure" not in classes(measure):
            continue
        staff = next((el for el in measure if "staff" in classes(el)), None)
        if staff is None:
            continue
        ids.update(el.get("id", "") for el in staff.iter("{http://www.w3.org/2000/svg}g") if "note" in classes(el))
    ids.discard("")
    return ids


def notation_map(toolkit: Any, svg: str, target: Any, *, transpose: int = 0) -> tuple[list[str | None], list[float]]:
    """Match each target note (in order) to a Verovio note id, and find where bars start.

    Verovio's timemap lists note onsets in score order with quarter-note stamps;
    only notes of the first staff count, and at each onset the highest one,
    as the grader reads the top line. Returns ``(ids, bar_starts)``: one id (or
    None when no note matches) per target note, and each bar's start in
    quarter notes from the first target note.
    """
    first_staff = _first_staff_note_ids(svg)
    groups: list[tuple[float, str, int]] = []  # (quarter stamp, id, sounding MIDI before transposition)
    bars: list[float] = []
    for entry in toolkit.renderToTimemap({"includeMeasures": True}):
        if entry.get("measureOn"):
            bars.append(float(entry["qstamp"]))
        best: tuple[int, str] | None = None
        for note_id in entry.get("on", []):
            if note_id not in first_staff:
                continue
            midi = int(toolkit.getMIDIValuesForElement(note_id).get("pitch", -1)) - transpose
            if best is None or midi > best[0]:
                best = (midi, note_id)
        if best is not None:
            groups.append((float(entry["qstamp"]), best[1], best[0]))
    ids: list[str | None] = []
    if not groups:
        return [None] * len(target.notes), []
    start_q = groups[0][0]
    quarter_seconds = 60.0 / target.tempo_bpm
    pos = 0
    for note in target.notes:
        expected = start_q + note.onset_seconds / quarter_seconds
        window = [g for g in range(pos, min(len(groups), pos + 6)) if groups[g][2] == note.midi]
        exact = [g for g in window if abs(groups[g][0] - expected) < 0.02]
        pick = exact[0] if exact else (window[0] if window else None)
        if pick is None:
            ids.append(None)
            continue
        ids.append(groups[pick][1])
        pos = pick + 1
    return ids, [b - start_q for b in bars]


def exercise_notation(*, exercise: Exercise, transpose: int = 0) -> dict[str, Any]:
    """The exercise for the studio: Verovio SVG, each target note's SVG id, bars, meter and tempo.

    ``transpose`` (semitones, -12..12) transposes the notation only. Times are
    seconds from the first target note at the graded tempo. Cached in storage
    per exercise, score and transposition.
    """
    if not -MAX_TRANSPOSE_SEMITONES <= transpose <= MAX_TRANSPOSE_SEMITONES:
        raise TutorError("Transpose by at most an octave either way.", field="transpose")
    name = f"{studio_folder(exercise)}/notation{transpose:+d}.json"
    if default_storage.exists(name):
        return dict(read_json(name))
    path = Path(exercise.score.path)
    try:
        target = load_target(path, tempo_bpm=exercise.tempo)
        musicxml = _score_musicxml(path)
        toolkit = verovio_toolkit({
            **DRILL_OPTIONS, "xmlIdSeed": 1, **({"transpose": f"{transpose:+d}"} if transpose else {}),
        })
        if not toolkit.loadData(musicxml):
            raise TutorError("This exercise's score cannot be shown (Verovio could not read it).")
        svg = str(toolkit.renderToSVG(1))
        ids, bar_quarters = notation_map(toolkit, svg, target, transpose=transpose)
    except TutorError:
        raise
    except AnalysisError as exc:
        raise TutorError(f"This exercise's score cannot be shown: {exc}.") from None
    except Exception as exc:  # music21 and Verovio raise many kinds on odd scores: never a 500
        logger.warning("notation of exercise %s failed: %r", exercise.pk, exc)
        raise TutorError(f"This exercise's score cannot be shown ({type(exc).__name__}).") from None
    beats, beat_type = _meter(musicxml)
    quarter_seconds = 60.0 / target.tempo_bpm
    data = {
        "svg": svg,
        "transpose": transpose,
        "tempo": round(target.tempo_bpm, 3),
        "meter": [beats, beat_type],
        "beat_seconds": round(quarter_seconds * 4 / beat_type, 6),
        "duration": round(target.duration_seconds, 4),
        "note_ids": ids,
        "notes": [
            {"index": n.index, "midi": n.midi, "onset": round(n.onset_seconds, 4),
             "duration": round(n.duration_seconds, 4), "bar": n.bar}
            for n in target.notes
        ],
        "bars": [round(q * quarter_seconds, 4) for q in bar_quarters],
    }
    write_json(name, data)
    return data
