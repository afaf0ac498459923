"""A small LSTM over melodic steps, with bar and beat position as inputs.

It predicts the same thing as the Markov pitch model (the next diatonic step,
``-9..+9``) so the two can be compared by held-out log-likelihood and swapped
in the sampler. Each transition ``a -> b`` is fed as six small integers:

=========  =======  ===========================================
input      values   meaning
=========  =======  ===========================================
prev_step  0..19    the step into ``a`` (+9), 19 at a phrase start
degree     0..6     scale degree of ``a``
family     0..1     major / minor
strong     0..1     ``b`` starts on a strong beat
beat       0..23    ``b``'s onset in eighth notes from the bar line
length     0..9     ``b``'s length class (:data:`LENGTH_BINS`)
=========  =======  ===========================================

The LSTM reads a whole phrase, so unlike the Markov model (two steps of
memory) it can hear a motif and a bar's position. ``python manage.py
train_melody_model --neural`` trains it (a few minutes on two cores; fixed
seed) and writes ``checkpoints/melody_lstm.pt`` (150 kB), the same weights
as ``.npz`` (what the sampler reads, in numpy: drills need no torch) and
the held-out comparison as ``.json``. torch is imported only for training.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import asdict, dataclass
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .model import CHECKPOINT_DIR, MAX_STEP, MelodyModel, load_model, pitch_contexts
from .rhythm import Meter, parse_meter

if TYPE_CHECKING:  # the corpus reader is music21: loaded only for training
    from .corpus import Tune

NEURAL_CHECKPOINT = CHECKPOINT_DIR / "melody_lstm.pt"
STEP_CLASSES = 2 * MAX_STEP + 1
NO_STEP = STEP_CLASSES  # the prev_step value at a phrase start
BEAT_CLASSES = 24
LENGTH_BINS = (0.25, 1 / 3, 0.5, 2 / 3, 0.75, 1.0, 1.5, 2.0, 3.0)  # class 9: anything else
FEATURE_SIZES = (STEP_CLASSES + 1, 7, 2, 2, BEAT_CLASSES, len(LENGTH_BINS) + 1)


@dataclass(frozen=True)
class NeuralConfig:
    """Training settings (the defaults are what the shipped checkpoint used)."""

    embed: int = 12
    hidden: int = 64
    epochs: int = 3
    batch: int = 64
    max_len: int = 48  # phrases are cut into windows of this many transitions
    lr: float = 4e-3
    seed: int = 0


def length_class(quarters: float) -> int:
    for k, b in enumerate(LENGTH_BINS):
        if abs(quarters - b) < 1e-3:
            return k
    return len(LENGTH_BINS)


def beat_class(offset_in_bar: Fraction | float) -> int:
    return min(BEAT_CLASSES - 1, int(float(offset_in_bar) * 2))


def is_strong(offset: Fraction, meter: Meter | None) -> bool:
    if meter is None:
        return offset == 0
    beat, rest = divmod(offset, meter.beat_length)
    return rest == 0 and int(beat) in meter.strong_beats


def tune_sequences(tune: Tune) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per phrase: inputs ``(T, 6)`` int64 and target steps ``(T,)`` (a step wider than 9 ends the run)."""
    try:
        meter: Meter | None = parse_meter(tune.meter)
    except Exception:
        meter = None
    family = int(tune.minor)
    out = []
    for phrase in tune.phrases:
        xs: list[list[int]] = []
        ys: list[int] = []
        prev: int | None = None
        for a, b in zip(phrase, phrase[1:], strict=False):
            step = b.step - a.step
            if abs(step) > MAX_STEP:
                if len(ys) >= 2:
                    out.append((np.array(xs, dtype=np.int64), np.array(ys, dtype=np.int64)))
                xs, ys, prev = [], [], None
                continue
            xs.append([NO_STEP if prev is None else prev + MAX_STEP, tune.degree(a), family,
                       int(is_strong(b.offset, meter)), beat_class(b.offset), length_class(float(b.duration))])
            ys.append(step + MAX_STEP)
            prev = step
        if len(ys) >= 2:
            out.append((np.array(xs, dtype=np.int64), np.array(ys, dtype=np.int64)))
    return out


def _network(config: NeuralConfig) -> Any:
    import torch
    from torch import nn

    class StepLSTM(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.embeds = nn.ModuleList(nn.Embedding(n, config.embed) for n in FEATURE_SIZES)
            self.lstm = nn.LSTM(config.embed * len(FEATURE_SIZES), config.hidden, batch_first=True)
            self.out = nn.Linear(config.hidden, STEP_CLASSES)

        def forward(self, x: torch.Tensor, state: Any = None) -> tuple[torch.Tensor, Any]:
            # x: (B, T, 6) int64 -> logits (B, T, 19)
            e = torch.cat([emb(x[..., k]) for k, emb in enumerate(self.embeds)], dim=-1)
            h, state = self.lstm(e, state)
            return self.out(h), state

    return StepLSTM()


@dataclass
class NeuralReport:
    train_transitions: int
    heldout_transitions: int
    neural_nll: float  # nats per held-out transition
    markov_nll: float
    seconds: float
    files: list[Path]


def train_neural(*, out: Path | None = None, limit: int | None = None, sources: tuple[str, ...] | None = None,
                 config: NeuralConfig | None = None, markov: MelodyModel | None = None) -> NeuralReport:
    """Train on the tunes the Markov model trained on; score both models on the same held-out tunes."""
    import torch

    from .corpus import SOURCES, iter_tunes

    sources = sources or SOURCES
    config = config or NeuralConfig()
    start = time.perf_counter()
    torch.manual_seed(config.seed)
    rng = np.random.default_rng(config.seed)
    train: list[tuple[np.ndarray, np.ndarray]] = []
    heldout: list[tuple[np.ndarray, np.ndarray]] = []
    for tune in iter_tunes(limit=limit, sources=sources):
        (heldout if tune.held_out else train).extend(tune_sequences(tune))
    windows = [(x[k : k + config.max_len], y[k : k + config.max_len])
               for x, y in train for k in range(0, len(y), config.max_len)]
    net = _network(config)
    optimiser = torch.optim.Adam(net.parameters(), lr=config.lr)
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-1)
    for _epoch in range(config.epochs):
        order = rng.permutation(len(windows))
        for b0 in range(0, len(order), config.batch):
            x, y = _pad([windows[i] for i in order[b0 : b0 + config.batch]])
            logits, _ = net(x)
            loss = loss_fn(logits.reshape(-1, STEP_CLASSES), y.reshape(-1))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    net.eval()
    neural = _neural_nll(net, heldout)
    markov_nll = markov_heldout_nll(markov or load_model(), heldout)
    out = out or NEURAL_CHECKPOINT
    out.parent.mkdir(parents=True, exist_ok=True)
    torch.save({"config": asdict(config), "state": net.state_dict()}, out)
    report = NeuralReport(sum(len(y) for _, y in train), sum(len(y) for _, y in heldout), neural, markov_nll,
                          time.perf_counter() - start, [out, export_numpy(out)])
    summary = out.with_suffix(".json")
    summary.write_text(json.dumps({k: v for k, v in asdict(report).items() if k != "files"}, indent=1))
    report.files.append(summary)
    return report


def _pad(batch: list[tuple[np.ndarray, np.ndarray]]) -> tuple[Any, Any]:
    import torch

    t = max(len(y) for _, y in batch)
    x = np.zeros((len(batch), t, len(FEATURE_SIZES)), dtype=np.int64)
    y = np.full((len(batch), t), -1, dtype=np.int64)
    for k, (xs, ys) in enumerate(batch):
        x[k, : len(ys)] = xs
        y[k, : len(ys)] = ys
    return torch.from_numpy(x), torch.from_numpy(y)


def _neural_nll(net: Any, sequences: list[tuple[np.ndarray, np.ndarray]]) -> float:
    import torch

    total, count = 0.0, 0
    with torch.no_grad():
        for b0 in range(0, len(sequences), 256):
            x, y = _pad(sequences[b0 : b0 + 256])
            logits, _ = net(x)
            logp = torch.log_softmax(logits, dim=-1)
            mask = y >= 0
            picked = logp.gather(-1, y.clamp(min=0).unsqueeze(-1)).squeeze(-1)
            total -= float(picked[mask].sum())
            count += int(mask.sum())
    return total / max(1, count)


def markov_heldout_nll(model: MelodyModel, sequences: list[tuple[np.ndarray, np.ndarray]]) -> float:
    """The Markov pitch model on the same transitions (its contexts: family, degree, two steps, strong)."""
    family_names = ("M", "m")
    total, count = 0.0, 0
    for x, y in sequences:
        for t in range(len(y)):
            s1 = None if x[t, 0] == NO_STEP else int(x[t, 0]) - MAX_STEP
            s2 = None if t == 0 or x[t - 1, 0] == NO_STEP else int(x[t - 1, 0]) - MAX_STEP
            dist = model.step_distribution(pitch_contexts(family_names[int(x[t, 2])], int(x[t, 1]), s1, s2,
                                                          bool(x[t, 3])))
            total -= math.log(max(float(dist[int(y[t])]), 1e-12))
            count += 1
    return total / max(1, count)


class NeuralStepModel:
    """The trained LSTM's weights, read one transition at a time by the sampler, in numpy (no torch needed).

    The model is shared (one per process); each melody reads it through its own :meth:`run`, which holds that
    melody's states, so no drill hears another's (the same seed gives the same drill whatever came before).
    """

    def __init__(self, weights: dict[str, np.ndarray]) -> None:
        self.embeds = [weights[f"embeds.{k}.weight"] for k in range(len(FEATURE_SIZES))]
        self.w_ih, self.w_hh = weights["lstm.weight_ih_l0"], weights["lstm.weight_hh_l0"]
        self.bias = weights["lstm.bias_ih_l0"] + weights["lstm.bias_hh_l0"]
        self.w_out, self.b_out = weights["out.weight"], weights["out.bias"]
        self.hidden = self.w_hh.shape[1]

    def run(self) -> NeuralRun:
        """A fresh pass through a melody, from a silent state."""
        return NeuralRun(self)


class NeuralRun:
    """One melody's pass: :meth:`distribution` takes the position ``i`` and the inputs of the move into
    note ``i``, and continues from the state after position ``i - 1`` (so after the sampler backs up, asking
    again at ``i`` simply recomputes from there; a position never asked starts from silence). One step is a
    few small matrix products: tens of microseconds.
    """

    def __init__(self, model: NeuralStepModel) -> None:
        self.model = model
        self._states: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def distribution(self, i: int, features: list[int]) -> np.ndarray:
        """P(step) over ``-9..+9`` (shape ``(19,)``)."""
        m = self.model
        h, c = self._states.get(i - 1, (np.zeros(m.hidden), np.zeros(m.hidden)))
        x = np.concatenate([emb[f] for emb, f in zip(m.embeds, features, strict=True)])
        gates = m.w_ih @ x + m.w_hh @ h + m.bias  # (4H,): input, forget, cell, output (torch's order)
        n = m.hidden
        i_g, f_g = _sigmoid(gates[:n]), _sigmoid(gates[n : 2 * n])
        g_g, o_g = np.tanh(gates[2 * n : 3 * n]), _sigmoid(gates[3 * n :])
        c = f_g * c + i_g * g_g
        h = o_g * np.tanh(c)
        self._states[i] = (h, c)
        logits = m.w_out @ h + m.b_out
        e = np.exp(logits - logits.max())
        return e / e.sum()


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def export_numpy(pt_path: Path) -> Path:
    """Write the weights of a torch checkpoint as ``.npz`` next to it (what the sampler loads)."""
    import torch

    data = torch.load(pt_path, map_location="cpu", weights_only=True)
    out = pt_path.with_suffix(".npz")
    np.savez_compressed(out, **{k: v.numpy().astype(np.float32) for k, v in data["state"].items()})
    return out


@lru_cache(maxsize=2)
def load_neural(path: str | None = None) -> NeuralStepModel | None:
    """The shipped LSTM (``melody_lstm.npz``, or ``path`` to a ``.pt``/``.npz``); ``None`` when there is none."""
    p = Path(path).with_suffix(".npz") if path else NEURAL_CHECKPOINT.with_suffix(".npz")
    if not p.exists():
        return None
    with np.load(p) as data:
        return NeuralStepModel({k: data[k].astype(np.float64) for k in data.files})
