"""SQLAlchemy models, one module per domain. Importing this package registers them all."""

from matchmaker.models.accounts import ApiToken, LoginAttempt, User, utcnow
from matchmaker.models.clusters import Cluster, ClusterCoordinator, Membership
from matchmaker.models.mail import OutboxMessage
from matchmaker.models.organisations import (
    ContactPerson,
    Organisation,
    OrganisationIndustry,
    OrganisationMarket,
)
from matchmaker.models.partners import ContactRequest, Dismissal, IndexVersion

__all__ = [
    "ApiToken",
    "Cluster",
    "ClusterCoordinator",
    "ContactPerson",
    "ContactRequest",
    "Dismissal",
    "IndexVersion",
    "LoginAttempt",
    "Membership",
    "Organisation",
    "OrganisationIndustry",
    "OrganisationMarket",
    "OutboxMessage",
    "User",
    "utcnow",
]
