import dataclasses
import json
import re

import pytest

from generation.melody import DrillParams, InvalidParams
from generation.melody.params import LEVELS


def test_it_round_trips_params_through_json():
    params = DrillParams.preset(4, key="Eb", mode="dorian", meter="6/8", target_notes=["F4"], seed=3,
                                progression="i iv", form="ABAC")
    again = DrillParams.from_dict(json.loads(json.dumps(params.to_dict())))
    assert again == params


@pytest.mark.parametrize("level", sorted(LEVELS))
def test_it_builds_every_level_preset(level):
    params = DrillParams.preset(level)
    assert params.level == level
    assert params.low < params.high or params.low != params.high


@pytest.mark.parametrize("voice, low, high", [("alto", "G3", "C5"), ("bass", "F2", "C4")])
def test_it_takes_the_range_from_a_voice_type(voice, low, high):
    params = DrillParams.preset(3, voice=voice)
    assert (params.low, params.high) == (low, high)


def test_it_stretches_a_default_range_to_hold_a_target_note():
    params = DrillParams.preset(2, key="C", target_notes=["A5"])
    assert params.high == "A5"


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"mode": "bluesy"}, "mode"),
        ({"meter": "7/8"}, "meter"),
        ({"key": "H"}, "key"),
        ({"tempo": 5}, "tempo"),
        ({"bars": 0}, "bars"),
        ({"target_intervals": ["+x9"]}, "interval"),
        ({"progression": "I Q"}, "progression"),
        ({"durations": ["breve"]}, "durations"),
        ({"range": "G5-C4"}, "range"),
    ],
)
def test_it_rejects_malformed_params_with_one_line_naming_the_field(changes, field):
    with pytest.raises(InvalidParams) as info:
        DrillParams.preset(3, **changes)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(field)


def test_it_rejects_unknown_keys_in_stored_params():
    with pytest.raises(InvalidParams, match="unknown parameter"):
        DrillParams.from_dict({"colour": "blue"})


KEYS = ["C", "G", "D", "A", "E", "B", "F#", "F", "Bb", "Eb", "Ab", "Db"]


@pytest.mark.parametrize("level", sorted(LEVELS))
@pytest.mark.parametrize("key", KEYS)
def test_a_default_range_is_singable_in_the_treble_clef(level, key):
    from music.pitch import parse_pitch, pc_of

    params = DrillParams.preset(level, key=key)
    low, high = parse_pitch(params.low).midi, parse_pitch(params.high).midi
    assert high - low >= LEVELS[level]["span"]
    assert any(m % 12 == pc_of(key) for m in range(low, high + 1))  # room to start and end on the tonic
    if level <= 3:
        assert low >= 57 and high <= 77  # A3 to F5: where a class of trebles sings with ease
    elif level <= 5:
        assert low >= 55 and high <= 79  # G3 to G5
    else:
        assert low >= 54 and high <= 81  # an octave and a fifth needs F#3 to A5 at the widest


def test_a_level_two_drill_in_g_sits_around_g4_not_below_middle_c():
    assert (DrillParams.preset(2, key="G").low, DrillParams.preset(2, key="G").high) == ("D4", "D5")
    assert (DrillParams.preset(1, key="C").low, DrillParams.preset(1, key="C").high) == ("C4", "C5")


def test_a_bass_clef_drill_sits_in_the_bass_staff():
    params = DrillParams.preset(2, key="F", clef="bass")
    assert (params.low, params.high) == ("F2", "F3")


@pytest.mark.parametrize("key", KEYS)
def test_a_scale_drill_range_starts_on_the_tonic(key):
    # Tonic to tonic: a plagal range (D4-D5 in G) would leave a scale no second tonic to end on.
    from music.pitch import parse_pitch, pc_of

    params = DrillParams.preset(1, key=key, kind="scale", meter="3/4")
    assert parse_pitch(params.low).midi % 12 == pc_of(key)


@pytest.mark.parametrize(("values", "reason"), [
    ({"key": 5}, "key: 5 is not text"), ({"meter": ["4/4"]}, "meter: ['4/4'] is not text"),
    ({"low": None}, "low: None is not text"), ({"dots": "yes"}, "dots: 'yes' is not true or false"),
    ({"durations": [{}]}, "durations: [{}] is not a list of text"), ({"seed": "7"}, "seed: '7' is not a whole number"),
    ({"temperature": float("inf")}, "temperature: inf is not a number"), ({"level": 99}, "level: 99 is not one of 1..6"),
])
def test_a_value_of_the_wrong_kind_from_json_is_refused_by_name(values: dict, reason: str) -> None:  # type: ignore[type-arg]
    """JSON gives any kind of value for any name: the checks must name it, not fail on ``.strip()`` of a number."""
    with pytest.raises(InvalidParams, match=re.escape(reason)):
        DrillParams.from_dict(values)


@pytest.mark.parametrize("name", [f.name for f in dataclasses.fields(DrillParams)
                                  if str(f.type) in ("int", "float", "int | None", "bool | None")])
@pytest.mark.parametrize("value", [10**400, -10**400], ids=["huge", "huge-negative"])
def test_a_whole_number_too_large_for_a_float_is_refused_by_name(name: str, value: int) -> None:
    # JSON reads 10**400 as an int: math.isfinite() and float() raised OverflowError (a 500 on POST /api/drills/).
    with pytest.raises(InvalidParams, match=name.split("_")[0]):
        DrillParams.from_dict({name: value})


@pytest.mark.parametrize("low, high, said", [("C4", "C4", "is a single pitch"), ("D4", "C4", "low pitch above")])
def test_a_range_of_one_pitch_is_not_said_to_be_upside_down(low: str, high: str, said: str) -> None:
    with pytest.raises(InvalidParams, match=said):
        DrillParams.from_dict({"low": low, "high": high})


@pytest.mark.parametrize("words, said", [("range C4 to C4", "range: 'C4-C4' is a single pitch"),
                                         ("音域在C4到C4之间", "音域：'C4-C4' 只有一个音")])
def test_a_request_for_a_one_pitch_range_is_refused_as_one_pitch(words: str, said: str) -> None:
    from generation.melody.request import parse_request

    with pytest.raises(InvalidParams) as refused:
        parse_request(words)
    assert str(refused.value).startswith(said)  # it read "has its low pitch above its high pitch" ("低音高于高音")
