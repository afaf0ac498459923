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
        parser.add_argument("--neural", action="store_true",
                            help="train the small LSTM instead and compare it with the Markov model on held-out tunes")
        parser.add_argument("--epochs", type=int, help="LSTM epochs (default 3)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **opts: Any) -> None:
        sources = tuple(s.strip() for s in opts["sources"].split(",") if s.strip())
        if opts["neural"]:
            self._neural(opts, sources)
            return
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

    def _neural(self, opts: dict[str, Any], sources: tuple[str, ...]) -> None:
        # torch is imported by this path only.
        from generation.melody.neural import NeuralConfig, load_neural, train_neural

        config = NeuralConfig(epochs=opts["epochs"]) if opts["epochs"] else NeuralConfig()
        report = train_neural(out=Path(opts["out"]) if opts["out"] else None, limit=opts["limit"], sources=sources,
                              config=config)
        load_neural.cache_clear()
        summary = {"train_transitions": report.train_transitions, "heldout_transitions": report.heldout_transitions,
                   "heldout_nll_nats": {"lstm": round(report.neural_nll, 4), "markov": round(report.markov_nll, 4)},
                   "files": [str(f) for f in report.files], "seconds": round(report.seconds, 1)}
        if opts["json"]:
            self.stdout.write(json.dumps(summary))
        else:
            self.stdout.write(f"LSTM {report.neural_nll:.4f} vs Markov {report.markov_nll:.4f} nats per held-out step "
                              f"({report.heldout_transitions} steps); {report.seconds:.0f} s; wrote "
                              f"{', '.join(str(f) for f in report.files)}")
