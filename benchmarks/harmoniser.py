"""The harmoniser on corpus melodies it was never tuned on, against the chords their composers wrote.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/harmoniser.py [--skip 40] [--limit 60]

For each Bach chorale in music21's corpus (the soprano as the melody, the score's key and meter, its
pickup bar) ``generation.accompaniment.harmony.suggest_chords`` chooses one chord per bar. Figures:

- ``held``: the share of strong-beat melody notes (beat 1, and beat 3 in 4/4) whose pitch class is in
  the suggested chord of their bar (the target is 0.85);
- ``Bach, one chord per bar``: the same share for Bach's own chord on each bar's downbeat, held
  through the bar (the chordified four parts): what a one-chord-per-bar reading of the real
  harmony achieves on the same notes;
- ``same root``: how often the suggested chord's root is the root of Bach's downbeat chord.

The harmoniser's weights are hand-set (``harmony.py``). The strong-beat weight (3) was checked on
the first 40 readable chorales (1.5 gave 0.81 there, 3 gave 0.86-0.87, 6 gave 0.87), so the default
``--skip 40`` reports the chorales after them, held out.
Writes Markdown to stdout.
"""

from __future__ import annotations

import argparse
import sys
from fractions import Fraction

from generation.accompaniment.harmony import MelodyNote, suggest_chords
from music.key import Key


def chorale_melody(score) -> tuple[list[MelodyNote], Key, Fraction, Fraction, list] | None:
    """The soprano of ``score`` as harmoniser notes, its key, bar length, pickup, and Bach's chords
    (the chordified score's chord sounding at each bar's downbeat, by bar index)."""
    from music21 import meter, stream

    parts = list(score.parts)
    if len(parts) < 4:
        return None
    soprano = parts[0]
    sigs = list(soprano.recurse().getElementsByClass(meter.TimeSignature))
    if not sigs or sigs[0].ratioString not in ("4/4", "3/4", "2/4", "3/2"):
        return None
    bar = Fraction(sigs[0].barDuration.quarterLength).limit_denominator(8)
    measures = list(soprano.getElementsByClass(stream.Measure))
    if not measures:
        return None
    first = measures[0]
    pickup = Fraction(first.duration.quarterLength).limit_denominator(8) if first.paddingLeft else Fraction(0)
    analysed = score.analyze("key")
    mode = analysed.mode if analysed.mode in ("major", "minor") else "major"
    key = Key(analysed.tonic.name.replace("-", "b"), mode)
    strong_positions = {Fraction(0)} | ({bar / 2} if sigs[0].ratioString == "4/4" else set())
    notes = []
    for n in soprano.flatten().notes:
        offset = Fraction(n.offset).limit_denominator(48) - pickup
        duration = Fraction(n.quarterLength).limit_denominator(48)
        if duration <= 0:
            continue
        notes.append(MelodyNote(offset=offset, duration=duration, midi=int(n.pitches[-1].midi),
                                strong=(offset % bar) in strong_positions))
    chords = score.chordify().flatten().getElementsByClass("Chord")
    bach = {}
    for c in chords:
        offset = Fraction(c.offset).limit_denominator(48) - pickup
        index = int(offset // bar) + (1 if pickup else 0)
        if offset % bar == 0 and index not in bach:
            bach[index] = c
    return notes, key, bar, pickup, bach


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=60, help="chorales to use (default 60)")
    ap.add_argument("--skip", type=int, default=40, help="readable chorales to skip first (default 40: the tuning set)")
    a = ap.parse_args()
    from music21 import corpus

    held = total = bach_held = bach_total = same_root = compared = used = skipped = 0
    for path in corpus.getComposer("bach"):
        if used >= a.limit:
            break
        if not str(path).endswith((".mxl", ".xml", ".musicxml")):
            continue
        try:
            score = corpus.parse(path)
            read = chorale_melody(score)
        except Exception:  # noqa: BLE001 - a corpus file music21 cannot read is skipped, not fatal
            continue
        if read is None:
            continue
        skipped += 1
        if skipped <= a.skip:
            continue
        notes, key, bar, pickup, bach = read
        used += 1
        bars = suggest_chords(notes, key, bar_length=bar, pickup=pickup)
        first = -bar if pickup else Fraction(0)
        for n in notes:
            if not n.strong:
                continue
            index = int((n.offset - first) // bar)
            if index >= len(bars):
                continue
            total += 1
            held += (n.midi % 12) in bars[index].chord.pcs
            theirs = bach.get(index)
            if theirs is not None:
                bach_total += 1
                bach_held += (n.midi % 12) in {p.pitchClass for p in theirs.pitches}
        for index, suggestion in enumerate(bars):
            theirs = bach.get(index)
            if theirs is not None and theirs.root() is not None:
                compared += 1
                same_root += suggestion.chord.root_pc == theirs.root().pitchClass
    lines = [
        f"# Harmoniser on {used} Bach chorales (music21 corpus, after the first {a.skip}), "
        f"{total} strong-beat melody notes",
        "",
        "| figure | value | target |",
        "| --- | --- | --- |",
        f"| held (suggested chord holds the strong-beat note) | {held / max(1, total):.3f} | >= 0.85 |",
        f"| Bach, one chord per bar (his downbeat chord held through the bar) | {bach_held / max(1, bach_total):.3f} | |",
        f"| same root as Bach's downbeat chord | {same_root / max(1, compared):.3f} | |",
    ]
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
