"""Drill data: the notes a generator returns and what they were made for."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from music.chord import ChordSpec
from music.key import Key
from music.pitch import Pitch

from .params import DrillParams
from .rhythm import Meter


@dataclass(frozen=True)
class DrillNote:
    """One note. ``offset`` is quarter lengths from the start, ``bar`` counts from 0.

    ``tie_at`` (quarter lengths into the note) is where notation splits it
    into two tied notes; ``None`` for an untied note. ``rest`` (quarter
    lengths, 0 for none) is silence at the end of the note's slot: the note
    sounds for ``duration - rest`` and the next note enters after a rest.
    """

    pitch: Pitch
    duration: Fraction
    offset: Fraction
    bar: int
    strong: bool
    cell: str
    tuplet: bool = False
    tie_at: Fraction | None = None
    rest: Fraction = Fraction(0)

    @property
    def sounding(self) -> Fraction:
        """Quarter lengths the note sounds (its slot less the rest after it)."""
        return self.duration - self.rest

    @property
    def name(self) -> str:
        return self.pitch.name

    @property
    def midi(self) -> int:
        return self.pitch.midi


@dataclass
class Drill:
    """A generated drill: notes in order plus the context they were built for.

    ``chords`` has one entry per bar (``None`` without a progression);
    ``windows`` lists the ``(first_bar, last_bar_exclusive)`` quota windows;
    ``phrase_ends`` the note indices that close a phrase; ``pickup`` the quarter lengths of an
    anacrusis (a melody read from a file): bar 0 is then the pickup bar, silent until its notes.
    """

    params: DrillParams
    key: Key
    meter: Meter
    notes: list[DrillNote]
    chords: list[ChordSpec | None]
    windows: list[tuple[int, int]]
    phrase_ends: list[int] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    pickup: Fraction = Fraction(0)

    def note_list(self) -> list[list[str | float]]:
        """``[["C4", 0.5], ...]``: spelled pitch and quarter length (triplets rounded to 4 places)."""
        return [[n.name, round(float(n.duration), 4)] for n in self.notes]

    @property
    def total_length(self) -> Fraction:
        return self.meter.bar_length * self.params.bars

    @property
    def seconds_per_quarter(self) -> float:
        """Seconds per quarter note at the drill's tempo (tempo counts the meter's beat)."""
        return 60.0 / (float(self.params.tempo) * float(self.meter.beat_length))
