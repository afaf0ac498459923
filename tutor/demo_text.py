"""The demo's own words (``seed_demo``: its class, exercise and assignment) shown in the page's language.

What a teacher types is shown as typed. The demo is different: the tutor wrote it, like its lessons and
buttons, so a Chinese page said "Demo class" and "Sing Twinkle, twinkle" among Chinese words. The rows keep
the English words (the message ids), so the seeding stays idempotent and every language reads them back;
a row loaded from the database shows them in the active language, and saving it unchanged writes the English
back.
"""

from __future__ import annotations

from typing import Any

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


class DemoTextMixin(models.Model):
    """A model whose ``DEMO_TEXT_FIELDS`` show the demo's words in the page's language (see the module).

    Only a value loaded as the demo's English words is shown translated and written back as English: a
    teacher who types "小星星" as a title keeps "小星星" in every language.
    """

    DEMO_TEXT_FIELDS: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        shown_now = {field: shown for field, (_stored, shown) in self._demo_text().items()
                     if self.__dict__.get(field) == shown}
        for field in shown_now:
            self.__dict__[field] = self._demo_text()[field][0]
        try:
            super().save(*args, **kwargs)
        finally:
            self.__dict__.update(shown_now)

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        with translation.override(None):  # read the stored words, then show them as a load does
            super().refresh_from_db(*args, **kwargs)
        self._show_demo_text()

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> Any:
        instance = super().from_db(db, field_names, values)
        instance._show_demo_text()
        return instance

    def _demo_text(self) -> dict[str, tuple[str, str]]:
        """Each field shown translated: (its stored words, its shown words)."""
        return self.__dict__.setdefault("_demo_text_loaded", {})

    def _show_demo_text(self) -> None:
        loaded = self._demo_text()
        loaded.clear()
        for field in self.DEMO_TEXT_FIELDS:
            stored = self.__dict__.get(field)  # a deferred field is not loaded for this
            if isinstance(stored, str) and (shown := demo_text_shown(stored)) != stored:
                self.__dict__[field] = shown
                loaded[field] = (stored, shown)
