"""Musical symbols in lessons and questions are drawn, not boxes: the site carries a font for them.

Debian's Chromium (DejaVu, Noto) has ♯ ♭ ♮ ♩ ♪ but not 𝄪 𝄫 𝅝 𝅗𝅥 𝅘𝅥𝅯: the accidentals and note-values lessons
showed boxes. The site names a five-glyph font made from Bravura (scripts/build_symbols_font.py) for the Musical
Symbols block; nothing is fetched from elsewhere at run time.
"""

from __future__ import annotations

import re
from pathlib import Path

from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[2]
FONT = ROOT / "static" / "fonts" / "music-symbols.woff2"
CSS = ROOT / "static" / "css" / "site.css"
#: Musical Symbols (U+1D100-1D1FF): no common system font carries them.
MUSICAL_SYMBOLS = re.compile("[\U0001d100-\U0001d1ff]")


def test_every_musical_symbol_written_in_a_lesson_or_a_question_is_in_the_sites_font() -> None:
    sources = [*(ROOT / "lessons").rglob("*.md"), *(ROOT / "lessons").rglob("*.py"), *(ROOT / "music").rglob("*.py")]
    written = {c for path in sources for c in MUSICAL_SYMBOLS.findall(path.read_text())}
    assert {"\U0001d12a", "\U0001d12b", "\U0001d15d"} <= written  # the lessons do write them
    carried = set(TTFont(FONT).getBestCmap())
    assert {ord(c) for c in written} <= carried


def test_the_stylesheet_serves_the_font_from_the_site_for_those_code_points_first() -> None:
    css = CSS.read_text()
    face = re.search(r"@font-face\s*\{[^}]*\}", css)
    assert face is not None
    assert 'url("../fonts/music-symbols.woff2")' in face.group(0) and "U+1D100-1D1FF" in face.group(0)
    assert "//" not in face.group(0).split("url(")[1].split(")")[0]  # the site's own file, never a download
    root = re.search(r":root\s*\{[^}]*font-family:\s*([^;]+);", css)
    assert root is not None and root.group(1).startswith('"Tutor Music Symbols"')


def test_the_signs_stand_on_the_baseline_like_text() -> None:
    font = TTFont(FONT)
    glyphs = font.getGlyphSet()
    from fontTools.pens.boundsPen import BoundsPen

    for code in (0x1D12A, 0x1D12B, 0x1D15D, 0x1D15E, 0x1D161):
        pen = BoundsPen(glyphs)
        glyphs[font.getBestCmap()[code]].draw(pen)
        assert pen.bounds is not None
        x_min, y_min, _, y_max = pen.bounds
        assert y_min == 0 and 180 <= y_max <= 800 and x_min > 0  # on the baseline, within a letter's height


def test_the_lessons_write_notes_precomposed_which_the_font_can_draw_without_shaping() -> None:
    text = (ROOT / "lessons" / "content" / "rhythm" / "01-note-values.md").read_text()
    assert "\U0001d165" not in text  # a combining stem: a font with no shaping rules leaves it apart
