"""Whole cases in Debian's chromium, as the applicant and the clerks live them: an online application through
confirmation, an online 补正, a consultation that overruns its 15 working days, an extension proposed and
approved, and a partial reply whose released document the applicant downloads; a 第三十五条 case; a forwarded
case; a late extension refused. The applicant's messages are checked in the mail outbox. Each step is
screenshotted to $GONGKAI_SHOTS (default /tmp/gongkai-shots) for a person to look at.

The test controls the date: `today` is advanced between steps (timezone.localdate is replaced in this process,
which the live server shares), so a consultation can be 30 days old without waiting 30 days."""

from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from gongkai_platform.agencies.models import Agency, Jurisdiction, Membership, Role
from gongkai_platform.applications import services
from gongkai_platform.applications.models import Application, CaseState, FilePurpose, StepKind
from gongkai_platform.workdays import seeding
from gongkai_platform.workdays.models import AdjustedWorkday, CalendarYear, Holiday
from tests.platform.browser import allow_orm_next_to_playwright, shot  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REAL_TODAY = timezone.localdate()


def nth_workday(d: date, n: int) -> date:
    """Independent count: chinese_calendar where it has the year, weekends only after (as set up below)."""
    while n:
        d += timedelta(days=1)
        n -= chinese_calendar.is_workday(d) if d.year <= 2026 else d.weekday() < 5
    return d


class Clock:
    def __init__(self):
        self.today = REAL_TODAY

    def advance(self, days: int):
        self.today += timedelta(days=days)


@pytest.fixture
def clock(monkeypatch):
    c = Clock()
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: c.today)
    return c


@pytest.fixture
def world(live_server, settings, tmp_path, clock):
    settings.MEDIA_ROOT = tmp_path
    if not CalendarYear.objects.exists():
        seeding.seed(CalendarYear, Holiday, AdjustedWorkday)
    for year in (REAL_TODAY.year + 1, REAL_TODAY.year + 2):
        CalendarYear.objects.get_or_create(year=year, defaults={"source": "测试：仅周末休息"})
    j = Jurisdiction.objects.create(name="满洲里市", slug="manzhouli")
    stats = Agency.objects.create(jurisdiction=j, name="满洲里市统计局", slug="stats", org_code="X1")
    office = Agency.objects.create(
        jurisdiction=j, name="满洲里市人民政府办公室", slug="office", org_code="X2", phone="0470-6222222"
    )
    users = {}
    for name, agency, role in [
        ("clerk", stats, Role.CASEWORKER),
        ("head", stats, Role.SIGNER),
        ("office_clerk", office, Role.CASEWORKER),
    ]:
        users[name] = get_user_model().objects.create_user(username=name, password="correct-horse-battery")
        Membership.objects.create(user=users[name], agency=agency, role=role)
    return {"stats": stats, "office": office, **users}


class Clerk:
    """One clerk's browser on one case page."""

    def __init__(self, page, url):
        self.page, self.url = page, url

    def open(self):
        self.page.goto(self.url)

    def actions(self) -> list[str]:
        return self.page.eval_on_selector_all("form[id^=form-]", "fs => fs.map(f => f.id.slice(5))")

    def act(self, key, expect="已办理", **values):
        self.open()
        if not self.page.eval_on_selector(f"#action-{key}", "e => e.open"):
            self.page.click(f"#action-{key} summary")
        for name, value in values.items():
            selector = f"#form-{key} [name={name}]"
            tag = self.page.eval_on_selector(selector, "e => e.tagName + (e.type || '')")
            if tag.startswith("SELECT"):
                self.page.select_option(selector, value)
            elif tag == "INPUTfile":
                self.page.set_input_files(selector, value)
            else:
                self.page.fill(selector, value)
        with self.page.expect_navigation():
            self.page.click(f"#form-{key} button[type=submit]")
        assert expect in self.page.content(), self.page.inner_text("main")


def apply_online(page, url, agency):
    page.goto(f"{url}/yisqing/apply/")
    page.select_option("#id_agency", str(agency.pk))
    page.select_option("#id_applicant_kind", "natural")
    page.fill("#id_applicant_name", "王小明")
    page.fill("#id_id_number", "11010519491231002X")
    page.fill("#id_phone", "13912345678")
    page.fill("#id_email", "wang@example.cn")
    page.fill("#id_description", "本局2025年统计执法检查的计划和结果，包括被检查单位名单")
    page.select_option("#id_delivery_form", "electronic")
    page.select_option("#id_delivery_method", "email")
    with page.expect_navigation():
        page.click("form button[type=submit]")
    return page.text_content("#tracking").strip()


def test_an_online_case_from_application_to_partial_reply(page, live_server, world, clock, logged_in_page):
    url = live_server.url
    # 1. the citizen applies online: not yet received (第三十一条)
    tracking = apply_online(page, url, world["stats"])
    assert page.text_content("#state").strip() == "待确认收到"
    shot(page, "01-applied")
    app = Application.objects.get(tracking_number=tracking)
    clerk = Clerk(logged_in_page(world["clerk"]), f"{url}/yisqing/staff/{app.pk}/")
    clerk.open()
    assert clerk.actions() == ["confirm"]
    t0 = clock.today

    # 2. the clerk confirms: the receipt fixes the date and the number
    clerk.act("confirm", on=t0.isoformat())
    page.goto(f"{url}/yisqing/track/{tracking}/")
    assert page.text_content("#number").strip() == f"{t0.year}-YSQ-0001"
    assert "收件回执" in page.text_content("#letters")
    shot(page, "02-received")

    # 3. 补正: the clerk asks, the citizen answers online with a file
    clerk.act("correction", on=t0.isoformat(), period="10", note="请写明所需文件的年份和文号")
    page.goto(f"{url}/yisqing/track/{tracking}/")
    assert "等待补正" in page.text_content("#state")
    page.fill("#correction textarea", "所需为2025年度的检查计划，文号满统字〔2025〕3号")
    page.set_input_files(
        "#correction input[type=file]",
        files=[{"name": "补正说明.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    shot(page, "03-correction-form")
    with page.expect_navigation():
        page.click("#correction button[type=submit]")
    assert "补正已提交" in page.content() and page.text_content("#state").strip() == "办理中"
    shot(page, "04-corrected")
    step = Application.objects.get(pk=app.pk).steps.get(kind=StepKind.CORRECTION_RECEIVED)
    assert step.by_applicant and step.files.get().title == "补正说明.pdf"

    # 4. consultation of the company named in the records, which does not answer in 15 working days
    clerk.act("consult_start", on=t0.isoformat(), party="满洲里某某商贸有限公司")
    clock.advance(30)
    clerk.open()
    warning = clerk.page.text_content("#warning")
    assert "已超过15个工作日答复期" in warning and "满洲里某某商贸有限公司" in warning
    # the 15 working days after the letter are excluded, then the clock runs again: 20 + 15 after t0
    assert clerk.page.text_content("#due").strip() == f"{nth_workday(t0, 35):%Y-%m-%d}"
    shot(clerk.page, "05-consultation-overrun")

    # 5. the clerk proposes an extension; only the head of the office may approve it
    assert "extend" not in clerk.actions() and "propose_extension" in clerk.actions()
    clerk.act("propose_extension", on=clock.today.isoformat(), workdays="15", reason="需要调取多个科室的档案")
    head = Clerk(logged_in_page(world["head"]), clerk.url)
    head.open()
    assert "提请延期15个工作日" in head.page.text_content("#pending-extension")
    assert head.page.input_value("#form-extend [name=reason]") == "需要调取多个科室的档案"
    head.act("extend", on=clock.today.isoformat())
    shot(head.page, "06-extended")

    # 6. the company answers late; a document is attached and the reply is a partial disclosure
    clerk.act("consult_end", on=clock.today.isoformat(), note="不同意公开企业银行账号")
    clerk.act(
        "attach",
        upload={"name": "检查结果.pdf", "mimeType": "application/pdf", "buffer": PDF},
        title="2025年统计执法检查结果",
        redacted="遮盖了企业银行账号",
    )
    clerk.act(
        "close",
        on=clock.today.isoformat(),
        outcome="partial",
        withheld_parts="被检查企业的银行账号",
        withheld_basis="withheld.third_party",
    )
    assert "（二）部分公开" in clerk.page.text_content("#outcome")
    shot(clerk.page, "07-replied-clerk")

    # 7. the applicant downloads the released document and the 答复书
    page.goto(f"{url}/yisqing/track/{tracking}/")
    with page.expect_download() as got:
        page.click("#released a")
    assert Path(got.value.path()).read_bytes() == PDF
    reply = page.request.get(url + page.get_attribute("#letters li:last-child a", "href"))
    assert reply.ok and reply.body().startswith(b"%PDF")
    assert "征求意见函" not in page.content()  # addressed to the company, not the applicant
    for link in page.eval_on_selector_all("#timeline a, #letters a", "as => as.map(a => a.href)"):
        assert page.request.get(link).ok, link
    shot(page, "08-replied-applicant")
    timeline = page.text_content("#timeline")
    for subject in (
        "申请已收到",
        "请补正您的申请",
        "已收到您的补正",
        "正在征求第三方意见",
        "答复期限延长",
        "您的申请已答复",
    ):
        assert subject in timeline
    subjects = [m.subject for m in mail.outbox if m.to == ["wang@example.cn"]]
    assert subjects == [
        "【满洲里市统计局】已收到您提交的政府信息公开申请",
        "【满洲里市统计局】申请已收到",
        "【满洲里市统计局】请补正您的申请",
        "【满洲里市统计局】已收到您的补正",
        "【满洲里市统计局】您的申请正在征求第三方意见",
        "【满洲里市统计局】答复期限延长",
        "【满洲里市统计局】征求意见已结束",
        "【满洲里市统计局】您的申请已答复",
    ]
    done = Application.objects.get(pk=app.pk)
    assert done.state == CaseState.CLOSED and done.files.filter(purpose=FilePurpose.RELEASED).count() == 1


def counter_case(world, received, **over):
    data = {
        "applicant_kind": "natural",
        "applicant_name": "赵六",
        "id_number": "11010519491231002X",
        "phone": "13812345678",
        "email": "zhao@example.cn",
        "description": "本局近三年全部统计执法案卷",
        "delivery_form": "electronic",
        "delivery_method": "email",
        **over,
    }
    return services.register(world["clerk"], world["stats"], channel="counter", received_on=received, **data)


def test_article_35_case(page, live_server, world, clock, logged_in_page):
    app = counter_case(world, clock.today, pieces=120)
    clerk = Clerk(logged_in_page(world["clerk"]), f"{live_server.url}/yisqing/staff/{app.pk}/")
    clerk.act("reasons_request", on=clock.today.isoformat(), note="您在一个月内提出120件申请")
    clock.advance(3)
    clerk.act("reasons_received", on=clock.today.isoformat(), note="称为撰写论文，未说明为何需要全部案卷")
    clerk.act("close", on=clock.today.isoformat(), outcome="not_processed.excessive")
    shot(clerk.page, "10-article-35")
    page.goto(f"{live_server.url}/yisqing/track/{app.tracking_number}/")
    assert "请说明申请理由" in page.text_content(
        "#timeline"
    ) and "无正当理由大量反复申请" in page.text_content("#outcome")
    shot(page, "11-article-35-applicant")


def test_an_excessive_outcome_needs_the_reasons_step_first(page, live_server, world, clock, logged_in_page):
    app = counter_case(world, clock.today)
    clerk = Clerk(logged_in_page(world["clerk"]), f"{live_server.url}/yisqing/staff/{app.pk}/")
    clerk.act(
        "close",
        expect="须先要求申请人说明理由",
        on=clock.today.isoformat(),
        outcome="not_processed.excessive",
    )
    assert clerk.page.is_visible("#form-close") and Application.objects.get(pk=app.pk).is_open
    shot(clerk.page, "12-article-35-refused")


def test_a_forwarded_case(page, live_server, world, clock, logged_in_page):
    app = counter_case(world, clock.today, description="满洲里市人民政府2025年第3号常务会议纪要")
    clerk = Clerk(logged_in_page(world["clerk"]), f"{live_server.url}/yisqing/staff/{app.pk}/")
    clerk.act(
        "forward",
        on=clock.today.isoformat(),
        to=str(world["office"].pk),
        note="会议纪要由市人民政府办公室制发",
    )
    assert "本机关不掌握相关政府信息" in clerk.page.text_content("#outcome")
    shot(clerk.page, "13-forwarded")
    new = Application.objects.get(forwarded_from=app)
    office = Clerk(logged_in_page(world["office_clerk"]), f"{live_server.url}/yisqing/staff/{new.pk}/")
    office.page.goto(f"{live_server.url}/yisqing/staff/")
    assert new.tracking_number in office.page.text_content("#group-pending")
    shot(office.page, "14-forwarded-queue")
    office.open()
    assert office.actions() == ["confirm"] and "转办自" in office.page.content()
    office.act("confirm", on=clock.today.isoformat())
    assert Application.objects.get(pk=new.pk).number == f"{clock.today.year}-YSQ-0001"
    page.goto(f"{live_server.url}/yisqing/track/{app.tracking_number}/")
    assert new.tracking_number in page.text_content(".kv") and "告知书" in page.text_content("#letters")
    notice = page.request.get(
        live_server.url + page.get_attribute("#letters li:last-child a:last-child", "href")
    )
    assert notice.ok and notice.body().startswith(b"PK")  # the Word copy of the 转办告知书
    shot(page, "15-forwarded-applicant")


def test_a_late_extension_is_refused(page, live_server, world, clock, logged_in_page):
    app = counter_case(world, date(2025, 3, 3))  # due 2025-03-31
    head = Clerk(logged_in_page(world["head"]), f"{live_server.url}/yisqing/staff/{app.pk}/")
    head.open()
    assert "extend" not in head.actions() and "已超期" in head.page.text_content("#due")
    # a hand-made POST, as an old bookmark or a second tab would send it, is refused with a message
    with head.page.expect_navigation():
        head.page.evaluate(
            """url => {
            const form = document.createElement("form");
            form.method = "post"; form.action = url;
            form.appendChild(document.querySelector("[name=csrfmiddlewaretoken]").cloneNode());
            for (const [k, v] of [["on", "2025-03-20"], ["workdays", "10"], ["reason", "补录"]]) {
                const i = document.createElement("input"); i.name = k; i.value = v; form.appendChild(i);
            }
            document.body.appendChild(form); form.submit();
        }""",
            f"{live_server.url}/yisqing/staff/{app.pk}/extend/",
        )
    assert "当前不能办理“延长答复期限”" in head.page.content()
    assert not Application.objects.get(pk=app.pk).steps.filter(kind=StepKind.EXTENSION_APPROVED).exists()
    shot(head.page, "16-late-extension")
