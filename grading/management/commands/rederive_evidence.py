"""``manage.py rederive_evidence``: re-derive every graded take's skill evidence from its stored verdicts.

For when the rules that turn verdicts into evidence (``grading.evidence``) change: the data migration
that came with such a change runs the same code once; this runs it again on demand. No audio is read.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from grading.evidence_rederive import BATCH_TAKES, evidence_rederive


class Command(BaseCommand):
    help = "Re-derive every graded take's skill evidence from its stored verdicts (teachers' overrides kept)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=BATCH_TAKES, help="takes per transaction")

    def handle(self, *args: Any, **opts: Any) -> None:
        counts = evidence_rederive(batch_size=max(1, opts["batch_size"]))
        self.stdout.write(
            f"{counts.takes} takes read, {counts.changed_takes} changed: {counts.deleted} evidence rows deleted, "
            f"{counts.written} written; {counts.no_key} left alone (no stored key)."
        )
