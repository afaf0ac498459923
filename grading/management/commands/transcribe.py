"""``manage.py transcribe``: a take with no score to notes, key, meter and tempo (MusicXML, MIDI, JSON).

One take: ``transcribe AUDIO [--json] [--out DIR]``. A batch: ``transcribe --batch FILE.jsonl --json``
reads ``{"id", "audio"}`` per line and prints one result line per input line, in order, each with its
``id``; a line that cannot be read or a file that cannot be transcribed gives an ``"error"`` line
and the batch goes on. Heavy imports happen inside ``handle``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from grading.analysis import AnalysisError
from grading.analysis.audio import ACCEPTED_FORMATS_TEXT, warm_up
from grading.management.batch import batch_items


class Command(BaseCommand):
    help = "Transcribe a sung or played melody with no score (or a JSONL batch) to notes, key, meter and tempo."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("audio", nargs="?", help=f"the take: {ACCEPTED_FORMATS_TEXT}")
        parser.add_argument("--batch", metavar="FILE.jsonl", help='lines of {"id", "audio"}')
        parser.add_argument("--json", action="store_true", help="one JSON object per take")
        parser.add_argument("--out", metavar="DIR", help="write NAME.musicxml, NAME.mid and NAME.json here")

    def handle(self, *args: Any, **opts: Any) -> None:
        from grading.analysis.transcribe import transcribe

        warm_up(tracker="yin")
        out_dir = Path(opts["out"]) if opts["out"] else None
        if opts["batch"]:
            self._batch(opts["batch"], transcribe=transcribe, out_dir=out_dir)
            return
        if not opts["audio"]:
            raise CommandError("give AUDIO, or --batch FILE.jsonl")
        try:
            result = transcribe(opts["audio"])
        except AnalysisError as exc:
            raise CommandError(str(exc)) from exc
        written = self._files(result, out_dir, stem=Path(opts["audio"]).stem, take_id=None)
        if opts["json"]:
            self.stdout.write(json.dumps({"id": None, **result.to_json()}, separators=(",", ":")))
        else:
            self._human(result, written)

    def _batch(self, path: str, *, transcribe: Any, out_dir: Path | None) -> None:
        for take_id, item, error in batch_items(path, strings=("audio",)):
            if item is None:
                self._line({"id": take_id, "error": error})
                continue
            audio = item["audio"]
            try:
                result = transcribe(audio)
                self._files(result, out_dir, stem=str(take_id if take_id is not None else Path(audio).stem),
                            take_id=take_id)
            except AnalysisError as exc:
                self._line({"id": take_id, "error": str(exc)})
                continue
            except Exception as exc:  # one broken take must not stop the batch
                self._line({"id": take_id, "error": f"transcription failed ({type(exc).__name__}: {exc})"})
                continue
            self._line({"id": take_id, **result.to_json()})

    def _files(self, result: Any, out_dir: Path | None, *, stem: str, take_id: Any) -> dict[str, str]:
        if out_dir is None:
            return {}
        from grading.analysis.transcription_files import write_files

        safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in stem) or "take"
        return write_files(result, out_dir, stem=safe, take_id=take_id)

    def _line(self, data: dict) -> None:
        self.stdout.write(json.dumps(data, separators=(",", ":")))

    def _human(self, result: Any, written: dict[str, str]) -> None:
        data = result.to_json()
        self.stdout.write(f"{len(data['notes'])} notes in {data['key']}, {data['meter']} at {data['tempo']:g} BPM"
                          + (f", pickup {result.rhythm.pickup:g} beats" if result.rhythm.pickup else ""))
        self.stdout.write("  " + " ".join(f"{n['pitch']}/{n['quarter_length']:g}" for n in data["notes"]))
        for kind, path in written.items():
            self.stdout.write(f"  {kind}: {path}")
