"""``manage.py assess``: grade takes against targets, one or a batch, per the contract.

Heavy imports (numpy, torch, librosa, music21, PyAV) happen inside ``handle`` so
that other commands and the web process never pay for them.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from grading.analysis import AnalysisError, AssessOptions, assess
from grading.analysis.audio import warm_up


class Command(BaseCommand):
    help = "Grade a recorded take (or a JSONL batch of takes) against a target score."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target", nargs="?", help="MusicXML (.musicxml, .xml, .mxl) or MIDI file")
        parser.add_argument("audio", nargs="?", help="WAV, FLAC, Ogg/Opus, WebM/Opus, MP3 or M4A take")
        parser.add_argument("--batch", metavar="FILE.jsonl", help='lines of {"id", "target", "audio"}')
        parser.add_argument("--json", action="store_true", help="one JSON object per take")
        parser.add_argument("--tracker", default="auto",
                            choices=["auto", "yin", "pyin", "crepe-tiny", "crepe-full"])
        parser.add_argument("--tempo", type=float, default=None, help="quarter notes per minute")
        parser.add_argument("--free-tempo", action="store_true", help="grade pitch and order only")
        parser.add_argument("--any-key", action="store_true", help="grade relative pitch in the singer's key")
        parser.add_argument("--tolerance-cents", type=float, default=25.0)
        parser.add_argument("--wrong-cents", type=float, default=50.0)
        parser.add_argument("--tolerance-ms", type=float, default=100.0)

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            options = AssessOptions(
                tracker=opts["tracker"], tempo_bpm=opts["tempo"], free_tempo=opts["free_tempo"],
                any_key=opts["any_key"], tolerance_cents=opts["tolerance_cents"],
                wrong_cents=opts["wrong_cents"], tolerance_ms=opts["tolerance_ms"],
            )
        except AnalysisError as exc:
            raise CommandError(str(exc)) from exc
        # Library imports and lazy initialisation are start-up, not analysis time.
        warm_up(tracker=options.tracker)
        as_json = opts["json"]
        if opts["batch"]:
            self._batch(opts["batch"], options=options, as_json=as_json, assess=assess, errors=AnalysisError)
            return
        if not opts["target"] or not opts["audio"]:
            raise CommandError("give TARGET and AUDIO, or --batch FILE.jsonl")
        try:
            result = assess(opts["target"], opts["audio"], options=options)
        except AnalysisError as exc:
            raise CommandError(str(exc)) from exc
        self._write(result.to_json(), human=None if as_json else result)

    def _batch(self, path: str, *, options: Any, as_json: bool, assess: Any, errors: type[Exception]) -> None:
        try:
            with open(path, encoding="utf-8") as fh:
                lines = fh.read().splitlines()
        except OSError as exc:
            raise CommandError(f"cannot read the batch file: {exc.strerror or exc}") from exc
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            take_id: Any = None
            try:
                item = json.loads(line)
                if not isinstance(item, dict):
                    raise ValueError("not an object")
                take_id = item.get("id")
                target, audio = item.get("target"), item.get("audio")
                if not isinstance(target, str) or not isinstance(audio, str):
                    raise ValueError('needs string "target" and "audio"')
            except ValueError as exc:
                self._write({"id": take_id, "error": f"line {number} is not a valid batch item ({exc})"}, human=None)
                continue
            try:
                result = assess(target, audio, options=options)
            except errors as exc:
                self._write({"id": take_id, "error": str(exc)}, human=None)
                continue
            except Exception as exc:  # one broken take must not stop the batch
                self._write({"id": take_id, "error": f"analysis failed ({type(exc).__name__}: {exc})"}, human=None)
                continue
            self._write({"id": take_id, **result.to_json()}, human=None if as_json else result)

    def _write(self, data: dict, *, human: Any) -> None:
        if human is None:
            self.stdout.write(json.dumps(data, separators=(",", ":")))
            return
        s = data.get("summary", {})
        self.stdout.write(
            f"{data.get('id') or 'take'}: {s.get('pitch_ok')}/{s.get('notes')} in tune, "
            f"{s.get('timing_ok')}/{s.get('notes')} on time, score {s.get('score')} "
            f"(offset {data['offset']:.2f} s, {data['seconds']:.2f} s with {data['tracker']})"
        )
        for line in human.feedback:
            self.stdout.write(f"  {line}")


