"""Request types for views behind a login, so ``request.user`` is our User."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from rest_framework.request import Request

from tutor.models import User


class AuthedRequest(HttpRequest):
    user: User


def api_user(request: Request) -> User:
    """The signed-in user of an API request (the default permission guarantees one)."""
    user = request.user
    assert isinstance(user, User), "API views run behind IsAuthenticated"
    return user


def stored_file_response(name: str, **kwargs: Any) -> FileResponse:
    """Stream a file from storage; a file that is gone (purged, lost) is a 404, not a 500."""
    if not name:
        raise Http404("No file.")
    try:
        handle = default_storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404("That file is no longer kept.") from None
    return FileResponse(handle, **kwargs)
