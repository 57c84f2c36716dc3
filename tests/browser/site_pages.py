"""One sample URL of every page type of the demo site, read from the browser
tests' database: what a visitor opens, what a signed-in staff member of 下妻市
opens, and what a moderator opens. Site-wide browser tests (reflow, language,
outside hosts) walk these lists."""

import sqlite3
import uuid
from functools import cache
from pathlib import Path


def _one(db, sql: str, *params):
    row = db.execute(sql, params).fetchone()
    assert row is not None, f"the demo has no row for: {sql}"
    return row[0]


def _page_path(db, model: str, slug: str | None = None) -> str:
    sql = (
        "SELECT p.url_path FROM wagtailcore_page p JOIN django_content_type ct"
        " ON ct.id = p.content_type_id WHERE ct.model = ? AND p.live"
    )
    params: list = [model]
    if slug:
        sql += " AND p.slug = ?"
        params.append(slug)
    url_path = _one(db, sql + " ORDER BY p.id", *params)
    return url_path.removeprefix("/home")


@cache
def _samples(database: Path) -> dict[str, str]:
    with sqlite3.connect(database) as db:
        shimotsuma_offer = _one(
            db,
            "SELECT o.id FROM visits_visitoffer o JOIN municipalities_municipality m"
            " ON m.id = o.municipality_id WHERE m.code = '082104'",
        )
        other_offer = _one(
            db,
            "SELECT o.id FROM visits_visitoffer o JOIN municipalities_municipality m"
            " ON m.id = o.municipality_id WHERE m.code != '082104' ORDER BY o.id",
        )
        return {
            "case": _page_path(db, "casestudypage", "shimotsuma-kintone-dx"),
            "other_town_case_id": str(_one(
                db,
                "SELECT c.page_ptr_id FROM cases_casestudypage c JOIN municipalities_municipality m"
                " ON m.id = c.municipality_id WHERE m.code != '082104' ORDER BY c.page_ptr_id",
            )),
            "template": _page_path(db, "apptemplatepage"),
            "curriculum": _page_path(db, "curriculumpage", "shimotsuma-kintone-kiso"),
            "question": str(_one(db, "SELECT q.id FROM forum_question q JOIN forum_board b ON b.id = q.board_id WHERE q.hidden_at IS NULL AND NOT b.staff_only ORDER BY q.id")),
            "board": _one(db, "SELECT slug FROM forum_board WHERE NOT staff_only ORDER BY position"),
            "tag": _one(db, "SELECT slug FROM forum_forumtag ORDER BY id"),
            "shimotsuma_offer": str(shimotsuma_offer),
            "other_offer": str(other_offer),
            "request": str(uuid.UUID(_one(
                db,
                "SELECT id FROM visits_visitrequest WHERE offer_id = ? ORDER BY created_at",
                shimotsuma_offer,
            ))),
            "report": str(_one(db, "SELECT id FROM visits_visitreport ORDER BY id")),
            "member": str(_one(db, "SELECT id FROM accounts_user WHERE email = ?", "member-demo@example.com")),
        }  # fmt: skip


def visitor_pages(database: Path) -> dict[str, str]:
    """Every public page type, as an anonymous visitor sees it (Japanese paths)."""
    s = _samples(database)
    return {
        "home": "/",
        "case list": "/casestudies/",
        "case list, filtered": "/casestudies/?budget_band=zero&tool=kintone",
        "case": s["case"],
        "template list": "/app-templates/",
        "template": s["template"],
        "curriculum list": "/curricula/",
        "curriculum": s["curriculum"],
        "municipality list": "/municipalities/",
        "municipality": "/municipalities/082104/",
        "question list": "/forum/",
        "board": f"/forum/boards/{s['board']}/",
        "tag": f"/forum/tags/{s['tag']}/",
        "question": f"/forum/questions/{s['question']}/",
        "question history": f"/forum/questions/{s['question']}/history/",
        "visit hosts": "/visits/",
        "visit offer": f"/visits/offers/{s['shimotsuma_offer']}/",
        "visit calendar": "/visits/calendar/",
        "visit report": f"/visits/reports/{s['report']}/",
        "member profile": f"/members/{s['member']}/",
        "log in": "/accounts/login/",
        "sign up": "/accounts/signup/",
        "password reset": "/accounts/password/reset/",
        "privacy": "/privacy/",
    }


def staff_pages(database: Path) -> dict[str, str]:
    """Page types only a signed-in verified staff member of 下妻市 opens."""
    s = _samples(database)
    return {
        "my account": "/members/me/",
        "profile form": "/members/me/profile/",
        "verification": "/members/me/verification/",
        "notifications": "/notifications/",
        "notification settings": "/notifications/settings/",
        "ask form": "/forum/ask/",
        "following": "/forum/following/",
        "flag form": f"/forum/flag/question/{s['question']}/",
        "my visits": "/visits/mine/?as=host",
        "visit request form": f"/visits/offers/{s['other_offer']}/request/",
        "visit request": f"/visits/requests/{s['request']}/",
        "visit offer form": f"/visits/offers/{s['shimotsuma_offer']}/edit/",
        "adoption form": f"/adoptions/{s['other_town_case_id']}/",
        "delivery form": f"{s['curriculum']}deliveries/",
        "email addresses": "/accounts/email/",
        "password change": "/accounts/password/change/",
        "two-factor": "/accounts/2fa/",
    }


def moderator_pages(database: Path) -> dict[str, str]:
    """Page types only a moderator opens."""
    return {
        "verification queue": "/moderation/verifications/",
        "forum moderation": "/moderation/forum/",
        "boards": "/moderation/forum/boards/",
        "board form": "/moderation/forum/boards/new/",
        "tag merge": "/moderation/forum/tags/merge/",
    }


def in_english(path: str) -> str:
    return "/en" + path
