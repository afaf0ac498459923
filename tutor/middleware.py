"""Refuse request bodies larger than any upload we accept, before reading them."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tutor.api_errors import error_body

# Room for the form fields and multipart framing around the largest file.
MULTIPART_OVERHEAD_BYTES = 1024 * 1024


class RequestSizeLimitMiddleware:
    """Answer a body over ``MAX_UPLOAD_BYTES`` with a 413 that says the limit, in the person's language.

    Placed after the language and user middleware (none of them reads the body) and before
    ``CsrfViewMiddleware``, whose ``process_view`` would read a form body: the body is still unread here.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raw = request.META.get("CONTENT_LENGTH") or "0"
        limit = settings.MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD_BYTES
        try:
            length = int(raw)
        except ValueError:
            return self._refuse(request, 400, "bad_request", _("The request's Content-Length is not a number."))
        if length > limit:
            megabytes = settings.MAX_UPLOAD_BYTES // (1024 * 1024)
            return self._refuse(request, 413, "too_large", _(
                "The upload is larger than %(megabytes)d MB, the most the tutor accepts. Send a shorter recording, "
                "or save it in a compressed format (MP3, M4A or Ogg) and send it again.") % {"megabytes": megabytes})
        return self.get_response(request)

    @staticmethod
    def _refuse(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse(error_body(code, message), status=status)
        page = "413.html" if status == 413 else "400.html"
        return render(request, page, {"reason": message}, status=status)


class UserLanguageMiddleware:
    """Speak the language a signed-in person saved, whatever their browser asks for.

    Runs after ``LocaleMiddleware`` (which has read the cookie and Accept-Language)
    and ``AuthenticationMiddleware``; an empty ``User.language`` leaves that choice alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        chosen = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        if chosen and translation.check_for_language(chosen):
            translation.activate(chosen)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


#: The cookie ``static/js/site.js`` writes with the browser's time zone (an IANA name, "Asia/Shanghai").
TIME_ZONE_COOKIE = "tz"


def browser_time_zone(name: str) -> ZoneInfo | None:
    """The zone a browser named, or None for a name that is not one (a cookie is anyone's to write)."""
    if not name or len(name) > 64 or name.startswith(("/", ".")) or ".." in name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


class BrowserTimeZoneMiddleware:
    """Show times, and read the times typed into forms, in the reader's own time zone.

    The server's zone (``TUTOR_TIME_ZONE``, UTC by default) put a due date set at 17:00 in Beijing at 01:00 the
    next day, and showed a student in Beijing "due 09:00" for a 17:00 deadline, while the studio's scripts wrote
    the same page's take times in the browser's zone. Without the cookie (a first page, no scripts) the server's,
    and ``request.time_zone_guessed`` names it: the page tells site.js, which reloads a signed-in reader's first
    page once in their zone (a student opening a link to the dashboard read the due times in UTC).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone = browser_time_zone(request.COOKIES.get(TIME_ZONE_COOKIE, ""))
        if zone is None:
            timezone.deactivate()
        else:
            timezone.activate(zone)
        request.time_zone_guessed = "" if zone is not None else timezone.get_current_timezone_name()  # type: ignore[attr-defined]
        return self.get_response(request)


class FormOnlyAddressMiddleware:
    """Answer a GET of a page address that only takes a form with a page in words, not a bare 405.

    Such an address is in the address bar after a form that answers with a page of its own (a drill
    preview, a quiz answer), and a reload, a bookmark or the header's language switch then opened it with
    GET: Django's empty 405 showed as the browser's own "This page isn't working". The API keeps its 405.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or request.method != "GET" or request.path.startswith("/api/") \
                or response.content:
            return response
        page = render(request, "405.html", status=405)
        page["Allow"] = response.get("Allow", "POST")
        return page
