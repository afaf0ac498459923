"""Notation to MusicXML and SVG (Verovio), audio specs to MIDI and sound (FluidSynth).

``render_svg`` keeps the note ids of the notation spec on each ``<g class="note">``
so the page can colour or click notes. One Verovio toolkit serves the process,
behind a lock (the toolkit is not thread-safe); a small question renders in a
few milliseconds.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import tempfile
import threading
from fractions import Fraction
from pathlib import Path
from xml.sax.saxutils import escape

from generation.render.audio import normalise_wav
from generation.render.svg import verovio_toolkit
from generation.render.tracks import Event, Track, click_track
from music.key import Key
from music.midi import midi_bytes as tracks_to_midi
from music.pitch import STEPS, parse_pitch

from .model import AudioSpec, Notation, NoteEvent, Question

#: MusicXML divisions per quarter note (a 32nd note is one division).
DIVISIONS_PER_QUARTER = 8
#: Verovio scale in percent, and the page width in Verovio units (tenths of a staff space).
SVG_SCALE_PERCENT = 40
SVG_PAGE_WIDTH = 2200
HIGHLIGHT_COLOUR = "#d0021b"
#: How much larger than Verovio's own size a question's notation may be drawn: its staff space
#: (7.2 px at scale 40, measured in Chromium) at most 12 px, the part-writing staff's, so a
#: four-chord grand staff no longer fills a desktop card (it was drawn with a 24 px staff space).
DISPLAY_ZOOM_MAX = 1.65
_VIEWBOX = re.compile(r'<svg viewBox="0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)"')
CLEFS = {"treble": ("G", 2), "bass": ("F", 4), "alto": ("C", 3), "tenor": ("C", 4)}
ACCIDENTAL_XML = {-2: "flat-flat", -1: "flat", 0: "natural", 1: "sharp", 2: "double-sharp"}

SOUNDFONT = Path("/usr/share/sounds/sf2/FluidR3_GM.sf2")
SAMPLE_RATE_HZ = 44100
MIDI_TICKS_PER_QUARTER = 480
MIDI_VELOCITY = 90
#: General MIDI drum notes: high wood block for clicks and rhythm, low wood block for the downbeat.
RHYTHM_NOTE = 37  # side stick
FLUIDSYNTH_TIMEOUT_S = 60
DRUM_CHANNEL = 9


class AudioUnavailable(RuntimeError):
    """FluidSynth or the General MIDI soundfont is missing on this machine."""


class RenderError(RuntimeError):
    """Verovio could not read the generated MusicXML (a bug in a generator)."""


# --- MusicXML --------------------------------------------------------------


def _beams(events: tuple[NoteEvent, ...], beat_quarters: float) -> list[list[tuple[int, str]]]:
    """Per event, the MusicXML beams ``(number, state)``: eighths and 16ths beamed within a beat."""
    out: list[list[tuple[int, str]]] = [[] for _ in events]
    onset = 0.0
    groups: list[list[int]] = []
    current: list[int] = []
    current_beat = -1
    for i, e in enumerate(events):
        beat = int(onset // beat_quarters + 1e-9)
        beamable = bool(e.pitches) and e.value in ("eighth", "16th")
        if beamable and beat == current_beat and current:
            current.append(i)
        else:
            if len(current) > 1:
                groups.append(current)
            current = [i] if beamable else []
            current_beat = beat
        onset += e.quarters
        # A group ends where the next note would cross into the next beat.
        if current and abs((onset / beat_quarters) - round(onset / beat_quarters)) < 1e-9:
            if len(current) > 1:
                groups.append(current)
            current = []
            current_beat = -1
    if len(current) > 1:
        groups.append(current)
    for g in groups:
        for j, i in enumerate(g):
            out[i].append((1, "begin" if j == 0 else "end" if j == len(g) - 1 else "continue"))
            if events[i].value == "16th":
                prev16 = j > 0 and events[g[j - 1]].value == "16th"
                next16 = j < len(g) - 1 and events[g[j + 1]].value == "16th"
                state = ("continue" if prev16 and next16 else "end" if prev16 else "begin" if next16
                         else "backward hook" if j > 0 else "forward hook")
                out[i].append((2, state))
    return out


def musicxml(notation: Notation) -> str:
    """A one-part MusicXML document for ``notation`` (accidentals shown as a reader expects).

    With ``notation.lower`` the part has two staves (a grand staff): the lower one in bass clef.
    An event's ``text`` is printed under it (a figure or a Roman numeral).
    """
    key = Key.from_fifths(notation.key_fifths)
    beats, beat_type = notation.time or (4, 4)
    compound = beat_type == 8 and beats % 3 == 0 and beats > 3
    beat_quarters = 1.5 if compound else 4.0 / beat_type if beat_type >= 4 else 1.0
    staves = [notation.measures] if notation.lower is None else [notation.measures, notation.lower]
    clefs = [notation.clef] if notation.lower is None else [notation.clef, "bass"]
    parts = ['<?xml version="1.0" encoding="UTF-8"?><score-partwise version="4.0"><part-list>'
             '<score-part id="P1"><part-name print-object="no"></part-name></score-part></part-list><part id="P1">']
    counter = [0]
    for m_index in range(len(notation.measures)):
        parts.append(f'<measure number="{m_index + 1}">')
        if m_index == 0:
            time_xml = ""
            if notation.time is not None:
                hidden = "" if notation.show_time else ' print-object="no"'
                time_xml = f"<time{hidden}><beats>{beats}</beats><beat-type>{beat_type}</beat-type></time>"
            staves_xml = f"<staves>{len(staves)}</staves>" if len(staves) > 1 else ""
            clef_xml = "".join(
                f'<clef{f" number={chr(34)}{i + 1}{chr(34)}" if len(staves) > 1 else ""}><sign>{CLEFS[c][0]}</sign>'
                f"<line>{CLEFS[c][1]}</line></clef>" for i, c in enumerate(clefs))
            parts.append(f"<attributes><divisions>{DIVISIONS_PER_QUARTER}</divisions><key><fifths>"
                         f"{notation.key_fifths}</fifths></key>{time_xml}{staves_xml}{clef_xml}</attributes>")
        for s_index, measures in enumerate(staves):
            events = measures[m_index] if m_index < len(measures) else ()
            staff = s_index + 1 if len(staves) > 1 else None
            if s_index:
                length = int(round(sum(e.quarters for e in staves[s_index - 1][m_index]) * DIVISIONS_PER_QUARTER))
                parts.append(f"<backup><duration>{length or DIVISIONS_PER_QUARTER * 4}</duration></backup>")
            parts.extend(_events_xml(notation, events, key, beat_quarters, staff, counter))
        parts.append("</measure>")
    parts.append("</part></score-partwise>")
    return "".join(parts)


def _events_xml(notation: Notation, events: tuple[NoteEvent, ...], key: Key, beat_quarters: float,
                staff: int | None, counter: list[int]) -> list[str]:
    """The ``<note>`` elements of one bar on one staff; ``counter`` numbers the note ids across staves."""
    parts: list[str] = []
    staff_xml = f"<staff>{staff}</staff>" if staff else ""
    if not events:
        whole = int(DIVISIONS_PER_QUARTER * 4)
        return [f'<note print-object="no"><rest measure="yes"/><duration>{whole}</duration>{staff_xml}</note>']
    state: dict[tuple[int, int], int] = {}
    beams = _beams(events, beat_quarters)
    for e, e_beams in zip(events, beams, strict=True):
        duration = int(round(e.quarters * DIVISIONS_PER_QUARTER))
        common = f"<duration>{duration}</duration>"
        notations = ""
        if e.tie in ("stop", "both"):
            common += '<tie type="stop"/>'
            notations += '<tied type="stop"/>'
        if e.tie in ("start", "both"):
            common += '<tie type="start"/>'
            notations += '<tied type="start"/>'
        common += f"<type>{e.value}</type>" + "<dot/>" * e.dots
        colour = f' color="{HIGHLIGHT_COLOUR}"' if e.highlight else ""
        def note_colour(c: int, colour: str = colour, e: NoteEvent = e) -> str:
            return f' color="{HIGHLIGHT_COLOUR}"' if c in e.marked else colour
        lyric = (f'<lyric placement="below"><text>{escape(e.text)}</text></lyric>' if e.text else "")
        n = counter[0]
        if not e.pitches:
            parts.append(f'<note id="{notation.id_prefix}-n{n}"{colour}><rest/>{common}{staff_xml}{lyric}</note>')
            counter[0] += 1
            continue
        for c, p in enumerate(e.pitches):
            chord = "<chord/>" if c else ""
            slot = (p.step, p.octave)
            shown = state.get(slot, key.alter_of(p.step))
            accidental = ""
            if p.alter != shown and e.tie not in ("stop", "both"):
                accidental = f"<accidental>{ACCIDENTAL_XML[p.alter]}</accidental>"
            state[slot] = p.alter
            alter = f"<alter>{p.alter}</alter>" if p.alter else ""
            beam_xml = "".join(f'<beam number="{b}">{escape(s)}</beam>' for b, s in e_beams) if not c else ""
            tied = f"<notations>{notations}</notations>" if notations else ""
            parts.append(f'<note id="{notation.id_prefix}-n{counter[0]}"{note_colour(c)}>{chord}<pitch><step>{STEPS[p.step]}'
                         f"</step>{alter}<octave>{p.octave}</octave></pitch>{common}{accidental}{staff_xml}"
                         f"{beam_xml}{tied}{lyric if not c else ''}</note>")
            counter[0] += 1
    return parts


# --- SVG -------------------------------------------------------------------

QUESTION_SVG_OPTIONS = {
    "scale": SVG_SCALE_PERCENT, "pageWidth": SVG_PAGE_WIDTH, "adjustPageWidth": True,
    "adjustPageHeight": True, "svgViewBox": True, "header": "none", "footer": "none",
    "breaks": "none",
    # Small page margins: a question's staff is drawn large on the page, and Verovio's default
    # margins would be most of it.
    "pageMarginTop": 10, "pageMarginBottom": 10, "pageMarginLeft": 10, "pageMarginRight": 10,
}
#: The left margin where staves are braced (a grand staff, a part group): Verovio draws the brace
#: about 44 units left of the system, outside the small margin, where the SVG's box cut it off.
BRACED_MARGIN_LEFT = 50
_BRACED = re.compile(r"<staves>\s*[2-9]|<part-group\b")


def svg_of(notation: Notation) -> str:
    """SVG text of ``notation``; note ids ``<id_prefix>-n<i>`` are kept. Raises ``RenderError``."""
    return svg_from_musicxml(musicxml(notation))


def svg_from_musicxml(xml: str) -> str:
    """SVG text (first page) of a MusicXML document, braces inside its box. Raises ``RenderError``."""
    braced = _BRACED.search(xml) is not None
    tk = verovio_toolkit({**QUESTION_SVG_OPTIONS, "pageMarginLeft": BRACED_MARGIN_LEFT} if braced
                         else QUESTION_SVG_OPTIONS)
    if not tk.loadData(xml):
        raise RenderError("verovio could not read the question's MusicXML")
    return str(tk.renderToSVG(1))


def sized_for_display(svg: str) -> str:
    """``svg`` with a width and height of at most ``DISPLAY_ZOOM_MAX`` times its own size.

    The page's CSS still shrinks it to a narrow column (max-width 100 %); without a width the
    drawing grew to whatever width the card had.
    """
    match = _VIEWBOX.match(svg)
    if match is None:
        return svg
    width, height = (round(float(v) * DISPLAY_ZOOM_MAX) for v in match.groups())
    return f'{match.group(0)} width="{width}" height="{height}"' + svg[match.end():]


def render_svg(question: Question) -> str:
    """The question's notation as SVG text; an empty string for a question without notation.

    A staff-click answer that goes after the notes shown gets an empty bar to be written in.
    """
    if question.notation is None:
        return ""
    notation = question.notation
    if question.staff_slot == "after":
        notation = dataclasses.replace(notation, measures=(*notation.measures, ()))
    return sized_for_display(svg_of(notation))


def answered_svg(question: Question) -> str:
    """The question's notation as asked, for its results: a staff-click question's staff with the right
    answer written in and coloured (the bare staff it asked on shows nothing to look back at); an empty string
    for a question without notation or with only a bare staff (a key signature's name is in the prompt)."""
    notation = question.notation
    if notation is None:
        return ""
    if question.answer_mode == "staff_click":
        notation = _with_answer(notation, question)
    if not any(e.pitches for m in notation.measures for e in m) and not notation.key_fifths:
        return ""
    return sized_for_display(svg_of(notation))


def _with_answer(notation: Notation, question: Question) -> Notation:
    """``notation`` with the staff-click answer placed where the question left room for it: into a gap (a
    scale's missing degree), into the last chord, or after the notes shown."""
    answer = parse_pitch(question.answer)  # a staff-click answer is a note with its octave (``F#4``)
    measures = [list(m) for m in notation.measures]
    for events in measures:
        for i, event in enumerate(events):
            if not event.pitches:
                events[i] = dataclasses.replace(event, pitches=(answer,), highlight=True)
                return dataclasses.replace(notation, measures=tuple(tuple(m) for m in measures))
    last = next((m for m in reversed(measures) if m), None)
    if question.staff_slot == "chord" and last is not None:
        chord = last[-1]
        pitches = tuple(sorted((*chord.pitches, answer), key=lambda p: p.midi))
        last[-1] = dataclasses.replace(chord, pitches=pitches, marked=(pitches.index(answer),))
        return dataclasses.replace(notation, measures=tuple(tuple(m) for m in measures))
    placed = NoteEvent((answer,), highlight=True)
    if last is None:
        return dataclasses.replace(notation, measures=((placed,),))
    return dataclasses.replace(notation, measures=(*notation.measures, (placed,)))


# --- MIDI and audio --------------------------------------------------------


def midi_bytes(spec: AudioSpec) -> bytes:
    """A Standard MIDI File of ``spec`` (count-in clicks on the drum channel first).

    Built as tracks for the drill renderer's MIDI writer, so the project has one.
    """
    tracks: list[Track] = []
    start = Fraction(0)
    if spec.count_in:
        beat = Fraction(spec.count_in_beat).limit_denominator(MIDI_TICKS_PER_QUARTER)
        tracks.append(click_track(beats_per_bar=spec.count_in, beat_length=beat, bars=1))
        start = spec.count_in * beat
    events: list[Event] = []
    for notes, beats in spec.events:
        length = Fraction(beats).limit_denominator(MIDI_TICKS_PER_QUARTER)
        for midi in notes:
            if spec.percussion:
                events.append(Event(start, min(length, Fraction(1, 4)), RHYTHM_NOTE, MIDI_VELOCITY))
            else:
                # A hair short of the full length, so repeated notes re-strike audibly.
                events.append(Event(start, max(length - Fraction(1, 32), Fraction(1, 32)), midi, MIDI_VELOCITY))
        start += length
    tracks.append(Track("Question", spec.program, DRUM_CHANNEL if spec.percussion else 0, events,
                        drums=spec.percussion))
    return tracks_to_midi(tracks, qpm=spec.tempo_qpm)


def render_audio(spec: AudioSpec, path: Path, *, sample_rate_hz: int = SAMPLE_RATE_HZ) -> Path:
    """Render ``spec`` to ``path`` (WAV, FLAC or OGG by suffix) with FluidSynth and the GM soundfont.

    Takes ~0.2-0.5 s: callers cache the file by ``spec.content_hash``. Raises ``AudioUnavailable``
    when FluidSynth or the soundfont is missing, ``RuntimeError`` when FluidSynth fails.
    """
    exe = shutil.which("fluidsynth")
    if exe is None or not SOUNDFONT.exists():
        raise AudioUnavailable("audio: fluidsynth and the GM soundfont (fluid-soundfont-gm) are required")
    file_type = {".wav": "wav", ".flac": "flac", ".ogg": "oga", ".oga": "oga"}.get(path.suffix.lower(), "wav")
    with tempfile.TemporaryDirectory() as tmp:
        midi_path = Path(tmp) / "question.mid"
        midi_path.write_bytes(midi_bytes(spec))
        done = subprocess.run(
            [exe, "-ni", "-q", "-o", "synth.dynamic-sample-loading=1", "-r", str(sample_rate_hz),
             "-T", file_type, "-F", str(path), str(SOUNDFONT), str(midi_path)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=FLUIDSYNTH_TIMEOUT_S, check=False,
        )
    if done.returncode != 0 or not path.exists():
        raise RuntimeError(f"audio: fluidsynth failed: {done.stderr.decode(errors='replace').strip()[:200]}")
    if file_type == "wav":
        normalise_wav(path)  # the loudness of every other practice file
    return path




def cached_audio(spec: AudioSpec, cache_dir: Path, *, suffix: str = ".wav") -> Path:
    """``cache_dir/<spec.content_hash><suffix>``, rendered on first use only.

    The file appears atomically (rendered to a temporary name, then renamed), so two
    workers asking at once at worst render twice and never serve half a file.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / f"{spec.content_hash}{suffix}"
    if path.exists():
        return path
    partial = cache_dir / f".{spec.content_hash}.{threading.get_ident()}{suffix}"
    try:
        render_audio(spec, partial)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path
