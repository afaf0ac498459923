"""Workflows on exercises and recordings. The analysis itself is grading.analysis."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from grading.models import Exercise, NoteResult, RangeTest, Recording
from tutor.errors import Conflict, NotAllowed, NotFound, TutorError
from tutor.jobs import queue_job
from tutor.models import Assignment, SkillEvidence, User
from tutor.services import evidence_record

logger = logging.getLogger(__name__)

SCORE_SUFFIXES = (".musicxml", ".xml", ".mxl", ".mid", ".midi")
MAX_SCORE_BYTES = 5 * 1024 * 1024


def _spooled(upload: UploadedFile, directory: str) -> Path:
    """Copy an upload to a file in ``directory`` so the decoders can read a path."""
    path = Path(directory) / "upload"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    upload.seek(0)
    return path


@contextmanager
def checked_take(audio: UploadedFile, *, prefix: str) -> Iterator[tuple[Path, float]]:
    """Spool an uploaded take to a temporary file and check it; yields (path, seconds of audio).

    The take is decoded in a child process with CPU, memory and time limits:
    silence, NaN samples, hopeless clipping and too-short takes are refused now,
    not after the student has waited, and a hostile file cannot hurt the web
    process. Refusals are ``TutorError`` on the ``audio`` field. The file is
    gone when the block ends: store it inside the block.
    """
    from grading.analysis import AnalysisError
    from grading.analysis.sandbox import UploadLimits, check_upload

    max_bytes = settings.MAX_UPLOAD_BYTES
    if not audio.size:
        raise TutorError("The recording is empty.", field="audio")
    if audio.size > max_bytes:
        raise TutorError(f"The recording is larger than {max_bytes // (1024 * 1024)} MB.", field="audio")
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        path = _spooled(audio, tmp)
        try:
            seconds = check_upload(path, limits=UploadLimits(max_bytes=max_bytes))
        except AnalysisError as exc:
            raise TutorError(str(exc)[:1].upper() + str(exc)[1:] + ".", field="audio") from None
        yield path, seconds


def score_check(upload: UploadedFile) -> None:
    """Refuse a score the grader could not use, with the reason, before it is stored."""
    from grading.analysis import AnalysisError, load_target

    name = (upload.name or "").lower()
    if not name.endswith(SCORE_SUFFIXES):
        raise TutorError("Upload MusicXML (.musicxml, .xml, .mxl) or MIDI (.mid, .midi).", field="score")
    if upload.size is None or upload.size == 0:
        raise TutorError("That score file is empty.", field="score")
    if upload.size > MAX_SCORE_BYTES:
        raise TutorError("That score is larger than 5 MB.", field="score")
    with tempfile.TemporaryDirectory(prefix="score-") as tmp:
        path = _spooled(upload, tmp)
        try:
            load_target(path.rename(path.with_suffix(Path(name).suffix)))
        except AnalysisError as exc:
            raise TutorError(f"That score cannot be graded against: {exc}", field="score") from None


def exercise_create(*, owner: User, title: str, score: UploadedFile, tempo: float | None = None) -> Exercise:
    if not owner.is_teacher:
        raise NotAllowed("Only teachers add exercises.")
    if not title.strip():
        raise TutorError("An exercise needs a title.", field="title")
    score_check(score)
    exercise = Exercise(owner=owner, title=title.strip(), tempo=tempo)
    exercise.score.save(score.name or "score.musicxml", score, save=False)
    exercise.save()
    return exercise


def _grading_options(exercise: Exercise, assignment: Assignment | None) -> dict[str, Any]:
    source: Any = assignment or exercise
    return {
        "tolerance_cents": source.tolerance_cents,
        "wrong_cents": source.wrong_cents,
        "tolerance_ms": source.tolerance_ms,
        "free_tempo": bool(getattr(assignment, "free_tempo", False)),
        "any_key": bool(getattr(assignment, "any_key", False)),
        "tempo_bpm": exercise.tempo,
    }


def recording_submit(
    *, student: User, audio: UploadedFile, exercise: Exercise | None = None, assignment: Assignment | None = None
) -> Recording:
    """Check a take, store it and queue its analysis; the caller gets it ``queued``.

    The take is probed (container, stream, duration) before anything is stored,
    so a file the worker could not read is refused here with a reason.
    """
    if assignment is not None:
        if not Assignment.objects.visible_to(student).filter(pk=assignment.pk).exists():
            raise NotFound("No such assignment.", field="assignment")
        target = assignment.target
        if not isinstance(target, Exercise):
            raise TutorError("That assignment is not something to play or sing.", field="assignment")
        if exercise is not None and exercise.pk != target.pk:
            raise TutorError("That exercise is not the one assigned.", field="exercise")
        exercise = target
        if assignment.attempts_allowed is not None:
            used = Recording.objects.filter(owner=student, assignment=assignment).exclude(status="failed").count()
            if used >= assignment.attempts_allowed:
                raise Conflict(
                    f"No attempts left: {used} of {assignment.attempts_allowed} used.", field="assignment"
                )
    elif exercise is None:
        raise TutorError("Say which exercise (or assignment) this take is for.", field="exercise")
    elif not Exercise.objects.visible_to(student).filter(pk=exercise.pk).exists():
        raise NotFound("No such exercise.", field="exercise")

    with checked_take(audio, prefix="take-") as (path, duration_seconds):
        recording = Recording(
            owner=student,
            exercise=exercise,
            assignment=assignment,
            original_name=(audio.name or "")[:200],
            size_bytes=audio.size or 0,
            duration_seconds=duration_seconds,
            options=_grading_options(exercise, assignment),
            is_late=bool(assignment and assignment.is_late()),
        )
        with path.open("rb") as stored:
            recording.audio.save(audio.name or "take.bin", File(stored), save=False)
    recording.save()
    recording_queue(recording)
    return recording


def range_test_submit(*, student: User, audio: UploadedFile) -> RangeTest:
    """Store a range-test take (lowest to highest note) and queue its measurement."""
    if not student.is_student:
        raise NotAllowed("The range test is for students.")
    with checked_take(audio, prefix="range-") as (path, _seconds):
        test = RangeTest(owner=student)
        with path.open("rb") as stored:
            test.audio.save(audio.name or "range.bin", File(stored), save=False)
    test.save()
    from grading.tasks import measure_range

    queue_job(measure_range, test.pk)
    return test


def range_test_measure(*, test: RangeTest) -> None:
    """Measure the range (``grading.analysis.vocal_range``) and store it on the test and the student."""
    from django.utils import timezone

    from grading.analysis import decode_audio
    from grading.analysis.vocal_range import measure_vocal_range

    decoded = decode_audio(test.audio.path)
    low, high = measure_vocal_range(decoded.samples)
    with transaction.atomic():
        test.low_midi, test.high_midi = low, high
        test.save(update_fields=["low_midi", "high_midi"])
        User.objects.filter(pk=test.owner_id).update(
            range_low_midi=low, range_high_midi=high, range_measured_at=timezone.now()
        )


def recording_queue(recording: Recording) -> None:
    from grading.tasks import analyze_recording

    queue_job(analyze_recording, recording.pk)


def recording_analyze(*, recording: Recording) -> None:
    """Grade the take and store the contract JSON and one row per target note.

    Raises ``grading.analysis.AnalysisError`` when the take or score cannot be
    graded; the task turns that into a failed recording with the message.
    """
    from grading.analysis import AssessOptions, assess

    opts = recording.options
    options = AssessOptions(
        tolerance_cents=float(opts.get("tolerance_cents", 25)),
        wrong_cents=float(opts.get("wrong_cents", 50)),
        tolerance_ms=float(opts.get("tolerance_ms", 100)),
        free_tempo=bool(opts.get("free_tempo", False)),
        any_key=bool(opts.get("any_key", False)),
        tempo_bpm=opts.get("tempo_bpm"),
        max_bytes=max(settings.MAX_UPLOAD_BYTES, recording.size_bytes),
    )
    result = assess(recording.exercise.score.path, recording.audio.path, options=options)
    payload = {"id": recording.pk, **result.to_json(details=True)}
    rows = [
        NoteResult(
            recording=recording,
            index=note.index,
            bar=note.bar,
            target_midi=note.target_midi,
            target_onset=note.target_onset,
            target_duration=note.target_duration,
            sung_midi=note.sung_midi,
            cents=note.cents,
            onset=note.onset,
            timing_error=note.timing_error,
            confidence=note.confidence,
            pitch=note.pitch,
            timing=note.timing,
            follows_rest=note.follows_rest,
        )
        for note in result.notes
    ]
    with transaction.atomic():
        # A redelivered take replaces what an earlier, interrupted run wrote, and its evidence with it.
        old = NoteResult.objects.filter(recording=recording)
        SkillEvidence.objects.filter(source=SkillEvidence.Source.NOTE, source_id__in=old.values("pk")).delete()
        old.delete()
        NoteResult.objects.bulk_create(rows)
        recording.result = payload
        recording.score = payload["summary"]["score"]
        recording.save(update_fields=["result", "score"])
        recording_evidence_record(recording=recording)


def exercise_key(*, exercise: Exercise) -> str:
    """The key the exercise's notes are spelled in (``"G major"``), stored on first use.

    A generated drill knows its key; an uploaded score gives its key signature
    (read as major, or minor when the score says so), else music21's analysis.
    """
    if exercise.key:
        return exercise.key
    drill = getattr(exercise, "drill", None)
    if drill is not None:
        text = f"{drill.params.get('key', 'C')} {drill.params.get('mode', 'major')}"
    else:
        text = _score_key(Path(exercise.score.path))
    Exercise.objects.filter(pk=exercise.pk).update(key=text)
    exercise.key = text
    return text


def _score_key(path: Path) -> str:
    from music21 import converter, key

    try:
        score = converter.parse(str(path))
        parts = list(getattr(score, "parts", [])) or [score]
        flat = parts[0].flatten()
        found = next(iter(flat.getElementsByClass(key.KeySignature)), None)
        if isinstance(found, key.Key):
            k = found
        elif found is not None:
            k = found.asKey("major")
        else:
            k = score.analyze("key")
        mode = "minor" if k.mode == "minor" else "major"
        return f"{k.tonic.name.replace('-', 'b')} {mode}"
    except Exception as exc:  # an odd score: spell in C rather than fail the grading
        logger.warning("no key for %s: %r", path, exc)
        return "C major"


def recording_evidence_record(*, recording: Recording) -> None:
    """Turn every graded note of the take into skill evidence (see ``tutor.skills.note_evidence``).

    Replaces the take's earlier evidence, so a re-graded take or a teacher's
    override never counts twice. The evidence carries the time of the take.
    """
    from tutor.skills import GradedNote, key_from_text, note_evidence

    rows = list(NoteResult.objects.filter(recording=recording).order_by("index"))
    SkillEvidence.objects.filter(source=SkillEvidence.Source.NOTE, source_id__in=[r.pk for r in rows]).delete()
    if not rows or recording.owner.is_teacher:
        return
    opts = recording.options or {}
    result = recording.result or {}
    key = key_from_text(exercise_key(exercise=recording.exercise))
    notes = [
        GradedNote(index=r.index, target_midi=r.target_midi, target_onset=r.target_onset,
                   target_duration=r.target_duration, pitch=r.pitch, timing=r.timing, cents=r.cents,
                   timing_error=r.timing_error, sung_midi=r.sung_midi, follows_rest=r.follows_rest,
                   reviewed=r.reviewed)
        for r in rows
    ]
    evidence = note_evidence(
        notes, key=key, tempo_bpm=float(result.get("tempo") or opts.get("tempo_bpm") or 120.0),
        tolerance_cents=float(opts.get("tolerance_cents", 25)), free_tempo=bool(opts.get("free_tempo", False)),
    )
    at = recording.queued_at
    for row in rows:
        items = evidence.get(row.index, [])
        if items:
            evidence_record(student=recording.owner, source=SkillEvidence.Source.NOTE, source_id=row.pk,
                            items=items, at=at)



# --------------------------------------------------------------------------- the practice studio

STUDIO_FOLDER = "studio/exercises"
MAX_TRANSPOSE_SEMITONES = 12
MIN_LATENCY_MS, MAX_LATENCY_MS = 0, 1000
MAX_COUNT_IN_MS = 60_000
#: How long a queued audio render is trusted before the page asks for another.
AUDIO_RENDER_PATIENCE_SECONDS = 120
#: A failed render is retried when the page is opened after this long.
AUDIO_RETRY_AFTER_SECONDS = 600
AUDIO_PARTS = ("melody", "backing")
#: Pitch verdicts a "drill my mistakes" drill aims at.
PITCH_ERRORS = ("flat", "sharp", "wrong", "missed")
MAX_DRILL_TARGETS = 3


def studio_folder(exercise: Exercise) -> str:
    """Storage folder for an exercise's studio media; a new score or tempo gets a new folder."""
    import hashlib

    key = hashlib.sha256(f"{exercise.score.name}|{exercise.tempo}".encode()).hexdigest()[:12]
    return f"{STUDIO_FOLDER}/{exercise.pk}/{key}"


def _read_json(name: str) -> Any:
    import json

    from django.core.files.storage import default_storage

    with default_storage.open(name, "rb") as handle:
        return json.loads(handle.read().decode("utf-8"))


def _write_json(name: str, data: Any) -> None:
    import json

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(json.dumps(data).encode("utf-8")))


def _score_musicxml(path: Path) -> str:
    """The score as MusicXML text for Verovio: checked as the grader checks it, MIDI converted."""
    from grading.analysis.target import MIDI_SUFFIXES, _check_xml, _read_mxl

    data = path.read_bytes()
    if path.suffix.lower() in MIDI_SUFFIXES or data[:4] == b"MThd":
        import music21
        from music21.musicxml.m21ToXml import GeneralObjectExporter

        score = music21.converter.parse(data, format="midi")
        return GeneralObjectExporter(score).parse().decode("utf-8")
    if path.suffix.lower() == ".mxl" or data[:2] == b"PK":
        data = _read_mxl(data)
    _check_xml(data)
    return data.decode("utf-8", errors="replace")


def _meter(musicxml: str) -> tuple[int, int]:
    """(beats, beat type) of the first time signature; 4/4 when there is none."""
    import re

    beats = re.search(r"<beats>\s*(\d+)\s*</beats>", musicxml)
    beat_type = re.search(r"<beat-type>\s*(\d+)\s*</beat-type>", musicxml)
    if beats and beat_type and int(beats.group(1)) > 0 and int(beat_type.group(1)) in (1, 2, 4, 8, 16, 32):
        return int(beats.group(1)), int(beat_type.group(1))
    return 4, 4


def _first_staff_note_ids(svg: str) -> set[str]:
    """Ids of the ``g.note`` elements in the first staff of every measure of a Verovio SVG."""
    import xml.etree.ElementTree as ET  # our own Verovio output, not user input

    def classes(el: ET.Element) -> list[str]:
        return (el.get("class") or "").split()

    root = ET.fromstring(svg)
    ids: set[str] = set()
    for measure in root.iter("{http://www.w3.org/2000/svg}g"):
        if "measure" not in classes(measure):
            continue
        staff = next((el for el in measure if "staff" in classes(el)), None)
        if staff is None:
            continue
        ids.update(el.get("id", "") for el in staff.iter("{http://www.w3.org/2000/svg}g") if "note" in classes(el))
    ids.discard("")
    return ids


def notation_map(toolkit: Any, svg: str, target: Any, *, transpose: int = 0) -> tuple[list[str | None], list[float]]:
    """Match each target note (in order) to a Verovio note id, and find where bars start.

    Verovio's timemap lists note onsets in score order with quarter-note stamps;
    only notes of the first staff count, and at each onset the highest one,
    as the grader reads the top line. Returns ``(ids, bar_starts)``: one id (or
    None when no note matches) per target note, and each bar's start in
    quarter notes from the first target note.
    """
    first_staff = _first_staff_note_ids(svg)
    groups: list[tuple[float, str, int]] = []  # (quarter stamp, id, sounding MIDI before transposition)
    bars: list[float] = []
    for entry in toolkit.renderToTimemap({"includeMeasures": True}):
        if entry.get("measureOn"):
            bars.append(float(entry["qstamp"]))
        best: tuple[int, str] | None = None
        for note_id in entry.get("on", []):
            if note_id not in first_staff:
                continue
            midi = int(toolkit.getMIDIValuesForElement(note_id).get("pitch", -1)) - transpose
            if best is None or midi > best[0]:
                best = (midi, note_id)
        if best is not None:
            groups.append((float(entry["qstamp"]), best[1], best[0]))
    ids: list[str | None] = []
    if not groups:
        return [None] * len(target.notes), []
    start_q = groups[0][0]
    quarter_seconds = 60.0 / target.tempo_bpm
    pos = 0
    for note in target.notes:
        expected = start_q + note.onset_seconds / quarter_seconds
        window = [g for g in range(pos, min(len(groups), pos + 6)) if groups[g][2] == note.midi]
        exact = [g for g in window if abs(groups[g][0] - expected) < 0.02]
        pick = exact[0] if exact else (window[0] if window else None)
        if pick is None:
            ids.append(None)
            continue
        ids.append(groups[pick][1])
        pos = pick + 1
    return ids, [b - start_q for b in bars]


def exercise_notation(*, exercise: Exercise, transpose: int = 0) -> dict[str, Any]:
    """The exercise for the studio: Verovio SVG, each target note's SVG id, bars, meter and tempo.

    ``transpose`` (semitones, -12..12) transposes the notation only. Times are
    seconds from the first target note at the graded tempo. Cached in storage
    per exercise, score and transposition.
    """
    from django.core.files.storage import default_storage

    from grading.analysis import AnalysisError, load_target

    if not -MAX_TRANSPOSE_SEMITONES <= transpose <= MAX_TRANSPOSE_SEMITONES:
        raise TutorError("Transpose by at most an octave either way.", field="transpose")
    name = f"{studio_folder(exercise)}/notation{transpose:+d}.json"
    if default_storage.exists(name):
        return dict(_read_json(name))
    path = Path(exercise.score.path)
    try:
        target = load_target(path, tempo_bpm=exercise.tempo)
        musicxml = _score_musicxml(path)
        from generation.render.svg import DRILL_OPTIONS, verovio_toolkit

        toolkit = verovio_toolkit({
            **DRILL_OPTIONS, "xmlIdSeed": 1, **({"transpose": f"{transpose:+d}"} if transpose else {}),
        })
        if not toolkit.loadData(musicxml):
            raise TutorError("This exercise's score cannot be shown (Verovio could not read it).")
        svg = str(toolkit.renderToSVG(1))
        ids, bar_quarters = notation_map(toolkit, svg, target, transpose=transpose)
    except TutorError:
        raise
    except AnalysisError as exc:
        raise TutorError(f"This exercise's score cannot be shown: {exc}.") from None
    except Exception as exc:  # music21 and Verovio raise many kinds on odd scores: never a 500
        logger.warning("notation of exercise %s failed: %r", exercise.pk, exc)
        raise TutorError(f"This exercise's score cannot be shown ({type(exc).__name__}).") from None
    beats, beat_type = _meter(musicxml)
    quarter_seconds = 60.0 / target.tempo_bpm
    data = {
        "svg": svg,
        "transpose": transpose,
        "tempo": round(target.tempo_bpm, 3),
        "meter": [beats, beat_type],
        "beat_seconds": round(quarter_seconds * 4 / beat_type, 6),
        "duration": round(target.duration_seconds, 4),
        "note_ids": ids,
        "notes": [
            {"index": n.index, "midi": n.midi, "onset": round(n.onset_seconds, 4),
             "duration": round(n.duration_seconds, 4), "bar": n.bar}
            for n in target.notes
        ],
        "bars": [round(q * quarter_seconds, 4) for q in bar_quarters],
    }
    _write_json(name, data)
    return data


def exercise_audio(*, exercise: Exercise, queue: bool = True) -> dict[str, Any]:
    """Where the studio's rendered audio stands: ``{"status": "ready"|"rendering"|"failed", ...}``.

    Ready: ``parts`` names the stems (melody, backing). Otherwise the render is
    queued, once per few minutes, unless ``queue`` is false.
    """
    import time

    from django.core.cache import cache
    from django.core.files.storage import default_storage

    folder = studio_folder(exercise)
    if default_storage.exists(f"{folder}/audio.json"):
        info = _read_json(f"{folder}/audio.json")
        return {"status": "ready", "parts": sorted(info.get("parts", {})), "tempo": info.get("tempo")}
    error = _read_json(f"{folder}/audio-error.json") if default_storage.exists(f"{folder}/audio-error.json") else None
    if error and time.time() - float(error.get("at", 0)) < AUDIO_RETRY_AFTER_SECONDS:
        return {"status": "failed", "error": error.get("message", "The audio could not be rendered.")}
    if queue and cache.add(f"studio-audio-queued:{folder}", 1, AUDIO_RENDER_PATIENCE_SECONDS):
        from grading.tasks import render_exercise_audio

        exercise_pk = exercise.pk
        queue_job(render_exercise_audio, exercise_pk)
    return {"status": "rendering"}


def exercise_audio_path(*, exercise: Exercise, part: str) -> str | None:
    """Storage name of a rendered stem, or None while it is not there."""
    from django.core.files.storage import default_storage

    folder = studio_folder(exercise)
    if part not in AUDIO_PARTS or not default_storage.exists(f"{folder}/audio.json"):
        return None
    name = _read_json(f"{folder}/audio.json").get("parts", {}).get(part)
    return str(name) if name else None


def exercise_audio_render(*, exercise: Exercise) -> None:
    """Render the target melody and a block-chord accompaniment with FluidSynth, once.

    Writes ``melody.wav`` and ``backing.wav`` (44.1 kHz, no count-in: the page
    clicks its own) and then ``audio.json``, which marks the render complete;
    a second run finds it and does nothing. A failure leaves
    ``audio-error.json`` with the reason for the page.
    """
    import time

    from django.core.files.storage import default_storage

    folder = studio_folder(exercise)
    if default_storage.exists(f"{folder}/audio.json"):
        return
    from grading.analysis import load_target

    try:
        from generation.accompaniment import generate_accompaniment, melody_from_file
        from generation.render import render_drill

        target = load_target(exercise.score.path, tempo_bpm=exercise.tempo)
        tempo = round(target.tempo_bpm)
        melody = melody_from_file(Path(exercise.score.path), tempo=tempo)
        backing = generate_accompaniment(melody, style="block")
        with tempfile.TemporaryDirectory(prefix="studio-audio-") as tmp:
            paths = render_drill(melody, Path(tmp), formats=("wav",), stem="exercise", backing=backing.tracks,
                                 chords=backing.chords, count_in_bars=0)
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
        _write_json(f"{folder}/audio-error.json", {
            "message": f"The practice audio could not be rendered ({str(exc).splitlines()[0][:200] or type(exc).__name__}).",
            "at": time.time(),
        })
        raise
    _write_json(f"{folder}/audio.json", {"parts": parts, "tempo": tempo})
    if default_storage.exists(f"{folder}/audio-error.json"):
        default_storage.delete(f"{folder}/audio-error.json")


def recording_history(*, owner: User, exercise: Exercise) -> list[dict[str, Any]]:
    """The owner's takes of an exercise, oldest first, for the studio's history and trend chart."""
    rows = Recording.objects.filter(owner=owner, exercise=exercise).order_by("queued_at")
    return [
        {"id": r.pk, "status": r.status, "score": r.score, "at": r.queued_at.isoformat(),
         "assignment": r.assignment_id}
        for r in rows.only("id", "status", "score", "queued_at", "assignment_id")[:200]
    ]


def recording_timing(recording: Recording) -> dict[str, float | None]:
    """The latency offset sent with a take and what it means for the first entry.

    ``latency_ms`` (the device's round trip, measured by clapping along with
    clicks) is subtracted from the times heard in the file. When the page also
    said where the count-in put the first beat (``count_in_ms`` into the file),
    ``entry_ms`` is how far after that beat the first note came (negative: early).
    Note-by-note timing verdicts are relative to the take's own tempo line, so
    a constant delay does not change them.
    """
    opts = recording.options or {}
    latency = opts.get("latency_ms")
    count_in = opts.get("count_in_ms")
    entry = None
    result = recording.result or {}
    if count_in is not None and result.get("offset") is not None:
        entry = round(float(result["offset"]) * 1000 - float(latency or 0) - float(count_in), 1)
    return {"latency_ms": latency, "count_in_ms": count_in, "entry_ms": entry}


def recording_set_timing(
    *, recording: Recording, latency_ms: float | None = None, count_in_ms: float | None = None
) -> None:
    """Keep the take's latency offset and count-in position with its grading options.

    Written with an UPDATE of ``options`` alone, so it cannot undo what a
    worker that already picked the take up has stored.
    """
    if latency_ms is not None and not MIN_LATENCY_MS <= latency_ms <= MAX_LATENCY_MS:
        raise TutorError(f"The latency must be between {MIN_LATENCY_MS} and {MAX_LATENCY_MS} ms.", field="latency_ms")
    if count_in_ms is not None and not 0 <= count_in_ms <= MAX_COUNT_IN_MS:
        raise TutorError("The count-in position must be within the first minute.", field="count_in_ms")
    extra = {
        key: round(float(value), 1)
        for key, value in (("latency_ms", latency_ms), ("count_in_ms", count_in_ms))
        if value is not None
    }
    if not extra:
        return
    recording.options = {**recording.options, **extra}
    Recording.objects.filter(pk=recording.pk).update(options=recording.options)


def _interval_name(a: Any, b: Any) -> str | None:
    from music.interval import melodic_interval

    name = melodic_interval(a, b)
    return None if name is None or name.lstrip("+-") in ("P1", "d1", "A1") or abs(b.midi - a.midi) > 12 else name


def drill_params_for_mistakes(*, recording: Recording) -> dict[str, Any]:
    """Drill parameters aimed at the notes (and the intervals into them) this take got wrong.

    Key, mode, meter, tempo and range come from the exercise; at most three
    target notes and three intervals. Raises ``TutorError`` when the take has
    no pitch mistakes or is not graded.
    """
    from generation.accompaniment import melody_from_file
    from generation.melody import GenerationError

    if recording.status != "done" or not recording.result:
        raise TutorError("This take is not graded yet.")
    results = recording.result.get("notes", [])
    mistakes = [n for n in results if n.get("pitch") in PITCH_ERRORS]
    if not mistakes:
        raise TutorError("Every note of this take was in tune: nothing to drill. Try the next exercise!")
    try:
        melody = melody_from_file(Path(recording.exercise.score.path))
    except GenerationError as exc:
        raise TutorError(f"This exercise cannot be turned into a drill: {exc}") from None
    from music.spelling import spell_in_key

    def spelled(midi: int) -> Any:
        return spell_in_key(midi, melody.key)

    pitches = [n.pitch for n in melody.notes]
    if [p.midi for p in pitches] != [int(n["target_midi"]) for n in results]:
        # The drill reader merged or dropped a note the grader kept: spell the grader's pitches in the key.
        pitches = [spelled(int(n["target_midi"])) for n in results]
    notes: list[str] = []
    intervals: list[str] = []
    for mistake in mistakes:
        k = int(mistake["index"])
        if k >= len(pitches):
            continue
        name = pitches[k].name
        if name not in notes and len(notes) < MAX_DRILL_TARGETS:
            notes.append(name)
        if k > 0:
            interval = _interval_name(pitches[k - 1], pitches[k])
            if interval and interval not in intervals and len(intervals) < MAX_DRILL_TARGETS:
                intervals.append(interval)
    midis = [p.midi for p in pitches]
    params = melody.params
    low, high = min(midis), max(midis)
    if high - low < 12:
        # An octave of room around the exercise's range so the generator can move.
        low, high = low - (12 - (high - low)) // 2, high + (12 - (high - low) + 1) // 2
    leap = max([7, *(abs(pitches[k].midi - pitches[k - 1].midi) for k in range(1, len(pitches)))])
    return {
        "key": params.key, "mode": params.mode, "meter": params.meter, "tempo": params.tempo, "bars": 4,
        "low": spelled(low).name, "high": spelled(high).name,
        "max_leap": min(12, leap), "durations": ["half", "quarter"], "dots": False,
        "target_notes": notes, "target_intervals": intervals, "level": 2,
    }


def drill_from_mistakes(*, recording: Recording, owner: User) -> Any:
    """Generate a drill aimed at this take's mistakes (dropping interval targets if they cannot be met)."""
    from generation.services import drill_create

    params = drill_params_for_mistakes(recording=recording)
    attempts = [params, {**params, "target_intervals": []}] if params["target_intervals"] else [params]
    for n, attempt in enumerate(attempts):
        try:
            return drill_create(owner=owner, params=attempt)
        except TutorError:
            if n == len(attempts) - 1:
                raise
        except Exception as exc:  # the generator's own failure: say so rather than answer 500
            logger.exception("drill from the mistakes of recording %s failed", recording.pk)
            raise TutorError(f"The drill could not be made ({type(exc).__name__}); please try again.") from None
    raise AssertionError("unreachable")
