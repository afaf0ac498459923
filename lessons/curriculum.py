"""The curriculum: Markdown lessons with front matter and notation examples, free of Django.

A lesson file is ``lessons/content/<unit>/<NN>-<slug>.md``::

    ---
    title: The bass clef
    unit: reading
    order: 3
    tags: [clef:bass]
    exercises: [note_identify]
    ---
    Body in Markdown, with examples as fenced blocks:

    ```notation
    clef: bass
    key: Eb
    tinyNotation: 4/4 c4 d e f chord{c e g}1
    ```

A notation block holds one music21 tinyNotation line (``chord{...}`` groups a chord;
``c4_V7`` prints "V7" under the note) and optionally ``clef:`` (treble, bass, alto, tenor),
``key:`` (a key name: ``Eb`` major, ``c#`` minor), ``bass:`` (a second tinyNotation line on
a bass-clef staff below: a grand staff for four-part harmony) and ``pickup:`` (the quarter
notes before the first full bar; the last bar is then short by as much). Every bar of an
example is complete: a short last bar is allowed only to balance a pickup. ``load_lessons`` validates every file
(with ``check_notation``, every example's music too: music21 reads them all, seconds, so the pages leave it to
``sync_lessons`` and the tests and read the index alone); ``render_body`` swaps each block for its SVG (Verovio)
so a page can show it, and ``block_audio`` gives what to play.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .questions.model import AudioSpec
from .questions.registry import GENERATORS
from .questions.render import svg_from_musicxml
from .questions.tags import is_valid_tag

CONTENT_DIR = Path(__file__).resolve().parent / "content"
#: Units in teaching order: slug -> title.
UNITS: dict[str, str] = {
    "reading": "Reading music",
    "rhythm": "Rhythm and meter",
    "scales": "Scales",
    "keys": "Key signatures",
    "intervals": "Intervals",
    "triads": "Triads",
    "sevenths": "Seventh chords",
    "harmony": "Harmony",
    "ear": "Ear training",
}
REQUIRED_FIELDS = ("title", "unit", "order", "tags", "exercises")
CLEF_CLASSES = {"treble": "TrebleClef", "bass": "BassClef", "alto": "AltoClef", "tenor": "TenorClef"}
#: Tempo examples are played at, in quarter notes per minute.
EXAMPLE_TEMPO_QPM = 84.0
_FENCE_RE = re.compile(r"```notation\n(.*?)```", re.S)


class CurriculumError(ValueError):
    """A lesson file is malformed; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class NotationBlock:
    """One example: tinyNotation text, a clef and an optional key name."""

    tiny: str
    clef: str = "treble"
    key: str = ""
    lower: str = ""
    pickup: float = 0.0


@dataclass(frozen=True, slots=True)
class Lesson:
    """One lesson: front matter fields, the Markdown body and its notation blocks in order."""

    slug: str
    title: str
    unit: str
    order: int
    tags: tuple[str, ...]
    exercises: tuple[str, ...]
    body: str
    blocks: tuple[NotationBlock, ...]
    path: Path

    @property
    def unit_title(self) -> str:
        return UNITS[self.unit]


def _front_matter(text: str, path: Path) -> tuple[dict[str, Any], str]:
    if not text.startswith("---\n"):
        raise CurriculumError(f"{path.name}: no front matter (a '---' block at the top)")
    end = text.find("\n---\n", 4)
    if end < 0:
        raise CurriculumError(f"{path.name}: front matter is not closed with '---'")
    fields: dict[str, Any] = {}
    for line in text[4:end].splitlines():
        if not line.strip():
            continue
        name, sep, value = line.partition(":")
        if not sep:
            raise CurriculumError(f"{path.name}: front matter line {line!r} is not 'name: value'")
        value = value.strip()
        if value.startswith("[") and value.endswith("]"):
            fields[name.strip()] = tuple(v.strip() for v in value[1:-1].split(",") if v.strip())
        else:
            fields[name.strip()] = value
    return fields, text[end + 5:]


def parse_block(text: str) -> NotationBlock:
    """A ``notation`` fence's content. Raises ``CurriculumError``."""
    fields: dict[str, str] = {}
    for line in text.strip().splitlines():
        name, sep, value = line.partition(":")
        if not sep:
            raise CurriculumError(f"notation line {line!r} is not 'clef: ...', 'key: ...' or 'tinyNotation: ...'")
        fields[name.strip()] = value.strip()
    unknown = set(fields) - {"clef", "key", "tinyNotation", "bass", "pickup"}
    if unknown or "tinyNotation" not in fields:
        raise CurriculumError("notation block needs a tinyNotation line (and may have clef, key, bass, pickup); "
                              f"got {sorted(fields)}")
    # tinyNotation reads "f#'" as F#4 without complaint: the octave marks must come first ("f'#").
    for line in (fields["tinyNotation"], fields.get("bass", "")):
        misplaced = re.search(r"(?<![A-Za-z])[a-g](?:#+|-+|n)'+", line)
        if misplaced:
            raise CurriculumError(f"notation {misplaced.group(0)!r}: write the octave marks before the accidental")
    clef = fields.get("clef", "treble")
    if clef not in CLEF_CLASSES:
        raise CurriculumError(f"notation clef {clef!r} is not one of {', '.join(CLEF_CLASSES)}")
    try:
        pickup = float(fields.get("pickup", "0"))
    except ValueError:
        raise CurriculumError(f"notation pickup {fields['pickup']!r} is not a number of quarter notes") from None
    return NotationBlock(tiny=fields["tinyNotation"], clef=clef, key=fields.get("key", ""),
                         lower=fields.get("bass", ""), pickup=pickup)


def load_lesson(path: Path, *, check_notation: bool = False) -> Lesson:
    """Read and validate one lesson file (front matter, tags, exercise types, notation blocks). Raises
    ``CurriculumError``.

    Each block's fields are always checked; with ``check_notation`` its music is read by music21 as well
    (complete bars, parseable tinyNotation): about 50 ms a block, so the pages, which need only the
    index, leave it to ``sync_lessons``, the tests, and the drawing of the example itself.
    """
    fields, body = _front_matter(path.read_text(encoding="utf-8"), path)
    missing = [f for f in REQUIRED_FIELDS if f not in fields]
    if missing:
        raise CurriculumError(f"{path.name}: front matter lacks {', '.join(missing)}")
    if fields["unit"] not in UNITS:
        raise CurriculumError(f"{path.name}: unit {fields['unit']!r} is not one of {', '.join(UNITS)}")
    if not str(fields["order"]).isdigit():
        raise CurriculumError(f"{path.name}: order {fields['order']!r} is not a number")
    bad_tags = [t for t in fields["tags"] if not is_valid_tag(t)]
    if bad_tags or not fields["tags"]:
        raise CurriculumError(f"{path.name}: tags {bad_tags or '[]'} are not in the skill-tag vocabulary")
    bad_types = [e for e in fields["exercises"] if e not in GENERATORS]
    if bad_types:
        raise CurriculumError(f"{path.name}: exercise types {bad_types} are not generators")
    blocks = []
    for i, m in enumerate(_FENCE_RE.finditer(body)):
        try:
            block = parse_block(m.group(1))
            if check_notation:
                block_score(block)
        except Exception as exc:
            raise CurriculumError(f"{path.name}: notation block {i + 1}: {exc}") from None
        blocks.append(block)
    return Lesson(slug=path.stem.split("-", 1)[-1], title=str(fields["title"]), unit=str(fields["unit"]),
                  order=int(fields["order"]), tags=tuple(fields["tags"]), exercises=tuple(fields["exercises"]),
                  body=body.strip(), blocks=tuple(blocks), path=path)


@lru_cache(maxsize=2)
def load_lessons(content_dir: Path = CONTENT_DIR, *, check_notation: bool = False) -> tuple[Lesson, ...]:
    """Every lesson, in teaching order (unit, then order). Raises ``CurriculumError`` on the first bad file
    (``check_notation``: as ``load_lesson``)."""
    # "01-the-staff.zh-hans.md" is a translation of "01-the-staff.md", not a lesson of its own.
    lessons = [load_lesson(p, check_notation=check_notation) for p in sorted(content_dir.glob("*/*.md")) if "." not in p.stem]
    slugs = [lesson.slug for lesson in lessons]
    dupes = {s for s in slugs if slugs.count(s) > 1}
    if dupes:
        raise CurriculumError(f"lesson slugs are not unique: {sorted(dupes)}")
    units = list(UNITS)
    return tuple(sorted(lessons, key=lambda lesson: (units.index(lesson.unit), lesson.order)))


@dataclass(frozen=True, slots=True)
class LessonTranslation:
    """A lesson in another language: ``<NN>-<slug>.<language>.md`` beside the English file.

    Its front matter holds ``title`` and ``source_sha256``: the first 12 hex digits of the
    English file's SHA-256 when it was translated. An edit to the English file changes the
    hash, so the translation shows as stale (``is_stale``) until a translator updates it.
    The body keeps the English file's notation blocks, in the same order.
    """

    language: str
    title: str
    body: str
    source_sha256: str
    path: Path

    def is_stale(self, lesson: Lesson) -> bool:
        return self.source_sha256 != source_hash(lesson.path)


def source_hash(path: Path) -> str:
    """The first 12 hex digits of a file's SHA-256: what a translation records of its source."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def translation_path(lesson: Lesson, language: str) -> Path:
    return lesson.path.with_name(f"{lesson.path.stem}.{language}.md")


def load_translation(lesson: Lesson, language: str) -> LessonTranslation | None:
    """The lesson in ``language`` (a Django code such as "zh-hans"), or None when nobody translated it."""
    path = translation_path(lesson, language)
    if not path.exists():
        return None
    fields, body = _front_matter(path.read_text(encoding="utf-8"), path)
    if "title" not in fields or "source_sha256" not in fields:
        raise CurriculumError(f"{path.name}: front matter needs title and source_sha256")
    return LessonTranslation(language=language, title=str(fields["title"]), body=body.strip(),
                             source_sha256=str(fields["source_sha256"]), path=path)


def _chord_state() -> Any:
    from music21 import chord, tinyNotation  # music21 is slow to import: only when an example is drawn

    class ChordState(tinyNotation.State):
        """``chord{c e g}2``: the notes inside sound together (music21's documented recipe)."""

        def affectTokenAfterParse(self, n: Any) -> Any:
            super().affectTokenAfterParse(n)
            return None  # the note goes into the chord, not the stream

        def end(self) -> Any:
            notes: list[Any] = list(self.affectedTokens)
            ch = chord.Chord(notes)
            ch.duration = self.affectedTokens[0].duration
            lyric = notes[0].lyric
            if lyric:
                ch.lyric = lyric  # a figure or numeral under the chord
            return ch

    return ChordState


def block_score(block: NotationBlock) -> Any:
    """The block as a music21 stream (a score of two staves with ``bass:``) with clefs and key signature.

    Raises on a parse error and ``CurriculumError`` when a bar is not complete.
    """
    from music21 import stream  # music21 is slow to import: only when an example is drawn

    upper = _part(block.tiny, block.clef, block)
    if not block.lower:
        return upper
    return stream.Score([upper, _part(block.lower, "bass", block)])


def _part(tiny: str, clef_name: str, block: NotationBlock) -> Any:
    from music21 import (  # music21 is slow to import: only when an example is drawn
        clef,
        key,
        note,
        tinyNotation,
    )

    text = tiny.removeprefix("tinyNotation:").strip()
    converter = tinyNotation.Converter(text)
    converter.bracketStateMapping["chord"] = _chord_state()
    part = converter.parse().stream
    measures = list(part.getElementsByClass("Measure"))
    if not measures or not list(part.recurse().notesAndRests):
        raise CurriculumError(f"tinyNotation {tiny!r} has no notes")
    signature = part.recurse().getElementsByClass("TimeSignature").first()
    if block.pickup:
        if signature is None:
            raise CurriculumError(f"tinyNotation {tiny!r}: a pickup needs a time signature")
        # The pickup is drawn as an incomplete first bar: a hidden rest fills the beats before it.
        bar = float(signature.barDuration.quarterLength)
        text_with_rest = re.sub(r"^(\d+/\d+)", lambda m: f"{m.group(1)} r{_tiny_length(bar - block.pickup)}", text)
        converter = tinyNotation.Converter(text_with_rest)
        converter.bracketStateMapping["chord"] = _chord_state()
        part = converter.parse().stream
        measures = list(part.getElementsByClass("Measure"))
        first_rest = next(iter(part.recurse().getElementsByClass(note.Rest)))
        first_rest.style.hideObjectOnPrint = True
    if signature is not None:
        bar = float(signature.barDuration.quarterLength)
        lengths = [float(m.highestTime) for m in measures]
        expected = [bar] * (len(lengths) - 1) + [bar - block.pickup if block.pickup else bar]
        if any(abs(x - want) > 1e-9 for x, want in zip(lengths, expected, strict=True)):
            raise CurriculumError(f"tinyNotation {tiny!r}: bar lengths {lengths} do not fill {signature.ratioString} "
                                  "(every bar is complete; a short last bar only balances a 'pickup:')")
    first = measures[0]
    for old in list(first.getElementsByClass("Clef")):
        first.remove(old)
    first.insert(0, getattr(clef, CLEF_CLASSES[clef_name])())
    if block.key:
        name = block.key
        mode = "minor" if name[:1].islower() else "major"
        tonic = name[:1].upper() + name[1:].replace("b", "-")
        first.insert(0, key.KeySignature(key.Key(tonic, mode).sharps))
    return part


def _tiny_length(quarters: float) -> str:
    """A tinyNotation duration for ``quarters`` (a pickup's hidden rest): 3 -> ``2.``."""
    names = {4.0: "1", 3.0: "2.", 2.0: "2", 1.5: "4.", 1.0: "4", 0.75: "8.", 0.5: "8", 0.25: "16"}
    if quarters not in names:
        raise CurriculumError(f"a pickup leaving {quarters} quarter notes of rest cannot be written as one rest")
    return names[quarters]


def block_musicxml(block: NotationBlock) -> str:
    # music21 is slow to import: only when an example is drawn.
    from music21.musicxml.m21ToXml import GeneralObjectExporter

    return str(GeneralObjectExporter(block_score(block)).parse().decode("utf-8"))


def block_svg(block: NotationBlock) -> str:
    """The example as SVG text (Verovio)."""
    return svg_from_musicxml(block_musicxml(block))


def block_audio(block: NotationBlock) -> AudioSpec:
    """What the example sounds like, for ``questions.render_audio`` (rests and ties kept)."""
    events: list[tuple[tuple[int, ...], float]] = []
    score = block_score(block)
    if block.lower:
        score = score.chordify()  # one stream of sounding chords, staff by staff merged
    for i, el in enumerate(score.flatten().notesAndRests):
        length = float(el.duration.quarterLength)
        if i == 0 and block.pickup and not getattr(el, "pitches", ()):
            continue  # the hidden rest before a pickup is not played
        if el.tie is not None and el.tie.type in ("stop", "continue") and events:
            notes, previous = events[-1]
            events[-1] = (notes, previous + length)
            continue
        events.append((tuple(int(p.midi) for p in getattr(el, "pitches", ())), length))
    return AudioSpec(events=tuple(events), tempo_qpm=EXAMPLE_TEMPO_QPM)


def render_body(lesson: Lesson) -> str:
    """The lesson's Markdown with each notation block replaced by ``<figure class="notation">SVG</figure>``."""
    blocks = iter(lesson.blocks)

    def swap(m: re.Match[str]) -> str:
        block = next(blocks)
        return f'<figure class="notation">{block_svg(block)}</figure>'

    return _FENCE_RE.sub(swap, lesson.body)
