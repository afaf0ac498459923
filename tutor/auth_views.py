"""The login page, throttled: repeated failures for one username or address are slowed down."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

# Failures allowed per username and per client address in the window.
MAX_FAILURES = 10
WINDOW_SECONDS = 300


def client_address(request: HttpRequest) -> str:
    """The client's address; behind a trusted proxy (TUTOR_TRUST_X_FORWARDED_FOR) its first hop."""
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


class ThrottledLoginView(LoginView):
    def _keys(self) -> list[str]:
        username = str(self.request.POST.get("username", "")).strip().lower()[:150]
        return [f"login-failures:user:{username}", f"login-failures:addr:{client_address(self.request)}"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if any((cache.get(key) or 0) >= MAX_FAILURES for key in self._keys()):
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, "Too many failed attempts. Wait a few minutes, or reset your password.")
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        for key in self._keys():
            cache.add(key, 0, WINDOW_SECONDS)
            cache.incr(key)
        return super().form_invalid(form)
