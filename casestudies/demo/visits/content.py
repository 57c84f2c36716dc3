"""What the demo shows: offers written for the demo in natural Japanese (the
municipalities are real, the texts are not theirs), and requests between
demo accounts in every state."""

import datetime
from dataclasses import dataclass, field

from casestudies.demo.accounts import MEMBER, SHIMOTSUMA_STAFF, SMALL_TOWN_STAFF, DemoAccount
from community.visits.states import Status

DEMO_PASSWORD = "demo-visits-2026"  # noqa: S105 (public, demo only)
MON_TO_FRI = (0, 1, 2, 3, 4)
TUE_TO_THU = (1, 2, 3)

# Council sessions (議会会期) and other busy periods, as (label, (month, day), (month, day));
# a period may run into the next year.
COUNCIL_SESSIONS = (
    ("3月定例会", (2, 25), (3, 19)),
    ("6月定例会", (6, 2), (6, 20)),
    ("9月定例会", (9, 1), (9, 22)),
    ("12月定例会", (12, 1), (12, 19)),
    ("年末年始", (12, 27), (1, 5)),
)


@dataclass(frozen=True)
class DemoOffer:
    code: str
    title: str
    summary: str
    formats: tuple[str, ...]
    department: str
    tools: tuple[str, ...] = ()  # slugs of community.taxonomy's tools
    categories: tuple[str, ...] = ()  # and categories
    weekdays: tuple[int, ...] = MON_TO_FRI
    lead_time_days: int = 30
    max_party_size: int = 10
    duration_minutes: int = 90
    start_time: datetime.time = datetime.time(10, 0)
    fee_yen: int = 0
    fee_note: str = ""
    advance_materials: str = "視察依頼文書（公文）、参加者名簿、事前質問"
    accepts_council_members: bool = True
    accepts_companies: bool = False
    accepts_students: bool = False
    busy_periods: tuple = COUNCIL_SESSIONS
    # The demo member who publishes it: None for the accounts demo's staff.
    staff_name: str = ""
    staff_department: str = ""


OFFERS = (
    DemoOffer(
        "082104",
        "kintoneで進める庁内業務改善とアンケート運用",
        "予算ゼロから始めたkintoneの庁内展開を、実際のアプリを操作しながらご紹介します。"
        "職員アンケート、備品貸出、研修申込など、現場の職員が自分で作ったアプリと、"
        "それを支える「アプリ作成ルール」と職員研修の進め方をお見せします。"
        "担当職員との意見交換の時間も設けています。",
        ("onsite", "online", "consultation"),
        "DX推進課",
        tools=("kintone", "logoform"),
        categories=("efficiency", "training"),
        max_party_size=8,
        accepts_companies=True,
        busy_periods=(*COUNCIL_SESSIONS, ("確定申告期間", (2, 16), (2, 24))),
    ),
    DemoOffer(
        "064033",
        "ひとり情報担当でもできるLoGoフォーム電子申請",
        "情報担当が1人の町で、LoGoフォームを使って約40の申請・届出をオンライン化した手順をお話しします。"
        "庁内の各課にどうお願いしたか、住民への周知、紙の申請と並行する期間の工夫など、"
        "小規模自治体ならではの進め方を共有します。",
        ("online", "consultation"),
        "総務企画課",
        tools=("logoform", "logochat"),
        categories=("online-services", "organisation"),
        weekdays=TUE_TO_THU,
        lead_time_days=21,
        max_party_size=5,
        duration_minutes=60,
        start_time=datetime.time(14, 0),
        accepts_students=True,
    ),
    DemoOffer(
        "012084",
        "書かない窓口の現場見学",
        "住民が申請書を書かずに済む窓口の流れを、実際の窓口で見学いただけます。"
        "業務の見直しから始めた経緯、職員の役割分担、導入後の待ち時間の変化をご説明します。",
        ("onsite", "online"),
        "市民環境部 市民課",
        categories=("counter-dx", "online-services"),
        weekdays=(1, 2, 3, 4),
        lead_time_days=45,
        max_party_size=15,
        duration_minutes=120,
        accepts_companies=True,
        accepts_students=True,
        busy_periods=(*COUNCIL_SESSIONS, ("年度末・年度初めの繁忙期", (3, 20), (4, 15))),
        staff_name="高橋 直樹",
        staff_department="市民環境部 市民課",
    ),
    DemoOffer(
        "072028",
        "データ連携基盤とオンライン申請の取り組み",
        "地域のデータ連携基盤の考え方と、その上で動くオンライン申請サービスについてご紹介します。"
        "職員交流として、担当者同士で半日じっくり意見交換する形式も受け付けています。",
        ("onsite", "exchange"),
        "企画政策部 DX推進室",
        categories=("regional-dx", "online-services"),
        weekdays=TUE_TO_THU,
        lead_time_days=60,
        max_party_size=20,
        accepts_companies=True,
        staff_name="遠藤 彩",
        staff_department="企画政策部 DX推進室",
    ),
    DemoOffer(
        "172065",
        "電子申請と庁内チャット導入のふりかえり",
        "電子申請の拡大と庁内チャットの導入を同時に進めた3年間を、うまくいかなかったことも含めてふりかえります。",
        ("onsite", "online"),
        "イノベーション推進部",
        tools=("logochat", "logoform"),
        categories=("online-services", "organisation"),
        staff_name="山本 翔太",
        staff_department="イノベーション推進部",
    ),
    DemoOffer(
        "182079",
        "オープンデータと市民協働のアプリづくり",
        "オープンデータの公開から、市民や学生と一緒に地域のアプリを作る取り組みまでをご紹介します。",
        ("onsite", "exchange", "consultation"),
        "情報統計課",
        tools=("excel",),
        categories=("regional-dx",),
        accepts_students=True,
        accepts_companies=True,
        staff_name="松田 遥",
        staff_department="情報統計課",
    ),
    DemoOffer(
        "452025",
        "おくやみ窓口とマイナンバーカード交付の工夫",
        "ご遺族の手続きを一つの窓口でまとめて案内する「おくやみ窓口」と、"
        "カード交付の予約・出張受付の運用を、現場でご覧いただけます。",
        ("onsite",),
        "総合政策部 デジタル統括課",
        categories=("counter-dx",),
        lead_time_days=45,
        max_party_size=20,
        staff_name="黒木 亮",
        staff_department="総合政策部 デジタル統括課",
    ),
    DemoOffer(
        "363421",
        "小さな町のテレワーク庁内環境づくり",
        "職員数が少ない町で、クラウドサービスを使って庁外からも安全に働ける環境を整えた経験をお話しします。",
        ("online", "exchange"),
        "総務課",
        tools=("google-workspace", "slack"),
        categories=("organisation", "security"),
        weekdays=(0, 2, 4),
        lead_time_days=14,
        max_party_size=6,
        duration_minutes=60,
        staff_name="大西 悠",
        staff_department="総務課",
    ),
    DemoOffer(
        "401307",
        "LINE公式アカウントによる行政サービスの案内",
        "LINE公式アカウントで、住民が必要な手続きや情報にたどり着けるようにした設計と運用をご説明します。",
        ("online", "consultation"),
        "総務企画局 DX戦略課",
        tools=("line",),
        categories=("online-services",),
        max_party_size=30,
        duration_minutes=60,
        accepts_companies=True,
        accepts_students=True,
        staff_name="中島 美穂",
        staff_department="総務企画局 DX戦略課",
    ),
    DemoOffer(
        "082201",
        "RPA・AI-OCRで進める定型業務の自動化",
        "紙の申請書の読み取りから基幹システムへの入力までを自動化した事例を、実際の画面でご覧いただけます。",
        ("onsite", "online"),
        "政策イノベーション部 情報政策課",
        tools=("rpa", "ai-ocr"),
        categories=("efficiency", "paperless"),
        max_party_size=12,
        staff_name="小林 陸",
        staff_department="政策イノベーション部 情報政策課",
    ),
    DemoOffer(
        "074071",
        "CDOと進める全庁DX推進体制",
        "人口約3千人の町で、CDO（最高デジタル責任者）と全課のDX推進員がどう協力しているかをご紹介します。"
        "生成AIの庁内利用ルールづくりについてもご相談に応じます。",
        ("onsite", "online", "consultation"),
        "政策課",
        tools=("generative-ai",),
        categories=("organisation", "training"),
        max_party_size=8,
        staff_name="五十嵐 健",
        staff_department="政策課",
    ),
    DemoOffer(
        "292010",
        "生成AI活用の職員研修",
        "全職員向けに実施している生成AI研修の内容と、利用ガイドラインの作り方をオンラインでご紹介します。",
        ("online", "consultation"),
        "総合政策部 DX推進課",
        tools=("generative-ai",),
        categories=("training", "security"),
        weekdays=TUE_TO_THU,
        max_party_size=20,
        duration_minutes=60,
        fee_yen=0,
        accepts_companies=True,
        staff_name="吉田 真理",
        staff_department="総合政策部 DX推進課",
    ),
    DemoOffer(
        "085464",
        "LINEで完結する子育て手続き",
        "児童手当や予防接種の予約など、子育てに関する手続きをLINEで完結できるようにした取り組みです。",
        ("online",),
        "子育て支援課",
        tools=("line",),
        categories=("online-services",),
        max_party_size=10,
        duration_minutes=60,
        fee_yen=3000,
        fee_note="資料代として1団体3,000円をお願いしています。",
        staff_name="新井 陽子",
        staff_department="子育て支援課",
    ),
)

DAIGO_STAFF = DemoAccount(
    "visits-demo-daigo@town.daigo.ibaraki.jp",
    DEMO_PASSWORD,
    "認証済み職員（茨城県大子町）/ verified staff, visitor in the visits demo",
    "鈴木 大輔",
    department="総務課 情報政策係",
)
COUNCIL_MEMBER = DemoAccount(
    "council-demo@example.com",
    DEMO_PASSWORD,
    "一般会員（町議会議員）/ council member, visitor in the visits demo",
    "中村 誠",
    department="河内町議会",
    job_title="議員",
    bio="総務常任委員会で行政のデジタル化を担当しています。",
)


@dataclass
class DemoRequest:
    offer_code: str
    requester: DemoAccount
    format: str
    visitor_type: str
    organisation: str
    party_size: int
    purpose: str
    questions: str = ""
    phone: str = ""
    status: str = Status.REQUESTED
    proposal_note: str = ""
    agenda: str = ""
    closing_reason: str = ""
    messages: list[tuple[str, str]] = field(default_factory=list)  # ("host"|"requester", text)
    report: dict | None = None
    saw: str = ""  # the title (or its start) of the host's page the report is about


REQUESTS = (
    DemoRequest(
        "082104",
        MEMBER,
        "consultation",
        "company",
        "株式会社サンプル地域DX",
        2,
        "自治体向けkintone伴走支援の参考に、庁内展開の進め方と職員研修の組み立てを伺いたい。",
        questions="アプリ作成ルールはどのように周知されましたか。",
        phone="03-0000-0000",
    ),
    DemoRequest(
        "082104",
        DAIGO_STAFF,
        "onsite",
        "municipal_staff",
        "茨城県大子町 総務課 情報政策係",
        3,
        "kintoneによる庁内アンケートの運用を拝見したい。来年度の導入に向けて、研修の進め方も伺いたい。",
        questions="1. 導入時の庁内説明はどの部署から始めましたか。\n2. ライセンス費用の財源を教えてください。",
        phone="0295-00-0000",
        status=Status.SCHEDULING,
        proposal_note="ご希望の日程は庁内行事と重なるため、次の候補日ではいかがでしょうか。",
        messages=[
            ("requester", "ご提案ありがとうございます。第1候補の日程でお願いできれば幸いです。")
        ],
    ),
    DemoRequest(
        "082104",
        SMALL_TOWN_STAFF,
        "onsite",
        "municipal_staff",
        "山形県飯豊町 総務企画課",
        4,
        "kintoneによる庁内アンケートの運用を拝見したい。小さな町でも続けられる運用体制を学びたい。",
        questions="アプリの管理者は何人で、どのように引き継いでいますか。",
        phone="0238-00-0000",
        status=Status.CONFIRMED,
        agenda="10:00 挨拶・下妻市のDX推進体制の説明\n10:20 kintoneアプリの実演（職員アンケート・備品貸出）\n"
        "11:00 担当職員との意見交換\n11:30 終了",
        messages=[
            (
                "host",
                "当日は市役所本庁舎3階の会議室へお越しください。駐車場は庁舎北側をご利用いただけます。",
            ),
            ("requester", "承知しました。当日はよろしくお願いいたします。"),
        ],
    ),
    DemoRequest(
        "172065",
        SHIMOTSUMA_STAFF,
        "onsite",
        "municipal_staff",
        "茨城県下妻市 DX推進課",
        2,
        "庁内チャット導入時の合意形成の進め方を伺いたい。",
        status=Status.DONE,
        agenda="13:30 概要説明\n14:00 チャット運用ルールの紹介\n14:40 質疑応答",
        report={
            "title": "加賀市の庁内チャット導入を視察して",
            "what_we_saw": "導入初年度に各課1名の推進員を置き、使い方の相談をチャット上で受け付けていました。"
            "「うまくいかなかったこと」を率直に共有いただけたのが何よりの収穫でした。",
            "what_we_will_try": "下妻市でもkintoneの推進員制度に合わせて、チャットでの相談窓口を試行します。",
            "adopt": True,
        },
    ),
    DemoRequest(
        "401307",
        SMALL_TOWN_STAFF,
        "online",
        "municipal_staff",
        "山形県飯豊町 総務企画課",
        3,
        "LINE公式アカウントのメニュー設計と、問い合わせ対応の運用を伺いたい。",
        status=Status.DONE,
        report={
            "title": "福岡市のLINE活用をオンラインで学ぶ",
            "what_we_saw": "住民が迷わないメニュー設計の考え方と、問い合わせが減った効果を数字で示していただきました。",
            "what_we_will_try": "町の公式LINEのメニューを、よく使われる手続き3つに絞って作り直します。",
            "adopt": False,
        },
    ),
    DemoRequest(
        "064033",
        DAIGO_STAFF,
        "online",
        "municipal_staff",
        "茨城県大子町 総務課 情報政策係",
        2,
        "情報担当1人でも回せる、kintoneの公用車・会議室予約の運用をオンラインで伺いたい。",
        questions="紙の予約台帳をやめるとき、各課にどう説明しましたか。",
        status=Status.DONE,
        agenda="14:00 飯豊町の取組紹介\n14:20 予約アプリの画面共有\n14:40 質疑応答",
        report={
            "title": "飯豊町のkintone予約アプリをオンラインで視察して",
            "what_we_saw": "公用車・会議室・備品の予約を一つのアプリにまとめ、総務の台帳係がいなくても"
            "職員が自分で空きを確かめて予約していました。紙の台帳は1か月だけ並行して残したそうです。",
            "what_we_will_try": "大子町でも、公用車と会議室の予約からアプリテンプレートを使って始めます。",
            "adopt": True,
        },
        saw="公用車・会議室・備品の予約",
    ),
    DemoRequest(
        "012084",
        COUNCIL_MEMBER,
        "onsite",
        "council_member",
        "河内町議会 総務常任委員会",
        6,
        "議員視察として、書かない窓口の導入効果と住民の反応を伺いたい。",
        status=Status.DECLINED,
        closing_reason="ご希望の時期は他自治体の視察受入が重なっており、対応できる職員を確保できないため、"
        "今回はお受けできません。時期を改めてご相談ください。",
    ),
    DemoRequest(
        "452025",
        DAIGO_STAFF,
        "onsite",
        "municipal_staff",
        "茨城県大子町 総務課 情報政策係",
        4,
        "おくやみ窓口の運用と、関係課との調整方法を伺いたい。",
        status=Status.CANCELLED,
        closing_reason="台風の接近により出張が中止となったため、取り消します。改めてお願いするかもしれません。",
    ),
)
