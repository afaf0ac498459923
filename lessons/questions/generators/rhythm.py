"""Meter and rhythm: classify meters, find a bar's time signature, note-value sums, counting."""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from music.duration import NOTE_VALUES, quarter_length
from music.pitch import Pitch

from ..model import Notation, NoteEvent
from .common import DIFFICULTY, VERSION_KEY, Param, an, choose, ordinal, pick_choices

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
        # 复拍子 (multiple meter) for 5/4 is marked wrong, with this sentence saying why. 李重光《基本乐理》, 黄祖庚's
        # course and the 音乐联考 syllabus make 混合拍子 a class of its own: a 复拍子 repeats one 单拍子 (equal
        # groups), 5/4 = 2/4 + 3/4 joins unequal ones. Some pages call it 混合复拍子, a kind of 复拍子, but with
        # 混合拍子 among the choices an exam takes only that, so the quiz teaches the answer the exam wants.
        why = count + (f"unequal single meters joined ({zh_parts(meter)}): mixed meter, not multiple meter, which "
                       "repeats one single meter in equal groups.")
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
    # A bar of rests is no bar of notes to count: drawn again (version 1 kept it, for questions served under it).
    while p[VERSION_KEY] >= 2 and not any(e.pitches for e in events):
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


#: 基本乐理 classrooms count a bar in the lower number's note (6/8: six eighth-note beats) and tap each beat
#: down-up (一下一上): a note starts on a beat (第2拍) or on its second half (第2拍后半拍); a quarter-note beat's
#: four sixteenths are named by their place (第2拍第2个十六分音符). Written in English words the catalogue says
#: in Chinese ("beat 2, second half").
ZH_HALF = "second half"


def zh_count_label(meter: Meter, onset: Fraction) -> str | None:
    """Where ``onset`` (quarters from the barline) falls as 基本乐理 counts: ``beat 4`` in 6/8 (six eighth-note
    beats), ``beat 2, second half``, ``beat 3, 2nd sixteenth``; None off that grid."""
    beat_quarters = Fraction(4, meter.beat_type)
    if not 0 <= onset < meter.bar_quarters:
        return None
    beat, within = divmod(onset, beat_quarters)
    slot = within / (beat_quarters / 4)
    if slot.denominator != 1:
        return None
    if slot == 0:
        return f"beat {int(beat) + 1}"
    if slot == 2:
        return f"beat {int(beat) + 1}, {ZH_HALF}"
    # A quarter of an eighth-note beat is a 32nd, which no bar here holds: only a quarter-note beat has sixteenths.
    return f"beat {int(beat) + 1}, {ordinal(int(slot) + 1)} sixteenth" if meter.beat_type == 4 else None


def _value_name(e: NoteEvent) -> str:
    """``dotted quarter``, ``sixteenth rest``: one event as ``question_text.choice_text`` reads a rhythm."""
    name = ("dotted " * e.dots) + ("sixteenth" if e.value == "16th" else e.value)
    return name if e.pitches else name + " rest"


def _rhythm_words(events: list[NoteEvent]) -> str:
    """The events as a list of values, a tied pair said as one: ``quarter tied to eighth, eighth rest``."""
    out: list[str] = []
    for e in events:
        if out and e.tie == "stop":
            out[-1] += " tied to " + _value_name(e)
        else:
            out.append(_value_name(e))
    return ", ".join(out)


def _amount(x: Fraction, singular: str, plural: str) -> str:
    """``½ beat``, ``1 beat``, ``1½ beats``: the unit is plural above one."""
    return f"{_fraction_words(x)} {singular if x <= 1 else plural}"


def _western_place(meter: Meter, onset: Fraction) -> str:
    """Where ``onset`` falls from the beat it is in, in the smallest value that reaches it: "an eighth after beat 2"."""
    beat, within = divmod(onset, meter.beat_quarters)
    n = int(beat) + 1
    if within == 0:
        return f"on beat {n}"
    if meter.kind == "compound":
        return f"{'an eighth' if within == Fraction(1, 2) else 'two eighths'} after beat {n}"
    return {Fraction(1, 4): f"a sixteenth after beat {n}", Fraction(1, 2): f"an eighth after beat {n}",
            Fraction(3, 4): f"three sixteenths after beat {n}"}[within]


def build_rhythm_counting(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    meter = METERS[choose(rng, [m for m in p["meters"] if m in FILLABLE] or ["4/4"])]
    chinese = p["convention"] == "chinese"
    label_at = (lambda onset: zh_count_label(meter, onset)) if chinese else (lambda onset: count_label(meter, onset))
    while True:
        events, cells = fill_bar(rng, meter, p["difficulty"])
        onsets = []
        t = Fraction(0)
        for e in events:
            onsets.append(t)
            t += _quarters(e)
        candidates = [i for i, e in enumerate(events) if e.pitches and e.tie in ("", "start")
                      and label_at(onsets[i]) is not None]
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
    before = _rhythm_words(events[:i])
    coloured = events[i: i + 2] if events[i].tie == "start" else events[i: i + 1]
    value = " tied to ".join(an(_value_name(e) + " note") for e in coloured)
    # How the length is reached, for a student who counted the dotted or tied note as its plain head.
    rules = ((" A dot adds half the note's value." if any(e.dots for e in coloured) else "")
             + (" A tie adds the two values into one sound." if len(coloured) > 1 else ""))
    if chinese:
        return _rhythm_counting_chinese(rng, p, meter, ask, onsets[i], length, before, value, rules, tags,
                                        notation)
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
        place = _western_place(meter, onsets[i])
        if onsets[i] == 0:
            why = f"The coloured note begins the bar: '{label}'."
        elif meter.kind == "simple":
            why = (f"The notes before it ({before}) last "
                   f"{_amount(onsets[i], 'beat (quarter note)', 'beats (quarter notes)')}, so it begins {place}: "
                   f"'{label}'.")
        else:
            why = (f"The notes before it ({before}) last {_amount(onsets[i] * 2, 'eighth note', 'eighth notes')}; a "
                   f"beat is a dotted quarter (three eighths), so it begins {place}: '{label}'.")
        return dict(prompt=f"Counting {counting}, on which count does the coloured note begin?",
                    answer_mode="choice", answer=label, choices=choices, tags=tags, notation=notation,
                    explanation=why)
    unit = Fraction(1) if meter.kind == "simple" else Fraction(1, 2)
    unit_name = "beats (quarter notes)" if meter.kind == "simple" else "eighth notes"
    amount = length / unit
    correct = _fraction_words(amount)
    pool = [_fraction_words(amount + d) for d in (Fraction(-1, 2), Fraction(1, 2), Fraction(1), Fraction(-1),
                                                  Fraction(2)) if amount + d > 0]
    pool += [_fraction_words(_quarters(events[i]) / unit)]
    order = [_fraction_words(Fraction(k, 4)) for k in range(1, 64)]
    choices = pick_choices(rng, correct, pool, ordered=order)
    if meter.kind == "simple":
        why = f"The coloured note ({value}) lasts {_amount(amount, 'beat (quarter note)', 'beats (quarter notes)')}."
    else:
        why = f"The coloured note ({value}) lasts as long as {_amount(amount, 'eighth note', 'eighth notes')}."
    return dict(prompt=f"How long does the coloured note last, in {unit_name}?", answer_mode="choice",
                answer=correct, choices=choices, tags=tags, notation=notation, explanation=why + rules)


def _rhythm_counting_chinese(rng: random.Random, p: dict[str, Any], meter: Meter, ask: str, onset: Fraction,
                             length: Fraction, before: str, value: str, rules: str, tags: tuple[str, ...],
                             notation: Notation) -> dict[str, Any]:
    """The two questions as 基本乐理 asks them: the beat is the lower number's note, places are 第几拍 and its
    后半拍, lengths are counted in those beats (6/8: a quarter note is two beats)."""
    beat_quarters = Fraction(4, meter.beat_type)
    beat = VALUE_OF_LOWER[meter.beat_type] + " note"
    if ask == "onset":
        label = zh_count_label(meter, onset)
        assert label is not None
        grid = [zh_count_label(meter, Fraction(k, 4)) for k in range(int(meter.bar_quarters * 4))]
        ordered = [g for g in grid if g is not None]
        # The slips: half a beat off, a beat off, and the place a western count of 6/8 would give (beat 2 for 4).
        near = [zh_count_label(meter, onset + d) for d in (beat_quarters / 2, -beat_quarters / 2, beat_quarters,
                                                            -beat_quarters)]
        if meter.kind == "compound":
            near.insert(0, f"beat {int(onset // meter.beat_quarters) + 1}")
        choices = pick_choices(rng, label, ordered, prefer=[x for x in near if x in ordered], ordered=ordered)
        if onset == 0:
            why = f"The coloured note begins the bar: {label}."
        else:
            why = (f"With the {beat} as one beat, the notes before it ({before}) take up "
                   f"{_amount(onset / beat_quarters, 'beat', 'beats')}, so it begins on {label}.")
        return dict(prompt=f"Counting the {beat} as one beat, on which beat does the coloured note begin?",
                    answer_mode="choice", answer=label, choices=choices, tags=tags, notation=notation,
                    explanation=why)
    # Lengths with their unit ("1½ beats"), which question_text says as a Chinese textbook does (一拍半).
    def beats(x: Fraction) -> str:
        return _amount(x, "beat", "beats")

    amount = length / beat_quarters
    correct = beats(amount)
    pool = [beats(amount + d) for d in (Fraction(-1, 2), Fraction(1, 2), Fraction(1), Fraction(-1), Fraction(2))
            if amount + d > 0]
    # The slip: the length counted in quarter notes, as a student used to x/4 meters does in 6/8.
    choices = pick_choices(rng, correct, pool, prefer=[beats(length)] if length != amount else [],
                           ordered=[beats(Fraction(k, 4)) for k in range(1, 64)])
    return dict(prompt=f"Counting the {beat} as one beat, how many beats does the coloured note last?",
                answer_mode="choice", answer=correct, choices=choices, tags=tags, notation=notation,
                explanation=f"With the {beat} as one beat, the coloured note ({value}) takes up "
                            f"{beats(amount)}.{rules}")


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
    Param("convention", "choice", "auto", "How beats are counted: western (1 e & a; 6/8 in two dotted-quarter "
          "beats), chinese (第几拍, 后半拍; the lower number's note is one beat, so 6/8 has six), or auto: the "
          "student's language.", CONVENTIONS, unseeded=("auto", "western")),
    DIFFICULTY,
)
