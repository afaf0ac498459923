"""One error body for the whole API.

Every error answers ``{"error": {"code": str, "message": str, "fields": {name: [str]}}}``:
``message`` is one line fit to show a person; ``fields`` names the inputs at fault.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy, pgettext, pgettext_lazy
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from tutor.errors import AnsweredInstead, TutorError

logger = logging.getLogger(__name__)

#: Lazy, so each answer says it in its request's language (LocaleMiddleware has activated it).
SERVER_ERROR_MESSAGE = gettext_lazy("Something went wrong on our side; it has been logged. Please try again later.")
# Django skips a part header it cannot decode as UTF-8 (a file name in Latin-1 from an old client), then
# says "max total header size exceeded": this says what to do instead.
UNREADABLE_UPLOAD_MESSAGE = gettext_lazy(
    "The upload could not be read. If the file name has unusual characters, rename the file with plain letters "
    "and digits and send it again.")


#: The input serializers' field labels as DRF derives them ("due_at" -> "Due at"), listed so that makemessages keeps
#: them. The context keeps them apart from the same English words elsewhere ("Score" is a file here, not points).
FIELD_LABEL_CONTEXT = "API field"
FIELD_LABELS = (
    pgettext_lazy("API field", "Adaptive"), pgettext_lazy("API field", "Answer"), pgettext_lazy("API field", "Any key"),
    pgettext_lazy("API field", "Assignment"), pgettext_lazy("API field", "Attempts allowed"),
    pgettext_lazy("API field", "Audio"), pgettext_lazy("API field", "Chords"), pgettext_lazy("API field", "Classroom"),
    pgettext_lazy("API field", "Code"), pgettext_lazy("API field", "Comment"), pgettext_lazy("API field", "Confirm"), pgettext_lazy("API field", "Count"),
    pgettext_lazy("API field", "Count in"), pgettext_lazy("API field", "Delete account"),
    pgettext_lazy("API field", "Drill"), pgettext_lazy("API field", "Due at"), pgettext_lazy("API field", "Exercise"),
    pgettext_lazy("API field", "Free tempo"), pgettext_lazy("API field", "Index"),
    pgettext_lazy("API field", "Instructions"), pgettext_lazy("API field", "Items"), pgettext_lazy("API field", "Kind"),
    pgettext_lazy("API field", "Kinds"), pgettext_lazy("API field", "Latency ms"), pgettext_lazy("API field", "Layout"),
    pgettext_lazy("API field", "Midi"), pgettext_lazy("API field", "Mode"), pgettext_lazy("API field", "Name"),
    pgettext_lazy("API field", "Notes"), pgettext_lazy("API field", "Params"),
    pgettext_lazy("API field", "Personalised"), pgettext_lazy("API field", "Pitch"),
    pgettext_lazy("API field", "Quarter length"), pgettext_lazy("API field", "Quiz"),
    pgettext_lazy("API field", "Request"), pgettext_lazy("API field", "Score"), pgettext_lazy("API field", "Student"),
    pgettext_lazy("API field", "Style"), pgettext_lazy("API field", "Target"), pgettext_lazy("API field", "Tempo"),
    pgettext_lazy("API field", "Time limit seconds"), pgettext_lazy("API field", "Timing"),
    pgettext_lazy("API field", "Title"), pgettext_lazy("API field", "Tolerance cents"),
    pgettext_lazy("API field", "Tolerance ms"), pgettext_lazy("API field", "Transpose"),
    pgettext_lazy("API field", "Wrong cents"),
)


def error_body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _leaves(value: Any) -> list[str]:
    """The messages in a nested error (a list field's items, a nested serializer's fields), in order."""
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [str(value)]


def _flatten(detail: Any) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {str(name): _leaves(value) for name, value in detail.items()}
    if isinstance(detail, list):
        return {"non_field_errors": [str(item) for item in detail]}
    return {}


def _input_serializers(view: Any) -> list[type[serializers.Serializer[Any]]]:
    """The serializers a view reads its input with: its nested ``...Input`` classes, then its ``serializer_class``."""
    nested = [value for name, value in vars(type(view)).items()
              if isinstance(value, type) and issubclass(value, serializers.Serializer) and not name.endswith("Output")]
    declared = getattr(view, "serializer_class", None)
    return nested + ([declared] if isinstance(declared, type) and issubclass(declared, serializers.Serializer) else [])


def translated_label(field: serializers.Field[Any, Any, Any, Any]) -> str | None:
    """The field's label in the active language, or None where no catalogue has it."""
    if not field.label:
        return None
    if isinstance(field.label, Promise):  # its author wrote label=_("..."): already in the active language
        return str(field.label)
    translated = pgettext(FIELD_LABEL_CONTEXT, field.label)
    return translated if translated != field.label else None


def _field_label(name: str, view: Any) -> str | None:
    """The label of the view's input field ``name`` in the request's language; None where it has none."""
    for serializer_class in _input_serializers(view):
        try:
            field = serializer_class().fields.get(name)
        except Exception:  # noqa: BLE001 - a label is a courtesy; it must never turn a 400 into a 500
            continue
        if field is not None:
            return translated_label(field)
    return None


def _field_message(name: str, message: str, view: Any) -> str:
    """One field's first error as a line: the raw name in English, the translated label (or nothing) otherwise."""
    if name == "non_field_errors":
        return message
    if (get_language() or "en").startswith("en"):
        return f"{name}: {message}"
    label = _field_label(name, view)
    return _("%(field)s: %(message)s") % {"field": label, "message": message} if label else message


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, TutorError):
        fields = {exc.field: [exc.message]} if exc.field else {}
        body = error_body(exc.code, exc.message, fields)
        if isinstance(exc, AnsweredInstead):  # the answers one by one, and where the product does what was asked
            body["error"].update(answers=exc.answers, links=exc.links, ignored=exc.ignored)
        return Response(body, status=exc.http_status)
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
        view = context.get("view")
        first = next((_field_message(name, msgs[0], view) for name, msgs in fields.items() if msgs), _("Invalid input."))
        response.data = error_body("invalid", first, fields)
    elif isinstance(exc, exceptions.ParseError) and str(exc.detail).startswith("Multipart form parse error"):
        response.data = error_body("parse_error", str(UNREADABLE_UPLOAD_MESSAGE))
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
