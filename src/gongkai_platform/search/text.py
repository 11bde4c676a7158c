"""Turn Chinese text into index tokens and queries, the same way for SQLite FTS5 and PostgreSQL.

Chinese has no spaces, so every run of CJK characters is indexed as its overlapping character bigrams plus the
run's last character on its own: 长沙市 → 长沙 沙市 市. Every character of the text is then the first
character of some token, which makes search exact for any query made of CJK characters:
- 2 or more characters: the phrase of the query's bigrams (信息公开 → "信息 息公 公开");
- 1 character: a prefix query (信*), matching both 信X bigrams and a run-final 信.
Other text is split into lower-cased letter/digit words. Both databases see only space-separated tokens that
Python made, so their own word parsers (unicode61, PostgreSQL's `simple`) never decide anything.
"""

import re
from dataclasses import dataclass

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007\U00020000-\U0003134f"
_TOKEN = re.compile(rf"([{_CJK}]+)|([^\W_{_CJK}]+)")
MAX_QUERY_CHARS = 100


def _cjk_tokens(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def tokens(text: str) -> list[str]:
    found: list[str] = []
    for cjk, word in _TOKEN.findall(text or ""):
        found += _cjk_tokens(cjk) if cjk else [word.lower()]
    return found


def index_text(text: str) -> str:
    """The space-separated token string both databases index."""
    return " ".join(tokens(text))


@dataclass(frozen=True)
class Piece:
    """One part of a query that must match: a phrase of consecutive tokens, or a single-character prefix."""

    tokens: tuple[str, ...]
    prefix: bool = False

    @property
    def text(self) -> str:
        """The literal (lower-cased) text the piece stands for: 信息 息公 公开 → 信息公开."""
        return self.tokens[0] + "".join(t[-1] for t in self.tokens[1:])


def parse_query(query: str) -> list[Piece]:
    """Pieces that must all match. Spaces separate terms (all required); inside a term, each CJK run and each
    word is one piece. A query of CJK characters only is one piece, so it means exactly "contains this text"."""
    pieces: list[Piece] = []
    for cjk, word in _TOKEN.findall((query or "")[:MAX_QUERY_CHARS]):
        if cjk and len(cjk) == 1:
            piece = Piece((cjk,), prefix=True)
        elif cjk:
            piece = Piece(tuple(cjk[i : i + 2] for i in range(len(cjk) - 1)))
        else:
            piece = Piece((word.lower(),))
        if piece not in pieces:
            pieces.append(piece)
    return pieces


def fts5_match(pieces: list[Piece]) -> str:
    """An FTS5 MATCH expression. Tokens are letters, digits and CJK only, so quoting cannot be broken."""
    parts = []
    for piece in pieces:
        phrase = '"' + " ".join(piece.tokens) + '"'
        parts.append(phrase + "*" if piece.prefix else phrase)
    return " AND ".join(parts)


def tsquery(pieces: list[Piece]) -> str:
    """A to_tsquery('simple', …) expression with the same meaning as fts5_match."""
    parts = []
    for piece in pieces:
        if piece.prefix:
            parts.append(f"'{piece.tokens[0]}':*")
        else:
            parts.append("(" + " <-> ".join(f"'{t}'" for t in piece.tokens) + ")")
    return " & ".join(parts)


def terms(query: str) -> list[str]:
    """The literal strings to highlight in results: the query's whitespace-separated terms."""
    return [t for t in (query or "")[:MAX_QUERY_CHARS].split() if t]
