"""Web pages: real tables cell by cell, everything else as lines of text.

Agencies publish the report as an article page. Its tables are either real `<table>`s (merged cells appear once,
in their first row, which is what the reader expects) or were flattened by the site's editor into one paragraph
per cell or `&nbsp;`-separated lines; those read through the text tokenizer with a line break at every block
boundary. Site chrome (scripts, navigation) is dropped unless it could hold the report itself.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .text import Stream
from .tokens import Token, make, normalize

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_GB = frozenset(
    {"gb2312", "gbk", "gb18030", "gb_2312-80", "x-gbk", "cp936", "x-euc-cn", "euc-cn", "hz-gb-2312"}
)
_BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "caption",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
        "title",
    ]
)
_DROP = frozenset(
    {"script", "style", "noscript", "template", "head", "select", "button", "svg", "iframe", "object"}
)
_CHROME = ("nav", "header", "footer", "aside")  # dropped when they hold no table and little text
_CHROME_MAX_TEXT = 400
_CELL_MAX_TEXT = 80  # a cell with more text is a layout cell wrapping prose (or the whole article)
_MAX_TABLE_DEPTH = 8


def tokenize(data: bytes) -> list[Token]:
    tree = LexborHTMLParser(decode(data))
    root = tree.body or tree.root
    if root is None:
        return []
    for tag in _CHROME:
        for node in root.css(tag):
            if node.css_first("table") is None and len(normalize(node.text() or "")) <= _CHROME_MAX_TEXT:
                node.decompose()
    out = Stream()
    _walk(root, out, 0)
    out.flush()
    return out.tokens


def decode(data: bytes) -> str:
    """The page's text in its declared charset (GB2312/GBK read as their superset GB18030), else UTF-8."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    m = _CHARSET.search(data[:16384])
    declared = m.group(1).decode("ascii").lower() if m else ""
    if declared in _GB:
        return data.decode("gb18030", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace")


def _walk(root: LexborNode, out: Stream, depth: int) -> None:
    """Depth-first over `root`'s subtree without recursion (pages can nest thousands deep)."""
    stack: list[tuple[LexborNode, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        tag = node.tag
        if leaving:
            out.newline()
            continue
        if tag == "-text":
            out.add(node.text_content or "")
            continue
        if tag in _DROP or tag == "-comment":
            continue
        if tag == "br":
            out.newline()
            continue
        if tag == "table" and node is not root and depth < _MAX_TABLE_DEPTH:
            _table(node, out, depth + 1)
            continue
        if tag in _BLOCK or tag == "table":
            out.newline()
            stack.append((node, True))
        children = []
        child = node.first_child
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend((c, False) for c in reversed(children))


def _table(table: LexborNode, out: Stream, depth: int) -> None:
    out.newline()
    for caption in _children(table, ("caption",)):
        out.lines.append(caption.text() or "")
    out.flush()
    for tr in _rows(table):
        out.row += 1
        for cell in _children(tr, ("td", "th")):
            token = make(cell.text(deep=True, separator="", strip=False) or "", out.row)
            if len(token.norm) > _CELL_MAX_TEXT or cell.css_first("table") is not None:
                _walk(cell, out, depth)  # a layout cell: read what it holds as a page
                out.flush()
                out.row += 1
            else:
                out.tokens.append(token)
    out.flush()


def _rows(table: LexborNode):
    for child in _children(table, ("tr", "thead", "tbody", "tfoot")):
        if child.tag == "tr":
            yield child
        else:
            yield from _children(child, ("tr",))


def _children(node: LexborNode, tags: tuple[str, ...]):
    child = node.first_child
    while child is not None:
        if child.tag in tags:
            yield child
        child = child.next
