"""Tokenizer details that the whole-report layout tests do not isolate."""

from __future__ import annotations

from gongkai.parsers import detect, html, read_bytes, text
from gongkai.parsers.labels import core, similar
from gongkai.parsers.reader import read_tokens
from gongkai.parsers.tokens import Kind, make
from tests.shared import real_report


def kinds(tokens):
    return [(t.kind.name, t.norm) for t in tokens]


def test_flattened_row_splits_labels_from_numbers():
    assert kinds(text.tokenize("三、本年度办理结果 （三）不予公开 1.属于国家秘密 0 2 /")) == [
        ("TEXT", "三、本年度办理结果"),
        ("TEXT", "(三)不予公开"),
        ("TEXT", "1.属于国家秘密"),
        ("VALUE", "0"),
        ("VALUE", "2"),
        ("BLANK", "/"),
    ]


def test_spaced_out_label_stays_one_label():
    assert kinds(text.tokenize("规\u3000章\u3000\u30001\u3000\u30000")) == [
        ("TEXT", "规章"),
        ("VALUE", "1"),
        ("VALUE", "0"),
    ]


def test_prose_ending_in_a_number_is_not_a_row():
    line = "2021年，本机关共收到申请，其中上级转来的申请。全年办结 12"
    assert [t.kind for t in text.tokenize(line)] == [Kind.TEXT]


def test_misspelt_label_is_similar_but_neighbours_are_not():
    assert similar(core("2.其他法律行政止公开"), core("2.其他法律行政法规禁止公开"))
    assert not similar(core("（二）部分公开"), core("（一）予以公开"))
    assert not similar(core("3.补正后申请内容仍不明确"), core("2.没有现成信息需要另行制作"))


def test_gb2312_page_is_decoded():
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>'
    page += "<body><p>一、总体情况</p></body></html>"
    assert html.decode(page.encode("gb18030")).endswith("<p>一、总体情况</p></body></html>")
    assert kinds(html.tokenize(page.encode("gb18030"))) == [("TEXT", "一、总体情况")]


def test_undeclared_gbk_page_is_decoded():
    assert "政府信息公开" in html.decode("<p>政府信息公开</p>".encode("gbk"))


def test_page_chrome_and_scripts_are_dropped_but_tables_kept():
    page = (
        "<html><body><nav>首页 &gt; 一、总体情况</nav><script>var a='二、主动公开';</script>"
        "<header><table><tr><td>规章</td><td>3</td></tr></table></header>"
        "<p>正文<br>第二行</p><footer>版权所有</footer></body></html>"
    )
    assert kinds(html.tokenize(page.encode())) == [
        ("TEXT", "规章"),
        ("VALUE", "3"),
        ("TEXT", "正文"),
        ("TEXT", "第二行"),
    ]


def test_merged_html_cells_appear_once_with_their_row():
    page = '<table><tr><td rowspan="2">（三）不予公开</td><td>1.属于国家秘密</td><td>4</td></tr>'
    page += "<tr><td>2.其他法律行政法规禁止公开</td><td></td></tr></table>"
    tokens = html.tokenize(page.encode())
    assert [(t.row, t.kind.name) for t in tokens] == [
        (1, "TEXT"),
        (1, "TEXT"),
        (1, "VALUE"),
        (2, "TEXT"),
        (2, "BLANK"),
    ]


def test_kind_is_detected_from_content_without_a_name():
    assert detect(b"%PDF-1.4 ...") == "pdf"
    assert detect(b"PK\x03\x04....") == "docx"
    assert detect(b"<!DOCTYPE html><html>") == "html"
    assert detect("一、总体情况".encode()) == "text"


def test_extra_blank_cell_between_label_and_numbers_is_skipped():
    tokens = [make("二、主动公开政府信息情况")]
    tokens += [make(x, 1) for x in ("行政许可", "", "5")]
    report = read_tokens(tokens)
    assert report.cells["s2.licensing.decisions"] == 5


def test_old_single_other_row_reads_into_the_catch_all_row():
    rows = [
        ("（五）不予处理", None),
        ("5.要求行政机关确认或重新出具已获取信息", 0),
        ("（六）其他处理", 2),
        ("（七）总计", 9),
    ]
    tokens = [make("2021年政府信息公开工作年度报告"), make("三、收到和处理政府信息公开申请情况")]
    for n, (label, value) in enumerate(rows):
        tokens.append(make(label, n))
        if value is not None:
            tokens.extend(make(str(value), n) for _ in range(7))
    report = read_tokens(tokens)
    assert report.cells["s3.other.other.natural"] == 2
    assert report.cells["s3.other.no_correction.natural"] is None
    assert report.cells["s3.total.total"] == 9
    assert "parse.group_as_row" in [f.rule for f in report.findings]


def test_pdf_page_numbers_are_not_read_as_numbers():
    data = real_report("001.pdf").read_bytes()
    report = read_bytes(data, "001.pdf")
    assert not [f for f in report.findings if f.rule.startswith("parse.")]
    assert report.prose[1] and "淮安" in report.prose[1]


def test_pdf_without_a_text_layer_says_so():
    import io

    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument.new()
    doc.new_page(595, 842)
    buf = io.BytesIO()
    doc.save(buf)
    report = read_bytes(buf.getvalue(), "scan.pdf")
    assert [f.rule for f in report.findings] == ["parse.no_text"]
    assert all(v is None for v in report.cells.values())


def test_blank_remark_column_does_not_shift_the_numbers():
    tokens = [make("二、主动公开政府信息情况")]
    tokens += [
        make(x, 1) for x in ("规章", "", "2", "3", "")
    ]  # 本年制发件数 left blank, then a remark column
    report = read_tokens(tokens)
    assert [report.cells[f"s2.rules.{c}"] for c in ("issued", "repealed", "in_force")] == [None, 2, 3]


def test_old_format_row_printed_as_new_sub_rows_is_summed():
    rows = [
        ("5.要求行政机关确认或重新出具已获取信息", 0),
        ("（六）其他处理", None),
        ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 2),
        ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 1),
        ("3.其他", 4),
        ("（七）总计", 9),
    ]
    tokens = [make("2020年政府信息公开工作年度报告"), make("二、主动公开政府信息情况")]
    tokens += [make(x) for x in ("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量")]
    tokens.append(make("三、收到和处理政府信息公开申请情况"))
    for n, (label, value) in enumerate(rows):
        tokens.append(make(label, n))
        if value is not None:
            tokens.extend(make(str(value), n) for _ in range(7))
    report = read_tokens(tokens)
    assert report.format == "2019"
    assert report.cells["s3.other.natural"] == 7
    assert report.cells["s3.other.total"] == 7
    assert report.cells["s3.total.total"] == 9
    assert "parse.rows_summed" in [f.rule for f in report.findings]


def test_signed_numbers_in_their_printed_forms():
    assert [make(x).value for x in ("增10", "减3", "-3", "\u22123", "－3", "+2", "１,２３４")] == [
        10,
        -3,
        -3,
        -3,
        -3,
        2,
        1234,
    ]
