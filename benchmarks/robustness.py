"""Takes nobody here has heard: a generated, labelled robustness set, and the grader scored on it.

    .venv/bin/python benchmarks/robustness.py [--takes 120] [--seed 1] [--out DIR] [--only reverb,voice]

Generates ``--takes`` takes deterministically from ``--seed`` (each take depends only on the seed
and its index, so ``--only`` reruns a subset of the same takes) with
``tests/grading/analysis/performers.py``: four voices and nine instruments, dry or reverberant
rooms (RT60 0.3-1.2 s), WAV/FLAC/Opus/AAC/MP3 with or without a phone band, room noise, the
dev set's planted mistakes and harder events (transposed, drifting, skipped, restarted, extra
notes, a pause, a count-in, a long lead-in, free tempo, an octave below). Then runs
``manage.py assess --batch FILE --json`` once per option set (``--any-key`` for transposed and
drifting takes, ``--free-tempo`` for free-tempo ones) and prints Markdown tables: overall; per
family, instrument, room, channel, noise, event (every take carrying it; how many of those carry a
second event is in the row's name) and option set; how verdicts go wrong per room (onset error of
matched notes, missed notes given a pitch, ok notes given a pitch error at a neighbour's pitch);
the verdicts given for each label kind; and the ten worst takes.

``--out DIR`` keeps the set (``manifest.json`` in the dev format plus each take's conditions);
``--reuse`` scores a kept set again without regenerating it; ``--studio`` renders the same
performances dry, as WAV, with quiet room tone, to tell what the acoustics cost from what the
performances cost; ``--capture agc,denoise`` puts the same takes through a phone's or a headset's
capture chain as well (``CAPTURES`` in performers.py: clipped, dc, agc, denoise, bt-msbc,
bt-cvsd, rate8k/22k/44k/48k, stereo-silent, stereo-antiphase, silent-start), each a tag
``--only`` knows in the kept set; ``--jobs 2`` renders in two processes. ``--only`` keeps takes carrying
every listed tag: an instrument (soprano, oboe, ...), a family (voice, woodwind, brass, bowed,
keyboard, plucked), a room (dry, reverb, rt0.3-0.6, rt0.6-0.9, rt0.9-1.2), a channel or its
parts (wav, flac, opus, aac, mp3, m4a, webm, ogg, phone), noisy/quiet (snr10-25/snr35-50), an
event (transposed, drift, skipped, restart, extra, pause, count-in, lead-in, free-tempo,
octave-below), errors/no-errors, clean, any-key.

Figures, as in ``../shared/eval/score_assessment.py``: pitch and timing verdict accuracy over all
target notes; false alarms = notes labelled ok/ok given any other verdict; pitch-error recall over
notes labelled flat/sharp/wrong/missed, timing-error recall over early/late; share of takes with
more than 25 % of notes given a wrong verdict; real-time factor = audio seconds / analysis seconds.
Notes a drifting singer sings between the label bands (``pitch_gray``) count for timing only.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BAD_TAKE_SHARE = 0.25
PITCH_ERRORS = ("flat", "sharp", "wrong", "missed")
TIMING_ERRORS = ("early", "late")


@dataclass
class Scored:
    """One take's labels against the grader's verdicts."""

    take: dict
    result: dict | None  # the grader's JSON line, None when it gave no result
    error: str = ""  # the grader's reason when it gave none
    wrong: list[str] = field(default_factory=list)  # "#i want p/t got p/t"

    @property
    def notes(self) -> int:
        return len(self.take["notes"])


@dataclass
class Figures:
    notes: int = 0
    pitch_n: int = 0
    pitch_ok: int = 0
    timing_ok: int = 0
    ok_total: int = 0
    false_alarms: int = 0
    pitch_errors: int = 0
    pitch_hits: int = 0
    timing_errors: int = 0
    timing_hits: int = 0
    takes: int = 0
    bad_takes: int = 0
    audio_s: float = 0.0
    analysis_s: float = 0.0

    def add(self, s: Scored) -> None:
        self.takes += 1
        self.audio_s += float(s.take["seconds"])
        got = {n["index"]: n for n in (s.result or {}).get("notes", [])}
        self.analysis_s += float((s.result or {}).get("seconds", 0.0))
        for note in s.take["notes"]:
            g = got.get(note["index"], {})
            gp, gt = g.get("pitch"), g.get("timing")
            gray = bool(note.get("pitch_gray"))
            self.notes += 1
            self.timing_ok += gt == note["timing"]
            if not gray:
                self.pitch_n += 1
                self.pitch_ok += gp == note["pitch"]
                if note["pitch"] == "ok" and note["timing"] == "ok":
                    self.ok_total += 1
                    self.false_alarms += gp != "ok" or gt != "ok"
                if note["pitch"] != "ok":
                    self.pitch_errors += 1
                    self.pitch_hits += gp == note["pitch"]
            if note["timing"] in TIMING_ERRORS:
                self.timing_errors += 1
                self.timing_hits += gt == note["timing"]
        self.bad_takes += len(s.wrong) > BAD_TAKE_SHARE * s.notes

    def row(self) -> list[str]:
        def ratio(a: int, b: int) -> str:
            return f"{a / b:.3f}" if b else "-"

        rtf = f"{self.audio_s / self.analysis_s:.0f}x" if self.analysis_s else "-"
        return [str(self.takes), str(self.notes), ratio(self.pitch_ok, self.pitch_n),
                ratio(self.timing_ok, self.notes), ratio(self.false_alarms, self.ok_total),
                ratio(self.pitch_hits, self.pitch_errors), ratio(self.timing_hits, self.timing_errors),
                ratio(self.bad_takes, self.takes), rtf]


@dataclass
class Diagnostics:
    """How verdicts go wrong: onset error of matched notes, missed notes heard, wrong pitches."""

    onset_errors: list[float] = field(default_factory=list)  # grader onset - labelled onset (s)
    missed: int = 0
    missed_heard: int = 0
    false_pitch: int = 0
    false_pitch_at_neighbour: int = 0

    def add(self, s: Scored) -> None:
        got = {n["index"]: n for n in (s.result or {}).get("notes", [])}
        notes = s.take["notes"]
        for i, note in enumerate(notes):
            g = got.get(note["index"])
            if g is None:
                continue
            if note["timing"] == "ok" and note["played_onset"] is not None and g.get("onset") is not None:
                self.onset_errors.append(g["onset"] - note["played_onset"])
            if note["pitch"] == "missed":
                self.missed += 1
                self.missed_heard += g["pitch"] != "missed"
            heard_off = g["pitch"] in ("flat", "sharp", "wrong")
            if note["pitch"] == "ok" and not note.get("pitch_gray") and heard_off:
                self.false_pitch += 1
                near = [notes[j]["played_midi"] for j in (i - 1, i + 1) if 0 <= j < len(notes)]
                self.false_pitch_at_neighbour += any(
                    m is not None and abs((g["sung_midi"] - m + 6) % 12 - 6) < 0.5 for m in near)

    def row(self) -> list[str]:
        e = sorted(self.onset_errors)
        n = max(len(e), 1)
        median = f"{1000 * e[len(e) // 2]:+.0f} ms" if e else "-"
        return [median, f"{sum(x > 0.1 for x in e) / n:.3f}", f"{sum(x < -0.1 for x in e) / n:.3f}",
                f"{self.missed_heard} / {self.missed}", str(self.false_pitch),
                f"{self.false_pitch_at_neighbour}"]


HEADER = ["takes", "notes", "pitch acc", "timing acc", "false alarms", "pitch recall", "timing recall",
          f"takes >{BAD_TAKE_SHARE:.0%} wrong", "RTF"]


def table(title: str, rows: list[tuple[str, Figures]]) -> list[str]:
    lines = [f"| {title} | " + " | ".join(HEADER) + " |", "| --- " * (len(HEADER) + 1) + "|"]
    lines += [f"| {name} | " + " | ".join(f.row()) + " |" for name, f in rows]
    return lines + [""]


def score(take: dict, result: dict | None) -> Scored:
    ok = result is not None and "notes" in result
    s = Scored(take, result if ok else None, "" if ok else str((result or {}).get("error", "missing"))[:80])
    got = {n["index"]: n for n in (s.result or {}).get("notes", [])}
    for note in take["notes"]:
        g = got.get(note["index"], {})
        gp, gt = g.get("pitch"), g.get("timing")
        pitch_bad = gp != note["pitch"] and not note.get("pitch_gray")
        if pitch_bad or gt != note["timing"]:
            s.wrong.append(f"#{note['index']} want {note['pitch']}/{note['timing']} got {gp}/{gt}")
    return s


def generate(seed: int, n: int, out: Path, only: set[str], jobs: int, *, studio: bool = False,
             capture: tuple[str, ...] = ()) -> list[dict]:
    from dataclasses import replace

    from tests.grading.analysis.performers import draw_spec

    specs = [draw_spec(seed, i) for i in range(n)]
    specs = [s for s in specs if only <= s.tags]
    if studio:
        specs = [replace(s, rt60_s=None, channel="wav", snr_db=50.0) for s in specs]
    if capture:
        specs = [replace(s, capture=capture) for s in specs]
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            return list(pool.map(_make, specs, [out] * len(specs)))
    return [_make(s, out) for s in specs]


def _make(spec, out: Path) -> dict:
    from tests.grading.analysis.performers import make_take

    return make_take(spec, out)


def run_grader(takes: list[dict], set_dir: Path, python: str) -> tuple[dict[str, dict], float]:
    """Grade every take with ``manage.py assess --batch``, one batch per option set.

    Returns the results by take id and the commands' wall time (s).
    """
    groups: dict[tuple[bool, bool], list[dict]] = defaultdict(list)
    for t in takes:
        groups[(t["options"]["any_key"], t["options"]["free_tempo"])].append(t)
    results: dict[str, dict] = {}
    wall = 0.0
    for (any_key, free_tempo), items in sorted(groups.items()):
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
            for t in items:
                fh.write(json.dumps({"id": t["id"], "target": str(set_dir / t["target"]),
                                     "audio": str(set_dir / t["audio"])}) + "\n")
            batch = fh.name
        flags = ["--any-key"] * any_key + ["--free-tempo"] * free_tempo
        started = time.perf_counter()
        done = subprocess.run([python, "manage.py", "assess", "--batch", batch, "--json", *flags],
                              cwd=ROOT, capture_output=True, text=True)
        wall += time.perf_counter() - started
        os.unlink(batch)
        if done.returncode != 0:
            sys.stderr.write(done.stderr[-4000:])
            raise SystemExit(f"assess failed with exit status {done.returncode}")
        for line in done.stdout.splitlines():
            if line.strip().startswith("{"):
                r = json.loads(line)
                results[r.get("id")] = r
    return results, wall


def report(scored: list[Scored], wall_s: float, gen_s: float, seed: int) -> list[str]:
    overall = Figures()
    axes: dict[str, dict[str, Figures]] = defaultdict(lambda: defaultdict(Figures))
    kinds: dict[str, Counter] = defaultdict(Counter)
    diagnostics: dict[str, Diagnostics] = defaultdict(Diagnostics)
    paired: Counter = Counter()  # takes of each event that carry a second event too
    for s in scored:
        t = s.take
        overall.add(s)
        opts = "+".join(k for k, v in (("any-key", t["options"]["any_key"]),
                                       ("free-tempo", t["options"]["free_tempo"])) if v) or "plain"
        events = list(t["events"]) or ["errors only" if t["errors"] else "clean"]
        for e in t["events"]:
            paired[e] += len(t["events"]) > 1
        keys = {"instrument": [t["instrument"]], "family": [t["family"]],
                "room": [_room(t)], "channel": [t["channel"]], "noise": [_noise(t)],
                "event": events, "options": [opts]}
        for axis, values in keys.items():
            for v in values:
                axes[axis][v].add(s)
        diagnostics[_room(t)].add(s)
        got = {n["index"]: n for n in (s.result or {}).get("notes", [])}
        for note in t["notes"]:
            g = got.get(note["index"], {})
            if note["pitch"] != "ok" and not note.get("pitch_gray"):
                kinds[note["pitch"]][g.get("pitch")] += 1
            if note["timing"] in TIMING_ERRORS:
                kinds[note["timing"]][g.get("timing")] += 1
            if note["pitch"] == "ok" and note["timing"] == "ok" and not note.get("pitch_gray"):
                kinds["ok/ok"][f"{g.get('pitch')}/{g.get('timing')}"] += 1

    audio = overall.audio_s
    analysis = overall.analysis_s
    lines = [f"Seed {seed}: {overall.takes} takes, {overall.notes} notes, {audio:.0f} s of audio; "
             f"generated in {gen_s:.0f} s; grader {analysis:.1f} s of analysis "
             f"({audio / max(analysis, 1e-9):.0f}x real time), {wall_s:.0f} s for the whole commands "
             f"({audio / max(wall_s, 1e-9):.0f}x).", ""]
    lines += table("overall", [("all", overall)])
    order = {"room": ["dry", "rt0.3-0.6", "rt0.6-0.9", "rt0.9-1.2"], "noise": ["snr35-50", "snr10-25"]}
    for axis in ("family", "instrument", "room", "channel", "noise", "event", "options"):
        names = order.get(axis) or sorted(axes[axis])
        rows = [(n, axes[axis][n]) for n in names if n in axes[axis]]
        if axis == "event":
            rows = [(f"{n} ({paired[n]} with another)" if paired[n] else n, f) for n, f in rows]
        lines += table(axis, rows)
    lines += ["| room | median onset error | ok-timing notes >100 ms late | >100 ms early "
              "| missed notes given a pitch | ok-pitch notes given flat/sharp/wrong "
              "| of those, at a neighbour's pitch |", "| --- " * 7 + "|"]
    lines += [f"| {room} | " + " | ".join(diagnostics[room].row()) + " |"
              for room in order["room"] if room in diagnostics]
    lines += ["", "| label | notes | verdicts |", "| --- | --- | --- |"]
    for kind in ("ok/ok", *PITCH_ERRORS, *TIMING_ERRORS):
        c = kinds.get(kind)
        if c:
            verdicts = ", ".join(f"{k}: {v}" for k, v in c.most_common())
            lines.append(f"| {kind} | {sum(c.values())} | {verdicts} |")
    lines += ["", "| worst takes | instrument | condition | events | wrong / notes | first wrong verdicts |",
              "| --- | --- | --- | --- | --- | --- |"]
    worst = sorted(scored, key=lambda s: (-len(s.wrong) / s.notes, s.take["id"]))[:10]
    for s in worst:
        t = s.take
        first = "; ".join(s.wrong[:3]) if s.result is not None else f"no result: {s.error}"
        lines.append(f"| {t['id']} | {t['instrument']} | {t['condition']} | {','.join(t['events']) or '-'}"
                     f"{' +errors' if t['errors'] else ''} | {len(s.wrong)} / {s.notes} | {first} |")
    return lines + [""]


def _room(t: dict) -> str:
    rt = t["room"]["rt60_s"]
    if rt is None:
        return "dry"
    return "rt0.3-0.6" if rt < 0.6 else ("rt0.6-0.9" if rt < 0.9 else "rt0.9-1.2")


def _noise(t: dict) -> str:
    return "snr10-25" if t["snr_db"] < 30 else "snr35-50"


def generate_and_grade(a: argparse.Namespace, out: Path, only: set[str], generate: Callable[..., list[dict]], name: str) -> list[str]:
    """Make the set (or read it back with ``--reuse``), grade it and return the report's lines.

    ``generate(seed, n, out, only, jobs, studio=...)`` renders the takes and returns their manifest entries.
    """
    started = time.perf_counter()
    if a.reuse:
        if a.out is None:
            raise SystemExit("--reuse needs --out DIR")
        takes = json.loads((out / "manifest.json").read_text())["takes"]
        takes = [t for t in takes if only <= set(t["tags"])]
    else:
        capture = tuple(c.strip() for c in getattr(a, "capture", "").split(",") if c.strip())
        more = {"capture": capture} if capture else {}  # sampled.py's sets take no capture chain
        takes = generate(a.seed, a.takes, out, only, a.jobs, studio=a.studio, **more)
        manifest = {"set": f"{name}-seed{a.seed}" + ("-studio" * a.studio) + "".join(f"-{c}" for c in capture),
                    "seed": a.seed,
                    "only": sorted(only), "takes": takes}
        (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    gen_s = time.perf_counter() - started
    if not takes:
        raise SystemExit("no take matches --only " + a.only)
    results, wall = run_grader(takes, out, a.python)
    scored = [score(t, results.get(t["id"])) for t in takes]
    return report(scored, wall, gen_s, a.seed)


def set_arguments(description: str, *, takes: int) -> argparse.ArgumentParser:
    """The command line a benchmark set of takes shares (this one and ``sampled.py``)."""
    ap = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--takes", type=int, default=takes)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=None,
                    help="keep the set here (default: a temporary directory)")
    ap.add_argument("--reuse", action="store_true", help="score the set already in --out")
    ap.add_argument("--only", default="", help="comma-separated tags every kept take carries")
    ap.add_argument("--studio", action="store_true",
                    help="the same performances, dry, as WAV, with quiet room tone (no acoustics)")
    ap.add_argument("--jobs", type=int, default=1, help="processes that render takes")
    ap.add_argument("--python", default=str(ROOT / ".venv" / "bin" / "python"))
    ap.add_argument("--report", type=Path, default=None, help="also write the Markdown report here")
    return ap


def run_set(a: argparse.Namespace, name: str, generate: Callable[..., list[dict]],
            more_lines: Callable[[Path], list[str]] | None = None) -> None:
    """Make (or reuse) the set in ``--out`` or a temporary folder, grade it and print the report
    (with ``more_lines(out)`` after it), also to ``--report``."""
    only = {x.strip() for x in a.only.split(",") if x.strip()}
    tmp = None
    if a.out is None:
        tmp = tempfile.TemporaryDirectory(prefix=f"{name}-")
        out = Path(tmp.name)
    else:
        out = a.out.resolve()
        out.mkdir(parents=True, exist_ok=True)
    try:
        lines = generate_and_grade(a, out, only, generate, name)
        if more_lines is not None:
            lines += more_lines(out)
        text = "\n".join(lines)
        sys.stdout.write(text + "\n")
        if a.report:
            a.report.write_text(text + "\n")
    finally:
        if tmp is not None:
            tmp.cleanup()


def main() -> None:
    from tests.grading.analysis.performers import CAPTURES

    ap = set_arguments(__doc__ or "", takes=120)
    ap.add_argument("--capture", default="",
                    help="comma-separated capture effects every take goes through, in order: " + ", ".join(CAPTURES))
    a = ap.parse_args()
    unknown = {c.strip() for c in a.capture.split(",") if c.strip()} - set(CAPTURES)
    if unknown:
        raise SystemExit(f"unknown --capture {', '.join(sorted(unknown))}; choose from {', '.join(CAPTURES)}")
    run_set(a, "robustness", generate)


if __name__ == "__main__":
    main()
