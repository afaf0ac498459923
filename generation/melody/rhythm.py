"""Meters and rhythm cells.

A bar is built from *cells*: short rhythms that start and end on a beat
(``"8-8"`` is two eighths on one quarter beat, ``"dq-8"`` a dotted quarter and
an eighth over two beats). Working in cells keeps every bar exactly full and
every rhythm notatable; the vocabulary a teacher sets (values, dots,
syncopation, triplets, ties) is a filter over the inventory below.

Durations are quarter lengths as :class:`fractions.Fraction` (a triplet eighth
is ``1/3``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction as F

from .errors import InvalidParams


@dataclass(frozen=True)
class Cell:
    """A rhythm cell: ``name`` doubles as the ``rhy:`` skill tag where ``tag`` is set."""

    name: str
    durations: tuple[F, ...]
    beats: int
    needs: frozenset[str]  # "dots", "syncopation", "triplets", "ties"
    base_values: frozenset[F]  # undotted, untupleted values the cell uses
    tag: str = ""

    @property
    def notes(self) -> int:
        return len(self.durations)


def _cell(name: str, durations: tuple[F, ...], beats: int, base: tuple[F, ...], needs: tuple[str, ...] = (),
          tag: str = "") -> Cell:
    return Cell(name, durations, beats, frozenset(needs), frozenset(base), tag)


Q, E, S, H, W = F(1), F(1, 2), F(1, 4), F(2), F(4)
#: Cells for meters whose beat is a quarter (2/4, 3/4, 4/4, 5/4, 2/2).
SIMPLE_CELLS: tuple[Cell, ...] = (
    _cell("q", (Q,), 1, (Q,)),
    _cell("8-8", (E, E), 1, (E,), tag="8th-pair"),
    _cell("16x4", (S, S, S, S), 1, (S,), tag="16ths"),
    _cell("8-16-16", (E, S, S), 1, (E, S), tag="8th-16th-16th"),
    _cell("16-16-8", (S, S, E), 1, (E, S), tag="16th-16th-8th"),
    _cell("d8-16", (F(3, 4), S), 1, (E, S), ("dots",), tag="dotted-8th-16th"),
    _cell("16-8-16", (S, E, S), 1, (E, S), ("syncopation",), tag="syncopation"),
    _cell("trip8", (F(1, 3),) * 3, 1, (E,), ("triplets",), tag="triplet-8th"),
    _cell("h", (H,), 2, (H,)),
    _cell("dq-8", (F(3, 2), E), 2, (Q, E), ("dots",), tag="dotted-quarter-8th"),
    _cell("8-q-8", (E, Q, E), 2, (Q, E), ("syncopation",), tag="syncopation"),
    _cell("8-q~8", (E, F(3, 2)), 2, (Q, E), ("ties",), tag="tie"),
    _cell("tripq", (F(2, 3),) * 3, 2, (Q,), ("triplets",), tag="triplet-quarter"),
    _cell("dh", (F(3),), 3, (H,), ("dots",), tag="dotted-half"),
    _cell("w", (W,), 4, (W,)),
)
DQ = F(3, 2)
#: Cells for compound meters, whose beat is a dotted quarter (3/8, 6/8, 9/8, 12/8).
COMPOUND_CELLS: tuple[Cell, ...] = (
    _cell("dq", (DQ,), 1, (Q,)),
    _cell("q-8", (Q, E), 1, (Q, E), tag="quarter-8th"),
    _cell("8x3", (E, E, E), 1, (E,), tag="8th-triple"),
    _cell("8-q", (E, Q), 1, (Q, E), ("syncopation",), tag="syncopation"),
    _cell("d8-16-8", (F(3, 4), S, E), 1, (E, S), ("dots",), tag="dotted-8th-16th"),
    _cell("16x6", (S,) * 6, 1, (S,), tag="16ths"),
    _cell("dh", (F(3),), 2, (H,), tag="dotted-half"),
    _cell("8-q~dq", (E, F(5, 2)), 2, (Q, E), ("ties",), tag="tie"),
)

#: Simple-time target rhythms and the compound-time figure that plays their part: a beat of 6/8 already
#: divides in three (its "triplet" is three plain eighths), and its dotted figure is a dotted eighth and a
#: sixteenth, the dotted quarter being the beat itself.
COMPOUND_COUNTERPARTS = {"triplet-8th": "8th-triple", "dotted-quarter-8th": "dotted-8th-16th"}


@dataclass(frozen=True)
class Meter:
    """A time signature: ``beats`` per bar of ``beat_length`` quarter lengths each."""

    text: str
    beats: int
    beat_length: F
    compound: bool
    strong_beats: tuple[int, ...]

    @property
    def bar_length(self) -> F:
        return self.beats * self.beat_length

    @property
    def family(self) -> str:
        return f"{'c' if self.compound else 's'}{self.beats}"

    @property
    def cells(self) -> tuple[Cell, ...]:
        return COMPOUND_CELLS if self.compound else SIMPLE_CELLS

    def rest_pieces(self, offset: F, length: F) -> list[F]:
        """The rests that write ``length`` quarters of silence from ``offset`` quarters into a bar: split at
        the strong beats inside it, as engravers write them (in 5/4 after a half note, a quarter rest and a
        half rest, not a dotted half rest across the bar's second group).

        >>> parse_meter("5/4").rest_pieces(F(2), F(3))
        [Fraction(1, 1), Fraction(2, 1)]
        """
        cuts = [b * self.beat_length for b in self.strong_beats if offset < b * self.beat_length < offset + length]
        edges = [offset, *cuts, offset + length]
        return [b - a for a, b in zip(edges, edges[1:], strict=False)]


_METER_RE = re.compile(r"^(\d{1,2})/(\d{1,2})$")
SUPPORTED_METERS = ("2/4", "3/4", "4/4", "5/4", "2/2", "3/8", "6/8", "9/8", "12/8")


def parse_meter(text: str) -> Meter:
    """Parse one of :data:`SUPPORTED_METERS`; ``2/2`` is counted in quarter beats."""
    t = text.strip().replace("C|", "2/2").replace("C", "4/4")
    if t not in SUPPORTED_METERS or not _METER_RE.match(t):
        raise InvalidParams(f"meter: {text!r} is not supported (use one of {', '.join(SUPPORTED_METERS)})")
    num, den = (int(x) for x in t.split("/"))
    if den == 8:
        beats = num // 3
        strong = (0, 2) if beats == 4 else (0,)
        return Meter(t, beats, DQ, True, strong)
    beats = num * 4 // den
    strong = {4: (0, 2), 5: (0, 3)}.get(beats, (0,))
    return Meter(t, beats, F(1), False, strong)


@dataclass(frozen=True)
class Vocabulary:
    """Which note values and devices a drill may use."""

    values: frozenset[F]
    dots: bool
    syncopation: bool
    triplets: bool
    ties: bool

    def allows(self, cell: Cell, meter: Meter) -> bool:
        flags = {"dots": self.dots, "syncopation": self.syncopation, "triplets": self.triplets, "ties": self.ties}
        if not all(flags[n] for n in cell.needs):
            return False
        values = set(self.values)
        if meter.compound:
            # In compound time the dotted quarter is the beat itself: it needs no "dots" permission.
            values |= {F(1)} if F(1, 2) in values or F(1) in values else set()
        return cell.base_values <= values


def cells_by_name(meter: Meter) -> dict[str, Cell]:
    return {c.name: c for c in meter.cells}


def cell_for_tag(tag: str, meter: Meter) -> list[Cell]:
    """Cells of ``meter`` that realise a rhythm target such as ``"dotted-8th-16th"`` or a cell name."""
    t = tag.removeprefix("rhy:")
    return [c for c in meter.cells if c.tag == t or c.name == t]


def all_rhythm_tags() -> list[str]:
    tags = {c.tag for c in SIMPLE_CELLS + COMPOUND_CELLS if c.tag}
    return sorted(tags)
