"""Forms in the manner of the Digital Agency design system: each label says 必須
or 任意, a form submitted with errors opens with 「エラー：」 in its title and an
error summary that links to each field, a missing value is named by its label,
and the error is tied to its input. Filter forms mark nothing."""

import re

import pytest

pytestmark = pytest.mark.django_db


def title_of(body: str) -> str:
    return re.search(r"<title>(.*?)</title>", body, re.S).group(1).strip()


def summary_links(body: str) -> list[str]:
    summary = re.search(r'<div class="error-summary".*?</div>', body, re.S)
    return re.findall(r'<a href="#([^"]+)">', summary.group(0)) if summary else []


def test_a_question_submitted_empty_opens_with_an_error_summary(client_for, shimotsuma_staff):
    body = client_for(shimotsuma_staff).post("/forum/ask/", {"title": ""}).content.decode()

    assert title_of(body).startswith("エラー：質問する")
    assert summary_links(body) == ["id_board", "id_title", "id_body"]
    assert "「タイトル」を入力してください。" in body
    assert "「掲示板」を選択してください。" in body
    assert re.search(
        r'<textarea[^>]*aria-invalid="true"[^>]*aria-describedby="[^"]*id_body_error', body
    )
    assert 'id="id_body_error"' in body


def test_each_label_of_the_question_form_says_required_or_optional(client_for, shimotsuma_staff):
    body = client_for(shimotsuma_staff).get("/forum/ask/").content.decode()

    title_label = re.search(r'<label for="id_title">(.*?)</label>', body, re.S).group(1)
    tags_label = re.search(r'<label for="id_tags">(.*?)</label>', body, re.S).group(1)
    assert "必須" in title_label
    assert "任意" in tags_label
    assert "error-summary" not in body
    assert not title_of(body).startswith("エラー")


def test_a_failed_log_in_links_its_error_to_the_email_field(client):
    from community.accounts.models import User

    User.objects.create_user(email="kato@example.com", password="correct-horse-battery")
    response = client.post(
        "/accounts/login/", {"login": "kato@example.com", "password": "wrong-horse-battery"}
    )
    body = response.content.decode()

    assert title_of(body).startswith("エラー：")
    assert summary_links(body) == ["id_login"]
    assert 'value="kato@example.com"' in body  # what was typed stays
    assert "autofocus" not in re.search(r"<input[^>]*id_login[^>]*>", body).group(0)


def test_sign_up_password_rules_are_the_description_of_the_password_field(client):
    body = client.get("/accounts/signup/").content.decode()

    password = re.search(r'<input[^>]*name="password1"[^>]*>', body).group(0)
    described_by = re.search(r'aria-describedby="([^"]+)"', password).group(1)
    rules = re.search(rf'<div class="helptext" id="{described_by}">(.*?)</div>', body, re.S)
    assert rules is not None
    assert "10 文字" in rules.group(1)


def test_a_filter_form_marks_nothing_and_keeps_its_problems_on_the_list(client):
    body = client.get("/municipalities/", {"population_min": "many"}).content.decode()

    assert 'class="requirement' not in body
    assert "error-summary" not in body
    assert not title_of(body).startswith("エラー")


def accessible_name(body: str, element_id: str) -> str:
    """The text a screen reader announces for an input named by aria-labelledby."""
    tag = re.search(rf'<(?:select|input)[^>]*id="{element_id}"[^>]*>', body).group(0)
    parts = re.search(r'aria-labelledby="([^"]+)"', tag).group(1).split()
    texts = []
    for part in parts:
        element = re.search(rf'<(legend|label)[^>]*id="{part}"[^>]*>(.*?)</\1>', body, re.S)
        texts.append(re.sub(r"<[^>]+>", "", element.group(2)).strip())
    return " ".join(texts)


def test_each_part_of_a_population_filter_is_named_with_the_filters_purpose(client):
    body = client.get("/forum/").content.decode()

    assert accessible_name(body, "id_population_0") == "質問者の自治体の人口規模 規模の区分"
    assert accessible_name(body, "id_population_1") == "質問者の自治体の人口規模 または（人）以上"
