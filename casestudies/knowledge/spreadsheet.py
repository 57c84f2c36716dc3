"""CSV that a spreadsheet opens as data: every CSV the site hands out (the case-study
open data, the impact page's tables) writes its cells through ``safe_cell``.

Excel, LibreOffice and Google Sheets run a cell that starts with = + - @ (or a tab
or carriage return, which they skip) as a formula: a case study titled
``=HYPERLINK("http://…")`` would become a link, or worse, on a 財政課 desk. Such
text gets a leading apostrophe, which the spreadsheet shows as text; numbers stay
numbers (OWASP's "CSV injection")."""

import csv
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str | int | float | Decimal:
    """``value`` as a cell a spreadsheet will not run (None as an empty cell)."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return value
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class SafeWriter:
    """``csv.writer`` whose rows go through ``safe_cell``; ``writerow`` returns what
    the file's ``write`` returns (a streaming response yields it)."""

    def __init__(self, out, **options):
        self._writer = csv.writer(out, **options)

    def writerow(self, row):
        return self._writer.writerow([safe_cell(cell) for cell in row])
