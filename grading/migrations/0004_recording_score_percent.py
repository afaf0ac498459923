"""Recording.score is called score_percent in code (``score`` also names an exercise's MusicXML file).

The column stays ``score``: only Django's model state changes, so nothing is run against the database.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("grading", "0003_noteaudioaccess_rangetest_exercise_key_and_more"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RenameField(model_name="recording", old_name="score", new_name="score_percent"),
                migrations.AlterField(
                    model_name="recording",
                    name="score_percent",
                    field=models.FloatField(blank=True, db_column="score", null=True),
                ),
            ],
            database_operations=[],
        ),
    ]
