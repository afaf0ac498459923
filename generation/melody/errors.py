"""The generator's few exceptions.

Every message is one line that starts with the name of the constraint or
parameter at fault, so the command line and the API can show it as is.
"""


class GenerationError(Exception):
    """Base class for everything the generator refuses to do."""


class InvalidParams(GenerationError, ValueError):
    """A parameter is malformed (an unknown mode, a range that is not two pitches)."""


class InfeasibleRequest(GenerationError):
    """The parameters are well formed but no drill can meet all of them."""
