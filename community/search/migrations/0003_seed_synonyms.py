"""A first list of government words that mean the same thing; editors extend it.

申請 is deliberately not in the 申込 group. A 申請 is a formal filing (給付,
許認可, 届出); a 申し込み is signing up (講座, 施設予約, イベント). Joined, a
search for 申請 would also return every event sign-up, and since 申請 is part
of 電子申請 and オンライン申請, the noise would reach those searches too.
申込/申込み/申し込み already meet through Sudachi's normalisation; the group
adds the verb.
"""

from django.db import migrations

GROUPS = [
    "スマホ\nスマートフォン\n携帯電話",
    "電子申請\nオンライン申請\n電子手続\n電子手続き\nオンライン手続\nオンライン手続き",
    "申込\n申し込み\n申込み\n申し込む",
    "ペーパーレス\n紙削減",
    "生成AI\n生成ai\nChatGPT\n対話型AI",
    "RPA\nロボティック・プロセス・オートメーション",
    "研修\n講習\n勉強会",
    "窓口\n窓口業務",
]


def seed(apps, schema_editor):
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    SynonymGroup.objects.bulk_create(SynonymGroup(terms=terms) for terms in GROUPS)


def unseed(apps, schema_editor):
    apps.get_model("search", "SynonymGroup").objects.filter(terms__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text_index")]

    operations = [migrations.RunPython(seed, unseed)]
