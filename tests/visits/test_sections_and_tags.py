"""What other pages include: the municipality page's section and the
"this municipality accepts visits" box for case studies."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from community.municipalities.models import Municipality
from community.visits import services

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    request = RequestFactory().get("/")
    return Template("{% load visits %}" + source).render(Context({"request": request, **context}))


def test_the_offer_button_links_to_each_published_offer(
    kintone_offer, offer_factory, shimotsuma_staff, shimotsuma, django_assert_num_queries
):
    second = offer_factory(shimotsuma_staff, title="職員研修の視察")
    # 1 the municipality's published offers.
    with django_assert_num_queries(1):
        html = render("{% visit_offer_button municipality %}", municipality=shimotsuma)
    assert "下妻市は視察を受け入れています" in html
    assert f'href="/visits/offers/{kintone_offer.pk}/"' in html
    assert f'href="/visits/offers/{second.pk}/"' in html


def test_the_offer_button_is_absent_without_published_offers(
    kintone_offer, shimotsuma_staff, shimotsuma
):
    iide = Municipality.objects.get(code="064033")
    assert render("{% visit_offer_button municipality %}", municipality=iide).strip() == ""
    services.withdraw_offer(kintone_offer, actor=shimotsuma_staff)
    assert render("{% visit_offer_button municipality %}", municipality=shimotsuma).strip() == ""


def test_the_municipality_page_lists_its_offers(client, kintone_offer):
    body = client.get("/municipalities/082104/").content.decode()
    assert "下妻市は視察を受け入れています" in body
    assert f"/visits/offers/{kintone_offer.pk}/" in body


def test_the_municipality_section_uses_two_queries_whatever_the_rows(
    client,
    django_assert_num_queries,
    offer_factory,
    shimotsuma_staff,
    request_factory,
    other_town_staff,
):
    from community.visits.sections import municipality_section

    shimotsuma = shimotsuma_staff.staff_municipality
    offer = offer_factory(shimotsuma_staff)
    with django_assert_num_queries(2):
        context = municipality_section(shimotsuma, None)
    assert context["offers"] == [offer]
    for index in range(3):
        offer_factory(shimotsuma_staff, title=f"視察 {index}")
    with django_assert_num_queries(2):
        assert len(municipality_section(shimotsuma, None)["offers"]) == 4
    # A municipality with neither offers nor reports shows no section.
    assert municipality_section(other_town_staff.staff_municipality, None) is None
