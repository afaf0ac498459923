"""Accompaniments for a melody: harmonised by an HMM or given as a chord chart, in one of :data:`STYLES`.

Free of Django. :func:`generate_accompaniment` returns the backing tracks
and chord segments; :func:`generation.render.render_drill` renders them with
the melody (count-in, stems and mix in audio).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from grading.analysis.errors import UnusableScore
from music.chord import ChordSpec
from music.errors import MusicError
from music.key import make_key
from music.pitch import parse_pitch, spell_letter
from music.scale import HOST_MODES, MODE_SCALES, MODES
from music.spelling import spell_in_key

from ..melody.drill import Drill, DrillNote
from ..melody.errors import GenerationError, InvalidParams, reading_params
from ..melody.params import MAX_BARS, DrillParams
from ..melody.rhythm import parse_meter
from ..render.tracks import Event, Track
from .harmony import chords_from_chart, harmonize
from .styles import STYLES, StyleContext

__all__ = ["STYLES", "Accompaniment", "cadence_clear_of_rubs", "generate_accompaniment", "hold_last_bar", "melody_from_file", "melody_from_score"]


@dataclass
class Accompaniment:
    """Backing ``tracks`` for ``melody`` over ``chords`` (``[(start quarter length, chord)]``)."""

    melody: Drill
    chords: list[tuple[Fraction, ChordSpec]]
    tracks: list[Track]
    style: str

    def chord_figures(self) -> list[str]:
        return [c.figure for _, c in self.chords]


def generate_accompaniment(melody: Drill, *, style: str = "block", chords: str | None = None,
                           chords_per_bar: int = 1) -> Accompaniment:
    """Play ``melody``'s own chords (a drill made over a progression), else the chart ``chords``, else a harmonisation.

    Every style's notes are cut at their bar line and at the end of the music,
    so no style overruns a bar in any meter. The last bar is struck on its downbeat and held
    (:func:`hold_last_bar`). Over a pickup the melody sounds
    alone and the accompaniment enters on the first downbeat, as an accompanist
    plays it (the pickup bar's chord is still written). Raises
    :class:`InvalidParams` for an unknown style or an unreadable chart.
    """
    if style not in STYLES:
        raise InvalidParams(f"style: {style!r} is not one of {', '.join(STYLES)}")
    if chords:
        segments = chords_from_chart(chords, melody)
    elif any(c is not None for c in melody.chords):
        segments = chords_of_drill(melody)
    else:
        segments = harmonize(melody, chords_per_bar=chords_per_bar)
    ctx = StyleContext(drill=melody, segments=segments, total=melody.total_length)
    entry = melody.meter.bar_length if melody.pickup else Fraction(0)
    tracks = [fit_to_bars(t, melody.meter.bar_length, melody.total_length, entry=entry) for t in STYLES[style](ctx)]
    tracks = [hold_last_bar(t, segments, melody) for t in tracks]
    if style != "drone":  # the drone's tonic and fifth are a pedal, meant to sound under every note
        tracks = [cadence_clear_of_rubs(t, segments, melody) for t in tracks]
    return Accompaniment(melody=melody, chords=segments, tracks=tracks, style=style)


def chords_of_drill(melody: Drill) -> list[tuple[Fraction, ChordSpec]]:
    """The drill's chart, one chord per bar (a bar without one keeps the chord before it)."""
    out: list[tuple[Fraction, ChordSpec]] = []
    for bar, chord in enumerate(melody.chords):
        chord = chord if chord is not None else (out[-1][1] if out else None)
        if chord is not None:
            out.append((melody.meter.bar_length * bar, chord))
    return out


def fit_to_bars(track: Track, bar_length: Fraction, total: Fraction, *, entry: Fraction = Fraction(0)) -> Track:
    """Cut every event at the end of its bar and of the music; drop events that start before ``entry``
    (the first downbeat after a pickup) or after the end."""
    events = []
    for e in track.events:
        if e.start >= total or e.start < entry:
            continue
        bar_end = (e.start // bar_length + 1) * bar_length
        end = min(e.start + e.duration, bar_end, total)
        events.append(Event(e.start, end - e.start, e.midi, e.velocity))
    return Track(track.name, track.program, track.channel, events, track.drums, track.notate)


def hold_last_bar(track: Track, segments: list[tuple[Fraction, ChordSpec]], melody: Drill) -> Track:
    """``track`` with its last bar struck on the downbeat (and at a chord change inside it) and held to the end.

    A pianist ends on the tonic chord, not on a figure running on through the final bar: a broken chord's
    notes there (alberti, arpeggio, the comping's shell) are struck together, a bass line (channel 2, as
    every style writes its bass) holds the chord's root, and drums keep only their hits on the strikes.
    A figure that plays over the tune there (a low tune's, a cello's) plays on as it was: held together with
    the bass under the tune it would straddle it. The metronome (the drone's clicks) keeps counting.
    Events before the last bar are kept.
    """
    total = melody.total_length
    last = total - melody.meter.bar_length
    if last < 0 or (track.drums and track.name == "Metronome"):
        return track
    strikes = sorted({last} | {s for s, _ in segments if last < s < total})
    events = [e for e in track.events if e.start < last]
    tail = [e for e in track.events if e.start >= last]
    for i, at in enumerate(strikes):
        end = strikes[i + 1] if i + 1 < len(strikes) else total
        piece = [e for e in tail if at <= e.start < end]
        if not piece:
            continue
        if track.drums:
            events.extend(e for e in piece if e.start == at)
            continue
        chord = [c for s, c in segments if s <= at][-1] if segments and segments[0][0] <= at else None
        pitches = sorted({e.midi for e in piece})
        in_chord = [m for m in pitches if chord is None or m % 12 in chord.pcs] or pitches
        floor = min((n.midi for n in melody.notes if n.offset < end and at < n.offset + n.sounding), default=None)
        if track.channel != 2 and floor is not None and max(in_chord) > floor:
            events.extend(piece)
            continue
        if track.channel == 2:
            roots = [m for m in in_chord if chord is not None and m % 12 == chord.root_pc]
            in_chord = [(roots or in_chord)[0]]
        velocity = {m: max(e.velocity for e in piece if e.midi == m) for m in in_chord}  # each note as loud as it was
        events.extend(Event(at, end - at, m, velocity[m]) for m in in_chord)
    return Track(track.name, track.program, track.channel, events, track.drums, track.notate)


#: Interval classes (semitones, mod 12) that rub: a minor second, a major seventh, a minor ninth.
RUBS = (1, 11)


def cadence_clear_of_rubs(track: Track, segments: list[tuple[Fraction, ChordSpec]], melody: Drill) -> Track:
    """``track`` without the notes of its cadence (the last two chords: the approach, V or IV, and the tonic) that
    rub a semitone (or a major seventh, a minor ninth) on the tune where one of them is struck on a strong beat.

    The harmoniser must end V-I (or IV-I) whatever the tune sings over V: a tune on le or me there (A-flat over
    C-E-G in F minor), or ti under a bossa's added seventh, is heard against the chord at the very point where the
    key is confirmed. As a pianist does, a struck chord leaves the rubbing tone out where it has others struck with
    it (they carry the chord), but for its lowest note (its bass). A figure's single notes (alberti, arpeggio, a left hand's) keep theirs: another
    note there broke the figure's cycle in the bar before the final (accompaniment_audit.py's meter, Uebersetzung).
    The bass (channel 2, the cadence's root) and drums are kept as they are.
    """
    if track.drums or track.channel == 2 or len(segments) < 2:
        return track
    cadence = segments[-2][0]
    meter = melody.meter

    def on_strong_beat(t: Fraction) -> bool:
        within = t % meter.bar_length
        return within % meter.beat_length == 0 and int(within / meter.beat_length) in meter.strong_beats

    def rubs(e: Event) -> bool:
        """Whether ``e`` rubs on a note of the tune struck on a strong beat while it sounds, or sounding where
        ``e`` is struck on one (a note struck off the beat passes)."""
        end = e.start + e.duration
        return any((n.midi - e.midi) % 12 in RUBS for n in melody.notes
                   if (n.strong and e.start <= n.offset < end)
                   or (on_strong_beat(e.start) and n.offset <= e.start < n.offset + n.sounding))

    onsets: dict[Fraction, list[Event]] = {}
    for e in track.events:
        onsets.setdefault(e.start, []).append(e)
    # The lowest note struck stays: it is the chord's bass where the style has no bass of its own (a final chord
    # without it moved the alberti's bass in parallel octaves with the tune: accompaniment_audit.py's tuning set).
    kept = [e for e in track.events
            if e.start < cadence or not rubs(e) or e.midi == min(o.midi for o in onsets[e.start])
            or all(rubs(o) for o in onsets[e.start] if o is not e)]
    return Track(track.name, track.program, track.channel, kept, track.drums, track.notate)


def melody_from_score(path: str) -> Drill:
    """:func:`melody_from_file` for the score sandbox (``grading.analysis.sandbox.call_limited``), which hands
    back only the analysis core's refusals: a file that is no melody is an ``UnusableScore`` with the reason."""
    try:
        return melody_from_file(Path(path))
    except GenerationError as exc:
        raise UnusableScore(str(exc)) from exc


def pentatonic_mode_of(midis: set[int], tonic_pc: int, *, host: str) -> str | None:
    """The pentatonic mode (gong .. yu) of a melody written in ``host`` that uses exactly its five notes.

    A saved 羽 or 徵 drill is written in its host mode (A minor, D mixolydian) because MusicXML has no
    pentatonic modes; read back as that mode it would be harmonised with a raised leading note or a
    secondary dominant the tune never implies.
    """
    degrees = frozenset((midi - tonic_pc) % 12 for midi in midis)
    if len(degrees) != 5:
        return None
    for mode in ("gong", "shang", "jue", "zhi", "yu"):
        if HOST_MODES[mode] == host and degrees == frozenset(MODES[mode]):
            return mode
    return None


def melody_from_file(path: Path, *, tempo: int | None = None) -> Drill:
    """Read the top line of the first part of a MusicXML or MIDI file as a :class:`Drill`.

    Key from the score's key (analysed when absent), meter from its first time
    signature (4/4 when absent or unsupported), tempo from its first metronome
    mark (90 when absent). Rests are absorbed into the note before them.
    """
    # music21 takes a second to import: loaded when a file is first read, not at the web process's start.
    from music21 import converter, key, meter, note
    from music21 import tempo as m21tempo

    try:
        score = converter.parse(str(path))
    except Exception as exc:
        raise InvalidParams(f"melody: {path} is not a readable MusicXML or MIDI file ({exc.__class__.__name__})") from exc
    parts = list(getattr(score, "parts", [])) or [score]
    part = parts[0]
    flat = part.flatten()
    keys = list(flat.getElementsByClass(key.Key))
    k = keys[0] if keys else score.analyze("key")
    # music21 names the seven-note modes as we do (a pentatonic drill is written in its host mode: D zhi as
    # D mixolydian), "ionian" aside.
    mode = {"ionian": "major"}.get(k.mode, k.mode)
    mode = mode if mode in MODE_SCALES else "major"
    tonic = k.tonic.name.replace("-", "b")
    with reading_params():
        the_key = make_key(tonic, mode)
    sigs = list(flat.getElementsByClass(meter.TimeSignature))
    meter_text = sigs[0].ratioString if sigs else "4/4"
    try:
        m = parse_meter(meter_text)
    except InvalidParams:
        meter_text = "4/4"
        m = parse_meter(meter_text)
    marks = list(flat.getElementsByClass(m21tempo.MetronomeMark))
    qpm = tempo or (marks[0].getQuarterBPM() if marks and marks[0].number else 90.0)
    raw: list[tuple[Fraction, Fraction, int, str]] = []
    for el in flat.notesAndRests:
        off = Fraction(el.offset).limit_denominator(48)
        dur = Fraction(el.quarterLength).limit_denominator(48)
        if dur <= 0:
            continue
        if isinstance(el, note.Rest):
            continue
        pitches = list(el.pitches)
        if not pitches:
            continue
        top = max(pitches, key=lambda p: p.midi)
        if raw and raw[-1][0] == off:
            continue  # a second voice at the same onset: keep the first
        raw.append((off, dur, int(top.midi), top.nameWithOctave.replace("-", "b")))
    if not raw:
        raise InvalidParams(f"melody: {path} holds no notes")
    five_note = pentatonic_mode_of({midi for _, _, midi, _ in raw}, the_key.tonic_pc, host=mode)
    if five_note:
        mode = five_note
        with reading_params():
            the_key = make_key(tonic, mode)
    # Keep the first note where it falls in its bar: a pickup (a short first measure, or a first bar
    # that starts with rests) must not pull every later note a beat early.
    measures = list(part.getElementsByClass("Measure"))
    missing = Fraction(0)  # the beats of the pickup bar before the pickup
    if measures:
        first = measures[0]
        padding = Fraction(first.paddingLeft or 0).limit_denominator(48)
        length = Fraction(first.duration.quarterLength).limit_denominator(48)
        if padding:
            missing = padding
        elif 0 < length < m.bar_length:
            missing = m.bar_length - length
    start0 = raw[0][0] // m.bar_length * m.bar_length - missing
    notes: list[DrillNote] = []
    for i, (off, dur, midi, name) in enumerate(raw):
        nxt = raw[i + 1][0] if i + 1 < len(raw) else off + dur
        dur = max(dur, nxt - off)
        rel = off - start0
        pos = rel % m.bar_length
        strong = pos % m.beat_length == 0 and int(pos / m.beat_length) in m.strong_beats
        try:
            pitch = parse_pitch(name)
        except MusicError:  # a spelling the core does not write (a triple sharp): spell it in the key
            pitch = spell_in_key(midi, the_key)
        notes.append(DrillNote(pitch=pitch, duration=dur, offset=rel, bar=int(rel // m.bar_length), strong=strong,
                               cell=""))
    total = notes[-1].offset + notes[-1].duration
    bars = max(1, int(-(-total // m.bar_length)))
    last = notes[-1]
    pad = bars * m.bar_length - total
    if pad:
        notes[-1] = DrillNote(last.pitch, last.duration + pad, last.offset, last.bar, last.strong, last.cell)
    if bars > MAX_BARS:
        raise InvalidParams(f"melody: {path} has {bars} bars; at most {MAX_BARS} can be accompanied")
    lowest = min(notes, key=lambda n: n.midi).pitch
    highest = max(notes, key=lambda n: n.midi).pitch
    if highest.midi == lowest.midi:
        highest = spell_letter(lowest.midi + 1, (lowest.step + 1) % 7) or spell_in_key(lowest.midi + 1, the_key)
    params = DrillParams(
        key=tonic, mode=mode, meter=meter_text, tempo=max(20, min(300, round(qpm / float(m.beat_length)))),
        bars=bars, low=lowest.name, high=highest.name,
        start_on_tonic=False, end_on_tonic=False, cadences=False, level=3, seed=0,
    )
    return Drill(params=params, key=the_key, meter=m, notes=notes, chords=[None] * bars, windows=[],
                 pickup=m.bar_length - missing if missing else Fraction(0))
