# Data migration: evidence stored before an interval was charged only with both its notes in tune
# (docs/architecture.md, "A note's slip is charged once ...") is derived again from the stored verdicts.

from django.db import migrations


def rederive_note_evidence(apps, schema_editor):  # type: ignore[no-untyped-def]
    from grading.evidence_rederive import evidence_rederive

    evidence_rederive(apps=apps)


class Migration(migrations.Migration):

    # One transaction per batch of takes, not one for the whole table: a stopped run keeps what it did,
    # and the next (the command, or this migration again) finds those takes already right.
    atomic = False

    dependencies = [
        ('grading', '0013_recording_teacher_mark'),
        ('tutor', '0009_user_language_traditional'),
        ('generation', '0007_drill_previewed'),
    ]

    operations = [
        migrations.RunPython(rederive_note_evidence, migrations.RunPython.noop, elidable=True),
    ]
