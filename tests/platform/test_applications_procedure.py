"""The procedure of 条例 第三十条至第三十九条 through the services, with hand-counted dates (chinese_calendar's
2025 schedule: 清明 4月4日至6日), the letters each step issues, and the messages the applicant receives."""

import io
import re
from datetime import date, timedelta
from urllib.parse import unquote

import pdfplumber
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from docx import Document

from gongkai_platform.agencies.models import Role
from gongkai_platform.applications import actions, clock, letters, services
from gongkai_platform.applications.models import (
    Application,
    CaseState,
    FilePurpose,
    LetterKind,
    Message,
    StepKind,
)
from gongkai_platform.workdays.models import CalendarYear
from gongkai_platform.workdays.services import WorkCalendar
from tests.platform.test_applications_workflow import counter, fields, seeded_calendar, user  # noqa: F401

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def agency(tree):
    return tree["stats"]


@pytest.fixture
def clerk(agency):
    return user("clerk", agency, Role.CASEWORKER)


@pytest.fixture
def head(agency):
    return user("head", agency, Role.SIGNER)


@pytest.fixture
def next_year(db):
    CalendarYear.objects.get_or_create(
        year=timezone.localdate().year + 1, defaults={"source": "测试：仅周末"}
    )


def online(agency, **over) -> Application:
    data = {"agency": agency, **fields(**over)}
    return services.register_online(data)


def reply_text(app) -> str:
    return letters.compose(letters.reply_letter(app)).plain


# ---------------------------------------------------------------- receipt (第三十一条)
def test_online_application_is_received_when_confirmed(
    agency, clerk, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        app = online(agency)
    assert app.state == CaseState.PENDING and app.received_on is None and app.number == ""
    assert app.due_on is None and mailoutbox[0].to == ["zhang@example.cn"]
    with pytest.raises(ValidationError, match="请先确认收到"):
        services.request_correction(clerk, app, timezone.localdate(), 10, "请写明文号")
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="提交之日至今天"):
        services.confirm_receipt(clerk, app, today - timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_receipt(clerk, app, today)
    app.refresh_from_db()
    assert app.received_on == today and app.number == f"{today.year}-YSQ-0001"
    receipt = app.letters.get(kind=LetterKind.RECEIPT)
    assert receipt.number == f"满洲里市统计局依申收〔{today.year}〕1号"
    text = letters.compose(receipt).plain
    assert f"{today.year}年{today.month}月{today.day}日" in text and "双方确认之日" in text
    assert "申请已收到" in mailoutbox[1].subject and app.tracking_number in mailoutbox[1].body
    with pytest.raises(ValidationError, match="已确认收到"):
        services.confirm_receipt(clerk, app, today)


def test_register_numbers_run_per_agency_and_year(agency, clerk, tree):
    a = counter(clerk, agency, received=date(2025, 3, 3))
    b = counter(clerk, agency, received=date(2025, 3, 4))
    c = counter(clerk, agency, received=date(2026, 1, 5))
    other = counter(user("o", tree["office"], Role.CASEWORKER), tree["office"], received=date(2025, 3, 3))
    assert [a.number, b.number, c.number, other.number] == [
        "2025-YSQ-0001",
        "2025-YSQ-0002",
        "2026-YSQ-0001",
        "2025-YSQ-0001",
    ]


def test_automatic_confirmation_by_setting(agency, settings):
    settings.GONGKAI_APPLICATIONS_AUTO_CONFIRM = True
    app = online(agency)
    assert app.received_on == timezone.localdate() and app.state == CaseState.RUNNING and app.number


def test_email_channel_uses_the_2019_rule():
    from gongkai_platform.applications.models import RECEIPT_RULES, Channel

    assert "双方确认之日" in RECEIPT_RULES[Channel.EMAIL] and "系统接收" not in RECEIPT_RULES[Channel.EMAIL]


# ---------------------------------------------------------------- consultation (第三十二、三十四条)
def test_consultation_is_excluded_only_within_its_15_working_days(agency, clerk):
    app = counter(clerk, agency, received=date(2025, 3, 3))
    services.start_consultation(clerk, app, date(2025, 3, 5), "某公司", received_on=date(2025, 3, 7))
    services.end_consultation(clerk, app, date(2025, 4, 15), "某公司")
    app.refresh_from_db()
    # counted 3月4日、5日 (2); excluded to 3月28日 (the 15th working day after its receipt on 3月7日);
    # then 18 more: 3月31日, 4月1–3日, 4月7–11日, 14–18日, 21–24日 (4月4日至6日 清明) → 4月24日
    assert app.due_on == date(2025, 4, 24)
    trace = services.compute(app).trace
    assert any(s.warning and "2025年3月28日之后的时间计入答复期限" in s.text for s in trace)
    letter = app.letters.get(kind=LetterKind.CONSULTATION)
    text = letters.compose(letter).plain
    assert text.startswith("政府信息公开征求意见函") and "某公司：" in text and "15个工作日" in text
    assert "张三丰" not in text  # the third party is not told who applied


def test_open_consultation_past_its_period_stops_pausing_and_warns():
    cal = WorkCalendar()
    events = [clock.ConsultationStarted(date(2025, 3, 5), "某公司", date(2025, 3, 7))]
    within = clock.compute(cal, date(2025, 3, 3), events, today=date(2025, 3, 20))
    assert within.state == clock.State.CONSULTING and within.due is None and not within.warnings
    over = clock.compute(cal, date(2025, 3, 3), events, today=date(2025, 4, 2))
    assert over.state == clock.State.CONSULTING and over.due == date(2025, 4, 24)
    assert [s.on for s in over.warnings] == [date(2025, 3, 28)]


# ---------------------------------------------------------------- extension (第三十三条第二款)
def test_extension_only_once_before_the_due_date_by_the_head(agency, clerk, head, next_year):
    today = timezone.localdate()
    app = counter(clerk, agency, received=today)
    assert "extend" not in actions.available(app, clerk) and "propose_extension" in actions.available(
        app, clerk
    )
    with pytest.raises(PermissionDenied, match="负责人"):
        services.extend(clerk, app, today, 10, "资料多")
    services.propose_extension(clerk, app, today, 10, "需调取档案。")
    assert "propose_extension" not in actions.available(app, clerk)
    assert "extend" in actions.available(app, head)
    services.extend(head, app, today, 10, "需调取档案。")
    app.refresh_from_db()
    assert app.due_on == WorkCalendar().add_workdays(today, 30)
    letter = app.letters.get(kind=LetterKind.EXTENSION)
    text = letters.compose(letter).plain
    due = app.due_on
    assert f"将于{due.year}年{due.month}月{due.day}日前作出答复" in text and "。，" not in text
    assert "因需调取档案，本机关" in text
    with pytest.raises(ValidationError, match="只能延长一次"):
        services.extend(head, app, today, 5, "再延")
    assert "extend" not in actions.available(app, head)


def test_a_late_extension_is_refused(agency, clerk, head):
    app = counter(clerk, agency, received=date(2025, 3, 3))  # due 2025-03-31
    assert app.due_on == date(2025, 3, 31)
    with pytest.raises(ValidationError, match="2025年3月31日届满，不能再延长"):
        services.extend(head, app, date(2025, 4, 1), 10, "资料多")
    assert "extend" not in actions.available(app, head)  # today is long past the due date
    assert app.steps.count() == 0


# ---------------------------------------------------------------- 第三十五条
def test_excessive_requests_need_the_reasons_step(agency, clerk):
    app = counter(clerk, agency, received=date(2025, 3, 3))
    with pytest.raises(ValidationError, match="须先要求申请人说明理由"):
        services.close(clerk, app, "not_processed.excessive", date(2025, 3, 20))
    services.request_reasons(clerk, app, date(2025, 3, 5), "一个月内提出120件申请")
    notice = app.letters.get(kind=LetterKind.NOTICE)
    assert "第三十五条" in letters.compose(notice).plain and notice.number.endswith("依申告〔2025〕1号")
    services.receive_reasons(clerk, app, date(2025, 3, 10), "称为写论文需要")
    services.close(clerk, app, "not_processed.excessive", date(2025, 3, 20))
    assert "第三十五条" in reply_text(Application.objects.get(pk=app.pk))


def test_a_deferred_reply_date_replaces_the_due_date(agency, clerk):
    app = counter(clerk, agency, received=date(2025, 3, 3))
    services.request_reasons(clerk, app, date(2025, 3, 5), "一个月内提出120件申请")
    with pytest.raises(ValidationError, match="须先登记申请人说明的理由"):
        services.defer_reply(clerk, app, date(2025, 3, 12), date(2025, 6, 30))
    services.receive_reasons(clerk, app, date(2025, 3, 10), "研究需要，理由合理")
    with pytest.raises(ValidationError, match="应晚于原答复期限"):
        services.defer_reply(clerk, app, date(2025, 3, 12), date(2025, 3, 20))
    services.defer_reply(clerk, app, date(2025, 3, 12), date(2025, 6, 30))
    app.refresh_from_db()
    assert app.due_on == date(2025, 6, 30)
    text = letters.compose(app.letters.filter(kind=LetterKind.NOTICE).last()).plain
    assert "延迟答复期限至2025年6月30日" in text
    assert Message.objects.filter(application=app, subject="答复期限延迟").exists()


# ---------------------------------------------------------------- forwarding and 第三十六条
def test_forwarding_names_the_organ_and_starts_a_case_there(agency, clerk, tree):
    office = tree["office"]
    office.phone, office.address = "0470-6222222", "满洲里市四道街1号"
    office.save()
    app = counter(clerk, agency, received=date(2025, 3, 3))
    services.request_correction(clerk, app, date(2025, 3, 4), 5, "请写明年份")
    services.receive_correction(clerk, app, date(2025, 3, 6))
    new = services.forward(clerk, app, office, date(2025, 3, 10), "该文件由市政府办公室制作")
    app.refresh_from_db()
    assert app.outcome == "unavailable.not_held" and app.responsible_organ == office.name
    assert new.agency == office and new.forwarded_from == app and new.state == CaseState.PENDING
    assert new.description == app.description and new.applicant_name == app.applicant_name
    text = letters.compose(letters.reply_letter(app)).plain
    assert "转办告知书" in text and new.tracking_number in text and "0470-6222222" in text
    assert "第三十六条第（五）项" in text
    assert new.messages.filter(subject="您的申请已转办").exists()
    with pytest.raises(ValidationError, match="本机关"):
        services.forward(clerk, counter(clerk, agency, received=date(2025, 3, 3)), agency, date(2025, 3, 4))


def test_not_held_replies_use_the_articles_wording(agency, clerk):
    app = counter(clerk, agency, received=date(2025, 3, 3))
    services.close(clerk, app, "unavailable.not_held", date(2025, 3, 20))
    text = reply_text(Application.objects.get(pk=app.pk))
    assert "该政府信息不存在" in text and "第三十六条第（四）项" in text and "不掌握" not in text
    other = counter(clerk, agency, received=date(2025, 3, 3))
    with pytest.raises(ValidationError, match="名称及其联系方式"):
        services.close(clerk, other, "unavailable.not_held", date(2025, 3, 20), not_held_ground="not_ours")
    services.close(
        clerk,
        other,
        "unavailable.not_held",
        date(2025, 3, 20),
        not_held_ground="not_ours",
        responsible_organ="满洲里市自然资源局",
        responsible_contact="0470-6111111",
    )
    text = reply_text(Application.objects.get(pk=other.pk))
    assert "负责公开该政府信息的行政机关为满洲里市自然资源局，联系方式：0470-6111111。" in text


def test_partial_reply_releases_documents_downloaded_by_the_applicant(
    agency, clerk, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    app = counter(clerk, agency, received=date(2025, 3, 3))
    services.attach_released(
        clerk,
        app,
        upload=SimpleUploadedFile("检查结果.pdf", PDF, "application/pdf"),
        title="2024年统计执法检查结果",
        redacted="遮盖了被检查企业负责人的姓名",
    )
    with pytest.raises(ValidationError, match="类型"):
        services.attach_released(
            clerk, app, upload=SimpleUploadedFile("x.exe", b"MZ", "application/octet-stream")
        )
    released = app.files.get(purpose=FilePurpose.RELEASED)
    url = f"/yisqing/track/{app.tracking_number}/files/{released.pk}/"
    assert client.get(url).status_code == 404  # not before the reply
    services.close(
        clerk,
        app,
        "partial",
        date(2025, 3, 20),
        withheld_parts="被检查企业名单",
        withheld_basis="withheld.third_party",
    )
    got = client.get(url)
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    text = reply_text(Application.objects.get(pk=app.pk))
    assert "不予公开的部分：被检查企业名单。理由：" in text and "第十五条" in text
    assert "1. 2024年统计执法检查结果（已作区分处理：遮盖了被检查企业负责人的姓名）。" in text
    page = client.get(f"/yisqing/track/{app.tracking_number}/").content.decode()
    assert "2024年统计执法检查结果" in page and url in page


# ---------------------------------------------------------------- the applicant online
def test_applicant_answers_the_correction_online(
    agency, clerk, client, settings, tmp_path, mailoutbox, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    app = counter(clerk, agency, received=today)
    services.request_correction(clerk, app, today, 10, "请写明所需文件的文号")
    url = f"/yisqing/track/{app.tracking_number}/correct/"
    bad = client.post(url, {"text": "文号为满统字〔2024〕3号", "files": SimpleUploadedFile("a.exe", b"MZ")})
    assert bad.status_code == 400 and "类型不受支持" in bad.content.decode()
    assert "文号为满统字〔2024〕3号" in bad.content.decode()  # what was typed is kept
    with django_capture_on_commit_callbacks(execute=True):
        ok = client.post(
            url, {"text": "文号为满统字〔2024〕3号", "files": SimpleUploadedFile("补正.pdf", PDF)}
        )
    assert ok.status_code == 302
    app.refresh_from_db()
    step = app.steps.get(kind=StepKind.CORRECTION_RECEIVED)
    assert step.by_applicant and step.on == today and step.note == "文号为满统字〔2024〕3号"
    assert app.state == CaseState.RUNNING and app.files.get().purpose == FilePurpose.CORRECTION
    assert any("已收到您的补正" in m.subject for m in mailoutbox)
    again = client.post(url, {"text": "再补充"})
    assert again.status_code == 400 and "不需要补正" in again.content.decode()


def test_a_3mb_description_is_refused_with_a_clear_message(agency, client):
    data = {"agency": agency.pk, **fields(description="统计" * 1_500_000)}
    r = client.post("/yisqing/apply/", data)
    body = r.content.decode()
    assert r.status_code == 400 and "最多2000个字，您填写了3000000个字" in body
    assert 'value="13812345678"' in body and not Application.objects.exists()


def test_the_public_letter_masks_the_applicant(agency, clerk, client):
    app = counter(clerk, agency, received=date(2025, 3, 3))
    services.close(clerk, app, "granted", date(2025, 3, 20))
    letter = letters.reply_letter(app)
    r = client.get(f"/yisqing/track/{app.tracking_number}/letters/{letter.pk}.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "张**：" in text and "张三丰" not in text
    assert unquote(r["Content-Disposition"]).endswith("满洲里市统计局2025-YSQ-0001答复书.docx")


# ---------------------------------------------------------------- the letters
BAD_PUNCTUATION = re.compile(r"[。，；：][。，；]|，，|。。")


def every_letter(agency, clerk, head):
    """A case that issues every kind of letter, and a second for the fee notice."""
    app = counter(clerk, agency, received=date(2025, 3, 3), pieces=40)
    services.request_correction(clerk, app, date(2025, 3, 4), 10, "请写明所需信息的年份。")
    services.receive_correction(clerk, app, date(2025, 3, 6))
    services.start_consultation(clerk, app, date(2025, 3, 7), "满洲里某某有限公司")
    services.end_consultation(clerk, app, date(2025, 3, 14), "满洲里某某有限公司")
    services.extend(head, app, date(2025, 3, 20), 15, "涉及多个科室的档案。")
    services.request_reasons(clerk, app, date(2025, 3, 21), "一个月内提出40件申请")
    services.send_fee_notice(clerk, app, date(2025, 3, 24), "per_piece")
    services.record_payment(clerk, app, date(2025, 3, 26))
    services.close(
        clerk,
        app,
        "partial",
        date(2025, 4, 10),
        "其余部分已按您选择的方式寄出。",
        withheld_parts="第三页企业账号",
        withheld_basis="withheld.third_party",
    )
    return Application.objects.get(pk=app.pk)


def test_every_letter_type_renders_with_its_number_and_clean_text(agency, clerk, head):
    app = every_letter(agency, clerk, head)
    kinds = {x.kind: x for x in app.letters.select_related("step")}
    assert set(kinds) == {k.value for k in LetterKind}
    abbreviations = {
        "receipt": "收",
        "correction": "补",
        "extension": "延",
        "consultation": "征",
        "reply": "答",
        "notice": "告",
        "fee": "费",
    }
    for kind, letter in kinds.items():
        assert letter.number == f"满洲里市统计局依申{abbreviations[kind]}〔2025〕1号"
        text = letters.compose(letter)
        plain = text.plain
        assert not BAD_PUNCTUATION.search(plain), (kind, BAD_PUNCTUATION.search(plain).group(0))
        assert "《中华人民共和国政府信息公开条例》" in plain or kind == "fee"
        assert (
            text.signed_on == f"{letter.issued_on.year}年{letter.issued_on.month}月{letter.issued_on.day}日"
        )
        docx = Document(io.BytesIO(letters.render_docx(text)))
        paragraphs = [p.text for p in docx.paragraphs]
        assert letter.number in paragraphs and paragraphs[-1] == text.signed_on
        with pdfplumber.open(io.BytesIO(letters.render_pdf(text))) as pdf:
            pages = [p.extract_text() or "" for p in pdf.pages]
        last = pages[-1].replace("\n", "")
        # the seal block and date share the page with the closing paragraph's text
        assert "（盖章）" in last and "2025年" in last and text.paragraphs[-1][-10:] in last
    for message in app.messages.all():
        assert not BAD_PUNCTUATION.search(message.subject + message.body), message.body
    assert "第三十三条第二款" in letters.compose(kinds["extension"]).plain
    assert "第三十条" in letters.compose(kinds["correction"]).plain
    assert "请写明所需信息的年份。" in letters.compose(kinds["correction"]).plain


def test_download_names_say_what_and_when(agency, clerk, head, client):
    app = every_letter(agency, clerk, head)
    client.force_login(clerk)
    for letter in app.letters.all():
        r = client.get(f"/yisqing/staff/{app.pk}/letters/{letter.pk}.pdf")
        name = unquote(r["Content-Disposition"].split("''")[-1])
        assert name == f"满洲里市统计局2025-YSQ-0001{letter.get_kind_display()}.pdf" and r.content.startswith(
            b"%PDF"
        )


def test_reminders_name_consultations_past_their_period(agency, clerk, mailoutbox):
    from gongkai_platform.applications import reminders

    app = counter(clerk, agency, received=date(2025, 3, 3))
    services.start_consultation(clerk, app, date(2025, 3, 5), "某公司", received_on=date(2025, 3, 7))
    assert reminders.deadline_lists(agency, date(2025, 3, 28))["consultation_overrun"] == []  # last day
    assert reminders.deadline_lists(agency, date(2025, 3, 31))["consultation_overrun"] == [app]
    reminders.remind(date(2025, 3, 31))
    body = next(m.body for m in mailoutbox if "期限提醒" in m.subject)
    assert "征求意见超过15个工作日未复：1件" in body and "2025-YSQ-0001" in body
