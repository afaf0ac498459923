"""One error body for the whole API.

Every error answers ``{"error": {"code": str, "message": str, "fields": {name: [str]}}}``:
``message`` is one line fit to show a person; ``fields`` names the inputs at fault.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from tutor.errors import TutorError

logger = logging.getLogger(__name__)

#: Lazy, so each answer says it in its request's language (LocaleMiddleware has activated it).
SERVER_ERROR_MESSAGE = gettext_lazy("Something went wrong on our side; it has been logged. Please try again later.")


def error_body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _flatten(detail: Any) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {
            str(name): [str(item) for item in (value if isinstance(value, list) else [value])]
            for name, value in detail.items()
        }
    if isinstance(detail, list):
        return {"non_field_errors": [str(item) for item in detail]}
    return {}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, TutorError):
        fields = {exc.field: [exc.message]} if exc.field else {}
        return Response(error_body(exc.code, exc.message, fields), status=exc.http_status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent):
        return Response(error_body("too_large", _("The request body is too large.")), status=413)
    if isinstance(exc, SuspiciousOperation):
        return Response(error_body("bad_request", _("The request could not be read.")), status=400)
    response = exception_handler(exc, context)
    if response is None:
        # Anything else is our bug: logged with its traceback, answered in the one error shape.
        request = context.get("request")
        logger.exception("unhandled error in %s", getattr(request, "path", "the API"), exc_info=exc)
        return Response(error_body("server_error", str(SERVER_ERROR_MESSAGE)), status=500)
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        first = next((f"{name}: {msgs[0]}" for name, msgs in fields.items() if msgs), _("Invalid input."))
        if first.startswith("non_field_errors: "):
            first = first.removeprefix("non_field_errors: ")
        response.data = error_body("invalid", first, fields)
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail
        message = str(detail) if not isinstance(detail, dict | list) else _("Request refused.")
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else "error"
        response.data = error_body(str(code), message)
    if response.status_code == status.HTTP_429_TOO_MANY_REQUESTS and isinstance(exc, exceptions.Throttled):
        wait_seconds = getattr(exc, "wait", None) or 60
        response.data = error_body(
            "throttled", _("Too many requests; try again in %(seconds)d s.") % {"seconds": round(wait_seconds)})
    return response


def api_error_response(request: HttpRequest, status_code: int) -> JsonResponse | None:
    """The JSON error for a request under /api/ that failed outside a DRF view (no such URL, a crash); else None."""
    if not request.path.startswith("/api/"):
        return None
    code, message = {
        400: ("bad_request", _("The request could not be read.")),
        403: ("permission_denied", _("You do not have permission to do that.")),
        404: ("not_found", _("Not found.")),
    }.get(status_code, ("server_error", str(SERVER_ERROR_MESSAGE)))
    return JsonResponse(error_body(code, message), status=status_code)
