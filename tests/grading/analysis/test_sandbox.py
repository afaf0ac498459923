from __future__ import annotations

from pathlib import Path

import pytest

from grading.analysis.errors import SilentAudio, UnreadableAudio
from grading.analysis.sandbox import UploadLimits, check_upload
from tests.grading.analysis.synth import tone, write_wav


def test_it_returns_the_duration_of_a_good_take(tmp_path: Path) -> None:
    seconds = check_upload(write_wav(tmp_path / "a.wav", tone(69, 2.0)))
    assert abs(seconds - 2.0) < 0.05


def test_it_passes_on_the_childs_reason(tmp_path: Path) -> None:
    import numpy as np

    with pytest.raises(SilentAudio, match="silent"):
        check_upload(write_wav(tmp_path / "s.wav", np.zeros(16_000, np.float32)))


def test_a_child_over_its_memory_limit_is_refused_not_fatal(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "a.wav", tone(69, 2.0))
    with pytest.raises(UnreadableAudio):
        check_upload(path, limits=UploadLimits(memory_bytes=64 * 1024 * 1024))
