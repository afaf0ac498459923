"""The login page, guarded by ``tutor.login_guard``: waits grow per (username, address), with a cap per address."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.views import LoginView, PasswordResetConfirmView
from django.http import HttpRequest, HttpResponse
from rest_framework.authtoken.models import Token

from tutor.login_guard import login_failed, login_refusal, login_succeeded


def client_address(request: HttpRequest) -> str:
    """The client's address; behind trusted proxies (TUTOR_TRUST_X_FORWARDED_FOR) the one the outermost of the
    ``TUTOR_NUM_PROXIES`` proxies saw, as DRF's throttles read it.

    Not the header's first entry: a proxy appends to the X-Forwarded-For the client sent, so the first entry is
    whatever the client wrote, and a guesser who wrote a new one each try was a new address to the login guard.
    """
    if settings.TRUST_X_FORWARDED_FOR:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if hops:
            return hops[-min(settings.NUM_PROXIES, len(hops))]
    return str(request.META.get("REMOTE_ADDR", ""))


def posted_username(request: HttpRequest) -> str:
    return str(request.POST.get("username", "")).strip()[:150]


class ThrottledLoginView(LoginView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refusal = login_refusal(username=posted_username(request), address=client_address(request))
        if refusal is not None:
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, refusal.message)
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            response["Retry-After"] = str(refusal.wait_seconds)
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        login_succeeded(username=posted_username(self.request), address=client_address(self.request))
        return super().form_valid(form)

    def form_invalid(self, form: Any) -> HttpResponse:
        login_failed(username=posted_username(self.request), address=client_address(self.request))
        return super().form_invalid(form)


class TokenEndingPasswordResetConfirmView(PasswordResetConfirmView):
    """Django's reset page, which also deletes the person's API token.

    A new password ends the sessions signed in with the old one (the session keeps a hash of it), but the
    API token lived on: whoever had taken it, the reason to reset a password, kept the account.
    """

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        Token.objects.filter(user=form.user).delete()
        return response
