"""CSV files people open in a spreadsheet: text cells that a spreadsheet would run as formulas are neutralised.

A cell starting with ``= + - @`` (or a tab or carriage return) is a formula
to Excel, LibreOffice and Google Sheets; a student named ``=HYPERLINK(...)``
must reach the teacher's gradebook as text. Such cells get a leading
apostrophe, which spreadsheets show as nothing and read as "this is text".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """``value`` as a cell: numbers unchanged, text that a spreadsheet would run as a formula prefixed with ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(rows: Iterable[Iterable[object]]) -> str:
    """Rows (header first) as CSV text with every cell passed through :func:`spreadsheet_safe`."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return out.getvalue()
