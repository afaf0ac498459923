"""The transcribe page's chord menu says how well another chord fits in words, not "41% likely"."""

from __future__ import annotations

import pytest

from tests.studio.page_scripts import NODE, ROOT, evaluate


@pytest.mark.skipif(NODE is None, reason="Node.js runs the page's script")
def test_an_alternative_chord_is_said_in_plain_words() -> None:
    said = evaluate("chord-words.js", ["fitWords"], "[0.62, 0.41, 0.3, 0.2, 0.12, 0.05].map(fitWords)")
    assert said == ["fits nearly as well", "fits nearly as well", "fits nearly as well", "also fits", "also fits",
                    "a more unusual choice"]


def test_the_menu_shows_no_percentage() -> None:
    script = (ROOT / "static" / "js" / "studio" / "transcribe.js").read_text()
    assert "likely" not in script and "fit: fitWords(alt.probability)" in script
