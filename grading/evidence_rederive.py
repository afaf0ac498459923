"""Re-derive every stored take's skill evidence from its stored verdicts, with the current rules.

A take's evidence follows from its note rows (the grader's verdicts, or a
teacher's where one set them) by ``grading.evidence.take_evidence``; when
those rules change, evidence stored earlier keeps the old reading until the
take is graded again. This reads the rows again, never the audio. Shared by
a data migration (with its historical models) and ``manage.py
rederive_evidence`` (with the live ones), so it reads only stored fields
through ``apps.get_model``, never model methods.

Safe to repeat: a note whose evidence already reads as the rules say is not
touched, so a second run writes nothing. Each batch of takes is one
transaction; a run stopped half way leaves whole takes done and the rest to
the next run.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps as live_apps
from django.apps.registry import Apps
from django.db import transaction
from django.db.models import Exists, OuterRef

from grading.analysis import verdicts
from grading.evidence import GradedNote, Item, take_evidence
from grading.models import performed_by_voice
from tutor.models import User

#: Takes per transaction: their note rows and evidence are read in a few queries per batch.
BATCH_TAKES = 500
#: Note ids per DELETE, well inside every database's limit on query parameters.
STALE_CHUNK = 1000
#: The field lengths of ``SkillEvidence`` (``tutor.services.evidence_record`` cuts to them too).
TAG_CHARS, DETAIL_CHARS = 64, 120
_NOTE_FIELDS = [f.name for f in dataclasses.fields(verdicts.NoteResult)]


@dataclass
class RederiveCounts:
    """What a run did: takes read, takes whose evidence changed, evidence rows deleted and written, and
    takes left alone because their exercise has no stored key (such a take was never given evidence)."""

    takes: int = 0
    changed_takes: int = 0
    deleted: int = 0
    written: int = 0
    no_key: int = 0


def evidence_rederive(*, apps: Apps = live_apps, batch_size: int = BATCH_TAKES) -> RederiveCounts:
    """Re-derive the evidence of every graded take (one with note rows), in batches of ``batch_size`` takes.

    ``apps``: the live registry, or a migration's historical one. Teachers' own takes get none, as when
    graded. Evidence is dated at the take (``queued_at``), as the grader dates it.
    """
    Recording = apps.get_model("grading", "Recording")
    NoteResult = apps.get_model("grading", "NoteResult")
    graded = Exists(NoteResult.objects.filter(recording_id=OuterRef("pk")))
    counts = RederiveCounts()
    last_pk = 0
    while True:
        takes = list(
            Recording.objects.filter(graded, pk__gt=last_pk).order_by("pk")
            .values("pk", "owner_id", "owner__role", "queued_at", "options", "result", "exercise__key",
                    "exercise__part_name", "exercise__parts", "exercise__drill__params",
                    "exercise__drill__understood")[:batch_size]
        )
        if not takes:
            return counts
        last_pk = takes[-1]["pk"]
        with transaction.atomic():
            _rederive_batch(apps, takes, counts)


def _rederive_batch(apps: Apps, takes: list[dict], counts: RederiveCounts) -> None:
    NoteResult = apps.get_model("grading", "NoteResult")
    SkillEvidence = apps.get_model("tutor", "SkillEvidence")
    # Queries take the batch's take ids, never its note ids: a long piece must not run past the database's
    # limit on query parameters (SQLite's 32766, PostgreSQL's 65535).
    batch_notes = NoteResult.objects.filter(recording_id__in=[t["pk"] for t in takes])
    rows_by_take: dict[int, list[dict]] = defaultdict(list)
    for row in batch_notes.order_by("recording_id", "index").values("pk", "recording_id", "reviewed_at", *_NOTE_FIELDS):
        rows_by_take[row["recording_id"]].append(row)
    stored: dict[int, set[Item]] = defaultdict(set)
    for source_id, tag, correct, detail in SkillEvidence.objects.filter(
        source="note", source_id__in=batch_notes.values("pk")
    ).values_list("source_id", "tag", "correct", "detail"):
        stored[source_id].add((tag, correct, detail))
    stale: list[int] = []
    fresh: list[object] = []
    for take in takes:
        counts.takes += 1
        rows = rows_by_take[take["pk"]]
        wanted = _wanted(take, rows)
        if wanted is None:
            counts.no_key += 1
            continue
        changed = [row["pk"] for row in rows if stored.get(row["pk"], set()) != set(wanted.get(row["pk"], []))]
        if not changed:
            continue
        counts.changed_takes += 1
        stale.extend(changed)
        fresh.extend(
            SkillEvidence(student_id=take["owner_id"], tag=tag, correct=correct, detail=detail, source="note",
                          source_id=pk, created_at=take["queued_at"])
            for pk in changed for tag, correct, detail in wanted.get(pk, [])
        )
    for start in range(0, len(stale), STALE_CHUNK):
        chunk = stale[start:start + STALE_CHUNK]
        counts.deleted += SkillEvidence.objects.filter(source="note", source_id__in=chunk).delete()[0]
    if fresh:
        SkillEvidence.objects.bulk_create(fresh, batch_size=1000, ignore_conflicts=True)
        counts.written += len(fresh)


def _wanted(take: dict, rows: list[dict]) -> dict[int, list[Item]] | None:
    """Note row id -> the evidence the current rules give it; None where the exercise has no stored key."""
    if take["owner__role"] == User.Role.TEACHER:
        return {}
    if not take["exercise__key"]:
        return None
    graded = [GradedNote(**{name: row[name] for name in _NOTE_FIELDS}, reviewed=row["reviewed_at"] is not None)
              for row in rows]
    sung = performed_by_voice(drill_params=take["exercise__drill__params"],
                              drill_understood=take["exercise__drill__understood"],
                              part_name=take["exercise__part_name"], parts=take["exercise__parts"])
    evidence = take_evidence(graded, key_label=take["exercise__key"], options=take["options"],
                             result=take["result"], sung=sung)
    pk_by_index = {row["index"]: row["pk"] for row in rows}
    wanted: dict[int, list[Item]] = {}
    for index, items in evidence.items():
        if items and index in pk_by_index:
            # Cut as stored and one per tag as the constraint keeps it (the first, as ``evidence_record``'s
            # insert keeps it), so a second run compares equal and finds nothing to do.
            by_tag: dict[str, Item] = {}
            for tag, correct, detail in items:
                by_tag.setdefault(tag[:TAG_CHARS], (tag[:TAG_CHARS], correct, detail[:DETAIL_CHARS]))
            wanted[pk_by_index[index]] = list(by_tag.values())
    return wanted

