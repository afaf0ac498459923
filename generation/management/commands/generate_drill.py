"""``manage.py generate_drill``: one drill to ``DIR/drill.<ext>`` (see docs/architecture contracts)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from generation.melody import DrillParams, generate_drill, parse_request
from generation.melody.errors import GenerationError
from generation.melody.request import refusal_for, split_answers
from generation.render import render_drill
from music.pitch import parse_range
from music.scale import MODES


def _csv(text: str | None) -> list[str] | None:
    return [t.strip() for t in text.split(",") if t.strip()] if text else None


class Command(BaseCommand):
    help = "Generate a sight-reading/singing drill that meets the given constraints."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--key")
        parser.add_argument("--mode", help="one of: " + ", ".join(MODES)
                            + " (gong shang jue zhi yu: the pentatonic modes 宫 商 角 徵 羽)")
        parser.add_argument("--meter")
        parser.add_argument("--bars", type=int)
        parser.add_argument("--tempo", type=int)
        parser.add_argument("--range", dest="range_", metavar="RANGE", help="two pitches, e.g. C4-G5")
        parser.add_argument("--max-leap", type=int, help="semitones")
        parser.add_argument("--target-notes", help="comma-separated, e.g. F#4,C5")
        parser.add_argument("--target-intervals", help="comma-separated, e.g. +m6,-P4")
        parser.add_argument("--target-rhythms", help="comma-separated, e.g. dotted-8th-16th,triplet-8th")
        parser.add_argument("--level", type=int, choices=range(1, 7))
        parser.add_argument("--seed", type=int)
        parser.add_argument("--out", default=".")
        parser.add_argument("--formats", default="musicxml,midi,json,svg")
        parser.add_argument("--json", action="store_true", help="print a JSON summary to stdout")
        parser.add_argument("--kind", choices=["melody", "interval", "scale", "rhythm"])
        parser.add_argument("--voice", choices=["soprano", "alto", "tenor", "baritone", "bass"])
        parser.add_argument("--clef", choices=["treble", "bass", "alto", "tenor"])
        parser.add_argument("--chords", "--progression", dest="progression", help='e.g. "I V vi IV"')
        parser.add_argument("--form", help="e.g. ABAC")
        parser.add_argument("--accidentals", action=argparse_bool(), default=None)
        parser.add_argument("--temperature", type=float)
        parser.add_argument("--melody-model", choices=["markov", "lstm"], help="the learned model that weighs each step")
        parser.add_argument("--count-in", type=int, default=1, help="bars of clicks before the music (MIDI, audio)")
        parser.add_argument("--request", help="the drill in words (English or Chinese); options above override it")
        parser.add_argument("--params", help="a JSON file of stored parameters to start from")

    def handle(self, *args: Any, **opts: Any) -> None:
        overrides: dict[str, Any] = {
            "key": opts["key"], "mode": opts["mode"], "meter": opts["meter"], "bars": opts["bars"],
            "tempo": opts["tempo"], "range": opts["range_"], "max_leap": opts["max_leap"],
            "target_notes": _csv(opts["target_notes"]), "target_intervals": _csv(opts["target_intervals"]),
            "target_rhythms": _csv(opts["target_rhythms"]), "seed": opts["seed"], "kind": opts["kind"],
            "voice": opts["voice"], "clef": opts["clef"], "progression": opts["progression"], "form": opts["form"],
            "accidentals": opts["accidentals"], "temperature": opts["temperature"],
            "melody_model": opts["melody_model"],
        }
        overrides = {k: v for k, v in overrides.items() if v is not None}
        understood: list[str] = []
        ignored: list[str] = []
        try:
            if opts["params"] or opts["request"]:
                base = DrillParams.from_dict(json.loads(Path(opts["params"]).read_text())) if opts["params"] else None
                if opts["request"]:
                    result = parse_request(opts["request"], previous=base)
                    base, understood, ignored = result.params, result.understood, result.ignored
                assert base is not None
                data = base.to_dict()
                if "range" in overrides:
                    data["low"], data["high"] = parse_range(overrides.pop("range"))
                if opts["level"] is not None:
                    params = DrillParams.preset(opts["level"], **{**_kept(data), **overrides})
                else:
                    data.update(overrides)
                    params = DrillParams.from_dict(data)
            else:
                params = DrillParams.preset(opts["level"] or 3, **overrides)
            drill = generate_drill(params)
            formats = tuple(_csv(opts["formats"]) or [])
            files = render_drill(drill, Path(opts["out"]), formats=formats, stem="drill", count_in_bars=opts["count_in"])
        except (GenerationError, ValueError, OSError) as exc:
            line = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
            if isinstance(exc, GenerationError) and opts["request"]:
                line = refusal_for(opts["request"], line)  # a request in Chinese is refused in Chinese
            raise CommandError(line) from exc
        if opts["json"]:
            summary = {"files": {k: str(v) for k, v in files.items()}, "params": drill.params.to_dict(),
                       "notes": drill.note_list(), "tags": drill.tags}
            if opts["request"]:
                said, answers = split_answers(understood)
                summary["understood"] = said
                summary["answers"] = answers
                summary["ignored"] = ignored
            if drill.params.output == "midi":
                summary["midi_notes"] = [[n.midi, round(float(n.duration), 4)] for n in drill.notes]
            self.stdout.write(json.dumps(summary, ensure_ascii=False))


def _kept(data: dict[str, Any]) -> dict[str, Any]:
    keep = ("kind", "key", "mode", "meter", "bars", "low", "high", "voice", "clef", "form", "progression",
            "target_notes", "target_intervals", "target_rhythms", "tempo")
    return {k: data[k] for k in keep if k in data}


def argparse_bool() -> Any:
    return argparse.BooleanOptionalAction
