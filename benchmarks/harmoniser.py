"""The harmoniser on corpus melodies it was never tuned on, against the chords their composers wrote.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/harmoniser.py [--skip 40] [--limit 80] [--folk held-out]
        [--one-chord-per-bar]

For each Bach chorale in music21's corpus (the soprano as the melody, the score's key and meter, its
pickup bar) ``generation.accompaniment.harmony.suggest_chords`` chooses the chords of each bar. Then
the same on folk melodies from the Essen collection in music21's corpus (no chords to compare with).
Figures:

- ``held``: the share of strong-beat melody notes (beat 1, and beat 3 in 4/4 or beat 4 in 6/8, as
  ``generation.services`` marks a transcription's) whose pitch class is in the suggested chord
  sounding on it (the target is 0.85);
- ``chord changes per bar``: how often the suggestion changes chord, per bar (at a barline or at
  mid-bar), a check that ``held`` is not bought by restless harmony;
- ``bars with two chords``: the share of bars the suggestion splits at mid-bar;
- ``Bach, one chord per bar``: ``held`` for Bach's own chord on each bar's downbeat, held
  through the bar (the chordified four parts): what a one-chord-per-bar reading of the real
  harmony achieves on the same notes;
- ``Bach changes root at mid-bar``: how often, in his 4/4 bars, the chord on beat 3 has another
  root than the one on beat 1 (how often the real harmony wants two chords in a bar);
- ``same root``: how often the suggested chord on a bar's downbeat has the root of Bach's, and
  how often the chord sounding on each strong beat (beat 3 too) has the root of his there.

The harmoniser's weights are hand-set (``harmony.py``) and were tuned on the first 40 readable
chorales and on the Essen ``boehme10`` tunes (``--skip 0 --limit 40 --folk tuning``), so the
default ``--skip 40`` and ``--folk held-out`` (``kinder0``, children's songs, and ``erk20``) report
melodies the weights never saw. Writes Markdown to stdout.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction

from generation.accompaniment.harmony import MelodyNote, suggest_chords
from music.key import Key

#: Strong beats (quarter lengths into the bar) per meter, as ``generation.services`` marks a transcription's.
STRONG_BEATS = {"2/4": (0,), "3/4": (0,), "4/4": (0, 2), "6/8": (0, Fraction(3, 2)), "3/2": (0,)}
#: Essen files: the ones the weights were tuned on, and the held-out ones.
FOLK_FILES = {"tuning": ("boehme10",), "held-out": ("kinder0", "erk20")}


@dataclass
class Piece:
    """A melody for the harmoniser: its notes, key, bar length and pickup; ``chords`` are the
    composer's, by bar index and offset into the bar (``{}`` for a folk tune)."""

    name: str
    notes: list[MelodyNote]
    key: Key
    bar: Fraction
    pickup: Fraction
    chords: dict[int, dict[Fraction, tuple[set[int], int | None]]] = field(default_factory=dict)
    mid_bar: bool = False  # a second strong beat at mid-bar (4/4, 6/8), where a chord may change


def _key(score) -> Key:
    analysed = score.analyze("key")
    mode = analysed.mode if analysed.mode in ("major", "minor") else "major"
    return Key(analysed.tonic.name.replace("-", "b"), mode)


def _melody(part, ratio: str, bar: Fraction, *, short_first_bar: bool) -> tuple[list[MelodyNote], Fraction] | None:
    """``part``'s notes with offsets from its first downbeat, and its pickup (a first bar with left
    padding or, with ``short_first_bar``, one shorter than ``bar``: how an ABC tune's reads)."""
    from music21 import stream

    measures = list(part.getElementsByClass(stream.Measure))
    if not measures:
        return None
    first = measures[0]
    length = Fraction(first.duration.quarterLength).limit_denominator(8)
    pickup = length if first.paddingLeft or (short_first_bar and 0 < length < bar) else Fraction(0)
    strong = set(STRONG_BEATS[ratio])
    notes = []
    for n in part.flatten().notes:
        offset = Fraction(n.offset).limit_denominator(48) - pickup
        duration = Fraction(n.quarterLength).limit_denominator(48)
        if duration <= 0:
            continue
        notes.append(MelodyNote(offset=offset, duration=duration, midi=int(n.pitches[-1].midi),
                                strong=(offset % bar) in strong))
    return (notes, pickup) if notes else None


def _meter(part, *, steady: bool) -> tuple[str, Fraction] | None:
    """``part``'s first meter and bar length; None for a meter a transcription is not written in
    or, with ``steady``, for a part whose meter changes."""
    from music21 import meter

    sigs = list(part.recurse().getElementsByClass(meter.TimeSignature))
    if not sigs or sigs[0].ratioString not in STRONG_BEATS:
        return None
    if steady and any(s.ratioString != sigs[0].ratioString for s in sigs[1:]):
        return None  # a meter change: the strong beats would be misread after it
    return sigs[0].ratioString, Fraction(sigs[0].barDuration.quarterLength).limit_denominator(8)


def chorale(score, name: str) -> Piece | None:
    """The soprano of ``score`` with Bach's chords (the chordified score's chord sounding at each
    strong beat, by bar index)."""
    parts = list(score.parts)
    if len(parts) < 4:
        return None
    meter = _meter(parts[0], steady=False)
    if meter is None or meter[0] not in ("4/4", "3/4", "2/4", "3/2"):
        return None
    ratio, bar = meter
    read = _melody(parts[0], ratio, bar, short_first_bar=False)
    if read is None:
        return None
    notes, pickup = read
    chords: dict[int, dict[Fraction, tuple[set[int], int | None]]] = {}
    for c in score.chordify().flatten().getElementsByClass("Chord"):
        offset = Fraction(c.offset).limit_denominator(48) - pickup
        index = int(offset // bar) + (1 if pickup else 0)
        end = offset + Fraction(c.quarterLength).limit_denominator(48)
        for beat in STRONG_BEATS[ratio]:
            at = (offset // bar) * bar + beat
            if offset <= at < end and beat not in chords.get(index, {}):
                root = c.root()
                chords.setdefault(index, {})[Fraction(beat)] = (
                    {p.pitchClass for p in c.pitches}, root.pitchClass if root is not None else None)
    return Piece(name, notes, _key(score), bar, pickup, chords, mid_bar=len(STRONG_BEATS[ratio]) == 2)


def chorales(skip: int, limit: int) -> Iterator[Piece]:
    """Readable Bach chorales from music21's corpus, after the first ``skip``."""
    from music21 import corpus

    readable = used = 0
    for path in corpus.getComposer("bach"):
        if used >= limit:
            return
        if not str(path).endswith((".mxl", ".xml", ".musicxml")):
            continue
        try:
            piece = chorale(corpus.parse(path), str(path).rsplit("/", 1)[-1])
        except Exception:  # noqa: BLE001 - a corpus file music21 cannot read is skipped, not fatal
            continue
        if piece is None:
            continue
        readable += 1
        if readable <= skip:
            continue
        used += 1
        yield piece


def folk_tunes(files: tuple[str, ...], limit: int) -> Iterator[Piece]:
    """Essen folk melodies in the meters a transcription is written in, from ``files``."""
    from music21 import corpus

    used = 0
    for name in files:
        for score in corpus.parse(f"essenFolksong/{name}").scores:
            if used >= limit:
                return
            part = score.parts[0] if score.parts else score
            meter = _meter(part, steady=True)
            if meter is None:
                continue
            try:
                read = _melody(part, *meter, short_first_bar=True)
            except Exception:  # noqa: BLE001 - a tune music21 cannot read is skipped, not fatal
                continue
            if read is None or len({n.midi for n in read[0]}) < 3:
                continue
            used += 1
            yield Piece(f"{name}/{score.metadata.title}", read[0], _key(score), meter[1], read[1],
                        mid_bar=len(STRONG_BEATS[meter[0]]) == 2)


@dataclass
class Tally:
    held: int = 0
    total: int = 0
    bars: int = 0
    changes: int = 0
    split: int = 0
    bach_bar_held: int = 0
    bach_total: int = 0
    bach_mid_bar: int = 0
    bach_mid_bar_changes: int = 0
    same_root: int = 0
    compared: int = 0
    beat_same_root: int = 0
    beats_compared: int = 0


def chords_on_beats(piece: Piece, *, mid_bar: bool = True) -> list[list[tuple[Fraction, set[int], int]]]:
    """The suggestion per bar as ``(offset into the bar, pitch classes, root)``, in order; with
    ``mid_bar`` off, one chord per bar as before the harmoniser could change at mid-bar."""
    bars = suggest_chords(piece.notes, piece.key, bar_length=piece.bar, pickup=piece.pickup,
                          mid_bar=piece.mid_bar and mid_bar)
    out = []
    for b in bars:
        out.append([(Fraction(0), set(b.chord.pcs), b.chord.root_pc)]
                   + ([(b.then.at, set(b.then.chord.pcs), b.then.chord.root_pc)] if b.then else []))
    return out


def score(piece: Piece, tally: Tally, *, mid_bar: bool = True) -> None:
    bars = chords_on_beats(piece, mid_bar=mid_bar)
    first = -piece.bar if piece.pickup else Fraction(0)
    previous = None
    for chords in bars:
        tally.bars += 1
        tally.split += len(chords) > 1
        for _, pcs, root in chords:
            tally.changes += previous is not None and (pcs, root) != previous
            previous = (pcs, root)
    for n in piece.notes:
        if not n.strong:
            continue
        index = int((n.offset - first) // piece.bar)
        if index >= len(bars):
            continue
        at = (n.offset - first) % piece.bar
        sounding = [pcs for start, pcs, _ in bars[index] if start <= at][-1]
        tally.total += 1
        tally.held += (n.midi % 12) in sounding
        theirs = piece.chords.get(index)
        if theirs and Fraction(0) in theirs and at in theirs:
            tally.bach_total += 1
            tally.bach_bar_held += (n.midi % 12) in theirs[Fraction(0)][0]
    for beats in piece.chords.values():
        if len(beats) == 2:
            tally.bach_mid_bar += 1
            tally.bach_mid_bar_changes += beats[Fraction(0)][1] != beats[max(beats)][1]
    for index, chords in enumerate(bars):
        for at, (_, their_root) in piece.chords.get(index, {}).items():
            if their_root is not None:
                tally.beats_compared += 1
                tally.beat_same_root += [root for start, _, root in chords if start <= at][-1] == their_root
        theirs = piece.chords.get(index, {}).get(Fraction(0))
        if theirs is not None and theirs[1] is not None:
            tally.compared += 1
            tally.same_root += chords[0][2] == theirs[1]


def report(title: str, tally: Tally, *, with_bach: bool) -> list[str]:
    lines = [
        f"## {title}, {tally.total} strong-beat melody notes, {tally.bars} bars",
        "",
        "| figure | value | target |",
        "| --- | --- | --- |",
        f"| held (the suggested chord holds the strong-beat note) | {tally.held / max(1, tally.total):.3f} | >= 0.85 |",
        f"| chord changes per bar | {tally.changes / max(1, tally.bars - 1):.2f} | |",
        f"| bars with two chords | {tally.split / max(1, tally.bars):.3f} | |",
    ]
    if with_bach:
        lines += [
            f"| Bach, one chord per bar (his downbeat chord held through the bar) | "
            f"{tally.bach_bar_held / max(1, tally.bach_total):.3f} | |",
            f"| Bach changes root at mid-bar (4/4 bars) | "
            f"{tally.bach_mid_bar_changes / max(1, tally.bach_mid_bar):.3f} | |",
            f"| same root as Bach's downbeat chord | {tally.same_root / max(1, tally.compared):.3f} | |",
            f"| same root as Bach's chord on every strong beat | "
            f"{tally.beat_same_root / max(1, tally.beats_compared):.3f} | |",
        ]
    return lines + [""]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=80, help="chorales to use (default 80)")
    ap.add_argument("--skip", type=int, default=40, help="readable chorales to skip first (default 40: the tuning set)")
    ap.add_argument("--folk", choices=[*FOLK_FILES, "none"], default="held-out",
                    help="Essen tunes to use (default held-out; tuning: the ones the weights were set on)")
    ap.add_argument("--folk-limit", type=int, default=300, help="folk tunes to use (default 300)")
    ap.add_argument("--one-chord-per-bar", action="store_true",
                    help="never change chord at mid-bar (the suggestions before they could)")
    a = ap.parse_args()
    mid_bar = not a.one_chord_per_bar
    bach = Tally()
    for piece in chorales(a.skip, a.limit):
        score(piece, bach, mid_bar=mid_bar)
    lines = ["# Harmoniser on corpus melodies" + (", one chord per bar" if a.one_chord_per_bar else ""), ""]
    lines += report(f"Bach chorales (music21 corpus, {a.limit} after the first {a.skip})", bach, with_bach=True)
    if a.folk != "none":
        folk = Tally()
        for piece in folk_tunes(FOLK_FILES[a.folk], a.folk_limit):
            score(piece, folk, mid_bar=mid_bar)
        lines += report(f"Essen folk tunes ({a.folk}: {', '.join(FOLK_FILES[a.folk])})", folk, with_bach=False)
    sys.stdout.write("\n".join(lines))


if __name__ == "__main__":
    main()
