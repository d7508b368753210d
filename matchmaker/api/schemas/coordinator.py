"""Coordinator tools: the member list import and the funder report."""

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, Json, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError
from werkzeug.datastructures import FileStorage

from matchmaker.api.schemas.base import ErrorDetail, Model, Out, Query, bounded_text

Binary = Annotated[Any, WithJsonSchema({"type": "string", "format": "binary"})]


class ImportForm(Model):
    file: Binary = Field(description="The member list, CSV or XLSX")
    dry_run: bool = Field(True, description="Check only; send false to write")
    mapping: Json[dict[str, bounded_text(64)]] | None = Field(
        None, description="JSON object: column header -> profile field"
    )
    merge_rows: str = Field(
        "",
        pattern=r"^(\d{1,8}(,\d{1,8})*)?$",
        description="Rows (spreadsheet numbers, comma-separated) of unverified organisations "
        "to merge into; other unverified rows are skipped",
    )

    @field_validator("merge_rows", mode="before")
    @classmethod
    def _no_spaces(cls, value):
        return value.replace(" ", "") if isinstance(value, str) else value

    @property
    def confirmed_rows(self) -> set[int]:
        return {int(n) for n in self.merge_rows.split(",") if n}

    @field_validator("mapping", mode="before")
    @classmethod
    def _blank_is_none(cls, value):
        return value or None

    @field_validator("file")
    @classmethod
    def _is_upload(cls, value):
        if not isinstance(value, FileStorage) or not value.filename:
            raise ValueError("file")
        return value


class ImportError_(Out):
    row: int
    field: str
    messages: list[str]


class ImportItem(Out):
    row: int
    business_id: str
    name: str
    action: str = Field(description="create, update, apply (invite to join only) or skip")
    unverified: bool
    reason: str


class ImportResult(Out):
    dry_run: bool
    imported: bool
    rows: int
    created: int
    updated: int
    applied: int
    skipped: int
    error_rows: int
    errors: list[ImportError_]
    items: list[ImportItem]
    error: ErrorDetail | None = None


def _iso_date(value):
    """Only YYYY-MM-DD: pydantic would also read a number as a Unix time."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise PydanticCustomError("date_parsing", "Enter dates as YYYY-MM-DD.")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


class ReportQuery(Query):
    from_: IsoDate | None = Field(None, alias="from", description="Default: 1 January this year")
    to: IsoDate | None = Field(None, description="Default: today")


class ReportOut(Out):
    cluster: str
    from_: str = Field(alias="from")
    to: str
    timezone: str = Field(description="The zone whose local days `from` and `to` are")
    members: dict[str, Any]
    events: dict[str, Any] | None = Field(description="null when not available yet")
    fairs: dict[str, Any] | None
    meetings: dict[str, Any] | None
    contacts: dict[str, Any]
