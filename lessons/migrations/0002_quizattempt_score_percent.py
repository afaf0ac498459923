"""QuizAttempt.score is called score_percent in code, as a take's is; the column stays ``score``.

Only Django's model state changes, so nothing is run against the database.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("lessons", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RenameField(model_name="quizattempt", old_name="score", new_name="score_percent"),
                migrations.AlterField(
                    model_name="quizattempt",
                    name="score_percent",
                    field=models.FloatField(
                        blank=True, db_column="score", help_text="Percent of the questions answered right.", null=True
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
