"""State changes for site visits. Each runs in a transaction, records who did
it in the audit log and queues one email to the other side after commit."""

from .offers import Blackout, publish_offer, withdraw_offer
from .reports import write_report
from .requests import (
    MAX_PREFERRED_DATES,
    VISIT_TIME_ZONE,
    RulesBroken,
    VisitDetails,
    VisitError,
    cancel,
    confirm_visit,
    decline,
    forget_contact_details,
    mark_done,
    post_message,
    propose_dates,
    request_visit,
    update_request,
)

__all__ = [
    "MAX_PREFERRED_DATES",
    "VISIT_TIME_ZONE",
    "Blackout",
    "RulesBroken",
    "VisitDetails",
    "VisitError",
    "cancel",
    "confirm_visit",
    "decline",
    "forget_contact_details",
    "mark_done",
    "post_message",
    "propose_dates",
    "publish_offer",
    "request_visit",
    "update_request",
    "withdraw_offer",
    "write_report",
]
