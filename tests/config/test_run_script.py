"""scripts/run.sh started on its own, not through `make run`, serves the Chinese pages too.

The compiled catalogues (.mo) are not in git: `make run` compiled them in bootstrap.sh, so scripts/run.sh started
directly on a fresh checkout served English to a browser asking for Chinese (walk19). The script is run here with a
stand-in for .venv/bin/python that writes down what it was asked to run and exits at once.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.conftest import ROOT

FAKE_PYTHON = """#!/bin/sh
echo "$*" >> "$(dirname "$0")/../../calls.txt"
"""


def test_it_compiles_the_translations_before_it_starts_the_site(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "run.sh", tmp_path / "scripts" / "run.sh")
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)
    subprocess.run(["bash", str(tmp_path / "scripts" / "run.sh")], cwd=tmp_path, check=True, timeout=60,
                   capture_output=True, env={"PATH": "/usr/bin:/bin", "TUTOR_STOP_GRACE_SECONDS": "1"})
    calls = (tmp_path / "calls.txt").read_text().splitlines()
    compiled = calls.index("manage.py compile_translations -v0")
    started = next(n for n, call in enumerate(calls) if call.startswith("manage.py runserver"))
    assert compiled < started, calls
