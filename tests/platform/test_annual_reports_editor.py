"""The annual-report editor: a saved figure or prose recomputes the tables and findings, stale tables are shown and
cannot be locked, findings sit beside their cells, prose editors keep what was typed, the preview, and the
Chinese names of downloaded report files."""

import re
from datetime import date
from decimal import Decimal
from urllib.parse import unquote

import pytest
import reports_world
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html

from gongkai.renderers import render
from gongkai.standard.report import Report
from gongkai_platform.annual_reports import services
from gongkai_platform.annual_reports.models import AnnualReport, Status

YEAR = 2025
DETAIL = f"/staff/reports/mzl-stats/{YEAR}/"
TITLE = "满洲里市统计局2025年政府信息公开工作年度报告"
TABLE2_MANUAL = (
    "s2.licensing.decisions",
    "s2.penalty.decisions",
    "s2.enforcement.decisions",
    "s2.fees.amount",
)


@pytest.fixture
def world(db):
    return reports_world.build()


def receive_application(agency, number: str, received=date(2025, 3, 3)):
    """One application closed as 予以公开 in 2025: Table 三 本年新收 grows by one."""
    from gongkai_platform.applications.models import Application

    return Application.objects.create(
        agency=agency,
        tracking_number=number,
        applicant_kind="natural",
        applicant_name="申请人",
        id_number="110101199003070000",
        phone="0470-0000000",
        description="申请公开统计执法检查结果",
        delivery_form="electronic",
        delivery_method="email",
        channel="online",
        received_on=received,
        due_on=date(2025, 3, 31),
        outcome="granted",
        replied_on=date(2025, 3, 20),
        state="closed",
    )


def page_of(response):
    assert response.status_code == 200
    return html.fromstring(response.content.decode())


def cell_text(page, cell_id: str) -> str:
    return page.get_element_by_id(f"cell-{cell_id}").find("span[@class='value']").text


def signed_report(world) -> AnnualReport:
    stats, editor = world["stats"], world["users"]["editor"]
    for cell in TABLE2_MANUAL:
        services.set_manual_figure(editor, stats, YEAR, cell, 0)
    report = services.lock(editor, services.generate(stats, YEAR, editor), on=date(2026, 1, 10))
    return services.sign_off(world["users"]["signer"], report)


def login(client, user):
    client.force_login(user)
    return client


# ------------------------------------------------------------------ saving recomputes
def test_saving_a_figure_refills_the_table_and_its_findings_in_the_same_call(world):
    stats, editor = world["stats"], world["users"]["editor"]
    report = services.generate(stats, YEAR, editor)
    assert report.cells["s2.penalty.decisions"] is None
    blank = [f for f in report.rule_findings if "s2.penalty.decisions" in f["cells"]]
    assert [f["rule"] for f in blank] == ["cell.blank"]

    services.set_manual_figure(editor, stats, YEAR, "s2.penalty.decisions", "7", "执法系统")
    report.refresh_from_db()
    assert report.cells["s2.penalty.decisions"] == 7
    assert not [f for f in report.rule_findings if "s2.penalty.decisions" in f["cells"]]
    assert services.stale_cells(report) == {}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    figures=st.dictionaries(
        st.sampled_from(TABLE2_MANUAL),
        st.integers(min_value=0, max_value=10**6).map(str),
        min_size=1,
    ),
    fee=st.decimals(min_value=0, max_value=9999, places=2, allow_nan=False, allow_infinity=False),
)
def test_every_saved_figure_is_in_the_report_at_once(world, figures, fee):
    """Whatever figures are entered, in any order, the report holds each as typed right after its save, and the
    tables are never left stale."""
    stats, editor = world["stats"], world["users"]["editor"]
    report = AnnualReport.objects.filter(agency=stats, year=YEAR).first() or services.generate(
        stats, YEAR, editor
    )
    for cell, value in {**figures, "s2.fees.amount": str(fee)}.items():
        services.set_manual_figure(editor, stats, YEAR, cell, value)
        report.refresh_from_db()
        stored = report.cells[cell]
        assert (Decimal(stored) if cell == "s2.fees.amount" else stored) == (
            Decimal(value) if cell == "s2.fees.amount" else int(value)
        )
        assert services.stale_cells(report) == {}


def test_saving_prose_also_brings_stale_tables_up_to_date(world):
    stats, editor = world["stats"], world["users"]["editor"]
    report = services.generate(stats, YEAR, editor)
    assert report.cells["s3.new.total"] == 0
    receive_application(stats, "A1")
    assert services.stale_cells(report)["s3.new.total"] == (0, 1)

    report = services.update_prose(
        editor, report, {1: "本局全年新收政府信息公开申请1件。", 5: "无。", 6: "未收费。"}
    )
    report.refresh_from_db()
    assert report.cells["s3.new.total"] == 1 and report.prose1 == "本局全年新收政府信息公开申请1件。"
    assert services.stale_cells(report) == {}
    assert not [f for f in report.rule_findings if f["rule"] == "prose.contradicts_table"]


def test_a_stale_report_cannot_be_locked_until_it_is_recomputed(world):
    stats, editor = world["stats"], world["users"]["editor"]
    report = services.generate(stats, YEAR, editor)
    receive_application(stats, "A1")
    receive_application(stats, "A2")
    with pytest.raises(services.ReportError, match=r"有6处数据与当前业务数据不一致（如“表三·.*重新计算"):
        services.lock(editor, report)  # 新收, 予以公开 and 办结总计, each 自然人 and 总计
    report.refresh_from_db()
    assert report.locked_on is None
    report = services.generate(stats, YEAR, editor)
    assert report.cells["s3.new.total"] == 2
    assert services.lock(editor, report).locked_on is not None


def test_locked_tables_are_not_recomputed(world):
    stats, editor, signer = world["stats"], world["users"]["editor"], world["users"]["signer"]
    report = services.lock(editor, services.generate(stats, YEAR, editor))
    receive_application(stats, "A1")
    stale = services.stale_cells(report)
    assert stale["s3.new.total"] == (0, 1) and stale["s3.new.natural"] == (0, 1)
    assert not services.recomputable(report)
    services.update_prose(editor, report, {1: "本局依法公开。", 5: "无。", 6: "未收费。"})
    report.refresh_from_db()
    assert report.cells["s3.new.total"] == 0  # the locked figures stay as locked
    services.unlock(signer, report, "补录申请")
    assert services.recomputable(AnnualReport.objects.get(pk=report.pk))


def test_a_report_already_signed_or_imported_is_never_stale(world):
    stats, office, system = world["stats"], world["office"], world["users"]["system"]
    report = signed_report(world)
    receive_application(stats, "A1")
    assert report.status == Status.SIGNED and services.stale_cells(report) == {}

    published = Report.blank("2021", agency=office.name, year=2024)
    published.prose = {
        1: "2024年，本机关依法做好政府信息公开工作。",
        5: "无。",
        6: "本年度未收取信息处理费。",
    }
    imported = services.import_published(system, office, render(published, "md"), "office-2024.md", 2024)
    receive_application(office, "A2", received=date(2024, 5, 6))
    assert imported.source == "imported" and services.stale_cells(imported) == {}
    assert not services.recomputable(imported)


# ------------------------------------------------------------------ the editor page
def test_the_page_after_saving_a_figure_shows_the_new_cell_and_finding(world, client):
    c = login(client, world["users"]["editor"])
    c.post(f"{DETAIL}do/generate/")
    page = page_of(c.get(DETAIL))
    assert cell_text(page, "s2.fees.amount") == "—"
    assert "flagged" in page.get_element_by_id("cell-s2.fees.amount").classes

    response = c.post(f"{DETAIL}do/manual/", {"cell": "s2.fees.amount", "value": "25000", "note": "财务"})
    assert response.status_code == 302 and response["Location"].endswith("#cell-s2.fees.amount")
    page = page_of(c.get(response["Location"]))
    assert cell_text(page, "s2.fees.amount") == "25000"
    marks = page.get_element_by_id("cell-s2.fees.amount").xpath(".//a[@class='finding-mark']/@href")
    assert len(marks) == 1  # the blank-cell warning has gone, the 万元-looks-like-元 one has come
    note = page.get_element_by_id(marks[0].removeprefix("#"))
    assert note.get("data-rule") == "s2.amount_looks_like_yuan" and "2.5亿元" in note.text_content()
    # the note sits in the row right under the cell's own row
    row = page.get_element_by_id("cell-s2.fees.amount").getparent()
    assert row.getnext().get("class") == "finding-row" and note in row.getnext().iter()
    summary = page.xpath("//section[@class='findings-summary']//li[@data-rule='s2.amount_looks_like_yuan']")
    assert summary and summary[0].xpath(".//a/@href") == ["#cell-s2.fees.amount"]


def test_a_refused_figure_keeps_what_was_typed(world, client):
    c = login(client, world["users"]["editor"])
    c.post(f"{DETAIL}do/generate/")
    page = page_of(
        c.post(f"{DETAIL}do/manual/", {"cell": "s2.penalty.decisions", "value": "-3", "note": "执法系统"})
    )
    assert "数值不能为负数" in page.xpath("string(//div[@class='error-summary'])")
    assert page.get_element_by_id("value").get("value") == "-3"
    assert page.get_element_by_id("note").get("value") == "执法系统"
    assert page.xpath("//select[@id='cell']/option[@selected]/@value") == ["s2.penalty.decisions"]


def test_the_page_shows_stale_tables_and_refuses_to_lock(world, client):
    c = login(client, world["users"]["editor"])
    c.post(f"{DETAIL}do/generate/")
    receive_application(world["stats"], "A1")
    page = page_of(c.get(DETAIL))
    banner = page.get_element_by_id("stale").text_content()
    assert "表格不是最新的" in banner
    assert "表三·一、本年新收政府信息公开申请数量·总计：报告中为 0，业务数据为 1" in banner
    assert "stale" in page.get_element_by_id("cell-s3.new.total").classes
    assert cell_text(page, "s3.new.total") == "0"

    page = page_of(c.post(f"{DETAIL}do/lock/", follow=True))
    assert "须先按最新业务数据重新计算表格" in page.text_content()
    assert AnnualReport.objects.get(agency=world["stats"], year=YEAR).locked_on is None

    page = page_of(c.post(f"{DETAIL}do/generate/", follow=True))
    assert not page.xpath("//*[@id='stale']") and cell_text(page, "s3.new.total") == "1"
    assert "已按最新业务数据重新计算表格" in page.xpath("string(//div[contains(@class,'alert-success')])")
    page = page_of(c.post(f"{DETAIL}do/lock/", follow=True))
    assert "数据已锁定" in page.text_content()


def test_a_locked_report_says_its_tables_differ_from_the_records(world, client):
    c = login(client, world["users"]["editor"])
    c.post(f"{DETAIL}do/generate/")
    c.post(f"{DETAIL}do/lock/")
    receive_application(world["stats"], "A1")
    banner = page_of(c.get(DETAIL)).get_element_by_id("stale").text_content()
    assert "表格保留锁定时的数值" in banner and "解锁" in banner


def test_prose_editors_are_prefilled_counted_and_keep_what_was_typed(world, client):
    c = login(client, world["users"]["editor"])
    c.post(f"{DETAIL}do/generate/")
    report = AnnualReport.objects.get(agency=world["stats"], year=YEAR)
    page = page_of(c.get(DETAIL))
    assert page.get_element_by_id("prose1").text.strip() == report.prose1
    assert "prose-editor" in page.get_element_by_id("prose1").classes

    typed = {"prose1": "本局 全年新收政府信息公开申请0件。", "prose5": "无。", "prose6": "本" * 20001}
    page = page_of(c.post(f"{DETAIL}do/prose/", typed))
    assert "不能超过20000字" in page.xpath("string(//div[@class='error-summary'])")
    assert page.get_element_by_id("prose1").text.strip() == typed["prose1"]
    assert page.get_element_by_id("prose6").text.strip() == typed["prose6"]
    counts = page.xpath("//p[@data-count-for='prose1']/span[@class='n']/text()")
    assert counts == ["17"]  # 本局全年新收政府信息公开申请0件。 counted by hand, the space not counted
    report.refresh_from_db()
    assert report.prose5 != "无。"  # nothing saved from a refused form

    response = c.post(f"{DETAIL}do/prose/", typed | {"prose6": "本年度未收取信息处理费。"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.prose6 == "本年度未收取信息处理费。"


def test_prose_refused_by_the_service_keeps_what_was_typed(world, client):
    report = signed_report(world)
    c = login(client, world["users"]["editor"])
    page = page_of(c.post(f"{DETAIL}do/prose/", {"prose1": "签批后改写的文字", "prose5": "", "prose6": ""}))
    assert "报告已签批，不能修改。" in page.xpath("string(//div[@class='error-summary'])")
    assert page.get_element_by_id("prose1").text.strip() == "签批后改写的文字"
    report.refresh_from_db()
    assert report.prose1 != "签批后改写的文字"


def test_preview_renders_the_report_in_the_portal_layout(world, client):
    c = login(client, world["users"]["editor"])
    c.post(f"{DETAIL}do/generate/")
    report = AnnualReport.objects.get(agency=world["stats"], year=YEAR)
    detail = page_of(c.get(DETAIL))
    assert detail.xpath("//a[@id='preview']/@href") == [f"{DETAIL}preview/"]
    page = page_of(c.get(f"{DETAIL}preview/"))
    assert page.xpath("//header[contains(@class,'masthead')]")  # the portal's own layout
    article = page.xpath("//div[@class='report']/article")[0].text_content()
    assert TITLE in article.replace("\n", "").replace(" ", "")
    assert report.prose1[:30] in article and "主动公开政府信息情况" in article
    assert "尚未发布" in page.xpath("string(//div[contains(@class,'preview-banner')])")
    assert c.get("/staff/reports/mzl-office/2025/preview/").status_code == 404  # no report there


def test_an_imported_report_says_where_its_tables_come_from(world, client):
    published = Report.blank("2021", agency=world["stats"].name, year=2024)
    published.prose = {
        1: "2024年，本机关依法做好政府信息公开工作。",
        5: "无。",
        6: "本年度未收取信息处理费。",
    }
    services.import_published(
        world["users"]["signer"], world["stats"], render(published, "md"), "stats.md", 2024
    )
    receive_application(world["stats"], "A1", received=date(2024, 5, 6))
    page = page_of(login(client, world["users"]["editor"]).get("/staff/reports/mzl-stats/2024/"))
    assert "本报告是导入的已发布报告" in page.text_content()
    assert not page.xpath("//*[@id='stale']") and not page.xpath("//*[@id='save-prose']")
    assert page.get_element_by_id("prose1").get("readonly") is not None


def test_another_agencys_clerk_cannot_preview(world, client):
    login(client, world["users"]["editor"]).post(f"{DETAIL}do/generate/")
    assert login(client, world["users"]["other_editor"]).get(f"{DETAIL}preview/").status_code == 404


# ------------------------------------------------------------------ download names
def filename_star(response) -> str:
    """The RFC 5987 `filename*` of the Content-Disposition header, decoded."""
    header = response["Content-Disposition"]
    assert header.startswith("attachment;")
    value = next(p.strip() for p in header.split(";") if p.strip().lower().startswith("filename*="))
    charset, _, encoded = value.split("=", 1)[1].partition("''")
    assert charset.lower() == "utf-8"
    return unquote(encoded, encoding="utf-8")


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx", "json"])
def test_staff_downloads_are_named_in_chinese(world, client, fmt):
    c = login(client, world["users"]["editor"])
    c.post(f"{DETAIL}do/generate/")
    response = c.get(f"{DETAIL}download/{fmt}/")
    assert response.status_code == 200
    assert filename_star(response) == f"{TITLE}.{fmt}"


def test_portal_downloads_of_a_published_report_are_named_in_chinese(world, client):
    report = services.publish(world["users"]["signer"], signed_report(world), on=date(2026, 1, 20))
    for fmt in ("docx", "pdf"):
        response = client.get(f"/xxgk/report/{report.item.pk}/{fmt}/")
        assert response.status_code == 200 and filename_star(response) == f"{TITLE}.{fmt}"
    portal = page_of(client.get(f"/xxgk/report/{report.item.pk}/")).xpath("//div[@class='report']/article")
    login(client, world["users"]["editor"])
    preview = page_of(client.get(f"{DETAIL}preview/"))
    assert "本报告已发布" in preview.xpath("string(//div[contains(@class,'preview-banner')])")
    article = preview.xpath("//div[@class='report']/article")
    assert html.tostring(article[0]) == html.tostring(portal[0])  # the very article the portal shows
    for attachment in report.item.attachments.all():  # the signed files the portal page links
        response = client.get(f"/xxgk/attachment/{attachment.pk}/")
        assert filename_star(response) == f"{TITLE}.{attachment.original_name.rsplit('.', 1)[1]}"


def test_a_2019_format_report_is_edited_the_same_way(world, client):
    """2020's report uses the 2019 format, whose Table 二 has 上年项目数 and 本年增/减 to enter by hand."""
    c = login(client, world["users"]["editor"])
    detail = "/staff/reports/mzl-stats/2020/"
    c.post(f"{detail}do/generate/")
    assert AnnualReport.objects.get(agency=world["stats"], year=2020).format == "2019"
    response = c.post(
        f"{detail}do/manual/", {"cell": "s2.licensing.change", "value": "-2", "note": "审批系统"}
    )
    page = page_of(c.get(response["Location"]))
    assert cell_text(page, "s2.licensing.change") == "-2"  # 本年增/减 may be negative
    assert "s2.procurement.amount" in page.xpath("//select[@id='cell']/option/@value")


ALLOWED_LATIN = {"DOCX", "PDF", "XLSX", "JSON", "HTML"}


def latin_words(page) -> set[str]:
    """Latin words a user reads on the page: visible text, and the placeholders, labels and titles of controls."""
    for hidden in page.xpath("//script|//style"):
        hidden.drop_tree()
    texts = [page.text_content()]
    texts += page.xpath("//@placeholder|//@aria-label|//@title|//option/text()")
    return {w for text in texts for w in re.findall(r"[A-Za-z]{2,}", text)} - ALLOWED_LATIN


def test_the_editor_and_preview_speak_chinese(world, client):
    editor = world["users"]["editor"]
    editor.first_name = "统计局编辑"  # shown instead of the login name, as for every real user
    editor.save()
    c = login(client, editor)
    c.post(f"{DETAIL}do/generate/")
    c.post(f"{DETAIL}do/manual/", {"cell": "s2.fees.amount", "value": "25000", "note": "财务"})
    receive_application(world["stats"], "A1")  # stale tables: the warning and the stale cells
    assert latin_words(page_of(c.get(DETAIL))) == set()
    assert (
        latin_words(page_of(c.post(f"{DETAIL}do/manual/", {"cell": "s2.fees.amount", "value": "x"}))) == set()
    )
    assert latin_words(page_of(c.get(f"{DETAIL}preview/"))) == set()
