"""The demo's own words (``seed_demo``: its class, exercise and assignment) shown in the page's language.

What a teacher types is shown as typed. The demo is different: the tutor wrote it, like its lessons and
buttons, so a Chinese page said "Demo class" and "Sing Twinkle, twinkle" among Chinese words. The rows keep
the English words (the message ids), so the seeding stays idempotent and every language reads them back;
a row loaded from the database shows them in the active language, and saving it writes the English back.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import pgettext, pgettext_lazy

CONTEXT = "demo data"

DEMO_CLASS_NAME = "Demo class"
DEMO_EXERCISE_TITLE = "Twinkle, twinkle"
DEMO_ASSIGNMENT_TITLE = "Sing Twinkle, twinkle"

# Listed for makemessages and for the catalogue test; pgettext looks them up at display time.
DEMO_WORDS = (
    pgettext_lazy(CONTEXT, DEMO_CLASS_NAME),
    pgettext_lazy(CONTEXT, DEMO_EXERCISE_TITLE),
    pgettext_lazy(CONTEXT, DEMO_ASSIGNMENT_TITLE),
)
_STORED = (DEMO_CLASS_NAME, DEMO_EXERCISE_TITLE, DEMO_ASSIGNMENT_TITLE)


def demo_text_shown(stored: str) -> str:
    """The demo's words in the active language; anything else unchanged."""
    return pgettext(CONTEXT, stored) if stored in _STORED else stored


def demo_text_stored(shown: str) -> str:
    """The English words to store for ``shown`` in any of the site's languages; anything else unchanged."""
    for stored in _STORED:
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                if pgettext(CONTEXT, stored) == shown:
                    return stored
    return shown


class DemoTextMixin(models.Model):
    """A model whose ``DEMO_TEXT_FIELDS`` show the demo's words in the page's language (see the module)."""

    DEMO_TEXT_FIELDS: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        shown = {field: self.__dict__[field] for field in self.DEMO_TEXT_FIELDS
                 if isinstance(self.__dict__.get(field), str)}  # a deferred field is not loaded for this
        for field, value in shown.items():
            setattr(self, field, demo_text_stored(value))
        try:
            super().save(*args, **kwargs)
        finally:
            for field, value in shown.items():
                setattr(self, field, value)

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> Any:
        instance = super().from_db(db, field_names, values)
        for field in cls.DEMO_TEXT_FIELDS:
            value = instance.__dict__.get(field)
            if isinstance(value, str):
                instance.__dict__[field] = demo_text_shown(value)
        return instance
