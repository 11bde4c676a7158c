"""The application workflow through services, pages, letters, API and reminders, on the real database."""

import io
from datetime import date

import pdfplumber
import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from docx import Document

from gongkai_platform.agencies.models import Agency, Jurisdiction, Membership, Role
from gongkai_platform.appeals import services as appeal_services
from gongkai_platform.applications import fees, letters, reminders, services
from gongkai_platform.applications.models import Application, CaseState, StepKind
from gongkai_platform.applications.table3 import fee_totals, table3
from gongkai_platform.applications.views import POSTS_PER_HOUR
from gongkai_platform.auditlog.models import AuditEntry
from gongkai_platform.workdays import seeding
from gongkai_platform.workdays.models import AdjustedWorkday, CalendarYear, Holiday
from gongkai_platform.workdays.services import WorkCalendar

pytestmark = pytest.mark.django_db

ID = "11010519491231002X"  # valid GB 11643 check digit
USCC = "91350100M000100Y43"  # valid GB 32100 check character


@pytest.fixture(autouse=True)
def seeded_calendar(db):
    """Transactional tests (here or elsewhere) flush the calendar the data migration seeded; restore it."""
    if not CalendarYear.objects.exists():
        seeding.seed(CalendarYear, Holiday, AdjustedWorkday)


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def agency():
    j = Jurisdiction.objects.create(name="满洲里市", slug="manzhouli")
    return Agency.objects.create(
        jurisdiction=j, name="满洲里市统计局", slug="stats", org_code="11152200MB0000002"
    )


@pytest.fixture
def other_agency(agency):
    return Agency.objects.create(
        jurisdiction=agency.jurisdiction, name="满洲里市人民政府办公室", slug="office", org_code="O1"
    )


def user(name, agency, *roles):
    u = get_user_model().objects.create_user(
        username=name, password="correct-horse-battery", email=f"{name}@example.cn"
    )
    for r in roles:
        Membership.objects.create(user=u, agency=agency, role=r)
    return u


@pytest.fixture
def clerk(agency):
    return user("clerk", agency, Role.EDITOR, Role.SIGNER)


def fields(**over):
    data = {
        "applicant_kind": "natural",
        "applicant_name": "张三丰",
        "id_number": ID,
        "phone": "13812345678",
        "email": "zhang@example.cn",
        "address": "内蒙古满洲里市某某路1号",
        "description": "2024年本局统计执法检查计划及结果",
        "delivery_form": "electronic",
        "delivery_method": "email",
    }
    return data | over


def counter(clerk, agency, received=date(2025, 3, 3), **over):
    return services.register(clerk, agency, channel="counter", received_on=received, **fields(**over))


def test_full_workflow_keeps_clock_trace_audit_and_table3(clerk, agency):
    cal = WorkCalendar()
    app = counter(clerk, agency)
    assert app.due_on == cal.add_workdays(date(2025, 3, 3), 20)
    services.request_correction(clerk, app, date(2025, 3, 5), 10, "请说明所需信息的具体年份和文件名称")
    app.refresh_from_db()
    assert app.state == CaseState.AWAITING_CORRECTION and app.due_on is None
    assert app.correction_due == cal.add_workdays(date(2025, 3, 5), 10)
    services.receive_correction(clerk, app, date(2025, 3, 10))
    services.start_consultation(clerk, app, date(2025, 3, 12), "某公司")
    services.end_consultation(clerk, app, date(2025, 3, 20), "某公司")
    services.extend(clerk, app, date(2025, 4, 1), 10, "信息量大，需要协调多个科室")
    app.refresh_from_db()
    excluded = cal.workdays_between(date(2025, 3, 12), date(2025, 3, 20))
    assert app.due_on == cal.add_workdays(date(2025, 3, 10), 30 + excluded)
    services.close(
        clerk,
        app,
        "partial",
        date(2025, 4, 15),
        withheld_parts="第二项中的个人姓名和住址",
        withheld_basis="withheld.third_party",
    )
    app.refresh_from_db()
    assert app.state == CaseState.CLOSED and app.outcome == "partial"
    actions = set(AuditEntry.objects.filter(object_id=str(app.pk)).values_list("action", flat=True))
    assert {"application.registered", "application.extension_approved", "application.decided"} <= actions
    t = table3(agency, 2025)
    assert t["s3.partial.natural"] == 1 and t["s3.new.total"] == 1 and t["s3.carried_out.total"] == 0
    trace = services.compute(app).trace
    assert any("不计入" in s.text for s in trace) and trace[0].on == date(2025, 3, 3)


def test_impossible_steps_are_refused(clerk, agency):
    app = counter(clerk, agency)
    editor = user("editor", agency, Role.EDITOR)
    with pytest.raises(PermissionDenied):
        services.extend(editor, app, date(2025, 3, 5), 10, "理由")
    with pytest.raises(ValidationError, match="1至20"):
        services.extend(clerk, app, date(2025, 3, 5), 25, "理由")
    with pytest.raises(ValidationError, match="办理结果"):
        services.close(clerk, app, "withheld", date(2025, 3, 6))
    with pytest.raises(ValidationError, match="补正期限届满"):
        services.close(clerk, app, "other.no_correction", date(2025, 3, 6))
    services.request_correction(clerk, app, date(2025, 3, 4), 5, "请补充文号")
    with pytest.raises(ValidationError, match="一次性告知"):
        services.request_correction(clerk, app, date(2025, 3, 5), 5, "再补充")
    with pytest.raises(ValidationError, match="补正期限届满"):
        services.close(clerk, app, "other.no_correction", date(2025, 3, 6))
    services.close(clerk, app, "other.no_correction", date(2025, 4, 1))
    assert Application.objects.get(pk=app.pk).outcome == "other.no_correction"
    with pytest.raises(PermissionDenied):
        counter(user("outsider", agency), agency)


def test_fee_notice_uses_the_applicants_month(clerk, agency):
    first = counter(clerk, agency, pieces=12)
    second = counter(clerk, agency, pieces=3, received=date(2025, 3, 4))
    counter(clerk, agency, pieces=50, received=date(2025, 4, 1))  # another month
    assert services.assess_fee(first, fees.Method.PER_PIECE) == 200
    assert services.assess_fee(second, fees.Method.PER_PIECE) == 300
    services.send_fee_notice(clerk, second, date(2025, 3, 5), fees.Method.PER_PIECE)
    second.refresh_from_db()
    assert second.state == CaseState.AWAITING_FEE
    assert second.fee_due == WorkCalendar().add_workdays(date(2025, 3, 5), 20)
    services.record_payment(clerk, second, date(2025, 3, 12))
    assert fee_totals(agency, 2025) == {"notices": 1, "billed": 300, "paid": [300]}
    with pytest.raises(ValidationError, match="0元"):
        services.send_fee_notice(
            clerk, counter(clerk, agency, id_number="110105194912310029"), date(2025, 3, 5), "per_page", 10
        )


def test_calendar_edit_recomputes_open_due_dates(clerk, agency, django_capture_on_commit_callbacks):
    app = counter(clerk, agency)
    closed = counter(clerk, agency)
    services.close(clerk, closed, "granted", date(2025, 3, 5))
    before = app.due_on
    with django_capture_on_commit_callbacks(execute=True):
        Holiday.objects.create(date=date(2025, 3, 12), name="测试假日")
    app.refresh_from_db()
    assert app.due_on == WorkCalendar().add_workdays(before, 1)


def test_removing_a_calendar_year_shows_a_clear_problem(clerk, agency, django_capture_on_commit_callbacks):
    app = counter(clerk, agency)
    with django_capture_on_commit_callbacks(execute=True):
        CalendarYear.objects.filter(year=2025).delete()
    app.refresh_from_db()
    assert app.due_on is None and "2025年" in app.clock_error
    lists = reminders.deadline_lists(agency, date(2026, 3, 2))
    assert app in lists["no_due_date"]


def test_reminders_email_handlers(clerk, agency, mailoutbox):
    app = counter(clerk, agency)
    assert app in reminders.deadline_lists(agency, date(2025, 4, 30))["overdue"]
    assert app in reminders.deadline_lists(agency, app.due_on)["due_soon"]
    assert reminders.remind(date(2025, 4, 30)) == {"stats": 1}
    assert mailoutbox[0].to == ["clerk@example.cn"] and app.number in mailoutbox[0].body


def test_letters_cite_the_article(clerk, agency):
    app = counter(clerk, agency)
    services.close(
        clerk,
        app,
        "partial",
        date(2025, 3, 20),
        withheld_parts="第二项涉及个人隐私",
        withheld_basis="withheld.third_party",
    )
    app.refresh_from_db()
    text = letters.compose(letters.reply_letter(app))
    docx_text = "\n".join(p.text for p in Document(io.BytesIO(letters.render_docx(text))).paragraphs)
    assert "第三十七条" in docx_text and "第二十三条" in docx_text and "张三丰" in docx_text
    pdf = letters.render_pdf(text)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        text = "".join(page.extract_text() or "" for page in doc.pages)
    assert "答复书" in text and "三十七" in text


def test_appeals_register(clerk, agency):
    app = counter(clerk, agency)
    appeal = appeal_services.register(
        clerk, app, group="review", organ="满洲里市人民政府", filed_on=date(2025, 5, 1)
    )
    with pytest.raises(ValidationError):
        appeal_services.register(clerk, app, group="review", organ="市政府", filed_on=date(2025, 1, 1))
    appeal_services.conclude(clerk, appeal, "corrected", date(2025, 6, 1))
    with pytest.raises(ValidationError):
        appeal_services.conclude(clerk, appeal, "upheld", date(2025, 6, 2))


# ---------------------------------------------------------------- pages
def form_post(agency, **over):
    return {"agency": agency.pk, "website": "", **fields(**over)}


def test_public_form_tracking_and_masking(client, agency):
    r = client.post("/yisqing/apply/", form_post(agency))
    assert r.status_code == 302
    app = Application.objects.get()
    assert r.url == f"/yisqing/track/{app.tracking_number}/" and app.channel == "online"
    page = client.get(r.url).content.decode()
    assert "张**" in page and ID not in page and "13812345678" not in page
    assert client.get("/yisqing/", {"tn": app.tracking_number.lower()}).status_code == 302
    assert client.get("/yisqing/", {"tn": "NOPE"}).status_code == 404


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"id_number": "110105194912310021"}, "校验位"),
        ({"applicant_kind": "business", "id_number": USCC, "contact_person": ""}, "联系人"),
        (
            {"applicant_kind": "business", "id_number": "91350100M000100Y44", "contact_person": "李四"},
            "统一社会信用代码",
        ),
        ({"phone": "12345"}, "有效的手机号码"),
        ({"description": "文件"}, "特征性描述"),
        ({"delivery_method": "post", "address": ""}, "通信地址"),
        ({"delivery_method": "email", "email": ""}, "电子邮箱"),
        ({"applicant_kind": "nobody"}, "有效的选项"),
        ({"website": "http://spam"}, "提交被拒绝"),
    ],
)
def test_public_form_rejects_bad_input_with_a_message(client, agency, over, message):
    r = client.post("/yisqing/apply/", form_post(agency, **over))
    assert r.status_code == 400 and message in r.content.decode()
    assert not Application.objects.exists()


def test_public_form_checks_uploads_and_rate_limits(client, agency):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("id.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    r = client.post("/yisqing/apply/", {**form_post(agency), "id_proof": fake})
    assert r.status_code == 400 and "不符" in r.content.decode()
    for _ in range(POSTS_PER_HOUR - 1):
        client.post("/yisqing/apply/", form_post(agency))
    r = client.post("/yisqing/apply/", form_post(agency))
    assert r.status_code == 429 and "提交过于频繁" in r.content.decode()


def test_staff_pages_mask_lists_and_show_full_data_to_the_agency(client, clerk, agency, other_agency):
    today = timezone.localdate()
    CalendarYear.objects.get_or_create(year=today.year + 1, defaults={"source": "测试"})  # weekends only
    app = counter(clerk, agency, received=today)
    client.force_login(clerk)
    listing = client.get("/yisqing/staff/").content.decode()
    assert "138****5678" in listing and "13812345678" not in listing and ID not in listing
    detail = client.get(f"/yisqing/staff/{app.pk}/").content.decode()
    assert "13812345678" in detail and ID in detail and "答复期限届满日" in detail
    r = client.post(f"/yisqing/staff/{app.pk}/extend/", {"on": today, "workdays": "30", "reason": "需协调"})
    assert r.status_code == 400 and 'value="需协调"' in r.content.decode()  # the form keeps what was typed
    assert not app.steps.exists()
    r = client.post(f"/yisqing/staff/{app.pk}/extend/", {"on": today, "workdays": "10", "reason": "需协调"})
    assert app.steps.get().kind == StepKind.EXTENSION_APPROVED
    supervisor = user("supervisor", other_agency, Role.SUPERVISOR)
    client.force_login(supervisor)
    detail = client.get(f"/yisqing/staff/{app.pk}/").content.decode()
    assert "13812345678" not in detail and "138****5678" in detail
    assert (
        client.post(f"/yisqing/staff/{app.pk}/close/", {"on": "2025-03-20", "outcome": "granted"}).status_code
        == 302
    )
    assert Application.objects.get(pk=app.pk).is_open
    client.force_login(user("stranger", other_agency, Role.EDITOR))
    assert client.get(f"/yisqing/staff/{app.pk}/").status_code == 404


def test_publish_released_information_to_the_catalogue(client, clerk, agency):
    from gongkai_platform.catalogue import standard_columns
    from gongkai_platform.catalogue.models import Column, InformationItem

    standard_columns.ensure(Column)
    app = counter(clerk, agency)
    counter(clerk, agency, description="2024年本局统计执法检查计划及结果公告")
    counter(clerk, agency, description="请公开2024年本局统计执法检查计划")
    services.close(clerk, app, "granted", date(2025, 3, 20))
    client.force_login(clerk)
    page = client.get(f"/yisqing/staff/{app.pk}/").content.decode()
    assert "建议转为主动公开" in page
    column = Column.objects.filter(agency=None).first()
    client.post(f"/yisqing/staff/{app.pk}/publish/", {"column": column.pk})
    item = InformationItem.objects.get()
    assert Application.objects.get(pk=app.pk).catalogue_item == item and item.title == app.description


def test_report_page(client, clerk, agency):
    app = counter(clerk, agency)
    services.close(clerk, app, "withheld.third_party", date(2025, 3, 20))
    client.force_login(clerk)
    page = client.get(f"/yisqing/staff/report/{agency.pk}/2025/").content.decode()
    assert "4.保护第三方合法权益" in page and "未收取" in page


# ---------------------------------------------------------------- API
def test_api_submit_status_and_report(client, clerk, agency):
    r = client.post(
        "/yisqing/api/applications", {"agency": agency.pk, **fields()}, content_type="application/json"
    )
    assert r.status_code == 201, r.content
    tn = r.json()["tracking_number"]
    status = client.get(f"/yisqing/api/applications/{tn}").json()
    assert status["applicant"] == "张**" and status["state"] == "pending" and status["received_on"] is None
    bad = client.post(
        "/yisqing/api/applications",
        {"agency": agency.pk, **fields(phone="x")},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "phone" in bad.json()["errors"]
    assert client.get("/yisqing/api/staff/applications").status_code == 401
    client.force_login(clerk)
    assert client.get("/yisqing/api/staff/applications").json()[0]["phone"] == "138****5678"
    report = client.get(f"/yisqing/api/staff/agencies/{agency.pk}/report/2025").json()
    assert "s3.new.natural" in report and "s4.review.total" in report
    app = Application.objects.get(tracking_number=tn)
    url = f"/yisqing/api/staff/applications/{app.pk}/actions"
    today = timezone.localdate().isoformat()
    refused = client.post(
        f"{url}/extend", {"on": today, "workdays": 5, "reason": "x"}, content_type="application/json"
    )
    assert refused.status_code == 403 and "当前不能办理" in refused.json()["detail"]
    confirmed = client.post(f"{url}/confirm", {"on": today}, content_type="application/json")
    assert confirmed.status_code == 200 and confirmed.json()["received_on"] == today
    assert confirmed.json()["number"] == f"{timezone.localdate().year}-YSQ-0001"
    done = client.post(
        f"{url}/extend",
        {"on": "2026-11-20", "workdays": 10, "reason": "需协调"},
        content_type="application/json",
    )
    assert done.status_code == 400 and "早于收到申请" in done.json()["detail"]
    CalendarYear.objects.get_or_create(year=timezone.localdate().year + 1, defaults={"source": "测试"})
    done = client.post(
        f"{url}/extend", {"on": today, "workdays": 10, "reason": "需协调"}, content_type="application/json"
    )
    assert done.status_code == 200, done.json()
    assert done.json()["steps"][-1]["kind"] == "extension_approved"
    bad = client.post(f"{url}/close", {"on": today, "outcome": "nonsense"}, content_type="application/json")
    assert bad.status_code == 400 and "outcome" in bad.json()["errors"]
    assert client.post(f"{url}/explode", {"on": today}, content_type="application/json").status_code == 422
    bad_year = client.get(f"/yisqing/api/staff/agencies/{agency.pk}/report/99999")
    assert bad_year.status_code == 422 and bad_year.json()["detail"] == "请求格式或参数有误。"
    broken = client.post("/yisqing/api/applications", "{not json", content_type="application/json")
    assert 400 <= broken.status_code < 500


def test_staff_forms_reject_bad_input_with_a_message(client, clerk, agency):
    app = counter(clerk, agency)
    client.force_login(clerk)
    r = client.post(
        f"/yisqing/staff/{app.pk}/correction/", {"on": "2025-13-40", "period": "x", "note": ""}, follow=True
    )
    page = r.content.decode()
    assert "日期" in page and "补正期限" in page and not app.steps.exists()
    r = client.post(
        f"/yisqing/staff/{app.pk}/close/", {"on": "2025-03-20", "outcome": "partial"}, follow=True
    )
    assert r.status_code == 400 and "部分公开须写明不予公开的部分" in r.content.decode()
    assert client.post(f"/yisqing/staff/{app.pk}/explode/", {}).status_code == 404
    r = client.post("/yisqing/staff/register/", {"agency": agency.pk, "channel": "online", **fields()})
    assert r.status_code == 400 and "收到申请之日" in r.content.decode()
    r = client.post(
        "/yisqing/staff/register/",
        {"agency": agency.pk, "channel": "post_signed", "received_on": "2025-03-03", "pieces": 2, **fields()},
    )
    assert r.status_code == 302 and Application.objects.filter(channel="post_signed", pieces=2).exists()


@pytest.mark.django_db(transaction=True)  # the worker closes its connection, as in production
def test_reminder_task_runs_on_the_database_backend(clerk, agency, mailoutbox):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from gongkai_platform.applications.tasks import send_deadline_reminders

    counter(clerk, agency)  # received 2025-03-03: long overdue today
    call_command("remind_applications")
    assert DBTaskResult.objects.count() == 1
    call_command("db_worker", batch=True, interval=0)
    result = send_deadline_reminders.get_result(DBTaskResult.objects.get().id)
    reminder = [m for m in mailoutbox if "已超期" in m.body]
    assert result.return_value == {"stats": 1} and "已超期：1件" in reminder[0].body


def test_step_notices_and_id_proof_only_for_the_agency(
    client, clerk, agency, other_agency, settings, tmp_path
):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    app = counter(clerk, agency)
    app.id_proof.save("id.png", ContentFile(b"\x89PNG\r\n\x1a\nrest"))
    step = services.request_correction(clerk, app, date(2025, 3, 4), 10, "请写明文号")
    client.force_login(clerk)
    r = client.get(f"/yisqing/staff/{app.pk}/letters/{step.letters.get().pk}.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "补正告知书" in text and "请写明文号" in text and "10个工作日" in text
    assert client.get(f"/yisqing/staff/{app.pk}/id-proof/").status_code == 200
    client.force_login(user("supervisor", other_agency, Role.SUPERVISOR))
    assert client.get(f"/yisqing/staff/{app.pk}/id-proof/").status_code == 404
    assert client.get(f"/yisqing/staff/{app.pk}/").status_code == 200


def test_appeal_pages_register_and_conclude(client, clerk, agency):
    app = counter(clerk, agency)
    client.force_login(clerk)
    client.post(
        f"/yisqing/staff/{app.pk}/appeal/",
        {"group": "suit_direct", "organ": "满洲里市人民法院", "filed_on": "2025-06-01"},
    )
    appeal = app.appeals.get()
    r = client.post(
        f"/yisqing/staff/appeals/{appeal.pk}/conclude/", {"result": "other", "on": "2025-05-01"}, follow=True
    )
    assert "审结日期不能早于" in r.content.decode()
    client.post(f"/yisqing/staff/appeals/{appeal.pk}/conclude/", {"result": "upheld", "on": "2025-08-01"})
    appeal.refresh_from_db()
    assert appeal.result == "upheld" and appeal.concluded_on == date(2025, 8, 1)
    r = client.post(
        f"/yisqing/staff/{app.pk}/appeal/", {"group": "bogus", "organ": "", "filed_on": "x"}, follow=True
    )
    assert "有效的选项" in r.content.decode() and app.appeals.count() == 1
