"""Web pages: the article's real tables cell by cell, its text as lines, and the page's metadata beside it.

Agencies publish the report as an article page. Its tables are either real `<table>`s (merged cells appear once,
in their first row, which is what the reader expects) or were flattened by the site's editor into one paragraph
per cell or `&nbsp;`-separated lines; those read through the text tokenizer with a line break at every block
boundary.

The report is the article, not the page: the smallest element holding the report's section headings and tables
(a site's `TRS_Editor`, `#zoom`, a layout `<td>` — found by content, not by class names, which every CMS spells
differently). The site's header, breadcrumb, metadata block and footer (附件下载, 扫一扫, 主办单位, link lists)
stay out of the report's text; the page's `<meta>` tags, `<title>`, breadcrumb and metadata block are returned
as a `metadata.Page`. Without headings to go by, the whole page is read with its obvious chrome dropped.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .metadata import Page
from .sections import number as section_number
from .text import Stream
from .tokens import Kind, Token, make, normalize

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


_TABLE_WORDS = ("第二十条", "申请人情况", "行政复议", "结果维持", "信息内容")
_HEADING_MAX_TEXT = 60
_HEADING_MAX_RAW = 400  # characters with white space and &nbsp; padding
_BREADCRUMB = (
    "[class*=crumb], [id*=crumb], [class*=position], [id*=position], [class*=location], [class*=dqwz],"
    " [id*=dqwz], [class*=weizhi], [class*=path]"
)
_BREADCRUMB_WORDS = ("当前位置", "您的位置", "您现在的位置", "所在位置")
_TITLE_SEPARATORS = re.compile(r"\s*[_|｜—\-]{1,2}\s*")


def tokenize(data: bytes) -> list[Token]:
    return parse(data)[0]


def parse(data: bytes) -> tuple[list[Token], Page]:
    """The article's tokens and what the page says about it."""
    tree = LexborHTMLParser(decode(data))
    body = tree.body or tree.root
    if body is None:
        return [], Page()
    page = _page(tree, body)
    article = _article(body)
    if article is None:
        _drop_chrome(body)
        return _tokens(body), page
    tokens = _tokens(article)
    article.decompose()  # what is left is the page around it: its metadata block
    page.fields = [t.raw for t in _tokens(body) if t.kind is Kind.TEXT and len(t.raw) <= 200]
    return tokens, page


def _tokens(root: LexborNode) -> list[Token]:
    out = Stream()
    _walk(root, out, 0)
    out.flush()
    return out.tokens


def _drop_chrome(root: LexborNode) -> None:
    for tag in _CHROME:
        for node in root.css(tag):
            if node.css_first("table") is None and len(normalize(node.text() or "")) <= _CHROME_MAX_TEXT:
                node.decompose()


def _article(body: LexborNode) -> LexborNode | None:
    """The smallest element holding every section heading and report table, if there are two or more."""
    marks = [t for t in body.css("table") if any(w in (t.text() or "") for w in _TABLE_WORDS)]
    seen: set[int] = set()
    for node in body.css("p, div, h1, h2, h3, h4, h5, h6, li, td, th, section, article"):
        raw = node.text() or ""
        if (
            len(raw) > _HEADING_MAX_RAW
        ):  # a container of many lines, not a heading: skip the costly normalising
            continue
        text = normalize(raw)
        if len(text) <= _HEADING_MAX_TEXT and section_number(text) is not None and text not in seen:
            seen.add(text)
            marks.append(node)
    if len(marks) < 2:
        return None
    chains = [_ancestors(m) for m in marks]
    common = None
    for level in zip(*chains, strict=False):
        if any(n.mem_id != level[0].mem_id for n in level):
            break
        common = level[0]
    if common is None or common.tag in ("html", "body"):
        return None
    return common


def _ancestors(node: LexborNode) -> list[LexborNode]:
    """`node` and its ancestors, the root first."""
    chain = []
    while node is not None:
        chain.append(node)
        node = node.parent
    return chain[::-1]


def _page(tree: LexborHTMLParser, body: LexborNode) -> Page:
    page = Page()
    meta = {
        (m.attributes.get("name") or "").lower(): (m.attributes.get("content") or "").strip()
        for m in tree.css("meta[name]")
    }
    if meta.get("articletitle"):
        page.titles.append(meta["articletitle"])
    title = tree.css_first("title")
    if title is not None:
        page.titles += [p for p in _TITLE_SEPARATORS.split(title.text() or "") if p.strip()]
    page.published = meta.get("pubdate") or meta.get("publishdate") or None
    page.publishers = [meta[k] for k in ("author", "contentsource", "source") if meta.get(k)]
    page.breadcrumb = _breadcrumb(body)
    return page


def _breadcrumb(body: LexborNode) -> list[str]:
    for node in body.css(_BREADCRUMB):
        links = [normalize(a.text() or "") for a in node.css("a")]
        text = normalize(node.text() or "")
        if links and (any(w in text for w in _BREADCRUMB_WORDS) or "首页" in links[:1]):
            return [link for link in links if link]
    return []


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
