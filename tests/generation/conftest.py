"""Generation tests are plain functions over the Django-free core (plus the three commands).

Tests marked ``slow`` (LilyPond engraving) are skipped unless ``GENERATION_SLOW=1``.
"""

import os

import pytest


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes seconds (LilyPond); run with GENERATION_SLOW=1")


def pytest_collection_modifyitems(config, items):
    if os.environ.get("GENERATION_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow: set GENERATION_SLOW=1 to run")
    for item in items:
        if "slow" in item.keywords and "tests/generation" in str(item.fspath):
            item.add_marker(skip)
