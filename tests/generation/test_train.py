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


def test_the_lstm_trains_in_seconds_on_a_subset_and_samples_under_the_constraints(tmp_path):
    from generation.melody.neural import NeuralConfig, load_neural, train_neural

    out = tmp_path / "tiny_lstm.pt"
    report = train_neural(out=out, limit=15, sources=("essen",), config=NeuralConfig(epochs=1, hidden=16))
    assert out.exists() and out.stat().st_size < 200_000
    assert report.heldout_transitions > 0 and report.neural_nll > 0 and report.markov_nll > 0
    neural = load_neural(str(out))
    assert neural is not None
    for seed in range(3):
        params = DrillParams.preset(4, key="D", mode="minor", target_notes=["C#"], melody_model="lstm", seed=seed)
        drill = generate_drill(params, neural=neural)
        assert check_drill(drill) == []
