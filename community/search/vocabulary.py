"""Vocabulary the engine ships with: the government and DX synonym groups
(``data/synonyms.txt``, loaded once into ``SynonymGroup`` rows by a migration)
and the spellings of each tool in the taxonomy (generated from the ``Tool`` rows
whenever the synonym map is built, so a tool added in the admin is found by its
name, its slug and its English name at once).
"""

from pathlib import Path

SHIPPED = Path(__file__).with_name("data") / "synonyms.txt"

# How officers also write the tools the site starts with, by taxonomy slug:
# katakana, half-width, romaji and common misspellings.
TOOL_SPELLINGS = {
    "kintone": ["キントーン", "kinton", "キントン", "サイボウズ kintone"],
    "logoform": ["ロゴフォーム", "LoGo Form", "logoフォーム", "ろごふぉーむ"],
    "logochat": ["ロゴチャット", "LoGo Chat", "logoチャット"],
    "line": ["ライン", "LINE公式アカウント", "ＬＩＮＥ"],
    "microsoft-365": ["M365", "Office 365", "Office365", "マイクロソフト365", "MS365"],
    "google-workspace": ["グーグルワークスペース", "G Suite", "Gsuite", "Googleワークスペース"],
    "slack": ["スラック"],
    "rpa": ["アールピーエー", "WinActor", "ウィンアクター", "UiPath"],
    "ai-ocr": ["AIOCR", "AI OCR", "エーアイオーシーアール", "DX Suite"],
    "generative-ai": ["ChatGPT", "チャットGPT", "生成ai", "対話型AI", "Copilot", "Gemini"],
    "excel": ["エクセル", "表計算ソフト"],
    "power-apps": ["パワーアップス", "PowerApps"],
    "google-forms": ["グーグルフォーム", "Google Forms", "Googleフォーム"],
    "microsoft-forms": ["マイクロソフトフォームズ", "MS Forms"],
}


def shipped_groups() -> list[str]:
    """The shipped groups, one string each (entries separated by commas)."""
    lines = SHIPPED.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def tool_groups(tools=None) -> list[str]:
    """One group per tool (``tools``: each one's name, slug and English name, read
    already; else every tool's): its name, slug, English name and known spellings."""
    from community.taxonomy.models import Tool

    if tools is None:
        tools = Tool.objects.order_by("pk").values_list("name", "slug", "name_en")
    groups = []
    for name, slug, name_en in tools:
        spellings = [name, name_en, slug.replace("-", " "), *TOOL_SPELLINGS.get(slug, [])]
        groups.append("\n".join(dict.fromkeys(s for s in spellings if s)))
    return groups
