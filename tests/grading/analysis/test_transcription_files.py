"""The written score of a transcription: compound meters with their pickup bars, as MusicXML, MIDI,
staff (Verovio) and 简谱."""

from __future__ import annotations

import pytest

from grading.analysis.meter import estimate_rhythm
from grading.analysis.transcription_files import score_from_json
from tests.grading.analysis.test_meter import JIG, SLIP_JIG, TWELVE_EIGHT, perform


def test_a_six_eight_tune_is_written_with_a_pickup_bar_and_bars_of_six_eighths():
    _, _, pickup, lengths = JIG
    onsets, offsets, _ = perform(lengths, bpm=110.0, drift=0.06, seed=3)
    rhythm = estimate_rhythm(onsets, offsets)
    data = {"key": "D major", "meter": rhythm.meter, "tempo": rhythm.tempo, "pickup": rhythm.pickup,
            "positions": rhythm.positions,
            "notes": [{"pitch": "D4", "quarter_length": ql} for ql in rhythm.quarter_lengths]}
    from music21 import meter, stream

    part = score_from_json(data).parts[0]
    measures = list(part.getElementsByClass(stream.Measure))
    assert [ts.ratioString for ts in part.recurse().getElementsByClass(meter.TimeSignature)] == ["6/8"]
    assert measures[0].number == 0 and measures[0].duration.quarterLength == pytest.approx(pickup)
    # Every bar after the pickup holds six eighths, and the notes come back in order with their lengths.
    assert all(m.duration.quarterLength == pytest.approx(3.0) for m in measures[1:])
    written = [n.quarterLength for n in part.recurse().notes]
    assert written[:-1] == pytest.approx(lengths[:-1])


@pytest.mark.parametrize("tune", [SLIP_JIG, TWELVE_EIGHT], ids=[SLIP_JIG[0], TWELVE_EIGHT[0]])
def test_nine_and_twelve_eight_are_written_and_drawn_with_their_pickup_bar(tune, tmp_path):
    from fractions import Fraction

    from music21 import converter, stream

    from generation.render.jianpu import jianpu_from_musicxml, jianpu_svg
    from generation.render.svg import DRILL_OPTIONS, verovio_toolkit

    _, meter, pickup, lengths = tune
    onsets, offsets, _ = perform(lengths, bpm=100.0, drift=0.05, seed=5)
    rhythm = estimate_rhythm(onsets, offsets)
    assert rhythm.meter == meter
    data = {"key": "G major", "meter": rhythm.meter, "tempo": rhythm.tempo, "pickup": rhythm.pickup,
            "positions": rhythm.positions,
            "notes": [{"pitch": "G4", "quarter_length": ql} for ql in rhythm.quarter_lengths]}
    score = score_from_json(data)
    bar = 4 * int(meter.split("/")[0]) / 8
    musicxml, midi = tmp_path / "tune.musicxml", tmp_path / "tune.mid"
    score.write("musicxml", fp=str(musicxml))
    score.write("midi", fp=str(midi))
    # The MusicXML read back: the meter, a pickup bar 0, full bars after it.
    part = converter.parse(str(musicxml)).parts[0]
    measures = list(part.getElementsByClass(stream.Measure))
    assert measures[0].timeSignature.ratioString == meter
    assert measures[0].number == 0 and measures[0].duration.quarterLength == pytest.approx(pickup)
    assert all(m.duration.quarterLength == pytest.approx(bar) for m in measures[1:])
    # The MIDI holds every note.
    assert len(converter.parse(str(midi)).flatten().notes) == len(lengths)
    # Staff and 简谱 draw it.
    text = musicxml.read_text(encoding="utf-8")
    assert verovio_toolkit({**DRILL_OPTIONS, "xmlIdSeed": 1}).loadData(text)
    notes, key, jianpu_meter, jianpu_pickup = jianpu_from_musicxml(text)
    assert jianpu_meter == tuple(int(x) for x in meter.split("/"))
    assert jianpu_pickup == Fraction(pickup).limit_denominator(8)
    assert f"{jianpu_meter[0]}/{jianpu_meter[1]}" in jianpu_svg(notes, key=key, meter=jianpu_meter, pickup=jianpu_pickup)


def test_a_transcription_s_midi_keeps_its_minor_key_meter_tempo_and_pickup(tmp_path):
    import mido
    from music21 import converter, key, meter, tempo

    from grading.analysis.transcription_files import midi_from_json

    # A 6/8 tune in C sharp minor with a quarter-note pickup (two eighths before the first downbeat).
    sung = [("G#4", 0.5), ("B4", 0.5), ("C#5", 1.0), ("A4", 0.5), ("G#4", 1.5), ("C#5", 3.0)]
    positions = [-1.0, -0.5, 0.0, 1.0, 1.5, 3.0]
    data = {"key": "C# minor", "meter": "6/8", "tempo": 92.0, "pickup": 1.0, "positions": positions,
            "notes": [{"pitch": p, "quarter_length": ql} for p, ql in sung]}
    path = tmp_path / "tune.mid"
    path.write_bytes(midi_from_json(data, title="tune"))

    written = mido.MidiFile(path)
    conductor, melody = written.tracks
    meta = {m.type: m for m in conductor}
    assert meta["key_signature"].key == "C#m"
    assert (meta["time_signature"].numerator, meta["time_signature"].denominator) == (6, 8)
    assert mido.tempo2bpm(meta["set_tempo"].tempo) == pytest.approx(92.0, abs=0.01)
    assert conductor.name == "tune" and melody.name == "Melody"
    # The pickup ends a whole 6/8 bar (three quarters) that is silent until it: the downbeat falls on a bar line.
    now, onsets = 0, []
    for message in melody:
        now += message.time
        if message.type == "note_on" and message.velocity:
            onsets.append(now / written.ticks_per_beat)
    assert onsets == [p + 3.0 for p in positions]

    flat = converter.parse(str(path)).parts[0].flatten()
    found = flat.getElementsByClass(key.Key).first()
    assert (found.tonic.name, found.mode) == ("C#", "minor")
    assert flat.getElementsByClass(meter.TimeSignature).first().ratioString == "6/8"
    assert flat.getElementsByClass(tempo.MetronomeMark).first().getQuarterBPM() == pytest.approx(92.0, abs=0.01)
    assert [(n.pitch.midi, float(n.offset)) for n in flat.notes] == [
        (m, p + 3.0) for m, p in zip([68, 71, 73, 69, 68, 73], positions, strict=True)]


@pytest.mark.parametrize("meter_text, lengths", [
    ("4/4", [1, 1, 1, 2, 0.5, 0.5, 0.5, 0.5, 1, 0.5, 0.5, 4]),  # F4 sung across the first barline
    ("3/4", [1, 1, 1.5, 0.5, 0.5, 0.5, 0.5, 0.5, 3]),  # a dotted quarter across the barline
    ("6/8", [1.5, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 3]),  # a quarter across the barline, then eighths
])
def test_a_note_sung_across_a_barline_is_tied_and_the_next_bar_s_eighths_are_beamed_by_the_beat(meter_text, lengths):
    """The written bar after a held note holds its tied end, not a rest the notes were pushed behind: that bar ran
    a beat long, and music21 left a bar too long for its meter unbeamed (eighths drawn with flags in 4/4)."""
    from music21 import converter, stream
    from music21.musicxml.m21ToXml import GeneralObjectExporter

    positions = [sum(lengths[:i]) for i in range(len(lengths))]
    data = {"key": "C major", "meter": meter_text, "tempo": 90, "pickup": 0.0, "positions": positions,
            "notes": [{"pitch": "E4", "quarter_length": ql} for ql in lengths]}
    xml = GeneralObjectExporter(score_from_json(data)).parse().decode("utf-8")
    part = converter.parseData(xml, format="musicxml").parts[0]
    measures = list(part.getElementsByClass(stream.Measure))
    bar = measures[0].barDuration.quarterLength
    assert all(m.highestTime == pytest.approx(bar) for m in measures)
    assert not measures[1].notesAndRests[0].isRest and measures[1].notesAndRests[0].tie.type == "stop"
    ts = measures[0].timeSignature
    for m in measures:
        notes = list(m.notesAndRests)
        for a, b in zip(notes, notes[1:], strict=False):
            pair = all(not x.isRest and x.duration.type == "eighth" for x in (a, b))
            if pair and int(ts.getBeat(a.offset)) == int(ts.getBeat(b.offset)):
                assert a.beams.getByNumber(1) is not None, (m.number, a.offset)


def _written_beams(data: dict) -> list[list[tuple[float, str, int, list[tuple[int, str]]]]]:
    """Per bar, each note's (offset, type, dots, [(beam number, MusicXML beam state)]) as the MusicXML file has them."""
    from music21 import converter, stream
    from music21.musicxml.m21ToXml import GeneralObjectExporter

    xml = GeneralObjectExporter(score_from_json(data)).parse().decode("utf-8")
    part = converter.parseData(xml, format="musicxml").parts[0]
    return [[(float(n.offset), n.duration.type, n.duration.dots,
              [(b.number, b.type if b.type != "partial" else f"{b.direction} hook") for b in n.beams])
             for n in m.notesAndRests] for m in part.getElementsByClass(stream.Measure)]


@pytest.mark.parametrize("meter_text, lengths, expected", [
    # Bars of synthesised takes' transcriptions that music21 wrote wrong. A length no single note has (2¾ quarters)
    # was split by the MusicXML writer after beaming: take 34's bar 6, a dotted quarter, a quarter and a 16th tied,
    # then a 16th, the two 16ths left with flags.
    ("6/8", [2.75, 0.25], [[], [], [(1, "start"), (2, "start")], [(1, "stop"), (2, "stop")]]),
    # Take 37, bar 4: 2½ quarters (a half tied to an eighth) in 3/4, then two 16ths, all three in beat 3.
    ("3/4", [2.5, 0.25, 0.25], [[], [(1, "start")], [(1, "continue"), (2, "start")], [(1, "stop"), (2, "stop")]]),
    # Take 3, bar 10: 1¼ quarters (a quarter tied to a 16th), then a dotted eighth: a Scotch snap on beat 2.
    ("3/4", [1.25, 0.75, 1], [[], [(1, "start"), (2, "right hook")], [(1, "stop")], []]),
    # Take 5, bar 6: eighths from the "and" of 2 were beamed across the middle of the 4/4 bar.
    ("4/4", [0.75, 0.75, 0.5, 0.5, 0.5, 1], [[(1, "start")], [(1, "stop")], [], [(1, "start")], [(1, "stop")], []]),
    # A dotted eighth, a 16th and an eighth in one dotted-quarter beat: the 16th's hook points back to the
    # dotted eighth it makes a quarter with (music21 pointed it forward).
    ("6/8", [1.5, 0.75, 0.25, 0.5], [[], [(1, "start")], [(1, "continue"), (2, "left hook")], [(1, "stop")]]),
])
def test_a_transcription_s_flagged_notes_are_beamed_by_the_beat(meter_text, lengths, expected):
    """Eighths and 16ths in one beat share a beam, a lone 16th beside a longer note gets its hook, and no beam
    runs into the next beat: what music21's own beaming missed in 47 of 160 synthesised takes' transcriptions."""
    positions = [sum(lengths[:i]) for i in range(len(lengths))]
    data = {"key": "C major", "meter": meter_text, "tempo": 90, "pickup": 0.0, "positions": positions,
            "notes": [{"pitch": "E4", "quarter_length": ql} for ql in lengths]}
    assert [beams for *_, beams in _written_beams(data)[0]] == expected


def test_a_pickup_is_beamed_by_where_its_notes_fall_in_the_bar():
    """Two eighths before the downbeat of 3/4 are the third beat's: one beam between them, none into bar 1."""
    data = {"key": "C major", "meter": "3/4", "tempo": 90, "pickup": 1.0, "positions": [-1.0, -0.5, 0.0, 0.5, 1.0],
            "notes": [{"pitch": "E4", "quarter_length": ql} for ql in (0.5, 0.5, 0.5, 0.5, 2.0)]}
    bars = _written_beams(data)
    assert [beams for *_, beams in bars[0]] == [[(1, "start")], [(1, "stop")]]
    assert [beams for *_, beams in bars[1]] == [[(1, "start")], [(1, "stop")], []]


def _printed_accidentals(data: dict) -> list[list[tuple[str, str | None]]]:
    """Per bar, each note's pitch and the accidental the MusicXML prints for it (None: none)."""
    import re as regex

    from music21.musicxml.m21ToXml import GeneralObjectExporter

    xml = GeneralObjectExporter(score_from_json(data)).parse().decode("utf-8")
    bars = []
    for bar in regex.findall(r"<measure.*?</measure>", xml, regex.S):
        notes = []
        for n in regex.findall(r"<note.*?</note>", bar, regex.S):
            step = regex.search(r"<step>(\w)</step>", n)
            if step:
                alter = regex.search(r"<alter>(-?\d)</alter>", n)
                shown = regex.search(r"<accidental>([\w-]+)</accidental>", n)
                notes.append((step[1] + (alter[1] if alter else ""), shown[1] if shown else None))
        bars.append(notes)
    return bars


def test_a_transcription_prints_only_the_accidentals_its_key_does_not_give():
    """E major's F♯ came out with a sharp from the second bar on (80 of 160 synthesised takes); an F natural
    needs its natural, and the next F♯ in that bar its sharp again."""
    pitches = ["E5", "F#5", "G#5", "A5", "F#5", "F5", "F#5", "E5"]
    lengths = [1, 1, 1, 1, 1, 1, 1, 1]
    data = {"key": "E major", "meter": "4/4", "tempo": 90, "pickup": 0.0, "positions": [float(i) for i in range(8)],
            "notes": [{"pitch": p, "quarter_length": ql} for p, ql in zip(pitches, lengths, strict=True)]}
    assert _printed_accidentals(data) == [[("E", None), ("F1", None), ("G1", None), ("A", None)],
                                          [("F1", None), ("F0", "natural"), ("F1", "sharp"), ("E", None)]]


def test_a_note_split_at_the_beat_does_not_print_the_key_s_sharps_everywhere():
    """A 2¾-quarter C♯ in B major, written as tied notes, left every sharp of the key printed (take 34)."""
    data = {"key": "B major", "meter": "6/8", "tempo": 90, "pickup": 0.0, "positions": [0.0, 2.75, 3.0, 3.5],
            "notes": [{"pitch": p, "quarter_length": ql} for p, ql in
                      (("C#5", 2.75), ("D#5", 0.25), ("F#5", 0.5), ("B4", 2.5))]}
    assert all(shown is None for bar in _printed_accidentals(data) for _, shown in bar)
