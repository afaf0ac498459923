"""Request types for views behind a login, so ``request.user`` is our User."""

from __future__ import annotations

from django.http import HttpRequest
from rest_framework.request import Request

from tutor.models import User


class AuthedRequest(HttpRequest):
    user: User


def api_user(request: Request) -> User:
    """The signed-in user of an API request (the default permission guarantees one)."""
    user = request.user
    assert isinstance(user, User), "API views run behind IsAuthenticated"
    return user
