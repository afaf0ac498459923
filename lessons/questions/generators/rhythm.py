"""Meter and rhythm: classify meters, find a bar's time signature, note-value sums, counting."""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from music.duration import NOTE_VALUES, quarter_length
from music.pitch import Pitch

from ..model import Notation, NoteEvent
from .common import DIFFICULTY, Param, an, choose, pick_choices

#: The pitch rhythms are written on: B4, the treble staff's middle line.
RHYTHM_PITCH = Pitch(6, 0, 4)
Q = Fraction(1)


@dataclass(frozen=True, slots=True)
class Meter:
    """A time signature and how it is felt: ``beat`` in quarter notes, ``kind`` simple/compound/irregular."""

    beats: int
    beat_type: int
    kind: str
    pulses: int  # beats felt per bar
    beat_name: str

    @property
    def text(self) -> str:
        return f"{self.beats}/{self.beat_type}"

    @property
    def bar_quarters(self) -> Fraction:
        return Fraction(4 * self.beats, self.beat_type)

    @property
    def beat_quarters(self) -> Fraction:
        return self.bar_quarters / self.pulses

    @property
    def classification(self) -> str:
        if self.kind == "irregular":
            return "irregular (asymmetric)"
        return f"{self.kind} {({2: 'duple', 3: 'triple', 4: 'quadruple'})[self.pulses]}"


METERS = {m.text: m for m in (
    Meter(2, 4, "simple", 2, "quarter"), Meter(3, 4, "simple", 3, "quarter"), Meter(4, 4, "simple", 4, "quarter"),
    Meter(2, 2, "simple", 2, "half"), Meter(3, 2, "simple", 3, "half"), Meter(3, 8, "simple", 3, "eighth"),
    Meter(6, 8, "compound", 2, "dotted quarter"), Meter(9, 8, "compound", 3, "dotted quarter"),
    Meter(12, 8, "compound", 4, "dotted quarter"), Meter(6, 4, "compound", 2, "dotted half"),
    Meter(5, 4, "irregular", 5, "quarter"), Meter(7, 8, "irregular", 7, "eighth"),
)}
METER_NAMES = tuple(METERS)
#: Meters whose bars the rhythm generators can fill (quarter or dotted-quarter beats).
FILLABLE = ("2/4", "3/4", "4/4", "6/8", "9/8", "12/8")
CLASSIFICATIONS = ("simple duple", "simple triple", "simple quadruple", "compound duple", "compound triple",
                   "compound quadruple", "irregular (asymmetric)")
#: Chinese textbooks (李重光《基本乐理》, the 音乐联考 syllabus) sort meters by their strong beats, not by how a
#: beat divides: 单拍子 has one strong beat (2 or 3 beats), 复拍子 repeats one 单拍子 (4/4 = 2/4 + 2/4,
#: 6/8 = 3/8 + 3/8), 混合拍子 joins unequal ones (5/4, 7/8), 一拍子 has one beat a bar. The beat is the lower
#: number's note (6/8: six eighth-note beats). Written here in English words the catalogue says in Chinese.
ZH_CLASSIFICATIONS = ("single meter", "multiple meter", "mixed meter", "one-beat meter")
#: How a meter's questions are asked and graded: "western" (felt beats, simple/compound), "chinese" (as above),
#: "auto": the reader's language when the question is served (lessons.services stores which); a question
#: stored without a convention was asked the western way.
CONVENTIONS = ("auto", "western", "chinese")
VALUE_OF_LOWER = {2: "half", 4: "quarter", 8: "eighth"}


def zh_classification(meter: Meter) -> str:
    """The meter's class in 基本乐理: 4/4 and 6/8 are 复拍子, 5/4 and 7/8 混合拍子."""
    if meter.beats == 1:
        return "one-beat meter"
    if meter.beats in (2, 3):
        return "single meter"
    if meter.beats % 2 and meter.beats % 3:
        return "mixed meter"
    return "multiple meter"


def zh_parts(meter: Meter) -> str:
    """The single meters a bar is made of, as 基本乐理 writes them: "3/8 + 3/8", "2/4 + 3/4"."""
    if meter.beats % 2 and meter.beats % 3:  # 5 = 2 + 3, 7 = 2 + 2 + 3 (other orders are as common)
        groups = [2] * ((meter.beats - 3) // 2) + [3]
    else:
        size = 3 if meter.beats % 3 == 0 else 2
        groups = [size] * (meter.beats // size)
    return " + ".join(f"{g}/{meter.beat_type}" for g in groups)

Cell = tuple[tuple[str, int, str], ...]  # (value, dots, tie) per note; value "r:quarter" is a rest
SIMPLE_CELLS: dict[str, tuple[int, Cell, int]] = {
    # name: (beats, notes, difficulty from which it appears)
    "quarter": (1, (("quarter", 0, ""),), 1),
    "8th-pair": (1, (("eighth", 0, ""), ("eighth", 0, "")), 1),
    "quarter-rest": (1, (("r:quarter", 0, ""),), 1),
    "half": (2, (("half", 0, ""),), 1),
    "16ths": (1, (("16th", 0, ""),) * 4, 2),
    "8th-16th-16th": (1, (("eighth", 0, ""), ("16th", 0, ""), ("16th", 0, "")), 2),
    "16th-16th-8th": (1, (("16th", 0, ""), ("16th", 0, ""), ("eighth", 0, "")), 2),
    "dotted-quarter-8th": (2, (("quarter", 1, ""), ("eighth", 0, "")), 2),
    "dotted-half": (3, (("half", 1, ""),), 1),
    "dotted-8th-16th": (1, (("eighth", 1, ""), ("16th", 0, "")), 3),
    "syncopation": (2, (("eighth", 0, ""), ("quarter", 0, ""), ("eighth", 0, "")), 3),
    "tie": (2, (("quarter", 0, "start"), ("eighth", 0, "stop"), ("eighth", 0, "")), 2),
}
COMPOUND_CELLS: dict[str, tuple[int, Cell, int]] = {
    "dotted-quarter": (1, (("quarter", 1, ""),), 1),
    "8th-triple": (1, (("eighth", 0, ""),) * 3, 1),
    "quarter-8th": (1, (("quarter", 0, ""), ("eighth", 0, "")), 1),
    "8th-quarter": (1, (("eighth", 0, ""), ("quarter", 0, "")), 2),
    "dotted-half": (2, (("half", 1, ""),), 1),
    "dotted-8th-16th": (1, (("eighth", 1, ""), ("16th", 0, ""), ("eighth", 0, "")), 3),
    "tie": (2, (("quarter", 1, "start"), ("eighth", 0, "stop"), ("eighth", 0, ""), ("eighth", 0, "")), 2),
    "dotted-quarter-rest": (1, (("r:quarter", 1, ""),), 2),
}


def fill_bar(rng: random.Random, meter: Meter, difficulty: int) -> tuple[list[NoteEvent], list[str]]:
    """One bar of ``meter`` from rhythm cells allowed at ``difficulty``; also the cells' ``rhy:`` names."""
    cells = COMPOUND_CELLS if meter.kind == "compound" else SIMPLE_CELLS
    usable = [(name, c) for name, c in cells.items() if c[2] <= difficulty]
    left = meter.pulses
    events: list[NoteEvent] = []
    names: list[str] = []
    while left > 0:
        options = [(n, c) for n, c in usable if c[0] <= left]
        name, (beats, notes, _) = choose(rng, options)
        left -= beats
        names.append(name)
        for value, dots, tie in notes:
            rest = value.startswith("r:")
            events.append(NoteEvent(() if rest else (RHYTHM_PITCH,), value.removeprefix("r:"), dots, tie))
    return events, names


def _quarters(e: NoteEvent) -> Fraction:
    return quarter_length(e.value, dots=e.dots)


def build_meter_identify(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    meter = METERS[choose(rng, p["meters"])]
    if p["convention"] == "chinese":
        return _meter_identify_chinese(rng, p, meter)
    asks = [a for a in p["ask"] if not (meter.kind == "irregular" and a != "classification")] or ["classification"]
    ask = choose(rng, asks)
    notation = Notation(clef="treble", time=(meter.beats, meter.beat_type), measures=((),), id_prefix="q")
    why = (f"{meter.text}: {'the top number divides by 3 (and is more than 3), so each beat is a dotted note holding three ' + ('eighths' if meter.beat_type == 8 else 'quarters') if meter.kind == 'compound' else 'each beat is one ' + meter.beat_name + ' note' if meter.kind == 'simple' else 'beats of unequal length (groups of 2 and 3)'}; "
           f"{meter.pulses if meter.kind != 'irregular' else meter.beats} "
           f"{'beats' if meter.kind != 'irregular' else meter.beat_name + 's'} in a bar: {meter.classification}.")
    tags = (f"meter:{meter.text}", f"meter:{meter.kind}")
    if ask == "classification":
        choices = pick_choices(rng, meter.classification, CLASSIFICATIONS)
        return dict(prompt="How is this time signature classified?", answer_mode="choice",
                    answer=meter.classification, choices=choices, explanation=why, tags=tags, notation=notation)
    if ask == "beats":
        correct = str(meter.pulses)
        pool = [str(n) for n in {meter.beats, meter.pulses * 3, meter.pulses + 1, meter.pulses - 1, 2, 3, 4, 6}
                if n > 0]
        choices = pick_choices(rng, correct, pool, ordered=[str(i) for i in range(1, 20)])
        return dict(prompt=f"How many beats are felt in a bar of {meter.text}?", answer_mode="choice",
                    answer=correct, choices=choices, explanation=why, tags=tags, notation=notation)
    correct = meter.beat_name
    pool = ["quarter", "eighth", "half", "dotted quarter", "dotted half", "dotted eighth"]
    choices = pick_choices(rng, correct, pool)
    return dict(prompt=f"Which note value gets one beat in {meter.text}?", answer_mode="choice", answer=correct,
                choices=choices, explanation=why, tags=tags, notation=notation)


def _meter_identify_chinese(rng: random.Random, p: dict[str, Any], meter: Meter) -> dict[str, Any]:
    """The same three questions as 基本乐理 asks them: its classes, beats counted by the lower number."""
    ask = choose(rng, p["ask"])
    notation = Notation(clef="treble", time=(meter.beats, meter.beat_type), measures=((),), id_prefix="q")
    kind = zh_classification(meter)
    unit = VALUE_OF_LOWER[meter.beat_type]
    count = (f"{meter.text}: the lower number makes the {unit} note one beat, the upper number gives "
             f"{meter.beats} beats in a bar; ")
    if kind == "single meter":
        why = count + "one strong beat in the bar: single meter."
    elif kind == "multiple meter":
        why = count + f"{zh_parts(meter)}, one single meter repeated (strong, then medium-strong beats): multiple meter."
    else:
        why = count + f"unequal single meters joined ({zh_parts(meter)}): mixed meter."
    tags = (f"meter:{meter.text}", f"meter:{meter.kind}")
    if ask == "classification":
        choices = pick_choices(rng, kind, ZH_CLASSIFICATIONS)
        return dict(prompt="Which kind of meter is this time signature?", answer_mode="choice", answer=kind,
                    choices=choices, explanation=why, tags=tags, notation=notation)
    if ask == "beats":
        correct = str(meter.beats)
        # The felt beats (2 in 6/8) are the slip a student who learnt the western count makes.
        pool = [str(n) for n in {meter.beats + 1, meter.beats - 1, meter.beats * 2, 2, 3, 4, 6} if n > 0]
        choices = pick_choices(rng, correct, pool, prefer=[str(meter.pulses)],
                               ordered=[str(i) for i in range(1, 30)])
        return dict(prompt=f"How many beats are in a bar of {meter.text}?", answer_mode="choice",
                    answer=correct, choices=choices, explanation=why, tags=tags, notation=notation)
    pool = ["quarter", "eighth", "half", "dotted quarter", "dotted half", "sixteenth"]
    choices = pick_choices(rng, unit, pool, prefer=[meter.beat_name])
    return dict(prompt=f"Which note value is one beat in {meter.text}?", answer_mode="choice", answer=unit,
                choices=choices, explanation=why, tags=tags, notation=notation)


def build_time_signature_identify(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    meter = METERS[choose(rng, [m for m in p["meters"] if m in FILLABLE] or ["4/4"])]
    events, cells = fill_bar(rng, meter, p["difficulty"])
    notation = Notation(clef="treble", time=(meter.beats, meter.beat_type), show_time=False,
                        measures=(tuple(events),), id_prefix="q")
    pool = [m.text for m in METERS.values() if m.bar_quarters != meter.bar_quarters]
    pool += ["5/8", "3/8", "7/4"]
    pool = [x for x in dict.fromkeys(pool) if Fraction(4 * int(x.split("/")[0]), int(x.split("/")[1]))
            != meter.bar_quarters]
    choices = pick_choices(rng, meter.text, pool)
    total = meter.bar_quarters
    explanation = (f"The notes add up to {_fraction_words(total)} quarter notes"
                   f"{', grouped in dotted-quarter beats' if meter.kind == 'compound' else ''}: {meter.text}.")
    tags = (f"meter:{meter.text}", f"meter:{meter.kind}", *sorted({f"rhy:{c}" for c in cells}))
    return dict(prompt="Which time signature fits this bar?", answer_mode="choice", answer=meter.text,
                choices=choices, explanation=explanation, tags=tags, notation=notation)


def _fraction_words(x: Fraction) -> str:
    whole, part = divmod(x, 1)
    frac = {Fraction(1, 2): "½", Fraction(1, 4): "¼", Fraction(3, 4): "¾", Fraction(1, 3): "⅓",
            Fraction(2, 3): "⅔"}.get(Fraction(part), "" if not part else f" {part}")
    return f"{int(whole) if whole or not frac else ''}{frac}"


VALUE_WORDS = {"whole": "whole note", "half": "half note", "quarter": "quarter note", "eighth": "eighth note",
               "16th": "sixteenth note"}
VALUE_ORDER = ("whole", "half", "quarter", "eighth", "16th")


def build_note_values(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    difficulty = p["difficulty"]
    max_dots = min(difficulty - 1, 2) if p["dots"] else 0
    while True:
        big = choose(rng, VALUE_ORDER[:4])
        dots = rng.randint(0, max_dots)
        total = quarter_length(big, dots=dots)
        tied = None
        if p["ties"] and rng.random() < 0.4:
            tied = choose(rng, VALUE_ORDER[1:])
            total += NOTE_VALUES[tied]
        smaller = [v for v in VALUE_ORDER if NOTE_VALUES[v] < total]
        if not smaller:
            continue
        unit = choose(rng, smaller)
        count = total / NOTE_VALUES[unit]
        if count.denominator == 1 and count > 1:
            break
    n = int(count)
    dotted = ("double-dotted " if dots == 2 else "dotted " if dots else "")
    what = an(f"{dotted}{VALUE_WORDS[big]}") + (f" tied to {an(VALUE_WORDS[tied])}" if tied else "")
    undotted = NOTE_VALUES[big] / NOTE_VALUES[unit]
    pool = [n + 1, n - 1, n * 2, n + 2, int(undotted) if dots else n - 2]
    if tied:
        pool.append(int(total / NOTE_VALUES[unit]) - 1)
    pool_text = [str(x) for x in pool if x > 0]
    choices = pick_choices(rng, str(n), pool_text, ordered=[str(i) for i in range(1, 200)])
    dot_rule = " A dot adds half the note's value; a second dot adds half of that." if dots else ""
    tie_rule = " A tie adds the two values into one sound." if tied else ""
    tags = ["rhy:" + ("dotted-" if dots else "") + big.replace("eighth", "8th").replace("16th", "16th")]
    if tied:
        tags.append("rhy:tie")
    return dict(prompt=f"How many {VALUE_WORDS[unit]}s last as long as {what}?", answer_mode="choice",
                answer=str(n), choices=choices, tags=tuple(tags),
                explanation=f"{what[0].upper() + what[1:]} lasts {n} {VALUE_WORDS[unit]}s.{dot_rule}{tie_rule}")


SIMPLE_SYLLABLES = ("", " e", " &", " a")
COMPOUND_SYLLABLES = ("", " &", " a")


def count_label(meter: Meter, onset: Fraction) -> str | None:
    """The spoken count at ``onset`` (quarters from the barline): ``2 &`` or ``3 e``; None off the grid."""
    if not 0 <= onset < meter.bar_quarters:
        return None
    beat, within = divmod(onset, meter.beat_quarters)
    syllables: tuple[str, ...]
    if meter.kind == "compound":
        slot = within / Fraction(1, 2)
        syllables = COMPOUND_SYLLABLES
    else:
        slot = within / Fraction(1, 4)
        syllables = SIMPLE_SYLLABLES
    if slot.denominator != 1 or int(slot) >= len(syllables):
        return None
    return f"{int(beat) + 1}{syllables[int(slot)]}"


def build_rhythm_counting(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    meter = METERS[choose(rng, [m for m in p["meters"] if m in FILLABLE] or ["4/4"])]
    while True:
        events, cells = fill_bar(rng, meter, p["difficulty"])
        onsets = []
        t = Fraction(0)
        for e in events:
            onsets.append(t)
            t += _quarters(e)
        candidates = [i for i, e in enumerate(events) if e.pitches and e.tie in ("", "start")
                      and count_label(meter, onsets[i]) is not None]
        if len(candidates) >= 2 or (candidates and p["ask"] == ("duration",)):
            break
    i = choose(rng, candidates)
    ask = choose(rng, p["ask"])
    marked = list(events)
    marked[i] = NoteEvent(events[i].pitches, events[i].value, events[i].dots, events[i].tie, highlight=True)
    length = _quarters(events[i])
    if events[i].tie == "start":
        marked[i + 1] = NoteEvent(events[i + 1].pitches, events[i + 1].value, events[i + 1].dots,
                                  events[i + 1].tie, highlight=True)
        length += _quarters(events[i + 1])
    notation = Notation(clef="treble", time=(meter.beats, meter.beat_type), measures=(tuple(marked),), id_prefix="q")
    tags = (f"meter:{meter.text}", f"meter:{meter.kind}", *sorted({f"rhy:{c}" for c in cells}))
    counting = "1 e & a" if meter.kind == "simple" else "1 & a 2 & a"
    if ask == "onset":
        label = count_label(meter, onsets[i])
        assert label is not None
        grid = [count_label(meter, Fraction(k, 4)) for k in range(int(meter.bar_quarters * 4))]
        pool = [g for g in grid if g is not None]
        near = [count_label(meter, onsets[i] + d) for d in (Fraction(-1, 2), Fraction(1, 2), meter.beat_quarters,
                                                            -meter.beat_quarters)]
        choices = pick_choices(rng, label, pool, prefer=[x for x in near if x is not None],
                               ordered=[g for g in grid if g is not None])
        return dict(prompt=f"Counting {counting}, on which count does the coloured note begin?",
                    answer_mode="choice", answer=label, choices=choices, tags=tags, notation=notation,
                    explanation=f"Adding up the notes before it, the coloured note starts {_fraction_words(onsets[i])} "
                                f"quarter notes into the bar, which is counted '{label}'.")
    unit = Fraction(1) if meter.kind == "simple" else Fraction(1, 2)
    unit_name = "beats (quarter notes)" if meter.kind == "simple" else "eighth notes"
    amount = length / unit
    correct = _fraction_words(amount)
    pool = [_fraction_words(amount + d) for d in (Fraction(-1, 2), Fraction(1, 2), Fraction(1), Fraction(-1),
                                                  Fraction(2)) if amount + d > 0]
    pool += [_fraction_words(_quarters(events[i]) / unit)]
    order = [_fraction_words(Fraction(k, 4)) for k in range(1, 64)]
    choices = pick_choices(rng, correct, pool, ordered=order)
    tie = " including the note it is tied to" if events[i].tie == "start" else ""
    return dict(prompt=f"How long does the coloured note last, in {unit_name}?", answer_mode="choice",
                answer=correct, choices=choices, tags=tags, notation=notation,
                explanation=f"The coloured note{tie} lasts {correct} {unit_name}.")


METER_PARAMS = (
    Param("meters", "multi", list(METER_NAMES), "Time signatures.", METER_NAMES,
          levels=(("2/4", "3/4", "4/4"), METER_NAMES[:10], METER_NAMES)),
    Param("ask", "multi", ["classification", "beats", "beat_unit"], "What to ask.",
          ("classification", "beats", "beat_unit")),
    Param("convention", "choice", "auto", "How meters are classified and their beats counted: western (simple or "
          "compound; 6/8 has two beats), chinese (单拍子, 复拍子, 混合拍子; 6/8 has six), or auto: the student's "
          "language.", CONVENTIONS, unseeded=("auto", "western")),
    DIFFICULTY,
)
TIME_SIGNATURE_PARAMS = (
    Param("meters", "multi", list(FILLABLE), "Time signatures.", FILLABLE,
          levels=(("2/4", "3/4", "4/4"), FILLABLE, FILLABLE)),
    DIFFICULTY,
)
NOTE_VALUE_PARAMS = (
    Param("dots", "bool", True, "Dotted values.", levels=(False, True, True)),
    Param("ties", "bool", True, "Tied values.", levels=(False, True, True)),
    DIFFICULTY,
)
COUNTING_PARAMS = (
    Param("meters", "multi", list(FILLABLE), "Time signatures.", FILLABLE,
          levels=(("2/4", "3/4", "4/4"), FILLABLE, FILLABLE)),
    Param("ask", "multi", ["onset", "duration"], "Where a note begins, or how long it lasts.", ("onset", "duration")),
    DIFFICULTY,
)
