"""Numbered notation (简谱) against hand-checked examples: numbers, octave dots, underlines within beats,
dashes, dots, rests, ties across bar lines, accidentals, minor keys, pickups and note ids."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from generation.render.jianpu import Glyph, JianpuNote, jianpu_from_musicxml, jianpu_svg, layout, with_ids
from music.key import make_key


def _notes(*pairs: tuple[int | None, float]) -> list[JianpuNote]:
    out, index = [], 0
    for midi, q in pairs:
        out.append(JianpuNote(midi, F(q).limit_denominator(16), index=None if midi is None else index))
        index += midi is not None
    return out


def _written(glyphs: list[Glyph]) -> list[str]:
    """Each glyph as a teacher would spell it: dots above as ', below as ',', underlines as _, a dot as ·,
    dashes as ' -', bar lines as |."""
    out = []
    for g in glyphs:
        if g.kind == "bar":
            out.append("|")
        elif g.kind == "final":
            out.append("||")
        else:
            out.append(g.accidental + g.text + "'" * g.above + "," * g.below + "_" * g.underlines
                       + ("·" if g.dotted else "") + " -" * g.dashes)
    return out


def test_octave_dots_count_octaves_from_the_middle_one() -> None:
    # 1=C: C4 D4 E4 | G3 C5 D5 | C6 B3 — the middle octave is the one needing the fewest dots (C4-B4).
    notes = _notes((60, 1), (62, 1), (64, 2), (55, 1), (72, 1), (74, 2), (84, 2), (59, 2))
    assert _written(layout(notes, key=make_key("C"), meter=(4, 4))) == [
        "1", "2", "3 -", "|", "5,", "1'", "2' -", "|", "1'' -", "7, -", "||"]


def test_underlines_join_the_notes_of_one_beat_only() -> None:
    notes = _notes((67, 0.5), (69, 0.5), (71, 0.25), (72, 0.25), (74, 0.5), (72, 1), (71, 1))
    glyphs = layout(notes, key=make_key("G"), meter=(2, 4))
    assert _written(glyphs) == ["1_", "2_", "3__", "4__", "5_", "|", "4", "3", "||"]
    beats = [g.beat for g in glyphs if g.kind == "note"]
    assert beats[:5] == [(0, 0), (0, 0), (0, 1), (0, 1), (0, 1)]
    svg = jianpu_svg(notes, key=make_key("G"), meter=(2, 4))
    # Level 1: one line under beat 1's two eighths, one under beat 2's three notes; level 2: the two sixteenths.
    assert svg.count('class="jp-beam"') == 3


def test_dotted_rhythms_in_6_8() -> None:
    # 6/8 in D: 5· 6 5_ | 3_· 2__ 1_ 1· — a dotted quarter is one beat, three eighths join in one beat.
    notes = _notes((69, 1.5), (71, 1), (69, 0.5), (66, 0.75), (64, 0.25), (62, 0.5), (62, 1.5))
    glyphs = layout(notes, key=make_key("D"), meter=(6, 8))
    assert _written(glyphs) == ["5·", "6", "5_", "|", "3_·", "2__", "1_", "1·", "||"]
    bar2 = [g.beat for g in glyphs if g.kind == "note"][3:]
    assert bar2 == [(1, 0), (1, 0), (1, 0), (1, 1)]


def test_rests_are_zeros_one_per_beat_and_held_notes_dashes() -> None:
    notes = _notes((64, 1), (None, 2), (64, 1), (65, 3), (None, 1))
    assert _written(layout(notes, key=make_key("C"), meter=(4, 4))) == [
        "3", "0", "0", "3", "|", "4 - -", "0", "||"]


@pytest.mark.parametrize(("width", "bars"), [(400, 3), (720, 6)])
def test_a_bar_that_does_not_fit_starts_a_new_line_even_when_it_is_one_long_note(width: int, bars: int) -> None:
    # Bars of four quarters (100 px each with the bar line) that fill a line, then a whole F sharp (94 px)
    # that does not fit: it went past the line's end, its final bar line cut off by the drawing's edge.
    notes = _notes(*[(60, 1)] * (4 * bars), (66, 4))
    glyphs = layout(notes, key=make_key("C"), meter=(4, 4), width=width)
    assert max(g.x + g.width for g in glyphs) <= width
    assert glyphs[-2].line == 1 and glyphs[-2].x == 16 and glyphs[-1].kind == "final"


def test_a_bar_wider_than_a_line_stays_whole_on_a_line_of_its_own() -> None:
    notes = _notes((60, 4), *[(62, 0.25)] * 16, (64, 4))
    glyphs = layout(notes, key=make_key("C"), meter=(4, 4), width=200)
    assert [g.line for g in glyphs if g.kind == "note"][1:17] == [1] * 16
    assert all(g.x >= 16 for g in glyphs)


def test_a_note_across_a_bar_line_is_tied() -> None:
    notes = _notes((67, 3), (67, 2), (65, 3))
    glyphs = layout(notes, key=make_key("C"), meter=(4, 4))
    assert _written(glyphs) == ["5 - -", "5", "|", "5", "4 - -", "||"]
    pieces = [g for g in glyphs if g.kind == "note"]
    assert pieces[1].tie_next and not pieces[0].tie_next and pieces[2].index is None


def test_accidentals_and_minor_keys_count_from_the_relative_major() -> None:
    # D major: C natural is flat 7, G sharp is sharp 4. A minor: 1=C, its tonic is 6, G# is sharp 5.
    d = layout(_notes((72, 1), (68, 1), (74, 2)), key=make_key("D"), meter=(4, 4))
    assert _written(d)[:3] == ["♭7", "♯4", "1' -"]
    a_minor = layout(_notes((69, 1), (68, 1), (69, 2)), key=make_key("A", "minor"), meter=(4, 4))
    assert _written(a_minor)[:3] == ["6", "♯5", "6 -"]
    assert "1=C" in jianpu_svg(_notes((69, 4)), key=make_key("A", "minor"), meter=(4, 4))


def test_a_pickup_puts_the_first_bar_line_after_it() -> None:
    notes = _notes((62, 1), (67, 2), (71, 0.5), (67, 0.5), (71, 2), (69, 1), (67, 3))
    assert _written(layout(notes, key=make_key("G"), meter=(3, 4), pickup=F(1))) == [
        "5,", "|", "1 -", "3_", "1_", "|", "3 -", "2", "|", "1 - -", "||"]


def test_every_note_carries_the_staff_note_id_and_its_index() -> None:
    notes = with_ids(_notes((60, 1), (62, 1), (None, 1), (64, 1)), ["n0", "n1", "n2"])
    svg = jianpu_svg(notes, key=make_key("C"), meter=(4, 4), solfege=True)
    for index, note_id in enumerate(["n0", "n1", "n2"]):
        assert f'data-note-id="{note_id}" data-index="{index}"' in svg
    assert ">do<" in svg and ">re<" in svg and ">mi<" in svg


@pytest.mark.parametrize("fixture", ["tied", "chord"])
def test_it_reads_musicxml_top_lines_ties_and_pickups(fixture: str, tmp_path) -> None:
    import music21

    part = music21.stream.Part()
    part.append(music21.meter.TimeSignature("3/4"))
    part.append(music21.key.Key("F"))
    pickup = music21.stream.Measure(number=0)
    pickup.append(music21.note.Note("C4", quarterLength=1))
    part.append(pickup)
    m1 = music21.stream.Measure(number=1)
    first = music21.note.Note("F4", quarterLength=3)
    if fixture == "tied":
        first.tie = music21.tie.Tie("start")
    m1.append(first if fixture == "tied" else music21.chord.Chord(["A3", "F4"], quarterLength=3))
    part.append(m1)
    m2 = music21.stream.Measure(number=2)
    second = music21.note.Note("F4", quarterLength=1)
    if fixture == "tied":
        second.tie = music21.tie.Tie("stop")
    m2.append(second)
    m2.append(music21.note.Note("B-4", quarterLength=2))
    part.append(m2)
    xml = music21.musicxml.m21ToXml.GeneralObjectExporter(music21.stream.Score([part])).parse().decode()
    notes, key, meter, pickup_q = jianpu_from_musicxml(xml)
    assert meter == (3, 4) and pickup_q == 1 and key.tonic == "F"
    assert [n.midi for n in notes] == [60, 65, 65, 70]
    written = _written(layout(notes, key=key, meter=meter, pickup=pickup_q))
    assert written == ["5,", "|", "1 - -", "|", "1", "4 -", "||"]
    indices = [n.index for n in notes]
    assert indices == ([0, 1, None, 2] if fixture == "tied" else [0, 1, 2, 3])


def test_the_module_examples_hold() -> None:
    import doctest

    import generation.render.jianpu

    assert doctest.testmod(generation.render.jianpu).failed == 0


def test_a_chromatic_note_is_numbered_from_its_written_spelling() -> None:
    """A B♭ in C major is ♭7 and an A♯ is ♯6: the same key, the letter written decides (issue 17)."""
    import music21

    part = music21.stream.Part()
    part.append(music21.key.Key("C"))
    part.append(music21.meter.TimeSignature("4/4"))
    for name in ("C5", "B-4", "A#4", "G4"):
        part.append(music21.note.Note(name, quarterLength=1))
    xml = music21.musicxml.m21ToXml.GeneralObjectExporter(music21.stream.Score([part])).parse().decode()
    notes, key, meter, pickup_q = jianpu_from_musicxml(xml)
    assert _written(layout(notes, key=key, meter=meter, pickup=pickup_q)) == ["1'", "♭7", "♯6", "5", "||"]
    # A number alone (no spelling known) is still spelled in the key, as before.
    assert _written(layout(_notes((70, 1)), key=make_key("C"), meter=(1, 4))) == ["♯6", "||"]
