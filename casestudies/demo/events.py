"""Demo events: 勉強会 and meetings to come, and past ones with their minutes and
recording. Dates are relative to today, so the demo always has both; loading
again finds each event by its title and changes nothing."""

import datetime

from django.utils import timezone

from casestudies.demo.accounts import (
    MEMBER,
    MODERATOR,
    SHIMOTSUMA_STAFF,
    SMALL_TOWN_STAFF,
    ensure_account,
)
from community.events import services
from community.events.models import EVENT_TIME_ZONE, Event

EVENTS = [
    {
        "organiser": SHIMOTSUMA_STAFF,
        "days": 14,
        "time": (14, 0, 90),
        "title": "kintone職員研修の進め方 勉強会（オンライン）",
        "kind": "study",
        "summary": "下妻市が令和5年度から続けているkintone基礎研修（51回・531人）の組み立て方を、教材と当日の進行表を見ながらお話しします。予算ゼロで始めたい自治体の方、研修担当の方どなたでもどうぞ。",
        "agenda": "14:00 開会・趣旨説明\n14:05 下妻市の研修の全体像（石塚）\n14:35 質疑応答\n15:00 参加自治体の取組紹介（各5分）\n15:30 閉会",
        "format": "online",
        "online_url": "https://meet.example.jp/yokoten-kintone-kenshu",
        "capacity": 30,
        "audience": "public",
        "tags": ["kintone", "研修", "予算ゼロ"],
        "rsvps": [SMALL_TOWN_STAFF, MEMBER],
    },
    {
        "organiser": SMALL_TOWN_STAFF,
        "days": 21,
        "time": (15, 30, 60),
        "title": "ひとり情報担当の意見交換会（人口1万人未満の町村）",
        "kind": "meeting",
        "summary": "情報担当がひとり、または兼務という町村の職員同士で、日々の困りごとを持ち寄ります。今回のテーマは「端末更新とセキュリティクラウドの費用」。職員限定・録画なしです。",
        "agenda": "15:30 自己紹介（1人2分）\n15:50 テーマ討議\n16:25 次回テーマ決め",
        "format": "online",
        "online_url": "https://meet.example.jp/hitori-joho",
        "capacity": 20,
        "audience": "staff",
        "tags": ["小規模自治体", "情報セキュリティ"],
        "rsvps": [SHIMOTSUMA_STAFF],
    },
    {
        "organiser": SHIMOTSUMA_STAFF,
        "days": 35,
        "time": (10, 0, 120),
        "title": "下妻市 kintone窓口アプリ 合同視察（3団体まで）",
        "kind": "visit",
        "summary": "市民課・税務課で使っているkintoneの受付アプリを、実際の窓口で見ていただけます。複数の自治体でまとめてお越しください。",
        "agenda": "10:00 市役所本庁舎 2階会議室に集合\n10:10 概要説明\n10:40 窓口見学\n11:30 意見交換\n12:00 解散",
        "format": "in_person",
        "venue": "下妻市役所 本庁舎 2階会議室（茨城県下妻市本城町二丁目22番地）",
        "capacity": 12,
        "audience": "members",
        "tags": ["kintone", "窓口DX", "視察"],
        "rsvps": [],
    },
    {
        "organiser": MODERATOR,
        "days": -45,
        "time": (14, 0, 120),
        "title": "自治体DX勉強会 第5回「ノーコードで始める業務改善」",
        "kind": "study",
        "summary": "ノーコードツールで庁内の申請・集計業務を改善した3団体の発表と意見交換。",
        "agenda": "14:00 開会\n14:05 下妻市 kintone\n14:35 飯豊町 LoGoフォーム\n15:05 意見交換\n16:00 閉会",
        "format": "online",
        "online_url": "https://meet.example.jp/dx-benkyokai-5",
        "capacity": 100,
        "audience": "public",
        "tags": ["ノーコード", "kintone", "LoGoフォーム"],
        "rsvps": [SHIMOTSUMA_STAFF, SMALL_TOWN_STAFF, MEMBER],
        "minutes": "参加：23団体・41人\n\n1. 下妻市：kintone導入から2年で庁内アプリ68本。最初の半年は研修と「困りごと相談会」に集中した。\n2. 飯豊町：LoGoフォームで住民向け申請12件を電子化。紙の申請書の見直しから始めた。\n3. 意見交換：財政課への説明は「削減時間×人件費」より「窓口の待ち時間」の方が通りやすいという声が多かった。\n\n次回（第6回）は生成AIの庁内利用ガイドラインを予定。",
        "recording_url": "https://video.example.jp/yokoten/dx-benkyokai-5",
    },
    {
        "organiser": SHIMOTSUMA_STAFF,
        "days": -12,
        "time": (13, 30, 90),
        "title": "茨城県西地域 DX担当者 情報交換会",
        "kind": "meeting",
        "summary": "県西地域の市町の情報担当が集まり、ガバメントクラウド移行の進み具合を共有しました。",
        "agenda": "13:30 各市町の移行状況\n14:15 共同調達の可能性\n14:50 次回日程",
        "format": "hybrid",
        "venue": "下妻市役所 本庁舎 3階大会議室",
        "online_url": "https://meet.example.jp/kensei-dx",
        "capacity": None,
        "audience": "staff",
        "tags": ["ガバメントクラウド", "標準化"],
        "rsvps": [SMALL_TOWN_STAFF],
        "minutes": "7市町が参加。標準準拠システムへの移行は4団体が令和7年度中、3団体が令和8年度にずれ込む見込み。運用保守の共同調達は次回までに各団体の契約満了時期を持ち寄って検討する。",
    },
]


def _at(days: int, hour: int, minute: int) -> datetime.datetime:
    day = timezone.now().astimezone(EVENT_TIME_ZONE).date() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, minute), EVENT_TIME_ZONE)


def load(stdout=None) -> list:
    for spec in EVENTS:
        if Event.objects.filter(title=spec["title"]).exists():
            continue
        hour, minute, length = spec["time"]
        starts = _at(spec["days"], hour, minute)
        event = services.create_event(
            ensure_account(spec["organiser"]),
            title=spec["title"],
            kind=spec["kind"],
            summary=spec["summary"],
            agenda=spec["agenda"],
            starts_at=starts,
            ends_at=starts + datetime.timedelta(minutes=length),
            format=spec["format"],
            venue=spec.get("venue", ""),
            online_url=spec.get("online_url", ""),
            capacity=spec["capacity"],
            audience=spec["audience"],
            tags=spec["tags"],
        )
        for account in spec["rsvps"]:
            services.rsvp(event, ensure_account(account))
        if spec.get("minutes"):
            services.add_record(
                event,
                editor=event.organiser,
                minutes=spec["minutes"],
                recording_url=spec.get("recording_url", ""),
            )
    return []
