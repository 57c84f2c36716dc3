"""Demo official notices (the shared list) and the demo answers that cite them: the
自治体DX推進計画 in the edition a small town's answer rests on (since superseded by
the next one, so its warning shows) and デジタル庁's generative-AI guideline.
Loading again finds each notice by its address and changes nothing. The addresses
are illustrative."""

import datetime

from django.contrib.contenttypes.models import ContentType

from casestudies.demo.accounts import MODERATOR, ensure_account
from community.forum.models import Answer
from community.notices import services
from community.notices.models import Notice, NoticeCitation, normalise_url

NOTICES = [
    {
        "title": "自治体デジタル・トランスフォーメーション（DX）推進計画【第2.2版】",
        "issuer": "総務省",
        "number": "",
        "issued_on": datetime.date(2023, 12, 22),
        "url": "https://www.soumu.go.jp/main_content/000920478.pdf",
        "applies_from": 2021,
        "applies_until": 2025,
    },
    {
        "title": "自治体デジタル・トランスフォーメーション（DX）推進計画【第3.0版】",
        "issuer": "総務省・デジタル庁",
        "number": "",
        "issued_on": datetime.date(2024, 4, 24),
        "url": "https://www.soumu.go.jp/denshijiti/index_00001.html",
        "applies_from": 2024,
        "applies_until": 2026,
    },
    {
        "title": "行政の進化と革新のための生成AIの調達・利活用に係るガイドライン",
        "issuer": "デジタル庁（デジタル社会推進会議幹事会決定）",
        "number": "",
        "issued_on": datetime.date(2025, 5, 27),
        "url": "https://www.digital.go.jp/resources/generative-ai-guideline",
        "applies_from": 2025,
        "applies_until": None,
    },
    {
        "title": "地方公共団体における情報セキュリティポリシーに関するガイドライン（令和7年3月版）",
        "issuer": "総務省 自治行政局 デジタル基盤推進室",
        "number": "",
        "issued_on": datetime.date(2025, 3, 28),
        "url": "https://www.soumu.go.jp/denshijiti/jyouhou_policy/",
        "applies_from": 2025,
        "applies_until": None,
    },
]

# (question title, start of the answer, addresses of the notices it cites)
CITATIONS = [
    (
        "DX 推進計画、人口 1 万人未満の町ではどの程度の分量にしましたか",
        "飯豊町の計画は",
        [NOTICES[0]["url"]],
    ),
    (
        "生成AI の庁内利用ガイドラインを作った後、研修はどうしましたか",
        "高崎市では",
        [NOTICES[2]["url"]],
    ),
]


def load(stdout=None) -> list:
    moderator = ensure_account(MODERATOR)
    by_url = {}
    for spec in NOTICES:
        notice = Notice.objects.filter(url=normalise_url(spec["url"])).first()
        by_url[spec["url"]] = notice or services.add_notice(moderator, **spec)
    old, new = by_url[NOTICES[0]["url"]], by_url[NOTICES[1]["url"]]
    if not old.is_superseded:
        services.supersede_notice(old, by=new, actor=moderator)
    for title, start, urls in CITATIONS:
        answer = (
            Answer.objects.filter(question__title=title, body__startswith=start)
            .select_related("author")
            .first()
        )
        if answer is None:
            continue
        services.cite_notices(answer, [by_url[url] for url in urls], author=answer.author)
        # Cited when the answer was written, confirmed then.
        NoticeCitation.objects.filter(
            content_type=ContentType.objects.get_for_model(Answer),
            object_id=answer.pk,
            created_at__gt=answer.created_at,
        ).update(created_at=answer.created_at, confirmed_at=answer.created_at)
    if stdout is not None:
        stdout.write(f"Notices: {Notice.objects.count()} official notices listed.")
    return []
