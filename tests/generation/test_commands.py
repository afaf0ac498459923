import io
import json

import pytest
from django.core.management import CommandError, call_command


def _run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return json.loads(out.getvalue())


def test_it_generates_a_drill_per_the_contract(tmp_path):
    summary = _run("generate_drill", "--key", "G", "--mode", "major", "--meter", "4/4", "--bars", "8", "--tempo", "90",
                   "--range", "D4-E5", "--max-leap", "9", "--target-notes", "F#4,C5", "--target-intervals", "+m6,-P4",
                   "--level", "3", "--seed", "1", "--out", str(tmp_path), "--formats", "musicxml,midi,json,svg", "--json")
    assert set(summary) >= {"files", "params", "notes"}
    assert summary["files"]["musicxml"].endswith("drill.musicxml")
    for path in summary["files"].values():
        assert (tmp_path / path.split("/")[-1]).exists()
    assert summary["params"]["tempo"] == 90 and summary["params"]["max_leap"] == 9
    assert summary["notes"][0][0][0] in "GBD"  # a tone of the tonic triad (tests/generation/test_openings.py)
    assert json.loads((tmp_path / "drill.json").read_text()) == summary["notes"]


def test_it_exits_with_one_line_naming_the_constraint(tmp_path):
    with pytest.raises(CommandError) as info:
        call_command("generate_drill", "--key", "C", "--range", "C4-C#4", "--out", str(tmp_path))
    assert str(info.value).startswith("range:")
    assert "\n" not in str(info.value)
    with pytest.raises(CommandError, match="^target_notes:"):
        call_command("generate_drill", "--range", "C4-G5", "--target-notes", "F#6", "--out", str(tmp_path))


def test_it_takes_a_request_in_words(tmp_path):
    summary = _run("generate_drill", "--request", "写一段C大调的旋律，速度90，8小节", "--seed", "2", "--out", str(tmp_path),
                   "--formats", "json", "--json")
    assert summary["params"]["tempo"] == 90 and summary["params"]["bars"] == 8
    assert summary["understood"]


def test_it_accompanies_a_generated_melody(tmp_path):
    _run("generate_drill", "--key", "F", "--seed", "3", "--out", str(tmp_path), "--formats", "musicxml", "--json")
    summary = _run("generate_accompaniment", str(tmp_path / "drill.musicxml"), "--style", "waltz", "--out",
                   str(tmp_path), "--formats", "musicxml,midi,json", "--json")
    assert summary["files"]["midi"].endswith("accompaniment.mid")
    assert summary["params"]["style"] == "waltz" and summary["params"]["harmonized"]
    assert summary["chords"][-1][1] == "I"
    charted = _run("generate_accompaniment", str(tmp_path / "drill.musicxml"), "--chords", "I IV V I", "--out",
                   str(tmp_path), "--formats", "json", "--json")
    assert charted["params"]["chords"][:4] == ["I", "IV", "V", "I"]


def test_it_refuses_a_missing_melody_file(tmp_path):
    with pytest.raises(CommandError, match="^melody:"):
        call_command("generate_accompaniment", str(tmp_path / "nope.musicxml"))


def test_it_trains_a_tiny_model_from_the_command(tmp_path):
    summary = _run("train_melody_model", "--limit", "3", "--sources", "bach", "--out", str(tmp_path / "m.json"),
                   "--json")
    assert summary["tunes"] + summary["held_out"] == 3


def test_a_target_note_outside_the_mode_is_practised(tmp_path, capsys):
    call_command("generate_drill", "--key", "D", "--mode", "minor", "--target-notes", "C#5", "--seed", "3",
                 "--formats", "json", "--json", "--out", str(tmp_path))
    summary = json.loads(capsys.readouterr().out)
    assert "C#5" in [name for name, _ in summary["notes"]]


def test_a_request_in_words_reports_what_it_ignored_and_gives_midi_numbers(tmp_path, capsys):
    call_command("generate_drill", "--request", "a waltz in G, output as MIDI note numbers, with a purple cadenza",
                 "--seed", "1", "--formats", "json", "--json", "--out", str(tmp_path))
    summary = json.loads(capsys.readouterr().out)
    assert summary["params"]["meter"] == "3/4"
    assert summary["ignored"] == ["purple cadenza"]
    assert summary["midi_notes"][0][0] % 12 in (7, 11, 2)  # G, B or D: a tone of the tonic triad
    assert len(summary["midi_notes"]) == len(summary["notes"])


@pytest.mark.parametrize("key, mode, five", [("D", "zhi", {"D", "E", "G", "A", "B"}), ("A", "yu", {"A", "C", "D", "E", "G"})])
def test_it_generates_a_pentatonic_drill(tmp_path, key, mode, five):
    summary = _run("generate_drill", "--key", key, "--mode", mode, "--level", "4", "--seed", "7", "--out", str(tmp_path),
                   "--formats", "musicxml,json", "--json")
    names = [n[0].rstrip("0123456789") for n in summary["notes"]]
    assert set(names) <= five and names[0] == names[-1] == key
    assert summary["params"]["mode"] == mode


def test_it_names_the_pentatonic_modes_when_a_mode_is_unknown(tmp_path):
    with pytest.raises(CommandError, match=r"^mode: 'pentatonic' is not one of .*gong, shang, jue, zhi, yu"):
        call_command("generate_drill", "--mode", "pentatonic", "--out", str(tmp_path))
