"""Word documents: the body in order, paragraphs as lines of text and table cells one token each.

The XML of the main part is walked directly (python-docx's `row.cells` would repeat a merged cell once per grid
column and once per row it spans, while the reader wants a merged label once, in its first row). Each `w:tc` of a
row is one cell however many columns it spans (gridSpan); continuation cells of a vertical merge
(`w:vMerge` without `w:val="restart"`) and old-style horizontal merges (`w:hMerge`) are skipped.
"""

from __future__ import annotations

import io
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
_CELL_MAX_TEXT = 80  # a cell with more text is a layout cell wrapping prose
_MAX_DEPTH = 8
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
_MAX_XML = 64 * 1024 * 1024  # a document part larger than this once unzipped is a zip bomb


def tokenize(data: bytes) -> list[Token]:
    body = _body(data)
    out = Stream()
    _blocks(body, out, 0)
    out.flush()
    return out.tokens


def _body(data: bytes):
    """The document body. Only word/document.xml is read: python-docx's Document() also loads styles,
    numbering and settings the tokens do not need, which made it the slowest step."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        name = _main_part(package)
        if package.getinfo(name).file_size > _MAX_XML:
            raise ValueError("document part too large")
        root = etree.fromstring(package.read(name), _PARSER)
    body = root.find(qn("w:body"))
    if body is None:
        raise ValueError("no document body")
    return body


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


def _blocks(parent, out: Stream, depth: int) -> None:
    for child in parent.iterchildren():
        tag = child.tag
        if tag == _P:
            _paragraph(child, out)
        elif tag == _TBL and depth < _MAX_DEPTH:
            _table(child, out, depth + 1)
        elif tag in (_SDT, _SDT_CONTENT, _TBL):
            _blocks(child, out, depth)


def _paragraph(p, out: Stream) -> None:
    for node in p.iter(_T, _TAB, _BR, _CR):
        if node.tag == _T:
            out.add(node.text or "")
        elif node.tag == _TAB:
            out.add(" ")
        else:
            out.newline()
    out.newline()


def _table(tbl, out: Stream, depth: int) -> None:
    out.flush()
    for tr in _children(tbl, _TR):
        out.row += 1
        for tc in _children(tr, _TC):
            if _continues_merge(tc):
                continue
            if any(True for _ in tc.iter(_TBL)) or len(normalize(_text(tc))) > _CELL_MAX_TEXT:
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
