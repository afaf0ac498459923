"""The analysis core's exceptions.

Every exception's ``str`` is one plain line a student or teacher can read; the
web side turns ``AnalysisError`` into a 400 (upload) or a failed recording
(task), the command line into one line on stderr.
"""


class AnalysisError(Exception):
    """Base class: a take or a target that cannot be graded, with a one-line reason."""

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(" ".join(message.split()))
        #: What a library said (a parser's English), for the log only: never shown to the reader.
        self.detail = detail


class UnreadableAudio(AnalysisError):
    """The file is not audio we can decode (empty, not audio, truncated, broken header)."""


class AudioTooLong(AnalysisError):
    """The take is longer than the duration cap or the file larger than the size cap."""


class AudioTooShort(AnalysisError):
    """The take holds too little audio to grade."""


class SilentAudio(AnalysisError):
    """The take is silent (or nothing but room tone)."""


class ClippedAudio(AnalysisError):
    """The take is clipped so badly that pitch cannot be trusted."""


class UnusableScore(AnalysisError):
    """The target cannot be graded against (no notes, too many notes, broken file)."""


class UnsafeScore(UnusableScore):
    """The target file tries something dangerous (XML entities, DTD fetches, zip tricks)."""


class ScoreTookTooLong(UnusableScore):
    """Reading or drawing the score ran past its limits (wall clock, CPU) or its child died.

    Inside a request this means "not quickly": the web side hands the score to a
    worker with larger limits. From the worker it is the final answer.
    """
