"""The drill page: once its score is written, drawn for the screen's width by notation.js and never reloaded
every 3 s under it (which flashed the wide, unreadable drawing back on a phone while the audio was made); its
downloads and chords named as a student knows them."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from generation.models import Drill
from tests.generation.test_drills_django import logged_in, written
from tests.studio.page_scripts import NODE, evaluate
from tutor.models import User

pytestmark = pytest.mark.django_db


def test_the_page_reloads_itself_only_until_the_score_is_there_then_asks_the_api(student: User) -> None:
    client: Client = logged_in(student)
    drill_id = int(client.post("/drills/", {"request": "eight bars in G major", "style": "block"})["Location"].split("/")[-2])
    assert 'http-equiv="refresh"' in client.get(f"/drills/{drill_id}/").content.decode()
    written(drill_id)
    Drill.objects.filter(pk=drill_id).update(status="running")  # the score is written; the audio is being made
    page = client.get(f"/drills/{drill_id}/").content.decode()
    assert 'http-equiv="refresh"' not in page
    assert f'data-drill-url="/api/drills/{drill_id}/"' in page and "data-notation-url=" in page
    assert "js/notation.js" in page
    Drill.objects.filter(pk=drill_id).update(status="done")
    page = client.get(f"/drills/{drill_id}/").content.decode()
    assert 'http-equiv="refresh"' not in page and "data-drill-url" not in page


def test_the_page_holds_a_drawing_for_a_phone_from_the_first_paint(student: User) -> None:
    """A phone showed the wide eight-bar drawing, cut off and scrolling, for a second until notation.js swapped
    in the narrow one: the worker now draws both, the page inlines both and CSS shows the phone's there."""
    client: Client = logged_in(student)
    drill_id = int(client.post("/drills/", {"request": "eight bars in G major", "style": "block"})["Location"].split("/")[-2])
    written(drill_id)
    drill = Drill.objects.get(pk=drill_id)
    page = client.get(f"/drills/{drill_id}/").content.decode()
    wide = re.search(r'<div class="notation-wide">(.*?)</div><div class="notation-narrow">(.*?)</div></figure>', page, re.S)
    assert wide is not None
    systems = [len(re.findall(r'class="system"', part)) for part in wide.groups()]
    assert systems[1] > systems[0] >= 1  # the phone's breaks sooner, at the same staff size
    # The same notes in both, so either can be coloured.
    assert re.findall(r'<g id="(note-\d+)" class="note"', wide.group(1)) == re.findall(
        r'<g id="(note-\d+)" class="note"', wide.group(2))
    # Drawn, not offered: the SVG download is the one score picture.
    assert "svg_narrow" in drill.files and 'data-format="svg_narrow"' not in page
    # A drill written before the phone's drawing existed keeps the one drawing.
    Drill.objects.filter(pk=drill_id).update(files={k: v for k, v in drill.files.items() if k != "svg_narrow"})
    page = client.get(f"/drills/{drill_id}/").content.decode()
    assert "notation-narrow" not in page and re.search(r'data-notation-url="[^"]+"><svg', page)


def test_downloads_and_the_style_are_named_as_a_student_knows_them(student: User) -> None:
    from pathlib import Path

    from tutor.locale_compile import compile_catalogues

    client: Client = logged_in(student)
    drill_id = int(client.post("/drills/", {"request": "four bars in G major", "style": "alberti"})["Location"].split("/")[-2])
    written(drill_id)
    Drill.objects.filter(pk=drill_id).update(files={"json": "a.json", "musicxml": "a.musicxml", "svg": "a.svg",
                                                    "midi": "a.mid", "pdf": "a.pdf", "wav": "a.wav"})
    page = client.get(f"/drills/{drill_id}/").content.decode()
    links = re.findall(r'<a href="[^"]+" data-format="(\w+)">([^<]+)</a>', page)
    assert links == [("pdf", "Printable score (PDF)"), ("musicxml", "Score (MusicXML)"), ("midi", "MIDI"),
                     ("wav", "Audio with accompaniment (WAV)"), ("svg", "Score picture (SVG)"),
                     ("json", "The notes as data (JSON)")]
    assert "With accompaniment (Alberti bass)" in page
    compile_catalogues(Path(__file__).resolve().parents[2] / "locale")
    chinese = client.get(f"/drills/{drill_id}/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert dict(re.findall(r'data-format="(\w+)">([^<]+)</a>', chinese))["musicxml"] == "乐谱（MusicXML）"


@pytest.mark.skipif(NODE is None, reason="Node.js runs the page's script")
def test_the_chord_menu_writes_a_diminished_chord_with_a_degree_sign() -> None:
    labels = evaluate("chord-words.js", ["chordLabel", "reasonLabel"],
                      '[["viio", "viio7/V", "V7/vi", "IV", "iio"].map(chordLabel), reasonLabel("bar 3: viio, because", ["viio", null])]')
    assert labels == [["vii°", "vii°7/V", "V7/vi", "IV", "ii°"], "bar 3: vii°, because"]
