"""Member list import: read CSV or XLSX, map columns, preview every row, commit all or nothing.

The rules for each field are the profile rules of `services.organisations` (validate_profile
and the business ID check); this package only adds what a file brings: encodings (`reading`),
column mapping (`mapping`), duplicates inside the file and the decision between creating and
updating (`planning`), and the all-or-nothing write (`applying`).
"""

from matchmaker.services.imports.applying import import_file, import_members, report_lines
from matchmaker.services.imports.mapping import (
    CONTACT_FIELDS,
    FIELD_LABELS,
    FIELDS,
    check_mapping,
    guess_mapping,
    remember_mapping,
    remembered_mapping,
)
from matchmaker.services.imports.planning import (
    ACTIONS,
    ImportRejected,
    Preview,
    RowResult,
    existing_by_business_id,
    may_update,
    preview,
    row_data,
)
from matchmaker.services.imports.reading import (
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_XLSX_UNPACKED,
    Table,
    decode,
    read_table,
)

__all__ = [
    "ACTIONS",
    "CONTACT_FIELDS",
    "FIELDS",
    "FIELD_LABELS",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_XLSX_UNPACKED",
    "ImportRejected",
    "Preview",
    "RowResult",
    "Table",
    "check_mapping",
    "decode",
    "existing_by_business_id",
    "guess_mapping",
    "import_file",
    "import_members",
    "may_update",
    "preview",
    "read_table",
    "remember_mapping",
    "remembered_mapping",
    "report_lines",
    "row_data",
]
