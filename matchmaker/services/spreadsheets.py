"""CSV and XLSX files for people who open them in Excel: one writer for every export."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard(value):
    """Neutralise text that a spreadsheet would run as a formula (CSV injection, OWASP rule).

    Every string that starts with = + - @ tab or carriage return gets a leading apostrophe,
    even "+1..." or "-2...": those are how formula payloads slip past a digit check. Numbers
    are not text: int, float and Decimal values are written as numbers, unprefixed.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(rows: list[list]) -> bytes:
    """UTF-8 with a BOM and semicolons: what Excel in Finland opens without asking."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([guard(v) for v in row])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def to_xlsx(rows: list[list], title: str = "Sheet", widths: list[int] | None = None) -> bytes:
    """One sheet; the first row is a bold, frozen header; columns sized to their content."""
    book = Workbook()
    sheet = book.active
    sheet.title = str(title)[:31] or "Sheet"
    for row in rows:
        sheet.append([guard(v) for v in row])
    if rows:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for i in range(1, len(rows[0]) + 1):
            width = widths[i - 1] if widths and i <= len(widths) else None
            if width is None:
                longest = max((len(str(r[i - 1] or "")) for r in rows if len(r) >= i), default=8)
                width = min(60, max(10, longest + 2))
            sheet.column_dimensions[get_column_letter(i)].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render(rows: list[list], fmt: str, title: str = "Sheet") -> bytes:
    return to_xlsx(rows, title) if fmt == "xlsx" else to_csv(rows)
