"""Every figure of the assessment in one command: dev, real sight-singing, unheard rooms and voices.

    .venv/bin/python benchmarks/assessment.py [--sets dev,sing,robust] [--ceilings] [--out docs/assessment.md]

- ``dev``: ``../shared/eval/score_assessment.py`` on the 30 synthetic dev takes (its own figures),
  with the takes that got any verdict wrong.
- ``sing``: ``manage.py assess --batch --json --free-tempo --any-key`` on ``../shared/eval/sing-dev``,
  scored exactly as ``../shared/eval/score_singing.py`` scores it (found, pitch within 50 cents after
  one set-wide offset, onset within 100 and 50 ms, verdict against the singer's median key,
  real-time factor), then per take, worst first, and split by the set's two halves. With
  ``--ceilings`` it also measures what the annotations themselves allow (see ``ceilings``).
- ``robust``: ``benchmarks/robustness.py`` (generated takes in rooms, through phones, by voices and
  instruments the dev set lacks), overall and per family and room, with its worst takes.

Writes Markdown to stdout (and ``--out``). Timings are this machine's: run it on a quiet one.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
SING_THRESHOLDS = {"found": 0.97, "pitch_agree": 0.93, "onset_100ms": 0.90, "onset_50ms": 0.80,
                   "verdict_agree": 0.80, "realtime_factor": 100.0}


def verdict(cents: float) -> str:
    """The pitch verdict an annotation implies (score_singing.py's bands: 25 and 50 cents)."""
    c = abs(cents)
    return "ok" if c < 25 else ("wrong" if c >= 50 else ("sharp" if cents > 0 else "flat"))


def run_dev() -> list[str]:
    done = subprocess.run([PYTHON, str(EVAL / "score_assessment.py"), str(EVAL / "dev")], cwd=ROOT,
                          capture_output=True, text=True)
    lines = done.stdout.splitlines()
    takes = [ln for ln in lines if re.match(r"dev\d+ ", ln)]
    bad = [ln for ln in takes if not ln.endswith(" 0 wrong verdicts")]
    out = ["## dev: 30 synthetic takes (score_assessment.py)", "", "```", *lines[-3:], "```", ""]
    if bad:
        out += ["Takes with a wrong verdict:", "", "```", *bad, "```", ""]
    return out


def assess_batch(items: list[dict], flags: list[str]) -> tuple[dict[str, dict], float]:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
        for it in items:
            fh.write(json.dumps(it) + "\n")
    started = time.perf_counter()
    done = subprocess.run([PYTHON, "manage.py", "assess", "--batch", fh.name, "--json", *flags], cwd=ROOT,
                          capture_output=True, text=True)
    wall = time.perf_counter() - started
    os.unlink(fh.name)
    if done.returncode:
        sys.exit(f"assess failed: {done.stderr[-2000:]}")
    results = {}
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            r = json.loads(line)
            results[r.get("id")] = r
    return results, wall


def score_sing(takes: list[dict], results: dict[str, dict]) -> tuple[dict[str, float], list[dict]]:
    """score_singing.py's figures for ``takes``, and one row per take."""
    n = found = on100 = on50 = agree_v = 0
    pairs: list[float] = []
    rows = []
    for t in takes:
        r = results.get(t["id"]) or {}
        got = {x["index"]: x for x in r.get("notes", [])}
        key = statistics.median(x["sung_midi"] - x["score_midi"] for x in t["notes"])
        row = {"id": t["id"], "notes": len(t["notes"]), "found": 0, "on100": 0, "on50": 0, "verdict": 0,
               "pitch": [], "error": r.get("error")}
        for x in t["notes"]:
            n += 1
            g = got.get(x["index"], {})
            if g.get("pitch") in (None, "missed") or g.get("sung_midi") is None:
                continue
            found += 1
            row["found"] += 1
            pairs.append(g["sung_midi"] - x["sung_midi"])
            row["pitch"].append(g["sung_midi"] - x["sung_midi"])
            err = abs(g["onset"] - x["sung_onset"]) if g.get("onset") is not None else 9e9
            on100 += err < 0.1
            on50 += err < 0.05
            row["on100"] += err < 0.1
            row["on50"] += err < 0.05
            same = g["pitch"] == verdict(100 * (x["sung_midi"] - x["score_midi"] - key))
            agree_v += same
            row["verdict"] += same
        rows.append(row)
    bias = statistics.median(pairs) if pairs else 0.0
    for row in rows:
        row["pitch"] = sum(abs(p - bias) < 0.5 for p in row["pitch"])
    figures = {"found": found / n, "pitch_agree": sum(abs(p - bias) < 0.5 for p in pairs) / n,
               "onset_100ms": on100 / n, "onset_50ms": on50 / n, "verdict_agree": agree_v / n}
    return figures, rows


def audio_seconds(paths: list[Path]) -> float:
    import av

    total = 0.0
    for p in paths:
        with av.open(str(p)) as c:
            total += (c.duration or 0) / 1e6
    return total


def run_sing(worst: int, ceilings: bool) -> list[str]:
    d = EVAL / "sing-dev"
    takes = json.loads((d / "manifest.json").read_text())["takes"]
    items = [{"id": t["id"], "target": str(d / t["target"]), "audio": str(d / t["audio"])} for t in takes]
    results, wall = assess_batch(items, ["--free-tempo", "--any-key"])
    figures, rows = score_sing(takes, results)
    analysis = sum(float(r.get("seconds", 0)) for r in results.values())
    audio = audio_seconds([d / t["audio"] for t in takes])
    figures["realtime_factor"] = audio / analysis
    out = ["## sing-dev: 102 real sight-singing takes (scored as score_singing.py scores them)", "",
           f"{len(takes)} takes, {sum(len(t['notes']) for t in takes)} annotated notes, {audio:.0f} s of audio; "
           f"analysis {analysis:.1f} s, whole command {wall:.1f} s.", "",
           "| figure | value | threshold |", "| --- | --- | --- |"]
    out += [f"| {k} | {v:.3f} | {SING_THRESHOLDS[k]} |" for k, v in figures.items()]
    out += ["", "| half | takes | found | pitch | onset 100 ms | onset 50 ms | verdict |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for name, sel in (("v1 (aligned to a score)", lambda t: not t["id"].startswith("v2")),
                      ("v2 (target from the sung notes)", lambda t: t["id"].startswith("v2"))):
        part = [t for t in takes if sel(t)]
        f, _ = score_sing(part, results)
        out.append(f"| {name} | {len(part)} | {f['found']:.3f} | {f['pitch_agree']:.3f} | {f['onset_100ms']:.3f} | "
                   f"{f['onset_50ms']:.3f} | {f['verdict_agree']:.3f} |")
    below = [r for r in rows if r["on100"] < 0.5 * r["notes"]]
    out += ["", f"Takes with fewer than half of their onsets within 100 ms: {len(below)}.", "",
            f"Worst {worst} takes (by onsets within 100 ms):", "",
            "| take | notes | found | pitch | onset 100 ms | onset 50 ms | verdict |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in sorted(rows, key=lambda r: r["on100"] / r["notes"])[:worst]:
        k = r["notes"]
        out.append(f"| {r['id']} | {k} | {r['found'] / k:.2f} | {r['pitch'] / k:.2f} | {r['on100'] / k:.2f} | "
                   f"{r['on50'] / k:.2f} | {r['verdict'] / k:.2f} |" + (f" {r['error']}" if r["error"] else ""))
    out.append("")
    if ceilings:
        out += sing_ceilings(takes)
    return out


def sing_ceilings(takes: list[dict]) -> list[str]:
    """What the annotations allow: each annotated note read by YIN over its own annotated span.

    No alignment or segmentation can do better than its own pitch reading of the very notes the
    annotators marked: pitch agreement and verdict agreement with that oracle are ceilings. Also
    counted: annotated pitches that sit on the 44100/8192 Hz grid of a spectrogram's bins, and
    score-aligned notes whose annotated pitch fits a neighbouring score note and not their own
    (the annotation pairs sung and written notes in order, so one repeated note shifts the rest).
    """
    from grading.analysis.audio import decode_audio
    from grading.analysis.onsets import clean_octaves, voiced_frames
    from grading.analysis.pitch import HOP_SECONDS, yin

    d = EVAL / "sing-dev"
    n = agree = v_agree = on_grid = shifted = 0
    for t in takes:
        x = decode_audio(d / t["audio"]).samples
        track = yin(x, fmin_hz=60.0, fmax_hz=1000.0)
        midi = clean_octaves(np.where(voiced_frames(track), track.midi, np.nan))
        notes = [x for x in t["notes"] if x["sung_offset"] is not None]
        ours = []
        for note in notes:
            seg = midi[int(note["sung_onset"] / HOP_SECONDS) : int(note["sung_offset"] / HOP_SECONDS)]
            seg = seg[np.isfinite(seg)]
            if len(seg):
                c = float(np.median(seg))
                ours.append(float(np.median(c + (seg - c + 6) % 12 - 6)))
            else:
                ours.append(float("nan"))
        key = statistics.median(x["sung_midi"] - x["score_midi"] for x in t["notes"])
        finite = [o - x["score_midi"] for o, x in zip(ours, notes, strict=True) if np.isfinite(o)]
        our_key = statistics.median(finite) if finite else 0.0
        for o, note in zip(ours, notes, strict=True):
            n += 1
            hz = 440.0 * 2 ** ((note["sung_midi"] - 69) / 12)
            on_grid += abs(hz / (44100 / 8192) - round(hz / (44100 / 8192))) < 0.02
            if not np.isfinite(o):
                continue
            agree += abs(o - note["sung_midi"] + 0.22) < 0.5
            v_agree += verdict(100 * (o - note["score_midi"] - our_key)) == \
                verdict(100 * (note["sung_midi"] - note["score_midi"] - key))
        if not t["id"].startswith("v2"):
            score = [x["score_midi"] for x in t["notes"]]
            for i, note in enumerate(t["notes"]):
                own = abs((note["sung_midi"] - key - score[i] + 6) % 12 - 6) < 0.6
                near = any(abs((note["sung_midi"] - key - score[j] + 6) % 12 - 6) < 0.6
                           for j in (i - 1, i + 1) if 0 <= j < len(score))
                shifted += near and not own
    return ["### What the annotations allow", "",
            "Each annotated note read by YIN over its own annotated span (the median of its frames):",
            "", "| | value |", "| --- | --- |",
            f"| pitch agreement of that reading (the ceiling for pitch_agree) | {agree / n:.3f} |",
            f"| verdict agreement of that reading (the ceiling for verdict_agree) | {v_agree / n:.3f} |",
            f"| annotated pitches on the 44100/8192 Hz spectrogram grid | {on_grid / n:.3f} |",
            f"| score-aligned notes whose annotated pitch fits a neighbour's written note, not their own | "
            f"{shifted} |", ""]


def run_robust(takes: int, seed: int, worst: int) -> list[str]:
    done = subprocess.run([PYTHON, "benchmarks/robustness.py", "--takes", str(takes), "--seed", str(seed)],
                          cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"robustness.py failed: {done.stderr[-2000:]}")
    lines = done.stdout.splitlines()
    keep: list[str] = [f"## Unheard takes: benchmarks/robustness.py --takes {takes} --seed {seed}", ""]
    sections = ("| overall", "| family", "| room", "| event")
    i = 0
    while i < len(lines):
        if lines[i].startswith(sections) or lines[i].startswith("| worst takes"):
            block = []
            while i < len(lines) and lines[i].startswith("|"):
                block.append(lines[i])
                i += 1
            if block[0].startswith("| worst takes"):
                block = block[: 2 + worst]
            keep += block + [""]
        elif lines[i].startswith("Seed "):
            keep += [lines[i], ""]
        i += 1
    return keep


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", default="dev,sing,robust")
    ap.add_argument("--ceilings", action="store_true", help="also measure what the sing-dev annotations allow")
    ap.add_argument("--takes", type=int, default=120, help="robustness takes")
    ap.add_argument("--seed", type=int, default=1, help="robustness seed")
    ap.add_argument("--worst", type=int, default=10)
    ap.add_argument("--out", type=Path, default=None)
    a = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    sets = a.sets.split(",")
    out = ["# Assessment benchmark", "",
           f"`.venv/bin/python benchmarks/assessment.py --sets {a.sets}"
           + (" --ceilings" if a.ceilings else "") + "`", ""]
    if "dev" in sets:
        out += run_dev()
    if "sing" in sets and (EVAL / "sing-dev").exists():
        out += run_sing(a.worst, a.ceilings)
    if "robust" in sets:
        out += run_robust(a.takes, a.seed, a.worst)
    text = "\n".join(out)
    sys.stdout.write(text + "\n")
    if a.out:
        a.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
