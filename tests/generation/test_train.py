from generation.melody import DrillParams, generate_drill
from generation.melody.check import check_drill
from generation.melody.model import MelodyModel
from generation.melody.train import load_heldout, train_melody_model


def test_it_trains_on_a_tiny_subset_and_generates_with_it(tmp_path):
    out = tmp_path / "tiny.json"
    report = train_melody_model(out=out, limit=4, sources=("essen", "bach"))
    assert report.tunes + report.held_out >= 6
    assert out.exists() and out.with_suffix(".npz").exists()
    model = MelodyModel.load(out)
    assert model.pitch_counts and model.rhythm_counts
    assert len(model.copy_hashes) > 0
    drill = generate_drill(DrillParams.preset(3, seed=1), model=model)
    assert check_drill(drill) == []
    assert isinstance(load_heldout(out), list)


def test_an_empty_model_still_gives_valid_drills():
    drill = generate_drill(DrillParams.preset(4, seed=2), model=MelodyModel(meta={"empty": True}))
    assert check_drill(drill) == []
