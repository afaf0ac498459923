"""PDF engraving through Abjad and LilyPond (seconds, not milliseconds: run it in a task)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

import abjad

if TYPE_CHECKING:
    from ..melody.drill import Drill

_ABJAD_MODES = {"harmonic-minor": "minor", "melodic-minor": "minor", "aeolian": "minor"}


def _pitch(name: str) -> Any:
    return abjad.NamedPitch(name)


def lilypond_score(drill: Drill) -> Any:
    """An ``abjad.Score`` with one staff holding the melody (tuplets and ties kept)."""
    staff = abjad.Staff(name="Melody")
    leaves: list[Any] = []
    i = 0
    notes = drill.notes
    while i < len(notes):
        n = notes[i]
        if n.tuplet:
            group = notes[i : i + 3]
            inner = [abjad.Note(_pitch(g.name), abjad.Duration(g.duration * Fraction(3, 2) / 4)) for g in group]
            staff.append(abjad.Tuplet("3:2", inner))
            leaves.extend(inner)
            i += len(group)
            continue
        if n.tie_at is not None and 0 < n.tie_at < n.duration:
            a = abjad.Note(_pitch(n.name), abjad.Duration(n.tie_at / 4))
            b = abjad.Note(_pitch(n.name), abjad.Duration((n.duration - n.tie_at) / 4))
            abjad.attach(abjad.Tie(), a)
            staff.extend([a, b])
            leaves.extend([a, b])
        else:
            leaf = abjad.Note(_pitch(n.name), abjad.Duration(n.sounding / 4))
            staff.append(leaf)
            leaves.append(leaf)
            if n.rest:
                start = (n.offset + n.sounding) % drill.meter.bar_length
                staff.extend([abjad.Rest(abjad.Duration(r / 4)) for r in drill.meter.rest_pieces(start, n.rest)])
        i += 1
    first = leaves[0]
    num, den = (int(x) for x in drill.meter.text.split("/"))
    abjad.attach(abjad.TimeSignature((num, den)), first)
    mode = _ABJAD_MODES.get(drill.key.host.mode, drill.key.host.mode)  # pentatonic: its 宫's signature
    tonic = drill.key.tonic.lower().replace("#", "s").replace("b", "f") if len(drill.key.tonic) > 1 else drill.key.tonic.lower()
    abjad.attach(abjad.KeySignature(abjad.NamedPitchClass(tonic), abjad.Mode(mode)), first)
    mean = sum(x.midi for x in notes) / len(notes)
    abjad.attach(abjad.Clef("bass" if mean < 55 else "treble"), first)
    return abjad.Score([staff], name="Score")


def write_pdf(drill: Drill, path: Path) -> Path:
    """Engrave ``drill`` to ``path`` with LilyPond (the ``lilypond`` binary must be on PATH)."""
    score = lilypond_score(drill)
    lilypond_file = abjad.LilyPondFile([score])
    abjad.persist.as_pdf(lilypond_file, str(path))
    if not path.exists():
        raise RuntimeError(f"pdf: LilyPond did not write {path}")
    path.with_suffix(".ly").unlink(missing_ok=True)  # Abjad leaves its LilyPond source beside the PDF
    return path
