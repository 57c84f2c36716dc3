from .fields import VersionField, topic_pages
from .offers import (
    BlackoutForm,
    BlackoutFormSet,
    OfferForm,
    blackout_formset,
    blackouts_from,
)
from .requests import (
    PREFERRED_FIELDS,
    CancelForm,
    ConfirmForm,
    DeclineForm,
    MessageForm,
    ProposeForm,
    ReportForm,
    VersionForm,
    VisitRequestEditForm,
    VisitRequestForm,
)

__all__ = [
    "PREFERRED_FIELDS",
    "BlackoutForm",
    "BlackoutFormSet",
    "CancelForm",
    "ConfirmForm",
    "DeclineForm",
    "MessageForm",
    "OfferForm",
    "ProposeForm",
    "ReportForm",
    "VersionField",
    "VersionForm",
    "VisitRequestEditForm",
    "VisitRequestForm",
    "blackout_formset",
    "blackouts_from",
    "topic_pages",
]
