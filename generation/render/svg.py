"""SVG through Verovio; note ids from the MusicXML are kept on each ``<g class="note">``."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

#: One tall page so a drill is a single SVG; width in Verovio units (tenths of a staff space).
PAGE_WIDTH = 2100
#: A phone's column (~340 CSS px): systems of two or three bars at the same staff size as the wide page.
NARROW_PAGE_WIDTH = 900
PAGE_HEIGHT = 60000
SCALE_PERCENT = 40


DRILL_OPTIONS = {
    "pageWidth": PAGE_WIDTH, "pageHeight": PAGE_HEIGHT, "adjustPageHeight": True, "scale": SCALE_PERCENT,
    "svgViewBox": True, "header": "none", "footer": "none", "breaks": "auto",
}

_per_thread = threading.local()


def verovio_toolkit(options: dict[str, Any]) -> Any:
    """A Verovio toolkit with ``options``, one per thread and per set of options.

    Toolkits are not thread-safe, and Verovio finds its fonts by default only in
    the thread that imported it (web requests run in others), so each thread
    gets its own, pointed at the fonts explicitly. Keying by options keeps one
    caller's settings (a transposition, say) from leaking into another's.
    """
    import verovio  # a native library: loaded for the first drawing, not at the web process's start

    kits: dict[str, Any] = getattr(_per_thread, "kits", None) or {}
    _per_thread.kits = kits
    key = repr(sorted(options.items()))
    if key not in kits:
        tk = verovio.toolkit(False)
        tk.setResourcePath(os.path.join(os.path.dirname(verovio.__file__), "data"))
        kits[key] = tk
    # Setting the options again restarts an "xmlIdSeed" sequence, so the same
    # score gets the same element ids on every load.
    kits[key].setOptions(dict(options))
    return kits[key]


def svg_text(musicxml: str, *, page_width: int = PAGE_WIDTH) -> str:
    """The first (only) page as SVG text; ``page_width`` in Verovio units sets where systems break."""
    tk = verovio_toolkit({**DRILL_OPTIONS, "pageWidth": page_width})
    if not tk.loadData(musicxml):
        raise ValueError("svg: Verovio could not read the MusicXML")
    return str(tk.renderToSVG(1))


def write_svg(musicxml: str, path: Path, *, page_width: int = PAGE_WIDTH) -> Path:
    path.write_text(svg_text(musicxml, page_width=page_width))
    return path
