"""Word documents: the body in order, paragraphs as lines of text and table cells one token each.

The XML of the main part is walked directly (python-docx's `row.cells` would repeat a merged cell once per grid
column and once per row it spans, while the reader wants a merged label once, in its first row). Each `w:tc` of a
row is one cell however many columns it spans (gridSpan); continuation cells of a vertical merge
(`w:vMerge` without `w:val="restart"`) and old-style horizontal merges (`w:hMerge`) are skipped.

Pictures (a table pasted as a screenshot: `w:drawing` → `a:blip r:embed`, or VML's `v:imagedata r:id`, both
naming a part in word/media) are read by OCR where they stand among the paragraphs and tables, at the size the
document places them (`wp:extent`).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile

from docx.oxml.ns import qn
from lxml import etree

from .text import Stream
from .tokens import Token, normalize

_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (
    qn(t) for t in ("w:p", "w:tbl", "w:tr", "w:tc", "w:sdt", "w:sdtContent")
)
_T, _TAB, _BR, _CR = (qn(t) for t in ("w:t", "w:tab", "w:br", "w:cr"))
_TCPR, _VMERGE, _HMERGE, _VAL = qn("w:tcPr"), qn("w:vMerge"), qn("w:hMerge"), qn("w:val")
_BLIP, _IMAGEDATA = qn("a:blip"), "{urn:schemas-microsoft-com:vml}imagedata"
_EMBED, _LINK = qn("r:embed"), qn("r:link")
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_RELATION = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_EXTENT = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"
_ANCHOR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}anchor"
_VML_WIDTH = re.compile(r"width\s*:\s*([\d.]+)\s*(pt|in|cm|mm|px)?")
_PT = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "px": 0.75, None: 0.75}
_EMU_PT = 12700  # English Metric Units in a point
_CELL_MAX_TEXT = 80  # a cell with more text is a layout cell wrapping prose
_MAX_DEPTH = 8
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
_MAX_XML = 64 * 1024 * 1024  # a document part larger than this once unzipped is a zip bomb


def tokenize(data: bytes, pictures=None) -> list[Token]:
    """The body's tokens; `pictures` (a `scan.Pictures`) collects the pictures OCR could not read."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        main = _main_part(package)
        body = _body(package, main)
        out = _Out(package, _media(package, main), pictures or _pictures())
        _blocks(body, out, 0)
    out.flush()
    return out.tokens


class _Out(Stream):
    """The token stream, with the package the pictures it meets are read from."""

    def __init__(self, package: zipfile.ZipFile, media: dict[str, str], pictures) -> None:
        super().__init__()
        self.package, self.media, self.pictures = package, media, pictures

    def picture(self, node) -> None:
        """A picture where it stands: the text before it ends, its tokens follow, in rows of their own. A picture
        laid behind the text (a letterhead, a watermark) is the page's background, as in a PDF, and is not read."""
        if any(a.tag == _ANCHOR and a.get("behindDoc") in ("1", "true") for a in node.iterancestors()):
            return
        rel = node.get(_EMBED) or node.get(_RELATION)
        target = self.media.get(rel or "")
        if target is None:
            name = "链接的外部图片" if node.get(_LINK) else f"图片 {rel}"
            self.pictures.unread.append(f"{name}（文档中没有该图片）")
            return
        name = posixpath.basename(target)
        try:
            if self.package.getinfo(target).file_size > _MAX_XML:
                raise ValueError("picture too large")
            data = self.package.read(target)
        except (KeyError, ValueError, zipfile.BadZipFile) as exc:
            self.pictures.unread.append(f"{name}（无法读取：{type(exc).__name__}）")
            return
        from .scan import read_encoded

        self.flush()
        tokens, self.row = read_encoded(data, name, self.row + 1, self.pictures, _placed_width(node))
        self.tokens.extend(tokens)


def _pictures():
    from .scan import Pictures

    return Pictures()


def _body(package: zipfile.ZipFile, name: str):
    """The document body. Only word/document.xml is read: python-docx's Document() also loads styles,
    numbering and settings the tokens do not need, which made it the slowest step."""
    if package.getinfo(name).file_size > _MAX_XML:
        raise ValueError("document part too large")
    root = etree.fromstring(package.read(name), _PARSER)
    body = root.find(qn("w:body"))
    if body is None:
        raise ValueError("no document body")
    return body


def _media(package: zipfile.ZipFile, main: str) -> dict[str, str]:
    """The main part's relationships to parts inside the package: id -> part name (word/media/image1.png)."""
    folder, base = posixpath.split(main)
    try:
        rels = etree.fromstring(package.read(posixpath.join(folder, "_rels", base + ".rels")), _PARSER)
    except KeyError:
        return {}
    out = {}
    for rel in rels:
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not target:
            continue
        out[rel.get("Id", "")] = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(folder, target))
        )
    return out


def _placed_width(node) -> float | None:
    """The width (points) the document places a picture at: DrawingML's extent, or VML's style."""
    for ancestor in node.iterancestors():
        extent = ancestor.find(_EXTENT)
        if extent is not None and (extent.get("cx") or "").isdigit():
            return int(extent.get("cx")) / _EMU_PT
        style = ancestor.get("style")
        if style and (m := _VML_WIDTH.search(style)):
            return float(m[1]) * _PT[m[2]]
    return None


def _main_part(package: zipfile.ZipFile) -> str:
    """The main document part named by the package relationships (usually word/document.xml)."""
    try:
        rels = etree.fromstring(package.read("_rels/.rels"), _PARSER)
        for rel in rels:
            if rel.get("Type", "").endswith("/officeDocument"):
                return rel.get("Target", "").lstrip("/")
    except KeyError:
        pass
    return "word/document.xml"


def _blocks(parent, out: _Out, depth: int) -> None:
    for child in parent.iterchildren():
        tag = child.tag
        if tag == _P:
            _paragraph(child, out)
        elif tag == _TBL and depth < _MAX_DEPTH:
            _table(child, out, depth + 1)
        elif tag in (_SDT, _SDT_CONTENT, _TBL):
            _blocks(child, out, depth)


def _paragraph(p, out: _Out) -> None:
    for node in p.iter(_T, _TAB, _BR, _CR, _BLIP, _IMAGEDATA):
        if node.tag == _T:
            out.add(node.text or "")
        elif node.tag == _TAB:
            out.add(" ")
        elif node.tag in (_BLIP, _IMAGEDATA):
            if not any(a.tag == _FALLBACK for a in node.iterancestors()):  # old Word's copy of a picture
                out.picture(node)
        else:
            out.newline()
    out.newline()


def _table(tbl, out: _Out, depth: int) -> None:
    out.flush()
    for tr in _children(tbl, _TR):
        out.row += 1
        for tc in _children(tr, _TC):
            if _continues_merge(tc):
                continue
            if (
                any(True for _ in tc.iter(_TBL, _BLIP, _IMAGEDATA))
                or len(normalize(_text(tc))) > _CELL_MAX_TEXT
            ):
                _blocks(tc, out, depth)  # a layout cell: read what it holds as a page
                out.flush()
                out.row += 1
            else:
                out.cell(_text(tc))
    out.flush()


def _children(parent, tag: str):
    """Direct children with `tag`, looking through content controls (w:sdt) that wrap rows or cells."""
    for child in parent.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag in (_SDT, _SDT_CONTENT):
            yield from _children(child, tag)


def _continues_merge(tc) -> bool:
    pr = tc.find(_TCPR)
    if pr is None:
        return False
    vmerge = pr.find(_VMERGE)
    if vmerge is not None and vmerge.get(_VAL) != "restart":
        return True
    hmerge = pr.find(_HMERGE)
    return hmerge is not None and hmerge.get(_VAL) != "restart"


def _text(tc) -> str:
    """A cell's text, its paragraphs joined: labels broken over lines (商业/企业) read whole."""
    return "".join(node.text or "" for node in tc.iter(_T))
