"""Compile gettext catalogues (.po to .mo) in pure Python, with Babel.

Django's ``compilemessages`` shells out to GNU ``msgfmt``, which a fresh machine
or a CI image often lacks and cannot install without root. Babel reads and
writes the same formats, so ``make run``, ``make test`` and a bare ``pytest``
compile the catalogues themselves and no binary .mo file lives in git (where
parallel edits to one .po would conflict in a file nobody can merge).
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


def compile_catalogues(locale_dir: Path, *, force: bool = False) -> list[Path]:
    """Write ``X.mo`` beside every ``X.po`` under ``locale_dir`` that is newer than its .mo.

    Fuzzy entries are left out, as msgfmt does. Returns the .mo files written.
    """
    written: list[Path] = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalogue = read_po(po_file, abort_invalid=True)
        tmp_path = mo_path.with_suffix(".mo.tmp")
        with tmp_path.open("wb") as mo_file:
            write_mo(mo_file, catalogue, use_fuzzy=False)
        tmp_path.replace(mo_path)
        written.append(mo_path)
    return written
