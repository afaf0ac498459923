"""The generator's few exceptions.

Every message is one line that starts with the name of the constraint or
parameter at fault, so the command line and the API can show it as is.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from music.errors import MusicError


class GenerationError(Exception):
    """Base class for everything the generator refuses to do."""


class InvalidParams(GenerationError, ValueError):
    """A parameter is malformed (an unknown mode, a range that is not two pitches)."""


class InfeasibleRequest(GenerationError):
    """The parameters are well formed but no drill can meet all of them."""


@contextmanager
def reading_params() -> Iterator[None]:
    """Inside the block, a name the music core cannot read (``pitch: 'H4' is not ...``) is an :class:`InvalidParams`."""
    try:
        yield
    except MusicError as exc:
        raise InvalidParams(str(exc)) from None
