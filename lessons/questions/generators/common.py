"""What every generator shares: parameter schemas, seeded randomness, choices."""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from music.key import Key, key_from_name
from music.pitch import STEPS, Pitch

from ..model import Question, question_id

T = TypeVar("T")
#: Choices offered in a multiple-choice question (fewer when the pool is small).
CHOICES_PER_QUESTION = 4
CLEF_NAMES = ("treble", "bass", "alto", "tenor")
#: Diatonic index (``Pitch.diatonic``) of each clef's bottom line: E4, G2, F3, D3.
CLEF_BOTTOM_LINE = {"treble": 4 * 7 + 2, "bass": 2 * 7 + 4, "alto": 3 * 7 + 3, "tenor": 3 * 7 + 1}
#: Lines and spaces on a five-line staff, bottom line to top line.
STAFF_POSITIONS = 9


class InvalidParams(ValueError):
    """A generator parameter is unknown or out of range; the message names it."""


@dataclass(frozen=True, slots=True)
class Param:
    """One generator parameter, described for a teacher's quiz builder.

    ``type``: ``choice`` (one of ``options``), ``multi`` (a non-empty subset of ``options``),
    ``int`` (``minimum``..``maximum``) or ``bool``.
    """

    name: str
    type: str
    default: Any
    help: str
    options: tuple[Any, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    #: Defaults for difficulty 1, 2 and 3 (``default`` is the level-2 value when this is empty).
    levels: tuple[Any, ...] = ()
    #: Values that leave the question as it was before this parameter existed: at these it stays out of the
    #: random seed, so a stored question (kind, seed, params without it) regenerates unchanged.
    unseeded: tuple[Any, ...] = ()

    def default_for(self, difficulty: int) -> Any:
        return self.levels[difficulty - 1] if self.levels else self.default

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type, "default": self.default, "help": self.help}
        if self.options:
            out["options"] = list(self.options)
        if self.minimum is not None:
            out["minimum"], out["maximum"] = self.minimum, self.maximum
        if self.levels:
            out["by_difficulty"] = list(self.levels)
        return out

    def validate(self, value: Any) -> Any:
        if self.type == "choice":
            if value not in self.options:
                raise InvalidParams(f"{self.name}: {value!r} is not one of {', '.join(map(str, self.options))}")
            return value
        if self.type == "multi":
            if isinstance(value, str):
                value = [v.strip() for v in value.split(",") if v.strip()]
            values = list(value) if isinstance(value, list | tuple) else None
            if not values:
                raise InvalidParams(f"{self.name}: give a non-empty list of {', '.join(map(str, self.options))}")
            bad = [v for v in values if v not in self.options]
            if bad:
                raise InvalidParams(f"{self.name}: {bad[0]!r} is not one of {', '.join(map(str, self.options))}")
            return tuple(dict.fromkeys(values))
        if self.type == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                raise InvalidParams(f"{self.name}: {value!r} is not a whole number")
            assert self.minimum is not None and self.maximum is not None
            if not self.minimum <= value <= self.maximum:
                raise InvalidParams(f"{self.name}: {value} is outside {self.minimum}..{self.maximum}")
            return value
        if self.type == "bool":
            if not isinstance(value, bool):
                raise InvalidParams(f"{self.name}: {value!r} is not true or false")
            return value
        raise AssertionError(self.type)


def answer_mode_param(modes: Sequence[str], default: str | None = None) -> Param:
    return Param("answer_mode", "choice", default or modes[0], "How the student answers.", tuple(modes))


DIFFICULTY = Param("difficulty", "int", 2, "1 (first steps) to 3 (advanced): widens the defaults.", minimum=1, maximum=3)
ALL_KEYS = tuple(k.name for k in (Key.from_fifths(f) for f in range(-7, 8)))
ALL_MINOR_KEYS = tuple(k.name for k in (Key.from_fifths(f, minor=True) for f in range(-7, 8)))


#: Which drawing rules the generators follow. A served question is stored as (kind, params, seed) and drawn again to
#: be answered and reviewed, so a change that makes a seed draw another question bumps this, keeps the old rule
#: for the old version, and the question is drawn again under the version it was served with (``ServedQuestion``).
#: 1: until 2026-11-25 (quiz17): a rhythmic dictation or a time-signature bar could be rests only.
#: 2: such a bar is drawn again, and silence is never a rhythmic dictation's choice.
GENERATOR_VERSION = 2
#: The key under which ``build`` finds the version in its parameters (no parameter is called this).
VERSION_KEY = "generator_version"


@dataclass(frozen=True)
class Generator:
    """A question type: ``generator(seed=..., **params)`` returns a ``Question``.

    ``build(rng, params)`` returns the question's fields; ``params`` arrive validated and
    completed with defaults, with ``params[VERSION_KEY]`` the drawing rules' version. Equal seeds,
    parameters and versions give equal questions.
    """

    kind: str
    title: str
    description: str
    build: Callable[[random.Random, dict[str, Any]], dict[str, Any]]
    params: tuple[Param, ...] = field(default=())

    def __call__(self, *, seed: int, version: int = GENERATOR_VERSION, **params: Any) -> Question:
        if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= GENERATOR_VERSION:
            raise InvalidParams(f"{self.kind}: generator version {version!r} is not 1 to {GENERATOR_VERSION}")
        full = self.complete(params)
        seeded = {p.name: full[p.name] for p in self.params if full[p.name] not in p.unseeded}
        rng = random.Random(f"{self.kind}|{seed}|{json.dumps(seeded, sort_keys=True, default=list)}")
        fields = self.build(rng, {**full, VERSION_KEY: version})
        public_params = {**full, "seed": seed}
        return Question(id=question_id(self.kind, seed, seeded), seed=seed, kind=self.kind,
                        params=public_params, **fields)

    def complete(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """``params`` validated, with defaults filled in. Raises ``InvalidParams``."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(params) - set(known))
        if unknown:
            raise InvalidParams(f"{self.kind}: unknown parameter {unknown[0]!r} (known: {', '.join(known)})")
        difficulty = DIFFICULTY.validate(params.get("difficulty", DIFFICULTY.default))
        out: dict[str, Any] = {}
        for p in self.params:
            out[p.name] = p.validate(params[p.name]) if p.name in params else p.validate(p.default_for(difficulty))
        return out

    def schema(self) -> dict[str, Any]:
        return {"kind": self.kind, "title": self.title, "description": self.description,
                "params": [p.to_dict() for p in self.params]}


def pick_choices(rng: random.Random, correct: str, pool: Iterable[str], *,
                 n: int = CHOICES_PER_QUESTION, ordered: Sequence[str] | None = None,
                 prefer: Sequence[str] = ()) -> tuple[str, ...]:
    """``correct`` plus up to ``n - 1`` distinct distractors: ``prefer`` first (typical slips),
    then drawn from ``pool``; shuffled, or in the order of ``ordered`` when given."""
    distractors = [c for c in dict.fromkeys(pool) if c != correct]
    rng.shuffle(distractors)
    distractors = [c for c in dict.fromkeys([*prefer, *distractors]) if c != correct]
    chosen = [correct, *distractors[: n - 1]]
    if ordered is not None:
        rank = {c: i for i, c in enumerate(ordered)}
        chosen.sort(key=lambda c: rank.get(c, len(rank)))
    else:
        rng.shuffle(chosen)
    return tuple(chosen)


def choose(rng: random.Random, items: Sequence[T]) -> T:
    return items[rng.randrange(len(items))]


def keys_of(names: Iterable[str]) -> tuple[Key, ...]:
    out = []
    for n in names:
        try:
            out.append(key_from_name(n))
        except ValueError as exc:
            raise InvalidParams(f"keys: {exc}") from None
    return tuple(out)


def staff_range(clef: str, ledger_lines: int) -> tuple[int, int]:
    """Lowest and highest diatonic index on ``clef`` with up to ``ledger_lines`` ledger lines each side."""
    bottom = CLEF_BOTTOM_LINE[clef]
    return bottom - 2 * ledger_lines, bottom + STAFF_POSITIONS - 1 + 2 * ledger_lines


def clef_middle(clef: str) -> int:
    """Diatonic index of the middle line."""
    return CLEF_BOTTOM_LINE[clef] + 4


def pc_tag(p: Pitch, key: Key | None = None) -> str:
    """``pc:F#@G``: the pitch class in a major key (a minor key's relative major; C without a key)."""
    major = Key.from_fifths(key.fifths) if key is not None else Key.from_fifths(0)
    return f"pc:{p.pc_name}@{major.tonic}"


def letter(step: int) -> str:
    return STEPS[step]


def ordinal(n: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(n, f"{n}th")


def an(phrase: str) -> str:
    """``phrase`` with its indefinite article: ``an augmented 4th``, ``a major 3rd``, ``an 8th``."""
    spelled_letter = len(phrase) == 1 or not phrase[1:2].isalpha() or phrase[1:2] in "♯♭𝄪𝄫"
    if phrase[:1].isupper() and spelled_letter:
        vowel_sound = phrase[0] in "AEFHILMNORSX"  # letter names said aloud: "an F", "an M3"
    else:
        # "unison", "unit", "use" begin with a "you" sound: "a unison"
        vowel_sound = (phrase[:1].lower() in "aeiou" and not phrase.lower().startswith("uni")) \
            or phrase.startswith(("8", "11", "18"))
    return f"{'an' if vowel_sound else 'a'} {phrase}"


def counted(n: int, noun: str) -> str:
    """``n`` and ``noun``, plural unless one: ``1 semitone``, ``10 semitones``, ``0 semitones``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"
