"""Workflows on generated drills: make one (from words, parameters or a take's mistakes), refine it, render its media."""

from __future__ import annotations

import logging
import math
import secrets
import tempfile
from fractions import Fraction
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from generation import tasks
from generation.accompaniment import STYLES, generate_accompaniment, melody_from_file, melody_from_score
from generation.accompaniment.harmony import MelodyNote, chord_symbol, diatonic_chords, suggest_chords
from generation.chord_text import reason_text
from generation.melody import DrillParams, GenerationError, NoDrillAsked, generate_drill, parse_request
from generation.melody.messages_zh import refusal_zh
from generation.melody.request import drill_title, is_chinese, pentatonic_key_lines, refusal_for
from generation.melody.script import in_script_of
from generation.models import Drill
from generation.render import render_drill
from grading import services as grading_services
from grading.analysis import AnalysisError
from grading.analysis.errors import ScoreTookTooLong
from grading.analysis.sandbox import call_limited
from grading.failure_text import after_colon, as_sentence, known_failure_text, score_failure_text
from grading.models import Exercise, Recording, Transcription
from music.duration import beat_quarters
from music.interval import melodic_interval
from music.key import Key
from music.pitch import Pitch, parse_pitch
from music.scale import PENTATONIC_MODES
from music.spelling import spell_in_key
from tutor import hant
from tutor.errors import AnsweredInstead, Conflict, NotFound, TooBusy, TutorError
from tutor.jobs import queue_job
from tutor.models import User

logger = logging.getLogger(__name__)

# What the page and the API may hand out, with the content type to send.
DOWNLOAD_TYPES = {
    "musicxml": "application/vnd.recordare.musicxml+xml",
    "midi": "audio/midi",
    "json": "application/json",
    "svg": "image/svg+xml",
    "svg_narrow": "image/svg+xml",
    "wav": "audio/wav",
    "ogg": "audio/ogg",
    "wav_melody": "audio/wav",
    "wav_backing": "audio/wav",
    "pdf": "application/pdf",
}
FAST_FORMATS = ("musicxml", "midi", "json", "svg", "svg_narrow")
BACKGROUND_FORMATS = ("wav", "ogg", "pdf")
MAX_REQUEST_CHARS = 500


def _title(params: Any, drill: Drill) -> str:
    """The exercise title in the request's language; with no request (a teacher's class drill, weak spots),
    in the owner's chosen language, else that of the page it was asked on: a Chinese page's drill was titled
    "Melody in G major" (a worker writing it has no page of its own). Asked on a Traditional page (zh-hant),
    a Chinese title is in Traditional forms whatever script the request was typed in."""
    if drill.request_text.strip():
        title = in_script_of(drill.request_text, drill_title(params, chinese=is_chinese(drill.request_text)))
        return hant.to_traditional(title) if hant.is_traditional_language(drill.language) else title
    language = drill.owner.language or drill.language or get_language() or ""
    title = drill_title(params, chinese=language.startswith("zh"))
    return hant.to_traditional(title) if hant.is_traditional_language(language) else title


def drill_params_from(
    *, request_text: str = "", params: dict[str, Any] | None = None, parent: Drill | None = None
) -> tuple[Any, list[str], list[str], str]:
    """Read parameters from words (refining ``parent`` when given) or a parameter dict.

    Returns the parameters, what was understood and what was not (both in the request's language),
    and the accompaniment style the words name ("" when they name none).
    """
    if len(request_text) > MAX_REQUEST_CHARS:
        raise TutorError(_("Keep the request under %(count)d characters.") % {"count": MAX_REQUEST_CHARS}, field="request")
    previous = DrillParams.from_dict(parent.params) if parent is not None else None
    try:
        if request_text.strip():
            result = parse_request(request_text, previous=previous)
            return result.params, result.understood, result.ignored, result.style
        if params is not None:
            base = previous.to_dict() if previous is not None else {}
            return DrillParams.from_dict({**base, **params}), [], [], ""
        return previous or DrillParams.preset(), [], [], ""
    except NoDrillAsked as exc:
        raise answered_instead(exc, request_text) from None
    except (GenerationError, TypeError, ValueError) as exc:
        field = "request" if request_text.strip() else "params"
        message = str(exc).splitlines()[0] or "Those parameters are not valid."
        raise TutorError(refusal_text(request_text, message), field=field) from None


#: The pages that do what a request for no drill asked for (``NoDrillAsked.pages``): a quiz is practised on the
#: Practice page (on the unit the words name, "quizzes:keys") and in the lessons; singing is written down on
#: "Sing me a tune".
ELSEWHERE_PAGES: dict[str, list[tuple[str, Any]]] = {
    "quizzes": [("practice", gettext_lazy("Practise quiz questions")), ("lesson-list", gettext_lazy("Lessons"))],
    "lessons": [("lesson-list", gettext_lazy("Lessons"))],
    "transcribe": [("transcribe", gettext_lazy("Sing me a tune"))],
}


def answered_instead(exc: NoDrillAsked, request_text: str = "") -> AnsweredInstead:
    """A request for no drill, answered in its own language (in Traditional forms on a Traditional page), with links
    to the pages that do what it asked, titled in the page's language. The Lessons page gets the request's words,
    and lists first the lessons that answer them ("what is a relative minor?")."""
    links: dict[str, dict[str, str]] = {}
    for page in exc.pages:
        kind, _colon, unit = page.partition(":")  # "quizzes:keys": the Practice page on its key signature questions
        for name, title in ELSEWHERE_PAGES.get(kind, []):
            url = reverse(name) + (f"?unit={unit}" if unit and name == "practice" else "")
            if name == "lesson-list" and kind == "lessons" and request_text.strip():
                url += "?" + urlencode({"q": request_text.strip()[:300]})
            links.setdefault(name, {"page": name, "title": str(title), "url": url})
    answers = [hant.in_page_script(answer) for answer in exc.answers]
    return AnsweredInstead(hant.in_page_script(str(exc)), field="request", answers=answers, links=list(links.values()),
                           ignored=[hant.in_page_script(words) for words in exc.ignored])


def refusal_text(request_text: str, message: str) -> str:
    """The generator's one-line refusal in the reader's language: a request's own language when it has
    words, else the language the page or the API client asked for."""
    if request_text.strip():
        return hant.in_page_script(refusal_for(request_text, message))
    return hant.in_page_script(refusal_zh(message)) if (get_language() or "").startswith("zh") else message


def with_pentatonic_mode(params: Any, *, mode: str, request_text: str = "") -> tuple[Any, str]:
    """``params`` in the pentatonic ``mode`` on their own tonic, and that said back in the reader's language."""
    if mode not in PENTATONIC_MODES:
        raise TutorError(_("Pentatonic mode must be one of: %(modes)s.") % {"modes": ", ".join(PENTATONIC_MODES)},
                         field="pentatonic")
    en, zh = pentatonic_key_lines(params.key, mode)
    chinese = is_chinese(request_text) if request_text.strip() else (get_language() or "").startswith("zh")
    return params.replace(mode=mode), hant.in_page_script(in_script_of(request_text, zh)) if chinese else en


def drill_failure_text(reason: str, *, clause: bool = False) -> str:
    """Why a drill's score or audio could not be made (``Drill.error``, kept as the worker wrote it in English)
    in the reader's language; with ``clause``, written to follow a colon. A job's own failure (a timeout, a
    crash, a missing synthesiser) reads as ``failure_text`` reads it; any other reason is the generator's
    one-line refusal, said as ``refusal_text`` says it on a page in the reader's language."""
    sentence = known_failure_text(reason)
    if sentence is None:
        sentence = hant.in_page_script(refusal_zh(reason)) if (get_language() or "").startswith("zh") else as_sentence(reason)
    return after_colon(sentence) if clause else sentence


def renders_in_flight(*, owner: User) -> int:
    """How many of ``owner``'s drills are rendering; ``TooBusy`` when that is already the most allowed."""
    busy = Drill.objects.filter(owner=owner, status__in=[Drill.Status.QUEUED, Drill.Status.RUNNING]).count()
    if busy >= settings.MAX_RENDERS_PER_USER:
        raise TooBusy(_("You have %(count)d drills still rendering; try again when one is ready.") % {"count": busy})
    return busy


def drill_create(
    *,
    owner: User,
    request_text: str = "",
    params: dict[str, Any] | None = None,
    parent: Drill | None = None,
    style: str = "block",
    student: User | None = None,
    targets: list[str] | None = None,
    limit_renders: bool = True,
    score_in_background: bool = False,
    pentatonic: str = "",
    previewed: bool = False,
) -> Drill:
    """Generate a drill's melody, store the drill, and queue its rendering.

    The melody is generated here (tens of ms, bounded by the generator's own
    retry limits), so a request that cannot be met raises ``TutorError``
    naming the constraint at once, and the note list is known. With
    ``score_in_background`` the score, SVG, MIDI and the exercise are written
    by a worker too, from the "interactive" queue (the drill's ``exercise``
    stays empty until then);
    otherwise they are written here, for workflows that need the exercise at
    once. Audio and the PDF are always the worker's.

    With ``limit_renders``, an owner who already has ``MAX_RENDERS_PER_USER``
    drills rendering gets ``TooBusy``: one person's burst of 64-bar drills
    queues behind their own renders, not everyone's.
    """
    if limit_renders:
        renders_in_flight(owner=owner)
    if style not in STYLES:
        raise TutorError(_("Style must be one of: %(styles)s.") % {"styles": ", ".join(STYLES)}, field="style")
    drill_params, understood, ignored, style_in_words = drill_params_from(
        request_text=request_text, params=params, parent=parent)
    # "with an Alberti bass" in the words is more particular than the form's menu or the parent's style.
    style = style_in_words or style
    if hant.page_is_traditional():  # a Traditional page is answered in Traditional, however the request was typed
        understood, ignored = [hant.to_traditional(s) for s in understood], [hant.to_traditional(s) for s in ignored]
    if pentatonic:
        drill_params, said = with_pentatonic_mode(drill_params, mode=pentatonic, request_text=request_text)
        understood = [*understood, said]
    if drill_params.seed is None:
        # Store the seed so the exact drill can be made again (the worker makes it again from the params).
        drill_params = drill_params.replace(seed=secrets.randbelow(2**31))
    try:
        drill_params.validate()
        melody = generate_drill(drill_params)
    except GenerationError as exc:
        # A request in Chinese is refused in Chinese.
        message = refusal_text(request_text, str(exc).splitlines()[0])
        raise TutorError(message, field="request" if request_text else "params") from None

    drill = Drill.objects.create(
        owner=owner,
        parent=parent,
        request_text=request_text[:MAX_REQUEST_CHARS],
        language=get_language() or "",
        understood=understood,
        ignored=ignored,
        params=melody.params.to_dict(),
        style=style,
        notes=melody.note_list(),
        tags=list(melody.tags),
        student=student,
        purpose=Drill.Purpose.WEAK_SPOTS if student is not None else Drill.Purpose.REQUEST,
        targets=list(targets or []),
        previewed=previewed,
    )
    if score_in_background:
        # The score is what the drill's page waits for: it has a quick task of its own on the "interactive"
        # queue, so it never waits behind other drills' audio; the media task writes it if that task is lost.
        queue_job(tasks.write_drill_score, drill.pk)
    else:
        try:
            _write_score(drill, melody)
        except BaseException:
            drill.delete()  # no half-made drill left behind
            raise
    _queue_media(drill.pk)
    return drill


def _write_score(drill: Drill, melody: Any) -> bool:
    """Render the score, MIDI, JSON and SVG and store them with the drill's exercise; False when the drill is gone.

    Safe to run twice: a drill that already has its exercise is left alone.
    """
    with tempfile.TemporaryDirectory(prefix="drill-") as tmp:
        paths = render_drill(melody, Path(tmp), formats=FAST_FORMATS, stem="drill")
        with transaction.atomic():
            # Locked so that a second delivery cannot make a second exercise.
            current = Drill.objects.select_for_update().filter(pk=drill.pk).values("exercise_id").first()
            if current is None:
                return False
            if current["exercise_id"] is not None:
                return True
            exercise = Exercise(owner=drill.owner, title=_title(melody.params, drill), title_made=True)
            with paths["musicxml"].open("rb") as score:
                exercise.score.save("drill.musicxml", File(score), save=False)
            exercise.save()
            drill.exercise = exercise
            drill.files = {**drill.files, **{fmt: _store(drill, path) for fmt, path in paths.items()}}
            drill.save(update_fields=["exercise", "files"])
    return True


# --------------------------------------------------------------------------- a drill from a take's mistakes

#: Pitch verdicts a "drill my mistakes" drill aims at.
PITCH_ERRORS = ("flat", "sharp", "wrong", "missed")
MAX_DRILL_TARGETS = 3


def _interval_name(a: Pitch, b: Pitch) -> str | None:
    name = melodic_interval(a, b)
    return None if name is None or name.lstrip("+-") in ("P1", "d1", "A1") or abs(b.midi - a.midi) > 12 else name


def drill_params_for_mistakes(*, recording: Recording) -> dict[str, Any]:
    """Drill parameters aimed at the notes (and the intervals into them) this take got wrong.

    Key, mode, meter, tempo and range come from the exercise; at most three
    target notes and three intervals. Raises ``TutorError`` when the take has
    no pitch mistakes or is not graded.
    """
    if recording.status != "done" or not recording.result:
        raise TutorError(_("This take is not graded yet."))
    results = recording.result.get("notes", [])
    mistakes = [n for n in results if n.get("pitch") in PITCH_ERRORS]
    if not mistakes:
        raise TutorError(_("Every note of this take was in tune: nothing to drill. Try the next exercise!"))
    try:
        # In the score sandbox within the request's budget: music21 never reads a score in the web process.
        melody = call_limited(melody_from_score, recording.exercise.score.path, limits=grading_services.score_limits())
    except ScoreTookTooLong:
        raise TutorError(_("This exercise is too large to make a drill from its mistakes.")) from None
    except AnalysisError as exc:
        raise TutorError(_("This exercise cannot be turned into a drill: %(reason)s")
                         % {"reason": score_failure_text(str(exc), clause=True)}) from None
    def spelled(midi: int) -> Pitch:
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


def drill_from_mistakes(*, recording: Recording, owner: User) -> Drill:
    """Generate a drill aimed at this take's mistakes (dropping interval targets if they cannot be met)."""
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
            raise TutorError(_("The drill could not be made (%(error)s); please try again.") % {"error": type(exc).__name__}) from None
    raise AssertionError("unreachable")


def _queue_media(drill_id: int) -> None:
    queue_job(tasks.render_drill_media, drill_id)


def _store(drill: Drill, path: Path) -> str:
    name = f"{drill.folder}/{path.name}"
    if default_storage.exists(name):
        default_storage.delete(name)
    with path.open("rb") as handle:
        return default_storage.save(name, File(handle))


def drill_score_write(*, drill_id: int) -> None:
    """Write the score, SVG and MIDI of a drill whose request left them to a worker; a drill that has its
    exercise already (or is gone) is left alone, so this and ``drill_render_media`` may both try."""
    drill = Drill.objects.filter(pk=drill_id, exercise__isnull=True).first()
    if drill is not None:
        _write_score(drill, generate_drill(DrillParams.from_dict(drill.params)))


def drill_render_media(*, drill: Drill) -> None:
    """Write the score first when no worker has yet (``drill_score_write`` normally has, from the interactive
    queue), then render the accompaniment, the audio (melody, backing, mix; WAV and OGG) and the PDF."""
    melody = generate_drill(DrillParams.from_dict(drill.params))
    if drill.exercise_id is None and not _write_score(drill, melody):
        return  # deleted while it waited
    backing = generate_accompaniment(melody, style=drill.style)
    with tempfile.TemporaryDirectory(prefix="drill-media-") as tmp:
        paths = render_drill(
            melody, Path(tmp), formats=BACKGROUND_FORMATS, stem="drill", backing=backing.tracks, chords=backing.chords
        )
        stored = {fmt: _store(drill, path) for fmt, path in paths.items()}
    with transaction.atomic():
        # Locked and read again: the score task may have added its files since this row was loaded.
        current = Drill.objects.select_for_update().filter(pk=drill.pk).first()
        if current is None:
            # Deleted (with its owner's account, say) while this rendered: its folder was already swept.
            for name in stored.values():
                default_storage.delete(name)
            return
        current.files = {**current.files, **stored}
        current.save(update_fields=["files"])
    drill.files = current.files


# Strong beats (quarter lengths into the bar) of the meters a transcription is written in.
_STRONG_BEATS = {"2/4": (0,), "3/4": (0,), "4/4": (0, 2), "6/8": (0, Fraction(3, 2)), "9/8": (0,), "12/8": (0, 3)}


def transcription_chords(*, user: User, row: Transcription) -> dict[str, Any]:
    """Chord suggestions for a finished transcription: one per bar (bar 0 is a pickup), with
    alternatives and the reason for each, on the notes as written (the student's corrections too)."""
    if row.owner_id != user.pk:
        raise NotFound(_("No such transcription."))
    if row.status != Transcription.Status.DONE or not row.result:
        raise Conflict(_("The transcription is not finished yet."))
    result = row.result
    tonic, mode = result["key"].split()
    key = Key(tonic, mode)
    numerator, denominator = (int(x) for x in result["meter"].split("/"))
    bar = Fraction(4 * numerator, denominator)
    strong = _STRONG_BEATS.get(result["meter"], (0,))
    notes = []
    for note, position in zip(result["notes"], result["positions"], strict=True):
        offset = Fraction(position).limit_denominator(48)
        notes.append(MelodyNote(offset=offset, duration=Fraction(note["quarter_length"]).limit_denominator(48),
                                midi=parse_pitch(note["pitch"]).midi, strong=(offset % bar) in strong))
    bars = suggest_chords(notes, key, bar_length=bar, pickup=Fraction(result.get("pickup", 0)).limit_denominator(48),
                          mid_bar=len(strong) == 2)
    # Any chord of the key may be picked, not only the likely ones.
    palette = [{"chord": c.figure, "symbol": chord_symbol(c)} for _, c in diatonic_chords(key)]
    return {"key": result["key"], "meter": result["meter"], "tempo": result["tempo"], "styles": list(STYLES),
            "palette": palette, "bars": [_said(b.to_json(key)) for b in bars]}


def _said(bar: dict[str, Any]) -> dict[str, Any]:
    """A bar's chords with its reason in the reader's language (the harmoniser writes English)."""
    return {**bar, "reason": reason_text(bar["reason"])}


#: What the transcribe page may play, in quarter notes a minute (the page's box counts the meter's beat and
#: says the same limits in it: static/js/studio/tempo-words.js).
TRANSCRIPTION_TEMPO_LIMITS = (30, 240)


def tempo_limits_text(meter: str) -> str:
    """The tempo limits said in the beat ``meter`` counts: dotted quarters in 6/8, with the API's quarters."""
    low, high = TRANSCRIPTION_TEMPO_LIMITS
    beat = beat_quarters(meter)
    if beat == 1:
        return _("Tempo is between %(low)d and %(high)d beats a minute.") % {"low": low, "high": high}
    return _("The tempo in %(meter)s is between %(low)d and %(high)d dotted-quarter beats a minute "
             "(♩. = %(low)d to %(high)d; in quarter notes, as the API's tempo counts, %(qlow)d to %(qhigh)d).") % {
        "meter": meter, "low": math.ceil(low / beat), "high": math.floor(high / beat), "qlow": low, "qhigh": high}


def _transcription_tempo(result: dict[str, Any], tempo: float | None) -> float:
    """``tempo`` (quarter BPM) checked against the page's limits, said in the beat of the transcription
    ``result``'s meter; the performed tempo when None."""
    qpm = float(tempo or result["tempo"])
    low, high = TRANSCRIPTION_TEMPO_LIMITS
    if not low <= qpm <= high:
        raise TutorError(tempo_limits_text(str(result.get("meter", "4/4"))), field="tempo")
    return qpm


def transcription_accompaniment(*, user: User, row: Transcription, chords: list[str] | None, style: str,
                                tempo: float | None) -> dict[str, Any]:
    """The transcribed melody and an accompaniment in ``style`` over ``chords`` (one pick per bar,
    the pickup bar first; the suggestions when None), as note events in seconds at ``tempo``
    (quarter BPM; the performed tempo when None) from the first sung note, as the transcription's
    own times are, for the page to play at once."""
    if row.owner_id != user.pk:
        raise NotFound(_("No such transcription."))
    if row.status != Transcription.Status.DONE or not row.result:
        raise Conflict(_("The transcription is not finished yet."))
    qpm = _transcription_tempo(row.result, tempo)
    melody, backing = _transcription_backing(row, chords=chords, style=style, qpm=qpm)
    seconds = 60.0 / qpm
    # The melody read from the score starts after the silent beats of its pickup bar: time 0 is its first note.
    start = melody.notes[0].offset

    def events(items: Any) -> list[dict[str, Any]]:
        return [{"time": round(float(e.start - start) * seconds, 4), "duration": round(float(e.duration) * seconds, 4),
                 "midi": e.midi, "velocity": e.velocity} for e in items]

    return {
        "style": style,
        "tempo": round(qpm, 1),
        "chords": [c.figure for _, c in backing.chords],
        "melody": [{"time": round(float(n.offset - start) * seconds, 4), "duration": round(float(n.sounding) * seconds, 4),
                    "midi": n.midi, "velocity": 90} for n in melody.notes],
        "backing": [ev for track in backing.tracks if not track.drums for ev in events(track.events)],
    }


def _transcription_backing(row: Transcription, *, chords: list[str] | None, style: str, qpm: float) -> tuple[Any, Any]:
    """The finished transcription's melody and its accompaniment in ``style`` over ``chords`` (one
    pick per bar, ``"I"`` or ``"I V"`` for a change at mid-bar; the harmoniser's when None or empty);
    a style or chord that cannot be played is a ``TutorError``."""
    from grading.analysis.transcription_files import score_from_json

    if style not in STYLES:
        raise TutorError(_("Style must be one of: %(styles)s.") % {"styles": ", ".join(STYLES)}, field="style")
    assert row.result is not None  # the callers check the transcription is done
    if any("|" in pick for pick in chords or []):
        # The picks are joined with bar lines: one inside a pick would shift every bar after it.
        raise TutorError(_("A bar's chords are one figure, or two that change at mid-bar, without a bar line."),
                         field="chords")
    with tempfile.TemporaryDirectory(prefix="transcription-backing-") as tmp:
        path = Path(tmp) / "melody.musicxml"
        score_from_json(row.result).write("musicxml", fp=str(path))
        try:
            melody = melody_from_file(path, tempo=round(qpm))
            backing = generate_accompaniment(melody, style=style, chords=" | ".join(chords) if chords else None)
        except GenerationError as exc:
            raise TutorError(refusal_text("", str(exc).splitlines()[0]), field="chords" if chords else None) from exc
    return melody, backing


def transcription_save_exercise(*, user: User, row: Transcription, title: str, chords: list[str] | None = None,
                                style: str = "block", tempo: float | None = None) -> Exercise:
    """Save a transcription as an exercise whose studio backing is ``chords`` (one pick per bar, the
    pickup bar first; the harmoniser's when None or empty) in ``style``, at ``tempo`` (quarter BPM, the
    tempo the page played it at; the performed tempo when None): checked here by rendering them once, so
    a chord that cannot be played is refused now and not when the studio renders."""
    if row.owner_id != user.pk:
        raise NotFound(_("No such transcription."))
    if row.status != Transcription.Status.DONE or not row.result:
        raise Conflict(_("The transcription is not finished yet."))
    qpm = _transcription_tempo(row.result, tempo)
    _transcription_backing(row, chords=chords, style=style, qpm=qpm)
    return grading_services.transcription_exercise(user=user, row=row, title=title, chords=chords, style=style,
                                                   tempo=qpm)
