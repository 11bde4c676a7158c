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

An `<img>` (a table published as a picture) is read by OCR where it stands: a `data:` URI is decoded; a relative
`src` is read from the folder the page was saved in (a crawler's `page_files/`), when the page is read from a
file, and never from outside it (a lazily loaded picture by its data-src). Nothing is fetched over the network:
a picture named by URL is reported unread.
"""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes

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


_WIDTH = re.compile(r"width\s*:\s*([\d.]+)\s*(pt|px|in|cm|mm)?", re.IGNORECASE)
_PT = {"pt": 1.0, "px": 0.75, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "": 0.75}
_SMALL_PX = (200, 80)  # a picture declared smaller (px) is an icon or a logo, not a table
_MAX_PICTURE = 50 * 1024 * 1024
_LAZY = ("data-src", "data-original", "data-lazy-src")


class _Out(Stream):
    """The token stream, with what the pictures it meets are read from."""

    def __init__(self, pictures, folder: Path | None) -> None:
        super().__init__()
        self.pictures, self.folder = pictures, folder

    def picture(self, node: LexborNode) -> None:
        # a page that loads its pictures lazily names the real one in data-src, its src a placeholder
        lazy = (node.attributes.get(k) for k in _LAZY)
        src = (next((v for v in lazy if v), None) or node.attributes.get("src") or "").strip()
        if not src or _declared_small(node):
            return
        data, name = self._source(src)
        if data is None:
            return
        from .scan import read_encoded

        self.flush()
        tokens, self.row = read_encoded(data, name, self.row + 1, self.pictures, _width(node))
        self.tokens.extend(tokens)

    def _source(self, src: str) -> tuple[bytes | None, str]:
        """The picture's bytes and its name, or None (and the reason noted) when they cannot be had."""
        if src[:5].lower() == "data:":
            header, _, payload = src.partition(",")
            try:
                if header.lower().endswith(";base64"):
                    return base64.b64decode(payload), "内嵌图片"
                return unquote_to_bytes(payload), "内嵌图片"
            except (binascii.Error, ValueError):
                self.pictures.unread.append("内嵌图片（数据无法解码）")
                return None, ""
        path = unquote(src.split("?")[0].split("#")[0])
        name = path.rsplit("/", 1)[-1] or src
        if re.match(r"^[a-z][a-z0-9+.-]*:|^/", path, re.IGNORECASE):
            self.pictures.unread.append(f"{name}（网络图片，未下载）")
            return None, ""
        if self.folder is None:
            self.pictures.unread.append(f"{name}（网页所在目录未知，未读取）")
            return None, ""
        root = self.folder.resolve()
        where = (root / path).resolve()
        if not where.is_relative_to(root):
            self.pictures.unread.append(f"{name}（不在网页所在目录内，未读取）")
            return None, ""
        try:
            if where.stat().st_size > _MAX_PICTURE:
                raise OSError("too large")
            return where.read_bytes(), name
        except OSError:
            self.pictures.unread.append(f"{name}（文件缺失或无法打开）")
            return None, ""


def _declared_small(node: LexborNode) -> bool:
    sizes = [node.attributes.get(k) or "" for k in ("width", "height")]
    return any(v.isdigit() and int(v) < least for v, least in zip(sizes, _SMALL_PX, strict=True))


def _width(node: LexborNode) -> float | None:
    """The width (points) the page places a picture at: its style's width, else its width attribute (px)."""
    m = _WIDTH.search(node.attributes.get("style") or "")
    if m:
        return float(m[1]) * _PT[(m[2] or "").lower()]
    width = node.attributes.get("width") or ""
    return int(width) * 0.75 if width.isdigit() else None


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


def parse(data: bytes, pictures=None, folder: Path | None = None) -> tuple[list[Token], Page]:
    """The article's tokens and what the page says about it. `pictures` (a `scan.Pictures`) collects the
    pictures OCR could not read; `folder` is where the page was saved, for pictures named by relative path."""
    if pictures is None:
        from .scan import Pictures

        pictures = Pictures()
    tree = LexborHTMLParser(decode(data))
    body = tree.body or tree.root
    if body is None:
        return [], Page()
    page = _page(tree, body)
    article = _article(body)
    if article is None:
        _drop_chrome(body)
        return _tokens(body, _Out(pictures, folder)), page
    tokens = _tokens(article, _Out(pictures, folder))
    article.decompose()  # what is left is the page around it: its metadata block
    page.fields = [t.raw for t in _tokens(body, Stream()) if t.kind is Kind.TEXT and len(t.raw) <= 200]
    return tokens, page


def _tokens(root: LexborNode, out: Stream) -> list[Token]:
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
        if tag == "img":
            if isinstance(out, _Out):  # the page round the article (its metadata block) reads no pictures
                out.picture(node)
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
            if len(token.norm) > _CELL_MAX_TEXT or cell.css_first("table, img") is not None:
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
