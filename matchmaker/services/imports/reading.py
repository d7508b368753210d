"""Reading a member list: CSV (any separator, UTF-8 or Windows-1252) or XLSX, within limits."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from matchmaker.services.errors import DomainError

MAX_ROWS = 50_000
MAX_COLUMNS = 100  # a member list has about 25; a wider sheet is not one
MAX_XLSX_UNPACKED = 256 * 1024 * 1024
# Rows read from a sheet, blank ones included: a hostile file numbers its one row 1,048,576.
_MAX_SCAN_ROWS = 2 * MAX_ROWS + 1
_BLANK: list[str] = []


# --------------------------------------------------------------------- reading
@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (spreadsheet row number, cells); blank rows dropped


def read_table(filename: str, content: bytes) -> Table:
    """A CSV (comma, semicolon or tab; UTF-8 with or without BOM, or Windows-1252) or XLSX."""
    if content[:2] == b"PK" or filename.lower().endswith((".xlsx", ".xlsm")):
        grid = _read_xlsx(content)
    else:
        grid = _read_csv(content)
    numbered = [(n, row) for n, row in enumerate(grid, start=1)]
    numbered = [(n, row) for n, row in numbered if any(c.strip() for c in row)]
    if not numbered:
        raise DomainError(_l("The file is empty."), field="file")
    (_, headers), body = numbered[0], numbered[1:]
    if len(body) > MAX_ROWS:
        raise _too_many_rows()
    headers = [h.strip() for h in headers]
    while headers and not headers[-1]:
        headers.pop()
    if len(headers) > MAX_COLUMNS:
        raise _too_many_columns()
    width = len(headers)
    rows = [(n, (cells + [""] * width)[:width]) for n, cells in body]
    return Table(headers, rows)


def _too_many_rows() -> DomainError:
    return DomainError(_l("At most %(n)d rows at a time.", n=MAX_ROWS), field="file")


def _too_many_columns() -> DomainError:
    return DomainError(
        _l("At most %(n)d columns: remove the extra columns and upload again.", n=MAX_COLUMNS),
        field="file",
    )


def decode(content: bytes) -> str:
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        # Excel in Finland saves "CSV" as Windows-1252 unless told to use UTF-8.
        return content.decode("cp1252", errors="replace")


def _read_csv(content: bytes) -> list[list[str]]:
    """Rows of a CSV, each decoded as UTF-8 or, for the whole file, as Windows-1252.

    The bytes are split into rows first (every separator and quote is ASCII, so Latin-1 keeps
    them intact) and each row is then checked: a file with both UTF-8 and other rows (two
    lists pasted together) is refused with the row named, rather than half misread.
    """
    bom = content.startswith(b"\xef\xbb\xbf")
    raw = (content[3:] if bom else content).decode("latin-1")
    first = raw.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(raw[:8192], delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = max(";,\t", key=first.count)
    if first.count(delimiter) == 0 and max(first.count(d) for d in ";,\t") > 0:
        delimiter = max(";,\t", key=first.count)
    rows = [list(row) for row in csv.reader(io.StringIO(raw, newline=""), delimiter=delimiter)]
    encoding = _row_encoding(rows, utf8_declared=bom)
    if encoding == "latin-1":  # plain ASCII: nothing to decode again
        return rows
    return [[c.encode("latin-1").decode(encoding, errors="replace") for c in row] for row in rows]


def _row_encoding(rows: list[list[str]], utf8_declared: bool) -> str:
    """'utf-8' or 'cp1252' for the whole file ('latin-1' when it is ASCII); mixed is refused."""
    first_utf8 = 0 if not utf8_declared else 1
    for number, row in enumerate(rows, start=1):
        data = "".join(row).encode("latin-1")
        if data.isascii():
            continue
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            if first_utf8:
                raise DomainError(
                    _l(
                        "Row %(row)d is not in the same character encoding as row %(first)d "
                        "(UTF-8). Save the whole file again as CSV UTF-8 and upload it.",
                        row=number,
                        first=first_utf8,
                    ),
                    field="file",
                ) from None
            return _only_cp1252(rows, number)
        else:
            first_utf8 = first_utf8 or number
    return "utf-8" if first_utf8 else "latin-1"


def _only_cp1252(rows: list[list[str]], first_other: int) -> str:
    """The file is Windows-1252 from row `first_other` on; refuse a later UTF-8 row."""
    for number, row in enumerate(rows[first_other:], start=first_other + 1):
        data = "".join(row).encode("latin-1")
        if data.isascii():
            continue
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if _UTF8_MULTIBYTE.search(data):
            raise DomainError(
                _l(
                    "Row %(row)d is in UTF-8 but row %(first)d is not. Save the whole file "
                    "again as CSV UTF-8 and upload it.",
                    row=number,
                    first=first_other,
                ),
                field="file",
            )
    return "cp1252"


# A two-byte UTF-8 letter (Ã¤ for ä): Windows-1252 text practically never holds this pair.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")


def _read_xlsx(content: bytes) -> list[list[str]]:
    """The first sheet's rows, streamed: the declared dimension of the sheet is not trusted.

    A few kilobytes can declare (or really hold, compressed) a grid of 16,384 columns by a
    million rows; reading stops at the row and column limits instead of building that grid.
    """
    from openpyxl import load_workbook  # heavy: loaded only when an XLSX arrives

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise DomainError(_l("This file could not be read as XLSX."), field="file") from exc
    if unpacked > MAX_XLSX_UNPACKED:
        raise DomainError(
            _l("This XLSX file is too large when unpacked. Split it or save it as CSV."),
            field="file",
        )
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise DomainError(_l("This file could not be read as XLSX."), field="file") from exc
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # ignore the <dimension> the file declares
        grid: list[list[str]] = []
        filled = 0
        # Without a dimension a row is as wide as its last cell, not the declared width.
        rows = sheet.iter_rows(max_row=_MAX_SCAN_ROWS + 1, values_only=True)
        for number, row in enumerate(rows, start=1):
            if number > _MAX_SCAN_ROWS:
                raise _too_many_rows()
            if len(row) > MAX_COLUMNS:
                beyond = row[MAX_COLUMNS:]
                if beyond.count(None) != len(beyond):
                    raise _too_many_columns()
                row = row[:MAX_COLUMNS]  # styled but empty cells far to the right
            if row.count(None) == len(row):
                grid.append(_BLANK)
                continue
            cells = [_cell_text(v) for v in row]
            while cells and not cells[-1].strip():
                cells.pop()
            if cells:
                filled += 1
                if filled > MAX_ROWS + 1:  # the header and MAX_ROWS rows
                    raise _too_many_rows()
            grid.append(cells)
    except DomainError:
        raise
    except Exception as exc:
        raise DomainError(_l("This file could not be read as XLSX."), field="file") from exc
    finally:
        book.close()
    return grid


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)
