"""From what was read to :class:`DrillParams`: a fresh drill (``_fresh``) or a refined one (``_refine``),
refinements applied (``_apply``), and the checks on the finished data (``_finish``): note values, range and
instrument, degrees and target notes made to fit the key and level."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from music.chord import parse_progression
from music.errors import MusicError
from music.interval import melodic_interval, parse_interval
from music.key import Key, key_pitches, make_key
from music.scale import MINOR_MODES, MODES

from ..errors import InvalidParams
from ..messages_zh import ZH_MODE_NAMES, chart_error_zh, key_name_zh
from ..params import CLEF_RANGES, LEVELS, MAX_BARS, VOICE_RANGES, DrillParams, pattern_value
from ..rhythm import parse_meter
from .compiled import rx
from .ranges import CHILD_RANGE
from .reader import _Reader
from .words import (
    _KIND_ZH,
    _NOTE_VALUE_ORDER,
    _ZH_DURATION_NAMES,
    _ZH_INSTRUMENT_NAMES,
    _ZH_NUMBER_NAMES,
    INSTRUMENT_RANGES,
    _midi,
    _pc_of,
    _shift_name,
    altered_degree,
    insert_applied,
)


def _fresh(reader: _Reader) -> DrillParams:
    found = dict(reader.found)
    young_level = found.pop("_young_level", None)
    level = int(found.pop("level", young_level or 3))
    mood = found.pop("_mood", None)
    if mood == "sad":
        found.setdefault("mode", "minor")
        found.setdefault("tempo", 66)
    elif mood == "happy":
        found.setdefault("mode", "major")
        found.setdefault("tempo", 112)
    explicit_level = "level" in reader.found
    base = DrillParams.preset(level, **_fields(found))
    if not explicit_level and young_level:
        reader.understood.insert(0, f"等级：{level}（年幼的孩子）" if reader.zh else f"level: {level} (a young child)")
    elif not explicit_level:
        reader.understood.insert(0, f"等级：{level}（默认）" if reader.zh else f"level: {level} (default)")
    changes = [r for r in reader.refinements if r[0] != "voice"]
    if changes:
        return _apply(base, changes, {}, reader)
    return _finish(base.to_dict(), reader)


def _fields(found: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in found.items() if not k.startswith("_")}


_KEEP_ON_LEVEL_CHANGE = ("kind", "key", "mode", "meter", "low", "high", "voice", "clef", "bars", "form",
                         "progression", "target_notes", "target_intervals", "target_rhythms", "quota", "quota_window",
                         "rhythm_pattern", "output", "rests", "tempo")


def _refine(previous: DrillParams, reader: _Reader) -> DrillParams:
    found = dict(reader.found)
    mood = found.pop("_mood", None)
    if mood == "sad":
        found.setdefault("mode", "minor")
    data = previous.to_dict()
    data["seed"] = None
    if "level" in found and found["level"] != previous.level:
        level = int(found.pop("level"))
        keep = {k: data[k] for k in _KEEP_ON_LEVEL_CHANGE}
        data = DrillParams.preset(level, **keep).to_dict()
        data["seed"] = None
    found.pop("level", None)
    if any(found.get(f) == data.get(f) for f in ("bars", "tempo")):
        found = {k: v for k, v in found.items() if not (k in ("bars", "tempo") and v == data.get(k))}
    return _apply(DrillParams.from_dict(data), reader.refinements, found, reader, refining=True)


def _apply(base: DrillParams, refinements: list[tuple[str, Any]], found: dict[str, Any], reader: _Reader, *,
           refining: bool = False) -> DrillParams:
    """Apply refinement words to ``base``: each changes only the parameters it names."""
    data = base.to_dict()
    data["seed"] = found.get("seed")
    # A value the words name ("太难了，换个容易的", "slower, at 60") wins over a step that would move it again.
    named = {"harder": "level", "easier": "level", "slower": "tempo", "faster": "tempo", "shorter": "bars",
             "longer": "bars", "cap bars": "bars", "floor bars": "bars", "double bars": "bars", "halve bars": "bars"}
    # In a refinement, a named value equal to the last drill's is the one complained of ("八小节太长了").
    refinements = [r for r in refinements if named.get(r[0]) not in reader.found
                   or (refining and named[r[0]] in ("bars", "tempo") and reader.found[named[r[0]]] == data[named[r[0]]])]
    # "太长了，砍一半", "too long, half as long": the half is how much shorter, one change, not two.
    said = {name for name, _ in refinements}
    refinements = [r for r in refinements if not (r[0] == "shorter" and r[1] is None and "halve bars" in said
                                                  or r[0] == "longer" and r[1] is None and "double bars" in said)]
    # A bound on the tempo ("no faster than 110") holds whatever else moved the tempo, so it comes last.
    tempo_said = "tempo" in reader.found or bool(said & {"slower", "faster"})
    smoothed = False  # a trouble told and "smooth" beside it are one wish for fewer leaps, not two
    for name, value in sorted(refinements, key=lambda r: r[0] in ("cap tempo", "floor tempo")):
        if name in ("harder", "easier"):
            level = max(1, min(6, int(data["level"]) + (1 if name == "harder" else -1)))
            keep = {k: data[k] for k in _KEEP_ON_LEVEL_CHANGE if k != "tempo"}
            tempo = int(data["tempo"]) + (8 if name == "harder" else -8)
            preset = DrillParams.preset(level, **keep).to_dict()
            preset["tempo"] = max(40, min(200, tempo))
            preset["seed"] = data["seed"]
            data = preset
        elif name == "more leaps":
            data["leap_bias"] = min(20.0, float(data["leap_bias"]) * 1.8)
            data["step_bias"] = max(0.2, float(data["step_bias"]) / 1.4)
            data["max_leap"] = min(12, int(data["max_leap"]) + 2)
        elif name == "fewer leaps" and not smoothed:
            smoothed = True
            data["leap_bias"] = max(0.05, float(data["leap_bias"]) / 1.8)
            data["step_bias"] = min(20.0, float(data["step_bias"]) * 1.4)
        elif name == "add interval":
            iv = parse_interval(value)
            data["target_intervals"] = [*[t for t in data["target_intervals"] if t != value], value]
            if "max_leap" not in reader.found:
                data["max_leap"] = max(int(data["max_leap"]), abs(iv.semitones))
            # The range makes room for it in _finish, unless the request names the range.
        elif name == "cap bars":
            data["bars"] = min(int(data["bars"]), 8)
        elif name == "floor bars":
            data["bars"] = max(int(data["bars"]), 8)
        elif name in ("double bars", "halve bars"):
            data["bars"] = min(MAX_BARS, int(data["bars"]) * 2) if name == "double bars" else max(1, int(data["bars"]) // 2)
        elif name in ("shorter", "longer") and value is not None:
            data["bars"] = max(1, min(MAX_BARS, int(data["bars"]) + (value if name == "longer" else -value)))
        elif name in ("slower", "faster") and value is not None:
            data["tempo"] = max(40, min(200, int(data["tempo"]) + (value if name == "faster" else -value)))
        elif name in ("shorter", "longer"):
            bars = int(data["bars"])
            bars = max(2, bars - 4 if bars > 4 else bars // 2) if name == "shorter" else min(32, bars + 4)
            data["bars"] = bars
        elif name in ("slower", "faster"):
            data["tempo"] = max(40, min(200, int(data["tempo"]) + (-12 if name == "slower" else 12)))
        elif name in ("cap tempo", "floor tempo"):
            bounded = min(int(data["tempo"]), value) if name == "cap tempo" else max(int(data["tempo"]), value)
            # "no slower than 100, slow": a tempo said (a word, a number) outside the bound said beside it cannot
            # both be met, and is answered as two tempos named are; the bound wins (it is the more exact wish).
            if tempo_said and bounded != int(data["tempo"]):
                asked = int(data["tempo"])
                reader.answer(f"a drill has one tempo: {asked} is {'above' if name == 'cap tempo' else 'below'} the limit of "
                              f"{value} asked for; this one is {bounded}",
                              f"一条练习只有一个速度：{asked} {'超过' if name == 'cap tempo' else '低于'}所要求的 {value}；这里用 {bounded}")
            data["tempo"] = bounded
        elif name == "cap high" and not reader.found.get("_range_named"):
            low, high = _midi(data["low"]), _midi(data["high"])
            data["high"] = _shift_name(data["high"], -min(4, max(0, high - low - 7)))
        elif name == "raise low" and not reader.found.get("_range_named"):
            low, high = _midi(data["low"]), _midi(data["high"])
            data["low"] = _shift_name(data["low"], min(4, max(0, high - low - 7)))
        elif name == "narrower" and not reader.found.get("_range_named"):
            low, high = _midi(data["low"]), _midi(data["high"])
            data["high"] = _shift_name(data["high"], -min(4, max(0, high - low - 7)))
        elif name == "wider" and not reader.found.get("_range_named"):
            data["high"] = _shift_name(data["high"], 4)
        elif name in ("higher", "lower"):
            # A third on the key (two of its notes), so both ends stay notes of the key: D4-E5 in D major, lower,
            # is B3-C#5 (four semitones down gave A#3-C5). The key is the one this request names, else the drill's.
            direction = 1 if name == "higher" else -1
            keyed = {**data, **{k: reader.found[k] for k in ("key", "mode") if k in reader.found}}
            for end in ("low", "high"):
                data[end] = _key_step(_key_step(data[end], direction, keyed), direction, keyed)
        elif name == "voice":
            data["low"], data["high"] = VOICE_RANGES[value]
            data["voice"] = value
    if "clef" in found and not ("low" in found or "voice" in found):
        data["low"], data["high"] = CLEF_RANGES[found["clef"]]
    data.update(_fields(found))
    if data.get("level") not in LEVELS:
        raise InvalidParams(f"level: {data.get('level')!r} is not one of 1..6")
    if data.get("mode") not in MODES:
        raise InvalidParams(f"mode: {data.get('mode')!r} is not one of {', '.join(MODES)}")
    return _finish(data, reader)


def _finish(data: dict[str, Any], reader: _Reader) -> DrillParams:
    """Fix-ups every request gets: a syncopation wish raises its weight, chromatic targets need no switch."""
    shift = reader.found.get("_octave_shift")
    if shift and not any(k in reader.found for k in ("low", "high")):
        data["low"], data["high"] = _shift_name(data["low"], shift), _shift_name(data["high"], shift)
    _range_bounds(data, reader)
    _instrument_range(data, reader)
    _low_register(data, reader)
    _note_value_limits(data, reader)
    _length_in_bars(data, reader)
    span = reader.found.get("_span")
    explicit = _range_said(reader)
    if span is not None and not explicit and (_midi(data["high"]) - _midi(data["low"]) > span or reader.found.get("_span_exact")):
        data["high"] = _shift_name(data["low"], span)
    _letter_span(data, reader)
    _child_range(data, reader)
    if reader.found.get("_big_leaps"):
        data["max_leap"] = max(int(data["max_leap"]), 7)
    if reader.found.get("_ledger") and not any(k in reader.found for k in ("low", "high", "voice")):
        data["low"], data["high"] = LEDGER_RANGES[data.get("clef") or "treble"]
    _key_in_range(data, reader)
    _range_in_key_spelling(data, reader)
    _scale_degrees(data, reader)
    _altered_notes(data, reader)
    _solfa_targets(data, reader)
    _degree_pitches(data, reader)
    _room_for_target_intervals(data, reader)
    if "syncopation" in (data.get("target_rhythms") or []):
        data["syncopation"] = True
        data["syncopation_bias"] = max(float(data.get("syncopation_bias", 1.0)), 2.0)
    if data.get("target_notes"):
        data["target_bias"] = max(float(data.get("target_bias", 1.5)), 3.0)
    if data.get("form") and data["form"] not in ("period", "sentence"):
        letters = len(rx.findall(r"[A-H]", data["form"]))
        if int(data["bars"]) % letters:
            data["bars"] = max(letters, int(data["bars"]) // letters * letters) if "bars" not in reader.found \
                else data["bars"]
    if data["meter"].endswith("/8") and "triplet-8th" in (data.get("target_rhythms") or []):
        # In compound time three eighths to the beat are the meter's own triplets.
        data["target_rhythms"] = ["8th-triple" if t == "triplet-8th" else t for t in data["target_rhythms"]]
    if data["meter"].endswith("/8") and "dotted-quarter-8th" in (data.get("target_rhythms") or []):
        # A dotted quarter is the beat itself in compound time: its dotted figure is a dotted eighth and a sixteenth.
        data["target_rhythms"] = list(dict.fromkeys("dotted-8th-16th" if t == "dotted-quarter-8th" else t
                                                    for t in data["target_rhythms"]))
        said_before = ("rhythm: dotted notes (a dotted quarter and eighth every two bars)", "节奏：附点（每两小节至少一次附点四分+八分）")
        reader.understood[:] = [line for line in reader.understood if line not in said_before]
        reader.say(f"rhythm: dotted notes (in {data['meter']}, a dotted eighth and sixteenth every two bars)",
                   f"节奏：附点（{data['meter']}拍里是附点八分+十六分，每两小节至少一次）")
    if data.get("rhythm_pattern") and "meter" not in reader.found:
        meter = _meter_for_pattern(sum((pattern_value(v) for v in data["rhythm_pattern"]), Fraction(0)), data["meter"])
        if meter != data["meter"]:
            data["meter"] = meter
            reader.say(f"meter: {meter} (to hold the rhythm pattern)", f"拍号：{meter}拍（容纳节奏型）")
    applied = reader.found.get("_applied")
    if applied:
        key = make_key(data["key"], data["mode"])
        tonic = "i" if key.minor_family else "I"
        chart = insert_applied(data["progression"].split(), applied, tonic=tonic)
        data["progression"] = " ".join(chart)
        reader.say(f"chords: {data['progression']} (applied: {applied})",
                   f"和弦进行：{data['progression']}（副属和弦：{applied}）")
        if data.get("kind", "melody") != "melody":
            reader.say(f"note: a {data['kind']} drill has no chords; the applied chord is not used",
                       f"注意：{_KIND_ZH[data['kind']]}没有和弦，副属和弦不会用到")
    if data.get("progression"):
        key = make_key(data["key"], data["mode"])
        try:
            first = parse_progression(data["progression"], key)[0]
        except MusicError as exc:
            raise InvalidParams(chart_error_zh(str(exc)) if reader.zh else str(exc)) from None
        if data.get("start_on_tonic") is not False and key.tonic_pc not in first.pcs and data.get("kind", "melody") == "melody":
            # "ii-V-I": the first chord has no tonic, so the tune starts on a tone of that chord.
            data["start_on_tonic"] = False
            reader.say(f"start: on a tone of {first.figure} (the first chord holds no tonic)",
                       f"开头：从 {first.figure} 和弦的音开始（第一个和弦没有主音）")
    return DrillParams.from_dict(data)


#: A range with two ledger lines' worth of notes past each side of the staff, per clef.
LEDGER_RANGES = {"treble": ("A3", "C6"), "bass": ("C2", "E4"), "alto": ("B2", "D5"), "tenor": ("G2", "A4")}


def _note_value_limits(data: dict[str, Any], reader: _Reader) -> None:
    """ "no sixteenths", "no triplets": taken out of whatever the level (or the request) allows."""
    wanted = [d for d in reader.found.get("_with_durations") or [] if d not in data["durations"]]
    if wanted:
        data["durations"] = [d for d in _NOTE_VALUE_ORDER if d in data["durations"] or d in wanted]
    _longest_note_fits(data, reader)
    banned = reader.found.get("_no_durations") or []
    if banned:
        kept = [d for d in data["durations"] if d not in banned]
        if not kept:
            raise InvalidParams("时值：去掉这些时值后没有可用的音符时值" if reader.zh
                                else "durations: nothing is left once those note values are taken out")
        data["durations"] = kept
    tags = {"dots": ("dotted",), "triplets": ("triplet",), "syncopation": ("syncopation",)}
    for name in reader.found.get("_no_rhythms") or []:
        data[name] = False
        data["target_rhythms"] = [t for t in data.get("target_rhythms") or [] if not t.startswith(tags[name])]
    if "16th" not in data["durations"]:
        data["target_rhythms"] = [t for t in data.get("target_rhythms") or [] if "16th" not in t and t != "16ths"]


def _low_register(data: dict[str, Any], reader: _Reader) -> None:
    """"Low register", 低音区, "chalumeau" beside a clef, voice or instrument: the lowest octave of the range they place
    (a clarinet's D3-G5 is D3-D4), unless an end of the range was named."""
    if not reader.found.get("_low_register"):
        return
    if not _range_said(reader) and _midi(data["high"]) - _midi(data["low"]) > 12:
        data["high"] = _key_step(_shift_name(data["low"], 13), -1, data)
    reader.say(f"low register: the lowest octave of the range ({data['low']}-{data['high']})",
               f"低音区：音域最低的一个八度（{data['low']}-{data['high']}）")


def _key_step(name: str, direction: int, data: dict[str, Any]) -> str:
    """The key's nearest note strictly above (``direction`` 1) or below (-1) ``name``: "stay above C4" in C major
    starts on D4, not on C#4, which the key does not have (a semitone where the key has no note nearer)."""
    midi = _midi(name)
    try:
        notes = key_pitches(make_key(data["key"], data["mode"]), midi - 12, midi + 12)
    except MusicError:
        return _shift_name(name, direction)
    beyond = [p for p in notes if direction * (p.midi - midi) > 0]
    if not beyond:
        return _shift_name(name, direction)
    return (beyond[0] if direction > 0 else beyond[-1]).name


def _child_range(data: dict[str, Any], reader: _Reader) -> None:
    """Young children ("for the kids in my class", "a seven year old", "小朋友") sing within the children's range: the
    level's range (or a span said) is moved inside it keeping its size, and cut where it is wider."""
    words = reader.found.get("_young")
    if not words or any(k in reader.found for k in ("low", "high", "voice", "_range_named", "_degree_span")):
        return
    lowest, highest = _midi(CHILD_RANGE[0]), _midi(CHILD_RANGE[1])
    low, high = _midi(data["low"]), _midi(data["high"])
    shift = lowest - low if low < lowest else highest - high if high > highest else 0
    if shift:
        data["low"], data["high"] = _shift_name(data["low"], shift), _shift_name(data["high"], shift)
        if _midi(data["low"]) < lowest:
            data["low"] = CHILD_RANGE[0]
        # Ends on notes of the key (in A major C4-D5 is C#4-D5).
        data["low"] = _key_step(_shift_name(data["low"], -1), 1, data)
        data["high"] = _key_step(_shift_name(data["high"], 1), -1, data)
    reader.say(f"range: {data['low']}-{data['high']}, within children's voices ({CHILD_RANGE[0]}-{CHILD_RANGE[1]}; {words})",
               f"音域：{data['low']}-{data['high']}（童声 {CHILD_RANGE[0]}-{CHILD_RANGE[1]} 以内；{words}）")


def _range_bounds(data: dict[str, Any], reader: _Reader) -> None:
    """One end of the range named: a limit cuts the range there, a named end is that end; a sixth at least remains."""
    for end, sign in (("high", 1), ("low", -1)):
        bound = reader.found.get(f"_{end}_bound")
        if bound is None:
            continue
        name, exact, semitones = bound
        other = "low" if end == "high" else "high"
        # "高音不超过d2，低音不低于g": both ends said; neither is moved to keep a sixth from the other.
        other_bound = reader.found.get(f"_{other}_bound")
        if not name[-1].isdigit():
            # "high A": the A nearest this end of the range (of the voice, clef or level), the higher one at a tie;
            # with the other end said as a pitch, an A a sixth at least from it where there is one.
            octaves = [f"{name}{octave}" for octave in range(1, 8)]
            if other_bound is not None and other_bound[0][-1].isdigit():
                said = _key_step(other_bound[0], other_bound[2], data) if other_bound[2] else other_bound[0]
                octaves = [p for p in octaves if sign * (_midi(p) - _midi(said)) >= 9] or octaves
            name = min(octaves, key=lambda pitch: (abs(_midi(pitch) - _midi(data[end])), -sign * _midi(pitch)))
        name = _key_step(name, semitones, data) if semitones else name
        if exact or sign * (_midi(data[end]) - _midi(name)) > 0:
            data[end] = name
        if sign * (_midi(data[end]) - _midi(data[other])) < 9 and other_bound is None:
            data[other] = _shift_name(data[end], -sign * 9)


def _instrument_range(data: dict[str, Any], reader: _Reader) -> None:
    """A drill for an instrument stays on it: a step of the range ("lower", "higher") that would take it past the
    instrument's lowest or highest comfortable note is moved back inside, keeping its size where the instrument allows.
    A range or voice named in words is left as said."""
    name = reader.found.get("_instrument")
    if name is None or reader.found.get("_range_named") or "voice" in reader.found:
        return
    lowest, highest = INSTRUMENT_RANGES[name][:2]
    low, high = _midi(data["low"]), _midi(data["high"])
    if low >= _midi(lowest) and high <= _midi(highest):
        return
    shift = _midi(lowest) - low if low < _midi(lowest) else _midi(highest) - high
    data["low"], data["high"] = _shift_name(data["low"], shift), _shift_name(data["high"], shift)
    if _midi(data["low"]) < _midi(lowest):
        data["low"] = lowest
    if _midi(data["high"]) > _midi(highest):
        data["high"] = highest
    zh_name = _ZH_INSTRUMENT_NAMES[name]
    reader.say(f"range: {data['low']}-{data['high']}, kept within the {name}'s {lowest}-{highest}",
               f"音域：{data['low']}-{data['high']}（不超出{zh_name}的 {lowest}-{highest}）")


def _range_said(reader: _Reader) -> bool:
    """Whether the words gave the range's ends (a range, a bound, a voice), not only an instrument's comfortable range,
    which a size ("five-finger position", "within an octave") or notes ("C to G", "do to sol") narrow."""
    if not any(k in reader.found for k in ("low", "high")):
        return False
    return not (reader.found.get("_instrument") and not reader.found.get("_range_named") and "voice" not in reader.found)


def _letter_span(data: dict[str, Any], reader: _Reader) -> None:
    """ "C to G" with no octaves: the first note in the octave nearest the bottom of the drill's range (its voice's,
    instrument's or level's), the second the first one above it."""
    span = reader.found.get("_letter_span")
    if span is None or _range_said(reader):
        return
    first, second, words = span
    bottom, top = _midi(data["low"]), _midi(data["high"])

    def above(low: str) -> str:
        return next(second + str(o) for o in range(1, 9) if _midi(second + str(o)) > _midi(low))

    # A span that fits inside the range goes there (a recorder's G-B is not under its lowest C), else nearest its bottom.
    inside = [first + str(o) for o in range(1, 8) if _midi(first + str(o)) >= bottom and _midi(above(first + str(o))) <= top]
    low = min(inside or [first + str(o) for o in range(1, 8)], key=lambda name: (abs(_midi(name) - bottom), -_midi(name)))
    high = above(low)
    data["low"], data["high"] = low, high
    reader.found["_range_named"] = True
    reader.say(f"range: {low}-{high} ({words})", f"音域：{low}-{high}（{words}）")


def _length_in_bars(data: dict[str, Any], reader: _Reader) -> None:
    """A length said as notes ("16 notes long": one a beat, or one of the only note value asked) or as time ("30
    seconds", at the drill's tempo in its beats) is that many bars, rounded, unless the bars are said too."""
    length = reader.found.get("_length")
    if length is None:
        return
    way, amount, words = length
    meter = parse_meter(data["meter"])
    if way == "notes":
        durations = data["durations"]
        note = _NOTE_VALUE_QUARTERS[durations[0]] if len(durations) == 1 else meter.beat_length
        exact = Fraction(amount) * note / meter.bar_length
    else:
        exact = Fraction(amount) * int(data["tempo"]) / 60 / meter.beats
    bars = max(1, int(exact + Fraction(1, 2)))
    if way == "seconds" and bars > MAX_BARS and "bars" not in reader.found:
        # "热身五分钟左右", "a 10-minute practice": a time no single drill fills is how long to practise, not the
        # drill's length (it was the longest drill, 64 bars, silently); the drill keeps its length and says why.
        reader.answer(f"{words} would be about {bars} bars, longer than a drill can be ({MAX_BARS}); read as practice time: "
                      f"the drill is {data['bars']} bars, to sing more than once",
                      f"{words}大约是 {bars} 小节，比一条练习最长的 {MAX_BARS} 小节还长；理解为练习时间："
                      f"练习为 {data['bars']} 小节，可以反复唱")
        return
    bars = min(MAX_BARS, bars)
    if "bars" in reader.found:
        if bars != int(data["bars"]):
            reader.answer(f"{words} would be about {bars} bars; the {data['bars']} bars asked for are kept",
                          f"{words}大约是 {bars} 小节；保留所说的 {data['bars']} 小节")
        return
    data["bars"] = bars
    how = (f"{amount} notes" if way == "notes" else f"{amount:g} seconds at {data['tempo']} beats a minute") + f" in {data['meter']}"
    zh_how = (f"{amount} 个音" if way == "notes" else f"{amount:g} 秒，每分钟 {data['tempo']} 拍") + f"，{data['meter']}拍"
    reader.say(f"bars: {bars} ({words}: {how})", f"小节数：{bars}（{words}：{zh_how}）")


_NOTE_VALUE_QUARTERS = {"whole": Fraction(4), "half": Fraction(2), "quarter": Fraction(1), "eighth": Fraction(1, 2),
                        "16th": Fraction(1, 4)}
_NOTE_VALUE_NAMES_EN = {"whole": "whole notes", "half": "half notes", "quarter": "quarter notes", "eighth": "eighth notes",
                        "16th": "sixteenth notes"}


def _longest_note_fits(data: dict[str, Any], reader: _Reader) -> None:
    """ "Only whole notes, in 3/4": no bar holds them, so the wish is answered and the longest values that fit are used."""
    bar = parse_meter(data["meter"]).bar_length
    if any(_NOTE_VALUE_QUARTERS[d] <= bar for d in data["durations"]):
        return
    asked = data["durations"]
    fitting = [d for d in _NOTE_VALUE_ORDER if _NOTE_VALUE_QUARTERS[d] <= bar]
    data["durations"] = fitting[:2]
    data["dots"] = bar.denominator == 1 and bar.numerator % 3 == 0  # a dotted half fills a bar of 3/4
    en = " and ".join(_NOTE_VALUE_NAMES_EN[d] for d in data["durations"])
    zh = "和".join(_ZH_DURATION_NAMES[d].removesuffix("音符") + "音符" for d in data["durations"])
    reader.answer(f"{' and '.join(_NOTE_VALUE_NAMES_EN[d] for d in asked)} do not fit a bar of {data['meter']}; "
                  f"{en} are used instead" + (" (a dotted half fills a bar)" if data["dots"] else ""),
                  f"{'和'.join(_ZH_DURATION_NAMES[d].removesuffix('音符') + '音符' for d in asked)}放不进{data['meter']}拍的一小节；"
                  f"改用{zh}" + ("（附点二分音符占满一小节）" if data["dots"] else ""))


def _scale_degrees(data: dict[str, Any], reader: _Reader) -> None:
    """The raised seventh of a minor key is its harmonic form; the leading note becomes a target note."""
    raised = reader.found.get("_raised")
    if raised and data["mode"] in ("minor", "aeolian"):
        data["mode"] = raised
        reader.say(f"mode: {raised} (the raised degrees)", f"调式：{ZH_MODE_NAMES[raised]}（升高的音级）")
    elif raised:
        reader.found["_leading"] = True
    if reader.found.get("_leading"):
        note = leading_note(data["key"])
        targets = list(data.get("target_notes") or [])
        if note not in targets:
            data["target_notes"] = [*targets, note]
        zh_name = {"#": "升", "b": "降", "##": "重升", "bb": "重降"}.get(note[1:], "") + note[0]
        reader.say(f"target note: {note} (the leading note, at least once every two bars)",
                   f"目标音：{zh_name}（导音，每两小节至少一次）")


def _altered_notes(data: dict[str, Any], reader: _Reader) -> None:
    """Degrees raised or lowered from the major scale on the tonic, and notes named in brackets: notes to practise.

    A degree the key already has so ("a flattened seventh" in mixolydian or minor) is the key's own note, said so.
    """
    key = make_key(data["key"], data["mode"])
    own = {_pc_of(p.pc_name) for p in key_pitches(key, key.tonic_pitch.midi, key.tonic_pitch.midi + 11)}
    targets = list(data.get("target_notes") or [])
    minor = data["mode"] in MINOR_MODES
    for step, shift in reader.found.get("_altered") or []:
        # "The raised 6th" of a minor-family key (E dorian's C#) is raised from the natural minor's degree, as
        # teachers say it; a lowered degree, and any degree of a major-family key, moves from the major scale's.
        base = -1 if minor and shift > 0 and step in (3, 6, 7) else 0
        note = altered_degree(data["key"], step, shift + base)
        zh_name = {"#": "升", "b": "降", "##": "重升", "bb": "重降"}.get(note[1:], "") + note[0]
        way_en, way_zh = ("lowered", "降低的") if shift < 0 else ("raised", "升高的")
        ordinal = {2: "2nd", 3: "3rd"}.get(step, f"{step}th")
        if _pc_of(note) in own:
            reader.say(f"{way_en} {ordinal} degree: {note}, already in {data['key']} {data['mode']}",
                       f"{way_zh}{_ZH_NUMBER_NAMES[step]}级音：{zh_name}，{key_name_zh(data['key'], data['mode'])}本来就有")
            continue
        if note not in targets:
            targets.append(note)
            reader.say(f"target note: {note} (the {way_en} {ordinal} degree, at least once every two bars)",
                       f"目标音：{zh_name}（{way_zh}{_ZH_NUMBER_NAMES[step]}级音，每两小节至少一次）")
        data["accidentals"] = True
    for note in reader.found.get("_glosses") or []:
        if note not in targets:
            targets.append(note)
            zh_name = {"#": "升", "b": "降"}.get(note[1:], "") + note[0]
            reader.say(f"target note: {note} (at least once every two bars)", f"目标音：{zh_name}（每两小节至少一次）")
            if _pc_of(note) not in own:
                data["accidentals"] = True
    if targets != list(data.get("target_notes") or []):
        data["target_notes"] = targets
        data["target_bias"] = max(float(data.get("target_bias", 1.5)), 3.0)


def _solfa_targets(data: dict[str, Any], reader: _Reader) -> None:
    """Degrees said as movable do ("more fa and ti") placed in the key: notes to practise (do is the major tonic of
    the key's signature, so la is a minor key's tonic, as 首调 sings it)."""
    wanted = reader.found.get("_solfa_targets") or []
    if not wanted:
        return
    key = make_key(data["key"], data["mode"])
    own = {_pc_of(p.pc_name) for p in key_pitches(key, key.tonic_pitch.midi, key.tonic_pitch.midi + 11)}
    do = Key.from_fifths(key.fifths).tonic
    targets = list(data.get("target_notes") or [])
    for degree, word in wanted:
        note = altered_degree(do, degree, 0)
        if note in targets:
            continue
        if key.pentatonic and _pc_of(note) not in own:
            # A pentatonic mode has no fa or ti: said so, rather than refused.
            reader.answer(f"{word} ({note}) is not one of the five notes of {data['key']} {data['mode']}, so it is left out",
                          f"{word}（{note}）不在{key_name_zh(data['key'], data['mode'])}的五个音里，这里不用")
            continue
        targets.append(note)
        if _pc_of(note) not in own:
            data["accidentals"] = True
        zh_name = {"#": "升", "b": "降"}.get(note[1:], "") + note[0]
        reader.say(f"target note: {note} ({word}, at least once every two bars)",
                   f"目标音：{zh_name}（{word}，每两小节至少一次）")
    data["target_notes"] = targets
    data["target_bias"] = max(float(data.get("target_bias", 1.5)), 3.0)


def _degree_pitches(data: dict[str, Any], reader: _Reader) -> None:
    """Degrees said as movable do or 简谱 ("do to sol", "低音5"), placed in the key: do is its major tonic (the
    relative major's in a minor key) in the octave from C4, as 简谱's middle row is sung."""
    span = reader.found.get("_degree_span")
    reach = reader.found.get("_degree_reach") or []
    first = reader.found.get("_first_notes")
    bounds = reader.found.get("_degree_bounds") or []
    if span is None and not reach and first is None and not bounds:
        return
    do = Key.from_fifths(make_key(data["key"], data["mode"]).fifths).tonic
    if first is not None and span is None:
        # "The first five notes of the scale": from the tonic's degree (do in major, la in minor, re in dorian).
        letters = "CDEFGAB"
        tonic_degree = (letters.index(data["key"][0]) - letters.index(do[0])) % 7 + 1
        octave = 0 if tonic_degree <= 4 else -1
        span = ((tonic_degree, octave), (tonic_degree + first[0] - 1, octave), first[1])

    def pitch(degree: int, octaves: int) -> str:
        steps, rest = divmod(degree - 1, 7)
        letter = altered_degree(do, rest + 1, 0)
        midi = _midi(do + "4") + (0, 2, 4, 5, 7, 9, 11)[rest] + 12 * (octaves + steps)
        return next(letter + str(o) for o in range(9) if _midi(letter + str(o)) == midi)

    if span is not None and not _range_said(reader):
        (low, low_octaves), (high, high_octaves), words = span
        data["low"], data["high"] = pitch(low, low_octaves), pitch(high, high_octaves)
        reader.say(f"range: {data['low']}-{data['high']} ({words}, do on the key's tonic)",
                   f"音域：{data['low']}-{data['high']}（{words}，首调）")
    for degree, octaves, words in reach:
        name = pitch(degree, octaves)
        if _midi(name) < _midi(data["low"]):
            data["low"] = name
        elif _midi(name) > _midi(data["high"]):
            data["high"] = name
        reader.say(f"range: reaches {name} ({words})", f"音域：用到 {name}（{words}）")
    for end, degree, octaves, words in bounds:
        # A limit cuts the range at the degree's pitch; the other end keeps a sixth from it, as a pitch's limit does.
        name = pitch(degree, octaves)
        sign = 1 if end == "high" else -1
        other = "low" if end == "high" else "high"
        if sign * (_midi(data[end]) - _midi(name)) > 0:
            data[end] = name
        if sign * (_midi(data[end]) - _midi(data[other])) < 9:
            # The key's first note a sixth or more away (D#5 is not in A major: E5).
            data[other] = _key_step(_shift_name(data[end], -sign * 8), -sign, data)
        reader.say(f"range: {'at most' if end == 'high' else 'at least'} {name} ({words})",
                   f"音域：{'最高' if end == 'high' else '最低'} {name}（{words}）")


def leading_note(tonic: str) -> str:
    """The note a semitone below ``tonic``, spelled on the letter below it (raised in minor)::

        >>> leading_note("E"), leading_note("F"), leading_note("Bb"), leading_note("G#")
        ('D#', 'E', 'A', 'F##')
    """
    naturals = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
    letters = "CDEFGAB"
    shift = {"": 0, "#": 1, "##": 2, "b": -1, "bb": -2}
    tonic_pc = (naturals[tonic[0]] + shift[tonic[1:]]) % 12
    letter = letters[(letters.index(tonic[0]) - 1) % 7]
    diff = ((tonic_pc - 1) - naturals[letter]) % 12
    return letter + {0: "", 1: "#", 2: "##", 11: "b", 10: "bb"}[diff]


def _room_for_target_intervals(data: dict[str, Any], reader: _Reader) -> None:
    """A named target interval is a wish for that leap: the level's max leap and default range make room for it."""
    explicit_range = any(k in reader.found for k in ("low", "high", "voice", "clef"))
    if "low" in reader.found and "high" in reader.found:
        # "between C4 and G4 but with an octave leap": a leap wider than the range named cannot be sung in it. The
        # range (the singer's notes) is kept; the leap is left out, and said so.
        room = _midi(data["high"]) - _midi(data["low"])
        too_wide = [t for t in data.get("target_intervals") or [] if abs(parse_interval(t).semitones) > room]
        if too_wide:
            data["target_intervals"] = [t for t in data["target_intervals"] if t not in too_wide]
            if "max_leap" not in reader.found:
                data["max_leap"] = min(int(data["max_leap"]), room)
            reader.answer(f"{', '.join(too_wide)} does not fit in the range {data['low']}-{data['high']}; the range is kept "
                          "and the leap left out (widen the range to have it)",
                          f"{'、'.join(too_wide)} 放不进音域 {data['low']}-{data['high']}；保留音域，不加这个跳进（放宽音域才能加）")
    widest = max((abs(parse_interval(t).semitones) for t in data.get("target_intervals") or []), default=0)
    if widest > int(data["max_leap"]) and "max_leap" in reader.found:
        # "Stepwise only, but put in some octave jumps too", "要级进的，但是要多一些八度大跳": the leap named is the
        # exception to the limit; the limit is raised to hold it and the rest leans on steps, and the clash is said.
        limit = int(data["max_leap"])
        data["max_leap"] = widest
        by_step = limit <= 4  # steps (and thirds) asked for: the tune leans on them around the leap
        if by_step:
            data["step_bias"] = max(float(data.get("step_bias", 1.0)), 3.0)
        reader.answer(f"a max leap of {limit} semitones and a {', '.join(data['target_intervals'])} leap do not agree; the "
                      f"leap asked for is kept (max leap {widest})" + ("; the rest of the tune moves mostly by step" if by_step else ""),
                      f"最大跳进 {limit} 个半音和 {'、'.join(data['target_intervals'])} 跳进互相矛盾；保留要求的跳进（最大跳进 {widest}）"
                      + ("，其余部分以级进为主" if by_step else ""))
    elif widest > int(data["max_leap"]):
        data["max_leap"] = widest
        reader.say(f"max leap: {widest} semitones (to hold the target interval)",
                   f"最大跳进：{widest} 个半音（容纳目标音程）")
    if explicit_range:
        return
    low, high = _midi(data["low"]), _midi(data["high"])
    if high - low < widest + 2:
        data["high"] = _shift_name(data["high"], widest + 2 - (high - low))
    # B-F is the only diminished fifth of C major: the default range grows (up to an octave) until the key holds each one.
    key = make_key(data["key"], data["mode"])
    for name in data.get("target_intervals") or []:
        for extra in range(13):
            pitches = key_pitches(key, low, _midi(data["high"]) + extra)
            if any(melodic_interval(a, b) == name for a in pitches for b in pitches):
                if extra:
                    data["high"] = _shift_name(data["high"], extra)
                    reader.say(f"range: {data['low']}-{data['high']} (to hold {name})",
                               f"音域：{data['low']}-{data['high']}（容纳 {name}）")
                break


def _meter_for_pattern(total: Fraction, current: str) -> str:
    """``current`` when the pattern fills its bars evenly, else the meter whose bar the pattern fills."""
    bar = parse_meter(current).bar_length
    if (bar / total).denominator == 1 or (total / bar).denominator == 1:
        return current
    by_length = {Fraction(2): "2/4", Fraction(3): "3/4", Fraction(4): "4/4", Fraction(5): "5/4",
                 Fraction(3, 2): "3/8", Fraction(9, 2): "9/8", Fraction(6): "12/8"}
    return by_length.get(total, current)


#: Tonics a key may be given when the words name none, each pitch class once, spelled as its simpler key is.
_DEFAULT_TONICS = ("C", "G", "D", "A", "E", "B", "F#", "C#", "F", "Bb", "Eb", "Ab", "Db", "Gb", "G#", "D#", "A#")


def _key_in_range(data: dict[str, Any], reader: _Reader) -> None:
    """A range the words set that holds no tonic of the key they did not name ("only between E5 and A5" in the default
    C) takes the key of fewest sharps or flats whose tonic lies in it, in the mode asked for: a drill starts and ends
    on its tonic, and the generator refuses a range without one. The lower tonic wins a tie (room above it)."""
    if "key" in reader.found:
        return
    low, high = _midi(data["low"]), _midi(data["high"])
    try:
        key = make_key(data["key"], data["mode"])
    except MusicError:
        return
    if any(key.degree_of(p) == 0 for p in key_pitches(key, low, high)):
        return
    choices = []
    for tonic in _DEFAULT_TONICS:
        try:
            candidate = make_key(tonic, data["mode"])
        except MusicError:
            continue
        pitches = key_pitches(candidate, low, high)
        at = [p.midi for p in pitches if candidate.degree_of(p) == 0]
        if at and abs(candidate.fifths) <= 6:
            choices.append((abs(candidate.fifths), min(at), tonic))
    if not choices:
        return
    tonic = min(choices)[2]
    data["key"] = tonic
    mode = data["mode"]
    reader.say(f"key: {tonic} {mode} (its tonic lies in the range {data['low']}-{data['high']}; "
               f"{key.tonic}'s does not)",
               f"调：{key_name_zh(tonic, mode)}（主音在音域 {data['low']}-{data['high']} 之内，{key.tonic} 不在）")


_SHARP_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
_FLAT_NAMES = ("C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B")


def _range_in_key_spelling(data: dict[str, Any], reader: _Reader) -> None:
    """An end of the range the reader moved (a third down, an octave up) spelled the way the key writes its
    accidentals: the top of a lowered B flat major range is A flat 4, not G sharp 4 (a voice's range lowered too: a
    mezzo's "not too high" in A flat major tops at D flat 5, a trombone's at D flat 4 in B flat major). Ends named in
    words, and an instrument's, keep the spelling they were given while they stay where they were given."""
    try:
        fifths = make_key(data["key"], data["mode"]).fifths
    except (MusicError, KeyError):
        return
    names, wrong = (_FLAT_NAMES, "#") if fifths < 0 else (_SHARP_NAMES, "b") if fifths > 0 else ((), "")
    for end in ("low", "high"):
        # An end said in words or from an instrument's table keeps its spelling; a voice's, moved, takes the key's.
        # An end is as given only where it still is the name given: an instrument's top moved by "not too high" is
        # the reader's note, not the table's ("nothing above C#4" keeps C#4, with or without an instrument).
        bound = reader.found.get(f"_{end}_bound")
        given = {reader.found.get(end), bound[0] if bound and not bound[2] else None} - {None}
        as_given = data[end] in given and (reader.found.get("_range_named") or "voice" not in reader.found)
        if not names or as_given or wrong not in data[end][1:]:
            continue
        midi = _midi(data[end])
        data[end] = f"{names[midi % 12]}{midi // 12 - 1}"
