"""Every pitch tracker side by side on the same labelled takes; writes a Markdown table.

    .venv/bin/python benchmarks/trackers.py ../shared/eval/dev [--takes 4] [--out benchmarks/trackers.md]

Raw pitch accuracy compares each tracker's frames with ``played_midi`` over
labelled notes (the middle 60 % of each played note), within 50 and 25 cents;
octave errors are frames 11-13 semitones off; voicing is the share of those
frames the tracker called voiced. Verdict accuracy runs the full ``assess``
with that tracker. Real-time factor = audio seconds / analysis seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from grading.analysis import AssessOptions, load_target  # noqa: E402
from grading.analysis.assess import grade, track_pitch  # noqa: E402
from grading.analysis.audio import decode_audio, warm_up  # noqa: E402
from grading.analysis.pitch import HOP_SECONDS  # noqa: E402

TRACKERS = ("yin", "pyin", "crepe-tiny", "crepe-full", "auto")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("set_dir")
    ap.add_argument("--takes", type=int, default=4, help="first N takes (crepe-full runs ~3x slower than real time)")
    ap.add_argument("--trackers", default=",".join(TRACKERS))
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    with open(os.path.join(a.set_dir, "manifest.json")) as fh:
        manifest = json.load(fh)
    takes = manifest["takes"][: a.takes]
    rows = []
    for name in a.trackers.split(","):
        warm_up(tracker=name)
        within50 = within25 = octave = voiced = frames = 0
        verdict_ok = verdicts = 0
        seconds = audio_seconds = 0.0
        for take in takes:
            target = load_target(os.path.join(a.set_dir, take["target"]))
            t0 = time.perf_counter()
            audio = decode_audio(os.path.join(a.set_dir, take["audio"]))
            track = track_pitch(audio.samples, target, tracker=name)
            result = grade(target, audio, track, options=AssessOptions(tracker=name))
            seconds += time.perf_counter() - t0
            audio_seconds += audio.duration_seconds
            midi = track.midi
            for note, got in zip(take["notes"], result.notes, strict=True):
                verdicts += 2
                verdict_ok += (got.pitch == note["pitch"]) + (got.timing == note["timing"])
                if note["played_onset"] is None:
                    continue
                dur = note.get("played_duration") or 0.8 * next(
                    (n["target_onset"] for n in take["notes"] if n["target_onset"] > note["target_onset"]),
                    note["target_onset"] + 0.5) - 0.8 * note["target_onset"]
                lo = int((note["played_onset"] + 0.2 * dur) / HOP_SECONDS)
                hi = int((note["played_onset"] + 0.8 * dur) / HOP_SECONDS)
                m = midi[lo:hi]
                frames += len(m)
                ok = np.isfinite(m)
                voiced += int(ok.sum())
                err = np.abs(m[ok] - note["played_midi"]) * 100
                within50 += int((err < 50).sum())
                within25 += int((err < 25).sum())
                octave += int(((err > 1100) & (err < 1300)).sum())
        rows.append((name, within50 / frames, within25 / frames, octave / frames, voiced / frames,
                     verdict_ok / verdicts, audio_seconds / seconds))
    lines = [f"Takes: {', '.join(t['id'] for t in takes)} ({sum(1 for _ in takes)} takes)", "",
             "| tracker | pitch within 50 c | within 25 c | octave errors | voicing | verdict accuracy | real-time factor |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        lines.append(f"| {r[0]} | {r[1]:.3f} | {r[2]:.3f} | {r[3]:.4f} | {r[4]:.3f} | {r[5]:.3f} | {r[6]:.1f}x |")
    text = "\n".join(lines) + "\n"
    if a.out:
        with open(a.out, "w") as fh:
            fh.write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
