"""An exercise's practice audio: the target melody and its backing, rendered once with FluidSynth.

The backing is block chords from the harmoniser unless the exercise keeps its own chords and style
(a melody saved from a transcription).

The page asks for it (:func:`exercise_audio`); a worker renders it
(:func:`exercise_audio_render`, from ``studio.tasks``) into the exercise's
studio folder; ``audio.json`` marks a finished render.
"""

from __future__ import annotations

import tempfile
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from generation.accompaniment import generate_accompaniment, melody_from_file
from generation.render import render_drill
from generation.render.tracks import Event, Track
from grading.analysis import load_target
from grading.analysis.target import split_score
from grading.failure_text import failure_text
from grading.models import Exercise
from studio import tasks
from studio.files import read_json, studio_folder, write_json
from tutor.jobs import queue_job

#: How long a queued audio render is trusted before the page asks for another.
AUDIO_RENDER_PATIENCE_SECONDS = 120
#: A failed render is retried when the page is opened after this long.
AUDIO_RETRY_AFTER_SECONDS = 600
AUDIO_PARTS = ("melody", "backing")


def exercise_audio(*, exercise: Exercise, queue: bool = True) -> dict[str, Any]:
    """Where the studio's rendered audio stands: ``{"status": "ready"|"rendering"|"failed", ...}``.

    Ready: ``parts`` names the stems (melody, backing). Otherwise the render is
    queued, once per few minutes, unless ``queue`` is false.
    """
    folder = studio_folder(exercise)
    if default_storage.exists(f"{folder}/audio.json"):
        info = read_json(f"{folder}/audio.json")
        return {"status": "ready", "parts": sorted(info.get("parts", {})), "tempo": info.get("tempo")}
    error = read_json(f"{folder}/audio-error.json") if default_storage.exists(f"{folder}/audio-error.json") else None
    if error and time.time() - float(error.get("at", 0)) < AUDIO_RETRY_AFTER_SECONDS:
        # Worded here, in the reader's language: the worker that failed knows no request's language.
        reason = error.get("reason")
        message = (_("The practice audio could not be rendered (%(reason)s).")
                   % {"reason": failure_text(reason, clause=True).rstrip(".。")} if reason
                   else error.get("message") or _("The practice audio could not be rendered."))
        return {"status": "failed", "error": message}
    if queue and cache.add(f"studio-audio-queued:{folder}", 1, AUDIO_RENDER_PATIENCE_SECONDS):
        queue_job(tasks.render_exercise_audio, exercise.pk)
    return {"status": "rendering"}


def exercise_audio_path(*, exercise: Exercise, part: str) -> str | None:
    """Storage name of a rendered stem, or None while it is not there."""
    folder = studio_folder(exercise)
    if part not in AUDIO_PARTS or not default_storage.exists(f"{folder}/audio.json"):
        return None
    name = read_json(f"{folder}/audio.json").get("parts", {}).get(part)
    return str(name) if name else None


#: The other parts of a piece sound on a piano, softer than the student's own part.
OTHER_PARTS_PROGRAM = 0
OTHER_PARTS_VELOCITY = 62


def other_parts_tracks(exercise: Exercise) -> list[Track]:
    """The piece's other parts as backing tracks, in quarter notes from where this part comes in."""
    assert exercise.parent is not None and exercise.part_number is not None
    split = split_score(exercise.parent.score.path, exercise.part_number)
    tracks = []
    channels = [c for c in range(1, 16) if c != 9]  # 0 is the student's part, 9 the drums
    for index, (name, notes) in enumerate(split.others):
        events = [Event(Fraction(onset).limit_denominator(48), Fraction(length).limit_denominator(48), midi,
                        OTHER_PARTS_VELOCITY) for onset, length, midi in notes]
        tracks.append(Track(name, OTHER_PARTS_PROGRAM, channels[index % len(channels)], events))
    return tracks


def exercise_audio_render(*, exercise: Exercise) -> None:
    """Render the target melody and a block-chord accompaniment with FluidSynth, once.

    Writes ``melody.wav`` and ``backing.wav`` (44.1 kHz, no count-in: the page
    clicks its own; from the first note, a pickup's included, as the page's
    notation counts time) and then ``audio.json``, which marks the render complete;
    a second run finds it and does nothing. A failure leaves
    ``audio-error.json`` with the reason for the page.
    """
    folder = studio_folder(exercise)
    if default_storage.exists(f"{folder}/audio.json"):
        return
    try:
        target = load_target(exercise.score.path, tempo_bpm=exercise.tempo)
        tempo = round(target.tempo_bpm)
        melody = melody_from_file(Path(exercise.score.path), tempo=tempo)
        # The page's clock starts at the first note: the silent beats of a pickup bar are left out.
        skip = melody.notes[0].offset
        if exercise.parent is not None:  # one part of a piece: the other parts are the backing
            # They count from this part's first note; the melody counts from the start of its bar.
            tracks, chords = [t.shifted(skip) for t in other_parts_tracks(exercise)], None
        else:
            # A melody saved with its own chords and style keeps them; otherwise block chords, harmonised.
            accompaniment = generate_accompaniment(melody, style=exercise.accompaniment_style or "block",
                                                   chords=" | ".join(exercise.chords) or None)
            tracks, chords = accompaniment.tracks, accompaniment.chords
        with tempfile.TemporaryDirectory(prefix="studio-audio-") as tmp:
            paths = render_drill(melody, Path(tmp), formats=("wav",), stem="exercise", backing=tracks,
                                 chords=chords, count_in_bars=0, skip=skip)
            parts: dict[str, str] = {}
            for part in AUDIO_PARTS:
                path = paths.get(f"wav_{part}") or (paths.get("wav") if part == "melody" else None)
                if path is None:
                    continue
                name = f"{folder}/{part}.wav"
                if default_storage.exists(name):
                    default_storage.delete(name)
                with path.open("rb") as handle:
                    parts[part] = default_storage.save(name, File(handle))
    except Exception as exc:
        write_json(f"{folder}/audio-error.json", {
            "reason": (str(exc).splitlines() or [""])[0][:200] or type(exc).__name__,
            "at": time.time(),
        })
        raise
    write_json(f"{folder}/audio.json", {"parts": parts, "tempo": tempo})
    if default_storage.exists(f"{folder}/audio-error.json"):
        default_storage.delete(f"{folder}/audio-error.json")
