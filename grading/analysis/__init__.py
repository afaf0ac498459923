"""The recording-analysis core, free of Django: decode, track pitch, align, grade.

``assess`` is the entry point; ``probe_audio`` is the cheap upload check. Heavy
libraries (torch, librosa, music21, PyAV) are imported where they are used.
"""

from .assess import AssessOptions, AssessResult, assess
from .audio import AudioInfo, DecodedAudio, decode_audio, probe_audio
from .errors import (
    AnalysisError,
    AudioTooLong,
    AudioTooShort,
    ClippedAudio,
    SilentAudio,
    UnreadableAudio,
    UnsafeScore,
    UnusableScore,
)
from .target import Target, TargetNote, load_target

__all__ = [
    "AnalysisError",
    "AssessOptions",
    "AssessResult",
    "AudioInfo",
    "AudioTooLong",
    "AudioTooShort",
    "ClippedAudio",
    "DecodedAudio",
    "SilentAudio",
    "Target",
    "TargetNote",
    "UnreadableAudio",
    "UnsafeScore",
    "UnusableScore",
    "assess",
    "decode_audio",
    "load_target",
    "probe_audio",
]
