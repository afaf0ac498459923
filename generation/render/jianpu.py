"""Numbered notation (简谱) as SVG, note for note beside the staff.

How Chinese classrooms write a melody: ``1=G 3/4`` at the head; each note a
scale degree 1-7 from the key's *do* (movable do; a minor key counts from its
relative major, so its tonic is 6); dots above or below for each octave above
or below the middle one; underlines for eighths (one) and sixteenths (two),
joined across the notes of one beat; a dash for each further beat a note is
held; a dot after a note for half its length again; 0 for a rest, one per beat;
♯ or ♭ before a number outside the key; bar lines; ties and slurs as arcs;
lyrics or solfège under the numbers.

Layout first (:func:`layout`, a list of :class:`Glyph` that tests read), then
:func:`jianpu_svg` draws it. Every note's group carries the staff rendering's
note id (``data-note-id``) and the target note's index (``data-index``), so a
page colours both notations from one set of verdicts.

>>> from fractions import Fraction as F
>>> from music.key import make_key
>>> notes = [JianpuNote(m, F(1)) for m in (60, 60, 67, 67, 69, 69)] + [JianpuNote(67, F(2))]
>>> [g.text for g in layout(notes, key=make_key("C"), meter=(4, 4)) if g.kind == "note"]
['1', '1', '5', '5', '6', '6', '5']
>>> [g.dashes for g in layout(notes, key=make_key("C"), meter=(4, 4)) if g.kind == "note"][-1]
1
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from html import escape
from typing import Any

from music.errors import MusicError
from music.key import Key, make_key
from music.movable_do import ACCIDENTALS, SOLFEGE, degree, do_of, middle_octave
from music.pitch import Pitch, parse_pitch
from music.scale import MODES

# Layout in SVG user units (px at 100 %).
NUMBER_WIDTH = 22
DASH_WIDTH = 22
AUG_DOT_WIDTH = 8
BAR_GAP = 12
LINE_HEIGHT = 86
TOP_MARGIN = 56
LEFT_MARGIN = 16
FONT_SIZE = 20
OCTAVE_DOT_GAP = 6
UNDERLINE_GAP = 4
DEFAULT_WIDTH = 720


@dataclass(frozen=True)
class JianpuNote:
    """One written note (``midi``) or rest (``midi`` None) of ``quarters`` quarter lengths.

    ``written`` is the note as spelled on the staff, where known: its letter gives the number, so a
    B♭ in C is ♭7 and an A♯ ♯6; without it ``midi`` is spelled in the key. ``note_id`` is the staff rendering's id for the same note; ``index`` the target note's
    index (rests: None); ``tie_next`` ties it to the next note; ``slur_start``/``slur_stop``
    open and close a slur; ``lyric`` is written under it.
    """

    midi: int | None
    quarters: Fraction
    note_id: str | None = None
    index: int | None = None
    tie_next: bool = False
    slur_start: bool = False
    slur_stop: bool = False
    lyric: str | None = None
    written: Pitch | None = None


@dataclass
class Glyph:
    """One drawn symbol: a note or rest number with its marks, or a bar line.

    ``kind`` is "note", "rest" or "bar" ("final" for the last bar line); ``text`` the
    number; ``accidental`` ♯/♭ or ""; ``above``/``below`` octave dots; ``underlines``
    0-3; ``dashes`` held beats after it; ``dotted`` an augmentation dot; ``beat`` the
    (bar, beat) it starts in, which joins underlines; ``tie_next``/slur flags; ``x``
    and ``line`` its place once laid out.
    """

    kind: str
    text: str = ""
    accidental: str = ""
    above: int = 0
    below: int = 0
    underlines: int = 0
    dashes: int = 0
    dotted: bool = False
    beat: tuple[int, int] = (0, 0)
    note_id: str | None = None
    index: int | None = None
    tie_next: bool = False
    slur_start: bool = False
    slur_stop: bool = False
    lyric: str | None = None
    x: float = 0.0
    line: int = 0
    width: float = field(default=NUMBER_WIDTH)


def layout(notes: Sequence[JianpuNote], *, key: Key, meter: tuple[int, int], pickup: Fraction = Fraction(0),
           width: float = DEFAULT_WIDTH, solfege: bool = False) -> list[Glyph]:
    """The glyphs of ``notes`` in ``key`` and ``meter`` (beats, beat type), laid out in lines.

    ``pickup`` (quarter lengths before the first bar line) starts the count mid-bar. A note is
    written in pieces tied to each other where it crosses a bar line, or where jianpu has no
    single symbol for it (a plain number is a quarter; dashes hold whole quarters from a quarter
    boundary; underlines shorten, a dot lengthens by half). Underlines join within a beat (a
    dotted quarter in 6/8, 9/8 and 12/8). ``solfege`` writes do re mi under notes without a lyric.
    """
    beats, beat_type = meter
    compound = beat_type == 8 and beats % 3 == 0 and beats > 3
    beat_len = Fraction(3, 2) if compound else Fraction(4, beat_type)
    bar_len = Fraction(4 * beats, beat_type)
    octave = middle_octave([n.written or n.midi for n in notes if n.midi is not None], key)
    glyphs: list[Glyph] = []
    offset = (bar_len - pickup % bar_len) % bar_len  # quarter lengths into the current bar
    bar = 0
    for note in notes:
        remaining = note.quarters
        first = True
        while remaining > 0:
            if offset >= bar_len:
                glyphs.append(Glyph("bar"))
                bar += 1
                offset -= bar_len
            into_beat = offset % beat_len  # a plain number is a quarter counted from the beat's start
            length, dashes, dotted = _piece(into_beat, min(remaining, bar_len - offset), rest=note.midi is None)
            g = _note_glyph(note, key, octave, length, dashes, dotted)
            g.beat = (bar, int(offset // beat_len))
            g.note_id, g.index = note.note_id, note.index if first else None
            if first:
                g.slur_start = note.slur_start
                g.lyric = note.lyric or (SOLFEGE[int(g.text) - 1] if solfege and note.midi is not None else None)
            spent = length * (1 + dashes) + (length / 2 if dotted else 0)
            remaining -= spent
            offset += spent
            first = False
            g.tie_next = remaining > 0 and note.midi is not None  # pieces of one note are tied
            glyphs.append(g)
        last = glyphs[-1]
        last.slur_stop = note.slur_stop
        last.tie_next = last.tie_next or note.tie_next
    glyphs.append(Glyph("final"))
    _place(glyphs, width)
    return glyphs


def _piece(offset: Fraction, room: Fraction, *, rest: bool = False) -> tuple[Fraction, int, bool]:
    """The next written symbol of a note that starts ``offset`` quarter lengths into its beat and
    has ``room`` left before it ends or the bar does: (value of the number, dashes, dotted).
    A rest takes no dashes or dots on a quarter: a half rest is written 0 0."""
    on_quarter = offset % 1 == 0
    if rest and on_quarter and room >= 1:
        return Fraction(1), 0, False
    if on_quarter and room >= 1:
        if room == Fraction(3, 2):
            return Fraction(1), 0, True  # 5·
        return Fraction(1), int(room // 1) - 1, False  # 5 - - -
    to_quarter = 1 - offset % 1 if not on_quarter else Fraction(1)
    take = min(room, to_quarter)
    if on_quarter and take >= Fraction(3, 4):
        return Fraction(1, 2), 0, True  # a dotted eighth: underlined 5·
    for value in (Fraction(1, 2), Fraction(1, 4), Fraction(1, 8)):
        if take >= value * Fraction(3, 2) and (offset % value == 0) and value < Fraction(1, 2):
            return value, 0, True
        if take >= value:
            return value, 0, False
    return take, 0, False


def _note_glyph(note: JianpuNote, key: Key, octave: int, length: Fraction, dashes: int, dotted: bool) -> Glyph:
    underlines = {Fraction(1, 2): 1, Fraction(1, 4): 2, Fraction(1, 8): 3}.get(length, 0)
    if note.midi is None:
        return Glyph("rest", "0", underlines=underlines, dotted=dotted)
    number, alteration, shift = degree(note.written or note.midi, key, middle_octave=octave)
    g = Glyph("note", str(number), ACCIDENTALS.get(alteration, ""), max(shift, 0), max(-shift, 0),
              underlines, max(dashes, 0), dotted)
    return g


def _place(glyphs: list[Glyph], width: float) -> None:
    """Give every glyph its x and line, breaking lines only at bar lines."""
    x, line = float(LEFT_MARGIN), 0
    bar_start = 0
    for i, g in enumerate(glyphs):
        if g.kind in ("bar", "final"):
            g.width = BAR_GAP
        else:
            g.width = NUMBER_WIDTH * (1 + g.dashes) + (AUG_DOT_WIDTH if g.dotted else 0) + (6 if g.accidental else 0)
        # The bar's start on this line: its first glyph, or where this one would go when it is that glyph.
        start_x = glyphs[bar_start].x if bar_start < i else x
        if x + g.width > width - LEFT_MARGIN and start_x > LEFT_MARGIN and g.kind not in ("bar", "final"):
            # Move the bar that does not fit to a new line (a bar wider than a line stays whole on its own).
            shift = start_x - LEFT_MARGIN
            line += 1
            for h in glyphs[bar_start:i]:
                h.x -= shift
                h.line = line
            x -= shift
        g.x, g.line = x, line
        x += g.width
        if g.kind == "bar":
            bar_start = i + 1


def jianpu_svg(notes: Sequence[JianpuNote], *, key: Key, meter: tuple[int, int], pickup: Fraction = Fraction(0),
               width: float = DEFAULT_WIDTH, solfege: bool = False, title: str | None = None) -> str:
    """The melody as an SVG document (see the module docstring); ``width`` in px."""
    glyphs = layout(notes, key=key, meter=meter, pickup=pickup, width=width, solfege=solfege)
    lines = max((g.line for g in glyphs), default=0) + 1
    height = TOP_MARGIN + lines * LINE_HEIGHT
    do_step, _ = do_of(key)
    major = Key.from_fifths(key.fifths)
    head = f"1={major.tonic.replace('b', '♭').replace('#', '♯')}  {meter[0]}/{meter[1]}"
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="jianpu" viewBox="0 0 {width:.0f} {height}" '
           f'width="{width:.0f}" height="{height}" role="img" aria-label="{escape(head)}">',
           f'<text class="jp-head" x="{LEFT_MARGIN}" y="24" font-size="16">{escape(head)}</text>']
    if title:
        out.append(f'<text class="jp-title" x="{width / 2:.0f}" y="24" font-size="16" '
                   f'text-anchor="middle">{escape(title)}</text>')
    baseline: dict[int, float] = {line: float(TOP_MARGIN + line * LINE_HEIGHT + 20) for line in range(lines)}
    for g in glyphs:
        y = baseline[g.line]
        if g.kind in ("bar", "final"):
            x = g.x + BAR_GAP / 2
            out.append(f'<line class="jp-bar" x1="{x:.1f}" y1="{y - 22}" x2="{x:.1f}" y2="{y + 6}" stroke="currentColor"/>')
            if g.kind == "final":
                out.append(f'<line class="jp-bar" x1="{x + 4:.1f}" y1="{y - 22}" x2="{x + 4:.1f}" y2="{y + 6}" '
                           f'stroke="currentColor" stroke-width="3"/>')
            continue
        out.append(_note_svg(g, y))
    out += _beams(glyphs, baseline)
    out += _arcs(glyphs, baseline)
    out.append("</svg>")
    return "\n".join(out)


def _note_svg(g: Glyph, y: float) -> str:
    cx = g.x + (6 if g.accidental else 0) + NUMBER_WIDTH / 2
    attrs = f'class="jp-{g.kind}"'
    if g.note_id is not None and g.kind == "note":
        attrs += f' data-note-id="{escape(g.note_id)}"'
    if g.index is not None:
        attrs += f' data-index="{g.index}"'
    parts = [f"<g {attrs}>"]
    if g.accidental:
        parts.append(f'<text x="{g.x + 4:.1f}" y="{y - 8}" font-size="12">{g.accidental}</text>')
    parts.append(f'<text x="{cx:.1f}" y="{y}" font-size="{FONT_SIZE}" text-anchor="middle">{g.text}</text>')
    for i in range(g.above):
        parts.append(f'<circle cx="{cx:.1f}" cy="{y - 20 - i * OCTAVE_DOT_GAP}" r="1.8"/>')
    below_start = y + 6 + g.underlines * UNDERLINE_GAP
    for i in range(g.below):
        parts.append(f'<circle cx="{cx:.1f}" cy="{below_start + 2 + i * OCTAVE_DOT_GAP}" r="1.8"/>')
    if g.dotted:
        parts.append(f'<circle cx="{g.x + (6 if g.accidental else 0) + NUMBER_WIDTH + 2:.1f}" cy="{y - 6}" r="1.8"/>')
    for d in range(g.dashes):
        x0 = g.x + (6 if g.accidental else 0) + NUMBER_WIDTH * (d + 1) + 4
        parts.append(f'<line x1="{x0:.1f}" y1="{y - 7}" x2="{x0 + NUMBER_WIDTH - 8:.1f}" y2="{y - 7}" '
                     f'stroke="currentColor" stroke-width="2"/>')
    if g.lyric:
        parts.append(f'<text class="jp-lyric" x="{cx:.1f}" y="{y + 34}" font-size="12" '
                     f'text-anchor="middle">{escape(g.lyric)}</text>')
    parts.append("</g>")
    return "".join(parts)


def _beams(glyphs: list[Glyph], baseline: dict[int, float]) -> list[str]:
    """Underlines, joined over consecutive notes of one beat at each level."""
    out: list[str] = []
    for level in (1, 2, 3):
        run: list[Glyph] = []
        for g in glyphs + [Glyph("bar")]:
            joins = g.kind in ("note", "rest") and g.underlines >= level
            if joins and run and (g.beat != run[-1].beat or g.line != run[-1].line):
                out.append(_underline(run, level, baseline))
                run = []
            if joins:
                run.append(g)
            elif run:
                out.append(_underline(run, level, baseline))
                run = []
    return out


def _underline(run: list[Glyph], level: int, baseline: dict[int, float]) -> str:
    y = baseline[run[0].line] + 4 + level * UNDERLINE_GAP
    x0 = run[0].x + (6 if run[0].accidental else 0) + 3
    last = run[-1]
    x1 = last.x + (6 if last.accidental else 0) + NUMBER_WIDTH - 3 + (AUG_DOT_WIDTH if last.dotted else 0)
    return f'<line class="jp-beam" x1="{x0:.1f}" y1="{y}" x2="{x1:.1f}" y2="{y}" stroke="currentColor" stroke-width="1.5"/>'


def _arcs(glyphs: list[Glyph], baseline: dict[int, float]) -> list[str]:
    """Ties (note to next note) and slurs (start to stop), drawn as arcs above the numbers."""
    notes = [g for g in glyphs if g.kind in ("note", "rest")]
    out: list[str] = []
    open_slur: Glyph | None = None
    following: list[Glyph | None] = [*notes[1:], None]
    for a, b in zip(notes, following, strict=True):
        if a.tie_next and b is not None:
            out.append(_arc(a, b, baseline, "jp-tie"))
        if a.slur_start:
            open_slur = a
        if a.slur_stop and open_slur is not None and open_slur is not a:
            out.append(_arc(open_slur, a, baseline, "jp-slur"))
            open_slur = None
    return out


def _arc(a: Glyph, b: Glyph, baseline: dict[int, float], cls: str) -> str:
    ya = baseline[a.line] - 24 - 6 * a.above
    xa = a.x + NUMBER_WIDTH / 2 + (6 if a.accidental else 0)
    if b.line != a.line:
        xb, yb = xa + 30, ya
    else:
        xb, yb = b.x + NUMBER_WIDTH / 2 + (6 if b.accidental else 0), baseline[b.line] - 24 - 6 * b.above
    top = min(ya, yb) - 10
    return (f'<path class="{cls}" d="M{xa:.1f},{ya} Q{(xa + xb) / 2:.1f},{top} {xb:.1f},{yb}" '
            f'fill="none" stroke="currentColor"/>')


def with_ids(notes: Sequence[JianpuNote], ids: Sequence[str | None]) -> list[JianpuNote]:
    """``notes`` with the staff rendering's id of each target note (``ids[index]``); a tie's
    continuation shares its start's id, so the whole held note takes the verdict's colour."""
    out: list[JianpuNote] = []
    current: str | None = None
    for n in notes:
        if n.midi is None:
            out.append(n)
            continue
        if n.index is not None:
            current = ids[n.index] if n.index < len(ids) else None
        out.append(replace(n, note_id=current))
    return out


def jianpu_from_musicxml(musicxml: str) -> tuple[list[JianpuNote], Key, tuple[int, int], Fraction]:
    """The first part's top line of a MusicXML score as jianpu notes, with its key, meter and pickup.

    Chords keep their highest note (the line the grader reads); tied notes stay separate and
    tied; slurs and the first verse of lyrics are kept. Target-note indices count notes that
    start a sound (a tie's continuation has none).
    """
    # music21 takes a second to import: only when a page first asks for numbered notation.
    import music21

    score = music21.converter.parse(musicxml, format="musicxml")
    parts = list(getattr(score, "parts", [])) or [score]
    part = parts[0]
    flat = part.flatten()
    key = _key_of(flat)
    ts = flat.getElementsByClass(music21.meter.TimeSignature).first()
    meter = (int(ts.numerator), int(ts.denominator)) if ts is not None else (4, 4)
    bar_len = Fraction(4 * meter[0], meter[1])
    measures = list(part.getElementsByClass(music21.stream.Measure))
    pickup = Fraction(0)
    if measures:
        first_len = Fraction(measures[0].duration.quarterLength).limit_denominator(64)
        if 0 < first_len < bar_len and (measures[0].paddingLeft or measures[0].number == 0 or len(measures) > 1):
            pickup = first_len
    slur_starts: set[int] = set()
    slur_stops: set[int] = set()
    for slur in flat.getElementsByClass(music21.spanner.Slur):
        spanned = slur.getSpannedElements()
        if len(spanned) >= 2:
            slur_starts.add(id(spanned[0]))
            slur_stops.add(id(spanned[-1]))
    notes: list[JianpuNote] = []
    index = 0
    last_end = Fraction(0)
    for el in flat.notesAndRests:
        offset = Fraction(el.offset).limit_denominator(64)
        length = Fraction(el.duration.quarterLength).limit_denominator(64)
        if length <= 0 or offset < last_end:  # a grace note, or a lower voice under the top line
            continue
        last_end = offset + length
        if el.isRest:
            notes.append(JianpuNote(None, length))
            continue
        top = max(el.pitches, key=lambda p: p.midi) if el.isChord else el.pitch
        midi = top.midi
        tie = el.tie.type if el.tie is not None else None
        continues = tie in ("stop", "continue")
        lyric = el.lyric if getattr(el, "lyric", None) else None
        notes.append(JianpuNote(int(midi), length, index=None if continues else index,
                                tie_next=tie in ("start", "continue"), slur_start=id(el) in slur_starts,
                                slur_stop=id(el) in slur_stops, lyric=lyric, written=_written(top)))
        if not continues:
            index += 1
    return notes, key, meter, pickup


def _written(pitch: Any) -> Pitch | None:
    """A music21 pitch as spelled ("B-4" is B♭4); None for what the project does not spell (a quarter tone)."""
    try:
        written = parse_pitch(pitch.nameWithOctave)
    except MusicError:
        return None
    return written if written.midi == pitch.midi else None


def _key_of(flat: Any) -> Key:
    """The first key or key signature of a music21 stream; C major when there is none."""
    import music21

    found = flat.getElementsByClass(music21.key.KeySignature).first()
    if found is None:
        return make_key("C")
    if isinstance(found, music21.key.Key):
        # A modal key keeps its mode, so do is its signature's (D mixolydian, as a D zhi drill is written: 1=G).
        mode = found.mode if found.mode in MODES else "minor" if found.mode == "minor" else "major"
        return make_key(found.tonic.name.replace("-", "b"), mode)
    return Key.from_fifths(int(found.sharps))
