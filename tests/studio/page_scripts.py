"""Run the studio's own ES modules under Node, as the page runs them, and read back a JSON value."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
NODE = shutil.which("node")


def evaluate(module: str, names: list[str], expression: str) -> Any:
    """``expression`` evaluated after importing ``names`` from ``static/js/studio/<module>``."""
    script = (f"import {{ {', '.join(names)} }} from './static/js/studio/{module}';"
              f"console.log(JSON.stringify({expression}));")
    done = subprocess.run([NODE or "node", "--input-type=module", "-e", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=30, check=True)
    return json.loads(done.stdout)
