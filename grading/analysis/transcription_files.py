"""A transcription written out: MusicXML (music21), MIDI (the project's writer) and the contract's JSON.

The score is the quantised melody: the estimated key signature, meter and tempo, a
pickup bar where the melody starts before a downbeat (numbered 0, as engravers do),
rests where the singer paused, notes tied over bar lines. music21 is imported
inside, so the web process never loads it.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

from music.key import key_from_label
from music.midi import Event, Track, midi_bytes
from music.pitch import parse_pitch

from .transcribe import Transcription

MELODY_PROGRAM = 0  # GM acoustic grand piano, as the drills' melody
MELODY_VELOCITY = 90


def to_score(result: Transcription, *, title: str = "Transcription") -> Any:
    """A music21 ``Score`` of the quantised melody."""
    return score_from_json(result.to_json(details=True), title=title)


def score_from_json(data: dict, *, title: str = "Transcription") -> Any:
    """A music21 ``Score`` from a transcription's details JSON (``Transcription.to_json(details=True)``,
    corrections included): key, meter, tempo, pickup, and each note's ``pitch``, ``quarter_length``
    and position (quarters from the first downbeat)."""
    from music21 import key as m21key
    from music21 import metadata, meter, note, stream, tempo

    numerator, denominator = (int(x) for x in data["meter"].split("/"))
    bar = 4.0 * numerator / denominator
    pickup = float(data.get("pickup", 0.0))
    # Bar 1 starts at offset ``bar`` when there is a pickup, so the pickup bar is a whole bar to music21.
    lead = bar if pickup > 0 else 0.0
    flat = stream.Part()
    flat.insert(0, meter.TimeSignature(data["meter"]))
    tonic, mode = data["key"].split()
    flat.insert(0, m21key.Key(tonic.replace("b", "-") if len(tonic) > 1 else tonic, mode))
    flat.insert(0, tempo.MetronomeMark(number=round(float(data["tempo"]))))
    for sung, position in zip(data["notes"], data["positions"], strict=True):
        name = sung["pitch"]
        written = note.Note(name[0] + name[1:].replace("b", "-"))
        written.quarterLength = float(sung["quarter_length"] or 0.5)
        flat.insert(position + lead, written)
    part = flat.makeMeasures()
    # Ties first: a note sung across a barline carries its rest into the next bar before the gaps are filled.
    # The other way round the next bar got a rest where the carried note begins, ran a beat long (the later notes
    # written a beat late) and, too long for its meter, was left unbeamed (eighths drawn with flags).
    part.makeTies(inPlace=True)
    part.makeRests(fillGaps=True, inPlace=True, timeRangeFromBarDuration=True)
    measures = list(part.getElementsByClass(stream.Measure))
    if lead and measures:
        _make_pickup(measures[0], missing=bar - pickup)
        for number, measure in enumerate(measures):
            measure.number = number
    for measure in measures:
        _split_at_beats(measure)
        _beam_by_beat(measure)
    part.streamStatus.beams = True  # the MusicXML writer keeps these instead of running makeBeams again
    _accidentals_by_key(measures)
    score = stream.Score()
    score.metadata = metadata.Metadata(title=title)
    score.insert(0, part)
    return score


def midi_from_json(data: dict, *, title: str = "Transcription") -> bytes:
    """A MIDI file of a transcription's details JSON (as :func:`score_from_json` reads it): one "Melody"
    track, the key signature, meter and tempo (quarters per minute). A pickup ends a whole first bar
    that is silent until it (music21's own writer plays the pickup on that bar's downbeat instead)."""
    numerator, denominator = (int(x) for x in data["meter"].split("/"))
    bar = Fraction(4 * numerator, denominator)
    lead = bar if float(data.get("pickup", 0.0)) > 0 else Fraction(0)
    events = []
    for sung, position in zip(data["notes"], data["positions"], strict=True):
        start = Fraction(position).limit_denominator(48) + lead
        length = Fraction(sung["quarter_length"] or 0.5).limit_denominator(48)
        events.append(Event(start, length, parse_pitch(sung["pitch"]).midi, MELODY_VELOCITY))
    melody = Track("Melody", MELODY_PROGRAM, 0, events)
    return midi_bytes([melody], qpm=float(data["tempo"]), meter=(numerator, denominator),
                      key=key_from_label(data["key"]), title=title)


def _make_pickup(measure: Any, *, missing: float) -> None:
    """Turn the first bar into a pickup: drop its leading rests and pad it on the left."""
    from music21 import note

    for rest in list(measure.getElementsByClass(note.Rest)):
        if rest.offset + rest.quarterLength <= missing + 1e-6:
            measure.remove(rest)
    for element in measure.notesAndRests:
        element.offset -= missing
    measure.paddingLeft = missing


def _accidentals_by_key(measures: list[Any]) -> None:
    """Print an accidental exactly where the key signature and the bar so far do not give the note (a natural
    where it cancels one), never on a tied note's continuation, as the quiz notation does.

    The MusicXML writer's own pass (music21's ``makeAccidentals``) printed a sharp on F♯ in E major from the
    second bar on (80 of 160 synthesised takes), and skipped the pass altogether once a note split at a beat
    carried a display of its own (every sharp of B major printed)."""
    from music21 import key, pitch

    signature = None
    for measure in measures:
        signature = measure.keySignature or signature or measure.getContextByClass(key.KeySignature)
        in_bar: dict[tuple[str, int | None], float] = {}
        for n in measure.notes:
            for p in n.pitches:
                by_key = signature.accidentalByStep(p.step) if signature is not None else None
                given = in_bar.get((p.step, p.octave), by_key.alter if by_key is not None else 0.0)
                alter = p.accidental.alter if p.accidental is not None else 0.0
                continued = n.tie is not None and n.tie.type in ("stop", "continue")
                if alter != given and p.accidental is None:
                    p.accidental = pitch.Accidental("natural")
                if p.accidental is not None:
                    p.accidental.displayStatus = alter != given and not continued
                in_bar[(p.step, p.octave)] = alter


def _split_at_beats(measure: Any) -> None:
    """Write each length no single note has (1¼, 2½, 2¾ quarters) as tied notes that show the beat: split at the
    last beat it crosses, again for a part that still has no single note, and by music21 for one within a beat
    (1¼ inside 6/8's dotted-quarter beat: a quarter and a 16th). The MusicXML writer split them itself, after
    beaming, and left the pieces unbeamed (a dotted eighth tied from a 2¾ note beside a 16th, drawn with flags)."""
    from music21 import meter

    ts = measure.timeSignature or measure.getContextByClass(meter.TimeSignature)
    if ts is None:
        return
    start = Fraction(measure.paddingLeft).limit_denominator(48)
    beat = Fraction(ts.beatDuration.quarterLength).limit_denominator(48)
    pending = [n for n in measure.notesAndRests if n.duration.type == "complex"]
    while pending:
        n = pending.pop()
        at = start + Fraction(n.offset).limit_denominator(48)
        end = at + Fraction(n.quarterLength).limit_denominator(48)
        last_beat = (end - 1 / Fraction(48)) // beat * beat  # the last beat that starts inside the note
        if last_beat <= at:
            continue  # within one beat: music21 splits it below
        left, right = n.splitAtQuarterLength(float(last_beat - at))
        measure.insert(float(last_beat - start), right)
        pending += [x for x in (left, right) if x.duration.type == "complex"]
    measure.splitAtDurations(recurse=False)


#: Note types drawn with flags, and how many beams each takes when beamed (an eighth one, a 16th two).
_BEAM_COUNT = {"eighth": 1, "16th": 2, "32nd": 3}


def _beam_by_beat(measure: Any) -> None:
    """Beam one bar as an engraver does: flagged notes that follow each other within one beat of the meter
    (music21's beats: a quarter in 4/4 and 3/4, a dotted quarter in 6/8) share a beam, and none runs into the
    next beat. A 16th's second beam joins the 16ths next to it; a lone one gets a hook towards the note it
    makes a half-beat with (after a dotted eighth it points back, before one forward).

    music21's ``makeBeams`` left a 16th beside a dotted eighth with flags, beamed across the middle of a 4/4 bar
    and, given a bar it could not divide, beamed none of it: 47 of 160 synthesised takes (docs/architecture.md).
    A pickup bar counts from where its notes fall in a whole bar (``paddingLeft``)."""
    from music21 import beam, meter

    ts = measure.timeSignature or measure.getContextByClass(meter.TimeSignature)
    notes = list(measure.notesAndRests)
    for n in notes:
        n.beams = beam.Beams()
    if ts is None:
        return
    start = Fraction(measure.paddingLeft).limit_denominator(48)
    groups: list[list[Any]] = []
    current: list[Any] = []  # flagged notes that follow each other in ``current_beat``
    current_beat = 0
    for n in notes:
        beat = int(ts.getBeat(float(start + Fraction(n.offset).limit_denominator(48))))
        flagged = not n.isRest and n.duration.type in _BEAM_COUNT and not n.duration.tuplets
        if flagged and current and beat == current_beat \
                and abs(current[-1].offset + current[-1].quarterLength - n.offset) < 1e-9:
            current.append(n)
            continue
        if len(current) > 1:
            groups.append(current)
        current, current_beat = ([n] if flagged else []), beat
    if len(current) > 1:
        groups.append(current)
    for group in groups:
        for level in range(1, 4):
            runs: list[list[int]] = []
            for i, n in enumerate(group):
                if _BEAM_COUNT[n.duration.type] >= level:
                    if runs and runs[-1][-1] == i - 1:
                        runs[-1].append(i)
                    else:
                        runs.append([i])
            for run in runs:
                if len(run) == 1:
                    group[run[0]].beams.append("partial", _hook(group, run[0], start))
                    continue
                for j, i in enumerate(run):
                    group[i].beams.append("start" if j == 0 else "stop" if j == len(run) - 1 else "continue")


def _hook(group: list[Any], i: int, start: Fraction) -> str:
    """Which way a lone short note's partial beam points: "right" (forward) or "left" (backward)."""
    if i == 0:
        return "right"
    if i == len(group) - 1:
        return "left"
    # Inside a group: a note that starts an eighth's half looks forward to its other half, else back.
    at = start + Fraction(group[i].offset).limit_denominator(48)
    return "right" if (at * 2).denominator == 1 else "left"


def write_files(result: Transcription, out_dir: Path, *, stem: str, take_id: Any = None) -> dict[str, str]:
    """Write ``stem``.musicxml, .mid and .json into ``out_dir``; return the paths by kind."""
    out_dir.mkdir(parents=True, exist_ok=True)
    score = to_score(result, title=stem)
    paths = {"musicxml": out_dir / f"{stem}.musicxml", "midi": out_dir / f"{stem}.mid",
             "json": out_dir / f"{stem}.json"}
    score.write("musicxml", fp=str(paths["musicxml"]))
    paths["midi"].write_bytes(midi_from_json(result.to_json(details=True), title=stem))
    paths["json"].write_text(json.dumps({"id": take_id, **result.to_json()}, indent=1) + "\n", encoding="utf-8")
    return {kind: str(path) for kind, path in paths.items()}
