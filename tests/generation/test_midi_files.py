"""A drill's MIDI file read back by another program (mido for the raw events, music21 as a notation
program reads it) keeps its key with its mode, its meter, its tempo and its notes."""

from __future__ import annotations

from fractions import Fraction

import mido
import pytest

from generation.melody import DrillParams, generate_drill
from generation.render import render_drill

CASES = [
    # (key, mode, meter, mido's key name, music21's tonic and mode, MIDI clocks per metronome click)
    ("F#", "minor", "4/4", "F#m", ("F#", "minor"), 24),
    ("Eb", "major", "3/4", "Eb", ("E-", "major"), 24),
    ("D", "major", "6/8", "D", ("D", "major"), 36),
]


@pytest.fixture(scope="module", params=CASES, ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CASES])
def written(request, tmp_path_factory):
    key, mode, meter, *expected = request.param
    drill = generate_drill(DrillParams.preset(3, key=key, mode=mode, meter=meter, bars=4, tempo=80, seed=2))
    path = render_drill(drill, tmp_path_factory.mktemp("midi"), formats=("midi",))["midi"]
    return drill, path, expected


def test_it_writes_the_key_with_its_mode_the_meter_and_the_tempo(written):
    drill, path, (key_name, _, clicks) = written
    conductor = {m.type: m for m in mido.MidiFile(path).tracks[0]}
    assert conductor["key_signature"].key == key_name
    num, den = (int(x) for x in drill.meter.text.split("/"))
    sig = conductor["time_signature"]
    assert (sig.numerator, sig.denominator, sig.clocks_per_click) == (num, den, clicks)
    # The tempo counts the meter's beat: 80 dotted quarters a minute in 6/8 are 120 quarters.
    qpm = 80 * float(drill.meter.beat_length)
    assert mido.tempo2bpm(conductor["set_tempo"].tempo) == pytest.approx(qpm, abs=0.01)


def test_it_writes_the_melody_first_named_with_its_program_and_every_note_on_its_tick(written):
    drill, path, _ = written
    written = mido.MidiFile(path)
    melody, *others = written.tracks[1:]
    assert melody.name == "Melody" and [t.name for t in others] == ["Metronome"]
    assert [m.program for m in melody if m.type == "program_change"] == [0]
    now, onsets = 0, []
    for message in melody:
        now += message.time
        if message.type == "note_on" and message.velocity:
            onsets.append((now, message.note))
    lead = drill.meter.bar_length  # the count-in bar
    assert onsets == [(round((lead + n.offset) * written.ticks_per_beat), n.midi) for n in drill.notes]


def test_music21_reads_back_the_key_meter_tempo_and_notes(written):
    from music21 import converter, key, meter, tempo

    drill, path, (_, (tonic, mode), _) = written
    part = converter.parse(str(path)).parts[0]
    flat = part.flatten()
    found = flat.getElementsByClass(key.Key).first()
    assert (found.tonic.name, found.mode) == (tonic, mode)
    assert flat.getElementsByClass(meter.TimeSignature).first().ratioString == drill.meter.text
    qpm = 80 * float(drill.meter.beat_length)
    assert flat.getElementsByClass(tempo.MetronomeMark).first().getQuarterBPM() == pytest.approx(qpm, abs=0.01)
    notes = list(flat.notes)
    assert [n.pitch.midi for n in notes] == [n.midi for n in drill.notes]
    first = Fraction(notes[0].offset).limit_denominator(48)
    assert [Fraction(n.offset).limit_denominator(48) - first for n in notes] == [n.offset - drill.notes[0].offset
                                                                                 for n in drill.notes]
