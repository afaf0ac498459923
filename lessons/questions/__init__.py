"""Theory questions, free of Django: generators, answer checking, notation and audio.

    >>> from lessons.questions import generate, check_answer
    >>> q = generate("interval_construct", seed=7, answer_mode="note_name")
    >>> check_answer(q, q.answer)[0]
    True
"""

from .check import MalformedAnswer, check_answer, parse_interval, parse_note
from .generators.common import GENERATOR_VERSION, Generator, InvalidParams, Param
from .model import AudioSpec, Keyboard, Notation, NoteEvent, Question
from .registry import GENERATORS, catalogue, generate
from .render import AudioUnavailable, cached_audio, midi_bytes, musicxml, render_audio, render_svg

__all__ = [
    "GENERATORS", "GENERATOR_VERSION", "AudioSpec", "AudioUnavailable", "Generator", "InvalidParams", "Keyboard", "MalformedAnswer",
    "Notation", "NoteEvent", "Param", "Question", "cached_audio", "catalogue", "check_answer", "generate", "midi_bytes", "musicxml",
    "parse_interval", "parse_note", "render_audio", "render_svg",
]
