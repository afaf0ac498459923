"""Transcriptions written as a score, looked at as a reader: beams by the beat and bars of the right length.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/transcription_beams.py [--takes 160] [--cache /tmp/takes.json]

Transcribes the synthesised sung takes 0..N-1 (``tests/grading/analysis/sung_takes.py``, as
``transcription.py --synthetic`` does), writes each with ``score_from_json`` to MusicXML (music21's writer,
as the studio, the downloads and the exercise made from a take do), reads it back and counts
``question_audit.beam_faults`` (flagged notes in one beat unbeamed, a beam into the next beat, a 16th with
one beam), bars longer than the meter and accidentals drawn that the key signature gives (or missing). ``--cache`` keeps the transcriptions' JSON, so a second run (or
main's code, with ``PYTHONPATH`` pointing at its checkout) scores the same takes in seconds.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

from music21 import converter, stream
from music21.musicxml.m21ToXml import GeneralObjectExporter
from question_audit import beam_faults

from grading.analysis.transcription_files import score_from_json

_SHARP_ORDER = "FCGDAEB"


def accidental_faults(xml: str) -> int:
    """Notes of the MusicXML whose accidental is printed where the key signature and the bar so far give it, or
    left out where they do not (a tied note's continuation excepted): what a reader of the score trips on. Read
    from the file itself (music21 reading it back marks every accidental as shown)."""
    faults = 0
    fifths = 0
    for measure in ElementTree.fromstring(xml.encode("utf-8")).iter("measure"):
        key = measure.find("attributes/key/fifths")
        fifths = int(key.text or 0) if key is not None else fifths
        in_key = {step: (1 if i < fifths else 0) if fifths >= 0 else (-1 if 6 - i < -fifths else 0)
                  for i, step in enumerate(_SHARP_ORDER)}
        state: dict[tuple[str, str], int] = {}
        for n in measure.iter("note"):
            p = n.find("pitch")
            if p is None:
                continue
            step, octave = p.findtext("step", ""), p.findtext("octave", "")
            alter = int(float(p.findtext("alter", "0")))
            given = state.get((step, octave), in_key.get(step, 0))
            shown = n.find("accidental") is not None
            continued = any(t.get("type") == "stop" for t in n.findall("tie"))
            faults += (shown and alter == given) or (not shown and alter != given and not continued)
            state[(step, octave)] = alter
    return faults


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
    with_faults = long_bars = spurious = 0
    kinds: Counter[str] = Counter()
    for i, data in enumerate(transcriptions(args.takes, args.cache)):
        xml = GeneralObjectExporter(score_from_json(data)).parse().decode("utf-8")
        part = converter.parseData(xml, format="musicxml").parts[0]
        faults, _ = beam_faults(stream.Score([part]))
        spurious += accidental_faults(xml) > 0
        long_bars += any(m.highestTime > m.barDuration.quarterLength + 1e-6
                         for m in part.getElementsByClass(stream.Measure))
        if faults:
            with_faults += 1
            kinds.update(f.split(",")[0] for f in faults)
            if with_faults <= args.show:
                sys.stdout.write(f"take {i} ({data['meter']}): {'; '.join(faults[:3])}\n")
    sys.stdout.write(f"{with_faults} of {args.takes} transcriptions with beam faults ({sum(kinds.values())} faults: "
                     f"{dict(kinds.most_common())}); {long_bars} with a bar longer than its meter; {spurious} with an accidental "
                     "drawn that the key gives, or left out\n")
    return 1 if with_faults else 0


if __name__ == "__main__":
    raise SystemExit(main())
