"""Every accompaniment style, audited as a pianist would hear it, on corpus folk tunes and generated drills.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/accompaniment_audit.py [--set tuning|held-out] [--limit 40]
        [--styles block,waltz] [--audio 3] [--verbose]

Melodies: folk tunes from music21's corpus (Essen collection: pickups, minor keys, 2/4, 3/4, 4/4, 6/8; O'Neill's
1850 collection: jigs in 6/8, reels, airs), each written to MusicXML and read back by
``generation.accompaniment.melody_from_file`` as a transcription's is, plus generated drills in 4/4, 3/4 and 6/8.
``--set tuning`` (Essen ``altdeu10``, ``ballad10``, O'Neill ``0001-0050``, drill seeds 0-5) is what the styles
were tuned on; ``--set held-out`` (Essen ``erk10``, ``altdeu20``, O'Neill ``0051-0100``, drill seeds 100-105) is
run once before and once after a change. Each melody is accompanied in every style with the harmoniser's chords
(``generate_accompaniment``). Defects, counted per style (drums and the drone's click left out):

- ``clash``: an accompaniment note struck on a strong beat a minor 2nd, major 7th or minor 9th (or any
  compound of them) from a melody note held over it (begun before the onset and still sounding), per 100 bars;
- ``above``: accompaniment notes sounding above the melody note they sound with, per 100 bars;
- ``mud``: chord onsets with two notes a third or less apart, both under C3 (MIDI 48), per 100 bars;
- ``parallel``: consecutive notes of the bass (the style's bass track, else the lowest note sounding) at a chord change that make parallel
  fifths or octaves with the melody (both lines move, same direction, same perfect interval), per 100 bars;
- ``leap``: a chord voice (struck chords of two or more notes, voice by voice) moving more than an octave, per
  100 bars;
- ``meter``: bars whose figure (notes of the chord in turn) cycles with a period that does not divide the bar
  (a four-eighth figure in 3/4), or, in a compound meter, that cuts across the dotted-quarter beat (a duple
  figure in 6/8), per 100 bars; one chord struck in a rhythm (bossa's 3+3+2 in 4/4) is a rhythm, not judged;
- ``accent``: bars where one track (a pitched one, or the drums' kick) strikes only on beats, the downbeat among
  them, and some but not all of the weak beats: a weak beat struck as if it were strong (rock's guitar and kick on
  3/4's beat 3, heard as a bar of four cut short), per 100 bars; a track struck on every beat, or off the beat too
  (bossa's 3+3+2), is not judged;
- ``pickup``: melodies with a pickup where the accompaniment sounds before the first downbeat (share);
- ``last``: melodies whose last chord is not the tonic, or whose last bar is not struck on its downbeat (and
  at a chord change in it) and held: a figure running on through the final bar (share);
- ``tempo``: melodies whose MIDI file does not carry the asked tempo (share).

``--audio N`` renders the first N melodies of the set in every style with FluidSynth (``render_drill``, WAV
stems) and reports the melody stem's RMS over the backing's, over the tune's span (dB; it must stay over 0 so a
student hears the tune). Writes Markdown to stdout.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import wave
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import numpy as np

from generation.accompaniment import STYLES, Accompaniment, generate_accompaniment, melody_from_file
from generation.melody import DrillParams, generate_drill
from generation.melody.drill import Drill
from generation.render.tracks import Event, Track

SETS = {
    "tuning": {"essen": ("altdeu10", "ballad10"), "oneill": ("0001-0050",), "seeds": range(6)},
    "held-out": {"essen": ("erk10", "altdeu20"), "oneill": ("0051-0100",), "seeds": range(100, 106)},
}
DEFECTS = ("clash", "above", "mud", "parallel", "leap", "meter", "accent", "pickup", "last", "tempo")
PER_BAR = ("clash", "above", "mud", "parallel", "leap", "meter", "accent")
KICK = 36
#: Interval classes that rub: a minor 2nd, its inversion the major 7th, and their compounds (a minor 9th).
RUBS = (1, 11)
MUD_FLOOR = 48  # C3
DRILL_METERS = ("4/4", "3/4", "6/8")


def corpus_melodies(essen: tuple[str, ...], oneill: tuple[str, ...], limit: int, tmp: Path) -> Iterator[tuple[str, Drill]]:
    """Readable one-line corpus tunes, ``limit`` from each collection, as ``melody_from_file`` reads them."""
    from music21 import corpus

    for collection, files in (("essenFolksong", essen), ("oneills1850", oneill)):
        used = 0
        for name in files:
            try:
                scores = corpus.parse(f"{collection}/{name}").scores
            except Exception:  # noqa: BLE001 - a collection music21 cannot read is skipped
                continue
            for k, score in enumerate(scores):
                if used >= limit:
                    break
                path = tmp / f"{collection}-{name}-{k}.musicxml"
                try:
                    score.write("musicxml", fp=str(path))
                    drill = melody_from_file(path)
                except Exception:  # noqa: BLE001 - a tune that cannot be read as a melody is skipped
                    continue
                sigs = score.recurse().getElementsByClass("TimeSignature")
                if len({s.ratioString for s in sigs}) != 1 or drill.meter.text != sigs[0].ratioString:
                    continue  # a meter change, or one the reader turns to 4/4: not this audit's question
                if len(drill.notes) < 8:
                    continue
                used += 1
                yield f"{collection}/{name}#{k} {score.metadata.title if score.metadata else ''}", drill


def drill_melodies(seeds: range) -> Iterator[tuple[str, Drill]]:
    for seed in seeds:
        meter = DRILL_METERS[seed % len(DRILL_METERS)]
        key = ("G", "D", "F", "A")[seed % 4]
        level = 2 + seed % 3
        try:
            drill = generate_drill(DrillParams.preset(level, key=key, bars=8, seed=seed, meter=meter))
        except Exception:  # noqa: BLE001 - a preset the generator refuses is skipped
            continue
        yield f"drill L{level} {key} {meter} seed {seed}", drill


@dataclass
class Tally:
    bars: int = 0
    melodies: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def add(self, defect: str, n: int, where: str) -> None:
        self.counts[defect] += n
        if n:
            self.examples.setdefault(defect, []).append(where)


def pitched(acc: Accompaniment) -> list[Track]:
    return [t for t in acc.tracks if not t.drums]


def _sounding(drill: Drill, t: Fraction) -> list[int]:
    return [n.midi for n in drill.notes if n.offset <= t < n.offset + n.sounding]


def _held_over(drill: Drill, t: Fraction) -> list[int]:
    """Melody notes begun before ``t`` and still sounding there."""
    return [n.midi for n in drill.notes if n.offset < t < n.offset + n.sounding]


def _strong(drill: Drill, t: Fraction) -> bool:
    m = drill.meter
    pos = t % m.bar_length
    return pos % m.beat_length == 0 and int(pos / m.beat_length) in m.strong_beats


def clashes(drill: Drill, events: list[Event]) -> int:
    n = 0
    for e in events:
        if not _strong(drill, e.start):
            continue
        n += any(abs(m - e.midi) % 12 in RUBS for m in _held_over(drill, e.start))
    return n


def above(drill: Drill, events: list[Event]) -> int:
    n = 0
    for e in events:
        sung = [x.midi for x in drill.notes if x.offset < e.start + e.duration and e.start < x.offset + x.sounding]
        n += bool(sung) and e.midi > min(sung)
    return n


def _onsets(track: Track) -> dict[Fraction, list[int]]:
    out: dict[Fraction, list[int]] = {}
    for e in track.events:
        out.setdefault(e.start, []).append(e.midi)
    return {t: sorted(ms) for t, ms in sorted(out.items())}


def mud(tracks: list[Track]) -> int:
    n = 0
    for track in tracks:
        for ms in _onsets(track).values():
            low = [m for m in ms if m < MUD_FLOOR]
            n += any(0 < b - a <= 4 for a, b in zip(low, low[1:], strict=False))
    return n


def leaps(tracks: list[Track]) -> int:
    n = 0
    for track in tracks:
        chords = [ms for ms in _onsets(track).values() if len(ms) >= 2]
        for a, b in zip(chords, chords[1:], strict=False):
            if len(a) == len(b):
                n += any(abs(x - y) > 12 for x, y in zip(a, b, strict=False))
    return n


def parallels(acc: Accompaniment) -> int:
    drill = acc.melody
    # The bass line: the style's bass (channel 2) where it has one, else the lowest note sounding at each onset
    # (a waltz's "pah" chords are not its bass).
    bass_tracks = [t for t in pitched(acc) if t.channel == 2]
    events = [e for t in (bass_tracks or pitched(acc)) for e in t.events]
    lows: dict[Fraction, int] = {}
    for at in sorted({e.start for e in events}):
        lows[at] = min(e.midi for e in events if e.start <= at < e.start + e.duration)
    changes = {start for start, _ in acc.chords}
    n = 0
    bass = sorted(lows.items())
    for (t0, b0), (t1, b1) in zip(bass, bass[1:], strict=False):
        if t1 not in changes:
            continue
        m0, m1 = _sounding(drill, t0), _sounding(drill, t1)
        if not m0 or not m1:
            continue
        a0, a1 = max(m0), max(m1)
        i0, i1 = (a0 - b0) % 12, (a1 - b1) % 12
        moves = (a1 - a0) * (b1 - b0) > 0
        n += moves and i0 == i1 and i0 in (0, 7)
    return n


def _period(figure: list[tuple[Fraction, tuple[int, ...]]], bar: Fraction) -> Fraction:
    """The shortest shift (eighths up to the bar) that maps the bar's figure (onset, pitches as ranks) onto
    itself where both are inside the bar; the bar for a figure that does not repeat."""
    at = dict(figure)
    step = Fraction(1, 2)
    p = step
    while p < bar:
        if all(at.get(t + p) == ranks for t, ranks in figure if t + p < bar) and any(t + p < bar for t, _ in figure):
            return p
        p += step
    return bar


def meter_misfits(acc: Accompaniment) -> tuple[int, int]:
    """Bars (of those with one chord and a full figure) whose figure cuts across the meter, and those bars."""
    drill = acc.melody
    bar = drill.meter.bar_length
    starts = {start for start, _ in acc.chords}
    entry = bar if drill.pickup else Fraction(0)
    last_bar = drill.total_length - bar
    bad = seen = 0
    for track in pitched(acc):
        by_bar: dict[Fraction, list[Event]] = {}
        for e in track.events:
            by_bar.setdefault(e.start // bar * bar, []).append(e)
        for b0, events in by_bar.items():
            if b0 < entry or b0 >= last_bar or any(b0 < s < b0 + bar for s in starts):
                continue
            pitches = sorted({e.midi for e in events})
            onsets: dict[Fraction, list[int]] = {}
            for e in events:
                onsets.setdefault(e.start - b0, []).append(pitches.index(e.midi))
            if len(onsets) < 2 or len({tuple(sorted(r)) for r in onsets.values()}) < 2:
                continue  # one chord struck in a rhythm (bossa's 3+3+2): a rhythm, not a figure to cycle
            seen += 1
            figure = [(t, tuple(sorted(r))) for t, r in sorted(onsets.items())]
            p = _period(figure, bar)
            misfit = bar % p != 0
            if drill.meter.compound and p < bar:
                group = drill.meter.beat_length
                misfit = misfit or (group % p != 0 and p % group != 0)
            bad += misfit
    return bad, seen


def accent_misfits(acc: Accompaniment) -> int:
    """Bars (with one chord, past a pickup, before the last) in which one track strikes on beats only, the downbeat
    and some but not all of the weak beats: a weak beat struck as a strong one."""
    drill = acc.melody
    meter = drill.meter
    bar = meter.bar_length
    starts = {start for start, _ in acc.chords}
    entry = bar if drill.pickup else Fraction(0)
    last_bar = drill.total_length - bar
    weak = {k for k in range(meter.beats) if k not in meter.strong_beats}
    lines = [[e.start for e in t.events] for t in pitched(acc)]
    lines += [[e.start for e in t.events if e.midi == KICK] for t in acc.tracks if t.drums]
    bad = 0
    for onsets in lines:
        by_bar: dict[Fraction, set[Fraction]] = {}
        for t in onsets:
            by_bar.setdefault(t // bar * bar, set()).add(t % bar)
        for b0, within in by_bar.items():
            if b0 < entry or b0 >= last_bar or any(b0 < s < b0 + bar for s in starts):
                continue
            if 0 not in within or any(t % meter.beat_length for t in within):
                continue
            struck = {int(t / meter.beat_length) for t in within} & weak
            bad += bool(struck) and struck != weak
    return bad


def last_bar_defect(acc: Accompaniment) -> bool:
    """The last chord is not the tonic, or the last bar is not struck at its chord changes and held."""
    drill = acc.melody
    bar = drill.meter.bar_length
    last = drill.total_length - bar
    if acc.chords[-1][1].root_pc != drill.key.tonic_pc:
        return True
    strikes = {last} | {s for s, _ in acc.chords if s > last}
    events = [e for t in pitched(acc) for e in t.events if e.start >= last]
    return not events or min(e.start for e in events) != last or any(e.start not in strikes for e in events)


def pickup_defect(acc: Accompaniment) -> bool:
    drill = acc.melody
    if not drill.pickup:
        return False
    first_downbeat = drill.meter.bar_length
    return any(e.start < first_downbeat for t in acc.tracks for e in t.events)


def tempo_defect(acc: Accompaniment, tmp: Path) -> bool:
    import mido

    from generation.render import render_drill

    drill = acc.melody
    out = render_drill(drill, tmp, formats=("midi",), stem="audit", backing=acc.tracks)
    tempos = [msg.tempo for track in mido.MidiFile(str(out["midi"])).tracks for msg in track if msg.type == "set_tempo"]
    qpm = float(drill.params.tempo) * float(drill.meter.beat_length)
    return not tempos or any(abs(mido.tempo2bpm(t) - qpm) > 0.5 for t in tempos)


def audit(melodies: list[tuple[str, Drill]], styles: list[str], tmp: Path, *, verbose: bool) -> dict[str, Tally]:
    tallies = {s: Tally() for s in styles}
    for name, drill in melodies:
        for style in styles:
            acc = generate_accompaniment(drill, style=style)
            tally = tallies[style]
            tally.melodies += 1
            tally.bars += drill.params.bars
            events = [e for t in pitched(acc) for e in t.events]
            if style == "drone":  # the drone's tonic is meant to sound under every note: a pedal, not a clash
                tally.add("clash", 0, name)
            else:
                tally.add("clash", clashes(drill, events), name)
            tally.add("above", above(drill, events), name)
            tally.add("mud", mud(pitched(acc)), name)
            tally.add("parallel", parallels(acc) if style != "drone" else 0, name)
            tally.add("leap", leaps(pitched(acc)), name)
            bad, _ = meter_misfits(acc)
            tally.add("meter", bad, name)
            tally.add("accent", accent_misfits(acc), name)
            tally.add("pickup", int(pickup_defect(acc)), name)
            tally.add("last", int(last_bar_defect(acc)), name)
            tally.add("tempo", int(tempo_defect(acc, tmp)), name)
    return tallies


def _rms(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as w:
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32767.0
        return data.reshape(-1, w.getnchannels())


def balance(melodies: list[tuple[str, Drill]], styles: list[str], tmp: Path) -> dict[str, list[float]]:
    """Melody over backing (dB, RMS over the tune's span) per style, from FluidSynth stems."""
    from generation.render import render_drill

    out: dict[str, list[float]] = {s: [] for s in styles}
    for k, (_, drill) in enumerate(melodies):
        for style in styles:
            acc = generate_accompaniment(drill, style=style)
            files = render_drill(drill, tmp / f"{k}-{style}", formats=("wav",), stem="a", backing=acc.tracks,
                                 count_in_bars=0)
            melody, backing = _rms(files["wav_melody"]), _rms(files["wav_backing"])
            loud = np.flatnonzero(np.abs(melody).max(axis=1) > 1e-3)
            span = slice(int(loud[0]), int(loud[-1]) + 1)
            tune = np.sqrt(np.mean(melody[span] ** 2))
            under = np.sqrt(np.mean(backing[span] ** 2)) if backing.shape[0] > loud[0] else 0.0
            out[style].append(float(20 * np.log10(tune / max(under, 1e-9))))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", choices=list(SETS), default="tuning")
    ap.add_argument("--limit", type=int, default=40, help="tunes from each corpus collection (default 40)")
    ap.add_argument("--styles", default=",".join(STYLES), help="comma-separated styles (default all)")
    ap.add_argument("--audio", type=int, default=0, help="render this many melodies to audio for the balance")
    ap.add_argument("--verbose", action="store_true", help="name the melodies behind each defect")
    a = ap.parse_args()
    styles = [s for s in a.styles.split(",") if s]
    spec = SETS[a.set]
    with tempfile.TemporaryDirectory(prefix="accomp-audit-") as name:
        tmp = Path(name)
        melodies = list(corpus_melodies(spec["essen"], spec["oneill"], a.limit, tmp))  # type: ignore[arg-type]
        melodies += list(drill_melodies(spec["seeds"]))  # type: ignore[arg-type]
        tallies = audit(melodies, styles, tmp, verbose=a.verbose)
        levels = balance(melodies[: a.audio], styles, tmp) if a.audio else {}
    meters = Counter(d.meter.text for _, d in melodies)
    pickups = sum(bool(d.pickup) for _, d in melodies)
    minor = sum(d.key.mode != "major" for _, d in melodies)
    bars = sum(d.params.bars for _, d in melodies)
    lines = [f"# Accompaniment audit ({a.set}): {len(melodies)} melodies, {bars} bars, "
             f"{pickups} with a pickup, {minor} not major; meters "
             + ", ".join(f"{m} {n}" for m, n in sorted(meters.items())), "",
             "| style | " + " | ".join(DEFECTS) + " | total per 100 bars |" + (" melody over backing dB (min / mean) |" if levels else ""),
             "| --- " * (len(DEFECTS) + 2 + bool(levels)) + "|"]
    grand = Counter[str]()
    for style in styles:
        t = tallies[style]
        cells = []
        per100 = 0.0
        for d in DEFECTS:
            if d in PER_BAR:
                v = 100 * t.counts[d] / max(1, t.bars)
                per100 += v
                cells.append(f"{v:.1f}")
            else:
                v = t.counts[d] / max(1, t.melodies)
                per100 += 100 * t.counts[d] / max(1, t.bars)
                cells.append(f"{v:.2f}")
            grand[d] += t.counts[d]
        row = f"| {style} | " + " | ".join(cells) + f" | {per100:.1f} |"
        if levels:
            row += f" {min(levels[style]):.1f} / {sum(levels[style]) / len(levels[style]):.1f} |"
        lines.append(row)
    lines += ["", "Per-bar defects are per 100 bars; pickup, last and tempo are shares of melodies.", ""]
    if a.verbose:
        for style in styles:
            for d, names in tallies[style].examples.items():
                lines.append(f"- {style} {d}: {len(names)} melodies, e.g. {'; '.join(names[:3])}")
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
