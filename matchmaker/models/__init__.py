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

__all__ = [
    "ApiToken",
    "Cluster",
    "ClusterCoordinator",
    "ContactPerson",
    "LoginAttempt",
    "Membership",
    "Organisation",
    "OrganisationIndustry",
    "OrganisationMarket",
    "OutboxMessage",
    "User",
    "utcnow",
]
