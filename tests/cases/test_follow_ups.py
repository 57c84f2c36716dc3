"""「その後」: a dated note with new figures on a case study, on the page and in the feed."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from casestudies.cases.models import CaseFollowUp

pytestmark = pytest.mark.django_db


@pytest.fixture
def followed_up(case_study_factory):
    def make(notes, **fields):
        case = case_study_factory(**fields)
        case.follow_ups = [
            CaseFollowUp(
                noted_on=datetime.date.fromisoformat(date),
                note=note,
                figures=[("figure", {"metric": "アプリ数", "value": value, "unit": "アプリ"})],
            )
            for date, note, value in notes
        ]
        case.save_revision().publish(skip_permission_checks=True)
        return type(case).objects.get(pk=case.pk)

    return make


def test_the_page_shows_follow_ups_newest_first_and_points_to_them_from_the_top(
    client, followed_up
):
    case = followed_up(
        [
            ("2024-04-01", "1年後の報告です。", "20"),
            ("2025-04-01", "2年後の報告です。", "58"),
        ]
    )
    body = client.get(case.url).content.decode()
    assert body.index("2年後の報告です。") < body.index("1年後の報告です。")
    assert "アプリ数" in body and "58 アプリ" in body
    latest = case.follow_ups.order_by("-noted_on").first()
    assert f'href="#{latest.anchor}"' in body and f'id="{latest.anchor}"' in body
    assert "2025年4月1日のその後の報告" in body


def test_a_draft_follow_up_stays_off_the_page_until_published(client, followed_up):
    case = followed_up([("2024-04-01", "公開済みの報告です。", "20")])
    draft = case.get_latest_revision_as_object()
    draft.follow_ups.add(
        CaseFollowUp(noted_on=datetime.date(2025, 4, 1), note="まだ下書きの報告です。")
    )
    draft.save_revision()
    body = client.get(case.url).content.decode()
    assert "公開済みの報告です。" in body and "まだ下書きの報告です。" not in body


def test_the_feed_carries_follow_ups_beside_new_cases(client, followed_up):
    case = followed_up([("2025-04-01", "2年後の報告です。", "58")], title="kintoneの全庁展開")
    items = ET.fromstring(client.get("/casestudies/feed/").content).findall("channel/item")
    titles = [item.findtext("title") for item in items]
    assert any(t.startswith("その後：kintoneの全庁展開") for t in titles), titles
    note = next(i for i in items if i.findtext("title").startswith("その後"))
    assert "2年後の報告です。" in note.findtext("description")
    assert "アプリ数: 58アプリ" in note.findtext("description")
    assert note.findtext("link").endswith(f"{case.url}#follow-up-{case.follow_ups.get().pk}")


def test_the_feed_of_a_filtered_list_leaves_out_other_cases_follow_ups(client, followed_up):
    followed_up([("2025-04-01", "RPAのその後です。", "3")], title="RPAの事例", tools=["RPA"])
    body = client.get("/casestudies/feed/", {"tool": "kintone"}).content.decode()
    assert "RPAのその後です。" not in body
