"""Reading a query: bounded, quoted, expanded through synonyms."""

from community.search.query import MAX_UNITS, parse_query
from community.search.synonyms import build_synonym_map

SYNONYMS = build_synonym_map(["スマホ\nスマートフォン", "窓口\n窓口業務"])


def test_every_word_is_required_and_each_synonym_is_enough():
    parsed = parse_query("スマホで申請", SYNONYMS)

    assert parsed.to_fts5() == '(("スマホ" OR "スマートフォン") AND "申請")'
    assert parsed.to_tsquery() == "(('スマホ' | 'スマートフォン') & '申請')"


def test_a_compound_matches_whole_or_as_its_parts_side_by_side():
    parsed = parse_query("電子申請", {})
    assert parsed.to_fts5() == '("電子申請" OR "電子 申請")'
    assert parsed.to_tsquery() == "('電子申請' | ('電子' <-> '申請'))"


def test_a_run_of_kana_also_matches_as_a_reading():
    assert parse_query("まどぐち", {}).to_fts5() == '("まどぐち" OR ("まど" AND "ぐち"))'


def test_a_synonym_of_several_words_is_found_in_the_query():
    parsed = parse_query("窓口業務の改善", SYNONYMS)

    assert parsed.to_fts5() == '((("窓口" AND "業務") OR "窓口") AND "改善")'


def test_the_title_variants_restrict_every_term():
    parsed = parse_query("スマホ", SYNONYMS)

    assert (
        parsed.to_fts5(column="title_terms")
        == '{title_terms} : (("すまほ" OR "スマホ" OR "スマートフォン"))'
    )
    assert parsed.to_tsquery(weight="A") == "('すまほ':A | 'スマホ':A | 'スマートフォン':A)"


def test_query_syntax_typed_by_a_user_is_only_ever_quoted_words():
    parsed = parse_query('"申請" OR (窓口* ^ col:x) \' ; -- &|!', {})

    assert parsed.to_fts5() == '("申請" AND "or" AND "窓口" AND "col" AND "x")'
    assert parsed.to_tsquery() == "('申請' & 'or' & '窓口' & 'col' & 'x')"


def test_a_query_of_punctuation_is_no_query():
    parsed = parse_query("！？。、…「」", SYNONYMS)

    assert not parsed
    assert parsed.tree is None


def test_a_long_query_keeps_only_its_first_distinct_words():
    query = "、".join(f"第{number}号議案" for number in range(500))  # 3,000+ characters

    parsed = parse_query(query, {})

    assert len(parsed.tree.items) == MAX_UNITS
    assert parse_query("窓口 窓口 窓口", {}).to_fts5() == '"窓口"'


def test_a_relaxed_match_asks_the_index_for_any_half_of_the_words_together():
    parsed = parse_query("窓口 予約 申請 電話", {})
    assert len(parsed.units) == 4
    # Any two of the four words, as one query an index answers.
    assert parsed.enough_units(2).to_tsquery() == (
        "(('窓口' & '予約') | ('窓口' & '申請') | ('窓口' & '電話') | ('予約' & '申請')"
        " | ('予約' & '電話') | ('申請' & '電話'))"
    )
    # Too many combinations: any one word, each row's words counted after.
    many = parse_query(" ".join(f"語{number}" for number in range(12)), {})
    assert many.enough_units(6).to_tsquery() == many.any_unit().to_tsquery()
