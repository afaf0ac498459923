import json

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
