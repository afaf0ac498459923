"""An exercise's notation for the studio: Verovio SVG, the SVG id of each target note, bar lines, meter, tempo;
and the melody in numbered notation (简谱).

The drawing is ``studio.engrave``, run in a limited child process (music21 and
Verovio cost time and memory that grow with the score); the result is cached in
storage per exercise, score, transposition and layout. A request gives it the
same budget as reading a score (1 s); a drawing that needs longer (a 2 000-note
score: 4-17 s under load) is drawn by a worker while the page says so.
"""

from __future__ import annotations

import contextlib
import logging
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from generation.render.jianpu import jianpu_from_musicxml, jianpu_svg
from generation.render.svg import DRILL_OPTIONS, verovio_toolkit
from grading.analysis import AnalysisError
from grading.analysis.errors import ScoreTookTooLong
from grading.analysis.sandbox import call_limited
from grading.failure_text import score_failure_text
from grading.models import Exercise, Transcription
from grading.services import score_limits, worker_score_limits
from studio import tasks
from studio.engrave import (
    JIANPU_WIDTHS,
    LAYOUT_PAGE_WIDTHS,
    engrave,
    engrave_jianpu,
    first_staff_note_ids,
    meter,
    notation_map,
    score_musicxml,
)
from studio.files import read_json, studio_folder, write_json
from tutor.errors import TooBusy, TutorError
from tutor.jobs import queue_job
from tutor.models import User

logger = logging.getLogger(__name__)

__all__ = [
    "LAYOUT_PAGE_WIDTHS", "exercise_jianpu", "exercise_notation", "first_staff_note_ids", "meter", "notation_map",
    "score_musicxml",
]

# A major ninth: a tenor saxophone (or bass clarinet) reads its part that far above concert pitch.
MAX_TRANSPOSE_SEMITONES = 14


#: How long a queued notation drawing is trusted before a page asks for another.
NOTATION_DRAW_PATIENCE_SECONDS = 120
#: A drawing the worker gave up on is tried again when asked for after this long.
NOTATION_RETRY_AFTER_SECONDS = 600
#: What a page or client waiting for a drawing is told to wait before asking again.
NOTATION_POLL_SECONDS = 3


class NotationDrawing(TutorError):
    """The notation is too slow to draw inside a request and a worker is drawing it: ask again shortly."""

    code = "drawing"
    http_status = 202


def exercise_notation(
    *, exercise: Exercise, transpose: int = 0, layout: str = "wide", in_request: bool = True,
    user: User | None = None,
) -> dict[str, Any]:
    """The exercise for the studio: Verovio SVG, each target note's SVG id, bars, meter and tempo.

    ``transpose`` (semitones, -12..12) transposes the notation only; ``layout``
    ("wide" or "narrow", see LAYOUT_PAGE_WIDTHS) sets where systems break. Times
    are seconds from the first target note at the graded tempo. Cached in
    storage per exercise, score, transposition and layout.

    In a request (``in_request``) the drawing gets the request's budget
    (``SCORE_CHECK_SECONDS``); one that needs longer is queued for a worker
    (``studio.tasks.draw_exercise_notation``, worker limits) and
    ``NotationDrawing`` is raised: the page says so and asks again. ``user``
    (who asked) may have ``MAX_RENDERS_PER_USER`` drawings queued in
    ``NOTATION_DRAW_PATIENCE_SECONDS``; one more is ``TooBusy``.
    """
    if not -MAX_TRANSPOSE_SEMITONES <= transpose <= MAX_TRANSPOSE_SEMITONES:
        raise TutorError(_("Transpose by at most a major ninth (14 semitones) either way."), field="transpose")
    if layout not in LAYOUT_PAGE_WIDTHS:
        raise TutorError(_("Layout is one of: %(layouts)s.") % {"layouts": ", ".join(LAYOUT_PAGE_WIDTHS)}, field="layout")
    suffix = "" if layout == "wide" else f"-{layout}"
    name = f"{studio_folder(exercise)}/notation{transpose:+d}{suffix}.json"
    if default_storage.exists(name):
        return dict(read_json(name))
    error_name = name.removesuffix(".json") + "-error.json"
    if default_storage.exists(error_name):
        error = read_json(error_name)
        if time.time() - float(error.get("at", 0)) < NOTATION_RETRY_AFTER_SECONDS:
            raise TutorError(_("This exercise's score cannot be shown: %(reason)s")
                              % {"reason": score_failure_text(error["reason"], clause=True)})
    queued = f"studio-notation-queued:{name}"
    if in_request and cache.get(queued):
        raise NotationDrawing(_("The score is being drawn. This takes a moment."))  # no second try here
    try:
        data = call_limited(
            engrave, exercise.score.path, tempo_bpm=exercise.tempo, transpose=transpose, layout=layout,
            limits=score_limits() if in_request else worker_score_limits(),
        )
    except ScoreTookTooLong as exc:
        if in_request:
            if cache.add(queued, 1, NOTATION_DRAW_PATIENCE_SECONDS):
                # The flag names the place it holds, so the worker gives that place back when the drawing is done.
                cache.set(queued, _count_drawing(user, queued) or 1, NOTATION_DRAW_PATIENCE_SECONDS)
                queue_job(tasks.draw_exercise_notation, exercise.pk, kwargs={"transpose": transpose, "layout": layout})
            raise NotationDrawing(_("The score is being drawn. This takes a moment.")) from None
        raise _notation_refused(error_name, queued, exc) from None
    except AnalysisError as exc:
        if in_request:
            raise TutorError(_("This exercise's score cannot be shown: %(reason)s")
                            % {"reason": score_failure_text(str(exc), clause=True)}) from None
        raise _notation_refused(error_name, queued, exc) from None
    write_json(name, data)
    _drawing_done(queued)
    return dict(data)


def _count_drawing(user: User | None, queued: str) -> str:
    """One more drawing queued by ``user``; ``TooBusy`` past ``MAX_RENDERS_PER_USER`` in the patience window
    (a transposition and a layout each make a drawing: one person must not fill the render queue).

    Returns the key of the count it took a place in ("" for no one), for ``_drawing_done`` to give back:
    a place is held while the drawing waits, not for the whole window. A teacher's page of a class's
    drills asks for one drawing per student at once, and each place held for the full 120 s let three
    scores through every two minutes; the rest said "cannot be shown"."""
    if user is None or not user.is_authenticated:
        return ""
    # The window starts at the first drawing and ends on time: its start is stored once with add (which
    # nothing re-stores), and the count lives under a key named after that start. The file and local-memory
    # caches' incr/decr re-store a key with the default 300 s timeout, so a single counter key kept
    # refusing for minutes after the drawings were done; a stale count key is now simply never read again.
    window = f"studio-notation-drawings:{user.pk}"
    started = cache.get_or_set(window, lambda: round(time.time(), 3), NOTATION_DRAW_PATIENCE_SECONDS)
    key = f"{window}:{started}"
    cache.add(key, 0, NOTATION_DRAW_PATIENCE_SECONDS)
    if cache.incr(key) > settings.MAX_RENDERS_PER_USER:
        cache.decr(key)
        cache.delete(queued)
        raise TooBusy(_("You have %(count)d scores still being drawn; try again when one is ready.")
                      % {"count": settings.MAX_RENDERS_PER_USER})
    return key


def _drawing_done(queued: str) -> None:
    """The drawing behind the flag ``queued`` is stored or refused: its place in its person's count is free."""
    slot = cache.get(queued)
    if isinstance(slot, str):
        with contextlib.suppress(ValueError):  # the window (and its count) ended meanwhile
            if cache.decr(slot) < 0:
                cache.incr(slot)
    cache.delete(queued)


def _notation_refused(error_name: str, queued: str, exc: AnalysisError) -> TutorError:
    """The worker's final word, kept for the pages that ask until ``NOTATION_RETRY_AFTER_SECONDS`` has passed."""
    write_json(error_name, {"reason": str(exc), "at": time.time()})
    _drawing_done(queued)  # the pages stop waiting and show the reason
    return TutorError(_("This exercise's score cannot be shown: %(reason)s") % {"reason": score_failure_text(str(exc), clause=True)})


#: Which 简谱 drawings a stored one is: "-spelled" numbers each note from its written letter (a B♭ in C is ♭7);
#: drawings stored before that (no suffix) wrote it ♯6, and are drawn again rather than read.
JIANPU_DRAWING = "-spelled"


def exercise_jianpu(*, exercise: Exercise, note_ids: list[str | None], syllables: bool = False,
                    in_request: bool = True) -> dict[str, str]:
    """The exercise's melody in numbered notation (简谱) as SVG, each number carrying the staff's note id.

    One drawing per layout of ``JIANPU_WIDTHS`` (``{"wide": svg, "narrow": svg}``): the page shows the one
    that fits the screen. ``note_ids`` are the untransposed staff's ids per target note
    (``exercise_notation()["note_ids"]``); ``syllables`` writes movable-do syllables under the numbers.
    Cached in storage beside the notation (the worker that draws a large score's staff draws these too).
    """
    names = {layout: f"{studio_folder(exercise)}/jianpu{JIANPU_DRAWING}{'-solfege' if syllables else ''}"
                     f"{'' if layout == 'wide' else '-' + layout}.svg" for layout in JIANPU_WIDTHS}
    if all(default_storage.exists(name) for name in names.values()):
        drawn = {}
        for layout, name in names.items():
            with default_storage.open(name, "rb") as handle:
                drawn[layout] = handle.read().decode("utf-8")
        return drawn
    try:
        drawn = dict(call_limited(engrave_jianpu, exercise.score.path, note_ids=note_ids, syllables=syllables,
                                  limits=score_limits() if in_request else worker_score_limits()))
    except AnalysisError:  # the staff still shows, never a 500
        raise TutorError(_("This exercise cannot be shown in numbered notation.")) from None
    for layout, name in names.items():
        if not default_storage.exists(name):  # a cache from before the narrow layout keeps its wide file
            default_storage.save(name, ContentFile(drawn[layout].encode("utf-8")))
    return drawn


def exercise_notation_draw(*, exercise: Exercise, transpose: int, layout: str) -> None:
    """The worker's part: draw what a request could not, with the worker's limits, into the cache; for the
    untransposed wide staff, the numbered notation too (the studio page asks for both at once)."""
    data = exercise_notation(exercise=exercise, transpose=transpose, layout=layout, in_request=False)
    if transpose == 0 and layout == "wide":
        for syllables in (False, True):
            exercise_jianpu(exercise=exercise, note_ids=data["note_ids"], syllables=syllables, in_request=False)


def transcription_notation(*, row: Transcription, layout: str = "wide") -> dict[str, Any]:
    """A finished transcription (with its corrections) drawn by Verovio: ``{"svg", "jianpu_svg"}``.

    ``layout`` ("wide" or "narrow") sets where the staff's systems and the 简谱's lines break, as for an
    exercise: "narrow" fits a phone's column at the same size.
    """
    import tempfile

    from grading.analysis.transcription_files import score_from_json

    if row.status != Transcription.Status.DONE or not row.result:
        raise TutorError(_("The transcription is not finished yet."))
    try:
        with tempfile.TemporaryDirectory(prefix="transcription-notation-") as tmp:
            path = Path(tmp) / "melody.musicxml"
            score_from_json(row.result, title=row.title or _("My melody")).write("musicxml", fp=str(path))
            musicxml = path.read_text(encoding="utf-8")
        toolkit = verovio_toolkit({**DRILL_OPTIONS, "pageWidth": LAYOUT_PAGE_WIDTHS[layout], "xmlIdSeed": 1})
        if not toolkit.loadData(musicxml):
            raise TutorError(_("This transcription cannot be shown (Verovio could not read it)."))
        svg = str(toolkit.renderToSVG(1))
        notes, key, meter, pickup = jianpu_from_musicxml(musicxml)
        jianpu = jianpu_svg(notes, key=key, meter=meter, pickup=pickup, width=JIANPU_WIDTHS[layout])
    except TutorError:
        raise
    except Exception as exc:  # music21 and Verovio raise many kinds: never a 500
        logger.warning("notation of transcription %s failed: %r", row.pk, exc)
        raise TutorError(_("This transcription cannot be shown (%(error)s).") % {"error": type(exc).__name__}) from None
    return {"svg": svg, "jianpu_svg": jianpu}
