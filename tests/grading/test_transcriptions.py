"""Transcription jobs through the API: upload, progress, the notes, a correction, chords for it."""

from __future__ import annotations

import re
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from grading.models import Exercise, Transcription
from grading.tasks import transcribe_take
from tests.conftest import api_client_for
from tests.grading.analysis.synth import Played, render, write_wav
from tutor.locale_compile import compile_catalogues
from tutor.models import User

pytestmark = pytest.mark.django_db

# C major: C E G | F A C A | G B D B | C, at 100 BPM.
TUNE = [(60, 1), (64, 1), (67, 2), (65, 1), (69, 1), (72, 1), (69, 1), (67, 1), (71, 1), (74, 1), (71, 1), (72, 4)]


def tune_take(path: Path) -> SimpleUploadedFile:
    played, at = [], 0.5
    for midi, quarters in TUNE:
        played.append(Played(midi, at, quarters * 0.6 * 0.9))
        at += quarters * 0.6
    write_wav(path, render(played, total=at + 0.5, vibrato_cents=20.0))
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="audio/wav")


def version(client, row_id: int) -> int:  # type: ignore[no-untyped-def]
    """The version a correction is made on: the transcription's as the page last read it."""
    return int(client.get(f"/api/transcriptions/{row_id}/").json()["version"])


def submit(user: User, audio: SimpleUploadedFile):  # type: ignore[no-untyped-def]
    return api_client_for(user).post("/api/transcriptions/", {"audio": audio, "title": "my tune"}, format="multipart")


def test_a_take_is_queued_with_202_then_transcribed_with_progress(
    student: User, tmp_path: Path, django_capture_on_commit_callbacks  # type: ignore[no-untyped-def]
) -> None:
    with mock.patch("grading.tasks.transcribe_take.apply_async") as delay, django_capture_on_commit_callbacks(
        execute=True
    ):
        response = submit(student, tune_take(tmp_path / "tune.wav"))
    assert response.status_code == 202, response.json()
    body = response.json()
    assert (body["status"], body["progress"]) == ("queued", 0)
    delay.assert_called_once_with((body["id"],))

    transcribe_take.apply(args=[body["id"]])
    done = api_client_for(student).get(f"/api/transcriptions/{body['id']}/").json()
    assert (done["status"], done["progress"], done["stage"]) == ("done", 100, "done")
    result = done["result"]
    assert result["key"] == "C major" and result["meter"] == "4/4"
    assert [n["pitch"] for n in result["notes"]] == ["C4", "E4", "G4", "F4", "A4", "C5", "A4", "G4", "B4", "D5",
                                                     "B4", "C5"]


def test_a_student_corrects_a_note_and_gets_chords_with_reasons(student: User, tmp_path: Path) -> None:
    row_id = submit(student, tune_take(tmp_path / "tune.wav")).json()["id"]
    transcribe_take.apply(args=[row_id])
    client = api_client_for(student)
    fixed = client.patch(f"/api/transcriptions/{row_id}/", {"version": version(client, row_id), "notes": [{"index": 1, "midi": 65}]}, format="json")
    assert fixed.status_code == 200, fixed.json()
    note = fixed.json()["result"]["notes"][1]
    assert (note["pitch"], note["edited"]) == ("F4", True)

    chords = client.get(f"/api/transcriptions/{row_id}/chords/")
    assert chords.status_code == 200, chords.json()
    bars = chords.json()["bars"]
    assert [b["chord"] for b in bars][-2:] == ["V", "I"]
    assert bars[1]["reason"].startswith("bar 2: IV, because the melody sits on")
    assert all("alternatives" in b for b in bars)
    # A Chinese reader reads the reasons in Chinese; the chords themselves stay as figures.
    compile_catalogues(Path(__file__).resolve().parents[2] / "locale")
    chinese = client.get(f"/api/transcriptions/{row_id}/chords/", HTTP_ACCEPT_LANGUAGE="zh-CN").json()["bars"]
    assert [b["chord"] for b in chinese] == [b["chord"] for b in bars]
    assert chinese[1]["reason"].startswith("第2小节：IV，因为旋律落在 "), chinese[1]["reason"]


def test_a_corrected_transcription_becomes_an_exercise_to_practise(student: User, tmp_path: Path) -> None:
    from grading.analysis import load_target

    row_id = submit(student, tune_take(tmp_path / "tune.wav")).json()["id"]
    transcribe_take.apply(args=[row_id])
    client = api_client_for(student)
    client.patch(f"/api/transcriptions/{row_id}/", {"version": version(client, row_id), "notes": [{"index": 1, "midi": 65}]}, format="json")
    saved = client.post(f"/api/transcriptions/{row_id}/exercise/", {"title": "My tune"}, format="json")
    assert saved.status_code == 201, saved.json()
    body = saved.json()
    assert body["title"] == "My tune" and body["studio"] == f"/exercises/{body['id']}/studio/"
    assert client.get(f"/api/exercises/{body['id']}/").status_code == 200
    exercise = Exercise.objects.get(pk=body["id"])
    target = load_target(exercise.score.path)
    assert [n.midi for n in target.notes] == [60, 65, 67, 65, 69, 72, 69, 67, 71, 74, 71, 72]
    assert target.tempo_bpm == pytest.approx(100, rel=0.05)


def test_a_saved_melody_keeps_the_chords_and_style_picked_and_the_studio_plays_them(
    student: User, tmp_path: Path
) -> None:
    from studio.tasks import render_exercise_audio

    row_id = submit(student, tune_take(tmp_path / "tune.wav")).json()["id"]
    transcribe_take.apply(args=[row_id])
    client = api_client_for(student)
    suggested = [b["chord"] for b in client.get(f"/api/transcriptions/{row_id}/chords/").json()["bars"]]
    picked = [*suggested[:1], "vi", *suggested[2:]]
    saved = client.post(f"/api/transcriptions/{row_id}/exercise/",
                        {"title": "Waltzed", "chords": picked, "style": "waltz"}, format="json")
    assert saved.status_code == 201, saved.json()
    assert (saved.json()["chords"], saved.json()["accompaniment_style"]) == (picked, "waltz")
    exercise = Exercise.objects.get(pk=saved.json()["id"])

    import studio.audio

    with mock.patch("studio.audio.render_drill", return_value={}) as rendered, \
            mock.patch("studio.audio.generate_accompaniment", wraps=studio.audio.generate_accompaniment) as backing:
        render_exercise_audio.apply(args=[exercise.pk])
    assert backing.call_args.kwargs == {"style": "waltz", "chords": " | ".join(picked)}
    assert [c.figure for _, c in rendered.call_args.kwargs["chords"]] == picked


def test_a_melody_cannot_be_saved_with_a_style_or_chord_that_cannot_be_played(student: User, tmp_path: Path) -> None:
    row_id = submit(student, tune_take(tmp_path / "tune.wav")).json()["id"]
    transcribe_take.apply(args=[row_id])
    client = api_client_for(student)
    style = client.post(f"/api/transcriptions/{row_id}/exercise/", {"style": "polka"}, format="json")
    assert style.status_code == 400 and "style" in style.json()["error"]["fields"]
    chord = client.post(f"/api/transcriptions/{row_id}/exercise/", {"chords": ["I", "Q7#"]}, format="json")
    assert chord.status_code == 400 and "chords" in chord.json()["error"]["fields"]
    assert not Exercise.objects.filter(owner=student).exists()


def test_bad_input_gets_the_one_error_shape(student: User, other_student: User, tmp_path: Path) -> None:
    bad = submit(student, SimpleUploadedFile("notes.wav", b"not audio at all" * 40))
    assert bad.status_code == 400 and "audio" in bad.json()["error"]["fields"]
    row_id = submit(student, tune_take(tmp_path / "tune.wav")).json()["id"]
    client = api_client_for(student)
    early = client.patch(f"/api/transcriptions/{row_id}/", {"version": version(client, row_id), "notes": [{"index": 0, "midi": 60}]}, format="json")
    assert early.status_code == 409
    assert client.get(f"/api/transcriptions/{row_id}/chords/").status_code == 409
    transcribe_take.apply(args=[row_id])
    missing = client.patch(f"/api/transcriptions/{row_id}/", {"version": version(client, row_id), "notes": [{"index": 99, "midi": 60}]}, format="json")
    assert missing.status_code == 400 and "notes" in missing.json()["error"]["fields"]
    assert api_client_for(other_student).get(f"/api/transcriptions/{row_id}/").status_code == 404
    assert Transcription.objects.get(pk=row_id).owner == student


def test_the_page_and_the_notation_of_a_transcription(student: User, tmp_path: Path, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(student)
    page = client.get("/transcribe/")
    assert page.status_code == 200 and b'id="transcribe"' in page.content
    row_id = submit(student, tune_take(tmp_path / "tune.wav")).json()["id"]
    api = api_client_for(student)
    assert api.get(f"/api/transcriptions/{row_id}/notation/").status_code == 400  # not transcribed yet
    transcribe_take.apply(args=[row_id])
    drawn = api.get(f"/api/transcriptions/{row_id}/notation/")
    assert drawn.status_code == 200, drawn.json()
    assert drawn.json()["svg"].lstrip().startswith(("<svg", "<?xml")) and "<svg" in drawn.json()["jianpu_svg"]
    # A phone asks for both drawn at its width, so neither is shrunk to fit (see the studio's narrow layout).
    narrow = api.get(f"/api/transcriptions/{row_id}/notation/?layout=narrow").json()

    def width(svg: str) -> float:
        return float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))  # type: ignore[union-attr]

    assert width(narrow["svg"]) < width(drawn.json()["svg"]) / 2
    assert width(narrow["jianpu_svg"]) <= 400 < width(drawn.json()["jianpu_svg"])
    assert api.get(f"/api/transcriptions/{row_id}/notation/?layout=tiny").status_code == 400


def test_a_student_finds_sing_me_a_tune_from_the_dashboard_and_the_drills_page(student: User, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(student)
    # No page linked to it: the feature was reachable only by typing its address.
    for url in ("/dashboard/", "/drills/"):
        assert 'href="/transcribe/"' in client.get(url).content.decode(), url


def test_picked_chords_are_heard_in_any_style_at_any_tempo(student: User, tmp_path: Path) -> None:
    row_id = submit(student, tune_take(tmp_path / "tune.wav")).json()["id"]
    transcribe_take.apply(args=[row_id])
    client = api_client_for(student)
    url = f"/api/transcriptions/{row_id}/accompaniment/"
    heard = client.post(url, {"chords": ["I", "vi", "V", "I"], "style": "waltz", "tempo": 80}, format="json")
    assert heard.status_code == 200, heard.json()
    body = heard.json()
    assert body["chords"] == ["I", "vi", "V", "I"] and body["style"] == "waltz" and body["tempo"] == 80
    assert [n["midi"] for n in body["melody"]][:3] == [60, 64, 67]
    assert body["melody"][1]["time"] == pytest.approx(0.75)  # a beat at 80 BPM
    # Bar 2's backing is A minor (vi): A, C and E only.
    bar_two = {e["midi"] % 12 for e in body["backing"] if 3.0 <= e["time"] < 6.0}
    assert bar_two and bar_two <= {9, 0, 4}
    default = client.post(url, {}, format="json").json()
    assert default["tempo"] == pytest.approx(100, rel=0.05) and default["style"] == "block"
    bad_style = client.post(url, {"style": "polka-metal"}, format="json")
    assert bad_style.status_code == 400 and "style" in bad_style.json()["error"]["fields"]
    bad_chord = client.post(url, {"chords": ["I", "XQ"]}, format="json")
    assert bad_chord.status_code == 400 and "chords" in bad_chord.json()["error"]["fields"]


def test_a_twelve_eight_transcription_gets_chords_per_bar_notation_and_an_accompaniment(
        student: User, tmp_path: Path) -> None:
    from grading.analysis.meter import estimate_rhythm
    from tests.grading.analysis.test_meter import TWELVE_EIGHT, perform

    _, meter, pickup, lengths = TWELVE_EIGHT
    onsets, offsets, _ = perform(lengths, bpm=120.0, drift=0.05, seed=4)
    rhythm = estimate_rhythm(onsets, offsets)
    assert rhythm.meter == "12/8"
    scale = [60, 62, 64, 65, 67, 69, 71, 72]
    notes = [{"onset": a, "offset": b, "midi": scale[i % 8], "pitch": f"{'CDEFGABC'[i % 8]}{4 + (i % 8 == 7)}",
              "quarter_length": ql}
             for i, (a, b, ql) in enumerate(zip(onsets, offsets, rhythm.quarter_lengths, strict=True))]
    row = Transcription.objects.create(
        owner=student, title="twelve-eight", audio=SimpleUploadedFile("t.wav", b"RIFF"),
        status=Transcription.Status.DONE, progress=100,
        result={"key": "C major", "meter": rhythm.meter, "tempo": rhythm.tempo, "pickup": rhythm.pickup,
                "swing": False, "positions": rhythm.positions, "notes": notes})
    client = api_client_for(student)
    bars = client.get(f"/api/transcriptions/{row.pk}/chords/").json()["bars"]
    # The pickup bar and one chord per bar of twelve eighths (six quarters).
    assert len(bars) == 1 + round((sum(lengths) - pickup) / 6.0)
    drawn = client.get(f"/api/transcriptions/{row.pk}/notation/")
    assert drawn.status_code == 200, drawn.json()
    assert "12/8" in drawn.json()["jianpu_svg"]
    heard = client.post(f"/api/transcriptions/{row.pk}/accompaniment/", {"style": "block"}, format="json")
    assert heard.status_code == 200, heard.json()
    # The melody starts with its pickup at time 0 and keeps its rhythm; the pickup sounds alone and the
    # accompaniment comes in on the first downbeat (``pickup`` quarters later).
    seconds_per_quarter = 60.0 / heard.json()["tempo"]
    assert [n["time"] / seconds_per_quarter for n in heard.json()["melody"]][:3] == pytest.approx(
        [0.0, 1.0, 1.5], abs=1e-2)
    assert min(e["time"] for e in heard.json()["backing"]) / seconds_per_quarter == pytest.approx(pickup, abs=1e-2)


def test_a_bar_whose_strong_beats_fit_no_one_chord_gets_two_and_a_pick_of_two_is_heard_in_halves(
    student: User, tmp_path: Path
) -> None:
    row_id = submit(student, tune_take(tmp_path / "tune.wav")).json()["id"]
    transcribe_take.apply(args=[row_id])
    client = api_client_for(student)
    # Bar 1 becomes C E D (C on beat 1, D on beat 3): no chord of C major holds both.
    fixed = client.patch(f"/api/transcriptions/{row_id}/", {"version": version(client, row_id), "notes": [{"index": 2, "midi": 62}]}, format="json")
    assert fixed.status_code == 200, fixed.json()
    bars = client.get(f"/api/transcriptions/{row_id}/chords/").json()["bars"]
    first = bars[0]
    assert first["then"] is not None and first["then"]["at"] == 2.0, first
    assert "; then " + first["then"]["chord"] + " at mid-bar, because the melody sits on D" in first["reason"]
    assert [b["then"] for b in bars[1:]] == [None] * (len(bars) - 1)
    compile_catalogues(Path(__file__).resolve().parents[2] / "locale")
    chinese = client.get(f"/api/transcriptions/{row_id}/chords/", HTTP_ACCEPT_LANGUAGE="zh-CN").json()["bars"]
    assert "小节中间换成" in chinese[0]["reason"], chinese[0]["reason"]

    url = f"/api/transcriptions/{row_id}/accompaniment/"
    heard = client.post(url, {"chords": ["I", "IV V", "V", "I"], "style": "block", "tempo": 80}, format="json")
    assert heard.status_code == 200, heard.json()
    assert heard.json()["chords"] == ["I", "IV", "V", "V", "I"]
    backing = heard.json()["backing"]
    # Bar 2 at 80 BPM is 3.0-6.0 s: F major for its first half, G major from mid-bar.
    first_half = {e["midi"] % 12 for e in backing if 3.0 <= e["time"] < 4.5}
    second_half = {e["midi"] % 12 for e in backing if 4.5 <= e["time"] < 6.0}
    assert first_half and first_half <= {5, 9, 0}
    assert second_half and second_half <= {7, 11, 2}
    inside = client.post(url, {"chords": ["I", "IV | V", "V", "I"]}, format="json")
    assert inside.status_code == 400 and "chords" in inside.json()["error"]["fields"]
    saved = client.post(f"/api/transcriptions/{row_id}/exercise/", {"chords": ["I", "IV V", "V", "I"]}, format="json")
    assert saved.status_code == 201 and saved.json()["chords"] == ["I", "IV V", "V", "I"], saved.json()


@pytest.mark.parametrize("meter", ["4/4", "6/8"])
def test_a_saved_melody_with_a_pickup_is_practised_from_its_first_note_and_the_backing_enters_on_the_downbeat(
        student: User, meter: str) -> None:
    import shutil

    import numpy as np
    import soundfile
    from django.core.files.storage import default_storage

    from studio.files import read_json, studio_folder
    from studio.notation import exercise_notation
    from studio.tasks import render_exercise_audio
    from tests.generation.test_pickup_accompaniment import transcription

    if shutil.which("fluidsynth") is None or not Path("/usr/share/sounds/sf2/FluidR3_GM.sf2").exists():
        pytest.skip("fluidsynth and the GM soundfont are needed to render")
    result = transcription(meter)
    row = Transcription.objects.create(owner=student, title="pickup", audio=SimpleUploadedFile("t.wav", b"RIFF"),
                                       status=Transcription.Status.DONE, progress=100, result=result)
    saved = api_client_for(student).post(f"/api/transcriptions/{row.pk}/exercise/", {"style": "block"}, format="json")
    assert saved.status_code == 201, saved.json()
    exercise = Exercise.objects.get(pk=saved.json()["id"])
    render_exercise_audio.apply(args=[exercise.pk])
    parts = read_json(f"{studio_folder(exercise)}/audio.json")["parts"]

    def first_sound(part: str) -> float:
        with default_storage.open(parts[part], "rb") as handle:
            samples, rate = soundfile.read(handle, always_2d=True)
        level = np.abs(samples).max(axis=1)
        return float(np.argmax(level > 0.05 * level.max()) / rate)

    # The page plays the stems on the notation's clock: the first note (the pickup) at its onset.
    first_note = exercise_notation(exercise=exercise)["notes"][0]["onset"]
    downbeat = result["pickup"] * 60.0 / result["tempo"]
    assert first_note == 0.0
    assert first_sound("melody") == pytest.approx(first_note, abs=0.03)
    assert first_sound("backing") == pytest.approx(downbeat, abs=0.03)


@pytest.mark.parametrize(("meter", "box", "quarter_bpm"), [("4/4", 72, 72.0), ("6/8", 80, 120.0)])
def test_a_melody_is_saved_at_the_tempo_in_the_box_not_the_tempo_it_was_sung_at(
        student: User, meter: str, box: int, quarter_bpm: float) -> None:
    from grading.analysis import load_target
    from tests.generation.test_pickup_accompaniment import transcription

    result = transcription(meter)  # sung at 100 quarters a minute in 4/4, ♩. = 60 in 6/8
    assert result["tempo"] != quarter_bpm
    row = Transcription.objects.create(owner=student, title="sung", audio=SimpleUploadedFile("t.wav", b"RIFF"),
                                       status=Transcription.Status.DONE, progress=100, result=result)
    client = api_client_for(student)
    url = f"/api/transcriptions/{row.pk}/exercise/"
    # The box counts the beat a musician counts (♩. = 80 in 6/8); the page sends quarter notes a minute.
    saved = client.post(url, {"style": "block", "tempo": quarter_bpm}, format="json")
    assert saved.status_code == 201, saved.json()
    assert saved.json()["tempo"] == quarter_bpm
    exercise = Exercise.objects.get(pk=saved.json()["id"])
    assert load_target(exercise.score.path).tempo_bpm == pytest.approx(quarter_bpm, abs=0.5)
    # Out of the page's limits: refused in the beat the box counts, and nothing is saved.
    too_fast = client.post(url, {"style": "block", "tempo": 300}, format="json")
    assert too_fast.status_code == 400 and "tempo" in too_fast.json()["error"]["fields"]
    assert ("dotted-quarter" in too_fast.json()["error"]["message"]) == (meter == "6/8"), too_fast.json()
    assert Exercise.objects.filter(owner=student).count() == 1
    # No tempo (an empty box): the tempo it was sung at, as before.
    sung = client.post(url, {"style": "block"}, format="json").json()
    assert sung["tempo"] == result["tempo"]


def cut_off_tune(path: Path) -> SimpleUploadedFile:
    """The tune as a browser's Ogg/Opus take whose upload stopped inside its last page."""
    from tests.grading.analysis.synth import write_encoded

    played, at = [], 0.5
    for midi, quarters in TUNE:
        played.append(Played(midi, at, quarters * 0.6 * 0.9))
        at += quarters * 0.6
    whole = write_encoded(path.with_suffix(".whole.ogg"), render(played, total=at + 0.5, vibrato_cents=20.0),
                          codec="libopus").read_bytes()
    last = [i for i in range(len(whole) - 3) if whole[i:i + 4] == b"OggS"][-1]
    path.write_bytes(whole[:last + (len(whole) - last) // 2])
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="audio/ogg")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_cut_off_take_is_transcribed_and_says_it_was_cut_off(
    student: User, tmp_path: Path, language: str, django_capture_on_commit_callbacks  # type: ignore[no-untyped-def]
) -> None:
    # Main: a graded take said so, a transcription said nothing (no line in its JSON, none on the page).
    with mock.patch("grading.tasks.transcribe_take.apply_async"), django_capture_on_commit_callbacks(execute=True):
        response = submit(student, cut_off_tune(tmp_path / "cut.ogg"))
    assert response.status_code == 202, response.json()
    transcribe_take.apply(args=[response.json()["id"]])
    body = api_client_for(student).get(f"/api/transcriptions/{response.json()['id']}/",
                                       HTTP_ACCEPT_LANGUAGE=language).json()
    assert body["status"] == "done" and len(body["result"]["notes"]) >= 8
    assert body["result"]["warnings"] == [
        "the recording was cut off before its end: what it holds was transcribed, the rest could not be heard"]
    assert body["warnings"] == (
        ["the recording was cut off before its end: what it holds was transcribed, the rest could not be heard"]
        if language == "en" else ["录音在结尾前被截断了：已转写收到的部分，其余部分没有听到"])


def test_a_whole_take_has_no_warning(student: User, tmp_path: Path,
                                     django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with mock.patch("grading.tasks.transcribe_take.apply_async"), django_capture_on_commit_callbacks(execute=True):
        response = submit(student, tune_take(tmp_path / "tune.wav"))
    transcribe_take.apply(args=[response.json()["id"]])
    body = api_client_for(student).get(f"/api/transcriptions/{response.json()['id']}/").json()
    assert body["status"] == "done" and body["warnings"] == [] and body["result"]["warnings"] == []
