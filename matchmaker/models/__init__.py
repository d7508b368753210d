"""SQLAlchemy models, one module per domain. Importing this package registers them all."""

from matchmaker.models.accounts import ApiToken, LoginAttempt, User, utcnow
from matchmaker.models.clusters import Cluster, ClusterCoordinator, Membership
from matchmaker.models.coordination import AuditEntry, ClusterSynonym, ImportMapping, Lead
from matchmaker.models.ecosystems import (
    Ecosystem,
    EcosystemMember,
    EcosystemMilestone,
    LeadTarget,
)
from matchmaker.models.events import (
    CalendarToken,
    Event,
    EventSession,
    Registration,
    RegistrationSession,
)
from matchmaker.models.fairs import Fair, FairInterest, JointStand, StandAssignment
from matchmaker.models.invitations import Invitation
from matchmaker.models.jobs import ImportRun, JobError
from matchmaker.models.mail import OutboxMessage
from matchmaker.models.meetings import (
    Meeting,
    MeetingMark,
    MeetingRequest,
    MeetingSetup,
    MeetingSlot,
    MeetingTable,
    MeetingWindow,
    Unavailability,
)
from matchmaker.models.notifications import DigestRun, Notification, NotificationPreference
from matchmaker.models.opportunities import (
    Opportunity,
    OpportunityIndustry,
    OpportunityInterest,
    OpportunityNotice,
)
from matchmaker.models.organisations import (
    ContactPerson,
    Organisation,
    OrganisationIndustry,
    OrganisationMarket,
)
from matchmaker.models.partners import ContactRequest, Dismissal, ProfileChange
from matchmaker.models.search_schema import include_object as include_search_objects

__all__ = [
    "include_search_objects",
    "ApiToken",
    "CalendarToken",
    "AuditEntry",
    "Cluster",
    "ClusterCoordinator",
    "ClusterSynonym",
    "ContactPerson",
    "Ecosystem",
    "EcosystemMember",
    "EcosystemMilestone",
    "LeadTarget",
    "Fair",
    "FairInterest",
    "JointStand",
    "StandAssignment",
    "Event",
    "EventSession",
    "ContactRequest",
    "ImportMapping",
    "ImportRun",
    "JobError",
    "Invitation",
    "Lead",
    "Dismissal",
    "DigestRun",
    "LoginAttempt",
    "Meeting",
    "MeetingMark",
    "MeetingRequest",
    "MeetingSetup",
    "MeetingSlot",
    "MeetingTable",
    "MeetingWindow",
    "Membership",
    "Notification",
    "NotificationPreference",
    "Unavailability",
    "Opportunity",
    "OpportunityIndustry",
    "OpportunityInterest",
    "OpportunityNotice",
    "Organisation",
    "OrganisationIndustry",
    "OrganisationMarket",
    "ProfileChange",
    "OutboxMessage",
    "Registration",
    "RegistrationSession",
    "User",
    "utcnow",
]
