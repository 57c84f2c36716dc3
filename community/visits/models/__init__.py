from .offers import (
    WEEKDAY_CHOICES,
    Category,
    OfferBlackout,
    OfferTopic,
    Tool,
    VisitFormat,
    VisitOffer,
    VisitorType,
    pack,
    unpack,
)
from .reports import VisitReport
from .requests import VisitMessage, VisitRequest

__all__ = [
    "WEEKDAY_CHOICES",
    "Category",
    "OfferBlackout",
    "OfferTopic",
    "Tool",
    "VisitFormat",
    "VisitMessage",
    "VisitOffer",
    "VisitReport",
    "VisitRequest",
    "VisitorType",
    "pack",
    "unpack",
]
