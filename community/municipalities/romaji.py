"""English names for places: prefectures from a table, municipalities from the
registry's kana reading in (modified) Hepburn, as their own English pages write
them: 「しもつまし」 → "Shimotsuma City", 「とうべつちょう」 → "Tobetsu Town"
(long vowels without macrons)."""

PREFECTURES_EN = {
    "01": "Hokkaido", "02": "Aomori", "03": "Iwate", "04": "Miyagi", "05": "Akita",
    "06": "Yamagata", "07": "Fukushima", "08": "Ibaraki", "09": "Tochigi", "10": "Gunma",
    "11": "Saitama", "12": "Chiba", "13": "Tokyo", "14": "Kanagawa", "15": "Niigata",
    "16": "Toyama", "17": "Ishikawa", "18": "Fukui", "19": "Yamanashi", "20": "Nagano",
    "21": "Gifu", "22": "Shizuoka", "23": "Aichi", "24": "Mie", "25": "Shiga",
    "26": "Kyoto", "27": "Osaka", "28": "Hyogo", "29": "Nara", "30": "Wakayama",
    "31": "Tottori", "32": "Shimane", "33": "Okayama", "34": "Hiroshima", "35": "Yamaguchi",
    "36": "Tokushima", "37": "Kagawa", "38": "Ehime", "39": "Kochi", "40": "Fukuoka",
    "41": "Saga", "42": "Nagasaki", "43": "Kumamoto", "44": "Oita", "45": "Miyazaki",
    "46": "Kagoshima", "47": "Okinawa",
}  # fmt: skip

_KANA = {
    "あ": "a", "い": "i", "う": "u", "え": "e", "お": "o",
    "か": "ka", "き": "ki", "く": "ku", "け": "ke", "こ": "ko",
    "さ": "sa", "し": "shi", "す": "su", "せ": "se", "そ": "so",
    "た": "ta", "ち": "chi", "つ": "tsu", "て": "te", "と": "to",
    "な": "na", "に": "ni", "ぬ": "nu", "ね": "ne", "の": "no",
    "は": "ha", "ひ": "hi", "ふ": "fu", "へ": "he", "ほ": "ho",
    "ま": "ma", "み": "mi", "む": "mu", "め": "me", "も": "mo",
    "や": "ya", "ゆ": "yu", "よ": "yo",
    "ら": "ra", "り": "ri", "る": "ru", "れ": "re", "ろ": "ro",
    "わ": "wa", "ゐ": "i", "ゑ": "e", "を": "o", "ん": "n",
    "が": "ga", "ぎ": "gi", "ぐ": "gu", "げ": "ge", "ご": "go",
    "ざ": "za", "じ": "ji", "ず": "zu", "ぜ": "ze", "ぞ": "zo",
    "だ": "da", "ぢ": "ji", "づ": "zu", "で": "de", "ど": "do",
    "ば": "ba", "び": "bi", "ぶ": "bu", "べ": "be", "ぼ": "bo",
    "ぱ": "pa", "ぴ": "pi", "ぷ": "pu", "ぺ": "pe", "ぽ": "po",
    "ぁ": "a", "ぃ": "i", "ぅ": "u", "ぇ": "e", "ぉ": "o", "ゔ": "vu",
}  # fmt: skip
_SMALL_Y = {"ゃ": "a", "ゅ": "u", "ょ": "o"}

# The kind's word at the end of the reading, and its English.
_SUFFIXES = {
    "city": (("し",), "City"),
    "core_city": (("し",), "City"),
    "designated_city": (("し",), "City"),
    "special_ward": (("く",), "City"),  # 「千代田区」 calls itself "Chiyoda City"
    "town": (("ちょう", "まち"), "Town"),
    "village": (("むら", "そん"), "Village"),
}


def hepburn(kana: str) -> str:
    """Hiragana or katakana in Hepburn, long vowels shortened (とうきょう → tokyo)."""
    text = "".join(chr(ord(ch) - 0x60) if "ァ" <= ch <= "ヶ" else ch for ch in kana)
    syllables: list[str] = []
    double_next = False
    for ch in text:
        if ch in _SMALL_Y and syllables and syllables[-1].endswith("i"):
            stem = syllables.pop()[:-1]
            stem = stem if stem.endswith(("sh", "ch", "j")) else stem + "y"
            syllables.append(stem + _SMALL_Y[ch])
        elif ch in ("っ", "ッ"):
            double_next = True
            continue
        elif ch == "ー":
            continue
        elif ch in _KANA:
            roman = _KANA[ch]
            if double_next:
                roman = ("t" if roman.startswith("ch") else roman[0]) + roman
            syllables.append(roman)
        else:
            syllables.append(ch)
        double_next = False
    roman = ""
    for syllable in syllables:
        # o+u, o+o and u+u are one long vowel, written without a macron.
        if roman.endswith("o") and syllable in ("u", "o"):
            continue
        if roman.endswith("u") and syllable == "u":
            continue
        roman += syllable
    return roman


def municipality_name_en(kana: str, kind: str) -> str:
    """「しもつまし」 (city) → "Shimotsuma City"; "" without a reading."""
    if not kana:
        return ""
    endings, word = _SUFFIXES.get(kind, ((), ""))
    for ending in endings:
        if kana.endswith(ending) and len(kana) > len(ending):
            stem = hepburn(kana[: -len(ending)])
            return f"{stem[:1].upper()}{stem[1:]} {word}"
    roman = hepburn(kana)
    return roman[:1].upper() + roman[1:]
