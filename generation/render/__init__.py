"""Renderers: MusicXML, MIDI, JSON note list, SVG, PDF and audio.

:func:`render_drill` takes a drill (and optionally backing tracks and chord
symbols), writes ``<out_dir>/<stem>.<ext>`` for each format asked and returns
``{format: path}``. Free of Django; the PDF and audio formats are slow and
belong in a background task.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from music.midi import write_midi

from .audio import render_audio
from .svg import NARROW_PAGE_WIDTH, write_svg
from .tracks import Event, Track, click_track

if TYPE_CHECKING:
    from music.chord import ChordSpec

    from ..melody.drill import Drill

FORMATS = ("musicxml", "midi", "json", "svg", "svg_narrow", "pdf", "wav", "ogg")
DEFAULT_FORMATS = ("musicxml", "midi", "json", "svg")
MELODY_PROGRAM = 0  # GM acoustic grand piano: clear attacks to sing against
MELODY_VELOCITY = 96


def melody_track(drill: Drill, *, start: Fraction = Fraction(0)) -> Track:
    events = [Event(start + n.offset, n.sounding, n.midi, MELODY_VELOCITY if n.strong else MELODY_VELOCITY - 12)
              for n in drill.notes]
    return Track("Melody", MELODY_PROGRAM, 0, events)


def render_drill(drill: Drill, out_dir: Path, *, formats: tuple[str, ...] = DEFAULT_FORMATS, stem: str = "drill",
                 backing: list[Track] | None = None, chords: list[tuple[Fraction, ChordSpec]] | None = None,
                 count_in_bars: int = 1, skip: Fraction = Fraction(0)) -> dict[str, Path]:
    """Write the formats asked and return their paths (audio adds ``wav_melody``/``wav_backing`` stems).

    ``count_in_bars`` bars of clicks precede the music in MIDI and audio (the
    printed score starts at the music), and go on through the beats before the
    first note in its bar (a pickup's silent beats). ``skip`` quarter lengths of silence
    before the first note (the rests before a pickup) are left out of the
    audio, so that time 0 is the first note, as a grading target counts it;
    MIDI refuses it (the file would start mid-bar).
    The melody is always the first MIDI track, so MIDI files can serve as
    assessment targets.
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"formats: {unknown[0]!r} is not one of {', '.join(FORMATS)}")
    if skip and not (count_in_bars == 0 and drill.notes and 0 < skip <= drill.notes[0].offset):
        raise ValueError("skip: only the silence before the first note can be left out, without a count-in")
    if skip and "midi" in formats:  # a MIDI file would start mid-bar, its bar lines off the score's
        raise ValueError("skip: a MIDI file keeps the bar's silent beats (only audio can start at the first note)")
    out_dir.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    meter = tuple(int(x) for x in drill.meter.text.split("/"))
    qpm = float(drill.params.tempo) * float(drill.meter.beat_length)
    lead = drill.meter.bar_length * count_in_bars - skip
    melody = melody_track(drill, start=lead)
    extra = [t.shifted(lead) for t in backing or []]
    # The count-in goes on through the silent beats of the first note's bar, so a pickup comes in on its beat.
    silent = drill.notes[0].offset % drill.meter.bar_length if drill.notes else Fraction(0)
    clicks = ([click_track(beats_per_bar=drill.meter.beats, beat_length=drill.meter.beat_length, bars=count_in_bars,
                           then=silent)]
              if count_in_bars else [])
    if "json" in formats:
        path = out_dir / f"{stem}.json"
        path.write_text(json.dumps(drill.note_list()))
        out["json"] = path
    if "musicxml" in formats or "svg" in formats or "svg_narrow" in formats:
        # score.py is music21, a second to import: loaded for the first score, never at the web process's start.
        from .score import build_score, musicxml_text

        xml = musicxml_text(build_score(drill, backing=backing, chords=chords))
        if "musicxml" in formats:
            path = out_dir / f"{stem}.musicxml"
            path.write_text(xml)
            out["musicxml"] = path
        if "svg" in formats or "svg_narrow" in formats:
            # The page shows the melody alone: ids there match the JSON note list one to one.
            melody_xml = xml if not backing else musicxml_text(build_score(drill, chords=chords))
            if "svg" in formats:
                out["svg"] = write_svg(melody_xml, out_dir / f"{stem}.svg")
            if "svg_narrow" in formats:  # systems broken for a phone's column, at the same staff size
                out["svg_narrow"] = write_svg(melody_xml, out_dir / f"{stem}-narrow.svg", page_width=NARROW_PAGE_WIDTH)
    if "midi" in formats:
        out["midi"] = write_midi([melody, *extra, *clicks], out_dir / f"{stem}.mid", qpm=qpm,
                                 meter=(meter[0], meter[1]), key=drill.key, beat=drill.meter.beat_length)
    if "pdf" in formats:
        # pdf.py is Abjad (and LilyPond): loaded only by the worker that engraves a PDF.
        from .pdf import write_pdf

        out["pdf"] = write_pdf(drill, out_dir / f"{stem}.pdf")
    audio_formats = tuple(f for f in formats if f in ("wav", "ogg"))
    if audio_formats:
        stems = {"melody": [melody], "backing": [*extra, *clicks]}
        out.update(render_audio(stems, out_dir, stem, qpm=qpm, meter=(meter[0], meter[1]), formats=audio_formats))
    return out
