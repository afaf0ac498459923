"""Transcriptions written as a score, looked at as a reader: beams by the beat and bars of the right length.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/transcription_beams.py [--takes 160] [--cache /tmp/takes.json]

Transcribes the synthesised sung takes 0..N-1 (``tests/grading/analysis/sung_takes.py``, as
``transcription.py --synthetic`` does), writes each with ``score_from_json`` to MusicXML (music21's writer,
as the studio, the downloads and the exercise made from a take do), reads it back and counts
``question_audit.beam_faults`` (flagged notes in one beat unbeamed, a beam into the next beat, a 16th with
one beam) and bars longer than the meter. ``--cache`` keeps the transcriptions' JSON, so a second run (or
main's code, with ``PYTHONPATH`` pointing at its checkout) scores the same takes in seconds.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from music21 import converter, stream
from music21.musicxml.m21ToXml import GeneralObjectExporter
from question_audit import beam_faults

from grading.analysis.transcription_files import score_from_json


def transcriptions(count: int, cache: Path | None) -> list[dict]:
    if cache is not None and cache.exists():
        rows = json.loads(cache.read_text(encoding="utf-8"))
        if len(rows) >= count:
            return rows[:count]
    from grading.analysis.transcribe import transcribe
    from tests.grading.analysis.sung_takes import sung_take

    rows = [transcribe(sung_take(seed).audio).to_json(details=True) for seed in range(count)]
    if cache is not None:
        cache.write_text(json.dumps(rows), encoding="utf-8")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--takes", type=int, default=160)
    parser.add_argument("--cache", type=Path, default=None, help="JSON of the transcriptions, read or written")
    parser.add_argument("--show", type=int, default=5, help="takes whose faults are printed")
    args = parser.parse_args()
    with_faults = long_bars = 0
    kinds: Counter[str] = Counter()
    for i, data in enumerate(transcriptions(args.takes, args.cache)):
        xml = GeneralObjectExporter(score_from_json(data)).parse().decode("utf-8")
        part = converter.parseData(xml, format="musicxml").parts[0]
        faults, _ = beam_faults(stream.Score([part]))
        long_bars += any(m.highestTime > m.barDuration.quarterLength + 1e-6
                         for m in part.getElementsByClass(stream.Measure))
        if faults:
            with_faults += 1
            kinds.update(f.split(",")[0] for f in faults)
            if with_faults <= args.show:
                sys.stdout.write(f"take {i} ({data['meter']}): {'; '.join(faults[:3])}\n")
    sys.stdout.write(f"{with_faults} of {args.takes} transcriptions with beam faults ({sum(kinds.values())} faults: "
                     f"{dict(kinds.most_common())}); {long_bars} with a bar longer than its meter\n")
    return 1 if with_faults else 0


if __name__ == "__main__":
    raise SystemExit(main())
