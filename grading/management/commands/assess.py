"""``manage.py assess``: grade takes against targets, one or a batch, per the contract.

Heavy imports (numpy, torch, librosa, music21, PyAV) happen inside ``handle`` so
that other commands and the web process never pay for them.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from grading.analysis import AnalysisError, AssessOptions, assess
from grading.analysis.audio import ACCEPTED_FORMATS_TEXT, warm_up
from grading.management.batch import batch_items


class Command(BaseCommand):
    help = "Grade a recorded take (or a JSONL batch of takes) against a target score."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target", nargs="?", help="MusicXML (.musicxml, .xml, .mxl) or MIDI file")
        parser.add_argument("audio", nargs="?", help=f"the take: {ACCEPTED_FORMATS_TEXT}")
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
        parser.add_argument("--part", default=None, metavar="N|NAME",
                            help="the part of a multi-part score to grade: its number (1 is the first) or its name")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            options = AssessOptions(
                tracker=opts["tracker"], tempo_bpm=opts["tempo"], free_tempo=opts["free_tempo"],
                any_key=opts["any_key"], tolerance_cents=opts["tolerance_cents"],
                wrong_cents=opts["wrong_cents"], tolerance_ms=opts["tolerance_ms"], part=opts["part"],
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
        for take_id, item, error in batch_items(path, strings=("target", "audio")):
            if item is None:
                self._write({"id": take_id, "error": error}, human=None)
                continue
            target, audio = item["target"], item["audio"]
            try:
                # A batch line may name its own part: {"id", "target", "audio", "part": 2}.
                line_options = replace(options, part=item["part"]) if item.get("part") is not None else options
                result = assess(target, audio, options=line_options)
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


