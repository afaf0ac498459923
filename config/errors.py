"""The site's error answers outside a DRF view: JSON in the API's one error shape under /api/, plain pages elsewhere.

Never a URL list or a traceback: those are Django's debug pages, which only
``TUTOR_DEBUG=1`` turns on.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.views import defaults

from tutor.api_errors import UNREADABLE_UPLOAD_MESSAGE, api_error_response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    api = api_error_response(request, 400)
    if api is not None:
        return api
    reason = UNREADABLE_UPLOAD_MESSAGE if isinstance(exception, MultiPartParserError) else None
    return render(request, "400.html", {"reason": reason}, status=400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return api_error_response(request, 403) or defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return api_error_response(request, 404) or defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    return api_error_response(request, 500) or defaults.server_error(request)
