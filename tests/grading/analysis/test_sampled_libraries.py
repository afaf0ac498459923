"""``benchmarks/sampled.py --library``: which sample library a set is played on, checked without a soundfont.

Run as its command (tests may not import benchmarks): a kept set says in its manifest which library
made it and is never scored as another library's (FluidR3's sets keep their old name, ``sampled-seedN``),
and a library that cannot render is refused with what to install.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _sampled(*args: str, path: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if path is not None:
        env["PATH"] = path
    return subprocess.run([sys.executable, str(ROOT / "benchmarks" / "sampled.py"), *args], env=env,
                          capture_output=True, text=True, timeout=120)


def _kept_set(out: Path, name: str) -> Path:
    out.mkdir(parents=True)
    (out / "manifest.json").write_text(json.dumps({"set": name, "seed": 2, "only": [], "takes": []}))
    return out


@pytest.mark.parametrize(("set_name", "library", "made_with"), [
    ("sampled-musescore-seed2", "fluidr3", "musescore"),   # the default does not score another library's set
    ("sampled-seed1", "timgm6mb", "fluidr3"),              # a set kept from before the option is FluidR3's
    ("sampled-timgm6mb-seed2-studio", "musescore", "timgm6mb"),
])
def test_a_kept_set_is_never_scored_as_another_librarys(tmp_path: Path, set_name: str, library: str,
                                                          made_with: str) -> None:
    out = _kept_set(tmp_path / "set", set_name)
    run = _sampled("--library", library, "--out", str(out), "--reuse")
    assert run.returncode != 0
    assert f"made with --library {made_with}, not {library}" in run.stderr


def test_a_library_that_cannot_render_says_what_to_install(tmp_path: Path) -> None:
    run = _sampled("--library", "timgm6mb", "--takes", "1", "--out", str(tmp_path / "new"), path=str(tmp_path))
    assert run.returncode != 0
    assert "apt-get install -y fluidsynth" in run.stderr
    assert not (tmp_path / "new" / "manifest.json").exists()


def test_an_unknown_library_is_refused_with_the_choices() -> None:
    run = _sampled("--library", "gs", "--reuse")
    assert run.returncode != 0 and "fluidr3" in run.stderr and "musescore" in run.stderr and "timgm6mb" in run.stderr
