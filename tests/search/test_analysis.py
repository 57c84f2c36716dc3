"""The analyser: what a page's text and a user's query become."""

from concurrent.futures import ThreadPoolExecutor

from community.search.analysis import normalise, word_terms, words


def test_spelling_variants_become_one_term():
    assert word_terms("申込") == word_terms("申込み") == word_terms("申し込み") == "申し込み"


def test_a_compound_is_indexed_whole_and_in_parts():
    assert word_terms("電子申請") == "電子申請 電子 申請"


def test_particles_punctuation_and_grammar_words_carry_no_terms():
    assert word_terms("窓口について、することができるようになりました。") == "窓口"
    assert word_terms("！？。、「」・…") == ""


def test_latin_is_width_folded_and_lowercased():
    assert word_terms("ＣｈａｔＧＰＴとＲＰＡ") == "chatgpt rpa"
    assert word_terms("ｽﾏﾎ") == "スマホ"


def test_numbers_are_kept():
    assert word_terms("令和6年度に1,000件") == "令和 6 年度 1000 件"


def test_text_longer_than_sudachi_accepts_is_analysed_to_the_end():
    # Sudachi refuses more than 49,149 bytes in one call: about 16,000 kanji.
    text = "住民票の写しを電子申請で受け付けています。" * 3000 + "最後にペーパーレス会議。"

    terms = word_terms(text).split()

    assert terms.count("住民票") == 3000
    assert "ペーパーレス" in terms[-4:]


def test_offsets_point_into_the_normalised_text():
    text = normalise("㈱ｽﾏﾎで申請")  # NFKC: "(株)スマホで申請", longer than the original

    found = [(word.term, word.begin, text[word.begin : word.end]) for word in words(text)]

    assert found == [("スマホ", 3, "スマホ"), ("申請", 7, "申請")]


def test_threads_can_analyse_at_the_same_time():
    texts = [
        f"第{n}回 電子申請とスマートフォン決済の研修を窓口で実施しました。" * 20 for n in range(40)
    ]
    expected = [word_terms(text) for text in texts]

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(word_terms, texts)) == expected
