"""``manage.py train_melody_model``: rebuild the shipped melody checkpoint from music21's corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from generation.melody.corpus import SOURCES
from generation.melody.model import load_model
from generation.melody.train import train_melody_model


class Command(BaseCommand):
    help = "Train the Markov melody/rhythm model on music21's bundled corpus (about a minute on two cores)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, help="at most N tunes from each source (a quick run)")
        parser.add_argument("--out", help="checkpoint path (default: the shipped one)")
        parser.add_argument("--sources", default=",".join(SOURCES), help=f"comma-separated subset of {SOURCES}")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **opts: Any) -> None:
        sources = tuple(s.strip() for s in opts["sources"].split(",") if s.strip())
        report = train_melody_model(out=Path(opts["out"]) if opts["out"] else None, limit=opts["limit"],
                                    sources=sources)
        load_model.cache_clear()
        summary = {"tunes": report.tunes, "held_out": report.held_out, "notes": report.notes,
                   "files": [str(f) for f in report.files], "seconds": round(report.seconds, 2)}
        if opts["json"]:
            self.stdout.write(json.dumps(summary))
        else:
            self.stdout.write(f"trained on {report.tunes} tunes ({report.notes} notes), held out {report.held_out}, "
                              f"{report.seconds:.1f} s; wrote {', '.join(str(f) for f in report.files)}")
