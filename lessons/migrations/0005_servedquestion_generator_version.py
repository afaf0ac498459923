# Questions are drawn again from (kind, params, seed) to be answered and reviewed; quiz17 changed how 48 of 900
# rhythm seeds draw. Rows served before this field are taken as served under version 1, the rules before quiz17.

from django.db import migrations, models

import lessons.models


class Migration(migrations.Migration):

    dependencies = [
        ('lessons', '0004_quizattempt_params'),
    ]

    operations = [
        # Existing rows get 1 (the rules they were served under); new rows the current version.
        migrations.AddField(
            model_name='servedquestion',
            name='generator_version',
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.AlterField(
            model_name='servedquestion',
            name='generator_version',
            field=models.PositiveSmallIntegerField(
                default=lessons.models.current_generator_version,
                help_text="The generators' drawing rules when served: the question is drawn again under these."),
        ),
    ]
