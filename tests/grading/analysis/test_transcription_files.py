"""The written score of a transcription: a compound meter with its pickup bar."""

from __future__ import annotations

import pytest

from grading.analysis.meter import estimate_rhythm
from grading.analysis.transcription_files import score_from_json
from tests.grading.analysis.test_meter import JIG, perform


def test_a_six_eight_tune_is_written_with_a_pickup_bar_and_bars_of_six_eighths():
    _, pickup, lengths = JIG
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
