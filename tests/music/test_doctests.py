"""Every module of the music core keeps its docstring examples true (they are its reference, music21-style)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import music

MODULES = sorted(m.name for m in pkgutil.iter_modules(music.__path__, "music."))


@pytest.mark.parametrize("name", ["music", *MODULES])
def test_its_docstring_examples_hold(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0
    assert result.attempted > 0 or name == "music.errors"
