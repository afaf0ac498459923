"""``manage.py generate_accompaniment MELODY``: backing for a melody to ``DIR/accompaniment.<ext>``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from generation.accompaniment import STYLES, generate_accompaniment, melody_from_file
from generation.melody.errors import GenerationError
from generation.render import render_drill


class Command(BaseCommand):
    help = "Harmonise a melody (or follow a chord chart) and render it with an accompaniment style."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("melody", help="MusicXML (.musicxml, .xml, .mxl) or MIDI file")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--chords", help='a chord chart, e.g. "I V vi IV" or "C G Am F"')
        group.add_argument("--harmonize", action="store_true", help="choose chords with the HMM (the default)")
        parser.add_argument("--style", default="block", choices=sorted(STYLES))
        parser.add_argument("--count-in", type=int, default=1, help="bars of clicks before the music")
        parser.add_argument("--chords-per-bar", type=int, default=1, choices=(1, 2))
        parser.add_argument("--tempo", type=int)
        parser.add_argument("--out", default=".")
        parser.add_argument("--formats", default="musicxml,midi,json,svg")
        parser.add_argument("--json", action="store_true", help="print a JSON summary to stdout")

    def handle(self, *args: Any, **opts: Any) -> None:
        path = Path(opts["melody"])
        if not path.exists():
            raise CommandError(f"melody: {path} does not exist")
        try:
            melody = melody_from_file(path, tempo=opts["tempo"])
            acc = generate_accompaniment(melody, style=opts["style"], chords=opts["chords"],
                                         chords_per_bar=opts["chords_per_bar"])
            formats = tuple(f.strip() for f in opts["formats"].split(",") if f.strip())
            files = render_drill(melody, Path(opts["out"]), formats=formats, stem="accompaniment",
                                 backing=acc.tracks, chords=acc.chords, count_in_bars=opts["count_in"])
        except (GenerationError, ValueError, OSError) as exc:
            raise CommandError(str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__) from exc
        if opts["json"]:
            params = {"style": acc.style, "chords": acc.chord_figures(), "count_in": opts["count_in"],
                      "key": melody.key.tonic, "mode": melody.key.mode, "meter": melody.meter.text,
                      "tempo": melody.params.tempo, "harmonized": not opts["chords"]}
            summary = {"files": {k: str(v) for k, v in files.items()}, "params": params,
                       "notes": melody.note_list(),
                       "chords": [[float(start), chord.figure] for start, chord in acc.chords]}
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
