from django.db import migrations, models

from music.words import drill_title_in

# The weak-spots title as it was stored before: in the teacher's page language.
WEAK_SPOTS_TITLES = {"Your weak spots": "Your weak spots", "你的薄弱点": "Your weak spots"}


def mark_made_titles(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Assignments made before the flag: a drill's title copied in, or the weak-spots title of a personalised set."""
    Assignment = apps.get_model("tutor", "Assignment")
    made = []
    for row in Assignment.objects.only("id", "title", "group").iterator():
        if drill_title_in(row.title, chinese=False) is not None:
            row.title_made = True
        elif row.group is not None and row.title in WEAK_SPOTS_TITLES:
            row.title, row.title_made = WEAK_SPOTS_TITLES[row.title], True
        else:
            continue
        made.append(row)
    Assignment.objects.bulk_update(made, ["title", "title_made"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("tutor", "0007_merge_heartbeat_language_group"),
    ]

    operations = [
        migrations.AddField(
            model_name="assignment",
            name="title_made",
            field=models.BooleanField(
                default=False,
                help_text="The tutor made the title (a drill's, or its own words), not the teacher: shown in the reader's language.",
            ),
        ),
        migrations.RunPython(mark_made_titles, migrations.RunPython.noop),
    ]
