"""Workflows on generated drills: make one (from words or parameters), refine it, render its media."""

from __future__ import annotations

import secrets
import tempfile
from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction

from generation.models import Drill
from grading.models import Exercise
from tutor.errors import TutorError
from tutor.jobs import queue_job
from tutor.models import User

# What the page and the API may hand out, with the content type to send.
DOWNLOAD_TYPES = {
    "musicxml": "application/vnd.recordare.musicxml+xml",
    "midi": "audio/midi",
    "json": "application/json",
    "svg": "image/svg+xml",
    "wav": "audio/wav",
    "ogg": "audio/ogg",
    "wav_melody": "audio/wav",
    "wav_backing": "audio/wav",
    "pdf": "application/pdf",
}
FAST_FORMATS = ("musicxml", "midi", "json", "svg")
BACKGROUND_FORMATS = ("wav", "ogg", "pdf")
MAX_REQUEST_CHARS = 500


def _title(params: Any) -> str:
    kind = {"melody": "Melody", "interval": "Interval drill", "scale": "Scale drill", "rhythm": "Rhythm drill"}
    mode = params.mode.replace("-", " ")
    return f"{kind.get(params.kind, 'Drill')} in {params.key} {mode}, {params.bars} bars (level {params.level})"


def drill_params_from(
    *, request_text: str = "", params: dict[str, Any] | None = None, parent: Drill | None = None
) -> tuple[Any, list[str]]:
    """Read parameters from words (refining ``parent`` when given) or a parameter dict."""
    from generation.melody import DrillParams, GenerationError, parse_request

    if len(request_text) > MAX_REQUEST_CHARS:
        raise TutorError(f"Keep the request under {MAX_REQUEST_CHARS} characters.", field="request")
    previous = DrillParams.from_dict(parent.params) if parent is not None else None
    try:
        if request_text.strip():
            result = parse_request(request_text, previous=previous)
            return result.params, result.understood
        if params is not None:
            base = previous.to_dict() if previous is not None else {}
            return DrillParams.from_dict({**base, **params}), []
        return previous or DrillParams.preset(), []
    except (GenerationError, TypeError, ValueError) as exc:
        field = "request" if request_text.strip() else "params"
        raise TutorError(str(exc).splitlines()[0] or "Those parameters are not valid.", field=field) from None


def drill_create(
    *,
    owner: User,
    request_text: str = "",
    params: dict[str, Any] | None = None,
    parent: Drill | None = None,
    style: str = "block",
    student: User | None = None,
    targets: list[str] | None = None,
) -> Drill:
    """Generate a drill, store it as an exercise with its score and SVG, and queue its audio and PDF.

    A request that cannot be met raises ``TutorError`` naming the constraint.
    """
    from generation.accompaniment import STYLES
    from generation.melody import GenerationError, generate_drill
    from generation.render import render_drill

    if style not in STYLES:
        raise TutorError(f"Style must be one of: {', '.join(STYLES)}.", field="style")
    drill_params, understood = drill_params_from(request_text=request_text, params=params, parent=parent)
    if drill_params.seed is None:
        # Store the seed so the exact drill can be made again.
        drill_params = drill_params.replace(seed=secrets.randbelow(2**31))
    try:
        drill_params.validate()
        melody = generate_drill(drill_params)
    except GenerationError as exc:
        raise TutorError(str(exc).splitlines()[0], field="request" if request_text else "params") from None

    with tempfile.TemporaryDirectory(prefix="drill-") as tmp:
        paths = render_drill(melody, Path(tmp), formats=FAST_FORMATS, stem="drill")
        with transaction.atomic():
            exercise = Exercise(owner=owner, title=_title(drill_params))
            with paths["musicxml"].open("rb") as score:
                exercise.score.save("drill.musicxml", File(score), save=False)
            exercise.save()
            drill = Drill.objects.create(
                owner=owner,
                exercise=exercise,
                parent=parent,
                request_text=request_text[:MAX_REQUEST_CHARS],
                understood=understood,
                params=melody.params.to_dict(),
                style=style,
                notes=melody.note_list(),
                tags=list(melody.tags),
                student=student,
                purpose=Drill.Purpose.WEAK_SPOTS if student is not None else Drill.Purpose.REQUEST,
                targets=list(targets or []),
            )
            drill.files = {fmt: _store(drill, path) for fmt, path in paths.items()}
            drill.save(update_fields=["files"])
            _queue_media(drill.pk)
    return drill


#: Weak spots a drill aims at, at most; the rest wait for the next drill.
MAX_WEAK_SPOT_TARGETS = 4


def drill_params_for_student(*, student: User, seed: int | None = None) -> tuple[dict[str, Any], list[str]]:
    """Drill parameters aimed at ``student``'s top weak spots, at their level and tempo and in their range.

    Returns the parameters and the weak-spot tags they aim at. A student with
    no weak spot yet gets a drill at their level in C major (in their range).
    """
    from tutor.progress import practice_setting_for, weak_spots_for
    from tutor.skills import drill_params_for_weak_spots

    spots = weak_spots_for(student=student, limit=MAX_WEAK_SPOT_TARGETS)
    setting = practice_setting_for(student=student)
    tags = [s.tag for s in spots]
    params = drill_params_for_weak_spots(tags, level=setting.level, tempo=setting.tempo,
                                         voice_range=student.voice_range, seed=seed)
    return {**params, "level": setting.level}, tags


def drill_for_student(
    *, student: User, owner: User | None = None, seed: int | None = None, style: str = "block"
) -> Drill:
    """"Practise my weak spots": a drill made from the student's profile, with an accompaniment.

    ``owner`` is who makes it (the student, or a teacher assigning it). When
    the generator cannot meet every target at once it drops, in turn, the
    rhythm targets, the interval targets and the entries after rests, so the
    student always gets a drill aimed at the weakest notes.
    """
    from generation.melody import DrillParams, GenerationError

    params, tags = drill_params_for_student(student=student, seed=seed)
    attempts = [params]
    drops: list[dict[str, Any]] = [{"target_rhythms": []}, {"target_intervals": []}, {"rests": 0}]
    for dropped in drops:
        attempts.append({**attempts[-1], **dropped})
    last = TutorError("No drill could be made for these weak spots.")
    for attempt in attempts:
        values = dict(attempt)
        level = int(values.pop("level"))
        try:
            full = DrillParams.preset(level, **values).to_dict()
            return drill_create(owner=owner or student, params=full, style=style, student=student, targets=tags)
        except GenerationError as exc:
            last = TutorError(str(exc).splitlines()[0], field="params")
        except TutorError as exc:
            last = exc
    raise last


def _queue_media(drill_id: int) -> None:
    from generation.tasks import render_drill_media

    queue_job(render_drill_media, drill_id)


def _store(drill: Drill, path: Path) -> str:
    name = f"{drill.folder}/{path.name}"
    if default_storage.exists(name):
        default_storage.delete(name)
    with path.open("rb") as handle:
        return default_storage.save(name, File(handle))


def drill_render_media(*, drill: Drill) -> None:
    """Render the accompaniment, the audio (melody, backing, mix; WAV and OGG) and the PDF."""
    from generation.accompaniment import generate_accompaniment
    from generation.melody import DrillParams, generate_drill
    from generation.render import render_drill

    melody = generate_drill(DrillParams.from_dict(drill.params))
    backing = generate_accompaniment(melody, style=drill.style)
    with tempfile.TemporaryDirectory(prefix="drill-media-") as tmp:
        paths = render_drill(
            melody, Path(tmp), formats=BACKGROUND_FORMATS, stem="drill", backing=backing.tracks, chords=backing.chords
        )
        stored = {fmt: _store(drill, path) for fmt, path in paths.items()}
    drill.files = {**drill.files, **stored}
    drill.save(update_fields=["files"])
