"""The staff workspace: the role-aware menu and its counts, the shared components (forms, tables), and the
Chinese error pages with DEBUG off."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai_platform.applications.models import Application, CaseState
from gongkai_platform.catalogue import services
from gongkai_platform.catalogue.models import InformationItem
from gongkai_platform.workspace import menu


def entries(built: menu.Menu) -> dict[str, menu.Entry]:
    return {f"{s.label}/{e.label}": e for s in built.sections for e in s.entries}


def application(agency, number, **fields):
    defaults = {
        "applicant_kind": "natural",
        "applicant_name": "张三丰",
        "id_number": "11010519491231002X",
        "phone": "13812345678",
        "description": "2024年本局统计执法检查计划及结果",
        "delivery_form": "electronic",
        "delivery_method": "email",
        "channel": "counter",
        "received_on": date(2026, 11, 2),
    }
    return Application.objects.create(
        agency=agency, tracking_number=f"YSTEST{number:010d}", **defaults | fields
    )


@pytest.fixture
def work(staff, tree, draft, calendar):
    """Stats bureau: 3 drafts, 2 in review (one written 2026-03-02, long past its 20 working days), 1 awaiting
    sign-off; 2 open cases (one past its due date) and 1 closed. The city office has one draft of its own."""
    editor, stats = staff["editor"], tree["stats"]
    today = timezone.localdate()
    for n in range(3):
        draft(editor, stats, title=f"草稿{n}", written_on=today)
    for n in range(2):
        services.submit_for_review(
            editor, draft(editor, stats, title=f"待审{n}", written_on=date(2026, 3, 2))
        )
    signing = services.submit_for_review(editor, draft(editor, stats, title="待签", written_on=today))
    services.approve_review(staff["reviewer"], signing)
    draft(staff["other_editor"], tree["office"], title="办公室草稿", written_on=today)
    application(stats, 1, due_on=today - timedelta(days=1))
    application(stats, 2, due_on=today + timedelta(days=10))
    application(stats, 3, due_on=today - timedelta(days=30), state=CaseState.CLOSED)
    return stats


def test_counts_are_what_waits_for_each_role(staff, work):
    today = timezone.localdate()
    editor = entries(menu.build(staff["editor"], "/staff/", today))
    assert editor["主动公开/草稿"].count == 3
    assert editor["主动公开/待审核"].count is None  # not a reviewer: nothing waits for the editor there
    # both review items were written on 2026-03-02; the draft and sign-off items today
    assert editor["主动公开/超期"].count == 2 and editor["主动公开/超期"].urgent
    assert editor["依申请公开/待办"].count == 2
    assert editor["依申请公开/超期"].count == 1
    assert editor["年度报告/年度报告"].count == 1  # last year's report is not published

    reviewer = entries(menu.build(staff["reviewer"], "/staff/", today))
    assert reviewer["主动公开/待审核"].count == 2 and reviewer["主动公开/草稿"].count is None
    signer = entries(menu.build(staff["signer"], "/staff/", today))
    assert signer["主动公开/待签批"].count == 1


def test_each_role_sees_its_areas(staff, work, admin_user):
    editor = entries(menu.build(staff["editor"]))
    assert "主动公开/起草信息" in editor and "依申请公开/登记申请" in editor
    assert not any(k.startswith(("监督/", "系统管理/")) for k in editor)

    supervisor = entries(menu.build(staff["supervisor"]))
    assert "监督/年报监督" in supervisor and "主动公开/起草信息" not in supervisor
    assert all(e.count is None for k, e in supervisor.items() if not k.startswith("监督/"))

    admin = entries(menu.build(admin_user))
    assert "系统管理/系统管理" in admin and "监督/年报监督" in admin


def test_menu_costs_a_fixed_number_of_queries(staff, work, draft, tree, django_assert_max_num_queries):
    for n in range(20):
        draft(staff["editor"], tree["stats"], title=f"更多草稿{n}")
    with django_assert_max_num_queries(10):
        built = menu.build(staff["editor"], "/staff/")
    assert entries(built)["主动公开/草稿"].count == 23


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/staff/items/?state=draft", "主动公开/草稿"),
        ("/staff/items/?state=draft&page=2&sort=-title", "主动公开/草稿"),
        ("/staff/items/new/", "主动公开/起草信息"),
        ("/staff/", "工作台/工作台"),
        ("/staff/reports/mzl-stats/2025/", "年度报告/年度报告"),
        ("/yisqing/staff/?show=overdue", "依申请公开/超期"),
    ],
)
def test_the_current_entry_is_marked(staff, path, current):
    marked = [k for k, e in entries(menu.build(staff["editor"], path)).items() if e.current]
    assert marked == [current]


def test_a_page_under_an_area_marks_the_area_only(staff):
    built = menu.build(staff["editor"], "/staff/items/12/review/")
    assert not any(e.current for e in entries(built).values())
    assert [s.label for s in built.sections if s.current] == ["主动公开"]


def test_layout_shows_menu_counts_agency_and_roles(client, staff, work):
    client.force_login(staff["editor"])
    page = client.get(reverse("workspace:home")).content.decode()
    assert "满洲里市统计局 · 编辑" in page  # the agency (no short name set) and the role
    assert f'href="{reverse("applications:staff_list")}?show=todo"' in page
    assert 'aria-label="3项待办"' in page  # the drafts count
    assert reverse("accounts:password_change") in page and "退出" in page
    assert reverse("supervision:home") not in page and reverse("admin:index") not in page


# Components ---------------------------------------------------------------------------------------------------


def test_item_list_sorts_and_numbers_its_pages(client, staff, tree, draft):
    for n in (*range(40, 64), *range(40)):  # created out of order
        draft(staff["editor"], tree["stats"], title=f"条目{n:02d}")
    client.force_login(staff["editor"])
    url = reverse("catalogue:item_list")
    first = client.get(url, {"sort": "title"}).context["table"].page
    assert [i.title for i in first.object_list][:2] == ["条目00", "条目01"]
    assert len(first.object_list) == 30 and first.paginator.num_pages == 3
    last = client.get(url, {"sort": "title", "page": 3}).context["table"].page
    assert [i.title for i in last.object_list] == ["条目60", "条目61", "条目62", "条目63"]
    descending = client.get(url, {"sort": "-title"}).context["table"].page
    assert descending.object_list[0].title == "条目63"
    html = client.get(url, {"sort": "title", "state": "draft"}).content.decode()
    assert 'aria-sort="ascending"' in html
    assert 'href="?sort=-title&amp;state=draft"' in html  # the sorted header toggles to descending
    assert 'href="?sort=title&amp;state=draft&amp;page=3"' in html  # a numbered page keeps sort and filter
    assert client.get(url, {"sort": "password"}).context["table"].sort == "-updated"  # unknown: default


def test_failed_form_keeps_input_and_summarises_errors(client, staff, column):
    client.force_login(staff["editor"])
    response = client.post(
        reverse("catalogue:item_create"), {"title": "关于调整办公时间的公告", "body": "正文"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html and "未能提交，请修改以下内容" in html
    assert 'href="#id_column"' in html and 'href="#id_written_on"' in html  # each error links to its field
    assert 'value="关于调整办公时间的公告"' in html  # what was typed survives
    assert 'aria-invalid="true"' in html and 'id="id_column_error"' in html
    assert '<span class="req" aria-hidden="true">*</span>' in html
    assert "---------" not in html and "请选择…" in html
    assert 'placeholder="请输入标题"' in html
    assert not InformationItem.objects.filter(title="关于调整办公时间的公告").exists()


def test_appeals_register_lists_pending_cases(client, staff, tree):
    from gongkai_platform.appeals.models import Appeal

    case = application(tree["stats"], 9, due_on=date(2026, 12, 1))
    Appeal.objects.create(
        application=case, group="review", organ="满洲里市人民政府", filed_on=date(2026, 11, 20)
    )
    client.force_login(staff["editor"])
    html = client.get(reverse("appeals:list")).content.decode()
    assert "满洲里市人民政府" in html and case.tracking_number in html and "尚未审结" in html
    concluded = client.get(reverse("appeals:list"), {"show": "concluded"}).content.decode()
    assert "暂无已审结的案件" in concluded
    other = Client()
    other.force_login(staff["county_editor"])
    assert case.tracking_number not in other.get(reverse("appeals:list")).content.decode()


# Error pages (DEBUG off) --------------------------------------------------------------------------------------


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    return settings


def test_404_is_chinese_and_portal_styled(client, production):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "您访问的页面不存在" in html and "portal/portal.css" in html and "Not Found" not in html


def test_403_explains_the_missing_role(client, production, staff):
    client.force_login(staff["supervisor"])  # supervisors draft nothing
    response = client.get(reverse("catalogue:item_create"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "您没有访问该页面的权限" in html and "您没有起草信息的岗位。" in html


def test_400_for_a_bad_host(client, production):
    response = client.get("/xxgk/", HTTP_HOST="attacker.example")
    assert response.status_code == 400 and "请求无法处理" in response.content.decode()


@pytest.mark.urls("tests.platform.error_urls")
def test_500_is_chinese(production):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500 and "系统暂时出现问题" in response.content.decode()


def test_csrf_failure_page_is_chinese(production, db):
    get_user_model().objects.create_user("clerk", password="correct-horse-battery")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("accounts:login"), {"username": "clerk", "password": "correct-horse-battery"}
    )
    html = response.content.decode()
    assert response.status_code == 403 and "页面已过期，请重新提交" in html and "CSRF" not in html


@pytest.mark.parametrize("role", ["editor", "reviewer", "signer", "supervisor", "admin"])
def test_every_menu_link_opens_for_its_role(client, staff, work, admin_user, role):
    user = admin_user if role == "admin" else staff[role]
    client.force_login(user)
    page = client.get(reverse("workspace:home")).content.decode()
    nav = page[
        page.index('aria-label="工作导航"') : page.index("</nav>", page.index('aria-label="工作导航"'))
    ]
    links = re.findall(r'href="([^"]+)"', nav)
    assert len(links) >= 4
    for link in links:
        response = client.get(
            link.replace("&amp;", "&"), follow=True
        )  # 监督 goes straight to the one dashboard
        assert response.status_code == 200, link
