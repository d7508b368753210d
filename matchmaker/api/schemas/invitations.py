"""Invitations for imported members to claim their profile."""

from typing import Annotated

from pydantic import Field

from matchmaker.api.schemas.base import Model, Out, Ref
from matchmaker.web import MAX_ID


class InvitationsIn(Model):
    """Either `organisation_ids` or `all_unclaimed: true` (services.invitations holds the rule)."""

    organisation_ids: list[Annotated[int, Field(ge=1, le=MAX_ID, strict=True)]] | None = Field(
        None, min_length=1, max_length=1000, description="Members to invite"
    )
    all_unclaimed: bool | None = Field(
        None, strict=True, description="Invite every member without users with a contact e-mail"
    )


class InvitationSkip(Out):
    organisation_id: int
    reason: str = Field(description="not_member, claimed, no_email or already_invited")


class InvitationsOut(Out):
    invited: int = Field(description="Invitations written (one per contact person)")
    skipped: list[InvitationSkip]


class InvitationOut(Out):
    id: int
    organisation: Ref
    email: str
    status: str = Field(description="sent, opened, accepted, expired or bounced")
    sent_at: str
    accepted_at: str | None


class InvitationList(Out):
    items: list[InvitationOut]
