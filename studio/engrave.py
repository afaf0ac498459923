"""Engraving an exercise for the studio, without Django: Verovio SVG, each target note's SVG id, bars, meter.

Runs in a limited child process (``grading.analysis.sandbox.call_limited``):
music21's MIDI conversion and Verovio's layout cost time and memory that grow
with the score, and a request must not wait on them unbounded.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # parses our own Verovio output, never user input
from pathlib import Path
from typing import Any

from generation.render.jianpu import DEFAULT_WIDTH, jianpu_from_musicxml, jianpu_svg, with_ids
from generation.render.svg import DRILL_OPTIONS, NARROW_PAGE_WIDTH, verovio_toolkit
from grading.analysis.errors import UnusableScore
from grading.analysis.target import MIDI_SUFFIXES, _check_xml, _read_mxl, load_target, scan_midi

#: Verovio page widths (tenths of a staff space) per layout. "narrow" breaks systems for a phone's
#: ~360 px column at the same staff size as "wide" in a desktop's ~840 px one, so notes never shrink.
LAYOUT_PAGE_WIDTHS = {"wide": DRILL_OPTIONS["pageWidth"], "narrow": NARROW_PAGE_WIDTH}
#: 简谱 line widths (SVG px) per layout. The wide 720 px line shrinks to a third in a phone's ~340 px
#: column (20 px numbers drawn at 8 px); the narrow one wraps sooner, so they stay near 17 px there.
JIANPU_WIDTHS = {"wide": DEFAULT_WIDTH, "narrow": 400}

def score_musicxml(path: Path) -> str:
    """The score as MusicXML text for Verovio: checked as the grader checks it, MIDI converted."""
    data = path.read_bytes()
    if path.suffix.lower() in MIDI_SUFFIXES or data[:4] == b"MThd":
        scan_midi(data)
        import music21
        from music21.musicxml.m21ToXml import GeneralObjectExporter

        score = music21.converter.parse(data, format="midi")
        return GeneralObjectExporter(score).parse().decode("utf-8")
    if path.suffix.lower() == ".mxl" or data[:2] == b"PK":
        data = _read_mxl(data)
    _check_xml(data)
    return data.decode("utf-8", errors="replace")


def meter(musicxml: str) -> tuple[int, int]:
    """(beats, beat type) of the first time signature; 4/4 when there is none."""
    beats = re.search(r"<beats>\s*(\d+)\s*</beats>", musicxml)
    beat_type = re.search(r"<beat-type>\s*(\d+)\s*</beat-type>", musicxml)
    if beats and beat_type and int(beats.group(1)) > 0 and int(beat_type.group(1)) in (1, 2, 4, 8, 16, 32):
        return int(beats.group(1)), int(beat_type.group(1))
    return 4, 4


def key_fifths(musicxml: str) -> int:
    """Sharps (positive) or flats (negative) of the first key signature; 0 when there is none."""
    found = re.search(r"<fifths>\s*(-?\d+)\s*</fifths>", musicxml)
    return int(found.group(1)) if found and -7 <= int(found.group(1)) <= 7 else 0


def first_staff_note_ids(svg: str) -> set[str]:
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
    first_staff = first_staff_note_ids(svg)
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


def engrave(path: str, *, tempo_bpm: float | None, transpose: int, layout: str = "wide") -> dict[str, Any]:
    """The studio's notation data for the score at ``path`` (see ``studio.notation.exercise_notation``).

    Raises ``UnusableScore`` with a reason when the score cannot be read or drawn.
    """
    score = Path(path)
    target = load_target(score, tempo_bpm=tempo_bpm)
    try:
        musicxml = score_musicxml(score)
    except UnusableScore:
        raise
    except Exception as exc:  # music21 raises many kinds on odd scores
        raise UnusableScore(f"the score cannot be converted for display ({type(exc).__name__})") from exc
    toolkit = verovio_toolkit({
        **DRILL_OPTIONS, "pageWidth": LAYOUT_PAGE_WIDTHS[layout], "xmlIdSeed": 1,
        **({"transpose": f"{transpose:+d}"} if transpose else {}),
    })
    if not toolkit.loadData(musicxml):
        raise UnusableScore("Verovio could not read the score")
    svg = str(toolkit.renderToSVG(1))
    ids, bar_quarters = notation_map(toolkit, svg, target, transpose=transpose)
    beats, beat_type = meter(musicxml)
    quarter_seconds = 60.0 / target.tempo_bpm
    return {
        "svg": svg,
        "transpose": transpose,
        "layout": layout,
        "tempo": round(target.tempo_bpm, 3),
        "meter": [beats, beat_type],
        "fifths": key_fifths(musicxml),
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


def engrave_jianpu(path: str, *, note_ids: list[str | None], syllables: bool = False) -> dict[str, str]:
    """The melody of the score at ``path`` in numbered notation (简谱): one SVG per layout of ``JIANPU_WIDTHS``
    (``{"wide": svg, "narrow": svg}``); ``UnusableScore`` when it cannot be drawn."""
    try:
        notes, key, meter_, pickup = jianpu_from_musicxml(score_musicxml(Path(path)))
        notes = with_ids(notes, note_ids)
        return {layout: str(jianpu_svg(notes, key=key, meter=meter_, pickup=pickup, solfege=syllables, width=width))
                for layout, width in JIANPU_WIDTHS.items()}
    except UnusableScore:
        raise
    except Exception as exc:  # music21 raises many kinds on odd scores
        raise UnusableScore(f"the score cannot be shown in numbered notation ({type(exc).__name__})") from exc
