"""SVG through Verovio; note ids from the MusicXML are kept on each ``<g class="note">``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

#: One tall page so a drill is a single SVG; width in Verovio units (tenths of a staff space).
PAGE_WIDTH = 2100
PAGE_HEIGHT = 60000
SCALE_PERCENT = 40


@lru_cache(maxsize=1)
def _toolkit() -> Any:
    import verovio

    tk = verovio.toolkit()
    tk.setOptions({
        "pageWidth": PAGE_WIDTH, "pageHeight": PAGE_HEIGHT, "adjustPageHeight": True, "scale": SCALE_PERCENT,
        "svgViewBox": True, "header": "none", "footer": "none", "breaks": "auto",
    })
    return tk


def svg_text(musicxml: str) -> str:
    """The first (only) page as SVG text. Not thread-safe: one toolkit per process."""
    tk = _toolkit()
    if not tk.loadData(musicxml):
        raise ValueError("svg: Verovio could not read the MusicXML")
    return str(tk.renderToSVG(1))


def write_svg(musicxml: str, path: Path) -> Path:
    path.write_text(svg_text(musicxml))
    return path
