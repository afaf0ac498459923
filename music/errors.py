"""The music core's one exception."""


class MusicError(ValueError):
    """A name the core cannot read: not a pitch, pitch class, interval, key, mode, range or chord.

    The message is one line that starts with what was being read (``"pitch: 'H4' is not a pitch such
    as C4, F#4 or Bb3"``), so callers can show it as is or wrap it in their own error.
    """
