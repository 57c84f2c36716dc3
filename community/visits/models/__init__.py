from .offers import (
    WEEKDAY_CHOICES,
    OfferBlackout,
    OfferTopic,
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
    "OfferBlackout",
    "OfferTopic",
    "VisitFormat",
    "VisitMessage",
    "VisitOffer",
    "VisitReport",
    "VisitRequest",
    "VisitorType",
    "pack",
    "unpack",
]
