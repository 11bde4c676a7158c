"""The generated draft: section 一 in the five parts of 〔2021〕30号 with their facts, a 人民政府's 第五十条（四） results
from the figures the office enters, and section 六's fee notices, amount billed and amount collected."""

from datetime import date
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.standard.rules.prose import overview_parts
from gongkai.standard.similarity import Fingerprint, shingles
from gongkai_platform.agencies.models import Agency, Jurisdiction, Role
from gongkai_platform.annual_reports import checks, drafting, services
from gongkai_platform.annual_reports.models import AnnualReport
from gongkai_platform.applications import fees
from gongkai_platform.applications import services as cases
from gongkai_platform.auditlog.models import AuditEntry
from tests.platform.test_applications_workflow import counter, user

YEAR = 2025


@pytest.fixture
def government(db):
    city = Jurisdiction.objects.create(name="满洲里市", slug="manzhouli")
    return Agency.objects.create(jurisdiction=city, name="满洲里市人民政府", slug="mzl-gov", org_code="G1")


@pytest.fixture
def stats(government):
    return Agency.objects.create(
        jurisdiction=government.jurisdiction, name="满洲里市统计局", slug="mzl-stats", org_code="S1"
    )


@pytest.fixture
def clerk(government, stats):
    clerk = user("clerk", government, Role.EDITOR, Role.SIGNER)
    for role in (Role.EDITOR, Role.SIGNER):
        clerk.memberships.create(agency=stats, role=role)
    return clerk


def rules_of(report):
    return {f.rule for f in checks.findings(report)}


def test_the_draft_gives_each_of_the_five_parts_its_facts(clerk, stats):
    for received in (date(2025, 3, 3), date(2025, 5, 6)):
        counter(clerk, stats, received=received)
    report = services.generate(stats, YEAR, clerk)
    lines = report.prose1.splitlines()
    assert [line[:4] for line in lines[1:]] == ["（一）主", "（二）依", "（三）政", "（四）政", "（五）监"]
    assert overview_parts(report.prose1) == [
        "主动公开",
        "依申请公开",
        "政府信息管理",
        "政府信息公开平台建设",
        "监督保障",
    ]
    assert "全年新收政府信息公开申请2件" in lines[2]  # two applications received above, both still open
    assert "结转下年度继续办理2件" in lines[2]
    assert "本年度制发行政规范性文件0件" in lines[3]
    assert "行政复议0件、行政诉讼0件" in lines[5]
    assert drafting.RESULTS_PLACEHOLDER not in report.prose1  # a department: no 第五十条（四）
    found = rules_of(report)
    assert "section.overview_parts" not in found and "section.government_results" not in found


def test_a_governments_results_are_drafted_from_the_figures_entered(clerk, government):
    report = services.generate(government, YEAR, clerk)
    assert drafting.RESULTS_PLACEHOLDER in report.prose1
    assert "section.government_results" in rules_of(report)  # not stated yet: warned
    values = {
        "assessment_units": 32,
        "assessment_result": "优秀8个、良好20个、合格4个",
        "public_reviews": 2,
        "public_review_result": "群众满意率96.5%",
        "accountability_count": 0,
        "accountability_result": "",
    }
    report, written = services.set_government_results(clerk, report, values)
    assert written and drafting.RESULTS_PLACEHOLDER not in report.prose1
    assert (
        "本年度对32个单位开展政府信息公开工作考核，考核结果：优秀8个、良好20个、合格4个；"
        "开展社会评议2次，评议结果：群众满意率96.5%；未发生因政府信息公开工作被责任追究的情况。"
    ) in report.prose1
    assert "section.government_results" not in rules_of(report)
    entry = AuditEntry.objects.get(action="annual_report.government_results")
    assert entry.user == clerk and entry.changes["assessment_units"] == [None, 32]


def test_results_after_the_clerk_rewrote_section_one_are_kept_but_not_written_in(clerk, government):
    report = services.generate(government, YEAR, clerk)
    report = services.update_prose(clerk, report, {1: "本府全年依法做好政府信息公开工作。"})
    values = dict.fromkeys(drafting.RESULT_FIELDS, "")
    values |= {"assessment_result": "全部合格", "public_review_result": "满意", "accountability_count": 1}
    values["assessment_units"] = values["public_reviews"] = None
    report, written = services.set_government_results(clerk, report, values)
    assert not written and report.prose1 == "本府全年依法做好政府信息公开工作。"
    assert AnnualReport.objects.get(pk=report.pk).assessment_result == "全部合格"


def test_the_results_form_is_only_on_a_governments_report_and_keeps_bad_input(clerk, government, stats):
    services.generate(government, YEAR, clerk)
    services.generate(stats, YEAR, clerk)
    client = Client()
    client.force_login(clerk)
    assert "工作考核结果" in client.get(f"/staff/reports/mzl-gov/{YEAR}/").content.decode()
    assert "工作考核结果" not in client.get(f"/staff/reports/mzl-stats/{YEAR}/").content.decode()
    page = client.post(
        f"/staff/reports/mzl-gov/{YEAR}/do/results/",
        {"assessment_units": "-3", "assessment_result": "优秀8个", "accountability_count": "0"},
    ).content.decode()
    assert "优秀8个" in page and "未能提交" in page
    assert AnnualReport.objects.get(agency=government).assessment_result == ""


def test_section_six_states_notices_billed_and_collected(clerk, stats):
    """Hand count: two notices (按件: 12 pieces → 200元; 按量: 45 pages → 150元), one paid."""
    first = counter(clerk, stats, pieces=12, received=date(2025, 3, 3))
    second = counter(clerk, stats, id_number="110105194912310029", received=date(2025, 4, 7))
    cases.send_fee_notice(clerk, first, date(2025, 3, 5), fees.Method.PER_PIECE)
    cases.send_fee_notice(clerk, second, date(2025, 4, 9), fees.Method.PER_PAGE, 45)
    cases.record_payment(clerk, first, date(2025, 3, 12))
    report = services.generate(stats, YEAR, clerk)
    assert report.prose6 == (
        "本年度依据《政府信息公开信息处理费管理办法》共发出信息处理费收费通知2件，通知收费金额共计350元，"
        "实际收取信息处理费1笔，共计200元。"
    )
    assert "fee.statement_missing" not in rules_of(report)


PASTED = (
    "一是政务公开工作人员业务能力有待提高，对政府信息公开条例的理解还不够深入；二是主动公开的信息以工作动态为主，"
    "涉及群众切身利益的统计信息解读不够；三是网站栏目内容更新不够及时。下一步，我局将组织专题培训，"
    "建立信息发布审核台账，按月通报栏目更新情况，做好统计数据发布后的解读和回应。"
)


def copied(report):
    return [f for f in checks.findings(report) if f.rule == "prose.copied"]


def published(report):
    AnnualReport.objects.filter(pk=report.pk).update(status="published")
    checks.refresh(AnnualReport.objects.get(pk=report.pk))  # as publication does


def test_an_unedited_draft_published_is_no_other_drafts_source(clerk, government, stats):
    counter(clerk, stats, received=date(2025, 3, 3))  # the two drafts' numbers differ
    mine, theirs = services.generate(stats, YEAR, clerk), services.generate(government, YEAR, clerk)
    published(theirs)
    mine.refresh_from_db()
    assert copied(mine) == [] and mine.copies == []


def test_the_same_paragraph_pasted_into_two_drafts_is_flagged(clerk, government, stats):
    mine, theirs = services.generate(stats, YEAR, clerk), services.generate(government, YEAR, clerk)
    for report in (mine, theirs):
        services.update_prose(clerk, report, {5: report.prose5 + PASTED})  # the draft kept, a paragraph added
    published(theirs)
    mine.refresh_from_db()
    (finding,) = copied(mine)
    assert "满洲里市人民政府" in finding.message and "五、存在的主要问题" in finding.message
    assert (
        finding.found == 1.0
    )  # all the clerk's own words; the draft's sentences around them count for nothing


hanzi = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=14)
count = st.integers(0, 5000)
cells_drawn = st.fixed_dictionaries(
    {},
    optional={
        c: count
        for c in (
            "s3.new.total",
            "s3.carried_in.total",
            "s3.total.total",
            "s3.carried_out.total",
            "s3.granted.total",
            "s3.partial.total",
            "s3.withheld.state_secret.total",
            "s3.unavailable.not_exist.total",
            "s3.not_processed.complaint.total",
            "s3.other.no_fee_paid.total",
            "s4.review.total",
            "s4.suit_direct.total",
            "s2.normative_docs.issued",
            "s2.normative_docs.repealed",
            "s2.normative_docs.in_force",
        )
    },
)
results_drawn = st.builds(
    drafting.Results,
    assessment_units=st.one_of(st.none(), count),
    assessment_result=st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), max_size=6),
    public_reviews=st.one_of(st.none(), count),
    public_review_result=st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), max_size=6),
    accountability_count=st.one_of(st.none(), count),
    accountability_result=st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), max_size=6),
)
facts_drawn = st.builds(
    drafting.Facts,
    items_by_column=st.lists(st.tuples(hanzi, st.integers(1, 5000)), max_size=10),
    fee_notices=st.integers(0, 9),
    fees_billed=count,
    fees_paid=st.lists(st.integers(1, 900), max_size=3),
    late_replies=st.integers(0, 9),
    open_overdue=st.integers(0, 9),
    results=results_drawn,
)


@settings(max_examples=200, deadline=None)
@given(
    st.tuples(hanzi, st.sampled_from(["局", "人民政府", "委员会", "办公室"])).map("".join),
    cells_drawn,
    facts_drawn,
)
def test_every_draft_the_platform_writes_is_reference_text(name, cells, known):
    """Whatever the agency's name, its columns, numbers, outcomes and fees, an unedited draft leaves nothing to
    compare: only what the office typed (here a few characters, too short to be a window) is its own."""
    prose = drafting.draft(SimpleNamespace(name=name), YEAR, cells, known)
    assert {n: len(shingles(text)) for n, text in prose.items()} == {1: 0, 5: 0, 6: 0}


def test_a_fingerprint_stored_against_another_reference_is_taken_again(clerk, government, stats):
    """A print stored by an older release (no reference named) says nothing true of today's comparison: here it
    claims their section 五 holds the paragraph my draft has, while their report keeps the unedited draft."""
    mine, theirs = services.generate(stats, YEAR, clerk), services.generate(government, YEAR, clerk)
    services.update_prose(clerk, mine, {5: mine.prose5 + PASTED})
    old = {"5": shingles(PASTED).tolist(), "1": [], "6": []}
    AnnualReport.objects.filter(pk=theirs.pk).update(status="published", prose_print=old)
    checks.refresh_copies(government.jurisdiction, YEAR)
    mine.refresh_from_db()
    assert copied(mine) == []
    stored = AnnualReport.objects.get(pk=theirs.pk).prose_print
    assert stored["reference"] and stored["5"] == [] and Fingerprint.current(stored)


def test_next_years_report_sees_this_years_change(clerk, stats):
    """2026's section 五 repeats what the clerk then writes into 2025's: 2026's stored copies name 2025 at once."""
    this_year, next_year = services.generate(stats, YEAR, clerk), services.generate(stats, YEAR + 1, clerk)
    services.update_prose(clerk, next_year, {5: PASTED})
    next_year.refresh_from_db()
    assert next_year.copies == []
    services.update_prose(clerk, this_year, {5: PASTED})
    next_year.refresh_from_db()
    assert [(c["section"], c["other"], c["share"]) for c in next_year.copies] == [(5, this_year.pk, 1.0)]
    services.generate(stats, YEAR, clerk)  # a refill keeps the prose, and the match
    next_year.refresh_from_db()
    assert [(c["section"], c["other"]) for c in next_year.copies] == [(5, this_year.pk)]


def test_refresh_report_checks_takes_every_stored_finding_again(clerk, government, stats):
    """After an upgrade: a report's stored copied prose (here the old release's verdict that my unedited draft
    copies theirs) and its old fingerprint are replaced by today's, for every tree and year, by one command."""
    mine, theirs = services.generate(stats, YEAR, clerk), services.generate(government, YEAR, clerk)
    AnnualReport.objects.filter(pk=theirs.pk).update(status="published", prose_print={"5": [1, 2, 3]})
    old_copy = [{"section": 1, "other": theirs.pk, "share": 0.93, "of": 1}]
    AnnualReport.objects.filter(pk=mine.pk).update(copies=old_copy, checked_at=None)
    out = StringIO()
    call_command("refresh_report_checks", "--year", str(YEAR), stdout=out)
    assert out.getvalue().strip() == "已重新检查 2 份年度报告"
    mine.refresh_from_db()
    assert mine.copies == [] and copied(mine) == []
    assert mine.checked_at is not None  # its rules stored again too
    assert Fingerprint.current(AnnualReport.objects.get(pk=theirs.pk).prose_print)
