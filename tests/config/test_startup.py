"""The web process starts light: Django set up, every URL module imported, and no heavy library loaded."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT

#: Libraries the web process must not import at start-up (the analysis, notation and audio load them on use).
HEAVY = ("torch", "torchcrepe", "librosa", "numba", "music21", "verovio", "abjad")

PROBE = """
import json, sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns
import config.wsgi
print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] in %r)))
"""


def test_the_web_process_imports_no_heavy_library_at_start_up(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "TUTOR_VAR_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", PROBE % (HEAVY,)], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True)
    loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert loaded == [], f"the web process imported {loaded} at start-up"


WARM_PROBE = """
import json
import config.wsgi
from generation.melody.request import _CompiledOnce, parse_request
warm = _CompiledOnce.compile.cache_info().currsize
parse_request("Year 9 class: sight-singing in E minor, 6/8, 16 bars, lots of leaps")
parse_request("请出一条F大调的视唱，三四拍，十二小节，不要切分")
print(json.dumps([warm, _CompiledOnce.compile.cache_info().currsize - warm]))
"""


def test_the_web_process_reads_words_before_its_first_request(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # The reader's first request in a process compiled ~550 patterns (0.3-0.7 s) while the first user waited.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "TUTOR_VAR_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", WARM_PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    warm, compiled_by_users = json.loads(out.stdout.strip().splitlines()[-1])
    assert warm >= 500
    assert compiled_by_users < 40, f"the first requests still compiled {compiled_by_users} patterns"
