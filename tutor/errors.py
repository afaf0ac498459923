"""The tutor's own exceptions: raised by services, turned into HTTP errors in one place."""


class TutorError(Exception):
    """A request the tutor refuses, with a message fit to show the person."""

    code = "invalid"
    http_status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        # str() renders a lazy translation in the language of the request that raised it.
        message = str(message)
        super().__init__(message)
        self.message = message
        self.field = field


class AnsweredInstead(TutorError):
    """Words that ask only for what this part of the product does not do ("quiz me on key signatures"): nothing is
    made, the message answers them, and ``links`` (``{"page", "title", "url"}`` each) name the pages that do it."""

    code = "answered"

    def __init__(self, message: str, *, field: str | None = None, answers: list[str] | None = None,
                 links: list[dict[str, str]] | None = None, ignored: list[str] | None = None) -> None:
        super().__init__(message, field=field)
        self.answers, self.links, self.ignored = answers or [], links or [], ignored or []


class NotAllowed(TutorError):
    code = "not_allowed"
    http_status = 403


class NotFound(TutorError):
    code = "not_found"
    http_status = 404


class Conflict(TutorError):
    code = "conflict"
    http_status = 409


class TooManyTries(TutorError):
    """Too many wrong guesses (join codes) in a while; the message says how long to wait."""

    code = "throttled"
    http_status = 429


class TooBusy(TutorError):
    """The person already has as much work in flight as one person may (renders, say); try again soon."""

    code = "busy"
    http_status = 429
