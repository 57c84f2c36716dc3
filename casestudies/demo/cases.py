"""Demo case studies (casestudies/demo/content/case_studies.json), published by
verified staff of each municipality. Idempotent: existing slugs are skipped."""

import datetime
import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from casestudies.cases.models import CaseStudyIndexPage, CaseStudyPage, OutcomeMetric
from casestudies.demo.accounts import SHIMOTSUMA_STAFF, SMALL_TOWN_STAFF, ensure_account
from casestudies.demo.kits import apply_follow_ups, apply_kit, follow_ups, funding_by_slug, kits
from community.accounts.models import User
from community.accounts.services import verify_by_email
from community.municipalities.models import Municipality
from community.municipalities.registry import domain_from_website
from community.taxonomy.models import Category, Tool

CONTENT = Path(__file__).resolve().parent / "content" / "case_studies.json"


def _demo_account(municipality: Municipality):
    """The demo accounts for 下妻市 and 飯豊町, else None."""
    for account in (SHIMOTSUMA_STAFF, SMALL_TOWN_STAFF):
        if account.email.endswith("@" + (domain_from_website(municipality.website) or "-")):
            return account
    return None


def _author_email(municipality: Municipality) -> str:
    return f"demo-{municipality.code}@{domain_from_website(municipality.website)}"


def author_for(municipality: Municipality, department: str) -> User:
    """The demo accounts for 下妻市 and 飯豊町; elsewhere one demo staff member per municipality."""
    if account := _demo_account(municipality):
        return ensure_account(account)
    email = _author_email(municipality)
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=None,
            display_name=f"{municipality.name} {department or '担当'}",
            department=department,
            profile_visibility="public",
        )
        verify_by_email(user, email)
    return user


def authors_for(wanted: list[tuple[Municipality, str]]) -> list[User]:
    """``author_for`` for each (municipality, department), the missing members made in
    bulk (``save_new_members``: the rows ``create_user`` and ``verify_by_email`` make)."""
    from casestudies.demo.seed.accounts import NewMember, save_new_members

    emails = {_author_email(municipality) for municipality, _department in wanted}
    known = {user.email: user for user in User.objects.filter(email__in=emails)}
    new, authors = [], []
    for municipality, department in wanted:
        if account := _demo_account(municipality):
            save_new_members(new)  # those needed before it, first
            new = []
            authors.append(ensure_account(account))
            continue
        email = _author_email(municipality)
        if email not in known:
            # As create_user(email=email, password=None, …) makes it.
            user = User(
                username=User.normalize_username(email),
                email=User.objects.normalize_email(email),
                display_name=f"{municipality.name} {department or '担当'}",
                department=department,
                profile_visibility="public",
            )
            user.set_password(None)
            known[email] = user
            new.append(NewMember(user, email, email_address=False))
        authors.append(known[email])
    save_new_members(new)
    return authors


def in_order(children: list) -> list:
    """Orderable children numbered as listed (the admin's forms number them; without a
    number PostgreSQL may list them in any order)."""
    for position, child in enumerate(children):
        child.sort_order = position
    return children


def related_cases(relation_model, item: dict) -> list:
    """The demo item's related case studies (by slug), as ``relation_model`` children."""
    cases = CaseStudyPage.objects.filter(slug__in=item["related_case_study_slugs"])
    return in_order([relation_model(case_study=case) for case in cases])


def _body(blocks: list[dict]) -> list[tuple[str, object]]:
    stream = []
    for block in blocks:
        if block["type"] == "paragraph":
            stream.append(("paragraph", f"<p>{block['text']}</p>"))
        elif block["type"] == "steps":
            stream.append(("steps", {"heading": block.get("heading", ""), "items": block["items"]}))
        elif block["type"] == "quote":
            stream.append(
                ("quote", {"text": block["text"], "attribution": block.get("attribution", "")})
            )
    return stream


def build_case(
    item: dict, tools: dict, categories: dict, municipality, author, store=None
) -> CaseStudyPage:
    """The case study ``publish_case`` publishes, unsaved (its tags, tools,
    categories and metrics set in memory; ``store`` is unused: no files)."""
    page = CaseStudyPage(
        title=item["title"],
        slug=item["slug"],
        municipality=municipality,
        fiscal_year=item["fiscal_year"],
        department=item["department"],
        summary=item["summary"],
        challenge=item["challenge"],
        body=_body(item["body"]),
        budget_yen=item["budget_yen"],
        budget_source=item["budget_source"] or "",
        budget_source_note=item.get("budget_source_note", ""),
        months_to_launch=item["months_to_launch"],
        staff_involved=item["staff_involved"],
        one_person_feasible=item["one_person_feasible"],
        lessons=item["lessons"],
        contact_department=item["contact_department"],
        owner=author,
    )
    kit = kits().get(item["slug"])
    if kit is not None:
        apply_kit(page, kit, funding_by_slug())
    if item["slug"] in follow_ups():
        apply_follow_ups(page, follow_ups()[item["slug"]])
    page.tools = [tools[name] for name in item["tools"]]
    page.categories = [categories[name] for name in item["categories"]]
    page.tags.add(*item["tags"])
    page.metrics = in_order(
        [
            OutcomeMetric(
                metric=row["metric"],
                value_before=row.get("before") or "",
                value_after=row.get("after") or "",
                number_before=row.get("value_before"),
                number_after=row.get("value_after"),
                unit=row.get("unit", ""),
                period=row.get("period", ""),
                how_measured=row.get("how_measured", ""),
            )
            for row in item["metrics"]
        ]
    )
    return page


def published_at(item: dict) -> datetime.datetime:
    """Publication dates spread over the year after the fiscal year began, as real cases would be."""
    published = timezone.make_aware(
        datetime.datetime(item["fiscal_year"] + 1, 4, 1)
    ) + datetime.timedelta(days=(sum(map(ord, item["slug"])) % 200))
    return min(published, timezone.now() - datetime.timedelta(days=1))


@transaction.atomic
def publish_case(
    index: CaseStudyIndexPage, item: dict, tools: dict, categories: dict
) -> CaseStudyPage:
    municipality = Municipality.objects.get(code=item["municipality_code"])
    author = author_for(municipality, item["department"])
    page = build_case(item, tools, categories, municipality, author)
    index.add_child(instance=page)
    page.save_revision(user=author).publish(
        user=author, skip_permission_checks=True
    )  # approved demo content
    published = published_at(item)
    CaseStudyPage.objects.filter(pk=page.pk).update(
        first_published_at=published, last_published_at=published
    )
    return page


def load(stdout=None) -> list:
    index = CaseStudyIndexPage.objects.first()
    if index is None:
        return []
    items = json.loads(CONTENT.read_text(encoding="utf-8"))
    existing = set(
        CaseStudyPage.objects.filter(slug__in=[item["slug"] for item in items]).values_list(
            "slug", flat=True
        )
    )
    tools = {tool.name: tool for tool in Tool.objects.all()}
    categories = {category.name: category for category in Category.objects.all()}
    created = 0
    for item in items:
        if item["slug"] not in existing:
            publish_case(index, item, tools, categories)
            created += 1
    if stdout is not None:
        stdout.write(f"Case studies: {created} published, {len(existing)} already there.")
    return []
