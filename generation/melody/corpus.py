"""Melodies from music21's bundled corpus, reduced to what the models need (read only when training).

Sources: the Essen folk songs and the O'Neill's and Ryan's Irish collections
(ABC, read at token level because building full music21 streams for ten
thousand tunes takes minutes), and the soprano lines of the Bach chorales
(MusicXML). One tune in ten, chosen by a hash of its id, is held out for
evaluation.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import music21
from music21 import abcFormat, converter, key, meter, note

from music.pitch import STEP_SEMITONES, STEPS, parse_pitch

SOURCES = ("essen", "oneills", "ryans", "bach")
HELD_OUT_MODULUS = 10  # one tune in ten is held out


@dataclass(frozen=True)
class CorpusNote:
    midi: int
    step: int  # diatonic position of the spelling (octave * 7 + letter)
    duration: Fraction  # quarter lengths
    offset: Fraction  # quarter lengths from the start of its bar (pickups shifted right)


@dataclass(frozen=True)
class Tune:
    """One monophonic line with its key; ``phrases`` are note runs broken at rests."""

    tune_id: str
    source: str
    tonic_letter: int
    tonic_pc: int
    minor: bool
    meter: str
    phrases: tuple[tuple[CorpusNote, ...], ...]

    @property
    def held_out(self) -> bool:
        return zlib.crc32(self.tune_id.encode()) % HELD_OUT_MODULUS == 0

    def degree(self, note: CorpusNote) -> int:
        return (note.step % 7 - self.tonic_letter) % 7


def corpus_root() -> Path:
    return Path(music21.__file__).resolve().parent / "corpus"


def iter_tunes(*, limit: int | None = None, sources: tuple[str, ...] = SOURCES) -> Iterator[Tune]:
    """Tunes from ``sources``; ``limit`` caps the tunes taken from each source."""
    for source in sources:
        for taken, tune in enumerate(_iter_source(source)):
            if limit is not None and taken >= limit:
                break
            yield tune


def _iter_source(source: str) -> Iterator[Tune]:
    root = corpus_root()
    if source == "bach":
        yield from _iter_bach(root / "bach")
        return
    folder = {"essen": "essenFolksong", "oneills": "oneills1850", "ryans": "ryansMammoth"}[source]
    for path in sorted((root / folder).glob("*.abc")):
        yield from _iter_abc_file(path, source)


def _iter_abc_file(path: Path, source: str) -> Iterator[Tune]:
    abc_file = abcFormat.ABCFile()
    abc_file.open(str(path))
    try:
        handler = abc_file.read()
    finally:
        abc_file.close()
    try:
        parts = handler.splitByReferenceNumber()
    except Exception:  # a collection without X: numbers is one tune
        parts = {0: handler}
    for number, part in parts.items():
        tune = _tune_from_abc_tokens(f"{source}:{path.stem}:{number}", source, part.tokens)
        if tune is not None:
            yield tune


def _tune_from_abc_tokens(tune_id: str, source: str, tokens: list) -> Tune | None:
    meter = "4/4"
    key_info: tuple[int, int, bool] | None = None
    bars: list[list[tuple[int, int, Fraction] | None]] = [[]]
    in_grace = False
    for tok in tokens:
        kind = type(tok).__name__
        if kind == "ABCMetadata":
            tag = tok.tag if hasattr(tok, "tag") else ""
            if tag == "M" and tok.data.strip() not in ("", "none"):
                meter = tok.data.strip().replace("C|", "2/2").replace("C", "4/4")
            elif tag == "K" and key_info is None:
                key_info = _abc_key(tok)
        elif kind == "ABCGraceStart":
            in_grace = True
        elif kind == "ABCGraceStop":
            in_grace = False
        elif kind == "ABCBar":
            bars.append([])
        elif kind == "ABCNote":
            if in_grace or getattr(tok, "inGrace", False):
                continue
            ql = Fraction(tok.quarterLength).limit_denominator(24)
            if ql <= 0:
                continue
            if tok.isRest or not tok.pitchName:
                bars[-1].append(None)
                continue
            name = str(tok.pitchName)
            try:
                p = parse_pitch(name.replace("n", ""))
            except Exception:
                continue
            bars[-1].append((p.midi, p.diatonic, ql))
        elif kind == "ABCChord":
            bars[-1].append(None)  # chords are not melody: break the phrase
    if key_info is None:
        return None
    return _assemble(tune_id, source, key_info, meter, bars)


def _abc_key(tok: object) -> tuple[int, int, bool] | None:
    try:
        obj = tok.getKeySignatureObject()  # type: ignore[attr-defined]
    except Exception:
        return None
    if obj is None:
        return None
    mode = getattr(obj, "mode", "major") or "major"
    tonic = getattr(obj, "tonic", None)
    if tonic is None:
        obj = obj.asKey("major")
        tonic, mode = obj.tonic, "major"
    letter = STEPS.index(tonic.step)
    pc = (STEP_SEMITONES[letter] + int(tonic.alter)) % 12
    return letter, pc, mode in ("minor", "dorian", "phrygian", "aeolian", "locrian")


def _meter_bar_length(meter: str) -> Fraction | None:
    try:
        num, den = (int(x) for x in meter.split("/"))
    except ValueError:
        return None
    return Fraction(4 * num, den)


def _assemble(tune_id: str, source: str, key_info: tuple[int, int, bool], meter: str,
              bars: list[list[tuple[int, int, Fraction] | None]]) -> Tune | None:
    bar_length = _meter_bar_length(meter)
    if bar_length is None:
        return None
    phrases: list[tuple[CorpusNote, ...]] = []
    current: list[CorpusNote] = []
    bars = [b for b in bars if b]
    for index, bar in enumerate(bars):
        total = sum((e[2] for e in bar if e is not None), Fraction(0))
        # A short first bar is a pickup: its notes sit at the end of the bar.
        pos = bar_length - total if index == 0 and total < bar_length else Fraction(0)
        for event in bar:
            if event is None:
                if len(current) > 1:
                    phrases.append(tuple(current))
                current = []
                continue
            midi, step, ql = event
            current.append(CorpusNote(midi=midi, step=step, duration=ql, offset=pos))
            pos += ql
    if len(current) > 1:
        phrases.append(tuple(current))
    if not phrases:
        return None
    letter, pc, minor = key_info
    return Tune(tune_id, source, letter, pc, minor, meter, tuple(phrases))


def _iter_bach(folder: Path) -> Iterator[Tune]:
    for path in sorted(folder.glob("bwv*.mxl")):
        try:
            score = converter.parse(str(path))
        except Exception:
            continue
        parts = list(getattr(score, "parts", []))
        if len(parts) < 4:
            continue  # not a four-part chorale
        sopranos = [p for p in parts if "soprano" in (p.partName or "").lower()]
        if not sopranos:
            continue
        soprano = sopranos[0]
        signatures = list(soprano.recurse().getElementsByClass(key.KeySignature))
        times = list(soprano.recurse().getElementsByClass(meter.TimeSignature))
        notes = [n for n in soprano.recurse().notesAndRests]
        pitched = [n for n in notes if isinstance(n, note.Note)]
        if not signatures or not times or not pitched:
            continue
        ks = signatures[0]
        major = ks.asKey("major")
        minor_key = ks.asKey("minor")
        # Chorales end on the tonic: the soprano's last note picks major or relative minor.
        is_minor = pitched[-1].pitch.pitchClass == minor_key.tonic.pitchClass
        tonic = minor_key.tonic if is_minor else major.tonic
        letter = STEPS.index(tonic.step)
        bar_length = Fraction(times[0].barDuration.quarterLength).limit_denominator(24)
        phrases: list[tuple[CorpusNote, ...]] = []
        current: list[CorpusNote] = []
        for n in notes:
            if n.duration.isGrace:
                continue
            measure = n.getContextByClass("Measure")
            padding = measure.paddingLeft if measure is not None else 0
            offset = Fraction(n.offset + padding).limit_denominator(24)
            if not isinstance(n, note.Note):
                if len(current) > 1:
                    phrases.append(tuple(current))
                current = []
                continue
            p = n.pitch
            step = (p.octave or 4) * 7 + STEPS.index(p.step)
            current.append(
                CorpusNote(midi=int(p.midi), step=step, duration=Fraction(n.quarterLength).limit_denominator(24),
                           offset=offset % bar_length if bar_length else offset)
            )
        if len(current) > 1:
            phrases.append(tuple(current))
        if phrases:
            yield Tune(f"bach:{path.stem}", "bach", letter, (STEP_SEMITONES[letter] + int(tonic.alter)) % 12,
                       is_minor, times[0].ratioString, tuple(phrases))
