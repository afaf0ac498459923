"""Key signatures: name the key of a signature, and give the signature of a key."""

from __future__ import annotations

import random
from typing import Any

from music.key import Key
from music.pitch import pretty_name

from ..model import Notation
from .common import (
    ALL_KEYS,
    ALL_MINOR_KEYS,
    CLEF_NAMES,
    DIFFICULTY,
    Param,
    answer_mode_param,
    choose,
    keys_of,
    pick_choices,
)

#: Signatures up to this many sharps or flats by difficulty.
MAX_ACCIDENTALS_BY_LEVEL = (3, 5, 7)


def _keys(p: dict[str, Any]) -> tuple[Key, ...]:
    limit = MAX_ACCIDENTALS_BY_LEVEL[p["difficulty"] - 1]
    names = [n for n in (*p["major_keys"], *p["minor_keys"])] if p["mode"] == "both" else (
        p["major_keys"] if p["mode"] == "major" else p["minor_keys"])
    keys = tuple(k for k in keys_of(names) if abs(k.fifths) <= limit)
    return keys or keys_of(names)


def _explain(key: Key) -> str:
    sig = key.signature_words
    if key.fifths:
        sig += f" ({', '.join(pretty_name(n) for n in key.signature_pitches)})"
    rel = Key.from_fifths(key.fifths, minor=not key.minor_family)
    how = ""
    if key.fifths > 0:
        how = " The last sharp is the leading note: the major tonic is a half step above it."
    elif key.fifths < -1:
        how = " The second-to-last flat names the major tonic."
    if key.minor_family:
        how = _minor_steps(key)
    return f"{key.title} has {sig}; its relative {'major' if key.minor_family else 'minor'} is {rel.title}.{how}"


def _minor_steps(key: Key) -> str:
    """How a minor key is read from its signature: find the relative major, then go down a minor third.

    The major-key rule alone ("the major tonic is a half step above the last sharp") stopped one step short
    of the answer a minor-key question asks for.
    """
    major = Key.from_fifths(key.fifths)
    tonic, minor_tonic = pretty_name(major.tonic), pretty_name(key.tonic)
    if key.fifths > 0:
        last = pretty_name(key.signature_pitches[-1])
        find = f" The last sharp, {last}, is the leading note of the relative major: its tonic, {tonic}, is a half step above it."
    elif key.fifths < -1:
        flat = pretty_name(key.signature_pitches[-2])
        find = f" The second-to-last flat, {flat}, names the relative major's tonic."
    elif key.fifths == -1:
        find = " One flat is the signature of F major."
    else:
        find = " No sharps or flats is the signature of C major."
    return f"{find} The minor tonic is a minor third (three half steps) below {tonic}: {minor_tonic}."


def build_key_identify(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    key = choose(rng, _keys(p))
    clef = choose(rng, p["clefs"])
    notation = Notation(clef=clef, key_fifths=key.fifths, measures=((),), id_prefix="q")
    mode = "minor" if key.minor_family else "major"
    tags = (f"key:{key.name}", f"clef:{clef}", "read:key-signature")
    if p["answer_mode"] == "choice":
        pool = [Key.from_fifths(f, minor=key.minor_family).title for f in range(key.fifths - 3, key.fifths + 4) if -7 <= f <= 7]
        pool.append(Key.from_fifths(-key.fifths, minor=key.minor_family).title)
        choices = pick_choices(rng, key.title, pool)
        return dict(prompt=f"Which {mode} key has this key signature?", answer_mode="choice", answer=key.title,
                    choices=choices, explanation=_explain(key), tags=tags, notation=notation)
    return dict(prompt=f"Type the tonic of the {mode} key with this key signature (e.g. Eb or F#).",
                answer_mode="note_name", answer=key.tonic, match="spelling", octave="none",
                explanation=_explain(key), tags=tags, notation=notation)


def build_key_construct(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    key = choose(rng, _keys(p))
    words = _signature_choice(key.fifths)
    pool = [_signature_choice(f) for f in range(key.fifths - 2, key.fifths + 3) if -7 <= f <= 7]
    pool.append(_signature_choice(-key.fifths))
    if key.minor_family:
        # The usual slip: the signature of the major key on the same tonic.
        for f in range(-7, 8):
            same = Key.from_fifths(f)
            if same.tonic == key.tonic:
                pool.insert(0, _signature_choice(f))
    choices = pick_choices(rng, words, pool)
    return dict(prompt=f"Which key signature belongs to {key.title}?", answer_mode="choice", answer=words,
                choices=choices, explanation=_explain(key), tags=(f"key:{key.name}", "read:key-signature"))


def _signature_choice(fifths: int) -> str:
    k = Key.from_fifths(fifths)
    if not fifths:
        return k.signature_words
    return f"{k.signature_words}: {' '.join(pretty_name(n) for n in k.signature_pitches)}"


KEY_PARAMS_COMMON = (
    Param("mode", "choice", "major", "Major keys, minor keys, or both.", ("major", "minor", "both"),
          levels=("major", "both", "both")),
    Param("major_keys", "multi", list(ALL_KEYS), "Major keys to draw from.", ALL_KEYS),
    Param("minor_keys", "multi", list(ALL_MINOR_KEYS), "Minor keys to draw from.", ALL_MINOR_KEYS),
    DIFFICULTY,
)
KEY_IDENTIFY_PARAMS = (
    Param("clefs", "multi", ["treble", "bass"], "Clefs to show the signature in.", CLEF_NAMES),
    answer_mode_param(("choice", "note_name")), *KEY_PARAMS_COMMON,
)
KEY_CONSTRUCT_PARAMS = KEY_PARAMS_COMMON
