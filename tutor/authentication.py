"""Token authentication that speaks the signed-in person's saved language, as the pages do."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from rest_framework.authentication import TokenAuthentication


class LanguageTokenAuthentication(TokenAuthentication):
    """``Authorization: Token ...``; a person who saved a language (``User.language``) gets it.

    ``UserLanguageMiddleware`` does this for session requests, but a token is read by the API view,
    after the middleware: an app signed in by token got English feedback, errors and titles for a
    person who had chosen Chinese, unless it sent Accept-Language.
    """

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        chosen = getattr(user, "language", "")
        if chosen and translation.check_for_language(chosen):
            translation.activate(chosen)
        return user, token
