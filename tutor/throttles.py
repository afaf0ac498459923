"""Rate limits shared by the API and the pages: one budget per person and scope, wherever the request comes from.

``upload`` covers every path that runs a sandboxed decode or score check (takes,
range tests, exercises); ``generate`` every path that generates a drill or queues
an export. Only POSTs count. Rates are ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework.throttling import SimpleRateThrottle


class PostRateThrottle(SimpleRateThrottle):
    """Counts a person's POSTs in one scope (an anonymous client by address); the page views share the key."""

    cache_format = "throttle_%(scope)s_%(ident)s"

    def allow_request(self, request: Any, view: Any) -> bool:
        return request.method != "POST" or super().allow_request(request, view)

    def get_cache_key(self, request: Any, view: Any) -> str:
        user = getattr(request, "user", None)
        ident = user.pk if user is not None and user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class UploadThrottle(PostRateThrottle):
    scope = "upload"


class GenerateThrottle(PostRateThrottle):
    scope = "generate"


def throttled(throttle_class: type[PostRateThrottle]) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Refuse a page's POST with a 429 page once the person has used the scope's rate."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            throttle = throttle_class()
            if not throttle.allow_request(request, None):
                wait = max(1, int(throttle.wait() or 60))
                # A page in the site's frame and language, with a way back: a bare English line of text
                # was a dead end on a phone.
                response = render(request, "429.html", {
                    "reason": _("Too many requests; try again in %(seconds)d s.") % {"seconds": wait},
                }, status=429)
                response["Retry-After"] = str(wait)
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
