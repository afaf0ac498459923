"""A due date between the years 2000 and 2999; one stored outside them is brought to the nearer end.

A due date of year 1 or 9999 (stored when every time was read in UTC) cannot be shown in a zone east or
west of UTC, so every page showing it failed once times were shown in the reader's zone.
"""

from datetime import UTC, datetime
from typing import Any

from django.db import migrations, models

import tutor.models

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2999, 12, 31, 12, 0, tzinfo=UTC)


def bring_due_dates_in_range(apps: Any, schema_editor: Any) -> None:
    assignments = apps.get_model("tutor", "Assignment")
    assignments.objects.filter(due_at__lt=EARLIEST).update(due_at=EARLIEST)
    assignments.objects.filter(due_at__gt=LATEST).update(due_at=LATEST)


class Migration(migrations.Migration):

    dependencies = [
        ("tutor", "0009_user_language_traditional"),
    ]

    operations = [
        migrations.AlterField(
            model_name="assignment",
            name="due_at",
            field=models.DateTimeField(blank=True, null=True, validators=[tutor.models.validate_due_date]),
        ),
        migrations.RunPython(bring_due_dates_in_range, migrations.RunPython.noop),
    ]
