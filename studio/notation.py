"""An exercise's notation for the studio: Verovio SVG, the SVG id of each target note, bar lines, meter, tempo;
and the melody in numbered notation (简谱).

The drawing is ``studio.engrave``, run in a limited child process (music21 and
Verovio cost time and memory that grow with the score); the result is cached in
storage per exercise, score, transposition and layout.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from generation.render.jianpu import jianpu_from_musicxml, jianpu_svg
from generation.render.svg import DRILL_OPTIONS, verovio_toolkit
from grading.analysis import AnalysisError
from grading.analysis.sandbox import call_limited
from grading.models import Exercise, Transcription
from grading.services import score_limits
from studio.engrave import (
    LAYOUT_PAGE_WIDTHS,
    engrave,
    engrave_jianpu,
    first_staff_note_ids,
    meter,
    notation_map,
    score_musicxml,
)
from studio.files import read_json, studio_folder, write_json
from tutor.errors import TutorError

logger = logging.getLogger(__name__)

__all__ = [
    "LAYOUT_PAGE_WIDTHS", "exercise_jianpu", "exercise_notation", "first_staff_note_ids", "meter", "notation_map",
    "score_musicxml",
]

MAX_TRANSPOSE_SEMITONES = 12


def exercise_notation(*, exercise: Exercise, transpose: int = 0, layout: str = "wide") -> dict[str, Any]:
    """The exercise for the studio: Verovio SVG, each target note's SVG id, bars, meter and tempo.

    ``transpose`` (semitones, -12..12) transposes the notation only; ``layout``
    ("wide" or "narrow", see LAYOUT_PAGE_WIDTHS) sets where systems break. Times
    are seconds from the first target note at the graded tempo. Cached in
    storage per exercise, score, transposition and layout.
    """
    if not -MAX_TRANSPOSE_SEMITONES <= transpose <= MAX_TRANSPOSE_SEMITONES:
        raise TutorError(_("Transpose by at most an octave either way."), field="transpose")
    if layout not in LAYOUT_PAGE_WIDTHS:
        raise TutorError(_("Layout is one of: %(layouts)s.") % {"layouts": ", ".join(LAYOUT_PAGE_WIDTHS)}, field="layout")
    suffix = "" if layout == "wide" else f"-{layout}"
    name = f"{studio_folder(exercise)}/notation{transpose:+d}{suffix}.json"
    if default_storage.exists(name):
        return dict(read_json(name))
    try:
        data = call_limited(
            engrave, exercise.score.path, tempo_bpm=exercise.tempo, transpose=transpose, layout=layout,
            limits=score_limits(),
        )
    except AnalysisError as exc:
        raise TutorError(_("This exercise's score cannot be shown: %(reason)s.") % {"reason": exc}) from None
    write_json(name, data)
    return dict(data)


def exercise_jianpu(*, exercise: Exercise, note_ids: list[str | None], syllables: bool = False) -> str:
    """The exercise's melody in numbered notation (简谱) as SVG, each number carrying the staff's note id.

    ``note_ids`` are the untransposed staff's ids per target note (``exercise_notation()["note_ids"]``);
    ``syllables`` writes movable-do syllables under the numbers. Cached in storage beside the notation.
    """
    name = f"{studio_folder(exercise)}/jianpu{'-solfege' if syllables else ''}.svg"
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as handle:
            return handle.read().decode("utf-8")
    try:
        svg = str(call_limited(engrave_jianpu, exercise.score.path, note_ids=note_ids, syllables=syllables,
                               limits=score_limits()))
    except AnalysisError:  # the staff still shows, never a 500
        raise TutorError(_("This exercise cannot be shown in numbered notation.")) from None
    default_storage.save(name, ContentFile(svg.encode("utf-8")))
    return svg


def transcription_notation(*, row: Transcription) -> dict[str, Any]:
    """A finished transcription (with its corrections) drawn by Verovio: ``{"svg", "jianpu_svg"}``."""
    import tempfile

    from grading.analysis.transcription_files import score_from_json

    if row.status != Transcription.Status.DONE or not row.result:
        raise TutorError(_("The transcription is not finished yet."))
    try:
        with tempfile.TemporaryDirectory(prefix="transcription-notation-") as tmp:
            path = Path(tmp) / "melody.musicxml"
            score_from_json(row.result, title=row.title or _("My melody")).write("musicxml", fp=str(path))
            musicxml = path.read_text(encoding="utf-8")
        toolkit = verovio_toolkit({**DRILL_OPTIONS, "xmlIdSeed": 1})
        if not toolkit.loadData(musicxml):
            raise TutorError(_("This transcription cannot be shown (Verovio could not read it)."))
        svg = str(toolkit.renderToSVG(1))
        notes, key, meter, pickup = jianpu_from_musicxml(musicxml)
        jianpu = jianpu_svg(notes, key=key, meter=meter, pickup=pickup)
    except TutorError:
        raise
    except Exception as exc:  # music21 and Verovio raise many kinds: never a 500
        logger.warning("notation of transcription %s failed: %r", row.pk, exc)
        raise TutorError(_("This transcription cannot be shown (%(error)s).") % {"error": type(exc).__name__}) from None
    return {"svg": svg, "jianpu_svg": jianpu}
