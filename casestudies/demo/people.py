"""Demo people in the finder (/members/): the demo staff and the forum's officers,
with their expertise, what they welcome and what they share with members who are
not verified staff. Idempotent: it sets, never adds twice."""

from dataclasses import dataclass

from community.accounts.models import SharedField, User

EVERYTHING = tuple(SharedField.values)
TOWN_AND_EXPERTISE = (SharedField.MUNICIPALITY, SharedField.EXPERTISE)


@dataclass(frozen=True)
class Listing:
    name: str
    municipality: str  # code of the town they are verified staff of
    expertise: tuple[str, ...]
    questions: bool = True
    visits: bool = False
    shared: tuple[str, ...] = TOWN_AND_EXPERTISE


LISTINGS = [
    Listing(
        "石塚 美咲",
        "082104",
        ("kintone", "研修", "予算ゼロ", "ノーコード"),
        visits=True,
        shared=EVERYTHING,
    ),
    Listing(
        "佐藤 健太", "064033", ("小規模自治体", "情報セキュリティ", "ひとり情報担当"), visits=True
    ),
    Listing("村上 直樹", "293229", ("小規模自治体", "防災", "選挙事務")),
    Listing("和田 さくら", "393649", ("ヘルプデスク", "端末管理"), questions=False),
    Listing("松本 由佳", "406422", ("DX推進計画", "予算", "補助金"), shared=EVERYTHING),
    Listing("小林 恵", "015431", ("書かない窓口", "LoGoフォーム", "窓口DX"), visits=True),
    Listing("伊藤 彩", "212067", ("RPA", "AI-OCR")),
    Listing("木村 沙織", "102024", ("情報セキュリティ", "研修", "標的型メール訓練"), shared=()),
    Listing("斎藤 誠", "092011", ("ガバメントクラウド", "標準化", "調達"), visits=True),
]


def load(stdout=None) -> list:
    for listing in LISTINGS:
        member = User.objects.filter(
            display_name=listing.name, staff_municipality__code=listing.municipality
        ).first()
        if member is None:
            continue
        member.in_people_finder = True
        member.accepts_questions = listing.questions
        member.accepts_visits = listing.visits
        member.set_shared_fields(listing.shared)
        member.save(
            update_fields=[
                "in_people_finder",
                "accepts_questions",
                "accepts_visits",
                "shared_fields",
            ]
        )
        member.expertise.add(*listing.expertise)
    return []
