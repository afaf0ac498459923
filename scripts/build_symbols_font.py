"""Write static/fonts/music-symbols.woff2: the musical symbols the lessons write in text (U+1D100 block).

    .venv/bin/python scripts/build_symbols_font.py

Lessons and questions write 𝄪 𝄫 (double sharp, double flat) and 𝅝 𝅗𝅥 𝅘𝅥𝅯 (whole, half, sixteenth note) in
running text; no font the site names carries them on many systems (Debian's DejaVu and Noto have ♯ ♭ ♮ ♩ ♪
but not these), and they showed as boxes. The outlines are Bravura's SMuFL glyphs from the copy Verovio
ships, scaled to text, stood on the baseline and given side bearings. Bravura is under the SIL Open Font
License 1.1 with the reserved name "Bravura", so this modified subset is named "Tutor Music Symbols"
(static/fonts/OFL.txt). Nothing is fetched: the source is the installed verovio package.
"""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import verovio
from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

OUT = Path(__file__).resolve().parent.parent / "static" / "fonts" / "music-symbols.woff2"
FAMILY = "Tutor Music Symbols"
#: SMuFL code point -> the Unicode one text uses (the notes' precomposed forms: a font without shaping rules
#: cannot join a notehead and a combining stem, so the lessons write U+1D15E and U+1D161).
GLYPHS = {0xE263: 0x1D12A, 0xE264: 0x1D12B, 0xE1D2: 0x1D15D, 0xE1D3: 0x1D15E, 0xE1D7: 0x1D161}
#: The double sharp is one staff space (a quarter em) in SMuFL, a speck beside text's ♯: drawn larger. A note
#: with its stem is a whole em there, taller than a letter: drawn smaller, as text's ♩ (a whole note, a head alone, as big as its head).
SCALE = {0xE263: 1.5, 0xE264: 1.0, 0xE1D2: 1.1, 0xE1D3: 0.75, 0xE1D7: 0.75}
SIDE_BEARING_UNITS = 40


def bravura() -> TTFont:
    css = (Path(verovio.__file__).parent / "data" / "Bravura.css").read_text()
    match = re.search(r"base64,([A-Za-z0-9+/=]+)", css)
    if match is None:
        raise SystemExit("verovio's Bravura.css carries no embedded font")
    return TTFont(io.BytesIO(base64.b64decode(match.group(1))))


def build() -> Path:
    font = bravura()
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = []
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=list(GLYPHS))
    subsetter.subset(font)
    names = {cp: font.getBestCmap()[cp] for cp in GLYPHS}
    glyf, hmtx = font["glyf"], font["hmtx"]
    for cp, name in names.items():
        glyph = glyf[name]
        glyph.coordinates.scale((SCALE[cp], SCALE[cp]))
        # SMuFL draws on the staff line (the baseline), half below it; text wants the sign standing on it.
        glyph.coordinates.translate((SIDE_BEARING_UNITS, -min(y for _, y in glyph.coordinates)))
        glyph.coordinates.toInt()
        glyph.recalcBounds(glyf)
        hmtx[name] = (glyph.xMax + SIDE_BEARING_UNITS, glyph.xMin)
    # Format 12 (Windows, full Unicode): format 4 cannot hold code points above U+FFFF.
    table = CmapSubtable.newSubtable(12)
    table.platformID, table.platEncID, table.language = 3, 10, 0
    table.cmap = {GLYPHS[cp]: name for cp, name in names.items()}
    font["cmap"].tables = [table]
    name_table = font["name"]
    name_table.names = []
    for name_id, text in ((0, "Outlines from Bravura, Copyright (c) 2015, Steinberg Media Technologies GmbH. "
                              "Modified (five glyphs, scaled and moved to the baseline) for this site."),
                          (1, FAMILY), (2, "Regular"), (4, FAMILY), (5, "Version 1.0"), (6, "TutorMusicSymbols-Regular"),
                          (13, "SIL Open Font License 1.1: static/fonts/OFL.txt")):
        name_table.setName(text, name_id, 3, 1, 0x409)
    font["OS/2"].ulUnicodeRange2 |= 1 << (88 - 64)  # Musical Symbols
    font.flavor = "woff2"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    font.save(OUT)
    return OUT


if __name__ == "__main__":
    build()
