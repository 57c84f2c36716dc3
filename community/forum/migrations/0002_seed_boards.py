"""The boards a new site starts with; moderators rename, add and reorder them later."""

from django.db import migrations

BOARDS = [
    # slug, name, description, staff_only
    ("kintone-nocode", "kintone・ノーコード", "kintone、LoGoフォーム、スプレッドシートなど、ノーコード・ローコードツールの使い方と庁内展開。", False),
    ("budget-procurement", "予算・調達", "予算要求、無償トライアル、随意契約、見積の比べ方。見積額や事業者名が出るため認証済み職員限定です。", True),
    ("training", "研修・人材育成", "職員研修の企画と運営、DX推進リーダーの育成、研修教材。", False),
    ("promotion-structure", "庁内推進体制", "DX推進本部、全庁への展開、首長・幹部への説明、他課の巻き込み方。", False),
    ("counter-dx", "窓口DX", "書かない窓口、オンライン申請、キャッシュレス決済、予約システム。", False),
    ("security", "情報セキュリティ", "情報セキュリティポリシー、三層分離、クラウド利用とLGWAN。認証済み職員限定です。", True),
    ("chat", "雑談", "ひとり情シスの悩み、勉強会のお知らせ、なんでも。", False),
]


def create_boards(apps, schema_editor):
    Board = apps.get_model("forum", "Board")
    for position, (slug, name, description, staff_only) in enumerate(BOARDS):
        Board.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "staff_only": staff_only,
                "position": position * 10,
            },
        )


def remove_boards(apps, schema_editor):
    Board = apps.get_model("forum", "Board")
    Board.objects.filter(slug__in=[slug for slug, *_rest in BOARDS], questions=None).delete()


class Migration(migrations.Migration):
    dependencies = [("forum", "0001_initial")]

    operations = [migrations.RunPython(create_boards, remove_boards)]
