"""Where an exercise's studio media live in storage, and the small JSON files that describe them."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from grading.models import Exercise


def studio_folder(exercise: Exercise) -> str:
    """Storage folder for an exercise's studio media; a new score or tempo gets a new folder."""
    key = hashlib.sha256(f"{exercise.score.name}|{exercise.tempo}".encode()).hexdigest()[:12]
    return f"{exercise.media_folder}/{key}"


def read_json(name: str) -> Any:
    with default_storage.open(name, "rb") as handle:
        return json.loads(handle.read().decode("utf-8"))


def write_json(name: str, data: Any) -> None:
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(json.dumps(data).encode("utf-8")))
