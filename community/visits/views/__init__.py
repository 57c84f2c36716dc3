from .lists import calendar, my_visits
from .offers import offer_create, offer_detail, offer_edit, offer_list, offer_withdraw
from .reports import report_detail, report_write
from .requests import (
    request_calendar,
    request_cancel,
    request_confirm,
    request_create,
    request_decline,
    request_detail,
    request_done,
    request_edit,
    request_message,
    request_propose,
)

__all__ = [
    "calendar",
    "my_visits",
    "offer_create",
    "offer_detail",
    "offer_edit",
    "offer_list",
    "offer_withdraw",
    "report_detail",
    "report_write",
    "request_calendar",
    "request_cancel",
    "request_confirm",
    "request_create",
    "request_decline",
    "request_detail",
    "request_done",
    "request_edit",
    "request_message",
    "request_propose",
]
