"""Compile gettext catalogues (.po to .mo) in pure Python, with Babel.

Django's ``compilemessages`` shells out to GNU ``msgfmt``, which a fresh machine
or a CI image often lacks and cannot install without root. Babel reads and
writes the same formats, so ``make run``, ``make test`` and a bare ``pytest``
compile the catalogues themselves and no binary .mo file lives in git (where
parallel edits to one .po would conflict in a file nobody can merge).
"""

from __future__ import annotations

from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from music import hanzi

#: Catalogues compiled from another's .po through a conversion: zh_Hant from zh_Hans (see ``tutor.hant`` and ``music.hanzi``).
DERIVED = {"zh_Hant": "zh_Hans"}


def compile_catalogues(locale_dir: Path, *, force: bool = False) -> list[Path]:
    """Write ``X.mo`` beside every ``X.po`` under ``locale_dir`` that is newer than its .mo.

    Fuzzy entries are left out, as msgfmt does. Returns the .mo files written.
    Each catalogue of a locale in ``DERIVED`` is written too, from its source locale's .po converted
    (``locale/zh_Hant/LC_MESSAGES/django.mo`` from ``locale/zh_Hans/LC_MESSAGES/django.po``): there is no
    Traditional .po to keep in step. It is rewritten when the source .po or the conversion is newer.
    """
    written: list[Path] = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if _current(mo_path, po_path, force=force):
            continue
        with po_path.open("rb") as po_file:
            catalogue = read_po(po_file, abort_invalid=True)
        _write(catalogue, mo_path)
        written.append(mo_path)
    for derived, source in DERIVED.items():
        for po_path in sorted((locale_dir / source / "LC_MESSAGES").glob("*.po")):
            mo_path = locale_dir / derived / "LC_MESSAGES" / po_path.with_suffix(".mo").name
            if _current(mo_path, po_path, Path(hanzi.__file__), force=force):
                continue
            with po_path.open("rb") as po_file:
                catalogue = read_po(po_file, abort_invalid=True)
            mo_path.parent.mkdir(parents=True, exist_ok=True)
            _write(traditional_catalogue(catalogue, derived), mo_path)
            written.append(mo_path)
    return written


def traditional_catalogue(catalogue: Catalog, locale: str) -> Catalog:
    """``catalogue`` (Simplified Chinese) with every translation in Traditional forms (``hanzi.to_traditional``);
    the msgids, contexts, flags and plural forms as they were."""
    catalogue.locale = Locale.parse(locale)
    for message in catalogue:
        if not message.id:
            continue
        if isinstance(message.string, (list, tuple)):
            message.string = tuple(hanzi.to_traditional(s) for s in message.string)
        else:
            message.string = hanzi.to_traditional(message.string)
    return catalogue


def _current(mo_path: Path, *sources: Path, force: bool) -> bool:
    """Whether ``mo_path`` exists and is newer than every one of ``sources`` (never with ``force``)."""
    if force or not mo_path.exists():
        return False
    return all(mo_path.stat().st_mtime >= source.stat().st_mtime for source in sources)


def _write(catalogue: Catalog, mo_path: Path) -> None:
    tmp_path = mo_path.with_suffix(".mo.tmp")
    with tmp_path.open("wb") as mo_file:
        write_mo(mo_file, catalogue, use_fuzzy=False)
    tmp_path.replace(mo_path)
