"""Make the Lesson rows match lessons/content (pages also do this on first use); optionally render audio."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lessons import curriculum, services


class Command(BaseCommand):
    help = "Sync Lesson rows from the Markdown curriculum; --audio also renders every example's audio."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--audio", action="store_true", help="Render each example's audio into the cache.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = services.lesson_sync(check_notation=True)
        except curriculum.CurriculumError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{count} lessons in {len(curriculum.UNITS)} units.")
        if options["audio"]:
            if not services.audio_available():
                raise CommandError("audio: fluidsynth and the GM soundfont (fluid-soundfont-gm) are required")
            rendered = 0
            for lesson in curriculum.load_lessons():
                for index in range(len(lesson.blocks)):
                    services.lesson_audio(slug=lesson.slug, index=index)
                    rendered += 1
            self.stdout.write(f"{rendered} examples have audio.")
