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
