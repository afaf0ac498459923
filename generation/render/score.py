"""music21 scores for drills and accompaniments (music21's camelCase stays in this module).

Every melody note carries the id ``note-<index>`` (its index in the JSON
note list; the second half of a tied note is ``note-<index>-tie``). The ids
survive into MusicXML ``<note id=...>`` and into Verovio's SVG, so a page can
colour note ``i`` by id.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from music21 import chord, clef, harmony, key, metadata, meter, note, stream, tempo, tie
from music21.musicxml import m21ToXml

from music.pitch import spell_letter

from .tracks import Event, Track

if TYPE_CHECKING:
    from music.chord import ChordSpec

    from ..melody.drill import Drill


def note_id(index: int) -> str:
    return f"note-{index}"


def m21_name(name: str) -> str:
    """``"Bb4"`` -> ``"B-4"`` (music21 writes flats as ``-``)."""
    letter, rest = name[0], name[1:]
    return letter + rest.replace("b", "-")


def _clef_for(drill: Drill) -> Any:
    mean = sum(n.midi for n in drill.notes) / max(1, len(drill.notes))
    if drill.params.clef == "bass" or (not drill.params.clef and mean < 55):
        return clef.BassClef()
    if drill.params.clef == "alto":
        return clef.AltoClef()
    if drill.params.clef == "tenor":
        return clef.TenorClef()
    if drill.params.voice == "tenor":
        return clef.Treble8vbClef()
    return clef.TrebleClef()


def _key_signature(drill: Drill) -> Any:
    # A pentatonic key is written with its 宫's signature: the seven-note mode that holds it (D zhi: D mixolydian).
    host = drill.key.host.mode
    mode = {"harmonic-minor": "minor", "melodic-minor": "minor"}.get(host, host)
    return key.Key(m21_name(drill.key.tonic + "0")[:-1], mode)


def chord_symbol_text(spec: ChordSpec) -> str:
    """A lead-sheet symbol for ``spec`` (``"Am"``, ``"G7"``, ``"Bdim"``)."""
    root = spell_letter(spec.root_pc + 60, spec.root_letter)
    assert root is not None, spec  # a chart's root is its letter with at most a double accidental
    shape = tuple((pc - spec.root_pc) % 12 for pc in spec.pcs)
    kinds = {(0, 4, 7): "", (0, 3, 7): "m", (0, 3, 6): "dim", (0, 4, 8): "+", (0, 4, 7, 10): "7",
             (0, 4, 7, 11): "maj7", (0, 3, 7, 10): "m7", (0, 3, 6, 9): "dim7", (0, 3, 6, 10): "m7b5"}
    return root.pc_name + kinds.get(shape, "")


def build_score(drill: Drill, *, backing: list[Track] | None = None,
                chords: list[tuple[Fraction, ChordSpec]] | None = None, title: str = "") -> stream.Score:
    """A score with the melody part first (ids on every note), then one part per notated backing layer."""
    score = stream.Score()
    if title:
        score.insert(0, metadata.Metadata(title=title))
    part = stream.Part(id="melody")
    layers = _layers(backing or [])
    if layers:  # staves that need telling apart; a lone staff's "Melody" label was English on a Chinese page
        part.partName = "Melody"
    part.append(_clef_for(drill))
    part.append(_key_signature(drill))
    part.append(meter.TimeSignature(drill.meter.text))
    beat = note.Note(quarterLength=drill.meter.beat_length).duration
    part.append(tempo.MetronomeMark(number=drill.params.tempo, referent=beat))
    if drill.notes and drill.notes[0].offset > 0:
        # A melody read with a pickup: rests before it keep every note (and chord) on its beat.
        part.append(note.Rest(quarterLength=drill.notes[0].offset))
    for i, n in enumerate(drill.notes):
        name = m21_name(n.name)
        if n.tie_at is not None and 0 < n.tie_at < n.duration:
            first = note.Note(name, quarterLength=n.tie_at)
            second = note.Note(name, quarterLength=n.duration - n.tie_at)
            first.id, second.id = note_id(i), f"{note_id(i)}-tie"
            first.tie, second.tie = tie.Tie("start"), tie.Tie("stop")
            part.append([first, second])
        else:
            m = note.Note(name, quarterLength=n.sounding)
            m.id = note_id(i)
            part.append(m)
            if n.rest:
                start = (n.offset + n.sounding) % drill.meter.bar_length
                part.append([note.Rest(quarterLength=r) for r in drill.meter.rest_pieces(start, n.rest)])
    for offset, spec in chords or []:
        text = chord_symbol_text(spec)
        if len(text) > 1 and text[1] == "b":
            text = text[0] + "-" + text[2:]  # music21 spells a flat root with "-"
        try:
            symbol = harmony.ChordSymbol(text)
        except Exception:  # an unusual chord: leave the symbol out rather than fail the render
            continue
        symbol.writeAsChord = False
        part.insert(float(offset), symbol)
    score.insert(0, part)
    for layer_name, events in layers:
        score.insert(0, _backing_part(layer_name, events, drill))
    return score


def _layers(tracks: list[Track]) -> list[tuple[str, list[list[Event]]]]:
    """Split each notated track into non-overlapping layers of chords (events sharing start and duration)."""
    out: list[tuple[str, list[list[Event]]]] = []
    for track in tracks:
        if not track.notate or track.drums:
            continue
        groups: dict[tuple[Fraction, Fraction], list[Event]] = {}
        for e in track.events:
            groups.setdefault((e.start, e.duration), []).append(e)
        layers: list[list[list[Event]]] = []
        ends: list[Fraction] = []
        for (start, duration), events in sorted(groups.items()):
            for k, end in enumerate(ends):
                if end <= start:
                    layers[k].append(events)
                    ends[k] = start + duration
                    break
            else:
                layers.append([events])
                ends.append(start + duration)
        for k, layer in enumerate(layers[:2]):  # a third layer (rare) is heard but not printed
            out.append((track.name if k == 0 else f"{track.name} {k + 1}", layer))
    return out


def _backing_part(name: str, layer: list[list[Event]], drill: Drill) -> Any:
    part = stream.Part()
    part.partName = name
    lowest = min((e.midi for events in layer for e in events), default=60)
    part.append(clef.BassClef() if lowest < 55 else clef.TrebleClef())
    part.append(_key_signature(drill))
    part.append(meter.TimeSignature(drill.meter.text))
    for events in layer:
        start, duration = events[0].start, events[0].duration
        element: Any
        if len(events) == 1:
            element = note.Note(events[0].midi, quarterLength=duration)
        else:
            element = chord.Chord(sorted({e.midi for e in events}), quarterLength=duration)
        part.insert(float(start), element)
    part.makeRests(fillGaps=True, inPlace=True, timeRangeFromBarDuration=True)
    return part


def musicxml_text(score: stream.Score) -> str:
    exporter = m21ToXml.GeneralObjectExporter(score)
    return exporter.parse().decode("utf-8")
