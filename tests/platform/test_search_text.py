"""The tokenisation behind search: a query matches a text's tokens exactly when it is a substring of it."""

from hypothesis import given
from hypothesis import strategies as st

from gongkai_platform.search.text import fts5_match, index_text, parse_query, tokens, tsquery

ALPHABET = "公开信息政府年报统计数据，。 ab1"
CJK = "公开信息政府年报统计数据"


def _matches(text: str, query: str) -> bool:
    """Phrase / prefix matching over the token list, as FTS5 and tsquery do it."""
    toks = tokens(text)
    for piece in parse_query(query):
        if piece.prefix:
            found = any(t.startswith(piece.tokens[0]) for t in toks)
        else:
            n = len(piece.tokens)
            found = any(tuple(toks[i : i + n]) == piece.tokens for i in range(len(toks) - n + 1))
        if not found:
            return False
    return True


def test_cjk_runs_become_bigrams_and_a_final_unigram():
    assert tokens("长沙市人民政府，2024年GB/T") == [
        "长沙",
        "沙市",
        "市人",
        "人民",
        "民政",
        "政府",
        "府",
        "2024",
        "年",
        "gb",
        "t",
    ]
    assert index_text("信息公开") == "信息 息公 公开 开"


def test_queries_become_phrases_and_prefixes():
    assert fts5_match(parse_query("信息公开")) == '"信息 息公 公开"'
    assert fts5_match(parse_query("信")) == '"信"*'
    assert tsquery(parse_query("信息公开 2024")) == "('信息' <-> '息公' <-> '公开') & ('2024')"
    assert tsquery(parse_query("信")) == "'信':*"
    assert parse_query("，。!?") == []


@given(st.text(ALPHABET, max_size=40), st.text(CJK, min_size=1, max_size=5))
def test_cjk_query_matches_exactly_the_texts_containing_it(text, query):
    assert _matches(text, query) == (query in text)


@given(st.text(ALPHABET, max_size=40))
def test_every_substring_of_a_cjk_run_is_found(text):
    for run in "".join(c if c in CJK else " " for c in text).split():
        for size in (1, 2, 4):
            for i in range(len(run) - size + 1):
                assert _matches(text, run[i : i + size])
