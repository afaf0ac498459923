"""``manage.py compile_translations``: compilemessages without GNU gettext (see tutor.locale_compile)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from tutor.locale_compile import compile_catalogues


class Command(BaseCommand):
    help = "Compile every locale/*/LC_MESSAGES/*.po to .mo (pure Python; msgfmt not needed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Recompile even when the .mo is newer.")

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        written = [mo for folder in settings.LOCALE_PATHS for mo in compile_catalogues(Path(folder), force=force)]
        if options["verbosity"] >= 1:
            self.stdout.write(f"compiled {len(written)} catalogue(s)")
